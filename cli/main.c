/* main.c — `mptcpsim COMMAND ...`: dispatch to a subcommand.
 *
 * Exit codes, for every command: 0 success; 1 bad input (scenario, results folder, capture);
 * 2 usage error (unknown command or option); 3 internal error (a bug, or a failed integrity check
 * inside the simulation). */
#include "commands.h"

#include "error.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
} commands[] = {
	{ "run", cmd_run, "run a scenario and write its results folder" },
	{ "compare", cmd_compare, "run a scenario under each way of using two radios; side-by-side table" },
	{ "validate", cmd_validate, "check scenario files without running them; report every problem" },
	{ "plot", cmd_plot, "draw the plots of a results folder with gnuplot (scripts, PNG, SVG)" },
	{ "list", cmd_list, "list registered models (loss models, workloads, ...) and scenario keys" },
	{ "sweep", cmd_sweep, "run a scenario over seeds and variants in parallel, with statistics" },
	{ "aggregate", cmd_aggregate, "merge results folders made anywhere into statistics per variant" },
	{ "bench", cmd_bench, "run performance benchmarks (engine, tcp, mptcp) and regression benchmarks (regress)" },
	{ "inspect", cmd_inspect, "report the MPTCP connections of a capture; recompute tokens, HMACs, checksums" },
	{ "version", cmd_version, "print the version" },
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: mptcpsim COMMAND [OPTION...]\n\n"
		   "mptcpsim — a deterministic discrete-event simulator of Multipath TCP.\n\nCommands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'mptcpsim COMMAND --help' describes a command.\n\n"
		   "Exit codes: 0 success; 1 bad input; 2 usage error; 3 internal error\n"
		   "(including a failed payload integrity check during a run); 4 a metric moved from its\n"
		   "baseline (bench regress).\n");
}

bool cli_parse(GOptionContext *ctx, int *argc, char ***argv)
{
	GError *e = NULL;
	if (!g_option_context_parse(ctx, argc, argv, &e)) {
		fprintf(stderr, "mptcpsim: %s\nTry '%s --help'.\n", e->message, (*argv)[0]);
		g_error_free(e);
		return false;
	}
	return true;
}

int cmd_version(int argc, char **argv)
{
	GOptionContext *ctx = g_option_context_new("- print the version");
	bool ok = cli_parse(ctx, &argc, &argv);
	g_option_context_free(ctx);
	if (!ok)
		return MPSIM_EXIT_USAGE;
	printf("mptcpsim %s\n", MPTCPSIM_VERSION);
	return MPSIM_EXIT_OK;
}

/* A command started with a standard descriptor closed would hand that number to the next file it
 * opens, and to its children as their stdin or stdout (sweep starts many): fill the gaps first. */
static void open_standard_fds(void)
{
	for (int fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) == -1)
			return;
}

int main(int argc, char **argv)
{
	open_standard_fds();
	if (argc < 2) {
		usage(stderr);
		return MPSIM_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return MPSIM_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version"))
		return cmd_version(1, argv);
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			char *prog = g_strdup_printf("mptcpsim %s", argv[1]);
			char *saved = argv[1];
			argv[1] = prog;
			g_set_prgname(prog);
			int rc = commands[i].fn(argc - 1, argv + 1);
			argv[1] = saved;
			g_free(prog);
			return rc;
		}
	}
	fprintf(stderr, "mptcpsim: unknown command \"%s\"\n\n", argv[1]);
	usage(stderr);
	return MPSIM_EXIT_USAGE;
}
