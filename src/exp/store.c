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

struct pending {
    size_t point;
    uint32_t replicate;
    char *policy;             /* owned; NULL when none */
    const char *const *names; /* the caller's, alive until the store closes */
    double *values;           /* owned, n of them */
    size_t n, nout;
    double out[PZ__NOUT_PERIOD];
};

struct pz__store {
    sqlite3 *db;
    sqlite3_stmt *run, *par, *out;
    sqlite3_int64 id;
    char *path;
    struct pending *p; /* runs not yet committed */
    size_t np, cap;
    struct timespec last; /* the last commit */
};

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS sweeps (sweep_id INTEGER PRIMARY KEY, "
    "created TEXT, plaza_version TEXT, command TEXT, scenario TEXT, "
    "scenario_sha256 TEXT, policy TEXT, design TEXT, points INTEGER, "
    "replicates INTEGER, seed INTEGER, finished TEXT);"
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

/* The busy timeout: how long a writer waits for another writer's lock
 * (docs/OUTPUTS.md, Concurrent use); PLAZA_DB_TIMEOUT (seconds) sets it. */
static int busy_ms(void)
{
    const char *e = getenv("PLAZA_DB_TIMEOUT");
    char *end;
    double v = e && *e ? strtod(e, &end) : -1;
    if (e && *e && *end == '\0' && v >= 0 && v <= 86400)
        return (int)(v * 1000);
    return PZ__STORE_BUSY_MS;
}

static int locked(int rc)
{
    return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

/* A failure of the database after it was opened: a runtime failure
 * (PZ_ERR_IO, exit status 1), whose message says what to do when the
 * database was locked by another process past the busy timeout. */
static pz_status fail(pz__store *s, int rc, pz_error *err)
{
    if (locked(rc))
        return pz__fail(err, PZ_ERR_IO,
                        "--db %s: the database is locked by another process "
                        "(waited %g s): let the other writer finish (or end "
                        "the transaction holding it) and run again, raise "
                        "PLAZA_DB_TIMEOUT (seconds), or use another --db file",
                        s->path, busy_ms() / 1000.0);
    return pz__fail(err, PZ_ERR_IO, "--db %s: %s", s->path,
                    s->db ? sqlite3_errmsg(s->db) : "cannot open");
}

static double since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) +
           1e-9 * (double)(now.tv_nsec - t->tv_nsec);
}

/* Runs sql, waiting out a busy COMMIT a few times more (each wait is the
 * busy timeout): a COMMIT that fails leaves the transaction open. */
static int exec_retry(sqlite3 *db, const char *sql)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    for (int i = 0; i < 3 && locked(rc) && !sqlite3_get_autocommit(db); i++)
        rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    return rc;
}

static int insert_run(pz__store *s, const struct pending *r)
{
    int rc;
    sqlite3_reset(s->run);
    sqlite3_bind_int64(s->run, 1, s->id);
    sqlite3_bind_int64(s->run, 2, (sqlite3_int64)r->point);
    sqlite3_bind_int64(s->run, 3, r->replicate);
    if (r->policy)
        sqlite3_bind_text(s->run, 4, r->policy, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s->run, 4);
    if ((rc = sqlite3_step(s->run)) != SQLITE_DONE)
        return rc;
    sqlite3_int64 run_id = sqlite3_last_insert_rowid(s->db);
    for (size_t p = 0; p < r->n; p++) {
        sqlite3_reset(s->par);
        sqlite3_bind_int64(s->par, 1, run_id);
        sqlite3_bind_text(s->par, 2, r->names[p], -1, SQLITE_STATIC);
        sqlite3_bind_double(s->par, 3, r->values[p]);
        if ((rc = sqlite3_step(s->par)) != SQLITE_DONE)
            return rc;
    }
    for (size_t k = 0; k < r->nout; k++) {
        sqlite3_reset(s->out);
        sqlite3_bind_int64(s->out, 1, run_id);
        sqlite3_bind_text(s->out, 2, pz__outcome_names[k], -1, SQLITE_STATIC);
        sqlite3_bind_double(s->out, 3, r->out[k]);
        if ((rc = sqlite3_step(s->out)) != SQLITE_DONE)
            return rc;
    }
    return SQLITE_DONE;
}

static void drop_pending(pz__store *s)
{
    for (size_t i = 0; i < s->np; i++) {
        pz__free(s->p[i].policy);
        pz__free(s->p[i].values);
    }
    s->np = 0;
}

/* Commits the pending runs in one transaction (and, when finished, marks
 * the experiment finished).  On failure the transaction is rolled back and
 * the runs stay pending, for the next flush to retry; runs committed
 * earlier stay in the database. */
static pz_status flush(pz__store *s, int finished, pz_error *err)
{
    int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < s->np; i++)
        if ((rc = insert_run(s, &s->p[i])) == SQLITE_DONE)
            rc = SQLITE_OK;
    if (rc == SQLITE_OK && finished) {
        sqlite3_stmt *q = NULL;
        char when[32];
        time_t now = time(NULL);
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
        rc = sqlite3_prepare_v2(s->db,
                                "UPDATE sweeps SET finished = ? WHERE "
                                "sweep_id = ?",
                                -1, &q, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(q, 1, when, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(q, 2, s->id);
            rc = sqlite3_step(q);
            rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
        sqlite3_finalize(q);
    }
    if (rc == SQLITE_OK)
        rc = exec_retry(s->db, "COMMIT");
    clock_gettime(CLOCK_MONOTONIC, &s->last);
    if (rc == SQLITE_OK) {
        drop_pending(s);
        return PZ_OK;
    }
    pz_status st = fail(s, rc, err);
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
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
    if (s->db && commit)
        st = flush(s, 1, err);
    drop_pending(s);
    pz__free(s->p);
    sqlite3_finalize(s->run);
    sqlite3_finalize(s->par);
    sqlite3_finalize(s->out);
    if (s->db) {
        if (!sqlite3_get_autocommit(s->db))
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
    int rc;
    *out = NULL;
    if (!s || !(s->path = pz__strdup(path))) {
        pz__free(s);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    clock_gettime(CLOCK_MONOTONIC, &s->last);
    if ((rc = sqlite3_open(path, &s->db)) != SQLITE_OK)
        goto db_fail;
    /* writers wait for each other; in WAL mode readers do not block
     * writers nor writers readers (a database on a file system without
     * shared memory keeps its journal mode) */
    sqlite3_busy_timeout(s->db, busy_ms());
    if ((rc = sqlite3_exec(s->db, "PRAGMA journal_mode=WAL", NULL, NULL,
                           NULL)) != SQLITE_OK &&
        locked(rc))
        goto db_fail;
    if ((rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)) !=
            SQLITE_OK ||
        (rc = sqlite3_exec(s->db, schema, NULL, NULL, NULL)) != SQLITE_OK)
        goto db_fail;
    /* a database written before runs had a policy column gets one, and
     * one before experiments had a finished column gets that */
    if (sqlite3_prepare_v2(s->db, "SELECT policy FROM runs", -1, &q, NULL) !=
            SQLITE_OK &&
        (rc = sqlite3_exec(s->db, "ALTER TABLE runs ADD COLUMN policy TEXT",
                           NULL, NULL, NULL)) != SQLITE_OK)
        goto db_fail;
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT finished FROM sweeps", -1, &q,
                           NULL) != SQLITE_OK &&
        (rc = sqlite3_exec(s->db, "ALTER TABLE sweeps ADD COLUMN finished TEXT",
                           NULL, NULL, NULL)) != SQLITE_OK)
        goto db_fail;
    sqlite3_finalize(q);
    q = NULL;
    if ((rc = sqlite3_prepare_v2(s->db,
                                 "INSERT INTO sweeps (created, plaza_version, "
                                 "command, scenario, scenario_sha256, policy, "
                                 "design, points, replicates, seed) VALUES "
                                 "(?,?,?,?,?,?,?,?,?,?)",
                                 -1, &q, NULL)) != SQLITE_OK)
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
    if ((rc = sqlite3_step(q)) != SQLITE_DONE)
        goto db_fail;
    sqlite3_finalize(q);
    q = NULL;
    s->id = sqlite3_last_insert_rowid(s->db);
    /* the data files the scenario read, with their SHA-256 */
    if ((rc = sqlite3_prepare_v2(s->db, "INSERT INTO data_files VALUES (?,?,?)",
                                 -1, &q, NULL)) != SQLITE_OK)
        goto db_fail;
    for (size_t i = 0; i < pz_scenario_data_file_count(sc); i++) {
        const char *sha;
        const char *file = pz_scenario_data_file(sc, i, &sha);
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, s->id);
        sqlite3_bind_text(q, 2, file, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, sha, -1, SQLITE_STATIC);
        if ((rc = sqlite3_step(q)) != SQLITE_DONE)
            goto db_fail;
    }
    sqlite3_finalize(q);
    q = NULL;
    if ((rc = sqlite3_prepare_v2(s->db,
                                 "INSERT INTO runs (sweep_id, point, "
                                 "replicate, policy) VALUES (?,?,?,?)",
                                 -1, &s->run, NULL)) != SQLITE_OK ||
        (rc = sqlite3_prepare_v2(s->db, "INSERT INTO parameters VALUES (?,?,?)",
                                 -1, &s->par, NULL)) != SQLITE_OK ||
        (rc = sqlite3_prepare_v2(s->db, "INSERT INTO outcomes VALUES (?,?,?)",
                                 -1, &s->out, NULL)) != SQLITE_OK ||
        (rc = exec_retry(s->db, "COMMIT")) != SQLITE_OK)
        goto db_fail;
    *out = s;
    return PZ_OK;
db_fail:
    /* a lock held past the timeout is a runtime failure; otherwise the
     * --db option's value is at fault (a directory, not a database, a
     * missing directory): bad input */
    if (locked(rc))
        st = fail(s, rc, err);
    else
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
    if (s->np == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        struct pending *p = pz__realloc(s->p, cap * sizeof *p);
        if (!p)
            return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        s->p = p;
        s->cap = cap;
    }
    struct pending *r = &s->p[s->np];
    memset(r, 0, sizeof *r);
    r->point = point;
    r->replicate = replicate;
    r->names = names;
    r->n = n;
    r->nout = nout < PZ__NOUT_PERIOD ? nout : PZ__NOUT_PERIOD;
    memcpy(r->out, outcomes, r->nout * sizeof *outcomes);
    if ((policy && !(r->policy = pz__strdup(policy))) ||
        (n && !(r->values = pz__malloc(n * sizeof *values)))) {
        pz__free(r->policy);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    if (n)
        memcpy(r->values, values, n * sizeof *values);
    s->np++;
    /* committed in batches: a later failure keeps what was committed, and
     * the lock is held only while a batch is written */
    if (s->np >= PZ__STORE_BATCH || since(&s->last) >= 2.0)
        return flush(s, 0, err);
    return PZ_OK;
}
