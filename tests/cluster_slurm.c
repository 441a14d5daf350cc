/* cluster_slurm.c — `mptcpsim sweep --emit slurm` on a real Slurm cluster.
 *
 * The suite starts a single-node cluster on this machine in a temporary folder: a fresh munge key
 * and munged on its own socket, a slurm.conf naming this host with the CPUs and memory `slurmd -C`
 * reports, slurmctld and slurmd on free ports, all as root in the foreground. The test submits the
 * emitted job array with sbatch, waits (bounded) for every task and for the aggregation job the
 * array submits, and checks that the tables it wrote — and those of `mptcpsim aggregate` run here
 * on the same folder — equal the built-in sweep's byte for byte. The daemons are stopped in the
 * suite's cleanup, which runs whatever the test did; should the test process die, they get SIGTERM
 * with it. Where the cluster cannot start, the suite says why and fails: it never skips. */
#include "testdaemon.h"
#include "testutil.h"

#include <stdbool.h>
#include <string.h>
#include <unistd.h>

static char *dir;   /* the cluster's state, logs and the sweeps */
static char *conf;  /* DIR/slurm.conf */
static testdaemon *munged, *slurmctld, *slurmd;

#define PROBE TEST_SOURCE_DIR "/scenarios/probe-two-paths.ini"
#define SWEEP "--set simulation.duration=2s --seeds 1-3 --vary link.wifi.rate=20Mbit,5Mbit"

static void print_logs(void)
{
	const char *logs[] = { "munged.out", "slurmctld.log", "slurmd.log", "slurmctld.out", "slurmd.out" };
	for (size_t i = 0; i < G_N_ELEMENTS(logs); i++) {
		char *path = g_build_filename(dir, logs[i], NULL);
		char *tail = testdaemon_tail(path, 15);
		fprintf(stderr, "%s", tail);
		g_free(tail);
		g_free(path);
	}
}

static int suite_cleanup(void);

/* CUnit runs no cleanup after a failed init: stop what started here. */
static int fail_init(const char *why)
{
	fprintf(stderr, "\ncluster_slurm: cannot start a Slurm cluster on this machine: %s\n"
			"(the test needs root and Debian's slurm-wlm and munge: scripts/setup.sh installs them)\n",
		why);
	if (dir)
		print_logs();
	suite_cleanup();
	return 1;
}

static testdaemon *start(const char *name, const char *const *argv)
{
	char *log = g_strdup_printf("%s/%s.out", dir, name);
	GError *e = NULL;
	testdaemon *d = testdaemon_start(name, argv, log, &e);
	if (!d) {
		fprintf(stderr, "cannot start %s: %s\n", argv[0], e->message);
		g_error_free(e);
	}
	g_free(log);
	return d;
}

/* "NodeName=vm CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 RealMemory=24105" */
static char *node_line(const char *slurmd_path)
{
	char *cmd = g_strdup_printf("%s -C", slurmd_path), *out = NULL;
	int rc = testutil_run_command(cmd, &out);
	g_free(cmd);
	char *line = NULL;
	if (rc == 0 && g_str_has_prefix(out, "NodeName=")) {
		char *nl = strchr(out, '\n');
		line = g_strndup(out, nl ? (gsize)(nl - out) : strlen(out));
	}
	g_free(out);
	return line;
}

static int suite_init(void)
{
	if (geteuid() != 0)
		return fail_init("munged, slurmctld and slurmd run as root here, and this test is not root");
	const char *tools[] = { "munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "scontrol" };
	char *paths[G_N_ELEMENTS(tools)];
	bool missing = false;
	for (size_t i = 0; i < G_N_ELEMENTS(tools); i++) {
		paths[i] = testdaemon_find_program(tools[i]);
		if (!paths[i]) {
			fprintf(stderr, "cluster_slurm: %s not found\n", tools[i]);
			missing = true;
		}
	}
	int rc = 0;
	if (missing) {
		rc = fail_init("programs are missing");
		goto out;
	}
	GError *e = NULL;
	dir = g_dir_make_tmp("mptcpsim-slurm-XXXXXX", &e);
	if (!dir) {
		rc = fail_init(e->message);
		g_error_free(e);
		goto out;
	}
	/* munge: a new key, a private socket. */
	char *key = g_strdup_printf("%s/munge.key", dir), *sock = g_strdup_printf("%s/munge.socket", dir);
	char *cmd = g_strdup_printf("%s -c -k %s", paths[1], key), *out = NULL;
	int krc = testutil_run_command(cmd, &out);
	g_free(cmd);
	if (krc != 0) {
		fprintf(stderr, "%s\n", out);
		rc = fail_init("mungekey could not make a key");
	} else {
		char *a_key = g_strdup_printf("--key-file=%s", key), *a_sock = g_strdup_printf("--socket=%s", sock);
		char *a_pid = g_strdup_printf("--pid-file=%s/munged.pid", dir);
		char *a_log = g_strdup_printf("--log-file=%s/munged.log", dir);
		char *a_seed = g_strdup_printf("--seed-file=%s/munged.seed", dir);
		const char *argv[] = { paths[0], "--foreground", "--force", a_key, a_sock, a_pid, a_log, a_seed, NULL };
		munged = start("munged", argv);
		char *wait = g_strdup_printf("test -S %s", sock);
		if (!munged || !testdaemon_wait_for(wait, 20, NULL))
			rc = fail_init("munged did not create its socket within 20 s");
		g_free(wait);
		g_free(a_key);
		g_free(a_sock);
		g_free(a_pid);
		g_free(a_log);
		g_free(a_seed);
	}
	g_free(out);
	g_free(key);
	char *node = rc ? NULL : node_line(paths[3]);
	if (!rc && !node)
		rc = fail_init("`slurmd -C` did not describe this host");
	if (!rc) {
		/* This host, its real CPUs and memory, reached on the loopback address. */
		char *name = g_strndup(node + strlen("NodeName="), strcspn(node + strlen("NodeName="), " "));
		char *text = g_strdup_printf(
			"# A one-node cluster for tests/cluster_slurm.c\n"
			"ClusterName=mptcpsimtest\nSlurmctldHost=%s(127.0.0.1)\n"
			"SlurmUser=root\nSlurmdUser=root\nSlurmctldPort=%d\nSlurmdPort=%d\n"
			"AuthType=auth/munge\nCredType=cred/munge\nAuthInfo=socket=%s\n"
			"StateSaveLocation=%s/state\nSlurmdSpoolDir=%s/spool\n"
			"SlurmctldPidFile=%s/slurmctld.pid\nSlurmdPidFile=%s/slurmd.pid\n"
			"SlurmctldLogFile=%s/slurmctld.log\nSlurmdLogFile=%s/slurmd.log\n"
			"ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\nJobAcctGatherType=jobacct_gather/none\n"
			"AccountingStorageType=accounting_storage/none\nJobCompType=jobcomp/none\nMpiDefault=none\n"
			"MailProg=/bin/true\nSchedulerType=sched/backfill\nSelectType=select/cons_tres\n"
			"SelectTypeParameters=CR_CPU\nReturnToService=2\nMinJobAge=600\n"
			"%s NodeAddr=127.0.0.1 State=UNKNOWN\n"
			"PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP\n",
			name, testdaemon_free_port(), testdaemon_free_port(), sock, dir, dir, dir, dir, dir, dir, node);
		conf = g_strdup_printf("%s/slurm.conf", dir);
		char *state = g_strdup_printf("%s/state", dir), *spool = g_strdup_printf("%s/spool", dir);
		g_mkdir_with_parents(state, 0755);
		g_mkdir_with_parents(spool, 0755);
		g_file_set_contents(conf, text, -1, NULL);
		g_setenv("SLURM_CONF", conf, TRUE); /* for sbatch, squeue, … and the jobs they start */
		const char *ctld_argv[] = { paths[2], "-D", "-f", conf, NULL };
		const char *d_argv[] = { paths[3], "-D", "-f", conf, "-N", name, NULL };
		slurmctld = start("slurmctld", ctld_argv);
		slurmd = slurmctld ? start("slurmd", d_argv) : NULL;
		char *idle = g_strdup_printf("%s -h -o %%T | grep -qx idle", paths[6]), *last = NULL;
		if (!slurmd || !testdaemon_wait_for(idle, 60, &last)) {
			fprintf(stderr, "sinfo: %s\n", last ? last : "");
			rc = fail_init("the node did not become idle within 60 s");
		}
		g_free(last);
		g_free(idle);
		g_free(state);
		g_free(spool);
		g_free(text);
		g_free(name);
	}
	g_free(node);
	g_free(sock);
out:
	for (size_t i = 0; i < G_N_ELEMENTS(tools); i++)
		g_free(paths[i]);
	return rc;
}

static int suite_cleanup(void)
{
	if (slurmctld && testdaemon_running(slurmctld))
		testutil_run_command("scancel --quiet --user=root", NULL);
	testdaemon_stop(slurmd);
	testdaemon_stop(slurmctld);
	testdaemon_stop(munged);
	slurmd = slurmctld = munged = NULL;
	testutil_rmtree(dir);
	g_free(dir);
	g_free(conf);
	dir = conf = NULL;
	g_unsetenv("SLURM_CONF");
	return 0;
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

static void test_job_array(void)
{
	char *out = NULL;
	char *cmd = g_strdup_printf("%s sweep " PROBE " " SWEEP " --out %s/builtin -q", MPTCPSIM_BIN, dir);
	CU_ASSERT_EQUAL_FATAL(testutil_run_command(cmd, &out), 0);
	g_free(out);
	g_free(cmd);
	cmd = g_strdup_printf("%s sweep " PROBE " " SWEEP " --out %s/slurm --emit slurm --jobs 4", MPTCPSIM_BIN, dir);
	CU_ASSERT_EQUAL_FATAL(testutil_run_command(cmd, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "a job array of 6 runs"));
	g_free(out);
	g_free(cmd);
	char *script = g_strdup_printf("%s/slurm/sweep.sbatch", dir);
	char *text = NULL;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(script, &text, NULL, NULL));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "#SBATCH --array=0-5%4\n"));
	g_free(text);

	cmd = g_strdup_printf("sbatch --parsable %s", script);
	int rc = testutil_run_command(cmd, &out);
	if (rc)
		fprintf(stderr, "%s\n", out);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	char *job = g_strndup(out, strcspn(out, ";\n"));
	g_free(out);
	g_free(cmd);
	/* Bounded wait: the six tasks and the aggregation job they submit leave the queue. */
	char *last = NULL;
	bool drained = testdaemon_wait_for("test -z \"$(squeue -h -o %i)\"", 180, &last);
	g_free(last);
	if (!drained) {
		testutil_run_command("squeue", &out);
		fprintf(stderr, "\njobs still queued after 180 s:\n%s\n", out);
		g_free(out);
		print_logs();
	}
	CU_ASSERT_TRUE_FATAL(drained);
	cmd = g_strdup_printf("scontrol -o show job %s", job);
	testutil_run_command(cmd, &out);
	int completed = 0;
	for (const char *p = out; (p = strstr(p, "JobState=COMPLETED")); p++)
		completed++;
	if (completed != 6)
		fprintf(stderr, "\narray tasks:\n%s\n", out);
	CU_ASSERT_EQUAL(completed, 6);
	g_free(out);
	g_free(cmd);
	testutil_run_command("scontrol -o show jobs", &out);
	bool aggregated = false;
	char **lines = g_strsplit(out, "\n", -1);
	for (char **l = lines; *l; l++)
		aggregated = aggregated ||
			     (strstr(*l, "JobName=mptcpsim-sweep-aggregate") && strstr(*l, "JobState=COMPLETED"));
	g_strfreev(lines);
	if (!aggregated)
		fprintf(stderr, "\njobs:\n%s\n", out);
	CU_ASSERT_TRUE(aggregated);
	g_free(out);

	/* The aggregation job's tables, and ours of the same folder, equal the built-in sweep's. */
	char *builtin = g_strdup_printf("%s/builtin", dir), *slurm = g_strdup_printf("%s/slurm", dir);
	CU_ASSERT_TRUE(tables_equal(builtin, slurm));
	cmd = g_strdup_printf("%s aggregate %s/slurm --out %s/again -q", MPTCPSIM_BIN, dir, dir);
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 0);
	g_free(out);
	g_free(cmd);
	char *again = g_strdup_printf("%s/again", dir);
	CU_ASSERT_TRUE(tables_equal(builtin, again));
	g_free(again);
	g_free(builtin);
	g_free(slurm);
	g_free(job);
	g_free(script);
}

static CU_TestInfo slurm_tests[] = {
	{ .pName = "sbatch the emitted job array; tables equal the built-in sweep's", .pTestFunc = test_job_array },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "Slurm", .pInitFunc = suite_init, .pCleanupFunc = suite_cleanup, .pTests = slurm_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
