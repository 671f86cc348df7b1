/*
 * regional.c - the regional layer: members of each group in each region
 * (docs/MODEL.md; mechanisms M1-M3 and M7).
 *
 * Each region keeps a short list of cells, one per group present.  Each
 * week, with the national totals C_g and S of the week's start:
 *
 *   recruits   = rho' x f_r              f_r = max(0, 1 - M_r / (pool pop_r))
 *   arrests    = A_r x / M_r             A_r = eta w_r / sum w (fixed mode)
 *              = iota focus_r x          (proportional mode)
 *   deaths     = theta locality x sum_{h in r, h != g, not allied} K_gh x_h
 *                                        (local scope)
 *              = theta x (K C)_g         (national scope: PC2023's deaths,
 *                                         shared by members)
 *   exits      = omega C_g x             (saturation of the whole group)
 *
 * and deaths also count confrontation x arrests: members killed in clashes
 * with the state.
 * where x is the group's members in the region, M_r the region's members
 * and w_r the enforcement weight of the allocation rule times the region's
 * focus.  Homicides in the region are the deaths, plus civilian_ratio
 * times the deaths, plus background_homicides x population / 52.
 *
 * Then groups expand: a share expansion_rate of each cell's members scouts
 * the region and its neighbours and settles in proportion to
 *   q_s = (1 + V_s) (x_gs + 1) / (M_s + 1) exp(-km_rs / distance_scale)
 * (staying: km = 0): toward valuable places (V_s, the value of the places
 * in s) and where the group is strong relative to the others.  Movement
 * only moves members, so members are conserved.  In deterministic mode a
 * group enters a region only with at least one member.
 *
 * With movement off, national conflict scope, arrests allocated by members
 * and no recruitment pool, every group's totals follow the national model's
 * weekly difference equation exactly (tests/test_regional.c).
 *
 * Stochastic draws: group events from stream GROUP_EVENTS, movement from
 * MOVEMENT (its first uniform from the cell's GROUP_EVENTS block: below)
 * and civilians from CIVILIANS, with entity region * G + group
 * (region for civilians), so results do not depend on visiting order.
 *
 * Speed (none of this changes the law of any quantity):
 *  - stochastic movement by thinning: each member of a cell moves to
 *    neighbour s with probability expansion_rate q_s / Q.  Instead of
 *    binomial(x, rate) scouts shared among staying and the neighbours by a
 *    multinomial with weights q / Q, the members leaving are drawn as
 *    binomial(x, rate Qn / Q) (Qn the neighbours' share of Q) and only
 *    when some leave, their destinations by a multinomial over the
 *    neighbours: the same law, with a single draw for most cells.  The
 *    factors (1 + V_s)/(M_s + 1) exp(-km / scale) of q are computed once
 *    per region and adjacency entry (expand_stochastic; the weights may
 *    then differ in their last bit from the deterministic mode's), and
 *    the members of a group's neighbouring cells read from a group-major
 *    copy (r->xg, filled and emptied around the moves).  The
 *    binomial's first uniform u is at hand before the weights: in a cell
 *    of n < 1 / rate members, when u < 1 - n rate nobody leaves whatever
 *    the weights, which are then not computed (the binomial's squeeze,
 *    rng.h), nor is anything else when u < 1 - n p with the computed p;
 *    otherwise pz_rng_binomial_from completes the draw;
 *  - one Philox block per cell and week for most cells: the first blocks
 *    of every cell's events are computed at once at the week's start
 *    (pz_rng_first_blocks), and the fourth word of each, which the
 *    events' draws never use (pz_rng_seek_block with 3 words), is the
 *    movement draw's first uniform (so MOVEMENT is sought only when more
 *    words are needed); the cells with no recruit and nobody leaving are
 *    read off the block's first two words with the samplers' own first
 *    test (the squeeze promised by rng.h), in one branch;
 *  - the government's factors are asked once per region: the heat, the
 *    region's three offices, and the enforcement when they are clean (it
 *    is then the same for every group), else per cell from the offices;
 *  - local conflict with and without the succession shocks in one pass
 *    over the group's allies and rivals (local_kc), each sum in its own
 *    order as before; whether a rival is an ally is looked up once per
 *    change of the network or the alliances (r->rival), and the rivals
 *    absent from the region add +-0.0 instead of being skipped by a
 *    branch;
 *  - no branch on a uniform in the loops over the cells: the squeezes
 *    above are evaluated without branching, and the cells that pass them
 *    are listed and drawn in a later pass over the list, in the cells'
 *    order (the events; expand_cells: the two squeezes, then the draws).
 *    Such a branch goes either way at random and is mispredicted about
 *    as often as it is taken; the lists give the same draws.
 *  - the multinomials of one trial (most movement and events draws) by
 *    pz_rng_categorical, from the same word; the events' leavers of none
 *    or one without a branch between them; the movement draws' first
 *    blocks computed all at once (pz_rng_first_blocks over the cells
 *    listed in every region) and taken by pz_rng_seek_block, the same
 *    words as after pz_rng_seek; next week's entities for the events'
 *    first blocks written by the step's end pass.
 * Deterministic mode computes exactly what it computed before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "model/model_impl.h"

typedef struct cell {
    uint32_t g;
    double x;
} cell;

typedef struct rlist {
    cell *c;
    uint32_t n, cap;
} rlist;

/* A cell whose events need the samplers (stochastic mode): its index in
 * the region's list and its rates. */
typedef struct pending {
    uint32_t c;
    unsigned n;
    double rec, ph, arr, dea, exi;
} pending;

typedef struct move {
    uint32_t from, to, g;
    double x;
} move;

struct pz__regional {
    size_t R, G, nstates;
    int municipal;
    double *pop;
    double *bgpop; /* people the background homicides are shared by:
                    * pop, or (prewar) the national population shared
                    * by the regions' homicides of 1997-2006 */
    unsigned (*places)[PZ_PLACE_KINDS];
    size_t *adj_row, *adj_col;
    double *adj_km;
    size_t *state;
    char **code, **name;
    char (*state_code)[3];
    char **state_name;
    size_t *ally_row, *ally_col;
    rlist *cells;
    double *focus;
    /* last week, per region */
    double *members, *deaths, *arrests, *homicides;
    /* scratch */
    double *w, *value, *KC, *M;
    move *mv;
    size_t nmv, capmv;
    double *q; /* weights for a move: stay + neighbours */
    unsigned *qn;
    size_t qcap;
    double *state_tmp;  /* G, for state aggregation */
    double *nx;         /* a region's new cell sizes */
    pending *pend;      /* a region's cells listed for their draws */
    uint32_t *el;       /* expand_cells: the cells listed (their index in
                           their region), */
    double *epl;        /* their probabilities of leaving, */
    uint32_t *er;       /* their regions, */
    uint32_t *eent;     /* their entities (region * G + group), */
    uint32_t (*emb)[4]; /* and the first blocks of their MOVEMENT draws */
    size_t elcap;
    size_t nxcap;
    int32_t *where;     /* R x G: index of the group's cell in the region's
                           list, or -1 */
    double *dense;      /* G: members of each group in the region at hand */
    double *dense_s;    /* G: the same times the group's succession shock */
    double *KCs;        /* G: national scope, the kernel applied to C x shock */
    double *decay;      /* per adjacency entry: exp(-km / distance_scale) */
    double decay_scale; /* the scale decay was computed for */
    double *attract;    /* R: (1 + V_s) / (M_s + 1), stochastic movement */
    double *qe;         /* per adjacency entry: attract of its region x decay */
    double *xg;         /* G x R, group-major: members of each cell during
                           stochastic expansion, else 0 */
    int xg_set;         /* xg holds the cells' members, to be emptied */
    int fresh;          /* m->C and members are the sums over the cells, in
                           the step's order: set by the step's end, cleared
                           by any change of the cells outside the step */
    uint32_t (*blk)[4]; /* per cell (regions in order, then the cells of
                           each), stochastic: the first block of the cell's
                           events, its last word set aside for the
                           movement draw */
    uint32_t *ent;      /* per cell: its entity, region * G + group */
    double *rival;      /* per rivalry entry e of m's rows (g, col[e]): 1
                           when g and col[e] are not allied, else 0 */
    size_t rivalcap;
    int rival_ok; /* rival is that of m's network version rival_ver
                     and of the alliances in force */
    unsigned rival_ver;
    size_t blkcap;
    int ent_ok; /* ent holds the cells' entities, written by the
                   step's end (valid while fresh) */
};

static cell *find_cell(pz__regional *r, size_t reg, uint32_t g)
{
    int32_t k = r->where[reg * r->G + g];
    return k >= 0 ? &r->cells[reg].c[k] : NULL;
}

static const cell *find_cell_c(const pz__regional *r, size_t reg, uint32_t g)
{
    int32_t k = r->where[reg * r->G + g];
    return k >= 0 ? &r->cells[reg].c[k] : NULL;
}

static cell *add_cell(pz__regional *r, size_t reg, uint32_t g)
{
    rlist *l = &r->cells[reg];
    if (l->n == l->cap) {
        uint32_t cap = l->cap ? 2 * l->cap : 4;
        cell *c = realloc(l->c, cap * sizeof *c);
        if (!c)
            return NULL;
        l->c = c;
        l->cap = cap;
    }
    l->c[l->n] = (cell){g, 0};
    r->where[reg * r->G + g] = (int32_t)l->n;
    return &l->c[l->n++];
}

void pz__regional_destroy(pz__regional *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->code && i < r->R; i++) {
        free(r->code[i]);
        free(r->name[i]);
    }
    for (size_t i = 0; r->state_name && i < r->nstates; i++)
        free(r->state_name[i]);
    for (size_t i = 0; r->cells && i < r->R; i++)
        free(r->cells[i].c);
    free(r->pop);
    free(r->bgpop);
    free(r->places);
    free(r->adj_row);
    free(r->adj_col);
    free(r->adj_km);
    free(r->state);
    free(r->code);
    free(r->name);
    free(r->state_code);
    free(r->state_name);
    free(r->ally_row);
    free(r->ally_col);
    free(r->cells);
    free(r->focus);
    free(r->members);
    free(r->deaths);
    free(r->arrests);
    free(r->homicides);
    free(r->w);
    free(r->value);
    free(r->KC);
    free(r->M);
    free(r->mv);
    free(r->q);
    free(r->qn);
    free(r->state_tmp);
    free(r->nx);
    free(r->pend);
    free(r->el);
    free(r->epl);
    free(r->er);
    free(r->eent);
    free(r->emb);
    free(r->where);
    free(r->dense);
    free(r->dense_s);
    free(r->KCs);
    free(r->decay);
    free(r->attract);
    free(r->blk);
    free(r->ent);
    free(r->rival);
    free(r->qe);
    free(r->xg);
    free(r);
}

/* Allocates a layer of R regions, G groups, nnz adjacency entries, nal
 * alliance entries and ns states, with every array zeroed. */
static pz__regional *alloc_regional(size_t R, size_t G, size_t nnz, size_t nal,
                                    size_t ns)
{
    pz__regional *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->R = R;
    r->G = G;
    r->nstates = ns;
    size_t R1 = R ? R : 1, G1 = G ? G : 1;
    r->pop = calloc(R1, sizeof *r->pop);
    r->bgpop = calloc(R1, sizeof *r->bgpop);
    r->places = calloc(R1, sizeof *r->places);
    r->adj_row = calloc(R + 1, sizeof *r->adj_row);
    r->adj_col = calloc(nnz + 1, sizeof *r->adj_col);
    r->adj_km = calloc(nnz + 1, sizeof *r->adj_km);
    r->state = calloc(R1, sizeof *r->state);
    r->code = calloc(R1, sizeof *r->code);
    r->name = calloc(R1, sizeof *r->name);
    r->state_code = calloc(ns ? ns : 1, sizeof *r->state_code);
    r->state_name = calloc(ns ? ns : 1, sizeof *r->state_name);
    r->ally_row = calloc(G + 1, sizeof *r->ally_row);
    r->ally_col = calloc(nal + 1, sizeof *r->ally_col);
    r->cells = calloc(R1, sizeof *r->cells);
    r->focus = calloc(R1, sizeof *r->focus);
    r->members = calloc(R1, sizeof(double));
    r->deaths = calloc(R1, sizeof(double));
    r->arrests = calloc(R1, sizeof(double));
    r->homicides = calloc(R1, sizeof(double));
    r->w = calloc(R1, sizeof(double));
    r->value = calloc(R1, sizeof(double));
    r->M = calloc(R1, sizeof(double));
    r->KC = calloc(G1, sizeof(double));
    r->state_tmp = calloc(G1, sizeof(double));
    r->dense = calloc(G1, sizeof(double));
    r->dense_s = calloc(G1, sizeof(double));
    r->KCs = calloc(G1, sizeof(double));
    r->decay = calloc(nnz + 1, sizeof(double));
    r->attract = calloc(R1, sizeof(double));
    r->qe = calloc(nnz + 1, sizeof(double));
    r->xg = calloc(R1 * G1, sizeof(double));
    r->where = malloc(R1 * G1 * sizeof *r->where);
    if (r->where)
        for (size_t k = 0; k < R1 * G1; k++)
            r->where[k] = -1;
    r->decay_scale = -1;
    if (!r->dense || !r->dense_s || !r->KCs || !r->decay || !r->attract ||
        !r->qe || !r->xg || !r->where || !r->pop || !r->bgpop || !r->places ||
        !r->adj_row || !r->adj_col || !r->adj_km || !r->state || !r->code ||
        !r->name || !r->state_code || !r->state_name || !r->ally_row ||
        !r->ally_col || !r->cells || !r->focus || !r->members || !r->deaths ||
        !r->arrests || !r->homicides || !r->w || !r->value || !r->M || !r->KC ||
        !r->state_tmp) {
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
    size_t *col = realloc(r->ally_col, (nal + 1) * sizeof *col);
    if (!col)
        return -1;
    r->ally_col = col;
    memcpy(r->ally_row, net->ally_row, (n + 1) * sizeof *r->ally_row);
    for (size_t g = n + 1; g <= r->G; g++)
        r->ally_row[g] = nal;
    memcpy(r->ally_col, net->ally_col, nal * sizeof *r->ally_col);
    r->rival_ok = 0;
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

static int add_members(pz__regional *r, size_t reg, uint32_t g, double x)
{
    cell *c = find_cell(r, reg, g);
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
        if (m->C[g] > 0 && add_members(r, reg, (uint32_t)g, m->C[g]) != 0)
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
    memcpy(r->members, s->members, bytes);
    memcpy(r->deaths, s->deaths, bytes);
    memcpy(r->arrests, s->arrests, bytes);
    memcpy(r->homicides, s->homicides, bytes);
    for (size_t i = 0; i < s->R; i++) {
        const rlist *l = &s->cells[i];
        if (l->n == 0)
            continue;
        r->cells[i].c = malloc(l->n * sizeof *l->c);
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

static double region_value(const double *p, const unsigned *places)
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

/* Room for k more moves. */
static int reserve_moves(pz__regional *r, size_t k)
{
    if (r->nmv + k > r->capmv) {
        size_t cap = r->capmv ? 2 * r->capmv : 1024;
        while (cap < r->nmv + k)
            cap *= 2;
        move *mv = realloc(r->mv, cap * sizeof *mv);
        if (!mv)
            return -1;
        r->mv = mv;
        r->capmv = cap;
    }
    return 0;
}

static int push_move(pz__regional *r, uint32_t from, uint32_t to, uint32_t g,
                     double x)
{
    if (reserve_moves(r, 1) != 0)
        return -1;
    r->mv[r->nmv++] = (move){from, to, g, x};
    return 0;
}

/* realloc(p, n * size), or p itself with *ok cleared when that fails
 * (so that a scratch array is never lost and can be grown in a row of
 * calls checked once). */
static void *grown(void *p, size_t n, size_t size, int *ok)
{
    void *q = realloc(p, n * size);
    if (!q) {
        *ok = 0;
        return p;
    }
    return q;
}

static int ensure_q(pz__regional *r, size_t n)
{
    if (n <= r->qcap)
        return 0;
    int ok = 1;
    r->q = grown(r->q, n, sizeof *r->q, &ok);
    r->qn = grown(r->qn, n, sizeof *r->qn, &ok);
    if (!ok)
        return -1;
    r->qcap = n;
    return 0;
}

/* Room for the lists of n cells of expand_cells. */
static int ensure_el(pz__regional *r, size_t n)
{
    if (n <= r->elcap)
        return 0;
    int ok = 1;
    r->el = grown(r->el, n, sizeof *r->el, &ok);
    r->epl = grown(r->epl, n, sizeof *r->epl, &ok);
    r->er = grown(r->er, n, sizeof *r->er, &ok);
    r->eent = grown(r->eent, n, sizeof *r->eent, &ok);
    r->emb = grown(r->emb, n, sizeof *r->emb, &ok);
    if (!ok)
        return -1;
    r->elcap = n;
    return 0;
}

/* Stochastic expansion.  Each member of a cell of x members moves to
 * neighbour e with probability rate q_e / Q (Q = q_0 + Qn, q_0 staying,
 * Qn the neighbours' sum): the members leaving are binomial(x, rate Qn /
 * Q) and, given their number, shared among the neighbours by a
 * multinomial with weights q_e (thinning: the same law as binomial(x,
 * rate) movers shared among stay and the neighbours by q/Q, with fewer
 * draws).  q = (x + 1) times (1 + V_s)/(M_s + 1) exp(-km / scale), the
 * second factor computed once per region and adjacency entry. */
static int expand_cells(pz_model *m, double rate);

/* r->xg emptied through the cells, which include every cell it was
 * filled from (after an error; the step empties it in its last pass). */
static void empty_xg(pz__regional *r)
{
    for (size_t i = 0; r->xg_set && i < r->R; i++)
        for (uint32_t c = 0; c < r->cells[i].n; c++)
            r->xg[r->cells[i].c[c].g * r->R + i] = 0;
    r->xg_set = 0;
}

static int expand_stochastic(pz_model *m, double rate)
{
    pz__regional *r = m->reg;
    for (size_t s = 0; s < r->R; s++)
        r->attract[s] = (1 + r->value[s]) / (r->M[s] + 1);
    for (size_t e = 0; e < r->adj_row[r->R]; e++)
        r->qe[e] = r->attract[r->adj_col[e]] * r->decay[e];
    /* r->xg, the cells' members by group (so that a group's neighbouring
     * cells are read from one row), was filled by the step's pass that
     * set the cells' new members, and is emptied by its last pass */
    if (expand_cells(m, rate) != 0) {
        empty_xg(r);
        return -1;
    }
    return 0;
}

/* The moves of every cell (expand_stochastic). */
static int expand_cells(pz_model *m, double rate)
{
    pz__regional *r = m->reg;
    size_t ncell = 0;
    for (size_t i = 0; i < r->R; i++)
        ncell += r->cells[i].n;
    if (ensure_el(r, ncell) != 0)
        return -1;
    size_t k0 = 0;  /* the region's first cell in r->blk */
    size_t tot = 0; /* the cells listed for their draws, all regions */
    for (size_t i = 0; i < r->R; k0 += r->cells[i].n, i++) {
        size_t row = r->adj_row[i], nb = r->adj_row[i + 1] - row;
        if (nb == 0 || r->cells[i].n == 0)
            continue;
        const size_t *col = r->adj_col + row;
        const double *qe = r->qe + row;
        const cell *cl = r->cells[i].c;
        uint32_t *el = r->el + tot;
        /* two passes, each listing the cells the next one needs without
         * a branch (a branch on a uniform is mispredicted): the cells
         * left after the squeeze of n rate, then those left after the
         * squeeze with p itself; their draws below.  The same
         * arithmetic as in one pass, so the same draws. */
        size_t n1 = 0, n2 = 0;
        for (uint32_t c = 0; c < r->cells[i].n; c++) {
            double x = cl[c].x;
            unsigned n = x > 0 ? (unsigned)x : 0;
            /* the draw's first uniform, set aside from the cell's events
             * block; in small cells nobody leaves when u < 1 - n rate,
             * whatever the weights (the binomial's squeeze, rng.h, with
             * p <= rate) */
            double u = pz_rng_word_uniform(r->blk[k0 + c][3]);
            double nr = rate * n;
            int none = (!(x > 0)) | ((rate <= 0.5) & (nr < 1) & (u < 1 - nr));
            el[n1] = c;
            n1 += !none;
        }
        for (size_t k = 0; k < n1; k++) {
            uint32_t c = el[k];
            double x = cl[c].x;
            unsigned n = (unsigned)x;
            double u = pz_rng_word_uniform(r->blk[k0 + c][3]);
            double q0 = r->attract[i] * (x + 1), Qn = 0;
            const double *xr = r->xg + (size_t)cl[c].g * r->R;
            for (size_t e = 0; e < nb; e++)
                Qn += qe[e] * (xr[col[e]] + 1);
            double pl = rate * (Qn / (q0 + Qn)), np = (double)n * pl;
            /* the squeeze again, with p itself: nobody leaves */
            int none = (pl <= 0.5) & (np < 1) & (u < 1.0 - np);
            el[n2] = c; /* n2 <= k: entries not read again */
            r->epl[tot + n2] = pl;
            r->er[tot + n2] = (uint32_t)i;
            r->eent[tot + n2] = (uint32_t)(i * r->G + cl[c].g);
            n2 += !none;
        }
        tot += n2;
    }
    /* the first blocks of the listed cells' MOVEMENT draws, all at once
     * (pz_rng_first_blocks: faster than one at a time), then the draws,
     * in the cells' order, from them (pz_rng_seek_block with all four
     * words: exactly the words after pz_rng_seek) */
    pz_rng_first_blocks(&m->rng, PZ_STREAM_MOVEMENT, r->eent, tot, m->t,
                        r->emb);
    k0 = 0;
    size_t i0 = 0;
    for (size_t k = 0; k < tot; k++) {
        size_t i = r->er[k];
        for (; i0 < i; i0++) /* the region's first cell in r->blk */
            k0 += r->cells[i0].n;
        size_t row = r->adj_row[i], nb = r->adj_row[i + 1] - row;
        const size_t *col = r->adj_col + row;
        const double *qe = r->qe + row;
        const cell *cl = r->cells[i].c;
        uint32_t c = r->el[k], g = cl[c].g;
        unsigned n = (unsigned)cl[c].x;
        double u = pz_rng_word_uniform(r->blk[k0 + c][3]);
        pz_rng_seek_block(&m->rng, PZ_STREAM_MOVEMENT, r->eent[k], m->t,
                          r->emb[k], 4);
        unsigned leaving = pz_rng_binomial_from(&m->rng, u, r->epl[k], n);
        if (leaving == 0)
            continue;
        if (ensure_q(r, nb) != 0)
            return -1;
        /* the weights, as the second pass computed them */
        const double *xr = r->xg + (size_t)g * r->R;
        for (size_t e = 0; e < nb; e++)
            r->q[e] = qe[e] * (xr[col[e]] + 1);
        if (reserve_moves(r, nb) != 0)
            return -1;
        if (leaving == 1) { /* most cells: one trial, one move */
            size_t e = pz_rng_categorical(&m->rng, nb, r->q);
            r->mv[r->nmv++] = (move){(uint32_t)i, (uint32_t)col[e], g, 1};
            continue;
        }
        pz_rng_multinomial(&m->rng, nb, leaving, r->q, r->qn);
        /* the moves of positive counts, written without a branch */
        for (size_t e = 0; e < nb; e++) {
            r->mv[r->nmv] = (move){(uint32_t)i, (uint32_t)col[e], g, r->qn[e]};
            r->nmv += r->qn[e] > 0;
        }
    }
    return 0;
}

/* Expansion: members scout and settle (see the file's comment). */
static int expand(pz_model *m, int stochastic)
{
    pz__regional *r = m->reg;
    const double *p = m->p;
    double rate = p[PZ_P_EXPANSION_RATE], scale = p[PZ_P_DISTANCE_SCALE];
    r->nmv = 0;
    if (scale != r->decay_scale) {
        for (size_t e = 0; e < r->adj_row[r->R]; e++)
            r->decay[e] = exp(-r->adj_km[e] / scale);
        r->decay_scale = scale;
    }
    if (stochastic) {
        if (expand_stochastic(m, rate) != 0)
            return -1;
    } else {
        for (size_t i = 0; i < r->R; i++) {
            size_t nb = r->adj_row[i + 1] - r->adj_row[i];
            if (nb == 0 || r->cells[i].n == 0)
                continue;
            if (ensure_q(r, nb + 1) != 0)
                return -1;
            for (uint32_t c = 0; c < r->cells[i].n; c++) {
                uint32_t g = r->cells[i].c[c].g;
                double x = r->cells[i].c[c].x;
                if (x <= 0)
                    continue;
                double movers = rate * x;
                double Q = (1 + r->value[i]) * (x + 1) / (r->M[i] + 1);
                r->q[0] = Q;
                for (size_t e = 0; e < nb; e++) {
                    size_t s = r->adj_col[r->adj_row[i] + e];
                    const cell *there = find_cell_c(r, s, g);
                    double xs = there ? there->x : 0;
                    double q = (1 + r->value[s]) * (xs + 1) / (r->M[s] + 1) *
                               r->decay[r->adj_row[i] + e];
                    r->q[e + 1] = q;
                    Q += q;
                }
                for (size_t e = 0; e < nb; e++) {
                    size_t s = r->adj_col[r->adj_row[i] + e];
                    double amount = movers * r->q[e + 1] / Q;
                    /* a group enters a region with one member at least */
                    if (amount < 1 && !find_cell_c(r, s, g))
                        continue;
                    if (push_move(r, (uint32_t)i, (uint32_t)s, g, amount))
                        return -1;
                }
            }
        }
    }
    for (size_t k = 0; k < r->nmv; k++) {
        const move *mv = &r->mv[k];
        cell *from = find_cell(r, mv->from, mv->g);
        from->x -= mv->x;
        if (from->x < 0) /* rounding in deterministic mode */
            from->x = 0;
        if (add_members(r, mv->to, mv->g, mv->x) != 0) {
            empty_xg(r);
            return -1;
        }
    }
    return 0;
}

/* Local conflict of group g in the region whose members per group are in
 * x (total T): the sum over the other, non-allied groups present of
 * K_gh x_h, K_gh = (b + R_gh)/(A_g + 1), in O(allies + rivals of g):
 * b (T - x_g - allies' members) + sum over non-allied rivals R_gh x_h.
 * With xs (total Ts) not NULL, the same of xs in *ks, in the same pass
 * (each sum in the order it would have alone). */
static double local_kc(const pz_model *m, const double *x, double T,
                       const double *xs, double Ts, uint32_t g, double b,
                       double *ks)
{
    const pz__regional *r = m->reg;
    double s = b * (T - x[g]), ss = xs ? b * (Ts - xs[g]) : 0;
    for (size_t e = r->ally_row[g]; e < r->ally_row[g + 1]; e++) {
        s -= b * x[r->ally_col[e]];
        if (xs)
            ss -= b * xs[r->ally_col[e]];
    }
    /* the rivals present and not allied, without a branch on their
     * presence (mispredicted): the others' terms are 0 times a finite
     * number, +-0.0, which leave s as it is (s is never -0.0: T >= x[g]
     * and the terms are >= 0) */
    const double *nal = r->rival;
    if (!xs)
        for (size_t e = m->row[g]; e < m->row[g + 1]; e++) {
            uint32_t h = (uint32_t)m->col[e];
            s += (double)(x[h] > 0) * nal[e] * (m->w[e] * x[h]);
        }
    else
        for (size_t e = m->row[g]; e < m->row[g + 1]; e++) {
            uint32_t h = (uint32_t)m->col[e];
            s += (double)(x[h] > 0) * nal[e] * (m->w[e] * x[h]);
            ss += (double)(xs[h] > 0) * nal[e] * (m->w[e] * xs[h]);
        }
    if (xs)
        *ks = ss * m->inv_ally[g];
    return s * m->inv_ally[g];
}

/* r->rival for m's network and the alliances in force, when stale (the
 * rivals' alliances looked up once per change, not per cell). */
static int rival_update(pz_model *m)
{
    pz__regional *r = m->reg;
    if (r->rival_ok && r->rival_ver == m->netver)
        return 0;
    size_t nnz = m->row[r->G];
    if (nnz + 1 > r->rivalcap) {
        double *a = realloc(r->rival, (nnz + 1) * sizeof *a);
        if (!a)
            return -1;
        r->rival = a;
        r->rivalcap = nnz + 1;
    }
    for (size_t g = 0; g < r->G; g++)
        for (size_t e = m->row[g]; e < m->row[g + 1]; e++)
            r->rival[e] = allied(r, (uint32_t)g, (uint32_t)m->col[e]) ? 0 : 1;
    r->rival_ok = 1;
    r->rival_ver = m->netver;
    return 0;
}

/* A cell's week: its flows added to its group's and its region's, and
 * its members after them (never below 0). */
static inline void cell_flows(pz_model *m, uint32_t g, double x, double R_,
                              double A_, double D_, double E_, double *Di,
                              double *Ari, double *nx)
{
    m->rec[g] += R_;
    m->arr[g] += A_;
    m->dea[g] += D_;
    m->exi[g] += E_;
    *Di += D_;
    *Ari += A_;
    double next = x + R_ - A_ - D_ - E_;
    *nx = next > 0 ? next : 0;
}

pz_status pz__regional_step(pz_model *m)
{
    pz__regional *r = m->reg;
    const double *p = m->p;
    size_t R = r->R, G = r->G;
    int stochastic = p[PZ_P_MODE] == PZ_MODE_STOCHASTIC;
    double b = p[PZ_P_CONFLICT_KERNEL] == PZ_KERNEL_PC2023 ? 1.0 : 0.0;
    double theta = p[PZ_P_CONFLICT_RATE], omega = p[PZ_P_SATURATION];
    double loc = p[PZ_P_CONFLICT_LOCALITY];
    double bl = b * p[PZ_P_LOCAL_BASELINE]; /* b of the local kernel */
    double pool = p[PZ_P_RECRUITMENT_POOL];
    double civ = p[PZ_P_CIVILIAN_RATIO];
    double bg = p[PZ_P_BACKGROUND_HOMICIDES] / 52.0;
    int fixed = p[PZ_P_INCAPACITATION_MODE] == PZ_INCAP_FIXED;
    int local = p[PZ_P_CONFLICT_SCOPE] == PZ_SCOPE_LOCAL;
    int alloc = (int)p[PZ_P_ENFORCEMENT_ALLOCATION];

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
    int fresh = r->fresh;
    r->fresh = 0; /* until this step's end */
    double risk, rho = pz__recruitment(m, S, &risk);
    if (m->wars && p[PZ_P_WAR_INTENSITY] > 0) /* read only when wars kill */
        pz__wars_week(m);
    if (local && rival_update(m) != 0) {
        snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
        return PZ_ERR_NOMEM;
    }
    if (stochastic && ncells > r->blkcap) {
        int ok = 1;
        r->blk = grown(r->blk, 2 * ncells, sizeof *r->blk, &ok);
        r->ent = grown(r->ent, 2 * ncells, sizeof *r->ent, &ok);
        if (!ok) {
            snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
            return PZ_ERR_NOMEM;
        }
        r->blkcap = 2 * ncells;
    }
    if (stochastic) { /* every cell's first block of events at once */
        size_t k = 0;
        for (size_t i = 0; !(fresh && r->ent_ok) && i < R; i++)
            for (uint32_t c = 0; c < r->cells[i].n; c++)
                r->ent[k++] = (uint32_t)(i * G + r->cells[i].c[c].g);
        pz_rng_first_blocks(&m->rng, PZ_STREAM_GROUP_EVENTS, r->ent, ncells,
                            m->t, r->blk);
    }
    size_t k0 = 0; /* the region's first cell in r->blk */
    /* succession violence: conflict between g and h is multiplied by
     * 1 + shock_g + shock_h */
    const double *sh = m->shock;
    int anyshock = 0;
    for (size_t g = 0; g < m->n && !anyshock; g++)
        anyshock = sh[g] > 0;
    if (!local) {
        double Ss = 0;
        for (size_t g = 0; anyshock && g < m->n; g++)
            Ss += m->C[g] * sh[g];
        for (size_t g = 0; g < G; g++) {
            double rc = 0, rs = 0;
            for (size_t e = m->row[g]; e < m->row[g + 1]; e++) {
                rc += m->w[e] * m->C[m->col[e]];
                if (anyshock)
                    rs += m->w[e] * m->C[m->col[e]] * sh[m->col[e]];
            }
            r->KC[g] = (b * (S - m->C[g]) + rc) * m->inv_ally[g];
            r->KCs[g] = anyshock
                            ? (b * (Ss - m->C[g] * sh[g]) + rs) * m->inv_ally[g]
                            : 0;
        }
    }
    /* enforcement weights */
    double W = 0;
    for (size_t i = 0; i < R; i++) {
        double w = 0;
        if (r->M[i] > 0) {
            switch (alloc) {
            case PZ_ALLOC_UNIFORM:
                w = 1;
                break;
            case PZ_ALLOC_POPULATION:
                w = r->pop[i];
                break;
            case PZ_ALLOC_VIOLENCE:
                w = r->homicides[i];
                break;
            default:
                w = r->M[i];
                break;
            }
        }
        r->w[i] = w * r->focus[i];
        W += r->w[i];
    }
    if (W <= 0 && alloc == PZ_ALLOC_VIOLENCE) { /* no violence yet */
        for (size_t i = 0; i < R; i++) {
            r->w[i] = r->M[i] * r->focus[i];
            W += r->w[i];
        }
    }
    for (size_t i = 0; i < R; i++)
        r->value[i] = region_value(p, r->places[i]);

    memset(m->rec, 0, G * sizeof *m->rec);
    memset(m->arr, 0, G * sizeof *m->arr);
    memset(m->dea, 0, G * sizeof *m->dea);
    memset(m->exi, 0, G * sizeof *m->exi);
    double hom = 0;
    /* stochastic expansion reads the cells' new members from r->xg */
    int fill_xg = stochastic && p[PZ_P_EXPANSION_RATE] > 0;
    r->xg_set |= fill_xg;
    for (size_t i = 0; i < R; k0 += r->cells[i].n, i++) {
        rlist *l = &r->cells[i];
        double Mi = r->M[i];
        double f = 1;
        if (pool > 0)
            f = r->pop[i] > 0 ? fmax(0, 1 - Mi / (pool * r->pop[i])) : 0;
        double Ai = fixed && W > 0 ? p[PZ_P_INCAPACITATION] * r->w[i] / W : 0;
        double Di = 0, Ari = 0;
        if (l->n > r->nxcap) {
            int ok = 1;
            r->nx = grown(r->nx, l->n, sizeof *r->nx, &ok);
            r->pend = grown(r->pend, l->n, sizeof *r->pend, &ok);
            if (!ok) {
                empty_xg(r);
                snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
                return PZ_ERR_NOMEM;
            }
            r->nxcap = l->n;
        }
        size_t npend = 0; /* stochastic: cells listed for their draws */
        /* the government's factors: the enforcement is the same for
         * every group when the region's offices are clean (-1: ask per
         * group) */
        double enf_all = -1, heat = 1;
        pz__gov_offices of;
        if (m->lead && l->n > 0)
            heat = pz__leaders_calm(m, i);
        if (m->gov && l->n > 0) {
            heat *= pz__gov_heat(m, i);
            pz__gov_offices_of(m, i, &of);
            if (of.clean)
                enf_all = pz__gov_enforcement_at(m, &of, 0);
        }
        /* rates from the week's start state for every cell first, so that
         * local conflict sees the same state whatever the order */
        double Ts = 0;
        int hot = 0;
        for (uint32_t c = 0; c < l->n; c++) {
            uint32_t g = l->c[c].g;
            double x = l->c[c].x > 0 ? l->c[c].x : 0;
            r->dense[g] = x;
            r->dense_s[g] = x * sh[g];
            Ts += x * sh[g];
            hot |= sh[g] > 0;
        }
        /* dated wars in force here (model/wars.c): their rivalry term */
        const double *wk =
            m->wars && p[PZ_P_WAR_INTENSITY] > 0
                ? pz__wars_region(m, i, r->dense, p[PZ_P_WAR_INTENSITY])
                : NULL;
        for (uint32_t c = 0; c < l->n; c++) {
            uint32_t g = l->c[c].g;
            double x = l->c[c].x;
            r->nx[c] = x;
            if (x <= 0)
                continue;
            double rec = rho * f * x;
            double arr = fixed ? (Mi > 0 ? Ai * x / Mi : 0)
                               : p[PZ_P_INCAPACITATION_RATE] * r->focus[i] * x;
            if (m->gov)
                arr *=
                    enf_all >= 0 ? enf_all : pz__gov_enforcement_at(m, &of, g);
            double kcs = 0;
            double kc =
                local ? loc * local_kc(m, r->dense, Mi, hot ? r->dense_s : NULL,
                                       Ts, g, bl, &kcs)
                      : r->KC[g];
            if (hot && local)
                kc = (1 + sh[g]) * kc + loc * kcs;
            else if (anyshock && !local)
                kc = (1 + sh[g]) * kc + r->KCs[g];
            kc *= heat; /* the government's heat, the lieutenants' calm */
            double dea = theta * x * kc;
            if (wk && wk[g] > 0) { /* war deaths, partly replaced */
                double wd = wk[g] * heat;
                dea += wd;
                rec += p[PZ_P_WAR_REPLACEMENT] * f * wd;
            }
            dea += p[PZ_P_CONFRONTATION] * arr; /* clashes with the state */
            double exi = omega * m->C[g] * x;
            if (stochastic) {
                /* most cells: no recruit and nobody leaves, read off the
                 * block's first two words with the samplers' own first
                 * test (rng.h: the squeeze), without a branch: the other
                 * cells are listed and drawn after the loop (a branch on
                 * a uniform is mispredicted; adding their zero flows
                 * changes no sum) */
                const uint32_t *bk = r->blk[k0 + c];
                double loss = arr + dea + exi, hz = loss / x;
                double ph = hz < 1 ? hz : 1;
                unsigned n = (unsigned)x;
                int none = (rec > 0) & (rec < 1) & (ph > 0) & (ph <= 0.5) &
                           (n > 0) & (pz_rng_word_uniform(bk[0]) < 1.0 - rec) &
                           (pz_rng_word_uniform(bk[1]) < 1.0 - (double)n * ph);
                r->pend[npend] = (pending){c, n, rec, ph, arr, dea, exi};
                npend += !none;
                continue;
            }
            double R_ = rec, A_ = arr, D_ = dea, E_ = exi;
            double loss = A_ + D_ + E_, have = x + R_;
            if (loss > have) {
                double k = have > 0 ? have / loss : 0;
                A_ *= k;
                D_ *= k;
                E_ *= k;
            }
            cell_flows(m, g, x, R_, A_, D_, E_, &Di, &Ari, &r->nx[c]);
        }
        /* stochastic: the listed cells' draws, in the cells' order */
        for (size_t k = 0; k < npend; k++) {
            const pending *pd = &r->pend[k];
            uint32_t c = pd->c, g = l->c[c].g;
            double x = l->c[c].x;
            unsigned out[3] = {0, 0, 0};
            pz_rng_seek_block(&m->rng, PZ_STREAM_GROUP_EVENTS,
                              (uint32_t)(i * G + g), m->t, r->blk[k0 + c], 3);
            double R_ = pz_rng_poisson(&m->rng, pd->rec);
            unsigned leave = pz_rng_binomial(&m->rng, pd->ph, pd->n);
            double wts[3] = {pd->arr, pd->dea, pd->exi};
            /* the multinomial of the leavers; of none or one, the category
             * of one trial (times 0 when none leaves: a word drawn for
             * nothing, as the cell's draws end here, so that there is no
             * branch between 0 and 1, which is mispredicted) */
            if (leave > 1)
                pz_rng_multinomial(&m->rng, 3, leave, wts, out);
            else
                out[pz_rng_categorical(&m->rng, 3, wts)] = leave;
            double A_ = out[0], D_ = out[1], E_ = out[2];
            cell_flows(m, g, x, R_, A_, D_, E_, &Di, &Ari, &r->nx[c]);
        }
        if (wk)
            pz__wars_region_clear(m, i);
        /* every cell's flows came from the week's start state; now move
         * (and the new members by group for stochastic expansion) */
        for (uint32_t c = 0; c < l->n; c++) {
            l->c[c].x = r->nx[c];
            r->dense[l->c[c].g] = 0;
            r->dense_s[l->c[c].g] = 0;
        }
        if (fill_xg)
            for (uint32_t c = 0; c < l->n; c++)
                r->xg[l->c[c].g * R + i] = r->nx[c];
        double others = civ * Di + bg * r->bgpop[i];
        if (stochastic && others > 0) {
            pz_rng_seek(&m->rng, PZ_STREAM_CIVILIANS, (uint32_t)i, m->t);
            others = pz_rng_poisson(&m->rng, others);
        }
        r->deaths[i] = Di;
        r->arrests[i] = Ari;
        r->homicides[i] = Di + others;
        hom += r->homicides[i];
    }
    m->homicides = hom;
    if (p[PZ_P_EXPANSION_RATE] > 0 && expand(m, stochastic) != 0) {
        snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
        return PZ_ERR_NOMEM;
    }
    /* drop empty cells, and the groups' new totals (and empty xg: the
     * cells now include every cell it was filled from) */
    memset(m->C, 0, G * sizeof *m->C);
    /* stochastic: the kept cells' entities too, for next week's first
     * blocks, when they fit */
    size_t nc = 0, kk = 0;
    for (size_t i = 0; stochastic && i < R; i++)
        nc += r->cells[i].n;
    r->ent_ok = stochastic && nc <= r->blkcap;
    for (size_t i = 0; i < R; i++) {
        rlist *l = &r->cells[i];
        uint32_t keep = 0;
        double Mi = 0;
        for (uint32_t c = 0; c < l->n; c++) {
            if (r->xg_set)
                r->xg[l->c[c].g * R + i] = 0;
            if (l->c[c].x <= 0) {
                r->where[i * G + l->c[c].g] = -1;
                continue;
            }
            r->where[i * G + l->c[c].g] = (int32_t)keep;
            l->c[keep++] = l->c[c];
            Mi += l->c[c].x;
            m->C[l->c[c].g] += l->c[c].x;
            if (r->ent_ok)
                r->ent[kk++] = (uint32_t)(i * G + l->c[c].g);
        }
        l->n = keep;
        r->members[i] = Mi;
    }
    r->xg_set = 0;
    r->fresh = 1;
    return PZ_OK;
}

/* ---- views for the government layer (model/government.c) ---------------- */

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
    return region_value(m->p, m->reg->places[i]);
}

double pz__regional_members(const pz_model *m, size_t i)
{
    return m->reg->members[i];
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

/* ---- splits and defections (called by model/leaders.c) ----------------- */

size_t pz__regional_stronghold(const pz_model *m, uint32_t g)
{
    const pz__regional *r = m->reg;
    size_t best = (size_t)-1;
    double bx = 0;
    for (size_t i = 0; i < r->R; i++) {
        const cell *c = find_cell_c(r, i, g);
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
    cell *c = find_cell(r, i, g);
    if (!c || c->x <= 0 || count <= 0)
        return 0;
    double moved = count < c->x ? count : c->x;
    c->x -= moved;
    if (add_members(r, i, h, moved) != 0)
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
    const cell *c = find_cell_c(r, i, g);
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
        cell *c = find_cell(r, i, g);
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
            if (add_members(r, i, (uint32_t)to[f - 1], y) != 0)
                return -1;
            kept -= y;
            m->C[to[f - 1]] += y;
            total += y;
        }
        c = find_cell(r, i, g);
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
    r->fresh = 0;                         /* the regions' members change */
    double *acc = calloc(k, sizeof *acc); /* members bound for each region */
    if (!acc)
        return -1;
    /* every cell of g sends its share, from the regions of the week's
     * start: none of the arrivals leaves again */
    for (size_t i = 0; i < r->R; i++) {
        cell *c = find_cell(r, i, g);
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
        if (acc[j] > 0 && add_members(r, to[j], g, acc[j]) != 0) {
            free(acc);
            return -1;
        }
    free(acc);
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
    const cell *c = find_cell_c(m->reg, i, (uint32_t)g);
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
            cell *c = realloc(l->c, n * sizeof *c);
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
