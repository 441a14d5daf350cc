#!/usr/bin/env bash
# The main job: install what is missing, build (Release), run the shipped main scenario
# (scenarios/siri-walkaway.ini: Siri queries while the user walks out of Wi-Fi range and back) under
# every way of using two radios this build can run, print the side-by-side table and write one
# results folder per mode, with its plots (RESULTS_DIR/MODE/plots: gnuplot scripts, PNG, SVG).
# Usage: bash scripts/main-job.sh [RESULTS_DIR]   (default: results/main)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh Release build
out=${1:-results/main}
./build/mptcpsim compare scenarios/siri-walkaway.ini --out "$out"
echo "main job: results written to $out (compare.csv; per mode MODE/summary.json, MODE/siri_siri.csv, MODE/scenario.ini, MODE/plots/)"
