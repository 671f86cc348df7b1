/*
 * report.c - `plaza report DIR...`: one self-contained HTML page of run
 * directories (plaza/report.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "cli/cli.h"
#include "plaza/report.h"

typedef struct report_opts {
    const char *out;
    const char *data;
    const char *d3;
} report_opts;

const size_t report_opts_size = sizeof(report_opts);

const cli_option report_options[] = {
    CLI_OPT_STR('o', "out", report_opts, out, "FILE",
                "the page (default: report.html)"),
    {.shrt = 'd',
     .name = "data",
     .kind = CLI_STR,
     .off = offsetof(report_opts, data),
     .arg = "DIR",
     .env = "PLAZA_DATA",
     .help = "data directory, for the map of the states and\nINEGI's "
             "homicides (default: PLAZA_DATA, else\nplaza's own data/; '' "
             "for none)"},
    CLI_OPT_STR(0, "d3", report_opts, d3, "FILE",
                "d3.min.js to inline (default: Debian's\n" PZ_REPORT_D3 ")"),
    CLI_OPT_END};

int cmd_report(const cli_call *c)
{
    const report_opts *o = c->opts;
    const char *out = o->out ? o->out : "report.html";
    if (c->nargs == 0) {
        fprintf(stderr, "plaza report: give one or more run directories\n");
        return EXIT_INPUT;
    }
    pz_error err;
    const char *data = cli_data_dir(o->data);
    pz_status st = pz_report_write(
        c->args, c->nargs, data && *data ? data : NULL, o->d3, out, &err);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza report: %s\n", err.msg);
        return cli_exit_code(st);
    }
    printf("plaza report: %s\n", out);
    return 0;
}
