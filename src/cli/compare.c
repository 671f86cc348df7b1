/*
 * compare.c - `plaza compare`: two policies of a scenario run over the same
 * replicates (common random numbers: replicate r of either policy draws
 * the same random numbers wherever their states agree), with the paired
 * difference of each outcome, its mean and a 95% confidence interval
 * (Student's t over the replicates).  The same comparison with independent
 * seeds (policy B's replicates shifted by N) is printed beside it, so the
 * gain of common random numbers is visible.
 *
 * Outcomes: members at the end, and deaths, arrests and homicides summed
 * over the policy period (from the earlier policy's first change to the
 * end).  The runs are made by pz_compare_run (plaza/compare.h), which also
 * records them in SQLite with --db.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cli/cli.h"
#include "plaza/compare.h"
#include "plaza/model.h"

enum { NOUT = PZ_COMPARE_NOUT };
static const char *const out_names[NOUT] = {
    "members at the end", "member deaths", "arrests", "homicides"};

static void interval(const double *d, unsigned n, double *mean, double *half)
{
    double s = 0, ss = 0;
    for (unsigned i = 0; i < n; i++)
        s += d[i];
    *mean = s / n;
    for (unsigned i = 0; i < n; i++)
        ss += (d[i] - *mean) * (d[i] - *mean);
    double sd = n > 1 ? sqrt(ss / (n - 1)) : 0;
    *half =
        n > 1 ? gsl_cdf_tdist_Pinv(0.975, n - 1) * sd / sqrt((double)n) : NAN;
}

int cmd_compare(const cli_opts *o)
{
    int code;
    pz_error err;
    if (o->ncompare != 2) {
        fprintf(stderr, "plaza compare: give two policies: --policy A "
                        "--policy B\n");
        return EXIT_INPUT;
    }
    pz_scenario *a = cli_load("compare", o, &code);
    if (!a)
        return code;
    pz_scenario *b = cli_load("compare", o, &code);
    if (!b) {
        pz_scenario_free(a);
        return code;
    }
    pz_status st = pz_scenario_use_policy(a, o->compare[0], &err);
    if (st == PZ_OK)
        st = pz_scenario_use_policy(b, o->compare[1], &err);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza compare: %s\n", err.msg);
        pz_scenario_free(a);
        pz_scenario_free(b);
        return cli_exit_code(st);
    }
    long from = pz_compare_period_start(a, b);
    unsigned n = o->have_n ? o->replicates : 100;
    int stochastic = pz_scenario_param(a, PZ_P_MODE) == PZ_MODE_STOCHASTIC;
    if (!stochastic)
        n = 1;
    else if (n < 2) {
        fprintf(stderr,
                "plaza compare: -n: at least 2 replicates for an "
                "interval, got %u\n",
                n);
        pz_scenario_free(a);
        pz_scenario_free(b);
        return EXIT_INPUT;
    }
    double *y = malloc((size_t)n * 3 * NOUT * sizeof *y);
    double *crn = malloc((size_t)n * NOUT * sizeof *crn);
    double *ind = malloc((size_t)n * NOUT * sizeof *ind);
    double *col = malloc((size_t)n * sizeof *col);
    st = y && crn && ind && col ? PZ_OK : PZ_ERR_NOMEM;
    pz_compare_options opt = {
        .first = o->replicate, .n = n, .db = o->db, .command = o->command};
    if (st == PZ_OK)
        st = pz_compare_run(a, b, &opt, y, &err);
    for (unsigned r = 0; st == PZ_OK && r < n; r++) {
        const double *ya = &y[(size_t)r * 3 * NOUT], *yb = ya + NOUT,
                     *yi = ya + 2 * NOUT;
        for (size_t k = 0; k < NOUT; k++) {
            crn[(size_t)r * NOUT + k] = yb[k] - ya[k];
            ind[(size_t)r * NOUT + k] = stochastic ? yi[k] - ya[k] : 0;
        }
    }
    if (st != PZ_OK) {
        fprintf(stderr, "plaza compare: %s\n",
                st == PZ_ERR_NOMEM ? "out of memory" : err.msg);
    } else {
        char d0[16];
        pz_date_format((long)pz_scenario_param(a, PZ_P_START) + 7 * from, d0,
                       sizeof d0);
        printf("%s: %s minus %s, from %s (step %ld) to the end%s\n\n",
               pz_scenario_name(a), o->compare[1], o->compare[0], d0, from,
               stochastic ? "" : " (deterministic)");
        if (stochastic)
            printf("%u replicates; mean difference and 95%% interval, with "
                   "common random numbers\n(same replicates) and with "
                   "independent seeds\n\n",
                   n);
        printf("%-20s %26s %26s\n", "outcome",
               stochastic ? "common random numbers" : "difference",
               stochastic ? "independent seeds" : "");
        for (size_t k = 0; k < NOUT; k++) {
            double m1, h1, m2, h2;
            for (unsigned r = 0; r < n; r++)
                col[r] = crn[(size_t)r * NOUT + k];
            interval(col, n, &m1, &h1);
            for (unsigned r = 0; r < n; r++)
                col[r] = ind[(size_t)r * NOUT + k];
            interval(col, n, &m2, &h2);
            if (stochastic)
                printf("%-20s %14.1f +- %9.1f %14.1f +- %9.1f\n", out_names[k],
                       m1, h1, m2, h2);
            else
                printf("%-20s %26.1f\n", out_names[k], m1);
        }
    }
    free(y);
    free(crn);
    free(ind);
    free(col);
    pz_scenario_free(a);
    pz_scenario_free(b);
    return cli_exit_code(st);
}
