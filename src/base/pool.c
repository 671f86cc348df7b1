/*
 * pool.c - numbered tasks on a pool of threads (base/pool.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/internal.h"
#include "base/pool.h"

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

/* Takes the next task into *i; 0 when none is left or one has failed. */
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
        msg[0] = '\0';
        pz_status st = t->run(t->ctx, work, i, msg, sizeof msg);
        if (st != PZ_OK) {
            fail(p, i, st, msg[0] ? msg : pz_strerror(st));
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
    pool p = {.t = t, .failed = t->n};
    pthread_t *th = NULL;
    unsigned started = 0;
    if (pthread_mutex_init(&p.lock, NULL) != 0)
        return pz__fail(err, PZ_ERR_INTERNAL, "cannot make a mutex");
    if (nth == 1) {
        worker(&p); /* no thread to start */
        started = 1;
    } else if (!(th = pz__calloc(nth, sizeof *th))) {
        pthread_mutex_destroy(&p.lock);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    /* the threads that start do all the work */
    for (; th && started < nth; started++)
        if (pthread_create(&th[started], NULL, worker, &p) != 0)
            break;
    for (unsigned k = 0; th && k < started; k++)
        pthread_join(th[k], NULL);
    pthread_mutex_destroy(&p.lock);
    pz__free(th);
    if (started == 0)
        return pz__fail(err, PZ_ERR_INTERNAL, "cannot start a thread");
    if (p.failed < t->n)
        return pz__fail(err, p.status, "%s", p.msg);
    return PZ_OK;
}
