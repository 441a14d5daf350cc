/* tcp_cc_cubic.c — CUBIC (RFC 9438): the window follows W(t) = C*(t-K)^3 + W_max.
 *
 * C = 0.4, beta = 0.7, with the Reno-friendly region (§4.3) and fast convergence (§4.7); the
 * initial slow start ends with HyStart++ (§4.10, RFC 9406). Windows are kept in bytes: in the RFC's formulas
 * a segment count w is w*SMSS bytes, so C becomes C*SMSS bytes per second cubed.
 *
 * Determinism: the curve is evaluated in IEEE double arithmetic (no -ffast-math, no contraction in
 * ISO C mode) with cbrt() for K; time enters as an exact integer nanosecond difference and the
 * result is folded back into an integer cwnd, carrying the fraction, so every build grows the
 * window identically. */
#include "tcp_cc.h"
#include "tcp_hystart.h"

#include <math.h>
#include <string.h>

#define CUBIC_C 0.4     /* RFC 9438 §5.1 */
#define CUBIC_BETA 0.7  /* RFC 9438 §4.6 */

typedef struct cubic {
	double w_max_bytes;      /* window before the last reduction (§4.2) */
	double k_s;              /* time to reach W_max again (§4.2, Figure 2) */
	double cwnd_epoch_bytes; /* cwnd when this congestion avoidance stage began */
	double w_est_bytes;      /* Reno-friendly estimate (§4.3) */
	double carry_bytes;      /* fraction of a byte of increase not yet applied */
	sim_time_t epoch_start;  /* start of the congestion avoidance stage; -1: not begun */
	int after_timeout;       /* §4.8: the next stage starts with K = 0, W_max = cwnd */
	tcp_hystart hystart;     /* initial slow start only */
} cubic;

_Static_assert(sizeof(cubic) <= TCP_CC_PRIV_BYTES, "cubic state fits in tcp_cc_state.priv");

static cubic *priv(tcp_cc_state *cc)
{
	return (cubic *)cc->priv;
}

static void cubic_init(tcp_cc_state *cc, sim_time_t now)
{
	(void)now;
	cubic *s = priv(cc);
	memset(s, 0, sizeof *s);
	s->epoch_start = -1;
	cc->ssthresh_bytes = UINT32_MAX;
	tcp_hystart_init(&s->hystart, cc);
}

/* RFC 9438 §4.2, Figure 1, in bytes. */
static double w_cubic(const tcp_cc_state *cc, const cubic *s, double t_s)
{
	double d = t_s - s->k_s;
	return CUBIC_C * (double)cc->mss_bytes * d * d * d + s->w_max_bytes;
}

static void begin_epoch(tcp_cc_state *cc, cubic *s, sim_time_t now)
{
	double cwnd = (double)cc->cwnd_bytes;
	s->epoch_start = now;
	s->cwnd_epoch_bytes = cwnd;
	/* §4.3: W_est starts at cwnd_epoch */
	s->w_est_bytes = cwnd;
	s->carry_bytes = 0;
	if (s->after_timeout || cwnd >= s->w_max_bytes) {
		/* §4.8 after a timeout; and a window already past W_max starts at the plateau */
		s->w_max_bytes = cwnd;
		s->k_s = 0;
		s->after_timeout = 0;
	} else {
		/* §4.2, Figure 2: K = cbrt((W_max - cwnd_epoch) / C) */
		s->k_s = cbrt((s->w_max_bytes - cwnd) / (CUBIC_C * (double)cc->mss_bytes));
	}
}

static void add_bytes(tcp_cc_state *cc, cubic *s, double inc)
{
	s->carry_bytes += inc;
	if (s->carry_bytes >= 1.0) {
		double whole = floor(s->carry_bytes);
		s->carry_bytes -= whole;
		double next = (double)cc->cwnd_bytes + whole;
		cc->cwnd_bytes = next >= (double)UINT32_MAX ? UINT32_MAX : (uint32_t)next;
	}
}

static void cubic_on_ack(tcp_cc_state *cc, const tcp_cc_ack *ack, sim_time_t now)
{
	if (!cc->cwnd_limited)
		return;
	uint32_t acked = ack->acked_bytes;
	cubic *s = priv(cc);
	if (tcp_cc_in_slow_start(cc)) {
		/* §4.10: slow start as in RFC 5681, the first one ended by HyStart++ */
		acked = tcp_hystart_active(&s->hystart) ? tcp_hystart_slow_start(&s->hystart, cc, acked, ack->rtt_ns)
							 : tcp_cc_slow_start(cc, acked);
		if (!acked)
			return;
	}
	if (s->epoch_start < 0)
		begin_epoch(cc, s, now);
	double cwnd = (double)cc->cwnd_bytes, mss = (double)cc->mss_bytes;
	double t = (double)(now - s->epoch_start) / 1e9;

	/* §4.3: W_est += alpha * segments_acked / cwnd (segments); alpha = 1 once W_est >= W_max */
	double alpha = s->w_est_bytes >= s->w_max_bytes ? 1.0 : 3.0 * (1.0 - CUBIC_BETA) / (1.0 + CUBIC_BETA);
	s->w_est_bytes += alpha * (double)acked * mss / cwnd;

	if (w_cubic(cc, s, t) < s->w_est_bytes) {
		/* §4.3: Reno-friendly region, cwnd follows W_est */
		if (s->w_est_bytes > cwnd)
			add_bytes(cc, s, s->w_est_bytes - cwnd);
		return;
	}
	/* §4.4/§4.5: target = W_cubic(t + RTT), bounded to [cwnd, 1.5*cwnd] */
	double rtt = (double)(cc->srtt_ns ? cc->srtt_ns : ack->rtt_ns) / 1e9;
	double target = w_cubic(cc, s, t + rtt);
	if (target < cwnd)
		target = cwnd;
	if (target > 1.5 * cwnd)
		target = 1.5 * cwnd;
	/* cwnd += (target - cwnd) / cwnd per acknowledged segment */
	add_bytes(cc, s, (target - cwnd) / cwnd * (double)acked);
}

static void reduce(tcp_cc_state *cc, cubic *s)
{
	double cwnd = (double)cc->cwnd_bytes;
	double ss = cwnd * CUBIC_BETA;
	double floor2 = 2.0 * (double)cc->mss_bytes;
	/* §4.6: ssthresh = cwnd * beta, at least 2 segments */
	cc->ssthresh_bytes = (uint32_t)(ss > floor2 ? ss : floor2);
	s->epoch_start = -1;
	tcp_hystart_stop(&s->hystart);
}

static void cubic_on_congestion(tcp_cc_state *cc, sim_time_t now)
{
	(void)now;
	cubic *s = priv(cc);
	double cwnd = (double)cc->cwnd_bytes;
	/* §4.7: fast convergence releases bandwidth to newer flows */
	if (cwnd < s->w_max_bytes)
		s->w_max_bytes = cwnd * (1.0 + CUBIC_BETA) / 2.0;
	else
		s->w_max_bytes = cwnd;
	reduce(cc, s);
	cc->cwnd_bytes = cc->ssthresh_bytes;
}

static void cubic_on_rto(tcp_cc_state *cc, unsigned consecutive, sim_time_t now)
{
	(void)now;
	cubic *s = priv(cc);
	/* §4.8: ssthresh as for a congestion event (once per episode), cwnd as Reno */
	if (consecutive <= 1)
		reduce(cc, s);
	tcp_hystart_stop(&s->hystart);
	s->epoch_start = -1;
	s->after_timeout = 1;
	cc->cwnd_bytes = cc->mss_bytes;
}

const tcp_cc_ops tcp_cc_cubic = {
	.name = "cubic",
	.init = cubic_init,
	.on_ack = cubic_on_ack,
	.on_congestion = cubic_on_congestion,
	.on_rto = cubic_on_rto,
};
