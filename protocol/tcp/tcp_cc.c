/* tcp_cc.c — the list of built-in congestion controls, coupling groups and shared helpers. */
#include "tcp_cc.h"

#include "tcp.h"

#include <glib.h>
#include <math.h>
#include <string.h>

const tcp_cc_ops *const tcp_cc_all[] = {
	&tcp_cc_reno,
	&tcp_cc_cubic,
	&tcp_cc_lia,
	&tcp_cc_olia,
	&tcp_cc_balia,
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

void tcp_cc_init_priv(tcp_cc_state *cc, size_t priv_bytes)
{
	memset(cc->priv, 0, priv_bytes);
	cc->ssthresh_bytes = UINT32_MAX;
}

uint32_t tcp_cc_acked_for_avoidance(tcp_cc_state *cc, const tcp_cc_ack *ack)
{
	if (!cc->cwnd_limited)
		return 0;
	uint32_t acked = ack->acked_bytes;
	if (tcp_cc_in_slow_start(cc))
		acked = tcp_cc_slow_start(cc, acked);
	return acked;
}

void tcp_cc_halve(tcp_cc_state *cc)
{
	cc->ssthresh_bytes = tcp_cc_half_flight(cc);
	cc->cwnd_bytes = cc->ssthresh_bytes;
}

void tcp_cc_loss_window(tcp_cc_state *cc, unsigned consecutive)
{
	if (consecutive <= 1)
		cc->ssthresh_bytes = tcp_cc_half_flight(cc);
	cc->cwnd_bytes = cc->mss_bytes;
}

void tcp_cc_add_fraction(tcp_cc_state *cc, double *carry, double inc_bytes)
{
	*carry += inc_bytes;
	if (*carry >= 1.0) {
		double whole = floor(*carry);
		*carry -= whole;
		double next = (double)cc->cwnd_bytes + whole;
		cc->cwnd_bytes = next >= (double)UINT32_MAX ? UINT32_MAX : (uint32_t)next;
	} else if (*carry <= -1.0) {
		double whole = ceil(*carry); /* a negative whole number of bytes */
		*carry -= whole;
		double next = (double)cc->cwnd_bytes + whole;
		if (next <= (double)cc->mss_bytes) {
			cc->cwnd_bytes = cc->mss_bytes;
			*carry = 0;
		} else {
			cc->cwnd_bytes = (uint32_t)next;
		}
	}
}

size_t tcp_cc_group_paths(const tcp_cc_state *cc, const tcp_cc_ops *ops, tcp_cc_path *out)
{
	if (!cc->group || !cc->conn || tcp_conn_state(cc->conn) != TCP_ESTABLISHED || cc->srtt_ns <= 0)
		return 0;
	out[0] = (tcp_cc_path){ .cwnd_bytes = (double)cc->cwnd_bytes, .rtt_s = (double)cc->srtt_ns / 1e9, .cc = cc };
	size_t n = 1;
	for (uint32_t i = 0; i < cc->group->n_members && n < TCP_CC_MAX_PATHS; i++) {
		tcp_conn *m = cc->group->members[i];
		const tcp_cc_state *k = tcp_conn_cc(m);
		/* the same algorithm: its private state is what this one reads (the name is the ops') */
		if (k == cc || tcp_conn_state(m) != TCP_ESTABLISHED || k->srtt_ns <= 0 || tcp_conn_cc_name(m) != ops->name)
			continue;
		out[n++] = (tcp_cc_path){ .cwnd_bytes = (double)k->cwnd_bytes, .rtt_s = (double)k->srtt_ns / 1e9, .cc = k };
	}
	return n;
}
