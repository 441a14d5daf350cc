#!/usr/bin/env bash
# Install what mptcpsim needs on Debian 12, only what is missing (quick when nothing is).
# Build: gcc (and clang, which the test suite also builds with), cmake, pkg-config, GLib, GSL,
# json-glib, CUnit. Run time: gnuplot (plots: gnuplot-nox has the pngcairo and svg terminals the
# plot scripts use; the DejaVu fonts they name are installed explicitly, since recommended
# packages are not), tshark (pcap conformance tests), editcap from wireshark-common (tshark pulls
# it in; named so that the inspect tests' dependency is explicit). The cluster tests start their own
# daemons: a one-node Slurm cluster (slurm-wlm, munge) for `sweep --emit slurm`, and sshd
# (openssh-server) for GNU parallel (parallel) over ssh; script (bsdutils) gives the progress-bar
# test a terminal. libclang-rt-14-dev is libFuzzer's runtime for the fuzz target of the clang
# build. Runs as root.
set -euo pipefail

packages=(gcc clang make cmake pkg-config libglib2.0-dev libgsl-dev libjson-glib-dev libcunit1-dev
          gnuplot-nox fonts-dejavu-core tshark wireshark-common libclang-rt-14-dev slurm-wlm munge parallel
          openssh-server openssh-client bsdutils)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; answer no without a prompt.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  # The tests start munged, slurmctld, slurmd and sshd themselves, in folders of their own: keep
  # the packages from starting system-wide copies (as Docker images do with the same file).
  policy=/usr/sbin/policy-rc.d
  made_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    made_policy=1
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$made_policy" ]; then rm -f "$policy"; fi
fi
