/* cli_run.c — the command line as a user meets it: exit codes, run, validate, list, bench. */
#include "testutil.h"

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <string.h>

static int run(const char *args, char **out)
{
	char *cmd = g_strdup_printf("%s %s", MPTCPSIM_BIN, args);
	int rc = testutil_run_command(cmd, out);
	g_free(cmd);
	return rc;
}

static void test_exit_codes(void)
{
	char *out = NULL;
	CU_ASSERT_EQUAL(run("", &out), 2);
	g_free(out);
	CU_ASSERT_EQUAL(run("frobnicate", &out), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "unknown command"));
	g_free(out);
	CU_ASSERT_EQUAL(run("run", &out), 2);
	g_free(out);
	CU_ASSERT_EQUAL(run("run --no-such-option x.ini", &out), 2);
	g_free(out);
	CU_ASSERT_EQUAL(run("run /nonexistent/file.ini", &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "/nonexistent/file.ini"));
	g_free(out);
	CU_ASSERT_EQUAL(run("run --seed -5 x.ini", &out), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--seed"));
	g_free(out);
	CU_ASSERT_EQUAL(run("run --seed 12abc x.ini", &out), 2);
	g_free(out);
	CU_ASSERT_EQUAL(run("validate", &out), 2);
	g_free(out);
	CU_ASSERT_EQUAL(run("--help", &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Exit codes"));
	g_free(out);
	CU_ASSERT_EQUAL(run("run --help", &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--seed"));
	g_free(out);
	CU_ASSERT_EQUAL(run("version", &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "mptcpsim "));
	g_free(out);
	CU_ASSERT_EQUAL(run("bench nosuchsuite", &out), 2);
	g_free(out);
}

static void test_list(void)
{
	char *out = NULL;
	CU_ASSERT_EQUAL(run("list", &out), 0);
	const char *names[] = { "none", "bernoulli", "gilbert-elliott", "scripted", "cbr", "echo", "bulk", "reqresp",
				"reno", "cubic" };
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(out, names[i]));
	g_free(out);
	CU_ASSERT_EQUAL(run("list keys", &out), 0);
	const char *keys[] = { "duration", "addresses", "rate", "queue", "loss_rate", "ge_p", "drop_list", "interval" };
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(out, keys[i]));
	g_free(out);
	CU_ASSERT_EQUAL(run("list nonsense", &out), 2);
	g_free(out);
}

static JsonNode *load_json(const char *path)
{
	JsonParser *p = json_parser_new();
	JsonNode *root = NULL;
	if (json_parser_load_from_file(p, path, NULL))
		root = json_node_copy(json_parser_get_root(p));
	g_object_unref(p);
	return root;
}

static void test_run_writes_results(void)
{
	char *dir = testutil_tmpdir("cli-run");
	char *args = g_strdup_printf("run %s/scenarios/probe-two-paths.ini --out %s/r --set simulation.duration=3s", TEST_SOURCE_DIR, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "results in"));
	g_free(out);
	char *summary = g_strdup_printf("%s/r/summary.json", dir);
	JsonNode *root = load_json(summary);
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	JsonObject *o = json_node_get_object(root);
	CU_ASSERT_STRING_EQUAL(json_object_get_string_member(o, "schema"), "mptcpsim.summary");
	CU_ASSERT_EQUAL(json_object_get_int_member(o, "schema_version"), 1);
	JsonObject *scn = json_object_get_object_member(o, "scenario");
	CU_ASSERT_STRING_EQUAL(json_object_get_string_member(json_object_get_object_member(scn, "simulation"), "duration"), "3s");
	JsonObject *m = json_object_get_object_member(o, "metrics");
	JsonObject *wl = json_object_get_object_member(json_object_get_object_member(m, "workloads"), "ping-wifi");
	CU_ASSERT_EQUAL(json_object_get_int_member(wl, "requests"), 30); /* every 100 ms for 3 s */
	CU_ASSERT_TRUE(json_object_get_int_member(wl, "replies") > 20);
	json_node_unref(root);
	g_free(summary);
	const char *files[] = { "scenario.ini", "echo_ping-wifi.csv", "echo_ping-lte.csv", "cbr_stream.csv" };
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *f = g_strdup_printf("%s/r/%s", dir, files[i]);
		CU_ASSERT_TRUE(g_file_test(f, G_FILE_TEST_IS_REGULAR));
		g_free(f);
	}
	/* The resolved scenario reproduces the run. */
	char *again = g_strdup_printf("run %s/r/scenario.ini --out %s/r2 -q", dir, dir);
	CU_ASSERT_EQUAL(run(again, &out), 0);
	g_free(out);
	char *a = g_strdup_printf("%s/r/echo_ping-lte.csv", dir), *b = g_strdup_printf("%s/r2/echo_ping-lte.csv", dir);
	CU_ASSERT_TRUE(testutil_files_equal(a, b));
	g_free(a);
	g_free(b);
	g_free(again);
	g_free(args);
	testutil_rmtree(dir);
	g_free(dir);
}

static void test_validate_shipped_scenarios(void)
{
	char *args = g_strdup_printf("validate %s/scenarios/*.ini", TEST_SOURCE_DIR);
	char *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	if (!strstr(out, ": ok"))
		fprintf(stderr, "%s\n", out);
	g_free(out);
	g_free(args);
}

/* Expected fragments of files without a "# expect" line (binary, empty). */
static const struct {
	const char *file;
	const char *fragment;
} special[] = {
	{ "empty.ini", "empty" },
};

static gint cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_validate_bad_corpus(void)
{
	char *dirpath = g_strdup_printf("%s/tests/bad-scenarios", TEST_SOURCE_DIR);
	GDir *d = g_dir_open(dirpath, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	const char *name;
	int files = 0;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	while ((name = g_dir_read_name(d)))
		if (g_str_has_suffix(name, ".ini"))
			g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, cmp_names);
	for (guint i = 0; i < names->len; i++) {
		name = g_ptr_array_index(names, i);
		char *path = g_build_filename(dirpath, name, NULL);
		char *text = NULL;
		gsize len = 0;
		g_file_get_contents(path, &text, &len, NULL);
		char *expect = NULL;
		if (text && (g_str_has_prefix(text, "# expect: ") || g_str_has_prefix(text, "# expect-builder: "))) {
			const char *s = strchr(text, ':') + 2;
			const char *nl = strchr(s, '\n');
			expect = g_strndup(s, nl ? (gsize)(nl - s) : strlen(s));
		}
		for (size_t k = 0; !expect && k < G_N_ELEMENTS(special); k++)
			if (!strcmp(name, special[k].file))
				expect = g_strdup(special[k].fragment);
		char *q = g_shell_quote(path);
		char *args = g_strdup_printf("validate %s", q);
		char *out = NULL;
		int rc = run(args, &out);
		bool ok = rc == 1 && strstr(out, name) && strstr(out, ":") && (!expect || strstr(out, expect)) &&
			  !strstr(out, "AddressSanitizer") && !strstr(out, "runtime error");
		if (!ok)
			fprintf(stderr, "\n%s: rc=%d expected \"%s\"; got:\n%s\n", name, rc, expect ? expect : "(any)", out);
		CU_ASSERT_TRUE(ok);
		files++;
		g_free(out);
		g_free(args);
		g_free(q);
		g_free(expect);
		g_free(text);
		g_free(path);
	}
	CU_ASSERT_TRUE(files >= 20);
	g_ptr_array_free(names, TRUE);
	g_free(dirpath);
}

static void test_validate_reports_every_file(void)
{
	/* Two bad files and a good one: both bad files are reported, exit 1. */
	char *args = g_strdup_printf("validate %s/tests/bad-scenarios/empty.ini %s/scenarios/probe-two-paths.ini "
				     "%s/tests/bad-scenarios/empty.ini",
				     TEST_SOURCE_DIR, TEST_SOURCE_DIR, TEST_SOURCE_DIR);
	char *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "probe-two-paths.ini: ok"));
	g_free(out);
	g_free(args);
}

static void test_set_overrides(void)
{
	char *out = NULL;
	char *args = g_strdup_printf("validate %s/scenarios/probe-two-paths.ini --set link.wifi.rate=fast", TEST_SOURCE_DIR);
	CU_ASSERT_EQUAL(run(args, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "fast"));
	g_free(out);
	g_free(args);
	args = g_strdup_printf("validate %s/scenarios/probe-two-paths.ini --set link.wifi.rat=1Mbit", TEST_SOURCE_DIR);
	CU_ASSERT_EQUAL(run(args, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "rate"));
	g_free(out);
	g_free(args);
	args = g_strdup_printf("validate %s/scenarios/probe-two-paths.ini --set link.lte.up.delay=40ms", TEST_SOURCE_DIR);
	CU_ASSERT_EQUAL(run(args, &out), 0);
	g_free(out);
	g_free(args);
}

static void test_bench_json(void)
{
	char *out = NULL;
	CU_ASSERT_EQUAL(run("bench engine --sizes 1000,5000 --events 20000 --json", &out), 0);
	char **lines = g_strsplit(out, "\n", -1);
	int objects = 0;
	for (char **l = lines; *l; l++) {
		if (!**l)
			continue;
		JsonParser *p = json_parser_new();
		CU_ASSERT_TRUE(json_parser_load_from_data(p, *l, -1, NULL));
		JsonObject *o = json_node_get_object(json_parser_get_root(p));
		CU_ASSERT_TRUE(json_object_has_member(o, "events_per_second"));
		CU_ASSERT_TRUE(json_object_has_member(o, "peak_rss_bytes"));
		g_object_unref(p);
		objects++;
	}
	CU_ASSERT_EQUAL(objects, 2);
	g_strfreev(lines);
	g_free(out);
}

static void test_integrity_failure_is_loud(void)
{
	/* A middlebox rewrites the payload of the 20th data packet of a plain TCP transfer: TCP's
	 * checksum is recomputed, so only the receiving application's check of every byte against the
	 * payload function can tell. The run must stop with exit 3 and say which bytes. */
	char *dir = testutil_tmpdir("integrity");
	char *ini = g_build_filename(dir, "t.ini", NULL);
	g_file_set_contents(ini,
			    "[simulation]\nduration = 10s\n[host.a]\n[host.b]\n[interface.a.eth]\naddresses = 10.0.0.1\n"
			    "[interface.b.eth]\naddresses = 10.0.0.2\n[link.l]\na = a.eth\nb = b.eth\nrate = 10Mbit\n"
			    "delay = 5ms\n[link.l.up]\nmiddlebox = rewrite-payload\n"
			    "[workload.x]\ntype = bulk\nfrom = a\nto = b\nbytes = 1MB\n",
			    -1, NULL);
	char *args = g_strdup_printf("run %s --out %s/r -q --no-plots", ini, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "workload x"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "arrived different from what was sent"));
	g_free(out);
	/* without the middlebox the same transfer is clean */
	char *clean = g_strdup_printf("run %s --out %s/c -q --no-plots --set link.l.up.middlebox=none", ini, dir);
	CU_ASSERT_EQUAL(run(clean, &out), 0);
	g_free(out);
	g_free(clean);
	g_free(args);
	g_free(ini);
	testutil_rmtree(dir);
	g_free(dir);
}

static CU_TestInfo cli_tests[] = {
	{ .pName = "a receiver that gets wrong bytes stops the run, exit 3", .pTestFunc = test_integrity_failure_is_loud },
	{ .pName = "exit codes", .pTestFunc = test_exit_codes },
	{ .pName = "list models and keys", .pTestFunc = test_list },
	{ .pName = "run writes summary.json, CSV and the resolved scenario", .pTestFunc = test_run_writes_results },
	{ .pName = "shipped scenarios validate", .pTestFunc = test_validate_shipped_scenarios },
	{ .pName = "every broken scenario is rejected with file and line", .pTestFunc = test_validate_bad_corpus },
	{ .pName = "validate reports every file", .pTestFunc = test_validate_reports_every_file },
	{ .pName = "--set overrides", .pTestFunc = test_set_overrides },
	{ .pName = "bench --json", .pTestFunc = test_bench_json },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "command line", .pTests = cli_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
