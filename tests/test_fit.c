/*
 * test_fit.c - pz_fit_evaluate against figures computed here, from the
 * data files read independently with stdio: a run whose only homicides are
 * background homicides at a known rate must give, for every year, that
 * rate times the population times the days of the year, and state shares
 * equal to the population shares.  Over replicates, the fit's series is
 * the mean of the replicates' series computed here with the model's API,
 * inside their range, and the same for any number of threads.  The fit
 * of a series already simulated (pz_fit_weekly, the report's) gives the
 * same figures as pz_fit_evaluate for that run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plaza/fit.h"
#include "plaza/model.h"
#include "plaza/params.h"
#include "plaza/scenario.h"

static const char text[] =
    "plaza: 1\n"
    "parameters: {start: 2006-01-01, steps: 1095, mode: deterministic,\n"
    "             initial_members: 0, background_homicides: 1.0e-4}\n"
    "regions: {data: states}\n"
    "groups: {data: pc2023}\n";

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void background_only(void **state)
{
    (void)state;
    const char *data = getenv("PLAZA_DATA");
    char path[4096], line[512];
    pz_scenario *sc = NULL;
    pz_error err;
    pz_fit_result f;
    assert_int_equal(
        pz_scenario_load_text(text, sizeof text - 1, "t.yaml", data, &sc, &err),
        PZ_OK);
    assert_int_equal(pz_fit_evaluate(sc, data, &f, &err), PZ_OK);

    /* population of the states (state2020.csv: "region",...,"pop",...) */
    double pop[32] = {0}, total = 0;
    snprintf(path, sizeof path, "%s/mexico/state2020.csv", data);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    assert_non_null(fgets(line, sizeof line, fp)); /* header */
    while (fgets(line, sizeof line, fp)) {
        int code;
        char *fields[16];
        int n = 0;
        for (char *t = strtok(line, ","); t && n < 16; t = strtok(NULL, ","))
            fields[n++] = t;
        assert_true(n >= 7);
        code = atoi(fields[0] + 1); /* "01" quoted */
        pop[code - 1] = atof(fields[6]);
        total += pop[code - 1];
    }
    fclose(fp);

    /* national homicides by year */
    snprintf(path, sizeof path, "%s/mexico/national_homicides.csv", data);
    fp = fopen(path, "r");
    assert_non_null(fp);
    assert_non_null(fgets(line, sizeof line, fp));
    double ape = 0;
    size_t n = 0;
    double ob[2100] = {0}; /* by year */
    while (fgets(line, sizeof line, fp)) {
        int y = atoi(strtok(line, ","));
        double obs = atof(strtok(NULL, ","));
        /* the run covers 2006-01-01 .. 2026-12-27: every year 2007-2024 */
        double expect = 1.0e-4 / 364 * total * (365 + leap(y));
        assert_true(y >= 1990 && y < 2100);
        ob[y] = obs;
        assert_true(n < f.nyears);
        assert_int_equal(f.year[n], y);
        assert_true(f.observed[n] == obs);
        assert_true(fabs(f.simulated[n] - expect) < 1e-6 * expect);
        ape += fabs(expect - obs) / obs;
        n++;
    }
    fclose(fp);
    assert_int_equal(n, f.nyears);
    assert_true(fabs(f.mape - 100 * ape / (double)n) < 1e-9);

    /* the shapes of both series (the simulated one as the fit has it), by
     * the centred formula of the slope */
    double sim[2100] = {0};
    for (size_t j = 0; j < f.nyears; j++)
        sim[f.year[j]] = f.simulated[j];
    const double *series[2] = {sim, ob};
    double want[2][4];
    for (int k = 0; k < 2; k++) {
        const double *v = series[k];
        double lo = INFINITY, hi = 0, mx = 0, my = 0, sxy = 0, sxx = 0;
        for (int y = 2018; y <= 2024; y++) {
            lo = fmin(lo, v[y]);
            hi = fmax(hi, v[y]);
            mx += y / 7.0;
            my += log(v[y]) / 7;
        }
        for (int y = 2018; y <= 2024; y++) {
            sxy += (y - mx) * (log(v[y]) - my);
            sxx += (y - mx) * (y - mx);
        }
        want[k][0] = v[2011] / v[2007] - 1;
        want[k][1] = v[2014] / v[2011] - 1;
        want[k][2] = hi / lo - 1;
        want[k][3] = exp(sxy / sxx) - 1;
    }
    double got[2][4] = {{f.rise, f.dip, f.spread, f.trend},
                        {f.rise_obs, f.dip_obs, f.spread_obs, f.trend_obs}};
    for (int k = 0; k < 2; k++)
        for (int j = 0; j < 4; j++)
            assert_true(fabs(got[k][j] - want[k][j]) < 1e-12);
    /* a constant rate: no rise, no dip, and over 2018-2024 only the leap
     * days of 2020 and 2024 (to the 1e-6 of the series above) */
    assert_true(fabs(f.rise) < 1e-5 && fabs(f.dip) < 1e-5);
    assert_true(fabs(f.spread - 1.0 / 365) < 1e-5);
    assert_true(f.trend > 0 && f.trend < 1e-3);

    /* shares: simulated = population shares; observed from the INEGI
     * municipal series, 2010-2015, unspecified codes skipped */
    double obs[32] = {0}, otot = 0;
    snprintf(path, sizeof path,
             "%s/mexico/inegi_homicides_mun_month_1990_2015.csv", data);
    fp = fopen(path, "r");
    assert_non_null(fp);
    assert_non_null(fgets(line, sizeof line, fp));
    while (fgets(line, sizeof line, fp)) {
        int y = atoi(strtok(line, ","));
        strtok(NULL, ",");
        char *code = strtok(NULL, ",");
        double h = atof(strtok(NULL, ",\r\n"));
        int s = (code[0] - '0') * 10 + (code[1] - '0');
        if (y < 2010 || y > 2015 || s < 1 || s > 32 ||
            !strcmp(code + 2, "998") || !strcmp(code + 2, "999"))
            continue;
        obs[s - 1] += h;
        otot += h;
    }
    fclose(fp);
    assert_true(f.have_shares);
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    for (int s = 0; s < 32; s++) {
        assert_true(fabs(f.share_simulated[s] - pop[s] / total) < 1e-9);
        assert_true(fabs(f.share_observed[s] - obs[s] / otot) < 1e-12);
        mx += obs[s] / otot / 32;
        my += pop[s] / total / 32;
    }
    for (int s = 0; s < 32; s++) {
        double x = obs[s] / otot - mx, yv = pop[s] / total - my;
        sxy += x * yv;
        sxx += x * x;
        syy += yv * yv;
    }
    assert_true(fabs(f.pearson_r - sxy / sqrt(sxx * syy)) < 1e-9);
    print_message("background only: MAPE %.1f%%, r %.3f\n", f.mape,
                  f.pearson_r);
    pz_scenario_free(sc);
}

/* A scenario without regions has no state shares. */
static void national_has_no_shares(void **state)
{
    (void)state;
    static const char nat[] = "plaza: 1\n"
                              "parameters: {start: 2006-01-01, steps: 200,\n"
                              "             mode: deterministic}\n"
                              "groups: {data: pc2023}\n";
    const char *data = getenv("PLAZA_DATA");
    pz_scenario *sc = NULL;
    pz_error err;
    pz_fit_result f;
    assert_int_equal(
        pz_scenario_load_text(nat, sizeof nat - 1, "n.yaml", data, &sc, &err),
        PZ_OK);
    assert_int_equal(pz_fit_evaluate(sc, data, &f, &err), PZ_OK);
    assert_false(f.have_shares);
    assert_int_equal(f.nyears, 2); /* 2007 and 2008 are whole in 200 weeks */
    /* 2011 and 2018-2024 are not compared: no shapes */
    assert_true(isnan(f.rise) && isnan(f.dip) && isnan(f.spread) &&
                isnan(f.trend));
    assert_true(isnan(f.rise_obs) && isnan(f.spread_obs) && isnan(f.trend_obs));
    pz_scenario_free(sc);
}

/* A stochastic national run of 160 weeks from 2006: 2007 and 2008 whole. */
static const char sto[] = "plaza: 1\n"
                          "parameters: {start: 2006-01-01, steps: 160,\n"
                          "             mode: stochastic, seed: 7,\n"
                          "             civilian_ratio: 3,\n"
                          "             background_homicides: 2.0e-5}\n"
                          "groups: {data: pc2023}\n";

/* Replicate r's homicides in 2007 and 2008, the days of each week shared
 * among the years as the fit shares them. */
static void years_of(const pz_scenario *sc, uint32_t r, double h[2])
{
    pz_model *m = NULL;
    pz_error err;
    h[0] = h[1] = 0;
    assert_int_equal(pz_model_create(sc, r, &m, &err), PZ_OK);
    while (pz_model_time(m) < pz_model_steps(m)) {
        long day0 = pz_model_date(m, pz_model_time(m));
        assert_int_equal(pz_model_step(m, NULL), PZ_OK);
        for (long d = day0 + 1; d <= day0 + 7; d++) {
            int y, mo, da;
            pz_civil_from_days(d, &y, &mo, &da);
            if (y == 2007 || y == 2008)
                h[y - 2007] += pz_model_homicides(m) / 7;
        }
    }
    pz_model_destroy(m);
}

static void replicates_mean_and_band(void **state)
{
    (void)state;
    const char *data = getenv("PLAZA_DATA");
    pz_scenario *sc = NULL;
    pz_error err;
    pz_fit_result f1, f2, f0;
    enum { N = 6 };
    assert_int_equal(
        pz_scenario_load_text(sto, sizeof sto - 1, "s.yaml", data, &sc, &err),
        PZ_OK);
    assert_int_equal(pz_fit_evaluate_n(sc, data, N, 1, &f1, &err), PZ_OK);
    assert_int_equal(pz_fit_evaluate_n(sc, data, N, 2, &f2, &err), PZ_OK);
    assert_int_equal(pz_fit_evaluate(sc, data, &f0, &err), PZ_OK);
    assert_int_equal(f1.replicates, N);
    assert_int_equal(f0.replicates, 1);
    assert_int_equal(f1.nyears, 2);
    /* threads change nothing */
    for (size_t k = 0; k < f1.nyears; k++) {
        assert_true(f1.simulated[k] == f2.simulated[k]);
        assert_true(f1.simulated_lo[k] == f2.simulated_lo[k]);
        assert_true(f1.simulated_hi[k] == f2.simulated_hi[k]);
    }
    assert_true(f1.mape == f2.mape && f1.mape_runs == f2.mape_runs);
    /* the mean of the replicates, each computed here */
    double h[N][2], mean[2] = {0, 0}, lo[2], hi[2], ape_runs = 0;
    for (uint32_t r = 0; r < N; r++) {
        years_of(sc, r, h[r]);
        double a = 0;
        for (int k = 0; k < 2; k++) {
            mean[k] += h[r][k] / N;
            lo[k] = r ? fmin(lo[k], h[r][k]) : h[r][k];
            hi[k] = r ? fmax(hi[k], h[r][k]) : h[r][k];
            a += fabs(h[r][k] - f1.observed[k]) / f1.observed[k];
        }
        ape_runs += 100 * a / 2 / N;
    }
    /* the replicates differ (a stochastic run), so the band is not empty */
    assert_true(hi[0] > lo[0]);
    double ape = 0;
    for (int k = 0; k < 2; k++) {
        assert_true(fabs(f1.simulated[k] - mean[k]) < 1e-9 * mean[k]);
        /* 2.5% and 97.5% quantiles of 6 values lie between the extremes,
         * strictly inside when the extremes differ from their neighbours */
        assert_true(f1.simulated_lo[k] >= lo[k] &&
                    f1.simulated_lo[k] < mean[k]);
        assert_true(f1.simulated_hi[k] <= hi[k] &&
                    f1.simulated_hi[k] > mean[k]);
        ape += fabs(mean[k] - f1.observed[k]) / f1.observed[k];
    }
    assert_true(fabs(f1.mape - 100 * ape / 2) < 1e-9);
    assert_true(fabs(f1.mape_runs - ape_runs) < 1e-9);
    assert_true(f1.mape_runs_lo <= f1.mape_runs &&
                f1.mape_runs <= f1.mape_runs_hi);
    /* replicate 0 alone is pz_fit_evaluate */
    assert_true(fabs(f0.simulated[0] - h[0][0]) < 1e-9 * h[0][0]);
    /* no replicates is bad input */
    assert_int_equal(pz_fit_evaluate_n(sc, data, 0, 1, &f1, &err),
                     PZ_ERR_INPUT);
    pz_scenario_free(sc);
}

/* A deterministic scenario's replicates are one run. */
static void deterministic_runs_once(void **state)
{
    (void)state;
    static const char det[] = "plaza: 1\n"
                              "parameters: {start: 2006-01-01, steps: 160,\n"
                              "             mode: deterministic}\n"
                              "groups: {data: pc2023}\n";
    const char *data = getenv("PLAZA_DATA");
    pz_scenario *sc = NULL;
    pz_error err;
    pz_fit_result a, b;
    assert_int_equal(
        pz_scenario_load_text(det, sizeof det - 1, "d.yaml", data, &sc, &err),
        PZ_OK);
    assert_int_equal(pz_fit_evaluate_n(sc, data, 9, 2, &a, &err), PZ_OK);
    assert_int_equal(pz_fit_evaluate(sc, data, &b, &err), PZ_OK);
    assert_int_equal(a.replicates, 1);
    for (size_t k = 0; k < a.nyears; k++)
        assert_true(a.simulated[k] == b.simulated[k] &&
                    a.simulated_lo[k] == a.simulated[k] &&
                    a.simulated_hi[k] == a.simulated[k]);
    pz_scenario_free(sc);
}

/* pz_fit_weekly on the weekly series of a run gives pz_fit_evaluate's
 * figures for that run: years, MAPE, state shares and r (the report's
 * fit, docs/EXPERIMENTS.md). */
static void weekly_series_as_evaluate(void **state)
{
    (void)state;
    static const char reg[] = "plaza: 1\n"
                              "parameters: {start: 2006-01-01, steps: 540}\n"
                              "regions: {data: states}\n"
                              "groups: {data: pc2023}\n";
    const char *data = getenv("PLAZA_DATA");
    pz_scenario *sc = NULL;
    pz_model *m = NULL;
    pz_error err;
    pz_fit_result a, b;
    assert_int_equal(
        pz_scenario_load_text(reg, sizeof reg - 1, "w.yaml", data, &sc, &err),
        PZ_OK);
    assert_int_equal(pz_fit_evaluate(sc, data, &a, &err), PZ_OK);
    assert_int_equal(pz_model_create(sc, 0, &m, &err), PZ_OK);
    size_t steps = (size_t)pz_model_steps(m);
    double *h = calloc(steps + 1, sizeof *h), st[PZ_FIT_STATES] = {0};
    assert_non_null(h);
    long day0 = pz_model_date(m, 0);
    for (size_t t = 1; t <= steps; t++) {
        long d = pz_model_date(m, pz_model_time(m));
        assert_int_equal(pz_model_step(m, NULL), PZ_OK);
        h[t] = pz_model_homicides(m);
        int y, mo, da;
        pz_civil_from_days(d + 4, &y, &mo, &da);
        for (size_t s = 0; y >= 2010 && y <= 2015 && s < PZ_FIT_STATES; s++) {
            pz_region_stats rs;
            pz_model_region(m, PZ_LEVEL_STATES, s, &rs);
            st[atoi(pz_model_region_code(m, PZ_LEVEL_STATES, s)) - 1] +=
                rs.homicides;
        }
    }
    assert_int_equal(pz_fit_weekly(data, day0, h, steps, st, &b, &err), PZ_OK);
    assert_int_equal(a.nyears, b.nyears);
    assert_true(b.nyears >= 9); /* 2007-2015 */
    for (size_t k = 0; k < a.nyears; k++) {
        assert_int_equal(a.year[k], b.year[k]);
        assert_true(a.observed[k] == b.observed[k]);
        assert_true(fabs(a.simulated[k] - b.simulated[k]) <=
                    1e-9 * a.simulated[k]);
    }
    assert_true(fabs(a.mape - b.mape) < 1e-9);
    assert_true(b.have_shares);
    assert_true(fabs(a.pearson_r - b.pearson_r) < 1e-9);
    assert_true(isfinite(b.pearson_r));
    /* without states: no shares, r undefined */
    assert_int_equal(pz_fit_weekly(data, day0, h, steps, NULL, &b, &err),
                     PZ_OK);
    assert_true(!b.have_shares);
    assert_true(isnan(b.pearson_r));
    /* without data: bad input */
    assert_int_equal(pz_fit_weekly(NULL, day0, h, steps, NULL, &b, &err),
                     PZ_ERR_INPUT);
    free(h);
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(background_only),
        cmocka_unit_test(national_has_no_shares),
        cmocka_unit_test(replicates_mean_and_band),
        cmocka_unit_test(deterministic_runs_once),
        cmocka_unit_test(weekly_series_as_evaluate),
    };
    return cmocka_run_group_tests_name("fit", tests, NULL, NULL);
}
