/* cmd_run.c — `mptcpsim run FILE [--seed N] [--mode M] [--set group.key=value]... [--out DIR] [--pcap]
 *               [--plots | --no-plots]`.
 *
 * Load and validate the scenario, build the world, run it to the scenario's duration, and write
 * the results folder (analysis/results.h; runner.h). --mode applies a way of using two radios
 * (sim/mode.h) before the user's --set. Prints where the results went and a one-line summary per
 * workload. Then draws the plots into DIR/plots (analysis/plot.h) when gnuplot is installed:
 * without it, a warning (the results stand, exit 0), unless --plots asked for them (exit 1). */
#include "commands.h"

#include "error.h"
#include "runner.h"

#include <stdio.h>
#include <string.h>

struct run_done {
	bool quiet;
	char *out; /* the results folder, for the plots */
};

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

static void after_run(void *ctx, const sim *s, const char *out)
{
	struct run_done *d = ctx;
	d->out = g_strdup(out);
	if (!d->quiet)
		print_workload_lines(s);
}

int cmd_run(int argc, char **argv)
{
	gchar *seed_text = NULL;
	gint64 seed = -1;
	gchar **sets = NULL;
	gchar *out = NULL, *mode = NULL;
	gboolean pcap = FALSE, quiet = FALSE, plots = FALSE, no_plots = FALSE;
	gint snaplen = 0;
	GOptionEntry entries[] = {
		{ "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Master random seed, 0 or more (overrides [simulation] seed)", "N" },
		{ "mode", 'm', 0, G_OPTION_ARG_STRING, &mode,
		  "Way of using two radios: tcp, handover, interactive, aggregate, backup, full (scenarios/README.md)", "M" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a scenario key (repeatable)", "GROUP.KEY=VALUE" },
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Results folder (default: results/SCENARIO-seedN[-MODE])", "DIR" },
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
		goto done;
	}
	if (argc != 2) {
		fprintf(stderr, "mptcpsim run: expected exactly one scenario FILE, got %d\nTry 'mptcpsim run --help'.\n", argc - 1);
		rc = MPSIM_EXIT_USAGE;
		goto done;
	}
	if (plots && no_plots) {
		fprintf(stderr, "mptcpsim run: --plots and --no-plots contradict each other\n");
		rc = MPSIM_EXIT_USAGE;
		goto done;
	}
	if (seed_text) {
		guint64 v = 0;
		GError *e = NULL;
		if (!g_ascii_string_to_unsigned(seed_text, 10, 0, G_MAXINT64, &v, &e)) {
			fprintf(stderr, "mptcpsim run: --seed: expected a whole number from 0 to %" G_GINT64_FORMAT ", got \"%s\"\n",
				G_MAXINT64, seed_text);
			g_error_free(e);
			rc = MPSIM_EXIT_USAGE;
			goto done;
		}
		seed = (gint64)v;
	}
	if (snaplen < 0) {
		fprintf(stderr, "mptcpsim run: --snaplen: expected a non-negative byte count, got %d\n", snaplen);
		rc = MPSIM_EXIT_USAGE;
		goto done;
	}
	cli_run_opts o = { .prog = "mptcpsim run", .path = argv[1], .sets = (const char *const *)sets, .seed = seed,
			   .mode = mode, .out = out, .pcap = pcap, .snaplen = snaplen, .quiet = quiet };
	struct run_done d = { .quiet = quiet };
	rc = cli_run_scenario(&o, after_run, &d);
	if (rc == MPSIM_EXIT_OK && !no_plots)
		rc = cli_plot_after_run(d.out, plots, quiet);
	g_free(d.out);
done:
	g_option_context_free(ctx);
	g_strfreev(sets);
	g_free(out);
	g_free(mode);
	g_free(seed_text);
	return rc;
}
