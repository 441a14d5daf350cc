/* tcp_cc.h — congestion control as an ops table, found by name (base/registry.h).
 *
 * TCP owns the loss detection and recovery machinery (RFC 6675, RFC 6582, RFC 6298); a congestion
 * control only decides the numbers: how cwnd grows on an ACK, what ssthresh and cwnd become when
 * loss is detected or the timer expires. Each algorithm is one file ending with its
 * `const tcp_cc_ops`, listed in the NULL-terminated tcp_cc_all[] (tcp_cc.c).
 *
 * The algorithm reads and writes a tcp_cc_state embedded in the connection; its own variables live
 * in `priv` (no allocation). Coupled controls for MPTCP (LIA, OLIA, BALIA) must see every subflow
 * of their connection: a connection may belong to a tcp_cc_group, whose member list the algorithm
 * walks, reading each member's state with tcp_conn_cc().
 *
 * When TCP calls what:
 *   init              once, when the handshake completes (cwnd already holds the initial window)
 *   on_ack            an ACK delivered new data outside loss recovery (slow start / avoidance)
 *   on_congestion     loss detected by duplicate ACKs or SACK, entering fast recovery: set
 *                     ssthresh_bytes and cwnd_bytes (TCP then inflates for NewReno, RFC 6582)
 *   on_rto            the retransmission timer expired (`consecutive` counts back-to-back expiries)
 *   on_recovery_exit  fast recovery ended; TCP has already set cwnd = ssthresh (optional)
 *   release           the connection is being freed (optional) */
#ifndef MPTCPSIM_PROTOCOL_TCP_CC_H
#define MPTCPSIM_PROTOCOL_TCP_CC_H

#include "simtime.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tcp_conn tcp_conn;
typedef struct tcp_cc_group tcp_cc_group;

/* Bytes of private state an algorithm may keep in tcp_cc_state.priv. */
#define TCP_CC_PRIV_BYTES 128

typedef struct tcp_cc_state {
	/* Written by the algorithm. */
	uint32_t cwnd_bytes;
	uint32_t ssthresh_bytes;
	/* Kept current by TCP; read-only for the algorithm. */
	uint32_t mss_bytes;         /* sender MSS (payload bytes of a full segment) */
	uint32_t flight_size_bytes; /* RFC 5681 FlightSize: sent and not cumulatively acknowledged */
	uint32_t pipe_bytes;        /* RFC 6675 pipe: presumed in the network */
	uint32_t initial_cwnd_bytes;
	uint64_t snd_una;           /* sequence offsets (from the ISN) of the oldest unacknowledged */
	uint64_t snd_nxt;           /* and the next new byte: round boundaries (HyStart++) */
	sim_time_t srtt_ns;         /* 0 until the first RTT sample */
	sim_time_t min_rtt_ns;
	bool cwnd_limited;          /* the sender used its window recently (growth is allowed) */
	tcp_conn *conn;
	tcp_cc_group *group;        /* NULL unless coupled (MPTCP) */
	/* The algorithm's own variables. */
	_Alignas(8) unsigned char priv[TCP_CC_PRIV_BYTES];
} tcp_cc_state;

typedef struct tcp_cc_ack {
	uint32_t acked_bytes; /* newly delivered: cumulatively acked and not SACKed before, or newly SACKed */
	sim_time_t rtt_ns;    /* RTT sample carried by this ACK, 0 when none (Karn's rule) */
} tcp_cc_ack;

typedef struct tcp_cc_ops {
	const char *name; /* first: registry_find() */
	void (*init)(tcp_cc_state *cc, sim_time_t now);
	void (*on_ack)(tcp_cc_state *cc, const tcp_cc_ack *ack, sim_time_t now);
	void (*on_congestion)(tcp_cc_state *cc, sim_time_t now);
	void (*on_rto)(tcp_cc_state *cc, unsigned consecutive, sim_time_t now);
	void (*on_recovery_exit)(tcp_cc_state *cc, sim_time_t now);
	void (*release)(tcp_cc_state *cc);
} tcp_cc_ops;

/* The connections whose windows a coupled algorithm controls together. Members are listed in the
 * order they joined; `priv` is the algorithm's connection-level state. The group does not own its
 * members; a connection leaves its group when it is freed. */
struct tcp_cc_group {
	tcp_conn **members;
	uint32_t n_members;
	uint32_t cap;
	void *priv;
};

extern const tcp_cc_ops tcp_cc_reno;
extern const tcp_cc_ops tcp_cc_cubic;
extern const tcp_cc_ops tcp_cc_lia;
extern const tcp_cc_ops tcp_cc_olia;
extern const tcp_cc_ops tcp_cc_balia;
/* Every built-in algorithm, NULL-terminated. */
extern const tcp_cc_ops *const tcp_cc_all[];

void tcp_cc_group_init(tcp_cc_group *g);
void tcp_cc_group_fini(tcp_cc_group *g);

/* Helpers shared by algorithms. */

/* RFC 5681 eq. (4): max(FlightSize / 2, 2*SMSS). */
static inline uint32_t tcp_cc_half_flight(const tcp_cc_state *cc)
{
	uint32_t half = cc->flight_size_bytes / 2, floor = 2 * cc->mss_bytes;
	return half > floor ? half : floor;
}

static inline bool tcp_cc_in_slow_start(const tcp_cc_state *cc)
{
	return cc->cwnd_bytes < cc->ssthresh_bytes;
}

/* RFC 5681 §3.1 with RFC 3465 (L = 2): grow by the bytes acknowledged, at most 2*SMSS per ACK and
 * not beyond ssthresh. Returns the acked bytes left over for congestion avoidance. */
uint32_t tcp_cc_slow_start(tcp_cc_state *cc, uint32_t acked_bytes);

/* What Reno-like algorithms share, so that each file holds only what is its own: */
/* A fresh state: `priv_bytes` of priv zeroed, ssthresh unbounded (RFC 5681 §3.1: the initial
 * ssthresh may be arbitrarily high). */
void tcp_cc_init_priv(tcp_cc_state *cc, size_t priv_bytes);
/* An ACK's growth up to congestion avoidance: nothing while the sender is application-limited
 * (RFC 7661's spirit, as Linux), then slow start (tcp_cc_slow_start). Returns the acknowledged
 * bytes left for congestion avoidance, 0 when none are. */
uint32_t tcp_cc_acked_for_avoidance(tcp_cc_state *cc, const tcp_cc_ack *ack);
/* A loss detected by duplicate ACKs or SACK: ssthresh = max(FlightSize/2, 2*SMSS) (RFC 5681 §3.2
 * eq. (4)) and cwnd = ssthresh (RFC 6675 §5 step 4.2). */
void tcp_cc_halve(tcp_cc_state *cc);
/* A retransmission timeout: ssthresh falls only for a segment not yet resent by the timer (the
 * first of `consecutive` expiries), and cwnd becomes the loss window of one segment (RFC 5681
 * §3.1). */
void tcp_cc_loss_window(tcp_cc_state *cc, unsigned consecutive);

/* Fold a congestion-avoidance increase of `inc_bytes` (negative: a decrease) into the integer
 * window: whole bytes move cwnd, the fraction waits in `*carry`. cwnd stays within [SMSS, 2^32-1];
 * a decrease stopped at SMSS drops what it still owed. The same arithmetic on every build, so the
 * coupled algorithms' doubles never make a run depend on the compiler. */
void tcp_cc_add_fraction(tcp_cc_state *cc, double *carry, double inc_bytes);

/* LIA (RFC 6356 §4): max_k(cwnd_k/rtt_k^2) / (sum_k cwnd_k/rtt_k)^2 over the established members of
 * cc's group with an RTT sample, in 1/bytes (alpha / cwnd_total); 0 without a group. For tests. */
double tcp_cc_lia_factor(const tcp_cc_state *cc);

/* A subflow as OLIA's and BALIA's formulas see it. Their arithmetic is exposed on arrays of these
 * so that tests can check it on hand-made paths. */
typedef struct tcp_cc_path {
	double cwnd_bytes;
	double rtt_s;           /* smoothed RTT, seconds (> 0) */
	double l_bytes;         /* OLIA's l_r: bytes acknowledged between losses (tcp_cc_olia.c) */
	const tcp_cc_state *cc; /* the member's state (NULL in tests) */
} tcp_cc_path;

/* More than an MPTCP connection has subflows (1 + mptcp_subflows_max <= 9): members past this are
 * left out of the sums. */
#define TCP_CC_MAX_PATHS 32

/* The members of cc's group a coupled algorithm `ops` weighs: established, with an RTT sample and
 * running `ops` themselves, in the group's order but with cc first. Returns how many (at most
 * TCP_CC_MAX_PATHS) were written to `out`; 0 when cc itself does not qualify or has no group. */
size_t tcp_cc_group_paths(const tcp_cc_state *cc, const tcp_cc_ops *ops, tcp_cc_path *out);

/* OLIA (tcp_cc_olia.c) on paths[0..n), n >= 1: alpha_r of path r, and the window increase in
 * bytes that acknowledging `acked` bytes on path r brings in congestion avoidance (negative for a
 * path whose window is taken from). l_r of a connection running OLIA, for tests. */
double tcp_cc_olia_alpha(const tcp_cc_path *paths, size_t n, size_t r);
double tcp_cc_olia_increase(const tcp_cc_path *paths, size_t n, size_t r, double mss, double acked);
uint64_t tcp_cc_olia_l_bytes(const tcp_cc_state *cc);

/* BALIA (tcp_cc_balia.c) on paths[0..n), n >= 1: alpha_r = max_k x_k / x_r with x = cwnd/rtt;
 * the increase in bytes for `acked` bytes acknowledged on path r; the fraction of its window path
 * r gives up on a loss, min(alpha_r, 1.5) / 2. */
double tcp_cc_balia_alpha(const tcp_cc_path *paths, size_t n, size_t r);
double tcp_cc_balia_increase(const tcp_cc_path *paths, size_t n, size_t r, double mss, double acked);
double tcp_cc_balia_decrease(const tcp_cc_path *paths, size_t n, size_t r);

#endif
