/*
 * step.c - the week as a list of mechanisms (model/mechanism.h), in the
 * manner of OpenABM-Covid19's one_time_step(): the table of mechanisms in
 * the week's order, the owner of each kind of dated change, and
 * pz_model_step.
 *
 * The order is the one the arithmetic happens in, which every table of
 * every shipped scenario depends on to the last bit: movement comes after
 * the week's flows (members move once the events of the week are drawn
 * from the state at its start), not before conflict.  Mechanisms hand each
 * other nothing but the shared state (model/state.h): conflict, enforcement and
 * recruitment write each cell's rates, and the flows consume them in one pass
 * over the cells with one block of random numbers per cell (the hot loop).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "base/internal.h"
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

static pz_status week(pz_model *m)
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
#define RUN(id)                                                                \
    do {                                                                       \
        if ((st = run(m, id)) != PZ_OK)                                        \
            return st;                                                         \
    } while (0)
    RUN(PZ__M_TIMELINE);   /* dated changes; events to their owners */
    RUN(PZ__M_LEADERS);    /* removals, splits, lieutenants */
    RUN(PZ__M_GOVERNMENT); /* elections, exposure, bribes */
    if (m->reg && (st = pz__cells_census(m)) != PZ_OK) /* week's totals */
        return st;
    RUN(PZ__M_WARS);        /* war deaths per region */
    RUN(PZ__M_CONFLICT);    /* rivalry deaths per cell */
    RUN(PZ__M_ENFORCEMENT); /* arrests per cell */
    RUN(PZ__M_RECRUITMENT); /* recruitment rate and room */
    RUN(PZ__M_NATIONAL);    /* without regions: the groups' flows */
    RUN(PZ__M_FLOWS);       /* with regions: every cell's flows, homicides */
    RUN(PZ__M_MOVEMENT);    /* expansion */
    RUN(PZ__M_ACCOUNTING);  /* totals, homicides, the week counted, checks */
#undef RUN
    return PZ_OK;
}

/* The week (above); a failure's message is the one the mechanism left in
 * m->errmsg. */
pz_status pz_model_step(pz_model *m, pz_error *err)
{
    pz_status st = week(m);
    if (st != PZ_OK)
        pz__fail(err, st, "%s", m->errmsg[0] ? m->errmsg : pz_strerror(st));
    return st;
}
