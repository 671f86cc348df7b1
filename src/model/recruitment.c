/*
 * recruitment.c - recruits (docs/MODEL.md section 7.7, mechanism M1,
 * with deterrence).
 *
 * Each week, from the totals at the week's start: the recruitment rate
 * after deterrence rho' = rho exp(-d max(0, a/a0 - 1)), a the national
 * arrests per member (pz__recruitment, model/model.c), and each region's
 * room f_r = max(0, 1 - M_r / (pool pop_r)) (1 without a pool).  A cell of
 * x members recruits rho' f_r x (model/flows.c), and replaces a share
 * war_replacement of its war deaths within the same room.  Switched off:
 * no recruits at all (nor war replacements).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "model/mechanism.h"
#include "model/state.h"

static pz_status recruitment_step(pz_model *m, void *st)
{
    (void)st;
    pz__regional *r = m->reg;
    if (!r)
        return PZ_OK; /* without regions: model/national.c */
    double risk, pool = m->p[PZ_P_RECRUITMENT_POOL];
    r->rho = pz__recruitment(m, r->S, &risk);
    for (size_t i = 0; i < r->R; i++) {
        double f = 1;
        if (pool > 0)
            f = r->pop[i] > 0 ? fmax(0, 1 - r->M[i] / (pool * r->pop[i])) : 0;
        r->room[i] = f;
    }
    return PZ_OK;
}

const pz__mechanism pz__mech_recruitment = {
    .name = "recruitment",
    .sw = PZ__SW_RECRUITMENT,
    .step = recruitment_step,
};
