# SPDX-License-Identifier: GPL-3.0-or-later
"""plaza.run: the tables through the C API equal `plaza run`'s CSV files
for the same scenario, seed and replicate; errors become PlazaError."""

import numpy as np
import pandas as pd
import pytest

import plaza
from conftest import csv_rounded, read_table

COLUMNS = {
    "national": ["step", "date", "members", "recruits", "arrests", "deaths",
                 "exits", "groups", "homicides"],
    "groups": ["step", "date", "group", "members", "recruits", "arrests",
               "deaths", "exits"],
    "regions": ["step", "date", "region", "region_name", "population",
                "members", "homicides", "deaths", "arrests", "groups",
                "controller", "controller_share"],
    "events": ["step", "date", "event", "outcome", "group", "other",
               "region", "region_name", "origin", "members", "new_groups"],
    "government": ["step", "date", "level", "offices", "indirect", "direct",
                   "bribes", "officials_killed", "candidates_killed"],
    "payroll": ["step", "date", "level", "group", "offices", "share",
                "bribes"],
}


def assert_equals_csv(df, path, exact_counts):
    """df (from plaza.run) holds the values of the CSV table at path:
    text and integers equal, reals equal once rounded as the CSV rounds
    them (bit for bit), and within the rounding before it.  With
    exact_counts, the flows (integers in stochastic mode) must be equal
    as they are."""
    csv = read_table(path)
    assert list(df.columns) == list(csv.columns)
    assert len(df) == len(csv)
    if len(csv) == 0:  # a header alone: pandas cannot tell its types
        return
    for col in df.columns:
        a, b = df[col], csv[col]
        if a.dtype.kind == "f":
            assert b.dtype.kind in "fi", col
            got = csv_rounded(a.to_numpy())
            want = b.to_numpy(dtype="float64")
            assert np.array_equal(got, want, equal_nan=True), col
            assert np.allclose(a.to_numpy(), want, rtol=0, atol=5.1e-7), col
            if exact_counts and col in ("members", "recruits", "arrests",
                                        "deaths", "exits", "homicides",
                                        "population"):
                assert np.array_equal(a.to_numpy(), want), col
        elif a.dtype.kind == "M":
            assert (a.to_numpy() == b.to_numpy()).all(), col
        elif a.dtype.kind == "i":
            assert np.array_equal(a.to_numpy(), b.to_numpy()), col
        else:  # text; None is an empty field
            assert list(a.fillna("")) == [str(x) for x in b], col


def test_default_equals_cli(run_cli, tmp_path):
    r = plaza.run(seed=7, replicate=2)
    assert r.scenario == "mexico" and r.seed == 7 and r.replicate == 2
    assert r.mode == "stochastic" and r.policy is None
    assert set(r) == set(COLUMNS)
    for name, cols in COLUMNS.items():
        assert list(r[name].columns) == cols, name
    run_cli("run", "--seed", 7, "--replicate", 2, "-o", tmp_path / "o")
    assert r.payroll.empty  # the default bribes no one
    for name in COLUMNS:
        assert_equals_csv(r[name], tmp_path / "o" / (name + ".csv"),
                          exact_counts=True)
    # the run is the one asked for: another seed gives other numbers
    other = plaza.run(seed=8, tables=["national"])
    assert not other.national["members"].equals(r.national["members"])


@pytest.mark.parametrize("name", ["alliance", "fragmentation"])
def test_regional_scenarios_equal_cli(name, run_cli, data, source, tmp_path):
    """alliance.yaml has payrolls, fragmentation.yaml splits that add
    groups during the run: every table of either."""
    sc = source / "scenarios" / (name + ".yaml")
    r = plaza.run(sc, data=data, replicate=1)
    if name == "alliance":
        assert len(r.payroll) > 0
    else:
        assert r.events.other.notna().any()
        assert r.groups.group.nunique() > r.groups[r.groups.step == 0].shape[0]
    run_cli("run", sc, "--data", data, "--replicate", 1, "-o", tmp_path / "o")
    for name in COLUMNS:
        assert_equals_csv(r[name], tmp_path / "o" / (name + ".csv"),
                          exact_counts=True)


def test_pc2023_deterministic_reproduces(run_cli, data, source, tmp_path):
    sc = source / "scenarios" / "pc2023.yaml"
    a = plaza.run(sc, deterministic=True, data=data,
                  policy="half_recruitment")
    b = plaza.run(sc, deterministic=True, data=data,
                  policy="half_recruitment")
    assert set(a) == {"national", "groups"}  # no regions
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True)
    assert a.mode == "deterministic" and a.policy == "half_recruitment"
    run_cli("run", sc, "--data", data, "--deterministic", "--policy",
            "half_recruitment", "-o", tmp_path / "o")
    for name in a:
        assert_equals_csv(a[name], tmp_path / "o" / (name + ".csv"),
                          exact_counts=False)
    # the ODE's values are not whole numbers: the rounding was exercised
    assert (a.national["members"] % 1 != 0).any()
    # the policy acts from step 520 (2021-12-19): the same run before it,
    # fewer members after it
    base = plaza.run(sc, deterministic=True, data=data, tables=["national"])
    assert base.policy is None
    pd.testing.assert_frame_equal(a.national.iloc[:521],
                                  base.national.iloc[:521], check_exact=True)
    assert a.national.members.iloc[-1] < 0.95 * base.national.members.iloc[-1]


def test_set_and_tables(data):
    r = plaza.run(set={"recruitment_rate": 0.002, "steps": 52},
                  tables=("national", "events"))
    assert set(r) == {"national", "events"}
    assert len(r.national) == 53
    s = plaza.run(set=["recruitment_rate=0.002", "steps=52"],
                  tables=["national"])
    pd.testing.assert_frame_equal(r.national, s.national, check_exact=True)
    t = plaza.run(set={"steps": 52}, tables=["national"])
    assert not t.national["recruits"].equals(r.national["recruits"])
    with pytest.raises(ValueError, match="no table 'nation'"):
        plaza.run(tables=["nation"])


def test_bad_set_key_raises_with_plazas_message():
    with pytest.raises(plaza.PlazaError) as e:
        plaza.run(set={"recruitment_rat": 0.002})
    assert isinstance(e.value, plaza.InputError)
    assert e.value.status == -1
    assert "recruitment_rat" in str(e.value)
    assert str(e.value) == e.value.message


def test_bad_value_raises():
    with pytest.raises(plaza.InputError, match="recruitment_rate") as e:
        plaza.run(set={"recruitment_rate": 1.7})
    assert "1.7" in str(e.value)


def test_bad_scenario_path_raises(tmp_path):
    missing = tmp_path / "no-such.yaml"
    with pytest.raises(plaza.PlazaError) as e:
        plaza.run(missing)
    assert e.value.status == -1
    assert str(missing) in str(e.value)


def test_bad_policy_raises(data, source):
    with pytest.raises(plaza.InputError, match="no_such_policy"):
        plaza.run(source / "scenarios" / "pc2023.yaml", data=data,
                  policy="no_such_policy")


def test_national_scenario_has_no_regional_tables(data, source):
    with pytest.raises(ValueError, match="no regions"):
        plaza.run(source / "scenarios" / "pc2023.yaml", data=data,
                  tables=["regions"])


def test_default_data_directory_is_found(monkeypatch, source):
    """With no data= and no PLAZA_DATA, a scenario that reads data files
    finds the repository's data/ (pz_data_dir_default)."""
    monkeypatch.delenv("PLAZA_DATA", raising=False)
    r = plaza.run(str(source / "scenarios" / "pc2023.yaml"),
                  deterministic=True, set={"steps": 4}, tables=["national"])
    assert len(r.national) == 5
    assert r.national.members.iloc[0] > 100000
