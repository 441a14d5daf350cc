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

/* Drop the first pure ACK the client sends: the third ACK of the handshake. */
static mpnet_verdict drop_third_ack(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)index;
	bool *done = ctx;
	if (dir == 0 && !*done && seg->flags == TCP_FLAG_ACK && seg->payload_len == 0) {
		*done = true;
		return MPNET_DROP;
	}
	return MPNET_PASS;
}

static void lost_third_ack(bool csum)
{
	mptcp_config cfg;
	mptcp_config_default(&cfg);
	cfg.checksum = csum;
	mpnet n;
	mpnet_init(&n, &cfg, NULL, NULL, 10 * MS);
	bool dropped = false;
	n.filter = drop_third_ack;
	n.filter_ctx = &dropped;
	mptcp_conn *c = mpnet_connect(&n);
	/* the client sends as soon as it is connected: its first data segment follows the lost ACK */
	mpapp_bulk(&n.client, c, 5000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(10));
	CU_ASSERT_TRUE(dropped);
	/* RFC 8684 §3.1: the first data repeats MP_CAPABLE with the Data-Level Length */
	const tcpfake *f = &n.host[0].fake;
	const segment *first = NULL;
	for (size_t i = 0; i < tcpfake_count(f) && !first; i++)
		if (tcpfake_seg(f, i)->payload_len)
			first = tcpfake_seg(f, i);
	CU_ASSERT_PTR_NOT_NULL_FATAL(first);
	mptcp_options o = mpseg_opts(first, MPTCP_VERSION_1);
	CU_ASSERT_TRUE(o.suboptions & MPTCP_OPT_MPC_ACK);
	CU_ASSERT_TRUE(o.mpc_has_data);
	CU_ASSERT_EQUAL(o.mpc_data_len, first->payload_len);
	CU_ASSERT_EQUAL(o.mpc_has_csum, csum);
	CU_ASSERT_EQUAL(opt_len_of(first, MPTCPOPT_MP_CAPABLE),
			csum ? TCPOLEN_MPTCP_MPC_ACK_DATA_CSUM : TCPOLEN_MPTCP_MPC_ACK_DATA);
	/* the server learnt the client's key from it and stayed MPTCP */
	mptcp_info si;
	mptcp_conn_get_info(mpnet_server_conn(&n), &si);
	CU_ASSERT_FALSE(si.fallback);
	CU_ASSERT_EQUAL(si.checksum, csum);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPCAPABLEPASSIVEACK), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPCAPABLEPASSIVEFALLBACK), 0);
	check_clean_transfer(&n.server, 5000);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

static void test_lost_third_ack(void)
{
	lost_third_ack(false);
}

static void test_lost_third_ack_csum(void)
{
	lost_third_ack(true);
}

/* Without data to send, a lost third ACK is repeated when the server resends its SYN-ACK. */
static void test_lost_third_ack_idle(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	bool dropped = false;
	n.filter = drop_third_ack;
	n.filter_ctx = &dropped;
	mpnet_connect(&n);
	mpnet_run(&n, SIM_S(3));
	CU_ASSERT_TRUE(dropped);
	CU_ASSERT_EQUAL(n.server.connected, 1);
	CU_ASSERT_EQUAL(mpnet_count_opt(&n, 0, MPTCP_OPT_MPC_ACK, MPTCP_VERSION_1), 2);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPCAPABLEPASSIVEACK), 1);
	mptcp_info si;
	mptcp_conn_get_info(mpnet_server_conn(&n), &si);
	CU_ASSERT_TRUE(si.fully_established);
	mpnet_fini(&n);
}

static void test_v0_handshake(void)
{
	mptcp_config cfg;
	mptcp_config_default(&cfg);
	cfg.version = MPTCP_VERSION_0;
	mpnet n;
	mpnet_init(&n, &cfg, NULL, NULL, 10 * MS);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 30000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(10));
	mptcp_info ci, si;
	mptcp_conn_get_info(c, &ci);
	mptcp_conn_get_info(mpnet_server_conn(&n), &si);
	/* a server accepting both versions answers with the client's */
	CU_ASSERT_EQUAL(ci.version, MPTCP_VERSION_0);
	CU_ASSERT_EQUAL(si.version, MPTCP_VERSION_0);
	CU_ASSERT_FALSE(ci.fallback);
	/* RFC 6824: SHA-1 tokens and IDSNs; the SYN carries the client's key (12 bytes) */
	CU_ASSERT_EQUAL(ci.local_token, mptcp_crypto_token(MPTCP_VERSION_0, ci.local_key));
	CU_ASSERT_EQUAL(si.remote_idsn, mptcp_crypto_idsn(MPTCP_VERSION_0, ci.local_key));
	const segment *syn = tcpfake_seg(&n.host[0].fake, 0);
	CU_ASSERT_EQUAL(opt_len_of(syn, MPTCPOPT_MP_CAPABLE), TCPOLEN_MPTCP_MPC_SYN_V0);
	CU_ASSERT_EQUAL(mpseg_opts(syn, MPTCP_VERSION_0).sndr_key, ci.local_key);
	/* no data form of MP_CAPABLE in v0: the first data has a DSS */
	CU_ASSERT_EQUAL(mpnet_count_opt(&n, 0, MPTCP_OPT_MPC_ACK, MPTCP_VERSION_0), 1);
	check_clean_transfer(&n.server, 30000);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

static void negotiate(uint8_t client_version, bool server_v0, bool server_v1, uint8_t want, bool want_fallback)
{
	mptcp_config ccfg, scfg;
	mptcp_config_default(&ccfg);
	mptcp_config_default(&scfg);
	ccfg.version = client_version;
	scfg.accept_v0 = server_v0;
	scfg.accept_v1 = server_v1;
	mpnet n;
	mpnet_init(&n, &ccfg, &scfg, NULL, 5 * MS);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 4000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(5));
	mptcp_info ci, si;
	mptcp_conn_get_info(c, &ci);
	mptcp_conn_get_info(mpnet_server_conn(&n), &si);
	CU_ASSERT_EQUAL(ci.fallback, want_fallback);
	CU_ASSERT_EQUAL(si.fallback, want_fallback);
	if (!want_fallback) {
		CU_ASSERT_EQUAL(ci.version, want);
		CU_ASSERT_EQUAL(si.version, want);
	}
	check_clean_transfer(&n.server, 4000);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

static void test_version_negotiation(void)
{
	negotiate(MPTCP_VERSION_1, true, true, MPTCP_VERSION_1, false);
	negotiate(MPTCP_VERSION_0, true, true, MPTCP_VERSION_0, false);
	/* RFC 8684 §3.1: a lower version in the SYN-ACK when the proposed one is not spoken */
	negotiate(MPTCP_VERSION_1, true, false, MPTCP_VERSION_0, false);
	/* no version in common: plain TCP */
	negotiate(MPTCP_VERSION_0, false, true, 0, true);
}

static void checksums(bool client, bool server, bool want)
{
	mptcp_config ccfg, scfg;
	mptcp_config_default(&ccfg);
	mptcp_config_default(&scfg);
	ccfg.checksum = client;
	scfg.checksum = server;
	mpnet n;
	mpnet_init(&n, &ccfg, &scfg, NULL, 5 * MS);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 50000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(5));
	mptcp_info ci, si;
	mptcp_conn_get_info(c, &ci);
	mptcp_conn_get_info(mpnet_server_conn(&n), &si);
	CU_ASSERT_EQUAL(ci.checksum, want);
	CU_ASSERT_EQUAL(si.checksum, want);
	/* every mapping carries a checksum exactly when they are on (RFC 8684 §3.3) */
	const tcpfake *f = &n.host[0].fake;
	size_t maps = 0, with = 0;
	for (size_t i = 0; i < tcpfake_count(f); i++) {
		mptcp_options o = mpseg_opts(tcpfake_seg(f, i), MPTCP_VERSION_1);
		if ((o.suboptions & MPTCP_OPT_DSS) && (o.dss_flags & MPTCP_DSS_HAS_MAP)) {
			maps++;
			with += o.dss_has_csum;
		}
	}
	CU_ASSERT(maps > 10);
	CU_ASSERT_EQUAL(with, want ? maps : 0);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_DATACSUMERR), 0);
	check_clean_transfer(&n.server, 50000);
	mpnet_fini(&n);
}

static void test_checksum_negotiation(void)
{
	/* RFC 8684 §3.1: either side asking turns them on */
	checksums(false, false, false);
	checksums(true, false, true);
	checksums(false, true, true);
	checksums(true, true, true);
}

/* An env whose random numbers start with a script, so that keys can be made to collide. */
typedef struct rig {
	tcpfake f;
	uint64_t script[16];
	unsigned n, i;
} rig;

static void rig_emit(void *ctx, const segment *s, sim_time_t now)
{
	rig *r = ctx;
	r->f.env.emit(r->f.env.ctx, s, now);
}

static uint64_t rig_random(void *ctx)
{
	rig *r = ctx;
	return r->i < r->n ? r->script[r->i++] : r->f.env.random_u64(r->f.env.ctx);
}

static void test_token_uniqueness(void)
{
	const uint64_t k1 = 0x1111, k2 = 0x2222;
	/* per connection: key draws, then TCP's ISN */
	rig r = { .script = { k1, 0x42, k1, k2, 0x43, k1, k1, k1, k1, 0x44 }, .n = 10 };
	tcpfake_init(&r.f, 5);
	proto_env env = { .ctx = &r, .emit = rig_emit, .random_u64 = rig_random };
	mptcp_config cfg;
	mptcp_config_default(&cfg);
	tcp_config tcp;
	tcp_config_default(&tcp);
	mptcp_stack *st = mptcp_stack_new(&cfg, &tcp, &env, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	net_addr a = net_addr_v4(10, 0, 0, 1), b = net_addr_v4(10, 0, 1, 1);
	mptcp_conn *c1 = mptcp_stack_connect(st, &a, 0, &b, 80, NULL, NULL, 0, NULL);
	mptcp_conn *c2 = mptcp_stack_connect(st, &a, 0, &b, 80, NULL, NULL, 0, NULL);
	mptcp_conn *c3 = mptcp_stack_connect(st, &a, 0, &b, 80, NULL, NULL, 0, NULL);
	CU_ASSERT_FATAL(c1 && c2 && c3);
	mptcp_info i1, i2, i3;
	mptcp_conn_get_info(c1, &i1);
	mptcp_conn_get_info(c2, &i2);
	mptcp_conn_get_info(c3, &i3);
	CU_ASSERT_EQUAL(i1.local_key, k1);
	CU_ASSERT_EQUAL(i2.local_key, k2); /* k1's token was taken: drawn again */
	CU_ASSERT_EQUAL(i2.local_token, mptcp_crypto_token(MPTCP_VERSION_1, k2));
	CU_ASSERT_PTR_EQUAL(mptcp_stack_find_token(st, i1.local_token), c1);
	CU_ASSERT_PTR_EQUAL(mptcp_stack_find_token(st, i2.local_token), c2);
	/* every draw collided (MPTCP_TOKEN_MAX_RETRIES): plain TCP, as Linux */
	CU_ASSERT_TRUE(i3.fallback);
	CU_ASSERT_EQUAL(mptcp_stack_mib(st, MPTCP_MIB_TOKENFALLBACKINIT), 1);
	CU_ASSERT_EQUAL(mptcp_stack_mib(st, MPTCP_MIB_MPCAPABLEACTIVE), 2);
	/* and its SYN carries no MP_CAPABLE */
	const segment *syn3 = tcpfake_last(&r.f);
	CU_ASSERT_EQUAL(syn3->flags, TCP_FLAG_SYN);
	CU_ASSERT_EQUAL(mpseg_opts(syn3, MPTCP_VERSION_1).suboptions, 0);
	mptcp_stack_free(st);
	tcpfake_fini(&r.f);
}

/* DSS options of host h carrying a DATA_FIN, split by whether the segment had payload. */
static void count_data_fins(const mpnet *n, int h, size_t *with_payload, size_t *alone)
{
	*with_payload = *alone = 0;
	const tcpfake *f = &n->host[h].fake;
	for (size_t i = 0; i < tcpfake_count(f); i++) {
		const segment *s = tcpfake_seg(f, i);
		mptcp_options o = mpseg_opts(s, MPTCP_VERSION_1);
		if (!(o.suboptions & MPTCP_OPT_DSS) || !(o.dss_flags & MPTCP_DSS_DATA_FIN))
			continue;
		if (s->payload_len) {
			(*with_payload)++;
			/* RFC 8684 §3.3.3: the DATA_FIN adds one to the Data-Level Length */
			CU_ASSERT_EQUAL(o.data_len, s->payload_len + 1);
		} else {
			(*alone)++;
			/* Linux mptcp_write_data_fin: subflow sequence number 0, length 1, 64-bit DSN */
			CU_ASSERT_EQUAL(o.subflow_seq, 0);
			CU_ASSERT_EQUAL(o.data_len, 1);
			CU_ASSERT_TRUE(o.dss_flags & MPTCP_DSS_DSN64);
		}
	}
}

static void test_data_fin_with_payload(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	mptcp_conn *c = mpnet_connect(&n);
	/* closed while data waits: the DATA_FIN rides on the last data segment */
	mpapp_bulk(&n.client, c, 100000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(10));
	size_t with, alone;
	count_data_fins(&n, 0, &with, &alone);
	CU_ASSERT(with >= 1);
	CU_ASSERT_EQUAL(alone, 0);
	/* the server had nothing to send: its DATA_FIN went alone */
	count_data_fins(&n, 1, &with, &alone);
	CU_ASSERT_EQUAL(with, 0);
	CU_ASSERT(alone >= 1);
	check_clean_transfer(&n.server, 100000);
	CU_ASSERT_EQUAL(n.server.peer_fin, 1);
	CU_ASSERT_EQUAL(n.client.peer_fin, 1);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	/* subflows close with FINs only after both DATA_FINs (RFC 8684 §3.3.3) */
	CU_ASSERT(n.server.peer_fin_at <= n.client.closed_at);
	mpnet_fini(&n);
}

static void test_data_fin_alone_server_first(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	mptcp_conn *c = mpnet_connect(&n);
	mpnet_run(&n, 100 * MS);
	mptcp_conn *s = mpnet_server_conn(&n);
	mpapp_bulk(&n.server, s, 30000, false, n.now);
	mpnet_run(&n, SIM_S(1));
	CU_ASSERT_EQUAL(n.client.received, 30000);
	/* everything is acknowledged: the server's DATA_FIN has no data to ride on */
	n.client.close_on_peer_fin = true;
	mptcp_conn_close(s, n.now);
	mpnet_run(&n, SIM_S(10));
	size_t with, alone;
	count_data_fins(&n, 1, &with, &alone);
	CU_ASSERT_EQUAL(with, 0);
	CU_ASSERT(alone >= 1);
	count_data_fins(&n, 0, &with, &alone);
	CU_ASSERT(alone >= 1);
	CU_ASSERT_EQUAL(n.client.peer_fin, 1);
	CU_ASSERT_EQUAL(n.server.peer_fin, 1);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	(void)c;
	mpnet_fini(&n);
}

/* Drop every pure ACK from the client carrying a DATA_FIN, `left` times. */
static mpnet_verdict drop_lone_data_fin(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)index;
	int *left = ctx;
	if (dir != 0 || seg->payload_len || !*left)
		return MPNET_PASS;
	mptcp_options o = mpseg_opts(seg, MPTCP_VERSION_1);
	if ((o.suboptions & MPTCP_OPT_DSS) && (o.dss_flags & MPTCP_DSS_DATA_FIN)) {
		(*left)--;
		return MPNET_DROP;
	}
	return MPNET_PASS;
}

static void test_lost_data_fin(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 10000, false, 0);
	mpnet_run(&n, SIM_S(1));
	int left = 2;
	n.filter = drop_lone_data_fin;
	n.filter_ctx = &left;
	n.server.close_on_peer_fin = true;
	mptcp_conn_close(c, n.now);
	mpnet_run(&n, SIM_S(20));
	CU_ASSERT_EQUAL(left, 0);
	/* a lone DATA_FIN is resent by the connection's own timer until acknowledged */
	CU_ASSERT_EQUAL(n.server.peer_fin, 1);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

static void test_fastclose(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 1000000, false, 0);
	mpnet_run(&n, 200 * MS);
	size_t before = tcpfake_count(&n.host[0].fake);
	mptcp_info ci;
	mptcp_conn_get_info(c, &ci);
	mptcp_conn_abort(c, n.now);
	/* RFC 8684 §3.5: a RST with MP_FASTCLOSE (the receiver's key) and MP_TCPRST */
	const segment *rst = tcpfake_seg(&n.host[0].fake, before);
	CU_ASSERT_TRUE(rst->flags & TCP_FLAG_RST);
	mptcp_options o = mpseg_opts(rst, MPTCP_VERSION_1);
	CU_ASSERT_TRUE(o.suboptions & MPTCP_OPT_FASTCLOSE);
	CU_ASSERT_TRUE(o.suboptions & MPTCP_OPT_RST);
	CU_ASSERT_EQUAL(o.fastclose_key, ci.remote_key);
	mptcp_conn_get_info(c, &ci);
	CU_ASSERT_TRUE(ci.closed);
	CU_ASSERT_EQUAL(ci.close_reason, MPTCP_CLOSE_ABORTED);
	mpnet_run(&n, SIM_S(5));
	CU_ASSERT_EQUAL(n.client.closed, 0); /* no callback for an abort */
	CU_ASSERT_EQUAL(n.server.closed, 1);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_FASTCLOSE);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_MPFASTCLOSETX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPFASTCLOSERX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_MPRSTTX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPRSTRX), 1);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_TRUE(n.server.all_intact);
	CU_ASSERT_EQUAL(mptcp_stack_reap(n.host[0].st), 1);
	CU_ASSERT_EQUAL(mptcp_stack_reap(n.host[1].st), 1);
	mpnet_fini(&n);
}

static CU_TestInfo handshake_tests[] = {

	{ .pName = "v1 MP_CAPABLE handshake, data both ways, clean close", .pTestFunc = test_v1_handshake },
	{ .pName = "lost third ACK: MP_CAPABLE repeated on the first data", .pTestFunc = test_lost_third_ack },
	{ .pName = "lost third ACK with checksums", .pTestFunc = test_lost_third_ack_csum },
	{ .pName = "lost third ACK, no data: repeated on the next ACK", .pTestFunc = test_lost_third_ack_idle },
	{ .pName = "v0 MP_CAPABLE handshake (RFC 6824)", .pTestFunc = test_v0_handshake },
	{ .pName = "version negotiation", .pTestFunc = test_version_negotiation },
	{ .pName = "checksum negotiation: either side asks", .pTestFunc = test_checksum_negotiation },
	{ .pName = "a colliding token makes the stack draw another key", .pTestFunc = test_token_uniqueness },
	{ .pName = "DATA_FIN on the last data; the peer's alone", .pTestFunc = test_data_fin_with_payload },
	{ .pName = "DATA_FIN alone, server first", .pTestFunc = test_data_fin_alone_server_first },
	{ .pName = "a lost lone DATA_FIN is resent", .pTestFunc = test_lost_data_fin },
	{ .pName = "MP_FASTCLOSE", .pTestFunc = test_fastclose },
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
