/* scn.h — scenario files: the schema of groups and keys, loading, and validated values.
 *
 * A scenario is a GKeyFile (INI) whose groups are
 *   [simulation]              duration, seed, name, description
 *   [host.NAME]               one node
 *   [interface.HOST.IFACE]    an interface of HOST with its addresses
 *   [link.NAME]               a point-to-point link between two interfaces (both directions)
 *   [link.NAME.up]/[.down]    per-direction overrides (up = from `a` to `b`)
 *   [workload.NAME]           traffic, `type` names a workload model (workload.h)
 *   [event.NAME]              a mobility event at a time, `action` names what it does (event.h)
 *   [sweep]                   seeds and values to vary for `mptcpsim sweep` (scn_sweep.h); runs ignore it
 * Every key is declared in a table of scn_key (scn_schema.c, and the `keys` of each loss model and
 * workload model), which drives parsing, range checks, defaults, "did you mean" suggestions and the
 * documentation (scenarios/README.md, `mptcpsim list keys`). After loading, components read typed
 * values that are known to be valid; they never parse text. Every message names the file, the line,
 * the group and the key, what was expected and what was found. */
#ifndef MPTCPSIM_SIM_SCN_H
#define MPTCPSIM_SIM_SCN_H

#include "addr.h"
#include "simtime.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum scn_type {
	SCN_TIME,      /* "20ms"            → int64 ns */
	SCN_RATE,      /* "20Mbit"          → int64 bit/s */
	SCN_SIZE,      /* "64KB"            → int64 bytes */
	SCN_PERCENT,   /* "0.5%"            → double fraction */
	SCN_PACKETS,   /* "100pkt"          → int64 packets */
	SCN_QUEUE,     /* "100pkt" | "64KB" → int64 + in_packets */
	SCN_INT,       /* "42"              → int64 */
	SCN_BOOL,      /* true/false        → bool */
	SCN_STRING,    /* free text */
	SCN_CHOICE,    /* one of `choices` */
	SCN_MODEL,     /* the name of an ops table in `models` (a registry, registry.h) */
	SCN_ENDPOINT,  /* "HOST.IFACE" or "HOST"; existence is checked when the world is built */
	SCN_ADDR_LIST, /* "10.0.0.1, fd00::1" → GArray of net_addr, distinct, at least `min` of them */
	SCN_INT_LIST,  /* "3, 17, 18"        → GArray of int64, each >= min */
	SCN_PATH,      /* "traces/lte.down"  → a file name, not empty; relative to the scenario's folder */
} scn_type;
/* Values are taken literally (no escape sequences) with surrounding blanks removed; a `#` starts a
 * comment only at the beginning of a line. SCN_PERCENT is always within 0%..100% (min/max unused). */

typedef struct scn_key {
	const char *name;
	scn_type type;
	const char *default_value; /* as text, parsed like a user value; NULL: the key is required … */
	bool optional;             /* … unless optional: then a group may lack it (scn_values_has()) */
	int64_t min;               /* numeric types, in base units (ns, bit/s, B, pkt); inclusive */
	int64_t max;               /* inclusive; 0 means no upper bound */
	const char *const *choices;  /* SCN_CHOICE: NULL-terminated */
	const void *const *models;   /* SCN_MODEL: NULL-terminated ops array */
	const char *model_kind;      /* SCN_MODEL: "loss model", "workload type" */
	const char *doc;             /* one sentence for the docs and `mptcpsim list keys` */
	const char *expect;          /* what a value looks like in messages ("a link like wifi.up"); NULL: by type */
	/* SCN_STRING: an optional check of the text's syntax; false with `*why` = "expected …, got …". */
	bool (*check)(const char *text, char **why);
} scn_key;

#define SCN_KEY_END { .name = NULL }

/* The validated values of one group (defaults filled in). */
typedef struct scn_values scn_values;

/* Accessors. Asking for a key the group's schema does not declare, or with the wrong type, or for
 * an optional key the group lacks, is a programmer error (assertion), not a user error. */
bool scn_values_has(const scn_values *v, const char *key);
sim_time_t scn_values_time(const scn_values *v, const char *key);
int64_t scn_values_int(const scn_values *v, const char *key); /* RATE, SIZE, PACKETS, INT */
double scn_values_percent(const scn_values *v, const char *key);
bool scn_values_bool(const scn_values *v, const char *key);
const char *scn_values_string(const scn_values *v, const char *key); /* STRING, CHOICE, MODEL, ENDPOINT, PATH */
/* SCN_PATH: the file name, a relative one joined to the folder of the scenario file. Caller frees. */
char *scn_values_file(const scn_values *v, const char *key);
void scn_values_queue(const scn_values *v, const char *key, int64_t *limit, bool *in_packets);
const GArray *scn_values_addr_list(const scn_values *v, const char *key); /* of net_addr */
const GArray *scn_values_int_list(const scn_values *v, const char *key);  /* of int64_t */
/* SCN_MODEL: the ops table the name selects (a loss_ops*, a workload_ops*). */
const void *scn_values_model(const scn_values *v, const char *key);
/* Any value as the resolved scenario shows it ("1500us" for "1.5ms"): for messages. */
const char *scn_values_text(const scn_values *v, const char *key);
/* True when the file (or --set) gave the key, false when it holds its default. */
bool scn_values_is_set(const scn_values *v, const char *key);
/* "file.ini:12: [link.wifi] rate" — or "file.ini: [link.wifi] rate" for a default — for messages. */
char *scn_values_where(const scn_values *v, const char *key);
const char *scn_values_group(const scn_values *v);

/* Values of one group without a file, for tests of loss models and workloads: `key_equals_value` is
 * a NULL-terminated list of "key=value" (may be NULL); defaults are filled in. Unknown keys, bad
 * values and missing required keys fail with one MPSIM_ERR_INPUT error listing every problem.
 * Free with scn_values_free(). */
scn_values *scn_values_from_text(const scn_key *keys, const char *group_name, const char *const *key_equals_value,
				 GError **error);
void scn_values_free(scn_values *v);

typedef struct scn_group {
	char *name;   /* "link.wifi.up" */
	char *kind;   /* "link" */
	char *id;     /* "wifi.up" */
	int line;     /* line of the [group] header (0 when created by --set) */
	scn_values *values;
} scn_group;

typedef struct scenario {
	char *path;
	char *text_resolved; /* the scenario as resolved (every key with its value), INI text */
	GPtrArray *groups;   /* scn_group*, in file order */
	sim_time_t duration;
	uint64_t seed;
} scenario;

/* Diagnostics: a validation collects every problem rather than stopping at the first. */
typedef struct scn_diag {
	GPtrArray *messages; /* char*, each "file:line: [group] key: what was expected, what was found" */
} scn_diag;

void scn_diag_init(scn_diag *d);
void scn_diag_fini(scn_diag *d);
/* Adds "<where>: <message>"; `v` and `key` may be NULL for file-level problems. */
void scn_diag_add(scn_diag *d, const scn_values *v, const char *key, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
/* All messages joined by newlines into one MPSIM_ERR_INPUT error; false if there were any. */
bool scn_diag_to_error(const scn_diag *d, GError **error);

/* Load and validate `path`, applying `overrides` ("group.key=value", NULL-terminated, may be NULL)
 * and an optional seed override (`seed_override` < 0: none). Every problem goes into `diag`;
 * returns NULL when there was any. */
scenario *scn_load(const char *path, const char *const *overrides, int64_t seed_override, scn_diag *diag);
/* The same from text in memory; `display_path` names it in messages. */
scenario *scn_load_from_data(const char *display_path, const char *data, gsize len, const char *const *overrides,
			     int64_t seed_override, scn_diag *diag);
void scn_free(scenario *s);

/* Groups of one kind, in file order ("link" → link.wifi, link.cell; not the .up/.down ones). */
GPtrArray *scn_groups_of_kind(const scenario *s, const char *kind); /* free with g_ptr_array_unref */
const scn_group *scn_find_group(const scenario *s, const char *name);

/* Schema, for documentation: the keys of a group kind ("simulation", "host", "interface", "link",
 * "link-direction", "workload", "event"), or NULL for an unknown kind. The keys of the selected loss model or
 * workload type come from that model's own `keys`. */
const scn_key *scn_schema_keys(const char *kind);
/* The reference of every group and key (loss models and workload types included) as Markdown:
 * the generated part of scenarios/README.md. Caller frees. */
char *scn_schema_markdown(void);

#endif
