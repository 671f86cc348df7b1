#!/usr/bin/env bash
# Fails when a C file of the tree is not as .clang-format lays it out,
# naming the files (fix them with: clang-format -i FILE).
#   tools/check_format.sh [SOURCE_DIR]
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
bad=0
while IFS= read -r f; do
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "$f: not formatted (clang-format -i $f)"
    bad=1
  fi
done < <(find src include tests bench examples -name '*.[ch]' 2>/dev/null | LC_ALL=C sort)
[ "$bad" -eq 0 ] && echo "format: every C file as .clang-format lays it out"
exit "$bad"
