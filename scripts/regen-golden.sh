#!/usr/bin/env bash
# Regenerate tests/golden/*.sha256 from the Release build. Only when a change of output is
# intended: say why in the commit. The golden files make every build (Release, sanitizer, another
# compiler) prove it writes the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh Release build >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./build/mptcpsim run scenarios/probe-two-paths.ini --set simulation.duration=5s --seed 7 --pcap --no-plots --out "$tmp/r" -q
(cd "$tmp/r" && find . -type f ! -name summary.json | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum) \
  > tests/golden/probe-two-paths-5s-seed7.sha256
echo "wrote tests/golden/probe-two-paths-5s-seed7.sha256"
