/* scenario_coupled.c — coupled congestion control (LIA, RFC 6356) against RFC 6356's goals, as
 * experiment 6 of reference/experiments.md puts them (fluid model), on bulk uploads:
 *  - two paths of different quality (scenarios/coupled-cc.ini: 20 ms / 1% and 100 ms / 0.1% loss
 *    on data): LIA takes about what one TCP takes on the better path (goals 1 and 2: at least as
 *    much, and not much more), uncoupled Reno about the sum of two TCPs, one per path;
 *  - two identical paths (40 ms, 0.5%): LIA ≈ one TCP, uncoupled ≈ two;
 *  - two subflows through one bottleneck shared with one TCP: LIA takes about the TCP's share
 *    (goal 2, do no harm), uncoupled about twice it;
 *  - a lone subflow under LIA grows as Reno does (the coupled term is then the uncoupled one).
 * The single-path references are TCP with Reno on the same paths (transport = tcp), run alongside.
 * Random loss (Bernoulli) makes each seed a different sample; three seeds each. */
#include "testutil.h"

#include "scenariorun.h"

#include <inttypes.h>
#include <string.h>

#define COUPLED TEST_SOURCE_DIR "/scenarios/coupled-cc.ini"
#define SEEDS 3

/* The goodput (bit/s) of workload `name` of the shipped file with `sets`. */
static double goodput_file(const char *const *sets, int64_t seed, const char *name)
{
	world *w = scenariorun_build(COUPLED, sets, seed);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	scenariorun_finish(w);
	double g = scenariorun_num(scenariorun_section(w, "workloads", name, NULL), "goodput_bps");
	scenariorun_destroy(w);
	return g;
}

typedef struct four {
	double tcp1, tcp2, lia, reno;
} four;

/* One TCP on each path, then MPTCP over both with LIA and with uncoupled Reno; `paths` are extra
 * overrides for the links. */
static four run_four(const char *const *paths, int64_t seed)
{
	four r;
	const char *sets[12];
	size_t n = 0;
	for (; paths && paths[n]; n++)
		sets[n] = paths[n];
	sets[n] = "workload.x.transport=tcp";
	sets[n + 1] = NULL;
	r.tcp1 = goodput_file(sets, seed, "x");
	sets[n + 1] = "workload.x.from=a.p2";
	sets[n + 2] = NULL;
	r.tcp2 = goodput_file(sets, seed, "x");
	sets[n] = "host.a.mptcp_cc=lia";
	sets[n + 1] = NULL;
	r.lia = goodput_file(sets, seed, "x");
	sets[n] = "host.a.mptcp_cc=reno";
	r.reno = goodput_file(sets, seed, "x");
	fprintf(stderr, "  seed %" PRId64 ": TCP path 1 %.2f, path 2 %.2f, MPTCP LIA %.2f, uncoupled Reno %.2f Mbit/s\n", seed,
		r.tcp1 / 1e6, r.tcp2 / 1e6, r.lia / 1e6, r.reno / 1e6);
	return r;
}

static void test_heterogeneous(void)
{
	for (int64_t seed = 1; seed <= SEEDS; seed++) {
		four r = run_four(NULL, seed);
		double best = MAX(r.tcp1, r.tcp2);
		/* goal 1: at least what the best path gives one TCP (within sampling noise); goal 2: not much
		 * more, where uncoupled takes about the sum */
		EXPECT(r.lia >= 0.85 * best && r.lia <= 1.25 * best, "LIA %.2f Mbit/s, best single path %.2f", r.lia / 1e6,
		       best / 1e6);
		EXPECT(r.reno >= 0.85 * (r.tcp1 + r.tcp2) && r.reno <= 1.15 * (r.tcp1 + r.tcp2),
		       "uncoupled %.2f Mbit/s, sum of the two TCPs %.2f", r.reno / 1e6, (r.tcp1 + r.tcp2) / 1e6);
		EXPECT(r.lia < 0.8 * r.reno, "LIA %.2f, uncoupled %.2f Mbit/s", r.lia / 1e6, r.reno / 1e6);
	}
}

static void test_identical(void)
{
	static const char *const paths[] = { "link.p1.delay=20ms", "link.p2.delay=20ms", "link.p1.up.loss_rate=0.5%",
					     "link.p2.up.loss_rate=0.5%", NULL };
	for (int64_t seed = 1; seed <= SEEDS; seed++) {
		four r = run_four(paths, seed);
		double one = (r.tcp1 + r.tcp2) / 2;
		EXPECT(r.lia >= 0.8 * one && r.lia <= 1.3 * one, "LIA %.2f Mbit/s, one TCP %.2f", r.lia / 1e6, one / 1e6);
		EXPECT(r.reno >= 1.7 * one && r.reno <= 2.3 * one, "uncoupled %.2f Mbit/s, one TCP %.2f", r.reno / 1e6,
		       one / 1e6);
	}
}

/* One lone subflow: the coupled term equals the uncoupled one, so LIA is Reno up to the rounding
 * of its per-ACK increase. */
static void test_lone_subflow(void)
{
	static const char *const lia[] = { "interface.a.p2.mptcp_endpoint=", "host.a.mptcp_cc=lia", NULL };
	static const char *const reno[] = { "interface.a.p2.mptcp_endpoint=", "host.a.mptcp_cc=reno", NULL };
	for (int64_t seed = 1; seed <= SEEDS; seed++) {
		double l = goodput_file(lia, seed, "x"), r = goodput_file(reno, seed, "x");
		EXPECT(l >= 0.95 * r && l <= 1.05 * r, "seed %" PRId64 ": lone subflow LIA %.2f, Reno %.2f Mbit/s", seed, l / 1e6,
		       r / 1e6);
	}
}

/* An MPTCP upload with two subflows and a TCP upload share a 20 Mbit/s bottleneck (40 ms RTT,
 * 100-packet drop-tail queue); loss comes from the queue alone, so the run has no randomness. */
static const char *const shared_bottleneck =
	"[simulation]\nduration = 120s\n"
	"[host.a]\n[host.b]\n[host.t]\n[host.r]\nforward = true\n[host.core]\nforward = true\n"
	"[interface.a.p1]\naddresses = 10.1.0.2\nmptcp_endpoint = subflow\n"
	"[interface.a.p2]\naddresses = 10.2.0.2\nmptcp_endpoint = subflow\n"
	"[interface.t.eth]\naddresses = 10.5.0.2\n"
	"[interface.r.x1]\naddresses = 10.1.0.1\n[interface.r.x2]\naddresses = 10.2.0.1\n"
	"[interface.r.x3]\naddresses = 10.5.0.1\n[interface.r.out]\naddresses = 10.8.0.1\n"
	"[interface.core.in]\naddresses = 10.8.0.2\n[interface.core.s]\naddresses = 10.9.0.1\n"
	"[interface.b.eth]\naddresses = 10.9.0.2\n"
	"[link.p1]\na = a.p1\nb = r.x1\nrate = 1Gbit\ndelay = 1ms\n"
	"[link.p2]\na = a.p2\nb = r.x2\nrate = 1Gbit\ndelay = 1ms\n"
	"[link.pt]\na = t.eth\nb = r.x3\nrate = 1Gbit\ndelay = 1ms\n"
	"[link.bneck]\na = r.out\nb = core.in\nrate = 20Mbit\ndelay = 18ms\nqueue = 100pkt\n"
	"[link.srv]\na = core.s\nb = b.eth\nrate = 10Gbit\ndelay = 0ms\n"
	"[workload.x]\ntype = bulk\ntransport = mptcp\nfrom = a.p1\nto = b\n"
	"[workload.tcp]\ntype = bulk\nfrom = t\nto = b\ncc = reno\nport = 5002\n";

static double share_ratio(const char *cc)
{
	char *set = g_strdup_printf("host.a.mptcp_cc=%s", cc);
	const char *sets[] = { set, NULL };
	world *w = scenariorun_build_text("shared-bottleneck.ini", shared_bottleneck, sets, 1);
	g_free(set);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	scenariorun_finish(w);
	double x = scenariorun_num(scenariorun_section(w, "workloads", "x", NULL), "goodput_bps");
	double t = scenariorun_num(scenariorun_section(w, "workloads", "tcp", NULL), "goodput_bps");
	scenariorun_destroy(w);
	fprintf(stderr, "  shared bottleneck, %s: MPTCP %.2f, TCP %.2f Mbit/s (ratio %.2f)\n", cc, x / 1e6, t / 1e6, x / t);
	/* the bottleneck is used */
	EXPECT(x + t >= 0.9 * 20e6 * 1448 / 1500, "together %.2f Mbit/s of 20", (x + t) / 1e6);
	return x / t;
}

static void test_shared_bottleneck(void)
{
	double lia = share_ratio("lia"), reno = share_ratio("reno");
	EXPECT(lia >= 0.75 && lia <= 1.33, "LIA takes %.2f times the TCP's share", lia);
	EXPECT(reno >= 1.6, "uncoupled Reno takes %.2f times the TCP's share", reno);
}

static CU_TestInfo coupled_tests[] = {
	{ .pName = "20 ms / 1% and 100 ms / 0.1%: LIA ≈ the best path's TCP, uncoupled ≈ the sum", .pTestFunc = test_heterogeneous },
	{ .pName = "two identical paths: LIA ≈ one TCP, uncoupled ≈ two", .pTestFunc = test_identical },
	{ .pName = "a lone subflow under LIA grows as Reno", .pTestFunc = test_lone_subflow },
	{ .pName = "a shared bottleneck: LIA ≈ the TCP's share, uncoupled ≈ twice", .pTestFunc = test_shared_bottleneck },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "coupled congestion control", .pTests = coupled_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
