/* pm.h — path managers: which subflows a connection opens and which addresses it announces
 * (RFC 8684 §3.4 leaves the policy to the implementation). Ops tables found by name, one file
 * each, listed in the NULL-terminated pm_all[].
 *
 * The connection tells its path manager what happens: the connection became fully established,
 * a subflow was established or closed, a local address appeared or went away, an ADD_ADDR or a
 * REMOVE_ADDR arrived, a peer wants to join. The policy answers by calling the actions below
 * (announce, remove, open a subflow with mptcp_conn_open_subflow()). What every path manager does
 * the same way is done before the policy hears of it: ADD_ADDR is verified, echoed and counted,
 * REMOVE_ADDR closes the subflows using the address and their data is reinjected, and a local
 * address that goes away is withdrawn with REMOVE_ADDR and its subflows closed. */
#ifndef MPTCPSIM_PROTOCOL_MPTCP_PM_H
#define MPTCPSIM_PROTOCOL_MPTCP_PM_H

#include "addr.h"
#include "mptcp.h"
#include "simtime.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An address with its MPTCP address ID: a local endpoint of the stack, or one the peer made
 * known (ID 0: the initial subflow's address on either side, RFC 8684 §3.4). */
typedef struct pm_addr {
	uint8_t id;
	net_addr addr;
	uint16_t port;  /* 0: the connection's port */
	uint32_t flags; /* MPTCP_PM_ADDR_FLAG_* (local endpoints) */
} pm_addr;

typedef struct pm_ops {
	const char *name; /* first: registry_find() */
	/* Per-connection state; both optional. */
	void *(*init)(mptcp_conn *c);
	void (*release)(void *priv);
	/* All optional. */
	void (*established)(mptcp_conn *c, void *priv, sim_time_t now);
	void (*subflow_established)(mptcp_conn *c, void *priv, uint32_t subflow_id, sim_time_t now);
	void (*subflow_closed)(mptcp_conn *c, void *priv, uint32_t subflow_id, sim_time_t now);
	void (*address_added)(mptcp_conn *c, void *priv, const pm_addr *local, sim_time_t now);
	void (*address_removed)(mptcp_conn *c, void *priv, const pm_addr *local, sim_time_t now);
	/* A verified ADD_ADDR (not an echo). Return false to drop it (counted AddAddrDrop); a NULL
	 * hook keeps every one. The echo is sent either way, as Linux does. */
	bool (*add_addr_received)(mptcp_conn *c, void *priv, const pm_addr *remote, sim_time_t now);
	void (*rm_addr_received)(mptcp_conn *c, void *priv, uint8_t id, sim_time_t now);
	/* An MP_JOIN SYN from `remote` to our `local`: accept it? NULL accepts up to subflows_max. */
	bool (*accept_join)(mptcp_conn *c, void *priv, const pm_addr *local, const net_addr *remote, sim_time_t now);
	/* The retransmission timer of subflow `subflow_id` expired with data outstanding (its TCP has
	 * just retransmitted; tcp_info.rto_backoff counts the expiries in a row): the sign of a path
	 * performing badly that Apple's handover mode acts on. */
	void (*subflow_rto)(mptcp_conn *c, void *priv, uint32_t subflow_id, sim_time_t now);
	/* A timer of the policy's own: when it is due (SIM_TIME_NEVER: none), and what to do then.
	 * Both or neither; on_timer is called once the deadline is reached, then asked again. */
	sim_time_t (*next_deadline)(const mptcp_conn *c, const void *priv);
	void (*on_timer)(mptcp_conn *c, void *priv, sim_time_t now);
} pm_ops;

extern const pm_ops pm_kernel;
extern const pm_ops pm_fullmesh;
extern const pm_ops pm_handover;
/* Every built-in path manager, NULL-terminated. */
extern const pm_ops *const pm_all[];

/* ---- what a policy may look at ---- */

const mptcp_config *pm_config(const mptcp_conn *c);
bool pm_is_server(const mptcp_conn *c);
/* The stack's local endpoints (mptcp_stack_add_address), in the order they were added. */
size_t pm_local_count(const mptcp_conn *c);
const pm_addr *pm_local(const mptcp_conn *c, size_t i);
/* The addresses of the initial subflow (both ID 0). */
void pm_initial_addrs(const mptcp_conn *c, pm_addr *local, pm_addr *remote);
/* The peer's addresses: its initial one (ID 0) and those it announced and we kept. */
size_t pm_remote_count(const mptcp_conn *c);
const pm_addr *pm_remote(const mptcp_conn *c, size_t i);
/* False for the peer's initial address when it sent the C flag (RFC 8684 §3.1). */
bool pm_join_allowed(const mptcp_conn *c, const pm_addr *remote);
/* Subflows not yet closed, the initial one included. */
uint32_t pm_subflow_count(const mptcp_conn *c);
/* Is there a subflow (not closed) between these addresses (remote port 0: any)? */
bool pm_has_subflow(const mptcp_conn *c, const net_addr *local, const net_addr *remote, uint16_t remote_port);
/* ADD_ADDRs this connection kept so far. */
uint32_t pm_add_addr_accepted(const mptcp_conn *c);

/* ---- what a policy may do ---- */

/* Announce a local endpoint with ADD_ADDR (RFC 8684 §3.4.1), retransmitted until echoed (v1),
 * at most add_addr_retrans_max times. False when it is already announced or the limit of
 * MPTCP_PM_ADDR_MAX announcements is reached. */
bool pm_announce(mptcp_conn *c, const pm_addr *local, sim_time_t now);
/* Withdraw an address ID with REMOVE_ADDR (RFC 8684 §3.4.2). */
bool pm_remove_addr(mptcp_conn *c, uint8_t local_id, sim_time_t now);
/* Open a subflow from `local` to `remote` with the connection's backup wishes (the endpoint's
 * BACKUP flag): mptcp_conn_open_subflow() with the port the peer announced. */
uint32_t pm_connect(mptcp_conn *c, const pm_addr *local, const pm_addr *remote, sim_time_t now);
/* Give what subflow `subflow_id` carries and was not acknowledged to the other subflows as well
 * (RFC 8684 §3.3.6), as the connection does for a stale subflow; the subflow keeps retransmitting
 * its copy. False when it is not open. */
bool pm_reinject_subflow(mptcp_conn *c, uint32_t subflow_id);

#endif
