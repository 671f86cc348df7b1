/*
 * params.h - the table of model parameters.
 *
 * Every scalar that a scenario can set lives in one table: its name, type,
 * unit, default, valid range, meaning and source.  The scenario reader, the
 * command line's --set, the manifest writer and the generated parameter
 * documentation (plaza params --markdown) all read this one table, so they
 * cannot disagree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_PARAMS_H
#define PLAZA_PARAMS_H

#include <stddef.h>

#include "plaza/date.h" /* the dates of date parameters */
#include "plaza/plaza.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pz_param_id {
    PZ_P_START,                /* date of step 0 */
    PZ_P_STEPS,                /* number of weekly steps */
    PZ_P_SEED,                 /* master seed */
    PZ_P_MODE,                 /* stochastic | deterministic */
    PZ_P_SOLVER,               /* rk4 | euler (deterministic mode) */
    PZ_P_SUBSTEPS,             /* solver sub-steps per week */
    PZ_P_INITIAL_MEMBERS,      /* C0: total members at step 0 */
    PZ_P_INITIAL_DISTRIBUTION, /* zipf_strength | listed */
    PZ_P_RECRUITMENT_RATE,     /* rho */
    PZ_P_INCAPACITATION_MODE,  /* fixed | proportional */
    PZ_P_INCAPACITATION,       /* eta */
    PZ_P_INCAPACITATION_RATE,  /* per-member arrest rate, proportional mode */
    PZ_P_CONFLICT_RATE,        /* theta */
    PZ_P_CONFLICT_KERNEL,      /* pc2023 | rivals_only */
    PZ_P_SATURATION,           /* omega */
    PZ_P_DETERRENCE,           /* elasticity of recruitment to arrest risk */
    PZ_P_DETERRENCE_REFERENCE, /* arrest risk at which deterrence is neutral */
    PZ_P_CONFRONTATION,        /* members killed per member arrested */
    /* homicides */
    PZ_P_CIVILIAN_RATIO,       /* civilian homicides per member killed */
    PZ_P_BACKGROUND_HOMICIDES, /* homicides unrelated to the groups */
    PZ_P_POPULATION,           /* national population (no regions) */
    /* regional layer */
    PZ_P_CONFLICT_SCOPE,         /* local | national */
    PZ_P_CONFLICT_LOCALITY,      /* multiplier of conflict_rate, local scope */
    PZ_P_LOCAL_BASELINE,         /* b of the local kernel (b + R)/(A + 1) */
    PZ_P_ENFORCEMENT_ALLOCATION, /* members | uniform | population | violence */
    PZ_P_RECRUITMENT_POOL,       /* members per inhabitant a region can hold */
    PZ_P_EXPANSION_RATE,         /* share of members scouting neighbours */
    PZ_P_DISTANCE_SCALE,         /* km over which attraction falls by e */
    PZ_P_CONTROL_THRESHOLD,      /* share of a region's members to control it */
    PZ_P_VALUE_BORDER_CROSSING,
    PZ_P_VALUE_SOUTHERN_BORDER,
    PZ_P_VALUE_SEAPORT,
    PZ_P_VALUE_PRODUCTION,
    PZ_P_VALUE_CITY,
    PZ_P_VALUE_PIPELINE,
    PZ_P_VALUE_MIGRANT_ROUTE,
    PZ_P_REGIONS_OUTPUT, /* states | regions */
    /* leaders and fragmentation (model/leaders.c) */
    PZ_P_KINGPIN_RATE,             /* leader removals per year nationally */
    PZ_P_KINGPIN_TARGETING,        /* exponent of size in the allocation */
    PZ_P_KINGPIN_KILL_SHARE,       /* share of removals that are killings */
    PZ_P_EXTRADITION_SHARE,        /* share of captured leaders extradited */
    PZ_P_INTELLIGENCE_COOPERATION, /* US-Mexico intelligence sharing */
    PZ_P_INTELLIGENCE_WEIGHT,      /* share of removals that need it */
    PZ_P_SPLIT_PROBABILITY,        /* split on removal, structure not given */
    PZ_P_SPLIT_HIERARCHICAL,       /* split on removal, hierarchical groups */
    PZ_P_SPLIT_FEDERATED,          /* split on removal, federated groups */
    PZ_P_SPLIT_FACTIONS,           /* factions a split makes */
    PZ_P_SPLINTER_RIVALRY,         /* rivalry weight between factions */
    PZ_P_SUCCESSION_VIOLENCE,      /* rise of the group's conflict on removal */
    PZ_P_SUCCESSION_DECAY,         /* weeks for that rise to fall by e */
    PZ_P_CAPTURE_VIOLENCE,     /* a capture's rise relative to a killing's */
    PZ_P_LIEUTENANT_RATE,      /* captures of lieutenants a year */
    PZ_P_LIEUTENANT_CALM,      /* conflict drop in the region after one */
    PZ_P_LIEUTENANT_DECAY,     /* weeks for the drop to fade by e */
    PZ_P_LIEUTENANT_DEFECTION, /* chance the cell goes over to a rival */
    PZ_P_LIEUTENANT_SPAN,      /* members under one lieutenant */
    PZ_P_MAX_NEW_GROUPS,       /* most groups splits may add */
    /* government and corruption (model/government.c) */
    PZ_P_CAPACITY_MUNICIPAL, /* share of enforcement done by each level */
    PZ_P_CAPACITY_STATE,
    PZ_P_CAPACITY_FEDERAL,
    PZ_P_INTEGRITY_MUNICIPAL, /* chance an office refuses a bribe (scale) */
    PZ_P_INTEGRITY_STATE,
    PZ_P_INTEGRITY_FEDERAL,
    PZ_P_SALARY_MUNICIPAL, /* an office's weekly pay, revenue units */
    PZ_P_SALARY_STATE,
    PZ_P_SALARY_FEDERAL,
    PZ_P_REVENUE_PER_MEMBER,   /* a member's weekly revenue */
    PZ_P_BRIBE_SHARE,          /* share of local revenue offered */
    PZ_P_BRIBE_ATTEMPT_RATE,   /* offers per clean office per week */
    PZ_P_VALUE_CORRUPTION,     /* acceptance rises with trafficking value */
    PZ_P_DIRECT_SHARE,         /* captures that are direct */
    PZ_P_LOOK_AWAY,            /* enforcement an indirect office drops */
    PZ_P_REDIRECT,             /* extra enforcement on a protector's rivals */
    PZ_P_EXPOSURE_RATE,        /* captured offices exposed per week */
    PZ_P_PLOMO,                /* refusals that end with an official killed */
    PZ_P_TURNOVER,             /* elections that change the party */
    PZ_P_ELECTION_VIOLENCE,    /* conflict rise after a change of party */
    PZ_P_ELECTION_DECAY,       /* weeks for it to fall by e */
    PZ_P_CANDIDATE_KILLING,    /* candidates killed per 1,000 members */
    PZ_P_US_PRESSURE_DECAY,    /* weeks for US pressure to fall by e */
    PZ_P_BACKGROUND_GEOGRAPHY, /* population | prewar */
    PZ_P_WAR_INTENSITY,        /* deaths a week per member of a war's front */
    PZ_P_WAR_MOBILIZATION,     /* share of a warring group sent to the front */
    PZ_P_WAR_REPLACEMENT,      /* war deaths replaced by local recruits */
    PZ_P_WAR_FRONT,            /* most members on a war's front in a region */
    PZ_P_COUNT
} pz_param_id;

typedef enum pz_param_type {
    PZ_PARAM_REAL,
    PZ_PARAM_INT,
    PZ_PARAM_ENUM,
    PZ_PARAM_DATE
} pz_param_type;

/* Values of the enumerated parameters. */
enum { PZ_MODE_STOCHASTIC = 0, PZ_MODE_DETERMINISTIC = 1 };
enum { PZ_SOLVER_RK4 = 0, PZ_SOLVER_EULER = 1 };
enum { PZ_INIT_ZIPF_STRENGTH = 0, PZ_INIT_LISTED = 1 };
enum { PZ_INCAP_FIXED = 0, PZ_INCAP_PROPORTIONAL = 1 };
enum { PZ_KERNEL_PC2023 = 0, PZ_KERNEL_RIVALS_ONLY = 1 };
enum { PZ_SCOPE_LOCAL = 0, PZ_SCOPE_NATIONAL = 1 };
enum {
    PZ_ALLOC_MEMBERS = 0,
    PZ_ALLOC_UNIFORM = 1,
    PZ_ALLOC_POPULATION = 2,
    PZ_ALLOC_VIOLENCE = 3
};
enum { PZ_ROUT_STATES = 0, PZ_ROUT_REGIONS = 1 };
enum { PZ_BGEO_POPULATION = 0, PZ_BGEO_PREWAR = 1 };

typedef struct pz_param_info {
    const char *name; /* key in a scenario's 'parameters:' map */
    pz_param_type type;
    const char *unit; /* "1/week", "members/week", "-" ... */
    double def;       /* default (enum: index; date: days since 1970-01-01) */
    double min, max;  /* valid closed range (REAL, INT) */
    const char *const *choices; /* ENUM: NULL-terminated names */
    int dynamic;                /* may change on the timeline / by policy */
    const char *description;
    const char *source;
} pz_param_info;

/* Returns the table entry of parameter id. */
const pz_param_info *pz_param_info_get(pz_param_id id);

/* Returns the id of the parameter called name, or -1. */
int pz_param_lookup(const char *name);

/* Parses text as a value of parameter id into *value (enum: index; date:
 * days since 1970-01-01).  Returns PZ_OK, or PZ_ERR_INPUT with the reason
 * in err (may be NULL), such as "must be in [0, 1], got '1.7'": the
 * caller prefixes the parameter's name and place. */
pz_status pz_param_parse(pz_param_id id, const char *text, double *value,
                         pz_error *err);

/* Formats value of parameter id as text (the inverse of pz_param_parse,
 * exact for reals: %.17g).  Returns buf. */
const char *pz_param_format(pz_param_id id, double value, char *buf, size_t n);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_PARAMS_H */
