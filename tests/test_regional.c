/*
 * test_regional.c - the regional layer: agreement with the national model,
 * conservation under movement, no groups no homicides, allies do not
 * fight, enforcement allocation and focus, determinism.
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

#include "plaza/model.h"
#include "plaza/scenario.h"

static pz_scenario *load_text(const char *text, const char *const *sets)
{
    pz_scenario *sc = NULL;
    pz_error err;
    if (pz_scenario_load_text(text, strlen(text), "test.yaml",
                              getenv("PLAZA_DATA"), &sc, &err) != PZ_OK)
        fail_msg("%s", err.msg);
    for (; sets && *sets; sets++)
        if (pz_scenario_set(sc, *sets, &err) != PZ_OK)
            fail_msg("%s", err.msg);
    return sc;
}

static pz_model *make(const pz_scenario *sc, uint32_t rep)
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
    if (pz_model_step(m, &err) != PZ_OK)
        fail_msg("step: %s", err.msg);
}

/* The pc2023 groups on the 32 states read from the data directory. */
static const char pc2023_states[] = "plaza: 1\n"
                                    "regions: {data: states}\n"
                                    "groups: {data: pc2023}\n";

static const char pc2023_national[] = "plaza: 1\n"
                                      "groups: {data: pc2023}\n";

/* With movement off, national conflict, arrests shared by members and no
 * recruitment pool, every group's total over the regions follows the
 * national model's weekly difference equation. */
static void layers_agree(void **state)
{
    (void)state;
    const char *common[] = {"mode=deterministic", "solver=euler", "steps=520",
                            NULL};
    const char *spatial_off[] = {"expansion_rate=0", "conflict_scope=national",
                                 "enforcement_allocation=members",
                                 "recruitment_pool=0", NULL};
    pz_scenario *reg = load_text(pc2023_states, common);
    pz_scenario *nat = load_text(pc2023_national, common);
    pz_error err;
    for (int i = 0; spatial_off[i]; i++)
        assert_int_equal(pz_scenario_set(reg, spatial_off[i], &err), PZ_OK);
    pz_model *a = make(reg, 0), *b = make(nat, 0);
    assert_int_equal(pz_model_region_count(a, PZ_LEVEL_REGIONS), 32);
    assert_int_equal(pz_model_region_count(b, PZ_LEVEL_REGIONS), 0);
    double worst = 0;
    while (pz_model_time(b) < pz_model_steps(b)) {
        step_ok(a);
        step_ok(b);
        for (size_t g = 0; g < pz_model_group_count(b); g++) {
            pz_flows x, y;
            pz_model_group(a, g, &x);
            pz_model_group(b, g, &y);
            double rel = fabs(x.members - y.members) / (1 + y.members);
            if (rel > worst)
                worst = rel;
            assert_true(fabs(x.deaths - y.deaths) <= 1e-9 * (1 + y.deaths));
        }
    }
    print_message("worst relative difference over 520 weeks: %.2e\n", worst);
    assert_true(worst < 1e-9);
    pz_model_destroy(a);
    pz_model_destroy(b);
    pz_scenario_free(reg);
    pz_scenario_free(nat);
}

/* Only movement: every group keeps its members, in both modes, while
 * groups spread to new regions. */
static void movement_conserves_members(void **state)
{
    (void)state;
    for (int det = 0; det < 2; det++) {
        const char *sets[] = {"recruitment_rate=0",
                              "incapacitation=0",
                              "conflict_rate=0",
                              "saturation=0",
                              "expansion_rate=0.05",
                              "steps=100",
                              det ? "mode=deterministic" : "mode=stochastic",
                              NULL};
        pz_scenario *sc = load_text(pc2023_states, sets);
        pz_model *m = make(sc, 2);
        size_t G = pz_model_group_count(m),
               R = pz_model_region_count(m, PZ_LEVEL_REGIONS);
        double *c0 = malloc(G * sizeof *c0);
        size_t cells0 = 0, cells1 = 0;
        assert_non_null(c0);
        for (size_t g = 0; g < G; g++) {
            pz_flows f;
            pz_model_group(m, g, &f);
            c0[g] = f.members;
            for (size_t i = 0; i < R; i++)
                cells0 += pz_model_cell(m, i, g) > 0;
        }
        while (pz_model_time(m) < pz_model_steps(m)) {
            step_ok(m);
            for (size_t g = 0; g < G; g++) {
                double sum = 0;
                for (size_t i = 0; i < R; i++)
                    sum += pz_model_cell(m, i, g);
                if (det)
                    assert_true(fabs(sum - c0[g]) <= 1e-9 * (1 + c0[g]));
                else
                    assert_true(sum == c0[g]);
            }
        }
        for (size_t g = 0; g < G; g++)
            for (size_t i = 0; i < R; i++)
                cells1 += pz_model_cell(m, i, g) > 0;
        print_message("%s: group-region cells %zu -> %zu\n",
                      det ? "deterministic" : "stochastic", cells0, cells1);
        assert_true(cells1 > cells0);
        free(c0);
        pz_model_destroy(m);
        pz_scenario_free(sc);
    }
}

/* No members and no background homicides: no homicides anywhere. */
static void no_groups_no_homicides(void **state)
{
    (void)state;
    for (int det = 0; det < 2; det++) {
        const char *sets[] = {
            "initial_members=0", "background_homicides=0", "steps=52",
            det ? "mode=deterministic" : "mode=stochastic", NULL};
        pz_scenario *sc = load_text(pc2023_states, sets);
        pz_model *m = make(sc, 0);
        while (pz_model_time(m) < pz_model_steps(m)) {
            step_ok(m);
            assert_true(pz_model_homicides(m) == 0);
            for (size_t i = 0; i < 32; i++) {
                pz_region_stats st;
                pz_model_region(m, PZ_LEVEL_REGIONS, i, &st);
                assert_true(st.homicides == 0 && st.members == 0);
                assert_true(st.controller == -1);
            }
        }
        pz_model_destroy(m);
        pz_scenario_free(sc);
    }
}

/* Background homicides only (no members, deterministic): by population,
 * or (prewar) shared by the regions' homicides of 1997-2006, with the same
 * national total.  An inline list gives the counts itself. */
static void background_geography(void **state)
{
    (void)state;
    const char *pop_sets[] = {"initial_members=0", "steps=3",
                              "mode=deterministic", "background_homicides=1e-4",
                              NULL};
    const char *pre_sets[] = {
        "initial_members=0",           "steps=3",
        "mode=deterministic",          "background_homicides=1e-4",
        "background_geography=prewar", NULL};
    pz_scenario *a = load_text(pc2023_states, pop_sets);
    pz_scenario *b = load_text(pc2023_states, pre_sets);
    pz_model *ma = make(a, 0), *mb = make(b, 0);
    step_ok(ma);
    step_ok(mb);
    double P = 0, H = 0, pop[32], pre[32];
    for (size_t i = 0; i < 32; i++) {
        pz_region_stats sa, sb;
        pz_model_region(ma, PZ_LEVEL_REGIONS, i, &sa);
        pz_model_region(mb, PZ_LEVEL_REGIONS, i, &sb);
        pop[i] = sa.population;
        pre[i] = sb.homicides;
        P += pop[i];
        H += pre[i];
        /* by population: the rate times the region's people, a week */
        assert_true(fabs(sa.homicides - 1e-4 / 52 * pop[i]) <=
                    1e-9 * sa.homicides);
    }
    /* the same national total */
    assert_true(fabs(pz_model_homicides(ma) - pz_model_homicides(mb)) <=
                1e-9 * pz_model_homicides(ma));
    assert_true(fabs(H - 1e-4 / 52 * P) <= 1e-9 * H);
    /* prewar: Chihuahua (08) and Guerrero (12) take more than their share
     * of people, Mexico City (09) less (INEGI 1997-2006) */
    assert_true(pre[7] / H > pop[7] / P);
    assert_true(pre[11] / H > 2 * pop[11] / P);
    assert_true(pre[8] / H > pop[8] / P * 1.1);
    pz_model_destroy(ma);
    pz_model_destroy(mb);
    pz_scenario_free(a);
    pz_scenario_free(b);

    /* an inline list: shares of 1, 3 and 0 */
    static const char three[] =
        "plaza: 1\n"
        "parameters: {initial_members: 0, mode: deterministic, steps: 2,\n"
        "             background_homicides: 1e-3,\n"
        "             background_geography: prewar}\n"
        "regions:\n"
        "  list:\n"
        "    - {code: '01', name: A, population: 1000000, lon: -100,\n"
        "       lat: 20, prewar_homicides: 10}\n"
        "    - {code: '02', name: B, population: 1000000, lon: -101,\n"
        "       lat: 20, prewar_homicides: 30}\n"
        "    - {code: '03', name: C, population: 2000000, lon: -102,\n"
        "       lat: 20, prewar_homicides: 0}\n"
        "groups: {list: [{name: X, members: 0, home: '01'}]}\n";
    pz_scenario *c = load_text(three, NULL);
    pz_model *mc = make(c, 0);
    step_ok(mc);
    double want[3] = {0.25, 0.75, 0};
    for (size_t i = 0; i < 3; i++) {
        pz_region_stats st;
        pz_model_region(mc, PZ_LEVEL_REGIONS, i, &st);
        assert_true(fabs(st.homicides - want[i] * 1e-3 / 52 * 4e6) <= 1e-9);
    }
    pz_model_destroy(mc);
    pz_scenario_free(c);
}

/* A small inline geography: three regions in a row. */
static const char tiny[] =
    "plaza: 1\n"
    "parameters: {initial_distribution: listed, mode: deterministic,\n"
    "             recruitment_rate: 0, saturation: 0, steps: 10,\n"
    "             background_homicides: 0, civilian_ratio: 2}\n"
    "regions:\n"
    "  list:\n"
    "    - {code: '01', name: A, population: 1000000, lon: -100, lat: 20,\n"
    "       neighbours: ['02']}\n"
    "    - {code: '02', name: B, population: 3000000, lon: -101, lat: 20,\n"
    "       neighbours: ['03']}\n"
    "    - {code: '03', name: C, population: 1000000, lon: -102, lat: 20}\n"
    "groups:\n"
    "  list:\n"
    "    - {name: X, members: 1000, home: '01', allies: {Y: 1}}\n"
    "    - {name: Y, members: 1000, home: '01'}\n"
    "    - {name: Z, members: 1000, home: '02'}\n"
    "    - {name: W, members: 3000, home: '03'}\n";

/* Allies alone in a region do not fight; nor does a group alone. */
static void allies_do_not_fight(void **state)
{
    (void)state;
    const char *sets[] = {"incapacitation=0", "conflict_rate=1e-6", NULL};
    pz_scenario *sc = load_text(tiny, sets);
    pz_model *m = make(sc, 0);
    step_ok(m);
    pz_flows f;
    for (size_t g = 0; g < 4; g++) {
        pz_model_group(m, g, &f);
        assert_true(f.deaths == 0);
    }
    assert_true(pz_model_homicides(m) == 0);
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

/* Two non-allied groups in one region fight; the region's homicides are
 * deaths times (1 + civilian_ratio); control goes to the larger group. */
static void rivals_fight_locally(void **state)
{
    (void)state;
    static const char text[] =
        "plaza: 1\n"
        "parameters: {initial_distribution: listed, mode: deterministic,\n"
        "             recruitment_rate: 0, saturation: 0, steps: 5,\n"
        "             incapacitation: 0, background_homicides: 0,\n"
        "             civilian_ratio: 2, conflict_rate: 1e-6}\n"
        "regions:\n"
        "  list:\n"
        "    - {code: '01', name: A, population: 1000000, lon: -100, lat: 20}\n"
        "groups:\n"
        "  list:\n"
        "    - {name: X, members: 1000, home: '01', rivals: {Y: 3}}\n"
        "    - {name: Y, members: 300, home: '01'}\n";
    pz_scenario *sc = load_text(text, NULL);
    pz_model *m = make(sc, 0);
    step_ok(m);
    pz_flows x, y;
    pz_model_group(m, 0, &x);
    pz_model_group(m, 1, &y);
    /* K = (1 + 3)/(0 + 1) = 4 both ways: deaths = theta x K y */
    assert_true(fabs(x.deaths - 1e-6 * 1000 * 4 * 300) < 1e-9);
    assert_true(fabs(y.deaths - 1e-6 * 300 * 4 * 1000) < 1e-9);
    pz_region_stats st;
    pz_model_region(m, PZ_LEVEL_REGIONS, 0, &st);
    assert_true(fabs(st.homicides - 3 * (x.deaths + y.deaths)) < 1e-9);
    assert_int_equal(st.controller, 0);
    assert_true(st.controller_share > 0.75);
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

/* Arrests: uniform allocation gives every region with members the same
 * number; by population, in proportion to population; a focus of 5
 * multiplies a region's weight by 5. */
static void enforcement_allocation(void **state)
{
    (void)state;
    const char *modes[] = {"enforcement_allocation=uniform",
                           "enforcement_allocation=population"};
    for (int k = 0; k < 2; k++) {
        const char *sets[] = {"incapacitation=90", "conflict_rate=0", modes[k],
                              NULL};
        pz_scenario *sc = load_text(tiny, sets);
        pz_model *m = make(sc, 0);
        step_ok(m);
        pz_region_stats a, b, c;
        pz_model_region(m, PZ_LEVEL_REGIONS, 0, &a);
        pz_model_region(m, PZ_LEVEL_REGIONS, 1, &b);
        pz_model_region(m, PZ_LEVEL_REGIONS, 2, &c);
        assert_true(fabs(a.arrests + b.arrests + c.arrests - 90) < 1e-9);
        if (k == 0) {
            assert_true(fabs(a.arrests - 30) < 1e-9);
            assert_true(fabs(b.arrests - 30) < 1e-9);
        } else {
            assert_true(fabs(b.arrests - 3 * a.arrests) < 1e-9);
            assert_true(fabs(c.arrests - a.arrests) < 1e-9);
        }
        pz_model_destroy(m);
        pz_scenario_free(sc);
    }
    char text[4096];
    snprintf(text, sizeof text,
             "%stimeline:\n  - {step: 0, focus: {'02': 5}}\n", tiny);
    const char *sets[] = {"incapacitation=70", "conflict_rate=0",
                          "enforcement_allocation=uniform", NULL};
    pz_scenario *sc = load_text(text, sets);
    pz_model *m = make(sc, 0);
    step_ok(m);
    pz_region_stats a, b;
    pz_model_region(m, PZ_LEVEL_REGIONS, 0, &a);
    pz_model_region(m, PZ_LEVEL_REGIONS, 1, &b);
    assert_true(fabs(a.arrests - 10) < 1e-9 && fabs(b.arrests - 50) < 1e-9);
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

/* Checks a sample mean and variance over n draws against those of a
 * binomial(trials, p), within 5 standard errors (the standard error of the
 * variance from the binomial's fourth central moment). */
static void check_binomial_sample(const char *label, double sum, double sumsq,
                                  double n, double trials, double p)
{
    double mean = sum / n, var = (sumsq - n * mean * mean) / (n - 1);
    double q = 1 - p, v = trials * p * q;
    double mu4 = v * (1 + 3 * (trials - 2) * p * q);
    print_message("%s: mean %.3f (exact %.3f), variance %.3f (exact %.3f)\n",
                  label, mean, trials * p, var, v);
    assert_true(fabs(mean - trials * p) <= 5 * sqrt(v / n));
    assert_true(fabs(var - v) <= 5 * sqrt((mu4 - v * v) / n));
}

/* Stochastic movement has the law of the file's comment: each member
 * moves to neighbour s with probability expansion_rate q_s / Q, so that
 * the members arriving in a neighbour are binomial with the deterministic
 * mode's amount as mean, and those leaving for any neighbour binomial too.
 * One week of movement only, over replicates, of a group alone in the
 * middle region of three in a row (the regions around it empty, so that
 * they attract). */
static void stochastic_movement_law(void **state)
{
    (void)state;
    enum { N = 4000 };
    static const char text[] =
        "plaza: 1\n"
        "parameters: {initial_distribution: listed, mode: deterministic,\n"
        "             recruitment_rate: 0, saturation: 0, steps: 1,\n"
        "             incapacitation: 0, conflict_rate: 0,\n"
        "             background_homicides: 0, expansion_rate: 0.1}\n"
        "regions:\n"
        "  list:\n"
        "    - {code: '01', name: A, population: 1000000, lon: -100, lat: 20,\n"
        "       neighbours: ['02']}\n"
        "    - {code: '02', name: B, population: 3000000, lon: -101, lat: 20,\n"
        "       neighbours: ['03']}\n"
        "    - {code: '03', name: C, population: 1000000, lon: -102.5,\n"
        "       lat: 20}\n"
        "groups:\n"
        "  list:\n"
        "    - {name: X, members: 1000, home: '02'}\n";
    const char *sto[] = {"mode=stochastic", NULL};
    pz_scenario *sd = load_text(text, NULL), *ss = load_text(text, sto);
    pz_model *m = make(sd, 0);
    step_ok(m);
    double xa = pz_model_cell(m, 0, 0), xc = pz_model_cell(m, 2, 0);
    pz_model_destroy(m);
    print_message("deterministic: %g to A, %g to C\n", xa, xc);
    assert_true(xa > 5 && xc > 5 && xa != xc);
    double s[3] = {0, 0, 0}, s2[3] = {0, 0, 0};
    for (uint32_t rep = 0; rep < N; rep++) {
        m = make(ss, rep);
        step_ok(m);
        double v[3] = {pz_model_cell(m, 0, 0), pz_model_cell(m, 2, 0), 0};
        v[2] = v[0] + v[1];
        assert_true(v[2] + pz_model_cell(m, 1, 0) == 1000);
        for (int k = 0; k < 3; k++) {
            s[k] += v[k];
            s2[k] += v[k] * v[k];
        }
        pz_model_destroy(m);
    }
    check_binomial_sample("B to A", s[0], s2[0], N, 1000, xa / 1000);
    check_binomial_sample("B to C", s[1], s2[1], N, 1000, xc / 1000);
    check_binomial_sample("B to A or C", s[2], s2[2], N, 1000,
                          (xa + xc) / 1000);
    pz_scenario_free(sd);
    pz_scenario_free(ss);
}

/* Same seed and replicate: identical regions; another replicate: not. */
static void regional_determinism(void **state)
{
    (void)state;
    const char *sets[] = {"mode=stochastic", "expansion_rate=0.01", "steps=150",
                          NULL};
    pz_scenario *sc = load_text(pc2023_states, sets);
    double h[3][32];
    uint32_t reps[3] = {5, 5, 6};
    for (int k = 0; k < 3; k++) {
        pz_model *m = make(sc, reps[k]);
        while (pz_model_time(m) < pz_model_steps(m))
            step_ok(m);
        for (size_t i = 0; i < 32; i++) {
            pz_region_stats st;
            pz_model_region(m, PZ_LEVEL_REGIONS, i, &st);
            h[k][i] = st.members * 1e6 + st.homicides;
        }
        pz_model_destroy(m);
    }
    assert_memory_equal(h[0], h[1], sizeof h[0]);
    assert_memory_not_equal(h[0], h[2], sizeof h[0]);
    pz_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(layers_agree),
        cmocka_unit_test(movement_conserves_members),
        cmocka_unit_test(no_groups_no_homicides),
        cmocka_unit_test(background_geography),
        cmocka_unit_test(allies_do_not_fight),
        cmocka_unit_test(rivals_fight_locally),
        cmocka_unit_test(enforcement_allocation),
        cmocka_unit_test(stochastic_movement_law),
        cmocka_unit_test(regional_determinism),
    };
    return cmocka_run_group_tests_name("regional", tests, NULL, NULL);
}
