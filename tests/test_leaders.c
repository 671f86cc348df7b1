/*
 * test_leaders.c - leaders, removals, succession and splits
 * (model/leaders.c): no kingpin effort gives no removals; the number of
 * removals follows kingpin_rate and intelligence cooperation (a
 * statistical test over replicates); protection shields a leader; a group
 * with one member cannot split; members and regions are conserved
 * through splits and defections; the succession shock decays as
 * documented; runs, forks and saved states are deterministic with splits.
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

/* Three regions in a row, three groups; the caller appends parameters
 * (under 'parameters:') and a timeline. */
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
    "groups:\n"
    "  list:\n"
    "    - {name: A, home: \"01\", members: %s, structure: federated, "
    "protection: %s, rivals: {B: 2}, allies: {C: 1}}\n"
    "    - {name: B, home: \"02\", members: 3000}\n"
    "    - {name: C, home: \"03\", members: 2000}\n"
    "parameters:\n"
    "  initial_distribution: listed\n"
    "  steps: %d\n"
    "  mode: %s\n"
    "%s";

static pz_scenario *load(const char *a_members, const char *protection,
                         int steps, const char *mode, const char *rest)
{
    char text[8192];
    snprintf(text, sizeof text, base, a_members, protection, steps, mode, rest);
    return util_load(text, "leaders.yaml");
}

static unsigned is_removal(const pz_event *e)
{
    return e->kind == PZ_EVENT_CAPTURE || e->kind == PZ_EVENT_KILLING ||
           e->kind == PZ_EVENT_EXTRADITION;
}

/* Removals over a whole run. */
static unsigned count_removals(const pz_scenario *sc, uint32_t rep)
{
    pz_model *m = util_make(sc, rep);
    unsigned n = 0;
    while (pz_model_time(m) < pz_model_steps(m)) {
        util_step(m);
        for (size_t k = 0; k < pz_model_event_count(m); k++)
            n += is_removal(pz_model_event(m, k));
    }
    pz_model_destroy(m);
    return n;
}

static void no_effort_no_removals(void **state)
{
    (void)state;
    pz_scenario *off =
        load("5000", "0", 520, "stochastic", "  kingpin_rate: 0\n");
    pz_scenario *on =
        load("5000", "0", 520, "stochastic", "  kingpin_rate: 20\n");
    for (uint32_t r = 0; r < 5; r++)
        assert_int_equal(count_removals(off, r), 0);
    /* the same scenario with effort does remove leaders */
    assert_true(count_removals(on, 0) > 0);
    pz_scenario_free(off);
    pz_scenario_free(on);
}

/* No splits (probabilities 0), no protection: the expected removals a
 * year are kingpin_rate x (1 - weight (1 - cooperation)) up to the small
 * gap between 1 - exp(-h) and h; the mean over 200 replicates of 5 years
 * must be within 4 standard errors. */
static void removals_follow_rate(void **state)
{
    (void)state;
    const char *coop[2] = {"1", "0"};
    double expect[2] = {6.0 * 5, 3.0 * 5}; /* over 260 weeks */
    for (int c = 0; c < 2; c++) {
        char params[512];
        snprintf(params, sizeof params,
                 "  kingpin_rate: 6\n"
                 "  intelligence_cooperation: %s\n"
                 "  intelligence_weight: 0.5\n"
                 "  split_probability_federated: 0\n"
                 "  split_probability: 0\n"
                 "  recruitment_rate: 0\n"
                 "  incapacitation: 0\n"
                 "  conflict_rate: 0\n"
                 "  saturation: 0\n",
                 coop[c]);
        pz_scenario *sc = load("5000", "0", 260, "stochastic", params);
        double sum = 0, sum2 = 0;
        const int R = 200;
        for (uint32_t r = 0; r < (uint32_t)R; r++) {
            double k = count_removals(sc, r);
            sum += k;
            sum2 += k * k;
        }
        double mean = sum / R, sd = sqrt((sum2 - R * mean * mean) / (R - 1));
        double se = sd / sqrt(R);
        print_message("cooperation %s: %.2f removals in 5 years (expected "
                      "about %.1f, se %.2f)\n",
                      coop[c], mean, expect[c], se);
        /* 1 - exp(-h) < h: at most a few percent below */
        assert_true(mean <= expect[c] + 4 * se);
        assert_true(mean >= expect[c] * 0.97 - 4 * se);
        pz_scenario_free(sc);
    }
}

static void protection_shields(void **state)
{
    (void)state;
    pz_scenario *sc =
        load("5000", "1", 520, "stochastic", "  kingpin_rate: 30\n");
    for (uint32_t r = 0; r < 5; r++) {
        pz_model *m = util_make(sc, r);
        unsigned others = 0;
        while (pz_model_time(m) < pz_model_steps(m)) {
            util_step(m);
            for (size_t k = 0; k < pz_model_event_count(m); k++) {
                const pz_event *e = pz_model_event(m, k);
                assert_true(e->group != 0); /* A is fully protected */
                others += is_removal(e);
            }
        }
        assert_true(others > 0);
        pz_model_destroy(m);
    }
    pz_scenario_free(sc);
}

/* A dated split of A on step 0 with every flow switched off, so the step
 * changes nothing but the split. */
static const char frozen[] = "  recruitment_rate: 0\n"
                             "  incapacitation: 0\n"
                             "  conflict_rate: 0\n"
                             "  saturation: 0\n"
                             "  expansion_rate: 0\n"
                             "  background_homicides: 0\n"
                             "  confrontation: 0\n"
                             "timeline:\n"
                             "  - step: 0\n"
                             "    leader: {group: A, fate: killed, outcome: "
                             "split, shares: [0.5, 0.3, 0.2]}\n";

static void one_member_cannot_split(void **state)
{
    (void)state;
    const char *modes[2] = {"deterministic", "stochastic"};
    for (int k = 0; k < 2; k++) {
        pz_scenario *sc = load("1", "0", 3, modes[k], frozen);
        pz_model *m = util_make(sc, 0);
        util_step(m);
        assert_int_equal(pz_model_event_count(m), 1);
        const pz_event *e = pz_model_event(m, 0);
        assert_int_equal(e->kind, PZ_EVENT_KILLING);
        assert_int_equal(e->outcome, PZ_OUTCOME_SUCCESSION);
        assert_int_equal(pz_model_group_count(m), 3);
        pz_model_destroy(m);
        pz_scenario_free(sc);
    }
    /* drawn removals with certain splits never split a lone member */
    pz_scenario *sc = load("1", "0", 260, "stochastic",
                           "  kingpin_rate: 500\n"
                           "  kingpin_targeting: 0\n"
                           "  split_probability_federated: 1\n"
                           "  split_probability: 0\n"
                           "  recruitment_rate: 0\n"
                           "  incapacitation: 0\n"
                           "  conflict_rate: 0\n"
                           "  saturation: 0\n");
    pz_model *m = util_make(sc, 0);
    unsigned removed = 0;
    while (pz_model_time(m) < pz_model_steps(m)) {
        util_step(m);
        for (size_t k = 0; k < pz_model_event_count(m); k++) {
            const pz_event *e = pz_model_event(m, k);
            removed += e->group == 0;
            assert_int_not_equal(e->outcome, PZ_OUTCOME_SPLIT);
        }
    }
    assert_true(removed > 0);
    assert_int_equal(pz_model_group_count(m), 3);
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

static void splits_conserve(void **state)
{
    (void)state;
    const char *modes[2] = {"deterministic", "stochastic"};
    for (int k = 0; k < 2; k++) {
        /* A spread over the three regions first: expansion on, then the
         * split on a frozen step */
        char rest[2048];
        snprintf(rest, sizeof rest, "%s", frozen);
        pz_scenario *sc = load("6000", "0", 3, modes[k], rest);
        pz_model *m = util_make(sc, 7);
        double before[3];
        for (size_t i = 0; i < 3; i++)
            before[i] = pz_model_cell(m, i, 0);
        double total_before = 0;
        for (size_t i = 0; i < 3; i++)
            for (size_t g = 0; g < 3; g++)
                total_before += pz_model_cell(m, i, g);
        util_step(m);
        assert_int_equal(pz_model_group_count(m), 5);
        const pz_event *e = pz_model_event(m, 0);
        assert_int_equal(e->outcome, PZ_OUTCOME_SPLIT);
        assert_int_equal(e->new_count, 2);
        assert_int_equal(pz_model_group_parent(m, 3), 0);
        assert_int_equal(pz_model_group_parent(m, 4), 0);
        assert_string_equal(pz_model_group_name(m, 3), "A (faction 2)");
        double total_after = 0, moved = 0;
        for (size_t i = 0; i < 3; i++) {
            double sum = 0;
            for (size_t g = 0; g < 5; g++)
                total_after += pz_model_cell(m, i, g);
            sum = pz_model_cell(m, i, 0) + pz_model_cell(m, i, 3) +
                  pz_model_cell(m, i, 4);
            moved += pz_model_cell(m, i, 3) + pz_model_cell(m, i, 4);
            /* the factions hold the group's members in each region, and
             * only where it was */
            assert_true(fabs(sum - before[i]) < 1e-9 * (1 + before[i]));
        }
        assert_true(fabs(total_after - total_before) < 1e-6);
        assert_true(fabs(moved - e->members) < 1e-6);
        if (k == 0) /* deterministic: exactly the shares */
            assert_true(fabs(moved - 0.5 * before[0]) < 1e-6);
        pz_flows f;
        pz_model_group(m, 3, &f);
        assert_true(f.members > 0);
        pz_model_destroy(m);
        pz_scenario_free(sc);
    }
}

static void defection_conserves(void **state)
{
    (void)state;
    pz_scenario *sc = load("6000", "0", 2, "stochastic",
                           "  recruitment_rate: 0\n"
                           "  incapacitation: 0\n"
                           "  conflict_rate: 0\n"
                           "  saturation: 0\n"
                           "  expansion_rate: 0\n"
                           "timeline:\n"
                           "  - step: 0\n"
                           "    defection: {group: A, to: C, region: \"01\", "
                           "share: 0.25}\n");
    pz_model *m = util_make(sc, 3);
    double a = pz_model_cell(m, 0, 0), c = pz_model_cell(m, 0, 2);
    util_step(m);
    assert_int_equal(pz_model_event_count(m), 1);
    const pz_event *e = pz_model_event(m, 0);
    assert_int_equal(e->kind, PZ_EVENT_DEFECTION);
    assert_int_equal(e->other, 2);
    assert_true(e->members > 0.15 * a && e->members < 0.35 * a);
    assert_true(fabs(pz_model_cell(m, 0, 0) - (a - e->members)) < 1e-9);
    assert_true(fabs(pz_model_cell(m, 0, 2) - (c + e->members)) < 1e-9);
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

static void shock_decays(void **state)
{
    (void)state;
    char rest[1024];
    snprintf(rest, sizeof rest,
             "  succession_violence: 2\n  succession_decay: 10\n%s", frozen);
    pz_scenario *sc = load("6000", "0", 30, "deterministic", rest);
    pz_model *m = util_make(sc, 0);
    util_step(m);
    assert_true(fabs(pz_model_group_shock(m, 0) - 2) < 1e-12);
    assert_true(fabs(pz_model_group_shock(m, 3) - 2) < 1e-12);
    for (int k = 0; k < 20; k++)
        util_step(m);
    assert_true(fabs(pz_model_group_shock(m, 0) - 2 * exp(-2.0)) < 1e-12);
    pz_model_destroy(m);
    pz_scenario_free(sc);
}

/* Same seed and replicate: the same events and cells, also through a fork
 * and a saved state taken after splits. */
static void deterministic_with_splits(void **state)
{
    (void)state;
    pz_scenario *sc = load("8000", "0", 300, "stochastic",
                           "  kingpin_rate: 40\n"
                           "  split_probability_federated: 1\n"
                           "  split_probability: 1\n");
    pz_model *a = util_make(sc, 2), *b = util_make(sc, 2);
    pz_model *f = NULL, *s = NULL;
    pz_error err;
    size_t splits = 0;
    while (pz_model_time(a) < pz_model_steps(a)) {
        util_step(a);
        util_step(b);
        assert_int_equal(pz_model_event_count(a), pz_model_event_count(b));
        for (size_t k = 0; k < pz_model_event_count(a); k++) {
            const pz_event *x = pz_model_event(a, k), *y = pz_model_event(b, k);
            assert_int_equal(x->group, y->group);
            assert_int_equal(x->outcome, y->outcome);
            assert_true(x->members == y->members);
            splits += x->outcome == PZ_OUTCOME_SPLIT;
        }
        if (pz_model_time(a) == 150) {
            assert_int_equal(pz_model_fork(a, sc, &f, &err), PZ_OK);
            char *buf = NULL;
            size_t len = 0;
            FILE *mf = open_memstream(&buf, &len);
            assert_int_equal(pz_model_save_state(a, mf, &err), PZ_OK);
            fclose(mf);
            s = util_make(sc, 2);
            FILE *in = fmemopen(buf, len, "rb");
            if (pz_model_load_state(s, in, &err) != PZ_OK)
                fail_msg("%s", err.msg);
            fclose(in);
            free(buf);
            assert_int_equal(pz_model_group_count(s), pz_model_group_count(a));
        } else if (f) {
            util_step(f);
            util_step(s);
            assert_int_equal(pz_model_group_count(f), pz_model_group_count(a));
            assert_int_equal(pz_model_group_count(s), pz_model_group_count(a));
            for (size_t g = 0; g < pz_model_group_count(a); g++) {
                pz_flows x, y, z;
                pz_model_group(a, g, &x);
                pz_model_group(f, g, &y);
                pz_model_group(s, g, &z);
                assert_true(x.members == y.members);
                assert_true(x.members == z.members);
                assert_string_equal(pz_model_group_name(a, g),
                                    pz_model_group_name(s, g));
            }
        }
    }
    print_message("%zu splits, %zu groups at the end\n", splits,
                  pz_model_group_count(a));
    assert_true(splits > 3);
    pz_model_destroy(a);
    pz_model_destroy(b);
    pz_model_destroy(f);
    pz_model_destroy(s);
    pz_scenario_free(sc);
}

/* Lieutenants: none without a rate; with one, a Poisson number a week
 * (mean over 100 replicates of a year within 4 standard errors of the
 * rate); members are conserved through their cells' defections. */
static void lieutenants_captured(void **state)
{
    (void)state;
    const char *fmt_off = "  lieutenant_rate: 0\n";
    const char *fmt_on = "  lieutenant_rate: 26\n"
                         "  lieutenant_defection: 0.5\n"
                         "  lieutenant_span: 50\n"
                         "  recruitment_rate: 0\n"
                         "  incapacitation: 0\n"
                         "  conflict_rate: 0\n"
                         "  saturation: 0\n"
                         "  expansion_rate: 0.1\n";
    pz_scenario *off = load("5000", "0", 52, "stochastic", fmt_off);
    pz_scenario *on = load("5000", "0", 52, "stochastic", fmt_on);
    double sum = 0, sum2 = 0;
    const int R = 100;
    unsigned defected = 0;
    for (uint32_t r = 0; r < (uint32_t)R; r++) {
        pz_model *a = util_make(off, r), *b = util_make(on, r);
        double k = 0, total0;
        pz_flows t;
        pz_model_totals(b, &t, NULL);
        total0 = t.members;
        while (pz_model_time(a) < pz_model_steps(a)) {
            util_step(a);
            util_step(b);
            for (size_t j = 0; j < pz_model_event_count(a); j++)
                assert_int_not_equal(pz_model_event(a, j)->kind,
                                     PZ_EVENT_LIEUTENANT);
            for (size_t j = 0; j < pz_model_event_count(b); j++) {
                const pz_event *e = pz_model_event(b, j);
                k += e->kind == PZ_EVENT_LIEUTENANT;
                if (e->outcome == PZ_OUTCOME_DEFECTED) {
                    defected++;
                    assert_true(e->members > 0 && e->members <= 50);
                }
            }
        }
        pz_model_totals(b, &t, NULL);
        /* flows are off; movement and defections conserve members */
        assert_true(fabs(t.members - total0) < 1e-9);
        sum += k;
        sum2 += k * k;
        pz_model_destroy(a);
        pz_model_destroy(b);
    }
    double mean = sum / R, sd = sqrt((sum2 - R * mean * mean) / (R - 1));
    print_message("%.2f lieutenants a year (rate 26, se %.2f), %u "
                  "defections\n",
                  mean, sd / sqrt(R), defected);
    assert_true(fabs(mean - 26) < 4 * sd / sqrt(R));
    assert_true(defected > 0);
    pz_scenario_free(off);
    pz_scenario_free(on);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_effort_no_removals),
        cmocka_unit_test(removals_follow_rate),
        cmocka_unit_test(protection_shields),
        cmocka_unit_test(one_member_cannot_split),
        cmocka_unit_test(splits_conserve),
        cmocka_unit_test(defection_conserves),
        cmocka_unit_test(shock_decays),
        cmocka_unit_test(deterministic_with_splits),
        cmocka_unit_test(lieutenants_captured),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
