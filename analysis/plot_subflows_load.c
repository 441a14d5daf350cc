/* plot_subflows_load.c — an MPTCP workload's subflow table, read for the subflows plot.
 *
 * TYPE_NAME_mptcp_subflows.csv has a row per subflow of each connection (both ends) every
 * trace_interval and when a connection closes (RESULTS.md). The plot shows the client's connection:
 * the one that opened, whose first row is in SYN-SENT (RFC 9293), as plot_load.c tells a TCP client
 * from a server. Each of its subflows keeps what the bins need, the bytes it carried (sent plus
 * received, so that an upload and a download both show) at each sample, and whether it has an RTT
 * sample; a subflow with neither is left out. Its label names the client interface whose address is
 * the subflow's local address (summary.json: the workload's client.subflow.ID.local, against the
 * client host's interface.HOST.IFACE addresses and those events.csv added), else the address, and
 * says "(backup)" when it was one. Every value is checked: a malformed table is an error naming
 * its file, line and column, never a wrong picture. */
#include "plot_impl.h"

#include "addr.h"
#include "error.h"

#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <string.h>

/* A subflow of any connection while the table is read, with what checks its next row. */
typedef struct reading {
	an_plot_subflow *s;
	int64_t sent, received;  /* the counters at its last row: they only grow */
} reading;

/* A connection's role, from its first row. */
typedef struct role {
	int64_t conn;
	bool client;
} role;

static void subflow_free(gpointer p)
{
	an_plot_subflow *s = p;
	if (!s)
		return;
	g_free(s->label);
	g_array_free(s->time_ns, TRUE);
	g_array_free(s->bytes, TRUE);
	g_free(s);
}

static void reading_free(gpointer p)
{
	reading *r = p;
	subflow_free(r->s);
	g_free(r);
}

void an_plot_mptcp_free(gpointer p)
{
	an_plot_mptcp *m = p;
	g_free(m->workload);
	g_free(m->type);
	g_free(m->description);
	g_free(m->subflows_file);
	g_ptr_array_free(m->subflows, TRUE);
	g_free(m);
}

static reading *find_reading(GPtrArray *all, int64_t conn, int64_t id)
{
	for (guint i = 0; i < all->len; i++) {
		reading *r = g_ptr_array_index(all, i);
		if (r->s->conn == conn && r->s->id == id)
			return r;
	}
	return NULL;
}

static role *find_role(GArray *roles, int64_t conn)
{
	for (guint i = 0; i < roles->len; i++)
		if (g_array_index(roles, role, i).conn == conn)
			return &g_array_index(roles, role, i);
	return NULL;
}

static bool bad_row(an_plot_csv *c, GError **error, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* "FILE:LINE: " and the rest. */
static bool bad_row(an_plot_csv *c, GError **error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *what = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s:%u: %s", an_plot_csv_path(c), an_plot_csv_line(c), what);
	g_free(what);
	return false;
}

enum { TIME, CONN, SUBFLOW, STATE, BACKUP, CWND, SRTT, SENT, RECEIVED, N_COLUMNS };
static const char *const column_names[N_COLUMNS] = {
	"time_ns", "conn", "subflow", "state", "backup", "cwnd_bytes", "srtt_ns", "bytes_sent", "bytes_received",
};

/* One row into its subflow (made at its first row) and its connection's role. */
static bool take_row(an_plot_csv *c, char **f, const int *col, GPtrArray *all, GArray *roles, GError **error)
{
	int64_t v[N_COLUMNS] = { 0 };
	for (int i = 0; i < N_COLUMNS; i++) {
		if (i == STATE)
			continue;
		if (!an_plot_csv_int(f[col[i]], &v[i]))
			return an_plot_csv_bad_number(c, column_names[i], f[col[i]], error);
		if (v[i] < 0)
			return bad_row(c, error, "%s: expected a whole number ≥ 0, found \"%s\"", column_names[i], f[col[i]]);
	}
	const char *state = f[col[STATE]];
	if (!find_role(roles, v[CONN])) {
		/* RFC 9293: the end that sends the SYN starts in SYN-SENT; the other has seen it */
		role r = { .conn = v[CONN], .client = !strcmp(state, "SYN-SENT") };
		g_array_append_val(roles, r);
	}
	reading *r = find_reading(all, v[CONN], v[SUBFLOW]);
	if (!r) {
		r = g_new0(reading, 1);
		r->s = g_new0(an_plot_subflow, 1);
		r->s->conn = v[CONN];
		r->s->id = v[SUBFLOW];
		r->s->time_ns = g_array_new(FALSE, FALSE, sizeof(int64_t));
		r->s->bytes = g_array_new(FALSE, FALSE, sizeof(int64_t));
		g_ptr_array_add(all, r);
	}
	an_plot_subflow *s = r->s;
	/* the bins read each subflow's samples in order, and its counters as growing */
	if (s->time_ns->len && v[TIME] < g_array_index(s->time_ns, int64_t, s->time_ns->len - 1))
		return bad_row(c, error, "time_ns: %" G_GINT64_FORMAT " is before the previous row of subflow %" G_GINT64_FORMAT
			       " of connection %" G_GINT64_FORMAT, v[TIME], s->id, s->conn);
	if (v[SENT] < r->sent || v[RECEIVED] < r->received) {
		int which = v[SENT] < r->sent ? SENT : RECEIVED;
		return bad_row(c, error, "%s: a cumulative counter, went down from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
			       column_names[which], which == SENT ? r->sent : r->received, v[which]);
	}
	r->sent = v[SENT];
	r->received = v[RECEIVED];
	int64_t carried = v[SENT] + v[RECEIVED];
	g_array_append_val(s->time_ns, v[TIME]);
	g_array_append_val(s->bytes, carried);
	s->carried = carried;
	s->backup = s->backup || v[BACKUP] != 0;
	/* the same rows as the script's RTT filter: a closed subflow keeps its last srtt, not a sample */
	s->has_rtt = s->has_rtt || (v[SRTT] > 0 && strcmp(state, "CLOSED") != 0);
	return true;
}

static bool read_table(const an_plot_data *d, const char *file, GPtrArray *all, GArray *roles, GError **error)
{
	char *path = g_build_filename(d->dir, file, NULL);
	an_plot_csv *c = an_plot_csv_open(path, error);
	g_free(path);
	if (!c)
		return false;
	int col[N_COLUMNS];
	bool ok = an_plot_csv_need_columns(c, column_names, col, N_COLUMNS, error);
	char **f;
	while (ok && an_plot_csv_next(c, &f, error))
		ok = take_row(c, f, col, all, roles, error);
	ok = ok && !(error && *error);
	an_plot_csv_free(c);
	return ok;
}

/* ---- labels ---- */

static bool json_bool(JsonObject *o, const char *name)
{
	if (!o || !json_object_has_member(o, name))
		return false;
	JsonNode *n = json_object_get_member(o, name);
	return JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN && json_node_get_boolean(n);
}

/* Whether `list` ("192.168.1.20, fd00::2") holds `addr`. */
static bool list_has(const char *list, const net_addr *addr)
{
	char **items = g_strsplit_set(list, ", ", -1);
	bool found = false;
	for (char **it = items; *it && !found; it++) {
		net_addr a;
		found = **it && net_addr_parse(*it, &a, NULL) && net_addr_equal(&a, addr);
	}
	g_strfreev(items);
	return found;
}

/* The interface of `host` that has `addr`: in the scenario, or added by an event. NULL when none. */
static const char *iface_of(const an_plot_data *d, JsonObject *scn, const char *host, const net_addr *addr)
{
	char *prefix = g_strdup_printf("interface.%s.", host);
	const char *found = NULL;
	GList *groups = scn ? json_object_get_members(scn) : NULL; /* in the file's order */
	for (GList *g = groups; g && !found; g = g->next) {
		const char *group = g->data;
		const char *list = an_plot_json_string(an_plot_json_object(scn, group), "addresses");
		if (g_str_has_prefix(group, prefix) && list && list_has(list, addr))
			found = group + strlen(prefix);
	}
	g_list_free(groups);
	g_free(prefix);
	prefix = g_strdup_printf("%s.", host);
	for (guint i = 0; i < d->events->len && !found; i++) {
		const an_plot_link_event *e = g_ptr_array_index(d->events, i);
		if (!strcmp(e->what, "added") && g_str_has_prefix(e->target, prefix) && list_has(e->text, addr))
			found = e->target + strlen(prefix);
	}
	g_free(prefix);
	return found;
}

/* "[conn C ]subflow ID[ IFACE or ADDRESS][ (backup)]". `sf`: its entry under summary.json's client,
 * or NULL. */
static char *subflow_label(const an_plot_data *d, JsonObject *scn, const char *host, const an_plot_subflow *s,
			   JsonObject *sf, bool many_conns)
{
	GString *l = g_string_new(NULL);
	if (many_conns)
		g_string_append_printf(l, "conn %" G_GINT64_FORMAT " ", s->conn);
	g_string_append_printf(l, "subflow %" G_GINT64_FORMAT, s->id);
	const char *local = an_plot_json_string(sf, "local");
	const char *colon = local ? strrchr(local, ':') : NULL; /* "ADDRESS:PORT", an IPv6 address unbracketed */
	if (colon) {
		char *address = g_strndup(local, (gsize)(colon - local));
		net_addr a;
		const char *iface = host && net_addr_parse(address, &a, NULL) ? iface_of(d, scn, host, &a) : NULL;
		g_string_append_printf(l, " %s", iface ? iface : address);
		g_free(address);
	}
	if (s->backup || json_bool(sf, "backup"))
		g_string_append(l, " (backup)");
	return g_string_free(l, FALSE);
}

/* "siri, MPTCP apple-handover": what the workload does and its scheduler, which chose the paths. */
static char *describe(JsonObject *root, const char *name, const char *type, const char *host)
{
	JsonObject *scn = an_plot_json_object(root, "scenario");
	char *group = g_strdup_printf("workload.%s", name);
	const char *dir = an_plot_json_string(an_plot_json_object(scn, group), "direction");
	JsonObject *client = an_plot_json_object(
		an_plot_json_object(an_plot_json_object(an_plot_json_object(root, "metrics"), "workloads"), name), "client");
	const char *sched = an_plot_json_string(client, "scheduler");
	char *host_group = g_strdup_printf("host.%s", host ? host : "");
	if (!sched && host)
		sched = an_plot_json_string(an_plot_json_object(scn, host_group), "mptcp_scheduler");
	GString *s = g_string_new(type);
	if (!strcmp(type, "bulk"))
		g_string_append_printf(s, " %s", dir ? dir : "transfer");
	g_string_append(s, ", MPTCP");
	if (sched && *sched)
		g_string_append_printf(s, " %s", sched);
	g_free(host_group);
	g_free(group);
	return g_string_free(s, FALSE);
}

static gint cmp_subflows(gconstpointer a, gconstpointer b)
{
	const an_plot_subflow *x = *(an_plot_subflow *const *)a, *y = *(an_plot_subflow *const *)b;
	if (x->conn != y->conn)
		return x->conn < y->conn ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The client connections' subflows worth drawing, labelled, into m->subflows. summary.json describes
 * the latest client connection (RESULTS.md), so only its subflows get an interface. */
static void pick_client(const an_plot_data *d, JsonObject *root, an_plot_mptcp *m, GPtrArray *all, GArray *roles,
			const char *host)
{
	int64_t latest = -1;
	guint n_clients = 0;
	for (guint i = 0; i < roles->len; i++) {
		const role *r = &g_array_index(roles, role, i);
		if (r->client) {
			n_clients++;
			latest = MAX(latest, r->conn);
		}
	}
	JsonObject *scn = an_plot_json_object(root, "scenario");
	JsonObject *subflows = an_plot_json_object(
		an_plot_json_object(an_plot_json_object(an_plot_json_object(an_plot_json_object(root, "metrics"), "workloads"),
							m->workload),
				    "client"),
		"subflow");
	for (guint i = 0; i < all->len; i++) {
		reading *r = g_ptr_array_index(all, i);
		an_plot_subflow *s = r->s;
		if (!find_role(roles, s->conn)->client || (s->carried == 0 && !s->has_rtt))
			continue;
		char id[24];
		g_snprintf(id, sizeof id, "%" G_GINT64_FORMAT, s->id);
		JsonObject *sf = s->conn == latest ? an_plot_json_object(subflows, id) : NULL;
		s->label = subflow_label(d, scn, host, s, sf, n_clients > 1);
		g_ptr_array_add(m->subflows, s);
		r->s = NULL;
	}
	g_ptr_array_sort(m->subflows, cmp_subflows);
}

bool an_plot_mptcp_load(an_plot_data *d, JsonObject *root, const char *name, const char *type, GError **error)
{
	char *file = g_strdup_printf("%s_%s_mptcp_subflows.csv", type, name);
	char *path = g_build_filename(d->dir, file, NULL);
	bool exists = g_file_test(path, G_FILE_TEST_IS_REGULAR);
	g_free(path);
	if (!exists) {
		g_free(file);
		return true;
	}
	GPtrArray *all = g_ptr_array_new_with_free_func(reading_free);
	GArray *roles = g_array_new(FALSE, FALSE, sizeof(role));
	bool ok = read_table(d, file, all, roles, error);
	an_plot_mptcp *m = NULL;
	if (ok) {
		/* the client host: workload.NAME.from is HOST.IFACE or HOST */
		char *group = g_strdup_printf("workload.%s", name);
		const char *from = an_plot_json_string(an_plot_json_object(an_plot_json_object(root, "scenario"), group), "from");
		char *host = from ? g_strndup(from, strcspn(from, ".")) : NULL;
		m = g_new0(an_plot_mptcp, 1);
		m->workload = g_strdup(name);
		m->type = g_strdup(type);
		m->description = describe(root, name, type, host);
		m->subflows_file = file;
		file = NULL;
		m->subflows = g_ptr_array_new_with_free_func(subflow_free);
		pick_client(d, root, m, all, roles, host);
		g_free(host);
		g_free(group);
	}
	if (m && m->subflows->len)
		g_ptr_array_add(d->mptcp, m);
	else if (m)
		an_plot_mptcp_free(m);
	g_array_free(roles, TRUE);
	g_ptr_array_free(all, TRUE);
	g_free(file);
	return ok;
}
