/*
 * fuzz_scenario.c - a libFuzzer target on the scenario reader: any bytes
 * must give either a scenario or PZ_ERR_INPUT with a message, never a
 * crash, a leak or undefined behaviour.  A scenario that loads is also
 * run for a few steps in both modes.
 *
 * Build and run (clang): tests/fuzz/run.sh 60 scenario, or
 *   cmake --preset fuzz && cmake --build --preset fuzz &&
 *   build/fuzz/tests/fuzz/fuzz_scenario -max_total_time=60
 *   tests/fuzz/corpus/scenario
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plaza/model.h"
#include "plaza/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pz_scenario *sc = NULL;
    pz_error err;
    pz_status st = pz_scenario_load_text((const char *)data, size, "fuzz.yaml",
                                         NULL, &sc, &err);
    if (st != PZ_OK) {
        if (sc != NULL || err.msg[0] == '\0')
            abort(); /* a failure must say why and return nothing */
        return 0;
    }
    for (int mode = 0; mode < 2; mode++) {
        pz_model *m = NULL;
        pz_scenario_set(sc, mode ? "mode=deterministic" : "mode=stochastic",
                        NULL);
        pz_scenario_set(sc, "steps=5", NULL);
        if (pz_model_create(sc, 0, &m, &err) == PZ_OK) {
            while (pz_model_time(m) < pz_model_steps(m))
                if (pz_model_step(m, NULL) != PZ_OK)
                    break;
            pz_model_destroy(m);
        }
    }
    pz_scenario_free(sc);
    return 0;
}
