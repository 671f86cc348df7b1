/*
 * replicates.h - what the experiments over replicates share (the fit, the
 * event study, the signatures of corruption): a replicate's model of the
 * expected shape, and the summary of per-replicate values by their mean
 * and exact quantiles.  The replicates run as numbered tasks on the
 * thread pool of base/pool.h (included here).  Internal to libplaza
 * (pz__ names).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_EXP_REPLICATES_H
#define PLAZA_EXP_REPLICATES_H

#include <stddef.h>
#include <stdint.h>

#include "base/pool.h"
#include "plaza/model.h"
#include "plaza/plaza.h"
#include "plaza/scenario.h"

/* Creates replicate rep's model of sc and checks that it has R regions
 * and the given steps.  PZ_OK, or the status with msg filled. */
pz_status pz__replicate_model(const pz_scenario *sc, uint32_t rep, size_t R,
                              uint32_t steps, pz_model **out, char *msg,
                              size_t msglen);

/* The mean and the exact 2.5% and 97.5% quantiles (sorted values, linear
 * interpolation: type 7) of those of x[0], x[stride], ...,
 * x[(n - 1) stride] that are not NaN, summed in order; scratch holds n
 * doubles.  Returns how many there were; with none, the three are NaN. */
size_t pz__summarise(const double *x, size_t stride, size_t n, double *scratch,
                     double *mean, double *q025, double *q975);

#endif /* PLAZA_EXP_REPLICATES_H */
