/* mptcpfake.h — test support for protocol/mptcp without the simulator.
 *
 *  mpnet  two hosts, each an mptcp_stack with a fake env (tcpfake.h: captures every segment it
 *         emits, seeded random numbers) and any number of addresses, wired back to back: every
 *         segment reaches the host owning its destination address after a delay chosen per path.
 *         A filter chosen by the test sees each segment on the wire and may drop it, strip its
 *         MPTCP options, corrupt its payload or change it otherwise. A loop delivers segments and
 *         fires the stacks' timers in time order; time is whatever the test says.
 *  mpapp  an application recording what the callbacks report (data must arrive in order and
 *         intact), able to run a bulk transfer and to close when done.
 * Nothing here reads a clock. */
#ifndef MPTCPSIM_TESTS_MPTCPFAKE_H
#define MPTCPSIM_TESTS_MPTCPFAKE_H

/* tcpfake.h first: tcp_options.h declares TCPOPT_EOL/NOP as enumerators, which options.h's macros
 * of the same names would break if they came before */
#include "tcpfake.h"

#include "mptcp/mptcp.h"
#include "mptcp/options.h"

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

/* ---- application recorder ---- */

typedef struct mpapp {
	uint64_t to_send;       /* bytes not yet queued */
	bool close_when_sent;
	bool close_on_peer_fin;
	int accepted;
	int connected;
	sim_time_t connected_at;
	uint64_t received;
	uint64_t next_offset;
	bool gap;               /* a delivery did not start at next_offset */
	bool all_intact;
	int not_intact_calls;
	int peer_fin;
	sim_time_t peer_fin_at;
	int closed;
	mptcp_close_reason reason;
	sim_time_t closed_at;
	int subflows_established, subflows_closed;
	mptcp_conn *conn;
} mpapp;

void mpapp_init(mpapp *a);
extern const mptcp_callbacks mpapp_callbacks;
/* Queue as much of `bytes` as fits now and the rest as space frees up. */
void mpapp_bulk(mpapp *a, mptcp_conn *c, uint64_t bytes, bool close_when_sent, sim_time_t now);

/* ---- two hosts and a wire ---- */

typedef enum mpnet_verdict {
	MPNET_PASS,
	MPNET_DROP,
} mpnet_verdict;

/* `dir` is 0 for host 0 -> host 1; `index` counts that direction's segments from 0. The segment
 * may be changed in place. */
typedef mpnet_verdict (*mpnet_filter_fn)(void *ctx, int dir, uint64_t index, segment *seg);
/* One-way delay of a segment (default: mpnet.delay for every path). */
typedef sim_time_t (*mpnet_delay_fn)(void *ctx, const segment *seg);

typedef struct mpnet_host {
	mptcp_stack *st;
	tcpfake fake;          /* captures what it sent; its random numbers */
	proto_env env;         /* the stack's: tcpfake's, with scripted random numbers first */
	uint64_t script[8];    /* the next random numbers the stack draws (keys, ISNs, nonces) */
	unsigned n_script, i_script;
	net_addr addrs[8];
	unsigned n_addrs;
	mptcp_config cfg;
	tcp_config tcp_cfg;
} mpnet_host;

typedef struct mpnet {
	mpnet_host host[2];
	sim_time_t delay;
	uint64_t rate_bps;     /* 0: none; else each address sends at this rate (a link per address) */
	sim_time_t tx_free_at[2][8];
	mpnet_delay_fn delay_fn;
	void *delay_ctx;
	mpnet_filter_fn filter;
	void *filter_ctx;
	sim_time_t now;
	GList *inflight;       /* struct mpnet_pkt*, by arrival time then sending order */
	uint64_t seq;
	uint64_t sent[2], dropped[2], delivered[2], unroutable;
	uint64_t events;
	mpapp client, server;  /* host 0 connects, host 1 listens */
	mptcp_conn *cc;        /* the client's connection */
} mpnet;

#define MPNET_PORT 80

/* Hosts with configurations `ccfg` (client, host 0) and `scfg` (server, host 1) (NULL: defaults),
 * TCP defaults with `tcp` (NULL: tcp_config_default), one address each: 10.0.0.1 and 10.0.1.1.
 * The server listens on MPNET_PORT with the server recorder. */
void mpnet_init(mpnet *n, const mptcp_config *ccfg, const mptcp_config *scfg, const tcp_config *tcp, sim_time_t delay);
void mpnet_fini(mpnet *n);
/* Another address of a host (it must be added to its stack with mptcp_stack_add_address to be
 * used by path managers; this only makes the wire route to it). */
void mpnet_add_route(mpnet *n, int host, const net_addr *a);
/* Connect the client's first address to the server's, recorder `client`. */
mptcp_conn *mpnet_connect(mpnet *n);
/* The server's connection (the first one accepted), or NULL. */
mptcp_conn *mpnet_server_conn(const mpnet *n);
/* Run until `until` or until nothing is pending; returns the time reached. */
sim_time_t mpnet_run(mpnet *n, sim_time_t until);
uint64_t mpnet_mib(const mpnet *n, int host, mptcp_mib m);
/* The last trace value of `metric` host `h` wrote for `subflow_id` (0: the data level), or dflt;
 * and how many such records. */
int64_t mpnet_trace_last(const mpnet *n, int h, uint32_t subflow_id, trace_metric metric, int64_t dflt);
size_t mpnet_trace_count(const mpnet *n, int h, uint32_t subflow_id, trace_metric metric);

/* ---- looking at segments ---- */

/* Parse a segment's MPTCP options as a connection of `version`. */
mptcp_options mpseg_opts(const segment *s, uint8_t version);
/* Replace every MPTCP option of `s` by NOPs (a middlebox stripping them). */
void mpseg_strip(segment *s);
/* Flip a payload byte: the segment's bytes no longer come from its stream. */
void mpseg_corrupt(segment *s);
/* Print every segment both hosts sent, in time order, with its MPTCP options (for debugging a
 * test: call it where a check fails). */
void mpnet_dump(const mpnet *n, FILE *out);
/* Segments host `h` sent carrying option bit `bit` (MPTCP_OPT_*), parsed as `version`. */
size_t mpnet_count_opt(const mpnet *n, int h, uint32_t bit, uint8_t version);

#endif
