/*
 * policies.c - every policy of a scenario continued from one state, with
 * bands across replicates (see plaza/policies.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "base/stats.h"
#include "plaza/model.h"
#include "plaza/policies.h"

/* Steps m to step t. */
static pz_status run_to(pz_model *m, uint32_t t, pz_error *err)
{
    while (pz_model_time(m) < t) {
        pz_status st = pz_model_step(m, err);
        if (st != PZ_OK)
            return st == PZ_ERR_NOMEM ? pz__fail(err, st, "out of memory") : st;
    }
    return PZ_OK;
}

/* The earliest step at which any policy acts, or steps when none does. */
static long first_start(pz_scenario *sc, uint32_t steps)
{
    long start = -1;
    for (size_t p = 0; p < pz_scenario_policy_count(sc); p++) {
        pz_scenario_use_policy(sc, pz_scenario_policy_name(sc, p), NULL);
        long s = pz_scenario_policy_start(sc);
        if (s >= 0 && (start < 0 || s < start))
            start = s;
    }
    if (start < 0 || start > (long)steps)
        start = steps;
    return start;
}

/* Replicate rep of every policy: x[p * stride + k]. */
static pz_status run_replicate(pz_scenario *sc, uint32_t rep, long start,
                               uint32_t steps, double *x, size_t stride,
                               pz_error *err)
{
    pz_model *base = NULL;
    pz_scenario_use_policy(sc, NULL, NULL);
    pz_status st = pz_model_create(sc, rep, &base, err);
    if (st == PZ_OK)
        st = run_to(base, (uint32_t)start, err);
    for (size_t p = 0; st == PZ_OK && p < pz_scenario_policy_count(sc); p++) {
        pz_model *m = NULL;
        pz_flows f0, f1;
        pz_scenario_use_policy(sc, pz_scenario_policy_name(sc, p), NULL);
        if ((st = pz_model_fork(base, sc, &m, err)) != PZ_OK)
            break;
        pz_model_totals(m, &f0, NULL);
        st = run_to(m, steps, err);
        pz_model_totals(m, &f1, NULL);
        double *y = &x[p * stride];
        y[PZ_POLICY_MEMBERS_START] = f0.members;
        y[PZ_POLICY_MEMBERS_END] = f1.members;
        y[PZ_POLICY_MEMBERS_CHANGE] =
            f0.members > 0 ? 100 * (f1.members / f0.members - 1) : NAN;
        y[PZ_POLICY_DEATHS_START] = f0.deaths;
        y[PZ_POLICY_DEATHS_END] = f1.deaths;
        y[PZ_POLICY_DEATHS_CHANGE] =
            f0.deaths > 0 ? 100 * (f1.deaths / f0.deaths - 1) : NAN;
        pz_model_destroy(m);
    }
    pz_model_destroy(base);
    return st;
}

/* The band of v[0], v[stride], ... (n values); scratch holds n. */
static void band_of(const double *v, size_t stride, size_t n, double *scratch,
                    pz_policy_band *b)
{
    double mean = 0;
    for (size_t i = 0; i < n; i++) {
        scratch[i] = v[i * stride];
        mean += scratch[i];
    }
    b->mean = mean / (double)n;
    qsort(scratch, n, sizeof *scratch, pz__dcmp);
    b->q05 = pz__quantile_sorted(scratch, n, 0.05);
    b->q95 = pz__quantile_sorted(scratch, n, 0.95);
}

void pz_policies_result_free(pz_policies_result *r)
{
    if (!r)
        return;
    pz__free(r->value);
    pz__free(r->band);
    memset(r, 0, sizeof *r);
}

pz_status pz_policies_run(pz_scenario *sc, const pz_policies_options *opt,
                          pz_policies_result *out, pz_error *err)
{
    memset(out, 0, sizeof *out);
    size_t np = pz_scenario_policy_count(sc);
    if (np == 0)
        return pz__fail(err, PZ_ERR_INPUT, "%s defines no policies",
                        pz_scenario_source(sc));
    if (opt->n == 0)
        return pz__fail(err, PZ_ERR_INPUT, "-n: at least one replicate, got 0");
    if ((uint64_t)opt->first + opt->n - 1 > UINT32_MAX)
        return pz__fail(err, PZ_ERR_INPUT,
                        "--replicate %u with -n %u: replicate numbers beyond "
                        "4294967295",
                        opt->first, opt->n);
    const char *selected = pz_scenario_policy(sc);
    uint32_t steps = (uint32_t)pz_scenario_param(sc, PZ_P_STEPS);
    int stochastic = pz_scenario_param(sc, PZ_P_MODE) == PZ_MODE_STOCHASTIC;
    uint32_t nrep = stochastic ? opt->n : 1;
    long start = first_start(sc, steps);
    if (start >= (long)steps) {
        /* every policy is the baseline over the run: nothing to compare */
        pz_scenario_use_policy(sc, selected, NULL);
        return pz__fail(err, PZ_ERR_INPUT,
                        "no policy of %s changes anything before the run ends "
                        "(week %u): no week to compare",
                        pz_scenario_source(sc), steps);
    }
    size_t stride = (size_t)nrep * PZ_POLICY_NOUT; /* one policy's values */
    double *v = pz__calloc(np * stride, sizeof *v);
    pz_policy_band *band = pz__calloc(np * PZ_POLICY_NOUT, sizeof *band);
    double *scratch = pz__malloc(nrep * sizeof *scratch);
    pz_status st = v && band && scratch
                       ? PZ_OK
                       : pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    for (uint32_t r = 0; st == PZ_OK && r < nrep; r++)
        st = run_replicate(sc, opt->first + r, start, steps,
                           &v[(size_t)r * PZ_POLICY_NOUT], stride, err);
    pz_scenario_use_policy(sc, selected, NULL);
    for (size_t p = 0; st == PZ_OK && p < np; p++)
        for (size_t k = 0; k < PZ_POLICY_NOUT; k++)
            band_of(&v[p * stride + k], PZ_POLICY_NOUT, nrep, scratch,
                    &band[p * PZ_POLICY_NOUT + k]);
    pz__free(scratch);
    if (st != PZ_OK) {
        pz__free(v);
        pz__free(band);
        return st;
    }
    *out = (pz_policies_result){.npolicies = np,
                                .start = start,
                                .steps = steps,
                                .replicates = nrep,
                                .stochastic = stochastic,
                                .value = v,
                                .band = band};
    return PZ_OK;
}
