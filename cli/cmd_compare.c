/* cmd_compare.c — `mptcpsim compare FILE [--modes tcp,handover,...] [--out DIR] [--seed N] [--set ...]
 *                   [--no-plots]`.
 *
 * Runs one scenario under each way of using two radios (sim/mode.h), each into DIR/MODE/, and prints
 * a side-by-side table of what the user felt, per application workload: requests, requests failed,
 * median and 95th-percentile response time, handover gap, cellular bytes and radio-on time
 * (app_session.h). The table also goes to DIR/compare.csv, and each mode's plots to DIR/MODE/plots
 * when gnuplot is installed (as `run` draws them). Without --modes every mode is tried and
 * those this build cannot run are listed under the table with the reason; a mode named in --modes
 * that cannot run makes the exit code 1, and a run that fails gives its exit code (the other modes
 * still run, and the table is printed). */
#include "commands.h"

#include "error.h"
#include "mode.h"
#include "report.h"
#include "runner.h"

#include <stdio.h>
#include <errno.h>
#include <string.h>

struct compare_row {
	char *mode;
	char *workload;
	char *note; /* NULL: ran; else why not */
	int64_t v[7];
	bool has[7];
};

enum { C_REQUESTS, C_FAILED, C_P50, C_P95, C_GAP, C_CELL, C_RADIO, C_COUNT };
static const char *const metric_keys[C_COUNT] = {
	"requests", "failed", "response_p50_ns", "response_p95_ns", "handover_gap_ns", "cellular_bytes", "radio_on_ns",
};
static const char *const headers[C_COUNT] = {
	"requests", "failed", "median", "p95", "handover gap", "cellular bytes", "radio on",
};

struct compare {
	const char *mode;
	GPtrArray *rows; /* struct compare_row* */
};

static void row_free(gpointer p)
{
	struct compare_row *r = p;
	g_free(r->mode);
	g_free(r->workload);
	g_free(r->note);
	g_free(r);
}

static void collect(void *ctx, const sim *s, const char *out)
{
	(void)out;
	struct compare *c = ctx;
	const report_section *wls = report_section_find_child(s->report, "workloads");
	for (guint i = 0; wls && i < wls->children->len; i++) {
		const report_section *w = g_ptr_array_index(wls->children, i);
		if (!report_get(w, "handover_gap_ns"))
			continue; /* not an application model */
		struct compare_row *r = g_new0(struct compare_row, 1);
		r->mode = g_strdup(c->mode);
		r->workload = g_strdup(w->name);
		for (int k = 0; k < C_COUNT; k++) {
			const report_value *v = report_get(w, metric_keys[k]);
			if (!v)
				continue;
			r->has[k] = true;
			r->v[k] = v->type == REPORT_DOUBLE ? (int64_t)v->u.d : v->u.i;
		}
		g_ptr_array_add(c->rows, r);
	}
}

static void cell(char *buf, size_t n, const struct compare_row *r, int k)
{
	if (!r->has[k]) {
		g_strlcpy(buf, "-", n);
		return;
	}
	int64_t x = r->v[k];
	switch (k) {
	case C_P50:
	case C_P95:
		g_snprintf(buf, n, "%.1f ms", (double)x / 1e6);
		break;
	case C_GAP:
	case C_RADIO:
		g_snprintf(buf, n, "%.3f s", (double)x / 1e9);
		break;
	default:
		g_snprintf(buf, n, "%" G_GINT64_FORMAT, x);
	}
}

static void print_table(FILE *f, const GPtrArray *rows)
{
	fprintf(f, "%-12s %-10s", "mode", "workload");
	for (int k = 0; k < C_COUNT; k++)
		fprintf(f, " %14s", headers[k]);
	fprintf(f, "\n");
	for (guint i = 0; i < rows->len; i++) {
		const struct compare_row *r = g_ptr_array_index(rows, i);
		if (r->note)
			continue;
		fprintf(f, "%-12s %-10s", r->mode, r->workload);
		for (int k = 0; k < C_COUNT; k++) {
			char buf[32];
			cell(buf, sizeof buf, r, k);
			fprintf(f, " %14s", buf);
		}
		fprintf(f, "\n");
	}
	for (guint i = 0; i < rows->len; i++) {
		const struct compare_row *r = g_ptr_array_index(rows, i);
		if (r->note)
			fprintf(f, "%-12s not run: %s\n", r->mode, r->note);
	}
}

static bool write_csv(const char *path, const GPtrArray *rows, GError **error)
{
	GString *s = g_string_new("mode,workload,status");
	for (int k = 0; k < C_COUNT; k++)
		g_string_append_printf(s, ",%s", metric_keys[k]);
	g_string_append_c(s, '\n');
	for (guint i = 0; i < rows->len; i++) {
		const struct compare_row *r = g_ptr_array_index(rows, i);
		g_string_append_printf(s, "%s,%s,%s", r->mode, r->workload ? r->workload : "", r->note ? "unavailable" : "ran");
		for (int k = 0; k < C_COUNT; k++) {
			if (r->has[k])
				g_string_append_printf(s, ",%" G_GINT64_FORMAT, r->v[k]);
			else
				g_string_append_c(s, ',');
		}
		g_string_append_c(s, '\n');
	}
	bool ok = g_file_set_contents(path, s->str, (gssize)s->len, error);
	g_string_free(s, TRUE);
	return ok;
}

int cmd_compare(int argc, char **argv)
{
	gint64 seed = -1;
	gchar **sets = NULL;
	gchar *out = NULL, *modes_arg = NULL;
	gboolean no_plots = FALSE;
	GOptionEntry entries[] = {
		{ "modes", 'm', 0, G_OPTION_ARG_STRING, &modes_arg,
		  "Comma-separated modes (default: every mode; scenarios/README.md)", "M,M,..." },
		{ "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Master random seed (overrides [simulation] seed)", "N" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a scenario key after the mode's (repeatable)",
		  "GROUP.KEY=VALUE" },
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Results folder (default: results/SCENARIO-compare); one sub-folder per mode", "DIR" },
		{ "no-plots", 0, 0, G_OPTION_ARG_NONE, &no_plots, "Do not draw each mode's plots", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("FILE - run a scenario under each way of using two radios and compare");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx, "Exit codes: 0 success; 1 bad input (or a requested mode this build cannot run); "
					      "2 usage error; 3 internal error.\n");
	int rc = MPSIM_EXIT_OK;
	GPtrArray *rows = g_ptr_array_new_with_free_func(row_free);
	char **names = NULL;
	if (!cli_parse(ctx, &argc, &argv)) {
		rc = MPSIM_EXIT_USAGE;
		goto done;
	}
	if (argc != 2) {
		fprintf(stderr, "mptcpsim compare: expected exactly one scenario FILE, got %d\nTry 'mptcpsim compare --help'.\n",
			argc - 1);
		rc = MPSIM_EXIT_USAGE;
		goto done;
	}
	const char *path = argv[1];
	if (!out) {
		char *base = g_path_get_basename(path);
		char *dot = strrchr(base, '.');
		if (dot)
			*dot = '\0';
		out = g_strdup_printf("results/%s-compare", base);
		g_free(base);
	}
	bool explicit_modes = modes_arg != NULL;
	if (explicit_modes) {
		names = g_strsplit(modes_arg, ",", -1);
	} else {
		GPtrArray *all = g_ptr_array_new();
		for (const run_mode *const *m = run_modes_all; *m; m++)
			g_ptr_array_add(all, g_strdup((*m)->name));
		g_ptr_array_add(all, NULL);
		names = (char **)g_ptr_array_free(all, FALSE);
	}
	for (char **n = names; *n; n++) {
		g_strstrip(*n);
		GError *err = NULL;
		const run_mode *m = run_mode_find(*n, &err);
		if (!m) {
			fprintf(stderr, "mptcpsim compare: --modes: %s\n", err->message);
			g_error_free(err);
			rc = MPSIM_EXIT_USAGE;
			goto done;
		}
		if (!run_mode_available(m, &err)) {
			struct compare_row *r = g_new0(struct compare_row, 1);
			r->mode = g_strdup(m->name);
			r->note = g_strdup(err->message);
			g_ptr_array_add(rows, r);
			g_error_free(err);
			if (explicit_modes)
				rc = MPSIM_EXIT_BAD_INPUT;
			continue;
		}
		char *dir = g_build_filename(out, m->name, NULL);
		cli_run_opts o = { .prog = "mptcpsim compare", .path = path, .sets = (const char *const *)sets, .seed = seed, .mode = m->name, .out = dir };
		struct compare c = { .mode = m->name, .rows = rows };
		int one = cli_run_scenario(&o, collect, &c);
		if (one == MPSIM_EXIT_OK && !no_plots)
			one = cli_plot_after_run(dir, false, false);
		g_free(dir);
		if (one != MPSIM_EXIT_OK) {
			/* The messages are on stderr already; the other modes still run. */
			struct compare_row *r = g_new0(struct compare_row, 1);
			r->mode = g_strdup(m->name);
			r->note = g_strdup_printf("the run failed (exit %d; messages above)", one);
			g_ptr_array_add(rows, r);
			rc = one;
		}
	}
	printf("\n%s, %u mode(s) tried; results in %s/MODE/ and %s/compare.csv\n\n", path, g_strv_length(names), out, out);
	print_table(stdout, rows);
	char *csv = g_build_filename(out, "compare.csv", NULL);
	GError *err = NULL;
	if (g_mkdir_with_parents(out, 0755) != 0 || !write_csv(csv, rows, &err)) {
		fprintf(stderr, "mptcpsim compare: %s: %s\n", csv, err ? err->message : g_strerror(errno));
		g_clear_error(&err);
		rc = MPSIM_EXIT_BAD_INPUT;
	}
	g_free(csv);
done:
	g_strfreev(names);
	g_ptr_array_free(rows, TRUE);
	g_option_context_free(ctx);
	g_strfreev(sets);
	g_free(out);
	g_free(modes_arg);
	return rc;
}
