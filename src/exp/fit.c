/*
 * fit.c - comparing a run's homicides with INEGI's (see plaza/fit.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/internal.h"
#include "base/stats.h"
#include "exp/replicates.h"
#include "io/csv.h"
#include "plaza/fit.h"
#include "plaza/model.h"
#include "plaza/params.h"

#define FIRST_YEAR 1990

static pz_status read_national(const char *dir, double *by_year, int *have,
                               pz_error *err)
{
    char path[4096];
    pz__csv c;
    snprintf(path, sizeof path, "%s/mexico/national_homicides.csv", dir);
    pz_status st = pz__csv_open(&c, path, err);
    if (st != PZ_OK)
        return st;
    int cy = pz__csv_column(&c, "year", err);
    int ch = cy < 0 ? -1 : pz__csv_column(&c, "homicides", err);
    int r;
    while (ch >= 0 && (r = pz__csv_next(&c, err)) == 1) {
        double y, h;
        if ((st = pz__csv_number(&c, cy, FIRST_YEAR,
                                 FIRST_YEAR + PZ_FIT_MAX_YEARS - 1, &y, err)) !=
                PZ_OK ||
            (st = pz__csv_number(&c, ch, 0, 1e9, &h, err)) != PZ_OK)
            break;
        by_year[(int)y - FIRST_YEAR] = h;
        have[(int)y - FIRST_YEAR] = 1;
    }
    if (ch < 0)
        st = PZ_ERR_INPUT;
    else if (st == PZ_OK && r < 0)
        st = (pz_status)r;
    pz__csv_close(&c);
    return st;
}

static pz_status read_state_shares(const char *dir, double *share,
                                   pz_error *err)
{
    char path[4096];
    pz__csv c;
    snprintf(path, sizeof path,
             "%s/mexico/inegi_homicides_mun_month_1990_2015.csv", dir);
    pz_status st = pz__csv_open(&c, path, err);
    if (st != PZ_OK)
        return st;
    int cy = pz__csv_column(&c, "year", err);
    int cc = cy < 0 ? -1 : pz__csv_column(&c, "cvegeo", err);
    int ch = cc < 0 ? -1 : pz__csv_column(&c, "homicides", err);
    int r = 0;
    double total = 0;
    while (ch >= 0 && (r = pz__csv_next(&c, err)) == 1) {
        double y, h;
        const char *code = c.field[cc];
        if ((st = pz__csv_number(&c, cy, 1900, 2100, &y, err)) != PZ_OK)
            break;
        if (y < 2010 || y > 2015)
            continue;
        if (strlen(code) != 5 || strspn(code, "0123456789") != 5) {
            st = pz__fail(err, PZ_ERR_INPUT,
                          "%s:%ld: column 'cvegeo': expected 5 digits, got "
                          "'%s'",
                          path, c.rec_line, code);
            break;
        }
        int s = (code[0] - '0') * 10 + (code[1] - '0');
        int unspecified =
            strcmp(code + 2, "998") == 0 || strcmp(code + 2, "999") == 0;
        if (s < 1 || s > PZ_FIT_STATES || unspecified)
            continue;
        if ((st = pz__csv_number(&c, ch, 0, 1e9, &h, err)) != PZ_OK)
            break;
        share[s - 1] += h;
        total += h;
    }
    if (ch < 0)
        st = PZ_ERR_INPUT;
    else if (st == PZ_OK && r < 0)
        st = (pz_status)r;
    pz__csv_close(&c);
    for (int s = 0; st == PZ_OK && s < PZ_FIT_STATES; s++)
        share[s] = total > 0 ? share[s] / total : 0;
    return st;
}

/* Pearson's r of the state shares, 0 when it is undefined (a series of
 * equal shares, as when a run has no homicides in 2010-2015): a run
 * without the pattern counts as no association, so that the mean over
 * runs and calibrate's objective (MAPE + 100 (1 - r)) stay defined. */
static double shares_r(const double *x, const double *y)
{
    double r = pz__pearson(x, y, PZ_FIT_STATES);
    return isnan(r) ? 0 : r;
}

/* The shapes of series v (nyears values of the years in year[]): the
 * fields of pz_fit_result, NAN where a year is missing or a ratio or
 * logarithm would take a year without homicides. */
static void shapes(const int *year, const double *v, size_t nyears,
                   double *rise, double *dip, double *spread, double *trend)
{
    double at[3] = {NAN, NAN, NAN}; /* 2007, 2011, 2014 */
    static const int when[3] = {2007, 2011, 2014};
    double lo = INFINITY, hi = -INFINITY;
    double n = 0, sx = 0, sxx = 0, sy = 0, sxy = 0;
    for (size_t j = 0; j < nyears; j++) {
        for (int k = 0; k < 3; k++)
            if (year[j] == when[k])
                at[k] = v[j];
        if (year[j] >= 2018 && year[j] <= 2024) {
            double x = year[j] - 2021, ly = log(v[j]);
            lo = fmin(lo, v[j]);
            hi = fmax(hi, v[j]);
            n += 1;
            sx += x;
            sxx += x * x;
            sy += ly;
            sxy += x * ly;
        }
    }
    *rise = at[0] > 0 ? at[1] / at[0] - 1 : NAN;
    *dip = at[1] > 0 ? at[2] / at[1] - 1 : NAN;
    *spread = *trend = NAN;
    if (n == 7 && lo > 0) { /* every year of 2018-2024, none without */
        *spread = hi / lo - 1;
        *trend = exp((n * sxy - sx * sy) / (n * sxx - sx * sx)) - 1;
    }
}

/* Adds h homicides of the week (day0, day0 + 7] to the years it covers,
 * a seventh to each day. */
static void add_week(double *sim, long day0, double h)
{
    for (long d = day0 + 1; d <= day0 + PZ__DAYS_PER_WEEK; d++) {
        int y, mo, da;
        pz_civil_from_days(d, &y, &mo, &da);
        if (y >= FIRST_YEAR && y < FIRST_YEAR + PZ_FIT_MAX_YEARS)
            sim[y - FIRST_YEAR] += h / PZ__DAYS_PER_WEEK;
    }
}

/* One replicate's outcomes, by calendar year and by state code order. */
typedef struct fit_run {
    double year[PZ_FIT_MAX_YEARS]; /* homicides */
    double state[PZ_FIT_STATES];   /* homicides of 2010-2015 */
    char code[PZ_FIT_STATES][3];
    int have_shares;
    long first, last; /* the run's first and last days */
    double members_2021, deaths_2021;
} fit_run;

static pz_status run_one(const pz_scenario *sc, uint32_t rep, fit_run *o,
                         char *msg, size_t msglen)
{
    pz_model *m = NULL;
    pz_error err;
    double state_sim[PZ_FIT_STATES] = {0};
    memset(o, 0, sizeof *o);
    o->members_2021 = o->deaths_2021 = -1;
    pz_status st = pz_model_create(sc, rep, &m, &err);
    if (st != PZ_OK) {
        snprintf(msg, msglen, "%s", err.msg);
        return st;
    }
    size_t ns = pz_model_region_count(m, PZ_LEVEL_STATES);
    o->have_shares = ns == PZ_FIT_STATES;
    o->first = pz_model_date(m, 0);
    o->last = pz_model_date(m, pz_model_steps(m));
    while (pz_model_time(m) < pz_model_steps(m)) {
        long day0 = pz_model_date(m, pz_model_time(m));
        pz_error se;
        if ((st = pz_model_step(m, &se)) != PZ_OK) {
            snprintf(msg, msglen, "%s", se.msg);
            pz_model_destroy(m);
            return st;
        }
        add_week(o->year, day0, pz_model_homicides(m));
        int y, mo, da;
        pz_civil_from_days(day0 + 4, &y, &mo, &da);
        if (y == 2021) {
            pz_flows t;
            pz_model_totals(m, &t, NULL);
            o->members_2021 = t.members;
            o->deaths_2021 =
                (o->deaths_2021 < 0 ? 0 : o->deaths_2021) + t.deaths;
        }
        for (size_t s = 0; o->have_shares && y >= 2010 && y <= 2015 && s < ns;
             s++) {
            pz_region_stats rs;
            pz_model_region(m, PZ_LEVEL_STATES, s, &rs);
            state_sim[s] += rs.homicides;
        }
    }
    for (size_t s = 0; o->have_shares && s < ns; s++) {
        const char *code = pz_model_region_code(m, PZ_LEVEL_STATES, s);
        int k = (code[0] - '0') * 10 + (code[1] - '0') - 1;
        if (strlen(code) != 2 || k < 0 || k >= PZ_FIT_STATES) {
            o->have_shares = 0;
            break;
        }
        memcpy(o->code[k], code, 3);
        o->state[k] = state_sim[s];
    }
    pz_model_destroy(m);
    return PZ_OK;
}

typedef struct fit_ctx {
    const pz_scenario *sc;
    fit_run *runs;
} fit_ctx;

static pz_status fit_task(void *ctx, void *work, uint32_t i, char *msg,
                          size_t msglen)
{
    (void)work;
    fit_ctx *c = ctx;
    return run_one(c->sc, i, &c->runs[i], msg, msglen);
}

/* Shares of the states' homicides (in place); a run with none keeps 0. */
static void to_shares(double *v)
{
    double total = 0;
    for (int s = 0; s < PZ_FIT_STATES; s++)
        total += v[s];
    for (int s = 0; s < PZ_FIT_STATES; s++)
        v[s] = total > 0 ? v[s] / total : 0;
}

/* Keeps year k (FIRST_YEAR + k) when the data have it and a run from day
 * first to day last covers it whole. */
static int keep_year(const int *have, const double *obs, int k, long first,
                     long last)
{
    int y = FIRST_YEAR + k;
    return have[k] && pz_days_from_civil(y, 1, 1) > first &&
           pz_days_from_civil(y, 12, 31) <= last && obs[k] > 0;
}

static size_t count_years(const int *have, const double *obs, long first,
                          long last)
{
    size_t n = 0;
    for (int k = 0; k < PZ_FIT_MAX_YEARS; k++)
        n += (size_t)keep_year(have, obs, k, first, last);
    return n;
}

/* A fit whose run covers no whole year of the data has no answer (its MAPE
 * would be 0/0): refused, saying which years would do. */
static pz_status no_years(const pz_scenario *sc, long first, long last,
                          const int *have, pz_error *err)
{
    char a[16], b[16];
    int lo = -1, hi = -1;
    for (int k = 0; k < PZ_FIT_MAX_YEARS; k++)
        if (have[k]) {
            lo = lo < 0 ? FIRST_YEAR + k : lo;
            hi = FIRST_YEAR + k;
        }
    return pz__fail(err, PZ_ERR_INPUT,
                    "the run of %s (%s to %s, %.0f weeks) covers no whole "
                    "calendar year of the homicide data (%d-%d): the fit has "
                    "nothing to compare",
                    pz_scenario_name(sc), pz_date_format(first, a, sizeof a),
                    pz_date_format(last, b, sizeof b),
                    pz_scenario_param(sc, PZ_P_STEPS), lo, hi);
}

pz_status pz_fit_evaluate_n(const pz_scenario *sc, const char *data_dir,
                            unsigned replicates, unsigned threads,
                            pz_fit_result *out, pz_error *err)
{
    double obs[PZ_FIT_MAX_YEARS] = {0};
    int have[PZ_FIT_MAX_YEARS] = {0};
    memset(out, 0, sizeof *out);
    out->members_2021 = out->deaths_2021 = -1;
    out->rise = out->rise_obs = out->dip = out->dip_obs = NAN;
    out->spread = out->spread_obs = out->trend = out->trend_obs = NAN;
    if (!data_dir || !*data_dir)
        return pz__fail(err, PZ_ERR_INPUT,
                        "the fit reads the homicide data: give the data "
                        "directory with --data DIR or PLAZA_DATA");
    if (replicates == 0)
        return pz__fail(err, PZ_ERR_INPUT,
                        "the fit needs at least one replicate, got 0");
    /* a deterministic scenario's replicates are all the same run */
    unsigned n = pz_scenario_param(sc, PZ_P_MODE) == PZ_MODE_DETERMINISTIC
                     ? 1
                     : replicates;
    pz_status st = read_national(data_dir, obs, have, err);
    if (st != PZ_OK)
        return st;
    long first = (long)pz_scenario_param(sc, PZ_P_START);
    long last = pz_step_date(first, (long)pz_scenario_param(sc, PZ_P_STEPS));
    if (count_years(have, obs, first, last) == 0)
        return no_years(sc, first, last, have, err);
    fit_run *runs = pz__calloc(n, sizeof *runs);
    double *v = pz__malloc(2 * (size_t)n * sizeof *v);
    if (!runs || !v) {
        pz__free(runs);
        pz__free(v);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    fit_ctx ctx = {sc, runs};
    pz__tasks t = {
        .n = n, .threads = threads ? threads : 1, .ctx = &ctx, .run = fit_task};
    if ((st = pz__tasks_run(&t, err)) != PZ_OK)
        goto done;
    out->replicates = n;
    out->have_shares = runs[0].have_shares;
    memcpy(out->state_code, runs[0].code, sizeof out->state_code);
    if (out->have_shares)
        for (unsigned r = 0; r < n; r++)
            to_shares(runs[r].state);
    /* the years the runs cover whole that the data have */
    int keep[PZ_FIT_MAX_YEARS];
    for (int k = 0; k < PZ_FIT_MAX_YEARS; k++) {
        int y = FIRST_YEAR + k;
        keep[k] = keep_year(have, obs, k, runs[0].first, runs[0].last);
        if (!keep[k])
            continue;
        size_t j = out->nyears++;
        out->year[j] = y;
        out->observed[j] = obs[k];
        for (unsigned r = 0; r < n; r++)
            v[n + r] = runs[r].year[k];
        pz__summarise(v + n, 1, n, v, &out->simulated[j], &out->simulated_lo[j],
                      &out->simulated_hi[j]);
    }
    if (out->nyears == 0) { /* checked above; kept against a drift */
        st = no_years(sc, runs[0].first, runs[0].last, have, err);
        goto done;
    }
    /* the mean run's MAPE, and each run's */
    double abs_pct = 0;
    for (size_t j = 0; j < out->nyears; j++)
        abs_pct +=
            fabs(out->simulated[j] - out->observed[j]) / out->observed[j];
    out->mape = out->nyears ? 100 * abs_pct / (double)out->nyears : NAN;
    for (unsigned r = 0; r < n; r++) {
        double a = 0;
        for (int k = 0; k < PZ_FIT_MAX_YEARS; k++)
            if (keep[k])
                a += fabs(runs[r].year[k] - obs[k]) / obs[k];
        v[n + r] = out->nyears ? 100 * a / (double)out->nyears : NAN;
    }
    pz__summarise(v + n, 1, n, v, &out->mape_runs, &out->mape_runs_lo,
                  &out->mape_runs_hi);
    shapes(out->year, out->simulated, out->nyears, &out->rise, &out->dip,
           &out->spread, &out->trend);
    shapes(out->year, out->observed, out->nyears, &out->rise_obs, &out->dip_obs,
           &out->spread_obs, &out->trend_obs);
    /* members and deaths of 2021: the mean over runs */
    if (runs[0].members_2021 >= 0) {
        out->members_2021 = out->deaths_2021 = 0;
        for (unsigned r = 0; r < n; r++) {
            out->members_2021 += runs[r].members_2021 / n;
            out->deaths_2021 += runs[r].deaths_2021 / n;
        }
    }
    if (out->have_shares) {
        if ((st = read_state_shares(data_dir, out->share_observed, err)))
            goto done;
        double lo, hi;
        for (int s = 0; s < PZ_FIT_STATES; s++) {
            for (unsigned r = 0; r < n; r++)
                v[n + r] = runs[r].state[s];
            pz__summarise(v + n, 1, n, v, &out->share_simulated[s], &lo, &hi);
        }
        out->pearson_r = shares_r(out->share_observed, out->share_simulated);
        for (unsigned r = 0; r < n; r++)
            v[n + r] = shares_r(out->share_observed, runs[r].state);
        pz__summarise(v + n, 1, n, v, &out->r_runs, &out->r_runs_lo,
                      &out->r_runs_hi);
    }
done:
    pz__free(runs);
    pz__free(v);
    return st;
}

pz_status pz_fit_evaluate(const pz_scenario *sc, const char *data_dir,
                          pz_fit_result *out, pz_error *err)
{
    return pz_fit_evaluate_n(sc, data_dir, 1, 1, out, err);
}

pz_status pz_fit_weekly(const char *data_dir, long day0, const double *weekly,
                        size_t steps, const double *state_2010_2015,
                        pz_fit_result *out, pz_error *err)
{
    double obs[PZ_FIT_MAX_YEARS] = {0}, sim[PZ_FIT_MAX_YEARS] = {0};
    int have[PZ_FIT_MAX_YEARS] = {0};
    memset(out, 0, sizeof *out);
    out->members_2021 = out->deaths_2021 = -1;
    out->mape_runs = out->mape_runs_lo = out->mape_runs_hi = NAN;
    out->r_runs = out->r_runs_lo = out->r_runs_hi = NAN;
    out->pearson_r = NAN;
    if (!data_dir || !*data_dir)
        return pz__fail(err, PZ_ERR_INPUT,
                        "the fit reads the homicide data: give the data "
                        "directory with --data DIR or PLAZA_DATA");
    pz_status st = read_national(data_dir, obs, have, err);
    if (st != PZ_OK)
        return st;
    /* the week ending at step t runs from the date of step t - 1 */
    for (size_t t = 1; t <= steps; t++)
        add_week(sim, day0 + (long)(t - 1) * PZ__DAYS_PER_WEEK, weekly[t]);
    long last = day0 + (long)steps * PZ__DAYS_PER_WEEK;
    double abs_pct = 0;
    for (int k = 0; k < PZ_FIT_MAX_YEARS; k++) {
        int y = FIRST_YEAR + k;
        if (!have[k] || obs[k] <= 0 || pz_days_from_civil(y, 1, 1) <= day0 ||
            pz_days_from_civil(y, 12, 31) > last)
            continue;
        size_t j = out->nyears++;
        out->year[j] = y;
        out->observed[j] = obs[k];
        out->simulated[j] = out->simulated_lo[j] = out->simulated_hi[j] =
            sim[k];
        abs_pct += fabs(sim[k] - obs[k]) / obs[k];
    }
    out->replicates = 1;
    out->mape = out->nyears ? 100 * abs_pct / (double)out->nyears : NAN;
    shapes(out->year, out->simulated, out->nyears, &out->rise, &out->dip,
           &out->spread, &out->trend);
    shapes(out->year, out->observed, out->nyears, &out->rise_obs, &out->dip_obs,
           &out->spread_obs, &out->trend_obs);
    if (state_2010_2015) {
        if ((st = read_state_shares(data_dir, out->share_observed, err)))
            return st;
        out->have_shares = 1;
        memcpy(out->share_simulated, state_2010_2015,
               sizeof out->share_simulated);
        to_shares(out->share_simulated);
        for (int s = 0; s < PZ_FIT_STATES; s++)
            snprintf(out->state_code[s], sizeof out->state_code[s], "%02d",
                     s + 1);
        out->pearson_r = shares_r(out->share_observed, out->share_simulated);
    }
    return PZ_OK;
}
