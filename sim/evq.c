/* evq.c — 4-ary heap with keys stored inline (no pointer chase per comparison) and back-pointers
 * from events to slots for O(log n) cancel and re-arm. A 4-ary heap halves the depth of a binary
 * one and keeps a node's children in one or two cache lines, which is what the hold-model
 * benchmark (bench/bench_engine.c) rewards. */
#include "evq.h"

#include <glib.h>

#define ARITY 4

void evq_init(evq *q)
{
	q->heap = NULL;
	q->len = 0;
	q->cap = 0;
	q->next_seq = 0;
}

void evq_fini(evq *q)
{
	for (size_t i = 0; i < q->len; i++)
		q->heap[i].event->heap_slot = EVQ_NOT_ARMED;
	g_free(q->heap);
	evq_init(q);
}

static inline bool entry_before(const struct evq_entry *a, const struct evq_entry *b)
{
	return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static inline void place(evq *q, size_t slot, struct evq_entry e)
{
	q->heap[slot] = e;
	e.event->heap_slot = (uint32_t)slot;
}

static void sift_up(evq *q, size_t slot, struct evq_entry e)
{
	while (slot > 0) {
		size_t parent = (slot - 1) / ARITY;
		if (!entry_before(&e, &q->heap[parent]))
			break;
		place(q, slot, q->heap[parent]);
		slot = parent;
	}
	place(q, slot, e);
}

static void sift_down(evq *q, size_t slot, struct evq_entry e)
{
	size_t len = q->len;
	for (;;) {
		size_t first = slot * ARITY + 1;
		if (first >= len)
			break;
		size_t best = first;
		size_t last = first + ARITY < len ? first + ARITY : len;
		for (size_t c = first + 1; c < last; c++)
			if (entry_before(&q->heap[c], &q->heap[best]))
				best = c;
		if (!entry_before(&q->heap[best], &e))
			break;
		place(q, slot, q->heap[best]);
		slot = best;
	}
	place(q, slot, e);
}

void evq_schedule(evq *q, sim_event *ev, sim_time_t time)
{
	struct evq_entry e = { .time = time, .seq = q->next_seq++, .event = ev };
	ev->time = time;
	if (ev->heap_slot != EVQ_NOT_ARMED) {
		size_t slot = ev->heap_slot;
		/* The new key is later than or equal to the old one unless time moved back. */
		if (slot > 0 && entry_before(&e, &q->heap[(slot - 1) / ARITY]))
			sift_up(q, slot, e);
		else
			sift_down(q, slot, e);
		return;
	}
	if (q->len == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 64;
		g_assert(q->cap < EVQ_NOT_ARMED);
		q->heap = g_renew(struct evq_entry, q->heap, q->cap);
	}
	sift_up(q, q->len++, e);
}

static void remove_slot(evq *q, size_t slot)
{
	q->heap[slot].event->heap_slot = EVQ_NOT_ARMED;
	q->len--;
	if (slot == q->len)
		return;
	struct evq_entry last = q->heap[q->len];
	if (slot > 0 && entry_before(&last, &q->heap[(slot - 1) / ARITY]))
		sift_up(q, slot, last);
	else
		sift_down(q, slot, last);
}

void evq_cancel(evq *q, sim_event *ev)
{
	if (ev->heap_slot == EVQ_NOT_ARMED)
		return;
	g_assert(ev->heap_slot < q->len && q->heap[ev->heap_slot].event == ev);
	remove_slot(q, ev->heap_slot);
}

sim_event *evq_pop(evq *q)
{
	if (q->len == 0)
		return NULL;
	sim_event *ev = q->heap[0].event;
	remove_slot(q, 0);
	return ev;
}

size_t evq_memory_bytes(const evq *q)
{
	return q->cap * sizeof(struct evq_entry);
}
