/* tcp_rangeset.h — a set of 64-bit sequence offsets kept as sorted, disjoint [start, end) ranges.
 *
 * The receiver's out-of-order queue, the sender's SACK scoreboard and the record of bytes that
 * failed the integrity check are all interval sets: they never hold bytes, only where bytes are.
 * Ranges live in one growable sorted array, so lookups are binary searches and the array is as long
 * as the number of holes, not the number of segments; memory is reused, never freed per segment. */
#ifndef MPTCPSIM_PROTOCOL_TCP_RANGESET_H
#define MPTCPSIM_PROTOCOL_TCP_RANGESET_H

#include <stdbool.h>
#include <stdint.h>

typedef struct tcp_range {
	uint64_t start;
	uint64_t end; /* exclusive */
} tcp_range;

typedef struct tcp_rangeset {
	tcp_range *v;
	uint32_t n;
	uint32_t cap;
} tcp_rangeset;

/* Called for each part of an added range that was not covered before. */
typedef void (*tcp_range_fn)(void *ctx, uint64_t start, uint64_t end);

void tcp_rangeset_init(tcp_rangeset *rs);
void tcp_rangeset_fini(tcp_rangeset *rs);

static inline bool tcp_rangeset_empty(const tcp_rangeset *rs)
{
	return rs->n == 0;
}

/* Index of the first range whose end is above `x` (rs->n when none): the range containing x, or
 * the first one after it. */
uint32_t tcp_rangeset_lower(const tcp_rangeset *rs, uint64_t x);

/* The range containing `x`, or NULL. */
const tcp_range *tcp_rangeset_find(const tcp_rangeset *rs, uint64_t x);

/* Add [start, end), merging with ranges it overlaps or touches. `fresh`, when not NULL, is called
 * (before the merge) for every part not already in the set, in increasing order. Returns the index
 * of the range that now contains `start`. An empty range adds nothing and returns rs->n. */
uint32_t tcp_rangeset_add(tcp_rangeset *rs, uint64_t start, uint64_t end, tcp_range_fn fresh, void *ctx);

/* Remove everything below `x`; a range straddling x keeps its part from x. */
void tcp_rangeset_trim_below(tcp_rangeset *rs, uint64_t x);

/* How many bytes of [start, end) the set covers. */
uint64_t tcp_rangeset_covered(const tcp_rangeset *rs, uint64_t start, uint64_t end);

/* Total bytes in the set. */
uint64_t tcp_rangeset_bytes(const tcp_rangeset *rs);

#endif
