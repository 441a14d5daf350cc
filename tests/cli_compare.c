/* cli_compare.c — `mptcpsim compare` and `mptcpsim run --mode` on the main job's scenario
 * (scenarios/siri-walkaway.ini, shortened to 35 s):
 *  - compare --modes tcp prints the table header and a tcp row for the siri workload, writes
 *    DIR/tcp/ (summary, per-request table) and DIR/compare.csv;
 *  - compare without --modes has every mode in the table, as a row or with the reason this build
 *    cannot run it (without the mptcp transport), and exits 0; with the transport every mode runs,
 *    Apple's handover (apple-handover), interactive (apple-interactive) and aggregate (minrtt) included; naming a mode the build
 *    cannot run in --modes exits 1 while the others still run;
 *  - run --mode tcp gives byte for byte the same per-request table as run with the --set list the
 *    mode printed (a mode is nothing but overrides);
 *  - an unknown mode is a usage error naming the known ones. */
#include "testutil.h"

#include "registry.h"
#include "transport.h"

#include <string.h>

#define SHORT "--set simulation.duration=35s"

static int run(const char *args, char **out)
{
	char *cmd = g_strdup_printf("%s %s", MPTCPSIM_BIN, args);
	int rc = testutil_run_command(cmd, out);
	g_free(cmd);
	return rc;
}

static bool have_mptcp(void)
{
	return registry_find((const void *const *)xport_all, "mptcp", "transport", NULL) != NULL;
}

static void test_compare_tcp(void)
{
	char *dir = testutil_tmpdir("cli-compare");
	char *args = g_strdup_printf("compare %s/scenarios/siri-walkaway.ini --modes tcp --no-plots --out %s/c " SHORT, TEST_SOURCE_DIR, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "mode         workload         requests         failed         median            p95   "
					   "handover gap cellular bytes       radio on"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ntcp          siri "));
	static const char *const files[] = { "compare.csv", "tcp/summary.json", "tcp/siri_siri.csv", "tcp/scenario.ini" };
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *f = g_strdup_printf("%s/c/%s", dir, files[i]);
		CU_ASSERT_TRUE(g_file_test(f, G_FILE_TEST_IS_REGULAR));
		g_free(f);
	}
	char *csv_path = g_strdup_printf("%s/c/compare.csv", dir), *csv = NULL;
	CU_ASSERT_TRUE(g_file_get_contents(csv_path, &csv, NULL, NULL));
	CU_ASSERT_TRUE(g_str_has_prefix(csv, "mode,workload,status,requests,failed,response_p50_ns,response_p95_ns,"
					     "handover_gap_ns,cellular_bytes,radio_on_ns\ntcp,siri,ran,"));
	g_free(csv);
	g_free(csv_path);
	g_free(out);
	g_free(args);
	testutil_rmtree(dir);
	g_free(dir);
}

static void test_compare_all(void)
{
	char *dir = testutil_tmpdir("cli-compare-all");
	char *args = g_strdup_printf("compare %s/scenarios/siri-walkaway.ini --no-plots --out %s/c " SHORT, TEST_SOURCE_DIR, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ntcp          siri "));
	/* Every mode is in the table, as a row or with the reason it did not run. */
	static const char *const modes[] = { "handover", "interactive", "aggregate", "backup", "full" };
	for (size_t i = 0; i < G_N_ELEMENTS(modes); i++) {
		char *row = g_strdup_printf("\n%-12s ", modes[i]);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, row));
		g_free(row);
	}
	if (!have_mptcp()) {
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "handover     not run: mode handover needs the mptcp transport"));
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "full         not run: mode full needs the mptcp transport"));
	} else {
		/* every mode runs: Apple's handover (apple-handover) and interactive (apple-interactive) too */
		for (size_t i = 0; i < G_N_ELEMENTS(modes); i++) {
			char *row = g_strdup_printf("\n%-12s siri ", modes[i]);
			CU_ASSERT_PTR_NOT_NULL(strstr(out, row));
			g_free(row);
		}
		CU_ASSERT_PTR_NULL(strstr(out, "not run"));
	}
	g_free(out);
	g_free(args);
	args = g_strdup_printf("compare %s/scenarios/siri-walkaway.ini --modes tcp,handover --out %s/d " SHORT,
			       TEST_SOURCE_DIR, dir);
	if (have_mptcp()) {
		CU_ASSERT_EQUAL(run(args, &out), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "\nhandover     siri "));
	} else {
		CU_ASSERT_EQUAL(run(args, &out), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "handover     not run: mode handover needs"));
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\ntcp          siri ")); /* the others still run */
	g_free(out);
	g_free(args);
	testutil_rmtree(dir);
	g_free(dir);
}

static void test_mode_is_sets(void)
{
	char *dir = testutil_tmpdir("cli-mode");
	char *args = g_strdup_printf("run %s/scenarios/siri-walkaway.ini --mode tcp --no-plots --out %s/m " SHORT, TEST_SOURCE_DIR, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	const char *line = strstr(out, "mode tcp: ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	char *sets = g_strndup(line + strlen("mode tcp: "), (gsize)(strchr(line, '\n') - line - (long)strlen("mode tcp: ")));
	char *args2 = g_strdup_printf("run %s/scenarios/siri-walkaway.ini %s --no-plots --out %s/s " SHORT, TEST_SOURCE_DIR, sets, dir);
	char *out2 = NULL;
	CU_ASSERT_EQUAL(run(args2, &out2), 0);
	char *a = g_strdup_printf("%s/m/siri_siri.csv", dir), *b = g_strdup_printf("%s/s/siri_siri.csv", dir);
	CU_ASSERT_TRUE(testutil_files_equal(a, b));
	g_free(a);
	g_free(b);
	g_free(out2);
	g_free(args2);
	g_free(sets);
	g_free(out);
	g_free(args);
	CU_ASSERT_EQUAL(run("run --mode nonsense /dev/null", &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "unknown mode \"nonsense\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "known: tcp, handover, interactive, aggregate, backup, full"));
	g_free(out);
	CU_ASSERT_EQUAL(run("compare --modes nonsense /dev/null", &out), 2);
	g_free(out);
	testutil_rmtree(dir);
	g_free(dir);
}

static CU_TestInfo tests[] = {
	{ .pName = "compare --modes tcp: table, results folder, compare.csv", .pTestFunc = test_compare_tcp },
	{ .pName = "compare: modes this build cannot run are listed with the reason", .pTestFunc = test_compare_all },
	{ .pName = "run --mode tcp = run with the printed --set list", .pTestFunc = test_mode_is_sets },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "cli_compare", .pInitFunc = NULL, .pCleanupFunc = NULL, .pSetUpFunc = NULL, .pTearDownFunc = NULL, .pTests = tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
