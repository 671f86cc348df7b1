/*
 * test_government.c - the government layer (model/government.c): integrity
 * 1 everywhere gives no corruption; no revenue gives no bribes; with
 * corruption off, arrests by group follow the policy's allocation (the
 * same share of every group's members in a region); indirect and direct
 * arrangements change enforcement by the documented factors; elections
 * break arrangements (not fixed ones) and raise conflict; purges clean
 * offices; US pressure raises arrests and decays; saved states and forks
 * carry the government.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plaza/model.h"
#include "plaza/scenario.h"

#include "model_util.h"

/* Three states in a row; A and B share West; C in East. */
static const char base[] =
    "plaza: 1\n"
    "regions:\n"
    "  list:\n"
    "    - {code: \"01\", name: West, population: 1000000, lon: -104, "
    "lat: 20, neighbours: [\"02\"]}\n"
    "    - {code: \"02\", name: Centre, population: 2000000, lon: -101, "
    "lat: 20, neighbours: [\"01\", \"03\"]}\n"
    "    - {code: \"03\", name: East, population: 1000000, lon: -98, "
    "lat: 20, neighbours: [\"02\"]}\n"
    "  places:\n"
    "    - {code: \"01\", kind: seaport, name: Port}\n"
    "groups:\n"
    "  list:\n"
    "    - {name: A, home: \"01\", members: 4000, rivals: {B: 2}}\n"
    "    - {name: B, home: \"01\", members: 3000}\n"
    "    - {name: C, home: \"03\", members: 2000}\n"
    "parameters:\n"
    "  initial_distribution: listed\n"
    "  steps: %d\n"
    "  mode: %s\n"
    "%s";

static pz_scenario *load(int steps, const char *mode, const char *rest)
{
    char text[8192];
    snprintf(text, sizeof text, base, steps, mode, rest);
    return util_load(text, "gov.yaml");
}

static size_t captured(const pz_model *m)
{
    size_t n = 0;
    for (int L = 0; L < 3; L++) {
        pz_gov_stats s;
        pz_model_government(m, (pz_gov_level)L, &s);
        n += s.indirect + s.direct;
    }
    return n;
}

/* Offices captured and bribes paid over a run. */
static void run_corruption(const pz_scenario *sc, uint32_t rep,
                           size_t *max_captured, double *bribes)
{
    pz_model *m = util_make(sc, rep);
    *max_captured = 0;
    *bribes = 0;
    while (pz_model_time(m) < pz_model_steps(m)) {
        util_step(m);
        size_t c = captured(m);
        if (c > *max_captured)
            *max_captured = c;
        for (int L = 0; L < 3; L++) {
            pz_gov_stats s;
            pz_model_government(m, (pz_gov_level)L, &s);
            *bribes += s.bribes;
        }
    }
    pz_model_destroy(m);
}

static const char corrupt[] = "  revenue_per_member: 1\n"
                              "  bribe_attempt_rate: 0.5\n"
                              "  exposure_rate: 0.01\n";

static void integrity_one_no_corruption(void **state)
{
    (void)state;
    char rest[1024];
    snprintf(rest, sizeof rest,
             "%s  integrity_municipal: 1\n  integrity_state: 1\n"
             "  integrity_federal: 1\n",
             corrupt);
    pz_scenario *clean = load(300, "stochastic", rest);
    pz_scenario *dirty = load(300, "stochastic", corrupt);
    size_t c;
    double b;
    for (uint32_t r = 0; r < 4; r++) {
        run_corruption(clean, r, &c, &b);
        assert_int_equal(c, 0);
        assert_true(b == 0);
    }
    run_corruption(dirty, 0, &c, &b); /* the same with integrity < 1 */
    assert_true(c > 0);
    assert_true(b > 0);
    pz_scenario_free(clean);
    pz_scenario_free(dirty);
}

static void no_revenue_no_bribes(void **state)
{
    (void)state;
    pz_scenario *sc = load(300, "stochastic",
                           "  revenue_per_member: 0\n"
                           "  bribe_attempt_rate: 1\n"
                           "  integrity_municipal: 0\n"
                           "  integrity_state: 0\n"
                           "  integrity_federal: 0\n");
    size_t c;
    double b;
    for (uint32_t r = 0; r < 4; r++) {
        run_corruption(sc, r, &c, &b);
        assert_int_equal(c, 0);
        assert_true(b == 0);
    }
    pz_scenario_free(sc);
}

/* Arrests per member of each group in West during the first week
 * (deterministic, nothing moves). */
static void first_week_rates(const char *rest, double rate[2])
{
    char all[4096];
    snprintf(all, sizeof all,
             "  expansion_rate: 0\n  enforcement_allocation: members\n%s",
             rest);
    pz_scenario *sc = load(3, "deterministic", all);
    pz_model *m = util_make(sc, 0);
    double x[2] = {pz_model_cell(m, 0, 0), pz_model_cell(m, 0, 1)};
    util_step(m);
    for (int g = 0; g < 2; g++) {
        pz_flows f;
        pz_model_group(m, (size_t)g, &f);
        rate[g] = f.arrests / x[g];
    }
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

static void clean_enforcement_is_proportional(void **state)
{
    (void)state;
    double r[2];
    first_week_rates("", r);
    assert_true(r[0] > 0);
    /* the same share of every group's members: the allocation by members */
    assert_true(fabs(r[0] - r[1]) < 1e-12 * r[0]);
}

static void arrangements_change_enforcement(void **state)
{
    (void)state;
    double clean[2], ind[2], dir[2];
    first_week_rates("", clean);
    /* A pays the municipal office of West to look away: A's enforcement
     * there is (0.2 (1 - 0.8) + 0.3 + 0.5) / 1 = 0.84 of clean */
    first_week_rates("government:\n  arrangements:\n"
                     "    - {group: A, level: municipal, kind: indirect, "
                     "regions: [\"01\"]}\n",
                     ind);
    assert_true(fabs(ind[0] / clean[0] - 0.84) < 1e-9);
    assert_true(fabs(ind[1] / clean[1] - 1) < 1e-9);
    /* the federal office protects A and turns on B: A loses the federal
     * half, B's federal half doubles (redirect 1) */
    first_week_rates("government:\n  arrangements:\n"
                     "    - {group: A, level: federal, kind: direct}\n",
                     dir);
    assert_true(fabs(dir[0] / clean[0] - 0.5) < 1e-9);
    assert_true(fabs(dir[1] / clean[1] - 1.5) < 1e-9);
}

static void elections_break_arrangements(void **state)
{
    (void)state;
    /* start 2012-01-01; an election on 2012-03-04 (step 9) */
    const char *rest = "  start: 2012-01-01\n"
                       "  turnover: 1\n"
                       "  election_violence: 2\n"
                       "  election_decay: 1000\n"
                       "  expansion_rate: 0\n"
                       "government:\n"
                       "  elections:\n"
                       "    - {level: municipal, dates: [2012-03-04]}\n"
                       "  arrangements:\n"
                       "    - {group: A, level: municipal, regions: "
                       "[\"01\"]}\n"
                       "    - {group: C, level: municipal, fixed: true, "
                       "regions: [\"03\"]}\n";
    const char *modes[2] = {"deterministic", "stochastic"};
    for (int k = 0; k < 2; k++) {
        pz_scenario *sc = load(20, modes[k], rest);
        pz_model *m = util_make(sc, 0);
        for (int t = 0; t < 9; t++)
            util_step(m);
        assert_int_equal(pz_model_payroll(m, PZ_GOV_MUNICIPAL, 0, NULL), 1);
        double before = 0, after = 0;
        pz_flows f;
        pz_model_group(m, 1, &f);
        before = f.deaths;
        util_step(m); /* the election's week */
        assert_int_equal(pz_model_payroll(m, PZ_GOV_MUNICIPAL, 0, NULL), 0);
        assert_int_equal(pz_model_payroll(m, PZ_GOV_MUNICIPAL, 2, NULL), 1);
        pz_model_group(m, 1, &f);
        after = f.deaths;
        if (k == 0) /* conflict tripled (heat 2), members almost the same */
            assert_true(after > 2.5 * before);
        pz_model_destroy(m);
        pz_scenario_free(sc);
    }
}

static void candidates_killed_in_campaigns(void **state)
{
    (void)state;
    pz_scenario *sc = load(20, "deterministic",
                           "  start: 2012-01-01\n"
                           "  candidate_killing: 1\n"
                           "government:\n"
                           "  elections:\n"
                           "    - {level: state, dates: [2012-03-04], "
                           "regions: [\"01\"]}\n");
    pz_model *m = util_make(sc, 0);
    double total = 0;
    while (pz_model_time(m) < pz_model_steps(m)) {
        double x = pz_model_cell(m, 0, 0) + pz_model_cell(m, 0, 1);
        (void)x;
        util_step(m);
        pz_gov_stats s;
        pz_model_government(m, PZ_GOV_STATE, &s);
        total += s.candidates_killed;
    }
    /* 9 campaign weeks (steps 0-8) of the 12, at 1 per 1,000 members:
     * about 7,000 members in West, so about 7 x 9/12 */
    assert_true(total > 4 && total < 6.5);
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

static void purge_and_pressure(void **state)
{
    (void)state;
    const char *rest = "  expansion_rate: 0\n"
                       "  us_pressure_decay: 10\n"
                       "government:\n"
                       "  arrangements:\n"
                       "    - {group: A, level: state, kind: direct, "
                       "fixed: true}\n"
                       "timeline:\n"
                       "  - step: 2\n"
                       "    purge: {level: state, share: 1}\n"
                       "  - step: 2\n"
                       "    pressure: 1\n";
    pz_scenario *sc = load(20, "deterministic", rest);
    pz_model *m = util_make(sc, 0);
    util_step(m);
    util_step(m);
    assert_int_equal(pz_model_payroll(m, PZ_GOV_STATE, 0, NULL), 3);
    pz_flows f0, f1;
    pz_model_group(m, 2, &f0);
    double x0 = pz_model_cell(m, 2, 2);
    util_step(m); /* purge and pressure */
    assert_int_equal(pz_model_payroll(m, PZ_GOV_STATE, 0, NULL), 0);
    pz_model_group(m, 2, &f1);
    double x1 = pz_model_cell(m, 2, 2);
    (void)x1;
    /* C's arrests per member: the state office no longer redirects (x 1.3
     * before: 0.3 of 2) and pressure doubles them: 2 / 1.3 */
    double ratio = (f1.arrests / pz_model_cell(m, 2, 2)) / (f0.arrests / x0);
    assert_true(ratio > 1.4 && ratio < 1.7);
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

static void state_carries_government(void **state)
{
    (void)state;
    char rest[2048];
    snprintf(rest, sizeof rest,
             "%s  start: 2012-01-01\n"
             "government:\n"
             "  elections:\n"
             "    - {level: municipal, dates: [2012-06-03, 2015-06-07]}\n",
             corrupt);
    pz_scenario *sc = load(300, "stochastic", rest);
    pz_model *a = util_make(sc, 5), *s = NULL, *f = NULL;
    pz_error err;
    for (int t = 0; t < 150; t++)
        util_step(a);
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    assert_int_equal(pz_model_save_state(a, mf, &err), PZ_OK);
    fclose(mf);
    s = util_make(sc, 5);
    FILE *in = fmemopen(buf, len, "rb");
    if (pz_model_load_state(s, in, &err) != PZ_OK)
        fail_msg("%s", err.msg);
    fclose(in);
    free(buf);
    assert_int_equal(pz_model_fork(a, sc, &f, &err), PZ_OK);
    while (pz_model_time(a) < pz_model_steps(a)) {
        util_step(a);
        util_step(s);
        util_step(f);
        for (int L = 0; L < 3; L++) {
            pz_gov_stats x, y, z;
            pz_model_government(a, (pz_gov_level)L, &x);
            pz_model_government(s, (pz_gov_level)L, &y);
            pz_model_government(f, (pz_gov_level)L, &z);
            assert_true(x.indirect == y.indirect && x.direct == y.direct &&
                        x.bribes == y.bribes);
            assert_true(x.indirect == z.indirect && x.bribes == z.bribes);
        }
        pz_flows x, y;
        pz_model_totals(a, &x, NULL);
        pz_model_totals(s, &y, NULL);
        assert_true(x.members == y.members && x.arrests == y.arrests);
    }
    pz_model_destroy(a);
    pz_model_destroy(s);
    pz_model_destroy(f);
    pz_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(integrity_one_no_corruption),
        cmocka_unit_test(no_revenue_no_bribes),
        cmocka_unit_test(clean_enforcement_is_proportional),
        cmocka_unit_test(arrangements_change_enforcement),
        cmocka_unit_test(elections_break_arrangements),
        cmocka_unit_test(candidates_killed_in_campaigns),
        cmocka_unit_test(purge_and_pressure),
        cmocka_unit_test(state_carries_government),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
