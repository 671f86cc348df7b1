#!/usr/bin/env bash
# Builds plaza (installing its Debian packages when missing) and runs every
# test with CTest.  With --sanitize, builds and tests under AddressSanitizer
# and UndefinedBehaviorSanitizer instead.  Tests read the reference data
# from ../shared/data beside the checkout, or from $PLAZA_DATA.
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")"
. scripts/deps.sh
# chromium: the report's page test; Open MPI: the dev build's MPI
# ensemble; clang-format: the format check; Python's cffi, NumPy, pandas
# and pytest: the Python package's tests (tests/python, Debian's python3)
plaza_deps chromium libopenmpi-dev openmpi-bin clang-format \
  python3-cffi python3-numpy python3-pandas python3-pytest
preset=dev
[ "${1:-}" = "--sanitize" ] && preset=asan
cmake --workflow --preset "$preset"
