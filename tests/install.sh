#!/usr/bin/env bash
# cmake --install into a temporary prefix, then build examples/run_default.c
# against the installed headers and plaza.pc alone, as an embedder would
# (pkg-config --cflags --libs --static plaza), statically and, when
# libplaza.so is built, against it; both print what the example built in
# the tree prints.  A C++ program that includes every installed header and
# refers to every function they declare links too (extern "C"), and
# libplaza.so exports no pz__ internal.  The data (share/plaza/data) and
# the manual page (share/man/man1/plaza.1) are installed; the installed
# command finds its data with no --data and no PLAZA_DATA.
# Usage: install.sh CMAKE BUILD_DIR SOURCE_DIR CC EXAMPLE_BIN
#   (CFLAGS in the environment: extra flags, e.g. the sanitizers')
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
cmake=$1 build=$(abs "$2") src=$(abs "$3") cc=$4 example=$(abs "$5")
flags=${CFLAGS:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
unset PLAZA_DATA
pass=0 fail=0
check() { # name condition...
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); echo "ok - $name"
  else fail=$((fail + 1)); echo "not ok - $name"; fi
}

prefix=$work/prefix
"$cmake" --install "$build" --prefix "$prefix" >install.log 2>&1
check "cmake --install: exit 0" test $? -eq 0
pc=$(find "$prefix" -name plaza.pc)
libdir=$(dirname "$(dirname "$pc")")
check "plaza.pc installed under lib*/pkgconfig" test -n "$pc"
check "every public header installed" \
  diff <(cd "$src/include/plaza" && ls) <(cd "$prefix/include/plaza" && ls)
check "libplaza.a installed" test -f "$libdir/libplaza.a"
check "the command installed and runs" \
  test "$("$prefix/bin/plaza" --version 2>&1 | head -n 1)" = \
       "$("$build/plaza" --version 2>&1 | head -n 1)"
# The data and where the installed command finds it.  The source tree's
# data/ still exists here, so the installed plaza must prefer its own
# share/plaza/data (found beside its bin/), and a copy of the command with
# no share/ beside it must fall back to the source tree's.
datadir=$prefix/share/plaza/data
check "the data installed in share/plaza/data, identical to data/" \
  diff -r "$src/data" "$datadir"
# names RUN_DIR DIR: RUN_DIR's manifest reads its pc2023 files from DIR
names() {
  grep -qF "\"path\": \"$2/pc2023/BACRIM2020_Nodes.csv\"" "$1/manifest.json"
}
pcrun() { # pcrun PLAZA OUT: a short pc2023 run, no --data, no PLAZA_DATA
  env -u PLAZA_DATA "$1" run "$src/scenarios/pc2023.yaml" --set steps=2 \
    --deterministic --no-groups --out "$2" >/dev/null 2>>run.err
}
check "the installed plaza runs pc2023 with no --data and no PLAZA_DATA" \
  pcrun "$prefix/bin/plaza" run-installed
check "... reading the installed data, not the source tree's" \
  names run-installed "$(realpath "$datadir")"
cp -a "$prefix" moved
check "an install moved elsewhere runs pc2023" pcrun moved/bin/plaza run-moved
check "... reading its own data" names run-moved "$(realpath moved/share/plaza/data)"
mkdir lone && cp "$prefix/bin/plaza" lone/
check "the command alone (no share/ beside it) runs pc2023" pcrun lone/plaza run-lone
check "... reading the source tree's data/" names run-lone "$src/data"
check "PLAZA_DATA comes before the installed data" \
  eval 'PLAZA_DATA=$src/data "$prefix/bin/plaza" run "$src/scenarios/pc2023.yaml" \
          --set steps=2 --no-groups --out run-env >/dev/null 2>>run.err &&
        names run-env "$src/data"'
cat run.err

# The manual page: installed, generated from the command table (every
# command of plaza --help has its section), and man renders it with no
# warning.
man1=$prefix/share/man/man1/plaza.1
check "plaza.1 installed in share/man/man1" test -s "$man1"
cmds=$("$prefix/bin/plaza" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 { print $1 }')
missing=""
for c in $cmds; do
  grep -q "^\.SS \"plaza $(echo "$c" | sed 's/-/\\\\-/g')" "$man1" || missing="$missing $c"
done
check "plaza.1 has a section for each of the $(echo $cmds | wc -w) commands${missing:+ (missing:$missing)}" \
  test -z "$missing" -a -n "$cmds"
if command -v man >/dev/null; then
  MANWIDTH=80 MANPAGER=cat PAGER=cat LC_ALL=C.UTF-8 man --warnings -l "$man1" \
    >man.txt 2>man.err
  check "man -l plaza.1 renders" eval 'test $? -eq 0 && grep -q "plaza run" man.txt'
  check "man -l plaza.1: no warnings" test ! -s man.err
  cat man.err
else
  echo "skip - man: not installed (Debian package man-db)"
fi

export PKG_CONFIG_PATH=$(dirname "$pc")
check "pkg-config: the version of plaza.h" \
  test "$(pkg-config --modversion plaza)" = \
       "$(sed -n 's/^#define PZ_VERSION "\(.*\)"$/\1/p' "$src/include/plaza/plaza.h")"
inc=$(pkg-config --cflags-only-I plaza | tr ' ' '\n' | sed -n 's/^-I//p' | head -n 1)
check "pkg-config: -I the installed include directory" \
  test "$(realpath "$inc")" = "$(realpath "$prefix/include")"

"$example" >tree.csv 2>&1
check "the example built in the tree runs" test $? -eq 0

# Static: libplaza.a, with the libraries of Libs.private and
# Requires.private.  (-l:libplaza.a: where libplaza.so is installed too,
# -lplaza would pick it.)
libs=$(pkg-config --libs --static plaza | sed -E 's/(^| )-lplaza( |$)/\1-l:libplaza.a\2/')
# shellcheck disable=SC2046,SC2086
"$cc" -std=c17 -Wall -Wextra -Werror $flags $(pkg-config --cflags plaza) \
  "$src/examples/run_default.c" -o rd_static $libs >static.log 2>&1
check "run_default.c builds against libplaza.a" test $? -eq 0
cat static.log
./rd_static >static.csv 2>&1
check "the static build runs" test $? -eq 0
check "the static build prints what the tree's example prints" cmp -s tree.csv static.csv
check "the static build does not need libplaza.so" eval '! ldd rd_static | grep -q libplaza'

if [ -e "$libdir/libplaza.so" ]; then
  # shellcheck disable=SC2046,SC2086
  "$cc" -std=c17 -Wall -Wextra -Werror $flags "$src/examples/run_default.c" \
    -o rd_shared $(pkg-config --cflags --libs --static plaza) >shared.log 2>&1
  check "run_default.c builds against libplaza.so" test $? -eq 0
  cat shared.log
  LD_LIBRARY_PATH=$libdir ./rd_shared >shared.csv 2>&1
  check "the shared build runs" test $? -eq 0
  check "the shared build prints what the tree's example prints" cmp -s tree.csv shared.csv
  check "the shared build loads the installed libplaza.so" \
    eval 'LD_LIBRARY_PATH=$libdir ldd rd_shared | grep -q "libplaza.so.* => $libdir/"'
  check "libplaza.so exports pz_version" \
    eval 'nm -D --defined-only "$libdir/libplaza.so" | grep -q " T pz_version$"'
  check "libplaza.so exports no pz__ internal" \
    eval '! nm -D --defined-only "$libdir/libplaza.so" | grep -q " pz__"'
fi

# C++: every header, and every function they declare referred to, so
# that a header without extern "C" fails to link (its names would be
# mangled).
cxx=$(command -v c++ || true)
if [ -n "$cxx" ]; then
  funcs=$(cat "$prefix"/include/plaza/*.h | grep -E '^[a-z]' | grep -v '^typedef' |
          grep -oE 'pz_[a-z0-9_]+\(' | tr -d '(' | sort -u)
  check "C++: the headers declare functions" test "$(echo "$funcs" | wc -w)" -gt 50
  {
    for h in "$prefix"/include/plaza/*.h; do echo "#include <plaza/$(basename "$h")>"; done
    echo '#include <cstdio>'
    echo '#include <cstring>'
    echo 'typedef void (*fn)(void);'
    echo 'static volatile fn f[] = {'
    for name in $funcs; do echo "    (fn)&$name,"; done
    cat <<'CXX'
};
int main()
{
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (!f[i])
            return 1;
    std::printf("%s\n", pz_version());
    return std::strcmp(pz_version(), PZ_VERSION) != 0;
}
CXX
  } >all.cpp
  # shellcheck disable=SC2046,SC2086
  "$cxx" -std=c++17 -Wall -Wextra -Werror $flags $(pkg-config --cflags plaza) \
    all.cpp -o cxx $libs >cxx.log 2>&1
  check "C++: every header compiles and links (extern \"C\")" test $? -eq 0
  cat cxx.log
  check "C++: the program runs" eval './cxx >/dev/null'
else
  echo "skip - C++: no c++ compiler"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
