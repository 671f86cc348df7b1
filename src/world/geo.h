/*
 * geo.h - the regions a run happens on: Mexico's 32 states or its 2,469
 * municipalities, with population, seat coordinates, adjacency (with the
 * distance between neighbouring seats) and the valuable places they hold.
 *
 * Regions are added one by one (from a scenario's inline list, or from the
 * data directory by the loaders of io/mexico.h; `municipal` is set by the
 * municipal loader, or by the scenario reader for 5-digit codes), then
 * pz__geo_finish() checks the
 * adjacency, builds its compressed rows with distances and maps every
 * region to its state (for output aggregation).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_WORLD_GEO_H
#define PLAZA_WORLD_GEO_H

#include <stddef.h>

#include "plaza/plaza.h"

/* Kinds of valuable places (docs/MODEL.md, M3). */
typedef enum pz__place_kind {
    PZ_PLACE_BORDER_CROSSING,
    PZ_PLACE_SOUTHERN_BORDER,
    PZ_PLACE_SEAPORT,
    PZ_PLACE_PRODUCTION, /* poppy, marijuana */
    PZ_PLACE_CITY,       /* large city: labs, extortion */
    PZ_PLACE_PIPELINE,   /* fuel theft */
    PZ_PLACE_MIGRANT_ROUTE,
    PZ_PLACE_KINDS
} pz__place_kind;

/* Names as written in data and scenarios ("border_crossing", ...); returns
 * the kind or -1. */
int pz__place_kind_lookup(const char *name);
/* The kind's name, or NULL for a value outside the list. */
const char *pz__place_kind_name(pz__place_kind k);
/* The names, for messages. */
#define PZ__PLACE_KIND_LIST                                                    \
    "border_crossing, southern_border, seaport, production, city, "            \
    "pipeline, migrant_route"

typedef struct pz__region {
    char code[8]; /* INEGI code: "16" (state) or "16053" (municipality) */
    char *name;
    char *state_name;  /* the state's name (for a state, its own name) */
    size_t state;      /* index into pz__geo.state_code after finish */
    double population; /* inhabitants, 2020 census */
    double lon, lat;   /* seat (municipality) or centroid (state), degrees */
    double prewar;     /* homicides registered 1997-2006 (NAN: not given) */
    unsigned places[PZ_PLACE_KINDS]; /* count of places of each kind */
} pz__region;

typedef struct pz__place {
    size_t region;
    pz__place_kind kind;
    char *name;
} pz__place;

typedef struct pz__geo {
    int municipal; /* 0: states; 1: municipalities */
    size_t n, cap;
    pz__region *r;
    /* adjacency pairs as added; after finish: CSR, symmetric, sorted */
    size_t *pair_a, *pair_b;
    size_t npair, cappair;
    size_t *adj_row; /* n + 1 */
    size_t *adj_col;
    double *adj_km; /* great-circle distance between the seats */
    /* places */
    pz__place *place;
    size_t nplace, capplace;
    /* the states regions aggregate to (for states: the regions themselves) */
    size_t nstates;
    char (*state_code)[3];
    char **state_name;
} pz__geo;

void pz__geo_init(pz__geo *g);
void pz__geo_release(pz__geo *g);

/* Adds a region; code and names are copied.  Returns its index, or -1
 * when out of memory.  Duplicate codes are the caller's to check
 * (pz__geo_find). */
long pz__geo_add(pz__geo *g, const char *code, const char *name,
                 const char *state_name, double population, double lon,
                 double lat);
/* The code as stored (zero-padded to 8 bytes, for one 8-byte compare);
 * -1 when it is 8 characters or longer. */
int pz__geo_code_key(const char *code, char key[8]);
/* Index of the region with INEGI code `code`, or -1. */
long pz__geo_find(const pz__geo *g, const char *code);
/* Index of the region called `name` (exact match), or -1. */
long pz__geo_find_name(const pz__geo *g, const char *name);
/* Adds an adjacency pair (either order).  pz__geo_finish merges
 * duplicates and rewrites pair_a/pair_b/npair to the distinct pairs. */
int pz__geo_adjacent(pz__geo *g, size_t a, size_t b);
/* Adds a place of kind k in region r. */
int pz__geo_place(pz__geo *g, size_t r, pz__place_kind k, const char *name);
/* Builds the adjacency rows with distances, and the state index of every
 * region (states: themselves; municipalities: by the first two digits of
 * the code).  Fails (PZ_ERR_INPUT) on a self-adjacency. */
pz_status pz__geo_finish(pz__geo *g, pz_error *err);

/* Great-circle distance in km between two points given in degrees. */
double pz__geo_km(double lon1, double lat1, double lon2, double lat2);

#endif /* PLAZA_WORLD_GEO_H */
