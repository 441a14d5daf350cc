/* pm_fullmesh.c — the full-mesh path manager of the multipath-tcp.org kernel ("fullmesh").
 *
 * The client opens a subflow from each of its addresses (the initial one and every endpoint of the
 * stack) to each address of the server (the initial one and every one it announces), within
 * subflows_max additional subflows; a new local address or a new ADD_ADDR extends the mesh. The
 * server opens nothing and announces its other addresses. Every ADD_ADDR is kept (up to
 * MPTCP_PM_ADDR_MAX), whatever add_addr_accepted_max says; joins are accepted within subflows_max.
 * Endpoint flags other than BACKUP (subflows from it are backups) do not matter here. */
#include "pm.h"

static bool room(const mptcp_conn *c)
{
	uint32_t n = pm_subflow_count(c);
	return (n ? n - 1 : 0) < pm_config(c)->subflows_max;
}

static void connect_pair(mptcp_conn *c, const pm_addr *local, const pm_addr *remote, sim_time_t now)
{
	if (!room(c) || local->addr.family != remote->addr.family || !pm_join_allowed(c, remote))
		return;
	uint16_t port = remote->port;
	if (port == 0) {
		pm_addr r0;
		pm_initial_addrs(c, NULL, &r0);
		port = r0.port;
	}
	if (pm_has_subflow(c, &local->addr, &remote->addr, port))
		return;
	pm_connect(c, local, remote, now);
}

/* Every local address (the initial one first) to `remote`. */
static void mesh_to(mptcp_conn *c, const pm_addr *remote, sim_time_t now)
{
	pm_addr local0;
	pm_initial_addrs(c, &local0, NULL);
	connect_pair(c, &local0, remote, now);
	for (size_t i = 0; i < pm_local_count(c); i++) {
		const pm_addr *ep = pm_local(c, i);
		if (!net_addr_equal(&ep->addr, &local0.addr))
			connect_pair(c, ep, remote, now);
	}
}

static void announce_all(mptcp_conn *c, sim_time_t now)
{
	pm_addr local0;
	pm_initial_addrs(c, &local0, NULL);
	for (size_t i = 0; i < pm_local_count(c); i++) {
		const pm_addr *ep = pm_local(c, i);
		if (!net_addr_equal(&ep->addr, &local0.addr))
			pm_announce(c, ep, now);
	}
}

static void fullmesh_established(mptcp_conn *c, void *priv, sim_time_t now)
{
	(void)priv;
	if (pm_is_server(c)) {
		announce_all(c, now);
		return;
	}
	for (size_t i = 0; i < pm_remote_count(c); i++)
		mesh_to(c, pm_remote(c, i), now);
}

static void fullmesh_address_added(mptcp_conn *c, void *priv, const pm_addr *local, sim_time_t now)
{
	(void)priv;
	if (pm_is_server(c)) {
		pm_announce(c, local, now);
		return;
	}
	for (size_t i = 0; i < pm_remote_count(c); i++)
		connect_pair(c, local, pm_remote(c, i), now);
}

static bool fullmesh_add_addr_received(mptcp_conn *c, void *priv, const pm_addr *remote, sim_time_t now)
{
	(void)priv;
	if (!pm_is_server(c))
		mesh_to(c, remote, now);
	return true;
}

static bool fullmesh_accept_join(mptcp_conn *c, void *priv, const pm_addr *local, const net_addr *remote,
				 sim_time_t now)
{
	(void)priv;
	(void)local;
	(void)remote;
	(void)now;
	return room(c);
}

const pm_ops pm_fullmesh = {
	.name = "fullmesh",
	.established = fullmesh_established,
	.address_added = fullmesh_address_added,
	.add_addr_received = fullmesh_add_addr_received,
	.accept_join = fullmesh_accept_join,
};
