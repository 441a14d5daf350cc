/* tcp_ack.c — what an acknowledgment tells the sender: window update (RFC 9293 §3.10.7.4),
 * cumulative ACK with the RTT sample and timer rules (RFC 6298 §3, §5), duplicate ACKs
 * (RFC 5681 §2), SACK blocks into the scoreboard (RFC 2018, RFC 6675 §5 Update()). Loss recovery
 * decisions follow in tcp_recovery.c. */
#include "tcp.h"

#include "tcp_priv.h"

static void take_rtt_sample(tcp_conn *c, sim_time_t rtt, sim_time_t now)
{
	tcp_rtt_sample(&c->rtt, rtt);
	if (c->env.trace) {
		tcp_trace(c, now, TRACE_SRTT_NS, c->rtt.srtt_ns);
		tcp_trace(c, now, TRACE_RTTVAR_NS, c->rtt.rttvar_ns);
		tcp_trace(c, now, TRACE_RTO_NS, tcp_rtt_rto(&c->rtt));
	}
}

/* ... unless timestamps are in use: the echoed TSval names the transmission that was acknowledged,
 * so there is no ambiguity (RFC 6298 §3, RFC 7323 §4; Linux does the same). The timestamp clock
 * ticks in milliseconds; the sample is the upper bound now - start of the echoed tick. 0: none. */
static sim_time_t ts_rtt(const tcp_conn *c, const tcp_opts *o, sim_time_t now)
{
	if (!c->ts_ok || !(o->present & TCP_OPT_HAS_TS) || o->ts_ecr == 0)
		return 0;
	uint32_t ticks = tcp_ts_now(c, now) - o->ts_ecr;
	if (ticks >= 0x80000000u)
		return 0;
	return (sim_time_t)ticks * TCP_TS_TICK_NS + now % TCP_TS_TICK_NS;
}

/* RFC 2018 §3 blocks, unwrapped; D-SACK (RFC 2883, below snd_una) and anything outside what is
 * outstanding is ignored. Returns the bytes newly SACKed. */
static uint64_t take_sack_blocks(tcp_conn *c, const tcp_opts *o)
{
	uint64_t newly = 0;
	c->counters[TCP_CNT_SACK_BLOCKS_RECEIVED] += o->n_sack;
	for (unsigned i = 0; i < o->n_sack; i++) {
		int64_t s = tcp_seq_unwrap(c->iss, c->snd_una, o->sack[i].start);
		int64_t e = tcp_seq_unwrap(c->iss, c->snd_una, o->sack[i].end);
		if (s < (int64_t)c->snd_una || e <= s || e > (int64_t)c->snd_nxt)
			continue;
		newly += tcp_txq_sack(&c->txq, (uint64_t)s, (uint64_t)e);
	}
	tcp_txq_update_lost(&c->txq);
	/* RFC 8985 §6.2: reordering window min_RTT / 4 */
	tcp_txq_detect_lost_retrans(&c->txq, c->rtt.min_rtt_ns / 4);
	return newly;
}

void tcp_ack_process(tcp_conn *c, const segment *seg, const tcp_opts *o, uint64_t seq, uint64_t ack,
		     sim_time_t now)
{
	/* RFC 9293 §3.10.7.4: update the send window from the newest segment only */
	uint64_t wnd = (uint64_t)seg->window << c->snd_wscale;
	bool wnd_changed = false;
	if (c->snd_wl1 < seq || (c->snd_wl1 == seq && c->snd_wl2 <= ack)) {
		wnd_changed = wnd != c->snd_wnd;
		c->snd_wnd = wnd;
		c->snd_wl1 = seq;
		c->snd_wl2 = ack;
		if (wnd > c->max_sndwnd)
			c->max_sndwnd = wnd;
		if (wnd > 0 && c->persist_at != SIM_TIME_NEVER) {
			c->persist_at = SIM_TIME_NEVER;
			c->persist_backoff = 0;
		}
	}

	bool new_ack = ack > c->snd_una;
	/* RFC 5681 §2: a duplicate ACK carries no data, no SYN/FIN, the same ACK and window, while
	 * data is outstanding */
	bool dup = !new_ack && ack == c->snd_una && seg->payload_len == 0 &&
		   !(seg->flags & (TCP_FLAG_SYN | TCP_FLAG_FIN)) && !wnd_changed && c->snd_nxt > c->snd_una;
	uint64_t acked = 0, delivered = 0;
	sim_time_t rtt = 0;
	if (new_ack) {
		tcp_txq_acked a;
		tcp_txq_ack(&c->txq, ack, &a);
		uint64_t lo = c->snd_una > 1 ? c->snd_una : 1, hi = ack < c->snd_end ? ack : c->snd_end;
		uint64_t data_acked = hi > lo ? hi - lo : 0;
		c->snd_una = ack;
		acked = a.bytes;
		delivered = a.newly_delivered;
		/* RFC 6298 §3 (Karn): no sample from a segment that was retransmitted ... */
		if (!a.retrans_acked && a.newest_sent_ns >= 0)
			rtt = now - a.newest_sent_ns;
		else if (a.retrans_acked)
			rtt = ts_rtt(c, o, now);
		if (rtt > 0)
			take_rtt_sample(c, rtt, now);
		c->consecutive_rtos = 0;
		/* RFC 6298 §5.2: stop the timer when all is acknowledged; §5.3: else restart it */
		c->rto_at = c->snd_una >= c->snd_nxt ? SIM_TIME_NEVER : now + tcp_rtt_rto(&c->rtt);
		if (data_acked) {
			c->counters[TCP_CNT_BYTES_ACKED] += data_acked;
			c->ev |= TCP_EV_SEND_SPACE;
			tcp_trace(c, now, TRACE_BYTES_ACKED, (int64_t)c->counters[TCP_CNT_BYTES_ACKED]);
		}
	} else if (dup) {
		c->dupacks++;
		c->counters[TCP_CNT_DUPACKS]++;
	}
	if (c->sack_ok && (o->present & TCP_OPT_HAS_SACK))
		delivered += take_sack_blocks(c, o);
	tcp_recovery_on_ack(c, new_ack, dup, acked, delivered, rtt, now);
}
