/* evq.h — the event queue: a monotone radix heap ordered by (time, insertion sequence).
 *
 * Events are embedded in the objects that own them (a link's transmit-complete event, a host's
 * per-connection timer), as htsim does: scheduling never allocates once the buckets have grown.
 * Simulated time never goes backwards, which a radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990)
 * exploits: an event waits in the bucket named by the highest bit in which its time differs from
 * the last time taken out, and moves only towards lower buckets — O(1) insert and cancel, amortised
 * O(log T) removal, all on contiguous arrays. Each event remembers its bucket and position, so
 * cancelling or re-arming an armed timer costs O(1) with no search, and re-arming is what TCP does
 * on almost every ACK. Equal times run in the order they were scheduled: the sequence number is the
 * tie-break, never a pointer value (DESIGN.md, determinism contract). */
#ifndef MPTCPSIM_SIM_EVQ_H
#define MPTCPSIM_SIM_EVQ_H

#include "simtime.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef void (*sim_event_fn)(void *ctx, sim_time_t now);

typedef struct sim_event {
	sim_event_fn fn;
	void *ctx;
	sim_time_t time;  /* when armed: the time it fires */
	uint64_t seq;     /* insertion sequence: the tie-break among equal times */
	uint32_t pos;     /* index in its bucket */
	uint8_t bucket;   /* EVQ_NOT_ARMED, EVQ_FIRING, EVQ_FIRING_CANCELLED, or a bucket number */
} sim_event;

#define EVQ_BUCKETS 65
#define EVQ_NOT_ARMED 0xff
/* While its handler runs, an event is out of the queue but marked, so that the handler can tell
 * (sim_event_is_armed is false) and re-arm or cancel it. */
#define EVQ_FIRING 0xfe
#define EVQ_FIRING_CANCELLED 0xfd

struct evq_entry {
	sim_time_t time;
	uint64_t seq;
	sim_event *event;
};

struct evq_bucket {
	struct evq_entry *entries;
	uint32_t len;
	uint32_t cap;
	uint32_t peak; /* largest len since the bucket was last emptied */
};

typedef struct evq {
	struct evq_bucket buckets[EVQ_BUCKETS];
	uint64_t occupied;   /* bit i-1 set when bucket i (1..64) is non-empty */
	uint32_t head0;      /* bucket 0 is consumed from its front: entries[head0 .. len) */
	sim_time_t last;     /* the time every bucket is relative to */
	size_t len;
	uint64_t next_seq;
} evq;

void evq_init(evq *q);
void evq_fini(evq *q);

static inline void sim_event_init(sim_event *ev, sim_event_fn fn, void *ctx)
{
	ev->fn = fn;
	ev->ctx = ctx;
	ev->time = 0;
	ev->seq = 0;
	ev->pos = 0;
	ev->bucket = EVQ_NOT_ARMED;
}

/* False while the event's own handler runs, unless the handler re-armed it. */
static inline bool sim_event_is_armed(const sim_event *ev)
{
	return ev->bucket < EVQ_BUCKETS;
}

/* Arm `ev` at `time` (never before the last time taken out); if it is already armed, move it (it
 * then runs after every event already scheduled for the same time). */
void evq_schedule(evq *q, sim_event *ev, sim_time_t time);
/* Disarm `ev` if it is armed; a no-op otherwise. */
void evq_cancel(evq *q, sim_event *ev);

static inline size_t evq_len(const evq *q)
{
	return q->len;
}

/* Time of the earliest event; SIM_TIME_NEVER when empty. */
sim_time_t evq_peek_time(evq *q);

/* Remove and return the earliest event (NULL when empty); it is disarmed on return. */
sim_event *evq_pop(evq *q);

/* The run loop's pair: begin_fire removes the earliest event (the queue must not be empty) and
 * marks it firing; the caller runs its handler, which may re-arm or cancel it; end_fire marks it
 * idle unless it was re-armed. */
sim_event *evq_begin_fire(evq *q);
void evq_end_fire(evq *q, sim_event *ev);

/* Bytes held by the queue itself (for memory reports). */
size_t evq_memory_bytes(const evq *q);

#endif
