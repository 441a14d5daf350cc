/* mptcp_priv.h — the state of stacks, connections and subflows, and the functions the files of
 * protocol/mptcp/ share (not for callers; mptcp.h is the interface).
 *
 * Split by concern, as Linux's net/mptcp: stack.c (per-host demultiplexing, tokens, listeners,
 * addresses), protocol.c (the connection: lifecycle, application calls, DATA_FIN, closing,
 * timers, deferred callbacks), send.c (DATA_ACK, scheduling, reinjection, fallback sending),
 * sockopt.c (information and controls for the application), subflow.c (subflows over TCP: creation, joins, callbacks, payload
 * mapping on the sending side, resets), options_out.c (which options a segment carries, in the
 * 40-byte budget), options_in.c (what received options do), recv.c (mappings on the receiving
 * side, checksums, data-level reassembly, the shared window), pm.c (path-manager plumbing and
 * address signalling), sched_*.c and pm_*.c (policies).
 *
 * Offsets. The data level counts bytes from 0 in each direction: data offset n has the data
 * sequence number IDSN + 1 + n (RFC 8684 §3.3: the SYN takes the IDSN). A subflow counts its
 * own bytes from 0: subflow offset n has the relative subflow sequence number n + 1. Wire values
 * are converted at the edges (options_out.c, options_in.c). */
#ifndef MPTCPSIM_PROTOCOL_MPTCP_PRIV_H
#define MPTCPSIM_PROTOCOL_MPTCP_PRIV_H

#include "crypto.h"
#include "mptcp.h"
#include "options.h"
#include "pm.h"
#include "sched.h"
#include "tcp/tcp_cc.h"
#include "tcp/tcp_rangeset.h"

#include <glib.h>

/* Data-level retransmission timer (send.c): at least this (Linux TCP_RTO_MIN), doubling per expiry
 * up to 2^MPTCP_RTX_BACKOFF_MAX times. */
#define MPTCP_RTX_MIN_NS SIM_MS(200)
#define MPTCP_RTX_BACKOFF_MAX 6
/* Data-level retransmission of a lone DATA_FIN: first after this, doubling, at most this often. */
#define MPTCP_DATA_FIN_RTO_MIN_NS SIM_MS(200)
#define MPTCP_DATA_FIN_RETRIES 8
/* Ephemeral ports of subflows opened by the stack. */
#define MPTCP_EPHEMERAL_FIRST 40000u

typedef struct mptcp_tuple {
	net_addr local;
	net_addr remote;
	uint16_t local_port;
	uint16_t remote_port;
} mptcp_tuple;

/* ---- subflow ---- */

/* Sending side: subflow bytes [sf_off, sf_off + len) carry data [data_off, data_off + len). */
typedef struct mptcp_tx_map {
	uint64_t sf_off;
	uint64_t data_off;
	uint64_t len;
} mptcp_tx_map;

enum { MPTCP_CSUM_NONE, MPTCP_CSUM_PENDING, MPTCP_CSUM_OK, MPTCP_CSUM_BAD };

/* Receiving side: a mapping from a DSS (or MP_CAPABLE with data, RFC 8684 §3.1). */
typedef struct mptcp_rx_map {
	uint64_t sf_off;
	uint64_t data_off;
	uint64_t len;          /* payload bytes (the DATA_FIN's sequence number excluded) */
	uint64_t dsn;          /* 64-bit DSN of the first byte: the checksum's pseudo-header */
	uint32_t ssn;          /* relative subflow sequence number, as sent */
	uint16_t data_len;     /* Data-Level Length, as sent (a DATA_FIN counts) */
	uint8_t csum_state;    /* MPTCP_CSUM_* */
	uint16_t csum;         /* the checksum the option carried */
	uint32_t csum_sum;     /* running sum while the mapping spans several segments */
	uint64_t csum_bytes;   /* payload bytes summed so far */
	tcp_rangeset *csum_seen; /* which, when the mapping arrives in pieces */
} mptcp_rx_map;

/* Received bytes whose mapping was unknown when TCP accepted them: verified when it is. */
typedef struct mptcp_rx_piece {
	uint64_t sf_off;
	uint64_t len;
	payload_fill_fn fill;
	uint64_t stream;
	uint64_t offset;
} mptcp_rx_piece;

typedef struct mptcp_subflow {
	mptcp_conn *conn;
	tcp_conn *tcp;          /* NULL once released */
	mptcp_tuple tuple;
	uint32_t id;
	bool initial;           /* MP_CAPABLE (else MP_JOIN) */
	bool passive;
	uint8_t local_id, remote_id;
	bool backup;            /* we asked the peer to treat it as a backup */
	bool peer_backup;       /* the peer asked us */
	bool prio_pending;      /* an MP_PRIO with `backup` to send on it */

	/* Handshake. */
	uint32_t iss, irs;      /* TCP ISNs, from the SYN and SYN-ACK seen */
	bool irs_known;
	uint32_t local_nonce, remote_nonce;
	bool established;       /* TCP reached ESTABLISHED */
	bool fully_established; /* may carry data: RFC 8684 §3.1 / §3.2 (fourth ACK) */
	bool closing;           /* FIN sent or reset: no new data */
	bool closed;            /* TCP reached CLOSED (or was aborted) */
	bool stale;             /* no progress for stale_loss_cnt RTOs: skipped, its data reinjected */
	bool cellular;          /* its local address is a cellular endpoint (MPTCP_PM_ADDR_FLAG_CELLULAR) */
	uint8_t stale_count;    /* data-level timer expiries in a row that found it stuck (Linux) */
	uint64_t stale_una, stale_rcv; /* its snd_una and rcv_nxt at the first of them */
	bool released;
	bool counted_closed;    /* subflow_closed bookkeeping done */
	tcp_close_reason close_reason;

	/* Sending side. */
	GArray *tx;             /* mptcp_tx_map, by sf_off, contiguous */
	uint64_t tx_queued;     /* subflow bytes given to TCP */
	bool tx_infinite;       /* an infinite mapping from tx_inf_sf_off (RFC 8684 §3.7) */
	bool tx_inf_write;      /* ... that must be sent as a DSS with length 0 (answering MP_FAIL) */
	bool tx_inf_counted;
	uint64_t tx_inf_sf_off, tx_inf_data_off;

	/* Receiving side. */
	GArray *rx;             /* mptcp_rx_map, by sf_off */
	GArray *rx_pieces;      /* mptcp_rx_piece */
	tcp_rangeset rx_corrupt;/* subflow offsets whose bytes failed the data-level check */
	uint64_t rx_delivered;  /* subflow bytes TCP delivered in order */
	bool rx_infinite;
	uint64_t rx_inf_sf_off, rx_inf_data_off;
	uint64_t rx_last_sf_end, rx_last_data_end; /* end of the highest mapping seen */
	const segment *rx_seg;  /* the segment being input (payload_expect reads its payload) */
	uint64_t rx_seg_off;    /* its subflow offset */

	/* Control. */
	bool mp_fail_awaiting;  /* MP_FAIL sent: waiting for the peer's infinite mapping */
	bool send_mp_fail;
	uint64_t mp_fail_dsn;
	bool fastclose;         /* MP_FASTCLOSE on our RST */
	uint8_t reset_reason;
	bool reset_transient;
	int reset_reason_sent, reset_reason_rcvd;

	/* Statistics. */
	uint64_t bytes_sent, bytes_reinjected, bytes_received;
	tcp_info final_info;
	uint64_t final_counters[TCP_CNT_COUNT];
	const char *cc_name;
} mptcp_subflow;

/* ---- path manager state of a connection (pm.c) ---- */

typedef struct mptcp_pm_announce {
	pm_addr addr;
	bool pending;           /* to be written */
	bool echoed;
	bool dropped;           /* cannot fit: given up */
	uint32_t sent;          /* transmissions so far */
	sim_time_t rtx_at;
} mptcp_pm_announce;

typedef struct mptcp_pm_state {
	const pm_ops *ops;
	void *priv;
	GArray *announced;      /* mptcp_pm_announce */
	GArray *remotes;        /* pm_addr: ID 0 and accepted ADD_ADDRs */
	GArray *echoes;         /* pm_addr to echo */
	uint8_t rm_ids[MPTCP_RM_IDS_MAX];
	uint8_t n_rm;
	uint32_t add_addr_accepted;
	bool established_told;
} mptcp_pm_state;

/* ---- connection ---- */

enum {
	MPTCP_EV_CONNECTED = 1u << 0,
	MPTCP_EV_DATA = 1u << 1,
	MPTCP_EV_SEND_SPACE = 1u << 2,
	MPTCP_EV_PEER_FIN = 1u << 3,
	MPTCP_EV_CLOSED = 1u << 4,
	MPTCP_EV_ACCEPT = 1u << 5,
};

typedef struct mptcp_sf_event {
	uint32_t id;
	mptcp_subflow_event ev;
} mptcp_sf_event;

struct mptcp_conn {
	mptcp_stack *st;
	uint32_t id;
	mptcp_config cfg;
	mptcp_callbacks cb;
	void *cb_ctx;
	bool server_side;
	tcp_cc_group cc_group;  /* every subflow's TCP: coupled congestion control (LIA) sees them all */

	/* Negotiated. */
	uint8_t version;
	bool csum;
	bool peer_deny_join_id0;
	bool fallback;            /* plain TCP: no more MPTCP options (RFC 8684 §3.7) */
	bool allow_infinite_fallback; /* one subflow and nothing reinjected yet (Linux) */
	mptcp_key local;
	bool local_key_valid;
	uint64_t remote_key;
	uint32_t remote_token;
	uint64_t remote_idsn;
	bool remote_key_valid;
	bool established;
	bool fully_established;
	bool ack64;               /* DATA_ACKs of 8 bytes: the peer sent 64-bit DSNs */

	/* Data streams (payload.h): the ISN of each side's initial subflow, which both ends know from
	 * the first SYN and SYN-ACK whatever happens later (fallback included), as tcp.h's default. */
	uint64_t snd_stream, rcv_stream;

	/* Sending (data offsets). */
	uint64_t snd_una, snd_nxt, snd_end;
	uint64_t snd_wnd_end;     /* right edge of the peer's window */
	tcp_rangeset reinject;    /* data to send again, below snd_nxt */
	bool fin_queued;          /* the application closed: DATA_FIN at snd_end */
	bool fin_sent, fin_acked;
	sim_time_t fin_rtx_at;
	uint32_t fin_rtx_count;
	bool wnd_blocked;         /* data waits for the peer's window */
	sim_time_t probe_at;      /* window probe (a byte beyond the window) when nothing is in flight */
	uint32_t probe_backoff;
	sim_time_t rtx_at;        /* data-level retransmission timer (Linux mptcp_retransmit_timer) */
	uint32_t rtx_backoff;     /* its expiries since the DATA_ACK last advanced */
	uint64_t rtx_una;         /* snd_una when it was last armed from progress */

	/* Receiving (data offsets). */
	uint64_t rcv_nxt, rcv_read;
	tcp_rangeset ooo;         /* received above rcv_nxt */
	tcp_rangeset corrupt;     /* received bytes that failed the check, not yet delivered */
	bool rcv_fin_known, rcv_fin;
	uint64_t rcv_fin_off;
	bool ack_pending;         /* a DATA_ACK must go out now (DATA_FIN received, window opened) */

	/* Subflows. */
	GPtrArray *subflows;      /* mptcp_subflow*, creation order, closed ones kept */
	uint32_t next_sf_id;
	mptcp_tuple initial_tuple;

	mptcp_pm_state pm;
	const sched_ops *sched;
	void *sched_priv;

	/* Deferred to the end of the entry point. */
	unsigned busy;
	unsigned ev;
	uint64_t ev_data_off, ev_data_len;
	bool ev_data_intact;
	GArray *ev_subflow;       /* mptcp_sf_event */
	bool closed;
	mptcp_close_reason close_reason;
	bool fastclosing;
	bool counted_estab;

	uint64_t bytes_reinjected;
};

/* ---- stack ---- */

typedef struct mptcp_listener {
	uint16_t port;
	mptcp_callbacks cb;
	void *ctx;
} mptcp_listener;

struct mptcp_stack {
	mptcp_config cfg;
	tcp_config tcp_cfg;
	proto_env env;
	GHashTable *tokens;      /* token -> mptcp_conn* (lookups only, never iterated) */
	GHashTable *tuples;      /* mptcp_tuple* -> mptcp_subflow* (lookups only) */
	GPtrArray *conns;        /* creation order */
	GArray *listeners;       /* mptcp_listener */
	GArray *endpoints;       /* pm_addr */
	uint16_t next_port;
	uint32_t next_conn_id;
	uint64_t mib[MPTCP_MIB_COUNT];
};

static inline void mptcp_mib_inc(mptcp_stack *st, mptcp_mib m)
{
	st->mib[m]++;
}

#define MIB_INC(c, m) mptcp_mib_inc((c)->st, (m))

/* ---- stack.c ---- */
bool mptcp_stack_token_in_use(mptcp_stack *st, uint32_t token);
void mptcp_stack_token_add(mptcp_stack *st, mptcp_conn *c);
void mptcp_stack_token_remove(mptcp_stack *st, mptcp_conn *c);
bool mptcp_stack_tuple_add(mptcp_stack *st, mptcp_subflow *sf);
void mptcp_stack_tuple_remove(mptcp_stack *st, mptcp_subflow *sf);
uint16_t mptcp_stack_ephemeral_port(mptcp_stack *st, const net_addr *local, const net_addr *remote,
				    uint16_t remote_port);
const pm_addr *mptcp_stack_endpoint(const mptcp_stack *st, const net_addr *addr);
/* A RST answering `in` (which no subflow takes), with MP_TCPRST `reason` when `mptcp`. */
void mptcp_stack_reset_for(mptcp_stack *st, const segment *in, bool mptcp, uint8_t reason, sim_time_t now);

/* ---- protocol.c ---- */
mptcp_conn *mptcp_conn_new(mptcp_stack *st, bool server_side, const mptcp_callbacks *cb, void *ctx);
void mptcp_conn_free(mptcp_conn *c);
void mptcp_conn_enter(mptcp_conn *c);
void mptcp_conn_leave(mptcp_conn *c, sim_time_t now);
bool mptcp_conn_keygen(mptcp_conn *c);
void mptcp_conn_set_remote_key(mptcp_conn *c, uint64_t key);
void mptcp_conn_established(mptcp_conn *c, mptcp_subflow *sf, sim_time_t now);
void mptcp_conn_fully_established(mptcp_conn *c, sim_time_t now);
void mptcp_conn_do_fallback(mptcp_conn *c, sim_time_t now);
void mptcp_conn_data_ack(mptcp_conn *c, mptcp_subflow *sf, uint64_t data_ack, bool ack64, uint64_t wnd_bytes,
			 sim_time_t now);
void mptcp_conn_reinject(mptcp_conn *c, uint64_t data_off, uint64_t len);
void mptcp_conn_mp_fail_received(mptcp_conn *c, mptcp_subflow *sf, uint64_t dsn, sim_time_t now);
void mptcp_conn_fastclose_received(mptcp_conn *c, mptcp_subflow *sf, sim_time_t now);
void mptcp_conn_subflow_event(mptcp_conn *c, uint32_t id, mptcp_subflow_event ev);
/* The only subflow not closed, or NULL. */
mptcp_subflow *mptcp_conn_single_subflow(const mptcp_conn *c);
/* The subflow that carries connection-level signals (ADD_ADDR, DATA_FIN, window updates). */
mptcp_subflow *mptcp_conn_carrier(mptcp_conn *c);
mptcp_subflow *mptcp_conn_find_subflow(const mptcp_conn *c, uint32_t id);
uint32_t mptcp_conn_open_subflows(const mptcp_conn *c);
uint64_t mptcp_conn_data_ack_value(const mptcp_conn *c);
/* The DATA_FIN may ride on segments now (all data before it has been sent). */
bool mptcp_conn_data_fin_ready(const mptcp_conn *c);
void mptcp_conn_data_fin_written(mptcp_conn *c, sim_time_t now);
sim_time_t mptcp_conn_subflow_rto_max(const mptcp_conn *c);

/* ---- send.c ---- */
/* Place waiting data on subflows (or the fallen-back stream), after stale checks; (re)arm the
 * data-level retransmission timer. */
void mptcp_send_push(mptcp_conn *c, sim_time_t now);
/* The data-level retransmission timer expired (c->rtx_at): the oldest unacknowledged data again on
 * another subflow (Linux __mptcp_retrans). */
void mptcp_send_rtx_timer(mptcp_conn *c, sim_time_t now);

/* ---- subflow.c ---- */
extern const tcp_ext_ops mptcp_subflow_ext_ops;
mptcp_subflow *mptcp_subflow_new(mptcp_conn *c, const mptcp_tuple *t, bool initial, bool passive, GError **error);
void mptcp_subflow_free(mptcp_subflow *sf);
/* Give data [data_off, data_off + len) to the subflow; returns the bytes TCP took. */
uint64_t mptcp_subflow_queue(mptcp_subflow *sf, uint64_t data_off, uint64_t len, bool reinjection, sim_time_t now);
bool mptcp_subflow_tx_lookup(const mptcp_subflow *sf, uint64_t sf_off, uint64_t *data_off, uint64_t *contiguous);
/* Reset the subflow with MP_TCPRST `reason` (RFC 8684 §3.6); its data is reinjected. */
void mptcp_subflow_reset(mptcp_subflow *sf, uint8_t reason, sim_time_t now);
/* Close the subflow with a FIN. */
void mptcp_subflow_close(mptcp_subflow *sf, sim_time_t now);
/* Queue what the subflow carried and was not acknowledged for the other subflows. */
void mptcp_subflow_reinject(mptcp_subflow *sf);
/* Bookkeeping once the subflow's TCP is CLOSED: reinjection, the path manager, counters. */
void mptcp_subflow_closed(mptcp_subflow *sf, sim_time_t now);
/* Free the TCP connection of a CLOSED subflow (outside any TCP entry point). */
void mptcp_subflow_release(mptcp_subflow *sf);
bool mptcp_subflow_usable(const mptcp_subflow *sf);
uint64_t mptcp_subflow_sf_off(const mptcp_subflow *sf, uint32_t seq, bool rcv, uint64_t near);

/* ---- options_out.c / options_in.c ---- */
size_t mptcp_write_options(void *ctx, tcp_conn *tc, const segment *seg, uint8_t *buf, size_t space, sim_time_t now);
bool mptcp_on_input(void *ctx, tcp_conn *tc, const segment *seg, sim_time_t now);
/* Parse the MPTCP options of `seg` as a connection of `version` would. */
void mptcp_parse(mptcp_stack *st, const segment *seg, uint8_t version, mptcp_options *out);

/* ---- recv.c ---- */
/* A mapping arrived with `seg` (the payload it came with, possibly none). False when the subflow
 * was reset for it (a checksum failure with other subflows, RFC 8684 §3.7). */
bool mptcp_recv_mapping(mptcp_subflow *sf, const mptcp_rx_map *m, bool fin, const segment *seg, uint64_t seg_off,
			sim_time_t now);
/* A segment with payload arrived: does a mapping cover it? (else fallback or reset, §3.7) */
bool mptcp_recv_check_mapped(mptcp_subflow *sf, const segment *seg, uint64_t seg_off, sim_time_t now);
/* An infinite mapping from (sf_off, data_off). */
void mptcp_recv_infinite(mptcp_subflow *sf, uint64_t sf_off, uint64_t data_off);
/* Fallen back without an explicit infinite mapping: the stream continues where the last mapping
 * ended (from the start when there was none). */
void mptcp_recv_continue_infinite(mptcp_subflow *sf);
/* TCP delivered subflow bytes [sf_off, sf_off + len) in order. */
void mptcp_recv_deliver(mptcp_subflow *sf, uint64_t sf_off, uint64_t len, bool tcp_intact, sim_time_t now);
/* Data-level receipt of [data_off, data_off + len). */
void mptcp_recv_data(mptcp_conn *c, uint64_t data_off, uint64_t len, bool intact, sim_time_t now);
void mptcp_recv_data_fin(mptcp_conn *c, uint64_t fin_off, sim_time_t now);
bool mptcp_recv_payload_expect(void *ctx, tcp_conn *tc, uint64_t offset, uint32_t len, uint64_t *stream,
			       uint64_t *stream_offset);
uint64_t mptcp_recv_space(void *ctx, tcp_conn *tc);
/* tcp_ext_ops.mss_reserve: the DSS a full data segment carries (recv.c). */
uint32_t mptcp_mss_reserve(void *ctx, tcp_conn *tc);
/* The application read: announce the window when it opened enough (from `free_before`). */
void mptcp_recv_window_update(mptcp_conn *c, uint64_t free_before, sim_time_t now);
uint64_t mptcp_recv_free(const mptcp_conn *c);
void mptcp_rx_maps_free(GArray *rx);

/* ---- pm.c ---- */
bool mptcp_pm_init(mptcp_conn *c, const char *name, GError **error);
/* The initial subflow's remote address is the peer's address ID 0. */
void mptcp_pm_set_initial(mptcp_conn *c);
void mptcp_pm_fini(mptcp_conn *c);
void mptcp_pm_established(mptcp_conn *c, sim_time_t now);
void mptcp_pm_subflow_established(mptcp_conn *c, mptcp_subflow *sf, sim_time_t now);
void mptcp_pm_subflow_closed(mptcp_conn *c, mptcp_subflow *sf, sim_time_t now);
/* Its retransmission timer expired with data outstanding (pm_ops.subflow_rto). */
void mptcp_pm_subflow_rto(mptcp_conn *c, mptcp_subflow *sf, sim_time_t now);
void mptcp_pm_address_added(mptcp_conn *c, const pm_addr *ep, sim_time_t now);
void mptcp_pm_address_removed(mptcp_conn *c, const pm_addr *ep, sim_time_t now);
void mptcp_pm_add_addr_received(mptcp_conn *c, mptcp_subflow *sf, const mptcp_options *o, sim_time_t now);
void mptcp_pm_rm_addr_received(mptcp_conn *c, const mptcp_options *o, sim_time_t now);
bool mptcp_pm_accept_join(mptcp_conn *c, const pm_addr *local, const net_addr *remote, sim_time_t now);
/* Put the pending ADD_ADDR (or echo) and REMOVE_ADDR into `o`. */
void mptcp_pm_fill_options(mptcp_conn *c, mptcp_options *o);
/* `o` was written: those signals are sent. */
void mptcp_pm_options_sent(mptcp_conn *c, const mptcp_options *o, sim_time_t now);
/* The ADD_ADDR in `o` can never fit: give it up. */
void mptcp_pm_add_addr_unfit(mptcp_conn *c, const mptcp_options *o);
bool mptcp_pm_signal_pending(const mptcp_conn *c);
sim_time_t mptcp_pm_next_deadline(const mptcp_conn *c);
void mptcp_pm_on_timer(mptcp_conn *c, sim_time_t now);

#endif
