/*
 * replicates.c - replicates' models and summaries of per-replicate values
 * (see exp/replicates.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/stats.h"
#include "exp/replicates.h"

size_t pz__summarise(const double *x, size_t stride, size_t n, double *scratch,
                     double *mean, double *q025, double *q975)
{
    size_t m = 0;
    double sum = 0;
    for (size_t r = 0; r < n; r++) {
        double v = x[r * stride];
        if (isnan(v))
            continue;
        sum += v;
        scratch[m++] = v;
    }
    if (m == 0) {
        *mean = *q025 = *q975 = NAN;
        return 0;
    }
    *mean = sum / (double)m;
    qsort(scratch, m, sizeof *scratch, pz__dcmp);
    *q025 = pz__quantile_sorted(scratch, m, 0.025);
    *q975 = pz__quantile_sorted(scratch, m, 0.975);
    return m;
}

pz_status pz__replicate_model(const pz_scenario *sc, uint32_t rep, size_t R,
                              uint32_t steps, pz_model **out, char *msg,
                              size_t msglen)
{
    pz_error err;
    pz_status st = pz_model_create(sc, rep, out, &err);
    if (st != PZ_OK) {
        snprintf(msg, msglen, "%s", err.msg);
        return st;
    }
    if (pz_model_region_count(*out, PZ_LEVEL_REGIONS) != R ||
        pz_model_steps(*out) != steps) {
        pz_model_destroy(*out);
        *out = NULL;
        snprintf(msg, msglen, "the replicate's model has another shape");
        return PZ_ERR_INTERNAL;
    }
    return PZ_OK;
}
