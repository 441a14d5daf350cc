/* protocol_tcp_handshake.c — scripted tests of connection setup and teardown: the three-way
 * handshake and its options, SYN loss and backoff, the listener, RST handling (RFC 9293, RFC 5961),
 * both kinds of close, simultaneous open and close, and TIME_WAIT. */
#include "testutil.h"

#include "tcpfake.h"
#include "tcpscript.h"

#include <string.h>

static const tcpscript_peer full_peer = { .sack = true, .ts = true, .wscale = 7, .mss = 1460 };
static const tcpscript_peer plain_peer = { .sack = false, .ts = false, .wscale = -1, .mss = 1460 };

static void test_handshake_options(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpscript s;
	tcpscript_start(&s, &cfg, &full_peer);
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_SYN_SENT);
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&s.f), 1);
	const segment *syn = tcpfake_seg(&s.f, 0);
	CU_ASSERT_EQUAL(syn->flags, TCP_FLAG_SYN);
	CU_ASSERT_EQUAL(syn->payload_len, 0);
	tcp_opts o = tcpseg_opts(syn);
	CU_ASSERT_EQUAL(o.present, TCP_OPT_HAS_MSS | TCP_OPT_HAS_WSCALE | TCP_OPT_HAS_SACK_PERM | TCP_OPT_HAS_TS);
	CU_ASSERT_EQUAL(o.mss, 1460);
	/* a 4 MiB buffer needs a shift of 7 to be advertised (RFC 7323 §2.3) */
	CU_ASSERT_EQUAL(o.wscale, 7);
	CU_ASSERT_EQUAL(o.ts_ecr, 0);
	CU_ASSERT_EQUAL(syn->opt_len, 20);
	CU_ASSERT_EQUAL(syn->window, 65535); /* a SYN's window is never scaled */
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_S(1));

	segment sa = tcpscript_synack(&s);
	tcpscript_in(&s, &sa, SIM_MS(100));
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_ESTABLISHED);
	CU_ASSERT_EQUAL(s.app.connected, 1);
	CU_ASSERT_EQUAL(s.app.connected_at, SIM_MS(100));
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&s.f), 2);
	const segment *ack = tcpfake_seg(&s.f, 1);
	CU_ASSERT_EQUAL(ack->flags, TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(ack->seq, s.iss + 1);
	CU_ASSERT_EQUAL(ack->ack, TCPSCRIPT_PEER_ISN + 1);
	tcp_opts ao = tcpseg_opts(ack);
	CU_ASSERT_EQUAL(ao.present, TCP_OPT_HAS_TS);
	CU_ASSERT_EQUAL(ao.ts_ecr, s.peer_tsval);
	tcp_info i;
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_TRUE(i.sack_ok);
	CU_ASSERT_TRUE(i.ts_ok);
	CU_ASSERT_TRUE(i.ws_ok);
	CU_ASSERT_EQUAL(i.snd_wscale, 7);
	CU_ASSERT_EQUAL(i.rcv_wscale, 7);
	CU_ASSERT_EQUAL(i.snd_mss_bytes, 1448); /* RFC 6691: MSS minus the timestamp option */
	CU_ASSERT_EQUAL(i.cwnd_bytes, 10u * 1448);  /* RFC 6928 */
	CU_ASSERT_EQUAL(i.srtt_ns, SIM_MS(100));   /* the SYN's RTT */
	CU_ASSERT_EQUAL(i.rto_ns, SIM_MS(300));
	CU_ASSERT_EQUAL(i.snd_wnd_bytes, 65535);   /* the SYN-ACK's window is not scaled */
	/* the timer is idle: nothing outstanding */
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_TIME_NEVER);
	CU_ASSERT_STRING_EQUAL(tcp_conn_cc_name(s.c), "cubic");
	tcpscript_close(&s);
}

static void test_plain_peer(void)
{
	/* a peer that offers nothing: no timestamps, no SACK, no scaling on our side either */
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.cc_name = "reno";
	tcpscript s;
	tcpscript_open(&s, &cfg, &plain_peer, SIM_MS(10));
	tcp_info i;
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_FALSE(i.sack_ok);
	CU_ASSERT_FALSE(i.ts_ok);
	CU_ASSERT_FALSE(i.ws_ok);
	CU_ASSERT_EQUAL(i.rcv_wscale, 0);
	CU_ASSERT_EQUAL(i.snd_mss_bytes, 1460);
	tcp_conn_send(s.c, 3000, s.now);
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 3);
	const segment *d = tcpfake_last(&s.f);
	CU_ASSERT_EQUAL(d->opt_len, 0);
	CU_ASSERT_EQUAL(d->window, 65535); /* 4 MiB free, but unscaled */
	CU_ASSERT(d->flags & TCP_FLAG_PSH);
	CU_ASSERT_EQUAL(d->payload_len, 80);
	CU_ASSERT_EQUAL(d->payload_stream, s.iss);
	CU_ASSERT_EQUAL(d->payload_offset, 2920);
	tcpscript_close(&s);
	/* a window scale above 14 is used as 14 (RFC 7323 §2.3) */
	tcpscript_peer big = full_peer;
	big.wscale = 20;
	tcp_config_default(&cfg);
	tcpscript_open(&s, &cfg, &big, SIM_MS(10));
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.snd_wscale, 14);
	tcpscript_close(&s);
}

static void test_ipv6(void)
{
	/* an IPv6 pair through a listener; a SYN without MSS means 1220 (RFC 9293 §3.7.1) */
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpfake f;
	tcpfake_init(&f, 9);
	net_addr srv, cli;
	CU_ASSERT_TRUE_FATAL(net_addr_parse("fd00::2", &srv, NULL));
	CU_ASSERT_TRUE_FATAL(net_addr_parse("fd00::1", &cli, NULL));
	tcp_listener *l = tcp_listener_new(&cfg, &f.env, NULL, 443, NULL, NULL, NULL);
	segment syn = tcpseg_make(&cli, 1234, &srv, 443, TCP_FLAG_SYN, 77, 0, 65535);
	tcp_conn *c = tcp_listener_input(l, &syn, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	const segment *sa = tcpfake_last(&f);
	CU_ASSERT_TRUE(net_addr_equal(&sa->src, &srv));
	CU_ASSERT_TRUE(net_addr_equal(&sa->dst, &cli));
	CU_ASSERT_EQUAL(segment_wire_len(sa), 40 + 20 + 4); /* IPv6 header, TCP header, MSS only */
	segment ack = tcpseg_make(&cli, 1234, &srv, 443, TCP_FLAG_ACK, 78, sa->seq + 1, 65535);
	tcp_listener_input(l, &ack, SIM_MS(1));
	tcp_info i;
	tcp_conn_get_info(c, &i);
	CU_ASSERT_EQUAL(i.state, TCP_ESTABLISHED);
	CU_ASSERT_EQUAL(i.snd_mss_bytes, 1220);
	tcp_listener_free(l);
	tcpfake_fini(&f);
}

static void test_syn_loss(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpscript s;
	tcpscript_start(&s, &cfg, &full_peer);
	/* RFC 6298 §2.1 initial RTO 1 s, §5.5 doubling: SYNs at 0, 1, 3, 7 s */
	sim_time_t expect[] = { 0, SIM_S(1), SIM_S(3), SIM_S(7) };
	tcpscript_timers(&s, SIM_S(7) + SIM_MS(500));
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&s.f), 4);
	for (size_t i = 0; i < 4; i++) {
		const segment *syn = tcpfake_seg(&s.f, i);
		CU_ASSERT_EQUAL(syn->flags, TCP_FLAG_SYN);
		CU_ASSERT_EQUAL(syn->seq, s.iss);
		CU_ASSERT_EQUAL(tcpfake_time(&s.f, i), expect[i]);
	}
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_S(15));
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_SYN_RETRANSMITS), 3);
	CU_ASSERT_EQUAL(tcpfake_trace_last(&s.f, TRACE_RTO_FIRED, -1), 3);
	/* the answer to the last SYN: connected, no RTT sample (Karn), RTO at least 3 s (RFC 6298
	 * §5.7), initial window one segment (RFC 5681 §3.1) */
	segment sa = tcpscript_synack(&s);
	tcpscript_in(&s, &sa, SIM_S(7) + SIM_MS(500));
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_ESTABLISHED);
	tcp_info i;
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.srtt_ns, 0);
	CU_ASSERT(i.rto_ns >= SIM_S(3));
	CU_ASSERT_EQUAL(i.cwnd_bytes, i.snd_mss_bytes);
	tcpscript_close(&s);

	/* retries exhausted: the connection gives up */
	cfg.syn_retries = 2;
	tcpscript_start(&s, &cfg, &full_peer);
	tcpscript_timers(&s, SIM_S(10));
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), 3);
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_CLOSED);
	CU_ASSERT_EQUAL(s.app.closed, 1);
	CU_ASSERT_EQUAL(s.app.reason, TCP_CLOSE_TIMEOUT);
	CU_ASSERT_EQUAL(s.app.closed_at, SIM_S(7));
	tcpscript_close(&s);
}

static void test_rst_in_handshake(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpscript s;
	/* RFC 9293 §3.10.7.3: a RST without ACK in SYN-SENT is ignored */
	tcpscript_start(&s, &cfg, &full_peer);
	segment r = tcpseg_make(&s.peer, s.peer_port, &s.me, s.my_port, TCP_FLAG_RST, 0, 0, 0);
	tcpscript_in(&s, &r, SIM_MS(1));
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_SYN_SENT);
	/* a SYN-ACK acknowledging the wrong number is answered by <SEQ=SEG.ACK><CTL=RST> */
	segment bad = tcpscript_synack(&s);
	bad.ack = s.iss + 7;
	tcpscript_in(&s, &bad, SIM_MS(2));
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_SYN_SENT);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->flags, TCP_FLAG_RST);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->seq, s.iss + 7);
	/* RST|ACK acknowledging the SYN: connection refused */
	r = tcpseg_make(&s.peer, s.peer_port, &s.me, s.my_port, TCP_FLAG_RST | TCP_FLAG_ACK, 0, s.iss + 1, 0);
	tcpscript_in(&s, &r, SIM_MS(3));
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_CLOSED);
	CU_ASSERT_EQUAL(s.app.closed, 1);
	CU_ASSERT_EQUAL(s.app.reason, TCP_CLOSE_REFUSED);
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_TIME_NEVER);
	/* anything reaching a closed connection is answered with a RST */
	size_t n = tcpfake_count(&s.f);
	segment a = tcpscript_ack(&s, 0, 65535);
	tcpscript_in(&s, &a, SIM_MS(4));
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), n + 1);
	CU_ASSERT(tcpfake_last(&s.f)->flags & TCP_FLAG_RST);
	tcpscript_close(&s);
}

static void test_rst_established(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpscript s;
	tcpscript_open(&s, &cfg, &plain_peer, SIM_MS(10));
	/* RFC 5961 §3.2: in the window but not exactly rcv_nxt: challenge ACK, no reset */
	segment r = tcpseg_make(&s.peer, s.peer_port, &s.me, s.my_port, TCP_FLAG_RST, TCPSCRIPT_PEER_ISN + 1000, 0, 0);
	size_t n = tcpfake_count(&s.f);
	tcpscript_in(&s, &r, SIM_MS(20));
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_ESTABLISHED);
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&s.f), n + 1);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->flags, TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->ack, TCPSCRIPT_PEER_ISN + 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_CHALLENGE_ACKS), 1);
	/* outside the window: dropped silently */
	r.seq = TCPSCRIPT_PEER_ISN - 100000;
	tcpscript_in(&s, &r, SIM_MS(21));
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), n + 1);
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_ESTABLISHED);
	/* RFC 5961 §4: a SYN in a synchronized state gets a challenge ACK */
	segment syn = tcpseg_make(&s.peer, s.peer_port, &s.me, s.my_port, TCP_FLAG_SYN, TCPSCRIPT_PEER_ISN + 5, 0, 1000);
	tcpscript_in(&s, &syn, SIM_MS(22));
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_ESTABLISHED);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_CHALLENGE_ACKS), 2);
	/* exactly rcv_nxt: reset */
	r.seq = TCPSCRIPT_PEER_ISN + 1;
	tcpscript_in(&s, &r, SIM_MS(30));
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_CLOSED);
	CU_ASSERT_EQUAL(s.app.closed, 1);
	CU_ASSERT_EQUAL(s.app.reason, TCP_CLOSE_RESET);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RST_RECEIVED), 1);
	tcpscript_close(&s);
}

static void test_abort(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpscript s;
	tcpscript_open(&s, &cfg, &plain_peer, SIM_MS(10));
	tcp_conn_send(s.c, 5000, s.now);
	tcp_conn_abort(s.c, SIM_MS(11));
	const segment *r = tcpfake_last(&s.f);
	/* RFC 9293 §3.10.5: <SEQ=SND.NXT><CTL=RST> */
	CU_ASSERT(r->flags & TCP_FLAG_RST);
	CU_ASSERT_EQUAL(r->seq, tcpscript_seq(&s, 5000));
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_CLOSED);
	CU_ASSERT_EQUAL(s.app.closed, 0); /* no callback for our own abort */
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_TIME_NEVER);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RST_SENT), 1);
	tcpscript_close(&s);
}

static void test_paws(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpscript s;
	tcpscript_open(&s, &cfg, &full_peer, SIM_MS(10));
	segment d = tcpscript_data(&s, 0, 100);
	tcpscript_in(&s, &d, SIM_MS(20));
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_BYTES_RECEIVED), 100);
	/* RFC 7323 §5.3: a segment whose TSval is older than TS.Recent is dropped and acknowledged */
	segment old = tcpscript_data(&s, 100, 100);
	tcp_opts o = tcpseg_opts(&old);
	o.ts_val = s.peer_tsval - 10;
	tcpseg_set_options(&old, &o);
	size_t n = tcpfake_count(&s.f);
	tcpscript_in(&s, &old, SIM_MS(30));
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_PAWS_REJECTED), 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_BYTES_RECEIVED), 100);
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), n + 1);
	tcpscript_close(&s);
}

/* ---- listener ---- */

struct accept_log {
	int accepted;
	int released;
	tcpapp apps[64];
};

static void on_accept(void *ctx, tcp_listener *l, tcp_conn *c, const segment *syn, sim_time_t now)
{
	(void)l;
	(void)syn;
	(void)now;
	struct accept_log *log = ctx;
	tcpapp *a = &log->apps[log->accepted++];
	tcpapp_init(a);
	tcp_conn_set_callbacks(c, &tcpapp_callbacks, a);
}

static void on_release(void *ctx, tcp_listener *l, tcp_conn *c)
{
	(void)l;
	(void)c;
	struct accept_log *log = ctx;
	log->released++;
}

static const tcp_listener_callbacks accept_cbs = { .on_accept = on_accept, .on_release = on_release };

static void test_listener_scripted(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpfake f;
	tcpfake_init(&f, 7);
	struct accept_log log = { 0 };
	net_addr srv = net_addr_v4(10, 0, 0, 2), cli = net_addr_v4(10, 0, 0, 1);
	tcp_listener *l = tcp_listener_new(&cfg, &f.env, &srv, 80, &accept_cbs, &log, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	/* a SYN offering MSS and SACK only: the SYN-ACK answers with exactly those */
	segment syn = tcpseg_make(&cli, 5555, &srv, 80, TCP_FLAG_SYN, 1000, 0, 65535);
	tcp_opts o = { .present = TCP_OPT_HAS_MSS | TCP_OPT_HAS_SACK_PERM, .mss = 1200 };
	tcpseg_set_options(&syn, &o);
	tcp_conn *c = tcp_listener_input(l, &syn, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(log.accepted, 1);
	CU_ASSERT_EQUAL(tcp_conn_state(c), TCP_SYN_RECEIVED);
	const segment *sa = tcpfake_last(&f);
	CU_ASSERT_EQUAL(sa->flags, TCP_FLAG_SYN | TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(sa->ack, 1001u);
	tcp_opts so = tcpseg_opts(sa);
	CU_ASSERT_EQUAL(so.present, TCP_OPT_HAS_MSS | TCP_OPT_HAS_SACK_PERM);
	uint32_t iss = sa->seq;
	CU_ASSERT_PTR_EQUAL(tcp_listener_lookup(l, &syn), c);
	/* the SYN-ACK is lost: resent after 1 s */
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(c), SIM_S(1));
	tcp_conn_on_timer(c, SIM_S(1));
	CU_ASSERT_EQUAL(tcpfake_last(&f)->flags, TCP_FLAG_SYN | TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(tcpfake_last(&f)->seq, iss);
	/* the client's retransmitted SYN gets the SYN-ACK again, and no second connection */
	size_t n = tcpfake_count(&f);
	tcp_listener_input(l, &syn, SIM_S(1) + 10);
	CU_ASSERT_EQUAL(tcpfake_count(&f), n + 1);
	CU_ASSERT_EQUAL(tcpfake_last(&f)->flags, TCP_FLAG_SYN | TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(tcp_listener_count(l), 1);
	/* the handshake completes */
	segment ack = tcpseg_make(&cli, 5555, &srv, 80, TCP_FLAG_ACK, 1001, iss + 1, 1000);
	CU_ASSERT_PTR_EQUAL(tcp_listener_input(l, &ack, SIM_S(2)), c);
	CU_ASSERT_EQUAL(tcp_conn_state(c), TCP_ESTABLISHED);
	CU_ASSERT_EQUAL(log.apps[0].connected, 1);
	tcp_info info;
	tcp_conn_get_info(c, &info);
	CU_ASSERT_EQUAL(info.snd_mss_bytes, 1200);
	CU_ASSERT_TRUE(info.sack_ok);
	CU_ASSERT_FALSE(info.ts_ok);
	/* a segment for no connection that is not a SYN: RST <SEQ=SEG.ACK> */
	segment stray = tcpseg_make(&cli, 6666, &srv, 80, TCP_FLAG_ACK, 5, 77777, 1000);
	CU_ASSERT_PTR_NULL(tcp_listener_input(l, &stray, SIM_S(3)));
	CU_ASSERT_EQUAL(tcpfake_last(&f)->flags, TCP_FLAG_RST);
	CU_ASSERT_EQUAL(tcpfake_last(&f)->seq, 77777u);
	CU_ASSERT_EQUAL(tcpfake_last(&f)->dport, 6666);
	/* many clients: one connection each, found by 4-tuple */
	for (uint16_t p = 0; p < 40; p++) {
		net_addr a = net_addr_v4(10, 1, (uint8_t)(p / 8), (uint8_t)(p % 8 + 1));
		segment s2 = tcpseg_make(&a, (uint16_t)(30000 + p), &srv, 80, TCP_FLAG_SYN, 100u * p, 0, 65535);
		tcp_listener_input(l, &s2, SIM_S(4));
	}
	CU_ASSERT_EQUAL(tcp_listener_count(l), 41);
	for (uint16_t p = 0; p < 40; p++) {
		net_addr a = net_addr_v4(10, 1, (uint8_t)(p / 8), (uint8_t)(p % 8 + 1));
		segment probe = tcpseg_make(&a, (uint16_t)(30000 + p), &srv, 80, TCP_FLAG_ACK, 0, 0, 0);
		tcp_conn *m = tcp_listener_lookup(l, &probe);
		CU_ASSERT_PTR_EQUAL(m, tcp_listener_conn(l, (size_t)p + 1));
	}
	/* a RST closes one; reap frees it after on_release */
	segment rst = tcpseg_make(&cli, 5555, &srv, 80, TCP_FLAG_RST, 1001, 0, 0);
	tcp_listener_input(l, &rst, SIM_S(5));
	CU_ASSERT_EQUAL(log.apps[0].reason, TCP_CLOSE_RESET);
	CU_ASSERT_EQUAL(tcp_listener_reap(l), 1);
	CU_ASSERT_EQUAL(log.released, 1);
	CU_ASSERT_EQUAL(tcp_listener_count(l), 40);
	CU_ASSERT_PTR_NULL(tcp_listener_lookup(l, &syn));
	tcp_listener_free(l);
	tcpfake_fini(&f);
}

/* ---- closes over a link ---- */

struct pair {
	tcpwire w;
	tcp_conn *c, *s;
	tcpapp ca, sa;
};

static void pair_open(struct pair *p, const tcp_config *ccfg, const tcp_config *scfg, sim_time_t delay)
{
	net_addr a = net_addr_v4(10, 0, 0, 1), b = net_addr_v4(10, 0, 0, 2);
	tcpwire_init(&p->w, &a, &b, delay, 1);
	p->c = tcp_conn_new(ccfg, tcpwire_env(&p->w, 0), &a, 40000, &b, 80, NULL);
	p->s = tcp_conn_new(scfg, tcpwire_env(&p->w, 1), &b, 80, &a, 40000, NULL);
	tcpapp_init(&p->ca);
	tcpapp_init(&p->sa);
	tcp_conn_set_callbacks(p->c, &tcpapp_callbacks, &p->ca);
	tcp_conn_set_callbacks(p->s, &tcpapp_callbacks, &p->sa);
	tcpwire_add_conn(&p->w, 0, p->c);
	tcpwire_add_conn(&p->w, 1, p->s);
}

static void pair_close(struct pair *p)
{
	tcp_conn_free(p->c);
	tcp_conn_free(p->s);
	tcpwire_fini(&p->w);
}

static void test_active_passive_close(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.time_wait_ns = SIM_S(2);
	struct pair p;
	net_addr a = net_addr_v4(10, 0, 0, 1), b = net_addr_v4(10, 0, 0, 2);
	tcpwire_init(&p.w, &a, &b, SIM_MS(10), 1);
	struct accept_log log = { 0 };
	tcp_listener *l = tcp_listener_new(&cfg, tcpwire_env(&p.w, 1), &b, 80, &accept_cbs, &log, NULL);
	tcpwire_set_listener(&p.w, 1, l);
	p.c = tcp_conn_new(&cfg, tcpwire_env(&p.w, 0), &a, 40000, &b, 80, NULL);
	tcpapp_init(&p.ca);
	tcp_conn_set_callbacks(p.c, &tcpapp_callbacks, &p.ca);
	tcpwire_add_conn(&p.w, 0, p.c);
	tcp_conn_connect(p.c, 0);
	tcpwire_run(&p.w, SIM_MS(35));
	CU_ASSERT_EQUAL(tcp_conn_state(p.c), TCP_ESTABLISHED);
	tcp_conn *srv = tcp_listener_conn(l, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(srv);
	CU_ASSERT_EQUAL(tcp_conn_state(srv), TCP_ESTABLISHED);
	tcpapp *sa = &log.apps[0];
	sa->close_on_peer_fin = true;
	/* client sends 10000 bytes and closes: FIN after the data */
	tcpapp_bulk(&p.ca, p.c, 10000, true, p.w.now);
	CU_ASSERT_EQUAL(tcp_conn_state(p.c), TCP_FIN_WAIT_1);
	tcpwire_run(&p.w, SIM_MS(200));
	CU_ASSERT_EQUAL(sa->received, 10000);
	CU_ASSERT_TRUE(sa->all_intact);
	CU_ASSERT_EQUAL(sa->peer_fin, 1);
	/* the passive side went CLOSE-WAIT -> LAST-ACK -> CLOSED */
	CU_ASSERT_EQUAL(tcp_conn_state(srv), TCP_CLOSED);
	CU_ASSERT_EQUAL(sa->closed, 1);
	CU_ASSERT_EQUAL(sa->reason, TCP_CLOSE_NORMAL);
	/* the active side waits in TIME-WAIT, configured to 2 s */
	CU_ASSERT_EQUAL(tcp_conn_state(p.c), TCP_TIME_WAIT);
	CU_ASSERT_EQUAL(p.ca.peer_fin, 1);
	sim_time_t fin_at = p.ca.peer_fin_at;
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(p.c), fin_at + SIM_S(2));
	tcpwire_run(&p.w, SIM_S(10));
	CU_ASSERT_EQUAL(tcp_conn_state(p.c), TCP_CLOSED);
	CU_ASSERT_EQUAL(p.ca.closed, 1);
	CU_ASSERT_EQUAL(p.ca.reason, TCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(p.ca.closed_at, fin_at + SIM_S(2));
	CU_ASSERT_EQUAL(tcp_listener_reap(l), 1);
	tcp_listener_free(l);
	tcp_conn_free(p.c);
	tcpwire_fini(&p.w);
}

static void test_simultaneous_open_and_close(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	struct pair p;
	pair_open(&p, &cfg, &cfg, SIM_MS(10));
	/* both connect at once: SYN-SENT -> SYN-RECEIVED -> ESTABLISHED on each side (RFC 9293 §3.5) */
	tcp_conn_connect(p.c, 0);
	tcp_conn_connect(p.s, 0);
	tcpwire_run(&p.w, SIM_MS(100));
	CU_ASSERT_EQUAL(tcp_conn_state(p.c), TCP_ESTABLISHED);
	CU_ASSERT_EQUAL(tcp_conn_state(p.s), TCP_ESTABLISHED);
	CU_ASSERT_EQUAL(p.ca.connected, 1);
	CU_ASSERT_EQUAL(p.sa.connected, 1);
	tcpapp_bulk(&p.ca, p.c, 3000, false, p.w.now);
	tcpapp_bulk(&p.sa, p.s, 4000, false, p.w.now);
	tcpwire_run(&p.w, SIM_MS(200));
	CU_ASSERT_EQUAL(p.sa.received, 3000);
	CU_ASSERT_EQUAL(p.ca.received, 4000);
	/* both close at once: FIN-WAIT-1 -> CLOSING -> TIME-WAIT on each side */
	tcp_conn_close(p.c, p.w.now);
	tcp_conn_close(p.s, p.w.now);
	tcpwire_run(&p.w, p.w.now + SIM_MS(15));
	CU_ASSERT_EQUAL(tcp_conn_state(p.c), TCP_CLOSING);
	CU_ASSERT_EQUAL(tcp_conn_state(p.s), TCP_CLOSING);
	tcpwire_run(&p.w, p.w.now + SIM_MS(20));
	CU_ASSERT_EQUAL(tcp_conn_state(p.c), TCP_TIME_WAIT);
	CU_ASSERT_EQUAL(tcp_conn_state(p.s), TCP_TIME_WAIT);
	tcpwire_run(&p.w, SIM_S(5));
	CU_ASSERT_EQUAL(p.ca.reason, TCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(p.sa.reason, TCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(p.ca.closed, 1);
	CU_ASSERT_EQUAL(p.sa.closed, 1);
	pair_close(&p);
}

static void test_time_wait_scripted(void)
{
	/* FIN-WAIT-2 -> TIME-WAIT on the peer's FIN; a retransmitted FIN is acknowledged again and
	 * restarts the timer (RFC 9293 §3.10.7.4); the timer's length is configurable */
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.time_wait_ns = SIM_MS(500);
	tcpscript s;
	tcpscript_open(&s, &cfg, &plain_peer, SIM_MS(10));
	tcp_conn_close(s.c, SIM_MS(20));
	const segment *fin = tcpfake_last(&s.f);
	CU_ASSERT_EQUAL(fin->flags, TCP_FLAG_FIN | TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(fin->seq, s.iss + 1);
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_FIN_WAIT_1);
	/* the FIN is lost once: retransmitted by the timer (RTO 200 ms, the minimum) */
	tcpscript_timers(&s, SIM_MS(300));
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->flags, TCP_FLAG_FIN | TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RTOS), 1);
	CU_ASSERT_EQUAL(tcpfake_time(&s.f, tcpfake_count(&s.f) - 1), SIM_MS(220));
	/* ACK of the FIN */
	segment a = tcpseg_make(&s.peer, s.peer_port, &s.me, s.my_port, TCP_FLAG_ACK, TCPSCRIPT_PEER_ISN + 1,
				s.iss + 2, 1000);
	tcpscript_in(&s, &a, SIM_MS(300));
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_FIN_WAIT_2);
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_TIME_NEVER);
	/* the peer's FIN */
	segment pf = tcpseg_make(&s.peer, s.peer_port, &s.me, s.my_port, TCP_FLAG_FIN | TCP_FLAG_ACK,
				 TCPSCRIPT_PEER_ISN + 1, s.iss + 2, 1000);
	tcpscript_in(&s, &pf, SIM_S(3));
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_TIME_WAIT);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->flags, TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->ack, TCPSCRIPT_PEER_ISN + 2);
	CU_ASSERT_EQUAL(s.app.peer_fin, 1);
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_S(3) + SIM_MS(500));
	/* our ACK was lost; the FIN comes again */
	size_t n = tcpfake_count(&s.f);
	tcpscript_in(&s, &pf, SIM_S(3) + SIM_MS(300));
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), n + 1);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->ack, TCPSCRIPT_PEER_ISN + 2);
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_S(3) + SIM_MS(800));
	tcpscript_timers(&s, SIM_S(5));
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_CLOSED);
	CU_ASSERT_EQUAL(s.app.closed_at, SIM_S(3) + SIM_MS(800));
	CU_ASSERT_EQUAL(s.app.reason, TCP_CLOSE_NORMAL);
	tcpscript_close(&s);
}

static void test_config_errors(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.cc_name = "vegas";
	tcpfake f;
	tcpfake_init(&f, 1);
	net_addr a = net_addr_v4(1, 1, 1, 1);
	GError *e = NULL;
	CU_ASSERT_PTR_NULL(tcp_conn_new(&cfg, &f.env, &a, 1, &a, 2, &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "known: reno, cubic"));
	g_clear_error(&e);
	tcp_config_default(&cfg);
	cfg.mss_bytes = 10;
	CU_ASSERT_PTR_NULL(tcp_conn_new(&cfg, &f.env, &a, 1, &a, 2, &e));
	CU_ASSERT_PTR_NOT_NULL(e);
	g_clear_error(&e);
	tcpfake_fini(&f);
}

static CU_TestInfo handshake_tests[] = {
	{ .pName = "three-way handshake and its options", .pTestFunc = test_handshake_options },
	{ .pName = "peer without options; window scale clamp", .pTestFunc = test_plain_peer },
	{ .pName = "SYN loss: 1 s, then doubled backoff; give up", .pTestFunc = test_syn_loss },
	{ .pName = "IPv6 through a listener", .pTestFunc = test_ipv6 },
	{ .pName = "RST and bad ACK during the handshake", .pTestFunc = test_rst_in_handshake },
	{ .pName = "PAWS drops an old timestamp", .pTestFunc = test_paws },
	{ .pName = "configuration errors", .pTestFunc = test_config_errors },
	TEST_END_OF_TESTS,
};

static CU_TestInfo rst_tests[] = {
	{ .pName = "RST and SYN in ESTABLISHED (RFC 5961)", .pTestFunc = test_rst_established },
	{ .pName = "abort sends RST", .pTestFunc = test_abort },
	TEST_END_OF_TESTS,
};

static CU_TestInfo listener_tests[] = {
	{ .pName = "listener: SYN-ACK, loss, duplicate SYN, many clients", .pTestFunc = test_listener_scripted },
	TEST_END_OF_TESTS,
};

static CU_TestInfo close_tests[] = {
	{ .pName = "active and passive close, TIME-WAIT", .pTestFunc = test_active_passive_close },
	{ .pName = "simultaneous open and simultaneous close", .pTestFunc = test_simultaneous_open_and_close },
	{ .pName = "TIME-WAIT: FIN retransmission restarts the timer", .pTestFunc = test_time_wait_scripted },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "tcp handshake", .pTests = handshake_tests },
	{ .pName = "tcp reset", .pTests = rst_tests },
	{ .pName = "tcp listener", .pTests = listener_tests },
	{ .pName = "tcp close", .pTests = close_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
