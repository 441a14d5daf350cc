/* sched_interactive.c — the scheduler of Apple's interactive mode ("apple-interactive"). The
 * rules are those XNU's mptcp_get_subflow applies to MPTCP_SVCTYPE_INTERACTIVE, with the default
 * thresholds of its sysctls.
 *
 * Wi-Fi is preferred. The active subflows split in two: those from a cellular endpoint
 * (MPTCP_PM_ADDR_FLAG_CELLULAR) and the others; the lowest-RTT one of each set is its candidate
 * (ties to the lower id). The bytes go to the cellular candidate only when the Wi-Fi one is
 * struggling and the cellular one is not:
 *  - Wi-Fi's smoothed RTT has reached INTERACTIVE_RTT_NS and cellular's has not;
 *  - Wi-Fi is in retransmission timeout (rto_backoff >= 1, XNU's t_rxtshift >= mptcp_fail_thresh)
 *    and cellular is not;
 *  - Wi-Fi's retransmission timeout has reached INTERACTIVE_RTO_NS and cellular's has not.
 * Otherwise they go to Wi-Fi, and when its window is full the connection waits for it rather
 * than spill onto cellular. With no active Wi-Fi subflow, cellular carries everything; with no
 * cellular subflow (or no endpoint marked cellular), the lowest-RTT subflow with room. Unlike
 * minrtt, a cellular subflow is used while Wi-Fi recovers from a single timeout, which is what
 * makes this mode's latency low and its cellular bill higher than handover mode's. */
#include "sched.h"

#define INTERACTIVE_RTT_NS SIM_MS(600)  /* XNU mptcp_rtthist_rtthresh */
#define INTERACTIVE_RTO_NS SIM_MS(1500) /* XNU mptcp_rtothresh */

/* The lowest-RTT active subflow of the set (cellular or not); -1 when none. */
static int candidate(const sched_subflow *sfs, size_t n, bool cellular)
{
	int best = -1;
	for (size_t i = 0; i < n; i++) {
		const sched_subflow *s = &sfs[i];
		if (!s->active || s->cellular != cellular)
			continue;
		if (best < 0 || s->srtt_ns < sfs[best].srtt_ns ||
		    (s->srtt_ns == sfs[best].srtt_ns && s->id < sfs[best].id))
			best = (int)i;
	}
	return best;
}

static bool struggling(const sched_subflow *wifi, const sched_subflow *cell)
{
	if (wifi->srtt_ns && cell->srtt_ns && wifi->srtt_ns >= INTERACTIVE_RTT_NS && cell->srtt_ns < INTERACTIVE_RTT_NS)
		return true;
	if (wifi->rto_backoff && !cell->rto_backoff)
		return true;
	return wifi->rto_ns >= INTERACTIVE_RTO_NS && cell->rto_ns < INTERACTIVE_RTO_NS;
}

static size_t interactive_get_send(void *priv, const sched_request *req, const sched_subflow *sfs, size_t n,
				   uint32_t *out, size_t max)
{
	(void)priv;
	if (max == 0)
		return 0;
	int wifi = candidate(sfs, n, false), cell = candidate(sfs, n, true);
	int pick = wifi;
	if (wifi < 0)
		pick = cell;
	else if (cell >= 0 && struggling(&sfs[wifi], &sfs[cell]))
		pick = cell;
	if (pick < 0 || !sched_subflow_has_room(&sfs[pick], req->bytes))
		return 0;
	out[0] = (uint32_t)pick;
	return 1;
}

const sched_ops sched_interactive = {
	.name = "apple-interactive",
	.get_send = interactive_get_send,
};
