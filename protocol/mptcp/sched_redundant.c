/* sched_redundant.c — the redundant scheduler ("redundant"; ProgMP's redundant scheduler,
 * Frömmgen et al., and the multipath-tcp.org kernel's mptcp_redundant): every byte goes on every
 * path that can take it, trading capacity for latency, so the first copy to arrive wins and a loss
 * on one path costs nothing while another copy is on its way.
 *
 * The candidates are the active subflows that are not backups; backups only when no non-backup
 * subflow is active (RFC 8684 §3.3.8). Of the candidates with room in their congestion window, the
 * lowest-RTT one carries the bytes (out[0], ties to the lower id) and every other one a copy
 * (out[1..], in the order of the views; send.c queues them as reinjections of the same data). When
 * no candidate has room the connection waits for an ACK. A subflow that is full when the bytes are
 * placed gets no copy of them later: each placement copies to the subflows that have room then. */
#include "sched.h"

static size_t redundant_get_send(void *priv, const sched_request *req, const sched_subflow *sfs, size_t n,
				 uint32_t *out, size_t max)
{
	(void)priv;
	if (max == 0)
		return 0;
	bool any_primary = sched_any_primary(sfs, n);
	int best = sched_lowest_rtt(sfs, n, !any_primary, true, req->bytes);
	if (best < 0)
		return 0;
	size_t k = 0;
	out[k++] = (uint32_t)best;
	for (size_t i = 0; i < n && k < max; i++) {
		const sched_subflow *s = &sfs[i];
		if ((int)i == best || s->backup == any_primary || !sched_subflow_has_room(s, req->bytes))
			continue;
		out[k++] = (uint32_t)i;
	}
	return k;
}

const sched_ops sched_redundant = {
	.name = "redundant",
	.get_send = redundant_get_send,
};
