/* tcp_stack.c — TCP connections and listeners bound to hosts, one timer event per connection. */
#include "tcp_stack.h"

#include "error.h"
#include "rng.h"

#include <string.h>

struct tcp_server {
	sim *sim;
	host *host;
	tcp_listener *listener;
	uint16_t port;
	proto_env env;
	tcp_tracer *tracer;
	const tcp_app_callbacks *app;
	void *app_ctx;
	GPtrArray *endpoints;  /* tcp_endpoint*, owned, accept order */
	GHashTable *by_conn;   /* tcp_conn* → tcp_endpoint* (lookups only; never iterated) */
};

/* ---- tracer ---- */

tcp_tracer *tcp_tracer_new(sim *s, const char *prefix, sim_time_t interval)
{
	tcp_tracer *t = g_new0(tcp_tracer, 1);
	t->sim = s;
	t->interval = interval;
	char *name = g_strdup_printf("%s_tcp", prefix);
	if (interval > 0)
		t->samples = sim_table_new(s, name,
					   "time_ns:int,conn:int,state:string,cwnd_bytes:int,ssthresh_bytes:int,srtt_ns:int,"
					   "rttvar_ns:int,rto_ns:int,bytes_in_flight:int,snd_una:int,bytes_acked:int,"
					   "bytes_delivered:int,retransmits:int,rtos:int");
	g_free(name);
	name = g_strdup_printf("%s_tcp_events", prefix);
	t->events = sim_table_new(s, name, "time_ns:int,conn:int,event:string,value:int");
	g_free(name);
	return t;
}

void tcp_tracer_free(tcp_tracer *t)
{
	g_free(t);
}

static void trace_event(tcp_tracer *t, const trace_record *r)
{
	const char *what;
	switch (r->metric) {
	case TRACE_RETRANSMIT_SEQ:
		what = "retransmit";
		break;
	case TRACE_RTO_FIRED:
		what = "rto";
		break;
	default:
		return; /* the rest is sampled periodically from tcp_info */
	}
	report_cell row[4] = { { .i = r->time }, { .i = r->conn_id }, { .s = what }, { .i = r->value } };
	report_table_add_row(t->events, row);
}

/* Once per connection, when it has chosen its initial send sequence number (the client on
 * connect, the server on the SYN): an "iss" event, so that a reader of the tables can turn the
 * raw sequence numbers of "retransmit" events into offsets like snd_una (offset = seq - iss). */
static void trace_iss(tcp_endpoint *ep, sim_time_t now)
{
	if (ep->iss_traced || !ep->conn)
		return;
	tcp_state st = tcp_conn_state(ep->conn);
	if (st == TCP_CLOSED || st == TCP_LISTEN)
		return;
	tcp_info in;
	tcp_conn_get_info(ep->conn, &in);
	report_cell row[4] = { { .i = now }, { .i = ep->id }, { .s = "iss" }, { .i = in.iss } };
	report_table_add_row(ep->tracer->events, row);
	ep->iss_traced = true;
}

static void sample_row(tcp_endpoint *ep, sim_time_t now)
{
	tcp_info in;
	tcp_conn_get_info(ep->conn, &in);
	report_cell row[14] = {
		{ .i = now },
		{ .i = ep->id },
		{ .s = tcp_state_name(in.state) },
		{ .i = in.cwnd_bytes },
		{ .i = in.ssthresh_bytes },
		{ .i = in.srtt_ns },
		{ .i = in.rttvar_ns },
		{ .i = in.rto_ns },
		{ .i = (int64_t)in.bytes_in_flight },
		{ .i = (int64_t)in.snd_una },
		{ .i = (int64_t)tcp_conn_counter(ep->conn, TCP_CNT_BYTES_ACKED) },
		{ .i = (int64_t)tcp_conn_counter(ep->conn, TCP_CNT_BYTES_DELIVERED) },
		{ .i = (int64_t)tcp_conn_counter(ep->conn, TCP_CNT_RETRANSMITS) },
		{ .i = (int64_t)tcp_conn_counter(ep->conn, TCP_CNT_RTOS) },
	};
	report_table_add_row(ep->tracer->samples, row);
}

static void on_sample(void *ctx, sim_time_t now)
{
	tcp_endpoint *ep = ctx;
	if (!ep->conn)
		return;
	sample_row(ep, now);
	if (tcp_conn_state(ep->conn) != TCP_CLOSED)
		sim_schedule(ep->sim, &ep->sampler, now + ep->tracer->interval);
}

/* ---- env: what leaves a connection ---- */

struct env_ctx {
	sim *sim;
	host *host;
	gsl_rng *rng;
	tcp_tracer *tracer;
};

static void env_emit(void *ctx, const segment *seg, sim_time_t now)
{
	host *h = ((struct env_ctx *)ctx)->host;
	packet *p = packet_alloc(&h->sim->pool);
	p->seg = *seg;
	host_send(h, p, now);
}

static uint64_t env_random(void *ctx)
{
	return rng_u64(((struct env_ctx *)ctx)->rng);
}

static void env_trace(void *ctx, const trace_record *rec)
{
	tcp_tracer *t = ((struct env_ctx *)ctx)->tracer;
	if (t)
		trace_event(t, rec);
}

static struct env_ctx *env_ctx_new(host *h, tcp_tracer *tracer)
{
	struct env_ctx *e = g_new(struct env_ctx, 1);
	e->sim = h->sim;
	e->host = h;
	char *stream = g_strdup_printf("host.%s/tcp", h->name);
	e->rng = sim_rng(h->sim, stream);
	g_free(stream);
	e->tracer = tracer;
	return e;
}

static void env_init(proto_env *env, struct env_ctx *ctx)
{
	env->ctx = ctx;
	env->emit = env_emit;
	env->random_u64 = env_random;
	env->trace = env_trace;
}

/* ---- timers ---- */

/* After every call into the connection: one event at its next deadline, or none. */
static void rearm(tcp_endpoint *ep)
{
	if (!ep->conn) {
		sim_cancel(ep->sim, &ep->timer);
		return;
	}
	sim_time_t d = tcp_conn_next_deadline(ep->conn);
	if (d == SIM_TIME_NEVER) {
		sim_cancel(ep->sim, &ep->timer);
		return;
	}
	if (d < ep->sim->now)
		d = ep->sim->now;
	if (!sim_event_is_armed(&ep->timer) || ep->timer.time != d)
		sim_schedule(ep->sim, &ep->timer, d);
}

static void reap_if_closed(tcp_endpoint *ep);

static void on_timer(void *ctx, sim_time_t now)
{
	tcp_endpoint *ep = ctx;
	tcp_conn_on_timer(ep->conn, now);
	rearm(ep);
	reap_if_closed(ep);
}

/* ---- callbacks from TCP to the application ---- */

static void cb_connected(void *ctx, tcp_conn *c, sim_time_t now)
{
	(void)c;
	tcp_endpoint *ep = ctx;
	if (ep->app->on_connected)
		ep->app->on_connected(ep->app_ctx, ep, now);
}

static void cb_data(void *ctx, tcp_conn *c, uint64_t offset, uint64_t bytes, bool intact, sim_time_t now)
{
	(void)c;
	tcp_endpoint *ep = ctx;
	if (ep->app->on_data)
		ep->app->on_data(ep->app_ctx, ep, offset, bytes, intact, now);
}

static void cb_send_space(void *ctx, tcp_conn *c, uint64_t space, sim_time_t now)
{
	(void)c;
	tcp_endpoint *ep = ctx;
	if (ep->app->on_send_space)
		ep->app->on_send_space(ep->app_ctx, ep, space, now);
}

static void cb_peer_fin(void *ctx, tcp_conn *c, sim_time_t now)
{
	(void)c;
	tcp_endpoint *ep = ctx;
	if (ep->app->on_peer_fin)
		ep->app->on_peer_fin(ep->app_ctx, ep, now);
}

static void cb_closed(void *ctx, tcp_conn *c, tcp_close_reason reason, sim_time_t now)
{
	(void)c;
	tcp_endpoint *ep = ctx;
	if (ep->tracer->samples)
		sample_row(ep, now); /* the final state, whatever the interval */
	if (ep->app->on_closed)
		ep->app->on_closed(ep->app_ctx, ep, reason, now);
}

static const tcp_callbacks endpoint_callbacks = {
	.on_connected = cb_connected,
	.on_data = cb_data,
	.on_send_space = cb_send_space,
	.on_peer_fin = cb_peer_fin,
	.on_closed = cb_closed,
};

static tcp_endpoint *endpoint_alloc(host *h, tcp_tracer *tracer, const tcp_app_callbacks *app, void *app_ctx,
				    uint32_t id)
{
	tcp_endpoint *ep = g_new0(tcp_endpoint, 1);
	ep->sim = h->sim;
	ep->host = h;
	ep->tracer = tracer;
	ep->app = app;
	ep->app_ctx = app_ctx;
	ep->id = id;
	sim_event_init(&ep->timer, on_timer, ep);
	sim_event_init(&ep->sampler, on_sample, ep);
	return ep;
}

static void start_sampler(tcp_endpoint *ep, sim_time_t now)
{
	if (ep->tracer->samples)
		sim_schedule(ep->sim, &ep->sampler, now);
}

/* ---- active open ---- */

static void client_input(void *ctx, packet *p, sim_time_t now)
{
	tcp_endpoint *ep = ctx;
	if (ep->conn)
		tcp_conn_input(ep->conn, &p->seg, now);
	packet_free(&ep->sim->pool, p);
	rearm(ep);
}

tcp_endpoint *tcp_endpoint_connect(host *h, const tcp_config *cfg, const net_addr *local, const net_addr *remote,
				   uint16_t remote_port, const tcp_app_callbacks *app, void *app_ctx, tcp_tracer *tracer,
				   sim_time_t now, GError **error)
{
	tcp_endpoint *ep = endpoint_alloc(h, tracer, app, app_ctx, tracer->next_id++);
	struct env_ctx *ectx = env_ctx_new(h, tracer);
	env_init(&ep->env, ectx);
	uint16_t port = host_ephemeral_port(h);
	for (int tries = 0; tries < 16384 && !host_bind(h, SEG_PROTO_TCP, port, client_input, ep); tries++)
		port = host_ephemeral_port(h);
	ep->local_port = port;
	ep->conn = tcp_conn_new(cfg, &ep->env, local, port, remote, remote_port, error);
	if (!ep->conn) {
		host_unbind(h, SEG_PROTO_TCP, port);
		g_free(ectx);
		g_free(ep);
		return NULL;
	}
	tcp_conn_set_callbacks(ep->conn, &endpoint_callbacks, ep);
	tcp_conn_set_trace_ids(ep->conn, ep->id, 0);
	tcp_conn_connect(ep->conn, now);
	trace_iss(ep, now);
	rearm(ep);
	start_sampler(ep, now);
	return ep;
}

void tcp_endpoint_free(tcp_endpoint *ep)
{
	if (!ep)
		return;
	sim_cancel(ep->sim, &ep->timer);
	sim_cancel(ep->sim, &ep->sampler);
	if (!ep->server) {
		host_unbind(ep->host, SEG_PROTO_TCP, ep->local_port);
		tcp_conn_free(ep->conn);
		g_free(ep->env.ctx);
	}
	g_free(ep);
}

uint64_t tcp_endpoint_send(tcp_endpoint *ep, uint64_t bytes, sim_time_t now)
{
	if (!ep->conn)
		return 0;
	uint64_t n = tcp_conn_send(ep->conn, bytes, now);
	rearm(ep);
	return n;
}

uint64_t tcp_endpoint_read(tcp_endpoint *ep, uint64_t bytes, sim_time_t now)
{
	if (!ep->conn)
		return 0;
	uint64_t n = tcp_conn_read(ep->conn, bytes, now);
	rearm(ep);
	return n;
}

void tcp_endpoint_close(tcp_endpoint *ep, sim_time_t now)
{
	if (!ep->conn)
		return;
	tcp_conn_close(ep->conn, now);
	rearm(ep);
}

void tcp_endpoint_abort(tcp_endpoint *ep, sim_time_t now)
{
	if (!ep->conn)
		return;
	tcp_conn_abort(ep->conn, now);
	rearm(ep);
}

/* ---- passive open ---- */

static void server_on_accept(void *ctx, tcp_listener *l, tcp_conn *c, const segment *syn, sim_time_t now)
{
	(void)l;
	(void)syn;
	tcp_server *srv = ctx;
	tcp_endpoint *ep = endpoint_alloc(srv->host, srv->tracer, srv->app, srv->app_ctx, srv->tracer->next_id++);
	ep->server = srv;
	ep->conn = c;
	ep->local_port = srv->port;
	tcp_conn_set_callbacks(c, &endpoint_callbacks, ep);
	tcp_conn_set_trace_ids(c, ep->id, 0);
	g_ptr_array_add(srv->endpoints, ep);
	g_hash_table_insert(srv->by_conn, c, ep);
	if (srv->app->on_accept)
		srv->app->on_accept(srv->app_ctx, ep, now);
	start_sampler(ep, now);
}

/* The listener frees a CLOSED connection: the endpoint keeps its final counters. */
static void server_on_release(void *ctx, tcp_listener *l, tcp_conn *c)
{
	(void)l;
	tcp_server *srv = ctx;
	tcp_endpoint *ep = g_hash_table_lookup(srv->by_conn, c);
	g_hash_table_remove(srv->by_conn, c);
	if (!ep)
		return;
	sim_cancel(ep->sim, &ep->timer);
	sim_cancel(ep->sim, &ep->sampler);
	for (int i = 0; i < TCP_CNT_COUNT; i++)
		ep->released_counters[i] = tcp_conn_counter(c, (tcp_counter)i);
	ep->released_cc = tcp_conn_cc_name(c);
	ep->released = true;
	ep->conn = NULL;
}

static const tcp_listener_callbacks server_listener_callbacks = {
	.on_accept = server_on_accept,
	.on_release = server_on_release,
};

static void reap_if_closed(tcp_endpoint *ep)
{
	if (ep->server && ep->conn && tcp_conn_state(ep->conn) == TCP_CLOSED)
		tcp_listener_reap(ep->server->listener);
}

static void server_input(void *ctx, packet *p, sim_time_t now)
{
	tcp_server *srv = ctx;
	tcp_conn *c = tcp_listener_input(srv->listener, &p->seg, now);
	packet_free(&srv->sim->pool, p);
	tcp_endpoint *ep = c ? g_hash_table_lookup(srv->by_conn, c) : NULL;
	if (ep) {
		trace_iss(ep, now);
		rearm(ep);
		reap_if_closed(ep);
	}
}

tcp_server *tcp_server_new(host *h, const tcp_config *cfg, uint16_t port, const tcp_app_callbacks *app, void *app_ctx,
			   tcp_tracer *tracer, GError **error)
{
	tcp_server *srv = g_new0(tcp_server, 1);
	srv->sim = h->sim;
	srv->host = h;
	srv->port = port;
	srv->tracer = tracer;
	srv->app = app;
	srv->app_ctx = app_ctx;
	env_init(&srv->env, env_ctx_new(h, tracer));
	srv->listener = tcp_listener_new(cfg, &srv->env, NULL, port, &server_listener_callbacks, srv, error);
	if (!srv->listener) {
		g_free(srv->env.ctx);
		g_free(srv);
		return NULL;
	}
	if (!host_bind(h, SEG_PROTO_TCP, port, server_input, srv)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "TCP port %u on %s is already in use", port, h->name);
		tcp_listener_free(srv->listener);
		g_free(srv->env.ctx);
		g_free(srv);
		return NULL;
	}
	srv->endpoints = g_ptr_array_new();
	srv->by_conn = g_hash_table_new(g_direct_hash, g_direct_equal);
	return srv;
}

void tcp_server_free(tcp_server *srv)
{
	if (!srv)
		return;
	host_unbind(srv->host, SEG_PROTO_TCP, srv->port);
	for (guint i = 0; i < srv->endpoints->len; i++) {
		tcp_endpoint *ep = g_ptr_array_index(srv->endpoints, i);
		sim_cancel(ep->sim, &ep->timer);
		sim_cancel(ep->sim, &ep->sampler);
		g_free(ep);
	}
	g_ptr_array_free(srv->endpoints, TRUE);
	g_hash_table_destroy(srv->by_conn);
	tcp_listener_free(srv->listener);
	g_free(srv->env.ctx);
	g_free(srv);
}

guint tcp_server_count(const tcp_server *srv)
{
	return srv->endpoints->len;
}

tcp_endpoint *tcp_server_endpoint(const tcp_server *srv, guint i)
{
	return g_ptr_array_index(srv->endpoints, i);
}

uint64_t tcp_endpoint_counter(const tcp_endpoint *ep, tcp_counter which)
{
	return ep->conn ? tcp_conn_counter(ep->conn, which) : ep->released_counters[which];
}

void tcp_endpoint_report(const tcp_endpoint *ep, report_section *out)
{
	report_set_string(out, "state", ep->conn ? tcp_state_name(tcp_conn_state(ep->conn)) : "CLOSED");
	report_set_string(out, "cc", ep->conn ? tcp_conn_cc_name(ep->conn) : ep->released_cc ? ep->released_cc : "");
	for (int i = 0; i < TCP_CNT_COUNT; i++)
		report_set_int(out, tcp_counter_name((tcp_counter)i), (int64_t)tcp_endpoint_counter(ep, (tcp_counter)i));
}
