/* run_summary.c — read a results folder's summary.json (json-glib) into flat settings and metrics. */
#include "run_summary.h"

#include "error.h"
#include "results.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

static void setting_free(gpointer p)
{
	an_setting *s = p;
	g_free(s->name);
	g_free(s->value);
	g_free(s);
}

void an_run_free(an_run *r)
{
	if (!r)
		return;
	g_free(r->dir);
	g_free(r->summary_path);
	g_free(r->scenario_file);
	g_free(r->mptcpsim_version);
	if (r->settings)
		g_ptr_array_unref(r->settings);
	if (r->metric_names)
		g_ptr_array_unref(r->metric_names);
	if (r->metric_values)
		g_array_unref(r->metric_values);
	g_free(r->identity);
	g_free(r);
}

const char *an_run_setting(const an_run *r, const char *name)
{
	for (guint i = 0; i < r->settings->len; i++) {
		const an_setting *s = g_ptr_array_index(r->settings, i);
		if (!strcmp(s->name, name))
			return s->value;
	}
	return NULL;
}

gboolean an_setting_is_identity_free(const char *name)
{
	return !strcmp(name, "simulation.seed") || g_str_has_prefix(name, "sweep.");
}

static const char *node_kind(JsonNode *n)
{
	switch (json_node_get_node_type(n)) {
	case JSON_NODE_OBJECT: return "an object";
	case JSON_NODE_ARRAY: return "an array";
	case JSON_NODE_NULL: return "null";
	case JSON_NODE_VALUE: break;
	}
	GType t = json_node_get_value_type(n);
	if (t == G_TYPE_STRING)
		return "a string";
	if (t == G_TYPE_BOOLEAN)
		return "a boolean";
	return "a number";
}

static gboolean is_number(JsonNode *n)
{
	if (!JSON_NODE_HOLDS_VALUE(n))
		return FALSE;
	GType t = json_node_get_value_type(n);
	return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

/* Member `name` of `o` of the wanted node type, or an error naming what was there. */
static JsonNode *member(JsonObject *o, const char *name, JsonNodeType type, gboolean number, const char *path,
			GError **error)
{
	JsonNode *n = json_object_get_member(o, name);
	const char *want = number ? "a number" : type == JSON_NODE_OBJECT ? "an object" : "a string";
	if (!n) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected member \"%s\" (%s), found none", path, name,
			    want);
		return NULL;
	}
	gboolean ok = number ? is_number(n)
			     : type == JSON_NODE_OBJECT ? JSON_NODE_HOLDS_OBJECT(n)
							: (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING);
	if (!ok) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected \"%s\" to be %s, got %s", path, name, want,
			    node_kind(n));
		return NULL;
	}
	return n;
}

static void flatten(GPtrArray *names, GArray *values, JsonObject *o, const char *prefix)
{
	GList *members = json_object_get_members(o); /* insertion order: the order the run wrote */
	for (GList *m = members; m; m = m->next) {
		const char *key = m->data;
		JsonNode *n = json_object_get_member(o, key);
		char *path = *prefix ? g_strconcat(prefix, ".", key, NULL) : g_strdup(key);
		if (JSON_NODE_HOLDS_OBJECT(n)) {
			flatten(names, values, json_node_get_object(n), path);
		} else if (is_number(n) && strcmp(path, "simulation.seed") != 0) {
			double v = json_node_get_value_type(n) == G_TYPE_INT64 ? (double)json_node_get_int(n)
										: json_node_get_double(n);
			if (isfinite(v)) {
				g_ptr_array_add(names, path);
				g_array_append_val(values, v);
				path = NULL;
			}
		}
		g_free(path);
	}
	g_list_free(members);
}

void an_metrics_flatten(JsonObject *metrics, GPtrArray *names, GArray *values)
{
	flatten(names, values, metrics, "");
}

static gint cmp_settings(gconstpointer a, gconstpointer b)
{
	return strcmp((*(an_setting *const *)a)->name, (*(an_setting *const *)b)->name);
}

static char *identity_of(GPtrArray *settings)
{
	GPtrArray *sorted = g_ptr_array_sized_new(settings->len); /* borrowed pointers: no free function */
	for (guint i = 0; i < settings->len; i++)
		g_ptr_array_add(sorted, g_ptr_array_index(settings, i));
	g_ptr_array_sort(sorted, cmp_settings);
	GString *id = g_string_new(NULL);
	for (guint i = 0; i < sorted->len; i++) {
		const an_setting *s = g_ptr_array_index(sorted, i);
		if (!an_setting_is_identity_free(s->name))
			g_string_append_printf(id, "%s=%s\n", s->name, s->value);
	}
	g_ptr_array_unref(sorted);
	return g_string_free(id, FALSE);
}

static gboolean read_settings(an_run *r, JsonObject *scn, const char *path, GError **error)
{
	GList *groups = json_object_get_members(scn);
	gboolean ok = TRUE;
	for (GList *g = groups; g && ok; g = g->next) {
		JsonNode *gn = member(scn, g->data, JSON_NODE_OBJECT, FALSE, path, error);
		if (!gn) {
			ok = FALSE;
			break;
		}
		JsonObject *go = json_node_get_object(gn);
		GList *keys = json_object_get_members(go);
		for (GList *k = keys; k; k = k->next) {
			JsonNode *v = member(go, k->data, JSON_NODE_VALUE, FALSE, path, error);
			if (!v) {
				ok = FALSE;
				break;
			}
			an_setting *s = g_new0(an_setting, 1);
			s->name = g_strconcat(g->data, ".", k->data, NULL);
			s->value = g_strdup(json_node_get_string(v));
			g_ptr_array_add(r->settings, s);
		}
		g_list_free(keys);
	}
	g_list_free(groups);
	return ok;
}

static gboolean parse_summary(an_run *r, JsonNode *root, const char *path, GError **error)
{
	if (!JSON_NODE_HOLDS_OBJECT(root)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s: expected a summary of schema \"%s\" (an object), got %s", path, RESULTS_SCHEMA_NAME,
			    node_kind(root));
		return FALSE;
	}
	JsonObject *o = json_node_get_object(root);
	JsonNode *schema = json_object_get_member(o, "schema");
	if (!schema || !JSON_NODE_HOLDS_VALUE(schema) || json_node_get_value_type(schema) != G_TYPE_STRING) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s: expected a summary of schema \"%s\" (written by mptcpsim run), got JSON without a "
			    "\"schema\" name",
			    path, RESULTS_SCHEMA_NAME);
		return FALSE;
	}
	if (strcmp(json_node_get_string(schema), RESULTS_SCHEMA_NAME) != 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected schema \"%s\", got \"%s\"", path,
			    RESULTS_SCHEMA_NAME, json_node_get_string(schema));
		return FALSE;
	}
	JsonNode *n = member(o, "schema_version", JSON_NODE_VALUE, TRUE, path, error);
	if (!n)
		return FALSE;
	if (json_node_get_value_type(n) != G_TYPE_INT64 || json_node_get_int(n) != RESULTS_SCHEMA_VERSION) {
		JsonNode *by = json_object_get_member(o, "mptcpsim_version");
		const char *writer = by && JSON_NODE_HOLDS_VALUE(by) && json_node_get_value_type(by) == G_TYPE_STRING
					     ? json_node_get_string(by)
					     : "an unknown version";
		char *found = json_node_get_value_type(n) == G_TYPE_INT64
				      ? g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(n))
				      : g_strdup_printf("%g", json_node_get_double(n));
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s: expected schema_version %d of \"%s\" (what mptcpsim %s reads), got version %s, written "
			    "by mptcpsim %s",
			    path, RESULTS_SCHEMA_VERSION, RESULTS_SCHEMA_NAME, MPTCPSIM_VERSION, found, writer);
		g_free(found);
		return FALSE;
	}
	JsonNode *version = member(o, "mptcpsim_version", JSON_NODE_VALUE, FALSE, path, error);
	JsonNode *file = version ? member(o, "scenario_file", JSON_NODE_VALUE, FALSE, path, error) : NULL;
	JsonNode *seed = file ? member(o, "seed", JSON_NODE_VALUE, TRUE, path, error) : NULL;
	JsonNode *scn = seed ? member(o, "scenario", JSON_NODE_OBJECT, FALSE, path, error) : NULL;
	JsonNode *metrics = scn ? member(o, "metrics", JSON_NODE_OBJECT, FALSE, path, error) : NULL;
	if (!metrics)
		return FALSE;
	if (json_node_get_value_type(seed) != G_TYPE_INT64 || json_node_get_int(seed) < 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected \"seed\" to be a non-negative integer",
			    path);
		return FALSE;
	}
	r->seed = (uint64_t)json_node_get_int(seed);
	r->mptcpsim_version = g_strdup(json_node_get_string(version));
	r->scenario_file = g_strdup(json_node_get_string(file));
	if (!read_settings(r, json_node_get_object(scn), path, error))
		return FALSE;
	an_metrics_flatten(json_node_get_object(metrics), r->metric_names, r->metric_values);
	r->identity = identity_of(r->settings);
	return TRUE;
}

an_run *an_run_load(const char *path, GError **error)
{
	an_run *r = g_new0(an_run, 1);
	r->dir = g_strdup(path);
	r->settings = g_ptr_array_new_with_free_func(setting_free);
	r->metric_names = g_ptr_array_new_with_free_func(g_free);
	r->metric_values = g_array_new(FALSE, FALSE, sizeof(double));
	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		r->summary_path = g_build_filename(path, "summary.json", NULL);
	} else {
		r->summary_path = g_strdup(path);
		g_free(r->dir);
		r->dir = g_path_get_dirname(path);
	}
	char *text = NULL;
	gsize len = 0;
	GError *e = NULL;
	if (!g_file_get_contents(r->summary_path, &text, &len, &e)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot read %s: %s", r->summary_path, e->message);
		g_error_free(e);
		an_run_free(r);
		return NULL;
	}
	JsonParser *p = json_parser_new();
	gboolean ok = json_parser_load_from_data(p, text, (gssize)len, &e);
	g_free(text);
	if (!ok) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected a summary.json (JSON), got: %s",
			    r->summary_path, e->message);
		g_error_free(e);
	} else if (!json_parser_get_root(p)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected a summary.json (JSON), got an empty file",
			    r->summary_path);
		ok = FALSE;
	} else {
		ok = parse_summary(r, json_parser_get_root(p), r->summary_path, error);
	}
	g_object_unref(p);
	if (!ok) {
		an_run_free(r);
		return NULL;
	}
	return r;
}
