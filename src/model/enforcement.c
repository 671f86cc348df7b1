/*
 * enforcement.c - arrests (docs/MODEL.md section 7.6, mechanism M7): how much
 * enforcement each region gets and what it does to each cell.
 *
 * Each week, for every cell of x > 0 members of group g in region r:
 *
 *   arrests = A_r x / M_r,  A_r = eta w_r / sum w      (fixed mode)
 *           = iota focus_r x                           (proportional mode)
 *
 * times E_gr, the offices' factor (model/cells.c: 1 + US pressure times
 * the capacity-weighted mean over the levels of 1, 1 - look_away, 0 or
 * 1 + redirect) when the government is on.  w_r is the allocation rule's
 * weight (members, uniform, population or last week's homicides) times the
 * region's focus (written by the timeline).  The arrests go to the shared
 * per-cell array r->ca, which model/flows.c takes as a cell's arrests,
 * with confrontation x arrests among its deaths (clashes with the state).
 * Switched off: no arrests, no confrontation deaths and no deterrence
 * (pz__recruitment sees no arrest risk).
 *
 * Speed: the offices are asked once per region, and the enforcement once
 * for all its groups when they are clean (it is then the same for every
 * group), else per cell from the offices.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "base/internal.h"
#include "model/mechanism.h"
#include "model/state.h"

/* The allocation's weights r->w and their sum. */
static double weights(pz__regional *r, int alloc)
{
    size_t R = r->R;
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
    return W;
}

/* The arrests of every cell of region i, into r->ca + k0. */
static void region_arrests(pz_model *m, size_t i, size_t k0, int fixed,
                           double W)
{
    pz__regional *r = m->reg;
    const double *p = m->p;
    const rlist *l = &r->cells[i];
    double Mi = r->M[i];
    double Ai = fixed && W > 0 ? p[PZ_P_INCAPACITATION] * r->w[i] / W : 0;
    /* the government's factors: the enforcement is the same for every
     * group when the region's offices are clean (-1: ask per group) */
    double enf_all = -1;
    pz__gov_offices of;
    if (r->offices && l->n > 0) {
        pz__gov_offices_of(m, i, &of);
        if (of.clean)
            enf_all = pz__gov_enforcement_at(m, &of, 0);
    }
    for (uint32_t c = 0; c < l->n; c++) {
        uint32_t g = l->c[c].g;
        double x = l->c[c].x;
        if (x <= 0)
            continue;
        double arr = fixed ? (Mi > 0 ? Ai * x / Mi : 0)
                           : p[PZ_P_INCAPACITATION_RATE] * r->focus[i] * x;
        if (r->offices)
            arr *= enf_all >= 0 ? enf_all : pz__gov_enforcement_at(m, &of, g);
        r->ca[k0 + c] = arr;
    }
}

static pz_status enforcement_step(pz_model *m, void *st)
{
    (void)st;
    pz__regional *r = m->reg;
    if (!r)
        return PZ_OK; /* without regions: model/national.c */
    int fixed = m->p[PZ_P_INCAPACITATION_MODE] == PZ_INCAP_FIXED;
    double W = weights(r, (int)m->p[PZ_P_ENFORCEMENT_ALLOCATION]);
    size_t k0 = 0; /* the region's first cell in the per-cell arrays */
    for (size_t i = 0; i < r->R; k0 += r->cells[i].n, i++)
        region_arrests(m, i, k0, fixed, W);
    return PZ_OK;
}

const pz__mechanism pz__mech_enforcement = {
    .name = "enforcement",
    .sw = PZ__SW_ENFORCEMENT,
    .step = enforcement_step,
};
