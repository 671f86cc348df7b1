/*
 * replicates.h - what the experiments over replicates share (the event
 * study, the signatures of corruption): running numbered tasks over
 * threads so that the results do not depend on the threads, and the
 * summary of per-replicate values by their mean and exact quantiles.
 *
 * A task writes its results to its own slots (indexed by its number), and
 * the caller reads the slots in order afterwards, so nothing depends on
 * which thread ran what.  Internal to libplaza (pz__ names).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_EXP_REPLICATES_H
#define PLAZA_EXP_REPLICATES_H

#include <stddef.h>
#include <stdint.h>

#include "plaza/model.h"
#include "plaza/plaza.h"
#include "plaza/scenario.h"

typedef struct pz__tasks {
    uint32_t n;       /* tasks 0..n-1 */
    unsigned threads; /* at least 1; no more than n are started */
    void *ctx;        /* passed to the callbacks */
    /* a thread's workspace, or NULL when out of memory; work_new NULL:
     * no workspace (run gets NULL) */
    void *(*work_new)(void *ctx);
    void (*work_free)(void *work);
    /* runs task i; on failure fills msg (the whole message) and returns
     * the status */
    pz_status (*run)(void *ctx, void *work, uint32_t i, char *msg,
                     size_t msglen);
} pz__tasks;

/* Runs tasks 0..n-1: threads take them one at a time from a shared
 * counter and stop taking after a failure.  Returns PZ_OK, or the status
 * and message of the lowest task that failed (so the error does not
 * depend on the threads either). */
pz_status pz__tasks_run(const pz__tasks *t, pz_error *err);

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
