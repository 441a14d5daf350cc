/* results.c — summary.json (json-glib), scenario.ini, and streaming CSV tables. */
#include "results.h"

#include "error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

struct csv_file {
	results_writer *owner;
	report_table *table;
	FILE *f;
	char *path;
	char *buf;
};

struct results_writer {
	char *dir;
	GPtrArray *csvs; /* struct csv_file* */
	GError *write_error;
};

results_writer *results_open(const char *dir, GError **error)
{
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot create results folder %s: %s", dir, g_strerror(errno));
		return NULL;
	}
	results_writer *w = g_new0(results_writer, 1);
	w->dir = g_strdup(dir);
	w->csvs = g_ptr_array_new();
	return w;
}

static void csv_note_error(struct csv_file *c)
{
	if (!c->owner->write_error)
		g_set_error(&c->owner->write_error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot write %s: %s", c->path,
			    g_strerror(errno));
}

/* RFC 4180: quote a field that holds a comma, a quote or a line break. */
static void csv_put_string(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void csv_header(void *ctx, const report_table *t)
{
	struct csv_file *c = ctx;
	for (guint i = 0; i < t->n_columns; i++) {
		if (i)
			fputc(',', c->f);
		csv_put_string(c->f, t->column_names[i]);
	}
	if (fputc('\n', c->f) == EOF)
		csv_note_error(c);
}

static void csv_row(void *ctx, const report_table *t, const report_cell *cells)
{
	struct csv_file *c = ctx;
	char num[G_ASCII_DTOSTR_BUF_SIZE];
	for (guint i = 0; i < t->n_columns; i++) {
		if (i)
			fputc(',', c->f);
		switch (t->column_types[i]) {
		case REPORT_INT:
		case REPORT_BOOL:
			fprintf(c->f, "%" G_GINT64_FORMAT, cells[i].i);
			break;
		case REPORT_DOUBLE:
			/* Locale-independent, shortest round-trip form: same bytes on every machine. */
			fputs(g_ascii_dtostr(num, sizeof num, cells[i].d), c->f);
			break;
		case REPORT_STRING:
			csv_put_string(c->f, cells[i].s ? cells[i].s : "");
			break;
		}
	}
	if (fputc('\n', c->f) == EOF)
		csv_note_error(c);
}

static void csv_close(void *ctx, const report_table *t)
{
	(void)t;
	struct csv_file *c = ctx;
	if (c->f) {
		if (fclose(c->f) != 0)
			csv_note_error(c);
		c->f = NULL;
	}
}

bool results_attach_tables(results_writer *w, sim *s, GError **error)
{
	for (guint i = 0; i < s->tables->len; i++) {
		report_table *t = g_ptr_array_index(s->tables, i);
		struct csv_file *c = g_new0(struct csv_file, 1);
		c->owner = w;
		c->table = t;
		char *file = g_strdup_printf("%s.csv", t->name);
		c->path = g_build_filename(w->dir, file, NULL);
		g_free(file);
		c->f = fopen(c->path, "w");
		if (!c->f) {
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot create %s: %s", c->path, g_strerror(errno));
			g_free(c->path);
			g_free(c);
			return false;
		}
		c->buf = g_malloc(1 << 16);
		setvbuf(c->f, c->buf, _IOFBF, 1 << 16);
		g_ptr_array_add(w->csvs, c);
		report_table_sink sink = { .ctx = c, .header = csv_header, .row = csv_row, .close = csv_close };
		report_table_set_sink(t, &sink);
	}
	return true;
}

static void add_section(JsonBuilder *b, const report_section *s)
{
	json_builder_begin_object(b);
	for (guint i = 0; i < s->items->len; i++) {
		const report_item *it = &g_array_index(s->items, report_item, i);
		json_builder_set_member_name(b, it->key);
		switch (it->value.type) {
		case REPORT_INT:
			json_builder_add_int_value(b, it->value.u.i);
			break;
		case REPORT_DOUBLE:
			json_builder_add_double_value(b, it->value.u.d);
			break;
		case REPORT_STRING:
			json_builder_add_string_value(b, it->value.u.s);
			break;
		case REPORT_BOOL:
			json_builder_add_boolean_value(b, it->value.u.b);
			break;
		}
	}
	for (guint i = 0; i < s->children->len; i++) {
		const report_section *c = g_ptr_array_index(s->children, i);
		json_builder_set_member_name(b, c->name);
		add_section(b, c);
	}
	json_builder_end_object(b);
}

JsonNode *results_report_to_json(const report_section *root)
{
	JsonBuilder *b = json_builder_new();
	add_section(b, root);
	JsonNode *n = json_builder_get_root(b);
	g_object_unref(b);
	return n;
}

bool results_write_summary(results_writer *w, const scenario *scn, const sim *s, GError **error)
{
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "schema");
	json_builder_add_string_value(b, RESULTS_SCHEMA_NAME);
	json_builder_set_member_name(b, "schema_version");
	json_builder_add_int_value(b, RESULTS_SCHEMA_VERSION);
	json_builder_set_member_name(b, "mptcpsim_version");
	json_builder_add_string_value(b, MPTCPSIM_VERSION);
	json_builder_set_member_name(b, "scenario_file");
	json_builder_add_string_value(b, scn->path);
	json_builder_set_member_name(b, "seed");
	json_builder_add_int_value(b, (gint64)scn->seed);
	json_builder_set_member_name(b, "scenario");
	/* The resolved scenario as {group: {key: value as written}}: exact, loadable anywhere. */
	json_builder_begin_object(b);
	GKeyFile *kf = g_key_file_new();
	if (scn->text_resolved && g_key_file_load_from_data(kf, scn->text_resolved, (gsize)-1, G_KEY_FILE_NONE, NULL)) {
		gchar **groups = g_key_file_get_groups(kf, NULL);
		for (gchar **g = groups; *g; g++) {
			json_builder_set_member_name(b, *g);
			json_builder_begin_object(b);
			gchar **keys = g_key_file_get_keys(kf, *g, NULL, NULL);
			for (gchar **k = keys; keys && *k; k++) {
				gchar *v = g_key_file_get_value(kf, *g, *k, NULL);
				json_builder_set_member_name(b, *k);
				json_builder_add_string_value(b, v ? v : "");
				g_free(v);
			}
			g_strfreev(keys);
			json_builder_end_object(b);
		}
		g_strfreev(groups);
	}
	g_key_file_free(kf);
	json_builder_end_object(b);
	json_builder_set_member_name(b, "metrics");
	json_builder_add_value(b, results_report_to_json(s->report));
	json_builder_end_object(b);

	JsonGenerator *gen = json_generator_new();
	JsonNode *root = json_builder_get_root(b);
	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 2);
	char *summary = g_build_filename(w->dir, "summary.json", NULL);
	bool ok = json_generator_to_file(gen, summary, error);
	g_free(summary);
	json_node_unref(root);
	g_object_unref(gen);
	g_object_unref(b);
	if (ok && scn->text_resolved) {
		char *ini = g_build_filename(w->dir, "scenario.ini", NULL);
		ok = g_file_set_contents(ini, scn->text_resolved, -1, error);
		g_free(ini);
	}
	return ok;
}

bool results_close(results_writer *w, GError **error)
{
	for (guint i = 0; i < w->csvs->len; i++) {
		struct csv_file *c = g_ptr_array_index(w->csvs, i);
		report_table_close(c->table); /* closes the file through the sink */
		g_free(c->buf);
		g_free(c->path);
		g_free(c);
	}
	g_ptr_array_free(w->csvs, TRUE);
	bool ok = !w->write_error;
	if (w->write_error)
		g_propagate_error(error, w->write_error);
	g_free(w->dir);
	g_free(w);
	return ok;
}
