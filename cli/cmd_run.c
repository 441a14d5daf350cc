/* cmd_run.c — `mptcpsim run FILE [--seed N] [--set group.key=value]... [--out DIR] [--pcap]
 *               [--plots | --no-plots]`.
 *
 * Load and validate the scenario, build the world, run it to the scenario's duration, and write
 * the results folder (analysis/results.h). Prints where the results went and a one-line summary
 * per workload. Then draws the plots into DIR/plots (analysis/plot.h) when gnuplot is installed:
 * without it, a warning (the results stand, exit 0), unless --plots asked for them (exit 1). */
#include "commands.h"

#include "error.h"
#include "results.h"
#include "world.h"

#include <stdio.h>
#include <string.h>

static void print_workload_lines(const sim *s)
{
	const report_section *wls = report_section_find_child(s->report, "workloads");
	if (!wls)
		return;
	for (guint i = 0; i < wls->children->len; i++) {
		const report_section *w = g_ptr_array_index(wls->children, i);
		GString *line = g_string_new(NULL);
		g_string_append_printf(line, "  %-16s", w->name);
		for (guint k = 0; k < w->items->len && k < 7; k++) {
			const report_item *it = &g_array_index(w->items, report_item, k);
			switch (it->value.type) {
			case REPORT_INT:
				g_string_append_printf(line, " %s=%" G_GINT64_FORMAT, it->key, it->value.u.i);
				break;
			case REPORT_DOUBLE:
				g_string_append_printf(line, " %s=%.4g", it->key, it->value.u.d);
				break;
			case REPORT_STRING:
				g_string_append_printf(line, " %s=%s", it->key, it->value.u.s);
				break;
			case REPORT_BOOL:
				g_string_append_printf(line, " %s=%s", it->key, it->value.u.b ? "true" : "false");
				break;
			}
		}
		printf("%s\n", line->str);
		g_string_free(line, TRUE);
	}
}

int cmd_run(int argc, char **argv)
{
	gchar *seed_text = NULL;
	gint64 seed = -1;
	gchar **sets = NULL;
	gchar *out = NULL;
	gboolean pcap = FALSE, quiet = FALSE, plots = FALSE, no_plots = FALSE;
	gint snaplen = 0;
	GOptionEntry entries[] = {
		{ "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Master random seed, 0 or more (overrides [simulation] seed)", "N" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a scenario key (repeatable)", "GROUP.KEY=VALUE" },
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Results folder (default: results/SCENARIO-seedN)", "DIR" },
		{ "pcap", 0, 0, G_OPTION_ARG_NONE, &pcap, "Write one pcap per interface into DIR/pcap", NULL },
		{ "snaplen", 0, 0, G_OPTION_ARG_INT, &snaplen, "Bytes captured per packet (default: whole packets)", "N" },
		{ "plots", 0, 0, G_OPTION_ARG_NONE, &plots,
		  "Draw the plots into DIR/plots; fail (exit 1) if gnuplot is missing. Default: draw them when gnuplot "
		  "is installed, warn otherwise", NULL },
		{ "no-plots", 0, 0, G_OPTION_ARG_NONE, &no_plots, "Do not draw plots", NULL },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing but errors", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("FILE - run a scenario and write its results folder");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx, "Exit codes: 0 success; 1 bad input; 2 usage error; 3 internal error.\n");
	int rc = MPSIM_EXIT_OK;
	if (!cli_parse(ctx, &argc, &argv)) {
		rc = MPSIM_EXIT_USAGE;
		goto done_ctx;
	}
	if (argc != 2) {
		fprintf(stderr, "mptcpsim run: expected exactly one scenario FILE, got %d\nTry 'mptcpsim run --help'.\n", argc - 1);
		rc = MPSIM_EXIT_USAGE;
		goto done_ctx;
	}
	if (plots && no_plots) {
		fprintf(stderr, "mptcpsim run: --plots and --no-plots contradict each other\n");
		rc = MPSIM_EXIT_USAGE;
		goto done_ctx;
	}
	if (seed_text) {
		guint64 v = 0;
		GError *e = NULL;
		if (!g_ascii_string_to_unsigned(seed_text, 10, 0, G_MAXINT64, &v, &e)) {
			fprintf(stderr, "mptcpsim run: --seed: expected a whole number from 0 to %" G_GINT64_FORMAT ", got \"%s\"\n",
				G_MAXINT64, seed_text);
			g_error_free(e);
			rc = MPSIM_EXIT_USAGE;
			goto done_ctx;
		}
		seed = (gint64)v;
	}
	if (snaplen < 0) {
		fprintf(stderr, "mptcpsim run: --snaplen: expected a non-negative byte count, got %d\n", snaplen);
		rc = MPSIM_EXIT_USAGE;
		goto done_ctx;
	}
	const char *path = argv[1];
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load(path, (const char *const *)sets, seed, &diag);
	world *w = NULL;
	GError *err = NULL;
	if (scn) {
		char *pcap_dir = NULL;
		if (!out) {
			char *base = g_path_get_basename(path);
			char *dot = strrchr(base, '.');
			if (dot)
				*dot = '\0';
			out = g_strdup_printf("results/%s-seed%" G_GUINT64_FORMAT, base, scn->seed);
			g_free(base);
		}
		if (pcap)
			pcap_dir = g_build_filename(out, "pcap", NULL);
		world_options opts = { .pcap_dir = pcap_dir, .pcap_snaplen = (uint32_t)snaplen };
		w = world_build(scn, &opts, &diag);
		g_free(pcap_dir);
	}
	if (diag.messages->len) {
		for (guint i = 0; i < diag.messages->len; i++)
			fprintf(stderr, "%s\n", (const char *)g_ptr_array_index(diag.messages, i));
		rc = MPSIM_EXIT_BAD_INPUT;
		goto done;
	}
	results_writer *rw = results_open(out, &err);
	if (!rw || !results_attach_tables(rw, w->sim, &err)) {
		if (rw)
			results_close(rw, NULL);
		goto fail;
	}
	bool ran = world_run(w, &err);
	world_report(w);
	bool wrote = results_write_summary(rw, scn, w->sim, ran ? &err : NULL);
	bool closed = results_close(rw, (ran && wrote) ? &err : NULL);
	bool captured = world_close_captures(w, (ran && wrote && closed) ? &err : NULL);
	if (!ran || !wrote || !closed || !captured)
		goto fail;
	if (!quiet) {
		printf("%s: simulated %.3f s, %" G_GUINT64_FORMAT " events; results in %s\n", path,
		       sim_time_to_seconds(w->sim->now), w->sim->events_run, out);
		print_workload_lines(w->sim);
	}
	if (!no_plots)
		rc = cli_plot_after_run(out, plots, quiet);
	goto done;
fail:
	fprintf(stderr, "mptcpsim run: %s\n", err ? err->message : "failed");
	rc = mpsim_exit_code_for(err);
	if (rc == MPSIM_EXIT_OK)
		rc = MPSIM_EXIT_INTERNAL;
	g_clear_error(&err);
done:
	world_free(w);
	scn_free(scn);
	scn_diag_fini(&diag);
done_ctx:
	g_option_context_free(ctx);
	g_strfreev(sets);
	g_free(out);
	g_free(seed_text);
	return rc;
}
