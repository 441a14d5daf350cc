/* scn_check.c — validating the raw groups of a scenario against the schema (scn_schema.c).
 *
 * Names first: the kind of every group, the shape and characters of its id, and the groups it
 * depends on ([host.H] for [interface.H.I], [link.L] for [link.L.up]). Then keys: each group's keys
 * must be its kind's keys or those of the model its model key selects (`loss`, `type`); each value
 * is parsed and range-checked; defaults fill the rest; missing required keys are reported.
 *
 * Links get two extra groups, [link.L.up] and [link.L.down] (kind "link-direction"), whose values
 * are the link's values overridden by the direction's own group; a direction's loss-model keys are
 * checked against the model that direction ends up with. A key in [link.L] is accepted if the
 * link's model or one of its directions' models declares it. */
#include "scn_impl.h"

#include "link_preset.h"
#include "registry.h"
#include "suggest.h"

#include <stdarg.h>
#include <string.h>

static const char *const group_kind_names[] = { "simulation", "host", "interface", "link", "workload", "event",
						"sweep" };
#define N_GROUP_KINDS (sizeof group_kind_names / sizeof group_kind_names[0])

scn_raw_group *scn_raw_group_new(const char *name, int line)
{
	scn_raw_group *g = g_new0(scn_raw_group, 1);
	g->name = g_strdup(name);
	g->line = line;
	g->entries = g_ptr_array_new();
	g->by_key = g_hash_table_new(g_str_hash, g_str_equal);
	return g;
}

void scn_raw_group_free(scn_raw_group *g)
{
	if (!g)
		return;
	for (guint i = 0; i < g->entries->len; i++) {
		scn_raw_entry *e = g_ptr_array_index(g->entries, i);
		g_free(e->key);
		g_free(e->value);
		g_free(e);
	}
	g_ptr_array_unref(g->entries);
	g_hash_table_unref(g->by_key);
	g_free(g->name);
	g_free(g->id);
	g_free(g->base);
	g_free(g);
}

void scn_raw_group_set(scn_raw_group *g, const char *key, const char *value, int line, scn_origin origin)
{
	scn_raw_entry *e = g_hash_table_lookup(g->by_key, key);
	if (!e) {
		e = g_new0(scn_raw_entry, 1);
		e->key = g_strdup(key);
		g_ptr_array_add(g->entries, e);
		g_hash_table_insert(g->by_key, e->key, e);
	}
	g_free(e->value);
	e->value = g_strdup(value);
	e->line = line;
	e->origin = origin;
	e->reported = false;
}

void scn_group_free(scn_group *g)
{
	if (!g)
		return;
	g_free(g->name);
	g_free(g->kind);
	g_free(g->id);
	scn_values_free(g->values);
	g_free(g);
}

static void name_problem(scn_check *c, const scn_raw_group *g, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void name_problem(scn_check *c, const scn_raw_group *g, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	scn_diag_add_at(c->diag, c->path, g->line, g->line ? SCN_ORIGIN_FILE : SCN_ORIGIN_SET, g->name, NULL, "%s", msg);
	g_free(msg);
}

static bool is_direction(const char *word)
{
	return strcmp(word, "up") == 0 || strcmp(word, "down") == 0;
}

/* The name does not have the shape of its kind ("[interface.phone]", "[link.wifi.left]"). */
static void report_shape(scn_check *c, const scn_raw_group *g, const scn_kind *kind, char **parts, guint n)
{
	char *q = n ? scn_quote(g->id) : g_strdup("no name");
	if (kind->id_parts == 0) {
		name_problem(c, g, "expected %s with no name after it, got %s", kind->header, q);
	} else if (kind == scn_kind_find("link") && n == 2) {
		const char *dirs[] = { "up", "down" };
		char *dq = scn_quote(parts[1]), *hint = scn_did_you_mean(parts[1], dirs, 2);
		name_problem(c, g, "expected [link.NAME], [link.NAME.up] or [link.NAME.down], got the direction %s%s", dq,
			     hint);
		g_free(hint);
		g_free(dq);
	} else if (kind == scn_kind_find("link")) {
		name_problem(c, g, "expected [link.NAME], [link.NAME.up] or [link.NAME.down], got %s", q);
	} else {
		name_problem(c, g, "expected %s, got %s", kind->header, q);
	}
	g_free(q);
}

/* Kind, id and base of one group from its name: [link.wifi.up] is a link-direction with id
 * "wifi.up" and base "link.wifi"; [interface.phone.wifi] has base "host.phone". A name with a
 * problem is reported; with an unknown kind or a wrong shape the group's keys are not checked. */
static void classify(scn_check *c, scn_raw_group *g)
{
	const char *dot = strchr(g->name, '.');
	char *word = dot ? g_strndup(g->name, (gsize)(dot - g->name)) : g_strdup(g->name);
	g->id = g_strdup(dot ? dot + 1 : "");
	char **parts = *g->id ? g_strsplit(g->id, ".", -1) : g_new0(char *, 1);
	guint n = g_strv_length(parts);
	const scn_kind *kind = NULL;
	for (size_t i = 0; i < N_GROUP_KINDS && !kind; i++)
		if (strcmp(word, group_kind_names[i]) == 0)
			kind = scn_kind_find(word);

	if (strlen(g->name) > SCN_GROUP_NAME_MAX) {
		/* Names become file names (pcap) and column headers: keep them sane. */
		name_problem(c, g, "expected a group name of at most %d characters, got %zu", SCN_GROUP_NAME_MAX,
			     strlen(g->name));
		kind = NULL;
	} else if (!kind) {
		char *q = scn_quote(word), *hint = scn_did_you_mean(word, group_kind_names, N_GROUP_KINDS);
		name_problem(c, g, "expected a group kind of simulation, host, interface, link, workload, event or sweep, got %s%s",
			     q, hint);
		g_free(hint);
		g_free(q);
	} else if (kind == scn_kind_find("link") && n == 2 && is_direction(parts[1])) {
		kind = scn_kind_find("link-direction");
	} else if (n != (guint)kind->id_parts) {
		report_shape(c, g, kind, parts, n);
		kind = NULL;
	}

	bool names_ok = true;
	for (guint i = 0; i < n; i++)
		names_ok = names_ok && scn_name_is_valid(parts[i], strlen(parts[i]));
	if (kind && !names_ok) {
		char *q = scn_quote(g->id);
		name_problem(c, g, "expected names of letters, digits, '_' and '-' in %s, got %s", kind->header, q);
		g_free(q);
	} else if (kind && n == 2) {
		g->base = g_strdup_printf("%s.%s", kind == scn_kind_find("interface") ? "host" : "link", parts[0]);
	}
	g->kind = kind;
	g_strfreev(parts);
	g_free(word);
}

/* " (did you mean [host.phone]?)" among the groups of one kind, or "". */
static char *similar_group(scn_check *c, const char *name, const scn_kind *kind)
{
	GPtrArray *names = g_ptr_array_new();
	for (guint i = 0; i < c->raw->len; i++) {
		scn_raw_group *g = g_ptr_array_index(c->raw, i);
		if (g->kind == kind)
			g_ptr_array_add(names, g->name);
	}
	const char *best = suggest_closest(name, (const char *const *)names->pdata, names->len);
	char *hint = best ? g_strdup_printf(" (did you mean [%s]?)", best) : g_strdup("");
	g_ptr_array_unref(names);
	return hint;
}

void scn_check_names(scn_check *c)
{
	for (guint i = 0; i < c->raw->len; i++)
		classify(c, g_ptr_array_index(c->raw, i));
	for (guint i = 0; i < c->raw->len; i++) {
		scn_raw_group *g = g_ptr_array_index(c->raw, i);
		if (!g->base)
			continue;
		scn_raw_group *base = g_hash_table_lookup(c->raw_by_name, g->base);
		const scn_kind *want = scn_kind_find(strcmp(g->kind->name, "interface") ? "link" : "host");
		if (base && base->kind == want)
			continue;
		char *hint = similar_group(c, g->base, want);
		name_problem(c, g, "expected a [%s] group for this %s, got none%s", g->base,
			     want == scn_kind_find("host") ? "interface" : "direction", hint);
		g_free(hint);
		g_free(g->base);
		g->base = NULL;
		if (g->kind == scn_kind_find("link-direction"))
			g->kind = NULL; /* nothing to inherit from: skip its keys */
	}
}

/* ---- keys and values ---- */

/* Parse `e` as `def` wants; a problem is reported once per entry (a link's value is checked again
 * for each direction that inherits it). `group` is where the entry was written. */
static scn_value *parse_entry(scn_check *c, const char *group, scn_raw_entry *e, const scn_key *def)
{
	char *why = NULL;
	scn_value *v = scn_value_parse(def, e->value, &why);
	if (!v) {
		if (!e->reported) {
			/* GKeyFile has no trailing comments: "10ms  # one way" is the value. */
			bool comment = e->origin == SCN_ORIGIN_FILE && (strstr(e->value, " #") || strstr(e->value, "\t#"));
			scn_diag_add_at(c->diag, c->path, e->line, e->origin, group, e->key, "%s%s", why,
					comment ? " (a '#' starts a comment only at the beginning of a line)" : "");
			e->reported = true;
		}
		g_free(why);
	}
	return v;
}

static scn_value *parse_default(const char *group, const scn_key *def)
{
	char *why = NULL;
	scn_value *v = scn_value_parse(def, def->default_value, &why);
	if (!v)
		g_error("the default of [%s] %s does not parse: %s", group, def->name, why);
	return v;
}

/* The preset a link's raw group selects (quietly: a bad name is reported with the other keys);
 * NULL when the group names none or a bad one. */
static const link_preset *preset_of(const scn_raw_group *link)
{
	const scn_raw_entry *e = link ? g_hash_table_lookup(link->by_key, "preset") : NULL;
	if (!e)
		return NULL;
	char *why = NULL;
	scn_value *v = scn_value_parse(scn_keys_find(scn_schema_keys("link"), "preset"), e->value, &why);
	const link_preset *p = v ? v->model : NULL;
	scn_value_free(v);
	g_free(why);
	return p;
}

/* The model a group's model key selects (quietly: its problems are reported with the other keys);
 * NULL when the kind has none, or the name is missing or unknown. `fallback` supplies the key when
 * the group does not (a direction inherits its link's `loss`), then `preset` for direction `dir`
 * (NULL: the link, where both directions must agree), then the schema's default. */
static const void *model_of(const scn_kind *kind, const scn_raw_group *g, const scn_raw_group *fallback,
			    const link_preset *preset, const char *dir)
{
	const scn_key *def = scn_kind_model_def(kind);
	if (!def)
		return NULL;
	const scn_raw_entry *e = g ? g_hash_table_lookup(g->by_key, def->name) : NULL;
	if (!e && fallback)
		e = g_hash_table_lookup(fallback->by_key, def->name);
	const char *text = e ? e->value : link_preset_value(preset, dir, def->name);
	if (!text)
		text = def->default_value;
	if (!text)
		return NULL;
	char *why = NULL;
	scn_value *v = scn_value_parse(def, text, &why);
	const void *model = v ? v->model : NULL;
	scn_value_free(v);
	g_free(why);
	return model;
}

/* The first model (other than `except`) of the kind's model key that declares `key`. */
static const void *model_declaring(const scn_kind *kind, const char *key, const void *except)
{
	const scn_key *def = scn_kind_model_def(kind);
	for (size_t i = 0; def && def->models[i]; i++)
		if (def->models[i] != except && scn_keys_find(scn_kind_keys_of_model(kind, def->models[i]), key))
			return def->models[i];
	return NULL;
}

/* `key` is not valid in `g`: say what is, and why this one is not. */
static void report_unknown_key(scn_check *c, const scn_raw_group *g, const scn_kind *kind, const scn_raw_entry *e,
			       const void *model, bool model_known)
{
	const scn_key *mkeys = scn_kind_keys_of_model(kind, model);
	GPtrArray *names = g_ptr_array_new();
	GString *valid = g_string_new(NULL);
	for (const scn_key *k = kind->keys; k->name; k++)
		g_ptr_array_add(names, (gpointer)k->name);
	for (const scn_key *k = mkeys; k->name; k++)
		g_ptr_array_add(names, (gpointer)k->name);
	for (guint i = 0; i < names->len; i++)
		g_string_append_printf(valid, "%s%s", i ? ", " : "", (const char *)g_ptr_array_index(names, i));
	const scn_key *mdef = scn_kind_model_def(kind);
	const void *other = model_declaring(kind, e->key, model);
	char *q = scn_quote(e->key);
	char *why;
	if (other && model_known) {
		const char *other_name = registry_name(other);
		why = g_strdup_printf("expected one of %s, got %s, a key of %s \"%s\", but [%s] uses %s \"%s\" (select it "
				      "with %s = %s)", valid->str, q, mdef->model_kind, other_name, g->name,
				      mdef->model_kind, registry_name(model), mdef->name, other_name);
	} else if (kind == scn_kind_find("link-direction") && scn_keys_find(scn_schema_keys("link"), e->key)) {
		why = g_strdup_printf("expected one of %s, got %s, which is set for both directions in [%s] only", valid->str,
				      q, g->base);
	} else {
		char *hint = scn_did_you_mean(e->key, (const char *const *)names->pdata, names->len);
		why = g_strdup_printf("expected one of %s, got %s%s", valid->str, q, hint);
		g_free(hint);
	}
	scn_diag_add_at(c->diag, c->path, e->line, e->origin, g->name, e->key, "%s", why);
	g_free(why);
	g_free(q);
	g_string_free(valid, TRUE);
	g_ptr_array_unref(names);
}

/* Report the keys of `g` that neither its kind, nor `model`, nor any of `extra` (NULL-terminated,
 * may be NULL) declares. With `model_known` false (the model name is bad or missing, already
 * reported), keys of any model pass: there is nothing to check them against. */
static void check_key_names(scn_check *c, const scn_raw_group *g, const scn_kind *kind, const void *model,
			    bool model_known, const void *const *extra)
{
	const scn_key *mkeys = scn_kind_keys_of_model(kind, model);
	for (guint i = 0; i < g->entries->len; i++) {
		const scn_raw_entry *e = g_ptr_array_index(g->entries, i);
		if (scn_keys_find(kind->keys, e->key) || scn_keys_find(mkeys, e->key))
			continue;
		bool in_extra = false;
		for (size_t j = 0; extra && extra[j] && !in_extra; j++)
			in_extra = scn_keys_find(scn_kind_keys_of_model(kind, extra[j]), e->key) != NULL;
		if (in_extra || (!model_known && model_declaring(kind, e->key, NULL)))
			continue;
		report_unknown_key(c, g, kind, e, model, model_known);
	}
}

/* A value a preset gives; the tables are code, so a bad one is a programmer error (a unit test
 * parses every preset). */
static scn_value *parse_preset(const link_preset *p, const char *dir, const scn_key *def, const char *text)
{
	char *why = NULL;
	scn_value *v = scn_value_parse(def, text, &why);
	if (!v)
		g_error("preset %s gives %s %s a value that does not parse: %s", p->name, dir ? dir : "both directions",
			def->name, why);
	return v;
}

/* Values of `def` for `g`: its own entry, else `inherit`'s, else what `preset` gives direction
 * `dir` (NULL: what it gives both), else the default; a missing required key is reported when
 * `report_missing`. An optional key may stay missing. */
static void add_value(scn_check *c, scn_values *v, const scn_key *def, scn_raw_group *g, scn_raw_group *inherit,
		      bool report_missing, const link_preset *preset, const char *dir)
{
	scn_raw_group *from = g;
	scn_raw_entry *e = g ? g_hash_table_lookup(g->by_key, def->name) : NULL;
	const char *preset_text = link_preset_value(preset, dir, def->name);
	if (!e && inherit) {
		from = inherit;
		e = g_hash_table_lookup(inherit->by_key, def->name);
	}
	if (e) {
		scn_value *x = parse_entry(c, from->name, e, def);
		if (x)
			scn_values_append(v, x, e->origin, from->name, e->line);
	} else if (preset_text) {
		scn_values_append(v, parse_preset(preset, dir, def, preset_text), SCN_ORIGIN_DEFAULT, NULL, 0);
	} else if (def->default_value) {
		scn_values_append(v, parse_default(scn_values_group(v), def), SCN_ORIGIN_DEFAULT, NULL, 0);
	} else if (report_missing && !def->optional) {
		char *want = scn_key_expectation(def);
		scn_diag_add_at(c->diag, c->path, g->line, g->line ? SCN_ORIGIN_FILE : SCN_ORIGIN_SET, g->name, def->name,
				"expected %s, got nothing (the key is required)", want);
		g_free(want);
	}
}

/* What a link or direction sends by. */
typedef enum capacity {
	CAPACITY_NONE,  /* neither a rate nor a trace: reported for the link */
	CAPACITY_GIVEN, /* one of them */
	CAPACITY_BAD,   /* a bad value or both in one group: reported already */
} capacity;

static bool is_capacity_key(const char *key)
{
	return strcmp(key, "rate") == 0 || strcmp(key, "trace") == 0;
}

/* A direction sends at a `rate` or by a `trace`, never both: the most specific group that gives
 * either decides — `own` (the direction's group, or the link's for the link itself), else
 * `inherit` (the link, for a direction), else the preset's rate for `dir`. */
static capacity add_capacity(scn_check *c, scn_values *v, scn_raw_group *own, scn_raw_group *inherit,
			     const link_preset *preset, const char *dir)
{
	const scn_key *keys = scn_schema_keys("link-direction");
	const scn_key *rate_def = scn_keys_find(keys, "rate"), *trace_def = scn_keys_find(keys, "trace");
	scn_raw_group *groups[2] = { own, inherit };
	for (int i = 0; i < 2; i++) {
		scn_raw_group *g = groups[i];
		scn_raw_entry *r = g ? g_hash_table_lookup(g->by_key, "rate") : NULL;
		scn_raw_entry *t = g ? g_hash_table_lookup(g->by_key, "trace") : NULL;
		if (!r && !t)
			continue;
		if (r && t) {
			if (!t->reported)
				scn_diag_add_at(c->diag, c->path, t->line, t->origin, g->name, "trace",
						"expected either a rate or a trace in one group, got both (a direction's own "
						"group may replace the link's rate with a trace, or its trace with a rate)");
			t->reported = true;
			return CAPACITY_BAD;
		}
		scn_raw_entry *e = r ? r : t;
		scn_value *x = parse_entry(c, g->name, e, r ? rate_def : trace_def);
		if (!x)
			return CAPACITY_BAD;
		scn_values_append(v, x, e->origin, g->name, e->line);
		return CAPACITY_GIVEN;
	}
	const char *text = link_preset_value(preset, dir, "rate");
	if (!text)
		return CAPACITY_NONE;
	scn_values_append(v, parse_preset(preset, dir, rate_def, text), SCN_ORIGIN_DEFAULT, NULL, 0);
	return CAPACITY_GIVEN;
}

static scn_group *group_new(const char *name, const char *kind, const char *id, int line, scn_values *values)
{
	scn_group *g = g_new0(scn_group, 1);
	g->name = g_strdup(name);
	g->kind = g_strdup(kind);
	g->id = g_strdup(id);
	g->line = line;
	g->values = values;
	return g;
}

/* A group with no direction: its kind's keys, then its model's. `extra`: further models whose keys
 * are accepted but not kept (a link's keys for the models of its directions). A link's keys take
 * the defaults of its preset where both directions share them, and `*cap` says whether it gives a
 * rate or a trace. */
static scn_group *check_plain(scn_check *c, scn_raw_group *g, const void *const *extra, const link_preset *preset,
			      capacity *cap)
{
	const void *model = model_of(g->kind, g, NULL, preset, NULL);
	check_key_names(c, g, g->kind, model, model != NULL, extra);
	scn_values *v = scn_values_new(c->path, g->name, g->line);
	for (const scn_key *k = g->kind->keys; k->name; k++) {
		if (cap && is_capacity_key(k->name)) {
			if (strcmp(k->name, "rate") == 0)
				*cap = add_capacity(c, v, g, NULL, preset, NULL);
			continue;
		}
		add_value(c, v, k, g, NULL, true, preset, NULL);
	}
	const scn_key *mkeys = scn_kind_keys_of_model(g->kind, model);
	for (const scn_key *k = mkeys; k->name; k++)
		add_value(c, v, k, g, NULL, true, preset, NULL);
	/* Keys only a direction's model declares are not kept here, but their values are checked. */
	for (guint i = 0; i < g->entries->len; i++) {
		scn_raw_entry *e = g_ptr_array_index(g->entries, i);
		if (scn_keys_find(g->kind->keys, e->key) || scn_keys_find(mkeys, e->key))
			continue;
		for (size_t j = 0; extra && extra[j]; j++) {
			const scn_key *def = scn_keys_find(scn_kind_keys_of_model(g->kind, extra[j]), e->key);
			if (def) {
				scn_value_free(parse_entry(c, g->name, e, def));
				break;
			}
		}
	}
	return group_new(g->name, g->kind->name, g->id, g->line, v);
}

/* One direction of `link`: the direction's own keys (from `sub`, which may be NULL) over the
 * link's over the preset's, loss-model keys of the model this direction ends up with. */
static scn_group *check_direction(scn_check *c, scn_raw_group *link, scn_raw_group *sub, const char *dir,
				  const link_preset *preset, capacity *cap)
{
	const scn_kind *kind = scn_kind_find("link-direction");
	char *name = g_strdup_printf("%s.%s", link->name, dir);
	char *id = g_strdup_printf("%s.%s", link->id, dir);
	const void *model = model_of(kind, sub, link, preset, dir);
	if (sub)
		check_key_names(c, sub, kind, model, model != NULL, NULL);
	scn_values *v = scn_values_new(c->path, name, sub ? sub->line : 0);
	for (const scn_key *k = kind->keys; k->name; k++) {
		if (is_capacity_key(k->name)) {
			if (strcmp(k->name, "rate") == 0)
				*cap = add_capacity(c, v, sub, link, preset, dir);
			continue;
		}
		add_value(c, v, k, sub, link, false, preset, dir);
	}
	for (const scn_key *k = scn_kind_keys_of_model(kind, model); k->name; k++)
		add_value(c, v, k, sub, link, false, preset, dir);
	scn_group *out = group_new(name, kind->name, id, sub ? sub->line : 0, v);
	g_free(id);
	g_free(name);
	return out;
}

/* Every direction needs a rate or a trace; say so once per link. */
static void report_capacity(scn_check *c, const scn_raw_group *link, capacity up, capacity down)
{
	if (up != CAPACITY_NONE && down != CAPACITY_NONE)
		return;
	const char *which = up == CAPACITY_NONE && down == CAPACITY_NONE ? "" : up == CAPACITY_NONE ? " for the up direction"
															       : " for the down direction";
	scn_diag_add_at(c->diag, c->path, link->line, SCN_ORIGIN_FILE, link->name, "rate",
			"expected a rate like 20Mbit%s, got nothing (the key is required unless a trace or a preset "
			"gives the direction its capacity)", which);
}

GPtrArray *scn_check_groups(scn_check *c)
{
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)scn_group_free);
	const scn_kind *link_kind = scn_kind_find("link"), *dir_kind = scn_kind_find("link-direction");
	for (guint i = 0; i < c->raw->len; i++) {
		scn_raw_group *g = g_ptr_array_index(c->raw, i);
		if (!g->kind || g->kind == dir_kind)
			continue; /* a bad name (reported), or a direction: done with its link */
		if (g->kind != link_kind) {
			g_ptr_array_add(out, check_plain(c, g, NULL, NULL, NULL));
			continue;
		}
		char *up_name = g_strdup_printf("%s.up", g->name), *down_name = g_strdup_printf("%s.down", g->name);
		scn_raw_group *up = g_hash_table_lookup(c->raw_by_name, up_name);
		scn_raw_group *down = g_hash_table_lookup(c->raw_by_name, down_name);
		up = up && up->kind == dir_kind ? up : NULL;
		down = down && down->kind == dir_kind ? down : NULL;
		const link_preset *preset = preset_of(g);
		/* Keys of a model that only a direction ends up with (its own `loss`, or its preset's) may
		 * sit in the link, for that direction. */
		const void *link_model = model_of(link_kind, g, NULL, preset, NULL);
		const void *extra[3] = { NULL, NULL, NULL };
		size_t n_extra = 0;
		scn_raw_group *dirs[2] = { up, down };
		const char *dir_names[2] = { "up", "down" };
		for (int d = 0; d < 2; d++) {
			const void *m = model_of(dir_kind, dirs[d], g, preset, dir_names[d]);
			if (m && m != link_model)
				extra[n_extra++] = m;
		}
		capacity cap_link = CAPACITY_NONE, cap[2] = { CAPACITY_NONE, CAPACITY_NONE };
		g_ptr_array_add(out, check_plain(c, g, extra, preset, &cap_link));
		for (int d = 0; d < 2; d++)
			g_ptr_array_add(out, check_direction(c, g, dirs[d], dir_names[d], preset, &cap[d]));
		if (preset || !g_hash_table_contains(g->by_key, "preset")) /* a bad preset is reported already */
			report_capacity(c, g, cap[0], cap[1]);
		g_free(up_name);
		g_free(down_name);
	}
	return out;
}
