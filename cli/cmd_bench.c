/* cmd_bench.c — `mptcpsim bench SUITE [--json]`: performance benchmarks (bench/README.md);
 * `mptcpsim bench regress` (regression benchmarks against a baseline) is cmd_bench_regress.c. */
#include "commands.h"

#include "bench.h"
#include "error.h"

#include <stdio.h>
#include <string.h>

int cmd_bench(int argc, char **argv)
{
	/* Regression benchmarks have options of their own. */
	if (argc >= 2 && strcmp(argv[1], "regress") == 0)
		return cmd_bench_regress(argc - 1, argv + 1);
	gboolean json = FALSE;
	gchar *sizes_text = NULL;
	gint64 events = 20000000;
	gchar *only = NULL, *cc = NULL;
	GOptionEntry entries[] = {
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print one JSON object per case", NULL },
		{ "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_text, "engine: pending-event counts (default 1000,100000,1000000)", "N,N,..." },
		{ "events", 0, 0, G_OPTION_ARG_INT64, &events, "engine: events per case (default 20000000)", "N" },
		{ "case", 0, 0, G_OPTION_ARG_STRING, &only, "tcp, mptcp: run only the cases whose name contains TEXT", "TEXT" },
		{ "cc", 0, 0, G_OPTION_ARG_STRING, &cc, "tcp: congestion control (default reno)", "NAME" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("SUITE - run a benchmark suite (suites: engine, tcp, mptcp; "
						   "regress: see 'mptcpsim bench regress --help')");
	g_option_context_add_main_entries(ctx, entries, NULL);
	int rc = MPSIM_EXIT_OK;
	if (!cli_parse(ctx, &argc, &argv)) {
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	if (argc == 2 && strcmp(argv[1], "mptcp") == 0) {
		rc = bench_mptcp(only, json);
		goto out;
	}
	if (argc == 2 && strcmp(argv[1], "tcp") == 0) {
		rc = bench_tcp(only, cc ? cc : "reno", json);
		goto out;
	}
	if (argc != 2 || strcmp(argv[1], "engine") != 0) {
		fprintf(stderr, "mptcpsim bench: expected a suite name (engine, tcp, mptcp), got \"%s\"\n", argc > 1 ? argv[1] : "");
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	GArray *sizes = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	char **parts = g_strsplit(sizes_text ? sizes_text : "1000,100000,1000000", ",", -1);
	for (char **p = parts; *p; p++) {
		guint64 v = 0;
		if (!g_ascii_string_to_unsigned(g_strstrip(*p), 10, 1, G_MAXUINT32, &v, NULL)) {
			fprintf(stderr, "mptcpsim bench: --sizes: expected positive integers like 1000,100000, got \"%s\"\n", *p);
			rc = MPSIM_EXIT_USAGE;
			break;
		}
		uint64_t n = v;
		g_array_append_val(sizes, n);
	}
	g_strfreev(parts);
	if (rc == MPSIM_EXIT_OK && events < 1) {
		fprintf(stderr, "mptcpsim bench: --events: expected a positive count, got %" G_GINT64_FORMAT "\n", events);
		rc = MPSIM_EXIT_USAGE;
	}
	if (rc == MPSIM_EXIT_OK)
		rc = bench_engine((const uint64_t *)(void *)sizes->data, sizes->len, (uint64_t)events, json);
	g_array_free(sizes, TRUE);
out:
	g_option_context_free(ctx);
	g_free(sizes_text);
	g_free(only);
	g_free(cc);
	return rc;
}
