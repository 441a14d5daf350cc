/* routing.c — static routes, computed once when the world is built.
 *
 * For each host and each of its attached interfaces, a breadth-first search from the far end of
 * that interface's link finds every host reachable through it (only routers, hosts with `forward`,
 * relay; a multi-homed end host is never a transit node). A route to an address lists, first, the
 * interfaces that reach it through the link of the interface that owns it, nearest first — what
 * prefix routing in real networks does: the Internet reaches a phone's cellular address through the
 * operator, not through its Wi-Fi access point; then any other interface that reaches the owning
 * host at all, nearest first (an end host accepts any of its addresses on any interface, RFC 1122's
 * weak host model). Ties go in interface order, so the choice is deterministic, and source routing
 * (host.c) can keep a subflow on the interface that owns its source address. */
#include "host.h"

struct hop_dist {
	iface *hop;
	int dist;
};

struct reach {
	host *h;
	GArray *hops; /* struct hop_dist, one per first-hop interface that reaches h */
};

static struct reach *reach_of(GPtrArray *all, host *h)
{
	for (guint i = 0; i < all->len; i++) {
		struct reach *r = g_ptr_array_index(all, i);
		if (r->h == h)
			return r;
	}
	struct reach *r = g_new0(struct reach, 1);
	r->h = h;
	r->hops = g_array_new(FALSE, FALSE, sizeof(struct hop_dist));
	g_ptr_array_add(all, r);
	return r;
}

static const struct reach *reach_find(GPtrArray *all, const host *h)
{
	for (guint i = 0; i < all->len; i++) {
		const struct reach *r = g_ptr_array_index(all, i);
		if (r->h == h)
			return r;
	}
	return NULL;
}

static void reach_free(gpointer data)
{
	struct reach *r = data;
	g_array_free(r->hops, TRUE);
	g_free(r);
}

/* BFS from the peer of `hop`; records the distance of every host reached through it. */
static void explore(host *src, iface *hop, GPtrArray *all)
{
	GPtrArray *queue = g_ptr_array_new();
	GArray *dist = g_array_new(FALSE, FALSE, sizeof(int));
	host *first = hop->peer->host;
	int d1 = 1;
	g_ptr_array_add(queue, first);
	g_array_append_val(dist, d1);
	for (guint qi = 0; qi < queue->len; qi++) {
		host *h = g_ptr_array_index(queue, qi);
		int d = g_array_index(dist, int, qi);
		if (h == src)
			continue;
		struct hop_dist hd = { .hop = hop, .dist = d };
		g_array_append_val(reach_of(all, h)->hops, hd);
		if (!h->forward)
			continue;
		for (guint i = 0; i < h->ifaces->len; i++) {
			iface *ifc = g_ptr_array_index(h->ifaces, i);
			if (!ifc->out || !ifc->peer)
				continue;
			host *next = ifc->peer->host;
			bool seen = next == src;
			for (guint k = 0; k < queue->len && !seen; k++)
				seen = g_ptr_array_index(queue, k) == next;
			if (!seen) {
				int dn = d + 1;
				g_ptr_array_add(queue, next);
				g_array_append_val(dist, dn);
			}
		}
	}
	g_ptr_array_free(queue, TRUE);
	g_array_free(dist, TRUE);
}

static void routes_from(host *src)
{
	GPtrArray *all = g_ptr_array_new_with_free_func(reach_free);
	for (guint i = 0; i < src->ifaces->len; i++) {
		iface *ifc = g_ptr_array_index(src->ifaces, i);
		if (ifc->out && ifc->peer)
			explore(src, ifc, all);
	}
	for (guint i = 0; i < all->len; i++) {
		struct reach *r = g_ptr_array_index(all, i);
		/* Insertion sort by distance, stable: interface order breaks ties. */
		for (guint a = 1; a < r->hops->len; a++)
			for (guint b = a; b > 0; b--) {
				struct hop_dist *x = &g_array_index(r->hops, struct hop_dist, b - 1);
				struct hop_dist *y = &g_array_index(r->hops, struct hop_dist, b);
				if (x->dist <= y->dist)
					break;
				struct hop_dist t = *x;
				*x = *y;
				*y = t;
			}
	}
	for (guint i = 0; i < all->len; i++) {
		struct reach *r = g_ptr_array_index(all, i);
		for (guint k = 0; k < r->h->ifaces->len; k++) {
			iface *ifc = g_ptr_array_index(r->h->ifaces, k);
			/* Through the owning interface's own link: from the host at its far end. */
			const struct reach *via = NULL;
			iface *direct = NULL;
			if (ifc->peer && ifc->peer->host == src)
				direct = ifc->peer;
			else if (ifc->peer && ifc->peer->host->forward)
				via = reach_find(all, ifc->peer->host);
			for (guint a = 0; a < ifc->addrs->len; a++) {
				const net_addr *addr = &g_array_index(ifc->addrs, net_addr, a);
				if (direct)
					host_add_route(src, addr, direct);
				for (guint j = 0; via && j < via->hops->len; j++)
					host_add_route(src, addr, g_array_index(via->hops, struct hop_dist, j).hop);
				for (guint j = 0; j < r->hops->len; j++)
					host_add_route(src, addr, g_array_index(r->hops, struct hop_dist, j).hop);
			}
		}
	}
	g_ptr_array_free(all, TRUE);
}

void routing_compute(GPtrArray *hosts)
{
	for (guint i = 0; i < hosts->len; i++)
		routes_from(g_ptr_array_index(hosts, i));
}
