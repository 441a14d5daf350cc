/* tcp_output.c — deciding what to send and building the segments.
 *
 * tcp_output() runs once at the end of every entry point. Its send loop picks, in order: a forced
 * retransmission of the oldest segment (fast retransmit, NewReno partial ACK, RTO); a segment the
 * scoreboard marks lost (RFC 6675 NextSeg rule 1); new data within cwnd and the peer's window
 * (rule 2), subject to sender SWS avoidance, Nagle and pacing; a FIN; during SACK recovery an
 * unSACKed segment (rule 3). Anything acknowledgment-worthy left over goes out as a pure ACK.
 *
 * Every segment carries real option bytes: MSS, window scale, SACK-Permitted and timestamps as
 * negotiated, then the extension's options, then as many SACK blocks as still fit. */
#include "tcp.h"

#include "tcp_priv.h"

#include <string.h>

static void seg_init(const tcp_conn *c, segment *s)
{
	memset(s, 0, sizeof *s);
	s->src = c->tuple.local;
	s->dst = c->tuple.remote;
	s->sport = c->tuple.local_port;
	s->dport = c->tuple.remote_port;
	s->proto = SEG_PROTO_TCP;
	s->ttl = 64;
}

/* Acknowledgment, window and options, once flags, sequence number and payload are set. */
static void finish_segment(tcp_conn *c, segment *s, sim_time_t now)
{
	bool syn = s->flags & TCP_FLAG_SYN, ack = s->flags & TCP_FLAG_ACK;
	tcp_opts o;
	memset(&o, 0, sizeof o);
	if (syn) {
		o.present |= TCP_OPT_HAS_MSS;
		o.mss = (uint16_t)c->cfg.mss_bytes;
		/* a SYN offers what is configured; a SYN-ACK answers what the SYN offered */
		bool offer = c->state == TCP_SYN_SENT;
		if (offer ? c->cfg.window_scale : c->ws_ok) {
			o.present |= TCP_OPT_HAS_WSCALE;
			o.wscale = c->rcv_wscale;
		}
		if (offer ? c->cfg.sack : c->sack_ok)
			o.present |= TCP_OPT_HAS_SACK_PERM;
		if (offer ? c->cfg.timestamps : c->ts_ok)
			o.present |= TCP_OPT_HAS_TS;
	} else if (c->ts_ok) {
		o.present |= TCP_OPT_HAS_TS;
	}
	if (o.present & TCP_OPT_HAS_TS) {
		/* RFC 7323 §3.2: TSecr is only meaningful with ACK set */
		o.ts_val = tcp_ts_now(c, now);
		o.ts_ecr = ack && c->ts_recent_valid ? c->ts_recent : 0;
	}
	size_t n = tcp_opts_write(&o, s->options, TCP_OPTIONS_MAX);

	if (ack)
		s->ack = tcp_seq_wire(c->irs, c->rcv_nxt);
	if (syn) {
		/* RFC 7323 §2.2: the window of a SYN is not scaled */
		uint32_t w = c->rcvbuf < 65535 ? c->rcvbuf : 65535;
		s->window = (uint16_t)w;
		if (c->state == TCP_SYN_SENT)
			c->syn_window = w;
		else
			c->rcv_adv = c->rcv_nxt + w;
	} else if (ack) {
		s->window = tcp_rcv_window_field(c);
	}
	s->opt_len = (uint8_t)n;

	if (c->ext && c->ext->write_options) {
		size_t add = c->ext->write_options(c->ext_ctx, c, s, s->options + n, TCP_OPTIONS_MAX - n, now);
		n += add <= TCP_OPTIONS_MAX - n ? add : TCP_OPTIONS_MAX - n;
		s->opt_len = (uint8_t)n;
	}
	if (c->sack_ok && ack && !syn && !tcp_rangeset_empty(&c->ooo)) {
		unsigned fit = tcp_opts_sack_fit(TCP_OPTIONS_MAX - n);
		if (fit) {
			tcp_opts so;
			memset(&so, 0, sizeof so);
			so.n_sack = (uint8_t)tcp_rcv_sack_blocks(c, so.sack, fit);
			if (so.n_sack) {
				so.present = TCP_OPT_HAS_SACK;
				n += tcp_opts_write(&so, s->options + n, TCP_OPTIONS_MAX - n);
				s->opt_len = (uint8_t)n;
			}
		}
	}
}

void tcp_emit(tcp_conn *c, const segment *seg, sim_time_t now)
{
	c->counters[TCP_CNT_SEGS_SENT]++;
	if (seg->flags & TCP_FLAG_ACK) {
		/* every ACK-carrying segment acknowledges everything received so far */
		c->last_ack_sent = c->rcv_nxt;
		c->ack_now = false;
		c->delack_at = SIM_TIME_NEVER;
		c->rcv_unacked_bytes = 0;
		if (seg->window == 0 && !(seg->flags & (TCP_FLAG_SYN | TCP_FLAG_RST)))
			c->counters[TCP_CNT_ZERO_WINDOW_SENT]++;
	}
	if (seg->flags & TCP_FLAG_RST)
		c->counters[TCP_CNT_RST_SENT]++;
	c->env.emit(c->env.ctx, seg, now);
}

static void pace_after(tcp_conn *c, uint32_t len, sim_time_t now)
{
	if (!c->cfg.pacing || !len || !c->rtt.has_sample)
		return;
	/* rate = pct * cwnd / srtt (Linux: 200% in slow start, 120% after), so one segment of `len`
	 * bytes occupies len * srtt * 100 / (cwnd * pct) ns */
	uint64_t pct = c->cc.cwnd_bytes < c->cc.ssthresh_bytes ? c->cfg.pacing_ss_percent : c->cfg.pacing_ca_percent;
	uint64_t cwnd = c->cc.cwnd_bytes > c->snd_mss ? c->cc.cwnd_bytes : c->snd_mss;
	uint64_t srtt = (uint64_t)(c->rtt.srtt_ns < SIM_S(60) ? c->rtt.srtt_ns : SIM_S(60));
	sim_time_t gap = (sim_time_t)((uint64_t)len * srtt * 100u / (cwnd * pct));
	sim_time_t base = c->pace_next > now ? c->pace_next : now;
	c->pace_next = base + gap;
}

/* Pacing holds the next segment until pace_next; the timer releases it. */
static bool paced(tcp_conn *c, sim_time_t now)
{
	if (!c->cfg.pacing || c->pace_next <= now)
		return false;
	c->pace_at = c->pace_next;
	return true;
}

/* Send (or resend) the sequence range of record `r`. */
static void transmit(tcp_conn *c, tcp_txrec *r, bool retransmit, sim_time_t now)
{
	segment s;
	seg_init(c, &s);
	uint8_t flags = 0;
	if (c->state != TCP_SYN_SENT)
		flags |= TCP_FLAG_ACK;
	if (r->start == 0)
		flags |= TCP_FLAG_SYN;
	uint64_t lo = r->start > 1 ? r->start : 1, hi = r->end < c->snd_end ? r->end : c->snd_end;
	uint32_t len = hi > lo ? (uint32_t)(hi - lo) : 0;
	if (c->fin_queued && r->end == c->snd_end + 1)
		flags |= TCP_FLAG_FIN;
	s.seq = tcp_seq_wire(c->iss, r->start);
	if (len) {
		uint64_t stream = c->snd_stream, off = lo - 1;
		if (c->ext && c->ext->payload_source)
			c->ext->payload_source(c->ext_ctx, c, lo - 1, len, &stream, &off);
		s.payload_len = len;
		s.payload_fill = payload_pattern_fill;
		s.payload_stream = stream;
		s.payload_offset = off;
		if (hi == c->snd_end)
			flags |= TCP_FLAG_PSH;
	}
	s.flags = flags;
	finish_segment(c, &s, now);
	if (retransmit) {
		tcp_txq_on_retransmit(&c->txq, r, now);
		c->counters[TCP_CNT_RETRANSMITS]++;
		c->counters[TCP_CNT_RETRANS_BYTES] += len;
		tcp_trace(c, now, TRACE_RETRANSMIT_SEQ, s.seq);
	} else {
		r->sent_ns = now;
	}
	if (len) {
		c->counters[TCP_CNT_DATA_SEGS_SENT]++;
		c->counters[TCP_CNT_BYTES_SENT] += len;
	}
	tcp_emit(c, &s, now);
	/* RFC 6298 §5.1: start the timer if it is not running */
	if (c->rto_at == SIM_TIME_NEVER)
		c->rto_at = now + tcp_rtt_rto(&c->rtt);
	pace_after(c, len, now);
}

void tcp_send_syn(tcp_conn *c, bool retransmit, sim_time_t now)
{
	tcp_txrec *r;
	if (!retransmit) {
		r = tcp_txq_append(&c->txq, 0, 1, now);
		c->snd_nxt = 1;
	} else {
		r = tcp_txq_head(&c->txq);
		if (!r || r->start != 0)
			return;
	}
	transmit(c, r, retransmit, now);
}

static void send_ack(tcp_conn *c, sim_time_t now)
{
	segment s;
	seg_init(c, &s);
	s.seq = tcp_seq_wire(c->iss, c->snd_nxt);
	s.flags = TCP_FLAG_ACK;
	finish_segment(c, &s, now);
	c->counters[TCP_CNT_ACKS_SENT]++;
	tcp_emit(c, &s, now);
}

void tcp_send_probe(tcp_conn *c, sim_time_t now)
{
	/* A zero-window probe as Linux sends it: an ACK whose sequence number is one below snd_una,
	 * outside the receiver's window, which makes it answer with an ACK carrying its window
	 * (RFC 9293 §3.10.7.4) without spending sequence space. */
	segment s;
	seg_init(c, &s);
	s.seq = tcp_seq_wire(c->iss, c->snd_una - 1);
	s.flags = TCP_FLAG_ACK;
	finish_segment(c, &s, now);
	c->counters[TCP_CNT_PERSIST_PROBES]++;
	tcp_emit(c, &s, now);
}

void tcp_send_rst(tcp_conn *c, sim_time_t now)
{
	/* RFC 9293 §3.10.5: <SEQ=SND.NXT><CTL=RST>, with the ACK as Linux sends it */
	segment s;
	seg_init(c, &s);
	s.seq = tcp_seq_wire(c->iss, c->snd_nxt);
	s.ack = tcp_seq_wire(c->irs, c->rcv_nxt);
	s.flags = TCP_FLAG_RST | TCP_FLAG_ACK;
	if (c->ext && c->ext->write_options) {
		size_t add = c->ext->write_options(c->ext_ctx, c, &s, s.options, TCP_OPTIONS_MAX, now);
		s.opt_len = (uint8_t)(add <= TCP_OPTIONS_MAX ? add : TCP_OPTIONS_MAX);
	}
	tcp_emit(c, &s, now);
}

sim_time_t tcp_persist_interval(const tcp_conn *c)
{
	/* RFC 9293 §3.8.6.1: first probe after an RTO, then exponentially further apart */
	sim_time_t t = c->rtt.rto_ns;
	for (uint32_t i = 0; i < c->persist_backoff && t < TCP_PERSIST_MAX_NS; i++)
		t *= 2;
	return t < TCP_PERSIST_MAX_NS ? t : TCP_PERSIST_MAX_NS;
}

/* New data of `len` bytes (and the FIN when it is the last of them). */
static void send_new(tcp_conn *c, uint32_t len, sim_time_t now)
{
	if (len && c->ext && c->ext->payload_source) {
		uint64_t stream, off;
		uint32_t n = c->ext->payload_source(c->ext_ctx, c, c->snd_nxt - 1, len, &stream, &off);
		if (n >= 1 && n < len)
			len = n;
	}
	uint64_t end = c->snd_nxt + len;
	bool fin = c->fin_queued && end == c->snd_end;
	tcp_txrec *r = tcp_txq_append(&c->txq, c->snd_nxt, end + (fin ? 1u : 0u), now);
	c->snd_nxt = r->end;
	if (fin)
		c->fin_sent = true;
	transmit(c, r, false, now);
}

static bool sends_data(tcp_state s)
{
	return s == TCP_ESTABLISHED || s == TCP_CLOSE_WAIT || s == TCP_FIN_WAIT_1 || s == TCP_CLOSING ||
	       s == TCP_LAST_ACK;
}

static void send_loop(tcp_conn *c, sim_time_t now)
{
	bool window_blocked = false;
	c->send_blocked_by_cwnd = false;
	for (;;) {
		if (c->rtx_head) {
			c->rtx_head = false;
			tcp_txrec *h = tcp_txq_head(&c->txq);
			if (h && !(h->flags & TCP_TX_SACKED))
				transmit(c, h, true, now);
			continue;
		}
		uint64_t pipe = tcp_txq_pipe(&c->txq);
		uint64_t cwnd = c->cc.cwnd_bytes;
		/* RFC 3042 limited transmit: up to two new segments on the first duplicate ACKs */
		if (!c->sack_ok && c->ca_state == TCP_CA_OPEN && c->dupacks)
			cwnd += (uint64_t)(c->dupacks < 2 ? c->dupacks : 2) * c->snd_mss;

		/* RFC 6675 NextSeg rule 1: lost data first */
		tcp_txrec *r = c->txq.lost_bytes ? tcp_txq_next_lost(&c->txq) : NULL;
		if (r) {
			if (pipe + (r->end - r->start) > cwnd) {
				c->send_blocked_by_cwnd = true;
				break;
			}
			if (paced(c, now))
				break;
			transmit(c, r, true, now);
			continue;
		}

		/* rule 2: new data, within the peer's window (RFC 9293 §3.8.6.2.1 sender SWS avoidance) */
		if (c->snd_nxt < c->snd_end) {
			uint64_t avail = c->snd_end - c->snd_nxt;
			uint64_t right = c->snd_una + c->snd_wnd;
			uint64_t usable = right > c->snd_nxt ? right - c->snd_nxt : 0;
			uint64_t len = avail < c->snd_mss ? avail : c->snd_mss;
			if (usable < len) {
				/* a partial segment only if it is at least half the largest window offered */
				if (usable == 0 || usable < (c->max_sndwnd + 1) / 2)
					window_blocked = true;
				else
					len = usable;
			}
			if (!window_blocked) {
				if (pipe + len > cwnd) {
					c->send_blocked_by_cwnd = true;
					break;
				}
				/* RFC 9293 §3.7.4 Nagle: no small segment while data is unacknowledged,
				 * unless the application has closed (the last bytes are pushed) */
				if (c->cfg.nagle && len < c->snd_mss && c->snd_nxt > c->snd_una && !c->fin_queued)
					break;
				if (paced(c, now))
					break;
				send_new(c, (uint32_t)len, now);
				continue;
			}
		} else if (c->fin_queued && !c->fin_sent) {
			/* a bare FIN needs neither window nor cwnd */
			send_new(c, 0, now);
			continue;
		}

		/* rule 3: in SACK recovery with no new data to send, an unSACKed segment below the
		 * highest SACKed byte (criteria 1.a and 1.b without IsLost); above it, data is just in
		 * flight and resending it would be spurious */
		if (c->sack_ok && c->ca_state == TCP_CA_RECOVERY && !tcp_rangeset_empty(&c->txq.sacked)) {
			uint64_t high_sacked = c->txq.sacked.v[c->txq.sacked.n - 1].end;
			r = tcp_txq_next_unsacked(&c->txq);
			if (r && r->end <= high_sacked) {
				if (pipe + (r->end - r->start) > cwnd) {
					c->send_blocked_by_cwnd = true;
					break;
				}
				if (paced(c, now))
					break;
				transmit(c, r, true, now);
				continue;
			}
		}
		break;
	}
	/* RFC 9293 §3.8.6.1: a window too small to send into, and nothing outstanding that an ACK
	 * could answer: probe it */
	if (window_blocked && c->snd_una == c->snd_nxt) {
		if (c->persist_at == SIM_TIME_NEVER)
			c->persist_at = now + tcp_persist_interval(c);
	} else if (!window_blocked) {
		c->persist_at = SIM_TIME_NEVER;
		c->persist_backoff = 0;
	}
}

/* Linux tcp_cwnd_validate(): remember whether the window, not the application, limited sending
 * during the current window of data; congestion controls grow cwnd only then. */
static void cwnd_validate(tcp_conn *c)
{
	uint64_t flight = tcp_txq_pipe(&c->txq);
	bool limited = c->send_blocked_by_cwnd || flight + c->snd_mss > c->cc.cwnd_bytes;
	if (c->snd_una >= c->cwnd_usage_seq || limited || (!c->cwnd_limited && flight > c->max_flight_bytes)) {
		c->cwnd_limited = limited;
		c->max_flight_bytes = flight;
		c->cwnd_usage_seq = c->snd_nxt;
	}
}

void tcp_output(tcp_conn *c, sim_time_t now)
{
	if (sends_data(c->state) && c->cc_started) {
		send_loop(c, now);
		cwnd_validate(c);
	}
	if (c->ack_now && c->state != TCP_CLOSED && c->state != TCP_LISTEN && c->state != TCP_SYN_SENT)
		send_ack(c, now);
}
