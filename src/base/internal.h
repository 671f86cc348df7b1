/*
 * internal.h - helpers shared inside libplaza (pz__ names); not installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_CORE_INTERNAL_H
#define PLAZA_CORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/alloc.h" /* pz__malloc ... pz__free, pz__strdup */
#include "plaza/plaza.h"

#if defined(__GNUC__)
#define PZ__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PZ__PRINTF(f, a)
#endif

/* Fills err (if not NULL) with status and a formatted message; returns
 * status, so that callers can write `return pz__fail(err, ...)`. */
pz_status pz__fail(pz_error *err, pz_status status, const char *fmt, ...)
    PZ__PRINTF(3, 4);
void pz__error_clear(pz_error *err);

/* SHA-256 of len bytes as 64 lower-case hex digits plus NUL. */
void pz__sha256_hex(const void *data, size_t len, char out[65]);
/* SHA-256 of a data file (a regular file of at most PZ__LIMIT_CSV bytes,
 * as pz__open_regular); PZ_ERR_INPUT naming the file if it cannot be
 * read. */
pz_status pz__sha256_file(const char *path, char out[65], pz_error *err);

/* The bounded reader of every input file (base/limits.h): opens path
 * without waiting (O_NONBLOCK), refuses anything but a regular file (a
 * FIFO, a device, a directory) and a file over limit bytes, before reading
 * a byte.  Returns the open descriptor and its size, or -1 with err filled
 * (PZ_ERR_INPUT, naming what, the kind of file, e.g. "scenario"). */
int pz__open_regular(const char *path, size_t limit, const char *what,
                     size_t *size, pz_error *err);
/* Reads the whole of a regular file of at most limit bytes (as
 * pz__open_regular) into a new NUL-terminated *buf (the caller frees it
 * with pz__free) of *len bytes. */
pz_status pz__read_file(const char *path, size_t limit, const char *what,
                        char **buf, size_t *len, pz_error *err);

#endif /* PLAZA_CORE_INTERNAL_H */
