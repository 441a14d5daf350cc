/* scenario_apps.c — the application models (siri, interactive, streaming, web) on one clean link,
 * asserted against formulas:
 *  - siri: each answer takes at least one RTT after the end of speech and at most one RTT plus the
 *    serialisation of the last chunk and of the answer (plus 2 ms); every request is ok; equal
 *    chunk bounds work, and chunk_max < chunk_min is refused with a message naming the key.
 *  - interactive: each message is answered in one RTT plus serialisation.
 *  - streaming: no stall when the link is faster than the bitrate; when it is slower, start-up plus
 *    stall time is the download deficit L·b/r − L, within the buffer plus header overhead.
 *  - web: the page load time is at least the serialisation of every object plus two RTTs (request
 *    of the HTML, then of the rest); with four connections it is not longer than with one.
 *  - every model reports the interface bytes of the client and a handover gap below one RTT plus
 *    the chunk spacing on a clean link.
 *  - every model runs over transport = mptcp with the same bounds (the transport abstraction).
 * Several seeds where randomness enters (chunk sizes). */
#include "testutil.h"

#include "world.h"

#include <string.h>

static world *build(const char *text, uint64_t seed)
{
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load_from_data("inline.ini", text, strlen(text), NULL, (int64_t)seed, &diag);
	world *w = scn ? world_build(scn, NULL, &diag) : NULL;
	for (guint i = 0; i < diag.messages->len; i++)
		fprintf(stderr, "%s\n", (char *)g_ptr_array_index(diag.messages, i));
	CU_ASSERT_EQUAL(diag.messages->len, 0);
	scn_diag_fini(&diag);
	return w;
}

static void destroy(world *w)
{
	const scenario *scn = w->scn;
	world_free(w);
	scn_free((scenario *)scn);
}

static double num(const report_section *s, const char *key)
{
	const report_value *v = report_get(s, key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	return v->type == REPORT_DOUBLE ? v->u.d : (double)v->u.i;
}

/* Run a workload of `type` with `extra` keys over a link of `rate` and one-way `delay`; returns
 * the world after the run (the caller destroys it) and its workload section in *out. */
static world *run_one(const char *duration, const char *rate, const char *delay, const char *type, const char *extra,
		      uint64_t seed, report_section **out)
{
	char *text = g_strdup_printf("[simulation]\nduration = %s\n[host.a]\n[host.b]\n[interface.a.eth]\naddresses = 10.0.0.1\n"
				     "[interface.b.eth]\naddresses = 10.0.0.2\n[link.l]\na = a.eth\nb = b.eth\nrate = %s\n"
				     "delay = %s\nqueue = 200pkt\n[workload.x]\ntype = %s\nfrom = a.eth\nto = b\n%s",
				     duration, rate, delay, type, extra);
	world *w = build(text, seed);
	g_free(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	GError *err = NULL;
	CU_ASSERT_TRUE(world_run(w, &err)); /* false on any integrity failure */
	if (err) {
		fprintf(stderr, "%s\n", err->message);
		g_error_free(err);
	}
	world_report(w);
	*out = report_section_find_child(report_section_find_child(w->sim->report, "workloads"), "x");
	CU_ASSERT_PTR_NOT_NULL_FATAL(*out);
	return w;
}

/* Serialisation of `bytes` of payload in one segment (40 B of IP and TCP header, 12 of timestamps). */
static double ser(double bytes, double rate_bps)
{
	return (bytes + 52) * 8 / rate_bps;
}

static void test_siri_clean(void)
{
	const double rate = 10e6, rtt = 0.040;
	for (uint64_t seed = 1; seed <= 3; seed++) {
		report_section *s;
		world *w = run_one("32s", "10Mbit", "20ms", "siri", "period = 5s\n", seed, &s);
		CU_ASSERT_EQUAL(num(s, "requests"), 7); /* connected at 40 ms, then every 5 s until 30.04 s */
		CU_ASSERT_TRUE(num(s, "ok") >= 6);      /* the last may still be spoken when the run ends */
		CU_ASSERT_EQUAL(num(s, "failed"), 0);
		double lo = num(s, "response_min_ns") / 1e9, hi = num(s, "response_max_ns") / 1e9;
		CU_ASSERT_TRUE(lo >= rtt);
		CU_ASSERT_TRUE(hi <= rtt + ser(500, rate) + ser(750, rate) + 0.002);
		CU_ASSERT_TRUE(num(s, "handover_gap_ns") / 1e9 < rtt + 0.333 + 0.002);
		report_section *ifs = report_section_find_child(report_section_find_child(s, "ifaces"), "eth");
		CU_ASSERT_PTR_NOT_NULL_FATAL(ifs);
		/* 7 queries and at least 6 answers, plus headers */
		CU_ASSERT_TRUE(num(ifs, "bytes") > 7 * 2500 + 6 * 750);
		CU_ASSERT_EQUAL(num(s, "cellular_bytes"), 0);
		destroy(w);
	}
}

static void test_siri_chunks(void)
{
	/* Fixed chunks of 500 B (chunk_min = chunk_max): one query of 5 chunks, answered. */
	report_section *s;
	world *w = run_one("3s", "10Mbit", "20ms", "siri", "chunk_min = 500B\ncount = 1\n", 1, &s);
	CU_ASSERT_EQUAL(num(s, "ok"), 1);
	destroy(w);
	const char *bad = "[simulation]\nduration = 1s\n[host.a]\n[host.b]\n[interface.a.eth]\naddresses = 10.0.0.1\n"
			  "[interface.b.eth]\naddresses = 10.0.0.2\n[link.l]\na = a.eth\nb = b.eth\nrate = 1Mbit\n"
			  "[workload.x]\ntype = siri\nfrom = a\nto = b\nchunk_min = 600B\n";
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load_from_data("inline.ini", bad, strlen(bad), NULL, -1, &diag);
	CU_ASSERT_PTR_NOT_NULL_FATAL(scn);
	world *bw = world_build(scn, NULL, &diag);
	CU_ASSERT_PTR_NULL(bw);
	CU_ASSERT_EQUAL_FATAL(diag.messages->len, 1);
	const char *msg = g_ptr_array_index(diag.messages, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "[workload.x] chunk_max: expected at least chunk_min"));
	scn_diag_fini(&diag);
	scn_free(scn);
}

static void test_interactive_clean(void)
{
	const double rate = 10e6, rtt = 0.040;
	report_section *s;
	world *w = run_one("5s", "10Mbit", "20ms", "interactive", "interval = 100ms\nmessage = 200B\nreply = 300B\n", 1, &s);
	CU_ASSERT_TRUE(num(s, "requests") >= 49);
	CU_ASSERT_EQUAL(num(s, "failed"), 0);
	CU_ASSERT_TRUE(num(s, "response_min_ns") / 1e9 >= rtt);
	CU_ASSERT_TRUE(num(s, "response_max_ns") / 1e9 <= rtt + ser(200, rate) + ser(300, rate) + 0.001);
	destroy(w);
}

static void test_streaming_fast_link(void)
{
	report_section *s;
	world *w = run_one("15s", "10Mbit", "20ms", "streaming", "bitrate = 2Mbit\nlength = 10s\nbuffer = 2s\n", 1, &s);
	CU_ASSERT_EQUAL(num(s, "stalls"), 0);
	CU_ASSERT_EQUAL(num(s, "stall_time_ns"), 0);
	CU_ASSERT_TRUE(report_get(s, "finished")->u.b);
	/* start-up: handshake, request, then 2 s of media (500 KB) at 10 Mbit/s, slow start included */
	CU_ASSERT_TRUE(num(s, "startup_ns") / 1e9 < 1.0);
	destroy(w);
}

static void test_streaming_slow_link(void)
{
	/* 2 Mbit/s of media over 1 Mbit/s: 10 s of media take ≥ 20 s to arrive. */
	const double L = 10, b = 2e6, r = 1e6, buffer = 2;
	report_section *s;
	world *w = run_one("40s", "1Mbit", "20ms", "streaming", "bitrate = 2Mbit\nlength = 10s\nbuffer = 2s\n", 1, &s);
	CU_ASSERT_TRUE(num(s, "stalls") >= 1);
	CU_ASSERT_TRUE(report_get(s, "finished")->u.b);
	double waited = (num(s, "stall_time_ns") + num(s, "startup_ns")) / 1e9;
	double deficit = L * b / r - L;
	/* Playback ends when the last byte has arrived (at D ≥ L·b/r) and the media still buffered
	 * then (at most `buffer`) has played: startup + L + stalls = D + x, x in [0, buffer]. Headers
	 * (52 B per 1448 B of payload: 3.6%), the handshake and loss recovery in slow start make D a
	 * little longer than L·b/r: at most 4% + 0.5 s. */
	CU_ASSERT_TRUE(waited >= deficit);
	CU_ASSERT_TRUE(waited <= L * b / r * 1.04 + 0.5 - L + buffer);
	destroy(w);
}

static void test_web_bounds(void)
{
	const double rate = 10e6, rtt = 0.040;
	const double sizes[] = { 30000, 8000, 15000, 40000, 60000, 5000, 12000, 90000 };
	double total = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++)
		total += sizes[i];
	double page[2];
	const char *extra[2] = { "connections = 1\n", "connections = 4\n" };
	for (int k = 0; k < 2; k++) {
		report_section *s;
		world *w = run_one("5s", "10Mbit", "20ms", "web", extra[k], 1, &s);
		CU_ASSERT_EQUAL(num(s, "ok"), 1);
		page[k] = num(s, "response_max_ns") / 1e9;
		CU_ASSERT_TRUE(page[k] >= total * 8 / rate + 2 * rtt);
		destroy(w);
	}
	CU_ASSERT_TRUE(page[1] <= page[0]);
}

static void test_over_mptcp(void)
{
	/* The models only see the transport abstraction: over MPTCP (one subflow on one link) they
	 * measure the same bounds as over TCP. */
	const double rate = 10e6, rtt = 0.040;
	static const char *const types[] = { "siri", "interactive", "streaming", "web" };
	for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
		report_section *s;
		world *w = run_one("12s", "10Mbit", "20ms", types[i], "transport = mptcp\n", 1, &s);
		CU_ASSERT_STRING_EQUAL(report_get(s, "transport")->u.s, "mptcp");
		if (report_get(s, "failed"))
			CU_ASSERT_EQUAL(num(s, "failed"), 0);
		if (report_get(s, "response_min_ns"))
			CU_ASSERT_TRUE(num(s, "response_min_ns") / 1e9 >= rtt);
		if (!strcmp(types[i], "siri"))
			CU_ASSERT_TRUE(num(s, "response_max_ns") / 1e9 <= rtt + ser(500, rate) + ser(750, rate) + 0.002);
		if (!strcmp(types[i], "streaming"))
			CU_ASSERT_EQUAL(num(s, "stalls"), 0);
		destroy(w);
	}
}

static CU_TestInfo tests[] = {
	{ .pName = "siri on a clean link: RTT <= answer time <= RTT + serialisation", .pTestFunc = test_siri_clean },
	{ .pName = "siri with fixed 500 B chunks; chunk_max < chunk_min is refused naming the key", .pTestFunc = test_siri_chunks },
	{ .pName = "interactive on a clean link: one RTT per message", .pTestFunc = test_interactive_clean },
	{ .pName = "streaming faster than its bitrate: no stall", .pTestFunc = test_streaming_fast_link },
	{ .pName = "streaming slower than its bitrate: stall time = deficit", .pTestFunc = test_streaming_slow_link },
	{ .pName = "web: page time >= serialisation + 2 RTT; 4 connections no slower", .pTestFunc = test_web_bounds },
	{ .pName = "every model over transport = mptcp: same bounds", .pTestFunc = test_over_mptcp },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "apps", .pInitFunc = NULL, .pCleanupFunc = NULL, .pSetUpFunc = NULL, .pTearDownFunc = NULL, .pTests = tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
