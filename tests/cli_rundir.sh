#!/usr/bin/env bash
# Run directories appear whole (docs/OUTPUTS.md, Run directories): a run
# killed at any step of its commit (the test hook PLAZA_TEST_RUNDIR_FAULT)
# leaves the old complete directory or the new complete one, never a mix;
# a failed run leaves no directory, no temporary and the old one intact;
# the next run clears a killed run's staging directory.  A directory
# holding other files is written in place, and there a manifest means a
# complete set.
# Usage: cli_rundir.sh PLAZA_BIN
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
bin=$(abs "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
pass=0 fail=0
check() { # name condition...
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); echo "ok - $name"
  else fail=$((fail + 1)); echo "not ok - $name"; fi
}
tables="national.csv groups.csv regions.csv events.csv government.csv payroll.csv"
sums() { (cd "$1" && sha256sum $tables 2>/dev/null); }
run() { "$bin" run --set steps="$1" -o "$2" >/dev/null 2>&1; }
run 30 old || exit 1
run 40 new || exit 1
old_sums=$(sums old) new_sums=$(sums new)
# old or new, whole: the tables' sums and the manifest's steps agree
whole() { # DIR
  local s; s=$(sums "$1")
  if [ "$s" = "$old_sums" ]; then grep -q '"steps": 30' "$1/manifest.json"
  elif [ "$s" = "$new_sums" ]; then grep -q '"steps": 40' "$1/manifest.json"
  else return 1; fi
}
nohidden() { [ -z "$(ls -A | grep '^\.')" ]; }
# the commit's steps: the 7 tables' renames, the swap, the old one's removal
for n in 1 2 3 4 5 6 7 8 9; do
  # replacing an old run directory
  rm -rf d; cp -a old d
  PLAZA_TEST_RUNDIR_FAULT=kill:$n "$bin" run --set steps=40 -o d >/dev/null 2>&1
  st=$?
  check "kill at step $n: killed (status $st)" test "$st" -eq 137
  check "kill at step $n: the old or the new directory, whole" whole d
  run 40 d
  check "kill at step $n: the next run clears the staging directory" nohidden
  check "kill at step $n: the next run writes the new directory" \
    test "$(sums d)" = "$new_sums"
  # a new directory
  rm -rf e
  PLAZA_TEST_RUNDIR_FAULT=kill:$n "$bin" run --set steps=40 -o e >/dev/null 2>&1
  check "kill at step $n, new directory: none or the new one, whole" \
    eval '[ ! -e e ] || whole e'
  run 40 e; rm -rf e
  # a failure leaves the old directory, or no directory, and no temporary
  rm -rf d; cp -a old d
  PLAZA_TEST_RUNDIR_FAULT=fail:$n "$bin" run --set steps=40 -o d >/dev/null 2>&1
  st=$?
  if [ "$n" -le 8 ]; then
    check "fail at step $n: exit 1, the old directory intact, no temporary" \
      eval '[ "$st" -eq 1 ] && [ "$(sums d)" = "$old_sums" ] && nohidden'
    PLAZA_TEST_RUNDIR_FAULT=fail:$n "$bin" run --set steps=40 -o f >/dev/null 2>&1
    check "fail at step $n, new directory: no directory, no temporary" \
      eval '[ ! -e f ] && nohidden'
  fi
done
# in place: a directory with other files keeps them; a manifest means whole
for n in 1 3 7 8; do
  rm -rf g; cp -a old g; echo mine > g/notes.txt
  PLAZA_TEST_RUNDIR_FAULT=kill:$n "$bin" run --set steps=40 -o g >/dev/null 2>&1
  check "in place, kill at step $n: no manifest, or a whole set" \
    eval '[ ! -e g/manifest.json ] || whole g'
  run 40 g
  check "in place, kill at step $n: the next run is whole and keeps notes.txt" \
    eval 'whole g && [ "$(sums g)" = "$new_sums" ] && [ "$(cat g/notes.txt)" = mine ]'
done
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
