# SPDX-License-Identifier: GPL-3.0-or-later
"""plaza from Python: runs, ensembles, comparisons and the parameter table
of libplaza as pandas DataFrames, through the library's public C API
(include/plaza/) loaded with cffi.  See docs/PYTHON.md.

    import plaza
    r = plaza.run(seed=7)                  # the embedded default
    r.national.plot(x="date", y="homicides")
"""

import os
import tempfile

import numpy as np
import pandas as pd

from ._lib import (InputError, InternalError, OutOfMemoryError, OutputError,
                   PlazaError, check, ffi, lib)
from ._lib import path as library_path

__all__ = ["run", "ensemble", "compare", "params", "version", "Run",
           "PlazaError", "InputError", "OutOfMemoryError", "OutputError",
           "InternalError", "library_path"]

_SIZE_MAX = int(ffi.cast("size_t", -1))
_TABLES = ("national", "groups", "regions", "events", "government",
           "payroll")
_REGIONAL = _TABLES[2:]
_TEXT = {"group", "other", "region", "region_name", "event", "outcome",
         "origin", "level", "controller"}


def version():
    """libplaza's version string (pz_version)."""
    return ffi.string(lib.pz_version()).decode()


def _str(p):
    return ffi.string(p).decode("utf-8") if p != ffi.NULL else None


def _param_id(name):
    i = lib.pz_param_lookup(name.encode())
    if i < 0:
        raise InternalError(-4, "plaza: no parameter %r in libplaza" % name)
    return i


def _assignments(set):
    """The --set assignments of a dict {key: value} or of "key=value"
    strings."""
    if set is None:
        return []
    if isinstance(set, str):
        set = [set]
    if isinstance(set, dict):
        out = []
        for k, v in set.items():
            if isinstance(v, bool) or not isinstance(v, (int, float, str,
                                                          np.number)):
                raise TypeError("plaza: set[%r]: expected a number or a "
                                "string, got %r" % (k, v))
            # repr of a float reads back to the same double
            text = v if isinstance(v, str) else repr(
                float(v) if isinstance(v, (float, np.floating)) else int(v))
            out.append("%s=%s" % (k, text))
        return out
    return [str(a) for a in set]


class _Scenario:
    """A loaded pz_scenario, freed on leaving the with block."""

    def __init__(self, scenario, seed, policy, set, data, deterministic):
        self.ptr = ffi.NULL
        err = ffi.new("pz_error *")
        out = ffi.new("pz_scenario **")
        if data is None:  # PLAZA_DATA, else the data plaza ships
            found = lib.pz_data_dir_default()
            data = os.fsdecode(ffi.string(found)) if found != ffi.NULL else None
        cdata = os.fsencode(data) if data is not None else ffi.NULL
        if scenario is None:
            check(lib.pz_scenario_load_default(out, err), err)
        else:
            check(lib.pz_scenario_load_file(os.fsencode(scenario), cdata,
                                            out, err), err)
        self.ptr = out[0]
        try:
            # in the order of the command line: --set, --seed, the mode,
            # --policy
            assignments = _assignments(set)
            if seed is not None:
                assignments.append("seed=%d" % int(seed))
            if deterministic is not None:
                assignments.append("mode=" + ("deterministic" if deterministic
                                              else "stochastic"))
            for a in assignments:
                check(lib.pz_scenario_set(self.ptr, a.encode(), err), err)
            if policy is not None:
                check(lib.pz_scenario_use_policy(self.ptr, policy.encode(),
                                                 err), err)
        except BaseException:
            self.close()
            raise

    def param(self, name):
        return lib.pz_scenario_param(self.ptr, _param_id(name))

    def close(self):
        if self.ptr != ffi.NULL:
            lib.pz_scenario_free(self.ptr)
            self.ptr = ffi.NULL

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Run(dict):
    """The tables of one run, by name ("national", "groups", and for
    scenarios with regions "regions", "events", "government", "payroll"),
    also readable as attributes (r.national).  scenario, policy, seed,
    replicate and mode say what was run."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __repr__(self):
        return "<plaza.Run %s policy=%s seed=%d replicate=%d %s: %s>" % (
            self.scenario, self.policy, self.seed, self.replicate, self.mode,
            ", ".join("%s %d rows" % (k, len(v)) for k, v in self.items()))


def _struct_dtype(ctype, fields):
    """The numpy dtype of C structure ctype (offsets from cffi)."""
    return np.dtype({"names": [f for f, _ in fields],
                     "formats": [t for _, t in fields],
                     "offsets": [ffi.offsetof(ctype, f) for f, _ in fields],
                     "itemsize": ffi.sizeof(ctype)})


_REGION_DTYPE = _struct_dtype("pz_region_stats", [
    ("population", "f8"), ("members", "f8"), ("homicides", "f8"),
    ("deaths", "f8"), ("arrests", "f8"), ("controller", "i%d" %
                                          ffi.sizeof("long")),
    ("controller_share", "f8"), ("groups", "u%d" % ffi.sizeof("size_t"))])


def _dates(days):
    return pd.to_datetime(np.asarray(days, dtype="int64"), unit="D")


def _frame(columns, dates_of_steps):
    """A DataFrame of the dict columns whose 'step' column indexes
    dates_of_steps (the days of every step), with the date second."""
    steps = np.asarray(columns.pop("step"), dtype="int64")
    out = {"step": steps,
           "date": _dates(np.asarray(dates_of_steps, dtype="int64")[steps]
                          if len(steps) else [])}
    for k, v in columns.items():
        # text columns stay text (object) when the table is empty
        out[k] = np.asarray(v, dtype=object) if k in _TEXT and \
            isinstance(v, list) else v
    return pd.DataFrame(out)


def run(scenario=None, seed=None, policy=None, set=None, replicate=0,
        data=None, deterministic=None, tables=None):
    """Runs a scenario from step 0 to its end and returns its tables.

    scenario: a scenario file (None: the embedded default, as `plaza run`);
    seed, policy, set ({key: value} or ["key=value", ...]), replicate and
    deterministic (True, False, or None for the scenario's mode) as the
    options of `plaza run`; data: the data directory (None: PLAZA_DATA, else the
    repository's or the installation's data/);
    tables: the names of the tables wanted (None: all the scenario has).

    The tables are those of `plaza run`'s run directory (docs/OUTPUTS.md),
    one DataFrame each, read from the model through pz_model_step() and
    the pz_model_* accessors.  Their values are the model's doubles in
    full; the CSV files round them to six decimals.  Missing text (no
    controller, no other group) is None.  Raises PlazaError."""
    want = _TABLES if tables is None else tuple(tables)
    for t in want:
        if t not in _TABLES:
            raise ValueError("plaza.run: tables: no table %r (known: %s)"
                             % (t, ", ".join(_TABLES)))
    with _Scenario(scenario, seed, policy, set, data, deterministic) as sc:
        regions_output = sc.param("regions_output")
        mode = "deterministic" if sc.param("mode") == 1 else "stochastic"
        out = Run()
        out.scenario = _str(lib.pz_scenario_name(sc.ptr))
        out.policy = _str(lib.pz_scenario_policy(sc.ptr))
        out.seed = int(sc.param("seed"))
        out.replicate = int(replicate)
        out.mode = mode
        err = ffi.new("pz_error *")
        mp = ffi.new("pz_model **")
        check(lib.pz_model_create(sc.ptr, int(replicate), mp, err), err)
    m = ffi.gc(mp[0], lib.pz_model_destroy)
    try:
        # PZ_ROUT_REGIONS (1) writes the scenario's own regions
        level = lib.PZ_LEVEL_REGIONS if regions_output == 1 \
            else lib.PZ_LEVEL_STATES
        regional = lib.pz_model_region_count(m, level) > 0
        if tables is not None and not regional:
            for t in want:
                if t in _REGIONAL:
                    raise ValueError("plaza.run: tables: %s has no regions, "
                                     "so no %s table" % (out.scenario, t))
        _collect(m, level, regional, want, out)
    finally:
        ffi.release(m)
    return out


def _collect(m, level, regional, want, out):
    """Steps m to its end, gathering the tables named in want into out."""
    L = lib
    steps = L.pz_model_steps(m)
    days = [L.pz_model_date(m, t) for t in range(steps + 1)]
    fl = ffi.new("pz_flows *")
    gs = ffi.new("pz_gov_stats *")
    active = ffi.new("size_t *")
    bribes = ffi.new("double *")
    err = ffi.new("pz_error *")
    names = []

    def group_names():
        for i in range(len(names), L.pz_model_group_count(m)):
            names.append(_str(L.pz_model_group_name(m, i)))

    group_names()
    flows = ("members", "recruits", "arrests", "deaths", "exits")
    do_nat = "national" in want
    do_grp = "groups" in want
    do_reg = regional and "regions" in want
    do_evt = regional and "events" in want
    do_gov = regional and "government" in want
    do_pay = regional and "payroll" in want
    nat = {k: [] for k in ("step",) + flows + ("groups", "homicides")}
    grp_step, grp_name, grp_vals = [], [], []
    nreg = L.pz_model_region_count(m, level) if regional else 0
    rcode = [_str(L.pz_model_region_code(m, level, i)) for i in range(nreg)]
    rname = [_str(L.pz_model_region_name(m, level, i)) for i in range(nreg)]
    rarr = ffi.new("pz_region_stats[]", max(nreg, 1))
    reg_rows, reg_ctl = [], []
    garr = ffi.new("pz_flows[]", 1)
    evt = {k: [] for k in ("step", "event", "outcome", "group", "other",
                           "region", "region_name", "origin", "members",
                           "new_groups")}
    gov = {k: [] for k in ("step", "level", "offices", "indirect", "direct",
                           "bribes", "officials_killed", "candidates_killed")}
    pay = {k: [] for k in ("step", "level", "group", "offices", "share",
                           "bribes")}
    levels = [(g, _str(L.pz_gov_level_name(g))) for g in range(3)]
    group_fn, region_fn, payroll_fn = (L.pz_model_group, L.pz_model_region,
                                       L.pz_model_payroll)
    t = 0
    while True:
        if do_nat:
            L.pz_model_totals(m, fl, active)
            nat["step"].append(t)
            for k in flows:
                nat[k].append(getattr(fl, k))
            nat["groups"].append(active[0])
            nat["homicides"].append(L.pz_model_homicides(m))
        if do_reg:
            for i in range(nreg):
                region_fn(m, level, i, rarr + i)
            a = np.frombuffer(ffi.buffer(rarr, nreg * ffi.sizeof(
                "pz_region_stats")), dtype=_REGION_DTYPE).copy()
            reg_rows.append(a)
            reg_ctl.extend(names[c] if c >= 0 else None
                           for c in a["controller"].tolist())
        if do_evt:
            for k in range(L.pz_model_event_count(m)):
                _event(m, L.pz_model_event(m, k), t, names, evt)
        if do_gov or do_pay:
            for g, lname in levels:
                L.pz_model_government(m, g, gs)
                if do_gov:
                    gov["step"].append(t)
                    gov["level"].append(lname)
                    gov["offices"].append(gs.offices)
                    gov["indirect"].append(gs.indirect)
                    gov["direct"].append(gs.direct)
                    gov["bribes"].append(gs.bribes)
                    gov["officials_killed"].append(gs.officials_killed)
                    gov["candidates_killed"].append(gs.candidates_killed)
                if not do_pay:
                    continue
                for i in range(len(names)):
                    n = payroll_fn(m, g, i, bribes)
                    if n == 0 and bribes[0] == 0:
                        continue
                    pay["step"].append(t)
                    pay["level"].append(lname)
                    pay["group"].append(names[i])
                    pay["offices"].append(n)
                    pay["share"].append(n / gs.offices if gs.offices else 0.0)
                    pay["bribes"].append(bribes[0])
        if do_grp:
            ng = len(names)
            if ng > len(garr):
                garr = ffi.new("pz_flows[]", 2 * ng)
            for i in range(ng):
                group_fn(m, i, garr + i)
            grp_vals.append(np.frombuffer(
                ffi.buffer(garr, ng * ffi.sizeof("pz_flows")),
                dtype="float64").reshape(ng, 5).copy())
            grp_step.append(np.full(ng, t, dtype="int64"))
            grp_name.extend(names)
        if t >= steps:
            break
        check(L.pz_model_step(m, err), err)
        t = L.pz_model_time(m)
        group_names()

    if do_nat:
        nat["groups"] = np.asarray(nat["groups"], dtype="int64")
        out["national"] = _frame(nat, days)
    if do_grp:
        vals = np.concatenate(grp_vals)
        cols = {"step": np.concatenate(grp_step),
                "group": np.asarray(grp_name, dtype=object)}
        for j, k in enumerate(flows):
            cols[k] = vals[:, j]
        out["groups"] = _frame(cols, days)
    if do_reg:
        a = np.concatenate(reg_rows)
        nsteps = len(reg_rows)
        cols = {"step": np.repeat(np.arange(nsteps, dtype="int64"), nreg),
                "region": np.tile(np.asarray(rcode, dtype=object), nsteps),
                "region_name": np.tile(np.asarray(rname, dtype=object),
                                       nsteps)}
        for k in ("population", "members", "homicides", "deaths",
                  "arrests"):
            cols[k] = a[k]
        cols["groups"] = a["groups"].astype("int64")
        cols["controller"] = np.asarray(reg_ctl, dtype=object)
        cols["controller_share"] = a["controller_share"]
        out["regions"] = _frame(cols, days)
    if do_evt:
        evt["new_groups"] = np.asarray(evt["new_groups"], dtype="int64")
        evt["members"] = np.asarray(evt["members"], dtype="float64")
        out["events"] = _frame(evt, days)
    if do_gov:
        for k in ("offices", "indirect", "direct"):
            gov[k] = np.asarray(gov[k], dtype="int64")
        out["government"] = _frame(gov, days)
    if do_pay:
        pay["offices"] = np.asarray(pay["offices"], dtype="int64")
        for k in ("share", "bribes"):
            pay[k] = np.asarray(pay[k], dtype="float64")
        out["payroll"] = _frame(pay, days)


def _event(m, e, t, names, evt):
    """One row of the events table (as src/exp/run.c writes it)."""
    L = lib
    if e.other != _SIZE_MAX:
        other = names[e.other]
    elif e.new_count:
        other = ";".join(names[e.faction[j]]
                         for j in range(min(e.new_count, 7)))
    else:
        other = None
    has_region = e.region != _SIZE_MAX
    evt["step"].append(t)
    evt["event"].append(_str(L.pz_event_kind_name(e.kind)))
    evt["outcome"].append(_str(L.pz_event_outcome_name(e.outcome)) or None)
    evt["group"].append(names[e.group])
    evt["other"].append(other)
    evt["region"].append(_str(L.pz_model_region_code(
        m, L.PZ_LEVEL_REGIONS, e.region)) if has_region else None)
    evt["region_name"].append(_str(L.pz_model_region_name(
        m, L.PZ_LEVEL_REGIONS, e.region)) if has_region else None)
    evt["origin"].append("dated" if e.scripted else "drawn")
    evt["members"].append(e.members)
    evt["new_groups"].append(e.new_count)


def _read_summary(path):
    """A summary table of an ensemble run directory, as a DataFrame."""
    df = pd.read_csv(path, dtype={"region": str}, keep_default_na=False,
                     na_values=["NA"], float_precision="round_trip")
    df["date"] = pd.to_datetime(df["date"])
    return df


def ensemble(scenario=None, n=100, threads=None, seed=None, policy=None,
             set=None, data=None, deterministic=None, table="national",
             db=None):
    """Runs replicates 0..n-1 of a scenario (pz_ensemble_run) and returns
    the quantile bands: one row per step and variable with mean, q05, q25,
    q50, q75 and q95 (table="national"), or per step, state and variable
    (table="regions", scenarios with regions).  threads: worker threads
    (None: every processor); the bands are the same for any number.  db:
    also record every replicate in this SQLite database.  The library
    writes the bands only to a run directory, so they are written into a
    temporary one and read back.  Raises PlazaError."""
    if table not in ("national", "regions"):
        raise ValueError("plaza.ensemble: table: 'national' or 'regions', "
                         "got %r" % (table,))
    if threads is None:
        threads = os.cpu_count() or 1
    with _Scenario(scenario, seed, policy, set, data, deterministic) as sc, \
            tempfile.TemporaryDirectory(prefix="plaza-ensemble-") as tmp:
        opt = ffi.new("pz_ensemble_options *")
        out_dir = ffi.new("char[]", os.fsencode(tmp))
        cdb = ffi.new("char[]", os.fsencode(db)) if db is not None \
            else ffi.NULL
        opt.out_dir = out_dir
        opt.n = int(n)
        opt.threads = int(threads)
        opt.db = cdb
        err = ffi.new("pz_error *")
        check(lib.pz_ensemble_run(sc.ptr, opt, err), err)
        path = os.path.join(tmp, table + "_summary.csv")
        if not os.path.exists(path):
            raise ValueError("plaza.ensemble: %s has no regions" %
                             _str(lib.pz_scenario_name(sc.ptr)))
        return _read_summary(path)


_OUTCOMES = ("members", "deaths", "arrests", "homicides")


def compare(scenario=None, policies=None, n=100, replicate=0, seed=None,
            set=None, data=None, deterministic=None, level=0.95, db=None):
    """Runs two policies (A, B) of a scenario over replicates
    replicate..replicate+n-1 with common random numbers
    (pz_compare_run) and returns B minus A for each outcome (members at
    the end; member deaths, arrests and homicides over the policy period):
    the mean difference, its interval at the confidence level (low, high,
    half) and, in stochastic mode, the same with independent seeds
    (ind_*).  In deterministic mode one run is made and the intervals are
    NaN.  attrs: n, period_start (step), period_start_date, policies.
    Raises PlazaError."""
    if policies is None or isinstance(policies, str) or len(policies) != 2:
        raise ValueError("plaza.compare: policies: give two, (A, B)")
    with _Scenario(scenario, seed, policies[0], set, data,
                   deterministic) as a, \
            _Scenario(scenario, seed, policies[1], set, data,
                      deterministic) as b:
        stochastic = a.param("mode") == 0
        n = int(n) if stochastic else 1
        if n < 2 and stochastic:
            raise InputError(-1, "plaza.compare: n: at least 2 replicates "
                             "for an interval, got %d" % n)
        nout = lib.PZ_COMPARE_NOUT
        y = ffi.new("double[]", n * 3 * nout)
        opt = ffi.new("pz_compare_options *")
        cdb = ffi.new("char[]", os.fsencode(db)) if db is not None \
            else ffi.NULL
        opt.first = int(replicate)
        opt.n = n
        opt.db = cdb
        err = ffi.new("pz_error *")
        check(lib.pz_compare_run(a.ptr, b.ptr, opt, y, err), err)
        s = ffi.new("pz_compare_summary *")
        check(lib.pz_compare_summarize(y, n, 1 if stochastic else 0,
                                       float(level), s, err), err)
        start = lib.pz_compare_period_start(a.ptr, b.ptr)
        start_day = int(a.param("start")) + 7 * start
    rows = {}
    for k, name in enumerate(_OUTCOMES):
        c, i = s.crn[k], s.ind[k]
        ind = s.independent
        rows[name] = {
            "difference": c.mean, "low": c.mean - c.half,
            "high": c.mean + c.half, "half": c.half,
            "ind_difference": i.mean if ind else np.nan,
            "ind_low": i.mean - i.half if ind else np.nan,
            "ind_high": i.mean + i.half if ind else np.nan,
            "ind_half": i.half if ind else np.nan}
    df = pd.DataFrame.from_dict(rows, orient="index")
    df.index.name = "outcome"
    df.attrs.update(n=int(s.n), policies=tuple(policies), level=level,
                    period_start=int(start),
                    period_start_date=_dates([start_day])[0])
    return df


def params():
    """Every parameter of the table (pz_param_info_get): name, type, unit,
    default (numeric: a choice's index, a date's days since 1970-01-01),
    default_text (as `plaza params` prints it), min and max (NaN for
    choices and dates), choices, dynamic (may change on the timeline),
    description and source."""
    types = ("real", "integer", "choice", "date")
    rows = []
    buf = ffi.new("char[64]")
    i = 0
    while True:
        p = lib.pz_param_info_get(i)
        if p == ffi.NULL:
            break
        numeric = p.type in (lib.PZ_PARAM_REAL, lib.PZ_PARAM_INT)
        choices = None
        if p.type == lib.PZ_PARAM_ENUM:
            c, k = [], 0
            while p.choices[k] != ffi.NULL:
                c.append(_str(p.choices[k]))
                k += 1
            choices = ", ".join(c)
        rows.append({
            "name": _str(p.name), "type": types[p.type], "unit": _str(p.unit),
            "default": getattr(p, "def"),  # "def" is a Python keyword
            "default_text": _str(lib.pz_param_format(i, getattr(p, "def"),
                                                     buf, 64)),
            "min": p.min if numeric else np.nan,
            "max": p.max if numeric else np.nan,
            "choices": choices, "dynamic": bool(p.dynamic),
            "description": _str(p.description), "source": _str(p.source)})
        i += 1
    return pd.DataFrame(rows)
