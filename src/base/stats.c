/*
 * stats.c - the shared statistics (base/stats.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <pthread.h>

#include "base/stats.h"

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void gsl_quiet_once(void)
{
    /* turn the handler off, then put back a handler that was not GSL's
     * default (NULL): that one is the embedder's choice */
    gsl_error_handler_t *prev = gsl_set_error_handler_off();
    if (prev)
        gsl_set_error_handler(prev);
}

void pz__gsl_quiet(void)
{
    pthread_once(&gsl_once, gsl_quiet_once);
}

int pz__dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double pz__quantile_sorted(const double *v, size_t n, double q)
{
    if (n == 0)
        return NAN;
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (h - (double)lo) * (v[hi] - v[lo]);
}

double pz__pearson(const double *x, const double *y, size_t n)
{
    if (n < 2)
        return NAN;
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : NAN;
}

void pz__t_interval(const double *d, size_t n, double level, double *mean,
                    double *half)
{
    double s = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        s += d[i];
    *mean = n ? s / (double)n : NAN;
    for (size_t i = 0; i < n; i++)
        ss += (d[i] - *mean) * (d[i] - *mean);
    if (n < 2) {
        *half = NAN;
        return;
    }
    double sd = sqrt(ss / (double)(n - 1));
    pz__gsl_quiet(); /* a bad level gives NaN, not abort() */
    *half = gsl_cdf_tdist_Pinv(0.5 + level / 2, (double)(n - 1)) * sd /
            sqrt((double)n);
}
