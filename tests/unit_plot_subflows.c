/* unit_plot_subflows.c — the subflows plot on small hand-made MPTCP results folders.
 *
 * A 1 s run whose workload "up" has a subflow table with a client connection of six subflows (one
 * uploading, one downloading, one trickling, one closing early, one never established, one with an
 * RTT and no data) and the server's end of it: the client's subflows are found by their first state,
 * the empty one is left out, labels name the client interface of each local address (in the
 * scenario, added by an event, or the address itself when no interface of the client host has it)
 * and say backup from either the table or summary.json; the derived bins add up exactly to the
 * table's bytes, rows after the end of the run included; the script has its panels, units and
 * filters; folders with only RTTs, only data, several client connections or no client draw what
 * they can; and every malformed table is an error naming file, line and column. */
#include "testutil.h"

#include "plot_impl.h"

#include <glib/gstdio.h>
#include <stdbool.h>
#include <string.h>

#define STEP_NS 10000000 /* the trace interval */
#define SAMPLES 100      /* k = 0..SAMPLES over the 1 s run */

static const char summary_json[] =
	"{\"schema\": \"mptcpsim.summary\", \"schema_version\": 1, \"seed\": 1,\n"
	" \"scenario\": {\"simulation\": {\"name\": \"unit\"},\n"
	"   \"interface.phone.wifi\": {\"addresses\": \"192.168.1.20\"},\n"
	"   \"interface.phone.cell\": {\"addresses\": \"100.64.7.20, fd00::20\"},\n"
	"   \"interface.server.eth0\": {\"addresses\": \"10.9.9.9\"},\n"
	"   \"workload.up\": {\"from\": \"phone.wifi\", \"direction\": \"upload\", \"transport\": \"mptcp\"}},\n"
	" \"metrics\": {\"simulation\": {\"duration_ns\": 1000000000},\n"
	"   \"workloads\": {\"up\": {\"type\": \"bulk\", \"client\": {\"scheduler\": \"minrtt\", \"subflow\": {\n"
	"     \"1\": {\"local\": \"192.168.1.20:40000\", \"backup\": false},\n"
	"     \"2\": {\"local\": \"fd00::20:40001\", \"backup\": false},\n"
	"     \"3\": {\"local\": \"10.9.9.9:40002\", \"backup\": true},\n"
	"     \"4\": {\"local\": \"192.168.1.30:40003\", \"backup\": false},\n"
	"     \"6\": {\"local\": \"100.64.7.20:40005\", \"backup\": false}}}}}}}\n";

static const char header[] =
	"time_ns,conn,subflow,state,backup,cwnd_bytes,srtt_ns,bytes_sent,bytes_reinjected,bytes_received,retransmits\n";

static void row(GString *t, int64_t time, int conn, int id, const char *state, int backup, int64_t srtt, int64_t sent,
		int64_t received)
{
	g_string_append_printf(t, "%" G_GINT64_FORMAT ",%d,%d,%s,%d,14600,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
				  ",0,%" G_GINT64_FORMAT ",0\n",
			       time, conn, id, state, backup, srtt, sent, received);
}

/* Totals of the client's subflows 1, 2, 3, 4 and 6 at their last rows. */
static const int64_t totals[] = { 50123, 38850, 1300, 4000, 0 };

/* The table described at the top; `extra_client`: a second client connection (3) opening at 0.5 s. */
static char *subflow_table(bool extra_client)
{
	GString *t = g_string_new(header);
	for (int k = 0; k <= SAMPLES; k++) {
		int64_t time = (int64_t)k * STEP_NS;
		const char *est = k ? "ESTABLISHED" : "SYN-SENT";
		row(t, time, 1, 1, est, 0, k ? 20000000 : 0, 1000 * MIN(k, 50), 0);
		if (k >= 10)
			row(t, time, 1, 2, k > 10 ? "ESTABLISHED" : "SYN-SENT", 1, k > 10 ? 50000000 : 0, 0,
			    777 * MAX(0, k - 50));
		row(t, time, 1, 3, est, 0, k ? 30000000 : 0, 13 * k, 0);
		if (k >= 20)
			row(t, time, 1, 4, k > 80 ? "CLOSED" : k > 20 ? "ESTABLISHED" : "SYN-SENT", 0, k > 20 ? 25000000 : 0,
			    50 * (k - 20), 0);
		row(t, time, 1, 5, "SYN-SENT", 0, 0, 0, 0);
		row(t, time, 1, 6, est, 0, k ? 40000000 : 0, 0, 0);
		/* the server's end: it received what the client sent */
		row(t, time, 2, 1, k ? "ESTABLISHED" : "SYN-RECEIVED", 0, k ? 20000000 : 0, 0, 1000 * MIN(k, 50));
		if (extra_client && k >= 50)
			row(t, time, 3, 1, k > 50 ? "ESTABLISHED" : "SYN-SENT", 0, k > 50 ? 20000000 : 0, 100 * (k - 50), 0);
	}
	/* the closing row, after the end of the run, with the last bytes */
	row(t, 1000500000, 1, 1, "CLOSED", 0, 20000000, 50123, 0);
	return g_string_free(t, FALSE);
}

static void put(const char *dir, const char *name, const char *text)
{
	char *path = g_build_filename(dir, name, NULL);
	CU_ASSERT_TRUE(g_file_set_contents(path, text, -1, NULL));
	g_free(path);
}

static char *make_folder(bool extra_client)
{
	char *dir = testutil_tmpdir("unit-plot-subflows");
	put(dir, "summary.json", summary_json);
	put(dir, "events.csv", "time_ns,event,target,action,value\n"
			       "500000000,new-address,phone.wifi,addr-add,added=192.168.1.30\n");
	char *table = subflow_table(extra_client);
	put(dir, "bulk_up_mptcp_subflows.csv", table);
	g_free(table);
	return dir;
}

static const char *label_of(const an_plot_mptcp *m, guint i)
{
	return ((const an_plot_subflow *)g_ptr_array_index(m->subflows, i))->label;
}

static void test_load_and_bins(void)
{
	char *dir = make_folder(false);
	GError *e = NULL;
	an_plot_data *d = an_plot_data_load(dir, &e);
	if (e)
		fprintf(stderr, "\n%s\n", e->message);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_EQUAL_FATAL(d->mptcp->len, 1);
	const an_plot_mptcp *m = g_ptr_array_index(d->mptcp, 0);
	CU_ASSERT_STRING_EQUAL(m->description, "bulk upload, MPTCP minrtt");
	CU_ASSERT_STRING_EQUAL(m->subflows_file, "bulk_up_mptcp_subflows.csv");
	/* subflow 5 neither carried data nor has an RTT sample; the server's end is not drawn */
	static const char *const labels[] = { "subflow 1 wifi", "subflow 2 cell (backup)", "subflow 3 10.9.9.9 (backup)",
					      "subflow 4 wifi", "subflow 6 cell" };
	CU_ASSERT_EQUAL_FATAL(m->subflows->len, G_N_ELEMENTS(labels));
	for (guint i = 0; i < m->subflows->len; i++) {
		const an_plot_subflow *s = g_ptr_array_index(m->subflows, i);
		CU_ASSERT_STRING_EQUAL(s->label, labels[i]);
		CU_ASSERT_EQUAL(s->conn, 1);
		CU_ASSERT_EQUAL(s->colour, i); /* one colour each, the same in every panel */
		CU_ASSERT_EQUAL(s->carried, totals[i]);
		CU_ASSERT_TRUE(s->has_rtt);
	}

	/* the bins: 10 ms (the trace interval), each column adding up to the table's bytes */
	char *plots = g_build_filename(dir, "plots", NULL);
	g_mkdir_with_parents(plots, 0755);
	an_plot_subflow_bins bins;
	CU_ASSERT_TRUE_FATAL(an_plot_subflows_csv(d, m, plots, &bins, &e));
	CU_ASSERT_EQUAL(bins.bin_ns, STEP_NS);
	/* the busiest bin: 1000 B up on subflow 1, 13 B on subflow 3, 50 B on subflow 4, in 10 ms */
	CU_ASSERT_DOUBLE_EQUAL(bins.peak_sum_bps, (1000 + 13 + 50) * 8 * 100.0, 1e-6);
	char *path = g_build_filename(plots, "subflows_up.csv", NULL);
	an_plot_csv *c = an_plot_csv_open(path, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(an_plot_csv_column(c, "bin_end_ns"), 1);
	CU_ASSERT_EQUAL(an_plot_csv_column(c, "subflow 1 wifi (bytes)"), 2);
	CU_ASSERT_EQUAL(an_plot_csv_column(c, "subflow 6 cell (bytes)"), 6);
	int64_t sums[G_N_ELEMENTS(totals)] = { 0 }, first_sf1 = -1, last_sf1 = -1, last_end = 0;
	int n_rows = 0, bad_edges = 0;
	char **f;
	while (an_plot_csv_next(c, &f, &e)) {
		int64_t start = -1, end = -1, v = 0;
		CU_ASSERT_TRUE(an_plot_csv_int(f[0], &start) && an_plot_csv_int(f[1], &end));
		bad_edges += start != (int64_t)n_rows * STEP_NS || end != start + STEP_NS;
		for (size_t k = 0; k < G_N_ELEMENTS(totals); k++) {
			CU_ASSERT_TRUE(an_plot_csv_int(f[k + 2], &v) && v >= 0);
			sums[k] += v;
		}
		an_plot_csv_int(f[2], &last_sf1);
		if (first_sf1 < 0)
			first_sf1 = last_sf1;
		last_end = end;
		n_rows++;
	}
	CU_ASSERT_PTR_NULL(e);
	CU_ASSERT_EQUAL(n_rows, SAMPLES);
	CU_ASSERT_EQUAL(bad_edges, 0);
	CU_ASSERT_EQUAL(last_end, 1000000000);
	for (size_t k = 0; k < G_N_ELEMENTS(totals); k++)
		CU_ASSERT_EQUAL(sums[k], totals[k]);
	CU_ASSERT_EQUAL(first_sf1, 1000); /* the sample at 10 ms closes the first bin */
	CU_ASSERT_EQUAL(last_sf1, 123);   /* the closing row after the end of the run: in the last bin */
	an_plot_csv_free(c);
	g_free(path);

	/* the script: three panels with units, a key entry per subflow, an RTT datablock per subflow */
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	CU_ASSERT_TRUE_FATAL(an_plot_write_subflows(d, AN_PLOT_SVG, plots, names, &e));
	CU_ASSERT_EQUAL_FATAL(names->len, 1);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(names, 0), "subflows_up");
	path = g_build_filename(plots, "subflows_up.gp", NULL);
	gchar *gp = NULL;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(path, &gp, NULL, NULL));
	const char *expect[] = {
		"set ylabel 'data carried (kbit/s, 0.01 s bins)'",
		"set ylabel 'smoothed RTT (ms)'",
		"set ylabel 'cwnd (KB)'",
		"set xlabel 'time (s)'",
		"title 'subflow 1 wifi'",
		"title 'subflow 2 cell (backup)'",
		"title 'subflow 3 10.9.9.9 (backup)'",
		"title 'subflow 6 cell'",
		"with boxes ls 5 title 'subflow 6 cell'",
		"column(\"conn\") == 1 && column(\"subflow\") == 4 && column(\"srtt_ns\") > 0 && strcol(\"state\") ne \"CLOSED\"",
		"'../bulk_up_mptcp_subflows.csv'",
		"$s5 using 1:3 with steps ls 5",
		"set label 'new-address' at first 0.5",
		"formats = 'svg'",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(expect); i++) {
		if (!strstr(gp, expect[i]))
			fprintf(stderr, "\nsubflows_up.gp lacks: %s\n", expect[i]);
		CU_ASSERT_PTR_NOT_NULL(strstr(gp, expect[i]));
	}
	CU_ASSERT_PTR_NULL(strstr(gp, "subflow 5"));
	g_free(gp);
	g_free(path);
	g_ptr_array_free(names, TRUE);
	g_free(plots);
	an_plot_data_free(d);
	testutil_rmtree(dir);
	g_free(dir);
}

/* an_plot_results with --only subflows; gnuplot run when installed (silently, or it is a failure). */
static bool plot_only_subflows(const char *dir, GPtrArray **plots, GError **error)
{
	char *gnuplot = an_plot_find_gnuplot();
	an_plot_options opt = { .kinds = 1u << AN_PLOT_SUBFLOWS, .formats = AN_PLOT_SVG, .gnuplot = gnuplot };
	an_plot_outcome out;
	an_plot_outcome_init(&out);
	bool ok = an_plot_results(dir, &opt, &out, error);
	if (ok && gnuplot) {
		char *svg = g_build_filename(dir, "plots", "subflows_up.svg", NULL);
		CU_ASSERT_TRUE(g_file_test(svg, G_FILE_TEST_IS_REGULAR));
		g_free(svg);
	}
	if (ok && out.warnings->len)
		fprintf(stderr, "\ngnuplot warned:\n%s\n", out.warnings->str);
	CU_ASSERT_EQUAL(out.warnings->len, 0);
	*plots = out.plots;
	out.plots = NULL;
	an_plot_outcome_fini(&out);
	g_free(gnuplot);
	return ok;
}

static gchar *plots_file(const char *dir, const char *name)
{
	char *path = g_build_filename(dir, "plots", name, NULL);
	gchar *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		text = NULL;
	g_free(path);
	return text;
}

/* Keep the header and the rows of `table` whose conn,subflow prefix is one of `keep`. */
static void keep_rows(const char *dir, const char *const *keep, size_t n)
{
	char *table = subflow_table(false);
	GString *t = g_string_new(header);
	char **lines = g_strsplit(table, "\n", -1);
	for (char **l = lines + 1; *l && **l; l++) {
		const char *after_time = strchr(*l, ',') + 1;
		for (size_t i = 0; i < n; i++)
			if (g_str_has_prefix(after_time, keep[i]))
				g_string_append_printf(t, "%s\n", *l);
	}
	put(dir, "bulk_up_mptcp_subflows.csv", t->str);
	g_strfreev(lines);
	g_string_free(t, TRUE);
	g_free(table);
}

static void test_partial_folders(void)
{
	char *dir = make_folder(true);
	GError *e = NULL;
	GPtrArray *plots = NULL;
	/* two client connections: each subflow says which; only the latest has interfaces */
	an_plot_data *d = an_plot_data_load(dir, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	const an_plot_mptcp *m = g_ptr_array_index(d->mptcp, 0);
	CU_ASSERT_EQUAL_FATAL(m->subflows->len, 6);
	CU_ASSERT_STRING_EQUAL(label_of(m, 0), "conn 1 subflow 1");
	CU_ASSERT_STRING_EQUAL(label_of(m, 1), "conn 1 subflow 2 (backup)");
	CU_ASSERT_STRING_EQUAL(label_of(m, 5), "conn 3 subflow 1 wifi");
	an_plot_data_free(d);
	CU_ASSERT_TRUE(plot_only_subflows(dir, &plots, &e));
	CU_ASSERT_TRUE(plots && plots->len == 1);
	g_ptr_array_free(plots, TRUE);

	/* RTT samples and no data: the data panel stays, with a fixed range */
	static const char *const rtt_only[] = { "1,6," };
	keep_rows(dir, rtt_only, G_N_ELEMENTS(rtt_only));
	CU_ASSERT_TRUE(plot_only_subflows(dir, &plots, &e));
	g_ptr_array_free(plots, TRUE);
	gchar *gp = plots_file(dir, "subflows_up.gp");
	CU_ASSERT_TRUE(gp && strstr(gp, "set yrange [0:1]") && strstr(gp, "title 'subflow 6 cell'") &&
		       strstr(gp, "'smoothed RTT (ms)'"));
	g_free(gp);

	/* data and no RTT sample: the data panel alone */
	GString *t = g_string_new(header);
	for (int k = 0; k <= SAMPLES; k++)
		row(t, (int64_t)k * STEP_NS, 1, 1, k ? "ESTABLISHED" : "SYN-SENT", 0, 0, 10 * k, 0);
	put(dir, "bulk_up_mptcp_subflows.csv", t->str);
	g_string_free(t, TRUE);
	CU_ASSERT_TRUE(plot_only_subflows(dir, &plots, &e));
	g_ptr_array_free(plots, TRUE);
	gp = plots_file(dir, "subflows_up.gp");
	CU_ASSERT_TRUE(gp && strstr(gp, "title 'subflow 1 wifi'") && !strstr(gp, "smoothed RTT") &&
		       !strstr(gp, "set format x ''"));
	g_free(gp);

	/* only the server's end: nothing to draw, which --only subflows says */
	static const char *const server_only[] = { "2,1," };
	keep_rows(dir, server_only, G_N_ELEMENTS(server_only));
	CU_ASSERT_FALSE(plot_only_subflows(dir, &plots, &e));
	CU_ASSERT_TRUE(e && strstr(e->message, "nothing to draw for subflows"));
	g_ptr_array_free(plots, TRUE);
	g_clear_error(&e);

	/* no MPTCP table at all: no subflows plot, and no error when not asked for */
	char *path = g_build_filename(dir, "bulk_up_mptcp_subflows.csv", NULL);
	g_unlink(path);
	d = an_plot_data_load(dir, &e);
	CU_ASSERT_TRUE(d && d->mptcp->len == 0);
	an_plot_data_free(d);
	an_plot_options opt = { 0 };
	an_plot_outcome out;
	an_plot_outcome_init(&out);
	CU_ASSERT_TRUE(an_plot_results(dir, &opt, &out, &e));
	for (guint i = 0; i < out.plots->len; i++) /* the timeline of the event, only */
		CU_ASSERT_STRING_EQUAL(g_ptr_array_index(out.plots, i), "timeline");
	an_plot_outcome_fini(&out);
	g_free(path);
	testutil_rmtree(dir);
	g_free(dir);
}

static void test_malformed(void)
{
	char *dir = make_folder(false);
	char *good = subflow_table(false);
	/* line 3 (the second data row) is subflow 3's first row at time 0 */
	const struct {
		const char *from, *to; /* replace the first `from` of the table */
		const char *message;
	} cases[] = {
		{ "0,1,3,SYN-SENT,0,14600,0,0,", "0,1,3,SYN-SENT,0,14600,0,12x,",
		  "bulk_up_mptcp_subflows.csv:3: bytes_sent: expected a whole number, found \"12x\"" },
		{ "0,1,3,SYN-SENT,0,14600,0,0,", "0,1,3,SYN-SENT,0,14600,-5,0,",
		  "bulk_up_mptcp_subflows.csv:3: srtt_ns: expected a whole number ≥ 0, found \"-5\"" },
		{ "0,1,3,SYN-SENT,0,14600,0,0,0,0,0\n", "0,1,3,SYN-SENT,0,14600,0,0\n",
		  "bulk_up_mptcp_subflows.csv:3: expected 11 fields, found fewer" },
		{ "0,1,3,SYN-SENT,0,14600,0,0,0,0,0\n", "soon,1,3,SYN-SENT,0,14600,0,0,0,0,0\n",
		  "bulk_up_mptcp_subflows.csv:3: time_ns: expected a whole number, found \"soon\"" },
		{ "10000000,1,3,ESTABLISHED,0,14600,30000000,13,0,0,0\n",
		  "10000000,1,3,ESTABLISHED,0,14600,30000000,13,0,99,0\n20000000,1,3,ESTABLISHED,0,14600,30000000,26,0,7,0\n",
		  "bytes_received: a cumulative counter, went down from 99 to 7" },
		{ "10000000,1,3,ESTABLISHED,0,14600,30000000,13,0,0,0\n",
		  "10000000,1,3,ESTABLISHED,0,14600,30000000,13,0,0,0\n5000000,1,3,ESTABLISHED,0,14600,30000000,13,0,0,0\n",
		  "time_ns: 5000000 is before the previous row of subflow 3 of connection 1" },
		{ "srtt_ns,", "rtt_ns,", "bulk_up_mptcp_subflows.csv: no column \"srtt_ns\"" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		const char *at = strstr(good, cases[i].from);
		CU_ASSERT_PTR_NOT_NULL_FATAL(at);
		char *bad = g_strdup_printf("%.*s%s%s", (int)(at - good), good, cases[i].to, at + strlen(cases[i].from));
		put(dir, "bulk_up_mptcp_subflows.csv", bad);
		GError *e = NULL;
		an_plot_data *d = an_plot_data_load(dir, &e);
		CU_ASSERT_PTR_NULL(d);
		bool ok = e && strstr(e->message, cases[i].message);
		if (!ok)
			fprintf(stderr, "\ncase %zu: expected \"%s\", got \"%s\"\n", i, cases[i].message, e ? e->message : "no error");
		CU_ASSERT_TRUE(ok);
		g_clear_error(&e);
		an_plot_data_free(d);
		g_free(bad);
	}
	g_free(good);
	testutil_rmtree(dir);
	g_free(dir);
}

static CU_TestInfo tests[] = {
	{ .pName = "client subflows, interface labels, exact bins, script", .pTestFunc = test_load_and_bins },
	{ .pName = "several client connections, RTT only, data only, no client, no table",
	  .pTestFunc = test_partial_folders },
	{ .pName = "malformed subflow tables: file, line and column", .pTestFunc = test_malformed },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "subflows plot", .pTests = tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
