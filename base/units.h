/* units.h — values with units, as written in scenario files and on the command line.
 *
 * Times: ns, us, ms, s, min.  Rates: bit, Kbit, Mbit, Gbit (also bps, Kbps, Mbps, Gbps; K = 1000).
 * Sizes: B, KB, MB, GB (1000-based), KiB, MiB, GiB (1024-based).  Fractions: a percentage "0.5%".
 * Packets: "100pkt".  Unit names are case-sensitive except for the K/k prefix of rates.
 *
 * Parsing is exact integer arithmetic on the decimal text ("1.5ms" is 1500000 ns, never a double),
 * so a value means the same on every build. A value that is not a whole number of the base unit
 * ("0.5ns"), overflows int64, is negative, or lacks its unit is an error whose message says what was
 * expected and what was found. */
#ifndef MPTCPSIM_BASE_UNITS_H
#define MPTCPSIM_BASE_UNITS_H

#include "simtime.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

bool units_parse_time(const char *text, sim_time_t *out_ns, GError **error);
bool units_parse_rate(const char *text, int64_t *out_bps, GError **error);
bool units_parse_size(const char *text, int64_t *out_bytes, GError **error);
bool units_parse_percent(const char *text, double *out_fraction, GError **error);
bool units_parse_packets(const char *text, int64_t *out_packets, GError **error);
/* A queue limit: a size ("64KB") or a packet count ("100pkt"). */
bool units_parse_queue(const char *text, int64_t *out_value, bool *out_in_packets, GError **error);
/* A plain integer, no unit ("42", "-3"). */
bool units_parse_int(const char *text, int64_t *out, GError **error);
bool units_parse_bool(const char *text, bool *out, GError **error);

/* Shortest exact rendering with the largest unit that divides the value: "20ms", "1500ns". */
char *units_format_time(sim_time_t ns);
char *units_format_rate(int64_t bps);
char *units_format_size(int64_t bytes);

#endif
