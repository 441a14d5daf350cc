/* tcp_cc_balia.c — BALIA, the Balanced Linked Adaptation algorithm (Peng, Walid, Hwang, Low,
 * "Multipath TCP: analysis, design, and implementation", IEEE/ACM ToN 2016;
 * draft-walid-mptcp-congestion-control-04): coupled congestion control over the subflows of one
 * MPTCP connection (their tcp_cc_group). It balances LIA's and OLIA's tradeoff between
 * friendliness to TCP and responsiveness: both its increase and its decrease are coupled.
 *
 * With x_r = w_r / rtt_r the rate of path r and alpha_r = max_k x_k / x_r (>= 1), the draft's
 * window adaptation in congestion avoidance is, in segments:
 *     for each ACK on path r:   w_r += (x_r / rtt_r) / (sum_k x_k)^2 * (1 + alpha_r)/2 * (4 + alpha_r)/5
 *     for each loss on path r:  w_r -= w_r / 2 * min(alpha_r, 1.5)
 * so the fastest path (alpha = 1) halves as TCP does, and a slower one gives up to three quarters.
 * Windows here are in bytes: as RFC 6356 §4 scales LIA, an ACK of `acked` bytes on r grows cwnd_r
 * by acked * MSS_r * (x_r / rtt_r) / (sum_k x_k)^2 * (1 + alpha_r)/2 * (4 + alpha_r)/5 with x in
 * bytes per second. The w_r a loss reduces is the window in use, RFC 5681's FlightSize, as Reno's
 * halving (eq. (4)); ssthresh = cwnd = what is left, at least 2 SMSS.
 *
 * Slow start is TCP's, per subflow (RFC 5681 §3.1, RFC 3465), and so is a timeout (one segment,
 * ssthresh halved): the draft changes congestion avoidance only.
 *
 * The sums run over the group's members that are established, have an RTT sample and run BALIA.
 * A subflow alone there (or a TCP connection, which has no group) has alpha_r = 1: it grows by
 * (x_r / rtt_r) / x_r^2 = 1 / w_r per segment, i.e. acked * SMSS / cwnd per ACK — RFC 5681 §3.1's
 * congestion-avoidance increase (equation 3) counted in bytes acknowledged, NewReno's one SMSS per
 * RTT, as a lone LIA subflow — and halves on a loss: Reno, except that the fraction of a byte is
 * carried per ACK instead of counting a window's worth of bytes (RFC 3465 §2.1).
 *
 * Determinism: as tcp_cc_lia.c, IEEE double arithmetic from integer windows and nanosecond RTTs,
 * members in the group's order, the increase folded into the integer window with its fraction
 * carried (tcp_cc_add_fraction). */
#include "tcp_cc.h"


#define BALIA_ALPHA_CAP 1.5 /* the decrease's min(alpha_r, 1.5) */

typedef struct balia {
	double carry_bytes; /* increase owed to cwnd below one byte */
} balia;

_Static_assert(sizeof(balia) <= TCP_CC_PRIV_BYTES, "balia state fits in tcp_cc_state.priv");

static balia *priv(tcp_cc_state *cc)
{
	return (balia *)cc->priv;
}

static void balia_init(tcp_cc_state *cc, sim_time_t now)
{
	(void)now;
	tcp_cc_init_priv(cc, sizeof(balia));
}

static double rate(const tcp_cc_path *p)
{
	return p->cwnd_bytes / p->rtt_s;
}

double tcp_cc_balia_alpha(const tcp_cc_path *paths, size_t n, size_t r)
{
	double x_max = 0;
	for (size_t i = 0; i < n; i++) {
		double x = rate(&paths[i]);
		if (x > x_max)
			x_max = x;
	}
	return x_max / rate(&paths[r]);
}

double tcp_cc_balia_increase(const tcp_cc_path *paths, size_t n, size_t r, double mss, double acked)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += rate(&paths[i]);
	double a = tcp_cc_balia_alpha(paths, n, r);
	double per_segment = rate(&paths[r]) / paths[r].rtt_s / (sum * sum) * ((1 + a) / 2) * ((4 + a) / 5);
	return acked * mss * per_segment;
}

double tcp_cc_balia_decrease(const tcp_cc_path *paths, size_t n, size_t r)
{
	double a = tcp_cc_balia_alpha(paths, n, r);
	return (a < BALIA_ALPHA_CAP ? a : BALIA_ALPHA_CAP) / 2;
}

static void balia_on_ack(tcp_cc_state *cc, const tcp_cc_ack *ack, sim_time_t now)
{
	(void)now;
	/* slow start is TCP's, per subflow (RFC 5681 §3.1, RFC 3465); only avoidance is coupled */
	uint32_t acked = tcp_cc_acked_for_avoidance(cc, ack);
	if (!acked)
		return;
	double mss = (double)cc->mss_bytes;
	tcp_cc_path paths[TCP_CC_MAX_PATHS];
	size_t n = tcp_cc_group_paths(cc, &tcp_cc_balia, paths);
	/* alone: alpha = 1 and the increase is 1/w_r per segment (see above) */
	double inc = n <= 1 ? (double)acked * mss / (double)cc->cwnd_bytes
			    : tcp_cc_balia_increase(paths, n, 0, mss, (double)acked);
	tcp_cc_add_fraction(cc, &priv(cc)->carry_bytes, inc);
}

static void balia_on_congestion(tcp_cc_state *cc, sim_time_t now)
{
	(void)now;
	priv(cc)->carry_bytes = 0;
	tcp_cc_path paths[TCP_CC_MAX_PATHS];
	size_t n = tcp_cc_group_paths(cc, &tcp_cc_balia, paths);
	if (n <= 1) {
		tcp_cc_halve(cc); /* alpha = 1: halve, as TCP */
		return;
	}
	/* the draft's decrease, from the window in use; at least 2 SMSS as RFC 5681 eq. (4) */
	double flight = (double)cc->flight_size_bytes;
	double left = flight - flight * tcp_cc_balia_decrease(paths, n, 0);
	double floor2 = 2.0 * (double)cc->mss_bytes;
	cc->ssthresh_bytes = (uint32_t)(left > floor2 ? left : floor2);
	cc->cwnd_bytes = cc->ssthresh_bytes;
}

static void balia_on_rto(tcp_cc_state *cc, unsigned consecutive, sim_time_t now)
{
	(void)now;
	tcp_cc_loss_window(cc, consecutive);
	priv(cc)->carry_bytes = 0;
}

const tcp_cc_ops tcp_cc_balia = {
	.name = "balia",
	.init = balia_init,
	.on_ack = balia_on_ack,
	.on_congestion = balia_on_congestion,
	.on_rto = balia_on_rto,
};
