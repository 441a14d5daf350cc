/* sched_roundrobin.c — the round-robin scheduler ("roundrobin"; the multipath-tcp.org kernel's
 * mptcp_rr, and Apple's aggregate mode, which spreads a transfer over every subflow to use all of
 * their capacity).
 *
 * Each request goes to the next subflow after the one served last (in the order of the views, the
 * connection's creation order) that is active, not a backup and has room in its congestion window;
 * a subflow without room is skipped, so a slower path gets fewer turns, never a queue. Backups are
 * used, in the same rotation, only when no non-backup subflow is active (RFC 8684 §3.3.8). When no
 * candidate has room the connection waits for an ACK. The rotation is by subflow id, so the choice
 * depends on nothing but the subflows' state and the last choice. */
#include "sched.h"

#include <glib.h>

typedef struct rr_state {
	uint32_t last_id; /* subflow served last; 0: none yet */
} rr_state;

static void *rr_init(void)
{
	return g_new0(rr_state, 1);
}

static void rr_release(void *priv)
{
	g_free(priv);
}

static size_t rr_get_send(void *priv, const sched_request *req, const sched_subflow *sfs, size_t n, uint32_t *out,
			  size_t max)
{
	rr_state *st = priv;
	if (max == 0 || n == 0)
		return 0;
	bool any_primary = false;
	for (size_t i = 0; i < n; i++)
		any_primary |= sfs[i].active && !sfs[i].backup;
	/* the candidate with the smallest id above last_id, else the smallest id at all (wrap) */
	int next = -1, first = -1;
	for (size_t i = 0; i < n; i++) {
		const sched_subflow *s = &sfs[i];
		if (s->backup == any_primary || !sched_subflow_has_room(s, req->bytes))
			continue;
		if (first < 0 || s->id < sfs[first].id)
			first = (int)i;
		if (s->id > st->last_id && (next < 0 || s->id < sfs[next].id))
			next = (int)i;
	}
	int pick = next >= 0 ? next : first;
	if (pick < 0)
		return 0;
	st->last_id = sfs[pick].id;
	out[0] = (uint32_t)pick;
	return 1;
}

const sched_ops sched_roundrobin = {
	.name = "roundrobin",
	.init = rr_init,
	.release = rr_release,
	.get_send = rr_get_send,
};
