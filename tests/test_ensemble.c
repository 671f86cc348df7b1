/*
 * test_ensemble.c - ensembles: the same summaries for 1 and 2 threads
 * (byte for byte), means equal to those of the replicates run one by one,
 * quantiles ordered and within the replicates' range, bad input refused
 * with nothing written.
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
#include <sqlite3.h>

#include "plaza/ensemble.h"
#include "plaza/model.h"
#include "plaza/scenario.h"

static pz_scenario *small(void)
{
    pz_scenario *sc = NULL;
    pz_error err;
    if (pz_scenario_load_default(&sc, &err) != PZ_OK ||
        pz_scenario_set(sc, "steps=120", &err) != PZ_OK ||
        pz_scenario_set(sc, "mode=stochastic", &err) != PZ_OK)
        fail_msg("%s", err.msg);
    return sc;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *b = malloc((size_t)n + 1);
    *len = fread(b, 1, (size_t)n, f);
    b[*len] = '\0';
    fclose(f);
    return b;
}

static void threads_do_not_matter(void **state)
{
    (void)state;
    char d1[] = "/tmp/pz-ens-XXXXXX", d2[] = "/tmp/pz-ens-XXXXXX";
    assert_non_null(mkdtemp(d1));
    assert_non_null(mkdtemp(d2));
    pz_scenario *sc = small();
    pz_error err;
    pz_ensemble_options o1 = {.out_dir = d1, .n = 9, .threads = 1},
                        o2 = {.out_dir = d2, .n = 9, .threads = 2};
    assert_int_equal(pz_ensemble_run(sc, &o1, &err), PZ_OK);
    assert_int_equal(pz_ensemble_run(sc, &o2, &err), PZ_OK);
    const char *tables[] = {"national_summary.csv", "regions_summary.csv"};
    for (int k = 0; k < 2; k++) {
        char p1[256], p2[256];
        size_t n1, n2;
        snprintf(p1, sizeof p1, "%s/%s", d1, tables[k]);
        snprintf(p2, sizeof p2, "%s/%s", d2, tables[k]);
        char *a = slurp(p1, &n1), *b = slurp(p2, &n2);
        assert_non_null(a);
        assert_non_null(b);
        assert_int_equal(n1, n2);
        assert_memory_equal(a, b, n1);
        free(a);
        free(b);
    }
    /* the mean of final members equals that of the replicates run here,
     * and the quantiles are ordered inside the replicates' range */
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    for (uint32_t r = 0; r < 9; r++) {
        pz_model *m = NULL;
        assert_int_equal(pz_model_create(sc, r, &m, &err), PZ_OK);
        while (pz_model_time(m) < pz_model_steps(m))
            assert_int_equal(pz_model_step(m, NULL), PZ_OK);
        pz_flows t;
        pz_model_totals(m, &t, NULL);
        sum += t.members;
        lo = fmin(lo, t.members);
        hi = fmax(hi, t.members);
        pz_model_destroy(m);
    }
    char path[256], line[512];
    snprintf(path, sizeof path, "%s/national_summary.csv", d1);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int found = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "120,", 4) != 0 || !strstr(line, ",members,"))
            continue;
        double v[6];
        char *p = strstr(line, ",members,") + 9;
        for (int k = 0; k < 6; k++) {
            v[k] = strtod(p, &p);
            if (*p == ',')
                p++;
        }
        assert_true(fabs(v[0] - sum / 9) < 1e-5);
        for (int k = 1; k < 5; k++)
            assert_true(v[k] <= v[k + 1] + 1e-9);
        assert_true(v[1] >= lo - 1e-9 && v[5] <= hi + 1e-9);
        found = 1;
    }
    fclose(f);
    assert_true(found);
    pz_scenario_free(sc);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", d1, d2);
    assert_int_equal(system(cmd), 0);
}

/* --db: one run per replicate, whose outcomes average to the summary's
 * mean. */
static void recorded_in_sqlite(void **state)
{
    (void)state;
    char d[] = "/tmp/pz-ens-XXXXXX";
    assert_non_null(mkdtemp(d));
    char out[300], db[300];
    snprintf(out, sizeof out, "%s/out", d);
    snprintf(db, sizeof db, "%s/runs.db", d);
    pz_scenario *sc = small();
    pz_error err;
    pz_ensemble_options o = {.out_dir = out, .n = 6, .threads = 2, .db = db};
    assert_int_equal(pz_ensemble_run(sc, &o, &err), PZ_OK);
    sqlite3 *h;
    sqlite3_stmt *s;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h,
                                        "SELECT count(*), avg(value) FROM "
                                        "outcomes WHERE name='members_end'",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 6);
    double avg = sqlite3_column_double(s, 1);
    sqlite3_finalize(s);
    sqlite3_close(h);
    char path[400], line[512];
    snprintf(path, sizeof path, "%s/national_summary.csv", out);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int found = 0;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "120,", 4) && strstr(line, ",members,")) {
            assert_true(fabs(atof(strstr(line, ",members,") + 9) - avg) < 1e-5);
            found = 1;
        }
    fclose(f);
    assert_true(found);
    pz_scenario_free(sc);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    assert_int_equal(system(cmd), 0);
}

/* Checks q05 <= q25 <= q50 <= q75 <= q95 (the last five fields) on every
 * row of a summary table; returns the rows checked. */
static size_t check_ordered(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[512];
    size_t rows = 0;
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f)) {
        double q[5];
        char *p = line + strlen(line);
        for (int k = 4; k >= 0; k--) { /* the fields after the last 5 commas */
            while (p > line && *--p != ',')
                ;
            q[k] = strtod(p + 1, NULL);
        }
        for (int k = 0; k < 4; k++)
            if (!(q[k] <= q[k + 1]))
                fail_msg("%s, row %zu: q%d above the next quantile: %s", path,
                         rows + 1, k, line);
        rows++;
    }
    fclose(f);
    return rows;
}

/* The five P-squared estimators are independent and used to cross (this
 * ensemble had q25 > q50 or the like on 3 national and 141 regional rows
 * before the estimates were sorted); now every row is ordered. */
static void quantiles_never_cross(void **state)
{
    (void)state;
    char d[] = "/tmp/pz-ens-XXXXXX";
    assert_non_null(mkdtemp(d));
    pz_scenario *sc = small();
    pz_error err;
    pz_ensemble_options o = {.out_dir = d, .n = 20, .threads = 2};
    assert_int_equal(pz_ensemble_run(sc, &o, &err), PZ_OK);
    char path[300];
    snprintf(path, sizeof path, "%s/national_summary.csv", d);
    assert_int_equal(check_ordered(path), 121 * 7);
    snprintf(path, sizeof path, "%s/regions_summary.csv", d);
    assert_int_equal(check_ordered(path), 121 * 32 * 3);
    pz_scenario_free(sc);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    assert_int_equal(system(cmd), 0);
}

static void zero_replicates_refused(void **state)
{
    (void)state;
    char d[] = "/tmp/pz-ens-XXXXXX";
    assert_non_null(mkdtemp(d));
    char out[300];
    snprintf(out, sizeof out, "%s/out", d);
    pz_scenario *sc = small();
    pz_error err;
    pz_ensemble_options o = {.out_dir = out, .n = 0, .threads = 1};
    assert_int_equal(pz_ensemble_run(sc, &o, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "-n"));
    struct stat st;
    assert_int_not_equal(stat(out, &st), 0); /* nothing created */
    pz_scenario_free(sc);
    rmdir(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads_do_not_matter),
        cmocka_unit_test(recorded_in_sqlite),
        cmocka_unit_test(quantiles_never_cross),
        cmocka_unit_test(zero_replicates_refused),
    };
    return cmocka_run_group_tests_name("ensemble", tests, NULL, NULL);
}
