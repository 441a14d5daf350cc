/* aggregate_write.c — an aggregate as stats.csv, compare.csv and aggregate.json (formats in
 * analysis/RESULTS.md), and as a table for people. Numbers in files are written in the shortest
 * form that reads back to the same double (g_ascii_dtostr), so equal aggregates are equal bytes. */
#include "aggregate.h"

#include "error.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

/* RFC 4180 quoting. */
static void csv_string(GString *s, const char *v)
{
	if (!strpbrk(v, ",\"\r\n")) {
		g_string_append(s, v);
		return;
	}
	g_string_append_c(s, '"');
	for (; *v; v++) {
		if (*v == '"')
			g_string_append_c(s, '"');
		g_string_append_c(s, *v);
	}
	g_string_append_c(s, '"');
}

/* A number, or an empty field for NAN. */
static void csv_number(GString *s, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	g_string_append_c(s, ',');
	if (isfinite(v))
		g_string_append(s, g_ascii_dtostr(buf, sizeof buf, v));
}

static char *stats_csv(const an_aggregate *a)
{
	GString *s = g_string_new("variant,label,metric,n,mean,sd,ci95_low,ci95_high,min,max\n");
	for (guint v = 0; v < a->variants->len; v++) {
		const an_variant *var = g_ptr_array_index(a->variants, v);
		for (guint m = 0; m < a->metrics->len; m++) {
			const an_stats *st = &g_array_index(var->stats, an_stats, m);
			if (!st->n)
				continue;
			g_string_append_printf(s, "%u,", v + 1);
			csv_string(s, var->label);
			g_string_append_c(s, ',');
			csv_string(s, g_ptr_array_index(a->metrics, m));
			g_string_append_printf(s, ",%zu", st->n);
			csv_number(s, st->mean);
			csv_number(s, st->sd);
			csv_number(s, st->mean - st->ci_half);
			csv_number(s, st->mean + st->ci_half);
			csv_number(s, st->min);
			csv_number(s, st->max);
			g_string_append_c(s, '\n');
		}
	}
	return g_string_free(s, FALSE);
}

static char *compare_csv(const an_aggregate *a)
{
	GString *s = g_string_new("variant,label,baseline_label,metric,n,baseline_n,mean,baseline_mean,diff,"
				  "diff_ci95_low,diff_ci95_high,rel_diff,welch_df,significant\n");
	const an_variant *first = g_ptr_array_index(a->variants, 0);
	for (guint v = 1; v < a->variants->len; v++) {
		const an_variant *var = g_ptr_array_index(a->variants, v);
		for (guint m = 0; m < a->metrics->len; m++) {
			if (!g_array_index(var->compared, gboolean, m))
				continue;
			const an_stats *st = &g_array_index(var->stats, an_stats, m);
			const an_stats *base = &g_array_index(first->stats, an_stats, m);
			const an_welch *w = &g_array_index(var->vs_first, an_welch, m);
			g_string_append_printf(s, "%u,", v + 1);
			csv_string(s, var->label);
			g_string_append_c(s, ',');
			csv_string(s, first->label);
			g_string_append_c(s, ',');
			csv_string(s, g_ptr_array_index(a->metrics, m));
			g_string_append_printf(s, ",%zu,%zu", st->n, base->n);
			csv_number(s, st->mean);
			csv_number(s, base->mean);
			csv_number(s, w->diff);
			csv_number(s, w->ci_low);
			csv_number(s, w->ci_high);
			csv_number(s, w->rel);
			csv_number(s, w->df);
			g_string_append(s, w->significant ? ",true\n" : ",false\n");
		}
	}
	return g_string_free(s, FALSE);
}

static void json_number(JsonBuilder *b, const char *name, double v)
{
	json_builder_set_member_name(b, name);
	if (isfinite(v))
		json_builder_add_double_value(b, v);
	else
		json_builder_add_null_value(b);
}

static void json_variant(JsonBuilder *b, const an_aggregate *a, const an_variant *var)
{
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "label");
	json_builder_add_string_value(b, var->label);
	json_builder_set_member_name(b, "differs");
	json_builder_begin_object(b);
	for (guint i = 0; i < var->differs->len; i++) {
		const an_setting *s = g_ptr_array_index(var->differs, i);
		json_builder_set_member_name(b, s->name);
		json_builder_add_string_value(b, s->value);
	}
	json_builder_end_object(b);
	json_builder_set_member_name(b, "runs");
	json_builder_add_int_value(b, var->runs->len);
	json_builder_set_member_name(b, "seeds");
	json_builder_begin_array(b);
	for (guint i = 0; i < var->runs->len; i++)
		json_builder_add_int_value(b, (gint64)((const an_run *)g_ptr_array_index(var->runs, i))->seed);
	json_builder_end_array(b);
	json_builder_set_member_name(b, "scenario");
	json_builder_begin_object(b);
	const an_run *r = g_ptr_array_index(var->runs, 0);
	for (guint i = 0; i < r->settings->len; i++) {
		const an_setting *s = g_ptr_array_index(r->settings, i);
		if (an_setting_is_identity_free(s->name))
			continue;
		json_builder_set_member_name(b, s->name);
		json_builder_add_string_value(b, s->value);
	}
	json_builder_end_object(b);
	json_builder_set_member_name(b, "metrics");
	json_builder_begin_object(b);
	for (guint m = 0; m < a->metrics->len; m++) {
		const an_stats *st = &g_array_index(var->stats, an_stats, m);
		if (!st->n)
			continue;
		json_builder_set_member_name(b, g_ptr_array_index(a->metrics, m));
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "n");
		json_builder_add_int_value(b, (gint64)st->n);
		json_number(b, "mean", st->mean);
		json_number(b, "sd", st->sd);
		json_number(b, "ci95_low", st->mean - st->ci_half);
		json_number(b, "ci95_high", st->mean + st->ci_half);
		json_number(b, "min", st->min);
		json_number(b, "max", st->max);
		json_builder_end_object(b);
	}
	json_builder_end_object(b);
	json_builder_end_object(b);
}

static void json_comparison(JsonBuilder *b, const an_aggregate *a, const an_variant *var)
{
	const an_variant *first = g_ptr_array_index(a->variants, 0);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "variant");
	json_builder_add_string_value(b, var->label);
	json_builder_set_member_name(b, "baseline");
	json_builder_add_string_value(b, first->label);
	json_builder_set_member_name(b, "metrics");
	json_builder_begin_object(b);
	for (guint m = 0; m < a->metrics->len; m++) {
		if (!g_array_index(var->compared, gboolean, m))
			continue;
		const an_welch *w = &g_array_index(var->vs_first, an_welch, m);
		json_builder_set_member_name(b, g_ptr_array_index(a->metrics, m));
		json_builder_begin_object(b);
		json_number(b, "diff", w->diff);
		json_number(b, "ci95_low", w->ci_low);
		json_number(b, "ci95_high", w->ci_high);
		json_number(b, "rel_diff", w->rel);
		json_number(b, "welch_df", w->df);
		json_builder_set_member_name(b, "significant");
		json_builder_add_boolean_value(b, w->significant);
		json_builder_end_object(b);
	}
	json_builder_end_object(b);
	json_builder_end_object(b);
}

static char *aggregate_json(const an_aggregate *a)
{
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "schema");
	json_builder_add_string_value(b, AN_AGGREGATE_SCHEMA_NAME);
	json_builder_set_member_name(b, "schema_version");
	json_builder_add_int_value(b, AN_AGGREGATE_SCHEMA_VERSION);
	json_builder_set_member_name(b, "mptcpsim_version");
	json_builder_add_string_value(b, MPTCPSIM_VERSION);
	json_builder_set_member_name(b, "confidence_percent");
	json_builder_add_int_value(b, (gint64)(AN_CONFIDENCE * 100.0 + 0.5));
	json_builder_set_member_name(b, "variants");
	json_builder_begin_array(b);
	for (guint v = 0; v < a->variants->len; v++)
		json_variant(b, a, g_ptr_array_index(a->variants, v));
	json_builder_end_array(b);
	json_builder_set_member_name(b, "comparisons");
	json_builder_begin_array(b);
	for (guint v = 1; v < a->variants->len; v++)
		json_comparison(b, a, g_ptr_array_index(a->variants, v));
	json_builder_end_array(b);
	json_builder_end_object(b);
	JsonNode *root = json_builder_get_root(b);
	JsonGenerator *gen = json_generator_new();
	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 2);
	char *text = json_generator_to_data(gen, NULL);
	g_object_unref(gen);
	json_node_unref(root);
	g_object_unref(b);
	char *with_newline = g_strconcat(text, "\n", NULL);
	g_free(text);
	return with_newline;
}

static bool write_file(const char *dir, const char *name, char *text, GError **error)
{
	char *path = g_build_filename(dir, name, NULL);
	GError *e = NULL;
	bool ok = g_file_set_contents(path, text, -1, &e);
	if (!ok) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot write %s: %s", path, e->message);
		g_error_free(e);
	}
	g_free(path);
	g_free(text);
	return ok;
}

bool an_aggregate_write(const an_aggregate *a, const char *dir, GError **error)
{
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot create folder %s: %s", dir, g_strerror(errno));
		return false;
	}
	return write_file(dir, "stats.csv", stats_csv(a), error) &&
	       write_file(dir, "compare.csv", compare_csv(a), error) &&
	       write_file(dir, "aggregate.json", aggregate_json(a), error);
}

/* "1-5, 8, 10-12" */
static char *seeds_text(const an_variant *var)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < var->runs->len;) {
		uint64_t lo = ((const an_run *)g_ptr_array_index(var->runs, i))->seed, hi = lo;
		guint j = i + 1;
		while (j < var->runs->len && ((const an_run *)g_ptr_array_index(var->runs, j))->seed == hi + 1) {
			hi++;
			j++;
		}
		g_string_append_printf(s, "%s%" G_GUINT64_FORMAT, s->len ? ", " : "", lo);
		if (hi > lo)
			g_string_append_printf(s, "-%" G_GUINT64_FORMAT, hi);
		i = j;
	}
	return g_string_free(s, FALSE);
}

static bool shown(const char *metric, const char *const *globs, bool any_workload)
{
	if (!globs)
		return !any_workload || g_str_has_prefix(metric, "workloads.");
	for (const char *const *g = globs; *g; g++)
		if (g_pattern_match_simple(*g, metric))
			return true;
	return false;
}

void an_aggregate_print(const an_aggregate *a, FILE *f, const char *const *globs)
{
	bool any_workload = false;
	for (guint m = 0; m < a->metrics->len; m++)
		any_workload = any_workload || g_str_has_prefix(g_ptr_array_index(a->metrics, m), "workloads.");
	fprintf(f, "%u variant%s; mean ± half-width of the 95%% confidence interval (Student t) over seeds\n",
		a->variants->len, a->variants->len == 1 ? "" : "s");
	for (guint v = 0; v < a->variants->len; v++) {
		const an_variant *var = g_ptr_array_index(a->variants, v);
		char *seeds = seeds_text(var);
		fprintf(f, "  [%u] %s — %u run%s, seeds %s%s\n", v + 1, var->label, var->runs->len,
			var->runs->len == 1 ? "" : "s", seeds, v == 0 && a->variants->len > 1 ? " (baseline)" : "");
		g_free(seeds);
	}
	int width = 6;
	guint hidden = 0, visible = 0;
	for (guint m = 0; m < a->metrics->len; m++) {
		const char *name = g_ptr_array_index(a->metrics, m);
		if (shown(name, globs, any_workload)) {
			width = MAX(width, (int)strlen(name));
			visible++;
		} else {
			hidden++;
		}
	}
	if (!visible) {
		fprintf(f, "\nno metric to show: none of the %u metrics matches --metric\n", a->metrics->len);
		return;
	}
	fprintf(f, "\n%-*s %5s %4s %13s %s", width, "metric", "", "n", "mean", "   ± 95% CI");
	if (a->variants->len > 1)
		fputs("   diff vs [1] [95% CI] (relative)", f);
	fputc('\n', f);
	for (guint m = 0; m < a->metrics->len; m++) {
		const char *name = g_ptr_array_index(a->metrics, m);
		if (!shown(name, globs, any_workload))
			continue;
		for (guint v = 0; v < a->variants->len; v++) {
			const an_variant *var = g_ptr_array_index(a->variants, v);
			const an_stats *st = &g_array_index(var->stats, an_stats, m);
			char tag[16];
			g_snprintf(tag, sizeof tag, "[%u]", v + 1);
			fprintf(f, "%-*s %5s", width, v == 0 ? name : "", tag);
			if (!st->n) {
				fprintf(f, " %4s %13s\n", "0", "-");
				continue;
			}
			fprintf(f, " %4zu %13.6g", st->n, st->mean);
			if (isfinite(st->ci_half))
				fprintf(f, " ± %9.3g", st->ci_half);
			else
				fprintf(f, " %11s", "");
			if (v > 0 && g_array_index(var->compared, gboolean, m)) {
				const an_welch *w = &g_array_index(var->vs_first, an_welch, m);
				fprintf(f, "   %+10.4g [%+.4g, %+.4g]", w->diff, w->ci_low, w->ci_high);
				if (isfinite(w->rel))
					fprintf(f, " (%+.2f%%)", 100.0 * w->rel);
				if (w->significant)
					fputs(" *", f);
			}
			fputc('\n', f);
		}
	}
	if (a->variants->len > 1)
		fprintf(f, "\n* the interval of the difference excludes 0 (Welch, 95%%).");
	if (hidden)
		fprintf(f, "%s%u more metric%s in the files; choose with --metric GLOB ('*' for all).", a->variants->len > 1 ? " " : "\n",
			hidden, hidden == 1 ? "" : "s");
	if (hidden || a->variants->len > 1)
		fputc('\n', f);
}
