/*
 * datadir.c - where plaza finds its data directory when it is given none
 * (pz_data_dir_default, plaza/scenario.h; the order in data/README.md).
 *
 * The build defines three paths: PLAZA_SOURCE_DATA_DIR, the source tree's
 * data/; PLAZA_INSTALL_DATA_DIR, share/plaza/data under the configured
 * prefix; PLAZA_BIN_TO_DATA, that directory relative to the installed
 * bin/ ("" when the install directories are absolute), so that an install
 * made with `cmake --install --prefix ANYWHERE` finds its own data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plaza/scenario.h"

#ifndef PLAZA_SOURCE_DATA_DIR
#define PLAZA_SOURCE_DATA_DIR ""
#endif
#ifndef PLAZA_INSTALL_DATA_DIR
#define PLAZA_INSTALL_DATA_DIR ""
#endif
#ifndef PLAZA_BIN_TO_DATA
#define PLAZA_BIN_TO_DATA ""
#endif

static int is_dir(const char *path)
{
    struct stat sb;
    return *path && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* BIN/../share/plaza/data beside the running program, resolved once
 * (empty when the program's path is unknown or the directory absent). */
static char beside[PATH_MAX];
static pthread_once_t beside_once = PTHREAD_ONCE_INIT;

static void find_beside(void)
{
    char exe[PATH_MAX], path[2 * PATH_MAX];
    if (!*PLAZA_BIN_TO_DATA)
        return;
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return;
    *slash = '\0';
    snprintf(path, sizeof path, "%s/%s", exe, PLAZA_BIN_TO_DATA);
    /* realpath into a buffer: no allocation, and "bin/.." resolved so that
     * manifests name the directory plainly */
    if (!is_dir(path) || !realpath(path, beside))
        beside[0] = '\0';
}

const char *pz_data_dir_default(void)
{
    const char *env = getenv("PLAZA_DATA");
    if (env && *env)
        return env;
    pthread_once(&beside_once, find_beside);
    if (*beside && is_dir(beside))
        return beside;
    if (is_dir(PLAZA_SOURCE_DATA_DIR))
        return PLAZA_SOURCE_DATA_DIR;
    if (is_dir(PLAZA_INSTALL_DATA_DIR))
        return PLAZA_INSTALL_DATA_DIR;
    return NULL;
}
