/*
 * test_mechanisms.c - the week's mechanisms switched off one at a time
 * (a scenario's 'mechanisms:' key, model/mechanism.h): each switch removes
 * its mechanism's effect, and only that; recruitment stepped alone; a
 * switched-off model saved and resumed; each switch names one mechanism.
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

#include "model/mechanism.h"
#include "model_util.h"

/* Three regions in a row, three groups (A and B rivals in West), a
 * government, a war of A and C in Centre from week 3, a doubling of the
 * recruitment rate in week 5; mode and extra top-level keys given. */
static const char base[] =
    "plaza: 1\n"
    "parameters:\n"
    "  start: 2010-01-03\n"
    "  initial_distribution: listed\n"
    "  steps: 40\n"
    "  mode: %s\n"
    "  kingpin_rate: 30\n"
    "  lieutenant_rate: 20\n"
    "  expansion_rate: 0.05\n"
    "  war_intensity: 0.01\n"
    "  war_mobilization: 0.1\n"
    "  confrontation: 0\n"
    "regions:\n"
    "  list:\n"
    "    - {code: '01', name: West, population: 1000000, lon: -104,\n"
    "       lat: 20, neighbours: ['02']}\n"
    "    - {code: '02', name: Centre, population: 2000000, lon: -101,\n"
    "       lat: 20, neighbours: ['01', '03']}\n"
    "    - {code: '03', name: East, population: 1000000, lon: -98,\n"
    "       lat: 20, neighbours: ['02']}\n"
    "groups:\n"
    "  list:\n"
    "    - {name: A, home: '01', members: 4000, rivals: {B: 2}}\n"
    "    - {name: B, home: '01', members: 3000}\n"
    "    - {name: C, home: '03', members: 2000}\n"
    "government:\n"
    "  arrangements:\n"
    "    - {group: A, level: federal, kind: direct, fixed: true}\n"
    "timeline:\n"
    "  - step: 3\n"
    "    war: {groups: [A, C], regions: ['02']}\n"
    "  - step: 5\n"
    "    scale: {recruitment_rate: 2}\n"
    "%s";

static pz_scenario *load(const char *mode, const char *rest)
{
    char text[8192];
    snprintf(text, sizeof text, base, mode, rest);
    return util_load(text, "mech.yaml");
}

/* Sums over the run of each flow of every group, events and the most
 * groups seen. */
typedef struct run_sums {
    double recruits, arrests, deaths, exits, homicides;
    size_t events, groups;
    int entered; /* a group came to a region where it had no member */
} run_sums;

static run_sums run(const pz_scenario *sc, uint32_t rep)
{
    run_sums s;
    memset(&s, 0, sizeof s);
    pz_model *m = util_make(sc, rep);
    double had[3][8];
    for (size_t i = 0; i < 3; i++)
        for (size_t g = 0; g < 8; g++)
            had[i][g] = pz_model_cell(m, i, g);
    while (pz_model_time(m) < pz_model_steps(m)) {
        util_step(m);
        pz_flows f;
        pz_model_totals(m, &f, NULL);
        s.recruits += f.recruits;
        s.arrests += f.arrests;
        s.deaths += f.deaths;
        s.exits += f.exits;
        s.homicides += pz_model_homicides(m);
        s.events += pz_model_event_count(m);
        size_t n = pz_model_group_count(m);
        s.groups = n > s.groups ? n : s.groups;
        for (size_t i = 0; i < 3; i++)
            for (size_t g = 0; g < 3; g++)
                if (had[i][g] <= 0 && pz_model_cell(m, i, g) > 0)
                    s.entered = 1;
    }
    pz_model_destroy(m);
    return s;
}

static run_sums run_text(const char *mode, const char *rest, uint32_t rep)
{
    pz_scenario *sc = load(mode, rest);
    run_sums s = run(sc, rep);
    pz_scenario_free(sc);
    return s;
}

/* Everything on: every effect the tests below remove is there. */
static void all_on(void **state)
{
    (void)state;
    run_sums s = run_text("stochastic", "", 1);
    assert_true(s.recruits > 0);
    assert_true(s.arrests > 0);
    assert_true(s.deaths > 0);
    assert_true(s.events > 0);
    assert_true(s.entered);
    run_sums d = run_text("deterministic", "", 0);
    assert_true(d.recruits > 0 && d.arrests > 0 && d.deaths > 0);
    assert_true(d.entered);
}

/* conflict off: no member dies (confrontation is 0 here), from rivalry or
 * war, in either mode. */
static void conflict_off(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        run_sums s = run_text(k ? "stochastic" : "deterministic",
                              "mechanisms: {conflict: off}\n", 1);
        assert_true(s.deaths == 0);
        assert_true(s.recruits > 0);
    }
}

/* recruitment off: no recruit. */
static void recruitment_off(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        run_sums s = run_text(k ? "stochastic" : "deterministic",
                              "mechanisms: {recruitment: off}\n", 1);
        assert_true(s.recruits == 0);
        assert_true(s.deaths > 0);
    }
}

/* enforcement off: no arrest. */
static void enforcement_off(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        run_sums s = run_text(k ? "stochastic" : "deterministic",
                              "mechanisms: {enforcement: off}\n", 1);
        assert_true(s.arrests == 0);
        assert_true(s.recruits > 0);
    }
}

/* movement off: no group comes to a region where it had no member (the
 * war's mobilization is off too, being the wars' own move). */
static void movement_off(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        run_sums s = run_text(k ? "stochastic" : "deterministic",
                              "mechanisms: {movement: off, wars: off}\n", 1);
        assert_false(s.entered);
        assert_true(s.recruits > 0);
    }
}

/* leaders off: no removal, split nor lieutenant (no event, no new
 * group). */
static void leaders_off(void **state)
{
    (void)state;
    run_sums on = run_text("stochastic", "", 2);
    assert_true(on.events > 0);
    run_sums s = run_text("stochastic", "mechanisms: {leaders: off}\n", 2);
    assert_int_equal(s.events, 0);
    assert_int_equal(s.groups, 3);
}

/* Whether a run with mechanism off switched "on" or "off" differs from the
 * same scenario without its text from cut_from to cut_to (NULL: to the
 * end): in any flow of any group or in the homicides of any week. */
static int differs_from_without(const char *off, const char *sw,
                                const char *cut_from, const char *cut_to)
{
    char text[8192], rest[64];
    snprintf(rest, sizeof rest, "mechanisms: {%s: %s}\n", off, sw);
    pz_scenario *a = load("deterministic", rest);
    /* the same text without the cut lines */
    snprintf(text, sizeof text, base, "deterministic", "");
    char *from = strstr(text, cut_from);
    assert_non_null(from);
    if (cut_to) {
        char *to = strstr(text, cut_to);
        assert_non_null(to);
        memmove(from, to, strlen(to) + 1);
    } else {
        *from = '\0';
    }
    pz_scenario *b = util_load(text, "cut.yaml");
    pz_model *ma = util_make(a, 0), *mb = util_make(b, 0);
    int differ = 0;
    while (pz_model_time(ma) < pz_model_steps(ma)) {
        util_step(ma);
        util_step(mb);
        for (size_t g = 0; g < 3; g++) {
            pz_flows x, y;
            pz_model_group(ma, g, &x);
            pz_model_group(mb, g, &y);
            differ |= memcmp(&x, &y, sizeof x) != 0;
        }
        differ |= pz_model_homicides(ma) != pz_model_homicides(mb);
    }
    pz_model_destroy(ma);
    pz_model_destroy(mb);
    pz_scenario_free(a);
    pz_scenario_free(b);
    return differ;
}

/* government off is the scenario without its 'government:' key; wars off
 * the scenario without its war; timeline off the scenario without its
 * timeline: every flow the same, to the last bit (and on, not). */
static void same_as_without(const char *off, const char *cut_from,
                            const char *cut_to)
{
    assert_false(differs_from_without(off, "off", cut_from, cut_to));
    assert_true(differs_from_without(off, "on", cut_from, cut_to));
}

static void government_off(void **state)
{
    (void)state;
    same_as_without("government", "government:\n", "timeline:\n");
}

static void wars_off(void **state)
{
    (void)state;
    same_as_without("wars", "  - step: 3\n    war:", "  - step: 5\n");
}

static void timeline_off(void **state)
{
    (void)state;
    same_as_without("timeline", "timeline:\n", NULL);
    /* and the parameters stay as given */
    pz_scenario *sc = load("deterministic", "mechanisms: {timeline: off}\n");
    pz_model *m = util_make(sc, 0);
    double rho = pz_model_param(m, PZ_P_RECRUITMENT_RATE);
    for (int t = 0; t < 10; t++)
        util_step(m);
    assert_true(pz_model_param(m, PZ_P_RECRUITMENT_RATE) == rho);
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

/* Recruitment stepped alone (saturation 0, everything else off): each
 * week every group's members grow by recruitment_rate times them, and no
 * other flow moves. */
static void recruitment_alone(void **state)
{
    (void)state;
    pz_scenario *sc =
        load("deterministic",
             "mechanisms: {timeline: off, leaders: off, government: off,\n"
             "             wars: off, conflict: off, enforcement: off,\n"
             "             movement: off}\n");
    pz_error err;
    assert_int_equal(pz_scenario_set(sc, "saturation=0", &err), PZ_OK);
    pz_model *m = util_make(sc, 0);
    double rho = pz_model_param(m, PZ_P_RECRUITMENT_RATE);
    double c[3] = {4000, 3000, 2000};
    for (int t = 0; t < 20; t++) {
        util_step(m);
        for (size_t g = 0; g < 3; g++) {
            pz_flows f;
            pz_model_group(m, g, &f);
            assert_true(fabs(f.recruits - rho * c[g]) <= 1e-9 * c[g]);
            assert_true(f.arrests == 0 && f.deaths == 0 && f.exits == 0);
            c[g] += f.recruits;
            assert_true(fabs(f.members - c[g]) <= 1e-9 * c[g]);
        }
    }
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

/* A model with switches off saved mid-run and resumed gives the run's
 * figures; a state is not read by a model with other switches. */
static void checkpoint_with_switches(void **state)
{
    (void)state;
    pz_scenario *sc = load("stochastic", "mechanisms: {leaders: off}\n");
    pz_scenario *other = load("stochastic", "");
    /* conflict, unlike the leaders, keeps no state of its own */
    pz_scenario *calm = load("stochastic", "mechanisms: {leaders: off, "
                                           "conflict: off}\n");
    pz_model *a = util_make(sc, 3), *b = util_make(sc, 3);
    pz_model *c = util_make(other, 3), *d = util_make(calm, 3);
    for (int t = 0; t < 10; t++)
        util_step(a);
    FILE *f = tmpfile();
    assert_non_null(f);
    pz_error err;
    assert_int_equal(pz_model_save_state(a, f, &err), PZ_OK);
    rewind(f);
    assert_int_equal(pz_model_load_state(b, f, &err), PZ_OK);
    rewind(f);
    assert_int_equal(pz_model_load_state(c, f, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "other mechanisms"));
    rewind(f);
    assert_int_equal(pz_model_load_state(d, f, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "other mechanisms"));
    fclose(f);
    for (int t = 0; t < 10; t++) {
        util_step(a);
        util_step(b);
        pz_flows x, y;
        pz_model_totals(a, &x, NULL);
        pz_model_totals(b, &y, NULL);
        assert_memory_equal(&x, &y, sizeof x);
    }
    pz_model_destroy(a);
    pz_model_destroy(b);
    pz_model_destroy(c);
    pz_model_destroy(d);
    pz_scenario_free(sc);
    pz_scenario_free(other);
    pz_scenario_free(calm);
}

/* Every switch a scenario names (world/scenario.c) turns off exactly one
 * mechanism of the week, the one of the same name (CONTRIBUTING.md,
 * "Adding a mechanism", step 3), and every mechanism has a name. */
static void switches_name_mechanisms(void **state)
{
    (void)state;
    int owners[PZ__SW_COUNT] = {0};
    for (int id = 0; id < PZ__M_COUNT; id++) {
        const pz__mechanism *k = pz__mechanisms[id];
        assert_non_null(k);
        assert_non_null(k->name);
        assert_true(k->sw >= -1 && k->sw < PZ__SW_COUNT);
        if (k->sw >= 0) {
            assert_string_equal(k->name, pz__switch_names[k->sw]);
            owners[k->sw]++;
        }
    }
    for (int sw = 0; sw < PZ__SW_COUNT; sw++)
        assert_int_equal(owners[sw], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(switches_name_mechanisms),
        cmocka_unit_test(all_on),
        cmocka_unit_test(conflict_off),
        cmocka_unit_test(recruitment_off),
        cmocka_unit_test(enforcement_off),
        cmocka_unit_test(movement_off),
        cmocka_unit_test(leaders_off),
        cmocka_unit_test(government_off),
        cmocka_unit_test(wars_off),
        cmocka_unit_test(timeline_off),
        cmocka_unit_test(recruitment_alone),
        cmocka_unit_test(checkpoint_with_switches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
