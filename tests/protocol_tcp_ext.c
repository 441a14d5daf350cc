/* protocol_tcp_ext.c — the TCP entry points an extension protocol (MPTCP) relies on beyond the
 * option and payload hooks: passive open without a listener (tcp_conn_listen), a pure ACK on
 * request (tcp_conn_send_ack), extension options on the RSTs a connection sends, and an advertised
 * window computed from the extension's free receive space (rcv_space). Scripted by hand with the
 * fake env of tcpfake.h. */
#include "testutil.h"

#include "tcpfake.h"

#include <string.h>

#define EXP_KIND 253
#define EXP_LEN 4

typedef struct ext {
	int written;
	int written_rst;
	uint64_t space; /* what rcv_space reports */
} ext;

static size_t ext_write(void *ctx, tcp_conn *c, const segment *seg, uint8_t *buf, size_t space, sim_time_t now)
{
	(void)c;
	(void)now;
	ext *x = ctx;
	if (space < EXP_LEN)
		return 0;
	buf[0] = EXP_KIND;
	buf[1] = EXP_LEN;
	buf[2] = 0x4d;
	buf[3] = seg->flags;
	x->written++;
	if (seg->flags & TCP_FLAG_RST)
		x->written_rst++;
	return EXP_LEN;
}

static uint64_t ext_space(void *ctx, tcp_conn *c)
{
	(void)c;
	return ((ext *)ctx)->space;
}

static const tcp_ext_ops ext_ops = { .name = "test", .write_options = ext_write, .rcv_space = ext_space };

static bool has_ext_option(const segment *s)
{
	for (size_t i = 0; i + 1 < s->opt_len;) {
		uint8_t k = s->options[i];
		if (k == 0)
			break;
		if (k == 1) {
			i++;
			continue;
		}
		if (k == EXP_KIND && s->options[i + 1] == EXP_LEN)
			return true;
		i += s->options[i + 1] >= 2 ? s->options[i + 1] : 1u;
	}
	return false;
}

typedef struct passive {
	tcpfake f;
	tcp_conn *c;
	ext x;
	net_addr me, peer;
	uint32_t peer_isn;
	uint32_t iss;
} passive;

/* A connection opened with tcp_conn_listen() that answers a SYN from 10.0.0.1:5000 and is then
 * established by the peer's ACK. */
static void passive_open(passive *p)
{
	memset(p, 0, sizeof *p);
	tcpfake_init(&p->f, 9);
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.timestamps = false;
	cfg.rcvbuf_bytes = 1u << 20;
	p->me = net_addr_v4(10, 0, 0, 2);
	p->peer = net_addr_v4(10, 0, 0, 1);
	p->peer_isn = 1000;
	p->x.space = 1u << 20;
	p->c = tcp_conn_new(&cfg, &p->f.env, &p->me, 80, &p->peer, 5000, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p->c);
	tcp_conn_set_ext(p->c, &ext_ops, &p->x);
	CU_ASSERT_TRUE(tcp_conn_listen(p->c));
	CU_ASSERT_FALSE(tcp_conn_listen(p->c)); /* only a fresh CLOSED connection */
	CU_ASSERT_EQUAL(tcp_conn_state(p->c), TCP_LISTEN);
	segment syn = tcpseg_make(&p->peer, 5000, &p->me, 80, TCP_FLAG_SYN, p->peer_isn, 0, 65535);
	tcp_opts o = { .present = TCP_OPT_HAS_MSS | TCP_OPT_HAS_WSCALE, .mss = 1460, .wscale = 7 };
	tcpseg_set_options(&syn, &o);
	tcp_conn_input(p->c, &syn, SIM_MS(1));
	CU_ASSERT_EQUAL(tcp_conn_state(p->c), TCP_SYN_RECEIVED);
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&p->f), 1);
	const segment *sa = tcpfake_last(&p->f);
	CU_ASSERT_EQUAL(sa->flags, TCP_FLAG_SYN | TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(sa->ack, p->peer_isn + 1);
	CU_ASSERT_TRUE(has_ext_option(sa));
	p->iss = sa->seq;
	segment ack = tcpseg_make(&p->peer, 5000, &p->me, 80, TCP_FLAG_ACK, p->peer_isn + 1, p->iss + 1, 512);
	tcp_conn_input(p->c, &ack, SIM_MS(2));
	CU_ASSERT_EQUAL(tcp_conn_state(p->c), TCP_ESTABLISHED);
}

static void passive_close(passive *p)
{
	tcp_conn_free(p->c);
	tcpfake_fini(&p->f);
}

static void test_listen_and_send_ack(void)
{
	passive p;
	passive_open(&p);
	size_t before = tcpfake_count(&p.f);
	/* nothing to acknowledge: no segment until asked */
	tcp_conn_on_timer(p.c, SIM_MS(500));
	CU_ASSERT_EQUAL(tcpfake_count(&p.f), before);
	tcp_conn_send_ack(p.c, SIM_MS(600));
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&p.f), before + 1);
	const segment *a = tcpfake_last(&p.f);
	CU_ASSERT_EQUAL(a->flags, TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(a->payload_len, 0);
	CU_ASSERT_EQUAL(a->seq, p.iss + 1);
	CU_ASSERT_EQUAL(a->ack, p.peer_isn + 1);
	CU_ASSERT_TRUE(has_ext_option(a));
	CU_ASSERT_EQUAL(tcp_conn_counter(p.c, TCP_CNT_ACKS_SENT), 1);
	passive_close(&p);
}

static void test_send_ack_needs_synchronized_state(void)
{
	tcpfake f;
	tcpfake_init(&f, 3);
	tcp_config cfg;
	tcp_config_default(&cfg);
	net_addr a = net_addr_v4(10, 0, 0, 1), b = net_addr_v4(10, 0, 0, 2);
	tcp_conn *c = tcp_conn_new(&cfg, &f.env, &a, 4000, &b, 80, NULL);
	tcp_conn_send_ack(c, 0);
	CU_ASSERT_EQUAL(tcpfake_count(&f), 0);
	tcp_conn_connect(c, 0);
	tcp_conn_send_ack(c, SIM_MS(1)); /* SYN-SENT: nothing to acknowledge yet */
	CU_ASSERT_EQUAL(tcpfake_count(&f), 1);
	tcp_conn_free(c);
	tcpfake_fini(&f);
}

static void test_rst_carries_extension_options(void)
{
	passive p;
	passive_open(&p);
	tcp_conn_abort(p.c, SIM_MS(10));
	const segment *r = tcpfake_last(&p.f);
	CU_ASSERT_TRUE(r->flags & TCP_FLAG_RST);
	CU_ASSERT_TRUE(has_ext_option(r));
	CU_ASSERT_EQUAL(p.x.written_rst, 1);
	CU_ASSERT_EQUAL(tcp_conn_state(p.c), TCP_CLOSED);
	passive_close(&p);
}

static void test_window_from_extension_space(void)
{
	passive p;
	passive_open(&p);
	/* the window scale is 5 for a 1 MiB buffer: 2^20 >> 5 = 32768 */
	p.x.space = 64000;
	segment d = tcpseg_make(&p.peer, 5000, &p.me, 80, TCP_FLAG_ACK, p.peer_isn + 1, p.iss + 1, 512);
	tcpseg_set_payload(&d, p.peer_isn, 0, 1000);
	tcp_conn_input(p.c, &d, SIM_MS(10));
	tcp_conn_send_ack(p.c, SIM_MS(11));
	const segment *a = tcpfake_last(&p.f);
	tcp_info in;
	tcp_conn_get_info(p.c, &in);
	CU_ASSERT_EQUAL(a->ack, p.peer_isn + 1001);
	/* the right edge never moves left: the window offered by the SYN-ACK still holds */
	CU_ASSERT(((uint64_t)a->window << in.rcv_wscale) >= 64000 - 1000);
	/* the space grows: the window follows the extension, not the connection's own buffer */
	p.x.space = 300000;
	tcp_conn_send_ack(p.c, SIM_MS(12));
	a = tcpfake_last(&p.f);
	uint64_t w = (uint64_t)a->window << in.rcv_wscale;
	CU_ASSERT(w >= 300000 && w < 300000 + (1u << in.rcv_wscale));
	passive_close(&p);
}

static CU_TestInfo ext_tests[] = {
	{ .pName = "tcp_conn_listen answers a SYN; tcp_conn_send_ack sends a pure ACK", .pTestFunc = test_listen_and_send_ack },
	{ .pName = "tcp_conn_send_ack does nothing before the handshake", .pTestFunc = test_send_ack_needs_synchronized_state },
	{ .pName = "an aborting RST carries the extension's options", .pTestFunc = test_rst_carries_extension_options },
	{ .pName = "the advertised window follows rcv_space", .pTestFunc = test_window_from_extension_space },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "tcp extension entry points", .pTests = ext_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
