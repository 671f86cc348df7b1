/*
 * policies.c - `plaza policies`: every policy of a scenario run from the
 * same state (plaza/policies.h), printed as a table of members and deaths
 * per week when the policies start and at the end, with the changes; in
 * stochastic mode the mean with the 5% and 95% quantiles across
 * replicates.  With -o DIR, also DIR/POLICY/ run directories.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli/cli.h"
#include "plaza/date.h"
#include "plaza/policies.h"
#include "plaza/run.h"

typedef struct policies_opts {
    cli_scenario sc;
    cli_uint n;
    cli_uint replicate;
    int csv;
    const char *out;
    int no_groups;
} policies_opts;

const size_t policies_opts_size = sizeof(policies_opts);

const cli_option policies_options[] = {
    CLI_OPT_UINT('n', "replicates", policies_opts, n, "N", 1, 1000000, 1,
                 "stochastic replicates per policy, same seeds for\n"
                 "every policy (default: 1); prints mean and 90%\n"
                 "range"),
    CLI_OPT_UINT('r', "replicate", policies_opts, replicate, "R", 0,
                 4294967295u, 0, "the first replicate (default: 0)"),
    CLI_OPT_FLAG(0, "csv", policies_opts, csv, 1, "print the table as CSV"),
    CLI_OPT_STR('o', "out", policies_opts, out, "DIR",
                "also write DIR/POLICY/ run directories (replicate 0)"),
    CLI_OPT_FLAG(0, "no-groups", policies_opts, no_groups, 1,
                 "without groups.csv"),
    CLI_OPT_END};

/* Text: one decimal, changes with a sign and %; CSV: plain numbers. */
static void fmt_value(char *buf, size_t n, double v, int pct, int csv)
{
    if (!isfinite(v))
        snprintf(buf, n, "NA");
    else if (csv)
        snprintf(buf, n, "%.6g", v);
    else if (pct)
        snprintf(buf, n, "%+.1f%%", v);
    else
        snprintf(buf, n, "%.1f", v);
}

/* One cell: the mean, and the band when there are replicates. */
static void show(const pz_policy_band *b, int band, int csv, int width, int pct)
{
    char buf[96], m[32], lo[32], hi[32];
    fmt_value(m, sizeof m, b->mean, pct, csv);
    if (band) {
        fmt_value(lo, sizeof lo, b->q05, pct, csv);
        fmt_value(hi, sizeof hi, b->q95, pct, csv);
        snprintf(buf, sizeof buf, csv ? "%s,%s,%s" : "%s [%s, %s]", m, lo, hi);
    } else {
        snprintf(buf, sizeof buf, "%s", m);
    }
    if (csv)
        printf(",%s", buf);
    else
        printf("  %*s", width, buf);
}

static void print_table(const pz_scenario *sc, const pz_policies_result *r,
                        int csv)
{
    int band = r->replicates > 1;
    char d0[16], d1[16];
    long day0 = (long)pz_scenario_param(sc, PZ_P_START);
    pz_date_format(pz_step_date(day0, r->start), d0, sizeof d0);
    pz_date_format(pz_step_date(day0, (long)r->steps), d1, sizeof d1);
    int w = band ? 30 : 10;
    if (csv) {
        static const char *const cols[PZ_POLICY_NOUT] = {
            "members_start",     "members_end",     "members_change_pct",
            "deaths_week_start", "deaths_week_end", "deaths_change_pct"};
        printf("policy");
        for (int k = 0; k < PZ_POLICY_NOUT; k++) {
            if (band)
                printf(",%s_mean,%s_q05,%s_q95", cols[k], cols[k], cols[k]);
            else
                printf(",%s", cols[k]);
        }
        putchar('\n');
    } else {
        printf("%s, %s mode: members and deaths per week when the policies "
               "start\n(%s, step %ld) and at the end (%s, step %u)%s\n\n",
               pz_scenario_name(sc),
               r->stochastic ? "stochastic" : "deterministic", d0, r->start, d1,
               r->steps,
               band ? "; mean [5%, 95%] over replicates with common "
                      "random numbers"
                    : "");
        printf("%-40s  %*s  %*s  %*s  %*s  %*s  %*s\n", "policy", w, "members",
               w, "members", w, "change", w, "deaths/wk", w, "deaths/wk", w,
               "change");
        printf("%-40s  %*s  %*s  %*s  %*s  %*s  %*s\n", "", w, d0, w, d1, w, "",
               w, d0, w, d1, w, "");
    }
    for (size_t p = 0; p < r->npolicies; p++) {
        printf(csv ? "%s" : "%-40s", pz_scenario_policy_name(sc, p));
        for (int k = 0; k < PZ_POLICY_NOUT; k++)
            show(&r->band[p * PZ_POLICY_NOUT + (size_t)k], band, csv, w,
                 k == PZ_POLICY_MEMBERS_CHANGE || k == PZ_POLICY_DEATHS_CHANGE);
        putchar('\n');
    }
}

int cmd_policies(const cli_call *c)
{
    const policies_opts *o = c->opts;
    int code;
    pz_error err;
    pz_scenario *sc = cli_load("policies", &o->sc, &code);
    if (!sc)
        return code;
    pz_policies_options popt = {.first = o->replicate.value, .n = o->n.value};
    pz_policies_result r;
    pz_status st = pz_policies_run(sc, &popt, &r, &err);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza policies: %s\n", err.msg);
        pz_scenario_free(sc);
        return cli_exit_code(st);
    }
    print_table(sc, &r, o->csv);
    pz_policies_result_free(&r);
    /* optional run directories, one per policy */
    int rc = 0;
    for (size_t p = 0; o->out && p < pz_scenario_policy_count(sc) && rc == 0;
         p++) {
        pz_run_options opt;
        char dir[4096];
        pz_run_options_init(&opt);
        snprintf(dir, sizeof dir, "%s/%s", o->out,
                 pz_scenario_policy_name(sc, p));
        opt.out_dir = dir;
        opt.replicate = o->replicate.value;
        opt.write_groups = !o->no_groups;
        opt.command = c->command;
        pz_scenario_use_policy(sc, pz_scenario_policy_name(sc, p), NULL);
        if ((st = pz_run_write(sc, &opt, &err)) != PZ_OK) {
            fprintf(stderr, "plaza policies: %s\n", err.msg);
            rc = cli_exit_code(st);
        }
    }
    pz_scenario_free(sc);
    return rc;
}
