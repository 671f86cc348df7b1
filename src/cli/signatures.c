/*
 * signatures.c - `plaza signatures A B`: the signatures of two hypotheses
 * about corruption (plaza/signatures.h) over N paired replicates of each
 * scenario, printed as a table (A, B and A - B with 95% intervals, and
 * whether the difference's interval excludes 0), and written to
 * DIR/signatures.csv with -o DIR.
 *
 * The two scenarios come first: cli_parse takes one scenario, so the
 * first is taken here and the second is the one cli_parse finds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/signatures.h"
#include "plaza/signatures.h"

static const char help[] =
    "Usage: plaza signatures A.yaml B.yaml [-n N] [--threads T] [--seed S]\n"
    "                        [--set KEY=VALUE]... [--data DIR] [-o DIR] "
    "[--csv]\n"
    "Observable signatures that separate two hypotheses about corruption\n"
    "(e.g. scenarios/alliance.yaml and scenarios/opportunistic.yaml), from "
    "N\nstochastic replicates of each (default 100; replicate r of A and "
    "of B\ndraw the same random numbers), over the weeks of 2010-2020:\n"
    "  S1 arrests per member-week of the 10 largest groups: lowest over "
    "median;\n     Gini of the arrest rates of groups of 100 members or "
    "more\n"
    "  S2 of the offices on a payroll: the share municipal, the share "
    "direct\n"
    "  S3 r across states: share of offices on a payroll vs value of "
    "places\n"
    "  S4 national homicides 26 weeks after municipal and federal "
    "elections\n     over the 26 weeks before\n"
    "  S5 homicides in the stronghold 26 weeks after removals of leaders "
    "over\n     before, relative to the rest of the country; the share of "
    "removals\n     that hit the largest group\n"
    "  S6 the largest share of all offices on one group's payroll\n"
    "For each: mean and 2.5-97.5% quantiles across replicates in A, in B, "
    "and\nof the paired difference A - B; 'separates' when that interval "
    "excludes 0.\nThe scenarios come first.  --set, --seed and --data "
    "apply to both.\n-o DIR writes DIR/signatures.csv (docs/CORRUPTION.md)."
    "\n";

static void interval(char *buf, size_t n, const pz_sig_summary *x)
{
    if (!x->replicates)
        snprintf(buf, n, "NA");
    else
        snprintf(buf, n, "%.3f [%.3f, %.3f]", x->mean, x->q025, x->q975);
}

static void csv_number(double v)
{
    if (isnan(v))
        printf(",");
    else
        printf(",%.6f", v);
}

static void csv_row(pz_signature s, const char *scenario,
                    const pz_sig_summary *x)
{
    printf("%s,", pz_signature_name(s));
    /* scenario names are quoted when they need it */
    if (strpbrk(scenario, ",\"\n\r")) {
        putchar('"');
        for (const char *c = scenario; *c; c++) {
            if (*c == '"')
                putchar('"');
            putchar(*c);
        }
        putchar('"');
    } else {
        fputs(scenario, stdout);
    }
    csv_number(x->mean);
    csv_number(x->q025);
    csv_number(x->q975);
    putchar('\n');
}

static void print_table(const pz_scenario *a, const pz_scenario *b,
                        const pz_signatures_result *r, unsigned threads,
                        int csv)
{
    if (csv) {
        printf("signature,scenario,mean,q025,q975\n");
        for (size_t k = 0; k < PZ_SIG_COUNT; k++) {
            const pz_signatures_row *x = &r->row[k];
            csv_row(x->sig, pz_scenario_name(a), &x->a);
            csv_row(x->sig, pz_scenario_name(b), &x->b);
            csv_row(x->sig, "difference", &x->diff);
        }
        return;
    }
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

int cmd_signatures(int argc, char **argv)
{
    const char *cmd = "signatures";
    for (int i = 2; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(help, stdout);
            return 0;
        }
    for (int i = 2; i < 4; i++) {
        if (i < argc && argv[i][0] != '-')
            continue;
        if (i < argc)
            fprintf(stderr,
                    "plaza %s: expected scenario %c first, got '%s' (the "
                    "two scenarios come before the options: plaza %s "
                    "A.yaml B.yaml [options])\n",
                    cmd, i == 2 ? 'A' : 'B', argv[i], cmd);
        else
            fprintf(stderr,
                    "plaza %s: two scenarios are needed, %s (plaza %s "
                    "A.yaml B.yaml [options])\n",
                    cmd, i == 2 ? "got none" : "got one", cmd);
        return EXIT_INPUT;
    }
    cli_opts o;
    int code = cli_parse(cmd, argc, argv, 4, &o);
    if (code)
        return code;
    if (o.scenario) {
        fprintf(stderr,
                "plaza %s: unexpected argument '%s' (two scenarios only)\n",
                cmd, o.scenario);
        return EXIT_INPUT;
    }
    if (o.out && !*o.out) {
        fprintf(stderr, "plaza %s: --out: empty directory name\n", cmd);
        return EXIT_INPUT;
    }
    o.scenario = argv[2];
    pz_scenario *a = cli_load(cmd, &o, &code);
    if (!a)
        return code;
    o.scenario = argv[3];
    pz_scenario *b = cli_load(cmd, &o, &code);
    if (!b) {
        pz_scenario_free(a);
        return code;
    }
    pz_signatures_options opt = {.n = o.have_n ? o.replicates : 100,
                                 .threads = o.threads};
    opt.threads = cli_threads(&o);
    pz_signatures_result r;
    pz_error err;
    pz_status st = pz_signatures_run(a, b, &opt, &r, &err);
    if (st == PZ_OK && o.out)
        st = pz_signatures_write_csv(&r, pz_scenario_name(a),
                                     pz_scenario_name(b), o.out, &err);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza %s: %s\n", cmd, err.msg);
    } else {
        print_table(a, b, &r, opt.threads, o.csv);
        if (o.out && !o.csv)
            printf("\n-> %s/signatures.csv\n", o.out);
    }
    pz_signatures_result_free(&r);
    pz_scenario_free(a);
    pz_scenario_free(b);
    return cli_exit_code(st);
}
