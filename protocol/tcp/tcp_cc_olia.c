/* tcp_cc_olia.c — OLIA, the Opportunistic Linked Increases Algorithm (Khalili, Gast, Popovic,
 * Le Boudec, "MPTCP is not Pareto-optimal: performance issues and a possible solution", CoNEXT 2012
 * and IEEE/ACM ToN 2013; draft-khalili-mptcp-congestion-control-05): coupled congestion control
 * over the subflows of one MPTCP connection (their tcp_cc_group), as LIA (tcp_cc_lia.c) but
 * Pareto-optimal: it moves window from the paths that have the most towards the paths that
 * deliver the most between losses.
 *
 * Only the increase in congestion avoidance is coupled (draft: OLIA replaces LIA's increase; slow
 * start, fast retransmit and recovery and the multiplicative decrease are those of TCP, RFC 5681).
 * For each ACK on path r, per segment acknowledged, the window w_r in segments grows by
 *
 *     (w_r / rtt_r^2) / (sum_p w_p / rtt_p)^2  +  alpha_r / w_r
 *
 * over the set P of the connection's paths, where, with l_r the bytes acknowledged on r between
 * its last two losses or since its last loss, whichever is larger (the draft's l1r, l2r):
 *     M   (max_w_paths)      the paths with the largest window,
 *     B   (best_paths)       the paths with the largest l_r / rtt_r^2,
 *     B\M (collected_paths)  the best paths that do not have the largest window;
 *     alpha_r = 1 / (|P| * |B\M|)   for r in B\M,   when B\M is not empty,
 *             = -1 / (|P| * |M|)    for r in M,     when B\M is not empty,
 *             = 0                   otherwise.
 * Windows here are in bytes: as RFC 6356 §4 scales LIA, an ACK of `acked` bytes on r grows cwnd_r by
 *
 *     acked * MSS_r * ( (cwnd_r / rtt_r^2) / (sum_p cwnd_p / rtt_p)^2  +  alpha_r / cwnd_r ).
 *
 * For a path in M that increase can be negative: its window shrinks on ACKs. Its ssthresh follows
 * it down, so the subflow stays in congestion avoidance (slow start is for a window below what a
 * loss has shown, RFC 5681 §3.1, not for a window OLIA handed to another path).
 *
 * P is the group's members that are established, have an RTT sample and run OLIA (their l_r lives
 * in their private state). A subflow alone in P (or a TCP connection, which has no group) has
 * M = B = {r} and alpha_r = 0, and the first term is 1/w_r: it grows by acked * SMSS / cwnd per
 * ACK, RFC 5681 §3.1's congestion-avoidance increase (equation 3) counted in bytes acknowledged —
 * NewReno's one SMSS per RTT, the same as a lone LIA subflow. It then shares Reno's decreases too;
 * the one difference from tcp_cc_reno.c is that the fraction of a byte is carried per ACK instead
 * of counting a window's worth of bytes (RFC 3465 §2.1).
 *
 * l_r is kept from snd_una: the offset acknowledged when each loss was detected, so the bytes
 * cumulatively acknowledged during recovery count too. Before the first loss l1r is 0 and l2r
 * counts from the handshake. A timeout is a loss for l_r (its first expiry only, as for ssthresh).
 *
 * Determinism: the sums are evaluated in IEEE double arithmetic from integer windows and
 * nanosecond RTTs, members in the group's order (as tcp_cc_lia.c: no -ffast-math, no contraction
 * in ISO C mode); sets compare exact doubles computed alike for every path; the increase is folded
 * into the integer window with its fraction carried (tcp_cc_add_fraction). */
#include "tcp_cc.h"


typedef struct olia {
	double carry_bytes;      /* increase (or decrease) owed to cwnd below one byte */
	uint64_t una_at_loss;    /* snd_una when the last loss was detected; at init, when it started */
	uint64_t between_losses; /* l1r: bytes acknowledged between the last two losses */
} olia;

_Static_assert(sizeof(olia) <= TCP_CC_PRIV_BYTES, "olia state fits in tcp_cc_state.priv");

static olia *priv(tcp_cc_state *cc)
{
	return (olia *)cc->priv;
}

static const olia *cpriv(const tcp_cc_state *cc)
{
	return (const olia *)cc->priv;
}

static void olia_init(tcp_cc_state *cc, sim_time_t now)
{
	(void)now;
	tcp_cc_init_priv(cc, sizeof(olia));
	priv(cc)->una_at_loss = cc->snd_una;
}

uint64_t tcp_cc_olia_l_bytes(const tcp_cc_state *cc)
{
	const olia *o = cpriv(cc);
	/* l2r: bytes acknowledged since the last loss; l_r = max(l1r, l2r) */
	uint64_t since = cc->snd_una > o->una_at_loss ? cc->snd_una - o->una_at_loss : 0;
	return since > o->between_losses ? since : o->between_losses;
}

/* What makes a path one of the best: l_r / rtt_r^2. l_r estimates 1/p_r, so this is 1/(p_r rtt_r^2),
 * the square of the rate a TCP would get on the path (Mathis): the best paths are those a single
 * TCP would do best on, as the authors' own kernel implementation (mptcp_olia.c) ranks them. */
static double best_metric(const tcp_cc_path *p)
{
	return p->l_bytes / (p->rtt_s * p->rtt_s);
}

double tcp_cc_olia_alpha(const tcp_cc_path *paths, size_t n, size_t r)
{
	double w_max = paths[0].cwnd_bytes, best = best_metric(&paths[0]);
	for (size_t i = 1; i < n; i++) {
		if (paths[i].cwnd_bytes > w_max)
			w_max = paths[i].cwnd_bytes;
		double m = best_metric(&paths[i]);
		if (m > best)
			best = m;
	}
	/* |M| and |B\M| */
	size_t n_max = 0, n_collected = 0;
	for (size_t i = 0; i < n; i++) {
		if (paths[i].cwnd_bytes == w_max)
			n_max++;
		else if (best_metric(&paths[i]) == best)
			n_collected++;
	}
	if (!n_collected)
		return 0;
	bool r_max = paths[r].cwnd_bytes == w_max;
	if (!r_max && best_metric(&paths[r]) == best)
		return 1.0 / ((double)n * (double)n_collected);
	if (r_max)
		return -1.0 / ((double)n * (double)n_max);
	return 0;
}

double tcp_cc_olia_increase(const tcp_cc_path *paths, size_t n, size_t r, double mss, double acked)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += paths[i].cwnd_bytes / paths[i].rtt_s;
	const tcp_cc_path *p = &paths[r];
	double coupled = p->cwnd_bytes / (p->rtt_s * p->rtt_s) / (sum * sum);
	return acked * mss * (coupled + tcp_cc_olia_alpha(paths, n, r) / p->cwnd_bytes);
}

static void olia_on_ack(tcp_cc_state *cc, const tcp_cc_ack *ack, sim_time_t now)
{
	(void)now;
	/* slow start is TCP's, per subflow (RFC 5681 §3.1, RFC 3465); only avoidance is coupled */
	uint32_t acked = tcp_cc_acked_for_avoidance(cc, ack);
	if (!acked)
		return;
	double mss = (double)cc->mss_bytes;
	tcp_cc_path paths[TCP_CC_MAX_PATHS];
	size_t n = tcp_cc_group_paths(cc, &tcp_cc_olia, paths);
	double inc;
	if (n <= 1) {
		/* alone: the increase is 1/w_r per segment (see above) */
		inc = (double)acked * mss / (double)cc->cwnd_bytes;
	} else {
		for (size_t i = 0; i < n; i++)
			paths[i].l_bytes = (double)tcp_cc_olia_l_bytes(paths[i].cc);
		inc = tcp_cc_olia_increase(paths, n, 0, mss, (double)acked);
	}
	tcp_cc_add_fraction(cc, &priv(cc)->carry_bytes, inc);
	if (cc->cwnd_bytes < cc->ssthresh_bytes)
		cc->ssthresh_bytes = cc->cwnd_bytes; /* window given away: still congestion avoidance */
}

/* A loss on this path: the interval since the previous one becomes l1r, l2r starts again. */
static void note_loss(tcp_cc_state *cc)
{
	olia *o = priv(cc);
	o->between_losses = cc->snd_una > o->una_at_loss ? cc->snd_una - o->una_at_loss : 0;
	o->una_at_loss = cc->snd_una;
	o->carry_bytes = 0;
}

static void olia_on_congestion(tcp_cc_state *cc, sim_time_t now)
{
	(void)now;
	note_loss(cc);
	tcp_cc_halve(cc); /* the draft: a loss halves the subflow's window, as TCP */
}

static void olia_on_rto(tcp_cc_state *cc, unsigned consecutive, sim_time_t now)
{
	(void)now;
	if (consecutive <= 1)
		note_loss(cc);
	tcp_cc_loss_window(cc, consecutive);
	priv(cc)->carry_bytes = 0;
}

const tcp_cc_ops tcp_cc_olia = {
	.name = "olia",
	.init = olia_init,
	.on_ack = olia_on_ack,
	.on_congestion = olia_on_congestion,
	.on_rto = olia_on_rto,
};
