/*
 * alloc.c - the allocation hook (pz_set_allocator) and the library's
 * allocation functions that go through it.
 *
 * Without a hook each function calls its C library namesake directly, so
 * the default costs one test of a pointer.  With one, pz__calloc is an
 * allocation and a memset, and every failure sets errno to ENOMEM (as the
 * C library's do), since some callers report errno.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "plaza/plaza.h"

/* The hook in force (NULL: the C library) and its user data. */
static pz_alloc_fn hook;
static void *hook_ud;

void pz_set_allocator(pz_alloc_fn alloc, void *ud)
{
    hook = alloc;
    hook_ud = alloc ? ud : NULL;
}

void pz_get_allocator(pz_alloc_fn *alloc, void **ud)
{
    if (alloc)
        *alloc = hook;
    if (ud)
        *ud = hook_ud;
}

/* Calls the hook for a new block or a resize (size > 0). */
static void *call_hook(void *ptr, size_t size)
{
    void *p = hook(hook_ud, ptr, size);
    if (!p)
        errno = ENOMEM;
    return p;
}

void *pz__malloc(size_t size)
{
    if (size == 0)
        size = 1;
    return hook ? call_hook(NULL, size) : malloc(size);
}

void *pz__calloc(size_t n, size_t size)
{
    if (n == 0 || size == 0)
        n = size = 1;
    if (n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    if (!hook)
        return calloc(n, size);
    void *p = call_hook(NULL, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *pz__realloc(void *ptr, size_t size)
{
    if (!ptr)
        return pz__malloc(size);
    if (size == 0)
        size = 1;
    return hook ? call_hook(ptr, size) : realloc(ptr, size);
}

void pz__free(void *ptr)
{
    if (!ptr)
        return;
    if (hook)
        (void)hook(hook_ud, ptr, 0);
    else
        free(ptr);
}

char *pz__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = pz__malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}
