/* determinism_run.c — same scenario and seed: byte-identical results folders and pcaps.
 *
 * Runs the shipped probe scenario (with loss on both radios and pcaps) twice into separate
 * folders and compares every file byte for byte; a different seed must change the results. The
 * suite runs in the Release and the sanitizer build; both compare their output with the SHA-256
 * sums in tests/golden (made by scripts/regen-golden.sh), so the two builds — -O2, and -O1 with
 * sanitizers — must write the same bytes as each other and as the build that made the sums. */
#include "testutil.h"

#include <stdbool.h>
#include <string.h>

static void run_to(const char *dir, const char *seed)
{
	char *cmd = g_strdup_printf("%s run %s/scenarios/probe-two-paths.ini --set simulation.duration=5s --seed %s --pcap --no-plots --out %s -q",
				    MPTCPSIM_BIN, TEST_SOURCE_DIR, seed, dir);
	char *out = NULL;
	int rc = testutil_run_command(cmd, &out);
	if (rc != 0)
		fprintf(stderr, "%s\n%s\n", cmd, out);
	CU_ASSERT_EQUAL(rc, 0);
	g_free(out);
	g_free(cmd);
}

/* Every regular file under `rel` of a (recursively), compared with the same path under b. */
static int compare_trees(const char *a, const char *b, const char *rel, int *files)
{
	char *da = g_build_filename(a, rel, NULL);
	GDir *d = g_dir_open(da, 0, NULL);
	int differ = 0;
	const char *n;
	while (d && (n = g_dir_read_name(d))) {
		char *r = g_build_filename(rel, n, NULL);
		char *pa = g_build_filename(a, r, NULL), *pb = g_build_filename(b, r, NULL);
		if (g_file_test(pa, G_FILE_TEST_IS_DIR)) {
			differ += compare_trees(a, b, r, files);
		} else {
			(*files)++;
			if (!testutil_files_equal(pa, pb)) {
				fprintf(stderr, "differs: %s\n", r);
				differ++;
			}
		}
		g_free(pa);
		g_free(pb);
		g_free(r);
	}
	if (d)
		g_dir_close(d);
	g_free(da);
	return differ;
}

static void test_same_seed_identical(void)
{
	char *dir = testutil_tmpdir("determinism");
	char *a = g_build_filename(dir, "a", NULL), *b = g_build_filename(dir, "b", NULL), *c = g_build_filename(dir, "c", NULL);
	run_to(a, "7");
	run_to(b, "7");
	run_to(c, "8");
	int files = 0;
	CU_ASSERT_EQUAL(compare_trees(a, b, "", &files), 0);
	CU_ASSERT_TRUE(files >= 5);
	char *pcap_dir = g_build_filename(a, "pcap", NULL);
	CU_ASSERT_TRUE(g_file_test(pcap_dir, G_FILE_TEST_IS_DIR));
	g_free(pcap_dir);
	char *sa = g_build_filename(a, "summary.json", NULL), *sc = g_build_filename(c, "summary.json", NULL);
	CU_ASSERT_FALSE(testutil_files_equal(sa, sc));
	g_free(sa);
	g_free(sc);
	testutil_rmtree(dir);
	g_free(a);
	g_free(b);
	g_free(c);
	g_free(dir);
}

static char *sha256_file(const char *path)
{
	gchar *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &data, &len, NULL))
		return NULL;
	char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
	g_free(data);
	return sum;
}

static void test_matches_golden(void)
{
	char *dir = testutil_tmpdir("golden");
	char *r = g_build_filename(dir, "r", NULL);
	run_to(r, "7");
	char *golden_path = g_strdup_printf("%s/tests/golden/probe-two-paths-5s-seed7.sha256", TEST_SOURCE_DIR);
	gchar *golden = NULL;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(golden_path, &golden, NULL, NULL));
	char **lines = g_strsplit(golden, "\n", -1);
	int checked = 0;
	for (char **l = lines; *l; l++) {
		if (!**l)
			continue;
		char **f = g_strsplit(*l, "  ", 2);
		CU_ASSERT_PTR_NOT_NULL_FATAL(f[1]);
		char *path = g_build_filename(r, f[1], NULL);
		char *sum = sha256_file(path);
		if (!sum || strcmp(sum, f[0]) != 0)
			fprintf(stderr, "golden mismatch: %s (run scripts/regen-golden.sh only for an intended change)\n", f[1]);
		CU_ASSERT_TRUE(sum && strcmp(sum, f[0]) == 0);
		checked++;
		g_free(sum);
		g_free(path);
		g_strfreev(f);
	}
	CU_ASSERT_TRUE(checked >= 14);
	g_strfreev(lines);
	g_free(golden);
	g_free(golden_path);
	testutil_rmtree(dir);
	g_free(r);
	g_free(dir);
}

static CU_TestInfo det_tests[] = {
	{ .pName = "output equals the golden sums from another build", .pTestFunc = test_matches_golden },
	{ .pName = "same scenario and seed give byte-identical folders", .pTestFunc = test_same_seed_identical },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "determinism", .pTests = det_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
