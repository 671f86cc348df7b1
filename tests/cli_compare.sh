#!/usr/bin/env bash
# plaza compare: with common random numbers the 95% interval of a policy's
# effect is narrower than with independent seeds, and both intervals agree
# on the effect's sign; --db records every run of both arms in SQLite,
# paired by replicate to the printed differences, and an unwritable
# database is refused before anything runs.
# Usage: cli_compare.sh PLAZA_BIN SOURCE_DIR DATA_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
bin=$(abs "$1") src=$(abs "$2") data=$(abs "$3")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
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

# --db: every run of both arms, with its arm (point 0 = A, 1 = B), policy
# and replicate; B's replicates R+N..R+2N-1 are the independent seeds
pc=$src/scenarios/pc2023.yaml
out=$("$bin" compare "$pc" --data "$data" --policy baseline \
      --policy double_incapacitation -n 3 -r 2 --db c.db 2>err)
check "compare --db: exit status 0" test $? -eq 0
q() { sqlite3 -separator ' ' c.db "$1"; }
check "compare --db: one experiment, design compare, 2 arms of 3 replicates, seed 1" \
  test "$(q 'SELECT design, points, replicates, seed, policy IS NULL FROM sweeps')" = "compare 2 3 1 1"
check "compare --db: the scenario's SHA-256" \
  test "$(q 'SELECT scenario_sha256 FROM sweeps')" = "$(sha256sum "$pc" | cut -d ' ' -f 1)"
check "compare --db: arm A, baseline, replicates 2..4" \
  test "$(q "SELECT group_concat(replicate) FROM runs WHERE point = 0 AND policy = 'baseline'")" = "2,3,4"
check "compare --db: arm B, double_incapacitation, replicates 2..7" \
  test "$(q "SELECT group_concat(replicate) FROM runs WHERE point = 1 AND policy = 'double_incapacitation'")" = "2,3,4,5,6,7"
check "compare --db: 9 runs, 9 outcomes each" \
  test "$(q 'SELECT count(DISTINCT run_id), count(*) FROM outcomes')" = "9 81"
check "compare --db: the data files" test "$(q 'SELECT count(*) FROM data_files')" = 3
# the printed mean differences, from the database paired by replicate
diff_sql() { # outcome offset: mean of B(replicate + offset) - A(replicate)
  q "SELECT printf('%.1f', avg(ob.value - oa.value))
     FROM runs a JOIN runs b ON b.sweep_id = a.sweep_id AND b.point = 1
                            AND b.replicate = a.replicate + $2
     JOIN outcomes oa ON oa.run_id = a.run_id AND oa.name = '$1'
     JOIN outcomes ob ON ob.run_id = b.run_id AND ob.name = '$1'
     WHERE a.point = 0"
}
line() { echo "$out" | grep "^$1" | sed "s/^$1 *//"; }
read -r m1 _ _ m2 _ _ <<< "$(line 'members at the end')"
read -r d1 _ _ d2 _ _ <<< "$(line 'member deaths')"
read -r h1 _ _ h2 _ _ <<< "$(line 'homicides')"
check "compare --db: members_end paired by replicate = printed mean ($m1)" \
  test "$(diff_sql members_end 0)" = "$m1"
check "compare --db: members_end with independent seeds = printed mean ($m2)" \
  test "$(diff_sql members_end 3)" = "$m2"
check "compare --db: deaths_period = printed member deaths ($d1, $d2)" \
  test "$(diff_sql deaths_period 0) $(diff_sql deaths_period 3)" = "$d1 $d2"
check "compare --db: homicides_period = printed homicides ($h1, $h2)" \
  test "$(diff_sql homicides_period 0) $(diff_sql homicides_period 3)" = "$h1 $h2"
# deterministic: one run per arm
"$bin" compare "$pc" --data "$data" --deterministic --policy baseline \
  --policy half_recruitment --db c.db >/dev/null 2>>err
check "deterministic compare --db: one run per arm, replicates 1" \
  test "$(q 'SELECT replicates, count(*), group_concat(runs.policy) FROM sweeps JOIN runs USING (sweep_id) WHERE sweep_id = 2')" \
  = "1 2 baseline,half_recruitment"
# a database written before runs had a policy column gets one
sqlite3 old.db "CREATE TABLE sweeps (sweep_id INTEGER PRIMARY KEY, created TEXT, plaza_version TEXT, command TEXT, scenario TEXT, scenario_sha256 TEXT, policy TEXT, design TEXT, points INTEGER, replicates INTEGER, seed INTEGER);
CREATE TABLE runs (run_id INTEGER PRIMARY KEY, sweep_id INTEGER REFERENCES sweeps, point INTEGER, replicate INTEGER);
CREATE TABLE parameters (run_id INTEGER REFERENCES runs, name TEXT, value REAL);
CREATE TABLE outcomes (run_id INTEGER REFERENCES runs, name TEXT, value REAL);
INSERT INTO sweeps (design, points, replicates) VALUES ('ensemble', 1, 1);
INSERT INTO runs (sweep_id, point, replicate) VALUES (1, 0, 0);"
"$bin" compare "$pc" --data "$data" --policy baseline --policy half_recruitment \
  -n 2 --set steps=600 --db old.db >/dev/null 2>>err
check "compare --db on an older database: exit 0, policy column added" \
  test "$(sqlite3 old.db "SELECT count(*), count(policy), sum(policy = 'half_recruitment') FROM runs")" = "7|6|4"
check "no sanitizer report" eval '! grep -qE "runtime error|AddressSanitizer|LeakSanitizer" err'
# an unwritable database: exit 2, one message, nothing on stdout, no file
"$bin" compare "$pc" --data "$data" --policy baseline --policy half_recruitment \
  -n 2 --db nowhere/c.db >bad.out 2>bad.err
st=$?
check "compare --db nowhere/c.db: exit 2 with one message naming it, no output" \
  test "$st" -eq 2 -a "$(wc -l <bad.err)" -eq 1 -a ! -s bad.out -a ! -e nowhere \
  -a "$(grep -c 'plaza compare: --db nowhere/c.db: unable to open database file' bad.err)" -eq 1
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
