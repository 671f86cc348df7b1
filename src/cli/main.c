/*
 * main.c - the plaza command: run scenarios, compare policies, list
 * parameters.  Built only on the public API in include/plaza/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/event_study.h"
#include "cli/signatures.h"
#ifdef PLAZA_HAVE_MPI
#include <mpi.h>
#endif
#include "plaza/ensemble.h"
#include "plaza/model.h"
#include "plaza/params.h"
#include "plaza/report.h"
#include "plaza/run.h"
#include "plaza/scenario.h"
#include "plaza/sweep.h"

static const char usage[] =
    "plaza " PZ_VERSION
    " - a simulator of organized crime, corruption and law\n"
    "enforcement, with Mexico as its case.\n"
    "\n"
    "Usage:\n"
    "  plaza run [SCENARIO] [options]       run a scenario; write a run "
    "directory\n"
    "  plaza policies [SCENARIO] [options]  run every policy of a scenario "
    "and\n"
    "                                       print members and deaths compared\n"
    "  plaza ensemble [SCENARIO] -n N [--threads T] [options]\n"
    "                                       N replicates summarised: mean and\n"
    "                                       5/25/50/75/95% quantiles per step\n"
    "  plaza compare [SCENARIO] --policy A --policy B [-n N] [options]\n"
    "                                       B minus A over the same "
    "replicates\n"
    "                                       (common random numbers), with 95%\n"
    "                                       intervals, beside independent "
    "seeds\n"
    "  plaza sweep [SCENARIO] --param NAME=LO:HI... [--design grid|lhs|sobol]\n"
    "              [-k K] [-n N] [--threads T] --db FILE\n"
    "                                       runs over a design of parameters,\n"
    "                                       recorded in a SQLite database\n"
    "  plaza event-study [SCENARIO] [-n N] [--threads T] [-o DIR] [--csv]\n"
    "                                       homicides around leader removals\n"
    "                                       against the literature's effects\n"
    "  plaza signatures A.yaml B.yaml [-n N] [--threads T] [-o DIR] [--csv]\n"
    "                                       signatures that separate two\n"
    "                                       hypotheses about corruption, A - "
    "B\n"
    "                                       with 95% intervals\n"
    "  plaza report DIR... [-o FILE] [--data DIR] [--d3 FILE]\n"
    "                                       one self-contained HTML file: "
    "series\n"
    "                                       with bands, runs against each "
    "other,\n"
    "                                       a map of the states by year\n"
    "  plaza fit [SCENARIO] [-n N] [options] homicides per year and by state\n"
    "                                       against INEGI's data (MAPE, r),\n"
    "                                       mean of N replicates with bands\n"
    "  plaza calibrate [SCENARIO] --param NAME [--param NAME]... [options]\n"
    "                                       fit parameters to those data\n"
    "                                       (Nelder-Mead, GSL)\n"
    "  plaza params [--markdown]            list every parameter: unit, "
    "default,\n"
    "                                       range, meaning and source\n"
    "  plaza show-default                   print the embedded default "
    "scenario\n"
    "  plaza help [COMMAND] | --help | --version\n"
    "\n"
    "SCENARIO is a YAML file (docs/SCENARIOS.md); without one, plaza runs the\n"
    "embedded default (scenarios/mexico.yaml, needs no data directory).\n"
    "\n";

static const char usage_options[] =
    "Scenario options (run, policies, fit, calibrate, ensemble, compare,\n"
    "sweep):\n"
    "  -d, --data DIR       data directory for scenarios that read data files\n"
    "                       (default: the PLAZA_DATA environment variable)\n"
    "  -s, --seed N         master seed (default: the scenario's 'seed')\n"
    "      --set KEY=VALUE  override a parameter (repeatable; plaza params)\n"
    "      --deterministic  solve the ODE instead of drawing integer events\n"
    "      --stochastic     draw integer events (overrides the scenario)\n"
    "  -p, --policy NAME    apply one of the scenario's policies (not in\n"
    "                       policies, which runs them all; compare takes two)\n"
    "Options of run:\n"
    "  -o, --out DIR        run directory (default: plaza-out)\n"
    "  -r, --replicate R    replicate number; replicates of one seed draw\n"
    "                       independent random numbers (default: 0)\n"
    "      --no-groups      do not write groups.csv\n"
    "      --checkpoint-at DATE  also write DIR/checkpoint.plz at the first\n"
    "                       step on or after DATE (the run goes on)\n"
    "      --resume FILE    continue the run saved in a checkpoint; its\n"
    "                       tables are byte-identical to an uninterrupted\n"
    "                       run's (give only --out, --data, --no-groups)\n"
    "Options of policies:\n"
    "  -n, --replicates N   stochastic replicates per policy, same seeds for\n"
    "                       every policy (default: 1); prints mean and 90%\n"
    "                       range\n"
    "  -r, --replicate R    the first replicate (default: 0)\n"
    "      --csv            print the table as CSV\n"
    "  -o, --out DIR        also write DIR/POLICY/ run directories (replicate "
    "0)\n"
    "      --no-groups      without groups.csv\n"
    "Options of ensemble:\n"
    "  -n, --replicates N   replicates 0..N-1 of the seed (default: 100); in\n"
    "                       deterministic mode the one distinct run\n"
    "  -t, --threads T      threads (default: all cores); the outputs do not\n"
    "                       depend on T\n"
    "  -o, --out DIR        DIR/national_summary.csv, DIR/regions_summary.csv\n"
    "                       (states, for scenarios with regions), "
    "manifest.json\n"
    "      --db FILE        also record every replicate's outcomes in SQLite\n";

static const char usage_options2[] =
    "Options of compare:\n"
    "  -p, --policy NAME    twice: policies A and B (B minus A is reported)\n"
    "  -n, --replicates N   replicates R..R+N-1 of each (default: 100)\n"
    "  -r, --replicate R    the first replicate (default: 0)\n"
    "      --db FILE        also record every run of both arms in SQLite\n"
    "Options of sweep:\n"
    "      --param NAME=LO:HI  a parameter and its range (repeatable)\n"
    "      --design D       grid (K levels each), lhs (Latin hypercube of K\n"
    "                       points) or sobol (first K Sobol points); default "
    "lhs\n"
    "  -k, --points K       default 10\n"
    "  -n N                 replicates per point (default 1)\n"
    "  -t, --threads T      threads (default: all cores)\n"
    "      --db FILE        the SQLite database (created or appended to)\n"
    "Options of fit:\n"
    "  -n, --replicates N   replicates 0..N-1, averaged (default: 20; one run\n"
    "                       when deterministic); their 95% range is shown\n"
    "  -t, --threads T      threads (default: all cores); the fit does not\n"
    "                       depend on T\n"
    "Options of calibrate:\n"
    "  -n, --replicates N   each evaluation the mean of replicates 0..N-1,\n"
    "                       the same at every point (default: 1)\n"
    "  -t, --threads T      threads (default: all cores)\n"
    "      --param NAME     a parameter to fit (repeatable; searched over its\n"
    "                       logarithm from its scenario value)\n"
    "      --max-iter N     simplex iterations at most (default: 200)\n"
    "      --pc2023-targets also fit members at the end of 2021 (172,500)\n"
    "                       and members killed in 2021 (6,500), PC2023's\n"
    "                       estimates\n"
    "      --pc2023-members also fit members at the end of 2021 (172,500),\n"
    "                       but not members killed\n"
    "A command refuses an option it does not take (exit status 2).\n"
    "\n"
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
    "ending at step t.\n"
    "\n"
    "Exit status: 0 success, 2 bad input (one message naming file, line, key\n"
    "and value), 1 any other failure.\n";

static void print_usage(FILE *f)
{
    fputs(usage, f);
    fputs(usage_options, f);
    fputs(usage_options2, f);
}

static unsigned command_bit(const char *cmd);

/* Writes the lines of text from p that belong together: the line at p and
 * the lines after it that start with at least `indent` spaces. */
static void put_block(FILE *f, const char *p, int indent)
{
    for (;;) {
        const char *e = strchr(p, '\n');
        if (!e)
            return;
        fwrite(p, 1, (size_t)(e - p) + 1, f);
        p = e + 1;
        int k = 0;
        while (p[k] == ' ')
            k++;
        if (k < indent || p[k] == '\n' || p[k] == '\0')
            return;
    }
}

/* The section of text whose first line starts with head (at a line's
 * start): that line and the next ones, up to a blank line or the next
 * section ("Options of ...", "A command ..."). */
static void put_section(FILE *f, const char *text, const char *head)
{
    size_t n = strlen(head);
    const char *p = text;
    while (p && strncmp(p, head, n) != 0)
        if ((p = strchr(p, '\n')) != NULL)
            p++;
    for (int first = 1; p && *p && *p != '\n'; first = 0) {
        if (!first && (strncmp(p, "Options of ", 11) == 0 ||
                       strncmp(p, "A command ", 10) == 0))
            return;
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) + 1 : strlen(p);
        fwrite(p, 1, len, f);
        p = e ? e + 1 : NULL;
    }
}

/* The help of one command (plaza help COMMAND, plaza COMMAND --help): its
 * lines of the summary, the scenario options when it takes them, its own
 * options and, for run, its outputs.  -1 when cmd is no command. */
static int print_command_help(FILE *f, const char *cmd)
{
    size_t n = strlen(cmd);
    int found = 0;
    for (const char *p = strstr(usage, "\n  plaza "); p;
         p = strstr(p + 1, "\n  plaza ")) {
        const char *name = p + 9;
        if (strncmp(name, cmd, n) == 0 && (name[n] == ' ' || name[n] == '\n')) {
            if (!found)
                fputs("Usage:\n", f);
            found = 1;
            put_block(f, p + 1, 8);
        }
    }
    if (!found)
        return -1;
    if (command_bit(cmd) != 0 && strcmp(cmd, "event-study") != 0 &&
        strcmp(cmd, "signatures") != 0) {
        fputc('\n', f);
        put_section(f, usage_options, "Scenario options");
        char head[64];
        snprintf(head, sizeof head, "Options of %s:", cmd);
        put_section(f, usage_options, head);
        put_section(f, usage_options2, head);
        fputs("A command refuses an option it does not take (exit status "
              "2).\n",
              f);
    }
    if (!strcmp(cmd, "run")) {
        fputc('\n', f);
        put_section(f, usage_options2, "Outputs");
    }
    fputc('\n', f);
    put_section(f, usage_options2, "Exit status");
    return 0;
}

unsigned cli_threads(const cli_opts *o)
{
    if (o->threads > 0)
        return o->threads;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    return ncpu > 0 ? (unsigned)ncpu : 1;
}

int cli_exit_code(pz_status st)
{
    return st == PZ_OK ? 0 : st == PZ_ERR_INPUT ? EXIT_INPUT : 1;
}

static int parse_uint(const char *cmd, const char *opt, const char *s,
                      uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*s == '\0' || *s == '-' || *end != '\0' || errno != 0 || v > max) {
        fprintf(stderr,
                "plaza %s: %s: expected an integer in [0, %llu], got '%s'\n",
                cmd, opt, (unsigned long long)max, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* The commands that share cli_parse, and which of them takes which
 * option: a command refuses the options it does not take. */
enum {
    C_RUN = 1 << 0,
    C_POLICIES = 1 << 1,
    C_FIT = 1 << 2,
    C_CALIBRATE = 1 << 3,
    C_ENSEMBLE = 1 << 4,
    C_COMPARE = 1 << 5,
    C_SWEEP = 1 << 6,
    C_EVENT_STUDY = 1 << 7,
    C_SIGNATURES = 1 << 8,
    C_ALL = (1 << 9) - 1
};
static const char *const command_names[] = {
    "run",     "policies", "fit",         "calibrate", "ensemble",
    "compare", "sweep",    "event-study", "signatures"};

typedef struct cli_option {
    const char *shrt, *lng; /* "-o" (or NULL), "--out" */
    int value;              /* takes a value */
    unsigned cmds;          /* the commands that take it */
} cli_option;

static const cli_option options[] = {
    {"-d", "--data", 1, C_ALL},
    {"-s", "--seed", 1, C_ALL},
    {NULL, "--set", 1, C_ALL},
    {NULL, "--deterministic", 0, C_ALL},
    {NULL, "--stochastic", 0, C_ALL},
    {"-h", "--help", 0, C_ALL},
    {"-p", "--policy", 1, C_ALL & ~C_POLICIES},
    {"-o", "--out", 1,
     C_RUN | C_POLICIES | C_ENSEMBLE | C_EVENT_STUDY | C_SIGNATURES},
    {"-r", "--replicate", 1, C_RUN | C_POLICIES | C_COMPARE},
    {"-n", "--replicates", 1,
     C_POLICIES | C_FIT | C_CALIBRATE | C_ENSEMBLE | C_COMPARE | C_SWEEP |
         C_EVENT_STUDY | C_SIGNATURES},
    {NULL, "--no-groups", 0, C_RUN | C_POLICIES},
    {NULL, "--checkpoint-at", 1, C_RUN},
    {NULL, "--resume", 1, C_RUN},
    {NULL, "--csv", 0, C_POLICIES | C_EVENT_STUDY | C_SIGNATURES},
    {"-t", "--threads", 1,
     C_FIT | C_CALIBRATE | C_ENSEMBLE | C_SWEEP | C_EVENT_STUDY | C_SIGNATURES},
    {NULL, "--db", 1, C_ENSEMBLE | C_COMPARE | C_SWEEP},
    {NULL, "--param", 1, C_CALIBRATE | C_SWEEP},
    {NULL, "--design", 1, C_SWEEP},
    {"-k", "--points", 1, C_SWEEP},
    {NULL, "--max-iter", 1, C_CALIBRATE},
    {NULL, "--pc2023-targets", 0, C_CALIBRATE},
    {NULL, "--pc2023-members", 0, C_CALIBRATE},
};

static unsigned command_bit(const char *cmd)
{
    for (size_t i = 0; i < sizeof command_names / sizeof *command_names; i++)
        if (strcmp(cmd, command_names[i]) == 0)
            return 1u << i;
    return 0;
}

int cli_parse(const char *cmd, int argc, char **argv, int first, cli_opts *o)
{
    const unsigned bit = command_bit(cmd);
    memset(o, 0, sizeof *o);
    o->out = NULL;
    o->mode = -1;
    o->replicates = 1;
    o->max_iter = 200;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        char name[64];
        if (a[0] != '-' || a[1] == '\0') {
            if (o->scenario) {
                fprintf(stderr,
                        "plaza %s: unexpected argument '%s' (one scenario "
                        "only)\n",
                        cmd, a);
                return EXIT_INPUT;
            }
            o->scenario = a;
            continue;
        }
        /* --opt=value */
        const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        if (nlen >= sizeof name)
            nlen = sizeof name - 1;
        memcpy(name, a, nlen);
        name[nlen] = '\0';
        if (eq)
            val = eq + 1;
        const cli_option *op = NULL;
        for (size_t k = 0; !op && k < sizeof options / sizeof *options; k++)
            if ((options[k].shrt && strcmp(name, options[k].shrt) == 0) ||
                strcmp(name, options[k].lng) == 0)
                op = &options[k];
        if (!op) {
            fprintf(stderr,
                    "plaza %s: unknown option '%s' (see 'plaza --help')\n", cmd,
                    name);
            return EXIT_INPUT;
        }
        if (!(op->cmds & bit)) {
            fprintf(stderr,
                    "plaza %s: option %s does not apply to %s (see plaza %s "
                    "--help)\n",
                    cmd, name, cmd, cmd);
            return EXIT_INPUT;
        }
#define IS(l) (strcmp(op->lng, l) == 0)
        if (!op->value) {
            if (val) {
                fprintf(stderr, "plaza %s: %s takes no value\n", cmd, name);
                return EXIT_INPUT;
            }
            if (IS("--deterministic"))
                o->mode = PZ_MODE_DETERMINISTIC;
            else if (IS("--stochastic"))
                o->mode = PZ_MODE_STOCHASTIC;
            else if (IS("--no-groups"))
                o->no_groups = 1;
            else if (IS("--csv"))
                o->csv = 1;
            else if (IS("--pc2023-targets") || IS("--pc2023-members")) {
                int want = IS("--pc2023-targets") ? 1 : 2;
                if (o->pc2023_targets && o->pc2023_targets != want) {
                    fprintf(stderr,
                            "plaza %s: give one of --pc2023-targets "
                            "and --pc2023-members\n",
                            cmd);
                    return EXIT_INPUT;
                }
                o->pc2023_targets = want;
            } else
                o->help = 1;
            continue;
        }
        if (!val) {
            if (i + 1 >= argc) {
                fprintf(stderr, "plaza %s: %s needs a value\n", cmd, name);
                return EXIT_INPUT;
            }
            val = argv[++i];
        }
        uint64_t u;
        if (IS("--out")) {
            o->out = val;
        } else if (IS("--data")) {
            o->data = val;
        } else if (IS("--policy")) {
            if (strcmp(cmd, "compare") == 0) {
                if (o->ncompare == 2) {
                    fprintf(stderr, "plaza compare: give exactly two "
                                    "--policy options\n");
                    return EXIT_INPUT;
                }
                o->compare[o->ncompare++] = val;
            } else {
                o->policy = val;
            }
        } else if (IS("--param")) {
            if (o->nparams == 64) {
                fprintf(stderr, "plaza %s: too many --param options\n", cmd);
                return EXIT_INPUT;
            }
            o->params[o->nparams++] = val;
        } else if (IS("--checkpoint-at")) {
            o->checkpoint_at = val;
        } else if (IS("--resume")) {
            o->resume = val;
        } else if (IS("--design")) {
            o->design = val;
        } else if (IS("--db")) {
            o->db = val;
        } else if (IS("--points")) {
            if (parse_uint(cmd, name, val, 1000000, &u) != 0)
                return EXIT_INPUT;
            o->points = (unsigned)u;
            if (u == 0) {
                fprintf(stderr, "plaza %s: %s: must be at least 1, got '%s'\n",
                        cmd, name, val);
                return EXIT_INPUT;
            }
        } else if (IS("--threads")) {
            if (parse_uint(cmd, name, val, 1024, &u) != 0)
                return EXIT_INPUT;
            if (u == 0) {
                fprintf(stderr, "plaza %s: %s: must be at least 1, got '%s'\n",
                        cmd, name, val);
                return EXIT_INPUT;
            }
            o->threads = (unsigned)u;
        } else if (IS("--max-iter")) {
            if (parse_uint(cmd, name, val, 100000, &u) != 0)
                return EXIT_INPUT;
            o->max_iter = (int)u;
        } else if (IS("--set")) {
            if (o->nsets == CLI_MAX_SETS) {
                fprintf(stderr, "plaza %s: too many --set options\n", cmd);
                return EXIT_INPUT;
            }
            o->sets[o->nsets++] = val;
        } else if (IS("--seed")) {
            if (parse_uint(cmd, name, val, 4294967295u, &u) != 0)
                return EXIT_INPUT;
            o->seed = u;
            o->have_seed = 1;
        } else if (IS("--replicate")) {
            if (parse_uint(cmd, name, val, 4294967295u, &u) != 0)
                return EXIT_INPUT;
            o->replicate = (uint32_t)u;
            o->have_replicate = 1;
        } else {
            if (parse_uint(cmd, name, val, 1000000, &u) != 0)
                return EXIT_INPUT;
            if (u == 0) {
                fprintf(stderr, "plaza %s: %s: must be at least 1, got '%s'\n",
                        cmd, name, val);
                return EXIT_INPUT;
            }
            o->replicates = (unsigned)u;
            o->have_n = 1;
        }
#undef IS
    }
    if (!o->data) {
        const char *env = getenv("PLAZA_DATA");
        if (env && *env)
            o->data = env;
    }
    return 0;
}

pz_scenario *cli_load(const char *cmd, const cli_opts *o, int *status)
{
    pz_scenario *sc = NULL;
    pz_error err;
    pz_status st;
    char buf[64];
    if (o->scenario)
        st = pz_scenario_load_file(o->scenario, o->data, &sc, &err);
    else
        st = pz_scenario_load_default(&sc, &err);
    for (int i = 0; st == PZ_OK && i < o->nsets; i++)
        st = pz_scenario_set(sc, o->sets[i], &err);
    if (st == PZ_OK && o->have_seed) {
        snprintf(buf, sizeof buf, "seed=%llu", (unsigned long long)o->seed);
        st = pz_scenario_set(sc, buf, &err);
    }
    if (st == PZ_OK && o->mode >= 0)
        st = pz_scenario_set(sc,
                             o->mode == PZ_MODE_DETERMINISTIC
                                 ? "mode=deterministic"
                                 : "mode=stochastic",
                             &err);
    if (st == PZ_OK && o->policy)
        st = pz_scenario_use_policy(sc, o->policy, &err);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza %s: %s\n", cmd, err.msg);
        pz_scenario_free(sc);
        *status = cli_exit_code(st);
        return NULL;
    }
    *status = 0;
    return sc;
}

/* The command line as one string, each argument shell-quoted when it
 * holds anything but plain characters, for the manifest. */
static char *join_argv(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += 4 * strlen(argv[i]) + 3;
    char *s = malloc(n), *w = s;
    if (!s)
        return NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int plain = *a != '\0' &&
                    strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
                              "VWXYZ0123456789-_./=:,+@%") == strlen(a);
        if (i)
            *w++ = ' ';
        if (plain) {
            w += sprintf(w, "%s", a);
            continue;
        }
        *w++ = '\'';
        for (; *a; a++) {
            if (*a == '\'') {
                memcpy(w, "'\\''", 4);
                w += 4;
            } else {
                *w++ = *a;
            }
        }
        *w++ = '\'';
    }
    *w = '\0';
    return s;
}

/* A progress bar on stderr when it is a terminal: done/total, rate and
 * time left. */
typedef struct bar {
    struct timespec t0;
} bar;

static void show_bar(void *ud, uint32_t done, uint32_t total)
{
    bar *b = ud;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double el = (double)(now.tv_sec - b->t0.tv_sec) +
                1e-9 * (double)(now.tv_nsec - b->t0.tv_nsec);
    double rate = el > 0 ? done / el : 0;
    double left = rate > 0 ? (total - done) / rate : 0;
    int width = 30, fill = (int)(width * (double)done / total);
    fprintf(stderr, "\r[%.*s%*s] %u/%u  %.1f/s  %.0fs left ", fill,
            "==============================", width - fill, "", done, total,
            rate, left);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

static int cmd_run(const cli_opts *o)
{
    int code;
    pz_error err;
    pz_scenario *sc = NULL;
    pz_checkpoint *ck = NULL;
    long day = -1;
    if (o->checkpoint_at &&
        pz_date_parse(o->checkpoint_at, &day, NULL) != PZ_OK) {
        fprintf(stderr,
                "plaza run: --checkpoint-at: expected a date YYYY-MM-DD, got "
                "'%s'\n",
                o->checkpoint_at);
        return EXIT_INPUT;
    }
    if (o->resume) {
        if (o->scenario || o->nsets || o->have_seed || o->policy ||
            o->mode >= 0 || o->checkpoint_at || o->have_replicate) {
            fprintf(stderr, "plaza run: --resume takes the scenario, its "
                            "parameters, policy and replicate from the "
                            "checkpoint; give only --out, --data and "
                            "--no-groups\n");
            return EXIT_INPUT;
        }
        pz_status cst = pz_checkpoint_read(o->resume, o->data, &sc, &ck, &err);
        if (cst != PZ_OK) {
            fprintf(stderr, "plaza run: %s\n", err.msg);
            return cli_exit_code(cst);
        }
    } else if (!(sc = cli_load("run", o, &code))) {
        return code;
    }
    pz_run_options opt;
    pz_run_options_init(&opt);
    opt.checkpoint_day = day;
    opt.resume = ck;
    if (o->out)
        opt.out_dir = o->out;
    bar b;
    if (isatty(STDERR_FILENO)) {
        clock_gettime(CLOCK_MONOTONIC, &b.t0);
        opt.progress = show_bar;
        opt.progress_ud = &b;
    }
    opt.replicate = ck ? pz_checkpoint_replicate(ck) : o->replicate;
    opt.write_groups = !o->no_groups;
    opt.command = o->command;
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

#ifdef PLAZA_HAVE_MPI
/* The ensemble's combine step: sums over the ranks, result in all. */
static void mpi_sum(double *buf, size_t n, void *ud)
{
    (void)ud;
    for (size_t off = 0; off < n; off += 1u << 30) {
        size_t k = n - off < (1u << 30) ? n - off : (1u << 30);
        MPI_Allreduce(MPI_IN_PLACE, buf + off, (int)k, MPI_DOUBLE, MPI_SUM,
                      MPI_COMM_WORLD);
    }
}
#endif

int cmd_ensemble(const cli_opts *o)
{
    int code;
    pz_error err;
    pz_scenario *sc = cli_load("ensemble", o, &code);
    if (!sc)
        return code;
    pz_ensemble_options opt = {.out_dir = o->out ? o->out : "plaza-out",
                               .n = o->have_n ? o->replicates : 100,
                               .threads = o->threads,
                               .command = o->command,
                               .db = o->db};
#ifdef PLAZA_HAVE_MPI
    int inited = 0, rank = 0, size = 1;
    MPI_Initialized(&inited);
    if (!inited)
        MPI_Init(NULL, NULL);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size > 1) {
        opt.rank = (unsigned)rank;
        opt.nranks = (unsigned)size;
        opt.combine = mpi_sum;
    }
#endif
    bar b;
    if (isatty(STDERR_FILENO) && opt.rank == 0) {
        clock_gettime(CLOCK_MONOTONIC, &b.t0);
        opt.progress = show_bar;
        opt.progress_ud = &b;
    }
    opt.threads = cli_threads(o);
    pz_status st = pz_ensemble_run(sc, &opt, &err);
    uint32_t ran = pz_ensemble_replicates(sc, opt.n);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza ensemble: %s\n", err.msg);
    } else if (opt.rank == 0) {
        if (ran < opt.n)
            fprintf(stderr,
                    "plaza ensemble: note: a deterministic ensemble has one "
                    "distinct replicate, so the model ran once, not %u "
                    "times\n",
                    opt.n);
        printf("plaza ensemble: %s, %u replicate%s on %u threads%s -> %s/\n",
               pz_scenario_name(sc), ran, ran == 1 ? "" : "s", opt.threads,
               opt.nranks > 1 ? " in each of the MPI ranks" : "", opt.out_dir);
    }
    pz_scenario_free(sc);
#ifdef PLAZA_HAVE_MPI
    if (!inited)
        MPI_Finalize();
#endif
    return cli_exit_code(st);
}

int cmd_sweep(const cli_opts *o)
{
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
    if (o->nparams == 0) {
        fprintf(stderr, "plaza sweep: name the parameters to sweep with "
                        "--param NAME=LO:HI\n");
        return EXIT_INPUT;
    }
    for (int i = 0; i < o->nparams; i++) {
        snprintf(copy[i], sizeof copy[i], "%s", o->params[i]);
        if (pz_sweep_param_parse(copy[i], &p[i], &err) != PZ_OK) {
            fprintf(stderr, "plaza sweep: %s\n", err.msg);
            return EXIT_INPUT;
        }
    }
    pz_scenario *sc = cli_load("sweep", o, &code);
    if (!sc)
        return code;
    pz_sweep_options opt = {o->db,
                            design,
                            o->points ? o->points : 10,
                            o->have_n ? o->replicates : 1,
                            o->threads,
                            o->command,
                            NULL,
                            NULL};
    opt.threads = cli_threads(o);
    bar b;
    if (isatty(STDERR_FILENO)) {
        clock_gettime(CLOCK_MONOTONIC, &b.t0);
        opt.progress = show_bar;
        opt.progress_ud = &b;
    }
    pz_status st = pz_sweep_run(sc, p, (size_t)o->nparams, &opt, &err);
    if (st != PZ_OK)
        fprintf(stderr, "plaza sweep: %s\n", err.msg);
    else
        printf("plaza sweep: %s -> %s\n", pz_scenario_name(sc), o->db);
    pz_scenario_free(sc);
    return cli_exit_code(st);
}

/* plaza report DIR... [-o FILE] [--data DIR] [--d3 FILE] */
static int cmd_report(int argc, char **argv)
{
    const char *dirs[64], *out = "report.html", *data = getenv("PLAZA_DATA");
    const char *d3 = NULL;
    size_t n = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        int takes = !strcmp(a, "-o") || !strcmp(a, "--out") ||
                    !strcmp(a, "-d") || !strcmp(a, "--data") ||
                    !strcmp(a, "--d3");
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            print_command_help(stdout, "report");
            return 0;
        }
        if (takes) {
            if (i + 1 >= argc) {
                fprintf(stderr, "plaza report: %s needs a value\n", a);
                return EXIT_INPUT;
            }
            const char *v = argv[++i];
            if (a[1] == 'o' || !strcmp(a, "--out"))
                out = v;
            else if (!strcmp(a, "--d3"))
                d3 = v;
            else
                data = v;
        } else if (a[0] == '-') {
            fprintf(stderr, "plaza report: unknown option '%s'\n", a);
            return EXIT_INPUT;
        } else if (n == 64) {
            fprintf(stderr, "plaza report: at most 64 run directories\n");
            return EXIT_INPUT;
        } else {
            dirs[n++] = a;
        }
    }
    if (n == 0) {
        fprintf(stderr, "plaza report: give one or more run directories\n");
        return EXIT_INPUT;
    }
    pz_error err;
    pz_status st =
        pz_report_write(dirs, n, data && *data ? data : NULL, d3, out, &err);
    if (st != PZ_OK) {
        fprintf(stderr, "plaza report: %s\n", err.msg);
        return cli_exit_code(st);
    }
    printf("plaza report: %s\n", out);
    return 0;
}

static void md_escape(const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", stdout);
        else
            putchar(*s);
    }
}

static int cmd_params(int markdown)
{
    char def[64], lo[64], hi[64];
    if (markdown) {
        printf("| name | type | unit | default | range | can change on the "
               "timeline | meaning | source |\n|---|---|---|---|---|---|---|"
               "---|\n");
    }
    for (int i = 0; i < PZ_P_COUNT; i++) {
        const pz_param_info *p = pz_param_info_get((pz_param_id)i);
        static const char *const types[] = {"real", "integer", "choice",
                                            "date"};
        pz_param_format((pz_param_id)i, p->def, def, sizeof def);
        if (p->type == PZ_PARAM_ENUM) {
            size_t off = 0;
            for (int c = 0; p->choices[c] && off < sizeof lo; c++)
                off += (size_t)snprintf(lo + off, sizeof lo - off, "%s%s",
                                        c ? ", " : "", p->choices[c]);
            hi[0] = '\0';
        } else if (p->type == PZ_PARAM_DATE) {
            snprintf(lo, sizeof lo, "any date");
            hi[0] = '\0';
        } else {
            snprintf(lo, sizeof lo, "[%.10g, ", p->min);
            snprintf(hi, sizeof hi, "%.10g]", p->max);
        }
        if (markdown) {
            printf("| `%s` | %s | %s | %s | %s%s | %s | ", p->name,
                   types[p->type], p->unit, def, lo, hi,
                   p->dynamic ? "yes" : "no");
            md_escape(p->description);
            fputs(" | ", stdout);
            md_escape(p->source);
            puts(" |");
        } else {
            printf("%-22s %-8s %-16s default %-12s %s%s%s\n    %s\n    source: "
                   "%s\n",
                   p->name, types[p->type], p->unit, def, lo, hi,
                   p->dynamic ? "  (can change on the timeline)" : "",
                   p->description, p->source);
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_INPUT;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        if (!strcmp(cmd, "help") && argc > 2) {
            if (argc > 3) {
                fprintf(stderr,
                        "plaza help: one command at most, got '%s' "
                        "and '%s'\n",
                        argv[2], argv[3]);
                return EXIT_INPUT;
            }
            /* these two print their own, longer help */
            if (!strcmp(argv[2], "event-study") ||
                !strcmp(argv[2], "signatures")) {
                static char help_opt[] = "--help";
                char *args[] = {argv[0], argv[2], help_opt, NULL};
                return !strcmp(argv[2], "signatures")
                           ? cmd_signatures(3, args)
                           : cmd_event_study(3, args);
            }
            if (print_command_help(stdout, argv[2]) != 0) {
                fprintf(stderr,
                        "plaza help: unknown command '%s' (see "
                        "'plaza --help')\n",
                        argv[2]);
                return EXIT_INPUT;
            }
            return 0;
        }
        print_usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("plaza %s\n", pz_version());
        return 0;
    }
    if (!strcmp(cmd, "params")) {
        int md = 0;
        for (int i = 2; i < argc; i++) {
            if (!strcmp(argv[i], "--markdown")) {
                md = 1;
            } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
                print_command_help(stdout, "params");
                return 0;
            } else {
                fprintf(stderr, "plaza params: unknown option '%s'\n", argv[i]);
                return EXIT_INPUT;
            }
        }
        return cmd_params(md);
    }
    if (!strcmp(cmd, "report"))
        return cmd_report(argc, argv);
    if (!strcmp(cmd, "event-study"))
        return cmd_event_study(argc, argv);
    if (!strcmp(cmd, "signatures"))
        return cmd_signatures(argc, argv);
    if (!strcmp(cmd, "show-default")) {
        if (argc > 2 &&
            (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
            print_command_help(stdout, "show-default");
            return 0;
        }
        if (argc > 2) {
            fprintf(stderr, "plaza show-default: takes no argument, got '%s'\n",
                    argv[2]);
            return EXIT_INPUT;
        }
        size_t len;
        const char *t = pz_scenario_default_text(&len);
        fwrite(t, 1, len, stdout);
        return 0;
    }
    if (!strcmp(cmd, "run") || !strcmp(cmd, "policies") ||
        !strcmp(cmd, "fit") || !strcmp(cmd, "calibrate") ||
        !strcmp(cmd, "ensemble") || !strcmp(cmd, "compare") ||
        !strcmp(cmd, "sweep")) {
        cli_opts o;
        int code = cli_parse(cmd, argc, argv, 2, &o);
        if (code)
            return code;
        if (o.help) {
            print_command_help(stdout, cmd);
            return 0;
        }
        char *command = join_argv(argc, argv);
        o.command = command;
        if (!strcmp(cmd, "run"))
            code = cmd_run(&o);
        else if (!strcmp(cmd, "policies"))
            code = cmd_policies(&o);
        else if (!strcmp(cmd, "fit"))
            code = cmd_fit(&o);
        else if (!strcmp(cmd, "ensemble"))
            code = cmd_ensemble(&o);
        else if (!strcmp(cmd, "compare"))
            code = cmd_compare(&o);
        else if (!strcmp(cmd, "sweep"))
            code = cmd_sweep(&o);
        else
            code = cmd_calibrate(&o);
        free(command);
        return code;
    }
    fprintf(stderr, "plaza: unknown command '%s' (see 'plaza --help')\n", cmd);
    return EXIT_INPUT;
}
