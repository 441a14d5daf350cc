#!/usr/bin/env bash
# The main job: install what is missing, build (Release), run the shipped main scenario and write
# its results folder with its plots (RESULTS_DIR/plots: gnuplot scripts, PNG, SVG).
# Usage: bash scripts/main-job.sh [RESULTS_DIR]   (default: results/main)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh Release build
out=${1:-results/main}
./build/mptcpsim run scenarios/probe-two-paths.ini --out "$out" --pcap --plots
echo "main job: results written to $out (summary.json, *.csv, scenario.ini, pcap/, plots/)"
