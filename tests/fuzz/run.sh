#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan, UBSan) and
# runs each for SECONDS (default 60) from its seed corpus in
# tests/fuzz/corpus/TARGET/, failing on any crash, leak, timeout or
# undefined behaviour.  New inputs go to build/fuzz/work/TARGET/ (the
# corpus in the repository is only read); a failing input is saved as
# build/fuzz/artifacts/TARGET-crash-... .  Prints one line of figures per
# target (executions, exec/s, coverage, features, peak RSS).
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]     (default: every target)
#
# CI (.ci/run) runs it after the test suite.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/deps.sh
plaza_deps "${PLAZA_FUZZ_PKGS[@]}"

secs=${1:-60}
shift || true
all=(scenario set date checkpoint pc2023 states municipalities prewar places)
targets=("${@:-${all[@]}}")
[ $# -gt 0 ] || targets=("${all[@]}")

# the largest input worth trying: the shipped scenarios are up to 45 kB,
# checkpoints of the seed scenarios 13 kB, data snippets 2 kB
max_len() {
  case $1 in
    scenario) echo 65536 ;;
    checkpoint) echo 32768 ;;
    date) echo 64 ;;
    set) echo 1024 ;;
    *) echo 8192 ;;
  esac
}

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz >/dev/null

out=build/fuzz
mkdir -p "$out/artifacts" "$out/logs"
status=0
printf '%-15s %10s %8s %6s %7s %6s  %s\n' target execs exec/s cov ft rss_mb result
for t in "${targets[@]}"; do
  bin=$out/tests/fuzz/fuzz_$t
  [ -x "$bin" ] || { echo "no fuzz target '$t'" >&2; exit 2; }
  mkdir -p "$out/work/$t"
  log=$out/logs/$t.log
  rc=0
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" -max_total_time="$secs" -max_len="$(max_len "$t")" -timeout=20 \
      -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$out/artifacts/$t-" \
      "$out/work/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  result=ok
  if [ $rc -ne 0 ]; then
    result="FAILED ($rc): $log"
    status=1
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -5 >&2 || true
  fi
  printf '%-15s %10s %8s %6s %7s %6s  %s\n' "$t" "$(stat number_of_executed_units)" \
    "$(stat average_exec_per_sec)" "${cov:-?}" "${ft:-?}" "$(stat peak_rss_mb)" "$result"
done
exit $status
