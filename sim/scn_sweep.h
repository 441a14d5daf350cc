/* scn_sweep.h — the syntax of sweeps: seed lists and lists of values to vary.
 *
 * A scenario may declare how it is swept in a [sweep] group (scn_schema.c), and `mptcpsim sweep`
 * takes the same texts on its command line:
 *
 *   seeds = 1-30            --seeds 1-30          numbers and inclusive ranges: "1-10, 20, 25-27"
 *   vary  = link.wifi.rate=10Mbit,20Mbit; workload.stream.rate=1Mbit,4Mbit
 *                           --vary link.wifi.rate=10Mbit,20Mbit   (one axis per option)
 *
 * An axis is GROUP.KEY=VALUE,VALUE,...; a vary list is axes separated by ';'. Values are trimmed
 * and may not be empty or repeated (a value cannot contain ',' or ';'). Seeds are distinct integers
 * from 0 to 2^63−1, at most SCN_SWEEP_MAX_SEEDS of them, kept in the order written. These
 * functions check only the syntax; whether GROUP.KEY exists and each value suits it is checked by
 * loading the scenario with the value as an override (analysis/sweep_plan.h). */
#ifndef MPTCPSIM_SIM_SCN_SWEEP_H
#define MPTCPSIM_SIM_SCN_SWEEP_H

#include <glib.h>
#include <stdbool.h>

#define SCN_SWEEP_MAX_SEEDS 100000

typedef struct scn_sweep_axis {
	char *key;         /* "link.wifi.rate" */
	GPtrArray *values; /* char*, in the order written */
} scn_sweep_axis;

/* On success `*seeds` is a new GArray of uint64_t; on failure false and `*why` = "expected …, got …". */
bool scn_sweep_parse_seeds(const char *text, GArray **seeds, char **why);
/* One axis "GROUP.KEY=V1,V2". */
scn_sweep_axis *scn_sweep_parse_axis(const char *text, char **why);
/* Axes separated by ';' (blank or empty text: none); the same key twice is an error. A new
 * GPtrArray of scn_sweep_axis* that frees them. */
GPtrArray *scn_sweep_parse_vary(const char *text, char **why);
void scn_sweep_axis_free(scn_sweep_axis *a);

/* The checks of the [sweep] keys (scn_key.check). */
bool scn_sweep_check_seeds(const char *text, char **why);
bool scn_sweep_check_vary(const char *text, char **why);

#endif
