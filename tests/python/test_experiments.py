# SPDX-License-Identifier: GPL-3.0-or-later
"""plaza.ensemble and plaza.compare: the bands and differences of the
public ensemble and comparison API, equal to the command's."""

import re

import numpy as np
import pandas as pd
import pytest

import plaza
from conftest import read_table

QUANTILES = ["q05", "q25", "q50", "q75", "q95"]


def test_ensemble_bands(run_cli, tmp_path):
    e = plaza.ensemble(n=6, threads=2, seed=3, set={"steps": 104})
    assert list(e.columns) == ["step", "date", "variable", "mean"] + QUANTILES
    assert set(e.variable) == {"members", "recruits", "arrests", "deaths",
                               "exits", "groups", "homicides"}
    assert len(e) == 105 * 7
    q = e[QUANTILES].to_numpy()
    assert (np.diff(q, axis=1) >= 0).all()  # q05 <= q25 <= ... <= q95
    assert (q[:, 0] < q[:, 4]).any()        # replicates differ: real bands
    # the command's bands for the same ensemble, and the same on one thread
    run_cli("ensemble", "-n", 6, "--threads", 2, "--seed", 3, "--set",
            "steps=104", "-o", tmp_path / "e")
    pd.testing.assert_frame_equal(
        e, read_table(tmp_path / "e" / "national_summary.csv"),
        check_exact=True)
    one = plaza.ensemble(n=6, threads=1, seed=3, set={"steps": 104})
    pd.testing.assert_frame_equal(e, one, check_exact=True)
    r = plaza.ensemble(n=6, threads=2, seed=3, set={"steps": 104},
                       table="regions")
    assert list(r.columns[:5]) == ["step", "date", "region", "region_name",
                                   "variable"]
    assert r.region.iloc[0] == "01"
    assert (np.diff(r[QUANTILES].to_numpy(), axis=1) >= 0).all()


def test_ensemble_errors(data, source):
    with pytest.raises(plaza.InputError):
        plaza.ensemble(n=0, set={"steps": 10})
    with pytest.raises(ValueError, match="no regions"):
        plaza.ensemble(source / "scenarios" / "pc2023.yaml", data=data, n=2,
                       set={"steps": 10}, table="regions")


def cli_means(text):
    """The mean differences that `plaza compare` prints, by outcome."""
    names = {"members at the end": "members", "member deaths": "deaths",
             "arrests": "arrests", "homicides": "homicides"}
    out = {}
    for line in text.splitlines():
        for label, key in names.items():
            m = re.match(r"%s\s+(-?[\d.]+)" % label, line)
            if m:
                out[key] = float(m.group(1))
    return out


def test_compare_intervals(run_cli, data, source):
    sc = source / "scenarios" / "pc2023.yaml"
    c = plaza.compare(sc, policies=("baseline", "half_recruitment"), n=5,
                      data=data)
    assert list(c.index) == ["members", "deaths", "arrests", "homicides"]
    assert c.attrs["n"] == 5 and c.attrs["period_start"] == 520
    assert c.attrs["period_start_date"] == pd.Timestamp("2021-12-19")
    for col in ("difference", "low", "high", "half", "ind_difference",
                "ind_low", "ind_high", "ind_half"):
        assert np.isfinite(c[col]).all(), col
    assert (c.low < c.difference).all() and (c.difference < c.high).all()
    assert (c.half > 0).all()
    # halving recruitment: fewer members and deaths, beyond the interval
    assert c.high["members"] < 0 and c.high["deaths"] < 0
    # the command's figures (printed to one decimal)
    out = run_cli("compare", sc, "--data", data, "--policy", "baseline",
                  "--policy", "half_recruitment", "-n", 5)
    means = cli_means(out)
    assert len(means) == 4
    for k, v in means.items():
        assert abs(c.difference[k] - v) <= 0.05 + 1e-9, k


def test_compare_deterministic(data, source):
    c = plaza.compare(source / "scenarios" / "pc2023.yaml",
                      policies=("baseline", "zero_recruitment"), n=50,
                      data=data, deterministic=True)
    assert c.attrs["n"] == 1  # one run: every replicate is the same
    assert np.isfinite(c.difference).all()
    assert c.difference["members"] < 0
    assert c.half.isna().all() and c.ind_difference.isna().all()


def test_compare_errors(data, source):
    sc = source / "scenarios" / "pc2023.yaml"
    with pytest.raises(plaza.InputError, match="no_such_policy"):
        plaza.compare(sc, policies=("baseline", "no_such_policy"), n=2,
                      data=data)
    with pytest.raises(plaza.InputError, match="at least 2"):
        plaza.compare(sc, policies=("baseline", "half_recruitment"), n=1,
                      data=data)
    with pytest.raises(ValueError, match="two"):
        plaza.compare(sc, policies="baseline", data=data)
