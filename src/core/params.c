/*
 * params.c - the parameter table, value parsing and formatting.
 *
 * The table below is the single source of every parameter's name, unit,
 * default, range, meaning and source; docs/PARAMETERS.md is generated from
 * it (`plaza params --markdown`).  Defaults are those of Prieto-Curiel,
 * Campedelli & Hope, "Reducing cartel recruitment is the only way to lower
 * violence in Mexico", Science 381:1312-1316 (2023), abbreviated PC2023.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "plaza/params.h"

static const char *const mode_choices[] = {"stochastic", "deterministic", NULL};
static const char *const solver_choices[] = {"rk4", "euler", NULL};
static const char *const init_choices[] = {"zipf_strength", "listed", NULL};
static const char *const incap_choices[] = {"fixed", "proportional", NULL};
static const char *const kernel_choices[] = {"pc2023", "rivals_only", NULL};
static const char *const scope_choices[] = {"local", "national", NULL};
static const char *const bgeo_choices[] = {"population", "prewar", NULL};
static const char *const alloc_choices[] = {"members", "uniform", "population",
                                            "violence", NULL};
static const char *const rout_choices[] = {"states", "regions", NULL};

#define PC2023 "Prieto-Curiel, Campedelli & Hope, Science 381:1312 (2023)"
/* 2012-01-01 is 15340 days after 1970-01-01. */
#define DAY_2012_01_01 15340.0
#define VALUE_NOTE                                                             \
    "attraction of each such place to expanding groups (regional layer); "     \
    "relative units: a region's value is the sum over its places"
#define VALUE_SRC "plaza: ordinal guess, to be calibrated (docs/MODEL.md)"

static const pz_param_info table[PZ_P_COUNT] = {
    [PZ_P_START] = {"start", PZ_PARAM_DATE, "date", DAY_2012_01_01, -1e6, 1e6,
                    NULL, 0,
                    "date of step 0 (YYYY-MM-DD); step t is t weeks later",
                    PC2023 " (model starts in 2012)"},
    [PZ_P_STEPS] = {"steps", PZ_PARAM_INT, "weeks", 780, 0, 100000, NULL, 0,
                    "number of weekly steps to simulate",
                    "PC2023: 2012 to the end of 2026 is 780 weeks"},
    [PZ_P_SEED] = {"seed", PZ_PARAM_INT, "-", 1, 0, 4294967295.0, NULL, 0,
                   "master seed of the counter-based random numbers", "plaza"},
    [PZ_P_MODE] =
        {"mode", PZ_PARAM_ENUM, "-", PZ_MODE_STOCHASTIC, 0, 1, mode_choices, 0,
         "stochastic: integer members, weekly events drawn per group; "
         "deterministic: the ODE",
         "plaza"},
    [PZ_P_SOLVER] = {"solver", PZ_PARAM_ENUM, "-", PZ_SOLVER_RK4, 0, 1,
                     solver_choices, 0,
                     "ODE solver in deterministic mode: classical Runge-Kutta "
                     "(rk4) or the weekly difference equation (euler)",
                     "plaza"},
    [PZ_P_SUBSTEPS] = {"substeps", PZ_PARAM_INT, "per week", 1, 1, 1000, NULL,
                       0,
                       "solver sub-steps per weekly step (deterministic mode)",
                       "plaza"},
    [PZ_P_INITIAL_MEMBERS] =
        {"initial_members", PZ_PARAM_REAL, "members", 115000, 0, 1e8, NULL, 0,
         "C0: total members at step 0, shared among groups "
         "by initial_distribution",
         PC2023 " (C0 = 115,000 in 2012)"},
    [PZ_P_INITIAL_DISTRIBUTION] = {"initial_distribution", PZ_PARAM_ENUM, "-",
                                   PZ_INIT_ZIPF_STRENGTH, 0, 1, init_choices, 0,
                                   "zipf_strength: group of rank k by network "
                                   "strength gets C0 (1/k)/H_n; listed: the "
                                   "members given per group in the scenario",
                                   PC2023},
    [PZ_P_RECRUITMENT_RATE] = {"recruitment_rate", PZ_PARAM_REAL, "1/week",
                               2.527474e-3, 0, 1, NULL, 1,
                               "rho: recruits per member per week", PC2023},
    [PZ_P_INCAPACITATION_MODE] =
        {"incapacitation_mode", PZ_PARAM_ENUM, "-", PZ_INCAP_FIXED, 0, 1,
         incap_choices, 1,
         "fixed: eta arrests a week nationally, shared "
         "by size (PC2023); proportional: each member "
         "arrested at incapacitation_rate",
         PC2023 " (fixed); plaza (proportional)"},
    [PZ_P_INCAPACITATION] = {"incapacitation", PZ_PARAM_REAL, "members/week",
                             110, 0, 1e7, NULL, 1,
                             "eta: members arrested (incapacitated) a week "
                             "nationally, fixed mode",
                             PC2023},
    [PZ_P_INCAPACITATION_RATE] = {"incapacitation_rate", PZ_PARAM_REAL,
                                  "1/week", 6.33e-4, 0, 1, NULL, 1,
                                  "arrests per member per week, proportional "
                                  "mode",
                                  "plaza: eta / 173,800, PC2023's members at "
                                  "the end of 2021"},
    [PZ_P_CONFLICT_RATE] = {"conflict_rate", PZ_PARAM_REAL, "1/(member week)",
                            1.549231e-8, 0, 1e-3, NULL, 1,
                            "theta: deaths per pair of members per week, "
                            "scaled by the conflict kernel K",
                            PC2023},
    [PZ_P_CONFLICT_KERNEL] = {"conflict_kernel", PZ_PARAM_ENUM, "-",
                              PZ_KERNEL_PC2023, 0, 1, kernel_choices, 0,
                              "pc2023: K_ij = (R_ij + 1)/(A_i + 1), every "
                              "pair fights a little; rivals_only: K_ij = "
                              "R_ij/(A_i + 1)",
                              PC2023 " (pc2023); plaza (rivals_only)"},
    [PZ_P_SATURATION] = {"saturation", PZ_PARAM_REAL, "1/(member week)", 4e-8,
                         0, 1e-3, NULL, 1,
                         "omega: exits per member per week per member of the "
                         "same group (saturation)",
                         PC2023},
    [PZ_P_DETERRENCE] = {"deterrence", PZ_PARAM_REAL, "-", 0, 0, 50, NULL, 1,
                         "d: recruitment is multiplied by exp(-d max(0, a/a0 "
                         "- 1)), a the national arrests per member per week: "
                         "arrests above the reference deter recruits; 0 = no "
                         "deterrence (PC2023)",
                         "plaza; 0 reproduces PC2023"},
    [PZ_P_DETERRENCE_REFERENCE] = {"deterrence_reference", PZ_PARAM_REAL,
                                   "1/week", 9.565e-4, 1e-9, 1, NULL, 1,
                                   "a0: arrest risk up to which recruitment "
                                   "is not deterred",
                                   "plaza: PC2023's eta over C0 (110/115,000), "
                                   "the highest risk of the fitted 2012-2021 "
                                   "run, so that deterrence leaves the fit "
                                   "unchanged"},
    [PZ_P_CONFRONTATION] = {"confrontation", PZ_PARAM_REAL, "deaths/arrest", 0,
                            0, 100, NULL, 1,
                            "members killed in clashes with the state per "
                            "member arrested: the confrontation level of "
                            "enforcement (high in a frontal war, low under "
                            "'hugs not bullets'); 0 = arrests kill no one "
                            "(PC2023)",
                            "plaza; 0 reproduces PC2023; calibrated for the "
                            "mexico scenario (docs/MODEL.md)"},
    [PZ_P_CIVILIAN_RATIO] = {"civilian_ratio", PZ_PARAM_REAL,
                             "homicides/member death", 1, 0, 1000, NULL, 1,
                             "homicides of people outside the groups per "
                             "member killed in conflict, in the same region",
                             "plaza: calibrated to INEGI homicides "
                             "(docs/MODEL.md)"},
    [PZ_P_BACKGROUND_HOMICIDES] = {"background_homicides", PZ_PARAM_REAL,
                                   "1/(inhabitant year)", 5e-5, 0, 0.01, NULL,
                                   1,
                                   "homicides a year per inhabitant unrelated "
                                   "to the groups' conflicts",
                                   "plaza: calibrated to INEGI homicides "
                                   "(docs/MODEL.md)"},
    [PZ_P_POPULATION] = {"population", PZ_PARAM_REAL, "inhabitants", 126014024,
                         0, 1e10, NULL, 0,
                         "national population, for background homicides in "
                         "scenarios without regions",
                         "INEGI, Censo de Poblacion y Vivienda 2020"},
    [PZ_P_CONFLICT_SCOPE] = {"conflict_scope", PZ_PARAM_ENUM, "-",
                             PZ_SCOPE_LOCAL, 0, 1, scope_choices, 0,
                             "regional layer: local: groups fight the "
                             "non-allied groups present in the same region; "
                             "national: each group's deaths are the national "
                             "model's, shared among its regions by members",
                             "plaza (national = PC2023)"},
    [PZ_P_CONFLICT_LOCALITY] = {"conflict_locality", PZ_PARAM_REAL, "-", 1, 0,
                                1e6, NULL, 1,
                                "multiplier of conflict_rate for local "
                                "conflict: co-located pairs are far fewer than "
                                "all pairs",
                                "plaza: calibrated (docs/MODEL.md)"},
    [PZ_P_LOCAL_BASELINE] = {"local_baseline", PZ_PARAM_REAL, "-", 1, 0, 1e3,
                             NULL, 1,
                             "b of the local kernel K_gh = (b + R_gh)/(A_g + "
                             "1): how much co-located groups that are not "
                             "declared rivals fight (1: as PC2023's kernel; "
                             "0: only declared rivals); local scope with the "
                             "pc2023 kernel",
                             "PC2023 (b = 1); plaza"},
    [PZ_P_ENFORCEMENT_ALLOCATION] = {"enforcement_allocation", PZ_PARAM_ENUM,
                                     "-", PZ_ALLOC_MEMBERS, 0, 3, alloc_choices,
                                     1,
                                     "how national arrests are shared among "
                                     "regions with members: by members (as "
                                     "the national model), uniformly, by "
                                     "population, or by last week's "
                                     "homicides; times each region's focus",
                                     "plaza (members = PC2023)"},
    [PZ_P_RECRUITMENT_POOL] = {"recruitment_pool", PZ_PARAM_REAL,
                               "members/inhabitant", 0, 0, 1, NULL, 1,
                               "most members a region's population can "
                               "supply: recruitment falls linearly to zero as "
                               "members reach pool x population; 0 = no limit",
                               "plaza"},
    [PZ_P_EXPANSION_RATE] = {"expansion_rate", PZ_PARAM_REAL, "1/week", 0, 0, 1,
                             NULL, 1,
                             "share of a group's members in a region that "
                             "scout its neighbours each week (they settle "
                             "where the group is strong relative to others "
                             "and places carry value); 0 = no movement",
                             "plaza; calibrated in the mexico scenarios"},
    [PZ_P_DISTANCE_SCALE] = {"distance_scale", PZ_PARAM_REAL, "km", 150, 1, 1e5,
                             NULL, 1,
                             "distance between seats over which a "
                             "neighbour's attraction falls by a factor e",
                             "plaza"},
    [PZ_P_CONTROL_THRESHOLD] = {"control_threshold", PZ_PARAM_REAL, "-", 0.5, 0,
                                1, NULL, 1,
                                "share of a region's members a group needs to "
                                "control it",
                                "plaza"},
    [PZ_P_VALUE_BORDER_CROSSING] = {"value_border_crossing", PZ_PARAM_REAL, "-",
                                    4, 0, 1e6, NULL, 1, VALUE_NOTE, VALUE_SRC},
    [PZ_P_VALUE_SOUTHERN_BORDER] = {"value_southern_border", PZ_PARAM_REAL, "-",
                                    1, 0, 1e6, NULL, 1, VALUE_NOTE, VALUE_SRC},
    [PZ_P_VALUE_SEAPORT] = {"value_seaport", PZ_PARAM_REAL, "-", 3, 0, 1e6,
                            NULL, 1, VALUE_NOTE, VALUE_SRC},
    [PZ_P_VALUE_PRODUCTION] = {"value_production", PZ_PARAM_REAL, "-", 2, 0,
                               1e6, NULL, 1, VALUE_NOTE, VALUE_SRC},
    [PZ_P_VALUE_CITY] = {"value_city", PZ_PARAM_REAL, "-", 1, 0, 1e6, NULL, 1,
                         VALUE_NOTE, VALUE_SRC},
    [PZ_P_VALUE_PIPELINE] = {"value_pipeline", PZ_PARAM_REAL, "-", 1, 0, 1e6,
                             NULL, 1, VALUE_NOTE, VALUE_SRC},
    [PZ_P_VALUE_MIGRANT_ROUTE] = {"value_migrant_route", PZ_PARAM_REAL, "-", 1,
                                  0, 1e6, NULL, 1, VALUE_NOTE, VALUE_SRC},
    [PZ_P_REGIONS_OUTPUT] = {"regions_output", PZ_PARAM_ENUM, "-",
                             PZ_ROUT_STATES, 0, 1, rout_choices, 0,
                             "rows of regions.csv: states (municipal runs "
                             "summed to their states) or the run's own "
                             "regions",
                             "plaza"},
    [PZ_P_KINGPIN_RATE] = {"kingpin_rate", PZ_PARAM_REAL, "removals/year", 0, 0,
                           1000, NULL, 1,
                           "kingpin strategy: expected captures and killings "
                           "of group leaders a year nationally, shared among "
                           "groups by members^kingpin_targeting x (1 - "
                           "protection) and scaled by intelligence (stochastic "
                           "mode, scenarios with regions); 0: no removals "
                           "except dated ones",
                           "Phillips 2015, Dickenson 2014: 25 leader removals "
                           "2006-2010, about 5 a year"},
    [PZ_P_KINGPIN_TARGETING] = {"kingpin_targeting", PZ_PARAM_REAL, "-", 1, 0,
                                4, NULL, 1,
                                "exponent of a group's members in its share of "
                                "removals: 0 every group alike, 1 in "
                                "proportion to members, more: the largest "
                                "first",
                                "plaza assumption: the government targets the "
                                "largest organisations (the 2009 list of the "
                                "37 most wanted)"},
    [PZ_P_KINGPIN_KILL_SHARE] = {"kingpin_kill_share", PZ_PARAM_REAL, "-", 0.33,
                                 0, 1, NULL, 1,
                                 "share of leader removals that are killings "
                                 "(the rest are captures)",
                                 "4 killings among the 12 dated removals of "
                                 "data/mexico/events.csv"},
    [PZ_P_EXTRADITION_SHARE] = {"extradition_share", PZ_PARAM_REAL, "-", 0.3, 0,
                                1, NULL, 1,
                                "share of captured leaders extradited to the "
                                "United States (recorded as the outcome; an "
                                "extradited leader cannot escape)",
                                "plaza assumption; US pressure raises it "
                                "(29 leaders sent on 2025-02-27, events.csv)"},
    [PZ_P_INTELLIGENCE_COOPERATION] = {"intelligence_cooperation",
                                       PZ_PARAM_REAL, "-", 1, 0, 1, NULL, 1,
                                       "US-Mexico intelligence sharing, "
                                       "relative to 2006-2019 (1)",
                                       "plaza; lowered by the 2020 security "
                                       "law and the 2021 closure of the "
                                       "vetted unit (events.csv)"},
    [PZ_P_INTELLIGENCE_WEIGHT] = {"intelligence_weight", PZ_PARAM_REAL, "-",
                                  0.5, 0, 1, NULL, 1,
                                  "share of leader removals that depend on "
                                  "shared intelligence: removals scale by 1 - "
                                  "weight x (1 - intelligence_cooperation)",
                                  "plaza assumption"},
    [PZ_P_SPLIT_PROBABILITY] = {"split_probability", PZ_PARAM_REAL, "-", 0.3, 0,
                                1, NULL, 1,
                                "chance that a leader's removal splits a group "
                                "whose structure is not given (else an "
                                "orderly succession)",
                                "plaza assumption, to be calibrated against "
                                "the count of groups (docs/MODEL.md)"},
    [PZ_P_SPLIT_HIERARCHICAL] = {"split_probability_hierarchical",
                                 PZ_PARAM_REAL, "-", 0.1, 0, 1, NULL, 1,
                                 "chance that a leader's removal splits a "
                                 "hierarchical group (structure: "
                                 "hierarchical, e.g. CJNG)",
                                 "ordinal from the seeds (MODEL.md M2): "
                                 "hierarchical groups split less; value a "
                                 "plaza assumption"},
    [PZ_P_SPLIT_FEDERATED] = {"split_probability_federated", PZ_PARAM_REAL, "-",
                              0.5, 0, 1, NULL, 1,
                              "chance that a leader's removal splits a "
                              "federated group (structure: federated, e.g. "
                              "Sinaloa)",
                              "ordinal from the seeds (MODEL.md M2): "
                              "federated groups split more; value a plaza "
                              "assumption"},
    [PZ_P_SPLIT_FACTIONS] = {"split_factions", PZ_PARAM_INT, "groups", 2, 2, 8,
                             NULL, 1,
                             "factions a split makes (the group and "
                             "split_factions - 1 new ones), equal shares "
                             "unless a dated event gives them",
                             "plaza assumption (Guadalajara 1989: three; "
                             "most later splits: two)"},
    [PZ_P_SPLINTER_RIVALRY] = {"splinter_rivalry", PZ_PARAM_REAL, "weight", 0,
                               0, 1000, NULL, 1,
                               "rivalry weight between the factions of a "
                               "split, on top of the conflict between any two "
                               "groups that are not allies (the 2020 "
                               "network's weights run 1-13)",
                               "plaza; 0 keeps fragmentation.yaml's factions "
                               "alive (docs/MODEL.md, Leaders)"},
    [PZ_P_SUCCESSION_VIOLENCE] =
        {"succession_violence", PZ_PARAM_REAL, "-", 6, 0, 100, NULL, 1,
         "conflict deaths involving a group rise by "
         "this factor (x 100%) when its leader is "
         "removed, then decay",
         "CALIBRATED by hand to Calderon et al. 2015 "
         "(+36.5% over 6 months): plaza event-study "
         "on the default with kingpin_rate 6 gives "
         "+37% before the dated wars, +30% [+21%, +44%] "
         "with them (docs/EXPERIMENTS.md)"},
    [PZ_P_SUCCESSION_DECAY] = {"succession_decay", PZ_PARAM_REAL, "weeks", 52,
                               0.1, 10000, NULL, 1,
                               "weeks for the succession rise to fall by a "
                               "factor e",
                               "CALIBRATED by hand with succession_violence "
                               "(grid 26, 52); Lindo & Padilla-Romo 2018 "
                               "find the rise lasting 12 months or more"},
    [PZ_P_CAPTURE_VIOLENCE] = {"capture_violence", PZ_PARAM_REAL, "-", 0.5, 0,
                               10, NULL, 1,
                               "the rise of conflict after a capture or "
                               "extradition, as a share of the rise after a "
                               "killing (succession_violence)",
                               "direction from Phillips 2015 (killings raise "
                               "violence more than arrests); value a plaza "
                               "assumption"},
    [PZ_P_LIEUTENANT_RATE] = {"lieutenant_rate", PZ_PARAM_REAL, "captures/year",
                              0, 0, 100000, NULL, 1,
                              "captures of lieutenants (the heads of a "
                              "group's cell in a region) a year nationally, "
                              "the cell drawn in proportion to its members "
                              "(stochastic mode, scenarios with regions)",
                              "plaza assumption (mid-level targets, Phillips "
                              "2015)"},
    [PZ_P_LIEUTENANT_CALM] = {"lieutenant_calm", PZ_PARAM_REAL, "-", 0.3, 0, 1,
                              NULL, 1,
                              "conflict in the region falls by this share "
                              "after a lieutenant's capture (the drop adds "
                              "up, to at most 1), then recovers",
                              "direction from Phillips 2015 (arrests of "
                              "mid-level targets lower violence briefly); "
                              "value a plaza assumption"},
    [PZ_P_LIEUTENANT_DECAY] = {"lieutenant_decay", PZ_PARAM_REAL, "weeks", 4,
                               0.1, 10000, NULL, 1,
                               "weeks for that drop to fade by a factor e",
                               "plaza assumption ('briefly', Phillips 2015)"},
    [PZ_P_LIEUTENANT_DEFECTION] = {"lieutenant_defection", PZ_PARAM_REAL, "-",
                                   0.1, 0, 1, NULL, 1,
                                   "chance that a captured lieutenant's men "
                                   "(lieutenant_span of the cell, or all of "
                                   "it when smaller) go over to the largest "
                                   "group in the region that is not its "
                                   "group's ally",
                                   "plaza assumption (cells switching sides: "
                                   "the Mexcales, 2022)"},
    [PZ_P_LIEUTENANT_SPAN] = {"lieutenant_span", PZ_PARAM_INT, "members", 100,
                              1, 1e6, NULL, 1,
                              "members under one lieutenant: those who may "
                              "go over with him",
                              "plaza assumption"},
    [PZ_P_MAX_NEW_GROUPS] = {"max_new_groups", PZ_PARAM_INT, "groups", 200, 0,
                             5000, NULL, 0,
                             "most groups splits may add in a run (room is "
                             "kept for them); past it a removal ends in "
                             "succession",
                             "plaza"},
    [PZ_P_CAPACITY_MUNICIPAL] =
        {"capacity_municipal", PZ_PARAM_REAL, "-", 0.2, 0, 1, NULL, 1,
         "share of enforcement (arrests) done by municipal police; the levels' "
         "shares are normalised by their sum; Mando Unico moves it to the "
         "state level",
         "plaza assumption: municipal police are about a fifth of enforcement"},
    [PZ_P_CAPACITY_STATE] =
        {"capacity_state", PZ_PARAM_REAL, "-", 0.3, 0, 1, NULL, 1,
         "share of enforcement done by state police and prosecutors",
         "plaza assumption"},
    [PZ_P_CAPACITY_FEDERAL] =
        {"capacity_federal", PZ_PARAM_REAL, "-", 0.5, 0, 1, NULL, 1,
         "share of enforcement done by federal forces (army, navy, National "
         "Guard, federal prosecutors)",
         "plaza assumption"},
    [PZ_P_INTEGRITY_MUNICIPAL] =
        {"integrity_municipal", PZ_PARAM_REAL, "-", 0.6, 0, 1, NULL, 1,
         "integrity of municipal offices: an office accepts a bribe with "
         "probability (1 - integrity) B / (B + salary); 1: never",
         "seeds: corruption concentrates at the municipal level; value plaza "
         "assumption (issue 5), to be calibrated"},
    [PZ_P_INTEGRITY_STATE] =
        {"integrity_state", PZ_PARAM_REAL, "-", 0.75, 0, 1, NULL, 1,
         "integrity of state offices (governor, state police, prosecutors)",
         "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_INTEGRITY_FEDERAL] = {"integrity_federal", PZ_PARAM_REAL, "-", 0.9, 0,
                                1, NULL, 1,
                                "integrity of federal offices (commanders of "
                                "the federal forces in a state)",
                                "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_SALARY_MUNICIPAL] =
        {"salary_municipal", PZ_PARAM_REAL, "revenue/week", 1, 0, 1000000000.0,
         NULL, 1, "an office's weekly pay, in the units of revenue_per_member",
         "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_SALARY_STATE] = {"salary_state", PZ_PARAM_REAL, "revenue/week", 3, 0,
                           1000000000.0, NULL, 1, "a state office's weekly pay",
                           "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_SALARY_FEDERAL] = {"salary_federal", PZ_PARAM_REAL, "revenue/week", 5,
                             0, 1000000000.0, NULL, 1,
                             "a federal office's weekly pay",
                             "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_REVENUE_PER_MEMBER] =
        {"revenue_per_member", PZ_PARAM_REAL, "revenue/week", 0, 0,
         1000000000.0, NULL, 1,
         "a member's weekly revenue for the group, in relative units; 0: "
         "groups have no money and pay no bribes (corruption off, except "
         "arrangements given in the scenario)",
         "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_BRIBE_SHARE] = {"bribe_share", PZ_PARAM_REAL, "-", 0.05, 0, 1, NULL,
                          1,
                          "share of a group's revenue in a jurisdiction that "
                          "it offers to an office there",
                          "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_BRIBE_ATTEMPT_RATE] =
        {"bribe_attempt_rate", PZ_PARAM_REAL, "1/week", 0.05, 0, 1, NULL, 1,
         "chance a week that the largest group in a jurisdiction makes an "
         "offer to a clean office",
         "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_VALUE_CORRUPTION] =
        {"value_corruption", PZ_PARAM_REAL, "-", 0.5, 0, 100, NULL, 1,
         "bribes grow by 1 + value_corruption x the region's value (value_* of "
         "its places): corruption is likelier where trafficking is",
         "seeds (corruption where trafficking value is high); value plaza "
         "assumption (issue 5), to be calibrated"},
    [PZ_P_DIRECT_SHARE] =
        {"direct_share", PZ_PARAM_REAL, "-", 0.2, 0, 1, NULL, 1,
         "share of captures that are direct (the office protects the group and "
         "turns enforcement on its rivals); the rest are indirect (the office "
         "looks away)",
         "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_LOOK_AWAY] = {"look_away", PZ_PARAM_REAL, "-", 0.8, 0, 1, NULL, 1,
                        "share of its enforcement against the paying group "
                        "that an indirectly corrupt office drops",
                        "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_REDIRECT] = {"redirect", PZ_PARAM_REAL, "-", 1, 0, 100, NULL, 1,
                       "a directly corrupt office raises its enforcement "
                       "against every group other than its protected one and "
                       "that group's allies by this factor (x 100%)",
                       "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_EXPOSURE_RATE] = {"exposure_rate", PZ_PARAM_REAL, "1/week", 0.01, 0,
                            1, NULL, 1,
                            "chance a week that a captured office is exposed "
                            "or replaced, ending the arrangement (arrangements "
                            "given as 'fixed' in the scenario excepted)",
                            "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_PLOMO] = {"plomo", PZ_PARAM_REAL, "-", 0.05, 0, 1, NULL, 1,
                    "chance that a refused offer ends with the official killed "
                    "(plata o plomo)",
                    "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_TURNOVER] =
        {"turnover", PZ_PARAM_REAL, "-", 0.5, 0, 1, NULL, 1,
         "chance that an election changes the party in office, breaking the "
         "office's arrangement and setting off competition",
         "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_ELECTION_VIOLENCE] =
        {"election_violence", PZ_PARAM_REAL, "-", 0.3, 0, 100, NULL, 1,
         "conflict in a jurisdiction rises by this factor (x 100%) after a "
         "change of party, then decays",
         "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_ELECTION_DECAY] =
        {"election_decay", PZ_PARAM_REAL, "weeks", 26, 0.1, 10000, NULL, 1,
         "weeks for the post-election rise to fall by a factor e",
         "plaza assumption (issue 5), to be calibrated"},
    [PZ_P_CANDIDATE_KILLING] =
        {"candidate_killing", PZ_PARAM_REAL, "1/(1000 members)", 0.07, 0, 1000,
         NULL, 1,
         "expected candidates killed in a jurisdiction's campaign (12 weeks "
         "before its election) per 1,000 members of groups there",
         "calibrated by hand: about 30 candidates killed in the default's 2024 "
         "campaign (26-36 for 0.06-0.08, one run each), against over 30 in "
         "events.csv"},
    [PZ_P_US_PRESSURE_DECAY] =
        {"us_pressure_decay", PZ_PARAM_REAL, "weeks", 13, 0.1, 10000, NULL, 1,
         "weeks for US pressure (timeline 'pressure') to fall by a factor e; "
         "pressure P multiplies arrests and leader removals by 1 + P",
         "seeds: pressure buys a crackdown for a while (events.csv, "
         "2025-02-03); value plaza assumption (issue 5), to be calibrated"},
    [PZ_P_BACKGROUND_GEOGRAPHY] =
        {"background_geography", PZ_PARAM_ENUM, "-", PZ_BGEO_POPULATION, 0, 1,
         bgeo_choices, 0,
         "where the background homicides happen: in "
         "proportion to population, or (prewar) to the "
         "homicides registered in 1997-2006, before "
         "the war on the cartels (each region's "
         "prewar_homicides; a municipality gets its "
         "state's, shared by population); the national "
         "total is the same",
         "INEGI homicides by municipality of occurrence "
         "1990-2015 (data directory) for prewar; "
         "plaza"},
    [PZ_P_WAR_INTENSITY] = {"war_intensity", PZ_PARAM_REAL, "1/week", 0, 0, 10,
                            NULL, 1,
                            "members killed a week on each side of a dated "
                            "war ('war:' on the timeline) per member of its "
                            "front, times the war's weight: in each of its "
                            "regions, sides of x and y members lose "
                            "intensity x weight x xy/(x + y) each (see "
                            "war_front); 0: wars kill no one",
                            "assumed 0.5 in scenarios/mexico.yaml (only "
                            "intensity x war_front matters there; "
                            "docs/MODEL.md, Calibration); 0 by default"},
    [PZ_P_WAR_MOBILIZATION] =
        {"war_mobilization", PZ_PARAM_REAL, "-", 0, 0, 1, NULL, 1,
         "share of each warring group's members, in "
         "every region, sent into a war's regions when "
         "the war starts (shared equally among them)",
         "CALIBRATED in scenarios/mexico.yaml (docs/MODEL.md, "
         "Calibration); 0 by default"},
    [PZ_P_WAR_REPLACEMENT] = {"war_replacement", PZ_PARAM_REAL, "-", 0, 0, 1,
                              NULL, 1,
                              "members killed in a war replaced by local "
                              "recruits the same week (share of the war's "
                              "deaths of the cell, times the region's "
                              "recruitment room)",
                              "assumed 1 in scenarios/mexico.yaml and "
                              "mexico-municipal.yaml; 0 by default"},
    [PZ_P_WAR_FRONT] = {"war_front", PZ_PARAM_REAL, "members", 0, 0, 1e7, NULL,
                        1,
                        "the most members a war's fronts hold in all, shared "
                        "among its regions where both sides are that week: "
                        "the front xy/(x + y) of sides of x and y members in "
                        "a region is cut to war_front over their number (0: "
                        "no limit), so that a war's toll depends neither on "
                        "the sizes of its groups nor on how finely its "
                        "regions divide the map",
                        "CALIBRATED in scenarios/mexico.yaml (docs/MODEL.md, "
                        "Calibration); 0 (no limit) by default"},
};

const pz_param_info *pz_param_info_get(pz_param_id id)
{
    if ((int)id < 0 || id >= PZ_P_COUNT)
        return NULL;
    return &table[id];
}

int pz_param_lookup(const char *name)
{
    for (int i = 0; i < PZ_P_COUNT; i++)
        if (strcmp(table[i].name, name) == 0)
            return i;
    return -1;
}

/* The one number parser (base/number.c): plain decimal, finite. */
static int parse_real(const char *text, double *v)
{
    return pz_parse_real(text, v, NULL) == PZ_OK ? 0 : -1;
}

pz_status pz_param_parse(pz_param_id id, const char *text, double *value,
                         pz_error *err)
{
    const pz_param_info *p = pz_param_info_get(id);
    double v = 0;
    if (!p)
        return pz__fail(err, PZ_ERR_INPUT, "no parameter has id %d", (int)id);
    switch (p->type) {
    case PZ_PARAM_DATE: {
        long d;
        if (pz_date_parse(text, &d, err) != PZ_OK)
            return PZ_ERR_INPUT;
        *value = (double)d;
        return PZ_OK;
    }
    case PZ_PARAM_ENUM:
        for (int i = 0; p->choices[i]; i++) {
            if (strcmp(p->choices[i], text) == 0) {
                *value = i;
                return PZ_OK;
            }
        }
        {
            char why[sizeof err->msg];
            size_t off = (size_t)snprintf(why, sizeof why, "must be one of");
            for (int i = 0; p->choices[i] && off < sizeof why; i++)
                off += (size_t)snprintf(why + off, sizeof why - off, "%s %s",
                                        i ? "," : "", p->choices[i]);
            if (off < sizeof why)
                snprintf(why + off, sizeof why - off, "; got '%s'", text);
            return pz__fail(err, PZ_ERR_INPUT, "%s", why);
        }
    case PZ_PARAM_INT:
        if (parse_real(text, &v) != 0 || v != floor(v))
            return pz__fail(err, PZ_ERR_INPUT, "must be an integer, got '%s'",
                            text);
        break;
    case PZ_PARAM_REAL:
        if (parse_real(text, &v) != 0)
            return pz__fail(err, PZ_ERR_INPUT, "must be a number, got '%s'",
                            text);
        break;
    }
    if (v < p->min || v > p->max)
        return pz__fail(err, PZ_ERR_INPUT,
                        "must be in [%.10g, %.10g], got '%s'", p->min, p->max,
                        text);
    *value = v;
    return PZ_OK;
}

const char *pz_param_format(pz_param_id id, double value, char *buf, size_t n)
{
    const pz_param_info *p = pz_param_info_get(id);
    switch (p->type) {
    case PZ_PARAM_DATE:
        return pz_date_format((long)value, buf, n);
    case PZ_PARAM_ENUM:
        snprintf(buf, n, "%s", p->choices[(int)value]);
        return buf;
    case PZ_PARAM_INT:
        snprintf(buf, n, "%.0f", value);
        return buf;
    case PZ_PARAM_REAL:
        /* the shortest of %.15g..%.17g that reads back exactly */
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, n, "%.*g", prec, value);
            if (strtod(buf, NULL) == value)
                break;
        }
        return buf;
    }
    return buf;
}
