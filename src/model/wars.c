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
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "world/scenario.h"

#include "model/model_impl.h"

struct pz__wars {
    size_t n;
    pz__war *w;        /* in timeline order */
    size_t *row, *col; /* CSR: region i's wars are col[row[i] .. row[i+1]) */
    size_t R;
    double *kc; /* cap: scratch, the war term of each group */
};

void pz__wars_destroy(pz__wars *w)
{
    if (!w)
        return;
    for (size_t k = 0; k < w->n; k++)
        free(w->w[k].region);
    free(w->w);
    free(w->row);
    free(w->col);
    free(w->kc);
    free(w);
}

pz_status pz__wars_build(pz_model *m, const pz_scenario *sc, pz_error *err)
{
    pz__wars_destroy(m->wars);
    m->wars = NULL;
    size_t n = 0, R = sc->geo.n;
    for (size_t i = 0; i < m->nchange; i++)
        n += m->change[i].op == PZ__WAR;
    if (n == 0)
        return PZ_OK;
    if (n >= (size_t)1 << 15) /* the draws' keys (pz__wars_start) */
        return pz__fail(err, PZ_ERR_INPUT, "%s: %zu wars, at most 32767",
                        sc->source, n);
    pz__wars *w = calloc(1, sizeof *w);
    if (!w)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    m->wars = w;
    w->R = R;
    w->w = calloc(n, sizeof *w->w);
    w->row = calloc(R + 1, sizeof *w->row);
    w->kc = calloc(m->cap ? m->cap : 1, sizeof *w->kc);
    if (!w->w || !w->row || !w->kc)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < m->nchange; i++) {
        const pz__change *c = &m->change[i];
        if (c->op != PZ__WAR)
            continue;
        pz__war *x = &w->w[w->n++];
        const unsigned char *mask = sc->mask[c->mask];
        x->g = (uint32_t)c->group;
        x->h = (uint32_t)c->other;
        x->from = c->step;
        x->until = c->until;
        x->weight = c->value;
        x->order = c->order;
        for (size_t r = 0; r < R; r++)
            x->nregion += mask[r] != 0;
        x->region = malloc((x->nregion ? x->nregion : 1) * sizeof *x->region);
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
    w->col = malloc((w->row[R] ? w->row[R] : 1) * sizeof *w->col);
    size_t *fill = calloc(R ? R : 1, sizeof *fill);
    if (!w->col || !fill) {
        free(fill);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < w->n; k++)
        for (size_t j = 0; j < w->w[k].nregion; j++) {
            size_t r = w->w[k].region[j];
            w->col[w->row[r] + fill[r]++] = k;
        }
    free(fill);
    return PZ_OK;
}

const pz__war *pz__war_at(const pz_model *m, const pz__change *c)
{
    const pz__wars *w = m->wars;
    if (!w)
        return NULL;
    for (size_t k = 0; k < w->n; k++)
        if (w->w[k].order == c->order)
            return &w->w[k];
    return NULL;
}

void pz__wars_week(pz_model *m)
{
    pz__wars *w = m->wars;
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

double *pz__wars_region(const pz_model *m, size_t i, const double *x,
                        double scale)
{
    double cap = m->p[PZ_P_WAR_FRONT];
    const pz__wars *w = m->wars;
    if (!w || i >= w->R || w->row[i] == w->row[i + 1])
        return NULL;
    double *kc = NULL;
    long t = (long)m->t;
    for (size_t e = w->row[i]; e < w->row[i + 1]; e++) {
        const pz__war *x_ = &w->w[w->col[e]];
        if (t < x_->from || t >= x_->until)
            continue;
        if (x_->g >= m->n || x_->h >= m->n)
            continue;
        double xg = x[x_->g], xh = x[x_->h];
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
        kc = w->kc;
    }
    return kc;
}

void pz__wars_region_clear(const pz_model *m, size_t i)
{
    const pz__wars *w = m->wars;
    for (size_t e = w->row[i]; e < w->row[i + 1]; e++) {
        const pz__war *x_ = &w->w[w->col[e]];
        w->kc[x_->g] = 0;
        w->kc[x_->h] = 0;
    }
}

pz_status pz__wars_start(pz_model *m, const pz__change *c)
{
    const pz__war *x = pz__war_at(m, c);
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
