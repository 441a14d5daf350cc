/* transport_tcp.c — the `tcp` transport: one protocol/tcp connection per xport connection,
 * through the TCP host adapter (tcp_stack.h). Its time series are TYPE_NAME_tcp.csv and
 * TYPE_NAME_tcp_events.csv (TYPE the workload type, NAME the workload). */
#include "transport.h"

#include "tcp_scenario.h"
#include "tcp_stack.h"
#include "world.h"

struct tcp_xport {
	xport *xp;
	tcp_config cfg;
	tcp_tracer *tracer;
	GPtrArray *servers; /* tcp_server* */
	GPtrArray *clients; /* tcp_endpoint* */
};

static xport_conn *conn_of(tcp_endpoint *ep)
{
	return ep->user;
}

static void cb_accept(void *ctx, tcp_endpoint *ep, sim_time_t now)
{
	struct tcp_xport *t = ctx;
	xport_conn *c = xport_conn_add(t->xp, ep, true);
	ep->user = c;
	if (t->xp->cb->on_accept)
		t->xp->cb->on_accept(t->xp->cb_ctx, c, now);
}

static void cb_connected(void *ctx, tcp_endpoint *ep, sim_time_t now)
{
	struct tcp_xport *t = ctx;
	if (t->xp->cb->on_connected)
		t->xp->cb->on_connected(t->xp->cb_ctx, conn_of(ep), now);
}

static void cb_data(void *ctx, tcp_endpoint *ep, uint64_t offset, uint64_t bytes, bool intact, sim_time_t now)
{
	struct tcp_xport *t = ctx;
	if (t->xp->cb->on_data)
		t->xp->cb->on_data(t->xp->cb_ctx, conn_of(ep), offset, bytes, intact, now);
}

static void cb_send_space(void *ctx, tcp_endpoint *ep, uint64_t space, sim_time_t now)
{
	struct tcp_xport *t = ctx;
	if (t->xp->cb->on_send_space)
		t->xp->cb->on_send_space(t->xp->cb_ctx, conn_of(ep), space, now);
}

static void cb_peer_fin(void *ctx, tcp_endpoint *ep, sim_time_t now)
{
	struct tcp_xport *t = ctx;
	if (t->xp->cb->on_peer_fin)
		t->xp->cb->on_peer_fin(t->xp->cb_ctx, conn_of(ep), now);
}

static void cb_closed(void *ctx, tcp_endpoint *ep, tcp_close_reason reason, sim_time_t now)
{
	struct tcp_xport *t = ctx;
	static const xport_close_reason map[] = {
		[TCP_CLOSE_NORMAL] = XPORT_CLOSE_NORMAL,   [TCP_CLOSE_RESET] = XPORT_CLOSE_RESET,
		[TCP_CLOSE_REFUSED] = XPORT_CLOSE_REFUSED, [TCP_CLOSE_TIMEOUT] = XPORT_CLOSE_TIMEOUT,
		[TCP_CLOSE_ABORTED] = XPORT_CLOSE_ABORTED,
	};
	xport_close_reason r = (unsigned)reason < G_N_ELEMENTS(map) ? map[reason] : XPORT_CLOSE_RESET;
	if (t->xp->cb->on_closed)
		t->xp->cb->on_closed(t->xp->cb_ctx, conn_of(ep), r, now);
}

static const tcp_app_callbacks tcp_xport_callbacks = {
	.on_accept = cb_accept,
	.on_connected = cb_connected,
	.on_data = cb_data,
	.on_send_space = cb_send_space,
	.on_peer_fin = cb_peer_fin,
	.on_closed = cb_closed,
};

static void *tcp_xport_create(world *w, const char *workload_name, const scn_values *v, GError **error)
{
	(void)error;
	struct tcp_xport *t = g_new0(struct tcp_xport, 1);
	tcp_config_from_values(&t->cfg, v);
	char *prefix = g_strdup_printf("%s_%s", scn_values_string(v, "type"), workload_name);
	t->tracer = tcp_tracer_new(w->sim, prefix, scn_values_time(v, "trace_interval"));
	g_free(prefix);
	t->servers = g_ptr_array_new();
	t->clients = g_ptr_array_new();
	return t;
}

static void tcp_xport_destroy(void *state)
{
	struct tcp_xport *t = state;
	for (guint i = 0; i < t->clients->len; i++)
		tcp_endpoint_free(g_ptr_array_index(t->clients, i));
	for (guint i = 0; i < t->servers->len; i++)
		tcp_server_free(g_ptr_array_index(t->servers, i));
	g_ptr_array_free(t->clients, TRUE);
	g_ptr_array_free(t->servers, TRUE);
	tcp_tracer_free(t->tracer);
	g_free(t);
}

static bool tcp_xport_listen(xport *xp, host *h, uint16_t port, GError **error)
{
	struct tcp_xport *t = xp->state;
	t->xp = xp;
	tcp_server *srv = tcp_server_new(h, &t->cfg, port, &tcp_xport_callbacks, t, t->tracer, error);
	if (!srv)
		return false;
	g_ptr_array_add(t->servers, srv);
	return true;
}

static xport_conn *tcp_xport_connect(xport *xp, host *h, const net_addr *local, const net_addr *remote, uint16_t port,
				     sim_time_t now, GError **error)
{
	struct tcp_xport *t = xp->state;
	t->xp = xp;
	tcp_endpoint *ep = tcp_endpoint_connect(h, &t->cfg, local, remote, port, &tcp_xport_callbacks, t, t->tracer, now,
						error);
	if (!ep)
		return NULL;
	g_ptr_array_add(t->clients, ep);
	xport_conn *c = xport_conn_add(xp, ep, false);
	ep->user = c;
	return c;
}

static uint64_t tcp_xport_send(xport_conn *c, uint64_t bytes, sim_time_t now)
{
	return tcp_endpoint_send(c->impl, bytes, now);
}

static uint64_t tcp_xport_send_space(const xport_conn *c)
{
	const tcp_endpoint *ep = c->impl;
	return ep->conn ? tcp_conn_send_space(ep->conn) : 0;
}

static void tcp_xport_close(xport_conn *c, sim_time_t now)
{
	tcp_endpoint_close(c->impl, now);
}

static void tcp_xport_abort(xport_conn *c, sim_time_t now)
{
	tcp_endpoint_abort(c->impl, now);
}

static void tcp_xport_report_conn(const xport_conn *c, report_section *out)
{
	tcp_endpoint_report(c->impl, out);
}

const xport_ops xport_tcp = {
	.name = "tcp",
	.summary = "plain TCP (protocol/tcp): one connection, one path",
	.create = tcp_xport_create,
	.destroy = tcp_xport_destroy,
	.listen = tcp_xport_listen,
	.connect = tcp_xport_connect,
	.send = tcp_xport_send,
	.send_space = tcp_xport_send_space,
	.close = tcp_xport_close,
	.abort = tcp_xport_abort,
	.report_conn = tcp_xport_report_conn,
};
