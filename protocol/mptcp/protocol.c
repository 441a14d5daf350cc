/* protocol.c — an MPTCP connection at the data level: lifecycle, keys, application calls,
 * DATA_FIN and closing, fallback, MP_FASTCLOSE, timers (RFC 8684 §3.1, §3.3.3, §3.5, §3.7); the
 * sending machinery is in send.c.
 *
 * Every entry point brackets its work with mptcp_conn_enter()/_leave(). Leaving the outermost one
 * does the connection's deferred work until nothing changes: release the TCP connections of closed
 * subflows, place waiting data on subflows (the scheduler decides), send pending signals on pure
 * ACKs, close when both DATA_FINs are done, and make the application's callbacks, which may call
 * back into the connection. Subflow events (TCP callbacks, options) only record what happened. */
#include "mptcp.h"

#include "mptcp_priv.h"
#include "registry.h"

#include <string.h>

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static void trace(const mptcp_conn *c, sim_time_t now, uint32_t sf_id, trace_metric m, int64_t v)
{
	proto_env_trace(&c->st->env, now, c->id, sf_id, m, v);
}

/* ---- lifecycle ---- */

mptcp_conn *mptcp_conn_new(mptcp_stack *st, bool server_side, const mptcp_callbacks *cb, void *ctx)
{
	mptcp_conn *c = g_new0(mptcp_conn, 1);
	c->st = st;
	c->id = st->next_conn_id++;
	c->cfg = st->cfg;
	if (cb)
		c->cb = *cb;
	c->cb_ctx = ctx;
	c->server_side = server_side;
	c->allow_infinite_fallback = true;
	tcp_rangeset_init(&c->reinject);
	tcp_rangeset_init(&c->ooo);
	tcp_rangeset_init(&c->corrupt);
	c->subflows = g_ptr_array_new();
	tcp_cc_group_init(&c->cc_group);
	c->next_sf_id = 1;
	c->ev_subflow = g_array_new(FALSE, FALSE, sizeof(mptcp_sf_event));
	c->fin_rtx_at = SIM_TIME_NEVER;
	c->probe_at = SIM_TIME_NEVER;
	c->rtx_at = SIM_TIME_NEVER;
	c->sched = registry_find((const void *const *)sched_all, c->cfg.scheduler, "scheduler", NULL);
	g_assert(c->sched); /* checked by mptcp_stack_new */
	c->sched_priv = c->sched->init ? c->sched->init() : NULL;
	bool ok = mptcp_pm_init(c, c->cfg.path_manager, NULL);
	g_assert(ok);
	g_ptr_array_add(st->conns, c);
	return c;
}

void mptcp_conn_free(mptcp_conn *c)
{
	if (!c)
		return;
	g_assert(c->busy == 0);
	mptcp_stack_token_remove(c->st, c);
	for (guint i = 0; i < c->subflows->len; i++)
		mptcp_subflow_free(g_ptr_array_index(c->subflows, i));
	g_ptr_array_free(c->subflows, TRUE);
	tcp_cc_group_fini(&c->cc_group); /* its members have left it as their TCPs were freed */
	if (c->sched->release)
		c->sched->release(c->sched_priv);
	mptcp_pm_fini(c);
	tcp_rangeset_fini(&c->reinject);
	tcp_rangeset_fini(&c->ooo);
	tcp_rangeset_fini(&c->corrupt);
	g_array_free(c->ev_subflow, TRUE);
	g_free(c);
}

void mptcp_conn_set_callbacks(mptcp_conn *c, const mptcp_callbacks *cb, void *ctx)
{
	if (cb)
		c->cb = *cb;
	else
		memset(&c->cb, 0, sizeof c->cb);
	c->cb_ctx = ctx;
}

static bool token_in_use(void *ctx, uint32_t token)
{
	return mptcp_stack_token_in_use(ctx, token);
}

bool mptcp_conn_keygen(mptcp_conn *c)
{
	/* RFC 8684 §3.1: a key whose token no other connection of this host uses */
	if (!mptcp_crypto_key_gen(c->version, c->st->env.random_u64, c->st->env.ctx, token_in_use, c->st, &c->local))
		return false;
	c->local_key_valid = true;
	mptcp_stack_token_add(c->st, c);
	return true;
}

/* The version may still change on a client (a v0 answer to a v1 SYN): hashes follow it. */
static void rehash_keys(mptcp_conn *c)
{
	if (c->local_key_valid) {
		mptcp_stack_token_remove(c->st, c);
		mptcp_crypto_key_sha(c->version, c->local.key, &c->local.token, &c->local.idsn);
		mptcp_stack_token_add(c->st, c);
	}
	if (c->remote_key_valid)
		mptcp_crypto_key_sha(c->version, c->remote_key, &c->remote_token, &c->remote_idsn);
}

void mptcp_conn_set_remote_key(mptcp_conn *c, uint64_t key)
{
	c->remote_key = key;
	c->remote_key_valid = true;
	rehash_keys(c);
}

/* ---- queries used by the other files ---- */

mptcp_subflow *mptcp_conn_find_subflow(const mptcp_conn *c, uint32_t id)
{
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (sf->id == id)
			return sf;
	}
	return NULL;
}

uint32_t mptcp_conn_open_subflows(const mptcp_conn *c)
{
	uint32_t n = 0;
	for (guint i = 0; i < c->subflows->len; i++)
		n += !((mptcp_subflow *)g_ptr_array_index(c->subflows, i))->closed;
	return n;
}

mptcp_subflow *mptcp_conn_carrier(mptcp_conn *c)
{
	/* the oldest usable non-backup subflow, else the oldest usable backup */
	mptcp_subflow *backup = NULL;
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (!mptcp_subflow_usable(sf))
			continue;
		if (!sf->backup && !sf->peer_backup)
			return sf;
		if (!backup)
			backup = sf;
	}
	return backup;
}

sim_time_t mptcp_conn_subflow_rto_max(const mptcp_conn *c)
{
	sim_time_t m = 0;
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (!sf->tcp || sf->closed)
			continue;
		tcp_info in;
		tcp_conn_get_info(sf->tcp, &in);
		if (in.rto_ns > m)
			m = in.rto_ns;
	}
	return m;
}

uint64_t mptcp_conn_data_ack_value(const mptcp_conn *c)
{
	/* RFC 8684 §3.3.2: the next DSN expected; a DATA_FIN takes one */
	return c->remote_idsn + 1 + c->rcv_nxt + (c->rcv_fin ? 1u : 0u);
}

bool mptcp_conn_data_fin_ready(const mptcp_conn *c)
{
	return c->fin_queued && !c->fin_acked && c->snd_nxt == c->snd_end && tcp_rangeset_empty(&c->reinject) &&
	       !c->fallback;
}

void mptcp_conn_data_fin_written(mptcp_conn *c, sim_time_t now)
{
	c->fin_sent = true;
	if (c->fin_rtx_at == SIM_TIME_NEVER && !c->fin_acked) {
		sim_time_t rto = mptcp_conn_subflow_rto_max(c);
		c->fin_rtx_at = now + (rto > MPTCP_DATA_FIN_RTO_MIN_NS ? rto : MPTCP_DATA_FIN_RTO_MIN_NS);
	}
}

void mptcp_conn_subflow_event(mptcp_conn *c, uint32_t id, mptcp_subflow_event ev)
{
	mptcp_sf_event e = { .id = id, .ev = ev };
	g_array_append_val(c->ev_subflow, e);
}

/* ---- state changes ---- */

static void set_closed(mptcp_conn *c, mptcp_close_reason reason, sim_time_t now)
{
	if (c->closed)
		return;
	c->closed = true;
	c->close_reason = reason;
	c->fin_rtx_at = SIM_TIME_NEVER;
	c->probe_at = SIM_TIME_NEVER;
	c->rtx_at = SIM_TIME_NEVER;
	if (reason != MPTCP_CLOSE_ABORTED)
		c->ev |= MPTCP_EV_CLOSED;
	if (c->counted_estab) {
		c->st->mib[MPTCP_MIB_CURRESTAB]--;
		c->counted_estab = false;
	}
	/* no join can find it any more */
	mptcp_stack_token_remove(c->st, c);
	trace(c, now, 0, TRACE_STATE, 0);
}

void mptcp_conn_established(mptcp_conn *c, mptcp_subflow *sf, sim_time_t now)
{
	if (c->established)
		return;
	c->established = true;
	tcp_info in;
	tcp_conn_get_info(sf->tcp, &in);
	c->snd_wnd_end = c->snd_una + in.snd_wnd_bytes;
	c->ev |= MPTCP_EV_CONNECTED;
	c->st->mib[MPTCP_MIB_CURRESTAB]++;
	c->counted_estab = true;
	trace(c, now, 0, TRACE_STATE, c->fallback ? 3 : 1);
}

void mptcp_conn_fully_established(mptcp_conn *c, sim_time_t now)
{
	if (c->fully_established || c->fallback)
		return;
	c->fully_established = true;
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (sf->initial && !sf->fully_established && !sf->closed) {
			sf->fully_established = true;
			mptcp_conn_subflow_event(c, sf->id, MPTCP_SUBFLOW_ESTABLISHED);
		}
	}
	trace(c, now, 0, TRACE_STATE, 2);
	mptcp_pm_established(c, now);
}

mptcp_subflow *mptcp_conn_single_subflow(const mptcp_conn *c)
{
	mptcp_subflow *one = NULL;
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (sf->closed)
			continue;
		if (one)
			return NULL;
		one = sf;
	}
	return one;
}

void mptcp_conn_do_fallback(mptcp_conn *c, sim_time_t now)
{
	/* RFC 8684 §3.7: from here on the single subflow is the connection, as plain TCP. Data
	 * carries on where the last mapping ended (Linux: the implied mapping continues the data
	 * stream), so the infinite mapping is anchored there. */
	if (c->fallback)
		return;
	c->fallback = true;
	c->fully_established = false;
	mptcp_subflow *sf = mptcp_conn_single_subflow(c);
	if (sf && !sf->tx_infinite) {
		sf->tx_infinite = true;
		sf->tx_inf_sf_off = sf->tx_queued;
		sf->tx_inf_data_off = c->snd_nxt;
	}
	if (sf && !sf->rx_infinite && !sf->mp_fail_awaiting)
		mptcp_recv_continue_infinite(sf);
	trace(c, now, 0, TRACE_STATE, 3);
}

/* ---- closing ---- */

static void check_close(mptcp_conn *c, sim_time_t now)
{
	if (c->closed)
		return;
	if (!c->fallback && c->fin_acked && c->rcv_fin) {
		/* RFC 8684 §3.3.3: both DATA_FINs are acknowledged: the subflows close with FINs */
		for (guint i = 0; i < c->subflows->len; i++) {
			mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
			if (!sf->closed && !sf->closing)
				mptcp_subflow_close(sf, now);
		}
	}
	if (c->subflows->len == 0)
		return;
	tcp_close_reason last = TCP_CLOSE_NORMAL;
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (!sf->closed && (!sf->tcp || tcp_conn_state(sf->tcp) != TCP_TIME_WAIT))
			return;
		if (sf->closed)
			last = sf->close_reason;
	}
	bool done = c->fallback ? (c->fin_acked || last == TCP_CLOSE_NORMAL) && c->rcv_fin : c->fin_acked && c->rcv_fin;
	if (done) {
		set_closed(c, MPTCP_CLOSE_NORMAL, now);
		return;
	}
	switch (last) {
	case TCP_CLOSE_REFUSED:
		set_closed(c, MPTCP_CLOSE_REFUSED, now);
		break;
	case TCP_CLOSE_TIMEOUT:
		set_closed(c, MPTCP_CLOSE_TIMEOUT, now);
		break;
	default:
		set_closed(c, MPTCP_CLOSE_RESET, now);
		break;
	}
}

/* ---- signals on pure ACKs ---- */

static void flush_signals(mptcp_conn *c, sim_time_t now)
{
	mptcp_subflow *carrier = mptcp_conn_carrier(c);
	if (carrier && ((mptcp_conn_data_fin_ready(c) && !c->fin_sent) || mptcp_pm_signal_pending(c) || c->ack_pending)) {
		c->ack_pending = false;
		tcp_conn_send_ack(carrier->tcp, now);
	}
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (sf->tcp && !sf->closed && sf->established && (sf->prio_pending || sf->send_mp_fail))
			tcp_conn_send_ack(sf->tcp, now);
	}
}

/* ---- entry and exit ---- */

static void release_closed(mptcp_conn *c)
{
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (sf->closed && !sf->released)
			mptcp_subflow_release(sf);
	}
}

static void progress(mptcp_conn *c, sim_time_t now)
{
	release_closed(c);
	if (!c->closed && c->established && !c->fastclosing) {
		mptcp_send_push(c, now);
		flush_signals(c, now);
	}
	check_close(c, now);
	release_closed(c);
}

static void dispatch(mptcp_conn *c, sim_time_t now)
{
	for (;;) {
		const mptcp_callbacks *cb = &c->cb;
		if (c->ev & MPTCP_EV_ACCEPT) {
			c->ev &= ~(unsigned)MPTCP_EV_ACCEPT;
			if (cb->on_accept)
				cb->on_accept(c->cb_ctx, c, now);
		} else if (c->ev & MPTCP_EV_CONNECTED) {
			c->ev &= ~(unsigned)MPTCP_EV_CONNECTED;
			if (cb->on_connected)
				cb->on_connected(c->cb_ctx, c, now);
		} else if (c->ev_subflow->len) {
			mptcp_sf_event e = g_array_index(c->ev_subflow, mptcp_sf_event, 0);
			g_array_remove_index(c->ev_subflow, 0);
			if (cb->on_subflow)
				cb->on_subflow(c->cb_ctx, c, e.id, e.ev, now);
		} else if (c->ev & MPTCP_EV_DATA) {
			uint64_t off = c->ev_data_off, len = c->ev_data_len;
			bool intact = c->ev_data_intact;
			c->ev &= ~(unsigned)MPTCP_EV_DATA;
			c->ev_data_len = 0;
			if (cb->on_data)
				cb->on_data(c->cb_ctx, c, off, len, intact, now);
		} else if (c->ev & MPTCP_EV_PEER_FIN) {
			c->ev &= ~(unsigned)MPTCP_EV_PEER_FIN;
			if (cb->on_peer_fin)
				cb->on_peer_fin(c->cb_ctx, c, now);
		} else if (c->ev & MPTCP_EV_SEND_SPACE) {
			c->ev &= ~(unsigned)MPTCP_EV_SEND_SPACE;
			uint64_t space = mptcp_conn_send_space(c);
			if (cb->on_send_space && space)
				cb->on_send_space(c->cb_ctx, c, space, now);
		} else if (c->ev & MPTCP_EV_CLOSED) {
			c->ev = 0;
			if (cb->on_closed)
				cb->on_closed(c->cb_ctx, c, c->close_reason, now);
		} else {
			c->ev = 0;
			return;
		}
	}
}

void mptcp_conn_enter(mptcp_conn *c)
{
	c->busy++;
}

void mptcp_conn_leave(mptcp_conn *c, sim_time_t now)
{
	if (c->busy == 1) {
		for (unsigned round = 0; round < 64; round++) {
			progress(c, now);
			if (!c->ev && !c->ev_subflow->len)
				break;
			dispatch(c, now);
		}
	}
	c->busy--;
}

/* ---- application calls ---- */

static bool can_queue(const mptcp_conn *c)
{
	return !c->closed && !c->fin_queued && !c->fastclosing;
}

uint64_t mptcp_conn_send_space(const mptcp_conn *c)
{
	if (!can_queue(c))
		return 0;
	uint64_t queued = c->snd_end - c->snd_una;
	return queued >= c->cfg.sndbuf_bytes ? 0 : c->cfg.sndbuf_bytes - queued;
}

uint64_t mptcp_conn_send(mptcp_conn *c, uint64_t bytes, sim_time_t now)
{
	uint64_t n = min64(bytes, mptcp_conn_send_space(c));
	if (!n)
		return 0;
	mptcp_conn_enter(c);
	c->snd_end += n;
	mptcp_conn_leave(c, now);
	return n;
}

uint64_t mptcp_conn_read(mptcp_conn *c, uint64_t bytes, sim_time_t now)
{
	uint64_t unread = c->rcv_nxt - c->rcv_read;
	uint64_t n = min64(bytes, unread);
	if (!n)
		return 0;
	mptcp_conn_enter(c);
	uint64_t before = mptcp_recv_free(c);
	c->rcv_read += n;
	mptcp_recv_window_update(c, before, now);
	mptcp_conn_leave(c, now);
	return n;
}

void mptcp_conn_close(mptcp_conn *c, sim_time_t now)
{
	if (c->closed || c->fin_queued)
		return;
	mptcp_conn_enter(c);
	c->fin_queued = true;
	mptcp_conn_leave(c, now);
}

void mptcp_conn_abort(mptcp_conn *c, sim_time_t now)
{
	if (c->closed)
		return;
	mptcp_conn_enter(c);
	/* RFC 8684 §3.5: MP_FASTCLOSE on a RST on every subflow (as current Linux), with MP_TCPRST */
	bool fastclose = !c->fallback && c->remote_key_valid;
	c->fastclosing = true;
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (sf->closed || !sf->tcp)
			continue;
		sf->fastclose = fastclose;
		mptcp_subflow_reset(sf, MPTCP_RST_EUNSPEC, now);
	}
	set_closed(c, MPTCP_CLOSE_ABORTED, now);
	mptcp_conn_leave(c, now);
}

void mptcp_conn_fastclose_received(mptcp_conn *c, mptcp_subflow *sf, sim_time_t now)
{
	MIB_INC(c, MPTCP_MIB_MPFASTCLOSERX);
	if (c->closed)
		return;
	c->fastclosing = true;
	/* RFC 8684 §3.5: every subflow is reset; the one it came on by the peer's own RST */
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *o = g_ptr_array_index(c->subflows, i);
		if (o == sf || o->closed || !o->tcp)
			continue;
		mptcp_subflow_reset(o, MPTCP_RST_EUNSPEC, now);
	}
	set_closed(c, MPTCP_CLOSE_FASTCLOSE, now);
}

/* ---- timers ---- */

sim_time_t mptcp_conn_next_deadline(const mptcp_conn *c)
{
	sim_time_t t = c->fin_rtx_at < c->probe_at ? c->fin_rtx_at : c->probe_at;
	if (c->rtx_at < t)
		t = c->rtx_at;
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (!sf->tcp)
			continue;
		sim_time_t d = tcp_conn_next_deadline(sf->tcp);
		if (d < t)
			t = d;
	}
	if (!c->closed) {
		sim_time_t d = mptcp_pm_next_deadline(c);
		if (d < t)
			t = d;
	}
	return t;
}

void mptcp_conn_on_timer(mptcp_conn *c, sim_time_t now)
{
	mptcp_conn_enter(c);
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (sf->tcp && tcp_conn_next_deadline(sf->tcp) <= now) {
			uint64_t rtos = tcp_conn_counter(sf->tcp, TCP_CNT_RTOS);
			tcp_conn_on_timer(sf->tcp, now);
			if (sf->tcp && tcp_conn_counter(sf->tcp, TCP_CNT_RTOS) > rtos)
				mptcp_pm_subflow_rto(c, sf, now);
		}
	}
	if (!c->closed) {
		mptcp_pm_on_timer(c, now);
		if (c->rtx_at <= now) {
			c->rtx_at = SIM_TIME_NEVER;
			mptcp_send_rtx_timer(c, now);
		}
		if (c->probe_at <= now) {
			c->probe_at = SIM_TIME_NEVER;
			c->probe_backoff++;
			if (c->snd_wnd_end <= c->snd_nxt)
				c->snd_wnd_end = c->snd_nxt + 1;
		}
		if (c->fin_rtx_at <= now) {
			c->fin_rtx_at = SIM_TIME_NEVER;
			if (!c->fin_acked && c->fin_rtx_count < MPTCP_DATA_FIN_RETRIES) {
				/* a lone DATA_FIN is not retransmitted by TCP: send it again on every subflow */
				c->fin_rtx_count++;
				for (guint i = 0; i < c->subflows->len; i++) {
					mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
					if (mptcp_subflow_usable(sf))
						tcp_conn_send_ack(sf->tcp, now);
				}
				sim_time_t rto = mptcp_conn_subflow_rto_max(c);
				if (rto < MPTCP_DATA_FIN_RTO_MIN_NS)
					rto = MPTCP_DATA_FIN_RTO_MIN_NS;
				c->fin_rtx_at = now + (rto << (c->fin_rtx_count < 6 ? c->fin_rtx_count : 6));
			}
		}
	}
	mptcp_conn_leave(c, now);
}
