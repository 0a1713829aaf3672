#!/usr/bin/env bash
# Runs the full test suite as CI does: installs what it lacks, then lint, type check, build and every test
# (unit, component, and end to end in Debian's Chromium).
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure.sh"
cd "$(repo_root)"
ensure_node
ensure_debian_packages pcscd libpcsclite-dev vsmartcard-vpcd pcsc-tools chromium fonts-ipafont-gothic
ensure_npm_packages
rm -f test/artifacts/vitest-results.json
status=0
npm test || status=$?
node scripts/lib/summary.mjs test/artifacts/vitest-results.json
exit $status
