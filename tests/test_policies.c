/*
 * test_policies.c - the comparison of policies: pz_policies_run
 * (plaza/policies.h) and the t-intervals of pz_compare_summarize
 * (plaza/compare.h).
 *
 * Every policy forked from the common state must give the run the policy
 * gives from step 0 (the state is the same up to the policies' start and
 * the random numbers are drawn by position), the bands must hold the
 * replicates' median between their quantiles, and a deterministic scenario
 * runs once.  The t-interval must match its formula and cover the true
 * mean in about 95% of samples.
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

#include "plaza/compare.h"
#include "plaza/model.h"
#include "plaza/policies.h"
#include "plaza/scenario.h"

/* scenarios/pc2023.yaml cut to 560 weeks (its policies start at 520). */
static pz_scenario *load_pc2023(const char *mode)
{
    pz_scenario *sc = NULL;
    pz_error err;
    char buf[64];
    assert_int_equal(pz_scenario_load_file(PLAZA_SOURCE_DIR
                                           "/scenarios/pc2023.yaml",
                                           getenv("PLAZA_DATA"), &sc, &err),
                     PZ_OK);
    assert_int_equal(pz_scenario_set(sc, "steps=560", &err), PZ_OK);
    snprintf(buf, sizeof buf, "mode=%s", mode);
    assert_int_equal(pz_scenario_set(sc, buf, &err), PZ_OK);
    return sc;
}

/* Members after t steps of replicate rep with the policy, from step 0. */
static double straight(pz_scenario *sc, const char *policy, uint32_t rep,
                       uint32_t t, double *deaths)
{
    pz_error err;
    pz_model *m = NULL;
    pz_flows f;
    assert_int_equal(pz_scenario_use_policy(sc, policy, &err), PZ_OK);
    assert_int_equal(pz_model_create(sc, rep, &m, &err), PZ_OK);
    while (pz_model_time(m) < t)
        assert_int_equal(pz_model_step(m), PZ_OK);
    pz_model_totals(m, &f, NULL);
    pz_model_destroy(m);
    *deaths = f.deaths;
    return f.members;
}

static void forks_equal_straight_runs(void **state)
{
    (void)state;
    pz_scenario *sc = load_pc2023("stochastic");
    pz_error err;
    pz_policies_result r;
    pz_policies_options opt = {.first = 5, .n = 2};
    assert_int_equal(pz_policies_run(sc, &opt, &r, &err), PZ_OK);
    assert_int_equal(r.npolicies, pz_scenario_policy_count(sc));
    assert_int_equal(r.start, 520);
    assert_int_equal(r.steps, 560);
    assert_int_equal(r.replicates, 2);
    assert_true(r.stochastic);
    size_t differ = 0;
    for (size_t p = 0; p < r.npolicies; p++) {
        const char *name = pz_scenario_policy_name(sc, p);
        for (uint32_t k = 0; k < 2; k++) {
            const double *y = &r.value[(p * 2 + k) * PZ_POLICY_NOUT];
            double d0, d1;
            double m0 = straight(sc, name, 5 + k, 520, &d0);
            double m1 = straight(sc, name, 5 + k, 560, &d1);
            assert_true(y[PZ_POLICY_MEMBERS_START] == m0);
            assert_true(y[PZ_POLICY_DEATHS_START] == d0);
            assert_true(y[PZ_POLICY_MEMBERS_END] == m1);
            assert_true(y[PZ_POLICY_DEATHS_END] == d1);
            assert_true(
                fabs(y[PZ_POLICY_MEMBERS_CHANGE] - 100 * (m1 / m0 - 1)) < 1e-9);
            differ += y[PZ_POLICY_MEMBERS_END] !=
                      r.value[k * PZ_POLICY_NOUT + PZ_POLICY_MEMBERS_END];
        }
    }
    /* the policies do change the outcome */
    assert_true(differ > 0);
    pz_policies_result_free(&r);
    assert_null(r.value);
    pz_scenario_free(sc);
}

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void bands_hold_the_median(void **state)
{
    (void)state;
    pz_scenario *sc = load_pc2023("stochastic");
    pz_error err;
    pz_policies_result r;
    enum { N = 7 };
    pz_policies_options opt = {.first = 0, .n = N};
    assert_int_equal(pz_scenario_use_policy(sc, "half_recruitment", &err),
                     PZ_OK);
    assert_int_equal(pz_policies_run(sc, &opt, &r, &err), PZ_OK);
    /* the selected policy is kept */
    assert_string_equal(pz_scenario_policy(sc), "half_recruitment");
    size_t wide = 0;
    for (size_t p = 0; p < r.npolicies; p++)
        for (size_t k = 0; k < PZ_POLICY_NOUT; k++) {
            double v[N], mean = 0;
            for (size_t i = 0; i < N; i++) {
                v[i] = r.value[(p * N + i) * PZ_POLICY_NOUT + k];
                mean += v[i] / N;
            }
            qsort(v, N, sizeof *v, dcmp);
            const pz_policy_band *b = &r.band[p * PZ_POLICY_NOUT + k];
            assert_true(v[0] <= b->q05 && b->q05 <= v[N / 2]);
            assert_true(v[N / 2] <= b->q95 && b->q95 <= v[N - 1]);
            assert_true(fabs(b->mean - mean) <= 1e-9 * fabs(mean) + 1e-12);
            wide += b->q95 > b->q05;
        }
    assert_true(wide > 0); /* the replicates differ */
    pz_policies_result_free(&r);
    pz_scenario_free(sc);
}

static void deterministic_runs_once(void **state)
{
    (void)state;
    pz_scenario *sc = load_pc2023("deterministic");
    pz_error err;
    pz_policies_result r;
    pz_policies_options opt = {.first = 0, .n = 9};
    assert_int_equal(pz_policies_run(sc, &opt, &r, &err), PZ_OK);
    assert_int_equal(r.replicates, 1);
    assert_false(r.stochastic);
    for (size_t i = 0; i < r.npolicies * PZ_POLICY_NOUT; i++) {
        const pz_policy_band *b = &r.band[i];
        if (isnan(r.value[i]))
            continue;
        assert_true(b->mean == r.value[i] && b->q05 == r.value[i] &&
                    b->q95 == r.value[i]);
    }
    pz_policies_result_free(&r);
    pz_scenario_free(sc);
}

static void refuses_bad_input(void **state)
{
    (void)state;
    pz_scenario *sc = NULL;
    pz_error err;
    pz_policies_result r;
    assert_int_equal(pz_scenario_load_default(&sc, &err), PZ_OK);
    pz_policies_options opt = {.first = 0, .n = 0};
    assert_int_equal(pz_policies_run(sc, &opt, &r, &err), PZ_ERR_INPUT);
    opt.n = 2;
    opt.first = UINT32_MAX;
    assert_int_equal(pz_policies_run(sc, &opt, &r, &err), PZ_ERR_INPUT);
    pz_scenario_free(sc);
    static const char none[] =
        "plaza: 1\nparameters: {steps: 4}\ngroups: {data: pc2023}\n";
    assert_int_equal(pz_scenario_load_text(none, sizeof none - 1, "none.yaml",
                                           getenv("PLAZA_DATA"), &sc, &err),
                     PZ_OK);
    opt.first = 0;
    assert_int_equal(pz_policies_run(sc, &opt, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "none.yaml defines no policies"));
    assert_null(r.value);
    pz_scenario_free(sc);
}

/* --- pz_compare_summarize */

enum { NOUT = PZ_COMPARE_NOUT };

static void interval_formula(void **state)
{
    (void)state;
    enum { N = 4 };
    /* rows of A, B, B independent; outcome k differs by d[r] * (k + 1) */
    static const double d[N] = {1.0, 3.0, 2.0, 6.0};
    double y[N * 3 * NOUT];
    for (size_t r = 0; r < N; r++)
        for (size_t k = 0; k < NOUT; k++) {
            double a = 100.0 * (double)(r + k);
            y[(r * 3 + 0) * NOUT + k] = a;
            y[(r * 3 + 1) * NOUT + k] = a + d[r] * (double)(k + 1);
            y[(r * 3 + 2) * NOUT + k] = a - 5;
        }
    pz_compare_summary s;
    pz_error err;
    assert_int_equal(pz_compare_summarize(y, N, 1, 0.95, &s, &err), PZ_OK);
    /* mean 3, sample sd sqrt(14/3); t(0.975, 3) = 3.182446305284263 */
    double sd = sqrt(14.0 / 3);
    for (size_t k = 0; k < NOUT; k++) {
        double m = 3.0 * (double)(k + 1);
        double h = 3.182446305284263 * sd * (double)(k + 1) / 2;
        assert_true(fabs(s.crn[k].mean - m) < 1e-12);
        assert_true(fabs(s.crn[k].half - h) < 1e-9);
        assert_true(fabs(s.ind[k].mean + 5) < 1e-12);
        assert_true(fabs(s.ind[k].half) < 1e-12);
    }
    /* without independent seeds their differences are zero */
    assert_int_equal(pz_compare_summarize(y, N, 0, 0.95, &s, &err), PZ_OK);
    assert_false(s.independent);
    assert_true(s.ind[0].mean == 0 && s.ind[0].half == 0);
    /* one replicate: no interval */
    assert_int_equal(pz_compare_summarize(y, 1, 1, 0.95, &s, &err), PZ_OK);
    assert_true(isnan(s.crn[0].half));
    assert_int_equal(pz_compare_summarize(y, 0, 1, 0.95, &s, &err),
                     PZ_ERR_INPUT);
    assert_int_equal(pz_compare_summarize(y, N, 1, 1.0, &s, &err),
                     PZ_ERR_INPUT);
}

/* xorshift64* and Box-Muller: normal deviates for the coverage check. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static double uniform(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return ((double)((rng_state * 2685821657736338717u) >> 11) + 0.5) /
           9007199254740992.0;
}
static double normal(void)
{
    return sqrt(-2 * log(uniform())) * cos(6.283185307179586 * uniform());
}

static void interval_covers(void **state)
{
    (void)state;
    enum { N = 10, TRIALS = 4000 };
    const double mu = 3, sigma = 2;
    double y[N * 3 * NOUT];
    memset(y, 0, sizeof y);
    int covered[NOUT] = {0};
    for (int t = 0; t < TRIALS; t++) {
        for (size_t r = 0; r < N; r++)
            for (size_t k = 0; k < NOUT; k++)
                y[(r * 3 + 1) * NOUT + k] = mu + sigma * normal();
        pz_compare_summary s;
        assert_int_equal(pz_compare_summarize(y, N, 0, 0.95, &s, NULL), PZ_OK);
        for (size_t k = 0; k < NOUT; k++)
            covered[k] += fabs(s.crn[k].mean - mu) <= s.crn[k].half;
    }
    /* 95% of the trials, within 4 standard errors (0.0034 each) */
    for (size_t k = 0; k < NOUT; k++) {
        double share = (double)covered[k] / TRIALS;
        assert_true(share > 0.95 - 4 * 0.00345 && share < 0.95 + 4 * 0.00345);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(forks_equal_straight_runs),
        cmocka_unit_test(bands_hold_the_median),
        cmocka_unit_test(deterministic_runs_once),
        cmocka_unit_test(refuses_bad_input),
        cmocka_unit_test(interval_formula),
        cmocka_unit_test(interval_covers),
    };
    return cmocka_run_group_tests_name("policies", tests, NULL, NULL);
}
