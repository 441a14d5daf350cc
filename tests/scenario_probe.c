/* scenario_probe.c — the world end to end, asserted against what the setup implies.
 *
 * Scenarios are written inline and run through the same loader, builder and run loop as the
 * command line. Expected values come from formulas: serialisation time size·8/rate, propagation
 * delays, link capacity, configured loss rates. */
#include "testutil.h"

#include "link.h"
#include "world.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

static const char *two_hosts =
	"[simulation]\nduration = 10s\n"
	"[host.a]\n[host.b]\n[host.r]\nforward = true\n"
	"[interface.a.eth]\naddresses = 10.0.0.1\n"
	"[interface.r.x]\naddresses = 10.0.0.254\n"
	"[interface.r.y]\naddresses = 10.1.0.254\n"
	"[interface.b.eth]\naddresses = 10.1.0.1\n"
	"[link.first]\na = a.eth\nb = r.x\nrate = 10Mbit\ndelay = 10ms\nqueue = 100pkt\n"
	"[link.second]\na = r.y\nb = b.eth\nrate = 7Mbit\ndelay = 3ms\nqueue = 10pkt\n";

static world *build(const char *extra, const char *const *sets, uint64_t seed)
{
	char *text = g_strconcat(two_hosts, extra, NULL);
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load_from_data("inline.ini", text, strlen(text), sets, (int64_t)seed, &diag);
	world *w = scn ? world_build(scn, NULL, &diag) : NULL;
	for (guint i = 0; i < diag.messages->len; i++)
		fprintf(stderr, "%s\n", (char *)g_ptr_array_index(diag.messages, i));
	CU_ASSERT_EQUAL(diag.messages->len, 0);
	scn_diag_fini(&diag);
	g_free(text);
	return w;
}

static void destroy(world *w)
{
	const scenario *scn = w->scn;
	world_free(w);
	scn_free((scenario *)scn);
}

static const report_value *metric(world *w, const char *workload, const char *key)
{
	report_section *wl = report_section_find_child(report_section_find_child(w->sim->report, "workloads"), workload);
	CU_ASSERT_PTR_NOT_NULL_FATAL(wl);
	const report_value *v = report_get(wl, key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	return v;
}

static void test_echo_rtt_exact(void)
{
	world *w = build("[workload.ping]\ntype = echo\nfrom = a\nto = b\ninterval = 100ms\nsize = 84B\n", NULL, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	/* Each way: 84 B serialised at 10 and at 7 Mbit/s (the remainder carried per link), plus
	 * 10 + 3 ms of propagation. */
	sim_time_t one_way = link_tx_time(84, 10000000, NULL) + SIM_MS(10) + link_tx_time(84, 7000000, NULL) + SIM_MS(3);
	CU_ASSERT_EQUAL(metric(w, "ping", "requests")->u.i, 100);
	CU_ASSERT_EQUAL(metric(w, "ping", "replies")->u.i, 100);
	int64_t lo = metric(w, "ping", "rtt_min_ns")->u.i, hi = metric(w, "ping", "rtt_max_ns")->u.i;
	CU_ASSERT_TRUE(lo >= 2 * one_way && hi <= 2 * one_way + 2); /* ±1 ns of carried remainders */
	destroy(w);
}

static void test_cbr_at_capacity(void)
{
	/* 7 Mbit/s offered to a 7 Mbit/s bottleneck: nothing queues for long, nothing is lost. */
	world *w = build("[workload.s]\ntype = cbr\nfrom = a\nto = b.eth\nrate = 7Mbit\nsize = 1000B\nstop = 9s\n", NULL, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	int64_t sent = metric(w, "s", "sent_packets")->u.i;
	CU_ASSERT_EQUAL(sent, 7875); /* 9 s · 7 Mbit/s / 8000 bit */
	CU_ASSERT_EQUAL(metric(w, "s", "delivered_packets")->u.i, sent);
	/* delay: 1000 B at 10 Mbit/s and 7 Mbit/s plus 13 ms; a packet can wait at most one packet
	 * time at the second link */
	double min = (double)metric(w, "s", "delay_min_ns")->u.i;
	CU_ASSERT_DOUBLE_EQUAL(min, 800000 + 1142857 + 13e6, 2);
	CU_ASSERT_TRUE((double)metric(w, "s", "delay_max_ns")->u.i <= min + 1142858);
	destroy(w);
}

static void test_cbr_overload_drops_at_queue(void)
{
	/* 10 Mbit/s into the 7 Mbit/s link with a 10-packet queue: it delivers its capacity and the
	 * queue sheds the rest; the delay stays bounded by the queue. */
	world *w = build("[workload.s]\ntype = cbr\nfrom = a\nto = b\nrate = 10Mbit\nsize = 1000B\nstop = 9s\n", NULL, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	int64_t delivered = metric(w, "s", "delivered_packets")->u.i;
	double capacity = 9.0 * 7e6 / 8000.0; /* packets the bottleneck can carry in 9 s */
	CU_ASSERT_TRUE(fabs((double)delivered - capacity) <= 12);
	report_section *up = report_section_find_child(
		report_section_find_child(report_section_find_child(w->sim->report, "links"), "second"), "up");
	CU_ASSERT_TRUE(report_get(up, "drops_queue")->u.i > 0);
	CU_ASSERT_EQUAL(report_get(up, "max_queue_packets")->u.i, 9); /* 10 held, one on the wire */
	CU_ASSERT_TRUE(metric(w, "s", "delay_max_ns")->u.i <= 800000 + 10 * 1142858 + 13000000);
	destroy(w);
}

static void test_cbr_loss_rate(void)
{
	/* 2% Bernoulli loss on the first link, several seeds: the undelivered share is within 4
	 * binomial standard deviations of 2%. */
	const char *sets[] = { "link.first.loss=bernoulli", "link.first.loss_rate=2%", NULL };
	for (uint64_t seed = 1; seed <= 3; seed++) {
		world *w = build("[workload.s]\ntype = cbr\nfrom = a\nto = b\nrate = 5Mbit\nsize = 200B\nstop = 9s\n", sets, seed);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		CU_ASSERT_TRUE(world_run(w, NULL));
		world_report(w);
		double n = (double)metric(w, "s", "sent_packets")->u.i;
		double lost = (double)metric(w, "s", "not_delivered_packets")->u.i;
		CU_ASSERT_TRUE(fabs(lost - 0.02 * n) <= 4 * sqrt(n * 0.02 * 0.98));
		destroy(w);
	}
}

static void test_link_down_by_set(void)
{
	/* A scripted drop list on the second link's up direction drops exactly those packets. */
	const char *sets[] = { "link.second.up.loss=scripted", "link.second.up.drop_list=2, 5, 6", NULL };
	world *w = build("[workload.s]\ntype = cbr\nfrom = a\nto = b\nrate = 1Mbit\nsize = 100B\nstop = 100ms\n", sets, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	CU_ASSERT_EQUAL(metric(w, "s", "sent_packets")->u.i, 125);
	CU_ASSERT_EQUAL(metric(w, "s", "not_delivered_packets")->u.i, 3);
	report_table *t = g_ptr_array_index(w->sim->tables, 0);
	CU_ASSERT_EQUAL_FATAL(t->n_rows, 125);
	for (guint r = 0; r < t->n_rows; r++) {
		const report_cell *row = &g_array_index(t->rows, report_cell, r * t->n_columns);
		bool lost = strcmp(row[4].s, "not_delivered") == 0;
		CU_ASSERT_EQUAL(lost, row[0].i == 1 || row[0].i == 4 || row[0].i == 5); /* seq from 0 */
	}
	destroy(w);
}

static CU_TestInfo probe_tests[] = {
	{ .pName = "echo RTT equals serialisation plus propagation", .pTestFunc = test_echo_rtt_exact },
	{ .pName = "cbr at capacity: no loss, bounded delay", .pTestFunc = test_cbr_at_capacity },
	{ .pName = "cbr overload: capacity delivered, drop-tail sheds", .pTestFunc = test_cbr_overload_drops_at_queue },
	{ .pName = "cbr over 2% loss, several seeds", .pTestFunc = test_cbr_loss_rate },
	{ .pName = "scripted drops on one link direction", .pTestFunc = test_link_down_by_set },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "probe scenarios", .pTests = probe_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
