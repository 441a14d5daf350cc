/* rng.h — named random streams (DESIGN.md, determinism contract).
 *
 * Every random consumer owns a GSL generator seeded from the scenario's master seed and the
 * consumer's own name ("link.wifi.up/loss"), so adding a consumer never shifts the numbers any other
 * consumer draws. gsl_rng_env_setup() is never called: the environment cannot change a result. */
#ifndef MPTCPSIM_BASE_RNG_H
#define MPTCPSIM_BASE_RNG_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

/* The 64-bit seed of stream `name` under `master_seed`: the first 8 bytes of
 * SHA-256(master_seed as 8 big-endian bytes || name). */
uint64_t rng_derive_seed(uint64_t master_seed, const char *name);

/* A new MT19937 generator for stream `name`. Free with gsl_rng_free(). */
gsl_rng *rng_stream_new(uint64_t master_seed, const char *name);

/* A 64-bit draw (two 32-bit MT outputs). */
static inline uint64_t rng_u64(gsl_rng *r)
{
	uint64_t hi = gsl_rng_get(r) & 0xffffffffu;
	uint64_t lo = gsl_rng_get(r) & 0xffffffffu;
	return hi << 32 | lo;
}

#endif
