/*
 * atomic.h - files that appear whole or not at all.
 *
 * A file is written to a hidden temporary beside its real name,
 * "DIR/.NAME.tmp-PID", then flushed, synced to disk (fsync), closed and
 * renamed to "DIR/NAME", and DIR is synced.  Any failure removes the
 * temporary, so a file under its real name is always complete and a
 * failed write changes nothing.  A process killed in between can leave only the
 * hidden temporary (the run directories remove those of dead processes).
 *
 * Used by the run directories (io/rundir.h), checkpoints and the report.
 * Internal to libplaza (pz__ names).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_BASE_ATOMIC_H
#define PLAZA_BASE_ATOMIC_H

#include <stdio.h>

#include "plaza/plaza.h"

typedef struct pz__atomic {
    char *tmp;   /* the hidden temporary; NULL once renamed or removed */
    char *final; /* the real name */
    FILE *f;     /* open for writing until closed; owned by the struct */
} pz__atomic;

/* Opens a hidden temporary beside path for writing (buffered in 64 KiB)
 * into a->f.  On failure a holds nothing to release. */
pz_status pz__atomic_open(pz__atomic *a, const char *path, pz_error *err);

/* Checks a->f for write errors, flushes, syncs and closes it: the data are
 * on disk under the temporary name.  On failure removes the temporary and
 * releases a. */
pz_status pz__atomic_close(pz__atomic *a, pz_error *err);

/* Closes (as pz__atomic_close) if still open, renames the temporary to
 * the real name and releases a.  On failure removes the temporary. */
pz_status pz__atomic_commit(pz__atomic *a, pz_error *err);

/* Closes and removes the temporary, and releases a (safe to repeat). */
void pz__atomic_abort(pz__atomic *a);

#endif /* PLAZA_BASE_ATOMIC_H */
