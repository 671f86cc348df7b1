/*
 * timeline.c - the dated changes of the scenario's timeline and of the
 * selected policy, in force from their step on.
 *
 * The model's timeline (m->change, shared) is the scenario's changes and
 * the policy's (after them), each dated change resolved to the first week
 * on or after its date, sorted by step and then by the order of the file.
 * Each week, before the other mechanisms, the changes due are applied in
 * that order: a parameter set or scaled (m->p) and a region's focus
 * (r->focus) here; a dated event (leader, defection, purge, pressure,
 * war) handed to the mechanism that owns it (pz__mech_event, model/step.c)
 * and lost when that mechanism is off.  Building the timeline checks that
 * every value it gives a parameter stays in the parameter's range and that
 * a war ends after it starts.  Switched off: nothing changes during the
 * run.
 *
 * A fork (pz_model_fork) builds the timeline of its own scenario and
 * applies the parameters and focus of the changes before its step (the
 * events' effects are in the state it copies).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "model/mechanism.h"
#include "model/state.h"

static int change_cmp(const void *a, const void *b)
{
    const pz__change *x = a, *y = b;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* A parameter change applied to the parameters p. */
static void set_param(double *p, const pz__change *c)
{
    if (c->op == PZ__SCALE)
        p[c->set.param] *= c->set.value;
    else
        p[c->set.param] = c->set.value;
}

/* Applies change c: its own (parameters, focus) here, an event through
 * its owner. */
static pz_status apply(pz_model *m, const pz__change *c)
{
    switch (c->op) {
    case PZ__SET:
    case PZ__SCALE:
        set_param(m->p, c);
        return PZ_OK;
    case PZ__FOCUS:
        pz__regional_focus(m, c->focus.region, c->focus.value);
        return PZ_OK;
    default:
        return pz__mech_event(m, c);
    }
}

/* Merges the scenario's timeline and selected policy into m->change, with
 * steps resolved for the run's start date, and checks that every value
 * the timeline produces stays in its parameter's range. */
static pz_status build_timeline(pz_model *m, const pz_scenario *sc,
                                pz_error *err)
{
    const pz__policy *pol =
        sc->selected >= 0 ? &sc->policy[sc->selected] : NULL;
    size_t n = sc->ntimeline + (pol ? pol->n : 0);
    pz__free(m->change);
    m->change = pz__malloc((n + 1) * sizeof *m->change);
    if (!m->change)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    m->nchange = 0;
    for (size_t i = 0; i < sc->ntimeline; i++)
        m->change[m->nchange++] = sc->timeline[i];
    for (size_t i = 0; pol && i < pol->n; i++) {
        pz__change c = pol->change[i];
        c.order += 1u << 30; /* a policy acts after the timeline's own */
        m->change[m->nchange++] = c;
    }
    for (size_t i = 0; i < m->nchange; i++) {
        pz__change *c = &m->change[i];
        int dated = c->has_date;
        c->step = pz__change_step(c, m->start);
        c->has_date = 0;
        if (c->op == PZ__WAR) { /* the end, as a step too */
            pz__change end = {.has_date = 1, .day = c->war.until_day};
            c->war.until =
                c->war.has_until ? pz__change_step(&end, m->start) : LONG_MAX;
            /* a war that ends within the run must be in force a week at
             * least; a dated one that ended before the run is simply
             * over, but one given by its step starts within the run */
            if (c->war.has_until && (c->war.until_day > m->start || !dated) &&
                c->war.until <= c->step)
                return pz__fail(err, PZ_ERR_INPUT,
                                "%s:%u: a war between '%s' and '%s' ends at "
                                "step %ld, not after it starts (step %ld): "
                                "give a later 'until'",
                                sc->source, c->war.line, m->name[c->war.group],
                                m->name[c->war.other], c->war.until, c->step);
        }
    }
    qsort(m->change, m->nchange, sizeof *m->change, change_cmp);
    double p[PZ_P_COUNT];
    memcpy(p, sc->param, sizeof p);
    for (size_t i = 0; i < m->nchange; i++) {
        const pz__change *c = &m->change[i];
        if (c->op != PZ__SET && c->op != PZ__SCALE)
            continue;
        const pz_param_info *info =
            pz_param_info_get((pz_param_id)c->set.param);
        set_param(p, c);
        if (p[c->set.param] < info->min || p[c->set.param] > info->max)
            return pz__fail(err, PZ_ERR_INPUT,
                            "%s: a change at step %ld makes %s = %g, outside "
                            "[%g, %g]",
                            sc->source, c->step, info->name, p[c->set.param],
                            info->min, info->max);
    }
    return PZ_OK;
}

static pz_status timeline_create(pz_model *m, const pz_scenario *sc, void **st,
                                 pz_error *err)
{
    *st = NULL;
    pz_status s = build_timeline(m, sc, err);
    if (s != PZ_OK)
        return s;
    /* a fork: the past's parameters and focus (events are in the copied
     * state already) */
    while (m->next < m->nchange && m->change[m->next].step < (long)m->t) {
        const pz__change *c = &m->change[m->next++];
        if (pz__mech_owner(c) == PZ__M_TIMELINE)
            (void)apply(m, c);
    }
    return PZ_OK;
}

static pz_status timeline_step(pz_model *m, void *st)
{
    (void)st;
    while (m->next < m->nchange && m->change[m->next].step <= (long)m->t) {
        pz_status s = apply(m, &m->change[m->next++]);
        if (s != PZ_OK)
            return s;
    }
    return PZ_OK;
}

static int timeline_save(const pz_model *m, const void *st, FILE *f)
{
    (void)st;
    uint64_t next = m->next;
    return pz__put(f, &next, sizeof next);
}

static pz_status timeline_load(pz_model *m, void *st, FILE *f, pz_error *err)
{
    (void)st;
    uint64_t next;
    if (pz__get(f, &next, sizeof next))
        return pz__fail(err, PZ_ERR_INPUT, "checkpoint: truncated state");
    if (next > m->nchange)
        return pz__fail(err, PZ_ERR_INPUT,
                        "checkpoint: timeline position %llu of %zu changes",
                        (unsigned long long)next, m->nchange);
    m->next = (size_t)next;
    return PZ_OK;
}

const pz__mechanism pz__mech_timeline = {
    .name = "timeline",
    .sw = PZ__SW_TIMELINE,
    .create = timeline_create,
    .save = timeline_save,
    .load = timeline_load,
    .step = timeline_step,
};
