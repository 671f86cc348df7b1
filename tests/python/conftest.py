# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared fixtures of the Python package's tests: the package from the
checkout, the plaza command and the data directory.  CTest passes
PLAZA_LIBRARY, PLAZA_CLI, PLAZA_LAYOUT and PLAZA_DATA
(tests/CMakeLists.txt); by hand they default to the dev build."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

SOURCE = Path(__file__).resolve().parents[2]
BUILD = SOURCE / "build" / "dev"
sys.path.insert(0, str(SOURCE / "python"))


def _env_path(name, default):
    return Path(os.environ.get(name, str(default)))


@pytest.fixture(scope="session")
def source():
    return SOURCE


@pytest.fixture(scope="session")
def cli():
    p = _env_path("PLAZA_CLI", BUILD / "plaza")
    assert p.exists(), "no plaza command at %s (set PLAZA_CLI)" % p
    return p


@pytest.fixture(scope="session")
def data():
    p = _env_path("PLAZA_DATA", SOURCE / "data")
    assert (p / "pc2023" / "BACRIM2020_Nodes.csv").exists(), \
        "no test data in %s (set PLAZA_DATA)" % p
    return p


@pytest.fixture(scope="session")
def run_cli(cli):
    """Runs `plaza ARGS...`, returns its standard output; fails the test
    unless it exits 0."""
    def call(*args, cwd=None):
        r = subprocess.run([str(cli)] + [str(a) for a in args], cwd=cwd,
                           capture_output=True, text=True)
        assert r.returncode == 0, "plaza %s: %s" % (" ".join(map(str, args)),
                                                     r.stderr)
        return r.stdout
    return call


def read_table(path):
    """A run table as written by the command, read by pandas: text kept
    as text (empty fields as ""), numbers parsed exactly."""
    df = pd.read_csv(path, dtype={"region": str}, keep_default_na=False,
                     na_values=["NA"], float_precision="round_trip")
    df["date"] = pd.to_datetime(df["date"])
    return df


def csv_rounded(values):
    """values as the run tables write them (src/base/csvjson.c, the short
    form: six decimals, rounded half away from zero after scaling by 1e6)
    and read back: the doubles a correctly rounding reader gets."""
    a = np.asarray(values, dtype="float64")
    out = np.full_like(a, np.nan)
    v = np.abs(a)
    small = np.isfinite(a) & (v < 1e9)
    x = v[small] * 1e6
    r = np.floor(x)
    r += (x - r) >= 0.5
    out[small] = np.copysign(r / 1e6, a[small])
    for i in np.flatnonzero(np.isfinite(a) & ~small):
        if v[i] >= 1e12:
            out[i] = float("%.6e" % a[i])
        else:
            whole = np.floor(v[i])
            frac = (v[i] - whole) * 1e6
            fp = np.floor(frac) + ((frac - np.floor(frac)) >= 0.5)
            out[i] = np.copysign(float("%d.%06d" % (whole + (fp == 1e6),
                                                     fp % 1e6)), a[i])
    return out
