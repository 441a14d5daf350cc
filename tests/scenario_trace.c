/* scenario_trace.c — trace-driven links end to end: a saturating cbr stream over the Verizon LTE
 * downlink trace (140 s, run twice) delivers at the trace's capacity and no more, and so does a
 * TCP download over the Verizon up and down traces; a trace file
 * shared by several links is read once; a scenario's relative trace path resolves against its
 * folder; an unreadable or malformed trace fails the build with the group, key, file and line. */
#include "testutil.h"

#include "link.h"
#include "world.h"

#include <string.h>

static char *shared_trace(const char *name)
{
	return g_build_filename(TEST_SHARED_DIR, "reference", "traces", name, NULL);
}

static world *build(const char *display_path, const char *text, scn_diag *diag)
{
	scenario *scn = scn_load_from_data(display_path, text, strlen(text), NULL, -1, diag);
	world *w = scn ? world_build(scn, NULL, diag) : NULL;
	if (!w)
		scn_free(scn);
	return w;
}

static void destroy(world *w)
{
	const scenario *scn = w->scn;
	world_free(w);
	scn_free((scenario *)scn);
}

static const report_value *get(report_section *root, const char *const *path, const char *key)
{
	report_section *s = root;
	for (; *path && s; path++)
		s = report_section_find_child(s, *path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	const report_value *v = report_get(s, key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	return v;
}

static void test_cbr_over_verizon_downlink(void)
{
	char *down = shared_trace("Verizon-LTE-short.down");
	char *text = g_strdup_printf(
		"[simulation]\nduration = 280s\n"
		"[host.phone]\n[host.server]\n"
		"[interface.phone.cell]\naddresses = 10.0.0.2\n[interface.server.eth0]\naddresses = 10.0.0.1\n"
		"[link.cell]\na = phone.cell\nb = server.eth0\nrate = 5Mbit\ndelay = 20ms\nqueue = 1000pkt\n"
		"[link.cell.down]\ntrace = %s\n"
		"[workload.s]\ntype = cbr\nfrom = server\nto = phone\nrate = 20Mbit\nsize = 1500B\n",
		down);
	scn_diag diag;
	scn_diag_init(&diag);
	world *w = build("inline.ini", text, &diag);
	CU_ASSERT_EQUAL(diag.messages->len, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	link_trace *t = link_trace_load(down, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	/* Opportunities in the run: the 140 s trace twice, less its last time (at 280 s, the end). */
	sim_time_t end = SIM_S(280);
	uint64_t opportunities = 0;
	for (int64_t rep = 0; rep * t->period < end; rep++)
		for (size_t i = 0; i < t->n && rep * t->period + t->times[i] < end; i++)
			opportunities++;
	const char *dir[] = { "links", "cell", "down", NULL };
	report_section *root = w->sim->report;
	CU_ASSERT_EQUAL(get(root, dir, "trace_repetitions")->u.i, 1);
	CU_ASSERT_TRUE(opportunities < 2 * t->n);
	CU_ASSERT_STRING_EQUAL(get(root, dir, "trace")->u.s, "Verizon-LTE-short.down");
	CU_ASSERT_EQUAL(get(root, dir, "rate_bps")->u.i, link_trace_mean_rate_bps(t));
	/* Saturated (20 Mbit/s offered to 5.03): one 1500-byte packet per opportunity, except while
	 * the queue first fills. */
	int64_t used = get(root, dir, "trace_opportunities_used")->u.i;
	CU_ASSERT_TRUE(used <= (int64_t)opportunities);
	CU_ASSERT_TRUE(used >= (int64_t)opportunities * 99 / 100);
	CU_ASSERT_EQUAL(get(root, dir, "tx_packets")->u.i, used);
	CU_ASSERT_TRUE(get(root, dir, "drops_queue")->u.i > 0);
	/* Goodput over two whole repetitions: below the trace's mean rate, and all of it but the
	 * UDP/IP headers (28 of 1500 bytes) and the start. */
	const char *wl[] = { "workloads", "s", NULL };
	double goodput = get(root, wl, "goodput_bps")->u.d, mean = (double)link_trace_mean_rate_bps(t);
	CU_ASSERT_TRUE(goodput < mean);
	CU_ASSERT_TRUE(goodput > 0.99 * mean * 1472.0 / 1500.0);
	fprintf(stderr, "\n  goodput %.0f bit/s over a %.0f bit/s trace (%.1f%%)\n", goodput, mean, 100.0 * goodput / mean);
	link_trace_unref(t);
	destroy(w);
	scn_diag_fini(&diag);
	g_free(text);
	g_free(down);
}

static void test_tcp_bulk_over_verizon(void)
{
	/* A TCP download over the Verizon LTE traces (ACKs on the uplink trace), 150 s: past the end
	 * of the 140 s trace. Goodput stays below the downlink trace's mean rate and gets most of it. */
	char *down = shared_trace("Verizon-LTE-short.down"), *up = shared_trace("Verizon-LTE-short.up");
	char *text = g_strdup_printf(
		"[simulation]\nduration = 150s\n"
		"[host.phone]\n[host.server]\n"
		"[interface.phone.cell]\naddresses = 10.0.0.2\n[interface.server.eth0]\naddresses = 10.0.0.1\n"
		"[link.cell]\na = phone.cell\nb = server.eth0\npreset = lte\n"
		"[link.cell.up]\ntrace = %s\n[link.cell.down]\ntrace = %s\n"
		"[workload.dl]\ntype = bulk\nfrom = phone\nto = server\ndirection = download\ntrace_interval = 0s\n",
		up, down);
	scn_diag diag;
	scn_diag_init(&diag);
	world *w = build("inline.ini", text, &diag);
	CU_ASSERT_EQUAL(diag.messages->len, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	report_section *root = w->sim->report;
	const char *dir[] = { "links", "cell", "down", NULL }, *wl[] = { "workloads", "dl", NULL };
	CU_ASSERT_EQUAL(get(root, dir, "trace_repetitions")->u.i, 1);
	double goodput = get(root, wl, "goodput_bps")->u.d;
	double mean = (double)get(root, dir, "rate_bps")->u.i;
	fprintf(stderr, "\n  TCP goodput %.0f bit/s over a %.0f bit/s trace (%.1f%%)\n", goodput, mean, 100.0 * goodput / mean);
	CU_ASSERT_TRUE(goodput < mean);
	CU_ASSERT_TRUE(goodput > 0.5 * mean);
	destroy(w);
	scn_diag_fini(&diag);
	g_free(text);
	g_free(down);
	g_free(up);
}

static void test_shared_file_read_once(void)
{
	/* Two links, three directions on one file (two spellings), one on another: two reads. */
	char *a = shared_trace("ATT-LTE-driving-2016.down");
	char *a2 = g_build_filename(TEST_SHARED_DIR, "reference", "traces", "..", "traces", "ATT-LTE-driving-2016.down", NULL);
	char *b = shared_trace("ATT-LTE-driving-2016.up");
	char *text = g_strdup_printf(
		"[host.p]\n[host.q]\n"
		"[interface.p.x]\naddresses = 10.0.0.2\n[interface.p.y]\naddresses = 10.1.0.2\n"
		"[interface.q.x]\naddresses = 10.0.0.1\n[interface.q.y]\naddresses = 10.1.0.1\n"
		"[link.one]\na = p.x\nb = q.x\ntrace = %s\n"
		"[link.two]\na = p.y\nb = q.y\ntrace = %s\n[link.two.up]\ntrace = %s\n",
		a, a2, b);
	scn_diag diag;
	scn_diag_init(&diag);
	world *w = build("inline.ini", text, &diag);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_EQUAL(trace_cache_size(w->traces), 2);
	struct world_link *one = g_ptr_array_index(w->links, 0), *two = g_ptr_array_index(w->links, 1);
	CU_ASSERT_PTR_EQUAL(one->up->trace, one->down->trace);
	CU_ASSERT_PTR_EQUAL(one->up->trace, two->down->trace);
	CU_ASSERT_PTR_NOT_EQUAL(two->up->trace, two->down->trace);
	destroy(w);
	scn_diag_fini(&diag);
	g_free(text);
	g_free(a);
	g_free(a2);
	g_free(b);
}

static void test_relative_path_and_errors(void)
{
	/* Relative to the scenario's folder: the reference folder of the shared traces. */
	char *scn_path = g_build_filename(TEST_SHARED_DIR, "reference", "virtual.ini", NULL);
	const char *base = "[host.p]\n[host.q]\n[interface.p.x]\naddresses = 10.0.0.2\n[interface.q.x]\naddresses = 10.0.0.1\n"
			   "[link.l]\na = p.x\nb = q.x\n";
	char *ok = g_strconcat(base, "trace = traces/TMobile-UMTS-driving.up\n", NULL);
	scn_diag diag;
	scn_diag_init(&diag);
	world *w = build(scn_path, ok, &diag);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_EQUAL(((struct world_link *)g_ptr_array_index(w->links, 0))->up->trace->n, 73197);
	destroy(w);

	char *missing = g_strconcat(base, "trace = traces/no-such.trace\n", NULL);
	w = build(scn_path, missing, &diag);
	CU_ASSERT_PTR_NULL(w);
	CU_ASSERT_EQUAL_FATAL(diag.messages->len, 1); /* both directions inherit it: said once */
	const char *m = g_ptr_array_index(diag.messages, 0);
	CU_ASSERT_TRUE(g_str_has_prefix(m, scn_path));
	CU_ASSERT_PTR_NOT_NULL(strstr(m, ":10: [link.l] trace: expected a readable trace file, got: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(m, "no-such.trace"));
	scn_diag_fini(&diag);
	scn_diag_init(&diag);

	char *dir = testutil_tmpdir("trace");
	char *bad = g_build_filename(dir, "bad.trace", NULL);
	CU_ASSERT_TRUE(g_file_set_contents(bad, "1\n2\n3\nfour\n", -1, NULL));
	char *bad_scn = g_strdup_printf("%srate = 1Mbit\n[link.l.down]\ntrace = %s\n", base, bad);
	w = build("inline.ini", bad_scn, &diag);
	CU_ASSERT_PTR_NULL(w);
	CU_ASSERT_EQUAL_FATAL(diag.messages->len, 1);
	m = g_ptr_array_index(diag.messages, 0);
	char *want = g_strdup_printf("inline.ini:12: [link.l.down] trace: %s:4: expected a time in whole milliseconds like 42, got \"four\"", bad);
	CU_ASSERT_STRING_EQUAL(m, want);
	g_free(want);
	testutil_rmtree(dir);
	g_free(bad);
	g_free(dir);
	g_free(bad_scn);
	g_free(missing);
	g_free(ok);
	g_free(scn_path);
	scn_diag_fini(&diag);
}

static CU_TestInfo trace_tests[] = {
	{ .pName = "saturating cbr over the Verizon LTE downlink, looped", .pTestFunc = test_cbr_over_verizon_downlink },
	{ .pName = "TCP bulk download over the Verizon LTE traces", .pTestFunc = test_tcp_bulk_over_verizon },
	{ .pName = "a file shared by links is read once", .pTestFunc = test_shared_file_read_once },
	{ .pName = "relative paths; unreadable and malformed traces", .pTestFunc = test_relative_path_and_errors },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "trace-driven links", .pTests = trace_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
