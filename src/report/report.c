/*
 * report.c - the HTML report (see plaza/report.h).
 *
 * The data are read from the run directories' tables and written into
 * the page as one JSON object; the page's script (report_js below) draws
 * it with d3 version 3.  National series are weekly; regional figures are
 * summed into calendar years (homicides) or taken at each year's last
 * step (controller).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/atomic.h"
#include "base/csvjson.h"
#include "base/internal.h"
#include "io/csv.h"
#include "io/rundir.h"
#include "plaza/report.h"

static int exists(const char *dir, const char *name, char *path, size_t n)
{
    struct stat st;
    snprintf(path, n, "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

/* The value of "key": "..." in a manifest, or NULL (our own manifests:
 * no nested quotes in the values we read); *nomem is set when the value
 * is there but could not be copied. */
static char *manifest_string(const char *json, const char *key, int *nomem)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": \"", key);
    const char *p = strstr(json, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    const char *e = strchr(p, '"');
    if (!e)
        return NULL;
    char *s = pz__malloc((size_t)(e - p) + 1);
    if (!s)
        *nomem = 1;
    if (s) {
        memcpy(s, p, (size_t)(e - p));
        s[e - p] = '\0';
    }
    return s;
}

/* A run's national.csv: weekly members and homicides. */
static pz_status national_run(FILE *out, const char *path, pz_error *err)
{
    pz__csv c;
    pz_status st = pz__csv_open(&c, path, err);
    if (st != PZ_OK)
        return st;
    int cd = pz__csv_column(&c, "date", err);
    int cm = cd < 0 ? -1 : pz__csv_column(&c, "members", err);
    int ch = cm < 0 ? -1 : pz__csv_column(&c, "homicides", err);
    if (ch < 0) {
        pz__csv_close(&c);
        return PZ_ERR_INPUT;
    }
    fputs("\"kind\":\"run\",\"dates\":[", out);
    char *m = NULL, *h = NULL;
    size_t ml = 0, hl = 0;
    FILE *fm = open_memstream(&m, &ml), *fh = open_memstream(&h, &hl);
    int r, first = 1;
    while ((r = pz__csv_next(&c, err)) == 1) {
        double vm, vh;
        if ((st = pz__csv_number(&c, cm, -1e300, 1e300, &vm, err)) ||
            (st = pz__csv_number(&c, ch, -1e300, 1e300, &vh, err)))
            break;
        fprintf(out, "%s\"%s\"", first ? "" : ",", c.field[cd]);
        fputs(first ? "" : ",", fm);
        pz__json_num(fm, vm);
        fputs(first ? "" : ",", fh);
        pz__json_num(fh, vh);
        first = 0;
    }
    fclose(fm);
    fclose(fh);
    if (r < 0)
        st = (pz_status)r;
    fprintf(out, "],\"members\":{\"mean\":[%s]},\"homicides\":{\"mean\":[%s]}",
            m ? m : "", h ? h : "");
    free(m); /* libc's */
    free(h); /* libc's */
    pz__csv_close(&c);
    return st;
}

/* An ensemble's national_summary.csv: mean and quantiles per step. */
static pz_status national_ensemble(FILE *out, const char *path, pz_error *err)
{
    static const char *const cols[] = {"mean", "q05", "q25",
                                       "q50",  "q75", "q95"};
    static const char *const vars[] = {"members", "homicides"};
    pz__csv c;
    pz_status st = pz__csv_open(&c, path, err);
    if (st != PZ_OK)
        return st;
    int cd = pz__csv_column(&c, "date", err);
    int cv = cd < 0 ? -1 : pz__csv_column(&c, "variable", err);
    int ci[6];
    for (int k = 0; k < 6; k++)
        ci[k] = cv < 0 ? -1 : pz__csv_column(&c, cols[k], err);
    if (cv < 0 || ci[5] < 0) {
        pz__csv_close(&c);
        return PZ_ERR_INPUT;
    }
    char *buf[2][6] = {{NULL}}, *dates = NULL;
    size_t len[2][6], dlen;
    FILE *f[2][6], *fd = open_memstream(&dates, &dlen);
    int firstv[2] = {1, 1};
    for (int v = 0; v < 2; v++)
        for (int k = 0; k < 6; k++)
            f[v][k] = open_memstream(&buf[v][k], &len[v][k]);
    int r;
    while ((r = pz__csv_next(&c, err)) == 1) {
        for (int v = 0; v < 2; v++) {
            if (strcmp(c.field[cv], vars[v]) != 0)
                continue;
            if (v == 0)
                fprintf(fd, "%s\"%s\"", firstv[0] ? "" : ",", c.field[cd]);
            for (int k = 0; k < 6; k++) {
                double x;
                if ((st = pz__csv_number(&c, ci[k], -1e300, 1e300, &x, err)))
                    break;
                fputs(firstv[v] ? "" : ",", f[v][k]);
                pz__json_num(f[v][k], x);
            }
            firstv[v] = 0;
        }
        if (st != PZ_OK)
            break;
    }
    if (r < 0)
        st = (pz_status)r;
    fclose(fd);
    for (int v = 0; v < 2; v++)
        for (int k = 0; k < 6; k++)
            fclose(f[v][k]);
    fprintf(out, "\"kind\":\"ensemble\",\"dates\":[%s]", dates ? dates : "");
    for (int v = 0; v < 2; v++) {
        fprintf(out, ",\"%s\":{", vars[v]);
        for (int k = 0; k < 6; k++)
            fprintf(out, "%s\"%s\":[%s]", k ? "," : "", cols[k],
                    buf[v][k] ? buf[v][k] : "");
        fputc('}', out);
    }
    for (int v = 0; v < 2; v++)
        for (int k = 0; k < 6; k++)
            free(buf[v][k]); /* libc's */
    free(dates);             /* libc's */
    pz__csv_close(&c);
    return st;
}

#define MAXREG  64
#define MAXYEAR 200

/* Regions by year: homicides summed, members and controller at the year's
 * last row.  summary: an ensemble's regions_summary.csv (means). */
static pz_status regions(FILE *out, const char *path, int summary,
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
    static char code[MAXREG][8], name[MAXREG][96];
    static char ctrl[MAXYEAR][MAXREG][96];
    static double hom[MAXYEAR][MAXREG], pop[MAXREG];
    int nreg = 0, y0 = -1, ny = 0, r;
    memset(hom, 0, sizeof hom);
    memset(ctrl, 0, sizeof ctrl);
    memset(pop, 0, sizeof pop);
    while ((r = pz__csv_next(&c, err)) == 1) {
        int y = atoi(c.field[cd]);
        if (y0 < 0)
            y0 = y;
        int yi = y - y0;
        if (yi < 0 || yi >= MAXYEAR)
            continue;
        if (yi + 1 > ny)
            ny = yi + 1;
        int k;
        for (k = 0; k < nreg && strcmp(code[k], c.field[cr]) != 0; k++)
            ;
        if (k == nreg) {
            if (nreg == MAXREG)
                continue;
            snprintf(code[k], sizeof code[k], "%s", c.field[cr]);
            snprintf(name[k], sizeof name[k], "%s", c.field[cn]);
            nreg++;
        }
        double x;
        if (summary) {
            if (strcmp(c.field[cv], "homicides") != 0)
                continue;
            if ((st = pz__csv_number(&c, cm, -1e300, 1e300, &x, err)))
                break;
            hom[yi][k] += x;
        } else {
            if ((st = pz__csv_number(&c, ch, -1e300, 1e300, &x, err)) ||
                (st = pz__csv_number(&c, cp, 0, 1e12, &pop[k], err)))
                break;
            hom[yi][k] += x;
            snprintf(ctrl[yi][k], sizeof ctrl[yi][k], "%s", c.field[cc]);
        }
    }
    if (r < 0)
        st = (pz_status)r;
    pz__csv_close(&c);
    if (st != PZ_OK)
        return st;
    fprintf(out, ",\"regions\":{\"first_year\":%d,\"codes\":[", y0);
    for (int k = 0; k < nreg; k++)
        fprintf(out, "%s\"%s\"", k ? "," : "", code[k]);
    fputs("],\"names\":[", out);
    for (int k = 0; k < nreg; k++) {
        fputs(k ? "," : "", out);
        pz__json_string(out, name[k]);
    }
    fputs("],\"population\":[", out);
    for (int k = 0; k < nreg; k++) {
        fputs(k ? "," : "", out);
        pz__json_num(out, pop[k]);
    }
    fputs("],\"homicides\":[", out);
    for (int y = 0; y < ny; y++) {
        fputs(y ? ",[" : "[", out);
        for (int k = 0; k < nreg; k++) {
            fputs(k ? "," : "", out);
            pz__json_num(out, hom[y][k]);
        }
        fputc(']', out);
    }
    fputs("],\"controller\":[", out);
    for (int y = 0; y < ny; y++) {
        fputs(y ? ",[" : "[", out);
        for (int k = 0; k < nreg; k++) {
            fputs(k ? "," : "", out);
            pz__json_string(out, ctrl[y][k]);
        }
        fputc(']', out);
    }
    fputs("]}", out);
    return PZ_OK;
}

extern const unsigned char pz__report_js[];
extern const unsigned char pz__report_css[];

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
    /* a file that cannot be read for want of memory is not bad input
     * (test_alloc_commands) */
    if (!(d3js = pz__read_file(d3, &d3len)) && errno == ENOMEM)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory reading '%s'", d3);
    if (!d3js)
        return pz__fail(err, PZ_ERR_INPUT,
                        "cannot read d3 at '%s': %s (Debian package "
                        "libjs-d3)",
                        d3, strerror(errno));
    if (data_dir) {
        snprintf(path, sizeof path, "%s/mexico/mxstate.topojson", data_dir);
        if (!(topo = pz__read_file(path, &topolen))) {
            int e = errno;
            pz__free(d3js);
            if (e == ENOMEM)
                return pz__fail(err, PZ_ERR_NOMEM, "out of memory reading '%s'",
                                path);
            return pz__fail(err, PZ_ERR_INPUT, "cannot read '%s': %s", path,
                            strerror(e));
        }
    }
    FILE *fdata = open_memstream(&data, &dlen);
    fputs("{\"runs\":[", fdata);
    for (size_t i = 0; st == PZ_OK && i < n; i++) {
        size_t ml;
        char *man;
        errno = 0;
        if (!exists(dirs[i], "manifest.json", path, sizeof path) ||
            !(man = pz__read_file(path, &ml))) {
            if (errno == ENOMEM) {
                st = pz__fail(err, PZ_ERR_NOMEM, "out of memory reading '%s'",
                              path);
                break;
            }
            st = pz__fail(err, PZ_ERR_INPUT,
                          "'%s' is not a run directory (no manifest.json)",
                          dirs[i]);
            break;
        }
        int nomem = 0;
        char *name = manifest_string(man, "name", &nomem);
        char *policy = manifest_string(man, "policy", &nomem);
        if (nomem) { /* a label without its name would be wrong */
            pz__free(name);
            pz__free(policy);
            pz__free(man);
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            break;
        }
        char label[512];
        snprintf(label, sizeof label, "%s%s%s", name ? name : dirs[i],
                 policy ? " / " : "", policy ? policy : "");
        pz__free(name);
        pz__free(policy);
        pz__free(man);
        fputs(i ? ",{\"label\":" : "{\"label\":", fdata);
        pz__json_string(fdata, label);
        fputc(',', fdata);
        int ens = exists(dirs[i], "national_summary.csv", path, sizeof path);
        if (!ens && !exists(dirs[i], "national.csv", path, sizeof path)) {
            st = pz__fail(err, PZ_ERR_INPUT,
                          "'%s' has neither national.csv nor "
                          "national_summary.csv",
                          dirs[i]);
            break;
        }
        st = ens ? national_ensemble(fdata, path, err)
                 : national_run(fdata, path, err);
        if (st == PZ_OK &&
            exists(dirs[i], ens ? "regions_summary.csv" : "regions.csv", path,
                   sizeof path))
            st = regions(fdata, path, ens, err);
        fputc('}', fdata);
    }
    fputs("],\"topology\":", fdata);
    fputs(topo ? topo : "null", fdata);
    fputs("}", fdata);
    fclose(fdata);
    if (st == PZ_OK) {
        pz__atomic page;
        if ((st = pz__atomic_open(&page, out, err)) == PZ_OK) {
            FILE *f = page.f;
            fprintf(f,
                    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                    "charset=\"utf-8\">\n<title>plaza report</title>\n"
                    "<style>%s</style>\n<script>\n",
                    (const char *)pz__report_css);
            fwrite(d3js, 1, d3len, f);
            fputs("\n</script>\n</head><body>\n<h1>plaza report</h1>\n"
                  "<p id=\"legend\"></p>\n"
                  "<h2>Members</h2><div id=\"members\" class=\"plot\"></div>\n"
                  "<h2>Homicides per week</h2><div id=\"homicides\" "
                  "class=\"plot\"></div>\n"
                  "<h2>States</h2><div id=\"controls\"></div>"
                  "<div id=\"map\"></div>\n<script>\nvar PLAZA = ",
                  f);
            fwrite(data, 1, dlen, f);
            fputs(";\n", f);
            fputs((const char *)pz__report_js, f);
            fputs("\n</script>\n</body></html>\n", f);
            st = pz__atomic_commit(&page, err);
        }
    }
    free(data); /* libc's */
    pz__free(d3js);
    pz__free(topo);
    return st;
}
