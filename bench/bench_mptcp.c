/* bench_mptcp.c — `mptcpsim bench mptcp`: simulated packets per wall second for an MPTCP bulk
 * transfer over two subflows.
 *
 * A phone with a Wi-Fi-like path (20 Mbit/s, 10 ms one way) and a cellular-like one (10 Mbit/s,
 * 40 ms), each through its own router to a core router and a server (1 Gbit/s, 1 ms links): the
 * phone's LTE address is a `subflow` endpoint, so the download has exactly two subflows, each on
 * its own path both ways. Cases: 60 s simulated, and 600 s to show that memory stays flat.
 * A packet is counted once, when it is created (whatever number of links it crosses); link
 * crossings are reported too. Tables are discarded (no files). */
#include "bench.h"

#include "world.h"

#include <stdio.h>
#include <string.h>

static const char *const scenario_text =
	"[host.phone]\n[host.ap]\nforward = true\n[host.pgw]\nforward = true\n[host.core]\nforward = true\n[host.server]\n"
	"[interface.phone.wifi]\naddresses = 192.168.1.20\n"
	"[interface.phone.cell]\naddresses = 100.64.7.20\nmptcp_endpoint = subflow\n"
	"[interface.ap.wlan]\naddresses = 192.168.1.1\n[interface.ap.wan]\naddresses = 198.51.100.2\n"
	"[interface.pgw.ran]\naddresses = 100.64.0.1\n[interface.pgw.core]\naddresses = 198.51.100.6\n"
	"[interface.core.a]\naddresses = 198.51.100.1\n[interface.core.b]\naddresses = 198.51.100.5\n"
	"[interface.core.c]\naddresses = 203.0.113.1\n[interface.server.eth0]\naddresses = 203.0.113.10\n"
	"[link.wifi]\na = phone.wifi\nb = ap.wlan\nrate = 20Mbit\ndelay = 10ms\nqueue = 100pkt\n"
	"[link.lte]\na = phone.cell\nb = pgw.ran\nrate = 10Mbit\ndelay = 40ms\nqueue = 150pkt\n"
	"[link.ap]\na = ap.wan\nb = core.a\nrate = 1Gbit\ndelay = 1ms\n"
	"[link.pgw]\na = pgw.core\nb = core.b\nrate = 1Gbit\ndelay = 1ms\n"
	"[link.server]\na = core.c\nb = server.eth0\nrate = 1Gbit\ndelay = 1ms\n"
	"[workload.down]\ntype = bulk\ntransport = mptcp\nfrom = phone.wifi\nto = server\ndirection = download\n"
	"trace_interval = 0s\n";

static int run_case(const char *name, int seconds, bool json)
{
	char *text = g_strdup_printf("[simulation]\nduration = %ds\n%s", seconds, scenario_text);
	world *w = bench_world_new(name, text);
	g_free(text);
	if (!w)
		return 3;
	double secs = 0;
	bool ok = bench_world_run(w, "mptcp", &secs);
	uint64_t crossings = 0, access_bytes = 0;
	for (guint i = 0; i < w->links->len; i++) {
		struct world_link *l = g_ptr_array_index(w->links, i);
		crossings += l->up->stats.tx_packets + l->down->stats.tx_packets;
		if (i < 2)
			access_bytes += l->down->stats.tx_bytes; /* wifi and lte, towards the phone */
	}
	uint64_t packets = w->sim->pool.next_id;
	double util = (double)access_bytes * 8 / ((20e6 + 10e6) * seconds);
	uint64_t rss = bench_peak_rss_bytes();
	if (json)
		printf("{\"bench\":\"mptcp\",\"case\":\"%s\",\"subflows\":2,\"simulated_seconds\":%d,\"packets\":%" G_GUINT64_FORMAT
		       ",\"link_crossings\":%" G_GUINT64_FORMAT ",\"events\":%" G_GUINT64_FORMAT
		       ",\"wall_seconds\":%.3f,\"packets_per_second\":%.0f,\"events_per_second\":%.0f"
		       ",\"access_utilisation\":%.4f,\"peak_packets_in_flight\":%zu,\"peak_rss_bytes\":%" G_GUINT64_FORMAT "}\n",
		       name, seconds, packets, crossings, w->sim->events_run, secs, (double)packets / secs,
		       (double)w->sim->events_run / secs, util, w->sim->pool.peak_in_use, rss);
	else
		printf("%-16s %10" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %8.2f %12.0f %12.0f %11.3f %11.1f\n", name,
		       packets, w->sim->events_run, secs, (double)packets / secs, (double)w->sim->events_run / secs, util,
		       (double)rss / 1e6);
	fflush(stdout);
	bench_world_free(w);
	return ok ? 0 : 3;
}

int bench_mptcp(const char *only, bool json)
{
	static const struct {
		const char *name;
		int seconds;
	} cases[] = {
		{ "2subflows-60s", 60 },
		{ "2subflows-600s", 600 },
	};
	if (!json)
		printf("%-16s %10s %12s %8s %12s %12s %11s %11s\n", "case", "packets", "events", "wall s", "packets/s",
		       "events/s", "utilisation", "peak RSS MB");
	int rc = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		if (!only || strstr(cases[i].name, only))
			rc |= run_case(cases[i].name, cases[i].seconds, json);
	return rc;
}
