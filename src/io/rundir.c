/*
 * rundir.c - atomic run directories and the manifest's common parts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* renameat2 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic.h"
#include "base/internal.h"
#include "io/rundir.h"
#include "plaza/params.h"

/* The tables of run directories: a directory holding only these (and
 * hidden temporaries) is replaced whole by a new run. */
static const char *const known[] = {"manifest.json",
                                    "national.csv",
                                    "groups.csv",
                                    "regions.csv",
                                    "events.csv",
                                    "government.csv",
                                    "payroll.csv",
                                    "national_summary.csv",
                                    "regions_summary.csv",
                                    "checkpoint.plz",
                                    NULL};

static int is_known(const char *name)
{
    for (int i = 0; known[i]; i++)
        if (strcmp(name, known[i]) == 0)
            return 1;
    return 0;
}

/* ".NAME.tmp-PID" (or ".NAME.old-PID"): the PID, or -1 when name is not a
 * hidden temporary of base (any base when base is NULL). */
static long tmp_pid(const char *name, const char *base)
{
    const char *tag = strstr(name, ".tmp-");
    if (!tag)
        tag = strstr(name, ".old-");
    char *end;
    if (name[0] != '.' || !tag)
        return -1;
    if (base && ((size_t)(tag - name - 1) != strlen(base) ||
                 strncmp(name + 1, base, strlen(base)) != 0))
        return -1;
    long pid = strtol(tag + 5, &end, 10);
    return *end == '\0' && pid > 0 ? pid : -1;
}

static int dead(long pid)
{
    return pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = pz__malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int r = mkdir(path, 0777);
        *p = '/';
        if (r != 0 && errno != EEXIST)
            return -1;
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return -1;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

/* Syncs a directory, so that the renames in it are on disk. */
static int sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int r = fsync(fd) != 0 && errno != EINVAL ? -1 : 0;
    close(fd);
    return r;
}

/* Removes the files in dir and dir itself (one level: what plaza puts
 * there); a directory holding anything else stays. */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        /* no allocation: a cleanup that cannot fail for want of memory
         * (test_alloc_commands) */
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n > 0 && (size_t)n < sizeof path)
            unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

/* Removes hidden temporaries ".NAME.tmp-PID" left in dir by runs that
 * were killed (their PID no longer exists); with base, only those of base,
 * and directories (a killed run's staging directory) too. */
static void remove_stale(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        long pid = tmp_pid(e->d_name, base);
        if (pid < 0 || !dead(pid))
            continue; /* not a temporary, or another live run's */
        char *path = join(dir, e->d_name);
        struct stat sb;
        if (path && lstat(path, &sb) == 0) {
            if (S_ISDIR(sb.st_mode) && base)
                remove_dir(path);
            else if (S_ISREG(sb.st_mode))
                unlink(path);
        }
        pz__free(path);
    }
    closedir(d);
}

/* 1 when dir holds only the tables of run directories and hidden
 * temporaries, so that a new run may replace it whole. */
static int replaceable(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int ok = d != NULL;
    while (ok && (e = readdir(d)) != NULL)
        ok = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
             is_known(e->d_name) || tmp_pid(e->d_name, NULL) > 0;
    if (d)
        closedir(d);
    return ok;
}

/* The test hook of docs/OUTPUTS.md (Run directories): with
 * PLAZA_TEST_RUNDIR_FAULT=kill:N or fail:N, the N-th step of a commit (1,
 * 2, ...) kills the process or fails. */
static int fault(int *step, pz_error *err, pz_status *st)
{
    const char *e = getenv("PLAZA_TEST_RUNDIR_FAULT");
    ++*step;
    if (!e)
        return 0;
    if (strncmp(e, "kill:", 5) == 0 && atoi(e + 5) == *step)
        raise(SIGKILL);
    if (st && strncmp(e, "fail:", 5) == 0 && atoi(e + 5) == *step) {
        *st = pz__fail(err, PZ_ERR_IO, "test fault at commit step %d", *step);
        return 1;
    }
    return 0;
}

static pz_status open_dir(pz__rundir *rd, const char *dir, int whole,
                          pz_error *err)
{
    memset(rd, 0, sizeof *rd);
    if (!*dir)
        return pz__fail(err, PZ_ERR_INPUT, "--out: empty directory name");
    if (!(rd->final = pz__strdup(dir)))
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    size_t len = strlen(rd->final);
    while (len > 1 && rd->final[len - 1] == '/')
        rd->final[--len] = '\0';
    const char *slash = strrchr(rd->final, '/');
    const char *base = slash ? slash + 1 : rd->final;
    struct stat sb;
    int exists = lstat(rd->final, &sb) == 0;
    /* staged: a new directory, or a run directory (not a symbolic link)
     * holding only tables, replaced whole; otherwise in place */
    if (whole && *base && strcmp(base, ".") != 0 && strcmp(base, "..") != 0 &&
        (!exists || (S_ISDIR(sb.st_mode) && replaceable(rd->final)))) {
        size_t n = len + 40;
        char *parent = pz__strdup(rd->final);
        if (!parent || !(rd->dir = pz__malloc(n))) {
            pz__free(parent);
            pz__rundir_abort(rd);
            return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        }
        snprintf(rd->dir, n, "%.*s.%s.tmp-%ld", (int)(base - rd->final),
                 rd->final, base, (long)getpid());
        if (slash)
            parent[slash == rd->final ? 1 : slash - rd->final] = '\0';
        int bad = slash && mkdirs(parent) != 0;
        if (!bad)
            remove_stale(slash ? parent : ".", base);
        pz__free(parent);
        if (bad || (mkdir(rd->dir, 0777) != 0 && errno != EEXIST)) {
            pz_status st = pz__fail(err, PZ_ERR_IO,
                                    "cannot create output directory '%s': %s",
                                    dir, strerror(errno));
            pz__free(rd->dir);
            rd->dir = NULL;
            pz__rundir_abort(rd);
            return st;
        }
        rd->staged = 1;
        return PZ_OK;
    }
    if (!(rd->dir = pz__strdup(rd->final)) || mkdirs(rd->dir) != 0) {
        pz_status st = rd->dir
                           ? pz__fail(err, PZ_ERR_IO,
                                      "cannot create output directory '%s': %s",
                                      dir, strerror(errno))
                           : pz__fail(err, PZ_ERR_NOMEM, "out of memory");
        pz__rundir_abort(rd);
        return st;
    }
    rd->whole = whole;
    remove_stale(rd->dir, NULL);
    return PZ_OK;
}

pz_status pz__rundir_open(pz__rundir *rd, const char *dir, pz_error *err)
{
    return open_dir(rd, dir, 0, err);
}

pz_status pz__rundir_open_run(pz__rundir *rd, const char *dir, pz_error *err)
{
    return open_dir(rd, dir, 1, err);
}

pz_status pz__rundir_make_final(pz__rundir *rd, pz_error *err)
{
    if (mkdirs(rd->final) != 0)
        return pz__fail(err, PZ_ERR_IO,
                        "cannot create output directory '%s': %s", rd->final,
                        strerror(errno));
    return PZ_OK;
}

pz_status pz__rundir_table(pz__rundir *rd, const char *name, FILE **f,
                           pz_error *err)
{
    if (rd->n == PZ__RUNDIR_MAX)
        return pz__fail(err, PZ_ERR_INTERNAL, "too many tables");
    char *path = join(rd->dir, name);
    if (!path)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    pz_status st = pz__atomic_open(&rd->t[rd->n], path, err);
    pz__free(path);
    if (st != PZ_OK)
        return st;
    *f = rd->t[rd->n++].f;
    for (int k = 0; known[k]; k++)
        if (strcmp(name, known[k]) == 0)
            rd->wrote |= 1u << k;
    return PZ_OK;
}

void pz__rundir_abort(pz__rundir *rd)
{
    for (size_t i = 0; i < rd->n; i++)
        pz__atomic_abort(&rd->t[i]);
    if (rd->staged && rd->dir)
        remove_dir(rd->dir); /* nothing of a failed run stays */
    pz__free(rd->dir);
    pz__free(rd->final);
    memset(rd, 0, sizeof *rd);
}

/* 1 when rd writes the table name (one of known[]). */
static int written(const pz__rundir *rd, const char *name)
{
    for (int k = 0; known[k]; k++)
        if (strcmp(name, known[k]) == 0)
            return (rd->wrote >> k) & 1;
    return 0;
}

/* Replaces the run directory by the staging one: exchanged atomically
 * (renameat2 RENAME_EXCHANGE), or, where the file system cannot, the old
 * one moved aside first; then the old one is removed. */
static pz_status swap_in(pz__rundir *rd, int *step, pz_error *err)
{
    pz_status st = PZ_OK;
    char *old = NULL, *parent = pz__strdup(rd->final);
    if (!parent)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    char *slash = strrchr(parent, '/');
    if (!slash)
        strcpy(parent, ".");
    else
        slash[slash == parent ? 1 : 0] = '\0';
    if (rename(rd->dir, rd->final) == 0) {
        /* a new directory */
    } else if (errno == EEXIST || errno == ENOTEMPTY) {
        /* a checkpoint of the run replaced stays, unless this one wrote
         * its own (paths on the stack: out of memory must not drop it,
         * test_alloc_commands) */
        char was[4096], cp[4096];
        int n1 = snprintf(was, sizeof was, "%s/checkpoint.plz", rd->final);
        int n2 = snprintf(cp, sizeof cp, "%s/checkpoint.plz", rd->dir);
        if (!written(rd, "checkpoint.plz") && n1 > 0 &&
            (size_t)n1 < sizeof was && n2 > 0 && (size_t)n2 < sizeof cp)
            (void)!link(was, cp);
        if (renameat2(AT_FDCWD, rd->dir, AT_FDCWD, rd->final,
                      RENAME_EXCHANGE) == 0) {
            /* the old directory is now at the staging name */
            old = rd->dir;
            rd->dir = NULL;
        } else {
            size_t n = strlen(rd->final) + 40;
            const char *b = strrchr(rd->final, '/');
            b = b ? b + 1 : rd->final;
            if (!(old = pz__malloc(n)))
                st = pz__fail(err, PZ_ERR_NOMEM, "out of memory");
            else
                snprintf(old, n, "%.*s.%s.old-%ld", (int)(b - rd->final),
                         rd->final, b, (long)getpid());
            if (st == PZ_OK && (rename(rd->final, old) != 0 ||
                                rename(rd->dir, rd->final) != 0))
                st = pz__fail(err, PZ_ERR_IO, "cannot replace '%s': %s",
                              rd->final, strerror(errno));
        }
    } else {
        st = pz__fail(err, PZ_ERR_IO, "cannot rename '%s' to '%s': %s", rd->dir,
                      rd->final, strerror(errno));
    }
    if (st == PZ_OK) {
        rd->staged = 0; /* in place: nothing to remove on abort */
        if (sync_dir(parent) != 0)
            st = pz__fail(err, PZ_ERR_IO, "cannot sync '%s': %s", parent,
                          strerror(errno));
        /* the new directory is in place: a kill only, no failure now */
        if (st == PZ_OK && !fault(step, NULL, NULL) && old)
            remove_dir(old);
    }
    pz__free(old);
    pz__free(parent);
    return st;
}

pz_status pz__rundir_commit(pz__rundir *rd, pz_error *err)
{
    pz_status st = PZ_OK;
    int step = 0;
    size_t i;
    /* every table on disk before any is renamed */
    for (i = 0; st == PZ_OK && i < rd->n; i++)
        st = pz__atomic_close(&rd->t[i], err);
    /* in place, the old manifest goes first: a directory without one is
     * incomplete (readers check it) */
    if (st == PZ_OK && !rd->staged && written(rd, "manifest.json")) {
        char *man = join(rd->dir, "manifest.json");
        if (man && unlink(man) == 0)
            sync_dir(rd->dir);
        pz__free(man);
    }
    /* the tables in the order opened (the manifest last) */
    for (i = 0; st == PZ_OK && i < rd->n; i++) {
        if (!fault(&step, err, &st))
            st = pz__atomic_commit(&rd->t[i], err);
        /* in place, the tables of an earlier run that this one did not
         * write would not match it: removed before the manifest */
        if (st == PZ_OK && rd->whole && i + 2 == rd->n) {
            for (int k = 0; known[k]; k++) {
                if (written(rd, known[k]) ||
                    strcmp(known[k], "checkpoint.plz") == 0)
                    continue;
                char *path = join(rd->dir, known[k]);
                if (path)
                    unlink(path);
                pz__free(path);
            }
        }
    }
    if (st == PZ_OK && sync_dir(rd->dir) != 0)
        st = pz__fail(err, PZ_ERR_IO, "cannot sync '%s': %s", rd->dir,
                      strerror(errno));
    if (st == PZ_OK && !fault(&step, err, &st) && rd->staged)
        st = swap_in(rd, &step, err);
    pz__rundir_abort(rd); /* removes what was not renamed, frees */
    return st;
}

void pz__manifest_head(FILE *f, const pz_scenario *sc, const char *command)
{
    fprintf(f, "{\n  \"plaza_version\": ");
    pz__json_string(f, PZ_VERSION);
    fprintf(f, ",\n  \"command\": ");
    if (command)
        pz__json_string(f, command);
    else
        fputs("null", f);
    fprintf(f, ",\n  \"scenario\": {\"name\": ");
    pz__json_string(f, pz_scenario_name(sc));
    fprintf(f, ", \"source\": ");
    pz__json_string(f, pz_scenario_source(sc));
    fprintf(f, ", \"sha256\": ");
    pz__json_string(f, pz_scenario_sha256(sc));
    fputc('}', f);
}

void pz__manifest_data_files(FILE *f, const pz_scenario *sc)
{
    size_t n = pz_scenario_data_file_count(sc);
    fprintf(f, "\"data_files\": [");
    for (size_t i = 0; i < n; i++) {
        const char *sha;
        const char *path = pz_scenario_data_file(sc, i, &sha);
        fprintf(f, "%s\n    {\"path\": ", i ? "," : "");
        pz__json_string(f, path);
        fprintf(f, ", \"sha256\": ");
        pz__json_string(f, sha);
        fputc('}', f);
    }
    fprintf(f, "%s]", n ? "\n  " : "");
}

void pz__manifest_parameters(FILE *f, const pz_scenario *sc)
{
    char buf[64];
    fprintf(f, "\"parameters\": {");
    for (int i = 0; i < PZ_P_COUNT; i++) {
        const pz_param_info *p = pz_param_info_get((pz_param_id)i);
        fprintf(f, "%s\n    ", i ? "," : "");
        pz__json_string(f, p->name);
        fputs(": ", f);
        pz_param_format((pz_param_id)i, pz_scenario_param(sc, (pz_param_id)i),
                        buf, sizeof buf);
        if (p->type == PZ_PARAM_ENUM || p->type == PZ_PARAM_DATE)
            pz__json_string(f, buf);
        else
            fputs(buf, f);
    }
    fprintf(f, "\n  }");
}
