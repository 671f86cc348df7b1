/*
 * ensemble.c - `plaza ensemble`: N replicates of a scenario summarised
 * (plaza/ensemble.h), over MPI ranks when built with MPI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

#include "cli/cli.h"
#ifdef PLAZA_HAVE_MPI
#include <mpi.h>
#endif
#include "plaza/ensemble.h"

typedef struct ensemble_opts {
    cli_scenario sc;
    cli_uint n;
    cli_uint threads;
    const char *out;
    const char *db;
} ensemble_opts;

const size_t ensemble_opts_size = sizeof(ensemble_opts);

const cli_option ensemble_options[] = {
    CLI_OPT_STR('p', "policy", ensemble_opts, sc.policy, "NAME",
                "apply one of the scenario's policies"),
    CLI_OPT_UINT('n', "replicates", ensemble_opts, n, "N", 1, 1000000, 100,
                 "replicates 0..N-1 of the seed (default: 100); in\n"
                 "deterministic mode the one distinct run"),
    CLI_OPT_UINT('t', "threads", ensemble_opts, threads, "T", 1, 1024, 1,
                 "threads (default: all cores); the outputs do not\n"
                 "depend on T"),
    CLI_OPT_STR('o', "out", ensemble_opts, out, "DIR",
                "DIR/national_summary.csv, DIR/regions_summary.csv\n"
                "(states, for scenarios with regions), manifest.json"),
    CLI_OPT_STR(0, "db", ensemble_opts, db, "FILE",
                "also record every replicate's outcomes in SQLite"),
    CLI_OPT_END};

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

int cmd_ensemble(const cli_call *c)
{
    const ensemble_opts *o = c->opts;
    int code;
    pz_error err;
    pz_scenario *sc = cli_load("ensemble", &o->sc, &code);
    if (!sc)
        return code;
    pz_ensemble_options opt = {.out_dir = o->out ? o->out : "plaza-out",
                               .n = o->n.value,
                               .threads = cli_threads(&o->threads),
                               .command = c->command,
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
    cli_bar b;
    if (opt.rank == 0)
        cli_bar_start(&b, &opt.progress, &opt.progress_ud);
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
