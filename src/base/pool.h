/*
 * pool.h - numbered tasks run on a pool of threads, with results that do
 * not depend on the number of threads.
 *
 * Task i writes its results only to its own slots (indexed by i), and the
 * caller reads the slots in order afterwards, so nothing depends on which
 * thread ran what.  Threads take the tasks in order from a shared counter;
 * after a failure they take no more, and the error reported is that of the
 * lowest-numbered task that failed (every task below it was taken and ran
 * to its end), so the error does not depend on the threads either.
 *
 * Used by the ensembles, sweeps, fits and studies of src/exp.  Internal to
 * libplaza (pz__ names).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_BASE_POOL_H
#define PLAZA_BASE_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "plaza/plaza.h"

typedef struct pz__tasks {
    uint32_t n;       /* tasks 0..n-1 */
    unsigned threads; /* 0 or 1: the calling thread; no more than n start */
    void *ctx;        /* passed to the callbacks */
    /* a thread's workspace, or NULL when out of memory; work_new NULL:
     * no workspace (run gets NULL) */
    void *(*work_new)(void *ctx);
    void (*work_free)(void *work);
    /* runs task i; on failure fills msg (the whole message; left empty,
     * the status's pz_strerror text) and returns the status */
    pz_status (*run)(void *ctx, void *work, uint32_t i, char *msg,
                     size_t msglen);
} pz__tasks;

/* Runs tasks 0..n-1 on min(threads, n) threads (one: in the calling
 * thread).  Returns PZ_OK, or the status and message of the lowest task
 * that failed; PZ_ERR_INTERNAL when no thread can be started. */
pz_status pz__tasks_run(const pz__tasks *t, pz_error *err);

#endif /* PLAZA_BASE_POOL_H */
