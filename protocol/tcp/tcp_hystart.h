/* tcp_hystart.h — HyStart++ (RFC 9406): leave slow start when the RTT starts to grow.
 *
 * Slow start doubles the window each round trip until loss, which overshoots the path by up to a
 * window and loses much of it. HyStart++ watches the smallest RTT of each round (a round ends when
 * the data sent at its start is acknowledged); when it grows by a threshold, the sender enters
 * Conservative Slow Start (a quarter of the growth) for a few rounds, then congestion avoidance —
 * or back to slow start if the RTT falls again (the increase was not a queue). A congestion
 * control calls tcp_hystart_slow_start() instead of tcp_cc_slow_start() while it is active. */
#ifndef MPTCPSIM_PROTOCOL_TCP_HYSTART_H
#define MPTCPSIM_PROTOCOL_TCP_HYSTART_H

#include "tcp_cc.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum tcp_hystart_phase {
	TCP_HYSTART_SS,   /* standard slow start, watching the RTT */
	TCP_HYSTART_CSS,  /* Conservative Slow Start */
	TCP_HYSTART_DONE, /* left slow start (or never to be used again) */
} tcp_hystart_phase;

typedef struct tcp_hystart {
	sim_time_t last_round_min_rtt;   /* SIM_TIME_NEVER: none */
	sim_time_t current_round_min_rtt;
	sim_time_t css_baseline_min_rtt;
	uint64_t window_end;             /* the round ends when this offset is acknowledged */
	uint32_t rtt_samples;
	uint32_t css_rounds;
	tcp_hystart_phase phase;
} tcp_hystart;

void tcp_hystart_init(tcp_hystart *h, const tcp_cc_state *cc);

/* One ACK in slow start: grows cwnd by the RFC 9406 rules; may end slow start by setting ssthresh
 * to cwnd. Returns the acknowledged bytes left over for congestion avoidance. */
uint32_t tcp_hystart_slow_start(tcp_hystart *h, tcp_cc_state *cc, uint32_t acked_bytes, sim_time_t rtt_ns);

/* A loss or timeout ended slow start: HyStart++ is not used again (RFC 9406 §4.3). */
static inline void tcp_hystart_stop(tcp_hystart *h)
{
	h->phase = TCP_HYSTART_DONE;
}

static inline bool tcp_hystart_active(const tcp_hystart *h)
{
	return h->phase != TCP_HYSTART_DONE;
}

#endif
