/* tcp_conn.c — a connection's lifecycle, the application's calls, timers and callbacks.
 *
 * Every public entry point brackets its work with tcp_enter()/tcp_leave(). Leaving the outermost
 * one makes the pending application callbacks (so an application may call back into the
 * connection from them) and then runs the output engine once, so whatever the segment, the timer
 * or the application changed goes out together. */
#include "tcp.h"

#include "error.h"
#include "registry.h"
#include "tcp_priv.h"

#include <string.h>

static bool config_check(const tcp_config *cfg, GError **error)
{
	const char *bad = NULL;
	if (cfg->mss_bytes < 64 || cfg->mss_bytes > 65495)
		bad = "mss_bytes must be between 64 and 65495";
	else if (cfg->rcvbuf_bytes < cfg->mss_bytes)
		bad = "rcvbuf_bytes must hold at least one segment";
	else if (cfg->rcvbuf_autotune && cfg->rcvbuf_initial_bytes == 0)
		bad = "rcvbuf_initial_bytes must be positive";
	else if (cfg->sndbuf_bytes == 0)
		bad = "sndbuf_bytes must be positive";
	else if (cfg->delack_ns < 0 || cfg->delack_segments == 0)
		bad = "delack_ns must not be negative and delack_segments must be positive";
	else if (cfg->rto_min_ns <= 0 || cfg->rto_initial_ns <= 0 || cfg->rto_max_ns < cfg->rto_min_ns)
		bad = "RTO bounds must be positive with rto_max_ns >= rto_min_ns";
	else if (cfg->initial_cwnd_segments == 0 || cfg->dupthresh == 0)
		bad = "initial_cwnd_segments and dupthresh must be positive";
	else if (cfg->pacing && (cfg->pacing_ss_percent == 0 || cfg->pacing_ca_percent == 0))
		bad = "pacing percentages must be positive";
	else if (cfg->time_wait_ns < 0)
		bad = "time_wait_ns must not be negative";
	if (bad)
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "tcp configuration: %s", bad);
	return bad == NULL;
}

tcp_conn *tcp_conn_new(const tcp_config *cfg, const proto_env *env, const net_addr *local, uint16_t local_port,
		       const net_addr *remote, uint16_t remote_port, GError **error)
{
	const tcp_cc_ops *ops = cfg->cc_ops;
	if (!ops)
		ops = registry_find((const void *const *)tcp_cc_all, cfg->cc_name ? cfg->cc_name : "",
				    "congestion control", error);
	if (!ops || !config_check(cfg, error))
		return NULL;
	tcp_conn *c = g_new0(tcp_conn, 1);
	c->cfg = *cfg;
	c->cfg.cc_name = ops->name;
	c->cfg.cc_ops = ops;
	c->env = *env;
	c->tuple.local = *local;
	c->tuple.remote = *remote;
	c->tuple.local_port = local_port;
	c->tuple.remote_port = remote_port;
	c->state = TCP_CLOSED;
	c->ca_state = TCP_CA_OPEN;
	c->rto_at = c->delack_at = c->persist_at = c->timewait_at = c->pace_at = SIM_TIME_NEVER;
	tcp_txq_init(&c->txq, cfg->dupthresh, cfg->mss_bytes);
	tcp_rtt_init(&c->rtt, cfg->rto_initial_ns, cfg->rto_min_ns, cfg->rto_max_ns);
	tcp_rangeset_init(&c->ooo);
	tcp_rangeset_init(&c->corrupt);
	c->cc_ops = ops;
	c->cc.conn = c;
	c->rcvbuf = cfg->rcvbuf_autotune && cfg->rcvbuf_initial_bytes < cfg->rcvbuf_bytes ? cfg->rcvbuf_initial_bytes
											   : cfg->rcvbuf_bytes;
	c->rcv_wscale = cfg->window_scale ? tcp_rcv_choose_wscale(cfg) : 0;
	c->rcv_mss = cfg->mss_bytes < TCP_DEFAULT_MSS_V4 ? cfg->mss_bytes : TCP_DEFAULT_MSS_V4;
	c->snd_mss = c->rcv_mss;
	return c;
}

static void group_leave(tcp_conn *c)
{
	tcp_cc_group *g = c->cc.group;
	if (!g)
		return;
	for (uint32_t i = 0; i < g->n_members; i++) {
		if (g->members[i] == c) {
			memmove(&g->members[i], &g->members[i + 1], (size_t)(g->n_members - i - 1) * sizeof *g->members);
			g->n_members--;
			break;
		}
	}
	c->cc.group = NULL;
}

void tcp_conn_free(tcp_conn *c)
{
	if (!c)
		return;
	g_assert(c->busy == 0); /* never from inside one of its own callbacks */
	if (c->cc_started && c->cc_ops->release)
		c->cc_ops->release(&c->cc);
	group_leave(c);
	tcp_txq_fini(&c->txq);
	tcp_rangeset_fini(&c->ooo);
	tcp_rangeset_fini(&c->corrupt);
	g_free(c);
}

void tcp_conn_set_callbacks(tcp_conn *c, const tcp_callbacks *cb, void *ctx)
{
	if (cb)
		c->cb = *cb;
	else
		memset(&c->cb, 0, sizeof c->cb);
	c->cb_ctx = ctx;
}

void tcp_conn_set_ext(tcp_conn *c, const tcp_ext_ops *ext, void *ctx)
{
	c->ext = ext;
	c->ext_ctx = ctx;
}

void tcp_conn_set_cc_group(tcp_conn *c, tcp_cc_group *g)
{
	group_leave(c);
	if (!g)
		return;
	if (g->n_members == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 4;
		g->members = g_renew(tcp_conn *, g->members, g->cap);
	}
	g->members[g->n_members++] = c;
	c->cc.group = g;
}

void tcp_conn_set_trace_ids(tcp_conn *c, uint32_t conn_id, uint32_t subflow_id)
{
	c->trace_conn_id = conn_id;
	c->trace_subflow_id = subflow_id;
}

void tcp_conn_set_streams(tcp_conn *c, uint64_t send_stream, uint64_t recv_stream)
{
	c->snd_stream = send_stream;
	c->rcv_stream = recv_stream;
	c->streams_set = true;
}

/* Callbacks and output at the end of the outermost entry point. */

static void dispatch(tcp_conn *c, sim_time_t now)
{
	while (c->ev) {
		if (c->state == TCP_CLOSED && !(c->ev & TCP_EV_CLOSED)) {
			c->ev = 0; /* the application aborted from a callback */
			break;
		}
		if (c->ev & TCP_EV_CONNECTED) {
			c->ev &= ~(unsigned)TCP_EV_CONNECTED;
			if (c->cb.on_connected)
				c->cb.on_connected(c->cb_ctx, c, now);
		} else if (c->ev & TCP_EV_DATA) {
			uint64_t off = c->ev_data_off, len = c->ev_data_len;
			bool intact = c->ev_data_intact;
			c->ev &= ~(unsigned)TCP_EV_DATA;
			c->ev_data_len = 0;
			if (c->cb.on_data)
				c->cb.on_data(c->cb_ctx, c, off, len, intact, now);
		} else if (c->ev & TCP_EV_PEER_FIN) {
			c->ev &= ~(unsigned)TCP_EV_PEER_FIN;
			if (c->cb.on_peer_fin)
				c->cb.on_peer_fin(c->cb_ctx, c, now);
		} else if (c->ev & TCP_EV_SEND_SPACE) {
			c->ev &= ~(unsigned)TCP_EV_SEND_SPACE;
			uint64_t space = tcp_conn_send_space(c);
			if (c->cb.on_send_space && space)
				c->cb.on_send_space(c->cb_ctx, c, space, now);
		} else {
			c->ev = 0;
			if (c->cb.on_closed)
				c->cb.on_closed(c->cb_ctx, c, c->ev_close_reason, now);
		}
	}
}

void tcp_enter(tcp_conn *c)
{
	c->busy++;
}

void tcp_leave(tcp_conn *c, sim_time_t now)
{
	if (c->busy == 1) {
		dispatch(c, now);
		if (c->state != TCP_CLOSED)
			tcp_output(c, now);
		tcp_trace_window(c, now);
	}
	c->busy--;
}

/* State changes. */

void tcp_trace(const tcp_conn *c, sim_time_t now, trace_metric m, int64_t value)
{
	proto_env_trace(&c->env, now, c->trace_conn_id, c->trace_subflow_id, m, value);
}

void tcp_trace_window(tcp_conn *c, sim_time_t now)
{
	if (!c->env.trace || !c->cc_started)
		return;
	if (c->cc.cwnd_bytes != c->traced_cwnd) {
		c->traced_cwnd = c->cc.cwnd_bytes;
		tcp_trace(c, now, TRACE_CWND_BYTES, c->cc.cwnd_bytes);
	}
	if (c->cc.ssthresh_bytes != c->traced_ssthresh) {
		c->traced_ssthresh = c->cc.ssthresh_bytes;
		tcp_trace(c, now, TRACE_SSTHRESH_BYTES, c->cc.ssthresh_bytes);
	}
	uint64_t flight = tcp_txq_pipe(&c->txq);
	if (flight != c->traced_flight) {
		c->traced_flight = flight;
		tcp_trace(c, now, TRACE_BYTES_IN_FLIGHT, (int64_t)flight);
	}
}

void tcp_set_state(tcp_conn *c, tcp_state s, sim_time_t now)
{
	if (c->state == s)
		return;
	c->state = s;
	tcp_trace(c, now, TRACE_STATE, (int64_t)s);
}

void tcp_close_with(tcp_conn *c, tcp_close_reason reason, sim_time_t now)
{
	if (c->state == TCP_CLOSED)
		return;
	tcp_set_state(c, TCP_CLOSED, now);
	c->rto_at = c->delack_at = c->persist_at = c->timewait_at = c->pace_at = SIM_TIME_NEVER;
	c->ack_now = false;
	c->ev |= TCP_EV_CLOSED;
	c->ev_close_reason = reason;
}

void tcp_enter_time_wait(tcp_conn *c, sim_time_t now)
{
	tcp_set_state(c, TCP_TIME_WAIT, now);
	c->rto_at = c->persist_at = c->pace_at = SIM_TIME_NEVER;
	/* RFC 9293 §3.10.7.4: start (or restart) the 2 MSL timeout */
	c->timewait_at = now + c->cfg.time_wait_ns;
}

void tcp_established(tcp_conn *c, sim_time_t now)
{
	tcp_set_state(c, TCP_ESTABLISHED, now);
	if (c->ext && c->ext->mss_reserve && !c->cc_started) {
		/* Room for the extension's options on every full segment, in whole 32-bit words. */
		uint32_t reserve = (c->ext->mss_reserve(c->ext_ctx, c) + 3u) & ~3u;
		c->snd_mss = c->snd_mss > reserve + 32 ? c->snd_mss - reserve : 32;
	}
	c->txq.mss = c->snd_mss;
	if (!c->cc_started) {
		/* RFC 6928 §2 initial window; RFC 5681 §3.1: one segment if the SYN or SYN-ACK was lost */
		uint32_t iw = c->syn_retx ? 1 : c->cfg.initial_cwnd_segments;
		c->cc.mss_bytes = c->snd_mss;
		c->cc.initial_cwnd_bytes = iw * c->snd_mss;
		c->cc.cwnd_bytes = c->cc.initial_cwnd_bytes;
		c->cc.ssthresh_bytes = UINT32_MAX;
		tcp_cc_sync(c);
		c->cc_ops->init(&c->cc, now);
		c->cc_started = true;
		tcp_clamp_cwnd(c);
	}
	/* RFC 6298 §5.7: a lost SYN leaves RTO at 3 s until a measurement is made */
	if (c->syn_retx && !c->rtt.has_sample && c->rtt.rto_ns < SIM_S(3))
		c->rtt.rto_ns = SIM_S(3);
	c->ev |= TCP_EV_CONNECTED;
	if (c->fin_queued)
		tcp_set_state(c, TCP_FIN_WAIT_1, now);
}

void tcp_cc_sync(tcp_conn *c)
{
	tcp_cc_state *cc = &c->cc;
	cc->mss_bytes = c->snd_mss;
	uint64_t flight = c->snd_nxt - c->snd_una, pipe = tcp_txq_pipe(&c->txq);
	cc->flight_size_bytes = flight > UINT32_MAX ? UINT32_MAX : (uint32_t)flight;
	cc->pipe_bytes = pipe > UINT32_MAX ? UINT32_MAX : (uint32_t)pipe;
	cc->snd_una = c->snd_una;
	cc->snd_nxt = c->snd_nxt;
	cc->srtt_ns = c->rtt.has_sample ? c->rtt.srtt_ns : 0;
	cc->min_rtt_ns = c->rtt.has_sample ? c->rtt.min_rtt_ns : 0;
	/* Linux tcp_is_cwnd_limited(): in slow start, a window not yet twice what was used counts */
	if (c->cwnd_limited)
		cc->cwnd_limited = true;
	else if (cc->cwnd_bytes < cc->ssthresh_bytes)
		cc->cwnd_limited = (uint64_t)cc->cwnd_bytes < 2 * c->max_flight_bytes;
	else
		cc->cwnd_limited = false;
}

void tcp_clamp_cwnd(tcp_conn *c)
{
	if (c->cc.cwnd_bytes < c->snd_mss)
		c->cc.cwnd_bytes = c->snd_mss;
	if (c->cc.cwnd_bytes > TCP_CWND_MAX_BYTES)
		c->cc.cwnd_bytes = TCP_CWND_MAX_BYTES;
}

uint32_t tcp_ts_now(const tcp_conn *c, sim_time_t now)
{
	return c->ts_offset + (uint32_t)(uint64_t)(now / TCP_TS_TICK_NS);
}

/* Application calls. */

bool tcp_conn_connect(tcp_conn *c, sim_time_t now)
{
	if (c->state != TCP_CLOSED || c->snd_nxt != 0)
		return false;
	tcp_enter(c);
	uint64_t r = c->env.random_u64 ? c->env.random_u64(c->env.ctx) : 0;
	/* RFC 9293 §3.4.1 wants unpredictable ISNs; RFC 7323 §5.4 a random timestamp offset */
	c->iss = (uint32_t)r;
	c->ts_offset = (uint32_t)(r >> 32);
	if (!c->streams_set)
		c->snd_stream = c->iss;
	c->snd_end = 1;
	tcp_set_state(c, TCP_SYN_SENT, now);
	tcp_send_syn(c, false, now);
	tcp_leave(c, now);
	return true;
}

bool tcp_conn_listen(tcp_conn *c)
{
	if (c->state != TCP_CLOSED || c->snd_nxt != 0)
		return false;
	c->state = TCP_LISTEN;
	return true;
}

void tcp_conn_send_ack(tcp_conn *c, sim_time_t now)
{
	tcp_enter(c);
	switch (c->state) {
	case TCP_CLOSED:
	case TCP_LISTEN:
	case TCP_SYN_SENT:
		break;
	default:
		c->ack_now = true;
		break;
	}
	tcp_leave(c, now);
}

static bool can_queue(const tcp_conn *c)
{
	if (c->fin_queued)
		return false;
	switch (c->state) {
	case TCP_SYN_SENT:
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
		return true;
	default:
		return false;
	}
}

uint64_t tcp_conn_send_space(const tcp_conn *c)
{
	if (!can_queue(c))
		return 0;
	uint64_t una = c->snd_una > 1 ? c->snd_una : 1;
	uint64_t queued = c->snd_end > una ? c->snd_end - una : 0;
	return queued >= c->cfg.sndbuf_bytes ? 0 : c->cfg.sndbuf_bytes - queued;
}

uint64_t tcp_conn_send(tcp_conn *c, uint64_t bytes, sim_time_t now)
{
	uint64_t space = tcp_conn_send_space(c);
	uint64_t n = bytes < space ? bytes : space;
	if (!n)
		return 0;
	tcp_enter(c);
	c->snd_end += n;
	tcp_leave(c, now);
	return n;
}

uint64_t tcp_conn_read(tcp_conn *c, uint64_t bytes, sim_time_t now)
{
	uint64_t unread = tcp_rcv_unread(c);
	uint64_t n = bytes < unread ? bytes : unread;
	if (!n)
		return 0;
	tcp_enter(c);
	c->rcv_read += n;
	tcp_rcv_consumed(c, now);
	tcp_leave(c, now);
	return n;
}

void tcp_conn_close(tcp_conn *c, sim_time_t now)
{
	tcp_enter(c);
	/* RFC 9293 §3.10.4 CLOSE call */
	switch (c->state) {
	case TCP_SYN_SENT:
		tcp_set_state(c, TCP_CLOSED, now);
		c->rto_at = SIM_TIME_NEVER;
		break;
	case TCP_SYN_RECEIVED:
		c->fin_queued = true; /* FIN-WAIT-1 once established */
		break;
	case TCP_ESTABLISHED:
		c->fin_queued = true;
		tcp_set_state(c, TCP_FIN_WAIT_1, now);
		break;
	case TCP_CLOSE_WAIT:
		c->fin_queued = true;
		tcp_set_state(c, TCP_LAST_ACK, now);
		break;
	default:
		break;
	}
	tcp_leave(c, now);
}

void tcp_conn_abort(tcp_conn *c, sim_time_t now)
{
	tcp_enter(c);
	/* RFC 9293 §3.10.5 ABORT call: a RST from the synchronized states that still talk */
	switch (c->state) {
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
	case TCP_FIN_WAIT_1:
	case TCP_FIN_WAIT_2:
	case TCP_CLOSE_WAIT:
		tcp_send_rst(c, now);
		break;
	default:
		break;
	}
	if (c->state != TCP_CLOSED) {
		tcp_close_with(c, TCP_CLOSE_ABORTED, now);
		c->ev &= ~(unsigned)TCP_EV_CLOSED; /* the application knows */
	}
	tcp_leave(c, now);
}

/* Timers. */

sim_time_t tcp_conn_next_deadline(const tcp_conn *c)
{
	sim_time_t t = c->rto_at;
	if (c->delack_at < t)
		t = c->delack_at;
	if (c->persist_at < t)
		t = c->persist_at;
	if (c->timewait_at < t)
		t = c->timewait_at;
	if (c->pace_at < t)
		t = c->pace_at;
	return t;
}

void tcp_conn_on_timer(tcp_conn *c, sim_time_t now)
{
	tcp_enter(c);
	if (c->timewait_at <= now) {
		c->timewait_at = SIM_TIME_NEVER;
		tcp_close_with(c, TCP_CLOSE_NORMAL, now);
	}
	if (c->state != TCP_CLOSED && c->rto_at <= now) {
		c->rto_at = SIM_TIME_NEVER;
		tcp_rto_fire(c, now);
	}
	if (c->state != TCP_CLOSED && c->persist_at <= now) {
		c->persist_at = SIM_TIME_NEVER;
		/* RFC 9293 §3.8.6.1: probe the zero window, backing off exponentially */
		tcp_send_probe(c, now);
		c->persist_backoff++;
		c->persist_at = now + tcp_persist_interval(c);
	}
	if (c->state != TCP_CLOSED && c->delack_at <= now) {
		c->delack_at = SIM_TIME_NEVER;
		c->ack_now = true;
		c->counters[TCP_CNT_DELAYED_ACKS]++;
	}
	if (c->pace_at <= now)
		c->pace_at = SIM_TIME_NEVER;
	tcp_leave(c, now);
}

/* Queries. */

tcp_state tcp_conn_state(const tcp_conn *c)
{
	return c->state;
}

uint64_t tcp_conn_counter(const tcp_conn *c, tcp_counter which)
{
	return (unsigned)which < TCP_CNT_COUNT ? c->counters[which] : 0;
}

tcp_cc_state *tcp_conn_cc(tcp_conn *c)
{
	return &c->cc;
}

const char *tcp_conn_cc_name(const tcp_conn *c)
{
	return c->cc_ops->name;
}

void tcp_conn_get_tuple(const tcp_conn *c, net_addr *local, uint16_t *local_port, net_addr *remote,
			uint16_t *remote_port)
{
	if (local)
		*local = c->tuple.local;
	if (local_port)
		*local_port = c->tuple.local_port;
	if (remote)
		*remote = c->tuple.remote;
	if (remote_port)
		*remote_port = c->tuple.remote_port;
}

void tcp_conn_get_info(const tcp_conn *c, tcp_info *out)
{
	memset(out, 0, sizeof *out);
	out->state = c->state;
	out->ca_state = c->ca_state;
	out->snd_mss_bytes = c->snd_mss;
	out->cwnd_bytes = c->cc.cwnd_bytes;
	out->ssthresh_bytes = c->cc.ssthresh_bytes;
	out->bytes_in_flight = tcp_txq_pipe(&c->txq);
	out->flight_size_bytes = c->snd_nxt - c->snd_una;
	out->srtt_ns = c->rtt.srtt_ns;
	out->rttvar_ns = c->rtt.rttvar_ns;
	out->rto_ns = tcp_rtt_rto(&c->rtt);
	out->rto_backoff = c->rtt.backoff;
	out->snd_una = c->snd_una;
	out->snd_nxt = c->snd_nxt;
	out->snd_wnd_bytes = c->snd_wnd;
	out->rcv_nxt = c->rcv_nxt;
	out->rcv_wnd_bytes = c->rcv_adv > c->rcv_nxt ? c->rcv_adv - c->rcv_nxt : 0;
	out->rcvbuf_bytes = c->rcvbuf;
	out->unread_bytes = tcp_rcv_unread(c);
	uint64_t una = c->snd_una > 1 ? c->snd_una : 1;
	out->send_queued_bytes = c->snd_end > una ? c->snd_end - una : 0;
	out->iss = c->iss;
	out->irs = c->irs;
	out->snd_wscale = c->snd_wscale;
	out->rcv_wscale = c->rcv_wscale;
	out->sack_ok = c->sack_ok;
	out->ts_ok = c->ts_ok;
	out->ws_ok = c->ws_ok;
}
