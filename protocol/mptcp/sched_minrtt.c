/* sched_minrtt.c — the lowest-RTT scheduler (the multipath-tcp.org kernel's default).
 *
 * Among the active subflows that are not backups, the one with the smallest smoothed RTT that has
 * room in its congestion window gets the bytes; when all of them are full the connection waits for
 * an ACK rather than spill onto a backup. Backup subflows are used only when no non-backup subflow
 * is active at all (RFC 8684 §3.3.8: "only ... if there are no other subflows available"), again
 * the lowest RTT with room first. Ties go to the older subflow (lower id), so the choice never
 * depends on anything but the subflows' state. */
#include "sched.h"

static size_t minrtt_get_send(void *priv, const sched_request *req, const sched_subflow *sfs, size_t n, uint32_t *out,
			      size_t max)
{
	(void)priv;
	if (max == 0)
		return 0;
	int best = sched_lowest_rtt(sfs, n, !sched_any_primary(sfs, n), true, req->bytes);
	if (best < 0)
		return 0;
	out[0] = (uint32_t)best;
	return 1;
}

const sched_ops sched_minrtt = {
	.name = "minrtt",
	.get_send = minrtt_get_send,
};
