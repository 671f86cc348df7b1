#!/usr/bin/env bash
# Instructions executed by whole `plaza run`s, counted by valgrind's
# callgrind: repeatable to a few parts in a million whatever else the
# machine does, so two builds can be compared on a loaded machine where
# times cannot.  With two binaries, prints each run's counts and their
# ratio (B / A).
#   bench/instructions.sh PLAZA_A [PLAZA_B] [DATA_DIR]
# e.g. build the commit before a change in a worktree (release preset)
# and compare its build/release/plaza with this tree's.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=${2:-} data=${3:-${PLAZA_DATA:-data}}
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count() { # BINARY ARGS...: instructions of one run
  local bin=$1
  shift
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$bin" "$@" \
    --out "$tmp/run" >/dev/null 2>"$tmp/cg.err"
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/cg.err"
}
mun=(scenarios/mexico-municipal.yaml --data "$data" --set steps=300 --no-groups)
cases=(
  "default, stochastic|run --seed 1"
  "default, deterministic|run --deterministic"
  "municipal, stochastic, 300 weeks|run ${mun[*]}"
  "municipal, deterministic, 300 weeks|run ${mun[*]} --deterministic"
  "pc2023, deterministic|run scenarios/pc2023.yaml --data $data --deterministic"
)
printf '%-36s %15s %15s %8s\n' run A B B/A
for c in "${cases[@]}"; do
  name=${c%%|*}
  read -r -a args <<<"${c#*|}"
  ia=$(count "$a" "${args[@]}")
  if [ -n "$b" ]; then
    ib=$(count "$b" "${args[@]}")
    printf '%-36s %15s %15s %8.4f\n' "$name" "$ia" "$ib" "$(echo "$ib / $ia" | bc -l)"
  else
    printf '%-36s %15s\n' "$name" "$ia"
  fi
done
