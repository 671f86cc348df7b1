/*
 * run_default.c - the smallest embedding of libplaza: load the embedded
 * default scenario (Mexico, 2006-2026), create a model, run it to its end
 * and print one national series as CSV: the members of all groups at the
 * last step of each calendar year, and the homicides of the weeks ending
 * in that year.  The numbers are those of `plaza run` (replicate 0).
 *
 * Build against an installed plaza (cmake --install):
 *   cc run_default.c $(pkg-config --cflags --libs --static plaza)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include <plaza/date.h>
#include <plaza/model.h>
#include <plaza/plaza.h>
#include <plaza/scenario.h>

/* The calendar year of step t. */
static int year_of(const pz_model *m, uint32_t t)
{
    int y, mo, d;
    pz_civil_from_days(pz_model_date(m, t), &y, &mo, &d);
    return y;
}

int main(void)
{
    pz_error err;
    pz_scenario *sc = NULL;
    pz_model *m = NULL;
    if (pz_scenario_load_default(&sc, &err) != PZ_OK) {
        fprintf(stderr, "run_default: %s\n", err.msg);
        return EXIT_FAILURE;
    }
    pz_status st = pz_model_create(sc, 0, &m, &err);
    pz_scenario_free(sc); /* the model keeps no pointer into it */
    if (st != PZ_OK) {
        fprintf(stderr, "run_default: %s\n", err.msg);
        return EXIT_FAILURE;
    }
    printf("year,members,homicides\n");
    double homicides = 0; /* of the weeks so far in the year */
    while (pz_model_time(m) < pz_model_steps(m)) {
        if ((st = pz_model_step(m, &err)) != PZ_OK) {
            fprintf(stderr, "run_default: %s\n", err.msg);
            pz_model_destroy(m);
            return EXIT_FAILURE;
        }
        uint32_t t = pz_model_time(m);
        homicides += pz_model_homicides(m);
        if (t == pz_model_steps(m) || year_of(m, t + 1) != year_of(m, t)) {
            pz_flows total;
            pz_model_totals(m, &total, NULL);
            printf("%d,%.0f,%.0f\n", year_of(m, t), total.members, homicides);
            homicides = 0;
        }
    }
    pz_model_destroy(m);
    return EXIT_SUCCESS;
}
