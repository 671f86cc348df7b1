/*
 * cli.h - pieces shared by the plaza command's subcommands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_CLI_H
#define PLAZA_CLI_H

#include <stdint.h>

#include "plaza/scenario.h"

/* Exit statuses: 0 success, 2 bad input, 1 anything else. */
enum { EXIT_INPUT = 2 };

#define CLI_MAX_SETS 256

/* Options common to the subcommands that run a scenario. */
typedef struct cli_opts {
    const char *scenario; /* NULL: the embedded default */
    const char *out;
    const char *data;
    const char *policy;
    const char *sets[CLI_MAX_SETS];
    int nsets;
    int have_seed;
    uint64_t seed;
    uint32_t replicate;
    int have_replicate; /* -r was given */
    int mode;           /* -1 as the scenario says, else PZ_MODE_* */
    int no_groups;
    int csv;
    unsigned replicates; /* policies: -n */
    int help;
    const char *command;    /* the command line, shell-quoted */
    const char *params[64]; /* calibrate: --param */
    int nparams;
    int max_iter;              /* calibrate: --max-iter */
    unsigned threads;          /* ensemble: --threads (0: all cores) */
    int have_n;                /* -n was given */
    int pc2023_targets;        /* calibrate: --pc2023-targets */
    const char *checkpoint_at; /* run: --checkpoint-at DATE */
    const char *design;        /* sweep: --design */
    unsigned points;           /* sweep: -k */
    const char *db;            /* sweep, ensemble, compare: --db */
    const char *resume;        /* run: --resume FILE */
    const char *compare[2];    /* compare: the two --policy values */
    int ncompare;
} cli_opts;

/* Parses argv[first..argc) into o.  Returns 0, or EXIT_INPUT after printing
 * a message naming the bad option. */
int cli_parse(const char *cmd, int argc, char **argv, int first, cli_opts *o);

/* Loads the scenario of o and applies --seed, --set, the mode and the
 * policy.  Returns NULL after printing the error. */
pz_scenario *cli_load(const char *cmd, const cli_opts *o, int *status);

/* The threads of o: --threads, or all the cores when it was not given. */
unsigned cli_threads(const cli_opts *o);

/* Maps a status to an exit code. */
int cli_exit_code(pz_status st);

int cmd_policies(const cli_opts *o);
int cmd_fit(const cli_opts *o);
int cmd_calibrate(const cli_opts *o);
int cmd_ensemble(const cli_opts *o);
int cmd_compare(const cli_opts *o);
int cmd_sweep(const cli_opts *o);

#endif /* PLAZA_CLI_H */
