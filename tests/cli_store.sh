#!/usr/bin/env bash
# The SQLite store under concurrent use (docs/OUTPUTS.md, Concurrent use):
# two sweeps and an ensemble writing one database at once, while a reader
# holds a read transaction, all succeed and the database holds all their
# runs; a writer that cannot get the lock within the busy timeout fails
# with exit status 1 (a runtime failure, not bad input) and a message
# naming the database and what to do.
# Usage: cli_store.sh PLAZA_BIN
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
q() { sqlite3 runs.db "$1"; }

# the database exists (as a first writer leaves it) before the reader opens it
"$bin" sweep --param recruitment_rate=0.001:0.002 -k 2 --set steps=20 \
  -t 1 --db runs.db >/dev/null 2>&1
# a reader holding a read transaction for 8 seconds
{ echo "BEGIN; SELECT count(*) FROM runs;"; sleep 8; echo "COMMIT;"; } |
  sqlite3 runs.db >reader.out 2>reader.err &
reader=$!
sleep 0.5
"$bin" sweep --param recruitment_rate=0.001:0.002 -k 5 -n 20 --set steps=150 \
  -t 1 --db runs.db >s1.out 2>s1.err &
s1=$!
"$bin" sweep --param conflict_rate=1e-8:2e-8 --design grid -k 4 -n 20 \
  --set steps=150 -t 1 --db runs.db >s2.out 2>s2.err &
s2=$!
"$bin" ensemble -n 40 --set steps=150 -t 1 --db runs.db -o ens \
  >e.out 2>e.err &
e=$!
wait $s1; st1=$?
wait $s2; st2=$?
wait $e; ste=$?
wait $reader; str=$?
check "first sweep succeeds while others write" test "$st1" -eq 0
check "second sweep succeeds" test "$st2" -eq 0
check "ensemble succeeds" test "$ste" -eq 0
check "reader's transaction succeeds" test "$str" -eq 0 -a ! -s reader.err
cat s1.err s2.err e.err reader.err | sed 's/^/# /'
check "the database holds every run: 2 + 100 + 80 + 40" \
  test "$(q 'SELECT count(*) FROM runs')" = 222
check "each experiment its runs, and finished" \
  test "$(q "SELECT group_concat(n, ' ') FROM (SELECT count(r.run_id) AS n FROM sweeps s LEFT JOIN runs r USING (sweep_id) WHERE s.finished IS NOT NULL GROUP BY s.sweep_id ORDER BY n)")" = "2 40 80 100"
check "six outcomes per run" \
  test "$(q 'SELECT count(*) FROM outcomes')" = $((222 * 6))
check "the database is in WAL mode" test "$(q 'PRAGMA journal_mode')" = wal

# a writer holding the lock past the busy timeout: exit 1, not 2
{ echo "BEGIN IMMEDIATE; INSERT INTO data_files VALUES (0, 'x', 'y');";
  sleep 4; echo "ROLLBACK;"; } | sqlite3 runs.db &
holder=$!
sleep 0.5
t0=$(date +%s)
PLAZA_DB_TIMEOUT=1 "$bin" sweep --param recruitment_rate=0.001:0.002 -k 2 \
  --set steps=20 -t 1 --db runs.db >l.out 2>l.err
stl=$?
t1=$(date +%s)
wait $holder
sed 's/^/# /' l.err
check "a database locked past the timeout: exit status 1" test "$stl" -eq 1
check "its message names the database and says what to do" \
  grep -q "runs.db: the database is locked by another process (waited 1 s).*run again" l.err
check "it waited about the timeout, not the holder's 4 s" test $((t1 - t0)) -le 3
check "nothing of it recorded" test "$(q 'SELECT count(*) FROM runs')" = 222
# after the holder is gone, the same command succeeds
PLAZA_DB_TIMEOUT=1 "$bin" sweep --param recruitment_rate=0.001:0.002 -k 2 \
  --set steps=20 -t 1 --db runs.db >/dev/null 2>&1
check "after the lock is released the same sweep succeeds" \
  test "$(q 'SELECT count(*) FROM runs')" = 224
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
