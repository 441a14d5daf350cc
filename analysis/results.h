/* results.h — a run's results folder.
 *
 *   DIR/summary.json   schema "mptcpsim.summary", version RESULTS_SCHEMA_VERSION: tool version,
 *                      scenario file, seed, the scenario as resolved, and every metric of the run
 *   DIR/scenario.ini   the scenario as resolved (every key with its value, defaults included)
 *   DIR/NAME.csv       one file per table (per-packet records, time series), header row first
 *   DIR/pcap/HOST-IFACE.pcap  when capture was asked for (written by sim/, one per interface)
 *
 * Everything is written deterministically: same scenario and seed, byte-identical files. The schema
 * is documented in analysis/RESULTS.md. */
#ifndef MPTCPSIM_ANALYSIS_RESULTS_H
#define MPTCPSIM_ANALYSIS_RESULTS_H

#include "scn.h"
#include "sim.h"

#include <glib.h>
#include <stdbool.h>

#define RESULTS_SCHEMA_NAME "mptcpsim.summary"
#define RESULTS_SCHEMA_VERSION 1

typedef struct results_writer results_writer;

/* Create DIR (and parents). */
results_writer *results_open(const char *dir, GError **error);
/* Stream every table of `s` to DIR/NAME.csv from now on. Call before the run. */
bool results_attach_tables(results_writer *w, sim *s, GError **error);
/* summary.json and scenario.ini; call after world_report(). */
bool results_write_summary(results_writer *w, const scenario *scn, const sim *s, GError **error);
/* Flush and close every file; reports the first write error. Frees `w`. Call it before the sim
 * whose tables it writes is freed. */
bool results_close(results_writer *w, GError **error);

/* The report tree as a JSON object (for summary.json and for tests). Free with json_node_unref. */
struct _JsonNode *results_report_to_json(const report_section *root);

#endif
