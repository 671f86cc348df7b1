/*
 * report.c - the HTML report (see plaza/report.h).
 *
 * The data are read from the run directories' tables and written into
 * the page as one JSON object in a <script type="application/json">
 * element, which the page's script (report.js) parses and draws with d3
 * version 3.  National series are weekly; regional figures are summed
 * into calendar years (homicides) or taken at each year's last step
 * (controller).  The fit to INEGI's homicides is computed here, by
 * pz_fit_weekly (plaza/fit.h), not in the page.
 *
 * Safety: every string taken from a run directory, a scenario or a data
 * file enters the page through pz__json_string_html (base/csvjson.h),
 * which escapes <, >, &, / and U+2028/9, so no value can close the data
 * element; the boundaries file, inlined as it is, goes through
 * raw_json() with the same escapes; no data is ever printed with "%s".
 * The page's scripts are allowed by their SHA-256 in a
 * Content-Security-Policy that forbids every other script, inline
 * handler and network request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic.h"
#include "base/calendar.h"
#include "base/csvjson.h"
#include "base/internal.h"
#include "base/limits.h"
#include "io/csv.h"
#include "plaza/date.h"
#include "plaza/fit.h"
#include "plaza/params.h"
#include "plaza/report.h"
#include "plaza/scenario.h"
#include "world/scenario.h"

#define jstr pz__json_string_html

static int exists(const char *dir, const char *name, char *path, size_t n)
{
    struct stat st;
    snprintf(path, n, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

/* ---- the manifest: a JSON string value by key ------------------------ */

static void put_utf8(char **o, unsigned long c)
{
    unsigned char *p = (unsigned char *)*o;
    if (c < 0x80)
        *p++ = (unsigned char)c;
    else if (c < 0x800) {
        *p++ = (unsigned char)(0xc0 | c >> 6);
        *p++ = (unsigned char)(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        *p++ = (unsigned char)(0xe0 | c >> 12);
        *p++ = (unsigned char)(0x80 | (c >> 6 & 0x3f));
        *p++ = (unsigned char)(0x80 | (c & 0x3f));
    } else {
        *p++ = (unsigned char)(0xf0 | c >> 18);
        *p++ = (unsigned char)(0x80 | (c >> 12 & 0x3f));
        *p++ = (unsigned char)(0x80 | (c >> 6 & 0x3f));
        *p++ = (unsigned char)(0x80 | (c & 0x3f));
    }
    *o = (char *)p;
}

/* The value of the first "key": "..." in a manifest, unescaped, or NULL
 * (absent, null or not a string); *nomem (when not NULL) is set when the
 * value is there but could not be copied. */
static char *manifest_string(const char *json, const char *key, int *nomem)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": \"", key);
    const char *p = strstr(json, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    char *s = pz__malloc(strlen(p) + 1), *o = s; /* never grows */
    if (!s) {
        if (nomem)
            *nomem = 1;
        return NULL;
    }
    for (; *p && *p != '"'; p++) {
        if (*p != '\\') {
            *o++ = *p;
            continue;
        }
        p++;
        switch (*p) {
        case 'n':
            *o++ = '\n';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 'u': {
            unsigned long c = 0;
            int k;
            for (k = 1; k <= 4 && p[k]; k++) {
                char h = p[k];
                c = c * 16 + (unsigned long)(h <= '9'   ? h - '0'
                                             : h <= 'F' ? h - 'A' + 10
                                                        : h - 'a' + 10);
            }
            p += k - 1;
            if (c >= 0xd800 && c < 0xdc00 && p[1] == '\\' && p[2] == 'u') {
                unsigned long lo =
                    strtoul((char[]){p[3], p[4], p[5], p[6], 0}, NULL, 16);
                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
                p += 6;
            }
            put_utf8(&o, c);
            break;
        }
        case '\0':
            p--;
            break;
        default: /* \" \\ \/ */
            *o++ = *p;
        }
    }
    *o = '\0';
    return s;
}

/* ---- growable arrays of doubles --------------------------------------- */

typedef struct vec {
    double *v;
    size_t n, cap;
} vec;

static int vec_push(vec *a, double x)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 1024;
        double *v = pz__realloc(a->v, cap * sizeof *v);
        if (!v)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = x;
    return 0;
}

static void vec_json(FILE *f, const vec *a)
{
    fputc('[', f);
    for (size_t i = 0; i < a->n; i++) {
        if (i)
            fputc(',', f);
        pz__json_num(f, a->v[i]);
    }
    fputc(']', f);
}

#define NVAR 5
#define NQ   6
static const char *const vars[NVAR] = {"members", "recruits", "arrests",
                                       "deaths", "homicides"};
static const char *const qcols[NQ] = {"mean", "q05", "q25",
                                      "q50",  "q75", "q95"};

/* One directory's national series: dates (days) and, per variable, the
 * mean (a run's value) and, for an ensemble, the quantiles. */
typedef struct national {
    int ensemble;
    vec day;
    vec s[NVAR][NQ];
} national;

static void national_free(national *n)
{
    pz__free(n->day.v);
    for (int v = 0; v < NVAR; v++)
        for (int k = 0; k < NQ; k++)
            pz__free(n->s[v][k].v);
}

static pz_status bad_date(pz__csv *c, int col, long *day, pz_error *err)
{
    pz_error e;
    if (pz_date_parse(c->field[col], day, &e) != PZ_OK)
        return pz__fail(err, PZ_ERR_INPUT, "%s:%ld: column 'date': %s", c->path,
                        c->rec_line, e.msg);
    return PZ_OK;
}

/* national.csv (a run) or national_summary.csv (an ensemble). */
static pz_status national_read(national *n, const char *path, int ensemble,
                               pz_error *err)
{
    pz__csv c;
    pz_status st = pz__csv_open(&c, path, err);
    if (st != PZ_OK)
        return st;
    n->ensemble = ensemble;
    int cd = pz__csv_column(&c, "date", err), cv = -1,
        ci[NVAR > NQ ? NVAR : NQ];
    int ok = cd >= 0;
    if (ensemble) {
        cv = ok ? pz__csv_column(&c, "variable", err) : -1;
        ok = cv >= 0;
        for (int k = 0; ok && k < NQ; k++)
            ok = (ci[k] = pz__csv_column(&c, qcols[k], err)) >= 0;
    } else
        for (int v = 0; ok && v < NVAR; v++)
            ok = (ci[v] = pz__csv_column(&c, vars[v], err)) >= 0;
    if (!ok) {
        pz__csv_close(&c);
        return PZ_ERR_INPUT;
    }
    int r;
    long last = -1;
    while ((r = pz__csv_next(&c, err)) == 1) {
        long day;
        double x;
        if ((st = bad_date(&c, cd, &day, err)))
            break;
        if (day != last && vec_push(&n->day, (double)day)) {
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            break;
        }
        last = day;
        if (!ensemble) {
            for (int v = 0; st == PZ_OK && v < NVAR; v++)
                if (!(st = pz__csv_number(&c, ci[v], -1e300, 1e300, &x, err)) &&
                    vec_push(&n->s[v][0], x))
                    st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        } else {
            int v;
            for (v = 0; v < NVAR && strcmp(vars[v], c.field[cv]) != 0; v++)
                ;
            for (int k = 0; v < NVAR && st == PZ_OK && k < NQ; k++)
                if (!(st = pz__csv_number(&c, ci[k], -1e300, 1e300, &x, err)) &&
                    vec_push(&n->s[v][k], x))
                    st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        }
        if (st != PZ_OK)
            break;
    }
    if (r < 0)
        st = (pz_status)r;
    pz__csv_close(&c);
    for (int v = 0; st == PZ_OK && v < NVAR; v++)
        if (n->s[v][0].n != n->day.n)
            st = pz__fail(err, PZ_ERR_INPUT,
                          "%s: variable '%s' has %zu rows for %zu dates", path,
                          vars[v], n->s[v][0].n, n->day.n);
    return st;
}

static void date_json(FILE *f, long day)
{
    char buf[16];
    jstr(f, pz_date_format(day, buf, sizeof buf));
}

static void national_json(FILE *f, const national *n)
{
    fputs("\"dates\":[", f);
    for (size_t i = 0; i < n->day.n; i++) {
        if (i)
            fputc(',', f);
        date_json(f, (long)n->day.v[i]);
    }
    fputs("],\"series\":{", f);
    for (int v = 0; v < NVAR; v++) {
        fputs(v ? "," : "", f);
        jstr(f, vars[v]);
        fputs(":{", f);
        for (int k = 0; k < (n->ensemble ? NQ : 1); k++) {
            fputs(k ? "," : "", f);
            jstr(f, qcols[k]);
            fputc(':', f);
            vec_json(f, &n->s[v][k]);
        }
        fputc('}', f);
    }
    fputc('}', f);
}

/* ---- regions ------------------------------------------------------------ */

#define MAXREG  64
#define MAXYEAR 200
#define NAMELEN 96

typedef struct regions {
    char code[MAXREG][8], name[MAXREG][NAMELEN];
    char ctrl[MAXYEAR][MAXREG][NAMELEN];
    double hom[MAXYEAR][MAXREG], pop[MAXREG];
    double state_2010_2015[PZ_FIT_STATES]; /* for the fit, by code */
    int nreg, y0, ny, states;              /* states: codes 01..32 only */
} regions;

/* Regions by year: homicides summed, controller at the year's last row.
 * summary: an ensemble's regions_summary.csv (means). */
static pz_status regions_read(regions *g, const char *path, int summary,
                              pz_error *err)
{
    pz__csv c;
    pz_status st = pz__csv_open(&c, path, err);
    if (st != PZ_OK)
        return st;
    int cd = pz__csv_column(&c, "date", err);
    int cr = cd < 0 ? -1 : pz__csv_column(&c, "region", err);
    int cn = cr < 0 ? -1 : pz__csv_column(&c, "region_name", err);
    int cv = -1, cm = -1, ch = -1, cc = -1, cp = -1;
    if (cn >= 0 && summary) {
        cv = pz__csv_column(&c, "variable", err);
        cm = cv < 0 ? -1 : pz__csv_column(&c, "mean", err);
    } else if (cn >= 0) {
        ch = pz__csv_column(&c, "homicides", err);
        cc = ch < 0 ? -1 : pz__csv_column(&c, "controller", err);
        cp = cc < 0 ? -1 : pz__csv_column(&c, "population", err);
    }
    if (summary ? cm < 0 : cp < 0) {
        pz__csv_close(&c);
        return PZ_ERR_INPUT;
    }
    g->nreg = 0;
    g->y0 = -1;
    g->ny = 0;
    g->states = 1;
    int r;
    while ((r = pz__csv_next(&c, err)) == 1) {
        long day;
        int y, mo, da, y4;
        if ((st = bad_date(&c, cd, &day, err)))
            break;
        pz_civil_from_days(day, &y, &mo, &da);
        pz_civil_from_days(day - 3, &y4, &mo, &da); /* the week's 4th day */
        if (g->y0 < 0)
            g->y0 = y;
        int yi = y - g->y0;
        if (yi < 0 || yi >= MAXYEAR)
            continue;
        if (yi + 1 > g->ny)
            g->ny = yi + 1;
        int k;
        for (k = 0; k < g->nreg && strcmp(g->code[k], c.field[cr]) != 0; k++)
            ;
        if (k == g->nreg) {
            if (g->nreg == MAXREG)
                continue;
            snprintf(g->code[k], sizeof g->code[k], "%s", c.field[cr]);
            snprintf(g->name[k], sizeof g->name[k], "%s", c.field[cn]);
            const char *s = g->code[k];
            int num = atoi(s);
            if (strlen(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' ||
                s[1] > '9' || num < 1 || num > PZ_FIT_STATES)
                g->states = 0;
            g->nreg++;
        }
        double x;
        if (summary) {
            if (strcmp(c.field[cv], "homicides") != 0)
                continue;
            if ((st = pz__csv_number(&c, cm, -1e300, 1e300, &x, err)))
                break;
        } else {
            if ((st = pz__csv_number(&c, ch, -1e300, 1e300, &x, err)) ||
                (st = pz__csv_number(&c, cp, 0, 1e12, &g->pop[k], err)))
                break;
            snprintf(g->ctrl[yi][k], sizeof g->ctrl[yi][k], "%s", c.field[cc]);
        }
        g->hom[yi][k] += x;
        int num = atoi(g->code[k]);
        if (g->states && y4 >= 2010 && y4 <= 2015 && num >= 1 &&
            num <= PZ_FIT_STATES)
            g->state_2010_2015[num - 1] += x;
    }
    if (r < 0)
        st = (pz_status)r;
    pz__csv_close(&c);
    if (g->nreg != PZ_FIT_STATES)
        g->states = 0;
    return st;
}

static void regions_json(FILE *out, const regions *g, int summary)
{
    fprintf(out, ",\"regions\":{\"first_year\":%d,\"codes\":[", g->y0);
    for (int k = 0; k < g->nreg; k++) {
        fputs(k ? "," : "", out);
        jstr(out, g->code[k]);
    }
    fputs("],\"names\":[", out);
    for (int k = 0; k < g->nreg; k++) {
        fputs(k ? "," : "", out);
        jstr(out, g->name[k]);
    }
    fputs("],\"population\":[", out);
    for (int k = 0; k < g->nreg; k++) {
        fputs(k ? "," : "", out);
        pz__json_num(out, summary ? NAN : g->pop[k]);
    }
    fputs("],\"homicides\":[", out);
    for (int y = 0; y < g->ny; y++) {
        fputs(y ? ",[" : "[", out);
        for (int k = 0; k < g->nreg; k++) {
            fputs(k ? "," : "", out);
            pz__json_num(out, g->hom[y][k]);
        }
        fputc(']', out);
    }
    fputs("],\"controller\":", out);
    if (summary)
        fputs("null", out);
    else {
        fputc('[', out);
        for (int y = 0; y < g->ny; y++) {
            fputs(y ? ",[" : "[", out);
            for (int k = 0; k < g->nreg; k++) {
                fputs(k ? "," : "", out);
                jstr(out, g->ctrl[y][k]);
            }
            fputc(']', out);
        }
        fputc(']', out);
    }
    fputc('}', out);
}

/* ---- the largest groups (groups.csv of a run) ------------------------- */

#define TOPGROUPS 8

/* The TOPGROUPS groups of highest peak membership, each one's members at
 * every step (null before it exists). */
static pz_status groups_json(FILE *out, const char *path, size_t nsteps,
                             pz_error *err)
{
    pz__csv c;
    pz_status st = pz__csv_open(&c, path, err);
    if (st != PZ_OK)
        return st;
    int cs = pz__csv_column(&c, "step", err);
    int cg = cs < 0 ? -1 : pz__csv_column(&c, "group", err);
    int cm = cg < 0 ? -1 : pz__csv_column(&c, "members", err);
    if (cm < 0) {
        pz__csv_close(&c);
        return PZ_ERR_INPUT;
    }
    char **name = NULL;
    double **mem = NULL, *peak = NULL;
    size_t ng = 0, cap = 0, j = 0;
    long last = -1;
    int r;
    while ((r = pz__csv_next(&c, err)) == 1) {
        double step, x;
        if ((st = pz__csv_number(&c, cs, 0, (double)nsteps - 1, &step, err)) ||
            (st = pz__csv_number(&c, cm, -1e300, 1e300, &x, err)))
            break;
        if ((long)step != last)
            j = 0; /* rows of a step: the groups in index order */
        last = (long)step;
        size_t g = j++;
        if (g >= ng || strcmp(name[g], c.field[cg]) != 0) {
            for (g = 0; g < ng && strcmp(name[g], c.field[cg]) != 0; g++)
                ;
            if (g == ng) {
                if (ng == cap) {
                    cap = cap ? 2 * cap : 64;
                    char **nn = pz__realloc(name, cap * sizeof *nn);
                    double **nm =
                        nn ? pz__realloc(mem, cap * sizeof *nm) : NULL;
                    double *np =
                        nm ? pz__realloc(peak, cap * sizeof *np) : NULL;
                    if (nn)
                        name = nn;
                    if (nm)
                        mem = nm;
                    if (np)
                        peak = np;
                    if (!np) {
                        st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
                        break;
                    }
                }
                name[ng] = pz__strdup(c.field[cg]);
                mem[ng] = pz__malloc(nsteps * sizeof **mem);
                peak[ng] = 0;
                if (!name[ng] || !mem[ng]) {
                    pz__free(name[ng]);
                    pz__free(mem[ng]);
                    st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
                    break;
                }
                for (size_t t = 0; t < nsteps; t++)
                    mem[ng][t] = NAN;
                ng++;
            }
        }
        mem[g][(size_t)step] = x;
        if (x > peak[g])
            peak[g] = x;
    }
    if (r < 0)
        st = (pz_status)r;
    pz__csv_close(&c);
    if (st == PZ_OK) {
        size_t top[TOPGROUPS], nt = 0;
        for (size_t g = 0; g < ng; g++) {
            size_t k = nt < TOPGROUPS ? nt++ : TOPGROUPS;
            if (k == TOPGROUPS && peak[g] <= peak[top[TOPGROUPS - 1]])
                continue;
            if (k == TOPGROUPS)
                k--;
            while (k > 0 && peak[top[k - 1]] < peak[g]) {
                top[k] = top[k - 1];
                k--;
            }
            top[k] = g;
        }
        fputs(",\"groups\":{\"total\":", out);
        fprintf(out, "%zu,\"names\":[", ng);
        for (size_t i = 0; i < nt; i++) {
            fputs(i ? "," : "", out);
            jstr(out, name[top[i]]);
        }
        fputs("],\"members\":[", out);
        for (size_t i = 0; i < nt; i++) {
            fputs(i ? ",[" : "[", out);
            for (size_t t = 0; t < nsteps; t++) {
                fputs(t ? "," : "", out);
                pz__json_num(out, mem[top[i]][t]);
            }
            fputc(']', out);
        }
        fputs("]}", out);
    }
    for (size_t g = 0; g < ng; g++) {
        pz__free(name[g]);
        pz__free(mem[g]);
    }
    pz__free(name);
    pz__free(mem);
    pz__free(peak);
    return st;
}

/* ---- dated events --------------------------------------------------- */

static void event_json(FILE *f, int *first, long day, const char *kind,
                       const char *text)
{
    fputs(*first ? "{\"date\":" : ",{\"date\":", f);
    *first = 0;
    date_json(f, day);
    fputs(",\"kind\":", f);
    jstr(f, kind);
    fputs(",\"text\":", f);
    jstr(f, text);
    fputc('}', f);
}

/* A run's events.csv: removals, splits, defections. */
static pz_status events_csv(FILE *f, int *first, const char *path,
                            pz_error *err)
{
    pz__csv c;
    pz_status st = pz__csv_open(&c, path, err);
    if (st != PZ_OK)
        return st;
    int cd = pz__csv_column(&c, "date", err);
    int ce = cd < 0 ? -1 : pz__csv_column(&c, "event", err);
    int co = ce < 0 ? -1 : pz__csv_column(&c, "outcome", err);
    int cg = co < 0 ? -1 : pz__csv_column(&c, "group", err);
    int cx = cg < 0 ? -1 : pz__csv_column(&c, "other", err);
    int cn = cx < 0 ? -1 : pz__csv_column(&c, "region_name", err);
    int ci = cn < 0 ? -1 : pz__csv_column(&c, "origin", err);
    if (ci < 0) {
        pz__csv_close(&c);
        return PZ_ERR_INPUT;
    }
    int r;
    while ((r = pz__csv_next(&c, err)) == 1) {
        long day;
        if ((st = bad_date(&c, cd, &day, err)))
            break;
        const char *ev = c.field[ce], *out = c.field[co];
        char text[1024];
        int removal = !strcmp(ev, "captured") || !strcmp(ev, "killed") ||
                      !strcmp(ev, "extradited");
        if (removal)
            snprintf(text, sizeof text, "leader of %s %s in %s%s%s%s%s (%s)",
                     c.field[cg], ev, c.field[cn], *out ? ": " : "", out,
                     !strcmp(out, "split") ? " into " : "",
                     !strcmp(out, "split") ? c.field[cx] : "", c.field[ci]);
        else if (!strcmp(ev, "defection") || !strcmp(out, "defected"))
            snprintf(text, sizeof text, "%s: members of %s in %s go over to %s",
                     ev, c.field[cg], c.field[cn], c.field[cx]);
        else
            snprintf(text, sizeof text, "%s: %s in %s%s%s%s", ev, c.field[cg],
                     c.field[cn], *out ? " (" : "", out, *out ? ")" : "");
        event_json(f, first, day,
                   !strcmp(out, "split") ? "split"
                   : removal             ? "removal"
                                         : "defection",
                   text);
    }
    if (r < 0)
        st = (pz_status)r;
    pz__csv_close(&c);
    return st;
}

static const char *const levels[PZ__GOV_LEVELS] = {"municipal", "state",
                                                   "federal"};
static const char *const fates[] = {"captured", "killed", "extradited", "split",
                                    "transferred"};

static const char *group_name(const pz_scenario *sc, size_t g)
{
    return g < pz_scenario_group_count(sc) ? pz_scenario_group_name(sc, g)
                                           : "?";
}

/* The scenario's timeline (wars, elections, US pressure, purges, changes
 * of parameters; removals and defections too when there is no events.csv)
 * and the policy's start, between day0 and day1. */
static void timeline_json(FILE *f, int *first, const pz_scenario *sc,
                          int have_events, long day0, long day1)
{
    char text[1024], num[64];
    for (size_t i = 0; i < sc->ntimeline; i++) {
        const pz__change *ch = &sc->timeline[i];
        long day = ch->has_date ? ch->day : day0 + ch->step * PZ__DAYS_PER_WEEK;
        const char *kind = "change";
        if (day < day0 || day > day1)
            continue;
        switch (ch->op) {
        case PZ__SET:
        case PZ__SCALE: {
            const char *pn =
                pz_param_info_get((pz_param_id)ch->set.param)->name;
            snprintf(num, sizeof num, "%g", ch->set.value);
            snprintf(text, sizeof text, "%s %s %s", pn,
                     ch->op == PZ__SET ? "set to" : "multiplied by", num);
            if (strstr(pn, "intelligence") || strstr(pn, "us_") == pn ||
                strstr(pn, "extradition"))
                kind = "us";
            break;
        }
        case PZ__FOCUS:
            snprintf(text, sizeof text, "enforcement focus on %s: %g",
                     sc->has_geo && ch->focus.region < sc->geo.n
                         ? sc->geo.r[ch->focus.region].name
                         : "?",
                     ch->focus.value);
            kind = "enforcement";
            break;
        case PZ__LEADER:
            if (have_events)
                continue;
            snprintf(text, sizeof text, "leader of %s %s",
                     group_name(sc, ch->leader.group),
                     ch->leader.fate >= 0 && ch->leader.fate <= 4
                         ? fates[ch->leader.fate]
                         : "removed");
            kind =
                ch->leader.outcome == PZ__OUTCOME_SPLIT ? "split" : "removal";
            break;
        case PZ__DEFECT:
            if (have_events)
                continue;
            snprintf(text, sizeof text,
                     "%g of %s's members in %s go over to %s", ch->defect.share,
                     group_name(sc, ch->defect.group),
                     sc->has_geo && ch->defect.region < sc->geo.n
                         ? sc->geo.r[ch->defect.region].name
                         : "?",
                     group_name(sc, ch->defect.other));
            kind = "defection";
            break;
        case PZ__PURGE:
            snprintf(text, sizeof text, "purge: %g of the captured %s offices",
                     ch->purge.share,
                     ch->purge.level >= 0 && ch->purge.level < PZ__GOV_LEVELS
                         ? levels[ch->purge.level]
                         : "?");
            kind = "purge";
            break;
        case PZ__PRESSURE:
            snprintf(text, sizeof text, "US pressure +%g", ch->pressure.value);
            kind = "us";
            break;
        case PZ__WAR: {
            char until[16] = "";
            if (ch->war.has_until)
                pz_date_format(ch->war.until_day, until, sizeof until);
            snprintf(text, sizeof text, "war: %s against %s%s%s",
                     group_name(sc, ch->war.group),
                     group_name(sc, ch->war.other),
                     ch->war.has_until ? " until " : "", until);
            kind = "war";
            break;
        }
        default:
            continue;
        }
        event_json(f, first, day, kind, text);
    }
    for (size_t e = 0; e < sc->nelect; e++) {
        const pz__election *el = &sc->elect[e];
        for (size_t j = 0; j < el->nday; j++) {
            if (el->day[j] < day0 || el->day[j] > day1 ||
                (j && el->day[j] == el->day[j - 1]))
                continue;
            snprintf(text, sizeof text, "%s elections",
                     el->level >= 0 && el->level < PZ__GOV_LEVELS
                         ? levels[el->level]
                         : "");
            event_json(f, first, el->day[j], "election", text);
        }
    }
    long ps = pz_scenario_policy_start(sc);
    if (ps >= 0 && pz_scenario_policy(sc)) {
        snprintf(text, sizeof text, "policy %s starts", pz_scenario_policy(sc));
        event_json(f, first, day0 + ps * PZ__DAYS_PER_WEEK, "policy", text);
    }
}

/* The scenario of a manifest, when it can be read as it was run: the
 * embedded default, or the file at its source path with the same SHA-256
 * (and the policy selected).  NULL otherwise, with why in note. */
static pz_scenario *manifest_scenario(const char *man, const char *data_dir,
                                      char *note, size_t nn, int *nomem)
{
    char *src = manifest_string(man, "source", nomem);
    char *sha = manifest_string(man, "sha256", nomem);
    char *pol = manifest_string(man, "policy", nomem);
    pz_scenario *sc = NULL;
    pz_error e;
    pz_status st = PZ_ERR_INPUT;
    if (!src || !sha)
        snprintf(note, nn, "the manifest names no scenario");
    else if (strncmp(src, "<embedded>/", 11) == 0)
        st = pz_scenario_load_default(&sc, &e);
    else
        st = pz_scenario_load_file(src, data_dir, &sc, &e);
    if (src && sha && st != PZ_OK)
        snprintf(note, nn, "the scenario '%s' could not be read: %s", src,
                 e.msg);
    else if (sc && strcmp(pz_scenario_sha256(sc), sha) != 0) {
        snprintf(note, nn, "the scenario '%s' has changed since the run", src);
        st = PZ_ERR_INPUT;
    } else if (sc && pol && pz_scenario_use_policy(sc, pol, &e) != PZ_OK) {
        snprintf(note, nn, "%s", e.msg);
        st = PZ_ERR_INPUT;
    }
    if (st == PZ_ERR_NOMEM)
        *nomem = 1; /* not a note: the caller fails (test_alloc_commands) */
    if (st != PZ_OK && sc) {
        pz_scenario_free(sc);
        sc = NULL;
    }
    pz__free(src);
    pz__free(sha);
    pz__free(pol);
    return sc;
}

/* ---- the fit ------------------------------------------------------------ */

static void fit_json(FILE *f, const national *n, const regions *g,
                     const char *data_dir, char *note, size_t nn)
{
    pz_fit_result fr;
    pz_error e;
    const vec *h = &n->s[NVAR - 1][0]; /* homicides: mean */
    if (!data_dir) {
        snprintf(note, nn, "no data directory: no INEGI series");
        return;
    }
    if (n->day.n < 2)
        return;
    if (pz_fit_weekly(data_dir, (long)n->day.v[0], h->v, h->n - 1,
                      g && g->states ? g->state_2010_2015 : NULL, &fr,
                      &e) != PZ_OK) {
        snprintf(note, nn, "no fit: %s", e.msg);
        return;
    }
    fputs(",\"fit\":{\"years\":[", f);
    for (size_t j = 0; j < fr.nyears; j++)
        fprintf(f, "%s%d", j ? "," : "", fr.year[j]);
    fputs("],\"observed\":[", f);
    for (size_t j = 0; j < fr.nyears; j++) {
        fputs(j ? "," : "", f);
        pz__json_num(f, fr.observed[j]);
    }
    fputs("],\"simulated\":[", f);
    for (size_t j = 0; j < fr.nyears; j++) {
        fputs(j ? "," : "", f);
        pz__json_num(f, fr.simulated[j]);
    }
    fputs("],\"mape\":", f);
    pz__json_num(f, fr.mape);
    fputs(",\"r\":", f);
    pz__json_num(f, fr.have_shares ? fr.pearson_r : NAN);
    if (fr.have_shares) {
        fputs(",\"share_observed\":[", f);
        for (int s = 0; s < PZ_FIT_STATES; s++) {
            fputs(s ? "," : "", f);
            pz__json_num(f, fr.share_observed[s]);
        }
        fputs("],\"share_simulated\":[", f);
        for (int s = 0; s < PZ_FIT_STATES; s++) {
            fputs(s ? "," : "", f);
            pz__json_num(f, fr.share_simulated[s]);
        }
        fputc(']', f);
    }
    fputc('}', f);
}

/* ---- one directory ------------------------------------------------------ */

static pz_status dir_json(FILE *f, const char *dir, const char *data_dir,
                          pz_error *err)
{
    char path[4096], note[1200] = "", fitnote[600] = "";
    size_t ml;
    char *man;
    pz_status rs = PZ_ERR_INPUT;
    if (!exists(dir, "manifest.json", path, sizeof path) ||
        (rs = pz__read_file(path, PZ__LIMIT_MANIFEST, "manifest", &man, &ml,
                            NULL)) != PZ_OK)
        return rs == PZ_ERR_NOMEM /* not bad input (test_alloc_commands) */
                   ? pz__fail(err, PZ_ERR_NOMEM, "out of memory")
                   : pz__fail(err, PZ_ERR_INPUT,
                              "'%s' is not a run directory (no manifest.json)",
                              dir);
    national n;
    memset(&n, 0, sizeof n);
    regions *g = NULL;
    pz_status st = PZ_OK;
    int ens = exists(dir, "national_summary.csv", path, sizeof path);
    if (!ens && !exists(dir, "national.csv", path, sizeof path)) {
        st = pz__fail(err, PZ_ERR_INPUT,
                      "'%s' has neither national.csv nor national_summary.csv",
                      dir);
        goto done;
    }
    if ((st = national_read(&n, path, ens, err)))
        goto done;
    int nomem = 0;
    char *name = manifest_string(man, "name", &nomem);
    char *policy = manifest_string(man, "policy", &nomem);
    if (nomem) { /* a label without its name would be wrong */
        pz__free(name);
        pz__free(policy);
        st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        goto done;
    }
    char *reps = strstr(man, "\"replicates\": ");
    fputs("{\"label\":", f);
    {
        char label[1024];
        snprintf(label, sizeof label, "%s%s%s", name ? name : dir,
                 policy ? " / " : "", policy ? policy : "");
        jstr(f, label);
    }
    fputs(",\"dir\":", f);
    jstr(f, dir);
    fputs(",\"scenario\":", f);
    jstr(f, name ? name : "");
    fputs(",\"policy\":", f);
    if (policy)
        jstr(f, policy);
    else
        fputs("null", f);
    pz__free(name);
    pz__free(policy);
    fprintf(f, ",\"kind\":\"%s\",\"replicates\":%ld,", ens ? "ensemble" : "run",
            reps ? strtol(reps + strlen("\"replicates\": "), NULL, 10) : 1L);
    national_json(f, &n);
    if (exists(dir, ens ? "regions_summary.csv" : "regions.csv", path,
               sizeof path)) {
        if (!(g = pz__calloc(1, sizeof *g))) {
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            goto done;
        }
        if ((st = regions_read(g, path, ens, err)))
            goto done;
        regions_json(f, g, ens);
    }
    if (!ens && exists(dir, "groups.csv", path, sizeof path) &&
        (st = groups_json(f, path, n.day.n, err)))
        goto done;
    fit_json(f, &n, g, data_dir, fitnote, sizeof fitnote);
    /* events: the run's events.csv, then the scenario's timeline */
    fputs(",\"events\":[", f);
    int first = 1;
    int have_events = !ens && exists(dir, "events.csv", path, sizeof path);
    if (have_events && (st = events_csv(f, &first, path, err)))
        goto done;
    pz_scenario *sc =
        manifest_scenario(man, data_dir, note, sizeof note, &nomem);
    if (nomem) {
        pz_scenario_free(sc);
        st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (sc && n.day.n) {
        timeline_json(f, &first, sc, have_events, (long)n.day.v[0],
                      (long)n.day.v[n.day.n - 1]);
    }
    pz_scenario_free(sc);
    fputs("],\"notes\":[", f);
    first = 1;
    if (*note) {
        char t[1400];
        snprintf(t, sizeof t, "timeline not shown: %s", note);
        jstr(f, t);
        first = 0;
    }
    if (*fitnote) {
        fputs(first ? "" : ",", f);
        jstr(f, fitnote);
    }
    fputs("]}", f);
done:
    national_free(&n);
    pz__free(g);
    pz__free(man);
    return st;
}

/* Writes JSON text as it is, but with <, >, & and U+2028/9 escaped as
 * \uXXXX: a data file inlined in the page cannot close its element.  In
 * valid JSON these characters occur only inside strings, where the escape
 * means the same character. */
static void raw_json(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '<' || ch == '>' || ch == '&')
            fprintf(f, "\\u%04x", ch);
        else if (ch == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                 ((unsigned char)s[i + 2] == 0xa8 ||
                  (unsigned char)s[i + 2] == 0xa9)) {
            fprintf(f, "\\u%04x",
                    (unsigned char)s[i + 2] == 0xa8 ? 0x2028 : 0x2029);
            i += 2;
        } else
            fputc(ch, f);
    }
}

/* The CSP source of a script: 'sha256-BASE64'. */
static void csp_hash(char *out, const char *s, size_t n)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char hex[65];
    unsigned char d[33] = {0};
    pz__sha256_hex(s, n, hex);
    for (int i = 0; i < 32; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        d[i] = (unsigned char)v;
    }
    char *o = out + sprintf(out, "'sha256-");
    for (int i = 0; i < 33; i += 3) {
        unsigned v = (unsigned)d[i] << 16 | (unsigned)d[i + 1] << 8 |
                     (i + 2 < 33 ? d[i + 2] : 0);
        *o++ = b64[v >> 18 & 63];
        *o++ = b64[v >> 12 & 63];
        *o++ = i + 1 < 32 ? b64[v >> 6 & 63] : '=';
        *o++ = i + 2 < 32 ? b64[v & 63] : '=';
    }
    strcpy(o, "'");
}

extern const unsigned char pz__report_js[];
extern const unsigned char pz__report_css[];
extern const unsigned char pz__report_html[];

pz_status pz_report_write(const char *const *dirs, size_t n,
                          const char *data_dir, const char *d3, const char *out,
                          pz_error *err)
{
    char path[4096];
    size_t d3len = 0, topolen = 0;
    char *d3js = NULL, *topo = NULL, *data = NULL;
    size_t dlen = 0;
    pz_status st = PZ_OK;
    if (n == 0)
        return pz__fail(err, PZ_ERR_INPUT, "give at least one run directory");
    if (!d3)
        d3 = PZ_REPORT_D3;
    pz_error e3;
    if ((st = pz__read_file(d3, PZ__LIMIT_REPORT_ASSET, "d3", &d3js, &d3len,
                            &e3)) != PZ_OK)
        return pz__fail(err, st, "%s (Debian package libjs-d3)", e3.msg);
    for (size_t i = 0; i + 8 < d3len; i++)
        if (d3js[i] == '<' && d3js[i + 1] == '/' &&
            !strncasecmp(d3js + i + 2, "script", 6)) {
            pz__free(d3js);
            return pz__fail(err, PZ_ERR_INPUT,
                            "'%s' holds '</script' at byte %zu: it cannot be "
                            "inlined",
                            d3, i);
        }
    if (data_dir) {
        snprintf(path, sizeof path, "%s/mexico/mxstate.topojson", data_dir);
        /* none: the page says so; one that cannot be read is an error */
        if (access(path, F_OK) == 0 &&
            (st = pz__read_file(path, PZ__LIMIT_REPORT_ASSET, "map", &topo,
                                &topolen, err)) != PZ_OK) {
            pz__free(d3js);
            return st;
        }
    }
    FILE *fdata = open_memstream(&data, &dlen);
    if (!fdata) {
        pz__free(d3js);
        pz__free(topo);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    fputs("{\"runs\":[", fdata);
    for (size_t i = 0; st == PZ_OK && i < n; i++) {
        if (i)
            fputc(',', fdata);
        st = dir_json(fdata, dirs[i], data_dir, err);
    }
    fputs("],\"topology\":", fdata);
    if (topo)
        raw_json(fdata, topo, topolen);
    else
        fputs("null", fdata);
    fputs(",\"topology_path\":", fdata);
    if (data_dir)
        jstr(fdata, path);
    else
        fputs("null", fdata);
    fputs("}", fdata);
    fclose(fdata);
    if (st == PZ_OK) {
        const char *js = (const char *)pz__report_js;
        char h1[64], h2[64];
        csp_hash(h1, d3js, d3len);
        csp_hash(h2, js, strlen(js));
        pz__atomic page;
        if ((st = pz__atomic_open(&page, out, err)) == PZ_OK) {
            FILE *f = page.f;
            fprintf(f,
                    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                    "charset=\"utf-8\">\n<meta http-equiv="
                    "\"Content-Security-Policy\" content=\"default-src "
                    "'none'; script-src %s %s; style-src 'unsafe-inline'; "
                    "img-src data:\">\n<meta name=\"viewport\" "
                    "content=\"width=device-width, initial-scale=1\">\n"
                    "<title>plaza report</title>\n<style>%s</style>\n"
                    "<script>",
                    h1, h2, (const char *)pz__report_css);
            fwrite(d3js, 1, d3len, f);
            fputs("</script>\n</head>\n", f);
            fputs((const char *)pz__report_html, f);
            fputs("<script type=\"application/json\" id=\"plaza-data\">", f);
            fwrite(data, 1, dlen, f);
            fputs("</script>\n<script>", f);
            fputs(js, f);
            fputs("</script>\n</body></html>\n", f);
            st = pz__atomic_commit(&page, err);
        }
    }
    free(data); /* libc's */
    pz__free(d3js);
    pz__free(topo);
    return st;
}
