/*
 * signatures.h - `plaza signatures`: the observable signatures that
 * separate two hypotheses about corruption, over paired replicates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_CLI_SIGNATURES_H
#define PLAZA_CLI_SIGNATURES_H

/* plaza signatures A.yaml B.yaml [-n N] [--threads T] [--seed S]
 * [--set K=V]... [--data DIR] [-o DIR] [--csv]; argv[1] is the command's
 * name.  Returns the exit status. */
int cmd_signatures(int argc, char **argv);

#endif /* PLAZA_CLI_SIGNATURES_H */
