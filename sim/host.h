/* host.h — nodes, their interfaces and addresses, and routing by interface.
 *
 * A host has interfaces; each interface has addresses (IPv4 and/or IPv6) and may be attached to
 * one link (it sends on the link's direction away from it and receives from the other). Routing:
 * a packet leaves by the interface that owns its source address when that interface can reach the
 * destination (source routing, as Linux MPTCP does with per-address routing tables); otherwise by
 * the first interface on a shortest path to the destination (routes computed once by breadth-first
 * search when the world is built, routing.c). A host with `forward` set is a router: packets for
 * addresses it does not own are routed on; other hosts drop them (counted).
 *
 * Delivery to transport: a handler bound to (protocol, local port) gets each packet addressed to
 * one of the host's addresses; a packet for an unbound port is dropped and counted. */
#ifndef MPTCPSIM_SIM_HOST_H
#define MPTCPSIM_SIM_HOST_H

#include "addr.h"
#include "link.h"
#include "radio.h"
#include "sim.h"

#include <glib.h>
#include <stdbool.h>

typedef struct host host;
typedef struct iface iface;

/* Observers of an interface's traffic (the pcap writer): `outgoing` true for transmit. */
typedef void (*iface_tap_fn)(void *ctx, const iface *ifc, const packet *p, bool outgoing, sim_time_t now);

struct iface {
	char *name;      /* "wifi" */
	char *full_name; /* "phone.wifi" */
	host *host;
	GArray *addrs;   /* net_addr */
	link_dir *out;   /* NULL until attached */
	iface *peer;     /* the interface at the other end of the link */
	bool up;
	radio *radio;    /* NULL: no radio states */
	iface_tap_fn tap;
	void *tap_ctx;
	uint64_t tx_packets, rx_packets, tx_bytes, rx_bytes;
};

typedef void (*host_handler_fn)(void *ctx, packet *p, sim_time_t now);

struct host_binding {
	uint8_t proto;
	uint16_t port;
	host_handler_fn fn;
	void *ctx;
};

struct host_route {
	net_addr dst;
	GPtrArray *first_hops; /* iface*, all on shortest paths, in interface order */
};

struct host {
	char *name;
	sim *sim;
	bool forward;
	GPtrArray *ifaces;   /* iface*, owned */
	GHashTable *bindings; /* (proto << 16 | port) → struct host_binding*; lookups only, never iterated */
	GArray *routes;      /* struct host_route */
	uint16_t next_ephemeral_port;
	uint64_t drops_no_route, drops_no_listener, drops_not_local, forwarded;
	GArray *observers;   /* struct host_observer, in registration order (host_change.c) */
};

host *host_new(sim *s, const char *name, bool forward);
iface *host_add_iface(host *h, const char *name);
void iface_add_addr(iface *ifc, const net_addr *a);
bool iface_owns_addr(const iface *ifc, const net_addr *a);
iface *host_find_iface(const host *h, const char *name);
/* The interface of `h` that owns `a`, or NULL. */
iface *host_iface_for_addr(const host *h, const net_addr *a);

/* Give the interface cellular radio states (radio.h) of `model`; freed with the sim. */
void iface_set_radio(iface *ifc, const radio_model *model, sim_time_t promotion_delay, sim_time_t tail_time);

/* Attach: `out` carries packets from `ifc` to `peer`. */
void iface_attach(iface *ifc, link_dir *out, iface *peer);
/* Packets arriving on `ifc` from its link (the link's deliver callback target). */
void iface_receive(void *iface_ptr, packet *p, sim_time_t now);

/* Bind a handler; false if (proto, port) is taken. */
bool host_bind(host *h, uint8_t proto, uint16_t port, host_handler_fn fn, void *ctx);
void host_unbind(host *h, uint8_t proto, uint16_t port);
uint16_t host_ephemeral_port(host *h);

/* Send a packet from this host (its seg.src must be set). The host owns it from now on. */
void host_send(host *h, packet *p, sim_time_t now);

/* Routing table entry for `dst`, or NULL. */
const struct host_route *host_route_for(const host *h, const net_addr *dst);
void host_add_route(host *h, const net_addr *dst, iface *first_hop);

/* Compute every host's routes (breadth-first over links; only hosts with `forward` relay). */
void routing_compute(GPtrArray *hosts);

/* ---- changes while the simulation runs (host_change.c) ----
 *
 * Addresses appear and vanish and interfaces go down and up (mobility events, event.h); a host
 * tells its observers — a path manager announces a new address with ADD_ADDR and a lost one with
 * REMOVE_ADDR — synchronously, in the order they registered. A link that fails silently (the far
 * side of a Wi-Fi access point, a cellular handover) tells no one: only the interface's own state
 * does. */
typedef enum host_change {
	HOST_ADDR_ADDED,   /* `addr` now belongs to `ifc` */
	HOST_ADDR_REMOVED, /* `addr` no longer does */
	HOST_IFACE_UP,
	HOST_IFACE_DOWN,
} host_change;

/* `addr` is the address for HOST_ADDR_*, NULL for HOST_IFACE_*. */
typedef void (*host_observer_fn)(void *ctx, host *h, iface *ifc, host_change change, const net_addr *addr,
				 sim_time_t now);

struct host_observer {
	host_observer_fn fn;
	void *ctx;
};

void host_observe(host *h, host_observer_fn fn, void *ctx);
/* Observers may unobserve (themselves or others) while being told: the rest are still told. */
void host_unobserve(host *h, host_observer_fn fn, void *ctx);
const char *host_change_name(host_change change);

/* Add `a` to `ifc` at run time and tell the observers; false (nothing happens) when the interface
 * has it already. Routes to it are the world's business (routing_compute). */
bool iface_addr_appear(iface *ifc, const net_addr *a, sim_time_t now);
/* Remove `a` from `ifc` and tell the observers; false when the interface does not have it. */
bool iface_addr_vanish(iface *ifc, const net_addr *a, sim_time_t now);
/* Take the interface down (it drops what it sends and receives) or up; observers are told of a
 * change, nothing happens otherwise. */
void iface_set_up(iface *ifc, bool up, sim_time_t now);

/* Interface counters, with the radio's (radio_report) where there is one. */
void host_report(const host *h, report_section *out);

#endif
