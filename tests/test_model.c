/*
 * test_model.c - the national model: invariants, reproduction of
 * Prieto-Curiel et al. (2023), the stochastic mode against the ODE,
 * forking and independence from threads.
 *
 * The pc2023 scenario reads the data directory named by PLAZA_DATA (CTest
 * sets it: README.md, Data).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plaza/model.h"
#include "plaza/scenario.h"

#ifndef PLAZA_SOURCE_DIR
#error "PLAZA_SOURCE_DIR must be defined"
#endif

static pz_scenario *load_pc2023(const char *const *sets)
{
    pz_scenario *sc = NULL;
    pz_error err;
    const char *data = getenv("PLAZA_DATA");
    pz_status st = pz_scenario_load_file(
        PLAZA_SOURCE_DIR "/scenarios/pc2023.yaml", data, &sc, &err);
    if (st != PZ_OK)
        fail_msg("cannot load pc2023 (PLAZA_DATA=%s): %s", data, err.msg);
    for (; sets && *sets; sets++) {
        st = pz_scenario_set(sc, *sets, &err);
        if (st != PZ_OK)
            fail_msg("%s", err.msg);
    }
    return sc;
}

static pz_model *make(pz_scenario *sc, uint32_t rep)
{
    pz_model *m = NULL;
    pz_error err;
    if (pz_model_create(sc, rep, &m, &err) != PZ_OK)
        fail_msg("%s", err.msg);
    return m;
}

static void step_ok(pz_model *m)
{
    pz_error err;
    pz_status st = pz_model_step(m, &err);
    if (st != PZ_OK)
        fail_msg("step failed: %s", err.msg);
}

/* With recruitment, incapacitation, conflict and saturation all zero no
 * group changes and every flow is zero, in both modes. */
static void zero_rates_change_nothing(void **state)
{
    (void)state;
    for (int det = 0; det < 2; det++) {
        const char *sets[] = {"recruitment_rate=0",
                              "incapacitation=0",
                              "conflict_rate=0",
                              "saturation=0",
                              det ? "mode=deterministic" : "mode=stochastic",
                              NULL};
        pz_scenario *sc = load_pc2023(sets);
        pz_model *m = make(sc, 3);
        size_t n = pz_model_group_count(m);
        double *c0 = malloc(n * sizeof *c0);
        assert_non_null(c0);
        for (size_t i = 0; i < n; i++) {
            pz_flows f;
            pz_model_group(m, i, &f);
            c0[i] = f.members;
            assert_true(f.members > 0);
        }
        for (int t = 0; t < 200; t++) {
            step_ok(m);
            for (size_t i = 0; i < n; i++) {
                pz_flows f;
                pz_model_group(m, i, &f);
                assert_true(f.members == c0[i]);
                assert_true(f.recruits == 0 && f.arrests == 0 &&
                            f.deaths == 0 && f.exits == 0);
            }
        }
        free(c0);
        pz_model_destroy(m);
        pz_scenario_free(sc);
    }
}

/* Recruitment, incapacitation and conflict zero but saturation on: the
 * only flow is exits, and members only fall. */
static void saturation_alone_only_exits(void **state)
{
    (void)state;
    const char *sets[] = {"recruitment_rate=0", "incapacitation=0",
                          "conflict_rate=0", "mode=stochastic", NULL};
    pz_scenario *sc = load_pc2023(sets);
    pz_model *m = make(sc, 0);
    pz_flows t0, t1;
    pz_model_totals(m, &t0, NULL);
    double exits = 0;
    for (int t = 0; t < 100; t++) {
        step_ok(m);
        pz_model_totals(m, &t1, NULL);
        assert_true(t1.recruits == 0 && t1.arrests == 0 && t1.deaths == 0);
        exits += t1.exits;
    }
    assert_true(exits > 0);
    assert_true(t1.members == t0.members - exits);
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

/* members(t+1) = members(t) + recruits - arrests - deaths - exits, for
 * every group and week: exactly in stochastic mode (integers), to
 * rounding in deterministic mode. */
static void accounting_identity(void **state)
{
    (void)state;
    for (int det = 0; det < 2; det++) {
        const char *sets[] = {det ? "mode=deterministic" : "mode=stochastic",
                              NULL};
        pz_scenario *sc = load_pc2023(sets);
        pz_model *m = make(sc, 1);
        size_t n = pz_model_group_count(m);
        double *prev = malloc(n * sizeof *prev);
        assert_non_null(prev);
        for (size_t i = 0; i < n; i++) {
            pz_flows f;
            pz_model_group(m, i, &f);
            prev[i] = f.members;
        }
        while (pz_model_time(m) < pz_model_steps(m)) {
            step_ok(m);
            for (size_t i = 0; i < n; i++) {
                pz_flows f;
                pz_model_group(m, i, &f);
                double expect =
                    prev[i] + f.recruits - f.arrests - f.deaths - f.exits;
                if (det)
                    assert_true(fabs(f.members - expect) <=
                                1e-9 * (1 + f.members));
                else
                    assert_true(f.members == expect &&
                                f.members == floor(f.members));
                prev[i] = f.members;
            }
        }
        free(prev);
        pz_model_destroy(m);
        pz_scenario_free(sc);
    }
}

/* Under crushing incapacitation and conflict no group ever goes below
 * zero, in either mode and with either solver; the groups die out. */
static void members_never_negative(void **state)
{
    (void)state;
    const char *modes[][2] = {{"mode=stochastic", "solver=rk4"},
                              {"mode=deterministic", "solver=rk4"},
                              {"mode=deterministic", "solver=euler"}};
    for (int k = 0; k < 3; k++) {
        const char *sets[] = {modes[k][0],          modes[k][1],
                              "incapacitation=5e4", "conflict_rate=5e-5",
                              "steps=60",           NULL};
        pz_scenario *sc = load_pc2023(sets);
        pz_model *m = make(sc, 0);
        size_t n = pz_model_group_count(m);
        while (pz_model_time(m) < pz_model_steps(m)) {
            step_ok(m);
            for (size_t i = 0; i < n; i++) {
                pz_flows f;
                pz_model_group(m, i, &f);
                assert_true(f.members >= 0);
                assert_true(f.arrests >= 0 && f.deaths >= 0 && f.exits >= 0);
            }
        }
        size_t active;
        pz_flows tot;
        pz_model_totals(m, &tot, &active);
        assert_true(tot.members < 1000);
        pz_model_destroy(m);
        pz_scenario_free(sc);
    }
}

/* Runs the deterministic pc2023 scenario under a policy; returns members
 * and weekly deaths at step 520 and at the end, and the mean weekly
 * recruits over steps 1..520. */
typedef struct figures {
    double m520, d520, m780, d780, rec_mean, losses520;
    size_t largest, second;
} figures;

static figures run_policy(const char *policy)
{
    const char *sets[] = {"mode=deterministic", NULL};
    pz_scenario *sc = load_pc2023(sets);
    pz_error err;
    if (pz_scenario_use_policy(sc, policy, &err) != PZ_OK)
        fail_msg("%s", err.msg);
    pz_model *m = make(sc, 0);
    figures f = {0};
    pz_flows t;
    double rec = 0;
    while (pz_model_time(m) < 520) {
        step_ok(m);
        pz_model_totals(m, &t, NULL);
        rec += t.recruits;
    }
    f.rec_mean = rec / 520;
    f.m520 = t.members;
    f.d520 = t.deaths;
    f.losses520 = t.arrests + t.deaths + t.exits;
    double best = -1, next = -1;
    for (size_t i = 0; i < pz_model_group_count(m); i++) {
        pz_flows g;
        pz_model_group(m, i, &g);
        if (g.members > best) {
            next = best;
            f.second = f.largest;
            best = g.members;
            f.largest = i;
        } else if (g.members > next) {
            next = g.members;
            f.second = i;
        }
    }
    const char *a = pz_model_group_name(m, f.largest);
    const char *b = pz_model_group_name(m, f.second);
    assert_non_null(strstr(a, "CJNG"));
    assert_string_equal(b, "Cártel de Sinaloa");
    while (pz_model_time(m) < pz_model_steps(m))
        step_ok(m);
    pz_model_totals(m, &t, NULL);
    f.m780 = t.members;
    f.d780 = t.deaths;
    pz_model_destroy(m);
    pz_scenario_free(sc);
    return f;
}

/* PC2023 (Science 381:1312): 160,000-185,000 members at the end of 2021, about
 * 6,500 deaths a year, 350-370 recruits a week over 2012-2021, CJNG the
 * largest group and Sinaloa second. */
static void reproduces_pc2023(void **state)
{
    (void)state;
    figures f = run_policy("baseline");
    print_message("pc2023 step 520: members %.0f, deaths/yr %.0f, mean "
                  "recruits/wk 2012-21 %.1f, losses/wk %.1f\n",
                  f.m520, 52 * f.d520, f.rec_mean, f.losses520);
    assert_true(f.m520 >= 160000 && f.m520 <= 185000);
    assert_true(52 * f.d520 >= 6000 && 52 * f.d520 <= 7000);
    assert_true(f.rec_mean >= 350 && f.rec_mean <= 370);
}

/* The directions of the paper's scenarios to 2027: the baseline grows in
 * members and deaths; halving recruitment lowers both; doubling
 * incapacitation alone does less than halving recruitment; zero
 * recruitment lowers both most. */
static void policy_directions(void **state)
{
    (void)state;
    figures base = run_policy("baseline");
    figures dinc = run_policy("double_incapacitation");
    figures half = run_policy("half_recruitment");
    figures zero = run_policy("zero_recruitment");
    figures both = run_policy("half_recruitment_double_incapacitation");
    /* the policies start from the same state */
    assert_true(base.m520 == half.m520 && base.m520 == zero.m520 &&
                base.m520 == dinc.m520 && base.m520 == both.m520);
    assert_true(base.m780 > base.m520 && base.d780 > base.d520);
    assert_true(half.m780 < half.m520 && half.d780 < half.d520);
    assert_true(both.m780 < half.m780 && both.d780 < half.d780);
    assert_true(zero.m780 < both.m780 && zero.d780 < both.d780);
    assert_true(dinc.m780 < base.m780 && dinc.d780 < base.d780);
    assert_true(dinc.d780 > half.d780); /* recruitment beats arrests */
}

/* The mean of 200 stochastic replicates tracks the ODE.  The week-to-week
 * expectation of the stochastic process is the weekly difference equation
 * (solver=euler); the tolerance is 4 standard errors of the replicate mean
 * (estimated from the replicates), so a correct model fails with
 * probability below 1e-4 per comparison. */
static void stochastic_mean_tracks_ode(void **state)
{
    (void)state;
    enum { NREP = 200, NCHECK = 3 };
    const uint32_t checks[NCHECK] = {260, 520, 780};
    const char *det_sets[] = {"mode=deterministic", "solver=euler", NULL};
    const char *sto_sets[] = {"mode=stochastic", NULL};
    pz_scenario *dsc = load_pc2023(det_sets);
    pz_scenario *ssc = load_pc2023(sto_sets);
    double det_m[NCHECK], det_d[NCHECK];
    pz_model *m = make(dsc, 0);
    double cum = 0;
    for (int k = 0; k < NCHECK; k++) {
        while (pz_model_time(m) < checks[k]) {
            pz_flows t;
            step_ok(m);
            pz_model_totals(m, &t, NULL);
            cum += t.deaths;
        }
        pz_flows t;
        pz_model_totals(m, &t, NULL);
        det_m[k] = t.members;
        det_d[k] = cum;
    }
    pz_model_destroy(m);
    double sm[NCHECK] = {0}, sm2[NCHECK] = {0}, sd[NCHECK] = {0},
           sd2[NCHECK] = {0};
    for (uint32_t r = 0; r < NREP; r++) {
        m = make(ssc, r);
        cum = 0;
        for (int k = 0; k < NCHECK; k++) {
            pz_flows t;
            while (pz_model_time(m) < checks[k]) {
                step_ok(m);
                pz_model_totals(m, &t, NULL);
                cum += t.deaths;
            }
            pz_model_totals(m, &t, NULL);
            sm[k] += t.members;
            sm2[k] += t.members * t.members;
            sd[k] += cum;
            sd2[k] += cum * cum;
        }
        pz_model_destroy(m);
    }
    for (int k = 0; k < NCHECK; k++) {
        double mean = sm[k] / NREP;
        double var = (sm2[k] - NREP * mean * mean) / (NREP - 1);
        double se = sqrt(var / NREP);
        double dmean = sd[k] / NREP;
        double dvar = (sd2[k] - NREP * dmean * dmean) / (NREP - 1);
        double dse = sqrt(dvar / NREP);
        print_message("step %u: members ODE %.1f mean %.1f (se %.1f); "
                      "cumulative deaths ODE %.1f mean %.1f (se %.1f)\n",
                      checks[k], det_m[k], mean, se, det_d[k], dmean, dse);
        assert_true(se > 0 && dse > 0);
        assert_true(fabs(mean - det_m[k]) <= 4 * se);
        assert_true(fabs(dmean - det_d[k]) <= 4 * dse);
    }
    pz_scenario_free(dsc);
    pz_scenario_free(ssc);
}

/* A model forked at step 520 under a policy is bit-identical to one run
 * under that policy from step 0, in both modes. */
static void fork_equals_fresh_run(void **state)
{
    (void)state;
    for (int det = 0; det < 2; det++) {
        const char *sets[] = {det ? "mode=deterministic" : "mode=stochastic",
                              NULL};
        pz_scenario *sc = load_pc2023(sets);
        pz_error err;
        pz_model *base = make(sc, 7), *forked = NULL, *fresh;
        while (pz_model_time(base) < 520)
            step_ok(base);
        assert_int_equal(pz_scenario_use_policy(sc, "half_recruitment", &err),
                         PZ_OK);
        assert_int_equal(pz_model_fork(base, sc, &forked, &err), PZ_OK);
        fresh = make(sc, 7);
        while (pz_model_time(fresh) < pz_model_steps(fresh)) {
            step_ok(fresh);
            if (pz_model_time(fresh) > 520)
                step_ok(forked);
            if (pz_model_time(fresh) < 520)
                continue;
            for (size_t i = 0; i < pz_model_group_count(fresh); i++) {
                pz_flows a, b;
                pz_model_group(fresh, i, &a);
                pz_model_group(forked, i, &b);
                assert_memory_equal(&a, &b, sizeof a);
            }
        }
        assert_true(pz_model_param(forked, PZ_P_RECRUITMENT_RATE) ==
                    0.5 * pz_scenario_param(sc, PZ_P_RECRUITMENT_RATE));
        pz_model_destroy(base);
        pz_model_destroy(forked);
        pz_model_destroy(fresh);
        pz_scenario_free(sc);
    }
}

/* Replicates run in 1 or 2 threads give identical results, and different
 * replicates give different results. */
typedef struct job {
    pz_scenario *sc;
    uint32_t first, stride, n;
    double *out;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    for (uint32_t r = j->first; r < j->n; r += j->stride) {
        pz_model *m = NULL;
        if (pz_model_create(j->sc, r, &m, NULL) != PZ_OK)
            return NULL;
        while (pz_model_time(m) < pz_model_steps(m))
            if (pz_model_step(m, NULL) != PZ_OK)
                break;
        pz_flows t;
        pz_model_totals(m, &t, NULL);
        j->out[r] = t.members;
        pz_model_destroy(m);
    }
    return NULL;
}

static void threads_do_not_matter(void **state)
{
    (void)state;
    enum { N = 8 };
    const char *sets[] = {"mode=stochastic", "steps=200", NULL};
    pz_scenario *sc = load_pc2023(sets);
    double one[N], two[N];
    job j1 = {sc, 0, 1, N, one};
    run_job(&j1);
    pthread_t th[2];
    job j2[2] = {{sc, 0, 2, N, two}, {sc, 1, 2, N, two}};
    for (int k = 0; k < 2; k++)
        assert_int_equal(pthread_create(&th[k], NULL, run_job, &j2[k]), 0);
    for (int k = 0; k < 2; k++)
        pthread_join(th[k], NULL);
    assert_memory_equal(one, two, sizeof one);
    for (int r = 1; r < N; r++)
        assert_true(one[r] != one[0]);
    pz_scenario_free(sc);
}

/* A dated change acts from the first weekly step on or after its date. */
static void dated_change_maps_to_step(void **state)
{
    (void)state;
    static const char text[] =
        "plaza: 1\n"
        "parameters: {start: 2012-01-01, steps: 10, mode: deterministic,\n"
        "             incapacitation: 0}\n"
        "groups:\n"
        "  list:\n"
        "    - {name: A, members: 100, rivals: {B: 2}}\n"
        "    - {name: B, members: 50}\n"
        "  tail: {count: 2, members: 10}\n"
        "timeline:\n"
        "  - date: 2012-01-16\n"
        "    set: {recruitment_rate: 0}\n";
    pz_scenario *sc = NULL;
    pz_error err;
    const char *sets[] = {"initial_distribution=listed", NULL};
    assert_int_equal(
        pz_scenario_load_text(text, sizeof text - 1, "t.yaml", NULL, &sc, &err),
        PZ_OK);
    assert_int_equal(pz_scenario_set(sc, sets[0], &err), PZ_OK);
    assert_int_equal(pz_scenario_group_count(sc), 4);
    assert_string_equal(pz_scenario_group_name(sc, 3), "Local group 2");
    pz_model *m = make(sc, 0);
    /* 2012-01-16 is 15 days after the start: step 3 (2012-01-22) */
    for (int t = 0; t < 6; t++) {
        pz_flows f;
        step_ok(m);
        pz_model_totals(m, &f, NULL);
        if (t < 3)
            assert_true(f.recruits > 0);
        else
            assert_true(f.recruits == 0);
    }
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zero_rates_change_nothing),
        cmocka_unit_test(saturation_alone_only_exits),
        cmocka_unit_test(accounting_identity),
        cmocka_unit_test(members_never_negative),
        cmocka_unit_test(reproduces_pc2023),
        cmocka_unit_test(policy_directions),
        cmocka_unit_test(stochastic_mean_tracks_ode),
        cmocka_unit_test(fork_equals_fresh_run),
        cmocka_unit_test(threads_do_not_matter),
        cmocka_unit_test(dated_change_maps_to_step),
    };
    return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
