/* testdaemon.c — start and stop foreground daemons for tests (GSubprocess), free ports, waiting. */
#include "testdaemon.h"

#include "testutil.h"

#include <arpa/inet.h>
#include <gio/gio.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

struct testdaemon {
	char *name;
	GSubprocess *proc;
};

static void die_with_parent(gpointer data)
{
	(void)data;
	prctl(PR_SET_PDEATHSIG, SIGTERM);
}

testdaemon *testdaemon_start(const char *name, const char *const *argv, const char *log_path, GError **error)
{
	GSubprocessLauncher *l = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDERR_MERGE);
	g_subprocess_launcher_set_stdout_file_path(l, log_path);
	g_subprocess_launcher_set_child_setup(l, die_with_parent, NULL, NULL);
	GSubprocess *p = g_subprocess_launcher_spawnv(l, argv, error);
	g_object_unref(l);
	if (!p)
		return NULL;
	testdaemon *d = g_new0(testdaemon, 1);
	d->name = g_strdup(name);
	d->proc = p;
	return d;
}

bool testdaemon_running(const testdaemon *d)
{
	return d && g_subprocess_get_identifier(d->proc) != NULL;
}

/* GLib reaps the child in its worker thread; the identifier goes when it has. */
static bool wait_gone(const testdaemon *d, int timeout_ms)
{
	for (int t = 0; t < timeout_ms && testdaemon_running(d); t += 50)
		g_usleep(50 * 1000);
	return !testdaemon_running(d);
}

void testdaemon_stop(testdaemon *d)
{
	if (!d)
		return;
	if (testdaemon_running(d)) {
		g_subprocess_send_signal(d->proc, SIGTERM);
		if (!wait_gone(d, 10000)) {
			fprintf(stderr, "%s did not stop on SIGTERM within 10 s: killing it\n", d->name);
			g_subprocess_force_exit(d->proc);
			wait_gone(d, 5000);
		}
	}
	g_object_unref(d->proc);
	g_free(d->name);
	g_free(d);
}

int testdaemon_free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_ANY) };
	socklen_t len = sizeof a;
	int port = -1;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

char *testdaemon_find_program(const char *name)
{
	char *p = g_find_program_in_path(name);
	const char *dirs[] = { "/usr/sbin", "/sbin", "/usr/bin" };
	for (size_t i = 0; !p && i < G_N_ELEMENTS(dirs); i++) {
		char *candidate = g_build_filename(dirs[i], name, NULL);
		if (g_file_test(candidate, G_FILE_TEST_IS_EXECUTABLE))
			p = candidate;
		else
			g_free(candidate);
	}
	return p;
}

bool testdaemon_wait_for(const char *cmdline, int timeout_s, char **output)
{
	gint64 end = g_get_monotonic_time() + (gint64)timeout_s * G_USEC_PER_SEC;
	for (;;) {
		char *out = NULL;
		int rc = testutil_run_command(cmdline, &out);
		bool last = rc == 0 || g_get_monotonic_time() >= end;
		if (last) {
			if (output)
				*output = out;
			else
				g_free(out);
			return rc == 0;
		}
		g_free(out);
		g_usleep(200 * 1000);
	}
}

char *testdaemon_tail(const char *path, int lines)
{
	char *text = NULL;
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return g_strdup_printf("(%s: cannot read)\n", path);
	const char *start = text + strlen(text);
	for (int n = 0; start > text && n <= lines; n++) {
		start--;
		while (start > text && start[-1] != '\n')
			start--;
	}
	char *tail = g_strdup_printf("---- %s ----\n%s", path, start);
	g_free(text);
	return tail;
}
