/* protocol_mptcp_fallback.c — middleboxes on the test wire (mptcpfake.h), RFC 8684 §3.7: MPTCP
 * options stripped from the SYN, the SYN-ACK, the third ACK or the data (fallback to TCP, every
 * byte still delivered and checked); a payload rewritten in flight with checksums on (MP_FAIL, the
 * infinite mapping, fallback) and off (the data level sees the damage); a checksum failure on one
 * of two subflows (that subflow reset with MP_FAIL and MP_TCPRST, its data reinjected). */
#include "testutil.h"

#include "mptcpfake.h"

#include <stdlib.h>
#include <string.h>

#define MS SIM_MS(1)

typedef struct strip {
	int dir;
	uint8_t flags;       /* strip segments with exactly these TCP flags ... */
	bool data;           /* ... or carrying payload */
	int times;           /* how many (-1: all) */
	int done;
} strip;

static mpnet_verdict strip_fn(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)index;
	strip *s = ctx;
	if (dir != s->dir || (s->times >= 0 && s->done >= s->times))
		return MPNET_PASS;
	bool match = s->data ? seg->payload_len > 0 : seg->flags == s->flags && seg->payload_len == 0;
	if (match) {
		mpseg_strip(seg);
		s->done++;
	}
	return MPNET_PASS;
}

/* Run a transfer both ways through `filter` and check it fell back and delivered everything. */
static void run_fallback(mpnet *n, uint64_t up, uint64_t down)
{
	/* the server sends once connected, and closes when the client has */
	n->server.to_send = down;
	n->server.close_on_peer_fin = true;
	mptcp_conn *c = mpnet_connect(n);
	mpapp_bulk(&n->client, c, up, true, 0);
	mpnet_run(n, SIM_S(30));
	mptcp_conn *s = mpnet_server_conn(n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	mptcp_info ci, si;
	mptcp_conn_get_info(c, &ci);
	mptcp_conn_get_info(s, &si);
	CU_ASSERT_TRUE(ci.fallback);
	CU_ASSERT_TRUE(si.fallback);
	CU_ASSERT_EQUAL(n->server.received, up);
	CU_ASSERT_EQUAL(n->client.received, down);
	CU_ASSERT_FALSE(n->server.gap);
	CU_ASSERT_FALSE(n->client.gap);
	CU_ASSERT_TRUE(n->server.all_intact);
	CU_ASSERT_TRUE(n->client.all_intact);
	CU_ASSERT_EQUAL(n->server.peer_fin, 1);
	CU_ASSERT_EQUAL(n->client.peer_fin, 1);
	CU_ASSERT_EQUAL(n->client.reason, MPTCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(n->server.reason, MPTCP_CLOSE_NORMAL);
}

/* After the segment at index `from` of host h, no MPTCP option at all. */
static void check_no_options_after(const mpnet *n, int h, size_t from)
{
	const tcpfake *f = &n->host[h].fake;
	size_t with = 0;
	for (size_t i = from; i < tcpfake_count(f); i++)
		with += mpseg_opts(tcpfake_seg(f, i), MPTCP_VERSION_1).suboptions != 0;
	CU_ASSERT_EQUAL(with, 0);
}

static void test_syn_stripped(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	strip s = { .dir = 0, .flags = TCP_FLAG_SYN, .times = -1 };
	n.filter = strip_fn;
	n.filter_ctx = &s;
	run_fallback(&n, 200000, 100000);
	CU_ASSERT_EQUAL(s.done, 1);
	/* the server saw plain TCP; the client learnt it from the SYN-ACK */
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPCAPABLEPASSIVE), 0);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_MPCAPABLEACTIVEFALLBACK), 1);
	check_no_options_after(&n, 1, 0);
	check_no_options_after(&n, 0, 1);
	mpnet_fini(&n);
}

static void test_synack_stripped(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	strip s = { .dir = 1, .flags = TCP_FLAG_SYN | TCP_FLAG_ACK, .times = -1 };
	n.filter = strip_fn;
	n.filter_ctx = &s;
	run_fallback(&n, 200000, 100000);
	CU_ASSERT_EQUAL(s.done, 1);
	/* the client fell back at the SYN-ACK, the server at the ACK without MP_CAPABLE */
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPCAPABLEPASSIVE), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_MPCAPABLEACTIVEFALLBACK), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPCAPABLEPASSIVEFALLBACK), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPCAPABLEPASSIVEACK), 0);
	check_no_options_after(&n, 0, 1);
	check_no_options_after(&n, 1, 1);
	mpnet_fini(&n);
}

static void test_third_ack_stripped(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	strip s = { .dir = 0, .flags = TCP_FLAG_ACK, .times = 1 };
	n.filter = strip_fn;
	n.filter_ctx = &s;
	run_fallback(&n, 200000, 100000);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPCAPABLEPASSIVEFALLBACK), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPCAPABLEPASSIVEACK), 0);
	/* the client heard of it from the server's first ACK, which had no DSS */
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_MPCAPABLEACTIVEACK), 1);
	mpnet_fini(&n);
}

static void test_first_data_without_dss(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	strip s = { .dir = 0, .data = true, .times = -1 };
	n.filter = strip_fn;
	n.filter_ctx = &s;
	run_fallback(&n, 200000, 100000);
	/* the handshake completed; the first data arrived without a mapping (RFC 8684 §3.7) */
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPCAPABLEPASSIVEACK), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_DSSCORRUPTIONFALLBACK), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_DSSCORRUPTIONRESET), 0);
	mpnet_fini(&n);
}

/* Rewrite the payload of the n-th data segment from `dir` (its first transmission only). */
typedef struct corrupt {
	int dir;
	uint64_t nth;
	uint64_t seen;
	bool only_second_addr;
	bool done;
} corrupt;

static mpnet_verdict corrupt_fn(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)index;
	corrupt *k = ctx;
	if (k->done || dir != k->dir || !seg->payload_len)
		return MPNET_PASS;
	if (k->only_second_addr) {
		net_addr a2 = net_addr_v4(10, 0, 0, 2);
		if (!net_addr_equal(&seg->src, &a2))
			return MPNET_PASS;
	}
	if (k->seen++ == k->nth) {
		mpseg_corrupt(seg);
		k->done = true;
	}
	return MPNET_PASS;
}

static void test_mp_fail_infinite_mapping(void)
{
	mptcp_config cfg;
	mptcp_config_default(&cfg);
	cfg.checksum = true;
	mpnet n;
	mpnet_init(&n, &cfg, &cfg, NULL, 10 * MS);
	corrupt k = { .dir = 0, .nth = 20 };
	n.filter = corrupt_fn;
	n.filter_ctx = &k;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 300000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(30));
	CU_ASSERT_TRUE(k.done);
	/* RFC 8684 §3.7: the receiver reports the failed mapping with MP_FAIL; with one subflow the
	 * sender answers with an infinite mapping and both carry on as TCP */
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_DATACSUMERR), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPFAILTX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_MPFAILRX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_INFINITEMAPTX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_INFINITEMAPRX), 1);
	const segment *inf = NULL;
	const tcpfake *f = &n.host[0].fake;
	for (size_t i = 0; i < tcpfake_count(f) && !inf; i++) {
		mptcp_options o = mpseg_opts(tcpfake_seg(f, i), MPTCP_VERSION_1);
		if ((o.suboptions & MPTCP_OPT_DSS) && (o.dss_flags & MPTCP_DSS_HAS_MAP) && o.data_len == 0)
			inf = tcpfake_seg(f, i);
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(inf);
	mptcp_options io = mpseg_opts(inf, MPTCP_VERSION_1);
	CU_ASSERT_TRUE(io.dss_has_csum);
	CU_ASSERT_EQUAL(io.csum, 0);
	mptcp_info ci, si;
	mptcp_conn_get_info(c, &ci);
	mptcp_conn_get_info(mpnet_server_conn(&n), &si);
	CU_ASSERT_TRUE(ci.fallback);
	CU_ASSERT_TRUE(si.fallback);
	/* the damaged bytes were never delivered: what the application got is all intact */
	CU_ASSERT_EQUAL(n.server.received, 300000);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_TRUE(n.server.all_intact);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

static void test_corruption_without_checksums(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	corrupt k = { .dir = 0, .nth = 20 };
	n.filter = corrupt_fn;
	n.filter_ctx = &k;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 300000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(30));
	CU_ASSERT_TRUE(k.done);
	/* nothing in the protocol notices; the data level's check does, and says so */
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPFAILTX), 0);
	CU_ASSERT_EQUAL(n.server.received, 300000);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_FALSE(n.server.all_intact);
	CU_ASSERT_EQUAL(n.server.not_intact_calls, 1);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

static void test_mp_fail_two_subflows(void)
{
	mptcp_config cfg;
	mptcp_config_default(&cfg);
	cfg.checksum = true;
	mpnet n;
	mpnet_init(&n, &cfg, &cfg, NULL, 10 * MS);
	n.rate_bps = 20000000;
	net_addr a2 = net_addr_v4(10, 0, 0, 2);
	mpnet_add_route(&n, 0, &a2);
	mptcp_stack_add_address(n.host[0].st, &a2, 0, MPTCP_PM_ADDR_FLAG_SUBFLOW, 0);
	corrupt k = { .dir = 0, .nth = 5, .only_second_addr = true };
	n.filter = corrupt_fn;
	n.filter_ctx = &k;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 2000000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(60));
	CU_ASSERT_TRUE(k.done);
	/* with another subflow the failing one is reset: MP_FAIL and MP_TCPRST on the RST */
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_DATACSUMERR), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPFAILTX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_MPFAILRX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_INFINITEMAPTX), 0);
	const segment *rst = NULL;
	const tcpfake *f = &n.host[1].fake;
	for (size_t i = 0; i < tcpfake_count(f) && !rst; i++)
		if (tcpfake_seg(f, i)->flags & TCP_FLAG_RST)
			rst = tcpfake_seg(f, i);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rst);
	mptcp_options o = mpseg_opts(rst, MPTCP_VERSION_1);
	CU_ASSERT_TRUE(o.suboptions & MPTCP_OPT_FAIL);
	CU_ASSERT_TRUE(o.suboptions & MPTCP_OPT_RST);
	CU_ASSERT_EQUAL(o.reset_reason, MPTCP_RST_EMIDDLEBOX);
	mptcp_info ci;
	mptcp_conn_get_info(c, &ci);
	CU_ASSERT_FALSE(ci.fallback);
	CU_ASSERT(ci.bytes_reinjected > 0);
	CU_ASSERT_EQUAL(n.server.received, 2000000);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_TRUE(n.server.all_intact);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

static CU_TestInfo fallback_tests[] = {
	{ .pName = "MP_CAPABLE stripped from the SYN", .pTestFunc = test_syn_stripped },
	{ .pName = "MP_CAPABLE stripped from the SYN-ACK", .pTestFunc = test_synack_stripped },
	{ .pName = "MP_CAPABLE stripped from the third ACK", .pTestFunc = test_third_ack_stripped },
	{ .pName = "first data without DSS", .pTestFunc = test_first_data_without_dss },
	{ .pName = "corrupted payload with checksums: MP_FAIL, infinite mapping", .pTestFunc = test_mp_fail_infinite_mapping },
	{ .pName = "corrupted payload without checksums: seen at the data level", .pTestFunc = test_corruption_without_checksums },
	{ .pName = "checksum failure on one of two subflows: reset, reinjection", .pTestFunc = test_mp_fail_two_subflows },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "mptcp fallback and middleboxes", .pTests = fallback_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
