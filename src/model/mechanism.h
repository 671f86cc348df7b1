/*
 * mechanism.h - a mechanism of the week: one file, private state behind a
 * small table, reading and writing the shared state (model/state.h) and
 * never calling another mechanism.  model/step.c lists them in the week's
 * order; the model's creation, fork, destruction and checkpoints walk the
 * same table (model/model.c, model/checkpoint.c).
 *
 * Adding one: CONTRIBUTING.md, "Adding a mechanism" (its file, its place
 * in the week, its switch, parameters, test and documentation).  What it
 * keeps from week to week goes through save and load (the checkpoint
 * walks the table) and through copy for a fork.
 * A dated change of the timeline acting on its state (a new op of
 * pz__change) is handed to it by the timeline through `event`, in the
 * timeline's order (pz__mech_owner in model/step.c names the owner).
 *
 * A mechanism switched off is not made (its state stays NULL): it is
 * never begun, stepped nor handed events, and what it would write into
 * the shared state keeps its initial value (calm and heat 0, offices
 * clean, no war deaths); the flows and the national solver take the
 * terms of conflict, enforcement and recruitment as 0 when those are
 * off.  Every entry must accept a NULL state (a mechanism with nothing
 * to do in a model, e.g. the leaders without regions).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_MODEL_MECHANISM_H
#define PLAZA_MODEL_MECHANISM_H

#include <stdio.h>

#include "model/state.h"

typedef struct pz__mechanism {
    const char *name; /* as in docs and the mechanisms: key */
    int sw;           /* its switch (PZ__SW_*), or -1: always on */
    /* Makes *st from the scenario (NULL: no private state, or the
     * mechanism has nothing to do in this model). */
    pz_status (*create)(pz_model *m, const pz_scenario *sc, void **st,
                        pz_error *err);
    /* For a fork: *dst_st from src's state (NULL entry: create from the
     * fork's scenario instead). */
    pz_status (*copy)(pz_model *dst, void **dst_st, const pz_model *src,
                      const void *src_st, pz_error *err);
    void (*destroy)(void *st);
    /* Checkpoints: save returns 0, or -1 on a short write; load PZ_OK or
     * an error. */
    int (*save)(const pz_model *m, const void *st, FILE *f);
    pz_status (*load)(pz_model *m, void *st, FILE *f, pz_error *err);
    /* The week's start, before the timeline: decays, forgets last week's
     * figures. */
    void (*begin)(pz_model *m, void *st);
    /* A dated change of the timeline that it owns, in timeline order. */
    pz_status (*event)(pz_model *m, void *st, const pz__change *c);
    /* Its part of the week; PZ_OK or an error (message in m->errmsg). */
    pz_status (*step)(pz_model *m, void *st);
} pz__mechanism;

/* The table, indexed by pz__mech_id (model/step.c). */
extern const pz__mechanism *const pz__mechanisms[PZ__M_COUNT];

extern const pz__mechanism pz__mech_timeline, pz__mech_leaders,
    pz__mech_government, pz__mech_wars, pz__mech_conflict, pz__mech_enforcement,
    pz__mech_recruitment, pz__mech_national, pz__mech_flows, pz__mech_movement,
    pz__mech_accounting;

/* The mechanism that owns the dated change c (model/step.c). */
pz__mech_id pz__mech_owner(const pz__change *c);
/* Hands c to its owner when that is on; PZ_OK when it is off. */
pz_status pz__mech_event(pz_model *m, const pz__change *c);

#endif /* PLAZA_MODEL_MECHANISM_H */
