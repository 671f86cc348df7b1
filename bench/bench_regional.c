/*
 * bench_regional.c - speed of the regional layer (model work, no output).
 *
 *   bench_regional SCENARIO [DATA_DIR] [REPS] [--set KEY=VALUE]...
 *
 * Runs the scenario to its end REPS times in each mode and prints the
 * median time per run and the peak resident memory of the process.  The
 * baseline, measured in the same run, is the same scenario with its
 * regions removed: the national model of the same groups.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "io/scenario_impl.h"
#include "plaza/model.h"
#include "plaza/scenario.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double run_once(const pz_scenario *sc, double *homicides)
{
    pz_model *m = NULL;
    pz_error err;
    double t0 = now(), h = 0;
    if (pz_model_create(sc, 0, &m, &err) != PZ_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(2);
    }
    while (pz_model_time(m) < pz_model_steps(m)) {
        if (pz_model_step(m) != PZ_OK) {
            fprintf(stderr, "bench: %s\n", pz_model_errmsg(m));
            exit(1);
        }
        h += pz_model_homicides(m);
    }
    pz_model_destroy(m);
    *homicides = h;
    return now() - t0;
}

static double median_run(const pz_scenario *sc, int reps, double *h)
{
    double *t = malloc((size_t)reps * sizeof *t);
    for (int r = 0; r < reps; r++)
        t[r] = run_once(sc, h);
    qsort(t, (size_t)reps, sizeof *t, dcmp);
    double med = t[reps / 2];
    free(t);
    return med;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_regional SCENARIO [DATA_DIR] [REPS] "
                        "[--set KEY=VALUE]...\n");
        return 2;
    }
    const char *data = argc > 2 ? argv[2] : NULL;
    int reps = argc > 3 ? atoi(argv[3]) : 11;
    pz_scenario *sc = NULL;
    pz_error err;
    if (pz_scenario_load_file(argv[1], data, &sc, &err) != PZ_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 2;
    }
    for (int i = 4; i + 1 < argc; i += 2)
        if (strcmp(argv[i], "--set") == 0 &&
            pz_scenario_set(sc, argv[i + 1], &err) != PZ_OK) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return 2;
        }
    printf("%s: %zu regions, %zu groups, %.0f weeks\n", argv[1], sc->geo.n,
           sc->net.n, pz_scenario_param(sc, PZ_P_STEPS));
    double h;
    for (int mode = 0; mode < 2; mode++) {
        pz_scenario_set(sc, mode ? "mode=stochastic" : "mode=deterministic",
                        NULL);
        sc->has_geo = 1;
        double reg = median_run(sc, reps, &h);
        sc->has_geo = 0; /* the baseline: the same groups, no regions */
        double nat = median_run(sc, reps, &h);
        sc->has_geo = 1;
        printf("  %-13s regional %8.2f ms   national baseline %7.2f ms   "
               "ratio %.1f\n",
               mode ? "stochastic" : "deterministic", 1e3 * reg, 1e3 * nat,
               reg / nat);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  peak resident memory: %.1f MiB\n", ru.ru_maxrss / 1024.0);
    pz_scenario_free(sc);
    return 0;
}
