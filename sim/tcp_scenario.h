/* tcp_scenario.h — the TCP keys every TCP workload accepts, and the tcp_config they make.
 *
 * A workload lists TCP_SCENARIO_KEYS in its key table; tcp_config_from_values() turns the
 * validated values into a tcp_config (protocol/tcp/tcp.h) whose defaults are TCP's own. */
#ifndef MPTCPSIM_SIM_TCP_SCENARIO_H
#define MPTCPSIM_SIM_TCP_SCENARIO_H

#include "scn.h"
#include "tcp/tcp.h"

#define TCP_SCENARIO_KEYS                                                                                         \
	{ .name = "cc", .type = SCN_MODEL, .default_value = "cubic", .models = (const void *const *)tcp_cc_all,        \
	  .model_kind = "congestion control", .doc = "congestion control (reno: NewReno; cubic: RFC 9438; lia, olia, balia: MPTCP's coupled ones, as reno on a lone connection)" }, \
	{ .name = "mss", .type = SCN_SIZE, .default_value = "1460B", .min = 88, .max = 65495,                          \
	  .doc = "MSS announced and used (payload per segment; 12 B less with timestamps)" },                          \
	{ .name = "rcvbuf", .type = SCN_SIZE, .default_value = "4MiB", .min = 2048, .max = 1073741823,                 \
	  .doc = "receive buffer: limits the advertised window" },                                                     \
	{ .name = "rcvbuf_autotune", .type = SCN_BOOL, .default_value = "false",                                       \
	  .doc = "grow the receive buffer from 128 KiB towards rcvbuf as the application reads (Linux-like)" },        \
	{ .name = "sndbuf", .type = SCN_SIZE, .default_value = "4MiB", .min = 2048, .max = 1073741823,                 \
	  .doc = "send buffer: bytes queued and not yet acknowledged" },                                               \
	{ .name = "delack", .type = SCN_TIME, .default_value = "40ms",                                                 \
	  .doc = "delayed-ACK timer (RFC 5681 §4.2); 0s acknowledges every segment at once" },                         \
	{ .name = "delack_segments", .type = SCN_INT, .default_value = "2", .min = 1, .max = 64,                       \
	  .doc = "acknowledge at least every this many full-sized segments" },                                         \
	{ .name = "initial_rto", .type = SCN_TIME, .default_value = "1s", .min = 1000000,                              \
	  .doc = "retransmission timeout before the first RTT sample (RFC 6298 §2.1)" },                               \
	{ .name = "min_rto", .type = SCN_TIME, .default_value = "200ms", .min = 1000000,                               \
	  .doc = "lower bound of the retransmission timeout (Linux 200 ms; RFC 6298 says 1 s)" },                      \
	{ .name = "initial_cwnd", .type = SCN_INT, .default_value = "10", .min = 1, .max = 1000,                       \
	  .doc = "initial congestion window in segments (RFC 6928)" },                                                 \
	{ .name = "sack", .type = SCN_BOOL, .default_value = "true",                                                   \
	  .doc = "SACK (RFC 2018) with RFC 6675 recovery; false: NewReno (RFC 6582)" },                                \
	{ .name = "timestamps", .type = SCN_BOOL, .default_value = "true", .doc = "RFC 7323 timestamps" },            \
	{ .name = "window_scale", .type = SCN_BOOL, .default_value = "true", .doc = "RFC 7323 window scaling" },      \
	{ .name = "nagle", .type = SCN_BOOL, .default_value = "false", .doc = "Nagle's algorithm (RFC 896)" },        \
	{ .name = "pacing", .type = SCN_BOOL, .default_value = "false",                                                \
	  .doc = "pace segments at a rate derived from cwnd/srtt (Linux-like)" },                                      \
	{ .name = "time_wait", .type = SCN_TIME, .default_value = "1s", .doc = "TIME_WAIT duration (2·MSL, shortened)" }, \
	{ .name = "trace_interval", .type = SCN_TIME, .default_value = "10ms",                                         \
	  .doc = "sampling period of the TCP time series (cwnd, srtt, ...); 0s: no time series" }

/* A tcp_config from a group whose schema includes TCP_SCENARIO_KEYS. */
void tcp_config_from_values(tcp_config *cfg, const scn_values *v);

#endif
