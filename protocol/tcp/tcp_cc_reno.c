/* tcp_cc_reno.c — Reno window arithmetic (RFC 5681 with RFC 3465 byte counting).
 *
 * The NewReno part (RFC 6582: partial ACKs, window inflation during fast recovery) is TCP's loss
 * recovery (tcp_recovery.c); this file only sizes the window: slow start, +1 SMSS per RTT in
 * congestion avoidance, ssthresh = max(FlightSize/2, 2*SMSS) on loss, one segment after a timeout. */
#include "tcp_cc.h"


typedef struct reno {
	uint32_t bytes_acked; /* RFC 3465 §2.1: acknowledged bytes counted towards the next increase */
} reno;

_Static_assert(sizeof(reno) <= TCP_CC_PRIV_BYTES, "reno state fits in tcp_cc_state.priv");

static reno *priv(tcp_cc_state *cc)
{
	return (reno *)cc->priv;
}

static void reno_init(tcp_cc_state *cc, sim_time_t now)
{
	(void)now;
	tcp_cc_init_priv(cc, sizeof(reno));
}

static void reno_on_ack(tcp_cc_state *cc, const tcp_cc_ack *ack, sim_time_t now)
{
	(void)now;
	uint32_t acked = tcp_cc_acked_for_avoidance(cc, ack);
	if (!acked)
		return;
	/* RFC 3465 §2.1 / RFC 5681 §3.1: once a full window has been acknowledged, cwnd += SMSS */
	reno *r = priv(cc);
	r->bytes_acked += acked;
	if (r->bytes_acked >= cc->cwnd_bytes) {
		r->bytes_acked -= cc->cwnd_bytes;
		cc->cwnd_bytes += cc->mss_bytes;
	}
}

static void reno_on_congestion(tcp_cc_state *cc, sim_time_t now)
{
	(void)now;
	tcp_cc_halve(cc);
	priv(cc)->bytes_acked = 0;
}

static void reno_on_rto(tcp_cc_state *cc, unsigned consecutive, sim_time_t now)
{
	(void)now;
	tcp_cc_loss_window(cc, consecutive);
	priv(cc)->bytes_acked = 0;
}

const tcp_cc_ops tcp_cc_reno = {
	.name = "reno",
	.init = reno_init,
	.on_ack = reno_on_ack,
	.on_congestion = reno_on_congestion,
	.on_rto = reno_on_rto,
};
