/*
 * scenario.h - reading a scenario.
 *
 * A scenario is a YAML file (see docs/SCENARIOS.md): parameters, groups
 * (listed inline or read from the data directory), a timeline of dated
 * parameter changes and named policies.  Reading validates everything:
 * unknown keys, wrong types and out-of-range values are refused with the
 * file, line, column, key and value in the message, so a model created from
 * a pz_scenario never meets bad input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_SCENARIO_H
#define PLAZA_SCENARIO_H

#include <stddef.h>

#include "plaza/params.h"
#include "plaza/plaza.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pz_scenario pz_scenario;

/* Reads the scenario file at path.  data_dir is the data directory used by
 * scenarios that read data files (may be NULL when none does; such a
 * scenario then fails with a message saying how to give one).  On success
 * *out owns a new scenario; on failure *out is NULL and err says why
 * (PZ_ERR_INPUT for anything wrong with the file or its data). */
pz_status pz_scenario_load_file(const char *path, const char *data_dir,
                                pz_scenario **out, pz_error *err);

/* As pz_scenario_load_file, from text of len bytes; name stands for the
 * file name in messages and in the manifest. */
pz_status pz_scenario_load_text(const char *text, size_t len, const char *name,
                                const char *data_dir, pz_scenario **out,
                                pz_error *err);

/* The data directory plaza uses when it is given none, the first of:
 * the PLAZA_DATA environment variable when set and not empty; the
 * share/plaza/data of an installed plaza beside the running program
 * (BIN/../share/plaza/data); the data/ of the source tree the library was
 * built from, if it still exists; share/plaza/data under the prefix the
 * build was configured with, if it exists.  NULL when there is none.  The
 * string is static or the environment's: do not free it.  The loaders
 * below do not call it: a NULL data_dir means none (data/README.md). */
const char *pz_data_dir_default(void);

/* Reads the embedded default scenario (scenarios/mexico.yaml, compiled
 * into the library; it needs no data directory).  Its name in messages and
 * in the manifest is "<embedded>/mexico.yaml". */
pz_status pz_scenario_load_default(pz_scenario **out, pz_error *err);

/* The embedded default scenario's text and length (not NUL-terminated in
 * principle; it is in practice). */
const char *pz_scenario_default_text(size_t *len);

/* Frees sc and everything it owns.  NULL is allowed. */
void pz_scenario_free(pz_scenario *sc);

/* Applies an override "key=value" (the command line's --set) to a
 * parameter's base value.  Errors name the assignment. */
pz_status pz_scenario_set(pz_scenario *sc, const char *assignment,
                          pz_error *err);

/* Selects the named policy: its changes are added to the timeline, in place
 * of those of any previously selected policy.  NULL selects none. */
pz_status pz_scenario_use_policy(pz_scenario *sc, const char *policy,
                                 pz_error *err);

/* The base value of a parameter (after --set; before the timeline). */
double pz_scenario_param(const pz_scenario *sc, pz_param_id id);

const char *pz_scenario_name(const pz_scenario *sc);
/* The file the scenario was read from (or the name given to load_text). */
const char *pz_scenario_source(const pz_scenario *sc);
/* SHA-256 of the scenario's text, 64 lower-case hex digits. */
const char *pz_scenario_sha256(const pz_scenario *sc);

size_t pz_scenario_group_count(const pz_scenario *sc);
const char *pz_scenario_group_name(const pz_scenario *sc, size_t i);

size_t pz_scenario_policy_count(const pz_scenario *sc);
const char *pz_scenario_policy_name(const pz_scenario *sc, size_t i);
const char *pz_scenario_policy_description(const pz_scenario *sc, size_t i);
/* The selected policy's name, or NULL. */
const char *pz_scenario_policy(const pz_scenario *sc);
/* The step from which the selected policy first changes a parameter, or -1
 * when no policy is selected or it changes nothing. */
long pz_scenario_policy_start(const pz_scenario *sc);

/* Data files read while loading, with their SHA-256 (for the manifest). */
size_t pz_scenario_data_file_count(const pz_scenario *sc);
const char *pz_scenario_data_file(const pz_scenario *sc, size_t i,
                                  const char **sha256);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_SCENARIO_H */
