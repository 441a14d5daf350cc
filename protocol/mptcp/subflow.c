/* subflow.c — MPTCP subflows over protocol/tcp: creation, joins, TCP callbacks, the sending side's
 * payload mapping, resets and release (RFC 8684 §3.1, §3.2, §3.6).
 *
 * A subflow is a tcp_conn with this file's tcp_ext_ops: options come from options_out.c and go to
 * options_in.c, received payload is checked and mapped by recv.c, and the payload a subflow sends
 * is chosen here from its transmit mappings (subflow offset -> data offset), so a retransmission
 * carries the same data bytes as the original. The connection gives a subflow data with
 * mptcp_subflow_queue(); the mapping is recorded before TCP sends anything. */
#include "mptcp.h"

#include "mptcp_priv.h"

#include <string.h>

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* ---- TCP callbacks ---- */

static void sf_on_connected(void *ctx, tcp_conn *tc, sim_time_t now)
{
	(void)tc;
	mptcp_subflow *sf = ctx;
	mptcp_conn *c = sf->conn;
	sf->established = true;
	if (sf->initial) {
		mptcp_conn_established(c, sf, now);
		return;
	}
	if (sf->passive && sf->fully_established) {
		/* RFC 8684 §3.2: the third ACK's HMAC checked out (options_in.c) */
		mptcp_conn_subflow_event(c, sf->id, MPTCP_SUBFLOW_ESTABLISHED);
		mptcp_pm_subflow_established(c, sf, now);
	}
}

static void sf_on_data(void *ctx, tcp_conn *tc, uint64_t offset, uint64_t bytes, bool intact, sim_time_t now)
{
	(void)tc;
	mptcp_recv_deliver(ctx, offset, bytes, intact, now);
}

static void sf_on_peer_fin(void *ctx, tcp_conn *tc, sim_time_t now)
{
	(void)tc;
	mptcp_subflow *sf = ctx;
	mptcp_conn *c = sf->conn;
	if (c->fallback) {
		/* RFC 8684 §3.7: the TCP FIN is the DATA_FIN */
		mptcp_recv_data_fin(c, c->rcv_nxt, now);
		return;
	}
	/* the peer closed this subflow: close our half too */
	if (!sf->closing)
		mptcp_subflow_close(sf, now);
}

static void sf_on_closed(void *ctx, tcp_conn *tc, tcp_close_reason reason, sim_time_t now)
{
	(void)tc;
	mptcp_subflow *sf = ctx;
	sf->closed = true;
	sf->close_reason = reason;
	mptcp_subflow_closed(sf, now);
}

static const tcp_callbacks sf_callbacks = {
	.on_connected = sf_on_connected,
	.on_data = sf_on_data,
	.on_peer_fin = sf_on_peer_fin,
	.on_closed = sf_on_closed,
};

/* ---- the sending side's mapping ---- */

bool mptcp_subflow_tx_lookup(const mptcp_subflow *sf, uint64_t sf_off, uint64_t *data_off, uint64_t *contiguous)
{
	const GArray *tx = sf->tx;
	guint lo = 0, hi = tx->len;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		const mptcp_tx_map *m = &g_array_index(tx, mptcp_tx_map, mid);
		if (m->sf_off + m->len <= sf_off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == tx->len)
		return false;
	const mptcp_tx_map *m = &g_array_index(tx, mptcp_tx_map, lo);
	if (sf_off < m->sf_off)
		return false;
	*data_off = m->data_off + (sf_off - m->sf_off);
	*contiguous = m->len - (sf_off - m->sf_off);
	return true;
}

static uint32_t sf_payload_source(void *ctx, tcp_conn *tc, uint64_t offset, uint32_t len, uint64_t *stream,
				  uint64_t *stream_offset)
{
	(void)tc;
	mptcp_subflow *sf = ctx;
	uint64_t d, run;
	*stream = sf->conn->snd_stream;
	if (!mptcp_subflow_tx_lookup(sf, offset, &d, &run)) {
		/* never happens: every byte TCP sends was queued with a mapping */
		*stream_offset = offset;
		return len;
	}
	*stream_offset = d;
	return (uint32_t)min64(len, run);
}

/* Forget mappings TCP no longer needs (acknowledged), keeping the one holding the last acked byte. */
static void tx_trim(mptcp_subflow *sf)
{
	if (sf->tx->len < 64 || !sf->tcp)
		return;
	tcp_info in;
	tcp_conn_get_info(sf->tcp, &in);
	uint64_t acked = in.snd_una > 1 ? in.snd_una - 1 : 0;
	guint n = 0;
	while (n + 1 < sf->tx->len) {
		const mptcp_tx_map *m = &g_array_index(sf->tx, mptcp_tx_map, n);
		if (m->sf_off + m->len >= acked)
			break;
		n++;
	}
	if (n)
		g_array_remove_range(sf->tx, 0, n);
}

uint64_t mptcp_subflow_queue(mptcp_subflow *sf, uint64_t data_off, uint64_t len, bool reinjection, sim_time_t now)
{
	if (!sf->tcp || sf->closed)
		return 0;
	uint64_t n = min64(len, tcp_conn_send_space(sf->tcp));
	if (!n)
		return 0;
	tx_trim(sf);
	mptcp_tx_map *last = sf->tx->len ? &g_array_index(sf->tx, mptcp_tx_map, sf->tx->len - 1) : NULL;
	if (last && last->sf_off + last->len == sf->tx_queued && last->data_off + last->len == data_off) {
		last->len += n;
	} else {
		mptcp_tx_map m = { .sf_off = sf->tx_queued, .data_off = data_off, .len = n };
		g_array_append_val(sf->tx, m);
	}
	sf->tx_queued += n;
	sf->bytes_sent += n;
	if (reinjection)
		sf->bytes_reinjected += n;
	proto_env_trace(&sf->conn->st->env, now, sf->conn->id, sf->id, TRACE_BYTES_SENT, (int64_t)sf->bytes_sent);
	uint64_t took = tcp_conn_send(sf->tcp, n, now);
	g_assert(took == n);
	return n;
}

/* ---- creation ---- */

const tcp_ext_ops mptcp_subflow_ext_ops = {
	.name = "mptcp",
	.write_options = mptcp_write_options,
	.on_input = mptcp_on_input,
	.payload_source = sf_payload_source,
	.payload_expect = mptcp_recv_payload_expect,
	.rcv_space = mptcp_recv_space,
	.mss_reserve = mptcp_mss_reserve,
};

mptcp_subflow *mptcp_subflow_new(mptcp_conn *c, const mptcp_tuple *t, bool initial, bool passive, GError **error)
{
	tcp_config cfg = c->st->tcp_cfg;
	/* the data level consumes what TCP delivers; the window is the connection's (rcv_space), so
	 * the SYN's window and the window scale are chosen for the connection's buffer */
	cfg.auto_read = true;
	cfg.rcvbuf_bytes = c->cfg.rcvbuf_bytes > cfg.mss_bytes ? c->cfg.rcvbuf_bytes : cfg.mss_bytes;
	cfg.rcvbuf_autotune = false;
	tcp_conn *tc = tcp_conn_new(&cfg, &c->st->env, &t->local, t->local_port, &t->remote, t->remote_port, error);
	if (!tc)
		return NULL;
	mptcp_subflow *sf = g_new0(mptcp_subflow, 1);
	sf->conn = c;
	sf->tcp = tc;
	sf->tuple = *t;
	sf->id = c->next_sf_id++;
	sf->initial = initial;
	sf->passive = passive;
	for (guint i = 0; i < c->st->endpoints->len; i++) {
		const pm_addr *ep = &g_array_index(c->st->endpoints, pm_addr, i);
		if (net_addr_equal(&ep->addr, &t->local))
			sf->cellular = (ep->flags & MPTCP_PM_ADDR_FLAG_CELLULAR) != 0;
	}
	sf->reset_reason_sent = -1;
	sf->reset_reason_rcvd = -1;
	sf->tx = g_array_new(FALSE, FALSE, sizeof(mptcp_tx_map));
	sf->rx = g_array_new(FALSE, FALSE, sizeof(mptcp_rx_map));
	sf->rx_pieces = g_array_new(FALSE, FALSE, sizeof(mptcp_rx_piece));
	tcp_rangeset_init(&sf->rx_corrupt);
	tcp_conn_set_ext(tc, &mptcp_subflow_ext_ops, sf);
	tcp_conn_set_callbacks(tc, &sf_callbacks, sf);
	tcp_conn_set_trace_ids(tc, c->id, sf->id);
	tcp_conn_set_cc_group(tc, &c->cc_group);
	sf->cc_name = tcp_conn_cc_name(tc);
	bool added = mptcp_stack_tuple_add(c->st, sf);
	g_assert(added);
	g_ptr_array_add(c->subflows, sf);
	if (initial)
		mptcp_pm_set_initial(c);
	return sf;
}

void mptcp_subflow_free(mptcp_subflow *sf)
{
	if (!sf)
		return;
	if (sf->tcp) {
		mptcp_stack_tuple_remove(sf->conn->st, sf);
		tcp_conn_free(sf->tcp);
	}
	g_array_free(sf->tx, TRUE);
	mptcp_rx_maps_free(sf->rx);
	g_array_free(sf->rx_pieces, TRUE);
	tcp_rangeset_fini(&sf->rx_corrupt);
	g_free(sf);
}

uint32_t mptcp_conn_open_subflow(mptcp_conn *c, const net_addr *local, const net_addr *remote, uint16_t remote_port,
				 bool backup, sim_time_t now, GError **error)
{
	const char *why = NULL;
	if (c->closed || c->fastclosing || (c->fin_acked && c->rcv_fin))
		why = "the connection is closing";
	else if (c->fallback)
		why = "the connection fell back to TCP";
	else if (!c->fully_established || !c->remote_key_valid)
		why = "the connection is not fully established";
	else if (local->family != remote->family)
		why = "the addresses are of different families";
	else if (c->peer_deny_join_id0 && net_addr_equal(remote, &c->initial_tuple.remote) &&
		 remote_port == c->initial_tuple.remote_port)
		why = "the peer refuses joins to its initial address and port (C flag)";
	if (why) {
		g_set_error(error, g_quark_from_static_string("mptcp"), 1, "cannot open a subflow: %s", why);
		return 0;
	}
	mptcp_stack *st = c->st;
	uint16_t port = mptcp_stack_ephemeral_port(st, local, remote, remote_port);
	if (!port) {
		g_set_error(error, g_quark_from_static_string("mptcp"), 1, "cannot open a subflow: no free local port");
		return 0;
	}
	uint8_t local_id = 0;
	if (!net_addr_equal(local, &c->initial_tuple.local)) {
		const pm_addr *ep = mptcp_stack_endpoint(st, local);
		if (!ep) {
			g_set_error(error, g_quark_from_static_string("mptcp"), 1,
				    "cannot open a subflow: the local address is not one of the stack's");
			return 0;
		}
		local_id = ep->id;
	}
	mptcp_tuple t = { .local = *local, .remote = *remote, .local_port = port, .remote_port = remote_port };
	mptcp_subflow *sf = mptcp_subflow_new(c, &t, false, false, error);
	if (!sf)
		return 0;
	sf->local_id = local_id;
	sf->backup = backup;
	sf->local_nonce = (uint32_t)st->env.random_u64(st->env.ctx);
	c->allow_infinite_fallback = false;
	MIB_INC(c, MPTCP_MIB_JOINSYNTX);
	mptcp_conn_enter(c);
	tcp_conn_connect(sf->tcp, now);
	mptcp_conn_leave(c, now);
	return sf->id;
}

/* ---- closing ---- */

bool mptcp_subflow_usable(const mptcp_subflow *sf)
{
	if (!sf->tcp || sf->closed || sf->closing)
		return false;
	/* the initial subflow carries data once TCP is established (RFC 8684 §3.1: MP_CAPABLE rides
	 * on the first data); a join only after the fourth ACK (§3.2) */
	if (sf->initial ? !sf->established : !sf->fully_established)
		return false;
	tcp_state s = tcp_conn_state(sf->tcp);
	return s == TCP_ESTABLISHED || s == TCP_CLOSE_WAIT;
}

void mptcp_subflow_reset(mptcp_subflow *sf, uint8_t reason, sim_time_t now)
{
	if (sf->closed || !sf->tcp)
		return;
	sf->reset_reason = reason;
	sf->closing = true;
	tcp_conn_abort(sf->tcp, now); /* the RST carries MP_TCPRST (options_out.c) */
	sf->closed = true;
	sf->close_reason = TCP_CLOSE_RESET;
	mptcp_subflow_closed(sf, now);
}

void mptcp_subflow_close(mptcp_subflow *sf, sim_time_t now)
{
	if (sf->closed || !sf->tcp)
		return;
	sf->closing = true;
	tcp_conn_close(sf->tcp, now);
}

void mptcp_subflow_reinject(mptcp_subflow *sf)
{
	if (!sf->tcp)
		return;
	/* RFC 8684 §3.3.6: what it carried and was not acknowledged goes on the other subflows */
	tcp_info in;
	tcp_conn_get_info(sf->tcp, &in);
	uint64_t acked = in.snd_una > 1 ? in.snd_una - 1 : 0;
	for (guint i = 0; i < sf->tx->len; i++) {
		const mptcp_tx_map *m = &g_array_index(sf->tx, mptcp_tx_map, i);
		uint64_t lo = m->sf_off > acked ? m->sf_off : acked;
		uint64_t hi = m->sf_off + m->len;
		if (hi > lo)
			mptcp_conn_reinject(sf->conn, m->data_off + (lo - m->sf_off), hi - lo);
	}
}

void mptcp_subflow_closed(mptcp_subflow *sf, sim_time_t now)
{
	if (sf->counted_closed)
		return;
	sf->counted_closed = true;
	sf->closing = true;
	mptcp_conn *c = sf->conn;
	if (!c->closed && !c->fastclosing && !c->fallback)
		mptcp_subflow_reinject(sf);
	if (sf->fully_established || (sf->initial && sf->established)) {
		mptcp_conn_subflow_event(c, sf->id, MPTCP_SUBFLOW_CLOSED);
		if (!c->closed)
			mptcp_pm_subflow_closed(c, sf, now);
	}
}

void mptcp_subflow_release(mptcp_subflow *sf)
{
	if (sf->released || !sf->tcp)
		return;
	tcp_conn_get_info(sf->tcp, &sf->final_info);
	for (int i = 0; i < TCP_CNT_COUNT; i++)
		sf->final_counters[i] = tcp_conn_counter(sf->tcp, (tcp_counter)i);
	mptcp_stack_tuple_remove(sf->conn->st, sf);
	tcp_conn_free(sf->tcp);
	sf->tcp = NULL;
	sf->released = true;
}

uint64_t mptcp_subflow_sf_off(const mptcp_subflow *sf, uint32_t seq, bool rcv, uint64_t near)
{
	/* relative sequence number 1 is subflow offset 0; unwrap next to `near` */
	uint32_t rel = seq - (rcv ? sf->irs : sf->iss) - 1u;
	return mptcp_expand_seq(near, rel);
}
