/* cli_bench.c — `mptcpsim bench`: regression benchmarks against a baseline (an unchanged run
 * passes; a run made worse by an override exits 4 and names what moved; speed never fails; bad
 * baselines, suites and options are errors with their exit codes), and the performance suites
 * engine and tcp still answer. */
#include "testutil.h"

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <string.h>

static char *dir;
static char *baseline; /* of the default suite, saved once */

static int run(const char *args, char **out)
{
	char *cmd = g_strdup_printf("%s %s", MPTCPSIM_BIN, args);
	int rc = testutil_run_command(cmd, out);
	g_free(cmd);
	return rc;
}

static int suite_init(void)
{
	dir = testutil_tmpdir("cli-bench");
	baseline = g_strdup_printf("%s/baseline.json", dir);
	char *args = g_strdup_printf("bench regress --save-baseline %s", baseline), *out = NULL;
	int rc = run(args, &out);
	if (rc)
		fprintf(stderr, "bench regress --save-baseline: exit %d\n%s\n", rc, out);
	g_free(out);
	g_free(args);
	return rc;
}

static int suite_cleanup(void)
{
	testutil_rmtree(dir);
	g_free(dir);
	g_free(baseline);
	return 0;
}

/* `baseline` with the first occurrence of `from` replaced by `to`, written to DIR/NAME. */
static char *edited_baseline(const char *name, const char *from, const char *to)
{
	char *text = NULL;
	g_file_get_contents(baseline, &text, NULL, NULL);
	char *at = strstr(text, from);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	*at = '\0';
	char *edited = g_strconcat(text, to, at + strlen(from), NULL);
	char *path = g_strdup_printf("%s/%s", dir, name);
	g_file_set_contents(path, edited, -1, NULL);
	g_free(edited);
	g_free(text);
	return path;
}

static void test_baseline_file(void)
{
	JsonParser *p = json_parser_new();
	CU_ASSERT_TRUE_FATAL(json_parser_load_from_file(p, baseline, NULL));
	JsonObject *o = json_node_get_object(json_parser_get_root(p));
	CU_ASSERT_STRING_EQUAL(json_object_get_string_member(o, "schema"), "mptcpsim.bench-baseline");
	CU_ASSERT_EQUAL(json_object_get_int_member(o, "schema_version"), 1);
	CU_ASSERT_STRING_EQUAL(json_object_get_string_member(o, "suite"), "default");
	JsonArray *scenarios = json_object_get_array_member(o, "scenarios");
	CU_ASSERT_EQUAL_FATAL(json_array_get_length(scenarios), 2);
	JsonObject *bulk = json_array_get_object_element(scenarios, 0);
	CU_ASSERT_STRING_EQUAL(json_object_get_string_member(bulk, "name"), "bulk");
	CU_ASSERT_EQUAL(json_array_get_length(json_object_get_array_member(bulk, "seeds")), 5);
	/* Speed is recorded. */
	JsonObject *speed = json_object_get_object_member(bulk, "speed");
	CU_ASSERT_TRUE(json_object_get_int_member(speed, "events") > 0);
	CU_ASSERT_TRUE(json_object_get_int_member(speed, "packets") > 0);
	CU_ASSERT_TRUE(json_object_get_double_member(speed, "events_per_second") > 0);
	CU_ASSERT_TRUE(json_object_get_double_member(speed, "packets_per_second") > 0);
	/* And every metric with its statistics. */
	JsonObject *m = json_object_get_object_member(json_object_get_object_member(bulk, "metrics"),
						      "workloads.upload.bytes_delivered");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(json_object_get_int_member(m, "n"), 5);
	CU_ASSERT_DOUBLE_EQUAL(json_object_get_double_member(m, "mean"), 4e6, 0.5);
	g_object_unref(p);
}

static void test_unchanged_passes(void)
{
	char *args = g_strdup_printf("bench regress --baseline %s", baseline), *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "no metric moved:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "events/s"));
	g_free(out);
	g_free(args);
	/* A baseline whose machine was a million times faster: speed is shown, never judged. */
	char *fast = edited_baseline("fast.json", "\"wall_seconds\" : ", "\"wall_seconds\" : 1e-9, \"was\" : ");
	args = g_strdup_printf("bench regress --baseline %s -q", fast);
	CU_ASSERT_EQUAL(run(args, &out), 0);
	CU_ASSERT_STRING_EQUAL(out, "");
	g_free(out);
	g_free(args);
	g_free(fast);
}

static void test_regression_fails(void)
{
	/* Half the Wi-Fi rate: delays and busy times grow in both scenarios. */
	char *args = g_strdup_printf("bench regress --baseline %s --set link.wifi.rate=10Mbit", baseline), *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "metrics moved from the baseline"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "probe     workloads.stream.delay_p50_ns"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "bulk      links.wifi.up.busy_ns"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "(-50.00%)")); /* the rate itself */
	g_free(out);
	g_free(args);
	/* More loss on Wi-Fi: the stream delivers less. */
	args = g_strdup_printf("bench regress --baseline %s --set link.wifi.loss_rate=10%% -q", baseline);
	CU_ASSERT_EQUAL(run(args, &out), 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "workloads.stream.delivery_ratio"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "links.wifi.up.drops_loss"));
	g_free(out);
	g_free(args);
	/* A tolerance of 200% lets the halved rate pass: every move is smaller. */
	args = g_strdup_printf("bench regress --baseline %s --set link.wifi.rate=10Mbit --tolerance 200%% -q", baseline);
	CU_ASSERT_EQUAL(run(args, &out), 0);
	g_free(out);
	g_free(args);
	/* A metric the baseline has and the run does not: it moved too. */
	char *extra = edited_baseline("extra-metric.json", "\"workloads.upload.bytes_delivered\" : {",
				      "\"workloads.upload.vanished\" : { \"n\" : 5, \"mean\" : 1, \"sd\" : 0, \"min\" : 1, "
				      "\"max\" : 1 }, \"workloads.upload.bytes_delivered\" : {");
	args = g_strdup_printf("bench regress --baseline %s", extra);
	CU_ASSERT_EQUAL(run(args, &out), 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "workloads.upload.vanished"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "in the baseline, not reported by this run"));
	g_free(out);
	g_free(args);
	g_free(extra);
}

static void test_bad_baselines(void)
{
	char *v2 = edited_baseline("v2.json", "\"schema_version\" : 1", "\"schema_version\" : 2");
	char *args = g_strdup_printf("bench regress --baseline %s", v2), *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "v2.json: expected schema_version 1 of \"mptcpsim.bench-baseline\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "got version 2"));
	CU_ASSERT_PTR_NULL(strstr(out, "suite default")); /* nothing ran */
	g_free(out);
	g_free(args);
	g_free(v2);

	char *aggregate = g_strdup_printf("%s/summary.json", dir);
	g_file_set_contents(aggregate, "{ \"schema\": \"mptcpsim.summary\", \"schema_version\": 1 }", -1, NULL);
	char *no_schema = g_strdup_printf("%s/plain.json", dir);
	g_file_set_contents(no_schema, "[1, 2, 3]", -1, NULL);
	char *garbage = g_strdup_printf("%s/garbage.json", dir);
	g_file_set_contents(garbage, "scenario,metric\n", -1, NULL);
	char *broken = edited_baseline("broken.json", "\"n\" : 5", "\"n\" : \"five\"");
	const struct {
		const char *path;
		const char *fragment;
	} cases[] = {
		{ aggregate, "expected schema \"mptcpsim.bench-baseline\", got \"mptcpsim.summary\"" },
		{ no_schema, "expected a baseline (a JSON object of schema \"mptcpsim.bench-baseline\"), got "
					     "another JSON value" },
		{ garbage, "expected a baseline (JSON of schema \"mptcpsim.bench-baseline\"), got:" },
		{ broken, "expected \"n\" to be a number" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		args = g_strdup_printf("bench regress --baseline %s", cases[i].path);
		int rc = run(args, &out);
		bool ok = rc == 1 && strstr(out, cases[i].fragment);
		if (!ok)
			fprintf(stderr, "\n%s: rc=%d, want 1 and \"%s\"; got:\n%s\n", cases[i].path, rc, cases[i].fragment, out);
		CU_ASSERT_TRUE(ok);
		g_free(out);
		g_free(args);
	}
	CU_ASSERT_EQUAL(run("bench regress --baseline /nonexistent/baseline.json", &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cannot read baseline /nonexistent/baseline.json"));
	g_free(out);
	g_free(aggregate);
	g_free(no_schema);
	g_free(garbage);
	g_free(broken);
}

static void test_suites_and_options(void)
{
	char *out = NULL;
	/* A suite given as a folder; its scenarios' names come from the files. */
	char *suite = g_strdup_printf("%s/mysuite", dir);
	g_mkdir_with_parents(suite, 0755);
	char *text = NULL;
	g_file_get_contents(TEST_SOURCE_DIR "/scenarios/probe-two-paths.ini", &text, NULL, NULL);
	char *copy = g_strdup_printf("%s/two-paths.ini", suite);
	g_file_set_contents(copy, text, -1, NULL);
	char *args = g_strdup_printf("bench regress %s --seeds 1-2 --set simulation.duration=2s --baseline %s", suite, baseline);
	CU_ASSERT_EQUAL(run(args, &out), 4); /* the baseline's two scenarios are not in this suite */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "suite mysuite: 1 scenario"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "the scenario is in the baseline, not in the suite"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "note: two-paths: a new scenario, not in the baseline"));
	g_free(out);
	g_free(args);
	/* A benchmark scenario runs as written: nothing to vary. */
	char *varied = g_strconcat(text, "\n[sweep]\nvary = link.wifi.rate=1Mbit,2Mbit\n", NULL);
	g_file_set_contents(copy, varied, -1, NULL);
	args = g_strdup_printf("bench regress %s", suite);
	CU_ASSERT_EQUAL(run(args, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "[sweep] vary: expected nothing to vary in a benchmark scenario"));
	g_free(out);
	g_free(args);
	g_free(varied);
	g_free(copy);
	g_free(text);
	g_free(suite);

	static const struct {
		const char *args;
		int rc;
		const char *fragment;
	} cases[] = {
		{ "bench regress nosuchsuite", 1, "got \"nosuchsuite\", found in neither" },
		{ "bench regress a b", 2, "expected at most one SUITE" },
		{ "bench regress --tolerance much", 2, "--tolerance" },
		{ "bench regress --seeds 3-1", 2, "--seeds: expected a seed range LOW-HIGH with LOW <= HIGH" },
		{ "bench regress --set link.wifi.rat=1Mbit", 1, "(did you mean \"rate\"?)" },
		{ "bench regress --no-such-option", 2, "Unknown option" },
		{ "bench nosuchsuite", 2, "expected a suite name (engine, tcp, mptcp)" },
		{ "bench engine --sizes 1000 --events 2000", 0, "hold-n=1000" },
		{ "bench tcp --case no-such-case", 0, "packets/s" },
		{ "bench mptcp --json --case 60s", 0, "\"case\":\"2subflows-60s\",\"subflows\":2" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		int rc = run(cases[i].args, &out);
		bool ok = rc == cases[i].rc && strstr(out, cases[i].fragment);
		if (!ok)
			fprintf(stderr, "\n%s: rc=%d, want %d and \"%s\"; got:\n%s\n", cases[i].args, rc, cases[i].rc,
				cases[i].fragment, out);
		CU_ASSERT_TRUE(ok);
		g_free(out);
	}
	/* The shipped suite's scenarios are valid scenarios. */
	CU_ASSERT_EQUAL(run("validate " TEST_SOURCE_DIR "/scenarios/bench/default/*.ini", &out), 0);
	g_free(out);
}

static CU_TestInfo bench_tests[] = {
	{ .pName = "the baseline file: schema, metrics, speed", .pTestFunc = test_baseline_file },
	{ .pName = "an unchanged run passes; speed never fails", .pTestFunc = test_unchanged_passes },
	{ .pName = "a regressed run exits 4 and names what moved", .pTestFunc = test_regression_fails },
	{ .pName = "baselines of another schema version or none", .pTestFunc = test_bad_baselines },
	{ .pName = "suites by path, bad suites and options; engine, tcp and mptcp", .pTestFunc = test_suites_and_options },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "bench", .pInitFunc = suite_init, .pCleanupFunc = suite_cleanup, .pTests = bench_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
