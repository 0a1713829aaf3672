#!/usr/bin/env bash
# Runs the full test suite as CI does: installs what it lacks, then lint, type check, build and every test
# (unit, component, and end to end in Debian's Chromium).
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure.sh"
cd "$(repo_root)"
ensure_node
ensure_debian_packages pcscd libpcsclite-dev vsmartcard-vpcd pcsc-tools chromium fonts-ipafont-gothic
ensure_npm_packages
# vsmartcard-vpcd listens on 35963-35964, inside Linux's ephemeral port range: after the tests' many loopback
# connections, one of them (or its TIME_WAIT) can hold 35963, and pcscd then comes up without the virtual
# reader ("Address already in use"). Keep the kernel from handing these ports out.
reserved=/proc/sys/net/ipv4/ip_local_reserved_ports
if [ -w "$reserved" ]; then
  case ",$(cat "$reserved")," in
    *,35963-35964,*) ;;
    ,,) echo 35963-35964 > "$reserved" ;;
    *) echo "$(cat "$reserved"),35963-35964" > "$reserved" ;;
  esac
else
  echo "note: cannot reserve ports 35963-35964 for vpcd (as root: sysctl -w net.ipv4.ip_local_reserved_ports=35963-35964)" >&2
fi
rm -f test/artifacts/vitest-results.json
status=0
npm test || status=$?
node scripts/lib/summary.mjs test/artifacts/vitest-results.json
exit $status
