/*
 * event_study_targets.c - the literature's figures for the event study of
 * leader removals, and how the estimates stand against them (see
 * plaza/event_study.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>

#include "base/internal.h"
#include "base/stats.h"
#include "plaza/event_study.h"

static const pz_es_target calderon = {
    PZ_ES_TARGET_VALUE, 0.365, "+36.5% over 6 months (Calderon et al. 2015)"};
static const pz_es_target lindo_treated = {
    PZ_ES_TARGET_VALUE, 0.80,
    "+80% for 12+ months (Lindo & Padilla-Romo 2018)"};
static const pz_es_target lindo_other = {PZ_ES_TARGET_VALUE, 0.30,
                                         "+30% (Lindo & Padilla-Romo 2018)"};
static const pz_es_target phillips = {PZ_ES_TARGET_KILLED_ABOVE_CAPTURED, 0,
                                      "killed > captured (Phillips 2015)"};
static const pz_es_target spill = {PZ_ES_TARGET_POSITIVE, 0,
                                   "spill-over, > 0 (Calderon et al. 2015)"};

const pz_es_target *pz_es_target_of(pz_es_set set, pz_es_fate fate,
                                    unsigned window)
{
    switch (set) {
    case PZ_ES_TREATED:
        if (fate != PZ_ES_ALL)
            return &phillips;
        return window <= 26 ? &calderon : &lindo_treated;
    case PZ_ES_OTHER:
        return &lindo_other;
    case PZ_ES_NEIGHBOURS:
        return &spill;
    }
    return &spill;
}

const char *pz_es_verdict_name(pz_es_verdict v)
{
    static const char *const names[] = {"no estimate", "covers", "below",
                                        "above",       "agrees", "disagrees",
                                        "undecided"};
    return (unsigned)v < sizeof names / sizeof *names ? names[v] : "?";
}

/* An interval [lo, hi] against a value or against 0. */
static pz_es_verdict judge(const pz_es_target *t, double lo, double hi)
{
    if (isnan(lo) || isnan(hi))
        return PZ_ES_NO_ESTIMATE;
    if (t->kind == PZ_ES_TARGET_VALUE)
        return hi < t->value   ? PZ_ES_BELOW
               : lo > t->value ? PZ_ES_ABOVE
                               : PZ_ES_COVERS;
    return lo > 0 ? PZ_ES_AGREES : hi < 0 ? PZ_ES_DISAGREES : PZ_ES_UNDECIDED;
}

/* The row of a set, fate and window, or -1. */
static long find(const pz_event_study_result *r, pz_es_set set, pz_es_fate fate,
                 unsigned window)
{
    for (size_t k = 0; k < r->nrows; k++)
        if (r->row[k].set == set && r->row[k].fate == fate &&
            r->row[k].window == window)
            return (long)k;
    return -1;
}

/* The 2.5% and 97.5% quantiles of killed minus captured over the
 * replicates where both have an estimate; scratch holds r->n. */
static void paired(const pz_event_study_result *r, size_t killed,
                   size_t captured, double *scratch, double *lo, double *hi)
{
    size_t m = 0;
    for (uint32_t i = 0; i < r->n; i++) {
        double a = r->value[(size_t)i * r->nrows + killed];
        double b = r->value[(size_t)i * r->nrows + captured];
        if (!isnan(a) && !isnan(b))
            scratch[m++] = a - b;
    }
    qsort(scratch, m, sizeof *scratch, pz__dcmp);
    *lo = pz__quantile_sorted(scratch, m, 0.025);
    *hi = pz__quantile_sorted(scratch, m, 0.975);
}

pz_status pz_event_study_verdicts(const pz_event_study_result *r,
                                  pz_es_verdict *verdict, pz_error *err)
{
    double *scratch = pz__malloc((r->n ? r->n : 1) * sizeof *scratch);
    if (!scratch)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < r->nrows; k++) {
        const pz_event_study_row *x = &r->row[k];
        const pz_es_target *t = pz_es_target_of(x->set, x->fate, x->window);
        if (t->kind != PZ_ES_TARGET_KILLED_ABOVE_CAPTURED) {
            verdict[k] =
                x->replicates ? judge(t, x->q025, x->q975) : PZ_ES_NO_ESTIMATE;
            continue;
        }
        long kk = find(r, x->set, PZ_ES_KILLED, x->window);
        long kc = find(r, x->set, PZ_ES_CAPTURED, x->window);
        double lo = NAN, hi = NAN;
        if (kk >= 0 && kc >= 0)
            paired(r, (size_t)kk, (size_t)kc, scratch, &lo, &hi);
        verdict[k] = judge(t, lo, hi);
    }
    pz__free(scratch);
    return PZ_OK;
}
