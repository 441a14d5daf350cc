/* workload_common.h — what every workload needs: endpoints resolved to addresses, verified
 * payload, and latency summaries. */
#ifndef MPTCPSIM_SIM_WORKLOAD_COMMON_H
#define MPTCPSIM_SIM_WORKLOAD_COMMON_H

#include "host.h"
#include "report.h"
#include "scn.h"
#include "world.h"

#include <glib.h>
#include <stdbool.h>

typedef struct workload_path {
	host *src_host;
	iface *src_iface;
	net_addr src_addr;
	host *dst_host;
	net_addr dst_addr;
} workload_path;

/* Resolve keys `from` and `to` (HOST or HOST.IFACE) to a source and a destination address of the
 * same family (the first address of the interface; of the host's first interface for a bare HOST).
 * Errors name the group and key. */
bool workload_resolve_path(world *w, const scn_values *v, workload_path *out, GError **error);

/* A payload stream id for a named workload: fixed for the name, so runs are reproducible. */
uint64_t workload_stream_id(const char *workload_name);

/* count, min, mean, p50, p95, p99, max of `samples_ns` (int64 ns; the array is sorted in place),
 * written as "<prefix>_count", "<prefix>_min_ns", … . Nothing but the count when it is empty. */
void workload_report_latency(report_section *out, const char *prefix, GArray *samples_ns);

#endif
