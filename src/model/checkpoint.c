/*
 * checkpoint.c - writing and reading a model's state (for checkpoints).
 *
 * The state is everything that changes during a run: the step, the
 * parameters in force, every group's members and last flows, the last
 * homicides, the regions' cells, focus and last regional figures (the
 * shared state, model/state.h), then each mechanism's own state in the
 * week's order, written and read through its table entry
 * (model/mechanism.h): the timeline's position, the leaders' splinters,
 * network, shocks and calm, the government's offices, heat and pressure.
 * Masks of the mechanisms that have a state and of those switched on come
 * first, so that a state is read only by a model made the same way.  Random
 * numbers need no state: they are counter-based.  The encoding is binary,
 * native byte order, with a marker that a reader on another kind of machine
 * rejects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/internal.h"
#include "model/mechanism.h"
#include "model/state.h"
#include "plaza/params.h"

#define STATE_MAGIC 0x504c5a53u /* "PLZS" */
#define MAX_MEMBERS 1e9         /* a group's, more than Mexico's people */

/* n == 0 does nothing: p may then be NULL (a region that never had a
 * cell), which fwrite and fread may not be given. */
int pz__put(FILE *f, const void *p, size_t n)
{
    return n == 0 || fwrite(p, 1, n, f) == n ? 0 : -1;
}

int pz__get(FILE *f, void *p, size_t n)
{
    return n == 0 || fread(p, 1, n, f) == n ? 0 : -1;
}

/* Mechanism id's private state is scratch alone, never written (left out
 * of the bits below, so that checkpoints keep their form). */
static int scratch_only(int id)
{
    return id == PZ__M_CONFLICT || id == PZ__M_ENFORCEMENT ||
           id == PZ__M_FLOWS || id == PZ__M_MOVEMENT;
}

/* Bit id set when mechanism id has a state to write.  The timeline's is
 * m->next: it has one whenever it is on. */
static uint32_t mechanisms_with_state(const pz_model *m)
{
    uint32_t have = 0;
    for (int id = 0; id < PZ__M_COUNT; id++)
        if ((m->mech[id] && !scratch_only(id)) ||
            (id == PZ__M_TIMELINE && m->on[id]))
            have |= 1u << id;
    return have;
}

/* Bit id set when mechanism id is switched on (those without a state
 * too: a state is read only under the same switches). */
static uint32_t mechanisms_on(const pz_model *m)
{
    uint32_t on = 0;
    for (int id = 0; id < PZ__M_COUNT; id++)
        if (m->on[id])
            on |= 1u << id;
    return on;
}

pz_status pz_model_save_state(const pz_model *m, FILE *f, pz_error *err)
{
    uint32_t head[4] = {STATE_MAGIC, (uint32_t)m->n0, m->t, PZ_P_COUNT};
    double one = 1.0;
    uint64_t ncur = m->n;
    uint32_t have = mechanisms_with_state(m), on = mechanisms_on(m);
    size_t n = m->n;
    int bad = pz__put(f, head, sizeof head) || pz__put(f, &one, sizeof one) ||
              pz__put(f, &have, sizeof have) || pz__put(f, &on, sizeof on) ||
              pz__put(f, &ncur, sizeof ncur) || pz__put(f, m->p, sizeof m->p) ||
              pz__put(f, &m->homicides, sizeof m->homicides) ||
              pz__put(f, m->C, n * sizeof *m->C) ||
              pz__put(f, m->rec, n * sizeof *m->rec) ||
              pz__put(f, m->arr, n * sizeof *m->arr) ||
              pz__put(f, m->dea, n * sizeof *m->dea) ||
              pz__put(f, m->exi, n * sizeof *m->exi);
    uint32_t has_reg = m->reg != NULL;
    bad = bad || pz__put(f, &has_reg, sizeof has_reg);
    if (!bad && m->reg)
        bad = pz__regional_save(m, f) != 0;
    for (int id = 0; !bad && id < PZ__M_COUNT; id++)
        if (have >> id & 1 && pz__mechanisms[id]->save)
            bad = pz__mechanisms[id]->save(m, m->mech[id], f) != 0;
    return bad ? pz__fail(err, PZ_ERR_IO, "cannot write the model's state")
               : PZ_OK;
}

pz_status pz_model_load_state(pz_model *m, FILE *f, pz_error *err)
{
    uint32_t head[4], has_reg, have, on;
    double one;
    uint64_t ncur;
    size_t n;
    if (pz__get(f, head, sizeof head) || pz__get(f, &one, sizeof one))
        return pz__fail(err, PZ_ERR_INPUT, "checkpoint: truncated state");
    if (head[0] != STATE_MAGIC || one != 1.0)
        return pz__fail(err, PZ_ERR_INPUT,
                        "checkpoint: the state was written on another kind of "
                        "machine or is not a plaza state");
    if (head[1] != m->n0 || head[3] != PZ_P_COUNT)
        return pz__fail(err, PZ_ERR_INPUT,
                        "checkpoint: the state has %u groups and %u "
                        "parameters, the scenario %zu and %d",
                        head[1], head[3], m->n0, PZ_P_COUNT);
    if (head[2] > m->steps)
        return pz__fail(err, PZ_ERR_INPUT,
                        "checkpoint: step %u is past the run's %u steps",
                        head[2], m->steps);
    if (pz__get(f, &have, sizeof have) || pz__get(f, &on, sizeof on) ||
        pz__get(f, &ncur, sizeof ncur))
        return pz__fail(err, PZ_ERR_INPUT, "checkpoint: truncated state");
    if (have != mechanisms_with_state(m) || on != mechanisms_on(m))
        return pz__fail(err, PZ_ERR_INPUT,
                        "checkpoint: the state was written by a model with "
                        "other mechanisms (switched on or off)");
    if (ncur < m->n0 || ncur > m->cap ||
        (!m->mech[PZ__M_LEADERS] && ncur != m->n0))
        return pz__fail(err, PZ_ERR_INPUT,
                        "checkpoint: the state has %llu groups, more than "
                        "the scenario has room for (%zu)",
                        (unsigned long long)ncur, m->cap);
    n = (size_t)ncur;
    if (pz__get(f, m->p, sizeof m->p) ||
        pz__get(f, &m->homicides, sizeof m->homicides) ||
        pz__get(f, m->C, n * sizeof *m->C) ||
        pz__get(f, m->rec, n * sizeof *m->rec) ||
        pz__get(f, m->arr, n * sizeof *m->arr) ||
        pz__get(f, m->dea, n * sizeof *m->dea) ||
        pz__get(f, m->exi, n * sizeof *m->exi) ||
        pz__get(f, &has_reg, sizeof has_reg))
        return pz__fail(err, PZ_ERR_INPUT, "checkpoint: truncated state");
    /* A state is checked as a scenario is (fuzz_checkpoint gives crafted
     * states their right SHA-256): the parameters in force are values the
     * parameter takes (a timeline keeps them in range), members at most
     * MAX_MEMBERS (the stochastic model counts them in 32 bits), flows
     * finite and not negative. */
    for (int i = 0; i < PZ_P_COUNT; i++) {
        const pz_param_info *info = pz_param_info_get((pz_param_id)i);
        double v = m->p[i];
        size_t nchoices = 0;
        while (info->choices && info->choices[nchoices])
            nchoices++;
        /* what pz_param_format can write (an enum's index, a day count a
         * long holds), then what pz_param_parse reads back exactly */
        int ok =
            isfinite(v) && fabs(v) < 1e15 &&
            (info->type == PZ_PARAM_REAL || v == floor(v)) &&
            (info->type != PZ_PARAM_ENUM || (v >= 0 && v < (double)nchoices));
        char buf[64] = "?";
        if (ok) {
            pz_param_format((pz_param_id)i, v, buf, sizeof buf);
            double back;
            ok = pz_param_parse((pz_param_id)i, buf, &back, NULL) == PZ_OK &&
                 back == v;
        }
        if (!ok)
            return pz__fail(err, PZ_ERR_INPUT,
                            "checkpoint: parameter %s has the value %g, "
                            "outside its range",
                            info->name, v);
    }
    for (size_t i = 0; i < n; i++) {
        if (!(m->C[i] >= 0 && m->C[i] <= MAX_MEMBERS))
            return pz__fail(err, PZ_ERR_INPUT,
                            "checkpoint: group %zu has %g members", i, m->C[i]);
        double fl[4] = {m->rec[i], m->arr[i], m->dea[i], m->exi[i]};
        for (int k = 0; k < 4; k++)
            if (!(fl[k] >= 0) || !isfinite(fl[k]))
                return pz__fail(err, PZ_ERR_INPUT,
                                "checkpoint: group %zu has a flow of %g", i,
                                fl[k]);
    }
    if ((has_reg != 0) != (m->reg != NULL))
        return pz__fail(err, PZ_ERR_INPUT,
                        "checkpoint: the state %s regions, the scenario %s",
                        has_reg ? "has" : "has no",
                        m->reg ? "has" : "has none");
    m->t = head[2];
    pz_status st = PZ_OK;
    if (m->reg)
        st = pz__regional_load(m, f, err);
    for (int id = 0; st == PZ_OK && id < PZ__M_COUNT; id++)
        if (have >> id & 1 && pz__mechanisms[id]->load)
            st = pz__mechanisms[id]->load(m, m->mech[id], f, err);
    return st;
}
