/*
 * csv.h - a strict reader of CSV data files (RFC 4180: quoted fields with
 * doubled quotes, CRLF or LF line ends, an optional UTF-8 byte-order mark).
 * Every record carries the line it starts on, so errors can name it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_IO_CSV_H
#define PLAZA_IO_CSV_H

#include <stddef.h>

#include "plaza/plaza.h"

typedef struct pz__csv {
    const char *path;
    char *buf; /* the whole file, unescaped in place */
    size_t len, pos;
    long line;     /* line of the next character */
    long rec_line; /* line on which the current record starts */
    char **field;  /* fields of the current record */
    size_t nfield, cap;
    size_t ncol; /* fields in the header */
    char **header;
} pz__csv;

/* Opens path and reads its header row.  On failure (missing, unreadable or
 * empty file) fills err with PZ_ERR_INPUT and returns it. */
pz_status pz__csv_open(pz__csv *c, const char *path, pz_error *err);

/* Reads the next record into c->field.  Returns 1 for a record, 0 at the
 * end, or a negative pz_status (err filled) on a malformed record, among
 * them a record whose field count differs from the header's. */
int pz__csv_next(pz__csv *c, pz_error *err);

/* Index of the header column called name; on absence fills err and
 * returns -1. */
int pz__csv_column(const pz__csv *c, const char *name, pz_error *err);

/* Parses field col of the current record as a finite number in
 * [min, max]; on failure fills err naming file, line, column and value. */
pz_status pz__csv_number(const pz__csv *c, int col, double min, double max,
                         double *out, pz_error *err);

void pz__csv_close(pz__csv *c);

#endif /* PLAZA_IO_CSV_H */
