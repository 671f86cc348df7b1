/*
 * rundir.h - atomic writing of a run directory (docs/OUTPUTS.md, Run
 * directories).
 *
 * Tables are atomic files (base/atomic.h), synced to disk before any is
 * renamed to its real name by pz__rundir_commit(), in the order they were
 * opened (so open the manifest last).
 *
 * pz__rundir_open_run() writes a run's set of tables: into a hidden
 * staging directory beside it, ".NAME.tmp-PID", renamed into place at
 * commit (a new directory) or exchanged atomically with the old run
 * directory (renameat2 RENAME_EXCHANGE), which is then removed.  So a run
 * directory holds the complete old set or the complete new one, never a
 * mix, and a failed run leaves nothing (but a checkpoint, written into
 * the run directory itself: pz__rundir_make_final).  A directory holding
 * anything but tables (or ".", or a symbolic link) is written in place instead:
 * the old manifest.json is removed first and the new one renamed last, so a
 * directory without a manifest is incomplete.  A checkpoint.plz of the
 * replaced run stays unless the new run writes one.
 *
 * pz__rundir_open() writes single tables (event_study.csv,
 * signatures.csv) in place, into any directory.
 *
 * A run killed before its commit leaves only hidden temporaries; the next
 * run in the same place removes those of processes that no longer exist.
 * The test hook PLAZA_TEST_RUNDIR_FAULT=kill:N or fail:N kills the
 * process or fails at the N-th step of a commit (each table's rename,
 * the sync, the swap).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_IO_RUNDIR_H
#define PLAZA_IO_RUNDIR_H

#include <stdio.h>

#include "base/atomic.h"
#include "base/csvjson.h" /* the writers of the tables use it */
#include "plaza/plaza.h"
#include "plaza/scenario.h"

#define PZ__RUNDIR_MAX 8

typedef struct pz__rundir {
    char *dir;      /* where the tables are written */
    char *final;    /* the run directory */
    int staged;     /* dir is a staging directory, to be renamed to final */
    int whole;      /* in place, for a run's whole set of tables */
    unsigned wrote; /* the tables of run directories it writes (a bit each) */
    size_t n;
    pz__atomic t[PZ__RUNDIR_MAX]; /* the tables, in the order opened */
} pz__rundir;

/* Creates dir (and missing parents), for tables written in place. */
pz_status pz__rundir_open(pz__rundir *rd, const char *dir, pz_error *err);
/* Prepares the run directory dir (and creates missing parents) for a
 * run's whole set of tables, staged when it can be (see above); rd->dir
 * is where they are written, e.g. a checkpoint. */
pz_status pz__rundir_open_run(pz__rundir *rd, const char *dir, pz_error *err);
/* Creates the run directory rd->final now if missing (a staged run
 * creates it at commit), for a file that must outlive a run killed later:
 * the checkpoint.  The commit keeps such a checkpoint.plz. */
pz_status pz__rundir_make_final(pz__rundir *rd, pz_error *err);
/* Opens table name for writing; *f is owned by rd. */
pz_status pz__rundir_table(pz__rundir *rd, const char *name, FILE **f,
                           pz_error *err);
/* Closes and syncs every table (checking for write errors), renames them
 * into place (and the staging directory), syncing the directories.  On
 * failure removes the temporaries and the staging directory. */
pz_status pz__rundir_commit(pz__rundir *rd, pz_error *err);
/* Removes every temporary and frees rd. */
void pz__rundir_abort(pz__rundir *rd);

/* The manifest's opening: {"plaza_version", "command", "scenario": {...}
 * (no trailing comma). */
void pz__manifest_head(FILE *f, const pz_scenario *sc, const char *command);
/* "parameters": {every resolved parameter} (no trailing comma). */
void pz__manifest_parameters(FILE *f, const pz_scenario *sc);

/* "data_files": [{"path", "sha256"} of every data file the scenario read]
 * (no trailing comma). */
void pz__manifest_data_files(FILE *f, const pz_scenario *sc);

#endif /* PLAZA_IO_RUNDIR_H */
