/* unit_tcp_cc.c — congestion-control arithmetic against hand-computed values and formulas:
 * the registry, Reno (slow start doubling, +1 SMSS per RTT, halving), CUBIC (the cubic curve of
 * RFC 9438 within 5%, fast convergence, the Reno-friendly region, timeouts). ACKs are driven by
 * hand, one call per acknowledgment, with time advanced across each round trip. */
#include "testutil.h"

#include "registry.h"
#include "tcp/tcp_cc.h"
#include "tcp/tcp_hystart.h"

#include <math.h>
#include <string.h>

enum { MSS = 1000 };

static void cc_setup(tcp_cc_state *cc, const tcp_cc_ops *ops, uint32_t cwnd_segs)
{
	memset(cc, 0, sizeof *cc);
	cc->mss_bytes = MSS;
	cc->cwnd_bytes = cwnd_segs * MSS;
	cc->initial_cwnd_bytes = cc->cwnd_bytes;
	cc->cwnd_limited = true;
	ops->init(cc, 0);
}

/* One round trip: the whole window is acknowledged, `per_ack` segments per ACK, ACKs spread evenly
 * over [t, t + rtt). Returns the time at the end of the round. */
static sim_time_t round_trip(tcp_cc_state *cc, const tcp_cc_ops *ops, sim_time_t t, sim_time_t rtt, uint32_t per_ack)
{
	uint32_t window = cc->cwnd_bytes, step = per_ack * MSS;
	uint32_t acks = (window + step - 1) / step;
	cc->srtt_ns = rtt;
	cc->flight_size_bytes = window;
	for (uint32_t i = 0; i < acks; i++) {
		uint32_t left = window - i * step;
		tcp_cc_ack a = { .acked_bytes = left < step ? left : step, .rtt_ns = rtt };
		ops->on_ack(cc, &a, t + rtt * (sim_time_t)i / (sim_time_t)acks);
	}
	return t + rtt;
}

static void test_registry(void)
{
	const void *const *all = (const void *const *)tcp_cc_all;
	size_t n = registry_count(all);
	CU_ASSERT(n >= 2);
	for (size_t i = 0; tcp_cc_all[i]; i++) {
		const tcp_cc_ops *o = tcp_cc_all[i];
		CU_ASSERT_PTR_NOT_NULL(o->name);
		/* mandatory hooks */
		CU_ASSERT_PTR_NOT_NULL(o->init);
		CU_ASSERT_PTR_NOT_NULL(o->on_ack);
		CU_ASSERT_PTR_NOT_NULL(o->on_congestion);
		CU_ASSERT_PTR_NOT_NULL(o->on_rto);
		for (size_t j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(o->name, tcp_cc_all[j]->name);
		CU_ASSERT_PTR_EQUAL(registry_find(all, o->name, "congestion control", NULL), o);
	}
	CU_ASSERT_PTR_EQUAL(registry_find(all, "reno", "congestion control", NULL), &tcp_cc_reno);
	CU_ASSERT_PTR_EQUAL(registry_find(all, "cubic", "congestion control", NULL), &tcp_cc_cubic);
	GError *e = NULL;
	CU_ASSERT_PTR_NULL(registry_find(all, "cubik", "congestion control", &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "did you mean \"cubic\""));
	g_error_free(e);
}

static void test_reno_slow_start(void)
{
	tcp_cc_state cc;
	cc_setup(&cc, &tcp_cc_reno, 10);
	CU_ASSERT_EQUAL(cc.ssthresh_bytes, UINT32_MAX);
	/* RFC 5681 §3.1 + RFC 3465 L=2: one ACK per two segments doubles cwnd every round trip */
	sim_time_t t = 0;
	for (uint32_t r = 1; r <= 5; r++) {
		t = round_trip(&cc, &tcp_cc_reno, t, SIM_MS(100), 2);
		CU_ASSERT_EQUAL(cc.cwnd_bytes, (10u * MSS) << r);
	}
	/* with an ACK per segment the same holds (min(acked, 2*SMSS) per ACK) */
	cc_setup(&cc, &tcp_cc_reno, 4);
	round_trip(&cc, &tcp_cc_reno, 0, SIM_MS(100), 1);
	CU_ASSERT_EQUAL(cc.cwnd_bytes, 8u * MSS);
	/* slow start stops at ssthresh */
	cc_setup(&cc, &tcp_cc_reno, 10);
	cc.ssthresh_bytes = 15 * MSS;
	round_trip(&cc, &tcp_cc_reno, 0, SIM_MS(100), 2);
	CU_ASSERT(cc.cwnd_bytes >= 15u * MSS && cc.cwnd_bytes <= 16u * MSS);
	/* no growth when the application, not the window, limits the sender */
	cc_setup(&cc, &tcp_cc_reno, 10);
	cc.cwnd_limited = false;
	round_trip(&cc, &tcp_cc_reno, 0, SIM_MS(100), 2);
	CU_ASSERT_EQUAL(cc.cwnd_bytes, 10u * MSS);
}

static void test_reno_avoidance_and_loss(void)
{
	tcp_cc_state cc;
	cc_setup(&cc, &tcp_cc_reno, 20);
	cc.ssthresh_bytes = 20 * MSS;
	/* RFC 5681 §3.1: +1 SMSS per round trip in congestion avoidance, whatever the ACK pattern */
	sim_time_t t = 0;
	for (uint32_t r = 1; r <= 10; r++) {
		t = round_trip(&cc, &tcp_cc_reno, t, SIM_MS(50), r % 2 ? 1 : 2);
		CU_ASSERT_EQUAL(cc.cwnd_bytes, (20u + r) * MSS);
	}
	/* RFC 5681 eq. (4): ssthresh = max(FlightSize/2, 2*SMSS), cwnd = ssthresh for recovery */
	cc.flight_size_bytes = 30 * MSS;
	tcp_cc_reno.on_congestion(&cc, t);
	CU_ASSERT_EQUAL(cc.ssthresh_bytes, 15u * MSS);
	CU_ASSERT_EQUAL(cc.cwnd_bytes, 15u * MSS);
	cc.flight_size_bytes = 3 * MSS;
	tcp_cc_reno.on_congestion(&cc, t);
	CU_ASSERT_EQUAL(cc.ssthresh_bytes, 2u * MSS);
	/* RFC 5681 §3.1: a timeout leaves one segment; only the first lowers ssthresh */
	cc.cwnd_bytes = 40 * MSS;
	cc.flight_size_bytes = 40 * MSS;
	tcp_cc_reno.on_rto(&cc, 1, t);
	CU_ASSERT_EQUAL(cc.cwnd_bytes, (uint32_t)MSS);
	CU_ASSERT_EQUAL(cc.ssthresh_bytes, 20u * MSS);
	cc.flight_size_bytes = 40 * MSS;
	tcp_cc_reno.on_rto(&cc, 2, t);
	CU_ASSERT_EQUAL(cc.cwnd_bytes, (uint32_t)MSS);
	CU_ASSERT_EQUAL(cc.ssthresh_bytes, 20u * MSS);
}

/* RFC 9438 Figure 1 with C = 0.4 and beta = 0.7, in segments and seconds. */
static double w_cubic(double t, double k, double w_max)
{
	return 0.4 * (t - k) * (t - k) * (t - k) + w_max;
}

static void test_cubic_curve(void)
{
	tcp_cc_state cc;
	cc_setup(&cc, &tcp_cc_cubic, 100);
	/* a loss at 100 segments: W_max = 100, cwnd = ssthresh = 70 (RFC 9438 §4.6) */
	cc.flight_size_bytes = 100 * MSS;
	tcp_cc_cubic.on_congestion(&cc, SIM_S(1));
	CU_ASSERT_EQUAL(cc.ssthresh_bytes, 70u * MSS);
	CU_ASSERT_EQUAL(cc.cwnd_bytes, 70u * MSS);
	double w_max = 100, k = cbrt(w_max * (1 - 0.7) / 0.4); /* §4.2: K = cbrt(W_max*(1-beta)/C) */
	/* §4.3: the Reno-friendly estimate grows alpha per RTT (1 once past W_max); cwnd is the larger */
	double w_est = 70, alpha = 3 * (1 - 0.7) / (1 + 0.7);
	sim_time_t rtt = SIM_MS(100), epoch = SIM_S(2), t = epoch;
	double worst = 0;
	int checked = 0, cubic_region = 0;
	while (t - epoch < SIM_S(10)) {
		t = round_trip(&cc, &tcp_cc_cubic, t, rtt, 1);
		w_est += w_est >= w_max ? 1 : alpha;
		double ts = (double)(t - epoch) / 1e9;
		double curve = w_cubic(ts, k, w_max), want = curve > w_est ? curve : w_est;
		double got = (double)cc.cwnd_bytes / MSS;
		double err = fabs(got - want) / want;
		if (curve >= w_est) {
			cubic_region++;
			if (err > worst)
				worst = err;
		}
		if (err > 0.05)
			fprintf(stderr, "t=%.2fs cwnd=%.2f W(t)=%.2f W_est=%.2f\n", ts, got, curve, w_est);
		CU_ASSERT(err <= 0.05);
		checked++;
	}
	CU_ASSERT(checked >= 90);
	CU_ASSERT(cubic_region >= 60);
	printf("(largest deviation from W(t) in the cubic region: %.2f%%) ", worst * 100);
}

static void test_cubic_fast_convergence(void)
{
	tcp_cc_state cc;
	cc_setup(&cc, &tcp_cc_cubic, 100);
	cc.flight_size_bytes = 100 * MSS;
	tcp_cc_cubic.on_congestion(&cc, SIM_S(1));
	/* a second loss below the old W_max: W_max = cwnd * (1 + beta) / 2 (RFC 9438 §4.7), which
	 * shows in K: the window is back at 70*0.85 = 59.5 segments sooner than at 70 */
	tcp_cc_cubic.on_congestion(&cc, SIM_S(2));
	CU_ASSERT_EQUAL(cc.cwnd_bytes, 49u * MSS);
	double w_max = 70 * 0.85, k = cbrt((w_max - 49) / 0.4);
	sim_time_t rtt = SIM_MS(100), epoch = SIM_S(3), t = epoch;
	while (t - epoch < SIM_S(4)) {
		t = round_trip(&cc, &tcp_cc_cubic, t, rtt, 1);
		double ts = (double)(t - epoch) / 1e9;
		double want = w_cubic(ts, k, w_max), got = (double)cc.cwnd_bytes / MSS;
		/* the Reno-friendly estimate may run ahead near the plateau: never below the curve */
		CU_ASSERT(got >= want * 0.95);
		CU_ASSERT(got <= want * 1.05 || got <= 49 + 1.0 * (ts / 0.1));
	}
}

static void test_cubic_reno_friendly(void)
{
	/* a small window on a long path: the cubic curve is flat near W_max while Reno would grow
	 * 0.53 segments per RTT (alpha = 3(1-beta)/(1+beta)) and then 1 per RTT past W_max; CUBIC
	 * must follow the Reno estimate (RFC 9438 §4.3) */
	tcp_cc_state cc;
	cc_setup(&cc, &tcp_cc_cubic, 10);
	cc.flight_size_bytes = 10 * MSS;
	tcp_cc_cubic.on_congestion(&cc, 0);
	CU_ASSERT_EQUAL(cc.cwnd_bytes, 7u * MSS);
	sim_time_t t = SIM_S(1);
	double w_est = 7, alpha = 3 * (1 - 0.7) / (1 + 0.7);
	for (int r = 0; r < 40; r++) {
		t = round_trip(&cc, &tcp_cc_cubic, t, SIM_MS(100), 1);
		w_est += w_est >= 10 ? 1 : alpha;
	}
	double got = (double)cc.cwnd_bytes / MSS;
	double k = cbrt(10 * 0.3 / 0.4), cubic = w_cubic(4.0, k, 10);
	CU_ASSERT(got > cubic * 1.5);
	CU_ASSERT(fabs(got - w_est) / w_est < 0.10);
}

static void test_cubic_timeout(void)
{
	tcp_cc_state cc;
	cc_setup(&cc, &tcp_cc_cubic, 50);
	cc.flight_size_bytes = 50 * MSS;
	/* RFC 9438 §4.8: ssthresh = beta * cwnd, cwnd = 1 segment, as Reno */
	tcp_cc_cubic.on_rto(&cc, 1, SIM_S(1));
	CU_ASSERT_EQUAL(cc.cwnd_bytes, (uint32_t)MSS);
	CU_ASSERT_EQUAL(cc.ssthresh_bytes, 35u * MSS);
	tcp_cc_cubic.on_rto(&cc, 2, SIM_S(2));
	CU_ASSERT_EQUAL(cc.ssthresh_bytes, 35u * MSS);
	/* slow start back to ssthresh, then the curve starts from there with K = 0 */
	sim_time_t t = SIM_S(3);
	for (int r = 0; r < 6; r++)
		t = round_trip(&cc, &tcp_cc_cubic, t, SIM_MS(100), 1);
	CU_ASSERT(cc.cwnd_bytes >= 35u * MSS);
	uint32_t before = cc.cwnd_bytes;
	for (int r = 0; r < 10; r++)
		t = round_trip(&cc, &tcp_cc_cubic, t, SIM_MS(100), 1);
	CU_ASSERT(cc.cwnd_bytes > before);
}

static void test_cubic_deterministic(void)
{
	/* the same ACK sequence gives the same window, bit for bit */
	uint32_t result[2];
	for (int run = 0; run < 2; run++) {
		tcp_cc_state cc;
		cc_setup(&cc, &tcp_cc_cubic, 80);
		cc.flight_size_bytes = 80 * MSS;
		tcp_cc_cubic.on_congestion(&cc, SIM_MS(7));
		sim_time_t t = SIM_MS(13);
		for (int r = 0; r < 57; r++)
			t = round_trip(&cc, &tcp_cc_cubic, t, SIM_US(33333), 2);
		result[run] = cc.cwnd_bytes;
	}
	CU_ASSERT_EQUAL(result[0], result[1]);
}

/* A sender that keeps its window full: each ACK acknowledges one segment and lets one more out.
 * Runs whole rounds with the given RTT; returns the number of ACKs. */
static int hystart_round(tcp_hystart *h, tcp_cc_state *cc, sim_time_t rtt)
{
	uint64_t end = cc->snd_nxt;
	int acks = 0;
	while (cc->snd_una < end) {
		cc->snd_una += MSS;
		tcp_hystart_slow_start(h, cc, MSS, rtt);
		cc->snd_nxt = cc->snd_una + cc->cwnd_bytes;
		acks++;
	}
	return acks;
}

static void hystart_setup(tcp_hystart *h, tcp_cc_state *cc)
{
	memset(cc, 0, sizeof *cc);
	cc->mss_bytes = MSS;
	cc->cwnd_bytes = 10 * MSS;
	cc->ssthresh_bytes = UINT32_MAX;
	cc->snd_una = 1;
	cc->snd_nxt = 1 + cc->cwnd_bytes;
	tcp_hystart_init(h, cc);
}

static void test_hystart_exit(void)
{
	tcp_hystart h;
	tcp_cc_state cc;
	hystart_setup(&h, &cc);
	/* a flat RTT: ordinary slow start, doubling per round */
	for (int r = 0; r < 3; r++) {
		uint32_t before = cc.cwnd_bytes;
		hystart_round(&h, &cc, SIM_MS(100));
		CU_ASSERT_EQUAL(cc.cwnd_bytes, 2 * before);
	}
	CU_ASSERT_EQUAL(h.phase, TCP_HYSTART_SS);
	/* the RTT grows by 20 ms, above the 12.5 ms threshold (100/8): Conservative Slow Start after
	 * the round's first 8 samples, growing by a quarter */
	uint32_t before = cc.cwnd_bytes;
	hystart_round(&h, &cc, SIM_MS(120));
	CU_ASSERT_EQUAL(h.phase, TCP_HYSTART_CSS);
	uint32_t grown = cc.cwnd_bytes - before;
	CU_ASSERT(grown > 8 * MSS && grown < before / 2);
	/* CSS grows a quarter as fast as slow start */
	before = cc.cwnd_bytes;
	hystart_round(&h, &cc, SIM_MS(120));
	CU_ASSERT_EQUAL(cc.cwnd_bytes - before, before / 4);
	/* after 5 rounds of CSS: congestion avoidance at the current window */
	for (int r = 0; r < 4; r++)
		hystart_round(&h, &cc, SIM_MS(120));
	CU_ASSERT_EQUAL(h.phase, TCP_HYSTART_DONE);
	CU_ASSERT_EQUAL(cc.ssthresh_bytes, cc.cwnd_bytes);
}

static void test_hystart_false_alarm(void)
{
	tcp_hystart h;
	tcp_cc_state cc;
	hystart_setup(&h, &cc);
	hystart_round(&h, &cc, SIM_MS(50));
	hystart_round(&h, &cc, SIM_MS(50));
	/* +4 ms: below the threshold (the minimum is 4 ms, so exactly 4 ms counts) */
	hystart_round(&h, &cc, SIM_MS(53));
	CU_ASSERT_EQUAL(h.phase, TCP_HYSTART_SS);
	hystart_round(&h, &cc, SIM_MS(60));
	CU_ASSERT_EQUAL(h.phase, TCP_HYSTART_CSS);
	/* the RTT falls back below the CSS baseline: slow start resumes */
	hystart_round(&h, &cc, SIM_MS(55));
	CU_ASSERT_EQUAL(h.phase, TCP_HYSTART_SS);
	uint32_t before = cc.cwnd_bytes;
	hystart_round(&h, &cc, SIM_MS(55));
	CU_ASSERT_EQUAL(cc.cwnd_bytes, 2 * before);
	/* a loss ends it for good */
	tcp_hystart_stop(&h);
	CU_ASSERT_FALSE(tcp_hystart_active(&h));
}

static CU_TestInfo cc_tests[] = {
	{ .pName = "registry: unique names, mandatory hooks", .pTestFunc = test_registry },
	{ .pName = "reno: slow start doubles per RTT", .pTestFunc = test_reno_slow_start },
	{ .pName = "reno: +1 MSS per RTT, halving, timeout", .pTestFunc = test_reno_avoidance_and_loss },
	{ .pName = "cubic: window follows W(t) within 5%", .pTestFunc = test_cubic_curve },
	{ .pName = "cubic: fast convergence", .pTestFunc = test_cubic_fast_convergence },
	{ .pName = "cubic: Reno-friendly region", .pTestFunc = test_cubic_reno_friendly },
	{ .pName = "cubic: timeout", .pTestFunc = test_cubic_timeout },
	{ .pName = "cubic: deterministic", .pTestFunc = test_cubic_deterministic },
	{ .pName = "hystart++: delay increase ends slow start via CSS", .pTestFunc = test_hystart_exit },
	{ .pName = "hystart++: back to slow start when the RTT falls", .pTestFunc = test_hystart_false_alarm },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "tcp congestion control", .pTests = cc_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
