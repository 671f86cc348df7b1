#!/usr/bin/env bash
# Installs the Debian packages plaza needs to build and test, when missing.
# Sourced by run.sh and test.sh.  SPDX-License-Identifier: GPL-3.0-or-later
plaza_deps() {
  local pkgs=(build-essential cmake pkg-config libyaml-dev librandom123-dev
              libgsl-dev nettle-dev libcmocka-dev libsqlite3-dev
              sqlite3 libjs-d3 "$@")
  local missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "plaza: installing Debian packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >&2 || return 1
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2 || return 1
}

# The fuzzing run (tests/fuzz/run.sh): clang and its runtime libraries
# (libFuzzer, the sanitizers), of the release's default clang version.
PLAZA_FUZZ_PKGS=(clang libclang-rt-dev)
