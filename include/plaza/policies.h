/*
 * policies.h - every policy of a scenario run from the same state.
 *
 * pz_policies_run() runs, for each replicate, the scenario without a
 * policy up to the earliest step at which any of its policies acts (the
 * end of the run when none acts), and forks that state once per policy
 * (pz_model_fork) to run it to the end: every policy continues the same
 * state, and in stochastic mode replicate r of every policy draws the same
 * random numbers (common random numbers).  For each policy and replicate
 * it records, in the terms of Prieto-Curiel et al. (2023), members and
 * members killed in the week when the policies start and at the end, and
 * the changes between them; across the replicates, each outcome's mean
 * and its 5% and 95% quantiles (sorted values, linear interpolation).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_POLICIES_H
#define PLAZA_POLICIES_H

#include <stddef.h>
#include <stdint.h>

#include "plaza/plaza.h"
#include "plaza/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The outcomes of a policy's run, in the order of the table. */
enum {
    PZ_POLICY_MEMBERS_START,  /* members when the policies start */
    PZ_POLICY_MEMBERS_END,    /* members at the end */
    PZ_POLICY_MEMBERS_CHANGE, /* percent; NaN when members start at 0 */
    PZ_POLICY_DEATHS_START,   /* members killed in the week then */
    PZ_POLICY_DEATHS_END,     /* in the last week */
    PZ_POLICY_DEATHS_CHANGE,  /* percent; NaN when deaths start at 0 */
    PZ_POLICY_NOUT
};

typedef struct pz_policies_options {
    uint32_t first; /* the first replicate */
    uint32_t n;     /* replicates first..first+n-1, at least 1 (one run in
                     * deterministic mode, whatever n) */
} pz_policies_options;

/* One outcome of one policy across the replicates. */
typedef struct pz_policy_band {
    double mean;     /* the replicates' values summed in order, over n */
    double q05, q95; /* 5% and 95% quantiles (the value when n is 1) */
} pz_policy_band;

typedef struct pz_policies_result {
    size_t npolicies;    /* the scenario's, in its order */
    long start;          /* the step when the policies start */
    uint32_t steps;      /* the last step */
    uint32_t replicates; /* run per policy: 1 when deterministic */
    int stochastic;
    /* value[(p * replicates + r) * PZ_POLICY_NOUT + k]: policy p,
     * replicate first + r, outcome k */
    double *value;
    /* band[p * PZ_POLICY_NOUT + k] */
    pz_policy_band *band;
} pz_policies_result;

/* Runs every policy of sc.  PZ_ERR_INPUT when sc defines no policies or n
 * is 0 or too large; a failed run's status and message otherwise.  sc's
 * selected policy is the same afterwards.  On success *out owns its
 * arrays (free them with pz_policies_result_free); on failure *out is
 * empty. */
pz_status pz_policies_run(pz_scenario *sc, const pz_policies_options *opt,
                          pz_policies_result *out, pz_error *err);

void pz_policies_result_free(pz_policies_result *r);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_POLICIES_H */
