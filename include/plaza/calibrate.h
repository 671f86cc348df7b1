/*
 * calibrate.h - fitting a scenario's parameters to Mexico's homicide data.
 *
 * The objective is the fit of plaza/fit.h at a point:
 *
 *   MAPE + 100 (1 - r)
 *
 * (r, the states' shares' Pearson r, only when the scenario has regions),
 * and with PZ_CALIBRATE_PC2023 also 100 times the relative distance of
 * members at the end of 2021 from 172,500 (the middle of PC2023's
 * 160,000-185,000) and of 2021's member deaths from 6,500; with
 * PZ_CALIBRATE_PC2023_MEMBERS the members' term only.
 *
 * pz_calibrate_run() searches the named parameters for its smallest value
 * with GSL's Nelder-Mead simplex (gsl_multimin_fminimizer_nmsimplex2) over
 * the parameters' logarithms, starting from their scenario values with a
 * step of 0.5 in each logarithm, until the simplex is smaller than 1e-3 or
 * after max_iter iterations.  Each evaluation is the mean of the same
 * replicates 0..replicates-1 (common random numbers), so the objective is a
 * fixed function of the parameters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_CALIBRATE_H
#define PLAZA_CALIBRATE_H

#include <stddef.h>

#include "plaza/fit.h"
#include "plaza/plaza.h"
#include "plaza/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PZ_CALIBRATE_MAX_PARAMS 64

/* The targets beside INEGI's homicides. */
typedef enum pz_calibrate_targets {
    PZ_CALIBRATE_HOMICIDES = 0,     /* MAPE + 100 (1 - r) alone */
    PZ_CALIBRATE_PC2023 = 1,        /* + PC2023's members and deaths */
    PZ_CALIBRATE_PC2023_MEMBERS = 2 /* + PC2023's members only */
} pz_calibrate_targets;

/* The objective at the fit f, for the targets t.  PZ_ERR_INPUT for an
 * unknown t.  The PC2023 terms count only when f covers 2021. */
pz_status pz_calibrate_objective(const pz_fit_result *f, pz_calibrate_targets t,
                                 double *out, pz_error *err);

/* Called every 10 iterations (0, 10, ...) with the iteration and the best
 * objective so far. */
typedef void (*pz_calibrate_progress)(void *ud, int iteration,
                                      double objective);

typedef struct pz_calibrate_options {
    const char *data_dir;      /* holds mexico/ (plaza/fit.h) */
    const char *const *params; /* the parameters' names, each a real one
                                * with a positive value in the scenario */
    size_t nparams;            /* 1..PZ_CALIBRATE_MAX_PARAMS */
    unsigned replicates;       /* per evaluation, at least 1 */
    unsigned threads;          /* at least 1; the result does not depend
                                * on it */
    int max_iter;              /* iterations at most (at least one runs) */
    pz_calibrate_targets targets;
    pz_calibrate_progress progress; /* may be NULL */
    void *progress_ud;
} pz_calibrate_options;

typedef struct pz_calibrate_result {
    double value[PZ_CALIBRATE_MAX_PARAMS]; /* the best point, by params */
    double objective;                      /* there */
    int iterations;                        /* of the simplex */
    int evaluations; /* points run (points outside a range are not) */
    int converged;   /* the simplex shrank below 1e-3 */
} pz_calibrate_result;

/* Runs the search.  On success sc holds the best values (set with
 * pz_scenario_set) and *out says what they are.  PZ_ERR_INPUT when no
 * parameter is named, when one is not a real parameter or does not start
 * positive; when every evaluation failed, the status and message of the
 * first failure (PZ_ERR_INPUT for a missing data directory, for example).
 * On failure sc may hold any of the points tried. */
pz_status pz_calibrate_run(pz_scenario *sc, const pz_calibrate_options *opt,
                           pz_calibrate_result *out, pz_error *err);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_CALIBRATE_H */
