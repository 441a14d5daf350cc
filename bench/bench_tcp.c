/* bench_tcp.c — `mptcpsim bench tcp`: simulated packets per wall second for TCP bulk transfers.
 *
 * Cases (issue: ns-3 3.37's NewReno bulk transfer over 100 Mbit/s simulates 35,000–50,000 packets
 * per wall second on this machine class, about 25,000 at 1 Gbit/s):
 *   1flow-100M   one bulk flow, 100 Mbit/s, 10 ms one-way, 100-packet queue, 60 s simulated
 *   100flows-1G  100 bulk flows on one 1 Gbit/s link, otherwise the same
 *   …-600s       the same for 600 s simulated, to show that memory does not grow with time
 * A packet is counted once per link direction it crosses (data and ACKs), which on these
 * two-host topologies is once per packet. Tables are discarded (no files), as the figure is about
 * the simulator, not the disk. */
#include "bench.h"

#include "world.h"

#include <stdio.h>
#include <string.h>

static const char *const base_scenario =
	"[host.a]\n[host.b]\n[interface.a.eth]\naddresses = 10.0.0.1\n[interface.b.eth]\naddresses = 10.0.0.2\n"
	"[link.l]\na = a.eth\nb = b.eth\ndelay = 10ms\nqueue = 100pkt\n";

struct tcp_case {
	const char *name;
	const char *rate;
	int flows;
	int seconds;
};

static int run_case(const struct tcp_case *c, const char *cc, bool json)
{
	GString *text = g_string_new(base_scenario);
	g_string_append_printf(text, "rate = %s\n[simulation]\nduration = %ds\n", c->rate, c->seconds);
	for (int i = 0; i < c->flows; i++)
		g_string_append_printf(text, "[workload.f%d]\ntype = bulk\nfrom = a\nto = b\nport = %d\ncc = %s\ntrace_interval = 0s\n", i,
				       5001 + i, cc);
	world *w = bench_world_new(c->name, text->str);
	g_string_free(text, TRUE);
	if (!w)
		return 3;
	double secs = 0;
	bool ok = bench_world_run(w, "tcp", &secs);
	uint64_t packets = 0, bytes = 0;
	for (guint i = 0; i < w->links->len; i++) {
		struct world_link *l = g_ptr_array_index(w->links, i);
		packets += l->up->stats.tx_packets + l->down->stats.tx_packets;
		bytes += l->up->stats.tx_bytes;
	}
	double util = (double)bytes * 8 / ((double)((struct world_link *)g_ptr_array_index(w->links, 0))->up->rate_bps * c->seconds);
	uint64_t rss = bench_peak_rss_bytes();
	if (json)
		printf("{\"bench\":\"tcp\",\"case\":\"%s\",\"cc\":\"%s\",\"flows\":%d,\"simulated_seconds\":%d,\"packets\":%" G_GUINT64_FORMAT
		       ",\"events\":%" G_GUINT64_FORMAT ",\"wall_seconds\":%.3f,\"packets_per_second\":%.0f,\"events_per_second\":%.0f"
		       ",\"link_utilisation\":%.4f,\"peak_packets_in_flight\":%zu,\"peak_rss_bytes\":%" G_GUINT64_FORMAT "}\n",
		       c->name, cc, c->flows, c->seconds, packets, w->sim->events_run, secs, (double)packets / secs,
		       (double)w->sim->events_run / secs, util, w->sim->pool.peak_in_use, rss);
	else
		printf("%-18s %-6s %12" G_GUINT64_FORMAT " %9.2f %14.0f %12.3f %12.1f\n", c->name, cc, packets, secs,
		       (double)packets / secs, util, (double)rss / 1e6);
	fflush(stdout);
	bench_world_free(w);
	return ok ? 0 : 3;
}

int bench_tcp(const char *only, const char *cc, bool json)
{
	static const struct tcp_case cases[] = {
		{ "1flow-100M-60s", "100Mbit", 1, 60 },
		{ "100flows-1G-60s", "1Gbit", 100, 60 },
		{ "1flow-100M-600s", "100Mbit", 1, 600 },
		{ "100flows-1G-600s", "1Gbit", 100, 600 },
	};
	if (!json)
		printf("%-18s %-6s %12s %9s %14s %12s %12s\n", "case", "cc", "packets", "wall s", "packets/s", "utilisation",
		       "peak RSS MB");
	int rc = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		if (!only || strstr(cases[i].name, only))
			rc |= run_case(&cases[i], cc, json);
	return rc;
}
