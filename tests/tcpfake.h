/* tcpfake.h — test support for protocol/tcp without the simulator.
 *
 *  tcpfake  a proto_env that captures every emitted segment (with its time) and trace record, and
 *           draws random numbers from a seeded xorshift;
 *  tcpseg   builders for segments a test sends by hand, as a packetdrill script would;
 *  tcpapp   an application that records what the callbacks report and can run a bulk transfer;
 *  tcpwire  two nodes joined by a fixed-delay link (optional rate and drop-tail queue) with a
 *           drop filter chosen by the test, and a loop that delivers segments and fires timers in
 *           time order — a simulator of a few dozen lines for end-to-end tests.
 * Time is whatever the test says it is; nothing here reads a clock. */
#ifndef MPTCPSIM_TESTS_TCPFAKE_H
#define MPTCPSIM_TESTS_TCPFAKE_H

#include "env.h"
#include "segment.h"
#include "tcp/tcp.h"
#include "tcp/tcp_listener.h"
#include "tcp/tcp_options.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- fake env ---- */

typedef struct tcpfake {
	proto_env env;
	GArray *segs;   /* segment */
	GArray *times;  /* sim_time_t, when each was emitted */
	GArray *traces; /* trace_record */
	uint64_t rng;
	void (*forward)(void *ctx, const segment *seg, sim_time_t now); /* optional: also hand it on */
	void *forward_ctx;
} tcpfake;

void tcpfake_init(tcpfake *f, uint64_t seed);
void tcpfake_fini(tcpfake *f);
size_t tcpfake_count(const tcpfake *f);
const segment *tcpfake_seg(const tcpfake *f, size_t i);
sim_time_t tcpfake_time(const tcpfake *f, size_t i);
const segment *tcpfake_last(const tcpfake *f);
/* Segments emitted from index `from` on that carry payload. */
size_t tcpfake_count_data(const tcpfake *f, size_t from);
/* Last trace value of `metric`, or `dflt`. */
int64_t tcpfake_trace_last(const tcpfake *f, trace_metric metric, int64_t dflt);
size_t tcpfake_trace_count(const tcpfake *f, trace_metric metric);

/* ---- segments written by hand ---- */

segment tcpseg_make(const net_addr *src, uint16_t sport, const net_addr *dst, uint16_t dport, uint8_t flags,
		    uint32_t seq, uint32_t ack, uint16_t window);
void tcpseg_set_options(segment *s, const tcp_opts *o);
/* Pattern payload of `len` bytes from (stream, offset). */
void tcpseg_set_payload(segment *s, uint64_t stream, uint64_t offset, uint32_t len);
/* Parse a captured segment's options. */
tcp_opts tcpseg_opts(const segment *s);

/* ---- application recorder ---- */

typedef struct tcpapp {
	/* sender side */
	uint64_t to_send;        /* bytes not yet queued */
	bool close_when_sent;    /* tcp_conn_close once everything is queued */
	bool close_on_peer_fin;  /* passive close when the peer's FIN arrives */
	/* what the callbacks said */
	int connected;
	sim_time_t connected_at;
	uint64_t received;       /* bytes delivered */
	uint64_t next_offset;    /* deliveries must be contiguous from 0 */
	bool gap;                /* a delivery did not start at next_offset */
	bool all_intact;
	int data_calls;
	int not_intact_calls;
	int peer_fin;
	sim_time_t peer_fin_at;
	int closed;
	tcp_close_reason reason;
	sim_time_t closed_at;
	int send_space_calls;
} tcpapp;

void tcpapp_init(tcpapp *a);
extern const tcp_callbacks tcpapp_callbacks;
/* Queue as much of `bytes` as fits now and the rest as space frees up. */
void tcpapp_bulk(tcpapp *a, tcp_conn *c, uint64_t bytes, bool close_when_sent, sim_time_t now);

/* ---- two nodes and a link ---- */

/* Return true to drop. `dir` is 0 for node 0 -> node 1; `index` counts that direction's segments. */
typedef bool (*tcpwire_drop_fn)(void *ctx, int dir, uint64_t index, const segment *seg);

typedef struct tcpwire_node {
	net_addr addr;
	tcpfake fake;           /* its env; captures what it sent */
	GPtrArray *conns;       /* tcp_conn*, not owned */
	tcp_listener *listener; /* not owned; may be NULL */
	int index;
	struct tcpwire *wire;
} tcpwire_node;

typedef struct tcpwire {
	tcpwire_node node[2];
	sim_time_t delay;         /* one-way propagation */
	uint64_t rate_bps;        /* 0: no serialization delay */
	uint64_t queue_bytes;     /* drop-tail limit of each direction's queue; 0: unlimited */
	tcpwire_drop_fn drop;
	void *drop_ctx;
	sim_time_t now;
	GQueue inflight[2];       /* struct tcpwire_pkt*, arrival order */
	sim_time_t tx_free_at[2]; /* when each direction's transmitter is idle */
	uint64_t tx_rem[2];       /* serialization remainder carried between packets */
	uint64_t sent[2], dropped[2], queue_drops[2], delivered[2];
	uint64_t events;
} tcpwire;

void tcpwire_init(tcpwire *w, const net_addr *a, const net_addr *b, sim_time_t delay, uint64_t seed);
void tcpwire_fini(tcpwire *w);
void tcpwire_add_conn(tcpwire *w, int node, tcp_conn *c);
void tcpwire_set_listener(tcpwire *w, int node, tcp_listener *l);
const proto_env *tcpwire_env(tcpwire *w, int node);
/* Run until `until` or until nothing is pending; returns the time reached. */
sim_time_t tcpwire_run(tcpwire *w, sim_time_t until);

#endif
