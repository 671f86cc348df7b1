/*
 * movement.c - expansion (docs/MODEL.md section 7.9, mechanism M3):
 * members scout and settle.
 *
 * Each week, after the flows, groups expand: a share expansion_rate of each
 * cell's members scouts the region and its neighbours and settles in proportion
 * to q_s = (1 + V_s) (x_gs + 1) / (M_s + 1) exp(-km_rs / distance_scale)
 * (staying: km = 0): toward valuable places (V_s, the value of the places
 * in s) and where the group is strong relative to the others.  Movement
 * only moves members, so members are conserved.  In deterministic mode a
 * group enters a region only with at least one member.  The regions'
 * values V_s are computed here each week from the parameters in force.
 *
 * Draws: stream MOVEMENT, entity region * G + group, its first uniform
 * the fourth word of the cell's GROUP_EVENTS block (model/flows.c).
 * Switched off: members never change region by expansion.
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
 *  - the first uniform of a cell's draw is the fourth word of its
 *    events block (model/flows.c), so MOVEMENT is sought only when more
 *    words are needed;
 *  - no branch on a uniform in the loops over the cells: the two squeezes
 *    are evaluated without branching, and the cells that pass them are
 *    listed and drawn in a later pass (expand_cells), in the cells' order;
 *  - the multinomials of one trial (most movement draws) by
 *    pz_rng_categorical, from the same word; the movement draws' first
 *    blocks computed all at once (pz_rng_first_blocks over the cells
 *    listed in every region) and taken by pz_rng_seek_block, the same
 *    words as after pz_rng_seek.
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

/* Room for k more moves. */
static int reserve_moves(pz__regional *r, size_t k)
{
    if (r->nmv + k > r->capmv) {
        size_t cap = r->capmv ? 2 * r->capmv : 1024;
        while (cap < r->nmv + k)
            cap *= 2;
        move *mv = pz__realloc(r->mv, cap * sizeof *mv);
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

static int ensure_q(pz__regional *r, size_t n)
{
    if (n <= r->qcap)
        return 0;
    int ok = 1;
    r->q = pz__grown(r->q, n, sizeof *r->q, &ok);
    r->qn = pz__grown(r->qn, n, sizeof *r->qn, &ok);
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
    r->el = pz__grown(r->el, n, sizeof *r->el, &ok);
    r->epl = pz__grown(r->epl, n, sizeof *r->epl, &ok);
    r->er = pz__grown(r->er, n, sizeof *r->er, &ok);
    r->eent = pz__grown(r->eent, n, sizeof *r->eent, &ok);
    r->emb = pz__grown(r->emb, n, sizeof *r->emb, &ok);
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
        pz__cells_empty_xg(r);
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
                    const cell *there = pz__cell_find_c(r, s, g);
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
                    if (amount < 1 && !pz__cell_find_c(r, s, g))
                        continue;
                    if (push_move(r, (uint32_t)i, (uint32_t)s, g, amount))
                        return -1;
                }
            }
        }
    }
    for (size_t k = 0; k < r->nmv; k++) {
        const move *mv = &r->mv[k];
        cell *from = pz__cell_find(r, mv->from, mv->g);
        from->x -= mv->x;
        if (from->x < 0) /* rounding in deterministic mode */
            from->x = 0;
        if (pz__cells_add(r, mv->to, mv->g, mv->x) != 0) {
            pz__cells_empty_xg(r);
            return -1;
        }
    }
    return 0;
}

static pz_status movement_step(pz_model *m, void *st)
{
    (void)st;
    pz__regional *r = m->reg;
    const double *p = m->p;
    if (!r || !(p[PZ_P_EXPANSION_RATE] > 0))
        return PZ_OK;
    for (size_t i = 0; i < r->R; i++)
        r->value[i] = pz__region_value(p, r->places[i]);
    if (expand(m, p[PZ_P_MODE] == PZ_MODE_STOCHASTIC) != 0) {
        snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
        return PZ_ERR_NOMEM;
    }
    return PZ_OK;
}

const pz__mechanism pz__mech_movement = {
    .name = "movement",
    .sw = PZ__SW_MOVEMENT,
    .step = movement_step,
};
