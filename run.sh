#!/usr/bin/env bash
# Builds plaza (installing its Debian packages when missing) and runs the
# embedded default scenario, writing the run directory plaza-out/.
# Extra arguments go to `plaza run` (e.g. --seed 7 --deterministic).
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")"
. scripts/deps.sh
plaza_deps
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
out=plaza-out
./build/release/plaza run --out "$out" "$@"
awk -F, 'NR == 2 { first = $0 } { last = $0 }
  END {
    split(first, a, ","); split(last, b, ",")
    printf "  %s: %d members in %d groups\n", a[2], a[3], a[8]
    printf "  %s: %d members in %d groups; that week %d recruited, %d arrested, %d killed\n",
           b[2], b[3], b[8], b[4], b[5], b[6]
  }' "$out/national.csv"
echo "  tables: $out/national.csv $out/groups.csv $out/regions.csv $out/events.csv $out/government.csv $out/payroll.csv; provenance: $out/manifest.json"
# the report, with the map of the states (their boundaries are in data/,
# which plaza finds by itself)
./build/release/plaza report "$out" -o "$out/report.html" >/dev/null
echo "  report: $(cd "$out" && pwd)/report.html"
