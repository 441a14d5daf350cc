/* tcp_rtt.c — RFC 6298 smoothed RTT, variance and retransmission timeout. */
#include "tcp_rtt.h"

/* RFC 6298 §2: K = 4; the clock granularity G is 1 ns here, so max(G, K*RTTVAR) is K*RTTVAR
 * except for a zero variance. */
enum { RTT_K = 4 };

void tcp_rtt_init(tcp_rtt *r, sim_time_t rto_initial_ns, sim_time_t rto_min_ns, sim_time_t rto_max_ns)
{
	r->srtt_ns = 0;
	r->rttvar_ns = 0;
	/* RFC 6298 §2.1: until a measurement is made, RTO is the initial value (1 s) */
	r->rto_ns = rto_initial_ns;
	r->min_rtt_ns = 0;
	r->latest_ns = 0;
	r->rto_min_ns = rto_min_ns;
	r->rto_max_ns = rto_max_ns;
	r->backoff = 0;
	r->has_sample = false;
}

static sim_time_t bound(const tcp_rtt *r, sim_time_t rto)
{
	/* RFC 6298 §2.4: round up to the minimum; §2.5: a maximum may be placed */
	if (rto < r->rto_min_ns)
		rto = r->rto_min_ns;
	if (rto > r->rto_max_ns)
		rto = r->rto_max_ns;
	return rto;
}

void tcp_rtt_sample(tcp_rtt *r, sim_time_t rtt_ns)
{
	if (rtt_ns < 1)
		rtt_ns = 1;
	r->latest_ns = rtt_ns;
	if (!r->has_sample || rtt_ns < r->min_rtt_ns)
		r->min_rtt_ns = rtt_ns;
	if (!r->has_sample) {
		/* RFC 6298 §2.2: SRTT = R, RTTVAR = R/2 */
		r->srtt_ns = rtt_ns;
		r->rttvar_ns = rtt_ns / 2;
		r->has_sample = true;
	} else {
		/* RFC 6298 §2.3: beta = 1/4, alpha = 1/8; RTTVAR first, with the old SRTT */
		sim_time_t err = r->srtt_ns - rtt_ns;
		if (err < 0)
			err = -err;
		r->rttvar_ns = r->rttvar_ns - r->rttvar_ns / 4 + err / 4;
		r->srtt_ns = r->srtt_ns - r->srtt_ns / 8 + rtt_ns / 8;
	}
	sim_time_t var = RTT_K * r->rttvar_ns;
	r->rto_ns = bound(r, r->srtt_ns + (var > 1 ? var : 1));
	/* Karn: the backed-off timer holds until a valid sample arrives, and no longer */
	r->backoff = 0;
}

void tcp_rtt_backoff(tcp_rtt *r)
{
	if (tcp_rtt_rto(r) < r->rto_max_ns)
		r->backoff++;
}

sim_time_t tcp_rtt_rto(const tcp_rtt *r)
{
	sim_time_t rto = r->rto_ns;
	for (uint32_t i = 0; i < r->backoff && rto < r->rto_max_ns; i++)
		rto *= 2;
	return rto > r->rto_max_ns ? r->rto_max_ns : rto;
}
