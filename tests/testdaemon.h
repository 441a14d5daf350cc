/* testdaemon.h — daemons that a test starts and must stop: munged, slurmctld, slurmd, sshd.
 *
 *   testdaemon *d = testdaemon_start("slurmd", argv, "/tmp/x/slurmd.out", &error);
 *   ...
 *   testdaemon_stop(d);   // SIGTERM, then SIGKILL after 10 s
 *
 * Each daemon runs in the foreground as a child of the test and gets SIGTERM should the test
 * process die first (PR_SET_PDEATHSIG), so a crashed or killed test leaves nothing behind. */
#ifndef MPTCPSIM_TESTS_TESTDAEMON_H
#define MPTCPSIM_TESTS_TESTDAEMON_H

#include <glib.h>
#include <stdbool.h>

typedef struct testdaemon testdaemon;

/* Start argv (NULL-terminated; argv[0] a path) with stdout and stderr appended to `log_path`. */
testdaemon *testdaemon_start(const char *name, const char *const *argv, const char *log_path, GError **error);
/* Still running? */
bool testdaemon_running(const testdaemon *d);
/* Stop and free; NULL is fine. */
void testdaemon_stop(testdaemon *d);

/* A TCP port that was free a moment ago (bound to port 0 and released). */
int testdaemon_free_port(void);
/* `name` in PATH, else in /usr/sbin or /sbin; NULL when nowhere. Caller frees. */
char *testdaemon_find_program(const char *name);
/* Run `cmdline` (sh -c) every 200 ms until it exits 0 or `timeout_s` pass; its last output in
 * `*output` when not NULL. */
bool testdaemon_wait_for(const char *cmdline, int timeout_s, char **output);
/* The last `lines` lines of a file, or a note that it cannot be read. Caller frees. */
char *testdaemon_tail(const char *path, int lines);

#endif
