/* host.c — hosts, interfaces, port bindings, and sending/receiving/forwarding packets. */
#include "host.h"

#include <string.h>

static void iface_free(gpointer data)
{
	iface *ifc = data;
	g_free(ifc->name);
	g_free(ifc->full_name);
	g_array_free(ifc->addrs, TRUE);
	g_free(ifc);
}

static void route_clear(gpointer data)
{
	struct host_route *r = data;
	g_ptr_array_free(r->first_hops, TRUE);
}

static void host_destroy(void *obj)
{
	host *h = obj;
	g_ptr_array_free(h->ifaces, TRUE);
	g_hash_table_destroy(h->bindings);
	g_array_free(h->routes, TRUE);
	if (h->observers)
		g_array_free(h->observers, TRUE);
	g_free(h->name);
	g_free(h);
}

host *host_new(sim *s, const char *name, bool forward)
{
	host *h = g_new0(host, 1);
	h->name = g_strdup(name);
	h->sim = s;
	h->forward = forward;
	h->ifaces = g_ptr_array_new_with_free_func(iface_free);
	h->bindings = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	h->routes = g_array_new(FALSE, FALSE, sizeof(struct host_route));
	g_array_set_clear_func(h->routes, route_clear);
	/* RFC 6335 §6: the dynamic port range, 49152–65535. */
	h->next_ephemeral_port = 49152;
	sim_on_free(s, host_destroy, h);
	return h;
}

iface *host_add_iface(host *h, const char *name)
{
	iface *ifc = g_new0(iface, 1);
	ifc->name = g_strdup(name);
	ifc->full_name = g_strdup_printf("%s.%s", h->name, name);
	ifc->host = h;
	ifc->addrs = g_array_new(FALSE, TRUE, sizeof(net_addr));
	ifc->up = true;
	g_ptr_array_add(h->ifaces, ifc);
	return ifc;
}

void iface_add_addr(iface *ifc, const net_addr *a)
{
	g_array_append_val(ifc->addrs, *a);
}

bool iface_owns_addr(const iface *ifc, const net_addr *a)
{
	for (guint i = 0; i < ifc->addrs->len; i++)
		if (net_addr_equal(&g_array_index(ifc->addrs, net_addr, i), a))
			return true;
	return false;
}

iface *host_find_iface(const host *h, const char *name)
{
	for (guint i = 0; i < h->ifaces->len; i++) {
		iface *ifc = g_ptr_array_index(h->ifaces, i);
		if (strcmp(ifc->name, name) == 0)
			return ifc;
	}
	return NULL;
}

iface *host_iface_for_addr(const host *h, const net_addr *a)
{
	for (guint i = 0; i < h->ifaces->len; i++) {
		iface *ifc = g_ptr_array_index(h->ifaces, i);
		if (iface_owns_addr(ifc, a))
			return ifc;
	}
	return NULL;
}

void iface_attach(iface *ifc, link_dir *out, iface *peer)
{
	ifc->out = out;
	ifc->peer = peer;
}

static inline gpointer binding_key(uint8_t proto, uint16_t port)
{
	return GUINT_TO_POINTER((guint)proto << 16 | port);
}

bool host_bind(host *h, uint8_t proto, uint16_t port, host_handler_fn fn, void *ctx)
{
	if (g_hash_table_contains(h->bindings, binding_key(proto, port)))
		return false;
	struct host_binding *b = g_new(struct host_binding, 1);
	*b = (struct host_binding){ .proto = proto, .port = port, .fn = fn, .ctx = ctx };
	g_hash_table_insert(h->bindings, binding_key(proto, port), b);
	return true;
}

void host_unbind(host *h, uint8_t proto, uint16_t port)
{
	g_hash_table_remove(h->bindings, binding_key(proto, port));
}

uint16_t host_ephemeral_port(host *h)
{
	uint16_t p = h->next_ephemeral_port;
	h->next_ephemeral_port = p == 65535 ? 49152 : (uint16_t)(p + 1);
	return p;
}

const struct host_route *host_route_for(const host *h, const net_addr *dst)
{
	for (guint i = 0; i < h->routes->len; i++) {
		const struct host_route *r = &g_array_index(h->routes, struct host_route, i);
		if (net_addr_equal(&r->dst, dst))
			return r;
	}
	return NULL;
}

void host_add_route(host *h, const net_addr *dst, iface *first_hop)
{
	for (guint i = 0; i < h->routes->len; i++) {
		struct host_route *r = &g_array_index(h->routes, struct host_route, i);
		if (net_addr_equal(&r->dst, dst)) {
			for (guint j = 0; j < r->first_hops->len; j++)
				if (g_ptr_array_index(r->first_hops, j) == first_hop)
					return;
			g_ptr_array_add(r->first_hops, first_hop);
			return;
		}
	}
	struct host_route r = { .dst = *dst, .first_hops = g_ptr_array_new() };
	g_ptr_array_add(r.first_hops, first_hop);
	g_array_append_val(h->routes, r);
}

static bool route_has(const struct host_route *r, const iface *ifc)
{
	for (guint i = 0; i < r->first_hops->len; i++)
		if (g_ptr_array_index(r->first_hops, i) == ifc)
			return true;
	return false;
}

/* Pick the outgoing interface (host.h: source routing first, then shortest path). */
static iface *choose_iface(const host *h, const packet *p, bool forwarding)
{
	const struct host_route *r = host_route_for(h, &p->seg.dst);
	if (!forwarding) {
		iface *src = host_iface_for_addr(h, &p->seg.src);
		if (src && src->out && (!r || route_has(r, src)))
			return src;
	}
	if (!r)
		return NULL;
	for (guint i = 0; i < r->first_hops->len; i++) {
		iface *ifc = g_ptr_array_index(r->first_hops, i);
		if (ifc->up && ifc->out && ifc->out->up)
			return ifc;
	}
	return g_ptr_array_index(r->first_hops, 0);
}

static void iface_transmit(iface *ifc, packet *p, sim_time_t now)
{
	if (ifc->tap)
		ifc->tap(ifc->tap_ctx, ifc, p, true, now);
	ifc->tx_packets++;
	ifc->tx_bytes += segment_wire_len(&p->seg);
	if (!ifc->up) {
		/* An interface that is down drops at once; its link counts nothing. */
		packet_free(&ifc->host->sim->pool, p);
		return;
	}
	if (ifc->radio && !radio_pass(ifc->radio, p, true, now))
		return; /* held while the radio promotes */
	link_dir_send(ifc->out, p, now);
}

static void route_out(host *h, packet *p, sim_time_t now, bool forwarding)
{
	iface *ifc = choose_iface(h, p, forwarding);
	if (!ifc || !ifc->out) {
		h->drops_no_route++;
		packet_free(&h->sim->pool, p);
		return;
	}
	iface_transmit(ifc, p, now);
}

void host_send(host *h, packet *p, sim_time_t now)
{
	if (p->created == 0)
		p->created = now;
	if (p->seg.ttl == 0)
		p->seg.ttl = 64; /* Linux's default TTL / hop limit */
	route_out(h, p, now, false);
}

/* A received packet the interface hands to its host: local delivery or forwarding. */
static void iface_deliver(iface *ifc, packet *p, sim_time_t now)
{
	host *h = ifc->host;
	ifc->rx_packets++;
	ifc->rx_bytes += segment_wire_len(&p->seg);
	if (ifc->tap)
		ifc->tap(ifc->tap_ctx, ifc, p, false, now);
	if (host_iface_for_addr(h, &p->seg.dst)) {
		/* Weak host model (RFC 1122 §3.3.4.2): any local address on any interface. */
		struct host_binding *b = g_hash_table_lookup(h->bindings, binding_key(p->seg.proto, p->seg.dport));
		if (b) {
			b->fn(b->ctx, p, now);
			return;
		}
		h->drops_no_listener++;
		packet_free(&h->sim->pool, p);
		return;
	}
	if (h->forward) {
		h->forwarded++;
		if (p->seg.ttl > 1) {
			p->seg.ttl--;
			route_out(h, p, now, true);
			return;
		}
	}
	h->drops_not_local++;
	packet_free(&h->sim->pool, p);
}

void iface_receive(void *iface_ptr, packet *p, sim_time_t now)
{
	iface *ifc = iface_ptr;
	if (!ifc->up) {
		packet_free(&ifc->host->sim->pool, p);
		return;
	}
	if (ifc->radio && !radio_pass(ifc->radio, p, false, now))
		return; /* held while the radio promotes */
	iface_deliver(ifc, p, now);
}

/* Packets the radio held, at the end of its promotion: the interface may have gone down since. */
static void radio_send_out(void *ctx, packet *p, sim_time_t now)
{
	iface *ifc = ctx;
	if (!ifc->up)
		packet_free(&ifc->host->sim->pool, p);
	else
		link_dir_send(ifc->out, p, now);
}

static void radio_send_in(void *ctx, packet *p, sim_time_t now)
{
	iface *ifc = ctx;
	if (!ifc->up)
		packet_free(&ifc->host->sim->pool, p);
	else
		iface_deliver(ifc, p, now);
}

void iface_set_radio(iface *ifc, const radio_model *model, sim_time_t promotion_delay, sim_time_t tail_time)
{
	g_assert(!ifc->radio);
	ifc->radio = radio_new(ifc->host->sim, model, promotion_delay, tail_time, radio_send_out, radio_send_in, ifc);
}

void host_report(const host *h, report_section *out)
{
	report_set_int(out, "forwarded", (int64_t)h->forwarded);
	report_set_int(out, "drops_no_route", (int64_t)h->drops_no_route);
	report_set_int(out, "drops_no_listener", (int64_t)h->drops_no_listener);
	report_set_int(out, "drops_not_local", (int64_t)h->drops_not_local);
	report_section *ifs = report_section_child(out, "interfaces");
	for (guint i = 0; i < h->ifaces->len; i++) {
		iface *ifc = g_ptr_array_index(h->ifaces, i);
		report_section *s = report_section_child(ifs, ifc->name);
		report_set_int(s, "tx_packets", (int64_t)ifc->tx_packets);
		report_set_int(s, "tx_bytes", (int64_t)ifc->tx_bytes);
		report_set_int(s, "rx_packets", (int64_t)ifc->rx_packets);
		report_set_int(s, "rx_bytes", (int64_t)ifc->rx_bytes);
		if (ifc->radio)
			radio_report(ifc->radio, s, h->sim->now);
	}
}
