/* unit_mptcp_sched.c — the schedulers' decisions on hand-made subflow views (sched.h), one rule at a
 * time: minrtt (lowest RTT with room, backups only when no other subflow is active),
 * apple-handover (Wi-Fi until it has timed out twice in a row) and apple-interactive (XNU's
 * interactive rules: Wi-Fi unless in timeout or past the RTT/RTO thresholds while cellular is not;
 * wait for a full Wi-Fi rather than spill), redundant (copies on every subflow with room), blest
 * (its blocking estimate against the send window) and ecf (its completion-time comparison and
 * hysteresis). */
#include "testutil.h"

#include "mptcp/sched.h"

#include <string.h>

#define MSS 1400u

/* An established subflow with room for ten segments. */
static sched_subflow view(uint32_t id, sim_time_t srtt, bool cellular, bool backup)
{
	sched_subflow s;
	memset(&s, 0, sizeof s);
	s.id = id;
	s.active = true;
	s.backup = backup;
	s.cellular = cellular;
	s.srtt_ns = srtt;
	s.rto_ns = SIM_MS(200) + 4 * srtt;
	s.mss_bytes = MSS;
	s.cwnd_bytes = 10 * MSS;
	s.room_bytes = 10 * MSS;
	return s;
}

/* The index the scheduler picks for 3000 bytes of new data; -1 when it waits. */
static int pick(const sched_ops *ops, const sched_subflow *sfs, size_t n)
{
	sched_request req = { .data_offset = 0, .bytes = 3000, .reinjection = false };
	uint32_t out[4];
	void *priv = ops->init ? ops->init() : NULL;
	size_t k = ops->get_send(priv, &req, sfs, n, out, 4);
	if (ops->release)
		ops->release(priv);
	return k ? (int)out[0] : -1;
}

static void test_minrtt(void)
{
	sched_subflow s[2] = { view(1, SIM_MS(20), false, false), view(2, SIM_MS(70), true, false) };
	CU_ASSERT_EQUAL(pick(&sched_minrtt, s, 2), 0);
	s[0].room_bytes = 0; /* full: the other one with room */
	CU_ASSERT_EQUAL(pick(&sched_minrtt, s, 2), 1);
	s[0].room_bytes = 10 * MSS;
	s[1].backup = true;
	s[0].srtt_ns = SIM_MS(900); /* a backup is not used while a non-backup subflow is active */
	CU_ASSERT_EQUAL(pick(&sched_minrtt, s, 2), 0);
	s[0].active = false;
	CU_ASSERT_EQUAL(pick(&sched_minrtt, s, 2), 1);
}

static void test_handover(void)
{
	sched_subflow s[2] = { view(1, SIM_MS(20), false, false), view(2, SIM_MS(70), true, true) };
	CU_ASSERT_EQUAL(pick(&sched_handover, s, 2), 0);
	s[0].rto_backoff = 1; /* one timeout: Wi-Fi keeps the data */
	CU_ASSERT_EQUAL(pick(&sched_handover, s, 2), 0);
	s[0].room_bytes = 0; /* ... and is waited for when full */
	CU_ASSERT_EQUAL(pick(&sched_handover, s, 2), -1);
	s[0].rto_backoff = 2; /* failing: cellular */
	CU_ASSERT_EQUAL(pick(&sched_handover, s, 2), 1);
	s[0].rto_backoff = 0; /* delivers again: back to Wi-Fi */
	s[0].room_bytes = 10 * MSS;
	CU_ASSERT_EQUAL(pick(&sched_handover, s, 2), 0);
	s[0].active = false; /* gone: cellular */
	CU_ASSERT_EQUAL(pick(&sched_handover, s, 2), 1);
}

static void test_interactive(void)
{
	const sched_ops *ia = &sched_interactive;
	sched_subflow s[2] = { view(1, SIM_MS(20), false, false), view(2, SIM_MS(70), true, false) };
	CU_ASSERT_EQUAL(pick(ia, s, 2), 0);
	/* a single timeout on Wi-Fi, none on cellular: cellular */
	s[0].rto_backoff = 1;
	CU_ASSERT_EQUAL(pick(ia, s, 2), 1);
	s[1].rto_backoff = 1; /* both in timeout: Wi-Fi */
	CU_ASSERT_EQUAL(pick(ia, s, 2), 0);
	s[0].rto_backoff = s[1].rto_backoff = 0;
	/* Wi-Fi's RTT past 600 ms, cellular's not: cellular; both past: Wi-Fi */
	s[0].srtt_ns = SIM_MS(600);
	CU_ASSERT_EQUAL(pick(ia, s, 2), 1);
	s[1].srtt_ns = SIM_MS(650);
	s[1].rto_ns = SIM_MS(900);
	CU_ASSERT_EQUAL(pick(ia, s, 2), 0);
	/* Wi-Fi's RTO at 1.5 s, cellular's below: cellular */
	s[0].srtt_ns = SIM_MS(100);
	s[1].srtt_ns = SIM_MS(70);
	s[0].rto_ns = SIM_MS(1500);
	CU_ASSERT_EQUAL(pick(ia, s, 2), 1);
	s[0].rto_ns = SIM_MS(600);
	/* lower RTT on cellular alone does not move the data (unlike minrtt) */
	s[0].srtt_ns = SIM_MS(120);
	CU_ASSERT_EQUAL(pick(ia, s, 2), 0);
	CU_ASSERT_EQUAL(pick(&sched_minrtt, s, 2), 1);
	/* a full Wi-Fi is waited for, not spilled onto cellular */
	s[0].room_bytes = 0;
	CU_ASSERT_EQUAL(pick(ia, s, 2), -1);
	/* no Wi-Fi subflow: cellular; no cellular one: the lowest-RTT Wi-Fi */
	s[0].active = false;
	CU_ASSERT_EQUAL(pick(ia, s, 2), 1);
	sched_subflow w[2] = { view(1, SIM_MS(40), false, false), view(2, SIM_MS(20), false, false) };
	CU_ASSERT_EQUAL(pick(ia, w, 2), 1);
	/* ties go to the lower id */
	w[0].srtt_ns = w[1].srtt_ns;
	CU_ASSERT_EQUAL(pick(ia, w, 2), 0);
}

/* The subflows the scheduler answers for `req`, into out[4]; their number. */
static size_t answer(const sched_ops *ops, const sched_request *req, const sched_subflow *sfs, size_t n, uint32_t *out)
{
	void *priv = ops->init ? ops->init() : NULL;
	size_t k = ops->get_send(priv, req, sfs, n, out, 4);
	if (ops->release)
		ops->release(priv);
	return k;
}

static void test_redundant(void)
{
	sched_request req = { .data_offset = 0, .bytes = 3000, .reinjection = false };
	uint32_t out[4];
	sched_subflow s[3] = { view(1, SIM_MS(70), false, false), view(2, SIM_MS(20), false, false),
			       view(3, SIM_MS(10), false, true) };
	/* the lowest-RTT non-backup first, the other non-backup a copy, the backup none */
	CU_ASSERT_EQUAL_FATAL(answer(&sched_redundant, &req, s, 3, out), 2);
	CU_ASSERT_EQUAL(out[0], 1);
	CU_ASSERT_EQUAL(out[1], 0);
	s[1].room_bytes = 0; /* a full subflow carries nothing */
	CU_ASSERT_EQUAL_FATAL(answer(&sched_redundant, &req, s, 3, out), 1);
	CU_ASSERT_EQUAL(out[0], 0);
	s[0].room_bytes = 0; /* all full: wait, not the backup */
	CU_ASSERT_EQUAL(answer(&sched_redundant, &req, s, 3, out), 0);
	s[0].active = s[1].active = false; /* no non-backup active: the backup */
	CU_ASSERT_EQUAL_FATAL(answer(&sched_redundant, &req, s, 3, out), 1);
	CU_ASSERT_EQUAL(out[0], 2);
}

static void test_blest(void)
{
	/* fast: 20 ms, cwnd 10 segments, full; slow: 60 ms with room. During one slow RTT (3 fast
	 * rounds) fast sends X = 1400 * (10 + 1) * 3 = 46200 bytes; with lambda 1.2, 55440 */
	sched_request req = { .data_offset = 0, .bytes = 3000, .reinjection = false, .wnd_bytes = 1000000 };
	uint32_t out[4];
	sched_subflow s[2] = { view(1, SIM_MS(20), false, false), view(2, SIM_MS(60), true, false) };
	CU_ASSERT_EQUAL_FATAL(answer(&sched_blest, &req, s, 2, out), 1); /* fast with room */
	CU_ASSERT_EQUAL(out[0], 0);
	s[0].room_bytes = 0;
	CU_ASSERT_EQUAL_FATAL(answer(&sched_blest, &req, s, 2, out), 1); /* a large window: slow */
	CU_ASSERT_EQUAL(out[0], 1);
	s[1].in_flight_bytes = 4 * MSS; /* W - mss_s (4 + 1) = 55440 + 7000: just enough */
	req.wnd_bytes = 55440 + 7000;
	CU_ASSERT_EQUAL(answer(&sched_blest, &req, s, 2, out), 1);
	req.wnd_bytes = 55440 + 7000 - 100; /* a little less: it would block, wait for fast */
	CU_ASSERT_EQUAL(answer(&sched_blest, &req, s, 2, out), 0);
	s[0].srtt_ns = 0; /* nothing to estimate from: slow, as minrtt */
	s[1].srtt_ns = SIM_MS(60);
	s[0].active = false; /* fast gone: slow, whatever the window */
	CU_ASSERT_EQUAL_FATAL(answer(&sched_blest, &req, s, 2, out), 1);
	CU_ASSERT_EQUAL(out[0], 1);
}

static void test_ecf(void)
{
	/* fast: 20 ms, cwnd 10 segments, full; slow: 100 ms, cwnd 10, with room; no RTT variation */
	sched_subflow s[2] = { view(1, SIM_MS(20), false, false), view(2, SIM_MS(100), true, false) };
	uint32_t out[4];
	sched_request req = { .data_offset = 0, .bytes = 20 * MSS, .reinjection = false };
	void *priv = sched_ecf.init();
	CU_ASSERT_EQUAL_FATAL(sched_ecf.get_send(priv, &req, s, 2, out, 4), 1); /* fast with room */
	CU_ASSERT_EQUAL(out[0], 0);
	s[0].room_bytes = 0;
	/* k = 20: waiting takes (1 + 20/10) * 20 = 60 ms < 100; the slow path would need
	 * 20/10 * 100 = 200 ms >= 2 * 20: wait */
	CU_ASSERT_EQUAL(sched_ecf.get_send(priv, &req, s, 2, out, 4), 0);
	/* k = 200: (1 + 20) * 20 = 420 ms, not below 100 (nor 125 with the hysteresis): slow */
	req.bytes = 200 * MSS;
	CU_ASSERT_EQUAL_FATAL(sched_ecf.get_send(priv, &req, s, 2, out, 4), 1);
	CU_ASSERT_EQUAL(out[0], 1);
	/* hysteresis: k = 50 gives (1 + 5) * 20 = 120 ms: above 100, so slow when not waiting ... */
	req.bytes = 50 * MSS;
	CU_ASSERT_EQUAL(sched_ecf.get_send(priv, &req, s, 2, out, 4), 1);
	/* ... but after a wait (k = 20), below 100 * 1.25: wait again */
	req.bytes = 20 * MSS;
	CU_ASSERT_EQUAL(sched_ecf.get_send(priv, &req, s, 2, out, 4), 0);
	req.bytes = 50 * MSS;
	CU_ASSERT_EQUAL(sched_ecf.get_send(priv, &req, s, 2, out, 4), 0);
	/* the RTT variation widens the margin: delta counts on the slow side */
	req.bytes = 60 * MSS; /* 140 ms, above 125 */
	CU_ASSERT_EQUAL(sched_ecf.get_send(priv, &req, s, 2, out, 4), 1);
	s[1].rttvar_ns = SIM_MS(50); /* 140 < 100 + 50 (not waiting now), and 600 >= 40 + 50: wait */
	CU_ASSERT_EQUAL(sched_ecf.get_send(priv, &req, s, 2, out, 4), 0);
	s[1].rttvar_ns = 0;
	/* a tiny tail the slow path finishes before fast could: 1 segment, 1/10 * 100 = 10 ms < 40 */
	req.bytes = MSS;
	CU_ASSERT_EQUAL(sched_ecf.get_send(priv, &req, s, 2, out, 4), 1);
	sched_ecf.release(priv);
}

static CU_TestInfo sched_tests[] = {
	{ .pName = "redundant: copies on every non-backup with room, lowest RTT first", .pTestFunc = test_redundant },
	{ .pName = "blest: waits for the fast subflow when the slow one would block the window",
	  .pTestFunc = test_blest },
	{ .pName = "ecf: waits when the fast subflow completes first, with hysteresis", .pTestFunc = test_ecf },
	{ .pName = "minrtt: lowest RTT with room, backups last", .pTestFunc = test_minrtt },
	{ .pName = "apple-handover: Wi-Fi until two timeouts in a row", .pTestFunc = test_handover },
	{ .pName = "apple-interactive: XNU's thresholds, waits for a full Wi-Fi", .pTestFunc = test_interactive },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "mptcp schedulers", .pTests = sched_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
