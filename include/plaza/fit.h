/*
 * fit.h - a scenario's fit to Mexico's homicide data.
 *
 * pz_fit_evaluate() runs a scenario to its end and compares its homicides
 * with the data in the data directory:
 *  - national homicides per calendar year against
 *    DIR/mexico/national_homicides.csv (INEGI death registrations), as the
 *    mean absolute percentage error over the years both cover;
 *  - for a scenario with regions, each state's share of the homicides of
 *    2010-2015 against INEGI's municipal monthly series aggregated to
 *    states (DIR/mexico/inegi_homicides_mun_month_1990_2015.csv; codes of
 *    unspecified places skipped), as Pearson's r over the 32 states.
 * A week's homicides are shared among calendar years by the days of the
 * week that fall in each.  Over several replicates, the fit is that of the
 * mean series (the model's expectation), with each replicate's spread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_FIT_H
#define PLAZA_FIT_H

#include <stddef.h>

#include "plaza/plaza.h"
#include "plaza/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PZ_FIT_MAX_YEARS 64
#define PZ_FIT_STATES    32

typedef struct pz_fit_result {
    size_t nyears; /* years compared */
    int year[PZ_FIT_MAX_YEARS];
    double observed[PZ_FIT_MAX_YEARS];
    double simulated[PZ_FIT_MAX_YEARS];    /* mean over the replicates */
    double simulated_lo[PZ_FIT_MAX_YEARS]; /* 2.5% and 97.5% quantiles */
    double simulated_hi[PZ_FIT_MAX_YEARS]; /* over the replicates */
    unsigned replicates; /* runs: 1 for a deterministic scenario */
    double mape;         /* percent, of the mean series */
    /* one replicate's MAPE: mean and 2.5%-97.5% range over the replicates */
    double mape_runs, mape_runs_lo, mape_runs_hi;
    int have_shares;                      /* the scenario has regions */
    double share_observed[PZ_FIT_STATES]; /* 2010-2015, by state code order */
    double share_simulated[PZ_FIT_STATES];
    char state_code[PZ_FIT_STATES][3];
    double pearson_r;                    /* of the mean shares */
    double r_runs, r_runs_lo, r_runs_hi; /* one replicate's r, as mape_runs */
    /* members at the end of 2021 and members killed in 2021, means over
     * the replicates (negative when the run does not cover 2021), to compare
     * with PC2023's estimates: 160,000-185,000 members and about 6,500 deaths a
     * year */
    double members_2021;
    double deaths_2021;
    /* the shapes of the series, simulated (the mean) and observed, each
     * NAN when one of its years is not compared (or has no homicides, where
     * it divides or takes a logarithm): the change from 2007 to
     * 2011 (the rise) and from 2011 to 2014 (the dip), as fractions; over
     * 2018-2024, the spread (the highest year over the lowest, minus 1)
     * and the trend (exp(b) - 1, b the least-squares slope of the
     * logarithm of the homicides on the year: the fraction a year) */
    double rise, rise_obs, dip, dip_obs;
    double spread, spread_obs, trend, trend_obs;
} pz_fit_result;

/* Runs replicates 0..replicates-1 of sc (once for a deterministic
 * scenario) on up to `threads` threads and fills *out: the yearly series
 * and the states' shares are the means over the replicates, and the MAPE
 * and r are those of the means; the result does not depend on threads.
 * data_dir must hold mexico/. */
pz_status pz_fit_evaluate_n(const pz_scenario *sc, const char *data_dir,
                            unsigned replicates, unsigned threads,
                            pz_fit_result *out, pz_error *err);

/* pz_fit_evaluate_n with replicate 0 alone. */
pz_status pz_fit_evaluate(const pz_scenario *sc, const char *data_dir,
                          pz_fit_result *out, pz_error *err);

/* The fit of a series already simulated (a run's national.csv, or the mean
 * of an ensemble's national_summary.csv), without running anything:
 * weekly[t] (t = 1..steps) are the homicides of the week ending at step t,
 * day0 the date of step 0 (days since 1970-01-01).  state_2010_2015, when
 * not NULL, holds the 32 states' homicides (code order 01..32) of the weeks
 * whose fourth day falls in 2010-2015, for the shares and Pearson's r.
 * Fills the same fields as pz_fit_evaluate_n for one replicate (replicates
 * = 1; the per-replicate spreads and the 2021 figures NAN or -1). */
pz_status pz_fit_weekly(const char *data_dir, long day0, const double *weekly,
                        size_t steps, const double *state_2010_2015,
                        pz_fit_result *out, pz_error *err);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_FIT_H */
