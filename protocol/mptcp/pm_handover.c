/* pm_handover.c — Apple's handover mode ("apple-handover"; WWDC 2017, reference/experiments.md:
 * "a cellular subflow only when Wi-Fi performs badly"; the 2013 survey of Apple's implementation:
 * client-initiated subflows only, no ADD_ADDR processed, active/backup use).
 *
 * The client's initial subflow is the primary (Wi-Fi). No other subflow is opened while it
 * performs well. When its retransmission timer expires (pm_ops.subflow_rto), or when it closes
 * (Wi-Fi gone), the client opens one subflow from its first `subflow` endpoint other than the
 * primary's address (the cellular radio; with the endpoint's BACKUP flag it joins with B=1,
 * RFC 8684 §3.2) to the server's initial address, and once that subflow is up the primary's
 * unacknowledged data is reinjected on it (RFC 8684 §3.3.6), so the data level goes on over
 * cellular. The "apple-handover" scheduler (sched_handover.c) moves traffic back to the primary as
 * soon as it delivers again. A cellular subflow that carried no data either way for
 * handover_idle_ns while the primary delivers is closed (RST with MP_TCPRST), so the cellular
 * radio can go idle; a new timeout on the primary opens a new one. When the primary is gone and
 * an address that is not a backup endpoint comes (back), a subflow from it becomes the primary,
 * so traffic returns to Wi-Fi after an outage of the interface too. ADD_ADDRs are not acted on;
 * joins are accepted within subflows_max (the server's side). Only the retransmission timeout
 * triggers a handover here: Apple's loss and RTT thresholds are not modelled. */
#include "pm.h"

#include <glib.h>

typedef struct handover {
	uint32_t primary_id; /* Wi-Fi: the initial subflow, or one from its address back; 0: none */
	uint32_t cell_id;    /* the cellular subflow, 0: none */
	uint64_t cell_bytes; /* its data bytes sent and received at the last idle check */
	sim_time_t idle_at;  /* next idle check of the cellular subflow */
} handover;

static void *handover_init(mptcp_conn *c)
{
	(void)c;
	handover *h = g_new0(handover, 1);
	h->idle_at = SIM_TIME_NEVER;
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

static bool primary_delivers(const mptcp_conn *c, const handover *h)
{
	mptcp_subflow_info si;
	return subflow_by_id(c, h->primary_id, &si) && si.state != TCP_CLOSED && si.fully_established &&
	       si.tcp.rto_backoff == 0;
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
	(void)now;
	handover *h = priv;
	/* the initial subflow is the primary; nothing else until it performs badly */
	for (size_t i = 0; i < mptcp_conn_subflow_count(c); i++) {
		mptcp_subflow_info si;
		if (mptcp_conn_get_subflow(c, i, &si) && si.initial)
			h->primary_id = si.id;
	}
}

static void handover_subflow_rto(mptcp_conn *c, void *priv, uint32_t subflow_id, sim_time_t now)
{
	handover *h = priv;
	if (subflow_id != h->primary_id)
		return;
	mptcp_subflow_info si;
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
	return h->idle_at;
}

static void handover_on_timer(mptcp_conn *c, void *priv, sim_time_t now)
{
	handover *h = priv;
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
