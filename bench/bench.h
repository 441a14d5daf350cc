/* bench.h — performance benchmarks behind `mptcpsim bench` (bench/README.md). Each prints a
 * human-readable table, or with `json` one JSON object per case on its own line. */
#ifndef MPTCPSIM_BENCH_BENCH_H
#define MPTCPSIM_BENCH_BENCH_H

#include "world.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hold model on the simulator's event queue for each pending-event count in `sizes`. */
int bench_engine(const uint64_t *sizes, size_t n_sizes, uint64_t events_per_case, bool json);

/* TCP bulk transfers (cases whose name contains `only`, or all) with congestion control `cc`. */
int bench_tcp(const char *only, const char *cc, bool json);

/* An MPTCP bulk download over two subflows (cases whose name contains `only`, or all). */
int bench_mptcp(const char *only, bool json);

/* Regression benchmarks (bench_suite.c): a suite is a folder of scenarios (scenarios/bench/NAME).
 * `name_or_path` is a folder, or a NAME looked up in scenarios/bench/ under the working directory
 * and then beside the binary (../scenarios/bench); the folder's path, or NULL with an error. */
struct _GError;
char *bench_suite_find(const char *name_or_path, const char *exe, struct _GError **error);
/* Run every *.ini of `dir` (by name) over its seeds: `seeds` if not NULL, else the scenario's
 * [sweep] seeds, else 1-3; `sets` overrides keys in every scenario. Each run is in this process,
 * tables discarded; the metrics, and the time world_run() took, go into a new an_bench. */
struct an_bench;
struct an_bench *bench_suite_run(const char *dir, const char *suite, const char *seeds, const char *const *sets,
				 bool verbose, struct _GError **error);

/* Scenario benchmarks: a world from scenario text with its tables discarded (NULL, messages on
 * stderr, on problems); a timed run (false, message on stderr, on failure); freeing it with its
 * scenario. */
world *bench_world_new(const char *name, const char *text);
bool bench_world_run(world *w, const char *bench, double *wall_seconds);
void bench_world_free(world *w);

/* Peak resident set of this process, bytes (getrusage). */
uint64_t bench_peak_rss_bytes(void);
double bench_wall_seconds(void);

#endif
