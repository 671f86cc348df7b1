#!/usr/bin/env bash
# Regenerates the parameter tables of docs/PARAMETERS.md and docs/MODEL.md
# from the parameter table (src/core/params.c), via `plaza params
# --markdown`.  Usage: tools/regen-params-doc.sh [PLAZA_BINARY]
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/dev/plaza}
gen=$(mktemp)
trap 'rm -f "$gen"' EXIT
"$bin" params --markdown > "$gen"
{ head -n 4 docs/PARAMETERS.md; cat "$gen"; } > docs/PARAMETERS.md.new
mv docs/PARAMETERS.md.new docs/PARAMETERS.md
awk -v gen="$gen" '
  /<!-- BEGIN generated/ { print; while ((getline line < gen) > 0) print line; skip = 1; next }
  /<!-- END generated/ { skip = 0 }
  !skip { print }' docs/MODEL.md > docs/MODEL.md.new
mv docs/MODEL.md.new docs/MODEL.md
