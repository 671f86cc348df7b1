#!/usr/bin/env bash
# cli_bad_input.sh - runs the bad-input corpus (tests/bad/cases.txt) against
# the plaza command and checks that every case is refused properly: exit
# status 2, exactly one line on stderr containing the expected fragments,
# nothing on stdout, no sanitizer report, and nothing left in the output
# directory (no tables, no manifest, no hidden temporaries).
#
# Usage: tests/cli_bad_input.sh PLAZA_BIN SOURCE_DIR DATA_DIR [NAME_GLOB]
#   NAME_GLOB runs only the cases whose name matches it (default: all).
# Prints 'ok N - name' or 'not ok N - name: why' per case, then
# 'N passed, M failed'; exits 1 if any case failed, 2 on a usage error.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
shopt -s nullglob dotglob globstar

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
    echo "usage: $0 PLAZA_BIN SOURCE_DIR DATA_DIR [NAME_GLOB]" >&2
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
ONLY=${4:-*}
BAD=$SRC/tests/bad
MANIFEST=$BAD/cases.txt
TIMEOUT=${PLAZA_TEST_TIMEOUT:-120}

for f in "$PLAZA" "$MANIFEST" "$DATA/pc2023/BACRIM2020_Nodes.csv"; do
    if [ ! -e "$f" ]; then
        echo "$0: $f not found" >&2
        exit 2
    fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/plaza-bad.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT

# --- helpers for the prep field (see tests/bad/cases.txt)

# use_data: a writable copy of the real pc2023 data set in ./broken/pc2023.
use_data() {
    mkdir -p broken && cp -R "$DATA/pc2023" broken/ && chmod -R u+w broken
}

# cut_at FILE LINE N: keeps lines 1..LINE-1 and the first N bytes of LINE.
cut_at() {
    local f=$1 line=$2 bytes=$3
    { head -n "$((line - 1))" "$f" && head -n "$line" "$f" | tail -n 1 | head -c "$bytes"; } \
        >"$f.cut" && mv "$f.cut" "$f"
}

# edit_line FILE LINE OLD NEW: replaces the first OLD (a fixed string) on
# line LINE of FILE with NEW; fails if OLD is not there.
edit_line() {
    local f=$1 line=$2 old=$3 new=$4 l
    local -a lines
    mapfile -t lines <"$f" || return 1
    l=${lines[line - 1]-}
    case $l in
    *"$old"*) ;;
    *)
        echo "edit_line: '$old' not on line $line of $f" >&2
        return 1
        ;;
    esac
    lines[line - 1]=${l/"$old"/$new}
    printf '%s\n' "${lines[@]}" >"$f"
}

# set_field FILE LINE COL VALUE: sets field COL (from 1) of line LINE of
# FILE, a line without quoted fields; keeps a CRLF line end.
set_field() {
    local f=$1 line=$2 col=$3 value=$4 l cr="" IFS=,
    local -a lines fields
    mapfile -t lines <"$f" || return 1
    l=${lines[line - 1]-}
    case $l in *$'\r') cr=$'\r' l=${l%$'\r'} ;; esac
    case $l in *'"'*)
        echo "set_field: line $line of $f has quotes" >&2
        return 1
        ;;
    esac
    read -r -a fields <<<"$l,"
    if [ "$col" -gt "${#fields[@]}" ]; then
        echo "set_field: line $line of $f has ${#fields[@]} fields" >&2
        return 1
    fi
    fields[col - 1]=$value
    lines[line - 1]="${fields[*]}$cr"
    printf '%s\n' "${lines[@]}" >"$f"
}

trim() {
    local s=$1
    s=${s#"${s%%[![:space:]]*}"}
    s=${s%"${s##*[![:space:]]}"}
    printf '%s' "$s"
}

expand() {
    local s=$1
    s=${s//@BAD@/$BAD}
    s=${s//@DATA@/$DATA}
    s=${s//@SRC@/$SRC}
    printf '%s' "$s"
}

# one line of stderr, shortened, for the reason of a failure
first_line() {
    local l
    l=$(head -n 1 "$1" | cut -c 1-300)
    printf '%s' "${l:-<empty>}"
}

n=0
passed=0
failed=0
seen=" "
lineno=0

result() { # result NAME WHY  (WHY empty: ok)
    n=$((n + 1))
    if [ -z "$2" ]; then
        passed=$((passed + 1))
        echo "ok $n - $1"
    else
        failed=$((failed + 1))
        echo "not ok $n - $1: $2"
    fi
}

while IFS= read -r raw || [ -n "$raw" ]; do
    lineno=$((lineno + 1))
    case $(trim "$raw") in
    '' | '#'*) continue ;;
    esac
    IFS='|' read -r -a field <<<"$raw"
    name=$(trim "${field[0]}")
    if [ "${#field[@]}" -lt 4 ]; then
        result "${name:-line $lineno}" "cases.txt:$lineno: expected 'name | prep | args | fragment'"
        continue
    fi
    # shellcheck disable=SC2254
    case $name in
    $ONLY) ;;
    *) continue ;;
    esac
    case $seen in
    *" $name "*)
        result "$name" "cases.txt:$lineno: duplicate case name"
        continue
        ;;
    esac
    seen="$seen$name "
    prep=$(trim "${field[1]}")
    args=$(trim "${field[2]}")
    frags=()
    for ((i = 3; i < ${#field[@]}; i++)); do
        fr=$(trim "${field[i]}")
        [ -n "$fr" ] && frags+=("$(expand "$fr")")
    done
    if [ "${#frags[@]}" -eq 0 ]; then
        result "$name" "cases.txt:$lineno: no expected fragment"
        continue
    fi

    case_dir=$TMP/$((n + 1))-$name
    work=$case_dir/work
    out=$work/out
    mkdir -p "$work"

    # build the broken inputs
    if [ -n "$prep" ]; then
        (
            cd "$work" || exit 1
            set -e
            eval "$prep"
        ) >"$case_dir/prep.log" 2>&1
        prc=$?
        if [ "$prc" -ne 0 ]; then
            result "$name" "prep failed ($prc): $(first_line "$case_dir/prep.log")"
            continue
        fi
    fi

    # the command line: leading NAME=VALUE words are the environment
    read -r -a words <<<"$args"
    envs=()
    argv=()
    for w in "${words[@]}"; do
        w=$(expand "$w")
        if [ "${#argv[@]}" -eq 0 ] && [[ $w =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then
            envs+=("$w")
        else
            argv+=("$w")
            if [ "${#argv[@]}" -eq 1 ] && { [ "$w" = run ] || [ "$w" = policies ]; }; then
                argv+=(--out "$out")
            fi
        fi
    done

    (
        cd "$work" &&
            exec env -u PLAZA_DATA ${envs[@]+"${envs[@]}"} \
                timeout -s KILL "$TIMEOUT" "$PLAZA" ${argv[@]+"${argv[@]}"}
    ) >"$case_dir/stdout" 2>"$case_dir/stderr" </dev/null
    rc=$?
    err=$case_dir/stderr

    why=""
    add() { why="${why:+$why; }$1"; }
    if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer' "$err"; then
        add "sanitizer report: $(grep -m 1 -E 'runtime error|Sanitizer' "$err" | cut -c 1-200)"
    fi
    if [ "$rc" -ne 2 ]; then
        if [ "$rc" -eq 137 ]; then
            add "timed out after ${TIMEOUT}s"
        else
            add "exit status $rc (expected 2)"
        fi
    fi
    nlines=$(grep -c '' "$err")
    nl=$(wc -l <"$err")
    if [ "$nlines" -ne 1 ] || [ "$nl" -ne 1 ]; then
        add "stderr has $nlines line(s) (expected one message ending in a newline)"
    elif ! grep -qE '^plaza( [a-z-]+)?: ' "$err"; then
        add "message does not start with 'plaza: ' or 'plaza COMMAND: '"
    fi
    for fr in "${frags[@]}"; do
        if ! grep -qF -- "$fr" "$err"; then
            add "stderr lacks '$fr'"
        fi
    done
    if [ -s "$case_dir/stdout" ]; then
        add "wrote on stdout: $(first_line "$case_dir/stdout")"
    fi
    entries=("$out"/*)
    if [ "${#entries[@]}" -gt 0 ]; then
        add "left in the output directory: ${entries[*]##*/}"
    fi
    left=()
    for p in "$work"/**; do
        case ${p##*/} in
        national.csv | groups.csv | manifest.json | .*.tmp* | plaza-out)
            left+=("${p#"$work"/}")
            ;;
        esac
    done
    if [ "${#left[@]}" -gt 0 ]; then
        add "left behind: ${left[*]}"
    fi
    case $why in
    *"stderr lacks"* | *"line(s)"* | *"does not start"*)
        why="$why; stderr was: $(first_line "$err")"
        ;;
    esac
    result "$name" "$why"
done <"$MANIFEST"

if [ "$n" -eq 0 ]; then
    echo "no case matched '$ONLY'" >&2
    failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
