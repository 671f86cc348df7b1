/*
 * status.c - status codes and error messages.
 *
 * One status type for the whole library; pz_strerror() gives its short
 * text, and pz__fail() fills a caller's pz_error with the detailed message
 * ("file:line:col: key: what is wrong, got 'value'").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdarg.h>
#include <stdio.h>

#include "base/internal.h"
#include "plaza/plaza.h"

const char *pz_strerror(pz_status status)
{
    switch (status) {
    case PZ_OK:
        return "success";
    case PZ_ERR_INPUT:
        return "bad input";
    case PZ_ERR_NOMEM:
        return "out of memory";
    case PZ_ERR_IO:
        return "input/output error";
    case PZ_ERR_INTERNAL:
        return "internal error";
    }
    return "unknown status";
}

const char *pz_version(void)
{
    return PZ_VERSION;
}

pz_status pz__fail(pz_error *err, pz_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

void pz__error_clear(pz_error *err)
{
    if (err) {
        err->status = PZ_OK;
        err->msg[0] = '\0';
    }
}
