/* testutil.c — CUnit runner and shell helpers for tests. */
#include "testutil.h"

#include <CUnit/Basic.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

/* CI may start tests with no standard input at all; a child would then find its own pipes on fd 0
 * (daemons such as slurmd break on that). Give every standard descriptor something. */
static void open_standard_fds(void)
{
	for (int fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) == -1)
			perror("/dev/null");
}

int testutil_run(CU_SuiteInfo *suites)
{
	open_standard_fds();
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	if (CU_register_suites(suites) != CUE_SUCCESS) {
		fprintf(stderr, "suite registration failed: %s\n", CU_get_error_msg());
		CU_cleanup_registry();
		return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	unsigned run = CU_get_number_of_tests_run();
	CU_cleanup_registry();
	if (run == 0) {
		fprintf(stderr, "no test ran\n");
		return 1;
	}
	return failed ? 1 : 0;
}

int testutil_run_command(const char *cmdline, char **output)
{
	char *argv[] = { "/bin/sh", "-c", (char *)cmdline, NULL };
	char *out = NULL, *err = NULL;
	int status = 0;
	GError *e = NULL;
	if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &e)) {
		if (output)
			*output = g_strdup(e->message);
		g_error_free(e);
		g_free(out);
		g_free(err);
		return -1;
	}
	if (output)
		*output = g_strconcat(out ? out : "", err ? err : "", NULL);
	g_free(out);
	g_free(err);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return -1;
}

char *testutil_tmpdir(const char *prefix)
{
	char *tmpl = g_strdup_printf("%s-XXXXXX", prefix);
	char *cwd = g_get_current_dir();
	char *dir = g_mkdtemp(g_build_filename(cwd, tmpl, NULL));
	g_free(cwd);
	g_free(tmpl);
	return dir;
}

void testutil_rmtree(const char *path)
{
	if (!path)
		return;
	char *q = g_shell_quote(path);
	char *cmd = g_strdup_printf("rm -rf %s", q);
	testutil_run_command(cmd, NULL);
	g_free(cmd);
	g_free(q);
}

gboolean testutil_files_equal(const char *a, const char *b)
{
	gchar *ca = NULL, *cb = NULL;
	gsize la = 0, lb = 0;
	gboolean ok = g_file_get_contents(a, &ca, &la, NULL) && g_file_get_contents(b, &cb, &lb, NULL) && la == lb &&
		      memcmp(ca, cb, la) == 0;
	g_free(ca);
	g_free(cb);
	return ok;
}
