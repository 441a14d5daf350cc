/* scn_impl.h — private to the scenario loader (sim/scn_*.c): group kinds, single values, the text
 * scan that maps groups and keys to lines, and message helpers. Nothing outside scn_*.c includes it.
 *
 *   scn_schema.c  kinds and their key tables          scn_values.c  parsing one value, accessors
 *   scn_scan.c    lines, syntax, duplicates            scn_load.c    GKeyFile, overrides, the scenario
 *   scn_check.c   validating groups and link directions scn_diag.c   messages
 *   scn_doc.c     the Markdown reference */
#ifndef MPTCPSIM_SIM_SCN_IMPL_H
#define MPTCPSIM_SIM_SCN_IMPL_H

#include "scn.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* Longest value text (other than free text) that is parsed at all; longer ones are rejected with a
 * shortened quote, so a 1 MB line cannot turn into a 1 MB message. */
#define SCN_VALUE_MAX_LEN 4096
/* Longest group name ("link.wifi.up"). */
#define SCN_GROUP_NAME_MAX 255

/* ---- kinds (scn_schema.c) ---- */

/* A group kind: the shape of its name, its keys, and the key (if any) that selects a model whose
 * own keys join the group (loss model of a link, type of a workload). */
typedef struct scn_kind {
	const char *name;     /* "link" */
	const char *header;   /* "[link.NAME]" */
	int id_parts;         /* dot-separated parts after the kind: 0 (simulation), 1, 2 (interface), 2 (direction) */
	const scn_key *keys;
	const char *model_key; /* "loss", "type" or NULL */
	const scn_key *(*model_keys)(const void *ops);
	const char *(*model_summary)(const void *ops);
	const char *doc;
} scn_kind;

/* Every kind, in documentation order (link-direction included); NULL-terminated. */
extern const scn_kind *const scn_kinds_all[];
const scn_kind *scn_kind_find(const char *name);
const scn_key *scn_keys_find(const scn_key *keys, const char *name);
size_t scn_keys_count(const scn_key *keys);
/* The SCN_MODEL key of a kind with a model key, else NULL. */
const scn_key *scn_kind_model_def(const scn_kind *k);
/* A model's keys (never NULL: a model without keys has an empty table). */
const scn_key *scn_kind_keys_of_model(const scn_kind *k, const void *ops);
/* "a, b, rate" */
char *scn_keys_joined(const scn_key *keys);
/* True for a non-empty name of [A-Za-z0-9_-] only. */
bool scn_name_is_valid(const char *name, size_t len);

/* ---- single values (scn_values.c) ---- */

typedef enum scn_origin {
	SCN_ORIGIN_DEFAULT, /* the schema's default */
	SCN_ORIGIN_FILE,    /* a line of the file */
	SCN_ORIGIN_SET,     /* a --set override */
	SCN_ORIGIN_SEED,    /* the --seed option */
	SCN_ORIGIN_TEXT,    /* scn_values_from_text() */
} scn_origin;

typedef struct scn_value {
	const scn_key *key;
	char *text;        /* canonical text: "20Mbit", "fd00::2, 10.0.0.2" */
	scn_origin origin;
	char *group;       /* the group it was written in (the base link for an inherited direction value) */
	int line;          /* 0 unless from the file */
	int64_t i;         /* TIME, RATE, SIZE, PACKETS, QUEUE, INT */
	double fraction;   /* PERCENT */
	bool b;            /* BOOL; QUEUE: in packets */
	const void *model; /* MODEL */
	GArray *list;      /* ADDR_LIST (net_addr), INT_LIST (int64_t) */
} scn_value;

/* Parse `text` as `key` wants into a new value (origin DEFAULT, no group); on failure NULL and
 * `*why` = "expected …, got "…"". */
scn_value *scn_value_parse(const scn_key *key, const char *text, char **why);
void scn_value_free(scn_value *v);
/* What a value of the key's type looks like, for "expected …": "a rate like 20Mbit". Caller frees. */
char *scn_key_expectation(const scn_key *k);
/* Values of `group` (header at `group_line`, 0 if none) from `path` (NULL: no file). */
scn_values *scn_values_new(const char *path, const char *group, int group_line);
/* Append `value` (owned from now on), recording where it was written. */
void scn_values_append(scn_values *v, scn_value *value, scn_origin origin, const char *written_in, int line);
guint scn_values_count(const scn_values *v);
const scn_value *scn_values_nth(const scn_values *v, guint i);
const scn_value *scn_values_lookup(const scn_values *v, const char *key);
int scn_values_group_line(const scn_values *v);
const char *scn_values_path(const scn_values *v);

/* ---- messages (scn_diag.c) ---- */

/* "path:line: [group] key", "--set: [group] key", … (parts may be NULL / 0). */
char *scn_where_format(const char *path, int line, scn_origin origin, const char *group, const char *key);
void scn_diag_add_at(scn_diag *d, const char *path, int line, scn_origin origin, const char *group, const char *key,
		     const char *fmt, ...) G_GNUC_PRINTF(7, 8);
/* `text` in double quotes, shortened to its first few dozen characters (with its length) when long. */
char *scn_quote(const char *text);
/* " (did you mean "x"?)" or "" — caller frees. */
char *scn_did_you_mean(const char *word, const char *const *candidates, size_t n);

/* ---- the text scan (scn_scan.c) ---- */

typedef struct scn_scan {
	GHashTable *groups;  /* name → struct scn_scan_group* */
	int n_headers;       /* group headers seen */
	int n_problems;      /* syntax problems (the file cannot be read as a key file) */
	bool only_blank;     /* no byte other than blanks and newlines */
} scn_scan;

/* Scan `data` line by line: group headers, keys and their lines; syntax problems (control bytes,
 * invalid UTF-8, lines that are neither group, key nor comment, keys before the first group) and
 * duplicate groups and keys go into `diag`. Linear in the size of the text. */
void scn_scan_text(scn_scan *scan, const char *path, const char *data, gsize len, scn_diag *diag);
void scn_scan_fini(scn_scan *scan);
/* Line of the first [group] header, 0 if none. */
int scn_scan_group_line(const scn_scan *scan, const char *group);
/* Line of the (last) `key` of `group`, 0 if none. */
int scn_scan_key_line(const scn_scan *scan, const char *group, const char *key);

/* ---- raw groups and their validation (scn_load.c, scn_check.c) ---- */

typedef struct scn_raw_entry {
	char *key;
	char *value; /* blanks removed */
	int line;
	scn_origin origin;
	bool reported; /* a problem with it was reported already (inherited values are checked twice) */
} scn_raw_entry;

typedef struct scn_raw_group {
	char *name;
	int line;            /* 0: created by --set */
	GPtrArray *entries;  /* scn_raw_entry*, file order, then keys added by --set */
	GHashTable *by_key;  /* key → scn_raw_entry* (borrowed) */
	const scn_kind *kind; /* NULL: the name is not a known kind (reported) */
	char *id;            /* "wifi.up" */
	char *base;          /* interface: "host.phone"; link-direction: "link.wifi"; else NULL */
} scn_raw_group;

typedef struct scn_check {
	const char *path;
	scn_diag *diag;
	GPtrArray *raw;          /* scn_raw_group*, file order */
	GHashTable *raw_by_name; /* name → scn_raw_group* (borrowed) */
} scn_check;

scn_raw_group *scn_raw_group_new(const char *name, int line);
void scn_raw_group_free(scn_raw_group *g);
/* Set `key` (replacing a value the file gave). */
void scn_raw_group_set(scn_raw_group *g, const char *key, const char *value, int line, scn_origin origin);

/* Decide kind, id and base of every raw group; report bad names and missing hosts or links. */
void scn_check_names(scn_check *c);
/* Validate every group; returns the scn_group* of the scenario in order (simulation first, each
 * link followed by its two directions). Problems go into the diag. */
GPtrArray *scn_check_groups(scn_check *c);
void scn_group_free(scn_group *g);

#endif
