/*
 * scenario.c - the YAML scenario reader (libyaml's document loader).
 *
 * The whole file is loaded as a YAML document, then walked against the
 * scenario schema (docs/SCENARIOS.md).  Every error names the file, the
 * line and column of the offending node, the key path
 * ("policies.double_incapacitation.changes[0].scale.incapacitation") and
 * the value; unknown keys and duplicate keys are errors, so a typo never
 * passes silently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "base/internal.h"
#include "base/limits.h"
#include "io/scenario_impl.h"

typedef struct reader {
    const char *path;
    const char *data_dir;
    yaml_document_t doc;
    pz_scenario *sc;
    pz_error *err;
    unsigned order;
} reader;

#define KEYLEN 512

static yaml_node_t *child(reader *r, int index)
{
    return yaml_document_get_node(&r->doc, index);
}

static const char *text(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

static pz_status bad(reader *r, const yaml_node_t *n, const char *key,
                     const char *fmt, ...) PZ__PRINTF(4, 5);

static pz_status bad(reader *r, const yaml_node_t *n, const char *key,
                     const char *fmt, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return pz__fail(r->err, PZ_ERR_INPUT, "%s:%zu:%zu: %s: %s", r->path,
                    n->start_mark.line + 1, n->start_mark.column + 1,
                    key && *key ? key : "(top level)", what);
}

static const char *kind(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE:
        return "a scalar";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a mapping";
    default:
        return "nothing";
    }
}

static pz_status expect(reader *r, const yaml_node_t *n, yaml_node_type_t t,
                        const char *key)
{
    static const char *const names[] = {"", "a scalar", "a list", "a mapping"};
    if (n->type != t)
        return bad(r, n, key, "must be %s, got %s", names[t], kind(n));
    return PZ_OK;
}

static void join(char *out, const char *base, const char *name)
{
    snprintf(out, KEYLEN, "%s%s%s", base, *base ? "." : "", name);
}

/* Checks that mapping n has scalar keys, no duplicates, and only keys from
 * allowed (NULL-terminated; NULL allows any key). */
static pz_status check_keys(reader *r, const yaml_node_t *n, const char *key,
                            const char *const *allowed)
{
    pz_status st = expect(r, n, YAML_MAPPING_NODE, key);
    if (st != PZ_OK)
        return st;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = child(r, p->key);
        if (k->type != YAML_SCALAR_NODE)
            return bad(r, k, key, "keys must be scalars, got %s", kind(k));
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p; q++) {
            yaml_node_t *first = child(r, q->key);
            if (first->type == YAML_SCALAR_NODE &&
                strcmp(text(first), text(k)) == 0) {
                char full[KEYLEN];
                join(full, key, text(k));
                return bad(r, k, full, "duplicate key (first given at %zu:%zu)",
                           first->start_mark.line + 1,
                           first->start_mark.column + 1);
            }
        }
        if (!allowed)
            continue;
        int ok = 0;
        for (int i = 0; allowed[i]; i++)
            ok |= strcmp(allowed[i], text(k)) == 0;
        if (!ok) {
            char list[256];
            size_t off = 0;
            for (int i = 0; allowed[i] && off < sizeof list; i++)
                off += (size_t)snprintf(list + off, sizeof list - off, "%s%s",
                                        i ? ", " : "", allowed[i]);
            return bad(r, k, key, "unknown key '%s' (expected one of: %s)",
                       text(k), list);
        }
    }
    return PZ_OK;
}

/* The value of key name in mapping n, or NULL. */
static yaml_node_t *lookup(reader *r, const yaml_node_t *n, const char *name)
{
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; p++)
        if (strcmp(text(child(r, p->key)), name) == 0)
            return child(r, p->value);
    return NULL;
}

static pz_status get_string(reader *r, const yaml_node_t *n, const char *key,
                            char **out)
{
    pz_status st = expect(r, n, YAML_SCALAR_NODE, key);
    if (st != PZ_OK)
        return st;
    pz__free(*out);
    *out = pz__strdup(text(n));
    return *out ? PZ_OK : pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
}

static pz_status get_number(reader *r, const yaml_node_t *n, const char *key,
                            double min, double max, int integer, double *out)
{
    pz_status st = expect(r, n, YAML_SCALAR_NODE, key);
    if (st != PZ_OK)
        return st;
    const char *s = text(n);
    double v;
    if (pz_parse_real(s, &v, NULL) != PZ_OK)
        return bad(r, n, key, "must be a number, got '%s'", s);
    if (integer && v != floor(v))
        return bad(r, n, key, "must be an integer, got '%s'", s);
    if (v < min || v > max)
        return bad(r, n, key, "must be in [%.10g, %.10g], got '%s'", min, max,
                   s);
    *out = v;
    return PZ_OK;
}

static pz_status read_parameters(reader *r, const yaml_node_t *n)
{
    pz_status st = check_keys(r, n, "parameters", NULL);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         st == PZ_OK && p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = child(r, p->key), *v = child(r, p->value);
        char key[KEYLEN];
        pz_error why;
        join(key, "parameters", text(k));
        int id = pz_param_lookup(text(k));
        if (id < 0)
            return bad(r, k, key, "unknown parameter '%s' (see 'plaza params')",
                       text(k));
        if ((st = expect(r, v, YAML_SCALAR_NODE, key)) != PZ_OK)
            return st;
        if (pz_param_parse((pz_param_id)id, text(v), &r->sc->param[id], &why) !=
            PZ_OK)
            return bad(r, v, key, "%s", why.msg);
    }
    return st;
}

/* Edges of one group: a mapping from group name to weight. */
static pz_status read_edges(reader *r, const yaml_node_t *n, const char *key,
                            size_t from, int rival)
{
    pz_status st = check_keys(r, n, key, NULL);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         st == PZ_OK && p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = child(r, p->key), *v = child(r, p->value);
        char sub[KEYLEN];
        double w;
        join(sub, key, text(k));
        long to = pz__network_find(&r->sc->net, text(k));
        if (to < 0)
            return bad(r, k, sub, "unknown group '%s'", text(k));
        if ((size_t)to == from)
            return bad(r, k, sub, "a group cannot be its own %s",
                       rival ? "rival" : "ally");
        if ((st = get_number(r, v, sub, 0, 1e6, 0, &w)) != PZ_OK)
            return st;
        int e = rival ? pz__network_rival(&r->sc->net, from, (size_t)to, w)
                      : pz__network_ally(&r->sc->net, from, (size_t)to, w);
        if (e != 0)
            return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
    }
    return st;
}

static pz_status read_group_list(reader *r, const yaml_node_t *n)
{
    static const char *const keys[] = {
        "name",   "state",     "home",       "members", "rivals",
        "allies", "structure", "protection", "note",    NULL};
    pz_status st = expect(r, n, YAML_SEQUENCE_NODE, "groups.list");
    size_t first = r->sc->net.n, k = 0;
    if (st != PZ_OK)
        return st;
    size_t count =
        (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (first + count > PZ__LIMIT_GROUPS)
        return bad(r, n, "groups.list",
                   "%zu groups, more than the limit of %d groups "
                   "(docs/SCENARIOS.md, Limits)",
                   first + count, PZ__LIMIT_GROUPS);
    /* pass 1: the groups; pass 2: their edges, which may name later ones */
    for (yaml_node_item_t *it = n->data.sequence.items.start;
         it < n->data.sequence.items.top; it++, k++) {
        yaml_node_t *g = child(r, *it), *v;
        char key[KEYLEN], sub[KEYLEN];
        char *name = NULL, *state = NULL;
        double members = -1, protection = 0;
        int structure = PZ__STRUCT_UNKNOWN;
        snprintf(key, sizeof key, "groups.list[%zu]", k);
        if ((st = check_keys(r, g, key, keys)) != PZ_OK)
            return st;
        if (!(v = lookup(r, g, "name")))
            return bad(r, g, key, "missing key 'name'");
        join(sub, key, "name");
        if ((st = get_string(r, v, sub, &name)) != PZ_OK)
            return st;
        if (strlen(name) > PZ__LIMIT_NAME) {
            st = bad(r, v, sub,
                     "a name of %zu bytes ('%.40s...'), more than the limit "
                     "of %d bytes (docs/SCENARIOS.md, Limits)",
                     strlen(name), name, PZ__LIMIT_NAME);
            pz__free(name);
            return st;
        }
        if (*name == '\0' || pz__network_find(&r->sc->net, name) >= 0) {
            st = bad(r, v, sub, "%s group name '%s'",
                     *name ? "duplicate" : "empty", name);
            pz__free(name);
            return st;
        }
        if ((v = lookup(r, g, "state"))) {
            join(sub, key, "state");
            st = get_string(r, v, sub, &state);
        }
        if (st == PZ_OK && (v = lookup(r, g, "members"))) {
            join(sub, key, "members");
            st = get_number(r, v, sub, 0, 1e8, 0, &members);
        }
        if (st == PZ_OK && (v = lookup(r, g, "note"))) {
            join(sub, key, "note");
            st = expect(r, v, YAML_SCALAR_NODE, sub);
        }
        if (st == PZ_OK && (v = lookup(r, g, "protection"))) {
            join(sub, key, "protection");
            st = get_number(r, v, sub, 0, 1, 0, &protection);
        }
        if (st == PZ_OK && (v = lookup(r, g, "structure"))) {
            join(sub, key, "structure");
            st = expect(r, v, YAML_SCALAR_NODE, sub);
            if (st == PZ_OK && strcmp(text(v), "hierarchical") == 0)
                structure = PZ__STRUCT_HIERARCHICAL;
            else if (st == PZ_OK && strcmp(text(v), "federated") == 0)
                structure = PZ__STRUCT_FEDERATED;
            else if (st == PZ_OK)
                st = bad(r, v, sub,
                         "must be 'hierarchical' or 'federated', got '%s'",
                         text(v));
        }
        if (st == PZ_OK && (v = lookup(r, g, "home"))) {
            /* a region code, resolved after the regions are read */
            join(sub, key, "home");
            st = expect(r, v, YAML_SCALAR_NODE, sub);
            if (st == PZ_OK && !r->sc->has_geo)
                st = bad(r, v, sub, "'home' needs 'regions'");
        }
        long gi = -1;
        if (st == PZ_OK &&
            (gi = pz__network_add(&r->sc->net, name, state, members)) < 0)
            st = pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
        if (st == PZ_OK) {
            r->sc->net.g[gi].structure = structure;
            r->sc->net.g[gi].protection = protection;
        }
        pz__free(name);
        pz__free(state);
        if (st != PZ_OK)
            return st;
    }
    k = 0;
    for (yaml_node_item_t *it = n->data.sequence.items.start;
         it < n->data.sequence.items.top; it++, k++) {
        yaml_node_t *g = child(r, *it), *v;
        char key[KEYLEN];
        if ((v = lookup(r, g, "rivals"))) {
            snprintf(key, sizeof key, "groups.list[%zu].rivals", k);
            if ((st = read_edges(r, v, key, first + k, 1)) != PZ_OK)
                return st;
        }
        if ((v = lookup(r, g, "allies"))) {
            snprintf(key, sizeof key, "groups.list[%zu].allies", k);
            if ((st = read_edges(r, v, key, first + k, 0)) != PZ_OK)
                return st;
        }
    }
    return PZ_OK;
}

static pz_status read_tail(reader *r, const yaml_node_t *n)
{
    static const char *const keys[] = {"count", "prefix", "members", NULL};
    pz_status st = check_keys(r, n, "groups.tail", keys);
    yaml_node_t *v;
    double count = 0, members = -1;
    char *prefix = NULL;
    if (st != PZ_OK)
        return st;
    if (!(v = lookup(r, n, "count")))
        return bad(r, n, "groups.tail", "missing key 'count'");
    if ((st = get_number(r, v, "groups.tail.count", 0, 100000, 1, &count)))
        return st;
    if ((v = lookup(r, n, "members")) &&
        (st = get_number(r, v, "groups.tail.members", 0, 1e8, 0, &members)))
        return st;
    if (r->sc->net.n + (size_t)count > PZ__LIMIT_GROUPS)
        return bad(r, lookup(r, n, "count"), "groups.tail.count",
                   "%zu groups with those listed, more than the limit of %d "
                   "groups (docs/SCENARIOS.md, Limits)",
                   r->sc->net.n + (size_t)count, PZ__LIMIT_GROUPS);
    if ((v = lookup(r, n, "prefix")))
        st = get_string(r, v, "groups.tail.prefix", &prefix);
    if (st == PZ_OK && prefix && strlen(prefix) + 12 > PZ__LIMIT_NAME)
        st = bad(r, v, "groups.tail.prefix",
                 "a prefix of %zu bytes, more than the limit of %d bytes "
                 "less 12 for the number (docs/SCENARIOS.md, Limits)",
                 strlen(prefix), PZ__LIMIT_NAME);
    for (size_t i = 0; st == PZ_OK && i < (size_t)count; i++) {
        char name[256];
        snprintf(name, sizeof name, "%s %zu", prefix ? prefix : "Local group",
                 i + 1);
        if (pz__network_find(&r->sc->net, name) >= 0)
            st = bad(r, n, "groups.tail", "group name '%s' already used", name);
        else if (pz__network_add(&r->sc->net, name, NULL, members) < 0)
            st = pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
    }
    pz__free(prefix);
    return st;
}

static pz_status read_groups(reader *r, const yaml_node_t *n)
{
    static const char *const keys[] = {"data", "list", "tail", NULL};
    pz_status st = check_keys(r, n, "groups", keys);
    yaml_node_t *v;
    if (st != PZ_OK)
        return st;
    if ((v = lookup(r, n, "data"))) {
        char where[KEYLEN + 64];
        if ((st = expect(r, v, YAML_SCALAR_NODE, "groups.data")) != PZ_OK)
            return st;
        if (strcmp(text(v), "pc2023") != 0)
            return bad(r, v, "groups.data",
                       "unknown data set '%s' (known: pc2023)", text(v));
        snprintf(where, sizeof where, "%s:%zu:%zu: groups.data", r->path,
                 v->start_mark.line + 1, v->start_mark.column + 1);
        if ((st = pz__load_pc2023(r->sc, r->data_dir, where, r->err)))
            return st;
    }
    if ((v = lookup(r, n, "list")) && (st = read_group_list(r, v)))
        return st;
    if ((v = lookup(r, n, "tail")) && (st = read_tail(r, v)))
        return st;
    if (r->sc->net.n == 0)
        return bad(r, n, "groups", "no groups: give 'data', 'list' or 'tail'");
    return PZ_OK;
}

static pz_status read_region_list(reader *r, const yaml_node_t *n)
{
    static const char *const keys[] = {
        "code", "name", "state",      "population",
        "lon",  "lat",  "neighbours", "prewar_homicides",
        "note", NULL};
    pz_status st = expect(r, n, YAML_SEQUENCE_NODE, "regions.list");
    pz__geo *geo = &r->sc->geo;
    size_t k = 0, first = geo->n;
    if (st != PZ_OK)
        return st;
    size_t count =
        (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (first + count > PZ__LIMIT_REGIONS)
        return bad(r, n, "regions.list",
                   "%zu regions, more than the limit of %d regions "
                   "(docs/SCENARIOS.md, Limits)",
                   first + count, PZ__LIMIT_REGIONS);
    for (yaml_node_item_t *it = n->data.sequence.items.start;
         it < n->data.sequence.items.top; it++, k++) {
        yaml_node_t *e = child(r, *it), *v;
        char key[KEYLEN], sub[KEYLEN];
        char *code = NULL, *name = NULL, *state = NULL;
        double pop = 0, lon = 0, lat = 0, prewar = NAN;
        snprintf(key, sizeof key, "regions.list[%zu]", k);
        if ((st = check_keys(r, e, key, keys)) != PZ_OK)
            return st;
        static const char *const required[] = {"code", "name", "population",
                                               "lon", "lat"};
        for (int q = 0; q < 5; q++)
            if (!lookup(r, e, required[q]))
                return bad(r, e, key, "missing key '%s'", required[q]);
        join(sub, key, "code");
        v = lookup(r, e, "code");
        st = get_string(r, v, sub, &code);
        if (st == PZ_OK && (strlen(code) == 0 || strlen(code) > 7 ||
                            strspn(code, "0123456789") != strlen(code)))
            st = bad(r, v, sub, "must be an INEGI code of digits, got '%s'",
                     code);
        if (st == PZ_OK && strlen(code) != 2 && strlen(code) != 5)
            st = bad(r, v, sub,
                     "must be a 2-digit state or 5-digit municipality code, "
                     "got '%s'",
                     code);
        if (st == PZ_OK && geo->n > 0 &&
            (strlen(code) == 5) != (geo->municipal != 0))
            st = bad(r, v, sub,
                     "'%s' mixes states and municipalities in one geography",
                     code);
        if (st == PZ_OK && pz__geo_find(geo, code) >= 0)
            st = bad(r, v, sub, "duplicate region code '%s'", code);
        if (st == PZ_OK && geo->n == 0)
            geo->municipal = strlen(code) == 5;
        if (st == PZ_OK) {
            join(sub, key, "name");
            st = get_string(r, lookup(r, e, "name"), sub, &name);
            if (st == PZ_OK && strlen(name) > PZ__LIMIT_NAME)
                st = bad(r, lookup(r, e, "name"), sub,
                         "a name of %zu bytes ('%.40s...'), more than the "
                         "limit of %d bytes (docs/SCENARIOS.md, Limits)",
                         strlen(name), name, PZ__LIMIT_NAME);
        }
        if (st == PZ_OK && (v = lookup(r, e, "state"))) {
            join(sub, key, "state");
            st = get_string(r, v, sub, &state);
        }
        if (st == PZ_OK) {
            join(sub, key, "population");
            st = get_number(r, lookup(r, e, "population"), sub, 0, 1e10, 0,
                            &pop);
        }
        if (st == PZ_OK) {
            join(sub, key, "lon");
            st = get_number(r, lookup(r, e, "lon"), sub, -180, 180, 0, &lon);
        }
        if (st == PZ_OK) {
            join(sub, key, "lat");
            st = get_number(r, lookup(r, e, "lat"), sub, -90, 90, 0, &lat);
        }
        /* prewar_homicides: in every region listed or in none */
        v = lookup(r, e, "prewar_homicides");
        if (st == PZ_OK && k > 0 && !v != isnan(geo->r[geo->n - 1].prewar))
            st = bad(r, e, key,
                     "'prewar_homicides' is %s here but %s for the regions "
                     "listed before: give it for all or none",
                     v ? "given" : "missing", v ? "not given" : "given");
        if (st == PZ_OK && v) {
            join(sub, key, "prewar_homicides");
            st = get_number(r, v, sub, 0, 1e9, 0, &prewar);
        }
        if (st == PZ_OK && (v = lookup(r, e, "note"))) {
            join(sub, key, "note");
            st = expect(r, v, YAML_SCALAR_NODE, sub);
        }
        if (st == PZ_OK && pz__geo_add(geo, code, name, state ? state : name,
                                       pop, lon, lat) < 0)
            st = pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
        if (st == PZ_OK)
            geo->r[geo->n - 1].prewar = prewar;
        pz__free(code);
        pz__free(name);
        pz__free(state);
        if (st != PZ_OK)
            return st;
    }
    /* neighbours may name regions listed later */
    k = 0;
    for (yaml_node_item_t *it = n->data.sequence.items.start;
         it < n->data.sequence.items.top; it++, k++) {
        yaml_node_t *e = child(r, *it), *v = lookup(r, e, "neighbours");
        char key[KEYLEN];
        size_t j = 0;
        if (!v)
            continue;
        snprintf(key, sizeof key, "regions.list[%zu].neighbours", k);
        if ((st = expect(r, v, YAML_SEQUENCE_NODE, key)) != PZ_OK)
            return st;
        for (yaml_node_item_t *q = v->data.sequence.items.start;
             q < v->data.sequence.items.top; q++, j++) {
            yaml_node_t *c = child(r, *q);
            char sub[KEYLEN];
            snprintf(sub, sizeof sub, "%s[%zu]", key, j);
            if ((st = expect(r, c, YAML_SCALAR_NODE, sub)) != PZ_OK)
                return st;
            long other = pz__geo_find(geo, text(c));
            if (other < 0)
                return bad(r, c, sub, "unknown region code '%s'", text(c));
            if ((size_t)other == first + k)
                return bad(r, c, sub, "a region cannot neighbour itself");
            if (pz__geo_adjacent(geo, first + k, (size_t)other) != 0)
                return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
        }
    }
    return PZ_OK;
}

static pz_status read_places(reader *r, const yaml_node_t *n)
{
    static const char *const keys[] = {"code", "kind", "name", "note", NULL};
    pz_status st = expect(r, n, YAML_SEQUENCE_NODE, "regions.places");
    pz__geo *geo = &r->sc->geo;
    size_t k = 0;
    if (st != PZ_OK)
        return st;
    for (yaml_node_item_t *it = n->data.sequence.items.start;
         it < n->data.sequence.items.top; it++, k++) {
        yaml_node_t *e = child(r, *it), *v;
        char key[KEYLEN], sub[KEYLEN];
        snprintf(key, sizeof key, "regions.places[%zu]", k);
        if ((st = check_keys(r, e, key, keys)) != PZ_OK)
            return st;
        for (int q = 0; q < 3; q++)
            if (!lookup(r, e, keys[q]))
                return bad(r, e, key, "missing key '%s'", keys[q]);
        join(sub, key, "code");
        v = lookup(r, e, "code");
        if ((st = expect(r, v, YAML_SCALAR_NODE, sub)) != PZ_OK)
            return st;
        long reg = pz__geo_find(geo, text(v));
        if (reg < 0 && !geo->municipal && strlen(text(v)) == 5) {
            char state[3] = {text(v)[0], text(v)[1], '\0'};
            reg = pz__geo_find(geo, state);
        }
        if (reg < 0)
            return bad(r, v, sub, "unknown region code '%s'", text(v));
        join(sub, key, "kind");
        v = lookup(r, e, "kind");
        if ((st = expect(r, v, YAML_SCALAR_NODE, sub)) != PZ_OK)
            return st;
        int kind = pz__place_kind_lookup(text(v));
        if (kind < 0)
            return bad(r, v, sub,
                       "unknown kind '%s' (expected one of: border_crossing, "
                       "southern_border, seaport, production, city, "
                       "pipeline, migrant_route)",
                       text(v));
        join(sub, key, "name");
        v = lookup(r, e, "name");
        if ((st = expect(r, v, YAML_SCALAR_NODE, sub)) != PZ_OK)
            return st;
        if ((v = lookup(r, e, "note"))) {
            join(sub, key, "note");
            if ((st = expect(r, v, YAML_SCALAR_NODE, sub)) != PZ_OK)
                return st;
        }
        if (pz__geo_place(geo, (size_t)reg, (pz__place_kind)kind,
                          text(lookup(r, e, "name"))) != 0)
            return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
    }
    return PZ_OK;
}

static pz_status read_regions(reader *r, const yaml_node_t *n)
{
    static const char *const keys[] = {"data", "list", "places", NULL};
    pz_status st = check_keys(r, n, "regions", keys);
    yaml_node_t *v;
    if (st != PZ_OK)
        return st;
    r->sc->has_geo = 1;
    if ((v = lookup(r, n, "data"))) {
        char where[KEYLEN + 64];
        if ((st = expect(r, v, YAML_SCALAR_NODE, "regions.data")) != PZ_OK)
            return st;
        int municipal = strcmp(text(v), "municipalities") == 0;
        if (!municipal && strcmp(text(v), "states") != 0)
            return bad(r, v, "regions.data",
                       "unknown data set '%s' (known: states, municipalities)",
                       text(v));
        snprintf(where, sizeof where, "%s:%zu:%zu: regions.data", r->path,
                 v->start_mark.line + 1, v->start_mark.column + 1);
        if ((st = pz__load_mexico(r->sc, r->data_dir, municipal, where,
                                  r->err)) != PZ_OK)
            return st;
    }
    if ((v = lookup(r, n, "list")) && (st = read_region_list(r, v)))
        return st;
    if (r->sc->geo.n == 0)
        return bad(r, n, "regions", "no regions: give 'data' or 'list'");
    if ((v = lookup(r, n, "places")) && (st = read_places(r, v)))
        return st;
    return pz__geo_finish(&r->sc->geo, r->err);
}

/* The home region of every group: its 'home' code, else the region (state
 * resolution) or the most populous municipality of the state named by its
 * 'state'; -1 for groups with neither (placed by population later). */
static pz_status resolve_homes(reader *r, const yaml_node_t *groups)
{
    pz_scenario *sc = r->sc;
    const pz__geo *geo = &sc->geo;
    sc->home = pz__malloc((sc->net.n ? sc->net.n : 1) * sizeof *sc->home);
    if (!sc->home)
        return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
    /* groups of the inline list with an explicit 'home' */
    char *explicit = pz__calloc(sc->net.n ? sc->net.n : 1, 1);
    yaml_node_t *glist = lookup(r, groups, "list");
    if (!explicit)
        return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
    for (yaml_node_item_t *it = glist && glist->type == YAML_SEQUENCE_NODE
                                    ? glist->data.sequence.items.start
                                    : NULL;
         it && it < glist->data.sequence.items.top; it++) {
        yaml_node_t *e = child(r, *it), *nm = lookup(r, e, "name");
        long g = nm ? pz__network_find(&sc->net, text(nm)) : -1;
        if (g >= 0 && lookup(r, e, "home"))
            explicit[g] = 1;
    }
    for (size_t g = 0; g < sc->net.n; g++) {
        sc->home[g] = -1;
        const char *state = sc->net.g[g].state;
        if (!state || !*state || explicit[g])
            continue;
        long best = -1;
        for (size_t i = 0; i < geo->n; i++) {
            if (strcmp(geo->r[i].state_name, state) != 0)
                continue;
            if (best < 0 || geo->r[i].population > geo->r[best].population)
                best = (long)i;
        }
        if (best < 0) {
            /* point at the inline entry's 'state' when there is one */
            const yaml_node_t *at = groups;
            char key[KEYLEN] = "groups";
            yaml_node_t *list = lookup(r, groups, "list");
            size_t k = 0;
            for (yaml_node_item_t *it = list && list->type == YAML_SEQUENCE_NODE
                                            ? list->data.sequence.items.start
                                            : NULL;
                 it && it < list->data.sequence.items.top; it++, k++) {
                yaml_node_t *e = child(r, *it), *nm = lookup(r, e, "name");
                if (nm && strcmp(text(nm), sc->net.g[g].name) == 0 &&
                    lookup(r, e, "state")) {
                    at = lookup(r, e, "state");
                    snprintf(key, sizeof key, "groups.list[%zu].state", k);
                }
            }
            pz__free(explicit);
            return bad(r, at, key,
                       "group '%s': state '%s' is not the state of any "
                       "region",
                       sc->net.g[g].name, state);
        }
        sc->home[g] = best;
    }
    pz__free(explicit);
    /* explicit home codes in the inline list */
    yaml_node_t *list = lookup(r, groups, "list");
    if (!list || list->type != YAML_SEQUENCE_NODE)
        return PZ_OK;
    size_t k = 0;
    for (yaml_node_item_t *it = list->data.sequence.items.start;
         it < list->data.sequence.items.top; it++, k++) {
        yaml_node_t *e = child(r, *it), *v = lookup(r, e, "home");
        if (!v)
            continue;
        char sub[KEYLEN];
        snprintf(sub, sizeof sub, "groups.list[%zu].home", k);
        long reg = pz__geo_find(geo, text(v));
        if (reg < 0)
            return bad(r, v, sub, "unknown region code '%s'", text(v));
        long g = pz__network_find(&sc->net, text(lookup(r, e, "name")));
        sc->home[g] = reg;
    }
    return PZ_OK;
}

static pz_status push_change(reader *r, pz__change **v, size_t *n, pz__change c)
{
    pz__change *p = pz__realloc(*v, (*n + 1) * sizeof *p);
    if (!p)
        return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
    c.order = r->order++;
    p[(*n)++] = c;
    *v = p;
    return PZ_OK;
}

/* The group named by scalar v, for a dated event. */
static pz_status event_group(reader *r, const yaml_node_t *v, const char *key,
                             size_t *out)
{
    pz_status st = expect(r, v, YAML_SCALAR_NODE, key);
    if (st != PZ_OK)
        return st;
    long g = pz__network_find(&r->sc->net, text(v));
    if (g < 0)
        return bad(r, v, key, "unknown group '%s'", text(v));
    *out = (size_t)g;
    return PZ_OK;
}

/* leader: {group, fate: captured|killed|extradited, outcome:
 * succession|split, shares: [...]} */
static pz_status read_leader_event(reader *r, const yaml_node_t *n,
                                   const char *key, pz__change *c)
{
    static const char *const keys[] = {"group",  "fate", "outcome",
                                       "shares", "into", NULL};
    static const char *const fates[] = {"captured", "killed",      "extradited",
                                        "none",     "transferred", NULL};
    char sub[KEYLEN];
    yaml_node_t *v;
    pz_status st = check_keys(r, n, key, keys);
    if (st != PZ_OK)
        return st;
    if (!r->sc->has_geo)
        return bad(r, n, key, "leader events need 'regions'");
    c->op = PZ__LEADER;
    memset(&c->leader, 0, sizeof c->leader);
    c->leader.outcome = PZ__OUTCOME_DRAWN;
    if (!(v = lookup(r, n, "group")))
        return bad(r, n, key, "missing key 'group'");
    join(sub, key, "group");
    if ((st = event_group(r, v, sub, &c->leader.group)) != PZ_OK)
        return st;
    c->leader.fate = PZ__FATE_CAPTURED;
    if ((v = lookup(r, n, "fate"))) {
        join(sub, key, "fate");
        if ((st = expect(r, v, YAML_SCALAR_NODE, sub)) != PZ_OK)
            return st;
        int k = 0;
        while (fates[k] && strcmp(fates[k], text(v)) != 0)
            k++;
        if (!fates[k])
            return bad(r, v, sub,
                       "must be 'captured', 'killed', 'extradited', 'none' "
                       "or 'transferred', got '%s'",
                       text(v));
        c->leader.fate = k;
    }
    if ((v = lookup(r, n, "outcome"))) {
        join(sub, key, "outcome");
        if ((st = expect(r, v, YAML_SCALAR_NODE, sub)) != PZ_OK)
            return st;
        if (strcmp(text(v), "succession") == 0)
            c->leader.outcome = PZ__OUTCOME_SUCCESSION;
        else if (strcmp(text(v), "split") == 0)
            c->leader.outcome = PZ__OUTCOME_SPLIT;
        else
            return bad(r, v, sub, "must be 'succession' or 'split', got '%s'",
                       text(v));
    }
    if ((v = lookup(r, n, "shares"))) {
        join(sub, key, "shares");
        if ((st = expect(r, v, YAML_SEQUENCE_NODE, sub)) != PZ_OK)
            return st;
        if (c->leader.outcome != PZ__OUTCOME_SPLIT)
            return bad(r, v, sub, "'shares' needs 'outcome: split'");
        size_t k =
            (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
        if (k < 2 || k > PZ__MAX_FACTIONS)
            return bad(r, v, sub, "a split needs 2 to %d shares, got %zu",
                       PZ__MAX_FACTIONS, k);
        double sum = 0;
        for (size_t i = 0; i < k; i++) {
            char item[KEYLEN];
            snprintf(item, sizeof item, "%s[%zu]", sub, i);
            yaml_node_t *x = child(r, v->data.sequence.items.start[i]);
            if ((st = get_number(r, x, item, 0, 1, 0, &c->leader.share[i])))
                return st;
            if (c->leader.share[i] <= 0)
                return bad(r, x, item, "a share must be positive, got '%s'",
                           text(x));
            sum += c->leader.share[i];
        }
        if (fabs(sum - 1) > 1e-9)
            return bad(r, v, sub, "the shares sum to %.10g, not 1", sum);
        c->leader.nshare = (unsigned)k;
    }
    if (c->leader.fate == PZ__FATE_NONE &&
        c->leader.outcome != PZ__OUTCOME_SPLIT)
        return bad(r, n, key,
                   "'fate: none' (a breakaway) needs 'outcome: "
                   "split'");
    if (c->leader.fate == PZ__FATE_TRANSFERRED &&
        c->leader.outcome != PZ__OUTCOME_DRAWN)
        return bad(r, n, key,
                   "'fate: transferred' (a leader already in "
                   "custody) takes no 'outcome'");
    c->leader.ninto = 0;
    if ((v = lookup(r, n, "into"))) {
        join(sub, key, "into");
        if ((st = expect(r, v, YAML_SEQUENCE_NODE, sub)) != PZ_OK)
            return st;
        if (c->leader.outcome != PZ__OUTCOME_SPLIT)
            return bad(r, v, sub, "'into' needs 'outcome: split'");
        size_t k =
            (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
        if (k < 1 || k >= PZ__MAX_FACTIONS)
            return bad(r, v, sub, "'into' needs 1 to %d groups, got %zu",
                       PZ__MAX_FACTIONS - 1, k);
        if (c->leader.nshare && c->leader.nshare != k + 1)
            return bad(r, v, sub,
                       "'into' names %zu groups: the split needs %zu "
                       "shares (the group's first), got %u",
                       k, k + 1, c->leader.nshare);
        for (size_t i = 0; i < k; i++) {
            char item[KEYLEN];
            snprintf(item, sizeof item, "%s[%zu]", sub, i);
            yaml_node_t *x = child(r, v->data.sequence.items.start[i]);
            if ((st = event_group(r, x, item, &c->leader.into[i])) != PZ_OK)
                return st;
            int dup = c->leader.into[i] == c->leader.group;
            for (size_t j = 0; j < i; j++)
                dup |= c->leader.into[j] == c->leader.into[i];
            if (dup)
                return bad(r, x, item, "group '%s' is named twice in the split",
                           text(x));
        }
        c->leader.ninto = (unsigned)k;
    }
    return PZ_OK;
}

/* defection: {group, to, region, share} */
static pz_status read_defection(reader *r, const yaml_node_t *n,
                                const char *key, pz__change *c)
{
    static const char *const keys[] = {"group", "to", "region", "share", NULL};
    char sub[KEYLEN];
    yaml_node_t *v;
    pz_status st = check_keys(r, n, key, keys);
    if (st != PZ_OK)
        return st;
    if (!r->sc->has_geo)
        return bad(r, n, key, "defections need 'regions'");
    c->op = PZ__DEFECT;
    memset(&c->defect, 0, sizeof c->defect);
    c->defect.share = 1;
    if (!(v = lookup(r, n, "group")))
        return bad(r, n, key, "missing key 'group'");
    join(sub, key, "group");
    if ((st = event_group(r, v, sub, &c->defect.group)) != PZ_OK)
        return st;
    if (!(v = lookup(r, n, "to")))
        return bad(r, n, key, "missing key 'to'");
    join(sub, key, "to");
    if ((st = event_group(r, v, sub, &c->defect.other)) != PZ_OK)
        return st;
    if (c->defect.other == c->defect.group)
        return bad(r, v, sub, "a group cannot defect to itself ('%s')",
                   text(v));
    if (!(v = lookup(r, n, "region")))
        return bad(r, n, key, "missing key 'region'");
    join(sub, key, "region");
    if ((st = expect(r, v, YAML_SCALAR_NODE, sub)) != PZ_OK)
        return st;
    long reg = pz__geo_find(&r->sc->geo, text(v));
    if (reg < 0)
        return bad(r, v, sub, "unknown region code '%s'", text(v));
    c->defect.region = (size_t)reg;
    if ((v = lookup(r, n, "share"))) {
        join(sub, key, "share");
        if ((st = get_number(r, v, sub, 0, 1, 0, &c->defect.share)) != PZ_OK)
            return st;
    }
    return PZ_OK;
}

static pz_status get_level(reader *r, const yaml_node_t *v, const char *key,
                           int *out);
static pz_status read_units(reader *r, const yaml_node_t *parent,
                            const char *key, int level, size_t *out);

/* war: {groups: [A, B], regions: [codes], until: date, weight: w} (after
 * read_changes has read the change's date) */
static pz_status read_war(reader *r, const yaml_node_t *n, const char *key,
                          pz__change *c)
{
    static const char *const keys[] = {"groups", "regions", "until", "weight",
                                       NULL};
    char sub[KEYLEN], item[KEYLEN];
    yaml_node_t *v;
    pz_status st = check_keys(r, n, key, keys);
    if (st != PZ_OK)
        return st;
    if (!r->sc->has_geo)
        return bad(r, n, key, "wars need 'regions'");
    c->op = PZ__WAR;
    memset(&c->war, 0, sizeof c->war);
    c->war.weight = 1;
    c->war.line = (unsigned)n->start_mark.line + 1;
    if (!(v = lookup(r, n, "groups")))
        return bad(r, n, key, "missing key 'groups'");
    join(sub, key, "groups");
    if ((st = expect(r, v, YAML_SEQUENCE_NODE, sub)) != PZ_OK)
        return st;
    size_t ng =
        (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (ng != 2)
        return bad(r, v, sub, "a war has two groups, got %zu", ng);
    snprintf(item, sizeof item, "%s[0]", sub);
    if ((st = event_group(r, child(r, v->data.sequence.items.start[0]), item,
                          &c->war.group)) != PZ_OK)
        return st;
    snprintf(item, sizeof item, "%s[1]", sub);
    yaml_node_t *second = child(r, v->data.sequence.items.start[1]);
    if ((st = event_group(r, second, item, &c->war.other)) != PZ_OK)
        return st;
    if (c->war.other == c->war.group)
        return bad(r, second, item,
                   "a group cannot be at war with itself "
                   "('%s')",
                   text(second));
    if (!lookup(r, n, "regions"))
        return bad(r, n, key, "missing key 'regions'");
    if ((st = read_units(r, n, key, PZ__GOV_MUNICIPAL, &c->war.mask)) != PZ_OK)
        return st;
    int any = 0;
    for (size_t i = 0; i < r->sc->masklen[c->war.mask] && !any; i++)
        any = r->sc->mask[c->war.mask][i] != 0;
    if (!any) {
        join(sub, key, "regions");
        return bad(r, lookup(r, n, "regions"), sub,
                   "a war needs at least one region");
    }
    if ((v = lookup(r, n, "until"))) {
        join(sub, key, "until");
        if ((st = expect(r, v, YAML_SCALAR_NODE, sub)) != PZ_OK)
            return st;
        if (pz_date_parse(text(v), &c->war.until_day, NULL) != PZ_OK)
            return bad(
                r, v, sub,
                "must be a date YYYY-MM-DD, got '%s' (years 0001 to 9999)",
                text(v));
        if (c->has_date && c->war.until_day <= c->day)
            return bad(r, v, sub,
                       "the war must end after it starts, got "
                       "'%s'",
                       text(v));
        c->war.has_until = 1;
    }
    if ((v = lookup(r, n, "weight"))) {
        join(sub, key, "weight");
        if ((st = get_number(r, v, sub, 0, 1e6, 0, &c->war.weight)) != PZ_OK)
            return st;
    }
    return PZ_OK;
}

/* One list of changes: [{date|step, set: {...}, scale: {...}, note}]. */
static pz_status read_changes(reader *r, const yaml_node_t *n, const char *base,
                              pz__change **out, size_t *nout)
{
    static const char *const keys[] = {
        "date",      "step",  "set",      "scale", "focus", "leader",
        "defection", "purge", "pressure", "war",   "note",  NULL};
    pz_status st = expect(r, n, YAML_SEQUENCE_NODE, base);
    size_t k = 0;
    if (st != PZ_OK)
        return st;
    for (yaml_node_item_t *it = n->data.sequence.items.start;
         it < n->data.sequence.items.top; it++, k++) {
        yaml_node_t *e = child(r, *it), *v, *d, *s;
        char key[KEYLEN], sub[KEYLEN];
        pz__change c = {0};
        snprintf(key, sizeof key, "%s[%zu]", base, k);
        if ((st = check_keys(r, e, key, keys)) != PZ_OK)
            return st;
        d = lookup(r, e, "date");
        s = lookup(r, e, "step");
        if (!d == !s)
            return bad(r, e, key, "give exactly one of 'date' and 'step'");
        if (d) {
            join(sub, key, "date");
            if ((st = expect(r, d, YAML_SCALAR_NODE, sub)) != PZ_OK)
                return st;
            if (pz_date_parse(text(d), &c.day, NULL) != PZ_OK)
                return bad(
                    r, d, sub,
                    "must be a date YYYY-MM-DD, got '%s' (years 0001 to 9999)",
                    text(d));
            c.has_date = 1;
        } else {
            double step;
            join(sub, key, "step");
            if ((st = get_number(r, s, sub, 0, 100000, 1, &step)) != PZ_OK)
                return st;
            c.step = (long)step;
        }
        if ((v = lookup(r, e, "note"))) {
            join(sub, key, "note");
            if ((st = expect(r, v, YAML_SCALAR_NODE, sub)) != PZ_OK)
                return st;
        }
        int any = 0;
        for (int op = PZ__SET; op <= PZ__SCALE; op++) {
            const char *opname = op == PZ__SET ? "set" : "scale";
            yaml_node_t *m = lookup(r, e, opname);
            if (!m)
                continue;
            join(sub, key, opname);
            if ((st = check_keys(r, m, sub, NULL)) != PZ_OK)
                return st;
            for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
                 p < m->data.mapping.pairs.top; p++) {
                yaml_node_t *pk = child(r, p->key), *pv = child(r, p->value);
                char pkey[KEYLEN];
                pz_error why;
                join(pkey, sub, text(pk));
                int id = pz_param_lookup(text(pk));
                if (id < 0)
                    return bad(r, pk, pkey,
                               "unknown parameter '%s' (see 'plaza params')",
                               text(pk));
                const pz_param_info *info = pz_param_info_get((pz_param_id)id);
                if (!info->dynamic)
                    return bad(r, pk, pkey,
                               "parameter '%s' cannot change during a run",
                               text(pk));
                if ((st = expect(r, pv, YAML_SCALAR_NODE, pkey)) != PZ_OK)
                    return st;
                c.op = (pz__op)op;
                c.set.param = id;
                if (op == PZ__SCALE) {
                    if (info->type != PZ_PARAM_REAL)
                        return bad(r, pk, pkey,
                                   "only numeric parameters can be scaled");
                    if ((st = get_number(r, pv, pkey, 0, 1e6, 0, &c.set.value)))
                        return st;
                } else if (pz_param_parse((pz_param_id)id, text(pv),
                                          &c.set.value, &why) != PZ_OK) {
                    return bad(r, pv, pkey, "%s", why.msg);
                }
                if ((st = push_change(r, out, nout, c)) != PZ_OK)
                    return st;
                any = 1;
            }
        }
        if ((v = lookup(r, e, "focus"))) {
            join(sub, key, "focus");
            if ((st = check_keys(r, v, sub, NULL)) != PZ_OK)
                return st;
            if (!r->sc->has_geo)
                return bad(r, v, sub, "'focus' needs 'regions'");
            for (yaml_node_pair_t *p = v->data.mapping.pairs.start;
                 p < v->data.mapping.pairs.top; p++) {
                yaml_node_t *pk = child(r, p->key), *pv = child(r, p->value);
                char pkey[KEYLEN];
                join(pkey, sub, text(pk));
                long reg = pz__geo_find(&r->sc->geo, text(pk));
                if (reg < 0)
                    return bad(r, pk, pkey, "unknown region code '%s'",
                               text(pk));
                c.op = PZ__FOCUS;
                c.focus.region = (size_t)reg;
                if ((st = get_number(r, pv, pkey, 0, 1e6, 0, &c.focus.value)))
                    return st;
                if ((st = push_change(r, out, nout, c)) != PZ_OK)
                    return st;
                any = 1;
            }
        }
        if ((v = lookup(r, e, "leader"))) {
            join(sub, key, "leader");
            if ((st = read_leader_event(r, v, sub, &c)) != PZ_OK ||
                (st = push_change(r, out, nout, c)) != PZ_OK)
                return st;
            any = 1;
        }
        if ((v = lookup(r, e, "defection"))) {
            join(sub, key, "defection");
            if ((st = read_defection(r, v, sub, &c)) != PZ_OK ||
                (st = push_change(r, out, nout, c)) != PZ_OK)
                return st;
            any = 1;
        }
        if ((v = lookup(r, e, "purge"))) {
            static const char *const pk[] = {"level", "share", "regions", NULL};
            join(sub, key, "purge");
            if ((st = check_keys(r, v, sub, pk)) != PZ_OK)
                return st;
            if (!r->sc->has_geo)
                return bad(r, v, sub, "'purge' needs 'regions'");
            yaml_node_t *x;
            char sub2[KEYLEN];
            c.op = PZ__PURGE;
            memset(&c.purge, 0, sizeof c.purge);
            c.purge.share = 1;
            if (!(x = lookup(r, v, "level")))
                return bad(r, v, sub, "missing key 'level'");
            join(sub2, sub, "level");
            if ((st = get_level(r, x, sub2, &c.purge.level)) != PZ_OK)
                return st;
            if ((x = lookup(r, v, "share"))) {
                join(sub2, sub, "share");
                if ((st = get_number(r, x, sub2, 0, 1, 0, &c.purge.share)))
                    return st;
            }
            if ((st = read_units(r, v, sub, c.purge.level, &c.purge.mask)) !=
                    PZ_OK ||
                (st = push_change(r, out, nout, c)) != PZ_OK)
                return st;
            any = 1;
        }
        if ((v = lookup(r, e, "pressure"))) {
            join(sub, key, "pressure");
            c.op = PZ__PRESSURE;
            c.pressure.value = 0;
            if ((st = get_number(r, v, sub, 0, 100, 0, &c.pressure.value)) !=
                    PZ_OK ||
                (st = push_change(r, out, nout, c)) != PZ_OK)
                return st;
            any = 1;
        }
        if ((v = lookup(r, e, "war"))) {
            join(sub, key, "war");
            if ((st = read_war(r, v, sub, &c)) != PZ_OK ||
                (st = push_change(r, out, nout, c)) != PZ_OK)
                return st;
            any = 1;
        }
        if (!any)
            return bad(r, e, key,
                       "a change needs 'set', 'scale', 'focus', "
                       "'leader', 'defection', 'purge', "
                       "'pressure' or 'war' with at least one "
                       "entry");
    }
    return PZ_OK;
}

/* ---- government ---------------------------------------------------------- */

static const char *const level_names[] = {"municipal", "state", "federal",
                                          NULL};

static pz_status get_level(reader *r, const yaml_node_t *v, const char *key,
                           int *out)
{
    pz_status st = expect(r, v, YAML_SCALAR_NODE, key);
    if (st != PZ_OK)
        return st;
    for (int k = 0; level_names[k]; k++)
        if (strcmp(level_names[k], text(v)) == 0) {
            *out = k;
            return PZ_OK;
        }
    return bad(r, v, key,
               "unknown level of government '%s' (known: municipal, state, "
               "federal)",
               text(v));
}

/* Units of a level: regions (municipal) or states. */
static size_t level_units(const pz_scenario *sc, int level)
{
    return level == PZ__GOV_MUNICIPAL ? sc->geo.n : sc->geo.nstates;
}

static long state_index(const pz__geo *geo, const char *code)
{
    for (size_t s = 0; s < geo->nstates; s++)
        if (strcmp(geo->state_code[s], code) == 0)
            return (long)s;
    return -1;
}

/* 'regions': a list of codes, read into a new mask of the level's units
 * (a state code at the municipal level means all its regions); absent:
 * PZ__ALL_UNITS. */
static pz_status read_units(reader *r, const yaml_node_t *parent,
                            const char *key, int level, size_t *out)
{
    pz_scenario *sc = r->sc;
    yaml_node_t *v = lookup(r, parent, "regions");
    char sub[KEYLEN];
    *out = PZ__ALL_UNITS;
    if (!v)
        return PZ_OK;
    join(sub, key, "regions");
    pz_status st = expect(r, v, YAML_SEQUENCE_NODE, sub);
    if (st != PZ_OK)
        return st;
    size_t nu = level_units(sc, level);
    unsigned char *mask = pz__calloc(nu ? nu : 1, 1);
    unsigned char **mv = pz__realloc(sc->mask, (sc->nmask + 1) * sizeof *mv);
    if (mv)
        sc->mask = mv;
    size_t *lv = pz__realloc(sc->masklen, (sc->nmask + 1) * sizeof *lv);
    if (lv)
        sc->masklen = lv;
    if (!mask || !mv || !lv) {
        pz__free(mask);
        return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
    }
    sc->mask[sc->nmask] = mask;
    sc->masklen[sc->nmask] = nu;
    *out = sc->nmask++;
    size_t k = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start;
         it < v->data.sequence.items.top; it++, k++) {
        yaml_node_t *c = child(r, *it);
        char item[KEYLEN];
        snprintf(item, sizeof item, "%s[%zu]", sub, k);
        if ((st = expect(r, c, YAML_SCALAR_NODE, item)) != PZ_OK)
            return st;
        long s = state_index(&sc->geo, text(c));
        long g = pz__geo_find(&sc->geo, text(c));
        if (level == PZ__GOV_MUNICIPAL && g >= 0) {
            mask[g] = 1;
        } else if (s >= 0) {
            if (level != PZ__GOV_MUNICIPAL)
                mask[s] = 1;
            else
                for (size_t i = 0; i < sc->geo.n; i++)
                    if (sc->geo.r[i].state == (size_t)s)
                        mask[i] = 1;
        } else if (g >= 0) {
            return bad(r, c, item,
                       "'%s' is a municipality: the %s level's "
                       "jurisdictions are states (give a state code)",
                       text(c), level_names[level]);
        } else {
            return bad(r, c, item, "unknown jurisdiction '%s'", text(c));
        }
    }
    return PZ_OK;
}

static int covers(const pz_scenario *sc, size_t mask, size_t unit)
{
    return mask == PZ__ALL_UNITS || sc->mask[mask][unit];
}

/* The value of a required key of mapping e, with its key path in sub. */
static pz_status required(reader *r, const yaml_node_t *e, const char *key,
                          const char *name, yaml_node_t **v, char *sub)
{
    if (!(*v = lookup(r, e, name)))
        return bad(r, e, key, "missing key '%s'", name);
    join(sub, key, name);
    return PZ_OK;
}

/* A list of mappings under government.NAME, each with the given keys and
 * a required 'level', read by one(r, entry, key path, level). */
static pz_status read_gov_list(reader *r, const yaml_node_t *n,
                               const char *name, const char *const *keys,
                               pz_status (*one)(reader *, const yaml_node_t *,
                                                const char *, int))
{
    char base[KEYLEN];
    join(base, "government", name);
    pz_status st = expect(r, n, YAML_SEQUENCE_NODE, base);
    size_t k = 0;
    if (st != PZ_OK)
        return st;
    for (yaml_node_item_t *it = n->data.sequence.items.start;
         it < n->data.sequence.items.top; it++, k++) {
        yaml_node_t *e = child(r, *it), *v;
        char key[KEYLEN], sub[KEYLEN];
        int level = 0;
        snprintf(key, sizeof key, "%s[%zu]", base, k);
        if ((st = check_keys(r, e, key, keys)) != PZ_OK ||
            (st = required(r, e, key, "level", &v, sub)) != PZ_OK ||
            (st = get_level(r, v, sub, &level)) != PZ_OK ||
            (st = one(r, e, key, level)) != PZ_OK)
            return st;
    }
    return PZ_OK;
}

static pz_status one_election(reader *r, const yaml_node_t *e, const char *key,
                              int level)
{
    pz_scenario *sc = r->sc;
    pz__election el = {0};
    yaml_node_t *v;
    char sub[KEYLEN];
    pz_status st;
    el.level = level;
    if ((st = read_units(r, e, key, el.level, &el.mask)) != PZ_OK ||
        (st = required(r, e, key, "dates", &v, sub)) != PZ_OK ||
        (st = expect(r, v, YAML_SEQUENCE_NODE, sub)) != PZ_OK)
        return st;
    size_t nd =
        (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (nd == 0)
        return bad(r, v, sub, "no dates");
    pz__election *ev = pz__realloc(sc->elect, (sc->nelect + 1) * sizeof *ev);
    if (!ev)
        return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
    sc->elect = ev;
    el.day = pz__malloc(nd * sizeof *el.day);
    if (!el.day)
        return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
    sc->elect[sc->nelect++] = el;
    pz__election *cur = &sc->elect[sc->nelect - 1];
    for (size_t i = 0; i < nd; i++) {
        yaml_node_t *d = child(r, v->data.sequence.items.start[i]);
        char item[KEYLEN];
        snprintf(item, sizeof item, "%s[%zu]", sub, i);
        if ((st = expect(r, d, YAML_SCALAR_NODE, item)) != PZ_OK)
            return st;
        if (pz_date_parse(text(d), &cur->day[i], NULL) != PZ_OK)
            return bad(
                r, d, item,
                "must be a date YYYY-MM-DD, got '%s' (years 0001 to 9999)",
                text(d));
        if (i > 0 && cur->day[i] <= cur->day[i - 1])
            return bad(r, d, item,
                       "election calendar out of order: '%s' is not after "
                       "the date before it",
                       text(d));
        cur->nday = i + 1;
    }
    /* one calendar per jurisdiction and level */
    for (size_t j = 0; j + 1 < sc->nelect; j++) {
        const pz__election *o = &sc->elect[j];
        if (o->level != cur->level)
            continue;
        for (size_t u = 0; u < level_units(sc, cur->level); u++)
            if (covers(sc, o->mask, u) && covers(sc, cur->mask, u))
                return bad(r, e, key,
                           "inconsistent election calendars: "
                           "government.elections[%zu] already gives the %s "
                           "elections of '%s'",
                           j, level_names[cur->level],
                           cur->level == PZ__GOV_MUNICIPAL
                               ? sc->geo.r[u].code
                               : sc->geo.state_code[u]);
    }
    return PZ_OK;
}

static pz_status one_arrangement(reader *r, const yaml_node_t *e,
                                 const char *key, int level)
{
    pz_scenario *sc = r->sc;
    pz__arrangement a = {0};
    yaml_node_t *v;
    char sub[KEYLEN];
    pz_status st;
    a.level = level;
    a.kind = PZ__INDIRECT;
    if ((st = required(r, e, key, "group", &v, sub)) != PZ_OK ||
        (st = event_group(r, v, sub, &a.group)) != PZ_OK)
        return st;
    if ((v = lookup(r, e, "kind"))) {
        join(sub, key, "kind");
        if ((st = expect(r, v, YAML_SCALAR_NODE, sub)) != PZ_OK)
            return st;
        if (strcmp(text(v), "direct") == 0)
            a.kind = PZ__DIRECT;
        else if (strcmp(text(v), "indirect") != 0)
            return bad(r, v, sub, "must be 'direct' or 'indirect', got '%s'",
                       text(v));
    }
    if ((v = lookup(r, e, "fixed"))) {
        join(sub, key, "fixed");
        if ((st = expect(r, v, YAML_SCALAR_NODE, sub)) != PZ_OK)
            return st;
        if (strcmp(text(v), "true") == 0)
            a.fixed = 1;
        else if (strcmp(text(v), "false") != 0)
            return bad(r, v, sub, "must be true or false, got '%s'", text(v));
    }
    if ((st = read_units(r, e, key, a.level, &a.mask)) != PZ_OK)
        return st;
    pz__arrangement *av =
        pz__realloc(sc->arrange, (sc->narrange + 1) * sizeof *av);
    if (!av)
        return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
    sc->arrange = av;
    sc->arrange[sc->narrange++] = a;
    return PZ_OK;
}

static pz_status one_integrity(reader *r, const yaml_node_t *e, const char *key,
                               int level)
{
    pz_scenario *sc = r->sc;
    pz__integrity in = {0};
    yaml_node_t *v;
    char sub[KEYLEN];
    pz_status st;
    in.level = level;
    if ((st = required(r, e, key, "value", &v, sub)) != PZ_OK ||
        (st = get_number(r, v, sub, 0, 1, 0, &in.value)) != PZ_OK ||
        (st = read_units(r, e, key, in.level, &in.mask)) != PZ_OK)
        return st;
    pz__integrity *iv = pz__realloc(sc->integ, (sc->ninteg + 1) * sizeof *iv);
    if (!iv)
        return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
    sc->integ = iv;
    sc->integ[sc->ninteg++] = in;
    return PZ_OK;
}

static pz_status read_government(reader *r, const yaml_node_t *n)
{
    static const char *const keys[] = {"elections", "arrangements", "integrity",
                                       NULL};
    pz_status st = check_keys(r, n, "government", keys);
    yaml_node_t *v;
    if (st != PZ_OK)
        return st;
    if (!r->sc->has_geo)
        return bad(r, n, "government", "'government' needs 'regions'");
    r->sc->has_gov = 1;
    static const char *const ekeys[] = {"level", "dates", "regions", "note",
                                        NULL};
    static const char *const akeys[] = {"group",   "level", "kind", "fixed",
                                        "regions", "note",  NULL};
    static const char *const ikeys[] = {"level", "value", "regions", "note",
                                        NULL};
    if ((v = lookup(r, n, "elections")) &&
        (st = read_gov_list(r, v, "elections", ekeys, one_election)))
        return st;
    if ((v = lookup(r, n, "arrangements")) &&
        (st = read_gov_list(r, v, "arrangements", akeys, one_arrangement)))
        return st;
    if ((v = lookup(r, n, "integrity")) &&
        (st = read_gov_list(r, v, "integrity", ikeys, one_integrity)))
        return st;
    return PZ_OK;
}

static pz_status read_policies(reader *r, const yaml_node_t *n)
{
    static const char *const keys[] = {"description", "changes", NULL};
    pz_status st = check_keys(r, n, "policies", NULL);
    pz_scenario *sc = r->sc;
    if (st != PZ_OK)
        return st;
    size_t count =
        (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    sc->policy = pz__calloc(count + 1, sizeof *sc->policy);
    if (!sc->policy)
        return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = child(r, p->key), *v = child(r, p->value), *x;
        pz__policy *pol = &sc->policy[sc->npolicy++];
        char key[KEYLEN], sub[KEYLEN];
        join(key, "policies", text(k));
        if (!(pol->name = pz__strdup(text(k))))
            return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
        if ((st = check_keys(r, v, key, keys)) != PZ_OK)
            return st;
        if ((x = lookup(r, v, "description"))) {
            join(sub, key, "description");
            if ((st = get_string(r, x, sub, &pol->description)) != PZ_OK)
                return st;
        }
        if ((x = lookup(r, v, "changes"))) {
            join(sub, key, "changes");
            if ((st = read_changes(r, x, sub, &pol->change, &pol->n)))
                return st;
        }
    }
    return PZ_OK;
}

/* mechanisms: {NAME: on|off} - the model's mechanisms switched off. */
static pz_status read_mechanisms(reader *r, const yaml_node_t *n)
{
    pz_status st = check_keys(r, n, "mechanisms", NULL);
    if (st != PZ_OK)
        return st;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = child(r, p->key), *v = child(r, p->value);
        char key[KEYLEN];
        join(key, "mechanisms", text(k));
        int sw = 0;
        while (sw < PZ__SW_COUNT && strcmp(pz__switch_names[sw], text(k)))
            sw++;
        if (sw == PZ__SW_COUNT) {
            char names[256] = "";
            for (int i = 0; i < PZ__SW_COUNT; i++)
                snprintf(names + strlen(names), sizeof names - strlen(names),
                         "%s%s", i ? ", " : "", pz__switch_names[i]);
            return bad(r, k, key, "unknown mechanism '%s' (one of %s)", text(k),
                       names);
        }
        if ((st = expect(r, v, YAML_SCALAR_NODE, key)) != PZ_OK)
            return st;
        if (strcmp(text(v), "off") == 0)
            r->sc->off[sw] = 1;
        else if (strcmp(text(v), "on") == 0)
            r->sc->off[sw] = 0;
        else
            return bad(r, v, key, "must be 'on' or 'off', got '%s'", text(v));
    }
    return PZ_OK;
}

static pz_status read_top(reader *r, const yaml_node_t *root)
{
    static const char *const keys[] = {"plaza",      "name",     "description",
                                       "parameters", "regions",  "groups",
                                       "government", "timeline", "policies",
                                       "mechanisms", NULL};
    pz_status st = check_keys(r, root, "", keys);
    yaml_node_t *v;
    if (st != PZ_OK)
        return st;
    if ((v = lookup(r, root, "plaza"))) {
        if ((st = expect(r, v, YAML_SCALAR_NODE, "plaza")) != PZ_OK)
            return st;
        if (strcmp(text(v), "1") != 0)
            return bad(r, v, "plaza",
                       "unsupported scenario format version '%s' (this plaza "
                       "reads version 1)",
                       text(v));
    }
    if ((v = lookup(r, root, "name")) &&
        (st = get_string(r, v, "name", &r->sc->name)))
        return st;
    if ((v = lookup(r, root, "description")) &&
        (st = get_string(r, v, "description", &r->sc->description)))
        return st;
    if ((v = lookup(r, root, "parameters")) && (st = read_parameters(r, v)))
        return st;
    if ((v = lookup(r, root, "regions")) && (st = read_regions(r, v)))
        return st;
    /* background_geography: prewar needs every region's prewar homicides
     * (checked again when a model is made, for --set) */
    if (r->sc->param[PZ_P_BACKGROUND_GEOGRAPHY] == PZ_BGEO_PREWAR &&
        r->sc->has_geo) {
        yaml_node_t *pn = lookup(r, root, "parameters");
        yaml_node_t *bn = pn ? lookup(r, pn, "background_geography") : NULL;
        for (size_t i = 0; i < r->sc->geo.n; i++)
            if (isnan(r->sc->geo.r[i].prewar))
                return bad(r, bn ? bn : root, "parameters.background_geography",
                           "prewar needs the homicides of 1997-2006 of every "
                           "region, and region '%s' has none (give "
                           "prewar_homicides in regions.list, or regions from "
                           "a data directory holding "
                           "mexico/inegi_homicides_mun_month_1990_2015.csv)",
                           r->sc->geo.r[i].code);
    }
    if (!(v = lookup(r, root, "groups")))
        return bad(r, root, "", "missing key 'groups'");
    if ((st = read_groups(r, v)) != PZ_OK)
        return st;
    if (pz__network_finish(&r->sc->net) != 0)
        return pz__fail(r->err, PZ_ERR_NOMEM, "out of memory");
    if (r->sc->has_geo && (st = resolve_homes(r, v)) != PZ_OK)
        return st;
    if ((v = lookup(r, root, "government")) &&
        (st = read_government(r, v)) != PZ_OK)
        return st;
    if ((v = lookup(r, root, "timeline")) &&
        (st = read_changes(r, v, "timeline", &r->sc->timeline,
                           &r->sc->ntimeline)))
        return st;
    if ((v = lookup(r, root, "policies")) && (st = read_policies(r, v)))
        return st;
    if ((v = lookup(r, root, "mechanisms")) && (st = read_mechanisms(r, v)))
        return st;
    return PZ_OK;
}

static pz_scenario *scenario_new(const char *source)
{
    pz_scenario *sc = pz__calloc(1, sizeof *sc);
    if (!sc)
        return NULL;
    sc->selected = -1;
    pz__network_init(&sc->net);
    pz__geo_init(&sc->geo);
    for (int i = 0; i < PZ_P_COUNT; i++)
        sc->param[i] = pz_param_info_get((pz_param_id)i)->def;
    sc->source = pz__strdup(source);
    if (!sc->source) {
        pz__free(sc);
        return NULL;
    }
    return sc;
}

/* The deepest nesting of mappings and sequences a scenario may have
 * (docs/SCENARIOS.md); the shipped ones need 6. */
#define MAX_DEPTH 64

/* Refuses a document nested deeper than MAX_DEPTH before it is loaded:
 * libyaml's document loader (and its scanner, which keeps one entry per
 * open flow collection) takes time growing with the square of the depth,
 * so the events are counted first and the parse stops at the first one
 * past the limit, in time proportional to the text read so far.  A syntax
 * error is left for the loader to report. */
static pz_status check_depth(const char *txt, size_t len, const char *name,
                             pz_error *err)
{
    yaml_parser_t p;
    yaml_event_t ev;
    pz_status st = PZ_OK;
    int depth = 0, done = 0;
    if (!yaml_parser_initialize(&p))
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    yaml_parser_set_input_string(&p, (const unsigned char *)txt, len);
    while (!done && st == PZ_OK) {
        if (!yaml_parser_parse(&p, &ev))
            break;
        switch (ev.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (++depth > MAX_DEPTH)
                st = pz__fail(err, PZ_ERR_INPUT,
                              "%s:%zu:%zu: nested deeper than %d levels "
                              "(the limit of a scenario)",
                              name, ev.start_mark.line + 1,
                              ev.start_mark.column + 1, MAX_DEPTH);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            break;
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return st;
}

pz_status pz_scenario_load_text(const char *txt, size_t len, const char *name,
                                const char *data_dir, pz_scenario **out,
                                pz_error *err)
{
    yaml_parser_t parser;
    reader r = {.path = name, .data_dir = data_dir, .err = err};
    pz_status st = PZ_OK;
    *out = NULL;
    pz__error_clear(err);
    if (!(r.sc = scenario_new(name)))
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    pz__sha256_hex(txt, len, r.sc->sha256);
    r.sc->text = pz__malloc(len + 1);
    r.sc->data_dir = data_dir ? pz__strdup(data_dir) : NULL;
    if (!r.sc->text || (data_dir && !r.sc->data_dir)) {
        pz_scenario_free(r.sc);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    memcpy(r.sc->text, txt, len);
    r.sc->text[len] = '\0';
    r.sc->text_len = len;
    if ((st = check_depth(txt, len, name, err)) != PZ_OK) {
        pz_scenario_free(r.sc);
        return st;
    }
    if (!yaml_parser_initialize(&parser)) {
        pz_scenario_free(r.sc);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)txt, len);
    if (!yaml_parser_load(&parser, &r.doc)) {
        if (parser.context)
            st = pz__fail(err, PZ_ERR_INPUT,
                          "%s:%zu:%zu: bad YAML: %s %s started at %zu:%zu",
                          name, parser.problem_mark.line + 1,
                          parser.problem_mark.column + 1,
                          parser.problem ? parser.problem : "syntax error",
                          parser.context, parser.context_mark.line + 1,
                          parser.context_mark.column + 1);
        else
            st = pz__fail(err, PZ_ERR_INPUT, "%s:%zu:%zu: bad YAML: %s", name,
                          parser.problem_mark.line + 1,
                          parser.problem_mark.column + 1,
                          parser.problem ? parser.problem : "syntax error");
        yaml_parser_delete(&parser);
        pz_scenario_free(r.sc);
        return st;
    }
    yaml_node_t *root = yaml_document_get_root_node(&r.doc);
    if (!root)
        st = pz__fail(err, PZ_ERR_INPUT, "%s: empty scenario", name);
    else
        st = read_top(&r, root);
    yaml_document_delete(&r.doc);
    yaml_parser_delete(&parser);
    if (st == PZ_OK && !r.sc->name) {
        const char *base = strrchr(name, '/');
        base = base ? base + 1 : name;
        if (!(r.sc->name = pz__strdup(base)))
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        char *dot = r.sc->name ? strrchr(r.sc->name, '.') : NULL;
        if (dot && dot != r.sc->name)
            *dot = '\0';
    }
    if (st != PZ_OK) {
        pz_scenario_free(r.sc);
        return st;
    }
    *out = r.sc;
    return PZ_OK;
}

pz_status pz_scenario_load_file(const char *path, const char *data_dir,
                                pz_scenario **out, pz_error *err)
{
    *out = NULL;
    char *buf;
    size_t len;
    pz_status rs =
        pz__read_file(path, PZ__LIMIT_SCENARIO, "scenario", &buf, &len, err);
    if (rs != PZ_OK)
        return rs;
    pz_status st = pz_scenario_load_text(buf, len, path, data_dir, out, err);
    pz__free(buf);
    return st;
}

extern const unsigned char pz__embedded_default[];
extern const size_t pz__embedded_default_len;

const char *pz_scenario_default_text(size_t *len)
{
    if (len)
        *len = pz__embedded_default_len;
    return (const char *)pz__embedded_default;
}

pz_status pz_scenario_load_default(pz_scenario **out, pz_error *err)
{
    return pz_scenario_load_text((const char *)pz__embedded_default,
                                 pz__embedded_default_len,
                                 "<embedded>/mexico.yaml", NULL, out, err);
}
