/*
 * compare.c - two policies over common random numbers, every run
 * optionally recorded in SQLite (see plaza/compare.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "exp/store.h"
#include "plaza/compare.h"
#include "plaza/date.h"

long pz_compare_period_start(const pz_scenario *a, const pz_scenario *b)
{
    long sa = pz_scenario_policy_start(a), sb = pz_scenario_policy_start(b);
    long from = sa < 0 ? sb : sb < 0 ? sa : (sa < sb ? sa : sb);
    return from < 0 ? 0 : from;
}

/* The printed outcomes of a run from the recorded ones. */
static void pick(const double *all, double *y)
{
    y[PZ_COMPARE_MEMBERS] = all[0];
    y[PZ_COMPARE_DEATHS] = all[PZ__NOUT];
    y[PZ_COMPARE_ARRESTS] = all[PZ__NOUT + 1];
    y[PZ_COMPARE_HOMICIDES] = all[PZ__NOUT + 2];
}

pz_status pz_compare_run(const pz_scenario *a, const pz_scenario *b,
                         const pz_compare_options *opt, double *y,
                         pz_error *err)
{
    int independent = pz_scenario_param(a, PZ_P_MODE) == PZ_MODE_STOCHASTIC;
    uint32_t n = opt->n;
    if (n == 0)
        return pz__fail(err, PZ_ERR_INPUT, "-n: at least one replicate, got 0");
    if ((uint64_t)opt->first + (independent ? 2u : 1u) * (uint64_t)n - 1 >
        UINT32_MAX)
        return pz__fail(err, PZ_ERR_INPUT,
                        "--replicate %u with -n %u: replicate numbers beyond "
                        "4294967295",
                        opt->first, n);
    long from = pz_compare_period_start(a, b);
    /* the outcomes are those of the weeks after the policies start: with
     * none, the comparison has no answer (it would report zeros) */
    double sa = pz_scenario_param(a, PZ_P_STEPS),
           sb = pz_scenario_param(b, PZ_P_STEPS);
    double steps = sa < sb ? sa : sb;
    if ((double)from >= steps) {
        char d[16];
        pz_date_format(
            pz_step_date((long)pz_scenario_param(a, PZ_P_START), from), d,
            sizeof d);
        return pz__fail(err, PZ_ERR_INPUT,
                        "the compared period starts at week %ld (%s), but the "
                        "run has %.0f weeks: no week to compare",
                        from, d, steps);
    }
    pz__store *store = NULL;
    pz_status st = PZ_OK;
    if (opt->db && (st = pz__store_open(opt->db, a, "compare", 2, n, NULL,
                                        opt->command, &store, err)) != PZ_OK)
        return st;
    memset(y, 0, (size_t)n * 3 * PZ_COMPARE_NOUT * sizeof *y);
    /* in the database's order: arm A's replicates, then arm B's, whose
     * replicates first+n.. are the independent seeds */
    size_t runs = (size_t)n * (independent ? 3 : 2);
    for (size_t i = 0; st == PZ_OK && i < runs; i++) {
        int arm = i >= n;
        const pz_scenario *sc = arm ? b : a;
        size_t k = arm ? i - n : i; /* 0..n-1, or 0..2n-1 for B */
        uint32_t rep = opt->first + (uint32_t)k;
        double all[PZ__NOUT_PERIOD];
        if ((st = pz__run_outcomes(sc, rep, from, all, err)) != PZ_OK)
            break;
        if (store)
            st = pz__store_run(store, (size_t)arm, rep, pz_scenario_policy(sc),
                               NULL, NULL, 0, all, PZ__NOUT_PERIOD, err);
        /* the row of replicate k mod n: A, B, then B's independent one */
        size_t col = !arm ? 0 : k < n ? 1 : 2;
        pick(all, &y[((k % n) * 3 + col) * PZ_COMPARE_NOUT]);
    }
    if (st == PZ_OK && store) {
        st = pz__store_close(store, 1, err);
        store = NULL;
    }
    pz__store_close(store, 0, NULL);
    return st;
}
