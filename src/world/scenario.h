/*
 * scenario.h - the scenario as immutable data: parameters, groups and
 * their network, regions, government set-up and the timeline of changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_WORLD_SCENARIO_H
#define PLAZA_WORLD_SCENARIO_H

#include "plaza/scenario.h"
#include "world/geo.h"
#include "world/network.h"

/* What a change of the timeline does (pz__change.op). */
typedef enum pz__op {
    PZ__SET = 0,      /* a parameter set to a value */
    PZ__SCALE = 1,    /* a parameter multiplied by a value */
    PZ__FOCUS = 2,    /* a region's enforcement focus */
    PZ__LEADER = 3,   /* a dated removal of a group's leader, or a split */
    PZ__DEFECT = 4,   /* a cell going over to another group */
    PZ__PURGE = 5,    /* captured offices of a level cleaned */
    PZ__PRESSURE = 6, /* US pressure added */
    PZ__WAR = 7       /* a dated war between two groups */
} pz__op;

/* Levels of government (model/government.c). */
enum {
    PZ__GOV_MUNICIPAL = 0,
    PZ__GOV_STATE = 1,
    PZ__GOV_FEDERAL = 2,
    PZ__GOV_LEVELS = 3
};
/* How an office serves a group. */
enum { PZ__CLEAN = 0, PZ__INDIRECT = 1, PZ__DIRECT = 2 };
#define PZ__ALL_UNITS ((size_t)-1)

/* Fates of a removed leader (PZ__LEADER changes). */
enum {
    PZ__FATE_CAPTURED = 0,
    PZ__FATE_KILLED = 1,
    PZ__FATE_EXTRADITED = 2,
    PZ__FATE_NONE = 3,       /* a split without a removal */
    PZ__FATE_TRANSFERRED = 4 /* a leader in custody sent abroad */
};
/* How a dated removal ends: drawn, or given.  The values given are those
 * of the public pz_event_outcome (plaza/model.h, a layer above this one;
 * model/leaders.c asserts that they agree), so that an event's outcome is
 * the change's. */
enum {
    PZ__OUTCOME_DRAWN = -1,
    PZ__OUTCOME_SUCCESSION = 1, /* = PZ_OUTCOME_SUCCESSION */
    PZ__OUTCOME_SPLIT = 2       /* = PZ_OUTCOME_SPLIT */
};
#define PZ__MAX_FACTIONS 8

/* One change of the timeline, a tagged union: when (a date or a step),
 * its position in the file (for a stable sort), the op and the op's
 * fields in the member of the same name (set and scale share `set`). */
typedef struct pz__change {
    int has_date;
    long day;       /* when has_date: days since 1970-01-01 */
    long step;      /* otherwise: the step (the model resolves a date) */
    unsigned order; /* position in the file, for a stable sort */
    pz__op op;
    union {
        struct pz__set_op { /* PZ__SET, PZ__SCALE */
            int param;
            double value;
        } set;
        struct pz__focus_op { /* PZ__FOCUS: the region's focus becomes value */
            size_t region;
            double value;
        } focus;
        struct pz__leader_op { /* PZ__LEADER: the group's leader is removed */
            size_t group;
            int fate;                       /* PZ__FATE_* */
            int outcome;                    /* PZ__OUTCOME_* */
            unsigned nshare;                /* split shares given, or 0 */
            double share[PZ__MAX_FACTIONS]; /* the group's first */
            unsigned ninto;                 /* split: groups of the scenario */
            size_t into[PZ__MAX_FACTIONS];  /* the factions become */
        } leader;
        struct pz__defect_op { /* PZ__DEFECT: share of the group's cell in
                                * region goes over to other */
            size_t group, other, region;
            double share;
        } defect;
        struct pz__purge_op { /* PZ__PURGE: captured offices of level cleaned */
            int level;
            size_t mask; /* pz_scenario.mask index, or PZ__ALL_UNITS */
            double share;
        } purge;
        struct pz__pressure_op { /* PZ__PRESSURE: US pressure added */
            double value;
        } pressure;
        struct pz__war_op { /* PZ__WAR: group and other fight in the regions of
                             * mask from the change's step to until (a step once
                             * the model's timeline is built; from until_day
                             * when has_until, else to the end), with weight */
            size_t group, other, mask;
            double weight;
            int has_until;
            long until_day, until;
            unsigned line; /* the line of its 'war' key, for messages */
        } war;
    };
} pz__change;

/* The mechanisms a scenario can switch off ('mechanisms: {NAME: off}'):
 * each is one mechanism of the model's week (model/mechanism.h). */
typedef enum pz__switch {
    PZ__SW_TIMELINE,
    PZ__SW_LEADERS,
    PZ__SW_GOVERNMENT,
    PZ__SW_WARS,
    PZ__SW_CONFLICT,
    PZ__SW_ENFORCEMENT,
    PZ__SW_RECRUITMENT,
    PZ__SW_MOVEMENT,
    PZ__SW_COUNT
} pz__switch;
/* Their names, by pz__switch (world/scenario.c). */
extern const char *const pz__switch_names[PZ__SW_COUNT];

typedef struct pz__policy {
    char *name;
    char *description;
    pz__change *change;
    size_t n;
} pz__policy;

/* Government (the 'government:' key).  Jurisdictions ("units") of a
 * level: the regions for the municipal level, the states for the state
 * and federal levels.  A mask has one byte per unit of its level. */
typedef struct pz__election {
    int level;
    long *day; /* dates, increasing */
    size_t nday;
    size_t mask; /* units covered: a mask, or PZ__ALL_UNITS */
} pz__election;

typedef struct pz__arrangement {
    size_t group;
    int level, kind; /* PZ__INDIRECT or PZ__DIRECT */
    int fixed;       /* never exposed nor broken by elections */
    size_t mask;
} pz__arrangement;

typedef struct pz__integrity {
    int level;
    double value;
    size_t mask;
} pz__integrity;

typedef struct pz__datafile {
    char *path;
    char sha256[65];
} pz__datafile;

struct pz_scenario {
    char *name;
    char *description;
    char *source;
    char sha256[65];
    double param[PZ_P_COUNT];
    pz__network net;
    int has_geo; /* the scenario has regions */
    pz__geo geo;
    long *home; /* per group: region index of its home, or -1 */
    pz__change *timeline;
    size_t ntimeline;
    pz__policy *policy;
    size_t npolicy;
    long selected; /* index into policy, or -1 */
    pz__datafile *data;
    size_t ndata;
    int has_gov; /* a 'government:' key was given */
    pz__election *elect;
    size_t nelect;
    pz__arrangement *arrange;
    size_t narrange;
    pz__integrity *integ;
    size_t ninteg;
    unsigned char **mask; /* unit masks of the above and of purges */
    size_t *masklen;      /* bytes of each */
    size_t nmask;
    unsigned char off[PZ__SW_COUNT]; /* mechanisms switched off */
    char *text;                      /* the scenario's text, as read */
    size_t text_len;
    char *data_dir; /* the data directory it was read with, or NULL */
};

/* Resolves the step of a change for a run starting on day `start`:
 * the first weekly step whose date is on or after the change's date. */
long pz__change_step(const pz__change *c, long start);

#endif /* PLAZA_WORLD_SCENARIO_H */
