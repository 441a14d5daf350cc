/* cmd_plot.c — `mptcpsim plot RESULTS_DIR [--format png,svg] [--only KIND,...]`.
 *
 * Writes RESULTS_DIR/plots/: a gnuplot script per plot (NAME.gp, re-runnable inside plots/) and
 * the PNG and SVG it makes (analysis/plot.h). Also the plotting step of `mptcpsim run`
 * (cli_plot_after_run: unless --plots asked for them, a run whose plots fail only warns). Without
 * gnuplot, `plot` still writes the scripts, and fails. */
#include "commands.h"

#include "error.h"
#include "plot.h"

#include <stdio.h>
#include <string.h>

static void print_gnuplot_missing(const char *prefix, const char *dir, const char *suffix)
{
	fprintf(stderr,
		"%sgnuplot is not installed (not found in PATH); install it (Debian: apt-get install gnuplot-nox) and run "
		"'mptcpsim plot %s'%s\n",
		prefix, dir, suffix);
}

/* Plot `dir` with gnuplot; prints what was written unless `quiet`, and a failure after `fail`.
 * Returns an exit code. */
static int plot_dir(const char *dir, const an_plot_options *opt, bool quiet, const char *prog, const char *fail)
{
	an_plot_outcome out;
	an_plot_outcome_init(&out);
	GError *err = NULL;
	int rc = MPSIM_EXIT_OK;
	if (!an_plot_results(dir, opt, &out, &err)) {
		fprintf(stderr, "%s: %s%s\n", prog, fail, err->message);
		rc = mpsim_exit_code_for(err);
		if (rc == MPSIM_EXIT_OK)
			rc = MPSIM_EXIT_INTERNAL;
		g_clear_error(&err);
	} else {
		if (out.warnings->len)
			fprintf(stderr, "%s: gnuplot warned:\n%s", prog, out.warnings->str);
		if (!quiet && out.plots->len) {
			GString *line = g_string_new(NULL);
			for (guint i = 0; i < out.plots->len; i++)
				g_string_append_printf(line, "%s%s", i ? ", " : "", (const char *)g_ptr_array_index(out.plots, i));
			printf("plots in %s/plots: %s\n", dir, line->str);
			g_string_free(line, TRUE);
		} else if (!quiet) {
			printf("%s: nothing to plot in %s (no TCP or MPTCP time series, per-request table or link events)\n", prog,
			       dir);
		}
	}
	an_plot_outcome_fini(&out);
	return rc;
}

int cli_plot_after_run(const char *dir, bool required, bool quiet)
{
	char *gnuplot = an_plot_find_gnuplot();
	if (!gnuplot) {
		if (required) {
			print_gnuplot_missing("mptcpsim run: --plots: ", dir, "");
			return MPSIM_EXIT_BAD_INPUT;
		}
		print_gnuplot_missing("mptcpsim run: warning: no plots: ", dir, " (--no-plots: do not try)");
		return MPSIM_EXIT_OK;
	}
	/* Unasked for, a failure to plot is a warning: the results stand. */
	an_plot_options opt = { .gnuplot = gnuplot };
	int rc = plot_dir(dir, &opt, quiet, "mptcpsim run", required ? "--plots: " : "warning: no plots: ");
	g_free(gnuplot);
	return required ? rc : MPSIM_EXIT_OK;
}

int cmd_plot(int argc, char **argv)
{
	gchar *format = NULL, **only = NULL;
	gboolean quiet = FALSE;
	GOptionEntry entries[] = {
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &format, "Image formats to make (default: png,svg)", "png,svg" },
		{ "only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only,
		  "Only these kinds of plots (repeatable or comma-separated): cwnd, throughput, tseq, latency, timeline, "
		  "subflows",
		  "KIND" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing but errors", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("RESULTS_DIR - draw the plots of a results folder with gnuplot");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(
		ctx, "Writes RESULTS_DIR/plots/NAME.gp, NAME.png and NAME.svg for each plot whose data exist:\n"
		     "  cwnd_WORKLOAD     congestion window and smoothed RTT per connection (TCP workloads)\n"
		     "  tseq_WORKLOAD     time-sequence graph with retransmissions (TCP workloads)\n"
		     "  throughput        throughput per connection over time, stacked (throughput.csv: the bins)\n"
		     "  latency_cdf       CDF of per-request latency, one curve per workload (echo, reqresp, cbr)\n"
		     "  timeline          mobility events (events.csv): links down, rate, loss, delay; over\n"
		     "                    throughput or latency (timeline.csv: the values)\n"
		     "  subflows_WORKLOAD data carried (stacked, binned), smoothed RTT and cwnd per subflow of the\n"
		     "                    client's connection (MPTCP workloads; subflows_WORKLOAD.csv: the bins)\n"
		     "Each script reads the CSV files by relative path: edit it and run 'gnuplot NAME.gp' in plots/.\n\n"
		     "Exit codes: 0 success; 1 bad input (not a results folder, no data for --only, gnuplot missing\n"
		     "or failing); 2 usage error.\n");
	int rc = MPSIM_EXIT_OK;
	an_plot_options opt = { 0 };
	GError *err = NULL;
	char *gnuplot = NULL;
	if (!cli_parse(ctx, &argc, &argv)) {
		rc = MPSIM_EXIT_USAGE;
		goto done;
	}
	if (argc != 2) {
		fprintf(stderr, "mptcpsim plot: expected exactly one RESULTS_DIR, got %d\nTry 'mptcpsim plot --help'.\n",
			argc - 1);
		rc = MPSIM_EXIT_USAGE;
		goto done;
	}
	if (format && !an_plot_formats_parse(format, &opt.formats, &err)) {
		fprintf(stderr, "mptcpsim plot: --format: %s\n", err->message);
		rc = MPSIM_EXIT_USAGE;
		goto done;
	}
	if (only) {
		char *joined = g_strjoinv(",", only);
		bool ok = an_plot_kinds_parse(joined, &opt.kinds, &err);
		g_free(joined);
		if (!ok) {
			fprintf(stderr, "mptcpsim plot: --only: %s\n", err->message);
			rc = MPSIM_EXIT_USAGE;
			goto done;
		}
	}
	gnuplot = an_plot_find_gnuplot();
	opt.gnuplot = gnuplot;
	rc = plot_dir(argv[1], &opt, quiet || !gnuplot, "mptcpsim plot", "");
	if (rc == MPSIM_EXIT_OK && !gnuplot) {
		/* the scripts are written (a user can run them elsewhere); the pictures need gnuplot */
		print_gnuplot_missing("mptcpsim plot: ", argv[1], "; the scripts are in its plots/ folder");
		rc = MPSIM_EXIT_BAD_INPUT;
	}
done:
	g_clear_error(&err);
	g_free(gnuplot);
	g_free(format);
	g_strfreev(only);
	g_option_context_free(ctx);
	return rc;
}
