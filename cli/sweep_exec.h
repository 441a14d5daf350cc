/* sweep_exec.h — run a sweep's runs as child processes of `mptcpsim run`, N at a time.
 *
 * Each run is a separate single-threaded process (`EXE run SCENARIO --seed S --set ... --out DIR
 * -q`), so runs share nothing and a crash takes down one run, not the sweep. On a terminal (and
 * unless CI is set) a progress bar with an estimate of the time left is drawn on stderr. After the
 * first failed run no new run starts; those running finish, and every failure is reported with what
 * the run printed. */
#ifndef MPTCPSIM_CLI_SWEEP_EXEC_H
#define MPTCPSIM_CLI_SWEEP_EXEC_H

#include "sweep_plan.h"

#include <stdbool.h>

/* The path of the running mptcpsim (for starting children). Caller frees. */
char *sweep_exec_self_path(void);

/* Run every run of `plan` with `jobs` in parallel. Returns the process exit code: 0 when every run
 * succeeded, else the worst exit code of the failed runs (1 bad input, 3 internal error). */
int sweep_exec_run(const an_sweep_plan *plan, const char *exe, int jobs, bool progress);

/* Whether to draw a progress bar: stderr is a terminal and CI is not set. */
bool sweep_exec_want_progress(void);

#endif
