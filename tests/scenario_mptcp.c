/* scenario_mptcp.c — MPTCP in the world, asserted against what each setup implies.
 *
 * The world: a phone with Wi-Fi (20 Mbit/s, 10 ms) and LTE (10 Mbit/s, 40 ms) access links, each
 * behind its own router, and a server with two interfaces behind a core router (1 Gbit/s, 1 ms
 * links, so the access links are the only bottlenecks and the paths are independent). The phone's
 * LTE address is a `subflow` endpoint; the server's second address is a `signal` endpoint and the
 * phone accepts one ADD_ADDR, so a connection has three subflows: Wi-Fi → server (initial),
 * LTE → server, Wi-Fi → second address. Every run is over several seeds; every byte is verified
 * at the data level by the receiver (a mismatch fails the run, so world_run() is true).
 *
 *  - Transfers of 1 KB, 1 MB and 100 MB, with 0.01% random loss on both access downlinks so that
 *    each seed is another run, complete with every byte in order; for 1 MB and more every subflow
 *    carries data; 100 MB completes within size·8/(r1+r2)·1.2 plus the handshakes.
 *  - The Wi-Fi interface goes down mid-transfer: its subflows close, their data is reinjected on
 *    LTE and the transfer completes.
 *  - v0 and v1, with and without checksums, 4- and 8-byte DSNs: the negotiated version and
 *    checksum are what the hosts asked for, and the transfer completes.
 *  - Fallback: MPTCP options stripped from SYNs, SYN/ACKs or every segment towards the phone →
 *    plain TCP at both ends (MPCapableFallbackSYNACK, MPCapableFallbackACK), completes, no faster
 *    than one path allows. Payload rewritten under checksums (RFC 8684 §3.7): one
 *    subflow → MP_FAIL, infinite mapping, fallback, completes; several subflows → MP_FAIL, the
 *    subflow is reset with MP_TCPRST "middlebox interference", data reinjected, still MPTCP.
 *  - Through a NAT on the Wi-Fi path: the server sees the NAT's address, MPTCP keeps its subflows.
 *  - Same seed, same bytes: pcaps of two runs are identical, and so is the whole results folder of
 *    the shipped scenarios/mptcp-two-paths.ini run twice by the command line. */
#include "testutil.h"

#include "world.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define WIFI_BPS 20e6
#define LTE_BPS 10e6
#define WIFI_RTT 0.024 /* 2·(10 + 1 + 1) ms: access, core, server links */
#define LTE_RTT 0.084  /* 2·(40 + 1 + 1) ms */

static const uint64_t seeds[] = { 1, 2, 3 };

/* The network; its arguments: duration, the phone's limits and extra keys, the server's extra keys,
 * and extra groups. */
#define NET_FMT                                                                                             \
	"[simulation]\nduration = %s\n"                                                                    \
	"[host.phone]\n%s%s"                         \
	"[host.ap]\nforward = true\n[host.pgw]\nforward = true\n[host.internet]\nforward = true\n"             \
	"[host.server]\nmptcp_subflows_max = 2\n%s"                                                           \
	"[interface.phone.wifi]\naddresses = 192.168.1.20\n"                                                  \
	"[interface.phone.cell]\naddresses = 100.64.7.20\nmptcp_endpoint = subflow\n"                          \
	"[interface.ap.wlan]\naddresses = 192.168.1.1\n[interface.ap.wan]\naddresses = 198.51.100.2\n"        \
	"[interface.pgw.ran]\naddresses = 100.64.0.1\n[interface.pgw.core]\naddresses = 198.51.100.6\n"       \
	"[interface.internet.a]\naddresses = 198.51.100.1\n[interface.internet.b]\naddresses = 198.51.100.5\n" \
	"[interface.internet.c]\naddresses = 203.0.113.1\n[interface.internet.d]\naddresses = 203.0.114.1\n"  \
	"[interface.server.eth0]\naddresses = 203.0.113.10\n"                                                 \
	"[interface.server.eth1]\naddresses = 203.0.114.10\nmptcp_endpoint = signal\n"                        \
	"[link.wifi]\na = phone.wifi\nb = ap.wlan\nrate = 20Mbit\ndelay = 10ms\nqueue = 100pkt\n"            \
	"[link.lte]\na = phone.cell\nb = pgw.ran\nrate = 10Mbit\ndelay = 40ms\nqueue = 150pkt\n"              \
	"[link.apw]\na = ap.wan\nb = internet.a\nrate = 1Gbit\ndelay = 1ms\n"                                 \
	"[link.pgwc]\na = pgw.core\nb = internet.b\nrate = 1Gbit\ndelay = 1ms\n"                              \
	"[link.s0]\na = internet.c\nb = server.eth0\nrate = 1Gbit\ndelay = 1ms\n"                             \
	"[link.s1]\na = internet.d\nb = server.eth1\nrate = 1Gbit\ndelay = 1ms\n"                             \
	"%s"

/* The network and a download of `bytes` (the last argument). */
#define WORLD_FMT                                                                                           \
	NET_FMT                                                                                               \
	"[workload.x]\ntype = bulk\ntransport = mptcp\nfrom = phone.wifi\nto = server.eth0\n"                 \
	"direction = download\nbytes = %s\ntrace_interval = 0s\n"

static world *build_text(const char *text, uint64_t seed, const char *pcap_dir)
{
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load_from_data("inline.ini", text, strlen(text), NULL, (int64_t)seed, &diag);
	world_options opts = { .pcap_dir = pcap_dir };
	world *w = scn ? world_build(scn, &opts, &diag) : NULL;
	for (guint i = 0; i < diag.messages->len; i++)
		fprintf(stderr, "%s\n", (char *)g_ptr_array_index(diag.messages, i));
	CU_ASSERT_EQUAL(diag.messages->len, 0);
	scn_diag_fini(&diag);
	return w;
}

/* The phone's path manager limits, unless the test sets them. */
static const char *phone_limits(const char *phone_extra)
{
	return strstr(phone_extra, "mptcp_subflows_max") ? "" : "mptcp_add_addr_accepted_max = 1\nmptcp_subflows_max = 2\n";
}

static world *build(const char *duration, const char *phone_extra, const char *server_extra, const char *extra,
		    const char *bytes, uint64_t seed, const char *pcap_dir)
{
	char *text = g_strdup_printf(WORLD_FMT, duration, phone_limits(phone_extra), phone_extra, server_extra, extra, bytes);
	world *w = build_text(text, seed, pcap_dir);
	g_free(text);
	return w;
}

static void run(world *w)
{
	GError *err = NULL;
	bool ok = world_run(w, &err);
	if (!ok)
		fprintf(stderr, "run failed: %s\n", err ? err->message : "?");
	CU_ASSERT_TRUE_FATAL(ok);
	g_clear_error(&err);
	world_report(w);
}

static void destroy(world *w)
{
	const scenario *scn = w->scn;
	world_free(w);
	scn_free((scenario *)scn);
}

static report_section *sec(report_section *s, const char *path)
{
	gchar **parts = g_strsplit(path, "/", -1);
	for (gchar **p = parts; *p && s; p++)
		s = report_section_find_child(s, *p);
	g_strfreev(parts);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	return s;
}

static int64_t num(report_section *s, const char *key)
{
	const report_value *v = report_get(s, key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	return v->type == REPORT_BOOL ? v->u.b : v->type == REPORT_DOUBLE ? (int64_t)v->u.d : v->u.i;
}

static bool flag(report_section *s, const char *key)
{
	return num(s, key) != 0;
}

static int64_t mib(world *w, const char *hname, const char *name)
{
	char *path = g_strdup_printf("hosts/%s/mptcp", hname);
	int64_t v = num(sec(w->sim->report, path), name);
	g_free(path);
	return v;
}

static report_section *bulk(world *w)
{
	return sec(w->sim->report, "workloads/x");
}

/* Subflows of the sender that carried data, and how many there are. */
static int subflows_with_data(report_section *b, int *total)
{
	report_section *sfs = sec(b, "sender/subflow");
	int n = (int)num(sec(b, "sender"), "subflows"), with = 0;
	for (int i = 1; i <= n; i++) {
		char key[8];
		g_snprintf(key, sizeof key, "%d", i);
		with += num(sec(sfs, key), "bytes_sent") > 0 ? 1 : 0;
	}
	*total = n;
	return with;
}

static void check_complete(report_section *b, uint64_t bytes)
{
	CU_ASSERT_TRUE(flag(b, "completed"));
	CU_ASSERT_EQUAL(num(b, "bytes_delivered"), (int64_t)bytes);
	CU_ASSERT_FALSE(flag(b, "failed"));
}

/* ---- transfers over both paths ---- */

/* A little random loss on both access downlinks, so that each seed is a different run. */
static const char *const light_loss = "[link.wifi.down]\nloss = bernoulli\nloss_rate = 0.01%\n"
				      "[link.lte.down]\nloss = bernoulli\nloss_rate = 0.01%\n";

static void transfer(const char *size, uint64_t bytes, const char *duration, bool check_time)
{
	for (size_t s = 0; s < G_N_ELEMENTS(seeds); s++) {
		world *w = build(duration, "", "", light_loss, size, seeds[s], NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		run(w);
		report_section *b = bulk(w);
		check_complete(b, bytes);
		CU_ASSERT_FALSE(flag(sec(b, "sender"), "fallback"));
		/* every port the stacks chose was theirs alone */
		CU_ASSERT_EQUAL(mib(w, "phone", "port_collisions") + mib(w, "server", "port_collisions"), 0);
		int total, with = subflows_with_data(b, &total);
		/* initial, LTE endpoint, announced address; 1 KB is over before the joins are */
		if (bytes >= 1000000) {
			CU_ASSERT_EQUAL(total, 3);
			CU_ASSERT_EQUAL(with, total);
		} else {
			CU_ASSERT_TRUE(with >= 1);
		}
		if (check_time) {
			/* Both bottlenecks busy: size over the sum of rates, 20% slack for slow start and
			 * queueing, plus the handshakes (MP_CAPABLE on Wi-Fi, joins over LTE and Wi-Fi). */
			double bound = (double)bytes * 8 / (WIFI_BPS + LTE_BPS) * 1.2 + WIFI_RTT + 2 * LTE_RTT;
			double t = (double)num(b, "completion_time_ns") / 1e9;
			printf("\n    %s seed %" G_GUINT64_FORMAT ": %.3f s (bound %.3f s, one path alone %.3f s)", size,
			       seeds[s], t, bound, (double)bytes * 8 / WIFI_BPS);
			CU_ASSERT_TRUE(t <= bound);
		}
		destroy(w);
	}
}

static void test_1kb(void)
{
	transfer("1KB", 1000, "5s", false);
}

static void test_1mb(void)
{
	transfer("1MB", 1000000, "10s", false);
}

static void test_100mb(void)
{
	transfer("100MB", 100000000, "60s", true);
}

/* ---- the Wi-Fi interface goes down mid-transfer ---- */

static void test_wifi_dies(void)
{
	const char *ev = "[event.gone]\nat = 2s\naction = iface-down\ntarget = phone.wifi\n";
	for (size_t s = 0; s < G_N_ELEMENTS(seeds); s++) {
		world *w = build("60s", "", "", ev, "20MB", seeds[s], NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		run(w);
		report_section *b = bulk(w);
		check_complete(b, 20000000);
		/* what the Wi-Fi subflows had in flight went again over LTE */
		CU_ASSERT_TRUE(num(sec(b, "sender"), "bytes_reinjected") > 0);
		/* after 2 s only LTE: the rest cannot go faster than LTE alone */
		double t = (double)num(b, "completion_time_ns") / 1e9;
		double wifi_share_max = 2.0 * (WIFI_BPS + LTE_BPS) / 8;
		CU_ASSERT_TRUE(t >= 2.0 + (20e6 - wifi_share_max) * 8 / LTE_BPS);
		/* the phone closed both Wi-Fi subflows with MP_TCPRST; only the LTE one is left */
		CU_ASSERT_EQUAL(mib(w, "phone", "MPRstTx"), 2);
		printf("\n    seed %" G_GUINT64_FORMAT ": completed at %.3f s, %" G_GINT64_FORMAT " bytes reinjected",
		       seeds[s], t, num(sec(b, "sender"), "bytes_reinjected"));
		destroy(w);
	}
}

/* The Wi-Fi link fails silently (no interface event): the phone hears nothing, the Wi-Fi subflows
 * go stale by their own retransmission timeouts and their data is reinjected on LTE. */
static void test_wifi_link_silent(void)
{
	const char *ev = "[event.gone]\nat = 2s\naction = link-down\ntarget = wifi\n";
	for (size_t s = 0; s < G_N_ELEMENTS(seeds); s++) {
		world *w = build("60s", "", "", ev, "20MB", seeds[s], NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		run(w);
		report_section *b = bulk(w);
		check_complete(b, 20000000);
		CU_ASSERT_TRUE(num(sec(b, "sender"), "bytes_reinjected") > 0);
		CU_ASSERT_EQUAL(mib(w, "phone", "MPRstTx"), 0); /* nobody told the phone */
		double t = (double)num(b, "completion_time_ns") / 1e9;
		CU_ASSERT_TRUE(t >= 2.0 + (20e6 - 2.0 * (WIFI_BPS + LTE_BPS) / 8) * 8 / LTE_BPS);
		printf("\n    seed %" G_GUINT64_FORMAT ": completed at %.3f s, %" G_GINT64_FORMAT " bytes reinjected",
		       seeds[s], t, num(sec(b, "sender"), "bytes_reinjected"));
		destroy(w);
	}
}

/* ---- a transfer that stops ---- */

/* An endless upload and an endless download from 1 s to 4 s, with 512 KB send buffers at both ends
 * (so that what is left at stop drains quickly even if it all went to LTE): nothing is given after
 * 4 s; the receiver has every byte within that drain time and a few LTE round trips; both paths
 * carried data; DATA_FIN closes the connection normally at both ends; the goodput is the bytes over
 * [start, completion]. No random loss: the queues alone drop, one run per direction says it all. */
static void test_stop(void)
{
	const char *dirs[] = { "upload", "download" };
	const double start = 1, stop = 4, sndbuf = 512e3;
	for (size_t d = 0; d < G_N_ELEMENTS(dirs); d++) {
		const char *buf = "mptcp_sndbuf = 512KB\n";
		char *text = g_strdup_printf(NET_FMT "[workload.x]\ntype = bulk\ntransport = mptcp\nfrom = phone.wifi\n"
						     "to = server.eth0\ndirection = %s\nstart = 1s\nstop = 4s\n"
						     "trace_interval = 0s\n",
					     "10s", phone_limits(buf), buf, buf, "", dirs[d]);
		world *w = build_text(text, 1, NULL);
		g_free(text);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		run(w);
		report_section *b = bulk(w);
		double bytes = (double)num(b, "bytes_delivered"), t = (double)num(b, "completion_time_ns") / 1e9;
		const report_value *g = report_get(b, "goodput_bps");
		CU_ASSERT_PTR_NOT_NULL_FATAL(g);
		report_section *snd = sec(b, "sender"), *rcv = sec(b, "receiver");
		int total, with = subflows_with_data(b, &total);
		printf("\n    %s: %.0f bytes, complete after %.3f s, goodput %.2f Mbit/s, "
		       "%d of %d subflows with data, sender sent %" G_GINT64_FORMAT ", closed %s/%s",
		       dirs[d], bytes, t, g->u.d / 1e6, with, total, num(snd, "bytes_sent"),
		       report_get(snd, "close_reason")->u.s, report_get(rcv, "close_reason")->u.s);
		CU_ASSERT_TRUE(flag(b, "completed"));
		CU_ASSERT_TRUE(flag(b, "stopped"));
		CU_ASSERT_FALSE(flag(b, "failed"));
		CU_ASSERT_TRUE(t >= stop - start);
		CU_ASSERT_TRUE(t <= stop - start + sndbuf * 8 / LTE_BPS + 3 * LTE_RTT);
		/* no more than both paths carry in that time; at least half of it (slow start, joins) */
		CU_ASSERT_TRUE(bytes * 8 <= (WIFI_BPS + LTE_BPS) * t);
		CU_ASSERT_TRUE(bytes * 8 >= 0.5 * (WIFI_BPS + LTE_BPS) * (stop - start));
		CU_ASSERT_DOUBLE_EQUAL(g->u.d, bytes * 8 / t, 1.0);
		CU_ASSERT_EQUAL(with, total);
		CU_ASSERT_EQUAL(num(snd, "bytes_sent"), (int64_t)bytes); /* acknowledged at the data level */
		CU_ASSERT_TRUE(flag(snd, "closed") && flag(rcv, "closed"));
		CU_ASSERT_STRING_EQUAL(report_get(snd, "close_reason")->u.s, "normal");
		CU_ASSERT_STRING_EQUAL(report_get(rcv, "close_reason")->u.s, "normal");
		destroy(w);
	}
}

/* ---- version × checksum × DSN width ---- */

static void test_matrix(void)
{
	for (int version = 0; version <= 1; version++)
		for (int csum = 0; csum <= 1; csum++)
			for (int dsn = 4; dsn <= 8; dsn += 4) {
				char *phone = g_strdup_printf("mptcp_version = %d\nmptcp_checksum = %s\nmptcp_dsn_bytes = %d\n",
							      version, csum ? "true" : "false", dsn);
				char *server = g_strdup_printf("mptcp_dsn_bytes = %d\n", dsn);
				for (size_t s = 0; s < 2; s++) {
					world *w = build("20s", phone, server, "", "1MB", seeds[s], NULL);
					CU_ASSERT_PTR_NOT_NULL_FATAL(w);
					run(w);
					report_section *b = bulk(w);
					check_complete(b, 1000000);
					report_section *snd = sec(b, "sender");
					CU_ASSERT_EQUAL(num(snd, "version"), (int64_t)version);
					/* RFC 8684 §3.1: checksums when either side asks */
					CU_ASSERT_EQUAL(num(snd, "checksum"), (int64_t)csum);
					CU_ASSERT_FALSE(flag(snd, "fallback"));
					int total, with = subflows_with_data(b, &total);
					CU_ASSERT_TRUE(with >= 2);
					destroy(w);
				}
				g_free(phone);
				g_free(server);
			}
}

/* ---- fallback ---- */

/* RFC 8684 §3.1, §3.7: wherever the options go missing in the handshake, both ends end up plain
 * TCP. From SYNs: the server never sees MP_CAPABLE and the client gets a SYN/ACK without it. From
 * SYN/ACKs or from everything towards the phone: the client falls back at the SYN/ACK, and the
 * server, which answered MP_CAPABLE, falls back at the third ACK without it. */
static void test_strip(void)
{
	static const struct {
		const char *group;
		int server_fallback_ack; /* MPCapableFallbackACK at the server */
	} cases[] = {
		{ "[link.wifi.up]\nmiddlebox = strip-mptcp\nstrip = syn\n", 0 },
		{ "[link.wifi.down]\nmiddlebox = strip-mptcp\nstrip = synack\n", 1 },
		{ "[link.wifi.down]\nmiddlebox = strip-mptcp\nstrip = all\n", 1 },
	};
	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++)
		for (size_t s = 0; s < G_N_ELEMENTS(seeds); s++) {
			world *w = build("30s", "", "", cases[c].group, "5MB", seeds[s], NULL);
			CU_ASSERT_PTR_NOT_NULL_FATAL(w);
			run(w);
			report_section *b = bulk(w);
			check_complete(b, 5000000);
			CU_ASSERT_TRUE(flag(sec(b, "sender"), "fallback"));
			CU_ASSERT_TRUE(flag(sec(b, "receiver"), "fallback"));
			CU_ASSERT_EQUAL(mib(w, "phone", "MPCapableFallbackSYNACK"), 1);
			CU_ASSERT_EQUAL(mib(w, "server", "MPCapableFallbackACK"), cases[c].server_fallback_ack);
			CU_ASSERT_EQUAL(mib(w, "phone", "MPJoinSynTx"), 0);
			CU_ASSERT_EQUAL(num(sec(b, "sender"), "subflows"), 1);
			/* one path only: no faster than Wi-Fi alone */
			CU_ASSERT_TRUE((double)num(b, "completion_time_ns") / 1e9 >= 5e6 * 8 / WIFI_BPS);
			destroy(w);
		}
}

static const char *const rewrite = "[link.wifi.down]\nmiddlebox = rewrite-payload\nrewrite_packets = 30\n";

static void test_rewrite_single_subflow(void)
{
	/* no extra subflows: RFC 8684 §3.7, one subflow → MP_FAIL and an infinite mapping */
	const char *phone = "mptcp_checksum = true\nmptcp_subflows_max = 0\nmptcp_add_addr_accepted_max = 0\n";
	for (size_t s = 0; s < G_N_ELEMENTS(seeds); s++) {
		world *w = build("30s", phone, "mptcp_checksum = true\n", rewrite, "5MB", seeds[s], NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		run(w);
		report_section *b = bulk(w);
		check_complete(b, 5000000);
		CU_ASSERT_EQUAL(mib(w, "phone", "DataCsumErr"), 1);
		CU_ASSERT_EQUAL(mib(w, "phone", "MPFailTx"), 1);
		CU_ASSERT_EQUAL(mib(w, "server", "MPFailRx"), 1);
		CU_ASSERT_EQUAL(mib(w, "server", "InfiniteMapTx"), 1);
		CU_ASSERT_EQUAL(mib(w, "phone", "InfiniteMapRx"), 1);
		CU_ASSERT_TRUE(flag(sec(b, "sender"), "fallback"));
		CU_ASSERT_EQUAL(mib(w, "phone", "MPRstTx"), 0);
		destroy(w);
	}
}

static void test_rewrite_multi_subflow(void)
{
	for (size_t s = 0; s < G_N_ELEMENTS(seeds); s++) {
		world *w = build("30s", "mptcp_checksum = true\n", "mptcp_checksum = true\n", rewrite, "5MB", seeds[s], NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		run(w);
		report_section *b = bulk(w);
		check_complete(b, 5000000);
		/* RFC 8684 §3.7: several subflows → MP_FAIL, the subflow is reset, MPTCP carries on */
		CU_ASSERT_EQUAL(mib(w, "phone", "MPFailTx"), 1);
		CU_ASSERT_EQUAL(mib(w, "phone", "MPRstTx"), 1);
		CU_ASSERT_EQUAL(mib(w, "server", "InfiniteMapTx"), 0);
		CU_ASSERT_FALSE(flag(sec(b, "sender"), "fallback"));
		/* RFC 8684 §3.6: MP_TCPRST reason 0x06, middlebox interference, on the Wi-Fi subflow */
		bool found = false;
		report_section *sfs = sec(b, "sender/subflow");
		for (int i = 1; i <= num(sec(b, "sender"), "subflows"); i++) {
			char key[8];
			g_snprintf(key, sizeof key, "%d", i);
			found = found || num(sec(sfs, key), "reset_reason_received") == 6;
		}
		CU_ASSERT_TRUE(found);
		destroy(w);
	}
}

/* ---- a NAT on the Wi-Fi path ---- */

/* The access point translates the phone's Wi-Fi address: the server sees the Wi-Fi subflows come
 * from the NAT's address and shifted ports. MPTCP does not care (RFC 8684 §3.2: joins are found by
 * token, not by address): the connection keeps its three subflows and completes. */
static void test_nat(void)
{
	const char *nat = "[link.apw.up]\nmiddlebox = nat\nnat_inside = 192.168.1.20\nnat_outside = 198.51.100.2\n"
			  "[link.apw.down]\nmiddlebox = nat\nnat_inside = 192.168.1.20\nnat_outside = 198.51.100.2\n"
			  "nat_side = in\n";
	for (size_t s = 0; s < G_N_ELEMENTS(seeds); s++) {
		world *w = build("30s", "", "", nat, "5MB", seeds[s], NULL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		run(w);
		report_section *b = bulk(w);
		check_complete(b, 5000000);
		CU_ASSERT_FALSE(flag(sec(b, "sender"), "fallback"));
		int total, with = subflows_with_data(b, &total);
		CU_ASSERT_EQUAL(total, 3);
		CU_ASSERT_EQUAL(with, 3);
		int natted = 0;
		for (int i = 1; i <= total; i++) {
			char key[8];
			g_snprintf(key, sizeof key, "%d", i);
			const report_value *r = report_get(sec(sec(b, "sender/subflow"), key), "remote");
			CU_ASSERT_PTR_NOT_NULL_FATAL(r);
			natted += g_str_has_prefix(r->u.s, "198.51.100.2:") ? 1 : 0;
			CU_ASSERT_FALSE(g_str_has_prefix(r->u.s, "192.168.1.20:")); /* the inside address never shows */
		}
		CU_ASSERT_EQUAL(natted, 2); /* the initial subflow and the join to the announced address */
		CU_ASSERT_TRUE(num(sec(w->sim->report, "links/apw/up/middlebox"), "packets_translated") > 0);
		CU_ASSERT_TRUE(num(sec(w->sim->report, "links/apw/down/middlebox"), "packets_translated") > 0);
		destroy(w);
	}
}

/* ---- determinism ---- */

static void test_determinism(void)
{
	char *dir[2];
	for (int k = 0; k < 2; k++) {
		dir[k] = testutil_tmpdir("mptcp-det");
		world *w = build("8s", "", "", "", "3MB", 7, dir[k]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		run(w);
		CU_ASSERT_TRUE(world_close_captures(w, NULL));
		destroy(w);
	}
	const char *files[] = { "phone-wifi.pcap", "phone-cell.pcap", "server-eth0.pcap", "server-eth1.pcap" };
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *a = g_build_filename(dir[0], files[i], NULL), *b = g_build_filename(dir[1], files[i], NULL);
		CU_ASSERT_TRUE(testutil_files_equal(a, b));
		g_free(a);
		g_free(b);
	}
	for (int k = 0; k < 2; k++) {
		testutil_rmtree(dir[k]);
		g_free(dir[k]);
	}
	/* The shipped scenario through the command line: the whole results folder, summary.json, time
	 * series and pcaps, byte for byte. */
	char *top = testutil_tmpdir("mptcp-det-cli");
	char *cmd = g_strdup_printf("for k in 1 2; do %s run %s/scenarios/mptcp-two-paths.ini --seed 3 --pcap --no-plots -q "
				    "--out %s/r$k || exit 1; done; diff -r %s/r1 %s/r2",
				    MPTCPSIM_BIN, TEST_SOURCE_DIR, top, top, top);
	char *out = NULL;
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	g_free(out);
	g_free(cmd);
	testutil_rmtree(top);
	g_free(top);
}

static CU_TestInfo tests[] = {
	{ .pName = "1 KB over both paths", .pTestFunc = test_1kb },
	{ .pName = "1 MB: every subflow carries data", .pTestFunc = test_1mb },
	{ .pName = "100 MB within size*8/(r1+r2)*1.2 + handshakes", .pTestFunc = test_100mb },
	{ .pName = "Wi-Fi goes down mid-transfer: reinjected, completes", .pTestFunc = test_wifi_dies },
	{ .pName = "Wi-Fi link fails silently: stale subflows, reinjected, completes", .pTestFunc = test_wifi_link_silent },
	{ .pName = "bulk with stop, upload and download: ends at stop, DATA_FIN", .pTestFunc = test_stop },
	{ .pName = "v0/v1 x checksum x 4/8-byte DSN", .pTestFunc = test_matrix },
	{ .pName = "options stripped from SYNs, SYN/ACKs, everything: plain TCP", .pTestFunc = test_strip },
	{ .pName = "payload rewritten, one subflow: MP_FAIL, infinite mapping", .pTestFunc = test_rewrite_single_subflow },
	{ .pName = "payload rewritten, several subflows: MP_FAIL, subflow reset", .pTestFunc = test_rewrite_multi_subflow },
	{ .pName = "through a NAT: subflows from the outside address, completes", .pTestFunc = test_nat },
	{ .pName = "same seed, same pcaps", .pTestFunc = test_determinism },
	TEST_END_OF_TESTS,
};

int main(void)
{
	CU_SuiteInfo suites[] = {
		{ .pName = "mptcp scenarios", .pTests = tests },
		SUITE_END,
	};
	return testutil_run(suites);
}
