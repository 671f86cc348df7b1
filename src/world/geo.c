/*
 * geo.c - the regions a run happens on (states or municipalities), their
 * adjacency with distances between seats, the state every region belongs
 * to, and the valuable places they hold (the loaders of the INEGI tables
 * are in io/mexico.c).
 *
 * Regions are kept in the order they are added.  pz__geo_find() scans the
 * codes, which are stored zero-padded in 8 bytes so that a comparison is a
 * single 8-byte compare.  After pz__geo_finish(), pair_a/pair_b hold each
 * undirected pair once (a < b, sorted) and npair is their count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "world/geo.h"

#define EARTH_RADIUS_KM 6371.0088 /* mean radius, IUGG */

static const char *const kind_names[PZ_PLACE_KINDS] = {
    [PZ_PLACE_BORDER_CROSSING] = "border_crossing",
    [PZ_PLACE_SOUTHERN_BORDER] = "southern_border",
    [PZ_PLACE_SEAPORT] = "seaport",
    [PZ_PLACE_PRODUCTION] = "production",
    [PZ_PLACE_CITY] = "city",
    [PZ_PLACE_PIPELINE] = "pipeline",
    [PZ_PLACE_MIGRANT_ROUTE] = "migrant_route",
};

int pz__place_kind_lookup(const char *name)
{
    for (int k = 0; name && k < PZ_PLACE_KINDS; k++)
        if (strcmp(kind_names[k], name) == 0)
            return k;
    return -1;
}

/* NULL for a value outside the enumeration. */
const char *pz__place_kind_name(pz__place_kind k)
{
    return (unsigned)k < PZ_PLACE_KINDS ? kind_names[k] : NULL;
}

void pz__geo_init(pz__geo *g)
{
    memset(g, 0, sizeof *g);
}

/* Frees what pz__geo_finish() builds, so that it can be called again. */
static void free_finished(pz__geo *g)
{
    for (size_t s = 0; g->state_name && s < g->nstates; s++)
        pz__free(g->state_name[s]);
    pz__free(g->state_name);
    pz__free(g->state_code);
    pz__free(g->adj_row);
    pz__free(g->adj_col);
    pz__free(g->adj_km);
    g->state_name = NULL;
    g->state_code = NULL;
    g->nstates = 0;
    g->adj_row = g->adj_col = NULL;
    g->adj_km = NULL;
}

void pz__geo_release(pz__geo *g)
{
    free_finished(g);
    for (size_t i = 0; i < g->n; i++) {
        pz__free(g->r[i].name);
        pz__free(g->r[i].state_name);
    }
    pz__free(g->r);
    pz__free(g->pair_a);
    pz__free(g->pair_b);
    for (size_t k = 0; k < g->nplace; k++)
        pz__free(g->place[k].name);
    pz__free(g->place);
    memset(g, 0, sizeof *g);
}

/* The code zero-padded to 8 bytes; -1 when it does not fit. */
int pz__geo_code_key(const char *code, char key[8])
{
    size_t len = strlen(code);
    if (len >= 8)
        return -1;
    memset(key, 0, 8);
    memcpy(key, code, len);
    return 0;
}

long pz__geo_add(pz__geo *g, const char *code, const char *name,
                 const char *state_name, double population, double lon,
                 double lat)
{
    char key[8];
    if (!code || !name || pz__geo_code_key(code, key) != 0)
        return -1;
    if (!state_name)
        state_name = name;
    if (g->n == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 64;
        pz__region *r = pz__realloc(g->r, cap * sizeof *r);
        if (!r)
            return -1;
        g->r = r;
        g->cap = cap;
    }
    pz__region *r = &g->r[g->n];
    memset(r, 0, sizeof *r);
    r->prewar = NAN;
    memcpy(r->code, key, sizeof r->code);
    r->name = pz__strdup(name);
    r->state_name = pz__strdup(state_name);
    if (!r->name || !r->state_name) {
        pz__free(r->name);
        pz__free(r->state_name);
        return -1;
    }
    r->population = population;
    r->lon = lon;
    r->lat = lat;
    return (long)g->n++;
}

long pz__geo_find(const pz__geo *g, const char *code)
{
    char key[8];
    if (!code || pz__geo_code_key(code, key) != 0)
        return -1;
    for (size_t i = 0; i < g->n; i++)
        if (memcmp(g->r[i].code, key, 8) == 0)
            return (long)i;
    return -1;
}

long pz__geo_find_name(const pz__geo *g, const char *name)
{
    for (size_t i = 0; name && i < g->n; i++)
        if (strcmp(g->r[i].name, name) == 0)
            return (long)i;
    return -1;
}

int pz__geo_adjacent(pz__geo *g, size_t a, size_t b)
{
    if (g->npair == g->cappair) {
        size_t cap = g->cappair ? 2 * g->cappair : 256;
        size_t *pa = pz__realloc(g->pair_a, cap * sizeof *pa);
        if (!pa)
            return -1;
        g->pair_a = pa;
        size_t *pb = pz__realloc(g->pair_b, cap * sizeof *pb);
        if (!pb)
            return -1;
        g->pair_b = pb;
        g->cappair = cap;
    }
    g->pair_a[g->npair] = a;
    g->pair_b[g->npair] = b;
    g->npair++;
    return 0;
}

int pz__geo_place(pz__geo *g, size_t r, pz__place_kind k, const char *name)
{
    if (r >= g->n || (unsigned)k >= PZ_PLACE_KINDS || !name)
        return -1;
    if (g->nplace == g->capplace) {
        size_t cap = g->capplace ? 2 * g->capplace : 32;
        pz__place *p = pz__realloc(g->place, cap * sizeof *p);
        if (!p)
            return -1;
        g->place = p;
        g->capplace = cap;
    }
    pz__place *p = &g->place[g->nplace];
    p->region = r;
    p->kind = k;
    if (!(p->name = pz__strdup(name)))
        return -1;
    g->nplace++;
    g->r[r].places[k]++;
    return 0;
}

double pz__geo_km(double lon1, double lat1, double lon2, double lat2)
{
    const double rad = 3.14159265358979323846 / 180.0;
    double p1 = lat1 * rad, p2 = lat2 * rad;
    double sdp = sin((p2 - p1) / 2), sdl = sin((lon2 - lon1) * rad / 2);
    double h = sdp * sdp + cos(p1) * cos(p2) * sdl * sdl;
    if (h > 1)
        h = 1;
    return 2 * EARTH_RADIUS_KM * asin(sqrt(h));
}

/* ---- finish: adjacency rows and states */

typedef struct pair {
    size_t a, b;
} pair;

static int pair_cmp(const void *x, const void *y)
{
    const pair *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return 0;
}

/* Normalises the pairs to a < b, sorts them and merges duplicates, in
 * place: afterwards pair_a/pair_b hold each undirected pair once. */
static pz_status merge_pairs(pz__geo *g, pz_error *err)
{
    pair *p = pz__malloc((g->npair ? g->npair : 1) * sizeof *p);
    if (!p)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < g->npair; k++) {
        size_t a = g->pair_a[k], b = g->pair_b[k];
        if (a >= g->n || b >= g->n) {
            pz__free(p);
            return pz__fail(err, PZ_ERR_INTERNAL,
                            "adjacency pair (%zu, %zu) names a region "
                            "beyond the %zu regions",
                            a, b, g->n);
        }
        if (a == b) {
            pz__free(p);
            return pz__fail(err, PZ_ERR_INPUT,
                            "region '%s' (%s) is listed as its own neighbour",
                            g->r[a].code, g->r[a].name);
        }
        p[k] = a < b ? (pair){a, b} : (pair){b, a};
    }
    qsort(p, g->npair, sizeof *p, pair_cmp);
    size_t m = 0;
    for (size_t k = 0; k < g->npair; k++)
        if (m == 0 || pair_cmp(&p[m - 1], &p[k]) != 0)
            p[m++] = p[k];
    for (size_t k = 0; k < m; k++) {
        g->pair_a[k] = p[k].a;
        g->pair_b[k] = p[k].b;
    }
    g->npair = m;
    pz__free(p);
    return PZ_OK;
}

static pz_status build_rows(pz__geo *g, pz_error *err)
{
    size_t n = g->n, m = 2 * g->npair;
    g->adj_row = pz__calloc(n + 1, sizeof *g->adj_row);
    g->adj_col = pz__malloc((m ? m : 1) * sizeof *g->adj_col);
    g->adj_km = pz__malloc((m ? m : 1) * sizeof *g->adj_km);
    size_t *next = pz__malloc((n ? n : 1) * sizeof *next);
    if (!g->adj_row || !g->adj_col || !g->adj_km || !next) {
        pz__free(next);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < g->npair; k++) {
        g->adj_row[g->pair_a[k] + 1]++;
        g->adj_row[g->pair_b[k] + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        g->adj_row[i + 1] += g->adj_row[i];
    memcpy(next, g->adj_row, n * sizeof *next);
    /* The pairs are sorted by (a, b) with a < b.  Row i receives its
     * neighbours below i (from pairs (a, i), in increasing a) before those
     * above it (from pairs (i, b), in increasing b), so every row comes
     * out sorted. */
    for (size_t k = 0; k < g->npair; k++) {
        size_t a = g->pair_a[k], b = g->pair_b[k];
        const pz__region *ra = &g->r[a], *rb = &g->r[b];
        double km = pz__geo_km(ra->lon, ra->lat, rb->lon, rb->lat);
        g->adj_col[next[a]] = b;
        g->adj_km[next[a]++] = km;
        g->adj_col[next[b]] = a;
        g->adj_km[next[b]++] = km;
    }
    pz__free(next);
    return PZ_OK;
}

/* The state code of a region: the first two characters of its code. */
static void state_prefix(const pz__region *r, char out[3])
{
    out[0] = r->code[0];
    out[1] = r->code[0] ? r->code[1] : '\0';
    out[2] = '\0';
}

typedef struct by_state {
    char code[3];
    size_t i;
} by_state;

static int by_state_cmp(const void *x, const void *y)
{
    const by_state *p = x, *q = y;
    int c = strcmp(p->code, q->code);
    if (c != 0)
        return c;
    return p->i < q->i ? -1 : p->i > q->i;
}

static pz_status build_states(pz__geo *g, pz_error *err)
{
    size_t n = g->n;
    if (!g->municipal) {
        g->state_code = pz__calloc(n ? n : 1, sizeof *g->state_code);
        g->state_name = pz__calloc(n ? n : 1, sizeof *g->state_name);
        if (!g->state_code || !g->state_name)
            return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < n; i++) {
            state_prefix(&g->r[i], g->state_code[i]);
            if (!(g->state_name[i] = pz__strdup(g->r[i].state_name)))
                return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            g->nstates = i + 1;
            g->r[i].state = i;
        }
        return PZ_OK;
    }
    /* municipalities: the states are the distinct first two digits, in
     * order; each state's name is that of its first region */
    by_state *s = pz__malloc((n ? n : 1) * sizeof *s);
    if (!s)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        state_prefix(&g->r[i], s[i].code);
        s[i].i = i;
    }
    qsort(s, n, sizeof *s, by_state_cmp);
    size_t ns = 0;
    for (size_t k = 0; k < n; k++)
        if (k == 0 || strcmp(s[k - 1].code, s[k].code) != 0)
            ns++;
    g->state_code = pz__calloc(ns ? ns : 1, sizeof *g->state_code);
    g->state_name = pz__calloc(ns ? ns : 1, sizeof *g->state_name);
    if (!g->state_code || !g->state_name) {
        pz__free(s);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k < n; k++) {
        if (k == 0 || strcmp(s[k - 1].code, s[k].code) != 0) {
            memcpy(g->state_code[g->nstates], s[k].code, 3);
            g->state_name[g->nstates] = pz__strdup(g->r[s[k].i].state_name);
            if (!g->state_name[g->nstates]) {
                pz__free(s);
                return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            }
            g->nstates++;
        }
        g->r[s[k].i].state = g->nstates - 1;
    }
    pz__free(s);
    return PZ_OK;
}

pz_status pz__geo_finish(pz__geo *g, pz_error *err)
{
    free_finished(g);
    pz_status st = merge_pairs(g, err);
    if (st == PZ_OK)
        st = build_rows(g, err);
    if (st == PZ_OK)
        st = build_states(g, err);
    if (st != PZ_OK)
        free_finished(g);
    return st;
}
