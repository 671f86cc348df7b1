/*
 * mexico.h - loaders of Mexico's regions from the data directory (see
 * data/README.md) into a pz__geo (world/geo.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_IO_MEXICO_H
#define PLAZA_IO_MEXICO_H

#include "plaza/plaza.h"
#include "world/geo.h"

/* Loaders from the data directory (README.md, Data).  Each
 * error names the file, line, column and value.  Each file read is passed
 * to note(ud, path, err) (for the manifest; note may be NULL).  The
 * loaders do not call pz__geo_finish. */
typedef pz_status (*pz__note_file)(void *ud, const char *path, pz_error *err);

/* dir/mexico/state2020.csv (region, state_name, pop) and
 * state_adjacency.csv (a, b); state coordinates are the population-
 * weighted mean of their municipal seats from mun2020.csv. */
pz_status pz__geo_load_states(pz__geo *g, const char *dir, pz__note_file note,
                              void *ud, pz_error *err);
/* dir/mexico/mun2020.csv (region = CVEGEO, municipio_name, state_name, pop,
 * long, lat) and mun_adjacency.csv (a, b). */
pz_status pz__geo_load_municipalities(pz__geo *g, const char *dir,
                                      pz__note_file note, void *ud,
                                      pz_error *err);
/* dir/mexico/inegi_homicides_mun_month_1990_2015.csv (year, cvegeo,
 * homicides), when the file exists: each region's prewar homicides, those
 * registered in 1997-2006 in its state (codes XX998/XX999 of unspecified
 * places left out), a municipality's shared among its state's
 * municipalities by population.  Without the file, prewar stays NAN. */
pz_status pz__geo_load_prewar(pz__geo *g, const char *dir, pz__note_file note,
                              void *ud, pz_error *err);
/* dir/mexico/places.csv (cvegeo, kind, name, note): each place is added to
 * the region holding it (its municipality, or at state resolution the
 * state of the first two digits).  Unknown codes or kinds are errors. */
pz_status pz__geo_load_places(pz__geo *g, const char *dir, pz__note_file note,
                              void *ud, pz_error *err);

#endif /* PLAZA_IO_MEXICO_H */
