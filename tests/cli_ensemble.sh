#!/usr/bin/env bash
# plaza ensemble end to end: a deterministic ensemble runs the model once
# (with a note on stderr) and its summaries are that run's values; the
# manifest and the database record the scenario's and the data files'
# SHA-256, checked against sha256sum.
# Usage: cli_ensemble.sh PLAZA_BIN SOURCE_DIR DATA_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
bin=$(abs "$1") src=$(abs "$2") data=$(abs "$3")
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
sanitizer() { grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$@"; }
pc=$src/scenarios/pc2023.yaml

# 1. A deterministic ensemble (--deterministic) runs once: one note on
#    stderr, "replicates": 1 in the manifest, one run in the database, and
#    mean = every quantile = the value of plaza run on every row.
"$bin" ensemble "$pc" --data "$data" --deterministic --set steps=60 -n 7 \
  --db det.db -o det >det.out 2>det.err
check "deterministic ensemble: exit 0" test $? -eq 0
check "deterministic ensemble: one line on stderr, the note" \
  test "$(wc -l <det.err)" -eq 1 -a "$(grep -c 'note: a deterministic ensemble has one distinct replicate, so the model ran once, not 7 times' det.err)" -eq 1
check "deterministic ensemble: stdout says 1 replicate" grep -q ', 1 replicate on ' det.out
check "deterministic ensemble: manifest records 1 replicate" grep -q '"replicates": 1,' det/manifest.json
check "deterministic ensemble: one run in the database" \
  test "$(sqlite3 det.db 'SELECT replicates, count(*) FROM sweeps JOIN runs USING (sweep_id)')" = "1|1"
"$bin" run "$pc" --data "$data" --deterministic --set steps=60 -o detrun >/dev/null 2>>det.err
same_as_run() { # mean = q05 = ... = q95, and = national.csv's value
  awk -F, 'NR == FNR { if (FNR > 1) for (k = 3; k <= 9; k++) v[$1 "," k] = $k; next }
    FNR == 1 { split("members,recruits,arrests,deaths,exits,groups,homicides", names, ",");
               for (k in names) col[names[k]] = k + 2; next }
    { rows++
      for (k = 5; k <= 9; k++) if ($k != $4) { print "row " FNR ": quantiles differ from the mean"; exit 1 }
      x = v[$1 "," col[$3]]; d = x - $4; if (d < 0) d = -d
      if (d > 1e-6 * (x < 0 ? -x : x) + 1e-6) { print "row " FNR ": " $4 " vs run " x; exit 1 } }
    END { if (rows != 61 * 7) { print rows " rows"; exit 1 } }' detrun/national.csv det/national_summary.csv
}
check "deterministic ensemble: mean = quantiles = plaza run's values" same_as_run
# a scenario whose own mode is deterministic, no option
"$bin" show-default | sed 's/^  mode: stochastic$/  mode: deterministic/' >det.yaml
"$bin" ensemble det.yaml --set steps=30 -n 3 -t 1 -o det2 >det2.out 2>det2.err
check "scenario in deterministic mode: manifest records 1 replicate" \
  grep -q '"replicates": 1,' det2/manifest.json
check "scenario in deterministic mode: the note" grep -q 'one distinct replicate, so the model ran once, not 3 times' det2.err
# a stochastic ensemble is unchanged: N replicates, no note
"$bin" ensemble --set steps=30 -n 3 -t 1 -o sto >sto.out 2>sto.err
check "stochastic ensemble: N replicates, nothing on stderr" \
  test "$(grep -c '"replicates": 3,' sto/manifest.json)" -eq 1 -a ! -s sto.err

# 2. The manifest of an ensemble records the scenario's and every data
#    file's SHA-256, as plaza run's does; so does the database of a sweep.
sha() { sha256sum "$1" | cut -d ' ' -f 1; }
has_file() { # manifest path
  grep -qF "{\"path\": \"$2\", \"sha256\": \"$(sha "$2")\"}" "$1"
}
"$bin" ensemble "$pc" --data "$data" -n 2 --set steps=5 -o pcens >/dev/null 2>hash.err
check "pc2023 ensemble: scenario's SHA-256" \
  grep -qF "\"sha256\": \"$(sha "$pc")\"}" pcens/manifest.json
for f in BACRIM2020_Nodes.csv BACRIM2020_Rivals.csv BACRIM2020_Alliances.csv; do
  check "pc2023 ensemble: data file $f and its SHA-256" has_file pcens/manifest.json "$data/pc2023/$f"
done
"$bin" ensemble "$src/tests/bad/regions-data.yaml" --data "$data" -n 2 --set steps=3 \
  -o rgens >/dev/null 2>>hash.err
for f in state2020.csv mun2020.csv state_adjacency.csv places.csv; do
  check "regional ensemble: data file mexico/$f and its SHA-256" has_file rgens/manifest.json "$data/mexico/$f"
done
json_ok() { # files... (JSON checked by SQLite's json_valid)
  local f
  for f in "$@"; do
    [ "$(sqlite3 :memory: "SELECT json_valid(readfile('$f'))")" = 1 ] || return 1
  done
}
check "ensemble manifests are JSON" json_ok pcens/manifest.json rgens/manifest.json sto/manifest.json
"$bin" sweep "$pc" --data "$data" --deterministic --set steps=5 \
  --param recruitment_rate=0.001:0.002 -k 2 --db sweep.db >/dev/null 2>>hash.err
check "sweep database: the data files' SHA-256" test \
  "$(sqlite3 sweep.db "SELECT sha256 FROM data_files WHERE sweep_id = 1 AND path = '$data/pc2023/BACRIM2020_Rivals.csv'")" \
  = "$(sha "$data/pc2023/BACRIM2020_Rivals.csv")"
check "sweep database: three data files" \
  test "$(sqlite3 sweep.db 'SELECT count(*) FROM data_files')" = 3

# 3. the database records the policy of each run (runs.policy)
"$bin" ensemble "$pc" --data "$data" --policy half_recruitment -n 3 --set steps=5 \
  --db pol.db -o polens >/dev/null 2>>hash.err
check "ensemble --db --policy: every run records the policy" \
  test "$(sqlite3 pol.db "SELECT s.policy, count(*), sum(r.policy = 'half_recruitment') FROM sweeps s JOIN runs r USING (sweep_id)")" \
  = "half_recruitment|3|3"
check "no sanitizer report" eval '! sanitizer det.err det2.err sto.err hash.err'

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
