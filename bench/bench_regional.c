/*
 * bench_regional.c - speed of the regional layer (model work, no output).
 *
 *   bench_regional SCENARIO [DATA_DIR] [REPS] [--set KEY=VALUE]...
 *
 * Runs the scenario to its end REPS times in each mode and prints the
 * median and the shortest time per run, and the peak resident memory of
 * the process.  The baseline is the same scenario with its regions
 * removed: the national model of the same groups.  Its runs alternate
 * with the regional runs (regional, national, regional, ...), so that a
 * change of the machine's speed during the benchmark (on a shared machine
 * it can reach 40% within seconds) touches both alike; the ratio is the
 * median of the REPS pairs' ratios.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "plaza/model.h"
#include "plaza/scenario.h"
#include "world/scenario.h"

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
        if (pz_model_step(m, &err) != PZ_OK) {
            fprintf(stderr, "bench: %s\n", err.msg);
            exit(1);
        }
        h += pz_model_homicides(m);
    }
    pz_model_destroy(m);
    *homicides = h;
    return now() - t0;
}

/* The median of n values (sorted in place). */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, dcmp);
    return v[n / 2];
}

/* reps runs of sc with regions and reps without, alternating: the median
 * and shortest time of each, and the median of the pairs' ratios. */
static void paired_runs(pz_scenario *sc, int reps, double out[5])
{
    double *reg = malloc(3 * (size_t)reps * sizeof *reg), h;
    if (!reg) {
        fprintf(stderr, "bench: out of memory\n");
        exit(1);
    }
    double *nat = reg + reps, *ratio = reg + 2 * reps;
    for (int r = 0; r < reps; r++) {
        sc->has_geo = 1;
        reg[r] = run_once(sc, &h);
        sc->has_geo = 0; /* the baseline: the same groups, no regions */
        nat[r] = run_once(sc, &h);
        ratio[r] = reg[r] / nat[r];
    }
    sc->has_geo = 1;
    out[0] = median(reg, reps);
    out[1] = reg[0];
    out[2] = median(nat, reps);
    out[3] = nat[0];
    out[4] = median(ratio, reps);
    free(reg);
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
    if (reps < 1)
        reps = 1;
    for (int mode = 0; mode < 2; mode++) {
        pz_scenario_set(sc, mode ? "mode=stochastic" : "mode=deterministic",
                        NULL);
        double t[5];
        paired_runs(sc, reps, t);
        printf("  %-13s regional %8.2f ms (shortest %.2f)   national "
               "baseline %7.2f ms (shortest %.2f)   ratio %.2f\n",
               mode ? "stochastic" : "deterministic", 1e3 * t[0], 1e3 * t[1],
               1e3 * t[2], 1e3 * t[3], t[4]);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("  peak resident memory: %.1f MiB\n", ru.ru_maxrss / 1024.0);
    pz_scenario_free(sc);
    return 0;
}
