/*
 * checkpoint.h - the run layer's side of checkpoints (exp/checkpoint.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_IO_CHECKPOINT_H
#define PLAZA_IO_CHECKPOINT_H

#include <stdint.h>

#include "io/rundir.h"
#include "plaza/model.h"
#include "plaza/run.h"

/* Writes dir/checkpoint.plz for m (at its current step), with the tables
 * of rd as written so far. */
pz_status pz__checkpoint_write(const char *dir, const pz_scenario *sc,
                               uint32_t replicate, const pz_model *m,
                               const pz__rundir *rd, pz_error *err);
/* Loads the checkpoint's state into m. */
pz_status pz__checkpoint_restore(const pz_checkpoint *ck, pz_model *m,
                                 pz_error *err);
/* The stored bytes of table name (NULL when it was not written). */
const char *pz__checkpoint_table(const pz_checkpoint *ck, const char *name,
                                 size_t *len);

#endif /* PLAZA_IO_CHECKPOINT_H */
