/* aggregate.c — collect results folders, group them into variants, label the variants, and compute
 * the statistics of every metric and the comparisons with the first variant. */
#include "aggregate.h"

#include "error.h"

#include <string.h>

an_aggregate *an_aggregate_new(void)
{
	an_aggregate *a = g_new0(an_aggregate, 1);
	a->runs = g_ptr_array_new_with_free_func((GDestroyNotify)an_run_free);
	a->variants = g_ptr_array_new();
	a->metrics = g_ptr_array_new_with_free_func(g_free);
	return a;
}

static void variant_free(an_variant *v)
{
	g_free(v->label);
	g_ptr_array_unref(v->differs);
	g_ptr_array_unref(v->runs);
	if (v->stats)
		g_array_unref(v->stats);
	if (v->vs_first)
		g_array_unref(v->vs_first);
	if (v->compared)
		g_array_unref(v->compared);
	g_free(v);
}

static void clear_variants(an_aggregate *a)
{
	for (guint i = 0; i < a->variants->len; i++)
		variant_free(g_ptr_array_index(a->variants, i));
	g_ptr_array_set_size(a->variants, 0);
	g_ptr_array_set_size(a->metrics, 0);
}

void an_aggregate_free(an_aggregate *a)
{
	if (!a)
		return;
	clear_variants(a);
	g_ptr_array_unref(a->variants);
	g_ptr_array_unref(a->metrics);
	g_ptr_array_unref(a->runs);
	g_free(a);
}

void an_aggregate_add_run(an_aggregate *a, an_run *r)
{
	g_ptr_array_add(a->runs, r);
}

int an_natural_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (g_ascii_isdigit(*a) && g_ascii_isdigit(*b)) {
			while (*a == '0' && g_ascii_isdigit(a[1]))
				a++;
			while (*b == '0' && g_ascii_isdigit(b[1]))
				b++;
			size_t la = 0, lb = 0;
			while (g_ascii_isdigit(a[la]))
				la++;
			while (g_ascii_isdigit(b[lb]))
				lb++;
			if (la != lb)
				return la < lb ? -1 : 1;
			int c = strncmp(a, b, la);
			if (c)
				return c;
			a += la;
			b += lb;
		} else {
			if (*a != *b)
				return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
			a++;
			b++;
		}
	}
	return *a ? 1 : *b ? -1 : 0;
}

static gint cmp_natural(gconstpointer a, gconstpointer b)
{
	return an_natural_cmp(*(const char *const *)a, *(const char *const *)b);
}

static guint collect_dir(an_aggregate *a, const char *dir, GPtrArray *problems)
{
	char *summary = g_build_filename(dir, "summary.json", NULL);
	gboolean is_run = g_file_test(summary, G_FILE_TEST_EXISTS);
	g_free(summary);
	if (is_run) {
		GError *e = NULL;
		an_run *r = an_run_load(dir, &e);
		if (!r) {
			g_ptr_array_add(problems, g_strdup(e->message));
			g_error_free(e);
			return 0;
		}
		an_aggregate_add_run(a, r);
		return 1;
	}
	GError *e = NULL;
	GDir *d = g_dir_open(dir, 0, &e);
	if (!d) {
		g_ptr_array_add(problems, g_strdup_printf("cannot read folder %s: %s", dir, e->message));
		g_error_free(e);
		return 0;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, cmp_natural);
	guint n = 0;
	for (guint i = 0; i < names->len; i++) {
		char *sub = g_build_filename(dir, (const char *)g_ptr_array_index(names, i), NULL);
		if (g_file_test(sub, G_FILE_TEST_IS_DIR) && !g_file_test(sub, G_FILE_TEST_IS_SYMLINK))
			n += collect_dir(a, sub, problems);
		g_free(sub);
	}
	g_ptr_array_unref(names);
	return n;
}

guint an_aggregate_collect(an_aggregate *a, const char *path, GPtrArray *problems)
{
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_ptr_array_add(problems, g_strdup_printf("cannot read %s: no such file or folder", path));
		return 0;
	}
	if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
		GError *e = NULL;
		an_run *r = an_run_load(path, &e);
		if (!r) {
			g_ptr_array_add(problems, g_strdup(e->message));
			g_error_free(e);
			return 0;
		}
		an_aggregate_add_run(a, r);
		return 1;
	}
	guint before = problems->len;
	guint n = collect_dir(a, path, problems);
	if (n == 0 && problems->len == before)
		g_ptr_array_add(problems, g_strdup_printf("%s: expected results folders (each with a summary.json) in "
							  "it or below it, found none",
							  path));
	return n;
}

static gint cmp_seed(gconstpointer a, gconstpointer b)
{
	const an_run *x = *(an_run *const *)a, *y = *(an_run *const *)b;
	return x->seed < y->seed ? -1 : x->seed > y->seed;
}

/* The setting names that do not have one value in every variant, in the order the runs list
 * them. A direction's key ("link.wifi.up.rate") is left out when the link's own key differs too,
 * since it only follows it — unless that would give two variants one label. */
static GPtrArray *differing_names(an_aggregate *a, gboolean drop_followers)
{
	GPtrArray *names = g_ptr_array_new();
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint v = 0; v < a->variants->len; v++) {
		const an_run *r = g_ptr_array_index(((an_variant *)g_ptr_array_index(a->variants, v))->runs, 0);
		for (guint i = 0; i < r->settings->len; i++) {
			const an_setting *s = g_ptr_array_index(r->settings, i);
			if (an_setting_is_identity_free(s->name) || g_hash_table_contains(seen, s->name))
				continue;
			g_hash_table_add(seen, s->name);
			for (guint w = 0; w < a->variants->len; w++) {
				const an_run *o = g_ptr_array_index(((an_variant *)g_ptr_array_index(a->variants, w))->runs, 0);
				if (g_strcmp0(an_run_setting(o, s->name), s->value) != 0) {
					g_ptr_array_add(names, s->name);
					break;
				}
			}
		}
	}
	g_hash_table_unref(seen);
	if (!drop_followers)
		return names;
	GPtrArray *kept = g_ptr_array_new();
	for (guint i = 0; i < names->len; i++) {
		const char *n = g_ptr_array_index(names, i);
		gboolean follower = FALSE;
		if (g_str_has_prefix(n, "link.")) {
			char **parts = g_strsplit(n, ".", -1);
			if (g_strv_length(parts) == 4 && (!strcmp(parts[2], "up") || !strcmp(parts[2], "down"))) {
				char *base = g_strdup_printf("link.%s.%s", parts[1], parts[3]);
				for (guint j = 0; j < names->len && !follower; j++)
					follower = !strcmp(base, g_ptr_array_index(names, j));
				g_free(base);
			}
			g_strfreev(parts);
		}
		if (!follower)
			g_ptr_array_add(kept, (gpointer)n);
	}
	g_ptr_array_unref(names);
	return kept;
}

static char *single_label(const an_variant *v)
{
	const an_run *r = g_ptr_array_index(v->runs, 0);
	const char *name = an_run_setting(r, "simulation.name");
	if (name && *name)
		return g_strdup(name);
	char *base = g_path_get_basename(r->scenario_file);
	char *dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = '\0';
	return base;
}

static void label_variants(an_aggregate *a)
{
	if (a->variants->len == 1) {
		an_variant *v = g_ptr_array_index(a->variants, 0);
		v->label = single_label(v);
		return;
	}
	for (int pass = 0; pass < 2; pass++) {
		GPtrArray *names = differing_names(a, pass == 0);
		GHashTable *labels = g_hash_table_new(g_str_hash, g_str_equal);
		gboolean unique = TRUE;
		for (guint v = 0; v < a->variants->len; v++) {
			an_variant *var = g_ptr_array_index(a->variants, v);
			const an_run *r = g_ptr_array_index(var->runs, 0);
			GString *label = g_string_new(NULL);
			g_free(var->label);
			g_ptr_array_set_size(var->differs, 0);
			for (guint i = 0; i < names->len; i++) {
				const char *n = g_ptr_array_index(names, i);
				const char *value = an_run_setting(r, n);
				g_string_append_printf(label, "%s%s=%s", i ? ", " : "", n, value ? value : "(none)");
				for (guint k = 0; k < r->settings->len; k++)
					if (!strcmp(((an_setting *)g_ptr_array_index(r->settings, k))->name, n))
						g_ptr_array_add(var->differs, g_ptr_array_index(r->settings, k));
			}
			var->label = g_string_free(label, FALSE);
			unique = unique && !g_hash_table_contains(labels, var->label);
			g_hash_table_add(labels, var->label);
		}
		g_hash_table_unref(labels);
		g_ptr_array_unref(names);
		if (unique)
			break;
	}
}

static void compute_stats(an_aggregate *a)
{
	GHashTable *index = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint v = 0; v < a->variants->len; v++) {
		an_variant *var = g_ptr_array_index(a->variants, v);
		for (guint i = 0; i < var->runs->len; i++) {
			const an_run *r = g_ptr_array_index(var->runs, i);
			for (guint m = 0; m < r->metric_names->len; m++) {
				const char *name = g_ptr_array_index(r->metric_names, m);
				if (!g_hash_table_contains(index, name)) {
					g_ptr_array_add(a->metrics, g_strdup(name));
					g_hash_table_insert(index, g_ptr_array_index(a->metrics, a->metrics->len - 1),
							    GUINT_TO_POINTER(a->metrics->len - 1));
				}
			}
		}
	}
	guint n_metrics = a->metrics->len;
	for (guint v = 0; v < a->variants->len; v++) {
		an_variant *var = g_ptr_array_index(a->variants, v);
		/* values[m] collects metric m over the runs in seed order */
		GArray **values = g_new(GArray *, n_metrics ? n_metrics : 1);
		for (guint m = 0; m < n_metrics; m++)
			values[m] = g_array_new(FALSE, FALSE, sizeof(double));
		for (guint i = 0; i < var->runs->len; i++) {
			const an_run *r = g_ptr_array_index(var->runs, i);
			for (guint m = 0; m < r->metric_names->len; m++) {
				guint idx = GPOINTER_TO_UINT(g_hash_table_lookup(index, g_ptr_array_index(r->metric_names, m)));
				g_array_append_val(values[idx], g_array_index(r->metric_values, double, m));
			}
		}
		var->stats = g_array_sized_new(FALSE, TRUE, sizeof(an_stats), n_metrics);
		g_array_set_size(var->stats, n_metrics);
		for (guint m = 0; m < n_metrics; m++) {
			if (values[m]->len)
				an_stats_compute((const double *)(void *)values[m]->data, values[m]->len, AN_CONFIDENCE,
						 &g_array_index(var->stats, an_stats, m));
			g_array_unref(values[m]);
		}
		g_free(values);
	}
	const an_variant *first = g_ptr_array_index(a->variants, 0);
	for (guint v = 0; v < a->variants->len; v++) {
		an_variant *var = g_ptr_array_index(a->variants, v);
		var->vs_first = g_array_sized_new(FALSE, TRUE, sizeof(an_welch), n_metrics);
		g_array_set_size(var->vs_first, n_metrics);
		var->compared = g_array_sized_new(FALSE, TRUE, sizeof(gboolean), n_metrics);
		g_array_set_size(var->compared, n_metrics);
		for (guint m = 0; v > 0 && m < n_metrics; m++)
			g_array_index(var->compared, gboolean, m) =
				an_welch_compare(&g_array_index(first->stats, an_stats, m), &g_array_index(var->stats, an_stats, m),
						 AN_CONFIDENCE, &g_array_index(var->vs_first, an_welch, m));
	}
	g_hash_table_unref(index);
}

bool an_aggregate_compute(an_aggregate *a, GError **error)
{
	clear_variants(a);
	if (a->runs->len == 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "expected at least one results folder, got none");
		return false;
	}
	GHashTable *by_identity = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < a->runs->len; i++) {
		an_run *r = g_ptr_array_index(a->runs, i);
		an_variant *v = g_hash_table_lookup(by_identity, r->identity);
		if (!v) {
			v = g_new0(an_variant, 1);
			v->differs = g_ptr_array_new();
			v->runs = g_ptr_array_new();
			g_ptr_array_add(a->variants, v);
			g_hash_table_insert(by_identity, r->identity, v);
		}
		g_ptr_array_add(v->runs, r);
	}
	g_hash_table_unref(by_identity);
	GString *dups = g_string_new(NULL);
	for (guint v = 0; v < a->variants->len; v++) {
		an_variant *var = g_ptr_array_index(a->variants, v);
		g_ptr_array_sort(var->runs, cmp_seed); /* GLib's sort is stable: a tie keeps the order added */
		for (guint i = 1; i < var->runs->len; i++) {
			const an_run *p = g_ptr_array_index(var->runs, i - 1), *r = g_ptr_array_index(var->runs, i);
			if (p->seed == r->seed)
				g_string_append_printf(dups, "%s%s and %s: the same scenario with the same seed %" G_GUINT64_FORMAT,
						       dups->len ? "\n" : "", p->dir, r->dir, r->seed);
		}
	}
	if (dups->len) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s\nexpected each seed once per variant (a sample counts every seed once)", dups->str);
		g_string_free(dups, TRUE);
		clear_variants(a);
		return false;
	}
	g_string_free(dups, TRUE);
	label_variants(a);
	compute_stats(a);
	return true;
}
