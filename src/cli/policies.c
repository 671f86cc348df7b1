/*
 * policies.c - `plaza policies`: run every policy of a scenario and print,
 * in the terms of Prieto-Curiel et al. (2023), members and deaths per week
 * when the policies start (the end of 2021 in pc2023) and at the end of the
 * run, with the change.  Every policy continues the same state: the run up
 * to the earliest policy start is computed once per replicate and forked
 * (pz_model_fork).  In stochastic mode each replicate uses the same seeds
 * for every policy (common random numbers) and the table gives the mean
 * with the 5% and 95% quantiles across replicates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "plaza/model.h"
#include "plaza/run.h"

enum { M0, M1, D0, D1, NSTAT };

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Quantile q of sorted v[0..n) by linear interpolation (type 7). */
static double quantile(const double *v, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (h - (double)lo) * (v[hi] - v[lo]);
}

static pz_status run_to(pz_model *m, uint32_t t, pz_error *err)
{
    while (pz_model_time(m) < t) {
        pz_status st = pz_model_step(m, err);
        if (st != PZ_OK)
            return st;
    }
    return PZ_OK;
}

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

static void show(const double *v, size_t n, int csv, int width, int pct)
{
    double mean = 0;
    for (size_t i = 0; i < n; i++)
        mean += v[i];
    mean /= (double)n;
    char buf[96], a[32], b[32], c[32];
    fmt_value(a, sizeof a, mean, pct, csv);
    if (n > 1) {
        double *s = malloc(n * sizeof *s);
        if (s) {
            memcpy(s, v, n * sizeof *s);
            qsort(s, n, sizeof *s, dcmp);
            fmt_value(b, sizeof b, quantile(s, n, 0.05), pct, csv);
            fmt_value(c, sizeof c, quantile(s, n, 0.95), pct, csv);
            free(s);
        } else {
            b[0] = c[0] = '?';
            b[1] = c[1] = '\0';
        }
        if (csv)
            snprintf(buf, sizeof buf, "%s,%s,%s", a, b, c);
        else
            snprintf(buf, sizeof buf, "%s [%s, %s]", a, b, c);
    } else {
        snprintf(buf, sizeof buf, "%s", a);
    }
    if (csv)
        printf(",%s", buf);
    else
        printf("  %*s", width, buf);
}

int cmd_policies(const cli_opts *o)
{
    int code;
    pz_error err;
    pz_scenario *sc = cli_load("policies", o, &code);
    if (!sc)
        return code;
    size_t np = pz_scenario_policy_count(sc);
    if (np == 0) {
        fprintf(stderr, "plaza policies: %s defines no policies\n",
                pz_scenario_source(sc));
        pz_scenario_free(sc);
        return EXIT_INPUT;
    }
    /* the earliest step at which any policy acts */
    long start = -1;
    for (size_t p = 0; p < np; p++) {
        pz_scenario_use_policy(sc, pz_scenario_policy_name(sc, p), NULL);
        long s = pz_scenario_policy_start(sc);
        if (s >= 0 && (start < 0 || s < start))
            start = s;
    }
    pz_scenario_use_policy(sc, NULL, NULL);
    uint32_t steps = (uint32_t)pz_scenario_param(sc, PZ_P_STEPS);
    if (start < 0 || start > (long)steps)
        start = steps;
    int stochastic = pz_scenario_param(sc, PZ_P_MODE) == PZ_MODE_STOCHASTIC;
    unsigned nrep = stochastic ? o->replicates : 1;
    double *v = calloc((size_t)np * nrep * NSTAT, sizeof *v);
    pz_status st = v ? PZ_OK : PZ_ERR_NOMEM;
    for (unsigned r = 0; st == PZ_OK && r < nrep; r++) {
        pz_model *base = NULL;
        uint32_t rep = o->replicate + r;
        st = pz_model_create(sc, rep, &base, &err);
        if (st == PZ_OK)
            st = run_to(base, (uint32_t)start, &err);
        for (size_t p = 0; st == PZ_OK && p < np; p++) {
            pz_model *m = NULL;
            pz_flows f0, f1;
            pz_scenario_use_policy(sc, pz_scenario_policy_name(sc, p), NULL);
            if ((st = pz_model_fork(base, sc, &m, &err)) != PZ_OK)
                break;
            pz_model_totals(m, &f0, NULL);
            st = run_to(m, steps, &err);
            pz_model_totals(m, &f1, NULL);
            double *x = &v[((size_t)p * nrep + r) * NSTAT];
            x[M0] = f0.members;
            x[M1] = f1.members;
            x[D0] = f0.deaths;
            x[D1] = f1.deaths;
            pz_model_destroy(m);
        }
        pz_scenario_use_policy(sc, NULL, NULL);
        pz_model_destroy(base);
    }
    if (st != PZ_OK) {
        fprintf(stderr, "plaza policies: %s\n",
                st == PZ_ERR_NOMEM ? "out of memory" : err.msg);
        free(v);
        pz_scenario_free(sc);
        return cli_exit_code(st);
    }
    char d0[16], d1[16];
    double day0 = pz_scenario_param(sc, PZ_P_START);
    pz_date_format((long)day0 + 7 * start, d0, sizeof d0);
    pz_date_format((long)day0 + 7 * (long)steps, d1, sizeof d1);
    int w = nrep > 1 ? 30 : 10;
    if (o->csv) {
        static const char *const cols[] = {
            "members_start",     "members_end",     "members_change_pct",
            "deaths_week_start", "deaths_week_end", "deaths_change_pct"};
        printf("policy");
        for (int k = 0; k < 6; k++) {
            if (nrep > 1)
                printf(",%s_mean,%s_q05,%s_q95", cols[k], cols[k], cols[k]);
            else
                printf(",%s", cols[k]);
        }
        putchar('\n');
    } else {
        printf("%s, %s mode: members and deaths per week when the policies "
               "start\n(%s, step %ld) and at the end (%s, step %u)%s\n\n",
               pz_scenario_name(sc),
               stochastic ? "stochastic" : "deterministic", d0, start, d1,
               steps,
               nrep > 1 ? "; mean [5%, 95%] over replicates with common "
                          "random numbers"
                        : "");
        printf("%-40s  %*s  %*s  %*s  %*s  %*s  %*s\n", "policy", w, "members",
               w, "members", w, "change", w, "deaths/wk", w, "deaths/wk", w,
               "change");
        printf("%-40s  %*s  %*s  %*s  %*s  %*s  %*s\n", "", w, d0, w, d1, w, "",
               w, d0, w, d1, w, "");
    }
    double *col = malloc(nrep * sizeof *col);
    for (size_t p = 0; col && p < np; p++) {
        const double *x = &v[(size_t)p * nrep * NSTAT];
        if (o->csv)
            printf("%s", pz_scenario_policy_name(sc, p));
        else
            printf("%-40s", pz_scenario_policy_name(sc, p));
        for (int k = 0; k < 6; k++) {
            for (unsigned r = 0; r < nrep; r++) {
                const double *y = x + (size_t)r * NSTAT;
                switch (k) {
                case 0:
                    col[r] = y[M0];
                    break;
                case 1:
                    col[r] = y[M1];
                    break;
                case 2:
                    col[r] = y[M0] > 0 ? 100 * (y[M1] / y[M0] - 1) : NAN;
                    break;
                case 3:
                    col[r] = y[D0];
                    break;
                case 4:
                    col[r] = y[D1];
                    break;
                default:
                    col[r] = y[D0] > 0 ? 100 * (y[D1] / y[D0] - 1) : NAN;
                    break;
                }
            }
            show(col, nrep, o->csv, w, k == 2 || k == 5);
        }
        putchar('\n');
    }
    free(col);
    free(v);
    /* optional run directories, one per policy */
    int rc = 0;
    for (size_t p = 0; o->out && p < np && rc == 0; p++) {
        pz_run_options opt;
        char dir[4096];
        pz_run_options_init(&opt);
        snprintf(dir, sizeof dir, "%s/%s", o->out,
                 pz_scenario_policy_name(sc, p));
        opt.out_dir = dir;
        opt.replicate = o->replicate;
        opt.write_groups = !o->no_groups;
        opt.command = o->command;
        pz_scenario_use_policy(sc, pz_scenario_policy_name(sc, p), NULL);
        if ((st = pz_run_write(sc, &opt, &err)) != PZ_OK) {
            fprintf(stderr, "plaza policies: %s\n", err.msg);
            rc = cli_exit_code(st);
        }
    }
    pz_scenario_free(sc);
    return rc;
}
