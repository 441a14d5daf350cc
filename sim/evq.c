/* evq.c — monotone radix heap with per-event back-pointers (see evq.h). */
#include "evq.h"

#include <glib.h>
#include <string.h>

void evq_init(evq *q)
{
	memset(q, 0, sizeof *q);
}

void evq_fini(evq *q)
{
	for (int b = 0; b < EVQ_BUCKETS; b++) {
		struct evq_bucket *bk = &q->buckets[b];
		for (uint32_t i = b == 0 ? q->head0 : 0; i < bk->len; i++)
			bk->entries[i].event->bucket = EVQ_NOT_ARMED;
		g_free(bk->entries);
	}
	evq_init(q);
}

/* Bucket of a time relative to `last`: 0 when equal, else 1 + the highest differing bit. */
static inline int bucket_of(sim_time_t last, sim_time_t t)
{
	uint64_t x = (uint64_t)t ^ (uint64_t)last;
	return x ? 64 - __builtin_clzll(x) : 0;
}

static inline void bucket_append(evq *q, int b, struct evq_entry e)
{
	struct evq_bucket *bk = &q->buckets[b];
	if (bk->len == bk->cap) {
		if (b == 0 && q->head0 > 0) {
			/* Reclaim the consumed front of bucket 0 before growing it. */
			memmove(bk->entries, bk->entries + q->head0, (bk->len - q->head0) * sizeof *bk->entries);
			bk->len -= q->head0;
			q->head0 = 0;
			for (uint32_t i = 0; i < bk->len; i++)
				bk->entries[i].event->pos = i;
		}
		if (bk->len == bk->cap) {
			bk->cap = bk->cap ? bk->cap * 2 : 16;
			bk->entries = g_renew(struct evq_entry, bk->entries, bk->cap);
		}
	}
	e.event->bucket = (uint8_t)b;
	e.event->pos = bk->len;
	bk->entries[bk->len++] = e;
	if (bk->len > bk->peak)
		bk->peak = bk->len;
	if (b)
		q->occupied |= UINT64_C(1) << (b - 1);
}

static gint cmp_seq(gconstpointer a, gconstpointer b)
{
	uint64_t x = ((const struct evq_entry *)a)->seq, y = ((const struct evq_entry *)b)->seq;
	return x < y ? -1 : x > y;
}

/* Re-bucket every entry relative to a new `last` that is lower than the current one. Needed only
 * when an event is scheduled before a time that a peek already advanced to (a run stopped at its
 * stop time, then resumed); rare, O(n). */
static void rebase_down(evq *q, sim_time_t new_last)
{
	GArray *all = g_array_sized_new(FALSE, FALSE, sizeof(struct evq_entry), (guint)q->len);
	for (int b = 0; b < EVQ_BUCKETS; b++) {
		struct evq_bucket *bk = &q->buckets[b];
		uint32_t from = b == 0 ? q->head0 : 0;
		g_array_append_vals(all, bk->entries + from, bk->len - from);
		bk->len = 0;
	}
	q->head0 = 0;
	q->occupied = 0;
	g_array_sort(all, cmp_seq); /* bucket 0 must come out in sequence order */
	q->last = new_last;
	for (guint i = 0; i < all->len; i++) {
		struct evq_entry e = g_array_index(all, struct evq_entry, i);
		bucket_append(q, bucket_of(q->last, e.time), e);
	}
	g_array_free(all, TRUE);
}

/* Remove the entry at (b, pos). Bucket 0 keeps its sequence order; the others are unordered. */
static void bucket_remove(evq *q, int b, uint32_t pos)
{
	struct evq_bucket *bk = &q->buckets[b];
	if (b == 0) {
		if (pos == q->head0) {
			q->head0++;
		} else {
			memmove(bk->entries + pos, bk->entries + pos + 1, (bk->len - pos - 1) * sizeof *bk->entries);
			bk->len--;
			for (uint32_t i = pos; i < bk->len; i++)
				bk->entries[i].event->pos = i;
		}
		if (q->head0 == bk->len)
			q->head0 = bk->len = 0;
		return;
	}
	uint32_t last = --bk->len;
	if (pos != last) {
		bk->entries[pos] = bk->entries[last];
		bk->entries[pos].event->pos = pos;
	}
	if (bk->len == 0)
		q->occupied &= ~(UINT64_C(1) << (b - 1));
}

void evq_schedule(evq *q, sim_event *ev, sim_time_t time)
{
	if (sim_event_is_armed(ev)) {
		bucket_remove(q, ev->bucket, ev->pos);
		q->len--;
	}
	if (time < q->last)
		rebase_down(q, time);
	ev->time = time;
	ev->seq = ++q->next_seq;
	struct evq_entry e = { .time = time, .seq = ev->seq, .event = ev };
	bucket_append(q, bucket_of(q->last, time), e);
	q->len++;
}

void evq_cancel(evq *q, sim_event *ev)
{
	if (ev->bucket == EVQ_FIRING) {
		ev->bucket = EVQ_FIRING_CANCELLED;
		return;
	}
	if (!sim_event_is_armed(ev))
		return;
	bucket_remove(q, ev->bucket, ev->pos);
	ev->bucket = EVQ_NOT_ARMED;
	q->len--;
}

/* Make bucket 0 non-empty: take the lowest occupied bucket, advance `last` to its minimum time and
 * spread its entries over the lower buckets (each lands strictly lower). Entries equal to the new
 * minimum go to bucket 0, which is then sorted by sequence. */
static void refill_bucket0(evq *q)
{
	int b = __builtin_ctzll(q->occupied) + 1;
	struct evq_bucket *bk = &q->buckets[b];
	sim_time_t min = bk->entries[0].time;
	for (uint32_t i = 1; i < bk->len; i++)
		if (bk->entries[i].time < min)
			min = bk->entries[i].time;
	q->last = min;
	uint32_t n = bk->len;
	bk->len = 0;
	q->occupied &= ~(UINT64_C(1) << (b - 1));
	/* bk->entries stays valid: every entry goes to a bucket below b, never back into bk. */
	for (uint32_t i = 0; i < n; i++) {
		struct evq_entry e = bk->entries[i];
		bucket_append(q, bucket_of(min, e.time), e);
	}
	/* A bucket's capacity follows its recent peak, not its all-time one: when the last round used
	 * less than a quarter of it, give half back. The buckets then hold a small multiple of the
	 * pending events, without reallocating in the steady state. */
	if (bk->cap > 64 && bk->peak < bk->cap / 4) {
		bk->cap /= 2;
		bk->entries = g_renew(struct evq_entry, bk->entries, bk->cap);
	}
	bk->peak = 0;
	struct evq_bucket *b0 = &q->buckets[0];
	if (b0->len > 1) {
		qsort(b0->entries, b0->len, sizeof *b0->entries,
		      (int (*)(const void *, const void *))cmp_seq); /* sequence numbers are unique */
		for (uint32_t i = 0; i < b0->len; i++)
			b0->entries[i].event->pos = i;
	}
}

sim_time_t evq_peek_time(evq *q)
{
	if (q->len == 0)
		return SIM_TIME_NEVER;
	if (q->head0 == q->buckets[0].len)
		refill_bucket0(q);
	return q->last;
}

sim_event *evq_pop(evq *q)
{
	if (q->len == 0)
		return NULL;
	if (q->head0 == q->buckets[0].len)
		refill_bucket0(q);
	struct evq_bucket *b0 = &q->buckets[0];
	sim_event *ev = b0->entries[q->head0].event;
	bucket_remove(q, 0, q->head0);
	q->len--;
	ev->bucket = EVQ_NOT_ARMED;
	return ev;
}

sim_event *evq_begin_fire(evq *q)
{
	sim_event *ev = evq_pop(q);
	ev->bucket = EVQ_FIRING;
	return ev;
}

void evq_end_fire(evq *q, sim_event *ev)
{
	(void)q;
	if (ev->bucket == EVQ_FIRING || ev->bucket == EVQ_FIRING_CANCELLED)
		ev->bucket = EVQ_NOT_ARMED;
}

size_t evq_memory_bytes(const evq *q)
{
	size_t n = sizeof *q;
	for (int b = 0; b < EVQ_BUCKETS; b++)
		n += q->buckets[b].cap * sizeof(struct evq_entry);
	return n;
}
