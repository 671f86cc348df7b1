/*
 * test_alloc_commands.c - fault injection in every command: the library
 * entry points that `plaza run`, `ensemble`, `sweep`, `compare`,
 * `policies`, `fit`, `event-study`, `signatures`, `report` and
 * `run --resume` call are run under an allocator (pz_set_allocator) that
 * fails the Nth allocation, for N = 1, 2, ... until a run no longer
 * reaches the Nth (it succeeds untouched).  Every run that meets a failed
 * allocation must return PZ_ERR_NOMEM with "out of memory" in the
 * message, never crash, and leave no block of the hook alive once the
 * caller has freed what it was given; the run that completes must succeed.
 * Under `./test.sh --sanitize` AddressSanitizer also checks every failing
 * path for invalid accesses and leaks of any other memory.
 *
 * The scenarios are small (2 regions, 4 groups, 20 to 60 weeks, one
 * thread, two or three replicates) so that each command allocates a few
 * hundred to a few thousand times; where a command needs more than about
 * 1,500 allocations, N takes one value in `stride` (stated in each test
 * and printed with the counts).  test_alloc.c does the same for loading
 * scenarios and running models.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <pthread.h>
#include <unistd.h>

#include "plaza/compare.h"
#include "plaza/date.h"
#include "plaza/ensemble.h"
#include "plaza/event_study.h"
#include "plaza/fit.h"
#include "plaza/params.h"
#include "plaza/plaza.h"
#include "plaza/policies.h"
#include "plaza/report.h"
#include "plaza/run.h"
#include "plaza/scenario.h"
#include "plaza/signatures.h"
#include "plaza/sweep.h"

/* ---- the failing allocator -------------------------------------------- */

#define TAG_LIVE 0x706c617aU /* "plaz" */
#define TAG_DEAD 0xdeadbeefU

typedef union head {
    max_align_t align;
    struct {
        size_t size;
        uint32_t tag;
    } h;
} head;

/* Counts under a lock: the commands allocate on worker threads too (one
 * here, so that the order of requests, hence N, is the same every run). */
typedef struct counter {
    pthread_mutex_t lock;
    size_t requests; /* new blocks and resizes asked for */
    size_t fail_at;  /* the request that fails (0: none) */
    size_t live;     /* blocks alive */
    size_t foreign;  /* frees or resizes of blocks not ours, or dead */
} counter;

static counter cnt = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void *failing(void *ud, void *ptr, size_t size)
{
    counter *c = ud;
    head *h = ptr ? (head *)ptr - 1 : NULL;
    void *out = NULL;
    pthread_mutex_lock(&c->lock);
    if (h && h->h.tag != TAG_LIVE) {
        c->foreign++;
    } else if (size == 0) {
        if (h) {
            h->h.tag = TAG_DEAD;
            c->live--;
            free(h);
        } else {
            c->foreign++;
        }
    } else if (++c->requests != c->fail_at) {
        head *n = realloc(h, sizeof *n + size);
        if (n) {
            if (!h)
                c->live++;
            n->h.size = size;
            n->h.tag = TAG_LIVE;
            out = n + 1;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return out;
}

/* ---- the fixtures ------------------------------------------------------ */

/* Two regions (hence a government of offices), a rival pair, an ally, a
 * tail, a policy and leaders removed by the kingpin strategy. */
static const char scenario_text[] =
    "plaza: 1\n"
    "name: tiny\n"
    "parameters: {start: 2012-01-01, steps: 20, seed: 3,\n"
    "             initial_distribution: listed, kingpin_rate: 40}\n"
    "regions:\n"
    "  list:\n"
    "    - {code: \"01\", name: West, population: 1000000, lon: -104, "
    "lat: 20, neighbours: [\"02\"]}\n"
    "    - {code: \"02\", name: East, population: 2000000, lon: -101, "
    "lat: 20}\n"
    "groups:\n"
    "  list:\n"
    "    - {name: A, home: \"01\", members: 4000, rivals: {B: 2}, "
    "allies: {C: 1}}\n"
    "    - {name: B, home: \"02\", members: 3000}\n"
    "    - {name: C, home: \"02\", members: 2000}\n"
    "  tail: {count: 1, members: 10}\n"
    "policies:\n"
    "  baseline: {description: as it is, changes: []}\n"
    "  calm:\n"
    "    description: less conflict\n"
    "    changes:\n"
    "      - {step: 5, scale: {conflict_rate: 0.5}}\n";

static char tmp[256]; /* a temporary directory for the run directories */

static pz_scenario *load(const char *const *sets)
{
    pz_scenario *sc = NULL;
    pz_error err;
    if (pz_scenario_load_text(scenario_text, sizeof scenario_text - 1,
                              "tiny.yaml", NULL, &sc, &err) != PZ_OK)
        fail_msg("tiny.yaml: %s", err.msg);
    for (; sets && *sets; sets++)
        if (pz_scenario_set(sc, *sets, &err) != PZ_OK)
            fail_msg("--set %s: %s", *sets, err.msg);
    return sc;
}

static const char *path(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", tmp, name);
    return buf[k];
}

/* ---- the sweep over N ---------------------------------------------------- */

typedef pz_status (*command)(void *ctx, pz_error *err);

/* Runs cmd with request first, first + stride, ... failing, until a run
 * completes without reaching it; returns the requests of that run. */
static size_t fail_each(command cmd, void *ctx, const char *what, size_t stride)
{
    size_t n, failed = 0;
    pz_set_allocator(failing, &cnt);
    for (n = 1;; n += stride) {
        cnt.requests = 0;
        cnt.fail_at = n;
        pz_error err;
        memset(&err, 0, sizeof err);
        pz_status st = cmd(ctx, &err);
        if (cnt.live != 0 || cnt.foreign != 0)
            fail_msg("%s: request %zu failed: status %d (%s), %zu blocks "
                     "left alive, %zu foreign",
                     what, n, (int)st, err.msg, cnt.live, cnt.foreign);
        if (cnt.requests < n) { /* nothing failed: the run is complete */
            if (st != PZ_OK)
                fail_msg("%s: no allocation failed, yet: %s", what, err.msg);
            break;
        }
        if (st != PZ_ERR_NOMEM || err.status != PZ_ERR_NOMEM ||
            !strstr(err.msg, "out of memory"))
            fail_msg("%s: request %zu failed: status %d (%s), message '%s'",
                     what, n, (int)st, pz_strerror(st), err.msg);
        failed++;
    }
    pz_set_allocator(NULL, NULL);
    print_message("%-24s %6zu allocations, %5zu failed in turn (stride "
                  "%zu)\n",
                  what, cnt.requests, failed, stride);
    return cnt.requests;
}

static int teardown(void **state)
{
    (void)state;
    pz_set_allocator(NULL, NULL);
    return 0;
}

/* ---- the commands ------------------------------------------------------- */

/* plaza run, writing a checkpoint on the way */
static pz_status cmd_run(void *ctx, pz_error *err)
{
    pz_run_options opt;
    pz_run_options_init(&opt);
    opt.out_dir = path("run");
    opt.checkpoint_day = pz_days_from_civil(2012, 2, 15);
    opt.command = "plaza run tiny.yaml";
    return pz_run_write(ctx, &opt, err);
}

/* plaza run --resume: read the checkpoint, run on from it */
static pz_status cmd_resume(void *ctx, pz_error *err)
{
    (void)ctx;
    pz_scenario *sc = NULL;
    pz_checkpoint *ck = NULL;
    pz_status st =
        pz_checkpoint_read(path("ck/checkpoint.plz"), NULL, &sc, &ck, err);
    if (st == PZ_OK) {
        pz_run_options opt;
        pz_run_options_init(&opt);
        opt.out_dir = path("resumed");
        opt.resume = ck;
        st = pz_run_write(sc, &opt, err);
    }
    pz_checkpoint_free(ck);
    pz_scenario_free(sc);
    return st;
}

static pz_status cmd_ensemble(void *ctx, pz_error *err)
{
    pz_ensemble_options opt = {.out_dir = path("ens"), .n = 3, .threads = 1};
    return pz_ensemble_run(ctx, &opt, err);
}

static pz_status cmd_sweep(void *ctx, pz_error *err)
{
    const char *db = path("sweep.db");
    unlink(db);
    pz_sweep_param p = {"recruitment_rate", 0.001, 0.003};
    pz_sweep_options opt = {.db = db,
                            .design = PZ_DESIGN_LHS,
                            .points = 3,
                            .replicates = 1,
                            .threads = 1};
    return pz_sweep_run(ctx, &p, 1, &opt, err);
}

typedef struct pair {
    pz_scenario *a, *b;
} pair;

static pz_status cmd_compare(void *ctx, pz_error *err)
{
    pair *p = ctx;
    double y[2 * 3 * PZ_COMPARE_NOUT];
    pz_compare_options opt = {.first = 0, .n = 2};
    return pz_compare_run(p->a, p->b, &opt, y, err);
}

static pz_status cmd_policies(void *ctx, pz_error *err)
{
    pz_policies_options opt = {.first = 0, .n = 2};
    pz_policies_result r;
    pz_status st = pz_policies_run(ctx, &opt, &r, err);
    if (st == PZ_OK)
        pz_policies_result_free(&r);
    return st;
}

static pz_status cmd_fit(void *ctx, pz_error *err)
{
    pz_fit_result r;
    return pz_fit_evaluate_n(ctx, getenv("PLAZA_DATA"), 2, 1, &r, err);
}

static pz_status cmd_event_study(void *ctx, pz_error *err)
{
    pz_event_study_options opt = {
        .n = 2, .threads = 1, .window = {4, 8}, .nwindows = 2};
    pz_event_study_result r;
    pz_status st = pz_event_study_run(ctx, &opt, &r, err);
    if (st == PZ_OK) {
        st = pz_event_study_write_csv(&r, path("es"), err);
        pz_event_study_result_free(&r);
    }
    return st;
}

static pz_status cmd_signatures(void *ctx, pz_error *err)
{
    pair *p = ctx;
    pz_signatures_options opt = {
        .n = 2, .threads = 1, .from_year = 2012, .to_year = 2012, .weeks = 4};
    pz_signatures_result r;
    pz_status st = pz_signatures_run(p->a, p->b, &opt, &r, err);
    if (st == PZ_OK) {
        st = pz_signatures_write_csv(&r, "a", "b", path("sig"), err);
        pz_signatures_result_free(&r);
    }
    return st;
}

static pz_status cmd_report(void *ctx, pz_error *err)
{
    (void)ctx;
    const char *dirs[] = {path("run"), path("ens")};
    return pz_report_write(dirs, 2, NULL, NULL, path("report.html"), err);
}

/* ---- the tests ---------------------------------------------------------- */

static void run_survives_each_failure(void **state)
{
    (void)state;
    pz_scenario *sc = load(NULL);
    fail_each(cmd_run, sc, "run (with a checkpoint)", 1);
    pz_scenario_free(sc);
}

static void resume_survives_each_failure(void **state)
{
    (void)state;
    pz_scenario *sc = load(NULL);
    pz_run_options opt;
    pz_error err;
    pz_run_options_init(&opt);
    opt.out_dir = path("ck");
    opt.checkpoint_day = pz_days_from_civil(2012, 2, 15);
    assert_int_equal(pz_run_write(sc, &opt, &err), PZ_OK);
    pz_scenario_free(sc);
    fail_each(cmd_resume, NULL, "run --resume", 1);
}

static void ensemble_survives_each_failure(void **state)
{
    (void)state;
    pz_scenario *sc = load(NULL);
    fail_each(cmd_ensemble, sc, "ensemble -n 3", 1);
    pz_scenario_free(sc);
}

static void sweep_survives_each_failure(void **state)
{
    (void)state;
    pz_scenario *sc = load(NULL);
    fail_each(cmd_sweep, sc, "sweep lhs -k 3", 1);
    pz_scenario_free(sc);
}

static void compare_survives_each_failure(void **state)
{
    (void)state;
    const char *a[] = {NULL}, *b[] = {"conflict_rate=0.0005", NULL};
    pair p = {load(a), load(b)};
    assert_int_equal(pz_scenario_use_policy(p.a, "baseline", NULL), PZ_OK);
    assert_int_equal(pz_scenario_use_policy(p.b, "calm", NULL), PZ_OK);
    fail_each(cmd_compare, &p, "compare -n 2", 1);
    pz_scenario_free(p.a);
    pz_scenario_free(p.b);
}

static void policies_survive_each_failure(void **state)
{
    (void)state;
    pz_scenario *sc = load(NULL);
    fail_each(cmd_policies, sc, "policies -n 2", 1);
    pz_scenario_free(sc);
}

static void fit_survives_each_failure(void **state)
{
    (void)state;
    assert_non_null(getenv("PLAZA_DATA"));
    /* 2007-2008: two years of INEGI's homicides to compare */
    const char *sets[] = {"start=2007-01-01", "steps=105", NULL};
    pz_scenario *sc = load(sets);
    fail_each(cmd_fit, sc, "fit -n 2", 2);
    pz_scenario_free(sc);
}

static void event_study_survives_each_failure(void **state)
{
    (void)state;
    const char *sets[] = {"steps=40", NULL};
    pz_scenario *sc = load(sets);
    fail_each(cmd_event_study, sc, "event-study -n 2", 1);
    pz_scenario_free(sc);
}

static void signatures_survive_each_failure(void **state)
{
    (void)state;
    const char *a[] = {"steps=53", NULL};
    const char *b[] = {"steps=53", "integrity_state=0.5", NULL};
    pair p = {load(a), load(b)};
    fail_each(cmd_signatures, &p, "signatures -n 2", 2);
    pz_scenario_free(p.a);
    pz_scenario_free(p.b);
}

static void report_survives_each_failure(void **state)
{
    (void)state;
    /* the run directories it reads, written without failures */
    pz_scenario *sc = load(NULL);
    pz_error err;
    assert_int_equal(cmd_run(sc, &err), PZ_OK);
    assert_int_equal(cmd_ensemble(sc, &err), PZ_OK);
    pz_scenario_free(sc);
    fail_each(cmd_report, NULL, "report", 1);
}

static int make_tmp(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/plaza-alloc-XXXXXX");
    return mkdtemp(tmp) ? 0 : -1;
}

static int remove_tmp(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(run_survives_each_failure, teardown),
        cmocka_unit_test_teardown(resume_survives_each_failure, teardown),
        cmocka_unit_test_teardown(ensemble_survives_each_failure, teardown),
        cmocka_unit_test_teardown(sweep_survives_each_failure, teardown),
        cmocka_unit_test_teardown(compare_survives_each_failure, teardown),
        cmocka_unit_test_teardown(policies_survive_each_failure, teardown),
        cmocka_unit_test_teardown(fit_survives_each_failure, teardown),
        cmocka_unit_test_teardown(event_study_survives_each_failure, teardown),
        cmocka_unit_test_teardown(signatures_survive_each_failure, teardown),
        cmocka_unit_test_teardown(report_survives_each_failure, teardown),
    };
    /* e.g. PLAZA_TEST_FILTER='sweep*' to run one command's test */
    if (getenv("PLAZA_TEST_FILTER"))
        cmocka_set_test_filter(getenv("PLAZA_TEST_FILTER"));
    return cmocka_run_group_tests(tests, make_tmp, remove_tmp);
}
