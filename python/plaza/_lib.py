# SPDX-License-Identifier: GPL-3.0-or-later
"""libplaza.so through cffi's ABI mode: the declarations of the public C
API this package calls (a copy of include/plaza/*.h, checked against the
headers' sizes and offsets by tests/python/test_layout.py), the search for
the library, and plaza's errors as Python exceptions."""

import ctypes.util
import os
from pathlib import Path

import cffi

# The declarations, as in include/plaza/.  Enumerations whose values the
# package does not need are passed as int (their C type is int-sized).
CDEF = """
typedef enum pz_status {
    PZ_OK = 0, PZ_ERR_INPUT = -1, PZ_ERR_NOMEM = -2, PZ_ERR_IO = -3,
    PZ_ERR_INTERNAL = -4
} pz_status;
typedef struct pz_error { pz_status status; char msg[1024]; } pz_error;
const char *pz_strerror(pz_status status);
const char *pz_version(void);

/* params.h */
typedef int pz_param_id;
typedef enum pz_param_type {
    PZ_PARAM_REAL, PZ_PARAM_INT, PZ_PARAM_ENUM, PZ_PARAM_DATE
} pz_param_type;
typedef struct pz_param_info {
    const char *name;
    pz_param_type type;
    const char *unit;
    double def;
    double min, max;
    const char *const *choices;
    int dynamic;
    const char *description;
    const char *source;
} pz_param_info;
const pz_param_info *pz_param_info_get(pz_param_id id);
int pz_param_lookup(const char *name);
const char *pz_param_format(pz_param_id id, double value, char *buf,
                            size_t n);

/* date.h */
const char *pz_date_format(long days, char *buf, size_t n);

/* scenario.h */
typedef struct pz_scenario pz_scenario;
pz_status pz_scenario_load_file(const char *path, const char *data_dir,
                                pz_scenario **out, pz_error *err);
pz_status pz_scenario_load_default(pz_scenario **out, pz_error *err);
const char *pz_data_dir_default(void);
void pz_scenario_free(pz_scenario *sc);
pz_status pz_scenario_set(pz_scenario *sc, const char *assignment,
                          pz_error *err);
pz_status pz_scenario_use_policy(pz_scenario *sc, const char *policy,
                                 pz_error *err);
double pz_scenario_param(const pz_scenario *sc, pz_param_id id);
const char *pz_scenario_name(const pz_scenario *sc);
const char *pz_scenario_source(const pz_scenario *sc);
size_t pz_scenario_policy_count(const pz_scenario *sc);
const char *pz_scenario_policy_name(const pz_scenario *sc, size_t i);
const char *pz_scenario_policy(const pz_scenario *sc);

/* model.h */
typedef struct pz_model pz_model;
typedef struct pz_flows {
    double members, recruits, arrests, deaths, exits;
} pz_flows;
typedef enum pz_level { PZ_LEVEL_REGIONS = 0, PZ_LEVEL_STATES = 1 } pz_level;
typedef struct pz_region_stats {
    double population;
    double members;
    double homicides;
    double deaths;
    double arrests;
    long controller;
    double controller_share;
    size_t groups;
} pz_region_stats;
typedef enum pz_event_kind {
    PZ_EVENT_CAPTURE = 0, PZ_EVENT_KILLING = 1, PZ_EVENT_EXTRADITION = 2,
    PZ_EVENT_DEFECTION = 3, PZ_EVENT_BREAKAWAY = 4, PZ_EVENT_TRANSFER = 5,
    PZ_EVENT_LIEUTENANT = 6
} pz_event_kind;
typedef enum pz_event_outcome {
    PZ_OUTCOME_NONE = 0, PZ_OUTCOME_SUCCESSION = 1, PZ_OUTCOME_SPLIT = 2,
    PZ_OUTCOME_DEFECTED = 3
} pz_event_outcome;
typedef struct pz_event {
    pz_event_kind kind;
    pz_event_outcome outcome;
    int scripted;
    size_t group;
    size_t other;
    size_t region;
    size_t first_new;
    size_t new_count;
    size_t faction[7];
    double members;
} pz_event;
typedef enum pz_gov_level {
    PZ_GOV_MUNICIPAL = 0, PZ_GOV_STATE = 1, PZ_GOV_FEDERAL = 2
} pz_gov_level;
typedef struct pz_gov_stats {
    size_t offices;
    size_t indirect, direct;
    double bribes;
    double officials_killed;
    double candidates_killed;
} pz_gov_stats;
pz_status pz_model_create(const pz_scenario *sc, uint32_t replicate,
                          pz_model **out, pz_error *err);
void pz_model_destroy(pz_model *m);
pz_status pz_model_step(pz_model *m, pz_error *err);
uint32_t pz_model_time(const pz_model *m);
uint32_t pz_model_steps(const pz_model *m);
long pz_model_date(const pz_model *m, uint32_t t);
size_t pz_model_group_count(const pz_model *m);
const char *pz_model_group_name(const pz_model *m, size_t i);
void pz_model_group(const pz_model *m, size_t i, pz_flows *out);
void pz_model_totals(const pz_model *m, pz_flows *out, size_t *active);
double pz_model_homicides(const pz_model *m);
size_t pz_model_region_count(const pz_model *m, pz_level level);
const char *pz_model_region_code(const pz_model *m, pz_level level, size_t i);
const char *pz_model_region_name(const pz_model *m, pz_level level, size_t i);
void pz_model_region(const pz_model *m, pz_level level, size_t i,
                     pz_region_stats *out);
size_t pz_model_event_count(const pz_model *m);
const pz_event *pz_model_event(const pz_model *m, size_t k);
const char *pz_event_kind_name(pz_event_kind k);
const char *pz_event_outcome_name(pz_event_outcome o);
void pz_model_government(const pz_model *m, pz_gov_level level,
                         pz_gov_stats *out);
size_t pz_model_payroll(const pz_model *m, pz_gov_level level, size_t group,
                        double *bribes);
const char *pz_gov_level_name(pz_gov_level level);

/* ensemble.h */
typedef struct pz_ensemble_options {
    const char *out_dir;
    uint32_t n;
    unsigned threads;
    const char *command;
    const char *db;
    void (*progress)(void *ud, uint32_t done, uint32_t total);
    void *progress_ud;
    unsigned rank, nranks;
    void (*combine)(double *buf, size_t n, void *ud);
    void *combine_ud;
} pz_ensemble_options;
uint32_t pz_ensemble_replicates(const pz_scenario *sc, uint32_t n);
pz_status pz_ensemble_run(const pz_scenario *sc,
                          const pz_ensemble_options *opt, pz_error *err);

/* compare.h */
enum {
    PZ_COMPARE_MEMBERS, PZ_COMPARE_DEATHS, PZ_COMPARE_ARRESTS,
    PZ_COMPARE_HOMICIDES, PZ_COMPARE_NOUT
};
typedef struct pz_compare_options {
    uint32_t first;
    uint32_t n;
    const char *db;
    const char *command;
} pz_compare_options;
long pz_compare_period_start(const pz_scenario *a, const pz_scenario *b);
pz_status pz_compare_run(const pz_scenario *a, const pz_scenario *b,
                         const pz_compare_options *opt, double *y,
                         pz_error *err);
typedef struct pz_compare_interval { double mean; double half; }
    pz_compare_interval;
typedef struct pz_compare_summary {
    uint32_t n;
    int independent;
    pz_compare_interval crn[4];
    pz_compare_interval ind[4];
} pz_compare_summary;
pz_status pz_compare_summarize(const double *y, uint32_t n, int independent,
                               double level, pz_compare_summary *out,
                               pz_error *err);
"""

ffi = cffi.FFI()
ffi.cdef(CDEF)


class PlazaError(Exception):
    """An error reported by libplaza: .status is the pz_status code (a
    negative int), .message plaza's message (pz_error.msg)."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class InputError(PlazaError, ValueError):
    """PZ_ERR_INPUT: a bad scenario, data file, option or value."""


class OutOfMemoryError(PlazaError, MemoryError):
    """PZ_ERR_NOMEM: an allocation failed."""


class OutputError(PlazaError, OSError):
    """PZ_ERR_IO: an output could not be written."""


class InternalError(PlazaError):
    """PZ_ERR_INTERNAL: a broken invariant, a bug in plaza."""


_BY_STATUS = {-1: InputError, -2: OutOfMemoryError, -3: OutputError,
              -4: InternalError}


def error(status, message):
    """The exception for a pz_status and message."""
    return _BY_STATUS.get(int(status), PlazaError)(int(status), message)


def check(status, err):
    """Raises the status's exception with err's message unless PZ_OK."""
    if status != 0:
        msg = ffi.string(err.msg).decode("utf-8", "replace")
        raise error(status, msg or "plaza: status %d" % status)


def _candidates():
    """Where libplaza.so is looked for, in order (docs/PYTHON.md)."""
    env = os.environ.get("PLAZA_LIBRARY")
    if env:
        return [env], True
    here = Path(__file__).resolve().parent
    found = []
    # a checkout: python/plaza/ beside build/<preset>/libplaza.so
    build = here.parent.parent / "build"
    for preset in ("dev", "release"):
        found.append(build / preset / "libplaza.so")
    # an installation under a prefix: PREFIX/lib*/.../plaza/ and
    # PREFIX/lib*/libplaza.so
    for up in here.parents:
        if up.name.startswith("lib"):
            found.append(up / "libplaza.so")
            found.append(up / "libplaza.so.0")
    found = [str(p) for p in found if p.exists()]
    name = ctypes.util.find_library("plaza")
    if name:
        found.append(name)
    return found, False


def load():
    """Opens libplaza.so (PLAZA_LIBRARY, else the build tree, else the
    system's library path).  Raises OSError saying where it looked."""
    paths, explicit = _candidates()
    if explicit and not os.path.exists(paths[0]):
        raise OSError("plaza: PLAZA_LIBRARY=%s: no such file" % paths[0])
    errors = []
    for p in paths:
        try:
            return ffi.dlopen(p), p
        except OSError as e:
            errors.append("%s: %s" % (p, e))
    raise OSError(
        "plaza: libplaza.so not found: set PLAZA_LIBRARY to its path, or "
        "build it (cmake --preset dev && cmake --build build/dev)"
        + ("; tried " + "; ".join(errors) if errors else ""))


lib, path = load()
