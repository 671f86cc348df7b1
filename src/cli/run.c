/*
 * run.c - `plaza run`: run a scenario and write a run directory, or
 * continue one from a checkpoint.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "plaza/params.h"
#include "plaza/run.h"

typedef struct run_opts {
    cli_scenario sc;
    const char *out;
    cli_uint replicate;
    int no_groups;
    const char *checkpoint_at;
    const char *resume;
} run_opts;

const size_t run_opts_size = sizeof(run_opts);

const cli_option run_options[] = {
    CLI_OPT_STR('p', "policy", run_opts, sc.policy, "NAME",
                "apply one of the scenario's policies"),
    CLI_OPT_STR('o', "out", run_opts, out, "DIR",
                "run directory (default: plaza-out)"),
    CLI_OPT_UINT('r', "replicate", run_opts, replicate, "R", 0, 4294967295u, 0,
                 "replicate number; replicates of one seed draw\n"
                 "independent random numbers (default: 0)"),
    CLI_OPT_FLAG(0, "no-groups", run_opts, no_groups, 1,
                 "do not write groups.csv"),
    CLI_OPT_STR(0, "checkpoint-at", run_opts, checkpoint_at, "DATE",
                "also write DIR/checkpoint.plz at the first\n"
                "step on or after DATE (the run goes on)"),
    CLI_OPT_STR(0, "resume", run_opts, resume, "FILE",
                "continue the run saved in a checkpoint; its\n"
                "tables are byte-identical to an uninterrupted\n"
                "run's (give only --out, --data, --no-groups)"),
    CLI_OPT_END};

int cmd_run(const cli_call *c)
{
    const run_opts *o = c->opts;
    int code;
    pz_error err;
    pz_scenario *sc = NULL;
    pz_checkpoint *ck = NULL;
    long day = -1;
    if (o->checkpoint_at && pz_date_parse(o->checkpoint_at, &day) != 0) {
        fprintf(stderr,
                "plaza run: --checkpoint-at: expected a date YYYY-MM-DD, got "
                "'%s'\n",
                o->checkpoint_at);
        return EXIT_INPUT;
    }
    if (o->resume) {
        if (o->sc.file || o->sc.sets.n || o->sc.seed.given || o->sc.policy ||
            o->sc.mode != CLI_MODE_SCENARIO || o->checkpoint_at ||
            o->replicate.given) {
            fprintf(stderr, "plaza run: --resume takes the scenario, its "
                            "parameters, policy and replicate from the "
                            "checkpoint; give only --out, --data and "
                            "--no-groups\n");
            return EXIT_INPUT;
        }
        pz_status cst =
            pz_checkpoint_read(o->resume, o->sc.data, &sc, &ck, &err);
        if (cst != PZ_OK) {
            fprintf(stderr, "plaza run: %s\n", err.msg);
            return cli_exit_code(cst);
        }
    } else if (!(sc = cli_load("run", &o->sc, &code))) {
        return code;
    }
    pz_run_options opt;
    pz_run_options_init(&opt);
    opt.checkpoint_day = day;
    opt.resume = ck;
    if (o->out)
        opt.out_dir = o->out;
    cli_bar b;
    cli_bar_start(&b, &opt.progress, &opt.progress_ud);
    opt.replicate = ck ? pz_checkpoint_replicate(ck) : o->replicate.value;
    opt.write_groups = !o->no_groups;
    opt.command = c->command;
    pz_status st = pz_run_write(sc, &opt, &err);
    pz_checkpoint_free(ck);
    if (st != PZ_OK)
        fprintf(stderr, "plaza run: %s\n", err.msg);
    else
        printf("plaza run: %s (%zu groups, %.0f weeks from %s) -> %s/\n",
               pz_scenario_name(sc), pz_scenario_group_count(sc),
               pz_scenario_param(sc, PZ_P_STEPS),
               pz_param_format(PZ_P_START, pz_scenario_param(sc, PZ_P_START),
                               (char[16]){0}, 16),
               opt.out_dir);
    pz_scenario_free(sc);
    return cli_exit_code(st);
}
