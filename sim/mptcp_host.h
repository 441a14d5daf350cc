/* mptcp_host.h — the host adapter for MPTCP: one protocol/mptcp stack per host of the world.
 *
 * A host's stack is created on first use (mptcp_host_get) from the host's `mptcp_*` keys (its
 * net.mptcp sysctls and `ip mptcp limits`, scn_schema.c) and its interfaces' `mptcp_endpoint`
 * flags (`ip mptcp endpoint`). The adapter keeps one sim_event per stack, re-armed to
 * mptcp_stack_next_deadline() after every call into the stack — use mptcp_host_* wrappers or call
 * mptcp_host_rearm() after touching the stack directly. Segments the stack emits become packets
 * the host sends.
 *
 * Ports. A listening port is bound on the host; a port the stack picks for an active open or a
 * join is claimed when its SYN leaves (host_bind), so plain TCP endpoints on the same host skip it
 * and every segment for it reaches the stack. A claimed port stays the stack's until the world is
 * freed (the stack answers stray segments with RST, as Linux does).
 *
 * Addresses. The adapter observes the host (host_observe): an address that vanishes is removed
 * from the stack (REMOVE_ADDR follows), one that appears on an interface with endpoint flags is
 * added (ADD_ADDR or a join follows). An interface that goes down removes its addresses from the
 * stack when `mptcp_iface_down_signal` is true; otherwise its subflows fail by their own timers. */
#ifndef MPTCPSIM_SIM_MPTCP_HOST_H
#define MPTCPSIM_SIM_MPTCP_HOST_H

#include "host.h"
#include "mptcp/mptcp.h"
#include "report.h"
#include "sim.h"

#include <glib.h>

struct world;

typedef struct mptcp_host {
	struct world *world;
	host *host;
	mptcp_stack *stack;
	sim_event timer;
	gsl_rng *rng;
	bool iface_down_signal;
	uint64_t port_collisions; /* a stack port already bound by something else (never expected) */
	GHashTable *claimed;       /* ports bound to the stack (GUINT_TO_POINTER(port)); lookups only */
} mptcp_host;

/* The stack of `h`, created on first use; NULL with `error` when its configuration is invalid. */
mptcp_host *mptcp_host_get(struct world *w, host *h, GError **error);
/* The stack of `h` if one was created, or NULL. */
mptcp_host *mptcp_host_find(const struct world *w, const host *h);
/* Free every stack of the world (after the workloads). */
void mptcp_host_free_all(struct world *w);

/* Arm the stack's event at its next deadline; after any call into the stack. */
void mptcp_host_rearm(mptcp_host *mh);

bool mptcp_host_listen(mptcp_host *mh, uint16_t port, const mptcp_callbacks *cb, void *ctx, GError **error);
mptcp_conn *mptcp_host_connect(mptcp_host *mh, const net_addr *local, const net_addr *remote, uint16_t port,
			       const mptcp_callbacks *cb, void *ctx, sim_time_t now, GError **error);

/* MIB counters (Linux names) and the adapter's own into `out`. */
void mptcp_host_report(const mptcp_host *mh, report_section *out);

/* "signal, subflow, backup, fullmesh" → MPTCP_PM_ADDR_FLAG_*; false with a message naming the
 * flag otherwise. An empty string is 0 (not an endpoint). */
bool mptcp_endpoint_flags_parse(const char *text, uint32_t *flags, GError **error);

#endif
