/* event_addr.c — `addr-add` and `addr-remove`: addresses appear on an interface or vanish from it
 * (a phone gets a new address after a handover to another network; Wi-Fi's address goes when the
 * association does). The host tells its observers (host.h); routes to a new address are computed
 * when it appears. An address to add must belong to no interface when the run starts; one to
 * remove must be the interface's, or one an addr-add event gives it. Adding an address the
 * interface has, or removing one it lacks, changes nothing and writes no row. */
#include "event.h"

#include "world.h"

#include <string.h>

static const scn_key addr_keys[] = {
	{ .name = "target", .type = SCN_ENDPOINT, .default_value = NULL, .doc = "the interface, HOST.IFACE" },
	{ .name = "addresses", .type = SCN_ADDR_LIST, .default_value = NULL, .min = 1,
	  .doc = "the addresses that appear or vanish, comma-separated" },
	SCN_KEY_END,
};

extern const event_action_ops event_addr_add;

struct addr_change {
	event *ev;
	iface *ifc;
	GArray *addrs; /* net_addr */
	bool add;
};

/* Whether some addr-add event of the scenario gives `a` to `ifc`. */
static bool added_by_event(world *w, const iface *ifc, const net_addr *a)
{
	GPtrArray *groups = scn_groups_of_kind(w->scn, "event");
	bool found = false;
	for (guint i = 0; i < groups->len && !found; i++) {
		const scn_values *v = ((const scn_group *)g_ptr_array_index(groups, i))->values;
		if (scn_values_model(v, "action") != &event_addr_add ||
		    world_find_iface(w, scn_values_string(v, "target")) != ifc)
			continue;
		const GArray *list = scn_values_addr_list(v, "addresses");
		for (guint k = 0; k < list->len && !found; k++)
			found = net_addr_equal(&g_array_index(list, net_addr, k), a);
	}
	g_ptr_array_unref(groups);
	return found;
}

static void *addr_create(event *ev, const scn_values *v, scn_diag *diag, bool add)
{
	iface *ifc = event_iface(ev, v, "target", diag);
	if (!ifc)
		return NULL;
	world *w = ev->world;
	const GArray *list = scn_values_addr_list(v, "addresses");
	bool ok = true;
	for (guint i = 0; i < list->len; i++) {
		const net_addr *a = &g_array_index(list, net_addr, i);
		char buf[NET_ADDR_STRLEN];
		net_addr_to_string(a, buf);
		iface *owner = NULL;
		for (guint k = 0; k < w->hosts->len && !owner; k++)
			owner = host_iface_for_addr(g_ptr_array_index(w->hosts, k), a);
		if (add && owner) {
			scn_diag_add(diag, v, "addresses", "expected addresses no interface has when the run starts, got %s, which %s has",
				     buf, owner->full_name);
			ok = false;
		} else if (!add && owner != ifc && !added_by_event(w, ifc, a)) {
			scn_diag_add(diag, v, "addresses",
				     "expected addresses of %s (its own, or given by an addr-add event), got %s%s%s", ifc->full_name,
				     buf, owner ? ", which belongs to " : "", owner ? owner->full_name : "");
			ok = false;
		}
	}
	if (!ok)
		return NULL;
	struct addr_change *c = g_new0(struct addr_change, 1);
	c->ev = ev;
	c->ifc = ifc;
	c->add = add;
	c->addrs = g_array_new(FALSE, FALSE, sizeof(net_addr));
	g_array_append_vals(c->addrs, list->data, list->len);
	return c;
}

static void *addr_add_create(event *ev, const scn_values *v, scn_diag *diag)
{
	return addr_create(ev, v, diag, true);
}

static void *addr_remove_create(event *ev, const scn_values *v, scn_diag *diag)
{
	return addr_create(ev, v, diag, false);
}

static void addr_start(void *state, sim_time_t now)
{
	struct addr_change *c = state;
	for (guint i = 0; i < c->addrs->len; i++) {
		const net_addr *a = &g_array_index(c->addrs, net_addr, i);
		bool changed = c->add ? iface_addr_appear(c->ifc, a, now) : iface_addr_vanish(c->ifc, a, now);
		if (!changed)
			continue;
		if (c->add)
			routing_compute(c->ev->world->hosts);
		char buf[NET_ADDR_STRLEN];
		event_record(c->ev, now, c->ifc->full_name, c->add ? "added" : "removed", net_addr_to_string(a, buf));
	}
}

static void addr_destroy(void *state)
{
	struct addr_change *c = state;
	g_array_free(c->addrs, TRUE);
	g_free(c);
}

const event_action_ops event_addr_add = {
	.name = "addr-add",
	.summary = "addresses appear on an interface (target, addresses); its host's observers are told",
	.keys = addr_keys,
	.create = addr_add_create,
	.start = addr_start,
	.destroy = addr_destroy,
};

const event_action_ops event_addr_remove = {
	.name = "addr-remove",
	.summary = "addresses vanish from an interface (target, addresses); its host's observers are told",
	.keys = addr_keys,
	.create = addr_remove_create,
	.start = addr_start,
	.destroy = addr_destroy,
};
