# SPDX-License-Identifier: GPL-3.0-or-later
"""plaza.params: every parameter of `plaza params`, with its table's
unit, default and range."""

import numpy as np

import plaza


def test_params_match_the_command(run_cli):
    p = plaza.params()
    assert list(p.columns) == ["name", "type", "unit", "default",
                               "default_text", "min", "max", "choices",
                               "dynamic", "description", "source"]
    # the command's Markdown table: | `name` | type | unit | default | ...
    rows = [line.split(" | ") for line in
            run_cli("params", "--markdown").splitlines()[2:]]
    assert len(rows) == len(p) and len(p) > 80
    assert [r[0].strip("| `") for r in rows] == list(p.name)
    assert [r[1] for r in rows] == list(p.type)
    assert [r[2] for r in rows] == list(p.unit)
    assert [r[3] for r in rows] == list(p.default_text)
    assert p.name.is_unique
    assert p.description.str.len().gt(0).all()
    assert p.source.str.len().gt(0).all()
    num = p[p.type.isin(["real", "integer"])]
    assert ((num["min"] <= num["default"]) &
            (num["default"] <= num["max"])).all()
    assert np.isnan(p.loc[p.name == "mode", "min"]).all()
    mode = p.set_index("name").loc["mode"]
    assert mode.choices == "stochastic, deterministic"
    rr = p.set_index("name").loc["recruitment_rate"]
    assert rr.unit == "1/week" and rr.dynamic
