#!/usr/bin/env bash
# Script injection through the report (issue 15.1): a run whose scenario
# name, group names and region names hold '</script><script>...' and
# '<img src=x onerror=...>' is reported; the page's file holds none of
# them raw, and in headless Chromium (tests/report/browser.js, KIND
# hostile) no injected script runs (document.body.id unchanged, no
# console marker, no dialog, no injected element) and the names are shown
# as text, at 1366x900 and 390x844.
# Usage: report_security.sh PLAZA_BIN SOURCE_DIR DATA_DIR ARTIFACT_DIR NODE_DIR
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
cat > hostile.yaml <<'YAML'
plaza: 1
name: "</script><script>document.body.id='x';console.log('PWNED-NAME')</script>"
regions:
  list:
    - {code: "01", name: "</script><script>document.body.id='y';console.log('PWNED-REGION')</script>",
       population: 1000000, lon: -104, lat: 20, neighbours: ["02"]}
    - {code: "02", name: "<img src=x onerror=console.log('PWNED-IMG')>",
       population: 2000000, lon: -101, lat: 20, neighbours: ["01"]}
groups:
  list:
    - {name: "</script><script>document.body.id='z';console.log('PWNED-GROUP')</script>",
       home: "01", members: 5000}
    - {name: "<img src=x onerror=console.log('PWNED-IMG2')>", home: "02", members: 3000}
parameters:
  initial_distribution: listed
  steps: 60
timeline:
  - date: 2012-03-04
    leader: {group: "</script><script>document.body.id='z';console.log('PWNED-GROUP')</script>",
             fate: captured, outcome: succession}
  - date: 2012-04-01
    war: {groups: ["</script><script>document.body.id='z';console.log('PWNED-GROUP')</script>",
                   "<img src=x onerror=console.log('PWNED-IMG2')>"], regions: ["01"]}
YAML
"$bin" run hostile.yaml -o h >/dev/null
check "the hostile run is made" grep -q "PWNED-GROUP" h/regions.csv
check "... with a removal of the hostile group in events.csv" grep -q "PWNED-GROUP" h/events.csv
"$bin" report h --data "$data" -o hostile.html >/dev/null
check "plaza report writes the page" test -s hostile.html
check "no raw '<script>document' in the page" bash -c "! grep -q '<script>document' hostile.html"
check "no raw '<img' in the page" bash -c "! grep -qi '<img' hostile.html"
check "exactly the page's own three script elements" \
  test "$(grep -oi '<script' hostile.html | wc -l)" -eq 3
check "playwright-core installed from the lockfile" report_node_setup "$src" "$nd"
if [ -n "${driver:-}" ]; then
  out=$(timeout 120 node "$driver" hostile hostile.html "$art" hostile 2>&1)
  echo "$out"
  pass=$((pass + $(grep -c '^ok - ' <<<"$out")))
  fail=$((fail + $(grep -c '^not ok - ' <<<"$out")))
  grep -q '^ok - ' <<<"$out" || { fail=$((fail + 1)); echo "not ok - the driver ran"; }
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
