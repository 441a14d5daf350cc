/* sched_handover.c — the scheduler of Apple's handover mode ("apple-handover"; with the path
 * manager of that name, pm_handover.c).
 *
 * Traffic stays on Wi-Fi while it is not failing: among the active non-backup subflows whose
 * retransmission timer has not expired twice in a row since their last ACK of new data
 * (rto_backoff < HANDOVER_RTOS, as XNU's handover mode), the one with the smallest smoothed RTT
 * with room gets the bytes; when such a subflow exists but has no room the connection waits for
 * it rather than spill onto cellular. When none of them qualifies, the bytes go to a qualifying
 * backup subflow (the cellular one, B=1), and they return to Wi-Fi as soon as it delivers again.
 * When nothing qualifies, the lowest-RTT scheduler's choice (non-backup first, RFC 8684 §3.3.8)
 * is kept. Ties go to the lower id. */
#include "sched.h"

/* Timeouts in a row after which Wi-Fi is failing (as pm_handover.c; XNU: 2 x mptcp_fail_thresh). */
#define HANDOVER_RTOS 2

/* Lowest srtt with room among the active subflows with this backup flag (and delivering, when
 * `healthy`); -1 when none. *seen tells whether any such subflow is active, with room or not. */
static int pick(const sched_request *req, const sched_subflow *sfs, size_t n, bool backup, bool healthy, bool *seen)
{
	int best = -1;
	*seen = false;
	for (size_t i = 0; i < n; i++) {
		const sched_subflow *s = &sfs[i];
		if (!s->active || s->backup != backup || (healthy && s->rto_backoff >= HANDOVER_RTOS))
			continue;
		*seen = true;
		if (!sched_subflow_has_room(s, req->bytes))
			continue;
		if (best < 0 || s->srtt_ns < sfs[best].srtt_ns ||
		    (s->srtt_ns == sfs[best].srtt_ns && s->id < sfs[best].id))
			best = (int)i;
	}
	return best;
}

static size_t handover_get_send(void *priv, const sched_request *req, const sched_subflow *sfs, size_t n, uint32_t *out,
				size_t max)
{
	(void)priv;
	if (max == 0)
		return 0;
	bool seen;
	int best = pick(req, sfs, n, false, true, &seen);
	if (best < 0 && !seen) {
		best = pick(req, sfs, n, true, true, &seen);
		if (best < 0 && !seen) {
			best = pick(req, sfs, n, false, false, &seen);
			if (best < 0 && !seen)
				best = pick(req, sfs, n, true, false, &seen);
		}
	}
	if (best < 0)
		return 0;
	out[0] = (uint32_t)best;
	return 1;
}

const sched_ops sched_handover = {
	.name = "apple-handover",
	.get_send = handover_get_send,
};
