/*
 * bench_pc2023.c - speed of the national model on the pc2023 scenario.
 *
 *   bench_pc2023 pipeline SCENARIO DATA_DIR [REPS]
 *     The model work of the pc2023 pipeline: 2012-2021 (520 weeks) once,
 *     then the five policies to 2027 (260 weeks each, forked from the
 *     common state), deterministic, no output.  Baselines measured in the
 *     same run: (a) the same pipeline with each policy run from 2012
 *     (no fork), (b) a dense reference implementation that forms the
 *     150 x 150 kernel K and multiplies it out each evaluation, as a
 *     direct transcription of the paper's equations would.  The dense
 *     reference also checks the library's sparse kernel: both must agree
 *     to 1e-9.
 *
 *   bench_pc2023 replicates SCENARIO DATA_DIR N THREADS
 *     N stochastic replicates of the full pc2023 run (780 weeks), split
 *     over THREADS threads; prints the time and a checksum of the final
 *     members of every replicate (identical for any thread count).
 *
 * Times are medians over REPS repetitions (CLOCK_MONOTONIC).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, dcmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static pz_scenario *load(const char *path, const char *data, const char *mode)
{
    pz_scenario *sc = NULL;
    pz_error err;
    if (pz_scenario_load_file(path, data, &sc, &err) != PZ_OK ||
        pz_scenario_set(sc, mode, &err) != PZ_OK) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(2);
    }
    return sc;
}

static void run_to(pz_model *m, uint32_t t)
{
    pz_error err;
    while (pz_model_time(m) < t)
        if (pz_model_step(m, &err) != PZ_OK) {
            fprintf(stderr, "bench: %s\n", err.msg);
            exit(1);
        }
}

/* The pipeline with forks; returns the sum of final members (a checksum
 * that keeps the compiler honest). */
static double pipeline_fork(pz_scenario *sc)
{
    pz_model *base = NULL;
    double sum = 0;
    pz_scenario_use_policy(sc, NULL, NULL);
    pz_model_create(sc, 0, &base, NULL);
    run_to(base, 520);
    for (size_t p = 0; p < pz_scenario_policy_count(sc); p++) {
        pz_model *m = NULL;
        pz_flows t;
        pz_scenario_use_policy(sc, pz_scenario_policy_name(sc, p), NULL);
        pz_model_fork(base, sc, &m, NULL);
        run_to(m, pz_model_steps(m));
        pz_model_totals(m, &t, NULL);
        sum += t.members;
        pz_model_destroy(m);
    }
    pz_model_destroy(base);
    return sum;
}

static double pipeline_fresh(pz_scenario *sc)
{
    double sum = 0;
    for (size_t p = 0; p < pz_scenario_policy_count(sc); p++) {
        pz_model *m = NULL;
        pz_flows t;
        pz_scenario_use_policy(sc, pz_scenario_policy_name(sc, p), NULL);
        pz_model_create(sc, 0, &m, NULL);
        run_to(m, pz_model_steps(m));
        pz_model_totals(m, &t, NULL);
        sum += t.members;
        pz_model_destroy(m);
    }
    return sum;
}

/* A dense transcription of the paper's equations, RK4, weekly: the
 * baseline the sparse kernel is measured against. */
typedef struct dense {
    size_t n;
    double *K; /* n x n */
    double rho, eta, theta, omega;
} dense;

static void dense_rates(const dense *d, const double *C, double *dC)
{
    size_t n = d->n;
    double S = 0;
    for (size_t i = 0; i < n; i++)
        S += C[i];
    for (size_t i = 0; i < n; i++) {
        double kc = 0;
        for (size_t j = 0; j < n; j++)
            kc += d->K[i * n + j] * C[j];
        dC[i] = d->rho * C[i] - d->eta * C[i] / S - d->theta * C[i] * kc -
                d->omega * C[i] * C[i];
    }
}

static void dense_run(const dense *d, double *C, int weeks, double rho,
                      double eta)
{
    size_t n = d->n;
    dense e = *d;
    e.rho = rho;
    e.eta = eta;
    double *k1 = malloc(5 * n * sizeof *k1), *k2 = k1 + n, *k3 = k2 + n,
           *k4 = k3 + n, *tmp = k4 + n;
    for (int w = 0; w < weeks; w++) {
        dense_rates(&e, C, k1);
        for (size_t i = 0; i < n; i++)
            tmp[i] = C[i] + 0.5 * k1[i];
        dense_rates(&e, tmp, k2);
        for (size_t i = 0; i < n; i++)
            tmp[i] = C[i] + 0.5 * k2[i];
        dense_rates(&e, tmp, k3);
        for (size_t i = 0; i < n; i++)
            tmp[i] = C[i] + k3[i];
        dense_rates(&e, tmp, k4);
        for (size_t i = 0; i < n; i++)
            C[i] += (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) / 6;
    }
    free(k1);
}

/* The five policies as (recruitment factor, incapacitation factor). */
static const double policy_factors[5][2] = {
    {1, 1}, {1, 2}, {0.5, 1}, {0, 1}, {0.5, 2}};

static double pipeline_dense(const dense *d, const double *C0, double *final)
{
    size_t n = d->n;
    double *C = malloc(n * sizeof *C), *P = malloc(n * sizeof *P);
    double sum = 0;
    memcpy(C, C0, n * sizeof *C);
    dense_run(d, C, 520, d->rho, d->eta);
    for (int p = 0; p < 5; p++) {
        memcpy(P, C, n * sizeof *P);
        dense_run(d, P, 260, d->rho * policy_factors[p][0],
                  d->eta * policy_factors[p][1]);
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += P[i];
        final[p] = s;
        sum += s;
    }
    free(C);
    free(P);
    return sum;
}

static int bench_pipeline(const char *path, const char *data, int reps)
{
    pz_scenario *sc = load(path, data, "mode=deterministic");
    const pz__network *net = &sc->net;
    size_t n = net->n;
    /* the policies in the scenario must be the five the dense code knows */
    static const char *const names[5] = {
        "baseline", "double_incapacitation", "half_recruitment",
        "zero_recruitment", "half_recruitment_double_incapacitation"};
    if (pz_scenario_policy_count(sc) != 5)
        return fprintf(stderr, "bench: expected the five pc2023 policies\n"), 2;
    for (int p = 0; p < 5; p++)
        if (strcmp(pz_scenario_policy_name(sc, (size_t)p), names[p]) != 0)
            return fprintf(stderr, "bench: unexpected policy order\n"), 2;
    dense d = {n,
               calloc(n * n, sizeof(double)),
               pz_scenario_param(sc, PZ_P_RECRUITMENT_RATE),
               pz_scenario_param(sc, PZ_P_INCAPACITATION),
               pz_scenario_param(sc, PZ_P_CONFLICT_RATE),
               pz_scenario_param(sc, PZ_P_SATURATION)};
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            if (i != j)
                d.K[i * n + j] = 1.0 / (net->alliance[i] + 1);
        for (size_t e = net->row[i]; e < net->row[i + 1]; e++)
            d.K[i * n + net->col[e]] = (net->w[e] + 1) / (net->alliance[i] + 1);
    }
    double *C0 = malloc(n * sizeof *C0);
    pz_model *m0 = NULL;
    pz_model_create(sc, 0, &m0, NULL);
    for (size_t i = 0; i < n; i++) {
        pz_flows f;
        pz_model_group(m0, i, &f);
        C0[i] = f.members;
    }
    pz_model_destroy(m0);

    /* agreement of the sparse library and the dense reference */
    double dense_final[5], lib_final[5];
    pipeline_dense(&d, C0, dense_final);
    for (int p = 0; p < 5; p++) {
        pz_model *m = NULL;
        pz_flows t;
        pz_scenario_use_policy(sc, names[p], NULL);
        pz_model_create(sc, 0, &m, NULL);
        run_to(m, pz_model_steps(m));
        pz_model_totals(m, &t, NULL);
        lib_final[p] = t.members;
        pz_model_destroy(m);
        double rel = fabs(lib_final[p] / dense_final[p] - 1);
        printf("check %-40s library %.6f dense %.6f rel.diff %.1e\n", names[p],
               lib_final[p], dense_final[p], rel);
        if (rel > 1e-9)
            return fprintf(stderr, "bench: sparse and dense disagree\n"), 1;
    }

    double *tf = malloc((size_t)reps * sizeof *tf);
    double *tr = malloc((size_t)reps * sizeof *tr);
    double *td = malloc((size_t)reps * sizeof *td);
    volatile double sink = 0;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        sink += pipeline_fork(sc);
        double t1 = now();
        sink += pipeline_fresh(sc);
        double t2 = now();
        double fin[5];
        sink += pipeline_dense(&d, C0, fin);
        double t3 = now();
        tf[r] = t1 - t0;
        tr[r] = t2 - t1;
        td[r] = t3 - t2;
    }
    double mf = median(tf, reps), mr = median(tr, reps), md = median(td, reps);
    printf("pipeline (520 weeks + 5 policies x 260 weeks, deterministic RK4, "
           "no output), median of %d:\n",
           reps);
    printf("  plaza, sparse kernel, forked policies: %8.3f ms\n", 1e3 * mf);
    printf(
        "  baseline: each policy from 2012:        %8.3f ms  (%.2fx slower)\n",
        1e3 * mr, mr / mf);
    printf(
        "  baseline: dense 150x150 kernel:         %8.3f ms  (%.1fx slower)\n",
        1e3 * md, md / mf);
    free(tf);
    free(tr);
    free(td);
    free(C0);
    free(d.K);
    pz_scenario_free(sc);
    return sink > 0 ? 0 : 1;
}

typedef struct job {
    const pz_scenario *sc;
    uint32_t first, stride, n;
    double *out;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    for (uint32_t r = j->first; r < j->n; r += j->stride) {
        pz_model *m = NULL;
        pz_flows t;
        pz_model_create(j->sc, r, &m, NULL);
        run_to(m, pz_model_steps(m));
        pz_model_totals(m, &t, NULL);
        j->out[r] = t.members;
        pz_model_destroy(m);
    }
    return NULL;
}

static int bench_replicates(const char *path, const char *data, uint32_t n,
                            int threads)
{
    pz_scenario *sc = load(path, data, "mode=stochastic");
    pz_scenario_use_policy(sc, "baseline", NULL);
    double *out = calloc(n, sizeof *out);
    pthread_t *th = calloc((size_t)threads, sizeof *th);
    job *jobs = calloc((size_t)threads, sizeof *jobs);
    double t0 = now();
    for (int k = 0; k < threads; k++) {
        jobs[k] = (job){sc, (uint32_t)k, (uint32_t)threads, n, out};
        pthread_create(&th[k], NULL, run_job, &jobs[k]);
    }
    for (int k = 0; k < threads; k++)
        pthread_join(th[k], NULL);
    double el = now() - t0;
    /* order-independent checksum of every replicate's final members */
    uint64_t h = 1469598103934665603ull;
    double mean = 0;
    for (uint32_t r = 0; r < n; r++) {
        uint64_t bits;
        memcpy(&bits, &out[r], sizeof bits);
        h = (h ^ bits) * 1099511628211ull;
        mean += out[r] / n;
    }
    printf("replicates %u threads %d seconds %.3f per_replicate_ms %.3f "
           "mean_final_members %.1f checksum %016llx\n",
           n, threads, el, 1e3 * el / n, mean, (unsigned long long)h);
    free(out);
    free(th);
    free(jobs);
    pz_scenario_free(sc);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "pipeline") == 0)
        return bench_pipeline(argv[2], argv[3], argc > 4 ? atoi(argv[4]) : 51);
    if (argc == 6 && strcmp(argv[1], "replicates") == 0)
        return bench_replicates(argv[2], argv[3], (uint32_t)atoi(argv[4]),
                                atoi(argv[5]));
    fprintf(stderr, "usage: bench_pc2023 pipeline SCENARIO DATA [REPS]\n"
                    "       bench_pc2023 replicates SCENARIO DATA N THREADS\n");
    return 2;
}
