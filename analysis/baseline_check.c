/* baseline_check.c — a suite's run against its baseline: what moved, what is new, and the speed of
 * both, as a table (the rules are in baseline.h). */
#include "baseline.h"

#include <math.h>
#include <string.h>

static bool beyond_tolerance(double diff, double base_mean, double tolerance)
{
	return fabs(diff) > tolerance * fabs(base_mean);
}

/* Whether cur moved from base; `w` gets the difference. */
static bool moved(const an_stats *base, const an_stats *cur, double tolerance, an_welch *w)
{
	if (!an_welch_compare(base, cur, AN_CONFIDENCE, w)) {
		/* One run on a side: no interval, and a deterministic run either matches or not. */
		w->diff = cur->mean - base->mean;
		w->se = NAN;
		w->df = NAN;
		w->ci_low = w->ci_high = w->diff;
		w->rel = base->mean != 0.0 ? w->diff / fabs(base->mean) : NAN;
		w->significant = w->diff != 0.0;
	}
	return w->significant && beyond_tolerance(w->diff, base->mean, tolerance);
}

static char *seeds_text(const GArray *seeds)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < seeds->len;) {
		uint64_t lo = g_array_index(seeds, uint64_t, i), hi = lo;
		guint j = i + 1;
		while (j < seeds->len && g_array_index(seeds, uint64_t, j) == hi + 1)
			hi = g_array_index(seeds, uint64_t, j++);
		g_string_append_printf(s, "%s%" G_GUINT64_FORMAT, s->len ? "," : "", lo);
		if (hi > lo)
			g_string_append_printf(s, "-%" G_GUINT64_FORMAT, hi);
		i = j;
	}
	return g_string_free(s, FALSE);
}

static bool same_seeds(const GArray *a, const GArray *b)
{
	return a->len == b->len && memcmp(a->data, b->data, a->len * sizeof(uint64_t)) == 0;
}

static void compare_scenario(an_bench_check *c, const an_bench_scenario *base, const an_bench_scenario *cur)
{
	GHashTable *index = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint m = 0; m < cur->metrics->len; m++)
		g_hash_table_insert(index, g_ptr_array_index(cur->metrics, m), GUINT_TO_POINTER(m + 1));
	GHashTable *in_base = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint m = 0; m < base->metrics->len; m++) {
		const char *name = g_ptr_array_index(base->metrics, m);
		g_hash_table_add(in_base, (gpointer)name);
		guint at = GPOINTER_TO_UINT(g_hash_table_lookup(index, name));
		an_move mv = { .scenario = base->name, .metric = name };
		if (!at) {
			mv.kind = AN_MISSING_METRIC;
			g_array_append_val(c->moves, mv);
			continue;
		}
		c->n_compared++;
		mv.kind = AN_MOVED;
		mv.base = &g_array_index(base->stats, an_stats, m);
		mv.cur = &g_array_index(cur->stats, an_stats, at - 1);
		if (moved(mv.base, mv.cur, c->tolerance, &mv.diff))
			g_array_append_val(c->moves, mv);
	}
	guint added = 0;
	const char *first = NULL;
	for (guint m = 0; m < cur->metrics->len; m++)
		if (!g_hash_table_contains(in_base, g_ptr_array_index(cur->metrics, m)) && !added++)
			first = g_ptr_array_index(cur->metrics, m);
	if (added)
		g_ptr_array_add(c->notes, g_strdup_printf("%s: %u new metric%s without a baseline (%s%s)", cur->name, added,
							  added == 1 ? "" : "s", first, added > 1 ? ", …" : ""));
	if (!same_seeds(base->seeds, cur->seeds)) {
		char *a = seeds_text(base->seeds), *b = seeds_text(cur->seeds);
		g_ptr_array_add(c->notes, g_strdup_printf("%s: ran seeds %s, the baseline %s: compared as samples, not run "
							  "by run",
							  cur->name, b, a));
		g_free(a);
		g_free(b);
	}
	g_hash_table_unref(in_base);
	g_hash_table_unref(index);
}

an_bench_check *an_bench_compare(const an_bench *base, const an_bench *cur, double tolerance)
{
	an_bench_check *c = g_new0(an_bench_check, 1);
	c->base = base;
	c->cur = cur;
	c->tolerance = tolerance;
	c->moves = g_array_new(FALSE, TRUE, sizeof(an_move));
	c->notes = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < base->scenarios->len; i++) {
		const an_bench_scenario *b = g_ptr_array_index(base->scenarios, i);
		const an_bench_scenario *now = an_bench_find(cur, b->name);
		if (!now) {
			an_move mv = { .kind = AN_MISSING_SCENARIO, .scenario = b->name };
			g_array_append_val(c->moves, mv);
		} else {
			compare_scenario(c, b, now);
		}
	}
	for (guint i = 0; i < cur->scenarios->len; i++) {
		const an_bench_scenario *s = g_ptr_array_index(cur->scenarios, i);
		if (!an_bench_find(base, s->name))
			g_ptr_array_add(c->notes, g_strdup_printf("%s: a new scenario, not in the baseline", s->name));
	}
	c->n_moved = c->moves->len;
	return c;
}

void an_bench_check_free(an_bench_check *c)
{
	if (!c)
		return;
	g_array_unref(c->moves);
	g_ptr_array_unref(c->notes);
	g_free(c);
}

static void format_stats(char *buf, size_t len, const an_stats *st)
{
	if (isfinite(st->ci_half))
		g_snprintf(buf, len, "%.6g ± %.3g", st->mean, st->ci_half);
	else
		g_snprintf(buf, len, "%.6g", st->mean);
}

void an_bench_check_print(const an_bench_check *c, FILE *f)
{
	if (!c->n_moved) {
		fprintf(f, "no metric moved: %u metrics of %u scenario%s agree with the baseline (suite %s, mptcpsim %s",
			c->n_compared, c->base->scenarios->len, c->base->scenarios->len == 1 ? "" : "s", c->base->suite,
			c->base->mptcpsim_version);
		fprintf(f, "; tolerance %g%%, 95%% Welch intervals)\n", 100.0 * c->tolerance);
	} else {
		fprintf(f, "%u metric%s moved from the baseline (suite %s, mptcpsim %s; tolerance %g%%, 95%% Welch intervals):\n\n",
			c->n_moved, c->n_moved == 1 ? "" : "s", c->base->suite, c->base->mptcpsim_version, 100.0 * c->tolerance);
		int sw = 8, mw = 6;
		for (guint i = 0; i < c->moves->len; i++) {
			const an_move *mv = &g_array_index(c->moves, an_move, i);
			sw = MAX(sw, (int)strlen(mv->scenario));
			mw = MAX(mw, mv->metric ? (int)strlen(mv->metric) : 0);
		}
		fprintf(f, "%-*s  %-*s  %22s  %22s  %s\n", sw, "scenario", mw, "metric", "baseline (mean ± CI)",
			"now (mean ± CI)", "difference [95% CI] (relative)");
		for (guint i = 0; i < c->moves->len; i++) {
			const an_move *mv = &g_array_index(c->moves, an_move, i);
			if (mv->kind == AN_MISSING_SCENARIO) {
				fprintf(f, "%-*s  %-*s  the scenario is in the baseline, not in the suite\n", sw, mv->scenario, mw, "");
				continue;
			}
			if (mv->kind == AN_MISSING_METRIC) {
				fprintf(f, "%-*s  %-*s  in the baseline, not reported by this run\n", sw, mv->scenario, mw, mv->metric);
				continue;
			}
			char b[64], n[64];
			format_stats(b, sizeof b, mv->base);
			format_stats(n, sizeof n, mv->cur);
			fprintf(f, "%-*s  %-*s  %22s  %22s  %+.4g [%+.4g, %+.4g]", sw, mv->scenario, mw, mv->metric, b, n,
				mv->diff.diff, mv->diff.ci_low, mv->diff.ci_high);
			if (isfinite(mv->diff.rel))
				fprintf(f, " (%+.2f%%)", 100.0 * mv->diff.rel);
			fputc('\n', f);
		}
	}
	for (guint i = 0; i < c->notes->len; i++)
		fprintf(f, "note: %s\n", (const char *)g_ptr_array_index(c->notes, i));
	fputc('\n', f);
	an_bench_print_speed(c->cur, c->base, f);
}

static double per_second(uint64_t count, double seconds)
{
	return seconds > 0 ? (double)count / seconds : NAN;
}

void an_bench_print_speed(const an_bench *cur, const an_bench *base, FILE *f)
{
	fprintf(f, "speed (recorded, never judged: it depends on the machine)\n");
	fprintf(f, "%-16s %8s %12s %14s %14s", "scenario", "runs", "wall s", "events/s", "packets/s");
	if (base)
		fprintf(f, "  %s", "baseline events/s, packets/s");
	fputc('\n', f);
	for (guint i = 0; i < cur->scenarios->len; i++) {
		const an_bench_scenario *s = g_ptr_array_index(cur->scenarios, i);
		fprintf(f, "%-16s %8u %12.3f %14.0f %14.0f", s->name, s->seeds->len, s->wall_seconds,
			per_second(s->events, s->wall_seconds), per_second(s->packets, s->wall_seconds));
		const an_bench_scenario *b = base ? an_bench_find(base, s->name) : NULL;
		if (b)
			fprintf(f, "  %.0f, %.0f", per_second(b->events, b->wall_seconds), per_second(b->packets, b->wall_seconds));
		fputc('\n', f);
	}
}
