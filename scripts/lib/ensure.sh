# Shared by scripts/kiosk.sh and scripts/test.sh: make sure Node, Debian packages and npm packages are there.
set -euo pipefail

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

ensure_node() {
  if ! command -v node >/dev/null 2>&1; then
    echo "Node.js 20.19 or newer is needed: install it (e.g. 'apt-get install -y nodejs npm' on Debian 13, or from nodejs.org) and run this again." >&2
    exit 1
  fi
  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "Node.js $(node --version) is too old: 20.19 or newer is needed." >&2
    exit 1
  fi
}

# ensure_debian_packages pkg... : installs what is missing when root, otherwise prints the command and stops.
ensure_debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "These Debian/Ubuntu packages are needed but this system has no apt-get: ${missing[*]}" >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages. Run this as root, then run this script again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Installs npm packages exactly as locked, when node_modules is missing or older than the lock file.
ensure_npm_packages() {
  local root
  root="$(repo_root)"
  if [ ! -f "$root/node_modules/.package-lock.json" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    echo "Installing npm packages (npm ci)…"
    (cd "$root" && npm ci --no-audit --no-fund)
  fi
}
