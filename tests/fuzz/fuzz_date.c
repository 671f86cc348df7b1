/*
 * fuzz_date.c - a libFuzzer target on pz_date_parse: any text gives a
 * date or PZ_ERR_INPUT with the text in the message; a date it accepts is
 * written back by pz_date_format exactly as it was given (YYYY-MM-DD and
 * nothing else is a date), and its day count goes back to the same
 * calendar day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "plaza/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64)
        return 0;
    char *text = fz_string(data, size);
    long days = 0;
    pz_error err;
    memset(&err, 0, sizeof err);
    if (pz_date_parse(text, &days, &err) != PZ_OK) {
        if (err.status != PZ_ERR_INPUT || !strstr(err.msg, "must be a date"))
            abort();
    } else {
        char back[32];
        int y, m, d;
        pz_date_format(days, back, sizeof back);
        if (strcmp(back, text) != 0)
            abort(); /* accepted something that is not YYYY-MM-DD */
        pz_civil_from_days(days, &y, &m, &d);
        if (pz_days_from_civil(y, m, d) != days)
            abort();
    }
    free(text);
    return 0;
}
