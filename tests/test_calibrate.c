/*
 * test_calibrate.c - the calibration of plaza/calibrate.h.
 *
 * The objective is checked against its formula on a fit made up here.
 * The search is checked where its optimum is known: in a run whose only
 * homicides are background homicides, each year's homicides are
 * proportional to background_homicides (b) and the states' shares do not
 * depend on it, so the objective is MAPE(b) + a constant, and
 * MAPE(b) = mean over the years of |b k_y - 1| (k_y the simulated over the
 * observed homicides per unit of b) is smallest at the weighted median of
 * 1/k_y with weights k_y.  Nelder-Mead must find that point.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plaza/calibrate.h"
#include "plaza/fit.h"
#include "plaza/scenario.h"

static const char text[] =
    "plaza: 1\n"
    "parameters: {start: 2006-01-01, steps: 1095, mode: deterministic,\n"
    "             initial_members: 0, background_homicides: 1.0e-4}\n"
    "regions: {data: states}\n"
    "groups: {data: pc2023}\n";

static pz_scenario *load(void)
{
    pz_scenario *sc = NULL;
    pz_error err;
    assert_int_equal(pz_scenario_load_text(text, sizeof text - 1, "t.yaml",
                                           getenv("PLAZA_DATA"), &sc, &err),
                     PZ_OK);
    return sc;
}

static void objective_formula(void **state)
{
    (void)state;
    pz_fit_result f;
    memset(&f, 0, sizeof f);
    f.mape = 20;
    f.have_shares = 1;
    f.pearson_r = 0.75;
    f.members_2021 = 172500 * 1.1; /* 10% above PC2023's */
    f.deaths_2021 = 6500 * 0.5;    /* 50% below */
    double v;
    pz_error err;
    assert_int_equal(
        pz_calibrate_objective(&f, PZ_CALIBRATE_HOMICIDES, &v, &err), PZ_OK);
    assert_true(fabs(v - 45) < 1e-9);
    assert_int_equal(
        pz_calibrate_objective(&f, PZ_CALIBRATE_PC2023_MEMBERS, &v, &err),
        PZ_OK);
    assert_true(fabs(v - 55) < 1e-9);
    assert_int_equal(pz_calibrate_objective(&f, PZ_CALIBRATE_PC2023, &v, &err),
                     PZ_OK);
    assert_true(fabs(v - 105) < 1e-9);
    /* a run that does not cover 2021: the PC2023 terms do not count */
    f.members_2021 = -1;
    assert_int_equal(pz_calibrate_objective(&f, PZ_CALIBRATE_PC2023, &v, &err),
                     PZ_OK);
    assert_true(fabs(v - 45) < 1e-9);
    /* without regions, r does not count */
    f.have_shares = 0;
    assert_int_equal(
        pz_calibrate_objective(&f, PZ_CALIBRATE_HOMICIDES, &v, &err), PZ_OK);
    assert_true(fabs(v - 20) < 1e-9);
    assert_int_equal(
        pz_calibrate_objective(&f, (pz_calibrate_targets)7, &v, &err),
        PZ_ERR_INPUT);
}

/* The b of smallest MAPE from a fit at b0 (see the top of the file). */
static double known_optimum(const pz_fit_result *f, double b0)
{
    size_t n = f->nyears;
    double x[PZ_FIT_MAX_YEARS], w[PZ_FIT_MAX_YEARS], total = 0;
    for (size_t y = 0; y < n; y++) {
        double k = f->simulated[y] / (b0 * f->observed[y]);
        x[y] = 1 / k;
        w[y] = k;
        total += k;
    }
    /* sort by x, carrying w */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && x[j - 1] > x[j]; j--) {
            double t = x[j];
            x[j] = x[j - 1];
            x[j - 1] = t;
            t = w[j];
            w[j] = w[j - 1];
            w[j - 1] = t;
        }
    double acc = 0;
    for (size_t i = 0; i < n; i++) {
        acc += w[i];
        if (acc >= total / 2)
            return x[i];
    }
    return x[n - 1];
}

static void finds_known_optimum(void **state)
{
    (void)state;
    const char *data = getenv("PLAZA_DATA");
    pz_scenario *sc = load();
    pz_error err;
    pz_fit_result before, after;
    double b0 = 1e-4, obj0, obj1;
    assert_int_equal(pz_fit_evaluate(sc, data, &before, &err), PZ_OK);
    assert_int_equal(
        pz_calibrate_objective(&before, PZ_CALIBRATE_HOMICIDES, &obj0, &err),
        PZ_OK);
    double best = known_optimum(&before, b0);
    assert_true(best > 1.2 * b0); /* the search has somewhere to go */

    static const char *const names[] = {"background_homicides"};
    pz_calibrate_options opt = {.data_dir = data,
                                .params = names,
                                .nparams = 1,
                                .replicates = 1,
                                .threads = 2,
                                .max_iter = 200,
                                .targets = PZ_CALIBRATE_HOMICIDES};
    pz_calibrate_result r;
    assert_int_equal(pz_calibrate_run(sc, &opt, &r, &err), PZ_OK);
    assert_true(r.converged);
    assert_true(r.iterations > 0 && r.iterations < 200);
    assert_true(r.evaluations > r.iterations);
    /* the known optimum, within the simplex's tolerance */
    assert_true(fabs(log(r.value[0] / best)) < 0.01);
    /* the scenario is left at the best point, and the objective there is
     * the one reported, below the start's */
    assert_true(
        fabs(pz_scenario_param(sc, PZ_P_BACKGROUND_HOMICIDES) / r.value[0] -
             1) < 1e-12);
    assert_int_equal(pz_fit_evaluate(sc, data, &after, &err), PZ_OK);
    assert_int_equal(
        pz_calibrate_objective(&after, PZ_CALIBRATE_HOMICIDES, &obj1, &err),
        PZ_OK);
    assert_true(fabs(obj1 - r.objective) < 1e-9);
    assert_true(obj1 < obj0 - 10);
    /* the shares, and so r, do not depend on b */
    assert_true(fabs(after.pearson_r - before.pearson_r) < 1e-9);
    pz_scenario_free(sc);
}

static void progress(void *ud, int iteration, double objective)
{
    int *calls = ud;
    assert_int_equal(iteration % 10, 0);
    assert_true(objective > 0);
    (*calls)++;
}

static void reports_progress_and_stops(void **state)
{
    (void)state;
    pz_scenario *sc = load();
    pz_error err;
    static const char *const names[] = {"background_homicides"};
    int calls = 0;
    pz_calibrate_options opt = {.data_dir = getenv("PLAZA_DATA"),
                                .params = names,
                                .nparams = 1,
                                .replicates = 1,
                                .threads = 1,
                                .max_iter = 3,
                                .progress = progress,
                                .progress_ud = &calls};
    pz_calibrate_result r;
    assert_int_equal(pz_calibrate_run(sc, &opt, &r, &err), PZ_OK);
    assert_int_equal(r.iterations, 3);
    assert_false(r.converged);
    assert_int_equal(calls, 1); /* iteration 0 */
    pz_scenario_free(sc);
}

static void refuses_bad_input(void **state)
{
    (void)state;
    pz_scenario *sc = load();
    pz_error err;
    pz_calibrate_result r;
    pz_calibrate_options opt = {.data_dir = getenv("PLAZA_DATA"),
                                .replicates = 1,
                                .threads = 1,
                                .max_iter = 5};
    assert_int_equal(pz_calibrate_run(sc, &opt, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "name the parameters"));

    static const char *const mode[] = {"mode"};
    opt.params = mode;
    opt.nparams = 1;
    assert_int_equal(pz_calibrate_run(sc, &opt, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "--param mode: not a numeric parameter"));

    /* initial_members is 0 here: its logarithm cannot be searched */
    static const char *const zero[] = {"initial_members"};
    opt.params = zero;
    assert_int_equal(pz_calibrate_run(sc, &opt, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "must be positive"));

    /* every run fails: the first failure's message */
    static const char *const bg[] = {"background_homicides"};
    opt.params = bg;
    opt.data_dir = "/nonexistent-plaza-data";
    assert_int_equal(pz_calibrate_run(sc, &opt, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "/nonexistent-plaza-data"));
    pz_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(objective_formula),
        cmocka_unit_test(finds_known_optimum),
        cmocka_unit_test(reports_progress_and_stops),
        cmocka_unit_test(refuses_bad_input),
    };
    return cmocka_run_group_tests_name("calibrate", tests, NULL, NULL);
}
