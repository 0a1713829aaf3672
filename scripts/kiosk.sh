#!/usr/bin/env bash
# Runs the kiosk on this machine: installs what it lacks, builds, serves the page on 127.0.0.1 and opens it
# full screen in Chromium when there is a display. Options are passed on: --config FILE, --port N, --no-browser.
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure.sh"
cd "$(repo_root)"
ensure_node
# The PC/SC service and its headers (for the pcsclite module), the browser, a Japanese font.
# Never vsmartcard-vpcd here: it is a card injector for tests only.
ensure_debian_packages pcscd libpcsclite-dev chromium fonts-ipafont-gothic
ensure_npm_packages
npm run --silent build
exec node dist/cli.mjs kiosk "$@"
