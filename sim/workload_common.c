/* workload_common.c — endpoint resolution, payload stream ids, latency summaries (GSL). */
#include "workload_common.h"

#include "error.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <string.h>

static const net_addr *first_addr(const iface *ifc, int family)
{
	for (guint i = 0; i < ifc->addrs->len; i++) {
		const net_addr *a = &g_array_index(ifc->addrs, net_addr, i);
		if (family == 0 || a->family == family)
			return a;
	}
	return NULL;
}

bool workload_resolve_path(world *w, const scn_values *v, workload_path *out, GError **error)
{
	const char *from = scn_values_string(v, "from"), *to = scn_values_string(v, "to");
	iface *src = world_find_iface(w, from);
	iface *dst = world_find_iface(w, to);
	const char *bad_key = !src ? "from" : !dst ? "to" : NULL;
	if (bad_key) {
		char *where = scn_values_where(v, bad_key);
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s: expected an existing HOST or HOST.IFACE with an address, got \"%s\"", where,
			    scn_values_string(v, bad_key));
		g_free(where);
		return false;
	}
	const net_addr *sa = first_addr(src, 0);
	const net_addr *da = sa ? first_addr(dst, sa->family) : NULL;
	if (!sa || !da) {
		char *where = scn_values_where(v, "to");
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s: expected %s to have an address of the same IP version as %s's, got none", where,
			    dst->full_name, src->full_name);
		g_free(where);
		return false;
	}
	if (src->host == dst->host) {
		char *where = scn_values_where(v, "to");
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected another host than %s, got \"%s\"", where,
			    src->host->name, to);
		g_free(where);
		return false;
	}
	if (!host_route_for(src->host, da)) {
		/* A workload that can never deliver is a scenario mistake: say so instead of running. */
		char *where = scn_values_where(v, "to");
		char buf[NET_ADDR_STRLEN];
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s: expected a destination reachable from %s through links and routers, got %s (%s), which is not",
			    where, src->full_name, net_addr_to_string(da, buf), dst->full_name);
		g_free(where);
		return false;
	}
	out->src_host = src->host;
	out->src_iface = src;
	out->src_addr = *sa;
	out->dst_host = dst->host;
	out->dst_addr = *da;
	return true;
}

uint64_t workload_stream_id(const char *workload_name)
{
	/* FNV-1a: stable across builds and platforms, unlike g_str_hash's contract. */
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (const char *p = workload_name; *p; p++) {
		h ^= (uint8_t)*p;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

void workload_report_latency(report_section *out, const char *prefix, GArray *samples_ns)
{
	char key[96];
	g_snprintf(key, sizeof key, "%s_count", prefix);
	report_set_int(out, key, samples_ns->len);
	if (samples_ns->len == 0)
		return;
	size_t n = samples_ns->len;
	double *x = g_new(double, n);
	for (size_t i = 0; i < n; i++)
		x[i] = (double)g_array_index(samples_ns, int64_t, i);
	gsl_sort(x, 1, n);
	static const struct {
		const char *name;
		double q;
	} quantiles[] = { { "p50", 0.50 }, { "p95", 0.95 }, { "p99", 0.99 } };
	g_snprintf(key, sizeof key, "%s_min_ns", prefix);
	report_set_int(out, key, (int64_t)x[0]);
	g_snprintf(key, sizeof key, "%s_mean_ns", prefix);
	report_set_double(out, key, gsl_stats_mean(x, 1, n));
	for (size_t i = 0; i < G_N_ELEMENTS(quantiles); i++) {
		g_snprintf(key, sizeof key, "%s_%s_ns", prefix, quantiles[i].name);
		report_set_double(out, key, gsl_stats_quantile_from_sorted_data(x, 1, n, quantiles[i].q));
	}
	g_snprintf(key, sizeof key, "%s_max_ns", prefix);
	report_set_int(out, key, (int64_t)x[n - 1]);
	g_free(x);
}
