#!/usr/bin/env bash
# Fails when a mechanism of the week calls into another mechanism: each
# src/model/NAME.c listed in src/model/step.c's table may use what the
# shared files define (cells.c, model.c, step.c, checkpoint.c) and lower
# layers, never a symbol another mechanism's object defines.  Reads the
# objects' symbol tables (nm), so a call through a declaration anywhere is
# caught.
#   tools/check_mechanisms.sh SOURCE_DIR OBJECT_DIR
# OBJECT_DIR: the folder of the model layer's objects, e.g.
#   build/dev/CMakeFiles/plaza_model.dir/src/model
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
src=$1 obj=$2
# the mechanisms: the files named by the table's &pz__mech_NAME entries
mapfile -t mechs < <(sed -n 's/.*= &pz__mech_\([a-z_]*\),.*/\1/p' "$src/src/model/step.c")
[ "${#mechs[@]}" -gt 0 ] || { echo "no mechanism found in src/model/step.c" >&2; exit 1; }
declare -A owner
for m in "${mechs[@]}"; do
  o="$obj/$m.c.o"
  [ -f "$o" ] || { echo "$o: no object for mechanism '$m'" >&2; exit 1; }
  while read -r sym; do owner[$sym]=$m; done < <(nm --defined-only -g "$o" | awk '{print $3}')
done
bad=0
for m in "${mechs[@]}"; do
  while read -r sym; do
    other=${owner[$sym]:-}
    if [ -n "$other" ] && [ "$other" != "$m" ]; then
      echo "src/model/$m.c uses $sym of src/model/$other.c: mechanisms share only the state (model/state.h, model/cells.c)"
      bad=1
    fi
  done < <(nm -u "$obj/$m.c.o" | awk '{print $2}')
done
[ "$bad" -eq 0 ] && echo "mechanisms: ${#mechs[@]} mechanisms, none calls another"
exit "$bad"
