/* tcp_stack.h — the host adapter for TCP: binds protocol/tcp connections to hosts of the world.
 *
 * protocol/tcp is sans-I/O (env.h): it takes `now`, emits segments through its env and reports
 * its next deadline. This adapter is the only code that sees both sides (DESIGN.md): each
 * connection gets one sim_event, re-armed to tcp_conn_next_deadline() after every call into the
 * connection; emitted segments become pooled packets sent by the host; incoming packets for a
 * bound port are handed to the connection or the listener.
 *
 * Use tcp_endpoint_* for everything done to a connection from the world (send, close, read), so
 * its timer stays right. Callbacks reach the application with the endpoint, in the order TCP
 * makes them. Trace samples (cwnd, srtt, … every `trace_interval`) and events (each connection's
 * initial sequence number, retransmissions, timeouts) go to two tables of the workload that owns
 * the endpoints. */
#ifndef MPTCPSIM_SIM_TCP_STACK_H
#define MPTCPSIM_SIM_TCP_STACK_H

#include "host.h"
#include "sim.h"
#include "tcp/tcp.h"
#include "tcp/tcp_listener.h"

#include <glib.h>

typedef struct tcp_endpoint tcp_endpoint;
typedef struct tcp_server tcp_server;

typedef struct tcp_app_callbacks {
	void (*on_connected)(void *ctx, tcp_endpoint *ep, sim_time_t now);
	void (*on_data)(void *ctx, tcp_endpoint *ep, uint64_t offset, uint64_t bytes, bool intact, sim_time_t now);
	void (*on_send_space)(void *ctx, tcp_endpoint *ep, uint64_t space_bytes, sim_time_t now);
	void (*on_peer_fin)(void *ctx, tcp_endpoint *ep, sim_time_t now);
	void (*on_closed)(void *ctx, tcp_endpoint *ep, tcp_close_reason reason, sim_time_t now);
	/* Server side: a new connection was accepted (set per-connection state here). */
	void (*on_accept)(void *ctx, tcp_endpoint *ep, sim_time_t now);
} tcp_app_callbacks;

/* Where an endpoint's traces go: shared by the endpoints of one workload. */
typedef struct tcp_tracer {
	sim *sim;
	sim_time_t interval;   /* 0: no periodic samples */
	report_table *samples; /* time series of tcp_info, one row per connection per interval */
	report_table *events;  /* "iss" once per connection, retransmissions and timeouts as they happen */
	uint32_t next_id;      /* connection ids in trace rows, in creation order */
} tcp_tracer;

/* Tables "<prefix>_tcp.csv" and "<prefix>_tcp_events.csv". */
tcp_tracer *tcp_tracer_new(sim *s, const char *prefix, sim_time_t interval);
void tcp_tracer_free(tcp_tracer *t);

struct tcp_endpoint {
	sim *sim;
	host *host;
	tcp_conn *conn;
	tcp_server *server; /* NULL for an actively opened connection */
	uint16_t local_port;
	uint32_t id;        /* trace id, unique in its tracer */
	bool iss_traced;    /* its "iss" event is in the events table */
	sim_event timer;
	sim_event sampler;
	proto_env env;
	tcp_tracer *tracer;
	const tcp_app_callbacks *app;
	void *app_ctx;
	void *user;         /* the application's per-connection state */
	/* When the listener has freed a closed connection (conn == NULL): its last counters. */
	bool released;
	const char *released_cc;
	uint64_t released_counters[TCP_CNT_COUNT];
};

/* A counter of the connection, live or as it was when released. */
uint64_t tcp_endpoint_counter(const tcp_endpoint *ep, tcp_counter which);

/* Active open from `local` (an address of `h`) to remote:port, from a fresh ephemeral port.
 * Connects at `now`. NULL with `error` when the configuration is invalid. */
tcp_endpoint *tcp_endpoint_connect(host *h, const tcp_config *cfg, const net_addr *local, const net_addr *remote,
				   uint16_t remote_port, const tcp_app_callbacks *app, void *app_ctx, tcp_tracer *tracer,
				   sim_time_t now, GError **error);
/* Frees the connection (and unbinds its port); never from inside one of its callbacks. */
void tcp_endpoint_free(tcp_endpoint *ep);

uint64_t tcp_endpoint_send(tcp_endpoint *ep, uint64_t bytes, sim_time_t now);
uint64_t tcp_endpoint_read(tcp_endpoint *ep, uint64_t bytes, sim_time_t now);
void tcp_endpoint_close(tcp_endpoint *ep, sim_time_t now);
void tcp_endpoint_abort(tcp_endpoint *ep, sim_time_t now);

/* Passive open on `port` of every address of `h`. The server owns its endpoints. */
tcp_server *tcp_server_new(host *h, const tcp_config *cfg, uint16_t port, const tcp_app_callbacks *app, void *app_ctx,
			   tcp_tracer *tracer, GError **error);
void tcp_server_free(tcp_server *srv);
/* Endpoints in accept order (closed ones included until the server is freed). */
guint tcp_server_count(const tcp_server *srv);
tcp_endpoint *tcp_server_endpoint(const tcp_server *srv, guint i);

/* Every counter of the connection into `out` (tcp_counter_name keys) plus its final state. */
void tcp_endpoint_report(const tcp_endpoint *ep, report_section *out);

#endif
