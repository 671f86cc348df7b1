/*
 * alloc.h - the library's allocation functions (pz__ names; not
 * installed).  Every allocation of libplaza goes through these, and so
 * through the hook of pz_set_allocator() (plaza/plaza.h) when one is set,
 * so that a test can fail the Nth allocation.  They behave as the C
 * library's functions of the same names, with two differences: a size of
 * zero is taken as one (so a NULL result always means out of memory), and
 * pz__calloc refuses a count times size that overflows.  Memory from them
 * is freed with pz__free, never free().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_BASE_ALLOC_H
#define PLAZA_BASE_ALLOC_H

#include <stddef.h>

void *pz__malloc(size_t size);
void *pz__calloc(size_t n, size_t size);
/* As realloc: on failure returns NULL and leaves ptr as it was. */
void *pz__realloc(void *ptr, size_t size);
void pz__free(void *ptr);

/* Duplicates a string; NULL when out of memory. */
char *pz__strdup(const char *s);

#endif /* PLAZA_BASE_ALLOC_H */
