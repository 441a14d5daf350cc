/* transport.h — what a workload sees of a connection, whatever carries it (TCP or MPTCP).
 *
 * Workloads (bulk, reqresp, and the application models built on them) talk to an xport: they
 * listen on a host, connect from an address, send virtual bytes, close, and get callbacks. Which
 * protocol carries the bytes is the workload's `transport` key, an ops table found by name in
 * xport_all[] — adding a transport is adding one file. Every transport verifies every byte it
 * delivers (the `intact` flag) and writes its own time series and counters.
 *
 * Lifetime: an xport is created per workload from its validated values; connections and listeners
 * belong to it and are freed with it. Callbacks come after the transport has processed the segment
 * or timer, so the application may send or close from inside them. */
#ifndef MPTCPSIM_SIM_TRANSPORT_H
#define MPTCPSIM_SIM_TRANSPORT_H

#include "host.h"
#include "report.h"
#include "scn.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

struct world;
typedef struct xport xport;
typedef struct xport_conn xport_conn;
typedef struct xport_ops xport_ops;

typedef enum xport_close_reason {
	XPORT_CLOSE_NORMAL,    /* both sides finished */
	XPORT_CLOSE_RESET,     /* the peer reset the connection */
	XPORT_CLOSE_REFUSED,   /* the connection attempt was refused */
	XPORT_CLOSE_TIMEOUT,   /* retransmissions exhausted */
	XPORT_CLOSE_ABORTED,   /* we aborted it */
	XPORT_CLOSE_FASTCLOSE, /* MPTCP: the peer sent MP_FASTCLOSE */
} xport_close_reason;

const char *xport_close_reason_name(xport_close_reason r);

typedef struct xport_callbacks {
	/* Server side: a connection was accepted (set per-connection state in c->user here). */
	void (*on_accept)(void *ctx, xport_conn *c, sim_time_t now);
	void (*on_connected)(void *ctx, xport_conn *c, sim_time_t now);
	/* `bytes` new in-order bytes at stream offset `offset`; `intact` false when any differs from
	 * what the peer sent. */
	void (*on_data)(void *ctx, xport_conn *c, uint64_t offset, uint64_t bytes, bool intact, sim_time_t now);
	void (*on_send_space)(void *ctx, xport_conn *c, uint64_t space_bytes, sim_time_t now);
	void (*on_peer_fin)(void *ctx, xport_conn *c, sim_time_t now);
	void (*on_closed)(void *ctx, xport_conn *c, xport_close_reason reason, sim_time_t now);
} xport_callbacks;

struct xport_conn {
	xport *xp;
	void *impl;      /* the transport's own connection object */
	bool server;     /* accepted (true) or actively opened (false) */
	void *user;      /* the application's per-connection state */
};

struct xport_ops {
	const char *name;
	const char *summary;
	/* Build the per-workload transport from the workload's values (TCP_SCENARIO_KEYS and
	 * XPORT_SCENARIO_KEYS are in every TCP-based workload's schema). */
	void *(*create)(struct world *w, const char *workload_name, const scn_values *v, GError **error);
	void (*destroy)(void *state);
	/* Accept connections on `port` of host `h`. */
	bool (*listen)(xport *xp, host *h, uint16_t port, GError **error);
	/* Open a connection from `local` (an address of `h`) to remote:port. */
	xport_conn *(*connect)(xport *xp, host *h, const net_addr *local, const net_addr *remote, uint16_t port,
			       sim_time_t now, GError **error);
	uint64_t (*send)(xport_conn *c, uint64_t bytes, sim_time_t now);
	uint64_t (*send_space)(const xport_conn *c);
	void (*close)(xport_conn *c, sim_time_t now);
	void (*abort)(xport_conn *c, sim_time_t now);
	/* Counters and state of one connection into `out`. */
	void (*report_conn)(const xport_conn *c, report_section *out);
};

extern const xport_ops *const xport_all[];

struct xport {
	const xport_ops *ops;
	void *state;
	const xport_callbacks *cb;
	void *cb_ctx;
	GPtrArray *conns; /* xport_conn*, owned, in creation order (accepted and opened) */
};

/* The `transport` key, for workload key tables. */
#define XPORT_SCENARIO_KEYS                                                                                         \
	{ .name = "transport", .type = SCN_MODEL, .default_value = "tcp", .models = (const void *const *)xport_all, \
	  .model_kind = "transport", .doc = "what carries the workload's bytes: tcp, or mptcp through the hosts' MPTCP stacks ([host.NAME] mptcp_* keys; of the TCP keys only trace_interval applies to mptcp)" }

/* The transport named by the workload's `transport` key; callbacks go to cb/cb_ctx. */
xport *xport_new(struct world *w, const char *workload_name, const scn_values *v, const xport_callbacks *cb,
		 void *cb_ctx, GError **error);
void xport_free(xport *xp);

static inline bool xport_listen(xport *xp, host *h, uint16_t port, GError **error)
{
	return xp->ops->listen(xp, h, port, error);
}

static inline xport_conn *xport_connect(xport *xp, host *h, const net_addr *local, const net_addr *remote,
					uint16_t port, sim_time_t now, GError **error)
{
	return xp->ops->connect(xp, h, local, remote, port, now, error);
}

static inline uint64_t xport_send(xport_conn *c, uint64_t bytes, sim_time_t now)
{
	return c->xp->ops->send(c, bytes, now);
}

static inline uint64_t xport_send_space(const xport_conn *c)
{
	return c->xp->ops->send_space(c);
}

static inline void xport_close(xport_conn *c, sim_time_t now)
{
	c->xp->ops->close(c, now);
}

static inline void xport_abort(xport_conn *c, sim_time_t now)
{
	c->xp->ops->abort(c, now);
}

static inline void xport_report_conn(const xport_conn *c, report_section *out)
{
	c->xp->ops->report_conn(c, out);
}

/* For transports: a new connection object owned by `xp`. */
xport_conn *xport_conn_add(xport *xp, void *impl, bool server);

#endif
