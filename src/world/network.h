/*
 * network.h - the groups and their rivalry and alliance network.
 *
 * Groups are added by name; rivalry and alliance edges are added in any
 * order and direction and symmetrised with max (as PC2023 do).  After
 * pz__network_finish() the rivalries are in compressed rows (the sparse
 * part of the conflict kernel), with each group's total alliance weight
 * A_i and network strength (rivalry plus alliance weight).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_MODEL_NETWORK_H
#define PLAZA_MODEL_NETWORK_H

#include <stddef.h>

typedef struct pz__edge {
    size_t i, j;
    double w;
} pz__edge;

typedef struct pz__group {
    char *name;
    char *state;       /* main state, or NULL */
    double members;    /* listed initial members, or -1 when not given */
    int structure;     /* PZ__STRUCT_*: how its leader's removal ends */
    double protection; /* in [0, 1]: how much of the kingpin effort its
                          leader escapes (protection bought at the federal
                          level) */
} pz__group;

enum {
    PZ__STRUCT_UNKNOWN = 0,
    PZ__STRUCT_HIERARCHICAL = 1,
    PZ__STRUCT_FEDERATED = 2
};

typedef struct pz__network {
    size_t n, cap;
    pz__group *g;
    /* edges as added (both kinds), before symmetrisation */
    pz__edge *rival_in, *ally_in;
    size_t nrival_in, nally_in, caprival, capally;
    /* after finish: rivalries in CSR, symmetric, max-merged */
    size_t *row; /* n + 1 offsets into col/w */
    size_t *col;
    double *w;
    double *alliance; /* A_i, total symmetrised alliance weight */
    size_t *ally_row; /* n + 1 offsets into ally_col: allies, sorted */
    size_t *ally_col;
    double *strength; /* rivalry + alliance weight */
    size_t nally_pairs, nrival_pairs;
} pz__network;

void pz__network_init(pz__network *net);
void pz__network_release(pz__network *net);
/* Adds a group; returns its index or -1 when out of memory.  name and state
 * are copied. */
long pz__network_add(pz__network *net, const char *name, const char *state,
                     double members);
/* Index of the group called name, or -1. */
long pz__network_find(const pz__network *net, const char *name);
/* Adds an edge; 0 or -1 when out of memory. */
int pz__network_rival(pz__network *net, size_t i, size_t j, double w);
int pz__network_ally(pz__network *net, size_t i, size_t j, double w);
/* Symmetrises and builds the rows; 0 or -1 when out of memory. */
int pz__network_finish(pz__network *net);
/* 1 when groups i and j are allies (alliance weight > 0), else 0. */
int pz__network_allied(const pz__network *net, size_t i, size_t j);
/* Deep copy of a finished network; 0 or -1. */
int pz__network_copy(pz__network *dst, const pz__network *src);

#endif /* PLAZA_MODEL_NETWORK_H */
