#!/usr/bin/env bash
# Configure and build one configuration: scripts/build.sh [Release|Debug|Sanitize] [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
type=${1:-Release}
dir=${2:-build}
[ "$type" = Sanitize ] && [ "$dir" = build ] && dir=build-asan
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" ${CC:+-DCMAKE_C_COMPILER="$CC"} >/dev/null
cmake --build "$dir" -j "$(nproc)"
