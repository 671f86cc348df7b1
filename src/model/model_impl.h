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

#include "plaza/model.h"
#include "plaza/rng.h"
#include "world/scenario.h"

typedef struct pz__regional pz__regional;
typedef struct pz__leaders pz__leaders;
typedef struct pz__gov pz__gov;

/* A group may not exceed this many members: past it the parameters have
 * made the model explode (and Poisson counts would overflow). */
#define PZ__MAX_MEMBERS 1e9

/* per-group rates of the four flows, members/week */
typedef struct rates {
    double *rec, *arr, *dea, *exi;
} rates;

struct pz_model {
    size_t n;    /* groups now: the scenario's, then splinters */
    size_t n0;   /* the scenario's groups */
    size_t cap;  /* room for groups: n0 + max_new_groups with regions */
    char **name; /* cap entries, n used */
    /* network: rivalries in CSR, alliance totals */
    size_t *row, *col;
    double *w, *ally, *inv_ally; /* inv_ally[i] = 1/(A_i + 1) */
    unsigned netver; /* counts the changes of row, col (set_network) */
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
    pz__regional *reg;     /* the regional layer, or NULL */
    pz__leaders *lead;     /* leaders and splits (with regions), or NULL */
    pz__gov *gov;          /* government (with regions), or NULL */
    double *shock;         /* cap: succession violence in force per group */
    struct pz__wars *wars; /* dated wars of the timeline, or NULL */
    double homicides;      /* last week's homicides, members and others */
    char errmsg[512];
};

/* Recruitment rate after deterrence, with the national arrest risk
 * (*risk), at national total S. */
double pz__recruitment(const pz_model *m, double S, double *risk);

/* The regional layer (model/regional.c). */
pz_status pz__regional_create(pz_model *m, const pz_scenario *sc,
                              pz_error *err);
pz_status pz__regional_copy(pz_model *dst, const pz_model *src, pz_error *err);
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
/* Rebuilds the regional layer's alliance rows from net (after a split). */
int pz__regional_set_allies(pz__regional *r, const pz__network *net);
/* Moves share (deterministic) or a binomial draw (stochastic) of group
 * g's members in region i to group h; returns the members moved, or -1
 * when out of memory. */
double pz__regional_transfer(pz_model *m, size_t i, uint32_t g, uint32_t h,
                             double share, int stochastic);
/* Moves count members (at most the cell) of group g in region i to h;
 * returns the members moved, or -1 when out of memory. */
double pz__regional_move(pz_model *m, size_t i, uint32_t g, uint32_t h,
                         double count);
/* Splits every cell of group g among g (shares[0]) and the groups
 * to[0..k-2] (shares[1..k-1]); returns the members moved out of g, or
 * -1. */
double pz__regional_split(pz_model *m, uint32_t g, const size_t *to, unsigned k,
                          const double *shares, int stochastic);
/* The region where group g has most members (lowest index on ties), or
 * (size_t)-1 when it has none. */
size_t pz__regional_stronghold(const pz_model *m, uint32_t g);

/* Views of the regional layer for the government layer: regions (or
 * states), a region's state, value and members, every unit's members per
 * group (units x G, G = m->cap), alliances. */
size_t pz__regional_count(const pz_model *m, int states);
size_t pz__regional_state_of(const pz_model *m, size_t i);
double pz__regional_value(const pz_model *m, size_t i);
double pz__regional_members(const pz_model *m, size_t i);
void pz__regional_totals(const pz_model *m, int states, double *tot);
/* tot is zero on entry to pz__regional_totals, which adds the cells'
 * members; pz__regional_totals_clear() sets the entries it wrote back to
 * zero (the cells unchanged since), instead of clearing units x G. */
void pz__regional_totals_clear(const pz_model *m, int states, double *tot);
int pz__regional_allied(const pz_model *m, uint32_t g, uint32_t h);
/* The cell holding the member at u (in [0, 1)) of all members, in region
 * then cell order; 0, or -1 when there is none. */
int pz__regional_pick_cell(const pz_model *m, double u, size_t *region,
                           uint32_t *group);
/* The group with most members in region i that is neither g nor g's ally,
 * or -1. */
long pz__regional_rival_in(const pz_model *m, size_t i, uint32_t g);
/* Conflict multiplier of region i after lieutenants' captures (<= 1). */
double pz__leaders_calm(const pz_model *m, size_t i);

/* The government layer (model/government.c). */
pz_status pz__gov_create(pz_model *m, const pz_scenario *sc, pz_error *err);
pz_status pz__gov_copy(pz_model *dst, const pz_model *src, pz_error *err);
void pz__gov_destroy(pz__gov *g);
/* Start of a step (before the timeline): decays heat and pressure. */
void pz__gov_begin(pz_model *m);
/* After the leaders' removals: elections, exposure, bribes. */
pz_status pz__gov_step(pz_model *m);
pz_status pz__gov_scripted(pz_model *m, const pz__change *c);
/* Enforcement against group g in region i relative to a clean
 * government (1), with US pressure. */
double pz__gov_enforcement(const pz_model *m, size_t i, uint32_t g);
/* The three offices of region i (payer and kind), and whether all are
 * clean: then the enforcement is the same for every group.
 * pz__gov_enforcement_at(m, &of, g) is pz__gov_enforcement(m, i, g). */
typedef struct pz__gov_offices {
    int32_t payer[PZ__GOV_LEVELS];
    int kind[PZ__GOV_LEVELS];
    int clean;
} pz__gov_offices;
void pz__gov_offices_of(const pz_model *m, size_t i, pz__gov_offices *out);
double pz__gov_enforcement_at(const pz_model *m, const pz__gov_offices *of,
                              uint32_t g);
/* Conflict multiplier of region i (post-election competition). */
double pz__gov_heat(const pz_model *m, size_t i);
/* Share of the federal offices that protect group g directly (its
 * leader's protection bought at the federal level), 0 without
 * government. */
double pz__gov_shield(const pz_model *m, uint32_t g);
/* pz__gov_shield() of every group g < m->n, into out[g], at once. */
void pz__gov_shields(const pz_model *m, double *out);
/* US pressure in force (0 without government). */
double pz__gov_pressure(const pz_model *m);
int pz__gov_save(const pz_model *m, FILE *f);
pz_status pz__gov_load(pz_model *m, FILE *f, pz_error *err);

/* The leaders layer (model/leaders.c). */
pz_status pz__leaders_create(pz_model *m, const pz_scenario *sc, pz_error *err);
pz_status pz__leaders_copy(pz_model *dst, const pz_model *src, pz_error *err);
void pz__leaders_destroy(pz__leaders *l);
/* After the timeline's changes of a step: draws this week's removals.
 * PZ_OK or PZ_ERR_NOMEM. */
pz_status pz__leaders_step(pz_model *m);
/* A dated leader event or defection of the timeline. */
pz_status pz__leaders_scripted(pz_model *m, const pz__change *c);
/* Start of a step, before the timeline's changes: forgets the last
 * step's events and decays the succession shocks. */
void pz__leaders_clear(pz_model *m);
int pz__leaders_save(const pz_model *m, FILE *f);
pz_status pz__leaders_load(pz_model *m, FILE *f, pz_error *err);
/* Copies the live network's rows into the model (m->row ...) */
int pz__model_set_network(pz_model *m, const pz__network *net);

/* Dated wars (model/wars.c). */
typedef struct pz__war {
    uint32_t g, h;    /* the two groups */
    long from, until; /* steps: in force for from <= t < until */
    double weight;
    unsigned order; /* the timeline change's (unique) */
    uint32_t key;   /* its rank by order: the scenario's timeline wars
                       first, then the policy's (the draws' key) */
    size_t *region, nregion;
    size_t nfront; /* this week: its regions where both sides are */
} pz__war;
typedef struct pz__wars pz__wars;
/* Builds m->wars from m's timeline and the masks of sc (after the
 * timeline is built and, with regions, the regional layer made). */
pz_status pz__wars_build(pz_model *m, const pz_scenario *sc, pz_error *err);
void pz__wars_destroy(pz__wars *w);
/* The war of timeline change c (a PZ__WAR change of m->change), or NULL. */
const pz__war *pz__war_at(const pz_model *m, const pz__change *c);
/* At a war's start: the mobilization.  PZ_OK or PZ_ERR_NOMEM. */
pz_status pz__wars_start(pz_model *m, const pz__change *c);
/* At the start of the regional step: counts, for every war in force, the
 * regions where both its sides have members. */
void pz__wars_week(pz_model *m);
/* In region i this week, with members per group x: each group's war
 * deaths a week, scale x weight x x_g x_h / (x_g + x_h) summed over the
 * wars in force there (a scratch of m->cap entries, to be cleared with
 * pz__wars_region_clear), or NULL when no war is in force there. */
double *pz__wars_region(const pz_model *m, size_t i, const double *x,
                        double scale);
void pz__wars_region_clear(const pz_model *m, size_t i);
/* Moves a share of each of group g's cells into regions to[0..k),
 * equally (model/regional.c); in stochastic mode the draws of cell (i, g)
 * are keyed by (WARS, i G + g, key).  Returns the members moved, or -1. */
double pz__regional_mobilize(pz_model *m, uint32_t g, const size_t *to,
                             size_t k, double share, int stochastic,
                             uint32_t key);

#endif /* PLAZA_MODEL_IMPL_H */
