/* world.h — the simulated world built from a scenario: hosts, links and workloads in one sim.
 *
 * world_build() turns a validated scenario into objects (reporting every cross-reference problem,
 * such as a link to an unknown interface, with its file and line); world_run() runs it to the
 * scenario's duration; world_report() fills the sim's report with every component's metrics. */
#ifndef MPTCPSIM_SIM_WORLD_H
#define MPTCPSIM_SIM_WORLD_H

#include "host.h"
#include "link.h"
#include "scn.h"
#include "sim.h"
#include "trace.h"
#include "workload.h"

#include <glib.h>

struct pcap_writer;
struct event_timeline;

struct world_link {
	char *name;
	link_dir *up;   /* a → b */
	link_dir *down; /* b → a */
	iface *a;
	iface *b;
};

struct world_workload {
	char *name;
	const workload_ops *ops;
	void *state;
};

typedef struct world {
	sim *sim;
	const scenario *scn;
	GPtrArray *hosts;     /* host*, owned */
	GPtrArray *links;     /* struct world_link*, owned */
	GPtrArray *workloads; /* struct world_workload*, owned */
	char *pcap_dir;       /* NULL: no capture */
	GPtrArray *captures;  /* struct pcap_writer*, one per interface, in creation order */
	trace_cache *traces;  /* delivery traces, each file read once */
	struct event_timeline *events; /* mobility events (event.h) */
	GPtrArray *mptcp_hosts; /* struct mptcp_host*, one per host using MPTCP, created on first use */
} world;

typedef struct world_options {
	const char *pcap_dir; /* write one pcap per interface here; NULL: none */
	uint32_t pcap_snaplen; /* 0: whole packets */
} world_options;

/* Build; on problems, each goes into `diag` and NULL is returned. */
world *world_build(const scenario *scn, const world_options *opts, scn_diag *diag);
void world_free(world *w);

host *world_find_host(const world *w, const char *name);
/* "phone.wifi" → that interface; "phone" → its first interface. */
iface *world_find_iface(const world *w, const char *endpoint);

bool world_run(world *w, GError **error);
/* Run up to `stop` (exclusive; see sim_run), for looking at the world part-way. */
bool world_run_until(world *w, sim_time_t stop, GError **error);
/* Close every capture file; false with the first write error of any of them. */
bool world_close_captures(world *w, GError **error);
void world_report(world *w);

#endif
