/* bench_suite.c — `mptcpsim bench regress`: run a suite of scenarios (a folder, scenarios/bench/NAME)
 * over a few seeds in this process and collect every metric and the speed of each run, for
 * comparison with a stored baseline (analysis/baseline.h). */
#include "bench.h"

#include "baseline.h"
#include "error.h"
#include "results.h"
#include "run_summary.h"
#include "scn_sweep.h"
#include "world.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#define BENCH_DEFAULT_SEEDS "1-3"

char *bench_suite_find(const char *name_or_path, const char *exe, GError **error)
{
	if (strchr(name_or_path, '/') || g_file_test(name_or_path, G_FILE_TEST_IS_DIR)) {
		if (g_file_test(name_or_path, G_FILE_TEST_IS_DIR))
			return g_strdup(name_or_path);
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "expected a suite folder of scenarios, got %s, which is not a folder",
			    name_or_path);
		return NULL;
	}
	char *here = g_build_filename("scenarios", "bench", name_or_path, NULL);
	if (g_file_test(here, G_FILE_TEST_IS_DIR))
		return here;
	char *bin_dir = g_path_get_dirname(exe);
	char *beside = g_build_filename(bin_dir, "..", "scenarios", "bench", name_or_path, NULL);
	g_free(bin_dir);
	if (g_file_test(beside, G_FILE_TEST_IS_DIR)) {
		g_free(here);
		return beside;
	}
	g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
		    "expected a suite: a folder of scenarios, or a NAME in %s or %s, got \"%s\", found in neither",
		    "scenarios/bench/", beside, name_or_path);
	g_free(here);
	g_free(beside);
	return NULL;
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void discard_row(void *ctx, const report_table *t, const report_cell *cells)
{
	(void)ctx;
	(void)t;
	(void)cells;
}

static bool diag_error(scn_diag *d, GError **error)
{
	return scn_diag_to_error(d, error);
}

/* One run: its metrics into names/values, its speed added to `s`. */
static bool run_once(const char *path, const char *const *sets, uint64_t seed, an_bench_scenario *speed,
		     GPtrArray *names, GArray *values, GError **error)
{
	scn_diag d;
	scn_diag_init(&d);
	scenario *scn = scn_load(path, sets, (int64_t)seed, &d);
	world *w = scn ? world_build(scn, NULL, &d) : NULL;
	bool ok = diag_error(&d, error);
	scn_diag_fini(&d);
	if (ok) {
		report_table_sink sink = { .row = discard_row };
		for (guint i = 0; i < w->sim->tables->len; i++)
			report_table_set_sink(g_ptr_array_index(w->sim->tables, i), &sink);
		double t0 = bench_wall_seconds();
		ok = world_run(w, error);
		speed->wall_seconds += bench_wall_seconds() - t0;
	}
	if (ok) {
		world_report(w);
		speed->events += w->sim->events_run;
		for (guint i = 0; i < w->links->len; i++) {
			const struct world_link *l = g_ptr_array_index(w->links, i);
			speed->packets += l->up->stats.tx_packets + l->down->stats.tx_packets;
		}
		JsonNode *metrics = results_report_to_json(w->sim->report);
		an_metrics_flatten(json_node_get_object(metrics), names, values);
		json_node_unref(metrics);
	}
	world_free(w);
	scn_free(scn);
	return ok;
}

/* The seeds of one scenario, and a check that it does not ask to vary anything. */
static GArray *scenario_seeds(const char *path, const char *const *sets, const char *seeds_override, GError **error)
{
	scn_diag d;
	scn_diag_init(&d);
	scenario *scn = scn_load(path, sets, -1, &d);
	GArray *seeds = NULL;
	if (diag_error(&d, error)) {
		const scn_group *sweep = scn_find_group(scn, "sweep");
		const char *text = seeds_override ? seeds_override
			: sweep ? scn_values_string(sweep->values, "seeds") : BENCH_DEFAULT_SEEDS;
		char *why = NULL;
		if (sweep && *scn_values_string(sweep->values, "vary")) {
			char *where = scn_values_where(sweep->values, "vary");
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
				    "%s: expected nothing to vary in a benchmark scenario (it runs as written), got \"%s\"", where,
				    scn_values_string(sweep->values, "vary"));
			g_free(where);
		} else if (!scn_sweep_parse_seeds(text, &seeds, &why)) {
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_USAGE, "--seeds: %s", why);
			g_free(why);
		}
	}
	scn_diag_fini(&d);
	scn_free(scn);
	return seeds;
}

static bool run_scenario(an_bench *b, const char *dir, const char *file, const char *seeds_override,
			 const char *const *sets, bool verbose, GError **error)
{
	char *path = g_build_filename(dir, file, NULL);
	GArray *seeds = scenario_seeds(path, sets, seeds_override, error);
	if (!seeds) {
		g_free(path);
		return false;
	}
	GPtrArray **names = g_new0(GPtrArray *, seeds->len);
	GArray **values = g_new0(GArray *, seeds->len);
	an_bench_scenario speed = { 0 };
	bool ok = true;
	for (guint i = 0; i < seeds->len && ok; i++) {
		names[i] = g_ptr_array_new_with_free_func(g_free);
		values[i] = g_array_new(FALSE, FALSE, sizeof(double));
		ok = run_once(path, sets, g_array_index(seeds, uint64_t, i), &speed, names[i], values[i], error);
	}
	char *stem = g_strdup(file);
	*strrchr(stem, '.') = '\0';
	if (ok) {
		an_bench_scenario *s = an_bench_add(b, stem, file, seeds, names, values);
		s->wall_seconds = speed.wall_seconds;
		s->events = speed.events;
		s->packets = speed.packets;
		if (verbose)
			printf("  %-16s %u run%s, %zu metrics, %.3f s\n", stem, seeds->len, seeds->len == 1 ? "" : "s",
			       (size_t)s->metrics->len, s->wall_seconds);
	}
	for (guint i = 0; i < seeds->len; i++) {
		if (names[i])
			g_ptr_array_unref(names[i]);
		if (values[i])
			g_array_unref(values[i]);
	}
	g_free(names);
	g_free(values);
	g_free(stem);
	g_array_unref(seeds);
	g_free(path);
	return ok;
}

an_bench *bench_suite_run(const char *dir, const char *suite, const char *seeds, const char *const *sets, bool verbose,
			  GError **error)
{
	GError *e = NULL;
	GDir *d = g_dir_open(dir, 0, &e);
	if (!d) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "cannot read suite %s: %s", dir, e->message);
		g_error_free(e);
		return NULL;
	}
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	const char *name;
	while ((name = g_dir_read_name(d)))
		if (g_str_has_suffix(name, ".ini") && strlen(name) > 4)
			g_ptr_array_add(files, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(files, cmp_names);
	if (!files->len) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected a suite folder with scenarios (*.ini), found none",
			    dir);
		g_ptr_array_unref(files);
		return NULL;
	}
	if (verbose)
		printf("suite %s: %u scenario%s in %s\n", suite, files->len, files->len == 1 ? "" : "s", dir);
	an_bench *b = an_bench_new(suite);
	bool ok = true;
	for (guint i = 0; i < files->len && ok; i++)
		ok = run_scenario(b, dir, g_ptr_array_index(files, i), seeds, sets, verbose, error);
	g_ptr_array_unref(files);
	if (!ok) {
		an_bench_free(b);
		return NULL;
	}
	return b;
}
