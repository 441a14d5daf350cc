/* protocol_mptcp_addr.c — address signalling over the test wire (mptcpfake.h), RFC 8684 §3.4 and
 * §3.3.8: ADD_ADDR with its HMAC, echo and a join to the announced address; a bad HMAC ignored
 * and counted; retransmission until echoed, at most 3 times; ADD_ADDR with a port; REMOVE_ADDR
 * closing a subflow whose data is reinjected, and with ID 0 for the initial subflow's address; MP_PRIO turning a subflow into a backup and back,
 * and lost with its pure ACK. */
#include "testutil.h"

#include "mptcp/crypto.h"
#include "mptcpfake.h"

#include <stdlib.h>
#include <string.h>

#define MS SIM_MS(1)

static net_addr server2(void)
{
	return net_addr_v4(10, 0, 1, 2);
}

static net_addr client2(void)
{
	return net_addr_v4(10, 0, 0, 2);
}

/* The server announces a second address (a `signal` endpoint, with `port`); the client's kernel
 * path manager acts on one ADD_ADDR. */
static void setup_signal(mpnet *n, uint16_t port)
{
	mptcp_config ccfg;
	mptcp_config_default(&ccfg);
	ccfg.add_addr_accepted_max = 1;
	mpnet_init(n, &ccfg, NULL, NULL, 10 * MS);
	net_addr s2 = server2();
	mpnet_add_route(n, 1, &s2);
	CU_ASSERT_EQUAL(mptcp_stack_add_address(n->host[1].st, &s2, port, MPTCP_PM_ADDR_FLAG_SIGNAL, 0), 1);
}

static size_t count_add_addr(const mpnet *n, int h, bool echo)
{
	size_t c = 0;
	const tcpfake *f = &n->host[h].fake;
	for (size_t i = 0; i < tcpfake_count(f); i++) {
		mptcp_options o = mpseg_opts(tcpfake_seg(f, i), MPTCP_VERSION_1);
		c += (o.suboptions & MPTCP_OPT_ADD_ADDR) && o.add_addr_echo == echo;
	}
	return c;
}

static const segment *first_add_addr(const mpnet *n, int h, bool echo, size_t *index)
{
	const tcpfake *f = &n->host[h].fake;
	for (size_t i = 0; i < tcpfake_count(f); i++) {
		mptcp_options o = mpseg_opts(tcpfake_seg(f, i), MPTCP_VERSION_1);
		if ((o.suboptions & MPTCP_OPT_ADD_ADDR) && o.add_addr_echo == echo) {
			if (index)
				*index = i;
			return tcpfake_seg(f, i);
		}
	}
	return NULL;
}

static void test_add_addr_and_join(void)
{
	mpnet n;
	setup_signal(&n, 0);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 500000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(20));
	mptcp_conn *s = mpnet_server_conn(&n);
	mptcp_info ci, si;
	mptcp_conn_get_info(c, &ci);
	mptcp_conn_get_info(s, &si);
	const segment *add = first_add_addr(&n, 1, false, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(add);
	mptcp_options o = mpseg_opts(add, MPTCP_VERSION_1);
	net_addr s2 = server2();
	CU_ASSERT_EQUAL(o.add_addr_id, 1);
	CU_ASSERT_TRUE(net_addr_equal(&o.add_addr, &s2));
	CU_ASSERT_FALSE(o.add_addr_has_port);
	/* RFC 8684 §3.4.1: HMAC(Key-server || Key-client, ID || address || port 0), rightmost 64 bits */
	CU_ASSERT_EQUAL(o.add_addr_hmac, mptcp_crypto_add_addr_hmac(si.local_key, ci.local_key, 1, &s2, 0));
	/* echoed once, no retransmission */
	CU_ASSERT_EQUAL(count_add_addr(&n, 1, false), 1);
	CU_ASSERT_EQUAL(count_add_addr(&n, 0, true), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_ADDADDR), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_ECHOADDTX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_ADDADDRTX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_ECHOADD), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_ADDADDRRETRANS), 0);
	/* the client joined the announced address, which answers with its ID */
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(c), 2);
	mptcp_subflow_info b;
	mptcp_conn_get_subflow(c, 1, &b);
	CU_ASSERT_TRUE(net_addr_equal(&b.remote, &s2));
	CU_ASSERT_EQUAL(b.remote_id, 1);
	CU_ASSERT_EQUAL(b.remote_port, MPNET_PORT);
	CU_ASSERT(b.bytes_sent > 0);
	CU_ASSERT_EQUAL(n.server.received, 500000);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

/* Change the HMAC of every ADD_ADDR (not echo) the server sends. */
static mpnet_verdict forge_add_addr(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)index;
	int *forged = ctx;
	if (dir != 1)
		return MPNET_PASS;
	mptcp_options o = mpseg_opts(seg, MPTCP_VERSION_1);
	if (!(o.suboptions & MPTCP_OPT_ADD_ADDR) || o.add_addr_echo)
		return MPNET_PASS;
	for (size_t i = 0; i + 1 < seg->opt_len;) {
		uint8_t k = seg->options[i];
		if (k == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (k == TCPOPT_EOL || seg->options[i + 1] < 2)
			break;
		if (k == TCPOPT_MPTCP && (seg->options[i + 2] >> 4) == MPTCPOPT_ADD_ADDR) {
			seg->options[i + seg->options[i + 1] - 1] ^= 0x01; /* the HMAC's last byte */
			(*forged)++;
			break;
		}
		i += seg->options[i + 1];
	}
	return MPNET_PASS;
}

static void test_add_addr_bad_hmac(void)
{
	mpnet n;
	setup_signal(&n, 0);
	int forged = 0;
	n.filter = forge_add_addr;
	n.filter_ctx = &forged;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 100000, false, 0);
	mpnet_run(&n, SIM_S(30));
	/* ignored: not echoed, not acted on, but counted; the server keeps resending for want of an echo */
	CU_ASSERT_EQUAL(forged, 4);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_ADDADDRHMACFAIL), 4);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_ADDADDR), 0);
	CU_ASSERT_EQUAL(count_add_addr(&n, 0, true), 0);
	CU_ASSERT_EQUAL(mptcp_conn_subflow_count(c), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_JOINSYNTX), 0);
	CU_ASSERT_EQUAL(n.server.received, 100000);
	mpnet_fini(&n);
}

/* Drop the client's echoes, `left` of them (-1: all). */
static mpnet_verdict drop_echo(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)index;
	int *left = ctx;
	if (dir != 0 || *left == 0)
		return MPNET_PASS;
	mptcp_options o = mpseg_opts(seg, MPTCP_VERSION_1);
	if ((o.suboptions & MPTCP_OPT_ADD_ADDR) && o.add_addr_echo) {
		if (*left > 0)
			(*left)--;
		return MPNET_DROP;
	}
	return MPNET_PASS;
}

static void test_add_addr_retransmission(void)
{
	mpnet n;
	setup_signal(&n, 0);
	int left = -1;
	n.filter = drop_echo;
	n.filter_ctx = &left;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 100000, false, 0);
	mpnet_run(&n, SIM_S(60));
	/* Linux: resent after the timeout (the largest subflow RTO here), at most 3 times */
	CU_ASSERT_EQUAL(count_add_addr(&n, 1, false), 4);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_ADDADDRTX), 4);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_ADDADDRRETRANS), 3);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_ECHOADD), 0);
	/* each one was echoed (and each echo lost); the address was taken once */
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_ADDADDR), 4);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_ECHOADDTX), 4);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_JOINSYNTX), 1);
	/* the retransmissions are spaced by the timeout */
	const tcpfake *f = &n.host[1].fake;
	sim_time_t prev = -1, first_gap = 0;
	for (size_t i = 0; i < tcpfake_count(f); i++) {
		mptcp_options o = mpseg_opts(tcpfake_seg(f, i), MPTCP_VERSION_1);
		if (!(o.suboptions & MPTCP_OPT_ADD_ADDR))
			continue;
		sim_time_t t = tcpfake_time(f, i);
		if (prev >= 0) {
			CU_ASSERT(t - prev >= SIM_MS(200));
			if (!first_gap)
				first_gap = t - prev;
		}
		prev = t;
	}
	CU_ASSERT(first_gap > 0 && first_gap <= SIM_S(120));
	CU_ASSERT_EQUAL(mptcp_stack_next_deadline(n.host[1].st), SIM_TIME_NEVER);
	mpnet_fini(&n);

	/* one echo lost: one retransmission, whose echo stops the timer */
	setup_signal(&n, 0);
	left = 1;
	n.filter = drop_echo;
	n.filter_ctx = &left;
	c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 100000, false, 0);
	mpnet_run(&n, SIM_S(60));
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_ADDADDRTX), 2);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_ECHOADD), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_ADDADDRRETRANS), 1);
	mpnet_fini(&n);
}

static void test_add_addr_port(void)
{
	mpnet n;
	setup_signal(&n, 8080);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 400000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(20));
	mptcp_info ci, si;
	mptcp_conn_get_info(c, &ci);
	mptcp_conn_get_info(mpnet_server_conn(&n), &si);
	const segment *add = first_add_addr(&n, 1, false, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(add);
	mptcp_options o = mpseg_opts(add, MPTCP_VERSION_1);
	net_addr s2 = server2();
	CU_ASSERT_TRUE(o.add_addr_has_port);
	CU_ASSERT_EQUAL(o.add_addr_port, 8080);
	/* the port is in the HMAC */
	CU_ASSERT_EQUAL(o.add_addr_hmac, mptcp_crypto_add_addr_hmac(si.local_key, ci.local_key, 1, &s2, 8080));
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_PORTADD), 1);
	const segment *echo = first_add_addr(&n, 0, true, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(echo);
	CU_ASSERT_EQUAL(mpseg_opts(echo, MPTCP_VERSION_1).add_addr_port, 8080);
	/* the join goes to the announced port */
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(c), 2);
	mptcp_subflow_info b;
	mptcp_conn_get_subflow(c, 1, &b);
	CU_ASSERT_EQUAL(b.remote_port, 8080);
	CU_ASSERT_TRUE(b.fully_established);
	CU_ASSERT(b.bytes_sent > 0);
	CU_ASSERT_EQUAL(n.server.received, 400000);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

/* Drop the RSTs of the server's second address: the client learns from REMOVE_ADDR alone. */
static mpnet_verdict drop_rst_from_server2(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)ctx;
	(void)index;
	net_addr s2 = server2();
	return dir == 1 && (seg->flags & TCP_FLAG_RST) && net_addr_equal(&seg->src, &s2) ? MPNET_DROP : MPNET_PASS;
}

static void test_remove_addr(void)
{
	mpnet n;
	setup_signal(&n, 0);
	n.rate_bps = 10000000;
	n.filter = drop_rst_from_server2;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 3000000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, 300 * MS);
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(c), 2);
	mptcp_subflow_info b;
	mptcp_conn_get_subflow(c, 1, &b);
	CU_ASSERT_TRUE(b.fully_established);
	CU_ASSERT(b.bytes_sent > 0);
	/* the server loses its second address in the middle of the transfer */
	net_addr s2 = server2();
	CU_ASSERT_TRUE(mptcp_stack_remove_address(n.host[1].st, &s2, n.now));
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_RMSUBFLOW), 1);
	mpnet_run(&n, SIM_S(60));
	/* RFC 8684 §3.4.2: REMOVE_ADDR with its ID; the client closes the subflow using it */
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_RMADDRTX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_RMADDR), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_RMSUBFLOW), 1);
	CU_ASSERT_EQUAL(mpnet_count_opt(&n, 1, MPTCP_OPT_RM_ADDR, MPTCP_VERSION_1), 1);
	mptcp_conn_get_subflow(c, 1, &b);
	CU_ASSERT_EQUAL(b.state, TCP_CLOSED);
	/* what it had in flight went on the first subflow, and every byte arrived in order */
	mptcp_info ci;
	mptcp_conn_get_info(c, &ci);
	CU_ASSERT(ci.bytes_reinjected > 0);
	CU_ASSERT(mpnet_mib(&n, 0, MPTCP_MIB_RETRANSSEGS) > 0);
	mptcp_subflow_info a;
	mptcp_conn_get_subflow(c, 0, &a);
	CU_ASSERT_EQUAL(a.bytes_reinjected, ci.bytes_reinjected);
	CU_ASSERT_EQUAL(n.server.received, 3000000);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_TRUE(n.server.all_intact);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

/* The client's first address (10.0.0.1) is gone from `at` on: nothing to or from it gets through. */
typedef struct gone {
	const mpnet *n;
	sim_time_t at;
} gone;

static mpnet_verdict drop_first_client_addr(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)dir;
	(void)index;
	const gone *g = ctx;
	net_addr a = net_addr_v4(10, 0, 0, 1);
	if (g->n->now >= g->at && (net_addr_equal(&seg->src, &a) || net_addr_equal(&seg->dst, &a)))
		return MPNET_DROP;
	return MPNET_PASS;
}

/* The client loses the address of the initial subflow (Wi-Fi down) while the server is sending to
 * it: its REMOVE_ADDR carries ID 0 (RFC 8684 §3.4), so the server closes its initial subflow at
 * once and reinjects its data on the second one, rather than retransmitting into the void until
 * the subflow goes stale. */
static void test_remove_initial_addr(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	n.rate_bps = 10000000;
	net_addr c1 = net_addr_v4(10, 0, 0, 1), c2 = client2();
	mpnet_add_route(&n, 0, &c2);
	CU_ASSERT_EQUAL(mptcp_stack_add_address(n.host[0].st, &c1, 0, 0, 0), 1);
	CU_ASSERT_EQUAL(mptcp_stack_add_address(n.host[0].st, &c2, 0, MPTCP_PM_ADDR_FLAG_SUBFLOW, 0), 2);
	gone g = { .n = &n, .at = SIM_S(1) };
	n.filter = drop_first_client_addr;
	n.filter_ctx = &g;
	mptcp_conn *c = mpnet_connect(&n);
	CU_ASSERT_EQUAL(mptcp_conn_send(c, 1000, 0), 1000);
	n.server.to_send = 3000000;
	n.server.close_on_peer_fin = true;
	n.client.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(1));
	mptcp_conn *s = mpnet_server_conn(&n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(s), 2);
	CU_ASSERT_TRUE(mptcp_stack_remove_address(n.host[0].st, &c1, n.now));
	mpnet_run(&n, SIM_MS(1300));
	/* one REMOVE_ADDR, with ID 0; the server closed its initial subflow without a timeout */
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_RMADDRTX), 1);
	const tcpfake *f = &n.host[0].fake;
	for (size_t i = 0; i < tcpfake_count(f); i++) {
		mptcp_options o = mpseg_opts(tcpfake_seg(f, i), MPTCP_VERSION_1);
		if (o.suboptions & MPTCP_OPT_RM_ADDR) {
			CU_ASSERT_EQUAL(o.rm_count, 1);
			CU_ASSERT_EQUAL(o.rm_ids[0], 0);
		}
	}
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_RMADDR), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_RMSUBFLOW), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_SUBFLOWSTALE), 0);
	mptcp_subflow_info a;
	mptcp_conn_get_subflow(s, 0, &a);
	CU_ASSERT_EQUAL(a.state, TCP_CLOSED);
	mpnet_run(&n, SIM_S(60));
	mptcp_info si;
	mptcp_conn_get_info(s, &si);
	CU_ASSERT(si.bytes_reinjected > 0);
	CU_ASSERT_EQUAL(n.client.received, 3000000);
	CU_ASSERT_FALSE(n.client.gap);
	CU_ASSERT_TRUE(n.client.all_intact);
	mpnet_fini(&n);
}

/* A client that joins from a second address of its own. */
static void setup_two_client_addrs(mpnet *n)
{
	mpnet_init(n, NULL, NULL, NULL, 10 * MS);
	net_addr c2 = client2();
	mpnet_add_route(n, 0, &c2);
	mptcp_stack_add_address(n->host[0].st, &c2, 0, MPTCP_PM_ADDR_FLAG_SUBFLOW, 0);
}

static uint64_t sent_on(mptcp_conn *c, size_t i)
{
	mptcp_subflow_info si;
	mptcp_conn_get_subflow(c, i, &si);
	return si.bytes_sent;
}

static void test_mp_prio(void)
{
	mpnet n;
	setup_two_client_addrs(&n);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 1000000, false, 0);
	mpnet_run(&n, SIM_S(5));
	mptcp_conn *s = mpnet_server_conn(&n);
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(c), 2);
	CU_ASSERT(sent_on(c, 1) > 0);
	mptcp_subflow_info b;
	mptcp_conn_get_subflow(c, 1, &b);
	/* the client asks the server to treat the second subflow as a backup (RFC 8684 §3.3.8) */
	CU_ASSERT_TRUE(mptcp_conn_set_backup(c, b.id, true, n.now));
	mpnet_run(&n, n.now + SIM_S(1));
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_MPPRIOTX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPPRIORX), 1);
	mptcp_subflow_info sb;
	mptcp_conn_get_subflow(s, 1, &sb);
	CU_ASSERT_TRUE(sb.peer_backup);
	/* from now on neither side sends on it */
	uint64_t c_before = sent_on(c, 1), s_before = sent_on(s, 1);
	mpapp_bulk(&n.client, c, 1000000, false, n.now);
	mpapp_bulk(&n.server, s, 1000000, false, n.now);
	mpnet_run(&n, n.now + SIM_S(10));
	CU_ASSERT_EQUAL(sent_on(c, 1), c_before);
	CU_ASSERT_EQUAL(sent_on(s, 1), s_before);
	CU_ASSERT_EQUAL(n.server.received, 2000000);
	CU_ASSERT_EQUAL(n.client.received, 1000000);
	/* and back: MP_PRIO with B=0 */
	CU_ASSERT_TRUE(mptcp_conn_set_backup(c, b.id, false, n.now));
	mpnet_run(&n, n.now + SIM_S(1));
	mptcp_conn_get_subflow(s, 1, &sb);
	CU_ASSERT_FALSE(sb.peer_backup);
	mpapp_bulk(&n.server, s, 1000000, false, n.now);
	mpnet_run(&n, n.now + SIM_S(10));
	CU_ASSERT(sent_on(s, 1) > s_before);
	CU_ASSERT_EQUAL(n.client.received, 2000000);
	CU_ASSERT_FALSE(n.client.gap);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_MPPRIOTX), 2);
	mpnet_fini(&n);
}

static mpnet_verdict drop_prio(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)index;
	int *dropped = ctx;
	if (dir == 0 && (mpseg_opts(seg, MPTCP_VERSION_1).suboptions & MPTCP_OPT_PRIO)) {
		(*dropped)++;
		return MPNET_DROP;
	}
	return MPNET_PASS;
}

static void test_mp_prio_lost(void)
{
	mpnet n;
	setup_two_client_addrs(&n);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 100000, false, 0);
	mpnet_run(&n, SIM_S(5));
	mptcp_conn *s = mpnet_server_conn(&n);
	int dropped = 0;
	n.filter = drop_prio;
	n.filter_ctx = &dropped;
	mptcp_subflow_info b;
	CU_ASSERT_FATAL(mptcp_conn_get_subflow(c, 1, &b));
	CU_ASSERT_TRUE(mptcp_conn_set_backup(c, b.id, true, n.now));
	mpnet_run(&n, n.now + SIM_S(5));
	/* it rode one pure ACK, which was lost: not resent (as Linux), the server never heard */
	CU_ASSERT_EQUAL(dropped, 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_MPPRIOTX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_MPPRIORX), 0);
	mptcp_subflow_info sb;
	mptcp_conn_get_subflow(s, 1, &sb);
	CU_ASSERT_FALSE(sb.peer_backup);
	mptcp_conn_get_subflow(c, 1, &b);
	CU_ASSERT_TRUE(b.backup);
	mpnet_fini(&n);
}

/* RFC 6824: ADD_ADDR without HMAC or echo, joins with HMAC-SHA1. */
static void test_v0_add_addr_and_join(void)
{
	mptcp_config ccfg;
	mptcp_config_default(&ccfg);
	ccfg.version = MPTCP_VERSION_0;
	ccfg.add_addr_accepted_max = 1;
	mpnet n;
	mpnet_init(&n, &ccfg, NULL, NULL, 10 * MS);
	net_addr s2 = server2();
	mpnet_add_route(&n, 1, &s2);
	mptcp_stack_add_address(n.host[1].st, &s2, 0, MPTCP_PM_ADDR_FLAG_SIGNAL, 0);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 500000, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(60));
	mptcp_info ci;
	mptcp_conn_get_info(c, &ci);
	CU_ASSERT_EQUAL(ci.version, MPTCP_VERSION_0);
	/* the v0 form: 8 bytes for IPv4, no HMAC; nothing to echo, nothing resent */
	const tcpfake *f = &n.host[1].fake;
	size_t adds = 0;
	for (size_t i = 0; i < tcpfake_count(f); i++) {
		mptcp_options o = mpseg_opts(tcpfake_seg(f, i), MPTCP_VERSION_0);
		if (o.suboptions & MPTCP_OPT_ADD_ADDR) {
			adds++;
			CU_ASSERT_TRUE(net_addr_equal(&o.add_addr, &s2));
		}
	}
	CU_ASSERT_EQUAL(adds, 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_ADDADDR), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_ECHOADDTX), 0);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_ADDADDRRETRANS), 0);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_JOINACKRX), 1);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_JOINACKMAC), 0);
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(c), 2);
	mptcp_subflow_info b;
	mptcp_conn_get_subflow(c, 1, &b);
	CU_ASSERT(b.bytes_sent > 0);
	CU_ASSERT_EQUAL(n.server.received, 500000);
	CU_ASSERT_FALSE(n.server.gap);
	CU_ASSERT_TRUE(n.server.all_intact);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

static CU_TestInfo addr_tests[] = {
	{ .pName = "ADD_ADDR with HMAC, echo, join to the announced address", .pTestFunc = test_add_addr_and_join },
	{ .pName = "ADD_ADDR with a bad HMAC: ignored and counted", .pTestFunc = test_add_addr_bad_hmac },
	{ .pName = "ADD_ADDR resent until echoed, at most 3 times", .pTestFunc = test_add_addr_retransmission },
	{ .pName = "ADD_ADDR with a port", .pTestFunc = test_add_addr_port },
	{ .pName = "REMOVE_ADDR closes the subflow; its data is reinjected", .pTestFunc = test_remove_addr },
	{ .pName = "losing the initial subflow's address: REMOVE_ADDR with ID 0", .pTestFunc = test_remove_initial_addr },
	{ .pName = "MP_PRIO makes a subflow a backup and back", .pTestFunc = test_mp_prio },
	{ .pName = "MP_PRIO lost with its pure ACK", .pTestFunc = test_mp_prio_lost },
	{ .pName = "v0: ADD_ADDR without HMAC or echo, join with HMAC-SHA1", .pTestFunc = test_v0_add_addr_and_join },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "mptcp address signalling", .pTests = addr_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
