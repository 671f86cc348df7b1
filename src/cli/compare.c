/*
 * compare.c - `plaza compare`: two policies of a scenario over the same
 * replicates (plaza/compare.h), printed as each outcome's mean difference,
 * B minus A, with its 95% interval, with common random numbers and beside
 * it with independent seeds, so the gain of common random numbers is
 * visible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "plaza/compare.h"
#include "plaza/date.h"
#include "plaza/model.h"

typedef struct compare_opts {
    cli_scenario sc;
    cli_list policy;
    cli_uint n;
    cli_uint replicate;
    const char *db;
} compare_opts;

const size_t compare_opts_size = sizeof(compare_opts);

const cli_option compare_options[] = {
    {.shrt = 'p',
     .name = "policy",
     .kind = CLI_LIST,
     .off = offsetof(compare_opts, policy),
     .arg = "NAME",
     .max = 2,
     .too_many = "give exactly two --policy options",
     .help = "twice: policies A and B (B minus A is reported)"},
    CLI_OPT_UINT('n', "replicates", compare_opts, n, "N", 1, 1000000, 100,
                 "replicates R..R+N-1 of each (default: 100)"),
    CLI_OPT_UINT('r', "replicate", compare_opts, replicate, "R", 0, 4294967295u,
                 0, "the first replicate (default: 0)"),
    CLI_OPT_STR(0, "db", compare_opts, db, "FILE",
                "also record every run of both arms in SQLite"),
    CLI_OPT_END};

static const char *const out_names[PZ_COMPARE_NOUT] = {
    "members at the end", "member deaths", "arrests", "homicides"};

static void print_summary(const pz_scenario *a, const compare_opts *o,
                          long from, const pz_compare_summary *s)
{
    char d0[16];
    int stochastic = s->independent;
    pz_date_format(pz_step_date((long)pz_scenario_param(a, PZ_P_START), from),
                   d0, sizeof d0);
    printf("%s: %s minus %s, from %s (step %ld) to the end%s\n\n",
           pz_scenario_name(a), o->policy.v[1], o->policy.v[0], d0, from,
           stochastic ? "" : " (deterministic)");
    if (stochastic)
        printf("%u replicates; mean difference and 95%% interval, with "
               "common random numbers\n(same replicates) and with "
               "independent seeds\n\n",
               s->n);
    printf("%-20s %26s %26s\n", "outcome",
           stochastic ? "common random numbers" : "difference",
           stochastic ? "independent seeds" : "");
    for (size_t k = 0; k < PZ_COMPARE_NOUT; k++) {
        if (stochastic)
            printf("%-20s %14.1f +- %9.1f %14.1f +- %9.1f\n", out_names[k],
                   s->crn[k].mean, s->crn[k].half, s->ind[k].mean,
                   s->ind[k].half);
        else
            printf("%-20s %26.1f\n", out_names[k], s->crn[k].mean);
    }
}

int cmd_compare(const cli_call *c)
{
    const compare_opts *o = c->opts;
    int code;
    pz_error err;
    if (o->policy.n != 2) {
        fprintf(stderr, "plaza compare: give two policies: --policy A "
                        "--policy B\n");
        return EXIT_INPUT;
    }
    pz_scenario *a = cli_load("compare", &o->sc, &code);
    if (!a)
        return code;
    pz_scenario *b = cli_load("compare", &o->sc, &code);
    if (!b) {
        pz_scenario_free(a);
        return code;
    }
    pz_status st = pz_scenario_use_policy(a, o->policy.v[0], &err);
    if (st == PZ_OK)
        st = pz_scenario_use_policy(b, o->policy.v[1], &err);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza compare: %s\n", err.msg);
        pz_scenario_free(a);
        pz_scenario_free(b);
        return cli_exit_code(st);
    }
    unsigned n = o->n.value;
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
    double *y = malloc((size_t)n * 3 * PZ_COMPARE_NOUT * sizeof *y);
    pz_compare_options opt = {.first = o->replicate.value,
                              .n = n,
                              .db = o->db,
                              .command = c->command};
    pz_compare_summary s;
    st = y ? pz_compare_run(a, b, &opt, y, &err) : PZ_ERR_NOMEM;
    if (st == PZ_OK)
        st = pz_compare_summarize(y, n, stochastic, 0.95, &s, &err);
    if (st != PZ_OK)
        fprintf(stderr, "plaza compare: %s\n", y ? err.msg : "out of memory");
    else
        print_summary(a, o, pz_compare_period_start(a, b), &s);
    free(y);
    pz_scenario_free(a);
    pz_scenario_free(b);
    return cli_exit_code(st);
}
