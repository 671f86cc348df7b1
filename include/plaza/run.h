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

typedef struct pz_checkpoint pz_checkpoint;

typedef struct pz_run_options {
    const char *out_dir; /* created if missing */
    uint32_t replicate;
    int write_groups;    /* write groups.csv (default 1) */
    const char *command; /* the command line, for the manifest (may be NULL) */
    /* write OUT_DIR/checkpoint.plz at the first step on or after this date
     * (days since 1970-01-01; -1: none).  The run goes on to its end. */
    long checkpoint_day;
    /* continue the run saved in this checkpoint (NULL: start at step 0);
     * the scenario must be the one pz_checkpoint_read returned */
    const pz_checkpoint *resume;
    /* called every 52 steps and at the end (may be NULL) */
    void (*progress)(void *ud, uint32_t done, uint32_t total);
    void *progress_ud;
} pz_run_options;

/* Reads a checkpoint written by a run with checkpoint_day: the scenario
 * (its text, the resolved parameters and the policy, all stored in the
 * file), the model's state and the tables written up to it.  data_dir, when
 * not NULL, replaces the data directory recorded in the checkpoint.  The
 * scenario's text and every data file must have the SHA-256 recorded in
 * the checkpoint, and the file its own trailing SHA-256: a corrupt, foreign
 * or stale checkpoint is refused (PZ_ERR_INPUT).  On success *sc and *ck
 * are the caller's. */
pz_status pz_checkpoint_read(const char *path, const char *data_dir,
                             pz_scenario **sc, pz_checkpoint **ck,
                             pz_error *err);
void pz_checkpoint_free(pz_checkpoint *ck);
/* The replicate and step the checkpoint was taken at. */
uint32_t pz_checkpoint_replicate(const pz_checkpoint *ck);
uint32_t pz_checkpoint_step(const pz_checkpoint *ck);

/* Sets the defaults: out_dir "plaza-out", replicate 0, write_groups 1, no
 * checkpoint, no resume. */
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
