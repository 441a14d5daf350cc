/* cmd_bench_regress.c — `mptcpsim bench regress [SUITE] [--seeds S] [--set K=V]... [--baseline FILE]
 *                        [--save-baseline FILE] [--tolerance PCT]`.
 *
 * Run a suite of scenarios (bench/bench_suite.c) and compare every metric with a stored baseline
 * (analysis/baseline.h): what moved is a table and exit 4; an unchanged run exits 0. Speed is shown
 * beside the baseline's and never fails the check. --save-baseline writes this run as a baseline. */
#include "commands.h"

#include "baseline.h"
#include "bench.h"
#include "error.h"
#include "sweep_exec.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* "5%", "0.5%", "200%" → a fraction (a tolerance may exceed 100%). */
static bool parse_tolerance(const char *text, double *fraction)
{
	char *end = NULL;
	double v = g_ascii_strtod(text, &end);
	if (end == text || strcmp(end, "%") != 0 || !isfinite(v) || v < 0)
		return false;
	*fraction = v / 100.0;
	return true;
}

int cmd_bench_regress(int argc, char **argv)
{
	gchar *seeds = NULL, *baseline = NULL, *save = NULL, *tolerance_text = NULL;
	gchar **sets = NULL;
	gboolean quiet = FALSE;
	GOptionEntry entries[] = {
		{ "baseline", 'b', 0, G_OPTION_ARG_FILENAME, &baseline, "Compare with this baseline", "FILE" },
		{ "save-baseline", 0, 0, G_OPTION_ARG_FILENAME, &save, "Write this run as a baseline", "FILE" },
		{ "seeds", 0, 0, G_OPTION_ARG_STRING, &seeds, "Seeds of every scenario (default: its [sweep] seeds, or 1-3)", "1-3" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a key in every scenario (repeatable)", "GROUP.KEY=VALUE" },
		{ "tolerance", 0, 0, G_OPTION_ARG_STRING, &tolerance_text,
		  "Ignore significant moves smaller than this share of the baseline's mean (default 0%)", "PCT" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only what moved, and errors", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("[SUITE] - regression benchmarks: a suite of scenarios against a baseline");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(
		ctx, "SUITE is a folder of scenarios, or a name in scenarios/bench/ (default: default).\n"
		     "A metric moved when the 95% Welch interval of its difference from the baseline excludes 0 and the\n"
		     "difference exceeds the tolerance. Events and packets per wall second are recorded, never judged.\n"
		     "Baseline format: analysis/RESULTS.md.\n\n"
		     "Exit codes: 0 nothing moved (or no baseline given); 1 bad suite, scenario or baseline file;\n"
		     "2 usage error; 3 a run failed; 4 a metric moved.\n");
	int rc = MPSIM_EXIT_OK;
	char *exe = NULL, *dir = NULL;
	an_bench *cur = NULL, *base = NULL;
	an_bench_check *check = NULL;
	GError *err = NULL;
	double tolerance = 0.0;
	if (!cli_parse(ctx, &argc, &argv)) {
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	if (argc > 2) {
		fprintf(stderr, "mptcpsim bench regress: expected at most one SUITE, got %d\n", argc - 1);
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	if (tolerance_text && !parse_tolerance(tolerance_text, &tolerance)) {
		fprintf(stderr, "mptcpsim bench regress: --tolerance: expected a percentage from 0%% like 5%%, got \"%s\"\n",
			tolerance_text);
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	const char *suite = argc == 2 ? argv[1] : "default";
	exe = sweep_exec_self_path();
	/* The baseline first: a broken file should not cost a whole suite's run. */
	if (baseline && !(base = an_bench_load(baseline, &err)))
		goto fail;
	if (!(dir = bench_suite_find(suite, exe, &err)))
		goto fail;
	char *suite_name = g_path_get_basename(dir);
	cur = bench_suite_run(dir, suite_name, seeds, (const char *const *)sets, !quiet, &err);
	g_free(suite_name);
	if (!cur)
		goto fail;
	if (save) {
		if (!an_bench_save(cur, save, &err))
			goto fail;
		if (!quiet)
			printf("baseline written to %s\n", save);
	}
	if (base) {
		check = an_bench_compare(base, cur, tolerance);
		if (!quiet || check->n_moved) {
			if (!quiet)
				putchar('\n');
			an_bench_check_print(check, stdout);
		}
		rc = check->n_moved ? MPSIM_EXIT_REGRESSION : MPSIM_EXIT_OK;
	} else if (!quiet) {
		putchar('\n');
		an_bench_print_speed(cur, NULL, stdout);
	}
	goto out;
fail:
	{
		char **lines = g_strsplit(err->message, "\n", -1);
		for (char **l = lines; *l; l++)
			fprintf(stderr, "mptcpsim bench regress: %s\n", *l);
		g_strfreev(lines);
	}
	rc = mpsim_exit_code_for(err);
	g_clear_error(&err);
out:
	an_bench_check_free(check);
	an_bench_free(cur);
	an_bench_free(base);
	g_free(dir);
	g_free(exe);
	g_option_context_free(ctx);
	g_free(seeds);
	g_free(baseline);
	g_free(save);
	g_free(tolerance_text);
	g_strfreev(sets);
	return rc;
}
