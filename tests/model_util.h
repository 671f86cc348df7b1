/*
 * model_util.h - helpers shared by the model tests (cmocka): load a
 * scenario from text, create a model, step it, failing the test with the
 * library's message on any error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_TESTS_MODEL_UTIL_H
#define PLAZA_TESTS_MODEL_UTIL_H

#include <string.h>

#include "plaza/model.h"
#include "plaza/scenario.h"

static inline pz_scenario *util_load(const char *text, const char *name)
{
    pz_scenario *sc = NULL;
    pz_error err;
    if (pz_scenario_load_text(text, strlen(text), name, NULL, &sc, &err) !=
        PZ_OK)
        fail_msg("%s", err.msg);
    return sc;
}

static inline pz_model *util_make(const pz_scenario *sc, uint32_t rep)
{
    pz_model *m = NULL;
    pz_error err;
    if (pz_model_create(sc, rep, &m, &err) != PZ_OK)
        fail_msg("%s", err.msg);
    return m;
}

static inline void util_step(pz_model *m)
{
    pz_error err;
    if (pz_model_step(m, &err) != PZ_OK)
        fail_msg("step: %s", err.msg);
}

#endif /* PLAZA_TESTS_MODEL_UTIL_H */
