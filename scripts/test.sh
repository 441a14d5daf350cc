#!/usr/bin/env bash
# The whole test suite: install what is missing, build three configurations and run every ctest
# test in each: Release (gcc -O2), AddressSanitizer + UndefinedBehaviorSanitizer (gcc -O1), and
# Debug with clang (-O0). The determinism tests compare each build's output with the same golden
# sums, so the three must write identical bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh Release build
bash scripts/build.sh Sanitize build-asan
CC=clang bash scripts/build.sh Debug build-clang
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "== ctest: Release =="
ctest --test-dir build --output-on-failure -j "$(nproc)"
echo "== ctest: Sanitize (ASan + UBSan) =="
ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
echo "== ctest: clang -O0 =="
ctest --test-dir build-clang --output-on-failure -j "$(nproc)"
