/* sched_minrtt.c — the lowest-RTT scheduler (the multipath-tcp.org kernel's default).
 *
 * Among the active subflows that are not backups, the one with the smallest smoothed RTT that has
 * room in its congestion window gets the bytes; when all of them are full the connection waits for
 * an ACK rather than spill onto a backup. Backup subflows are used only when no non-backup subflow
 * is active at all (RFC 8684 §3.3.8: "only ... if there are no other subflows available"), again
 * the lowest RTT with room first. Ties go to the older subflow (lower id), so the choice never
 * depends on anything but the subflows' state. */
#include "sched.h"

static int pick(const sched_request *req, const sched_subflow *sfs, size_t n, bool backup)
{
	int best = -1;
	for (size_t i = 0; i < n; i++) {
		const sched_subflow *s = &sfs[i];
		if (s->backup != backup || !sched_subflow_has_room(s, req->bytes))
			continue;
		if (best < 0 || s->srtt_ns < sfs[best].srtt_ns ||
		    (s->srtt_ns == sfs[best].srtt_ns && s->id < sfs[best].id))
			best = (int)i;
	}
	return best;
}

static size_t minrtt_get_send(void *priv, const sched_request *req, const sched_subflow *sfs, size_t n, uint32_t *out,
			      size_t max)
{
	(void)priv;
	if (max == 0)
		return 0;
	bool any_primary = false;
	for (size_t i = 0; i < n; i++)
		any_primary |= sfs[i].active && !sfs[i].backup;
	int best = pick(req, sfs, n, !any_primary);
	if (best < 0)
		return 0;
	out[0] = (uint32_t)best;
	return 1;
}

const sched_ops sched_minrtt = {
	.name = "minrtt",
	.get_send = minrtt_get_send,
};
