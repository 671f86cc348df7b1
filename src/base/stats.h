/*
 * stats.h - the statistics the experiments share: a sort order, quantiles,
 * Pearson's r and Student's t-interval of a mean.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_BASE_STATS_H
#define PLAZA_BASE_STATS_H

#include <stddef.h>

/* qsort comparator of doubles, ascending (no NaN in the array). */
int pz__dcmp(const void *a, const void *b);

/* Quantile q in [0, 1] of sorted v[0..n) by linear interpolation between
 * order statistics (Hyndman & Fan's type 7, R's default); NaN when n is
 * 0. */
double pz__quantile_sorted(const double *v, size_t n, double q);

/* Pearson's correlation of x[0..n) and y[0..n); NaN when n < 2 or either
 * does not vary. */
double pz__pearson(const double *x, const double *y, size_t n);

/* Mean of d[0..n) and the half-width of its two-sided t-interval at
 * confidence level (0.95: the 95% interval); the half-width is NaN when
 * n < 2, the mean NaN when n is 0. */
/* Makes GSL's errors return codes instead of aborting the process: GSL's
 * default handler calls abort(), and plaza checks every code it gets (a
 * NaN, a NULL, a status).  Done once per process (pthread_once), so it is
 * safe from any thread; it replaces only GSL's default handler: a handler
 * the embedding program installed before stays (plaza/plaza.h).  Every
 * entry point that reaches GSL calls it first. */
void pz__gsl_quiet(void);

void pz__t_interval(const double *d, size_t n, double level, double *mean,
                    double *half);

#endif /* PLAZA_BASE_STATS_H */
