/* aggregate.h — results folders merged into variants, with statistics over seeds.
 *
 *   an_aggregate *a = an_aggregate_new();
 *   an_aggregate_collect(a, "results/sweep", problems);   // or an_aggregate_add_run(a, run)
 *   if (an_aggregate_compute(a, &error)) { an_aggregate_write(a, dir, &error); an_aggregate_print(a, stdout, NULL); }
 *   an_aggregate_free(a);
 *
 * Runs are grouped into variants by their resolved scenario minus the seed and the [sweep] group
 * (an_run.identity), wherever and however they were made. Variants come in the order their first
 * run was added; runs within a variant are sorted by seed, so the figures do not depend on the
 * order the runs finished or were found. A variant's label names the settings that set it apart
 * from the others ("link.wifi.rate=10Mbit"); with one variant it is the scenario's name.
 * Every numeric metric gets mean, sd and a 95% CI over the variant's seeds; every variant after
 * the first is compared with the first (difference of means with Welch's CI). The output formats
 * (stats.csv, compare.csv, aggregate.json) are documented in analysis/RESULTS.md. */
#ifndef MPTCPSIM_ANALYSIS_AGGREGATE_H
#define MPTCPSIM_ANALYSIS_AGGREGATE_H

#include "run_summary.h"
#include "stats.h"

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

#define AN_AGGREGATE_SCHEMA_NAME "mptcpsim.aggregate"
#define AN_AGGREGATE_SCHEMA_VERSION 1

typedef struct an_variant {
	char *label;
	GPtrArray *differs; /* an_setting* borrowed from the first run: what sets this variant apart */
	GPtrArray *runs;    /* an_run* borrowed from the aggregate, sorted by seed */
	GArray *stats;      /* an_stats per metric of the aggregate (n = 0: no run reported it) */
	GArray *vs_first;   /* an_welch per metric: this variant against the first */
	GArray *compared;   /* gboolean per metric: vs_first holds a comparison (both n >= 2) */
} an_variant;

typedef struct an_aggregate {
	GPtrArray *runs;     /* an_run*, owned, in the order added */
	GPtrArray *variants; /* an_variant*, after an_aggregate_compute() */
	GPtrArray *metrics;  /* char*: every metric any run reported, in order of first appearance */
} an_aggregate;

an_aggregate *an_aggregate_new(void);
void an_aggregate_free(an_aggregate *a);
/* Takes ownership of `r`. */
void an_aggregate_add_run(an_aggregate *a, an_run *r);
/* Add every results folder at or below `path` (a folder holding summary.json is a run; others are
 * searched, names in natural order so seed-2 comes before seed-10), or `path` as a summary.json
 * file. Each unreadable or foreign folder or file adds a message to `problems` (char*); so does a
 * path with no run at all. Returns the number of runs added. */
guint an_aggregate_collect(an_aggregate *a, const char *path, GPtrArray *problems);
/* Group, label, and compute every statistic. Fails (MPSIM_ERR_INPUT) when there is no run, or two
 * runs of one variant share a seed (a sample counts each seed once); the message names the folders. */
bool an_aggregate_compute(an_aggregate *a, GError **error);

/* DIR/stats.csv, DIR/compare.csv and DIR/aggregate.json (DIR is created). */
bool an_aggregate_write(const an_aggregate *a, const char *dir, GError **error);
/* A readable table of the metrics matching any of `globs` (NULL: those under "workloads." when
 * there are any, otherwise all): each variant's mean ± CI and, after the first, the difference with
 * its CI. */
void an_aggregate_print(const an_aggregate *a, FILE *f, const char *const *globs);

/* strcmp, except that runs of digits compare as numbers ("seed-2" < "seed-10"). */
int an_natural_cmp(const char *a, const char *b);

#endif
