/* scenario_tcp.c — TCP in the world, asserted against models (issue: TCP under every subflow).
 *
 *  - Reno's goodput under random loss p within ±20% of Mathis et al. (CCR 1997):
 *        rate = MSS/RTT · C/√p,  C = √(3/(2b))
 *    for p = 0.1%, 0.5%, 1% at RTT 20 ms and 100 ms, several seeds (loss on data only). b is the
 *    number of segments per window increase step: the receiver ACKs every second segment, but the
 *    sender counts acknowledged bytes (RFC 3465, as Linux does), so the window still grows by one
 *    segment per RTT and b = 1, C = √(3/2) ≈ 1.22. (With per-ACK counting, b = 2 and C ≈ 0.87.)
 *  - After a loss, CUBIC's window follows W(t) = C(t−K)³ + Wmax (RFC 9438: C = 0.4, β = 0.7,
 *    K = ∛(Wmax(1−β)/C)) within 5%.
 *  - A bulk transfer on a clean link with a buffer of at least one BDP uses ≥ 95% of the link.
 *  - A bulk transfer with `stop`, upload and download, ends at stop: what the sender had given
 *    arrives, the connection closes normally, and the goodput is over [start, completion]; with
 *    `bytes` too, whichever comes first ends it.
 *  - Every byte is verified by the receiver (a mismatch fails the run, so world_run() is true).
 * The links are much faster than the flows where the model assumes no queueing. */
#include "testutil.h"

#include "link.h"
#include "world.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static world *build(const char *text, uint64_t seed)
{
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load_from_data("inline.ini", text, strlen(text), NULL, (int64_t)seed, &diag);
	world *w = scn ? world_build(scn, NULL, &diag) : NULL;
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

static report_section *workload(world *w, const char *name)
{
	report_section *s = report_section_find_child(report_section_find_child(w->sim->report, "workloads"), name);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	return s;
}

static double num(report_section *s, const char *key)
{
	const report_value *v = report_get(s, key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	return v->type == REPORT_DOUBLE ? v->u.d : (double)v->u.i;
}

#define TWO_HOSTS_FMT                                                                                     \
	"[simulation]\nduration = %s\n" \
	"[host.a]\n[host.b]\n[interface.a.eth]\naddresses = 10.0.0.1\n[interface.b.eth]\naddresses = 10.0.0.2\n" \
	"[link.l]\na = a.eth\nb = b.eth\nrate = %s\ndelay = %s\nqueue = %s\n%s"                                     \
	"[workload.x]\ntype = bulk\nfrom = a\nto = b\n%s"

static world *two_hosts(const char *duration, const char *rate, const char *delay, const char *queue,
			const char *link_extra, const char *bulk_extra, uint64_t seed)
{
	char *text = g_strdup_printf(TWO_HOSTS_FMT, duration, rate, delay, queue, link_extra, bulk_extra);
	world *w = build(text, seed);
	g_free(text);
	return w;
}

static void test_mathis(void)
{
	static const struct {
		const char *delay; /* one way */
		double rtt;
		const char *loss;
		double p;
		const char *duration;
	} cases[] = {
		{ "10ms", 0.020, "0.1%", 0.001, "200s" }, { "10ms", 0.020, "0.5%", 0.005, "100s" },
		{ "10ms", 0.020, "1%", 0.01, "100s" },	  { "50ms", 0.100, "0.1%", 0.001, "400s" },
		{ "50ms", 0.100, "0.5%", 0.005, "300s" }, { "50ms", 0.100, "1%", 0.01, "200s" },
	};
	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		double sum = 0;
		int seeds = 3;
		for (uint64_t seed = 1; seed <= (uint64_t)seeds; seed++) {
			char *lossy = g_strdup_printf("[link.l.up]\nloss = bernoulli\nloss_rate = %s\n", cases[c].loss);
			world *w = two_hosts(cases[c].duration, "1Gbit", cases[c].delay, "10000pkt", lossy,
					     "cc = reno\ntrace_interval = 0s\n", seed);
			g_free(lossy);
			CU_ASSERT_PTR_NOT_NULL_FATAL(w);
			CU_ASSERT_TRUE(world_run(w, NULL));
			world_report(w);
			sum += num(workload(w, "x"), "goodput_bps");
			destroy(w);
		}
		double measured = sum / seeds;
		double mss = 1448; /* 1460 less the timestamp option */
		double model = mss * 8 / cases[c].rtt * sqrt(3.0 / 2.0) / sqrt(cases[c].p);
		double ratio = measured / model;
		printf("\n  Mathis RTT %.0f ms p %s: measured %.3f Mbit/s, model %.3f Mbit/s, ratio %.3f", cases[c].rtt * 1e3,
		       cases[c].loss, measured / 1e6, model / 1e6, ratio);
		CU_ASSERT_TRUE(ratio >= 0.8 && ratio <= 1.2);
	}
}

static void test_clean_link_utilisation(void)
{
	/* 100 Mbit/s, 20 ms RTT: BDP 250 kB ≈ 167 packets; a 200-packet buffer. The link carries
	 * ≥ 95% of its capacity in IP bytes from the end of the first second (slow start) on, and
	 * the goodput is ≥ 95% of what that leaves for payload (1448 of every 1500 bytes). */
	const char *ccs[] = { "cc = reno\n", "cc = cubic\n" };
	for (size_t i = 0; i < G_N_ELEMENTS(ccs); i++) {
		world *w = two_hosts("21s", "100Mbit", "10ms", "200pkt", "", ccs[i], 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		CU_ASSERT_TRUE(world_run_until(w, SIM_S(1), NULL));
		link_dir *up = ((struct world_link *)g_ptr_array_index(w->links, 0))->up;
		uint64_t bytes_at_1s = up->stats.tx_bytes;
		CU_ASSERT_TRUE(world_run(w, NULL));
		world_report(w);
		double util = (double)(up->stats.tx_bytes - bytes_at_1s) * 8 / (100e6 * 20);
		double goodput = num(workload(w, "x"), "goodput_bps");
		printf("\n  %.*s: utilisation %.4f, goodput %.2f Mbit/s", (int)strlen(ccs[i]) - 1, ccs[i], util, goodput / 1e6);
		CU_ASSERT_TRUE(util >= 0.95);
		CU_ASSERT_TRUE(goodput >= 0.95 * 100e6 * 1448 / 1500 * 20 / 21);
		destroy(w);
	}
}

static void test_transfer_completes_and_verifies(void)
{
	/* 10 MB through 1% loss: completes, every byte verified, completion time above the
	 * serialisation bound. */
	world *w = two_hosts("60s", "20Mbit", "20ms", "100pkt", "[link.l.up]\nloss = bernoulli\nloss_rate = 1%\n",
			     "bytes = 10MB\n", 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	report_section *x = workload(w, "x");
	CU_ASSERT_EQUAL(report_get(x, "completed")->u.b, true);
	CU_ASSERT_EQUAL(num(x, "bytes_delivered"), 10e6);
	CU_ASSERT_TRUE(num(x, "completion_time_ns") > 10e6 * 8 / 20e6 * 1e9);
	report_section *snd = report_section_find_child(x, "sender");
	CU_ASSERT_PTR_NOT_NULL_FATAL(snd);
	CU_ASSERT_TRUE(num(snd, "retransmits") > 0);
	CU_ASSERT_EQUAL(num(report_section_find_child(x, "receiver"), "integrity_errors"), 0);
	destroy(w);
}

/* `stop` ends an endless transfer, upload and download, on a clean 20 Mbit/s link with a 40 ms RTT
 * and a 256 KB send buffer (the window of the path is 100 kB and the queue 150 kB, so the buffer
 * never limits the rate, and what it holds at stop drains in 0.1 s). From 1 s to 4 s: the sender
 * gives nothing after 4 s, the receiver has all it gave within the drain time and a few RTTs, the
 * connection closes normally at both ends, and the goodput is the bytes over [start, completion]. */
static void test_stop(void)
{
	const char *dirs[] = { "upload", "download" };
	const double rate = 20e6, rtt = 0.040, sndbuf = 256e3, start = 1, stop = 4;
	for (size_t d = 0; d < G_N_ELEMENTS(dirs); d++) {
		char *bulk = g_strdup_printf("direction = %s\nstart = 1s\nstop = 4s\nsndbuf = 256KB\ntrace_interval = 0s\n",
					     dirs[d]);
		world *w = two_hosts("10s", "20Mbit", "20ms", "100pkt", "", bulk, 1);
		g_free(bulk);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		CU_ASSERT_TRUE(world_run(w, NULL));
		world_report(w);
		report_section *x = workload(w, "x");
		double bytes = num(x, "bytes_delivered"), t = num(x, "completion_time_ns") / 1e9;
		double goodput = num(x, "goodput_bps");
		printf("\n  %s stopped at %.0f s: %.0f bytes, complete after %.3f s, goodput %.2f Mbit/s", dirs[d], stop,
		       bytes, t, goodput / 1e6);
		CU_ASSERT_EQUAL(report_get(x, "completed")->u.b, true);
		CU_ASSERT_EQUAL(report_get(x, "stopped")->u.b, true);
		CU_ASSERT_EQUAL(report_get(x, "failed")->u.b, false);
		/* not before stop; after it, no longer than the buffer's drain and the FIN's round trips */
		CU_ASSERT_TRUE(t >= stop - start);
		CU_ASSERT_TRUE(t <= stop - start + sndbuf * 8 / rate + 3 * rtt);
		/* no more than the link carries in that time, and most of it (slow start aside) */
		CU_ASSERT_TRUE(bytes * 8 <= rate * t);
		CU_ASSERT_TRUE(bytes * 8 >= 0.85 * rate * 1448 / 1500 * (stop - start));
		CU_ASSERT_DOUBLE_EQUAL(goodput, bytes * 8 / t, 1.0);
		/* both ends closed: the receiver answered the sender's FIN with its own */
		report_section *snd = report_section_find_child(x, "sender"), *rcv = report_section_find_child(x, "receiver");
		CU_ASSERT_PTR_NOT_NULL_FATAL(snd);
		CU_ASSERT_PTR_NOT_NULL_FATAL(rcv);
		printf(" (sender %s, receiver %s)", report_get(snd, "state")->u.s, report_get(rcv, "state")->u.s);
		CU_ASSERT_STRING_EQUAL(report_get(rcv, "state")->u.s, "CLOSED");
		CU_ASSERT_TRUE(!strcmp(report_get(snd, "state")->u.s, "CLOSED") ||
			       !strcmp(report_get(snd, "state")->u.s, "TIME_WAIT"));
		destroy(w);
	}
	/* With `bytes` too, whichever comes first ends the transfer: 1 MB is done long before stop
	 * (not stopped, every byte), 100 MB is cut at stop (stopped, fewer bytes, completed). */
	world *w = two_hosts("10s", "20Mbit", "20ms", "100pkt", "", "bytes = 1MB\nstart = 1s\nstop = 4s\n", 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	report_section *x = workload(w, "x");
	CU_ASSERT_EQUAL(report_get(x, "stopped")->u.b, false);
	CU_ASSERT_EQUAL(report_get(x, "completed")->u.b, true);
	CU_ASSERT_EQUAL(num(x, "bytes_delivered"), 1e6);
	CU_ASSERT_TRUE(num(x, "completion_time_ns") < 3e9);
	destroy(w);
	w = two_hosts("10s", "20Mbit", "20ms", "100pkt", "", "bytes = 100MB\nstart = 1s\nstop = 4s\nsndbuf = 256KB\n", 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	x = workload(w, "x");
	CU_ASSERT_EQUAL(report_get(x, "stopped")->u.b, true);
	CU_ASSERT_EQUAL(report_get(x, "completed")->u.b, true);
	CU_ASSERT_TRUE(num(x, "bytes_delivered") < 100e6 / 10);
	CU_ASSERT_TRUE(num(x, "completion_time_ns") >= 3e9);
	destroy(w);
}

/* The rows of table `name` (kept in memory: no sink in tests). */
static report_table *table(world *w, const char *name)
{
	for (guint i = 0; i < w->sim->tables->len; i++) {
		report_table *t = g_ptr_array_index(w->sim->tables, i);
		if (!strcmp(t->name, name))
			return t;
	}
	CU_FAIL_FATAL("no such table");
	return NULL;
}

static void test_cubic_window(void)
{
	/* One drop during slow start, on a 1 Gbit/s path with RTT 100 ms and no queueing: after the
	 * recovery the window must follow W(t) = C(t−K)³ + Wmax with Wmax = ssthresh/β. Checked on
	 * samples every 10 ms from 0.5 s after recovery until 1.8·K, within 5%, for three drop points
	 * (three different Wmax). */
	const int drops[] = { 1500, 2500, 4000 };
	for (size_t d = 0; d < G_N_ELEMENTS(drops); d++) {
		char *link = g_strdup_printf("[link.l.up]\nloss = scripted\ndrop_list = %d\n", drops[d]);
		world *w = two_hosts("40s", "1Gbit", "50ms", "100000pkt", link,
				     "cc = cubic\nrcvbuf = 256MiB\nsndbuf = 256MiB\ntrace_interval = 10ms\n", 1);
		g_free(link);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		CU_ASSERT_TRUE(world_run(w, NULL));
		report_table *ev = table(w, "bulk_x_tcp_events");
		/* columns: time_ns, conn, event, value; the first retransmission follows the loss */
		sim_time_t loss_at = -1;
		for (guint r = 0; r < ev->n_rows && loss_at < 0; r++) {
			const report_cell *row = &g_array_index(ev->rows, report_cell, r * ev->n_columns);
			if (!strcmp(row[2].s, "retransmit"))
				loss_at = row[0].i;
		}
		CU_ASSERT_TRUE_FATAL(loss_at >= 0);
		report_table *tr = table(w, "bulk_x_tcp");
		/* columns: time_ns, conn, state, cwnd_bytes, ssthresh_bytes, ... ; conn 0 is the sender */
		double mss = 1448, beta = 0.7, C = 0.4, wmax = 0, t0 = sim_time_to_seconds(loss_at) + 0.1;
		for (guint r = 0; r < tr->n_rows; r++) {
			const report_cell *row = &g_array_index(tr->rows, report_cell, r * tr->n_columns);
			if (row[1].i == 0 && row[0].i > loss_at && row[4].i < (int64_t)UINT32_MAX) {
				wmax = (double)row[4].i / mss / beta;
				break;
			}
		}
		CU_ASSERT_TRUE_FATAL(wmax > 100);
		double K = cbrt(wmax * (1 - beta) / C);
		int checked = 0, bad = 0;
		double worst = 0;
		for (guint r = 0; r < tr->n_rows; r++) {
			const report_cell *row = &g_array_index(tr->rows, report_cell, r * tr->n_columns);
			double t = sim_time_to_seconds(row[0].i) - t0;
			if (row[1].i != 0 || t < 0.5 || t > 1.8 * K)
				continue;
			double want = C * pow(t - K, 3) + wmax, got = (double)row[3].i / mss;
			double err = fabs(got - want) / want;
			worst = fmax(worst, err);
			bad += err > 0.05;
			checked++;
		}
		printf("\n  CUBIC drop %d: Wmax %.0f segments, K %.2f s, %d samples, worst error %.2f%%", drops[d], wmax, K,
		       checked, worst * 100);
		CU_ASSERT_TRUE(checked > 100);
		CU_ASSERT_EQUAL(bad, 0);
		destroy(w);
	}
}

static void test_reqresp_latency(void)
{
	/* 100 B requests, 10 kB responses (7 segments, inside the initial window) over 100 Mbit/s and a
	 * 40 ms RTT: each exchange takes one RTT plus serialisation, never a retransmission timeout. */
	const char *text =
		"[simulation]\nduration = 5s\n"
		"[host.a]\n[host.b]\n[interface.a.eth]\naddresses = 10.0.0.1\n[interface.b.eth]\naddresses = 10.0.0.2\n"
		"[link.l]\na = a.eth\nb = b.eth\nrate = 100Mbit\ndelay = 20ms\nqueue = 100pkt\n"
		"[workload.rr]\ntype = reqresp\nfrom = a\nto = b\nrequest = 100B\nresponse = 10KB\ncount = 20\ninterval = 50ms\n";
	world *w = build(text, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_TRUE(world_run(w, NULL));
	world_report(w);
	report_section *rr = workload(w, "rr");
	CU_ASSERT_EQUAL(num(rr, "requests"), 20);
	CU_ASSERT_EQUAL(num(rr, "completed"), 20);
	CU_ASSERT_EQUAL(report_get(rr, "failed")->u.b, false);
	double rtt = 40e6, tx = (7 * 1500 + 152) * 8 / 100e6 * 1e9;
	CU_ASSERT_TRUE(num(rr, "latency_min_ns") >= rtt);
	CU_ASSERT_TRUE(num(rr, "latency_max_ns") <= rtt + tx + 1e6);
	CU_ASSERT_TRUE(num(rr, "handshake_ns") >= rtt && num(rr, "handshake_ns") < rtt + 1e6);
	CU_ASSERT_EQUAL(num(report_section_find_child(rr, "server"), "retransmits"), 0);
	destroy(w);
}

static CU_TestInfo tcp_tests[] = {
	{ .pName = "request/response: one RTT per exchange", .pTestFunc = test_reqresp_latency },
	{ .pName = "CUBIC window follows C(t-K)^3 + Wmax within 5%", .pTestFunc = test_cubic_window },
	{ .pName = "10 MB over 1% loss completes, verified", .pTestFunc = test_transfer_completes_and_verifies },
	{ .pName = "bulk with stop, upload and download: ends at stop, closes", .pTestFunc = test_stop },
	{ .pName = "clean link with one BDP of buffer: >= 95% used", .pTestFunc = test_clean_link_utilisation },
	{ .pName = "Reno goodput within 20% of Mathis", .pTestFunc = test_mathis },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "TCP scenarios", .pTests = tcp_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
