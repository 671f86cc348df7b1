/*
 * main.c - the plaza command: a table of commands, in the manner of git's
 * git.c.  Each row names a command, its handler, its options (a list the
 * one parser of options.c reads) and its help; main looks the command up,
 * parses its options into the command's own struct and calls the handler.
 * `plaza --help`, `plaza help COMMAND` and the manual page (man.c, the
 * hidden `plaza --man`) are generated from the table.
 * Built only on the public API in include/plaza/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char outputs[] =
    "Outputs (docs/OUTPUTS.md): DIR/manifest.json, DIR/national.csv "
    "(step,date,\n"
    "members,recruits,arrests,deaths,exits,groups,homicides), DIR/groups.csv\n"
    "(step,date,group,members,recruits,arrests,deaths,exits) and, for "
    "scenarios\n"
    "with regions, DIR/regions.csv (step,date,region,region_name,population,\n"
    "members,homicides,deaths,arrests,groups,controller,controller_share),\n"
    "DIR/events.csv (leader removals, splits, defections), DIR/government.csv\n"
    "and DIR/payroll.csv (offices and corruption).\n"
    "Step 0 is the initial state; flows on row t happened during the week\n"
    "ending at step t.\n";

/* The commands, in the order of plaza --help. */
const cli_command cli_commands[] = {
    {.name = "run",
     .handler = cmd_run,
     .options = run_options,
     .opts_size = &run_opts_size,
     .scenario = 1,
     .max_args = 1,
     .too_many = "one scenario only",
     .synopsis = "[SCENARIO] [options]",
     .summary = "run a scenario; write a run directory",
     .help = "Runs a scenario and writes its run directory.",
     .after = outputs},
    {.name = "policies",
     .handler = cmd_policies,
     .options = policies_options,
     .opts_size = &policies_opts_size,
     .scenario = 1,
     .max_args = 1,
     .too_many = "one scenario only",
     .synopsis = "[SCENARIO] [options]",
     .summary = "run every policy of a scenario; members and deaths",
     .help = "Runs every policy of a scenario from the same state and prints "
             "members and\ndeaths per week when the policies start and at "
             "the end, compared."},
    {.name = "ensemble",
     .handler = cmd_ensemble,
     .options = ensemble_options,
     .opts_size = &ensemble_opts_size,
     .scenario = 1,
     .max_args = 1,
     .too_many = "one scenario only",
     .synopsis = "[SCENARIO] -n N [--threads T] [options]",
     .summary = "N replicates summarised: mean and quantiles per step",
     .help = "N replicates summarised: mean and 5/25/50/75/95% quantiles per "
             "step."},
    {.name = "compare",
     .handler = cmd_compare,
     .options = compare_options,
     .opts_size = &compare_opts_size,
     .scenario = 1,
     .max_args = 1,
     .too_many = "one scenario only",
     .synopsis = "[SCENARIO] --policy A --policy B [-n N] [options]",
     .summary = "B minus A over the same replicates, with 95% intervals",
     .help = "B minus A over the same replicates (common random numbers), "
             "with 95%\nintervals, beside independent seeds."},
    {.name = "sweep",
     .handler = cmd_sweep,
     .options = sweep_options,
     .opts_size = &sweep_opts_size,
     .scenario = 1,
     .max_args = 1,
     .too_many = "one scenario only",
     .synopsis = "[SCENARIO] --param NAME=LO:HI... [--design grid|lhs|sobol]\n"
                 "             [-k K] [-n N] [--threads T] --db FILE",
     .summary = "runs over a design of parameters, recorded in SQLite",
     .help = "Runs over a design of parameters, recorded in a SQLite "
             "database."},
    {.name = "event-study",
     .handler = cmd_event_study,
     .options = event_study_options,
     .opts_size = &event_study_opts_size,
     .scenario = 1,
     .max_args = 1,
     .too_many = "one scenario only",
     .synopsis = "[SCENARIO] [-n N] [--threads T] [-o DIR] [--csv]",
     .summary = "homicides around leader removals against the literature",
     .help = "Homicides around removals of leaders (captures, killings, "
             "extraditions)\nin N stochastic replicates: in the stronghold, "
             "the group's other regions\nand the stronghold's neighbours "
             "against regions untouched by removals,\nover 26 and 52 weeks "
             "(docs/EXPERIMENTS.md), beside the literature's effects."},
    {.name = "signatures",
     .handler = cmd_signatures,
     .options = signatures_options,
     .opts_size = &signatures_opts_size,
     .scenario = 1,
     .max_args = 2,
     .too_many = "two scenarios only",
     .synopsis = "A.yaml B.yaml [-n N] [--threads T] [-o DIR] [--csv]",
     .summary = "signatures that separate two hypotheses about corruption",
     .help =
         "Observable signatures that separate two hypotheses about "
         "corruption\n(e.g. scenarios/alliance.yaml and "
         "scenarios/opportunistic.yaml), from N\nstochastic replicates of "
         "each (replicate r of A and of B draw the same\nrandom numbers), "
         "over the weeks of 2010-2020:\n"
         "  S1 arrests per member-week of the 10 largest groups: lowest over "
         "median;\n     Gini of the arrest rates of groups of 100 members or "
         "more\n"
         "  S2 of the offices on a payroll: the share municipal, the share "
         "direct\n"
         "  S3 r across states: share of offices on a payroll vs value of "
         "places\n"
         "  S4 national homicides 26 weeks after municipal and federal "
         "elections\n     over the 26 weeks before\n"
         "  S5 homicides in the stronghold 26 weeks after removals of leaders "
         "over\n     before, relative to the rest of the country; the share of "
         "removals\n     that hit the largest group\n"
         "  S6 the largest share of all offices on one group's payroll\n"
         "For each: mean and 2.5-97.5% quantiles across replicates in A, in "
         "B, and\nof the paired difference A - B; 'separates' when that "
         "interval excludes 0.\nThe scenarios come first; the options apply "
         "to both (docs/CORRUPTION.md)."},
    {.name = "report",
     .handler = cmd_report,
     .options = report_options,
     .opts_size = &report_opts_size,
     .max_args = CLI_MAX_ARGS,
     .too_many = "at most 64 run directories",
     .synopsis = "DIR... [-o FILE] [--data DIR] [--d3 FILE]",
     .summary = "one self-contained HTML page of run directories",
     .help = "One self-contained HTML file: homicides against INEGI's with "
             "MAPE and r,\nmembers, deaths, arrests and recruits with bands, "
             "directories (policies)\nagainst each other, the largest groups, "
             "dated events, a map of the\nstates by year."},
    {.name = "fit",
     .handler = cmd_fit,
     .options = fit_options,
     .opts_size = &fit_opts_size,
     .scenario = 1,
     .max_args = 1,
     .too_many = "one scenario only",
     .synopsis = "[SCENARIO] [-n N] [options]",
     .summary = "homicides per year and by state against INEGI's data",
     .help = "Homicides per year and by state against INEGI's data (MAPE, "
             "r): the mean of\nN replicates, with bands."},
    {.name = "calibrate",
     .handler = cmd_calibrate,
     .options = calibrate_options,
     .opts_size = &calibrate_opts_size,
     .scenario = 1,
     .max_args = 1,
     .too_many = "one scenario only",
     .synopsis = "[SCENARIO] --param NAME [--param NAME]... [options]",
     .summary = "fit parameters to INEGI's data (Nelder-Mead, GSL)",
     .help = "Fits parameters to INEGI's data by GSL's Nelder-Mead simplex "
             "over their\nlogarithms, minimising MAPE + 100 (1 - r) "
             "(docs/MODEL.md, Calibration)."},
    {.name = "params",
     .handler = cmd_params,
     .options = params_options,
     .opts_size = &params_opts_size,
     .synopsis = "[--markdown]",
     .summary = "list every parameter: unit, default, range, meaning, source",
     .help = "Lists every parameter: unit, default, range, meaning and "
             "source."},
    {.name = "show-default",
     .handler = cmd_show_default,
     .synopsis = "",
     .summary = "print the embedded default scenario",
     .help = "Prints the embedded default scenario (scenarios/mexico.yaml)."},
    {.name = "help",
     .handler = cmd_help,
     .max_args = CLI_MAX_ARGS,
     .too_many = "one command at most",
     .synopsis = "[COMMAND]",
     .summary = "this list, or the help of a command",
     .help = "Prints the list of commands, or the usage and options of one."},
    {.name = "version",
     .handler = cmd_version,
     .synopsis = "",
     .summary = "print plaza's version (also --version)",
     .help = "Prints plaza's version."},
};

const size_t cli_ncommands = sizeof cli_commands / sizeof *cli_commands;

const cli_command *cli_find(const char *name)
{
    for (size_t i = 0; i < cli_ncommands; i++)
        if (!strcmp(cli_commands[i].name, name))
            return &cli_commands[i];
    return NULL;
}

/* The texts plaza --help shares with the manual page (man.c). */
const char cli_tagline[] = "a simulator of organized crime, corruption and "
                           "law\nenforcement, with Mexico as its case.\n";
const char cli_notes[] =
    "'plaza help COMMAND' or 'plaza COMMAND --help' shows a command's "
    "usage and\noptions.  SCENARIO is a YAML file (docs/SCENARIOS.md); "
    "without one, plaza\nruns the embedded default "
    "(scenarios/mexico.yaml, needs no data directory).\n"
    "A command refuses an option it does not take (exit status 2).\n";
const char cli_limits[] =
    "Input files must be regular files (not FIFOs or devices) within "
    "the limits\nof docs/SCENARIOS.md (Limits): scenario 4 MiB, CSV 1 "
    "GiB, checkpoint 2 GiB,\nnames 200 bytes, 2000 groups, 5000 "
    "regions.\n";
const char cli_exit_status[] =
    "Exit status: 0 success, 2 bad input (one message naming file, "
    "line, key\nand value), 1 any other failure.\n";

static void print_usage(FILE *f)
{
    fprintf(f, "plaza " PZ_VERSION " - %s\n", cli_tagline);
    fputs("Usage: plaza COMMAND [ARGUMENTS] [OPTIONS]\n\nCommands:\n", f);
    for (size_t i = 0; i < cli_ncommands; i++)
        fprintf(f, "  %-14s%s\n", cli_commands[i].name,
                cli_commands[i].summary);
    fprintf(f, "\n%s\n%s", cli_notes, cli_exit_status);
}

int cmd_help(const cli_call *c)
{
    if (c->nargs == 0) {
        print_usage(stdout);
        return 0;
    }
    if (c->nargs > 1) {
        fprintf(stderr, "plaza help: one command at most, got '%s' and '%s'\n",
                c->args[0], c->args[1]);
        return EXIT_INPUT;
    }
    const cli_command *cmd = cli_find(c->args[0]);
    if (!cmd) {
        fprintf(stderr,
                "plaza help: unknown command '%s' (see 'plaza --help')\n",
                c->args[0]);
        return EXIT_INPUT;
    }
    cli_print_help(stdout, cmd);
    return 0;
}

int cmd_version(const cli_call *c)
{
    (void)c;
    printf("plaza %s\n", pz_version());
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_INPUT;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
        print_usage(stdout);
        return 0;
    }
    if (!strcmp(name, "--version"))
        name = "version";
    if (!strcmp(name, "--man") && argc == 2) { /* hidden: the build's */
        cli_print_man(stdout);
        return ferror(stdout) ? 1 : 0;
    }
    const cli_command *cmd = cli_find(name);
    if (!cmd) {
        fprintf(stderr, "plaza: unknown command '%s' (see 'plaza --help')\n",
                name);
        return EXIT_INPUT;
    }
    cli_call call;
    int help;
    int code = cli_parse(cmd, argc, argv, &call, &help);
    if (code == 0 && help) {
        cli_print_help(stdout, cmd);
    } else if (code == 0) {
        /* the scenario of the commands that take one */
        if (cmd->scenario && cmd->max_args == 1 && call.nargs == 1)
            ((cli_scenario *)call.opts)->file = call.args[0];
        char *line = cli_join_argv(argc, argv);
        call.command = line;
        code = cmd->handler(&call);
        free(line);
    }
    free(call.opts);
    return code;
}
