/*
 * scenario_impl.h - what the scenario reader (io/scenario.c) asks of the
 * data loaders (io/groups_data.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_IO_SCENARIO_IMPL_H
#define PLAZA_IO_SCENARIO_IMPL_H

#include "world/scenario.h"

/* Reads the PC2023 group network (BACRIM2020 nodes, rivals, alliances)
 * from dir/pc2023/ into sc->net and records the files in sc->data.  where
 * names the scenario location asking for it, for messages. */
pz_status pz__load_pc2023(pz_scenario *sc, const char *data_dir,
                          const char *where, pz_error *err);

/* Reads the Mexican states or municipalities (with places) from
 * dir/mexico/ into sc->geo and records the files in sc->data. */
pz_status pz__load_mexico(pz_scenario *sc, const char *data_dir, int municipal,
                          const char *where, pz_error *err);

#endif /* PLAZA_IO_SCENARIO_IMPL_H */
