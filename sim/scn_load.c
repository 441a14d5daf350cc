/* scn_load.c — loading a scenario: read the text, scan it for lines (scn_scan.c), let GKeyFile parse
 * it, apply --set and --seed, validate (scn_check.c), and build the scenario with its resolved text.
 *
 *   scn_load("wifi.ini", (const char *[]){ "link.wifi.delay=20ms", NULL }, -1, &diag)
 *
 * Every problem goes into the diag, with the file and line (or "--set"), the group and the key; a
 * scenario comes back only when there was none. */
#include "scn_impl.h"

#include "suggest.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* The public scenario and what only the loader needs. */
typedef struct scn_scenario {
	scenario pub;
	GHashTable *by_name; /* group name → scn_group* (borrowed) */
} scn_scenario;

static scn_scenario *impl_of(const scenario *s)
{
	return (scn_scenario *)s; /* `pub` is the first member */
}

/* The line of the text a GKeyFile message quotes (“…”), 1 when it quotes none we can find. */
static int line_of_quote(const char *data, gsize len, const char *message)
{
	const char *open = strstr(message, "\xE2\x80\x9C"), *close = open ? strstr(open, "\xE2\x80\x9D") : NULL;
	if (!open || !close || close == open + 3)
		return 1;
	char *quoted = g_strndup(open + 3, (gsize)(close - open - 3));
	const char *at = g_strstr_len(data, (gssize)len, quoted);
	g_free(quoted);
	int line = 1;
	for (const char *p = data; at && p < at; p++)
		line += *p == '\n';
	return line;
}

static void add_raw(scn_check *c, scn_raw_group *g, guint at)
{
	g_ptr_array_insert(c->raw, (gint)at, g);
	g_hash_table_insert(c->raw_by_name, g->name, g);
}

/* Raw groups in file order from GKeyFile, with lines from the scan. */
static void read_groups(scn_check *c, GKeyFile *kf, const scn_scan *scan)
{
	gsize n_groups = 0;
	char **groups = g_key_file_get_groups(kf, &n_groups);
	for (gsize i = 0; i < n_groups; i++) {
		scn_raw_group *g = scn_raw_group_new(groups[i], scn_scan_group_line(scan, groups[i]));
		add_raw(c, g, c->raw->len);
		gsize n_keys = 0;
		char **keys = g_key_file_get_keys(kf, groups[i], &n_keys, NULL);
		for (gsize j = 0; keys && j < n_keys; j++) {
			char *value = g_key_file_get_value(kf, groups[i], keys[j], NULL);
			if (!value)
				continue;
			scn_raw_group_set(g, keys[j], g_strstrip(value), scn_scan_key_line(scan, groups[i], keys[j]),
					  SCN_ORIGIN_FILE);
			g_free(value);
		}
		g_strfreev(keys);
	}
	g_strfreev(groups);
}

static bool is_single_line_text(const char *s)
{
	if (!g_utf8_validate(s, -1, NULL))
		return false;
	for (const char *p = s; *p; p++)
		if (((unsigned char)*p < 0x20 && *p != '\t') || *p == 0x7f)
			return false;
	return true;
}

/* The direction group `name` ("link.wifi.up") may be created when its link exists. */
static bool is_direction_of_existing_link(scn_check *c, const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot || (strcmp(dot, ".up") != 0 && strcmp(dot, ".down") != 0) || strncmp(name, "link.", 5) != 0)
		return false;
	char *base = g_strndup(name, (gsize)(dot - name));
	bool ok = strchr(base + 5, '.') == NULL && g_hash_table_contains(c->raw_by_name, base);
	g_free(base);
	return ok;
}

/* "--set group.key=value": the group is everything before the last dot of the left side. */
static void apply_override(scn_check *c, const char *o)
{
	const char *eq = strchr(o, '=');
	char *lhs = eq ? g_strstrip(g_strndup(o, (gsize)(eq - o))) : NULL;
	const char *dot = lhs ? strrchr(lhs, '.') : NULL;
	if (!dot || dot == lhs || dot[1] == '\0') {
		char *q = scn_quote(is_single_line_text(o) ? o : "(not text)");
		scn_diag_add_at(c->diag, NULL, 0, SCN_ORIGIN_SET, NULL, NULL,
				"expected GROUP.KEY=VALUE like link.wifi.delay=20ms, got %s", q);
		g_free(q);
		g_free(lhs);
		return;
	}
	char *group = g_strndup(lhs, (gsize)(dot - lhs));
	const char *key = dot + 1;
	char *value = g_strstrip(g_strdup(eq + 1));
	scn_raw_group *g = g_hash_table_lookup(c->raw_by_name, group);
	if (!is_single_line_text(lhs) || !is_single_line_text(value)) {
		scn_diag_add_at(c->diag, NULL, 0, SCN_ORIGIN_SET, NULL, NULL,
				"expected GROUP.KEY=VALUE on one line of UTF-8 text, got control bytes or invalid UTF-8");
	} else if (!g && !is_direction_of_existing_link(c, group)) {
		const char **names = g_new0(const char *, c->raw->len + 1);
		for (guint i = 0; i < c->raw->len; i++)
			names[i] = ((scn_raw_group *)g_ptr_array_index(c->raw, i))->name;
		const char *best = suggest_closest(group, names, c->raw->len);
		char *hint = best ? g_strdup_printf(" (did you mean [%s]?)", best) : g_strdup("");
		char *q = scn_quote(group);
		scn_diag_add_at(c->diag, NULL, 0, SCN_ORIGIN_SET, group, key,
				"expected a group of the scenario, or [link.NAME.up] or [link.NAME.down] of one of its links, "
				"got %s%s", q, hint);
		g_free(q);
		g_free(hint);
		g_free(names);
	} else {
		if (!g) {
			g = scn_raw_group_new(group, 0);
			add_raw(c, g, c->raw->len);
		}
		scn_raw_group_set(g, key, value, 0, SCN_ORIGIN_SET);
	}
	g_free(value);
	g_free(group);
	g_free(lhs);
}

struct sorted_message {
	int line;
	guint seq;
	char *text;
};

static gint cmp_message(gconstpointer a, gconstpointer b)
{
	const struct sorted_message *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* This load's messages in file order: by line (a message without one first), those of --set and
 * --seed last; otherwise in the order found. The checks run group by group and pass by pass, so
 * the order found jumps about the file. */
static void sort_messages(scn_diag *d, guint from, const char *path)
{
	guint n = d->messages->len - from;
	struct sorted_message *m = g_new(struct sorted_message, n ? n : 1);
	size_t plen = strlen(path);
	for (guint i = 0; i < n; i++) {
		char *text = g_ptr_array_index(d->messages, from + i);
		m[i].seq = i;
		m[i].text = text;
		m[i].line = G_MAXINT;
		if (strncmp(text, path, plen) == 0 && text[plen] == ':')
			m[i].line = g_ascii_isdigit(text[plen + 1]) ? (int)g_ascii_strtoll(text + plen + 1, NULL, 10) : 0;
		d->messages->pdata[from + i] = NULL;
	}
	qsort(m, n, sizeof *m, cmp_message); /* total order (seq breaks ties): deterministic */
	for (guint i = 0; i < n; i++)
		d->messages->pdata[from + i] = m[i].text;
	g_free(m);
}

static char *resolved_text(const GPtrArray *groups)
{
	GString *s = g_string_new("# The scenario as resolved: every group and key with its effective value.\n");
	for (guint i = 0; i < groups->len; i++) {
		const scn_group *g = g_ptr_array_index(groups, i);
		g_string_append_printf(s, "\n[%s]\n", g->name);
		for (guint j = 0; j < scn_values_count(g->values); j++) {
			const scn_value *v = scn_values_nth(g->values, j);
			if (*v->text)
				g_string_append_printf(s, "%s = %s\n", v->key->name, v->text);
			else
				g_string_append_printf(s, "%s =\n", v->key->name);
		}
	}
	return g_string_free(s, FALSE);
}

static scenario *scenario_new(const char *path, GPtrArray *groups)
{
	scn_scenario *impl = g_new0(scn_scenario, 1);
	scenario *s = &impl->pub;
	s->path = g_strdup(path);
	s->groups = groups;
	impl->by_name = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < groups->len; i++) {
		scn_group *g = g_ptr_array_index(groups, i);
		g_hash_table_insert(impl->by_name, g->name, g);
	}
	const scn_group *sim = g_hash_table_lookup(impl->by_name, "simulation");
	s->duration = scn_values_time(sim->values, "duration");
	s->seed = (uint64_t)scn_values_int(sim->values, "seed");
	s->text_resolved = resolved_text(groups);
	return s;
}

scenario *scn_load_from_data(const char *display_path, const char *data, gsize len, const char *const *overrides,
			     int64_t seed_override, scn_diag *diag)
{
	const char *path = display_path;
	guint before = diag->messages->len;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* a UTF-8 byte order mark, which GKeyFile refuses */
		data += 3;
		len -= 3;
	}
	scn_scan scan;
	scn_scan_text(&scan, path, data, len, diag);
	if (scan.n_problems > 0) {
		scn_scan_fini(&scan);
		return NULL; /* not a key file: its groups and keys would only add noise */
	}
	if (scan.n_headers == 0) {
		scn_diag_add_at(diag, path, 1, SCN_ORIGIN_FILE, NULL, NULL,
				"expected a scenario with at least one [group], got %s",
				scan.only_blank ? "an empty file" : "only comments and blank lines");
		scn_scan_fini(&scan);
		return NULL;
	}
	GKeyFile *kf = g_key_file_new();
	GError *e = NULL;
	if (!g_key_file_load_from_data(kf, data, len, G_KEY_FILE_NONE, &e)) {
		/* The scan applies GKeyFile's rules, so this is a rule it missed: still say where. */
		scn_diag_add_at(diag, path, line_of_quote(data, len, e->message), SCN_ORIGIN_FILE, NULL, NULL,
				"expected a key file, got: %s", e->message);
		g_error_free(e);
		g_key_file_free(kf);
		scn_scan_fini(&scan);
		return NULL;
	}
	scn_check c = {
		.path = path,
		.diag = diag,
		.raw = g_ptr_array_new_with_free_func((GDestroyNotify)scn_raw_group_free),
		.raw_by_name = g_hash_table_new(g_str_hash, g_str_equal),
	};
	read_groups(&c, kf, &scan);
	g_key_file_free(kf);
	scn_scan_fini(&scan);

	if (!g_hash_table_contains(c.raw_by_name, "simulation"))
		add_raw(&c, scn_raw_group_new("simulation", 0), 0); /* optional in the file, always in the scenario */
	for (size_t i = 0; overrides && overrides[i]; i++)
		apply_override(&c, overrides[i]);
	if (seed_override >= 0) {
		char *seed = g_strdup_printf("%" PRId64, seed_override);
		scn_raw_group_set(g_hash_table_lookup(c.raw_by_name, "simulation"), "seed", seed, 0, SCN_ORIGIN_SEED);
		g_free(seed);
	}

	scn_check_names(&c);
	GPtrArray *groups = scn_check_groups(&c);
	g_hash_table_unref(c.raw_by_name);
	g_ptr_array_unref(c.raw);
	if (diag->messages->len > before) {
		sort_messages(diag, before, path);
		g_ptr_array_unref(groups);
		return NULL;
	}
	return scenario_new(path, groups);
}

scenario *scn_load(const char *path, const char *const *overrides, int64_t seed_override, scn_diag *diag)
{
	char *data = NULL;
	gsize len = 0;
	GError *e = NULL;
	if (!g_file_get_contents(path, &data, &len, &e)) {
		scn_diag_add_at(diag, path, 0, SCN_ORIGIN_FILE, NULL, NULL, "expected a readable scenario file, got: %s",
				e->message);
		g_error_free(e);
		return NULL;
	}
	scenario *s = scn_load_from_data(path, data, len, overrides, seed_override, diag);
	g_free(data);
	return s;
}

void scn_free(scenario *s)
{
	if (!s)
		return;
	scn_scenario *impl = impl_of(s);
	g_hash_table_unref(impl->by_name);
	g_ptr_array_unref(s->groups);
	g_free(s->text_resolved);
	g_free(s->path);
	g_free(impl);
}

GPtrArray *scn_groups_of_kind(const scenario *s, const char *kind)
{
	GPtrArray *out = g_ptr_array_new();
	for (guint i = 0; i < s->groups->len; i++) {
		scn_group *g = g_ptr_array_index(s->groups, i);
		if (strcmp(g->kind, kind) == 0)
			g_ptr_array_add(out, g);
	}
	return out;
}

const scn_group *scn_find_group(const scenario *s, const char *name)
{
	return g_hash_table_lookup(impl_of(s)->by_name, name);
}
