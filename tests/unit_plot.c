/* unit_plot.c — the plotting layer's parts, on small hand-made results folders.
 *
 * The CSV reader (quotes, CRLF, blank lines, short rows), the loader (columns found by name, a
 * subflow column making one series per subflow, roles from the first state, receivers left out,
 * retransmissions placed on the snd_una axis across a 32-bit wrap of the ISN, colours), throughput
 * bins against rates known by construction, and the script helpers' exact number formatting. */
#include "testutil.h"

#include "plot_impl.h"

#include <stdbool.h>
#include <string.h>

static char *write_tmp(const char *dir, const char *name, const char *text)
{
	char *path = g_build_filename(dir, name, NULL);
	CU_ASSERT_TRUE(g_file_set_contents(path, text, -1, NULL));
	return path;
}

static void test_csv(void)
{
	char *dir = testutil_tmpdir("unit-plot-csv");
	char *path = write_tmp(dir, "t.csv",
			       "a,b,\"c,d\"\r\n1,\"x \"\"y\"\"\",3\r\n\n\"two\nlines\",,z\n4,5,6");
	GError *e = NULL;
	an_plot_csv *c = an_plot_csv_open(path, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(an_plot_csv_column(c, "c,d"), 2);
	CU_ASSERT_EQUAL(an_plot_csv_column(c, "nope"), -1);
	char **f;
	CU_ASSERT_TRUE_FATAL(an_plot_csv_next(c, &f, &e));
	CU_ASSERT_STRING_EQUAL(f[0], "1");
	CU_ASSERT_STRING_EQUAL(f[1], "x \"y\"");
	CU_ASSERT_STRING_EQUAL(f[2], "3");
	CU_ASSERT_TRUE_FATAL(an_plot_csv_next(c, &f, &e));
	CU_ASSERT_STRING_EQUAL(f[0], "two\nlines");
	CU_ASSERT_STRING_EQUAL(f[1], "");
	CU_ASSERT_STRING_EQUAL(f[2], "z");
	CU_ASSERT_TRUE_FATAL(an_plot_csv_next(c, &f, &e));
	CU_ASSERT_STRING_EQUAL(f[2], "6");
	CU_ASSERT_EQUAL(an_plot_csv_line(c), 6);
	CU_ASSERT_FALSE(an_plot_csv_next(c, &f, &e));
	CU_ASSERT_PTR_NULL(e);
	an_plot_csv_free(c);
	g_free(path);

	path = write_tmp(dir, "short.csv", "a,b,c\n1,2,3\n4,5\n");
	c = an_plot_csv_open(path, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_TRUE(an_plot_csv_next(c, &f, &e));
	CU_ASSERT_FALSE(an_plot_csv_next(c, &f, &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "short.csv:3: expected 3 fields, found fewer"));
	g_clear_error(&e);
	an_plot_csv_free(c);
	g_free(path);

	path = write_tmp(dir, "quote.csv", "a,b\n\"open,2\n");
	c = an_plot_csv_open(path, &e);
	CU_ASSERT_FALSE(an_plot_csv_next(c, &f, &e));
	CU_ASSERT_TRUE(e && strstr(e->message, "unterminated quote"));
	g_clear_error(&e);
	an_plot_csv_free(c);
	g_free(path);

	path = write_tmp(dir, "empty.csv", "");
	CU_ASSERT_PTR_NULL(an_plot_csv_open(path, &e));
	CU_ASSERT_TRUE(e && strstr(e->message, "header row"));
	g_clear_error(&e);
	g_free(path);

	int64_t v = 0;
	CU_ASSERT_TRUE(an_plot_csv_int("-42", &v) && v == -42);
	CU_ASSERT_FALSE(an_plot_csv_int("4x", &v));
	CU_ASSERT_FALSE(an_plot_csv_int("", &v));
	testutil_rmtree(dir);
	g_free(dir);
}

#define MSS 1448
/* ISS 296 bytes below the 32-bit wrap: the sender's sequence numbers wrap after 296 bytes. */
#define ISS_NEAR_WRAP 4294967000u

/* A 1 s run: workload x (bulk upload, reno) with a subflow column, subflow 0 acknowledging
 * 12500 bytes every 10 ms (10 Mbit/s) and subflow 1 6250 (5 Mbit/s), conn 1 the receiver; and an
 * echo workload p with two replies of three requests. */
static char *make_folder(void)
{
	char *dir = testutil_tmpdir("unit-plot-load");
	g_free(write_tmp(dir, "summary.json",
			 "{\"schema\": \"mptcpsim.summary\", \"schema_version\": 1, \"seed\": 3,\n"
			 " \"scenario\": {\"simulation\": {\"name\": \"unit\"}, \"workload.x\": {\"cc\": \"reno\", "
			 "\"direction\": \"upload\"}},\n"
			 " \"metrics\": {\"simulation\": {\"duration_ns\": 1000000000},\n"
			 "   \"workloads\": {\"x\": {\"type\": \"bulk\"}, \"p\": {\"type\": \"echo\"}}}}\n"));
	GString *tcp = g_string_new("time_ns,subflow,conn,state,bytes_acked,snd_una,cwnd_bytes,srtt_ns\n");
	for (int k = 0; k <= 100; k++) {
		int64_t t = (int64_t)k * 10000000;
		const char *st = k == 0 ? "SYN-SENT" : "ESTABLISHED";
		g_string_append_printf(tcp, "%" G_GINT64_FORMAT ",0,0,%s,%d,%d,14480,20000000\n", t, st, 12500 * k,
				       12500 * k + 1);
		g_string_append_printf(tcp, "%" G_GINT64_FORMAT ",1,0,%s,%d,%d,14480,20000000\n", t, st, 6250 * k,
				       6250 * k + 1);
		g_string_append_printf(tcp, "%" G_GINT64_FORMAT ",0,1,%s,0,1,14480,0\n", t,
				       k == 0 ? "SYN-RECEIVED" : "ESTABLISHED");
	}
	g_free(write_tmp(dir, "bulk_x_tcp.csv", tcp->str));
	g_string_free(tcp, TRUE);
	/* at 505 ms subflow 0 resends the segment one MSS above snd_una of 500 ms (625001) */
	uint32_t wire = (uint32_t)(ISS_NEAR_WRAP + 625001u + MSS);
	char *events = g_strdup_printf("time_ns,conn,subflow,event,value\n"
				       "0,0,0,iss,%u\n0,0,1,iss,100\n0,1,0,iss,7\n"
				       "505000000,0,0,retransmit,%u\n"
				       "600000000,0,0,rto,1\n",
				       ISS_NEAR_WRAP, wire);
	g_free(write_tmp(dir, "bulk_x_tcp_events.csv", events));
	g_free(events);
	g_free(write_tmp(dir, "echo_p.csv",
			 "seq,send_time_ns,reply_time_ns,rtt_ns,status\n"
			 "0,0,10000000,10000000,replied\n1,100000000,120000000,20000000,replied\n2,200000000,-1,-1,no_reply\n"));
	return dir;
}

static void test_load(void)
{
	char *dir = make_folder();
	GError *e = NULL;
	an_plot_data *d = an_plot_data_load(dir, &e);
	if (e)
		fprintf(stderr, "\n%s\n", e->message);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_STRING_EQUAL(d->scenario, "unit");
	CU_ASSERT_EQUAL(d->seed, 3);
	CU_ASSERT_EQUAL(d->duration_ns, 1000000000);
	CU_ASSERT_EQUAL_FATAL(d->tcp->len, 1);
	const an_plot_tcp *t = g_ptr_array_index(d->tcp, 0);
	CU_ASSERT_STRING_EQUAL(t->description, "bulk upload, reno");
	CU_ASSERT_TRUE(t->has_subflow);
	CU_ASSERT_EQUAL_FATAL(t->series->len, 2); /* conn 1 only received */
	const an_plot_series *s0 = g_ptr_array_index(t->series, 0), *s1 = g_ptr_array_index(t->series, 1);
	CU_ASSERT_EQUAL(s0->subflow, 0);
	CU_ASSERT_EQUAL(s1->subflow, 1);
	CU_ASSERT_TRUE(s0->client && s1->client);
	CU_ASSERT_STRING_EQUAL(s0->label, "x subflow 0 client→server");
	CU_ASSERT_STRING_EQUAL(s1->label, "x subflow 1 client→server");
	CU_ASSERT_EQUAL(s0->colour, 0);
	CU_ASSERT_EQUAL(s1->colour, 1);
	CU_ASSERT_EQUAL(s0->bytes_acked, 1250000);
	CU_ASSERT_TRUE(s0->has_iss && s0->iss == ISS_NEAR_WRAP);
	CU_ASSERT_EQUAL_FATAL(s0->retx_offset->len, 1);
	CU_ASSERT_EQUAL(g_array_index(s0->retx_offset, int64_t, 0), 625001 + MSS);
	CU_ASSERT_EQUAL(g_array_index(s0->retx_time_ns, int64_t, 0), 505000000);
	CU_ASSERT_EQUAL(s1->retx_offset->len, 0);
	CU_ASSERT_EQUAL_FATAL(d->latency->len, 1);
	const an_plot_latency *l = g_ptr_array_index(d->latency, 0);
	CU_ASSERT_STRING_EQUAL(l->column, "rtt_ns");
	CU_ASSERT_EQUAL(l->n_total, 3);
	CU_ASSERT_EQUAL(l->n_done, 2);
	CU_ASSERT_EQUAL(l->min_ns, 10000000);
	CU_ASSERT_EQUAL(l->max_ns, 20000000);
	CU_ASSERT_EQUAL(l->colour, 2); /* no TCP of its own: the next colour */
	CU_ASSERT_FALSE(d->has_events_file);

	/* throughput bins: 10 ms (the sampling interval), every bin exactly the rate by construction */
	char *plots = g_build_filename(dir, "plots", NULL);
	g_mkdir_with_parents(plots, 0755);
	an_plot_binned b;
	CU_ASSERT_TRUE_FATAL(an_plot_throughput_csv(d, plots, &b, &e));
	CU_ASSERT_EQUAL(b.bin_ns, 10000000);
	CU_ASSERT_EQUAL(b.peak_sum_bps, 15e6);
	CU_ASSERT_EQUAL(b.peak_one_bps, 10e6);
	an_plot_binned_fini(&b);
	char *csv_path = g_build_filename(plots, "throughput.csv", NULL);
	an_plot_csv *c = an_plot_csv_open(csv_path, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(an_plot_csv_column(c, "x subflow 1 client→server (bit/s)"), 2);
	char **f;
	int rows = 0, bad = 0;
	while (an_plot_csv_next(c, &f, &e)) {
		int64_t t0, a, b2;
		CU_ASSERT_TRUE(an_plot_csv_int(f[0], &t0) && an_plot_csv_int(f[1], &a) && an_plot_csv_int(f[2], &b2));
		bad += t0 != (int64_t)rows * 10000000 || a != 10000000 || b2 != 5000000;
		rows++;
	}
	CU_ASSERT_EQUAL(rows, 101); /* 100 bins and the closing row at 1 s */
	CU_ASSERT_EQUAL(bad, 0);
	an_plot_csv_free(c);
	g_free(csv_path);
	g_free(plots);
	an_plot_data_free(d);

	/* without its "iss" rows, a retransmission cannot be placed: left out, not misplaced */
	char *ev = write_tmp(dir, "bulk_x_tcp_events.csv", "time_ns,conn,event,value\n505000000,0,retransmit,12345\n");
	d = an_plot_data_load(dir, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	t = g_ptr_array_index(d->tcp, 0);
	s0 = g_ptr_array_index(t->series, 0);
	CU_ASSERT_FALSE(s0->has_iss);
	CU_ASSERT_EQUAL(s0->retx_offset->len, 0);
	an_plot_data_free(d);
	g_free(ev);
	testutil_rmtree(dir);
	g_free(dir);
}

static void test_link_events(void)
{
	char *dir = make_folder();
	g_free(write_tmp(dir, "events.csv", "time_ns,event,target,action,value\n"
					    "100000000,walk,wifi.up,wifi-walk-away,rate=20Mbit\n"
					    "100000000,walk,wifi.up,wifi-walk-away,loss_rate=1%\n"
					    "100000000,a,lte.down,link-delay,delay=30ms\n"
					    "100000000,b,phone.wifi,iface-down,state=down\n"
					    "100000000,c,phone.wifi,addr-remove,removed=10.0.0.2\n"
					    "600000000,walk,wifi.up,wifi-walk-away,rate=18812500bit\n"
					    "2000000000,late,wifi.up,link-up,state=up\n"));
	GError *e = NULL;
	an_plot_data *d = an_plot_data_load(dir, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_TRUE(d->has_events_file);
	CU_ASSERT_EQUAL_FATAL(d->events->len, 7);
	const struct {
		const char *what, *text;
		int kind;
		double number;
	} rows[] = {
		{ "rate", "20Mbit", AN_PLOT_RATE, 20e6 }, { "loss_rate", "1%", AN_PLOT_PERCENT, 1.0 },
		{ "delay", "30ms", AN_PLOT_TIME, 30e6 },   { "state", "down", AN_PLOT_TEXT, 0 },
		{ "removed", "10.0.0.2", AN_PLOT_TEXT, 0 }, { "rate", "18812500bit", AN_PLOT_RATE, 18812500 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		const an_plot_link_event *ev = g_ptr_array_index(d->events, i);
		CU_ASSERT_STRING_EQUAL(ev->what, rows[i].what);
		CU_ASSERT_STRING_EQUAL(ev->text, rows[i].text);
		CU_ASSERT_EQUAL((int)ev->kind, rows[i].kind);
		if (rows[i].kind != AN_PLOT_TEXT)
			CU_ASSERT_DOUBLE_EQUAL(ev->number, rows[i].number, 1e-9);
	}
	/* one span per event, from its first row to its last */
	CU_ASSERT_EQUAL_FATAL(d->spans->len, 5);
	const an_plot_event_span *walk = g_ptr_array_index(d->spans, 0);
	CU_ASSERT_STRING_EQUAL(walk->name, "walk");
	CU_ASSERT_EQUAL(walk->start_ns, 100000000);
	CU_ASSERT_EQUAL(walk->end_ns, 600000000);
	/* four names at one time: three rows, the fourth gets only its line */
	CU_ASSERT_EQUAL(an_plot_event_rows(d, 0.1, 0.8), AN_PLOT_EVENT_ROWS);
	an_plot_gp *gp = an_plot_gp_new("t", "test", "nothing", AN_PLOT_SVG, 500);
	an_plot_gp_events(gp, d, 0.1, 0.8, true);
	const char *s = gp->text->str;
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "set object rect from first 0.1, graph 0 to first 0.6, graph 1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "set label 'walk' at first 0.1, graph 1 center offset 0, char 0.7"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "set label 'b' at first 0.1, graph 1 center offset 0, char 2.9"));
	CU_ASSERT_PTR_NULL(strstr(s, "set label 'c'"));
	CU_ASSERT_PTR_NULL(strstr(s, "first 2,")); /* after the end of the run: nothing */
	an_plot_gp_free(gp);
	an_plot_data_free(d);
	testutil_rmtree(dir);
	g_free(dir);
}

static void test_formatting(void)
{
	GString *s = g_string_new(NULL);
	const struct {
		int64_t ns;
		const char *text;
	} secs[] = { { 0, "0" }, { 1500000000, "1.5" }, { 1, "0.000000001" }, { -2500000, "-0.0025" },
		     { 20000000000, "20" } };
	for (size_t i = 0; i < G_N_ELEMENTS(secs); i++) {
		g_string_truncate(s, 0);
		an_plot_gp_append_seconds(s, secs[i].ns);
		CU_ASSERT_STRING_EQUAL(s->str, secs[i].text);
	}
	g_string_truncate(s, 0);
	an_plot_gp_append_fixed(s, 0.1235, 3);
	CU_ASSERT_STRING_EQUAL(s->str, "0.123");
	g_string_free(s, TRUE);
	char *q = an_plot_gp_quote("it's\n\"here\"\t");
	CU_ASSERT_STRING_EQUAL(q, "'it''s\"here\"'");
	g_free(q);

	unsigned bits = 0;
	GError *e = NULL;
	CU_ASSERT_TRUE(an_plot_kinds_parse("cwnd, timeline,", &bits, &e));
	CU_ASSERT_EQUAL(bits, (1u << AN_PLOT_CWND) | (1u << AN_PLOT_TIMELINE));
	CU_ASSERT_FALSE(an_plot_kinds_parse("cwnd,tsq", &bits, &e));
	CU_ASSERT_TRUE(e && strstr(e->message, "\"tsq\""));
	g_clear_error(&e);
	CU_ASSERT_FALSE(an_plot_kinds_parse(",", &bits, &e));
	g_clear_error(&e);
	CU_ASSERT_TRUE(an_plot_formats_parse("svg", &bits, &e));
	CU_ASSERT_EQUAL(bits, AN_PLOT_SVG);
	CU_ASSERT_TRUE(an_plot_formats_parse("png,svg", &bits, &e));
	CU_ASSERT_EQUAL(bits, AN_PLOT_ALL_FORMATS);
	for (int k = 0; k < AN_PLOT_KIND_COUNT; k++) {
		CU_ASSERT_TRUE(an_plot_kinds_parse(an_plot_kind_name((an_plot_kind)k), &bits, &e));
		CU_ASSERT_EQUAL(bits, 1u << k);
	}

	/* a key with short labels goes right of the plot; long ones go below it */
	an_plot_frame f = { .left = 0.1, .bottom = 0.12 };
	an_plot_key k;
	const char *short_labels[] = { "a server→client" };
	an_plot_key_place(&k, &f, short_labels, 1, 500);
	CU_ASSERT_FALSE(k.below);
	CU_ASSERT_TRUE(f.right > 0.6 && f.right < 0.9 && k.x > f.right);
	const char *long_labels[] = { "a workload with a long name: round-trip time (1/2)", "b" };
	f = (an_plot_frame){ .left = 0.1, .bottom = 0.12 };
	an_plot_key_place(&k, &f, long_labels, 2, 500);
	CU_ASSERT_TRUE(k.below);
	CU_ASSERT_EQUAL(k.rows * k.cols >= 2, true);
	CU_ASSERT_TRUE(f.right > 0.9 && f.bottom > 0.12 && k.y < f.bottom);
}

static CU_TestInfo tests[] = {
	{ .pName = "CSV reader: quotes, CRLF, blank lines, malformed rows", .pTestFunc = test_csv },
	{ .pName = "loader: series per subflow, roles, ISS wrap, colours, bins", .pTestFunc = test_load },
	{ .pName = "events.csv: values parsed, one span per event, labels in rows", .pTestFunc = test_link_events },
	{ .pName = "exact numbers, quoting, kinds, formats, key placement", .pTestFunc = test_formatting },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "plot parts", .pTests = tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
