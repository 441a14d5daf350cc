/* cli_sweep.c — `mptcpsim sweep` as a user meets it: the folder layout, the tables (equal to
 * `mptcpsim aggregate` of the same folder), a sweep declared in the scenario's [sweep] group and
 * overridden from the command line, the progress bar only on a terminal without CI, a failed run,
 * and bad input with its exit codes. Scenarios run for 2 simulated seconds. */
#include "testutil.h"

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <string.h>

static char *dir;

static int run(const char *args, char **out)
{
	char *cmd = g_strdup_printf("%s %s", MPTCPSIM_BIN, args);
	int rc = testutil_run_command(cmd, out);
	g_free(cmd);
	return rc;
}

static bool file_has(const char *path, const char *fragment)
{
	char *text = NULL;
	bool ok = g_file_get_contents(path, &text, NULL, NULL) && strstr(text, fragment);
	g_free(text);
	return ok;
}

#define PROBE TEST_SOURCE_DIR "/scenarios/probe-two-paths.ini"
#define SHORT "--set simulation.duration=2s"

static void test_sweep_and_aggregate(void)
{
	char *args = g_strdup_printf("sweep " PROBE " " SHORT " --seeds 1-3 --vary link.wifi.rate=20Mbit,5Mbit "
				     "--jobs 2 --out %s/s",
				     dir);
	char *out = NULL;
	int rc = run(args, &out);
	CU_ASSERT_EQUAL(rc, 0);
	if (rc)
		fprintf(stderr, "%s\n", out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "2 variants x 3 seeds = 6 runs, 2 at a time"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "[1] link.wifi.rate=20Mbit — 3 runs, seeds 1-3 (baseline)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "[2] link.wifi.rate=5Mbit — 3 runs, seeds 1-3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "workloads.stream.delay_p50_ns"));
	CU_ASSERT_PTR_NULL(strchr(out, '\r')); /* not a terminal: no progress bar */
	g_free(out);
	g_free(args);
	/* DIR/VARIANT/seed-S, variants numbered in sweep order. */
	const char *runs[] = { "01-link.wifi.rate=20Mbit/seed-1", "01-link.wifi.rate=20Mbit/seed-3",
			       "02-link.wifi.rate=5Mbit/seed-2" };
	for (size_t i = 0; i < G_N_ELEMENTS(runs); i++) {
		char *summary = g_strdup_printf("%s/s/%s/summary.json", dir, runs[i]);
		CU_ASSERT_TRUE(g_file_test(summary, G_FILE_TEST_IS_REGULAR));
		g_free(summary);
	}
	char *seed2 = g_strdup_printf("%s/s/02-link.wifi.rate=5Mbit/seed-2/scenario.ini", dir);
	CU_ASSERT_TRUE(file_has(seed2, "seed = 2\n"));
	CU_ASSERT_TRUE(file_has(seed2, "[link.wifi]\na = phone.wifi\nb = ap.wlan\n"));
	CU_ASSERT_TRUE(file_has(seed2, "\nrate = 5Mbit\ndelay = 5ms\nqueue = 50pkt\nloss = bernoulli\n"));
	g_free(seed2);
	/* The tables equal those of `mptcpsim aggregate` on the same folder, byte for byte. */
	args = g_strdup_printf("aggregate %s/s --out %s/again -q", dir, dir);
	CU_ASSERT_EQUAL(run(args, &out), 0);
	g_free(out);
	g_free(args);
	const char *files[] = { "stats.csv", "compare.csv", "aggregate.json" };
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *a = g_strdup_printf("%s/s/%s", dir, files[i]), *b = g_strdup_printf("%s/again/%s", dir, files[i]);
		CU_ASSERT_TRUE(testutil_files_equal(a, b));
		g_free(a);
		g_free(b);
	}
	char *json = g_strdup_printf("%s/s/aggregate.json", dir);
	CU_ASSERT_TRUE(file_has(json, "\"label\" : \"link.wifi.rate=5Mbit\""));
	g_free(json);
	/* Another sweep into the same folder is told that a later aggregate would mix the two. */
	args = g_strdup_printf("sweep " PROBE " " SHORT " --seeds 1 --vary link.wifi.rate=1Mbit --out %s/s -q", dir);
	CU_ASSERT_EQUAL(run(args, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "warning:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "already holds 2 entries this sweep does not write (01-link.wifi.rate=20Mbit, …)"));
	g_free(out);
	g_free(args);
}

/* The probe scenario with a [sweep] group appended. */
static char *scenario_with_sweep(const char *name, const char *sweep)
{
	char *text = NULL;
	g_file_get_contents(PROBE, &text, NULL, NULL);
	char *path = g_strdup_printf("%s/%s", dir, name);
	char *all = g_strconcat(text, "\n[sweep]\n", sweep, NULL);
	g_file_set_contents(path, all, -1, NULL);
	g_free(all);
	g_free(text);
	return path;
}

static void test_sweep_group(void)
{
	char *scn = scenario_with_sweep("declared.ini", "seeds = 4-5\nvary = link.wifi.rate=20Mbit,10Mbit; "
							"link.wifi.loss_rate=1%,2%\n");
	char *args = g_strdup_printf("sweep %s " SHORT " --out %s/d -q", scn, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 0);
	CU_ASSERT_STRING_EQUAL(out, ""); /* --quiet */
	g_free(out);
	g_free(args);
	char *p = g_strdup_printf("%s/d/04-link.wifi.rate=10Mbit+link.wifi.loss_rate=2%%/seed-5/summary.json", dir);
	CU_ASSERT_TRUE(g_file_test(p, G_FILE_TEST_IS_REGULAR));
	g_free(p);
	/* --seeds replaces the file's seeds; --vary replaces the values of its key, keeping the other axis. */
	args = g_strdup_printf("sweep %s " SHORT " --out %s/d2 --seeds 7 --vary link.wifi.rate=1Mbit", scn, dir);
	CU_ASSERT_EQUAL(run(args, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "2 variants x 1 seed = 2 runs"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "[2] link.wifi.loss_rate=2% — 1 run, seeds 7"));
	g_free(out);
	g_free(args);
	p = g_strdup_printf("%s/d2/02-link.wifi.rate=1Mbit+link.wifi.loss_rate=2%%/seed-7/summary.json", dir);
	CU_ASSERT_TRUE(g_file_test(p, G_FILE_TEST_IS_REGULAR));
	g_free(p);
	g_free(scn);

	/* A bad key in the file's [sweep] vary: named with file, line, group and key, by sweep and validate. */
	scn = scenario_with_sweep("bad-vary.ini", "vary = link.wifi.rat=1Mbit,2Mbit\n");
	args = g_strdup_printf("sweep %s --out %s/never", scn, dir);
	CU_ASSERT_EQUAL(run(args, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "bad-vary.ini:109: [sweep] vary: link.wifi.rat=1Mbit: [link.wifi] rat: expected one "
					   "of a, b,"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "(did you mean \"rate\"?)"));
	CU_ASSERT_PTR_NULL(strstr(out, "rat=2Mbit")); /* the same problem is told once */
	g_free(out);
	g_free(args);
	args = g_strdup_printf("validate %s", scn);
	CU_ASSERT_EQUAL(run(args, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "[sweep] vary: link.wifi.rat=1Mbit"));
	g_free(out);
	g_free(args);
	g_free(scn);
	scn = scenario_with_sweep("bad-seeds.ini", "seeds = 10-1\n");
	args = g_strdup_printf("validate %s", scn);
	CU_ASSERT_EQUAL(run(args, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "bad-seeds.ini:109: [sweep] seeds: expected a seed range LOW-HIGH with LOW <= HIGH"));
	g_free(out);
	g_free(args);
	g_free(scn);
	CU_ASSERT_FALSE(g_file_test("never", G_FILE_TEST_EXISTS));
	/* The keys are listed with the others. */
	CU_ASSERT_EQUAL(run("list keys", &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "[sweep]\n  seeds "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\n  vary "));
	g_free(out);
}

static void test_progress_only_on_a_terminal(void)
{
	/* script(1) gives the sweep a terminal; with CI set it stays quiet there too. */
	char *inner = g_strdup_printf("%s sweep " PROBE " " SHORT " --seeds 1-2 --out %s/tty -m nothing", MPTCPSIM_BIN, dir);
	char *q = g_shell_quote(inner);
	char *cmd = g_strdup_printf("env -u CI script -qec %s /dev/null < /dev/null", q);
	char *out = NULL;
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "] 2/2 runs, 0 running"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ETA"));
	g_free(out);
	g_free(cmd);
	cmd = g_strdup_printf("env CI=true script -qec %s /dev/null < /dev/null", q);
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 0);
	CU_ASSERT_PTR_NULL(strstr(out, "runs, 0 running"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "2 runs in"));
	g_free(out);
	g_free(cmd);
	g_free(q);
	g_free(inner);
}

static void test_failed_run(void)
{
	/* A file where a run's folder should go: that run fails; the sweep says which and why. */
	char *blocked = g_strdup_printf("%s/f/base", dir);
	char *parent = g_path_get_dirname(blocked);
	g_mkdir_with_parents(parent, 0755);
	g_file_set_contents(blocked, "not a folder", -1, NULL);
	char *args = g_strdup_printf("sweep " PROBE " " SHORT " --seeds 1-3 --jobs 1 --out %s/f", dir);
	char *out = NULL;
	CU_ASSERT_EQUAL(run(args, &out), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "run of variant base, seed 1 failed (exit 1)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cannot create results folder"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "1 of 3 runs failed; 2 not started"));
	char *stats = g_strdup_printf("%s/f/stats.csv", dir);
	CU_ASSERT_FALSE(g_file_test(stats, G_FILE_TEST_EXISTS));
	g_free(stats);
	g_free(out);
	g_free(args);
	g_free(parent);
	g_free(blocked);
}

static void test_bad_input(void)
{
	static const struct {
		const char *args;
		int rc;
		const char *fragment;
	} cases[] = {
		{ "sweep", 2, "expected exactly one scenario FILE" },
		{ "sweep " PROBE " --no-such-option", 2, "Unknown option" },
		{ "sweep /nonexistent.ini", 1, "/nonexistent.ini" },
		{ "sweep " PROBE " --vary link.wifi.rat=1Mbit,2Mbit", 1,
		  "--vary link.wifi.rat=1Mbit: [link.wifi] rat: expected one of a, b," },
		{ "sweep " PROBE " --vary link.wifi.rat=1Mbit,2Mbit", 1, ", got \"rat\" (did you mean \"rate\"?)" },
		{ "sweep " PROBE " --vary link.wfi.rate=1Mbit", 1, "(did you mean [link.wifi]?)" },
		{ "sweep " PROBE " --vary link.wifi.rate=fast,1Mbit", 1, "--vary link.wifi.rate=fast: [link.wifi] rate: expected a rate" },
		{ "sweep " PROBE " --vary link.wifi.rate=", 2, "--vary: link.wifi.rate: expected a list of values like 10Mbit,20Mbit, got no value" },
		{ "sweep " PROBE " --vary link.wifi.rate=1Mbit,,2Mbit", 2, "an empty value between commas" },
		{ "sweep " PROBE " --vary link.wifi.rate", 2, "expected GROUP.KEY=VALUE,VALUE,..." },
		{ "sweep " PROBE " --vary a.b=1 --vary a.b=2", 2, "expected each GROUP.KEY once, got a.b twice" },
		{ "sweep " PROBE " --vary simulation.seed=1,2", 2, "--seeds" },
		{ "sweep " PROBE " --seeds 5-1", 2, "--seeds: expected a seed range LOW-HIGH with LOW <= HIGH, got \"5-1\"" },
		{ "sweep " PROBE " --seeds 1,x", 2, "--seeds: expected seeds like 1-30 or 1,2,5-9 (integers from 0), got \"x\"" },
		{ "sweep " PROBE " --seeds 1-3,2", 2, "expected each seed once, got 2 twice" },
		{ "sweep " PROBE " --seeds ''", 2, "got nothing" },
		{ "sweep " PROBE " --jobs -2", 2, "--jobs" },
		{ "sweep " PROBE " --emit pbs", 2, "--emit: expected slurm or parallel, got \"pbs\"" },
		{ "sweep " PROBE " --sbatch=--time=5", 2, "--sbatch: expected together with --emit slurm" },
		{ "sweep " PROBE " --vary link.wifi.rate=10Mbit,10000Kbit", 1,
		  "variant 2 (link.wifi.rate=10000Kbit): expected variants that differ, got the same scenario as variant 1" },
		{ "sweep " PROBE " --vary link.wifi.loss=none,bernoulli", 1,
		  "--vary link.wifi.loss=none: " PROBE ":52: [link.wifi] loss_rate" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *out = NULL;
		char *args = g_strdup_printf("%s --out %s/never", cases[i].args, dir);
		int rc = run(args, &out);
		bool ok = rc == cases[i].rc && strstr(out, cases[i].fragment);
		if (!ok)
			fprintf(stderr, "\n%s: rc=%d, want %d and \"%s\"; got:\n%s\n", cases[i].args, rc, cases[i].rc,
				cases[i].fragment, out);
		CU_ASSERT_TRUE(ok);
		g_free(out);
		g_free(args);
	}
	char *never = g_strdup_printf("%s/never", dir);
	CU_ASSERT_FALSE(g_file_test(never, G_FILE_TEST_EXISTS)); /* nothing runs when the plan is bad */
	g_free(never);
}

static int suite_init(void)
{
	dir = testutil_tmpdir("cli-sweep");
	return 0;
}

static int suite_cleanup(void)
{
	testutil_rmtree(dir);
	g_free(dir);
	return 0;
}

static CU_TestInfo sweep_tests[] = {
	{ .pName = "sweep: layout, tables equal to aggregate's", .pTestFunc = test_sweep_and_aggregate },
	{ .pName = "[sweep] group and command-line overrides", .pTestFunc = test_sweep_group },
	{ .pName = "progress bar only on a terminal without CI", .pTestFunc = test_progress_only_on_a_terminal },
	{ .pName = "a failed run is reported", .pTestFunc = test_failed_run },
	{ .pName = "bad input and exit codes", .pTestFunc = test_bad_input },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "sweep", .pInitFunc = suite_init, .pCleanupFunc = suite_cleanup, .pTests = sweep_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
