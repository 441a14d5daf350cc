/* sched_blest.c — BLEST, the blocking-estimation scheduler ("blest"; Ferlin, Alay, Mehani,
 * Boreli, "BLEST: Blocking Estimation-based MPTCP Scheduler for Heterogeneous Networks", IFIP
 * Networking 2016, §3; the multipath-tcp.org kernel's mptcp_blest).
 *
 * With heterogeneous paths, data put on the slow subflow occupies the connection's send window
 * (the peer's receive window) for a whole slow RTT; if the fast subflow would meanwhile want more
 * than what is left of the window, it stalls (head-of-line blocking at the receiver), and the
 * connection does worse than on the fast path alone. BLEST estimates that and waits for the fast
 * subflow instead.
 *
 * The candidates are as minrtt's: active non-backup subflows, backups only when no non-backup is
 * active (RFC 8684 §3.3.8). The fastest candidate (lowest smoothed RTT, ties to the lower id),
 * when it has room, gets the bytes. Otherwise the lowest-RTT candidate with room (the slow one,
 * s) is considered against the fastest (f), by the paper's estimate (§3, "blocking estimation"):
 * during one RTT of s, f sends for n = rtt_s / rtt_f of its rounds, its window growing by one
 * segment per round as in congestion avoidance, so
 *     X = mss_f · (cwnd_f + (n − 1) / 2) · n            (cwnd_f in segments)
 * bytes. The slow subflow's use is refused (the connection waits for f) when
 *     λ · X > W − mss_s · (inflight_s + 1)
 * with W the connection's send window (sched_request.wnd_bytes) and inflight_s the segments s
 * holds (in flight or queued): sending one more segment on s would leave too little window for f.
 * The paper adapts λ to the blocking it observes (§3, raising it by δλ when the fast subflow was
 * blocked anyway, lowering it otherwise); the view shows no such event, so λ stays at the Linux
 * implementation's starting value, 1.2. Before either RTT is sampled there is nothing to estimate
 * and s is used, as minrtt would. */
#include "sched.h"

#define BLEST_LAMBDA 1.2

/* True when placing a segment on `slow` would block `fast` on the send window `wnd`. */
static bool blest_would_block(const sched_subflow *fast, const sched_subflow *slow, uint64_t wnd)
{
	if (!fast->srtt_ns || !slow->srtt_ns || !fast->mss_bytes || !slow->mss_bytes)
		return false;
	double rounds = (double)slow->srtt_ns / (double)fast->srtt_ns;
	double cwnd_f = (double)fast->cwnd_bytes / fast->mss_bytes;
	double x = fast->mss_bytes * (cwnd_f + (rounds - 1) / 2) * rounds;
	uint64_t inflight_s = (slow->in_flight_bytes + slow->unsent_bytes + slow->mss_bytes - 1) / slow->mss_bytes;
	uint64_t slow_bytes = slow->mss_bytes * (inflight_s + 1);
	double space = wnd > slow_bytes ? (double)(wnd - slow_bytes) : 0;
	return BLEST_LAMBDA * x > space;
}

static size_t blest_get_send(void *priv, const sched_request *req, const sched_subflow *sfs, size_t n, uint32_t *out,
			     size_t max)
{
	(void)priv;
	if (max == 0)
		return 0;
	bool backup = !sched_any_primary(sfs, n);
	int f = sched_lowest_rtt(sfs, n, backup, false, req->bytes);
	if (f < 0)
		return 0;
	if (sched_subflow_has_room(&sfs[f], req->bytes)) {
		out[0] = (uint32_t)f;
		return 1;
	}
	int s = sched_lowest_rtt(sfs, n, backup, true, req->bytes);
	if (s < 0 || blest_would_block(&sfs[f], &sfs[s], req->wnd_bytes))
		return 0;
	out[0] = (uint32_t)s;
	return 1;
}

const sched_ops sched_blest = {
	.name = "blest",
	.get_send = blest_get_send,
};
