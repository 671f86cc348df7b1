/*
 * limits.h - the limits on inputs, documented in docs/SCENARIOS.md
 * (Limits).  Every input file is read by pz__read_file (base/internal.h),
 * which refuses a file that is not a regular file (a FIFO, a device, a
 * directory) before reading it, and one larger than its kind's limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_BASE_LIMITS_H
#define PLAZA_BASE_LIMITS_H

/* file sizes, in bytes, by kind of input */
#define PZ__LIMIT_SCENARIO     ((size_t)4 << 20)  /* a scenario's YAML */
#define PZ__LIMIT_CSV          ((size_t)1 << 30)  /* data files, run tables */
#define PZ__LIMIT_CHECKPOINT   ((size_t)2 << 30)  /* checkpoint.plz */
#define PZ__LIMIT_MANIFEST     ((size_t)16 << 20) /* manifest.json */
#define PZ__LIMIT_REPORT_ASSET ((size_t)64 << 20) /* d3.js, TopoJSON map */

/* names and counts of a scenario (YAML or data files) */
#define PZ__LIMIT_NAME    200  /* bytes of a group's or region's name */
#define PZ__LIMIT_GROUPS  2000 /* groups given */
#define PZ__LIMIT_REGIONS 5000 /* regions (states or municipalities) */

#endif /* PLAZA_BASE_LIMITS_H */
