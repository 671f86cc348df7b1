/*
 * compare_summary.c - the paired differences of a comparison of two
 * policies and their t-intervals (see plaza/compare.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>

#include "base/internal.h"
#include "base/stats.h"
#include "plaza/compare.h"

pz_status pz_compare_summarize(const double *y, uint32_t n, int independent,
                               double level, pz_compare_summary *out,
                               pz_error *err)
{
    enum { NOUT = PZ_COMPARE_NOUT };
    if (n == 0)
        return pz__fail(err, PZ_ERR_INPUT, "-n: at least one replicate, got 0");
    if (!(level > 0 && level < 1))
        return pz__fail(err, PZ_ERR_INPUT,
                        "confidence level: must be in (0, 1), got %g", level);
    double *col = pz__malloc((size_t)n * sizeof *col);
    if (!col)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    out->n = n;
    out->independent = independent != 0;
    for (size_t k = 0; k < NOUT; k++) {
        /* a row: A, B, then B's independent replicate */
        for (uint32_t r = 0; r < n; r++) {
            const double *ya = &y[(size_t)r * 3 * NOUT];
            col[r] = ya[NOUT + k] - ya[k];
        }
        pz__t_interval(col, n, level, &out->crn[k].mean, &out->crn[k].half);
        for (uint32_t r = 0; r < n; r++) {
            const double *ya = &y[(size_t)r * 3 * NOUT];
            col[r] = independent ? ya[2 * NOUT + k] - ya[k] : 0;
        }
        pz__t_interval(col, n, level, &out->ind[k].mean, &out->ind[k].half);
    }
    pz__free(col);
    return PZ_OK;
}
