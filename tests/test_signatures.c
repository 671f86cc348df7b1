/*
 * test_signatures.c - the signatures of the two hypotheses about
 * corruption: the same result for 1 and 2 threads; a scenario against
 * itself differs by exactly 0 in every signature (common random numbers);
 * one run's statistics recomputed here from the public accessors; on
 * short versions of scenarios/alliance.yaml and scenarios/opportunistic.yaml
 * the municipal share of captured offices is higher under opportunistic
 * corruption and the payroll of one group larger under the alliance, with
 * intervals that exclude 0; the CSV; bad input refused.
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

#include "plaza/model.h"
#include "plaza/params.h"
#include "plaza/scenario.h"
#include "plaza/signatures.h"

/* scenarios/NAME.yaml trimmed to 300 weeks from 2006 (to 2011-09-25). */
static pz_scenario *scenario(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/%s.yaml", PLAZA_SOURCE_DIR, name);
    pz_scenario *sc = NULL;
    pz_error err;
    if (pz_scenario_load_file(path, getenv("PLAZA_DATA"), &sc, &err) != PZ_OK ||
        pz_scenario_set(sc, "steps=300", &err) != PZ_OK)
        fail_msg("%s: %s", name, err.msg);
    return sc;
}

/* The window of the short runs. */
static pz_signatures_options options(uint32_t n, unsigned threads)
{
    return (pz_signatures_options){
        .n = n, .threads = threads, .from_year = 2008, .to_year = 2011};
}

static void print_row(const pz_signatures_row *x)
{
    print_message("%-30s A %.4f [%.4f, %.4f]  B %.4f [%.4f, %.4f]  "
                  "A-B %+.4f [%+.4f, %+.4f] (%u)%s\n",
                  pz_signature_name(x->sig), x->a.mean, x->a.q025, x->a.q975,
                  x->b.mean, x->b.q025, x->b.q975, x->diff.mean, x->diff.q025,
                  x->diff.q975, x->diff.replicates,
                  x->separates ? " separates" : "");
}

static void threads_do_not_matter(void **state)
{
    (void)state;
    pz_scenario *a = scenario("alliance"), *b = scenario("opportunistic");
    pz_error err;
    pz_signatures_result r1, r2;
    pz_signatures_options o1 = options(3, 1), o2 = options(3, 2);
    assert_int_equal(pz_signatures_run(a, b, &o1, &r1, &err), PZ_OK);
    assert_int_equal(pz_signatures_run(a, b, &o2, &r2, &err), PZ_OK);
    assert_int_equal(r1.n, 3);
    assert_int_equal(r1.from_year, 2008);
    assert_int_equal(r1.to_year, 2011);
    assert_int_equal(r1.weeks, 26);
    assert_memory_equal(r1.row, r2.row, sizeof r1.row);
    assert_memory_equal(r1.value, r2.value,
                        2 * 3 * PZ_SIG_COUNT * sizeof *r1.value);
    assert_memory_equal(r1.removals, r2.removals, sizeof r1.removals);
    /* the municipal election of 2009 is the one election day in the
     * window (2008 to September 2011) */
    assert_int_equal(r1.elections[0], 3);
    assert_int_equal(r1.elections[1], 3);
    /* kingpin_rate 6: removals in every replicate */
    assert_true(r1.removals[0] > 3 && r1.removals[1] > 3);
    for (size_t k = 0; k < PZ_SIG_COUNT; k++) {
        const pz_signatures_row *x = &r1.row[k];
        assert_int_equal(x->sig, k);
        if (x->a.replicates)
            assert_true(x->a.q025 <= x->a.mean && x->a.mean <= x->a.q975);
        if (x->diff.replicates)
            assert_true(x->diff.q025 <= x->diff.q975);
    }
    pz_signatures_result_free(&r1);
    pz_signatures_result_free(&r2);
    pz_scenario_free(a);
    pz_scenario_free(b);
}

/* A scenario against itself: every paired difference is exactly 0, and
 * the signatures are all defined. */
static void itself_differs_by_zero(void **state)
{
    (void)state;
    pz_scenario *a = scenario("opportunistic"), *b = scenario("opportunistic");
    pz_error err;
    pz_signatures_result r;
    pz_signatures_options o = options(3, 2);
    assert_int_equal(pz_signatures_run(a, b, &o, &r, &err), PZ_OK);
    for (size_t k = 0; k < PZ_SIG_COUNT; k++) {
        const pz_signatures_row *x = &r.row[k];
        print_row(x);
        assert_true(x->a.replicates > 0);
        assert_int_equal(x->diff.replicates, x->a.replicates);
        assert_true(x->diff.mean == 0 && x->diff.q025 == 0 &&
                    x->diff.q975 == 0);
        assert_false(x->separates);
        assert_memory_equal(&x->a, &x->b, sizeof x->a);
    }
    assert_memory_equal(r.value, r.value + 3 * PZ_SIG_COUNT,
                        3 * PZ_SIG_COUNT * sizeof *r.value);
    /* replicates differ from one another */
    assert_true(r.value[PZ_SIG_PAYROLL_TOP] !=
                    r.value[PZ_SIG_COUNT + PZ_SIG_PAYROLL_TOP] ||
                r.value[PZ_SIG_CAPTURED_MUNICIPAL] !=
                    r.value[PZ_SIG_COUNT + PZ_SIG_CAPTURED_MUNICIPAL]);
    pz_signatures_result_free(&r);
    pz_scenario_free(a);
    pz_scenario_free(b);
}

/* Statistics of replicate 0 recomputed from the public accessors: S1's
 * lowest over median rate, S2, S4 (the election of 2009-07-05) and S6
 * (from pz_model_payroll). */
typedef struct direct {
    double min_median, municipal, direct, election, top;
} direct;

static direct direct_statistics(const pz_scenario *sc)
{
    pz_model *m = NULL;
    pz_error err;
    if (pz_model_create(sc, 0, &m, &err) != PZ_OK)
        fail_msg("%s", err.msg);
    const uint32_t steps = pz_model_steps(m);
    const long d0 = pz_days_from_civil(2008, 1, 1),
               d1 = pz_days_from_civil(2011, 12, 31),
               de = pz_days_from_civil(2009, 7, 5);
    size_t G = pz_model_group_count(m);
    double *arr = calloc(G, sizeof *arr), *expo = calloc(G, sizeof *expo),
           *prev = calloc(G, sizeof *prev), *h = calloc(steps + 1, sizeof *h);
    assert_non_null(arr);
    assert_non_null(expo);
    assert_non_null(prev);
    assert_non_null(h);
    for (size_t g = 0; g < G; g++) {
        pz_flows f;
        pz_model_group(m, g, &f);
        prev[g] = f.members;
    }
    double cap[3] = {0}, dir = 0, top = 0, weeks = 0;
    uint32_t te = 0;
    for (uint32_t t = 1; t <= steps; t++) {
        assert_int_equal(pz_model_step(m, NULL), PZ_OK);
        assert_int_equal(pz_model_group_count(m), G); /* splits are off */
        h[t] = pz_model_homicides(m);
        long day = pz_model_date(m, t);
        if (!te && day >= de)
            te = t;
        int in = day >= d0 && day <= d1;
        for (size_t g = 0; g < G; g++) {
            pz_flows f;
            pz_model_group(m, g, &f);
            if (in) {
                arr[g] += f.arrests;
                expo[g] += prev[g];
            }
            prev[g] = f.members;
        }
        if (!in)
            continue;
        weeks++;
        size_t offices = 0;
        for (int L = 0; L < 3; L++) {
            pz_gov_stats gs;
            pz_model_government(m, (pz_gov_level)L, &gs);
            cap[L] += (double)(gs.indirect + gs.direct);
            dir += (double)gs.direct;
            offices += gs.offices;
        }
        size_t best = 0;
        for (size_t g = 0; g < G; g++) {
            size_t n = 0;
            for (int L = 0; L < 3; L++)
                n += pz_model_payroll(m, (pz_gov_level)L, g, NULL);
            if (n > best)
                best = n;
        }
        top += (double)best / (double)offices;
    }
    pz_model_destroy(m);
    /* S1: the ten groups with most member-weeks */
    size_t idx[10];
    double rate[10];
    for (int k = 0; k < 10; k++) {
        size_t b = 0;
        double bx = -1;
        for (size_t g = 0; g < G; g++) {
            int taken = 0;
            for (int j = 0; j < k; j++)
                taken |= idx[j] == g;
            if (!taken && expo[g] > bx) {
                bx = expo[g];
                b = g;
            }
        }
        idx[k] = b;
        rate[k] = arr[b] / expo[b];
    }
    double lo = rate[0];
    for (int k = 1; k < 10; k++)
        lo = rate[k] < lo ? rate[k] : lo;
    /* the median of ten: the mean of the 5th and 6th smallest */
    for (int i = 1; i < 10; i++)
        for (int j = i; j > 0 && rate[j] < rate[j - 1]; j--) {
            double t = rate[j];
            rate[j] = rate[j - 1];
            rate[j - 1] = t;
        }
    double pre = 0, post = 0;
    for (uint32_t t = te - 26; t < te; t++)
        pre += h[t];
    for (uint32_t t = te; t < te + 26; t++)
        post += h[t];
    double tot = cap[0] + cap[1] + cap[2];
    direct d = {lo / ((rate[4] + rate[5]) / 2), cap[0] / tot, dir / tot,
                post / pre, top / weeks};
    free(arr);
    free(expo);
    free(prev);
    free(h);
    return d;
}

static void close_to(double lib, double dir, const char *what)
{
    print_message("%-26s library %.9f, direct %.9f\n", what, lib, dir);
    assert_true(isfinite(dir));
    if (!(fabs(lib - dir) <= 1e-9 * (1 + fabs(dir))))
        fail_msg("%s: library %.12g, direct %.12g", what, lib, dir);
}

static void same_as_direct_computation(void **state)
{
    (void)state;
    pz_scenario *a = scenario("opportunistic"), *b = scenario("alliance");
    pz_error err;
    pz_signatures_result r;
    pz_signatures_options o = options(1, 1);
    assert_int_equal(pz_signatures_run(a, b, &o, &r, &err), PZ_OK);
    for (int x = 0; x < 2; x++) {
        direct d = direct_statistics(x ? b : a);
        const double *v = r.value + (size_t)x * PZ_SIG_COUNT;
        close_to(v[PZ_SIG_ARRESTS_MIN_MEDIAN], d.min_median, "min/median");
        close_to(v[PZ_SIG_CAPTURED_MUNICIPAL], d.municipal, "municipal");
        close_to(v[PZ_SIG_CAPTURED_DIRECT], d.direct, "direct");
        close_to(v[PZ_SIG_POST_ELECTION], d.election, "after/before 2009");
        close_to(v[PZ_SIG_PAYROLL_TOP], d.top, "top payroll");
    }
    pz_signatures_result_free(&r);
    pz_scenario_free(a);
    pz_scenario_free(b);
}

/* The two hypotheses on 300 weeks, 8 replicates: opportunistic corruption
 * is municipal, the alliance concentrates the payroll in one group. */
static void hypotheses_separate(void **state)
{
    (void)state;
    pz_scenario *a = scenario("alliance"), *b = scenario("opportunistic");
    pz_error err;
    pz_signatures_result r;
    pz_signatures_options o = options(8, 2);
    assert_int_equal(pz_signatures_run(a, b, &o, &r, &err), PZ_OK);
    for (size_t k = 0; k < PZ_SIG_COUNT; k++)
        print_row(&r.row[k]);
    const pz_signatures_row *mun = &r.row[PZ_SIG_CAPTURED_MUNICIPAL],
                            *top = &r.row[PZ_SIG_PAYROLL_TOP],
                            *dir = &r.row[PZ_SIG_CAPTURED_DIRECT];
    assert_int_equal(mun->diff.replicates, 8);
    assert_true(mun->diff.q975 < 0); /* A - B: opportunistic higher */
    assert_true(mun->separates);
    assert_true(mun->b.mean > 0.3 && mun->a.mean < 0.2);
    assert_int_equal(top->diff.replicates, 8);
    assert_true(top->diff.q025 > 0); /* the alliance's one group */
    assert_true(top->separates);
    /* the 32 federal and 4 state offices fixed for one group, of 96 */
    assert_true(top->a.q025 >= 36.0 / 96);
    assert_true(dir->diff.q025 > 0);
    pz_signatures_result_free(&r);
    pz_scenario_free(a);
    pz_scenario_free(b);
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
    char d[] = "/tmp/pz-sig-XXXXXX";
    assert_non_null(mkdtemp(d));
    char out[128], path[192];
    snprintf(out, sizeof out, "%s/sub", d);
    pz_scenario *a = scenario("alliance"), *b = scenario("opportunistic");
    pz_error err;
    pz_signatures_result r;
    pz_signatures_options o = options(2, 2);
    assert_int_equal(pz_signatures_run(a, b, &o, &r, &err), PZ_OK);
    assert_int_equal(
        pz_signatures_write_csv(&r, "alliance", "opp, \"local\"", out, &err),
        PZ_OK);
    snprintf(path, sizeof path, "%s/signatures.csv", out);
    char *text = slurp(path);
    assert_non_null(text);
    const char *head = "signature,scenario,mean,q025,q975\n";
    assert_memory_equal(text, head, strlen(head));
    size_t lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 1 + 3 * PZ_SIG_COUNT);
    char want[256];
    const pz_sig_summary *s = &r.row[PZ_SIG_PAYROLL_TOP].diff;
    snprintf(want, sizeof want,
             "\npayroll_top_share,difference,%.6f,%.6f,%.6f\n", s->mean,
             s->q025, s->q975);
    assert_non_null(strstr(text, want));
    assert_non_null(strstr(text, "\ncaptured_municipal_share,alliance,"));
    assert_non_null(
        strstr(text, "\ncaptured_municipal_share,\"opp, \"\"local\"\"\","));
    /* the table printed (plaza signatures --csv) is the file's, to the byte */
    char *printed = NULL;
    size_t plen = 0;
    FILE *mf = open_memstream(&printed, &plen);
    assert_non_null(mf);
    assert_int_equal(
        pz_signatures_print_csv(&r, "alliance", "opp, \"local\"", mf, &err),
        PZ_OK);
    assert_int_equal(fclose(mf), 0);
    assert_string_equal(printed, text);
    free(printed);
    free(text);
    /* nothing else in the directory: the temporary was renamed */
    char cmd[256];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 1", out);
    assert_int_equal(system(cmd), 0);
    pz_signatures_result_free(&r);
    pz_scenario_free(a);
    pz_scenario_free(b);
    remove(path);
    rmdir(out);
    rmdir(d);
}

static void bad_input_refused(void **state)
{
    (void)state;
    pz_error err;
    pz_signatures_result r;
    pz_scenario *a = scenario("alliance"), *b = scenario("opportunistic");
    pz_signatures_options o = options(0, 1);
    assert_int_equal(pz_signatures_run(a, b, &o, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "-n"));
    assert_null(r.value);
    o = options(1, 0);
    assert_int_equal(pz_signatures_run(a, b, &o, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "--threads"));
    o = options(1, 1);
    o.from_year = 2012;
    o.to_year = 2011;
    assert_int_equal(pz_signatures_run(a, b, &o, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "window 2012-2011"));
    o = options(1, 1);
    o.weeks = 1000;
    assert_int_equal(pz_signatures_run(a, b, &o, &r, &err), PZ_ERR_INPUT);
    /* a window after these runs' 300 weeks */
    o = options(1, 1);
    o.from_year = 2015;
    o.to_year = 2016;
    assert_int_equal(pz_signatures_run(a, b, &o, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "no week"));
    assert_null(r.value);
    /* deterministic B */
    o = options(1, 1);
    assert_int_equal(pz_scenario_set(b, "mode=deterministic", &err), PZ_OK);
    assert_int_equal(pz_signatures_run(a, b, &o, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "deterministic"));
    assert_null(r.value);
    pz_scenario_free(b);
    /* no regions */
    static const char text[] = "name: tiny\n"
                               "parameters:\n"
                               "  steps: 10\n"
                               "  mode: stochastic\n"
                               "groups:\n"
                               "  list:\n"
                               "    - {name: A, members: 100}\n"
                               "    - {name: B, members: 100}\n";
    if (pz_scenario_load_text(text, sizeof text - 1, "tiny.yaml", NULL, &b,
                              &err) != PZ_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(pz_signatures_run(b, a, &o, &r, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "no regions"));
    assert_non_null(strstr(err.msg, "tiny.yaml"));
    pz_scenario_free(a);
    pz_scenario_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads_do_not_matter),
        cmocka_unit_test(itself_differs_by_zero),
        cmocka_unit_test(same_as_direct_computation),
        cmocka_unit_test(hypotheses_separate),
        cmocka_unit_test(csv_written),
        cmocka_unit_test(bad_input_refused),
    };
    return cmocka_run_group_tests_name("signatures", tests, NULL, NULL);
}
