/* world.c — build the world from a validated scenario, run it, and report on it.
 *
 * The loader (scn_*.c) has checked every value; what is left here are the cross-references that
 * need the whole world: endpoints that name existing interfaces, an interface attached to one link
 * only, addresses unique across the world, workloads whose ports and hosts fit together. Each
 * problem goes into the diagnostics with its file, line, group and key. */
#include "world.h"

#include "error.h"
#include "event.h"
#include "middlebox.h"
#include "mptcp_host.h"
#include "pcap.h"
#include "registry.h"

#include <errno.h>
#include <glib/gstdio.h>

#include <string.h>

static void world_link_free(gpointer data)
{
	struct world_link *l = data;
	g_free(l->name);
	g_free(l);
}

static void world_workload_free(gpointer data)
{
	struct world_workload *wl = data;
	if (wl->state)
		wl->ops->destroy(wl->state);
	g_free(wl->name);
	g_free(wl);
}

host *world_find_host(const world *w, const char *name)
{
	for (guint i = 0; i < w->hosts->len; i++) {
		host *h = g_ptr_array_index(w->hosts, i);
		if (strcmp(h->name, name) == 0)
			return h;
	}
	return NULL;
}

iface *world_find_iface(const world *w, const char *endpoint)
{
	const char *dot = strchr(endpoint, '.');
	if (!dot) {
		host *h = world_find_host(w, endpoint);
		return h && h->ifaces->len ? g_ptr_array_index(h->ifaces, 0) : NULL;
	}
	char *hname = g_strndup(endpoint, (gsize)(dot - endpoint));
	host *h = world_find_host(w, hname);
	g_free(hname);
	return h ? host_find_iface(h, dot + 1) : NULL;
}

static void build_hosts(world *w, scn_diag *diag)
{
	GPtrArray *groups = scn_groups_of_kind(w->scn, "host");
	for (guint i = 0; i < groups->len; i++) {
		const scn_group *g = g_ptr_array_index(groups, i);
		g_ptr_array_add(w->hosts, host_new(w->sim, g->id, scn_values_bool(g->values, "forward")));
	}
	g_ptr_array_unref(groups);

	groups = scn_groups_of_kind(w->scn, "interface");
	for (guint i = 0; i < groups->len; i++) {
		const scn_group *g = g_ptr_array_index(groups, i);
		const char *dot = strchr(g->id, '.');
		char *hname = dot ? g_strndup(g->id, (gsize)(dot - g->id)) : g_strdup(g->id);
		host *h = world_find_host(w, hname);
		if (!h || !dot) {
			scn_diag_add(diag, g->values, NULL, "expected [interface.HOST.IFACE] with an existing [host.%s], got \"%s\"",
				     hname, g->name);
			g_free(hname);
			continue;
		}
		g_free(hname);
		iface *ifc = host_add_iface(h, dot + 1);
		uint32_t ep_flags;
		GError *ep_err = NULL;
		if (!mptcp_endpoint_flags_parse(scn_values_string(g->values, "mptcp_endpoint"), &ep_flags, &ep_err)) {
			scn_diag_add(diag, g->values, "mptcp_endpoint", "%s", ep_err->message);
			g_error_free(ep_err);
		}
		const radio_model *rm = scn_values_model(g->values, "radio");
		if (rm->keys->name)
			iface_set_radio(ifc, rm, scn_values_time(g->values, "promotion_delay"),
					scn_values_time(g->values, "tail_time"));
		const GArray *addrs = scn_values_addr_list(g->values, "addresses");
		for (guint a = 0; a < addrs->len; a++) {
			const net_addr *addr = &g_array_index(addrs, net_addr, a);
			/* Addresses are unique across the world: routing and demultiplexing rely on it. */
			for (guint k = 0; k < w->hosts->len; k++) {
				iface *owner = host_iface_for_addr(g_ptr_array_index(w->hosts, k), addr);
				if (owner) {
					char buf[NET_ADDR_STRLEN];
					scn_diag_add(diag, g->values, "addresses", "expected addresses unique in the scenario, got %s, which %s already has",
						     net_addr_to_string(addr, buf), owner->full_name);
				}
			}
			iface_add_addr(ifc, addr);
		}
	}
	g_ptr_array_unref(groups);
}

/* A problem several groups share (both directions inherit the link's broken trace) is said once. */
static void diag_add_once(scn_diag *diag, const scn_values *v, const char *key, const char *message)
{
	char *where = scn_values_where(v, key);
	char *text = g_strdup_printf("%s: %s", where, message);
	bool seen = false;
	for (guint i = 0; i < diag->messages->len && !seen; i++)
		seen = strcmp(g_ptr_array_index(diag->messages, i), text) == 0;
	if (!seen)
		scn_diag_add(diag, v, key, "%s", message);
	g_free(text);
	g_free(where);
}

static link_dir *build_direction(world *w, const char *link_name, const char *dir, iface *to, scn_diag *diag)
{
	char *gname = g_strdup_printf("link.%s.%s", link_name, dir);
	const scn_group *g = scn_find_group(w->scn, gname);
	g_assert(g); /* the loader creates both direction groups for every link */
	const scn_values *v = g->values;
	GError *err = NULL;
	const loss_ops *loss = registry_find((const void *const *)loss_models_all, scn_values_string(v, "loss"),
					     "loss model", &err);
	void *loss_state = NULL;
	if (loss) {
		char *stream = g_strdup_printf("%s/loss", gname);
		loss_state = loss->create(v, sim_rng(w->sim, stream), &err);
		g_free(stream);
	}
	if (err) {
		scn_diag_add(diag, v, "loss", "%s", err->message);
		g_error_free(err);
		g_free(gname);
		return NULL;
	}
	link_trace *trace = NULL;
	if (scn_values_has(v, "trace")) {
		char *file = scn_values_file(v, "trace");
		trace = trace_cache_get(w->traces, file, &err);
		g_free(file);
		if (!trace) {
			diag_add_once(diag, v, "trace", err->message);
			g_error_free(err);
			loss->destroy(loss_state);
			g_free(gname);
			return NULL;
		}
	}
	char *name = g_strdup_printf("%s.%s", link_name, dir);
	link_dir_config cfg = {
		.name = name,
		.rate_bps = trace ? 0 : scn_values_int(v, "rate"),
		.trace = trace,
		.delay = scn_values_time(v, "delay"),
		.loss = loss,
		.loss_state = loss_state,
	};
	scn_values_queue(v, "queue", &cfg.queue_limit, &cfg.queue_in_packets);
	link_dir *l = link_dir_new(w->sim, &cfg, iface_receive, to);
	GError *mb_err = NULL;
	l->mbox = middlebox_new(v, &mb_err);
	if (mb_err) {
		scn_diag_add(diag, v, "middlebox", "%s", mb_err->message);
		g_error_free(mb_err);
	}
	g_free(name);
	g_free(gname);
	return l;
}

static void build_links(world *w, scn_diag *diag)
{
	GPtrArray *groups = scn_groups_of_kind(w->scn, "link");
	for (guint i = 0; i < groups->len; i++) {
		const scn_group *g = g_ptr_array_index(groups, i);
		iface *end[2];
		const char *keys[2] = { "a", "b" };
		bool ok = true;
		for (int k = 0; k < 2; k++) {
			const char *ep = scn_values_string(g->values, keys[k]);
			end[k] = world_find_iface(w, ep);
			if (!end[k]) {
				scn_diag_add(diag, g->values, keys[k],
					     "expected an existing interface HOST.IFACE (declared as [interface.HOST.IFACE]), got \"%s\"", ep);
				ok = false;
			} else if (end[k]->out) {
				scn_diag_add(diag, g->values, keys[k], "expected an interface not attached to another link, got \"%s\"", ep);
				ok = false;
			}
		}
		if (ok && end[0]->host == end[1]->host) {
			scn_diag_add(diag, g->values, "b", "expected an interface of another host than %s, got \"%s\"",
				     end[0]->host->name, scn_values_string(g->values, "b"));
			ok = false;
		}
		if (!ok)
			continue;
		struct world_link *wl = g_new0(struct world_link, 1);
		wl->name = g_strdup(g->id);
		wl->a = end[0];
		wl->b = end[1];
		wl->up = build_direction(w, g->id, "up", end[1], diag);
		wl->down = build_direction(w, g->id, "down", end[0], diag);
		g_ptr_array_add(w->links, wl);
		if (wl->up && wl->down) {
			iface_attach(end[0], wl->up, end[1]);
			iface_attach(end[1], wl->down, end[0]);
		}
	}
	g_ptr_array_unref(groups);
}

static void build_workloads(world *w, scn_diag *diag)
{
	GPtrArray *groups = scn_groups_of_kind(w->scn, "workload");
	for (guint i = 0; i < groups->len; i++) {
		const scn_group *g = g_ptr_array_index(groups, i);
		GError *err = NULL;
		const workload_ops *ops = registry_find((const void *const *)workloads_all,
							scn_values_string(g->values, "type"), "workload type", &err);
		void *state = ops ? ops->create(w, g->id, g->values, &err) : NULL;
		if (!state) {
			const char *msg = err ? err->message : "workload could not be created";
			/* Workloads name the file, line, group and key themselves when they can. */
			if (g_str_has_prefix(msg, w->scn->path))
				g_ptr_array_add(diag->messages, g_strdup(msg));
			else
				scn_diag_add(diag, g->values, NULL, "%s", msg);
			g_clear_error(&err);
			continue;
		}
		struct world_workload *wl = g_new0(struct world_workload, 1);
		wl->name = g_strdup(g->id);
		wl->ops = ops;
		wl->state = state;
		g_ptr_array_add(w->workloads, wl);
	}
	g_ptr_array_unref(groups);
}

/* Capture both directions of an interface, as tcpdump -i does: packets it sends when they are
 * handed to its link (before the queue), packets it receives when they arrive. */
static void capture_tap(void *ctx, const iface *ifc, const packet *p, bool outgoing, sim_time_t now)
{
	(void)ifc;
	(void)outgoing;
	pcap_writer *pw = ctx;
	pcap_writer_write(pw, &p->seg, now, NULL); /* the first error sticks; close reports it */
}

static bool open_captures(world *w, uint32_t snaplen, scn_diag *diag)
{
	if (g_mkdir_with_parents(w->pcap_dir, 0755) != 0) {
		scn_diag_add(diag, NULL, NULL, "cannot create capture folder %s: %s", w->pcap_dir, g_strerror(errno));
		return false;
	}
	for (guint i = 0; i < w->hosts->len; i++) {
		host *h = g_ptr_array_index(w->hosts, i);
		for (guint k = 0; k < h->ifaces->len; k++) {
			iface *ifc = g_ptr_array_index(h->ifaces, k);
			char *file = g_strdup_printf("%s-%s.pcap", h->name, ifc->name);
			char *path = g_build_filename(w->pcap_dir, file, NULL);
			GError *err = NULL;
			pcap_writer *pw = pcap_writer_open(path, snaplen, &err);
			g_free(path);
			g_free(file);
			if (!pw) {
				scn_diag_add(diag, NULL, NULL, "%s", err->message);
				g_error_free(err);
				return false;
			}
			g_ptr_array_add(w->captures, pw);
			ifc->tap = capture_tap;
			ifc->tap_ctx = pw;
		}
	}
	return true;
}

bool world_close_captures(world *w, GError **error)
{
	bool ok = true;
	for (guint i = 0; i < w->captures->len; i++) {
		GError *err = NULL;
		if (!pcap_writer_close(g_ptr_array_index(w->captures, i), &err)) {
			if (ok)
				g_propagate_error(error, err);
			else
				g_error_free(err);
			ok = false;
		}
	}
	g_ptr_array_set_size(w->captures, 0);
	for (guint i = 0; i < w->hosts->len; i++) {
		host *h = g_ptr_array_index(w->hosts, i);
		for (guint k = 0; k < h->ifaces->len; k++)
			((iface *)g_ptr_array_index(h->ifaces, k))->tap = NULL;
	}
	return ok;
}

world *world_build(const scenario *scn, const world_options *opts, scn_diag *diag)
{
	world *w = g_new0(world, 1);
	w->sim = sim_new(scn->seed);
	w->scn = scn;
	w->hosts = g_ptr_array_new(); /* hosts are freed by the sim */
	w->links = g_ptr_array_new_with_free_func(world_link_free);
	w->workloads = g_ptr_array_new_with_free_func(world_workload_free);
	w->captures = g_ptr_array_new();
	w->traces = trace_cache_new();
	guint before = diag->messages->len;
	build_hosts(w, diag);
	build_links(w, diag);
	routing_compute(w->hosts);
	/* Events before workloads: an event at time T acts before packets sent at T. */
	if (diag->messages->len == before)
		w->events = event_timeline_build(w, diag);
	if (diag->messages->len == before)
		build_workloads(w, diag);
	if (diag->messages->len == before && opts && opts->pcap_dir) {
		w->pcap_dir = g_strdup(opts->pcap_dir);
		open_captures(w, opts->pcap_snaplen, diag);
	}
	if (diag->messages->len != before) {
		world_free(w);
		return NULL;
	}
	return w;
}

void world_free(world *w)
{
	if (!w)
		return;
	world_close_captures(w, NULL);
	g_ptr_array_free(w->captures, TRUE);
	/* Workloads go first: they may hold packets or bindings that the sim's objects reference. */
	g_ptr_array_free(w->workloads, TRUE);
	mptcp_host_free_all(w);
	event_timeline_free(w->events);
	g_ptr_array_free(w->links, TRUE);
	sim_free(w->sim);
	trace_cache_free(w->traces);
	g_ptr_array_free(w->hosts, TRUE);
	g_free(w->pcap_dir);
	g_free(w);
}

bool world_run(world *w, GError **error)
{
	return sim_run(w->sim, w->scn->duration, error);
}

bool world_run_until(world *w, sim_time_t stop, GError **error)
{
	return sim_run(w->sim, stop < w->scn->duration ? stop : w->scn->duration, error);
}

void world_report(world *w)
{
	sim *s = w->sim;
	report_section *sim_sec = report_section_child(s->report, "simulation");
	report_set_int(sim_sec, "seed", (int64_t)s->seed);
	report_set_int(sim_sec, "duration_ns", w->scn->duration);
	report_set_int(sim_sec, "end_time_ns", s->now);
	report_set_int(sim_sec, "events", (int64_t)s->events_run);
	report_set_int(sim_sec, "packets_allocated", (int64_t)s->pool.next_id);
	report_set_int(sim_sec, "peak_packets_in_flight", (int64_t)s->pool.peak_in_use);

	report_section *links = report_section_child(s->report, "links");
	for (guint i = 0; i < w->links->len; i++) {
		struct world_link *wl = g_ptr_array_index(w->links, i);
		report_section *ls = report_section_child(links, wl->name);
		report_set_string(ls, "a", wl->a->full_name);
		report_set_string(ls, "b", wl->b->full_name);
		link_dir_report(wl->up, report_section_child(ls, "up"));
		link_dir_report(wl->down, report_section_child(ls, "down"));
	}
	report_section *hosts = report_section_child(s->report, "hosts");
	for (guint i = 0; i < w->hosts->len; i++) {
		host *h = g_ptr_array_index(w->hosts, i);
		report_section *hs = report_section_child(hosts, h->name);
		host_report(h, hs);
		const mptcp_host *mh = mptcp_host_find(w, h);
		if (mh)
			mptcp_host_report(mh, report_section_child(hs, "mptcp"));
	}
	if (w->events && w->events->events->len)
		event_timeline_report(w->events, report_section_child(s->report, "events"));
	report_section *wls = report_section_child(s->report, "workloads");
	for (guint i = 0; i < w->workloads->len; i++) {
		struct world_workload *wl = g_ptr_array_index(w->workloads, i);
		report_section *ws = report_section_child(wls, wl->name);
		report_set_string(ws, "type", wl->ops->name);
		wl->ops->report(wl->state, ws);
	}
}
