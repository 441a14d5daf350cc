/* pm.c — path-manager plumbing shared by every policy, and address signalling (RFC 8684 §3.4).
 *
 * The connection calls mptcp_pm_*() on events; this file does what RFC 8684 and Linux do whatever
 * the policy, then asks the policy (pm.h). ADD_ADDR carries an HMAC in v1 and is verified on
 * receipt (a bad one is ignored and counted), echoed (E=1), and retransmitted until its echo
 * arrives: after min(add_addr_timeout, the largest subflow RTO), at most add_addr_retrans_max
 * times (Linux ADD_ADDR_RETRANS_MAX). REMOVE_ADDR closes the subflows that use the address, whose
 * unacknowledged data goes on the others. Signals wait in this state until options_out.c puts them
 * on a segment (a pure ACK if need be, sent by the connection). */
#include "pm.h"

#include "mptcp_priv.h"
#include "registry.h"

#include <string.h>

const pm_ops *const pm_all[] = {
	&pm_kernel,
	&pm_fullmesh,
	&pm_handover,
	NULL,
};

bool mptcp_pm_init(mptcp_conn *c, const char *name, GError **error)
{
	const pm_ops *ops = registry_find((const void *const *)pm_all, name ? name : "", "path manager", error);
	if (!ops)
		return false;
	mptcp_pm_state *pm = &c->pm;
	memset(pm, 0, sizeof *pm);
	pm->ops = ops;
	pm->announced = g_array_new(FALSE, TRUE, sizeof(mptcp_pm_announce));
	pm->remotes = g_array_new(FALSE, TRUE, sizeof(pm_addr));
	pm->echoes = g_array_new(FALSE, TRUE, sizeof(pm_addr));
	pm->priv = ops->init ? ops->init(c) : NULL;
	return true;
}

void mptcp_pm_fini(mptcp_conn *c)
{
	mptcp_pm_state *pm = &c->pm;
	if (pm->ops && pm->ops->release)
		pm->ops->release(pm->priv);
	g_array_free(pm->announced, TRUE);
	g_array_free(pm->remotes, TRUE);
	g_array_free(pm->echoes, TRUE);
}

void mptcp_pm_set_initial(mptcp_conn *c)
{
	pm_addr r = { .id = 0, .addr = c->initial_tuple.remote, .port = c->initial_tuple.remote_port };
	if (c->pm.remotes->len == 0)
		g_array_append_val(c->pm.remotes, r);
	else
		g_array_index(c->pm.remotes, pm_addr, 0) = r;
}

/* ---- queries for policies ---- */

const mptcp_config *pm_config(const mptcp_conn *c)
{
	return &c->cfg;
}

bool pm_is_server(const mptcp_conn *c)
{
	return c->server_side;
}

size_t pm_local_count(const mptcp_conn *c)
{
	return c->st->endpoints->len;
}

const pm_addr *pm_local(const mptcp_conn *c, size_t i)
{
	return i < c->st->endpoints->len ? &g_array_index(c->st->endpoints, pm_addr, i) : NULL;
}

void pm_initial_addrs(const mptcp_conn *c, pm_addr *local, pm_addr *remote)
{
	if (local)
		*local = (pm_addr){ .id = 0, .addr = c->initial_tuple.local, .port = c->initial_tuple.local_port };
	if (remote)
		*remote = (pm_addr){ .id = 0, .addr = c->initial_tuple.remote, .port = c->initial_tuple.remote_port };
}

size_t pm_remote_count(const mptcp_conn *c)
{
	return c->pm.remotes->len;
}

const pm_addr *pm_remote(const mptcp_conn *c, size_t i)
{
	return i < c->pm.remotes->len ? &g_array_index(c->pm.remotes, pm_addr, i) : NULL;
}

bool pm_join_allowed(const mptcp_conn *c, const pm_addr *remote)
{
	return !(remote->id == 0 && c->peer_deny_join_id0);
}

uint32_t pm_subflow_count(const mptcp_conn *c)
{
	return mptcp_conn_open_subflows(c);
}

bool pm_has_subflow(const mptcp_conn *c, const net_addr *local, const net_addr *remote, uint16_t remote_port)
{
	for (guint i = 0; i < c->subflows->len; i++) {
		const mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (sf->closed)
			continue;
		if (net_addr_equal(&sf->tuple.local, local) && net_addr_equal(&sf->tuple.remote, remote) &&
		    (remote_port == 0 || sf->tuple.remote_port == remote_port))
			return true;
	}
	return false;
}

uint32_t pm_add_addr_accepted(const mptcp_conn *c)
{
	return c->pm.add_addr_accepted;
}

/* ---- actions ---- */

static mptcp_pm_announce *find_announce(mptcp_conn *c, uint8_t id)
{
	for (guint i = 0; i < c->pm.announced->len; i++) {
		mptcp_pm_announce *a = &g_array_index(c->pm.announced, mptcp_pm_announce, i);
		if (a->addr.id == id)
			return a;
	}
	return NULL;
}

bool pm_announce(mptcp_conn *c, const pm_addr *local, sim_time_t now)
{
	(void)now;
	if (c->fallback || c->closed || local->id == 0 || find_announce(c, local->id) ||
	    c->pm.announced->len >= MPTCP_PM_ADDR_MAX)
		return false;
	mptcp_pm_announce a = { .addr = *local, .pending = true, .rtx_at = SIM_TIME_NEVER };
	g_array_append_val(c->pm.announced, a);
	return true;
}

bool pm_remove_addr(mptcp_conn *c, uint8_t local_id, sim_time_t now)
{
	(void)now;
	mptcp_pm_state *pm = &c->pm;
	if (c->fallback || c->closed)
		return false;
	for (uint8_t i = 0; i < pm->n_rm; i++)
		if (pm->rm_ids[i] == local_id)
			return true;
	if (pm->n_rm >= MPTCP_RM_IDS_MAX)
		return false;
	pm->rm_ids[pm->n_rm++] = local_id;
	mptcp_pm_announce *a = find_announce(c, local_id);
	if (a) {
		a->pending = false;
		a->rtx_at = SIM_TIME_NEVER;
		a->dropped = true;
	}
	return true;
}

uint32_t pm_connect(mptcp_conn *c, const pm_addr *local, const pm_addr *remote, sim_time_t now)
{
	uint16_t port = remote->port ? remote->port : c->initial_tuple.remote_port;
	return mptcp_conn_open_subflow(c, &local->addr, &remote->addr, port, (local->flags & MPTCP_PM_ADDR_FLAG_BACKUP) != 0,
				       now, NULL);
}

bool pm_reinject_subflow(mptcp_conn *c, uint32_t subflow_id)
{
	if (c->fallback || c->closed)
		return false;
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (sf->id == subflow_id && !sf->closed && sf->tcp) {
			mptcp_subflow_reinject(sf);
			return true;
		}
	}
	return false;
}

/* ---- events ---- */

void mptcp_pm_established(mptcp_conn *c, sim_time_t now)
{
	if (c->pm.established_told)
		return;
	c->pm.established_told = true;
	if (c->pm.ops->established)
		c->pm.ops->established(c, c->pm.priv, now);
}

void mptcp_pm_subflow_established(mptcp_conn *c, mptcp_subflow *sf, sim_time_t now)
{
	if (c->pm.ops->subflow_established)
		c->pm.ops->subflow_established(c, c->pm.priv, sf->id, now);
}

void mptcp_pm_subflow_closed(mptcp_conn *c, mptcp_subflow *sf, sim_time_t now)
{
	if (c->pm.ops->subflow_closed)
		c->pm.ops->subflow_closed(c, c->pm.priv, sf->id, now);
}

void mptcp_pm_subflow_rto(mptcp_conn *c, mptcp_subflow *sf, sim_time_t now)
{
	if (c->closed || c->fallback || sf->closed)
		return;
	if (c->pm.ops->subflow_rto)
		c->pm.ops->subflow_rto(c, c->pm.priv, sf->id, now);
}

void mptcp_pm_address_added(mptcp_conn *c, const pm_addr *ep, sim_time_t now)
{
	if (c->fallback || !c->fully_established)
		return;
	if (c->pm.ops->address_added)
		c->pm.ops->address_added(c, c->pm.priv, ep, now);
}

void mptcp_pm_address_removed(mptcp_conn *c, const pm_addr *ep, sim_time_t now)
{
	/* RFC 8684 §3.4.2: withdraw the IDs the peer knows the address by: the endpoint's when it was
	 * announced or joined from, and 0 when it is the initial subflow's (§3.4: the address of the
	 * initial subflow has ID 0; Linux mptcp_endp_get_local_id). The peer cannot hear our RSTs on
	 * a path that is gone; without ID 0 it would keep sending on the initial subflow until that
	 * subflow goes stale. */
	uint8_t ids[MPTCP_RM_IDS_MAX];
	size_t n_ids = 0;
	if (find_announce(c, ep->id))
		ids[n_ids++] = ep->id;
	for (guint i = 0; i < c->subflows->len; i++) {
		mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
		if (sf->closed || !net_addr_equal(&sf->tuple.local, &ep->addr))
			continue;
		bool have = false;
		for (size_t k = 0; k < n_ids && !have; k++)
			have = ids[k] == sf->local_id;
		if (!have && n_ids < MPTCP_RM_IDS_MAX)
			ids[n_ids++] = sf->local_id;
		/* the address is gone: its subflows with it (their data goes on the others) */
		MIB_INC(c, MPTCP_MIB_RMSUBFLOW);
		mptcp_subflow_reset(sf, MPTCP_RST_EUNSPEC, now);
	}
	/* tell the peer, which closes its side */
	for (size_t k = 0; k < n_ids && !c->fallback; k++)
		pm_remove_addr(c, ids[k], now);
	if (c->pm.ops->address_removed)
		c->pm.ops->address_removed(c, c->pm.priv, ep, now);
}

void mptcp_pm_add_addr_received(mptcp_conn *c, mptcp_subflow *sf, const mptcp_options *o, sim_time_t now)
{
	(void)sf;
	mptcp_pm_state *pm = &c->pm;
	uint16_t port = o->add_addr_has_port ? o->add_addr_port : 0;
	if (c->version == MPTCP_VERSION_1) {
		if (o->add_addr_echo) {
			MIB_INC(c, MPTCP_MIB_ECHOADD);
			mptcp_pm_announce *a = find_announce(c, o->add_addr_id);
			if (a && net_addr_equal(&a->addr.addr, &o->add_addr)) {
				/* Linux mptcp_pm_del_add_timer: echoed, no more retransmissions */
				a->echoed = true;
				a->pending = false;
				a->rtx_at = SIM_TIME_NEVER;
			}
			return;
		}
		/* RFC 8684 §3.4.1: HMAC(Key-peer || Key-us, ID || address || port) */
		uint64_t want = mptcp_crypto_add_addr_hmac(c->remote_key, c->local.key, o->add_addr_id, &o->add_addr, port);
		if (want != o->add_addr_hmac) {
			MIB_INC(c, MPTCP_MIB_ADDADDRHMACFAIL);
			return;
		}
	}
	MIB_INC(c, MPTCP_MIB_ADDADDR);
	if (o->add_addr_has_port)
		MIB_INC(c, MPTCP_MIB_PORTADD);
	pm_addr r = { .id = o->add_addr_id, .addr = o->add_addr, .port = port };
	if (c->version == MPTCP_VERSION_1) {
		bool queued = false;
		for (guint i = 0; i < pm->echoes->len && !queued; i++)
			queued = g_array_index(pm->echoes, pm_addr, i).id == r.id;
		if (!queued)
			g_array_append_val(pm->echoes, r);
	}
	for (guint i = 0; i < pm->remotes->len; i++) {
		pm_addr *k = &g_array_index(pm->remotes, pm_addr, i);
		if (k->id == r.id) {
			*k = r; /* announced again (a retransmission, or a new address for the ID) */
			return;
		}
	}
	if (pm->remotes->len > MPTCP_PM_ADDR_MAX) {
		MIB_INC(c, MPTCP_MIB_ADDADDRDROP);
		return;
	}
	g_array_append_val(pm->remotes, r);
	bool keep = !pm->ops->add_addr_received || pm->ops->add_addr_received(c, pm->priv, &r, now);
	if (!keep) {
		for (guint i = 0; i < pm->remotes->len; i++) {
			if (g_array_index(pm->remotes, pm_addr, i).id == r.id) {
				g_array_remove_index(pm->remotes, i);
				break;
			}
		}
		MIB_INC(c, MPTCP_MIB_ADDADDRDROP);
		return;
	}
	pm->add_addr_accepted++;
}

void mptcp_pm_rm_addr_received(mptcp_conn *c, const mptcp_options *o, sim_time_t now)
{
	mptcp_pm_state *pm = &c->pm;
	for (uint8_t k = 0; k < o->rm_count; k++) {
		uint8_t id = o->rm_ids[k];
		bool known = false;
		for (guint i = 0; i < pm->remotes->len; i++) {
			if (g_array_index(pm->remotes, pm_addr, i).id == id) {
				g_array_remove_index(pm->remotes, i);
				known = true;
				break;
			}
		}
		for (guint i = 0; i < c->subflows->len; i++) {
			mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
			if (sf->closed || sf->remote_id != id)
				continue;
			known = true;
			/* RFC 8684 §3.4.2: close the subflows using the address; their data is reinjected */
			MIB_INC(c, MPTCP_MIB_RMSUBFLOW);
			mptcp_subflow_reset(sf, MPTCP_RST_EUNSPEC, now);
		}
		MIB_INC(c, known ? MPTCP_MIB_RMADDR : MPTCP_MIB_RMADDRDROP);
		if (known && pm->ops->rm_addr_received)
			pm->ops->rm_addr_received(c, pm->priv, id, now);
	}
}

bool mptcp_pm_accept_join(mptcp_conn *c, const pm_addr *local, const net_addr *remote, sim_time_t now)
{
	if (c->pm.ops->accept_join)
		return c->pm.ops->accept_join(c, c->pm.priv, local, remote, now);
	return mptcp_conn_open_subflows(c) < 1 + c->cfg.subflows_max;
}

/* ---- signals on the wire ---- */

/* Index of the first announcement waiting to be sent, or -1. */
static int next_announce(const mptcp_conn *c)
{
	for (guint i = 0; i < c->pm.announced->len; i++) {
		const mptcp_pm_announce *a = &g_array_index(c->pm.announced, mptcp_pm_announce, i);
		if (a->pending && !a->echoed && !a->dropped)
			return (int)i;
	}
	return -1;
}

bool mptcp_pm_signal_pending(const mptcp_conn *c)
{
	return c->pm.echoes->len || c->pm.n_rm || next_announce(c) >= 0;
}

void mptcp_pm_fill_options(mptcp_conn *c, mptcp_options *o)
{
	mptcp_pm_state *pm = &c->pm;
	if (pm->echoes->len) {
		const pm_addr *e = &g_array_index(pm->echoes, pm_addr, 0);
		o->suboptions |= MPTCP_OPT_ADD_ADDR;
		o->add_addr_echo = true;
		o->add_addr_id = e->id;
		o->add_addr = e->addr;
		o->add_addr_has_port = e->port != 0;
		o->add_addr_port = e->port;
	} else {
		int i = next_announce(c);
		if (i >= 0) {
			const mptcp_pm_announce *a = &g_array_index(pm->announced, mptcp_pm_announce, (guint)i);
			uint16_t port = a->addr.port;
			o->suboptions |= MPTCP_OPT_ADD_ADDR;
			o->add_addr_echo = false;
			o->add_addr_id = a->addr.id;
			o->add_addr = a->addr.addr;
			o->add_addr_has_port = port != 0;
			o->add_addr_port = port;
			if (c->version == MPTCP_VERSION_1)
				o->add_addr_hmac = mptcp_crypto_add_addr_hmac(c->local.key, c->remote_key, a->addr.id,
									      &a->addr.addr, port);
		}
	}
	if (pm->n_rm) {
		o->suboptions |= MPTCP_OPT_RM_ADDR;
		o->rm_count = pm->n_rm;
		memcpy(o->rm_ids, pm->rm_ids, pm->n_rm);
	}
}

static sim_time_t add_addr_timeout(const mptcp_conn *c)
{
	/* Linux mptcp_adjust_add_addr_timeout: the sysctl, or the largest subflow RTO when lower */
	sim_time_t t = c->cfg.add_addr_timeout_ns;
	sim_time_t rto = mptcp_conn_subflow_rto_max(c);
	if (rto > 0 && rto < t)
		t = rto;
	return t;
}

void mptcp_pm_options_sent(mptcp_conn *c, const mptcp_options *o, sim_time_t now)
{
	mptcp_pm_state *pm = &c->pm;
	if (o->suboptions & MPTCP_OPT_ADD_ADDR) {
		if (o->add_addr_echo) {
			if (pm->echoes->len)
				g_array_remove_index(pm->echoes, 0);
			MIB_INC(c, MPTCP_MIB_ECHOADDTX);
		} else {
			mptcp_pm_announce *a = find_announce(c, o->add_addr_id);
			if (a) {
				a->pending = false;
				a->sent++;
				/* v1: resent until echoed, at most add_addr_retrans_max times; v0 has no echo */
				sim_time_t timeout = add_addr_timeout(c);
				if (c->version == MPTCP_VERSION_1 && timeout > 0 && a->sent <= c->cfg.add_addr_retrans_max)
					a->rtx_at = now + timeout;
				else
					a->rtx_at = SIM_TIME_NEVER;
			}
			MIB_INC(c, MPTCP_MIB_ADDADDRTX);
		}
	}
	if (o->suboptions & MPTCP_OPT_RM_ADDR) {
		pm->n_rm = 0;
		MIB_INC(c, MPTCP_MIB_RMADDRTX);
	}
}

void mptcp_pm_add_addr_unfit(mptcp_conn *c, const mptcp_options *o)
{
	mptcp_pm_state *pm = &c->pm;
	if (o->add_addr_echo) {
		if (pm->echoes->len)
			g_array_remove_index(pm->echoes, 0);
	} else {
		mptcp_pm_announce *a = find_announce(c, o->add_addr_id);
		if (a) {
			a->dropped = true;
			a->pending = false;
			a->rtx_at = SIM_TIME_NEVER;
		}
	}
	MIB_INC(c, MPTCP_MIB_ADDADDRTXDROP);
}

sim_time_t mptcp_pm_next_deadline(const mptcp_conn *c)
{
	sim_time_t t = SIM_TIME_NEVER;
	for (guint i = 0; i < c->pm.announced->len; i++) {
		const mptcp_pm_announce *a = &g_array_index(c->pm.announced, mptcp_pm_announce, i);
		if (a->rtx_at < t)
			t = a->rtx_at;
	}
	if (c->pm.ops->next_deadline) {
		sim_time_t d = c->pm.ops->next_deadline(c, c->pm.priv);
		if (d < t)
			t = d;
	}
	return t;
}

void mptcp_pm_on_timer(mptcp_conn *c, sim_time_t now)
{
	for (guint i = 0; i < c->pm.announced->len; i++) {
		mptcp_pm_announce *a = &g_array_index(c->pm.announced, mptcp_pm_announce, i);
		if (a->rtx_at > now)
			continue;
		a->rtx_at = SIM_TIME_NEVER;
		if (!a->echoed && !a->dropped) {
			a->pending = true;
			MIB_INC(c, MPTCP_MIB_ADDADDRRETRANS);
		}
	}
	if (c->pm.ops->on_timer && c->pm.ops->next_deadline && c->pm.ops->next_deadline(c, c->pm.priv) <= now)
		c->pm.ops->on_timer(c, c->pm.priv, now);
}
