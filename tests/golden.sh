#!/usr/bin/env bash
# The golden tables: every table of the shipped scenarios, by SHA-256,
# against tests/golden.sha256.  A change of the model's numbers must update
# that file in a commit that says why:
#   bash tests/golden.sh PLAZA SOURCE_DIR DATA_DIR --update
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
plaza=$1 src=$2 data=$3 mode=${4:-check}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sc=$src/scenarios

run() { # NAME ARGS...: a run directory, quietly
    local name=$1
    shift
    "$plaza" "$@" --out "$work/$name" >/dev/null 2>"$work/$name.err" || {
        cat "$work/$name.err" >&2
        echo "golden: the run '$name' failed" >&2
        exit 1
    }
}
run default-seed1 run --seed 1
run default-seed2 run --seed 2
run default-det run --deterministic --policy double_incapacitation
run pc2023-det run "$sc/pc2023.yaml" --data "$data" --deterministic
run pc2023-sto run "$sc/pc2023.yaml" --data "$data" --stochastic --seed 3
run municipal run "$sc/mexico-municipal.yaml" --data "$data"
run fragmentation run "$sc/fragmentation.yaml" --data "$data"
run alliance run "$sc/alliance.yaml" --data "$data"
run opportunistic run "$sc/opportunistic.yaml" --data "$data"
run ensemble ensemble -n 6 --threads 2
run checkpoint run --checkpoint-at 2015-06-01
run resumed run --resume "$work/checkpoint/checkpoint.plz"

(cd "$work" && find . -name '*.csv' | LC_ALL=C sort |
    xargs sha256sum) >"$work/now.sha256"
if [ "$mode" = --update ]; then
    cp "$work/now.sha256" "$src/tests/golden.sha256"
    echo "golden: $(wc -l <"$work/now.sha256") tables recorded"
    exit 0
fi
if ! diff -u "$src/tests/golden.sha256" "$work/now.sha256"; then
    echo "golden: tables differ from tests/golden.sha256 (above: - recorded, + now)" >&2
    exit 1
fi
echo "golden: $(wc -l <"$work/now.sha256") tables identical"
