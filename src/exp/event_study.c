/*
 * event_study.c - an event study of leader removals on simulated data
 * (see plaza/event_study.h).
 *
 * The replicates run over threads as the tasks of exp/replicates.h; each
 * replicate's estimates go to its own slots of the result, and the
 * summaries read the slots in replicate order, so nothing depends on
 * which thread ran what.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/csvjson.h"
#include "base/internal.h"
#include "exp/replicates.h"
#include "io/rundir.h"
#include "plaza/event_study.h"
#include "plaza/model.h"
#include "world/scenario.h"

/* Rows per window: treated all/killed/captured, other all, neighbours
 * all. */
enum { ROWS_PER_WINDOW = 5 };
static const pz_es_set row_set[ROWS_PER_WINDOW] = {
    PZ_ES_TREATED, PZ_ES_TREATED, PZ_ES_TREATED, PZ_ES_OTHER, PZ_ES_NEIGHBOURS};
static const pz_es_fate row_fate[ROWS_PER_WINDOW] = {
    PZ_ES_ALL, PZ_ES_KILLED, PZ_ES_CAPTURED, PZ_ES_ALL, PZ_ES_ALL};

/* Marks of a region for one event (0: in no set). */
enum { MARK_NONE = 0, MARK_TREATED = 1, MARK_OTHER = 2, MARK_NEIGHBOUR = 3 };

typedef struct removal {
    uint32_t t;
    pz_es_fate fate; /* PZ_ES_KILLED or PZ_ES_CAPTURED */
} removal;

/* One thread's workspace, reused from replicate to replicate. */
typedef struct work {
    double *cum; /* (steps + 1) x R: homicides summed over 1..t */
    removal *ev;
    unsigned char *mark; /* capev x R */
    size_t nev, capev;
    unsigned char *ctrl; /* R */
} work;

typedef struct study {
    const pz_scenario *sc;
    const unsigned *window;
    size_t nwindows, nrows;
    uint32_t n, steps;
    size_t R;
    double *value;    /* n x nrows */
    size_t *used;     /* n x nrows: events used */
    size_t *removals; /* n */
} study;

const char *pz_es_set_name(pz_es_set s)
{
    static const char *const names[] = {"treated", "other", "neighbours"};
    return (unsigned)s < 3 ? names[s] : "?";
}

const char *pz_es_fate_name(pz_es_fate f)
{
    static const char *const names[] = {"all", "killed", "captured"};
    return (unsigned)f < 3 ? names[f] : "?";
}

void pz_event_study_result_free(pz_event_study_result *r)
{
    if (!r)
        return;
    pz__free(r->row);
    pz__free(r->value);
    memset(r, 0, sizeof *r);
}

/* Appends the removals of m's last step, with their sets. */
static int record_events(const pz_model *m, work *w, size_t R)
{
    size_t ne = pz_model_event_count(m);
    for (size_t k = 0; k < ne; k++) {
        const pz_event *e = pz_model_event(m, k);
        if (e->kind != PZ_EVENT_CAPTURE && e->kind != PZ_EVENT_KILLING &&
            e->kind != PZ_EVENT_EXTRADITION)
            continue;
        if (e->region >= R)
            continue; /* a group with no members anywhere: no stronghold */
        if (w->nev == w->capev) {
            size_t cap = w->capev ? 2 * w->capev : 64;
            removal *v = pz__realloc(w->ev, cap * sizeof *v);
            if (!v)
                return -1;
            w->ev = v;
            unsigned char *mk = pz__realloc(w->mark, cap * R);
            if (!mk)
                return -1;
            w->mark = mk;
            w->capev = cap;
        }
        removal *r = &w->ev[w->nev];
        unsigned char *mk = w->mark + w->nev * R;
        r->t = pz_model_time(m);
        r->fate = e->kind == PZ_EVENT_KILLING ? PZ_ES_KILLED : PZ_ES_CAPTURED;
        size_t nf = e->outcome == PZ_OUTCOME_SPLIT ? e->new_count : 0;
        if (nf > PZ_EVENT_FACTIONS)
            nf = PZ_EVENT_FACTIONS;
        for (size_t i = 0; i < R; i++) {
            int here = pz_model_cell(m, i, e->group) >= 1;
            for (size_t f = 0; !here && f < nf; f++)
                here = pz_model_cell(m, i, e->faction[f]) >= 1;
            mk[i] = here ? MARK_OTHER : MARK_NONE;
        }
        const size_t *nb;
        size_t nn = pz_model_region_neighbours(m, e->region, &nb);
        for (size_t j = 0; j < nn; j++)
            if (nb[j] < R && mk[nb[j]] == MARK_NONE)
                mk[nb[j]] = MARK_NEIGHBOUR;
        mk[e->region] = MARK_TREATED;
        w->nev++;
    }
    return 0;
}

/* The estimates of one replicate from its homicides and removals. */
static void estimate(const study *s, work *w, double *value, size_t *used)
{
    const size_t R = s->R;
    const double *cum = w->cum;
    for (size_t wi = 0; wi < s->nwindows; wi++) {
        const uint32_t W = s->window[wi];
        /* per row: treated pre, post; controls pre, post */
        double acc[ROWS_PER_WINDOW][4] = {{0}};
        size_t *u = used + wi * ROWS_PER_WINDOW;
        for (size_t k = 0; k < w->nev; k++) {
            const uint32_t t = w->ev[k].t;
            if (t < W + 1 || (uint64_t)t + W - 1 > s->steps)
                continue;
            /* controls: in no set of any removal within [t - W, t + W] */
            memset(w->ctrl, 1, R);
            for (size_t j = 0; j < w->nev; j++) {
                uint32_t tj = w->ev[j].t;
                if (tj + W < t || tj > (uint64_t)t + W)
                    continue;
                const unsigned char *mj = w->mark + j * R;
                for (size_t i = 0; i < R; i++)
                    if (mj[i] != MARK_NONE)
                        w->ctrl[i] = 0;
            }
            const double *c0 = cum + (size_t)(t - W - 1) * R,
                         *c1 = cum + (size_t)(t - 1) * R,
                         *c2 = cum + (size_t)(t + W - 1) * R;
            double pre[4] = {0}, post[4] = {0}; /* by mark; [0]: controls */
            int any[4] = {0};
            const unsigned char *mk = w->mark + k * R;
            for (size_t i = 0; i < R; i++) {
                int b = mk[i] != MARK_NONE ? mk[i] : w->ctrl[i] ? 0 : -1;
                if (b < 0)
                    continue;
                pre[b] += c1[i] - c0[i];
                post[b] += c2[i] - c1[i];
                any[b] = 1;
            }
            for (int r = 0; r < ROWS_PER_WINDOW; r++) {
                int b = row_set[r] == PZ_ES_TREATED ? MARK_TREATED
                        : row_set[r] == PZ_ES_OTHER ? MARK_OTHER
                                                    : MARK_NEIGHBOUR;
                if (!any[b] ||
                    (row_fate[r] != PZ_ES_ALL && row_fate[r] != w->ev[k].fate))
                    continue;
                acc[r][0] += pre[b];
                acc[r][1] += post[b];
                acc[r][2] += pre[0];
                acc[r][3] += post[0];
                u[r]++;
            }
        }
        for (int r = 0; r < ROWS_PER_WINDOW; r++) {
            const double *a = acc[r];
            value[wi * ROWS_PER_WINDOW + (size_t)r] =
                a[0] > 0 && a[2] > 0 && a[3] > 0
                    ? (a[1] / a[0]) / (a[3] / a[2]) - 1
                    : NAN;
        }
    }
}

static pz_status run_replicate(study *s, work *w, uint32_t rep, char *msg,
                               size_t msglen)
{
    pz_model *m = NULL;
    const size_t R = s->R;
    pz_status st =
        pz__replicate_model(s->sc, rep, R, s->steps, &m, msg, msglen);
    if (st != PZ_OK)
        return st;
    w->nev = 0;
    memset(w->cum, 0, R * sizeof *w->cum);
    for (uint32_t t = 1; t <= s->steps; t++) {
        pz_error se;
        if ((st = pz_model_step(m, &se)) != PZ_OK) {
            snprintf(msg, msglen, "%s", se.msg);
            pz_model_destroy(m);
            return st;
        }
        double *row = w->cum + (size_t)t * R;
        const double *prev = row - R;
        for (size_t i = 0; i < R; i++) {
            pz_region_stats rs;
            pz_model_region(m, PZ_LEVEL_REGIONS, i, &rs);
            row[i] = prev[i] + rs.homicides;
        }
        if (record_events(m, w, R) != 0) {
            pz_model_destroy(m);
            snprintf(msg, msglen, "out of memory");
            return PZ_ERR_NOMEM;
        }
    }
    pz_model_destroy(m);
    size_t *used = s->used + (size_t)rep * s->nrows;
    memset(used, 0, s->nrows * sizeof *used);
    estimate(s, w, s->value + (size_t)rep * s->nrows, used);
    s->removals[rep] = w->nev;
    return PZ_OK;
}

static void work_free(void *arg)
{
    work *w = arg;
    if (!w)
        return;
    pz__free(w->cum);
    pz__free(w->ev);
    pz__free(w->mark);
    pz__free(w->ctrl);
    pz__free(w);
}

static void *work_new(void *ctx)
{
    const study *s = ctx;
    work *w = pz__calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->cum = pz__malloc(((size_t)s->steps + 1) * s->R * sizeof *w->cum);
    w->ctrl = pz__malloc(s->R);
    if (!w->cum || !w->ctrl) {
        work_free(w);
        return NULL;
    }
    return w;
}

static pz_status run_task(void *ctx, void *w, uint32_t rep, char *msg,
                          size_t msglen)
{
    char m[900];
    pz_status st = run_replicate(ctx, w, rep, m, sizeof m);
    if (st != PZ_OK)
        snprintf(msg, msglen, "replicate %u: %s", rep, m);
    return st;
}

/* Whether the scenario (timeline and selected policy) removes leaders:
 * a positive kingpin_rate at the start or set later, or a dated removal
 * (captured, killed or extradited). */
static int removes_leaders(const pz_scenario *sc)
{
    if (sc->param[PZ_P_KINGPIN_RATE] > 0)
        return 1;
    const pz__policy *pol =
        sc->selected >= 0 ? &sc->policy[sc->selected] : NULL;
    size_t n = sc->ntimeline + (pol ? pol->n : 0);
    for (size_t i = 0; i < n; i++) {
        const pz__change *c = i < sc->ntimeline
                                  ? &sc->timeline[i]
                                  : &pol->change[i - sc->ntimeline];
        if (c->op == PZ__SET && c->set.param == PZ_P_KINGPIN_RATE &&
            c->set.value > 0)
            return 1;
        if (c->op == PZ__LEADER && (c->leader.fate == PZ__FATE_CAPTURED ||
                                    c->leader.fate == PZ__FATE_KILLED ||
                                    c->leader.fate == PZ__FATE_EXTRADITED))
            return 1;
    }
    return 0;
}

pz_status pz_event_study_run(const pz_scenario *sc,
                             const pz_event_study_options *opt,
                             pz_event_study_result *out, pz_error *err)
{
    memset(out, 0, sizeof *out);
    /* half a year and a year */
    static const unsigned def_windows[] = {PZ__STEPS_PER_YEAR / 2,
                                           PZ__STEPS_PER_YEAR};
    const unsigned *window = opt->nwindows ? opt->window : def_windows;
    size_t nwindows = opt->nwindows ? opt->nwindows : 2;
    if (opt->n == 0)
        return pz__fail(err, PZ_ERR_INPUT, "-n: at least one replicate, got 0");
    if (opt->threads == 0)
        return pz__fail(err, PZ_ERR_INPUT, "--threads: at least 1, got 0");
    if (nwindows > PZ_EVENT_STUDY_MAX_WINDOWS)
        return pz__fail(err, PZ_ERR_INPUT, "at most %d windows, got %zu",
                        PZ_EVENT_STUDY_MAX_WINDOWS, nwindows);
    for (size_t i = 0; i < nwindows; i++)
        if (window[i] == 0 || window[i] > 100000)
            return pz__fail(err, PZ_ERR_INPUT,
                            "window %zu: expected 1 to 100000 weeks, got %u",
                            i + 1, window[i]);
    if (pz_scenario_param(sc, PZ_P_MODE) != PZ_MODE_STOCHASTIC)
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s runs in deterministic mode: an event study needs "
                        "stochastic runs (removals of leaders are drawn only "
                        "in stochastic mode, and deterministic replicates are "
                        "all the same); use --stochastic or --set "
                        "mode=stochastic",
                        pz_scenario_source(sc));
    if (!removes_leaders(sc))
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s removes no leaders: kingpin_rate is 0 and the "
                        "timeline has no dated removal (give e.g. --set "
                        "kingpin_rate=6)",
                        pz_scenario_source(sc));
    pz_model *probe = NULL;
    pz_status st = pz_model_create(sc, 0, &probe, err);
    if (st != PZ_OK)
        return st;
    study s = {.sc = sc,
               .window = window,
               .nwindows = nwindows,
               .nrows = nwindows * ROWS_PER_WINDOW,
               .n = opt->n,
               .steps = pz_model_steps(probe),
               .R = pz_model_region_count(probe, PZ_LEVEL_REGIONS)};
    pz_model_destroy(probe);
    if (s.R == 0)
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s has no regions: the event study compares regions "
                        "(give the scenario a 'regions:' section)",
                        pz_scenario_source(sc));
    /* a removal at week t counts in a window of W weeks when t - W >= 1 and
     * t + W - 1 <= steps: a run shorter than 2 W has none */
    for (size_t i = 0; i < nwindows; i++)
        if ((uint64_t)s.steps < 2 * (uint64_t)window[i])
            return pz__fail(err, PZ_ERR_INPUT,
                            "window %zu of %u weeks needs a run of at least %u "
                            "weeks (the window before and after a removal), "
                            "%s has %u",
                            i + 1, window[i], 2 * window[i],
                            pz_scenario_source(sc), s.steps);
    size_t cells = (size_t)opt->n * s.nrows;
    s.value = pz__malloc(cells * sizeof *s.value);
    s.used = pz__calloc(cells, sizeof *s.used);
    s.removals = pz__calloc(opt->n, sizeof *s.removals);
    pz_event_study_row *row = pz__calloc(s.nrows, sizeof *row);
    double *sorted = pz__malloc(opt->n * sizeof *sorted);
    if (!s.value || !s.used || !s.removals || !row || !sorted) {
        st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        goto out;
    }
    const pz__tasks tasks = {.n = opt->n,
                             .threads = opt->threads,
                             .ctx = &s,
                             .work_new = work_new,
                             .work_free = work_free,
                             .run = run_task};
    if ((st = pz__tasks_run(&tasks, err)) != PZ_OK)
        goto out;
    /* the summaries, reading the replicates in order */
    out->n = opt->n;
    for (uint32_t r = 0; r < opt->n; r++)
        out->removals += s.removals[r];
    for (size_t k = 0; k < s.nrows; k++) {
        pz_event_study_row *x = &row[k];
        x->set = row_set[k % ROWS_PER_WINDOW];
        x->fate = row_fate[k % ROWS_PER_WINDOW];
        x->window = window[k / ROWS_PER_WINDOW];
        for (uint32_t r = 0; r < opt->n; r++)
            x->events += s.used[(size_t)r * s.nrows + k];
        x->replicates = (uint32_t)pz__summarise(
            s.value + k, s.nrows, opt->n, sorted, &x->mean, &x->q025, &x->q975);
    }
    out->nrows = s.nrows;
    out->row = row;
    out->value = s.value;
    row = NULL;
    s.value = NULL;
    st = PZ_OK;
out:
    pz__free(s.value);
    pz__free(s.used);
    pz__free(s.removals);
    pz__free(row);
    pz__free(sorted);
    return st;
}

/* ",v" in the summaries' form (base/csvjson.h: NA when missing) */
static void put_number(FILE *f, double v)
{
    fputc(',', f);
    pz__csv_num(f, v, PZ__NUM_SIX);
}

/* The table, for a file or a stream. */
static void put_table(FILE *f, const pz_event_study_result *r)
{
    fputs("set,fate,window_weeks,events,replicates,mean,q025,q975\n", f);
    for (size_t k = 0; k < r->nrows; k++) {
        const pz_event_study_row *x = &r->row[k];
        fprintf(f, "%s,%s,%u,%zu,%u", pz_es_set_name(x->set),
                pz_es_fate_name(x->fate), x->window, x->events, x->replicates);
        put_number(f, x->mean);
        put_number(f, x->q025);
        put_number(f, x->q975);
        fputc('\n', f);
    }
}

pz_status pz_event_study_write_csv(const pz_event_study_result *r,
                                   const char *dir, pz_error *err)
{
    pz__rundir rd;
    FILE *f = NULL;
    pz_status st;
    if ((st = pz__rundir_open(&rd, dir, err)) != PZ_OK)
        return st;
    if ((st = pz__rundir_table(&rd, "event_study.csv", &f, err)) != PZ_OK) {
        pz__rundir_abort(&rd);
        return st;
    }
    put_table(f, r);
    return pz__rundir_commit(&rd, err);
}

pz_status pz_event_study_print_csv(const pz_event_study_result *r, FILE *f,
                                   pz_error *err)
{
    put_table(f, r);
    return ferror(f) ? pz__fail(err, PZ_ERR_IO, "cannot write the table")
                     : PZ_OK;
}
