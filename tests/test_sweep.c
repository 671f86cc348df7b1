/*
 * test_sweep.c - sweeps: design points, recorded outcomes equal to runs
 * made directly, identical databases for 1 and 2 threads, bad input
 * refused before any database is created.
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

#include "plaza/model.h"
#include "plaza/scenario.h"
#include "plaza/sweep.h"

static pz_scenario *pc2023(const char *mode)
{
    pz_scenario *sc = NULL;
    pz_error err;
    if (pz_scenario_load_file(PLAZA_SOURCE_DIR "/scenarios/pc2023.yaml",
                              getenv("PLAZA_DATA"), &sc, &err) != PZ_OK ||
        pz_scenario_set(sc, mode, &err) != PZ_OK ||
        pz_scenario_set(sc, "steps=104", &err) != PZ_OK)
        fail_msg("%s", err.msg);
    return sc;
}

/* All rows of a query as one string. */
static char *dump(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *s;
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(cap, 1);
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(s); c++) {
            const char *t = (const char *)sqlite3_column_text(s, c);
            size_t need = len + strlen(t ? t : "") + 2;
            if (need > cap) {
                cap = 2 * need;
                out = realloc(out, cap);
            }
            len += (size_t)sprintf(out + len, "%s|", t ? t : "");
        }
        out[len++] = '\n';
        out[len] = '\0';
    }
    sqlite3_finalize(s);
    sqlite3_close(h);
    return out;
}

static void grid_points_and_outcomes(void **state)
{
    (void)state;
    char db[] = "/tmp/pz-sweep-XXXXXX";
    int fd = mkstemp(db);
    assert_true(fd >= 0);
    close(fd);
    pz_scenario *sc = pc2023("mode=deterministic");
    pz_sweep_param p[2] = {{"recruitment_rate", 0.001, 0.003},
                           {"incapacitation", 100, 300}};
    pz_sweep_options o = {db, PZ_DESIGN_GRID, 3, 1, 2, NULL, NULL, NULL};
    pz_error err;
    assert_int_equal(pz_sweep_run(sc, p, 2, &o, &err), PZ_OK);
    char *runs = dump(db, "SELECT count(*) FROM runs");
    assert_string_equal(runs, "9|\n");
    char *levels = dump(db, "SELECT DISTINCT value FROM parameters WHERE "
                            "name='recruitment_rate' ORDER BY value");
    assert_string_equal(levels, "0.001|\n0.002|\n0.003|\n");
    /* the point (0.003, 300) run directly */
    pz_error e2;
    assert_int_equal(pz_scenario_set(sc, "recruitment_rate=0.003", &e2), PZ_OK);
    assert_int_equal(pz_scenario_set(sc, "incapacitation=300", &e2), PZ_OK);
    pz_model *m = NULL;
    assert_int_equal(pz_model_create(sc, 0, &m, &e2), PZ_OK);
    while (pz_model_time(m) < pz_model_steps(m))
        assert_int_equal(pz_model_step(m, NULL), PZ_OK);
    pz_flows t;
    pz_model_totals(m, &t, NULL);
    pz_model_destroy(m);
    char *v = dump(db, "SELECT o.value FROM outcomes o JOIN parameters a ON "
                       "a.run_id=o.run_id AND a.name='recruitment_rate' AND "
                       "a.value=0.003 JOIN parameters b ON b.run_id=o.run_id "
                       "AND b.name='incapacitation' AND b.value=300 WHERE "
                       "o.name='members_end'");
    assert_true(fabs(atof(v) - t.members) < 1e-6 * t.members);
    free(runs);
    free(levels);
    free(v);
    pz_scenario_free(sc);
    unlink(db);
}

static void lhs_strata_and_threads(void **state)
{
    (void)state;
    char db1[] = "/tmp/pz-sweep-XXXXXX", db2[] = "/tmp/pz-sweep-XXXXXX";
    close(mkstemp(db1));
    close(mkstemp(db2));
    pz_scenario *sc = pc2023("mode=stochastic");
    pz_sweep_param p[1] = {{"recruitment_rate", 0.001, 0.003}};
    pz_sweep_options o1 = {db1, PZ_DESIGN_LHS, 8, 2, 1, NULL, NULL, NULL};
    pz_sweep_options o2 = {db2, PZ_DESIGN_LHS, 8, 2, 2, NULL, NULL, NULL};
    pz_error err;
    assert_int_equal(pz_sweep_run(sc, p, 1, &o1, &err), PZ_OK);
    assert_int_equal(pz_sweep_run(sc, p, 1, &o2, &err), PZ_OK);
    const char *q = "SELECT r.point, r.replicate, p.value, o.name, o.value "
                    "FROM runs r JOIN parameters p USING(run_id) JOIN "
                    "outcomes o USING(run_id) ORDER BY r.run_id, o.name";
    char *a = dump(db1, q), *b = dump(db2, q);
    assert_string_equal(a, b);
    /* one point in each of the 8 strata */
    int seen[8] = {0};
    char *v = dump(db1, "SELECT DISTINCT value FROM parameters");
    for (char *line = strtok(v, "\n"); line; line = strtok(NULL, "\n")) {
        int k = (int)((atof(line) - 0.001) / 0.002 * 8);
        assert_true(k >= 0 && k < 8);
        seen[k]++;
    }
    for (int k = 0; k < 8; k++)
        assert_int_equal(seen[k], 1);
    free(a);
    free(b);
    free(v);
    pz_scenario_free(sc);
    unlink(db1);
    unlink(db2);
}

static void bad_input_leaves_no_database(void **state)
{
    (void)state;
    const char *db = "/tmp/pz-sweep-never.db";
    unlink(db);
    pz_scenario *sc = pc2023("mode=deterministic");
    pz_sweep_param p;
    pz_error err;
    char t1[] = "nosuch=0:1", t2[] = "recruitment_rate=0.3:0.1",
         t3[] = "recruitment_rate=0.1:7";
    assert_int_equal(pz_sweep_param_parse(t1, &p, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "unknown parameter 'nosuch'"));
    assert_int_equal(pz_sweep_param_parse(t2, &p, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "empty range"));
    assert_int_equal(pz_sweep_param_parse(t3, &p, &err), PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "outside the parameter's range"));
    pz_sweep_param ok = {"recruitment_rate", 0.001, 0.002};
    pz_sweep_options o = {db, PZ_DESIGN_GRID, 0, 1, 1, NULL, NULL, NULL};
    assert_int_equal(pz_sweep_run(sc, &ok, 1, &o, &err), PZ_ERR_INPUT);
    struct stat st;
    assert_int_not_equal(stat(db, &st), 0);
    pz_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grid_points_and_outcomes),
        cmocka_unit_test(lhs_strata_and_threads),
        cmocka_unit_test(bad_input_leaves_no_database),
    };
    return cmocka_run_group_tests_name("sweep", tests, NULL, NULL);
}
