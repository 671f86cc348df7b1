/*
 * test_base.c - the base layer: the thread pool (results and errors that
 * do not depend on the threads), atomic files (nothing left behind on
 * failure), the CSV/JSON number writer (NA and null, six decimals), the
 * statistics (values worked out by hand below) and the day counts
 * (pz_date_parse is tested through the scenarios, tests/bad/bad-date.yaml).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/atomic.h"
#include "base/calendar.h"
#include "base/csvjson.h"
#include "base/pool.h"
#include "base/stats.h"
#include "plaza/date.h"

/* ---- the thread pool ---- */

enum { NTASK = 200 };

typedef struct pool_ctx {
    double slot[NTASK];
    uint32_t fail_a, fail_b; /* tasks that fail (NTASK: none) */
    uint32_t slow;           /* a task that waits before it ends */
    pthread_t caller;
    int other_thread; /* some task ran outside the calling thread */
    int workspaces;   /* work_new calls */
    int no_memory;    /* work_new returns NULL */
    int ran;          /* tasks run */
    pthread_mutex_t lock;
} pool_ctx;

/* A value of i that takes some work, so that threads interleave. */
static double value_of(uint32_t i)
{
    double x = i + 1;
    for (int k = 0; k < 2000; k++)
        x = sqrt(x * x + (double)k) / 1.0001;
    return x;
}

static void *ws_new(void *c)
{
    pool_ctx *p = c;
    pthread_mutex_lock(&p->lock);
    p->workspaces++;
    pthread_mutex_unlock(&p->lock);
    return p->no_memory ? NULL : calloc(1, sizeof(uint32_t));
}

static pz_status pool_task(void *c, void *work, uint32_t i, char *msg,
                           size_t msglen)
{
    pool_ctx *p = c;
    pthread_mutex_lock(&p->lock);
    p->ran++;
    if (!pthread_equal(pthread_self(), p->caller))
        p->other_thread = 1;
    pthread_mutex_unlock(&p->lock);
    if (!work)
        return PZ_ERR_INTERNAL; /* work_new is set: never NULL here */
    *(uint32_t *)work += 1;
    if (i == p->slow) {
        struct timespec t = {0, 50 * 1000 * 1000};
        nanosleep(&t, NULL);
    }
    if (i == p->fail_a) {
        snprintf(msg, msglen, "task %u failed", i);
        return PZ_ERR_INPUT;
    }
    if (i == p->fail_b) {
        snprintf(msg, msglen, "task %u failed", i);
        return PZ_ERR_IO;
    }
    p->slot[i] = value_of(i);
    return PZ_OK;
}

static pz_status run_pool(pool_ctx *p, unsigned threads, uint32_t n,
                          pz_error *err)
{
    p->caller = pthread_self();
    p->other_thread = p->workspaces = p->ran = 0;
    memset(p->slot, 0, sizeof p->slot);
    pthread_mutex_init(&p->lock, NULL);
    const pz__tasks t = {.n = n,
                         .threads = threads,
                         .ctx = p,
                         .work_new = ws_new,
                         .work_free = free,
                         .run = pool_task};
    pz_status st = pz__tasks_run(&t, err);
    pthread_mutex_destroy(&p->lock);
    return st;
}

static void pool_ordered(void **state)
{
    (void)state;
    static pool_ctx p = {.fail_a = NTASK, .fail_b = NTASK, .slow = NTASK};
    static const unsigned threads[] = {1, 2, 3, 8, 500};
    pz_error err;
    for (size_t k = 0; k < sizeof threads / sizeof *threads; k++) {
        assert_int_equal(run_pool(&p, threads[k], NTASK, &err), PZ_OK);
        assert_int_equal(p.ran, NTASK);
        /* task i wrote slot i, bit for bit the value made here */
        for (uint32_t i = 0; i < NTASK; i++)
            assert_true(p.slot[i] == value_of(i));
        /* one workspace per thread, no more threads than asked */
        unsigned used = threads[k] < NTASK ? threads[k] : NTASK;
        assert_true(p.workspaces >= 1 && (unsigned)p.workspaces <= used);
        /* one thread: the calling thread, none started */
        if (threads[k] == 1) {
            assert_int_equal(p.workspaces, 1);
            assert_false(p.other_thread);
        } else {
            assert_true(p.other_thread);
        }
    }
    /* no task: nothing runs */
    assert_int_equal(run_pool(&p, 4, 0, &err), PZ_OK);
    assert_int_equal(p.ran, 0);
    assert_int_equal(p.workspaces, 0);
}

static void pool_errors(void **state)
{
    (void)state;
    static pool_ctx p;
    pz_error err;
    /* tasks 5 and 6 fail; 5 waits first, so with threads 6 fails first in
     * time: the error is still task 5's, whatever the threads */
    static const unsigned threads[] = {1, 2, 4};
    for (size_t k = 0; k < sizeof threads / sizeof *threads; k++) {
        p = (pool_ctx){.fail_a = 5, .fail_b = 6, .slow = 5};
        assert_int_equal(run_pool(&p, threads[k], NTASK, &err), PZ_ERR_INPUT);
        assert_int_equal(err.status, PZ_ERR_INPUT);
        assert_string_equal(err.msg, "task 5 failed");
        /* threads take no task after a failure */
        assert_true(p.ran < NTASK);
        if (threads[k] == 1)
            assert_int_equal(p.ran, 6); /* 0..5 */
    }
    /* a workspace that cannot be made: out of memory */
    p = (pool_ctx){
        .fail_a = NTASK, .fail_b = NTASK, .slow = NTASK, .no_memory = 1};
    assert_int_equal(run_pool(&p, 3, NTASK, &err), PZ_ERR_NOMEM);
    assert_string_equal(err.msg, "out of memory");
    assert_int_equal(p.ran, 0);
}

/* ---- atomic files ---- */

static char tmpdir[64];

static int setup_dir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/plaza-test-base-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The names in dir, sorted, joined by spaces ("" when empty). */
static void listing(const char *dir, char *out, size_t n)
{
    char *names[64];
    size_t k = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) && k < 64)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[k++] = strdup(e->d_name);
    closedir(d);
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    out[0] = '\0';
    for (size_t i = 0; i < k; i++) {
        snprintf(out + strlen(out), n - strlen(out), "%s%s", i ? " " : "",
                 names[i]);
        free(names[i]);
    }
}

static void atomic_commit(void **state)
{
    (void)state;
    char dir[128], path[192], want[192], got[1024];
    snprintf(dir, sizeof dir, "%s/ok", tmpdir);
    assert_int_equal(mkdir(dir, 0777), 0);
    snprintf(path, sizeof path, "%s/table.csv", dir);
    pz__atomic a;
    pz_error err;
    assert_int_equal(pz__atomic_open(&a, path, &err), PZ_OK);
    fputs("a,b\n1,2\n", a.f);
    /* until the commit: only the hidden temporary */
    snprintf(want, sizeof want, ".table.csv.tmp-%ld", (long)getpid());
    listing(dir, got, sizeof got);
    assert_string_equal(got, want);
    assert_int_equal(pz__atomic_commit(&a, &err), PZ_OK);
    listing(dir, got, sizeof got);
    assert_string_equal(got, "table.csv");
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t len = fread(got, 1, sizeof got - 1, f);
    got[len] = '\0';
    fclose(f);
    assert_string_equal(got, "a,b\n1,2\n");
    assert_null(a.tmp);
    assert_null(a.f);
    /* an abort leaves the old file and no temporary */
    assert_int_equal(pz__atomic_open(&a, path, &err), PZ_OK);
    fputs("half", a.f);
    pz__atomic_abort(&a);
    pz__atomic_abort(&a); /* safe to repeat */
    listing(dir, got, sizeof got);
    assert_string_equal(got, "table.csv");
}

static void atomic_failures(void **state)
{
    (void)state;
    char dir[128], path[192], got[1024];
    pz__atomic a;
    pz_error err;
    snprintf(dir, sizeof dir, "%s/bad", tmpdir);
    assert_int_equal(mkdir(dir, 0777), 0);

    /* a directory that does not exist: nothing to write into */
    snprintf(path, sizeof path, "%s/missing/table.csv", dir);
    assert_int_equal(pz__atomic_open(&a, path, &err), PZ_ERR_IO);
    assert_non_null(strstr(err.msg, "cannot write"));
    assert_null(a.tmp);
    assert_null(a.f);

    /* the real name is a directory holding a file: the rename fails, and
     * the temporary goes */
    snprintf(path, sizeof path, "%s/taken", dir);
    assert_int_equal(mkdir(path, 0777), 0);
    snprintf(got, sizeof got, "%s/taken/inside", dir);
    FILE *f = fopen(got, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(pz__atomic_open(&a, path, &err), PZ_OK);
    fputs("data\n", a.f);
    assert_int_equal(pz__atomic_commit(&a, &err), PZ_ERR_IO);
    assert_non_null(strstr(err.msg, "cannot rename"));
    listing(dir, got, sizeof got);
    assert_string_equal(got, "taken");

    /* a write that fails (the file size limit: EFBIG): the commit says so
     * and removes the temporary */
    struct rlimit old, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    small = old;
    small.rlim_cur = 4096;
    void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    snprintf(path, sizeof path, "%s/big.csv", dir);
    pz_status st = pz__atomic_open(&a, path, &err);
    if (st == PZ_OK) {
        for (int i = 0; i < 100000; i++)
            fputs("0123456789\n", a.f);
        st = pz__atomic_commit(&a, &err) == PZ_ERR_IO ? PZ_OK : PZ_ERR_INTERNAL;
    }
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, was);
    assert_int_equal(st, PZ_OK);
    assert_non_null(strstr(err.msg, "big.csv"));
    listing(dir, got, sizeof got);
    assert_string_equal(got, "taken");

    /* a directory without write permission (not for root, who may write
     * anyway) */
    if (geteuid() != 0) {
        snprintf(path, sizeof path, "%s/locked", dir);
        assert_int_equal(mkdir(path, 0555), 0);
        snprintf(got, sizeof got, "%s/locked/table.csv", dir);
        assert_int_equal(pz__atomic_open(&a, got, &err), PZ_ERR_IO);
        listing(path, got, sizeof got);
        assert_string_equal(got, "");
        chmod(path, 0755);
    } else {
        print_message("running as root: the unwritable directory is not "
                      "tested\n");
    }
}

/* ---- numbers ---- */

static void num_is(double v, pz__numstyle style, const char *want)
{
    char buf[PZ__NUM_MAX];
    size_t n = pz__num_format(buf, v, style);
    if (strcmp(buf, want) != 0 || n != strlen(want))
        fail_msg("%.17g: got '%s' (%zu), want '%s'", v, buf, n, want);
}

/* What f wrote when called with v. */
static void json_is(double v, const char *want)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pz__json_num(f, v);
    fclose(f);
    assert_string_equal(buf, want);
    free(buf);
}

static void numbers(void **state)
{
    (void)state;
    /* the short form: at most six decimals, no trailing zeros */
    num_is(0, PZ__NUM_SHORT, "0");
    num_is(110, PZ__NUM_SHORT, "110");
    num_is(115081, PZ__NUM_SHORT, "115081");
    num_is(27.7, PZ__NUM_SHORT, "27.7");
    num_is(290.767847, PZ__NUM_SHORT, "290.767847");
    num_is(1.0 / 3, PZ__NUM_SHORT, "0.333333");
    num_is(2.0 / 3, PZ__NUM_SHORT, "0.666667");
    num_is(-1.5, PZ__NUM_SHORT, "-1.5");
    num_is(0.0000004, PZ__NUM_SHORT, "0");
    num_is(123456789.25, PZ__NUM_SHORT, "123456789.25");
    /* above 1e9 the decimals are still v's own (v 1e6 would not be) */
    num_is(999999999999.5, PZ__NUM_SHORT, "999999999999.5");
    /* 2e9 + 1 - 2^-22: the fraction rounds up to a whole millionth
     * million, carried into the whole part */
    num_is(2e9 + 1 - ldexp(1, -22), PZ__NUM_SHORT, "2000000001");
    num_is(2e9 + 0.125, PZ__NUM_SHORT, "2000000000.125");
    num_is(1e12, PZ__NUM_SHORT, "1.000000e+12");
    num_is(-2.155607e61, PZ__NUM_SHORT, "-2.155607e+61");
    /* the summaries' form: whole numbers bare, others six decimals */
    num_is(75683, PZ__NUM_SIX, "75683");
    num_is(181.7, PZ__NUM_SIX, "181.700000");
    num_is(1.0 / 3, PZ__NUM_SIX, "0.333333");
    num_is(-0.25, PZ__NUM_SIX, "-0.250000");
    num_is(3e13, PZ__NUM_SIX, "3.000000e+13");
    /* missing or infinite: NA in CSV, null in JSON */
    static const pz__numstyle styles[] = {PZ__NUM_SHORT, PZ__NUM_SIX};
    for (int k = 0; k < 2; k++) {
        num_is(NAN, styles[k], "NA");
        num_is(INFINITY, styles[k], "NA");
        num_is(-INFINITY, styles[k], "NA");
    }
    json_is(NAN, "null");
    json_is(INFINITY, "null");
    json_is(-INFINITY, "null");
    json_is(0.5, "0.5");
    json_is(1.0 / 3, "0.333333");
    json_is(115081, "115081");

    /* text: quoted only when needed, quotes doubled; JSON escapes */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pz__csv_field(f, "Sinaloa");
    fputc('|', f);
    pz__csv_field(f, "Arvizo, El Jaguar");
    fputc('|', f);
    pz__csv_field(f, "say \"hi\"");
    fputc('|', f);
    pz__csv_num(f, NAN, PZ__NUM_SHORT);
    fputc('|', f);
    pz__json_string(f, "a\"b\\c\n\x01");
    fclose(f);
    assert_string_equal(buf, "Sinaloa|\"Arvizo, El Jaguar\"|\"say \"\"hi\"\"\"|"
                             "NA|\"a\\\"b\\\\c\\n\\u0001\"");
    free(buf);
}

/* JSON strings: U+2028/9 escaped in both forms; in the form for an HTML
 * page (the report) nothing can close a <script> element or open a
 * comment (issue 15.1); files keep <, >, & and / readable */
static void json_in_html(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pz__json_string(f, "</script><!--a&b-->/\xe2\x80\xa8\xe2\x80\xa9\xc3\xa1");
    fputc('|', f);
    pz__json_string_html(f, "</script><!--a&b a/b\xe2\x80\xa8");
    fclose(f);
    assert_string_equal(buf, "\"</script><!--a&b-->/\\u2028\\u2029\xc3\xa1\"|"
                             "\"\\u003c\\u002fscript\\u003e\\u003c!--a\\u0026b "
                             "a\\u002fb\\u2028\"");
    free(buf);
}

/* ---- statistics ---- */

static void close_to(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol * fmax(1, fabs(want))))
        fail_msg("got %.17g, want %.17g", got, want);
}

static void statistics(void **state)
{
    (void)state;
    double v[] = {3, 1, 4, 2};
    qsort(v, 4, sizeof *v, pz__dcmp);
    for (int i = 0; i < 4; i++)
        assert_true(v[i] == i + 1);
    double a = 1, b = 2;
    assert_true(pz__dcmp(&a, &b) < 0 && pz__dcmp(&b, &a) > 0 &&
                pz__dcmp(&a, &a) == 0);
    /* type 7: h = (n - 1) q, between v[floor h] and the next */
    close_to(pz__quantile_sorted(v, 4, 0.25), 1.75, 1e-15); /* h = 0.75 */
    close_to(pz__quantile_sorted(v, 4, 0.5), 2.5, 1e-15);
    close_to(pz__quantile_sorted(v, 4, 0.9), 3.7, 1e-15); /* h = 2.7 */
    close_to(pz__quantile_sorted(v, 4, 0), 1, 0);
    close_to(pz__quantile_sorted(v, 4, 1), 4, 0);
    close_to(pz__quantile_sorted(v, 1, 0.3), 1, 0);
    assert_true(isnan(pz__quantile_sorted(v, 0, 0.5)));

    /* Pearson: a line up, a line down, and by hand x = 1 2 3, y = 1 3 2:
     * deviations -1 0 1 and -1 1 0, so sxy = 1, sxx = syy = 2, r = 1/2 */
    double x[] = {1, 2, 3, 4, 5}, up[5], down[5], flat[5] = {2, 2, 2, 2, 2};
    for (int i = 0; i < 5; i++) {
        up[i] = 2 * x[i] + 1;
        down[i] = -3 * x[i];
    }
    close_to(pz__pearson(x, up, 5), 1, 1e-15);
    close_to(pz__pearson(x, down, 5), -1, 1e-15);
    double y[] = {1, 3, 2};
    close_to(pz__pearson(x, y, 3), 0.5, 1e-15);
    assert_true(isnan(pz__pearson(x, flat, 5)));
    assert_true(isnan(pz__pearson(x, up, 1)));

    /* t-intervals where Student's quantile has a closed form: with one
     * degree of freedom (Cauchy) t_p = tan(pi (p - 1/2)); with two,
     * F(t) = 1/2 + t / (2 sqrt(2 + t^2)), so t_p = a sqrt(2 / (1 - a^2))
     * with a = 2p - 1. */
    double mean, half;
    double d1[] = {0, 2}; /* mean 1, sd sqrt(2), sd / sqrt(n) = 1 */
    pz__t_interval(d1, 2, 0.95, &mean, &half);
    close_to(mean, 1, 1e-15);
    close_to(half, tan(acos(-1.0) * 0.475), 1e-9); /* 12.706 */
    pz__t_interval(d1, 2, 0.5, &mean, &half);
    close_to(half, 1, 1e-9); /* tan(pi / 4) */
    double d2[] = {1, 2, 6}; /* mean 3, deviations -2 -1 3: sd sqrt(7) */
    pz__t_interval(d2, 3, 0.95, &mean, &half);
    double al = 0.95, t2 = al * sqrt(2 / (1 - al * al)); /* 4.3027 */
    close_to(mean, 3, 1e-15);
    close_to(half, t2 * sqrt(7.0) / sqrt(3.0), 1e-9);
    pz__t_interval(d2, 1, 0.95, &mean, &half); /* one value: no interval */
    close_to(mean, 1, 0);
    assert_true(isnan(half));
    pz__t_interval(d2, 0, 0.95, &mean, &half);
    assert_true(isnan(mean) && isnan(half));
}

/* ---- dates and the calendar ---- */

static void dates(void **state)
{
    (void)state;
    assert_int_equal(pz_days_from_civil(1970, 1, 1), 0);
    /* 30 years of 365 days and 7 leap days (1972 ... 1996), then Jan and
     * Feb of 2000 (a leap year): 10957 + 31 + 29 */
    assert_int_equal(pz_days_from_civil(2000, 1, 1), 30 * 365 + 7);
    assert_int_equal(pz_days_from_civil(2000, 3, 1), 10957 + 31 + 29);
    assert_int_equal(pz_days_from_civil(1969, 12, 31), -1);
    /* leap days: 2000 and 2024 have one, 1900 not (its Feb 29 is Mar 1) */
    assert_int_equal(
        pz_days_from_civil(2000, 3, 1) - pz_days_from_civil(2000, 2, 28), 2);
    assert_int_equal(pz_days_from_civil(1900, 2, 29),
                     pz_days_from_civil(1900, 3, 1));
    char buf[16], want[16];
    for (long d = -800000; d <= 800000; d += 97) {
        int y, m, dd;
        pz_civil_from_days(d, &y, &m, &dd);
        assert_int_equal(pz_days_from_civil(y, m, dd), d);
        assert_true(m >= 1 && m <= 12 && dd >= 1 && dd <= 31);
        if (y >= 1000 && y <= 9999) { /* the text names the same day */
            snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, dd);
            assert_string_equal(pz_date_format(d, buf, sizeof buf), want);
        }
    }
    assert_string_equal(
        pz_date_format(pz_days_from_civil(2024, 2, 29), buf, sizeof buf),
        "2024-02-29");
    /* a year of steps is 52 weeks, 364 days */
    assert_int_equal(PZ__STEPS_PER_YEAR * PZ__DAYS_PER_WEEK, 364);
    assert_true(PZ__WEEKS_PER_YEAR == 52.0);
    /* step 520 of pc2023 (from 2012-01-01) is 2021-12-19 (docs/MODEL.md) */
    long start = pz_days_from_civil(2012, 1, 1);
    assert_int_equal(pz_step_date(start, 0), start);
    assert_string_equal(
        pz_date_format(pz_step_date(start, 520), buf, sizeof buf),
        "2021-12-19");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pool_ordered),  cmocka_unit_test(pool_errors),
        cmocka_unit_test(atomic_commit), cmocka_unit_test(atomic_failures),
        cmocka_unit_test(numbers),       cmocka_unit_test(json_in_html),
        cmocka_unit_test(statistics),    cmocka_unit_test(dates),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
