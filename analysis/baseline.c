/* baseline.c — regression-benchmark baselines: build, save and load (json-glib), compare, print. */
#include "baseline.h"

#include "error.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

an_bench *an_bench_new(const char *suite)
{
	an_bench *b = g_new0(an_bench, 1);
	b->suite = g_strdup(suite);
	b->mptcpsim_version = g_strdup(MPTCPSIM_VERSION);
	b->scenarios = g_ptr_array_new();
	return b;
}

static void scenario_free(an_bench_scenario *s)
{
	g_free(s->name);
	g_free(s->file);
	g_array_unref(s->seeds);
	g_ptr_array_unref(s->metrics);
	g_array_unref(s->stats);
	g_free(s);
}

void an_bench_free(an_bench *b)
{
	if (!b)
		return;
	for (guint i = 0; i < b->scenarios->len; i++)
		scenario_free(g_ptr_array_index(b->scenarios, i));
	g_ptr_array_unref(b->scenarios);
	g_free(b->suite);
	g_free(b->mptcpsim_version);
	g_free(b);
}

static an_bench_scenario *scenario_new(an_bench *b, const char *name, const char *file)
{
	an_bench_scenario *s = g_new0(an_bench_scenario, 1);
	s->name = g_strdup(name);
	s->file = g_strdup(file);
	s->seeds = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	s->metrics = g_ptr_array_new_with_free_func(g_free);
	s->stats = g_array_new(FALSE, TRUE, sizeof(an_stats));
	g_ptr_array_add(b->scenarios, s);
	return s;
}

an_bench_scenario *an_bench_add(an_bench *b, const char *name, const char *file, const GArray *seeds,
				GPtrArray *const *names, GArray *const *values)
{
	an_bench_scenario *s = scenario_new(b, name, file);
	g_array_append_vals(s->seeds, seeds->data, seeds->len);
	GHashTable *index = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *samples = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
	for (guint r = 0; r < seeds->len; r++)
		for (guint m = 0; m < names[r]->len; m++) {
			const char *name_m = g_ptr_array_index(names[r], m);
			gpointer at = NULL;
			if (!g_hash_table_lookup_extended(index, name_m, NULL, &at)) {
				g_ptr_array_add(s->metrics, g_strdup(name_m));
				at = GUINT_TO_POINTER(s->metrics->len - 1);
				g_hash_table_insert(index, g_ptr_array_index(s->metrics, s->metrics->len - 1), at);
				g_ptr_array_add(samples, g_array_new(FALSE, FALSE, sizeof(double)));
			}
			g_array_append_val(g_ptr_array_index(samples, GPOINTER_TO_UINT(at)),
					   g_array_index(values[r], double, m));
		}
	g_array_set_size(s->stats, s->metrics->len);
	for (guint m = 0; m < s->metrics->len; m++) {
		GArray *x = g_ptr_array_index(samples, m);
		an_stats_compute((const double *)(void *)x->data, x->len, AN_CONFIDENCE, &g_array_index(s->stats, an_stats, m));
	}
	g_ptr_array_unref(samples);
	g_hash_table_unref(index);
	return s;
}

const an_bench_scenario *an_bench_find(const an_bench *b, const char *name)
{
	for (guint i = 0; i < b->scenarios->len; i++)
		if (!strcmp(((an_bench_scenario *)g_ptr_array_index(b->scenarios, i))->name, name))
			return g_ptr_array_index(b->scenarios, i);
	return NULL;
}

/* ---- writing ---- */

static void member_number(JsonBuilder *jb, const char *name, double v)
{
	json_builder_set_member_name(jb, name);
	if (isfinite(v))
		json_builder_add_double_value(jb, v);
	else
		json_builder_add_null_value(jb);
}

bool an_bench_save(const an_bench *b, const char *path, GError **error)
{
	JsonBuilder *jb = json_builder_new();
	json_builder_begin_object(jb);
	json_builder_set_member_name(jb, "schema");
	json_builder_add_string_value(jb, AN_BENCH_SCHEMA_NAME);
	json_builder_set_member_name(jb, "schema_version");
	json_builder_add_int_value(jb, AN_BENCH_SCHEMA_VERSION);
	json_builder_set_member_name(jb, "mptcpsim_version");
	json_builder_add_string_value(jb, MPTCPSIM_VERSION);
	json_builder_set_member_name(jb, "suite");
	json_builder_add_string_value(jb, b->suite);
	json_builder_set_member_name(jb, "confidence_percent");
	json_builder_add_int_value(jb, (gint64)(AN_CONFIDENCE * 100.0 + 0.5));
	json_builder_set_member_name(jb, "scenarios");
	json_builder_begin_array(jb);
	for (guint i = 0; i < b->scenarios->len; i++) {
		const an_bench_scenario *s = g_ptr_array_index(b->scenarios, i);
		json_builder_begin_object(jb);
		json_builder_set_member_name(jb, "name");
		json_builder_add_string_value(jb, s->name);
		json_builder_set_member_name(jb, "file");
		json_builder_add_string_value(jb, s->file);
		json_builder_set_member_name(jb, "seeds");
		json_builder_begin_array(jb);
		for (guint k = 0; k < s->seeds->len; k++)
			json_builder_add_int_value(jb, (gint64)g_array_index(s->seeds, uint64_t, k));
		json_builder_end_array(jb);
		json_builder_set_member_name(jb, "speed");
		json_builder_begin_object(jb);
		member_number(jb, "wall_seconds", s->wall_seconds);
		json_builder_set_member_name(jb, "events");
		json_builder_add_int_value(jb, (gint64)s->events);
		json_builder_set_member_name(jb, "packets");
		json_builder_add_int_value(jb, (gint64)s->packets);
		member_number(jb, "events_per_second", s->wall_seconds > 0 ? (double)s->events / s->wall_seconds : NAN);
		member_number(jb, "packets_per_second", s->wall_seconds > 0 ? (double)s->packets / s->wall_seconds : NAN);
		json_builder_end_object(jb);
		json_builder_set_member_name(jb, "metrics");
		json_builder_begin_object(jb);
		for (guint m = 0; m < s->metrics->len; m++) {
			const an_stats *st = &g_array_index(s->stats, an_stats, m);
			json_builder_set_member_name(jb, g_ptr_array_index(s->metrics, m));
			json_builder_begin_object(jb);
			json_builder_set_member_name(jb, "n");
			json_builder_add_int_value(jb, (gint64)st->n);
			member_number(jb, "mean", st->mean);
			member_number(jb, "sd", st->sd);
			member_number(jb, "ci95_low", st->mean - st->ci_half);
			member_number(jb, "ci95_high", st->mean + st->ci_half);
			member_number(jb, "min", st->min);
			member_number(jb, "max", st->max);
			json_builder_end_object(jb);
		}
		json_builder_end_object(jb);
		json_builder_end_object(jb);
	}
	json_builder_end_array(jb);
	json_builder_end_object(jb);
	JsonNode *root = json_builder_get_root(jb);
	JsonGenerator *gen = json_generator_new();
	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 2);
	GError *e = NULL;
	bool ok = json_generator_to_file(gen, path, &e);
	if (!ok) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot write %s: %s", path, e->message);
		g_error_free(e);
	}
	g_object_unref(gen);
	json_node_unref(root);
	g_object_unref(jb);
	return ok;
}

/* ---- reading ---- */

typedef struct reader {
	const char *path;
	GError **error;
	bool failed;
} reader;

static bool bad(reader *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static bool bad(reader *r, const char *fmt, ...)
{
	if (r->failed)
		return false;
	va_list ap;
	va_start(ap, fmt);
	char *m = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(r->error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: %s", r->path, m);
	g_free(m);
	r->failed = true;
	return false;
}

static JsonNode *get(reader *r, JsonObject *o, const char *where, const char *name, const char *want)
{
	JsonNode *n = o ? json_object_get_member(o, name) : NULL;
	if (!n)
		bad(r, "%s: expected member \"%s\" (%s), found none", where, name, want);
	return n;
}

static const char *get_string(reader *r, JsonObject *o, const char *where, const char *name)
{
	JsonNode *n = get(r, o, where, name, "a string");
	if (n && (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)) {
		bad(r, "%s: expected \"%s\" to be a string", where, name);
		return NULL;
	}
	return n ? json_node_get_string(n) : NULL;
}

static bool is_number(JsonNode *n)
{
	return JSON_NODE_HOLDS_VALUE(n) &&
	       (json_node_get_value_type(n) == G_TYPE_INT64 || json_node_get_value_type(n) == G_TYPE_DOUBLE);
}

/* A number, or NAN for null when `nullable`. */
static double get_number(reader *r, JsonObject *o, const char *where, const char *name, bool nullable)
{
	JsonNode *n = get(r, o, where, name, "a number");
	if (!n)
		return NAN;
	if (nullable && JSON_NODE_HOLDS_NULL(n))
		return NAN;
	if (!is_number(n)) {
		bad(r, "%s: expected \"%s\" to be a number%s", where, name, nullable ? " or null" : "");
		return NAN;
	}
	return json_node_get_value_type(n) == G_TYPE_INT64 ? (double)json_node_get_int(n) : json_node_get_double(n);
}

static JsonObject *get_object(reader *r, JsonObject *o, const char *where, const char *name)
{
	JsonNode *n = get(r, o, where, name, "an object");
	if (n && !JSON_NODE_HOLDS_OBJECT(n)) {
		bad(r, "%s: expected \"%s\" to be an object", where, name);
		return NULL;
	}
	return n ? json_node_get_object(n) : NULL;
}

static JsonArray *get_array(reader *r, JsonObject *o, const char *where, const char *name)
{
	JsonNode *n = get(r, o, where, name, "an array");
	if (n && !JSON_NODE_HOLDS_ARRAY(n)) {
		bad(r, "%s: expected \"%s\" to be an array", where, name);
		return NULL;
	}
	return n ? json_node_get_array(n) : NULL;
}

static void read_metric(reader *r, an_bench_scenario *s, JsonObject *m, const char *where)
{
	an_stats st = { 0 };
	double n = get_number(r, m, where, "n", false);
	if (!r->failed && (n < 1 || n != floor(n))) {
		bad(r, "%s: expected \"n\" to be a count of runs from 1, got %g", where, n);
		return;
	}
	st.n = (size_t)n;
	st.mean = get_number(r, m, where, "mean", false);
	st.sd = get_number(r, m, where, "sd", true);
	st.min = get_number(r, m, where, "min", false);
	st.max = get_number(r, m, where, "max", false);
	if (r->failed)
		return;
	if (st.n >= 2 && !isfinite(st.sd)) {
		bad(r, "%s: expected \"sd\" to be a number for %zu runs, got null", where, st.n);
		return;
	}
	st.ci_half = st.n >= 2 ? an_t_quantile(AN_CONFIDENCE, (double)(st.n - 1)) * st.sd / sqrt((double)st.n) : NAN;
	g_array_append_val(s->stats, st);
}

static void read_scenario(reader *r, an_bench *b, JsonNode *node, guint index)
{
	char *where = g_strdup_printf("scenarios[%u]", index);
	JsonObject *o = JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
	if (!o) {
		bad(r, "%s: expected an object", where);
		g_free(where);
		return;
	}
	const char *name = get_string(r, o, where, "name");
	const char *file = get_string(r, o, where, "file");
	JsonArray *seeds = get_array(r, o, where, "seeds");
	JsonObject *speed = get_object(r, o, where, "speed");
	JsonObject *metrics = get_object(r, o, where, "metrics");
	if (r->failed) {
		g_free(where);
		return;
	}
	an_bench_scenario *s = scenario_new(b, name, file);
	for (guint i = 0; i < json_array_get_length(seeds); i++) {
		JsonNode *n = json_array_get_element(seeds, i);
		if (!is_number(n) || json_node_get_value_type(n) != G_TYPE_INT64 || json_node_get_int(n) < 0) {
			bad(r, "%s: expected \"seeds\" to hold integers from 0", where);
			break;
		}
		uint64_t seed = (uint64_t)json_node_get_int(n);
		g_array_append_val(s->seeds, seed);
	}
	char *speed_where = g_strdup_printf("%s.speed", where);
	s->wall_seconds = get_number(r, speed, speed_where, "wall_seconds", true);
	double events = get_number(r, speed, speed_where, "events", false);
	double packets = get_number(r, speed, speed_where, "packets", false);
	s->events = isfinite(events) && events > 0 ? (uint64_t)events : 0;
	s->packets = isfinite(packets) && packets > 0 ? (uint64_t)packets : 0;
	g_free(speed_where);
	GList *names = json_object_get_members(metrics);
	for (GList *l = names; l && !r->failed; l = l->next) {
		JsonNode *mn = json_object_get_member(metrics, l->data);
		char *mwhere = g_strdup_printf("%s (%s) metric %s", where, name, (const char *)l->data);
		if (!JSON_NODE_HOLDS_OBJECT(mn))
			bad(r, "%s: expected an object of statistics", mwhere);
		else
			read_metric(r, s, json_node_get_object(mn), mwhere);
		if (!r->failed)
			g_ptr_array_add(s->metrics, g_strdup(l->data));
		g_free(mwhere);
	}
	g_list_free(names);
	g_free(where);
}

an_bench *an_bench_load(const char *path, GError **error)
{
	char *text = NULL;
	gsize len = 0;
	GError *e = NULL;
	if (!g_file_get_contents(path, &text, &len, &e)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot read baseline %s: %s", path, e->message);
		g_error_free(e);
		return NULL;
	}
	reader r = { .path = path, .error = error };
	JsonParser *p = json_parser_new();
	an_bench *b = NULL;
	if (!json_parser_load_from_data(p, text, (gssize)len, &e)) {
		bad(&r, "expected a baseline (JSON of schema \"%s\"), got: %s", AN_BENCH_SCHEMA_NAME, e->message);
		g_error_free(e);
	} else if (!json_parser_get_root(p) || !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p))) {
		bad(&r, "expected a baseline (a JSON object of schema \"%s\"), got %s", AN_BENCH_SCHEMA_NAME,
		    json_parser_get_root(p) ? "another JSON value" : "an empty file");
	} else {
		JsonObject *o = json_node_get_object(json_parser_get_root(p));
		JsonNode *schema = json_object_get_member(o, "schema");
		JsonNode *version = json_object_get_member(o, "schema_version");
		if (!schema || !JSON_NODE_HOLDS_VALUE(schema) || json_node_get_value_type(schema) != G_TYPE_STRING) {
			bad(&r, "expected a baseline of schema \"%s\" (written by mptcpsim bench regress --save-baseline), "
				"got JSON without a \"schema\" name",
			    AN_BENCH_SCHEMA_NAME);
		} else if (strcmp(json_node_get_string(schema), AN_BENCH_SCHEMA_NAME) != 0) {
			bad(&r, "expected schema \"%s\", got \"%s\"", AN_BENCH_SCHEMA_NAME, json_node_get_string(schema));
		} else if (!version || !is_number(version) || json_node_get_value_type(version) != G_TYPE_INT64 ||
			   json_node_get_int(version) != AN_BENCH_SCHEMA_VERSION) {
			JsonNode *writer = json_object_get_member(o, "mptcpsim_version");
			const char *by = writer && JSON_NODE_HOLDS_VALUE(writer) &&
						 json_node_get_value_type(writer) == G_TYPE_STRING
					 ? json_node_get_string(writer)
					 : NULL;
			char *found = !version || !is_number(version) ? g_strdup("no version number")
				      : json_node_get_value_type(version) == G_TYPE_INT64
					      ? g_strdup_printf("version %" G_GINT64_FORMAT, json_node_get_int(version))
					      : g_strdup_printf("version %g", json_node_get_double(version));
			bad(&r,
			    "expected schema_version %d of \"%s\" (what mptcpsim %s reads), got %s, written by mptcpsim %s; "
			    "save a new baseline with --save-baseline",
			    AN_BENCH_SCHEMA_VERSION, AN_BENCH_SCHEMA_NAME, MPTCPSIM_VERSION, found, by ? by : "(unknown)");
			g_free(found);
		} else {
			const char *suite = get_string(&r, o, "baseline", "suite");
			const char *by = get_string(&r, o, "baseline", "mptcpsim_version");
			JsonArray *scenarios = get_array(&r, o, "baseline", "scenarios");
			if (!r.failed) {
				b = an_bench_new(suite);
				g_free(b->mptcpsim_version);
				b->mptcpsim_version = g_strdup(by);
				for (guint i = 0; i < json_array_get_length(scenarios) && !r.failed; i++)
					read_scenario(&r, b, json_array_get_element(scenarios, i), i);
			}
		}
	}
	g_object_unref(p);
	g_free(text);
	if (r.failed) {
		an_bench_free(b);
		return NULL;
	}
	return b;
}
