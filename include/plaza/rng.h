/*
 * rng.h - counter-based random numbers.
 *
 * Every draw in plaza is a pure function of (seed, replicate, stream,
 * entity, step, draw index): the Philox4x32-10 block cipher of Random123
 * (Salmon et al. 2011) is keyed with the 64-bit seed and fed a counter made
 * of the other five.  A run's results therefore do not depend on the order
 * in which entities are processed, on the number of threads or ranks, or on
 * any hidden generator state; two scenarios run with the same seed share
 * their random numbers (common random numbers); a checkpoint needs no RNG
 * state.
 *
 * A pz_rng is a small value the caller owns; pz_rng_init() allocates only
 * the small GSL adaptor, which pz_rng_release() frees.  A pz_rng may be
 * moved (memcpy, realloc) but not duplicated: copies share one adaptor.
 * Position it with pz_rng_seek() on a (stream, entity, step) and draw:
 * successive draws advance the draw index.  Poisson and binomial draws
 * of small mean are exact inversions (src/core/rng.c), larger ones GSL's
 * (gsl_ran_poisson, gsl_ran_binomial) driven by Philox through a gsl_rng
 * adaptor; the multinomial is trial by trial for few trials per
 * category, else conditional binomials, as GSL's.
 * tests/test_rng.c checks every sampler against its exact distribution.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_RNG_H
#define PLAZA_RNG_H

#include <stddef.h>
#include <stdint.h>

#include "plaza/plaza.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Streams name what a draw is for, so that adding a new kind of draw never
 * shifts the numbers of an existing one. */
enum pz_rng_stream {
    PZ_STREAM_GROUP_EVENTS =
        1,                    /* recruits, arrests, deaths, exits of a group */
    PZ_STREAM_MOVEMENT = 2,   /* members scouting neighbouring regions */
    PZ_STREAM_CIVILIANS = 3,  /* homicides outside the groups, per region */
    PZ_STREAM_SWEEP = 4,      /* Latin hypercube designs */
    PZ_STREAM_LEADERS = 5,    /* removals of leaders and their outcomes */
    PZ_STREAM_SPLITS = 6,     /* members of a cell shared among factions */
    PZ_STREAM_GOVERNMENT = 7, /* offices: bribes, exposure, elections */
    PZ_STREAM_WARS = 8,       /* members sent to a war's regions */
    PZ_STREAM_TEST = 255      /* reserved for tests */
};

/* Largest entity index a counter can hold (24 bits). */
#define PZ_RNG_MAX_ENTITY 0xFFFFFFu

/* The generator: key and counter of Philox4x32-10, plus one output block.
 * Treat the fields as private; the struct is public only so that callers
 * can keep one on the stack.  The 'gsl' member holds the gsl_rng adaptor
 * used by the samplers. */
typedef struct pz_rng {
    uint32_t key[2];
    uint32_t ctr[4];
    uint32_t block[4];
    unsigned next; /* index of the next unused word of block */
    unsigned end;  /* words of block in the sequence (the last
                      ones may be set aside: pz_rng_seek_block) */
    void *gsl;     /* gsl_rng adaptor, owned by the pz_rng */
} pz_rng;

/* Initialises rng for (seed, replicate).  Allocates the small GSL adaptor;
 * returns PZ_OK, or PZ_ERR_NOMEM (after which pz_rng_release(rng) does
 * nothing).  Release with pz_rng_release(). */
pz_status pz_rng_init(pz_rng *rng, uint64_t seed, uint32_t replicate);

/* Releases what pz_rng_init allocated. */
void pz_rng_release(pz_rng *rng);

/* Positions rng at draw index 0 of (stream, entity, step).  entity must be
 * below 2^24 and stream below 256. */
void pz_rng_seek(pz_rng *rng, unsigned stream, uint32_t entity, uint32_t step);

/* Next raw 32-bit word. */
uint32_t pz_rng_u32(pz_rng *rng);

/* Uniform double in (0, 1): never exactly 0 or 1. */
double pz_rng_uniform(pz_rng *rng);

/* Poisson draw with mean mu >= 0.  The squeeze, a promise callers may
 * use: with 0 < mu < 1 the draw's first word is its uniform u
 * (pz_rng_word_uniform), and when u < 1 - mu the draw is 0 and uses no
 * other word. */
unsigned pz_rng_poisson(pz_rng *rng, double mu);

/* Binomial draw: n trials with success probability p in [0, 1].  The
 * squeeze: with n >= 1, 0 < p <= 1/2 and n p < 1, the draw's first word
 * is its uniform u, and when u < 1 - n p (computed as 1.0 - (double)n * p)
 * the draw is 0 and uses no other word. */
unsigned pz_rng_binomial(pz_rng *rng, double p, unsigned n);

/* The same binomial draw in two parts: the caller draws its first
 * uniform u (pz_rng_uniform, or pz_rng_word_uniform of a word set aside),
 * then pz_rng_binomial_from(rng, u, p, n) completes the draw from rng.
 * When p <= pmax <= 1/2 and n pmax < 1, u < 1 - n pmax means the draw is
 * 0 whatever p is (no need to compute p).  When n p (or n (1 - p)) is
 * below the inversion's bound (40), u is the inversion's first uniform:
 * with u = pz_rng_uniform(rng) this is exactly pz_rng_binomial(rng, p, n),
 * the same words giving the same count.  Above it (GSL's sampler) u is
 * not used.  Either way, for any u independent of rng's words the law is
 * binomial(n, p). */
unsigned pz_rng_binomial_from(pz_rng *rng, double u, double p, unsigned n);

/* The first blocks (four words each) of the n positions (stream,
 * entity[j], step) of rng's seed and replicate, into blocks[j]: the words
 * pz_rng_seek_block takes.  Faster than computing each block when it is
 * first needed (the blocks' computations overlap). */
void pz_rng_first_blocks(const pz_rng *rng, unsigned stream,
                         const uint32_t *entity, size_t n, uint32_t step,
                         uint32_t (*blocks)[4]);

/* pz_rng_seek(rng, stream, entity, step) with the position's first block
 * given (pz_rng_first_blocks): the draws then are exactly those after
 * pz_rng_seek, except that only the block's first `words` words (1 to 4)
 * are in the sequence, the others being set aside for the caller, who may
 * use them as independent words. */
void pz_rng_seek_block(pz_rng *rng, unsigned stream, uint32_t entity,
                       uint32_t step, const uint32_t block[4], unsigned words);

/* The uniform of pz_rng_uniform made of the word w: (w + 1/2) 2^-32. */
static inline double pz_rng_word_uniform(uint32_t w)
{
    return ((double)w + 0.5) * (1.0 / 4294967296.0);
}

/* Multinomial draw: splits n trials among k categories with weights w[]
 * (non-negative, not necessarily normalised; at least one positive when
 * n > 0) and stores the counts in out[], which sum to n. */
void pz_rng_multinomial(pz_rng *rng, size_t k, unsigned n, const double *w,
                        unsigned *out);

/* The multinomial draw of one trial (k >= 1): the category i whose count
 * pz_rng_multinomial(rng, k, 1, w, out) would set to 1, from the same
 * words, without the counts of the others. */
size_t pz_rng_categorical(pz_rng *rng, size_t k, const double *w);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_RNG_H */
