/*
 * run.h - a run written to a run directory.
 *
 * pz_run_write() runs a scenario to its end and writes the run directory:
 * manifest.json, national.csv and groups.csv (docs/OUTPUTS.md).  Tables are
 * written to hidden temporary files inside the directory and renamed into
 * place only when the whole run has succeeded, the manifest last: a run
 * that fails or is killed leaves no half-written table under a real name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_RUN_H
#define PLAZA_RUN_H

#include <stdint.h>

#include "plaza/plaza.h"
#include "plaza/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pz_run_options {
    const char *out_dir;   /* created if missing */
    uint32_t replicate;
    int write_groups;      /* write groups.csv (default 1) */
    const char *command;   /* the command line, for the manifest (may be NULL) */
} pz_run_options;

/* Sets the defaults: out_dir "plaza-out", replicate 0, write_groups 1. */
void pz_run_options_init(pz_run_options *opt);

/* Runs sc and writes its run directory.  PZ_ERR_IO when a table cannot be
 * written (nothing is left under a table's name), PZ_ERR_INPUT when the
 * scenario cannot make a model. */
pz_status pz_run_write(const pz_scenario *sc, const pz_run_options *opt,
                       pz_error *err);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_RUN_H */
