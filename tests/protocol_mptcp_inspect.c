/* protocol_mptcp_inspect.c — the MPTCP engine's own segments, captured and read back by `inspect`.
 *
 * Two stacks exchange data over the test wire (mptcpfake.h): two client addresses (the second a
 * subflow endpoint), a server address announced with a port, losses on every path; every segment
 * offered to the wire goes to a capture written by the simulator's pcap writer. inspect must find
 * nothing wrong in it: one connection, every subflow established with its join HMACs recomputed,
 * the ADD_ADDR HMAC recomputed and echoed, each direction's data one DSN range from IDSN + 1 of
 * exactly the bytes sent, both DATA_FINs acknowledged, and with checksums every DSS checksum
 * recomputed and right. For v1 with 8- and 4-byte DSNs, with and without checksums, and v0. This
 * is the check DESIGN.md promises for the simulator's captures, run on the engine directly. */
#include "testutil.h"

#include "inspect.h"
#include "mptcpfake.h"
#include "pcap.h"

#include <stdio.h>
#include <string.h>

#define MS SIM_MS(1)
#define BYTES (300u * 1000u)

static char *tmpdir;

static int suite_init(void)
{
	tmpdir = testutil_tmpdir("protocol_mptcp_inspect");
	return tmpdir ? 0 : 1;
}

static int suite_clean(void)
{
	testutil_rmtree(tmpdir);
	g_free(tmpdir);
	return 0;
}

/* The wire: every segment is captured when it is sent; every 29th data segment (first
 * transmission only) is then lost. */
typedef struct tap {
	mpnet *n;
	pcap_writer *w;
	uint64_t data_seen;
	GHashTable *dropped; /* (dir, port, seq) dropped once */
	uint64_t drops;
} tap;

static mpnet_verdict tap_fn(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)index;
	tap *t = ctx;
	CU_ASSERT_TRUE(pcap_writer_write(t->w, seg, t->n->now, NULL));
	if (!seg->payload_len || (seg->flags & (TCP_FLAG_SYN | TCP_FLAG_RST)) || ++t->data_seen % 29)
		return MPNET_PASS;
	uint64_t key = ((uint64_t)dir << 63) ^ ((uint64_t)seg->sport << 32) ^ seg->seq;
	if (g_hash_table_contains(t->dropped, &key))
		return MPNET_PASS;
	g_hash_table_add(t->dropped, g_memdup2(&key, sizeof key));
	t->drops++;
	return MPNET_DROP;
}

/* Paths of 10 and 25 ms one way: the second client address is the longer. */
static sim_time_t two_paths(void *ctx, const segment *seg)
{
	(void)ctx;
	net_addr a2 = net_addr_v4(10, 0, 0, 2);
	return net_addr_equal(&seg->src, &a2) || net_addr_equal(&seg->dst, &a2) ? 25 * MS : 10 * MS;
}

static void check_direction(const an_inspect_conn *c, uint8_t side, bool csum)
{
	const an_inspect_data *d = &c->data[side];
	CU_ASSERT_TRUE(d->dsn_exact);
	CU_ASSERT_EQUAL_FATAL(d->ranges->len, 1);
	const an_inspect_range *r = &g_array_index(d->ranges, an_inspect_range, 0);
	CU_ASSERT_EQUAL(r->start, c->end[side].idsn + 1);
	CU_ASSERT_EQUAL(r->end, c->end[side].idsn + 1 + BYTES);
	CU_ASSERT_TRUE(d->have_data_fin);
	CU_ASSERT_EQUAL(d->data_fin_dsn, c->end[side].idsn + 1 + BYTES);
	CU_ASSERT_TRUE(d->data_fin_ack_frame > 0);
	CU_ASSERT_EQUAL(d->unmapped_bytes, 0);
	CU_ASSERT_EQUAL(d->csum_bad + d->csum_not_captured + d->csum_unverifiable, 0);
	/* With checksums, at least one per full-sized segment's worth of data. */
	CU_ASSERT_TRUE(csum ? d->csum_ok > BYTES / 1460 : d->csum_ok == 0);
}

static void engine_capture(const char *name, uint8_t version, bool csum, uint8_t dsn_bytes)
{
	mptcp_config ccfg, scfg;
	mptcp_config_default(&ccfg);
	ccfg.version = version;
	ccfg.checksum = csum;
	ccfg.dsn_bytes = dsn_bytes;
	ccfg.add_addr_accepted_max = 1;
	scfg = ccfg;
	mpnet n;
	mpnet_init(&n, &ccfg, &scfg, NULL, 10 * MS);
	n.delay_fn = two_paths;
	n.rate_bps = 20000000;
	net_addr c2 = net_addr_v4(10, 0, 0, 2), s2 = net_addr_v4(10, 0, 1, 2);
	mpnet_add_route(&n, 0, &c2);
	mptcp_stack_add_address(n.host[0].st, &c2, 0, MPTCP_PM_ADDR_FLAG_SUBFLOW, 0);
	mpnet_add_route(&n, 1, &s2);
	mptcp_stack_add_address(n.host[1].st, &s2, 8080, MPTCP_PM_ADDR_FLAG_SIGNAL, 0);

	char *path = g_build_filename(tmpdir, name, NULL);
	tap t = { .n = &n, .dropped = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL) };
	t.w = pcap_writer_open(path, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t.w);
	n.filter = tap_fn;
	n.filter_ctx = &t;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, BYTES, true, 0);
	n.server.to_send = BYTES;
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(120));
	CU_ASSERT_TRUE_FATAL(pcap_writer_close(t.w, NULL));
	/* The engine's own view: the transfer worked. */
	CU_ASSERT_EQUAL(n.server.received, BYTES);
	CU_ASSERT_EQUAL(n.client.received, BYTES);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	CU_ASSERT_TRUE(t.drops > 5);

	GError *e = NULL;
	an_inspect_report *r = an_inspect_file(path, NULL, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	if (r->problem_count) {
		fprintf(stderr, "\n%s: inspect finds problems in the engine's capture:\n", name);
		an_inspect_print(r, stderr, true);
	}
	CU_ASSERT_EQUAL(r->problem_count, 0);
	CU_ASSERT_EQUAL(r->tcp_csum_bad, 0);
	CU_ASSERT_EQUAL_FATAL(r->conns->len, 1);
	const an_inspect_conn *ic = g_ptr_array_index(r->conns, 0);
	CU_ASSERT_EQUAL(ic->version, version);
	CU_ASSERT_EQUAL(ic->state, AN_CONN_ESTABLISHED);
	CU_ASSERT_TRUE(ic->csum_known);
	CU_ASSERT_EQUAL(ic->csum_on, csum);
	CU_ASSERT_TRUE(ic->end[0].have_key && ic->end[1].have_key);
	/* The initial subflow and at least the join from the second client address. */
	CU_ASSERT_TRUE(ic->flows->len >= 2);
	for (guint i = 0; i < ic->flows->len; i++) {
		const an_inspect_flow *f = g_ptr_array_index(ic->flows, i);
		CU_ASSERT_TRUE(f->established);
		if (f->kind == AN_FLOW_MP_JOIN) {
			CU_ASSERT_EQUAL(f->thmac_check, AN_CHECK_OK);
			CU_ASSERT_EQUAL(f->hmac_check, AN_CHECK_OK);
		}
	}
	/* The server's ADD_ADDR: HMAC right (v1; none in v0) and echoed (v1). */
	guint announced = 0;
	for (guint i = 0; i < ic->events->len; i++) {
		const an_inspect_event *ev = &g_array_index(ic->events, an_inspect_event, i);
		if (ev->type != AN_EV_ADD_ADDR || ev->echo)
			continue;
		announced++;
		CU_ASSERT_TRUE(net_addr_equal(&ev->addr, &s2));
		CU_ASSERT_EQUAL(ev->port, 8080);
		CU_ASSERT_EQUAL(ev->hmac_check, version == MPTCP_VERSION_0 ? AN_CHECK_NONE : AN_CHECK_OK);
		if (version != MPTCP_VERSION_0)
			CU_ASSERT_TRUE(ev->echo_frame > 0);
	}
	CU_ASSERT_TRUE(announced >= 1);
	check_direction(ic, AN_SIDE_CLIENT, csum);
	check_direction(ic, AN_SIDE_SERVER, csum);
	an_inspect_report_free(r);
	g_hash_table_destroy(t.dropped);
	g_free(path);
	mpnet_fini(&n);
}

static void test_v1_checksums(void)
{
	engine_capture("v1-csum.pcap", MPTCP_VERSION_1, true, 8);
}

static void test_v1_dsn32(void)
{
	engine_capture("v1-dsn32.pcap", MPTCP_VERSION_1, false, 4);
}

static void test_v1_dsn32_checksums(void)
{
	engine_capture("v1-dsn32-csum.pcap", MPTCP_VERSION_1, true, 4);
}

static void test_v0_checksums(void)
{
	engine_capture("v0-csum.pcap", MPTCP_VERSION_0, true, 8);
}

static CU_TestInfo tests[] = {
	{ .pName = "v1, checksums, 8-byte DSNs: nothing wrong", .pTestFunc = test_v1_checksums },
	{ .pName = "v1, 4-byte DSNs: nothing wrong", .pTestFunc = test_v1_dsn32 },
	{ .pName = "v1, checksums, 4-byte DSNs: nothing wrong", .pTestFunc = test_v1_dsn32_checksums },
	{ .pName = "v0, checksums: nothing wrong", .pTestFunc = test_v0_checksums },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "engine capture", .pInitFunc = suite_init, .pCleanupFunc = suite_clean, .pTests = tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
