/*
 * network.c - groups and the symmetrised rivalry/alliance network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "world/network.h"

void pz__network_init(pz__network *net)
{
    memset(net, 0, sizeof *net);
}

static void free_rows(pz__network *net)
{
    pz__free(net->row);
    pz__free(net->col);
    pz__free(net->w);
    pz__free(net->alliance);
    pz__free(net->strength);
    pz__free(net->ally_row);
    pz__free(net->ally_col);
    net->ally_row = net->ally_col = NULL;
    net->row = net->col = NULL;
    net->w = net->alliance = net->strength = NULL;
}

void pz__network_release(pz__network *net)
{
    for (size_t i = 0; i < net->n; i++) {
        pz__free(net->g[i].name);
        pz__free(net->g[i].state);
    }
    pz__free(net->g);
    pz__free(net->rival_in);
    pz__free(net->ally_in);
    free_rows(net);
    memset(net, 0, sizeof *net);
}

long pz__network_add(pz__network *net, const char *name, const char *state,
                     double members)
{
    if (net->n == net->cap) {
        size_t cap = net->cap ? 2 * net->cap : 64;
        pz__group *g = pz__realloc(net->g, cap * sizeof *g);
        if (!g)
            return -1;
        net->g = g;
        net->cap = cap;
    }
    pz__group *g = &net->g[net->n];
    g->name = pz__strdup(name);
    g->state = state ? pz__strdup(state) : NULL;
    g->members = members;
    g->structure = PZ__STRUCT_UNKNOWN;
    g->protection = 0;
    if (!g->name || (state && !g->state)) {
        pz__free(g->name);
        pz__free(g->state);
        return -1;
    }
    return (long)net->n++;
}

long pz__network_find(const pz__network *net, const char *name)
{
    for (size_t i = 0; i < net->n; i++)
        if (strcmp(net->g[i].name, name) == 0)
            return (long)i;
    return -1;
}

static int push_edge(pz__edge **e, size_t *n, size_t *cap, size_t i, size_t j,
                     double w)
{
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        pz__edge *p = pz__realloc(*e, c * sizeof *p);
        if (!p)
            return -1;
        *e = p;
        *cap = c;
    }
    (*e)[(*n)++] = (pz__edge){i, j, w};
    return 0;
}

int pz__network_rival(pz__network *net, size_t i, size_t j, double w)
{
    return push_edge(&net->rival_in, &net->nrival_in, &net->caprival, i, j, w);
}

int pz__network_ally(pz__network *net, size_t i, size_t j, double w)
{
    return push_edge(&net->ally_in, &net->nally_in, &net->capally, i, j, w);
}

static int edge_cmp(const void *a, const void *b)
{
    const pz__edge *x = a, *y = b;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    if (x->j != y->j)
        return x->j < y->j ? -1 : 1;
    return 0;
}

/* Doubles the edges in both directions, sorts them and merges duplicates
 * with max; drops self-loops.  Returns the merged count, or -1. */
static long symmetrise(const pz__edge *in, size_t nin, pz__edge **out)
{
    pz__edge *e = pz__malloc((2 * nin + 1) * sizeof *e);
    if (!e)
        return -1;
    size_t n = 0;
    for (size_t k = 0; k < nin; k++) {
        if (in[k].i == in[k].j)
            continue;
        e[n++] = in[k];
        e[n++] = (pz__edge){in[k].j, in[k].i, in[k].w};
    }
    qsort(e, n, sizeof *e, edge_cmp);
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        if (m > 0 && e[m - 1].i == e[k].i && e[m - 1].j == e[k].j) {
            if (e[k].w > e[m - 1].w)
                e[m - 1].w = e[k].w;
        } else {
            e[m++] = e[k];
        }
    }
    *out = e;
    return (long)m;
}

int pz__network_finish(pz__network *net)
{
    pz__edge *r = NULL, *a = NULL;
    size_t n = net->n;
    free_rows(net);
    long nr = symmetrise(net->rival_in, net->nrival_in, &r);
    long na = nr < 0 ? -1 : symmetrise(net->ally_in, net->nally_in, &a);
    net->row = pz__calloc(n + 1, sizeof *net->row);
    net->col = pz__malloc(((size_t)(nr > 0 ? nr : 0) + 1) * sizeof *net->col);
    net->w = pz__malloc(((size_t)(nr > 0 ? nr : 0) + 1) * sizeof *net->w);
    net->alliance = pz__calloc(n + 1, sizeof *net->alliance);
    net->strength = pz__calloc(n + 1, sizeof *net->strength);
    net->ally_row = pz__calloc(n + 1, sizeof *net->ally_row);
    net->ally_col =
        pz__malloc(((size_t)(na > 0 ? na : 0) + 1) * sizeof *net->ally_col);
    if (na < 0 || !net->row || !net->col || !net->w || !net->alliance ||
        !net->strength || !net->ally_row || !net->ally_col) {
        pz__free(r);
        pz__free(a);
        free_rows(net);
        return -1;
    }
    for (long k = 0; k < nr; k++) {
        net->row[r[k].i + 1]++;
        net->col[k] = r[k].j;
        net->w[k] = r[k].w;
        net->strength[r[k].i] += r[k].w;
    }
    for (size_t i = 0; i < n; i++)
        net->row[i + 1] += net->row[i];
    for (long k = 0; k < na; k++) {
        net->alliance[a[k].i] += a[k].w;
        net->strength[a[k].i] += a[k].w;
        if (a[k].w > 0)
            net->ally_row[a[k].i + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        net->ally_row[i + 1] += net->ally_row[i];
    /* the merged edges are sorted by (i, j): their order is the rows' */
    size_t m = 0;
    for (long k = 0; k < na; k++)
        if (a[k].w > 0)
            net->ally_col[m++] = a[k].j;
    net->nrival_pairs = (size_t)nr / 2;
    net->nally_pairs = (size_t)na / 2;
    pz__free(r);
    pz__free(a);
    return 0;
}

int pz__network_allied(const pz__network *net, size_t i, size_t j)
{
    size_t lo = net->ally_row[i], hi = net->ally_row[i + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (net->ally_col[mid] == j)
            return 1;
        if (net->ally_col[mid] < j)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

int pz__network_copy(pz__network *dst, const pz__network *src)
{
    pz__network_init(dst);
    for (size_t i = 0; i < src->n; i++) {
        if (pz__network_add(dst, src->g[i].name, src->g[i].state,
                            src->g[i].members) < 0)
            goto fail;
        dst->g[i].structure = src->g[i].structure;
        dst->g[i].protection = src->g[i].protection;
    }
    for (size_t k = 0; k < src->nrival_in; k++)
        if (pz__network_rival(dst, src->rival_in[k].i, src->rival_in[k].j,
                              src->rival_in[k].w) != 0)
            goto fail;
    for (size_t k = 0; k < src->nally_in; k++)
        if (pz__network_ally(dst, src->ally_in[k].i, src->ally_in[k].j,
                             src->ally_in[k].w) != 0)
            goto fail;
    if (pz__network_finish(dst) != 0)
        goto fail;
    return 0;
fail:
    pz__network_release(dst);
    return -1;
}
