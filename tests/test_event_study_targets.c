/*
 * test_event_study_targets.c - the literature's targets of the event study
 * and the verdicts of estimates against them (plaza/event_study.h), on
 * results made up here where each verdict is known.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "plaza/event_study.h"

static void targets(void **state)
{
    (void)state;
    const pz_es_target *t = pz_es_target_of(PZ_ES_TREATED, PZ_ES_ALL, 26);
    assert_int_equal(t->kind, PZ_ES_TARGET_VALUE);
    assert_true(t->value == 0.365);
    assert_non_null(strstr(t->text, "Calderon"));
    t = pz_es_target_of(PZ_ES_TREATED, PZ_ES_ALL, 52);
    assert_true(t->kind == PZ_ES_TARGET_VALUE && t->value == 0.80);
    assert_non_null(strstr(t->text, "12+ months"));
    t = pz_es_target_of(PZ_ES_TREATED, PZ_ES_KILLED, 26);
    assert_int_equal(t->kind, PZ_ES_TARGET_KILLED_ABOVE_CAPTURED);
    assert_ptr_equal(t, pz_es_target_of(PZ_ES_TREATED, PZ_ES_CAPTURED, 52));
    t = pz_es_target_of(PZ_ES_OTHER, PZ_ES_ALL, 52);
    assert_true(t->kind == PZ_ES_TARGET_VALUE && t->value == 0.30);
    t = pz_es_target_of(PZ_ES_NEIGHBOURS, PZ_ES_ALL, 26);
    assert_int_equal(t->kind, PZ_ES_TARGET_POSITIVE);
    assert_string_equal(pz_es_verdict_name(PZ_ES_COVERS), "covers");
    assert_string_equal(pz_es_verdict_name(PZ_ES_NO_ESTIMATE), "no estimate");
}

/* A row with its interval; replicates 0 means no estimate. */
static pz_event_study_row row(pz_es_set s, pz_es_fate f, unsigned w, double lo,
                              double hi, uint32_t reps)
{
    pz_event_study_row x = {.set = s,
                            .fate = f,
                            .window = w,
                            .replicates = reps,
                            .mean = (lo + hi) / 2,
                            .q025 = lo,
                            .q975 = hi};
    if (!reps)
        x.mean = x.q025 = x.q975 = NAN;
    return x;
}

static void verdicts(void **state)
{
    (void)state;
    enum { N = 5, ROWS = 9 };
    pz_event_study_row rows[ROWS] = {
        row(PZ_ES_TREATED, PZ_ES_ALL, 26, 0.20, 0.44, N),    /* covers */
        row(PZ_ES_TREATED, PZ_ES_KILLED, 26, 0.2, 0.6, N),   /* by pairs */
        row(PZ_ES_TREATED, PZ_ES_CAPTURED, 26, 0.1, 0.4, N), /* by pairs */
        row(PZ_ES_OTHER, PZ_ES_ALL, 26, 0.03, 0.14, N),      /* below */
        row(PZ_ES_NEIGHBOURS, PZ_ES_ALL, 26, 0.01, 0.1, N),  /* agrees */
        row(PZ_ES_TREATED, PZ_ES_ALL, 52, 0.9, 1.2, N),      /* above */
        row(PZ_ES_TREATED, PZ_ES_KILLED, 52, 0.1, 0.3, N),   /* by pairs */
        row(PZ_ES_TREATED, PZ_ES_CAPTURED, 52, 0.1, 0.3, N), /* by pairs */
        row(PZ_ES_NEIGHBOURS, PZ_ES_ALL, 52, 0, 0, 0),       /* none */
    };
    double value[N * ROWS];
    for (size_t i = 0; i < N * ROWS; i++)
        value[i] = NAN;
    for (size_t r = 0; r < N; r++) {
        double *v = &value[r * ROWS];
        /* 26 weeks: killings above captures in every replicate */
        v[1] = 0.3 + 0.05 * (double)r;
        v[2] = 0.1 + 0.05 * (double)r;
        /* 52 weeks: above in some, below in others */
        v[6] = 0.2 + (r % 2 ? 0.05 : -0.05);
        v[7] = 0.2;
    }
    /* a replicate without the captured estimate is left out of the pairs */
    value[4 * ROWS + 2] = NAN;
    pz_event_study_result res = {
        .n = N, .nrows = ROWS, .row = rows, .value = value};
    pz_es_verdict v[ROWS];
    pz_error err;
    assert_int_equal(pz_event_study_verdicts(&res, v, &err), PZ_OK);
    assert_int_equal(v[0], PZ_ES_COVERS);
    assert_int_equal(v[1], PZ_ES_AGREES);
    assert_int_equal(v[2], PZ_ES_AGREES);
    assert_int_equal(v[3], PZ_ES_BELOW);
    assert_int_equal(v[4], PZ_ES_AGREES);
    assert_int_equal(v[5], PZ_ES_ABOVE);
    assert_int_equal(v[6], PZ_ES_UNDECIDED);
    assert_int_equal(v[7], PZ_ES_UNDECIDED);
    assert_int_equal(v[8], PZ_ES_NO_ESTIMATE);

    /* killings below captures in every replicate */
    for (size_t r = 0; r < N; r++)
        value[r * ROWS + 1] = -0.5;
    /* neighbours below 0; the other regions straddling +30% */
    rows[4] = row(PZ_ES_NEIGHBOURS, PZ_ES_ALL, 26, -0.2, -0.01, N);
    rows[3] = row(PZ_ES_OTHER, PZ_ES_ALL, 26, 0.29, 0.31, N);
    assert_int_equal(pz_event_study_verdicts(&res, v, &err), PZ_OK);
    assert_int_equal(v[1], PZ_ES_DISAGREES);
    assert_int_equal(v[2], PZ_ES_DISAGREES);
    assert_int_equal(v[3], PZ_ES_COVERS);
    assert_int_equal(v[4], PZ_ES_DISAGREES);

    /* a result without the captured rows cannot judge the killed ones */
    res.nrows = 2;
    pz_event_study_row two[2] = {rows[0], rows[1]};
    res.row = two;
    double value2[N * 2];
    for (size_t r = 0; r < N; r++) {
        value2[r * 2] = 0.3;
        value2[r * 2 + 1] = 0.4;
    }
    res.value = value2;
    assert_int_equal(pz_event_study_verdicts(&res, v, &err), PZ_OK);
    assert_int_equal(v[0], PZ_ES_COVERS);
    assert_int_equal(v[1], PZ_ES_NO_ESTIMATE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(targets),
        cmocka_unit_test(verdicts),
    };
    return cmocka_run_group_tests_name("event_study_targets", tests, NULL,
                                       NULL);
}
