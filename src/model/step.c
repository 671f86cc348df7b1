/*
 * step.c - the week as a list of mechanisms (model/mechanism.h), in the
 * manner of OpenABM-Covid19's one_time_step().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "model/mechanism.h"
#include "model/state.h"

/* The mechanisms in the week's order, by id. */
const pz__mechanism *const pz__mechanisms[PZ__M_COUNT] = {
    [PZ__M_TIMELINE] = &pz__mech_timeline,
    [PZ__M_LEADERS] = &pz__mech_leaders,
    [PZ__M_GOVERNMENT] = &pz__mech_government,
    [PZ__M_WARS] = &pz__mech_wars,
    [PZ__M_CONFLICT] = &pz__mech_conflict,
    [PZ__M_ENFORCEMENT] = &pz__mech_enforcement,
    [PZ__M_RECRUITMENT] = &pz__mech_recruitment,
    [PZ__M_NATIONAL] = &pz__mech_national,
    [PZ__M_FLOWS] = &pz__mech_flows,
    [PZ__M_MOVEMENT] = &pz__mech_movement,
    [PZ__M_ACCOUNTING] = &pz__mech_accounting,
};

pz__mech_id pz__mech_owner(const pz__change *c)
{
    switch (c->op) {
    case PZ__LEADER:
    case PZ__DEFECT:
        return PZ__M_LEADERS;
    case PZ__PURGE:
    case PZ__PRESSURE:
        return PZ__M_GOVERNMENT;
    case PZ__WAR:
        return PZ__M_WARS;
    default:
        return PZ__M_TIMELINE; /* parameters, focus */
    }
}

pz_status pz__mech_event(pz_model *m, const pz__change *c)
{
    pz__mech_id id = pz__mech_owner(c);
    const pz__mechanism *k = pz__mechanisms[id];
    if (!m->on[id] || !k->event)
        return PZ_OK;
    return k->event(m, m->mech[id], c);
}

/* Mechanism id's part of the week, when it is on. */
static pz_status run(pz_model *m, pz__mech_id id)
{
    const pz__mechanism *k = pz__mechanisms[id];
    return m->on[id] && k->step ? k->step(m, m->mech[id]) : PZ_OK;
}

pz_status pz_model_step(pz_model *m)
{
    /* the week's start: each mechanism on decays what it keeps (shocks,
     * calm, heat, pressure) and forgets last week's figures */
    for (int id = 0; id < PZ__M_COUNT; id++)
        if (m->on[id] && pz__mechanisms[id]->begin)
            pz__mechanisms[id]->begin(m, m->mech[id]);
    /* The week, in the order its arithmetic happens in.  The dated
     * changes first (events handed to their owners in timeline order),
     * then the removals and the offices, which move members between
     * groups and set the multipliers; then, from the cells as they are
     * (the census), the rates of the week, each mechanism writing its
     * own into the shared state; then every cell's flows at once (the
     * hot loop, drawn from one block of random numbers per cell), and
     * movement from the cells after them. */
    pz_status st;
    if ((st = run(m, PZ__M_TIMELINE)) != PZ_OK ||
        (st = run(m, PZ__M_LEADERS)) != PZ_OK ||    /* removals, splits */
        (st = run(m, PZ__M_GOVERNMENT)) != PZ_OK || /* elections, bribes */
        (m->reg && (st = pz__cells_census(m)) != PZ_OK) || /* totals */
        (st = run(m, PZ__M_WARS)) != PZ_OK ||              /* war deaths */
        (st = run(m, PZ__M_CONFLICT)) != PZ_OK ||          /* rivalry deaths */
        (st = run(m, PZ__M_ENFORCEMENT)) != PZ_OK ||       /* arrests */
        (st = run(m, PZ__M_RECRUITMENT)) != PZ_OK ||       /* recruits */
        (st = run(m, PZ__M_NATIONAL)) != PZ_OK || /* no regions: flows */
        (st = run(m, PZ__M_FLOWS)) != PZ_OK ||    /* the cells' flows */
        (st = run(m, PZ__M_MOVEMENT)) != PZ_OK || /* expansion */
        (st = run(m, PZ__M_ACCOUNTING)) != PZ_OK) /* totals, checks */
        return st;
    return PZ_OK;
}
