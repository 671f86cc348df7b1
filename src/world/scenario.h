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

enum {
    PZ__SET = 0,
    PZ__SCALE = 1,
    PZ__FOCUS = 2,
    PZ__LEADER = 3,
    PZ__DEFECT = 4,
    PZ__PURGE = 5,
    PZ__PRESSURE = 6,
    PZ__WAR = 7
};

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
/* How a removal ends: drawn, or given by the dated event. */
enum {
    PZ__OUTCOME_DRAWN = -1,
    PZ__OUTCOME_SUCCESSION = 0,
    PZ__OUTCOME_SPLIT = 1
};
#define PZ__MAX_FACTIONS 8

/* One parameter change on the timeline: from the given date or step on,
 * parameter `param` is set to `value` or multiplied by it. */
typedef struct pz__change {
    int has_date;
    long day;  /* when has_date: days since 1970-01-01 */
    long step; /* otherwise: the step */
    int param; /* PZ__SET, PZ__SCALE: the parameter */
    int op;
    size_t region;  /* PZ__FOCUS: the region whose focus becomes value */
    double value;   /* PZ__DEFECT: the share of the cell that defects */
    unsigned order; /* position in the file, for a stable sort */
    /* PZ__LEADER: the group's leader is removed (fate); PZ__DEFECT: the
     * group's cell in `region` goes over to group `other` */
    size_t group, other;
    int fate, outcome;
    int level;                      /* PZ__PURGE: the level purged */
    size_t mask;                    /* PZ__PURGE: pz_scenario.mask index, or
                                       PZ__ALL_UNITS */
    unsigned nshare;                /* split shares given, or 0 */
    double share[PZ__MAX_FACTIONS]; /* the group's first, then the new ones */
    unsigned ninto;                 /* split: groups of the scenario that the */
    size_t into[PZ__MAX_FACTIONS];  /* factions become (else new groups) */
    /* PZ__WAR: groups `group` and `other` fight in the regions of `mask`
     * (a mask over the regions) from the change's step to `until` (a step
     * once the timeline is built; from `until_day` when has_until, else
     * to the end), with weight `value` */
    int has_until;
    long until_day, until;
    unsigned line; /* PZ__WAR: the line of its 'war' key, for messages */
} pz__change;

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
    char *text; /* the scenario's text, as read */
    size_t text_len;
    char *data_dir; /* the data directory it was read with, or NULL */
};

/* Resolves the step of a change for a run starting on day `start`:
 * the first weekly step whose date is on or after the change's date. */
long pz__change_step(const pz__change *c, long start);

#endif /* PLAZA_WORLD_SCENARIO_H */
