/* cli_plot.c — `mptcpsim plot` and `run --plots` as a user meets them.
 *
 * A short run of the shipped TCP scenario and of the probe scenario (no plots), then: the expected
 * plots exist as real PNG and SVG; every script runs again standalone inside plots/ with gnuplot,
 * exit 0 and nothing on stderr; every script labels both axes with a unit and has a key; plotting
 * twice, or a copy of the folder elsewhere, gives byte-identical scripts, data and SVG; link events
 * (events.csv) add a timeline and lines on the time plots; an MPTCP run (the walk-away scenario in
 * handover mode) adds subflows_siri, whose bins add up to summary.json's subflow bytes and which two
 * runs make identically; and the error cases: no folder, a foreign or broken summary, unknown kinds
 * and formats, nothing to draw, gnuplot missing or failing. */
#include "testutil.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <string.h>

static char *tmp;       /* this program's scratch folder */
static char *tcp_dir;   /* results of scenarios/tcp-two-paths.ini, 3 s */
static char *probe_dir; /* results of scenarios/probe-two-paths.ini, 3 s */

static const char *const tcp_workloads[] = { "dl-wifi", "dl-lte", "web" };

static int run(const char *args, char **out)
{
	char *cmd = g_strdup_printf("%s %s", MPTCPSIM_BIN, args);
	int rc = testutil_run_command(cmd, out);
	g_free(cmd);
	return rc;
}

static int suite_init(void)
{
	tmp = testutil_tmpdir("cli-plot");
	tcp_dir = g_build_filename(tmp, "tcp", NULL);
	probe_dir = g_build_filename(tmp, "probe", NULL);
	char *out = NULL;
	char *args = g_strdup_printf("run %s/scenarios/tcp-two-paths.ini --set simulation.duration=3s --no-plots -q --out %s",
				     TEST_SOURCE_DIR, tcp_dir);
	int rc = run(args, &out);
	g_free(args);
	g_free(out);
	args = g_strdup_printf("run %s/scenarios/probe-two-paths.ini --set simulation.duration=3s --no-plots -q --out %s",
			       TEST_SOURCE_DIR, probe_dir);
	rc |= run(args, &out);
	g_free(args);
	g_free(out);
	return rc;
}

static int suite_cleanup(void)
{
	testutil_rmtree(tmp);
	g_free(tmp);
	g_free(tcp_dir);
	g_free(probe_dir);
	return 0;
}

/* A copy of a results folder, to plot without touching the shared one. */
static char *copy_results(const char *from, const char *name)
{
	char *to = g_build_filename(tmp, name, NULL);
	char *cmd = g_strdup_printf("rm -rf '%s' && cp -r '%s' '%s' && rm -rf '%s/plots'", to, from, to, to);
	CU_ASSERT_EQUAL(testutil_run_command(cmd, NULL), 0);
	g_free(cmd);
	return to;
}

static gchar *read_file(const char *dir, const char *name, gsize *len)
{
	char *path = g_build_filename(dir, "plots", name, NULL);
	gchar *text = NULL;
	if (!g_file_get_contents(path, &text, len, NULL))
		text = NULL;
	g_free(path);
	return text;
}

/* NAME.gp, and NAME.png and NAME.svg with the right magic bytes. */
static void check_plot(const char *dir, const char *name)
{
	static const unsigned char png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	char *f = g_strdup_printf("%s.gp", name);
	gsize len = 0;
	gchar *gp = read_file(dir, f, &len);
	if (!gp)
		fprintf(stderr, "\nmissing %s/plots/%s\n", dir, f);
	CU_ASSERT_TRUE(gp && len > 0);
	g_free(gp);
	g_free(f);
	f = g_strdup_printf("%s.png", name);
	gchar *png = read_file(dir, f, &len);
	CU_ASSERT_TRUE(png && len > 1000 && memcmp(png, png_magic, sizeof png_magic) == 0);
	g_free(png);
	g_free(f);
	f = g_strdup_printf("%s.svg", name);
	gchar *svg = read_file(dir, f, &len);
	CU_ASSERT_TRUE(svg && len > 1000 && g_str_has_prefix(svg, "<?xml") && strstr(svg, "<svg") &&
		       strstr(svg, "</svg>"));
	g_free(svg);
	g_free(f);
}

static bool plot_exists(const char *dir, const char *file)
{
	char *path = g_build_filename(dir, "plots", file, NULL);
	bool ok = g_file_test(path, G_FILE_TEST_EXISTS);
	g_free(path);
	return ok;
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static gint cmp_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(a, b);
}

/* The .gp files of dir/plots, sorted by name. */
static GPtrArray *scripts(const char *dir)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	char *p = g_build_filename(dir, "plots", NULL);
	GDir *d = g_dir_open(p, 0, NULL);
	const char *n;
	while (d && (n = g_dir_read_name(d)))
		if (g_str_has_suffix(n, ".gp"))
			g_ptr_array_add(names, g_strdup(n));
	if (d)
		g_dir_close(d);
	g_free(p);
	g_ptr_array_sort(names, cmp_names);
	return names;
}

/* Every script of dir/plots: runs alone in plots/ with gnuplot, exit 0, silent on stderr; labels
 * both axes with a unit in parentheses; has a key and a titled plot element. */
static void check_scripts(const char *dir, guint expected)
{
	GPtrArray *names = scripts(dir);
	CU_ASSERT_EQUAL(names->len, expected);
	GRegex *xlabel = g_regex_new("set xlabel '[^']*\\([^)']+\\)'", 0, 0, NULL);
	GRegex *ylabel = g_regex_new("set ylabel '[^']*\\([^)']+\\)'", 0, 0, NULL);
	for (guint i = 0; i < names->len; i++) {
		const char *name = g_ptr_array_index(names, i);
		char *cmd = g_strdup_printf("cd '%s/plots' && gnuplot '%s' 2>&1 >/dev/null", dir, name);
		char *err = NULL;
		int rc = testutil_run_command(cmd, &err);
		if (rc != 0 || (err && *err))
			fprintf(stderr, "\n%s: gnuplot exit %d, stderr:\n%s\n", name, rc, err);
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT_STRING_EQUAL(err ? err : "", "");
		g_free(err);
		g_free(cmd);
		gsize len = 0;
		gchar *gp = read_file(dir, name, &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(gp);
		bool ok = g_regex_match(xlabel, gp, 0, NULL) && g_regex_match(ylabel, gp, 0, NULL) &&
			  strstr(gp, "  set key at screen ") && strstr(gp, " title '");
		if (!ok)
			fprintf(stderr, "\n%s: an axis label without a unit, or no key\n", name);
		CU_ASSERT_TRUE(ok);
		/* self-contained: data by relative path only */
		CU_ASSERT_PTR_NULL(strstr(gp, tmp));
		g_free(gp);
	}
	g_regex_unref(xlabel);
	g_regex_unref(ylabel);
	g_ptr_array_free(names, TRUE);
}

static void test_tcp_plots(void)
{
	char *dir = copy_results(tcp_dir, "tcp-plot");
	char *args = g_strdup_printf("plot %s", dir), *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "plots in"));
	g_free(out);
	for (size_t i = 0; i < G_N_ELEMENTS(tcp_workloads); i++) {
		char *n = g_strdup_printf("cwnd_%s", tcp_workloads[i]);
		check_plot(dir, n);
		g_free(n);
		n = g_strdup_printf("tseq_%s", tcp_workloads[i]);
		check_plot(dir, n);
		g_free(n);
	}
	check_plot(dir, "throughput");
	check_plot(dir, "latency_cdf");
	CU_ASSERT_TRUE(plot_exists(dir, "throughput.csv"));
	CU_ASSERT_FALSE(plot_exists(dir, "timeline.gp")); /* no events.csv */
	/* NewReno over LTE repairs a burst loss: its retransmissions are on the time-sequence graph */
	gsize len = 0;
	gchar *gp = read_file(dir, "tseq_dl-lte.gp", &len);
	CU_ASSERT_TRUE(gp && strstr(gp, "with points pt 2"));
	g_free(gp);
	gchar *csv = read_file(dir, "tseq_dl-lte.csv", &len);
	CU_ASSERT_TRUE(csv && g_str_has_prefix(csv, "time_ns,conn,subflow,offset_bytes\n") && strchr(csv + 35, '\n'));
	g_free(csv);
	check_scripts(dir, 2 * G_N_ELEMENTS(tcp_workloads) + 2);
	g_free(args);
	g_free(dir);
}

static void test_probe_plots(void)
{
	char *dir = copy_results(probe_dir, "probe-plot");
	char *args = g_strdup_printf("plot %s -q", dir), *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	g_free(out);
	check_plot(dir, "latency_cdf");
	gsize len = 0;
	gchar *gp = read_file(dir, "latency_cdf.gp", &len);
	CU_ASSERT_TRUE(gp && strstr(gp, "'../echo_ping-wifi.csv'") && strstr(gp, "'../echo_ping-lte.csv'") &&
		       strstr(gp, "'../cbr_stream.csv'"));
	g_free(gp);
	CU_ASSERT_FALSE(plot_exists(dir, "throughput.gp")); /* no TCP */
	check_scripts(dir, 1);
	g_free(args);
	g_free(dir);
}

/* Latencies over more than a factor of 20: a logarithmic axis with 1-2-5 ticks. */
static void test_latency_log_axis(void)
{
	char *dir = copy_results(probe_dir, "log-axis");
	char *table = g_build_filename(dir, "echo_ping-lte.csv", NULL);
	gchar *text = NULL;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(table, &text, NULL, NULL));
	char *more = g_strconcat(text, "999,0,2000000000,2000000000,replied\n", NULL);
	CU_ASSERT_TRUE(g_file_set_contents(table, more, -1, NULL));
	char *args = g_strdup_printf("plot %s -q", dir), *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	g_free(out);
	gsize len = 0;
	gchar *gp = read_file(dir, "latency_cdf.gp", &len);
	CU_ASSERT_TRUE(gp && strstr(gp, "set logscale x 10") && strstr(gp, "'100' 100, '200' 200, '500' 500, '1000' 1000"));
	g_free(gp);
	check_scripts(dir, 1);
	g_free(args);
	g_free(more);
	g_free(text);
	g_free(table);
	g_free(dir);
}

/* Everything plot writes but the PNG (which gnuplot need not make byte-identical) is identical
 * when the same results are plotted twice, and when a copy of them is plotted elsewhere. */
static void test_deterministic(void)
{
	char *a = copy_results(tcp_dir, "det-a"), *b = copy_results(tcp_dir, "det-b");
	char *args = g_strdup_printf("plot %s -q", a), *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	g_free(out);
	GPtrArray *names = scripts(a);
	CU_ASSERT_TRUE_FATAL(names->len >= 8);
	GHashTable *first = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	char *plots = g_build_filename(a, "plots", NULL);
	GDir *d = g_dir_open(plots, 0, NULL);
	const char *n;
	while (d && (n = g_dir_read_name(d))) {
		if (g_str_has_suffix(n, ".png"))
			continue;
		gsize len = 0;
		g_hash_table_insert(first, g_strdup(n), read_file(a, n, &len));
	}
	g_dir_close(d);
	CU_ASSERT_EQUAL(run(args, &out), 0); /* again, same folder */
	g_free(out);
	g_free(args);
	args = g_strdup_printf("plot %s -q", b);
	CU_ASSERT_EQUAL(run(args, &out), 0); /* a copy elsewhere */
	g_free(out);
	GList *keys = g_hash_table_get_keys(first);
	keys = g_list_sort(keys, cmp_strings);
	guint compared = 0;
	for (GList *k = keys; k; k = k->next) {
		const char *name = k->data;
		const gchar *before = g_hash_table_lookup(first, name);
		for (int which = 0; which < 2; which++) {
			gsize len = 0;
			gchar *now = read_file(which ? b : a, name, &len);
			bool same = now && before && !strcmp(now, before);
			if (!same)
				fprintf(stderr, "\n%s differs between plot runs (%s)\n", name, which ? "copy" : "same folder");
			CU_ASSERT_TRUE(same);
			g_free(now);
			compared++;
		}
	}
	CU_ASSERT_TRUE(compared >= 2 * (2 * names->len + 1)); /* .gp and .svg of each, and the data, twice */
	g_list_free(keys);
	g_hash_table_destroy(first);
	g_ptr_array_free(names, TRUE);
	g_free(plots);
	g_free(args);
	g_free(a);
	g_free(b);
}

/* Rows as sim/event.c writes them: a ramp's steps, an interface going down and losing its
 * address, a short outage. */
static void write_events(const char *dir)
{
	char *path = g_build_filename(dir, "events.csv", NULL);
	const char *text = "time_ns,event,target,action,value\n"
			   "1000000000,walk,wifi.up,wifi-walk-away,rate=20Mbit\n"
			   "1000000000,walk,wifi.down,wifi-walk-away,rate=20Mbit\n"
			   "1000000000,walk,wifi.up,wifi-walk-away,loss_rate=1%\n"
			   "1500000000,walk,wifi.up,wifi-walk-away,rate=10Mbit\n"
			   "1500000000,walk,wifi.down,wifi-walk-away,rate=10Mbit\n"
			   "1500000000,walk,wifi.up,wifi-walk-away,loss_rate=5.5%\n"
			   "2000000000,lost,phone.wifi,iface-down,state=down\n"
			   "2000000000,lost-address,phone.wifi,addr-remove,removed=192.168.1.20\n"
			   "2500000000,handover,lte.up,cell-handover,state=down\n"
			   "2545000000,handover,lte.up,cell-handover,state=up\n";
	CU_ASSERT_TRUE(g_file_set_contents(path, text, -1, NULL));
	g_free(path);
}

static void test_link_events(void)
{
	char *dir = copy_results(tcp_dir, "events-tcp");
	write_events(dir);
	char *args = g_strdup_printf("plot %s -q", dir), *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	g_free(out);
	g_free(args);
	check_plot(dir, "timeline");
	gsize len = 0;
	gchar *gp = read_file(dir, "cwnd_dl-wifi.gp", &len);
	/* one line, band and name per event, not per row */
	CU_ASSERT_TRUE(gp && strstr(gp, "set arrow from first 1, graph 0 to first 1, graph 1 nohead") &&
		       strstr(gp, "set object rect from first 1, graph 0 to first 1.5, graph 1") &&
		       strstr(gp, "set label 'walk' at first 1, graph 1") && strstr(gp, "set label 'handover' at first 2.5") &&
		       !strstr(gp, "first 1.5, graph 0 to first 1.5"));
	g_free(gp);
	gp = read_file(dir, "timeline.gp", &len);
	CU_ASSERT_TRUE(gp && strstr(gp, "'link rate (Mbit/s)'") && strstr(gp, "'loss (%)'") && strstr(gp, "title 'down'") &&
		       strstr(gp, "'−192.168.1.20'") && strstr(gp, "'timeline.csv'") && strstr(gp, "throughput.csv"));
	g_free(gp);
	gchar *csv = read_file(dir, "timeline.csv", &len);
	CU_ASSERT_TRUE(csv && strstr(csv, "1500000000,wifi.up,rate,10000000\n") &&
		       strstr(csv, "1500000000,wifi.up,loss_rate,5.5\n") && strstr(csv, "3000000000,wifi.up,rate,10000000\n"));
	g_free(csv);
	check_scripts(dir, 2 * G_N_ELEMENTS(tcp_workloads) + 3);
	g_free(dir);

	/* the shipped walk-away scenario, without TCP: the timeline shows the latency of each request */
	dir = g_build_filename(tmp, "siri", NULL);
	args = g_strdup_printf("run %s/scenarios/siri-walk-away.ini --no-plots -q --out %s", TEST_SOURCE_DIR, dir);
	CU_ASSERT_EQUAL(run(args, &out), 0);
	g_free(out);
	g_free(args);
	args = g_strdup_printf("plot %s --only timeline -q", dir);
	CU_ASSERT_EQUAL(run(args, &out), 0);
	g_free(out);
	g_free(args);
	check_plot(dir, "timeline");
	gp = read_file(dir, "timeline.gp", &len);
	CU_ASSERT_TRUE(gp && strstr(gp, "set ylabel 'latency (ms)'") && strstr(gp, "set label 'walk'"));
	g_free(gp);
	CU_ASSERT_FALSE(plot_exists(dir, "latency_cdf.gp"));
	check_scripts(dir, 1);
	g_free(dir);
}

/* bytes_sent + bytes_received of the client's subflow `id` in DIR/summary.json, or -1. */
static int64_t summary_subflow_bytes(const char *dir, const char *id)
{
	char *path = g_build_filename(dir, "summary.json", NULL);
	JsonParser *p = json_parser_new();
	int64_t bytes = -1;
	if (json_parser_load_from_file(p, path, NULL)) {
		JsonObject *o = json_node_get_object(json_parser_get_root(p));
		const char *members[] = { "metrics", "workloads", "siri", "client", "subflow", id };
		for (size_t i = 0; o && i < G_N_ELEMENTS(members); i++)
			o = json_object_has_member(o, members[i]) ? json_object_get_object_member(o, members[i]) : NULL;
		if (o)
			bytes = json_object_get_int_member(o, "bytes_sent") + json_object_get_int_member(o, "bytes_received");
	}
	g_object_unref(p);
	g_free(path);
	return bytes;
}

/* The walk-away scenario in Apple's handover mode: Siri over MPTCP, a cellular backup subflow used
 * while Wi-Fi is gone. */
static void test_mptcp_subflows(void)
{
	char *dirs[2];
	for (int i = 0; i < 2; i++) {
		char *name = g_strdup_printf("handover-%d", i);
		dirs[i] = g_build_filename(tmp, name, NULL);
		char *args = g_strdup_printf("run %s/scenarios/siri-walkaway.ini --mode handover --plots -q --out %s",
					     TEST_SOURCE_DIR, dirs[i]);
		char *out = NULL;
		CU_ASSERT_EQUAL(run(args, &out), 0);
		g_free(out);
		g_free(args);
		g_free(name);
	}
	check_plot(dirs[0], "subflows_siri");
	check_scripts(dirs[0], 3); /* latency_cdf, timeline, subflows_siri */
	gsize len = 0;
	gchar *gp = read_file(dirs[0], "subflows_siri.gp", &len);
	CU_ASSERT_TRUE(gp && strstr(gp, "title 'subflow 1 wifi'") && strstr(gp, " cell (backup)'") &&
		       strstr(gp, "'../siri_siri_mptcp_subflows.csv'") && strstr(gp, "set ylabel 'smoothed RTT (ms)'") &&
		       strstr(gp, "set label 'wifi-lost'"));
	g_free(gp);

	/* two runs: identical scripts, bins and SVG */
	const char *const same[] = { "subflows_siri.gp", "subflows_siri.csv", "subflows_siri.svg" };
	for (size_t i = 0; i < G_N_ELEMENTS(same); i++) {
		char *a = g_build_filename(dirs[0], "plots", same[i], NULL);
		char *b = g_build_filename(dirs[1], "plots", same[i], NULL);
		if (!testutil_files_equal(a, b))
			fprintf(stderr, "\n%s differs between two runs\n", same[i]);
		CU_ASSERT_TRUE(testutil_files_equal(a, b));
		g_free(a);
		g_free(b);
	}

	/* the bins: each column adds up to its subflow's bytes in summary.json; Wi-Fi carries before the
	 * user walks out of range and after coming back, the cellular subflows nothing after */
	gchar *csv = read_file(dirs[0], "subflows_siri.csv", &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
	char **lines = g_strsplit(csv, "\n", -1);
	char **head = g_strsplit(lines[0], ",", -1);
	guint n = g_strv_length(head);
	CU_ASSERT_TRUE_FATAL(n >= 4);
	int64_t *sum = g_new0(int64_t, n);
	int64_t wifi_before = 0, wifi_after = 0, cell_after = 0;
	for (char **l = lines + 1; *l && **l; l++) {
		char **f = g_strsplit(*l, ",", -1);
		CU_ASSERT_EQUAL_FATAL(g_strv_length(f), n);
		int64_t start = g_ascii_strtoll(f[0], NULL, 10);
		for (guint k = 2; k < n; k++) {
			int64_t v = g_ascii_strtoll(f[k], NULL, 10);
			sum[k] += v;
			bool wifi = strstr(head[k], " wifi") != NULL, cell = strstr(head[k], " cell") != NULL;
			CU_ASSERT_TRUE(wifi || cell);
			wifi_before += wifi && start < 50000000000 ? v : 0;
			wifi_after += wifi && start >= 59000000000 ? v : 0;
			cell_after += cell && start >= 59000000000 ? v : 0;
		}
		g_strfreev(f);
	}
	for (guint k = 2; k < n; k++) {
		char id[16];
		CU_ASSERT_EQUAL_FATAL(sscanf(head[k], "subflow %15s", id), 1);
		CU_ASSERT_EQUAL(sum[k], summary_subflow_bytes(dirs[0], id));
	}
	CU_ASSERT_TRUE(wifi_before > 0 && wifi_after > 0);
	CU_ASSERT_EQUAL(cell_after, 0);
	g_free(sum);
	g_strfreev(head);
	g_strfreev(lines);
	g_free(csv);
	g_free(dirs[0]);
	g_free(dirs[1]);
}

static void test_only_and_format(void)
{
	char *dir = copy_results(tcp_dir, "only");
	char *args = g_strdup_printf("plot %s --only latency,tseq --format svg -q", dir), *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	g_free(out);
	g_free(args);
	CU_ASSERT_TRUE(plot_exists(dir, "latency_cdf.svg"));
	CU_ASSERT_TRUE(plot_exists(dir, "tseq_web.svg"));
	CU_ASSERT_FALSE(plot_exists(dir, "latency_cdf.png"));
	CU_ASSERT_FALSE(plot_exists(dir, "cwnd_web.gp"));
	CU_ASSERT_FALSE(plot_exists(dir, "throughput.gp"));
	gsize len = 0;
	gchar *gp = read_file(dir, "latency_cdf.gp", &len);
	CU_ASSERT_TRUE(gp && strstr(gp, "formats = 'svg'"));
	g_free(gp);
	g_free(dir);
}

static void test_run_plots(void)
{
	char *dir = g_build_filename(tmp, "run-plots", NULL);
	char *args = g_strdup_printf("run %s/scenarios/probe-two-paths.ini --set simulation.duration=2s --plots --out %s",
				     TEST_SOURCE_DIR, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "plots in"));
	g_free(out);
	check_plot(dir, "latency_cdf");
	g_free(args);
	/* --no-plots: none */
	char *dir2 = g_build_filename(tmp, "run-no-plots", NULL);
	args = g_strdup_printf("run %s/scenarios/probe-two-paths.ini --set simulation.duration=1s --no-plots -q --out %s",
			       TEST_SOURCE_DIR, dir2);
	CU_ASSERT_EQUAL(run(args, &out), 0);
	g_free(out);
	CU_ASSERT_FALSE(plot_exists(dir2, "latency_cdf.gp"));
	g_free(args);
	args = g_strdup_printf("run %s/scenarios/probe-two-paths.ini --plots --no-plots", TEST_SOURCE_DIR);
	CU_ASSERT_EQUAL(run(args, &out), 2);
	g_free(out);
	g_free(args);
	g_free(dir2);
	g_free(dir);
}

/* gnuplot missing: PATH without it. */
static void test_without_gnuplot(void)
{
	char *dir = copy_results(probe_dir, "no-gnuplot");
	char *cmd = g_strdup_printf("env PATH=/nonexistent %s plot %s", MPTCPSIM_BIN, dir), *out = NULL;
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "gnuplot is not installed"));
	CU_ASSERT_PTR_NULL(strstr(out, "plots in"));
	g_free(out);
	g_free(cmd);
	CU_ASSERT_TRUE(plot_exists(dir, "latency_cdf.gp")); /* the scripts are there to run elsewhere */
	CU_ASSERT_FALSE(plot_exists(dir, "latency_cdf.png"));
	char *r = g_build_filename(tmp, "no-gnuplot-run", NULL);
	cmd = g_strdup_printf("env PATH=/nonexistent %s run %s/scenarios/probe-two-paths.ini --set simulation.duration=1s "
			      "--out %s -q",
			      MPTCPSIM_BIN, TEST_SOURCE_DIR, r);
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 0); /* results stand; a warning */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "warning: no plots"));
	g_free(out);
	char *summary = g_build_filename(r, "summary.json", NULL);
	CU_ASSERT_TRUE(g_file_test(summary, G_FILE_TEST_IS_REGULAR));
	g_free(summary);
	g_free(cmd);
	cmd = g_strdup_printf("env PATH=/nonexistent %s run %s/scenarios/probe-two-paths.ini --set simulation.duration=1s "
			      "--out %s -q --plots",
			      MPTCPSIM_BIN, TEST_SOURCE_DIR, r);
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 1); /* asked for: an error */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "gnuplot is not installed"));
	g_free(out);
	g_free(cmd);
	g_free(r);
	g_free(dir);
}

/* A gnuplot that fails: plot fails with its stderr, run only warns unless --plots asked. */
static void test_failing_gnuplot(void)
{
	char *bin = g_build_filename(tmp, "fake-bin", NULL);
	g_mkdir_with_parents(bin, 0755);
	char *fake = g_build_filename(bin, "gnuplot", NULL);
	CU_ASSERT_TRUE(g_file_set_contents(fake, "#!/bin/sh\necho 'line 1: cannot draw' >&2\nexit 1\n", -1, NULL));
	g_chmod(fake, 0755);
	char *dir = copy_results(probe_dir, "failing-gnuplot");
	char *cmd = g_strdup_printf("env PATH=%s:/usr/bin:/bin %s plot %s", bin, MPTCPSIM_BIN, dir), *out = NULL;
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 1);
	CU_ASSERT_TRUE(strstr(out, "gnuplot failed on") && strstr(out, "latency_cdf.gp") && strstr(out, "cannot draw"));
	g_free(out);
	g_free(cmd);
	char *r = g_build_filename(tmp, "failing-gnuplot-run", NULL);
	cmd = g_strdup_printf("env PATH=%s:/usr/bin:/bin %s run %s/scenarios/probe-two-paths.ini --set simulation.duration=1s "
			      "--out %s -q",
			      bin, MPTCPSIM_BIN, TEST_SOURCE_DIR, r);
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "warning: no plots: gnuplot failed"));
	g_free(out);
	g_free(cmd);
	cmd = g_strdup_printf("env PATH=%s:/usr/bin:/bin %s run %s/scenarios/probe-two-paths.ini --set simulation.duration=1s "
			      "--out %s -q --plots",
			      bin, MPTCPSIM_BIN, TEST_SOURCE_DIR, r);
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--plots: gnuplot failed"));
	g_free(out);
	g_free(cmd);
	g_free(r);
	g_free(dir);
	g_free(fake);
	g_free(bin);
}

static void expect(const char *args, int rc, const char *fragment)
{
	char *out = NULL;
	int got = run(args, &out);
	bool ok = got == rc && strstr(out, fragment) && !strstr(out, "AddressSanitizer") && !strstr(out, "runtime error");
	if (!ok)
		fprintf(stderr, "\nmptcpsim %s: exit %d, expected %d and \"%s\"; got:\n%s\n", args, got, rc, fragment, out);
	CU_ASSERT_TRUE(ok);
	g_free(out);
}

static void test_errors(void)
{
	char *args = g_strdup_printf("plot %s/no-such-folder", tmp);
	expect(args, 1, "no such results folder");
	g_free(args);
	char *empty = g_build_filename(tmp, "empty", NULL);
	g_mkdir_with_parents(empty, 0755);
	args = g_strdup_printf("plot %s", empty);
	expect(args, 1, "no summary.json");
	g_free(args);
	char *file = g_build_filename(empty, "a-file", NULL);
	g_file_set_contents(file, "x", -1, NULL);
	args = g_strdup_printf("plot %s", file);
	expect(args, 1, "not a folder");
	g_free(args);
	const struct {
		const char *summary;
		const char *fragment;
	} bad[] = {
		{ "{\"schema\": \"other.tool\", \"schema_version\": 1}", "not an mptcpsim results summary" },
		{ "{\"schema_version\": 1}", "not an mptcpsim results summary" },
		{ "{\"schema\": \"mptcpsim.summary\", \"schema_version\": 99}", "newer mptcpsim" },
		{ "{\"schema\": \"mptcpsim.summary\", \"schema_version\": 1}", "duration_ns" },
		{ "this is not JSON", "not a readable summary" },
		{ "[1, 2]", "not an mptcpsim results summary" },
		{ "{\"schema\": \"mptcpsim.summary\", \"schema_version\": 1, \"metrics\": {\"simulation\": "
		  "{\"duration_ns\": 1000}, \"workloads\": {\"../../x\": {\"type\": \"bulk\"}}}}",
		  "workload \"../../x\" of type \"bulk\": expected names of letters" },
	};
	char *summary = g_build_filename(empty, "summary.json", NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_file_set_contents(summary, bad[i].summary, -1, NULL);
		args = g_strdup_printf("plot %s", empty);
		expect(args, 1, bad[i].fragment);
		g_free(args);
	}
	/* a table that is not what its name says */
	char *dir = copy_results(tcp_dir, "broken-table");
	char *table = g_build_filename(dir, "bulk_dl-wifi_tcp.csv", NULL);
	g_file_set_contents(table, "time_ns,conn\n0,0\n", -1, NULL);
	args = g_strdup_printf("plot %s", dir);
	expect(args, 1, "bulk_dl-wifi_tcp.csv: no column \"state\"");
	g_free(args);
	g_file_set_contents(table, "time_ns,conn,state,cwnd_bytes,srtt_ns,snd_una,bytes_acked\n0,0,SYN-SENT,0,0,0\n", -1,
			    NULL);
	args = g_strdup_printf("plot %s", dir);
	expect(args, 1, "bulk_dl-wifi_tcp.csv:2: expected 7 fields");
	g_free(args);
	g_file_set_contents(table, "time_ns,conn,state,cwnd_bytes,srtt_ns,snd_una,bytes_acked\nsoon,0,SYN-SENT,0,0,0,0\n",
			    -1, NULL);
	args = g_strdup_printf("plot %s", dir);
	expect(args, 1, "bulk_dl-wifi_tcp.csv:2: time_ns: expected a whole number, found \"soon\"");
	g_free(args);
	/* usage */
	expect("plot", 2, "expected exactly one RESULTS_DIR");
	args = g_strdup_printf("plot %s --only cwnd,bogus", probe_dir);
	expect(args, 2, "unknown plot kind \"bogus\"; known: cwnd, throughput, tseq, latency, timeline, subflows");
	g_free(args);
	args = g_strdup_printf("plot %s --format gif", probe_dir);
	expect(args, 2, "unknown plot format \"gif\"; known: png, svg");
	g_free(args);
	/* asked for, but no data */
	char *probe = copy_results(probe_dir, "probe-only-cwnd");
	args = g_strdup_printf("plot %s --only cwnd", probe);
	expect(args, 1, "nothing to draw for cwnd");
	g_free(args);
	expect("plot --help", 0, "tseq_WORKLOAD");
	g_free(probe);
	g_free(table);
	g_free(dir);
	g_free(summary);
	g_free(file);
	g_free(empty);
}

static CU_TestInfo plot_tests[] = {
	{ .pName = "TCP run: cwnd, tseq, throughput, latency plots as PNG and SVG", .pTestFunc = test_tcp_plots },
	{ .pName = "probe run: latency CDF only", .pTestFunc = test_probe_plots },
	{ .pName = "latencies spanning decades: log axis", .pTestFunc = test_latency_log_axis },
	{ .pName = "scripts, data and SVG are byte-identical across plot runs", .pTestFunc = test_deterministic },
	{ .pName = "mobility events: timeline, and lines, bands and names on time plots", .pTestFunc = test_link_events },
	{ .pName = "MPTCP handover run: subflows plot, exact bins, identical across runs", .pTestFunc = test_mptcp_subflows },
	{ .pName = "--only and --format", .pTestFunc = test_only_and_format },
	{ .pName = "run --plots / --no-plots", .pTestFunc = test_run_plots },
	{ .pName = "without gnuplot: plot fails, run warns, run --plots fails", .pTestFunc = test_without_gnuplot },
	{ .pName = "a failing gnuplot: plot fails, run warns, run --plots fails", .pTestFunc = test_failing_gnuplot },
	{ .pName = "bad folders and options: exit 1 or 2 with a message", .pTestFunc = test_errors },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "mptcpsim plot", .pInitFunc = suite_init, .pCleanupFunc = suite_cleanup, .pTests = plot_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
