/*
 * rng.c - counter-based random numbers: Philox4x32-10 and samplers.
 *
 * Each 4-word output block is philox4x32(ctr, key) from Random123, with
 *
 *   key[0] = low 32 bits of the seed     key[1] = high 32 bits of the seed
 *   ctr[0] = draw-block index            ctr[1] = step
 *   ctr[2] = (stream << 24) | entity     ctr[3] = replicate
 *
 * so every word is a pure function of (seed, replicate, stream, entity,
 * step, draw index).  pz_rng_seek() sets ctr[1..2] and restarts the block
 * index at 0; each block yields four 32-bit words, after which ctr[0] is
 * incremented and the next block computed.  pz_rng_first_blocks computes
 * the first blocks of many positions at once (sixteen at a time with AVX2
 * where the processor has it: integer arithmetic, the same words), and
 * pz_rng_seek_block positions the generator with its first block given,
 * possibly setting its last words aside for the caller.  This layout is
 * part of the promise of reproducibility: changing it changes every
 * result.
 *
 * Samplers.  Poisson draws of mean below 50 and binomial draws of mean
 * below 40 (the common case of the regional model: a few members per
 * cell and small weekly rates) are our own, by inversion: one uniform u
 * (pz_rng_uniform) and the smallest k with u < F(k), the pmf by its
 * recurrence from f(0) (Kachitvichyanukul and Schmeiser's BINV, which GSL
 * uses below a mean of 14).  Two exact shortcuts: f(0) >= 1 - mean
 * (exp(-mu) >= 1 - mu; Bernoulli's inequality (1 - p)^n >= 1 - n p), so
 * u < 1 - mean gives 0 without computing f(0), which for small means is
 * most draws; and a u beyond the computed total mass (rounding, about
 * 1e-15) is drawn again rather than assigned.  p > 1/2 draws the failures.
 * (1 - p)^n is computed in ten fixed squaring steps below n = 1024.
 * Larger means are GSL's (gsl_ran_poisson, gsl_ran_binomial's BTPE).  A
 * multinomial of few trials (at most 12 per category) is drawn trial by
 * trial, each trial's category by inversion of the cumulative weights
 * (counted per weight, four trials at a time with AVX2: the same counts);
 * otherwise it is the conditional binomials of GSL's gsl_ran_multinomial,
 * drawn with our binomial, stopping once no trial is left and giving the
 * last category with a positive weight what is left; pz_rng_categorical
 * is its draw of one trial, from the same word.  tests/test_rng.c
 * checks each sampler's whole distribution against the exact pmf
 * (chi-square) on both sides of every switch.
 *
 * GSL's samplers draw through a gsl_rng whose type (philox_type below)
 * reads words from the pz_rng, so a sampler call advances the same
 * counter as pz_rng_u32().
 * The gsl_rng and its state, a pointer back to the pz_rng, are allocated
 * together by pz_rng_init() (not with gsl_rng_alloc(), whose failure
 * would call GSL's error handler, by default abort(), instead of letting
 * us return PZ_ERR_NOMEM).  Every call of GSL refreshes the back pointer before
 * drawing, so a pz_rng that has been moved (for example by realloc of an
 * array of them) still draws from its own counter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "plaza/rng.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* Random123's headers are not clean under our warnings when they are not
 * installed as system headers. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wundef"
#include <Random123/philox.h>
#pragma GCC diagnostic pop

#include "base/alloc.h"

/* 2^-32, exactly representable. */
#define TWO_POW_M32 (1.0 / 4294967296.0)

/* Number of 32-bit words in one Philox output block. */
#define BLOCK_WORDS 4u

/* Means below which the Poisson and binomial draws are by inversion (our
 * own code), at or above which they are GSL's: where inversion, whose
 * cost grows with the mean, stops being the faster (measured; GSL itself
 * switches from inversion to BTPE at 14 in gsl_ran_binomial, to its gamma
 * reduction at 10 in gsl_ran_poisson).  At these means f(0) is far from
 * underflow (exp(-50); (1 - p)^n >= exp(-40 x 2 log 2) with p <= 1/2),
 * and the running sum of the search loses at most about 1e-14. */
#ifndef POISSON_INV_MEAN
#define POISSON_INV_MEAN 50.0
#endif
#ifndef BINOMIAL_INV_MEAN
#define BINOMIAL_INV_MEAN 40.0
#endif

/* Multinomials over at most MULTINOMIAL_CAT_MAX categories (up to the
 * last positive weight) with at most MULTINOMIAL_CAT_PER trials per
 * category are drawn trial by trial (measured, four trials at a time with
 * AVX2: faster than the conditional binomials up to about 12 trials per
 * category; the switch does not depend on the processor, so that every
 * processor draws the same numbers). */
#define MULTINOMIAL_CAT_MAX 16u
#define MULTINOMIAL_CAT_PER 12u

/* ---- the gsl_rng adaptor ---------------------------------------------- */

/* State of the GSL adaptor: which pz_rng to draw from. */
struct philox_state {
    pz_rng *rng;
};

/* The adaptor as allocated: the gsl_rng first, so that a pointer to the
 * adaptor is also a pointer to its gsl_rng (pz_rng.gsl) and vice versa. */
struct adaptor {
    gsl_rng gsl;
    struct philox_state state;
};

/* GSL's seeding entry point.  The pz_rng is keyed by pz_rng_init() and
 * positioned by pz_rng_seek(), never through GSL, so this does nothing. */
static void philox_set(void *state, unsigned long int seed)
{
    (void)state;
    (void)seed;
}

/* One 32-bit word, in [min, max] = [0, 2^32 - 1] as GSL requires. */
static unsigned long int philox_get(void *state)
{
    struct philox_state *s = state;
    return pz_rng_u32(s->rng);
}

/* One double in [0, 1) as GSL requires: word * 2^-32 (32 random bits, as
 * GSL's own 32-bit generators do).  gsl_rng_uniform_pos() rejects the 0. */
static double philox_get_double(void *state)
{
    struct philox_state *s = state;
    return (double)pz_rng_u32(s->rng) * TWO_POW_M32;
}

static const gsl_rng_type philox_type = {
    .name = "plaza-philox4x32-10",
    .max = 0xFFFFFFFFul,
    .min = 0,
    .size = sizeof(struct philox_state),
    .set = philox_set,
    .get = philox_get,
    .get_double = philox_get_double,
};

/* The gsl_rng of rng, pointed back at rng (which may have moved since
 * pz_rng_init). */
static const gsl_rng *adaptor_of(pz_rng *rng)
{
    struct adaptor *a = rng->gsl;
    a->state.rng = rng;
    return &a->gsl;
}

/* ---- the generator ---------------------------------------------------- */

pz_status pz_rng_init(pz_rng *rng, uint64_t seed, uint32_t replicate)
{
    struct adaptor *a = pz__malloc(sizeof *a);
    if (a == NULL) {
        rng->gsl = NULL;
        return PZ_ERR_NOMEM;
    }
    a->gsl.type = &philox_type;
    a->gsl.state = &a->state;
    a->state.rng = rng;

    rng->key[0] = (uint32_t)(seed & 0xFFFFFFFFu);
    rng->key[1] = (uint32_t)(seed >> 32);
    rng->ctr[0] = 0;
    rng->ctr[1] = 0;
    rng->ctr[2] = 0;
    rng->ctr[3] = replicate;
    rng->block[0] = rng->block[1] = rng->block[2] = rng->block[3] = 0;
    rng->next = rng->end = BLOCK_WORDS; /* no block computed yet */
    rng->gsl = a;
    return PZ_OK;
}

void pz_rng_release(pz_rng *rng)
{
    pz__free(rng->gsl);
    rng->gsl = NULL;
}

/* The third counter word of position (stream, entity, step). */
static inline uint32_t ctr_word2(unsigned stream, uint32_t entity)
{
    assert(entity <= PZ_RNG_MAX_ENTITY);
    return ((uint32_t)(stream & 0xFFu) << 24) | (entity & PZ_RNG_MAX_ENTITY);
}

void pz_rng_seek(pz_rng *rng, unsigned stream, uint32_t entity, uint32_t step)
{
    assert(stream <= 0xFFu);
    rng->ctr[0] = 0;
    rng->ctr[1] = step;
    rng->ctr[2] = ctr_word2(stream, entity);
    rng->next = rng->end = BLOCK_WORDS;
}

/* The next block of the sequence, none of its words used yet. */
static inline void refill(pz_rng *rng)
{
    philox4x32_ctr_t c = {{rng->ctr[0], rng->ctr[1], rng->ctr[2], rng->ctr[3]}};
    philox4x32_key_t k = {{rng->key[0], rng->key[1]}};
    philox4x32_ctr_t r = philox4x32(c, k);
    for (unsigned i = 0; i < BLOCK_WORDS; i++)
        rng->block[i] = r.v[i];
    rng->ctr[0]++;
    rng->next = 0;
    rng->end = BLOCK_WORDS;
}

/* The next word: the block logic, inlined into the samplers below. */
static inline uint32_t next_word(pz_rng *rng)
{
    if (rng->next >= rng->end)
        refill(rng);
    return rng->block[rng->next++];
}

/* The first blocks of positions: Philox4x32-10 as Random123's philox4x32
 * (the same words), on thirty-two counters at once where the processor
 * has AVX-512, sixteen where it has AVX2 (integer arithmetic: the same
 * words on every processor, with or without them; tests/test_rng.c
 * compares them with Random123's). */
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_PHILOX8 1

/* lo and hi 32 bits of the 32 x 32-bit products m x a, in the eight
 * 32-bit lanes */
__attribute__((target("avx2"))) static inline void
mulhilo8(__m256i m, __m256i a, __m256i *lo, __m256i *hi)
{
    __m256i pe = _mm256_mul_epu32(m, a); /* lanes 0, 2, 4, 6 */
    __m256i po = _mm256_mul_epu32(m, _mm256_srli_epi64(a, 32));
    *lo = _mm256_blend_epi32(pe, _mm256_slli_epi64(po, 32), 0xAA);
    *hi = _mm256_blend_epi32(_mm256_srli_epi64(pe, 32), po, 0xAA);
}

/* Sixteen blocks: counters (0, step, c2[j], replicate) under key k, as
 * two interleaved groups of eight (independent: their rounds overlap). */
__attribute__((target("avx2"))) static void
philox16(const uint32_t k[2], uint32_t step, uint32_t rep,
         const uint32_t c2[16], uint32_t (*out)[4])
{
    __m256i a0 = _mm256_setzero_si256(), a1 = _mm256_set1_epi32((int)step);
    __m256i a2 = _mm256_loadu_si256((const __m256i *)c2);
    __m256i a3 = _mm256_set1_epi32((int)rep);
    __m256i b0 = a0, b1 = a1, b3 = a3;
    __m256i b2 = _mm256_loadu_si256((const __m256i *)(c2 + 8));
    const __m256i m0 = _mm256_set1_epi32((int)0xD2511F53u);
    const __m256i m1 = _mm256_set1_epi32((int)0xCD9E8D57u);
    uint32_t k0 = k[0], k1 = k[1];
    for (int r = 0; r < 10; r++) {
        __m256i vk0 = _mm256_set1_epi32((int)k0);
        __m256i vk1 = _mm256_set1_epi32((int)k1);
        __m256i lo0, hi0, lo1, hi1, lo2, hi2, lo3, hi3;
        mulhilo8(m0, a0, &lo0, &hi0);
        mulhilo8(m1, a2, &lo1, &hi1);
        mulhilo8(m0, b0, &lo2, &hi2);
        mulhilo8(m1, b2, &lo3, &hi3);
        a0 = _mm256_xor_si256(_mm256_xor_si256(hi1, a1), vk0);
        a2 = _mm256_xor_si256(_mm256_xor_si256(hi0, a3), vk1);
        a1 = lo1;
        a3 = lo0;
        b0 = _mm256_xor_si256(_mm256_xor_si256(hi3, b1), vk0);
        b2 = _mm256_xor_si256(_mm256_xor_si256(hi2, b3), vk1);
        b1 = lo3;
        b3 = lo2;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    uint32_t v[4][16];
    _mm256_storeu_si256((__m256i *)v[0], a0);
    _mm256_storeu_si256((__m256i *)v[1], a1);
    _mm256_storeu_si256((__m256i *)v[2], a2);
    _mm256_storeu_si256((__m256i *)v[3], a3);
    _mm256_storeu_si256((__m256i *)(v[0] + 8), b0);
    _mm256_storeu_si256((__m256i *)(v[1] + 8), b1);
    _mm256_storeu_si256((__m256i *)(v[2] + 8), b2);
    _mm256_storeu_si256((__m256i *)(v[3] + 8), b3);
    for (int j = 0; j < 16; j++)
        for (int i = 0; i < 4; i++)
            out[j][i] = v[i][j];
}

/* mulhilo8 on sixteen lanes (AVX-512) */
__attribute__((target("avx512f"))) static inline void
mulhilo16(__m512i m, __m512i a, __m512i *lo, __m512i *hi)
{
    __m512i pe = _mm512_mul_epu32(m, a); /* even lanes */
    __m512i po = _mm512_mul_epu32(m, _mm512_srli_epi64(a, 32));
    *lo = _mm512_mask_blend_epi32(0xAAAA, pe, _mm512_slli_epi64(po, 32));
    *hi = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(pe, 32), po);
}

/* philox16 on thirty-two blocks, two interleaved groups of sixteen
 * (AVX-512): the same integer arithmetic, so the same words. */
__attribute__((target("avx512f"))) static void
philox32(const uint32_t k[2], uint32_t step, uint32_t rep,
         const uint32_t c2[32], uint32_t (*out)[4])
{
    __m512i a0 = _mm512_setzero_si512(), a1 = _mm512_set1_epi32((int)step);
    __m512i a2 = _mm512_loadu_si512((const void *)c2);
    __m512i a3 = _mm512_set1_epi32((int)rep);
    __m512i b0 = a0, b1 = a1, b3 = a3;
    __m512i b2 = _mm512_loadu_si512((const void *)(c2 + 16));
    const __m512i m0 = _mm512_set1_epi32((int)0xD2511F53u);
    const __m512i m1 = _mm512_set1_epi32((int)0xCD9E8D57u);
    uint32_t k0 = k[0], k1 = k[1];
    for (int r = 0; r < 10; r++) {
        __m512i vk0 = _mm512_set1_epi32((int)k0);
        __m512i vk1 = _mm512_set1_epi32((int)k1);
        __m512i lo0, hi0, lo1, hi1, lo2, hi2, lo3, hi3;
        mulhilo16(m0, a0, &lo0, &hi0);
        mulhilo16(m1, a2, &lo1, &hi1);
        mulhilo16(m0, b0, &lo2, &hi2);
        mulhilo16(m1, b2, &lo3, &hi3);
        a0 = _mm512_xor_si512(_mm512_xor_si512(hi1, a1), vk0);
        a2 = _mm512_xor_si512(_mm512_xor_si512(hi0, a3), vk1);
        a1 = lo1;
        a3 = lo0;
        b0 = _mm512_xor_si512(_mm512_xor_si512(hi3, b1), vk0);
        b2 = _mm512_xor_si512(_mm512_xor_si512(hi2, b3), vk1);
        b1 = lo3;
        b3 = lo2;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    uint32_t v[4][32];
    _mm512_storeu_si512((void *)v[0], a0);
    _mm512_storeu_si512((void *)v[1], a1);
    _mm512_storeu_si512((void *)v[2], a2);
    _mm512_storeu_si512((void *)v[3], a3);
    _mm512_storeu_si512((void *)(v[0] + 16), b0);
    _mm512_storeu_si512((void *)(v[1] + 16), b1);
    _mm512_storeu_si512((void *)(v[2] + 16), b2);
    _mm512_storeu_si512((void *)(v[3] + 16), b3);
    for (int j = 0; j < 32; j++)
        for (int i = 0; i < 4; i++)
            out[j][i] = v[i][j];
}
#endif

void pz_rng_first_blocks(const pz_rng *rng, unsigned stream,
                         const uint32_t *entity, size_t n, uint32_t step,
                         uint32_t (*blocks)[4])
{
    assert(stream <= 0xFFu);
    size_t j = 0;
#ifdef HAVE_PHILOX8
    if (__builtin_cpu_supports("avx512f"))
        for (; j + 32 <= n; j += 32) {
            uint32_t c2[32];
            for (int i = 0; i < 32; i++)
                c2[i] = ctr_word2(stream, entity[j + (size_t)i]);
            philox32(rng->key, step, rng->ctr[3], c2, blocks + j);
        }
    if (__builtin_cpu_supports("avx2"))
        for (; j + 16 <= n; j += 16) {
            uint32_t c2[16];
            for (int i = 0; i < 16; i++)
                c2[i] = ctr_word2(stream, entity[j + (size_t)i]);
            philox16(rng->key, step, rng->ctr[3], c2, blocks + j);
        }
#endif
    philox4x32_key_t k = {{rng->key[0], rng->key[1]}};
    for (; j < n; j++) {
        philox4x32_ctr_t c = {
            {0, step, ctr_word2(stream, entity[j]), rng->ctr[3]}};
        philox4x32_ctr_t r = philox4x32(c, k);
        for (unsigned i = 0; i < BLOCK_WORDS; i++)
            blocks[j][i] = r.v[i];
    }
}

void pz_rng_seek_block(pz_rng *rng, unsigned stream, uint32_t entity,
                       uint32_t step, const uint32_t block[4], unsigned words)
{
    assert(words >= 1 && words <= BLOCK_WORDS);
    pz_rng_seek(rng, stream, entity, step);
    for (unsigned i = 0; i < BLOCK_WORDS; i++)
        rng->block[i] = block[i];
    rng->ctr[0] = 1;
    rng->next = 0;
    rng->end = words;
}

/* (word + 1/2) * 2^-32: see pz_rng_uniform. */
static inline double next_uniform(pz_rng *rng)
{
    return ((double)next_word(rng) + 0.5) * TWO_POW_M32;
}

uint32_t pz_rng_u32(pz_rng *rng)
{
    return next_word(rng);
}

/* 32 random bits: (word + 1/2) * 2^-32.  The result needs at most 33
 * significant bits, so it is exact; it lies in [2^-33, 1 - 2^-33], never
 * 0 or 1, on a grid of step 2^-32 symmetric about 1/2. */
double pz_rng_uniform(pz_rng *rng)
{
    return next_uniform(rng);
}

/* ---- samplers ---------------------------------------------------------- */

/* Poisson draw with 0 < mu < POISSON_INV_MEAN by inversion (see the
 * file's comment): the smallest k with u < F(k), the pmf by the
 * recurrence f(k + 1) = f(k) mu / (k + 1) from f(0) = exp(-mu), and
 * exp(-mu) computed only when u >= 1 - mu (then X = 0 for sure, as
 * exp(-mu) >= 1 - mu).  A u beyond the computed total mass (rounding,
 * about 1e-15) is drawn again. */
static unsigned poisson_inversion(pz_rng *rng, double mu)
{
    double f0 = -1.0;
    for (;;) {
        double u = next_uniform(rng);
        if (u < 1.0 - mu)
            return 0;
        if (f0 < 0.0)
            f0 = exp(-mu);
        /* the first four steps of the search without branches (most
         * draws end there; a branch per step is mispredicted), then on */
        double f1 = f0 * mu, f2 = f1 * (mu / 2.0), f3 = f2 * (mu / 3.0);
        double u1 = u - f0, u2 = u1 - f1, u3 = u2 - f2;
        unsigned c0 = !(u < f0), c1 = c0 & !(u1 < f1), c2 = c1 & !(u2 < f2),
                 c3 = c2 & !(u3 < f3);
        if (!c3)
            return c0 + c1 + c2;
        u = u3 - f3;
        double f = f3 * (mu / 4.0);
        for (unsigned k = 4; f > 0.0; k++) {
            if (u < f)
                return k;
            u -= f;
            f *= mu / (double)(k + 1);
        }
    }
}

/* (1 - p)^n = q^n: by repeated squaring for n below 2^10, the relative
 * error then below about 2n ulps (q's rounding times n, then one per
 * product); exp(n log1p(-p)) above, which does not lose p's low bits. */
static double pow_q(double q, double p, unsigned n)
{
    if (n >= 1024u)
        return exp((double)n * log1p(-p));
    /* ten bits, whatever n: a fixed number of steps, not a loop ending
     * with n's highest bit (mispredicted); a step past it multiplies r by
     * 1, so the result is the same.  q is squared nine times only
     * (q^1024 could be subnormal, which is slow) */
    double r = 1.0;
    for (unsigned i = 0; i < 9; i++, n >>= 1) {
        double m[2] = {1.0, q}; /* a select, not a branch on n's bits */
        r *= m[n & 1u];
        q *= q;
    }
    double m[2] = {1.0, q};
    return r * m[n & 1u];
}

/* Binomial draw with 0 < p <= 1/2, n >= 1 and n p < BINOMIAL_INV_MEAN by
 * inversion: the pmf by the recurrence f(k + 1) = f(k) (n - k)/(k + 1)
 * p/(1 - p) from f(0) = (1 - p)^n (pow_q), computed only when
 * u >= 1 - n p (Bernoulli's inequality: (1 - p)^n >= 1 - n p).  A u
 * beyond the computed total mass is drawn again.  The first uniform is
 * u0 when u0 >= 0 (pz_rng_binomial_from), else drawn. */
static unsigned binomial_inversion(pz_rng *rng, double p, unsigned n, double u0)
{
    double np = (double)n * p, s = p / (1.0 - p), f0 = -1.0;
    for (;;) {
        double u = u0 >= 0.0 ? u0 : next_uniform(rng);
        u0 = -1.0;
        if (u < 1.0 - np)
            return 0;
        if (f0 < 0.0)
            f0 = pow_q(1.0 - p, p, n);
        /* the first four steps without branches, as for the Poisson (a
         * count past n is the rounding case: drawn again) */
        double dn = (double)n;
        double f1 = f0 * (s * (dn / 1.0)), f2 = f1 * (s * ((dn - 1.0) / 2.0)),
               f3 = f2 * (s * ((dn - 2.0) / 3.0));
        double u1 = u - f0, u2 = u1 - f1, u3 = u2 - f2;
        unsigned c0 = !(u < f0), c1 = c0 & !(u1 < f1), c2 = c1 & !(u2 < f2),
                 c3 = c2 & !(u3 < f3);
        unsigned k = c0 + c1 + c2 + c3;
        if (k > n)
            continue;
        if (k < 4)
            return k;
        u = u3 - f3;
        double f = f3 * (s * ((dn - 3.0) / 4.0));
        for (;; k++) {
            if (u < f)
                return k;
            if (k == n || !(f > 0.0))
                break;
            u -= f;
            f *= s * ((double)(n - k) / (double)(k + 1));
        }
    }
}

/* mu <= 0 (or NaN) gives 0 without drawing. */
unsigned pz_rng_poisson(pz_rng *rng, double mu)
{
    if (!(mu > 0.0))
        return 0;
    if (mu < POISSON_INV_MEAN)
        return poisson_inversion(rng, mu);
    return gsl_ran_poisson(adaptor_of(rng), mu);
}

/* p is clamped to [0, 1] (NaN counts as 0); n == 0, p == 0 and p == 1
 * return without drawing.  As GSL does, p > 1/2 draws the failures. */
unsigned pz_rng_binomial(pz_rng *rng, double p, unsigned n)
{
    if (n == 0 || !(p > 0.0))
        return 0;
    if (p >= 1.0)
        return n;
    int flip = p > 0.5;
    double pp = flip ? 1.0 - p : p;
    if ((double)n * pp < BINOMIAL_INV_MEAN) {
        unsigned k = binomial_inversion(rng, pp, n, -1.0);
        return flip ? n - k : k;
    }
    return gsl_ran_binomial(adaptor_of(rng), p, n);
}

/* pz_rng_binomial whose first uniform u the caller has drawn (see
 * rng.h): by inversion u is the first uniform (p > 1/2: of the failures'
 * count), as in pz_rng_binomial; GSL's draws (n p >= BINOMIAL_INV_MEAN)
 * do not use it. */
unsigned pz_rng_binomial_from(pz_rng *rng, double u, double p, unsigned n)
{
    if (n == 0 || !(p > 0.0))
        return 0;
    if (p >= 1.0)
        return n;
    int flip = p > 0.5;
    double pp = flip ? 1.0 - p : p;
    if ((double)n * pp < BINOMIAL_INV_MEAN) {
        unsigned k = binomial_inversion(rng, pp, n, u);
        return flip ? n - k : k;
    }
    return gsl_ran_binomial(adaptor_of(rng), p, n);
}

/* The trials of a trial-by-trial multinomial (pz_rng_multinomial): for
 * each of n uniforms u of the sequence, v = u norm, and ge[i] counts the
 * v >= cum[i], i < last.  Four trials at once (a whole block) with AVX2:
 * the same arithmetic on each lane, so the same counts. */
#ifdef HAVE_PHILOX8
__attribute__((target("avx2,popcnt"))) static void
trials_avx2(pz_rng *rng, unsigned n, double norm, const double *cum,
            size_t last, unsigned *ge)
{
    unsigned t = 0;
    while (t < n && rng->next < rng->end) {
        double v = next_uniform(rng) * norm;
        for (size_t i = 0; i < last; i++)
            ge[i] += v >= cum[i];
        t++;
    }
    const __m128i sign = _mm_set1_epi32((int)0x80000000u);
    const __m256d two31 = _mm256_set1_pd(2147483648.0);
    const __m256d half = _mm256_set1_pd(0.5),
                  scale = _mm256_set1_pd(TWO_POW_M32);
    const __m256d vnorm = _mm256_set1_pd(norm);
    while (t < n) {
        refill(rng);
        unsigned take = n - t < BLOCK_WORDS ? n - t : BLOCK_WORDS;
        /* the words as doubles, exactly: (w - 2^31) + 2^31 */
        __m128i wi =
            _mm_xor_si128(_mm_loadu_si128((const __m128i *)rng->block), sign);
        __m256d wd = _mm256_add_pd(_mm256_cvtepi32_pd(wi), two31);
        __m256d v =
            _mm256_mul_pd(_mm256_mul_pd(_mm256_add_pd(wd, half), scale), vnorm);
        int mask = (1 << take) - 1;
        for (size_t i = 0; i < last; i++) {
            __m256d ge_i = _mm256_cmp_pd(v, _mm256_set1_pd(cum[i]), _CMP_GE_OQ);
            ge[i] += (unsigned)__builtin_popcount(
                (unsigned)(_mm256_movemask_pd(ge_i) & mask));
        }
        rng->next = take;
        t += take;
    }
}
#endif

/* pz_rng_multinomial of one trial (see there): the category it gives
 * the trial, from the same words. */
size_t pz_rng_categorical(pz_rng *rng, size_t k, const double *w)
{
    double norm = 0.0;
    size_t last = k - 1;
    for (size_t i = 0; i < k; i++) { /* without a branch on the weights */
        int pos = w[i] > 0.0;
        norm += pos ? w[i] : 0.0; /* + 0.0 leaves norm (>= +0.0) as is */
        last = pos ? i : last;
    }
    if (last < MULTINOMIAL_CAT_MAX) {
        /* by inversion: the number of cumulative weights at or below v */
        double v = next_uniform(rng) * norm, sum = 0.0;
        size_t c = 0;
        for (size_t i = 0; i < last; i++) {
            sum += w[i] > 0.0 ? w[i] : 0.0;
            c += v >= sum;
        }
        return c;
    }
    /* the conditional binomials, as pz_rng_multinomial draws them */
    double seen = 0.0;
    for (size_t i = 0; i < last; i++) {
        if (!(w[i] > 0.0))
            continue;
        if (pz_rng_binomial(rng, w[i] / (norm - seen), 1) > 0)
            return i;
        seen += w[i];
    }
    return last;
}

/* Few trials: each trial's category by inversion (a multinomial is the
 * counts of n independent categorical draws).  Otherwise the categories
 * in turn, each a binomial of the trials left with the
 * category's weight over the weights not yet visited (as GSL's
 * gsl_ran_multinomial does), except that the last category with a
 * positive weight takes every trial left (its conditional probability is
 * 1: this also absorbs rounding in the running sums), and that no draw is
 * made once no trial is left (a binomial of 0 trials is 0).  When no
 * weight is positive (which callers must avoid when n > 0) all n trials go
 * to the last category, out[k - 1].  With k == 0 nothing is stored. */
void pz_rng_multinomial(pz_rng *rng, size_t k, unsigned n, const double *w,
                        unsigned *out)
{
    if (k == 0)
        return;
    double norm = 0.0;
    size_t last = k - 1;
    for (size_t i = 0; i < k; i++) {
        out[i] = 0;
        if (w[i] > 0.0) {
            norm += w[i];
            last = i;
        }
    }
    if (last < MULTINOMIAL_CAT_MAX &&
        n <= MULTINOMIAL_CAT_PER * (unsigned)(last + 1)) {
        /* n categorical draws: the category of v = u norm is the number of
         * cumulative weights at or below v (a zero weight's equals the
         * previous one, so it is never chosen; rounding past the last
         * gives the last positive category) */
        double cum[MULTINOMIAL_CAT_MAX], sum = 0.0;
        for (size_t i = 0; i < last; i++) {
            sum += w[i] > 0.0 ? w[i] : 0.0;
            cum[i] = sum;
        }
        /* counted as ge[i], the trials with v >= cum[i]: category c
         * (cum[c - 1] <= v < cum[c]) has ge[c - 1] - ge[c] of them (cum
         * does not decrease); no store to out[] per trial */
        unsigned ge[MULTINOMIAL_CAT_MAX] = {0};
#ifdef HAVE_PHILOX8
        if (__builtin_cpu_supports("avx2"))
            trials_avx2(rng, n, norm, cum, last, ge);
        else
#endif
            for (unsigned t = 0; t < n; t++) {
                double v = next_uniform(rng) * norm;
                for (size_t i = 0; i < last; i++)
                    ge[i] += v >= cum[i];
            }
        unsigned above = n;
        for (size_t i = 0; i < last; i++) {
            out[i] = above - ge[i];
            above = ge[i];
        }
        out[last] = above;
        return;
    }
    unsigned left = n;
    double seen = 0.0;
    for (size_t i = 0; i < last && left > 0; i++) {
        if (!(w[i] > 0.0))
            continue;
        out[i] = pz_rng_binomial(rng, w[i] / (norm - seen), left);
        left -= out[i];
        seen += w[i];
    }
    out[last] += left;
}
