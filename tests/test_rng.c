/*
 * test_rng.c - unit tests of the counter-based generator (src/core/rng.c).
 *
 * Two kinds of test.  Where determinism is the promise (same seed,
 * replicate, stream, entity and step give the same numbers, in any order)
 * the tests compare draws bit for bit, and one test pins the counter layout
 * against Random123's philox4x32 directly, since changing it would change
 * every result of every run.  Where the promise is a distribution, the
 * tests compare sample moments with the exact ones, with a tolerance of
 * Z = 5 standard errors derived from the sample size (a false alarm rate
 * of about 6e-7 per check for a normal statistic); the seeds are fixed, so
 * a pass or failure is reproducible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wundef"
#include <Random123/philox.h>
#pragma GCC diagnostic pop

#include "plaza/rng.h"

/* Tolerance of the statistical checks, in standard errors. */
#define Z 5.0

#define SEED 0x0123456789ABCDEFull

/* ---- helpers ---------------------------------------------------------- */

static void init_or_fail(pz_rng *rng, uint64_t seed, uint32_t replicate)
{
    assert_int_equal(pz_rng_init(rng, seed, replicate), PZ_OK);
}

/* Running mean and sum of squared deviations (Welford). */
struct moments {
    double n;
    double mean;
    double m2;
};

static void moments_add(struct moments *m, double x)
{
    m->n += 1.0;
    double d = x - m->mean;
    m->mean += d / m->n;
    m->m2 += d * (x - m->mean);
}

static double moments_var(const struct moments *m)
{
    return m->m2 / (m->n - 1.0);
}

/* Checks |got - want| <= tol, reporting label on failure. */
static void check_near(const char *label, double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.9g, want %.9g +- %.3g", label, got, want, tol);
}

/* Checks sample mean and variance of m against a distribution with mean
 * mu, variance var and fourth central moment mu4: the standard error of
 * the mean is sqrt(var / n), that of the sample variance approximately
 * sqrt((mu4 - var^2) / n). */
static void check_moments(const char *label, const struct moments *m, double mu,
                          double var, double mu4)
{
    char what[128];
    double se_mean = sqrt(var / m->n);
    double se_var = sqrt(fmax(mu4 - var * var, 0.0) / m->n);

    snprintf(what, sizeof what, "%s mean", label);
    check_near(what, m->mean, mu, Z * se_mean + 1e-12);
    snprintf(what, sizeof what, "%s variance", label);
    check_near(what, moments_var(m), var, Z * se_var + 1e-12);
}

/* Checks an observed frequency k / n against probability p. */
static void check_frequency(const char *label, double k, double n, double p)
{
    check_near(label, k / n, p, Z * sqrt(p * (1.0 - p) / n));
}

/* Critical value of a chi-square with df degrees of freedom for a false
 * alarm rate of 1e-6 (z = 4.7534), by the Wilson-Hilferty approximation. */
static double chi2_critical(double df)
{
    double h = 2.0 / (9.0 * df);
    return df * pow(1.0 - h + 4.7534 * sqrt(h), 3.0);
}

/* Pearson's chi-square of observed counts obs[0..k-1] against the exact
 * probabilities prob[0..k-1] (summing to 1 up to rounding) over n draws.
 * Cells whose expected count is below 5 are pooled in turn with their
 * right neighbour (the last ones with the left), so that every cell
 * expects at least 5; fails when the statistic exceeds the 1e-6 critical
 * value.  The probabilities' shortfall from 1, if any, is a cell of its
 * own with 0 observed (the samplers cannot fall outside the support). */
static void check_chi2(const char *label, const double *obs, const double *prob,
                       size_t k, double n)
{
    double chi2 = 0.0, o = 0.0, e = 0.0, total = 0.0;
    int cells = 0;
    for (size_t i = 0; i < k; i++) {
        o += obs[i];
        e += prob[i] * n;
        total += prob[i];
        if (e >= 5.0 && (n * (1.0 - total) >= 5.0 || i + 1 == k)) {
            chi2 += (o - e) * (o - e) / e;
            cells++;
            o = e = 0.0;
        }
    }
    if (o > 0.0 || e > 0.0) { /* the remainder, below 5 expected */
        e += fmax(0.0, 1.0 - total) * n;
        chi2 += e > 0.0 ? (o - e) * (o - e) / e : o * 1e300;
        cells++;
    }
    if (cells < 2)
        fail_msg("%s: fewer than 2 cells for the chi-square", label);
    double crit = chi2_critical(cells - 1);
    if (!(chi2 < crit))
        fail_msg("%s: chi-square %.2f >= %.2f (%d cells)", label, chi2, crit,
                 cells);
}

/* Exact pmf of binomial(n, p) at k, through logarithms. */
static double binomial_pmf(unsigned k, unsigned n, double p)
{
    return exp(lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) +
               k * log(p) + (n - k) * log1p(-p));
}

/* Exact pmf of Poisson(mu) at k. */
static double poisson_pmf(unsigned k, double mu)
{
    return exp(k * log(mu) - mu - lgamma(k + 1.0));
}

/* A draw of every kind, folded into words so sequences can be compared. */
static void mixed_draws(pz_rng *rng, uint32_t *out, size_t len)
{
    static const double w[3] = {1.0, 0.0, 2.5};
    for (size_t i = 0; i < len; i++) {
        unsigned c[3];
        switch (i % 5) {
        case 0:
            out[i] = pz_rng_u32(rng);
            break;
        case 1:
            out[i] = (uint32_t)(pz_rng_uniform(rng) * 4294967296.0);
            break;
        case 2:
            out[i] = pz_rng_poisson(rng, 7.5);
            break;
        case 3:
            out[i] = pz_rng_binomial(rng, 0.3, 500);
            break;
        default:
            pz_rng_multinomial(rng, 3, 40, w, c);
            out[i] = c[0] * 1000u + c[2];
            break;
        }
    }
}

/* ---- 1. determinism --------------------------------------------------- */

/* The counter layout: key = (seed low, seed high), counter = (block index,
 * step, stream << 24 | entity, replicate); and Philox's known answer. */
static void test_layout(void **state)
{
    (void)state;
    pz_rng rng;

    /* Random123 known-answer vector: zero key, zero counter. */
    init_or_fail(&rng, 0, 0);
    pz_rng_seek(&rng, 0, 0, 0);
    assert_int_equal(pz_rng_u32(&rng), 0x6627e8d5u);
    assert_int_equal(pz_rng_u32(&rng), 0xe169c58du);
    assert_int_equal(pz_rng_u32(&rng), 0xbc57ac4cu);
    assert_int_equal(pz_rng_u32(&rng), 0x9b00dbd8u);
    pz_rng_release(&rng);

    init_or_fail(&rng, 0x0123456789ABCDEFull, 7);
    pz_rng_seek(&rng, PZ_STREAM_TEST, 0xABCDEFu, 42);
    philox4x32_key_t k = {{0x89ABCDEFu, 0x01234567u}};
    for (uint32_t b = 0; b < 3; b++) {
        philox4x32_ctr_t c = {{b, 42u, 0xFFABCDEFu, 7u}};
        philox4x32_ctr_t r = philox4x32(c, k);
        for (unsigned i = 0; i < 4; i++)
            assert_int_equal(pz_rng_u32(&rng), r.v[i]);
    }
    pz_rng_release(&rng);
}

static void test_same_position_same_sequence(void **state)
{
    (void)state;
    pz_rng a, b;
    uint32_t sa[200], sb[200];

    init_or_fail(&a, SEED, 3);
    init_or_fail(&b, SEED, 3);
    pz_rng_seek(&a, PZ_STREAM_GROUP_EVENTS, 12345, 9);
    pz_rng_seek(&b, PZ_STREAM_GROUP_EVENTS, 12345, 9);
    mixed_draws(&a, sa, 200);
    mixed_draws(&b, sb, 200);
    assert_memory_equal(sa, sb, sizeof sa);

    /* Re-seeking restarts the sequence, whatever was drawn before. */
    pz_rng_seek(&a, PZ_STREAM_GROUP_EVENTS, 12345, 9);
    mixed_draws(&a, sb, 200);
    assert_memory_equal(sa, sb, sizeof sa);

    /* Mid-block: after 3 words, re-seek and the first word comes back. */
    pz_rng_seek(&a, PZ_STREAM_TEST, 1, 1);
    uint32_t first = pz_rng_u32(&a);
    (void)pz_rng_u32(&a);
    (void)pz_rng_u32(&a);
    pz_rng_seek(&a, PZ_STREAM_TEST, 1, 1);
    assert_int_equal(pz_rng_u32(&a), first);

    pz_rng_release(&a);
    pz_rng_release(&b);
}

static void test_order_independence(void **state)
{
    (void)state;
    pz_rng a, b;
    uint32_t a5[60], a3[60], b5[60], b3[60];

    init_or_fail(&a, SEED, 0);
    init_or_fail(&b, SEED, 0);
    pz_rng_seek(&a, PZ_STREAM_GROUP_EVENTS, 5, 100);
    mixed_draws(&a, a5, 60);
    pz_rng_seek(&a, PZ_STREAM_GROUP_EVENTS, 3, 100);
    mixed_draws(&a, a3, 60);

    pz_rng_seek(&b, PZ_STREAM_GROUP_EVENTS, 3, 100);
    mixed_draws(&b, b3, 60);
    pz_rng_seek(&b, PZ_STREAM_GROUP_EVENTS, 5, 100);
    mixed_draws(&b, b5, 60);

    assert_memory_equal(a5, b5, sizeof a5);
    assert_memory_equal(a3, b3, sizeof a3);
    pz_rng_release(&a);
    pz_rng_release(&b);
}

/* The adaptor reads the pz_rng's own words: GSL's view of a draw advances
 * the same counter. */
static void test_gsl_adaptor(void **state)
{
    (void)state;
    pz_rng a, b;

    init_or_fail(&a, SEED, 1);
    init_or_fail(&b, SEED, 1);
    const gsl_rng *g = a.gsl;
    assert_int_equal(gsl_rng_min(g), 0);
    assert_int_equal(gsl_rng_max(g), 0xFFFFFFFFul);

    pz_rng_seek(&a, PZ_STREAM_TEST, 77, 2);
    pz_rng_seek(&b, PZ_STREAM_TEST, 77, 2);
    for (int i = 0; i < 10; i++) {
        uint32_t w = pz_rng_u32(&b);
        if (i % 2 == 0) {
            assert_int_equal(gsl_rng_get(g), w);
        } else {
            double u = gsl_rng_uniform(g);
            assert_true(u >= 0.0 && u < 1.0);
            assert_true(u == (double)w / 4294967296.0);
        }
    }
    /* Interleaved with pz_rng draws on the same counter. */
    assert_int_equal(pz_rng_u32(&a), pz_rng_u32(&b));
    pz_rng_release(&a);
    pz_rng_release(&b);
}

/* A pz_rng moved to another address keeps drawing from its own counter. */
static void test_moved_rng(void **state)
{
    (void)state;
    pz_rng a, ref;
    uint32_t sm[50], sr[50];

    init_or_fail(&a, SEED, 0);
    init_or_fail(&ref, SEED, 0);
    pz_rng_seek(&a, PZ_STREAM_TEST, 1, 1); /* left behind in 'a' */
    pz_rng *moved = malloc(sizeof *moved);
    assert_non_null(moved);
    memcpy(moved, &a, sizeof a);
    memset(&a, 0, sizeof a);

    pz_rng_seek(moved, PZ_STREAM_TEST, 2, 2);
    pz_rng_seek(&ref, PZ_STREAM_TEST, 2, 2);
    mixed_draws(moved, sm, 50);
    mixed_draws(&ref, sr, 50);
    assert_memory_equal(sm, sr, sizeof sm);

    pz_rng_release(moved);
    pz_rng_release(moved); /* release is idempotent */
    free(moved);
    pz_rng_release(&ref);
}

/* ---- 2. different positions, different numbers ------------------------ */

static void first_words(uint64_t seed, uint32_t rep, unsigned stream,
                        uint32_t entity, uint32_t step, uint32_t out[8])
{
    pz_rng rng;
    init_or_fail(&rng, seed, rep);
    pz_rng_seek(&rng, stream, entity, step);
    for (int i = 0; i < 8; i++)
        out[i] = pz_rng_u32(&rng);
    pz_rng_release(&rng);
}

static void test_different_positions(void **state)
{
    (void)state;
    enum { NCASE = 10 };
    uint32_t w[NCASE][8];

    first_words(SEED, 4, PZ_STREAM_GROUP_EVENTS, 1000, 50, w[0]);
    first_words(SEED, 5, PZ_STREAM_GROUP_EVENTS, 1000, 50, w[1]);
    first_words(SEED, 4, PZ_STREAM_TEST, 1000, 50, w[2]);
    first_words(SEED, 4, PZ_STREAM_GROUP_EVENTS, 1001, 50, w[3]);
    first_words(SEED, 4, PZ_STREAM_GROUP_EVENTS, 1000, 51, w[4]);
    first_words(SEED + 1, 4, PZ_STREAM_GROUP_EVENTS, 1000, 50, w[5]);
    first_words(SEED ^ (1ull << 40), 4, PZ_STREAM_GROUP_EVENTS, 1000, 50, w[6]);
    /* Largest entity and stream do not alias their neighbours. */
    first_words(SEED, 4, PZ_STREAM_GROUP_EVENTS, PZ_RNG_MAX_ENTITY, 50, w[7]);
    first_words(SEED, 4, PZ_STREAM_GROUP_EVENTS + 1, 0, 50, w[8]);
    first_words(SEED, 4, PZ_STREAM_TEST, PZ_RNG_MAX_ENTITY, 50, w[9]);

    for (int i = 0; i < NCASE; i++) {
        /* Successive blocks differ too. */
        assert_memory_not_equal(w[i], w[i] + 4, 4 * sizeof(uint32_t));
        for (int j = i + 1; j < NCASE; j++)
            assert_memory_not_equal(w[i], w[j], sizeof w[i]);
    }
}

/* ---- 3. uniform ------------------------------------------------------- */

static void test_uniform(void **state)
{
    (void)state;
    enum { N = 1000000, BINS = 100 };
    static unsigned bins[BINS];
    pz_rng rng, twin;
    struct moments m = {0};

    init_or_fail(&rng, SEED, 0);
    pz_rng_seek(&rng, PZ_STREAM_TEST, 3, 0);
    memset(bins, 0, sizeof bins);
    for (int i = 0; i < N; i++) {
        double u = pz_rng_uniform(&rng);
        if (!(u > 0.0 && u < 1.0))
            fail_msg("uniform draw %d out of (0,1): %.17g", i, u);
        moments_add(&m, u);
        bins[(int)(u * BINS)]++;
    }
    /* Uniform(0,1): variance 1/12, fourth central moment 1/80. */
    check_moments("uniform", &m, 0.5, 1.0 / 12.0, 1.0 / 80.0);

    /* Chi-square on 100 equiprobable bins, 99 degrees of freedom.  The
     * critical value for a false alarm rate of 1e-6 (z = 4.7534) by the
     * Wilson-Hilferty approximation is about 181.1. */
    double expect = (double)N / BINS, chi2 = 0.0;
    for (int i = 0; i < BINS; i++) {
        double d = bins[i] - expect;
        chi2 += d * d / expect;
    }
    double df = BINS - 1, h = 2.0 / (9.0 * df);
    double crit = df * pow(1.0 - h + 4.7534 * sqrt(h), 3.0);
    if (!(chi2 < crit))
        fail_msg("uniform chi-square %.2f >= %.2f", chi2, crit);

    /* The construction: (word + 1/2) / 2^32, exactly. */
    init_or_fail(&twin, SEED, 0);
    pz_rng_seek(&rng, PZ_STREAM_TEST, 9, 9);
    pz_rng_seek(&twin, PZ_STREAM_TEST, 9, 9);
    for (int i = 0; i < 100; i++) {
        double want = ((double)pz_rng_u32(&twin) + 0.5) / 4294967296.0;
        assert_true(pz_rng_uniform(&rng) == want);
    }
    pz_rng_release(&rng);
    pz_rng_release(&twin);
}

/* ---- 4. Poisson ------------------------------------------------------- */

static void test_poisson(void **state)
{
    (void)state;
    enum { N = 100000 };
    static const double mus[] = {0.3, 5.0, 80.0, 1e4};
    pz_rng rng;
    char label[64];

    init_or_fail(&rng, SEED, 0);
    pz_rng_seek(&rng, PZ_STREAM_TEST, 4, 0);

    /* mu <= 0 draws nothing and returns 0. */
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(pz_rng_poisson(&rng, 0.0), 0);
        assert_int_equal(pz_rng_poisson(&rng, -1.0), 0);
        assert_int_equal(pz_rng_poisson(&rng, NAN), 0);
    }

    for (size_t j = 0; j < sizeof mus / sizeof mus[0]; j++) {
        double mu = mus[j];
        struct moments m = {0};
        double zeros = 0.0;
        pz_rng_seek(&rng, PZ_STREAM_TEST, 4, (uint32_t)j + 1);
        for (int i = 0; i < N; i++) {
            unsigned x = pz_rng_poisson(&rng, mu);
            moments_add(&m, x);
            zeros += x == 0;
        }
        /* Poisson: variance mu, fourth central moment mu (1 + 3 mu). */
        snprintf(label, sizeof label, "poisson(%g)", mu);
        check_moments(label, &m, mu, mu, mu * (1.0 + 3.0 * mu));
        snprintf(label, sizeof label, "poisson(%g) P(0)", mu);
        check_frequency(label, zeros, N, exp(-mu));
    }
    pz_rng_release(&rng);
}

/* ---- 5. binomial ------------------------------------------------------ */

static void test_binomial(void **state)
{
    (void)state;
    enum { N = 100000 };
    static const struct {
        unsigned n;
        double p;
    } cases[] = {{20, 0.3}, {1000, 0.002}, {100000, 0.4}};
    pz_rng rng;
    char label[64];

    init_or_fail(&rng, SEED, 0);
    pz_rng_seek(&rng, PZ_STREAM_TEST, 5, 0);

    /* Edge cases are exact; p is clamped to [0, 1], NaN counts as 0. */
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(pz_rng_binomial(&rng, 0.5, 0), 0);
        assert_int_equal(pz_rng_binomial(&rng, 0.0, 10), 0);
        assert_int_equal(pz_rng_binomial(&rng, 1.0, 10), 10);
        assert_int_equal(pz_rng_binomial(&rng, -0.5, 10), 0);
        assert_int_equal(pz_rng_binomial(&rng, 1.5, 10), 10);
        assert_int_equal(pz_rng_binomial(&rng, NAN, 10), 0);
    }

    for (size_t j = 0; j < sizeof cases / sizeof cases[0]; j++) {
        unsigned n = cases[j].n;
        double p = cases[j].p, q = 1.0 - p, zeros = 0.0;
        struct moments m = {0};
        pz_rng_seek(&rng, PZ_STREAM_TEST, 5, (uint32_t)j + 1);
        for (int i = 0; i < N; i++) {
            unsigned x = pz_rng_binomial(&rng, p, n);
            assert_true(x <= n);
            moments_add(&m, x);
            zeros += x == 0;
        }
        /* Binomial: mean np, variance npq, fourth central moment
         * npq (1 + 3 (n - 2) pq). */
        double var = n * p * q;
        snprintf(label, sizeof label, "binomial(%u, %g)", n, p);
        check_moments(label, &m, n * p, var,
                      var * (1.0 + 3.0 * (n - 2.0) * p * q));
        snprintf(label, sizeof label, "binomial(%u, %g) P(0)", n, p);
        check_frequency(label, zeros, N, pow(q, n));
    }
    pz_rng_release(&rng);
}

/* The whole distribution, by a chi-square against the exact pmf, on both
 * sides of every switch of the samplers (rng.c): the squeeze for small
 * means, inversion (from (1 - p)^n by squaring below n = 1024, through
 * log1p above), GSL's BTPE from a mean of 40, p > 1/2 drawn as failures;
 * and n = 1. */
static void test_binomial_exact(void **state)
{
    (void)state;
    enum { N = 200000 };
    static const struct {
        unsigned n;
        double p;
    } cases[] = {{1, 0.3},       {3, 1e-4},      {4, 0.075},     {12, 1.0 / 12},
                 {34, 0.088},    {155, 0.0897},  {156, 0.0897},  {10, 0.7},
                 {3, 0.5},       {5000, 2e-4},   {2000, 0.006},  {60, 0.97},
                 {200, 0.2},     {400, 0.09975}, {401, 0.09975}, {80, 0.499},
                 {2000, 0.0199}, {2000, 0.0201}};
    static double obs[5001], prob[5001];
    pz_rng rng;
    char label[64];

    init_or_fail(&rng, SEED, 0);
    for (size_t j = 0; j < sizeof cases / sizeof cases[0]; j++) {
        unsigned n = cases[j].n;
        double p = cases[j].p;
        memset(obs, 0, (n + 1) * sizeof *obs);
        pz_rng_seek(&rng, PZ_STREAM_TEST, 8, (uint32_t)j);
        for (int i = 0; i < N; i++) {
            unsigned x = pz_rng_binomial(&rng, p, n);
            assert_true(x <= n);
            obs[x] += 1.0;
        }
        for (unsigned k = 0; k <= n; k++)
            prob[k] = binomial_pmf(k, n, p);
        snprintf(label, sizeof label, "binomial(%u, %g)", n, p);
        check_chi2(label, obs, prob, n + 1, N);
    }
    pz_rng_release(&rng);
}

/* pz_rng_binomial_from, given the first uniform, is pz_rng_binomial: the
 * same counts and the same words consumed, for p <= 1/2 and n p below the
 * inversion's bound (also when u < 1 - n p, the caller's shortcut). */
static void test_binomial_from(void **state)
{
    (void)state;
    pz_rng a, b;
    init_or_fail(&a, SEED, 2);
    init_or_fail(&b, SEED, 2);
    for (uint32_t j = 0; j < 20000; j++) {
        unsigned n = 1 + j % 97;
        double p = (j % 13 == 0) ? 0.5 : 0.5 * (double)(j % 1009) / 1009.0;
        if (n * p >= 39.0)
            p = 39.0 / n;
        pz_rng_seek(&a, PZ_STREAM_TEST, 11, j);
        pz_rng_seek(&b, PZ_STREAM_TEST, 11, j);
        unsigned x = pz_rng_binomial(&a, p, n);
        double u = pz_rng_uniform(&b);
        unsigned y = pz_rng_binomial_from(&b, u, p, n);
        if (p > 0.0 && u < 1.0 - n * p)
            assert_int_equal(y, 0);
        assert_int_equal(x, y);
        if (p > 0.0)
            assert_int_equal(pz_rng_u32(&a), pz_rng_u32(&b));
    }
    pz_rng_release(&a);
    pz_rng_release(&b);
}

/* pz_rng_binomial_from whose first uniform comes from an independent word
 * (a word set aside by pz_rng_seek_block) has the binomial's law, on both
 * sides of every switch: the squeeze, inversion, p > 1/2 (the failures),
 * GSL's BTPE (u not used). */
static void test_binomial_from_law(void **state)
{
    (void)state;
    enum { N = 200000 };
    static const struct {
        unsigned n;
        double p;
    } cases[] = {{3, 1e-3},  {12, 0.08}, {155, 0.05},    {10, 0.7},
                 {60, 0.97}, {400, 0.2}, {2000, 0.0201}, {1, 0.5}};
    static double obs[2001], prob[2001];
    pz_rng rng;
    char label[64];
    init_or_fail(&rng, SEED, 5);
    for (size_t j = 0; j < sizeof cases / sizeof cases[0]; j++) {
        unsigned n = cases[j].n;
        double p = cases[j].p;
        memset(obs, 0, (n + 1) * sizeof *obs);
        for (uint32_t i = 0; i < N; i++) {
            uint32_t blk[4], e = i;
            pz_rng_first_blocks(&rng, PZ_STREAM_TEST, &e, 1, (uint32_t)j, &blk);
            pz_rng_seek_block(&rng, PZ_STREAM_TEST, e, (uint32_t)j, blk, 3);
            unsigned x =
                pz_rng_binomial_from(&rng, pz_rng_word_uniform(blk[3]), p, n);
            assert_true(x <= n);
            obs[x] += 1.0;
        }
        for (unsigned k = 0; k <= n; k++)
            prob[k] = binomial_pmf(k, n, p);
        snprintf(label, sizeof label, "binomial_from(%u, %g)", n, p);
        check_chi2(label, obs, prob, n + 1, N);
    }
    pz_rng_release(&rng);
}

/* pz_rng_first_blocks gives the words of pz_rng_seek's first block, for
 * any number of positions (32 at once with AVX-512, 16 with AVX2, then one
 * by one), and
 * pz_rng_seek_block continues exactly as pz_rng_seek would, without the
 * words set aside. */
static void test_first_blocks(void **state)
{
    (void)state;
    enum { N = 37 };
    uint32_t ent[N], blk[N][4];
    pz_rng a, b;
    init_or_fail(&a, SEED, 9);
    init_or_fail(&b, SEED, 9);
    for (uint32_t n = 0; n <= N; n++) {
        for (uint32_t j = 0; j < n; j++)
            ent[j] = (j * 2654435761u + n) & PZ_RNG_MAX_ENTITY;
        pz_rng_first_blocks(&a, PZ_STREAM_MOVEMENT, ent, n, 1000 + n, blk);
        for (uint32_t j = 0; j < n; j++) {
            pz_rng_seek(&b, PZ_STREAM_MOVEMENT, ent[j], 1000 + n);
            for (unsigned i = 0; i < 4; i++)
                assert_int_equal(blk[j][i], pz_rng_u32(&b));
            unsigned words = 1 + j % 4;
            pz_rng_seek_block(&a, PZ_STREAM_MOVEMENT, ent[j], 1000 + n, blk[j],
                              words);
            pz_rng_seek(&b, PZ_STREAM_MOVEMENT, ent[j], 1000 + n);
            for (unsigned i = 0; i < words; i++)
                assert_int_equal(pz_rng_u32(&a), pz_rng_u32(&b));
            for (unsigned i = words; i < 4; i++)
                (void)pz_rng_u32(&b);
            for (unsigned i = 0; i < 9; i++)
                assert_int_equal(pz_rng_u32(&a), pz_rng_u32(&b));
        }
    }
    pz_rng_release(&a);
    pz_rng_release(&b);
}

/* The squeeze promised by rng.h: with a small mean, the first word's
 * uniform below 1 - mean gives 0 and no other word is used. */
static void test_squeeze(void **state)
{
    (void)state;
    pz_rng a, b;
    init_or_fail(&a, SEED, 4);
    init_or_fail(&b, SEED, 4);
    for (uint32_t j = 0; j < 20000; j++) {
        double mu = (double)(j % 997) / 997.0;
        unsigned n = 1 + j % 50;
        double p = 0.5 * mu / n;
        pz_rng_seek(&a, PZ_STREAM_TEST, 12, j);
        pz_rng_seek(&b, PZ_STREAM_TEST, 12, j);
        double u = pz_rng_word_uniform(pz_rng_u32(&b));
        double v = pz_rng_word_uniform(pz_rng_u32(&b));
        unsigned x = pz_rng_poisson(&a, mu);
        unsigned y = pz_rng_binomial(&a, p, n);
        if (mu > 0 && u < 1.0 - mu && p > 0 && v < 1.0 - (double)n * p) {
            assert_int_equal(x, 0);
            assert_int_equal(y, 0);
            assert_int_equal(pz_rng_u32(&a), pz_rng_u32(&b));
        }
    }
    pz_rng_release(&a);
    pz_rng_release(&b);
}

/* Likewise for the Poisson: the squeeze, inversion below a mean of 50,
 * GSL's sampler from 50. */
static void test_poisson_exact(void **state)
{
    (void)state;
    enum { N = 200000, K = 200 };
    static const double mus[] = {1e-3, 0.05, 0.3,  1.0,  3.0, 9.5,
                                 10.0, 25.0, 49.9, 50.0, 80.0};
    static double obs[K], prob[K];
    pz_rng rng;
    char label[64];

    init_or_fail(&rng, SEED, 0);
    for (size_t j = 0; j < sizeof mus / sizeof mus[0]; j++) {
        double mu = mus[j];
        memset(obs, 0, sizeof obs);
        pz_rng_seek(&rng, PZ_STREAM_TEST, 9, (uint32_t)j);
        for (int i = 0; i < N; i++) {
            unsigned x = pz_rng_poisson(&rng, mu);
            assert_true(x < K);
            obs[x] += 1.0;
        }
        for (unsigned k = 0; k < K; k++)
            prob[k] = poisson_pmf(k, mu);
        snprintf(label, sizeof label, "poisson(%g)", mu);
        check_chi2(label, obs, prob, K, N);
    }
    pz_rng_release(&rng);
}

/* ---- 6. multinomial --------------------------------------------------- */

static void test_multinomial(void **state)
{
    (void)state;
    enum { N = 50000, K = 6 };
    static const double w[K] = {1.0, 0.0, 2.0, 3.5, 0.0, 0.5};
    const double total = 7.0;
    pz_rng rng;
    unsigned out[K];
    struct moments m[K] = {{0}};
    char label[64];

    init_or_fail(&rng, SEED, 0);
    pz_rng_seek(&rng, PZ_STREAM_TEST, 6, 0);

    for (int i = 0; i < N; i++) {
        /* n varies, so the sum check covers many n; the moments use the
         * fixed n = 37 draws. */
        unsigned n = i % 2 == 0 ? 37u : (unsigned)(i % 1000);
        pz_rng_multinomial(&rng, K, n, w, out);
        unsigned sum = 0;
        for (int c = 0; c < K; c++)
            sum += out[c];
        assert_int_equal(sum, n);
        assert_int_equal(out[1], 0);
        assert_int_equal(out[4], 0);
        if (n == 37)
            for (int c = 0; c < K; c++)
                moments_add(&m[c], out[c]);
    }
    for (int c = 0; c < K; c++) {
        /* Each count is binomial(37, w[c] / total). */
        double p = w[c] / total, q = 1.0 - p, var = 37.0 * p * q;
        snprintf(label, sizeof label, "multinomial category %d", c);
        check_moments(label, &m[c], 37.0 * p, var,
                      var * (1.0 + 3.0 * 35.0 * p * q));
    }

    /* Large n, weights of very different sizes: still sums to n. */
    static const double wide[4] = {1e-9, 1.0, 1e6, 0.0};
    for (int i = 0; i < 1000; i++) {
        unsigned n = 1000000u + (unsigned)i;
        pz_rng_multinomial(&rng, 4, n, wide, out);
        assert_int_equal(out[0] + out[1] + out[2] + out[3], n);
        assert_int_equal(out[3], 0);
    }

    /* n == 0: all zero. */
    for (int c = 0; c < K; c++)
        out[c] = 99;
    pz_rng_multinomial(&rng, K, 0, w, out);
    for (int c = 0; c < K; c++)
        assert_int_equal(out[c], 0);

    /* One category takes everything. */
    pz_rng_multinomial(&rng, 1, 12, w, out);
    assert_int_equal(out[0], 12);

    /* No positive weight (a caller error): documented to put all n in the
     * last category. */
    static const double none[3] = {0.0, 0.0, 0.0};
    pz_rng_multinomial(&rng, 3, 5, none, out);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], 0);
    assert_int_equal(out[2], 5);

    pz_rng_release(&rng);
}

/* The joint distribution of a multinomial, by a chi-square against the
 * exact pmf n! prod p_c^x_c / x_c! over every outcome: zero weights among
 * the positive ones, the last positive weight taking what is left, and
 * no draw once nothing is left; trial by trial (small n) and by
 * conditional binomials (n = 20). */
static void test_multinomial_exact(void **state)
{
    (void)state;
    enum { N = 200000, K = 5 };
    static const double w[K] = {1.0, 0.0, 2.0, 3.5, 0.0};
    /* by trial up to 12 per category (48 here: four trials at a time with
     * AVX2, and the trials left over), conditional binomials from 49 */
    static const unsigned ns[] = {1, 4, 9, 20, 47, 48, 49};
    const double total = 6.5;
    pz_rng rng;
    unsigned out[K];
    char label[64];

    init_or_fail(&rng, SEED, 0);
    for (size_t j = 0; j < sizeof ns / sizeof ns[0]; j++) {
        unsigned n = ns[j];
        /* outcomes (a, b, n - a - b) of the categories 0, 2, 3 */
        static double obs[1300], prob[1300];
        size_t k = 0;
        for (unsigned a = 0; a <= n; a++)
            for (unsigned b = 0; a + b <= n; b++) {
                unsigned c = n - a - b;
                obs[k] = 0.0;
                prob[k++] =
                    exp(lgamma(n + 1.0) - lgamma(a + 1.0) - lgamma(b + 1.0) -
                        lgamma(c + 1.0) + a * log(w[0] / total) +
                        b * log(w[2] / total) + c * log(w[3] / total));
            }
        pz_rng_seek(&rng, PZ_STREAM_TEST, 10, (uint32_t)j);
        for (int i = 0; i < N; i++) {
            pz_rng_multinomial(&rng, K, n, w, out);
            assert_int_equal(out[1], 0);
            assert_int_equal(out[4], 0);
            assert_int_equal(out[0] + out[2] + out[3], n);
            /* index of (out[0], out[2]) in the order above */
            size_t idx = 0;
            for (unsigned a = 0; a < out[0]; a++)
                idx += n - a + 1;
            obs[idx + out[2]] += 1.0;
        }
        snprintf(label, sizeof label, "multinomial n = %u", n);
        check_chi2(label, obs, prob, k, N);
    }
    pz_rng_release(&rng);
}

/* pz_rng_categorical gives the category pz_rng_multinomial of one trial
 * gives, from the same words: weights with zeros, few and many (past the
 * trial-by-trial switch) categories, after other words of the block. */
static void test_categorical(void **state)
{
    (void)state;
    pz_rng a, b;
    init_or_fail(&a, 99, 2);
    init_or_fail(&b, 99, 2);
    double w[20];
    unsigned out[20];
    for (uint32_t j = 0; j < 20000; j++) {
        size_t k = 1 + j % 20;
        for (size_t i = 0; i < k; i++)
            w[i] =
                (i * 7 + j) % 5 == 0 ? 0.0 : 0.1 + (double)((i * 13 + j) % 11);
        unsigned skip = j % 4; /* words drawn before */
        pz_rng_seek(&a, PZ_STREAM_TEST, j, 3);
        pz_rng_seek(&b, PZ_STREAM_TEST, j, 3);
        for (unsigned s = 0; s < skip; s++) {
            (void)pz_rng_u32(&a);
            (void)pz_rng_u32(&b);
        }
        size_t c = pz_rng_categorical(&a, k, w);
        pz_rng_multinomial(&b, k, 1, w, out);
        assert_true(c < k);
        assert_int_equal(out[c], 1);
        assert_int_equal(pz_rng_u32(&a), pz_rng_u32(&b)); /* the same words */
    }
    pz_rng_release(&a);
    pz_rng_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_same_position_same_sequence),
        cmocka_unit_test(test_order_independence),
        cmocka_unit_test(test_gsl_adaptor),
        cmocka_unit_test(test_moved_rng),
        cmocka_unit_test(test_different_positions),
        cmocka_unit_test(test_uniform),
        cmocka_unit_test(test_poisson),
        cmocka_unit_test(test_binomial),
        cmocka_unit_test(test_binomial_exact),
        cmocka_unit_test(test_binomial_from),
        cmocka_unit_test(test_binomial_from_law),
        cmocka_unit_test(test_first_blocks),
        cmocka_unit_test(test_squeeze),
        cmocka_unit_test(test_poisson_exact),
        cmocka_unit_test(test_multinomial),
        cmocka_unit_test(test_multinomial_exact),
        cmocka_unit_test(test_categorical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
