#!/usr/bin/env bash
# The example programs of examples/ run, and print what the command prints:
# run_default's yearly members and homicides are those of `plaza run`'s
# national.csv, and ensemble's run directory is byte-identical to that of
# `plaza ensemble` with the same replicates; its band is ordered.
# Usage: examples.sh RUN_DEFAULT_BIN ENSEMBLE_BIN PLAZA_BIN
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
run_default=$(abs "$1") ensemble=$(abs "$2") bin=$(abs "$3")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
unset PLAZA_DATA
pass=0 fail=0
check() { # name condition...
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); echo "ok - $name"
  else fail=$((fail + 1)); echo "not ok - $name"; fi
}

# 1. run_default: a header and one row per year 2006..2026, equal to the
#    members at each year's last step and the sum of its weeks' homicides
#    in `plaza run`'s national.csv (replicate 0 of the same scenario).
"$run_default" >rd.csv 2>rd.err
check "run_default: exit 0" test $? -eq 0
check "run_default: nothing on stderr" test ! -s rd.err
check "run_default: the header" test "$(head -n 1 rd.csv)" = "year,members,homicides"
check "run_default: 21 rows, one per year" test "$(tail -n +2 rd.csv | wc -l)" -eq 21
check "run_default: the years 2006 to 2026 in order" \
  test "$(tail -n +2 rd.csv | cut -d, -f1 | tr '\n' ' ')" = "$(seq -s ' ' 2006 2026) "
"$bin" run -o run >/dev/null 2>&1
check "plaza run: exit 0" test $? -eq 0
awk -F, 'NR > 2 { y = substr($2, 1, 4); m[y] = $3; h[y] += $9 }
         END { for (y in m) printf "%s,%.0f,%.0f\n", y, m[y], h[y] }' \
  run/national.csv | sort >expect.csv
check "run_default: the rows of plaza run's national.csv" \
  diff -u expect.csv <(tail -n +2 rd.csv)

# 2. ensemble: 4 replicates; the run directory's tables are those of plaza
#    ensemble -n 4, and each year's band is q05 <= q50 <= q95, wider than a
#    point somewhere (the replicates differ).
"$ensemble" ens 4 >ens.csv 2>ens.err
check "ensemble: exit 0" test $? -eq 0
check "ensemble: nothing on stderr" test ! -s ens.err
check "ensemble: the header" \
  test "$(head -n 1 ens.csv)" = "year,members_q05,members_q50,members_q95"
check "ensemble: 21 rows, one per year" test "$(tail -n +2 ens.csv | wc -l)" -eq 21
check "ensemble: q05 <= q50 <= q95 in every row" \
  awk -F, 'NR > 1 && !($2 <= $3 && $3 <= $4) { bad = 1 } END { exit bad }' ens.csv
check "ensemble: a band of some width" \
  awk -F, 'NR > 1 && $2 < $4 { wide = 1 } END { exit !wide }' ens.csv
"$bin" ensemble -n 4 -t 1 -o cli >/dev/null 2>&1
check "plaza ensemble: exit 0" test $? -eq 0
for t in national_summary.csv regions_summary.csv; do
  check "ensemble: $t as plaza ensemble's" cmp -s ens/$t cli/$t
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
