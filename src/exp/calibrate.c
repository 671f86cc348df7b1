/*
 * calibrate.c - the calibration's objective and its Nelder-Mead search
 * (see plaza/calibrate.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>

#include "base/internal.h"
#include "base/stats.h"
#include "plaza/calibrate.h"
#include "plaza/params.h"

/* The value of a point the objective cannot judge: outside a parameter's
 * range, or a failed run. */
#define OUTSIDE 1e12

/* PC2023's estimates: members at the end of 2021 (the middle of
 * 160,000-185,000) and members killed in 2021. */
#define PC2023_MEMBERS 172500
#define PC2023_DEATHS  6500

static double objective_of(const pz_fit_result *f, pz_calibrate_targets t)
{
    double o = f->mape + (f->have_shares ? 100 * (1 - f->pearson_r) : 0);
    if (t != PZ_CALIBRATE_HOMICIDES && f->members_2021 >= 0)
        o += 100 * fabs(f->members_2021 / PC2023_MEMBERS - 1);
    if (t == PZ_CALIBRATE_PC2023 && f->members_2021 >= 0)
        o += 100 * fabs(f->deaths_2021 / PC2023_DEATHS - 1);
    return o;
}

pz_status pz_calibrate_objective(const pz_fit_result *f, pz_calibrate_targets t,
                                 double *out, pz_error *err)
{
    if (t != PZ_CALIBRATE_HOMICIDES && t != PZ_CALIBRATE_PC2023 &&
        t != PZ_CALIBRATE_PC2023_MEMBERS)
        return pz__fail(err, PZ_ERR_INPUT, "unknown calibration targets %d",
                        (int)t);
    *out = objective_of(f, t);
    return PZ_OK;
}

/* What the objective function needs: the scenario it sets, and the first
 * failure of a run.  A failure that does not depend on the point (bad
 * input: a fit whose question has no answer) or an objective that is not
 * finite stops the search: calib_f returns NaN, on which GSL's simplex
 * returns GSL_EBADFUNC (its handler is off, pz__gsl_quiet). */
typedef struct calib {
    pz_scenario *sc;
    const pz_calibrate_options *opt;
    int evals;
    int stop;         /* a failure that ends the search */
    pz_status failed; /* the first failed run's status, or PZ_OK */
    pz_error first;   /* and its message */
} calib;

/* Sets the parameters to exp(v); PZ_ERR_INPUT when one is outside its
 * range. */
static pz_status set_point(calib *c, const gsl_vector *v, pz_error *err)
{
    char buf[256];
    for (size_t i = 0; i < c->opt->nparams; i++) {
        snprintf(buf, sizeof buf, "%s=%.17g", c->opt->params[i],
                 exp(gsl_vector_get(v, i)));
        pz_status st = pz_scenario_set(c->sc, buf, err);
        if (st != PZ_OK)
            return st;
    }
    return PZ_OK;
}

static double calib_f(const gsl_vector *v, void *params)
{
    calib *c = params;
    pz_error err;
    pz_fit_result f;
    if (set_point(c, v, &err) != PZ_OK)
        return OUTSIDE;
    c->evals++;
    pz_status st = pz_fit_evaluate_n(
        c->sc, c->opt->data_dir, c->opt->replicates, c->opt->threads, &f, &err);
    if (st != PZ_OK) {
        if (c->failed == PZ_OK) {
            c->failed = st;
            c->first = err;
        }
        if (st == PZ_ERR_INPUT) {
            c->stop = 1;
            return NAN;
        }
        return OUTSIDE;
    }
    double o = objective_of(&f, c->opt->targets);
    if (!isfinite(o)) {
        c->stop = 1;
        c->failed = PZ_ERR_INPUT;
        pz__fail(&c->first, PZ_ERR_INPUT,
                 "the calibration's objective is not finite (MAPE %g over "
                 "%zu years, r %g): nothing to minimise",
                 f.mape, f.nyears, f.pearson_r);
        return NAN;
    }
    return o;
}

/* Checks the options and fills x with the logarithms of the starting
 * values. */
static pz_status check(const pz_scenario *sc, const pz_calibrate_options *o,
                       gsl_vector *x, pz_error *err)
{
    for (size_t i = 0; i < o->nparams; i++) {
        int id = pz_param_lookup(o->params[i]);
        if (id < 0 || pz_param_info_get((pz_param_id)id)->type != PZ_PARAM_REAL)
            return pz__fail(err, PZ_ERR_INPUT,
                            "--param %s: not a numeric parameter (see 'plaza "
                            "params')",
                            o->params[i]);
        double v = pz_scenario_param(sc, (pz_param_id)id);
        if (!(v > 0))
            return pz__fail(err, PZ_ERR_INPUT,
                            "--param %s: its starting value must be positive "
                            "(the search is over its logarithm), got %g",
                            o->params[i], v);
        gsl_vector_set(x, i, log(v));
    }
    return PZ_OK;
}

pz_status pz_calibrate_run(pz_scenario *sc, const pz_calibrate_options *opt,
                           pz_calibrate_result *out, pz_error *err)
{
    size_t n = opt->nparams;
    if (n == 0)
        return pz__fail(err, PZ_ERR_INPUT,
                        "name the parameters to fit with --param NAME "
                        "(repeatable)");
    if (n > PZ_CALIBRATE_MAX_PARAMS)
        return pz__fail(err, PZ_ERR_INPUT,
                        "at most %d parameters to fit, got %zu",
                        PZ_CALIBRATE_MAX_PARAMS, n);
    if (opt->replicates == 0 || opt->threads == 0)
        return pz__fail(err, PZ_ERR_INPUT,
                        "replicates and threads: at least 1, got %u and %u",
                        opt->replicates, opt->threads);
    if (opt->targets != PZ_CALIBRATE_HOMICIDES &&
        opt->targets != PZ_CALIBRATE_PC2023 &&
        opt->targets != PZ_CALIBRATE_PC2023_MEMBERS)
        return pz__fail(err, PZ_ERR_INPUT, "unknown calibration targets %d",
                        (int)opt->targets);
    pz_status st = PZ_OK;
    calib c = {.sc = sc, .opt = opt, .failed = PZ_OK};
    pz__gsl_quiet();
    gsl_multimin_function fn = {calib_f, n, &c};
    gsl_vector *x = gsl_vector_alloc(n), *step = gsl_vector_alloc(n);
    gsl_multimin_fminimizer *s =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
    if (!x || !step || !s) {
        st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        goto out_free;
    }
    if ((st = check(sc, opt, x, err)) != PZ_OK)
        goto out_free;
    gsl_vector_set_all(step, 0.5);
    int iter = 0, status = gsl_multimin_fminimizer_set(s, &fn, x, step);
    if (status != GSL_SUCCESS) {
        if (c.stop) {
            st = c.failed;
            if (err)
                *err = c.first;
        } else
            st = pz__fail(err, PZ_ERR_INTERNAL,
                          "calibration: the simplex could not start: %s",
                          gsl_strerror(status));
        goto out_free;
    }
    do {
        status = gsl_multimin_fminimizer_iterate(s);
        if (c.stop) {
            st = c.failed;
            if (err)
                *err = c.first;
            goto out_free;
        }
        if (status)
            break;
        status = gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), 1e-3);
        if (iter % 10 == 0 && opt->progress)
            opt->progress(opt->progress_ud, iter, s->fval);
    } while (status == GSL_CONTINUE && ++iter < opt->max_iter);
    if (c.failed != PZ_OK && s->fval >= OUTSIDE) {
        st = c.failed;
        if (err)
            *err = c.first;
        goto out_free;
    }
    for (size_t i = 0; i < n; i++)
        out->value[i] = exp(gsl_vector_get(s->x, i));
    out->objective = s->fval;
    out->iterations = iter;
    out->evaluations = c.evals;
    out->converged = status == GSL_SUCCESS;
    /* leave the scenario at the best point */
    st = set_point(&c, s->x, err);
out_free:
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(x);
    gsl_vector_free(step);
    return st;
}
