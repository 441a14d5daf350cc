/* unit_tcp_cc.c — congestion-control arithmetic against hand-computed values and formulas:
 * the registry, Reno (slow start doubling, +1 SMSS per RTT, halving), CUBIC (the cubic curve of
 * RFC 9438 within 5%, fast convergence, the Reno-friendly region, timeouts), the coupled
 * algorithms' formulas on hand-made paths (OLIA's alpha_r and increase, BALIA's alpha_r, increase
 * and decrease) and what LIA, OLIA and BALIA do alone (as Reno). ACKs are driven by hand, one
 * call per acknowledgment, with time advanced across each round trip. */
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
	CU_ASSERT_PTR_EQUAL(registry_find(all, "lia", "congestion control", NULL), &tcp_cc_lia);
	CU_ASSERT_PTR_EQUAL(registry_find(all, "olia", "congestion control", NULL), &tcp_cc_olia);
	CU_ASSERT_PTR_EQUAL(registry_find(all, "balia", "congestion control", NULL), &tcp_cc_balia);
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

/* ---- coupled algorithms: the shared fold of fractional increases ---- */

static void test_add_fraction(void)
{
	tcp_cc_state cc;
	memset(&cc, 0, sizeof cc);
	cc.mss_bytes = MSS;
	cc.cwnd_bytes = 10 * MSS;
	double carry = 0;
	/* fractions accumulate until a whole byte is owed */
	tcp_cc_add_fraction(&cc, &carry, 0.4);
	tcp_cc_add_fraction(&cc, &carry, 0.4);
	CU_ASSERT_EQUAL(cc.cwnd_bytes, 10u * MSS);
	tcp_cc_add_fraction(&cc, &carry, 2.5);
	CU_ASSERT_EQUAL(cc.cwnd_bytes, 10u * MSS + 3);
	CU_ASSERT_DOUBLE_EQUAL(carry, 0.3, 1e-12);
	/* a decrease (OLIA) moves whole bytes down, the fraction kept */
	tcp_cc_add_fraction(&cc, &carry, -5.8);
	CU_ASSERT_EQUAL(cc.cwnd_bytes, 10u * MSS - 2);
	CU_ASSERT_DOUBLE_EQUAL(carry, -0.5, 1e-12);
	/* never below one segment; what was still owed is dropped */
	tcp_cc_add_fraction(&cc, &carry, -20.0 * MSS);
	CU_ASSERT_EQUAL(cc.cwnd_bytes, (uint32_t)MSS);
	CU_ASSERT_DOUBLE_EQUAL(carry, 0, 0);
	/* nor past 2^32 - 1 */
	cc.cwnd_bytes = UINT32_MAX - 10;
	tcp_cc_add_fraction(&cc, &carry, 100);
	CU_ASSERT_EQUAL(cc.cwnd_bytes, UINT32_MAX);
}

/* ---- OLIA (draft-khalili-mptcp-congestion-control-05) on hand-made paths ---- */

static tcp_cc_path path(double cwnd_segs, double rtt_s, double l_bytes)
{
	return (tcp_cc_path){ .cwnd_bytes = cwnd_segs * MSS, .rtt_s = rtt_s, .l_bytes = l_bytes };
}

static void test_olia_alpha(void)
{
	/* A has the largest window, B the largest l/rtt^2: B\M = {B}, |P| = 2:
	 * alpha_B = 1/(2*1), alpha_A = -1/(2*1) */
	tcp_cc_path two[] = { path(20, 0.1, 10000), path(10, 0.1, 100000) };
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(two, 2, 0), -0.5, 1e-15);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(two, 2, 1), 0.5, 1e-15);
	/* the best path also has the largest window: B\M is empty, alpha = 0 everywhere */
	two[1].cwnd_bytes = 30 * MSS;
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(two, 2, 0), 0, 0);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(two, 2, 1), 0, 0);
	/* four paths: A largest window; B and C equally best; D neither. |P| = 4, |M| = 1, |B\M| = 2 */
	tcp_cc_path four[] = { path(30, 0.1, 1000), path(10, 0.1, 50000), path(5, 0.1, 50000), path(8, 0.1, 2000) };
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(four, 4, 0), -1.0 / 4, 1e-15);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(four, 4, 1), 1.0 / 8, 1e-15);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(four, 4, 2), 1.0 / 8, 1e-15);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(four, 4, 3), 0, 0);
	/* two paths share the largest window: |M| = 2 */
	four[3].cwnd_bytes = 30 * MSS;
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(four, 4, 0), -1.0 / 8, 1e-15);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(four, 4, 3), -1.0 / 8, 1e-15);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(four, 4, 1), 1.0 / 8, 1e-15);
	/* what is moved sums to nothing */
	double sum = 0;
	for (size_t r = 0; r < 4; r++)
		sum += tcp_cc_olia_alpha(four, 4, r);
	CU_ASSERT_DOUBLE_EQUAL(sum, 0, 1e-15);
	/* best means the largest l_r / rtt_r^2 (a single TCP's rate, squared): Y (100 kB, 50 ms: 4e7)
	 * beats X (300 kB, 200 ms: 7.5e6), though X would win on l_r^2 / rtt_r */
	tcp_cc_path xy[] = { path(20, 0.2, 300000), path(10, 0.05, 100000) };
	CU_ASSERT(tcp_cc_olia_alpha(xy, 2, 1) > 0);
	CU_ASSERT(tcp_cc_olia_alpha(xy, 2, 0) < 0);
	/* no loss yet anywhere (l = 0): every path is best, the ones without the largest window collect */
	tcp_cc_path fresh[] = { path(10, 0.1, 0), path(12, 0.3, 0) };
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(fresh, 2, 0), 0.5, 1e-15);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(fresh, 2, 1), -0.5, 1e-15);
}

static void test_olia_increase(void)
{
	/* in segments: w = 20 and 10, rtt 100 ms: per segment acknowledged on A,
	 * (20/0.01) / (300)^2 + (-1/2)/20 = 0.02222 - 0.025 segments: A shrinks */
	tcp_cc_path two[] = { path(20, 0.1, 10000), path(10, 0.1, 100000) };
	double a = tcp_cc_olia_increase(two, 2, 0, MSS, MSS);
	CU_ASSERT_DOUBLE_EQUAL(a, (20.0 / 900 - 0.5 / 20) * MSS, 1e-9);
	CU_ASSERT(a < 0);
	/* on B: 10/900 + (1/2)/10 segments */
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_increase(two, 2, 1, MSS, MSS), (10.0 / 900 + 0.5 / 10) * MSS, 1e-9);
	/* bytes acknowledged scale it: two segments in one ACK, twice the increase */
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_increase(two, 2, 1, MSS, 2 * MSS), 2 * (10.0 / 900 + 0.5 / 10) * MSS, 1e-9);
	/* different RTTs, alpha = 0: (w_r/rtt_r^2) / (sum w/rtt)^2 */
	tcp_cc_path rtts[] = { path(20, 0.02, 5000), path(20, 0.08, 5000) };
	double s = 20 / 0.02 + 20 / 0.08;
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_increase(rtts, 2, 0, MSS, MSS), 20 / (0.02 * 0.02) / (s * s) * MSS, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_increase(rtts, 2, 1, MSS, MSS), 20 / (0.08 * 0.08) / (s * s) * MSS, 1e-9);
	/* a lone path: 1/w per segment, Reno's increase */
	tcp_cc_path one[] = { path(25, 0.05, 7000) };
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_increase(one, 1, 0, MSS, MSS), MSS / 25.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_olia_alpha(one, 1, 0), 0, 0);
}

static void test_olia_loss_intervals(void)
{
	/* l_r = max(l1r, l2r): bytes acknowledged since the last loss, or between the last two */
	tcp_cc_state cc;
	cc_setup(&cc, &tcp_cc_olia, 10);
	cc.snd_una = 1;
	tcp_cc_olia.init(&cc, 0);
	CU_ASSERT_EQUAL(tcp_cc_olia_l_bytes(&cc), 0);
	cc.snd_una += 100000;
	CU_ASSERT_EQUAL(tcp_cc_olia_l_bytes(&cc), 100000);
	cc.flight_size_bytes = 10 * MSS;
	tcp_cc_olia.on_congestion(&cc, SIM_S(1));
	CU_ASSERT_EQUAL(tcp_cc_olia_l_bytes(&cc), 100000); /* l1r */
	cc.snd_una += 30000;
	CU_ASSERT_EQUAL(tcp_cc_olia_l_bytes(&cc), 100000);
	cc.snd_una += 80000;
	CU_ASSERT_EQUAL(tcp_cc_olia_l_bytes(&cc), 110000); /* l2r */
	/* a timeout is a loss too, once per episode */
	cc.flight_size_bytes = 10 * MSS;
	tcp_cc_olia.on_rto(&cc, 1, SIM_S(2));
	CU_ASSERT_EQUAL(tcp_cc_olia_l_bytes(&cc), 110000);
	cc.snd_una += 5000;
	tcp_cc_olia.on_rto(&cc, 2, SIM_S(3));
	CU_ASSERT_EQUAL(tcp_cc_olia_l_bytes(&cc), 110000);
	tcp_cc_olia.on_congestion(&cc, SIM_S(4));
	CU_ASSERT_EQUAL(tcp_cc_olia_l_bytes(&cc), 5000);
}

/* ---- BALIA (draft-walid-mptcp-congestion-control-04) on hand-made paths ---- */

static void test_balia_formulas(void)
{
	/* x = w/rtt: 20 segments / 100 ms = 200, 10 / 200 ms = 50 segments/s; alpha = 1 and 4 */
	tcp_cc_path two[] = { path(20, 0.1, 0), path(10, 0.2, 0) };
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_balia_alpha(two, 2, 0), 1, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_balia_alpha(two, 2, 1), 4, 1e-12);
	/* per segment: (x_r/rtt_r) / (sum x)^2 * (1+a)/2 * (4+a)/5 segments —
	 * (200/0.1)/250^2 * 1 * 1 = 0.032; (50/0.2)/250^2 * 5/2 * 8/5 = 0.016 */
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_balia_increase(two, 2, 0, MSS, MSS), 0.032 * MSS, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_balia_increase(two, 2, 1, MSS, MSS), 0.016 * MSS, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_balia_increase(two, 2, 1, MSS, 3 * MSS), 3 * 0.016 * MSS, 1e-9);
	/* on a loss: w/2 * min(alpha, 1.5) — the fastest path halves, the slow one gives 3/4 */
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_balia_decrease(two, 2, 0), 0.5, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_balia_decrease(two, 2, 1), 0.75, 1e-12);
	/* alpha below the cap: x = 200 and 160 segments/s, alpha = 1.25, decrease 0.625 */
	tcp_cc_path near[] = { path(20, 0.1, 0), path(16, 0.1, 0) };
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_balia_alpha(near, 2, 1), 1.25, 1e-12);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_balia_decrease(near, 2, 1), 0.625, 1e-12);
	/* two identical paths: alpha = 1 and each grows 1/(4w) per segment, a quarter segment per RTT,
	 * against halving on its losses: each settles at half one TCP's window, together one TCP */
	tcp_cc_path same[] = { path(30, 0.04, 0), path(30, 0.04, 0) };
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_balia_increase(same, 2, 0, MSS, MSS), MSS / (4 * 30.0), 1e-9);
	/* a lone path: alpha = 1, 1/w per segment and halving: Reno */
	tcp_cc_path one[] = { path(25, 0.05, 0) };
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_balia_alpha(one, 1, 0), 1, 0);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_balia_increase(one, 1, 0, MSS, MSS), MSS / 25.0, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(tcp_cc_balia_decrease(one, 1, 0), 0.5, 0);
}

/* ---- LIA, OLIA, BALIA alone (no group): Reno's window ---- */

static void test_coupled_alone(void)
{
	const tcp_cc_ops *const algs[] = { &tcp_cc_lia, &tcp_cc_olia, &tcp_cc_balia };
	for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
		const tcp_cc_ops *ops = algs[i];
		tcp_cc_state cc;
		/* slow start as Reno: doubling per RTT */
		cc_setup(&cc, ops, 10);
		CU_ASSERT_EQUAL(cc.ssthresh_bytes, UINT32_MAX);
		sim_time_t t = round_trip(&cc, ops, 0, SIM_MS(100), 2);
		CU_ASSERT_EQUAL(cc.cwnd_bytes, 20u * MSS);
		/* congestion avoidance: acked * SMSS / cwnd per ACK, just under one SMSS per RTT (the
		 * window grows within each round) */
		cc.ssthresh_bytes = cc.cwnd_bytes;
		for (int r = 0; r < 10; r++)
			t = round_trip(&cc, ops, t, SIM_MS(100), r % 2 ? 1 : 2);
		CU_ASSERT(cc.cwnd_bytes >= 29u * MSS + MSS / 2 && cc.cwnd_bytes <= 30u * MSS);
		/* a loss halves the flight, at least 2 SMSS (RFC 5681 eq. (4)) */
		cc.flight_size_bytes = 30 * MSS;
		ops->on_congestion(&cc, t);
		CU_ASSERT_EQUAL(cc.ssthresh_bytes, 15u * MSS);
		CU_ASSERT_EQUAL(cc.cwnd_bytes, 15u * MSS);
		cc.flight_size_bytes = 3 * MSS;
		ops->on_congestion(&cc, t);
		CU_ASSERT_EQUAL(cc.ssthresh_bytes, 2u * MSS);
		/* a timeout: one segment; ssthresh falls on the first expiry only */
		cc.cwnd_bytes = 40 * MSS;
		cc.flight_size_bytes = 40 * MSS;
		ops->on_rto(&cc, 1, t);
		CU_ASSERT_EQUAL(cc.cwnd_bytes, (uint32_t)MSS);
		CU_ASSERT_EQUAL(cc.ssthresh_bytes, 20u * MSS);
		ops->on_rto(&cc, 2, t);
		CU_ASSERT_EQUAL(cc.ssthresh_bytes, 20u * MSS);
		/* an application-limited sender does not grow */
		cc_setup(&cc, ops, 10);
		cc.cwnd_limited = false;
		round_trip(&cc, ops, 0, SIM_MS(100), 2);
		CU_ASSERT_EQUAL(cc.cwnd_bytes, 10u * MSS);
	}
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
	{ .pName = "coupled: fractional increases and decreases fold into cwnd", .pTestFunc = test_add_fraction },
	{ .pName = "olia: alpha_r from the largest-window and best paths", .pTestFunc = test_olia_alpha },
	{ .pName = "olia: the increase per ACK", .pTestFunc = test_olia_increase },
	{ .pName = "olia: l_r, bytes acknowledged between losses", .pTestFunc = test_olia_loss_intervals },
	{ .pName = "balia: alpha_r, increase and decrease", .pTestFunc = test_balia_formulas },
	{ .pName = "lia, olia, balia alone: Reno's window", .pTestFunc = test_coupled_alone },
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
