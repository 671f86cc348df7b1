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
 * renamed into place; dir is created if missing) with the columns
 * set,fate,window_weeks,events,replicates,mean,q025,q975 (empty mean and
 * quantiles when no replicate has an estimate). */
pz_status pz_event_study_write_csv(const pz_event_study_result *r,
                                   const char *dir, pz_error *err);

/* "treated", "other", "neighbours"; "all", "killed", "captured". */
const char *pz_es_set_name(pz_es_set s);
const char *pz_es_fate_name(pz_es_fate f);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_EVENT_STUDY_H */
