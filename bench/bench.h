/* bench.h — performance benchmarks behind `mptcpsim bench` (bench/README.md). Each prints a
 * human-readable table, or with `json` one JSON object per case on its own line. */
#ifndef MPTCPSIM_BENCH_BENCH_H
#define MPTCPSIM_BENCH_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Hold model on the simulator's event queue for each pending-event count in `sizes`. */
int bench_engine(const uint64_t *sizes, size_t n_sizes, uint64_t events_per_case, bool json);

/* TCP bulk transfers (cases whose name contains `only`, or all) with congestion control `cc`. */
int bench_tcp(const char *only, const char *cc, bool json);

/* An MPTCP bulk download over two subflows (cases whose name contains `only`, or all). */
int bench_mptcp(const char *only, bool json);

/* Peak resident set of this process, bytes (getrusage). */
uint64_t bench_peak_rss_bytes(void);
double bench_wall_seconds(void);

#endif
