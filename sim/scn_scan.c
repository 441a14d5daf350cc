/* scn_scan.c — a light line scan of a scenario's text, beside GKeyFile's parse.
 *
 * GKeyFile gives the groups, keys and values but no line numbers, and it silently merges a group
 * or key given twice; its syntax errors name no line either. So before GKeyFile reads the text,
 * this scan walks it once, line by line, with the same rules GKeyFile applies (a line is blank, a
 * `#` comment, a `[group]` header, or `key = value`; leading blanks are ignored; one trailing CR is
 * dropped) and records the line of every group header and key, reports every line GKeyFile would
 * refuse — or would accept but silently drop, like `key[de] = x` — with its number, and reports
 * duplicate groups and keys. The text must also be UTF-8 without control bytes (tabs aside): a
 * binary file stops at the first few problems instead of flooding the user.
 *
 * Linear in the length of the text: a 1 MB line costs one pass. */
#include "scn_impl.h"

#include <stdarg.h>
#include <string.h>

/* Syntax problems shown before giving up on a file (a binary file has one per "line"). */
#define SCN_SCAN_MAX_PROBLEMS 10

struct scn_scan_group {
	int line;
	GHashTable *keys; /* key → GINT_TO_POINTER(line of its last occurrence) */
};

typedef struct scan_state {
	scn_scan *scan;
	const char *path;
	scn_diag *diag;
	char *group;                /* current group (owned), NULL before the first header */
	GHashTable *instance_keys;  /* keys of this occurrence of the group → GINT_TO_POINTER(line) */
	bool key_before_group;      /* reported once, like GKeyFile's "does not start with a group" */
	bool after_bad_header;      /* keys after a broken header belong to no group; no more to say */
	bool stopped;
} scan_state;

static void scan_group_free(gpointer p)
{
	struct scn_scan_group *g = p;
	g_hash_table_unref(g->keys);
	g_free(g);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void syntax_problem(scan_state *st, int line, const char *key, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void syntax_problem(scan_state *st, int line, const char *key, const char *fmt, ...)
{
	st->scan->n_problems++;
	if (st->scan->n_problems > SCN_SCAN_MAX_PROBLEMS) {
		scn_diag_add_at(st->diag, st->path, line, SCN_ORIGIN_FILE, NULL, NULL,
				"expected a text key file, got more problems than shown above; stopped reading here");
		st->stopped = true;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	scn_diag_add_at(st->diag, st->path, line, SCN_ORIGIN_FILE, st->group, key, "%s", msg);
	g_free(msg);
}

/* The key of a `key = value` line whose bad byte sits after the `=`, for the message; else NULL. */
static char *key_before(const char *s, size_t n, size_t bad_at)
{
	const char *eq = memchr(s, '=', n);
	if (!eq || s[0] == '[' || (size_t)(eq - s) > bad_at)
		return NULL;
	size_t k = (size_t)(eq - s);
	while (k > 0 && is_blank(s[k - 1]))
		k--;
	/* A control byte is found before UTF-8 is checked: the key may not be text. */
	return k > 0 && g_utf8_validate_len(s, k, NULL) ? g_strndup(s, k) : NULL;
}

/* Control bytes and invalid UTF-8; true when the line is clean text. `s` starts after the blanks. */
static bool check_bytes(scan_state *st, int line, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			char *key = key_before(s, n, i);
			if (c == '\r')
				syntax_problem(st, line, key, "expected text with \\n line ends, got a carriage return inside a line");
			else
				syntax_problem(st, line, key, "expected text, got the control byte 0x%02x at byte %zu of the line "
					       "(is this a binary file?)", c, i + 1);
			g_free(key);
			return false;
		}
	}
	const char *end = NULL;
	if (!g_utf8_validate_len(s, n, &end)) {
		size_t at = (size_t)(end - s);
		char *key = key_before(s, n, at);
		syntax_problem(st, line, key, "expected UTF-8 text, got the byte 0x%02x at byte %zu of the line",
			       (unsigned char)*end, at + 1);
		g_free(key);
		return false;
	}
	return true;
}

static void scan_header(scan_state *st, int line, const char *s, size_t n)
{
	/* A header problem is not about the group before it. */
	g_free(st->group);
	st->group = NULL;
	st->after_bad_header = true;
	g_hash_table_remove_all(st->instance_keys);
	const char *close = memchr(s, ']', n);
	char *text = g_strndup(s, n);
	char *q = scn_quote(text);
	if (!close) {
		syntax_problem(st, line, NULL, "expected a group header like [link.wifi] with a closing ']', got %s", q);
		goto out;
	}
	for (const char *p = close + 1; p < s + n; p++) {
		if (!is_blank(*p)) {
			syntax_problem(st, line, NULL, "expected nothing after the group header's ']', got %s", q);
			goto out;
		}
	}
	size_t name_len = (size_t)(close - s) - 1;
	if (name_len == 0 || memchr(s + 1, '[', name_len)) {
		syntax_problem(st, line, NULL, "expected a group name inside [ ] like [link.wifi], got %s", q);
		goto out;
	}
	char *name = g_strndup(s + 1, name_len);
	st->group = name;
	st->after_bad_header = false;
	st->scan->n_headers++;
	struct scn_scan_group *g = g_hash_table_lookup(st->scan->groups, name);
	if (g) {
		scn_diag_add_at(st->diag, st->path, line, SCN_ORIGIN_FILE, name, NULL,
				"expected each group once, got it again (first at line %d)", g->line);
	} else {
		g = g_new0(struct scn_scan_group, 1);
		g->line = line;
		g->keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		g_hash_table_insert(st->scan->groups, g_strdup(name), g);
	}
out:
	g_free(q);
	g_free(text);
}

static void scan_key(scan_state *st, int line, const char *s, size_t n, const char *eq)
{
	size_t k = (size_t)(eq - s);
	while (k > 0 && is_blank(s[k - 1]))
		k--;
	char *key = g_strndup(s, k);
	if (!st->group) {
		if (!st->key_before_group && !st->after_bad_header) {
			char *text = g_strndup(s, n);
			char *q = scn_quote(text);
			syntax_problem(st, line, NULL, "expected a [group] header before the first key, got %s", q);
			g_free(q);
			g_free(text);
		}
		st->key_before_group = true;
		g_free(key);
		return;
	}
	if (strpbrk(key, "[]")) {
		/* GKeyFile refuses brackets in key names, or takes key[xx] as a translation and hides it. */
		char *q = scn_quote(key);
		syntax_problem(st, line, NULL, "expected a key name of letters, digits, '_' and '-' (no [locale] suffix), "
			       "got %s", q);
		g_free(q);
		g_free(key);
		return;
	}
	gpointer first = g_hash_table_lookup(st->instance_keys, key);
	if (first)
		scn_diag_add_at(st->diag, st->path, line, SCN_ORIGIN_FILE, st->group, key,
				"expected each key once in a group, got it again (first at line %d)", GPOINTER_TO_INT(first));
	else
		g_hash_table_insert(st->instance_keys, g_strdup(key), GINT_TO_POINTER(line));
	struct scn_scan_group *g = g_hash_table_lookup(st->scan->groups, st->group);
	if (g)
		g_hash_table_replace(g->keys, g_strdup(key), GINT_TO_POINTER(line));
	g_free(key);
}

static void scan_line(scan_state *st, int line, const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == '\r')
		n--;
	while (n > 0 && is_blank(*s)) {
		s++;
		n--;
	}
	if (!check_bytes(st, line, s, n))
		return;
	if (n == 0 || s[0] == '#')
		return;
	if (s[0] == '[') {
		scan_header(st, line, s, n);
		return;
	}
	const char *eq = memchr(s, '=', n);
	if (eq && eq != s) {
		scan_key(st, line, s, n, eq);
		return;
	}
	char *text = g_strndup(s, n);
	char *q = scn_quote(text);
	if (eq)
		syntax_problem(st, line, NULL, "expected a key name before '=', got %s", q);
	else if (s[0] == ';')
		syntax_problem(st, line, NULL, "expected a comment to start with '#', got %s", q);
	else
		syntax_problem(st, line, NULL, "expected a [group] header, a key = value line or a # comment, got %s", q);
	g_free(q);
	g_free(text);
}

void scn_scan_text(scn_scan *scan, const char *path, const char *data, gsize len, scn_diag *diag)
{
	scan->groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, scan_group_free);
	scan->n_headers = 0;
	scan->n_problems = 0;
	scan->only_blank = true;
	for (gsize i = 0; i < len && scan->only_blank; i++)
		scan->only_blank = is_blank(data[i]) || data[i] == '\n' || data[i] == '\r';

	scan_state st = {
		.scan = scan,
		.path = path,
		.diag = diag,
		.instance_keys = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
	};
	const char *p = data, *end = data + len;
	for (int line = 1; p < end && !st.stopped; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		scan_line(&st, line, p, (size_t)(line_end - p));
		p = nl ? nl + 1 : end;
	}
	g_hash_table_unref(st.instance_keys);
	g_free(st.group);
}

void scn_scan_fini(scn_scan *scan)
{
	if (scan->groups)
		g_hash_table_unref(scan->groups);
	scan->groups = NULL;
}

int scn_scan_group_line(const scn_scan *scan, const char *group)
{
	const struct scn_scan_group *g = g_hash_table_lookup(scan->groups, group);
	return g ? g->line : 0;
}

int scn_scan_key_line(const scn_scan *scan, const char *group, const char *key)
{
	const struct scn_scan_group *g = g_hash_table_lookup(scan->groups, group);
	return g ? GPOINTER_TO_INT(g_hash_table_lookup(g->keys, key)) : 0;
}
