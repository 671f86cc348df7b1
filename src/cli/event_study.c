/*
 * event_study.c - `plaza event-study`: the event study of leader removals
 * (plaza/event_study.h) over N replicates, printed as a table with the
 * literature's figures (pz_es_target_of) beside the estimates, and
 * written to DIR/event_study.csv with -o DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli/cli.h"
#include "plaza/event_study.h"

typedef struct event_study_opts {
    cli_scenario sc;
    cli_uint n;
    cli_uint threads;
    const char *out;
    int csv;
} event_study_opts;

const size_t event_study_opts_size = sizeof(event_study_opts);

const cli_option event_study_options[] = {
    CLI_OPT_STR('p', "policy", event_study_opts, sc.policy, "NAME",
                "apply one of the scenario's policies"),
    CLI_OPT_UINT('n', "replicates", event_study_opts, n, "N", 1, 1000000, 100,
                 "stochastic replicates (default: 100)"),
    CLI_OPT_UINT('t', "threads", event_study_opts, threads, "T", 1, 1024, 1,
                 "threads (default: all cores); the result does not\n"
                 "depend on T"),
    CLI_OPT_STR('o', "out", event_study_opts, out, "DIR",
                "also write DIR/event_study.csv"),
    CLI_OPT_FLAG(0, "csv", event_study_opts, csv, 1, "print the table as CSV"),
    CLI_OPT_END};

static void pct(char *buf, size_t n, double v)
{
    if (isnan(v))
        snprintf(buf, n, "NA");
    else
        snprintf(buf, n, "%+.1f%%", 100 * v);
}

static void print_table(const pz_scenario *sc, const pz_event_study_result *r,
                        unsigned threads)
{
    printf("plaza event-study: %s, %u replicates on %u threads, %zu removals "
           "of leaders (%.1f per replicate)\n",
           pz_scenario_name(sc), r->n, threads, r->removals,
           (double)r->removals / r->n);
    printf("effect on homicides: (post/pre in the set) / (post/pre in the "
           "controls) - 1, per replicate;\nmean and 2.5-97.5%% quantiles "
           "across replicates\n\n");
    printf("%-10s  %-8s  %6s  %7s  %10s  %-30s  %s\n", "set", "fate", "weeks",
           "events", "replicates", "effect mean [95% interval]", "literature");
    for (size_t k = 0; k < r->nrows; k++) {
        const pz_event_study_row *x = &r->row[k];
        char m[32], lo[32], hi[32], eff[100];
        pct(m, sizeof m, x->mean);
        pct(lo, sizeof lo, x->q025);
        pct(hi, sizeof hi, x->q975);
        if (x->replicates)
            snprintf(eff, sizeof eff, "%s [%s, %s]", m, lo, hi);
        else
            snprintf(eff, sizeof eff, "NA");
        printf("%-10s  %-8s  %6u  %7zu  %10u  %-30s  %s\n",
               pz_es_set_name(x->set), pz_es_fate_name(x->fate), x->window,
               x->events, x->replicates, eff,
               pz_es_target_of(x->set, x->fate, x->window)->text);
    }
}

int cmd_event_study(const cli_call *c)
{
    const char *cmd = "event-study";
    const event_study_opts *o = c->opts;
    int code;
    if (o->out && !*o->out) {
        fprintf(stderr, "plaza %s: --out: empty directory name\n", cmd);
        return EXIT_INPUT;
    }
    pz_scenario *sc = cli_load(cmd, &o->sc, &code);
    if (!sc)
        return code;
    pz_event_study_options opt = {.n = o->n.value,
                                  .threads = cli_threads(&o->threads)};
    pz_event_study_result r;
    pz_error err;
    pz_status st = pz_event_study_run(sc, &opt, &r, &err);
    if (st == PZ_OK && o->out)
        st = pz_event_study_write_csv(&r, o->out, &err);
    if (st == PZ_OK && o->csv)
        st = pz_event_study_print_csv(&r, stdout, &err);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza %s: %s\n", cmd, err.msg);
    } else if (!o->csv) {
        print_table(sc, &r, opt.threads);
        if (o->out)
            printf("\n-> %s/event_study.csv\n", o->out);
    }
    pz_event_study_result_free(&r);
    pz_scenario_free(sc);
    return cli_exit_code(st);
}
