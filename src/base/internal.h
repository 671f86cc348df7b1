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
/* SHA-256 of a file; returns 0, or -1 if it cannot be read. */
int pz__sha256_file(const char *path, char out[65]);

/* Reads a whole file into a new NUL-terminated buffer (the caller frees
 * it with pz__free) and sets *len; NULL when it cannot be read (errno
 * says why: ENOMEM when out of memory). */
char *pz__read_file(const char *path, size_t *len);

#endif /* PLAZA_CORE_INTERNAL_H */
