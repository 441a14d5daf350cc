/* mode.h — ways of using two radios: named sets of scenario overrides.
 *
 * A mode (tcp, handover, interactive, aggregate, backup, full) is nothing but `--set` overrides,
 * written as templates over the application workloads of a scenario (those with a `failover` key,
 * app_session.h): {w} is the workload's name, {client} and {server} the hosts of its `from` and
 * `to`, {primary} the interface of `from` (Wi-Fi) and {secondary} the one of `failover_to` (the
 * cellular radio). mode_overrides() expands them for one scenario, so `mptcpsim run FILE --mode M`
 * is exactly `mptcpsim run FILE --set ...` with the printed list, and a user's own --set comes after
 * and wins. A mode whose transport or protocol features this build lacks is refused with an error
 * naming what is missing — never run as something else. Modes are listed in run_modes_all[]. */
#ifndef MPTCPSIM_SIM_MODE_H
#define MPTCPSIM_SIM_MODE_H

#include "scn.h"

#include <glib.h>

typedef struct run_mode {
	const char *name;
	const char *summary;
	/* "GROUP.KEY=VALUE" templates, applied to every application workload; NULL-terminated. */
	const char *const *sets;
	/* Transports the mode needs (by name in xport_all[]), NULL-terminated; may be empty. */
	const char *const *transports;
	/* The client's MPTCP path manager and scheduler (names in pm_all[], sched_all[]); NULL: none. */
	const char *path_manager;
	const char *scheduler;
} run_mode;

extern const run_mode *const run_modes_all[];

/* The mode called `name`; NULL with an error listing the known ones. */
const run_mode *run_mode_find(const char *name, GError **error);

/* Can this build run `m`? False with an error naming what is missing (a transport, a path manager,
 * a scheduler) and what there is. */
bool run_mode_available(const run_mode *m, GError **error);

/* The overrides `m` means for `scn` ("workload.siri.transport=mptcp", …), NULL-terminated (free
 * with g_strfreev). NULL with an error when the scenario has no application workload or one lacks
 * `failover_to` (the second radio), naming the file, group and key. */
char **run_mode_overrides(const run_mode *m, const scenario *scn, GError **error);

/* `base` followed by `more` (either may be NULL), as a new NULL-terminated vector. */
char **run_mode_join_sets(const char *const *base, const char *const *more);

#endif
