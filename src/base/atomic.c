/*
 * atomic.c - files written to a temporary and renamed (base/atomic.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/atomic.h"
#include "base/internal.h"

pz_status pz__atomic_open(pz__atomic *a, const char *path, pz_error *err)
{
    memset(a, 0, sizeof *a);
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    size_t n = strlen(path) + 48;
    if (!*path || (slash && !slash[1]))
        return pz__fail(err, PZ_ERR_INPUT, "'%s': not a file name", path);
    a->tmp = pz__malloc(n);
    a->final = pz__strdup(path);
    if (!a->tmp || !a->final) {
        pz__atomic_abort(a);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    /* DIR/ then .NAME.tmp-PID */
    snprintf(a->tmp, n, "%.*s.%s.tmp-%ld", (int)dirlen, path, path + dirlen,
             (long)getpid());
    if (!(a->f = fopen(a->tmp, "wb"))) {
        pz_status st = pz__fail(err, PZ_ERR_IO, "cannot write '%s': %s", a->tmp,
                                strerror(errno));
        pz__free(a->tmp);
        a->tmp = NULL; /* nothing was created */
        pz__atomic_abort(a);
        return st;
    }
    setvbuf(a->f, NULL, _IOFBF, 1 << 16);
    return PZ_OK;
}

pz_status pz__atomic_close(pz__atomic *a, pz_error *err)
{
    if (!a->f)
        return PZ_OK;
    FILE *f = a->f;
    a->f = NULL;
    /* the first error's errno: a failed flush says why (full disk, say);
     * an error flag from an earlier write without one is EIO */
    int e = fflush(f) != 0 ? errno : ferror(f) ? EIO : 0;
    /* EINVAL: a file that cannot be synced (not a regular file) */
    if (!e && fsync(fileno(f)) != 0 && errno != EINVAL)
        e = errno;
    if (fclose(f) != 0 && !e)
        e = errno;
    if (!e)
        return PZ_OK;
    pz_status st = pz__fail(err, PZ_ERR_IO, "cannot write '%s': %s", a->final,
                            strerror(e));
    pz__atomic_abort(a);
    return st;
}

pz_status pz__atomic_commit(pz__atomic *a, pz_error *err)
{
    pz_status st = pz__atomic_close(a, err);
    if (st != PZ_OK)
        return st;
    if (!a->tmp)
        return pz__fail(err, PZ_ERR_INTERNAL, "nothing to rename");
    /* the directory to sync, before the rename: out of memory then leaves
     * nothing renamed (test_alloc_commands), not a directory unsynced */
    const char *slash = strrchr(a->final, '/');
    char *dir = slash ? pz__strdup(a->final) : NULL;
    if (slash && !dir) {
        pz__atomic_abort(a);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    if (rename(a->tmp, a->final) != 0) {
        st = pz__fail(err, PZ_ERR_IO, "cannot rename '%s' to '%s': %s", a->tmp,
                      a->final, strerror(errno));
        pz__free(dir);
        pz__atomic_abort(a);
        return st;
    }
    pz__free(a->tmp);
    a->tmp = NULL; /* renamed: nothing to remove */
    /* the rename on disk too: sync the directory */
    if (dir)
        dir[slash == a->final ? 1 : slash - a->final] = '\0';
    int fd = open(dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int e = fd < 0 || (fsync(fd) != 0 && errno != EINVAL) ? errno : 0;
    if (fd >= 0)
        close(fd);
    if (e)
        st = pz__fail(err, PZ_ERR_IO, "cannot sync the directory of '%s': %s",
                      a->final, strerror(e));
    pz__free(dir);
    pz__atomic_abort(a);
    return st;
}

void pz__atomic_abort(pz__atomic *a)
{
    if (a->f)
        fclose(a->f);
    if (a->tmp)
        remove(a->tmp);
    pz__free(a->tmp);
    pz__free(a->final);
    memset(a, 0, sizeof *a);
}
