/*
 * compare.h - two policies of a scenario run over the same replicates.
 *
 * pz_compare_run() runs arm A (a scenario with one policy selected) and
 * arm B (the same scenario with another) for replicates first..first+n-1:
 * replicate r of either arm draws the same random numbers wherever their
 * states agree (common random numbers).  In stochastic mode it also runs
 * B for replicates first+n..first+2n-1, which share no random numbers
 * with A's (independent seeds), so the two kinds of comparison can be set
 * side by side.  For each run it gives four outcomes: members at the end,
 * and member deaths, arrests and homicides summed over the policy period
 * (the weeks ending at the steps after pz_compare_period_start()).
 *
 * With a database, every run is recorded in the SQLite schema of
 * plaza/sweep.h as one experiment of design 'compare': points 2 (point 0
 * is arm A, point 1 arm B), replicates n, policy NULL; each run's row of
 * `runs` has its arm's policy, and its outcomes are the six of a sweep
 * (over the whole run) and deaths_period, arrests_period and
 * homicides_period (over the policy period).  Runs are recorded by arm,
 * then by replicate; nothing is recorded unless every run succeeded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_COMPARE_H
#define PLAZA_COMPARE_H

#include <stdint.h>

#include "plaza/plaza.h"
#include "plaza/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    PZ_COMPARE_MEMBERS,   /* national members at the last step */
    PZ_COMPARE_DEATHS,    /* members killed over the policy period */
    PZ_COMPARE_ARRESTS,   /* arrests over the policy period */
    PZ_COMPARE_HOMICIDES, /* homicides over the policy period */
    PZ_COMPARE_NOUT
};

typedef struct pz_compare_options {
    uint32_t first;      /* the first replicate */
    uint32_t n;          /* replicates, at least 1 (give 1 in deterministic
                          * mode, where every replicate is the same run) */
    const char *db;      /* record every run in this SQLite database (may
                          * be NULL) */
    const char *command; /* recorded (may be NULL) */
} pz_compare_options;

/* The step after which the policy period's flows are summed: the earlier
 * of the two policies' first changes, or 0 when neither changes
 * anything. */
long pz_compare_period_start(const pz_scenario *a, const pz_scenario *b);

/* Runs the comparison.  y receives n rows of 3 × PZ_COMPARE_NOUT values:
 * A's replicate first+r, B's replicate first+r and (stochastic mode only,
 * zero otherwise) B's replicate first+n+r.  The database is opened before
 * anything runs: one that cannot be opened or written is PZ_ERR_INPUT and
 * nothing runs. */
pz_status pz_compare_run(const pz_scenario *a, const pz_scenario *b,
                         const pz_compare_options *opt, double *y,
                         pz_error *err);

/* The mean of paired differences and the half-width of their Student's
 * t-interval. */
typedef struct pz_compare_interval {
    double mean;
    double half; /* NaN with fewer than 2 replicates */
} pz_compare_interval;

/* Each outcome's B minus A over the replicates. */
typedef struct pz_compare_summary {
    uint32_t n;      /* replicates */
    int independent; /* the independent seeds were run (stochastic mode) */
    /* B's replicate first+r minus A's: common random numbers */
    pz_compare_interval crn[PZ_COMPARE_NOUT];
    /* B's replicate first+n+r minus A's replicate first+r: independent
     * seeds (zero when not independent) */
    pz_compare_interval ind[PZ_COMPARE_NOUT];
} pz_compare_summary;

/* Summarises the n rows y of pz_compare_run: for each outcome the mean
 * difference and its t-interval at the confidence level (0.95 for 95%),
 * with common random numbers and, when independent, with independent
 * seeds.  PZ_ERR_INPUT for n of 0 or a level outside (0, 1); PZ_ERR_NOMEM
 * when out of memory. */
pz_status pz_compare_summarize(const double *y, uint32_t n, int independent,
                               double level, pz_compare_summary *out,
                               pz_error *err);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_COMPARE_H */
