/*
 * ensemble.c - replicates in batches over threads, summarised with
 * incremental estimators (see plaza/ensemble.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_rstat.h>

#include "base/calendar.h"
#include "base/csvjson.h"
#include "base/internal.h"
#include "base/pool.h"
#include "exp/store.h"
#include "io/rundir.h"
#include "plaza/ensemble.h"
#include "plaza/model.h"

enum { NAT_VARS = 7, REG_VARS = 3, NQ = 5 };
static const char *const nat_names[NAT_VARS] = {
    "members", "recruits", "arrests", "deaths", "exits", "groups", "homicides"};
static const char *const reg_names[REG_VARS] = {"members", "homicides",
                                                "arrests"};
static const double qs[NQ] = {0.05, 0.25, 0.50, 0.75, 0.95};

/* One summarised variable: the running sum and five quantile estimators. */
typedef struct summary {
    double sum;
    gsl_rstat_quantile_workspace *q[NQ];
} summary;

typedef struct ens {
    const pz_scenario *sc;
    size_t steps; /* rows per replicate: steps + 1 */
    size_t nstates;
    size_t width;   /* values per step: NAT_VARS + nstates*REG_VARS */
    size_t batch;   /* replicates per batch */
    double *buf;    /* batch x steps x width */
    uint32_t first; /* replicate of slot 0 */
    uint32_t count; /* replicates in this batch */
    unsigned rank, nranks;
    pz_status status;
    char msg[1024];
} ens;

static void record(const pz_model *m, double *row, size_t nstates)
{
    pz_flows t;
    size_t active;
    pz_model_totals(m, &t, &active);
    row[0] = t.members;
    row[1] = t.recruits;
    row[2] = t.arrests;
    row[3] = t.deaths;
    row[4] = t.exits;
    row[5] = (double)active;
    row[6] = pz_model_homicides(m);
    for (size_t s = 0; s < nstates; s++) {
        pz_region_stats st;
        pz_model_region(m, PZ_LEVEL_STATES, s, &st);
        row[NAT_VARS + s * REG_VARS + 0] = st.members;
        row[NAT_VARS + s * REG_VARS + 1] = st.homicides;
        row[NAT_VARS + s * REG_VARS + 2] = st.arrests;
    }
}

/* Records the first failure (of a batch, or of the database). */
static void fail(ens *e, pz_status st, const char *msg)
{
    if (e->status == PZ_OK) {
        e->status = st;
        snprintf(e->msg, sizeof e->msg, "%s", msg);
    }
}

/* Task i of a batch: this process's i-th slot (slots are dealt to the
 * processes in turn), one replicate recorded at every step. */
static pz_status run_slot(void *ctx, void *work, uint32_t i, char *msg,
                          size_t msglen)
{
    (void)work;
    ens *e = ctx;
    uint32_t slot = e->rank + i * e->nranks;
    pz_model *m = NULL;
    pz_error err;
    pz_status st = pz_model_create(e->sc, e->first + slot, &m, &err);
    if (st != PZ_OK) {
        snprintf(msg, msglen, "%s", err.msg);
        return st;
    }
    double *out = e->buf + (size_t)slot * e->steps * e->width;
    record(m, out, e->nstates);
    for (size_t t = 1; t < e->steps; t++) {
        pz_error se;
        if ((st = pz_model_step(m, &se)) != PZ_OK) {
            snprintf(msg, msglen, "%s", se.msg);
            break;
        }
        record(m, out + t * e->width, e->nstates);
    }
    pz_model_destroy(m);
    return st;
}

static void summaries_free(summary *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        for (int q = 0; q < NQ; q++)
            if (s[i].q[q])
                gsl_rstat_quantile_free(s[i].q[q]);
    pz__free(s);
}

static summary *summaries_new(size_t n)
{
    summary *s = pz__calloc(n ? n : 1, sizeof *s);
    for (size_t i = 0; s && i < n; i++)
        for (int q = 0; q < NQ; q++)
            if (!(s[i].q[q] = gsl_rstat_quantile_alloc(qs[q]))) {
                summaries_free(s, n);
                return NULL;
            }
    return s;
}

/* ",v" in the summaries' form (base/csvjson.h) */
static void put(FILE *f, double v)
{
    fputc(',', f);
    pz__csv_num(f, v, PZ__NUM_SIX);
}

/* The mean and the five quantile estimates, sorted.  The P-squared
 * estimators run independently, so their estimates can cross (q25 above
 * q50, say); the monotone rearrangement of Chernozhukov, Fernandez-Val and
 * Galichon (2010, Econometrica 78(3)) sorts them, which never increases
 * their distance to the true quantiles.  It is applied to the combined
 * estimators, so it does not depend on threads or ranks. */
static void write_summary_row(FILE *f, const summary *s, uint32_t n)
{
    double q[NQ];
    for (int k = 0; k < NQ; k++) {
        double v = gsl_rstat_quantile_get(s->q[k]);
        int j = k;
        for (; j > 0 && q[j - 1] > v; j--)
            q[j] = q[j - 1];
        q[j] = v;
    }
    put(f, s->sum / n);
    for (int k = 0; k < NQ; k++)
        put(f, q[k]);
    fputc('\n', f);
}

uint32_t pz_ensemble_replicates(const pz_scenario *sc, uint32_t n)
{
    return pz_scenario_param(sc, PZ_P_MODE) == PZ_MODE_DETERMINISTIC && n > 1
               ? 1
               : n;
}

pz_status pz_ensemble_run(const pz_scenario *sc, const pz_ensemble_options *opt,
                          pz_error *err)
{
    pz_status st;
    if (opt->n == 0)
        return pz__fail(err, PZ_ERR_INPUT, "-n: at least one replicate, got 0");
    if (opt->threads == 0)
        return pz__fail(err, PZ_ERR_INPUT, "--threads: at least 1, got 0");
    /* every replicate of a deterministic scenario is the same run */
    const uint32_t n = pz_ensemble_replicates(sc, opt->n);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* a probe model: the shape of the outputs, and a check that the
     * scenario makes a model before anything is written */
    pz_model *probe = NULL;
    if ((st = pz_model_create(sc, 0, &probe, err)) != PZ_OK)
        return st;
    ens e = {.sc = sc,
             .rank = opt->nranks ? opt->rank : 0,
             .nranks = opt->nranks ? opt->nranks : 1};
    int writer = e.rank == 0;
    e.steps = (size_t)pz_model_steps(probe) + 1;
    e.nstates = pz_model_region_count(probe, PZ_LEVEL_STATES);
    e.width = NAT_VARS + e.nstates * REG_VARS;
    /* every thread of every process gets work in each batch */
    e.batch = 4 * (size_t)opt->threads * (e.nranks ? e.nranks : 1);
    if (e.batch > n)
        e.batch = n;
    size_t nsum = e.steps * e.width;
    summary *sum = summaries_new(nsum);
    /* one more value: the failure flag combined across processes */
    e.buf = pz__malloc((e.batch * e.steps * e.width + 1) * sizeof *e.buf);
    pz__store *store = NULL;
    if (!sum || !e.buf) {
        st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        goto out;
    }
    if (writer && opt->db)
        st = pz__store_open(opt->db, sc, "ensemble", 1, n,
                            pz_scenario_policy(sc), opt->command, &store, err);
    if (opt->combine && opt->db) {
        /* every process stops if process 0 cannot open the database */
        double flag = st != PZ_OK;
        opt->combine(&flag, 1, opt->combine_ud);
        if (flag > 0 && st == PZ_OK)
            st = pz__fail(err, PZ_ERR_INPUT,
                          "--db %s: the database cannot be opened", opt->db);
    }
    if (st != PZ_OK)
        goto out;
    /* after a failure (a replicate, or the database in process 0) the
     * processes skip their work and stop together at the next combine */
    for (uint32_t first = 0; first < n; first += (uint32_t)e.batch) {
        if (e.status != PZ_OK && !opt->combine)
            break;
        e.first = first;
        e.count = (uint32_t)(n - first < e.batch ? n - first : e.batch);
        /* this process's slots of the batch over its threads */
        const pz__tasks tasks = {
            .n = e.rank < e.count ? (e.count - e.rank + e.nranks - 1) / e.nranks
                                  : 0,
            .threads = opt->threads,
            .ctx = &e,
            .run = run_slot};
        pz_error terr;
        pz_status tst;
        if (e.status == PZ_OK && (tst = pz__tasks_run(&tasks, &terr)) != PZ_OK)
            fail(&e, tst, terr.msg);
        if (opt->combine) {
            for (uint32_t slot = 0; slot < e.count; slot++)
                if (slot % e.nranks != e.rank)
                    memset(e.buf + (size_t)slot * nsum, 0,
                           nsum * sizeof *e.buf);
            double *flag = e.buf + (size_t)e.count * nsum;
            *flag = e.status != PZ_OK;
            opt->combine(e.buf, (size_t)e.count * nsum + 1, opt->combine_ud);
            if (*flag > 0 && e.status == PZ_OK) {
                e.status = PZ_ERR_INTERNAL;
                snprintf(e.msg, sizeof e.msg,
                         "a replicate failed in another process");
            }
        }
        if (e.status != PZ_OK)
            break;
        if (!writer)
            continue;
        /* feed the estimators in replicate order */
        for (uint32_t slot = 0; slot < e.count; slot++) {
            const double *v = e.buf + (size_t)slot * nsum;
            for (size_t i = 0; i < nsum; i++) {
                sum[i].sum += v[i];
                for (int q = 0; q < NQ; q++)
                    gsl_rstat_quantile_add(v[i], sum[i].q[q]);
            }
            if (store) {
                double y[PZ__NOUT] = {0};
                const double *last = v + (e.steps - 1) * e.width;
                y[0] = last[0];
                y[5] = last[5];
                for (size_t t = 1; t < e.steps; t++) {
                    const double *row = v + t * e.width;
                    y[1] += row[3];
                    y[2] += row[2];
                    y[3] += row[6];
                    if (t + PZ__STEPS_PER_YEAR >= e.steps)
                        y[4] += row[6];
                }
                if ((st = pz__store_run(store, 0, e.first + slot,
                                        pz_scenario_policy(sc), NULL, NULL, 0,
                                        y, PZ__NOUT, err)) != PZ_OK) {
                    fail(&e, st, err ? err->msg : "cannot write the database");
                    break;
                }
            }
        }
        if (opt->progress)
            opt->progress(opt->progress_ud, first + e.count, n);
    }
    if (e.status != PZ_OK) {
        st = pz__fail(err, e.status, "%s", e.msg);
        goto out;
    }
    if (!writer)
        goto out;
    if (store) {
        st = pz__store_close(store, 1, err);
        store = NULL;
        if (st != PZ_OK)
            goto out;
    }

    pz__rundir rd;
    FILE *nat = NULL, *reg = NULL, *man = NULL;
    if ((st = pz__rundir_open_run(&rd, opt->out_dir, err)) != PZ_OK)
        goto out;
    if ((st = pz__rundir_table(&rd, "national_summary.csv", &nat, err)) ||
        (e.nstates &&
         (st = pz__rundir_table(&rd, "regions_summary.csv", &reg, err)))) {
        pz__rundir_abort(&rd);
        goto out;
    }
    fputs("step,date,variable,mean,q05,q25,q50,q75,q95\n", nat);
    if (reg)
        fputs("step,date,region,region_name,variable,mean,q05,q25,q50,q75,"
              "q95\n",
              reg);
    for (size_t t = 0; t < e.steps; t++) {
        char date[16];
        pz_date_format(pz_model_date(probe, (uint32_t)t), date, sizeof date);
        for (int v = 0; v < NAT_VARS; v++) {
            fprintf(nat, "%zu,%s,%s", t, date, nat_names[v]);
            write_summary_row(nat, &sum[t * e.width + (size_t)v], n);
        }
        for (size_t s = 0; reg && s < e.nstates; s++) {
            for (int v = 0; v < REG_VARS; v++) {
                fprintf(reg, "%zu,%s,%s,", t, date,
                        pz_model_region_code(probe, PZ_LEVEL_STATES, s));
                pz__csv_field(reg,
                              pz_model_region_name(probe, PZ_LEVEL_STATES, s));
                fprintf(reg, ",%s", reg_names[v]);
                write_summary_row(
                    reg,
                    &sum[t * e.width + NAT_VARS + s * REG_VARS + (size_t)v], n);
            }
        }
    }
    if ((st = pz__rundir_table(&rd, "manifest.json", &man, err)) != PZ_OK) {
        pz__rundir_abort(&rd);
        goto out;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pz__manifest_head(man, sc, opt->command);
    fprintf(man, ",\n  \"policy\": ");
    if (pz_scenario_policy(sc))
        pz__json_string(man, pz_scenario_policy(sc));
    else
        fputs("null", man);
    fprintf(
        man,
        ",\n  \"seed\": %.0f,\n  \"replicates\": %u,\n  \"first_replicate\": "
        "0,\n  \"threads\": %u,\n  \"quantile_estimator\": \"P-squared "
        "(GSL gsl_rstat_quantile), replicates fed in replicate order, the "
        "five estimates sorted (monotone rearrangement)\",\n",
        pz_scenario_param(sc, PZ_P_SEED), n, opt->threads);
    fprintf(man, "  ");
    pz__manifest_parameters(man, sc);
    fprintf(man, ",\n  ");
    pz__manifest_data_files(man, sc);
    fprintf(man, ",\n  \"tables\": [\"national_summary.csv\"%s],\n",
            reg ? ", \"regions_summary.csv\"" : "");
    fprintf(man, "  \"wall_time_seconds\": %.6f\n}\n",
            (double)(t1.tv_sec - t0.tv_sec) +
                1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    st = pz__rundir_commit(&rd, err);
out:
    pz__store_close(store, 0, NULL);
    summaries_free(sum, nsum);
    pz__free(e.buf);
    pz_model_destroy(probe);
    return st;
}
