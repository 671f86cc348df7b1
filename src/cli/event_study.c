/*
 * event_study.c - `plaza event-study`: the event study of leader removals
 * (plaza/event_study.h) over N replicates, printed as a table with the
 * literature's figures beside the estimates, and written to
 * DIR/event_study.csv with -o DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/event_study.h"
#include "plaza/event_study.h"
#include "plaza/model.h"

/* The empirical figure a row of the study compares with. */
static const char *literature(const pz_event_study_row *x)
{
    switch (x->set) {
    case PZ_ES_TREATED:
        if (x->fate != PZ_ES_ALL)
            return "killed > captured (Phillips 2015)";
        if (x->window <= 26)
            return "+36.5% over 6 months (Calderon et al. 2015)";
        return "+80% for 12+ months (Lindo & Padilla-Romo 2018)";
    case PZ_ES_OTHER:
        return "+30% (Lindo & Padilla-Romo 2018)";
    case PZ_ES_NEIGHBOURS:
        return "spill-over, > 0 (Calderon et al. 2015)";
    }
    return "";
}

static void pct(char *buf, size_t n, double v)
{
    if (isnan(v))
        snprintf(buf, n, "NA");
    else
        snprintf(buf, n, "%+.1f%%", 100 * v);
}

static void print_table(const pz_scenario *sc, const pz_event_study_result *r,
                        unsigned threads, int csv)
{
    if (csv) {
        printf("set,fate,window_weeks,events,replicates,mean,q025,q975\n");
        for (size_t k = 0; k < r->nrows; k++) {
            const pz_event_study_row *x = &r->row[k];
            printf("%s,%s,%u,%zu,%u", pz_es_set_name(x->set),
                   pz_es_fate_name(x->fate), x->window, x->events,
                   x->replicates);
            const double v[3] = {x->mean, x->q025, x->q975};
            for (int i = 0; i < 3; i++)
                if (isnan(v[i]))
                    printf(",");
                else
                    printf(",%.6f", v[i]);
            printf("\n");
        }
        return;
    }
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
               x->events, x->replicates, eff, literature(x));
    }
}

int cmd_event_study(int argc, char **argv)
{
    const char *cmd = "event-study";
    cli_opts o;
    int code = cli_parse(cmd, argc, argv, 2, &o);
    if (code)
        return code;
    if (o.help) {
        printf("Usage: plaza event-study [SCENARIO] [-n N] [--threads T] "
               "[--seed S] [--set KEY=VALUE]...\n"
               "                          [--data DIR] [-o DIR] [--csv]\n"
               "Homicides around removals of leaders (captures, killings, "
               "extraditions)\nin N stochastic replicates (default 100): "
               "in the stronghold, the group's\nother regions and the "
               "stronghold's neighbours against regions untouched\nby "
               "removals, over 26 and 52 weeks (docs/EXPERIMENTS.md).  "
               "-o DIR writes\nDIR/event_study.csv.\n");
        return 0;
    }
    if (o.out && !*o.out) {
        fprintf(stderr, "plaza %s: --out: empty directory name\n", cmd);
        return EXIT_INPUT;
    }
    pz_scenario *sc = cli_load(cmd, &o, &code);
    if (!sc)
        return code;
    pz_event_study_options opt = {.n = o.have_n ? o.replicates : 100,
                                  .threads = o.threads};
    opt.threads = cli_threads(&o);
    pz_event_study_result r;
    pz_error err;
    pz_status st = pz_event_study_run(sc, &opt, &r, &err);
    if (st == PZ_OK && o.out)
        st = pz_event_study_write_csv(&r, o.out, &err);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza %s: %s\n", cmd, err.msg);
    } else {
        print_table(sc, &r, opt.threads, o.csv);
        if (o.out && !o.csv)
            printf("\n-> %s/event_study.csv\n", o.out);
    }
    pz_event_study_result_free(&r);
    pz_scenario_free(sc);
    return cli_exit_code(st);
}
