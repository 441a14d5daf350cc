/* pm_kernel.c — Linux's in-kernel path manager ("kernel", net/mptcp/pm_kernel.c; mptcp-wire.md §4.2).
 *
 * Driven by the stack's endpoints and two limits, with Linux's defaults (subflows_max 2,
 * add_addr_accepted_max 0). Once the connection is fully established it announces every `signal`
 * endpoint and opens a subflow from every `subflow` endpoint to the peer's initial address (or,
 * with `fullmesh`, to every address the peer made known). An ADD_ADDR is acted on while fewer than
 * add_addr_accepted_max were: a subflow to it from each `fullmesh` endpoint, or else from the
 * initial subflow's address. An endpoint whose address comes (back) later (address_added: an
 * interface up) gets its subflows on every established connection, as `ip mptcp endpoint add`
 * does on Linux. Incoming joins are accepted while fewer than subflows_max additional
 * subflows exist. A server with only `signal` endpoints opens no subflow itself, as on Linux. */
#include "pm.h"

static uint32_t additional(const mptcp_conn *c)
{
	uint32_t n = pm_subflow_count(c);
	return n ? n - 1 : 0;
}

static bool room(const mptcp_conn *c)
{
	return additional(c) < pm_config(c)->subflows_max;
}

static void connect_once(mptcp_conn *c, const pm_addr *local, const pm_addr *remote, sim_time_t now)
{
	if (!room(c) || local->addr.family != remote->addr.family || !pm_join_allowed(c, remote))
		return;
	if (pm_has_subflow(c, &local->addr, &remote->addr, 0))
		return;
	pm_connect(c, local, remote, now);
}

/* Subflows from one `subflow` endpoint: to the initial address, or to every known one (fullmesh).
 * The initial subflow's own address is no exception once that subflow is gone: when its endpoint
 * comes back (Wi-Fi up again), a subflow from it is opened as from any other, as Linux does since
 * it re-creates subflows from the initial address with ID 0 after the endpoint is re-added. */
static void from_endpoint(mptcp_conn *c, const pm_addr *ep, sim_time_t now)
{
	if (!(ep->flags & MPTCP_PM_ADDR_FLAG_SUBFLOW))
		return;
	size_t n = (ep->flags & MPTCP_PM_ADDR_FLAG_FULLMESH) ? pm_remote_count(c) : 1;
	for (size_t i = 0; i < n && i < pm_remote_count(c); i++)
		connect_once(c, ep, pm_remote(c, i), now);
}

static void signal_endpoint(mptcp_conn *c, const pm_addr *ep, sim_time_t now)
{
	pm_addr local0;
	pm_initial_addrs(c, &local0, NULL);
	if ((ep->flags & MPTCP_PM_ADDR_FLAG_SIGNAL) && !net_addr_equal(&ep->addr, &local0.addr))
		pm_announce(c, ep, now);
}

static void kernel_established(mptcp_conn *c, void *priv, sim_time_t now)
{
	(void)priv;
	for (size_t i = 0; i < pm_local_count(c); i++)
		signal_endpoint(c, pm_local(c, i), now);
	for (size_t i = 0; i < pm_local_count(c); i++)
		from_endpoint(c, pm_local(c, i), now);
}

static void kernel_address_added(mptcp_conn *c, void *priv, const pm_addr *local, sim_time_t now)
{
	(void)priv;
	signal_endpoint(c, local, now);
	from_endpoint(c, local, now);
}

static bool kernel_add_addr_received(mptcp_conn *c, void *priv, const pm_addr *remote, sim_time_t now)
{
	(void)priv;
	if (pm_add_addr_accepted(c) >= pm_config(c)->add_addr_accepted_max)
		return false;
	bool any_fullmesh = false;
	for (size_t i = 0; i < pm_local_count(c); i++) {
		const pm_addr *ep = pm_local(c, i);
		if ((ep->flags & MPTCP_PM_ADDR_FLAG_FULLMESH) && (ep->flags & MPTCP_PM_ADDR_FLAG_SUBFLOW)) {
			any_fullmesh = true;
			connect_once(c, ep, remote, now);
		}
	}
	if (!any_fullmesh) {
		pm_addr local0;
		pm_initial_addrs(c, &local0, NULL);
		connect_once(c, &local0, remote, now);
	}
	return true;
}

static bool kernel_accept_join(mptcp_conn *c, void *priv, const pm_addr *local, const net_addr *remote, sim_time_t now)
{
	(void)priv;
	(void)local;
	(void)remote;
	(void)now;
	return room(c);
}

const pm_ops pm_kernel = {
	.name = "kernel",
	.established = kernel_established,
	.address_added = kernel_address_added,
	.add_addr_received = kernel_add_addr_received,
	.accept_join = kernel_accept_join,
};
