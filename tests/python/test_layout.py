# SPDX-License-Identifier: GPL-3.0-or-later
"""The package's cffi declarations (python/plaza/_lib.py) against the C
headers: cffi's ABI mode lays out structures from the declarations, so
every size, offset and enumeration value must be the compiler's, as
printed by tests/python/layout.c."""

import os
import subprocess
from pathlib import Path

import pytest

from plaza._lib import ffi, lib

BUILD = Path(__file__).resolve().parents[2] / "build" / "dev"


def test_declarations_match_headers():
    exe = os.environ.get("PLAZA_LAYOUT", str(BUILD / "tests" /
                                             "python_layout"))
    if not os.path.exists(exe):
        pytest.fail("no layout program at %s (set PLAZA_LAYOUT)" % exe)
    lines = subprocess.run([exe], capture_output=True, text=True,
                           check=True).stdout.split("\n")
    fields = {}
    checked = 0
    for line in filter(None, lines):
        kind, name, value = line.split()
        value = int(value)
        if kind == "sizeof":
            assert ffi.sizeof(name) == value, name
        elif kind == "offsetof":
            t, f = name.split(".")
            assert ffi.offsetof(t, f) == value, name
            fields.setdefault(t, set()).add(f)
        else:
            assert getattr(lib, name) == value, name
        checked += 1
    assert checked > 100
    # every field cffi knows of is checked
    for t, names in fields.items():
        assert {f for f, _ in ffi.typeof(t).fields} == names, t
