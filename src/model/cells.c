/*
 * cells.c - the regions' shared state (model/state.h): the region x group
 * cells, the geography and the per-region multipliers; its creation (every
 * group in its home region), copy, checkpoint, the moves that mechanisms
 * make (splits, defections, lieutenants' men, a war's mobilization), the
 * views they read (members per unit, a region's value, alliances, the
 * offices' enforcement factors) and the public accessors of regions.
 *
 * Each region keeps a short list of cells, one per group present, and
 * where[] finds a group's cell in a region.  Any change of the cells
 * outside the week's flows and movement clears r->fresh, so that the next
 * week sums the cells again (model/flows.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "model/state.h"

static cell *add_cell(pz__regional *r, size_t reg, uint32_t g)
{
    rlist *l = &r->cells[reg];
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? 2 * l->cap : 4;
        cell *c = pz__realloc(l->c, cap * sizeof *c);
        if (!c)
            return NULL;
        l->c = c;
        l->cap = cap;
    }
    /* padding too: the cells are written whole to checkpoints */
    memset(&l->c[l->n], 0, sizeof *l->c);
    l->c[l->n].g = g;
    r->where[reg * r->G + g] = (int32_t)l->n;
    return &l->c[l->n++];
}

void pz__regional_destroy(pz__regional *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->code && i < r->R; i++)
        pz__free(r->code[i]);
    for (size_t i = 0; r->name && i < r->R; i++)
        pz__free(r->name[i]);
    for (size_t i = 0; r->state_name && i < r->nstates; i++)
        pz__free(r->state_name[i]);
    for (size_t i = 0; r->cells && i < r->R; i++)
        pz__free(r->cells[i].c);
    pz__free(r->pop);
    pz__free(r->bgpop);
    pz__free(r->places);
    pz__free(r->adj_row);
    pz__free(r->adj_col);
    pz__free(r->adj_km);
    pz__free(r->state);
    pz__free(r->code);
    pz__free(r->name);
    pz__free(r->state_code);
    pz__free(r->state_name);
    pz__free(r->ally_row);
    pz__free(r->ally_col);
    pz__free(r->cells);
    pz__free(r->focus);
    pz__free(r->calm);
    pz__free(r->heat);
    for (int L = 0; L < PZ__GOV_LEVELS; L++)
        pz__free(r->off[L]);
    pz__free(r->mult);
    pz__free(r->room);
    pz__free(r->dc);
    pz__free(r->ca);
    pz__free(r->members);
    pz__free(r->deaths);
    pz__free(r->arrests);
    pz__free(r->homicides);
    pz__free(r->M);
    pz__free(r->state_tmp);
    pz__free(r->where);
    pz__free(r->blk);
    pz__free(r->ent);
    pz__free(r->xg);
    pz__free(r);
}

/* Allocates a layer of R regions, G groups, nnz adjacency entries, nal
 * alliance entries and ns states, with every array zeroed. */
static pz__regional *alloc_regional(size_t R, size_t G, size_t nnz, size_t nal,
                                    size_t ns)
{
    pz__regional *r = pz__calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->R = R;
    r->G = G;
    r->nstates = ns;
    size_t R1 = R ? R : 1, G1 = G ? G : 1;
    r->pop = pz__calloc(R1, sizeof *r->pop);
    r->bgpop = pz__calloc(R1, sizeof *r->bgpop);
    r->places = pz__calloc(R1, sizeof *r->places);
    r->adj_row = pz__calloc(R + 1, sizeof *r->adj_row);
    r->adj_col = pz__calloc(nnz + 1, sizeof *r->adj_col);
    r->adj_km = pz__calloc(nnz + 1, sizeof *r->adj_km);
    r->state = pz__calloc(R1, sizeof *r->state);
    r->code = pz__calloc(R1, sizeof *r->code);
    r->name = pz__calloc(R1, sizeof *r->name);
    r->state_code = pz__calloc(ns ? ns : 1, sizeof *r->state_code);
    r->state_name = pz__calloc(ns ? ns : 1, sizeof *r->state_name);
    r->ally_row = pz__calloc(G + 1, sizeof *r->ally_row);
    r->ally_col = pz__calloc(nal + 1, sizeof *r->ally_col);
    r->cells = pz__calloc(R1, sizeof *r->cells);
    r->focus = pz__calloc(R1, sizeof *r->focus);
    r->calm = pz__calloc(R1, sizeof *r->calm);
    r->heat = pz__calloc(R1, sizeof *r->heat);
    r->mult = pz__calloc(R1, sizeof *r->mult);
    r->room = pz__calloc(R1, sizeof *r->room);
    r->nunits[PZ__GOV_MUNICIPAL] = R;
    r->nunits[PZ__GOV_STATE] = r->nunits[PZ__GOV_FEDERAL] = ns;
    int offices = 1;
    for (int L = 0; L < PZ__GOV_LEVELS; L++) {
        size_t nu = r->nunits[L] ? r->nunits[L] : 1;
        r->off[L] = pz__calloc(nu, sizeof *r->off[L]);
        offices = offices && r->off[L];
        for (size_t u = 0; r->off[L] && u < nu; u++) {
            r->off[L][u].payer = -1;
            r->off[L][u].integ = -1;
        }
    }
    r->members = pz__calloc(R1, sizeof(double));
    r->deaths = pz__calloc(R1, sizeof(double));
    r->arrests = pz__calloc(R1, sizeof(double));
    r->homicides = pz__calloc(R1, sizeof(double));
    r->M = pz__calloc(R1, sizeof(double));
    r->state_tmp = pz__calloc(G1, sizeof(double));
    r->xg = pz__calloc(R1 * G1, sizeof(double));
    r->where = pz__malloc(R1 * G1 * sizeof *r->where);
    if (r->where)
        for (size_t k = 0; k < R1 * G1; k++)
            r->where[k] = -1;
    if (!offices || !r->mult || !r->room || !r->calm || !r->heat || !r->xg ||
        !r->where || !r->pop || !r->bgpop || !r->places || !r->adj_row ||
        !r->adj_col || !r->adj_km || !r->state || !r->code || !r->name ||
        !r->state_code || !r->state_name || !r->ally_row || !r->ally_col ||
        !r->cells || !r->focus || !r->members || !r->deaths || !r->arrests ||
        !r->homicides || !r->M || !r->state_tmp) {
        pz__regional_destroy(r);
        return NULL;
    }
    return r;
}

/* Copies the geography and alliances of a scenario or of another layer. */
static int copy_static(pz__regional *d, const pz__regional *s)
{
    size_t R = s->R, nnz = s->adj_row[R], nal = s->ally_row[s->G];
    d->municipal = s->municipal;
    memcpy(d->pop, s->pop, R * sizeof *d->pop);
    memcpy(d->bgpop, s->bgpop, R * sizeof *d->bgpop);
    memcpy(d->places, s->places, R * sizeof *d->places);
    memcpy(d->adj_row, s->adj_row, (R + 1) * sizeof *d->adj_row);
    memcpy(d->adj_col, s->adj_col, nnz * sizeof *d->adj_col);
    memcpy(d->adj_km, s->adj_km, nnz * sizeof *d->adj_km);
    memcpy(d->state, s->state, R * sizeof *d->state);
    memcpy(d->state_code, s->state_code, s->nstates * sizeof *d->state_code);
    memcpy(d->ally_row, s->ally_row, (s->G + 1) * sizeof *d->ally_row);
    memcpy(d->ally_col, s->ally_col, nal * sizeof *d->ally_col);
    for (size_t i = 0; i < R; i++)
        if (!(d->code[i] = pz__strdup(s->code[i])) ||
            !(d->name[i] = pz__strdup(s->name[i])))
            return -1;
    for (size_t i = 0; i < s->nstates; i++)
        if (!(d->state_name[i] = pz__strdup(s->state_name[i])))
            return -1;
    return 0;
}

int pz__regional_set_allies(pz__regional *r, const pz__network *net)
{
    size_t n = net->n, nal = net->ally_row[n];
    size_t *col = pz__realloc(r->ally_col, (nal + 1) * sizeof *col);
    if (!col)
        return -1;
    r->ally_col = col;
    memcpy(r->ally_row, net->ally_row, (n + 1) * sizeof *r->ally_row);
    for (size_t g = n + 1; g <= r->G; g++)
        r->ally_row[g] = nal;
    memcpy(r->ally_col, net->ally_col, nal * sizeof *r->ally_col);
    r->ally_ver++; /* conflict's look-up of allied rivals is stale */
    return 0;
}

static int allied(const pz__regional *r, uint32_t g, uint32_t h)
{
    size_t lo = r->ally_row[g], hi = r->ally_row[g + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->ally_col[mid] == h)
            return 1;
        if (r->ally_col[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

int pz__cells_add(pz__regional *r, size_t reg, uint32_t g, double x)
{
    cell *c = pz__cell_find(r, reg, g);
    if (!c && !(c = add_cell(r, reg, g)))
        return -1;
    c->x += x;
    return 0;
}

pz_status pz__regional_create(pz_model *m, const pz_scenario *sc, pz_error *err)
{
    const pz__geo *geo = &sc->geo;
    size_t R = geo->n, G = m->cap, n = m->n;
    if ((double)R * (double)(G ? G : 1) >= (double)(1u << 24))
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s: %zu regions x %zu groups exceed the %u cells the "
                        "random-number counters can address",
                        sc->source, R, G, 1u << 24);
    pz__regional *r = alloc_regional(R, G, geo->adj_row[R], sc->net.ally_row[n],
                                     geo->nstates);
    if (!r)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    r->municipal = geo->municipal;
    /* the background's geography */
    double P = 0, H = 0;
    int prewar = m->p[PZ_P_BACKGROUND_GEOGRAPHY] == PZ_BGEO_PREWAR;
    for (size_t i = 0; i < R; i++) {
        P += geo->r[i].population;
        H += geo->r[i].prewar;
        if (prewar && isnan(geo->r[i].prewar)) {
            pz__regional_destroy(r);
            return pz__fail(err, PZ_ERR_INPUT,
                            "%s: background_geography is prewar but region "
                            "'%s' has no homicides of 1997-2006: give "
                            "prewar_homicides for every listed region, or "
                            "regions from a data directory holding "
                            "mexico/inegi_homicides_mun_month_1990_2015.csv",
                            sc->source, geo->r[i].code);
        }
    }
    if (prewar && !(H > 0)) {
        pz__regional_destroy(r);
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s: background_geography is prewar but the regions' "
                        "homicides of 1997-2006 sum to 0",
                        sc->source);
    }
    for (size_t i = 0; i < R; i++) {
        r->pop[i] = geo->r[i].population;
        r->bgpop[i] = prewar ? P * geo->r[i].prewar / H : r->pop[i];
        memcpy(r->places[i], geo->r[i].places, sizeof r->places[i]);
        r->state[i] = geo->r[i].state;
        r->focus[i] = 1;
        if (!(r->code[i] = pz__strdup(geo->r[i].code)) ||
            !(r->name[i] = pz__strdup(geo->r[i].name)))
            goto nomem;
    }
    memcpy(r->adj_row, geo->adj_row, (R + 1) * sizeof *r->adj_row);
    memcpy(r->adj_col, geo->adj_col, geo->adj_row[R] * sizeof *r->adj_col);
    memcpy(r->adj_km, geo->adj_km, geo->adj_row[R] * sizeof *r->adj_km);
    for (size_t s = 0; s < geo->nstates; s++) {
        memcpy(r->state_code[s], geo->state_code[s], 3);
        if (!(r->state_name[s] = pz__strdup(geo->state_name[s])))
            goto nomem;
    }
    if (pz__regional_set_allies(r, &sc->net) != 0)
        goto nomem;

    /* initial placement: each group in its home region; groups without a
     * home at the population quantile (k + 1/2)/U of the regions in code
     * order, k counting those groups */
    size_t U = 0, k = 0;
    double total = 0;
    for (size_t g = 0; g < n; g++)
        U += sc->home[g] < 0;
    for (size_t i = 0; i < R; i++)
        total += r->pop[i];
    for (size_t g = 0; g < n; g++) {
        size_t reg = 0;
        if (sc->home[g] >= 0) {
            reg = (size_t)sc->home[g];
        } else {
            double target = ((double)k++ + 0.5) / (double)U * total, cum = 0;
            for (reg = 0; reg + 1 < R; reg++) {
                cum += r->pop[reg];
                if (cum > target)
                    break;
            }
        }
        if (m->C[g] > 0 && pz__cells_add(r, reg, (uint32_t)g, m->C[g]) != 0)
            goto nomem;
    }
    for (size_t i = 0; i < R; i++)
        for (uint32_t c = 0; c < r->cells[i].n; c++)
            r->members[i] += r->cells[i].c[c].x;
    m->reg = r;
    return PZ_OK;
nomem:
    pz__regional_destroy(r);
    return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
}

pz_status pz__regional_copy(pz_model *dst, const pz_model *src, pz_error *err)
{
    const pz__regional *s = src->reg;
    pz__regional *r = alloc_regional(s->R, s->G, s->adj_row[s->R],
                                     s->ally_row[s->G], s->nstates);
    if (!r || copy_static(r, s) != 0)
        goto nomem;
    size_t bytes = s->R * sizeof(double);
    memcpy(r->focus, s->focus, bytes);
    memcpy(r->calm, s->calm, bytes);
    memcpy(r->heat, s->heat, bytes);
    for (int L = 0; L < PZ__GOV_LEVELS; L++)
        memcpy(r->off[L], s->off[L], s->nunits[L] * sizeof *r->off[L]);
    r->pressure = s->pressure;
    memcpy(r->members, s->members, bytes);
    memcpy(r->deaths, s->deaths, bytes);
    memcpy(r->arrests, s->arrests, bytes);
    memcpy(r->homicides, s->homicides, bytes);
    for (size_t i = 0; i < s->R; i++) {
        const rlist *l = &s->cells[i];
        if (l->n == 0)
            continue;
        r->cells[i].c = pz__malloc(l->n * sizeof *l->c);
        if (!r->cells[i].c)
            goto nomem;
        memcpy(r->cells[i].c, l->c, l->n * sizeof *l->c);
        r->cells[i].n = r->cells[i].cap = l->n;
        for (uint32_t k = 0; k < l->n; k++)
            r->where[i * r->G + l->c[k].g] = (int32_t)k;
    }
    dst->reg = r;
    return PZ_OK;
nomem:
    pz__regional_destroy(r);
    return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
}

void pz__regional_focus(pz_model *m, size_t region, double value)
{
    if (m->reg && region < m->reg->R)
        m->reg->focus[region] = value;
}

double pz__region_value(const double *p, const unsigned *places)
{
    static const pz_param_id id[PZ_PLACE_KINDS] = {PZ_P_VALUE_BORDER_CROSSING,
                                                   PZ_P_VALUE_SOUTHERN_BORDER,
                                                   PZ_P_VALUE_SEAPORT,
                                                   PZ_P_VALUE_PRODUCTION,
                                                   PZ_P_VALUE_CITY,
                                                   PZ_P_VALUE_PIPELINE,
                                                   PZ_P_VALUE_MIGRANT_ROUTE};
    double v = 0;
    for (int k = 0; k < PZ_PLACE_KINDS; k++)
        v += p[id[k]] * places[k];
    return v;
}

/* pz__realloc(p, n * size), or p itself with *ok cleared when that fails
 * (so that a scratch array is never lost and can be grown in a row of
 * calls checked once). */
void *pz__grown(void *p, size_t n, size_t size, int *ok)
{
    void *q = pz__realloc(p, n * size);
    if (!q) {
        *ok = 0;
        return p;
    }
    return q;
}

/* r->xg emptied through the cells, which include every cell it was
 * filled from (after an error; the step empties it in its last pass). */
void pz__cells_empty_xg(pz__regional *r)
{
    for (size_t i = 0; r->xg_set && i < r->R; i++)
        for (uint32_t c = 0; c < r->cells[i].n; c++)
            r->xg[r->cells[i].c[c].g * r->R + i] = 0;
    r->xg_set = 0;
}

/* ---- views of the cells ---------------------------------------------------
 */

size_t pz__regional_count(const pz_model *m, int states)
{
    return states ? m->reg->nstates : m->reg->R;
}

size_t pz__regional_state_of(const pz_model *m, size_t i)
{
    return m->reg->state[i];
}

double pz__regional_value(const pz_model *m, size_t i)
{
    return pz__region_value(m->p, m->reg->places[i]);
}

void pz__regional_totals(const pz_model *m, int states, double *tot)
{
    const pz__regional *r = m->reg;
    size_t G = r->G;
    for (size_t i = 0; i < r->R; i++) {
        size_t u = states ? r->state[i] : i;
        for (uint32_t c = 0; c < r->cells[i].n; c++)
            tot[u * G + r->cells[i].c[c].g] += r->cells[i].c[c].x;
    }
}

int pz__regional_pick_cell(const pz_model *m, double u, size_t *region,
                           uint32_t *group)
{
    const pz__regional *r = m->reg;
    double S = 0;
    for (size_t i = 0; i < r->R; i++)
        S += r->members[i];
    double target = u * S, cum = 0;
    for (size_t i = 0; i < r->R; i++)
        for (uint32_t c = 0; c < r->cells[i].n; c++) {
            cum += r->cells[i].c[c].x;
            if (cum > target && r->cells[i].c[c].x >= 1) {
                *region = i;
                *group = r->cells[i].c[c].g;
                return 0;
            }
        }
    return -1;
}

long pz__regional_rival_in(const pz_model *m, size_t i, uint32_t g)
{
    const pz__regional *r = m->reg;
    long best = -1;
    double bx = 0;
    for (uint32_t c = 0; c < r->cells[i].n; c++) {
        const cell *x = &r->cells[i].c[c];
        if (x->g != g && x->x > bx && !allied(r, g, x->g)) {
            bx = x->x;
            best = (long)x->g;
        }
    }
    return best;
}

void pz__regional_totals_clear(const pz_model *m, int states, double *tot)
{
    const pz__regional *r = m->reg;
    size_t G = r->G;
    for (size_t i = 0; i < r->R; i++) {
        size_t u = states ? r->state[i] : i;
        for (uint32_t c = 0; c < r->cells[i].n; c++)
            tot[u * G + r->cells[i].c[c].g] = 0;
    }
}

int pz__regional_allied(const pz_model *m, uint32_t g, uint32_t h)
{
    return allied(m->reg, g, h);
}

/* ---- moves: splits, defections, lieutenants, mobilization ---------------- */

size_t pz__regional_stronghold(const pz_model *m, uint32_t g)
{
    const pz__regional *r = m->reg;
    size_t best = (size_t)-1;
    double bx = 0;
    for (size_t i = 0; i < r->R; i++) {
        const cell *c = pz__cell_find_c(r, i, g);
        if (c && c->x > bx) {
            bx = c->x;
            best = i;
        }
    }
    return best;
}

/* Drops the cell of g in region i if it is empty. */
static void drop_if_empty(pz__regional *r, size_t i, uint32_t g)
{
    int32_t k = r->where[i * r->G + g];
    rlist *l = &r->cells[i];
    if (k < 0 || l->c[k].x > 0)
        return;
    r->where[i * r->G + g] = -1;
    l->c[k] = l->c[--l->n];
    if ((uint32_t)k < l->n)
        r->where[i * r->G + l->c[k].g] = k;
}

double pz__regional_move(pz_model *m, size_t i, uint32_t g, uint32_t h,
                         double count)
{
    pz__regional *r = m->reg;
    r->fresh = 0; /* the cells and m->C change */
    cell *c = pz__cell_find(r, i, g);
    if (!c || c->x <= 0 || count <= 0)
        return 0;
    double moved = count < c->x ? count : c->x;
    c->x -= moved;
    if (pz__cells_add(r, i, h, moved) != 0)
        return -1;
    drop_if_empty(r, i, g);
    m->C[g] -= moved;
    m->C[h] += moved;
    return moved;
}

double pz__regional_transfer(pz_model *m, size_t i, uint32_t g, uint32_t h,
                             double share, int stochastic)
{
    pz__regional *r = m->reg;
    const cell *c = pz__cell_find_c(r, i, g);
    if (!c || c->x <= 0 || share <= 0)
        return 0;
    double x = c->x, moved;
    if (stochastic) {
        pz_rng_seek(&m->rng, PZ_STREAM_SPLITS, (uint32_t)(i * r->G + g), m->t);
        moved = share >= 1 ? x : pz_rng_binomial(&m->rng, share, (unsigned)x);
    } else {
        moved = share * x;
    }
    return pz__regional_move(m, i, g, h, moved);
}

double pz__regional_split(pz_model *m, uint32_t g, const size_t *to, unsigned k,
                          const double *shares, int stochastic)
{
    pz__regional *r = m->reg;
    r->fresh = 0; /* the cells and m->C change */
    unsigned cnt[PZ__MAX_FACTIONS];
    double total = 0;
    for (size_t i = 0; i < r->R; i++) {
        cell *c = pz__cell_find(r, i, g);
        if (!c || c->x <= 0)
            continue;
        double x = c->x;
        if (stochastic) {
            pz_rng_seek(&m->rng, PZ_STREAM_SPLITS, (uint32_t)(i * r->G + g),
                        m->t);
            pz_rng_multinomial(&m->rng, k, (unsigned)x, shares, cnt);
        }
        double kept = x;
        for (unsigned f = 1; f < k; f++) {
            double y = stochastic ? cnt[f] : shares[f] * x;
            if (y <= 0)
                continue;
            /* c may move when the list grows: take it again after */
            if (pz__cells_add(r, i, (uint32_t)to[f - 1], y) != 0)
                return -1;
            kept -= y;
            m->C[to[f - 1]] += y;
            total += y;
        }
        c = pz__cell_find(r, i, g);
        c->x = kept > 0 ? kept : 0;
        drop_if_empty(r, i, g);
    }
    m->C[g] -= total;
    if (m->C[g] < 0)
        m->C[g] = 0;
    return total;
}

double pz__regional_mobilize(pz_model *m, uint32_t g, const size_t *to,
                             size_t k, double share, int stochastic,
                             uint32_t key)
{
    pz__regional *r = m->reg;
    double total = 0;
    if (k == 0 || share <= 0)
        return 0;
    r->fresh = 0; /* the regions' members change */
    double *acc =
        pz__calloc(k, sizeof *acc); /* members bound for each region */
    if (!acc)
        return -1;
    /* every cell of g sends its share, from the regions of the week's
     * start: none of the arrivals leaves again */
    for (size_t i = 0; i < r->R; i++) {
        cell *c = pz__cell_find(r, i, g);
        if (!c || c->x <= 0)
            continue;
        double x = c->x, moved;
        if (stochastic) {
            pz_rng_seek(&m->rng, PZ_STREAM_WARS, (uint32_t)(i * r->G + g), key);
            moved = share >= 1 ? floor(x)
                               : pz_rng_binomial(&m->rng, share, (unsigned)x);
        } else {
            moved = share * x;
        }
        if (moved <= 0)
            continue;
        c->x = x - moved > 0 ? x - moved : 0;
        drop_if_empty(r, i, g);
        /* equal shares: a multinomial drawn as conditional binomials */
        double left = moved;
        for (size_t j = 0; j < k; j++) {
            double y = left;
            if (j + 1 < k)
                y = stochastic ? pz_rng_binomial(&m->rng, 1.0 / (double)(k - j),
                                                 (unsigned)left)
                               : moved / (double)k;
            left -= y;
            acc[j] += y;
        }
        total += moved;
    }
    for (size_t j = 0; j < k; j++)
        if (acc[j] > 0 && pz__cells_add(r, to[j], g, acc[j]) != 0) {
            pz__free(acc);
            return -1;
        }
    pz__free(acc);
    return total;
}

/* ---- accessors ---------------------------------------------------------- */

size_t pz_model_region_count(const pz_model *m, pz_level level)
{
    if (!m->reg)
        return 0;
    return level == PZ_LEVEL_STATES ? m->reg->nstates : m->reg->R;
}

const char *pz_model_region_code(const pz_model *m, pz_level level, size_t i)
{
    if (i >= pz_model_region_count(m, level))
        return NULL;
    return level == PZ_LEVEL_STATES ? m->reg->state_code[i] : m->reg->code[i];
}

const char *pz_model_region_name(const pz_model *m, pz_level level, size_t i)
{
    if (i >= pz_model_region_count(m, level))
        return NULL;
    return level == PZ_LEVEL_STATES ? m->reg->state_name[i] : m->reg->name[i];
}

size_t pz_model_region_neighbours(const pz_model *m, size_t i,
                                  const size_t **out)
{
    *out = NULL;
    if (!m->reg || i >= m->reg->R)
        return 0;
    *out = m->reg->adj_col + m->reg->adj_row[i];
    return m->reg->adj_row[i + 1] - m->reg->adj_row[i];
}

double pz_model_cell(const pz_model *m, size_t i, size_t g)
{
    if (!m->reg || i >= m->reg->R || g >= m->reg->G)
        return 0;
    const cell *c = pz__cell_find_c(m->reg, i, (uint32_t)g);
    return c ? c->x : 0;
}

double pz_model_region_value(const pz_model *m, size_t i)
{
    return m->reg && i < m->reg->R ? pz__regional_value(m, i) : 0;
}

static void controller_of(const double *x, size_t G, double total,
                          double threshold, pz_region_stats *out)
{
    long best = -1;
    double bx = 0;
    size_t present = 0;
    for (size_t g = 0; g < G; g++) {
        present += x[g] >= 1;
        if (x[g] > bx) {
            bx = x[g];
            best = (long)g;
        }
    }
    out->groups = present;
    out->controller = -1;
    out->controller_share = 0;
    if (best >= 0 && total > 0 && bx / total >= threshold) {
        out->controller = best;
        out->controller_share = bx / total;
    }
}

void pz_model_region(const pz_model *m, pz_level level, size_t i,
                     pz_region_stats *out)
{
    pz__regional *r = m->reg;
    double threshold = m->p[PZ_P_CONTROL_THRESHOLD];
    memset(out, 0, sizeof *out);
    out->controller = -1;
    if (!r || i >= pz_model_region_count(m, level))
        return;
    double *x = r->state_tmp;
    memset(x, 0, m->n * sizeof *x);
    int all = level == PZ_LEVEL_STATES && r->municipal;
    for (size_t k = all ? 0 : i; k < (all ? r->R : i + 1); k++) {
        if (all && r->state[k] != i)
            continue;
        out->population += r->pop[k];
        out->members += r->members[k];
        out->homicides += r->homicides[k];
        out->deaths += r->deaths[k];
        out->arrests += r->arrests[k];
        for (uint32_t c = 0; c < r->cells[k].n; c++)
            x[r->cells[k].c[c].g] += r->cells[k].c[c].x;
    }
    controller_of(x, m->n, out->members, threshold, out);
}

/* ---- state ----------------------------------------------------------------
 */

int pz__regional_save(const pz_model *m, FILE *f)
{
    const pz__regional *r = m->reg;
    uint64_t R = r->R, G = r->G;
    size_t bytes = r->R * sizeof(double);
    if (pz__put(f, &R, sizeof R) || pz__put(f, &G, sizeof G) ||
        pz__put(f, r->focus, bytes) || pz__put(f, r->members, bytes) ||
        pz__put(f, r->deaths, bytes) || pz__put(f, r->arrests, bytes) ||
        pz__put(f, r->homicides, bytes))
        return -1;
    for (size_t i = 0; i < r->R; i++) {
        uint32_t n = r->cells[i].n;
        if (pz__put(f, &n, sizeof n) ||
            pz__put(f, r->cells[i].c, n * sizeof *r->cells[i].c))
            return -1;
    }
    return 0;
}

pz_status pz__regional_load(pz_model *m, FILE *f, pz_error *err)
{
    pz__regional *r = m->reg;
    r->fresh = 0; /* the cells and m->C are loaded */
    uint64_t R, G;
    size_t bytes = r->R * sizeof(double);
    if (pz__get(f, &R, sizeof R) || pz__get(f, &G, sizeof G))
        return pz__fail(err, PZ_ERR_INPUT, "checkpoint: truncated state");
    if (R != r->R || G != r->G)
        return pz__fail(err, PZ_ERR_INPUT,
                        "checkpoint: the state has %llu regions and %llu "
                        "groups, the scenario %zu and %zu",
                        (unsigned long long)R, (unsigned long long)G, r->R,
                        r->G);
    if (pz__get(f, r->focus, bytes) || pz__get(f, r->members, bytes) ||
        pz__get(f, r->deaths, bytes) || pz__get(f, r->arrests, bytes) ||
        pz__get(f, r->homicides, bytes))
        return pz__fail(err, PZ_ERR_INPUT, "checkpoint: truncated state");
    for (size_t i = 0; i < r->R; i++) {
        rlist *l = &r->cells[i];
        for (uint32_t k = 0; k < l->n; k++)
            r->where[i * r->G + l->c[k].g] = -1;
        uint32_t n;
        if (pz__get(f, &n, sizeof n) || n > r->G)
            return pz__fail(err, PZ_ERR_INPUT, "checkpoint: bad cell count");
        if (n > l->cap) {
            cell *c = pz__realloc(l->c, n * sizeof *c);
            if (!c)
                return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            l->c = c;
            l->cap = n;
        }
        l->n = n;
        if (pz__get(f, l->c, n * sizeof *l->c))
            return pz__fail(err, PZ_ERR_INPUT, "checkpoint: truncated state");
        for (uint32_t k = 0; k < n; k++) {
            if (l->c[k].g >= r->G || !(l->c[k].x >= 0) ||
                r->where[i * r->G + l->c[k].g] >= 0)
                return pz__fail(err, PZ_ERR_INPUT,
                                "checkpoint: bad cell in region %zu", i);
            r->where[i * r->G + l->c[k].g] = (int32_t)k;
        }
    }
    return PZ_OK;
}

/* ---- the offices' enforcement factors (written by model/government.c) -- */

static const pz_param_id cap_id[PZ__GOV_LEVELS] = {
    PZ_P_CAPACITY_MUNICIPAL, PZ_P_CAPACITY_STATE, PZ_P_CAPACITY_FEDERAL};

void pz__gov_offices_of(const pz_model *m, size_t i, pz__gov_offices *out)
{
    const pz__regional *r = m->reg;
    out->clean = 1;
    for (int L = 0; L < PZ__GOV_LEVELS; L++) {
        size_t u = L == PZ__GOV_MUNICIPAL ? i : r->state[i];
        const pz__office *o = &r->off[L][u];
        out->payer[L] = o->payer;
        out->kind[L] = o->kind;
        out->clean &= o->kind == PZ__CLEAN;
    }
}

double pz__gov_enforcement_at(const pz_model *m, const pz__gov_offices *of,
                              uint32_t g)
{
    const double *p = m->p;
    double num = 0, den = 0;
    for (int L = 0; L < PZ__GOV_LEVELS; L++) {
        double c = p[cap_id[L]];
        double f = 1;
        if (of->kind[L] != PZ__CLEAN) {
            uint32_t payer = (uint32_t)of->payer[L];
            if (payer == g)
                f = of->kind[L] == PZ__DIRECT ? 0 : 1 - p[PZ_P_LOOK_AWAY];
            else if (of->kind[L] == PZ__DIRECT && !allied(m->reg, payer, g))
                f = 1 + p[PZ_P_REDIRECT];
        }
        num += c * f;
        den += c;
    }
    return (1 + m->reg->pressure) * (den > 0 ? num / den : 1);
}

void pz__gov_shields(const pz_model *m, double *out)
{
    const pz__regional *r = m->reg;
    for (size_t g = 0; g < m->n; g++)
        out[g] = 0;
    if (!r || r->nunits[PZ__GOV_FEDERAL] == 0)
        return;
    for (size_t u = 0; u < r->nunits[PZ__GOV_FEDERAL]; u++) {
        const pz__office *o = &r->off[PZ__GOV_FEDERAL][u];
        if (o->kind == PZ__DIRECT && o->payer >= 0 && (size_t)o->payer < m->n)
            out[o->payer] += 1; /* counts: exact */
    }
    for (size_t g = 0; g < m->n; g++)
        out[g] /= (double)r->nunits[PZ__GOV_FEDERAL];
}

double pz__gov_pressure(const pz_model *m)
{
    return m->reg ? m->reg->pressure : 0;
}

/* ---- the week's start ---------------------------------------------------- */

pz_status pz__cells_census(pz_model *m)
{
    pz__regional *r = m->reg;
    size_t R = r->R, G = r->G;
    /* totals at the week's start: those of the last step's end when no
     * cell has changed since (the same sums in the same order) */
    double S = 0;
    size_t ncells = 0;
    if (r->fresh) {
        for (size_t i = 0; i < R; i++) {
            ncells += r->cells[i].n;
            r->M[i] = r->members[i];
            S += r->members[i];
        }
    } else {
        memset(m->C, 0, G * sizeof *m->C);
        for (size_t i = 0; i < R; i++) {
            double Mi = 0;
            ncells += r->cells[i].n;
            for (uint32_t c = 0; c < r->cells[i].n; c++) {
                Mi += r->cells[i].c[c].x;
                m->C[r->cells[i].c[c].g] += r->cells[i].c[c].x;
            }
            r->M[i] = Mi;
            S += Mi;
        }
    }
    r->S = S;
    r->ncells = ncells;
    r->was_fresh = r->fresh;
    r->fresh = 0; /* until this step's end */
    if (ncells > r->pccap) {
        int ok = 1;
        r->dc = pz__grown(r->dc, 2 * ncells, sizeof *r->dc, &ok);
        r->ca = pz__grown(r->ca, 2 * ncells, sizeof *r->ca, &ok);
        if (!ok) {
            snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
            return PZ_ERR_NOMEM;
        }
        r->pccap = 2 * ncells;
    }
    return PZ_OK;
}
