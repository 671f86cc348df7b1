/*
 * mexico.c - the loaders of the INEGI 2020 tables in DIR/mexico/ (see
 * data/README.md): states or municipalities, their adjacency, the prewar
 * homicides and the valuable places, into a pz__geo (world/geo.h).
 *
 * The loaders look up thousands of codes, so they use a sorted index of
 * their own (code_index below) instead of pz__geo_find's scan.  They do
 * not call pz__geo_finish(): the scenario reader does, once inline regions
 * and places are added too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/internal.h"
#include "base/limits.h"
#include "io/csv.h"
#include "io/mexico.h"

#define PATH_MAX_LEN 4096

/* The codes of the regions, sorted, for the loaders' thousands of look-ups
 * (pz__geo_find scans) and to find duplicate codes with both their lines. */
typedef struct code_entry {
    char code[8];
    size_t i;  /* region index */
    long line; /* line of the file it was read on; 0: added before */
} code_entry;

typedef struct code_index {
    code_entry *e;
    size_t n, cap;
} code_index;

static int index_push(code_index *x, const char code[8], size_t i, long line)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 256;
        code_entry *e = pz__realloc(x->e, cap * sizeof *e);
        if (!e)
            return -1;
        x->e = e;
        x->cap = cap;
    }
    code_entry *e = &x->e[x->n++];
    memcpy(e->code, code, 8);
    e->i = i;
    e->line = line;
    return 0;
}

/* By code, then by line. */
static int entry_cmp(const void *a, const void *b)
{
    const code_entry *p = a, *q = b;
    int c = memcmp(p->code, q->code, 8);
    if (c != 0)
        return c;
    return p->line < q->line ? -1 : p->line > q->line;
}

/* Sorts the index; if a code read from the file repeats one read or added
 * before, fails naming the earliest such line. */
static pz_status index_sort(code_index *x, const char *path, const char *col,
                            const char *what, pz_error *err)
{
    const code_entry *dup = NULL, *first = NULL;
    qsort(x->e, x->n, sizeof *x->e, entry_cmp);
    for (size_t k = 1, g0 = 0; k < x->n; k++) {
        if (memcmp(x->e[k].code, x->e[g0].code, 8) != 0) {
            g0 = k;
            continue;
        }
        if (x->e[k].line > 0 && (!dup || x->e[k].line < dup->line)) {
            dup = &x->e[k];
            first = &x->e[g0];
        }
    }
    if (!dup)
        return PZ_OK;
    if (first->line == 0)
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s:%ld: column '%s': duplicate %s code '%s' (already "
                        "a region)",
                        path, dup->line, col, what, dup->code);
    return pz__fail(err, PZ_ERR_INPUT,
                    "%s:%ld: column '%s': duplicate %s code '%s' (also on "
                    "line %ld)",
                    path, dup->line, col, what, dup->code, first->line);
}

/* Region index of code in a sorted index without duplicates, or -1. */
static long index_find(const code_index *x, const char *code)
{
    char key[8];
    if (pz__geo_code_key(code, key) != 0)
        return -1;
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(x->e[mid].code, key, 8);
        if (c == 0)
            return (long)x->e[mid].i;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* An index holding the regions already in g (line 0). */
static pz_status index_init(code_index *x, const pz__geo *g, pz_error *err)
{
    memset(x, 0, sizeof *x);
    for (size_t i = 0; i < g->n; i++)
        if (index_push(x, g->r[i].code, i, 0) != 0)
            return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    return PZ_OK;
}

static void index_free(code_index *x)
{
    pz__free(x->e);
    memset(x, 0, sizeof *x);
}

static pz_status data_path(char *out, const char *dir, const char *file,
                           pz_error *err)
{
    int n = snprintf(out, PATH_MAX_LEN, "%s/mexico/%s", dir, file);
    if (n < 0 || n >= PATH_MAX_LEN)
        return pz__fail(err, PZ_ERR_INPUT, "data directory path too long: '%s'",
                        dir);
    return PZ_OK;
}

static pz_status noted(pz__note_file note, void *ud, const char *path,
                       pz_error *err)
{
    return note ? note(ud, path, err) : PZ_OK;
}

/* Opens path and finds the n columns called names[] (in cols[]). */
static pz_status open_table(pz__csv *c, const char *path,
                            const char *const *names, int *cols, int n,
                            pz_error *err)
{
    pz_status st = pz__csv_open(c, path, err);
    if (st != PZ_OK)
        return st;
    for (int k = 0; k < n; k++)
        if ((cols[k] = pz__csv_column(c, names[k], err)) < 0) {
            pz__csv_close(c);
            return PZ_ERR_INPUT;
        }
    return PZ_OK;
}

/* Field col must be an INEGI code of exactly `digits` digits. */
static pz_status check_code(const pz__csv *c, int col, size_t digits,
                            pz_error *err)
{
    const char *s = c->field[col];
    if (strlen(s) != digits || strspn(s, "0123456789") != digits)
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s:%ld: column '%s': expected a %zu-digit INEGI "
                        "code, got '%s'",
                        c->path, c->rec_line, c->header[col], digits, s);
    return PZ_OK;
}

static pz_status check_text(const pz__csv *c, int col, pz_error *err)
{
    if (c->field[col][0] == '\0')
        return pz__fail(err, PZ_ERR_INPUT, "%s:%ld: column '%s': empty value",
                        c->path, c->rec_line, c->header[col]);
    size_t n = strlen(c->field[col]);
    if (n > PZ__LIMIT_NAME)
        return pz__fail(
            err, PZ_ERR_INPUT,
            "%s:%ld: column '%s': a name of %zu bytes ('%.40s...'), "
            "more than the limit of %d bytes (docs/SCENARIOS.md, "
            "Limits)",
            c->path, c->rec_line, c->header[col], n, c->field[col],
            PZ__LIMIT_NAME);
    return PZ_OK;
}

static pz_status too_many(const pz__csv *c, pz_error *err)
{
    return pz__fail(err, PZ_ERR_INPUT,
                    "%s:%ld: more than the limit of %d regions "
                    "(docs/SCENARIOS.md, Limits)",
                    c->path, c->rec_line, PZ__LIMIT_REGIONS);
}

/* Ends a read loop: a reader error, or a file without rows. */
static pz_status end_rows(const pz__csv *c, int r, size_t rows, pz_status st,
                          pz_error *err)
{
    if (r < 0)
        return (pz_status)r;
    if (st == PZ_OK && rows == 0)
        return pz__fail(err, PZ_ERR_INPUT, "%s: no rows (only a header)",
                        c->path);
    return st;
}

/* state2020.csv: region (2 digits), state_name, pop; coordinates later. */
static pz_status read_states(pz__geo *g, const char *path, code_index *ix,
                             pz_error *err)
{
    static const char *const names[] = {"region", "state_name", "pop"};
    int col[3], r;
    size_t rows = 0;
    pz__csv c;
    pz_status st = open_table(&c, path, names, col, 3, err);
    if (st != PZ_OK)
        return st;
    while ((r = pz__csv_next(&c, err)) == 1) {
        double pop;
        const char *name = c.field[col[1]];
        if ((st = check_code(&c, col[0], 2, err)) != PZ_OK ||
            (st = check_text(&c, col[1], err)) != PZ_OK ||
            (st = pz__csv_number(&c, col[2], 0, 1e10, &pop, err)) != PZ_OK)
            break;
        if (g->n >= PZ__LIMIT_REGIONS) {
            st = too_many(&c, err);
            break;
        }
        long i = pz__geo_add(g, c.field[col[0]], name, name, pop, 0, 0);
        if (i < 0 || index_push(ix, g->r[i].code, (size_t)i, c.rec_line) != 0) {
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            break;
        }
        rows++;
    }
    st = end_rows(&c, r, rows, st, err);
    if (st == PZ_OK)
        st = index_sort(ix, path, "region", "state", err);
    pz__csv_close(&c);
    return st;
}

/* mun2020.csv at state resolution: the centre of every state read from
 * index `first` on is the population-weighted mean of its municipal
 * seats.  states_path names the states' file for messages. */
static pz_status read_seats(pz__geo *g, size_t first, const char *path,
                            const code_index *states, const char *states_path,
                            pz_error *err)
{
    static const char *const names[] = {"region", "pop", "long", "lat"};
    int col[4], r = 0;
    size_t rows = 0;
    code_index mun = {NULL, 0, 0};
    pz__csv c;
    double *w = pz__calloc(3 * (g->n ? g->n : 1), sizeof *w);
    if (!w)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    pz_status st = open_table(&c, path, names, col, 4, err);
    if (st != PZ_OK)
        goto out_free_sums;
    while ((r = pz__csv_next(&c, err)) == 1) {
        const char *code = c.field[col[0]];
        double v[3];
        if ((st = check_code(&c, col[0], 5, err)) != PZ_OK ||
            (st = pz__csv_number(&c, col[1], 0, 1e10, &v[0], err)) != PZ_OK ||
            (st = pz__csv_number(&c, col[2], -180, 180, &v[1], err)) != PZ_OK ||
            (st = pz__csv_number(&c, col[3], -90, 90, &v[2], err)) != PZ_OK)
            break;
        char state[3] = {code[0], code[1], '\0'}, key[8];
        long s = index_find(states, state);
        if (s < 0) {
            st = pz__fail(err, PZ_ERR_INPUT,
                          "%s:%ld: column 'region': municipality '%s' is in "
                          "state '%s', which is not in %s",
                          path, c.rec_line, code, state, states_path);
            break;
        }
        pz__geo_code_key(code, key);
        if (index_push(&mun, key, 0, c.rec_line) != 0) {
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            break;
        }
        w[3 * (size_t)s] += v[0];
        w[3 * (size_t)s + 1] += v[0] * v[1];
        w[3 * (size_t)s + 2] += v[0] * v[2];
        rows++;
    }
    st = end_rows(&c, r, rows, st, err);
    if (st == PZ_OK)
        st = index_sort(&mun, path, "region", "municipality", err);
    for (size_t i = first; st == PZ_OK && i < g->n; i++) {
        if (!(w[3 * i] > 0)) {
            st = pz__fail(err, PZ_ERR_INPUT,
                          "%s: no municipality of state '%s' (%s) has "
                          "inhabitants: cannot place the state's centre",
                          path, g->r[i].code, g->r[i].name);
            break;
        }
        g->r[i].lon = w[3 * i + 1] / w[3 * i];
        g->r[i].lat = w[3 * i + 2] / w[3 * i];
    }
    pz__csv_close(&c);
    index_free(&mun);
out_free_sums:
    pz__free(w);
    return st;
}

/* mun2020.csv: region (CVEGEO), municipio_name, state_name, pop, long,
 * lat. */
static pz_status read_municipalities(pz__geo *g, const char *path,
                                     code_index *ix, pz_error *err)
{
    static const char *const names[] = {
        "region", "municipio_name", "state_name", "pop", "long", "lat"};
    int col[6], r;
    size_t rows = 0;
    pz__csv c;
    pz_status st = open_table(&c, path, names, col, 6, err);
    if (st != PZ_OK)
        return st;
    while ((r = pz__csv_next(&c, err)) == 1) {
        double pop, lon, lat;
        if ((st = check_code(&c, col[0], 5, err)) != PZ_OK ||
            (st = check_text(&c, col[1], err)) != PZ_OK ||
            (st = check_text(&c, col[2], err)) != PZ_OK ||
            (st = pz__csv_number(&c, col[3], 0, 1e10, &pop, err)) != PZ_OK ||
            (st = pz__csv_number(&c, col[4], -180, 180, &lon, err)) != PZ_OK ||
            (st = pz__csv_number(&c, col[5], -90, 90, &lat, err)) != PZ_OK)
            break;
        if (g->n >= PZ__LIMIT_REGIONS) {
            st = too_many(&c, err);
            break;
        }
        long i = pz__geo_add(g, c.field[col[0]], c.field[col[1]],
                             c.field[col[2]], pop, lon, lat);
        if (i < 0 || index_push(ix, g->r[i].code, (size_t)i, c.rec_line) != 0) {
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            break;
        }
        rows++;
    }
    st = end_rows(&c, r, rows, st, err);
    if (st == PZ_OK)
        st = index_sort(ix, path, "region", "municipality", err);
    pz__csv_close(&c);
    return st;
}

/* An adjacency file: a, b (codes in ix).  A header-only file is allowed
 * (regions without neighbours). */
static pz_status read_adjacency(pz__geo *g, const char *path,
                                const code_index *ix, const char *what,
                                pz_error *err)
{
    static const char *const names[] = {"a", "b"};
    int col[2], r;
    pz__csv c;
    pz_status st = open_table(&c, path, names, col, 2, err);
    if (st != PZ_OK)
        return st;
    while ((r = pz__csv_next(&c, err)) == 1) {
        long i[2];
        for (int k = 0; k < 2 && st == PZ_OK; k++)
            if ((i[k] = index_find(ix, c.field[col[k]])) < 0)
                st = pz__fail(err, PZ_ERR_INPUT,
                              "%s:%ld: column '%s': unknown %s code '%s'", path,
                              c.rec_line, names[k], what, c.field[col[k]]);
        if (st != PZ_OK)
            break;
        if (i[0] == i[1]) {
            st = pz__fail(err, PZ_ERR_INPUT,
                          "%s:%ld: column 'b': %s '%s' is paired with itself",
                          path, c.rec_line, what, c.field[col[1]]);
            break;
        }
        if (pz__geo_adjacent(g, (size_t)i[0], (size_t)i[1]) != 0) {
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (r < 0)
        st = (pz_status)r;
    pz__csv_close(&c);
    return st;
}

pz_status pz__geo_load_states(pz__geo *g, const char *dir, pz__note_file note,
                              void *ud, pz_error *err)
{
    char states[PATH_MAX_LEN], mun[PATH_MAX_LEN], adj[PATH_MAX_LEN];
    code_index ix;
    size_t first = g->n;
    pz_status st;
    if ((st = data_path(states, dir, "state2020.csv", err)) != PZ_OK ||
        (st = data_path(mun, dir, "mun2020.csv", err)) != PZ_OK ||
        (st = data_path(adj, dir, "state_adjacency.csv", err)) != PZ_OK)
        return st;
    if ((st = index_init(&ix, g, err)) != PZ_OK)
        goto out_free_index;
    g->municipal = 0;
    if ((st = read_states(g, states, &ix, err)) != PZ_OK ||
        (st = noted(note, ud, states, err)) != PZ_OK ||
        (st = read_seats(g, first, mun, &ix, states, err)) != PZ_OK ||
        (st = noted(note, ud, mun, err)) != PZ_OK ||
        (st = read_adjacency(g, adj, &ix, "state", err)) != PZ_OK)
        goto out_free_index;
    st = noted(note, ud, adj, err);
out_free_index:
    index_free(&ix);
    return st;
}

pz_status pz__geo_load_municipalities(pz__geo *g, const char *dir,
                                      pz__note_file note, void *ud,
                                      pz_error *err)
{
    char mun[PATH_MAX_LEN], adj[PATH_MAX_LEN];
    code_index ix;
    pz_status st;
    if ((st = data_path(mun, dir, "mun2020.csv", err)) != PZ_OK ||
        (st = data_path(adj, dir, "mun_adjacency.csv", err)) != PZ_OK)
        return st;
    if ((st = index_init(&ix, g, err)) != PZ_OK)
        goto out_free_index;
    g->municipal = 1;
    if ((st = read_municipalities(g, mun, &ix, err)) != PZ_OK ||
        (st = noted(note, ud, mun, err)) != PZ_OK ||
        (st = read_adjacency(g, adj, &ix, "municipality", err)) != PZ_OK)
        goto out_free_index;
    st = noted(note, ud, adj, err);
out_free_index:
    index_free(&ix);
    return st;
}

pz_status pz__geo_load_prewar(pz__geo *g, const char *dir, pz__note_file note,
                              void *ud, pz_error *err)
{
    static const char *const names[] = {"year", "cvegeo", "homicides"};
    char path[PATH_MAX_LEN];
    int col[3], r;
    size_t rows = 0;
    double sum[100] = {0}, pop[100] = {0};
    pz__csv c;
    pz_status st =
        data_path(path, dir, "inegi_homicides_mun_month_1990_2015.csv", err);
    if (st != PZ_OK)
        return st;
    if (access(path, F_OK) != 0)
        return PZ_OK; /* optional: prewar stays NAN */
    if ((st = open_table(&c, path, names, col, 3, err)) != PZ_OK)
        return st;
    while ((r = pz__csv_next(&c, err)) == 1) {
        double y, h;
        rows++;
        if ((st = pz__csv_number(&c, col[0], 1900, 2100, &y, err)) != PZ_OK)
            break;
        if (y < 1997 || y > 2006)
            continue;
        if ((st = check_code(&c, col[1], 5, err)) != PZ_OK ||
            (st = pz__csv_number(&c, col[2], 0, 1e9, &h, err)) != PZ_OK)
            break;
        const char *code = c.field[col[1]];
        if (!strcmp(code + 2, "998") || !strcmp(code + 2, "999"))
            continue;
        sum[(code[0] - '0') * 10 + (code[1] - '0')] += h;
    }
    st = end_rows(&c, r, rows, st, err);
    pz__csv_close(&c);
    if (st != PZ_OK)
        return st;
    for (size_t i = 0; i < g->n; i++) {
        const char *k = g->r[i].code;
        pop[(k[0] - '0') * 10 + (k[1] - '0')] += g->r[i].population;
    }
    for (size_t i = 0; i < g->n; i++) {
        const char *k = g->r[i].code;
        int s = (k[0] - '0') * 10 + (k[1] - '0');
        g->r[i].prewar = !g->municipal ? sum[s]
                         : pop[s] > 0  ? sum[s] * g->r[i].population / pop[s]
                                       : 0;
    }
    return noted(note, ud, path, err);
}

pz_status pz__geo_load_places(pz__geo *g, const char *dir, pz__note_file note,
                              void *ud, pz_error *err)
{
    static const char *const names[] = {"cvegeo", "kind", "name"};
    char path[PATH_MAX_LEN];
    int col[3], r;
    pz__csv c;
    pz_status st = data_path(path, dir, "places.csv", err);
    if (st != PZ_OK || (st = open_table(&c, path, names, col, 3, err)))
        return st;
    while ((r = pz__csv_next(&c, err)) == 1) {
        const char *code = c.field[col[0]], *kind = c.field[col[1]];
        if ((st = check_code(&c, col[0], 5, err)) != PZ_OK ||
            (st = check_text(&c, col[2], err)) != PZ_OK)
            break;
        int k = pz__place_kind_lookup(kind);
        if (k < 0) {
            st = pz__fail(err, PZ_ERR_INPUT,
                          "%s:%ld: column 'kind': unknown kind '%s' (expected "
                          "one of: " PZ__PLACE_KIND_LIST ")",
                          path, c.rec_line, kind);
            break;
        }
        char state[3] = {code[0], code[1], '\0'};
        long reg = pz__geo_find(g, g->municipal ? code : state);
        if (reg < 0) {
            if (g->municipal)
                st = pz__fail(err, PZ_ERR_INPUT,
                              "%s:%ld: column 'cvegeo': unknown municipality "
                              "code '%s'",
                              path, c.rec_line, code);
            else
                st = pz__fail(err, PZ_ERR_INPUT,
                              "%s:%ld: column 'cvegeo': municipality '%s' is "
                              "in state '%s', which is not a region",
                              path, c.rec_line, code, state);
            break;
        }
        if (pz__geo_place(g, (size_t)reg, (pz__place_kind)k, c.field[col[2]]) !=
            0) {
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (r < 0)
        st = (pz_status)r;
    pz__csv_close(&c);
    if (st == PZ_OK)
        st = noted(note, ud, path, err);
    return st;
}
