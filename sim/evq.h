/* evq.h — the event queue: a 4-ary min-heap ordered by (time, insertion sequence).
 *
 * Events are embedded in the objects that own them (a link's transmit-complete event, a host's
 * per-connection timer), as htsim does: scheduling never allocates. Each event remembers its heap
 * slot, so cancelling or re-arming an armed timer is O(log n) with no search, and re-arming is
 * what TCP does on almost every ACK. Equal times run in the order they were scheduled: the
 * sequence number is the tie-break, never a pointer value (DESIGN.md, determinism contract). */
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
	sim_time_t time;   /* when armed: the time it fires */
	uint32_t heap_slot; /* EVQ_NOT_ARMED when idle */
} sim_event;

#define EVQ_NOT_ARMED UINT32_MAX

struct evq_entry {
	sim_time_t time;
	uint64_t seq;
	sim_event *event;
};

typedef struct evq {
	struct evq_entry *heap;
	size_t len;
	size_t cap;
	uint64_t next_seq;
} evq;

void evq_init(evq *q);
void evq_fini(evq *q);

static inline void sim_event_init(sim_event *ev, sim_event_fn fn, void *ctx)
{
	ev->fn = fn;
	ev->ctx = ctx;
	ev->time = 0;
	ev->heap_slot = EVQ_NOT_ARMED;
}

static inline bool sim_event_is_armed(const sim_event *ev)
{
	return ev->heap_slot != EVQ_NOT_ARMED;
}

/* Arm `ev` at `time`; if it is already armed, move it (it then runs after every event already
 * scheduled for the same time). */
void evq_schedule(evq *q, sim_event *ev, sim_time_t time);
/* Disarm `ev` if it is armed; a no-op otherwise. */
void evq_cancel(evq *q, sim_event *ev);

static inline size_t evq_len(const evq *q)
{
	return q->len;
}

/* Time of the earliest event; SIM_TIME_NEVER when empty. */
static inline sim_time_t evq_peek_time(const evq *q)
{
	return q->len ? q->heap[0].time : SIM_TIME_NEVER;
}

/* Remove and return the earliest event (NULL when empty); it is disarmed on return. */
sim_event *evq_pop(evq *q);

/* Bytes held by the queue itself (for memory reports). */
size_t evq_memory_bytes(const evq *q);

#endif
