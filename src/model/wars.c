/*
 * wars.c - dated wars between two groups in named regions.
 *
 * A war ('war:' on the timeline: docs/MODEL.md, Wars) names two
 * groups, the regions where they fight, a start (the change's date) and
 * optionally an end ('until').  While it lasts, in each of its regions:
 *
 *  - the two groups fight whether or not they are rivals or allies in the
 *    network, along a front: sides of x_g and x_h members each lose
 *    war_intensity x weight x x_g x_h / (x_g + x_h) members a week (times
 *    the government's heat and the lieutenants' calm, as all conflict).
 *    The front, half the harmonic mean of the sides, grows with the
 *    smaller side and not with the product of the two as the local
 *    conflict of docs/MODEL.md does, so that two large groups at war do not
 *    destroy each other within weeks; and the fronts of a war hold at
 *    most war_front members in all (when positive), shared among the
 *    regions where both sides are that week: a war has a size of its own,
 *    whatever the sizes of the armies behind it and however finely its
 *    regions divide the map;
 *  - a share war_replacement of each side's war deaths is replaced by
 *    local recruits the same week (within the region's recruitment room):
 *    groups at war recruit to hold their ground.
 *
 * When it starts, each side sends a share war_mobilization of the members
 * of each of its cells, wherever they are, into the war's regions
 * (pz__regional_mobilize), shared equally among them: a war is fought by
 * members brought to it, on every front it has.
 *
 * Which wars are in force follows from the timeline and the week alone, so
 * a saved or forked model needs no state of its own here: the index is
 * built from the model's timeline when the model is made.
 *
 * As a mechanism (model/mechanism.h): event takes a war's start from the
 * timeline (the mobilization); step writes this week's war deaths per
 * region and group into the shared state (r->war), which the flows
 * (model/flows.c) add to the cells' deaths times the region's conflict
 * multiplier, with the replacements, when conflict is on.  Switched off:
 * no mobilization and no war deaths.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "model/mechanism.h"
#include "model/state.h"
#include "world/scenario.h"

/* A dated war. */
typedef struct pz__war {
    uint32_t g, h;    /* the two groups */
    long from, until; /* steps: in force for from <= t < until */
    double weight;
    unsigned order; /* the timeline change's (unique) */
    uint32_t key;   /* its rank by order: the scenario's timeline wars
                       first, then the policy's (the draws' key) */
    size_t *region, nregion;
    size_t nfront; /* this week: its regions where both sides are */
} pz__war;

typedef struct pz__wars {
    size_t n;
    pz__war *w;        /* in timeline order */
    size_t *row, *col; /* CSR: region i's wars are col[row[i] .. row[i+1]) */
    size_t R;
    double *kc;         /* cap: scratch, the war term of each group */
    pz__war_deaths out; /* this week's deaths per region (shared) */
} pz__wars;

static void wars_destroy(void *st)
{
    pz__wars *w = st;
    if (!w)
        return;
    for (size_t k = 0; k < w->n; k++)
        pz__free(w->w[k].region);
    pz__free(w->w);
    pz__free(w->row);
    pz__free(w->col);
    pz__free(w->kc);
    pz__free(w->out.row);
    pz__free(w->out.g);
    pz__free(w->out.v);
    pz__free(w);
}

/* The index of the timeline's wars (which are in force follows from the
 * timeline and the week alone: no state to copy or save). */
static pz_status wars_create(pz_model *m, const pz_scenario *sc, void **st,
                             pz_error *err)
{
    *st = NULL;
    if (!m->reg)
        return PZ_OK;
    size_t n = 0, R = sc->geo.n;
    for (size_t i = 0; i < m->nchange; i++)
        n += m->change[i].op == PZ__WAR;
    if (n == 0)
        return PZ_OK;
    if (n >= (size_t)1 << 15) /* the draws' keys (pz__wars_start) */
        return pz__fail(err, PZ_ERR_INPUT, "%s: %zu wars, at most 32767",
                        sc->source, n);
    pz__wars *w = pz__calloc(1, sizeof *w);
    if (!w)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    *st = w;
    w->R = R;
    w->w = pz__calloc(n, sizeof *w->w);
    w->row = pz__calloc(R + 1, sizeof *w->row);
    w->kc = pz__calloc(m->cap ? m->cap : 1, sizeof *w->kc);
    if (!w->w || !w->row || !w->kc)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < m->nchange; i++) {
        const pz__change *c = &m->change[i];
        if (c->op != PZ__WAR)
            continue;
        pz__war *x = &w->w[w->n++];
        const unsigned char *mask = sc->mask[c->war.mask];
        x->g = (uint32_t)c->war.group;
        x->h = (uint32_t)c->war.other;
        x->from = c->step;
        x->until = c->war.until;
        x->weight = c->war.weight;
        x->order = c->order;
        for (size_t r = 0; r < R; r++)
            x->nregion += mask[r] != 0;
        x->region =
            pz__malloc((x->nregion ? x->nregion : 1) * sizeof *x->region);
        if (!x->region)
            return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        size_t k = 0;
        for (size_t r = 0; r < R; r++)
            if (mask[r]) {
                x->region[k++] = r;
                w->row[r + 1]++;
            }
    }
    /* each war's key: its rank by the order of the scenario's file
     * (policies' changes come after the timeline's), so that a policy's
     * wars do not change the draws of the timeline's (common random
     * numbers across policies) */
    for (size_t k = 0; k < w->n; k++) {
        uint32_t rank = 0;
        for (size_t j = 0; j < w->n; j++)
            rank += w->w[j].order < w->w[k].order;
        w->w[k].key = rank;
    }
    for (size_t r = 0; r < R; r++)
        w->row[r + 1] += w->row[r];
    w->col = pz__malloc((w->row[R] ? w->row[R] : 1) * sizeof *w->col);
    size_t *fill = pz__calloc(R ? R : 1, sizeof *fill);
    if (!w->col || !fill) {
        pz__free(fill);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < w->n; k++)
        for (size_t j = 0; j < w->w[k].nregion; j++) {
            size_t r = w->w[k].region[j];
            w->col[w->row[r] + fill[r]++] = k;
        }
    pz__free(fill);
    /* this week's deaths: each war of a region gives two entries at most */
    w->out.row = pz__calloc(R + 1, sizeof *w->out.row);
    w->out.g = pz__calloc(2 * w->row[R] + 1, sizeof *w->out.g);
    w->out.v = pz__calloc(2 * w->row[R] + 1, sizeof *w->out.v);
    if (!w->out.row || !w->out.g || !w->out.v)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    return PZ_OK;
}

/* The war of timeline change c (a PZ__WAR change of m->change), or NULL. */
static const pz__war *war_at(const pz__wars *w, const pz__change *c)
{
    for (size_t k = 0; k < w->n; k++)
        if (w->w[k].order == c->order)
            return &w->w[k];
    return NULL;
}

/* Counts, for every war in force, the regions where both its sides have
 * members. */
static void fronts(pz_model *m, pz__wars *w)
{
    long t = (long)m->t;
    for (size_t k = 0; k < w->n; k++) {
        pz__war *x = &w->w[k];
        x->nfront = 0;
        if (t < x->from || t >= x->until || x->g >= m->n || x->h >= m->n)
            continue;
        for (size_t j = 0; j < x->nregion; j++)
            x->nfront += pz_model_cell(m, x->region[j], x->g) > 0 &&
                         pz_model_cell(m, x->region[j], x->h) > 0;
    }
}

/* Members of group g in region i this week (0 when none or negative). */
static double members_in(const pz__regional *r, size_t i, uint32_t g)
{
    const cell *c = pz__cell_find_c(r, i, g);
    return c && c->x > 0 ? c->x : 0;
}

/* In region i this week: each group's war deaths a week, scale x weight
 * x x_g x_h / (x_g + x_h) summed over the wars in force there, added
 * into w->kc; whether any war is in force there. */
static int region_deaths(const pz_model *m, pz__wars *w, size_t i, double scale)
{
    double cap = m->p[PZ_P_WAR_FRONT];
    int any = 0;
    long t = (long)m->t;
    for (size_t e = w->row[i]; e < w->row[i + 1]; e++) {
        const pz__war *x_ = &w->w[w->col[e]];
        if (t < x_->from || t >= x_->until)
            continue;
        if (x_->g >= m->n || x_->h >= m->n)
            continue;
        double xg = members_in(m->reg, i, x_->g);
        double xh = members_in(m->reg, i, x_->h);
        if (xg <= 0 || xh <= 0)
            continue;
        double front = xg * xh / (xg + xh);
        /* the limit is shared among the regions where both sides are,
         * so that a war's size does not depend on how finely its
         * regions divide the map (x_->nfront >= 1 here) */
        double most = cap / (double)x_->nfront;
        if (cap > 0 && front > most)
            front = most;
        w->kc[x_->g] += scale * x_->weight * front;
        w->kc[x_->h] += scale * x_->weight * front;
        any = 1;
    }
    return any;
}

/* This week's war deaths per region, into the shared state (read by the
 * flows when conflict is on). */
static pz_status wars_step(pz_model *m, void *st)
{
    pz__wars *w = st;
    if (!m->reg)
        return PZ_OK;
    m->reg->war = NULL;
    double scale = m->p[PZ_P_WAR_INTENSITY];
    if (!w || !(scale > 0)) /* read only when wars kill */
        return PZ_OK;
    fronts(m, w);
    pz__war_deaths *out = &w->out;
    size_t k = 0;
    for (size_t i = 0; i < w->R; i++) {
        out->row[i] = k;
        if (w->row[i] == w->row[i + 1] || !region_deaths(m, w, i, scale))
            continue;
        /* each group's sum once, in the wars' order; kc back to 0 */
        for (size_t e = w->row[i]; e < w->row[i + 1]; e++) {
            const pz__war *x_ = &w->w[w->col[e]];
            uint32_t side[2] = {x_->g, x_->h};
            for (int s = 0; s < 2; s++)
                if (side[s] < m->cap && w->kc[side[s]] != 0) {
                    out->g[k] = side[s];
                    out->v[k++] = w->kc[side[s]];
                    w->kc[side[s]] = 0;
                }
        }
    }
    out->row[w->R] = k;
    m->reg->war = out;
    return PZ_OK;
}

/* At a war's start: the mobilization.  PZ_OK or PZ_ERR_NOMEM. */
static pz_status wars_event(pz_model *m, void *st, const pz__change *c)
{
    const pz__wars *w = st;
    const pz__war *x = w ? war_at(w, c) : NULL;
    double share = m->p[PZ_P_WAR_MOBILIZATION];
    int stochastic = m->p[PZ_P_MODE] == PZ_MODE_STOCHASTIC;
    /* no mobilization for a war that is over (or never in force in the
     * run: it ended before the run's first week) */
    if (!x || share <= 0 || !m->reg || (long)m->t >= x->until)
        return PZ_OK;
    /* the draws of each war apart: its key in the step word's high bits
     * (steps are below 2^17) */
    uint32_t key = (uint32_t)m->t | x->key << 17;
    uint32_t side[2] = {x->g, x->h};
    for (int s = 0; s < 2; s++)
        if (side[s] < m->n &&
            pz__regional_mobilize(m, side[s], x->region, x->nregion, share,
                                  stochastic, key) < 0) {
            snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
            return PZ_ERR_NOMEM;
        }
    return PZ_OK;
}

const pz__mechanism pz__mech_wars = {
    .name = "wars",
    .sw = PZ__SW_WARS,
    .create = wars_create,
    .destroy = wars_destroy,
    .event = wars_event,
    .step = wars_step,
};
