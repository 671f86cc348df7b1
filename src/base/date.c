/*
 * date.c - calendar dates as day counts (plaza/date.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "base/calendar.h"
#include "base/internal.h"
#include "plaza/date.h"

long pz_step_date(long start, long step)
{
    return start + PZ__DAYS_PER_WEEK * step;
}

/* Days from civil and back, for the proleptic Gregorian calendar: count
 * 400-year eras of 146097 days from 0000-03-01, so that the leap day falls
 * at the end of each counted year. */
long pz_days_from_civil(int y, int m, int d)
{
    long yy = (long)y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;                        /* [0, 399] */
    long mp = (m + 9) % 12;                           /* March = 0 */
    long doy = (153 * mp + 2) / 5 + d - 1;            /* [0, 365] */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void pz_civil_from_days(long days, int *y, int *m, int *d)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

const char *pz_date_format(long days, char *buf, size_t n)
{
    int y, m, d;
    pz_civil_from_days(days, &y, &m, &d);
    snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
    return buf;
}

pz_status pz_date_parse(const char *text, long *days, pz_error *err)
{
    int y, m, d, used = 0;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    /* digits in every place but the two dashes: no sign, no blanks, so the
     * year is 0000..9999, of which 0000 is refused (years 1..9999) */
    if (strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        goto bad;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            goto bad;
    if (sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10 ||
        y < 1 || m < 1 || m > 12 || d < 1)
        goto bad;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[m - 1] + (m == 2 && leap))
        goto bad;
    *days = pz_days_from_civil(y, m, d);
    return PZ_OK;
bad:
    return pz__fail(err, PZ_ERR_INPUT,
                    "must be a date YYYY-MM-DD, got '%s' (years 0001 to 9999)",
                    text);
}
