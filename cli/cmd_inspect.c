/* cmd_inspect.c — `mptcpsim inspect FILE... [--json] [--problems-only] [--tcp-checksums]`: decode the
 * MPTCP of a capture (several captures are merged by time, as mergecap does) with the project's own
 * codec and crypto and report it per connection
 * (analysis/inspect.h; JSON schema in analysis/INSPECT.md).
 *
 * Exit codes: 0 the file was read (problems found in it are findings, listed in the report);
 * 1 the file cannot be read (missing, truncated, corrupt, unsupported link type: the message names
 * the file and the byte offset); 2 usage. */
#include "commands.h"

#include "error.h"
#include "inspect.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

int cmd_inspect(int argc, char **argv)
{
	gboolean json = FALSE, problems_only = FALSE, tcp_checksums = FALSE;
	GOptionEntry entries[] = {
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the report as JSON (schema mptcpsim.inspect)", NULL },
		{ "problems-only", 'q', 0, G_OPTION_ARG_NONE, &problems_only, "Print only the problems and a summary line",
		  NULL },
		{ "tcp-checksums", 0, 0, G_OPTION_ARG_NONE, &tcp_checksums,
		  "Count bad IPv4 header and TCP checksums as problems (off: a capture on a sending host with checksum "
		  "offload has them unfilled)",
		  NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("FILE... - report the MPTCP connections of pcap/pcapng captures "
						   "(several files are merged by time)");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(
		ctx, "Groups subflows into connections by token; recomputes tokens, IDSNs, MP_JOIN and ADD_ADDR HMACs and\n"
		     "DSS checksums where the keys are in the capture; lists every value that does not check out.\n\n"
		     "Exit codes: 0 the file was read (problems are findings); 1 the file cannot be read; 2 usage error.\n");
	int rc = MPSIM_EXIT_OK;
	if (!cli_parse(ctx, &argc, &argv)) {
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	if (argc < 2) {
		fprintf(stderr, "mptcpsim inspect: expected at least one capture FILE\nTry 'mptcpsim inspect --help'.\n");
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	an_inspect_options opts = { .tcp_checksums = tcp_checksums };
	GError *e = NULL;
	an_inspect_report *r = an_inspect_files((const char *const *)argv + 1, (size_t)argc - 1, &opts, &e);
	if (!r) {
		fprintf(stderr, "mptcpsim inspect: %s\n", e->message);
		rc = mpsim_exit_code_for(e);
		g_error_free(e);
		goto out;
	}
	if (json) {
		JsonNode *root = an_inspect_to_json(r);
		JsonGenerator *g = json_generator_new();
		json_generator_set_pretty(g, TRUE);
		json_generator_set_root(g, root);
		char *text = json_generator_to_data(g, NULL);
		printf("%s\n", text);
		g_free(text);
		g_object_unref(g);
		json_node_unref(root);
	} else {
		an_inspect_print(r, stdout, problems_only);
	}
	an_inspect_report_free(r);
out:
	g_option_context_free(ctx);
	return rc;
}
