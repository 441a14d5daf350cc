/* scn_sweep.c — parsing seed lists ("1-10, 20") and vary lists ("group.key=a,b; group.key=c,d"). */
#include "scn_sweep.h"

#include "scn_impl.h"

#include <stdint.h>
#include <string.h>

static bool parse_seed(const char *text, uint64_t *out)
{
	guint64 v = 0;
	if (!*text || !g_ascii_string_to_unsigned(text, 10, 0, (guint64)INT64_MAX, &v, NULL))
		return false;
	*out = v;
	return true;
}

static gint cmp_u64(gconstpointer a, gconstpointer b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The first seed listed twice, if any. */
static bool find_repeat(const GArray *seeds, uint64_t *repeat)
{
	GArray *sorted = g_array_sized_new(FALSE, FALSE, sizeof(uint64_t), seeds->len);
	g_array_append_vals(sorted, seeds->data, seeds->len);
	g_array_sort(sorted, cmp_u64);
	bool found = false;
	for (guint i = 1; i < sorted->len && !found; i++)
		if (g_array_index(sorted, uint64_t, i) == g_array_index(sorted, uint64_t, i - 1)) {
			*repeat = g_array_index(sorted, uint64_t, i);
			found = true;
		}
	g_array_unref(sorted);
	return found;
}

bool scn_sweep_parse_seeds(const char *text, GArray **seeds, char **why)
{
	*why = NULL;
	char **items = g_strsplit(text, ",", -1);
	GArray *out = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	for (char **it = items; *it && !*why; it++) {
		char *item = g_strstrip(*it);
		const char *dash = strchr(item, '-');
		uint64_t lo = 0, hi = 0;
		char *q = scn_quote(item);
		if (!*item) {
			*why = g_strdup_printf("expected seeds like 1-30 or 1,2,5-9, got %s",
					       items[1] ? "an empty item between commas" : "nothing");
		} else if (dash) {
			char *left = g_strstrip(g_strndup(item, (gsize)(dash - item)));
			char *right = g_strstrip(g_strdup(dash + 1));
			if (!parse_seed(left, &lo) || !parse_seed(right, &hi))
				*why = g_strdup_printf("expected a seed range LOW-HIGH of integers from 0, got %s", q);
			else if (lo > hi)
				*why = g_strdup_printf("expected a seed range LOW-HIGH with LOW <= HIGH, got %s", q);
			g_free(left);
			g_free(right);
		} else if (!parse_seed(item, &lo)) {
			*why = g_strdup_printf("expected seeds like 1-30 or 1,2,5-9 (integers from 0), got %s", q);
		} else {
			hi = lo;
		}
		g_free(q);
		if (!*why && hi - lo >= (uint64_t)(SCN_SWEEP_MAX_SEEDS - out->len))
			*why = g_strdup_printf("expected at most %d seeds, got more", SCN_SWEEP_MAX_SEEDS);
		for (uint64_t s = lo; !*why; s++) {
			g_array_append_val(out, s);
			if (s == hi)
				break;
		}
	}
	g_strfreev(items);
	if (!*why && out->len == 0)
		*why = g_strdup("expected seeds like 1-30 or 1,2,5-9, got nothing");
	uint64_t repeat = 0;
	if (!*why && find_repeat(out, &repeat))
		*why = g_strdup_printf("expected each seed once, got %" G_GUINT64_FORMAT " twice", repeat);
	if (*why) {
		g_array_unref(out);
		return false;
	}
	*seeds = out;
	return true;
}

void scn_sweep_axis_free(scn_sweep_axis *a)
{
	if (!a)
		return;
	g_free(a->key);
	if (a->values)
		g_ptr_array_unref(a->values);
	g_free(a);
}

scn_sweep_axis *scn_sweep_parse_axis(const char *text, char **why)
{
	*why = NULL;
	const char *eq = strchr(text, '=');
	char *key = eq ? g_strstrip(g_strndup(text, (gsize)(eq - text))) : NULL;
	const char *dot = key ? strrchr(key, '.') : NULL;
	if (!dot || dot == key || !dot[1] || strpbrk(key, " \t,;")) {
		char *q = scn_quote(text);
		*why = g_strdup_printf("expected GROUP.KEY=VALUE,VALUE,... like link.wifi.rate=10Mbit,20Mbit, got %s", q);
		g_free(q);
		g_free(key);
		return NULL;
	}
	scn_sweep_axis *a = g_new0(scn_sweep_axis, 1);
	a->key = key;
	a->values = g_ptr_array_new_with_free_func(g_free);
	char **values = g_strsplit(eq + 1, ",", -1);
	for (char **v = values; *v && !*why; v++) {
		char *value = g_strstrip(*v);
		if (!*value) {
			*why = g_strdup_printf("%s: expected a list of values like 10Mbit,20Mbit, got %s", key,
					       values[1] ? "an empty value between commas" : "no value");
			break;
		}
		for (guint i = 0; i < a->values->len; i++)
			if (!strcmp(g_ptr_array_index(a->values, i), value)) {
				char *q = scn_quote(value);
				*why = g_strdup_printf("%s: expected each value once, got %s twice", key, q);
				g_free(q);
				break;
			}
		if (!*why)
			g_ptr_array_add(a->values, g_strdup(value));
	}
	g_strfreev(values);
	if (!*why && a->values->len == 0)
		*why = g_strdup_printf("%s: expected a list of values like 10Mbit,20Mbit, got no value", key);
	if (*why) {
		scn_sweep_axis_free(a);
		return NULL;
	}
	return a;
}

GPtrArray *scn_sweep_parse_vary(const char *text, char **why)
{
	*why = NULL;
	GPtrArray *axes = g_ptr_array_new_with_free_func((GDestroyNotify)scn_sweep_axis_free);
	char **parts = g_strsplit(text, ";", -1);
	for (char **p = parts; *p && !*why; p++) {
		char *part = g_strstrip(*p);
		if (!*part)
			continue;
		scn_sweep_axis *a = scn_sweep_parse_axis(part, why);
		if (!a)
			break;
		for (guint i = 0; i < axes->len; i++)
			if (!strcmp(((scn_sweep_axis *)g_ptr_array_index(axes, i))->key, a->key)) {
				*why = g_strdup_printf("expected each GROUP.KEY once, got %s twice", a->key);
				break;
			}
		g_ptr_array_add(axes, a);
	}
	g_strfreev(parts);
	if (*why) {
		g_ptr_array_unref(axes);
		return NULL;
	}
	return axes;
}

bool scn_sweep_check_seeds(const char *text, char **why)
{
	GArray *seeds = NULL;
	if (!scn_sweep_parse_seeds(text, &seeds, why))
		return false;
	g_array_unref(seeds);
	return true;
}

bool scn_sweep_check_vary(const char *text, char **why)
{
	GPtrArray *axes = scn_sweep_parse_vary(text, why);
	if (!axes)
		return false;
	g_ptr_array_unref(axes);
	return true;
}
