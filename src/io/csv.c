/*
 * csv.c - a strict CSV reader for plaza's data files.  The file is read
 * whole (data files are small) and fields are unescaped in place.  Anything
 * unexpected is an error naming the file and line: an unterminated quote, a
 * character after a closing quote, a record with the wrong number of
 * fields (a truncated file shows up as one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/internal.h"
#include "base/limits.h"
#include "io/csv.h"

static int push_field(pz__csv *c, char *f)
{
    if (c->nfield == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        char **p = pz__realloc(c->field, cap * sizeof *p);
        if (!p)
            return -1;
        c->field = p;
        c->cap = cap;
    }
    c->field[c->nfield++] = f;
    return 0;
}

/* Reads one record starting at c->pos; 1 record, 0 end, <0 error. */
static int read_record(pz__csv *c, pz_error *err)
{
    c->nfield = 0;
    /* skip blank lines */
    while (c->pos < c->len &&
           (c->buf[c->pos] == '\n' || c->buf[c->pos] == '\r')) {
        if (c->buf[c->pos] == '\n')
            c->line++;
        c->pos++;
    }
    if (c->pos >= c->len)
        return 0;
    c->rec_line = c->line;
    for (;;) {
        char *start = c->buf + c->pos;
        char *w = start;
        if (c->pos < c->len && c->buf[c->pos] == '"') {
            long qline = c->line;
            c->pos++;
            for (;;) {
                if (c->pos >= c->len)
                    return pz__fail(err, PZ_ERR_INPUT,
                                    "%s:%ld: unterminated quoted field "
                                    "(the file may be truncated)",
                                    c->path, qline);
                char ch = c->buf[c->pos++];
                if (ch == '"') {
                    if (c->pos < c->len && c->buf[c->pos] == '"') {
                        *w++ = '"';
                        c->pos++;
                        continue;
                    }
                    break;
                }
                if (ch == '\n')
                    c->line++;
                *w++ = ch;
            }
            if (c->pos < c->len && !strchr(",\r\n", c->buf[c->pos])) {
                if (qline != c->line)
                    return pz__fail(err, PZ_ERR_INPUT,
                                    "%s:%ld: a quoted field opened here runs "
                                    "to line %ld and is followed by '%c' "
                                    "(a stray quote?)",
                                    c->path, qline, c->line, c->buf[c->pos]);
                return pz__fail(err, PZ_ERR_INPUT,
                                "%s:%ld: unexpected character '%c' after a "
                                "closing quote",
                                c->path, c->line, c->buf[c->pos]);
            }
        } else {
            while (c->pos < c->len && !strchr(",\r\n", c->buf[c->pos])) {
                if (c->buf[c->pos] == '"')
                    return pz__fail(err, PZ_ERR_INPUT,
                                    "%s:%ld: quote inside an unquoted field",
                                    c->path, c->line);
                *w++ = c->buf[c->pos++];
            }
        }
        char sep = c->pos < c->len ? c->buf[c->pos] : '\n';
        *w = '\0'; /* safe: w never passes the separator's position */
        if (push_field(c, start) != 0)
            return pz__fail(err, PZ_ERR_NOMEM, "out of memory reading %s",
                            c->path);
        if (c->pos < c->len)
            c->pos++;
        if (sep == ',')
            continue;
        if (sep == '\r' && c->pos < c->len && c->buf[c->pos] == '\n')
            c->pos++;
        c->line++;
        return 1;
    }
}

pz_status pz__csv_open(pz__csv *c, const char *path, pz_error *err)
{
    memset(c, 0, sizeof *c);
    c->path = path;
    c->line = 1;
    /* the bounded reader: a regular file of at most PZ__LIMIT_CSV bytes */
    pz_status st =
        pz__read_file(path, PZ__LIMIT_CSV, "CSV file", &c->buf, &c->len, err);
    if (st != PZ_OK)
        return st;
    if (c->len >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
        c->pos = 3;
    int r = read_record(c, err);
    if (r <= 0) {
        pz__csv_close(c);
        return r < 0 ? (pz_status)r
                     : pz__fail(err, PZ_ERR_INPUT,
                                "%s: empty file (expected a header row)", path);
    }
    c->ncol = c->nfield;
    c->header = pz__malloc(c->ncol * sizeof *c->header);
    if (!c->header) {
        pz__csv_close(c);
        return pz__fail(err, PZ_ERR_NOMEM, "out of memory");
    }
    memcpy(c->header, c->field, c->ncol * sizeof *c->header);
    return PZ_OK;
}

int pz__csv_next(pz__csv *c, pz_error *err)
{
    int r = read_record(c, err);
    if (r == 1 && c->nfield != c->ncol)
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s:%ld: expected %zu fields as in the header, got "
                        "%zu (the file may be truncated or malformed)",
                        c->path, c->rec_line, c->ncol, c->nfield);
    return r;
}

int pz__csv_column(const pz__csv *c, const char *name, pz_error *err)
{
    for (size_t i = 0; i < c->ncol; i++)
        if (strcmp(c->header[i], name) == 0)
            return (int)i;
    pz__fail(err, PZ_ERR_INPUT, "%s:1: missing column '%s' in the header",
             c->path, name);
    return -1;
}

pz_status pz__csv_number(const pz__csv *c, int col, double min, double max,
                         double *out, pz_error *err)
{
    const char *s = c->field[col];
    double v;
    if (pz_parse_real(s, &v, NULL) != PZ_OK)
        return pz__fail(err, PZ_ERR_INPUT,
                        "%s:%ld: column '%s': expected a number, got '%s'",
                        c->path, c->rec_line, c->header[col], s);
    if (v < min || v > max)
        return pz__fail(
            err, PZ_ERR_INPUT,
            "%s:%ld: column '%s': must be in [%.10g, %.10g], got '%s'", c->path,
            c->rec_line, c->header[col], min, max, s);
    *out = v;
    return PZ_OK;
}

void pz__csv_close(pz__csv *c)
{
    pz__free(c->buf);
    pz__free(c->field);
    pz__free(c->header);
    c->buf = NULL;
    c->field = NULL;
    c->header = NULL;
}
