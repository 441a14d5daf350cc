/* cmd_aggregate.c — `mptcpsim aggregate DIR... [--out DIR] [--metric GLOB]... [-q]`.
 *
 * Merge results folders made anywhere (a sweep, a Slurm array, GNU parallel, runs by hand) into the
 * tables a sweep prints: runs grouped by resolved scenario minus the seed, statistics over seeds per
 * variant, comparisons with the first variant (analysis/aggregate.h). Every unreadable or foreign
 * folder is reported, not just the first. */
#include "commands.h"

#include "aggregate.h"
#include "error.h"

#include <stdio.h>

int cmd_aggregate(int argc, char **argv)
{
	gchar *out = NULL;
	gchar **globs = NULL;
	gboolean quiet = FALSE;
	GOptionEntry entries[] = {
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Write stats.csv, compare.csv and aggregate.json here", "DIR" },
		{ "metric", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &globs,
		  "Print the metrics matching GLOB (repeatable; default workloads.*)", "GLOB" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing but errors", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("DIR... - merge results folders into statistics per variant");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(
		ctx, "Each DIR is a results folder, a folder with results folders anywhere below it, or a summary.json.\n"
		     "Runs are grouped by their resolved scenario minus the seed. Formats: analysis/RESULTS.md.\n\n"
		     "Exit codes: 0 success; 1 an unreadable, foreign or duplicate results folder; 2 usage error.\n");
	int rc = MPSIM_EXIT_OK;
	an_aggregate *a = NULL;
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	GError *err = NULL;
	if (!cli_parse(ctx, &argc, &argv)) {
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	if (argc < 2) {
		fprintf(stderr, "mptcpsim aggregate: expected at least one results folder DIR\nTry 'mptcpsim aggregate --help'.\n");
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	a = an_aggregate_new();
	for (int i = 1; i < argc; i++)
		an_aggregate_collect(a, argv[i], problems);
	if (problems->len) {
		for (guint i = 0; i < problems->len; i++)
			fprintf(stderr, "mptcpsim aggregate: %s\n", (const char *)g_ptr_array_index(problems, i));
		rc = MPSIM_EXIT_BAD_INPUT;
		goto out;
	}
	if (!an_aggregate_compute(a, &err) || (out && !an_aggregate_write(a, out, &err))) {
		fprintf(stderr, "mptcpsim aggregate: %s\n", err->message);
		rc = mpsim_exit_code_for(err);
		g_clear_error(&err);
		goto out;
	}
	if (!quiet)
		an_aggregate_print(a, stdout, (const char *const *)globs);
out:
	an_aggregate_free(a);
	g_ptr_array_unref(problems);
	g_option_context_free(ctx);
	g_free(out);
	g_strfreev(globs);
	return rc;
}
