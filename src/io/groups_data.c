/*
 * groups_data.c - reads the 2020 network of 150 criminal groups coded by
 * CIDE-PPD and published with Prieto-Curiel, Campedelli & Hope (2023)
 * (Dryad doi:10.5061/dryad.zw3r228d7): BACRIM2020_Nodes.csv (Node, Group,
 * State, ...), BACRIM2020_Rivals.csv and BACRIM2020_Alliances.csv (Node,
 * RNode, weight: directed weighted edges, symmetrised with max).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/internal.h"
#include "base/limits.h"
#include "io/csv.h"
#include "io/mexico.h"
#include "io/scenario_impl.h"

static pz_status note_file(pz_scenario *sc, const char *path, pz_error *err)
{
    pz__datafile *d = pz__realloc(sc->data, (sc->ndata + 1) * sizeof *d);
    if (!d)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    sc->data = d;
    d = &sc->data[sc->ndata];
    d->path = pz__strdup(path);
    if (!d->path)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    pz_status st = pz__sha256_file(path, d->sha256, err);
    if (st != PZ_OK) {
        pz__free(d->path);
        return st;
    }
    sc->ndata++;
    return PZ_OK;
}

/* Node ids (e.g. N10025) of the groups, in file order. */
typedef struct ids {
    char **id;
    size_t n;
} ids;

static long find_id(const ids *t, const char *id)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->id[i], id) == 0)
            return (long)i;
    return -1;
}

static pz_status read_nodes(pz_scenario *sc, const char *path, ids *t,
                            pz_error *err)
{
    pz__csv c;
    pz_status st = pz__csv_open(&c, path, err);
    if (st != PZ_OK)
        return st;
    int cn = pz__csv_column(&c, "Node", err);
    int cg = cn < 0 ? -1 : pz__csv_column(&c, "Group", err);
    int cs = cg < 0 ? -1 : pz__csv_column(&c, "State", err);
    if (cs < 0) {
        pz__csv_close(&c);
        return PZ_ERR_INPUT;
    }
    int r;
    while ((r = pz__csv_next(&c, err)) == 1) {
        const char *id = c.field[cn], *name = c.field[cg];
        if (*id == '\0' || *name == '\0') {
            st = pz__fail(err, PZ_ERR_INPUT, "%s:%ld: column '%s': empty value",
                          path, c.rec_line, *id ? "Group" : "Node");
            break;
        }
        if (strlen(name) > PZ__LIMIT_NAME) {
            st = pz__fail(err, PZ_ERR_INPUT,
                          "%s:%ld: column 'Group': a name of %zu bytes "
                          "('%.40s...'), more than the limit of %d bytes "
                          "(docs/SCENARIOS.md, Limits)",
                          path, c.rec_line, strlen(name), name, PZ__LIMIT_NAME);
            break;
        }
        if (sc->net.n >= PZ__LIMIT_GROUPS) {
            st = pz__fail(err, PZ_ERR_INPUT,
                          "%s:%ld: more than the limit of %d groups "
                          "(docs/SCENARIOS.md, Limits)",
                          path, c.rec_line, PZ__LIMIT_GROUPS);
            break;
        }
        if (find_id(t, id) >= 0) {
            st = pz__fail(err, PZ_ERR_INPUT,
                          "%s:%ld: column 'Node': duplicate id '%s'", path,
                          c.rec_line, id);
            break;
        }
        char **p = pz__realloc(t->id, (t->n + 1) * sizeof *p);
        if (!p || !(p[t->n] = pz__strdup(id))) {
            if (p)
                t->id = p;
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            break;
        }
        t->id = p;
        t->n++;
        if (pz__network_add(&sc->net, name, c.field[cs], -1) < 0) {
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (r < 0)
        st = (pz_status)r;
    if (st == PZ_OK && t->n == 0)
        st = pz__fail(err, PZ_ERR_INPUT, "%s: no groups (only a header)", path);
    pz__csv_close(&c);
    return st;
}

static pz_status read_edges(pz_scenario *sc, const char *path, const ids *t,
                            int rival, pz_error *err)
{
    pz__csv c;
    pz_status st = pz__csv_open(&c, path, err);
    if (st != PZ_OK)
        return st;
    int ca = pz__csv_column(&c, "Node", err);
    int cb = ca < 0 ? -1 : pz__csv_column(&c, "RNode", err);
    int cw = cb < 0 ? -1 : pz__csv_column(&c, "weight", err);
    if (cw < 0) {
        pz__csv_close(&c);
        return PZ_ERR_INPUT;
    }
    int r;
    while ((r = pz__csv_next(&c, err)) == 1) {
        long i = find_id(t, c.field[ca]);
        long j = find_id(t, c.field[cb]);
        if (i < 0 || j < 0) {
            st = pz__fail(err, PZ_ERR_INPUT,
                          "%s:%ld: column '%s': unknown group id '%s' (not in "
                          "the nodes file)",
                          path, c.rec_line, i < 0 ? "Node" : "RNode",
                          i < 0 ? c.field[ca] : c.field[cb]);
            break;
        }
        double w;
        st = pz__csv_number(&c, cw, 0, 1e6, &w, err);
        if (st != PZ_OK)
            break;
        int e = rival ? pz__network_rival(&sc->net, (size_t)i, (size_t)j, w)
                      : pz__network_ally(&sc->net, (size_t)i, (size_t)j, w);
        if (e != 0) {
            st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            break;
        }
    }
    if (r < 0)
        st = (pz_status)r;
    pz__csv_close(&c);
    return st;
}

/* The data directory must be given and be a directory; where names the
 * scenario location that reads it. */
static pz_status check_data_dir(const char *data_dir, const char *where,
                                pz_error *err)
{
    struct stat sb;
    if (!data_dir || !*data_dir)
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s: the scenario reads data files: give the data "
                        "directory with --data DIR or the PLAZA_DATA variable",
                        where);
    if (stat(data_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s: data directory '%s' %s (give it with --data DIR "
                        "or PLAZA_DATA)",
                        where, data_dir,
                        errno == ENOENT ? "does not exist"
                                        : "is not a directory");
    return PZ_OK;
}

/* A data file the scenario needs must be readable. */
static pz_status check_data_file(const char *path, const char *where,
                                 pz_error *err)
{
    if (access(path, R_OK) != 0)
        return pz__fail(err, PZ_ERR_INPUT, "%s: cannot open data file '%s': %s",
                        where, path, strerror(errno));
    return PZ_OK;
}

pz_status pz__load_pc2023(pz_scenario *sc, const char *data_dir,
                          const char *where, pz_error *err)
{
    static const char *const files[] = {"BACRIM2020_Nodes.csv",
                                        "BACRIM2020_Rivals.csv",
                                        "BACRIM2020_Alliances.csv"};
    char path[3][4096];
    ids t = {NULL, 0};
    pz_status st = check_data_dir(data_dir, where, err);
    if (st != PZ_OK)
        return st;
    for (int k = 0; k < 3; k++) {
        int n = snprintf(path[k], sizeof path[k], "%s/pc2023/%s", data_dir,
                         files[k]);
        if (n < 0 || (size_t)n >= sizeof path[k])
            return pz__fail(err, PZ_ERR_INPUT,
                            "%s: data directory path too "
                            "long",
                            where);
    }
    for (int k = 0; k < 3; k++)
        if ((st = check_data_file(path[k], where, err)) != PZ_OK)
            return st;
    st = read_nodes(sc, path[0], &t, err);
    if (st == PZ_OK)
        st = read_edges(sc, path[1], &t, 1, err);
    if (st == PZ_OK)
        st = read_edges(sc, path[2], &t, 0, err);
    for (int k = 0; k < 3 && st == PZ_OK; k++)
        st = note_file(sc, path[k], err);
    for (size_t i = 0; i < t.n; i++)
        pz__free(t.id[i]);
    pz__free(t.id);
    return st;
}

static pz_status note_cb(void *ud, const char *path, pz_error *err)
{
    return note_file(ud, path, err);
}

pz_status pz__load_mexico(pz_scenario *sc, const char *data_dir, int municipal,
                          const char *where, pz_error *err)
{
    pz_status st = check_data_dir(data_dir, where, err);
    if (st != PZ_OK)
        return st;
    static const char *const need[2][4] = {
        {"state2020.csv", "state_adjacency.csv", "mun2020.csv", "places.csv"},
        {"mun2020.csv", "mun_adjacency.csv", "places.csv", NULL}};
    for (int k = 0; k < 4 && need[municipal][k]; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/mexico/%s", data_dir,
                 need[municipal][k]);
        if ((st = check_data_file(path, where, err)) != PZ_OK)
            return st;
    }
    if (municipal)
        st = pz__geo_load_municipalities(&sc->geo, data_dir, note_cb, sc, err);
    else
        st = pz__geo_load_states(&sc->geo, data_dir, note_cb, sc, err);
    if (st == PZ_OK)
        st = pz__geo_load_prewar(&sc->geo, data_dir, note_cb, sc, err);
    if (st == PZ_OK)
        st = pz__geo_load_places(&sc->geo, data_dir, note_cb, sc, err);
    return st;
}
