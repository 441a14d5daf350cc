/* workload.h — traffic models, registered by name (`type` in a [workload.NAME] group).
 *
 * create() reads its validated keys, finds its hosts in the world, binds ports and schedules its
 * own start; report() writes its metrics after the run. Adding a workload is adding one file that
 * ends with its `const workload_ops` and listing it in workloads_all[] (workload_registry.c). */
#ifndef MPTCPSIM_SIM_WORKLOAD_H
#define MPTCPSIM_SIM_WORKLOAD_H

#include "report.h"
#include "scn.h"

#include <glib.h>

struct world;

typedef struct workload_ops {
	const char *name;
	const char *summary;  /* one line for `mptcpsim list` */
	const scn_key *keys;  /* keys besides `type`; terminated by SCN_KEY_END */
	void *(*create)(struct world *w, const char *name, const scn_values *values, GError **error);
	void (*report)(void *state, report_section *out);
	void (*destroy)(void *state);
} workload_ops;

extern const workload_ops *const workloads_all[];

#endif
