/*
 * csvjson.c - CSV and JSON values (base/csvjson.h).
 *
 * The short form is made by a small fixed-point formatter rather than
 * printf("%g"): integers as integers, other values rounded to six
 * decimals with trailing zeros dropped.  It writes the run tables (the
 * groups table has a row per group and week) several times faster than
 * printf.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "base/csvjson.h"

/* |v| < 1e12: its digits, rounded to six decimals, trailing zeros
 * dropped. */
static size_t fmt_short(char *buf, double v)
{
    char tmp[32];
    size_t n = 0, len = 0;
    unsigned long long ip, fp; /* whole part, millionths */
    if (v < 0) {
        buf[len++] = '-';
        v = -v;
    }
    if (v < 1e9) {
        /* v 1e6 is below 1e15, within an eighth of its integer part:
         * one rounding gives both parts */
        unsigned long long scaled = (unsigned long long)llround(v * 1e6);
        ip = scaled / 1000000ULL;
        fp = scaled % 1000000ULL;
    } else {
        /* v 1e6 would lose the last decimals: round the fraction alone
         * (v - floor(v) is exact) */
        double whole = floor(v);
        ip = (unsigned long long)whole;
        fp = (unsigned long long)llround((v - whole) * 1e6);
        if (fp == 1000000ULL) {
            ip++;
            fp = 0;
        }
    }
    do {
        tmp[n++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    while (n)
        buf[len++] = tmp[--n];
    if (fp) {
        int digits = 6;
        while (fp % 10 == 0) {
            fp /= 10;
            digits--;
        }
        buf[len++] = '.';
        for (int d = digits - 1; d >= 0; d--) {
            buf[len + (size_t)d] = (char)('0' + fp % 10);
            fp /= 10;
        }
        len += (size_t)digits;
    }
    buf[len] = '\0';
    return len;
}

size_t pz__num_format(char *buf, double v, pz__numstyle style)
{
    if (!isfinite(v)) {
        memcpy(buf, "NA", 3);
        return 2;
    }
    if (fabs(v) >= 1e12)
        return (size_t)snprintf(buf, PZ__NUM_MAX, "%.6e", v);
    if (style == PZ__NUM_SHORT)
        return fmt_short(buf, v);
    return (size_t)snprintf(buf, PZ__NUM_MAX, v == floor(v) ? "%.0f" : "%.6f",
                            v);
}

void pz__csv_num(FILE *f, double v, pz__numstyle style)
{
    char buf[PZ__NUM_MAX];
    fwrite(buf, 1, pz__num_format(buf, v, style), f);
}

void pz__csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void pz__json_num(FILE *f, double v)
{
    char buf[PZ__NUM_MAX];
    if (isfinite(v))
        fwrite(buf, 1, pz__num_format(buf, v, PZ__NUM_SHORT), f);
    else
        fputs("null", f);
}

/* The one JSON string escaper: ", \\ and control characters as JSON
 * requires, and the line separators U+2028 and U+2029 (which end a line
 * of older JavaScript).  With `html`, also <, >, & and / as \u003c,
 * \u003e, \u0026 and \u002f, so that the string can be put inside an
 * HTML <script> element: no value can close it (</script>) or open a
 * comment (<!--).  The files plaza writes (manifests) keep those
 * characters as they are, readable (the source "<embedded>/mexico.yaml");
 * the report writes every string with `html`. */
static void json_escape(FILE *f, const char *s, int html)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '<':
        case '>':
        case '&':
        case '/':
            if (html)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
            break;
        case 0xe2: /* U+2028, U+2029: E2 80 A8, E2 80 A9 */
            if (p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
                fprintf(f, "\\u%04x", p[2] == 0xa8 ? 0x2028 : 0x2029);
                p += 2;
                break;
            }
            fputc(*p, f);
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

void pz__json_string(FILE *f, const char *s)
{
    json_escape(f, s, 0);
}

void pz__json_string_html(FILE *f, const char *s)
{
    json_escape(f, s, 1);
}
