/* tcpscript.h — one connection under test and a peer the test writes by hand.
 *
 * The connection is an active opener at 10.0.0.1:40000; the peer is 10.0.0.2:80 with ISN
 * TCPSCRIPT_PEER_ISN (close to 2^32, so sequence numbers wrap during the tests). Offsets given to
 * the helpers are data offsets (byte n of a direction), converted to wire numbers here. */
#ifndef MPTCPSIM_TESTS_TCPSCRIPT_H
#define MPTCPSIM_TESTS_TCPSCRIPT_H

#include "tcpfake.h"

#define TCPSCRIPT_PEER_ISN 0xfffff000u

typedef struct tcpscript {
	tcpfake f;
	tcpapp app;
	tcp_conn *c;
	net_addr me, peer;
	uint16_t my_port, peer_port;
	uint32_t iss;        /* the connection's ISN (from its SYN) */
	uint32_t peer_isn;
	bool peer_sack, peer_ts;
	int peer_wscale;     /* -1: the peer sends no window scale option */
	uint32_t peer_tsval;
	uint64_t peer_snd;   /* data bytes the peer has sent */
	sim_time_t now;
} tcpscript;

/* Peer capabilities for tcpscript_open. */
typedef struct tcpscript_peer {
	bool sack;
	bool ts;
	int wscale; /* -1: none */
	uint16_t mss;
} tcpscript_peer;

/* Create the connection with `cfg`, connect at time 0, answer with a SYN-ACK after `rtt`. */
void tcpscript_open(tcpscript *s, const tcp_config *cfg, const tcpscript_peer *peer, sim_time_t rtt);
/* Create and connect only (the SYN is the last captured segment). */
void tcpscript_start(tcpscript *s, const tcp_config *cfg, const tcpscript_peer *peer);
/* The peer's SYN-ACK answering the connection's SYN. */
segment tcpscript_synack(tcpscript *s);
void tcpscript_close(tcpscript *s);

/* An ACK from the peer for `acked` data bytes (0 acknowledges just the SYN), advertising `window`
 * bytes (scaled by the peer's window scale). */
segment tcpscript_ack(tcpscript *s, uint64_t acked, uint32_t window);
/* Add SACK blocks, given as data offsets [start, end), to a segment from the peer. */
void tcpscript_sack(tcpscript *s, segment *seg, unsigned n, const uint64_t *starts, const uint64_t *ends);
/* Data from the peer: `len` bytes at data offset `offset` of the peer's stream. */
segment tcpscript_data(tcpscript *s, uint64_t offset, uint32_t len);
/* Deliver a segment to the connection at `t` (s->now becomes t). */
void tcpscript_in(tcpscript *s, const segment *seg, sim_time_t t);
/* Run the connection's timers up to `t` in order. */
void tcpscript_timers(tcpscript *s, sim_time_t t);

/* Wire sequence number of the connection's data offset `off`, and back. */
uint32_t tcpscript_seq(const tcpscript *s, uint64_t off);
uint64_t tcpscript_off(const tcpscript *s, uint32_t seq);
/* Data offset of a captured segment from the connection. */
uint64_t tcpscript_seg_off(const tcpscript *s, const segment *seg);

#endif
