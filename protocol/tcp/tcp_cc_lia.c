/* tcp_cc_lia.c — LIA, the Linked Increases Algorithm of MPTCP (RFC 6356): coupled congestion
 * control over the subflows of one connection (their tcp_cc_group).
 *
 * Slow start and the decreases are Reno's, per subflow (RFC 6356 §3: "unchanged"). In congestion
 * avoidance an ACK of `acked` bytes on subflow i grows its window (in bytes, §4 with MSS_i) by
 *
 *     min( alpha * acked * MSS_i / cwnd_total , acked * MSS_i / cwnd_i )
 *
 * alpha = cwnd_total * max_k(cwnd_k / rtt_k^2) / (sum_k cwnd_k / rtt_k)^2   (§4)
 *
 * so the first term is acked * MSS_i * max_k(cwnd_k/rtt_k^2) / (sum_k cwnd_k/rtt_k)^2: together the
 * subflows take no more than one TCP would on the best of their paths (§2, goals 1 and 2), and
 * each takes no more than a TCP on its own path. The sums run over the group's members that have an
 * RTT sample and are established; a subflow alone in its group (or a TCP connection, which has no
 * group) grows exactly as Reno does.
 *
 * Determinism: alpha is evaluated in IEEE double arithmetic from integer windows and nanosecond
 * RTTs (as tcp_cc_cubic.c: no -ffast-math, no contraction in ISO C mode), and the increase is folded
 * into the integer window with its fraction carried, so every build grows the windows alike. */
#include "tcp_cc.h"

#include "tcp.h"


typedef struct lia {
	double carry_bytes; /* increase owed to cwnd below one byte */
} lia;

_Static_assert(sizeof(lia) <= TCP_CC_PRIV_BYTES, "lia state fits in tcp_cc_state.priv");

static lia *priv(tcp_cc_state *cc)
{
	return (lia *)cc->priv;
}

static void lia_init(tcp_cc_state *cc, sim_time_t now)
{
	(void)now;
	tcp_cc_init_priv(cc, sizeof(lia));
}

/* The coupled term's factor max_k(cwnd_k/rtt_k^2) / (sum_k cwnd_k/rtt_k)^2, in 1/bytes; 0 when
 * no member qualifies (then the uncoupled term decides). */
double tcp_cc_lia_factor(const tcp_cc_state *cc)
{
	if (!cc->group)
		return 0;
	double best = 0, sum = 0;
	for (uint32_t i = 0; i < cc->group->n_members; i++) {
		tcp_conn *m = cc->group->members[i];
		const tcp_cc_state *k = tcp_conn_cc(m);
		if (tcp_conn_state(m) != TCP_ESTABLISHED || k->srtt_ns <= 0)
			continue;
		double rtt = (double)k->srtt_ns / 1e9, w = (double)k->cwnd_bytes;
		double r2 = w / (rtt * rtt);
		if (r2 > best)
			best = r2;
		sum += w / rtt;
	}
	return sum > 0 ? best / (sum * sum) : 0;
}

static void lia_on_ack(tcp_cc_state *cc, const tcp_cc_ack *ack, sim_time_t now)
{
	(void)now;
	/* slow start is TCP's, per subflow (RFC 5681 §3.1, RFC 3465); only avoidance is coupled */
	uint32_t acked = tcp_cc_acked_for_avoidance(cc, ack);
	if (!acked)
		return;
	double mss = (double)cc->mss_bytes;
	double uncoupled = (double)acked * mss / (double)cc->cwnd_bytes;
	double factor = tcp_cc_lia_factor(cc);
	double inc = uncoupled;
	if (factor > 0) {
		double coupled = (double)acked * mss * factor;
		if (coupled < inc)
			inc = coupled;
	}
	tcp_cc_add_fraction(cc, &priv(cc)->carry_bytes, inc);
}

static void lia_on_congestion(tcp_cc_state *cc, sim_time_t now)
{
	(void)now;
	tcp_cc_halve(cc); /* RFC 6356 §3: a loss halves the subflow's window, as Reno */
	priv(cc)->carry_bytes = 0;
}

static void lia_on_rto(tcp_cc_state *cc, unsigned consecutive, sim_time_t now)
{
	(void)now;
	tcp_cc_loss_window(cc, consecutive);
	priv(cc)->carry_bytes = 0;
}

const tcp_cc_ops tcp_cc_lia = {
	.name = "lia",
	.init = lia_init,
	.on_ack = lia_on_ack,
	.on_congestion = lia_on_congestion,
	.on_rto = lia_on_rto,
};
