/* tcp_txq.c — transmitted-segment records and the incremental RFC 6675 scoreboard (tcp_txq.h). */
#include "tcp_txq.h"

#include <glib.h>

void tcp_txq_init(tcp_txq *q, uint32_t dupthresh, uint32_t mss)
{
	q->ring = g_new0(tcp_txrec, 64);
	q->mask = 63;
	q->head = q->tail = 0;
	tcp_rangeset_init(&q->sacked);
	q->out_bytes = q->sacked_bytes = q->sacked_segs = q->lost_bytes = q->retrans_bytes = 0;
	q->frontier = 0;
	q->above_bytes = q->above_segs = 0;
	q->rtx_hint = 0;
	q->rule3_hint = 0;
	q->dupthresh = dupthresh;
	q->mss = mss;
	q->rtx = g_new0(tcp_txq_rtx, 16);
	q->rtx_mask = 15;
	q->rtx_head = q->rtx_tail = 0;
	q->delivered_sent_ns = -1;
}

void tcp_txq_fini(tcp_txq *q)
{
	g_free(q->ring);
	q->ring = NULL;
	g_free(q->rtx);
	q->rtx = NULL;
	tcp_rangeset_fini(&q->sacked);
}

static void grow(tcp_txq *q)
{
	uint64_t cap = q->mask + 1, ncap = cap * 2;
	tcp_txrec *nr = g_new(tcp_txrec, ncap);
	for (uint64_t i = q->head; i < q->tail; i++)
		nr[i & (ncap - 1)] = q->ring[i & q->mask];
	g_free(q->ring);
	q->ring = nr;
	q->mask = ncap - 1;
}

tcp_txrec *tcp_txq_append(tcp_txq *q, uint64_t start, uint64_t end, sim_time_t now)
{
	g_assert(start < end);
	g_assert(q->head == q->tail || tcp_txq_at(q, q->tail - 1)->end == start);
	if (q->tail - q->head > q->mask)
		grow(q);
	tcp_txrec *r = tcp_txq_at(q, q->tail++);
	r->start = start;
	r->end = end;
	r->sent_ns = now;
	r->flags = 0;
	r->tx_count = 1;
	q->out_bytes += end - start;
	return r;
}

/* Remove `len` bytes of record `r` from the counters its flags put them in. */
static void uncount(tcp_txq *q, const tcp_txrec *r, uint64_t len)
{
	q->out_bytes -= len;
	if (r->flags & TCP_TX_SACKED) {
		q->sacked_bytes -= len;
	} else {
		if (r->flags & TCP_TX_LOST)
			q->lost_bytes -= len;
		if (r->flags & TCP_TX_RETRANS)
			q->retrans_bytes -= len;
	}
}

/* SACKed bytes and records strictly above the frontier, recomputed when the frontier had to jump
 * to the head: everything SACKed except the frontier record itself. */
static void reset_above(tcp_txq *q)
{
	q->above_bytes = q->sacked_bytes;
	q->above_segs = q->sacked_segs;
	if (q->frontier < q->tail) {
		const tcp_txrec *f = tcp_txq_at(q, q->frontier);
		if (f->flags & TCP_TX_SACKED) {
			q->above_bytes -= f->end - f->start;
			q->above_segs--;
		}
	}
}

void tcp_txq_ack(tcp_txq *q, uint64_t ack, tcp_txq_acked *out)
{
	out->bytes = 0;
	out->newly_delivered = 0;
	out->newest_sent_ns = -1;
	out->retrans_acked = false;
	while (q->head < q->tail) {
		tcp_txrec *r = tcp_txq_at(q, q->head);
		if (r->start >= ack)
			break;
		uint64_t upto = r->end < ack ? r->end : ack;
		uint64_t len = upto - r->start;
		out->bytes += len;
		if (!(r->flags & TCP_TX_SACKED))
			out->newly_delivered += len;
		if (r->flags & TCP_TX_EVER_RETRANS)
			out->retrans_acked = true;
		else if (!(r->flags & TCP_TX_SACKED) && r->sent_ns > out->newest_sent_ns)
			out->newest_sent_ns = r->sent_ns;
		if (!(r->flags & TCP_TX_EVER_RETRANS) && r->sent_ns > q->delivered_sent_ns)
			q->delivered_sent_ns = r->sent_ns;
		uncount(q, r, len);
		if (upto < r->end) {
			r->start = upto; /* partially acknowledged: the rest stays */
			break;
		}
		if (r->flags & TCP_TX_SACKED)
			q->sacked_segs--;
		q->head++;
	}
	tcp_rangeset_trim_below(&q->sacked, ack);
	if (q->frontier < q->head) {
		q->frontier = q->head;
		reset_above(q);
	}
	if (q->rtx_hint < q->head)
		q->rtx_hint = q->head;
}

/* First record (absolute index) whose end is above `x`. */
static uint64_t find_rec(const tcp_txq *q, uint64_t x)
{
	uint64_t lo = q->head, hi = q->tail;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		if (tcp_txq_at(q, mid)->end > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

struct sack_walk {
	tcp_txq *q;
	uint64_t block_start, block_end;
	uint64_t newly;
};

static inline uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static inline uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* A part of a SACK block not reported before (called before the block is merged into the set):
 * SACK every record that the set will cover whole once the block is in. A record only partly
 * SACKed stays unSACKed, which is conservative: at worst it is sent again. */
static void sack_fresh(void *ctx, uint64_t start, uint64_t end)
{
	struct sack_walk *w = ctx;
	tcp_txq *q = w->q;
	for (uint64_t i = find_rec(q, start); i < q->tail; i++) {
		tcp_txrec *r = tcp_txq_at(q, i);
		if (r->start >= end)
			break;
		if (r->flags & TCP_TX_SACKED)
			continue;
		uint64_t len = r->end - r->start;
		/* coverage after the merge: the block's part plus what was SACKed outside it */
		uint64_t in_lo = max64(r->start, w->block_start), in_hi = min64(r->end, w->block_end);
		uint64_t have = in_hi > in_lo ? in_hi - in_lo : 0;
		if (r->start < w->block_start)
			have += tcp_rangeset_covered(&q->sacked, r->start, min64(r->end, w->block_start));
		if (r->end > w->block_end)
			have += tcp_rangeset_covered(&q->sacked, max64(r->start, w->block_end), r->end);
		if (have < len)
			continue;
		if (r->flags & TCP_TX_LOST)
			q->lost_bytes -= len;
		if (r->flags & TCP_TX_RETRANS)
			q->retrans_bytes -= len;
		r->flags = (r->flags & ~(uint32_t)(TCP_TX_LOST | TCP_TX_RETRANS)) | TCP_TX_SACKED;
		q->sacked_bytes += len;
		q->sacked_segs++;
		if (!(r->flags & TCP_TX_EVER_RETRANS) && r->sent_ns > q->delivered_sent_ns)
			q->delivered_sent_ns = r->sent_ns;
		if (i > q->frontier) {
			q->above_bytes += len;
			q->above_segs++;
		}
		w->newly += len;
	}
}

uint64_t tcp_txq_sack(tcp_txq *q, uint64_t start, uint64_t end)
{
	struct sack_walk w = { .q = q, .block_start = start, .block_end = end, .newly = 0 };
	tcp_rangeset_add(&q->sacked, start, end, sack_fresh, &w);
	return w.newly;
}

uint64_t tcp_txq_update_lost(tcp_txq *q)
{
	uint64_t newly = 0;
	uint64_t byte_thresh = (uint64_t)(q->dupthresh - 1) * q->mss;
	while (q->frontier < q->tail && (q->above_segs >= q->dupthresh || q->above_bytes > byte_thresh)) {
		tcp_txrec *r = tcp_txq_at(q, q->frontier);
		if (!(r->flags & (TCP_TX_SACKED | TCP_TX_LOST))) {
			r->flags |= TCP_TX_LOST;
			q->lost_bytes += r->end - r->start;
			newly += r->end - r->start;
		}
		q->frontier++;
		if (q->frontier < q->tail) {
			const tcp_txrec *n = tcp_txq_at(q, q->frontier);
			if (n->flags & TCP_TX_SACKED) {
				q->above_bytes -= n->end - n->start;
				q->above_segs--;
			}
		}
	}
	return newly;
}

void tcp_txq_mark_head_lost(tcp_txq *q)
{
	tcp_txrec *r = tcp_txq_head(q);
	if (r && !(r->flags & (TCP_TX_SACKED | TCP_TX_LOST))) {
		r->flags |= TCP_TX_LOST;
		q->lost_bytes += r->end - r->start;
	}
}

void tcp_txq_mark_all_lost(tcp_txq *q)
{
	for (uint64_t i = q->head; i < q->tail; i++) {
		tcp_txrec *r = tcp_txq_at(q, i);
		if (r->flags & TCP_TX_SACKED)
			continue;
		r->flags = (r->flags & ~(uint32_t)TCP_TX_RETRANS) | TCP_TX_LOST;
	}
	q->lost_bytes = q->out_bytes - q->sacked_bytes;
	q->retrans_bytes = 0;
	q->rtx_head = q->rtx_tail; /* no retransmission is in flight any more */
	q->frontier = q->tail;
	q->above_bytes = q->above_segs = 0;
	q->rtx_hint = q->head;
}

tcp_txrec *tcp_txq_next_lost(tcp_txq *q)
{
	uint64_t i = q->rtx_hint > q->head ? q->rtx_hint : q->head;
	for (; i < q->tail; i++) {
		tcp_txrec *r = tcp_txq_at(q, i);
		if ((r->flags & (TCP_TX_LOST | TCP_TX_SACKED | TCP_TX_RETRANS)) == TCP_TX_LOST) {
			q->rtx_hint = i;
			return r;
		}
		/* beyond the frontier only the head can be lost, so nothing further can be */
		if (i >= q->frontier)
			break;
	}
	q->rtx_hint = i < q->frontier ? i : q->frontier;
	return NULL;
}

tcp_txrec *tcp_txq_next_unsacked(tcp_txq *q)
{
	uint64_t i = q->rule3_hint > q->head ? q->rule3_hint : q->head;
	for (; i < q->tail; i++) {
		tcp_txrec *r = tcp_txq_at(q, i);
		if (!(r->flags & (TCP_TX_SACKED | TCP_TX_LOST | TCP_TX_RETRANS))) {
			q->rule3_hint = i;
			return r;
		}
	}
	q->rule3_hint = i;
	return NULL;
}

void tcp_txq_on_retransmit(tcp_txq *q, tcp_txrec *r, sim_time_t now)
{
	if (!(r->flags & (TCP_TX_RETRANS | TCP_TX_SACKED)))
		q->retrans_bytes += r->end - r->start;
	r->flags |= TCP_TX_RETRANS | TCP_TX_EVER_RETRANS;
	r->sent_ns = now;
	r->tx_count++;
	/* remember it, in send order */
	if (q->rtx_tail - q->rtx_head > q->rtx_mask) {
		uint64_t cap = q->rtx_mask + 1, ncap = cap * 2;
		tcp_txq_rtx *n = g_new(tcp_txq_rtx, ncap);
		for (uint64_t i = q->rtx_head; i < q->rtx_tail; i++)
			n[i & (ncap - 1)] = q->rtx[i & q->rtx_mask];
		g_free(q->rtx);
		q->rtx = n;
		q->rtx_mask = ncap - 1;
	}
	uint64_t pos = (uint64_t)(r - q->ring);
	uint64_t index = q->head + ((pos - (q->head & q->mask)) & q->mask);
	q->rtx[q->rtx_tail++ & q->rtx_mask] = (tcp_txq_rtx){ .index = index, .sent_ns = now };
}

uint64_t tcp_txq_detect_lost_retrans(tcp_txq *q, sim_time_t reo_wnd_ns)
{
	uint64_t newly = 0;
	while (q->rtx_head < q->rtx_tail) {
		tcp_txq_rtx e = q->rtx[q->rtx_head & q->rtx_mask];
		tcp_txrec *r = e.index >= q->head && e.index < q->tail ? tcp_txq_at(q, e.index) : NULL;
		/* gone, SACKed, already lost again, or sent once more since: nothing to decide */
		if (!r || !(r->flags & TCP_TX_RETRANS) || r->sent_ns != e.sent_ns) {
			q->rtx_head++;
			continue;
		}
		if (q->delivered_sent_ns <= e.sent_ns + reo_wnd_ns)
			break; /* the rest were sent later still */
		uint64_t len = r->end - r->start;
		r->flags &= ~(uint32_t)TCP_TX_RETRANS;
		q->retrans_bytes -= len;
		/* below the frontier it is lost and NextSeg rule 1 sends it again; above (a rule 3
		 * retransmission) it becomes a rule 3 candidate again, since only the head may be marked
		 * lost beyond the frontier (tcp_txq_next_lost relies on it) */
		if (e.index < q->rtx_hint)
			q->rtx_hint = e.index;
		if (!(r->flags & TCP_TX_LOST) && e.index < q->rule3_hint)
			q->rule3_hint = e.index;
		newly += len;
		q->rtx_head++;
	}
	return newly;
}
