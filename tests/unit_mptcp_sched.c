/* unit_mptcp_sched.c — the schedulers' decisions on hand-made subflow views (sched.h), one rule at a
 * time: minrtt (lowest RTT with room, backups only when no other subflow is active),
 * apple-handover (Wi-Fi until it has timed out twice in a row) and apple-interactive (XNU's
 * interactive rules: Wi-Fi unless in timeout or past the RTT/RTO thresholds while cellular is not;
 * wait for a full Wi-Fi rather than spill). */
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

static CU_TestInfo sched_tests[] = {
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
