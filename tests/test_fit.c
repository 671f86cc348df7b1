/*
 * test_fit.c - pz_fit_evaluate against figures computed here, from the
 * data files read independently with stdio: a run whose only homicides are
 * background homicides at a known rate must give, for every year, that
 * rate times the population times the days of the year, and state shares
 * equal to the population shares.
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
    assert_int_equal(pz_scenario_load_text(text, sizeof text - 1, "t.yaml",
                                           data, &sc, &err),
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
    while (fgets(line, sizeof line, fp)) {
        int y = atoi(strtok(line, ","));
        double obs = atof(strtok(NULL, ","));
        /* the run covers 2006-01-01 .. 2026-12-27: every year 2007-2024 */
        double expect = 1.0e-4 / 364 * total * (365 + leap(y));
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
    assert_int_equal(pz_scenario_load_text(nat, sizeof nat - 1, "n.yaml", data,
                                           &sc, &err),
                     PZ_OK);
    assert_int_equal(pz_fit_evaluate(sc, data, &f, &err), PZ_OK);
    assert_false(f.have_shares);
    assert_int_equal(f.nyears, 2); /* 2007 and 2008 are whole in 200 weeks */
    pz_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(background_only),
        cmocka_unit_test(national_has_no_shares),
    };
    return cmocka_run_group_tests_name("fit", tests, NULL, NULL);
}
