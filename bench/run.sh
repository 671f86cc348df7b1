#!/usr/bin/env bash
# Runs plaza's benchmarks and prints their figures (recorded in
# bench/README.md).  Usage: bench/run.sh [DATA_DIR]   (default $PLAZA_DATA, else the repository's data/)
# Speed is reported as ratios against baselines measured in the same run.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-${PLAZA_DATA:-data}}
cmake --preset release -DPLAZA_BENCH=ON >/dev/null
cmake --build --preset release >/dev/null
bin=build/release/plaza
b=build/release/bench/bench_pc2023
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== machine"
echo "$(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "== 1. pc2023 pipeline, model work only (target: < 5 ms on one core)"
taskset -c 0 "$b" pipeline scenarios/pc2023.yaml "$data" 101
echo
echo "== 2. one full 'plaza run' of a policy, writing its tables (target: < 100 ms)"
run=("$bin" run scenarios/pc2023.yaml --data "$data" --deterministic --policy baseline)
ms() { # median wall time in ms of N runs of a command
  local n=$1; shift
  local t=()
  for ((i = 0; i < n; i++)); do
    local s=$(date +%s%N); "$@" >/dev/null; local e=$(date +%s%N)
    t+=($(( (e - s) / 1000 )))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]/1000}'
}
full=$(ms 21 "${run[@]}" -o "$tmp/full")
nogroups=$(ms 21 "${run[@]}" -o "$tmp/nat" --no-groups)
start=$(ms 21 "$bin" --version)
echo "  plaza run (national.csv + groups.csv + manifest): $full ms  ($(du -sh "$tmp/full" | cut -f1) written)"
echo "  baseline: the same run without groups.csv:         $nogroups ms"
echo "  baseline: process start (plaza --version):         $start ms"
awk -v f="$full" -v n="$nogroups" -v s="$start" 'BEGIN {
  printf "  ratios: full/no-groups %.2f, full/start %.1f\n", f / n, f / s }'
echo
echo "== 3. 1,000 stochastic replicates of pc2023, 780 weeks (target: < 10 s on 2 cores)"
"$b" replicates scenarios/pc2023.yaml "$data" 1000 1 | tee "$tmp/r1"
"$b" replicates scenarios/pc2023.yaml "$data" 1000 2 | tee "$tmp/r2"
awk '/threads 1 / {t1=$6; c1=$NF} /threads 2 / {t2=$6; c2=$NF}
  END { printf "  speed-up 1->2 threads %.2fx, parallel efficiency %.0f%%; checksums %s\n",
        t1 / t2, 100 * t1 / (2 * t2), (c1 == c2 ? "identical" : "DIFFER") }' "$tmp/r1" "$tmp/r2"
echo
echo "== 4. regional layer, model work only (targets: state-level default < 50 ms; municipal 2006-2024 < 2 s, < 1 GiB)"
r=build/release/bench/bench_regional
taskset -c 0 "$r" scenarios/mexico.yaml "" 11
taskset -c 0 "$r" scenarios/mexico-municipal.yaml "$data" 3 --set start=2006-01-01 --set steps=991
echo "  the fragmentation scenario (5 organisations in 2006 growing to ~150 groups by splits), against the default"
taskset -c 0 "$r" scenarios/fragmentation.yaml "$data" 5
echo
echo "== 5. ensembles of the state-level default (aim: parallel efficiency 1 -> 2 threads >= 90%; memory flat in N)"
n=${PLAZA_BENCH_N:-1000}
for t in 1 2; do
  /usr/bin/time -f "  $n replicates, $t thread(s): %e s, peak memory %M KB" \
    build/release/plaza ensemble -n "$n" -t "$t" --out "$tmp/ens$t" >/dev/null
done
cmp -s "$tmp/ens1/national_summary.csv" "$tmp/ens2/national_summary.csv" \
  && echo "  summaries identical for 1 and 2 threads"
for m in 100 1000; do
  /usr/bin/time -f "  -n $m, 200 weeks: peak memory %M KB" \
    build/release/plaza ensemble -n "$m" -t 2 --set steps=200 --out "$tmp/m$m" >/dev/null
done
