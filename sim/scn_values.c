/* scn_values.c — one group's validated values: parsing a value as its key's type wants (units.h
 * does the units), range checks, canonical text, and the typed accessors components read.
 *
 * The canonical text of a value ("1500us" for "1.5ms", "fd00::2" for "fd00:0::2") is what the
 * resolved scenario shows; parsing it again gives the same value and the same text. */
#include "scn_impl.h"

#include "error.h"
#include "registry.h"
#include "units.h"

#include <inttypes.h>
#include <string.h>

struct scn_values {
	char *path;  /* NULL: not from a file */
	char *group;
	int group_line;
	GPtrArray *items; /* scn_value*, schema order */
};

/* What a value of each type looks like, for "expected …": "a rate like 20Mbit". Caller frees. */
char *scn_key_expectation(const scn_key *k)
{
	if (k->expect)
		return g_strdup(k->expect);
	switch (k->type) {
	case SCN_TIME: return g_strdup("a time like 20ms");
	case SCN_RATE: return g_strdup("a rate like 20Mbit");
	case SCN_SIZE: return g_strdup("a size like 64KB");
	case SCN_PERCENT: return g_strdup("a percentage like 0.5%");
	case SCN_PACKETS: return g_strdup("a packet count like 100pkt");
	case SCN_QUEUE: return g_strdup("a queue limit like 100pkt or 64KB");
	case SCN_INT: return g_strdup("an integer like 42");
	case SCN_BOOL: return g_strdup("true or false");
	case SCN_STRING: return g_strdup("text");
	case SCN_CHOICE: {
		char *list = g_strjoinv(", ", (char **)k->choices);
		char *s = g_strdup_printf("one of %s", list);
		g_free(list);
		return s;
	}
	case SCN_MODEL: {
		char *names = registry_names_joined(k->models, ", ");
		char *s = g_strdup_printf("a %s (%s)", k->model_kind, *names ? names : "none is built in");
		g_free(names);
		return s;
	}
	case SCN_ENDPOINT: return g_strdup("an endpoint HOST.IFACE like phone.wifi");
	case SCN_ADDR_LIST: return g_strdup("addresses like 10.0.0.2, fd00::2");
	case SCN_INT_LIST: return g_strdup("integers like 3, 17, 18");
	case SCN_PATH: return g_strdup("a file name like traces/lte.down");
	}
	return g_strdup("a value");
}

/* The noun (with its article) and the base-unit rendering of a numeric type, for range messages. */
static const char *type_noun(scn_type t)
{
	switch (t) {
	case SCN_TIME: return "a time";
	case SCN_RATE: return "a rate";
	case SCN_SIZE: return "a size";
	case SCN_PACKETS: return "a packet count";
	case SCN_QUEUE: return "a queue limit";
	default: return "an integer";
	}
}

static char *format_base(scn_type t, int64_t v, bool in_packets)
{
	switch (t) {
	case SCN_TIME: return units_format_time(v);
	case SCN_RATE: return units_format_rate(v);
	case SCN_SIZE: return units_format_size(v);
	case SCN_PACKETS: return g_strdup_printf("%" PRId64 "pkt", v);
	case SCN_QUEUE: return in_packets ? g_strdup_printf("%" PRId64 "pkt", v) : units_format_size(v);
	default: return g_strdup_printf("%" PRId64, v);
	}
}

static char *format_percent(double fraction)
{
	/* Values are exact to 10^-10 percent (units.c parses parts per 10^12); print that many places
	 * and drop trailing zeros, so the text parses back to the same fraction. */
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	g_ascii_formatd(buf, sizeof buf, "%.10f", fraction * 100.0);
	size_t n = strlen(buf);
	if (strchr(buf, '.')) {
		while (n > 0 && buf[n - 1] == '0')
			n--;
		if (n > 0 && buf[n - 1] == '.')
			n--;
	}
	return g_strdup_printf("%.*s%%", (int)n, buf);
}

/* Range of a numeric value; NULL when fine, else the message. */
static char *check_range(const scn_key *k, int64_t v, bool in_packets, const char *text)
{
	char *q = scn_quote(text), *msg = NULL;
	if (v < k->min) {
		if (k->min == 1)
			msg = g_strdup_printf("expected %s greater than 0, got %s", type_noun(k->type), q);
		else {
			char *m = format_base(k->type, k->min, in_packets);
			msg = g_strdup_printf("expected %s of at least %s, got %s", type_noun(k->type), m, q);
			g_free(m);
		}
	} else if (k->max != 0 && v > k->max) {
		char *m = format_base(k->type, k->max, in_packets);
		msg = g_strdup_printf("expected %s of at most %s, got %s", type_noun(k->type), m, q);
		g_free(m);
	}
	g_free(q);
	return msg;
}

/* Items of a comma-separated list, blanks removed; NULL-terminated, caller frees. */
static char **split_list(const char *text)
{
	if (*text == '\0')
		return g_new0(char *, 1);
	char **items = g_strsplit(text, ",", -1);
	for (char **p = items; *p; p++)
		g_strstrip(*p);
	return items;
}

static bool parse_addr_list(const scn_key *k, const char *text, scn_value *v, char **why)
{
	char **items = split_list(text);
	v->list = g_array_new(FALSE, TRUE, sizeof(net_addr));
	GString *canon = g_string_new(NULL);
	bool ok = true;
	for (guint i = 0; items[i] && ok; i++) {
		net_addr a;
		GError *e = NULL;
		char *q = scn_quote(text);
		if (*items[i] == '\0') {
			*why = g_strdup_printf("expected addresses like 10.0.0.2, fd00::2, got an empty item %u in %s", i + 1, q);
			ok = false;
		} else if (!net_addr_parse(items[i], &a, &e)) {
			*why = g_strdup_printf("%s (item %u of %s)", e->message, i + 1, q);
			g_error_free(e);
			ok = false;
		} else {
			char buf[NET_ADDR_STRLEN];
			net_addr_to_string(&a, buf);
			for (guint j = 0; j < v->list->len && ok; j++) {
				if (net_addr_equal(&g_array_index(v->list, net_addr, j), &a)) {
					*why = g_strdup_printf("expected distinct addresses, got %s twice in %s", buf, q);
					ok = false;
				}
			}
			g_array_append_val(v->list, a);
			g_string_append_printf(canon, "%s%s", canon->len ? ", " : "", buf);
		}
		g_free(q);
	}
	if (ok && v->list->len < (guint)(k->min > 0 ? k->min : 0)) {
		*why = g_strdup_printf("expected at least %" PRId64 " address%s like 10.0.0.2, fd00::2, got none", k->min,
				       k->min == 1 ? "" : "es");
		ok = false;
	}
	g_strfreev(items);
	v->text = g_string_free(canon, FALSE);
	return ok;
}

static bool parse_int_list(const scn_key *k, const char *text, scn_value *v, char **why)
{
	char **items = split_list(text);
	v->list = g_array_new(FALSE, TRUE, sizeof(int64_t));
	GString *canon = g_string_new(NULL);
	bool ok = true;
	for (guint i = 0; items[i] && ok; i++) {
		int64_t x = 0;
		GError *e = NULL;
		char *q = scn_quote(text);
		if (!units_parse_int(items[i], &x, &e)) {
			*why = g_strdup_printf("%s (item %u of %s)", e->message, i + 1, q);
			g_error_free(e);
			ok = false;
		} else if (x < k->min || (k->max != 0 && x > k->max)) {
			char *range = k->max != 0 ? g_strdup_printf("between %" PRId64 " and %" PRId64, k->min, k->max)
						  : g_strdup_printf("of at least %" PRId64, k->min);
			*why = g_strdup_printf("expected integers %s like 3, 17, 18, got \"%s\" (item %u of %s)", range,
					       items[i], i + 1, q);
			g_free(range);
			ok = false;
		} else {
			g_array_append_val(v->list, x);
			g_string_append_printf(canon, "%s%" PRId64, canon->len ? ", " : "", x);
		}
		g_free(q);
	}
	g_strfreev(items);
	v->text = g_string_free(canon, FALSE);
	return ok;
}

static bool parse_endpoint(const char *text, scn_value *v, char **why)
{
	const char *dot = strchr(text, '.');
	size_t len = strlen(text);
	bool ok = dot ? scn_name_is_valid(text, (size_t)(dot - text)) &&
				scn_name_is_valid(dot + 1, len - (size_t)(dot - text) - 1)
		      : scn_name_is_valid(text, len);
	if (!ok) {
		char *q = scn_quote(text);
		*why = g_strdup_printf("expected an endpoint HOST.IFACE or HOST like phone.wifi (names of letters, digits, "
				       "'_' and '-'), got %s", q);
		g_free(q);
		return false;
	}
	v->text = g_strdup(text);
	return true;
}

static bool parse_model(const scn_key *k, const char *text, scn_value *v, char **why)
{
	if (registry_count(k->models) == 0) {
		char *q = scn_quote(text);
		*why = g_strdup_printf("expected a %s, got %s (no %s is built in)", k->model_kind, q, k->model_kind);
		g_free(q);
		return false;
	}
	GError *e = NULL;
	v->model = registry_find(k->models, text, k->model_kind, &e);
	if (!v->model) {
		*why = g_strdup(e->message);
		g_error_free(e);
		return false;
	}
	v->text = g_strdup(text);
	return true;
}

static bool parse_choice(const scn_key *k, const char *text, scn_value *v, char **why)
{
	size_t n = 0;
	while (k->choices[n])
		n++;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(k->choices[i], text) == 0) {
			v->text = g_strdup(text);
			return true;
		}
	}
	char *list = g_strjoinv(", ", (char **)k->choices);
	char *hint = scn_did_you_mean(text, k->choices, n);
	char *q = scn_quote(text);
	*why = g_strdup_printf("expected one of %s, got %s%s", list, q, hint);
	g_free(q);
	g_free(hint);
	g_free(list);
	return false;
}

/* Number types through units.h; the value's canonical text is its shortest exact rendering. */
static bool parse_number(const scn_key *k, const char *text, scn_value *v, char **why)
{
	GError *e = NULL;
	bool ok = false;
	switch (k->type) {
	case SCN_TIME: ok = units_parse_time(text, &v->i, &e); break;
	case SCN_RATE: ok = units_parse_rate(text, &v->i, &e); break;
	case SCN_SIZE: ok = units_parse_size(text, &v->i, &e); break;
	case SCN_PACKETS: ok = units_parse_packets(text, &v->i, &e); break;
	case SCN_QUEUE: ok = units_parse_queue(text, &v->i, &v->b, &e); break;
	case SCN_INT: ok = units_parse_int(text, &v->i, &e); break;
	default: g_assert_not_reached();
	}
	if (!ok) {
		*why = g_strdup(e->message);
		g_error_free(e);
		return false;
	}
	*why = check_range(k, v->i, v->b, text);
	if (*why)
		return false;
	v->text = format_base(k->type, v->i, v->b);
	return true;
}

scn_value *scn_value_parse(const scn_key *key, const char *text, char **why)
{
	*why = NULL;
	if (key->type != SCN_STRING && strlen(text) > SCN_VALUE_MAX_LEN) {
		char *q = scn_quote(text), *want = scn_key_expectation(key);
		*why = g_strdup_printf("expected %s, got %s, which is too long", want, q);
		g_free(want);
		g_free(q);
		return NULL;
	}
	scn_value *v = g_new0(scn_value, 1);
	v->key = key;
	bool ok = false;
	GError *e = NULL;
	switch (key->type) {
	case SCN_TIME:
	case SCN_RATE:
	case SCN_SIZE:
	case SCN_PACKETS:
	case SCN_QUEUE:
	case SCN_INT:
		ok = parse_number(key, text, v, why);
		break;
	case SCN_PERCENT:
		ok = units_parse_percent(text, &v->fraction, &e);
		if (ok)
			v->text = format_percent(v->fraction);
		break;
	case SCN_BOOL:
		ok = units_parse_bool(text, &v->b, &e);
		if (ok)
			v->text = g_strdup(v->b ? "true" : "false");
		break;
	case SCN_STRING:
		ok = !key->check || key->check(text, why);
		if (ok)
			v->text = g_strdup(text);
		break;
	case SCN_PATH:
		ok = *text != '\0';
		if (ok)
			v->text = g_strdup(text);
		else
			*why = g_strdup("expected a file name like traces/lte.down, got nothing");
		break;
	case SCN_CHOICE:
		ok = parse_choice(key, text, v, why);
		break;
	case SCN_MODEL:
		ok = parse_model(key, text, v, why);
		break;
	case SCN_ENDPOINT:
		ok = parse_endpoint(text, v, why);
		break;
	case SCN_ADDR_LIST:
		ok = parse_addr_list(key, text, v, why);
		break;
	case SCN_INT_LIST:
		ok = parse_int_list(key, text, v, why);
		break;
	}
	if (e) {
		*why = g_strdup(e->message);
		g_error_free(e);
	}
	if (!ok) {
		scn_value_free(v);
		return NULL;
	}
	return v;
}

void scn_value_free(scn_value *v)
{
	if (!v)
		return;
	g_free(v->text);
	g_free(v->group);
	if (v->list)
		g_array_unref(v->list);
	g_free(v);
}

scn_values *scn_values_new(const char *path, const char *group, int group_line)
{
	scn_values *v = g_new0(scn_values, 1);
	v->path = g_strdup(path);
	v->group = g_strdup(group);
	v->group_line = group_line;
	v->items = g_ptr_array_new_with_free_func((GDestroyNotify)scn_value_free);
	return v;
}

void scn_values_free(scn_values *v)
{
	if (!v)
		return;
	g_ptr_array_unref(v->items);
	g_free(v->group);
	g_free(v->path);
	g_free(v);
}

void scn_values_append(scn_values *v, scn_value *value, scn_origin origin, const char *written_in, int line)
{
	value->origin = origin;
	g_free(value->group);
	value->group = g_strdup(written_in ? written_in : v->group);
	value->line = line;
	g_ptr_array_add(v->items, value);
}

guint scn_values_count(const scn_values *v)
{
	return v->items->len;
}

const scn_value *scn_values_nth(const scn_values *v, guint i)
{
	return g_ptr_array_index(v->items, i);
}

const scn_value *scn_values_lookup(const scn_values *v, const char *key)
{
	for (guint i = 0; i < v->items->len; i++) {
		const scn_value *x = g_ptr_array_index(v->items, i);
		if (strcmp(x->key->name, key) == 0)
			return x;
	}
	return NULL;
}

int scn_values_group_line(const scn_values *v)
{
	return v->group_line;
}

const char *scn_values_path(const scn_values *v)
{
	return v->path;
}

const char *scn_values_group(const scn_values *v)
{
	return v->group;
}

/* Asking for an undeclared key or with the wrong type is a programmer error (scn.h). */
static const scn_value *get(const scn_values *v, const char *key, const char *accessor, bool type_ok(scn_type))
{
	const scn_value *x = scn_values_lookup(v, key);
	if (!x)
		g_error("%s: group [%s] has no key \"%s\"", accessor, v->group, key);
	if (type_ok && !type_ok(x->key->type))
		g_error("%s: key \"%s\" of [%s] has another type", accessor, key, v->group);
	return x;
}

static bool is_time(scn_type t) { return t == SCN_TIME; }
static bool is_int(scn_type t) { return t == SCN_RATE || t == SCN_SIZE || t == SCN_PACKETS || t == SCN_INT; }
static bool is_percent(scn_type t) { return t == SCN_PERCENT; }
static bool is_bool(scn_type t) { return t == SCN_BOOL; }
static bool is_queue(scn_type t) { return t == SCN_QUEUE; }
static bool is_addr_list(scn_type t) { return t == SCN_ADDR_LIST; }
static bool is_int_list(scn_type t) { return t == SCN_INT_LIST; }
static bool is_model(scn_type t) { return t == SCN_MODEL; }
static bool is_string(scn_type t)
{
	return t == SCN_STRING || t == SCN_CHOICE || t == SCN_MODEL || t == SCN_ENDPOINT || t == SCN_PATH;
}

static bool is_path(scn_type t) { return t == SCN_PATH; }

bool scn_values_has(const scn_values *v, const char *key)
{
	return scn_values_lookup(v, key) != NULL;
}

char *scn_values_file(const scn_values *v, const char *key)
{
	const char *name = get(v, key, "scn_values_file", is_path)->text;
	if (g_path_is_absolute(name) || !v->path)
		return g_strdup(name);
	char *dir = g_path_get_dirname(v->path);
	char *file = g_build_filename(dir, name, NULL);
	g_free(dir);
	return file;
}

sim_time_t scn_values_time(const scn_values *v, const char *key)
{
	return get(v, key, "scn_values_time", is_time)->i;
}

int64_t scn_values_int(const scn_values *v, const char *key)
{
	return get(v, key, "scn_values_int", is_int)->i;
}

double scn_values_percent(const scn_values *v, const char *key)
{
	return get(v, key, "scn_values_percent", is_percent)->fraction;
}

bool scn_values_bool(const scn_values *v, const char *key)
{
	return get(v, key, "scn_values_bool", is_bool)->b;
}

const char *scn_values_string(const scn_values *v, const char *key)
{
	return get(v, key, "scn_values_string", is_string)->text;
}

void scn_values_queue(const scn_values *v, const char *key, int64_t *limit, bool *in_packets)
{
	const scn_value *x = get(v, key, "scn_values_queue", is_queue);
	*limit = x->i;
	*in_packets = x->b;
}

const GArray *scn_values_addr_list(const scn_values *v, const char *key)
{
	return get(v, key, "scn_values_addr_list", is_addr_list)->list;
}

const GArray *scn_values_int_list(const scn_values *v, const char *key)
{
	return get(v, key, "scn_values_int_list", is_int_list)->list;
}

const void *scn_values_model(const scn_values *v, const char *key)
{
	return get(v, key, "scn_values_model", is_model)->model;
}

const char *scn_values_text(const scn_values *v, const char *key)
{
	return get(v, key, "scn_values_text", NULL)->text;
}

bool scn_values_is_set(const scn_values *v, const char *key)
{
	return get(v, key, "scn_values_is_set", NULL)->origin != SCN_ORIGIN_DEFAULT;
}

char *scn_values_where(const scn_values *v, const char *key)
{
	const scn_value *x = get(v, key, "scn_values_where", NULL);
	return scn_where_format(v->path, x->origin == SCN_ORIGIN_FILE ? x->line : 0, x->origin, x->group, key);
}

scn_values *scn_values_from_text(const scn_key *keys, const char *group_name, const char *const *key_equals_value,
				 GError **error)
{
	scn_diag d;
	scn_diag_init(&d);
	GHashTable *given = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	const char **names = g_new0(const char *, scn_keys_count(keys) + 1);
	for (size_t i = 0; keys[i].name; i++)
		names[i] = keys[i].name;
	for (size_t i = 0; key_equals_value && key_equals_value[i]; i++) {
		const char *kv = key_equals_value[i];
		const char *eq = strchr(kv, '=');
		char *key = g_strstrip(eq ? g_strndup(kv, (gsize)(eq - kv)) : g_strdup(kv));
		if (!eq) {
			scn_diag_add_at(&d, NULL, 0, SCN_ORIGIN_TEXT, group_name, NULL, "expected key=value, got \"%s\"", kv);
			g_free(key);
		} else if (!scn_keys_find(keys, key)) {
			char *valid = scn_keys_joined(keys);
			char *hint = scn_did_you_mean(key, names, scn_keys_count(keys));
			scn_diag_add_at(&d, NULL, 0, SCN_ORIGIN_TEXT, group_name, key, "expected one of %s, got \"%s\"%s",
					valid, key, hint);
			g_free(hint);
			g_free(valid);
			g_free(key);
		} else {
			g_hash_table_replace(given, key, g_strstrip(g_strdup(eq + 1)));
		}
	}
	scn_values *v = scn_values_new(NULL, group_name, 0);
	for (const scn_key *k = keys; k->name; k++) {
		const char *text = g_hash_table_lookup(given, k->name);
		if (!text && !k->default_value && k->optional)
			continue;
		if (!text && !k->default_value) {
			char *want = scn_key_expectation(k);
			scn_diag_add_at(&d, NULL, 0, SCN_ORIGIN_TEXT, group_name, k->name,
					"expected %s, got nothing (the key is required)", want);
			g_free(want);
			continue;
		}
		char *why = NULL;
		scn_value *x = scn_value_parse(k, text ? text : k->default_value, &why);
		if (!x) {
			scn_diag_add_at(&d, NULL, 0, SCN_ORIGIN_TEXT, group_name, k->name, "%s", why);
			g_free(why);
			continue;
		}
		scn_values_append(v, x, text ? SCN_ORIGIN_TEXT : SCN_ORIGIN_DEFAULT, NULL, 0);
	}
	g_free(names);
	g_hash_table_unref(given);
	bool ok = scn_diag_to_error(&d, error);
	scn_diag_fini(&d);
	if (!ok) {
		scn_values_free(v);
		return NULL;
	}
	return v;
}
