/*
 * csvjson.h - writing values into CSV tables and JSON: text fields and
 * strings escaped, and numbers in one of two fixed forms with one
 * convention for missing values (docs/OUTPUTS.md, "Conventions of the
 * tables").
 *
 * Numbers: a value that is NaN (missing) or infinite is written NA in
 * CSV and null in JSON.  A finite value of 1e12 or more in absolute value
 * is written as printf's %.6e; any other value in the form the table
 * asks for:
 *   PZ__NUM_SHORT  at most six decimals, trailing zeros and a trailing
 *                  point dropped (110, 290.767847, 27.7): the run tables
 *                  and JSON;
 *   PZ__NUM_SIX    a whole number without decimals, any other with
 *                  exactly six (75683, 181.700000): the summaries of
 *                  ensembles and studies.
 * The same value always gives the same bytes.  Internal to libplaza.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_BASE_CSVJSON_H
#define PLAZA_BASE_CSVJSON_H

#include <stddef.h>
#include <stdio.h>

/* bytes that pz__num_format may write, the NUL included */
#define PZ__NUM_MAX 32

typedef enum pz__numstyle { PZ__NUM_SHORT, PZ__NUM_SIX } pz__numstyle;

/* Formats v into buf (PZ__NUM_MAX bytes) as a CSV field: NA when NaN or
 * infinite.  Returns the length. */
size_t pz__num_format(char *buf, double v, pz__numstyle style);

/* Writes v as a CSV field (pz__num_format). */
void pz__csv_num(FILE *f, double v, pz__numstyle style);
/* Writes s as a CSV field (quoted when it holds , " or a line break). */
void pz__csv_field(FILE *f, const char *s);

/* Writes v as a JSON number in the short form, null when NaN or
 * infinite. */
void pz__json_num(FILE *f, double v);
/* Writes s as a JSON string (quoted, escaped; U+2028/9 as \u escapes
 * too). */
void pz__json_string(FILE *f, const char *s);
/* The same with <, >, & and / written as \u escapes as well, so that the
 * string is safe inside an HTML <script> element: every string the
 * report puts into its page. */
void pz__json_string_html(FILE *f, const char *s);

#endif /* PLAZA_BASE_CSVJSON_H */
