/*
 * run.c - one run of a scenario written to a run directory:
 * national.csv, groups.csv and manifest.json (docs/OUTPUTS.md).
 *
 * Numbers are written in the short form of base/csvjson.h: integers
 * (stochastic mode) as integers, other values with at most six decimals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/calendar.h"
#include "base/csvjson.h"
#include "base/internal.h"
#include "exp/checkpoint.h"
#include "io/rundir.h"
#include "plaza/model.h"
#include "plaza/run.h"

void pz_run_options_init(pz_run_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->out_dir = "plaza-out";
    opt->write_groups = 1;
    opt->checkpoint_day = -1;
}

/* ",v" in the run tables' form (base/csvjson.h: NA when missing), in one
 * write: the groups table has a row per group and week */
static void put_num(FILE *f, double v)
{
    char buf[1 + PZ__NUM_MAX];
    buf[0] = ',';
    fwrite(buf, 1, 1 + pz__num_format(buf + 1, v, PZ__NUM_SHORT), f);
}

static void put_flows(FILE *f, const pz_flows *x)
{
    put_num(f, x->members);
    put_num(f, x->recruits);
    put_num(f, x->arrests);
    put_num(f, x->deaths);
    put_num(f, x->exits);
}

static void write_regions(const pz_model *m, FILE *f, pz_level level,
                          char *const *quoted, char *const *rnames,
                          const char *date)
{
    uint32_t step = pz_model_time(m);
    for (size_t i = 0; i < pz_model_region_count(m, level); i++) {
        pz_region_stats st;
        pz_model_region(m, level, i, &st);
        fprintf(f, "%u,%s,%s,%s", step, date, pz_model_region_code(m, level, i),
                rnames[i]);
        put_num(f, st.population);
        put_num(f, st.members);
        put_num(f, st.homicides);
        put_num(f, st.deaths);
        put_num(f, st.arrests);
        fprintf(f, ",%zu,%s", st.groups,
                st.controller >= 0 ? quoted[st.controller] : "");
        put_num(f, st.controller_share);
        fputc('\n', f);
    }
}

static int write_events(const pz_model *m, FILE *f, char *const *quoted,
                        const char *date);

/* The government's week: one row per level in gov, and one per level and
 * group with offices on its payroll (or bribes paid) in pay. */
static void write_government(const pz_model *m, FILE *gov, FILE *pay,
                             char *const *quoted, const char *date)
{
    uint32_t step = pz_model_time(m);
    for (int L = 0; L < 3; L++) {
        pz_gov_stats s;
        pz_model_government(m, (pz_gov_level)L, &s);
        fprintf(gov, "%u,%s,%s,%zu,%zu,%zu", step, date,
                pz_gov_level_name((pz_gov_level)L), s.offices, s.indirect,
                s.direct);
        put_num(gov, s.bribes);
        put_num(gov, s.officials_killed);
        put_num(gov, s.candidates_killed);
        fputc('\n', gov);
        for (size_t g = 0; g < pz_model_group_count(m); g++) {
            double b;
            size_t n = pz_model_payroll(m, (pz_gov_level)L, g, &b);
            if (n == 0 && b == 0)
                continue;
            fprintf(pay, "%u,%s,%s,%s,%zu", step, date,
                    pz_gov_level_name((pz_gov_level)L), quoted[g], n);
            put_num(pay, s.offices ? (double)n / (double)s.offices : 0);
            put_num(pay, b);
            fputc('\n', pay);
        }
    }
}

/* One step's rows of every table.  -1 when out of memory (a row would
 * miss a name). */
static int write_rows(const pz_model *m, FILE *nat, FILE *grp, FILE *reg,
                      FILE *evt, FILE *gov, FILE *pay, pz_level level,
                      char *const *quoted, char *const *rnames)
{
    char date[16];
    pz_flows t;
    size_t active;
    uint32_t step = pz_model_time(m);
    pz_date_format(pz_model_date(m, step), date, sizeof date);
    pz_model_totals(m, &t, &active);
    fprintf(nat, "%u,%s", step, date);
    put_flows(nat, &t);
    fprintf(nat, ",%zu", active);
    put_num(nat, pz_model_homicides(m));
    fputc('\n', nat);
    if (reg)
        write_regions(m, reg, level, quoted, rnames, date);
    if (evt && write_events(m, evt, quoted, date) != 0)
        return -1;
    if (gov)
        write_government(m, gov, pay, quoted, date);
    if (!grp)
        return 0;
    for (size_t i = 0; i < pz_model_group_count(m); i++) {
        pz_flows g;
        pz_model_group(m, i, &g);
        fprintf(grp, "%u,%s,%s", step, date, quoted[i]);
        put_flows(grp, &g);
        fputc('\n', grp);
    }
    return 0;
}

/* s as a CSV field, in a new string, or NULL. */
static char *quote(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    if (!mf)
        return NULL;
    pz__csv_field(mf, s);
    if (fclose(mf) != 0) {
        free(buf); /* libc's */
        return NULL;
    }
    char *out = pz__strdup(buf); /* the caller frees it with pz__free */
    free(buf);                   /* libc's */
    return out;
}

/* Names as CSV fields, quoted once for all rows: the groups' (level < 0)
 * or the regions' at level. */
static char **quote_names(const pz_model *m, int level)
{
    size_t n = level < 0 ? pz_model_group_count(m)
                         : pz_model_region_count(m, (pz_level)level);
    char **q = pz__calloc(n ? n : 1, sizeof *q);
    if (!q)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *s = level < 0 ? pz_model_group_name(m, i)
                                  : pz_model_region_name(m, (pz_level)level, i);
        if (!(q[i] = quote(s))) {
            for (size_t j = 0; j < i; j++)
                pz__free(q[j]);
            pz__free(q);
            return NULL;
        }
    }
    return q;
}

/* Quotes the names of groups that splits added since *nq; 0 or -1. */
static int quote_new_groups(const pz_model *m, char ***q, size_t *nq)
{
    size_t n = pz_model_group_count(m);
    if (n <= *nq)
        return 0;
    char **v = pz__realloc(*q, n * sizeof *v);
    if (!v)
        return -1;
    *q = v;
    for (; *nq < n; (*nq)++)
        if (!(v[*nq] = quote(pz_model_group_name(m, *nq))))
            return -1;
    return 0;
}

/* The last step's leader events, one row each.  -1 when a name could
 * not be quoted (out of memory): the table would miss it. */
static int write_events(const pz_model *m, FILE *f, char *const *quoted,
                        const char *date)
{
    int bad = 0;
    for (size_t k = 0; k < pz_model_event_count(m); k++) {
        const pz_event *e = pz_model_event(m, k);
        int has_other = e->other != (size_t)-1;
        int has_region = e->region != (size_t)-1;
        char *rname =
            has_region
                ? quote(pz_model_region_name(m, PZ_LEVEL_REGIONS, e->region))
                : NULL;
        bad |= has_region && !rname;
        fprintf(f, "%u,%s,%s,%s,%s,", pz_model_time(m), date,
                pz_event_kind_name(e->kind), pz_event_outcome_name(e->outcome),
                quoted[e->group]);
        if (has_other) {
            fputs(quoted[e->other], f);
        } else if (e->new_count) {
            /* the factions' names, separated by ';', as one field */
            char *buf = NULL;
            size_t len = 0;
            FILE *mf = open_memstream(&buf, &len);
            for (size_t j = 0; mf && j < e->new_count && j < PZ_EVENT_FACTIONS;
                 j++)
                fprintf(mf, "%s%s", j ? ";" : "",
                        pz_model_group_name(m, e->faction[j]));
            if (mf && fclose(mf) == 0) {
                char *q = quote(buf);
                bad |= !q;
                fputs(q ? q : "", f);
                pz__free(q);
            } else {
                bad = 1;
            }
            free(buf); /* libc's */
        }
        fprintf(f, ",%s,%s,%s",
                has_region
                    ? pz_model_region_code(m, PZ_LEVEL_REGIONS, e->region)
                    : "",
                rname ? rname : "", e->scripted ? "dated" : "drawn");
        pz__free(rname);
        put_num(f, e->members);
        fprintf(f, ",%zu\n", e->new_count);
    }
    return bad ? -1 : 0;
}

static void write_manifest(FILE *f, const pz_scenario *sc,
                           const pz_run_options *opt, int regional, double wall)
{
    pz__manifest_head(f, sc, opt->command);
    fprintf(f, ",\n  \"policy\": ");
    if (pz_scenario_policy(sc)) {
        pz__json_string(f, pz_scenario_policy(sc));
        if (pz_scenario_policy_start(sc) >= 0)
            fprintf(f, ",\n  \"policy_start_step\": %ld",
                    pz_scenario_policy_start(sc));
        else
            fprintf(f, ",\n  \"policy_start_step\": null");
    } else {
        fprintf(f, "null,\n  \"policy_start_step\": null");
    }
    fprintf(f, ",\n  \"seed\": %.0f,\n  \"replicate\": %u",
            pz_scenario_param(sc, PZ_P_SEED), opt->replicate);
    fprintf(f, ",\n  ");
    pz__manifest_parameters(f, sc);
    fprintf(f, ",\n  \"groups\": %zu,\n  ", pz_scenario_group_count(sc));
    pz__manifest_data_files(f, sc);
    fprintf(f, ",\n  \"tables\": [\"national.csv\"%s%s],\n",
            opt->write_groups ? ", \"groups.csv\"" : "",
            regional ? ", \"regions.csv\", \"events.csv\", "
                       "\"government.csv\", \"payroll.csv\""
                     : "");
    fprintf(f, "  \"wall_time_seconds\": %.6f\n}\n", wall);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

pz_status pz_run_write(const pz_scenario *sc, const pz_run_options *opt,
                       pz_error *err)
{
    static const char nat_head[] =
        "step,date,members,recruits,arrests,deaths,exits,groups,homicides\n";
    static const char reg_head[] =
        "step,date,region,region_name,population,members,homicides,deaths,"
        "arrests,groups,controller,controller_share\n";
    static const char grp_head[] =
        "step,date,group,members,recruits,arrests,deaths,exits\n";
    static const char evt_head[] =
        "step,date,event,outcome,group,other,region,region_name,origin,"
        "members,new_groups\n";
    static const char gov_head[] =
        "step,date,level,offices,indirect,direct,bribes,officials_killed,"
        "candidates_killed\n";
    static const char pay_head[] =
        "step,date,level,group,offices,share,bribes\n";
    double t0 = now();
    pz_model *m = NULL;
    pz__rundir rd;
    FILE *nat = NULL, *grp = NULL, *reg = NULL, *evt = NULL, *man = NULL;
    FILE *gov = NULL, *pay = NULL;
    char **quoted = NULL, **rnames = NULL;
    size_t nquoted = 0;
    pz_status st = pz_model_create(sc, opt->replicate, &m, err);
    if (st != PZ_OK)
        return st;
    if (opt->checkpoint_day >= 0 &&
        opt->checkpoint_day > pz_model_date(m, pz_model_steps(m))) {
        char d[16], e[16];
        pz_date_format(opt->checkpoint_day, d, sizeof d);
        pz_date_format(pz_model_date(m, pz_model_steps(m)), e, sizeof e);
        pz_model_destroy(m);
        return pz__fail(err, PZ_ERR_INPUT,
                        "--checkpoint-at %s: after the run's last step (%s)", d,
                        e);
    }
    if (opt->resume &&
        (st = pz__checkpoint_restore(opt->resume, m, err)) != PZ_OK) {
        pz_model_destroy(m);
        return st;
    }
    pz_level level =
        pz_scenario_param(sc, PZ_P_REGIONS_OUTPUT) == PZ_ROUT_REGIONS
            ? PZ_LEVEL_REGIONS
            : PZ_LEVEL_STATES;
    int regional = pz_model_region_count(m, level) > 0;
    nquoted = pz_model_group_count(m);
    if (!(quoted = quote_names(m, -1)) ||
        (regional && !(rnames = quote_names(m, (int)level)))) {
        st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        goto out_model;
    }
    if ((st = pz__rundir_open_run(&rd, opt->out_dir, err)) != PZ_OK)
        goto out_model;
    if ((st = pz__rundir_table(&rd, "national.csv", &nat, err)) != PZ_OK)
        goto out_abort;
    if (opt->write_groups &&
        (st = pz__rundir_table(&rd, "groups.csv", &grp, err)) != PZ_OK)
        goto out_abort;
    if (regional &&
        (st = pz__rundir_table(&rd, "regions.csv", &reg, err)) != PZ_OK)
        goto out_abort;
    if (regional &&
        (st = pz__rundir_table(&rd, "events.csv", &evt, err)) != PZ_OK)
        goto out_abort;
    if (regional &&
        ((st = pz__rundir_table(&rd, "government.csv", &gov, err)) != PZ_OK ||
         (st = pz__rundir_table(&rd, "payroll.csv", &pay, err)) != PZ_OK))
        goto out_abort;
    if (opt->resume) {
        /* the tables as written up to the checkpoint */
        FILE *fs[6] = {nat, grp, reg, evt, gov, pay};
        static const char *const names[6] = {"national.csv",   "groups.csv",
                                             "regions.csv",    "events.csv",
                                             "government.csv", "payroll.csv"};
        for (int k = 0; k < 6; k++) {
            size_t len;
            const char *b = pz__checkpoint_table(opt->resume, names[k], &len);
            if (!fs[k])
                continue;
            if (!b) {
                st = pz__fail(err, PZ_ERR_INPUT,
                              "the checkpoint holds no %s: resume with the "
                              "options of the checkpointed run%s",
                              names[k], k == 1 ? " (--no-groups)" : "");
                goto out_abort;
            }
            fwrite(b, 1, len, fs[k]);
        }
    } else {
        fputs(nat_head, nat);
        if (grp)
            fputs(grp_head, grp);
        if (reg)
            fputs(reg_head, reg);
        if (evt)
            fputs(evt_head, evt);
        if (gov) {
            fputs(gov_head, gov);
            fputs(pay_head, pay);
        }
        if (write_rows(m, nat, grp, reg, evt, gov, pay, level, quoted,
                       rnames) != 0) {
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            goto out_abort;
        }
    }
    int checkpointed = opt->checkpoint_day < 0;
    for (;;) {
        if (!checkpointed &&
            pz_model_date(m, pz_model_time(m)) >= opt->checkpoint_day) {
            /* into the run directory itself (created if new), so that it
             * outlives a run killed later; the commit keeps it */
            st = pz__rundir_make_final(&rd, err);
            if (st == PZ_OK)
                st = pz__checkpoint_write(rd.final, sc, opt->replicate, m, &rd,
                                          err);
            if (st != PZ_OK)
                goto out_abort;
            checkpointed = 1;
        }
        if (pz_model_time(m) >= pz_model_steps(m))
            break;
        if ((st = pz_model_step(m, err)) != PZ_OK)
            goto out_abort;
        if (quote_new_groups(m, &quoted, &nquoted) != 0) {
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            goto out_abort;
        }
        if (write_rows(m, nat, grp, reg, evt, gov, pay, level, quoted,
                       rnames) != 0) {
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            goto out_abort;
        }
        if (opt->progress && (pz_model_time(m) % PZ__STEPS_PER_YEAR == 0 ||
                              pz_model_time(m) == pz_model_steps(m)))
            opt->progress(opt->progress_ud, pz_model_time(m),
                          pz_model_steps(m));
    }
    if ((st = pz__rundir_table(&rd, "manifest.json", &man, err)) != PZ_OK)
        goto out_abort;
    write_manifest(man, sc, opt, regional, now() - t0);
    /* the tables of an earlier run that this one did not write go with
     * the old directory (io/rundir.h) */
    st = pz__rundir_commit(&rd, err);
    goto out_model;
out_abort:
    pz__rundir_abort(&rd);
out_model:
    for (size_t i = 0; quoted && i < nquoted; i++)
        pz__free(quoted[i]);
    pz__free(quoted);
    for (size_t i = 0; rnames && i < pz_model_region_count(m, level); i++)
        pz__free(rnames[i]);
    pz__free(rnames);
    pz_model_destroy(m);
    return st;
}
