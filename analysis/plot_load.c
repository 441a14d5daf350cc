/* plot_load.c — read a results folder into what the plots need.
 *
 * summary.json gives the schema (checked), the scenario's name, seed and duration, and the
 * workloads in order with their types; each workload's tables are found by the names RESULTS.md
 * gives them (TYPE_NAME.csv, TYPE_NAME_tcp.csv, TYPE_NAME_tcp_events.csv); events.csv, the
 * scenario's mobility events, is read by plot_events.c. From the TCP tables come the sending ends of
 * each connection (which are plotted), their roles, the bytes they had acknowledged over time
 * (for throughput bins) and their retransmissions as offsets on the snd_una axis; MPTCP subflow
 * tables are read by plot_subflows_load.c. Every series gets a palette index here, once, so a
 * connection (or subflow) has one colour in every plot. */
#include "plot_impl.h"

#include "error.h"
#include "results.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* Per-request tables, the column that holds each request's latency (negative: not completed) and the
 * one that says when the wait began (the latency's start). */
static const struct {
	const char *type;
	const char *column;
	const char *what;
	const char *time_column;
} latency_tables[] = {
	{ "echo", "rtt_ns", "round-trip time", "send_time_ns" },
	{ "reqresp", "latency_ns", "response time", "send_time_ns" },
	{ "cbr", "delay_ns", "one-way delay", "send_time_ns" },
	{ "siri", "response_time_ns", "answer after speech", "speech_end_ns" },
	{ "interactive", "latency_ns", "message latency", "sent_ns" },
	{ "web", "load_time_ns", "page load time", "start_ns" },
};

/* A workload type this list does not know is still plotted when its table has one of these. */
static const char *const latency_columns[] = { "latency_ns", "rtt_ns", "delay_ns" };

static void series_free(gpointer p)
{
	an_plot_series *s = p;
	g_free(s->label);
	g_array_free(s->time_ns, TRUE);
	g_array_free(s->acked, TRUE);
	g_array_free(s->una, TRUE);
	g_array_free(s->retx_time_ns, TRUE);
	g_array_free(s->retx_offset, TRUE);
	g_free(s);
}

static void tcp_free(gpointer p)
{
	an_plot_tcp *t = p;
	g_free(t->workload);
	g_free(t->type);
	g_free(t->description);
	g_free(t->samples_file);
	g_free(t->events_file);
	g_ptr_array_free(t->series, TRUE);
	g_free(t);
}

static void latency_free(gpointer p)
{
	an_plot_latency *l = p;
	g_free(l->workload);
	g_free(l->type);
	g_free(l->file);
	g_free(l);
}

void an_plot_data_free(an_plot_data *d)
{
	if (!d)
		return;
	g_ptr_array_free(d->tcp, TRUE);
	g_ptr_array_free(d->latency, TRUE);
	g_ptr_array_free(d->mptcp, TRUE);
	g_ptr_array_free(d->events, TRUE);
	g_ptr_array_free(d->spans, TRUE);
	g_free(d->dir);
	g_free(d->scenario);
	g_free(d);
}

static bool file_exists(const an_plot_data *d, const char *file)
{
	char *p = g_build_filename(d->dir, file, NULL);
	bool ok = g_file_test(p, G_FILE_TEST_IS_REGULAR);
	g_free(p);
	return ok;
}

static an_plot_csv *open_table(const an_plot_data *d, const char *file, GError **error)
{
	char *p = g_build_filename(d->dir, file, NULL);
	an_plot_csv *c = an_plot_csv_open(p, error);
	g_free(p);
	return c;
}

/* ---- per-request tables ---- */

static bool load_latency(an_plot_data *d, const char *name, const char *type, GError **error)
{
	char *file = g_strdup_printf("%s_%s.csv", type, name);
	if (!file_exists(d, file)) {
		g_free(file);
		return true;
	}
	an_plot_csv *c = open_table(d, file, error);
	if (!c) {
		g_free(file);
		return false;
	}
	const char *column = NULL, *what = NULL, *time_column = "send_time_ns";
	for (size_t i = 0; i < G_N_ELEMENTS(latency_tables) && !column; i++)
		if (!strcmp(type, latency_tables[i].type)) {
			column = latency_tables[i].column;
			what = latency_tables[i].what;
			time_column = latency_tables[i].time_column;
		}
	for (size_t i = 0; i < G_N_ELEMENTS(latency_columns) && !column; i++)
		if (an_plot_csv_column(c, latency_columns[i]) >= 0) {
			column = latency_columns[i];
			what = "latency";
		}
	int col = column ? an_plot_csv_column(c, column) : -1;
	if (col < 0) {
		/* a table of another kind (no per-request latency): nothing to plot */
		an_plot_csv_free(c);
		g_free(file);
		return true;
	}
	an_plot_latency *l = g_new0(an_plot_latency, 1);
	l->workload = g_strdup(name);
	l->type = g_strdup(type);
	l->file = file;
	l->column = column;
	l->what = what;
	l->time_column = an_plot_csv_column(c, time_column) >= 0 ? time_column : NULL;
	l->min_ns = INT64_MAX;
	l->max_ns = 0;
	char **f;
	bool ok = true;
	while (ok && an_plot_csv_next(c, &f, error)) {
		int64_t v;
		if (!an_plot_csv_int(f[col], &v)) {
			ok = an_plot_csv_bad_number(c, column, f[col], error);
			break;
		}
		l->n_total++;
		if (v >= 0) {
			l->n_done++;
			l->min_ns = MIN(l->min_ns, v);
			l->max_ns = MAX(l->max_ns, v);
		}
	}
	ok = ok && !(error && *error);
	an_plot_csv_free(c);
	if (!ok || l->n_done == 0) {
		latency_free(l);
		return ok;
	}
	g_ptr_array_add(d->latency, l);
	return true;
}

/* ---- TCP time series and events ---- */

static gint cmp_series(gconstpointer a, gconstpointer b)
{
	const an_plot_series *x = *(an_plot_series *const *)a, *y = *(an_plot_series *const *)b;
	if (x->conn != y->conn)
		return x->conn < y->conn ? -1 : 1;
	return x->subflow < y->subflow ? -1 : x->subflow > y->subflow;
}

static an_plot_series *find_series(GPtrArray *all, int64_t conn, int64_t subflow, bool any_subflow)
{
	for (guint i = 0; i < all->len; i++) {
		an_plot_series *s = g_ptr_array_index(all, i);
		if (s->conn == conn && (any_subflow || s->subflow == subflow))
			return s;
	}
	return NULL;
}

static bool load_samples(an_plot_data *d, an_plot_tcp *t, GPtrArray *all, GError **error)
{
	an_plot_csv *c = open_table(d, t->samples_file, error);
	if (!c)
		return false;
	static const char *const names[] = { "time_ns", "conn", "state", "cwnd_bytes", "srtt_ns", "snd_una", "bytes_acked" };
	enum { TIME, CONN, STATE, CWND, SRTT, UNA, ACKED, N };
	int col[N];
	bool ok = an_plot_csv_need_columns(c, names, col, N, error);
	int sub_col = an_plot_csv_column(c, "subflow");
	t->has_subflow = sub_col >= 0;
	char **f;
	an_plot_series *last = NULL;
	while (ok && an_plot_csv_next(c, &f, error)) {
		int64_t v[N] = { 0 }, subflow = -1;
		const int numeric[] = { TIME, CONN, UNA, ACKED };
		for (size_t i = 0; i < G_N_ELEMENTS(numeric) && ok; i++)
			if (!an_plot_csv_int(f[col[numeric[i]]], &v[numeric[i]]))
				ok = an_plot_csv_bad_number(c, names[numeric[i]], f[col[numeric[i]]], error);
		if (ok && sub_col >= 0 && !an_plot_csv_int(f[sub_col], &subflow))
			ok = an_plot_csv_bad_number(c, "subflow", f[sub_col], error);
		if (!ok)
			break;
		an_plot_series *s = last && last->conn == v[CONN] && last->subflow == subflow
					    ? last
					    : find_series(all, v[CONN], subflow, false);
		if (!s) {
			s = g_new0(an_plot_series, 1);
			s->conn = v[CONN];
			s->subflow = subflow;
			/* RFC 9293: the end that sends the SYN starts in SYN-SENT; the other has seen it */
			s->client = !strcmp(f[col[STATE]], "SYN-SENT");
			s->time_ns = g_array_new(FALSE, FALSE, sizeof(int64_t));
			s->acked = g_array_new(FALSE, FALSE, sizeof(int64_t));
			s->una = g_array_new(FALSE, FALSE, sizeof(int64_t));
			s->retx_time_ns = g_array_new(FALSE, FALSE, sizeof(int64_t));
			s->retx_offset = g_array_new(FALSE, FALSE, sizeof(int64_t));
			g_ptr_array_add(all, s);
		}
		last = s;
		g_array_append_val(s->time_ns, v[TIME]);
		g_array_append_val(s->acked, v[ACKED]);
		g_array_append_val(s->una, v[UNA]);
		s->bytes_acked = MAX(s->bytes_acked, v[ACKED]);
	}
	ok = ok && !(error && *error);
	an_plot_csv_free(c);
	return ok;
}

/* snd_una of `s` at the last sample at or before `t` (0 before the first). */
static int64_t una_at(const an_plot_series *s, int64_t t)
{
	guint lo = 0, hi = s->time_ns->len;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (g_array_index(s->time_ns, int64_t, mid) <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? g_array_index(s->una, int64_t, lo - 1) : 0;
}

struct retx {
	int64_t time, conn, subflow, value;
};

/* The 32-bit offset of `seq` from the ISN, unwrapped to the 2^32 window nearest snd_una then. */
static int64_t seq_offset(const an_plot_series *s, int64_t time, int64_t seq)
{
	int64_t o32 = (int64_t)(uint32_t)((uint32_t)seq - s->iss);
	int64_t una = una_at(s, time);
	int64_t wraps = (una - o32 + (INT64_C(1) << 31)) >> 32;
	return o32 + wraps * (INT64_C(1) << 32);
}

static bool load_events(an_plot_data *d, an_plot_tcp *t, GPtrArray *all, GError **error)
{
	an_plot_csv *c = open_table(d, t->events_file, error);
	if (!c)
		return false;
	static const char *const names[] = { "time_ns", "conn", "event", "value" };
	enum { TIME, CONN, EVENT, VALUE, N };
	int col[N];
	bool ok = an_plot_csv_need_columns(c, names, col, N, error);
	int sub_col = an_plot_csv_column(c, "subflow");
	GArray *retx = g_array_new(FALSE, FALSE, sizeof(struct retx));
	char **f;
	while (ok && an_plot_csv_next(c, &f, error)) {
		bool iss = !strcmp(f[col[EVENT]], "iss");
		if (!iss && strcmp(f[col[EVENT]], "retransmit") != 0)
			continue;
		struct retx r = { .subflow = -1 };
		if (!an_plot_csv_int(f[col[TIME]], &r.time))
			ok = an_plot_csv_bad_number(c, "time_ns", f[col[TIME]], error);
		else if (!an_plot_csv_int(f[col[CONN]], &r.conn))
			ok = an_plot_csv_bad_number(c, "conn", f[col[CONN]], error);
		else if (!an_plot_csv_int(f[col[VALUE]], &r.value))
			ok = an_plot_csv_bad_number(c, "value", f[col[VALUE]], error);
		else if (sub_col >= 0 && !an_plot_csv_int(f[sub_col], &r.subflow))
			ok = an_plot_csv_bad_number(c, "subflow", f[sub_col], error);
		if (!ok)
			break;
		an_plot_series *s = find_series(all, r.conn, r.subflow, sub_col < 0);
		if (s && iss) {
			s->has_iss = true;
			s->iss = (uint32_t)r.value;
		} else if (s) {
			g_array_append_val(retx, r);
		}
	}
	ok = ok && !(error && *error);
	an_plot_csv_free(c);
	/* Retransmissions of a connection whose ISS the table lacks (an older folder) are left out. */
	for (guint i = 0; ok && i < retx->len; i++) {
		const struct retx *r = &g_array_index(retx, struct retx, i);
		an_plot_series *s = find_series(all, r->conn, r->subflow, sub_col < 0);
		if (!s->has_iss)
			continue;
		int64_t offset = seq_offset(s, r->time, r->value);
		g_array_append_val(s->retx_time_ns, r->time);
		g_array_append_val(s->retx_offset, offset);
	}
	g_array_free(retx, TRUE);
	return ok;
}

static char *scenario_value(JsonObject *scn, const char *group, const char *key)
{
	if (!scn || !json_object_has_member(scn, group))
		return NULL;
	JsonNode *gn = json_object_get_member(scn, group);
	if (!JSON_NODE_HOLDS_OBJECT(gn))
		return NULL;
	JsonObject *g = json_node_get_object(gn);
	if (!json_object_has_member(g, key) || !JSON_NODE_HOLDS_VALUE(json_object_get_member(g, key)))
		return NULL;
	return g_strdup(json_object_get_string_member(g, key));
}

static char *describe(JsonObject *scn, const char *name, const char *type)
{
	char *group = g_strdup_printf("workload.%s", name);
	char *cc = scenario_value(scn, group, "cc");
	char *dir = scenario_value(scn, group, "direction");
	GString *s = g_string_new(NULL);
	if (!strcmp(type, "bulk"))
		g_string_append_printf(s, "bulk %s", dir ? dir : "transfer");
	else if (!strcmp(type, "reqresp"))
		g_string_append(s, "request/response");
	else
		g_string_append(s, type);
	if (cc)
		g_string_append_printf(s, ", %s", cc);
	g_free(cc);
	g_free(dir);
	g_free(group);
	return g_string_free(s, FALSE);
}

static bool load_tcp(an_plot_data *d, JsonObject *scn, const char *name, const char *type, GError **error)
{
	char *samples = g_strdup_printf("%s_%s_tcp.csv", type, name);
	if (!file_exists(d, samples)) {
		g_free(samples);
		return true;
	}
	an_plot_tcp *t = g_new0(an_plot_tcp, 1);
	t->workload = g_strdup(name);
	t->type = g_strdup(type);
	t->description = describe(scn, name, type);
	t->samples_file = samples;
	char *events = g_strdup_printf("%s_%s_tcp_events.csv", type, name);
	if (file_exists(d, events))
		t->events_file = events;
	else
		g_free(events);
	t->series = g_ptr_array_new_with_free_func(series_free);
	GPtrArray *all = g_ptr_array_new_with_free_func(series_free);
	bool ok = load_samples(d, t, all, error) && (!t->events_file || load_events(d, t, all, error));
	if (ok) {
		g_ptr_array_sort(all, cmp_series);
		for (guint i = 0; i < all->len; i++) {
			an_plot_series *s = g_ptr_array_index(all, i);
			if (s->bytes_acked <= 0)
				continue; /* an end that only received: nothing of its own to plot */
			GString *label = g_string_new(name);
			if (s->subflow >= 0)
				g_string_append_printf(label, " subflow %" G_GINT64_FORMAT, s->subflow);
			g_string_append(label, s->client ? " client→server" : " server→client");
			s->label = g_string_free(label, FALSE);
			g_ptr_array_add(t->series, g_ptr_array_steal_index(all, i));
			i--;
		}
	}
	g_ptr_array_free(all, TRUE);
	if (!ok || !t->series->len) {
		tcp_free(t);
		return ok;
	}
	g_ptr_array_add(d->tcp, t);
	return true;
}

/* ---- summary.json ---- */

JsonObject *an_plot_json_object(JsonObject *o, const char *name)
{
	if (!o || !json_object_has_member(o, name))
		return NULL;
	JsonNode *n = json_object_get_member(o, name);
	return JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static bool member_int(JsonObject *o, const char *name, int64_t *out)
{
	if (!o || !json_object_has_member(o, name))
		return false;
	JsonNode *n = json_object_get_member(o, name);
	if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
		return false;
	*out = json_node_get_int(n);
	return true;
}

const char *an_plot_json_string(JsonObject *o, const char *name)
{
	if (!o || !json_object_has_member(o, name))
		return NULL;
	JsonNode *n = json_object_get_member(o, name);
	if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
		return NULL;
	return json_node_get_string(n);
}

static bool check_summary(an_plot_data *d, JsonParser *p, const char *path, GError **error)
{
	GError *e = NULL;
	if (!json_parser_load_from_file(p, path, &e)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: not a readable summary: %s", path, e->message);
		g_error_free(e);
		return false;
	}
	JsonNode *root = json_parser_get_root(p);
	JsonObject *o = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
	const char *schema = an_plot_json_string(o, "schema");
	int64_t version = 0;
	if (!schema || strcmp(schema, RESULTS_SCHEMA_NAME) != 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s: not an mptcpsim results summary: expected \"schema\": \"%s\", found %s%s%s", path,
			    RESULTS_SCHEMA_NAME, schema ? "\"" : "", schema ? schema : "none", schema ? "\"" : "");
		return false;
	}
	if (!member_int(o, "schema_version", &version) || version != RESULTS_SCHEMA_VERSION) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s: schema_version %" G_GINT64_FORMAT " is not one this mptcpsim reads (it reads %d)%s", path,
			    version, RESULTS_SCHEMA_VERSION,
			    version > RESULTS_SCHEMA_VERSION ? "; it was written by a newer mptcpsim" : "");
		return false;
	}
	JsonObject *simulation = an_plot_json_object(an_plot_json_object(o, "metrics"), "simulation");
	if (!member_int(simulation, "duration_ns", &d->duration_ns) || d->duration_ns <= 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: metrics.simulation.duration_ns: expected a positive "
			    "whole number of nanoseconds", path);
		return false;
	}
	member_int(o, "seed", &d->seed);
	JsonObject *scn = an_plot_json_object(o, "scenario");
	char *name = scenario_value(scn, "simulation", "name");
	if (!name || !*name) {
		g_free(name);
		const char *file = an_plot_json_string(o, "scenario_file");
		name = g_path_get_basename(file ? file : d->dir);
		char *dot = strrchr(name, '.');
		if (dot && dot != name)
			*dot = '\0';
	}
	d->scenario = name;
	return true;
}

static bool is_scenario_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!g_ascii_isalnum(*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

static bool load_workloads(an_plot_data *d, JsonObject *root, GError **error)
{
	JsonObject *wls = an_plot_json_object(an_plot_json_object(root, "metrics"), "workloads");
	JsonObject *scn = an_plot_json_object(root, "scenario");
	if (!wls)
		return true;
	GList *names = json_object_get_members(wls); /* in the file's order */
	bool ok = true;
	for (GList *n = names; n && ok; n = n->next) {
		const char *name = n->data;
		const char *type = an_plot_json_string(an_plot_json_object(wls, name), "type");
		if (!type)
			continue;
		/* Both become parts of file names, and of names written into plots/: only what a scenario
		 * allows in a name (scenarios/README.md), so nothing can point outside the folder. */
		if (!is_scenario_name(name) || !is_scenario_name(type)) {
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
				    "%s/summary.json: workload \"%s\" of type \"%s\": expected names of letters, digits, "
				    "'_' and '-'",
				    d->dir, name, type);
			ok = false;
			break;
		}
		ok = load_latency(d, name, type, error) && load_tcp(d, scn, name, type, error) &&
		     an_plot_mptcp_load(d, root, name, type, error);
	}
	g_list_free(names);
	return ok;
}

/* The colour of workload `name`'s main sender (most bytes acknowledged), or of its MPTCP subflow that
 * carried most; false when it has neither. */
static bool main_colour(const an_plot_data *d, const char *name, guint *colour)
{
	const an_plot_series *main = NULL;
	for (guint k = 0; k < d->tcp->len; k++) {
		an_plot_tcp *t = g_ptr_array_index(d->tcp, k);
		if (strcmp(t->workload, name) != 0)
			continue;
		for (guint j = 0; j < t->series->len; j++) {
			const an_plot_series *s = g_ptr_array_index(t->series, j);
			if (!main || s->bytes_acked > main->bytes_acked)
				main = s;
		}
	}
	if (main) {
		*colour = main->colour;
		return true;
	}
	const an_plot_subflow *most = NULL;
	for (guint k = 0; k < d->mptcp->len; k++) {
		const an_plot_mptcp *m = g_ptr_array_index(d->mptcp, k);
		if (strcmp(m->workload, name) != 0)
			continue;
		for (guint j = 0; j < m->subflows->len; j++) {
			const an_plot_subflow *s = g_ptr_array_index(m->subflows, j);
			if (!most || s->carried > most->carried)
				most = s;
		}
	}
	if (most)
		*colour = most->colour;
	return most != NULL;
}

/* One colour per series (TCP sending ends, then MPTCP subflows), in workload order; a latency curve
 * takes the colour of its workload's main sender, so a workload looks the same in every plot. */
static void assign_colours(an_plot_data *d)
{
	for (guint i = 0; i < d->tcp->len; i++) {
		an_plot_tcp *t = g_ptr_array_index(d->tcp, i);
		for (guint k = 0; k < t->series->len; k++)
			((an_plot_series *)g_ptr_array_index(t->series, k))->colour = d->n_colours++;
	}
	for (guint i = 0; i < d->mptcp->len; i++) {
		an_plot_mptcp *m = g_ptr_array_index(d->mptcp, i);
		for (guint k = 0; k < m->subflows->len; k++)
			((an_plot_subflow *)g_ptr_array_index(m->subflows, k))->colour = d->n_colours++;
	}
	for (guint i = 0; i < d->latency->len; i++) {
		an_plot_latency *l = g_ptr_array_index(d->latency, i);
		if (!main_colour(d, l->workload, &l->colour))
			l->colour = d->n_colours++;
	}
}

an_plot_data *an_plot_data_load(const char *dir, GError **error)
{
	if (!g_file_test(dir, G_FILE_TEST_EXISTS)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: no such results folder", dir);
		return NULL;
	}
	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: not a folder (expected a results folder made by "
			    "mptcpsim run)", dir);
		return NULL;
	}
	char *summary = g_build_filename(dir, "summary.json", NULL);
	if (!g_file_test(summary, G_FILE_TEST_IS_REGULAR)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: not a results folder: it has no summary.json "
			    "(mptcpsim run writes one)", dir);
		g_free(summary);
		return NULL;
	}
	an_plot_data *d = g_new0(an_plot_data, 1);
	d->dir = g_strdup(dir);
	d->tcp = g_ptr_array_new_with_free_func(tcp_free);
	d->latency = g_ptr_array_new_with_free_func(latency_free);
	d->mptcp = g_ptr_array_new_with_free_func(an_plot_mptcp_free);
	d->events = g_ptr_array_new_with_free_func(an_plot_link_event_free);
	d->spans = g_ptr_array_new_with_free_func(an_plot_event_span_free);
	JsonParser *p = json_parser_new();
	/* events before the workloads: an address an event added can name a subflow's interface */
	bool ok = check_summary(d, p, summary, error) && an_plot_events_load(d, error) &&
		  load_workloads(d, json_node_get_object(json_parser_get_root(p)), error);
	g_object_unref(p);
	g_free(summary);
	if (!ok) {
		an_plot_data_free(d);
		return NULL;
	}
	assign_colours(d);
	return d;
}
