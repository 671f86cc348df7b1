/*
 * ensemble.h - many replicates of one scenario, summarised.
 *
 * pz_ensemble_run() runs replicates 0..n-1 of a scenario (each keyed by
 * the scenario's seed and its replicate number, so the replicates of one
 * master seed are independent and reproducible) over a number of threads,
 * and writes a run directory with:
 *   national_summary.csv  step,date,variable,mean,q05,q25,q50,q75,q95
 *                         for every national variable (members, recruits,
 *                         arrests, deaths, exits, groups, homicides);
 *   regions_summary.csv   step,date,region,region_name,variable,mean,
 *                         q05,...,q95 for members, homicides and arrests
 *                         of every state (scenarios with regions);
 *   manifest.json.
 * Quantiles are estimated incrementally with GSL's P-squared estimator
 * (gsl_rstat_quantile), the mean exactly, so memory does not grow with
 * the number of replicates.  The five independent estimates of a value
 * are written sorted (monotone rearrangement), so they never cross.
 * Replicates are run in batches and fed to the estimators in replicate
 * order, so the summaries are byte-identical for any number of threads.
 * In deterministic mode every replicate is the same run, so the model is
 * run once and the summaries are its values (mean and every quantile
 * equal); the manifest and the database record the one replicate run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_ENSEMBLE_H
#define PLAZA_ENSEMBLE_H

#include <stdint.h>

#include "plaza/plaza.h"
#include "plaza/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pz_ensemble_options {
    const char *out_dir; /* created if missing */
    uint32_t n;          /* replicates, at least 1 (1 is run in
                          * deterministic mode) */
    unsigned threads;    /* at least 1 */
    const char *command; /* for the manifest (may be NULL) */
    /* also record every replicate's outcomes in this SQLite database (the
     * schema of plaza/sweep.h, design 'ensemble'; may be NULL) */
    const char *db;
    /* called from the calling thread after each batch of replicates
     * (may be NULL) */
    void (*progress)(void *ud, uint32_t done, uint32_t total);
    void *progress_ud;
    /* Spreading over processes (e.g. MPI ranks; all zero: one process).
     * Process `rank` of `nranks` computes the replicates of each batch
     * whose slot % nranks == rank and leaves the others' values zero; then
     * combine(buf, n, ud) must sum buf over the processes, leaving the sum
     * in every process (an MPI_Allreduce with MPI_SUM: exact, as each
     * value is non-zero in one process only; the buffer also carries a
     * failure flag, so all processes stop together).  Only process 0
     * writes the run directory. */
    unsigned rank, nranks;
    void (*combine)(double *buf, size_t n, void *ud);
    void *combine_ud;
} pz_ensemble_options;

/* The replicates an ensemble of n asks for actually runs: n, or 1 for a
 * deterministic scenario (whose replicates are all the same run). */
uint32_t pz_ensemble_replicates(const pz_scenario *sc, uint32_t n);

/* Runs the ensemble and writes its run directory (atomically, as
 * pz_run_write).  PZ_ERR_INPUT for n or threads of 0 or a scenario that
 * cannot make a model; PZ_ERR_IO when a table cannot be written. */
pz_status pz_ensemble_run(const pz_scenario *sc, const pz_ensemble_options *opt,
                          pz_error *err);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_ENSEMBLE_H */
