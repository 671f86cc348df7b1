/*
 * rundir.h - atomic writing of a run directory.
 *
 * Tables are atomic files (base/atomic.h): opened under hidden temporary
 * names (".NAME.tmp-PID") inside the run directory, and renamed to their
 * real names only by pz__rundir_commit(), once every one is on disk, in
 * the order they were opened (so open the manifest last).  pz__rundir_abort()
 * removes the temporaries.  A run that dies in between leaves only hidden
 * temporaries, never a half-written table under a real name; the next run in
 * the same directory removes the temporaries of runs that no longer exist.
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
    char *dir;
    size_t n;
    pz__atomic t[PZ__RUNDIR_MAX]; /* the tables, in the order opened */
} pz__rundir;

/* Creates dir (and missing parents). */
pz_status pz__rundir_open(pz__rundir *rd, const char *dir, pz_error *err);
/* Opens table name for writing; *f is owned by rd. */
pz_status pz__rundir_table(pz__rundir *rd, const char *name, FILE **f,
                           pz_error *err);
/* Closes every table (checking for write errors) and renames them into
 * place.  On failure removes the temporaries. */
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
