/*
 * model.h - the national model of criminal groups.
 *
 * One number per group: the model of Prieto-Curiel, Campedelli & Hope
 * (Science 381:1312, 2023), in which group i of C_i members changes each
 * week by
 *
 *   dC_i/dt = rho C_i - arrests_i - theta C_i sum_j K_ij C_j - omega C_i^2
 *
 * with arrests_i = eta C_i / sum(C) (a fixed national number) or
 * incapacitation_rate * C_i (proportional), K_ij = (R_ij + 1)/(A_i + 1),
 * and recruitment optionally deterred by the arrest risk.  It runs as an
 * ODE (deterministic mode) or as a stochastic process of integer members
 * whose weekly recruits, arrests, deaths and exits are drawn per group
 * from counter-based random numbers.  See docs/MODEL.md.
 *
 * A pz_model is created from a scenario, advanced one week at a time with
 * pz_model_step(), read with the accessors, and destroyed.  It keeps no
 * pointer into the scenario, which may be freed after creation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_MODEL_H
#define PLAZA_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "plaza/params.h"
#include "plaza/plaza.h"
#include "plaza/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pz_model pz_model;

/* Members at the current step, and what happened during the step that led
 * to it (all zero at step 0).  Always
 *   members = previous members + recruits - arrests - deaths - exits. */
typedef struct pz_flows {
    double members;
    double recruits;
    double arrests;
    double deaths;
    double exits;
} pz_flows;

/* Creates a model at step 0 from sc for the given replicate (replicates of
 * one seed draw independent random numbers; ignored in deterministic
 * mode).  On failure *out is NULL and err says why. */
pz_status pz_model_create(const pz_scenario *sc, uint32_t replicate,
                          pz_model **out, pz_error *err);

/* Creates a copy of m's state at its current step that continues under
 * scenario sc's parameters and timeline (e.g. another policy), with m's
 * seed and replicate, so that it draws the random numbers m would have.
 * sc must have the same groups as the scenario m was created from. */
pz_status pz_model_fork(const pz_model *m, const pz_scenario *sc,
                        pz_model **out, pz_error *err);

/* Destroys m.  NULL is allowed. */
void pz_model_destroy(pz_model *m);

/* Advances m by one week.  Returns PZ_OK; PZ_ERR_INPUT when the
 * parameters in force make a group explode (past 1e9 members);
 * PZ_ERR_NOMEM; or PZ_ERR_INTERNAL if an invariant broke.  err (may be
 * NULL) says why. */
pz_status pz_model_step(pz_model *m, pz_error *err);

/* Steps done so far (0 at creation). */
uint32_t pz_model_time(const pz_model *m);
/* The scenario's number of steps. */
uint32_t pz_model_steps(const pz_model *m);
/* Date of step t, days since 1970-01-01. */
long pz_model_date(const pz_model *m, uint32_t t);

size_t pz_model_group_count(const pz_model *m);
const char *pz_model_group_name(const pz_model *m, size_t i);

/* Group i's members and last-step flows. */
void pz_model_group(const pz_model *m, size_t i, pz_flows *out);

/* Sums over groups; *active (may be NULL) receives the number of groups
 * with at least one member. */
void pz_model_totals(const pz_model *m, pz_flows *out, size_t *active);

/* Homicides in the last week: members killed in conflict, people outside
 * the groups killed in the same conflicts (civilian_ratio) and homicides
 * unrelated to the groups (background_homicides).  Expected values in
 * deterministic mode, counts in stochastic mode. */
double pz_model_homicides(const pz_model *m);

/* The regional layer.  Regions are the scenario's own (states or
 * municipalities) at level PZ_LEVEL_REGIONS, or their states at
 * PZ_LEVEL_STATES (for a state-level run the two are the same).  A model
 * without regions has 0 of either. */
typedef enum pz_level { PZ_LEVEL_REGIONS = 0, PZ_LEVEL_STATES = 1 } pz_level;

typedef struct pz_region_stats {
    double population;
    double members;   /* members of all groups at the current step */
    double homicides; /* last week: member deaths + civilians + background */
    double deaths;    /* last week: members killed in conflict */
    double arrests;   /* last week */
    long controller;  /* group index controlling it, or -1 (contested or
                         empty): the group with the most members there,
                         holding at least control_threshold of them */
    double controller_share; /* that group's share of the members, or 0 */
    size_t groups;           /* groups with at least one member there */
} pz_region_stats;

size_t pz_model_region_count(const pz_model *m, pz_level level);
/* INEGI code ("16" or "16053") and name of region i at level. */
const char *pz_model_region_code(const pz_model *m, pz_level level, size_t i);
const char *pz_model_region_name(const pz_model *m, pz_level level, size_t i);
/* Fills *out for region i at level. */
void pz_model_region(const pz_model *m, pz_level level, size_t i,
                     pz_region_stats *out);
/* The neighbours of region i (regional level): their count, and their
 * indices in *out (valid while m lives). */
size_t pz_model_region_neighbours(const pz_model *m, size_t i,
                                  const size_t **out);
/* Members of group g in region i (regional level). */
double pz_model_cell(const pz_model *m, size_t i, size_t g);
/* The value of region i's places (regional level): the sum of value_KIND
 * times its places of that kind, with the parameters in force (docs/MODEL.md,
 * Movement). */
double pz_model_region_value(const pz_model *m, size_t i);

/* Leaders (model/leaders.c; scenarios with regions).  Each step may
 * remove leaders (the kingpin strategy, or dated events of the timeline);
 * a removal ends in succession or in a split that adds groups, so
 * pz_model_group_count() can grow during a run.  Events of the last step: */
typedef enum pz_event_kind {
    PZ_EVENT_CAPTURE = 0,     /* a leader captured */
    PZ_EVENT_KILLING = 1,     /* a leader killed */
    PZ_EVENT_EXTRADITION = 2, /* a leader captured and extradited */
    PZ_EVENT_DEFECTION = 3,   /* a cell went over to another group */
    PZ_EVENT_BREAKAWAY = 4,   /* a faction broke away, no leader removed */
    PZ_EVENT_TRANSFER = 5,    /* a leader already in custody extradited:
                                 recorded, changes nothing */
    PZ_EVENT_LIEUTENANT = 6   /* a lieutenant (the head of a group's cell
                                 in a region) captured */
} pz_event_kind;

typedef enum pz_event_outcome {
    PZ_OUTCOME_NONE = 0,       /* defections */
    PZ_OUTCOME_SUCCESSION = 1, /* the group goes on under a new leader */
    PZ_OUTCOME_SPLIT = 2,      /* the group broke into factions */
    PZ_OUTCOME_DEFECTED = 3    /* a lieutenant's cell went over to
                                  'other' */
} pz_event_outcome;

/* A split's factions besides the group, at most. */
#define PZ_EVENT_FACTIONS 7

typedef struct pz_event {
    pz_event_kind kind;
    pz_event_outcome outcome;
    int scripted;     /* 1: a dated event of the timeline; 0: drawn */
    size_t group;     /* the group whose leader was removed, or which
                         lost the cell */
    size_t other;     /* defection: the group that gained it; else
                         (size_t)-1 */
    size_t region;    /* removal: the group's stronghold (the region
                         where it had most members); defection: the
                         cell's region; (size_t)-1 when none */
    size_t first_new; /* split: the first faction's group index */
    size_t new_count; /* split: the number of factions besides the
                         group (at most PZ_EVENT_FACTIONS) */
    /* split: their group indices (new groups, or groups of the scenario a
     * dated split names) */
    size_t faction[PZ_EVENT_FACTIONS];
    double members; /* members that went to the new groups or the
                       other group */
} pz_event;

size_t pz_model_event_count(const pz_model *m);
const pz_event *pz_model_event(const pz_model *m, size_t k);
/* "captured", "killed", "extradited", "defection", "breakaway",
 * "transferred", "lieutenant"; "succession", "split", "defected" ("" for
 * none). */
const char *pz_event_kind_name(pz_event_kind k);
const char *pz_event_outcome_name(pz_event_outcome o);
/* The group a splinter came from, or -1. */
long pz_model_group_parent(const pz_model *m, size_t g);
/* Group g's succession shock in force: conflict involving it is multiplied
 * by 1 + shock (plus the other group's shock). */
double pz_model_group_shock(const pz_model *m, size_t g);

/* Government (model/government.c; scenarios with regions): offices of
 * three levels per jurisdiction, clean or on a group's payroll. */
typedef enum pz_gov_level {
    PZ_GOV_MUNICIPAL = 0,
    PZ_GOV_STATE = 1,
    PZ_GOV_FEDERAL = 2
} pz_gov_level;

typedef struct pz_gov_stats {
    size_t offices;           /* offices of the level (jurisdictions) */
    size_t indirect, direct;  /* of which on a payroll, by kind */
    double bribes;            /* paid to the level's offices last week */
    double officials_killed;  /* last week, for refusing */
    double candidates_killed; /* last week, in campaigns */
} pz_gov_stats;

void pz_model_government(const pz_model *m, pz_gov_level level,
                         pz_gov_stats *out);
/* Offices of level on group g's payroll now; *bribes (may be NULL): what g
 * paid them last week. */
size_t pz_model_payroll(const pz_model *m, pz_gov_level level, size_t group,
                        double *bribes);
/* Office `unit` of level (municipal: region i at PZ_LEVEL_REGIONS; state
 * and federal: state i at PZ_LEVEL_STATES): 0 clean, 1 on a payroll
 * indirectly, 2 directly; *payer (may be NULL): the group paying it, or
 * -1. */
int pz_model_office(const pz_model *m, pz_gov_level level, size_t unit,
                    long *payer);
/* "municipal", "state", "federal". */
const char *pz_gov_level_name(pz_gov_level level);

/* Writes m's state (step, parameters in force, members and flows, the
 * regional layer) to f, in a binary form for this kind of machine. */
pz_status pz_model_save_state(const pz_model *m, FILE *f, pz_error *err);
/* Replaces the state of m, a model created from the same scenario, with
 * the one read from f.  PZ_ERR_INPUT for a truncated, foreign or
 * mismatching state. */
pz_status pz_model_load_state(pz_model *m, FILE *f, pz_error *err);

/* A parameter's value in force at the current step (timeline applied). */
double pz_model_param(const pz_model *m, pz_param_id id);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_MODEL_H */
