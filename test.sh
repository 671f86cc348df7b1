#!/usr/bin/env bash
# Builds plaza (installing its Debian packages when missing) and runs every
# test with CTest.  With --sanitize, builds and tests under AddressSanitizer
# and UndefinedBehaviorSanitizer instead.  Tests read the repository's
# data/ (or $PLAZA_DATA when it is set: another copy of the data).
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")"
. scripts/deps.sh
# chromium, nodejs, npm: the report's page tests (playwright-core from npm
# drives chromium); Open MPI: the dev build's MPI ensemble; clang-format:
# the format check; Python's cffi, NumPy, pandas and pytest: the Python
# package's tests (tests/python, Debian's python3); man-db: the install
# test renders the manual page
# (Node.js and npm from Debian only when the machine has no npm: a Node.js
# installed otherwise carries its own npm, which Debian's would conflict with)
node=()
command -v npm >/dev/null 2>&1 || node=(nodejs npm)
plaza_deps chromium "${node[@]}" libopenmpi-dev openmpi-bin clang-format \
  python3-cffi python3-numpy python3-pandas python3-pytest man-db
preset=dev
[ "${1:-}" = "--sanitize" ] && preset=asan
cmake --workflow --preset "$preset"
