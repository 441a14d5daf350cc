/* scenario_coupled_timeline.c — experiment 4 of reference/experiments.md, the coupled congestion
 * control timeline (scenarios/coupled-timeline.ini): an MPTCP upload with one subflow through each
 * of two 20 Mbit/s bottlenecks (20 ms RTT / 10-packet queue, 80 ms RTT / 30-packet queue) for
 * 50 s, a Reno TCP on bottleneck 1 from 10 to 30 s and one on bottleneck 2 from 20 to 40 s.
 *
 * Published shape (experiments.md): MPTCP 40, 30, 20, 30, 40 Mbit/s over [0,10) [10,20) [20,30)
 * [30,40) [40,50), each TCP about 10 Mbit/s while it runs — each bottleneck split evenly between the
 * flows crossing it, which is what uncoupled subflows (mptcp_cc = reno) aim at. The rates here are
 * averages over each phase less its first 2 s (the flows converge after a TCP comes or goes), from
 * the in-memory time series: MPTCP's data-level snd_una (bulk_x_mptcp), each TCP sender's
 * bytes_acked (bulk_t1_tcp, bulk_t2_tcp), interpolated at the window's ends; the bottlenecks' own
 * counters give their utilisation.
 *
 * What is asserted is the shape, not the published absolute rates. Those are link rates, and Reno
 * cannot fill a link whose queue is below its bandwidth-delay product (10 packets against 33 on
 * bottleneck 1, 30 against 133 on bottleneck 2): a lone Reno subflow gets about 16.5 of the 19.3
 * Mbit/s of goodput, so MPTCP measures 32.6 / 26 / 19 / 25 / 30 where 40 / 30 / 20 / 30 / 40 is
 * published (printed for every run):
 *  - both controls: MPTCP dips as each TCP comes and recovers as each leaves (every step at least
 *    a tenth of its first-phase rate), its last phase back to at least 75% of its first;
 *  - uncoupled Reno: with both TCPs it keeps 45–70% of its first-phase rate (published: half), and
 *    each TCP gets 6–13 Mbit/s while it runs (published: 10, half of a bottleneck's 19.3 of
 *    goodput; the low end allows for how drop-tail phase effects split a bottleneck between two
 *    Reno flows over 8 s); every bottleneck is at least 70% used;
 *  - LIA (RFC 6356 goal 2, "do no harm"): averaged over the runs, each TCP gets at least as much as
 *    beside uncoupled subflows while it shares its bottleneck with MPTCP and the other TCP runs or
 *    has just come ([10,30) for TCP1, [20,30) for TCP2), and MPTCP takes less than uncoupled with
 *    both TCPs present. LIA does not follow the published halving: with a TCP on each bottleneck it
 *    takes about one TCP's share in total (≈ 10 Mbit/s), as its goals say (docs/design-notes.md,
 *    "Experiment 4").
 *  - Each flow crosses its own bottleneck and no other, both ways: each bottleneck carries exactly
 *    what the phone's interface and the TCP host on its side send, and they get back exactly what it
 *    delivers; the MPTCP connection has its two subflows.
 *
 * Loss comes from the drop-tail queues alone, so the run has nothing random and every seed gives
 * the same numbers (checked once). What a run shows depends instead on the phase the flows fall into
 * at the queues; three runs shift both TCPs (start and stop) by 0, 0.25 and 0.5 s and stand for
 * seeds, as tests/scenario_coupled.c does for its shared bottleneck. */
#include "testutil.h"

#include "scenariorun.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#define TIMELINE TEST_SOURCE_DIR "/scenarios/coupled-timeline.ini"
#define PHASES 5
#define PHASE_S 10.0
#define SKIP_S 2.0
#define LINK_BPS 20e6
#define GOODPUT_SHARE (1448.0 / 1500.0)

/* Published MPTCP rates per phase (Mbit/s, link rates), and which TCP runs in each phase. */
static const double published_mptcp[PHASES] = { 40, 30, 20, 30, 40 };
static const bool t1_runs[PHASES] = { false, true, true, false, false };
static const bool t2_runs[PHASES] = { false, false, true, true, false };

static const char *const offsets[] = { "0s", "0.25s", "0.5s" };
enum { N_OFFSETS = sizeof offsets / sizeof offsets[0] };

typedef struct phase_rates {
	double mptcp, t1, t2; /* goodput, bit/s */
	double bn1, bn2;      /* utilisation of each bottleneck's data direction, 0..1 */
} phase_rates;

static struct world_link *find_link(world *w, const char *name)
{
	for (guint i = 0; i < w->links->len; i++) {
		struct world_link *l = g_ptr_array_index(w->links, i);
		if (strcmp(l->name, name) == 0)
			return l;
	}
	CU_FAIL_FATAL("no such link");
	return NULL;
}

/* The connection of a time series that sent the most: the sender, whatever its id. */
static int64_t sender_conn(const report_table *t, guint value_col)
{
	guint conn_col = scenariorun_column(t, "conn");
	int64_t best = -1, conn = -1;
	for (guint r = 0; r < t->n_rows; r++) {
		const report_cell *row = &g_array_index(t->rows, report_cell, r * t->n_columns);
		if (row[value_col].i > best) {
			best = row[value_col].i;
			conn = row[conn_col].i;
		}
	}
	return conn;
}

/* The value of column `col` of connection `conn` at time `at`, linearly between the samples around
 * it: 0 before the first, the last one after the last (the connection is over). */
static double value_at(const report_table *t, int64_t conn, guint col, sim_time_t at)
{
	guint time_col = scenariorun_column(t, "time_ns"), conn_col = scenariorun_column(t, "conn");
	sim_time_t t0 = -1;
	double v0 = 0;
	for (guint r = 0; r < t->n_rows; r++) {
		const report_cell *row = &g_array_index(t->rows, report_cell, r * t->n_columns);
		if (row[conn_col].i != conn)
			continue;
		sim_time_t tr = row[time_col].i;
		double vr = (double)row[col].i;
		if (tr >= at) {
			if (t0 < 0 || tr == at)
				return t0 < 0 ? 0 : vr;
			return v0 + (vr - v0) * (double)(at - t0) / (double)(tr - t0);
		}
		t0 = tr;
		v0 = vr;
	}
	return v0;
}

/* Average rate (bit/s) of a connection's byte counter over [from, to). */
static double rate_of(world *w, const char *table, const char *column, sim_time_t from, sim_time_t to)
{
	const report_table *t = scenariorun_table(w, table);
	guint col = scenariorun_column(t, column);
	int64_t conn = sender_conn(t, col);
	return (value_at(t, conn, col, to) - value_at(t, conn, col, from)) * 8e9 / (double)(to - from);
}

/* Each flow crosses its own bottleneck and no other, both ways. */
static void check_paths(world *w)
{
	static const char *const sides[2][3] = { { "bn1", "p1", "t1" }, { "bn2", "p2", "t2" } };
	for (int s = 0; s < 2; s++) {
		struct world_link *bn = find_link(w, sides[s][0]), *p = find_link(w, sides[s][1]),
				  *t = find_link(w, sides[s][2]);
		uint64_t in = p->up->stats.delivered_packets + t->up->stats.delivered_packets;
		uint64_t back = p->down->stats.sent_packets + t->down->stats.sent_packets;
		EXPECT(bn->up->stats.sent_packets == in && bn->down->stats.delivered_packets == back,
		       "%s carried %" G_GUINT64_FORMAT " packets up and delivered %" G_GUINT64_FORMAT
		       " down; its side sent %" G_GUINT64_FORMAT " and got back %" G_GUINT64_FORMAT,
		       sides[s][0], bn->up->stats.sent_packets, bn->down->stats.delivered_packets, in, back);
	}
	double subflows = scenariorun_num(scenariorun_section(w, "workloads", "x", "sender", NULL), "subflows");
	EXPECT(subflows == 2, "MPTCP has %.0f subflows, expected one per bottleneck", subflows);
}

/* Runs the timeline with `mptcp_cc` = cc and both TCPs shifted by `offset`; fills the phases'
 * rates. The world is stopped at every window's ends to read the bottlenecks' counters. */
static void run_timeline(const char *cc, const char *offset, int64_t seed, phase_rates out[PHASES])
{
	double shift = g_ascii_strtod(offset, NULL);
	char *sets_owned[5];
	sets_owned[0] = g_strdup_printf("host.phone.mptcp_cc=%s", cc);
	sets_owned[1] = g_strdup_printf("workload.t1.start=%gs", 10 + shift);
	sets_owned[2] = g_strdup_printf("workload.t1.stop=%gs", 30 + shift);
	sets_owned[3] = g_strdup_printf("workload.t2.start=%gs", 20 + shift);
	sets_owned[4] = g_strdup_printf("workload.t2.stop=%gs", 40 + shift);
	const char *sets[] = { sets_owned[0], sets_owned[1], sets_owned[2], sets_owned[3], sets_owned[4], NULL };
	world *w = scenariorun_build(TIMELINE, sets, seed);
	for (size_t i = 0; i < G_N_ELEMENTS(sets_owned); i++)
		g_free(sets_owned[i]);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	link_dir *bn[2] = { find_link(w, "bn1")->up, find_link(w, "bn2")->up };
	uint64_t tx_from[PHASES][2], tx_to[PHASES][2];
	for (int p = 0; p < PHASES; p++) {
		CU_ASSERT_TRUE_FATAL(world_run_until(w, SIM_S(p * PHASE_S + SKIP_S), NULL));
		for (int b = 0; b < 2; b++)
			tx_from[p][b] = bn[b]->stats.tx_bytes;
		CU_ASSERT_TRUE_FATAL(world_run_until(w, SIM_S((p + 1) * PHASE_S), NULL));
		for (int b = 0; b < 2; b++)
			tx_to[p][b] = bn[b]->stats.tx_bytes;
	}
	scenariorun_finish(w);
	for (int p = 0; p < PHASES; p++) {
		sim_time_t from = SIM_S(p * PHASE_S + SKIP_S), to = SIM_S((p + 1) * PHASE_S);
		double span = sim_time_to_seconds(to - from);
		out[p].mptcp = rate_of(w, "bulk_x_mptcp", "snd_una", from, to);
		out[p].t1 = rate_of(w, "bulk_t1_tcp", "bytes_acked", from, to);
		out[p].t2 = rate_of(w, "bulk_t2_tcp", "bytes_acked", from, to);
		out[p].bn1 = (double)(tx_to[p][0] - tx_from[p][0]) * 8 / (LINK_BPS * span);
		out[p].bn2 = (double)(tx_to[p][1] - tx_from[p][1]) * 8 / (LINK_BPS * span);
	}
	check_paths(w);
	scenariorun_destroy(w);
}

static void print_run(const char *cc, const char *offset, const phase_rates r[PHASES])
{
	fprintf(stderr, "  %s, TCPs shifted by %s (Mbit/s over each phase less its first %.0f s):\n", cc, offset, SKIP_S);
	for (int p = 0; p < PHASES; p++)
		fprintf(stderr,
			"    [%2.0f,%2.0f) MPTCP %5.2f (published %2.0f, goodput %5.2f)  TCP1 %5.2f  TCP2 %5.2f  "
			"bottleneck 1 %3.0f%%  bottleneck 2 %3.0f%%\n",
			p * PHASE_S, (p + 1) * PHASE_S, r[p].mptcp / 1e6, published_mptcp[p],
			published_mptcp[p] * GOODPUT_SHARE, r[p].t1 / 1e6, r[p].t2 / 1e6, r[p].bn1 * 100, r[p].bn2 * 100);
}

/* Both controls: MPTCP dips as each TCP comes and recovers as each leaves; neither TCP sends while
 * it does not run; every flow stays on its own bottleneck (run_timeline). */
static void check_dips(const char *cc, const char *offset, const phase_rates r[PHASES])
{
	double step = 0.1 * r[0].mptcp;
	EXPECT(r[1].mptcp <= r[0].mptcp - step && r[2].mptcp <= r[1].mptcp - step && r[3].mptcp >= r[2].mptcp + step &&
		       r[4].mptcp >= r[3].mptcp + step * 0.5,
	       "%s, TCPs +%s: MPTCP %.2f %.2f %.2f %.2f %.2f Mbit/s does not dip and recover", cc, offset, r[0].mptcp / 1e6,
	       r[1].mptcp / 1e6, r[2].mptcp / 1e6, r[3].mptcp / 1e6, r[4].mptcp / 1e6);
	EXPECT(r[4].mptcp >= 0.75 * r[0].mptcp, "%s, TCPs +%s: MPTCP back to %.2f of %.2f Mbit/s", cc, offset,
	       r[4].mptcp / 1e6, r[0].mptcp / 1e6);
	for (int p = 0; p < PHASES; p++) {
		const double tcp[2] = { r[p].t1, r[p].t2 };
		const bool runs[2] = { t1_runs[p], t2_runs[p] };
		for (int k = 0; k < 2; k++)
			if (!runs[k])
				EXPECT(tcp[k] < 0.1e6, "%s, TCPs +%s, phase %d: TCP%d %.2f Mbit/s while it does not run", cc,
				       offset, p, k + 1, tcp[k] / 1e6);
	}
}

/* Uncoupled subflows: each bottleneck split between the flows crossing it. */
static void check_uncoupled(const char *offset, const phase_rates r[PHASES])
{
	double kept = r[2].mptcp / r[0].mptcp;
	EXPECT(kept >= 0.45 && kept <= 0.7, "reno, TCPs +%s: with both TCPs MPTCP keeps %.2f of its rate (published 0.5)",
	       offset, kept);
	for (int p = 0; p < PHASES; p++) {
		const double tcp[2] = { r[p].t1, r[p].t2 };
		const bool runs[2] = { t1_runs[p], t2_runs[p] };
		for (int k = 0; k < 2; k++)
			if (runs[k])
				EXPECT(tcp[k] >= 6e6 && tcp[k] <= 13e6, "reno, TCPs +%s, phase %d: TCP%d %.2f Mbit/s, expected 6-13",
				       offset, p, k + 1, tcp[k] / 1e6);
		EXPECT(r[p].bn1 >= 0.7 && r[p].bn2 >= 0.7, "reno, TCPs +%s, phase %d: bottlenecks used %.0f%% and %.0f%%",
		       offset, p, r[p].bn1 * 100, r[p].bn2 * 100);
	}
}

static void run_all(const char *cc, phase_rates runs[N_OFFSETS][PHASES])
{
	for (size_t o = 0; o < N_OFFSETS; o++) {
		run_timeline(cc, offsets[o], 1, runs[o]);
		print_run(cc, offsets[o], runs[o]);
		check_dips(cc, offsets[o], runs[o]);
	}
}

static double mean(const phase_rates runs[N_OFFSETS][PHASES], int p, size_t field)
{
	double sum = 0;
	for (size_t o = 0; o < N_OFFSETS; o++)
		sum += *(const double *)((const char *)&runs[o][p] + field);
	return sum / N_OFFSETS;
}

static void test_controls(void)
{
	phase_rates reno[N_OFFSETS][PHASES], lia[N_OFFSETS][PHASES];
	run_all("reno", reno);
	for (size_t o = 0; o < N_OFFSETS; o++)
		check_uncoupled(offsets[o], reno[o]);
	run_all("lia", lia);
	/* goal 2: a TCP beside LIA gets at least what it gets beside uncoupled subflows */
	static const struct {
		int phase;
		size_t field;
		const char *who;
	} shared[] = {
		{ 1, offsetof(phase_rates, t1), "TCP1" },
		{ 2, offsetof(phase_rates, t1), "TCP1" },
		{ 2, offsetof(phase_rates, t2), "TCP2" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(shared); i++) {
		double l = mean(lia, shared[i].phase, shared[i].field), u = mean(reno, shared[i].phase, shared[i].field);
		EXPECT(l >= u, "phase %d: %s gets %.2f Mbit/s beside LIA, %.2f beside uncoupled Reno", shared[i].phase,
		       shared[i].who, l / 1e6, u / 1e6);
	}
	double l = mean(lia, 2, offsetof(phase_rates, mptcp)), u = mean(reno, 2, offsetof(phase_rates, mptcp));
	EXPECT(l < u, "with both TCPs, MPTCP takes %.2f Mbit/s with LIA, %.2f uncoupled", l / 1e6, u / 1e6);
}

/* Drop-tail queues, no random loss: another seed is the same run. */
static void test_deterministic(void)
{
	phase_rates a[PHASES], b[PHASES];
	run_timeline("reno", "0s", 1, a);
	run_timeline("reno", "0s", 7, b);
	for (int p = 0; p < PHASES; p++)
		EXPECT(a[p].mptcp == b[p].mptcp && a[p].t1 == b[p].t1 && a[p].t2 == b[p].t2 && a[p].bn1 == b[p].bn1 &&
			       a[p].bn2 == b[p].bn2,
		       "phase %d differs between seeds 1 and 7: MPTCP %.4f and %.4f Mbit/s", p, a[p].mptcp / 1e6,
		       b[p].mptcp / 1e6);
}

static CU_TestInfo timeline_tests[] = {
	{ .pName = "no randomness: seeds 1 and 7 give the same timeline", .pTestFunc = test_deterministic },
	{ .pName = "MPTCP dips and recovers; uncoupled halves with both TCPs; LIA does no harm", .pTestFunc = test_controls },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "coupled congestion control timeline (experiment 4)", .pTests = timeline_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
