#!/usr/bin/env bash
# plaza compare: with common random numbers the 95% interval of a policy's
# effect is narrower than with independent seeds, and both intervals agree
# on the effect's sign.  Usage: cli_compare.sh PLAZA_BIN SOURCE_DIR DATA_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
bin=$1 src=$2 data=$3
pass=0 fail=0
out=$("$bin" compare "$src/scenarios/pc2023.yaml" --data "$data" \
      --policy baseline --policy double_incapacitation -n 30 2>&1)
status=$?
check() { # name condition...
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); echo "ok - $name"
  else fail=$((fail + 1)); echo "not ok - $name"; echo "$out" | sed 's/^/# /'; fi
}
check "exit status 0" test "$status" -eq 0
line=$(echo "$out" | grep '^members at the end')
# fields: members at the end MEAN +- HALF MEAN +- HALF
read -r m1 h1 m2 h2 <<< "$(echo "$line" | awk '{print $5, $7, $8, $10}')"
narrower() { awk -v a="$h1" -v b="$h2" 'BEGIN { exit !(a > 0 && a < b) }'; }
negative() { awk -v a="$m1" -v b="$m2" 'BEGIN { exit !(a < 0 && b < 0) }'; }
check "CRN interval ($h1) narrower than independent seeds' ($h2)" narrower
check "both estimate fewer members under double incapacitation" negative
# the interval narrows as the replicates grow (about 1/sqrt(N))
h10=$("$bin" compare "$src/scenarios/pc2023.yaml" --data "$data" --policy baseline \
      --policy half_recruitment -n 10 | awk '/^members at the end/ {print $7}')
h40=$("$bin" compare "$src/scenarios/pc2023.yaml" --data "$data" --policy baseline \
      --policy half_recruitment -n 40 | awk '/^members at the end/ {print $7}')
narrows() { awk -v a="$h40" -v b="$h10" 'BEGIN { exit !(a > 0 && a < b) }'; }
check "interval narrows from 10 ($h10) to 40 replicates ($h40)" narrows
bad=$("$bin" compare "$src/scenarios/pc2023.yaml" --data "$data" --policy baseline 2>&1)
check "one policy only: exit 2" test $? -eq 2
check "one policy only: says so" grep -q "give two policies" <<< "$bad"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
