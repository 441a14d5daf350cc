/* sched_ecf.c — ECF, Earliest Completion First ("ecf"; Lim, Nahum, Towsley, Gibbens, "ECF: An
 * MPTCP Path Scheduler to Manage Heterogeneous Paths", CoNEXT 2017, §3 and its Algorithm 1; the
 * multipath-tcp.org kernel's mptcp_ecf).
 *
 * When the fastest path's window is full, minrtt puts the next bytes on the slow path even when
 * they would arrive sooner by waiting for the fast one; with little data left to send (a video
 * chunk, a web object) the slow path then finishes last and the fast one idles. ECF compares the
 * two completion times and waits when the fast path wins.
 *
 * The candidates are as minrtt's: active non-backup subflows, backups only when no non-backup is
 * active (RFC 8684 §3.3.8). The fastest candidate x_f (lowest smoothed RTT, ties to the lower id),
 * when it has room, gets the bytes. Otherwise let x_s be the lowest-RTT candidate with room and k
 * the bytes waiting, in segments of x_f; with cwnd in segments and δ = max(rttvar_f, rttvar_s)
 * (the paper's σ, the RTT deviations), Algorithm 1:
 *  - waiting for x_f takes one of its RTTs for its window to open and k / cwnd_f more rounds:
 *    n = 1 + k / cwnd_f. When n · rtt_f < (1 + waiting · β) · (rtt_s + δ), x_f finishes first;
 *    if moreover x_s would need at least as long for the bytes as x_f's wait and round trip
 *    ((k / cwnd_s) · rtt_s ≥ 2 · rtt_f + δ), the connection waits for x_f (waiting = 1);
 *    otherwise x_s takes the bytes;
 *  - else x_s takes them and waiting = 0.
 * `waiting` (per connection) is the hysteresis: once ECF has decided to wait, the fast path must
 * lose by the margin β = 0.25 (the paper's value) before the slow path is used again. Before both
 * RTTs are sampled there is nothing to compare and x_s is used, as minrtt would. */
#include "sched.h"

#include <glib.h>

#define ECF_BETA 0.25

typedef struct ecf_state {
	bool waiting;
} ecf_state;

static void *ecf_init(void)
{
	return g_new0(ecf_state, 1);
}

static void ecf_release(void *priv)
{
	g_free(priv);
}

/* Algorithm 1: true to wait for `f`, false to send on `s`; updates the hysteresis. */
static bool ecf_wait(ecf_state *st, const sched_subflow *f, const sched_subflow *s, uint64_t bytes)
{
	if (!f->srtt_ns || !s->srtt_ns || !f->mss_bytes || !s->mss_bytes)
		return false;
	double k = (double)bytes / f->mss_bytes;
	double cwnd_f = MAX((double)f->cwnd_bytes / f->mss_bytes, 1.0);
	double cwnd_s = MAX((double)s->cwnd_bytes / s->mss_bytes, 1.0);
	double rtt_f = (double)f->srtt_ns, rtt_s = (double)s->srtt_ns;
	double delta = (double)MAX(f->rttvar_ns, s->rttvar_ns);
	double n = 1 + k / cwnd_f;
	if (n * rtt_f < (1 + (st->waiting ? ECF_BETA : 0)) * (rtt_s + delta)) {
		if (k / cwnd_s * rtt_s >= 2 * rtt_f + delta) {
			st->waiting = true;
			return true;
		}
		return false;
	}
	st->waiting = false;
	return false;
}

static size_t ecf_get_send(void *priv, const sched_request *req, const sched_subflow *sfs, size_t n, uint32_t *out,
			   size_t max)
{
	ecf_state *st = priv;
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
	if (s < 0 || ecf_wait(st, &sfs[f], &sfs[s], req->bytes))
		return 0;
	out[0] = (uint32_t)s;
	return 1;
}

const sched_ops sched_ecf = {
	.name = "ecf",
	.init = ecf_init,
	.release = ecf_release,
	.get_send = ecf_get_send,
};
