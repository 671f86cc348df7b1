/*
 * signatures.h - the observable signatures that separate two hypotheses
 * about corruption (issue 5): is the state "in bed with" one group, or is
 * corruption scattered and opportunistic?  Two scenarios, typically
 * scenarios/alliance.yaml and scenarios/opportunistic.yaml, are run over
 * the same replicates, and statistics a researcher could measure in real
 * data are computed from every run over a window of years (default
 * 2010-2020: the weeks whose date, the end of the week, falls in it).
 *
 * For replicate r of scenario X the statistics are (NaN when undefined):
 *
 *   S1 arrests_min_over_median   for the 10 groups with the most members
 *        on average over the window, each group's arrest rate (arrests
 *        during the window's weeks over its member-weeks, members at the
 *        start of each week): the lowest rate over the median of the ten
 *        (near 1 when enforcement is even; low when one group is spared);
 *   S1 arrests_gini              the Gini coefficient of the arrest rates
 *        of the groups with at least 100 members on average;
 *   S2 captured_municipal_share  of the offices on a payroll (indirect or
 *        direct), summed over the window's weeks, the share that are
 *        municipal;
 *   S2 captured_direct_share     the share that are direct;
 *   S3 capture_value_r           Pearson's r across states between the
 *        share of the state's offices on a payroll (its municipal offices,
 *        its state and its federal office, over the window's weeks) and
 *        the value of its places (pz_model_region_value summed over its
 *        regions, averaged over the weeks);
 *   S4 post_election_homicides   national homicides in the `weeks` weeks
 *        from each municipal or federal election day of the window over
 *        those of the `weeks` weeks before it, pooled over the elections
 *        (sum after / sum before) whose weeks fit in the run;
 *   S5 kingpin_stronghold_homicides  for the removals of leaders (captures,
 *        killings, extraditions) in the window whose weeks fit in the run:
 *        homicides in the stronghold after over before, pooled, divided by
 *        the same ratio in the rest of the country (a difference in
 *        differences in ratio form; 1: no effect);
 *   S5 removals_largest_share    the share of the window's removals that
 *        hit the group with the most members on average over the window;
 *   S6 payroll_top_share         each week, the largest share of all
 *        offices (every level) on one group's payroll; averaged over the
 *        window's weeks.
 *
 * Each statistic is summarised per scenario across its replicates, and
 * the paired difference A - B (replicate r of A minus replicate r of B:
 * common random numbers, the same replicate numbers and, unless the
 * scenarios' seeds differ, the same seed) across the replicates where
 * both are defined: mean, exact 2.5% and 97.5% quantiles (sorted values,
 * linear interpolation).  A signature separates the hypotheses when the
 * difference's interval excludes 0.  Each run is computed on its own and
 * the results combined in order, so they do not depend on the threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_SIGNATURES_H
#define PLAZA_SIGNATURES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "plaza/plaza.h"
#include "plaza/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pz_signature {
    PZ_SIG_ARRESTS_MIN_MEDIAN = 0,
    PZ_SIG_ARRESTS_GINI,
    PZ_SIG_CAPTURED_MUNICIPAL,
    PZ_SIG_CAPTURED_DIRECT,
    PZ_SIG_CAPTURE_VALUE_R,
    PZ_SIG_POST_ELECTION,
    PZ_SIG_KINGPIN_STRONGHOLD,
    PZ_SIG_REMOVALS_LARGEST,
    PZ_SIG_PAYROLL_TOP,
    PZ_SIG_COUNT
} pz_signature;

typedef struct pz_signatures_options {
    uint32_t n;       /* replicates 0..n-1 of each scenario, at least 1 */
    unsigned threads; /* at least 1 */
    int from_year;    /* the window: whole years from_year..to_year; */
    int to_year;      /* both 0: 2010 to 2020 */
    unsigned weeks;   /* before and after elections and removals
                         (S4, S5); 0: 26 */
} pz_signatures_options;

/* A statistic's summary across replicates. */
typedef struct pz_sig_summary {
    uint32_t replicates; /* replicates where it is defined */
    double mean;         /* NaN when none */
    double q025, q975;
} pz_sig_summary;

typedef struct pz_signatures_row {
    pz_signature sig;
    pz_sig_summary a, b; /* scenario A, scenario B */
    pz_sig_summary diff; /* A - B, paired by replicate */
    int separates;       /* diff's interval excludes 0 */
} pz_signatures_row;

typedef struct pz_signatures_result {
    uint32_t n;
    int from_year, to_year;
    unsigned weeks;
    pz_signatures_row row[PZ_SIG_COUNT];
    /* removals of leaders and election days in the window, summed over
     * the replicates, per scenario (A, B) */
    size_t removals[2], elections[2];
    /* every run's statistics: value[(x * n + r) * PZ_SIG_COUNT + k] for
     * scenario x (0: A, 1: B), replicate r and statistic k (NaN when
     * undefined) */
    double *value;
} pz_signatures_result;

/* Runs both scenarios over replicates 0..n-1 and summarises.
 * PZ_ERR_INPUT for n or threads of 0, a bad window (from_year after
 * to_year, a year outside 1900-2200, or a window with no week of a run)
 * or weeks over 520, and for either scenario in deterministic mode (its
 * replicates would all be the same) or without regions (no offices).  On
 * success *out owns its array (pz_signatures_result_free); on failure
 * *out is empty. */
pz_status pz_signatures_run(const pz_scenario *a, const pz_scenario *b,
                            const pz_signatures_options *opt,
                            pz_signatures_result *out, pz_error *err);

void pz_signatures_result_free(pz_signatures_result *r);

/* Writes dir/signatures.csv (atomically: a temporary in dir renamed into
 * place; dir is created if missing): the table of
 * pz_signatures_print_csv. */
pz_status pz_signatures_write_csv(const pz_signatures_result *r, const char *a,
                                  const char *b, const char *dir,
                                  pz_error *err);
/* Prints the table to f, with the columns signature,scenario,mean,q025,
 * q975: for every signature the rows of scenario names a and b, then one
 * of scenario "difference" (A - B); numbers as docs/OUTPUTS.md says, NA
 * when undefined.  PZ_ERR_IO when f reports an error. */
pz_status pz_signatures_print_csv(const pz_signatures_result *r, const char *a,
                                  const char *b, FILE *f, pz_error *err);

/* The statistic's name ("arrests_min_over_median", ...), and its group
 * ("S1" ... "S6"). */
const char *pz_signature_name(pz_signature s);
const char *pz_signature_group(pz_signature s);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_SIGNATURES_H */
