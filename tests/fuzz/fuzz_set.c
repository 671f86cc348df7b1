/*
 * fuzz_set.c - a libFuzzer target on the command line's --set values
 * (pz_scenario_set, hence pz_param_lookup and pz_param_parse): each line
 * of the input is one assignment KEY=VALUE applied to a small regional
 * scenario.  A refused assignment must say why (PZ_ERR_INPUT and a
 * message); when every one is accepted, the scenario must make a model
 * that runs a few weeks in both modes without a crash or undefined
 * behaviour (a value the parser lets through must be one the model takes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "plaza/model.h"
#include "plaza/params.h"
#include "plaza/scenario.h"

static const char scenario[] =
    "plaza: 1\n"
    "parameters: {steps: 8, initial_distribution: listed}\n"
    "regions:\n"
    "  list:\n"
    "    - {code: \"01\", name: W, population: 1000000, lon: -104, lat: 20, "
    "neighbours: [\"02\"]}\n"
    "    - {code: \"02\", name: E, population: 2000000, lon: -101, lat: 20}\n"
    "groups:\n"
    "  list:\n"
    "    - {name: A, home: \"01\", members: 4000, rivals: {B: 2}}\n"
    "    - {name: B, home: \"02\", members: 3000}\n"
    "  tail: {count: 2, members: 10}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    pz_scenario *sc = NULL;
    pz_error err;
    if (pz_scenario_load_text(scenario, sizeof scenario - 1, "set.yaml", NULL,
                              &sc, &err) != PZ_OK)
        abort();
    char *text = fz_string(data, size), *save = NULL;
    int ok = 1;
    for (char *a = strtok_r(text, "\n", &save); a && ok;
         a = strtok_r(NULL, "\n", &save)) {
        memset(&err, 0, sizeof err);
        if (pz_scenario_set(sc, a, &err) != PZ_OK) {
            if (err.status != PZ_ERR_INPUT || err.msg[0] == '\0')
                abort(); /* a refusal must say why */
            ok = 0;
        }
    }
    free(text);
    /* the model's size follows its scenario, not its parameters, but a
     * run is capped anyway: 3 weeks whatever `steps` says */
    for (int mode = 0; ok && mode < 2; mode++) {
        pz_model *m = NULL;
        if (pz_scenario_set(sc, mode ? "mode=deterministic" : "mode=stochastic",
                            NULL) != PZ_OK)
            abort();
        if (pz_model_create(sc, 0, &m, &err) == PZ_OK) {
            for (int t = 0; t < 3 && pz_model_time(m) < pz_model_steps(m); t++)
                if (pz_model_step(m, NULL) != PZ_OK)
                    break;
            pz_model_destroy(m);
        }
    }
    pz_scenario_free(sc);
    return 0;
}
