/*
 * signatures.c - `plaza signatures A B`: the signatures of two hypotheses
 * about corruption (plaza/signatures.h) over N paired replicates of each
 * scenario, printed as a table (A, B and A - B with 95% intervals, and
 * whether the difference's interval excludes 0), and written to
 * DIR/signatures.csv with -o DIR.
 *
 * The two scenarios come first, before the options.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "plaza/signatures.h"

typedef struct signatures_opts {
    cli_scenario sc;
    cli_uint n;
    cli_uint threads;
    const char *out;
    int csv;
} signatures_opts;

const size_t signatures_opts_size = sizeof(signatures_opts);

const cli_option signatures_options[] = {
    CLI_OPT_STR('p', "policy", signatures_opts, sc.policy, "NAME",
                "apply one of the scenarios' policies (to both)"),
    CLI_OPT_UINT('n', "replicates", signatures_opts, n, "N", 1, 1000000, 100,
                 "stochastic replicates of each (default: 100)"),
    CLI_OPT_UINT('t', "threads", signatures_opts, threads, "T", 1, 1024, 1,
                 "threads (default: all cores); the result does not\n"
                 "depend on T"),
    CLI_OPT_STR('o', "out", signatures_opts, out, "DIR",
                "also write DIR/signatures.csv"),
    CLI_OPT_FLAG(0, "csv", signatures_opts, csv, 1, "print the table as CSV"),
    CLI_OPT_END};

static void interval(char *buf, size_t n, const pz_sig_summary *x)
{
    if (!x->replicates)
        snprintf(buf, n, "NA");
    else
        snprintf(buf, n, "%.3f [%.3f, %.3f]", x->mean, x->q025, x->q975);
}

static void print_table(const pz_scenario *a, const pz_scenario *b,
                        const pz_signatures_result *r, unsigned threads)
{
    printf("plaza signatures: A = %s (%s), B = %s (%s)\n", pz_scenario_name(a),
           pz_scenario_source(a), pz_scenario_name(b), pz_scenario_source(b));
    printf("%u replicates of each on %u threads (replicate r of A and of B "
           "draw the same\nrandom numbers); window %d-%d; %u weeks before "
           "and after elections and removals\n",
           r->n, threads, r->from_year, r->to_year, r->weeks);
    printf("per replicate: %.1f and %.1f removals of leaders in the window, "
           "%zu and %zu election days\n\n",
           (double)r->removals[0] / r->n, (double)r->removals[1] / r->n,
           r->elections[0] / r->n, r->elections[1] / r->n);
    printf("%-3s %-29s %-25s %-25s %-26s %s\n", "", "statistic", "A mean [95%]",
           "B mean [95%]", "A - B [95%]", "separates");
    for (size_t k = 0; k < PZ_SIG_COUNT; k++) {
        const pz_signatures_row *x = &r->row[k];
        char sa[64], sb[64], sd[64];
        interval(sa, sizeof sa, &x->a);
        interval(sb, sizeof sb, &x->b);
        interval(sd, sizeof sd, &x->diff);
        printf("%-3s %-29s %-25s %-25s %-26s %s\n", pz_signature_group(x->sig),
               pz_signature_name(x->sig), sa, sb, sd,
               x->diff.replicates ? (x->separates ? "yes" : "no") : "NA");
    }
    printf("\nintervals: 2.5%% and 97.5%% quantiles across replicates (of "
           "the paired\ndifferences for A - B); separates: that interval "
           "excludes 0\n");
}

int cmd_signatures(const cli_call *c)
{
    const char *cmd = "signatures";
    /* the scenarios come first */
    for (unsigned i = 0; i < 2; i++) {
        int at = 2 + (int)i;
        if (i < c->nargs && c->at[i] == at)
            continue;
        if (at < c->argc)
            fprintf(stderr,
                    "plaza %s: expected scenario %c first, got '%s' (the "
                    "two scenarios come before the options: plaza %s "
                    "A.yaml B.yaml [options])\n",
                    cmd, i == 0 ? 'A' : 'B', c->argv[at], cmd);
        else
            fprintf(stderr,
                    "plaza %s: two scenarios are needed, %s (plaza %s "
                    "A.yaml B.yaml [options])\n",
                    cmd, i == 0 ? "got none" : "got one", cmd);
        return EXIT_INPUT;
    }
    signatures_opts o = *(const signatures_opts *)c->opts;
    int code;
    if (o.out && !*o.out) {
        fprintf(stderr, "plaza %s: --out: empty directory name\n", cmd);
        return EXIT_INPUT;
    }
    o.sc.file = c->args[0];
    pz_scenario *a = cli_load(cmd, &o.sc, &code);
    if (!a)
        return code;
    o.sc.file = c->args[1];
    pz_scenario *b = cli_load(cmd, &o.sc, &code);
    if (!b) {
        pz_scenario_free(a);
        return code;
    }
    pz_signatures_options opt = {.n = o.n.value,
                                 .threads = cli_threads(&o.threads)};
    pz_signatures_result r;
    pz_error err;
    pz_status st = pz_signatures_run(a, b, &opt, &r, &err);
    if (st == PZ_OK && o.out)
        st = pz_signatures_write_csv(&r, pz_scenario_name(a),
                                     pz_scenario_name(b), o.out, &err);
    if (st == PZ_OK && o.csv)
        st = pz_signatures_print_csv(&r, pz_scenario_name(a),
                                     pz_scenario_name(b), stdout, &err);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza %s: %s\n", cmd, err.msg);
    } else if (!o.csv) {
        print_table(a, b, &r, opt.threads);
        if (o.out)
            printf("\n-> %s/signatures.csv\n", o.out);
    }
    pz_signatures_result_free(&r);
    pz_scenario_free(a);
    pz_scenario_free(b);
    return cli_exit_code(st);
}
