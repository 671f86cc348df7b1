/*
 * report.h - one self-contained HTML report of one or more run
 * directories (runs or ensembles): homicides per year against INEGI's
 * with the fit's figures, weekly members, homicides, deaths, arrests and
 * recruits (with an ensemble's 5-95% and 25-75% bands), one line or band
 * per directory and their differences from the first, so policies can be
 * set against each other, the largest groups, dated events of the runs
 * and their scenarios' timelines, and a map of Mexico's states coloured by
 * homicides per 100,000 or by controlling group, with a slider over the
 * years.  Plots are drawn by d3 (Debian's libjs-d3), inlined with the
 * data and the state boundaries (DATA/mexico/mxstate.topojson), so the
 * file works offline (docs/EXPERIMENTS.md, Reports).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_REPORT_H
#define PLAZA_REPORT_H

#include <stddef.h>

#include "plaza/plaza.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The d3 library plaza inlines by default (Debian's libjs-d3). */
#define PZ_REPORT_D3 "/usr/share/javascript/d3/d3.min.js"

/* Writes the report of the run directories dirs[0..n) to out (atomically:
 * a temporary renamed into place).  data_dir holds mexico/mxstate.topojson
 * and the INEGI series (NULL, or a file missing: the page says what is
 * missing); d3 is the path of d3.min.js (NULL: PZ_REPORT_D3).
 * PZ_ERR_INPUT for a directory that is not a run directory or a missing
 * file, PZ_ERR_IO when out cannot be written. */
pz_status pz_report_write(const char *const *dirs, size_t n,
                          const char *data_dir, const char *d3, const char *out,
                          pz_error *err);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_REPORT_H */
