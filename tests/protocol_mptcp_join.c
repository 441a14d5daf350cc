/* protocol_mptcp_join.c — scripted MP_JOIN tests over the test wire (mptcpfake.h), RFC 8684 §3.2:
 * a join from a second client address with its option forms and HMACs, a bad HMAC on the third
 * ACK (reset with MP_TCPRST, MPJoinAckHMacFailure) and on the SYN-ACK, a join to an unknown token
 * (MPJoinNoTokenFound, RST with MP_TCPRST), a backup join that the scheduler leaves idle, the C
 * flag, and the path manager's limit on subflows. */
#include "testutil.h"

#include "mptcp/crypto.h"
#include "mptcpfake.h"

#include <stdlib.h>
#include <string.h>

#define MS SIM_MS(1)

static const net_addr *client2(void)
{
	static net_addr a;
	a = net_addr_v4(10, 0, 0, 2);
	return &a;
}

/* The second client address is 10 ms further away than the first. */
static sim_time_t two_paths(void *ctx, const segment *seg)
{
	(void)ctx;
	bool second = net_addr_equal(&seg->src, client2()) || net_addr_equal(&seg->dst, client2());
	return second ? 20 * MS : 10 * MS;
}

/* A client with a second address as a `subflow` endpoint (flags), the kernel path manager on both
 * sides: the client joins from it once fully established. */
static void setup(mpnet *n, const mptcp_config *ccfg, const mptcp_config *scfg, uint32_t flags)
{
	mpnet_init(n, ccfg, scfg, NULL, 10 * MS);
	n->delay_fn = two_paths;
	mpnet_add_route(n, 0, client2());
	uint8_t id = mptcp_stack_add_address(n->host[0].st, client2(), 0, flags, 0);
	CU_ASSERT_EQUAL(id, 1);
}

static const segment *first_with(const mpnet *n, int h, uint32_t bit)
{
	const tcpfake *f = &n->host[h].fake;
	for (size_t i = 0; i < tcpfake_count(f); i++) {
		const segment *s = tcpfake_seg(f, i);
		if (mpseg_opts(s, MPTCP_VERSION_1).suboptions & bit)
			return s;
	}
	return NULL;
}

static void test_join(void)
{
	mpnet n;
	setup(&n, NULL, NULL, MPTCP_PM_ADDR_FLAG_SUBFLOW);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 2000000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(30));
	mptcp_conn *s = mpnet_server_conn(&n);
	mptcp_info ci, si;
	mptcp_conn_get_info(c, &ci);
	mptcp_conn_get_info(s, &si);

	/* the SYN: the server's token, our address ID and a nonce */
	const segment *syn = first_with(&n, 0, MPTCP_OPT_MPJ_SYN);
	const segment *synack = first_with(&n, 1, MPTCP_OPT_MPJ_SYNACK);
	const segment *ack3 = first_with(&n, 0, MPTCP_OPT_MPJ_ACK);
	CU_ASSERT_FATAL(syn && synack && ack3);
	CU_ASSERT_TRUE(net_addr_equal(&syn->src, client2()));
	mptcp_options os = mpseg_opts(syn, MPTCP_VERSION_1);
	mptcp_options osa = mpseg_opts(synack, MPTCP_VERSION_1);
	mptcp_options oa = mpseg_opts(ack3, MPTCP_VERSION_1);
	CU_ASSERT_EQUAL(os.token, si.local_token);
	CU_ASSERT_EQUAL(os.join_id, 1);
	CU_ASSERT_FALSE(os.join_backup);
	/* RFC 8684 §3.2: the SYN-ACK's HMAC(Key-B || Key-A, R-B || R-A), the third ACK's the other way */
	CU_ASSERT_EQUAL(osa.thmac, mptcp_crypto_join_thmac(MPTCP_VERSION_1, si.local_key, ci.local_key, osa.nonce, os.nonce));
	uint8_t h[MPTCP_JOIN_HMAC_LEN];
	mptcp_crypto_join_hmac(MPTCP_VERSION_1, ci.local_key, si.local_key, os.nonce, osa.nonce, h);
	CU_ASSERT_EQUAL(memcmp(h, oa.hmac, sizeof h), 0);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_JOINSYNTX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_JOINSYNRX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_JOINSYNACKRX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_JOINACKRX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_JOINACKMAC), 0);

	/* two subflows on each side; both carried data; everything arrived in order */
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(c), 2);
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(s), 2);
	mptcp_subflow_info a, b, sb;
	mptcp_conn_get_subflow(c, 0, &a);
	mptcp_conn_get_subflow(c, 1, &b);
	mptcp_conn_get_subflow(s, 1, &sb);
	CU_ASSERT_TRUE(a.initial);
	CU_ASSERT_FALSE(b.initial);
	CU_ASSERT_EQUAL(b.local_id, 1);
	CU_ASSERT_EQUAL(b.remote_id, 0);
	CU_ASSERT_EQUAL(sb.remote_id, 1);
	CU_ASSERT_EQUAL(sb.local_id, 0);
	CU_ASSERT_TRUE(b.fully_established);
	CU_ASSERT(a.bytes_sent > 100000);
	CU_ASSERT(b.bytes_sent > 10 * 1448);
	CU_ASSERT_EQUAL(a.bytes_sent + b.bytes_sent, 2000000);
	CU_ASSERT_EQUAL(n.client.subflows_established, 2);
	CU_ASSERT_EQUAL(n.server.subflows_established, 2);
	CU_ASSERT_EQUAL(n.server.received, 2000000);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_TRUE(n.server.all_intact);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

/* Flip a byte of the MP_JOIN option of the first segment in `dir` that carries `bit`. */
typedef struct tamper {
	int dir;
	uint32_t bit;
	bool done;
} tamper;

static mpnet_verdict tamper_join(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)index;
	tamper *t = ctx;
	if (t->done || dir != t->dir || !(mpseg_opts(seg, MPTCP_VERSION_1).suboptions & t->bit))
		return MPNET_PASS;
	for (size_t i = 0; i + 1 < seg->opt_len;) {
		uint8_t k = seg->options[i];
		if (k == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (k == TCPOPT_EOL || seg->options[i + 1] < 2)
			break;
		if (k == TCPOPT_MPTCP && (seg->options[i + 2] >> 4) == MPTCPOPT_MP_JOIN) {
			seg->options[i + 5] ^= 0xff; /* inside the (truncated) HMAC */
			t->done = true;
			break;
		}
		i += seg->options[i + 1];
	}
	return MPNET_PASS;
}

static void test_join_bad_hmac_third_ack(void)
{
	mpnet n;
	setup(&n, NULL, NULL, MPTCP_PM_ADDR_FLAG_SUBFLOW);
	tamper t = { .dir = 0, .bit = MPTCP_OPT_MPJ_ACK };
	n.filter = tamper_join;
	n.filter_ctx = &t;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 300000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(30));
	CU_ASSERT_TRUE(t.done);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_JOINACKRX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_JOINACKMAC), 1);
	/* RFC 8684 §3.2, §3.6: the server resets the subflow and says why (Linux: EPROHIBIT) */
	const segment *rst = first_with(&n, 1, MPTCP_OPT_RST);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rst);
	CU_ASSERT_TRUE(rst->flags & TCP_FLAG_RST);
	CU_ASSERT_EQUAL(mpseg_opts(rst, MPTCP_VERSION_1).reset_reason, MPTCP_RST_EPROHIBIT);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPRSTTX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_MPRSTRX), 1);
	mptcp_subflow_info b;
	CU_ASSERT_FATAL(mptcp_conn_get_subflow(c, 1, &b));
	CU_ASSERT_EQUAL(b.state, TCP_CLOSED);
	CU_ASSERT_EQUAL(b.reset_reason_received, MPTCP_RST_EPROHIBIT);
	CU_ASSERT_EQUAL(b.bytes_sent, 0);
	/* the connection carried on over the first subflow */
	CU_ASSERT_EQUAL(n.server.received, 300000);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_EQUAL(n.server.subflows_established, 1);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

static void test_join_bad_hmac_synack(void)
{
	mpnet n;
	setup(&n, NULL, NULL, MPTCP_PM_ADDR_FLAG_SUBFLOW);
	tamper t = { .dir = 1, .bit = MPTCP_OPT_MPJ_SYNACK };
	n.filter = tamper_join;
	n.filter_ctx = &t;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 200000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(30));
	CU_ASSERT_TRUE(t.done);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_JOINSYNACKRX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_JOINSYNACKMAC), 1);
	const segment *rst = first_with(&n, 0, MPTCP_OPT_RST);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rst);
	CU_ASSERT_EQUAL(mpseg_opts(rst, MPTCP_VERSION_1).reset_reason, MPTCP_RST_EMPTCP);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPRSTRX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_JOINACKRX), 0);
	/* the server's half-open join was reset by it and is gone */
	mptcp_conn *s = mpnet_server_conn(&n);
	mptcp_subflow_info sb;
	CU_ASSERT_FATAL(mptcp_conn_get_subflow(s, 1, &sb));
	CU_ASSERT_EQUAL(sb.state, TCP_CLOSED);
	CU_ASSERT_EQUAL(n.server.received, 200000);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

static void test_join_unknown_token(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	net_addr x = net_addr_v4(10, 9, 9, 9);
	mpnet_add_route(&n, 0, &x);
	segment syn = tcpseg_make(&x, 5555, &n.host[1].addrs[0], MPNET_PORT, TCP_FLAG_SYN, 1000, 0, 65535);
	mptcp_options o = { 0 };
	o.version = MPTCP_VERSION_1;
	o.suboptions = MPTCP_OPT_MPJ_SYN;
	o.token = 0xdeadbeef;
	o.nonce = 7;
	o.join_id = 3;
	syn.opt_len = (uint8_t)mptcp_opt_write(&o, syn.options, TCP_OPTIONS_MAX);
	mptcp_stack_input(n.host[1].st, &syn, 0);
	/* RFC 8684 §3.2: no connection has that token: a RST with MP_TCPRST */
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&n.host[1].fake), 1);
	const segment *rst = tcpfake_seg(&n.host[1].fake, 0);
	CU_ASSERT_EQUAL(rst->flags, TCP_FLAG_RST | TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(rst->ack, 1001);
	mptcp_options r = mpseg_opts(rst, MPTCP_VERSION_1);
	CU_ASSERT_TRUE(r.suboptions & MPTCP_OPT_RST);
	CU_ASSERT_EQUAL(r.reset_reason, MPTCP_RST_EMPTCP);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_JOINSYNRX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_JOINNOTOKEN), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPRSTTX), 1);
	CU_ASSERT_EQUAL(mptcp_stack_conn_count(n.host[1].st), 0);
	mpnet_fini(&n);
}

static void test_backup_join(void)
{
	mpnet n;
	setup(&n, NULL, NULL, MPTCP_PM_ADDR_FLAG_SUBFLOW | MPTCP_PM_ADDR_FLAG_BACKUP);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 500000, false, 0);
	mpnet_run(&n, SIM_S(1));
	mptcp_conn *s = mpnet_server_conn(&n);
	mpapp_bulk(&n.server, s, 500000, false, n.now);
	mpnet_run(&n, SIM_S(20));
	const segment *syn = first_with(&n, 0, MPTCP_OPT_MPJ_SYN);
	CU_ASSERT_PTR_NOT_NULL_FATAL(syn);
	CU_ASSERT_TRUE(mpseg_opts(syn, MPTCP_VERSION_1).join_backup);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_JOINSYNBACKUPRX), 1);
	mptcp_subflow_info b, sb;
	CU_ASSERT_FATAL(mptcp_conn_get_subflow(c, 1, &b) && mptcp_conn_get_subflow(s, 1, &sb));
	CU_ASSERT_TRUE(b.fully_established);
	CU_ASSERT_TRUE(b.backup);
	CU_ASSERT_TRUE(sb.peer_backup);
	/* RFC 8684 §3.2: a backup carries data only when no other subflow can; neither side used it */
	CU_ASSERT_EQUAL(b.bytes_sent, 0);
	CU_ASSERT_EQUAL(sb.bytes_sent, 0);
	CU_ASSERT_EQUAL(n.server.received, 500000);
	CU_ASSERT_EQUAL(n.client.received, 500000);
	/* with the primary gone, the backup takes the traffic */
	mptcp_subflow_info a;
	mptcp_conn_get_subflow(c, 0, &a);
	CU_ASSERT_TRUE(mptcp_conn_close_subflow(c, a.id, n.now));
	mpapp_bulk(&n.client, c, 100000, true, n.now);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(60));
	mptcp_conn_get_subflow(c, 1, &b);
	CU_ASSERT_EQUAL(b.bytes_sent, 100000);
	CU_ASSERT_EQUAL(n.server.received, 600000);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_TRUE(n.server.all_intact);
	mpnet_fini(&n);
}

static void test_c_flag(void)
{
	mptcp_config scfg;
	mptcp_config_default(&scfg);
	scfg.allow_join_initial_addr_port = false;
	mpnet n;
	setup(&n, NULL, &scfg, MPTCP_PM_ADDR_FLAG_SUBFLOW);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 100000, false, 0);
	mpnet_run(&n, SIM_S(5));
	/* RFC 8684 §3.1: C in the SYN-ACK; the client does not try to join that address and port */
	const segment *sa = first_with(&n, 1, MPTCP_OPT_MPC_SYNACK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sa);
	CU_ASSERT_TRUE(mpseg_opts(sa, MPTCP_VERSION_1).mpc_flags & MPTCP_CAP_DENY_JOIN_ID0);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_JOINSYNTX), 0);
	CU_ASSERT_EQUAL(mptcp_conn_subflow_count(c), 1);
	GError *err = NULL;
	CU_ASSERT_EQUAL(mptcp_conn_open_subflow(c, client2(), &n.host[1].addrs[0], MPNET_PORT, false, n.now, &err), 0);
	CU_ASSERT_PTR_NOT_NULL(err);
	g_clear_error(&err);
	CU_ASSERT_EQUAL(n.server.received, 100000);
	mpnet_fini(&n);
}

static void test_join_over_limit(void)
{
	mptcp_config scfg;
	mptcp_config_default(&scfg);
	scfg.subflows_max = 0;
	mpnet n;
	setup(&n, NULL, &scfg, MPTCP_PM_ADDR_FLAG_SUBFLOW);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 100000, false, 0);
	mpnet_run(&n, SIM_S(5));
	/* the server's path manager refuses: RST with MP_TCPRST "administratively prohibited" */
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_JOINSYNRX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_JOINREJECTED), 1);
	const segment *rst = first_with(&n, 1, MPTCP_OPT_RST);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rst);
	CU_ASSERT_EQUAL(mpseg_opts(rst, MPTCP_VERSION_1).reset_reason, MPTCP_RST_EPROHIBIT);
	mptcp_subflow_info b;
	CU_ASSERT_FATAL(mptcp_conn_get_subflow(c, 1, &b));
	CU_ASSERT_EQUAL(b.state, TCP_CLOSED);
	CU_ASSERT_EQUAL(mptcp_conn_subflow_count(mpnet_server_conn(&n)), 1);
	CU_ASSERT_EQUAL(n.server.received, 100000);
	mpnet_fini(&n);
}

static CU_TestInfo join_tests[] = {
	{ .pName = "MP_JOIN from a second address: forms, HMACs, both subflows carry data", .pTestFunc = test_join },
	{ .pName = "bad HMAC on the third ACK: reset with MP_TCPRST", .pTestFunc = test_join_bad_hmac_third_ack },
	{ .pName = "bad HMAC on the SYN-ACK: reset with MP_TCPRST", .pTestFunc = test_join_bad_hmac_synack },
	{ .pName = "join to an unknown token: RST", .pTestFunc = test_join_unknown_token },
	{ .pName = "backup join is used only without another subflow", .pTestFunc = test_backup_join },
	{ .pName = "C flag: no join to the initial address", .pTestFunc = test_c_flag },
	{ .pName = "join over the subflow limit: refused", .pTestFunc = test_join_over_limit },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "mptcp join", .pTests = join_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
