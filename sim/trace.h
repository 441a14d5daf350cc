/* trace.h — packet-delivery traces in Mahimahi's format, for trace-driven link directions.
 *
 * A trace file has one line per delivery opportunity: a time in whole milliseconds from the start
 * of the trace, never decreasing; several opportunities in one millisecond repeat the same time.
 * At each opportunity LINK_TRACE_OPPORTUNITY_BYTES may leave the link (link.c does the byte
 * accounting, as Mahimahi's LinkQueue does). The trace repeats with a period equal to its last
 * time: opportunity i of repetition k happens at k·period + t_i (Mahimahi adds the last timestamp
 * to its base at each wrap), so a trace that starts at 0 has two opportunities at every multiple
 * of the period. A fixed 12 Mbit/s link is the one-line trace `1`.
 *
 *   link_trace *t = trace_cache_get(cache, "traces/cell.down", &error);   // read once per world
 *   link_dir_config cfg = { .trace = t, ... };                              // the link takes a ref
 *
 * Read errors name the file and the line: a line that is not a whole number of milliseconds, a
 * time before the previous one, an empty line, a trace with no line or that lasts 0 ms. */
#ifndef MPTCPSIM_SIM_TRACE_H
#define MPTCPSIM_SIM_TRACE_H

#include "simtime.h"

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes one opportunity carries: one MTU-sized (1500-byte) IP packet, as the trace README and the
 * Saturator recordings define it. (Mahimahi's code uses 1504, the largest TUN payload.) */
#define LINK_TRACE_OPPORTUNITY_BYTES 1500u

/* Longest time a trace line may give, in ms (about 31 years): keeps every ns sum in 64 bits. */
#define LINK_TRACE_MAX_MS INT64_C(1000000000000)

typedef struct link_trace {
	char *path;        /* as read, for messages */
	char *name;        /* the file's base name, for reports */
	sim_time_t *times; /* ns from the start of a repetition, non-decreasing; n of them */
	size_t n;
	sim_time_t period; /* the last time, > 0 */
	int refs;
} link_trace;

/* Parse trace text (`path` names it in messages). A new trace with one reference, or NULL. */
link_trace *link_trace_parse(const char *path, const char *data, size_t len, GError **error);
/* Read and parse the file `path`. */
link_trace *link_trace_load(const char *path, GError **error);
link_trace *link_trace_ref(link_trace *t);
void link_trace_unref(link_trace *t);

/* Mean rate in bit/s: n · 1500 B · 8 / period, rounded down. */
int64_t link_trace_mean_rate_bps(const link_trace *t);

/* Traces by file, each read once however many link directions replay it. */
typedef struct trace_cache trace_cache;

trace_cache *trace_cache_new(void);
/* Drops the cache's references; links keep theirs. */
void trace_cache_free(trace_cache *c);
/* The trace in file `path` (borrowed: link_trace_ref() it to keep it), read on first use. Two
 * spellings of one path ("a/../t", "t") share one trace. A file that failed to read fails again
 * with the same message. */
link_trace *trace_cache_get(trace_cache *c, const char *path, GError **error);
/* Files read so far (for tests of the load-once promise). */
guint trace_cache_size(const trace_cache *c);

#endif
