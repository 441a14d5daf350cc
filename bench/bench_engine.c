/* bench_engine.c — the classic hold model (Jones 1986) on the event queue.
 *
 * n events are pending; each step pops the earliest and schedules it again at now + an
 * exponentially distributed increment (mean 1 µs), through the same pop–dispatch loop as
 * sim_run(). The increments come from a precomputed table of GSL draws so the figure measures the
 * queue, not the random number generator. Reports events per wall second, the queue's own bytes
 * per pending event and the process's peak RSS. */
#include "bench.h"

#include "evq.h"
#include "rng.h"

#include <glib.h>
#include <gsl/gsl_randist.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>

uint64_t bench_peak_rss_bytes(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (uint64_t)ru.ru_maxrss * 1024u;
}

double bench_wall_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define INCREMENTS 65536

/* The handler a real component would run; here it only counts, so the loop cost is the queue's. */
static void hold_fire(void *ctx, sim_time_t now)
{
	(void)now;
	(*(uint64_t *)ctx)++;
}

int bench_engine(const uint64_t *sizes, size_t n_sizes, uint64_t events_per_case, bool json)
{
	sim_time_t *inc = g_new(sim_time_t, INCREMENTS);
	gsl_rng *r = rng_stream_new(1, "bench/engine");
	for (size_t i = 0; i < INCREMENTS; i++)
		inc[i] = (sim_time_t)(gsl_ran_exponential(r, 1e6)) + 1;
	gsl_rng_free(r);
	if (!json)
		printf("%-22s %12s %14s %16s %14s\n", "case", "events", "events/s", "queue B/event", "peak RSS MB");
	for (size_t c = 0; c < n_sizes; c++) {
		uint64_t n = sizes[c];
		evq q;
		evq_init(&q);
		uint64_t fired = 0;
		sim_event *events = g_new(sim_event, n);
		for (uint64_t i = 0; i < n; i++) {
			sim_event_init(&events[i], hold_fire, &fired);
			evq_schedule(&q, &events[i], inc[i % INCREMENTS] * (sim_time_t)(1 + i % 7));
		}
		uint64_t total = events_per_case > n ? events_per_case : n;
		double t0 = bench_wall_seconds();
		uint64_t step = 0;
		for (uint64_t k = 0; k < total; k++) {
			sim_event *ev = evq_begin_fire(&q);
			sim_time_t now = ev->time;
			ev->fn(ev->ctx, now);
			evq_schedule(&q, ev, now + inc[step++ & (INCREMENTS - 1)]);
			evq_end_fire(&q, ev);
		}
		double secs = bench_wall_seconds() - t0;
		g_assert(fired == total);
		double eps = (double)total / secs;
		double bytes_per_event = (double)(evq_memory_bytes(&q) + n * sizeof(sim_event)) / (double)n;
		uint64_t rss = bench_peak_rss_bytes();
		char name[64];
		g_snprintf(name, sizeof name, "hold-n=%" G_GUINT64_FORMAT, n);
		if (json)
			printf("{\"bench\":\"engine\",\"case\":\"%s\",\"pending_events\":%" G_GUINT64_FORMAT
			       ",\"events\":%" G_GUINT64_FORMAT ",\"wall_seconds\":%.6f,\"events_per_second\":%.0f"
			       ",\"bytes_per_pending_event\":%.1f,\"peak_rss_bytes\":%" G_GUINT64_FORMAT "}\n",
			       name, n, total, secs, eps, bytes_per_event, rss);
		else
			printf("%-22s %12" G_GUINT64_FORMAT " %14.0f %16.1f %14.1f\n", name, total, eps, bytes_per_event,
			       (double)rss / 1e6);
		fflush(stdout);
		evq_fini(&q);
		g_free(events);
	}
	g_free(inc);
	return 0;
}
