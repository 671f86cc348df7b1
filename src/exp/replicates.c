/*
 * replicates.c - numbered tasks over threads, and summaries of
 * per-replicate values (see exp/replicates.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/internal.h"
#include "exp/replicates.h"

typedef struct pool {
    const pz__tasks *t;
    uint32_t next;   /* the next task to take */
    uint32_t failed; /* the lowest task that failed, or n */
    pz_status status;
    char msg[1024];
    pthread_mutex_t lock;
} pool;

/* Records the failure of task i; the lowest task's message wins. */
static void fail(pool *p, uint32_t i, pz_status st, const char *msg)
{
    pthread_mutex_lock(&p->lock);
    if (i < p->failed) {
        p->failed = i;
        p->status = st;
        snprintf(p->msg, sizeof p->msg, "%s", msg);
    }
    pthread_mutex_unlock(&p->lock);
}

static int take(pool *p, uint32_t *i)
{
    pthread_mutex_lock(&p->lock);
    int ok = p->next < p->t->n && p->failed == p->t->n;
    if (ok)
        *i = p->next++;
    pthread_mutex_unlock(&p->lock);
    return ok;
}

static void *worker(void *arg)
{
    pool *p = arg;
    const pz__tasks *t = p->t;
    void *work = t->work_new ? t->work_new(t->ctx) : NULL;
    uint32_t i;
    char msg[1024];
    while (take(p, &i)) {
        if (t->work_new && !work) {
            fail(p, i, PZ_ERR_NOMEM, "out of memory");
            break;
        }
        pz_status st = t->run(t->ctx, work, i, msg, sizeof msg);
        if (st != PZ_OK) {
            fail(p, i, st, msg);
            break;
        }
    }
    if (work && t->work_free)
        t->work_free(work);
    return NULL;
}

pz_status pz__tasks_run(const pz__tasks *t, pz_error *err)
{
    if (t->n == 0)
        return PZ_OK;
    unsigned nth = t->threads == 0 ? 1 : t->threads;
    if (nth > t->n)
        nth = t->n;
    pthread_t *th = calloc(nth, sizeof *th);
    if (!th)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    pool p = {.t = t, .failed = t->n};
    pthread_mutex_init(&p.lock, NULL);
    unsigned started = 0;
    /* the threads that start do all the work */
    for (; started < nth; started++)
        if (pthread_create(&th[started], NULL, worker, &p) != 0)
            break;
    for (unsigned k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    pthread_mutex_destroy(&p.lock);
    free(th);
    if (started == 0)
        return pz__fail(err, PZ_ERR_INTERNAL, "cannot start a thread");
    if (p.failed < t->n)
        return pz__fail(err, p.status, "%s", p.msg);
    return PZ_OK;
}

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Quantile q of sorted v[0..n) by linear interpolation (type 7). */
static double quantile(const double *v, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (h - (double)lo) * (v[hi] - v[lo]);
}

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
    qsort(scratch, m, sizeof *scratch, dcmp);
    *q025 = quantile(scratch, m, 0.025);
    *q975 = quantile(scratch, m, 0.975);
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
