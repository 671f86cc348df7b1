/*
 * sha256.c - SHA-256 digests for the manifest (scenario and data files),
 * computed with Nettle's sha256 (Debian's nettle-dev).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "base/internal.h"
#include "base/limits.h"

static void to_hex(const uint8_t *d, char out[65])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[64] = '\0';
}

void pz__sha256_hex(const void *data, size_t len, char out[65])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof digest, digest);
    to_hex(digest, out);
}

pz_status pz__sha256_file(const char *path, char out[65], pz_error *err)
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    uint8_t buf[65536];
    size_t size;
    ssize_t n;
    int fd = pz__open_regular(path, PZ__LIMIT_CSV, "data file", &size, err);
    if (fd < 0)
        return err ? err->status : PZ_ERR_INPUT;
    sha256_init(&ctx);
    while ((n = read(fd, buf, sizeof buf)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            return pz__fail(err, PZ_ERR_INPUT, "cannot read data file '%s': %s",
                            path, strerror(e));
        }
        sha256_update(&ctx, (size_t)n, buf);
    }
    close(fd);
    sha256_digest(&ctx, sizeof digest, digest);
    to_hex(digest, out);
    return PZ_OK;
}
