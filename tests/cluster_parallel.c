/* cluster_parallel.c — `mptcpsim sweep --emit parallel` run by GNU parallel, over ssh.
 *
 * The suite starts an sshd of its own on a free loopback port (a fresh host key, a fresh client
 * key, root's key login only) and writes a --sshloginfile naming it with two job slots. The test
 * runs the emitted job list through `parallel --sshloginfile`, so every run travels over ssh as it
 * would to a remote host sharing the results folder, then aggregates the folder and checks the
 * tables equal the built-in sweep's byte for byte; a second test runs the list locally. sshd is
 * stopped in the cleanup, and gets SIGTERM should the test die. Where parallel or sshd cannot run
 * the suite says why and fails: it never skips. */
#include "testdaemon.h"
#include "testutil.h"

#include <stdbool.h>
#include <string.h>
#include <unistd.h>

static char *dir;
static testdaemon *sshd;

#define PROBE TEST_SOURCE_DIR "/scenarios/probe-two-paths.ini"
#define SWEEP "--set simulation.duration=2s --seeds 1-3 --vary link.wifi.rate=20Mbit,5Mbit"

static int suite_cleanup(void)
{
	testdaemon_stop(sshd);
	sshd = NULL;
	testutil_rmtree(dir);
	g_free(dir);
	dir = NULL;
	return 0;
}

/* CUnit runs no cleanup after a failed init: stop what started here. */
static int fail_init(const char *why)
{
	fprintf(stderr, "\ncluster_parallel: cannot run GNU parallel over ssh on this machine: %s\n"
			"(the test needs root and Debian's parallel and openssh-server: scripts/setup.sh installs them)\n",
		why);
	if (dir) {
		char *log = g_build_filename(dir, "sshd.out", NULL), *tail = testdaemon_tail(log, 20);
		fprintf(stderr, "%s", tail);
		g_free(tail);
		g_free(log);
	}
	suite_cleanup();
	return 1;
}

static int suite_init(void)
{
	if (geteuid() != 0)
		return fail_init("sshd runs as root here and logs in as root, and this test is not root");
	char *parallel = testdaemon_find_program("parallel"), *sshd_path = testdaemon_find_program("sshd");
	char *keygen = testdaemon_find_program("ssh-keygen"), *ssh = testdaemon_find_program("ssh");
	int rc = 0;
	GError *e = NULL;
	if (!parallel || !sshd_path || !keygen || !ssh) {
		rc = fail_init("parallel, sshd, ssh or ssh-keygen not found");
		goto out;
	}
	dir = g_dir_make_tmp("mptcpsim-parallel-XXXXXX", &e);
	if (!dir) {
		rc = fail_init(e->message);
		g_error_free(e);
		goto out;
	}
	char *cmd = g_strdup_printf("%s -q -t ed25519 -N '' -f %s/host_key && %s -q -t ed25519 -N '' -f %s/id && "
				    "cp %s/id.pub %s/authorized_keys",
				    keygen, dir, keygen, dir, dir, dir);
	char *out = NULL;
	if (testutil_run_command(cmd, &out) != 0) {
		fprintf(stderr, "%s\n", out);
		rc = fail_init("ssh-keygen could not make keys");
	}
	g_free(out);
	g_free(cmd);
	/* sshd's privilege separation needs its (empty) chroot folder, which Debian makes at boot. */
	if (!rc && g_mkdir_with_parents("/run/sshd", 0755) != 0)
		rc = fail_init("cannot create /run/sshd");
	if (!rc) {
		int port = testdaemon_free_port();
		char *config = g_strdup_printf("%s/sshd_config", dir);
		char *text = g_strdup_printf("Port %d\nListenAddress 127.0.0.1\nHostKey %s/host_key\nPidFile %s/sshd.pid\n"
					     "AuthorizedKeysFile %s/authorized_keys\nPermitRootLogin prohibit-password\n"
					     "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
					     "StrictModes no\n",
					     port, dir, dir, dir);
		g_file_set_contents(config, text, -1, NULL);
		g_free(text);
		char *log = g_strdup_printf("%s/sshd.out", dir);
		const char *argv[] = { sshd_path, "-D", "-e", "-f", config, NULL };
		sshd = testdaemon_start("sshd", argv, log, &e);
		g_free(log);
		/* The login parallel uses: two job slots on this host, reached over ssh. */
		char *login = g_strdup_printf("2/%s -p %d -i %s/id -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
					      "-o BatchMode=yes -o LogLevel=ERROR root@127.0.0.1",
					      ssh, port, dir);
		char *hosts = g_strdup_printf("%s/hosts", dir), *hosts_text = g_strconcat(login, "\n", NULL);
		g_file_set_contents(hosts, hosts_text, -1, NULL);
		char *probe = g_strdup_printf("%s true", login + 2);
		if (!sshd) {
			rc = fail_init(e->message);
			g_error_free(e);
		} else if (!testdaemon_wait_for(probe, 20, &out)) {
			fprintf(stderr, "ssh: %s\n", out);
			rc = fail_init("no ssh login to 127.0.0.1 within 20 s");
		}
		g_free(out);
		g_free(probe);
		g_free(hosts_text);
		g_free(hosts);
		g_free(login);
		g_free(config);
	}
out:
	g_free(parallel);
	g_free(sshd_path);
	g_free(keygen);
	g_free(ssh);
	return rc;
}

static bool tables_equal(const char *a_dir, const char *b_dir)
{
	const char *files[] = { "stats.csv", "compare.csv", "aggregate.json" };
	bool all = true;
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		char *a = g_build_filename(a_dir, files[i], NULL), *b = g_build_filename(b_dir, files[i], NULL);
		bool same = testutil_files_equal(a, b);
		if (!same)
			fprintf(stderr, "\n%s and %s differ (or one is missing)\n", a, b);
		all = all && same;
		g_free(a);
		g_free(b);
	}
	return all;
}

/* Emit into DIR/NAME, run the job list with `parallel_options`, aggregate, compare. */
static void run_job_list(const char *name, const char *parallel_options)
{
	char *builtin = g_strdup_printf("%s/builtin", dir);
	if (!g_file_test(builtin, G_FILE_TEST_IS_DIR)) {
		char *cmd = g_strdup_printf("%s sweep " PROBE " " SWEEP " --out %s -q", MPTCPSIM_BIN, builtin), *out = NULL;
		CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 0);
		g_free(out);
		g_free(cmd);
	}
	char *cmd = g_strdup_printf("%s sweep " PROBE " " SWEEP " --out %s/%s --emit parallel", MPTCPSIM_BIN, dir, name);
	char *out = NULL;
	CU_ASSERT_EQUAL_FATAL(testutil_run_command(cmd, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "6 runs, one command a line"));
	g_free(out);
	g_free(cmd);
	char *jobs = g_strdup_printf("%s/%s/jobs.txt", dir, name), *text = NULL;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(jobs, &text, NULL, NULL));
	int lines = 0;
	for (const char *p = text; (p = strchr(p, '\n')); p++)
		lines++;
	CU_ASSERT_EQUAL(lines, 6);
	g_free(text);
	/* --halt: the first failed job fails the whole run; HOME: parallel's own notes stay in DIR. */
	cmd = g_strdup_printf("HOME=%s parallel %s --halt now,fail=1 < %s", dir, parallel_options, jobs);
	int rc = testutil_run_command(cmd, &out);
	if (rc)
		fprintf(stderr, "\n%s: exit %d\n%s\n", cmd, rc, out);
	CU_ASSERT_EQUAL(rc, 0);
	g_free(out);
	g_free(cmd);
	cmd = g_strdup_printf("%s aggregate %s/%s --out %s/%s -q", MPTCPSIM_BIN, dir, name, dir, name);
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 0);
	g_free(out);
	g_free(cmd);
	char *made = g_strdup_printf("%s/%s", dir, name);
	CU_ASSERT_TRUE(tables_equal(builtin, made));
	g_free(made);
	g_free(jobs);
	g_free(builtin);
}

static void test_over_ssh(void)
{
	char *opts = g_strdup_printf("--sshloginfile %s/hosts", dir);
	run_job_list("over-ssh", opts);
	g_free(opts);
	/* The runs did go through sshd: it logged the key logins. */
	char *log = g_strdup_printf("%s/sshd.out", dir), *text = NULL;
	CU_ASSERT_TRUE(g_file_get_contents(log, &text, NULL, NULL) && strstr(text, "Accepted publickey for root"));
	g_free(text);
	g_free(log);
}

static void test_local(void)
{
	run_job_list("local", "--jobs 2");
}

static CU_TestInfo parallel_tests[] = {
	{ .pName = "parallel --sshloginfile runs the job list; tables equal the built-in sweep's", .pTestFunc = test_over_ssh },
	{ .pName = "parallel --jobs 2 runs it locally", .pTestFunc = test_local },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "GNU parallel", .pInitFunc = suite_init, .pCleanupFunc = suite_cleanup, .pTests = parallel_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
