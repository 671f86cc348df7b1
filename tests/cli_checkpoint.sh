#!/usr/bin/env bash
# Checkpoints: a run resumed from a checkpoint writes tables byte-identical
# to the uninterrupted run's; corrupt, foreign, truncated or stale
# checkpoints are refused with exit 2, a clear message and no outputs; a
# checkpoint written with a relative --data resumes from another directory.
# Usage: cli_checkpoint.sh PLAZA_BIN SOURCE_DIR DATA_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
bin=$(abs "$1") src=$(abs "$2") data=$(abs "$3")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
sanitizer() { grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$1"; }

# 1. resume = uninterrupted (embedded default: stochastic, regions)
"$bin" run --checkpoint-at 2015-06-01 --out full >/dev/null 2>err || no "default run with a checkpoint"
"$bin" run --resume full/checkpoint.plz --out resumed >/dev/null 2>>err
same=1
for t in national.csv groups.csv regions.csv events.csv; do cmp -s "full/$t" "resumed/$t" || same=0; done
[ "$same" = 1 ] && ! sanitizer err && ok "default: resumed tables identical to the uninterrupted run's" \
  || no "default: resumed tables differ"

# 1b. with splits: the fragmentation scenario, whose groups multiply
# (new groups, rewired network, shocks) before and after the checkpoint
"$bin" run "$src/scenarios/fragmentation.yaml" --data "$data" --set steps=500 \
  --checkpoint-at 2010-06-01 --out ffull >/dev/null 2>err || no "fragmentation run with a checkpoint"
"$bin" run --resume ffull/checkpoint.plz --out fresumed >/dev/null 2>>err
same=1
for t in national.csv groups.csv regions.csv events.csv; do cmp -s "ffull/$t" "fresumed/$t" || same=0; done
splits_before=$(awk -F, '$4 == "split" && $2 < "2010-06-01"' ffull/events.csv | wc -l)
splits_after=$(awk -F, '$4 == "split" && $2 > "2010-06-01"' ffull/events.csv | wc -l)
[ "$same" = 1 ] && [ "$splits_before" -gt 0 ] && [ "$splits_after" -gt 0 ] && ! sanitizer err \
  && ok "fragmentation: resumed tables identical ($splits_before splits before, $splits_after after)" \
  || no "fragmentation: resumed tables differ (or no splits: $splits_before, $splits_after)"

# 2. pc2023, deterministic, a policy, checkpoint before the policy starts
"$bin" run "$src/scenarios/pc2023.yaml" --data "$data" --deterministic \
  --policy half_recruitment --checkpoint-at 2020-01-01 --out pfull >/dev/null 2>err
"$bin" run --resume pfull/checkpoint.plz --out presumed >/dev/null 2>>err
if cmp -s pfull/national.csv presumed/national.csv && cmp -s pfull/groups.csv presumed/groups.csv \
   && grep -q '"policy": "half_recruitment"' presumed/manifest.json; then
  ok "pc2023 with a policy: resumed tables identical"
else
  no "pc2023 with a policy: resumed tables differ"
fi

refused() { # name expected-fragment args...
  local name=$1 frag=$2; shift 2
  rm -rf out; "$bin" run "$@" --out out >stdout 2>stderr; local st=$?
  if [ "$st" -eq 2 ] && grep -qF -- "$frag" stderr && [ ! -e out/national.csv ] \
     && [ ! -e out/manifest.json ] && ! sanitizer stderr; then
    ok "$name"
  else
    no "$name (status $st: $(head -c 300 stderr))"
  fi
}
# 3. corrupt: one byte changed in the middle
cp full/checkpoint.plz bad.plz
size=$(stat -c %s bad.plz)
printf 'X' | dd of=bad.plz bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
refused "corrupt checkpoint refused" "corrupt checkpoint" --resume bad.plz
# 4. truncated
head -c $((size - 100)) full/checkpoint.plz > short.plz
refused "truncated checkpoint refused" "truncated checkpoint" --resume short.plz
# 5. foreign: not a checkpoint
cp "$src/scenarios/pc2023.yaml" foreign.plz
refused "foreign file refused" "not a plaza checkpoint" --resume foreign.plz
# 6. stale: a data file changed since the checkpoint
mkdir -p data2 && cp -r "$data/pc2023" data2/
sed -i '2s/,13$/,12/; 2s/,13\r$/,12\r/' data2/pc2023/BACRIM2020_Rivals.csv
refused "changed data file refused" "has changed since the checkpoint" \
  --resume pfull/checkpoint.plz --data data2
# 6b. edited and re-hashed: the SHA-256 matches, the header is checked as
#     strictly as a scenario (lines: 7 replicate, 8 step, 9 the first param)
rehash() { # FILE: recomputes the end line over the edited content
  local f=$1 size
  size=$(stat -c %s "$f")
  head -c $((size - 69)) "$f" >"$f.body"
  { cat "$f.body"; printf 'end %s\n' "$(sha256sum "$f.body" | cut -c1-64)"; } >"$f"
  rm -f "$f.body"
}
edited() { # name expected-fragment sed-script
  cp full/checkpoint.plz edited.plz && sed -i "$3" edited.plz && rehash edited.plz
  refused "$1" "$2" --resume edited.plz
}
edited "re-hashed replicate -1 refused" \
  "edited.plz:7: replicate: must be an integer in [0, 4294967295], got '-1'" '7s/^replicate .*/replicate -1/'
edited "re-hashed replicate 2^32 refused" \
  "edited.plz:7: replicate: must be an integer in [0, 4294967295], got '4294967296'" '7s/^replicate .*/replicate 4294967296/'
edited "re-hashed non-numeric step refused" \
  "edited.plz:8: step: must be an integer in [0, 4294967295], got '12x'" '8s/^step .*/step 12x/'
edited "re-hashed step past the end refused" \
  "edited.plz:8: step: must be in [0, 1095] (the scenario's steps), got 5000" '8s/^step .*/step 5000/'
edited "re-hashed unknown parameter refused" \
  "edited.plz:9: param: unknown parameter 'frobnicate'" '9s/^param [a-z_]*=/param frobnicate=/'
edited "re-hashed hex-float parameter refused" \
  "edited.plz:10: param steps=0x1p-3: must be an integer, got '0x1p-3'" '10s/^param steps=.*/param steps=0x1p-3/'
edited "re-hashed format version refused" \
  "edited.plz:1: checkpoint format 'PLAZA-CHECKPOINT 2' is not supported" '1s/^PLAZA-CHECKPOINT 1$/PLAZA-CHECKPOINT 2/'
edited "re-hashed bad scenario hash refused" \
  "edited.plz:4: scenario_sha256: expected 64 hexadecimal digits" '4s/^scenario_sha256 ./scenario_sha256 Z/'
# 7. --resume with scenario options
refused "--resume with --set refused" "--resume takes the scenario" \
  --resume full/checkpoint.plz --set steps=5
refused "missing checkpoint" "cannot open checkpoint" --resume nowhere.plz
refused "bad --checkpoint-at date" "--checkpoint-at: expected a date" --checkpoint-at 2015-13-01

# 8. a checkpoint written with a relative --data records the directory's
#    absolute path, so it resumes from another working directory
mkdir -p rel/data rel/run elsewhere/deeper && cp -r "$data/pc2023" rel/data/
(cd rel/run && env -u PLAZA_DATA "$bin" run "$src/scenarios/pc2023.yaml" --data ../data \
  --checkpoint-at 2016-01-01 --out full >/dev/null 2>../../err) || no "run with a relative --data"
recorded=$(grep -a -m 1 '^data_dir ' rel/run/full/checkpoint.plz)
[ "$recorded" = "data_dir $(realpath rel/data)" ] && ok "checkpoint records the data directory's absolute path" \
  || no "checkpoint records '$recorded', not 'data_dir $(realpath rel/data)'"
(cd elsewhere/deeper && env -u PLAZA_DATA "$bin" run --resume ../../rel/run/full/checkpoint.plz \
  --out resumed >/dev/null 2>>../../err)
st=$?
same=1
for t in national.csv groups.csv; do
  cmp -s "rel/run/full/$t" "elsewhere/deeper/resumed/$t" || same=0
done
[ "$st" -eq 0 ] && [ "$same" = 1 ] && ! sanitizer err \
  && ok "resumed from another directory without --data: tables identical" \
  || no "resumed from another directory (status $st: $(head -c 300 err))"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
