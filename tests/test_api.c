/*
 * test_api.c - the embedder's contract of the public API: every fallible
 * function returns a pz_status and, where it has one, a message in a
 * pz_error, which may be NULL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plaza/model.h"
#include "plaza/params.h"
#include "plaza/plaza.h"
#include "plaza/rng.h"
#include "plaza/scenario.h"

static void statuses_have_texts(void **state)
{
    (void)state;
    assert_int_equal(PZ_OK, 0);
    assert_string_equal(pz_strerror(PZ_OK), "success");
    assert_string_equal(pz_strerror(PZ_ERR_INPUT), "bad input");
    assert_string_equal(pz_strerror(PZ_ERR_NOMEM), "out of memory");
    assert_string_equal(pz_strerror(PZ_ERR_IO), "input/output error");
    assert_string_equal(pz_strerror(PZ_ERR_INTERNAL), "internal error");
    assert_string_equal(pz_version(), PZ_VERSION);
}

static void date_parse_reports_status_and_message(void **state)
{
    (void)state;
    pz_error err;
    long day = -7;
    assert_int_equal(pz_date_parse("1970-01-02", &day, &err), PZ_OK);
    assert_int_equal(day, 1);
    assert_int_equal(pz_date_parse("2023-02-29", &day, &err), PZ_ERR_INPUT);
    assert_int_equal(err.status, PZ_ERR_INPUT);
    assert_string_equal(
        err.msg,
        "must be a date YYYY-MM-DD, got '2023-02-29' (years 0001 to 9999)");
    assert_int_equal(day, 1); /* untouched on failure */
    assert_int_equal(pz_date_parse("2024-02-29", &day, NULL), PZ_OK);
    assert_int_equal(pz_date_parse("2024-2-29", &day, NULL), PZ_ERR_INPUT);
    assert_int_equal(pz_date_parse("", &day, NULL), PZ_ERR_INPUT);
    /* found by fuzz_date: signs and spaces where digits go were read by
     * sscanf as numbers */
    assert_int_equal(pz_date_parse("2012-+1-05", &day, NULL), PZ_ERR_INPUT);
    assert_int_equal(pz_date_parse(" 201-01-01", &day, NULL), PZ_ERR_INPUT);
    assert_int_equal(pz_date_parse("-001-01-01", &day, NULL), PZ_ERR_INPUT);
    assert_int_equal(pz_date_parse("2012-01- 5", &day, NULL), PZ_ERR_INPUT);
    assert_int_equal(pz_date_parse("0001-01-01", &day, NULL), PZ_OK);
}

/* Dates have years 0001 to 9999: no year 0, no sign, no blanks. */
static void date_parse_refuses_year_zero_and_signs(void **state)
{
    (void)state;
    long day = 0;
    assert_int_equal(pz_date_parse("0001-01-01", &day, NULL), PZ_OK);
    assert_int_equal(pz_date_parse("9999-12-31", &day, NULL), PZ_OK);
    assert_int_equal(pz_date_parse("0000-01-01", &day, NULL), PZ_ERR_INPUT);
    assert_int_equal(pz_date_parse("-001-01-01", &day, NULL), PZ_ERR_INPUT);
    assert_int_equal(pz_date_parse("+201-01-01", &day, NULL), PZ_ERR_INPUT);
    assert_int_equal(pz_date_parse(" 201-01-01", &day, NULL), PZ_ERR_INPUT);
    assert_int_equal(pz_date_parse("2012-+1-01", &day, NULL), PZ_ERR_INPUT);
}

/* The one number parser: plain decimal, subnormals accepted, hex floats,
 * inf, nan, blanks and overflow refused. */
static void parse_real_is_strict_decimal(void **state)
{
    (void)state;
    pz_error err;
    double v = -1;
    assert_int_equal(pz_parse_real("1e-320", &v, &err), PZ_OK);
    assert_true(v > 0 && v < 1e-300);
    const char *good[] = {"0", "-1.5", "+2", ".5", "5.", "2.5e-3", "1E+3"};
    const double want[] = {0, -1.5, 2, 0.5, 5, 2.5e-3, 1e3};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        assert_int_equal(pz_parse_real(good[i], &v, NULL), PZ_OK);
        assert_true(v == want[i]);
    }
    const char *bad[] = {
        "0x1p-3", "0x10", "inf", "-infinity", "nan", "NAN(1)", " 1",  "1 ", "",
        ".",      "-",    "1e",  "1e+",       "e3",  "1e400",  "1,5", "--1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(pz_parse_real(bad[i], &v, NULL), PZ_ERR_INPUT);
    assert_int_equal(pz_parse_real("0x1p-3", &v, &err), PZ_ERR_INPUT);
    assert_string_equal(err.msg, "must be a decimal number, got '0x1p-3'");
    /* and through the parameter table, as --set and scenarios use it */
    assert_int_equal(pz_param_parse(PZ_P_RECRUITMENT_RATE, "1e-320", &v, &err),
                     PZ_OK);
    assert_true(v > 0);
    assert_int_equal(pz_param_parse(PZ_P_RECRUITMENT_RATE, "0x1p-3", &v, NULL),
                     PZ_ERR_INPUT);
}

static void parse_uint_takes_digits_only(void **state)
{
    (void)state;
    unsigned long long v = 7;
    assert_int_equal(pz_parse_uint("0", 10, &v, NULL), PZ_OK);
    assert_int_equal(v, 0);
    assert_int_equal(pz_parse_uint("4294967295", 4294967295ULL, &v, NULL),
                     PZ_OK);
    assert_true(v == 4294967295ULL);
    assert_int_equal(pz_parse_uint("4294967296", 4294967295ULL, &v, NULL),
                     PZ_ERR_INPUT);
    assert_int_equal(pz_parse_uint("18446744073709551616", ~0ULL, &v, NULL),
                     PZ_ERR_INPUT);
    const char *bad[] = {"-1", "+1", " 1", "1 ", "", "0x10", "1e3", "1.0"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(pz_parse_uint(bad[i], 100, &v, NULL), PZ_ERR_INPUT);
}

static void param_parse_reports_status_and_message(void **state)
{
    (void)state;
    pz_error err;
    double v = -1;
    assert_int_equal(pz_param_parse(PZ_P_RECRUITMENT_RATE, "0.25", &v, &err),
                     PZ_OK);
    assert_true(v == 0.25);
    assert_int_equal(pz_param_parse(PZ_P_RECRUITMENT_RATE, "1.7", &v, &err),
                     PZ_ERR_INPUT);
    assert_string_equal(err.msg, "must be in [0, 1], got '1.7'");
    assert_true(v == 0.25);
    assert_int_equal(pz_param_parse(PZ_P_MODE, "random", &v, &err),
                     PZ_ERR_INPUT);
    assert_string_equal(err.msg, "must be one of stochastic, deterministic; "
                                 "got 'random'");
    assert_int_equal(pz_param_parse(PZ_P_STEPS, "2.5", &v, NULL), PZ_ERR_INPUT);
    assert_int_equal(pz_param_parse(PZ_P_START, "2012-13-01", &v, &err),
                     PZ_ERR_INPUT);
    assert_string_equal(
        err.msg,
        "must be a date YYYY-MM-DD, got '2012-13-01' (years 0001 to 9999)");
    assert_int_equal(pz_param_parse(PZ_P_COUNT, "1", &v, &err), PZ_ERR_INPUT);
    char want[64];
    snprintf(want, sizeof want, "no parameter has id %d", (int)PZ_P_COUNT);
    assert_string_equal(err.msg, want);
}

static void rng_init_returns_ok(void **state)
{
    (void)state;
    pz_rng rng;
    assert_int_equal(pz_rng_init(&rng, 42, 0), PZ_OK);
    assert_non_null(rng.gsl);
    pz_rng_release(&rng);
    assert_null(rng.gsl);
}

/* A group that grows past 1e9 members stops the step with PZ_ERR_INPUT
 * and says so in err; a NULL err gets the status alone. */
static void model_step_reports_through_err(void **state)
{
    (void)state;
    static const char text[] =
        "plaza: 1\n"
        "parameters: {steps: 200, mode: deterministic, recruitment_rate: 1,\n"
        "             incapacitation: 0, saturation: 0, conflict_rate: 0,\n"
        "             initial_distribution: listed}\n"
        "groups:\n"
        "  list:\n"
        "    - {name: Boom, members: 1000}\n";
    pz_error err;
    pz_scenario *sc = NULL;
    assert_int_equal(pz_scenario_load_text(text, sizeof text - 1, "boom.yaml",
                                           NULL, &sc, &err),
                     PZ_OK);
    for (int with_err = 0; with_err < 2; with_err++) {
        pz_model *m = NULL;
        assert_int_equal(pz_model_create(sc, 0, &m, &err), PZ_OK);
        memset(&err, 0, sizeof err);
        pz_status st = PZ_OK;
        while (st == PZ_OK && pz_model_time(m) < pz_model_steps(m))
            st = pz_model_step(m, with_err ? &err : NULL);
        assert_int_equal(st, PZ_ERR_INPUT);
        assert_true(pz_model_time(m) < pz_model_steps(m));
        if (with_err) {
            assert_int_equal(err.status, PZ_ERR_INPUT);
            assert_non_null(strstr(err.msg, "group 'Boom' has grown past"));
        } else {
            assert_string_equal(err.msg, "");
        }
        pz_model_destroy(m);
    }
    pz_scenario_free(sc);
}

/* The data directory without --data: PLAZA_DATA when set and not empty,
 * else (this test runs from the build tree, with no share/ beside it) the
 * source tree's data/, which holds the pc2023 files. */
static void data_dir_default_order(void **state)
{
    (void)state;
    setenv("PLAZA_DATA", "/some/where", 1);
    assert_string_equal(pz_data_dir_default(), "/some/where");
    setenv("PLAZA_DATA", "", 1);
    const char *d = pz_data_dir_default();
    assert_non_null(d);
    assert_string_equal(d, PLAZA_SOURCE_DIR "/data");
    unsetenv("PLAZA_DATA");
    assert_string_equal(pz_data_dir_default(), PLAZA_SOURCE_DIR "/data");
    pz_scenario *sc = NULL;
    pz_error err;
    assert_int_equal(pz_scenario_load_file(PLAZA_SOURCE_DIR
                                           "/scenarios/pc2023.yaml",
                                           pz_data_dir_default(), &sc, &err),
                     PZ_OK);
    assert_int_equal(pz_scenario_group_count(sc), 150);
    pz_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(statuses_have_texts),
        cmocka_unit_test(date_parse_reports_status_and_message),
        cmocka_unit_test(param_parse_reports_status_and_message),
        cmocka_unit_test(date_parse_refuses_year_zero_and_signs),
        cmocka_unit_test(parse_real_is_strict_decimal),
        cmocka_unit_test(parse_uint_takes_digits_only),
        cmocka_unit_test(rng_init_returns_ok),
        cmocka_unit_test(model_step_reports_through_err),
        cmocka_unit_test(data_dir_default_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
