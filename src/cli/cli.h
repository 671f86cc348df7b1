/*
 * cli.h - the plaza command's pieces: the table of commands (main.c), the
 * one option parser every command uses (options.c), and what the
 * commands share (common.c).
 *
 * A command is a row of the table: its name, its handler, its options and
 * its help.  Its options are a list of cli_option, each naming a field of
 * the command's own options struct by offset; the parser fills that struct
 * and the handler reads it.  Commands that load a scenario start their
 * struct with a cli_scenario, filled by the shared scenario options
 * (cli_scenario_options).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_CLI_H
#define PLAZA_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "plaza/run.h"
#include "plaza/scenario.h"

/* Exit statuses: 0 success, 2 bad input, 1 anything else. */
enum { EXIT_INPUT = 2 };

#define CLI_MAX_LIST 256 /* values of a repeatable option */
#define CLI_MAX_ARGS 64  /* arguments that are not options */

/* What an option does with its value. */
typedef enum cli_kind {
    CLI_FLAG, /* no value: stores `value` in an int field */
    CLI_STR,  /* a const char * field */
    CLI_LIST, /* repeatable: appended to a cli_list, at most `max` */
    CLI_UINT  /* an integer in [min, max] in a cli_uint */
} cli_kind;

typedef struct cli_list {
    const char *v[CLI_MAX_LIST];
    unsigned n;
} cli_list;

typedef struct cli_uint {
    unsigned value; /* the option's default until it is given */
    int given;
} cli_uint;

typedef struct cli_option {
    char shrt;        /* 'o' for -o, or 0 */
    const char *name; /* "out" for --out; NULL ends a list */
    cli_kind kind;
    size_t off;           /* the field in the command's options struct */
    const char *arg;      /* the value in the help ("DIR"); NULL for flags */
    const char *help;     /* lines separated by '\n' */
    unsigned min, max;    /* CLI_UINT: the range; CLI_LIST: values at most */
    unsigned def;         /* CLI_UINT: the default; CLI_FLAG: the value */
    int exclusive;        /* CLI_FLAG: refused beside a flag of the same field
                           * with another value */
    const char *env;      /* CLI_STR: when not given, this environment
                           * variable's value if it is not empty */
    const char *too_many; /* CLI_LIST: the message past max (NULL: "too
                           * many --NAME options") */
} cli_option;

#define CLI_OPT_FLAG(s, n, T, f, v, h)                                         \
    {                                                                          \
        .shrt = s, .name = n, .kind = CLI_FLAG, .off = offsetof(T, f),         \
        .def = v, .help = h                                                    \
    }
#define CLI_OPT_STR(s, n, T, f, a, h)                                          \
    {                                                                          \
        .shrt = s, .name = n, .kind = CLI_STR, .off = offsetof(T, f),          \
        .arg = a, .help = h                                                    \
    }
#define CLI_OPT_LIST(s, n, T, f, a, m, h)                                      \
    {                                                                          \
        .shrt = s, .name = n, .kind = CLI_LIST, .off = offsetof(T, f),         \
        .arg = a, .max = m, .help = h                                          \
    }
#define CLI_OPT_UINT(s, n, T, f, a, lo, hi, d, h)                              \
    {                                                                          \
        .shrt = s, .name = n, .kind = CLI_UINT, .off = offsetof(T, f),         \
        .arg = a, .min = lo, .max = hi, .def = d, .help = h                    \
    }
#define CLI_OPT_END                                                            \
    {                                                                          \
        .name = NULL                                                           \
    }

/* How the scenario is chosen and changed: -d, -s, --set, --deterministic,
 * --stochastic (cli_scenario_options) and, for most commands, -p. */
enum { CLI_MODE_SCENARIO, CLI_MODE_DETERMINISTIC, CLI_MODE_STOCHASTIC };
typedef struct cli_scenario {
    const char *file; /* NULL: the embedded default */
    const char *data;
    cli_uint seed;
    cli_list sets;
    int mode;           /* CLI_MODE_* */
    const char *policy; /* -p (not every command takes it) */
} cli_scenario;

extern const cli_option cli_scenario_options[];

/* One call of a command, as the handler sees it. */
typedef struct cli_call {
    const char *name;               /* the command's */
    void *opts;                     /* its options struct, filled */
    const char *args[CLI_MAX_ARGS]; /* the arguments that are not options */
    int at[CLI_MAX_ARGS];           /* their places in argv */
    unsigned nargs;
    int argc;
    char **argv;
    const char *command; /* the whole command line, shell-quoted */
} cli_call;

/* A row of the table. */
typedef struct cli_command {
    const char *name;
    int (*handler)(const cli_call *call); /* returns the exit status */
    const cli_option *options;            /* its own, or NULL */
    const size_t *opts_size;              /* its options struct's size (NULL:
                                           * none) */
    int scenario;      /* takes cli_scenario_options; the struct starts with a
                        * cli_scenario */
    unsigned max_args; /* arguments that are not options, at most */
    const char *too_many; /* why more are refused */
    const char *synopsis; /* after "plaza NAME" in the usage */
    const char *summary;  /* one line for plaza --help */
    const char *help;     /* the paragraph of plaza help NAME */
    const char *after;    /* printed after the options (may be NULL) */
} cli_command;

/* The table (main.c), and a row by name (NULL when there is none). */
extern const cli_command cli_commands[];
extern const size_t cli_ncommands;
const cli_command *cli_find(const char *name);

/* Parses argv[2..argc) for the command into a new options struct
 * (call->opts, freed by the caller) and the other fields of call.
 * Returns 0, or EXIT_INPUT after printing a message naming the bad option
 * or argument; *help is set when -h or --help was given. */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_call *call,
              int *help);

/* Prints the help of a command (plaza help NAME, plaza NAME --help). */
void cli_print_help(FILE *f, const cli_command *cmd);

/* The texts of plaza --help that the manual page shares (main.c): the
 * line after "plaza VERSION - ", the notes after the commands, the limits
 * on input files and the exit statuses, each ending in a newline. */
extern const char cli_tagline[], cli_notes[], cli_limits[], cli_exit_status[];

/* Prints the manual page plaza.1 in roff (man(7)), generated from the
 * table of commands and their options (man.c; the hidden `plaza --man`,
 * run by the build). */
void cli_print_man(FILE *f);

/* Loads the scenario of o: the file or the default, --set, --seed, the
 * mode and the policy.  Returns NULL after printing the error, with the
 * exit status in *status. */
pz_scenario *cli_load(const char *cmd, const cli_scenario *o, int *status);

/* The data directory: given (--data, or PLAZA_DATA through the option's
 * env) as it is, "" meaning none; else the library's default
 * (pz_data_dir_default: the data/ shipped with plaza).  May be NULL. */
const char *cli_data_dir(const char *given);

/* The threads: t when it was given, else all the cores. */
unsigned cli_threads(const cli_uint *t);

/* Maps a status to an exit code. */
int cli_exit_code(pz_status st);

/* A progress bar on stderr when it is a terminal. */
typedef struct cli_bar {
    struct timespec t0;
} cli_bar;
/* Sets opt->progress and progress_ud to a bar (b) when stderr is a
 * terminal; for any progress callback of the library. */
void cli_bar_start(cli_bar *b, void (**progress)(void *, uint32_t, uint32_t),
                   void **progress_ud);

/* The command line as one string, each argument shell-quoted when it
 * holds anything but plain characters, for the manifest; NULL when out of
 * memory. */
char *cli_join_argv(int argc, char **argv);

/* The handlers, one per row of the table. */
int cmd_run(const cli_call *c);
int cmd_policies(const cli_call *c);
int cmd_ensemble(const cli_call *c);
int cmd_compare(const cli_call *c);
int cmd_sweep(const cli_call *c);
int cmd_event_study(const cli_call *c);
int cmd_signatures(const cli_call *c);
int cmd_report(const cli_call *c);
int cmd_fit(const cli_call *c);
int cmd_calibrate(const cli_call *c);
int cmd_params(const cli_call *c);
int cmd_show_default(const cli_call *c);
int cmd_help(const cli_call *c);
int cmd_version(const cli_call *c);

/* The option lists and struct sizes of the handlers. */
#define CLI_DECLARE(cmd)                                                       \
    extern const cli_option cmd##_options[];                                   \
    extern const size_t cmd##_opts_size
CLI_DECLARE(run);
CLI_DECLARE(policies);
CLI_DECLARE(ensemble);
CLI_DECLARE(compare);
CLI_DECLARE(sweep);
CLI_DECLARE(event_study);
CLI_DECLARE(signatures);
CLI_DECLARE(report);
CLI_DECLARE(fit);
CLI_DECLARE(calibrate);
CLI_DECLARE(params);
#undef CLI_DECLARE

#endif /* PLAZA_CLI_H */
