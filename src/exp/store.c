/*
 * store.c - the SQLite store of runs (see store.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "base/calendar.h"
#include "base/internal.h"
#include "exp/store.h"
#include "plaza/model.h"

const char *const pz__outcome_names[PZ__NOUT_PERIOD] = {
    "members_end",     "deaths_total",        "arrests_total",
    "homicides_total", "homicides_last_year", "groups_end",
    "deaths_period",   "arrests_period",      "homicides_period"};

struct pz__store {
    sqlite3 *db;
    sqlite3_stmt *run, *par, *out;
    sqlite3_int64 id;
    char *path;
};

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS sweeps (sweep_id INTEGER PRIMARY KEY, "
    "created TEXT, plaza_version TEXT, command TEXT, scenario TEXT, "
    "scenario_sha256 TEXT, policy TEXT, design TEXT, points INTEGER, "
    "replicates INTEGER, seed INTEGER);"
    "CREATE TABLE IF NOT EXISTS runs (run_id INTEGER PRIMARY KEY, sweep_id "
    "INTEGER REFERENCES sweeps, point INTEGER, replicate INTEGER, policy "
    "TEXT);"
    "CREATE TABLE IF NOT EXISTS parameters (run_id INTEGER REFERENCES runs, "
    "name TEXT, value REAL);"
    "CREATE TABLE IF NOT EXISTS outcomes (run_id INTEGER REFERENCES runs, "
    "name TEXT, value REAL);"
    "CREATE TABLE IF NOT EXISTS data_files (sweep_id INTEGER REFERENCES "
    "sweeps, path TEXT, sha256 TEXT);"
    "CREATE INDEX IF NOT EXISTS parameters_run ON parameters(run_id);"
    "CREATE INDEX IF NOT EXISTS outcomes_run ON outcomes(run_id);";

static pz_status fail(pz__store *s, const char *path, pz_error *err)
{
    return pz__fail(err, PZ_ERR_IO, "%s: %s", path,
                    s && s->db ? sqlite3_errmsg(s->db) : "cannot open");
}

pz_status pz__run_outcomes(const pz_scenario *sc, uint32_t rep, long from,
                           double *y, pz_error *err)
{
    pz_model *m = NULL;
    memset(y, 0, PZ__NOUT_PERIOD * sizeof *y);
    pz_status st = pz_model_create(sc, rep, &m, err);
    if (st != PZ_OK)
        return st;
    uint32_t steps = pz_model_steps(m);
    while (pz_model_time(m) < steps) {
        if ((st = pz_model_step(m, err)) != PZ_OK)
            break;
        pz_flows t;
        pz_model_totals(m, &t, NULL);
        double h = pz_model_homicides(m);
        uint32_t now = pz_model_time(m);
        y[1] += t.deaths;
        y[2] += t.arrests;
        y[3] += h;
        if (now + PZ__STEPS_PER_YEAR > steps) /* the last year */
            y[4] += h;
        if (from >= 0 && (long)now > from) {
            y[6] += t.deaths;
            y[7] += t.arrests;
            y[8] += h;
        }
    }
    if (st == PZ_OK) {
        pz_flows t;
        size_t active;
        pz_model_totals(m, &t, &active);
        y[0] = t.members;
        y[5] = (double)active;
    }
    pz_model_destroy(m);
    return st;
}

pz_status pz__store_close(pz__store *s, int commit, pz_error *err)
{
    pz_status st = PZ_OK;
    if (!s)
        return PZ_OK;
    sqlite3_finalize(s->run);
    sqlite3_finalize(s->par);
    sqlite3_finalize(s->out);
    if (s->db) {
        if (commit &&
            sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
            st = fail(s, s->path, err);
        if (!commit || st != PZ_OK)
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(s->db);
    }
    pz__free(s->path);
    pz__free(s);
    return st;
}

pz_status pz__store_open(const char *path, const pz_scenario *sc,
                         const char *design, size_t points, uint32_t reps,
                         const char *policy, const char *command,
                         pz__store **out, pz_error *err)
{
    pz__store *s = pz__calloc(1, sizeof *s);
    sqlite3_stmt *q = NULL;
    pz_status st;
    *out = NULL;
    if (!s || !(s->path = pz__strdup(path))) {
        pz__free(s);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    if (sqlite3_open(path, &s->db) != SQLITE_OK ||
        sqlite3_exec(s->db, schema, NULL, NULL, NULL) != SQLITE_OK)
        goto db_fail;
    /* a database written before runs had a policy column gets one */
    if (sqlite3_prepare_v2(s->db, "SELECT policy FROM runs", -1, &q, NULL) !=
        SQLITE_OK) {
        if (sqlite3_exec(s->db, "ALTER TABLE runs ADD COLUMN policy TEXT", NULL,
                         NULL, NULL) != SQLITE_OK)
            goto db_fail;
    }
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "INSERT INTO sweeps (created, plaza_version, "
                           "command, scenario, scenario_sha256, policy, "
                           "design, points, replicates, seed) VALUES "
                           "(?,?,?,?,?,?,?,?,?,?)",
                           -1, &q, NULL) != SQLITE_OK)
        goto db_fail;
    time_t now = time(NULL);
    char created[32];
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    sqlite3_bind_text(q, 1, created, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, PZ_VERSION, -1, SQLITE_STATIC);
    if (command)
        sqlite3_bind_text(q, 3, command, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, pz_scenario_source(sc), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, pz_scenario_sha256(sc), -1, SQLITE_STATIC);
    if (policy)
        sqlite3_bind_text(q, 6, policy, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 7, design, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 8, (sqlite3_int64)points);
    sqlite3_bind_int64(q, 9, reps);
    sqlite3_bind_int64(q, 10, (sqlite3_int64)pz_scenario_param(sc, PZ_P_SEED));
    if (sqlite3_step(q) != SQLITE_DONE)
        goto db_fail;
    sqlite3_finalize(q);
    q = NULL;
    s->id = sqlite3_last_insert_rowid(s->db);
    /* the data files the scenario read, with their SHA-256 */
    if (sqlite3_prepare_v2(s->db, "INSERT INTO data_files VALUES (?,?,?)", -1,
                           &q, NULL) != SQLITE_OK)
        goto db_fail;
    for (size_t i = 0; i < pz_scenario_data_file_count(sc); i++) {
        const char *sha;
        const char *file = pz_scenario_data_file(sc, i, &sha);
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, s->id);
        sqlite3_bind_text(q, 2, file, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, sha, -1, SQLITE_STATIC);
        if (sqlite3_step(q) != SQLITE_DONE)
            goto db_fail;
    }
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO runs (sweep_id, point, replicate, "
                           "policy) VALUES (?,?,?,?)",
                           -1, &s->run, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "INSERT INTO parameters VALUES (?,?,?)", -1,
                           &s->par, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "INSERT INTO outcomes VALUES (?,?,?)", -1,
                           &s->out, NULL) != SQLITE_OK)
        goto db_fail;
    *out = s;
    return PZ_OK;
db_fail:
    /* the --db option's value is at fault: bad input */
    st = pz__fail(err, PZ_ERR_INPUT, "--db %s: %s", path,
                  s->db ? sqlite3_errmsg(s->db) : "cannot open");
    sqlite3_finalize(q);
    pz__store_close(s, 0, NULL);
    return st;
}

pz_status pz__store_run(pz__store *s, size_t point, uint32_t replicate,
                        const char *policy, const char *const *names,
                        const double *values, size_t n, const double *outcomes,
                        size_t nout, pz_error *err)
{
    sqlite3_reset(s->run);
    sqlite3_bind_int64(s->run, 1, s->id);
    sqlite3_bind_int64(s->run, 2, (sqlite3_int64)point);
    sqlite3_bind_int64(s->run, 3, replicate);
    if (policy)
        sqlite3_bind_text(s->run, 4, policy, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s->run, 4);
    if (sqlite3_step(s->run) != SQLITE_DONE)
        return fail(s, s->path, err);
    sqlite3_int64 run_id = sqlite3_last_insert_rowid(s->db);
    for (size_t p = 0; p < n; p++) {
        sqlite3_reset(s->par);
        sqlite3_bind_int64(s->par, 1, run_id);
        sqlite3_bind_text(s->par, 2, names[p], -1, SQLITE_STATIC);
        sqlite3_bind_double(s->par, 3, values[p]);
        if (sqlite3_step(s->par) != SQLITE_DONE)
            return fail(s, s->path, err);
    }
    for (size_t k = 0; k < nout && k < PZ__NOUT_PERIOD; k++) {
        sqlite3_reset(s->out);
        sqlite3_bind_int64(s->out, 1, run_id);
        sqlite3_bind_text(s->out, 2, pz__outcome_names[k], -1, SQLITE_STATIC);
        sqlite3_bind_double(s->out, 3, outcomes[k]);
        if (sqlite3_step(s->out) != SQLITE_DONE)
            return fail(s, s->path, err);
    }
    return PZ_OK;
}
