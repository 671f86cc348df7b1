/*
 * store.h - the SQLite store of runs shared by sweeps and ensembles
 * (schema: plaza/sweep.h, docs/OUTPUTS.md).  One store records one
 * experiment (a row of `sweeps`, whose design is grid, lhs, sobol or
 * ensemble, with its data files) inside one transaction, committed by
 * pz__store_close(s, 1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_EXP_STORE_H
#define PLAZA_EXP_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "plaza/scenario.h"

typedef struct pz__store pz__store;

/* The outcomes recorded per run. */
enum { PZ__NOUT = 6 };
extern const char *const pz__outcome_names[PZ__NOUT];

pz_status pz__store_open(const char *path, const pz_scenario *sc,
                         const char *design, size_t points, uint32_t reps,
                         const char *command, pz__store **out, pz_error *err);
/* Records one run: its point and replicate, the swept parameters (names
 * and values, n of them) and the PZ__NOUT outcomes. */
pz_status pz__store_run(pz__store *s, size_t point, uint32_t replicate,
                        const char *const *names, const double *values,
                        size_t n, const double *outcomes, pz_error *err);
/* Commits (commit != 0) or rolls back, and closes.  NULL is allowed. */
pz_status pz__store_close(pz__store *s, int commit, pz_error *err);

#endif /* PLAZA_EXP_STORE_H */
