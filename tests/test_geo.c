/*
 * test_geo.c - the regions: Mexico's 32 states and 2,469 municipalities
 * read from the data directory (population, adjacency with distances,
 * states, places), checked against the files read independently here with
 * stdio; the building blocks (codes, pairs, distances, states); and the
 * refusal of bad data, with synthetic fixtures under tests/bad/geo/ (each
 * case one change of tests/bad/geo/baseline/).
 *
 * The data directory is PLAZA_DATA (CTest sets it: README.md, Data).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/mexico.h"
#include "world/geo.h"

#ifndef PLAZA_SOURCE_DIR
#error "PLAZA_SOURCE_DIR must be defined"
#endif

#define FIXTURES PLAZA_SOURCE_DIR "/tests/bad/geo/"

/* ---- an independent reader of the data files (stdio only) */

typedef struct table {
    char *buf;
    char **line; /* data lines, header excluded */
    size_t nline;
    char *header;
} table;

static void read_table(const char *path, table *t)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t cap = 1 << 16, len = 0, n;
    t->buf = malloc(cap);
    assert_non_null(t->buf);
    while ((n = fread(t->buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            t->buf = realloc(t->buf, cap);
            assert_non_null(t->buf);
        }
    }
    fclose(f);
    t->buf[len] = '\0';
    t->line = NULL;
    t->nline = 0;
    t->header = NULL;
    size_t ncap = 0;
    for (char *s = strtok(t->buf, "\r\n"); s; s = strtok(NULL, "\r\n")) {
        if (!t->header) {
            t->header = s;
            continue;
        }
        if (t->nline == ncap) {
            ncap = ncap ? 2 * ncap : 64;
            t->line = realloc(t->line, ncap * sizeof *t->line);
            assert_non_null(t->line);
        }
        t->line[t->nline++] = s;
    }
    assert_non_null(t->header);
}

static void free_table(table *t)
{
    free(t->buf);
    free(t->line);
}

/* Copies field k of a CSV line (quotes removed) into out. */
static void field(const char *line, size_t k, char *out, size_t size)
{
    size_t i = 0, o = 0;
    int quoted = 0;
    for (size_t f = 0; line[i]; i++) {
        char ch = line[i];
        if (ch == '"') {
            quoted = !quoted;
            continue;
        }
        if (ch == ',' && !quoted) {
            if (++f > k)
                break;
            continue;
        }
        if (f == k && o + 1 < size)
            out[o++] = ch;
    }
    out[o] = '\0';
}

/* Index of the header field called name. */
static size_t column(const table *t, const char *name)
{
    char buf[64];
    for (size_t k = 0; k < 64; k++) {
        field(t->header, k, buf, sizeof buf);
        if (strcmp(buf, name) == 0)
            return k;
    }
    fail_msg("no column %s", name);
    return 0;
}

static void data_path(char *out, size_t size, const char *file)
{
    const char *dir = getenv("PLAZA_DATA");
    if (!dir || !*dir)
        fail_msg("PLAZA_DATA is not set");
    snprintf(out, size, "%s/mexico/%s", dir, file);
}

static const char *data_dir(void)
{
    const char *dir = getenv("PLAZA_DATA");
    if (!dir || !*dir)
        fail_msg("PLAZA_DATA is not set");
    return dir;
}

/* ---- the files noted by the loaders */

typedef struct notes {
    int n;
    char path[8][4200];
    int fail_at; /* fail the call with this number (1-based), 0: never */
} notes;

static pz_status note(void *ud, const char *path, pz_error *err)
{
    notes *s = ud;
    if (s->n < 8)
        snprintf(s->path[s->n], sizeof s->path[s->n], "%s", path);
    s->n++;
    if (s->n == s->fail_at) {
        err->status = PZ_ERR_IO;
        snprintf(err->msg, sizeof err->msg, "note refused %s", path);
        return PZ_ERR_IO;
    }
    return PZ_OK;
}

static int ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

/* ---- checks shared by both resolutions */

static int in_row(const pz__geo *g, size_t i, size_t j, double *km)
{
    for (size_t k = g->adj_row[i]; k < g->adj_row[i + 1]; k++)
        if (g->adj_col[k] == j) {
            if (km)
                *km = g->adj_km[k];
            return 1;
        }
    return 0;
}

static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The rows are symmetric, sorted, without self-loops, with positive
 * plausible distances; and they hold exactly the pairs of the file. */
static void check_adjacency(const pz__geo *g, const char *file,
                            size_t expect_pairs)
{
    assert_non_null(g->adj_row);
    assert_int_equal(g->adj_row[0], 0);
    assert_int_equal(g->adj_row[g->n], 2 * expect_pairs);
    assert_int_equal(g->npair, expect_pairs);
    for (size_t i = 0; i < g->n; i++)
        for (size_t k = g->adj_row[i]; k < g->adj_row[i + 1]; k++) {
            size_t j = g->adj_col[k];
            double back = 0;
            assert_true(j < g->n);
            assert_true(j != i);
            if (k > g->adj_row[i])
                assert_true(g->adj_col[k - 1] < j);
            assert_true(in_row(g, j, i, &back));
            assert_true(back == g->adj_km[k]);
            if (!(g->adj_km[k] > 0 && g->adj_km[k] < 1500))
                fail_msg("%s-%s: %g km", g->r[i].code, g->r[j].code,
                         g->adj_km[k]);
        }
    char path[4200], a[16], b[16];
    table t;
    data_path(path, sizeof path, file);
    read_table(path, &t);
    size_t ca = column(&t, "a"), cb = column(&t, "b");
    /* every pair of the file is in the rows, and the file repeats no
     * pair: with the count above, the two sets are equal */
    size_t *key = malloc((t.nline + 1) * sizeof *key);
    assert_non_null(key);
    for (size_t l = 0; l < t.nline; l++) {
        field(t.line[l], ca, a, sizeof a);
        field(t.line[l], cb, b, sizeof b);
        long i = pz__geo_find(g, a), j = pz__geo_find(g, b);
        if (i < 0 || j < 0 || !in_row(g, (size_t)i, (size_t)j, NULL))
            fail_msg("%s line %zu: pair %s,%s missing", file, l + 2, a, b);
        key[l] =
            i < j ? (size_t)i * g->n + (size_t)j : (size_t)j * g->n + (size_t)i;
    }
    qsort(key, t.nline, sizeof *key, size_cmp);
    for (size_t l = 1; l < t.nline; l++)
        assert_true(key[l - 1] < key[l]);
    free(key);
    assert_int_equal(t.nline, expect_pairs);
    free_table(&t);
}

/* Sum of the pop column of a file. */
static double file_population(const char *file)
{
    char path[4200], v[64];
    table t;
    data_path(path, sizeof path, file);
    read_table(path, &t);
    size_t c = column(&t, "pop");
    double sum = 0;
    for (size_t l = 0; l < t.nline; l++) {
        field(t.line[l], c, v, sizeof v);
        sum += strtod(v, NULL);
    }
    free_table(&t);
    return sum;
}

static long find(const pz__geo *g, const char *code)
{
    long i = pz__geo_find(g, code);
    if (i < 0)
        fail_msg("no region %s", code);
    return i;
}

static double km_between(const pz__geo *g, const char *a, const char *b)
{
    double km = 0;
    if (!in_row(g, (size_t)find(g, a), (size_t)find(g, b), &km))
        fail_msg("%s and %s are not neighbours", a, b);
    return km;
}

static void load_ok(pz__geo *g, int municipal, int places, notes *ns)
{
    pz_error err;
    pz_status st;
    pz__geo_init(g);
    st = municipal ? pz__geo_load_municipalities(g, data_dir(), note, ns, &err)
                   : pz__geo_load_states(g, data_dir(), note, ns, &err);
    if (st == PZ_OK && places)
        st = pz__geo_load_places(g, data_dir(), note, ns, &err);
    if (st == PZ_OK)
        st = pz__geo_finish(g, &err);
    if (st != PZ_OK)
        fail_msg("%s", err.msg);
}

/* ---- 1. states */

static void states(void **state)
{
    (void)state;
    pz__geo g;
    notes ns = {0};
    load_ok(&g, 0, 0, &ns);
    assert_int_equal(g.municipal, 0);
    assert_int_equal(g.n, 32);
    assert_int_equal(g.nstates, 32);
    double pop = 0;
    for (size_t i = 0; i < g.n; i++) {
        pop += g.r[i].population;
        assert_int_equal(g.r[i].state, i);
        assert_string_equal(g.state_code[i], g.r[i].code);
        assert_string_equal(g.state_name[i], g.r[i].name);
        assert_string_equal(g.r[i].state_name, g.r[i].name);
        /* centres inside Mexico's bounding box */
        assert_true(g.r[i].lon > -118 && g.r[i].lon < -86);
        assert_true(g.r[i].lat > 14 && g.r[i].lat < 33);
    }
    assert_true(pop == file_population("state2020.csv"));
    assert_true(pop > 126e6 && pop < 127e6);
    check_adjacency(&g, "state_adjacency.csv", 67);
    double cdmx = km_between(&g, "09", "15");
    assert_true(cdmx > 0 && cdmx < 200);
    km_between(&g, "14", "18"); /* Jalisco - Nayarit */
    assert_string_equal(g.r[find(&g, "14")].name, "Jalisco");
    assert_memory_equal(g.r[find(&g, "09")].name, "Ciudad de M", 11);
    assert_int_equal(ns.n, 3);
    assert_true(ends_with(ns.path[0], "/mexico/state2020.csv"));
    assert_true(ends_with(ns.path[1], "/mexico/mun2020.csv"));
    assert_true(ends_with(ns.path[2], "/mexico/state_adjacency.csv"));
    pz__geo_release(&g);
}

/* ---- 2. municipalities */

static void municipalities(void **state)
{
    (void)state;
    pz__geo g;
    notes ns = {0};
    load_ok(&g, 1, 0, &ns);
    assert_int_equal(g.municipal, 1);
    assert_int_equal(g.n, 2469);
    assert_int_equal(g.nstates, 32);
    double pop = 0;
    for (size_t i = 0; i < g.n; i++) {
        const pz__region *r = &g.r[i];
        pop += r->population;
        assert_true(r->state < g.nstates);
        assert_memory_equal(g.state_code[r->state], r->code, 2);
        assert_string_equal(g.state_name[r->state], r->state_name);
        assert_true(r->lon > -118 && r->lon < -86);
        assert_true(r->lat > 14 && r->lat < 33);
    }
    for (size_t s = 1; s < g.nstates; s++)
        assert_true(strcmp(g.state_code[s - 1], g.state_code[s]) < 0);
    assert_string_equal(g.state_code[0], "01");
    assert_string_equal(g.state_code[31], "32");
    assert_true(pop == file_population("mun2020.csv"));
    assert_true(pop == file_population("state2020.csv"));
    check_adjacency(&g, "mun_adjacency.csv", 7112);
    /* Guadalajara - Zapopan, seats about 10 km apart */
    double km = km_between(&g, "14039", "14120");
    assert_true(km > 2 && km < 30);
    assert_string_equal(g.r[find(&g, "02004")].name, "Tijuana");
    assert_int_equal(ns.n, 2);
    assert_true(ends_with(ns.path[0], "/mexico/mun2020.csv"));
    assert_true(ends_with(ns.path[1], "/mexico/mun_adjacency.csv"));
    pz__geo_release(&g);
}

/* ---- 2b. homicides before the war (1997-2006) */

/* Sums of the INEGI municipal series over 1997-2006 by state, read here
 * independently (unspecified places XX998/XX999 left out). */
static void prewar_by_state(double sum[33])
{
    char path[4096], code[16], buf[32];
    table t;
    data_path(path, sizeof path, "inegi_homicides_mun_month_1990_2015.csv");
    read_table(path, &t);
    size_t cy = column(&t, "year"), cc = column(&t, "cvegeo"),
           ch = column(&t, "homicides");
    memset(sum, 0, 33 * sizeof *sum);
    for (size_t k = 0; k < t.nline; k++) {
        field(t.line[k], cy, buf, sizeof buf);
        int y = atoi(buf);
        field(t.line[k], cc, code, sizeof code);
        if (y < 1997 || y > 2006 || !strcmp(code + 2, "998") ||
            !strcmp(code + 2, "999"))
            continue;
        field(t.line[k], ch, buf, sizeof buf);
        int s = (code[0] - '0') * 10 + (code[1] - '0');
        assert_true(s >= 1 && s <= 32);
        sum[s] += atof(buf);
    }
    free_table(&t);
}

static void prewar(void **state)
{
    (void)state;
    double sum[33], total = 0;
    prewar_by_state(sum);
    for (int s = 1; s <= 32; s++)
        total += sum[s];
    assert_true(total > 100000); /* about 110,000 homicides in ten years */
    for (int municipal = 0; municipal <= 1; municipal++) {
        pz__geo g;
        pz_error err;
        notes ns = {0};
        load_ok(&g, municipal, 0, &ns);
        for (size_t i = 0; i < g.n; i++)
            assert_true(isnan(g.r[i].prewar)); /* not read yet */
        assert_int_equal(pz__geo_load_prewar(&g, data_dir(), note, &ns, &err),
                         PZ_OK);
        assert_true(
            ends_with(ns.path[ns.n - 1],
                      "/mexico/inegi_homicides_mun_month_1990_2015.csv"));
        double by_state[33] = {0}, pop[33] = {0};
        for (size_t i = 0; i < g.n; i++) {
            int s = (g.r[i].code[0] - '0') * 10 + (g.r[i].code[1] - '0');
            by_state[s] += g.r[i].prewar;
            pop[s] += g.r[i].population;
        }
        for (int s = 1; s <= 32; s++)
            assert_true(fabs(by_state[s] - sum[s]) <= 1e-9 * sum[s]);
        /* a municipality's share of its state's is its share of people */
        for (size_t i = 0; municipal && i < g.n; i++) {
            int s = (g.r[i].code[0] - '0') * 10 + (g.r[i].code[1] - '0');
            assert_true(fabs(g.r[i].prewar - sum[s] * g.r[i].population /
                                                 pop[s]) <= 1e-9 * sum[s]);
        }
        pz__geo_release(&g);
    }
}

/* ---- 3. places */

static void check_places(const pz__geo *g)
{
    unsigned want[PZ_PLACE_KINDS] = {0}, got[PZ_PLACE_KINDS] = {0},
             sum[PZ_PLACE_KINDS] = {0};
    char path[4200], kind[64];
    table t;
    data_path(path, sizeof path, "places.csv");
    read_table(path, &t);
    size_t ck = column(&t, "kind");
    for (size_t l = 0; l < t.nline; l++) {
        field(t.line[l], ck, kind, sizeof kind);
        int k = pz__place_kind_lookup(kind);
        assert_true(k >= 0);
        want[k]++;
    }
    assert_int_equal(g->nplace, t.nline);
    free_table(&t);
    for (size_t p = 0; p < g->nplace; p++) {
        assert_true(g->place[p].region < g->n);
        got[g->place[p].kind]++;
    }
    for (size_t i = 0; i < g->n; i++)
        for (int k = 0; k < PZ_PLACE_KINDS; k++)
            sum[k] += g->r[i].places[k];
    for (int k = 0; k < PZ_PLACE_KINDS; k++) {
        assert_int_equal(got[k], want[k]);
        assert_int_equal(sum[k], want[k]);
    }
    assert_true(want[PZ_PLACE_BORDER_CROSSING] > 0);
    assert_true(want[PZ_PLACE_SEAPORT] > 0);
}

static void places(void **state)
{
    (void)state;
    pz__geo g;
    notes ns = {0};
    load_ok(&g, 1, 1, &ns);
    check_places(&g);
    long tj = find(&g, "02004");
    assert_true(g.r[tj].places[PZ_PLACE_BORDER_CROSSING] >= 1);
    int named = 0;
    for (size_t p = 0; p < g.nplace; p++)
        if (g.place[p].region == (size_t)tj &&
            g.place[p].kind == PZ_PLACE_BORDER_CROSSING &&
            strcmp(g.place[p].name, "Tijuana") == 0)
            named = 1;
    assert_true(named);
    /* the same-name traps of the data README */
    assert_true(g.r[find(&g, "08037")].places[PZ_PLACE_BORDER_CROSSING] == 1);
    assert_true(g.r[find(&g, "28022")].places[PZ_PLACE_BORDER_CROSSING] == 1);
    assert_true(g.r[find(&g, "26043")].places[PZ_PLACE_BORDER_CROSSING] == 1);
    assert_int_equal(ns.n, 3);
    assert_true(ends_with(ns.path[2], "/mexico/places.csv"));
    pz__geo_release(&g);

    memset(&ns, 0, sizeof ns);
    load_ok(&g, 0, 1, &ns);
    check_places(&g);
    assert_true(g.r[find(&g, "02")].places[PZ_PLACE_BORDER_CROSSING] >= 2);
    assert_true(g.r[find(&g, "07")].places[PZ_PLACE_SOUTHERN_BORDER] >= 1);
    assert_int_equal(ns.n, 4);
    pz__geo_release(&g);
}

/* ---- the building blocks */

static void place_kinds(void **state)
{
    (void)state;
    static const char *const names[] = {
        "border_crossing", "southern_border", "seaport", "production", "city",
        "pipeline",        "migrant_route"};
    assert_int_equal(sizeof names / sizeof *names, PZ_PLACE_KINDS);
    for (int k = 0; k < PZ_PLACE_KINDS; k++) {
        assert_int_equal(pz__place_kind_lookup(names[k]), k);
        assert_string_equal(pz__place_kind_name((pz__place_kind)k), names[k]);
    }
    assert_int_equal(pz__place_kind_lookup("volcano"), -1);
    assert_int_equal(pz__place_kind_lookup("Seaport"), -1);
    assert_int_equal(pz__place_kind_lookup(""), -1);
    assert_int_equal(pz__place_kind_lookup(NULL), -1);
    assert_null(pz__place_kind_name(PZ_PLACE_KINDS));
}

static void distances(void **state)
{
    (void)state;
    const double r = 6371.0088, pi = 3.14159265358979323846;
    assert_true(pz__geo_km(10, 20, 10, 20) == 0);
    assert_true(fabs(pz__geo_km(0, 0, 0, 1) - r * pi / 180) < 1e-9);
    assert_true(fabs(pz__geo_km(0, 0, 1, 0) - r * pi / 180) < 1e-9);
    assert_true(fabs(pz__geo_km(0, 0, 180, 0) - r * pi) < 1e-9);
    assert_true(fabs(pz__geo_km(0, 90, 0, -90) - r * pi) < 1e-9);
    assert_true(pz__geo_km(-99.13, 19.43, -103.35, 20.67) ==
                pz__geo_km(-103.35, 20.67, -99.13, 19.43));
    /* Mexico City - Guadalajara, about 460 km */
    double km = pz__geo_km(-99.13, 19.43, -103.35, 20.67);
    assert_true(km > 440 && km < 480);
}

static void building(void **state)
{
    (void)state;
    pz__geo g;
    pz_error err;
    char code[8] = "16053", name[16] = "Morelia", st[16] = "Michoacan";
    pz__geo_init(&g);
    g.municipal = 1;
    assert_int_equal(pz__geo_add(&g, code, name, st, 849053, -101.19, 19.70),
                     0);
    strcpy(code, "99999");
    strcpy(name, "changed");
    strcpy(st, "changed");
    assert_string_equal(g.r[0].code, "16053");
    assert_string_equal(g.r[0].name, "Morelia");
    assert_string_equal(g.r[0].state_name, "Michoacan");
    assert_int_equal(pz__geo_add(&g, "16102", "Uruapan", "Otro nombre", 356786,
                                 -102.06, 19.42),
                     1);
    assert_int_equal(pz__geo_add(&g, "14039", "Guadalajara", "Jalisco", 1385629,
                                 -103.35, 20.67),
                     2);
    assert_int_equal(pz__geo_add(&g, "01001", "Aguascalientes", NULL, 948990,
                                 -102.30, 21.88),
                     3);
    assert_string_equal(g.r[3].state_name, "Aguascalientes");
    assert_int_equal(pz__geo_add(&g, "12345678", "too long", NULL, 1, 0, 0),
                     -1);
    assert_int_equal(g.n, 4);
    assert_int_equal(pz__geo_find(&g, "16102"), 1);
    assert_int_equal(pz__geo_find(&g, "1610"), -1);
    assert_int_equal(pz__geo_find(&g, "161020"), -1);
    assert_int_equal(pz__geo_find(&g, "123456789"), -1);
    assert_int_equal(pz__geo_find(&g, ""), -1);
    assert_int_equal(pz__geo_find_name(&g, "Guadalajara"), 2);
    assert_int_equal(pz__geo_find_name(&g, "guadalajara"), -1);
    /* duplicates, in either order, are merged */
    assert_int_equal(pz__geo_adjacent(&g, 0, 1), 0);
    assert_int_equal(pz__geo_adjacent(&g, 1, 0), 0);
    assert_int_equal(pz__geo_adjacent(&g, 2, 1), 0);
    assert_int_equal(pz__geo_adjacent(&g, 0, 1), 0);
    assert_int_equal(pz__geo_place(&g, 2, PZ_PLACE_CITY, "Guadalajara"), 0);
    assert_int_equal(pz__geo_place(&g, 2, PZ_PLACE_CITY, "Tlaquepaque"), 0);
    assert_int_equal(pz__geo_place(&g, 9, PZ_PLACE_CITY, "nowhere"), -1);
    assert_int_equal(g.r[2].places[PZ_PLACE_CITY], 2);
    assert_int_equal(g.nplace, 2);
    for (int pass = 0; pass < 2; pass++) { /* finish can be repeated */
        assert_int_equal(pz__geo_finish(&g, &err), PZ_OK);
        assert_int_equal(g.npair, 2);
        size_t row[] = {0, 1, 3, 4, 4}, col[] = {1, 0, 2, 1};
        assert_memory_equal(g.adj_row, row, sizeof row);
        assert_memory_equal(g.adj_col, col, sizeof col);
        assert_true(g.adj_km[0] == pz__geo_km(-101.19, 19.70, -102.06, 19.42));
        assert_true(g.adj_km[0] == g.adj_km[1]);
        /* states by the first two digits, named after their first region */
        assert_int_equal(g.nstates, 3);
        assert_string_equal(g.state_code[0], "01");
        assert_string_equal(g.state_code[1], "14");
        assert_string_equal(g.state_code[2], "16");
        assert_string_equal(g.state_name[2], "Michoacan");
        assert_int_equal(g.r[0].state, 2);
        assert_int_equal(g.r[1].state, 2);
        assert_int_equal(g.r[2].state, 1);
        assert_int_equal(g.r[3].state, 0);
    }
    /* a self-pair is refused */
    assert_int_equal(pz__geo_adjacent(&g, 3, 3), 0);
    memset(&err, 0, sizeof err);
    assert_int_equal(pz__geo_finish(&g, &err), PZ_ERR_INPUT);
    assert_int_equal(err.status, PZ_ERR_INPUT);
    assert_non_null(strstr(err.msg, "'01001'"));
    assert_null(g.adj_row);
    pz__geo_release(&g);

    /* at state resolution the states are the regions */
    pz__geo_init(&g);
    assert_int_equal(
        pz__geo_add(&g, "02", "Baja California", NULL, 1, -115, 31), 0);
    assert_int_equal(pz__geo_add(&g, "01", "Aguascalientes", NULL, 1, -102, 22),
                     1);
    assert_int_equal(pz__geo_finish(&g, &err), PZ_OK);
    assert_int_equal(g.nstates, 2);
    assert_string_equal(g.state_code[0], "02");
    assert_string_equal(g.state_name[1], "Aguascalientes");
    assert_int_equal(g.r[1].state, 1);
    assert_int_equal(g.adj_row[2], 0);
    pz__geo_release(&g);

    /* an empty geography finishes */
    pz__geo_init(&g);
    assert_int_equal(pz__geo_finish(&g, &err), PZ_OK);
    assert_int_equal(g.nstates, 0);
    pz__geo_release(&g);
}

/* ---- the synthetic baseline and the bad cases made from it */

static void baseline(void **state)
{
    (void)state;
    pz__geo g;
    pz_error err;
    notes ns = {0};
    pz__geo_init(&g);
    assert_int_equal(
        pz__geo_load_states(&g, FIXTURES "baseline", note, &ns, &err), PZ_OK);
    assert_int_equal(
        pz__geo_load_places(&g, FIXTURES "baseline", NULL, NULL, &err), PZ_OK);
    assert_int_equal(pz__geo_finish(&g, &err), PZ_OK);
    assert_int_equal(ns.n, 3);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.npair, 2); /* 02,03 and 03,02 merged */
    /* state 01: seats (-102, 22) x 600 and (-102.5, 22.5) x 400 */
    assert_true(fabs(g.r[0].lon - -102.2) < 1e-12);
    assert_true(fabs(g.r[0].lat - 22.2) < 1e-12);
    assert_true(g.r[2].lon == -100 && g.r[2].lat == 20);
    assert_true(g.r[1].population == 2000);
    assert_int_equal(g.r[1].places[PZ_PLACE_BORDER_CROSSING], 2);
    assert_int_equal(g.r[0].places[PZ_PLACE_SEAPORT], 1);
    assert_int_equal(g.nplace, 3);
    assert_string_equal(g.place[2].name, "Tres Oeste");
    pz__geo_release(&g);

    pz__geo_init(&g);
    assert_int_equal(
        pz__geo_load_municipalities(&g, FIXTURES "baseline", NULL, NULL, &err),
        PZ_OK);
    assert_int_equal(
        pz__geo_load_places(&g, FIXTURES "baseline", NULL, NULL, &err), PZ_OK);
    assert_int_equal(pz__geo_finish(&g, &err), PZ_OK);
    assert_int_equal(g.n, 4);
    assert_int_equal(g.npair, 2);
    assert_int_equal(g.nstates, 3);
    assert_string_equal(g.state_name[1], "Beta");
    assert_string_equal(g.r[1].name, "Dos");
    assert_true(g.r[1].lon == -102.5);
    assert_int_equal(g.r[2].places[PZ_PLACE_BORDER_CROSSING], 2);
    pz__geo_release(&g);

    /* a failing note stops the loader with its status */
    memset(&ns, 0, sizeof ns);
    ns.fail_at = 2;
    pz__geo_init(&g);
    assert_int_equal(
        pz__geo_load_states(&g, FIXTURES "baseline", note, &ns, &err),
        PZ_ERR_IO);
    assert_int_equal(ns.n, 2);
    pz__geo_release(&g);
}

enum { STATES = 0, MUNICIPAL = 1, PLACES = 2 };

/* Loading case (states or municipalities, maybe places) must fail with
 * PZ_ERR_INPUT and a message holding every fragment. */
static void expect_bad(const char *name, int how, ...)
{
    char dir[4200];
    pz__geo g;
    pz_error err;
    snprintf(dir, sizeof dir, FIXTURES "%s", name);
    memset(&err, 0, sizeof err);
    pz__geo_init(&g);
    pz_status st = how & MUNICIPAL
                       ? pz__geo_load_municipalities(&g, dir, NULL, NULL, &err)
                       : pz__geo_load_states(&g, dir, NULL, NULL, &err);
    if (st == PZ_OK && (how & PLACES))
        st = pz__geo_load_places(&g, dir, NULL, NULL, &err);
    if (st == PZ_OK)
        st = pz__geo_finish(&g, &err);
    pz__geo_release(&g);
    if (st != PZ_ERR_INPUT || err.status != PZ_ERR_INPUT)
        fail_msg("case %s: status %d, message '%s'", name, (int)st, err.msg);
    va_list ap;
    va_start(ap, how);
    for (const char *f; (f = va_arg(ap, const char *));)
        if (!strstr(err.msg, f))
            fail_msg("case %s: message '%s' lacks '%s'", name, err.msg, f);
    va_end(ap);
    if (strchr(err.msg, '\n'))
        fail_msg("case %s: message '%s' is not one line", name, err.msg);
}

static void bad_data(void **state)
{
    (void)state;
    expect_bad("unknown-neighbour", MUNICIPAL,
               "unknown-neighbour/mexico/mun_adjacency.csv:3: column 'b': "
               "unknown municipality code '99999'",
               (char *)NULL);
    expect_bad("duplicate-code", MUNICIPAL,
               "duplicate-code/mexico/mun2020.csv:5: column 'region'",
               "duplicate municipality code '01002'", "line 3", (char *)NULL);
    expect_bad("bad-population", STATES,
               "bad-population/mexico/state2020.csv:3: column 'pop'", "'12x'",
               (char *)NULL);
    expect_bad("self-adjacency", STATES,
               "self-adjacency/mexico/state_adjacency.csv:3: column 'b'",
               "'03'", (char *)NULL);
    expect_bad("missing-file", STATES, "cannot open",
               "missing-file/mexico/mun2020.csv", (char *)NULL);
    expect_bad("missing-file", MUNICIPAL, "cannot open",
               "missing-file/mexico/mun2020.csv", (char *)NULL);
    expect_bad("unknown-kind", STATES | PLACES,
               "unknown-kind/mexico/places.csv:3: column 'kind'", "'volcano'",
               "border_crossing", (char *)NULL);
    expect_bad("place-unknown-region", MUNICIPAL | PLACES,
               "place-unknown-region/mexico/places.csv:3: column 'cvegeo'",
               "'09001'", (char *)NULL);
    expect_bad("place-unknown-region", STATES | PLACES,
               "place-unknown-region/mexico/places.csv:3: column 'cvegeo'",
               "'09001'", "'09'", (char *)NULL);
    expect_bad("bad-latitude", MUNICIPAL,
               "bad-latitude/mexico/mun2020.csv:4: column 'lat'", "'95'",
               (char *)NULL);
    expect_bad("mun-unknown-state", STATES,
               "mun-unknown-state/mexico/mun2020.csv:6: column 'region'",
               "'04001'", "'04'", "state2020.csv", (char *)NULL);
    /* a data directory without mexico/ at all */
    expect_bad("no-such-case", STATES, "cannot open",
               "no-such-case/mexico/state2020.csv", (char *)NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(place_kinds),    cmocka_unit_test(distances),
        cmocka_unit_test(building),       cmocka_unit_test(baseline),
        cmocka_unit_test(bad_data),       cmocka_unit_test(states),
        cmocka_unit_test(municipalities), cmocka_unit_test(places),
        cmocka_unit_test(prewar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
