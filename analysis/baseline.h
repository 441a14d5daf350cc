/* baseline.h — regression benchmarks: the metrics of a suite of scenarios over a few seeds, kept
 * as a baseline file (schema "mptcpsim.bench-baseline", documented in analysis/RESULTS.md), and a
 * later run compared with it.
 *
 *   an_bench *cur = ...;                             // filled by bench/bench_suite.c
 *   an_bench *base = an_bench_load("baseline.json", &error);
 *   an_bench_check *c = an_bench_compare(base, cur, 0.0);
 *   an_bench_check_print(c, stdout);  if (c->n_moved) exit(4);
 *
 * A metric has moved when its difference from the baseline is both significant — the 95% Welch
 * interval of the difference of means excludes 0 (with one seed on a side: any difference) — and
 * larger than the tolerance, a fraction of the baseline's mean (0 by default: any significant
 * change). A simulation is deterministic, so an unchanged simulator on the same seeds reproduces
 * every metric exactly and nothing moves. A metric or a scenario that the baseline has and the run
 * lacks has moved too. Speed (events and packets per wall second) is recorded and shown beside the
 * baseline's, never judged: it depends on the machine. */
#ifndef MPTCPSIM_ANALYSIS_BASELINE_H
#define MPTCPSIM_ANALYSIS_BASELINE_H

#include "stats.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define AN_BENCH_SCHEMA_NAME "mptcpsim.bench-baseline"
#define AN_BENCH_SCHEMA_VERSION 1

/* One scenario of a suite, run over its seeds. */
typedef struct an_bench_scenario {
	char *name;             /* the file's stem: "probe" */
	char *file;             /* as found in the suite: "probe.ini" */
	GArray *seeds;          /* uint64_t */
	GPtrArray *metrics;     /* char*: metric paths, in report order */
	GArray *stats;          /* an_stats, parallel to metrics */
	double wall_seconds;    /* summed over the seeds: world_run only */
	uint64_t events;        /* summed over the seeds */
	uint64_t packets;       /* link transmissions, summed over the seeds */
} an_bench_scenario;

typedef struct an_bench {
	char *suite;
	char *mptcpsim_version;
	GPtrArray *scenarios; /* an_bench_scenario*, in suite order */
} an_bench;

an_bench *an_bench_new(const char *suite);
void an_bench_free(an_bench *b);
/* A scenario with its per-seed metric values: values[s] holds run s's metrics named by names[s]
 * (as an_metrics_flatten makes them). Takes nothing over. */
an_bench_scenario *an_bench_add(an_bench *b, const char *name, const char *file, const GArray *seeds,
				GPtrArray *const *names, GArray *const *values);
const an_bench_scenario *an_bench_find(const an_bench *b, const char *name);

/* The file; errors: MPSIM_ERR_IO (cannot read or write), MPSIM_ERR_INPUT (not JSON, another schema
 * or version, a member missing or of the wrong type), naming the file and what was found. */
an_bench *an_bench_load(const char *path, GError **error);
bool an_bench_save(const an_bench *b, const char *path, GError **error);

typedef enum an_move_kind {
	AN_MOVED,            /* significant and beyond the tolerance */
	AN_MISSING_METRIC,   /* in the baseline, not in the run */
	AN_MISSING_SCENARIO, /* in the baseline, not in the suite */
} an_move_kind;

typedef struct an_move {
	an_move_kind kind;
	const char *scenario;
	const char *metric;      /* NULL for a missing scenario */
	const an_stats *base;    /* NULL unless the metric is in both */
	const an_stats *cur;
	an_welch diff;           /* AN_MOVED only */
} an_move;

typedef struct an_bench_check {
	const an_bench *base;
	const an_bench *cur;
	double tolerance;
	GArray *moves;        /* an_move */
	guint n_compared;     /* metrics present on both sides */
	guint n_moved;        /* moves->len */
	GPtrArray *notes;     /* char*: new scenarios and metrics, other seeds */
} an_bench_check;

an_bench_check *an_bench_compare(const an_bench *base, const an_bench *cur, double tolerance);
void an_bench_check_free(an_bench_check *c);
/* What moved (a table), the notes, and the speed of each scenario beside the baseline's. */
void an_bench_check_print(const an_bench_check *c, FILE *f);
/* The speed of a run on its own (no baseline). */
void an_bench_print_speed(const an_bench *cur, const an_bench *base, FILE *f);

#endif
