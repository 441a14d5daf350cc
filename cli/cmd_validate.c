/* cmd_validate.c — `mptcpsim validate FILE...`: check scenarios without running them.
 *
 * Every problem of every file is reported (not just the first), one per line, each naming the
 * file, line, group and key. A [sweep] group is checked too: every value it varies, and every
 * combination of them. Exit 0 when all files are valid, 1 otherwise. */
#include "commands.h"

#include "error.h"
#include "sweep_plan.h"
#include "world.h"

#include <stdio.h>

int cmd_validate(int argc, char **argv)
{
	gchar **sets = NULL;
	gboolean quiet = FALSE;
	GOptionEntry entries[] = {
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sets, "Override a scenario key (repeatable)", "GROUP.KEY=VALUE" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only problems", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("FILE... - check scenario files without running them");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx, "Exit codes: 0 all valid; 1 some file has problems; 2 usage error.\n");
	int rc = MPSIM_EXIT_OK;
	if (!cli_parse(ctx, &argc, &argv)) {
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	if (argc < 2) {
		fprintf(stderr, "mptcpsim validate: expected at least one scenario FILE\nTry 'mptcpsim validate --help'.\n");
		rc = MPSIM_EXIT_USAGE;
		goto out;
	}
	for (int i = 1; i < argc; i++) {
		scn_diag diag;
		scn_diag_init(&diag);
		scenario *scn = scn_load(argv[i], (const char *const *)sets, -1, &diag);
		if (scn)
			world_free(world_build(scn, NULL, &diag));
		if (scn && !diag.messages->len && scn_find_group(scn, "sweep")) {
			/* Every value the [sweep] group varies, and every combination of them. */
			an_sweep_options opt = { .sets = (const char *const *)sets };
			GError *e = NULL;
			an_sweep_plan *plan = an_sweep_plan_new(argv[i], &opt, &e);
			if (!plan) {
				char **lines = g_strsplit(e->message, "\n", -1);
				for (char **l = lines; *l; l++)
					g_ptr_array_add(diag.messages, g_strdup(*l));
				g_strfreev(lines);
				g_error_free(e);
			}
			an_sweep_plan_free(plan);
		}
		if (diag.messages->len) {
			for (guint k = 0; k < diag.messages->len; k++)
				fprintf(stderr, "%s\n", (const char *)g_ptr_array_index(diag.messages, k));
			rc = MPSIM_EXIT_BAD_INPUT;
		} else if (!quiet) {
			printf("%s: ok\n", argv[i]);
		}
		scn_free(scn);
		scn_diag_fini(&diag);
	}
out:
	g_option_context_free(ctx);
	g_strfreev(sets);
	return rc;
}
