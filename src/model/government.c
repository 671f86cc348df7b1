/*
 * government.c - the state as many parts: levels of government, two kinds
 * of corruption, elections and US pressure (docs/MODEL.md, Government:
 * mechanisms M4-M7 and the US lever of M9).
 *
 * Offices.  Each level of government has one office per jurisdiction: the
 * municipal level one per region (a municipality, or at state resolution
 * the state's municipal police pooled), the state level (governor, state
 * police, prosecutors) and the federal level (the commander of the federal
 * forces deployed there) one per state.  An office does a share
 * capacity_L (normalised over the levels) of the enforcement in its
 * jurisdiction, and is clean or on one group's payroll:
 *
 *   indirect  the office looks away: its enforcement against the payer
 *             falls by look_away;
 *   direct    the office protects the payer (no enforcement against it)
 *             and turns on every other group that is not the payer's ally
 *             (its enforcement against them rises by redirect).
 *
 * Arrests of group g in region r are those of docs/MODEL.md, Enforcement, times
 *
 *   E_gr = (1 + P) sum_L c_L m_L(g, r) / sum_L c_L
 *
 * with m_L = 1 (clean office or another group's indirect one), 1 -
 * look_away, 0 or 1 + redirect as above, and P the US pressure.
 *
 * Each week of a stochastic run, after the leaders and before the rates:
 *  1. elections on their dates: with probability turnover the party
 *     changes, breaking the office's arrangement (unless fixed) and raising
 *     conflict in the jurisdiction by election_violence (decaying with
 *     election_decay); during the 12 weeks before an election,
 *     candidate_killing x members/1000 candidates are killed there
 *     (Poisson);
 *  2. a captured office is exposed with probability exposure_rate, and
 *     freed when its payer has left the jurisdiction;
 *  3. the largest group of a clean office's jurisdiction makes an offer
 *     with probability bribe_attempt_rate: B = bribe_share x
 *     revenue_per_member x its members there x (1 + value_corruption x
 *     the jurisdiction's value).  The office accepts with probability
 *     (1 - integrity) B / (B + salary); the capture is direct with
 *     probability direct_share.  A refusal kills the official with
 *     probability plomo.
 *  4. every captured office is paid B by its group (recorded as bribes).
 *
 * As a mechanism (model/mechanism.h): the offices, the heat and the US
 * pressure are shared state (model/state.h), written here and read by
 * enforcement (model/enforcement.c, with the factors of model/cells.c),
 * conflict (the heat) and the leaders (pressure, federal shields); begin
 * decays heat and pressure; event takes the timeline's purges and
 * pressure; the votes, masks and last week's figures are private.
 * Switched off: no offices act (enforcement as without a government), no
 * election, bribe, purge nor pressure.
 *
 * In deterministic mode offices keep the arrangements the scenario gives;
 * elections add turnover x election_violence to the heat and kill the
 * expected number of candidates.  Draws: stream GOVERNMENT, entity = level
 * x R + unit.
 *
 * Speed: the uniform of an offer is drawn before the search for the
 * jurisdiction's largest group, which is then made for offers only (the
 * same words in the same roles as the other order); enforcement asks
 * for a region's three offices once (pz__gov_offices_of) and, for a clean
 * region, the enforcement once for all its groups; when the regions are the
 * states, the members per unit and group are computed once a week, not once per
 * kind of unit; and the array of them is kept zero between uses by clearing the
 * entries the cells wrote, not all units x groups (which at municipal
 * resolution was most of the run's time).
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

#define CAMPAIGN_WEEKS 12

typedef pz__office office;

typedef struct vote {
    long step;
    int level;
    size_t unit;
} vote;

/* The government's private state; the offices, the heat and the
 * pressure are shared (model/state.h: the flows, the leaders read them). */
typedef struct pz__gov {
    size_t R, nunits[PZ__GOV_LEVELS];
    int regions_are_states; /* region i is state i, for every i */
    vote *vote;             /* every election of every unit, by step */
    size_t nvote;
    double *tot; /* scratch: units x G members */
    /* last week */
    double bribes[PZ__GOV_LEVELS], killed[PZ__GOV_LEVELS],
        candidates[PZ__GOV_LEVELS];
    double *bribes_g;     /* cap x levels: bribes paid by each group */
    unsigned char **mask; /* the scenario's masks (purges name them) */
    size_t nmask, *masklen;
} pz__gov;

static pz__gov *gov_of(const pz_model *m)
{
    return m->mech[PZ__M_GOVERNMENT];
}

static void gov_destroy(void *st)
{
    pz__gov *g = st;
    if (!g)
        return;
    pz__free(g->vote);
    pz__free(g->tot);
    pz__free(g->bribes_g);
    for (size_t k = 0; k < g->nmask; k++)
        pz__free(g->mask[k]);
    pz__free(g->mask);
    pz__free(g->masklen);
    pz__free(g);
}

static int copy_masks(pz__gov *g, unsigned char *const *mask, const size_t *len,
                      size_t n)
{
    g->mask = pz__calloc(n ? n : 1, sizeof *g->mask);
    g->masklen = pz__calloc(n ? n : 1, sizeof *g->masklen);
    if (!g->mask || !g->masklen)
        return -1;
    for (size_t k = 0; k < n; k++) {
        g->mask[k] = pz__malloc(len[k] ? len[k] : 1);
        if (!g->mask[k])
            return -1;
        memcpy(g->mask[k], mask[k], len[k]);
        g->masklen[k] = len[k];
        g->nmask = k + 1;
    }
    return 0;
}

static pz__gov *alloc_gov(const pz_model *m)
{
    pz__gov *g = pz__calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->R = pz__regional_count(m, 0);
    g->nunits[PZ__GOV_MUNICIPAL] = g->R;
    g->nunits[PZ__GOV_STATE] = g->nunits[PZ__GOV_FEDERAL] =
        pz__regional_count(m, 1);
    g->regions_are_states = g->R == g->nunits[PZ__GOV_STATE];
    for (size_t i = 0; i < g->R; i++)
        g->regions_are_states &= pz__regional_state_of(m, i) == i;
    g->tot =
        pz__calloc((g->R ? g->R : 1) * (m->cap ? m->cap : 1), sizeof *g->tot);
    g->bribes_g =
        pz__calloc((m->cap ? m->cap : 1) * PZ__GOV_LEVELS, sizeof *g->bribes_g);
    if (!g->tot || !g->bribes_g) {
        gov_destroy(g);
        return NULL;
    }
    return g;
}

static int covers(const pz_scenario *sc, size_t mask, size_t unit)
{
    return mask == PZ__ALL_UNITS || sc->mask[mask][unit];
}

static int vote_cmp(const void *a, const void *b)
{
    const vote *x = a, *y = b;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    if (x->level != y->level)
        return x->level < y->level ? -1 : 1;
    return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* The government needs regions: no state without them.  The offices
 * (shared) get the scenario's integrity and arrangements. */
static pz_status gov_create(pz_model *m, const pz_scenario *sc, void **st,
                            pz_error *err)
{
    *st = NULL;
    if (!m->reg)
        return PZ_OK;
    pz__gov *g = alloc_gov(m);
    if (!g)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    office **off = m->reg->off;
    for (size_t k = 0; k < sc->ninteg; k++) {
        const pz__integrity *in = &sc->integ[k];
        for (size_t u = 0; u < g->nunits[in->level]; u++)
            if (covers(sc, in->mask, u))
                off[in->level][u].integ = in->value;
    }
    for (size_t k = 0; k < sc->narrange; k++) {
        const pz__arrangement *a = &sc->arrange[k];
        for (size_t u = 0; u < g->nunits[a->level]; u++)
            if (covers(sc, a->mask, u)) {
                office *o = &off[a->level][u];
                o->payer = (int32_t)a->group;
                o->kind = (uint8_t)a->kind;
                o->fixed = (uint8_t)a->fixed;
            }
    }
    /* the calendars, resolved to steps, one vote per unit and date */
    size_t n = 0;
    for (size_t k = 0; k < sc->nelect; k++)
        for (size_t u = 0; u < g->nunits[sc->elect[k].level]; u++)
            n += covers(sc, sc->elect[k].mask, u) ? sc->elect[k].nday : 0;
    g->vote = pz__malloc((n ? n : 1) * sizeof *g->vote);
    if (!g->vote) {
        gov_destroy(g);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < sc->nelect; k++) {
        const pz__election *e = &sc->elect[k];
        for (size_t u = 0; u < g->nunits[e->level]; u++) {
            if (!covers(sc, e->mask, u))
                continue;
            for (size_t d = 0; d < e->nday; d++) {
                pz__change c = {0};
                c.has_date = 1;
                c.day = e->day[d];
                g->vote[g->nvote++] =
                    (vote){pz__change_step(&c, m->start), e->level, u};
            }
        }
    }
    qsort(g->vote, g->nvote, sizeof *g->vote, vote_cmp);
    if (copy_masks(g, sc->mask, sc->masklen, sc->nmask) != 0) {
        gov_destroy(g);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    m->reg->offices = 1; /* the offices act on enforcement */
    *st = g;
    return PZ_OK;
}

/* For a fork (the offices, heat and pressure are copied with the shared
 * state). */
static pz_status gov_copy(pz_model *dst, void **dst_st, const pz_model *src,
                          const void *src_st, pz_error *err)
{
    const pz__gov *s = src_st;
    *dst_st = NULL;
    if (!s)
        return PZ_OK;
    pz__gov *g = alloc_gov(src);
    if (!g)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    g->vote = pz__malloc((s->nvote ? s->nvote : 1) * sizeof *g->vote);
    if (!g->vote) {
        gov_destroy(g);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    memcpy(g->vote, s->vote, s->nvote * sizeof *g->vote);
    g->nvote = s->nvote;
    memcpy(g->bribes, s->bribes, sizeof g->bribes);
    memcpy(g->killed, s->killed, sizeof g->killed);
    memcpy(g->candidates, s->candidates, sizeof g->candidates);
    memcpy(g->bribes_g, s->bribes_g,
           src->cap * PZ__GOV_LEVELS * sizeof *g->bribes_g);
    if (copy_masks(g, s->mask, s->masklen, s->nmask) != 0) {
        gov_destroy(g);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    dst->reg->offices = src->reg->offices;
    *dst_st = g;
    return PZ_OK;
}

static const pz_param_id integ_id[PZ__GOV_LEVELS] = {
    PZ_P_INTEGRITY_MUNICIPAL, PZ_P_INTEGRITY_STATE, PZ_P_INTEGRITY_FEDERAL};
static const pz_param_id salary_id[PZ__GOV_LEVELS] = {
    PZ_P_SALARY_MUNICIPAL, PZ_P_SALARY_STATE, PZ_P_SALARY_FEDERAL};

/* The week's start: heat and pressure decay; last week's figures are
 * forgotten. */
static void gov_begin(pz_model *m, void *st)
{
    pz__gov *g = st;
    if (!g)
        return;
    double dh = exp(-1.0 / m->p[PZ_P_ELECTION_DECAY]);
    double dp = exp(-1.0 / m->p[PZ_P_US_PRESSURE_DECAY]);
    for (size_t i = 0; i < g->R; i++)
        m->reg->heat[i] *= dh;
    m->reg->pressure *= dp;
    memset(g->bribes, 0, sizeof g->bribes);
    memset(g->killed, 0, sizeof g->killed);
    memset(g->candidates, 0, sizeof g->candidates);
    memset(g->bribes_g, 0, m->cap * PZ__GOV_LEVELS * sizeof *g->bribes_g);
}

static void free_office(office *o)
{
    if (o->fixed)
        return;
    o->payer = -1;
    o->kind = PZ__CLEAN;
}

/* A dated purge or US pressure of the timeline. */
static pz_status gov_event(pz_model *m, void *st, const pz__change *c)
{
    pz__gov *g = st;
    if (!g)
        return PZ_OK;
    int stochastic = m->p[PZ_P_MODE] == PZ_MODE_STOCHASTIC;
    if (c->op == PZ__PRESSURE) {
        m->reg->pressure += c->pressure.value;
        return PZ_OK;
    }
    /* a purge: each captured office of the level (in the jurisdictions
     * given) is cleaned with probability share; fixed ones too (a purge
     * is how a fixed arrangement ends) */
    for (size_t u = 0; u < g->nunits[c->purge.level]; u++) {
        office *o = &m->reg->off[c->purge.level][u];
        if (o->kind == PZ__CLEAN ||
            !(c->purge.mask == PZ__ALL_UNITS ||
              (c->purge.mask < g->nmask && u < g->masklen[c->purge.mask] &&
               g->mask[c->purge.mask][u])))
            continue;
        int go = c->purge.share >= 1;
        if (!go && stochastic) {
            pz_rng_seek(&m->rng, PZ_STREAM_GOVERNMENT,
                        (uint32_t)((size_t)c->purge.level * g->R + u),
                        m->t | 0x80000000u);
            go = pz_rng_uniform(&m->rng) < c->purge.share;
        } else if (!go) {
            go = c->purge.share >= 0.5;
        }
        if (go) {
            o->payer = -1;
            o->kind = PZ__CLEAN;
            o->fixed = 0;
        }
    }
    return PZ_OK;
}

/* Members of group gr in unit u of level L, from g->tot (filled for the
 * state units, or the regions). */
static double unit_members(const pz_model *m, const double *tot, size_t u,
                           uint32_t gr)
{
    return tot[u * m->cap + gr];
}

static double unit_value(const pz_model *m, int level, size_t u)
{
    if (level == PZ__GOV_MUNICIPAL)
        return pz__regional_value(m, u);
    double v = 0;
    for (size_t i = 0; i < gov_of(m)->R; i++)
        if (pz__regional_state_of(m, i) == u)
            v += pz__regional_value(m, i);
    return v;
}

static double bribe(const pz_model *m, int level, size_t u, double x)
{
    const double *p = m->p;
    return p[PZ_P_BRIBE_SHARE] * p[PZ_P_REVENUE_PER_MEMBER] * x *
           (1 + p[PZ_P_VALUE_CORRUPTION] * unit_value(m, level, u));
}

/* Members of all groups in unit u. */
static double unit_total(const pz_model *m, const double *tot, size_t u)
{
    double s = 0;
    for (size_t gr = 0; gr < m->n; gr++)
        s += tot[u * m->cap + gr];
    return s;
}

/* Adds the post-election heat to the regions of unit u. */
static void heat_unit(pz_model *m, int level, size_t u, double h)
{
    pz__gov *g = gov_of(m);
    if (level == PZ__GOV_MUNICIPAL) {
        m->reg->heat[u] += h;
        return;
    }
    for (size_t i = 0; i < g->R; i++)
        if (pz__regional_state_of(m, i) == u)
            m->reg->heat[i] += h;
}

/* The first vote at or after step t (votes are sorted by step). */
static size_t first_vote(const pz__gov *g, long t)
{
    size_t lo = 0, hi = g->nvote;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->vote[mid].step < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The members per unit and group of level L's units in g->tot, computed
 * once per kind of unit (one kind when the regions are the states) and
 * only when a step first asks for them: most weeks have no campaign, no
 * office on a payroll and no offer, and need none (the totals are the
 * same whenever they are computed, the cells not changing during the
 * step). */
typedef struct tot_cache {
    int have[2];
    int states; /* kind of units in tot, or -1 */
} tot_cache;

static const double *totals_of(pz_model *m, tot_cache *tc, int L)
{
    pz__gov *g = gov_of(m);
    int states = L != PZ__GOV_MUNICIPAL;
    int kind = states && !g->regions_are_states;
    if (!tc->have[kind]) {
        if (tc->states >= 0)
            pz__regional_totals_clear(m, tc->states, g->tot);
        pz__regional_totals(m, states, g->tot);
        tc->states = states;
        tc->have[0] = tc->have[1] = 0;
        tc->have[kind] = 1;
    }
    return g->tot;
}

/* After the leaders' removals: elections, exposure, bribes. */
static pz_status gov_step(pz_model *m, void *st)
{
    pz__gov *g = st;
    if (!g)
        return PZ_OK;
    office **off = m->reg->off;
    const double *p = m->p;
    int stochastic = p[PZ_P_MODE] == PZ_MODE_STOCHASTIC;
    tot_cache tc = {{0, 0}, -1}; /* g->tot is zero between steps */
/* the week's draws of each office come from one counter */
#define SEEK(L, u)                                                             \
    pz_rng_seek(&m->rng, PZ_STREAM_GOVERNMENT,                                 \
                (uint32_t)((size_t)(L)*g->R + (u)), m->t)
    for (int L = 0; L < PZ__GOV_LEVELS; L++) {
        /* elections: this step's, and campaigns under way (the votes are
         * sorted by step: from the first of step t on, to t + CAMPAIGN_WEEKS)
         */
        for (size_t k = first_vote(g, (long)m->t); k < g->nvote; k++) {
            const vote *v = &g->vote[k];
            if (v->step > (long)m->t + CAMPAIGN_WEEKS)
                break;
            if (v->level != L)
                continue;
            if (v->step > (long)m->t) { /* campaign week */
                double M = unit_total(m, totals_of(m, &tc, L), v->unit);
                double kill =
                    p[PZ_P_CANDIDATE_KILLING] * M / 1000.0 / CAMPAIGN_WEEKS;
                if (stochastic && kill > 0) {
                    pz_rng_seek(&m->rng, PZ_STREAM_GOVERNMENT,
                                (uint32_t)((size_t)L * g->R + v->unit),
                                m->t | 0x40000000u);
                    kill = pz_rng_poisson(&m->rng, kill);
                }
                g->candidates[L] += kill;
                continue;
            }
            /* election day */
            office *o = &off[L][v->unit];
            double change = p[PZ_P_TURNOVER];
            if (stochastic) {
                pz_rng_seek(&m->rng, PZ_STREAM_GOVERNMENT,
                            (uint32_t)((size_t)L * g->R + v->unit),
                            m->t | 0x20000000u);
                change = pz_rng_uniform(&m->rng) < change ? 1 : 0;
            }
            if (change >= 1 || (!stochastic && change >= 0.5))
                free_office(o);
            heat_unit(m, L, v->unit, change * p[PZ_P_ELECTION_VIOLENCE]);
        }
        /* exposure, offers, payments */
        for (size_t u = 0; u < g->nunits[L]; u++) {
            office *o = &off[L][u];
            if (o->kind != PZ__CLEAN) {
                double x = unit_members(m, totals_of(m, &tc, L), u,
                                        (uint32_t)o->payer);
                int gone = x < 1 && !o->fixed;
                if (!gone && stochastic && !o->fixed &&
                    p[PZ_P_EXPOSURE_RATE] > 0) {
                    SEEK(L, u);
                    gone = pz_rng_uniform(&m->rng) < p[PZ_P_EXPOSURE_RATE];
                }
                if (gone) {
                    free_office(o);
                } else {
                    double b = bribe(m, L, u, x);
                    g->bribes[L] += b;
                    g->bribes_g[(size_t)o->payer * PZ__GOV_LEVELS +
                                (size_t)L] += b;
                }
                continue;
            }
            if (!stochastic || p[PZ_P_REVENUE_PER_MEMBER] <= 0 ||
                p[PZ_P_BRIBE_ATTEMPT_RATE] <= 0)
                continue;
            /* an offer with probability bribe_attempt_rate, by the
             * largest group of the jurisdiction if it has a member (the
             * uniform drawn first, so that the search is made only for
             * offers: the same words as the other order) */
            SEEK(L, u);
            if (!(pz_rng_uniform(&m->rng) < p[PZ_P_BRIBE_ATTEMPT_RATE]))
                continue;
            long best = -1;
            double bx = 0;
            const double *tot = totals_of(m, &tc, L);
            for (size_t gr = 0; gr < m->n; gr++) {
                double x = tot[u * m->cap + gr];
                if (x > bx) {
                    bx = x;
                    best = (long)gr;
                }
            }
            if (best < 0 || bx < 1)
                continue;
            double b = bribe(m, L, u, bx);
            double integ = o->integ >= 0 ? o->integ : p[integ_id[L]];
            double salary = p[salary_id[L]];
            double accept = b > 0 ? (1 - integ) * b / (b + salary) : 0;
            if (pz_rng_uniform(&m->rng) < accept) {
                o->payer = (int32_t)best;
                o->kind = pz_rng_uniform(&m->rng) < p[PZ_P_DIRECT_SHARE]
                              ? PZ__DIRECT
                              : PZ__INDIRECT;
            } else if (pz_rng_uniform(&m->rng) < p[PZ_P_PLOMO]) {
                g->killed[L] += 1;
            }
        }
    }
#undef SEEK
    if (tc.states >= 0)
        pz__regional_totals_clear(m, tc.states, g->tot);
    return PZ_OK;
}

/* ---- state ----------------------------------------------------------------
 */

/* The offices, heat and pressure (shared, written by the government)
 * and the last week's figures. */
static int gov_save(const pz_model *m, const void *st, FILE *f)
{
    const pz__gov *g = st;
    if (!g)
        return 0;
    const pz__regional *r = m->reg;
    for (int L = 0; L < PZ__GOV_LEVELS; L++)
        if (pz__put(f, r->off[L], g->nunits[L] * sizeof(office)))
            return -1;
    return pz__put(f, r->heat, g->R * sizeof *r->heat) ||
                   pz__put(f, &r->pressure, sizeof r->pressure) ||
                   pz__put(f, g->bribes, sizeof g->bribes) ||
                   pz__put(f, g->killed, sizeof g->killed) ||
                   pz__put(f, g->candidates, sizeof g->candidates) ||
                   pz__put(f, g->bribes_g,
                           m->cap * PZ__GOV_LEVELS * sizeof *g->bribes_g)
               ? -1
               : 0;
}

static pz_status gov_load(pz_model *m, void *st, FILE *f, pz_error *err)
{
    pz__gov *g = st;
    if (!g)
        return PZ_OK;
    pz__regional *r = m->reg;
    for (int L = 0; L < PZ__GOV_LEVELS; L++)
        if (pz__get(f, r->off[L], g->nunits[L] * sizeof(office)))
            return pz__fail(err, PZ_ERR_INPUT, "checkpoint: truncated state");
    if (pz__get(f, r->heat, g->R * sizeof *r->heat) ||
        pz__get(f, &r->pressure, sizeof r->pressure) ||
        pz__get(f, g->bribes, sizeof g->bribes) ||
        pz__get(f, g->killed, sizeof g->killed) ||
        pz__get(f, g->candidates, sizeof g->candidates) ||
        pz__get(f, g->bribes_g, m->cap * PZ__GOV_LEVELS * sizeof *g->bribes_g))
        return pz__fail(err, PZ_ERR_INPUT, "checkpoint: truncated state");
    for (int L = 0; L < PZ__GOV_LEVELS; L++)
        for (size_t u = 0; u < g->nunits[L]; u++) {
            const office *o = &r->off[L][u];
            if (o->kind > PZ__DIRECT || o->payer >= (int32_t)m->n ||
                (o->kind != PZ__CLEAN) != (o->payer >= 0))
                return pz__fail(err, PZ_ERR_INPUT,
                                "checkpoint: bad office in the government's "
                                "state");
        }
    return PZ_OK;
}

/* ---- accessors ------------------------------------------------------------
 */

void pz_model_government(const pz_model *m, pz_gov_level level,
                         pz_gov_stats *out)
{
    memset(out, 0, sizeof *out);
    const pz__gov *g = gov_of(m);
    if (!g || (unsigned)level >= PZ__GOV_LEVELS)
        return;
    const office *off = m->reg->off[level];
    out->offices = g->nunits[level];
    for (size_t u = 0; u < g->nunits[level]; u++) {
        out->indirect += off[u].kind == PZ__INDIRECT;
        out->direct += off[u].kind == PZ__DIRECT;
    }
    out->bribes = g->bribes[level];
    out->officials_killed = g->killed[level];
    out->candidates_killed = g->candidates[level];
}

size_t pz_model_payroll(const pz_model *m, pz_gov_level level, size_t group,
                        double *bribes)
{
    const pz__gov *g = gov_of(m);
    size_t n = 0;
    if (bribes)
        *bribes = 0;
    if (!g || (unsigned)level >= PZ__GOV_LEVELS || group >= m->n)
        return 0;
    const office *off = m->reg->off[level];
    for (size_t u = 0; u < g->nunits[level]; u++)
        n += off[u].kind != PZ__CLEAN && off[u].payer == (int32_t)group;
    if (bribes)
        *bribes = g->bribes_g[group * PZ__GOV_LEVELS + (size_t)level];
    return n;
}

int pz_model_office(const pz_model *m, pz_gov_level level, size_t unit,
                    long *payer)
{
    const pz__gov *g = gov_of(m);
    const office *o =
        g && (unsigned)level < PZ__GOV_LEVELS && unit < g->nunits[level]
            ? &m->reg->off[level][unit]
            : NULL;
    if (payer)
        *payer = o && o->kind != PZ__CLEAN ? (long)o->payer : -1;
    return o ? o->kind : PZ__CLEAN;
}

const pz__mechanism pz__mech_government = {
    .name = "government",
    .sw = PZ__SW_GOVERNMENT,
    .create = gov_create,
    .copy = gov_copy,
    .destroy = gov_destroy,
    .save = gov_save,
    .load = gov_load,
    .begin = gov_begin,
    .event = gov_event,
    .step = gov_step,
};

const char *pz_gov_level_name(pz_gov_level level)
{
    static const char *const names[] = {"municipal", "state", "federal"};
    return (unsigned)level < PZ__GOV_LEVELS ? names[level] : "?";
}
