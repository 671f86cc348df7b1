/*
 * test_event_study.c - the event study of leader removals: the same
 * result for 1 and 2 threads; no effect when removals change nothing
 * (succession_violence 0, no splits: the runs are then those without
 * removals), a clearly positive effect in the stronghold when they raise
 * conflict; the CSV; bad input refused.
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
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "plaza/event_study.h"
#include "plaza/model.h"
#include "plaza/scenario.h"

/* The default scenario, stochastic, 10 years, 10 removals a year, and
 * the extra assignments given (NULL-terminated). */
static pz_scenario *scenario(const char *const *extra)
{
    pz_scenario *sc = NULL;
    pz_error err;
    if (pz_scenario_load_default(&sc, &err) != PZ_OK ||
        pz_scenario_set(sc, "steps=520", &err) != PZ_OK ||
        pz_scenario_set(sc, "mode=stochastic", &err) != PZ_OK ||
        pz_scenario_set(sc, "kingpin_rate=10", &err) != PZ_OK)
        fail_msg("%s", err.msg);
    for (; extra && *extra; extra++)
        if (pz_scenario_set(sc, *extra, &err) != PZ_OK)
            fail_msg("%s: %s", *extra, err.msg);
    return sc;
}

static const pz_event_study_row *find(const pz_event_study_result *r,
                                      pz_es_set set, pz_es_fate fate,
                                      unsigned window)
{
    for (size_t k = 0; k < r->nrows; k++)
        if (r->row[k].set == set && r->row[k].fate == fate &&
            r->row[k].window == window)
            return &r->row[k];
    fail_msg("no row %s/%s/%u", pz_es_set_name(set), pz_es_fate_name(fate),
             window);
    return NULL;
}

static void threads_do_not_matter(void **state)
{
    (void)state;
    pz_scenario *sc = scenario(NULL);
    pz_error err;
    pz_event_study_result a, b;
    pz_event_study_options o1 = {.n = 7, .threads = 1},
                           o2 = {.n = 7, .threads = 2};
    assert_int_equal(pz_event_study_run(sc, &o1, &a, &err), PZ_OK);
    assert_int_equal(pz_event_study_run(sc, &o2, &b, &err), PZ_OK);
    assert_int_equal(a.n, 7);
    assert_int_equal(a.nrows, 10); /* 5 rows for each of 26 and 52 weeks */
    assert_int_equal(a.nrows, b.nrows);
    assert_int_equal(a.removals, b.removals);
    /* 10 a year for 10 years, and the dated ones, in each replicate */
    assert_true(a.removals > 7 * 50);
    for (size_t k = 0; k < a.nrows; k++) {
        const pz_event_study_row *x = &a.row[k], *y = &b.row[k];
        assert_int_equal(x->set, y->set);
        assert_int_equal(x->fate, y->fate);
        assert_int_equal(x->window, y->window);
        assert_int_equal(x->events, y->events);
        assert_int_equal(x->replicates, y->replicates);
    }
    assert_memory_equal(a.row, b.row, a.nrows * sizeof *a.row);
    assert_memory_equal(a.value, b.value, a.n * a.nrows * sizeof *a.value);
    /* the first row: treated, all fates, 26 weeks, used in every
     * replicate; the killed and captured rows share its events */
    const pz_event_study_row *all = find(&a, PZ_ES_TREATED, PZ_ES_ALL, 26),
                             *k = find(&a, PZ_ES_TREATED, PZ_ES_KILLED, 26),
                             *c = find(&a, PZ_ES_TREATED, PZ_ES_CAPTURED, 26);
    assert_true(all->events > 0);
    assert_int_equal(all->events, k->events + c->events);
    assert_true(all->replicates > 0 && all->replicates <= 7);
    assert_true(all->q025 <= all->mean && all->mean <= all->q975);
    /* the 52-week window fits fewer events than the 26-week one */
    assert_true(find(&a, PZ_ES_TREATED, PZ_ES_ALL, 52)->events < all->events);
    pz_event_study_result_free(&a);
    pz_event_study_result_free(&b);
    pz_scenario_free(sc);
}

/* Removals that change nothing: the runs are those of a scenario without
 * removals, and the effect in the stronghold is zero within the spread
 * of the replicates (26 weeks), and small (both windows).  The default's
 * dated wars are switched off too: they raise and lower the homicides of
 * a few states on fixed dates, whether or not a leader was removed there,
 * and a stronghold hit by a war that starts or ends within the window
 * moves the estimate (+7% at 52 weeks over these 20 replicates with
 * them), a confounder of the estimator and not a bias of its own. */
static void no_effect_without_succession_violence(void **state)
{
    (void)state;
    static const char *const none[] = {"succession_violence=0",
                                       "split_probability=0",
                                       "split_probability_hierarchical=0",
                                       "split_probability_federated=0",
                                       "war_intensity=0",
                                       "war_mobilization=0",
                                       NULL};
    pz_scenario *sc = scenario(none);
    pz_error err;
    pz_event_study_result r;
    pz_event_study_options o = {.n = 20, .threads = 2};
    assert_int_equal(pz_event_study_run(sc, &o, &r, &err), PZ_OK);
    for (unsigned w = 26; w <= 52; w += 26) {
        const pz_event_study_row *x = find(&r, PZ_ES_TREATED, PZ_ES_ALL, w);
        print_message("null, %u weeks: %+.3f [%+.3f, %+.3f] over %u "
                      "replicates, %zu events\n",
                      w, x->mean, x->q025, x->q975, x->replicates, x->events);
        assert_true(x->replicates >= 15);
        /* the homicides are those of runs without removals, so a
         * non-zero mean comes only from where and when removals happen:
         * slightly negative here (-1% to -2%), so at 52 weeks only the
         * mean is bounded */
        if (w == 26)
            assert_true(x->q025 < 0 && 0 < x->q975);
        assert_true(fabs(x->mean) < 0.05);
    }
    pz_event_study_result_free(&r);
    pz_scenario_free(sc);
}

static void succession_violence_raises_homicides(void **state)
{
    (void)state;
    static const char *const strong[] = {"succession_violence=5", NULL};
    pz_scenario *sc = scenario(strong);
    pz_error err;
    pz_event_study_result r;
    pz_event_study_options o = {.n = 20, .threads = 2};
    assert_int_equal(pz_event_study_run(sc, &o, &r, &err), PZ_OK);
    const pz_event_study_row *x = find(&r, PZ_ES_TREATED, PZ_ES_ALL, 26);
    print_message("succession_violence=5, 26 weeks: %+.3f [%+.3f, %+.3f] "
                  "over %u replicates, %zu events\n",
                  x->mean, x->q025, x->q975, x->replicates, x->events);
    assert_true(x->replicates >= 15);
    assert_true(x->q025 > 0);
    assert_true(x->mean > 0.1);
    pz_event_study_result_free(&r);
    pz_scenario_free(sc);
}

/* Replicate 0's effect in the strongholds (all fates, W weeks) computed
 * the plain way, from weekly homicides and the events' sets, to check the
 * library's bookkeeping (cumulative sums, windows, controls). */
static double direct_treated_effect(const pz_scenario *sc, uint32_t W)
{
    pz_model *m = NULL;
    pz_error err;
    if (pz_model_create(sc, 0, &m, &err) != PZ_OK)
        fail_msg("%s", err.msg);
    const uint32_t steps = pz_model_steps(m);
    const size_t R = pz_model_region_count(m, PZ_LEVEL_REGIONS);
    enum { MAXEV = 2048 };
    double *h = calloc(((size_t)steps + 1) * R, sizeof *h);
    unsigned char *in = calloc((size_t)MAXEV * R, 1);
    uint32_t *et = calloc(MAXEV, sizeof *et);
    size_t *es = calloc(MAXEV, sizeof *es);
    size_t nev = 0;
    assert_non_null(h);
    assert_non_null(in);
    for (uint32_t t = 1; t <= steps; t++) {
        assert_int_equal(pz_model_step(m, NULL), PZ_OK);
        for (size_t i = 0; i < R; i++) {
            pz_region_stats st;
            pz_model_region(m, PZ_LEVEL_REGIONS, i, &st);
            h[(size_t)t * R + i] = st.homicides;
        }
        for (size_t k = 0; k < pz_model_event_count(m); k++) {
            const pz_event *e = pz_model_event(m, k);
            if ((e->kind != PZ_EVENT_CAPTURE && e->kind != PZ_EVENT_KILLING &&
                 e->kind != PZ_EVENT_EXTRADITION) ||
                e->region >= R)
                continue;
            assert_true(nev < MAXEV);
            unsigned char *x = in + nev * R;
            for (size_t i = 0; i < R; i++) {
                x[i] = i == e->region || pz_model_cell(m, i, e->group) >= 1;
                for (size_t f = 0;
                     e->outcome == PZ_OUTCOME_SPLIT && f < e->new_count; f++)
                    x[i] |= pz_model_cell(m, i, e->faction[f]) >= 1;
            }
            const size_t *nb;
            size_t nn = pz_model_region_neighbours(m, e->region, &nb);
            for (size_t j = 0; j < nn; j++)
                x[nb[j]] = 1;
            et[nev] = t;
            es[nev] = e->region;
            nev++;
        }
    }
    pz_model_destroy(m);
    double tpre = 0, tpost = 0, cpre = 0, cpost = 0;
    for (size_t k = 0; k < nev; k++) {
        long t = et[k];
        if (t - (long)W < 1 || t + (long)W - 1 > (long)steps)
            continue;
        for (long u = t - (long)W; u < t + (long)W; u++) {
            double *d = u < t ? &tpre : &tpost;
            *d += h[(size_t)u * R + es[k]];
        }
        for (size_t i = 0; i < R; i++) {
            int control = 1;
            for (size_t j = 0; j < nev; j++)
                if (labs((long)et[j] - t) <= (long)W && in[j * R + i])
                    control = 0;
            if (!control)
                continue;
            for (long u = t - (long)W; u < t + (long)W; u++) {
                double *d = u < t ? &cpre : &cpost;
                *d += h[(size_t)u * R + i];
            }
        }
    }
    free(h);
    free(in);
    free(et);
    free(es);
    return (tpost / tpre) / (cpost / cpre) - 1;
}

static void same_as_direct_computation(void **state)
{
    (void)state;
    pz_scenario *sc = scenario(NULL);
    pz_error err;
    pz_event_study_result r;
    pz_event_study_options o = {
        .n = 1, .threads = 1, .window = {26, 52, 5}, .nwindows = 3};
    assert_int_equal(pz_event_study_run(sc, &o, &r, &err), PZ_OK);
    assert_int_equal(r.nrows, 15);
    const uint32_t w[3] = {26, 52, 5};
    for (int k = 0; k < 3; k++) {
        double direct = direct_treated_effect(sc, w[k]);
        double lib = r.value[5 * k]; /* treated, all fates, window k */
        print_message("replicate 0, %u weeks: library %+.6f, direct %+.6f\n",
                      w[k], lib, direct);
        assert_true(isfinite(direct));
        assert_true(fabs(lib - direct) < 1e-9 * (1 + fabs(direct)));
    }
    pz_event_study_result_free(&r);
    pz_scenario_free(sc);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *b = calloc(1, 1 << 16);
    size_t n = fread(b, 1, (1 << 16) - 1, f);
    b[n] = '\0';
    fclose(f);
    return b;
}

static void csv_written(void **state)
{
    (void)state;
    char d[] = "/tmp/pz-es-XXXXXX";
    assert_non_null(mkdtemp(d));
    char out[128], path[192];
    snprintf(out, sizeof out, "%s/sub", d);
    pz_scenario *sc = scenario(NULL);
    pz_error err;
    pz_event_study_result r;
    pz_event_study_options o = {
        .n = 2, .threads = 1, .window = {13}, .nwindows = 1};
    assert_int_equal(pz_event_study_run(sc, &o, &r, &err), PZ_OK);
    assert_int_equal(r.nrows, 5);
    assert_int_equal(pz_event_study_write_csv(&r, out, &err), PZ_OK);
    snprintf(path, sizeof path, "%s/event_study.csv", out);
    char *text = slurp(path);
    assert_non_null(text);
    const char *head =
        "set,fate,window_weeks,events,replicates,mean,q025,q975\n";
    assert_memory_equal(text, head, strlen(head));
    assert_non_null(strstr(text, "\ntreated,all,13,"));
    assert_non_null(strstr(text, "\ntreated,killed,13,"));
    assert_non_null(strstr(text, "\ntreated,captured,13,"));
    assert_non_null(strstr(text, "\nother,all,13,"));
    assert_non_null(strstr(text, "\nneighbours,all,13,"));
    size_t lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 6);
    /* the table printed (plaza event-study --csv) is the file's, to the
     * byte */
    char *printed = NULL;
    size_t plen = 0;
    FILE *mf = open_memstream(&printed, &plen);
    assert_non_null(mf);
    assert_int_equal(pz_event_study_print_csv(&r, mf, &err), PZ_OK);
    assert_int_equal(fclose(mf), 0);
    assert_string_equal(printed, text);
    free(printed);
    free(text);
    pz_event_study_result_free(&r);
    pz_scenario_free(sc);
    remove(path);
    rmdir(out);
    rmdir(d);
}

static void bad_input_refused(void **state)
{
    (void)state;
    pz_error err;
    pz_event_study_result r;
    pz_event_study_options o = {.n = 2, .threads = 1};
    /* deterministic */
    static const char *const det[] = {"mode=deterministic", NULL};
    pz_scenario *sc = scenario(det);
    assert_int_equal(pz_event_study_run(sc, &o, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "deterministic"));
    assert_null(r.row);
    pz_scenario_free(sc);
    /* zero replicates, zero threads, a zero window */
    sc = scenario(NULL);
    pz_event_study_options z = {.n = 0, .threads = 1};
    assert_int_equal(pz_event_study_run(sc, &z, &r, &err), PZ_ERR_INPUT);
    z = (pz_event_study_options){.n = 1, .threads = 0};
    assert_int_equal(pz_event_study_run(sc, &z, &r, &err), PZ_ERR_INPUT);
    z = (pz_event_study_options){
        .n = 1, .threads = 1, .window = {26, 0}, .nwindows = 2};
    assert_int_equal(pz_event_study_run(sc, &z, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "window 2"));
    pz_scenario_free(sc);
    /* no regions, no removals: a scenario of its own */
    static const char text[] = "name: tiny\n"
                               "parameters:\n"
                               "  steps: 10\n"
                               "  mode: stochastic\n"
                               "groups:\n"
                               "  list:\n"
                               "    - {name: A, members: 100}\n"
                               "    - {name: B, members: 100}\n";
    if (pz_scenario_load_text(text, sizeof text - 1, "tiny.yaml", NULL, &sc,
                              &err) != PZ_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(pz_event_study_run(sc, &o, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "removes no leaders"));
    assert_int_equal(pz_scenario_set(sc, "kingpin_rate=5", &err), PZ_OK);
    assert_int_equal(pz_event_study_run(sc, &o, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "no regions"));
    pz_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads_do_not_matter),
        cmocka_unit_test(same_as_direct_computation),
        cmocka_unit_test(no_effect_without_succession_violence),
        cmocka_unit_test(succession_violence_raises_homicides),
        cmocka_unit_test(csv_written),
        cmocka_unit_test(bad_input_refused),
    };
    return cmocka_run_group_tests_name("event_study", tests, NULL, NULL);
}
