/*
 * store.h - the SQLite store of runs shared by sweeps, ensembles and
 * comparisons (schema: plaza/sweep.h, docs/OUTPUTS.md).  One store
 * records one experiment (a row of `sweeps`, whose design is grid, lhs,
 * sobol, ensemble or compare, with its data files), committed when
 * opened; its runs are committed in batches (PZ__STORE_BATCH runs, or
 * every 2 seconds) and the last batch with the experiment's `finished`
 * time by pz__store_close(s, 1).  Writers wait for each other up to
 * PZ__STORE_BUSY_MS (PLAZA_DB_TIMEOUT seconds overrides it); the
 * database is in WAL mode, so readers block no writer
 * (docs/OUTPUTS.md, Concurrent use).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_EXP_STORE_H
#define PLAZA_EXP_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "plaza/scenario.h"

typedef struct pz__store pz__store;

/* The outcomes recorded per run: the first PZ__NOUT for every run (over
 * the whole run), the others, sums over a comparison's policy period, for
 * the runs of a comparison only. */
enum { PZ__NOUT = 6, PZ__NOUT_PERIOD = 9 };
enum { PZ__STORE_BATCH = 256, PZ__STORE_BUSY_MS = 60000 };
extern const char *const pz__outcome_names[PZ__NOUT_PERIOD];

/* Runs sc for replicate rep to its end and fills y[0..PZ__NOUT) and, when
 * from >= 0, y[PZ__NOUT..PZ__NOUT_PERIOD): deaths, arrests and homicides
 * of the weeks ending at the steps after `from`.  On failure err holds
 * the model's message. */
pz_status pz__run_outcomes(const pz_scenario *sc, uint32_t rep, long from,
                           double *y, pz_error *err);

/* Opens (creating if missing) the database at path and adds one row to
 * `sweeps` (its policy column: policy, may be NULL) and the scenario's
 * data files.  A database that cannot be opened, created or written is
 * PZ_ERR_INPUT (the --db option's value), and nothing is recorded; one
 * locked by another process past the busy timeout is PZ_ERR_IO. */
pz_status pz__store_open(const char *path, const pz_scenario *sc,
                         const char *design, size_t points, uint32_t reps,
                         const char *policy, const char *command,
                         pz__store **out, pz_error *err);
/* Records one run: its point, replicate and policy (may be NULL), the
 * swept parameters (names and values, n of them) and its first nout
 * outcomes (PZ__NOUT or PZ__NOUT_PERIOD).  names must stay valid until
 * the store is closed.  A failed batch commit (PZ_ERR_IO) keeps the runs
 * pending, for the next commit to retry. */
pz_status pz__store_run(pz__store *s, size_t point, uint32_t replicate,
                        const char *policy, const char *const *names,
                        const double *values, size_t n, const double *outcomes,
                        size_t nout, pz_error *err);
/* Commits the pending runs and marks the experiment finished (commit !=
 * 0), or drops the pending runs (the batches committed before stay), and
 * closes.  NULL is allowed. */
pz_status pz__store_close(pz__store *s, int commit, pz_error *err);

#endif /* PLAZA_EXP_STORE_H */
