/*
 * model_impl.h - the inside of a pz_model, shared by the national model
 * (model/national.c) and the regional layer (model/regional.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_MODEL_IMPL_H
#define PLAZA_MODEL_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "io/scenario_impl.h"
#include "plaza/model.h"
#include "plaza/rng.h"

typedef struct pz__regional pz__regional;

/* A group may not exceed this many members: past it the parameters have
 * made the model explode (and Poisson counts would overflow). */
#define PZ__MAX_MEMBERS 1e9

/* per-group rates of the four flows, members/week */
typedef struct rates {
    double *rec, *arr, *dea, *exi;
} rates;

struct pz_model {
    size_t n;
    char **name;
    /* network: rivalries in CSR, alliance totals */
    size_t *row, *col;
    double *w, *ally, *inv_ally; /* inv_ally[i] = 1/(A_i + 1) */
    /* parameters in force, and the timeline of changes sorted by step */
    double p[PZ_P_COUNT];
    pz__change *change;
    size_t nchange, next;
    long start;
    uint32_t t, steps;
    uint32_t replicate;
    /* state and last week's flows */
    double *C;
    double *rec, *arr, *dea, *exi;
    /* scratch: four sets of rates (RK4 stages) and a state */
    rates k[4];
    double *tmp;
    pz_rng rng;
    int have_rng;
    pz__regional *reg; /* the regional layer, or NULL */
    double homicides;  /* last week's homicides, members and others */
    char errmsg[512];
};

/* Recruitment rate after deterrence, with the national arrest risk
 * (*risk), at national total S. */
double pz__recruitment(const pz_model *m, double S, double *risk);

/* The regional layer (model/regional.c). */
pz_status pz__regional_create(pz_model *m, const pz_scenario *sc,
                              pz_error *err);
pz_status pz__regional_copy(pz_model *dst, const pz_model *src,
                            pz_error *err);
void pz__regional_destroy(pz__regional *r);
/* Advances the regional layer one week and sets the groups' totals and
 * flows (m->C, m->rec, ...) and m->homicides.  Returns as pz_model_step. */
pz_status pz__regional_step(pz_model *m);
/* Writes / reads the regional layer's state (model/regional.c). */
int pz__regional_save(const pz_model *m, FILE *f);
pz_status pz__regional_load(pz_model *m, FILE *f, pz_error *err);
/* Whole-buffer I/O helpers: 0 on success, -1 on a short write or read. */
int pz__put(FILE *f, const void *p, size_t n);
int pz__get(FILE *f, void *p, size_t n);
/* Sets the enforcement focus (multiplier) of one region. */
void pz__regional_focus(pz_model *m, size_t region, double value);

#endif /* PLAZA_MODEL_IMPL_H */
