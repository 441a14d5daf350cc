/* host_change.c — addresses that appear and vanish, interfaces that go down and up, while the
 * simulation runs, and the observers a host tells (host.h). */
#include "host.h"

#include <string.h>

void host_observe(host *h, host_observer_fn fn, void *ctx)
{
	if (!h->observers)
		h->observers = g_array_new(FALSE, FALSE, sizeof(struct host_observer));
	struct host_observer o = { .fn = fn, .ctx = ctx };
	g_array_append_val(h->observers, o);
}

void host_unobserve(host *h, host_observer_fn fn, void *ctx)
{
	for (guint i = 0; h->observers && i < h->observers->len; i++) {
		struct host_observer *o = &g_array_index(h->observers, struct host_observer, i);
		if (o->fn == fn && o->ctx == ctx) {
			g_array_remove_index(h->observers, i);
			return;
		}
	}
}

const char *host_change_name(host_change change)
{
	switch (change) {
	case HOST_ADDR_ADDED: return "addr-added";
	case HOST_ADDR_REMOVED: return "addr-removed";
	case HOST_IFACE_UP: return "iface-up";
	case HOST_IFACE_DOWN: return "iface-down";
	}
	return "?";
}

/* Tell every observer registered now; one that unobserves during the round is skipped when its
 * turn comes (it is no longer in the list), the others are told once each. */
static void notify(iface *ifc, host_change change, const net_addr *addr, sim_time_t now)
{
	host *h = ifc->host;
	if (!h->observers || h->observers->len == 0)
		return;
	guint n = h->observers->len;
	struct host_observer *snapshot = g_new(struct host_observer, n);
	memcpy(snapshot, h->observers->data, n * sizeof *snapshot);
	for (guint i = 0; i < n; i++) {
		bool still = false;
		for (guint k = 0; k < h->observers->len && !still; k++) {
			const struct host_observer *o = &g_array_index(h->observers, struct host_observer, k);
			still = o->fn == snapshot[i].fn && o->ctx == snapshot[i].ctx;
		}
		if (still)
			snapshot[i].fn(snapshot[i].ctx, h, ifc, change, addr, now);
	}
	g_free(snapshot);
}

bool iface_addr_appear(iface *ifc, const net_addr *a, sim_time_t now)
{
	if (iface_owns_addr(ifc, a))
		return false;
	iface_add_addr(ifc, a);
	notify(ifc, HOST_ADDR_ADDED, a, now);
	return true;
}

bool iface_addr_vanish(iface *ifc, const net_addr *a, sim_time_t now)
{
	for (guint i = 0; i < ifc->addrs->len; i++) {
		if (net_addr_equal(&g_array_index(ifc->addrs, net_addr, i), a)) {
			net_addr gone = *a; /* `a` may point into the array */
			g_array_remove_index(ifc->addrs, i);
			notify(ifc, HOST_ADDR_REMOVED, &gone, now);
			return true;
		}
	}
	return false;
}

void iface_set_up(iface *ifc, bool up, sim_time_t now)
{
	if (ifc->up == up)
		return;
	ifc->up = up;
	notify(ifc, up ? HOST_IFACE_UP : HOST_IFACE_DOWN, NULL, now);
}
