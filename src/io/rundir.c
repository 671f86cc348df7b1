/*
 * rundir.c - atomic run directories and the manifest's common parts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic.h"
#include "base/internal.h"
#include "io/rundir.h"
#include "plaza/params.h"

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

/* Removes hidden temporaries ".NAME.tmp-PID" left in dir by runs that
 * were killed (their PID no longer exists). */
static void remove_stale(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        const char *tag = strstr(e->d_name, ".tmp-");
        char *end;
        if (e->d_name[0] != '.' || !tag)
            continue;
        long pid = strtol(tag + 5, &end, 10);
        if (*end != '\0' || pid <= 0 || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* another live run: leave it alone */
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *path = pz__malloc(n);
        if (path) {
            snprintf(path, n, "%s/%s", dir, e->d_name);
            remove(path);
            pz__free(path);
        }
    }
    closedir(d);
}

pz_status pz__rundir_open(pz__rundir *rd, const char *dir, pz_error *err)
{
    memset(rd, 0, sizeof *rd);
    if (!*dir)
        return pz__fail(err, PZ_ERR_INPUT, "--out: empty directory name");
    if (!(rd->dir = pz__strdup(dir)))
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    if (mkdirs(rd->dir) != 0) {
        pz_status st =
            pz__fail(err, PZ_ERR_IO, "cannot create output directory '%s': %s",
                     dir, strerror(errno));
        pz__free(rd->dir);
        rd->dir = NULL;
        return st;
    }
    remove_stale(rd->dir);
    return PZ_OK;
}

pz_status pz__rundir_table(pz__rundir *rd, const char *name, FILE **f,
                           pz_error *err)
{
    if (rd->n == PZ__RUNDIR_MAX)
        return pz__fail(err, PZ_ERR_INTERNAL, "too many tables");
    size_t n = strlen(rd->dir) + strlen(name) + 2;
    char *path = pz__malloc(n);
    if (!path)
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    snprintf(path, n, "%s/%s", rd->dir, name);
    pz_status st = pz__atomic_open(&rd->t[rd->n], path, err);
    pz__free(path);
    if (st != PZ_OK)
        return st;
    *f = rd->t[rd->n++].f;
    return PZ_OK;
}

void pz__rundir_abort(pz__rundir *rd)
{
    for (size_t i = 0; i < rd->n; i++)
        pz__atomic_abort(&rd->t[i]);
    pz__free(rd->dir);
    memset(rd, 0, sizeof *rd);
}

pz_status pz__rundir_commit(pz__rundir *rd, pz_error *err)
{
    pz_status st = PZ_OK;
    /* every table on disk before any is renamed */
    for (size_t i = 0; st == PZ_OK && i < rd->n; i++)
        st = pz__atomic_close(&rd->t[i], err);
    for (size_t i = 0; st == PZ_OK && i < rd->n; i++)
        st = pz__atomic_commit(&rd->t[i], err);
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
