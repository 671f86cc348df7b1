/*
 * test_gsl_errors.c - GSL's errors never abort plaza (issue 15 item 3):
 * pz__gsl_quiet replaces GSL's default handler, which calls abort(), and
 * keeps a handler the embedding program installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>

#include "base/stats.h"

/* A GSL error, as every GSL function raises one (GSL_ERROR calls
 * gsl_error): with the default handler it aborts; after pz__gsl_quiet it
 * returns. */
static int provoke(void)
{
    gsl_error("provoked by the test", __FILE__, __LINE__, GSL_EDOM);
    return 1;
}

/* In a child, so that the process-wide handler of the parent is untouched
 * and an abort() shows as a signal. */
static void default_handler_replaced(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        pz__gsl_quiet();
        _exit(provoke() ? 0 : 3);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_false(WIFSIGNALED(status)); /* SIGABRT before the fix */
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static int calls;

static void embedder_handler(const char *reason, const char *file, int line,
                             int gsl_errno)
{
    (void)reason;
    (void)file;
    (void)line;
    (void)gsl_errno;
    calls++;
}

static void embedder_handler_kept(void **state)
{
    (void)state;
    gsl_set_error_handler(embedder_handler);
    pz__gsl_quiet();
    pz__gsl_quiet(); /* idempotent */
    assert_true(gsl_set_error_handler(embedder_handler) == embedder_handler);
    assert_true(provoke());
    assert_int_equal(calls, 1);
    gsl_set_error_handler(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_handler_replaced),
        cmocka_unit_test(embedder_handler_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
