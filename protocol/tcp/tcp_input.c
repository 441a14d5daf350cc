/* tcp_input.c — segment arrival: the state machine of RFC 9293 §3.10.7.
 *
 * LISTEN (a connection a listener created for a SYN), SYN-SENT, and the synchronized states, in
 * the RFC's order: sequence acceptability (with PAWS, RFC 7323 §5), RST (with RFC 5961's
 * challenge ACKs), SYN, ACK (tcp_ack.c), segment text (tcp_recv.c), FIN. */
#include "tcp.h"

#include "tcp_priv.h"

/* The options of a SYN we received decide what the connection uses (RFC 7323 §1.3, RFC 2018 §2:
 * an option is used only when both SYNs carried it). */
static void negotiate(tcp_conn *c, const segment *seg, const tcp_opts *o)
{
	uint32_t dflt = seg->src.family == NET_AF_INET6 ? TCP_DEFAULT_MSS_V6 : TCP_DEFAULT_MSS_V4;
	c->peer_mss = (o->present & TCP_OPT_HAS_MSS) && o->mss ? o->mss : dflt;
	c->ws_ok = c->cfg.window_scale && (o->present & TCP_OPT_HAS_WSCALE);
	/* RFC 7323 §2.3: a shift above 14 is used as 14 */
	c->snd_wscale = c->ws_ok ? (o->wscale > TCP_WSCALE_MAX ? TCP_WSCALE_MAX : o->wscale) : 0;
	if (!c->ws_ok)
		c->rcv_wscale = 0;
	c->sack_ok = c->cfg.sack && (o->present & TCP_OPT_HAS_SACK_PERM);
	c->ts_ok = c->cfg.timestamps && (o->present & TCP_OPT_HAS_TS);
	if (c->ts_ok) {
		c->ts_recent = o->ts_val;
		c->ts_recent_valid = true;
	}
	/* RFC 6691: the MSS excludes options, so payload shrinks by the fixed timestamp option */
	uint32_t mss = c->peer_mss < c->cfg.mss_bytes ? c->peer_mss : c->cfg.mss_bytes;
	if (c->ts_ok)
		mss -= TCP_TS_SPACE;
	if (mss < 32)
		mss = 32;
	c->snd_mss = mss;
	c->txq.mss = mss;
	c->irs = seg->seq;
	c->rcv_nxt = 1;
	c->rcv_read = 1;
	if (!c->streams_set)
		c->rcv_stream = c->irs;
	/* RFC 7323 §2.2: the window of a SYN is never scaled */
	c->snd_wnd = seg->window;
	c->max_sndwnd = c->snd_wnd;
	c->snd_wl1 = 0;
}

static void count_rst_sent(tcp_conn *c, const segment *seg, sim_time_t now)
{
	if (seg->flags & TCP_FLAG_RST)
		return;
	tcp_send_reset_for(&c->env, seg, now);
	c->counters[TCP_CNT_RST_SENT]++;
}

/* RFC 9293 §3.10.7.2 */
static void input_listen(tcp_conn *c, const segment *seg, const tcp_opts *o, sim_time_t now)
{
	if (seg->flags & TCP_FLAG_RST)
		return;
	if (seg->flags & TCP_FLAG_ACK) {
		count_rst_sent(c, seg, now);
		return;
	}
	if (!(seg->flags & TCP_FLAG_SYN))
		return;
	negotiate(c, seg, o);
	uint64_t r = c->env.random_u64 ? c->env.random_u64(c->env.ctx) : 0;
	c->iss = (uint32_t)r;
	c->ts_offset = (uint32_t)(r >> 32);
	if (!c->streams_set)
		c->snd_stream = c->iss;
	c->passive = true;
	c->snd_end = 1;
	tcp_set_state(c, TCP_SYN_RECEIVED, now);
	/* data on a SYN is not accepted (no TCP Fast Open): the peer sends it again */
	tcp_send_syn(c, false, now);
}

/* RFC 9293 §3.10.7.3 */
static void input_syn_sent(tcp_conn *c, const segment *seg, const tcp_opts *o, sim_time_t now)
{
	bool has_ack = seg->flags & TCP_FLAG_ACK;
	if (has_ack && tcp_seq_unwrap(c->iss, c->snd_nxt, seg->ack) != (int64_t)c->snd_nxt) {
		/* acknowledges something other than our SYN */
		count_rst_sent(c, seg, now);
		c->counters[TCP_CNT_SEGS_DROPPED]++;
		return;
	}
	if (seg->flags & TCP_FLAG_RST) {
		if (has_ack) {
			c->counters[TCP_CNT_RST_RECEIVED]++;
			tcp_close_with(c, TCP_CLOSE_REFUSED, now);
		}
		return;
	}
	if (!(seg->flags & TCP_FLAG_SYN))
		return;
	negotiate(c, seg, o);
	if (has_ack) {
		tcp_txq_acked a;
		tcp_txq_ack(&c->txq, 1, &a);
		c->snd_una = 1;
		c->snd_wl2 = 1;
		/* Karn: a retransmitted SYN gives no sample */
		if (!a.retrans_acked && a.newest_sent_ns >= 0)
			tcp_rtt_sample(&c->rtt, now - a.newest_sent_ns);
		c->rto_at = SIM_TIME_NEVER;
		c->rcv_adv = c->rcv_nxt + c->syn_window;
		tcp_established(c, now);
		c->ack_now = true;
	} else {
		/* RFC 9293 §3.5: simultaneous open, answer with SYN-ACK */
		tcp_set_state(c, TCP_SYN_RECEIVED, now);
		tcp_send_syn(c, true, now);
	}
}

static void challenge_ack(tcp_conn *c)
{
	c->counters[TCP_CNT_CHALLENGE_ACKS]++;
	c->ack_now = true;
}

static bool receiving_data(tcp_state s)
{
	return s == TCP_ESTABLISHED || s == TCP_FIN_WAIT_1 || s == TCP_FIN_WAIT_2;
}

/* RFC 9293 §3.10.7.4 */
static void input_synchronized(tcp_conn *c, const segment *seg, const tcp_opts *o, sim_time_t now)
{
	uint8_t fl = seg->flags;
	bool rst = fl & TCP_FLAG_RST, syn = fl & TCP_FLAG_SYN, fin = fl & TCP_FLAG_FIN;
	int64_t seq_s = tcp_seq_unwrap(c->irs, c->rcv_nxt, seg->seq);

	/* a retransmitted SYN while our SYN-ACK is unacknowledged: send the SYN-ACK again */
	if (c->state == TCP_SYN_RECEIVED && syn && !rst && !(fl & TCP_FLAG_ACK) && seq_s == 0) {
		tcp_send_syn(c, true, now);
		return;
	}
	/* RFC 7323 §5.3 R1: PAWS, before the acceptability test */
	bool has_ts = c->ts_ok && (o->present & TCP_OPT_HAS_TS);
	if (has_ts && !rst && c->ts_recent_valid && tcp_seq_diff(o->ts_val, c->ts_recent) < 0) {
		c->counters[TCP_CNT_PAWS_REJECTED]++;
		c->ack_now = true;
		return;
	}
	/* first check: sequence number acceptability */
	uint64_t seg_len = (uint64_t)seg->payload_len + (syn ? 1u : 0u) + (fin ? 1u : 0u);
	uint64_t wnd = c->rcv_adv > c->rcv_nxt ? c->rcv_adv - c->rcv_nxt : 0;
	uint64_t seq = seq_s < 0 ? 0 : (uint64_t)seq_s;
	bool ok = false;
	if (seq_s >= 0) {
		if (seg_len == 0)
			ok = wnd == 0 ? seq == c->rcv_nxt : (seq >= c->rcv_nxt && seq < c->rcv_adv);
		else
			ok = wnd > 0 && ((seq >= c->rcv_nxt && seq < c->rcv_adv) ||
					 (seq + seg_len - 1 >= c->rcv_nxt && seq + seg_len - 1 < c->rcv_adv));
	}
	/* a zero window still takes valid ACKs, RSTs and a bare FIN at its edge */
	bool ack_only = !ok && seq_s >= 0 && wnd == 0 && seq == c->rcv_nxt;
	if (!ok && !ack_only) {
		c->counters[TCP_CNT_SEGS_DROPPED]++;
		if (rst)
			return;
		if (seg->payload_len && seq_s >= 0 && seq + seg->payload_len <= c->rcv_nxt)
			c->counters[TCP_CNT_DUP_BYTES_RECEIVED] += seg->payload_len;
		/* an unacceptable segment is answered with an ACK */
		c->ack_now = true;
		/* a retransmitted FIN restarts the 2 MSL timeout */
		if (c->state == TCP_TIME_WAIT && fin)
			tcp_enter_time_wait(c, now);
		return;
	}
	/* second check: RST, RFC 5961 §3.2 */
	if (rst) {
		if (seq == c->rcv_nxt) {
			c->counters[TCP_CNT_RST_RECEIVED]++;
			tcp_close_with(c, c->state == TCP_SYN_RECEIVED && !c->passive ? TCP_CLOSE_REFUSED : TCP_CLOSE_RESET,
				       now);
		} else {
			challenge_ack(c);
		}
		return;
	}
	/* RFC 7323 §4.3 R3: remember the timestamp to echo */
	if (has_ts && seq <= c->last_ack_sent &&
	    (!c->ts_recent_valid || tcp_seq_diff(o->ts_val, c->ts_recent) >= 0)) {
		c->ts_recent = o->ts_val;
		c->ts_recent_valid = true;
	}
	/* fourth check: a SYN in a synchronized state, RFC 5961 §4 */
	if (syn) {
		challenge_ack(c);
		return;
	}
	/* fifth check: the ACK field */
	if (!(fl & TCP_FLAG_ACK)) {
		c->counters[TCP_CNT_SEGS_DROPPED]++;
		return;
	}
	int64_t ack_s = tcp_seq_unwrap(c->iss, c->snd_una, seg->ack);
	if (c->state == TCP_SYN_RECEIVED) {
		if (ack_s <= (int64_t)c->snd_una || ack_s > (int64_t)c->snd_nxt) {
			count_rst_sent(c, seg, now);
			return;
		}
		tcp_established(c, now);
	}
	if (ack_s > (int64_t)c->snd_nxt) {
		/* acknowledges something not yet sent */
		c->counters[TCP_CNT_SEGS_DROPPED]++;
		c->ack_now = true;
		return;
	}
	/* RFC 5961 §5.2: an ACK further back than the largest window is suspicious */
	uint64_t back = c->max_sndwnd > 65535 ? c->max_sndwnd : 65535;
	if (ack_s < 0 || (uint64_t)ack_s + back < c->snd_una) {
		challenge_ack(c);
		return;
	}
	tcp_ack_process(c, seg, o, seq, (uint64_t)ack_s, now);
	bool fin_acked = c->fin_sent && c->snd_una > c->snd_end;
	switch (c->state) {
	case TCP_FIN_WAIT_1:
		if (fin_acked)
			tcp_set_state(c, TCP_FIN_WAIT_2, now);
		break;
	case TCP_CLOSING:
		if (fin_acked)
			tcp_enter_time_wait(c, now);
		break;
	case TCP_LAST_ACK:
		if (fin_acked) {
			tcp_close_with(c, TCP_CLOSE_NORMAL, now);
			return;
		}
		break;
	default:
		break;
	}
	/* seventh check: segment text */
	if (!ack_only && seg->payload_len && receiving_data(c->state)) {
		if (has_ts)
			tcp_rcv_rtt_sample(c, o, now);
		tcp_rcv_data(c, seg, seq, now);
	} else if (ack_only && seg->payload_len) {
		c->counters[TCP_CNT_SEGS_DROPPED]++;
		c->ack_now = true;
	}
	/* eighth check: FIN (a bare FIN is taken even at a zero window, as Linux does) */
	if (fin && receiving_data(c->state) && (!ack_only || seg->payload_len == 0))
		tcp_rcv_fin(c, seq + seg->payload_len, now);
}

void tcp_conn_input(tcp_conn *c, const segment *seg, sim_time_t now)
{
	tcp_enter(c);
	c->counters[TCP_CNT_SEGS_RECEIVED]++;
	if (seg->proto != SEG_PROTO_TCP) {
		c->counters[TCP_CNT_SEGS_DROPPED]++;
		goto out;
	}
	if (c->ext && c->ext->on_input && !c->ext->on_input(c->ext_ctx, c, seg, now)) {
		c->counters[TCP_CNT_SEGS_DROPPED]++;
		goto out;
	}
	tcp_opts o;
	size_t olen = seg->opt_len < TCP_OPTIONS_MAX ? seg->opt_len : TCP_OPTIONS_MAX;
	if (!tcp_opts_parse(seg->options, olen, &o))
		c->counters[TCP_CNT_OPT_MALFORMED] += o.n_malformed;
	switch (c->state) {
	case TCP_CLOSED:
		/* RFC 9293 §3.10.7.1 */
		count_rst_sent(c, seg, now);
		break;
	case TCP_LISTEN:
		input_listen(c, seg, &o, now);
		break;
	case TCP_SYN_SENT:
		input_syn_sent(c, seg, &o, now);
		break;
	default:
		input_synchronized(c, seg, &o, now);
		break;
	}
out:
	tcp_leave(c, now);
}

void tcp_send_reset_for(const proto_env *env, const segment *in, sim_time_t now)
{
	if (in->flags & TCP_FLAG_RST)
		return;
	segment s = { 0 };
	s.src = in->dst;
	s.dst = in->src;
	s.sport = in->dport;
	s.dport = in->sport;
	s.proto = SEG_PROTO_TCP;
	s.ttl = 64;
	if (in->flags & TCP_FLAG_ACK) {
		/* <SEQ=SEG.ACK><CTL=RST> */
		s.seq = in->ack;
		s.flags = TCP_FLAG_RST;
	} else {
		/* <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> */
		uint32_t len = in->payload_len + ((in->flags & TCP_FLAG_SYN) ? 1u : 0u) +
			       ((in->flags & TCP_FLAG_FIN) ? 1u : 0u);
		s.seq = 0;
		s.ack = in->seq + len;
		s.flags = TCP_FLAG_RST | TCP_FLAG_ACK;
	}
	env->emit(env->ctx, &s, now);
}
