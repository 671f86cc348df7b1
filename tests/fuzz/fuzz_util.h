/*
 * fuzz_util.h - what the libFuzzer targets share: a private temporary
 * directory (removed at exit) and whole-file writes, for the parsers that
 * read files (the data loaders, the checkpoint reader).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_FUZZ_UTIL_H
#define PLAZA_FUZZ_UTIL_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char fz_dir[256];

static int fz_unlink(const char *path, const struct stat *sb, int flag,
                     struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void fz_cleanup(void)
{
    if (fz_dir[0])
        nftw(fz_dir, fz_unlink, 16, FTW_DEPTH | FTW_PHYS);
}

/* Creates the temporary directory (in /dev/shm when there is one: the
 * targets write a file per input) and returns its path. */
static const char *fz_tmpdir(void)
{
    if (fz_dir[0])
        return fz_dir;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fz_dir, sizeof fz_dir, "%s/plaza-fuzz-XXXXXX", base);
    if (!mkdtemp(fz_dir)) {
        perror("mkdtemp");
        abort();
    }
    atexit(fz_cleanup);
    return fz_dir;
}

/* Writes len bytes to path, replacing it; aborts on failure (a broken
 * harness, not a finding). */
static void fz_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

/* A NUL-terminated copy of the input (the parsers of strings). */
static char *fz_string(const unsigned char *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif /* PLAZA_FUZZ_UTIL_H */
