/*
 * signatures.c - the observable signatures of two hypotheses about
 * corruption over paired replicates (see plaza/signatures.h).
 *
 * Task i of the 2n runs is replicate i / 2 of scenario i % 2 (A, B), run
 * over threads as in exp/replicates.h; each run's statistics go to its
 * own slots and the summaries read them in order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvjson.h"
#include "base/internal.h"
#include "base/stats.h"
#include "exp/replicates.h"
#include "io/rundir.h"
#include "plaza/model.h"
#include "plaza/params.h"
#include "plaza/signatures.h"
#include "world/scenario.h"

enum { K = PZ_SIG_COUNT, TOP_GROUPS = 10 };
#define GINI_MIN_MEMBERS 100.0

static const char *const sig_name[K] = {"arrests_min_over_median",
                                        "arrests_gini",
                                        "captured_municipal_share",
                                        "captured_direct_share",
                                        "capture_value_r",
                                        "post_election_homicides",
                                        "kingpin_stronghold_homicides",
                                        "removals_largest_share",
                                        "payroll_top_share"};
static const char *const sig_group[K] = {"S1", "S1", "S2", "S2", "S3",
                                         "S4", "S5", "S5", "S6"};

const char *pz_signature_name(pz_signature s)
{
    return (unsigned)s < K ? sig_name[s] : "?";
}

const char *pz_signature_group(pz_signature s)
{
    return (unsigned)s < K ? sig_group[s] : "?";
}

void pz_signatures_result_free(pz_signatures_result *r)
{
    if (!r)
        return;
    pz__free(r->value);
    memset(r, 0, sizeof *r);
}

/* One scenario's shape: its steps, regions and states, the window's steps
 * and its election days. */
typedef struct design {
    const pz_scenario *sc;
    uint32_t steps, t0, t1; /* the window: steps t0..t1, 1 <= t0 <= t1 */
    size_t R, S;
    size_t *state_of; /* R: the state of each region */
    size_t *offices;  /* S: offices of each state (all levels) */
    uint32_t *elect;  /* municipal or federal election days in the
                         window whose weeks fit in the run */
    size_t nelect;
} design;

typedef struct removal {
    uint32_t t;
    size_t group, region;
} removal;

typedef struct exper {
    design d[2];
    uint32_t n;
    unsigned weeks;
    uint32_t max_steps;
    size_t max_R, max_S;
    double *value;    /* 2n x K */
    size_t *removals; /* 2n */
} exper;

/* One thread's workspace, reused from run to run. */
typedef struct work {
    double *hn;            /* steps + 1: national homicides over 1..t */
    double *hr;            /* (steps + 1) x R: regional, over 1..t */
    double *cap_s, *val_s; /* S: captured office-weeks, value-weeks */
    size_t cap;            /* groups allocated below */
    double *arrests, *exposure, *prev, *paid, *rate;
    size_t *order;
    removal *ev;
    size_t nev, capev;
} work;

static void work_free(void *arg)
{
    work *w = arg;
    if (!w)
        return;
    pz__free(w->hn);
    pz__free(w->hr);
    pz__free(w->cap_s);
    pz__free(w->val_s);
    pz__free(w->arrests);
    pz__free(w->exposure);
    pz__free(w->prev);
    pz__free(w->paid);
    pz__free(w->rate);
    pz__free(w->order);
    pz__free(w->ev);
    pz__free(w);
}

static void *work_new(void *ctx)
{
    const exper *e = ctx;
    work *w = pz__calloc(1, sizeof *w);
    if (!w)
        return NULL;
    size_t T = (size_t)e->max_steps + 1;
    w->hn = pz__malloc(T * sizeof *w->hn);
    w->hr = pz__malloc(T * e->max_R * sizeof *w->hr);
    w->cap_s = pz__malloc(e->max_S * sizeof *w->cap_s);
    w->val_s = pz__malloc(e->max_S * sizeof *w->val_s);
    if (!w->hn || !w->hr || !w->cap_s || !w->val_s) {
        work_free(w);
        return NULL;
    }
    return w;
}

/* Makes room for G groups (new ones zeroed). */
static int grow_groups(work *w, size_t G)
{
    if (G <= w->cap)
        return 0;
    size_t cap = w->cap ? w->cap : 64;
    while (cap < G)
        cap *= 2;
    double **arr[] = {&w->arrests, &w->exposure, &w->prev, &w->paid, &w->rate};
    for (size_t k = 0; k < sizeof arr / sizeof *arr; k++) {
        double *v = pz__realloc(*arr[k], cap * sizeof *v);
        if (!v)
            return -1;
        memset(v + w->cap, 0, (cap - w->cap) * sizeof *v);
        *arr[k] = v;
    }
    size_t *o = pz__realloc(w->order, cap * sizeof *o);
    if (!o)
        return -1;
    w->order = o;
    w->cap = cap;
    return 0;
}

static int is_removal(pz_event_kind k)
{
    return k == PZ_EVENT_CAPTURE || k == PZ_EVENT_KILLING ||
           k == PZ_EVENT_EXTRADITION;
}

static int record_removals(const pz_model *m, work *w)
{
    size_t ne = pz_model_event_count(m);
    for (size_t k = 0; k < ne; k++) {
        const pz_event *e = pz_model_event(m, k);
        if (!is_removal(e->kind))
            continue;
        if (w->nev == w->capev) {
            size_t cap = w->capev ? 2 * w->capev : 64;
            removal *v = pz__realloc(w->ev, cap * sizeof *v);
            if (!v)
                return -1;
            w->ev = v;
            w->capev = cap;
        }
        w->ev[w->nev++] = (removal){pz_model_time(m), e->group, e->region};
    }
    return 0;
}

/* The week's offices: captured ones per level and kind, per state, and
 * the largest share held by one group. */
static void count_offices(const pz_model *m, const design *d, work *w, size_t G,
                          double *captured, double *direct, double *top)
{
    size_t units[3] = {d->R, d->S, d->S};
    size_t total = 0;
    memset(w->paid, 0, G * sizeof *w->paid);
    for (int L = 0; L < 3; L++) {
        pz_gov_stats gs;
        pz_model_government(m, (pz_gov_level)L, &gs);
        captured[L] += (double)(gs.indirect + gs.direct);
        *direct += (double)gs.direct;
        total += gs.offices;
        for (size_t u = 0; u < units[L]; u++) {
            long payer;
            if (pz_model_office(m, (pz_gov_level)L, u, &payer) == 0)
                continue;
            if (payer >= 0 && (size_t)payer < G)
                w->paid[payer] += 1;
            w->cap_s[L == PZ_GOV_MUNICIPAL ? d->state_of[u] : u] += 1;
        }
    }
    double best = 0;
    for (size_t g = 0; g < G; g++)
        if (w->paid[g] > best)
            best = w->paid[g];
    *top += total ? best / (double)total : 0;
}

/* The Gini coefficient of v[0..n) (sorted in place), NaN for fewer than
 * two values or a zero sum. */
static double gini(double *v, size_t n)
{
    if (n < 2)
        return NAN;
    qsort(v, n, sizeof *v, pz__dcmp);
    double s = 0, si = 0;
    for (size_t i = 0; i < n; i++) {
        s += v[i];
        si += (double)(i + 1) * v[i];
    }
    return s > 0 ? 2 * si / ((double)n * s) - (double)(n + 1) / (double)n : NAN;
}

/* Whether group i comes before group j by mean members (most first,
 * lower index on ties). */
static int before(const double *exposure, size_t i, size_t j)
{
    return exposure[i] > exposure[j] || (exposure[i] == exposure[j] && i < j);
}

/* S1 from the window's arrests and member-weeks of G groups over W
 * weeks. */
static void arrest_signatures(work *w, size_t G, uint32_t W, double *out)
{
    /* the groups with members, most members first (insertion sort) */
    size_t k = 0;
    for (size_t g = 0; g < G; g++) {
        if (!(w->exposure[g] > 0))
            continue;
        size_t j = k++;
        for (; j > 0 && before(w->exposure, g, w->order[j - 1]); j--)
            w->order[j] = w->order[j - 1];
        w->order[j] = g;
    }
    size_t top = k < TOP_GROUPS ? k : TOP_GROUPS;
    double lo = INFINITY;
    for (size_t i = 0; i < top; i++) {
        w->rate[i] = w->arrests[w->order[i]] / w->exposure[w->order[i]];
        if (w->rate[i] < lo)
            lo = w->rate[i];
    }
    double med = 0;
    if (top >= 2) {
        qsort(w->rate, top, sizeof *w->rate, pz__dcmp);
        med = top % 2 ? w->rate[top / 2]
                      : (w->rate[top / 2 - 1] + w->rate[top / 2]) / 2;
    }
    out[PZ_SIG_ARRESTS_MIN_MEDIAN] = med > 0 ? lo / med : NAN;
    size_t n = 0;
    for (size_t i = 0; i < k; i++) {
        size_t g = w->order[i];
        if (w->exposure[g] >= GINI_MIN_MEMBERS * W)
            w->rate[n++] = w->arrests[g] / w->exposure[g];
    }
    out[PZ_SIG_ARRESTS_GINI] = gini(w->rate, n);
}

/* Homicides of steps a+1..b from the cumulative series c with stride
 * st at offset i. */
static double span(const double *c, size_t st, size_t i, uint32_t a, uint32_t b)
{
    return c[(size_t)b * st + i] - c[(size_t)a * st + i];
}

/* The statistics of one run from what it recorded. */
static void statistics(const exper *e, const design *d, work *w, size_t G,
                       const double *captured, double direct, double top,
                       double *out)
{
    const uint32_t W = d->t1 - d->t0 + 1, wk = e->weeks;
    const size_t R = d->R;
    arrest_signatures(w, G, W, out);
    double tot = captured[0] + captured[1] + captured[2];
    out[PZ_SIG_CAPTURED_MUNICIPAL] = tot > 0 ? captured[0] / tot : NAN;
    out[PZ_SIG_CAPTURED_DIRECT] = tot > 0 ? direct / tot : NAN;
    for (size_t s = 0; s < d->S; s++) {
        w->cap_s[s] /= (double)W * (double)d->offices[s];
        w->val_s[s] /= (double)W;
    }
    /* r of fewer than three states says nothing (two points make a line) */
    out[PZ_SIG_CAPTURE_VALUE_R] =
        d->S >= 3 ? pz__pearson(w->cap_s, w->val_s, d->S) : NAN;
    /* S4: national homicides around the election days */
    double pre = 0, post = 0;
    for (size_t k = 0; k < d->nelect; k++) {
        uint32_t t = d->elect[k];
        pre += span(w->hn, 1, 0, t - 1 - wk, t - 1);
        post += span(w->hn, 1, 0, t - 1, t - 1 + wk);
    }
    out[PZ_SIG_POST_ELECTION] = pre > 0 ? post / pre : NAN;
    /* S5: the stronghold against the rest of the country, and the share
     * of removals that hit the largest group */
    size_t largest = 0;
    for (size_t g = 1; g < G; g++)
        if (w->exposure[g] > w->exposure[largest])
            largest = g;
    double a[4] = {0}; /* stronghold pre, post; rest pre, post */
    size_t used = 0, hit = 0;
    for (size_t k = 0; k < w->nev; k++) {
        const removal *v = &w->ev[k];
        hit += v->group == largest;
        uint32_t t = v->t;
        if (v->region >= R || t < wk + 1 || (uint64_t)t + wk - 1 > d->steps)
            continue;
        double sp = span(w->hr, R, v->region, t - 1 - wk, t - 1),
               sq = span(w->hr, R, v->region, t - 1, t - 1 + wk);
        double np = 0, nq = 0;
        for (size_t i = 0; i < R; i++) {
            np += span(w->hr, R, i, t - 1 - wk, t - 1);
            nq += span(w->hr, R, i, t - 1, t - 1 + wk);
        }
        a[0] += sp;
        a[1] += sq;
        a[2] += np - sp;
        a[3] += nq - sq;
        used++;
    }
    out[PZ_SIG_KINGPIN_STRONGHOLD] = used && a[0] > 0 && a[2] > 0 && a[3] > 0
                                         ? (a[1] / a[0]) / (a[3] / a[2])
                                         : NAN;
    out[PZ_SIG_REMOVALS_LARGEST] =
        w->nev && G ? (double)hit / (double)w->nev : NAN;
    out[PZ_SIG_PAYROLL_TOP] = top / (double)W;
}

/* Runs replicate rep of design d and computes its statistics. */
static pz_status run_one(const exper *e, const design *d, work *w, uint32_t rep,
                         double *out, size_t *nrem, char *msg, size_t msglen)
{
    pz_model *m = NULL;
    const size_t R = d->R;
    pz_status st =
        pz__replicate_model(d->sc, rep, R, d->steps, &m, msg, msglen);
    if (st != PZ_OK)
        return st;
    size_t G = pz_model_group_count(m);
    if (grow_groups(w, G) != 0) {
        st = PZ_ERR_NOMEM;
        goto nomem;
    }
    memset(w->arrests, 0, w->cap * sizeof *w->arrests);
    memset(w->exposure, 0, w->cap * sizeof *w->exposure);
    memset(w->prev, 0, w->cap * sizeof *w->prev);
    for (size_t g = 0; g < G; g++) {
        pz_flows f;
        pz_model_group(m, g, &f);
        w->prev[g] = f.members;
    }
    memset(w->cap_s, 0, d->S * sizeof *w->cap_s);
    memset(w->val_s, 0, d->S * sizeof *w->val_s);
    memset(w->hr, 0, R * sizeof *w->hr);
    w->hn[0] = 0;
    w->nev = 0;
    double captured[3] = {0, 0, 0}, direct = 0, top = 0;
    for (uint32_t t = 1; t <= d->steps; t++) {
        pz_error se;
        if ((st = pz_model_step(m, &se)) != PZ_OK) {
            snprintf(msg, msglen, "%s", se.msg);
            pz_model_destroy(m);
            return st;
        }
        w->hn[t] = w->hn[t - 1] + pz_model_homicides(m);
        double *row = w->hr + (size_t)t * R;
        const double *last = row - R;
        for (size_t i = 0; i < R; i++) {
            pz_region_stats rs;
            pz_model_region(m, PZ_LEVEL_REGIONS, i, &rs);
            row[i] = last[i] + rs.homicides;
        }
        G = pz_model_group_count(m);
        if (grow_groups(w, G) != 0)
            goto nomem;
        int in = t >= d->t0 && t <= d->t1;
        for (size_t g = 0; g < G; g++) {
            pz_flows f;
            pz_model_group(m, g, &f);
            if (in) {
                w->arrests[g] += f.arrests;
                w->exposure[g] += w->prev[g];
            }
            w->prev[g] = f.members;
        }
        if (!in)
            continue;
        count_offices(m, d, w, G, captured, &direct, &top);
        for (size_t i = 0; i < R; i++)
            w->val_s[d->state_of[i]] += pz_model_region_value(m, i);
        if (record_removals(m, w) != 0)
            goto nomem;
    }
    pz_model_destroy(m);
    statistics(e, d, w, G, captured, direct, top, out);
    *nrem = w->nev;
    return PZ_OK;
nomem:
    pz_model_destroy(m);
    snprintf(msg, msglen, "out of memory");
    return PZ_ERR_NOMEM;
}

static pz_status run_task(void *ctx, void *arg, uint32_t i, char *msg,
                          size_t msglen)
{
    exper *e = ctx;
    const uint32_t x = i % 2, rep = i / 2;
    const design *d = &e->d[x];
    const size_t slot = (size_t)x * e->n + rep;
    char m[900];
    pz_status st = run_one(e, d, arg, rep, e->value + slot * K,
                           &e->removals[slot], m, sizeof m);
    if (st != PZ_OK)
        snprintf(msg, msglen, "%s, replicate %u: %s", pz_scenario_source(d->sc),
                 rep, m);
    return st;
}

static void design_free(design *d)
{
    pz__free(d->state_of);
    pz__free(d->offices);
    pz__free(d->elect);
    memset(d, 0, sizeof *d);
}

static int ucmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The shape of scenario sc for the window from..to (whole years) and
 * weeks before and after elections. */
static pz_status make_design(const pz_scenario *sc, int from, int to,
                             unsigned weeks, design *d, pz_error *err)
{
    memset(d, 0, sizeof *d);
    d->sc = sc;
    const char *src = pz_scenario_source(sc);
    if (pz_scenario_param(sc, PZ_P_MODE) != PZ_MODE_STOCHASTIC)
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s runs in deterministic mode: the signatures need "
                        "stochastic runs (offices are bought and leaders "
                        "removed only in stochastic mode, and deterministic "
                        "replicates are all the same); use --stochastic or "
                        "--set mode=stochastic",
                        src);
    pz_model *m = NULL;
    pz_status st = pz_model_create(sc, 0, &m, err);
    if (st != PZ_OK)
        return st;
    d->steps = pz_model_steps(m);
    d->R = pz_model_region_count(m, PZ_LEVEL_REGIONS);
    d->S = pz_model_region_count(m, PZ_LEVEL_STATES);
    if (d->R == 0 || d->S == 0) {
        pz_model_destroy(m);
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s has no regions: the signatures need offices, "
                        "which exist per region and state (give the "
                        "scenario a 'regions:' section)",
                        src);
    }
    /* the window */
    const long day0 = pz_days_from_civil(from, 1, 1),
               day1 = pz_days_from_civil(to, 12, 31);
    for (uint32_t t = 1; t <= d->steps; t++) {
        long day = pz_model_date(m, t);
        if (day >= day0 && day <= day1) {
            if (!d->t0)
                d->t0 = t;
            d->t1 = t;
        }
    }
    if (!d->t0) {
        char a[16], b[16];
        pz_date_format(pz_model_date(m, 1), a, sizeof a);
        pz_date_format(pz_model_date(m, d->steps), b, sizeof b);
        pz_model_destroy(m);
        return pz__fail(err, PZ_ERR_INPUT,
                        "the window %d-%d has no week of %s's run (weeks "
                        "ending %s to %s)",
                        from, to, src, d->steps ? a : "-", d->steps ? b : "-");
    }
    /* the regions' states, and the offices of each state */
    d->state_of = pz__malloc(d->R * sizeof *d->state_of);
    d->offices = pz__calloc(d->S, sizeof *d->offices);
    size_t nday = 0;
    for (size_t k = 0; k < sc->nelect; k++)
        nday += sc->elect[k].nday;
    d->elect = pz__malloc((nday ? nday : 1) * sizeof *d->elect);
    if (!d->state_of || !d->offices || !d->elect) {
        pz_model_destroy(m);
        design_free(d);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < d->R; i++) {
        const char *code = pz_model_region_code(m, PZ_LEVEL_REGIONS, i);
        size_t s = 0;
        for (; s < d->S; s++) {
            const char *sc_code = pz_model_region_code(m, PZ_LEVEL_STATES, s);
            if (strncmp(code, sc_code, strlen(sc_code)) == 0)
                break;
        }
        if (s == d->S) {
            pz_model_destroy(m);
            design_free(d);
            return pz__fail(err, PZ_ERR_INTERNAL,
                            "%s: region %s is in no state", src, code);
        }
        d->state_of[i] = s;
        d->offices[s]++;
    }
    for (size_t s = 0; s < d->S; s++)
        d->offices[s] += 2; /* its state and federal offices */
    /* the municipal and federal election days in the window whose weeks
     * before and after fit in the run */
    const long start = pz_model_date(m, 0);
    for (size_t k = 0; k < sc->nelect; k++) {
        const pz__election *el = &sc->elect[k];
        if (el->level != PZ__GOV_MUNICIPAL && el->level != PZ__GOV_FEDERAL)
            continue;
        for (size_t j = 0; j < el->nday; j++) {
            pz__change c = {0};
            c.has_date = 1;
            c.day = el->day[j];
            long t = pz__change_step(&c, start);
            if (t < (long)d->t0 || t > (long)d->t1 || t < (long)weeks + 1 ||
                t + (long)weeks - 1 > (long)d->steps)
                continue;
            d->elect[d->nelect++] = (uint32_t)t;
        }
    }
    qsort(d->elect, d->nelect, sizeof *d->elect, ucmp);
    size_t u = 0;
    for (size_t k = 0; k < d->nelect; k++)
        if (u == 0 || d->elect[k] != d->elect[u - 1])
            d->elect[u++] = d->elect[k];
    d->nelect = u;
    pz_model_destroy(m);
    return PZ_OK;
}

pz_status pz_signatures_run(const pz_scenario *a, const pz_scenario *b,
                            const pz_signatures_options *opt,
                            pz_signatures_result *out, pz_error *err)
{
    memset(out, 0, sizeof *out);
    int from = opt->from_year, to = opt->to_year;
    if (from == 0 && to == 0) {
        from = 2010;
        to = 2020;
    }
    const unsigned weeks = opt->weeks ? opt->weeks : 26;
    if (opt->n == 0)
        return pz__fail(err, PZ_ERR_INPUT, "-n: at least one replicate, got 0");
    if (opt->n > 1000000)
        return pz__fail(err, PZ_ERR_INPUT,
                        "-n: at most 1000000 replicates, got %u", opt->n);
    if (opt->threads == 0)
        return pz__fail(err, PZ_ERR_INPUT, "--threads: at least 1, got 0");
    if (from < 1900 || from > 2200 || to < 1900 || to > 2200)
        return pz__fail(err, PZ_ERR_INPUT,
                        "window %d-%d: years must be within 1900-2200", from,
                        to);
    if (from > to)
        return pz__fail(err, PZ_ERR_INPUT,
                        "window %d-%d: the first year is after the last", from,
                        to);
    if (weeks > 520)
        return pz__fail(err, PZ_ERR_INPUT,
                        "weeks before and after: at most 520, got %u", weeks);
    exper e = {.n = opt->n, .weeks = weeks};
    pz_status st;
    double *scratch = NULL, *diff = NULL;
    if ((st = make_design(a, from, to, weeks, &e.d[0], err)) != PZ_OK)
        return st;
    if ((st = make_design(b, from, to, weeks, &e.d[1], err)) != PZ_OK)
        goto out;
    for (int x = 0; x < 2; x++) {
        if (e.d[x].steps > e.max_steps)
            e.max_steps = e.d[x].steps;
        if (e.d[x].R > e.max_R)
            e.max_R = e.d[x].R;
        if (e.d[x].S > e.max_S)
            e.max_S = e.d[x].S;
    }
    const size_t runs = 2 * (size_t)opt->n;
    e.value = pz__malloc(runs * K * sizeof *e.value);
    e.removals = pz__calloc(runs, sizeof *e.removals);
    scratch = pz__malloc(opt->n * sizeof *scratch);
    diff = pz__malloc(opt->n * sizeof *diff);
    if (!e.value || !e.removals || !scratch || !diff) {
        st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        goto out;
    }
    const pz__tasks tasks = {.n = (uint32_t)runs,
                             .threads = opt->threads,
                             .ctx = &e,
                             .work_new = work_new,
                             .work_free = work_free,
                             .run = run_task};
    if ((st = pz__tasks_run(&tasks, err)) != PZ_OK)
        goto out;
    /* the summaries, reading the replicates in order */
    out->n = opt->n;
    out->from_year = from;
    out->to_year = to;
    out->weeks = weeks;
    for (int x = 0; x < 2; x++) {
        for (uint32_t r = 0; r < opt->n; r++)
            out->removals[x] += e.removals[(size_t)x * opt->n + r];
        out->elections[x] = e.d[x].nelect * opt->n;
    }
    const double *va = e.value, *vb = e.value + (size_t)opt->n * K;
    for (size_t k = 0; k < K; k++) {
        pz_signatures_row *row = &out->row[k];
        row->sig = (pz_signature)k;
        pz_sig_summary *sa = &row->a, *sb = &row->b, *sd = &row->diff;
        sa->replicates = (uint32_t)pz__summarise(
            va + k, K, opt->n, scratch, &sa->mean, &sa->q025, &sa->q975);
        sb->replicates = (uint32_t)pz__summarise(
            vb + k, K, opt->n, scratch, &sb->mean, &sb->q025, &sb->q975);
        for (uint32_t r = 0; r < opt->n; r++)
            diff[r] = va[(size_t)r * K + k] - vb[(size_t)r * K + k];
        sd->replicates = (uint32_t)pz__summarise(
            diff, 1, opt->n, scratch, &sd->mean, &sd->q025, &sd->q975);
        row->separates = sd->replicates > 0 && (sd->q025 > 0 || sd->q975 < 0);
    }
    out->value = e.value;
    e.value = NULL;
    st = PZ_OK;
out:
    design_free(&e.d[0]);
    design_free(&e.d[1]);
    pz__free(e.value);
    pz__free(e.removals);
    pz__free(scratch);
    pz__free(diff);
    return st;
}

/* ",v" in the summaries' form (base/csvjson.h: NA when missing) */
static void put_number(FILE *f, double v)
{
    fputc(',', f);
    pz__csv_num(f, v, PZ__NUM_SIX);
}

static void put_row(FILE *f, pz_signature s, const char *scenario,
                    const pz_sig_summary *x)
{
    fprintf(f, "%s,", pz_signature_name(s));
    pz__csv_field(f, scenario);
    put_number(f, x->mean);
    put_number(f, x->q025);
    put_number(f, x->q975);
    fputc('\n', f);
}

/* The table, for a file or a stream. */
static void put_table(FILE *f, const pz_signatures_result *r, const char *a,
                      const char *b)
{
    fputs("signature,scenario,mean,q025,q975\n", f);
    for (size_t k = 0; k < K; k++) {
        const pz_signatures_row *x = &r->row[k];
        put_row(f, x->sig, a, &x->a);
        put_row(f, x->sig, b, &x->b);
        put_row(f, x->sig, "difference", &x->diff);
    }
}

pz_status pz_signatures_write_csv(const pz_signatures_result *r, const char *a,
                                  const char *b, const char *dir, pz_error *err)
{
    pz__rundir rd;
    FILE *f = NULL;
    pz_status st;
    if ((st = pz__rundir_open(&rd, dir, err)) != PZ_OK)
        return st;
    if ((st = pz__rundir_table(&rd, "signatures.csv", &f, err)) != PZ_OK) {
        pz__rundir_abort(&rd);
        return st;
    }
    put_table(f, r, a, b);
    return pz__rundir_commit(&rd, err);
}

pz_status pz_signatures_print_csv(const pz_signatures_result *r, const char *a,
                                  const char *b, FILE *f, pz_error *err)
{
    put_table(f, r, a, b);
    return ferror(f) ? pz__fail(err, PZ_ERR_IO, "cannot write the table")
                     : PZ_OK;
}
