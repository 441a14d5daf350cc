/* protocol_mptcp_handover.c — Apple's handover mode ("apple-handover" path manager and scheduler)
 * over the test wire (mptcpfake.h). The client has Wi-Fi (10.0.0.1, the initial subflow, 10 ms one
 * way) and cellular (10.0.0.2, a `subflow,backup` endpoint, 30 ms) and sends a request every
 * 100 ms. While Wi-Fi is healthy there is no second subflow. Wi-Fi then drops everything for 1.5 s:
 * its retransmission timer expires, a cellular subflow joins (B=1), Wi-Fi's unacknowledged data is
 * reinjected on it and the data level goes on over it (the receiver's byte count grows during the
 * outage). Once Wi-Fi delivers again the requests go back to it and cellular carries nothing more;
 * after the idle time (2 s here) the cellular subflow is closed. The same when the Wi-Fi interface
 * goes down and comes back: cellular at once, then a new Wi-Fi subflow that takes the traffic
 * back. Every byte arrives in order and intact. */
#include "testutil.h"

#include "mptcpfake.h"

#include <string.h>

#define MS SIM_MS(1)
#define REQ 3000u

static net_addr wifi(void)
{
	return net_addr_v4(10, 0, 0, 1);
}

static net_addr cell(void)
{
	return net_addr_v4(10, 0, 0, 2);
}

static sim_time_t two_paths(void *ctx, const segment *seg)
{
	(void)ctx;
	net_addr c = cell();
	return net_addr_equal(&seg->src, &c) || net_addr_equal(&seg->dst, &c) ? 30 * MS : 10 * MS;
}

/* Wi-Fi drops everything in [from, to). */
typedef struct outage {
	const mpnet *n;
	sim_time_t from, to;
	uint64_t dropped;
} outage;

static mpnet_verdict outage_fn(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)dir;
	(void)index;
	outage *o = ctx;
	net_addr w = wifi();
	if (o->n->now >= o->from && o->n->now < o->to && (net_addr_equal(&seg->src, &w) || net_addr_equal(&seg->dst, &w))) {
		o->dropped++;
		return MPNET_DROP;
	}
	return MPNET_PASS;
}

static mptcp_subflow_info subflow(const mptcp_conn *c, size_t i)
{
	mptcp_subflow_info si;
	memset(&si, 0, sizeof si);
	CU_ASSERT_TRUE(mptcp_conn_get_subflow(c, i, &si));
	return si;
}

/* A request every 100 ms from `t` until `until`; returns the time reached. */
static sim_time_t requests(mpnet *n, mptcp_conn *c, sim_time_t t, sim_time_t until)
{
	while (t < until) {
		CU_ASSERT_EQUAL(mptcp_conn_send(c, REQ, t), REQ);
		t = mpnet_run(n, t + 100 * MS);
	}
	return t;
}

/* Apple's handover mode with an idle time of 2 s. */
static mptcp_config handover_config(void)
{
	mptcp_config cfg;
	mptcp_config_default(&cfg);
	cfg.path_manager = "apple-handover";
	cfg.scheduler = "apple-handover";
	cfg.handover_idle_ns = SIM_S(2);
	return cfg;
}

/* The test wire of the file's head: Wi-Fi 10 ms and cellular 30 ms one way at 10 Mbit/s, the
 * cellular address a `subflow,backup` endpoint of the client (after `wifi_endpoint`, when set). */
static void two_path_net(mpnet *n, const mptcp_config *cfg, bool wifi_endpoint)
{
	mpnet_init(n, cfg, NULL, NULL, 10 * MS);
	n->delay_fn = two_paths;
	n->rate_bps = 10000000;
	net_addr w = wifi(), c2 = cell();
	if (wifi_endpoint)
		mptcp_stack_add_address(n->host[0].st, &w, 0, MPTCP_PM_ADDR_FLAG_SUBFLOW, 0);
	mpnet_add_route(n, 0, &c2);
	mptcp_stack_add_address(n->host[0].st, &c2, 0, MPTCP_PM_ADDR_FLAG_SUBFLOW | MPTCP_PM_ADDR_FLAG_BACKUP, 0);
}

static void test_handover(void)
{
	mptcp_config cfg = handover_config();
	/* the timeout path alone: loss and RTT verdicts have a test of their own */
	cfg.handover_loss_ppm = 0;
	cfg.handover_rtt_ns = 0;
	mpnet n;
	two_path_net(&n, &cfg, false);
	net_addr c2 = cell();
	outage o = { .n = &n, .from = SIM_S(2), .to = SIM_MS(3500) };
	n.filter = outage_fn;
	n.filter_ctx = &o;
	mptcp_conn *c = mpnet_connect(&n);

	/* Wi-Fi healthy: one subflow only */
	sim_time_t t = requests(&n, c, 0, SIM_S(2));
	CU_ASSERT_EQUAL(mptcp_conn_subflow_count(c), 1);
	uint64_t before = n.server.received;
	CU_ASSERT_EQUAL(before, 20 * REQ);

	/* Wi-Fi fails: a timeout, then a cellular subflow (a backup) that carries the data */
	t = requests(&n, c, t, SIM_MS(3400));
	CU_ASSERT(o.dropped > 0);
	CU_ASSERT(mptcp_conn_subflow_counter(c, 1, TCP_CNT_RTOS) >= 1);
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(c), 2);
	mptcp_subflow_info sc = subflow(c, 1);
	CU_ASSERT_TRUE(net_addr_equal(&sc.local, &c2));
	CU_ASSERT_TRUE(sc.backup);
	CU_ASSERT_TRUE(sc.fully_established);
	CU_ASSERT(sc.bytes_sent > 0);
	CU_ASSERT(n.server.received >= before + 8 * REQ);

	/* Wi-Fi delivers again (its backed-off retransmission, at 5 s, gets through): the requests go
	 * back to it */
	t = requests(&n, c, t, SIM_MS(5500));
	uint64_t wifi_sent = subflow(c, 0).bytes_sent, cell_sent = subflow(c, 1).bytes_sent;
	t = requests(&n, c, t, SIM_MS(6500));
	CU_ASSERT_EQUAL(subflow(c, 0).bytes_sent, wifi_sent + 10 * REQ);
	CU_ASSERT_EQUAL(subflow(c, 1).bytes_sent, cell_sent);
	CU_ASSERT_EQUAL(subflow(c, 1).state, TCP_ESTABLISHED);

	/* idle: the cellular subflow is closed, Wi-Fi carries on */
	t = requests(&n, c, t, SIM_S(11));
	CU_ASSERT_NOT_EQUAL(subflow(c, 1).state, TCP_ESTABLISHED);
	CU_ASSERT_EQUAL(subflow(c, 0).state, TCP_ESTABLISHED);
	CU_ASSERT_EQUAL(mptcp_conn_subflow_count(c), 2);
	mptcp_info ci;
	mptcp_conn_get_info(c, &ci);
	CU_ASSERT_EQUAL(ci.n_subflows, 1);

	mptcp_conn_close(c, t);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(60));
	CU_ASSERT_EQUAL(n.server.received, (uint64_t)110 * REQ);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_TRUE(n.server.all_intact);
	mpnet_fini(&n);
}

/* Wi-Fi drops every fourth data segment the client sends on it in [from, to): lossy, never out. */
typedef struct lossy {
	const mpnet *n;
	sim_time_t from, to;
	uint64_t seen, dropped;
} lossy;

static mpnet_verdict lossy_fn(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)index;
	lossy *l = ctx;
	net_addr w = wifi();
	if (dir != 0 || !net_addr_equal(&seg->src, &w) || !seg->payload_len || l->n->now < l->from || l->n->now >= l->to)
		return MPNET_PASS;
	if (++l->seen % 4 == 0) {
		l->dropped++;
		return MPNET_DROP;
	}
	return MPNET_PASS;
}

/* Loss without a blackout: from 1 s to 4 s a quarter of the client's Wi-Fi data segments are lost,
 * so Wi-Fi keeps delivering (fast retransmissions, no two timeouts in a row) but a window with more
 * than 10% of its segments retransmitted is a bad verdict: Wi-Fi is weak. A cellular subflow joins
 * and stands by; the requests stay on Wi-Fi, which still delivers. At 4.5 s Wi-Fi then drops
 * everything: with cellular already up, the second timeout in a row moves the data to it at once
 * (no join, no handshake on the way). Once Wi-Fi delivers again (5.5 s) the requests return to it;
 * when the hold (2 s here) and the idle time (2 s) have run out, the cellular subflow is closed. */
static void test_weak_then_failing(void)
{
	mptcp_config cfg = handover_config();
	cfg.handover_hold_ns = SIM_S(2);
	cfg.handover_rtt_ns = 0;
	mpnet n;
	two_path_net(&n, &cfg, false);
	lossy l = { .n = &n, .from = SIM_S(1), .to = SIM_S(4) };
	n.filter = lossy_fn;
	n.filter_ctx = &l;
	mptcp_conn *c = mpnet_connect(&n);

	sim_time_t t = requests(&n, c, 0, SIM_S(1));
	CU_ASSERT_EQUAL(mptcp_conn_subflow_count(c), 1);
	/* the first window with loss (1 s to 2 s) ends in a bad verdict: cellular joins, stands by */
	t = requests(&n, c, t, SIM_MS(2500));
	CU_ASSERT(l.dropped > 0);
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(c), 2);
	CU_ASSERT_TRUE(subflow(c, 1).fully_established);
	CU_ASSERT_TRUE(subflow(c, 1).backup);
	uint64_t wifi_sent = subflow(c, 0).bytes_sent;
	t = requests(&n, c, t, SIM_MS(4500));
	CU_ASSERT_EQUAL(subflow(c, 1).bytes_sent, 0);
	CU_ASSERT_EQUAL(subflow(c, 0).bytes_sent, wifi_sent + 20 * REQ);
	/* blackout from 4.5 s: after the second timeout in a row, cellular carries the data */
	outage o = { .n = &n, .from = SIM_MS(4500), .to = SIM_MS(5500) };
	n.filter = outage_fn;
	n.filter_ctx = &o;
	uint64_t before = n.server.received;
	t = requests(&n, c, t, SIM_MS(5500));
	CU_ASSERT(mptcp_conn_subflow_counter(c, 1, TCP_CNT_RTOS) >= 2);
	CU_ASSERT(subflow(c, 1).bytes_sent > 0);
	CU_ASSERT(n.server.received >= before + 5 * REQ);
	/* Wi-Fi delivers again (its backed-off retransmission gets through by 6.5 s): back to it */
	t = requests(&n, c, t, SIM_MS(7000));
	wifi_sent = subflow(c, 0).bytes_sent;
	uint64_t cell_sent = subflow(c, 1).bytes_sent;
	t = requests(&n, c, t, SIM_MS(8000));
	CU_ASSERT_EQUAL(subflow(c, 0).bytes_sent, wifi_sent + 10 * REQ);
	CU_ASSERT_EQUAL(subflow(c, 1).bytes_sent, cell_sent);
	/* neither weak nor failing, cellular idle: closed */
	t = requests(&n, c, t, SIM_S(12));
	CU_ASSERT_NOT_EQUAL(subflow(c, 1).state, TCP_ESTABLISHED);
	CU_ASSERT_EQUAL(subflow(c, 0).state, TCP_ESTABLISHED);

	mptcp_conn_close(c, t);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(60));
	CU_ASSERT_EQUAL(n.server.received, (uint64_t)120 * REQ);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_TRUE(n.server.all_intact);
	mpnet_fini(&n);
}

/* The Wi-Fi interface goes down at 1 s (its address removed, nothing gets through) and comes back
 * at 3 s: cellular at once, then a new Wi-Fi subflow that takes the traffic back, and the cellular
 * subflow closed when idle. */
static void test_interface_down_and_back(void)
{
	mptcp_config cfg = handover_config();
	mpnet n;
	two_path_net(&n, &cfg, true);
	net_addr w = wifi(), c2 = cell();
	outage o = { .n = &n, .from = SIM_S(1), .to = SIM_S(3) };
	n.filter = outage_fn;
	n.filter_ctx = &o;
	mptcp_conn *c = mpnet_connect(&n);
	sim_time_t t = requests(&n, c, 0, SIM_S(1));
	CU_ASSERT_EQUAL(mptcp_conn_subflow_count(c), 1);

	/* Wi-Fi down: its subflow goes, cellular takes over without waiting for a timeout */
	CU_ASSERT_TRUE(mptcp_stack_remove_address(n.host[0].st, &w, t));
	uint64_t before = n.server.received;
	t = requests(&n, c, t, SIM_S(3));
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(c), 2);
	CU_ASSERT_EQUAL(subflow(c, 0).state, TCP_CLOSED);
	mptcp_subflow_info sc = subflow(c, 1);
	CU_ASSERT_TRUE(net_addr_equal(&sc.local, &c2));
	CU_ASSERT(n.server.received >= before + 15 * REQ);

	/* Wi-Fi back: a new subflow from it, not a backup, carries the requests again */
	mptcp_stack_add_address(n.host[0].st, &w, 0, MPTCP_PM_ADDR_FLAG_SUBFLOW, t);
	t = requests(&n, c, t, SIM_MS(3500));
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(c), 3);
	mptcp_subflow_info nw = subflow(c, 2);
	CU_ASSERT_TRUE(net_addr_equal(&nw.local, &w));
	CU_ASSERT_FALSE(nw.backup);
	CU_ASSERT_TRUE(nw.fully_established);
	uint64_t wifi_sent = subflow(c, 2).bytes_sent, cell_sent = subflow(c, 1).bytes_sent;
	t = requests(&n, c, t, SIM_MS(4500));
	CU_ASSERT_EQUAL(subflow(c, 2).bytes_sent, wifi_sent + 10 * REQ);
	CU_ASSERT_EQUAL(subflow(c, 1).bytes_sent, cell_sent);

	/* cellular idle: closed */
	t = requests(&n, c, t, SIM_S(9));
	CU_ASSERT_EQUAL(subflow(c, 1).state, TCP_CLOSED);
	CU_ASSERT_EQUAL(subflow(c, 2).state, TCP_ESTABLISHED);

	mptcp_conn_close(c, t);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(60));
	CU_ASSERT_EQUAL(n.server.received, (uint64_t)90 * REQ);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_TRUE(n.server.all_intact);
	mpnet_fini(&n);
}

static CU_TestInfo handover_tests[] = {
	{ .pName = "cellular only while Wi-Fi fails, back to Wi-Fi, closed when idle", .pTestFunc = test_handover },
	{ .pName = "Wi-Fi interface down and back: cellular, then a new Wi-Fi subflow", .pTestFunc = test_interface_down_and_back },
	{ .pName = "weak Wi-Fi: cellular stands by; failing Wi-Fi: cellular carries at once", .pTestFunc = test_weak_then_failing },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "mptcp apple-handover", .pTests = handover_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
