/* tcp_rtt.h — the retransmission timer's estimator (RFC 6298), in integer nanoseconds.
 *
 * tcp_rtt_sample() feeds one measurement (the caller applies Karn's rule: no sample from a segment
 * that was retransmitted); tcp_rtt_backoff() doubles the timer after an expiry; the RTO in force is
 * tcp_rtt_rto(). All arithmetic is integer, so every build computes the same timers. */
#ifndef MPTCPSIM_PROTOCOL_TCP_RTT_H
#define MPTCPSIM_PROTOCOL_TCP_RTT_H

#include "simtime.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct tcp_rtt {
	sim_time_t srtt_ns;
	sim_time_t rttvar_ns;
	sim_time_t rto_ns;      /* before backoff */
	sim_time_t min_rtt_ns;  /* smallest sample seen */
	sim_time_t latest_ns;   /* last sample */
	sim_time_t rto_min_ns;
	sim_time_t rto_max_ns;
	uint32_t backoff;       /* consecutive expiries since the last valid sample */
	bool has_sample;
} tcp_rtt;

void tcp_rtt_init(tcp_rtt *r, sim_time_t rto_initial_ns, sim_time_t rto_min_ns, sim_time_t rto_max_ns);

/* One RTT measurement; recomputes SRTT, RTTVAR and RTO and clears the backoff. */
void tcp_rtt_sample(tcp_rtt *r, sim_time_t rtt_ns);

/* RFC 6298 §5.5: double the timer after it expired (bounded by rto_max). */
void tcp_rtt_backoff(tcp_rtt *r);

/* The timeout in force: RTO << backoff, at most rto_max. */
sim_time_t tcp_rtt_rto(const tcp_rtt *r);

#endif
