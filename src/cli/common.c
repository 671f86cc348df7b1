/*
 * common.c - what the plaza command's handlers share: the scenario
 * options and loading, threads, exit codes, the progress bar and the
 * command line recorded in manifests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "plaza/params.h"

const cli_option cli_scenario_options[] = {
    {.shrt = 'd',
     .name = "data",
     .kind = CLI_STR,
     .off = offsetof(cli_scenario, data),
     .arg = "DIR",
     .env = "PLAZA_DATA",
     .help = "data directory for scenarios that read data files\n"
             "(default: PLAZA_DATA, else plaza's own data/;\n"
             "'' for none)"},
    CLI_OPT_UINT('s', "seed", cli_scenario, seed, "N", 0, 4294967295u, 0,
                 "master seed (default: the scenario's 'seed')"),
    CLI_OPT_LIST(0, "set", cli_scenario, sets, "KEY=VALUE", CLI_MAX_LIST,
                 "override a parameter (repeatable; plaza params)"),
    CLI_OPT_FLAG(0, "deterministic", cli_scenario, mode, CLI_MODE_DETERMINISTIC,
                 "solve the ODE instead of drawing integer events"),
    CLI_OPT_FLAG(0, "stochastic", cli_scenario, mode, CLI_MODE_STOCHASTIC,
                 "draw integer events (overrides the scenario)"),
    CLI_OPT_END};

pz_scenario *cli_load(const char *cmd, const cli_scenario *o, int *status)
{
    pz_scenario *sc = NULL;
    pz_error err;
    pz_status st;
    char buf[64];
    if (o->file)
        st = pz_scenario_load_file(o->file, cli_data_dir(o->data), &sc, &err);
    else
        st = pz_scenario_load_default(&sc, &err);
    for (unsigned i = 0; st == PZ_OK && i < o->sets.n; i++)
        st = pz_scenario_set(sc, o->sets.v[i], &err);
    if (st == PZ_OK && o->seed.given) {
        snprintf(buf, sizeof buf, "seed=%u", o->seed.value);
        st = pz_scenario_set(sc, buf, &err);
    }
    if (st == PZ_OK && o->mode != CLI_MODE_SCENARIO)
        st = pz_scenario_set(sc,
                             o->mode == CLI_MODE_DETERMINISTIC
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

const char *cli_data_dir(const char *given)
{
    return given ? given : pz_data_dir_default();
}

unsigned cli_threads(const cli_uint *t)
{
    if (t->given)
        return t->value;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    return ncpu > 0 ? (unsigned)ncpu : 1;
}

int cli_exit_code(pz_status st)
{
    return st == PZ_OK ? 0 : st == PZ_ERR_INPUT ? EXIT_INPUT : 1;
}

/* done/total, the rate and the time left. */
static void show_bar(void *ud, uint32_t done, uint32_t total)
{
    cli_bar *b = ud;
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

void cli_bar_start(cli_bar *b, void (**progress)(void *, uint32_t, uint32_t),
                   void **progress_ud)
{
    if (!isatty(STDERR_FILENO))
        return;
    clock_gettime(CLOCK_MONOTONIC, &b->t0);
    *progress = show_bar;
    *progress_ud = b;
}

char *cli_join_argv(int argc, char **argv)
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
