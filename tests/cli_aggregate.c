/* cli_aggregate.c — `mptcpsim aggregate` on results folders made by hand: grouping by resolved
 * scenario minus the seed, labels, statistics equal to those computed here from the summaries, the
 * output files, and every kind of bad input (missing folder, no runs, foreign JSON, another schema
 * version, not JSON, the same seed twice) with exit codes. */
#include "testutil.h"

#include "stats.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

static int run(const char *args, char **out)
{
	char *cmd = g_strdup_printf("%s %s", MPTCPSIM_BIN, args);
	int rc = testutil_run_command(cmd, out);
	g_free(cmd);
	return rc;
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

static char *dir;

/* DIR/NAME/seed-S made by `mptcpsim run` of the probe scenario for 2 s, with `set` (may be ""). */
static bool make_run(const char *name, int seed, const char *set)
{
	char *args = g_strdup_printf("run %s/scenarios/probe-two-paths.ini -q --seed %d --set simulation.duration=2s %s "
				     "--out %s/%s/seed-%d",
				     TEST_SOURCE_DIR, seed, set, dir, name, seed);
	char *out = NULL;
	int rc = run(args, &out);
	if (rc != 0)
		fprintf(stderr, "mptcpsim %s: exit %d\n%s\n", args, rc, out);
	g_free(out);
	g_free(args);
	return rc == 0;
}

static int suite_init(void)
{
	dir = testutil_tmpdir("cli-aggregate");
	/* Two variants made in folders whose names say nothing: grouping must come from the scenario. */
	bool ok = true;
	for (int s = 1; s <= 3; s++)
		ok = ok && make_run("x", s, "") && make_run("y/deeper", s, "--set link.wifi.rate=5Mbit");
	ok = ok && make_run("x", 10, ""); /* natural order: seed-10 after seed-3 */
	return ok ? 0 : 1;
}

static int suite_cleanup(void)
{
	testutil_rmtree(dir);
	g_free(dir);
	return 0;
}

static double summary_metric(const char *run_dir, const char *group, const char *name, const char *key)
{
	char *path = g_strdup_printf("%s/%s/summary.json", dir, run_dir);
	JsonNode *root = load_json(path);
	g_free(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	JsonObject *m = json_object_get_object_member(json_node_get_object(root), "metrics");
	JsonObject *w = json_object_get_object_member(json_object_get_object_member(m, group), name);
	double v = (double)json_object_get_int_member(w, key);
	json_node_unref(root);
	return v;
}

static void test_groups_and_statistics(void)
{
	char *args = g_strdup_printf("aggregate %s --out %s/agg", dir, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	/* The table names both variants by what sets them apart, the first as the baseline. */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "[1] link.wifi.rate=20Mbit — 4 runs, seeds 1-3, 10 (baseline)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "[2] link.wifi.rate=5Mbit — 3 runs, seeds 1-3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "workloads.stream.delay_p50_ns"));
	CU_ASSERT_PTR_NULL(strstr(out, "links.wifi.up.busy_ns")); /* only workloads by default */
	g_free(out);
	g_free(args);

	char *json = g_strdup_printf("%s/agg/aggregate.json", dir);
	JsonNode *root = load_json(json);
	g_free(json);
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	JsonObject *o = json_node_get_object(root);
	CU_ASSERT_STRING_EQUAL(json_object_get_string_member(o, "schema"), "mptcpsim.aggregate");
	CU_ASSERT_EQUAL(json_object_get_int_member(o, "schema_version"), 1);
	JsonArray *variants = json_object_get_array_member(o, "variants");
	CU_ASSERT_EQUAL_FATAL(json_array_get_length(variants), 2);
	JsonObject *v1 = json_array_get_object_element(variants, 0);
	CU_ASSERT_STRING_EQUAL(json_object_get_string_member(v1, "label"), "link.wifi.rate=20Mbit");
	CU_ASSERT_EQUAL(json_object_get_int_member(v1, "runs"), 4);
	JsonArray *seeds = json_object_get_array_member(v1, "seeds");
	CU_ASSERT_EQUAL(json_array_get_int_element(seeds, 3), 10);
	/* Mean, sd and CI of a metric equal those computed here from the four summaries. */
	const char *runs[] = { "x/seed-1", "x/seed-2", "x/seed-3", "x/seed-10" };
	double values[4];
	for (int i = 0; i < 4; i++)
		values[i] = summary_metric(runs[i], "workloads", "stream", "delivered_packets");
	an_stats want;
	an_stats_compute(values, 4, 0.95, &want);
	JsonObject *m = json_object_get_object_member(json_object_get_object_member(v1, "metrics"),
						      "workloads.stream.delivered_packets");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(json_object_get_int_member(m, "n"), 4);
	CU_ASSERT_DOUBLE_EQUAL(json_object_get_double_member(m, "mean"), want.mean, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(json_object_get_double_member(m, "sd"), want.sd, 1e-9);
	CU_ASSERT_DOUBLE_EQUAL(json_object_get_double_member(m, "ci95_high") - want.mean, want.ci_half, 1e-9);
	/* The seed is the run's identity, not a metric. */
	CU_ASSERT_FALSE(json_object_has_member(json_object_get_object_member(v1, "metrics"), "simulation.seed"));
	/* The slower Wi-Fi link makes the stream's one-way delay longer: a significant difference. */
	JsonArray *cmp = json_object_get_array_member(o, "comparisons");
	CU_ASSERT_EQUAL_FATAL(json_array_get_length(cmp), 1);
	JsonObject *c = json_object_get_object_member(json_array_get_object_element(cmp, 0), "metrics");
	JsonObject *d = json_object_get_object_member(c, "workloads.stream.delay_p50_ns");
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_TRUE(json_object_get_double_member(d, "diff") > 0);
	CU_ASSERT_TRUE(json_object_get_boolean_member(d, "significant"));
	json_node_unref(root);

	/* The CSV files have their headers and one row per variant and metric. */
	char *stats = g_strdup_printf("%s/agg/stats.csv", dir), *text = NULL;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(stats, &text, NULL, NULL));
	CU_ASSERT_TRUE(g_str_has_prefix(text, "variant,label,metric,n,mean,sd,ci95_low,ci95_high,min,max\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\n2,link.wifi.rate=5Mbit,workloads.stream.delivered_packets,3,"));
	g_free(text);
	g_free(stats);
	char *compare = g_strdup_printf("%s/agg/compare.csv", dir);
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(compare, &text, NULL, NULL));
	CU_ASSERT_TRUE(g_str_has_prefix(text, "variant,label,baseline_label,metric,n,baseline_n,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "workloads.stream.delay_p50_ns,3,4,"));
	g_free(text);
	g_free(compare);
}

static void test_order_and_metric_choice(void)
{
	/* Folders in the order given: the 5 Mbit/s runs first make them the baseline. A single run
	 * folder and a summary.json file are accepted too. */
	char *args = g_strdup_printf("aggregate %s/y %s/x/seed-1 %s/x/seed-2/summary.json --metric 'links.wifi.up.*'", dir,
				     dir, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "[1] link.wifi.rate=5Mbit — 3 runs"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "[2] link.wifi.rate=20Mbit — 2 runs, seeds 1-2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "links.wifi.up.rate_bps"));
	CU_ASSERT_PTR_NULL(strstr(out, "workloads.stream"));
	g_free(out);
	g_free(args);
	/* One variant is labelled with the scenario's name. */
	args = g_strdup_printf("aggregate %s/x", dir);
	CU_ASSERT_EQUAL(run(args, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "[1] probe over Wi-Fi and LTE — 4 runs"));
	g_free(out);
	g_free(args);
}

static void write_text(const char *path, const char *text)
{
	char *parent = g_path_get_dirname(path);
	g_mkdir_with_parents(parent, 0755);
	g_free(parent);
	CU_ASSERT_TRUE(g_file_set_contents(path, text, -1, NULL));
}

static void test_bad_input(void)
{
	char *out = NULL;
	CU_ASSERT_EQUAL(run("aggregate", &out), 2);
	g_free(out);
	CU_ASSERT_EQUAL(run("aggregate --no-such-option x", &out), 2);
	g_free(out);

	/* A folder that does not exist, and one with no run in it. */
	char *args = g_strdup_printf("aggregate %s/none", dir);
	CU_ASSERT_EQUAL(run(args, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cannot read"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "/none"));
	g_free(out);
	g_free(args);
	char *empty = g_strdup_printf("%s/empty/sub", dir);
	g_mkdir_with_parents(empty, 0755);
	args = g_strdup_printf("aggregate %s/empty", dir);
	CU_ASSERT_EQUAL(run(args, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "expected results folders (each with a summary.json)"));
	g_free(out);
	g_free(args);
	g_free(empty);

	/* Foreign JSON, a summary of another version, a file that is not JSON: each is named, all at once. */
	char *foreign = g_strdup_printf("%s/bad/foreign/summary.json", dir);
	write_text(foreign, "{ \"name\": \"something else\", \"values\": [1, 2] }\n");
	char *other = g_strdup_printf("%s/bad/other-schema/summary.json", dir);
	write_text(other, "{ \"schema\": \"someone.results\", \"schema_version\": 1 }\n");
	char *v2path = g_strdup_printf("%s/bad/version-2/summary.json", dir);
	char *good = g_strdup_printf("%s/x/seed-1/summary.json", dir), *text = NULL;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(good, &text, NULL, NULL));
	char *v2 = g_strdup(text);
	char *at = strstr(v2, "\"schema_version\" : 1");
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	at[strlen("\"schema_version\" : ")] = '2';
	write_text(v2path, v2);
	char *garbage = g_strdup_printf("%s/bad/garbage/summary.json", dir);
	write_text(garbage, "seq,time\n1,2\n");
	args = g_strdup_printf("aggregate %s/bad %s/x", dir, dir);
	CU_ASSERT_EQUAL(run(args, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "foreign/summary.json: expected a summary of schema \"mptcpsim.summary\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "other-schema/summary.json: expected schema \"mptcpsim.summary\", got \"someone.results\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "version-2/summary.json: expected schema_version 1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "got version 2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "garbage/summary.json: expected a summary.json (JSON)"));
	CU_ASSERT_PTR_NULL(strstr(out, "variant"));
	g_free(out);
	g_free(args);

	/* The same runs twice: each seed may count once. */
	args = g_strdup_printf("aggregate %s/x %s/x/seed-2", dir, dir);
	CU_ASSERT_EQUAL(run(args, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "the same seed 2"));
	g_free(out);
	g_free(args);
	g_free(text);
	g_free(v2);
	g_free(good);
	g_free(foreign);
	g_free(other);
	g_free(v2path);
	g_free(garbage);
}

static CU_TestInfo aggregate_tests[] = {
	{ .pName = "variants by scenario, statistics, files", .pTestFunc = test_groups_and_statistics },
	{ .pName = "order of arguments, --metric, one variant", .pTestFunc = test_order_and_metric_choice },
	{ .pName = "bad folders and files", .pTestFunc = test_bad_input },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "aggregate", .pInitFunc = suite_init, .pCleanupFunc = suite_cleanup, .pTests = aggregate_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
