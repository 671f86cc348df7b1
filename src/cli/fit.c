/*
 * fit.c - `plaza fit` and `plaza calibrate`.
 *
 * fit: runs a scenario's replicates (-n, default 20; once when
 * deterministic) and prints their mean homicides per year against INEGI's
 * with the replicates' 95% range, the mean absolute percentage error
 * (MAPE) of the mean and of one replicate, the shape of the series, and
 * for a scenario with regions the states' shares of 2010-2015 homicides
 * against INEGI's with Pearson's r.
 *
 * calibrate: searches the named parameters (--param NAME, repeated) for the
 * smallest  MAPE + 100 (1 - r)  (r only when the scenario has regions) with
 * GSL's Nelder-Mead simplex (gsl_multimin_fminimizer_nmsimplex2) over the
 * logarithms of the parameters, starting from their scenario values, and
 * prints the best values as --set options and YAML.  Each evaluation is
 * the mean of -n replicates (default 1), the same replicates at every
 * point (common random numbers), so the objective is a fixed function.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_multimin.h>

#include "cli/cli.h"
#include "plaza/fit.h"
#include "plaza/params.h"

/* MAPE + 100 (1 - r), and with pc2023 targets (pc2023 1) also 100 times
 * the relative distance of members at the end of 2021 from 172,500 (the
 * middle of PC2023's 160,000-185,000) and of 2021's member deaths from
 * 6,500; with pc2023 2 (--pc2023-members) the members' term only. */
static double objective_of(const pz_fit_result *f, int pc2023)
{
    double o = f->mape + (f->have_shares ? 100 * (1 - f->pearson_r) : 0);
    if (pc2023 && f->members_2021 >= 0)
        o += 100 * fabs(f->members_2021 / 172500 - 1);
    if (pc2023 == 1 && f->members_2021 >= 0)
        o += 100 * fabs(f->deaths_2021 / 6500 - 1);
    return o;
}

static void print_fit(const pz_scenario *sc, const pz_fit_result *f)
{
    int band = f->replicates > 1;
    printf("%s: homicides per year against INEGI death registrations\n",
           pz_scenario_name(sc));
    if (band)
        printf("(simulated: the mean of %u replicates, with their 2.5%% and "
               "97.5%% quantiles)\n",
               f->replicates);
    printf("\n  year   observed  simulated   error%s\n",
           band ? "     replicates' 95% range" : "");
    for (size_t k = 0; k < f->nyears; k++) {
        printf("  %d  %9.0f  %9.0f  %+6.1f%%", f->year[k], f->observed[k],
               f->simulated[k], 100 * (f->simulated[k] / f->observed[k] - 1));
        if (band)
            printf("     [%.0f, %.0f]", f->simulated_lo[k], f->simulated_hi[k]);
        printf("\n");
    }
    printf("\n  mean absolute percentage error (MAPE): %.1f%% over %zu years\n",
           f->mape, f->nyears);
    if (band)
        printf("  MAPE of one replicate: %.1f%% (95%% range %.1f%% to "
               "%.1f%%)\n",
               f->mape_runs, f->mape_runs_lo, f->mape_runs_hi);
    /* the shape checks, each with the data's own figure beside it */
    if (!isnan(f->rise))
        printf("  rise 2007 -> 2011: %s (%+.0f%%; data %+.0f%%)\n",
               f->rise > 0 ? "yes" : "no", 100 * f->rise, 100 * f->rise_obs);
    if (!isnan(f->dip))
        printf("  dip 2011 -> 2014: %s (%+.0f%%; data %+.0f%%)\n",
               f->dip < 0 ? "yes" : "no", 100 * f->dip, 100 * f->dip_obs);
    if (!isnan(f->spread))
        printf("  plateau 2018-2024: spread %.0f%% of the lowest year (%s; "
               "data %.0f%%), trend %+.1f%% a year (data %+.1f%%)\n",
               100 * f->spread, f->spread <= 0.15 ? "yes" : "no",
               100 * f->spread_obs, 100 * f->trend, 100 * f->trend_obs);
    if (f->have_shares) {
        printf("\n  share of 2010-2015 homicides by state (INEGI municipal "
               "series):\n  state  observed  simulated\n");
        for (int s = 0; s < PZ_FIT_STATES; s++)
            printf("  %s     %6.2f%%   %6.2f%%\n", f->state_code[s],
                   100 * f->share_observed[s], 100 * f->share_simulated[s]);
        printf("\n  Pearson r of the state shares: %.3f\n", f->pearson_r);
        if (band)
            printf("  r of one replicate: %.3f (95%% range %.3f to %.3f)\n",
                   f->r_runs, f->r_runs_lo, f->r_runs_hi);
    }
    if (f->members_2021 >= 0)
        printf("\n  members at the end of 2021%s: %.0f (PC2023: "
               "160,000-185,000)\n  members killed in 2021%s: %.0f (PC2023: "
               "about 6,500)\n",
               band ? " (mean)" : "", f->members_2021, band ? " (mean)" : "",
               f->deaths_2021);
    /* what plaza calibrate minimises, at this point */
    printf("\n  objective of plaza calibrate: %.3f", objective_of(f, 0));
    if (f->members_2021 >= 0)
        printf("; with --pc2023-members %.3f; with --pc2023-targets %.3f",
               objective_of(f, 2), objective_of(f, 1));
    printf("\n");
}

int cmd_fit(const cli_opts *o)
{
    int code;
    pz_error err;
    pz_fit_result f;
    pz_scenario *sc = cli_load("fit", o, &code);
    if (!sc)
        return code;
    pz_status st = pz_fit_evaluate_n(
        sc, o->data, o->have_n ? o->replicates : 20, cli_threads(o), &f, &err);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza fit: %s\n", err.msg);
        pz_scenario_free(sc);
        return cli_exit_code(st);
    }
    print_fit(sc, &f);
    pz_scenario_free(sc);
    return 0;
}

typedef struct calib {
    pz_scenario *sc;
    const char *data;
    const char *const *names;
    size_t n;
    int evals;
    int failed;
    int pc2023;
    unsigned replicates, threads;
    char msg[1024];
} calib;

static double calib_f(const gsl_vector *v, void *params)
{
    calib *c = params;
    pz_error err;
    pz_fit_result f;
    char buf[256];
    for (size_t i = 0; i < c->n; i++) {
        snprintf(buf, sizeof buf, "%s=%.17g", c->names[i],
                 exp(gsl_vector_get(v, i)));
        if (pz_scenario_set(c->sc, buf, &err) != PZ_OK)
            return 1e12; /* outside the parameter's range */
    }
    c->evals++;
    if (pz_fit_evaluate_n(c->sc, c->data, c->replicates, c->threads, &f,
                          &err) != PZ_OK) {
        if (!c->failed)
            snprintf(c->msg, sizeof c->msg, "%s", err.msg);
        c->failed = 1;
        return 1e12;
    }
    return objective_of(&f, c->pc2023);
}

int cmd_calibrate(const cli_opts *o)
{
    int code;
    pz_error err;
    pz_scenario *sc = cli_load("calibrate", o, &code);
    if (!sc)
        return code;
    if (o->nparams == 0) {
        fprintf(stderr, "plaza calibrate: name the parameters to fit with "
                        "--param NAME (repeatable)\n");
        pz_scenario_free(sc);
        return EXIT_INPUT;
    }
    size_t n = (size_t)o->nparams;
    gsl_vector *x = gsl_vector_alloc(n), *step = gsl_vector_alloc(n);
    for (size_t i = 0; i < n; i++) {
        int id = pz_param_lookup(o->params[i]);
        if (id < 0 ||
            pz_param_info_get((pz_param_id)id)->type != PZ_PARAM_REAL) {
            fprintf(stderr,
                    "plaza calibrate: --param %s: not a numeric parameter "
                    "(see 'plaza params')\n",
                    o->params[i]);
            pz_scenario_free(sc);
            gsl_vector_free(x);
            gsl_vector_free(step);
            return EXIT_INPUT;
        }
        double v = pz_scenario_param(sc, (pz_param_id)id);
        if (!(v > 0)) {
            fprintf(stderr,
                    "plaza calibrate: --param %s: its starting value must "
                    "be positive (the search is over its logarithm), got %g\n",
                    o->params[i], v);
            pz_scenario_free(sc);
            gsl_vector_free(x);
            gsl_vector_free(step);
            return EXIT_INPUT;
        }
        gsl_vector_set(x, i, log(v));
        gsl_vector_set(step, i, 0.5);
    }
    calib c = {sc,
               o->data,
               o->params,
               n,
               0,
               0,
               o->pc2023_targets,
               o->have_n ? o->replicates : 1,
               cli_threads(o),
               ""};
    gsl_multimin_function fn = {calib_f, n, &c};
    gsl_multimin_fminimizer *s =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
    gsl_multimin_fminimizer_set(s, &fn, x, step);
    int iter = 0, status;
    do {
        status = gsl_multimin_fminimizer_iterate(s);
        if (status)
            break;
        status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), 1e-3);
        if (iter % 10 == 0)
            fprintf(stderr, "plaza calibrate: iteration %d, objective %.3f\n",
                    iter, s->fval);
    } while (status == GSL_CONTINUE && ++iter < o->max_iter);
    int rc = 0;
    if (c.failed && s->fval >= 1e12) {
        fprintf(stderr, "plaza calibrate: %s\n", c.msg);
        rc = EXIT_INPUT;
    } else {
        printf("objective (MAPE + 100 (1 - r)%s): %.3f after %d iterations, "
               "%d runs%s\n",
               c.pc2023 == 1   ? " + PC2023 targets"
               : c.pc2023 == 2 ? " + PC2023 members"
                               : "",
               s->fval, iter, c.evals,
               status == GSL_SUCCESS ? " (converged)" : "");
        printf("best values:\n");
        for (size_t i = 0; i < n; i++)
            printf("  %s: %.6g\n", o->params[i], exp(gsl_vector_get(s->x, i)));
        printf("as options:");
        for (size_t i = 0; i < n; i++)
            printf(" --set %s=%.6g", o->params[i],
                   exp(gsl_vector_get(s->x, i)));
        printf("\n\n");
        /* the fit at the best point */
        calib_f(s->x, &c);
        pz_fit_result f;
        if (pz_fit_evaluate_n(sc, o->data, c.replicates, c.threads, &f, &err) ==
            PZ_OK)
            print_fit(sc, &f);
    }
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(x);
    gsl_vector_free(step);
    pz_scenario_free(sc);
    return rc;
}
