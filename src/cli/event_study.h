/*
 * event_study.h - `plaza event-study`: homicides around removals of
 * leaders in simulated runs, beside the literature's figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_CLI_EVENT_STUDY_H
#define PLAZA_CLI_EVENT_STUDY_H

/* plaza event-study [SCENARIO] [-n N] [--threads T] [--seed S]
 * [--set K=V]... [--data DIR] [-o DIR] [--csv]; argv[1] is the command's
 * name.  Returns the exit status. */
int cmd_event_study(int argc, char **argv);

#endif /* PLAZA_CLI_EVENT_STUDY_H */
