/* tcp_recv.c — the receiving half: reassembly, integrity, delayed ACK, SACK blocks, window.
 *
 * Received data is never stored: in-order bytes advance rcv_nxt and become readable, bytes above
 * it go into an interval set (tcp_rangeset.h). Every accepted byte is checked against the payload
 * function (payload.h) before it counts; a mismatch is remembered as a range and reported with the
 * delivery that contains it. ACKs follow RFC 5681 §4.2 (every second full-sized segment or the
 * delayed-ACK timer; at once for out-of-order data and for data filling a gap), SACK blocks
 * RFC 2018 §4 (the block holding the newest segment first, then the most recently reported), the
 * window RFC 9293 §3.8.6.2.2 (receiver SWS avoidance, never shrinking the right edge). */
#include "tcp.h"

#include "tcp_priv.h"

uint8_t tcp_rcv_choose_wscale(const tcp_config *cfg)
{
	/* RFC 7323 §2.3: the smallest shift that lets the largest buffer be advertised */
	uint8_t s = 0;
	while (s < TCP_WSCALE_MAX && ((uint64_t)cfg->rcvbuf_bytes >> s) > 65535)
		s++;
	return s;
}

uint64_t tcp_rcv_unread(const tcp_conn *c)
{
	uint64_t data_nxt = c->rcv_nxt - (c->fin_rcvd ? 1u : 0u);
	return data_nxt > c->rcv_read ? data_nxt - c->rcv_read : 0;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* RFC 9293 §3.8.6.2.2: the window may grow only by min(RCV.BUFF/2, Eff.snd.MSS) steps. */
static uint64_t sws_step(const tcp_conn *c)
{
	return min64(c->rcvbuf / 2, c->rcv_mss);
}

static uint64_t free_space(tcp_conn *c)
{
	if (c->ext && c->ext->rcv_space)
		return c->ext->rcv_space(c->ext_ctx, c);
	uint64_t unread = tcp_rcv_unread(c);
	return c->rcvbuf > unread ? c->rcvbuf - unread : 0;
}

uint16_t tcp_rcv_window_field(tcp_conn *c)
{
	uint64_t maxwnd = (uint64_t)65535 << c->rcv_wscale;
	uint64_t right = c->rcv_nxt + min64(free_space(c), maxwnd);
	/* grow only by a useful step; never move the right edge left */
	if (right < c->rcv_adv + sws_step(c))
		right = c->rcv_adv;
	if (right < c->rcv_nxt)
		right = c->rcv_nxt;
	uint64_t unit = (uint64_t)1 << c->rcv_wscale;
	uint64_t field = (right - c->rcv_nxt + unit - 1) >> c->rcv_wscale; /* round up: no shrinking */
	if (field > 65535)
		field = 65535;
	c->rcv_adv = c->rcv_nxt + (field << c->rcv_wscale);
	return (uint16_t)field;
}

unsigned tcp_rcv_sack_blocks(tcp_conn *c, tcp_sack_block *out, unsigned max)
{
	const tcp_range *used[TCP_SACK_MAX_BLOCKS + TCP_SACK_RECENT];
	unsigned n = 0, nused = 0;
	uint32_t keep = 0;
	/* RFC 2018 §4: the most recently changed blocks first, each reported once */
	for (uint32_t i = 0; i < c->n_sack_recent; i++) {
		uint64_t key = c->sack_recent[i];
		const tcp_range *r = key >= c->rcv_nxt ? tcp_rangeset_find(&c->ooo, key) : NULL;
		bool dup = false;
		for (unsigned j = 0; r && j < nused; j++)
			dup |= used[j] == r;
		if (!r || dup)
			continue;
		c->sack_recent[keep++] = key;
		used[nused++] = r;
		if (n < max) {
			out[n].start = tcp_seq_wire(c->irs, r->start);
			out[n].end = tcp_seq_wire(c->irs, r->end);
			n++;
		}
	}
	c->n_sack_recent = keep;
	/* RFC 2018 §4: as many distinct blocks as fit; the lowest tell the sender most */
	for (uint32_t i = 0; i < c->ooo.n && n < max; i++) {
		const tcp_range *r = &c->ooo.v[i];
		bool dup = false;
		for (unsigned j = 0; j < nused; j++)
			dup |= used[j] == r;
		if (dup)
			continue;
		out[n].start = tcp_seq_wire(c->irs, r->start);
		out[n].end = tcp_seq_wire(c->irs, r->end);
		n++;
	}
	return n;
}

/* The block containing `key` just changed: it goes first in the recency list. */
static void sack_note(tcp_conn *c, uint64_t key)
{
	const tcp_range *r = tcp_rangeset_find(&c->ooo, key);
	uint64_t keep[TCP_SACK_RECENT];
	uint32_t n = 0;
	keep[n++] = key;
	for (uint32_t i = 0; i < c->n_sack_recent && n < TCP_SACK_RECENT; i++) {
		uint64_t k = c->sack_recent[i];
		if (k < c->rcv_nxt || tcp_rangeset_find(&c->ooo, k) == r)
			continue;
		keep[n++] = k;
	}
	for (uint32_t i = 0; i < n; i++)
		c->sack_recent[i] = keep[i];
	c->n_sack_recent = n;
}

/* Check [lo, hi) of `seg` (whose first payload byte is at offset `s`) against the stream. */
static void verify(tcp_conn *c, const segment *seg, uint64_t s, uint64_t lo, uint64_t hi)
{
	uint64_t n = hi - lo, data_off = lo - 1;
	uint64_t exp_stream = c->rcv_stream, exp_off = data_off;
	if (c->ext && c->ext->payload_expect &&
	    !c->ext->payload_expect(c->ext_ctx, c, data_off, (uint32_t)n, &exp_stream, &exp_off))
		return;
	size_t m = payload_first_mismatch(seg->payload_fill, seg->payload_stream, seg->payload_offset + (lo - s),
					  exp_stream, exp_off, (size_t)n);
	if (m < n) {
		c->counters[TCP_CNT_INTEGRITY_ERRORS]++;
		/* from the first wrong byte to the end of the segment: the check finds only the first */
		tcp_rangeset_add(&c->corrupt, lo + m, hi, NULL, NULL);
	}
}

/* [from, to) became readable in order. */
static void deliver(tcp_conn *c, uint64_t from, uint64_t to, sim_time_t now)
{
	bool intact = tcp_rangeset_empty(&c->corrupt) || tcp_rangeset_covered(&c->corrupt, from, to) == 0;
	if (!tcp_rangeset_empty(&c->corrupt))
		tcp_rangeset_trim_below(&c->corrupt, to);
	c->counters[TCP_CNT_BYTES_DELIVERED] += to - from;
	if (!(c->ev & TCP_EV_DATA)) {
		c->ev |= TCP_EV_DATA;
		c->ev_data_off = from - 1;
		c->ev_data_len = 0;
		c->ev_data_intact = true;
	}
	c->ev_data_len += to - from;
	c->ev_data_intact = c->ev_data_intact && intact;
	if (c->cfg.auto_read) {
		c->rcv_read = to;
		tcp_rcv_consumed(c, now);
	}
}

void tcp_rcv_data(tcp_conn *c, const segment *seg, uint64_t seq, sim_time_t now)
{
	uint64_t s = seq, e = seq + seg->payload_len;
	if (e <= c->rcv_nxt) {
		/* all old: acknowledge at once so the sender learns what arrived (RFC 5681 §4.2) */
		c->counters[TCP_CNT_DUP_BYTES_RECEIVED] += seg->payload_len;
		c->ack_now = true;
		return;
	}
	uint64_t lo = s > c->rcv_nxt ? s : c->rcv_nxt, hi = e < c->rcv_adv ? e : c->rcv_adv;
	if (hi <= lo) {
		c->counters[TCP_CNT_SEGS_DROPPED]++;
		c->ack_now = true;
		return;
	}
	if (seg->payload_len > c->rcv_mss)
		c->rcv_mss = seg->payload_len < c->cfg.mss_bytes ? seg->payload_len : c->cfg.mss_bytes;
	verify(c, seg, s, lo, hi);
	uint64_t fresh = (hi - lo) - tcp_rangeset_covered(&c->ooo, lo, hi);
	c->counters[TCP_CNT_BYTES_RECEIVED] += fresh;
	c->counters[TCP_CNT_DUP_BYTES_RECEIVED] += seg->payload_len - fresh;

	if (lo > c->rcv_nxt) {
		/* out of order: remember where, SACK it, and say so at once (RFC 5681 §4.2) */
		c->counters[TCP_CNT_OOO_SEGS]++;
		tcp_rangeset_add(&c->ooo, lo, hi, NULL, NULL);
		sack_note(c, lo);
		c->ack_now = true;
		return;
	}
	uint64_t old = c->rcv_nxt;
	c->rcv_nxt = hi;
	if (!tcp_rangeset_empty(&c->ooo)) {
		/* ranges are merged when they touch, so only the first can join */
		const tcp_range *first = &c->ooo.v[0];
		if (first->start <= c->rcv_nxt && first->end > c->rcv_nxt)
			c->rcv_nxt = first->end;
		tcp_rangeset_trim_below(&c->ooo, c->rcv_nxt);
		/* RFC 5681 §4.2: a segment that fills a gap is acknowledged at once */
		c->ack_now = true;
	}
	deliver(c, old, c->rcv_nxt, now);
	c->rcv_unacked_bytes += hi - lo;
	/* RFC 5681 §4.2: ACK at least every second full-sized segment, else within the timer */
	if (!c->ack_now) {
		if (c->cfg.delack_ns == 0 || c->rcv_unacked_bytes >= (uint64_t)c->cfg.delack_segments * c->rcv_mss)
			c->ack_now = true;
		else if (c->delack_at == SIM_TIME_NEVER)
			c->delack_at = now + c->cfg.delack_ns;
	}
	if (c->fin_pending && c->rcv_nxt == c->rcv_fin_off)
		tcp_rcv_fin(c, c->rcv_fin_off, now);
}

void tcp_rcv_fin(tcp_conn *c, uint64_t fin_off, sim_time_t now)
{
	if (c->fin_rcvd)
		return;
	if (fin_off > c->rcv_nxt) {
		/* ahead of missing data: taken when the data before it arrives */
		c->fin_pending = true;
		c->rcv_fin_off = fin_off;
		c->ack_now = true;
		return;
	}
	if (fin_off < c->rcv_nxt)
		return;
	/* RFC 9293 §3.10.7.4 eighth check: the FIN takes one sequence number and is acknowledged */
	c->rcv_nxt++;
	c->fin_rcvd = true;
	c->fin_pending = false;
	c->ack_now = true;
	c->ev |= TCP_EV_PEER_FIN;
	switch (c->state) {
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
		tcp_set_state(c, TCP_CLOSE_WAIT, now);
		break;
	case TCP_FIN_WAIT_1:
		if (c->fin_sent && c->snd_una > c->snd_end)
			tcp_enter_time_wait(c, now);
		else
			tcp_set_state(c, TCP_CLOSING, now);
		break;
	case TCP_FIN_WAIT_2:
		tcp_enter_time_wait(c, now);
		break;
	default:
		break;
	}
}

void tcp_rcv_rtt_sample(tcp_conn *c, const tcp_opts *o, sim_time_t now)
{
	/* the sender echoes our clock: the receiver's own RTT estimate (Linux tcp_rcv_rtt_measure_ts) */
	if (!c->cfg.rcvbuf_autotune || o->ts_ecr == 0)
		return;
	uint32_t ticks = tcp_ts_now(c, now) - o->ts_ecr;
	if (ticks >= 0x80000000u)
		return;
	sim_time_t rtt = (sim_time_t)(ticks ? ticks : 1) * TCP_TS_TICK_NS;
	if (c->rcv_rtt_ns == 0 || rtt < c->rcv_rtt_ns)
		c->rcv_rtt_ns = rtt;
	else
		c->rcv_rtt_ns = c->rcv_rtt_ns - c->rcv_rtt_ns / 8 + rtt / 8;
}

void tcp_rcv_consumed(tcp_conn *c, sim_time_t now)
{
	if (c->cfg.rcvbuf_autotune && c->rcv_rtt_ns > 0) {
		/* Linux DRS: each receiver RTT, let the buffer hold twice what the application read */
		if (c->rcvq_read_start == 0) {
			c->rcvq_start = now;
			c->rcvq_read_start = c->rcv_read;
		} else if (now - c->rcvq_start >= c->rcv_rtt_ns) {
			uint64_t copied = c->rcv_read - c->rcvq_read_start;
			uint64_t want = 2 * copied + 16 * (uint64_t)c->rcv_mss;
			if (want > c->rcvbuf)
				c->rcvbuf = (uint32_t)min64(want, c->cfg.rcvbuf_bytes);
			c->rcvq_start = now;
			c->rcvq_read_start = c->rcv_read;
		}
	}
	if (c->cfg.auto_read || c->state == TCP_CLOSED)
		return;
	/* a read that at least doubles the window (and by a useful step) is announced at once */
	uint64_t cur = c->rcv_adv > c->rcv_nxt ? c->rcv_adv - c->rcv_nxt : 0;
	uint64_t maxwnd = (uint64_t)65535 << c->rcv_wscale;
	uint64_t now_wnd = min64(free_space(c), maxwnd);
	if (now_wnd >= 2 * cur && now_wnd >= cur + sws_step(c) && !c->fin_rcvd) {
		c->ack_now = true;
		c->counters[TCP_CNT_WINDOW_UPDATES]++;
	}
}
