/* tcp_priv.h — the connection's state and the functions its files share (not for callers).
 *
 * A connection is split by concern: tcp_conn.c (lifecycle, application calls, timers, callbacks),
 * tcp_input.c (segment arrival, RFC 9293 §3.10.7), tcp_ack.c (acknowledgment processing),
 * tcp_recovery.c (loss detection and recovery, RTO), tcp_output.c (what to send and building
 * segments), tcp_recv.c (receiver: reassembly, SACK generation, window, delayed ACK, integrity).
 *
 * Sequence numbers are 64-bit offsets (tcp_seq.h): the send side counts from our ISN, the receive
 * side from the peer's. Data byte n of a direction is at offset n + 1. */
#ifndef MPTCPSIM_PROTOCOL_TCP_PRIV_H
#define MPTCPSIM_PROTOCOL_TCP_PRIV_H

#include "tcp.h"
#include "tcp_options.h"
#include "tcp_rangeset.h"
#include "tcp_rtt.h"
#include "tcp_seq.h"
#include "tcp_txq.h"

#include <stdbool.h>
#include <stdint.h>

/* SACK blocks remembered for RFC 2018 §4 ordering (most recent first). */
#define TCP_SACK_RECENT 4
/* RFC 9293 §3.7.1: MSS assumed when the peer sends none. */
#define TCP_DEFAULT_MSS_V4 536
#define TCP_DEFAULT_MSS_V6 1220
/* RFC 7323 §3: timestamp clock tick, and the bytes the option takes with its padding. */
#define TCP_TS_TICK_NS SIM_MS(1)
#define TCP_TS_SPACE 12
/* RFC 9293 §3.8.6.1: bound of the persist (zero-window probe) interval. */
#define TCP_PERSIST_MAX_NS SIM_S(60)
/* cwnd never goes above this (keeps uint32 arithmetic safe). */
#define TCP_CWND_MAX_BYTES (UINT32_C(1) << 30)

/* Callbacks waiting for the end of the entry point (tcp_conn.c, dispatch). */
enum {
	TCP_EV_CONNECTED = 1u << 0,
	TCP_EV_DATA = 1u << 1,
	TCP_EV_SEND_SPACE = 1u << 2,
	TCP_EV_PEER_FIN = 1u << 3,
	TCP_EV_CLOSED = 1u << 4,
};

/* Demultiplexing key (tcp_listener.c hashes it). */
typedef struct tcp_tuple {
	net_addr local;
	net_addr remote;
	uint16_t local_port;
	uint16_t remote_port;
} tcp_tuple;

struct tcp_conn {
	tcp_config cfg;
	proto_env env;
	tcp_callbacks cb;
	void *cb_ctx;
	const tcp_ext_ops *ext;
	void *ext_ctx;
	uint32_t trace_conn_id;
	uint32_t trace_subflow_id;
	tcp_tuple tuple;

	tcp_state state;
	tcp_ca_state ca_state;
	bool passive;       /* created by a listener */
	bool cc_started;    /* cc init has run */
	unsigned busy;      /* depth of entry points on the stack (tcp_conn.c) */

	/* Negotiated in the handshake. */
	bool sack_ok, ts_ok, ws_ok;
	uint8_t snd_wscale;  /* shift applied to the peer's window field */
	uint8_t rcv_wscale;  /* shift we apply to ours */
	uint32_t peer_mss;
	uint32_t snd_mss;    /* payload bytes of a full segment */

	/* Send side (offsets from iss). */
	uint32_t iss;
	uint64_t snd_una;
	uint64_t snd_nxt;    /* highest offset sent + 1 (retransmissions do not move it) */
	uint64_t snd_end;    /* 1 + bytes the application queued: where the FIN goes */
	bool fin_queued;     /* the application closed */
	bool fin_sent;
	uint64_t snd_wnd;    /* peer's window in bytes */
	uint64_t max_sndwnd;
	uint64_t snd_wl1;    /* peer offset of the segment that last updated the window */
	uint64_t snd_wl2;    /* our offset it acknowledged */
	uint64_t snd_stream;
	uint64_t rcv_stream;
	bool streams_set;
	tcp_txq txq;
	uint64_t recovery_point; /* RFC 6675 RecoveryPoint / RFC 6582 recover */
	bool recover_strict;     /* after an RTO: new recovery only once snd_una passes recovery_point */
	uint32_t dupacks;
	bool rtx_head;           /* retransmit the oldest segment now, whatever cwnd says */
	uint32_t consecutive_rtos;
	uint32_t syn_retx;
	tcp_rtt rtt;
	const tcp_cc_ops *cc_ops;
	tcp_cc_state cc;
	/* Linux tcp_cwnd_validate: was the window the limit during the last window of data? */
	bool cwnd_limited;
	uint64_t cwnd_usage_seq;
	uint64_t max_flight_bytes;
	bool send_blocked_by_cwnd; /* set by the send loop */

	/* Timers: absolute times, SIM_TIME_NEVER when not armed. */
	sim_time_t rto_at;
	sim_time_t delack_at;
	sim_time_t persist_at;
	sim_time_t timewait_at;
	sim_time_t pace_at;
	uint32_t persist_backoff;
	sim_time_t pace_next; /* earliest time the next paced segment may leave */

	/* Receive side (offsets from irs). */
	uint32_t irs;
	uint64_t rcv_nxt;
	uint64_t rcv_adv;    /* right edge of the window we advertised */
	uint64_t rcv_read;   /* offset of the first byte the application has not read */
	uint32_t rcvbuf;
	tcp_rangeset ooo;     /* received above rcv_nxt */
	tcp_rangeset corrupt; /* received bytes that failed the integrity check, not yet delivered */
	uint64_t sack_recent[TCP_SACK_RECENT];
	uint32_t n_sack_recent;
	bool fin_pending;     /* a FIN arrived ahead of missing data */
	uint64_t rcv_fin_off;
	bool fin_rcvd;
	uint32_t rcv_mss;     /* largest segment received (for "every second full-sized segment") */
	uint64_t rcv_unacked_bytes;
	bool ack_now;
	uint32_t syn_window;  /* window field of our SYN (unscaled) */

	/* Timestamps (RFC 7323). */
	uint32_t ts_offset;
	uint32_t ts_recent;
	bool ts_recent_valid;
	uint64_t last_ack_sent;

	/* Receive-buffer autotuning. */
	sim_time_t rcv_rtt_ns;
	sim_time_t rcvq_start;
	uint64_t rcvq_read_start;

	/* Callbacks pending until the end of the entry point. */
	unsigned ev;
	uint64_t ev_data_off;
	uint64_t ev_data_len;
	bool ev_data_intact;
	tcp_close_reason ev_close_reason;

	uint64_t counters[TCP_CNT_COUNT];
	uint32_t traced_cwnd;
	uint32_t traced_ssthresh;
	uint64_t traced_flight;
};

/* tcp_conn.c */
void tcp_enter(tcp_conn *c);
void tcp_leave(tcp_conn *c, sim_time_t now);
void tcp_set_state(tcp_conn *c, tcp_state s, sim_time_t now);
void tcp_close_with(tcp_conn *c, tcp_close_reason reason, sim_time_t now);
void tcp_enter_time_wait(tcp_conn *c, sim_time_t now);
void tcp_established(tcp_conn *c, sim_time_t now);
void tcp_trace(const tcp_conn *c, sim_time_t now, trace_metric m, int64_t value);
void tcp_trace_window(tcp_conn *c, sim_time_t now);
void tcp_cc_sync(tcp_conn *c);
void tcp_clamp_cwnd(tcp_conn *c);
uint32_t tcp_ts_now(const tcp_conn *c, sim_time_t now);

/* tcp_ack.c */
void tcp_ack_process(tcp_conn *c, const segment *seg, const tcp_opts *o, uint64_t seq, uint64_t ack,
		     sim_time_t now);

/* tcp_recovery.c */
void tcp_recovery_on_ack(tcp_conn *c, bool new_ack, bool dupack, uint64_t acked_bytes, uint64_t delivered,
			 sim_time_t rtt_ns, sim_time_t now);
void tcp_rto_fire(tcp_conn *c, sim_time_t now);

/* tcp_output.c */
void tcp_output(tcp_conn *c, sim_time_t now);
void tcp_send_syn(tcp_conn *c, bool retransmit, sim_time_t now);
void tcp_send_rst(tcp_conn *c, sim_time_t now);
void tcp_send_probe(tcp_conn *c, sim_time_t now);
void tcp_emit(tcp_conn *c, const segment *seg, sim_time_t now);
sim_time_t tcp_persist_interval(const tcp_conn *c);

/* tcp_recv.c */
void tcp_rcv_data(tcp_conn *c, const segment *seg, uint64_t seq, sim_time_t now);
void tcp_rcv_fin(tcp_conn *c, uint64_t fin_off, sim_time_t now);
uint16_t tcp_rcv_window_field(tcp_conn *c);
unsigned tcp_rcv_sack_blocks(tcp_conn *c, tcp_sack_block *out, unsigned max);
void tcp_rcv_rtt_sample(tcp_conn *c, const tcp_opts *o, sim_time_t now);
void tcp_rcv_consumed(tcp_conn *c, sim_time_t now);
uint64_t tcp_rcv_unread(const tcp_conn *c);
uint8_t tcp_rcv_choose_wscale(const tcp_config *cfg);

#endif
