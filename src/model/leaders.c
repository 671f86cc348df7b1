/*
 * leaders.c - leaders, their removal, succession and splits (docs/MODEL.md,
 * Leaders: mechanism M2 with M7 and M9): the kingpin strategy.
 *
 * Every group has a leader.  Each week of a stochastic run, with the
 * timeline's changes applied, the leader of group g (members C_g >= 1) is
 * removed with probability 1 - exp(-lambda_g),
 *
 *   lambda_g = kingpin_rate / 52 x (1 + P) x I x C_g^a / sum_h C_h^a
 *              x (1 - protection_g) x (1 - F_g)
 *   I        = 1 - intelligence_weight x (1 - intelligence_cooperation)
 *
 * (a = kingpin_targeting; P the US pressure and F_g the share of federal
 * offices protecting g directly, model/government.c): kingpin_rate
 * removals a year nationally, aimed
 * at the largest groups, fewer where the leader bought protection and when
 * less intelligence is shared with the United States.  A removal is a
 * killing (kingpin_kill_share) or a capture, and a captured leader is
 * extradited with probability extradition_share.  Dated removals of the
 * timeline ('leader:' entries) happen in every mode.
 *
 * A removal ends in an orderly succession or in a split: with probability
 * split_probability_hierarchical, _federated or split_probability
 * (structure not given) the group breaks into split_factions factions of
 * equal shares (or the shares a dated event gives).  The group keeps the
 * first share and its name; the others become new groups, "NAME (faction
 * k)".  Every cell's members are shared among the factions (multinomial in
 * stochastic mode), so members and regions are conserved.  The new groups
 * inherit the group's rivalries, the factions are rivals of one another
 * (splinter_rivalry), and each of the group's alliances goes to one
 * faction (drawn by share; the group keeps them in deterministic mode).
 * A group needs at least as many members as factions to split, and room
 * for the new groups (max_new_groups); otherwise the removal ends in
 * succession.
 *
 * Either way the group's conflict rises: its shock grows by
 * succession_violence (times capture_violence for a capture or an
 * extradition) and decays by a factor e every succession_decay
 * weeks; conflict between groups g and h is multiplied by
 * 1 + shock_g + shock_h (model/conflict.c), so succession fights and the
 * rivals' invasions raise violence wherever the group is.
 *
 * A defection ('defection:' on the timeline) moves a share of a group's
 * cell in one region to another group (the Mexicles' cell going from CJNG
 * to Sinaloa in Colima, 2022), and shocks the group that lost it.
 *
 * Lieutenants: each week a Poisson number lieutenant_rate / 52 x (1 + P)
 * of captures, each in a cell drawn by members; the region's calm rises
 * by lieutenant_calm (the shared r->calm, decaying with lieutenant_decay,
 * which lowers its conflict: model/conflict.c), and his men may go over to
 * the region's largest non-allied group.
 *
 * As a mechanism (model/mechanism.h): begin decays the shocks and the
 * calm and forgets last week's events; event takes the timeline's dated
 * removals and defections; step draws the week's lieutenants and
 * removals; the live network (splits change it), the splinters and the
 * events are its private state, the groups, shocks and calm shared.
 * Switched off: no removal, split, defection nor lieutenant.
 *
 * Draws: stream LEADERS, entity = group, for removals and their outcomes;
 * stream SPLITS, entity = region x G + group, for the sharing of cells.
 *
 * Speed: each week C_g^a and the groups' federal shields are computed once
 * (not twice, and not once per group over every federal office); a
 * removal changes only its own group's members and the new groups', and
 * no office, so the numbers are the same.
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

_Static_assert(PZ__OUTCOME_SUCCESSION == (int)PZ_OUTCOME_SUCCESSION &&
                   PZ__OUTCOME_SPLIT == (int)PZ_OUTCOME_SPLIT,
               "a dated removal's outcome is the event's");

typedef struct pz__leaders {
    pz__network net;    /* the live network: the scenario's, then splits */
    long *parent;       /* cap: the group a splinter came from, or -1 */
    uint32_t *born;     /* cap: step at which the group appeared */
    uint32_t *removals; /* cap: leaders removed so far */
    pz_event *ev;       /* the last step's events */
    size_t nev, capev;
    double *weight; /* cap: scratch, C_g^a this week */
    double *shield; /* cap: scratch, each group's federal shield */
} pz__leaders;

static pz__leaders *lead_of(const pz_model *m)
{
    return m->mech[PZ__M_LEADERS];
}

static void leaders_destroy(void *st)
{
    pz__leaders *l = st;
    if (!l)
        return;
    pz__network_release(&l->net);
    pz__free(l->parent);
    pz__free(l->born);
    pz__free(l->removals);
    pz__free(l->ev);
    pz__free(l->weight);
    pz__free(l->shield);
    pz__free(l);
}

static pz__leaders *alloc_leaders(size_t cap)
{
    pz__leaders *l = pz__calloc(1, sizeof *l);
    if (!l)
        return NULL;
    pz__network_init(&l->net);
    size_t c = cap ? cap : 1;
    l->parent = pz__malloc(c * sizeof *l->parent);
    l->born = pz__calloc(c, sizeof *l->born);
    l->removals = pz__calloc(c, sizeof *l->removals);
    l->weight = pz__calloc(c, sizeof *l->weight);
    l->shield = pz__calloc(c, sizeof *l->shield);
    if (!l->parent || !l->born || !l->removals || !l->weight || !l->shield) {
        leaders_destroy(l);
        return NULL;
    }
    for (size_t g = 0; g < c; g++)
        l->parent[g] = -1;
    return l;
}

/* Leaders and splits need regions: no state without them. */
static pz_status leaders_create(pz_model *m, const pz_scenario *sc, void **st,
                                pz_error *err)
{
    *st = NULL;
    if (!m->reg)
        return PZ_OK;
    pz__leaders *l = alloc_leaders(m->cap);
    if (!l || pz__network_copy(&l->net, &sc->net) != 0) {
        leaders_destroy(l);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    *st = l;
    return PZ_OK;
}

/* The splinters of src, with their names and ties (dst's other groups
 * are the scenario's). */
static pz_status leaders_copy(pz_model *dst, void **dst_st, const pz_model *src,
                              const void *src_st, pz_error *err)
{
    const pz__leaders *s = src_st;
    *dst_st = NULL;
    if (!s)
        return PZ_OK;
    pz__leaders *l = alloc_leaders(src->cap);
    if (!l || pz__network_copy(&l->net, &s->net) != 0)
        goto nomem;
    *dst_st = l;
    memcpy(l->parent, s->parent, src->cap * sizeof *l->parent);
    memcpy(l->born, s->born, src->cap * sizeof *l->born);
    memcpy(l->removals, s->removals, src->cap * sizeof *l->removals);
    for (size_t g = dst->n; g < src->n; g++)
        if (!(dst->name[g] = pz__strdup(src->name[g])))
            goto nomem;
    dst->n = src->n;
    if (pz__model_set_network(dst, &l->net) != 0)
        goto nomem;
    return PZ_OK;
nomem:
    if (!*dst_st)
        leaders_destroy(l);
    return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
}

/* The week's start: the succession shocks and the lieutenants' calm
 * decay; last week's events are forgotten. */
static void leaders_begin(pz_model *m, void *st)
{
    pz__leaders *l = st;
    if (!l)
        return;
    double decay = exp(-1.0 / m->p[PZ_P_SUCCESSION_DECAY]);
    for (size_t g = 0; g < m->n; g++)
        m->shock[g] *= decay;
    double dc = exp(-1.0 / m->p[PZ_P_LIEUTENANT_DECAY]);
    for (size_t i = 0; i < m->reg->R; i++)
        m->reg->calm[i] *= dc;
    l->nev = 0;
}

static int push_event(pz__leaders *l, const pz_event *e)
{
    if (l->nev == l->capev) {
        size_t cap = l->capev ? 2 * l->capev : 8;
        pz_event *v = pz__realloc(l->ev, cap * sizeof *v);
        if (!v)
            return -1;
        l->ev = v;
        l->capev = cap;
    }
    l->ev[l->nev++] = *e;
    return 0;
}

static double split_probability(const pz_model *m, size_t g)
{
    switch (lead_of(m)->net.g[g].structure) {
    case PZ__STRUCT_HIERARCHICAL:
        return m->p[PZ_P_SPLIT_HIERARCHICAL];
    case PZ__STRUCT_FEDERATED:
        return m->p[PZ_P_SPLIT_FEDERATED];
    default:
        return m->p[PZ_P_SPLIT_PROBABILITY];
    }
}

/* After the network changed: its rows into the model and the regions'
 * alliances. */
static int refresh(pz_model *m)
{
    pz__leaders *l = lead_of(m);
    if (pz__network_finish(&l->net) != 0 ||
        pz__model_set_network(m, &l->net) != 0)
        return -1;
    return pz__regional_set_allies(m->reg, &l->net);
}

/* Splits group g into k factions with the given shares: the groups
 * into[0..k-2] of the scenario when ninto > 0, else k - 1 new groups at
 * m->n...  The factions inherit the group's rivalries and are rivals of
 * one another (alliances among them end); the group's alliances are
 * shared among the factions.  Returns 0 or -1 (out of memory). */
static int split(pz_model *m, size_t g, unsigned k, const double *share,
                 const size_t *into, unsigned ninto, int stochastic,
                 double *moved, size_t *to)
{
    pz__leaders *l = lead_of(m);
    pz__network *net = &l->net;
    unsigned born = 1; /* factions the group has given off so far, + 1 */
    for (size_t h = 0; h < m->n; h++)
        born += l->parent[h] == (long)g;
    for (unsigned f = 1; f < k; f++) {
        if (ninto) {
            to[f - 1] = into[f - 1];
            m->shock[to[f - 1]] += m->shock[g];
            continue;
        }
        char name[512];
        snprintf(name, sizeof name, "%s (faction %u)", m->name[g], born + f);
        /* a name that is already taken gets the new group's index */
        if (pz__network_find(net, name) >= 0)
            snprintf(name, sizeof name, "%s (faction %u-%zu)", m->name[g], f,
                     (size_t)m->n);
        long j = pz__network_add(net, name, net->g[g].state, -1);
        if (j < 0 || !(m->name[j] = pz__strdup(name)))
            return -1;
        net->g[j].structure = net->g[g].structure;
        net->g[j].protection = 0; /* protection was the old leader's */
        l->parent[j] = (long)g;
        l->born[j] = m->t;
        m->shock[j] = m->shock[g];
        m->n++;
        to[f - 1] = (size_t)j;
    }
    /* the group's rivalries, inherited (over the edges as added) */
    size_t nr = net->nrival_in;
    for (size_t e = 0; e < nr; e++) {
        pz__edge x = net->rival_in[e];
        if (x.i != g && x.j != g)
            continue;
        size_t other = x.i == g ? x.j : x.i;
        for (unsigned f = 1; f < k; f++)
            if (other != to[f - 1] &&
                pz__network_rival(net, to[f - 1], other, x.w) != 0)
                return -1;
    }
    /* the factions against one another, allied no more */
    for (unsigned f = 0; f < k; f++)
        for (unsigned h = f + 1; h < k; h++) {
            size_t a = f ? to[f - 1] : g, b = to[h - 1];
            if (pz__network_rival(net, a, b, m->p[PZ_P_SPLINTER_RIVALRY]))
                return -1;
            for (size_t e = 0; e < net->nally_in; e++) {
                pz__edge *x = &net->ally_in[e];
                if ((x->i == a && x->j == b) || (x->i == b && x->j == a))
                    x->w = 0;
            }
        }
    /* each alliance to one faction */
    for (size_t e = 0; stochastic && e < net->nally_in; e++) {
        pz__edge *x = &net->ally_in[e];
        if ((x->i != g && x->j != g) || x->w <= 0)
            continue;
        double u = pz_rng_uniform(&m->rng), cum = 0;
        unsigned f = 0;
        for (; f + 1 < k; f++) {
            cum += share[f];
            if (u < cum)
                break;
        }
        if (f == 0)
            continue;
        if (x->i == g)
            x->i = to[f - 1];
        else
            x->j = to[f - 1];
    }
    if (refresh(m) != 0)
        return -1;
    *moved = pz__regional_split(m, (uint32_t)g, to, k, share, stochastic);
    return *moved < 0 ? -1 : 0;
}

/* Removes group g's leader: fate, then succession or split.  outcome and
 * shares come from a dated event, or are drawn (outcome
 * PZ__OUTCOME_DRAWN).  The draws continue the rng where the caller left
 * it. */
static pz_status removal(pz_model *m, size_t g, int fate, int outcome,
                         unsigned nshare, const double *shares,
                         const size_t *into, unsigned ninto, int scripted)
{
    pz__leaders *l = lead_of(m);
    int stochastic = m->p[PZ_P_MODE] == PZ_MODE_STOCHASTIC;
    pz_event e = {0};
    e.kind = fate == PZ__FATE_KILLED        ? PZ_EVENT_KILLING
             : fate == PZ__FATE_EXTRADITED  ? PZ_EVENT_EXTRADITION
             : fate == PZ__FATE_NONE        ? PZ_EVENT_BREAKAWAY
             : fate == PZ__FATE_TRANSFERRED ? PZ_EVENT_TRANSFER
                                            : PZ_EVENT_CAPTURE;
    e.group = g;
    e.other = (size_t)-1;
    e.scripted = scripted;
    e.region = pz__regional_stronghold(m, (uint32_t)g);
    e.first_new = m->n;
    if (fate == PZ__FATE_TRANSFERRED) { /* the group's leader stays */
        e.outcome = PZ_OUTCOME_NONE;
        if (push_event(l, &e) != 0) {
            snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
            return PZ_ERR_NOMEM;
        }
        return PZ_OK;
    }
    double ps = split_probability(m, g);
    if (outcome == PZ__OUTCOME_DRAWN)
        outcome = (stochastic ? pz_rng_uniform(&m->rng) < ps : ps >= 0.5)
                      ? PZ__OUTCOME_SPLIT
                      : PZ__OUTCOME_SUCCESSION;
    unsigned k = nshare  ? nshare
                 : ninto ? ninto + 1
                         : (unsigned)m->p[PZ_P_SPLIT_FACTIONS];
    double eq[PZ__MAX_FACTIONS];
    if (!nshare) {
        for (unsigned f = 0; f < k; f++)
            eq[f] = 1.0 / k;
        shares = eq;
    }
    /* a split needs members for every faction and room for them */
    if (outcome == PZ__OUTCOME_SPLIT &&
        (m->C[g] < (double)k || (!ninto && m->n + k - 1 > m->cap)))
        outcome = PZ__OUTCOME_SUCCESSION;
    m->shock[g] += m->p[PZ_P_SUCCESSION_VIOLENCE] *
                   (fate == PZ__FATE_KILLED || fate == PZ__FATE_NONE
                        ? 1
                        : m->p[PZ_P_CAPTURE_VIOLENCE]);
    e.outcome = (pz_event_outcome)outcome; /* the values agree */
    if (outcome == PZ__OUTCOME_SPLIT) {
        double moved = 0;
        size_t to[PZ__MAX_FACTIONS];
        if (split(m, g, k, shares, into, ninto, stochastic, &moved, to)) {
            snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
            return PZ_ERR_NOMEM;
        }
        e.new_count = k - 1;
        e.first_new = to[0];
        for (unsigned f = 0; f + 1 < k && f < PZ_EVENT_FACTIONS; f++)
            e.faction[f] = to[f];
        e.members = moved;
    }
    l->removals[g] += fate != PZ__FATE_NONE;
    if (push_event(l, &e) != 0) {
        snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
        return PZ_ERR_NOMEM;
    }
    return PZ_OK;
}

/* A dated leader event or defection of the timeline. */
static pz_status leaders_event(pz_model *m, void *st, const pz__change *c)
{
    if (!st)
        return PZ_OK;
    int stochastic = m->p[PZ_P_MODE] == PZ_MODE_STOCHASTIC;
    if (c->op == PZ__DEFECT) {
        const struct pz__defect_op *d = &c->defect;
        if (d->group >= m->n)
            return PZ_OK;
        pz_event e = {0};
        e.kind = PZ_EVENT_DEFECTION;
        e.outcome = PZ_OUTCOME_NONE;
        e.group = d->group;
        e.other = d->other;
        e.region = d->region;
        e.first_new = m->n;
        e.scripted = 1;
        /* a draw of its own: the entity is the region's cell */
        double moved =
            pz__regional_transfer(m, d->region, (uint32_t)d->group,
                                  (uint32_t)d->other, d->share, stochastic);
        if (moved < 0 || (e.members = moved, push_event(lead_of(m), &e)) != 0) {
            snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
            return PZ_ERR_NOMEM;
        }
        m->shock[d->group] += m->p[PZ_P_SUCCESSION_VIOLENCE];
        return PZ_OK;
    }
    const struct pz__leader_op *ld = &c->leader;
    if (ld->group >= m->n)
        return PZ_OK;
    /* draws for a dated removal: its own counter (entity beyond the
     * groups', so that it never shares numbers with a drawn removal) */
    if (stochastic)
        pz_rng_seek(&m->rng, PZ_STREAM_LEADERS, (uint32_t)(m->cap + ld->group),
                    m->t);
    return removal(m, ld->group, ld->fate, ld->outcome, ld->nshare, ld->share,
                   ld->into, ld->ninto, 1);
}

/* This week's captures of lieutenants: a Poisson number, each in a cell
 * drawn by members; the region calms down, and the cell may go over to
 * the region's largest non-allied group. */
static pz_status lieutenants(pz_model *m)
{
    const double *p = m->p;
    pz__leaders *l = lead_of(m);
    double mu = p[PZ_P_LIEUTENANT_RATE] * (1 + pz__gov_pressure(m)) /
                PZ__WEEKS_PER_YEAR;
    if (mu <= 0)
        return PZ_OK;
    pz_rng_seek(&m->rng, PZ_STREAM_LEADERS, (uint32_t)(2 * m->cap), m->t);
    unsigned k = pz_rng_poisson(&m->rng, mu);
    for (unsigned j = 0; j < k; j++) {
        size_t i;
        uint32_t g;
        double u = pz_rng_uniform(&m->rng);
        double v = pz_rng_uniform(&m->rng);
        if (pz__regional_pick_cell(m, u, &i, &g) != 0)
            break;
        pz_event e = {0};
        e.kind = PZ_EVENT_LIEUTENANT;
        e.outcome = PZ_OUTCOME_NONE;
        e.group = g;
        e.other = (size_t)-1;
        e.region = i;
        e.first_new = m->n;
        m->reg->calm[i] += p[PZ_P_LIEUTENANT_CALM];
        long to = v < p[PZ_P_LIEUTENANT_DEFECTION]
                      ? pz__regional_rival_in(m, i, g)
                      : -1;
        if (to >= 0) {
            /* his men: lieutenant_span of the cell, or all of it */
            double moved = pz__regional_move(m, i, g, (uint32_t)to,
                                             p[PZ_P_LIEUTENANT_SPAN]);
            if (moved < 0) {
                snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
                return PZ_ERR_NOMEM;
            }
            e.other = (size_t)to;
            e.members = moved;
            e.outcome = PZ_OUTCOME_DEFECTED;
        }
        if (push_event(l, &e) != 0) {
            snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
            return PZ_ERR_NOMEM;
        }
    }
    return PZ_OK;
}

/* After the timeline's changes of a step: this week's lieutenants and
 * removals (stochastic mode only). */
static pz_status leaders_step(pz_model *m, void *self)
{
    if (!self)
        return PZ_OK;
    const double *p = m->p;
    size_t n = m->n;
    if (p[PZ_P_MODE] != PZ_MODE_STOCHASTIC)
        return PZ_OK;
    pz_status st = lieutenants(m);
    if (st != PZ_OK || p[PZ_P_KINGPIN_RATE] <= 0)
        return st;
    /* C_g^a once per group (a removal changes only its own group's and
     * new groups' members), the shields once (offices do not change
     * here) */
    double a = p[PZ_P_KINGPIN_TARGETING], W = 0, *wt = lead_of(m)->weight;
    for (size_t g = 0; g < n; g++)
        if (m->C[g] >= 1)
            W += wt[g] = pow(m->C[g], a);
    if (W <= 0)
        return PZ_OK;
    pz__gov_shields(m, lead_of(m)->shield);
    double intel = 1 - p[PZ_P_INTELLIGENCE_WEIGHT] *
                           (1 - p[PZ_P_INTELLIGENCE_COOPERATION]);
    double lam = p[PZ_P_KINGPIN_RATE] * (1 + pz__gov_pressure(m)) /
                 PZ__WEEKS_PER_YEAR * intel / W;
    /* groups that exist at the week's start; splinters born now wait */
    for (size_t g = 0; g < n; g++) {
        if (m->C[g] < 1)
            continue;
        double hz = lam * wt[g] * (1 - lead_of(m)->net.g[g].protection) *
                    (1 - lead_of(m)->shield[g]);
        pz_rng_seek(&m->rng, PZ_STREAM_LEADERS, (uint32_t)g, m->t);
        if (!(pz_rng_uniform(&m->rng) < -expm1(-hz)))
            continue;
        int fate = pz_rng_uniform(&m->rng) < p[PZ_P_KINGPIN_KILL_SHARE]
                       ? PZ__FATE_KILLED
                       : PZ__FATE_CAPTURED;
        double u = pz_rng_uniform(&m->rng);
        if (fate == PZ__FATE_CAPTURED && u < p[PZ_P_EXTRADITION_SHARE])
            fate = PZ__FATE_EXTRADITED;
        st = removal(m, g, fate, PZ__OUTCOME_DRAWN, 0, NULL, NULL, 0, 0);
        if (st != PZ_OK)
            return st;
    }
    return PZ_OK;
}

/* ---- state ----------------------------------------------------------------
 */

static int put_edges(FILE *f, const pz__edge *e, size_t n)
{
    uint64_t k = n;
    if (pz__put(f, &k, sizeof k))
        return -1;
    for (size_t i = 0; i < n; i++) {
        uint64_t ij[2] = {e[i].i, e[i].j};
        if (pz__put(f, ij, sizeof ij) || pz__put(f, &e[i].w, sizeof e[i].w))
            return -1;
    }
    return 0;
}

static int leaders_save(const pz_model *m, const void *self, FILE *f)
{
    const pz__leaders *l = self;
    if (!l)
        return 0;
    uint64_t n = m->n;
    if (pz__put(f, &n, sizeof n) ||
        pz__put(f, m->shock, m->n * sizeof *m->shock) ||
        pz__put(f, l->parent, m->n * sizeof *l->parent) ||
        pz__put(f, l->born, m->n * sizeof *l->born) ||
        pz__put(f, l->removals, m->n * sizeof *l->removals) ||
        pz__put(f, m->reg->calm, m->reg->R * sizeof *m->reg->calm))
        return -1;
    for (size_t g = m->n0; g < m->n; g++) {
        uint32_t len = (uint32_t)strlen(m->name[g]);
        int32_t st = l->net.g[g].structure;
        if (pz__put(f, &len, sizeof len) || pz__put(f, m->name[g], len) ||
            pz__put(f, &st, sizeof st))
            return -1;
    }
    return put_edges(f, l->net.rival_in, l->net.nrival_in) ||
                   put_edges(f, l->net.ally_in, l->net.nally_in)
               ? -1
               : 0;
}

static int get_edges(FILE *f, pz__network *net, int rival)
{
    uint64_t k;
    if (pz__get(f, &k, sizeof k) || k > 100000000u)
        return -1;
    if (rival)
        net->nrival_in = 0;
    else
        net->nally_in = 0;
    for (uint64_t i = 0; i < k; i++) {
        uint64_t ij[2];
        double w;
        if (pz__get(f, ij, sizeof ij) || pz__get(f, &w, sizeof w) ||
            ij[0] >= net->n || ij[1] >= net->n || !(w >= 0))
            return -1;
        if ((rival ? pz__network_rival(net, ij[0], ij[1], w)
                   : pz__network_ally(net, ij[0], ij[1], w)) != 0)
            return -1;
    }
    return 0;
}

static pz_status leaders_load(pz_model *m, void *self, FILE *f, pz_error *err)
{
    pz__leaders *l = self;
    if (!l)
        return PZ_OK;
    uint64_t n;
    if (pz__get(f, &n, sizeof n) || n < m->n0 || n > m->cap)
        return pz__fail(err, PZ_ERR_INPUT,
                        "checkpoint: bad count of groups in the leaders' "
                        "state");
    /* back to the scenario's groups, then the splinters of the state */
    for (size_t g = m->n0; g < m->n; g++) {
        pz__free(m->name[g]);
        m->name[g] = NULL;
    }
    for (size_t g = m->n0; g < l->net.n; g++) {
        pz__free(l->net.g[g].name);
        pz__free(l->net.g[g].state);
    }
    l->net.n = m->n0;
    m->n = m->n0;
    size_t k = (size_t)n;
    if (pz__get(f, m->shock, k * sizeof *m->shock) ||
        pz__get(f, l->parent, k * sizeof *l->parent) ||
        pz__get(f, l->born, k * sizeof *l->born) ||
        pz__get(f, l->removals, k * sizeof *l->removals) ||
        pz__get(f, m->reg->calm, m->reg->R * sizeof *m->reg->calm))
        return pz__fail(err, PZ_ERR_INPUT, "checkpoint: truncated state");
    for (size_t i = 0; i < m->reg->R; i++)
        if (!(m->reg->calm[i] >= 0) || !isfinite(m->reg->calm[i]))
            return pz__fail(err, PZ_ERR_INPUT,
                            "checkpoint: bad calm of region %zu", i);
    for (size_t g = m->n0; g < k; g++) {
        uint32_t len;
        int32_t st;
        char name[1024];
        if (pz__get(f, &len, sizeof len) || len >= sizeof name ||
            pz__get(f, name, len) || pz__get(f, &st, sizeof st))
            return pz__fail(err, PZ_ERR_INPUT, "checkpoint: truncated state");
        name[len] = '\0';
        long p = l->parent[g];
        if (p < 0 || (size_t)p >= g)
            return pz__fail(err, PZ_ERR_INPUT,
                            "checkpoint: bad parent of group %zu", g);
        long j = pz__network_add(&l->net, name, l->net.g[p].state, -1);
        if (j < 0 || !(m->name[g] = pz__strdup(name)))
            return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        l->net.g[g].structure = st;
        m->n++;
    }
    if (get_edges(f, &l->net, 1) != 0 || get_edges(f, &l->net, 0) != 0)
        return pz__fail(err, PZ_ERR_INPUT,
                        "checkpoint: bad network in the leaders' state");
    if (refresh(m) != 0)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    for (size_t g = 0; g < k; g++)
        if (!(m->shock[g] >= 0) || !isfinite(m->shock[g]))
            return pz__fail(err, PZ_ERR_INPUT,
                            "checkpoint: bad shock of group %zu", g);
    return PZ_OK;
}

/* ---- accessors ------------------------------------------------------------
 */

size_t pz_model_event_count(const pz_model *m)
{
    const pz__leaders *l = lead_of(m);
    return l ? l->nev : 0;
}

const pz_event *pz_model_event(const pz_model *m, size_t k)
{
    const pz__leaders *l = lead_of(m);
    return l && k < l->nev ? &l->ev[k] : NULL;
}

long pz_model_group_parent(const pz_model *m, size_t g)
{
    const pz__leaders *l = lead_of(m);
    return l && g < m->n ? l->parent[g] : -1;
}

double pz_model_group_shock(const pz_model *m, size_t g)
{
    return g < m->n ? m->shock[g] : 0;
}

const pz__mechanism pz__mech_leaders = {
    .name = "leaders",
    .sw = PZ__SW_LEADERS,
    .create = leaders_create,
    .copy = leaders_copy,
    .destroy = leaders_destroy,
    .save = leaders_save,
    .load = leaders_load,
    .begin = leaders_begin,
    .event = leaders_event,
    .step = leaders_step,
};

const char *pz_event_kind_name(pz_event_kind k)
{
    static const char *const names[] = {"captured",  "killed",    "extradited",
                                        "defection", "breakaway", "transferred",
                                        "lieutenant"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

const char *pz_event_outcome_name(pz_event_outcome o)
{
    static const char *const names[] = {"", "succession", "split", "defected"};
    return (unsigned)o < sizeof names / sizeof *names ? names[o] : "?";
}
