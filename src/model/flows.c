/*
 * flows.c - every cell's flows of the week, drawn or integrated, and the
 * regions' homicides (docs/MODEL.md section 7.8).
 *
 * With the rates the mechanisms before it wrote into the shared state
 * (model/state.h): rivalry deaths per cell (conflict, r->dc), arrests per
 * cell (enforcement, r->ca), the recruitment rate and each region's room
 * (recruitment, r->rho and r->room) and this week's war deaths (wars,
 * r->war), a cell of x members of group g in region r has
 *
 *   recruits = rho' f_r x  (+ war_replacement f_r x war deaths)
 *   arrests  = r->ca
 *   deaths   = r->dc + war deaths x m_r + confrontation x arrests
 *   exits    = omega C_g x             (saturation of the whole group)
 *
 * (a term of a mechanism switched off is 0).  Deterministic mode takes
 * them as the week's flows (losses shrunk to what there is); stochastic
 * mode draws recruits ~ Poisson, leavers ~ Binomial(x, min(1, hazard))
 * shared among arrests, deaths and exits by a multinomial.  Homicides in
 * the region are the deaths, plus civilian_ratio times the deaths, plus
 * background_homicides x population / PZ__WEEKS_PER_YEAR (Poisson in
 * stochastic mode).  The cells' new members are set here; movement
 * (model/movement.c) then moves members and accounting
 * (model/accounting.c) sums the totals.
 *
 * With movement off, national conflict scope, arrests allocated by members
 * and no recruitment pool, every group's totals follow the national model's
 * weekly difference equation exactly (tests/test_regional.c).
 *
 * Stochastic draws: group events from stream GROUP_EVENTS, civilians from
 * CIVILIANS, with entity region * G + group (region for civilians), so
 * results do not depend on visiting order.
 *
 * Speed (none of this changes the law of any quantity):
 *  - one Philox block per cell and week for most cells: the first blocks
 *    of every cell's events are computed at once at the week's start
 *    (pz_rng_first_blocks), and the fourth word of each, which the
 *    events' draws never use (pz_rng_seek_block with 3 words), is the
 *    movement draw's first uniform (model/movement.c); the cells with no
 *    recruit and nobody leaving are read off the block's first two words
 *    with the samplers' own first test (the squeeze promised by rng.h), in
 *    one branch;
 *  - no branch on a uniform in the loop over the cells: the squeezes are
 *    evaluated without branching, and the cells that pass them are listed
 *    and drawn in a later pass over the list, in the cells' order.  Such a
 *    branch goes either way at random and is mispredicted about as often
 *    as it is taken; the lists give the same draws;
 *  - the events' leavers of none or one without a branch between them (a
 *    categorical draw of one trial); next week's entities for the events'
 *    first blocks written by accounting's pass over the cells.
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

/* What every region's flows read: the week's rates and switches. */
typedef struct week {
    int stochastic, fill_xg;
    int conflict, enforcement, recruitment; /* the mechanisms on */
    double rho, omega, conf, repl, civ, bg;
} week;

/* The first block of every cell's events at once (stochastic mode). */
static pz_status first_blocks(pz_model *m)
{
    pz__regional *r = m->reg;
    size_t ncells = r->ncells;
    if (ncells > r->blkcap) {
        int ok = 1;
        r->blk = pz__grown(r->blk, 2 * ncells, sizeof *r->blk, &ok);
        r->ent = pz__grown(r->ent, 2 * ncells, sizeof *r->ent, &ok);
        if (!ok) {
            snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
            return PZ_ERR_NOMEM;
        }
        r->blkcap = 2 * ncells;
    }
    size_t k = 0;
    for (size_t i = 0; !(r->was_fresh && r->ent_ok) && i < r->R; i++)
        for (uint32_t c = 0; c < r->cells[i].n; c++)
            r->ent[k++] = (uint32_t)(i * r->G + r->cells[i].c[c].g);
    pz_rng_first_blocks(&m->rng, PZ_STREAM_GROUP_EVENTS, r->ent, ncells, m->t,
                        r->blk);
    return PZ_OK;
}

/* This week's war deaths of region i into r->wk (NULL when none). */
static const double *war_deaths(pz__regional *r, size_t i)
{
    const pz__war_deaths *w = r->war;
    if (!w || w->row[i] == w->row[i + 1])
        return NULL;
    for (size_t k = w->row[i]; k < w->row[i + 1]; k++)
        r->wk[w->g[k]] = w->v[k];
    return r->wk;
}

static void war_deaths_clear(pz__regional *r, size_t i)
{
    const pz__war_deaths *w = r->war;
    for (size_t k = w->row[i]; k < w->row[i + 1]; k++)
        r->wk[w->g[k]] = 0;
}

/* Region i's week: every cell's flows from the week's start state, the
 * cells' new members, the region's deaths, arrests and homicides. */
static pz_status region_flows(pz_model *m, const week *wr, size_t i, size_t k0,
                              double *hom)
{
    pz__regional *r = m->reg;
    size_t R = r->R, G = r->G;
    int stochastic = wr->stochastic;
    rlist *l = &r->cells[i];
    double f = wr->recruitment ? r->room[i] : 0;
    double heat = r->mult[i];
    double Di = 0, Ari = 0;
    if (l->n > r->nxcap) {
        int ok = 1;
        r->nx = pz__grown(r->nx, l->n, sizeof *r->nx, &ok);
        r->pend = pz__grown(r->pend, l->n, sizeof *r->pend, &ok);
        if (!ok) {
            snprintf(m->errmsg, sizeof m->errmsg, "out of memory");
            return PZ_ERR_NOMEM;
        }
        r->nxcap = l->n;
    }
    size_t npend = 0; /* stochastic: cells listed for their draws */
    /* dated wars in force here (model/wars.c) */
    const double *wk = wr->conflict ? war_deaths(r, i) : NULL;
    for (uint32_t c = 0; c < l->n; c++) {
        uint32_t g = l->c[c].g;
        double x = l->c[c].x;
        r->nx[c] = x;
        if (x <= 0)
            continue;
        double rec = wr->rho * f * x;
        double arr = wr->enforcement ? r->ca[k0 + c] : 0;
        double dea = wr->conflict ? r->dc[k0 + c] : 0;
        if (wk && wk[g] > 0) { /* war deaths, partly replaced */
            double wd = wk[g] * heat;
            dea += wd;
            rec += wr->repl * f * wd;
        }
        dea += wr->conf * arr; /* clashes with the state */
        double exi = wr->omega * m->C[g] * x;
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
        war_deaths_clear(r, i);
    /* every cell's flows came from the week's start state; now set the
     * new members (and by group for stochastic expansion) */
    for (uint32_t c = 0; c < l->n; c++)
        l->c[c].x = r->nx[c];
    if (wr->fill_xg)
        for (uint32_t c = 0; c < l->n; c++)
            r->xg[l->c[c].g * R + i] = r->nx[c];
    double others = wr->civ * Di + wr->bg * r->bgpop[i];
    if (stochastic && others > 0) {
        pz_rng_seek(&m->rng, PZ_STREAM_CIVILIANS, (uint32_t)i, m->t);
        others = pz_rng_poisson(&m->rng, others);
    }
    r->deaths[i] = Di;
    r->arrests[i] = Ari;
    r->homicides[i] = Di + others;
    *hom += r->homicides[i];
    return PZ_OK;
}

static pz_status flows_step(pz_model *m, void *st)
{
    (void)st;
    pz__regional *r = m->reg;
    if (!r)
        return PZ_OK; /* without regions: model/national.c */
    const double *p = m->p;
    size_t G = r->G;
    week w;
    w.stochastic = p[PZ_P_MODE] == PZ_MODE_STOCHASTIC;
    w.conflict = m->on[PZ__M_CONFLICT];
    w.enforcement = m->on[PZ__M_ENFORCEMENT];
    w.recruitment = m->on[PZ__M_RECRUITMENT];
    w.rho = w.recruitment ? r->rho : 0;
    w.repl = w.recruitment ? p[PZ_P_WAR_REPLACEMENT] : 0;
    w.omega = p[PZ_P_SATURATION];
    w.conf = w.enforcement ? p[PZ_P_CONFRONTATION] : 0;
    w.civ = p[PZ_P_CIVILIAN_RATIO];
    w.bg = p[PZ_P_BACKGROUND_HOMICIDES] / PZ__WEEKS_PER_YEAR;
    /* stochastic expansion reads the cells' new members from r->xg */
    w.fill_xg =
        w.stochastic && m->on[PZ__M_MOVEMENT] && p[PZ_P_EXPANSION_RATE] > 0;
    pz_status st_;
    if (w.stochastic && (st_ = first_blocks(m)) != PZ_OK)
        return st_;
    memset(m->rec, 0, G * sizeof *m->rec);
    memset(m->arr, 0, G * sizeof *m->arr);
    memset(m->dea, 0, G * sizeof *m->dea);
    memset(m->exi, 0, G * sizeof *m->exi);
    double hom = 0;
    r->xg_set |= w.fill_xg;
    size_t k0 = 0; /* the region's first cell in the per-cell arrays */
    for (size_t i = 0; i < r->R; k0 += r->cells[i].n, i++)
        if ((st_ = region_flows(m, &w, i, k0, &hom)) != PZ_OK) {
            pz__cells_empty_xg(r);
            return st_;
        }
    m->homicides = hom;
    return PZ_OK;
}

const pz__mechanism pz__mech_flows = {
    .name = "flows",
    .sw = -1,
    .step = flows_step,
};
