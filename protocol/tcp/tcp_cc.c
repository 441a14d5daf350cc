/* tcp_cc.c — the list of built-in congestion controls, coupling groups and shared helpers. */
#include "tcp_cc.h"

#include <glib.h>

const tcp_cc_ops *const tcp_cc_all[] = {
	&tcp_cc_reno,
	&tcp_cc_cubic,
	&tcp_cc_lia,
	NULL,
};

void tcp_cc_group_init(tcp_cc_group *g)
{
	g->members = NULL;
	g->n_members = 0;
	g->cap = 0;
	g->priv = NULL;
}

void tcp_cc_group_fini(tcp_cc_group *g)
{
	g_free(g->members);
	tcp_cc_group_init(g);
}

uint32_t tcp_cc_slow_start(tcp_cc_state *cc, uint32_t acked_bytes)
{
	uint32_t limit = 2 * cc->mss_bytes; /* RFC 3465 §2.2: L = 2 */
	uint32_t inc = acked_bytes < limit ? acked_bytes : limit;
	uint32_t room = cc->ssthresh_bytes - cc->cwnd_bytes;
	if (inc > room)
		inc = room;
	cc->cwnd_bytes += inc;
	return acked_bytes - inc;
}
