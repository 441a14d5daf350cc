/* unit_link.c — exact link timing, drop-tail limits, scripted loss, down state, routing. */
#include "testutil.h"

#include "host.h"
#include "link.h"
#include "sim.h"

#include <string.h>

struct sink {
	sim *s;
	GArray *times; /* sim_time_t of each delivery */
	GArray *ids;   /* packet ids */
	link_dir *refill; /* keep this link busy: offer one packet per delivery */
	uint64_t refills_left;
	uint32_t payload;
};

static packet *udp_packet(sim *s, uint32_t payload)
{
	packet *p = packet_alloc(&s->pool);
	p->seg.proto = SEG_PROTO_UDP;
	p->seg.src = net_addr_v4(10, 0, 0, 1);
	p->seg.dst = net_addr_v4(10, 0, 0, 2);
	p->seg.payload_len = payload;
	return p;
}

static void sink_deliver(void *ctx, packet *p, sim_time_t now)
{
	struct sink *k = ctx;
	g_array_append_val(k->times, now);
	g_array_append_val(k->ids, p->id);
	packet_free(&k->s->pool, p);
	if (k->refill && k->refills_left) {
		k->refills_left--;
		link_dir_send(k->refill, udp_packet(k->s, k->payload), now);
	}
}

static void sink_init(struct sink *k, sim *s)
{
	memset(k, 0, sizeof *k);
	k->s = s;
	k->times = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	k->ids = g_array_new(FALSE, FALSE, sizeof(uint64_t));
}

static void sink_fini(struct sink *k)
{
	g_array_free(k->times, TRUE);
	g_array_free(k->ids, TRUE);
}

static link_dir *mklink(sim *s, int64_t rate, sim_time_t delay, int64_t qlimit, bool pkts, struct sink *k)
{
	link_dir_config c = { .name = "test", .rate_bps = rate, .delay = delay, .queue_limit = qlimit,
			      .queue_in_packets = pkts };
	return link_dir_new(s, &c, sink_deliver, k);
}

static void test_serialisation_exact(void)
{
	/* 1500 B at 10 Mbit/s: exactly 1.2 ms on the wire, plus the propagation delay. */
	CU_ASSERT_EQUAL(link_tx_time(1500, 10000000, NULL), SIM_US(1200));
	sim *s = sim_new(1);
	struct sink k;
	sink_init(&k, s);
	link_dir *l = mklink(s, 10000000, SIM_MS(5), 100, true, &k);
	link_dir_send(l, udp_packet(s, 1500 - 28), 0);
	CU_ASSERT_TRUE(sim_run(s, SIM_S(1), NULL));
	CU_ASSERT_EQUAL_FATAL(k.times->len, 1);
	CU_ASSERT_EQUAL(g_array_index(k.times, sim_time_t, 0), SIM_US(1200) + SIM_MS(5));
	sink_fini(&k);
	sim_free(s);
}

static void test_no_drift_back_to_back(void)
{
	/* 10^6 back-to-back 1500 B packets at 7 Mbit/s (1714285.71… ns each): delivery k ends at
	 * exactly floor(k·12000·10^9 / 7·10^6) — the remainder is carried, never lost. */
	const uint64_t n = 1000000;
	const int64_t rate = 7000000;
	sim *s = sim_new(1);
	struct sink k;
	sink_init(&k, s);
	link_dir *l = mklink(s, rate, 0, 10, true, &k);
	k.refill = l;
	k.payload = 1500 - 28;
	k.refills_left = n - 2;
	link_dir_send(l, udp_packet(s, k.payload), 0);
	link_dir_send(l, udp_packet(s, k.payload), 0);
	CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
	CU_ASSERT_EQUAL_FATAL(k.times->len, n);
	uint64_t bad = 0;
	for (uint64_t i = 0; i < n; i++) {
		unsigned __int128 exact = (unsigned __int128)(i + 1) * 12000u * 1000000000u / (unsigned __int128)rate;
		if ((sim_time_t)exact != g_array_index(k.times, sim_time_t, i))
			bad++;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(l->stats.busy_ns, g_array_index(k.times, sim_time_t, n - 1));
	sink_fini(&k);
	sim_free(s);
}

static void test_queue_limit_packets(void)
{
	/* A queue of N packets holds N; the (N+1)th offered back to back is dropped. */
	for (int64_t limit = 1; limit <= 50; limit += 7) {
		sim *s = sim_new(1);
		struct sink k;
		sink_init(&k, s);
		link_dir *l = mklink(s, 1000000, SIM_MS(1), limit, true, &k);
		for (int64_t i = 0; i < limit; i++)
			CU_ASSERT_TRUE(link_dir_send(l, udp_packet(s, 100), 0));
		CU_ASSERT_FALSE(link_dir_send(l, udp_packet(s, 100), 0));
		CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
		CU_ASSERT_EQUAL(k.times->len, (guint)limit);
		CU_ASSERT_EQUAL(l->stats.drops_queue, 1);
		sink_fini(&k);
		sim_free(s);
	}
}

static void test_queue_limit_bytes(void)
{
	sim *s = sim_new(1);
	struct sink k;
	sink_init(&k, s);
	/* 4000 B: two 1500 B packets fit (3000), a third would make 4500. */
	link_dir *l = mklink(s, 1000000, 0, 4000, false, &k);
	CU_ASSERT_TRUE(link_dir_send(l, udp_packet(s, 1472), 0));
	CU_ASSERT_TRUE(link_dir_send(l, udp_packet(s, 1472), 0));
	CU_ASSERT_FALSE(link_dir_send(l, udp_packet(s, 1472), 0));
	CU_ASSERT_TRUE(link_dir_send(l, udp_packet(s, 972), 0)); /* 1000 B: exactly 4000 */
	CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
	CU_ASSERT_EQUAL(k.times->len, 3);
	sink_fini(&k);
	sim_free(s);
}

/* A loss model for this test that drops packets numbered in a fixed list, to check numbering. */
static bool list_drop(void *state, const packet *p, uint64_t index)
{
	(void)p;
	const uint64_t *list = state;
	for (; *list; list++)
		if (*list == index)
			return true;
	return false;
}

static void no_destroy(void *state)
{
	(void)state;
}

static const loss_ops list_loss = { .name = "list", .drop = list_drop, .destroy = no_destroy };

static void test_loss_numbering(void)
{
	static const uint64_t drops[] = { 1, 3, 17, 18, 0 };
	sim *s = sim_new(1);
	struct sink k;
	sink_init(&k, s);
	link_dir_config c = { .name = "t", .rate_bps = 1000000000, .delay = SIM_MS(1), .queue_limit = 1000,
			      .queue_in_packets = true, .loss = &list_loss, .loss_state = (void *)drops };
	link_dir *l = link_dir_new(s, &c, sink_deliver, &k);
	uint64_t first_id = s->pool.next_id;
	for (int i = 0; i < 20; i++)
		link_dir_send(l, udp_packet(s, 100), 0);
	CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
	CU_ASSERT_EQUAL_FATAL(k.ids->len, 16);
	for (guint i = 0; i < k.ids->len; i++) {
		uint64_t number = g_array_index(k.ids, uint64_t, i) - first_id + 1;
		CU_ASSERT_TRUE(number != 1 && number != 3 && number != 17 && number != 18);
	}
	CU_ASSERT_EQUAL(l->stats.drops_loss, 4);
	sink_fini(&k);
	sim_free(s);
}

static void test_link_down_drops_everything(void)
{
	sim *s = sim_new(1);
	struct sink k;
	sink_init(&k, s);
	link_dir *l = mklink(s, 1000000, SIM_MS(50), 100, true, &k);
	for (int i = 0; i < 10; i++)
		link_dir_send(l, udp_packet(s, 1000), 0);
	CU_ASSERT_TRUE(sim_run(s, SIM_MS(20), NULL)); /* some on the pipe, some queued */
	link_dir_set_up(l, false, SIM_MS(20));
	CU_ASSERT_FALSE(link_dir_send(l, udp_packet(s, 1000), SIM_MS(20)));
	CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
	CU_ASSERT_EQUAL(k.times->len, 0);
	CU_ASSERT_EQUAL(l->stats.drops_down, 11);
	CU_ASSERT_EQUAL(s->pool.in_use, 0);
	link_dir_set_up(l, true, s->now);
	CU_ASSERT_TRUE(link_dir_send(l, udp_packet(s, 1000), s->now));
	CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
	CU_ASSERT_EQUAL(k.times->len, 1);
	sink_fini(&k);
	sim_free(s);
}

static void test_delay_drop_keeps_order(void)
{
	sim *s = sim_new(1);
	struct sink k;
	sink_init(&k, s);
	link_dir *l = mklink(s, 1000000000, SIM_MS(100), 100, true, &k);
	link_dir_send(l, udp_packet(s, 100), 0);
	CU_ASSERT_TRUE(sim_run(s, SIM_MS(1), NULL));
	link_dir_set_delay(l, SIM_MS(10));
	link_dir_send(l, udp_packet(s, 100), SIM_MS(1));
	CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
	CU_ASSERT_EQUAL_FATAL(k.ids->len, 2);
	CU_ASSERT_TRUE(g_array_index(k.ids, uint64_t, 0) < g_array_index(k.ids, uint64_t, 1));
	CU_ASSERT_EQUAL(g_array_index(k.times, sim_time_t, 1), g_array_index(k.times, sim_time_t, 0));
	sink_fini(&k);
	sim_free(s);
}

struct got {
	sim *s;
	int n;
	uint32_t hops;
};

static void count_rx(void *ctx, packet *p, sim_time_t now)
{
	(void)now;
	struct got *g = ctx;
	g->n++;
	g->hops = p->hops;
	packet_free(&g->s->pool, p);
}

static void test_end_hosts_do_not_relay(void)
{
	/* a — b — c with b an end host: a has no route to c. */
	sim *s = sim_new(1);
	host *a = host_new(s, "a", false), *b = host_new(s, "b", false), *c = host_new(s, "c", false);
	iface *a0 = host_add_iface(a, "0"), *b0 = host_add_iface(b, "0"), *b1 = host_add_iface(b, "1"),
	      *c0 = host_add_iface(c, "0");
	net_addr ac = net_addr_v4(10, 0, 0, 3), ab = net_addr_v4(10, 0, 0, 2);
	iface_add_addr(c0, &ac);
	iface_add_addr(b0, &ab);
	link_dir_config cfg = { .name = "l", .rate_bps = 1000000, .delay = 0, .queue_limit = 10, .queue_in_packets = true };
	iface_attach(a0, link_dir_new(s, &cfg, iface_receive, b0), b0);
	iface_attach(b0, link_dir_new(s, &cfg, iface_receive, a0), a0);
	iface_attach(b1, link_dir_new(s, &cfg, iface_receive, c0), c0);
	iface_attach(c0, link_dir_new(s, &cfg, iface_receive, b1), b1);
	GPtrArray *hosts = g_ptr_array_new();
	g_ptr_array_add(hosts, a);
	g_ptr_array_add(hosts, b);
	g_ptr_array_add(hosts, c);
	routing_compute(hosts);
	g_ptr_array_free(hosts, TRUE);
	CU_ASSERT_PTR_NULL(host_route_for(a, &ac));
	CU_ASSERT_PTR_NOT_NULL(host_route_for(a, &ab));
	sim_free(s);
}

static void test_routing_through_router(void)
{
	/* phone(wifi, cell) — ap (router) — server; phone.cell — server directly. */
	sim *s = sim_new(1);
	host *phone = host_new(s, "phone", false), *ap = host_new(s, "ap", true), *srv = host_new(s, "server", false);
	iface *pw = host_add_iface(phone, "wifi"), *pc = host_add_iface(phone, "cell");
	iface *aw = host_add_iface(ap, "wlan"), *au = host_add_iface(ap, "up");
	iface *s0 = host_add_iface(srv, "eth0"), *s1 = host_add_iface(srv, "eth1");
	net_addr a_pw = net_addr_v4(10, 0, 0, 2), a_pc = net_addr_v4(10, 1, 0, 2), a_s0 = net_addr_v4(10, 9, 0, 1),
		 a_s1 = net_addr_v4(10, 9, 1, 1), a_aw = net_addr_v4(10, 0, 0, 1), a_au = net_addr_v4(10, 8, 0, 1);
	iface_add_addr(pw, &a_pw);
	iface_add_addr(pc, &a_pc);
	iface_add_addr(s0, &a_s0);
	iface_add_addr(s1, &a_s1);
	iface_add_addr(aw, &a_aw);
	iface_add_addr(au, &a_au);
	link_dir_config c = { .name = "l", .rate_bps = 100000000, .delay = SIM_MS(1), .queue_limit = 100,
			      .queue_in_packets = true };
	struct { iface *x, *y; } pairs[] = { { pw, aw }, { au, s0 }, { pc, s1 } };
	for (int i = 0; i < 3; i++) {
		link_dir *xy = link_dir_new(s, &c, iface_receive, pairs[i].y);
		link_dir *yx = link_dir_new(s, &c, iface_receive, pairs[i].x);
		iface_attach(pairs[i].x, xy, pairs[i].y);
		iface_attach(pairs[i].y, yx, pairs[i].x);
	}
	GPtrArray *hosts = g_ptr_array_new();
	g_ptr_array_add(hosts, phone);
	g_ptr_array_add(hosts, ap);
	g_ptr_array_add(hosts, srv);
	routing_compute(hosts);
	g_ptr_array_free(hosts, TRUE);
	/* server.eth0's address: through its own link, from the router, over Wi-Fi; then, as any
	 * address of the server, over the direct cellular link. */
	const struct host_route *r = host_route_for(phone, &a_s0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL_FATAL(r->first_hops->len, 2);
	CU_ASSERT_PTR_EQUAL(g_ptr_array_index(r->first_hops, 0), pw);
	CU_ASSERT_PTR_EQUAL(g_ptr_array_index(r->first_hops, 1), pc);
	/* server.eth1's address: its own link is the cellular one. */
	r = host_route_for(phone, &a_s1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_PTR_EQUAL(g_ptr_array_index(r->first_hops, 0), pc);
	/* The phone is no transit node: the router reaches the phone's own addresses only. */
	r = host_route_for(ap, &a_pc);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->first_hops->len, 1);
	CU_ASSERT_PTR_EQUAL(g_ptr_array_index(r->first_hops, 0), aw);
	/* A source-routed packet from the Wi-Fi address to server.eth1 leaves on Wi-Fi, crosses the
	 * router and arrives; one from the cellular address leaves on cellular. */
	struct got g = { 0 };
	g.s = s;
	host_bind(srv, SEG_PROTO_UDP, 9, count_rx, &g);
	packet *p = packet_alloc(&s->pool);
	p->seg.proto = SEG_PROTO_UDP;
	p->seg.src = a_pw;
	p->seg.dst = a_s1;
	p->seg.dport = 9;
	host_send(phone, p, 0);
	CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
	CU_ASSERT_EQUAL(g.n, 1);
	CU_ASSERT_EQUAL(pw->tx_packets, 1);
	CU_ASSERT_EQUAL(pc->tx_packets, 0);
	CU_ASSERT_EQUAL(ap->forwarded, 1);
	CU_ASSERT_EQUAL(g.hops, 2);
	sim_free(s);
}

static CU_TestInfo link_tests[] = {
	{ .pName = "1500 B at 10 Mbit/s serialises in 1.2 ms", .pTestFunc = test_serialisation_exact },
	{ .pName = "10^6 back-to-back packets at 7 Mbit/s never drift", .pTestFunc = test_no_drift_back_to_back },
	{ .pName = "a queue of N packets drops the (N+1)th", .pTestFunc = test_queue_limit_packets },
	{ .pName = "byte-limited queue", .pTestFunc = test_queue_limit_bytes },
	{ .pName = "loss models see packets numbered from 1", .pTestFunc = test_loss_numbering },
	{ .pName = "link down drops queue, service and pipe", .pTestFunc = test_link_down_drops_everything },
	{ .pName = "a shorter delay never reorders", .pTestFunc = test_delay_drop_keeps_order },
	{ .pName = "routes nearest first; source routing; routers relay", .pTestFunc = test_routing_through_router },
	{ .pName = "end hosts never relay", .pTestFunc = test_end_hosts_do_not_relay },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "link", .pTests = link_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
