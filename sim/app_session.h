/* app_session.h — what the user-facing application models (siri, interactive, streaming, web)
 * share: one client connection over the workload's transport, kept alive across failures the way
 * apps do without MPTCP, and the per-run metrics a phone user feels.
 *
 * The client connects from `from` to `to` at `start`. With `failover = reconnect`, when the
 * connection stops making progress for `failover_after` while data is owed, or the client's
 * primary interface goes down or loses its address (the host tells its observers, host.h), or the
 * connection dies, the session aborts it and connects again from `failover_to` (a new handshake; a
 * cellular radio that idled promotes first, radio.h). When the host reports the primary interface
 * up again (an interface-up or address-added notification after the failover; a link that failed
 * silently never says so) the application moves back to it at its next request
 * (app_session_request_begins). Each (re)connection
 * reaches the model through `client_up`, which re-sends whatever was in flight.
 *
 * Metrics (app_session_report): the handover gap — the longest time data was owed to a receiving
 * application of the workload with none arriving (owed: bytes written plus responses awaited, as the
 * model declares them with app_session_owe) —, connections and failovers, and the bytes carried and
 * the radio-on time of each interface of the client host (cellular = interfaces with a radio).
 *
 * Every byte delivered is verified (`intact` false fails the run). Lifetime: created by the model's
 * create(), freed with its destroy(). */
#ifndef MPTCPSIM_SIM_APP_SESSION_H
#define MPTCPSIM_SIM_APP_SESSION_H

#include "tcp_scenario.h"
#include "transport.h"
#include "workload_common.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct app_session app_session;

typedef struct app_session_callbacks {
	/* A client connection is established (the first, or one after a failover or a return). */
	void (*client_up)(void *ctx, sim_time_t now);
	/* In-order bytes for the client on its current connection. */
	void (*client_data)(void *ctx, uint64_t bytes, sim_time_t now);
	/* Server side: in-order bytes from a client connection. */
	void (*server_data)(void *ctx, xport_conn *c, uint64_t bytes, sim_time_t now);
	/* Server side: a new connection (optional). */
	void (*server_accept)(void *ctx, xport_conn *c, sim_time_t now);
} app_session_callbacks;

/* The keys every application model has besides its own: endpoints, start, port, failover,
 * transport and TCP keys. */
#define APP_SESSION_KEYS                                                                                                  \
	{ .name = "from", .type = SCN_ENDPOINT, .doc = "client HOST.IFACE (its primary interface) or HOST" },                \
	{ .name = "to", .type = SCN_ENDPOINT, .doc = "server HOST or HOST.IFACE" },                                          \
	{ .name = "start", .type = SCN_TIME, .default_value = "0s", .doc = "when the client connects" },                     \
	{ .name = "port", .type = SCN_INT, .default_value = "443", .min = 1, .max = 65535, .doc = "server port" },           \
	{ .name = "failover", .type = SCN_CHOICE, .default_value = "none", .choices = app_session_failover_choices,         \
	  .doc = "none: stay on `from`; reconnect: when the connection stalls, dies or `from` goes down, abort it and "       \
		 "connect again from `failover_to` (single-path TCP use of two radios)" },                                    \
	{ .name = "failover_after", .type = SCN_TIME, .default_value = "1500ms", .min = 1,                                   \
	  .doc = "with failover = reconnect: how long data may be owed with none arriving before the connection counts "      \
		 "as failed" },                                                                                               \
	{ .name = "failover_to", .type = SCN_ENDPOINT, .optional = true,                                                  \
	  .doc = "with failover = reconnect: the client's HOST.IFACE to reconnect from (required then)" },                    \
	XPORT_SCENARIO_KEYS, TCP_SCENARIO_KEYS

extern const char *const app_session_failover_choices[];

/* Resolve endpoints, create the transport, listen, schedule the connect. Errors name the group and
 * key. A model with several connections makes one session each, `index` 0, 1, …: session i
 * listens on `port` + i and its transport's tables are named after "NAME-cI" (i > 0). */
app_session *app_session_new(world *w, const char *name, const scn_values *v, unsigned index,
			     const app_session_callbacks *cb, void *ctx, GError **error);
void app_session_free(app_session *s);

/* Write `bytes` on the client's current connection (queued until it takes them; dropped with the
 * connection). False when there is no established connection. */
bool app_session_client_send(app_session *s, uint64_t bytes, sim_time_t now);
bool app_session_client_connected(const app_session *s);
/* The client interface the current (or latest) connection was opened from: `from`'s or
 * `failover_to`'s name (over mptcp, that of the initial subflow). */
const char *app_session_client_iface(const app_session *s);
/* Write `bytes` on a server-side connection (queued until it takes them). */
void app_session_server_send(app_session *s, xport_conn *c, uint64_t bytes, sim_time_t now);
/* The model's per-connection server state (NULL at first; g_free'd with the session). */
void **app_session_server_user(xport_conn *c);

/* The application starts a new request: moves back to the primary interface when the session is on
 * its failover interface and the primary is usable again (or reconnects when there is no
 * connection). True when a connection is established now; otherwise client_up follows. */
bool app_session_request_begins(app_session *s, sim_time_t now);

/* Handover-gap accounting: `bytes` more are owed to a receiving application (written or waiting to
 * be written, or a response now awaited). app_session_forget drops what is owed without ending a
 * gap (the model then declares again what it re-sends: every client_up starts with it);
 * app_session_settle drops it and ends the gap now (a request answered otherwise, or given up). */
void app_session_owe(app_session *s, uint64_t bytes, sim_time_t now);
void app_session_forget(app_session *s);
void app_session_settle(app_session *s, sim_time_t now);

sim_time_t app_session_now(const app_session *s);

/* handover_gap_ns, connections, failovers, returns, conn_failures, cellular_bytes, radio_on_ns,
 * a child "ifaces" with bytes and radio-on time of each client interface, and the client's current
 * connection's transport counters as "client". */
void app_session_report(app_session *s, report_section *out);
/* The same for a model's `n` sessions: the longest gap of any, counts summed, the interfaces of
 * the client host, and the first session's connection. */
void app_session_report_many(app_session *const *s, unsigned n, report_section *out);

#endif
