/* tcp_listener.h — passive open: one listening endpoint that accepts many connections.
 *
 * The host adapter (sim/) hands every segment for the listening port to tcp_listener_input(),
 * which demultiplexes on the 4-tuple: a known connection gets the segment, a SYN creates a
 * connection (configured like the listener) and on_accept lets the application attach callbacks
 * or an extension before the SYN is processed, and anything else is answered with a RST
 * (RFC 9293 §3.10.7.1). The listener owns its connections; closed ones are freed by
 * tcp_listener_reap(), after on_release, so the adapter can drop its timer for them. */
#ifndef MPTCPSIM_PROTOCOL_TCP_LISTENER_H
#define MPTCPSIM_PROTOCOL_TCP_LISTENER_H

#include "tcp.h"

typedef struct tcp_listener tcp_listener;

typedef struct tcp_listener_callbacks {
	/* A connection was created for the SYN `syn`; it is in LISTEN and processes the SYN next. */
	void (*on_accept)(void *ctx, tcp_listener *l, tcp_conn *c, const segment *syn, sim_time_t now);
	/* `c` is CLOSED and about to be freed by tcp_listener_reap(). */
	void (*on_release)(void *ctx, tcp_listener *l, tcp_conn *c);
} tcp_listener_callbacks;

/* Listen on `port` at `local` (NULL: any local address). Fails like tcp_conn_new on a bad config. */
tcp_listener *tcp_listener_new(const tcp_config *cfg, const proto_env *env, const net_addr *local, uint16_t port,
			       const tcp_listener_callbacks *cb, void *ctx, GError **error);
/* Frees every connection it still holds (without callbacks). */
void tcp_listener_free(tcp_listener *l);

/* The connection `seg` belongs to (by its 4-tuple, seen from this side), or NULL. */
tcp_conn *tcp_listener_lookup(const tcp_listener *l, const segment *seg);
/* Route `seg`: returns the connection that processed it, NULL when none did. */
tcp_conn *tcp_listener_input(tcp_listener *l, const segment *seg, sim_time_t now);
/* Free the CLOSED connections; returns how many. */
size_t tcp_listener_reap(tcp_listener *l);

size_t tcp_listener_count(const tcp_listener *l);
/* Connections in the order they were accepted. */
tcp_conn *tcp_listener_conn(const tcp_listener *l, size_t i);

#endif
