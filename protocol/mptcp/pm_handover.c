/* pm_handover.c — Apple's handover mode ("apple-handover"; with the scheduler of that name,
 * sched_handover.c). Sources: WWDC 2017 ("a cellular subflow only when Wi-Fi performs badly"), the
 * 2013 survey of Apple's implementation (client-initiated subflows only, no ADD_ADDR processed,
 * active/backup use), and the rules of XNU's handover service type, read for their logic.
 *
 * The client's initial subflow is the primary (Wi-Fi). Wi-Fi is *failing* when its retransmission
 * timer has expired twice in a row (HANDOVER_RTOS; XNU: twice mptcp_fail_thresh): then the
 * scheduler moves the traffic to cellular, and back as soon as Wi-Fi delivers again. Wi-Fi is
 * *weak* when its numbers say it performs badly, our stand-in for the link-quality report XNU gets
 * from "Symptoms" (which reads the radio): once per handover_window_ns the primary is judged on
 * its numbers since the last judgement, the share of its data segments that were retransmissions
 * (see HANDOVER_MIN_SEGS) against handover_loss_ppm and its smoothed RTT against handover_rtt_ns;
 * a bad verdict makes it weak for handover_hold_ns, extended by every further bad verdict.
 *
 * No other subflow is opened while Wi-Fi is neither weak nor failing. When it becomes either, or
 * when it closes (Wi-Fi gone), the client opens one subflow from its first `subflow` endpoint other
 * than the primary's address (the cellular radio; with the endpoint's BACKUP flag it joins with
 * B=1, RFC 8684 §3.2) to the server's initial address. A weak Wi-Fi that still delivers keeps the
 * traffic (the cellular subflow stands by, its handshake and radio promotion already paid, so the
 * bill stays small); once Wi-Fi is failing, its unacknowledged data is reinjected on the cellular
 * subflow (RFC 8684 §3.3.6). A cellular subflow that carried no data either way for
 * handover_idle_ns while Wi-Fi delivers and is not weak is closed (RST with MP_TCPRST), so the
 * cellular radio can go idle. When the primary is gone and an address that is not a backup
 * endpoint comes (back), a subflow from it becomes the primary, so traffic returns to Wi-Fi after
 * an outage of the interface too. ADD_ADDRs are not acted on; joins are accepted within
 * subflows_max (the server's side). Apple does not publish its thresholds; the defaults are ours
 * and each is a host key. */
#include "pm.h"

#include <glib.h>

/* A loss share needs this many data segments (thinner traffic is gathered over more windows, up to
 * HANDOVER_MAX_WINDOWS), and at least HANDOVER_MIN_LOST retransmissions among them: on a good
 * Wi-Fi with 1% loss, one unlucky segment of a few must not send traffic to cellular. */
#define HANDOVER_MIN_SEGS 10
#define HANDOVER_MAX_WINDOWS 5
#define HANDOVER_MIN_LOST 2
/* Timeouts in a row after which Wi-Fi is failing: two, as XNU's handover mode (twice the
 * mptcp_fail_thresh of 1 that its interactive mode uses): a single timeout, common for thin
 * traffic on a slightly lossy Wi-Fi (a lost last segment has no duplicate ACKs to recover it),
 * does not wake the cellular radio. Keep in step with sched_handover.c. */
#define HANDOVER_RTOS 2

typedef struct handover {
	uint32_t primary_id; /* Wi-Fi: the initial subflow, or one from its address back; 0: none */
	uint32_t cell_id;    /* the cellular subflow, 0: none */
	uint64_t cell_bytes; /* its data bytes sent and received at the last idle check */
	sim_time_t idle_at;  /* next idle check of the cellular subflow */
	sim_time_t judge_at; /* next judgement of the primary */
	uint32_t judged_id;  /* the primary the counts below are of */
	uint64_t base_sent, base_rtx; /* its data segments and retransmissions when gathering began */
	unsigned windows;    /* windows gathered since then */
	sim_time_t bad_until;/* new data keeps off the primary until then; 0: judged fine */
} handover;

static void *handover_init(mptcp_conn *c)
{
	(void)c;
	handover *h = g_new0(handover, 1);
	h->idle_at = SIM_TIME_NEVER;
	h->judge_at = SIM_TIME_NEVER;
	return h;
}

static void handover_release(void *priv)
{
	g_free(priv);
}

static bool subflow_by_id(const mptcp_conn *c, uint32_t id, mptcp_subflow_info *si)
{
	for (size_t i = 0; i < mptcp_conn_subflow_count(c); i++)
		if (mptcp_conn_get_subflow(c, i, si) && si->id == id)
			return true;
	return false;
}

/* Wi-Fi delivers: established, neither failing (HANDOVER_RTOS timeouts in a row, as the
 * scheduler sees it) nor judged weak. */
static bool primary_delivers(const mptcp_conn *c, const handover *h)
{
	mptcp_subflow_info si;
	return subflow_by_id(c, h->primary_id, &si) && si.state != TCP_CLOSED && si.fully_established &&
	       si.tcp.rto_backoff < HANDOVER_RTOS && !h->bad_until;
}

static void open_cellular(mptcp_conn *c, handover *h, sim_time_t now)
{
	if (pm_is_server(c) || h->cell_id)
		return;
	pm_addr local0, remote0;
	pm_initial_addrs(c, &local0, &remote0);
	if (!pm_join_allowed(c, &remote0))
		return;
	for (size_t i = 0; i < pm_local_count(c); i++) {
		const pm_addr *ep = pm_local(c, i);
		if (!(ep->flags & MPTCP_PM_ADDR_FLAG_SUBFLOW) || net_addr_equal(&ep->addr, &local0.addr) ||
		    ep->addr.family != remote0.addr.family || pm_has_subflow(c, &ep->addr, &remote0.addr, 0))
			continue;
		h->cell_id = pm_connect(c, ep, &remote0, now);
		if (h->cell_id)
			return;
	}
}

static void handover_established(mptcp_conn *c, void *priv, sim_time_t now)
{
	handover *h = priv;
	/* the initial subflow is the primary; nothing else until it performs badly */
	for (size_t i = 0; i < mptcp_conn_subflow_count(c); i++) {
		mptcp_subflow_info si;
		if (mptcp_conn_get_subflow(c, i, &si) && si.initial)
			h->primary_id = si.id;
	}
	const mptcp_config *cfg = pm_config(c);
	if (!pm_is_server(c) && cfg->handover_window_ns && (cfg->handover_loss_ppm || cfg->handover_rtt_ns))
		h->judge_at = now + cfg->handover_window_ns;
}

/* The verdict on the primary at the end of a window (see the head of the file). */
static void judge_primary(mptcp_conn *c, handover *h, sim_time_t now)
{
	const mptcp_config *cfg = pm_config(c);
	h->judge_at = now + cfg->handover_window_ns;
	mptcp_subflow_info si;
	if (!h->primary_id || !subflow_by_id(c, h->primary_id, &si) || !si.fully_established ||
	    si.state == TCP_CLOSED)
		return;
	uint64_t sent = mptcp_conn_subflow_counter(c, h->primary_id, TCP_CNT_DATA_SEGS_SENT);
	uint64_t rtx = mptcp_conn_subflow_counter(c, h->primary_id, TCP_CNT_RETRANSMITS);
	if (h->judged_id != h->primary_id || sent < h->base_sent || rtx < h->base_rtx) {
		h->judged_id = h->primary_id;
		h->base_sent = sent;
		h->base_rtx = rtx;
		h->windows = 0;
	}
	h->windows++;
	uint64_t segs = sent - h->base_sent, lost = rtx - h->base_rtx;
	bool counted = segs >= HANDOVER_MIN_SEGS || h->windows >= HANDOVER_MAX_WINDOWS;
	bool lossy = cfg->handover_loss_ppm && segs >= HANDOVER_MIN_SEGS && lost >= HANDOVER_MIN_LOST &&
		     lost * 1000000u >= (uint64_t)cfg->handover_loss_ppm * segs;
	bool slow = cfg->handover_rtt_ns && si.tcp.srtt_ns >= cfg->handover_rtt_ns;
	if (counted) {
		h->base_sent = sent;
		h->base_rtx = rtx;
		h->windows = 0;
	}
	if (lossy || slow) {
		h->bad_until = now + cfg->handover_hold_ns;
		if (!h->cell_id)
			open_cellular(c, h, now);
	} else if (h->bad_until && now >= h->bad_until) {
		h->bad_until = 0;
	}
}

static void handover_subflow_rto(mptcp_conn *c, void *priv, uint32_t subflow_id, sim_time_t now)
{
	handover *h = priv;
	mptcp_subflow_info si;
	if (subflow_id != h->primary_id || !subflow_by_id(c, subflow_id, &si) || si.tcp.rto_backoff < HANDOVER_RTOS)
		return;
	if (!h->cell_id) {
		open_cellular(c, h, now);
	} else if (subflow_by_id(c, h->cell_id, &si) && si.fully_established) {
		/* still failing with cellular up: what it retransmits goes over cellular too */
		pm_reinject_subflow(c, h->primary_id);
	}
}

static void handover_subflow_established(mptcp_conn *c, void *priv, uint32_t subflow_id, sim_time_t now)
{
	handover *h = priv;
	if (subflow_id != h->cell_id)
		return;
	h->cell_bytes = 0;
	h->idle_at = pm_config(c)->handover_idle_ns ? now + pm_config(c)->handover_idle_ns : SIM_TIME_NEVER;
	if (!primary_delivers(c, h))
		pm_reinject_subflow(c, h->primary_id);
}

static void handover_subflow_closed(mptcp_conn *c, void *priv, uint32_t subflow_id, sim_time_t now)
{
	handover *h = priv;
	if (subflow_id == h->cell_id) {
		h->cell_id = 0;
		h->idle_at = SIM_TIME_NEVER;
	} else if (subflow_id == h->primary_id) {
		h->primary_id = 0;
		h->bad_until = 0;
		open_cellular(c, h, now); /* Wi-Fi is gone altogether */
	}
}

/* An address came (back) while the primary is gone (Wi-Fi up again): unless it is a backup
 * endpoint, a subflow from it to the server's initial address becomes the new primary. */
static void handover_address_added(mptcp_conn *c, void *priv, const pm_addr *local, sim_time_t now)
{
	handover *h = priv;
	if (pm_is_server(c) || h->primary_id || (local->flags & MPTCP_PM_ADDR_FLAG_BACKUP))
		return;
	pm_addr remote0;
	pm_initial_addrs(c, NULL, &remote0);
	if (local->addr.family != remote0.addr.family || !pm_join_allowed(c, &remote0) ||
	    pm_has_subflow(c, &local->addr, &remote0.addr, 0))
		return;
	h->primary_id = pm_connect(c, local, &remote0, now);
}

static sim_time_t handover_next_deadline(const mptcp_conn *c, const void *priv)
{
	(void)c;
	const handover *h = priv;
	return h->idle_at < h->judge_at ? h->idle_at : h->judge_at;
}

static void handover_on_timer(mptcp_conn *c, void *priv, sim_time_t now)
{
	handover *h = priv;
	if (h->judge_at <= now)
		judge_primary(c, h, now);
	if (h->idle_at > now)
		return;
	h->idle_at = SIM_TIME_NEVER;
	mptcp_subflow_info si;
	if (!h->cell_id || !subflow_by_id(c, h->cell_id, &si))
		return;
	uint64_t bytes = si.bytes_sent + si.bytes_received;
	if (bytes != h->cell_bytes || !primary_delivers(c, h)) {
		/* in use, or still needed: look again an idle time from now */
		h->cell_bytes = bytes;
		h->idle_at = now + pm_config(c)->handover_idle_ns;
		return;
	}
	mptcp_conn_close_subflow(c, h->cell_id, now);
}

const pm_ops pm_handover = {
	.name = "apple-handover",
	.init = handover_init,
	.release = handover_release,
	.established = handover_established,
	.subflow_established = handover_subflow_established,
	.subflow_closed = handover_subflow_closed,
	.address_added = handover_address_added,
	.subflow_rto = handover_subflow_rto,
	.next_deadline = handover_next_deadline,
	.on_timer = handover_on_timer,
};
