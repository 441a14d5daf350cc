/* scenario_mobility.c — mobility events end to end, against exact expectations: an outage loses
 * exactly the packets that were on the link or sent to it while it was down; ramps change rates,
 * delays and loss on their schedule, step by step, with the new values in force; a walk-away
 * ends with the link gone; interface and address events reach the host's observers and routing;
 * every change is a row of the events table; bad events fail the build with their group and key. */
#include "testutil.h"

#include "event.h"
#include "link.h"
#include "world.h"

#include <string.h>

/* phone.cell — server.eth0: 10 Mbit/s (1000 B in 0.8 ms) and 10 ms each way. */
#define TOPOLOGY                                                                                   \
	"[simulation]\nduration = 3s\n"                                                           \
	"[host.phone]\n[host.server]\n"                                                           \
	"[interface.phone.cell]\naddresses = 10.0.0.2\n[interface.server.eth0]\naddresses = 10.0.0.1\n" \
	"[link.cell]\na = phone.cell\nb = server.eth0\nrate = 10Mbit\ndelay = 10ms\nqueue = 1000pkt\n"

static world *build_text(const char *extra, scn_diag *diag)
{
	char *text = g_strconcat(TOPOLOGY, extra, NULL);
	scenario *scn = scn_load_from_data("inline.ini", text, strlen(text), NULL, -1, diag);
	world *w = scn ? world_build(scn, NULL, diag) : NULL;
	if (!w)
		scn_free(scn);
	g_free(text);
	return w;
}

static world *build(const char *extra)
{
	scn_diag diag;
	scn_diag_init(&diag);
	world *w = build_text(extra, &diag);
	for (guint i = 0; i < diag.messages->len; i++)
		fprintf(stderr, "%s\n", (char *)g_ptr_array_index(diag.messages, i));
	CU_ASSERT_EQUAL(diag.messages->len, 0);
	scn_diag_fini(&diag);
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
	return NULL;
}

static const report_cell *row(const report_table *t, guint r)
{
	return &g_array_index(t->rows, report_cell, r * t->n_columns);
}

/* The events table as "time_ns event target action value" lines. */
static char *events_text(world *w)
{
	report_table *t = table(w, "events");
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	GString *s = g_string_new(NULL);
	for (guint r = 0; r < t->n_rows; r++) {
		const report_cell *c = row(t, r);
		g_string_append_printf(s, "%" G_GINT64_FORMAT " %s %s %s %s\n", c[0].i, c[1].s, c[2].s, c[3].s, c[4].s);
	}
	return g_string_free(s, FALSE);
}

static void expect_events(world *w, const char *want)
{
	char *got = events_text(w);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "\nevents:\n%swanted:\n%s", got, want);
	CU_ASSERT_STRING_EQUAL(got, want);
	g_free(got);
}

static link_dir *dir(world *w, bool up)
{
	struct world_link *l = g_ptr_array_index(w->links, 0);
	return up ? l->up : l->down;
}

/* ---- outages ---- */

static void test_handover_loses_exactly_the_window(void)
{
	/* cbr phone → server, 1000 B every 10 ms. The handover at 1.0005 s for 45 ms loses every
	 * packet still on the link at its start (sent after t0 − 0.8 ms − 10 ms) and every packet
	 * sent before its end; all others arrive. */
	world *w = build("[workload.s]\ntype = cbr\nfrom = phone\nto = server\nrate = 800Kbit\nsize = 1000B\nstop = 2s\n"
			 "[event.ho]\nat = 1000500us\naction = cell-handover\ntarget = cell\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	const sim_time_t t0 = SIM_US(1000500), t1 = t0 + SIM_MS(45), on_link = SIM_US(800) + SIM_MS(10);
	report_table *t = table(w, "cbr_s");
	CU_ASSERT_EQUAL_FATAL(t->n_rows, 200);
	guint lost = 0, bad = 0;
	for (guint r = 0; r < t->n_rows; r++) {
		sim_time_t sent = row(t, r)[1].i;
		bool should_lose = sent > t0 - on_link && sent < t1;
		bool was_lost = row(t, r)[2].i < 0;
		lost += was_lost;
		bad += should_lose != was_lost;
	}
	CU_ASSERT_EQUAL(lost, 6); /* sent at 0.99 … 1.04 s */
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(dir(w, true)->stats.drops_down, 6);
	expect_events(w, "1000500000 ho cell.up cell-handover state=down\n"
			 "1000500000 ho cell.down cell-handover state=down\n"
			 "1045500000 ho cell.up cell-handover state=up\n"
			 "1045500000 ho cell.down cell-handover state=up\n");
	report_section *ev = report_section_find_child(report_section_find_child(w->sim->report, "events"), "ho");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ev);
	CU_ASSERT_STRING_EQUAL(report_get(ev, "action")->u.s, "cell-handover");
	CU_ASSERT_EQUAL(report_get(ev, "changes")->u.i, 4);
	destroy(w);
}

static void test_assoc_gap_default_and_link_state(void)
{
	/* The default gap is 200 ms; only the up direction; link-down/link-up by hand on the other. */
	world *w = build("[event.gap]\nat = 1s\naction = wifi-assoc-gap\ntarget = cell.up\n"
			 "[event.cut]\nat = 2s\naction = link-down\ntarget = cell.down\n"
			 "[event.back]\nat = 2500ms\naction = link-up\ntarget = cell.down\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run_until(w, SIM_MS(1100), NULL));
	CU_ASSERT_FALSE(dir(w, true)->up);
	CU_ASSERT_TRUE(dir(w, false)->up);
	CU_ASSERT_TRUE(world_run_until(w, SIM_MS(2100), NULL));
	CU_ASSERT_TRUE(dir(w, true)->up);
	CU_ASSERT_FALSE(dir(w, false)->up);
	CU_ASSERT_TRUE(world_run(w, NULL));
	CU_ASSERT_TRUE(dir(w, false)->up);
	expect_events(w, "1000000000 gap cell.up wifi-assoc-gap state=down\n"
			 "1200000000 gap cell.up wifi-assoc-gap state=up\n"
			 "2000000000 cut cell.down link-down state=down\n"
			 "2500000000 back cell.down link-up state=up\n");
	destroy(w);
}

/* ---- ramps ---- */

static void test_rate_ramp_on_schedule(void)
{
	/* 10 → 2 Mbit/s over 1 s in 250 ms steps from 1 s: 8, 6, 4, 2 Mbit/s at 1.25, 1.5, 1.75, 2 s.
	 * A ping at 1.6 s serialises its 84 bytes at 6 Mbit/s each way (112 µs). */
	world *w = build("[event.fade]\nat = 1s\naction = link-rate\ntarget = cell\nrate = 2Mbit\nover = 1s\nramp_step = 250ms\n"
			 "[workload.p]\ntype = echo\nfrom = phone\nto = server\nstart = 1600ms\nstop = 1601ms\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run_until(w, SIM_MS(1300), NULL));
	CU_ASSERT_EQUAL(dir(w, true)->rate_bps, 8000000);
	CU_ASSERT_EQUAL(dir(w, false)->rate_bps, 8000000);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	CU_ASSERT_EQUAL(dir(w, true)->rate_bps, 2000000);
	expect_events(w, "1000000000 fade cell.up link-rate rate=10Mbit\n"
			 "1000000000 fade cell.down link-rate rate=10Mbit\n"
			 "1250000000 fade cell.up link-rate rate=8Mbit\n"
			 "1250000000 fade cell.down link-rate rate=8Mbit\n"
			 "1500000000 fade cell.up link-rate rate=6Mbit\n"
			 "1500000000 fade cell.down link-rate rate=6Mbit\n"
			 "1750000000 fade cell.up link-rate rate=4Mbit\n"
			 "1750000000 fade cell.down link-rate rate=4Mbit\n"
			 "2000000000 fade cell.up link-rate rate=2Mbit\n"
			 "2000000000 fade cell.down link-rate rate=2Mbit\n");
	report_table *p = table(w, "echo_p");
	CU_ASSERT_EQUAL_FATAL(p->n_rows, 1);
	CU_ASSERT_EQUAL(row(p, 0)[3].i, 2 * (SIM_US(112) + SIM_MS(10)));
	destroy(w);
}

static void test_uneven_ramp_and_instant_delay(void)
{
	/* 100 ms in steps of at most 30 ms: 4 steps, at 25, 50, 75 and 100 ms; the delay from 10 ms
	 * to 20 ms on the up direction only. An instant change writes one row. */
	world *w = build("[event.d]\nat = 1s\naction = link-delay\ntarget = cell.up\ndelay = 20ms\nover = 100ms\nramp_step = 30ms\n"
			 "[event.now]\nat = 2s\naction = link-delay\ntarget = cell.down\ndelay = 1ms\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	expect_events(w, "1000000000 d cell.up link-delay delay=10ms\n"
			 "1025000000 d cell.up link-delay delay=12500us\n"
			 "1050000000 d cell.up link-delay delay=15ms\n"
			 "1075000000 d cell.up link-delay delay=17500us\n"
			 "1100000000 d cell.up link-delay delay=20ms\n"
			 "2000000000 now cell.down link-delay delay=1ms\n");
	CU_ASSERT_EQUAL(dir(w, true)->delay, SIM_MS(20));
	CU_ASSERT_EQUAL(dir(w, false)->delay, SIM_MS(1));
	destroy(w);
}

static void test_loss_ramp(void)
{
	/* Bernoulli loss 0% → 100% over 1 s from 1 s (4 steps): every packet before 1.25 s arrives,
	 * none after 2 s (sends every 10 ms; a packet is judged when it leaves the transmitter). */
	world *w = build("[link.cell.up]\nloss = bernoulli\n"
			 "[workload.s]\ntype = cbr\nfrom = phone\nto = server\nrate = 800Kbit\nsize = 1000B\n"
			 "[event.l]\nat = 1s\naction = link-loss\ntarget = cell.up\nloss_rate = 100%\nover = 1s\nramp_step = 250ms\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	report_table *t = table(w, "cbr_s");
	guint early_lost = 0, late_delivered = 0, mid_lost = 0;
	for (guint r = 0; r < t->n_rows; r++) {
		sim_time_t sent = row(t, r)[1].i;
		bool lost = row(t, r)[2].i < 0;
		if (sent < SIM_MS(1250))
			early_lost += lost;
		else if (sent >= SIM_S(2) && sent < SIM_MS(2900))
			late_delivered += !lost;
		else if (sent < SIM_S(2))
			mid_lost += lost;
	}
	CU_ASSERT_EQUAL(early_lost, 0);
	CU_ASSERT_EQUAL(late_delivered, 0);
	CU_ASSERT_TRUE(mid_lost > 0 && mid_lost < 75);
	expect_events(w, "1000000000 l cell.up link-loss loss_rate=0%\n"
			 "1250000000 l cell.up link-loss loss_rate=25%\n"
			 "1500000000 l cell.up link-loss loss_rate=50%\n"
			 "1750000000 l cell.up link-loss loss_rate=75%\n"
			 "2000000000 l cell.up link-loss loss_rate=100%\n");
	destroy(w);
}

static void test_gilbert_elliott_param(void)
{
	world *w = build("[link.cell.down]\nloss = gilbert-elliott\n"
		  "[event.bad]\nat = 1s\naction = link-loss\ntarget = cell.down\nparam = ge_loss_bad\nloss_rate = 30%\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	double x = 0;
	CU_ASSERT_TRUE(dir(w, false)->loss->get_param(dir(w, false)->loss_state, "ge_loss_bad", &x));
	CU_ASSERT_DOUBLE_EQUAL(x, 0.3, 1e-15);
	expect_events(w, "1000000000 bad cell.down link-loss ge_loss_bad=30%\n");
	destroy(w);
}

static void test_walk_away(void)
{
	/* From 0.5 s for 2 s in 500 ms steps: 10 → 2 Mbit/s and 0% → 40% loss, then gone: every
	 * packet sent from 2.5 s is dropped at the link. */
	world *w = build("[link.cell.up]\nloss = bernoulli\n[link.cell.down]\nloss = bernoulli\n"
		  "[workload.s]\ntype = cbr\nfrom = phone\nto = server\nrate = 800Kbit\nsize = 1000B\n"
		  "[event.walk]\nat = 500ms\naction = wifi-walk-away\ntarget = cell\nduration = 2s\nend_rate = 2Mbit\n"
		  "end_loss = 40%\nramp_step = 500ms\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	char *want = g_strdup(
		"500000000 walk cell.up wifi-walk-away rate=10Mbit\n500000000 walk cell.down wifi-walk-away rate=10Mbit\n"
		"500000000 walk cell.up wifi-walk-away loss_rate=0%\n500000000 walk cell.down wifi-walk-away loss_rate=0%\n"
		"1000000000 walk cell.up wifi-walk-away rate=8Mbit\n1000000000 walk cell.down wifi-walk-away rate=8Mbit\n"
		"1000000000 walk cell.up wifi-walk-away loss_rate=10%\n1000000000 walk cell.down wifi-walk-away loss_rate=10%\n"
		"1500000000 walk cell.up wifi-walk-away rate=6Mbit\n1500000000 walk cell.down wifi-walk-away rate=6Mbit\n"
		"1500000000 walk cell.up wifi-walk-away loss_rate=20%\n1500000000 walk cell.down wifi-walk-away loss_rate=20%\n"
		"2000000000 walk cell.up wifi-walk-away rate=4Mbit\n2000000000 walk cell.down wifi-walk-away rate=4Mbit\n"
		"2000000000 walk cell.up wifi-walk-away loss_rate=30%\n2000000000 walk cell.down wifi-walk-away loss_rate=30%\n"
		"2500000000 walk cell.up wifi-walk-away rate=2Mbit\n2500000000 walk cell.down wifi-walk-away rate=2Mbit\n"
		"2500000000 walk cell.up wifi-walk-away loss_rate=40%\n2500000000 walk cell.down wifi-walk-away loss_rate=40%\n"
		"2500000000 walk cell.up wifi-walk-away state=down\n2500000000 walk cell.down wifi-walk-away state=down\n");
	expect_events(w, want);
	g_free(want);
	report_table *t = table(w, "cbr_s");
	guint after = 0, after_delivered = 0, before_lost = 0;
	for (guint r = 0; r < t->n_rows; r++) {
		sim_time_t sent = row(t, r)[1].i;
		bool lost = row(t, r)[2].i < 0;
		if (sent >= SIM_MS(2500)) {
			after++;
			after_delivered += !lost;
		} else if (sent < SIM_MS(500)) {
			before_lost += lost;
		}
	}
	CU_ASSERT_EQUAL(after, 50);
	CU_ASSERT_EQUAL(after_delivered, 0);
	CU_ASSERT_EQUAL(before_lost, 0);
	CU_ASSERT_TRUE(dir(w, true)->stats.drops_down >= 50);
	CU_ASSERT_TRUE(dir(w, true)->stats.drops_loss > 0);
	destroy(w);
}

/* ---- interfaces and addresses ---- */

static void log_change(void *ctx, host *h, iface *ifc, host_change change, const net_addr *addr, sim_time_t now)
{
	char buf[NET_ADDR_STRLEN];
	g_string_append_printf(ctx, "%" G_GINT64_FORMAT " %s %s %s;", now, ifc->full_name, host_change_name(change),
			       addr ? net_addr_to_string(addr, buf) : h->name);
}

static void test_iface_and_addresses(void)
{
	/* The phone's cell interface goes down at 1 s and up at 1.5 s (its pings in between are
	 * lost); 10.0.0.3 appears at 2 s and 10.0.0.2 vanishes at 2.5 s. The phone's observer hears
	 * each, and the server has a route to the new address. */
	world *w = build("[workload.p]\ntype = echo\nfrom = phone\nto = server\ninterval = 100ms\nstop = 2s\n"
			 "[event.off]\nat = 1s\naction = iface-down\ntarget = phone.cell\n"
			 "[event.on]\nat = 1500ms\naction = iface-up\ntarget = phone.cell\n"
			 "[event.new]\nat = 2s\naction = addr-add\ntarget = phone.cell\naddresses = 10.0.0.3, fd00::3\n"
			 "[event.old]\nat = 2500ms\naction = addr-remove\ntarget = phone.cell\naddresses = 10.0.0.2\n"
			 "[event.again]\nat = 2600ms\naction = addr-remove\ntarget = phone.cell\naddresses = 10.0.0.2\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	GString *log = g_string_new(NULL);
	host *phone = world_find_host(w, "phone");
	host_observe(phone, log_change, log);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	CU_ASSERT_STRING_EQUAL(log->str, "1000000000 phone.cell iface-down phone;1500000000 phone.cell iface-up phone;"
					 "2000000000 phone.cell addr-added 10.0.0.3;2000000000 phone.cell addr-added fd00::3;"
					 "2500000000 phone.cell addr-removed 10.0.0.2;");
	/* Pings sent at 1.0 … 1.4 s are dropped by the interface (1.0 s: the event runs first). */
	report_table *p = table(w, "echo_p");
	guint lost = 0;
	for (guint r = 0; r < p->n_rows; r++)
		lost += row(p, r)[2].i < 0;
	CU_ASSERT_EQUAL(lost, 5);
	net_addr a3;
	CU_ASSERT_TRUE(net_addr_parse("10.0.0.3", &a3, NULL));
	CU_ASSERT_PTR_NOT_NULL(host_route_for(world_find_host(w, "server"), &a3));
	/* Removing an address twice changes nothing the second time: no row. */
	expect_events(w, "1000000000 off phone.cell iface-down state=down\n"
			 "1500000000 on phone.cell iface-up state=up\n"
			 "2000000000 new phone.cell addr-add added=10.0.0.3\n"
			 "2000000000 new phone.cell addr-add added=fd00::3\n"
			 "2500000000 old phone.cell addr-remove removed=10.0.0.2\n");
	host_unobserve(phone, log_change, log);
	g_string_free(log, TRUE);
	destroy(w);
}

static void test_no_events_no_table(void)
{
	world *w = build("");
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_PTR_NULL(table(w, "events"));
	world_report(w);
	CU_ASSERT_PTR_NULL(report_section_find_child(w->sim->report, "events"));
	destroy(w);
}

static void test_shipped_example(void)
{
	/* scenarios/siri-walk-away.ini: the walk-away writes its start and 16 steps on both directions (rate
	 * and loss) and the link goes down; the phone notices; the LTE radio is on exactly from each
	 * 15 s ping until a tail after its reply; the LTE downlink replays its 4 s trace. */
	char *path = g_build_filename(TEST_SOURCE_DIR, "scenarios", "siri-walk-away.ini", NULL);
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load(path, NULL, -1, &diag);
	world *w = scn ? world_build(scn, NULL, &diag) : NULL;
	CU_ASSERT_EQUAL(diag.messages->len, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	report_table *ev = table(w, "events");
	CU_ASSERT_EQUAL(ev->n_rows, (1 + 16) * 4 + 2 + 2 + 4);
	report_table *pings = table(w, "echo_ping-lte");
	CU_ASSERT_EQUAL_FATAL(pings->n_rows, 2);
	const sim_time_t tail = SIM_MS(11576);
	report_section *cell = report_section_find_child(
		report_section_find_child(report_section_find_child(report_section_find_child(w->sim->report, "hosts"), "phone"),
					  "interfaces"),
		"cell");
	CU_ASSERT_EQUAL(report_get(cell, "radio_promotions")->u.i, 2);
	CU_ASSERT_EQUAL(report_get(cell, "radio_on_ns")->u.i, row(pings, 0)[3].i + tail + row(pings, 1)[3].i + tail);
	CU_ASSERT_TRUE(row(pings, 0)[3].i > SIM_MS(260));
	report_section *down = report_section_find_child(
		report_section_find_child(report_section_find_child(w->sim->report, "links"), "lte"), "down");
	CU_ASSERT_STRING_EQUAL(report_get(down, "trace")->u.s, "cell-steps.trace");
	CU_ASSERT_EQUAL(report_get(down, "rate_bps")->u.i, 8250000);
	destroy(w);
	scn_diag_fini(&diag);
	g_free(path);
}

/* ---- problems the world builder finds ---- */

static void expect_build_error(const char *extra, const char *fragment)
{
	scn_diag diag;
	scn_diag_init(&diag);
	world *w = build_text(extra, &diag);
	CU_ASSERT_PTR_NULL(w);
	bool found = false;
	for (guint i = 0; i < diag.messages->len; i++)
		found = found || strstr(g_ptr_array_index(diag.messages, i), fragment);
	if (!found || diag.messages->len != 1) {
		fprintf(stderr, "\n  expected \"%s\", got:\n", fragment);
		for (guint i = 0; i < diag.messages->len; i++)
			fprintf(stderr, "    %s\n", (char *)g_ptr_array_index(diag.messages, i));
	}
	CU_ASSERT_TRUE(found);
	CU_ASSERT_EQUAL(diag.messages->len, 1);
	if (w)
		destroy(w);
	scn_diag_fini(&diag);
}

static void test_build_errors(void)
{
	expect_build_error("[event.e]\nat = 1s\naction = link-down\ntarget = cel\n",
			   "inline.ini:18: [event.e] target: expected a link LINK, LINK.up or LINK.down of the scenario "
			   "(links: cell), got \"cel\" (did you mean \"cell\"?)");
	expect_build_error("[event.e]\nat = 1s\naction = cell-handover\ntarget = cell.left\n",
			   "[event.e] target: expected a link LINK, LINK.up or LINK.down of the scenario (links: cell), got \"cell.left\"");
	expect_build_error("[event.e]\nat = 1s\naction = iface-down\ntarget = phone.wifi\n",
			   "[event.e] target: expected an interface HOST.IFACE of the scenario (phone.cell, server.eth0), got "
			   "\"phone.wifi\"");
	expect_build_error("[event.e]\nat = 1s\naction = link-loss\ntarget = cell\nloss_rate = 5%\n",
			   "[event.e] target: expected link directions whose loss model can change loss_rate, got cell.up with "
			   "loss model \"none\"");
	expect_build_error("[link.cell.up]\nloss = gilbert-elliott\n[event.e]\nat = 1s\naction = link-loss\ntarget = cell.up\nloss_rate = 5%\n",
			   "[event.e] param: expected a parameter of loss model \"gilbert-elliott\" (of cell.up) that can change: "
			   "ge_p, ge_r, ge_loss_good, ge_loss_bad; got \"loss_rate\"");
	expect_build_error("[event.e]\nat = 1s\naction = addr-add\ntarget = phone.cell\naddresses = 10.0.0.1\n",
			   "[event.e] addresses: expected addresses no interface has when the run starts, got 10.0.0.1, which "
			   "server.eth0 has");
	expect_build_error("[event.e]\nat = 1s\naction = addr-remove\ntarget = phone.cell\naddresses = 10.0.0.1\n",
			   "[event.e] addresses: expected addresses of phone.cell (its own, or given by an addr-add event), got "
			   "10.0.0.1, which belongs to server.eth0");
	expect_build_error("[event.e]\nat = 1s\naction = link-rate\ntarget = cell\nrate = 1Mbit\nover = 1001s\nramp_step = 1ms\n",
			   "[event.e] over: expected a ramp of at most 1000000 steps, got 1001000 (1001s in steps of 1ms: make ramp_step longer)");
	char *trace = g_build_filename(TEST_SHARED_DIR, "reference", "traces", "ATT-LTE-driving-2016.up", NULL);
	char *extra = g_strdup_printf("[link.cell.up]\ntrace = %s\n[event.e]\nat = 1s\naction = link-rate\ntarget = cell\nrate = 1Mbit\n", trace);
	expect_build_error(extra, "[event.e] target: expected link directions with a rate, got cell.up, which replays the "
				  "trace ATT-LTE-driving-2016.up");
	g_free(extra);
	g_free(trace);
}

static CU_TestInfo outage_tests[] = {
	{ .pName = "handover: exactly the packets of the window are lost", .pTestFunc = test_handover_loses_exactly_the_window },
	{ .pName = "association gap, link-down, link-up", .pTestFunc = test_assoc_gap_default_and_link_state },
	TEST_END_OF_TESTS,
};

static CU_TestInfo ramp_tests[] = {
	{ .pName = "rate ramp on schedule, in force for packets", .pTestFunc = test_rate_ramp_on_schedule },
	{ .pName = "uneven ramp steps; an instant delay change", .pTestFunc = test_uneven_ramp_and_instant_delay },
	{ .pName = "loss ramp from 0% to 100%", .pTestFunc = test_loss_ramp },
	{ .pName = "a gilbert-elliott parameter changes", .pTestFunc = test_gilbert_elliott_param },
	{ .pName = "Wi-Fi walk-away: rate down, loss up, then gone", .pTestFunc = test_walk_away },
	TEST_END_OF_TESTS,
};

static CU_TestInfo host_tests[] = {
	{ .pName = "interface down/up and addresses reach observers and routes", .pTestFunc = test_iface_and_addresses },
	{ .pName = "no events: no table, no report section", .pTestFunc = test_no_events_no_table },
	{ .pName = "the shipped siri-walk-away scenario", .pTestFunc = test_shipped_example },
	{ .pName = "unknown targets and impossible changes fail the build", .pTestFunc = test_build_errors },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "outages", .pTests = outage_tests },
	{ .pName = "ramps", .pTests = ramp_tests },
	{ .pName = "interfaces, addresses, errors", .pTests = host_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
