/* scenario_radio.c — cellular radio states end to end, against exact expectations: the promotion
 * delay is added to the first packet after idle (sent or received) and to nothing within the
 * tail; packets that arrive during a promotion wait and none is lost; the radio-on time the
 * interface reports is the sum of promotion, activity and tail of each on period. */
#include "testutil.h"

#include "link.h"
#include "world.h"

#include <string.h>

/* phone.cell — server.eth0, 8 Mbit/s (an 84-byte ping takes exactly 84 µs) and 20 ms each way. */
#define BASE                                                                                       \
	"[host.phone]\n[host.server]\n"                                                             \
	"[interface.phone.cell]\naddresses = 10.0.0.2\n%s\n"                                        \
	"[interface.server.eth0]\naddresses = 10.0.0.1\n"                                            \
	"[link.cell]\na = phone.cell\nb = server.eth0\nrate = 8Mbit\ndelay = 20ms\n"                 \
	"[simulation]\nduration = %s\n%s"

static world *build(const char *radio_keys, const char *duration, const char *workloads)
{
	char *text = g_strdup_printf(BASE, radio_keys, duration, workloads);
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load_from_data("inline.ini", text, strlen(text), NULL, -1, &diag);
	world *w = scn ? world_build(scn, NULL, &diag) : NULL;
	for (guint i = 0; i < diag.messages->len; i++)
		fprintf(stderr, "%s\n", (char *)g_ptr_array_index(diag.messages, i));
	CU_ASSERT_EQUAL(diag.messages->len, 0);
	scn_diag_fini(&diag);
	g_free(text);
	if (w) {
		CU_ASSERT_TRUE(world_run(w, NULL));
		world_report(w);
	}
	return w;
}

static void destroy(world *w)
{
	const scenario *scn = w->scn;
	world_free(w);
	scn_free((scenario *)scn);
}

static report_table *table(world *w, const char *name)
{
	for (guint i = 0; i < w->sim->tables->len; i++) {
		report_table *t = g_ptr_array_index(w->sim->tables, i);
		if (strcmp(t->name, name) == 0)
			return t;
	}
	CU_FAIL_FATAL("no such table");
	return NULL;
}

/* Column `col` of row `r` (ints). */
static int64_t cell(const report_table *t, guint r, guint col)
{
	return g_array_index(t->rows, report_cell, r * t->n_columns + col).i;
}

static const report_value *iface_metric(world *w, const char *key)
{
	report_section *s = report_section_find_child(
		report_section_find_child(
			report_section_find_child(report_section_find_child(w->sim->report, "hosts"), "phone"), "interfaces"),
		"cell");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	const report_value *v = report_get(s, key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	return v;
}

static const sim_time_t one_way = SIM_US(84) + SIM_MS(20);

static void test_promotion_on_first_ping_only(void)
{
	/* Pings at 0..4 s, then one at 20 s (after the 11.576 s tail): the first of each burst waits
	 * 260 ms for the promotion; the others see the bare RTT. */
	world *w = build("radio = lte", "40s",
			 "[workload.a]\ntype = echo\nfrom = phone\nto = server\ninterval = 1s\nstop = 4500ms\n"
			 "[workload.b]\ntype = echo\nfrom = phone\nto = server\ninterval = 1s\nstart = 20s\nstop = 20500ms\nport = 8007\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	const sim_time_t rtt = 2 * one_way, promo = SIM_MS(260), tail = SIM_MS(11576);
	report_table *a = table(w, "echo_a"), *b = table(w, "echo_b");
	CU_ASSERT_EQUAL_FATAL(a->n_rows, 5);
	CU_ASSERT_EQUAL_FATAL(b->n_rows, 1);
	for (guint r = 0; r < 5; r++)
		CU_ASSERT_EQUAL(cell(a, r, 3), r == 0 ? rtt + promo : rtt);
	CU_ASSERT_EQUAL(cell(b, 0, 3), rtt + promo);
	/* On from 0 until a tail after the last reply (4 s + RTT); then from 20 s until a tail after
	 * the reply to the promoted ping. */
	CU_ASSERT_EQUAL(iface_metric(w, "radio_on_ns")->u.i, (SIM_S(4) + rtt + tail) + (promo + rtt + tail));
	CU_ASSERT_EQUAL(iface_metric(w, "radio_promotions")->u.i, 2);
	CU_ASSERT_EQUAL(iface_metric(w, "radio_held_packets")->u.i, 2);
	CU_ASSERT_STRING_EQUAL(iface_metric(w, "radio_state")->u.s, "idle");
	CU_ASSERT_STRING_EQUAL(iface_metric(w, "radio")->u.s, "lte");
	destroy(w);
}

static void test_downlink_promotes_and_nothing_is_lost(void)
{
	/* 3G, overridden to a 1.45 s promotion and 3 s tail. A stream to the phone every 100 ms from
	 * 1 s: the first packet waits the promotion, the 14 that arrive during it wait with it (none
	 * is lost), then packets pass at once. The stream stops at 3 s; the radio goes idle 3 s after
	 * the last packet's arrival. */
	world *w = build("radio = 3g\npromotion_delay = 1450ms\ntail_time = 3s", "10s",
			 "[workload.s]\ntype = cbr\nfrom = server\nto = phone\nrate = 80Kbit\nsize = 1000B\nstart = 1s\nstop = 3s\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	report_table *t = table(w, "cbr_s");
	CU_ASSERT_EQUAL_FATAL(t->n_rows, 20);
	const sim_time_t flight = SIM_MS(1) + SIM_MS(20); /* 1000 B at 8 Mbit/s, and the delay */
	const sim_time_t promoted = SIM_S(1) + flight + SIM_MS(1450);
	for (guint r = 0; r < 20; r++) {
		sim_time_t sent = cell(t, r, 1), recv = cell(t, r, 2);
		CU_ASSERT_EQUAL(sent, SIM_S(1) + (sim_time_t)r * SIM_MS(100));
		CU_ASSERT_EQUAL(recv, sent + flight > promoted ? sent + flight : promoted);
	}
	CU_ASSERT_EQUAL(iface_metric(w, "radio_held_packets")->u.i, 15);
	sim_time_t last = SIM_S(1) + 19 * SIM_MS(100) + flight;
	CU_ASSERT_EQUAL(iface_metric(w, "radio_on_ns")->u.i, last + SIM_S(3) - (SIM_S(1) + flight));
	CU_ASSERT_EQUAL(iface_metric(w, "radio_promotions")->u.i, 1);
	destroy(w);
}

static void test_no_radio_no_report(void)
{
	world *w = build("", "2s", "[workload.a]\ntype = echo\nfrom = phone\nto = server\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_EQUAL(cell(table(w, "echo_a"), 0, 3), 2 * one_way);
	report_section *s = report_section_find_child(
		report_section_find_child(
			report_section_find_child(report_section_find_child(w->sim->report, "hosts"), "phone"), "interfaces"),
		"cell");
	CU_ASSERT_PTR_NULL(report_get(s, "radio_on_ns"));
	destroy(w);
}

static CU_TestInfo radio_tests[] = {
	{ .pName = "promotion adds exactly its delay to the first ping after idle", .pTestFunc = test_promotion_on_first_ping_only },
	{ .pName = "a downlink packet promotes; packets during it wait, none lost", .pTestFunc = test_downlink_promotes_and_nothing_is_lost },
	{ .pName = "no radio: no delay, no radio metrics", .pTestFunc = test_no_radio_no_report },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "cellular radio states", .pTests = radio_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
