/* plot_csv.c — a reader for the results folder's CSV tables (RFC 4180, header row first).
 *
 * The file is read whole and split in place: each field ends at its comma or line end, quoted
 * fields are unquoted where they stand, so a row costs no allocation. Used by the plotters only to
 * take sizes, ranges and derived series from tables that gnuplot itself also reads. */
#include "plot_impl.h"

#include "error.h"

#include <errno.h>
#include <string.h>

struct an_plot_csv {
	char *path;
	char *text;      /* the file, split in place */
	char *cursor;
	char *end;
	guint line;      /* lines read so far */
	guint row_line;  /* where the row last returned starts (1: the header) */
	guint n_columns;
	char **header;   /* n_columns names, into `text` */
	char **fields;   /* n_columns fields of the current row, into `text` */
};

/* Split one record at `*pos` into `out` (up to `max` fields); returns the number of fields, or -1
 * for a malformed quoted field. Advances `*pos` past the record's line end. */
static int split_record(char **pos, char *end, char **out, guint max, guint *lines)
{
	char *p = *pos;
	int n = 0;
	for (;;) {
		char *field = p, *w = p;
		if (p < end && *p == '"') {
			p++;
			for (;;) {
				if (p >= end)
					return -1;
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						*w++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n')
					(*lines)++;
				*w++ = *p++;
			}
			if (p < end && *p != ',' && *p != '\n' && *p != '\r')
				return -1;
		} else {
			while (p < end && *p != ',' && *p != '\n' && *p != '\r')
				p++;
			w = p;
		}
		char sep = p < end ? *p : '\n';
		*w = '\0';
		if ((guint)n < max)
			out[n] = field;
		n++;
		if (sep == ',') {
			p++;
			continue;
		}
		if (p < end && sep == '\r') {
			p++;
			sep = p < end ? *p : '\n';
		}
		if (p < end && sep == '\n')
			p++;
		break;
	}
	*pos = p;
	return n;
}

an_plot_csv *an_plot_csv_open(const char *path, GError **error)
{
	char *text = NULL;
	gsize len = 0;
	GError *e = NULL;
	if (!g_file_get_contents(path, &text, &len, &e)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "cannot read %s: %s", path, e->message);
		g_error_free(e);
		return NULL;
	}
	an_plot_csv *c = g_new0(an_plot_csv, 1);
	c->path = g_strdup(path);
	c->text = text;
	c->cursor = text;
	c->end = text + len;
	/* The header: count its fields first (commas outside quotes, up to the first line end outside
	 * quotes; a doubled quote toggles twice), then split it for real. */
	guint commas = 0;
	bool quoted = false;
	for (gsize i = 0; i < len && (quoted || text[i] != '\n'); i++) {
		if (text[i] == '"')
			quoted = !quoted;
		else if (text[i] == ',' && !quoted)
			commas++;
	}
	c->n_columns = commas + 1;
	c->header = g_new0(char *, c->n_columns + 1);
	c->fields = g_new0(char *, c->n_columns + 1);
	guint extra = 0;
	int n = len ? split_record(&c->cursor, c->end, c->header, c->n_columns, &extra) : -1;
	c->line = 1 + extra;
	c->row_line = 1;
	if (n <= 0 || (guint)n != c->n_columns || !*c->header[0]) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s:1: expected a header row of column names", path);
		an_plot_csv_free(c);
		return NULL;
	}
	return c;
}

void an_plot_csv_free(an_plot_csv *c)
{
	if (!c)
		return;
	g_free(c->header);
	g_free(c->fields);
	g_free(c->text);
	g_free(c->path);
	g_free(c);
}

int an_plot_csv_column(const an_plot_csv *c, const char *name)
{
	for (guint i = 0; i < c->n_columns; i++)
		if (!strcmp(c->header[i], name))
			return (int)i;
	return -1;
}

bool an_plot_csv_next(an_plot_csv *c, char ***fields, GError **error)
{
	while (c->cursor < c->end) {
		c->line++;
		if (*c->cursor == '\n' || *c->cursor == '\r') { /* a blank line */
			if (*c->cursor == '\r')
				c->cursor++;
			if (c->cursor < c->end && *c->cursor == '\n')
				c->cursor++;
			continue;
		}
		guint line = c->line, extra = 0;
		c->row_line = line;
		int n = split_record(&c->cursor, c->end, c->fields, c->n_columns, &extra);
		c->line += extra;
		if (n < 0 || (guint)n != c->n_columns) {
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s:%u: expected %u fields, found %s", c->path, line,
				    c->n_columns, n < 0 ? "an unterminated quote" : n < (int)c->n_columns ? "fewer" : "more");
			return false;
		}
		*fields = c->fields;
		return true;
	}
	return false;
}

bool an_plot_csv_int(const char *field, int64_t *out)
{
	if (!field || !*field)
		return false;
	char *end = NULL;
	errno = 0;
	gint64 v = g_ascii_strtoll(field, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

const char *an_plot_csv_path(const an_plot_csv *c)
{
	return c->path;
}

guint an_plot_csv_line(const an_plot_csv *c)
{
	return c->row_line;
}

bool an_plot_csv_need_columns(an_plot_csv *c, const char *const *names, int *idx, guint n, GError **error)
{
	for (guint i = 0; i < n; i++) {
		idx[i] = an_plot_csv_column(c, names[i]);
		if (idx[i] < 0) {
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: no column \"%s\" (not a table of this mptcpsim?)",
				    c->path, names[i]);
			return false;
		}
	}
	return true;
}

bool an_plot_csv_bad_number(an_plot_csv *c, const char *column, const char *found, GError **error)
{
	g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s:%u: %s: expected a whole number, found \"%s\"", c->path,
		    c->row_line, column, found);
	return false;
}

bool an_plot_save_text(const char *plots_dir, const char *file, const GString *text, GError **error)
{
	char *path = g_build_filename(plots_dir, file, NULL);
	GError *e = NULL;
	bool ok = g_file_set_contents(path, text->str, (gssize)text->len, &e);
	if (!ok) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot write %s: %s", path, e->message);
		g_error_free(e);
	}
	g_free(path);
	return ok;
}
