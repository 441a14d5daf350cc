/* run_summary.h — one results folder read back: its summary.json as flat lists.
 *
 *   an_run *r = an_run_load("results/sweep/01-base/seed-3", &error);
 *   r->seed; r->settings (the resolved scenario, "link.wifi.rate" = "20Mbit");
 *   r->metric_names / r->metric_values (every numeric metric, "workloads.ping.rtt_p50_ns")
 *
 * The reader checks the schema name and version (RESULTS_SCHEMA_NAME, RESULTS_SCHEMA_VERSION) and
 * the members it uses, so a foreign JSON file or a summary of another version is an error that says
 * what was expected and what was found, never a silent zero. Metric paths join the keys of the
 * metrics tree with '.'; numbers (integers and reals) are kept, text and booleans are not, and
 * `simulation.seed` is left out (it is the run's identity, not something measured). */
#ifndef MPTCPSIM_ANALYSIS_RUN_SUMMARY_H
#define MPTCPSIM_ANALYSIS_RUN_SUMMARY_H

#include <glib.h>
#include <stdint.h>

/* One key of the resolved scenario: "link.wifi.up.rate" = "20Mbit". */
typedef struct an_setting {
	char *name;  /* GROUP.KEY */
	char *value; /* as resolved */
} an_setting;

typedef struct an_run {
	char *dir;                /* the results folder as given */
	char *summary_path;       /* DIR/summary.json */
	uint64_t seed;
	char *scenario_file;
	char *mptcpsim_version;
	GPtrArray *settings;      /* an_setting*, in the summary's order */
	GPtrArray *metric_names;  /* char*, in the summary's order */
	GArray *metric_values;    /* double, parallel to metric_names */
	char *identity;           /* the settings minus the seed and [sweep], sorted: runs of one variant share it */
} an_run;

/* Read `path`: a results folder, or a summary.json file itself. Errors are MPSIM_ERR_IO (cannot
 * read) or MPSIM_ERR_INPUT (not JSON, not a summary, another version, a member missing). */
an_run *an_run_load(const char *path, GError **error);
void an_run_free(an_run *r);

/* Every number of a metrics tree (summary.json's "metrics", or results_report_to_json() of a run's
 * report) as paths and values, appended in tree order; `simulation.seed` is left out. */
struct _JsonObject;
void an_metrics_flatten(struct _JsonObject *metrics, GPtrArray *names /* char*, freed by the array */,
			GArray *values /* double */);

/* The value of setting `name`, or NULL. */
const char *an_run_setting(const an_run *r, const char *name);

/* True for a setting that does not make runs differ as experiments: the seed and the [sweep]
 * group (which describes how to sweep the scenario, not the scenario). */
gboolean an_setting_is_identity_free(const char *name);

#endif
