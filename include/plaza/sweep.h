/*
 * sweep.h - parameter sweeps recorded in a SQLite database.
 *
 * pz_sweep_run() runs a scenario at the points of a design over named
 * parameters, each point for a number of replicates, and records every run
 * in a SQLite database (schema in docs/OUTPUTS.md), which ensembles
 * (plaza/ensemble.h) and comparisons (plaza/compare.h) share:
 *   sweeps(sweep_id, created, plaza_version, command, scenario,
 *          scenario_sha256, policy, design, points, replicates, seed)
 *                                        one row per experiment; design
 *                                        grid, lhs, sobol, ensemble or
 *                                        compare
 *   runs(run_id, sweep_id, point, replicate, policy)
 *                                        policy: the policy the run
 *                                        applied (a comparison's arms are
 *                                        its points 0 and 1)
 *   parameters(run_id, name, value)      the swept parameters' values
 *   outcomes(run_id, name, value)        members_end, deaths_total,
 *                                        arrests_total, homicides_total,
 *                                        homicides_last_year, groups_end;
 *                                        for a comparison also
 *                                        deaths_period, arrests_period,
 *                                        homicides_period
 *   data_files(sweep_id, path, sha256)   the data files the scenario read
 * A database written before runs had a policy column gets one.  A
 * database that cannot be opened or written is PZ_ERR_INPUT.
 * Designs: grid (K levels per parameter, K^d points), Latin hypercube (K
 * points, one per stratum of every parameter, from the counter-based
 * random numbers of the scenario's seed) and Sobol (the first K points of
 * GSL's Sobol sequence).  Runs are spread over threads and recorded in
 * run order, so the database's contents do not depend on the number of
 * threads (but for 'created').
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_SWEEP_H
#define PLAZA_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "plaza/plaza.h"
#include "plaza/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pz_design {
    PZ_DESIGN_GRID,
    PZ_DESIGN_LHS,
    PZ_DESIGN_SOBOL
} pz_design;

typedef struct pz_sweep_param {
    const char *name; /* a real parameter (plaza params) */
    double lo, hi;    /* lo < hi, inside the parameter's range */
} pz_sweep_param;

typedef struct pz_sweep_options {
    const char *db; /* SQLite file, created or appended to */
    pz_design design;
    unsigned points;     /* grid: levels per parameter; else points */
    uint32_t replicates; /* per point (1 in deterministic mode) */
    unsigned threads;
    const char *command; /* recorded (may be NULL) */
    void (*progress)(void *ud, uint32_t done, uint32_t total);
    void *progress_ud;
} pz_sweep_options;

/* Parses "NAME=LO:HI" into *p (name points into text).  On failure fills
 * err: unknown or non-numeric parameter, malformed or empty range, range
 * outside the parameter's. */
pz_status pz_sweep_param_parse(char *text, pz_sweep_param *p, pz_error *err);

/* Runs the sweep.  Everything is checked before the database is opened:
 * bad input leaves no database behind. */
pz_status pz_sweep_run(const pz_scenario *sc, const pz_sweep_param *params,
                       size_t nparams, const pz_sweep_options *opt,
                       pz_error *err);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_SWEEP_H */
