/* runner.h — one scenario run from the command line, shared by `run` and `compare`: load with the
 * overrides of a mode (mode.h) and the user's --set, build, run, write the results folder. */
#ifndef MPTCPSIM_CLI_RUNNER_H
#define MPTCPSIM_CLI_RUNNER_H

#include "sim.h"

#include <glib.h>
#include <stdbool.h>

typedef struct cli_run_opts {
	const char *prog;        /* "mptcpsim run": starts messages */
	const char *path;
	const char *const *sets; /* the user's --set, applied after the mode's; may be NULL */
	gint64 seed;             /* < 0: the scenario's */
	const char *mode;        /* NULL: none */
	const char *out;         /* NULL: results/SCENARIO-seedN[-MODE] */
	bool pcap;
	int snaplen;
	bool quiet;
} cli_run_opts;

/* Called after the run with the sim whose report is complete, before the world is freed. */
typedef void (*cli_run_inspect_fn)(void *ctx, const sim *s, const char *out_dir);

/* Prints problems on stderr; returns a process exit code (error.h). */
int cli_run_scenario(const cli_run_opts *o, cli_run_inspect_fn inspect, void *ctx);

#endif
