/*
 * sweep.c - `plaza sweep`: runs over a design of parameters, recorded in
 * SQLite (plaza/sweep.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "plaza/sweep.h"

typedef struct sweep_opts {
    cli_scenario sc;
    cli_list params;
    const char *design;
    cli_uint points;
    cli_uint n;
    cli_uint threads;
    const char *db;
} sweep_opts;

const size_t sweep_opts_size = sizeof(sweep_opts);

const cli_option sweep_options[] = {
    CLI_OPT_STR('p', "policy", sweep_opts, sc.policy, "NAME",
                "apply one of the scenario's policies"),
    CLI_OPT_LIST(0, "param", sweep_opts, params, "NAME=LO:HI", 64,
                 "a parameter and its range (repeatable)"),
    CLI_OPT_STR(0, "design", sweep_opts, design, "D",
                "grid (K levels each), lhs (Latin hypercube of K\n"
                "points) or sobol (first K Sobol points); default lhs"),
    CLI_OPT_UINT('k', "points", sweep_opts, points, "K", 1, 1000000, 10,
                 "default 10"),
    CLI_OPT_UINT('n', "replicates", sweep_opts, n, "N", 1, 1000000, 1,
                 "replicates per point (default 1)"),
    CLI_OPT_UINT('t', "threads", sweep_opts, threads, "T", 1, 1024, 1,
                 "threads (default: all cores)"),
    CLI_OPT_STR(0, "db", sweep_opts, db, "FILE",
                "the SQLite database (created or appended to)"),
    CLI_OPT_END};

int cmd_sweep(const cli_call *c)
{
    const sweep_opts *o = c->opts;
    int code;
    pz_error err;
    pz_sweep_param p[64];
    char copy[64][256];
    pz_design design = PZ_DESIGN_LHS;
    if (o->design) {
        if (!strcmp(o->design, "grid"))
            design = PZ_DESIGN_GRID;
        else if (!strcmp(o->design, "sobol"))
            design = PZ_DESIGN_SOBOL;
        else if (strcmp(o->design, "lhs") != 0) {
            fprintf(stderr,
                    "plaza sweep: --design: one of grid, lhs, sobol; got "
                    "'%s'\n",
                    o->design);
            return EXIT_INPUT;
        }
    }
    if (!o->db) {
        fprintf(stderr, "plaza sweep: give the database with --db FILE\n");
        return EXIT_INPUT;
    }
    if (o->params.n == 0) {
        fprintf(stderr, "plaza sweep: name the parameters to sweep with "
                        "--param NAME=LO:HI\n");
        return EXIT_INPUT;
    }
    for (unsigned i = 0; i < o->params.n; i++) {
        snprintf(copy[i], sizeof copy[i], "%s", o->params.v[i]);
        if (pz_sweep_param_parse(copy[i], &p[i], &err) != PZ_OK) {
            fprintf(stderr, "plaza sweep: %s\n", err.msg);
            return EXIT_INPUT;
        }
    }
    pz_scenario *sc = cli_load("sweep", &o->sc, &code);
    if (!sc)
        return code;
    pz_sweep_options opt = {.db = o->db,
                            .design = design,
                            .points = o->points.value,
                            .replicates = o->n.value,
                            .threads = cli_threads(&o->threads),
                            .command = c->command};
    cli_bar b;
    cli_bar_start(&b, &opt.progress, &opt.progress_ud);
    pz_status st = pz_sweep_run(sc, p, o->params.n, &opt, &err);
    if (st != PZ_OK)
        fprintf(stderr, "plaza sweep: %s\n", err.msg);
    else
        printf("plaza sweep: %s -> %s\n", pz_scenario_name(sc), o->db);
    pz_scenario_free(sc);
    return cli_exit_code(st);
}
