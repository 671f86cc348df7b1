/*
 * test_alloc.c - the allocation hook (pz_set_allocator): every allocation
 * of the scenario reader fails in turn, and each failure must end in
 * PZ_ERR_NOMEM with nothing leaked, never in a crash.
 *
 * A counting allocator puts a small header before each block (its size
 * and a tag), counts the blocks alive and fails the Nth request (a new
 * block or a resize).  For N = 1, 2, ... a scenario is loaded until a load
 * no longer reaches the Nth request, i.e. succeeds untouched: every load
 * before it must fail with PZ_ERR_NOMEM, no scenario, "out of memory" in
 * the message and no block alive; the one that succeeds must leave blocks
 * alive that pz_scenario_free() returns, all of them.  A block freed
 * twice, or a block of the C library's handed to the hook's free, is
 * counted as foreign and fails the test (under AddressSanitizer, in
 * `./test.sh --sanitize`, it is also a report of its own).  Each scenario
 * runs twice: failing only the Nth request, and failing every request
 * from the Nth on (so that cleanup paths that allocate are exercised too).
 * A scenario with regions from the data directory reads megabytes at each
 * load, so there N takes one value in 8 (other ones in the second run).
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

#include <cmocka.h>

#include "plaza/model.h"
#include "plaza/plaza.h"
#include "plaza/rng.h"
#include "plaza/scenario.h"

/* ---- the counting allocator ------------------------------------------ */

#define TAG_LIVE 0x706c617aU /* "plaz" */
#define TAG_DEAD 0xdeadbeefU

typedef union head {
    max_align_t align; /* blocks stay aligned as malloc's */
    struct {
        size_t size;
        uint32_t tag;
    } h;
} head;

typedef struct counter {
    size_t requests; /* new blocks and resizes asked for */
    size_t fail_at;  /* the request that fails (0: none) */
    int sticky;      /* fail every request from fail_at on */
    size_t live;     /* blocks alive */
    size_t bytes;    /* their bytes */
    size_t foreign;  /* frees or resizes of blocks not ours, or dead */
} counter;

static void *counting(void *ud, void *ptr, size_t size)
{
    counter *c = ud;
    head *h = ptr ? (head *)ptr - 1 : NULL;
    if (h && h->h.tag != TAG_LIVE) {
        c->foreign++;
        return NULL;
    }
    if (size == 0) { /* free */
        if (!h) {
            c->foreign++; /* the library promises never to ask this */
            return NULL;
        }
        h->h.tag = TAG_DEAD;
        c->live--;
        c->bytes -= h->h.size;
        free(h);
        return NULL;
    }
    c->requests++;
    if (c->fail_at &&
        (c->requests == c->fail_at || (c->sticky && c->requests > c->fail_at)))
        return NULL;
    size_t old = h ? h->h.size : 0;
    head *n = realloc(h, sizeof *n + size);
    if (!n)
        return NULL;
    if (!h)
        c->live++;
    n->h.size = size;
    n->h.tag = TAG_LIVE;
    c->bytes = c->bytes - old + size;
    return n + 1;
}

static int teardown(void **state)
{
    (void)state;
    pz_set_allocator(NULL, NULL);
    return 0;
}

/* ---- loaders ---------------------------------------------------------- */

typedef pz_status (*loader)(pz_scenario **sc, pz_error *err);

/* Inline groups with a tail, rivals, allies, inline regions, a timeline
 * and policies: most of what the reader allocates for, with no file. */
static const char inline_text[] =
    "plaza: 1\n"
    "name: inline\n"
    "description: a scenario written in the test\n"
    "parameters: {start: 2012-01-01, steps: 20, mode: deterministic,\n"
    "             initial_distribution: listed}\n"
    "regions:\n"
    "  list:\n"
    "    - {code: \"01\", name: West, population: 1000000, lon: -104, "
    "lat: 20, neighbours: [\"02\"]}\n"
    "    - {code: \"02\", name: Centre, population: 2000000, lon: -101, "
    "lat: 20, neighbours: [\"01\", \"03\"]}\n"
    "    - {code: \"03\", name: East, population: 1000000, lon: -98, "
    "lat: 20, neighbours: [\"02\"]}\n"
    "groups:\n"
    "  list:\n"
    "    - {name: A, home: \"01\", members: 4000, rivals: {B: 2}, "
    "allies: {C: 1}}\n"
    "    - {name: B, home: \"02\", members: 3000, rivals: {C: 1}}\n"
    "    - {name: C, home: \"03\", members: 2000}\n"
    "  tail: {count: 3, members: 10}\n"
    "timeline:\n"
    "  - date: 2012-02-01\n"
    "    set: {recruitment_rate: 0.001}\n"
    "  - step: 10\n"
    "    scale: {incapacitation: 2}\n"
    "policies:\n"
    "  calm:\n"
    "    description: less conflict\n"
    "    changes:\n"
    "      - step: 5\n"
    "        scale: {conflict_rate: 0.5}\n";

static pz_status load_inline(pz_scenario **sc, pz_error *err)
{
    return pz_scenario_load_text(inline_text, sizeof inline_text - 1,
                                 "inline.yaml", NULL, sc, err);
}

static pz_status load_default(pz_scenario **sc, pz_error *err)
{
    return pz_scenario_load_default(sc, err);
}

static pz_status load_pc2023(pz_scenario **sc, pz_error *err)
{
    return pz_scenario_load_file(PLAZA_SOURCE_DIR "/scenarios/pc2023.yaml",
                                 getenv("PLAZA_DATA"), sc, err);
}

/* Regions from the data directory: the loaders of io/mexico.c. */
static pz_status load_alliance(pz_scenario **sc, pz_error *err)
{
    return pz_scenario_load_file(PLAZA_SOURCE_DIR "/scenarios/alliance.yaml",
                                 getenv("PLAZA_DATA"), sc, err);
}

/* ---- the sweep -------------------------------------------------------- */

/* Loads with request first, first + stride, ... failing until a load
 * succeeds; returns the requests of the successful load.  groups: the
 * groups it must have. */
static size_t fail_each(loader load, const char *what, int sticky, size_t first,
                        size_t stride, size_t groups)
{
    counter c = {0};
    pz_set_allocator(counting, &c);
    for (size_t n = first;; n += stride) {
        c.requests = 0;
        c.fail_at = n;
        c.sticky = sticky;
        pz_scenario *sc = NULL;
        pz_error err;
        memset(&err, 0, sizeof err);
        pz_status st = load(&sc, &err);
        if (c.requests < n) { /* nothing failed: the load is complete */
            if (st != PZ_OK)
                fail_msg("%s: no allocation failed, yet: %s", what, err.msg);
            assert_non_null(sc);
            assert_int_equal(pz_scenario_group_count(sc), groups);
            assert_true(c.live > 0); /* the hook was used */
            pz_scenario_free(sc);
            assert_int_equal(c.live, 0);
            assert_int_equal(c.bytes, 0);
            assert_int_equal(c.foreign, 0);
            pz_set_allocator(NULL, NULL);
            return c.requests;
        }
        if (st != PZ_ERR_NOMEM || sc != NULL || err.status != PZ_ERR_NOMEM ||
            !strstr(err.msg, "out of memory"))
            fail_msg("%s: request %zu failed%s: status %d (%s), message '%s'",
                     what, n, sticky ? " and every later one" : "", (int)st,
                     pz_strerror(st), err.msg);
        if (c.live != 0 || c.foreign != 0)
            fail_msg("%s: request %zu failed%s: %zu blocks (%zu bytes) left "
                     "alive, %zu foreign",
                     what, n, sticky ? " and every later one" : "", c.live,
                     c.bytes, c.foreign);
    }
}

/* Both sweeps over every request (stride 1), or, for the scenarios whose
 * every load reads megabytes of data, over one request in `stride`
 * (different ones in each sweep). */
static void check_sweep(loader load, const char *what, size_t stride,
                        size_t groups)
{
    size_t once = fail_each(load, what, 0, 1, stride, groups);
    size_t sticky = fail_each(load, what, 1, 1 + stride / 2, stride, groups);
    /* both sweeps end at the same complete load */
    assert_int_equal(once, sticky);
    if (stride > 1)
        print_message("%s: one in %zu of %zu allocations failed in turn\n",
                      what, stride, once);
    else
        print_message("%s: each of %zu allocations failed in turn\n", what,
                      once);
}

static void inline_scenario_survives_each_failure(void **state)
{
    (void)state;
    check_sweep(load_inline, "inline.yaml", 1, 6);
}

static void default_scenario_survives_each_failure(void **state)
{
    (void)state;
    pz_scenario *sc = NULL;
    assert_int_equal(pz_scenario_load_default(&sc, NULL), PZ_OK);
    size_t groups = pz_scenario_group_count(sc);
    pz_scenario_free(sc);
    check_sweep(load_default, "<embedded>/mexico.yaml", 1, groups);
}

static void pc2023_survives_each_failure(void **state)
{
    (void)state;
    assert_non_null(getenv("PLAZA_DATA"));
    check_sweep(load_pc2023, "scenarios/pc2023.yaml", 1, 150);
}

static void regions_data_survive_each_failure(void **state)
{
    (void)state;
    assert_non_null(getenv("PLAZA_DATA"));
    check_sweep(load_alliance, "scenarios/alliance.yaml", 8, 150);
}

/* ---- the model -------------------------------------------------------- */

/* Creates a model of sc and runs `steps` weeks under the counting
 * allocator, failing request first, first + stride, ... until a run
 * completes: each failing run reports PZ_ERR_NOMEM from pz_model_create
 * or pz_model_step and, once destroyed, leaves no block alive. */
static void model_survives_each_failure(pz_scenario *sc, const char *what,
                                        size_t stride, uint32_t steps)
{
    counter c = {0};
    pz_set_allocator(counting, &c);
    size_t n;
    for (n = 1;; n += stride) {
        c.requests = 0;
        c.fail_at = n;
        pz_model *m = NULL;
        pz_error err;
        memset(&err, 0, sizeof err);
        pz_status st = pz_model_create(sc, 0, &m, &err);
        for (uint32_t t = 0; st == PZ_OK && t < steps; t++)
            st = pz_model_step(m, &err);
        pz_model_destroy(m);
        if (c.live != 0 || c.foreign != 0)
            fail_msg("%s: request %zu failed: %zu blocks (%zu bytes) left "
                     "alive, %zu foreign",
                     what, n, c.live, c.bytes, c.foreign);
        if (c.requests < n) { /* nothing failed: the run is complete */
            if (st != PZ_OK)
                fail_msg("%s: no allocation failed, yet: %s", what, err.msg);
            break;
        }
        if (st != PZ_ERR_NOMEM)
            fail_msg("%s: request %zu failed: status %d (%s), message '%s'",
                     what, n, (int)st, pz_strerror(st), err.msg);
    }
    pz_set_allocator(NULL, NULL);
    print_message("%s: one in %zu of %zu allocations failed in turn\n", what,
                  stride, c.requests);
}

static void inline_model_survives_each_failure(void **state)
{
    (void)state;
    pz_scenario *sc = NULL;
    assert_int_equal(load_inline(&sc, NULL), PZ_OK);
    model_survives_each_failure(sc, "inline.yaml model", 1, 20);
    pz_scenario_free(sc);
}

static void default_model_survives_each_failure(void **state)
{
    (void)state;
    pz_scenario *sc = NULL;
    assert_int_equal(pz_scenario_load_default(&sc, NULL), PZ_OK);
    /* 150 weeks: past the first removals, splits, elections and wars */
    model_survives_each_failure(sc, "default model", 3, 150);
    pz_scenario_free(sc);
}

/* ---- the rest of the hook -------------------------------------------- */

static void rng_init_reports_nomem(void **state)
{
    (void)state;
    counter c = {.fail_at = 1};
    pz_set_allocator(counting, &c);
    pz_rng rng;
    assert_int_equal(pz_rng_init(&rng, 1, 0), PZ_ERR_NOMEM);
    pz_rng_release(&rng); /* harmless after a failure */
    assert_int_equal(c.live, 0);
    c.fail_at = 0;
    assert_int_equal(pz_rng_init(&rng, 1, 0), PZ_OK);
    assert_int_equal(c.live, 1);
    assert_true(pz_rng_uniform(&rng) > 0);
    pz_rng_release(&rng);
    assert_int_equal(c.live, 0);
    assert_int_equal(c.foreign, 0);
}

static void get_returns_what_set_installed(void **state)
{
    (void)state;
    counter c = {0};
    pz_alloc_fn fn = counting;
    void *ud = NULL;
    pz_get_allocator(&fn, &ud);
    assert_null(fn); /* the default */
    pz_set_allocator(counting, &c);
    pz_get_allocator(&fn, &ud);
    assert_ptr_equal(fn, counting);
    assert_ptr_equal(ud, &c);
    pz_set_allocator(NULL, &c); /* NULL: the default again, without ud */
    pz_get_allocator(&fn, &ud);
    assert_null(fn);
    assert_null(ud);
    /* the default allocates with the C library: the counter sees nothing */
    pz_scenario *sc = NULL;
    assert_int_equal(load_inline(&sc, NULL), PZ_OK);
    pz_scenario_free(sc);
    assert_int_equal(c.requests, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(get_returns_what_set_installed, teardown),
        cmocka_unit_test_teardown(rng_init_reports_nomem, teardown),
        cmocka_unit_test_teardown(inline_scenario_survives_each_failure,
                                  teardown),
        cmocka_unit_test_teardown(pc2023_survives_each_failure, teardown),
        cmocka_unit_test_teardown(default_scenario_survives_each_failure,
                                  teardown),
        cmocka_unit_test_teardown(regions_data_survive_each_failure, teardown),
        cmocka_unit_test_teardown(inline_model_survives_each_failure, teardown),
        cmocka_unit_test_teardown(default_model_survives_each_failure,
                                  teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
