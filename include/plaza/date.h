/*
 * date.h - calendar dates as day counts.
 *
 * A date is the number of days since 1970-01-01 in the proleptic Gregorian
 * calendar (negative before it).  The model's step t falls on the day
 * start + 7 t; tables write dates as YYYY-MM-DD.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_DATE_H
#define PLAZA_DATE_H

#include <stddef.h>

#include "plaza/plaza.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Dates: days since 1970-01-01 of a proleptic Gregorian y-m-d, and back. */
long pz_days_from_civil(int y, int m, int d);
void pz_civil_from_days(long days, int *y, int *m, int *d);
/* The day of step `step` of a run that starts on day `start`: a step is
 * one week. */
long pz_step_date(long start, long step);
/* Writes YYYY-MM-DD (buf of at least 11 bytes).  Returns buf. */
const char *pz_date_format(long days, char *buf, size_t n);
/* Parses YYYY-MM-DD (a real calendar date) into *days.  Returns PZ_OK, or
 * PZ_ERR_INPUT with "must be a date YYYY-MM-DD, got 'TEXT'" in err (may
 * be NULL). */
pz_status pz_date_parse(const char *text, long *days, pz_error *err);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_DATE_H */
