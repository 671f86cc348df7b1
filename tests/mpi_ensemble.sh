#!/usr/bin/env bash
# An ensemble spread over 1, 2 and 4 MPI ranks (oversubscribed on this
# machine) and over 1 and 2 threads without MPI: byte-identical summaries.
# Usage: mpi_ensemble.sh PLAZA_BIN MPIEXEC
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
bin=$1 mpiexec=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
pass=0 fail=0
args=(ensemble -n 10 --set steps=150)
"$bin" "${args[@]}" -t 1 --out "$work/t1" >/dev/null
"$bin" "${args[@]}" -t 2 --out "$work/t2" >/dev/null
for k in 1 2 4; do
  "$mpiexec" --oversubscribe -n "$k" "$bin" "${args[@]}" -t 1 --out "$work/r$k" \
    >/dev/null 2>"$work/err$k"
done
for d in t2 r1 r2 r4; do
  for t in national_summary.csv regions_summary.csv; do
    if cmp -s "$work/t1/$t" "$work/$d/$t"; then
      pass=$((pass + 1)); echo "ok - $d $t identical to 1 thread"
    else
      fail=$((fail + 1)); echo "not ok - $d $t differs"; cat "$work/err${d#r}" 2>/dev/null
    fi
  done
done
# a database that process 0 cannot open stops every rank (no rank left
# waiting for the others), with exit status 2 and no outputs
timeout -s KILL 120 "$mpiexec" --oversubscribe -n 2 "$bin" "${args[@]}" -t 1 \
  --db "$work/nowhere/e.db" --out "$work/nodb" >/dev/null 2>"$work/errdb"
st=$?
if [ "$st" -eq 2 ] && [ ! -e "$work/nodb" ] && grep -q 'unable to open database file' "$work/errdb"; then
  pass=$((pass + 1)); echo "ok - 2 ranks, unopenable --db: all stop, exit 2, no outputs"
else
  fail=$((fail + 1)); echo "not ok - 2 ranks, unopenable --db: status $st"; head -5 "$work/errdb"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
