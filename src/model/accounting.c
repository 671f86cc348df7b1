/*
 * accounting.c - the week's end: totals, homicides without regions, the
 * step count and the checks that every group's figures make sense.
 *
 * With regions, the cells after the flows and movement are settled: empty
 * cells dropped, the regions' members and the groups' totals C summed (in
 * region then cell order, which next week's start reuses while no cell
 * changes: r->fresh), and the cells' entities written for next week's
 * first blocks of random numbers.  Without regions, the homicides are the
 * deaths, civilians killed in the same conflicts and background homicides
 * of the national population (expected values in deterministic mode,
 * Poisson in stochastic mode).  Then the week is counted, and a group with
 * negative or non-finite figures is a bug (PZ_ERR_INTERNAL) and one past
 * PZ__MAX_MEMBERS a scenario that explodes (PZ_ERR_INPUT).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/mechanism.h"
#include "model/state.h"

/* Drops empty cells, and the regions' and groups' new totals (and
 * empties xg: the cells now include every cell it was filled from). */
static void settle_cells(pz_model *m)
{
    pz__regional *r = m->reg;
    size_t R = r->R, G = r->G;
    int stochastic = m->p[PZ_P_MODE] == PZ_MODE_STOCHASTIC;
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
}

/* Homicides of a model without regions. */
static void national_homicides(pz_model *m)
{
    double deaths = 0;
    for (size_t i = 0; i < m->n; i++)
        deaths += m->dea[i];
    double others = m->p[PZ_P_CIVILIAN_RATIO] * deaths +
                    m->p[PZ_P_BACKGROUND_HOMICIDES] / PZ__WEEKS_PER_YEAR *
                        m->p[PZ_P_POPULATION];
    if (m->p[PZ_P_MODE] == PZ_MODE_STOCHASTIC && others > 0) {
        pz_rng_seek(&m->rng, PZ_STREAM_CIVILIANS, 0, m->t);
        others = pz_rng_poisson(&m->rng, others);
    }
    m->homicides = deaths + others;
}

/* Every group's figures after the week. */
static pz_status check_groups(pz_model *m)
{
    for (size_t i = 0; i < m->n; i++) {
        double flows = m->rec[i] + m->arr[i] + m->dea[i] + m->exi[i];
        if (!(m->C[i] >= 0) || !isfinite(flows)) {
            snprintf(m->errmsg, sizeof m->errmsg,
                     "step %u: group '%s' has %g members and flows %g (a "
                     "bug: please report it)",
                     m->t, m->name[i], m->C[i], flows);
            return PZ_ERR_INTERNAL;
        }
        if (m->C[i] > PZ__MAX_MEMBERS) {
            snprintf(m->errmsg, sizeof m->errmsg,
                     "step %u: group '%s' has grown past %g members: the "
                     "parameters in force (recruitment_rate %g) make the "
                     "model explode",
                     m->t, m->name[i], PZ__MAX_MEMBERS,
                     m->p[PZ_P_RECRUITMENT_RATE]);
            return PZ_ERR_INPUT;
        }
    }
    return PZ_OK;
}

static pz_status accounting_step(pz_model *m, void *st)
{
    (void)st;
    if (m->reg)
        settle_cells(m);
    else
        national_homicides(m);
    m->t++;
    return check_groups(m);
}

const pz__mechanism pz__mech_accounting = {
    .name = "accounting",
    .sw = -1,
    .step = accounting_step,
};
