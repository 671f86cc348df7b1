/*
 * event_study.h - an event study of leader removals on simulated data.
 *
 * The empirical literature on the kingpin strategy in Mexico measures how
 * homicides change after a leader is captured or killed: about +36.5%
 * over 6 months in the municipality of the removal, with spill-over into
 * its neighbours (Calderon, Robles, Diaz-Cayeros & Magaloni 2015); about
 * +80% for at least 12 months there and +30% in the other municipalities
 * where the same group operates (Lindo & Padilla-Romo 2018); killings
 * raise violence more than captures (Phillips 2015).  pz_event_study_run()
 * estimates the same quantities from plaza's own runs.
 *
 * For each replicate 0..n-1 the scenario's model is run to its end,
 * recording weekly homicides per region (PZ_LEVEL_REGIONS) and every
 * removal of a leader (events captured, killed, extradited; not
 * defections, breakaways or transfers), drawn or dated, with its step t,
 * group g and stronghold s.  Right after the step, P = the regions where g
 * or its new factions have at least one member.  Each event has three
 * sets of regions:
 *   treated     {s};
 *   other       P minus s (the group's other regions);
 *   neighbours  the neighbours of s outside P.
 * For a window of W weeks an event is used when t - W >= 1 and
 * t + W - 1 <= steps; pre = homicides over steps [t-W, t-1], post = over
 * [t, t+W-1].  Its controls are the regions in no set (treated, other or
 * neighbours) of any removal of the same replicate at steps within
 * [t - W, t + W].  For each replicate, set and fate the pooled effect is
 *
 *   (sum post_set / sum pre_set) / (sum post_ctrl / sum pre_ctrl) - 1
 *
 * with the sums over the events used whose set is not empty (a difference
 * in differences in ratio form); a replicate whose sums leave a zero
 * denominator has no estimate.  Across the replicates with an estimate the
 * result gives the mean and the exact 2.5% and 97.5% quantiles (sorted
 * values, linear interpolation).  Each replicate is computed on its own
 * and the replicates are combined in order, so the result does not depend
 * on the number of threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_EVENT_STUDY_H
#define PLAZA_EVENT_STUDY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "plaza/plaza.h"
#include "plaza/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PZ_EVENT_STUDY_MAX_WINDOWS 8

typedef enum pz_es_set {
    PZ_ES_TREATED = 0,   /* the removed leader's stronghold */
    PZ_ES_OTHER = 1,     /* the group's (and its factions') other regions */
    PZ_ES_NEIGHBOURS = 2 /* neighbours of the stronghold outside the group */
} pz_es_set;

typedef enum pz_es_fate {
    PZ_ES_ALL = 0,     /* every removal */
    PZ_ES_KILLED = 1,  /* leader killed */
    PZ_ES_CAPTURED = 2 /* leader captured or extradited */
} pz_es_fate;

typedef struct pz_event_study_options {
    uint32_t n;       /* replicates 0..n-1, at least 1 */
    unsigned threads; /* at least 1 */
    /* windows in weeks, each >= 1; nwindows 0: the default 26 and 52 */
    unsigned window[PZ_EVENT_STUDY_MAX_WINDOWS];
    size_t nwindows;
} pz_event_study_options;

/* One line of the result: a set, a fate and a window. */
typedef struct pz_event_study_row {
    pz_es_set set;
    pz_es_fate fate;
    unsigned window;     /* weeks */
    size_t events;       /* events used, summed over the replicates */
    uint32_t replicates; /* replicates with an estimate */
    double mean;         /* of the replicates' effects (NaN when none) */
    double q025, q975;   /* their 2.5% and 97.5% quantiles (NaN when none) */
} pz_event_study_row;

typedef struct pz_event_study_result {
    uint32_t n;      /* replicates run */
    size_t removals; /* removal events recorded in all replicates */
    size_t nrows;
    /* per window in the order given: treated all, treated killed, treated
     * captured, other all, neighbours all */
    pz_event_study_row *row;
    /* every replicate's effect, row-major: value[r * nrows + k] for
     * replicate r and row k, NaN when replicate r has no estimate */
    double *value;
} pz_event_study_result;

/* Runs the study.  PZ_ERR_INPUT for n or threads of 0, a bad window, a
 * deterministic scenario (removals are drawn only in stochastic mode, and
 * its replicates would all be the same), a scenario without regions, or
 * one with kingpin_rate 0 (base, timeline and selected policy) and no
 * dated removal of a leader.  On success *out owns its arrays (free them
 * with pz_event_study_result_free); on failure *out is empty. */
pz_status pz_event_study_run(const pz_scenario *sc,
                             const pz_event_study_options *opt,
                             pz_event_study_result *out, pz_error *err);

void pz_event_study_result_free(pz_event_study_result *r);

/* Writes dir/event_study.csv (created atomically: a temporary in dir
 * renamed into place; dir is created if missing): the table of
 * pz_event_study_print_csv. */
pz_status pz_event_study_write_csv(const pz_event_study_result *r,
                                   const char *dir, pz_error *err);
/* Prints the table to f, with the columns set,fate,window_weeks,events,
 * replicates,mean,q025,q975; numbers as docs/OUTPUTS.md says, NA for the
 * mean and quantiles when no replicate has an estimate.  PZ_ERR_IO when f
 * reports an error. */
pz_status pz_event_study_print_csv(const pz_event_study_result *r, FILE *f,
                                   pz_error *err);

/* "treated", "other", "neighbours"; "all", "killed", "captured". */
const char *pz_es_set_name(pz_es_set s);
const char *pz_es_fate_name(pz_es_fate f);

/* What the literature says about a row's effect. */
typedef enum pz_es_target_kind {
    PZ_ES_TARGET_VALUE = 0,    /* an estimate of the effect (value) */
    PZ_ES_TARGET_POSITIVE = 1, /* a sign: the effect is above 0 */
    PZ_ES_TARGET_KILLED_ABOVE_CAPTURED = 2 /* killings raise homicides
                                            * more than captures */
} pz_es_target_kind;

typedef struct pz_es_target {
    pz_es_target_kind kind;
    double value;     /* PZ_ES_TARGET_VALUE: the effect as a fraction */
    const char *text; /* e.g. "+36.5% over 6 months (Calderon et al.
                       * 2015)" */
} pz_es_target;

/* The literature's figure for rows of a set, fate and window (static):
 *   treated, all fates, windows up to 26 weeks: +36.5% over 6 months
 *     (Calderon, Robles, Diaz-Cayeros & Magaloni 2015);
 *   treated, all fates, longer windows: +80% for 12+ months (Lindo &
 *     Padilla-Romo 2018);
 *   treated, killed or captured: killed > captured (Phillips 2015);
 *   other: +30% (Lindo & Padilla-Romo 2018);
 *   neighbours: spill-over, > 0 (Calderon et al. 2015). */
const pz_es_target *pz_es_target_of(pz_es_set set, pz_es_fate fate,
                                    unsigned window);

/* How a row's estimate stands against its target. */
typedef enum pz_es_verdict {
    PZ_ES_NO_ESTIMATE = 0, /* no replicate (or pair) has an estimate */
    PZ_ES_COVERS = 1,      /* the 95% interval covers the value */
    PZ_ES_BELOW = 2,       /* the interval is below the value */
    PZ_ES_ABOVE = 3,       /* above it */
    PZ_ES_AGREES = 4,      /* the interval excludes 0 on the literature's
                            * side */
    PZ_ES_DISAGREES = 5,   /* on the other side */
    PZ_ES_UNDECIDED = 6    /* the interval covers 0 */
} pz_es_verdict;

/* "no estimate", "covers", "below", "above", "agrees", "disagrees",
 * "undecided". */
const char *pz_es_verdict_name(pz_es_verdict v);

/* The verdict of every row of r, in verdict[0..r->nrows).  A value target
 * is judged by the row's 2.5-97.5% interval, a sign by the same interval
 * against 0, and killed > captured (for both of a window's killed and
 * captured rows) by the 2.5-97.5% quantiles of the replicates' paired
 * differences, killed minus captured, over the replicates where both have
 * an estimate (NO_ESTIMATE when the result lacks one of the two rows).
 * PZ_ERR_NOMEM when out of memory. */
pz_status pz_event_study_verdicts(const pz_event_study_result *r,
                                  pz_es_verdict *verdict, pz_error *err);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_EVENT_STUDY_H */
