/* scenario_schedulers.c — the heterogeneity-aware and redundant schedulers against minrtt, on the
 * shapes of experiments 10 and 11 of reference/experiments.md.
 *
 * Experiment 10 (BLEST, Ferlin et al. 2016; ECF, Lim et al. CoNEXT 2017): an upload over
 * scenarios/heterogeneous-paths.ini (Wi-Fi-like 8.6 Mbit/s / 20 ms, LTE-like 1.1 Mbit/s / 60 ms,
 * 128 KiB buffers), with the Wi-Fi queue at 10 and 20 packets. minrtt spills onto LTE whenever
 * Wi-Fi's window is full and the slow path's data then blocks the window: it gets less than Wi-Fi
 * alone. Asserted: blest and ecf each put a larger share of the bytes on the fast path than minrtt
 * and get at least 10% more goodput. Measured (Release, deterministic: no random loss):
 *   queue 10: minrtt 5.13 Mbit/s, fast share 0.815; blest 7.10, 0.993; ecf 7.57, 0.992
 *   queue 20: minrtt 5.88, 0.850; blest 7.08, 0.970; ecf 7.05, 0.970
 * The published ECF ≥ BLEST does not hold robustly here: the two are within about 4% of each
 * other, either one ahead depending on the layout (with 96 KiB buffers blest 7.50 vs ecf 7.39;
 * with 256 KiB ecf 6.57 vs blest 5.88), so that assertion is left out.
 *
 * Experiment 11 (redundant scheduler, ProgMP): request/response over two 50 Mbit/s, 50 ms RTT
 * paths with 2% loss each way, both hosts under the same scheduler, three seeds. Asserted: with
 * 1 KB responses, redundant's mean latency is at least 5% below minrtt's (a lost segment's copy on
 * the other path arrives without waiting for recovery; measured 51.5 vs 58.3 ms, p99 about
 * 50–100 vs 250 ms); with 200 KB responses the gain is gone (redundant's mean not below 95% of
 * minrtt's; measured 549 vs 525 ms). In between, 10 KB responses already show no gain here
 * (about 89 vs 87 ms), sooner than in the paper: copies are placed only on subflows with room at
 * the time, so once loss has shrunk a window a response goes largely on one path. */
#include "testutil.h"

#include "scenariorun.h"

#include <inttypes.h>
#include <string.h>

#define HETERO TEST_SOURCE_DIR "/scenarios/heterogeneous-paths.ini"
#define SEEDS 3

typedef struct hetero_run {
	double goodput;    /* bit/s */
	double fast_share; /* of the bytes sent, the share on the Wi-Fi subflow (the initial one) */
} hetero_run;

static hetero_run hetero(const char *sched, const char *queue)
{
	char *s = g_strdup_printf("host.a.mptcp_scheduler=%s", sched);
	char *q = g_strdup_printf("link.wifi.queue=%s", queue);
	const char *sets[] = { s, q, NULL };
	world *w = scenariorun_build(HETERO, sets, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	scenariorun_finish(w);
	hetero_run r;
	r.goodput = scenariorun_num(scenariorun_section(w, "workloads", "x", NULL), "goodput_bps");
	double b1 = scenariorun_num(scenariorun_section(w, "workloads", "x", "sender", "subflow", "1", NULL), "bytes_sent");
	double b2 = scenariorun_num(scenariorun_section(w, "workloads", "x", "sender", "subflow", "2", NULL), "bytes_sent");
	r.fast_share = b1 + b2 > 0 ? b1 / (b1 + b2) : 0;
	fprintf(stderr, "  queue %s %-7s goodput %.2f Mbit/s, fast-path share %.3f\n", queue, sched, r.goodput / 1e6,
		r.fast_share);
	scenariorun_destroy(w);
	g_free(s);
	g_free(q);
	return r;
}

static void test_heterogeneous(void)
{
	static const char *const queues[] = { "10pkt", "20pkt" };
	for (size_t i = 0; i < 2; i++) {
		hetero_run m = hetero("minrtt", queues[i]);
		hetero_run b = hetero("blest", queues[i]);
		hetero_run e = hetero("ecf", queues[i]);
		EXPECT(b.fast_share > m.fast_share, "blest fast share %.3f, minrtt %.3f", b.fast_share, m.fast_share);
		EXPECT(e.fast_share > m.fast_share, "ecf fast share %.3f, minrtt %.3f", e.fast_share, m.fast_share);
		EXPECT(b.goodput >= 1.1 * m.goodput, "blest %.2f Mbit/s, minrtt %.2f", b.goodput / 1e6, m.goodput / 1e6);
		EXPECT(e.goodput >= 1.1 * m.goodput, "ecf %.2f Mbit/s, minrtt %.2f", e.goodput / 1e6, m.goodput / 1e6);
	}
}

static const char rr_text[] =
	"[simulation]\n"
	"name = redundant-loss\n"
	"description = experiment 11: two 50 Mbit/s, 50 ms RTT paths with 2% loss, request/response\n"
	"duration = 60s\n"
	"\n"
	"[host.a]\n"
	"mptcp_cc = reno\n"
	"[host.b]\n"
	"mptcp_cc = reno\n"
	"[host.r1]\n"
	"forward = true\n"
	"[host.r2]\n"
	"forward = true\n"
	"[host.core]\n"
	"forward = true\n"
	"\n"
	"[interface.a.p1]\n"
	"addresses = 10.1.0.2\n"
	"mptcp_endpoint = subflow\n"
	"[interface.a.p2]\n"
	"addresses = 10.2.0.2\n"
	"mptcp_endpoint = subflow\n"
	"[interface.r1.x]\n"
	"addresses = 10.1.0.1\n"
	"[interface.r1.y]\n"
	"addresses = 10.3.0.1\n"
	"[interface.r2.x]\n"
	"addresses = 10.2.0.1\n"
	"[interface.r2.y]\n"
	"addresses = 10.4.0.1\n"
	"[interface.core.x1]\n"
	"addresses = 10.3.0.2\n"
	"[interface.core.x2]\n"
	"addresses = 10.4.0.2\n"
	"[interface.core.s]\n"
	"addresses = 10.9.0.1\n"
	"[interface.b.eth]\n"
	"addresses = 10.9.0.2\n"
	"\n"
	"[link.p1]\n"
	"a = a.p1\n"
	"b = r1.x\n"
	"rate = 50Mbit\n"
	"delay = 25ms\n"
	"queue = 1000pkt\n"
	"loss = bernoulli\n"
	"loss_rate = 2%\n"
	"\n"
	"[link.c1]\n"
	"a = r1.y\n"
	"b = core.x1\n"
	"rate = 1Gbit\n"
	"delay = 0ms\n"
	"\n"
	"[link.p2]\n"
	"a = a.p2\n"
	"b = r2.x\n"
	"rate = 50Mbit\n"
	"delay = 25ms\n"
	"queue = 1000pkt\n"
	"loss = bernoulli\n"
	"loss_rate = 2%\n"
	"\n"
	"[link.c2]\n"
	"a = r2.y\n"
	"b = core.x2\n"
	"rate = 1Gbit\n"
	"delay = 0ms\n"
	"\n"
	"[link.srv]\n"
	"a = core.s\n"
	"b = b.eth\n"
	"rate = 10Gbit\n"
	"delay = 0ms\n"
	"\n"
	"[workload.x]\n"
	"type = reqresp\n"
	"transport = mptcp\n"
	"from = a.p1\n"
	"to = b\n"
	"request = 100B\n"
	"response = 1KB\n"
	"count = 200\n"
	"cc = reno\n"
;

/* The mean latency (ms) of the requests completed over SEEDS seeds. */
static double rr_mean(const char *sched, const char *response, const char *count)
{
	double sum = 0;
	for (int64_t seed = 1; seed <= SEEDS; seed++) {
		char *a = g_strdup_printf("host.a.mptcp_scheduler=%s", sched);
		char *b = g_strdup_printf("host.b.mptcp_scheduler=%s", sched);
		char *r = g_strdup_printf("workload.x.response=%s", response);
		char *c = g_strdup_printf("workload.x.count=%s", count);
		const char *sets[] = { a, b, r, c, NULL };
		world *w = scenariorun_build_text("redundant-loss", rr_text, sets, seed);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		scenariorun_finish(w);
		report_section *x = scenariorun_section(w, "workloads", "x", NULL);
		EXPECT(scenariorun_num(x, "completed") > 0, "%s %s seed %" PRId64 ": nothing completed", sched, response,
		       seed);
		sum += scenariorun_num(x, "latency_mean_ns") / 1e6;
		scenariorun_destroy(w);
		g_free(a);
		g_free(b);
		g_free(r);
		g_free(c);
	}
	double mean = sum / SEEDS;
	fprintf(stderr, "  response %s %-9s mean latency %.1f ms\n", response, sched, mean);
	return mean;
}

static void test_redundant(void)
{
	double m_small = rr_mean("minrtt", "1KB", "200"), r_small = rr_mean("redundant", "1KB", "200");
	EXPECT(r_small <= 0.95 * m_small, "1 KB: redundant %.1f ms, minrtt %.1f ms", r_small, m_small);
	double m_large = rr_mean("minrtt", "200KB", "40"), r_large = rr_mean("redundant", "200KB", "40");
	EXPECT(r_large >= 0.95 * m_large, "200 KB: redundant %.1f ms, minrtt %.1f ms", r_large, m_large);
}

static CU_TestInfo tests[] = {
	{ .pName = "experiment 10: blest and ecf use the fast path more than minrtt, and get more",
	  .pTestFunc = test_heterogeneous },
	{ .pName = "experiment 11: redundant cuts small requests' latency at 2% loss, not large ones'",
	  .pTestFunc = test_redundant },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "schedulers on heterogeneous and lossy paths", .pTests = tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
