/*
 * number.c - the one parser of numbers written by users (plaza/plaza.h):
 * scenario values, CSV fields, --set, --param and the command's options.
 *
 * A real is plain decimal: an optional sign, digits with an optional
 * decimal point (at least one digit), an optional exponent.  strtod alone
 * would also take hex floats ("0x1p-3"), "inf", "nan" and leading blanks;
 * here those are refused before it is called.  A result that underflows to
 * a subnormal (1e-320) or to zero is a number; one that overflows is not.
 * An unsigned integer is digits only: no sign, no blanks, no exponent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "base/internal.h"

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of the decimal number at s, or 0 if s is not one in full. */
static size_t decimal_syntax(const char *s)
{
    size_t i = 0, digits = 0;
    if (s[i] == '+' || s[i] == '-')
        i++;
    for (; digit(s[i]); i++)
        digits++;
    if (s[i] == '.')
        for (i++; digit(s[i]); i++)
            digits++;
    if (digits == 0)
        return 0;
    if (s[i] == 'e' || s[i] == 'E') {
        size_t e = i + 1, ed = 0;
        if (s[e] == '+' || s[e] == '-')
            e++;
        for (; digit(s[e]); e++)
            ed++;
        if (ed == 0)
            return 0;
        i = e;
    }
    return s[i] == '\0' ? i : 0;
}

pz_status pz_parse_real(const char *text, double *value, pz_error *err)
{
    if (!text || decimal_syntax(text) == 0)
        return pz__fail(err, PZ_ERR_INPUT, "must be a decimal number, got '%s'",
                        text ? text : "");
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    /* ERANGE on underflow (a subnormal or zero) is fine; on overflow the
     * result is infinite */
    if (*end != '\0' || !isfinite(v))
        return pz__fail(err, PZ_ERR_INPUT,
                        "must be a finite number, got '%s' (too large)", text);
    *value = v;
    return PZ_OK;
}

pz_status pz_parse_uint(const char *text, unsigned long long max,
                        unsigned long long *value, pz_error *err)
{
    unsigned long long v = 0;
    size_t i = 0;
    if (!text || !digit(text[0]))
        goto bad;
    for (; digit(text[i]); i++) {
        unsigned d = (unsigned)(text[i] - '0');
        if (v > (max - d) / 10)
            return pz__fail(err, PZ_ERR_INPUT,
                            "must be an integer in [0, %llu], got '%s'", max,
                            text);
        v = v * 10 + d;
    }
    if (text[i] != '\0')
        goto bad;
    *value = v;
    return PZ_OK;
bad:
    return pz__fail(err, PZ_ERR_INPUT,
                    "must be a whole number (digits only), got '%s'",
                    text ? text : "");
}
