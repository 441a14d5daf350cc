/* cmd_list.c — `mptcpsim list [models|keys]`: what can be named in a scenario.
 *
 * `models` (the default) lists every registered pluggable part by kind with a one-line summary,
 * and the modes (ways of using two radios) with whether this build can run them;
 * `keys` lists every scenario group's keys with type, default and meaning, the same schema the
 * loader validates against. */
#include "commands.h"

#include "error.h"
#include "event.h"
#include "link_preset.h"
#include "loss.h"
#include "radio.h"
#include "registry.h"
#include "mptcp/pm.h"
#include "mptcp/sched.h"
#include "tcp/tcp_cc.h"
#include "mode.h"
#include "workload.h"

#include <stdio.h>
#include <string.h>

static const char *type_name(scn_type t)
{
	switch (t) {
	case SCN_TIME: return "time";
	case SCN_RATE: return "rate";
	case SCN_SIZE: return "size";
	case SCN_PERCENT: return "percent";
	case SCN_PACKETS: return "packets";
	case SCN_QUEUE: return "queue";
	case SCN_INT: return "integer";
	case SCN_BOOL: return "bool";
	case SCN_STRING: return "text";
	case SCN_CHOICE: return "choice";
	case SCN_MODEL: return "name";
	case SCN_ENDPOINT: return "endpoint";
	case SCN_ADDR_LIST: return "addresses";
	case SCN_INT_LIST: return "integers";
	case SCN_PATH: return "file";
	}
	return "?";
}

static void print_keys(const char *title, const scn_key *keys)
{
	printf("%s\n", title);
	for (const scn_key *k = keys; k && k->name; k++)
		printf("  %-14s %-9s %-12s %s\n", k->name, type_name(k->type),
		       k->default_value ? (k->default_value[0] ? k->default_value : "(empty)")
					: k->optional ? "(none)" : "(required)",
		       k->doc);
}

static void list_models(void)
{
	printf("loss models (link key `loss`):\n");
	for (size_t i = 0; loss_models_all[i]; i++)
		printf("  %-16s %s\n", loss_models_all[i]->name, loss_models_all[i]->summary);
	printf("congestion controls (TCP workload key `cc`, host key `mptcp_cc`):\n");
	for (size_t i = 0; tcp_cc_all[i]; i++)
		printf("  %s\n", tcp_cc_all[i]->name);
	printf("MPTCP schedulers (host key `mptcp_scheduler`):\n");
	for (size_t i = 0; sched_all[i]; i++)
		printf("  %s\n", sched_all[i]->name);
	printf("MPTCP path managers (host key `mptcp_path_manager`):\n");
	for (size_t i = 0; pm_all[i]; i++)
		printf("  %s\n", pm_all[i]->name);
	printf("workload types (workload key `type`):\n");
	for (size_t i = 0; workloads_all[i]; i++)
		printf("  %-16s %s\n", workloads_all[i]->name, workloads_all[i]->summary);
	printf("link presets (link key `preset`):\n");
	for (size_t i = 0; link_presets_all[i]; i++)
		printf("  %-16s %s\n", link_presets_all[i]->name, link_presets_all[i]->summary);
	printf("radios (interface key `radio`):\n");
	for (size_t i = 0; radio_models_all[i]; i++)
		printf("  %-16s %s\n", radio_models_all[i]->name, radio_models_all[i]->summary);
	printf("event actions (event key `action`):\n");
	for (size_t i = 0; event_actions_all[i]; i++)
		printf("  %-16s %s\n", event_actions_all[i]->name, event_actions_all[i]->summary);
	printf("modes (run --mode, compare --modes; scenarios/README.md):\n");
	for (size_t i = 0; run_modes_all[i]; i++) {
		GError *err = NULL;
		bool ok = run_mode_available(run_modes_all[i], &err);
		printf("  %-16s %s%s\n", run_modes_all[i]->name, run_modes_all[i]->summary,
		       ok ? "" : " (unavailable in this build)");
		g_clear_error(&err);
	}
}

static void list_keys(void)
{
	static const char *const kinds[] = { "simulation", "host", "interface", "link", "workload", "event", "sweep" };
	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++) {
		bool unnamed = !strcmp(kinds[i], "simulation") || !strcmp(kinds[i], "sweep");
		char *title = g_strdup_printf("[%s%s]", kinds[i], unnamed ? "" : ".NAME");
		print_keys(title, scn_schema_keys(kinds[i]));
		g_free(title);
	}
	for (size_t i = 0; loss_models_all[i]; i++) {
		if (!loss_models_all[i]->keys->name)
			continue;
		char *title = g_strdup_printf("[link.NAME] with loss = %s", loss_models_all[i]->name);
		print_keys(title, loss_models_all[i]->keys);
		g_free(title);
	}
	for (size_t i = 0; workloads_all[i]; i++) {
		char *title = g_strdup_printf("[workload.NAME] with type = %s", workloads_all[i]->name);
		print_keys(title, workloads_all[i]->keys);
		g_free(title);
	}
	for (size_t i = 0; radio_models_all[i]; i++) {
		if (!radio_models_all[i]->keys->name)
			continue;
		char *title = g_strdup_printf("[interface.HOST.IFACE] with radio = %s", radio_models_all[i]->name);
		print_keys(title, radio_models_all[i]->keys);
		g_free(title);
	}
	for (size_t i = 0; event_actions_all[i]; i++) {
		char *title = g_strdup_printf("[event.NAME] with action = %s", event_actions_all[i]->name);
		print_keys(title, event_actions_all[i]->keys);
		g_free(title);
	}
}

int cmd_list(int argc, char **argv)
{
	GOptionContext *ctx = g_option_context_new("[models|keys] - list registered models or scenario keys");
	int rc = MPSIM_EXIT_OK;
	if (!cli_parse(ctx, &argc, &argv)) {
		rc = MPSIM_EXIT_USAGE;
	} else if (argc == 1 || (argc == 2 && !strcmp(argv[1], "models"))) {
		list_models();
	} else if (argc == 2 && !strcmp(argv[1], "keys")) {
		list_keys();
	} else {
		fprintf(stderr, "mptcpsim list: expected \"models\" or \"keys\", got \"%s\"\n", argc > 1 ? argv[1] : "");
		rc = MPSIM_EXIT_USAGE;
	}
	g_option_context_free(ctx);
	return rc;
}
