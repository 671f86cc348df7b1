/*
 * sweep.c - parameter sweeps recorded in SQLite (see plaza/sweep.h).
 *
 * Every run is a model made from a private copy of the scenario's
 * parameter table (the rest of the scenario is shared read-only), so runs
 * can go in parallel.  Runs are computed in batches on the thread pool
 * (base/pool.h) and written to the database by the calling thread in run
 * order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_qrng.h>

#include "base/internal.h"
#include "base/pool.h"
#include "base/stats.h"
#include "exp/store.h"
#include "plaza/model.h"
#include "plaza/rng.h"
#include "plaza/sweep.h"
#include "world/scenario.h"

enum { NOUT = PZ__NOUT, MAX_PARAMS = 40 };

pz_status pz_sweep_param_parse(char *text, pz_sweep_param *p, pz_error *err)
{
    char *eq = strchr(text, '='), *colon;
    if (!eq || !(colon = strchr(eq + 1, ':')))
        return pz__fail(err, PZ_ERR_INPUT, "--param %s: expected NAME=LO:HI",
                        text);
    *eq = '\0';
    *colon = '\0';
    int id = pz_param_lookup(text);
    if (id < 0) {
        pz__fail(err, PZ_ERR_INPUT,
                 "--param %s: unknown parameter '%s' (see 'plaza params')",
                 text, text);
        goto restore;
    }
    const pz_param_info *info = pz_param_info_get((pz_param_id)id);
    if (info->type != PZ_PARAM_REAL && info->type != PZ_PARAM_INT) {
        pz__fail(err, PZ_ERR_INPUT, "--param %s: '%s' is not numeric", text,
                 text);
        goto restore;
    }
    p->name = text;
    if (pz_parse_real(eq + 1, &p->lo, NULL) != PZ_OK ||
        pz_parse_real(colon + 1, &p->hi, NULL) != PZ_OK)
        goto bad_number;
    if (!(p->lo < p->hi)) {
        pz__fail(err, PZ_ERR_INPUT,
                 "--param %s=%s:%s: empty range (LO must be below HI)", text,
                 eq + 1, colon + 1);
        goto restore;
    }
    if (p->lo < info->min || p->hi > info->max) {
        pz__fail(err, PZ_ERR_INPUT,
                 "--param %s=%s:%s: outside the parameter's range [%.10g, "
                 "%.10g]",
                 text, eq + 1, colon + 1, info->min, info->max);
        goto restore;
    }
    *colon = ':'; /* *eq stays '\0': it ends p->name */
    return PZ_OK;
bad_number:
    pz__fail(err, PZ_ERR_INPUT, "--param %s=%s:%s: LO and HI must be numbers",
             text, eq + 1, colon + 1);
restore:
    *eq = '=';
    *colon = ':';
    return PZ_ERR_INPUT;
}

/* The design: unit-cube coordinates u[point][param] in [0, 1]. */
static double *make_design(const pz_scenario *sc, size_t np,
                           const pz_sweep_options *o, size_t *npoints,
                           pz_error *err)
{
    size_t K = o->points, n = K;
    if (o->design == PZ_DESIGN_GRID) {
        double total = pow((double)K, (double)np);
        if (total > 1e6) {
            pz__fail(err, PZ_ERR_INPUT,
                     "a grid of %u levels over %zu parameters has %.0f "
                     "points: use --design lhs or sobol",
                     o->points, np, total);
            return NULL;
        }
        n = (size_t)total;
    }
    double *u = pz__malloc(n * np * sizeof *u);
    if (!u) {
        pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (o->design == PZ_DESIGN_GRID) {
        for (size_t i = 0; i < n; i++) {
            size_t rest = i;
            for (size_t j = 0; j < np; j++) {
                size_t level = rest % K;
                rest /= K;
                u[i * np + j] = K > 1 ? (double)level / (double)(K - 1) : 0.5;
            }
        }
    } else if (o->design == PZ_DESIGN_SOBOL) {
        pz__gsl_quiet();
        gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)np);
        if (!q) {
            pz__free(u);
            pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            return NULL;
        }
        for (size_t i = 0; i < n; i++)
            gsl_qrng_get(q, &u[i * np]);
        gsl_qrng_free(q);
    } else { /* Latin hypercube: a random permutation of the strata of
              * every parameter, a random point inside each stratum */
        pz_rng rng;
        if (pz_rng_init(&rng, (uint64_t)sc->param[PZ_P_SEED], 0) != 0) {
            pz__free(u);
            pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            return NULL;
        }
        size_t *perm = pz__malloc(n * sizeof *perm);
        if (!perm) { /* not a design with strata left out */
            pz_rng_release(&rng);
            pz__free(u);
            pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            return NULL;
        }
        for (size_t j = 0; j < np; j++) {
            pz_rng_seek(&rng, PZ_STREAM_SWEEP, (uint32_t)j, 0);
            for (size_t i = 0; i < n; i++)
                perm[i] = i;
            for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
                size_t k = (size_t)(pz_rng_uniform(&rng) * (double)i);
                if (k >= i)
                    k = i - 1;
                size_t t = perm[i - 1];
                perm[i - 1] = perm[k];
                perm[k] = t;
            }
            for (size_t i = 0; i < n; i++)
                u[i * np + j] =
                    ((double)perm[i] + pz_rng_uniform(&rng)) / (double)n;
        }
        pz__free(perm);
        pz_rng_release(&rng);
    }
    *npoints = n;
    return u;
}

/* A batch of runs: run r sets the swept parameters to values[r * np ..]
 * and writes its outcomes to out[r * NOUT ..]. */
typedef struct runs {
    const pz_scenario *sc;
    const int *ids;
    size_t np;
    const double *values;
    const uint32_t *reps;
    double *out;
} runs;

static pz_status run_task(void *ctx, void *work, uint32_t r, char *msg,
                          size_t msglen)
{
    (void)work;
    const runs *b = ctx;
    pz_scenario local = *b->sc; /* shares everything but the params */
    for (size_t p = 0; p < b->np; p++)
        local.param[b->ids[p]] = b->values[r * b->np + p];
    pz_error err;
    double y[PZ__NOUT_PERIOD];
    pz_status st = pz__run_outcomes(&local, b->reps[r], -1, y, &err);
    memcpy(&b->out[(size_t)r * NOUT], y, NOUT * sizeof *y);
    if (st != PZ_OK)
        snprintf(msg, msglen, "%s", err.msg);
    return st;
}

pz_status pz_sweep_run(const pz_scenario *sc, const pz_sweep_param *params,
                       size_t np, const pz_sweep_options *o, pz_error *err)
{
    static const char *const design_names[] = {"grid", "lhs", "sobol"};
    int ids[MAX_PARAMS];
    if (np == 0)
        return pz__fail(err, PZ_ERR_INPUT,
                        "name the parameters to sweep: --param NAME=LO:HI");
    if (np > MAX_PARAMS)
        return pz__fail(err, PZ_ERR_INPUT, "at most %d parameters", MAX_PARAMS);
    if (o->points == 0)
        return pz__fail(err, PZ_ERR_INPUT, "-k: at least 1 point, got 0");
    if (o->replicates == 0 || o->threads == 0)
        return pz__fail(err, PZ_ERR_INPUT,
                        "-n and --threads: at least 1, got 0");
    for (size_t p = 0; p < np; p++) {
        ids[p] = pz_param_lookup(params[p].name);
        if (ids[p] < 0)
            return pz__fail(err, PZ_ERR_INPUT, "unknown parameter '%s'",
                            params[p].name);
        for (size_t q = 0; q < p; q++)
            if (ids[q] == ids[p])
                return pz__fail(err, PZ_ERR_INPUT, "parameter '%s' swept twice",
                                params[p].name);
    }
    /* a probe: the scenario makes a model */
    pz_model *probe = NULL;
    pz_status st = pz_model_create(sc, 0, &probe, err);
    if (st != PZ_OK)
        return st;
    pz_model_destroy(probe);
    uint32_t reps =
        sc->param[PZ_P_MODE] == PZ_MODE_DETERMINISTIC ? 1 : o->replicates;
    size_t npoints;
    double *u = make_design(sc, np, o, &npoints, err);
    if (!u)
        return err ? err->status : PZ_ERR_INPUT;

    pz__store *store = NULL;
    const char *names[MAX_PARAMS];
    for (size_t p = 0; p < np; p++)
        names[p] = params[p].name;
    size_t batch = 4 * (size_t)o->threads, total = npoints * reps;
    double *values = pz__malloc(batch * np * sizeof *values);
    double *outv = pz__malloc(batch * NOUT * sizeof *outv);
    uint32_t *repv = pz__malloc(batch * sizeof *repv);
    size_t *pointv = pz__malloc(batch * sizeof *pointv);
    if (!values || !outv || !repv || !pointv) {
        st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        goto out;
    }
    if ((st = pz__store_open(o->db, sc, design_names[o->design], npoints, reps,
                             pz_scenario_policy(sc), o->command, &store,
                             err)) != PZ_OK)
        goto out;
    for (size_t first = 0; first < total; first += batch) {
        size_t count = total - first < batch ? total - first : batch;
        for (size_t r = 0; r < count; r++) {
            size_t run = first + r, point = run / reps;
            pointv[r] = point;
            repv[r] = (uint32_t)(run % reps);
            for (size_t p = 0; p < np; p++) {
                double v = params[p].lo +
                           u[point * np + p] * (params[p].hi - params[p].lo);
                const pz_param_info *info = pz_param_info_get(ids[p]);
                if (info->type == PZ_PARAM_INT)
                    v = floor(v + 0.5);
                values[r * np + p] = v;
            }
        }
        runs b = {sc, ids, np, values, repv, outv};
        const pz__tasks tasks = {.n = (uint32_t)count,
                                 .threads = o->threads,
                                 .ctx = &b,
                                 .run = run_task};
        if ((st = pz__tasks_run(&tasks, err)) != PZ_OK)
            goto out;
        for (size_t r = 0; r < count; r++)
            if ((st = pz__store_run(
                     store, pointv[r], repv[r], pz_scenario_policy(sc), names,
                     &values[r * np], np, &outv[r * NOUT], NOUT, err)) != PZ_OK)
                goto out;
        if (o->progress)
            o->progress(o->progress_ud, (uint32_t)(first + count),
                        (uint32_t)total);
    }
    st = pz__store_close(store, 1, err);
    store = NULL;
out:
    pz__store_close(store, 0, NULL);
    pz__free(u);
    pz__free(values);
    pz__free(outv);
    pz__free(repv);
    pz__free(pointv);
    return st;
}
