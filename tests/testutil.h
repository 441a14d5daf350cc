/* testutil.h — CUnit runner and helpers shared by the test programs.
 *
 * Each test program defines its suites with CU_SuiteInfo/CU_TestInfo (designated initialisers)
 * and calls testutil_run(). The program exits non-zero on any failure, so ctest sees it. */
#ifndef MPTCPSIM_TESTS_TESTUTIL_H
#define MPTCPSIM_TESTS_TESTUTIL_H

#include <CUnit/CUnit.h>
#include <glib.h>

int testutil_run(CU_SuiteInfo *suites);

/* Run a shell command, capture stdout+stderr; returns the exit status (or -1). */
int testutil_run_command(const char *cmdline, char **output);

/* A fresh temporary directory under the build tree (removed by testutil_rmtree). */
char *testutil_tmpdir(const char *prefix);
void testutil_rmtree(const char *path);

/* Whole-file comparison; true when both exist and are identical. */
gboolean testutil_files_equal(const char *a, const char *b);

#define TEST_END_OF_TESTS { .pName = NULL, .pTestFunc = NULL }
#define SUITE_END { .pName = NULL, .pInitFunc = NULL, .pCleanupFunc = NULL, .pSetUpFunc = NULL, .pTearDownFunc = NULL, .pTests = NULL }

#endif
