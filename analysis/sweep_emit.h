/* sweep_emit.h — a sweep handed to an engine that runs beyond this machine.
 *
 *   an_sweep_emit_slurm(plan, exe, extra, 0, &path, &error)   →  OUT/sweep.sbatch
 *   an_sweep_emit_parallel(plan, exe, &path, &error)          →  OUT/jobs.txt
 *
 * Both use absolute paths (the mptcpsim binary, the scenario, OUT), so they assume what clusters
 * provide: the same files at the same paths on every node (a shared folder). Each run writes
 * OUT/VARIANT/seed-S exactly as `mptcpsim sweep` would, so `mptcpsim aggregate OUT` afterwards
 * gives the same tables as the built-in sweep.
 *
 * sweep.sbatch is a Slurm job array with one array task per run (task i runs plan->runs[i]); its
 * output goes to OUT/slurm/. Task 0 also submits the aggregation (`mptcpsim aggregate OUT --out
 * OUT`) as a job that starts once every task has succeeded (--dependency=afterok, and it is
 * cancelled if one fails), so after `sbatch OUT/sweep.sbatch` the tables appear in OUT by
 * themselves.
 *
 * jobs.txt holds one shell command per line, one line per run, for GNU parallel:
 *   parallel --jobs 8 < OUT/jobs.txt
 *   parallel --sshloginfile hosts.txt < OUT/jobs.txt      (every host sees OUT and the binary)
 *   mptcpsim aggregate OUT --out OUT */
#ifndef MPTCPSIM_ANALYSIS_SWEEP_EMIT_H
#define MPTCPSIM_ANALYSIS_SWEEP_EMIT_H

#include "sweep_plan.h"

#include <glib.h>
#include <stdbool.h>

/* `sbatch_options`: extra "#SBATCH" options ("--partition=short", "--time=10"), NULL-terminated or
 * NULL; also given to the aggregation job. `max_parallel` > 0 limits the tasks running at once
 * (--array=0-N%max). `*written` is the script's path (caller frees). OUT/slurm is created. */
bool an_sweep_emit_slurm(const an_sweep_plan *plan, const char *exe, const char *const *sbatch_options,
			 int max_parallel, char **written, GError **error);
bool an_sweep_emit_parallel(const an_sweep_plan *plan, const char *exe, char **written, GError **error);

#endif
