/* sweep_emit.c — a Slurm job-array script and a GNU parallel job list for a sweep plan. */
#include "sweep_emit.h"

#include "error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

static char *absolute(const char *path)
{
	return g_canonicalize_filename(path, NULL);
}

static bool prepare_dir(const char *dir, GError **error)
{
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot create folder %s: %s", dir, g_strerror(errno));
		return false;
	}
	return true;
}

static bool write_text(const char *path, const char *text, int mode, GError **error)
{
	GError *e = NULL;
	if (!g_file_set_contents(path, text, -1, &e)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot write %s: %s", path, e->message);
		g_error_free(e);
		return false;
	}
	if (g_chmod(path, mode) != 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot make %s executable: %s", path, g_strerror(errno));
		return false;
	}
	return true;
}

/* " --set='k=v' --set='k=v'" for the plan's common overrides and the run's variant. */
static void append_sets(GString *s, const an_sweep_plan *plan, const an_sweep_run *r)
{
	for (int pass = 0; pass < 2; pass++) {
		const GPtrArray *sets = pass == 0 ? plan->sets : r->variant->sets;
		for (guint i = 0; i < sets->len; i++) {
			char *arg = g_strdup_printf("--set=%s", (const char *)g_ptr_array_index(sets, i));
			char *q = g_shell_quote(arg);
			g_string_append_printf(s, " %s", q);
			g_free(q);
			g_free(arg);
		}
	}
}

bool an_sweep_emit_slurm(const an_sweep_plan *plan, const char *exe, const char *const *sbatch_options,
			 int max_parallel, char **written, GError **error)
{
	for (size_t i = 0; sbatch_options && sbatch_options[i]; i++) {
		const char *o = sbatch_options[i];
		if (o[0] != '-' || strpbrk(o, "\r\n")) {
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_USAGE,
				    "--sbatch: expected an sbatch option on one line like --partition=short, got \"%s\"", o);
			return false;
		}
	}
	char *out = absolute(plan->out_dir);
	char *logs = g_build_filename(out, "slurm", NULL);
	bool ok = prepare_dir(logs, error);
	char *q_exe = g_shell_quote(exe), *abs_scn = absolute(plan->scenario_path);
	char *q_scn = g_shell_quote(abs_scn), *q_out = g_shell_quote(out), *q_logs = g_shell_quote(logs);
	GString *s = g_string_new("#!/bin/bash\n");
	g_string_append_printf(s,
			       "# A sweep of %s written by `mptcpsim sweep --emit slurm`: %u variant%s x %u seed%s = %u "
			       "runs,\n# one Slurm array task each. Submit it with\n#   sbatch %s/sweep.sbatch\n"
			       "# Each run writes its results folder under %s; when every task has succeeded, a job\n"
			       "# submitted by task 0 runs `mptcpsim aggregate` and writes stats.csv, compare.csv and\n"
			       "# aggregate.json there. Logs go to %s/.\n",
			       abs_scn, plan->variants->len, plan->variants->len == 1 ? "" : "s", plan->seeds->len,
			       plan->seeds->len == 1 ? "" : "s", plan->runs->len, out, out, logs);
	g_string_append(s, "#SBATCH --job-name=mptcpsim-sweep\n");
	g_string_append_printf(s, "#SBATCH --array=0-%u", plan->runs->len - 1);
	if (max_parallel > 0)
		g_string_append_printf(s, "%%%d", max_parallel);
	g_string_append(s, "\n#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n");
	g_string_append_printf(s, "#SBATCH --output=%s/run-%%A_%%a.out\n", logs);
	GString *extra = g_string_new(NULL);
	for (size_t i = 0; sbatch_options && sbatch_options[i]; i++) {
		g_string_append_printf(s, "#SBATCH %s\n", sbatch_options[i]);
		char *q = g_shell_quote(sbatch_options[i]);
		g_string_append_printf(extra, " %s", q);
		g_free(q);
	}
	g_string_append_printf(s,
			       "set -euo pipefail\n\n"
			       "mptcpsim=%s\nscenario=%s\nout=%s\nlogs=%s\n\n"
			       "if [ -z \"${SLURM_ARRAY_TASK_ID:-}\" ]; then\n"
			       "\techo \"$0: expected to run as a Slurm array task; submit it with: sbatch $0\" >&2\n"
			       "\texit 2\n"
			       "fi\n\n"
			       "# VARIANT SEED [--set=GROUP.KEY=VALUE]...: one run, as mptcpsim sweep runs it.\n"
			       "run() {\n"
			       "\tlocal variant=$1 seed=$2\n"
			       "\tshift 2\n"
			       "\texec \"$mptcpsim\" run \"$scenario\" --seed=\"$seed\" \"$@\" --out=\"$out/$variant/seed-$seed\" "
			       "--quiet\n"
			       "}\n\n"
			       "if [ \"$SLURM_ARRAY_TASK_ID\" = 0 ]; then\n"
			       "\t# The tables, once every task has succeeded (cancelled if one fails).\n"
			       "\tsbatch --quiet --job-name=mptcpsim-sweep-aggregate --dependency=\"afterok:$SLURM_ARRAY_JOB_ID\" \\\n"
			       "\t\t--kill-on-invalid-dep=yes --ntasks=1 --output=\"$logs/aggregate-%%j.out\"%s \\\n"
			       "\t\t--wrap=\"$(printf '%%q ' \"$mptcpsim\" aggregate \"$out\" --out \"$out\")\" ||\n"
			       "\t\techo \"could not submit the aggregation; when the array is done run: mptcpsim aggregate $out --out $out\" >&2\n"
			       "fi\n\n"
			       "case \"$SLURM_ARRAY_TASK_ID\" in\n",
			       q_exe, q_scn, q_out, q_logs, extra->str);
	g_string_free(extra, TRUE);
	for (guint i = 0; i < plan->runs->len; i++) {
		const an_sweep_run *r = g_ptr_array_index(plan->runs, i);
		char *q_folder = g_shell_quote(r->variant->folder);
		g_string_append_printf(s, "%u) run %s %" G_GUINT64_FORMAT, i, q_folder, r->seed);
		append_sets(s, plan, r);
		g_string_append(s, " ;;\n");
		g_free(q_folder);
	}
	g_string_append(s, "*) echo \"no run for array task $SLURM_ARRAY_TASK_ID\" >&2; exit 2 ;;\nesac\n");
	char *path = g_build_filename(out, "sweep.sbatch", NULL);
	ok = ok && write_text(path, s->str, 0755, error);
	g_string_free(s, TRUE);
	if (ok)
		*written = path;
	else
		g_free(path);
	g_free(q_exe);
	g_free(abs_scn);
	g_free(q_scn);
	g_free(q_out);
	g_free(q_logs);
	g_free(logs);
	g_free(out);
	return ok;
}

bool an_sweep_emit_parallel(const an_sweep_plan *plan, const char *exe, char **written, GError **error)
{
	char *out = absolute(plan->out_dir);
	bool ok = prepare_dir(out, error);
	char *q_exe = g_shell_quote(exe), *abs_scn = absolute(plan->scenario_path);
	char *q_scn = g_shell_quote(abs_scn);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < plan->runs->len; i++) {
		const an_sweep_run *r = g_ptr_array_index(plan->runs, i);
		char *dir = absolute(r->out_dir);
		char *out_arg = g_strdup_printf("--out=%s", dir);
		char *q_dir = g_shell_quote(out_arg);
		g_string_append_printf(s, "%s run %s --seed=%" G_GUINT64_FORMAT, q_exe, q_scn, r->seed);
		append_sets(s, plan, r);
		g_string_append_printf(s, " %s --quiet\n", q_dir);
		g_free(q_dir);
		g_free(out_arg);
		g_free(dir);
	}
	char *path = g_build_filename(out, "jobs.txt", NULL);
	ok = ok && write_text(path, s->str, 0644, error);
	g_string_free(s, TRUE);
	if (ok)
		*written = path;
	else
		g_free(path);
	g_free(q_exe);
	g_free(abs_scn);
	g_free(q_scn);
	g_free(out);
	return ok;
}
