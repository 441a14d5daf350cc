/* tcp.h — one TCP connection, sans I/O: the public interface of protocol/tcp/.
 *
 * Every entry point takes `now`; segments leave through the connection's proto_env (env.h); the
 * connection reports its next deadline (tcp_conn_next_deadline) and the caller calls
 * tcp_conn_on_timer() when it comes. Nothing here knows about a clock, a queue or a socket, so
 * the same engine runs in the simulator, in tests with a fake env, or anywhere else.
 *
 * Lifecycle. Active open: tcp_conn_new() then tcp_conn_connect(). Passive open: a tcp_listener
 * (tcp_listener.h) creates connections for incoming SYNs. tcp_conn_send() queues virtual bytes,
 * tcp_conn_close() sends a FIN after them, tcp_conn_abort() sends a RST. The caller frees a
 * connection with tcp_conn_free(), never from inside one of its callbacks.
 *
 * Payload. Bytes are virtual (payload.h): the byte at data offset n of a direction is
 * payload_pattern_fill(stream, n), where the stream id defaults to the ISN of the sending side (both
 * ends know it after the handshake) and may be set with tcp_conn_set_streams(). The receiver checks
 * every byte it accepts with payload_first_mismatch() and reports the result with each delivery.
 *
 * Callbacks are made at the end of each entry point, after the segment or timer has been processed
 * and before anything is sent in response, so the application may call tcp_conn_send(),
 * tcp_conn_read() or tcp_conn_close() from inside them and the result goes out at once. */
#ifndef MPTCPSIM_PROTOCOL_TCP_TCP_H
#define MPTCPSIM_PROTOCOL_TCP_TCP_H

#include "env.h"
#include "segment.h"
#include "simtime.h"
#include "tcp_cc.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct tcp_conn tcp_conn;

/* RFC 9293 §3.3.2 connection states. */
typedef enum tcp_state {
	TCP_CLOSED,
	TCP_LISTEN,
	TCP_SYN_SENT,
	TCP_SYN_RECEIVED,
	TCP_ESTABLISHED,
	TCP_FIN_WAIT_1,
	TCP_FIN_WAIT_2,
	TCP_CLOSE_WAIT,
	TCP_CLOSING,
	TCP_LAST_ACK,
	TCP_TIME_WAIT,
	TCP_STATE_COUNT
} tcp_state;

/* Why a connection reached CLOSED (tcp_callbacks.on_closed). */
typedef enum tcp_close_reason {
	TCP_CLOSE_NORMAL,   /* both FINs exchanged and acknowledged (after TIME_WAIT for the active closer) */
	TCP_CLOSE_RESET,    /* the peer sent a RST */
	TCP_CLOSE_REFUSED,  /* a RST answered our SYN */
	TCP_CLOSE_TIMEOUT,  /* retransmissions exhausted (syn_retries or data_retries) */
	TCP_CLOSE_ABORTED,  /* tcp_conn_abort() (no callback is made for it) */
} tcp_close_reason;

/* Loss-recovery state of the sender (as Linux's ca_state, reduced to what RFCs name). */
typedef enum tcp_ca_state {
	TCP_CA_OPEN,     /* no loss suspected */
	TCP_CA_RECOVERY, /* fast recovery: RFC 6675 with SACK, RFC 6582 NewReno without */
	TCP_CA_LOSS,     /* after a retransmission timeout, until RecoveryPoint is acknowledged */
} tcp_ca_state;

/* Configuration, copied into each connection. tcp_config_default() fills the documented defaults. */
typedef struct tcp_config {
	uint32_t mss_bytes;              /* 1460: our MSS option; segments carry min(ours, peer's) minus
	                                  * the 12 bytes of the timestamp option when it is in use */
	uint32_t rcvbuf_bytes;           /* 4 MiB: receive buffer, limits the advertised window */
	bool rcvbuf_autotune;            /* false: when true the buffer starts at rcvbuf_initial_bytes and
	                                  * grows towards rcvbuf_bytes with what the application reads per
	                                  * RTT (Linux DRS-like; needs timestamps to measure the RTT) */
	uint32_t rcvbuf_initial_bytes;   /* 128 KiB (autotuning only) */
	uint32_t sndbuf_bytes;           /* 4 MiB: bytes queued and not yet acknowledged */
	bool auto_read;                  /* true: the application consumes bytes as they are delivered;
	                                  * false: it calls tcp_conn_read() and the window closes meanwhile */
	sim_time_t delack_ns;            /* 40 ms: delayed-ACK timer (RFC 5681 §4.2); 0 ACKs every segment */
	uint32_t delack_segments;        /* 2: ACK at least every second full-sized segment */
	sim_time_t rto_initial_ns;       /* 1 s (RFC 6298 §2.1) */
	sim_time_t rto_min_ns;           /* 200 ms (Linux; RFC 6298 §2.4 says 1 s) */
	sim_time_t rto_max_ns;           /* 60 s (RFC 6298 §2.5) */
	uint32_t initial_cwnd_segments;  /* 10 (RFC 6928) */
	uint32_t dupthresh;              /* 3 (RFC 5681 §3.2, RFC 6675 DupThresh) */
	bool sack;                       /* true: offer SACK-Permitted, send and use SACK (RFC 2018, 6675) */
	bool timestamps;                 /* true: RFC 7323 timestamps and PAWS */
	bool window_scale;               /* true: RFC 7323 window scaling */
	bool nagle;                      /* false: RFC 896 / RFC 9293 §3.7.4 */
	bool pacing;                     /* false: space segments at a rate derived from cwnd/srtt */
	uint32_t pacing_ss_percent;      /* 200: pacing rate in slow start, percent of cwnd/srtt (Linux) */
	uint32_t pacing_ca_percent;      /* 120: in congestion avoidance */
	sim_time_t time_wait_ns;         /* 1 s: TIME_WAIT (2*MSL shortened for simulation) */
	uint32_t syn_retries;            /* 6: SYN (or SYN-ACK) retransmissions before giving up */
	uint32_t data_retries;           /* 15: consecutive RTOs before giving up (Linux tcp_retries2) */
	const char *cc_name;             /* "cubic": looked up in tcp_cc_all[] */
	const tcp_cc_ops *cc_ops;        /* NULL; when set, used instead of cc_name (coupled controls) */
} tcp_config;

void tcp_config_default(tcp_config *cfg);

/* Per-connection counters, as an enum and a name table (tcp_counter_name). */
typedef enum tcp_counter {
	TCP_CNT_SEGS_SENT,          /* every segment emitted */
	TCP_CNT_SEGS_RECEIVED,      /* every segment given to tcp_conn_input */
	TCP_CNT_DATA_SEGS_SENT,     /* segments with payload, retransmissions included */
	TCP_CNT_BYTES_SENT,         /* payload bytes emitted, retransmissions included */
	TCP_CNT_RETRANSMITS,        /* segments retransmitted (any cause) */
	TCP_CNT_RETRANS_BYTES,
	TCP_CNT_FAST_RETRANSMITS,   /* recovery episodes entered on duplicate ACKs or SACK */
	TCP_CNT_RTOS,               /* retransmission-timer expiries with data or a SYN outstanding */
	TCP_CNT_SYN_RETRANSMITS,
	TCP_CNT_DUPACKS,            /* duplicate ACKs received (RFC 5681 §2 definition) */
	TCP_CNT_BYTES_ACKED,        /* payload bytes cumulatively acknowledged by the peer */
	TCP_CNT_BYTES_RECEIVED,     /* payload bytes accepted into the window (first copy) */
	TCP_CNT_BYTES_DELIVERED,    /* payload bytes delivered in order to the application */
	TCP_CNT_DUP_BYTES_RECEIVED, /* payload bytes that had already been received */
	TCP_CNT_OOO_SEGS,           /* data segments received out of order */
	TCP_CNT_ACKS_SENT,          /* segments without payload carrying an ACK */
	TCP_CNT_DELAYED_ACKS,       /* ACKs sent by the delayed-ACK timer */
	TCP_CNT_SACK_BLOCKS_RECEIVED,
	TCP_CNT_PERSIST_PROBES,     /* zero-window probes sent */
	TCP_CNT_ZERO_WINDOW_SENT,   /* segments advertising a zero window */
	TCP_CNT_WINDOW_UPDATES,     /* ACKs sent because the application freed buffer space */
	TCP_CNT_OPT_MALFORMED,      /* options ignored for a bad length */
	TCP_CNT_PAWS_REJECTED,      /* RFC 7323 §5 */
	TCP_CNT_CHALLENGE_ACKS,     /* RFC 5961 */
	TCP_CNT_RST_RECEIVED,       /* RSTs that closed the connection */
	TCP_CNT_RST_SENT,
	TCP_CNT_INTEGRITY_ERRORS,   /* received segments with a byte that differs from the stream */
	TCP_CNT_SEGS_DROPPED,       /* unacceptable segments (outside the window, bad ACK, …) */
	TCP_CNT_COUNT
} tcp_counter;

const char *tcp_counter_name(tcp_counter c);
const char *tcp_state_name(tcp_state s);

/* A snapshot of the connection for reports and tests. */
typedef struct tcp_info {
	tcp_state state;
	tcp_ca_state ca_state;
	uint32_t snd_mss_bytes;
	uint32_t cwnd_bytes;
	uint32_t ssthresh_bytes;
	uint64_t bytes_in_flight;    /* RFC 6675 pipe */
	uint64_t flight_size_bytes;  /* snd_nxt - snd_una */
	sim_time_t srtt_ns;
	sim_time_t rttvar_ns;
	sim_time_t rto_ns;           /* with backoff */
	uint32_t rto_backoff;
	uint64_t snd_una;            /* sequence offsets from the ISN (SYN = 0) */
	uint64_t snd_nxt;
	uint64_t snd_wnd_bytes;      /* peer's window, scaled */
	uint64_t rcv_nxt;            /* offsets from the peer's ISN */
	uint64_t rcv_wnd_bytes;      /* window we last advertised */
	uint32_t rcvbuf_bytes;
	uint64_t unread_bytes;       /* delivered, not yet read by the application */
	uint64_t send_queued_bytes;  /* queued by the application, not yet acknowledged */
	uint32_t iss;
	uint32_t irs;
	uint8_t snd_wscale;
	uint8_t rcv_wscale;
	bool sack_ok;
	bool ts_ok;
	bool ws_ok;
} tcp_info;

/* Application callbacks; any may be NULL. */
typedef struct tcp_callbacks {
	/* The handshake completed (ESTABLISHED). */
	void (*on_connected)(void *ctx, tcp_conn *c, sim_time_t now);
	/* `bytes` new in-order bytes at data offset `offset` are readable. `intact` is false when any of
	 * them differed from the expected stream (payload_first_mismatch); integrity is never assumed. */
	void (*on_data)(void *ctx, tcp_conn *c, uint64_t offset, uint64_t bytes, bool intact, sim_time_t now);
	/* Acknowledgments freed send-buffer space; `space_bytes` may now be queued. */
	void (*on_send_space)(void *ctx, tcp_conn *c, uint64_t space_bytes, sim_time_t now);
	/* The peer sent its FIN and every byte before it has been delivered (end of stream). */
	void (*on_peer_fin)(void *ctx, tcp_conn *c, sim_time_t now);
	/* The connection reached CLOSED. Not called for tcp_conn_abort(). */
	void (*on_closed)(void *ctx, tcp_conn *c, tcp_close_reason reason, sim_time_t now);
} tcp_callbacks;

/* Hooks for a protocol riding on TCP options (MPTCP, RFC 8684). All optional; `ctx` is the
 * extension's own. They run inside the connection's entry points and must not free it.
 *
 *  write_options  called for every outgoing segment once TCP has placed its own options (MSS, window
 *                 scale, SACK-Permitted, timestamps) and the payload: append up to `space` bytes at
 *                 `buf`, return how many. SACK blocks fill whatever is left afterwards (as Linux
 *                 orders DSS before SACK). RSTs the connection sends come here too (MP_TCPRST,
 *                 MP_FASTCLOSE ride on them, RFC 8684 §3.5-3.6).
 *  on_input       shown every incoming segment, raw option bytes included, before TCP processes it;
 *                 return false to have TCP discard the segment silently.
 *  payload_source chooses the payload coordinates of `len` bytes sent at subflow data offset
 *                 `offset` (the same offset always maps the same way, retransmissions included):
 *                 set *stream and *stream_offset and return how many of the bytes (1..len) map
 *                 contiguously from there; the segment is cut to that length.
 *  payload_expect chooses the coordinates received bytes at subflow data offset `offset` must match;
 *                 return false to skip TCP's integrity check (the extension checks at its level).
 *  rcv_space      the free receive-buffer space, in bytes, that the advertised window is computed
 *                 from instead of the connection's own (rcvbuf minus unread): MPTCP subflows
 *                 advertise one window shared at the connection level (RFC 8684 §3.3.4).
 *  mss_reserve    option bytes the extension puts on a full-sized data segment, asked once when the
 *                 connection is established: TCP makes its segments that much smaller, so a packet
 *                 stays within the path's MTU (RFC 6691: the MSS counts payload only; Linux's
 *                 tcp_current_mss() likewise subtracts the MPTCP options it will add). */
typedef struct tcp_ext_ops {
	const char *name;
	size_t (*write_options)(void *ctx, tcp_conn *c, const segment *seg, uint8_t *buf, size_t space,
				sim_time_t now);
	bool (*on_input)(void *ctx, tcp_conn *c, const segment *seg, sim_time_t now);
	uint32_t (*payload_source)(void *ctx, tcp_conn *c, uint64_t offset, uint32_t len, uint64_t *stream,
				   uint64_t *stream_offset);
	bool (*payload_expect)(void *ctx, tcp_conn *c, uint64_t offset, uint32_t len, uint64_t *stream,
			       uint64_t *stream_offset);
	uint64_t (*rcv_space)(void *ctx, tcp_conn *c);
	uint32_t (*mss_reserve)(void *ctx, tcp_conn *c);
} tcp_ext_ops;

/* A connection between `local`:`local_port` and `remote`:`remote_port`, CLOSED until connected.
 * Fails (NULL and `error`) on an unknown congestion control or an invalid configuration. */
tcp_conn *tcp_conn_new(const tcp_config *cfg, const proto_env *env, const net_addr *local, uint16_t local_port,
		       const net_addr *remote, uint16_t remote_port, GError **error);
void tcp_conn_free(tcp_conn *c);

void tcp_conn_set_callbacks(tcp_conn *c, const tcp_callbacks *cb, void *ctx);
void tcp_conn_set_ext(tcp_conn *c, const tcp_ext_ops *ext, void *ctx);
/* Join a coupled congestion-control group (NULL leaves it). */
void tcp_conn_set_cc_group(tcp_conn *c, tcp_cc_group *g);
/* Identifiers written into trace records (trace.h). */
void tcp_conn_set_trace_ids(tcp_conn *c, uint32_t conn_id, uint32_t subflow_id);
/* Payload stream ids for what this side sends and what it receives, instead of the ISN defaults. */
void tcp_conn_set_streams(tcp_conn *c, uint64_t send_stream, uint64_t recv_stream);

/* Active open: send a SYN (RFC 9293 §3.5). False when the connection is not CLOSED. */
bool tcp_conn_connect(tcp_conn *c, sim_time_t now);
/* Passive open without a listener: a new connection enters LISTEN and answers the SYN given next
 * to tcp_conn_input(), for callers that demultiplex segments themselves (MPTCP's stack). False
 * when the connection is not a fresh CLOSED one. */
bool tcp_conn_listen(tcp_conn *c);
/* Send a pure ACK now (in a synchronized state; otherwise nothing), e.g. for an extension option
 * that must not wait for data or the delayed-ACK timer (ADD_ADDR, MP_PRIO, a DATA_FIN). */
void tcp_conn_send_ack(tcp_conn *c, sim_time_t now);
/* Queue up to `bytes` more virtual bytes; returns how many fitted in the send buffer. */
uint64_t tcp_conn_send(tcp_conn *c, uint64_t bytes, sim_time_t now);
/* Free space in the send buffer. */
uint64_t tcp_conn_send_space(const tcp_conn *c);
/* The application consumed up to `bytes` delivered bytes (auto_read off); returns how many. */
uint64_t tcp_conn_read(tcp_conn *c, uint64_t bytes, sim_time_t now);
/* No more data from this side: FIN after the queued bytes (RFC 9293 §3.6). */
void tcp_conn_close(tcp_conn *c, sim_time_t now);
/* Send a RST and go to CLOSED at once (RFC 9293 §3.10.5 ABORT). */
void tcp_conn_abort(tcp_conn *c, sim_time_t now);

/* Process one incoming segment addressed to this connection. */
void tcp_conn_input(tcp_conn *c, const segment *seg, sim_time_t now);
/* The earliest pending timer (RTO or SYN retransmission, delayed ACK, persist, TIME_WAIT, pacing),
 * or SIM_TIME_NEVER. */
sim_time_t tcp_conn_next_deadline(const tcp_conn *c);
/* Fire every timer due at `now`. */
void tcp_conn_on_timer(tcp_conn *c, sim_time_t now);

tcp_state tcp_conn_state(const tcp_conn *c);
void tcp_conn_get_info(const tcp_conn *c, tcp_info *out);
uint64_t tcp_conn_counter(const tcp_conn *c, tcp_counter which);
/* The congestion-control state (for coupled algorithms walking a group, and for tests). */
tcp_cc_state *tcp_conn_cc(tcp_conn *c);
const char *tcp_conn_cc_name(const tcp_conn *c);
void tcp_conn_get_tuple(const tcp_conn *c, net_addr *local, uint16_t *local_port, net_addr *remote,
			uint16_t *remote_port);

/* RFC 9293 §3.10.7.1: the RST that answers `in` when no connection takes it (none for a RST). */
void tcp_send_reset_for(const proto_env *env, const segment *in, sim_time_t now);

#endif
