/* scn_diag.c — collecting scenario problems as messages "file:line: [group] key: expected …, got …".
 *
 * A load keeps going after a problem so that one run of `mptcpsim validate` shows all of them;
 * scn_diag_to_error() turns the collection into one GError for callers that want a single error. */
#include "scn_impl.h"

#include "error.h"
#include "suggest.h"

#include <stdarg.h>
#include <string.h>

void scn_diag_init(scn_diag *d)
{
	d->messages = g_ptr_array_new_with_free_func(g_free);
}

void scn_diag_fini(scn_diag *d)
{
	if (d->messages)
		g_ptr_array_unref(d->messages);
	d->messages = NULL;
}

/* A group or key name for a message: long ones (a 1 MB line) are cut. */
static void append_name(GString *s, const char *name)
{
	enum { MAX = 80 };
	size_t len = strlen(name);
	if (len <= MAX) {
		g_string_append(s, name);
		return;
	}
	const char *cut = g_utf8_find_prev_char(name, name + MAX + 1);
	size_t shown = cut ? (size_t)(cut - name) : MAX;
	g_string_append_printf(s, "%.*s…(%zu bytes)", (int)shown, name, len);
}

char *scn_where_format(const char *path, int line, scn_origin origin, const char *group, const char *key)
{
	GString *s = g_string_new(NULL);
	if (origin == SCN_ORIGIN_SET)
		g_string_append(s, "--set");
	else if (origin == SCN_ORIGIN_SEED)
		g_string_append(s, "--seed");
	else if (path && line > 0)
		g_string_append_printf(s, "%s:%d", path, line);
	else if (path)
		g_string_append(s, path);
	if (group) {
		if (s->len)
			g_string_append(s, ": ");
		g_string_append_c(s, '[');
		append_name(s, group);
		g_string_append_c(s, ']');
	}
	if (key) {
		if (s->len)
			g_string_append(s, group ? " " : ": ");
		append_name(s, key);
	}
	return g_string_free(s, FALSE);
}

static void add_with_where(scn_diag *d, char *where, const char *fmt, va_list ap) G_GNUC_PRINTF(3, 0);

static void add_with_where(scn_diag *d, char *where, const char *fmt, va_list ap)
{
	char *msg = g_strdup_vprintf(fmt, ap);
	if (where && *where)
		g_ptr_array_add(d->messages, g_strdup_printf("%s: %s", where, msg));
	else
		g_ptr_array_add(d->messages, g_strdup(msg));
	g_free(msg);
	g_free(where);
}

void scn_diag_add(scn_diag *d, const scn_values *v, const char *key, const char *fmt, ...)
{
	char *where = NULL;
	if (v && key)
		where = scn_values_where(v, key);
	else if (v)
		where = scn_where_format(scn_values_path(v), scn_values_group_line(v), SCN_ORIGIN_FILE,
					 scn_values_group(v), NULL);
	va_list ap;
	va_start(ap, fmt);
	add_with_where(d, where, fmt, ap);
	va_end(ap);
}

void scn_diag_add_at(scn_diag *d, const char *path, int line, scn_origin origin, const char *group, const char *key,
		     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_with_where(d, scn_where_format(path, line, origin, group, key), fmt, ap);
	va_end(ap);
}

bool scn_diag_to_error(const scn_diag *d, GError **error)
{
	if (!d->messages || d->messages->len == 0)
		return true;
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < d->messages->len; i++) {
		if (i)
			g_string_append_c(s, '\n');
		g_string_append(s, g_ptr_array_index(d->messages, i));
	}
	g_set_error_literal(error, MPSIM_ERROR, MPSIM_ERR_INPUT, s->str);
	g_string_free(s, TRUE);
	return false;
}

char *scn_quote(const char *text)
{
	enum { SHOWN = 48 };
	size_t len = strlen(text);
	if (len <= 2 * SHOWN)
		return g_strdup_printf("\"%s\"", text);
	/* Cut at a character boundary (the text is valid UTF-8: the scan checked it). */
	const char *cut = g_utf8_find_prev_char(text, text + SHOWN + 1);
	size_t shown = cut ? (size_t)(cut - text) : SHOWN;
	return g_strdup_printf("\"%.*s…\" (%zu bytes)", (int)shown, text, len);
}

char *scn_did_you_mean(const char *word, const char *const *candidates, size_t n)
{
	const char *best = suggest_closest(word, candidates, n);
	return best ? g_strdup_printf(" (did you mean \"%s\"?)", best) : g_strdup("");
}
