/*
 * test_wars.c - dated wars (model/wars.c, docs/MODEL.md, Wars): the
 * front's deaths, its limit, replacement, the dates, mobilization and its
 * conservation, allies at war, the stochastic law, a fork and a saved
 * state in a war, two wars starting together, a war over before the run.
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

#include "model_util.h"

/* A scenario from text, with --set assignments applied. */
static pz_scenario *load_text(const char *text, const char *const *sets)
{
    pz_scenario *sc = util_load(text, "test.yaml");
    pz_error err;
    for (; sets && *sets; sets++)
        if (pz_scenario_set(sc, *sets, &err) != PZ_OK)
            fail_msg("%s", err.msg);
    return sc;
}

/* Two groups, allied in the network, in region A of three; everything but
 * the war switched off.  The war is in A and B in weeks 2 to 4 (from
 * 2010-01-03, a Sunday: the dates, a Thursday and a Wednesday, round up
 * to the next week's start; pz_model_step's k-th call runs week k - 1). */
static const char two[] =
    "plaza: 1\n"
    "parameters: {start: 2010-01-03, initial_distribution: listed,\n"
    "             mode: deterministic, recruitment_rate: 0,\n"
    "             saturation: 0, incapacitation: 0, conflict_rate: 0,\n"
    "             background_homicides: 0, civilian_ratio: 2, steps: 8,\n"
    "             war_intensity: 0.01}\n"
    "regions:\n"
    "  list:\n"
    "    - {code: '01', name: A, population: 1000000, lon: -100, lat: 20}\n"
    "    - {code: '02', name: B, population: 1000000, lon: -101, lat: 20}\n"
    "    - {code: '03', name: C, population: 1000000, lon: -102, lat: 20}\n"
    "groups:\n"
    "  list:\n"
    "    - {name: X, members: 1000, home: '01', allies: {Y: 1}}\n"
    "    - {name: Y, members: 250, home: '01'}\n"
    "    - {name: Z, members: 400, home: '03'}\n"
    "timeline:\n"
    "  - date: 2010-01-14\n"
    "    war: {groups: [X, Y], regions: ['01', '02'], until: 2010-02-03}\n";

static double deaths_of(const pz_model *m, size_t g)
{
    pz_flows f;
    pz_model_group(m, g, &f);
    return f.deaths;
}

/* Sides of x and y members lose intensity x y / (x + y) each a week, only
 * while the war is in force, allies or not, and the region's homicides are
 * those deaths times 1 + civilian_ratio. */
static void front_deaths_and_dates(void **state)
{
    (void)state;
    pz_scenario *sc = load_text(two, NULL);
    pz_model *m = util_make(sc, 0);
    double x = 1000, y = 250;
    for (uint32_t t = 1; t <= 8; t++) {
        util_step(m);
        double dx = deaths_of(m, 0), dy = deaths_of(m, 1);
        int at_war = t >= 3 && t <= 5; /* call t runs week t - 1 */
        double want = at_war ? 0.01 * x * y / (x + y) : 0;
        assert_true(fabs(dx - want) < 1e-9);
        assert_true(fabs(dy - want) < 1e-9);
        assert_true(deaths_of(m, 2) == 0);
        pz_region_stats st;
        pz_model_region(m, PZ_LEVEL_REGIONS, 0, &st);
        assert_true(fabs(st.homicides - 3 * (dx + dy)) < 1e-9);
        x -= dx;
        y -= dy;
    }
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

/* war_front limits a war's fronts in all, shared among the regions where
 * both sides are that week: here only A without mobilization, A and B with
 * it; war_replacement 1 gives back every death as a recruit (the pool is
 * large), so the sides keep their size. */
static void front_limit_and_replacement(void **state)
{
    (void)state;
    const char *sets[] = {"war_front=50", "war_replacement=1",
                          "recruitment_pool=0", NULL};
    pz_scenario *sc = load_text(two, sets);
    pz_model *m = util_make(sc, 0);
    util_step(m);
    util_step(m);
    util_step(m); /* the war's first week: front 200 in A, limited to 50 */
    assert_true(fabs(deaths_of(m, 0) - 0.01 * 50) < 1e-12);
    assert_true(fabs(deaths_of(m, 1) - 0.01 * 50) < 1e-12);
    pz_flows f;
    pz_model_group(m, 1, &f);
    assert_true(fabs(f.recruits - f.deaths) < 1e-12);
    assert_true(fabs(f.members - 250) < 1e-9);
    pz_model_destroy(m);
    pz_scenario_free(sc);
    /* mobilized, both sides are in A (900 and 225: front 180, limited to
     * 25) and in B (100 and 25: front 20) */
    const char *mob[] = {"war_front=50", "war_mobilization=0.2", NULL};
    sc = load_text(two, mob);
    m = util_make(sc, 0);
    util_step(m);
    util_step(m);
    util_step(m);
    assert_true(fabs(deaths_of(m, 0) - 0.01 * (25 + 20)) < 1e-12);
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

/* Mobilization: when the war starts each side sends war_mobilization of
 * each of its cells into the war's regions, equally; the groups' totals
 * do not change.  Z, not at war, stays where it is. */
static void mobilization_conserves(void **state)
{
    (void)state;
    const char *det[] = {"war_mobilization=0.2", "war_intensity=0", NULL};
    const char *sto[] = {"war_mobilization=0.2", "war_intensity=0",
                         "mode=stochastic", NULL};
    pz_scenario *sd = load_text(two, det), *ss = load_text(two, sto);
    pz_model *m = util_make(sd, 0);
    util_step(m);
    util_step(m);
    util_step(m);
    /* X's 1000 in A: 200 leave, 100 back to A and 100 to B */
    assert_true(fabs(pz_model_cell(m, 0, 0) - 900) < 1e-9);
    assert_true(fabs(pz_model_cell(m, 1, 0) - 100) < 1e-9);
    assert_true(fabs(pz_model_cell(m, 1, 1) - 25) < 1e-9);
    assert_true(pz_model_cell(m, 2, 2) == 400);
    pz_model_destroy(m);
    for (uint32_t rep = 0; rep < 200; rep++) {
        m = util_make(ss, rep);
        util_step(m);
        util_step(m);
        util_step(m);
        for (size_t g = 0; g < 3; g++) {
            double tot = 0;
            for (size_t i = 0; i < 3; i++)
                tot += pz_model_cell(m, i, g);
            assert_true(tot == (g == 0 ? 1000 : g == 1 ? 250 : 400));
        }
        assert_true(pz_model_cell(m, 2, 0) == 0);
        pz_model_destroy(m);
    }
    pz_scenario_free(sd);
    pz_scenario_free(ss);
}

/* The week a war starts, the regions' members are those after the
 * mobilization.  recruitment_pool 0.002 of 1,000,000 people: room for
 * 2,000 members in a region.  X (1,000) and Y (250) start in A and
 * recruit there before the war; when it starts 0.1 of each goes to B and
 * 0.9 stays in A (0.2 leave, shared by A and B), and that week's room in
 * each region is 1 - M/2000 with M the members after the move. */
static void mobilized_members_count_that_week(void **state)
{
    (void)state;
    const char *sets[] = {"war_mobilization=0.2", "war_intensity=0",
                          "recruitment_rate=0.01", "recruitment_pool=0.002",
                          NULL};
    pz_scenario *sc = load_text(two, sets);
    pz_model *m = util_make(sc, 0);
    util_step(m);
    util_step(m);
    double a = pz_model_cell(m, 0, 0), y = pz_model_cell(m, 0, 1);
    assert_true(a > 1000 && y > 250); /* they recruited */
    util_step(m);
    double xb = 0.1 * a, yb = 0.1 * y, roomb = 1 - (xb + yb) / 2000;
    double xa = 0.9 * a, ya = 0.9 * y, rooma = 1 - (xa + ya) / 2000;
    assert_true(fabs(pz_model_cell(m, 1, 0) - (xb + 0.01 * roomb * xb)) < 1e-9);
    assert_true(fabs(pz_model_cell(m, 0, 0) - (xa + 0.01 * rooma * xa)) < 1e-9);
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

/* Stochastic war deaths have the deterministic rate as their mean in the
 * war's first week: over N replicates, X's deaths (binomial leavers with
 * only the war's hazard, 1000 trials) are within 5 standard errors. */
static void stochastic_mean(void **state)
{
    (void)state;
    enum { N = 3000 };
    const char *sto[] = {"mode=stochastic", "war_intensity=0.05", NULL};
    pz_scenario *ss = load_text(two, sto);
    double want = 0.05 * 1000.0 * 250 / 1250, p = want / 1000;
    double s = 0, s2 = 0;
    for (uint32_t rep = 0; rep < N; rep++) {
        pz_model *m = util_make(ss, rep);
        util_step(m);
        util_step(m);
        util_step(m);
        double d = deaths_of(m, 0);
        s += d;
        s2 += d * d;
        pz_model_destroy(m);
    }
    double mean = s / N, var = (s2 - N * mean * mean) / (N - 1);
    double v = 1000 * p * (1 - p);
    print_message("war deaths: mean %.3f (rate %.3f), variance %.3f "
                  "(binomial %.3f)\n",
                  mean, want, var, v);
    assert_true(fabs(mean - want) <= 5 * sqrt(v / N));
    assert_true(fabs(var - v) <= 0.15 * v);
    pz_scenario_free(ss);
}

/* A model forked in the middle of a war, and one saved and loaded there,
 * go on as the original: which wars are in force follows from the
 * timeline and the week. */
static void fork_in_war(void **state)
{
    (void)state;
    const char *sto[] = {"mode=stochastic", "war_intensity=0.05",
                         "war_mobilization=0.1", "war_replacement=0.5", NULL};
    pz_scenario *ss = load_text(two, sto);
    pz_model *a = util_make(ss, 3), *b = NULL, *c = util_make(ss, 3);
    util_step(a);
    util_step(a);
    util_step(a);
    pz_error err;
    if (pz_model_fork(a, ss, &b, &err) != PZ_OK)
        fail_msg("%s", err.msg);
    FILE *f = tmpfile();
    assert_non_null(f);
    if (pz_model_save_state(a, f, &err) != PZ_OK)
        fail_msg("%s", err.msg);
    rewind(f);
    if (pz_model_load_state(c, f, &err) != PZ_OK)
        fail_msg("%s", err.msg);
    fclose(f);
    while (pz_model_time(a) < pz_model_steps(a)) {
        util_step(a);
        util_step(b);
        util_step(c);
    }
    for (size_t i = 0; i < 3; i++)
        for (size_t g = 0; g < 3; g++) {
            assert_true(pz_model_cell(a, i, g) == pz_model_cell(b, i, g));
            assert_true(pz_model_cell(a, i, g) == pz_model_cell(c, i, g));
        }
    pz_model_destroy(a);
    pz_model_destroy(b);
    pz_model_destroy(c);
    pz_scenario_free(ss);
}

/* Two wars of X on the same date, against Y in B and against Y in B and
 * C: each mobilizes into its own regions, the second from the cells the
 * first left.  In stochastic mode each with draws of its own, so that X
 * staying in A is Binomial(1000, 0.8 x 0.8) and X in C Binomial(1000,
 * 0.2 x 0.5) exactly (draws shared by the two wars would make the first
 * law's variance about 1.6 times as large). */
static const char twice[] =
    "plaza: 1\n"
    "parameters: {start: 2010-01-03, initial_distribution: listed,\n"
    "             mode: deterministic, recruitment_rate: 0,\n"
    "             saturation: 0, incapacitation: 0, conflict_rate: 0,\n"
    "             background_homicides: 0, steps: 1,\n"
    "             war_mobilization: 0.2}\n"
    "regions:\n"
    "  list:\n"
    "    - {code: '01', name: A, population: 1000000, lon: -100, lat: 20}\n"
    "    - {code: '02', name: B, population: 1000000, lon: -101, lat: 20}\n"
    "    - {code: '03', name: C, population: 1000000, lon: -102, lat: 20}\n"
    "groups:\n"
    "  list:\n"
    "    - {name: X, members: 1000, home: '01'}\n"
    "    - {name: Y, members: 100, home: '01'}\n"
    "timeline:\n"
    "  - date: 2010-01-03\n"
    "    war: {groups: [X, Y], regions: ['02']}\n"
    "  - date: 2010-01-03\n"
    "    war: {groups: [X, Y], regions: ['02', '03']}\n";

static void two_wars_same_week(void **state)
{
    (void)state;
    enum { N = 3000 };
    pz_scenario *sd = load_text(twice, NULL);
    pz_model *m = util_make(sd, 0);
    util_step(m);
    /* A: 1000 -> 800 -> 640; B: 200, then 0.2 x 200 out and 0.2 x 800 +
     * 0.2 x 200 shared equally by B and C */
    assert_true(fabs(pz_model_cell(m, 0, 0) - 640) < 1e-9);
    assert_true(fabs(pz_model_cell(m, 1, 0) - 260) < 1e-9);
    assert_true(fabs(pz_model_cell(m, 2, 0) - 100) < 1e-9);
    pz_model_destroy(m);
    const char *sto[] = {"mode=stochastic", NULL};
    pz_scenario *ss = load_text(twice, sto);
    double s[2] = {0, 0}, s2[2] = {0, 0};
    for (uint32_t rep = 0; rep < N; rep++) {
        m = util_make(ss, rep);
        util_step(m);
        for (int k = 0; k < 2; k++) {
            double v = pz_model_cell(m, k ? 2 : 0, 0);
            s[k] += v;
            s2[k] += v * v;
        }
        pz_model_destroy(m);
    }
    const double p[2] = {0.64, 0.1};
    for (int k = 0; k < 2; k++) {
        double mean = s[k] / N, var = (s2[k] - N * mean * mean) / (N - 1);
        double v = 1000 * p[k] * (1 - p[k]);
        double mu4 = v * (1 + 3 * (1000 - 2) * p[k] * (1 - p[k]));
        print_message("X in %c: mean %.2f (%.0f), variance %.1f (%.1f)\n",
                      k ? 'C' : 'A', mean, 1000 * p[k], var, v);
        assert_true(fabs(mean - 1000 * p[k]) <= 5 * sqrt(v / N));
        assert_true(fabs(var - v) <= 5 * sqrt((mu4 - v * v) / N));
    }
    pz_scenario_free(sd);
    pz_scenario_free(ss);
}

/* A policy's war does not change the draws of the timeline's wars
 * (common random numbers across policies): with a policy that adds an
 * earlier war between two other groups, X's and Y's mobilization in the
 * timeline's war is drawn alike, replicate by replicate. */
static void policy_war_keeps_draws(void **state)
{
    (void)state;
    static const char text[] =
        "plaza: 1\n"
        "parameters: {start: 2010-01-03, initial_distribution: listed,\n"
        "             mode: stochastic, recruitment_rate: 0,\n"
        "             saturation: 0, incapacitation: 0, conflict_rate: 0,\n"
        "             background_homicides: 0, steps: 6,\n"
        "             war_mobilization: 0.3}\n"
        "regions:\n"
        "  list:\n"
        "    - {code: '01', name: A, population: 1000000, lon: -100, lat: 20}\n"
        "    - {code: '02', name: B, population: 1000000, lon: -101, lat: 20}\n"
        "    - {code: '03', name: C, population: 1000000, lon: -102, lat: 20}\n"
        "groups:\n"
        "  list:\n"
        "    - {name: X, members: 1000, home: '01'}\n"
        "    - {name: Y, members: 500, home: '01'}\n"
        "    - {name: Z, members: 300, home: '03'}\n"
        "    - {name: W, members: 300, home: '03'}\n"
        "timeline:\n"
        "  - date: 2010-01-31\n"
        "    war: {groups: [X, Y], regions: ['02']}\n"
        "policies:\n"
        "  other:\n"
        "    changes:\n"
        "      - date: 2010-01-10\n"
        "        war: {groups: [Z, W], regions: ['01']}\n";
    pz_scenario *a = load_text(text, NULL), *b = load_text(text, NULL);
    pz_error err;
    if (pz_scenario_use_policy(b, "other", &err) != PZ_OK)
        fail_msg("%s", err.msg);
    int moved = 0;
    for (uint32_t rep = 0; rep < 20; rep++) {
        pz_model *ma = util_make(a, rep), *mb = util_make(b, rep);
        for (int k = 0; k < 6; k++) {
            util_step(ma);
            util_step(mb);
        }
        for (size_t g = 0; g < 2; g++)
            assert_true(pz_model_cell(ma, 1, g) == pz_model_cell(mb, 1, g));
        moved += pz_model_cell(ma, 1, 0) > 0;
        /* the policy's war did happen */
        assert_true(pz_model_cell(mb, 0, 2) > 0 &&
                    pz_model_cell(ma, 0, 2) == 0);
        pz_model_destroy(ma);
        pz_model_destroy(mb);
    }
    assert_int_equal(moved, 20);
    pz_scenario_free(a);
    pz_scenario_free(b);
}

/* A war that ended before the run's first week mobilizes no one. */
static void war_over_before_run(void **state)
{
    (void)state;
    static const char text[] =
        "plaza: 1\n"
        "parameters: {start: 2010-01-03, initial_distribution: listed,\n"
        "             mode: deterministic, steps: 3,\n"
        "             war_mobilization: 0.5, war_intensity: 0.1}\n"
        "regions:\n"
        "  list:\n"
        "    - {code: '01', name: A, population: 1000000, lon: -100,\n"
        "       lat: 20}\n"
        "    - {code: '02', name: B, population: 1000000, lon: -101,\n"
        "       lat: 20}\n"
        "groups:\n"
        "  list:\n"
        "    - {name: X, members: 1000, home: '01'}\n"
        "    - {name: Y, members: 100, home: '01'}\n"
        "timeline:\n"
        "  - date: 2008-03-01\n"
        "    war: {groups: [X, Y], regions: ['02'], until: 2009-01-01}\n";
    pz_scenario *sc = load_text(text, NULL);
    pz_model *m = util_make(sc, 0);
    for (int k = 0; k < 3; k++) {
        util_step(m);
        assert_true(pz_model_cell(m, 1, 0) == 0);
        assert_true(pz_model_cell(m, 1, 1) == 0);
    }
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

/* war_intensity 0 (the default): a war changes nothing, bit for bit. */
static void no_intensity_no_effect(void **state)
{
    (void)state;
    static const char none[] =
        "plaza: 1\n"
        "parameters: {start: 2010-01-03, initial_distribution: listed,\n"
        "             mode: stochastic, steps: 30, expansion_rate: 0.05,\n"
        "             conflict_rate: 1e-6}\n"
        "regions:\n"
        "  list:\n"
        "    - {code: '01', name: A, population: 1000000, lon: -100, lat: 20,\n"
        "       neighbours: ['02']}\n"
        "    - {code: '02', name: B, population: 1000000, lon: -101, lat: 20}\n"
        "groups:\n"
        "  list:\n"
        "    - {name: X, members: 1000, home: '01', rivals: {Y: 1}}\n"
        "    - {name: Y, members: 250, home: '02'}\n";
    char with[2048];
    snprintf(with, sizeof with,
             "%stimeline:\n  - date: 2010-02-07\n"
             "    war: {groups: [X, Y], regions: ['02']}\n",
             none);
    pz_scenario *s0 = load_text(none, NULL), *s1 = load_text(with, NULL);
    pz_model *a = util_make(s0, 1), *b = util_make(s1, 1);
    while (pz_model_time(a) < pz_model_steps(a)) {
        util_step(a);
        util_step(b);
        assert_true(pz_model_homicides(a) == pz_model_homicides(b));
    }
    for (size_t i = 0; i < 2; i++)
        for (size_t g = 0; g < 2; g++)
            assert_true(pz_model_cell(a, i, g) == pz_model_cell(b, i, g));
    pz_model_destroy(a);
    pz_model_destroy(b);
    pz_scenario_free(s0);
    pz_scenario_free(s1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(front_deaths_and_dates),
        cmocka_unit_test(front_limit_and_replacement),
        cmocka_unit_test(mobilization_conserves),
        cmocka_unit_test(mobilized_members_count_that_week),
        cmocka_unit_test(stochastic_mean),
        cmocka_unit_test(fork_in_war),
        cmocka_unit_test(two_wars_same_week),
        cmocka_unit_test(policy_war_keeps_draws),
        cmocka_unit_test(war_over_before_run),
        cmocka_unit_test(no_intensity_no_effect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
