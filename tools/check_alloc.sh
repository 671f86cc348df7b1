#!/usr/bin/env bash
# Fails when a file of a layer that allocates through the hook
# (pz_set_allocator; src/base/alloc.h) calls malloc, calloc, realloc, free
# or strdup itself, naming the file and line: such memory escapes the
# hook, and a block freed by the wrong allocator is a crash once an
# embedder installs one.  Memory the C library allocates on its own
# (open_memstream's buffer, realpath's result) is freed with free(): end
# such a line with the comment "libc's".
#   tools/check_alloc.sh [SOURCE_DIR]
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
# the layers that allocate through the hook (the command, src/cli, is an
# embedder of the public API and keeps the C library's)
layers="base core world io model exp report"
bad=0
for l in $layers; do
  while IFS=: read -r file line text; do
    [ "$file" = src/base/alloc.c ] && continue
    case $text in *"libc's"*) continue ;; esac
    echo "$file:$line: calls the C library's allocator; use pz__malloc, pz__calloc, pz__realloc, pz__free or pz__strdup (base/alloc.h)"
    bad=1
  done < <(grep -nHE '(^|[^_[:alnum:]>.])(malloc|calloc|realloc|free|strdup|strndup)[[:space:]]*\(' \
             "src/$l"/*.[ch] | grep -vE '^[^:]+:[0-9]+:[[:space:]]*(\*|/\*|//)' || true)
done
[ "$bad" -eq 0 ] && echo "alloc: the layers $layers allocate through the hook only"
exit "$bad"
