/*
 * rng.c - counter-based random numbers: Philox4x32-10 and GSL samplers.
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
 * incremented and the next block computed.  This layout is part of the
 * promise of reproducibility: changing it changes every result.
 *
 * The Poisson, binomial and multinomial samplers are GSL's.  They draw
 * through a gsl_rng whose type (philox_type below) reads words from the
 * pz_rng, so a sampler call advances the same counter as pz_rng_u32().
 * The gsl_rng and its state, a pointer back to the pz_rng, are allocated
 * together by pz_rng_init() (not with gsl_rng_alloc(), whose failure
 * would call GSL's error handler, by default abort(), instead of letting
 * us return -1).  Every sampler refreshes the back pointer before
 * drawing, so a pz_rng that has been moved (for example by realloc of an
 * array of them) still draws from its own counter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "plaza/rng.h"

#include <assert.h>
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

/* 2^-32, exactly representable. */
#define TWO_POW_M32 (1.0 / 4294967296.0)

/* Number of 32-bit words in one Philox output block. */
#define BLOCK_WORDS 4u

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

int pz_rng_init(pz_rng *rng, uint64_t seed, uint32_t replicate)
{
    struct adaptor *a = malloc(sizeof *a);
    if (a == NULL) {
        rng->gsl = NULL;
        return -1;
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
    rng->next = BLOCK_WORDS; /* no block computed yet */
    rng->gsl = a;
    return 0;
}

void pz_rng_release(pz_rng *rng)
{
    free(rng->gsl);
    rng->gsl = NULL;
}

void pz_rng_seek(pz_rng *rng, unsigned stream, uint32_t entity, uint32_t step)
{
    assert(stream <= 0xFFu);
    assert(entity <= PZ_RNG_MAX_ENTITY);
    rng->ctr[0] = 0;
    rng->ctr[1] = step;
    rng->ctr[2] =
        ((uint32_t)(stream & 0xFFu) << 24) | (entity & PZ_RNG_MAX_ENTITY);
    rng->next = BLOCK_WORDS;
}

uint32_t pz_rng_u32(pz_rng *rng)
{
    if (rng->next >= BLOCK_WORDS) {
        philox4x32_ctr_t c = {
            {rng->ctr[0], rng->ctr[1], rng->ctr[2], rng->ctr[3]}};
        philox4x32_key_t k = {{rng->key[0], rng->key[1]}};
        philox4x32_ctr_t r = philox4x32(c, k);
        for (unsigned i = 0; i < BLOCK_WORDS; i++)
            rng->block[i] = r.v[i];
        rng->ctr[0]++;
        rng->next = 0;
    }
    return rng->block[rng->next++];
}

/* 32 random bits: (word + 1/2) * 2^-32.  The result needs at most 33
 * significant bits, so it is exact; it lies in [2^-33, 1 - 2^-33], never
 * 0 or 1, on a grid of step 2^-32 symmetric about 1/2. */
double pz_rng_uniform(pz_rng *rng)
{
    return ((double)pz_rng_u32(rng) + 0.5) * TWO_POW_M32;
}

/* mu <= 0 (or NaN) gives 0 without drawing. */
unsigned pz_rng_poisson(pz_rng *rng, double mu)
{
    if (!(mu > 0.0))
        return 0;
    return gsl_ran_poisson(adaptor_of(rng), mu);
}

/* p is clamped to [0, 1] (NaN counts as 0); n == 0, p == 0 and p == 1
 * return without drawing. */
unsigned pz_rng_binomial(pz_rng *rng, double p, unsigned n)
{
    if (n == 0 || !(p > 0.0))
        return 0;
    if (p >= 1.0)
        return n;
    return gsl_ran_binomial(adaptor_of(rng), p, n);
}

/* GSL draws the categories in turn as binomials conditional on the trials
 * left.  Rounding in its running sums can make the last positive weight's
 * conditional probability fall a hair below 1 and so, very rarely, leave
 * a trial unassigned; any such remainder goes to the last category with a
 * positive weight, keeping the promise that the counts sum to n.  When no
 * weight is positive (which callers must avoid when n > 0) all n trials go
 * to the last category, out[k - 1].  With k == 0 nothing is stored. */
void pz_rng_multinomial(pz_rng *rng, size_t k, unsigned n, const double *w,
                        unsigned *out)
{
    if (k == 0)
        return;
    if (n == 0) {
        for (size_t i = 0; i < k; i++)
            out[i] = 0;
        return;
    }
    gsl_ran_multinomial(adaptor_of(rng), k, n, w, out);

    unsigned sum = 0;
    size_t last = k - 1;
    for (size_t i = 0; i < k; i++) {
        sum += out[i];
        if (w[i] > 0.0)
            last = i;
    }
    if (sum < n)
        out[last] += n - sum;
}
