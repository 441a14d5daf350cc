/* report.c — ordered sections and streaming tables. */
#include "report.h"

#include <string.h>

static void item_clear(gpointer data)
{
	report_item *it = data;
	g_free(it->key);
	if (it->value.type == REPORT_STRING)
		g_free(it->value.u.s);
}

report_section *report_section_new(const char *name)
{
	report_section *s = g_new0(report_section, 1);
	s->name = g_strdup(name);
	s->items = g_array_new(FALSE, TRUE, sizeof(report_item));
	g_array_set_clear_func(s->items, item_clear);
	s->children = g_ptr_array_new_with_free_func((GDestroyNotify)report_section_free);
	return s;
}

void report_section_free(report_section *s)
{
	if (!s)
		return;
	g_free(s->name);
	g_array_free(s->items, TRUE);
	g_ptr_array_free(s->children, TRUE);
	g_free(s);
}

report_section *report_section_find_child(const report_section *s, const char *name)
{
	for (guint i = 0; i < s->children->len; i++) {
		report_section *c = g_ptr_array_index(s->children, i);
		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}

report_section *report_section_child(report_section *s, const char *name)
{
	report_section *c = report_section_find_child(s, name);
	if (!c) {
		c = report_section_new(name);
		g_ptr_array_add(s->children, c);
	}
	return c;
}

static report_item *slot_for(report_section *s, const char *key)
{
	for (guint i = 0; i < s->items->len; i++) {
		report_item *it = &g_array_index(s->items, report_item, i);
		if (strcmp(it->key, key) == 0) {
			if (it->value.type == REPORT_STRING)
				g_free(it->value.u.s);
			return it;
		}
	}
	report_item fresh = { .key = g_strdup(key) };
	g_array_append_val(s->items, fresh);
	return &g_array_index(s->items, report_item, s->items->len - 1);
}

void report_set_int(report_section *s, const char *key, int64_t v)
{
	report_item *it = slot_for(s, key);
	it->value.type = REPORT_INT;
	it->value.u.i = v;
}

void report_set_double(report_section *s, const char *key, double v)
{
	report_item *it = slot_for(s, key);
	it->value.type = REPORT_DOUBLE;
	it->value.u.d = v;
}

void report_set_string(report_section *s, const char *key, const char *v)
{
	report_item *it = slot_for(s, key);
	it->value.type = REPORT_STRING;
	it->value.u.s = g_strdup(v);
}

void report_set_bool(report_section *s, const char *key, bool v)
{
	report_item *it = slot_for(s, key);
	it->value.type = REPORT_BOOL;
	it->value.u.b = v;
}

const report_value *report_get(const report_section *s, const char *key)
{
	for (guint i = 0; i < s->items->len; i++) {
		const report_item *it = &g_array_index(s->items, report_item, i);
		if (strcmp(it->key, key) == 0)
			return &it->value;
	}
	return NULL;
}

report_table *report_table_new(const char *name, const char *columns)
{
	report_table *t = g_new0(report_table, 1);
	t->name = g_strdup(name);
	char **cols = g_strsplit(columns, ",", -1);
	t->n_columns = g_strv_length(cols);
	t->column_names = g_new0(char *, t->n_columns + 1);
	t->column_types = g_new0(report_type, t->n_columns);
	for (guint i = 0; i < t->n_columns; i++) {
		char *colon = strchr(cols[i], ':');
		g_assert(colon); /* column specs are written by programmers */
		t->column_names[i] = g_strndup(cols[i], (gsize)(colon - cols[i]));
		const char *type = colon + 1;
		if (!strcmp(type, "int"))
			t->column_types[i] = REPORT_INT;
		else if (!strcmp(type, "double"))
			t->column_types[i] = REPORT_DOUBLE;
		else if (!strcmp(type, "string"))
			t->column_types[i] = REPORT_STRING;
		else
			g_assert_not_reached();
	}
	g_strfreev(cols);
	t->rows = g_array_new(FALSE, FALSE, sizeof(report_cell));
	return t;
}

void report_table_free(report_table *t)
{
	if (!t)
		return;
	g_free(t->name);
	g_strfreev(t->column_names);
	g_free(t->column_types);
	g_array_free(t->rows, TRUE);
	g_free(t);
}

void report_table_set_sink(report_table *t, const report_table_sink *sink)
{
	g_assert(t->n_rows == 0);
	t->sink = *sink;
	if (t->sink.header)
		t->sink.header(t->sink.ctx, t);
}

void report_table_add_row(report_table *t, const report_cell *cells)
{
	t->n_rows++;
	if (t->sink.row)
		t->sink.row(t->sink.ctx, t, cells);
	else
		g_array_append_vals(t->rows, cells, t->n_columns);
}

void report_table_close(report_table *t)
{
	if (t->sink.close)
		t->sink.close(t->sink.ctx, t);
	t->sink.row = NULL;
	t->sink.close = NULL;
}
