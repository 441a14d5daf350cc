/* unit_host_change.c — addresses that appear and vanish and interfaces that go down and up while
 * a simulation runs: observers are told each change once, in registration order, with the
 * address; unchanged states tell no one; an observer may unobserve while being told; a new
 * address is reachable once routes are recomputed and a vanished one no longer receives. */
#include "testutil.h"

#include "host.h"
#include "sim.h"

#include <string.h>

struct seen {
	GString *log;
	host *unobserve_host; /* unobserve `victim` from inside the callback */
	host_observer_fn victim_fn;
	void *victim_ctx;
};

static void observer(void *ctx, host *h, iface *ifc, host_change change, const net_addr *addr, sim_time_t now)
{
	struct seen *s = ctx;
	char buf[NET_ADDR_STRLEN];
	g_string_append_printf(s->log, "%s %s %s %s %" G_GINT64_FORMAT ";", h->name, ifc->name, host_change_name(change),
			       addr ? net_addr_to_string(addr, buf) : "-", now);
	if (s->unobserve_host)
		host_unobserve(s->unobserve_host, s->victim_fn, s->victim_ctx);
}

static void second_observer(void *ctx, host *h, iface *ifc, host_change change, const net_addr *addr, sim_time_t now)
{
	(void)h;
	(void)ifc;
	(void)addr;
	(void)now;
	struct seen *s = ctx;
	g_string_append_printf(s->log, "second %s;", host_change_name(change));
}

static void test_observers_told(void)
{
	sim *s = sim_new(1);
	host *h = host_new(s, "phone", false);
	iface *wifi = host_add_iface(h, "wifi");
	net_addr a = net_addr_v4(10, 0, 0, 2), b = net_addr_v4(10, 0, 0, 3);
	iface_add_addr(wifi, &a);
	struct seen one = { .log = g_string_new(NULL) }, two = { .log = g_string_new(NULL) };
	host_observe(h, observer, &one);
	host_observe(h, second_observer, &two);
	CU_ASSERT_TRUE(iface_addr_appear(wifi, &b, 5));
	CU_ASSERT_FALSE(iface_addr_appear(wifi, &b, 6)); /* has it: nothing happens */
	CU_ASSERT_TRUE(iface_owns_addr(wifi, &b));
	CU_ASSERT_TRUE(iface_addr_vanish(wifi, &a, 7));
	CU_ASSERT_FALSE(iface_addr_vanish(wifi, &a, 8));
	CU_ASSERT_FALSE(iface_owns_addr(wifi, &a));
	CU_ASSERT_EQUAL(wifi->addrs->len, 1);
	iface_set_up(wifi, false, 9);
	iface_set_up(wifi, false, 10); /* unchanged: no one is told */
	CU_ASSERT_FALSE(wifi->up);
	iface_set_up(wifi, true, 11);
	CU_ASSERT_STRING_EQUAL(one.log->str, "phone wifi addr-added 10.0.0.3 5;phone wifi addr-removed 10.0.0.2 7;"
					     "phone wifi iface-down - 9;phone wifi iface-up - 11;");
	CU_ASSERT_STRING_EQUAL(two.log->str, "second addr-added;second addr-removed;second iface-down;second iface-up;");
	/* Unobserving another observer from a callback: it is not told this round. */
	g_string_truncate(one.log, 0);
	g_string_truncate(two.log, 0);
	one.unobserve_host = h;
	one.victim_fn = second_observer;
	one.victim_ctx = &two;
	iface_set_up(wifi, false, 12);
	CU_ASSERT_STRING_EQUAL(one.log->str, "phone wifi iface-down - 12;");
	CU_ASSERT_STRING_EQUAL(two.log->str, "");
	/* Unobserving itself. */
	one.victim_fn = observer;
	one.victim_ctx = &one;
	iface_set_up(wifi, true, 13);
	iface_set_up(wifi, false, 14);
	CU_ASSERT_STRING_EQUAL(one.log->str, "phone wifi iface-down - 12;phone wifi iface-up - 13;");
	g_string_free(one.log, TRUE);
	g_string_free(two.log, TRUE);
	sim_free(s);
}

struct got {
	sim *s;
	int n;
};

static void count_rx(void *ctx, packet *p, sim_time_t now)
{
	(void)now;
	struct got *g = ctx;
	g->n++;
	packet_free(&g->s->pool, p);
}

static void send_udp(sim *s, host *from, const net_addr *src, const net_addr *dst)
{
	packet *p = packet_alloc(&s->pool);
	p->seg.proto = SEG_PROTO_UDP;
	p->seg.src = *src;
	p->seg.dst = *dst;
	p->seg.dport = 9;
	host_send(from, p, s->now);
}

static void test_addresses_at_run_time(void)
{
	/* phone — server: an address that appears is reached after routing_compute; one that
	 * vanishes no longer receives (dropped as not local). */
	sim *s = sim_new(1);
	host *phone = host_new(s, "phone", false), *srv = host_new(s, "server", false);
	iface *pc = host_add_iface(phone, "cell"), *se = host_add_iface(srv, "eth0");
	net_addr a_pc = net_addr_v4(10, 1, 0, 2), a_new = net_addr_v4(10, 1, 0, 3), a_se = net_addr_v4(10, 9, 0, 1);
	iface_add_addr(pc, &a_pc);
	iface_add_addr(se, &a_se);
	link_dir_config c = { .name = "l", .rate_bps = 10000000, .delay = SIM_MS(1), .queue_limit = 10, .queue_in_packets = true };
	iface_attach(pc, link_dir_new(s, &c, iface_receive, se), se);
	iface_attach(se, link_dir_new(s, &c, iface_receive, pc), pc);
	GPtrArray *hosts = g_ptr_array_new();
	g_ptr_array_add(hosts, phone);
	g_ptr_array_add(hosts, srv);
	routing_compute(hosts);
	struct got g = { .s = s };
	host_bind(phone, SEG_PROTO_UDP, 9, count_rx, &g);
	CU_ASSERT_TRUE(iface_addr_appear(pc, &a_new, 0));
	CU_ASSERT_PTR_NULL(host_route_for(srv, &a_new));
	routing_compute(hosts);
	CU_ASSERT_PTR_NOT_NULL(host_route_for(srv, &a_new));
	CU_ASSERT_EQUAL(host_route_for(srv, &a_pc)->first_hops->len, 1); /* recomputing adds no duplicate */
	send_udp(s, srv, &a_se, &a_new);
	CU_ASSERT_TRUE(sim_run(s, SIM_S(1), NULL));
	CU_ASSERT_EQUAL(g.n, 1);
	CU_ASSERT_TRUE(iface_addr_vanish(pc, &a_pc, s->now));
	send_udp(s, srv, &a_se, &a_pc);
	CU_ASSERT_TRUE(sim_run(s, SIM_S(2), NULL));
	CU_ASSERT_EQUAL(g.n, 1);
	CU_ASSERT_EQUAL(phone->drops_not_local, 1);
	/* Down: the interface drops what it receives. */
	iface_set_up(pc, false, s->now);
	send_udp(s, srv, &a_se, &a_new);
	CU_ASSERT_TRUE(sim_run(s, SIM_S(3), NULL));
	CU_ASSERT_EQUAL(g.n, 1);
	iface_set_up(pc, true, s->now);
	send_udp(s, srv, &a_se, &a_new);
	CU_ASSERT_TRUE(sim_run(s, SIM_S(4), NULL));
	CU_ASSERT_EQUAL(g.n, 2);
	g_ptr_array_free(hosts, TRUE);
	sim_free(s);
}

static CU_TestInfo change_tests[] = {
	{ .pName = "observers told of every change, once, in order", .pTestFunc = test_observers_told },
	{ .pName = "addresses appear and vanish at run time", .pTestFunc = test_addresses_at_run_time },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "host changes", .pTests = change_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
