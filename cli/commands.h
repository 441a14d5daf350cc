/* commands.h — the subcommands of `mptcpsim`. Each takes the arguments after its own name
 * (argv[0] is the command's name) and returns a process exit code (base/error.h). */
#ifndef MPTCPSIM_CLI_COMMANDS_H
#define MPTCPSIM_CLI_COMMANDS_H

#include <glib.h>
#include <stdbool.h>

int cmd_run(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_aggregate(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_bench_regress(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_version(int argc, char **argv);

/* Parse `argv` with `ctx`; on a usage error prints it with a hint and returns false. */
bool cli_parse(GOptionContext *ctx, int *argc, char ***argv);

/* The plots of a results folder `run` has just written (cmd_plot.c). Without gnuplot: a warning
 * and 0, or, when the user asked for plots (`required`), an error and 1. Returns an exit code. */
int cli_plot_after_run(const char *dir, bool required, bool quiet);

#endif
