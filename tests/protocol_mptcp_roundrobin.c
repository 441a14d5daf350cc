/* protocol_mptcp_roundrobin.c — the round-robin scheduler ("roundrobin", Apple's aggregate mode):
 * asked directly, it takes turns among the subflows with room, skips a full one and keeps backups
 * for when no other subflow is active; over the test wire (mptcpfake.h) with two paths of
 * different RTTs, small requests alternate between the two subflows, where the lowest-RTT
 * scheduler keeps them all on the faster one, and every byte arrives in order and intact. */
#include "testutil.h"

#include "mptcp/sched.h"
#include "mptcpfake.h"
#include "registry.h"

#include <string.h>

#define MS SIM_MS(1)

static sched_subflow view(uint32_t id, uint64_t room, bool backup)
{
	sched_subflow s;
	memset(&s, 0, sizeof s);
	s.id = id;
	s.active = true;
	s.backup = backup;
	s.srtt_ns = id * MS; /* the lower id is faster: round robin must not care */
	s.mss_bytes = 1000;
	s.cwnd_bytes = 10000;
	s.room_bytes = room;
	return s;
}

static uint32_t ask(const sched_ops *ops, void *priv, const sched_subflow *sfs, size_t n)
{
	sched_request req = { .data_offset = 0, .bytes = 100000, .reinjection = false };
	uint32_t out[4];
	size_t k = ops->get_send(priv, &req, sfs, n, out, 4);
	return k ? sfs[out[0]].id : 0;
}

static void test_turns(void)
{
	const sched_ops *rr = registry_find((const void *const *)sched_all, "roundrobin", "scheduler", NULL);
	CU_ASSERT_PTR_EQUAL_FATAL(rr, &sched_roundrobin);
	void *priv = rr->init();
	sched_subflow sfs[3] = { view(1, 5000, false), view(2, 5000, false), view(3, 5000, true) };
	/* both non-backup subflows with room, in turn; the backup is left alone */
	CU_ASSERT_EQUAL(ask(rr, priv, sfs, 3), 1);
	CU_ASSERT_EQUAL(ask(rr, priv, sfs, 3), 2);
	CU_ASSERT_EQUAL(ask(rr, priv, sfs, 3), 1);
	CU_ASSERT_EQUAL(ask(rr, priv, sfs, 3), 2);
	/* a subflow without room for a segment loses its turn */
	sfs[0].room_bytes = 500;
	CU_ASSERT_EQUAL(ask(rr, priv, sfs, 3), 2);
	CU_ASSERT_EQUAL(ask(rr, priv, sfs, 3), 2);
	/* neither has room: wait for an ACK rather than spill onto the backup */
	sfs[1].room_bytes = 0;
	CU_ASSERT_EQUAL(ask(rr, priv, sfs, 3), 0);
	/* no non-backup subflow active: the backup carries the data */
	sfs[0].active = false;
	sfs[1].active = false;
	CU_ASSERT_EQUAL(ask(rr, priv, sfs, 3), 3);
	/* nothing at all */
	CU_ASSERT_EQUAL(ask(rr, priv, sfs, 0), 0);
	rr->release(priv);
}

static net_addr client2(void)
{
	return net_addr_v4(10, 0, 0, 2);
}

/* The second client address is a longer path: 40 ms one way against 10. */
static sim_time_t two_paths(void *ctx, const segment *seg)
{
	(void)ctx;
	net_addr a2 = client2();
	return net_addr_equal(&seg->src, &a2) || net_addr_equal(&seg->dst, &a2) ? 40 * MS : 10 * MS;
}

/* 20 requests of 2000 bytes, 200 ms apart (each fits in any window, as in the request/response
 * experiment of reference/experiments.md), from the client with scheduler `sched`; the share of
 * the data the second (slower) subflow carried, in percent. */
static uint64_t slow_share(const char *sched)
{
	mptcp_config cfg;
	mptcp_config_default(&cfg);
	cfg.scheduler = sched;
	mpnet n;
	mpnet_init(&n, &cfg, NULL, NULL, 10 * MS);
	n.delay_fn = two_paths;
	n.rate_bps = 20000000;
	net_addr a2 = client2();
	mpnet_add_route(&n, 0, &a2);
	mptcp_stack_add_address(n.host[0].st, &a2, 0, MPTCP_PM_ADDR_FLAG_SUBFLOW, 0);
	mptcp_conn *c = mpnet_connect(&n);
	sim_time_t t = mpnet_run(&n, SIM_S(1));
	for (int i = 0; i < 20; i++) {
		CU_ASSERT_EQUAL(mptcp_conn_send(c, 2000, t), 2000);
		t = mpnet_run(&n, t + 200 * MS);
	}
	mptcp_conn_close(c, t);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(60));
	CU_ASSERT_EQUAL(n.server.received, 20 * 2000);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_TRUE(n.server.all_intact);
	mptcp_info ci;
	mptcp_conn_get_info(c, &ci);
	CU_ASSERT_STRING_EQUAL(ci.scheduler, sched);
	CU_ASSERT_EQUAL(mptcp_conn_subflow_count(c), 2);
	mptcp_subflow_info s1, s2;
	CU_ASSERT_TRUE(mptcp_conn_get_subflow(c, 0, &s1));
	CU_ASSERT_TRUE(mptcp_conn_get_subflow(c, 1, &s2));
	uint64_t total = s1.bytes_sent + s2.bytes_sent;
	CU_ASSERT(total >= 20 * 2000);
	uint64_t share = total ? s2.bytes_sent * 100 / total : 0;
	mpnet_fini(&n);
	return share;
}

static void test_transfer(void)
{
	/* round robin gives the slow path every other request; minrtt keeps them all on the fast one */
	uint64_t rr = slow_share("roundrobin");
	CU_ASSERT(rr >= 40 && rr <= 60);
	CU_ASSERT_EQUAL(slow_share("minrtt"), 0);
}

static CU_TestInfo rr_tests[] = {
	{ .pName = "turns among subflows with room, backups last", .pTestFunc = test_turns },
	{ .pName = "requests over a fast and a slow path take turns", .pTestFunc = test_transfer },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "mptcp round-robin scheduler", .pTests = rr_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
