/*
 * plaza.h - the public face of libplaza, a simulator of organized crime,
 * corruption and law enforcement with Mexico as its case.
 *
 * This header declares what every other public header shares: the version,
 * the one status type returned by every fallible function, and the error
 * record that carries a detailed, human-readable message alongside it.
 *
 * Conventions of every header in include/plaza/: public names start with
 * pz_, every fallible function returns a pz_status (PZ_OK on success), and
 * callers own every object they create with a create or load function
 * until they hand it to the matching free or destroy function.  The
 * library keeps no global state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_PLAZA_H
#define PLAZA_PLAZA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PZ_VERSION "0.1.0"

/* Status codes.  Zero is success; every failure is negative. */
typedef enum pz_status {
    PZ_OK = 0,
    PZ_ERR_INPUT = -1,   /* bad scenario, data file, option or value */
    PZ_ERR_NOMEM = -2,   /* an allocation failed */
    PZ_ERR_IO = -3,      /* an output could not be written */
    PZ_ERR_INTERNAL = -4 /* a broken invariant: a bug in plaza */
} pz_status;

/* Returns a short, static, lower-case description of a status code. */
const char *pz_strerror(pz_status status);

/* A detailed error message, filled by the function that failed.  Messages
 * name the file, line and column, the key and the offending value where
 * they exist, e.g.
 *   "scenarios/x.yaml:41:12: parameters.recruitment_rate: must be in
 *    [0, 1], got '1.7'".
 * Functions accept a NULL pz_error when the caller does not want details. */
typedef struct pz_error {
    pz_status status;
    char msg[1024];
} pz_error;

/* Returns the library's version string (equal to PZ_VERSION). */
const char *pz_version(void);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_PLAZA_H */
