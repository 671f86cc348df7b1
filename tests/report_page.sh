#!/usr/bin/env bash
# The HTML report in headless Chromium: the page loads with no console
# error, its two plots and the map (32 states, coloured) are drawn, the
# year slider is there, and a screenshot is taken and is not blank.
# Usage: report_page.sh PLAZA_BIN SOURCE_DIR DATA_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
bin=$(abs "$1") data=$(abs "$3")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
pass=0 fail=0
check() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok - $name";
  else fail=$((fail + 1)); echo "not ok - $name"; fi; }
chrome=$(command -v chromium || command -v chromium-browser || true)
check "chromium is installed (Debian package chromium)" test -n "$chrome"
"$bin" run --no-groups --set steps=300 --out a >/dev/null &&
"$bin" run --no-groups --set steps=300 --policy half_recruitment --out b >/dev/null &&
"$bin" ensemble -n 4 -t 2 --set steps=300 --out e >/dev/null &&
"$bin" report a b e --data "$data" -o report.html >/dev/null
check "plaza report writes the page" test -s report.html
if [ -n "$chrome" ]; then
  flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
         --disable-background-networking --disable-component-update --disable-sync
         --user-data-dir="$work/profile" --enable-logging=stderr --v=0
         --window-size=900,1600)
  timeout 120 "$chrome" "${flags[@]}" --dump-dom "file://$work/report.html" \
    > dom.html 2> console.log
  timeout 120 "$chrome" "${flags[@]}" --screenshot="$work/shot.png" \
    "file://$work/report.html" >/dev/null 2>> console.log
  check "no console error" bash -c "! grep -E 'CONSOLE.*(Uncaught|Error)|Uncaught' console.log"
  check "members plot drawn" grep -q 'id="members-svg"' dom.html
  check "homicides plot drawn" grep -q 'id="homicides-svg"' dom.html
  check "three series in a plot" test "$(grep -o 'class="line"' dom.html | wc -l)" -ge 6
  check "ensemble bands drawn" grep -q 'class="band"' dom.html
  check "map with the 32 states" test "$(grep -o 'class="state"' dom.html | wc -l)" -eq 32
  check "states coloured" grep -q 'class="state" d="M[^"]*" fill="#' dom.html
  check "year slider" grep -q 'id="year"' dom.html
  check "screenshot taken" test "$(stat -c %s shot.png 2>/dev/null || echo 0)" -gt 20000
fi
"$bin" report nowhere -o r2.html > /dev/null 2> err.txt
check "a missing run directory: exit 2" test $? -eq 2
check "... and no page" test ! -e r2.html
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
