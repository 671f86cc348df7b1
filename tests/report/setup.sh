# Sourced by the report's browser tests: installs playwright-core (the
# driver only; the browser is Debian's /usr/bin/chromium) from
# tests/report/package-lock.json into NODE_DIR, once per lockfile, and
# sets $driver to the test driver's path.
# Usage: report_node_setup SOURCE_DIR NODE_DIR
# SPDX-License-Identifier: GPL-3.0-or-later
report_node_setup() {
  local src=$1/tests/report nd=$2
  mkdir -p "$nd" || return 1
  if ! cmp -s "$src/package-lock.json" "$nd/package-lock.json" ||
     [ ! -d "$nd/node_modules/playwright-core" ]; then
    cp "$src/package.json" "$src/package-lock.json" "$nd/" &&
    (cd "$nd" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) >&2 ||
      return 1
  fi
  export NODE_PATH=$nd/node_modules
  driver=$src/browser.js
}
