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
 * library keeps no global state but the allocator of pz_set_allocator().
 *
 * One exception concerns GSL, which plaza uses for quantiles, the
 * calibration's simplex and Sobol sequences: GSL's default error handler
 * calls abort().  The first time plaza reaches GSL (once per process,
 * thread-safely) it replaces that default with "off" (GSL functions then
 * return error codes, which plaza checks).  A handler the program set with
 * gsl_set_error_handler() before that is kept; a program that wants GSL's
 * aborting default back may set it after its calls into plaza.
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

/* Numbers as users write them.  pz_parse_real accepts plain decimal only
 * ("-1.5", "2e-3", "1e-320"): no hex floats, no inf or nan, no blanks, and
 * refuses a value too large for a double.  pz_parse_uint accepts digits
 * only and a value at most max.  Every number plaza reads from a user
 * (scenario values, data tables, --set, options, checkpoints) goes through
 * one of them. */
pz_status pz_parse_real(const char *text, double *value, pz_error *err);
pz_status pz_parse_uint(const char *text, unsigned long long max,
                        unsigned long long *value, pz_error *err);

/* Returns the library's version string (equal to PZ_VERSION). */
const char *pz_version(void);

/* The allocation hook, in the manner of Lua's lua_Alloc: one function
 * through which the library allocates, resizes and frees its memory.
 * alloc(ud, ptr, size) must behave as
 *   ptr == NULL, size > 0:  malloc(size);
 *   ptr != NULL, size > 0:  realloc(ptr, size) (on failure: NULL, and
 *                           ptr stays valid and unchanged);
 *   ptr != NULL, size == 0: free(ptr) (the result is ignored);
 * returning memory aligned for any object (as malloc's), or NULL when it
 * cannot.  The library never calls it with ptr == NULL and size == 0.
 * Unlike lua_Alloc it is not given a block's old size: the library does
 * not keep sizes; an allocator that needs them keeps them itself (e.g. in
 * a header before the block).  A failed allocation makes the function
 * that needed it return PZ_ERR_NOMEM, with nothing leaked.
 *
 * pz_set_allocator(NULL, NULL) restores the default (the C library's
 * malloc, realloc and free).  The allocator is global to the process: set
 * it from one thread, before the library allocates anything or when none
 * of its objects is alive (a block is freed by the allocator in force when
 * it is freed).  alloc must be safe to call from several threads at
 * once: ensembles, sweeps and fits allocate on their worker threads.
 *
 * What the hook does not cover: the memory of the libraries plaza calls
 * (libyaml while reading a scenario, SQLite, GSL's samplers and
 * estimators), the C library's own (stdio buffers, threads), and, until
 * they are converted to it, the model (src/model), experiments (src/exp),
 * report and command line. */
typedef void *(*pz_alloc_fn)(void *ud, void *ptr, size_t size);

/* Installs alloc with its user data ud (NULL alloc: the default). */
void pz_set_allocator(pz_alloc_fn alloc, void *ud);

/* The allocator in force and its user data (*alloc NULL: the default);
 * either pointer may be NULL.  For wrapping it, e.g. to count. */
void pz_get_allocator(pz_alloc_fn *alloc, void **ud);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_PLAZA_H */
