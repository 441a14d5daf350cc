/* cmd_sweep.c — `mptcpsim sweep FILE [--seeds 1-30] [--vary GROUP.KEY=V1,V2]... [--set ...]...
 *                [--jobs N] [--out DIR] [--emit slurm|parallel]`.
 *
 * Plan the variants × seeds (analysis/sweep_plan.h), then either run them here, N processes at a
 * time (sweep_exec.h), and aggregate the results folders into statistics per variant and a
 * comparison with the first (analysis/aggregate.h) — or, with --emit, write a Slurm job array or a
 * GNU parallel job list that does the same elsewhere (analysis/sweep_emit.h). */
#include "commands.h"

#include "aggregate.h"
#include "error.h"
#include "sweep_emit.h"
#include "sweep_exec.h"
#include "sweep_plan.h"

#include <stdio.h>
#include <string.h>

static void print_lines(const char *prefix, const char *text)
{
	char **lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l; l++)
		fprintf(stderr, "%s%s\n", prefix, *l);
	g_strfreev(lines);
}

static gint cmp_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Results of another sweep in DIR would join this one's in a later `mptcpsim aggregate DIR`: say so. */
static void warn_foreign_entries(const an_sweep_plan *plan)
{
	GDir *d = g_dir_open(plan->out_dir, 0, NULL);
	if (!d)
		return;
	static const char *const ours[] = { "stats.csv", "compare.csv", "aggregate.json", "sweep.sbatch", "jobs.txt", "slurm" };
	const char *name;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	while ((name = g_dir_read_name(d))) {
		bool known = false;
		for (size_t i = 0; i < G_N_ELEMENTS(ours) && !known; i++)
			known = !strcmp(name, ours[i]);
		for (guint v = 0; v < plan->variants->len && !known; v++)
			known = !strcmp(name, ((const an_sweep_variant *)g_ptr_array_index(plan->variants, v))->folder);
		if (!known)
			g_ptr_array_add(names, g_strdup(name));
	}
	g_dir_close(d);
	g_ptr_array_sort(names, cmp_strings);
	guint foreign = names->len;
	const char *example = foreign ? g_ptr_array_index(names, 0) : NULL;
	if (foreign)
		fprintf(stderr, "mptcpsim sweep: warning: %s already holds %u entr%s this sweep does not write (%s%s); its own "
				"tables count only its runs, but `mptcpsim aggregate %s` would include them\n",
			plan->out_dir, foreign, foreign == 1 ? "y" : "ies", example, foreign > 1 ? ", …" : "", plan->out_dir);
	g_ptr_array_unref(names);
}

static int aggregate_plan(const an_sweep_plan *plan, const char *const *globs, bool quiet)
{
	an_aggregate *a = an_aggregate_new();
	GError *err = NULL;
	int rc = MPSIM_EXIT_OK;
	for (guint i = 0; i < plan->runs->len && !err; i++) {
		an_run *r = an_run_load(((const an_sweep_run *)g_ptr_array_index(plan->runs, i))->out_dir, &err);
		if (r)
			an_aggregate_add_run(a, r);
	}
	if (!err && an_aggregate_compute(a, &err) && an_aggregate_write(a, plan->out_dir, &err) && !quiet) {
		printf("%u runs in %s; tables in %s/stats.csv, compare.csv and aggregate.json\n\n", plan->runs->len,
		       plan->out_dir, plan->out_dir);
		an_aggregate_print(a, stdout, globs);
	}
	if (err) {
		fprintf(stderr, "mptcpsim sweep: %s\n", err->message);
		rc = mpsim_exit_code_for(err);
		g_error_free(err);
	}
	an_aggregate_free(a);
	return rc;
}

static int emit(const an_sweep_plan *plan, const char *engine, const char *exe, const char *const *sbatch, int jobs,
		bool jobs_given)
{
	GError *err = NULL;
	char *path = NULL;
	bool ok;
	if (!strcmp(engine, "slurm")) {
		ok = an_sweep_emit_slurm(plan, exe, sbatch, jobs_given ? jobs : 0, &path, &err);
		if (ok)
			printf("wrote %s: a job array of %u runs\nsubmit it with: sbatch %s\n"
			       "the tables follow in %s once every task has succeeded\n",
			       path, plan->runs->len, path, plan->out_dir);
	} else {
		ok = an_sweep_emit_parallel(plan, exe, &path, &err);
		if (ok)
			printf("wrote %s: %u runs, one command a line\n"
			       "run them with:  parallel --jobs N < %s\n"
			       "or over hosts:  parallel --sshloginfile HOSTS < %s   (every host sees the same paths)\n"
			       "then:           mptcpsim aggregate %s --out %s\n",
			       path, plan->runs->len, path, path, plan->out_dir, plan->out_dir);
	}
	g_free(path);
	if (ok)
		return MPSIM_EXIT_OK;
	fprintf(stderr, "mptcpsim sweep: %s\n", err->message);
	int rc = mpsim_exit_code_for(err);
	g_error_free(err);
	return rc;
}

int cmd_sweep(int argc, char **argv)
{
	gchar *seeds = NULL, *out = NULL, *engine = NULL;
	gchar **vary = NULL, **sets = NULL, **globs = NULL, **sbatch = NULL;
	gint jobs = 0;
	gboolean quiet = FALSE;
	GOptionEntry entries[] = {
		{ "seeds", 0, 0, G_OPTION_ARG_STRING, &seeds, "Seeds to run (default: [sweep] seeds, or 1-10)", "1-30" },
		{ "vary", 0, 0, G_OPTION_ARG_STRING_ARRAY, &vary, "Values of a key to sweep (repeatable; every combination runs)",
		  "GROUP.KEY=V1,V2" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a key in every run (repeatable)", "GROUP.KEY=VALUE" },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Runs at once (default: one per core)", "N" },
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Results folder (default: results/sweep-SCENARIO)", "DIR" },
		{ "metric", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &globs, "Print the metrics matching GLOB (default workloads.*)",
		  "GLOB" },
		{ "emit", 0, 0, G_OPTION_ARG_STRING, &engine, "Do not run: write a Slurm job array or a GNU parallel job list",
		  "slurm|parallel" },
		{ "sbatch", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sbatch, "With --emit slurm: an extra #SBATCH option (repeatable)",
		  "--OPTION=VALUE" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print nothing but errors (no table, no progress bar)", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("FILE - run a scenario over seeds and variants, with statistics");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(
		ctx, "Runs every combination of the --vary values over every seed, each run a separate process writing\n"
		     "DIR/NN-VARIANT/seed-S, then writes DIR/stats.csv, DIR/compare.csv and DIR/aggregate.json (mean,\n"
		     "sd and 95% CI of every metric per variant; each variant against the first) and prints a table.\n"
		     "The scenario's [sweep] group may declare seeds and vary lists; options override it.\n"
		     "A progress bar is drawn on a terminal unless CI is set.\n\n"
		     "Exit codes: 0 success; 1 bad scenario, unknown key or bad value to vary, or a run failed on bad\n"
		     "input; 2 usage error (malformed --seeds or --vary); 3 a run failed with an internal error.\n");
	int rc = MPSIM_EXIT_OK;
	an_sweep_plan *plan = NULL;
	char *exe = NULL;
	if (!cli_parse(ctx, &argc, &argv)) {
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	if (argc != 2) {
		fprintf(stderr, "mptcpsim sweep: expected exactly one scenario FILE, got %d\nTry 'mptcpsim sweep --help'.\n",
			argc - 1);
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	if (jobs < 0) {
		fprintf(stderr, "mptcpsim sweep: --jobs: expected a positive number of runs at once, got %d\n", jobs);
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	if (engine && strcmp(engine, "slurm") != 0 && strcmp(engine, "parallel") != 0) {
		fprintf(stderr, "mptcpsim sweep: --emit: expected slurm or parallel, got \"%s\"\n", engine);
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	if (sbatch && (!engine || strcmp(engine, "slurm") != 0)) {
		fprintf(stderr, "mptcpsim sweep: --sbatch: expected together with --emit slurm\n");
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	GError *err = NULL;
	an_sweep_options opt = {
		.seeds = seeds,
		.vary = (const char *const *)vary,
		.sets = (const char *const *)sets,
		.out_dir = out,
	};
	plan = an_sweep_plan_new(argv[1], &opt, &err);
	if (!plan) {
		print_lines("mptcpsim sweep: ", err->message);
		rc = mpsim_exit_code_for(err);
		g_error_free(err);
		goto out;
	}
	exe = sweep_exec_self_path();
	warn_foreign_entries(plan);
	bool jobs_given = jobs > 0;
	if (!jobs_given)
		jobs = (gint)g_get_num_processors();
	if (engine) {
		rc = emit(plan, engine, exe, (const char *const *)sbatch, jobs, jobs_given);
		goto out;
	}
	if (!quiet)
		printf("sweep of %s: %u variant%s x %u seed%s = %u runs, %d at a time, into %s\n", plan->scenario_path,
		       plan->variants->len, plan->variants->len == 1 ? "" : "s", plan->seeds->len,
		       plan->seeds->len == 1 ? "" : "s", plan->runs->len, jobs, plan->out_dir);
	fflush(stdout);
	rc = sweep_exec_run(plan, exe, jobs, !quiet && sweep_exec_want_progress());
	if (rc == MPSIM_EXIT_OK)
		rc = aggregate_plan(plan, (const char *const *)globs, quiet);
out:
	an_sweep_plan_free(plan);
	g_free(exe);
	g_option_context_free(ctx);
	g_free(seeds);
	g_free(out);
	g_free(engine);
	g_strfreev(vary);
	g_strfreev(sets);
	g_strfreev(globs);
	g_strfreev(sbatch);
	return rc;
}
