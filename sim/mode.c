/* mode.c — the ways of using two radios as override templates (mode.h), and their expansion.
 *
 * The MPTCP keys are those of the mptcp transport's host and interface groups (mptcp_path_manager,
 * mptcp_scheduler, mptcp_cc, mptcp_add_addr_accepted_max on [host.NAME]; mptcp_endpoint on
 * [interface.HOST.IFACE]). Apple's presets (reference/experiments.md): subflows opened by the
 * client only, ADD_ADDR neither sent (no `signal` endpoint) nor acted on (add_addr_accepted_max 0),
 * uncoupled congestion control. */
#include "mode.h"

#include "error.h"
#include "mptcp/pm.h"
#include "mptcp/sched.h"
#include "registry.h"
#include "transport.h"
#include "workload.h"

#include <string.h>

static const char *const no_transports[] = { NULL };
static const char *const mptcp_transport[] = { "mptcp", NULL };

/* The client side of Apple's presets, shared by handover, interactive and aggregate. */
#define APPLE_CLIENT                                                                               \
	"workload.{w}.transport=mptcp", "workload.{w}.failover=none", "host.{client}.mptcp_cc=cubic", \
		"host.{client}.mptcp_add_addr_accepted_max=0"

static const char *const tcp_sets[] = { "workload.{w}.transport=tcp", "workload.{w}.failover=reconnect", NULL };

static const char *const handover_sets[] = {
	APPLE_CLIENT,
	"host.{client}.mptcp_path_manager=apple-handover",
	"host.{client}.mptcp_scheduler=apple-handover",
	"interface.{client}.{primary}.mptcp_endpoint=subflow",
	"interface.{client}.{secondary}.mptcp_endpoint=subflow,backup",
	NULL,
};

static const char *const interactive_sets[] = {
	APPLE_CLIENT,
	"host.{client}.mptcp_path_manager=kernel",
	"host.{client}.mptcp_scheduler=apple-interactive",
	"interface.{client}.{primary}.mptcp_endpoint=subflow",
	"interface.{client}.{secondary}.mptcp_endpoint=subflow",
	NULL,
};

static const char *const aggregate_sets[] = {
	APPLE_CLIENT,
	"host.{client}.mptcp_path_manager=kernel",
	"host.{client}.mptcp_scheduler=minrtt",
	"interface.{client}.{primary}.mptcp_endpoint=subflow",
	"interface.{client}.{secondary}.mptcp_endpoint=subflow",
	NULL,
};

static const char *const backup_sets[] = {
	"workload.{w}.transport=mptcp",
	"workload.{w}.failover=none",
	"host.{client}.mptcp_path_manager=kernel",
	"host.{client}.mptcp_scheduler=minrtt",
	"interface.{client}.{primary}.mptcp_endpoint=subflow",
	"interface.{client}.{secondary}.mptcp_endpoint=subflow,backup",
	NULL,
};

static const char *const full_sets[] = {
	"workload.{w}.transport=mptcp",
	"workload.{w}.failover=none",
	"host.{client}.mptcp_path_manager=fullmesh",
	"host.{client}.mptcp_scheduler=minrtt",
	"host.{client}.mptcp_add_addr_accepted_max=8",
	"interface.{client}.{primary}.mptcp_endpoint=subflow,fullmesh",
	"interface.{client}.{secondary}.mptcp_endpoint=subflow,fullmesh",
	NULL,
};

static const run_mode mode_tcp = {
	.name = "tcp",
	.summary = "single-path TCP over Wi-Fi; reconnect over cellular when it stalls or Wi-Fi goes down",
	.sets = tcp_sets,
	.transports = no_transports,
};

static const run_mode mode_handover = {
	.name = "handover",
	.summary = "Apple's handover mode: Wi-Fi primary, a cellular subflow only while Wi-Fi performs badly",
	.sets = handover_sets,
	.transports = mptcp_transport,
	.path_manager = "apple-handover",
	.scheduler = "apple-handover",
};

static const run_mode mode_interactive = {
	.name = "interactive",
	.summary = "Apple's interactive mode: both subflows from the start, lowest-latency scheduling",
	.sets = interactive_sets,
	.transports = mptcp_transport,
	.path_manager = "kernel",
	.scheduler = "apple-interactive",
};

static const run_mode mode_aggregate = {
	.name = "aggregate",
	.summary = "Apple's aggregate mode: both subflows, all their capacity",
	.sets = aggregate_sets,
	.transports = mptcp_transport,
	.path_manager = "kernel",
	.scheduler = "minrtt",
};

static const run_mode mode_backup = {
	.name = "backup",
	.summary = "Linux backup: a cellular subflow with MP_JOIN B=1, used only when no other subflow can send",
	.sets = backup_sets,
	.transports = mptcp_transport,
	.path_manager = "kernel",
	.scheduler = "minrtt",
};

static const run_mode mode_full = {
	.name = "full",
	.summary = "Linux full MPTCP: full mesh of subflows, ADD_ADDR processed, every subflow in use",
	.sets = full_sets,
	.transports = mptcp_transport,
	.path_manager = "fullmesh",
	.scheduler = "minrtt",
};

const run_mode *const run_modes_all[] = {
	&mode_tcp, &mode_handover, &mode_interactive, &mode_aggregate, &mode_backup, &mode_full, NULL,
};

const run_mode *run_mode_find(const char *name, GError **error)
{
	return registry_find((const void *const *)run_modes_all, name, "mode", error);
}

/* Is `name` in the registry `all`? Otherwise an error naming the mode, what it needs, and what
 * there is. */
static bool have(const run_mode *m, const void *const *all, const char *kind, const char *name, GError **error)
{
	if (!name || registry_find(all, name, kind, NULL))
		return true;
	char *known = registry_names_joined(all, ", ");
	g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "mode %s needs the %s %s, which this build does not have (%ss: %s)",
		    m->name, name, kind, kind, known);
	g_free(known);
	return false;
}

bool run_mode_available(const run_mode *m, GError **error)
{
	for (const char *const *t = m->transports; *t; t++)
		if (!have(m, (const void *const *)xport_all, "transport", *t, error))
			return false;
	return have(m, (const void *const *)pm_all, "path manager", m->path_manager, error) &&
	       have(m, (const void *const *)sched_all, "scheduler", m->scheduler, error);
}

static bool takes_failover(const workload_ops *ops)
{
	for (const scn_key *k = ops->keys; k->name; k++)
		if (!strcmp(k->name, "failover"))
			return true;
	return false;
}

/* "HOST.IFACE" → "HOST" and "IFACE" ("" for a bare HOST). */
static void split_endpoint(const char *ep, char **host_name, char **ifc)
{
	const char *dot = strchr(ep, '.');
	*host_name = dot ? g_strndup(ep, (gsize)(dot - ep)) : g_strdup(ep);
	*ifc = g_strdup(dot ? dot + 1 : "");
}

static char *expand(const char *tmpl, const char *const *names, const char *const *values)
{
	GString *out = g_string_new(NULL);
	for (const char *p = tmpl; *p;) {
		gsize i = 0;
		for (; names[i]; i++)
			if (g_str_has_prefix(p, names[i]))
				break;
		if (names[i]) {
			g_string_append(out, values[i]);
			p += strlen(names[i]);
		} else {
			g_string_append_c(out, *p++);
		}
	}
	return g_string_free(out, FALSE);
}

char **run_mode_overrides(const run_mode *m, const scenario *scn, GError **error)
{
	GPtrArray *out = g_ptr_array_new();
	GPtrArray *wls = scn_groups_of_kind(scn, "workload");
	bool ok = true;
	for (guint i = 0; ok && i < wls->len; i++) {
		const scn_group *g = g_ptr_array_index(wls, i);
		const workload_ops *ops = scn_values_model(g->values, "type");
		if (!takes_failover(ops))
			continue;
		const char *second =
			scn_values_has(g->values, "failover_to") ? scn_values_string(g->values, "failover_to") : "";
		if (!second[0] || !strchr(second, '.')) {
			/* An absent key has no line: name the group by its type key then. */
			char *where = scn_values_where(g->values, second[0] ? "failover_to" : "type");
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
				    "%s: mode %s needs failover_to, the client's second radio as HOST.IFACE, got \"%s\"",
				    where, m->name, second);
			g_free(where);
			ok = false;
			break;
		}
		char *client, *primary, *server, *server_if, *sec_host, *secondary;
		split_endpoint(scn_values_string(g->values, "from"), &client, &primary);
		split_endpoint(scn_values_string(g->values, "to"), &server, &server_if);
		split_endpoint(second, &sec_host, &secondary);
		const char *const names[] = { "{w}", "{client}", "{server}", "{primary}", "{secondary}", NULL };
		const char *const values[] = { g->id, client, server, primary, secondary, NULL };
		for (const char *const *t = m->sets; *t; t++) {
			char *s = expand(*t, names, values);
			bool dup = false;
			for (guint k = 0; k < out->len && !dup; k++)
				dup = !strcmp(g_ptr_array_index(out, k), s);
			if (dup)
				g_free(s);
			else
				g_ptr_array_add(out, s);
		}
		g_free(client);
		g_free(primary);
		g_free(server);
		g_free(server_if);
		g_free(sec_host);
		g_free(secondary);
	}
	if (ok && out->len == 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s: mode %s applies to application workloads (siri, interactive, streaming, web); the "
			    "scenario has none",
			    scn->path, m->name);
		ok = false;
	}
	g_ptr_array_unref(wls);
	if (!ok) {
		g_ptr_array_set_free_func(out, g_free);
		g_ptr_array_free(out, TRUE);
		return NULL;
	}
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

char **run_mode_join_sets(const char *const *base, const char *const *more)
{
	GPtrArray *out = g_ptr_array_new();
	for (const char *const *p = base; p && *p; p++)
		g_ptr_array_add(out, g_strdup(*p));
	for (const char *const *p = more; p && *p; p++)
		g_ptr_array_add(out, g_strdup(*p));
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}
