/* protocol_tcp_loopback.c — two real connections joined by a test link (tcpfake.h): bulk transfers
 * with and without chosen drops, congestion losses at a drop-tail bottleneck, pacing, flow control
 * end to end, many connections through a listener, determinism, and the extension hooks. Every
 * byte is checked by the receiver against the payload function; every transfer must deliver all
 * of it, in order and intact, and both sides must close normally. */
#include "testutil.h"

#include "tcpfake.h"

#include <string.h>

#define MB (1024u * 1024u)

/* ---- drop filters ---- */

typedef struct dropper {
	uint64_t data_every;   /* drop transmissions of every n-th data segment (by data offset) */
	uint64_t data_phase;
	uint32_t data_times;   /* how many transmissions of each of those to drop */
	uint64_t ack_every;    /* drop every n-th segment from the receiver */
	bool drop_syn;         /* the first SYN */
	bool drop_fin;         /* the first FIN */
	GHashTable *seen;      /* data offset -> transmissions seen (counted, never iterated) */
	uint64_t dropped_data, dropped_acks;
	bool syn_done, fin_done;
} dropper;

static void dropper_init(dropper *d)
{
	memset(d, 0, sizeof *d);
	d->data_times = 1;
	d->seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
}

static void dropper_fini(dropper *d)
{
	g_hash_table_destroy(d->seen);
}

static bool dropper_fn(void *ctx, int dir, uint64_t index, const segment *seg)
{
	dropper *d = ctx;
	if (dir == 0 && d->drop_syn && !d->syn_done && (seg->flags & TCP_FLAG_SYN)) {
		d->syn_done = true;
		return true;
	}
	if (dir == 0 && d->drop_fin && !d->fin_done && (seg->flags & TCP_FLAG_FIN)) {
		d->fin_done = true;
		return true;
	}
	if (dir == 0 && seg->payload_len && d->data_every) {
		int64_t key = (int64_t)seg->payload_offset;
		uint64_t times = GPOINTER_TO_SIZE(g_hash_table_lookup(d->seen, &key));
		g_hash_table_replace(d->seen, g_memdup2(&key, sizeof key), GSIZE_TO_POINTER(times + 1));
		uint64_t n = seg->payload_offset / 1448;
		if (n % d->data_every == d->data_phase && times < d->data_times) {
			d->dropped_data++;
			return true;
		}
	}
	if (dir == 1 && d->ack_every && index % d->ack_every == d->ack_every - 1) {
		d->dropped_acks++;
		return true;
	}
	return false;
}

/* ---- a client and a listening server ---- */

typedef struct loop {
	tcpwire w;
	tcp_listener *l;
	tcp_conn *c;
	tcpapp ca;
	tcpapp sa[32];
	tcp_conn *srv[32];
	int accepted;
	bool server_reads; /* auto_read off: the test reads */
	uint64_t server_sends; /* bytes each accepted connection sends back */
} loop;

static void on_accept(void *ctx, tcp_listener *l, tcp_conn *c, const segment *syn, sim_time_t now)
{
	(void)l;
	(void)syn;
	(void)now;
	loop *lp = ctx;
	int i = lp->accepted++;
	g_assert(i < 32);
	tcpapp_init(&lp->sa[i]);
	lp->sa[i].close_on_peer_fin = true;
	lp->srv[i] = c;
	tcp_conn_set_callbacks(c, &tcpapp_callbacks, &lp->sa[i]);
	tcp_conn_set_trace_ids(c, 2, 0);
	if (lp->server_sends)
		tcpapp_bulk(&lp->sa[i], c, lp->server_sends, false, now);
}

static void on_release(void *ctx, tcp_listener *l, tcp_conn *c)
{
	(void)ctx;
	(void)l;
	(void)c;
}

static const tcp_listener_callbacks lcb = { .on_accept = on_accept, .on_release = on_release };

static void loop_init(loop *lp, const tcp_config *ccfg, const tcp_config *scfg, sim_time_t delay)
{
	memset(lp, 0, sizeof *lp);
	net_addr a = net_addr_v4(10, 0, 0, 1), b = net_addr_v4(10, 0, 0, 2);
	tcpwire_init(&lp->w, &a, &b, delay, 3);
	lp->l = tcp_listener_new(scfg, tcpwire_env(&lp->w, 1), &b, 80, &lcb, lp, NULL);
	g_assert(lp->l);
	tcpwire_set_listener(&lp->w, 1, lp->l);
	lp->c = tcp_conn_new(ccfg, tcpwire_env(&lp->w, 0), &a, 40000, &b, 80, NULL);
	g_assert(lp->c);
	tcpapp_init(&lp->ca);
	tcp_conn_set_callbacks(lp->c, &tcpapp_callbacks, &lp->ca);
	tcp_conn_set_trace_ids(lp->c, 1, 0);
	tcpwire_add_conn(&lp->w, 0, lp->c);
}

static void loop_fini(loop *lp)
{
	tcp_listener_free(lp->l);
	tcp_conn_free(lp->c);
	tcpwire_fini(&lp->w);
}

/* Client sends `bytes` and closes; the server closes when the FIN arrives. */
static sim_time_t transfer(loop *lp, uint64_t bytes, sim_time_t limit)
{
	tcpapp_bulk(&lp->ca, lp->c, bytes, true, 0);
	tcp_conn_connect(lp->c, 0);
	return tcpwire_run(&lp->w, limit);
}

static void check_complete(loop *lp, uint64_t bytes)
{
	CU_ASSERT_EQUAL_FATAL(lp->accepted, 1);
	tcpapp *s = &lp->sa[0];
	CU_ASSERT_EQUAL(s->received, bytes);
	CU_ASSERT_TRUE(s->all_intact);
	CU_ASSERT_FALSE(s->gap);
	CU_ASSERT_EQUAL(s->peer_fin, 1);
	CU_ASSERT_EQUAL(s->closed, 1);
	CU_ASSERT_EQUAL(s->reason, TCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(lp->ca.closed, 1);
	CU_ASSERT_EQUAL(lp->ca.reason, TCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(tcp_conn_state(lp->c), TCP_CLOSED);
	CU_ASSERT_EQUAL(tcp_conn_counter(lp->c, TCP_CNT_BYTES_ACKED), bytes);
	CU_ASSERT_EQUAL(tcp_conn_counter(lp->srv[0], TCP_CNT_BYTES_DELIVERED), bytes);
	CU_ASSERT_EQUAL(tcp_conn_counter(lp->srv[0], TCP_CNT_INTEGRITY_ERRORS), 0);
}

static void report(const char *what, loop *lp)
{
	printf("(%s: done %.3fs, %lu segs, %lu retx, %lu fast, %lu rto) ", what,
	       sim_time_to_seconds(lp->ca.closed_at), (unsigned long)tcp_conn_counter(lp->c, TCP_CNT_SEGS_SENT),
	       (unsigned long)tcp_conn_counter(lp->c, TCP_CNT_RETRANSMITS),
	       (unsigned long)tcp_conn_counter(lp->c, TCP_CNT_FAST_RETRANSMITS),
	       (unsigned long)tcp_conn_counter(lp->c, TCP_CNT_RTOS));
}

static void test_1mb_clean(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	loop lp;
	loop_init(&lp, &cfg, &cfg, SIM_MS(10));
	transfer(&lp, MB, SIM_S(60));
	check_complete(&lp, MB);
	CU_ASSERT_EQUAL(tcp_conn_counter(lp.c, TCP_CNT_RETRANSMITS), 0);
	CU_ASSERT_EQUAL(tcp_conn_counter(lp.c, TCP_CNT_DATA_SEGS_SENT), (MB + 1447) / 1448);
	/* slow start from 10 segments over a 20 ms RTT and no rate limit: a handful of round trips */
	CU_ASSERT(lp.sa[0].peer_fin_at < SIM_MS(200));
	/* the receiver acknowledged about every second segment */
	uint64_t acks = tcp_conn_counter(lp.srv[0], TCP_CNT_ACKS_SENT);
	CU_ASSERT(acks >= 725 / 2 && acks < 725);
	/* traces: cwnd, srtt and flight were recorded */
	CU_ASSERT(tcpfake_trace_count(&lp.w.node[0].fake, TRACE_CWND_BYTES) > 5);
	CU_ASSERT_EQUAL(tcpfake_trace_last(&lp.w.node[0].fake, TRACE_SRTT_NS, 0) / SIM_MS(1), 20);
	report("clean", &lp);
	loop_fini(&lp);
}

static void lossy(bool sack, const char *cc, uint64_t every)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.sack = sack;
	cfg.cc_name = cc;
	loop lp;
	loop_init(&lp, &cfg, &cfg, SIM_MS(10));
	dropper d;
	dropper_init(&d);
	d.data_every = every;
	d.data_phase = 5;
	d.ack_every = 23;
	d.drop_syn = true;
	d.drop_fin = true;
	lp.w.drop = dropper_fn;
	lp.w.drop_ctx = &d;
	transfer(&lp, MB, SIM_S(120));
	check_complete(&lp, MB);
	CU_ASSERT(d.dropped_data > 10);
	CU_ASSERT(tcp_conn_counter(lp.c, TCP_CNT_RETRANSMITS) >= d.dropped_data);
	CU_ASSERT(tcp_conn_counter(lp.c, TCP_CNT_FAST_RETRANSMITS) >= 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(lp.c, TCP_CNT_SYN_RETRANSMITS), 1);
	report(sack ? "sack" : "newreno", &lp);
	dropper_fini(&d);
	loop_fini(&lp);
}

static void test_1mb_drops_sack_cubic(void)
{
	lossy(true, "cubic", 40);
}

static void test_1mb_drops_sack_reno(void)
{
	lossy(true, "reno", 25);
}

static void test_1mb_drops_newreno(void)
{
	lossy(false, "reno", 40);
}

static void test_1mb_drops_newreno_cubic(void)
{
	lossy(false, "cubic", 25);
}

static void test_lost_retransmissions(void)
{
	/* every 60th segment is lost twice: its first retransmission is lost too. NewReno can only
	 * find that out by timeout; with SACK, later segments delivered past the retransmission
	 * reveal it (RFC 8985 §6.2) and it is sent again without one */
	for (int sack = 0; sack <= 1; sack++) {
		tcp_config cfg;
		tcp_config_default(&cfg);
		cfg.sack = sack;
		loop lp;
		loop_init(&lp, &cfg, &cfg, SIM_MS(5));
		dropper d;
		dropper_init(&d);
		d.data_every = 60;
		d.data_phase = 30;
		d.data_times = 2;
		lp.w.drop = dropper_fn;
		lp.w.drop_ctx = &d;
		transfer(&lp, MB, SIM_S(120));
		check_complete(&lp, MB);
		if (sack) {
			CU_ASSERT_EQUAL(tcp_conn_counter(lp.c, TCP_CNT_RTOS), 0);
			CU_ASSERT_EQUAL(tcp_conn_counter(lp.c, TCP_CNT_RETRANSMITS), d.dropped_data);
		} else {
			CU_ASSERT(tcp_conn_counter(lp.c, TCP_CNT_RTOS) >= 1);
		}
		/* with timestamps the timer's backoff does not pile up over successive timeouts */
		CU_ASSERT(lp.sa[0].peer_fin_at < SIM_S(10));
		report(sack ? "sack, retx lost" : "newreno, retx lost", &lp);
		dropper_fini(&d);
		loop_fini(&lp);
	}
}

static void bottleneck(const char *cc, bool pacing, loop *lp, sim_time_t *done)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.cc_name = cc;
	cfg.pacing = pacing;
	loop_init(lp, &cfg, &cfg, SIM_MS(20));
	lp->w.rate_bps = 10000000;
	lp->w.queue_bytes = 30000;
	transfer(lp, 2 * MB, SIM_S(120));
	check_complete(lp, 2 * MB);
	*done = lp->sa[0].peer_fin_at;
	/* the queue is the only loss: every retransmission repairs a drop, none is spurious */
	CU_ASSERT_EQUAL(tcp_conn_counter(lp->c, TCP_CNT_RETRANSMITS), lp->w.queue_drops[0]);
	CU_ASSERT_EQUAL(lp->w.queue_drops[1], 0);
}

static void test_bottleneck_congestion(void)
{
	const char *ccs[] = { "reno", "cubic" };
	for (int i = 0; i < 2; i++) {
		loop lp;
		sim_time_t done;
		bottleneck(ccs[i], false, &lp, &done);
		/* the queue overflowed, recovery repaired it */
		CU_ASSERT(lp.w.queue_drops[0] > 0);
		CU_ASSERT(tcp_conn_counter(lp.c, TCP_CNT_FAST_RETRANSMITS) >= 1);
		/* goodput: at least 70% of the 10 Mbit/s link after the handshake */
		double ideal = (2.0 * MB * 8) / 10e6;
		CU_ASSERT(sim_time_to_seconds(done) < ideal / 0.7 + 0.1);
		report(ccs[i], &lp);
		loop_fini(&lp);
	}
}

static void test_pacing(void)
{
	loop lp;
	sim_time_t done;
	bottleneck("cubic", true, &lp, &done);
	/* after the first RTT sample no two data segments leave at the same instant */
	tcpfake *f = &lp.w.node[0].fake;
	size_t same = 0, data = 0;
	sim_time_t prev = -1;
	for (size_t i = 0; i < tcpfake_count(f); i++) {
		if (!tcpfake_seg(f, i)->payload_len)
			continue;
		sim_time_t t = tcpfake_time(f, i);
		if (t > SIM_MS(100) && t == prev)
			same++;
		prev = t;
		data++;
	}
	CU_ASSERT(data > 1000);
	CU_ASSERT_EQUAL(same, 0);
	report("paced", &lp);
	loop_fini(&lp);
}

static void test_deterministic(void)
{
	/* the same transfer twice: the same segments at the same times, byte for byte */
	GArray *runs[2];
	for (int r = 0; r < 2; r++) {
		loop lp;
		sim_time_t done;
		bottleneck("cubic", false, &lp, &done);
		tcpfake *f = &lp.w.node[0].fake;
		runs[r] = g_array_new(FALSE, FALSE, sizeof(uint64_t));
		for (size_t i = 0; i < tcpfake_count(f); i++) {
			const segment *s = tcpfake_seg(f, i);
			uint64_t v[4] = { (uint64_t)tcpfake_time(f, i), s->seq, s->ack, (uint64_t)s->window << 32 | s->opt_len };
			g_array_append_vals(runs[r], v, 4);
		}
		loop_fini(&lp);
	}
	CU_ASSERT_EQUAL_FATAL(runs[0]->len, runs[1]->len);
	CU_ASSERT_EQUAL(memcmp(runs[0]->data, runs[1]->data, runs[0]->len * sizeof(uint64_t)), 0);
	g_array_free(runs[0], TRUE);
	g_array_free(runs[1], TRUE);
}

static void test_bidirectional(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	loop lp;
	loop_init(&lp, &cfg, &cfg, SIM_MS(15));
	lp.server_sends = 512 * 1024;
	dropper d;
	dropper_init(&d);
	d.data_every = 30;
	d.ack_every = 31; /* here the server's data segments too */
	lp.w.drop = dropper_fn;
	lp.w.drop_ctx = &d;
	transfer(&lp, 512 * 1024, SIM_S(120));
	check_complete(&lp, 512 * 1024);
	CU_ASSERT_EQUAL(lp.ca.received, 512 * 1024);
	CU_ASSERT_TRUE(lp.ca.all_intact);
	CU_ASSERT_FALSE(lp.ca.gap);
	dropper_fini(&d);
	loop_fini(&lp);
}

static void test_zero_window_end_to_end(void)
{
	/* a receiver that reads nothing for a second, then 32 KiB every 50 ms */
	tcp_config ccfg, scfg;
	tcp_config_default(&ccfg);
	tcp_config_default(&scfg);
	scfg.auto_read = false;
	scfg.rcvbuf_bytes = 64 * 1024;
	loop lp;
	loop_init(&lp, &ccfg, &scfg, SIM_MS(10));
	tcpapp_bulk(&lp.ca, lp.c, 512 * 1024, true, 0);
	tcp_conn_connect(lp.c, 0);
	tcpwire_run(&lp.w, SIM_S(1));
	CU_ASSERT_EQUAL_FATAL(lp.accepted, 1);
	tcp_conn *srv = lp.srv[0];
	tcp_info i;
	tcp_conn_get_info(srv, &i);
	/* the buffer is full but for less than a segment, which the sender does not send (SWS) */
	CU_ASSERT(i.unread_bytes > 64 * 1024 - 1448);
	CU_ASSERT(i.rcv_wnd_bytes < 1448);
	CU_ASSERT(tcp_conn_counter(lp.c, TCP_CNT_PERSIST_PROBES) >= 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(lp.c, TCP_CNT_RTOS), 0);
	for (sim_time_t t = SIM_S(1); t < SIM_S(30) && lp.sa[0].closed == 0; t += SIM_MS(50)) {
		tcp_conn_read(srv, 32 * 1024, t);
		tcpwire_run(&lp.w, t + SIM_MS(50));
	}
	tcpwire_run(&lp.w, SIM_S(60));
	check_complete(&lp, 512 * 1024);
	loop_fini(&lp);
}

static void test_autotune(void)
{
	tcp_config ccfg, scfg;
	tcp_config_default(&ccfg);
	tcp_config_default(&scfg);
	scfg.rcvbuf_autotune = true;
	scfg.rcvbuf_initial_bytes = 32 * 1024;
	scfg.rcvbuf_bytes = 4 * MB;
	loop lp;
	loop_init(&lp, &ccfg, &scfg, SIM_MS(25));
	lp.w.rate_bps = 50000000;
	tcpapp_bulk(&lp.ca, lp.c, 4 * MB, true, 0);
	tcp_conn_connect(lp.c, 0);
	tcpwire_run(&lp.w, SIM_MS(400));
	CU_ASSERT_EQUAL_FATAL(lp.accepted, 1);
	tcp_info i;
	tcp_conn_get_info(lp.srv[0], &i);
	/* the buffer grew well past its start to follow the bandwidth-delay product */
	CU_ASSERT(i.rcvbuf_bytes > 4 * 32 * 1024);
	CU_ASSERT(i.rcvbuf_bytes <= 4 * MB);
	tcpwire_run(&lp.w, SIM_S(60));
	check_complete(&lp, 4 * MB);
	loop_fini(&lp);
}

static void test_many_connections(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	loop lp;
	loop_init(&lp, &cfg, &cfg, SIM_MS(10));
	net_addr a = net_addr_v4(10, 0, 0, 1), b = net_addr_v4(10, 0, 0, 2);
	enum { N = 20 };
	tcp_conn *cl[N];
	tcpapp apps[N];
	dropper d;
	dropper_init(&d);
	d.data_every = 50;
	lp.w.drop = dropper_fn;
	lp.w.drop_ctx = &d;
	for (int k = 0; k < N; k++) {
		cl[k] = tcp_conn_new(&cfg, tcpwire_env(&lp.w, 0), &a, (uint16_t)(50000 + k), &b, 80, NULL);
		tcpapp_init(&apps[k]);
		tcp_conn_set_callbacks(cl[k], &tcpapp_callbacks, &apps[k]);
		tcpwire_add_conn(&lp.w, 0, cl[k]);
		tcpapp_bulk(&apps[k], cl[k], 50000 + 1000 * (uint64_t)k, true, 0);
		tcp_conn_connect(cl[k], SIM_MS(k));
	}
	tcpwire_run(&lp.w, SIM_S(60));
	CU_ASSERT_EQUAL(lp.accepted, N);
	for (int k = 0; k < N; k++) {
		/* accepted in SYN order, which is port order here */
		uint16_t rp;
		tcp_conn_get_tuple(lp.srv[k], NULL, NULL, NULL, &rp);
		CU_ASSERT_EQUAL(rp, 50000 + k);
		CU_ASSERT_EQUAL(lp.sa[k].received, 50000 + 1000 * (uint64_t)k);
		CU_ASSERT_TRUE(lp.sa[k].all_intact);
		CU_ASSERT_EQUAL(apps[k].reason, TCP_CLOSE_NORMAL);
		CU_ASSERT_EQUAL(lp.sa[k].reason, TCP_CLOSE_NORMAL);
	}
	CU_ASSERT_EQUAL(tcp_listener_reap(lp.l), N);
	CU_ASSERT_EQUAL(tcp_listener_count(lp.l), 0);
	for (int k = 0; k < N; k++)
		tcp_conn_free(cl[k]);
	dropper_fini(&d);
	loop_fini(&lp);
}

/* ---- a coupled congestion control through tcp_cc_group ---- */

enum { SHARED_CAP_SEGS = 40 };

typedef struct shared_stats {
	int acks_seen_group;    /* on_ack calls that found the group */
	uint32_t max_members;
	uint64_t max_total;     /* largest sum of member windows seen */
} shared_stats;

static shared_stats shared;

static uint64_t group_total(const tcp_cc_group *g)
{
	uint64_t sum = 0;
	for (uint32_t i = 0; i < g->n_members; i++)
		sum += tcp_conn_cc(g->members[i])->cwnd_bytes;
	return sum;
}

static void shared_init(tcp_cc_state *cc, sim_time_t now)
{
	tcp_cc_reno.init(cc, now);
}

/* Reno growth, but the members' windows together never pass SHARED_CAP_SEGS segments. */
static void shared_on_ack(tcp_cc_state *cc, const tcp_cc_ack *ack, sim_time_t now)
{
	tcp_cc_group *g = cc->group;
	if (!g) {
		tcp_cc_reno.on_ack(cc, ack, now);
		return;
	}
	shared.acks_seen_group++;
	if (g->n_members > shared.max_members)
		shared.max_members = g->n_members;
	uint64_t before = cc->cwnd_bytes;
	tcp_cc_reno.on_ack(cc, ack, now);
	uint64_t cap = (uint64_t)SHARED_CAP_SEGS * cc->mss_bytes;
	uint64_t total = group_total(g);
	if (total > cap) {
		uint64_t excess = total - cap, grown = cc->cwnd_bytes - before;
		cc->cwnd_bytes -= (uint32_t)(excess < grown ? excess : grown);
	}
	total = group_total(g);
	if (total > shared.max_total)
		shared.max_total = total;
}

static void shared_on_congestion(tcp_cc_state *cc, sim_time_t now)
{
	tcp_cc_reno.on_congestion(cc, now);
}

static void shared_on_rto(tcp_cc_state *cc, unsigned consecutive, sim_time_t now)
{
	tcp_cc_reno.on_rto(cc, consecutive, now);
}

static const tcp_cc_ops shared_cc = {
	.name = "shared-cap",
	.init = shared_init,
	.on_ack = shared_on_ack,
	.on_congestion = shared_on_congestion,
	.on_rto = shared_on_rto,
};

static void test_cc_group(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.cc_ops = &shared_cc;
	tcp_config scfg;
	tcp_config_default(&scfg);
	loop lp;
	loop_init(&lp, &cfg, &scfg, SIM_MS(10));
	CU_ASSERT_STRING_EQUAL(tcp_conn_cc_name(lp.c), "shared-cap");
	net_addr a = net_addr_v4(10, 0, 0, 1), b = net_addr_v4(10, 0, 0, 2);
	tcp_conn *c2 = tcp_conn_new(&cfg, tcpwire_env(&lp.w, 0), &a, 40001, &b, 80, NULL);
	tcpapp app2;
	tcpapp_init(&app2);
	tcp_conn_set_callbacks(c2, &tcpapp_callbacks, &app2);
	tcpwire_add_conn(&lp.w, 0, c2);
	tcp_cc_group g;
	tcp_cc_group_init(&g);
	tcp_conn_set_cc_group(lp.c, &g);
	tcp_conn_set_cc_group(c2, &g);
	CU_ASSERT_EQUAL(g.n_members, 2);
	CU_ASSERT_PTR_EQUAL(tcp_conn_cc(lp.c)->group, &g);
	memset(&shared, 0, sizeof shared);
	tcpapp_bulk(&lp.ca, lp.c, 2 * MB, true, 0);
	tcpapp_bulk(&app2, c2, 2 * MB, true, 0);
	tcp_conn_connect(lp.c, 0);
	tcp_conn_connect(c2, 0);
	tcpwire_run(&lp.w, SIM_S(60));
	/* both finished; the algorithm saw both members and held their sum at the cap */
	CU_ASSERT_EQUAL(lp.sa[0].received, 2 * MB);
	CU_ASSERT_EQUAL(lp.sa[1].received, 2 * MB);
	CU_ASSERT(shared.acks_seen_group > 100);
	CU_ASSERT_EQUAL(shared.max_members, 2);
	CU_ASSERT(shared.max_total <= (uint64_t)SHARED_CAP_SEGS * 1448 + 2 * 1448);
	CU_ASSERT(shared.max_total >= (uint64_t)(SHARED_CAP_SEGS - 2) * 1448);
	/* leaving: explicitly, or by being freed */
	tcp_conn_set_cc_group(lp.c, NULL);
	CU_ASSERT_EQUAL(g.n_members, 1);
	CU_ASSERT_PTR_EQUAL(g.members[0], c2);
	CU_ASSERT_PTR_NULL(tcp_conn_cc(lp.c)->group);
	tcp_conn_free(c2);
	CU_ASSERT_EQUAL(g.n_members, 0);
	tcp_cc_group_fini(&g);
	loop_fini(&lp);
}

/* ---- extension hooks ---- */

enum { EXP_KIND = 253, EXP_LEN = 4 };

typedef struct toy_ext {
	int written, seen, segs_in;
	size_t min_space;
	bool drop_next_marked; /* on_input: discard segments whose option byte 3 is 0xee */
	int discarded;
} toy_ext;

static size_t toy_write(void *ctx, tcp_conn *c, const segment *seg, uint8_t *buf, size_t space, sim_time_t now)
{
	(void)c;
	(void)now;
	toy_ext *x = ctx;
	if (space < x->min_space)
		x->min_space = space;
	if (space < EXP_LEN)
		return 0;
	/* an experimental option (RFC 6994 style), carrying the low byte of the payload length */
	buf[0] = EXP_KIND;
	buf[1] = EXP_LEN;
	buf[2] = 0x4d;
	buf[3] = (uint8_t)seg->payload_len;
	x->written++;
	return EXP_LEN;
}

static bool toy_input(void *ctx, tcp_conn *c, const segment *seg, sim_time_t now)
{
	(void)c;
	(void)now;
	toy_ext *x = ctx;
	x->segs_in++;
	/* walk the raw options for ours */
	for (size_t i = 0; i + 1 < seg->opt_len;) {
		uint8_t k = seg->options[i];
		if (k == 0)
			break;
		if (k == 1) {
			i++;
			continue;
		}
		uint8_t len = seg->options[i + 1];
		if (len < 2 || i + len > seg->opt_len)
			break;
		if (k == EXP_KIND && len == EXP_LEN && seg->options[i + 2] == 0x4d) {
			x->seen++;
			if (seg->options[i + 3] != (uint8_t)seg->payload_len)
				x->discarded += 1000; /* must not happen: the option matches its segment */
		}
		i += len;
	}
	return true;
}

/* the data rides in stream 77 at offset + 1000000, as an MPTCP data-sequence mapping would */
static uint32_t toy_source(void *ctx, tcp_conn *c, uint64_t offset, uint32_t len, uint64_t *stream,
			   uint64_t *stream_offset)
{
	(void)ctx;
	(void)c;
	*stream = 77;
	*stream_offset = offset + 1000000;
	/* mappings end every 10000 bytes: segments are cut there */
	uint64_t room = 10000 - offset % 10000;
	return room < len ? (uint32_t)room : len;
}

static bool toy_expect(void *ctx, tcp_conn *c, uint64_t offset, uint32_t len, uint64_t *stream, uint64_t *stream_offset)
{
	(void)ctx;
	(void)c;
	(void)len;
	*stream = 77;
	*stream_offset = offset + 1000000;
	return true;
}

static const tcp_ext_ops toy_ops = {
	.name = "toy",
	.write_options = toy_write,
	.on_input = toy_input,
	.payload_source = toy_source,
	.payload_expect = toy_expect,
};

static toy_ext server_ext;

static void on_accept_ext(void *ctx, tcp_listener *l, tcp_conn *c, const segment *syn, sim_time_t now)
{
	on_accept(ctx, l, c, syn, now);
	tcp_conn_set_ext(c, &toy_ops, &server_ext);
}

static const tcp_listener_callbacks lcb_ext = { .on_accept = on_accept_ext, .on_release = on_release };

static void test_extension_hooks(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	loop lp;
	loop_init(&lp, &cfg, &cfg, SIM_MS(10));
	tcp_listener_free(lp.l);
	net_addr b = net_addr_v4(10, 0, 0, 2);
	lp.l = tcp_listener_new(&cfg, tcpwire_env(&lp.w, 1), &b, 80, &lcb_ext, &lp, NULL);
	tcpwire_set_listener(&lp.w, 1, lp.l);
	memset(&server_ext, 0, sizeof server_ext);
	server_ext.min_space = 40;
	toy_ext client_ext = { .min_space = 40 };
	tcp_conn_set_ext(lp.c, &toy_ops, &client_ext);
	dropper d;
	dropper_init(&d);
	d.data_every = 20;
	lp.w.drop = dropper_fn;
	lp.w.drop_ctx = &d;
	transfer(&lp, 300000, SIM_S(60));
	check_complete(&lp, 300000);
	/* (a) every segment carried the option; (b) every one was seen by the other side */
	CU_ASSERT_EQUAL((uint64_t)client_ext.written, tcp_conn_counter(lp.c, TCP_CNT_SEGS_SENT));
	CU_ASSERT_EQUAL(server_ext.seen + (int)d.dropped_data, client_ext.written);
	CU_ASSERT_EQUAL(client_ext.discarded, 0);
	CU_ASSERT_EQUAL(server_ext.discarded, 0);
	CU_ASSERT_EQUAL(client_ext.seen, server_ext.written);
	/* the space offered after TCP's own options: 40 - 20 on a SYN, 40 - 12 with timestamps */
	CU_ASSERT_EQUAL(client_ext.min_space, 20);
	/* (c) payload came from stream 77, cut at the mapping boundaries */
	tcpfake *f = &lp.w.node[0].fake;
	for (size_t i = 0; i < tcpfake_count(f); i++) {
		const segment *s = tcpfake_seg(f, i);
		if (!s->payload_len)
			continue;
		CU_ASSERT_EQUAL(s->payload_stream, 77);
		CU_ASSERT((s->payload_offset - 1000000) / 10000 == (s->payload_offset - 1000000 + s->payload_len - 1) / 10000);
	}
	/* SACK blocks still fit next to the extension: 40 - 12 (TS) - 4 = 24 bytes, 2 blocks */
	tcpfake *g = &lp.w.node[1].fake;
	unsigned max_blocks = 0;
	for (size_t i = 0; i < tcpfake_count(g); i++) {
		tcp_opts o = tcpseg_opts(tcpfake_seg(g, i));
		if (o.n_sack > max_blocks)
			max_blocks = o.n_sack;
		CU_ASSERT(tcpfake_seg(g, i)->opt_len <= 40);
	}
	CU_ASSERT_EQUAL(max_blocks, 2);
	dropper_fini(&d);
	loop_fini(&lp);
}

static CU_TestInfo transfer_tests[] = {
	{ .pName = "1 MB, no loss", .pTestFunc = test_1mb_clean },
	{ .pName = "1 MB with drops: SACK, CUBIC", .pTestFunc = test_1mb_drops_sack_cubic },
	{ .pName = "1 MB with drops: SACK, Reno", .pTestFunc = test_1mb_drops_sack_reno },
	{ .pName = "1 MB with drops: NewReno, Reno", .pTestFunc = test_1mb_drops_newreno },
	{ .pName = "1 MB with drops: NewReno, CUBIC", .pTestFunc = test_1mb_drops_newreno_cubic },
	{ .pName = "lost retransmissions: timer (NewReno), SACK detection", .pTestFunc = test_lost_retransmissions },
	{ .pName = "bidirectional with drops", .pTestFunc = test_bidirectional },
	TEST_END_OF_TESTS,
};

static CU_TestInfo network_tests[] = {
	{ .pName = "drop-tail bottleneck: Reno and CUBIC", .pTestFunc = test_bottleneck_congestion },
	{ .pName = "pacing spaces segments", .pTestFunc = test_pacing },
	{ .pName = "same inputs, same segments", .pTestFunc = test_deterministic },
	TEST_END_OF_TESTS,
};

static CU_TestInfo flow_tests[] = {
	{ .pName = "zero window end to end", .pTestFunc = test_zero_window_end_to_end },
	{ .pName = "receive buffer autotuning", .pTestFunc = test_autotune },
	{ .pName = "20 connections through one listener", .pTestFunc = test_many_connections },
	{ .pName = "coupled congestion control over a cc group", .pTestFunc = test_cc_group },
	{ .pName = "extension hooks: options, input, payload mapping", .pTestFunc = test_extension_hooks },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "tcp loopback transfers", .pTests = transfer_tests },
	{ .pName = "tcp over a bottleneck", .pTests = network_tests },
	{ .pName = "tcp loopback flow control and hooks", .pTests = flow_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
