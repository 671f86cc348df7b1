/*
 * readfile.c - the bounded reader of every input file (base/internal.h,
 * base/limits.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/internal.h"

int pz__open_regular(const char *path, size_t limit, const char *what,
                     size_t *size, pz_error *err)
{
    /* O_NONBLOCK: opening a FIFO without a writer must not wait */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat sb;
    if (fd < 0) {
        pz__fail(err, PZ_ERR_INPUT, "cannot open %s '%s': %s", what, path,
                 strerror(errno));
        return -1;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        int e = errno;
        pz__fail(err, PZ_ERR_INPUT, "cannot read %s '%s': %s", what, path,
                 S_ISDIR(sb.st_mode)    ? "a directory, not a regular file"
                 : S_ISFIFO(sb.st_mode) ? "a FIFO, not a regular file"
                 : S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode)
                     ? "a device, not a regular file"
                     : strerror(e));
        close(fd);
        return -1;
    }
    if ((unsigned long long)sb.st_size > limit) {
        pz__fail(err, PZ_ERR_INPUT,
                 "cannot read %s '%s': %lld bytes, more than the limit of "
                 "%zu bytes "
                 "(docs/SCENARIOS.md, Limits)",
                 what, path, (long long)sb.st_size, limit);
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    *size = (size_t)sb.st_size;
    return fd;
}

pz_status pz__read_file(const char *path, size_t limit, const char *what,
                        char **buf, size_t *len, pz_error *err)
{
    size_t size, n = 0;
    *buf = NULL;
    *len = 0;
    int fd = pz__open_regular(path, limit, what, &size, err);
    if (fd < 0)
        return err ? err->status : PZ_ERR_INPUT;
    /* one byte more than the size, to see a file that grew */
    char *b = pz__malloc(size + 2);
    if (!b) {
        close(fd);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory reading %s '%s'",
                        what, path);
    }
    for (;;) {
        ssize_t got = read(fd, b + n, size + 1 - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            close(fd);
            pz__free(b);
            return pz__fail(err, PZ_ERR_INPUT, "cannot read %s '%s': %s", what,
                            path, strerror(e));
        }
        n += (size_t)got;
        if (got == 0 || n > size)
            break;
    }
    close(fd);
    if (n > size) {
        pz__free(b);
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s '%s' grew while it was read; read it again", what,
                        path);
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return PZ_OK;
}
