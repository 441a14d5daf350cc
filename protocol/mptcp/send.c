/* send.c — the sending side at the data level (RFC 8684 §3.3): DATA_ACK and the peer's window,
 * placing data on subflows through the scheduler, reinjection, MP_FAIL's infinite mapping, the
 * fallen-back stream, stale subflows and the window probe.
 *
 * Data waits at the connection until a subflow's congestion window has room for it, then goes to
 * that subflow's TCP at once with its mapping recorded (subflow.c), so the scheduler decides with
 * fresh state for every window's worth of data, as Linux pushes from the MPTCP socket. Data a
 * closed or stale subflow left unacknowledged (reinjection) goes before new data. A data-level
 * retransmission timer (Linux mptcp_retransmit_timer) sends the oldest unacknowledged data again on
 * an idle subflow when the DATA_ACK does not advance for a connection-level RTO: a subflow that
 * silently fails is not waited for until it goes stale. */
#include "mptcp.h"

#include "mptcp_priv.h"

#include <string.h>

#define MAX_VIEWS 32

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static void trace(const mptcp_conn *c, sim_time_t now, uint32_t sf_id, trace_metric m, int64_t v)
{
	proto_env_trace(&c->st->env, now, c->id, sf_id, m, v);
}

/* ---- DATA_ACK (RFC 8684 §3.3.2) ---- */

void mptcp_conn_data_ack(mptcp_conn *c, mptcp_subflow *sf, uint64_t data_ack, bool ack64, uint64_t wnd_bytes,
			 sim_time_t now)
{
	(void)sf;
	if (c->fallback)
		return;
	uint64_t una_dsn = c->local.idsn + 1 + c->snd_una;
	uint64_t ack_dsn = ack64 ? data_ack : mptcp_expand_seq(una_dsn, (uint32_t)data_ack);
	int64_t diff = (int64_t)(ack_dsn - una_dsn);
	if (diff < 0)
		return; /* old */
	uint64_t ack_off = c->snd_una + (uint64_t)diff;
	uint64_t highest = c->snd_nxt + (c->fin_sent && c->snd_nxt == c->snd_end ? 1u : 0u);
	if (ack_off > highest)
		return; /* acknowledges what was never sent */
	/* RFC 8684 §3.3.4: the window is relative to the DATA_ACK and never shrinks here */
	if (ack_off + wnd_bytes > c->snd_wnd_end)
		c->snd_wnd_end = ack_off + wnd_bytes;
	uint64_t una = min64(ack_off, c->snd_end);
	if (una > c->snd_una) {
		c->snd_una = una;
		tcp_rangeset_trim_below(&c->reinject, una);
		c->ev |= MPTCP_EV_SEND_SPACE;
		trace(c, now, 0, TRACE_BYTES_ACKED, (int64_t)una);
	}
	if (c->fin_sent && ack_off == c->snd_end + 1 && !c->fin_acked) {
		c->fin_acked = true;
		c->fin_rtx_at = SIM_TIME_NEVER;
	}
}

void mptcp_conn_reinject(mptcp_conn *c, uint64_t data_off, uint64_t len)
{
	uint64_t lo = data_off > c->snd_una ? data_off : c->snd_una;
	uint64_t hi = min64(data_off + len, c->snd_nxt);
	if (hi > lo)
		tcp_rangeset_add(&c->reinject, lo, hi, NULL, NULL);
	if (hi > lo)
		c->allow_infinite_fallback = false;
}

void mptcp_conn_mp_fail_received(mptcp_conn *c, mptcp_subflow *sf, uint64_t dsn, sim_time_t now)
{
	MIB_INC(c, MPTCP_MIB_MPFAILRX);
	if (c->fallback)
		return;
	uint64_t off = dsn - (c->local.idsn + 1);
	if (off < c->snd_una)
		off = c->snd_una;
	if (off > c->snd_nxt)
		off = c->snd_nxt;
	if (c->allow_infinite_fallback && mptcp_conn_single_subflow(c) == sf && sf->tcp) {
		/* RFC 8684 §3.7: one subflow: answer with an infinite mapping from the failed DSN and
		 * carry on as TCP; the data from there is sent again under it */
		sf->tx_infinite = true;
		sf->tx_inf_sf_off = sf->tx_queued;
		sf->tx_inf_data_off = off;
		sf->tx_inf_write = true;
		c->snd_nxt = off;
		tcp_rangeset_trim_below(&c->reinject, UINT64_MAX);
		c->fallback = true;
		c->fully_established = false;
		if (!sf->rx_infinite && !sf->mp_fail_awaiting)
			mptcp_recv_continue_infinite(sf);
		trace(c, now, 0, TRACE_STATE, 3);
		return;
	}
	/* several subflows: the peer resets this one; its data, from the failed DSN, goes again */
	mptcp_conn_reinject(c, off, c->snd_nxt - off);
}

/* ---- sending ---- */

static bool subflow_view(mptcp_subflow *sf, sched_subflow *v)
{
	if (!sf->tcp || sf->closed)
		return false;
	tcp_info in;
	tcp_conn_get_info(sf->tcp, &in);
	memset(v, 0, sizeof *v);
	v->id = sf->id;
	v->active = mptcp_subflow_usable(sf) && !sf->stale;
	v->backup = sf->backup || sf->peer_backup;
	v->srtt_ns = in.srtt_ns;
	v->mss_bytes = in.snd_mss_bytes;
	v->cwnd_bytes = in.cwnd_bytes;
	v->in_flight_bytes = in.bytes_in_flight;
	v->unsent_bytes = in.send_queued_bytes > in.flight_size_bytes ? in.send_queued_bytes - in.flight_size_bytes : 0;
	uint64_t used = v->in_flight_bytes + v->unsent_bytes;
	v->room_bytes = in.cwnd_bytes > used ? in.cwnd_bytes - used : 0;
	uint64_t space = tcp_conn_send_space(sf->tcp);
	if (v->room_bytes > space)
		v->room_bytes = space;
	v->bytes_sent = sf->bytes_sent;
	v->rto_backoff = in.rto_backoff;
	v->cellular = sf->cellular;
	v->rto_ns = in.rto_ns;
	v->rttvar_ns = in.rttvar_ns;
	return true;
}

static void push_mptcp(mptcp_conn *c, sim_time_t now)
{
	c->wnd_blocked = false;
	for (unsigned guard = 0; guard < 100000; guard++) {
		tcp_rangeset_trim_below(&c->reinject, c->snd_una);
		sched_request req;
		req.wnd_bytes = c->snd_wnd_end > c->snd_una ? c->snd_wnd_end - c->snd_una : 0;
		if (!tcp_rangeset_empty(&c->reinject)) {
			req.data_offset = c->reinject.v[0].start;
			req.bytes = c->reinject.v[0].end - req.data_offset;
			req.reinjection = true;
		} else {
			uint64_t lim = min64(c->snd_end, c->snd_wnd_end);
			if (c->snd_nxt >= lim) {
				c->wnd_blocked = c->snd_nxt < c->snd_end;
				return;
			}
			req.data_offset = c->snd_nxt;
			req.bytes = lim - c->snd_nxt;
			req.reinjection = false;
		}
		sched_subflow views[MAX_VIEWS];
		mptcp_subflow *sfs[MAX_VIEWS];
		size_t n = 0;
		for (guint i = 0; i < c->subflows->len && n < MAX_VIEWS; i++) {
			mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
			if (subflow_view(sf, &views[n]))
				sfs[n++] = sf;
		}
		uint32_t out[MAX_VIEWS];
		size_t k = c->sched->get_send(c->sched_priv, &req, views, n, out, MAX_VIEWS);
		if (k == 0 || out[0] >= n || !sched_subflow_has_room(&views[out[0]], req.bytes))
			return;
		const sched_subflow *v = &views[out[0]];
		uint64_t len = req.bytes;
		if (len > v->room_bytes)
			len = v->room_bytes / v->mss_bytes * v->mss_bytes;
		uint64_t took = mptcp_subflow_queue(sfs[out[0]], req.data_offset, len, req.reinjection, now);
		if (!took)
			return;
		/* further subflows carry copies (a redundant scheduler) */
		for (size_t j = 1; j < k && j < n; j++) {
			if (out[j] >= n || out[j] == out[0] || !sched_subflow_has_room(&views[out[j]], took))
				continue;
			mptcp_subflow_queue(sfs[out[j]], req.data_offset, min64(took, views[out[j]].room_bytes), true, now);
		}
		if (req.reinjection) {
			tcp_rangeset_trim_below(&c->reinject, req.data_offset + took);
			c->bytes_reinjected += took;
			MIB_INC(c, MPTCP_MIB_RETRANSSEGS);
			trace(c, now, sfs[out[0]]->id, TRACE_REINJECT_BYTES, (int64_t)took);
		} else {
			c->snd_nxt += took;
		}
	}
}

/* Fallen back: the data level is the TCP stream of the one subflow (RFC 8684 §3.7). */
static void sync_fallback(mptcp_conn *c, mptcp_subflow *sf, sim_time_t now)
{
	tcp_info in;
	tcp_conn_get_info(sf->tcp, &in);
	uint64_t acked = in.snd_una > 1 ? in.snd_una - 1 : 0; /* subflow data bytes acknowledged */
	if (acked > sf->tx_queued)
		acked = sf->tx_queued; /* the FIN */
	uint64_t una = c->snd_una;
	if (sf->tx_infinite && acked >= sf->tx_inf_sf_off) {
		una = sf->tx_inf_data_off + (acked - sf->tx_inf_sf_off);
	} else {
		uint64_t d, run;
		/* below the anchor, a mapping counts only up to it (beyond lies data sent again) */
		if (acked > 0 && mptcp_subflow_tx_lookup(sf, acked - 1, &d, &run) &&
		    (!sf->tx_infinite || d + 1 <= sf->tx_inf_data_off))
			una = d + 1;
	}
	if (una > c->snd_una && una <= c->snd_end) {
		c->snd_una = una;
		c->ev |= MPTCP_EV_SEND_SPACE;
		trace(c, now, 0, TRACE_BYTES_ACKED, (int64_t)una);
	}
	if (c->fin_sent && !c->fin_acked && c->snd_una == c->snd_end &&
	    (in.state == TCP_FIN_WAIT_2 || in.state == TCP_TIME_WAIT || in.state == TCP_CLOSED))
		c->fin_acked = true;
}

static void push_fallback(mptcp_conn *c, sim_time_t now)
{
	mptcp_subflow *sf = mptcp_conn_single_subflow(c);
	if (!sf || !sf->tcp || !sf->established)
		return;
	sync_fallback(c, sf, now);
	if (c->snd_nxt < c->snd_end) {
		uint64_t took = mptcp_subflow_queue(sf, c->snd_nxt, c->snd_end - c->snd_nxt, false, now);
		c->snd_nxt += took;
	}
	if (c->fin_queued && c->snd_nxt == c->snd_end && !c->fin_sent) {
		/* the DATA_FIN is the TCP FIN */
		c->fin_sent = true;
		mptcp_subflow_close(sf, now);
	}
}

/* A subflow found stuck by the data-level timer that brings something new again starts its count
 * over, and a stale one that delivers again (its retransmission timer reset by an ACK of new data)
 * is used again (Linux mptcp_subflow_set_active, which Linux does at the next timer expiry; here as
 * soon as the ACK arrives, so that a recovered path's leftover count never hands data to a backup
 * early). */
static void check_recovered(mptcp_conn *c)
{
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (!sf->stale_count || !mptcp_subflow_usable(sf))
			continue;
		tcp_info in;
		tcp_conn_get_info(sf->tcp, &in);
		if (in.snd_una == sf->stale_una && in.rcv_nxt == sf->stale_rcv)
			continue;
		if (sf->stale && in.rto_backoff)
			continue;
		sf->stale_count = 0;
		if (sf->stale) {
			sf->stale = false;
			MIB_INC(c, MPTCP_MIB_SUBFLOWRECOVER);
		}
	}
}

/* Linux mptcp_pm_subflow_chk_stale, at each expiry of the data-level timer for a subflow with data
 * outstanding at the TCP level: count the expiries in a row during which nothing arrived on it
 * (Linux compares tcp_sock.rcv_tstamp; here the subflow's snd_una and rcv_nxt, which move with
 * every segment that brings something new). Past net.mptcp.stale_loss_cnt expiries, while another
 * active subflow is not itself stuck that long (Linux mptcp_pm_nl_subflow_chk_stale: fewer than
 * max(stale_loss_cnt - 1, 1)), the subflow is stale: the schedulers skip it and its data goes on
 * the others (reinjection). */
static void check_stale(mptcp_conn *c, mptcp_subflow *sf, const tcp_info *in)
{
	if (!sf->stale_count || in->snd_una != sf->stale_una || in->rcv_nxt != sf->stale_rcv) {
		bool moved = sf->stale_count > 0;
		sf->stale_una = in->snd_una;
		sf->stale_rcv = in->rcv_nxt;
		sf->stale_count = moved ? 0 : 1;
		if (moved && sf->stale) {
			sf->stale = false;
			MIB_INC(c, MPTCP_MIB_SUBFLOWRECOVER);
		}
		return;
	}
	if (sf->stale_count < UINT8_MAX)
		sf->stale_count++;
	uint32_t limit = c->cfg.stale_loss_cnt;
	if (sf->stale || !limit || sf->stale_count <= limit)
		return;
	uint32_t active_max = limit > 2 ? limit - 1 : 1;
	for (guint j = 0; j < c->subflows->len; j++) {
		mptcp_subflow *o = g_ptr_array_index(c->subflows, j);
		if (o != sf && !o->stale && mptcp_subflow_usable(o) && o->stale_count < active_max) {
			sf->stale = true;
			MIB_INC(c, MPTCP_MIB_SUBFLOWSTALE);
			mptcp_subflow_reinject(sf);
			return;
		}
	}
}

/* RFC 8684 §3.3.4 leaves a closed window to the sender: as TCP's persist timer (RFC 9293
 * §3.8.6.1), when nothing is in flight to bring a window update, a byte goes beyond the window
 * after an RTO, backing off, so that the peer answers with its window. */
static void window_probe(mptcp_conn *c, sim_time_t now)
{
	if (!c->wnd_blocked || c->snd_una != c->snd_nxt) {
		c->probe_at = SIM_TIME_NEVER;
		c->probe_backoff = 0;
		return;
	}
	if (c->probe_at != SIM_TIME_NEVER)
		return;
	sim_time_t rto = mptcp_conn_subflow_rto_max(c);
	if (rto < MPTCP_DATA_FIN_RTO_MIN_NS)
		rto = MPTCP_DATA_FIN_RTO_MIN_NS;
	c->probe_at = now + (rto << (c->probe_backoff < 6 ? c->probe_backoff : 6));
}

/* ---- data-level retransmission timer (RFC 8684 §3.3.6, Linux mptcp_retransmit_timer) ---- */

/* The connection-level RTO: the largest RTO of the subflows that may carry data, without their
 * own backoff (Linux derives it from the subflows' retransmission timers, leaving out those already
 * found stuck: mptcp_timeout_from_subflow), at least MPTCP_RTX_MIN_NS (TCP_RTO_MIN), doubled per
 * expiry without progress. */
static sim_time_t rtx_timeout(const mptcp_conn *c)
{
	sim_time_t rto = 0;
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (!mptcp_subflow_usable(sf) || sf->stale || sf->stale_count)
			continue;
		tcp_info in;
		tcp_conn_get_info(sf->tcp, &in);
		sim_time_t base = in.rto_ns >> (in.rto_backoff < 16 ? in.rto_backoff : 16);
		if (base > rto)
			rto = base;
	}
	if (rto < MPTCP_RTX_MIN_NS)
		rto = MPTCP_RTX_MIN_NS;
	uint32_t b = c->rtx_backoff < MPTCP_RTX_BACKOFF_MAX ? c->rtx_backoff : MPTCP_RTX_BACKOFF_MAX;
	return rto << b;
}

/* New data the scheduler holds back although the peer's window takes it: every subflow it would
 * use is full (a primary in timeout keeps a window of one segment). Linux queues such data on the
 * chosen subflow at once, where the data-level timer covers it; here it waits at the connection,
 * so the timer covers it there. */
static bool new_data_held(const mptcp_conn *c)
{
	return c->snd_nxt < min64(c->snd_end, c->snd_wnd_end);
}

/* Linux __mptcp_clean_una / mptcp_reset_rtx_timer: armed while data is unacknowledged at the data
 * level (or held back, new_data_held), restarted (and its backoff cleared) whenever the DATA_ACK
 * advances, stopped when all is acknowledged. */
static void rtx_arm(mptcp_conn *c, sim_time_t now)
{
	if (c->snd_una >= c->snd_nxt && !new_data_held(c)) {
		c->rtx_at = SIM_TIME_NEVER;
		c->rtx_backoff = 0;
		c->rtx_una = c->snd_una;
		return;
	}
	if (c->snd_una != c->rtx_una) {
		c->rtx_una = c->snd_una;
		c->rtx_backoff = 0;
		c->rtx_at = SIM_TIME_NEVER;
	}
	if (c->rtx_at == SIM_TIME_NEVER)
		c->rtx_at = now + rtx_timeout(c);
}

/* Linux mptcp_subflow_get_retrans: an active, non-stale subflow with nothing outstanding at the
 * TCP level (a busy one would queue the copy behind what is stuck; its stuck count is updated
 * instead, check_stale), the lowest RTT first, ties to the older one. A backup only when no other
 * subflow is idle and every busy one has been stuck for more than one expiry: Linux "use backup
 * only if there are no progresses anywhere" (min stale_count > 1), so a backup takes over from a
 * blackholed primary after about two data-level RTOs, before the primary is declared stale. */
static mptcp_subflow *rtx_subflow(mptcp_conn *c, sched_subflow *view)
{
	mptcp_subflow *best = NULL, *backup = NULL;
	sched_subflow backup_view = { 0 };
	sim_time_t best_srtt = 0, backup_srtt = 0;
	unsigned min_stale = UINT8_MAX;
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		sched_subflow v;
		if (!subflow_view(sf, &v) || !v.active)
			continue;
		tcp_info in;
		tcp_conn_get_info(sf->tcp, &in);
		if (v.in_flight_bytes || v.unsent_bytes || in.send_queued_bytes) {
			check_stale(c, sf, &in);
			if (sf->stale_count < min_stale)
				min_stale = sf->stale_count;
			continue;
		}
		if (!v.room_bytes)
			continue;
		if (v.backup) {
			if (!backup || v.srtt_ns < backup_srtt) {
				backup_srtt = v.srtt_ns;
				backup = sf;
				backup_view = v;
			}
			continue;
		}
		if (!best || v.srtt_ns < best_srtt) {
			best_srtt = v.srtt_ns;
			best = sf;
			*view = v;
		}
	}
	if (best)
		return best;
	if (backup && min_stale > 1) {
		*view = backup_view;
		return backup;
	}
	return NULL;
}

void mptcp_send_rtx_timer(mptcp_conn *c, sim_time_t now)
{
	bool unacked = c->snd_una < c->snd_nxt;
	if (c->fallback || (!unacked && !new_data_held(c)))
		return;
	if (c->rtx_backoff < MPTCP_RTX_BACKOFF_MAX)
		c->rtx_backoff++;
	tcp_rangeset_trim_below(&c->reinject, c->snd_una);
	if (unacked && !tcp_rangeset_empty(&c->reinject) && c->reinject.v[0].start == c->snd_una)
		return; /* already waiting to go again */
	sched_subflow v;
	mptcp_subflow *sf = rtx_subflow(c, &v);
	if (!sf)
		return;
	/* RFC 8684 §3.3.6: the oldest unacknowledged data only (or, with nothing unacknowledged, the
	 * data held back), one window's worth of the idle subflow at most (Linux retransmits the head
	 * fragment once per expiry) */
	uint64_t from = unacked ? c->snd_una : c->snd_nxt;
	uint64_t len = unacked ? c->snd_nxt - c->snd_una : min64(c->snd_end, c->snd_wnd_end) - c->snd_nxt;
	if (len > v.room_bytes)
		len = v.room_bytes / v.mss_bytes * v.mss_bytes;
	if (!len)
		return;
	uint64_t took = mptcp_subflow_queue(sf, from, len, unacked, now);
	if (!took)
		return;
	if (!unacked) {
		c->snd_nxt += took;
		return;
	}
	c->allow_infinite_fallback = false;
	c->bytes_reinjected += took;
	MIB_INC(c, MPTCP_MIB_RETRANSSEGS);
	trace(c, now, sf->id, TRACE_REINJECT_BYTES, (int64_t)took);
}

void mptcp_send_push(mptcp_conn *c, sim_time_t now)
{
	if (c->fallback) {
		c->rtx_at = SIM_TIME_NEVER;
		push_fallback(c, now);
		return;
	}
	check_recovered(c);
	push_mptcp(c, now);
	window_probe(c, now);
	rtx_arm(c, now);
}
