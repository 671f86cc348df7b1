/*
 * calendar.h - the model's calendar: a step is one week, a year 52 steps
 * (rates given per year are divided by PZ__WEEKS_PER_YEAR), and a date is
 * a day count since 1970-01-01 (plaza/date.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_BASE_CALENDAR_H
#define PLAZA_BASE_CALENDAR_H

#define PZ__DAYS_PER_WEEK 7
/* a year as a count of steps (weeks), and the same as a double, for
 * turning rates per year into rates per week */
#define PZ__STEPS_PER_YEAR 52
#define PZ__WEEKS_PER_YEAR ((double)PZ__STEPS_PER_YEAR)

#endif /* PLAZA_BASE_CALENDAR_H */
