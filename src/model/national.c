/*
 * national.c - the national model: one number per group (docs/MODEL.md).
 *
 * Each week, group i of C_i members recruits, loses members to arrest
 * (incapacitation), to conflict with other groups and to saturation:
 *
 *   recruits_i = rho' C_i         rho' = rho exp(-d max(0, a/a0 - 1))
 *   arrests_i  = eta C_i / S      (fixed)  or  iota C_i  (proportional)
 *   deaths_i   = theta C_i (K C)_i,  K_ij = (b + R_ij)/(A_i + 1), K_ii = 0
 *   exits_i    = omega C_i^2
 *
 * with S = sum C, a = national arrests per member, b = 1 (pc2023 kernel)
 * or 0 (rivals only).  K is never formed: (K C)_i = (b (S - C_i) +
 * sum_j R_ij C_j)/(A_i + 1) costs one pass over the sparse rivalries, so a
 * step is O(groups + rivalries) instead of O(groups^2).
 *
 * Deterministic mode integrates the ODE with classical Runge-Kutta (or the
 * weekly difference equation, 'euler'); the flows are integrated with the
 * same weights, so members(t+1) = members(t) + recruits - arrests - deaths
 * - exits holds to rounding.  Stochastic mode keeps integer members and
 * draws, per group and week: recruits ~ Poisson(rho' C_i); leavers ~
 * Binomial(C_i, min(1, h_i)) with h_i the per-member hazard of arrest,
 * death and exit; the leavers split among the three by a multinomial in
 * proportion to their hazards.  Its expectation over one week equals the
 * difference equation's.  Every draw comes from the counter-based stream
 * (seed, replicate, GROUP_EVENTS, group, week), so results do not depend
 * on the order groups are visited in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "plaza/model.h"
#include "plaza/rng.h"
#include "world/scenario.h"

#include "model/model_impl.h"

static int change_cmp(const void *a, const void *b)
{
    const pz__change *x = a, *y = b;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* A dated event, acting on the layers' state once, not a parameter or a
 * focus in force from its date on (a fork does not apply the past ones:
 * their effects are in the copied state). */
static int is_event(const pz__change *c)
{
    return c->op == PZ__LEADER || c->op == PZ__DEFECT || c->op == PZ__PURGE ||
           c->op == PZ__PRESSURE || c->op == PZ__WAR;
}

/* Applies one change to the parameters p (and, for a focus change or a
 * dated event, to m's regional, leaders, government and wars layers when
 * m is given). */

static pz_status apply(pz_model *m, double *p, const pz__change *c)
{
    if (c->op == PZ__LEADER || c->op == PZ__DEFECT)
        return m && m->lead ? pz__leaders_scripted(m, c) : PZ_OK;
    if (c->op == PZ__PURGE || c->op == PZ__PRESSURE)
        return m && m->gov ? pz__gov_scripted(m, c) : PZ_OK;
    if (c->op == PZ__WAR)
        return m ? pz__wars_start(m, c) : PZ_OK;
    if (c->op == PZ__FOCUS) {
        if (m)
            pz__regional_focus(m, c->region, c->value);
        return PZ_OK;
    }
    if (c->op == PZ__SCALE)
        p[c->param] *= c->value;
    else
        p[c->param] = c->value;
    return PZ_OK;
}

/* Merges the scenario's timeline and selected policy into m->change, with
 * steps resolved for the run's start date, and checks that every value
 * the timeline produces stays in its parameter's range. */
static pz_status build_timeline(pz_model *m, const pz_scenario *sc,
                                pz_error *err)
{
    const pz__policy *pol =
        sc->selected >= 0 ? &sc->policy[sc->selected] : NULL;
    size_t n = sc->ntimeline + (pol ? pol->n : 0);
    free(m->change);
    m->change = malloc((n + 1) * sizeof *m->change);
    if (!m->change)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    m->nchange = 0;
    for (size_t i = 0; i < sc->ntimeline; i++)
        m->change[m->nchange++] = sc->timeline[i];
    for (size_t i = 0; pol && i < pol->n; i++) {
        pz__change c = pol->change[i];
        c.order += 1u << 30; /* a policy acts after the timeline's own */
        m->change[m->nchange++] = c;
    }
    for (size_t i = 0; i < m->nchange; i++) {
        pz__change *c = &m->change[i];
        int dated = c->has_date;
        c->step = pz__change_step(c, m->start);
        c->has_date = 0;
        if (c->op == PZ__WAR) { /* the end, as a step too */
            pz__change end = {.has_date = 1, .day = c->until_day};
            c->until =
                c->has_until ? pz__change_step(&end, m->start) : LONG_MAX;
            /* a war that ends within the run must be in force a week at
             * least; a dated one that ended before the run is simply
             * over, but one given by its step starts within the run */
            if (c->has_until && (c->until_day > m->start || !dated) &&
                c->until <= c->step)
                return pz__fail(err, PZ_ERR_INPUT,
                                "%s:%u: a war between '%s' and '%s' ends at "
                                "step %ld, not after it starts (step %ld): "
                                "give a later 'until'",
                                sc->source, c->line, m->name[c->group],
                                m->name[c->other], c->until, c->step);
        }
    }
    qsort(m->change, m->nchange, sizeof *m->change, change_cmp);
    double p[PZ_P_COUNT];
    memcpy(p, sc->param, sizeof p);
    for (size_t i = 0; i < m->nchange; i++) {
        const pz__change *c = &m->change[i];
        if (c->op != PZ__SET && c->op != PZ__SCALE)
            continue;
        const pz_param_info *info = pz_param_info_get((pz_param_id)c->param);
        apply(NULL, p, c);
        if (p[c->param] < info->min || p[c->param] > info->max)
            return pz__fail(err, PZ_ERR_INPUT,
                            "%s: a change at step %ld makes %s = %g, outside "
                            "[%g, %g]",
                            sc->source, c->step, info->name, p[c->param],
                            info->min, info->max);
    }
    return PZ_OK;
}

static double *vec(size_t n)
{
    return calloc(n ? n : 1, sizeof(double));
}

/* A model with room for cap groups (none yet) and nnz rivalry entries. */
static pz_model *alloc_model(size_t cap, size_t nnz)
{
    pz_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = cap;
    size_t n = cap;
    m->name = calloc(n ? n : 1, sizeof *m->name);
    m->row = calloc(n + 1, sizeof *m->row);
    m->col = calloc(nnz + 1, sizeof *m->col);
    m->w = vec(nnz);
    m->ally = vec(n);
    m->inv_ally = vec(n);
    m->C = vec(n);
    m->rec = vec(n);
    m->arr = vec(n);
    m->dea = vec(n);
    m->exi = vec(n);
    m->tmp = vec(n);
    m->shock = vec(n);
    int ok = m->name && m->row && m->col && m->w && m->ally && m->inv_ally &&
             m->C && m->rec && m->arr && m->dea && m->exi && m->tmp && m->shock;
    for (int s = 0; s < 4; s++) {
        m->k[s].rec = vec(n);
        m->k[s].arr = vec(n);
        m->k[s].dea = vec(n);
        m->k[s].exi = vec(n);
        ok = ok && m->k[s].rec && m->k[s].arr && m->k[s].dea && m->k[s].exi;
    }
    if (!ok) {
        pz_model_destroy(m);
        return NULL;
    }
    return m;
}

void pz_model_destroy(pz_model *m)
{
    if (!m)
        return;
    if (m->name)
        for (size_t i = 0; i < m->n; i++)
            free(m->name[i]);
    free(m->name);
    free(m->row);
    free(m->col);
    free(m->w);
    free(m->ally);
    free(m->inv_ally);
    free(m->change);
    free(m->C);
    free(m->rec);
    free(m->arr);
    free(m->dea);
    free(m->exi);
    free(m->tmp);
    free(m->shock);
    pz__wars_destroy(m->wars);
    for (int s = 0; s < 4; s++) {
        free(m->k[s].rec);
        free(m->k[s].arr);
        free(m->k[s].dea);
        free(m->k[s].exi);
    }
    if (m->have_rng)
        pz_rng_release(&m->rng);
    pz__regional_destroy(m->reg);
    pz__leaders_destroy(m->lead);
    pz__gov_destroy(m->gov);
    free(m);
}

typedef struct ranked {
    double strength;
    size_t index;
} ranked;

/* Decreasing strength; ties by order of appearance. */
static int by_strength(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->strength != y->strength)
        return x->strength > y->strength ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Initial sizes.  zipf_strength: rank groups by network strength
 * (rivalry + alliance weight, ties by order of appearance); rank k gets
 * C0 (1/k) / H_n (PC2023).  listed: the members given per group. */
static pz_status initial_state(pz_model *m, const pz_scenario *sc,
                               pz_error *err)
{
    size_t n = m->n;
    int stochastic = m->p[PZ_P_MODE] == PZ_MODE_STOCHASTIC;
    if (m->p[PZ_P_INITIAL_DISTRIBUTION] == PZ_INIT_LISTED) {
        for (size_t i = 0; i < n; i++) {
            if (sc->net.g[i].members < 0)
                return pz__fail(err, PZ_ERR_INPUT,
                                "%s: initial_distribution is 'listed' but "
                                "group '%s' has no 'members'",
                                sc->source, sc->net.g[i].name);
            m->C[i] = sc->net.g[i].members;
        }
    } else {
        ranked *order = malloc((n ? n : 1) * sizeof *order);
        if (!order)
            return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        double h = 0;
        for (size_t k = 1; k <= n; k++)
            h += 1.0 / (double)k;
        for (size_t i = 0; i < n; i++)
            order[i] = (ranked){sc->net.strength[i], i};
        qsort(order, n, sizeof *order, by_strength);
        for (size_t k = 0; k < n; k++)
            m->C[order[k].index] =
                m->p[PZ_P_INITIAL_MEMBERS] / ((double)(k + 1) * h);
        free(order);
    }
    if (stochastic)
        for (size_t i = 0; i < n; i++)
            m->C[i] = floor(m->C[i] + 0.5);
    return PZ_OK;
}

int pz__model_set_network(pz_model *m, const pz__network *net)
{
    size_t n = net->n, nnz = net->row[n];
    size_t *col = realloc(m->col, (nnz + 1) * sizeof *col);
    if (!col)
        return -1;
    m->col = col;
    double *w = realloc(m->w, (nnz + 1) * sizeof *w);
    if (!w)
        return -1;
    m->w = w;
    m->netver++; /* the regional layer's copies of it are stale */
    memcpy(m->row, net->row, (n + 1) * sizeof *m->row);
    for (size_t i = n + 1; i <= m->cap; i++)
        m->row[i] = nnz;
    memcpy(m->col, net->col, nnz * sizeof *m->col);
    memcpy(m->w, net->w, nnz * sizeof *m->w);
    memcpy(m->ally, net->alliance, n * sizeof *m->ally);
    for (size_t i = 0; i < m->cap; i++)
        m->inv_ally[i] = 1.0 / ((i < n ? m->ally[i] : 0) + 1);
    return 0;
}

static pz_status copy_network(pz_model *m, const pz_scenario *sc)
{
    const pz__network *net = &sc->net;
    m->n = m->n0 = net->n;
    for (size_t i = 0; i < m->n; i++)
        if (!(m->name[i] = pz__strdup(net->g[i].name)))
            return PZ_ERR_NOMEM;
    return pz__model_set_network(m, net) == 0 ? PZ_OK : PZ_ERR_NOMEM;
}

/* Room for groups: the scenario's, and with regions those splits may
 * add. */
static size_t capacity(const pz_scenario *sc)
{
    return sc->net.n +
           (sc->has_geo ? (size_t)sc->param[PZ_P_MAX_NEW_GROUPS] : 0);
}

static pz_status setup(pz_model *m, const pz_scenario *sc, pz_error *err)
{
    pz_status st;
    memcpy(m->p, sc->param, sizeof m->p);
    m->start = (long)sc->param[PZ_P_START];
    m->steps = (uint32_t)sc->param[PZ_P_STEPS];
    if ((st = build_timeline(m, sc, err)) != PZ_OK)
        return st;
    if (!m->have_rng) {
        if (pz_rng_init(&m->rng, (uint64_t)sc->param[PZ_P_SEED],
                        m->replicate) != 0)
            return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        m->have_rng = 1;
    }
    return PZ_OK;
}

pz_status pz_model_create(const pz_scenario *sc, uint32_t replicate,
                          pz_model **out, pz_error *err)
{
    pz_status st;
    *out = NULL;
    pz__error_clear(err);
    pz_model *m = alloc_model(capacity(sc), sc->net.row[sc->net.n]);
    if (!m)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    m->replicate = replicate;
    if (copy_network(m, sc) != PZ_OK)
        st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    else if ((st = setup(m, sc, err)) == PZ_OK)
        st = initial_state(m, sc, err);
    if (st == PZ_OK && sc->has_geo)
        st = pz__regional_create(m, sc, err);
    if (st == PZ_OK && sc->has_geo)
        st = pz__leaders_create(m, sc, err);
    if (st == PZ_OK && sc->has_geo)
        st = pz__gov_create(m, sc, err);
    if (st == PZ_OK && sc->has_geo)
        st = pz__wars_build(m, sc, err);
    if (st != PZ_OK) {
        pz_model_destroy(m);
        return st;
    }
    *out = m;
    return PZ_OK;
}

pz_status pz_model_fork(const pz_model *src, const pz_scenario *sc,
                        pz_model **out, pz_error *err)
{
    pz_status st;
    *out = NULL;
    if (sc->net.n != src->n0 || capacity(sc) != src->cap)
        return pz__fail(err, PZ_ERR_INPUT,
                        "cannot continue a model of %zu groups under a "
                        "scenario of %zu",
                        src->n0, sc->net.n);
    for (size_t i = 0; i < src->n0; i++)
        if (strcmp(src->name[i], sc->net.g[i].name) != 0)
            return pz__fail(err, PZ_ERR_INPUT,
                            "cannot continue a model under a scenario with "
                            "other groups ('%s' against '%s')",
                            src->name[i], sc->net.g[i].name);
    pz_model *m = alloc_model(src->cap, sc->net.row[sc->net.n]);
    if (!m)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    m->replicate = src->replicate;
    if (copy_network(m, sc) != PZ_OK)
        st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    else
        st = setup(m, sc, err);
    /* splinters of src, with their names and ties */
    if (st == PZ_OK && src->lead)
        st = pz__leaders_copy(m, src, err);
    if (st != PZ_OK) {
        pz_model_destroy(m);
        return st;
    }
    /* the state and flows at src's step; the timeline's past applied */
    size_t bytes = src->n * sizeof(double);
    memcpy(m->shock, src->shock, bytes);
    memcpy(m->C, src->C, bytes);
    memcpy(m->rec, src->rec, bytes);
    memcpy(m->arr, src->arr, bytes);
    memcpy(m->dea, src->dea, bytes);
    memcpy(m->exi, src->exi, bytes);
    /* the same random numbers as the source from here on */
    m->rng.key[0] = src->rng.key[0];
    m->rng.key[1] = src->rng.key[1];
    m->t = src->t;
    m->homicides = src->homicides;
    if (!!src->reg != !!sc->has_geo) {
        pz_model_destroy(m);
        return pz__fail(err, PZ_ERR_INPUT,
                        "cannot continue a model %s regions under a scenario "
                        "%s",
                        src->reg ? "with" : "without",
                        sc->has_geo ? "with regions" : "without");
    }
    if (src->reg && (st = pz__regional_copy(m, src, err)) != PZ_OK) {
        pz_model_destroy(m);
        return st;
    }
    if (src->gov && (st = pz__gov_copy(m, src, err)) != PZ_OK) {
        pz_model_destroy(m);
        return st;
    }
    if (src->reg && (st = pz__wars_build(m, sc, err)) != PZ_OK) {
        pz_model_destroy(m);
        return st;
    }
    /* the timeline's past: parameters and focus (events are in the
     * copied state already) */
    while (m->next < m->nchange && m->change[m->next].step < (long)m->t) {
        const pz__change *c = &m->change[m->next++];
        if (!is_event(c))
            (void)apply(m, m->p, c);
    }
    *out = m;
    return PZ_OK;
}

double pz__recruitment(const pz_model *m, double S, double *risk)
{
    const double *p = m->p;
    double a; /* national arrests per member per week */
    if (p[PZ_P_INCAPACITATION_MODE] == PZ_INCAP_FIXED)
        a = S > 0 ? p[PZ_P_INCAPACITATION] / S : 0;
    else
        a = p[PZ_P_INCAPACITATION_RATE];
    double rho = p[PZ_P_RECRUITMENT_RATE];
    double excess = a / p[PZ_P_DETERRENCE_REFERENCE] - 1;
    if (p[PZ_P_DETERRENCE] > 0 && excess > 0)
        rho *= exp(-p[PZ_P_DETERRENCE] * excess);
    *risk = a;
    return rho;
}

/* Rates of the four flows at state C (every entry >= 0). */
static void flow_rates(const pz_model *m, const double *C, rates *k)
{
    const double *p = m->p;
    size_t n = m->n;
    double S = 0, risk;
    for (size_t i = 0; i < n; i++)
        S += C[i];
    double rho = pz__recruitment(m, S, &risk);
    double b = p[PZ_P_CONFLICT_KERNEL] == PZ_KERNEL_PC2023 ? 1.0 : 0.0;
    double theta = p[PZ_P_CONFLICT_RATE], omega = p[PZ_P_SATURATION];
    double conf = p[PZ_P_CONFRONTATION];
    const size_t *row = m->row, *col = m->col;
    const double *w = m->w, *inv = m->inv_ally;
    for (size_t i = 0; i < n; i++) {
        double c = C[i], rc = 0;
        for (size_t e = row[i]; e < row[i + 1]; e++)
            rc += w[e] * C[col[e]];
        double kc = (b * (S - c) + rc) * inv[i];
        k->rec[i] = rho * c;
        k->arr[i] = risk * c;
        k->dea[i] = theta * c * kc;
        k->exi[i] = omega * c * c;
    }
    if (conf > 0) /* members killed in clashes with the state */
        for (size_t i = 0; i < n; i++)
            k->dea[i] += conf * k->arr[i];
}

/* out = C + h (net rate of k), clamped at zero so that every state the
 * rates are evaluated at is non-negative. */
static void stage(const pz_model *m, const double *C, const rates *k, double h,
                  double *out)
{
    for (size_t i = 0; i < m->n; i++) {
        double x = C[i] + h * (k->rec[i] - k->arr[i] - k->dea[i] - k->exi[i]);
        out[i] = x > 0 ? x : 0;
    }
}

static void step_deterministic(pz_model *m)
{
    size_t n = m->n;
    int sub = (int)m->p[PZ_P_SUBSTEPS];
    double h = 1.0 / sub, h6 = h / 6;
    int rk4 = m->p[PZ_P_SOLVER] == PZ_SOLVER_RK4;
    const rates *k = m->k;
    for (int s = 0; s < sub; s++) {
        flow_rates(m, m->C, &m->k[0]);
        if (rk4) {
            stage(m, m->C, &m->k[0], h / 2, m->tmp);
            flow_rates(m, m->tmp, &m->k[1]);
            stage(m, m->C, &m->k[1], h / 2, m->tmp);
            flow_rates(m, m->tmp, &m->k[2]);
            stage(m, m->C, &m->k[2], h, m->tmp);
            flow_rates(m, m->tmp, &m->k[3]);
        }
        for (size_t i = 0; i < n; i++) {
            double R, A, D, E;
            if (rk4) {
                R = h6 * (k[0].rec[i] + 2 * (k[1].rec[i] + k[2].rec[i]) +
                          k[3].rec[i]);
                A = h6 * (k[0].arr[i] + 2 * (k[1].arr[i] + k[2].arr[i]) +
                          k[3].arr[i]);
                D = h6 * (k[0].dea[i] + 2 * (k[1].dea[i] + k[2].dea[i]) +
                          k[3].dea[i]);
                E = h6 * (k[0].exi[i] + 2 * (k[1].exi[i] + k[2].exi[i]) +
                          k[3].exi[i]);
            } else {
                R = h * k[0].rec[i];
                A = h * k[0].arr[i];
                D = h * k[0].dea[i];
                E = h * k[0].exi[i];
            }
            /* never below zero: shrink the losses to what there is */
            double loss = A + D + E, have = m->C[i] + R;
            double next = have - loss;
            if (loss > have) {
                double f = have > 0 ? have / loss : 0;
                A *= f;
                D *= f;
                E *= f;
                next = 0;
            }
            if (s == 0) {
                m->rec[i] = R;
                m->arr[i] = A;
                m->dea[i] = D;
                m->exi[i] = E;
            } else {
                m->rec[i] += R;
                m->arr[i] += A;
                m->dea[i] += D;
                m->exi[i] += E;
            }
            m->C[i] = next;
        }
    }
}

static void step_stochastic(pz_model *m)
{
    size_t n = m->n;
    rates *k = &m->k[0];
    flow_rates(m, m->C, k);
    for (size_t i = 0; i < n; i++) {
        double c = m->C[i];
        unsigned out[3] = {0, 0, 0};
        double rec = 0;
        pz_rng_seek(&m->rng, PZ_STREAM_GROUP_EVENTS, (uint32_t)i, m->t);
        if (c > 0) {
            rec = pz_rng_poisson(&m->rng, k->rec[i]);
            double loss = k->arr[i] + k->dea[i] + k->exi[i];
            double hz = loss / c; /* per-member hazard this week */
            unsigned leave =
                pz_rng_binomial(&m->rng, hz < 1 ? hz : 1, (unsigned)c);
            double wts[3] = {k->arr[i], k->dea[i], k->exi[i]};
            if (leave > 0)
                pz_rng_multinomial(&m->rng, 3, leave, wts, out);
        }
        m->rec[i] = rec;
        m->arr[i] = out[0];
        m->dea[i] = out[1];
        m->exi[i] = out[2];
        m->C[i] = c + rec - out[0] - out[1] - out[2];
    }
}

/* Homicides of a model without regions: deaths, civilians killed in the
 * same conflicts, and background homicides of the national population
 * (expected values in deterministic mode, Poisson in stochastic mode). */
static void national_homicides(pz_model *m)
{
    double deaths = 0;
    for (size_t i = 0; i < m->n; i++)
        deaths += m->dea[i];
    double others =
        m->p[PZ_P_CIVILIAN_RATIO] * deaths +
        m->p[PZ_P_BACKGROUND_HOMICIDES] / 52.0 * m->p[PZ_P_POPULATION];
    if (m->p[PZ_P_MODE] == PZ_MODE_STOCHASTIC && others > 0) {
        pz_rng_seek(&m->rng, PZ_STREAM_CIVILIANS, 0, m->t);
        others = pz_rng_poisson(&m->rng, others);
    }
    m->homicides = deaths + others;
}

pz_status pz_model_step(pz_model *m)
{
    if (m->lead)
        pz__leaders_clear(m);
    if (m->gov)
        pz__gov_begin(m);
    while (m->next < m->nchange && m->change[m->next].step <= (long)m->t) {
        pz_status st = apply(m, m->p, &m->change[m->next++]);
        if (st != PZ_OK)
            return st;
    }
    if (m->lead) {
        pz_status st = pz__leaders_step(m);
        if (st != PZ_OK)
            return st;
    }
    if (m->gov) {
        pz_status st = pz__gov_step(m);
        if (st != PZ_OK)
            return st;
    }
    if (m->reg) {
        pz_status st = pz__regional_step(m);
        if (st != PZ_OK)
            return st;
    } else {
        if (m->p[PZ_P_MODE] == PZ_MODE_DETERMINISTIC)
            step_deterministic(m);
        else
            step_stochastic(m);
        national_homicides(m);
    }
    m->t++;
    for (size_t i = 0; i < m->n; i++) {
        double flows = m->rec[i] + m->arr[i] + m->dea[i] + m->exi[i];
        if (!(m->C[i] >= 0) || !isfinite(flows)) {
            snprintf(m->errmsg, sizeof m->errmsg,
                     "step %u: group '%s' has %g members and flows %g (a "
                     "bug: please report it)",
                     m->t, m->name[i], m->C[i], flows);
            return PZ_ERR_INTERNAL;
        }
        if (m->C[i] > PZ__MAX_MEMBERS) {
            snprintf(m->errmsg, sizeof m->errmsg,
                     "step %u: group '%s' has grown past %g members: the "
                     "parameters in force (recruitment_rate %g) make the "
                     "model explode",
                     m->t, m->name[i], PZ__MAX_MEMBERS,
                     m->p[PZ_P_RECRUITMENT_RATE]);
            return PZ_ERR_INPUT;
        }
    }
    return PZ_OK;
}

uint32_t pz_model_time(const pz_model *m)
{
    return m->t;
}

uint32_t pz_model_steps(const pz_model *m)
{
    return m->steps;
}

long pz_model_date(const pz_model *m, uint32_t t)
{
    return m->start + 7 * (long)t;
}

size_t pz_model_group_count(const pz_model *m)
{
    return m->n;
}

const char *pz_model_group_name(const pz_model *m, size_t i)
{
    return i < m->n ? m->name[i] : NULL;
}

void pz_model_group(const pz_model *m, size_t i, pz_flows *out)
{
    out->members = m->C[i];
    out->recruits = m->rec[i];
    out->arrests = m->arr[i];
    out->deaths = m->dea[i];
    out->exits = m->exi[i];
}

void pz_model_totals(const pz_model *m, pz_flows *out, size_t *active)
{
    pz_flows t = {0, 0, 0, 0, 0};
    size_t a = 0;
    for (size_t i = 0; i < m->n; i++) {
        t.members += m->C[i];
        t.recruits += m->rec[i];
        t.arrests += m->arr[i];
        t.deaths += m->dea[i];
        t.exits += m->exi[i];
        a += m->C[i] >= 1;
    }
    *out = t;
    if (active)
        *active = a;
}

double pz_model_homicides(const pz_model *m)
{
    return m->homicides;
}

double pz_model_param(const pz_model *m, pz_param_id id)
{
    return m->p[id];
}

const char *pz_model_errmsg(const pz_model *m)
{
    return m->errmsg;
}
