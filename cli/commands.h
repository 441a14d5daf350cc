/* commands.h — the subcommands of `mptcpsim`. Each takes the arguments after its own name
 * (argv[0] is the command's name) and returns a process exit code (base/error.h). */
#ifndef MPTCPSIM_CLI_COMMANDS_H
#define MPTCPSIM_CLI_COMMANDS_H

int cmd_run(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_version(int argc, char **argv);

/* Parse `argv` with `ctx`; on a usage error prints it with a hint and returns false. */
#include <glib.h>
#include <stdbool.h>
bool cli_parse(GOptionContext *ctx, int *argc, char ***argv);

#endif
