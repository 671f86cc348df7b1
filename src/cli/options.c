/*
 * options.c - the one option parser of the plaza command.
 *
 * Every command's options are a list of cli_option (cli.h).  The parser
 * takes "-o VALUE", "--out VALUE" and "--out=VALUE"; an argument that does
 * not start with '-' (or is "-") is not an option.  It refuses, with one
 * message naming what it refuses and exit status 2: an option no command
 * takes ("unknown option"), one another command takes ("does not apply"),
 * a missing value, a value given to a flag, a number outside its range, a
 * repeatable option given too often, and too many arguments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* Does the option as written (name: "-o" or "--out") mean op? */
static int matches(const cli_option *op, const char *name)
{
    if (name[0] != '-')
        return 0;
    if (name[1] != '-')
        return op->shrt && name[1] == op->shrt && name[2] == '\0';
    return strcmp(name + 2, op->name) == 0;
}

static const cli_option *find_in(const cli_option *list, const char *name)
{
    for (; list && list->name; list++)
        if (matches(list, name))
            return list;
    return NULL;
}

/* The option of cmd written name, or NULL. */
static const cli_option *find(const cli_command *cmd, const char *name)
{
    const cli_option *op = find_in(cmd->options, name);
    if (!op && cmd->scenario)
        op = find_in(cli_scenario_options, name);
    return op;
}

/* Does any command take the option written name? */
static int anyone_takes(const char *name)
{
    for (size_t i = 0; i < cli_ncommands; i++)
        if (find(&cli_commands[i], name))
            return 1;
    return 0;
}

/* Sets every number of a list to its default. */
static void set_defaults(const cli_option *list, char *o)
{
    for (; list && list->name; list++)
        if (list->kind == CLI_UINT)
            ((cli_uint *)(o + list->off))->value = list->def;
}

/* Takes the environment's value for the strings not given. */
static void set_from_env(const cli_option *list, char *o)
{
    for (; list && list->name; list++) {
        const char **f = (const char **)(o + list->off);
        if (list->kind == CLI_STR && list->env && !*f) {
            const char *v = getenv(list->env);
            if (v && *v)
                *f = v;
        }
    }
}

/* "give one of --a and --b": the exclusive flags of op's field. */
static void refuse_together(const cli_command *cmd, const cli_option *op)
{
    const cli_option *lists[2] = {cmd->options,
                                  cmd->scenario ? cli_scenario_options : NULL};
    const char *names[8];
    size_t n = 0;
    for (int l = 0; l < 2; l++)
        for (const cli_option *q = lists[l]; q && q->name && n < 8; q++)
            if (q->kind == CLI_FLAG && q->exclusive && q->off == op->off)
                names[n++] = q->name;
    fprintf(stderr, "plaza %s: give one of", cmd->name);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s--%s",
                i == 0      ? " "
                : i + 1 < n ? ", "
                            : " and ",
                names[i]);
    fputc('\n', stderr);
}

static int set_uint(const cli_command *cmd, const cli_option *op,
                    const char *name, const char *s, cli_uint *f)
{
    unsigned long long v;
    /* digits only (the library's one parser), then the option's range,
     * named in full so that the message never offers a refused value */
    if (pz_parse_uint(s, op->max, &v, NULL) != PZ_OK || v < op->min) {
        fprintf(stderr,
                "plaza %s: %s: expected an integer in [%u, %u], got '%s'\n",
                cmd->name, name, op->min, op->max, s);
        return EXIT_INPUT;
    }
    f->value = (unsigned)v;
    f->given = 1;
    return 0;
}

/* Stores the value of op (written name) in o. */
static int set_value(const cli_command *cmd, const cli_option *op,
                     const char *name, const char *val, char *o)
{
    void *f = o + op->off;
    switch (op->kind) {
    case CLI_STR:
        *(const char **)f = val;
        return 0;
    case CLI_LIST: {
        cli_list *l = f;
        if (l->n >= op->max || l->n >= CLI_MAX_LIST) {
            if (op->too_many)
                fprintf(stderr, "plaza %s: %s\n", cmd->name, op->too_many);
            else
                fprintf(stderr, "plaza %s: too many --%s options\n", cmd->name,
                        op->name);
            return EXIT_INPUT;
        }
        l->v[l->n++] = val;
        return 0;
    }
    case CLI_UINT:
        return set_uint(cmd, op, name, val, f);
    case CLI_FLAG:
        break;
    }
    return 0;
}

/* A flag: stores its value, refusing another exclusive one. */
static int set_flag(const cli_command *cmd, const cli_option *op, char *o)
{
    int *f = (int *)(o + op->off);
    if (op->exclusive && *f != 0 && *f != (int)op->def) {
        refuse_together(cmd, op);
        return EXIT_INPUT;
    }
    *f = (int)op->def;
    return 0;
}

/* An argument that is not an option. */
static int take_arg(const cli_command *cmd, cli_call *call, const char *a,
                    int at)
{
    if (call->nargs >= cmd->max_args || call->nargs >= CLI_MAX_ARGS) {
        if (cmd->max_args == 0)
            fprintf(stderr, "plaza %s: takes no argument, got '%s'\n",
                    cmd->name, a);
        else
            fprintf(stderr, "plaza %s: unexpected argument '%s' (%s)\n",
                    cmd->name, a, cmd->too_many);
        return EXIT_INPUT;
    }
    call->at[call->nargs] = at;
    call->args[call->nargs++] = a;
    return 0;
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_call *call,
              int *help)
{
    memset(call, 0, sizeof *call);
    call->name = cmd->name;
    call->argc = argc;
    call->argv = argv;
    *help = 0;
    char *o = calloc(1, cmd->opts_size ? *cmd->opts_size : 1);
    if (!o) {
        fprintf(stderr, "plaza %s: out of memory\n", cmd->name);
        return 1;
    }
    call->opts = o;
    set_defaults(cmd->options, o);
    if (cmd->scenario)
        set_defaults(cli_scenario_options, o);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        int code;
        if (a[0] != '-' || a[1] == '\0') {
            if ((code = take_arg(cmd, call, a, i)) != 0)
                return code;
            continue;
        }
        /* the name, and the value of --name=value */
        char name[64];
        const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        const char *val = eq ? eq + 1 : NULL;
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        if (len >= sizeof name)
            len = sizeof name - 1;
        memcpy(name, a, len);
        name[len] = '\0';
        int is_help = !strcmp(name, "-h") || !strcmp(name, "--help");
        const cli_option *op = is_help ? NULL : find(cmd, name);
        if (!is_help && !op) {
            if (anyone_takes(name))
                fprintf(stderr,
                        "plaza %s: option %s does not apply to %s (see plaza "
                        "%s --help)\n",
                        cmd->name, name, cmd->name, cmd->name);
            else
                fprintf(stderr,
                        "plaza %s: unknown option '%s' (see 'plaza --help')\n",
                        cmd->name, name);
            return EXIT_INPUT;
        }
        if (is_help || op->kind == CLI_FLAG) {
            if (val) {
                fprintf(stderr, "plaza %s: %s takes no value\n", cmd->name,
                        name);
                return EXIT_INPUT;
            }
            if (is_help)
                *help = 1;
            else if ((code = set_flag(cmd, op, o)) != 0)
                return code;
            continue;
        }
        if (!val) {
            if (i + 1 >= argc) {
                fprintf(stderr, "plaza %s: %s needs a value\n", cmd->name,
                        name);
                return EXIT_INPUT;
            }
            val = argv[++i];
        }
        if ((code = set_value(cmd, op, name, val, o)) != 0)
            return code;
    }
    set_from_env(cmd->options, o);
    if (cmd->scenario)
        set_from_env(cli_scenario_options, o);
    return 0;
}

/* One option's lines of help: "  -o, --out DIR" then its help from column
 * 23, its further lines indented as much. */
static void print_option(FILE *f, const cli_option *op)
{
    char left[64];
    int n =
        snprintf(left, sizeof left, "  %c%c%s--%s%s%s", op->shrt ? '-' : ' ',
                 op->shrt ? op->shrt : ' ', op->shrt ? ", " : "  ", op->name,
                 op->arg ? " " : "", op->arg ? op->arg : "");
    fputs(left, f);
    fprintf(f, "%*s", n < 21 ? 23 - n : 2, "");
    for (const char *p = op->help; *p; p++) {
        fputc(*p, f);
        if (*p == '\n')
            fprintf(f, "%23s", "");
    }
    fputc('\n', f);
}

static void print_options(FILE *f, const cli_option *list)
{
    for (; list && list->name; list++)
        print_option(f, list);
}

void cli_print_help(FILE *f, const cli_command *cmd)
{
    fprintf(f, "Usage: plaza %s%s%s\n", cmd->name, *cmd->synopsis ? " " : "",
            cmd->synopsis);
    fprintf(f, "%s\n", cmd->help);
    if (cmd->scenario) {
        fputs("\nScenario options:\n", f);
        print_options(f, cli_scenario_options);
    }
    fprintf(f, "%sOptions of %s:\n", cmd->scenario ? "" : "\n", cmd->name);
    print_options(f, cmd->options);
    fputs("  -h, --help           this help\n"
          "A command refuses an option it does not take (exit status 2).\n",
          f);
    if (cmd->after)
        fprintf(f, "\n%s", cmd->after);
    fprintf(f, "%s\n%s", cli_limits, cli_exit_status);
}
