/* determinism_sweep.c — a sweep of 2 variants × 20 seeds gives byte-identical results with one run
 * at a time and with two in parallel: the same tables (stats.csv, compare.csv, aggregate.json) and
 * the same summary of every run, whatever order the runs finished in. */
#include "testutil.h"

#include <string.h>

static void test_jobs_1_and_2(void)
{
	char *dir = testutil_tmpdir("determinism-sweep");
	for (int jobs = 1; jobs <= 2; jobs++) {
		char *args = g_strdup_printf("%s sweep %s/scenarios/probe-two-paths.ini --set simulation.duration=2s "
					     "--seeds 1-20 --vary link.lte.up.rate=5Mbit,2Mbit --jobs %d --out %s/j%d -q",
					     MPTCPSIM_BIN, TEST_SOURCE_DIR, jobs, dir, jobs);
		char *out = NULL;
		int rc = testutil_run_command(args, &out);
		if (rc)
			fprintf(stderr, "%s\n", out);
		CU_ASSERT_EQUAL_FATAL(rc, 0);
		g_free(out);
		g_free(args);
	}
	const char *tables[] = { "stats.csv", "compare.csv", "aggregate.json" };
	for (size_t i = 0; i < G_N_ELEMENTS(tables); i++) {
		char *a = g_strdup_printf("%s/j1/%s", dir, tables[i]), *b = g_strdup_printf("%s/j2/%s", dir, tables[i]);
		CU_ASSERT_TRUE(testutil_files_equal(a, b));
		g_free(a);
		g_free(b);
	}
	const char *variants[] = { "01-link.lte.up.rate=5Mbit", "02-link.lte.up.rate=2Mbit" };
	int compared = 0;
	for (size_t v = 0; v < G_N_ELEMENTS(variants); v++)
		for (int seed = 1; seed <= 20; seed++) {
			char *a = g_strdup_printf("%s/j1/%s/seed-%d/summary.json", dir, variants[v], seed);
			char *b = g_strdup_printf("%s/j2/%s/seed-%d/summary.json", dir, variants[v], seed);
			CU_ASSERT_TRUE(testutil_files_equal(a, b));
			compared++;
			g_free(a);
			g_free(b);
		}
	CU_ASSERT_EQUAL(compared, 40);
	/* And the tables really hold 2 variants of 20 runs. */
	char *json = g_strdup_printf("%s/j2/aggregate.json", dir), *text = NULL;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(json, &text, NULL, NULL));
	const char *p = text;
	int runs20 = 0;
	while ((p = strstr(p, "\"runs\" : 20,")))
		runs20++, p++;
	CU_ASSERT_EQUAL(runs20, 2);
	g_free(text);
	g_free(json);
	testutil_rmtree(dir);
	g_free(dir);
}

static CU_TestInfo tests[] = {
	{ .pName = "sweep --jobs 1 and --jobs 2 give identical aggregates", .pTestFunc = test_jobs_1_and_2 },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "sweep determinism", .pTests = tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
