/* unit_trace.c — Mahimahi traces: reading (every malformed input named with file and line), the
 * load-once cache, and trace-driven link directions replaying exactly the trace's delivery
 * opportunities with Mahimahi's byte accounting, looping with the trace's period. */
#include "testutil.h"

#include "link.h"
#include "sim.h"
#include "trace.h"

#include <string.h>

#define MTU_PAYLOAD (1500 - 28) /* IPv4 + UDP headers: a 1500-byte IP packet */

/* ---- reading ---- */

static link_trace *parse(const char *text, GError **e)
{
	return link_trace_parse("t.trace", text, strlen(text), e);
}

static void expect_error(const char *text, const char *fragment)
{
	GError *e = NULL;
	link_trace *t = parse(text, &e);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	if (!strstr(e->message, fragment))
		fprintf(stderr, "\n  expected \"%s\", got \"%s\"\n", fragment, e->message);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, fragment));
	g_error_free(e);
	link_trace_unref(t);
}

static void test_parse(void)
{
	GError *e = NULL;
	link_trace *t = parse("0\n0\n1\n3\r\n10\n", &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(t->n, 5);
	CU_ASSERT_EQUAL(t->times[0], 0);
	CU_ASSERT_EQUAL(t->times[2], SIM_MS(1));
	CU_ASSERT_EQUAL(t->times[3], SIM_MS(3));
	CU_ASSERT_EQUAL(t->period, SIM_MS(10));
	CU_ASSERT_STRING_EQUAL(t->name, "t.trace");
	/* 5 opportunities of 1500 B per 10 ms: 6 Mbit/s. */
	CU_ASSERT_EQUAL(link_trace_mean_rate_bps(t), 6000000);
	link_trace_unref(t);
	/* No final newline; Mahimahi's 12 Mbit/s trace. */
	t = parse("1", &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(link_trace_mean_rate_bps(t), 12000000);
	link_trace_unref(t);
}

static void test_parse_errors(void)
{
	expect_error("", "t.trace: expected at least one delivery opportunity (a time in milliseconds per line), got an empty file");
	expect_error("\n", "t.trace:1: expected a time in milliseconds on every line, got an empty line");
	expect_error("1\n2\n\n3\n", "t.trace:3: expected a time in milliseconds on every line, got an empty line");
	expect_error("1\n2\nfast\n", "t.trace:3: expected a time in whole milliseconds like 42, got \"fast\"");
	expect_error("1\n-2\n", "t.trace:2: expected a time in whole milliseconds like 42, got \"-2\"");
	expect_error("1.5\n", "t.trace:1: expected a time in whole milliseconds like 42, got \"1.5\"");
	expect_error(" 1\n", "t.trace:1: expected a time in whole milliseconds like 42, got \" 1\"");
	expect_error("1\x01\n", "t.trace:1: expected a time in whole milliseconds like 42, got \"1\\001\"");
	expect_error("5\n7\n6\n", "t.trace:3: expected times that never decrease, got 6 after 7");
	expect_error("0\n0\n", "t.trace:2: expected a last time above 0 ms (the trace repeats with that period), got 0");
	expect_error("99999999999999\n", "t.trace:1: expected a time of at most 1000000000000 ms, got \"99999999999999\"");
	GError *e = NULL;
	CU_ASSERT_PTR_NULL(link_trace_load("/nonexistent/x.trace", &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "expected a readable trace file, got: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "/nonexistent/x.trace"));
	g_error_free(e);
}

static void test_shared_traces_match_readme(void)
{
	/* The measured traces load, and their mean rates are the README table's. */
	static const struct {
		const char *file;
		size_t n;
		int64_t kbps; /* README, rounded to 10 kbit/s */
	} cases[] = {
		{ "Verizon-LTE-short.down", 58655, 5030 }, { "ATT-LTE-driving-2016.up", 19101, 1910 },
		{ "TMobile-UMTS-driving.down", 156262, 2020 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *path = g_build_filename(TEST_SHARED_DIR, "reference", "traces", cases[i].file, NULL);
		GError *e = NULL;
		link_trace *t = link_trace_load(path, &e);
		if (!t)
			fprintf(stderr, "%s\n", e->message);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t);
		CU_ASSERT_EQUAL(t->n, cases[i].n);
		int64_t kbps = (link_trace_mean_rate_bps(t) + 5000) / 10000 * 10;
		CU_ASSERT_EQUAL(kbps, cases[i].kbps);
		link_trace_unref(t);
		g_free(path);
	}
}

static void test_cache_loads_once(void)
{
	trace_cache *c = trace_cache_new();
	char *dir = g_build_filename(TEST_SHARED_DIR, "reference", "traces", NULL);
	char *a = g_build_filename(dir, "ATT-LTE-driving-2016.up", NULL);
	char *b = g_build_filename(dir, "..", "traces", "ATT-LTE-driving-2016.up", NULL);
	GError *e = NULL;
	link_trace *ta = trace_cache_get(c, a, &e);
	link_trace *tb = trace_cache_get(c, b, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ta);
	CU_ASSERT_PTR_EQUAL(ta, tb);
	CU_ASSERT_EQUAL(trace_cache_size(c), 1);
	/* A link keeps its reference after the cache is gone. */
	link_trace_ref(ta);
	trace_cache_free(c);
	CU_ASSERT_EQUAL(ta->refs, 1);
	CU_ASSERT_EQUAL(ta->n, 19101);
	link_trace_unref(ta);
	g_free(a);
	g_free(b);
	g_free(dir);
}

/* ---- replay on a link ---- */

struct sink {
	sim *s;
	GArray *times;
	GArray *sizes;
	link_dir *refill; /* offer one more packet per delivery: the queue never runs dry */
	uint32_t payload;
};

static packet *udp_packet(sim *s, uint32_t payload)
{
	packet *p = packet_alloc(&s->pool);
	p->seg.proto = SEG_PROTO_UDP;
	p->seg.src = net_addr_v4(10, 0, 0, 1);
	p->seg.dst = net_addr_v4(10, 0, 0, 2);
	p->seg.payload_len = payload;
	return p;
}

static void sink_deliver(void *ctx, packet *p, sim_time_t now)
{
	struct sink *k = ctx;
	uint32_t size = p->wire_len;
	g_array_append_val(k->times, now);
	g_array_append_val(k->sizes, size);
	packet_free(&k->s->pool, p);
	if (k->refill)
		link_dir_send(k->refill, udp_packet(k->s, k->payload), now);
}

static link_dir *trace_link(sim *s, link_trace *t, sim_time_t delay, struct sink *k)
{
	memset(k, 0, sizeof *k);
	k->s = s;
	k->times = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	k->sizes = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	link_dir_config c = { .name = "trace", .trace = t, .delay = delay, .queue_limit = 100000, .queue_in_packets = true };
	return link_dir_new(s, &c, sink_deliver, k);
}

static void sink_fini(struct sink *k)
{
	g_array_free(k->times, TRUE);
	g_array_free(k->sizes, TRUE);
}

static void test_replay_exact_with_loop(void)
{
	/* MTU packets waiting at every opportunity leave exactly at the trace's times, repetition after
	 * repetition (period 10 ms: the 0 of the next repetition falls with the 10 of this one). */
	link_trace *t = parse("0\n0\n1\n3\n3\n3\n7\n10\n", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	sim *s = sim_new(1);
	struct sink k;
	link_dir *l = trace_link(s, t, SIM_MS(4), &k);
	link_trace_unref(t); /* the link holds its own reference */
	for (int i = 0; i < 40; i++)
		link_dir_send(l, udp_packet(s, MTU_PAYLOAD), 0);
	CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
	CU_ASSERT_EQUAL_FATAL(k.times->len, 40);
	static const int64_t pattern[] = { 0, 0, 1, 3, 3, 3, 7, 10 };
	for (guint i = 0; i < 40; i++) {
		sim_time_t want = SIM_MS(10 * (int64_t)(i / 8) + pattern[i % 8] + 4);
		CU_ASSERT_EQUAL(g_array_index(k.times, sim_time_t, i), want);
	}
	CU_ASSERT_EQUAL(l->stats.trace_opportunities_used, 40);
	CU_ASSERT_EQUAL(l->stats.trace_repetitions, 5); /* the next repetition's 0 falls at 50 ms */
	CU_ASSERT_EQUAL(s->pool.in_use, 0);
	sink_fini(&k);
	sim_free(s);
}

static void test_byte_accounting(void)
{
	/* Mahimahi's accounting, with 1500-byte opportunities every millisecond (trace "1"):
	 * 500-byte packets leave three per opportunity; 1000-byte packets three per two opportunities
	 * (the second gets 500 bytes from the first opportunity and 500 from the next); a 2000-byte
	 * packet needs two. */
	static const struct {
		uint32_t wire;
		int n;
		int64_t ms[6];
	} cases[] = {
		{ 500, 6, { 1, 1, 1, 2, 2, 2 } },
		{ 1000, 6, { 1, 2, 2, 3, 4, 4 } },
		{ 1400, 6, { 1, 2, 3, 4, 5, 6 } },
		{ 2000, 3, { 2, 3, 4 } },
	};
	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		link_trace *t = parse("1\n", NULL);
		sim *s = sim_new(1);
		struct sink k;
		link_dir *l = trace_link(s, t, 0, &k);
		link_trace_unref(t);
		for (int i = 0; i < cases[c].n; i++)
			link_dir_send(l, udp_packet(s, cases[c].wire - 28), SIM_US(500));
		CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
		CU_ASSERT_EQUAL_FATAL(k.times->len, (guint)cases[c].n);
		for (int i = 0; i < cases[c].n; i++)
			CU_ASSERT_EQUAL(g_array_index(k.times, sim_time_t, i), SIM_MS(cases[c].ms[i]));
		sink_fini(&k);
		sim_free(s);
	}
	/* 1400 B leaves 100 B of each opportunity to the next packet: after 14 opportunities the
	 * carried bytes add up to a whole packet, so 15 packets leave in 14 opportunities. */
	link_trace *t = parse("1\n", NULL);
	sim *s = sim_new(1);
	struct sink k;
	link_dir *l = trace_link(s, t, 0, &k);
	link_trace_unref(t);
	for (int i = 0; i < 15; i++)
		link_dir_send(l, udp_packet(s, 1400 - 28), 0);
	CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
	CU_ASSERT_EQUAL_FATAL(k.times->len, 15);
	CU_ASSERT_EQUAL(g_array_index(k.times, sim_time_t, 14), SIM_MS(14));
	CU_ASSERT_EQUAL(g_array_index(k.times, sim_time_t, 13), SIM_MS(14));
	sink_fini(&k);
	sim_free(s);
}

static void test_idle_skips_opportunities(void)
{
	/* Opportunities that pass while nothing waits are lost; a packet uses the first one at or
	 * after its arrival, however many repetitions later. */
	link_trace *t = parse("2\n7\n10\n", NULL);
	sim *s = sim_new(1);
	struct sink k;
	link_dir *l = trace_link(s, t, 0, &k);
	link_trace_unref(t);
	static const struct {
		sim_time_t send, want;
	} cases[] = {
		{ SIM_US(25500), SIM_MS(27) },       /* repetition 2 */
		{ SIM_MS(30), SIM_MS(30) },          /* exactly at an opportunity: it serves */
		{ SIM_US(30001), SIM_MS(32) },       /* the one at 30 ms is used */
		{ SIM_S(1000) + 1, SIM_S(1000) + SIM_MS(2) }, /* 10^5 repetitions later */
		{ SIM_S(1000) + SIM_MS(10), SIM_S(1000) + SIM_MS(10) },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		CU_ASSERT_TRUE(sim_run(s, cases[i].send, NULL));
		link_dir_send(l, udp_packet(s, MTU_PAYLOAD), cases[i].send);
		CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
		CU_ASSERT_EQUAL_FATAL(k.times->len, i + 1);
		CU_ASSERT_EQUAL(g_array_index(k.times, sim_time_t, i), cases[i].want);
	}
	CU_ASSERT_EQUAL(l->stats.trace_repetitions, 100001);
	CU_ASSERT_EQUAL(l->stats.trace_opportunities_used, 5);
	sink_fini(&k);
	sim_free(s);
}

static void test_down_drops_and_resumes(void)
{
	link_trace *t = parse("1\n", NULL);
	sim *s = sim_new(1);
	struct sink k;
	link_dir *l = trace_link(s, t, SIM_MS(5), &k);
	link_trace_unref(t);
	for (int i = 0; i < 10; i++)
		link_dir_send(l, udp_packet(s, MTU_PAYLOAD), 0);
	CU_ASSERT_TRUE(sim_run(s, SIM_US(3500), NULL)); /* three left, on the pipe */
	link_dir_set_up(l, false, s->now);
	CU_ASSERT_EQUAL(l->stats.drops_down, 10);
	link_dir_set_up(l, true, s->now);
	link_dir_send(l, udp_packet(s, MTU_PAYLOAD), s->now);
	CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
	CU_ASSERT_EQUAL_FATAL(k.times->len, 1);
	CU_ASSERT_EQUAL(g_array_index(k.times, sim_time_t, 0), SIM_MS(4 + 5));
	CU_ASSERT_EQUAL(s->pool.in_use, 0);
	sink_fini(&k);
	sim_free(s);
}

static void test_replay_measured_trace(void)
{
	/* A saturated direction on the AT&T LTE downlink trace delivers MTU packets at exactly the
	 * trace's times, into its second repetition (120 s period). */
	char *path = g_build_filename(TEST_SHARED_DIR, "reference", "traces", "ATT-LTE-driving-2016.down", NULL);
	link_trace *t = link_trace_load(path, NULL);
	g_free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	sim *s = sim_new(1);
	struct sink k;
	link_dir *l = trace_link(s, t, 0, &k);
	k.refill = l;
	k.payload = MTU_PAYLOAD;
	for (int i = 0; i < 1000; i++)
		link_dir_send(l, udp_packet(s, MTU_PAYLOAD), 0);
	sim_time_t stop = SIM_S(180);
	CU_ASSERT_TRUE(sim_run(s, stop, NULL));
	size_t expected = 0;
	guint bad = 0;
	for (int64_t rep = 0; rep < 2; rep++) {
		for (size_t i = 0; i < t->n; i++) {
			sim_time_t at = rep * t->period + t->times[i];
			if (at >= stop)
				break;
			if (expected >= k.times->len || g_array_index(k.times, sim_time_t, expected) != at)
				bad++;
			expected++;
		}
	}
	CU_ASSERT_EQUAL(k.times->len, expected);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(l->stats.trace_repetitions, 1);
	CU_ASSERT_EQUAL(link_trace_mean_rate_bps(t), 4560323);
	link_trace_unref(t);
	k.refill = NULL;
	sink_fini(&k);
	sim_free(s);
}

static CU_TestInfo read_tests[] = {
	{ .pName = "parse: times, period, mean rate", .pTestFunc = test_parse },
	{ .pName = "parse errors name file and line", .pTestFunc = test_parse_errors },
	{ .pName = "measured traces match the README table", .pTestFunc = test_shared_traces_match_readme },
	{ .pName = "cache reads each file once", .pTestFunc = test_cache_loads_once },
	TEST_END_OF_TESTS,
};

static CU_TestInfo replay_tests[] = {
	{ .pName = "MTU packets leave exactly at the opportunities, looping", .pTestFunc = test_replay_exact_with_loop },
	{ .pName = "Mahimahi byte accounting for small and large packets", .pTestFunc = test_byte_accounting },
	{ .pName = "idle links skip opportunities", .pTestFunc = test_idle_skips_opportunities },
	{ .pName = "down drops everything; up resumes on the trace", .pTestFunc = test_down_drops_and_resumes },
	{ .pName = "AT&T trace replayed exactly into its second repetition", .pTestFunc = test_replay_measured_trace },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "trace files", .pTests = read_tests },
	{ .pName = "trace replay", .pTests = replay_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
