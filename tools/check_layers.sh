#!/usr/bin/env bash
# Fails when a file of src/LAYER/ includes a header of a layer above it or
# beside it (CONTRIBUTING.md, "Layers"), naming the file, line and header.
# The build refuses such an include too; this check says why in one line.
#   tools/check_layers.sh [SOURCE_DIR]
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
# each layer and the layers it may include, itself first
declare -A may=(
  [base]="base"
  [core]="core base"
  [world]="world base core"
  [io]="io base core world"
  [model]="model base core world"
  [exp]="exp base core world io model"
  [report]="report base core world io model exp"
  [cli]="cli base core world io model exp report"
)
# the layer of each public header
declare -A public=(
  [plaza]=base [date]=base [rng]=core [params]=core [scenario]=world [model]=model
  [run]=exp [ensemble]=exp [sweep]=exp [compare]=exp [fit]=exp
  [event_study]=exp [signatures]=exp [calibrate]=exp [policies]=exp
  [report]=report
)
bad=0
for dir in src/*/; do
  layer=$(basename "$dir")
  if [ -z "${may[$layer]+x}" ]; then
    echo "src/$layer: a folder that is not a layer (add it to tools/check_layers.sh and CMakeLists.txt)"
    bad=1
    continue
  fi
  while IFS=: read -r file line text; do
    inc=$(sed -n 's/^#include "\([^"]*\)".*/\1/p' <<<"$text")
    [ -n "$inc" ] || continue
    top=${inc%%/*}
    if [ "$top" = plaza ]; then
      name=$(basename "$inc" .h)
      top=${public[$name]:-}
      if [ -z "$top" ]; then
        echo "$file:$line: $inc: a public header without a layer (tools/check_layers.sh)"
        bad=1
        continue
      fi
    fi
    case " ${may[$layer]} " in
      *" $top "*) ;;
      *) echo "$file:$line: the $layer layer includes $inc, of the $top layer (may include: ${may[$layer]})"
         bad=1 ;;
    esac
  done < <(grep -n '^#include "' "$dir"* /dev/null | grep -v '^/dev/null')
done
# the mechanisms talk through the shared state only: a file of src/model/
# includes no model header but the shared state and the mechanism table
while IFS=: read -r file line text; do
  inc=$(sed -n 's/^#include "model\/\([^"]*\)".*/\1/p' <<<"$text")
  case $inc in
    "" | state.h | mechanism.h) ;;
    *) echo "$file:$line: includes model/$inc: a mechanism reads and writes the shared state (model/state.h), never another mechanism's header"
       bad=1 ;;
  esac
done < <(grep -nH '^#include "model/' src/model/*.[ch])
# the public headers include only the public headers of their layer or below
for h in include/plaza/*.h; do
  name=$(basename "$h" .h)
  layer=${public[$name]:-}
  if [ -z "$layer" ]; then
    echo "$h: a public header without a layer (tools/check_layers.sh)"
    bad=1
    continue
  fi
  while IFS=: read -r line text; do
    inc=$(sed -n 's/^#include "plaza\/\([^"]*\)\.h".*/\1/p' <<<"$text")
    [ -n "$inc" ] || continue
    case " ${may[$layer]} " in
      *" ${public[$inc]:-none} "*) ;;
      *) echo "$h:$line: plaza/$inc.h is of the ${public[$inc]:-unknown} layer, above $layer"
         bad=1 ;;
    esac
  done < <(grep -n '^#include "plaza/' "$h" || true)
done
[ "$bad" -eq 0 ] && echo "layers: every include goes down; mechanisms share only the state"
exit "$bad"
