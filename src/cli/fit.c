/*
 * fit.c - `plaza fit` and `plaza calibrate`.
 *
 * fit: the fit of a scenario's replicates (-n, default 20; once when
 * deterministic) to INEGI's homicides (plaza/fit.h), printed: homicides
 * per year against INEGI's with the replicates' 95% range, the mean
 * absolute percentage error (MAPE) of the mean and of one replicate, the
 * shape of the series, for a scenario with regions the states' shares of
 * 2010-2015 homicides with Pearson's r, and the objective of calibrate.
 *
 * calibrate: the search of plaza/calibrate.h over the parameters named
 * with --param; prints the best values as --set options and the fit
 * there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include "cli/cli.h"
#include "plaza/calibrate.h"
#include "plaza/fit.h"

typedef struct fit_opts {
    cli_scenario sc;
    cli_uint n;
    cli_uint threads;
} fit_opts;

const size_t fit_opts_size = sizeof(fit_opts);

const cli_option fit_options[] = {
    CLI_OPT_STR('p', "policy", fit_opts, sc.policy, "NAME",
                "apply one of the scenario's policies"),
    CLI_OPT_UINT('n', "replicates", fit_opts, n, "N", 1, 1000000, 20,
                 "replicates 0..N-1, averaged (default: 20; one run\n"
                 "when deterministic); their 95% range is shown"),
    CLI_OPT_UINT('t', "threads", fit_opts, threads, "T", 1, 1024, 1,
                 "threads (default: all cores); the fit does not\n"
                 "depend on T"),
    CLI_OPT_END};

typedef struct calibrate_opts {
    cli_scenario sc;
    cli_uint n;
    cli_uint threads;
    cli_list params;
    cli_uint max_iter;
    int targets; /* pz_calibrate_targets */
} calibrate_opts;

const size_t calibrate_opts_size = sizeof(calibrate_opts);

const cli_option calibrate_options[] = {
    CLI_OPT_STR('p', "policy", calibrate_opts, sc.policy, "NAME",
                "apply one of the scenario's policies"),
    CLI_OPT_UINT('n', "replicates", calibrate_opts, n, "N", 1, 1000000, 1,
                 "each evaluation the mean of replicates 0..N-1,\n"
                 "the same at every point (default: 1)"),
    CLI_OPT_UINT('t', "threads", calibrate_opts, threads, "T", 1, 1024, 1,
                 "threads (default: all cores)"),
    CLI_OPT_LIST(0, "param", calibrate_opts, params, "NAME",
                 PZ_CALIBRATE_MAX_PARAMS,
                 "a parameter to fit (repeatable; searched over its\n"
                 "logarithm from its scenario value)"),
    CLI_OPT_UINT(0, "max-iter", calibrate_opts, max_iter, "N", 0, 100000, 200,
                 "simplex iterations at most (default: 200)"),
    {.name = "pc2023-targets",
     .kind = CLI_FLAG,
     .off = offsetof(calibrate_opts, targets),
     .def = PZ_CALIBRATE_PC2023,
     .exclusive = 1,
     .help = "also fit members at the end of 2021 (172,500)\n"
             "and members killed in 2021 (6,500), PC2023's\n"
             "estimates"},
    {.name = "pc2023-members",
     .kind = CLI_FLAG,
     .off = offsetof(calibrate_opts, targets),
     .def = PZ_CALIBRATE_PC2023_MEMBERS,
     .exclusive = 1,
     .help = "also fit members at the end of 2021 (172,500),\n"
             "but not members killed"},
    CLI_OPT_END};

static double objective(const pz_fit_result *f, pz_calibrate_targets t)
{
    double v = NAN;
    pz_calibrate_objective(f, t, &v, NULL);
    return v;
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
    printf("\n  objective of plaza calibrate: %.3f",
           objective(f, PZ_CALIBRATE_HOMICIDES));
    if (f->members_2021 >= 0)
        printf("; with --pc2023-members %.3f; with --pc2023-targets %.3f",
               objective(f, PZ_CALIBRATE_PC2023_MEMBERS),
               objective(f, PZ_CALIBRATE_PC2023));
    printf("\n");
}

int cmd_fit(const cli_call *c)
{
    const fit_opts *o = c->opts;
    int code;
    pz_error err;
    pz_fit_result f;
    pz_scenario *sc = cli_load("fit", &o->sc, &code);
    if (!sc)
        return code;
    pz_status st = pz_fit_evaluate_n(sc, cli_data_dir(o->sc.data), o->n.value,
                                     cli_threads(&o->threads), &f, &err);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza fit: %s\n", err.msg);
        pz_scenario_free(sc);
        return cli_exit_code(st);
    }
    print_fit(sc, &f);
    pz_scenario_free(sc);
    return 0;
}

static void show_iteration(void *ud, int iteration, double objective_value)
{
    (void)ud;
    fprintf(stderr, "plaza calibrate: iteration %d, objective %.3f\n",
            iteration, objective_value);
}

int cmd_calibrate(const cli_call *c)
{
    const calibrate_opts *o = c->opts;
    int code;
    pz_error err;
    pz_scenario *sc = cli_load("calibrate", &o->sc, &code);
    if (!sc)
        return code;
    pz_calibrate_options opt = {.data_dir = cli_data_dir(o->sc.data),
                                .params = o->params.v,
                                .nparams = o->params.n,
                                .replicates = o->n.value,
                                .threads = cli_threads(&o->threads),
                                .max_iter = (int)o->max_iter.value,
                                .targets = (pz_calibrate_targets)o->targets,
                                .progress = show_iteration};
    pz_calibrate_result r;
    pz_fit_result f;
    pz_status st = pz_calibrate_run(sc, &opt, &r, &err);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza calibrate: %s\n", err.msg);
        pz_scenario_free(sc);
        return cli_exit_code(st);
    }
    printf("objective (MAPE + 100 (1 - r)%s): %.3f after %d iterations, "
           "%d runs%s\n",
           opt.targets == PZ_CALIBRATE_PC2023           ? " + PC2023 targets"
           : opt.targets == PZ_CALIBRATE_PC2023_MEMBERS ? " + PC2023 members"
                                                        : "",
           r.objective, r.iterations, r.evaluations,
           r.converged ? " (converged)" : "");
    printf("best values:\n");
    for (size_t i = 0; i < opt.nparams; i++)
        printf("  %s: %.6g\n", opt.params[i], r.value[i]);
    printf("as options:");
    for (size_t i = 0; i < opt.nparams; i++)
        printf(" --set %s=%.6g", opt.params[i], r.value[i]);
    printf("\n\n");
    /* the fit at the best point, where the search left the scenario */
    if (pz_fit_evaluate_n(sc, cli_data_dir(o->sc.data), opt.replicates,
                          opt.threads, &f, &err) == PZ_OK)
        print_fit(sc, &f);
    pz_scenario_free(sc);
    return 0;
}
