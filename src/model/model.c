/*
 * model.c - a model's life: creation from a scenario, fork, destruction
 * and the accessors of its groups.
 *
 * A model is the shared state (model/state.h) and the mechanisms of the
 * week (model/mechanism.h, in order in model/step.c).  Creation copies the
 * scenario's groups, network and parameters, makes the timeline (the
 * first mechanism: the others read it), the initial members of every group
 * and, with regions, the regions' shared state (model/cells.c), then each
 * other mechanism switched on, in the week's order.  A fork continues
 * another model under a scenario with the same groups (another policy):
 * the shared state is copied, each mechanism copied from its source's
 * state or, without a copy entry, made from the fork's scenario.
 * Destruction walks the table too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "model/mechanism.h"
#include "model/state.h"
#include "plaza/date.h"

static double *vec(size_t n)
{
    return pz__calloc(n ? n : 1, sizeof(double));
}

/* A model with room for cap groups (none yet) and nnz rivalry entries. */
static pz_model *alloc_model(size_t cap, size_t nnz)
{
    pz_model *m = pz__calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = cap;
    size_t n = cap;
    m->name = pz__calloc(n ? n : 1, sizeof *m->name);
    m->row = pz__calloc(n + 1, sizeof *m->row);
    m->col = pz__calloc(nnz + 1, sizeof *m->col);
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
            pz__free(m->name[i]);
    pz__free(m->name);
    pz__free(m->row);
    pz__free(m->col);
    pz__free(m->w);
    pz__free(m->ally);
    pz__free(m->inv_ally);
    pz__free(m->change);
    pz__free(m->C);
    pz__free(m->rec);
    pz__free(m->arr);
    pz__free(m->dea);
    pz__free(m->exi);
    pz__free(m->tmp);
    pz__free(m->shock);
    for (int s = 0; s < 4; s++) {
        pz__free(m->k[s].rec);
        pz__free(m->k[s].arr);
        pz__free(m->k[s].dea);
        pz__free(m->k[s].exi);
    }
    if (m->have_rng)
        pz_rng_release(&m->rng);
    for (int id = 0; id < PZ__M_COUNT; id++)
        if (m->mech[id] && pz__mechanisms[id]->destroy)
            pz__mechanisms[id]->destroy(m->mech[id]);
    pz__regional_destroy(m->reg);
    pz__free(m);
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
        ranked *order = pz__malloc((n ? n : 1) * sizeof *order);
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
        pz__free(order);
    }
    if (stochastic)
        for (size_t i = 0; i < n; i++)
            m->C[i] = floor(m->C[i] + 0.5);
    return PZ_OK;
}

int pz__model_set_network(pz_model *m, const pz__network *net)
{
    size_t n = net->n, nnz = net->row[n];
    size_t *col = pz__realloc(m->col, (nnz + 1) * sizeof *col);
    if (!col)
        return -1;
    m->col = col;
    double *w = pz__realloc(m->w, (nnz + 1) * sizeof *w);
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
    memcpy(m->p, sc->param, sizeof m->p);
    m->start = (long)sc->param[PZ_P_START];
    m->steps = (uint32_t)sc->param[PZ_P_STEPS];
    for (int id = 0; id < PZ__M_COUNT; id++) {
        int sw = pz__mechanisms[id]->sw;
        m->on[id] = sw < 0 || !sc->off[sw];
    }
    if (!m->have_rng) {
        if (pz_rng_init(&m->rng, (uint64_t)sc->param[PZ_P_SEED],
                        m->replicate) != 0)
            return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        m->have_rng = 1;
    }
    return PZ_OK;
}

/* Makes mechanisms [from, to) that are on from the scenario (for a fork:
 * those with a copy entry from src's state). */
static pz_status make_mechanisms(pz_model *m, const pz_scenario *sc,
                                 const pz_model *src, int from, int to,
                                 pz_error *err)
{
    for (int id = from; id < to; id++) {
        const pz__mechanism *k = pz__mechanisms[id];
        pz_status st = PZ_OK;
        if (!m->on[id])
            continue;
        if (src && k->copy)
            st = k->copy(m, &m->mech[id], src, src->mech[id], err);
        else if (k->create)
            st = k->create(m, sc, &m->mech[id], err);
        if (st != PZ_OK)
            return st;
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
    else if ((st = setup(m, sc, err)) == PZ_OK &&
             (st = make_mechanisms(m, sc, NULL, PZ__M_TIMELINE,
                                   PZ__M_TIMELINE + 1, err)) == PZ_OK)
        st = initial_state(m, sc, err);
    if (st == PZ_OK && sc->has_geo)
        st = pz__regional_create(m, sc, err);
    if (st == PZ_OK)
        st = make_mechanisms(m, sc, NULL, PZ__M_TIMELINE + 1, PZ__M_COUNT, err);
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
    if (!!src->reg != !!sc->has_geo)
        return pz__fail(err, PZ_ERR_INPUT,
                        "cannot continue a model %s regions under a scenario "
                        "%s",
                        src->reg ? "with" : "without",
                        sc->has_geo ? "with regions" : "without");
    pz_model *m = alloc_model(src->cap, sc->net.row[sc->net.n]);
    if (!m)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    m->replicate = src->replicate;
    if (copy_network(m, sc) != PZ_OK)
        st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    else
        st = setup(m, sc, err);
    if (st != PZ_OK) {
        pz_model_destroy(m);
        return st;
    }
    /* the source's switches; the state and flows at its step */
    memcpy(m->on, src->on, sizeof m->on);
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
    if (src->reg && (st = pz__regional_copy(m, src, err)) != PZ_OK) {
        pz_model_destroy(m);
        return st;
    }
    /* the mechanisms: copied, or made from sc (the timeline: sc's, with
     * the past's parameters and focus applied) */
    if ((st = make_mechanisms(m, sc, src, 0, PZ__M_COUNT, err)) != PZ_OK) {
        pz_model_destroy(m);
        return st;
    }
    *out = m;
    return PZ_OK;
}

double pz__recruitment(const pz_model *m, double S, double *risk)
{
    const double *p = m->p;
    double a; /* national arrests per member per week */
    if (!m->on[PZ__M_ENFORCEMENT])
        a = 0; /* no arrests, no deterrence */
    else if (p[PZ_P_INCAPACITATION_MODE] == PZ_INCAP_FIXED)
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
    return pz_step_date(m->start, (long)t);
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
