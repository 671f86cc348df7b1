#!/usr/bin/env bash
# cli_commands.sh - every command of the table answers for itself: for each
# command that 'plaza --help' lists, 'plaza CMD --help' exits 0 with its
# usage (the same text as 'plaza help CMD'), every option its help lists
# is taken (with '--help' after it, so nothing runs), and an unknown option
# is refused with exit status 2 and one line on stderr; and a table
# printed with --csv is the one written with -o.
#
# Usage: tests/cli_commands.sh PLAZA_BIN
# Prints 'ok N - name' or 'not ok N - name: why' per check, then
# 'N passed, M failed'; exits 1 if any check failed, 2 on a usage error.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 PLAZA_BIN" >&2
    exit 2
fi
case $1 in /*) PLAZA=$1 ;; *) PLAZA=$PWD/$1 ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/plaza-cmds.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 2

n=0
passed=0
failed=0
why=""
add() { why="${why:+$why; }$1"; }
result() {
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

# pz EXPECTED_STATUS ARGS...: runs plaza; output in out and err
pz() {
    local want=$1 rc
    shift
    env -u PLAZA_DATA "$PLAZA" "$@" >out 2>err </dev/null
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        add "plaza $* exited $rc, expected $want ($(head -c 200 err))"
        return 1
    fi
}

# the commands: the lines of 'plaza --help' after "Commands:" up to a blank
if pz 0 --help; then
    mapfile -t commands < <(sed -n '/^Commands:/,/^$/{s/^  \([a-z-]*\) .*/\1/p}' out)
    [ "${#commands[@]}" -ge 10 ] || add "plaza --help lists ${#commands[@]} commands"
else
    commands=()
fi
result "plaza --help lists the commands"

pz 2 || true
[ -s err ] || add "plaza with no command printed nothing on stderr"
result "plaza with no command exits 2"

for c in "${commands[@]}"; do
    if pz 0 "$c" --help; then
        head -n 1 out | grep -q "^Usage: plaza $c" || add "first line: $(head -n 1 out)"
        [ -s err ] && add "stderr: $(head -n 1 err)"
        cp out help.txt
        if pz 0 help "$c"; then
            cmp -s out help.txt || add "'plaza help $c' differs from '$c --help'"
        fi
    fi
    result "plaza $c --help"

    if pz 2 "$c" --no-such-option; then
        [ "$(grep -c '' err)" -eq 1 ] || add "stderr has $(grep -c '' err) lines"
        grep -qF "plaza $c: unknown option '--no-such-option'" err ||
            add "stderr: $(head -n 1 err)"
        [ -s out ] && add "stdout: $(head -n 1 out)"
    fi
    result "plaza $c refuses an unknown option"

    # every option in the help is taken: flags alone, others with a value
    # (--NAME=1 is a valid value for all of them)
    while IFS= read -r line; do
        opt=$(sed -n 's/^  \(-[a-zA-Z0-9], \|    \)\(--[a-z0-9-]*\).*/\2/p' <<<"$line")
        [ -n "$opt" ] && [ "$opt" != --help ] || continue
        if [[ $line =~ ^\ \ (-[a-zA-Z0-9],\ |\ \ \ \ )--[a-z0-9-]+\ [A-Z] ]]; then
            pz 0 "$c" "$opt=1" --help || true
        else
            pz 0 "$c" "$opt" --help || true
        fi
    done <help.txt
    result "plaza $c takes every option its help lists"
done

# an option of another command does not apply
if pz 2 run --markdown; then
    grep -qF "plaza run: option --markdown does not apply to run" err ||
        add "stderr: $(head -n 1 err)"
fi
result "an option of another command does not apply"

# --csv prints the table -o writes, to the byte: the library's one writer,
# with NA for the effects no replicate estimates (no removal in 104 weeks;
# a run shorter than twice the longest window is refused)
if pz 0 event-study -n 2 --threads 1 --set steps=104 -o es --csv; then
    cmp -s out es/event_study.csv || add "stdout differs from es/event_study.csv"
    grep -q '^treated,all,26,0,0,NA,NA,NA$' out || add "stdout: $(sed -n 2p out)"
fi
result "plaza event-study --csv prints the table -o writes"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
