#!/usr/bin/env bash
# The whole test suite: install what is missing, build Release and the AddressSanitizer +
# UndefinedBehaviorSanitizer configuration, and run every ctest test in both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh Release build
bash scripts/build.sh Sanitize build-asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "== ctest: Release =="
ctest --test-dir build --output-on-failure -j "$(nproc)"
echo "== ctest: Sanitize (ASan + UBSan) =="
ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
