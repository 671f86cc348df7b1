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
 * adaptor; the multinomial is conditional binomials, as GSL's.
 * tests/test_rng.c checks every sampler against its exact distribution.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef PLAZA_RNG_H
#define PLAZA_RNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Streams name what a draw is for, so that adding a new kind of draw never
 * shifts the numbers of an existing one. */
enum pz_rng_stream {
    PZ_STREAM_GROUP_EVENTS = 1, /* recruits, arrests, deaths, exits of a group */
    PZ_STREAM_MOVEMENT = 2,     /* members scouting neighbouring regions */
    PZ_STREAM_CIVILIANS = 3,    /* homicides outside the groups, per region */
    PZ_STREAM_SWEEP = 4,        /* Latin hypercube designs */
    PZ_STREAM_LEADERS = 5,      /* removals of leaders and their outcomes */
    PZ_STREAM_SPLITS = 6,       /* members of a cell shared among factions */
    PZ_STREAM_GOVERNMENT = 7,   /* offices: bribes, exposure, elections */
    PZ_STREAM_TEST = 255        /* reserved for tests */
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
    unsigned next;          /* index of the next unused word of block */
    void *gsl;              /* gsl_rng adaptor, owned by the pz_rng */
} pz_rng;

/* Initialises rng for (seed, replicate).  Allocates the small GSL adaptor;
 * returns 0 on success, -1 when out of memory.  Release with
 * pz_rng_release(). */
int pz_rng_init(pz_rng *rng, uint64_t seed, uint32_t replicate);

/* Releases what pz_rng_init allocated. */
void pz_rng_release(pz_rng *rng);

/* Positions rng at draw index 0 of (stream, entity, step).  entity must be
 * below 2^24 and stream below 256. */
void pz_rng_seek(pz_rng *rng, unsigned stream, uint32_t entity, uint32_t step);

/* Next raw 32-bit word. */
uint32_t pz_rng_u32(pz_rng *rng);

/* Uniform double in (0, 1): never exactly 0 or 1. */
double pz_rng_uniform(pz_rng *rng);

/* Poisson draw with mean mu >= 0. */
unsigned pz_rng_poisson(pz_rng *rng, double mu);

/* Binomial draw: n trials with success probability p in [0, 1]. */
unsigned pz_rng_binomial(pz_rng *rng, double p, unsigned n);

/* The same binomial draw in two parts, for a p that costs work to compute
 * but is known to be at most pmax, with pmax <= 1/2 and n pmax < 1: the
 * caller draws u = pz_rng_uniform(rng); when u < 1 - n pmax the draw is 0
 * whatever p is (no need to compute p), else pz_rng_binomial_from(rng, u,
 * p, n) completes it.  This is exactly pz_rng_binomial(rng, p, n): the
 * same words give the same count. */
unsigned pz_rng_binomial_from(pz_rng *rng, double u, double p, unsigned n);

/* Multinomial draw: splits n trials among k categories with weights w[]
 * (non-negative, not necessarily normalised; at least one positive when
 * n > 0) and stores the counts in out[], which sum to n. */
void pz_rng_multinomial(pz_rng *rng, size_t k, unsigned n, const double *w,
                        unsigned *out);

#ifdef __cplusplus
}
#endif

#endif /* PLAZA_RNG_H */
