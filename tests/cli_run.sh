#!/usr/bin/env bash
# cli_run.sh - end-to-end checks of 'plaza run': reproducibility, the shape
# of the tables, the manifest, atomic output and the embedded default.
#
# Usage: tests/cli_run.sh PLAZA_BIN SOURCE_DIR DATA_DIR
# Prints 'ok N - name' or 'not ok N - name: why' per check, then
# 'N passed, M failed'; exits 1 if any check failed, 2 on a usage error.
# Every plaza invocation runs with PLAZA_DATA unset unless a check sets it,
# and fails its check if stderr holds a sanitizer report.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
shopt -s nullglob dotglob globstar

if [ $# -ne 3 ]; then
    echo "usage: $0 PLAZA_BIN SOURCE_DIR DATA_DIR" >&2
    exit 2
fi

absolute() {
    case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "$1" ;;
    esac
}

PLAZA=$(absolute "$1")
SRC=$(absolute "$2")
DATA=$(absolute "$3")
PC=$SRC/scenarios/pc2023.yaml
TIMEOUT=${PLAZA_TEST_TIMEOUT:-300}

for f in "$PLAZA" "$PC" "$DATA/pc2023/BACRIM2020_Nodes.csv"; do
    if [ ! -e "$f" ]; then
        echo "$0: $f not found" >&2
        exit 2
    fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/plaza-run.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/log" "$TMP/cwd"
cd "$TMP/cwd" || exit 2

n=0
passed=0
failed=0
calls=0
why=""

add() { why="${why:+$why; }$1"; }

result() { # result NAME: reports the check and resets why
    n=$((n + 1))
    if [ -z "$why" ]; then
        passed=$((passed + 1))
        echo "ok $n - $1"
    else
        failed=$((failed + 1))
        echo "not ok $n - $1: $why"
    fi
    why=""
}

sanitizer_check() { # sanitizer_check STDERR_FILE WHAT
    if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer' "$1"; then
        add "sanitizer report in $2: $(grep -m 1 -E 'runtime error|Sanitizer' "$1" | cut -c 1-200)"
    fi
}

# pz [NAME=VALUE...] ARGS...: runs plaza ARGS in $TMP/cwd, PLAZA_DATA unset
# (leading NAME=VALUE words set variables); needs exit status 0.  The
# output is in $last.out and $last.err.
pz() {
    local -a envs=()
    while [ $# -gt 0 ] && [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; do
        envs+=("$1")
        shift
    done
    calls=$((calls + 1))
    last=$TMP/log/$calls
    env -u PLAZA_DATA ${envs[@]+"${envs[@]}"} timeout -s KILL "$TIMEOUT" \
        "$PLAZA" "$@" >"$last.out" 2>"$last.err" </dev/null
    local rc=$?
    sanitizer_check "$last.err" "'plaza $*'"
    if [ "$rc" -ne 0 ]; then
        add "'plaza $*' exited with $rc: $(head -n 1 "$last.err" | cut -c 1-200)"
        return 1
    fi
    return 0
}

sha() { sha256sum "$1" | cut -d ' ' -f 1; }

# same A B WHAT: files A and B are byte-identical and not empty
same() {
    if [ ! -s "$1" ] || [ ! -s "$2" ]; then
        add "$3: missing or empty"
    elif [ "$(sha "$1")" != "$(sha "$2")" ]; then
        add "$3 differ"
    fi
}

# differ A B WHAT: files A and B both exist and differ
differ() {
    if [ ! -s "$1" ] || [ ! -s "$2" ]; then
        add "$3: missing or empty"
    elif [ "$(sha "$1")" = "$(sha "$2")" ]; then
        add "$3 are identical"
    fi
}

# has FILE STRING WHAT: FILE contains STRING (a fixed string)
has() {
    if [ ! -f "$1" ]; then
        add "$3: $(basename "$1") missing"
    elif ! grep -qF -- "$2" "$1"; then
        add "$3: $(basename "$1") lacks '$2'"
    fi
}

NAT_HEAD='step,date,members,recruits,arrests,deaths,exits,groups,homicides'
GRP_HEAD='step,date,group,members,recruits,arrests,deaths,exits'

# --- (a) the same seed and replicate give the same bytes

for r in 1 2; do
    pz run "$PC" --data "$DATA" --stochastic --seed 42 --replicate 3 --out a-pc-$r
done
same a-pc-1/national.csv a-pc-2/national.csv national.csv
same a-pc-1/groups.csv a-pc-2/groups.csv groups.csv
has a-pc-1/manifest.json '"mode": "stochastic"' "stochastic mode"
result "same seed and replicate: identical tables (pc2023, stochastic, --data)"

for r in 1 2; do
    pz run --stochastic --seed 42 --replicate 3 --out a-def-$r
done
same a-def-1/national.csv a-def-2/national.csv national.csv
same a-def-1/groups.csv a-def-2/groups.csv groups.csv
result "same seed and replicate: identical tables (embedded default)"

# the default seed (no --seed) is reproducible too
pz run "$PC" --data "$DATA" --stochastic --no-groups --out a-pc-noseed-1
pz run "$PC" --data "$DATA" --stochastic --no-groups --out a-pc-noseed-2
same a-pc-noseed-1/national.csv a-pc-noseed-2/national.csv national.csv
result "the scenario's own seed: identical tables (pc2023)"

# --- (b) other replicates and other seeds give other numbers

pz run "$PC" --data "$DATA" --stochastic --seed 42 --replicate 4 --out b-pc-rep4
differ a-pc-1/national.csv b-pc-rep4/national.csv "national.csv of replicates 3 and 4"
result "different replicates: national.csv differ (pc2023)"

pz run "$PC" --data "$DATA" --stochastic --seed 43 --replicate 3 --out b-pc-seed43
differ a-pc-1/national.csv b-pc-seed43/national.csv "national.csv of seeds 42 and 43"
result "different seeds: national.csv differ (pc2023)"

pz run --stochastic --seed 42 --replicate 4 --out b-def-rep4
differ a-def-1/national.csv b-def-rep4/national.csv "national.csv of replicates 3 and 4"
pz run --stochastic --seed 43 --replicate 3 --out b-def-seed43
differ a-def-1/national.csv b-def-seed43/national.csv "national.csv of seeds 42 and 43"
result "different replicates and seeds: national.csv differ (embedded default)"

# --- (c) the deterministic pc2023 baseline: shape of the tables

if pz run "$PC" --data "$DATA" --deterministic --policy baseline --out c-base; then
    nat=c-base/national.csv grp=c-base/groups.csv
    [ "$(head -n 1 "$nat")" = "$NAT_HEAD" ] ||
        add "national.csv header is '$(head -n 1 "$nat")'"
    rows=$(($(wc -l <"$nat") - 1))
    [ "$rows" -eq 781 ] || add "national.csv has $rows data rows (expected 781)"
    if [ "$(tail -n +2 "$nat" | cut -d , -f 1)" != "$(seq 0 780)" ]; then
        add "national.csv steps are not 0..780 in order"
    fi
    if ! head -n 2 "$nat" | tail -n 1 | grep -q '^0,2012-01-01,115000,0,0,0,0,150,0$'; then
        add "national.csv step 0 is '$(head -n 2 "$nat" | tail -n 1)' (expected 0,2012-01-01,115000,0,0,0,0,150,0)"
    fi
    if grep -qE '(^|,)(NA|Inf|-?nan|-?inf)(,|$)' "$nat"; then
        add "national.csv has a non-finite value"
    fi
    case $(head -n 1 "$grp") in
    'step,date,group,members'*) ;;
    *) add "groups.csv header is '$(head -n 1 "$grp")'" ;;
    esac
    [ "$(head -n 1 "$grp")" = "$GRP_HEAD" ] ||
        add "groups.csv header is not '$GRP_HEAD'"
    grows=$(($(wc -l <"$grp") - 1))
    [ "$grows" -eq $((781 * 150)) ] ||
        add "groups.csv has $grows data rows (expected 781 x 150 = $((781 * 150)))"
    has c-base/manifest.json '"mode": "deterministic"' "deterministic mode"
fi
result "deterministic pc2023 baseline: 781 rows (steps 0..780) and the table headers"

# --- (d) the manifest names the scenario, seed, replicate and policy

if pz run "$PC" --data "$DATA" --seed 7 --replicate 5 --policy half_recruitment --out d-man; then
    m=d-man/manifest.json
    has "$m" "\"sha256\": \"$(sha "$PC")\"" "scenario sha256"
    has "$m" "\"source\": \"$PC\"" "scenario source"
    has "$m" '"name": "pc2023"' "scenario name"
    has "$m" '"seed": 7,' "seed"
    has "$m" '"replicate": 5' "replicate"
    has "$m" '"policy": "half_recruitment"' "policy"
    has "$m" '"policy_start_step": 520' "policy start"
    has "$m" '"groups": 150' "group count"
    for f in Nodes Rivals Alliances; do
        p=$DATA/pc2023/BACRIM2020_$f.csv
        has "$m" "{\"path\": \"$p\", \"sha256\": \"$(sha "$p")\"}" "data file $f"
    done
fi
result "manifest.json: scenario sha256 = sha256sum of the file, seed, replicate, policy, data files"

if pz run --out d-def; then
    m=d-def/manifest.json
    pz show-default && cp "$last.out" default.yaml
    has "$m" "\"sha256\": \"$(sha default.yaml)\"" "embedded scenario sha256 (of 'plaza show-default')"
    has "$m" '"source": "<embedded>/mexico.yaml"' "embedded source"
    has "$m" '"policy": null' "no policy"
    has "$m" '"replicate": 0' "replicate 0 by default"
    has "$m" '"data_files": []' "no data files"
fi
result "manifest.json of the embedded default: sha256 of 'plaza show-default', no policy, no data files"

# --- (e) a run killed mid-way leaves no table under its real name

kill_run() { # kill_run DIR: a long pc2023 run killed after a second
    local rc
    # the braces' 2>/dev/null hides bash's "Killed" notice, not plaza's stderr
    {
        timeout -s KILL 1 env -u PLAZA_DATA "$PLAZA" run "$PC" --data "$DATA" \
            --set steps=100000 --out "$1" >"$TMP/log/kill.out" 2>"$TMP/log/kill.err" </dev/null
        rc=$?
    } 2>/dev/null
    sanitizer_check "$TMP/log/kill.err" "the killed run"
    if [ "$rc" -ne 137 ]; then
        add "the long run was not killed (exit status $rc)"
    elif ! compgen -G ".$1.tmp-*/.national.csv.tmp*" >/dev/null; then
        # the tables are written into a staging directory beside DIR
        # (docs/OUTPUTS.md, Run directory)
        add "the run was killed before it wrote anything (no .$1.tmp-*/.national.csv.tmp*)"
    fi
}
kill_run e-kill
for f in national.csv groups.csv manifest.json; do
    if [ -e "e-kill/$f" ] || [ -L "e-kill/$f" ]; then
        add "e-kill/$f exists"
    fi
done
[ ! -e e-kill ] || add "e-kill exists"
result "a run killed mid-way leaves no national.csv, groups.csv or manifest.json, no directory"

# over a finished run: the earlier tables stay whole
if pz run "$PC" --data "$DATA" --set steps=52 --out e-over; then
    before=$(cat e-over/national.csv e-over/groups.csv e-over/manifest.json | sha256sum)
    kill_run e-over
    after=$(cat e-over/national.csv e-over/groups.csv e-over/manifest.json 2>/dev/null | sha256sum)
    [ "$before" = "$after" ] || add "the earlier run's tables changed"
fi
result "a run killed over an earlier run leaves the earlier tables intact"

# --- (f) --set overrides show in the manifest

if pz run "$PC" --data "$DATA" --set recruitment_rate=0.001 --set steps=10 \
    --set incapacitation_mode=proportional --set start=2015-06-01 --seed 9 \
    --deterministic --no-groups --out f-set; then
    m="f-set/manifest.json"
    has "$m" '"recruitment_rate": 0.001,' "recruitment_rate"
    has "$m" '"steps": 10,' "steps"
    has "$m" '"incapacitation_mode": "proportional",' "incapacitation_mode"
    has "$m" '"start": "2015-06-01",' "start"
    has "$m" '"seed": 9,' "seed"
    has "$m" '"mode": "deterministic",' "mode"
    has "$m" '"tables": ["national.csv"]' "tables without groups.csv"
    [ ! -e f-set/groups.csv ] || add "--no-groups wrote groups.csv"
    rows=$(($(wc -l <f-set/national.csv) - 1))
    [ "$rows" -eq 11 ] || add "national.csv has $rows data rows (expected 11 for steps=10)"
    head -n 2 f-set/national.csv | tail -n 1 | grep -q '^0,2015-06-01,' ||
        add "step 0 is not dated 2015-06-01"
fi
result "--set overrides show in manifest.json and in the tables"

# --- (g) no scenario: the embedded default, with no data directory

if pz run --out g-def; then
    for f in national.csv groups.csv manifest.json; do
        [ -s "g-def/$f" ] || add "g-def/$f missing or empty"
    done
    [ "$(head -n 1 g-def/national.csv)" = "$NAT_HEAD" ] ||
        add "national.csv header is '$(head -n 1 g-def/national.csv)'"
    grep -q '^plaza run: ' "$last.out" || add "no summary line on stdout"
fi
# and a bad PLAZA_DATA does not matter to it
pz PLAZA_DATA=/nonexistent run --out g-def-env && same g-def/national.csv g-def-env/national.csv "national.csv with PLAZA_DATA=/nonexistent"
result "plaza run with no scenario uses the embedded default, PLAZA_DATA unset"

# --- (h) the data directory plaza finds by itself (data/README.md):
# --data, else PLAZA_DATA, else the source tree's data/ for this build

# manifest_data RUN_DIR DIR WHAT: RUN_DIR's manifest names the pc2023
# files of DIR with their SHA-256
manifest_data() {
    for f in Nodes Rivals Alliances; do
        has "$1/manifest.json" "{\"path\": \"$2/pc2023/BACRIM2020_$f.csv\", \"sha256\": \"$(sha "$SRC/data/pc2023/BACRIM2020_$f.csv")\"}" "$3 data file $f"
    done
}
if pz run "$PC" --set steps=4 --deterministic --no-groups --out h-none; then
    manifest_data h-none "$SRC/data" "no --data, no PLAZA_DATA:"
fi
if pz PLAZA_DATA= run "$PC" --set steps=4 --deterministic --no-groups --out h-empty; then
    manifest_data h-empty "$SRC/data" "PLAZA_DATA empty:"
fi
result "no --data and no PLAZA_DATA: pc2023 reads the source tree's data/, recorded in the manifest"

mkdir -p h-copy && cp -r "$SRC/data/pc2023" h-copy/
if pz PLAZA_DATA="$PWD/h-copy" run "$PC" --set steps=4 --deterministic --no-groups --out h-env; then
    manifest_data h-env "$PWD/h-copy" "PLAZA_DATA:"
fi
if pz PLAZA_DATA=/nonexistent run "$PC" --data "$PWD/h-copy" --set steps=4 --deterministic --no-groups --out h-opt; then
    manifest_data h-opt "$PWD/h-copy" "--data over PLAZA_DATA:"
fi
same h-none/national.csv h-env/national.csv "national.csv of the found data/ and of PLAZA_DATA"
result "PLAZA_DATA over the found data/, --data over PLAZA_DATA"

pz fit -n 1 --threads 1 && has "$last.out" "MAPE" "plaza fit with no data directory given"
result "plaza fit finds INEGI's homicides with no --data"

if pz report h-none -o h-map.html && pz report h-none --data= -o h-nomap.html; then
    has h-map.html '"type":"Topology","objects"' "the report with no --data: the map's boundaries"
    ! grep -qF '"type":"Topology"' h-nomap.html || add "the report with --data= (none) has a map"
fi
result "plaza report draws the map with no --data (and none with --data=)"

# the default output directory is ./plaza-out
if pz run --set steps=4 --no-groups; then
    if [ ! -s plaza-out/national.csv ] || [ ! -s plaza-out/manifest.json ]; then
        add "no plaza-out/national.csv and manifest.json in the working directory"
    fi
fi
result "plaza run writes ./plaza-out by default"

# the embedded default read from disk is the same scenario
if [ -f "$SRC/scenarios/mexico.yaml" ]; then
    if pz run "$SRC/scenarios/mexico.yaml" --out g-file; then
        same g-def/national.csv g-file/national.csv "national.csv of the embedded default and scenarios/mexico.yaml"
    fi
    if [ "$(sha default.yaml)" != "$(sha "$SRC/scenarios/mexico.yaml")" ]; then
        add "'plaza show-default' differs from scenarios/mexico.yaml (rebuild?)"
    fi
    result "scenarios/mexico.yaml on disk gives the embedded default's results"
fi

# the help of one command: its summary line and options, not the others
for c in run fit calibrate ensemble; do
    if pz help "$c"; then
        has "$last.out" "plaza $c [SCENARIO]" "plaza help $c"
        has "$last.out" "Options of $c:" "plaza help $c"
        for other in run fit calibrate ensemble; do
            if [ "$other" != "$c" ] && grep -qF "Options of $other:" "$last.out"; then
                add "plaza help $c shows the options of $other"
            fi
        done
    fi
    if pz "$c" --help; then
        same "$TMP/log/$((calls - 1)).out" "$last.out" "plaza help $c and plaza $c --help"
    fi
done
result "plaza help COMMAND and COMMAND --help show that command's help"

# no hidden temporaries after successful runs
left=()
for p in ./**/.*.tmp*; do
    case $p in ./.e-kill.tmp* | ./.e-over.tmp*) ;; *) left+=("$p") ;; esac
done
if [ "${#left[@]}" -gt 0 ]; then
    add "temporaries left by finished runs: ${left[*]}"
fi
result "finished runs leave no hidden temporaries"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
