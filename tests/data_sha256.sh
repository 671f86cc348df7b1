#!/usr/bin/env bash
# data/README.md's SHA-256 table against the files: every file below data/
# (but the README itself) has a row, every row names a file, and each
# file's sha256sum equals its row's, so that the table cannot drift.
# Usage: data_sha256.sh DATA_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
dir=$1
readme=$dir/README.md
fail=0
no() { echo "not ok - $*"; fail=1; }
[ -f "$readme" ] || { no "$readme: no README"; exit 1; }
# the rows between the markers: | `FILE` | `SHA256` |
table=$(sed -n '/<!-- BEGIN sha256 -->/,/<!-- END sha256 -->/p' "$readme" |
        sed -n 's/^| `\([^`]*\)` | `\([0-9a-f]\{64\}\)` |$/\2  \1/p')
[ -n "$table" ] || no "$readme: no SHA-256 rows between the markers"
listed=$(printf '%s\n' "$table" | awk '{ print $2 }' | sort)
present=$(cd "$dir" && find . -type f ! -path ./README.md | sed 's|^\./||' | sort)
missing=$(comm -13 <(printf '%s\n' "$listed") <(printf '%s\n' "$present"))
stale=$(comm -23 <(printf '%s\n' "$listed") <(printf '%s\n' "$present"))
[ -z "$missing" ] || no "files not in $readme's table: $(echo $missing)"
[ -z "$stale" ] || no "rows of $readme's table naming no file: $(echo $stale)"
dups=$(printf '%s\n' "$listed" | uniq -d)
[ -z "$dups" ] || no "files listed twice: $(echo $dups)"
if [ -n "$table" ]; then
  bad=$(cd "$dir" && printf '%s\n' "$table" | sha256sum --check --quiet 2>&1)
  [ -z "$bad" ] || no "SHA-256 differs from $readme: $bad"
fi
[ "$fail" = 0 ] && echo "ok - $(printf '%s\n' "$listed" | wc -l) files match $readme's SHA-256"
exit "$fail"
