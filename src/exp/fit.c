/*
 * fit.c - comparing a run's homicides with INEGI's (see plaza/fit.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "io/csv.h"
#include "plaza/fit.h"
#include "plaza/model.h"

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
                                 FIRST_YEAR + PZ_FIT_MAX_YEARS - 1, &y,
                                 err)) != PZ_OK ||
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
        if (strlen(code) != 5) {
            st = pz__fail(err, PZ_ERR_INPUT,
                          "%s:%ld: column 'cvegeo': expected 5 digits, got "
                          "'%s'",
                          path, c.rec_line, code);
            break;
        }
        int s = (code[0] - '0') * 10 + (code[1] - '0');
        int unspecified = strcmp(code + 2, "998") == 0 ||
                          strcmp(code + 2, "999") == 0;
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

static double pearson(const double *x, const double *y, int n)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < n; i++) {
        mx += x[i] / n;
        my += y[i] / n;
    }
    for (int i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0;
}

/* Adds h homicides of the week (day0, day0 + 7] to the years it covers. */
static void add_week(double *sim, long day0, double h)
{
    for (long d = day0 + 1; d <= day0 + 7; d++) {
        int y, mo, da;
        pz_civil_from_days(d, &y, &mo, &da);
        if (y >= FIRST_YEAR && y < FIRST_YEAR + PZ_FIT_MAX_YEARS)
            sim[y - FIRST_YEAR] += h / 7;
    }
}

pz_status pz_fit_evaluate(const pz_scenario *sc, const char *data_dir,
                          pz_fit_result *out, pz_error *err)
{
    double obs[PZ_FIT_MAX_YEARS] = {0}, sim[PZ_FIT_MAX_YEARS] = {0};
    int have[PZ_FIT_MAX_YEARS] = {0};
    double state_sim[PZ_FIT_STATES] = {0};
    pz_model *m = NULL;
    memset(out, 0, sizeof *out);
    out->members_2021 = out->deaths_2021 = -1;
    if (!data_dir || !*data_dir)
        return pz__fail(err, PZ_ERR_INPUT,
                        "the fit reads the homicide data: give the data "
                        "directory with --data DIR or PLAZA_DATA");
    pz_status st = read_national(data_dir, obs, have, err);
    if (st != PZ_OK)
        return st;
    if ((st = pz_model_create(sc, 0, &m, err)) != PZ_OK)
        return st;
    size_t ns = pz_model_region_count(m, PZ_LEVEL_STATES);
    out->have_shares = ns == PZ_FIT_STATES;
    /* the first and last simulated years are partial: compare only years
     * the run covers whole */
    long first = pz_model_date(m, 0), last = pz_model_date(m, pz_model_steps(m));
    while (pz_model_time(m) < pz_model_steps(m)) {
        long day0 = pz_model_date(m, pz_model_time(m));
        if ((st = pz_model_step(m)) != PZ_OK) {
            pz__fail(err, st, "%s", pz_model_errmsg(m));
            pz_model_destroy(m);
            return st;
        }
        add_week(sim, day0, pz_model_homicides(m));
        int y, mo, da;
        pz_civil_from_days(day0 + 4, &y, &mo, &da);
        if (y == 2021) {
            pz_flows t;
            pz_model_totals(m, &t, NULL);
            out->members_2021 = t.members;
            out->deaths_2021 = (out->deaths_2021 < 0 ? 0 : out->deaths_2021) +
                               t.deaths;
        }
        for (size_t s = 0; out->have_shares && y >= 2010 && y <= 2015 &&
                           s < ns;
             s++) {
            pz_region_stats rs;
            pz_model_region(m, PZ_LEVEL_STATES, s, &rs);
            state_sim[s] += rs.homicides;
        }
    }
    if (out->have_shares) {
        for (size_t s = 0; s < ns; s++) {
            const char *code = pz_model_region_code(m, PZ_LEVEL_STATES, s);
            int k = (code[0] - '0') * 10 + (code[1] - '0') - 1;
            if (strlen(code) != 2 || k < 0 || k >= PZ_FIT_STATES) {
                out->have_shares = 0;
                break;
            }
            memcpy(out->state_code[k], code, 3);
            out->share_simulated[k] = state_sim[s];
        }
    }
    pz_model_destroy(m);
    double abs_pct = 0;
    for (int k = 0; k < PZ_FIT_MAX_YEARS; k++) {
        int y = FIRST_YEAR + k;
        long jan1 = pz_days_from_civil(y, 1, 1);
        long dec31 = pz_days_from_civil(y, 12, 31);
        if (!have[k] || jan1 <= first || dec31 > last || obs[k] <= 0)
            continue;
        out->year[out->nyears] = y;
        out->observed[out->nyears] = obs[k];
        out->simulated[out->nyears] = sim[k];
        abs_pct += fabs(sim[k] - obs[k]) / obs[k];
        out->nyears++;
    }
    out->mape = out->nyears ? 100 * abs_pct / (double)out->nyears : NAN;
    if (out->have_shares) {
        double total = 0;
        for (int s = 0; s < PZ_FIT_STATES; s++)
            total += out->share_simulated[s];
        for (int s = 0; s < PZ_FIT_STATES; s++)
            out->share_simulated[s] = total > 0 ? out->share_simulated[s] / total
                                                : 0;
        if ((st = read_state_shares(data_dir, out->share_observed, err)))
            return st;
        out->pearson_r = pearson(out->share_observed, out->share_simulated,
                                 PZ_FIT_STATES);
    }
    return PZ_OK;
}
