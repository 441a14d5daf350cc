/* transport_mptcp.c — the `mptcp` transport: one protocol/mptcp connection per xport connection,
 * opened through the source host's stack and accepted by the destination host's (mptcp_host.h).
 *
 * Subflows use the host's MPTCP settings ([host.NAME] mptcp_* keys); of the workload's TCP keys
 * only `trace_interval` applies. Time series, every `trace_interval`: TYPE_NAME_mptcp.csv (per
 * connection: data-level progress, reinjected bytes, subflow count) and TYPE_NAME_mptcp_subflows.csv
 * (per subflow: state, cwnd, srtt, bytes sent, reinjected and received). A connection's report
 * holds its version, fallback, checksum, close reason and every subflow with its addresses. */
#include "transport.h"

#include "error.h"
#include "mptcp_host.h"
#include "world.h"

struct mptcp_xport {
	world *w;
	xport *xp;
	sim_time_t interval;
	report_table *conn_samples;
	report_table *subflow_samples;
	uint32_t next_id;
	GPtrArray *conns; /* struct mx_conn*, owned */
	GPtrArray *listeners; /* struct mx_listener*, owned */
};

/* A listening port on one host: the context of its accepts. */
struct mx_listener {
	struct mptcp_xport *t;
	mptcp_host *mh;
};

/* One MPTCP connection of this transport: the callbacks' context. */
struct mx_conn {
	struct mptcp_xport *t;
	mptcp_host *mh;
	mptcp_conn *c;
	xport_conn *xc;
	uint32_t id;
	sim_event sampler;
};

/* Retransmissions of a live subflow; 0 once it is released. */
static uint64_t subflow_retransmits(const mptcp_conn *c, uint32_t id)
{
	tcp_conn *tc = mptcp_conn_subflow_tcp(c, id);
	return tc ? tcp_conn_counter(tc, TCP_CNT_RETRANSMITS) : 0;
}

static void sample(struct mx_conn *mc, sim_time_t now)
{
	struct mptcp_xport *t = mc->t;
	mptcp_info in;
	mptcp_conn_get_info(mc->c, &in);
	report_cell row[8] = {
		{ .i = now },
		{ .i = mc->id },
		{ .i = (int64_t)in.snd_una },
		{ .i = (int64_t)in.snd_nxt },
		{ .i = (int64_t)in.rcv_nxt },
		{ .i = (int64_t)in.bytes_reinjected },
		{ .i = in.n_subflows },
		{ .i = in.fallback },
	};
	report_table_add_row(t->conn_samples, row);
	size_t n = mptcp_conn_subflow_count(mc->c);
	for (size_t i = 0; i < n; i++) {
		mptcp_subflow_info sf;
		if (!mptcp_conn_get_subflow(mc->c, i, &sf))
			continue;
		report_cell srow[11] = {
			{ .i = now },
			{ .i = mc->id },
			{ .i = sf.id },
			{ .s = tcp_state_name(sf.state) },
			{ .i = sf.backup || sf.peer_backup },
			{ .i = sf.tcp.cwnd_bytes },
			{ .i = sf.tcp.srtt_ns },
			{ .i = (int64_t)sf.bytes_sent },
			{ .i = (int64_t)sf.bytes_reinjected },
			{ .i = (int64_t)sf.bytes_received },
			{ .i = (int64_t)subflow_retransmits(mc->c, sf.id) },
		};
		report_table_add_row(t->subflow_samples, srow);
	}
}

static void on_sample(void *ctx, sim_time_t now)
{
	struct mx_conn *mc = ctx;
	sample(mc, now);
	mptcp_info in;
	mptcp_conn_get_info(mc->c, &in);
	if (!in.closed)
		sim_schedule(mc->t->w->sim, &mc->sampler, now + mc->t->interval);
}

static struct mx_conn *mx_conn_new(struct mptcp_xport *t, mptcp_host *mh)
{
	struct mx_conn *mc = g_new0(struct mx_conn, 1);
	mc->t = t;
	mc->mh = mh;
	mc->id = t->next_id++;
	sim_event_init(&mc->sampler, on_sample, mc);
	g_ptr_array_add(t->conns, mc);
	return mc;
}

static void start_sampler(struct mx_conn *mc, sim_time_t now)
{
	if (mc->t->interval > 0)
		sim_schedule(mc->t->w->sim, &mc->sampler, now);
}

/* ---- callbacks from the stack ---- */

static const mptcp_callbacks conn_callbacks;

static void cb_accept(void *ctx, mptcp_conn *c, sim_time_t now)
{
	struct mx_listener *l = ctx;
	struct mptcp_xport *t = l->t;
	mptcp_host *mh = l->mh;
	struct mx_conn *mc = mx_conn_new(t, mh);
	mc->c = c;
	mptcp_conn_set_callbacks(c, &conn_callbacks, mc);
	mc->xc = xport_conn_add(t->xp, mc, true);
	if (t->xp->cb->on_accept)
		t->xp->cb->on_accept(t->xp->cb_ctx, mc->xc, now);
	start_sampler(mc, now);
}

static void cb_connected(void *ctx, mptcp_conn *c, sim_time_t now)
{
	(void)c;
	struct mx_conn *mc = ctx;
	xport *xp = mc->t->xp;
	if (xp->cb->on_connected)
		xp->cb->on_connected(xp->cb_ctx, mc->xc, now);
}

static void cb_data(void *ctx, mptcp_conn *c, uint64_t offset, uint64_t bytes, bool intact, sim_time_t now)
{
	(void)c;
	struct mx_conn *mc = ctx;
	xport *xp = mc->t->xp;
	if (xp->cb->on_data)
		xp->cb->on_data(xp->cb_ctx, mc->xc, offset, bytes, intact, now);
}

static void cb_send_space(void *ctx, mptcp_conn *c, uint64_t space, sim_time_t now)
{
	(void)c;
	struct mx_conn *mc = ctx;
	xport *xp = mc->t->xp;
	if (xp->cb->on_send_space)
		xp->cb->on_send_space(xp->cb_ctx, mc->xc, space, now);
}

static void cb_peer_fin(void *ctx, mptcp_conn *c, sim_time_t now)
{
	(void)c;
	struct mx_conn *mc = ctx;
	xport *xp = mc->t->xp;
	if (xp->cb->on_peer_fin)
		xp->cb->on_peer_fin(xp->cb_ctx, mc->xc, now);
}

static void cb_closed(void *ctx, mptcp_conn *c, mptcp_close_reason reason, sim_time_t now)
{
	(void)c;
	struct mx_conn *mc = ctx;
	static const xport_close_reason map[] = {
		[MPTCP_CLOSE_NORMAL] = XPORT_CLOSE_NORMAL,   [MPTCP_CLOSE_RESET] = XPORT_CLOSE_RESET,
		[MPTCP_CLOSE_FASTCLOSE] = XPORT_CLOSE_FASTCLOSE, [MPTCP_CLOSE_REFUSED] = XPORT_CLOSE_REFUSED,
		[MPTCP_CLOSE_TIMEOUT] = XPORT_CLOSE_TIMEOUT, [MPTCP_CLOSE_ABORTED] = XPORT_CLOSE_ABORTED,
	};
	xport_close_reason r = (unsigned)reason < G_N_ELEMENTS(map) ? map[reason] : XPORT_CLOSE_RESET;
	if (mc->t->interval > 0)
		sample(mc, now); /* the final state, whatever the interval */
	xport *xp = mc->t->xp;
	if (xp->cb->on_closed)
		xp->cb->on_closed(xp->cb_ctx, mc->xc, r, now);
}

static const mptcp_callbacks conn_callbacks = {
	.on_connected = cb_connected,
	.on_data = cb_data,
	.on_send_space = cb_send_space,
	.on_peer_fin = cb_peer_fin,
	.on_closed = cb_closed,
};

static const mptcp_callbacks listen_callbacks = {
	.on_accept = cb_accept,
};

/* ---- the transport ---- */

static void *mptcp_xport_create(world *w, const char *workload_name, const scn_values *v, GError **error)
{
	(void)error;
	struct mptcp_xport *t = g_new0(struct mptcp_xport, 1);
	t->w = w;
	t->interval = scn_values_time(v, "trace_interval");
	t->conns = g_ptr_array_new();
	t->listeners = g_ptr_array_new_with_free_func(g_free);
	t->next_id = 1;
	if (t->interval > 0) {
		char *name = g_strdup_printf("%s_%s_mptcp", scn_values_string(v, "type"), workload_name);
		t->conn_samples = sim_table_new(w->sim, name,
						"time_ns:int,conn:int,snd_una:int,snd_nxt:int,rcv_nxt:int,"
						"bytes_reinjected:int,subflows:int,fallback:int");
		g_free(name);
		name = g_strdup_printf("%s_%s_mptcp_subflows", scn_values_string(v, "type"), workload_name);
		t->subflow_samples = sim_table_new(w->sim, name,
						   "time_ns:int,conn:int,subflow:int,state:string,backup:int,cwnd_bytes:int,"
						   "srtt_ns:int,bytes_sent:int,bytes_reinjected:int,bytes_received:int,"
						   "retransmits:int");
		g_free(name);
	}
	return t;
}

static void mptcp_xport_destroy(void *state)
{
	struct mptcp_xport *t = state;
	for (guint i = 0; i < t->conns->len; i++) {
		struct mx_conn *mc = g_ptr_array_index(t->conns, i);
		sim_cancel(t->w->sim, &mc->sampler);
		mptcp_conn_set_callbacks(mc->c, NULL, NULL); /* the stack outlives the workload */
		g_free(mc);
	}
	g_ptr_array_free(t->conns, TRUE);
	g_ptr_array_free(t->listeners, TRUE);
	g_free(t);
}

static bool mptcp_xport_listen(xport *xp, host *h, uint16_t port, GError **error)
{
	struct mptcp_xport *t = xp->state;
	t->xp = xp;
	mptcp_host *mh = mptcp_host_get(t->w, h, error);
	if (!mh)
		return false;
	struct mx_listener *l = g_new(struct mx_listener, 1);
	*l = (struct mx_listener){ .t = t, .mh = mh };
	g_ptr_array_add(t->listeners, l);
	return mptcp_host_listen(mh, port, &listen_callbacks, l, error);
}

static xport_conn *mptcp_xport_connect(xport *xp, host *h, const net_addr *local, const net_addr *remote,
				       uint16_t port, sim_time_t now, GError **error)
{
	struct mptcp_xport *t = xp->state;
	t->xp = xp;
	mptcp_host *mh = mptcp_host_get(t->w, h, error);
	if (!mh)
		return NULL;
	struct mx_conn *mc = mx_conn_new(t, mh);
	mc->c = mptcp_host_connect(mh, local, remote, port, &conn_callbacks, mc, now, error);
	if (!mc->c) {
		g_ptr_array_remove(t->conns, mc);
		g_free(mc);
		return NULL;
	}
	mc->xc = xport_conn_add(xp, mc, false);
	start_sampler(mc, now);
	return mc->xc;
}

static uint64_t mptcp_xport_send(xport_conn *c, uint64_t bytes, sim_time_t now)
{
	struct mx_conn *mc = c->impl;
	uint64_t n = mptcp_conn_send(mc->c, bytes, now);
	mptcp_host_rearm(mc->mh);
	return n;
}

static uint64_t mptcp_xport_send_space(const xport_conn *c)
{
	const struct mx_conn *mc = c->impl;
	return mptcp_conn_send_space(mc->c);
}

static void mptcp_xport_close(xport_conn *c, sim_time_t now)
{
	struct mx_conn *mc = c->impl;
	mptcp_conn_close(mc->c, now);
	mptcp_host_rearm(mc->mh);
}

static void mptcp_xport_abort(xport_conn *c, sim_time_t now)
{
	struct mx_conn *mc = c->impl;
	mptcp_conn_abort(mc->c, now);
	mptcp_host_rearm(mc->mh);
}

static void mptcp_xport_report_conn(const xport_conn *c, report_section *out)
{
	const struct mx_conn *mc = c->impl;
	mptcp_info in;
	mptcp_conn_get_info(mc->c, &in);
	report_set_int(out, "version", in.version);
	report_set_bool(out, "fallback", in.fallback);
	report_set_bool(out, "checksum", in.checksum);
	report_set_bool(out, "fully_established", in.fully_established);
	report_set_bool(out, "closed", in.closed);
	report_set_string(out, "close_reason", in.closed ? mptcp_close_reason_name(in.close_reason) : "");
	report_set_int(out, "local_token", in.local_token);
	report_set_int(out, "remote_token", in.remote_token);
	/* 64-bit unsigned, as decimal text: JSON integers are signed */
	char idsn[24];
	g_snprintf(idsn, sizeof idsn, "%" G_GUINT64_FORMAT, in.local_idsn);
	report_set_string(out, "local_idsn", idsn);
	g_snprintf(idsn, sizeof idsn, "%" G_GUINT64_FORMAT, in.remote_idsn);
	report_set_string(out, "remote_idsn", idsn);
	report_set_int(out, "bytes_sent", (int64_t)in.snd_una);
	report_set_int(out, "bytes_received", (int64_t)in.rcv_nxt);
	report_set_int(out, "bytes_reinjected", (int64_t)in.bytes_reinjected);
	report_set_string(out, "scheduler", in.scheduler ? in.scheduler : "");
	report_set_string(out, "path_manager", in.path_manager ? in.path_manager : "");
	size_t n = mptcp_conn_subflow_count(mc->c);
	report_set_int(out, "subflows", (int64_t)n);
	report_section *sfs = report_section_child(out, "subflow");
	for (size_t i = 0; i < n; i++) {
		mptcp_subflow_info sf;
		if (!mptcp_conn_get_subflow(mc->c, i, &sf))
			continue;
		char key[16], a[NET_ADDR_STRLEN], ep[NET_ADDR_STRLEN + 8];
		g_snprintf(key, sizeof key, "%u", sf.id);
		report_section *s = report_section_child(sfs, key);
		g_snprintf(ep, sizeof ep, "%s:%u", net_addr_to_string(&sf.local, a), sf.local_port);
		report_set_string(s, "local", ep);
		g_snprintf(ep, sizeof ep, "%s:%u", net_addr_to_string(&sf.remote, a), sf.remote_port);
		report_set_string(s, "remote", ep);
		report_set_bool(s, "initial", sf.initial);
		report_set_bool(s, "backup", sf.backup);
		report_set_bool(s, "peer_backup", sf.peer_backup);
		report_set_string(s, "state", tcp_state_name(sf.state));
		report_set_int(s, "bytes_sent", (int64_t)sf.bytes_sent);
		report_set_int(s, "bytes_reinjected", (int64_t)sf.bytes_reinjected);
		report_set_int(s, "bytes_received", (int64_t)sf.bytes_received);
		report_set_int(s, "retransmits", (int64_t)subflow_retransmits(mc->c, sf.id));
		report_set_int(s, "reset_reason_sent", sf.reset_reason_sent);
		report_set_int(s, "reset_reason_received", sf.reset_reason_received);
	}
}

const xport_ops xport_mptcp = {
	.name = "mptcp",
	.summary = "Multipath TCP (protocol/mptcp) through the hosts' MPTCP stacks: subflows over every path",
	.create = mptcp_xport_create,
	.destroy = mptcp_xport_destroy,
	.listen = mptcp_xport_listen,
	.connect = mptcp_xport_connect,
	.send = mptcp_xport_send,
	.send_space = mptcp_xport_send_space,
	.close = mptcp_xport_close,
	.abort = mptcp_xport_abort,
	.report_conn = mptcp_xport_report_conn,
};
