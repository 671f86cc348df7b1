/*
 * state.h - the model's shared state: what the mechanisms of the week
 * (model/mechanism.h, listed in order by model/step.c) read and write.
 *
 *  - the groups: names, members C, last week's flows, the rivalry and
 *    alliance rows of the live network, succession shocks;
 *  - the parameters in force and the timeline of dated changes;
 *  - with regions (pz__regional): the region x group cells and their
 *    scratch, the geography, and the per-region multipliers that one
 *    mechanism writes and others read: the enforcement focus (timeline),
 *    the lieutenants' calm (leaders), the post-election heat, the offices
 *    and the US pressure (government), this week's war deaths (wars);
 *  - the week's homicides;
 *  - each mechanism's private state and whether it is switched on.
 *
 * A mechanism includes this header, model/mechanism.h and lower layers,
 * never another mechanism's file, and calls no other mechanism's
 * function.  The operations on the cells (moves, splits, views, the
 * week's census) are the shared state's own (model/cells.c); so are the
 * enforcement factors of the offices (model/cells.c, read by enforcement
 * and the leaders) and the recruitment law pz__recruitment (model/model.c,
 * used by recruitment and the national solver).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_MODEL_STATE_H
#define PLAZA_MODEL_STATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/calendar.h"
#include "plaza/model.h"
#include "plaza/rng.h"
#include "world/scenario.h"

/* The mechanisms, in the week's order (model/step.c). */
typedef enum pz__mech_id {
    PZ__M_TIMELINE,    /* dated changes (model/timeline.c) */
    PZ__M_LEADERS,     /* removals, splits, lieutenants (model/leaders.c) */
    PZ__M_GOVERNMENT,  /* offices, bribes, elections (model/government.c) */
    PZ__M_WARS,        /* dated wars: fronts, mobilization (model/wars.c) */
    PZ__M_CONFLICT,    /* rivalry deaths per cell (model/conflict.c) */
    PZ__M_ENFORCEMENT, /* arrests per cell (model/enforcement.c) */
    PZ__M_RECRUITMENT, /* recruitment rate, room (model/recruitment.c) */
    PZ__M_NATIONAL,    /* without regions: the groups' flows (national.c) */
    PZ__M_FLOWS,       /* with regions: the cells' flows (model/flows.c) */
    PZ__M_MOVEMENT,    /* expansion (model/movement.c) */
    PZ__M_ACCOUNTING,  /* totals, homicides, checks (model/accounting.c) */
    PZ__M_COUNT
} pz__mech_id;

/* A group may not exceed this many members: past it the parameters have
 * made the model explode (and Poisson counts would overflow). */
#define PZ__MAX_MEMBERS 1e9

/* per-group rates of the four flows, members/week */
typedef struct rates {
    double *rec, *arr, *dea, *exi;
} rates;

typedef struct pz__regional pz__regional;

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
    pz__regional *reg; /* the regions' shared state, or NULL */
    double *shock;     /* cap: succession violence in force per group */
    double homicides;  /* last week's homicides, members and others */
    /* the mechanisms: private state (NULL when none), and on[id] when
     * the scenario leaves mechanism id switched on */
    void *mech[PZ__M_COUNT];
    unsigned char on[PZ__M_COUNT];
    char errmsg[512];
};

/* ---- the regions' shared state ------------------------------------------ */

typedef struct cell {
    uint32_t g;
    double x;
} cell;

typedef struct rlist {
    cell *c;
    uint32_t n, cap;
} rlist;

/* A cell whose events need the samplers (stochastic mode): its index in
 * the region's list and its rates. */
typedef struct pending {
    uint32_t c;
    unsigned n;
    double rec, ph, arr, dea, exi;
} pending;

typedef struct move {
    uint32_t from, to, g;
    double x;
} move;

/* An office of a level in one jurisdiction (model/government.c). */
typedef struct pz__office {
    int32_t payer; /* group, or -1 */
    uint8_t kind;  /* PZ__CLEAN, PZ__INDIRECT, PZ__DIRECT */
    uint8_t fixed; /* given as fixed by the scenario */
    double integ;  /* integrity override, or -1 for the level's parameter */
} pz__office;

/* This week's war deaths per region (written by model/wars.c, read by
 * model/flows.c): region i's groups g[k] lose v[k] members a week, for k
 * in [row[i], row[i + 1]). */
typedef struct pz__war_deaths {
    size_t *row;
    uint32_t *g;
    double *v;
} pz__war_deaths;

struct pz__regional {
    size_t R, G, nstates;
    int municipal;
    double *pop;
    double *bgpop; /* people the background homicides are shared by:
                    * pop, or (prewar) the national population shared
                    * by the regions' homicides of 1997-2006 */
    unsigned (*places)[PZ_PLACE_KINDS];
    size_t *adj_row, *adj_col;
    double *adj_km;
    size_t *state;
    char **code, **name;
    char (*state_code)[3];
    char **state_name;
    size_t *ally_row, *ally_col;
    unsigned ally_ver; /* counts the changes of the alliances (written by
                          pz__regional_set_allies, read by conflict) */
    rlist *cells;
    /* per-region multipliers, each written by one mechanism */
    double *focus; /* R: enforcement focus (timeline) */
    double *calm;  /* R: conflict drop after lieutenants' captures
                      (leaders) */
    double *heat;  /* R: post-election conflict multiplier - 1
                      (government) */
    pz__office *off[PZ__GOV_LEVELS]; /* offices per unit (government) */
    size_t nunits[PZ__GOV_LEVELS];   /* units: regions, states, states */
    double pressure;                 /* US pressure in force (government) */
    int offices;               /* the offices act (the government is on) */
    const pz__war_deaths *war; /* this week's, or NULL (wars) */
    /* the week: totals at its start (pz__cells_census), then what the
     * rate mechanisms write for the flows */
    double S;      /* members in all, at the week's start */
    size_t ncells; /* cells at the week's start */
    int was_fresh; /* r->fresh at the week's start */
    double *mult;  /* R: conflict multiplier, calm x heat (conflict) */
    double *dc;    /* per cell: rivalry deaths this week (conflict) */
    double *ca;    /* per cell: arrests this week (enforcement) */
    size_t pccap;  /* room of dc and ca */
    double rho;    /* recruits per member after deterrence (recruitment) */
    double *room;  /* R: recruitment room f_r (recruitment) */
    /* last week, per region */
    double *members, *deaths, *arrests, *homicides;
    /* shared scratch of the week: each written by one party and read by
     * others (a mechanism's own scratch is in its private state) */
    double *M;          /* R: members at the week's start (written by
                           pz__cells_census; read by conflict, enforcement,
                           recruitment, movement) */
    double *state_tmp;  /* G: state aggregation (model/cells.c alone) */
    int32_t *where;     /* R x G: index of the group's cell in the region's
                           list, or -1 (kept by model/cells.c; read by all) */
    double *xg;         /* G x R, group-major: members of each cell during
                           stochastic expansion, else 0 (filled by flows,
                           read by movement, emptied by accounting) */
    int xg_set;         /* xg holds the cells' members, to be emptied (set by
                           flows, cleared by accounting, pz__cells_empty_xg) */
    int fresh;          /* m->C and members are the sums over the cells, in
                           the step's order: set by the step's end, cleared
                           by any change of the cells outside the step */
    uint32_t (*blk)[4]; /* per cell (regions in order, then the cells of
                           each), stochastic: the first block of the cell's
                           events, its last word set aside for the
                           movement draw (written by flows, read by
                           movement) */
    uint32_t *ent;      /* per cell: its entity, region * G + group
                           (written by accounting for next week, or by
                           flows; read by flows) */
    size_t blkcap;      /* room of blk and ent (flows; read by accounting) */
    int ent_ok;         /* ent holds the cells' entities, written by the
                           step's end (accounting; valid while fresh; read by
                           flows) */
};

/* Group g's cell in region reg, or NULL. */
static inline cell *pz__cell_find(pz__regional *r, size_t reg, uint32_t g)
{
    int32_t k = r->where[reg * r->G + g];
    return k >= 0 ? &r->cells[reg].c[k] : NULL;
}

static inline const cell *pz__cell_find_c(const pz__regional *r, size_t reg,
                                          uint32_t g)
{
    int32_t k = r->where[reg * r->G + g];
    return k >= 0 ? &r->cells[reg].c[k] : NULL;
}

/* ---- operations on the shared state (model/cells.c, model/model.c) ------ */

/* Copies the live network's rows into the model (m->row ...). */
int pz__model_set_network(pz_model *m, const pz__network *net);

/* Recruitment rate after deterrence, with the national arrest risk
 * (*risk), at national total S (model/model.c). */
double pz__recruitment(const pz_model *m, double S, double *risk);

/* The regions' shared state: made from the scenario with every group in
 * its home, copied for a fork, released. */
pz_status pz__regional_create(pz_model *m, const pz_scenario *sc,
                              pz_error *err);
pz_status pz__regional_copy(pz_model *dst, const pz_model *src, pz_error *err);
void pz__regional_destroy(pz__regional *r);
/* Writes / reads the cells, focus and last regional figures. */
int pz__regional_save(const pz_model *m, FILE *f);
pz_status pz__regional_load(pz_model *m, FILE *f, pz_error *err);
/* Whole-buffer I/O helpers: 0 on success, -1 on a short write or read. */
int pz__put(FILE *f, const void *p, size_t n);
int pz__get(FILE *f, void *p, size_t n);
/* Sets the enforcement focus (multiplier) of one region. */
void pz__regional_focus(pz_model *m, size_t region, double value);
/* Rebuilds the regions' alliance rows from net (after a split). */
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
/* Moves a share of each of group g's cells into regions to[0..k),
 * equally; in stochastic mode the draws of cell (i, g) are keyed by
 * (WARS, i G + g, key).  Returns the members moved, or -1. */
double pz__regional_mobilize(pz_model *m, uint32_t g, const size_t *to,
                             size_t k, double share, int stochastic,
                             uint32_t key);
/* The region where group g has most members (lowest index on ties), or
 * (size_t)-1 when it has none. */
size_t pz__regional_stronghold(const pz_model *m, uint32_t g);

/* Views of the cells: regions (or states), a region's state and value
 * (pz__region_value: of the places given, under parameters p), every
 * unit's members per group (units x G, G = m->cap), alliances. */
size_t pz__regional_count(const pz_model *m, int states);
size_t pz__regional_state_of(const pz_model *m, size_t i);
double pz__regional_value(const pz_model *m, size_t i);
double pz__region_value(const double *p, const unsigned *places);
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
/* Adds x members to group g's cell in region reg (made when absent);
 * 0, or -1 when out of memory. */
int pz__cells_add(pz__regional *r, size_t reg, uint32_t g, double x);
/* r->xg emptied through the cells, which include every cell it was
 * filled from. */
void pz__cells_empty_xg(pz__regional *r);
/* The week's start: the totals M, S and m->C from the cells (those of
 * the last week's end when no cell changed since), and room for the
 * per-cell arrays.  PZ_OK or PZ_ERR_NOMEM (message in m->errmsg). */
pz_status pz__cells_census(pz_model *m);
/* pz__realloc(p, n * size), or p itself with *ok cleared when that fails. */
void *pz__grown(void *p, size_t n, size_t size, int *ok);

/* The offices (shared; the government mechanism writes them).  The
 * three offices of region i (payer and kind), and whether all are clean:
 * then the enforcement is the same for every group. */
typedef struct pz__gov_offices {
    int32_t payer[PZ__GOV_LEVELS];
    int kind[PZ__GOV_LEVELS];
    int clean;
} pz__gov_offices;
void pz__gov_offices_of(const pz_model *m, size_t i, pz__gov_offices *out);
/* Enforcement against group g under offices of relative to a clean
 * government (1), with US pressure. */
double pz__gov_enforcement_at(const pz_model *m, const pz__gov_offices *of,
                              uint32_t g);
/* Share of the federal offices that protect group g directly, for every
 * group g < m->n, into out[g] (0 without offices). */
void pz__gov_shields(const pz_model *m, double *out);
/* US pressure in force (0 without regions). */
double pz__gov_pressure(const pz_model *m);

#endif /* PLAZA_MODEL_STATE_H */
