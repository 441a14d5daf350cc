/* scn_doc.c — the reference of every scenario group and key as Markdown, generated from the key
 * tables (scn_schema.c and each loss model's and workload type's `keys`).
 *
 * scenarios/README.md carries this text between its "generated" markers; tests/unit_scn.c fails
 * when the two differ, so the documentation cannot drift from the schema. */
#include "scn_impl.h"

#include "link_preset.h"
#include "registry.h"

#include <string.h>

#include <inttypes.h>

static const char *value_kind(const scn_key *k)
{
	switch (k->type) {
	case SCN_TIME: return "time (ns, us, ms, s, min)";
	case SCN_RATE: return "rate (bit, Kbit, Mbit, Gbit)";
	case SCN_SIZE: return "size (B, KB, MB, GB, KiB, MiB, GiB)";
	case SCN_PERCENT: return "percentage, 0% to 100%";
	case SCN_PACKETS: return "packets (pkt)";
	case SCN_QUEUE: return "packets (pkt) or a size (B, KB, …)";
	case SCN_INT: return "integer";
	case SCN_BOOL: return "true or false";
	case SCN_STRING: return "text";
	case SCN_CHOICE: return "one of";
	case SCN_MODEL: return k->model_kind;
	case SCN_ENDPOINT: return "HOST.IFACE or HOST";
	case SCN_ADDR_LIST: return "IPv4/IPv6 addresses, comma-separated";
	case SCN_INT_LIST: return "integers, comma-separated";
	case SCN_PATH: return "file name, relative to the scenario's folder";
	}
	return "value";
}

static void append_value_column(GString *s, const scn_key *k)
{
	g_string_append(s, value_kind(k));
	if (k->type == SCN_CHOICE) {
		for (size_t i = 0; k->choices[i]; i++)
			g_string_append_printf(s, "%s `%s`", i ? "," : "", k->choices[i]);
	} else if (k->type == SCN_MODEL) {
		char *names = registry_names_joined(k->models, "`, `");
		g_string_append_printf(s, *names ? ": `%s`" : " (none built in)", names);
		g_free(names);
	} else if (k->type == SCN_ADDR_LIST && k->min > 0) {
		g_string_append_printf(s, ", at least %" PRId64, k->min);
	} else if (k->type == SCN_INT_LIST) {
		g_string_append_printf(s, ", each ≥ %" PRId64, k->min);
	} else if (k->type != SCN_PERCENT && k->type != SCN_BOOL && k->type != SCN_STRING && k->type != SCN_ENDPOINT &&
		   k->type != SCN_PATH) {
		if (k->min == 1)
			g_string_append(s, ", > 0");
		else if (k->min != 0 || k->type == SCN_INT) /* units are never negative; integers may be */
			g_string_append_printf(s, ", ≥ %" PRId64, k->min);
		if (k->max != 0)
			g_string_append_printf(s, ", ≤ %" PRId64, k->max);
	}
}

static void append_table(GString *s, const scn_key *keys, bool inherited)
{
	if (!keys || !keys->name) {
		g_string_append(s, "No keys.\n\n");
		return;
	}
	g_string_append(s, "| key | value | default | meaning |\n|---|---|---|---|\n");
	for (const scn_key *k = keys; k->name; k++) {
		g_string_append_printf(s, "| `%s` | ", k->name);
		append_value_column(s, k);
		if (inherited)
			g_string_append(s, " | the link's");
		else if (!k->default_value && k->optional)
			g_string_append(s, " | (none)");
		else if (!k->default_value)
			g_string_append(s, " | **required**");
		else if (!*k->default_value)
			g_string_append(s, " | (empty)");
		else
			g_string_append_printf(s, " | `%s`", k->default_value);
		g_string_append_printf(s, " | %s |\n", k->doc ? k->doc : "");
	}
	g_string_append_c(s, '\n');
}

/* The models a kind's model key selects, each with its keys. */
static void append_models(GString *s, const scn_kind *kind)
{
	const scn_key *def = scn_kind_model_def(kind);
	if (!def)
		return;
	g_string_append_printf(s, "#### %c%ss (`%s = NAME`)\n\n", g_ascii_toupper(def->model_kind[0]), def->model_kind + 1,
			       def->name);
	if (!def->models[0]) {
		g_string_append_printf(s, "No %s is built in yet.\n\n", def->model_kind);
		return;
	}
	for (size_t i = 0; def->models[i]; i++) {
		const void *ops = def->models[i];
		const char *summary = kind->model_summary(ops);
		g_string_append_printf(s, "##### `%s = %s`: %s\n\n", def->name, registry_name(ops), summary ? summary : "");
		append_table(s, scn_kind_keys_of_model(kind, ops), false);
	}
}

/* Every preset's values, direction by direction, and where they come from. */
static void append_presets(GString *s)
{
	g_string_append(s, "#### Link presets (`preset = NAME`)\n\n"
			   "A preset gives the keys of each direction their defaults; a key the file gives, in the link "
			   "or in a direction, wins.\n\n");
	for (size_t i = 0; link_presets_all[i]; i++) {
		const link_preset *p = link_presets_all[i];
		g_string_append_printf(s, "##### `preset = %s`: %s\n\n", p->name, p->summary);
		if (!p->up[0] && !p->down[0]) {
			g_string_append(s, "No values.\n\n");
			continue;
		}
		g_string_append(s, "| key | up | down |\n|---|---|---|\n");
		/* Keys in the order the up direction lists them, then any only the down one has. */
		const char *const *lists[2] = { p->up, p->down };
		GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
		for (int d = 0; d < 2; d++)
			for (const char *const *kv = lists[d]; *kv; kv++) {
				char *key = g_strndup(*kv, strcspn(*kv, "="));
				bool seen = false;
				for (guint k = 0; k < keys->len && !seen; k++)
					seen = strcmp(g_ptr_array_index(keys, k), key) == 0;
				if (seen)
					g_free(key);
				else
					g_ptr_array_add(keys, key);
			}
		for (guint k = 0; k < keys->len; k++) {
			const char *key = g_ptr_array_index(keys, k);
			const char *up = link_preset_value(p, "up", key), *down = link_preset_value(p, "down", key);
			g_string_append_printf(s, "| `%s` | %s%s%s | %s%s%s |\n", key, up ? "`" : "", up ? up : "—", up ? "`" : "",
					       down ? "`" : "", down ? down : "—", down ? "`" : "");
		}
		g_ptr_array_unref(keys);
		g_string_append_printf(s, "\nSource: %s.\n\n", p->source);
	}
}

char *scn_schema_markdown(void)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; scn_kinds_all[i]; i++) {
		const scn_kind *k = scn_kinds_all[i];
		g_string_append_printf(s, "### %s\n\n%s\n\n", k->header, k->doc);
		bool direction = g_str_equal(k->name, "link-direction");
		append_table(s, k->keys, direction);
		if (!direction)
			append_models(s, k);
		if (g_str_equal(k->name, "link"))
			append_presets(s);
	}
	g_string_truncate(s, s->len - 1); /* one newline at the end */
	return g_string_free(s, FALSE);
}
