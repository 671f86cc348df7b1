#!/usr/bin/env bash
# The HTML report in headless Chromium (Debian's chromium, driven by
# playwright-core from tests/report/package-lock.json) at 1366x900 and
# 390x844: no console error, no request but the page itself, every plot
# (fit to INEGI with MAPE and r, homicides, members, deaths, arrests,
# recruits, the policies' difference, largest groups, the map of 32
# states) with bands, event marks, legends, tooltips and captions, and a
# print layout; a page made without boundaries says so.  Screenshots are
# kept in ARTIFACT_DIR (their paths printed).
# Usage: report_page.sh PLAZA_BIN SOURCE_DIR DATA_DIR ARTIFACT_DIR NODE_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
bin=$(abs "$1") src=$(abs "$2") data=$(abs "$3") art=$(abs "$4") nd=$(abs "$5")
. "$src/tests/report/setup.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$art"
cd "$work" || exit 1
pass=0 fail=0
check() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok - $name";
  else fail=$((fail + 1)); echo "not ok - $name"; fi; }
browser() { # KIND PAGE NAME: the driver's checks, counted here
  local out
  out=$(timeout 120 node "$driver" "$1" "$2" "$art" "$3" 2>&1)
  echo "$out"
  pass=$((pass + $(grep -c '^ok - ' <<<"$out")))
  fail=$((fail + $(grep -c '^not ok - ' <<<"$out")))
  grep -q '^ok - ' <<<"$out" || { fail=$((fail + 1)); echo "not ok - $3: the driver ran"; }
}
check "chromium is installed (Debian package chromium)" test -x /usr/bin/chromium
check "node and npm are installed (Debian packages nodejs, npm)" bash -c "command -v node >/dev/null && command -v npm >/dev/null"
check "playwright-core installed from the lockfile" report_node_setup "$src" "$nd"
"$bin" run --set steps=300 --out a >/dev/null &&
"$bin" run --no-groups --set steps=300 --policy half_recruitment --out b >/dev/null &&
"$bin" ensemble -n 4 -t 2 --set steps=300 --out e >/dev/null
start=$(date +%s%N)
"$bin" report a b e --data "$data" -o report.html >/dev/null
check "plaza report writes the page" test -s report.html
echo "# report written in $(( ($(date +%s%N) - start) / 1000000 )) ms, $(stat -c %s report.html) bytes"
"$bin" report a --data "$work/nowhere" -o nomap.html >/dev/null
check "without boundaries the page is still written" test -s nomap.html
if [ -n "${driver:-}" ]; then
  browser full report.html full
  browser nomap nomap.html nomap
fi
"$bin" report nowhere -o r2.html > /dev/null 2> err.txt
check "a missing run directory: exit 2" test $? -eq 2
check "... and no page" test ! -e r2.html
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
