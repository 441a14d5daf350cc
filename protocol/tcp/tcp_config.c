/* tcp_config.c — default configuration, and the names of states and counters. */
#include "tcp.h"

void tcp_config_default(tcp_config *cfg)
{
	*cfg = (tcp_config){
		.mss_bytes = 1460,
		.rcvbuf_bytes = 4u << 20,
		.rcvbuf_autotune = false,
		.rcvbuf_initial_bytes = 128u << 10,
		.sndbuf_bytes = 4u << 20,
		.auto_read = true,
		.delack_ns = SIM_MS(40),
		.delack_segments = 2,
		.rto_initial_ns = SIM_S(1),
		.rto_min_ns = SIM_MS(200),
		.rto_max_ns = SIM_S(60),
		.initial_cwnd_segments = 10,
		.dupthresh = 3,
		.sack = true,
		.timestamps = true,
		.window_scale = true,
		.nagle = false,
		.pacing = false,
		.pacing_ss_percent = 200,
		.pacing_ca_percent = 120,
		.time_wait_ns = SIM_S(1),
		.syn_retries = 6,
		.data_retries = 15,
		.cc_name = "cubic",
		.cc_ops = NULL,
	};
}

const char *tcp_state_name(tcp_state s)
{
	static const char *const names[TCP_STATE_COUNT] = {
		[TCP_CLOSED] = "CLOSED",
		[TCP_LISTEN] = "LISTEN",
		[TCP_SYN_SENT] = "SYN-SENT",
		[TCP_SYN_RECEIVED] = "SYN-RECEIVED",
		[TCP_ESTABLISHED] = "ESTABLISHED",
		[TCP_FIN_WAIT_1] = "FIN-WAIT-1",
		[TCP_FIN_WAIT_2] = "FIN-WAIT-2",
		[TCP_CLOSE_WAIT] = "CLOSE-WAIT",
		[TCP_CLOSING] = "CLOSING",
		[TCP_LAST_ACK] = "LAST-ACK",
		[TCP_TIME_WAIT] = "TIME-WAIT",
	};
	return (unsigned)s < TCP_STATE_COUNT ? names[s] : "unknown";
}

const char *tcp_counter_name(tcp_counter c)
{
	static const char *const names[TCP_CNT_COUNT] = {
		[TCP_CNT_SEGS_SENT] = "segs_sent",
		[TCP_CNT_SEGS_RECEIVED] = "segs_received",
		[TCP_CNT_DATA_SEGS_SENT] = "data_segs_sent",
		[TCP_CNT_BYTES_SENT] = "bytes_sent",
		[TCP_CNT_RETRANSMITS] = "retransmits",
		[TCP_CNT_RETRANS_BYTES] = "retrans_bytes",
		[TCP_CNT_FAST_RETRANSMITS] = "fast_retransmits",
		[TCP_CNT_RTOS] = "rtos",
		[TCP_CNT_SYN_RETRANSMITS] = "syn_retransmits",
		[TCP_CNT_DUPACKS] = "dupacks",
		[TCP_CNT_BYTES_ACKED] = "bytes_acked",
		[TCP_CNT_BYTES_RECEIVED] = "bytes_received",
		[TCP_CNT_BYTES_DELIVERED] = "bytes_delivered",
		[TCP_CNT_DUP_BYTES_RECEIVED] = "dup_bytes_received",
		[TCP_CNT_OOO_SEGS] = "ooo_segs",
		[TCP_CNT_ACKS_SENT] = "acks_sent",
		[TCP_CNT_DELAYED_ACKS] = "delayed_acks",
		[TCP_CNT_SACK_BLOCKS_RECEIVED] = "sack_blocks_received",
		[TCP_CNT_PERSIST_PROBES] = "persist_probes",
		[TCP_CNT_ZERO_WINDOW_SENT] = "zero_window_sent",
		[TCP_CNT_WINDOW_UPDATES] = "window_updates",
		[TCP_CNT_OPT_MALFORMED] = "opt_malformed",
		[TCP_CNT_PAWS_REJECTED] = "paws_rejected",
		[TCP_CNT_CHALLENGE_ACKS] = "challenge_acks",
		[TCP_CNT_RST_RECEIVED] = "rst_received",
		[TCP_CNT_RST_SENT] = "rst_sent",
		[TCP_CNT_INTEGRITY_ERRORS] = "integrity_errors",
		[TCP_CNT_SEGS_DROPPED] = "segs_dropped",
	};
	return (unsigned)c < TCP_CNT_COUNT ? names[c] : "unknown";
}
