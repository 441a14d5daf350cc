/* scenario_failover.c — the single-path `tcp` way of using two radios (failover = reconnect).
 *
 * A phone with Wi-Fi (10 ms RTT to the server) and LTE (radio: 260 ms promotion after idle; 72 ms
 * RTT to the server) asks Siri something every 3 s. Wi-Fi fails at 5 s:
 *  - noticed (the interface goes down): the app reconnects over LTE at once; the handover gap is at
 *    least the radio's promotion plus one RTT of the cellular path (the new handshake), every
 *    request is answered, LTE carried bytes and its radio was on.
 *  - silent (the link just stops): the app notices when data has been owed for failover_after
 *    with none arriving; the gap is at least failover_after + promotion + one cellular RTT.
 *    A silent failure never says Wi-Fi is back: the app stays on LTE (one failover only).
 *  - failover = none: the request in flight fails at its deadline (the gap lasts at least that
 *    long), no byte goes over LTE.
 *  - Wi-Fi back (interface up): the next request returns to Wi-Fi (`returns`).
 *  - streaming resumes from the first missing byte and finishes; a web page and interactive
 *    messages in flight complete over LTE, each at least promotion + one cellular RTT late.
 * Experiment 9 of reference/experiments.md (Paasch et al.): single-path mode pays a new handshake
 * plus the cellular radio's wake-up. */
#include "testutil.h"

#include "world.h"

#include <string.h>

#define PROMOTION 0.260
#define CELL_RTT (2 * (0.030 + 0.005 + 0.001))

static const char *const topology =
	"[simulation]\nduration = 14s\n"
	"[host.phone]\n[host.ap]\nforward = true\n[host.pgw]\nforward = true\n[host.internet]\nforward = true\n"
	"[host.server]\n"
	"[interface.phone.wifi]\naddresses = 192.168.1.20\n"
	"[interface.phone.cell]\naddresses = 100.64.7.20\nradio = lte\n"
	"[interface.ap.wlan]\naddresses = 192.168.1.1\n[interface.ap.wan]\naddresses = 198.51.100.2\n"
	"[interface.pgw.ran]\naddresses = 100.64.0.1\n[interface.pgw.core]\naddresses = 198.51.100.6\n"
	"[interface.internet.a]\naddresses = 198.51.100.1\n[interface.internet.b]\naddresses = 198.51.100.5\n"
	"[interface.internet.c]\naddresses = 203.0.113.1\n[interface.server.eth0]\naddresses = 203.0.113.10\n"
	"[link.wifi]\na = phone.wifi\nb = ap.wlan\nrate = 20Mbit\ndelay = 3ms\n"
	"[link.lte]\na = phone.cell\nb = pgw.ran\npreset = lte\n"
	"[link.ap-uplink]\na = ap.wan\nb = internet.a\nrate = 100Mbit\ndelay = 1ms\n"
	"[link.pgw-core]\na = pgw.core\nb = internet.b\nrate = 1Gbit\ndelay = 5ms\n"
	"[link.server]\na = internet.c\nb = server.eth0\nrate = 1Gbit\ndelay = 1ms\n"
	"[event.wifi-dead]\nat = 5s\naction = link-down\ntarget = wifi\n"
	"[event.wifi-down]\nat = 5s\naction = iface-down\ntarget = phone.wifi\n";

static const char *const siri = "[workload.siri]\ntype = siri\nfrom = phone.wifi\nto = server\nperiod = 3s\n"
				"deadline = 4s\nfailover_to = phone.cell\nfailover_after = 1s\n";

/* `workload` (a [workload.siri] group, whatever its type) followed by `extra` (keys, groups); the
 * topology's own events take Wi-Fi away at 5 s, noticed unless `silent`. */
static world *run_workload(const char *workload, const char *extra, bool silent, report_section **out)
{
	char *net = g_strdup(topology);
	if (silent)
		*strstr(net, "[event.wifi-down]") = '\0';
	char *text = g_strconcat(net, workload, extra, NULL);
	g_free(net);
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load_from_data("inline.ini", text, strlen(text), NULL, -1, &diag);
	world *w = scn ? world_build(scn, NULL, &diag) : NULL;
	for (guint i = 0; i < diag.messages->len; i++)
		fprintf(stderr, "%s\n", (char *)g_ptr_array_index(diag.messages, i));
	CU_ASSERT_EQUAL(diag.messages->len, 0);
	scn_diag_fini(&diag);
	g_free(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	GError *err = NULL;
	CU_ASSERT_TRUE(world_run(w, &err));
	g_clear_error(&err);
	world_report(w);
	*out = report_section_find_child(report_section_find_child(w->sim->report, "workloads"), "siri");
	CU_ASSERT_PTR_NOT_NULL_FATAL(*out);
	return w;
}

static world *run(const char *extra, bool silent, report_section **out)
{
	return run_workload(siri, extra, silent, out);
}

static void destroy(world *w)
{
	const scenario *scn = w->scn;
	world_free(w);
	scn_free((scenario *)scn);
}

static double num(const report_section *s, const char *key)
{
	const report_value *v = report_get(s, key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	return v->type == REPORT_DOUBLE ? v->u.d : (double)v->u.i;
}

static double iface_num(const report_section *s, const char *ifc, const char *key)
{
	return num(report_section_find_child(report_section_find_child(s, "ifaces"), ifc), key);
}

static void test_noticed(void)
{
	report_section *s;
	world *w = run("failover = reconnect\n", false, &s);
	CU_ASSERT_EQUAL(num(s, "failovers"), 1);
	CU_ASSERT_EQUAL(num(s, "failed"), 0);
	CU_ASSERT_TRUE(num(s, "ok") >= 4);
	double gap = num(s, "handover_gap_ns") / 1e9;
	CU_ASSERT_TRUE(gap >= PROMOTION + CELL_RTT);
	CU_ASSERT_TRUE(gap < PROMOTION + CELL_RTT + 0.333 + 0.1); /* plus at most one chunk spacing */
	CU_ASSERT_TRUE(iface_num(s, "cell", "bytes") > 2500);
	CU_ASSERT_TRUE(num(s, "cellular_bytes") == iface_num(s, "cell", "bytes"));
	CU_ASSERT_TRUE(iface_num(s, "cell", "radio_on_ns") / 1e9 >= PROMOTION);
	destroy(w);
}

static void test_silent(void)
{
	report_section *s;
	world *w = run("failover = reconnect\n", true, &s);
	CU_ASSERT_EQUAL(num(s, "failovers"), 1);
	CU_ASSERT_EQUAL(num(s, "failed"), 0);
	double gap = num(s, "handover_gap_ns") / 1e9;
	CU_ASSERT_TRUE(gap >= 1.0 + PROMOTION + CELL_RTT);
	CU_ASSERT_TRUE(gap < 1.0 + PROMOTION + CELL_RTT + 0.1);
	destroy(w);
}

static void test_none(void)
{
	report_section *s;
	world *w = run("failover = none\n", true, &s);
	CU_ASSERT_EQUAL(num(s, "failovers"), 0);
	/* The query in flight at 5 s fails at its deadline; the next one is still unanswered at 14 s. */
	CU_ASSERT_EQUAL(num(s, "failed"), 1);
	CU_ASSERT_EQUAL(num(s, "ok"), 1); /* the one before the failure */
	/* Nothing arrives from the first chunk after the failure until the request fails, at least a
	 * deadline (4 s) later. */
	CU_ASSERT_TRUE(num(s, "handover_gap_ns") / 1e9 >= 4.0);
	CU_ASSERT_EQUAL(num(s, "cellular_bytes"), 0);
	destroy(w);
}

static void test_return(void)
{
	report_section *s;
	world *w = run("failover = reconnect\n[event.wifi-back]\nat = 8s\naction = link-up\ntarget = wifi\n"
		       "[event.wifi-up]\nat = 8s\naction = iface-up\ntarget = phone.wifi\n",
		       false, &s);
	CU_ASSERT_EQUAL(num(s, "failovers"), 1);
	CU_ASSERT_EQUAL(num(s, "returns"), 1);
	CU_ASSERT_EQUAL(num(s, "connections"), 3);
	CU_ASSERT_EQUAL(num(s, "failed"), 0);
	destroy(w);
}

static void test_other_models(void)
{
	/* A stream still being sent at 5 s (the server is 4 s of media ahead of real time) resumes
	 * from the first missing byte over LTE and completes; a page whose objects
	 * were in flight completes over LTE; messages in flight are answered over LTE. */
	report_section *s;
	world *w = run_workload("[workload.siri]\ntype = streaming\nfrom = phone.wifi\nto = server\nlength = 10s\n"
				"failover = reconnect\nfailover_to = phone.cell\n",
				"", false, &s);
	CU_ASSERT_EQUAL(num(s, "failovers"), 1);
	CU_ASSERT_EQUAL(num(s, "received_bytes"), num(s, "stream_bytes"));
	CU_ASSERT_TRUE(report_get(s, "finished")->u.b);
	CU_ASSERT_TRUE(num(s, "handover_gap_ns") / 1e9 >= PROMOTION + CELL_RTT);
	destroy(w);
	w = run_workload("[workload.siri]\ntype = web\nfrom = phone.wifi\nto = server\nstart = 4900ms\n"
			 "objects = 200000, 300000\nconnections = 2\nfailover = reconnect\nfailover_to = phone.cell\n",
			 "", false, &s);
	CU_ASSERT_TRUE(num(s, "failovers") >= 1);
	CU_ASSERT_EQUAL(num(s, "ok"), 1);
	CU_ASSERT_TRUE(num(s, "response_max_ns") / 1e9 >= PROMOTION + CELL_RTT);
	destroy(w);
	w = run_workload("[workload.siri]\ntype = interactive\nfrom = phone.wifi\nto = server\ninterval = 50ms\n"
			 "failover = reconnect\nfailover_to = phone.cell\n",
			 "", false, &s);
	CU_ASSERT_EQUAL(num(s, "failovers"), 1);
	CU_ASSERT_EQUAL(num(s, "failed"), 0);
	CU_ASSERT_TRUE(num(s, "response_max_ns") / 1e9 >= PROMOTION + CELL_RTT);
	destroy(w);
}

static void test_needs_failover_to(void)
{
	const char *text = "[simulation]\nduration = 1s\n[host.a]\n[host.b]\n[interface.a.eth]\naddresses = 10.0.0.1\n"
			   "[interface.b.eth]\naddresses = 10.0.0.2\n[link.l]\na = a.eth\nb = b.eth\nrate = 1Mbit\n"
			   "[workload.x]\ntype = siri\nfrom = a.eth\nto = b\nfailover = reconnect\n";
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load_from_data("inline.ini", text, strlen(text), NULL, -1, &diag);
	CU_ASSERT_PTR_NOT_NULL_FATAL(scn);
	CU_ASSERT_PTR_NULL(world_build(scn, NULL, &diag));
	CU_ASSERT_EQUAL_FATAL(diag.messages->len, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(g_ptr_array_index(diag.messages, 0),
				      "[workload.x] failover: reconnect needs failover_to, the client's HOST.IFACE"));
	scn_diag_fini(&diag);
	scn_free(scn);
	/* An interface of another host */
	char *bad = g_strconcat(text, "failover_to = b.eth\n", NULL);
	scn_diag_init(&diag);
	scn = scn_load_from_data("inline.ini", bad, strlen(bad), NULL, -1, &diag);
	CU_ASSERT_PTR_NOT_NULL_FATAL(scn);
	CU_ASSERT_PTR_NULL(world_build(scn, NULL, &diag));
	CU_ASSERT_EQUAL_FATAL(diag.messages->len, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(g_ptr_array_index(diag.messages, 0),
				      "[workload.x] failover_to: with failover = reconnect, expected another "
				      "interface of the client host than `from`, got \"b.eth\""));
	scn_diag_fini(&diag);
	scn_free(scn);
	g_free(bad);
}

static CU_TestInfo tests[] = {
	{ .pName = "Wi-Fi down, noticed: reconnect over LTE, gap >= promotion + cellular RTT", .pTestFunc = test_noticed },
	{ .pName = "Wi-Fi silent: reconnect after failover_after, gap >= it + promotion + RTT", .pTestFunc = test_silent },
	{ .pName = "failover = none: requests after the failure fail, nothing over LTE", .pTestFunc = test_none },
	{ .pName = "Wi-Fi back: the next request returns to it", .pTestFunc = test_return },
	{ .pName = "streaming, web and interactive recover over LTE after a failover", .pTestFunc = test_other_models },
	{ .pName = "failover = reconnect without failover_to is refused naming the key", .pTestFunc = test_needs_failover_to },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "failover", .pInitFunc = NULL, .pCleanupFunc = NULL, .pSetUpFunc = NULL, .pTearDownFunc = NULL, .pTests = tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
