/* sweep_exec.c — a pool of `mptcpsim run` child processes (GSubprocess) on a GLib main loop, with
 * a progress bar. */
#include "sweep_exec.h"

#include "error.h"

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct pool {
	const an_sweep_plan *plan;
	const char *exe;
	guint next;    /* index of the next run to start */
	guint running;
	guint done;
	guint failed;
	int jobs;
	int worst;     /* worst exit code so far */
	bool progress;
	gint64 t0_us;
	GMainLoop *loop;
} pool;

typedef struct job {
	pool *pool;
	const an_sweep_run *run;
} job;

char *sweep_exec_self_path(void)
{
	char *self = g_file_read_link("/proc/self/exe", NULL);
	return self ? self : g_strdup("mptcpsim");
}

bool sweep_exec_want_progress(void)
{
	const char *ci = getenv("CI");
	return isatty(STDERR_FILENO) && !(ci && *ci);
}

static void format_duration(char *buf, size_t len, double seconds)
{
	long s = (long)(seconds + 0.5);
	if (s >= 3600)
		g_snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		g_snprintf(buf, len, "%ld:%02ld", s / 60, s % 60);
}

static void draw(const pool *p)
{
	if (!p->progress)
		return;
	guint total = p->plan->runs->len;
	enum { WIDTH = 30 };
	guint filled = total ? p->done * WIDTH / total : WIDTH;
	char bar[WIDTH + 1];
	for (guint i = 0; i < WIDTH; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[WIDTH] = '\0';
	double elapsed = (double)(g_get_monotonic_time() - p->t0_us) / 1e6;
	char el[32], eta[32] = "?";
	format_duration(el, sizeof el, elapsed);
	if (p->done > 0)
		format_duration(eta, sizeof eta, elapsed / p->done * (total - p->done));
	fprintf(stderr, "\r[%s] %u/%u runs, %u running%s, elapsed %s, ETA %s\033[K", bar, p->done, total, p->running,
		p->failed ? ", FAILED" : "", el, eta);
	fflush(stderr);
}

static gboolean on_tick(gpointer data)
{
	draw(data);
	return G_SOURCE_CONTINUE;
}

static void start_more(pool *p);

static void on_child_done(GObject *source, GAsyncResult *res, gpointer data)
{
	job *j = data;
	pool *p = j->pool;
	GSubprocess *proc = G_SUBPROCESS(source);
	char *err_text = NULL;
	GError *e = NULL;
	int code = MPSIM_EXIT_OK;
	if (!g_subprocess_communicate_utf8_finish(proc, res, &err_text, NULL, &e)) { /* stdout with stderr merged */
		err_text = g_strdup(e->message);
		g_error_free(e);
		code = MPSIM_EXIT_INTERNAL;
	} else if (!g_subprocess_get_if_exited(proc)) {
		code = MPSIM_EXIT_INTERNAL; /* killed by a signal: a crash */
	} else {
		code = g_subprocess_get_exit_status(proc);
	}
	p->running--;
	p->done++;
	if (code != MPSIM_EXIT_OK) {
		p->failed++;
		if (code != MPSIM_EXIT_BAD_INPUT)
			code = MPSIM_EXIT_INTERNAL;
		p->worst = MAX(p->worst, code);
		if (p->progress)
			fputs("\r\033[K", stderr);
		char *how = g_subprocess_get_if_exited(proc)
				    ? g_strdup_printf("exit %d", g_subprocess_get_exit_status(proc))
				    : g_strdup_printf("signal %d", g_subprocess_get_term_sig(proc));
		fprintf(stderr, "mptcpsim sweep: run of variant %s, seed %" G_GUINT64_FORMAT " failed (%s):\n%s%s",
			j->run->variant->label, j->run->seed, how, err_text ? err_text : "",
			err_text && *err_text && !g_str_has_suffix(err_text, "\n") ? "\n" : "");
		g_free(how);
	}
	g_free(err_text);
	g_object_unref(proc);
	g_free(j);
	start_more(p);
	draw(p);
	if (p->running == 0)
		g_main_loop_quit(p->loop);
}

static void start_one(pool *p, const an_sweep_run *r)
{
	GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(argv, g_strdup(p->exe));
	g_ptr_array_add(argv, g_strdup("run"));
	g_ptr_array_add(argv, g_strdup(p->plan->scenario_path));
	g_ptr_array_add(argv, g_strdup_printf("--seed=%" G_GUINT64_FORMAT, r->seed));
	for (guint i = 0; i < p->plan->sets->len; i++)
		g_ptr_array_add(argv, g_strdup_printf("--set=%s", (const char *)g_ptr_array_index(p->plan->sets, i)));
	for (guint i = 0; i < r->variant->sets->len; i++)
		g_ptr_array_add(argv, g_strdup_printf("--set=%s", (const char *)g_ptr_array_index(r->variant->sets, i)));
	g_ptr_array_add(argv, g_strdup_printf("--out=%s", r->out_dir));
	g_ptr_array_add(argv, g_strdup("--quiet"));
	g_ptr_array_add(argv, NULL);
	GError *e = NULL;
	GSubprocess *proc = g_subprocess_newv((const char *const *)argv->pdata,
					      G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
					      &e);
	g_ptr_array_unref(argv);
	if (!proc) {
		fprintf(stderr, "mptcpsim sweep: cannot start %s: %s\n", p->exe, e->message);
		g_error_free(e);
		p->failed++;
		p->done++;
		p->worst = MPSIM_EXIT_INTERNAL;
		return;
	}
	job *j = g_new0(job, 1);
	j->pool = p;
	j->run = r;
	p->running++;
	g_subprocess_communicate_utf8_async(proc, NULL, NULL, on_child_done, j);
}

static void start_more(pool *p)
{
	while (!p->failed && p->running < (guint)p->jobs && p->next < p->plan->runs->len)
		start_one(p, g_ptr_array_index(p->plan->runs, p->next++));
}

int sweep_exec_run(const an_sweep_plan *plan, const char *exe, int jobs, bool progress)
{
	pool p = {
		.plan = plan,
		.exe = exe,
		.jobs = jobs > 0 ? jobs : 1,
		.progress = progress,
		.t0_us = g_get_monotonic_time(),
	};
	GMainContext *ctx = g_main_context_new();
	g_main_context_push_thread_default(ctx);
	p.loop = g_main_loop_new(ctx, FALSE);
	GSource *tick = g_timeout_source_new_seconds(1);
	g_source_set_callback(tick, on_tick, &p, NULL);
	g_source_attach(tick, ctx);
	start_more(&p);
	draw(&p);
	if (p.running)
		g_main_loop_run(p.loop);
	g_source_destroy(tick);
	g_source_unref(tick);
	g_main_loop_unref(p.loop);
	g_main_context_pop_thread_default(ctx);
	g_main_context_unref(ctx);
	if (progress) {
		draw(&p);
		fputc('\n', stderr);
	}
	if (p.failed && p.done < plan->runs->len)
		fprintf(stderr, "mptcpsim sweep: %u of %u runs failed; %u not started\n", p.failed, plan->runs->len,
			plan->runs->len - p.done);
	else if (p.failed)
		fprintf(stderr, "mptcpsim sweep: %u of %u runs failed\n", p.failed, plan->runs->len);
	return p.failed ? (p.worst ? p.worst : MPSIM_EXIT_INTERNAL) : MPSIM_EXIT_OK;
}
