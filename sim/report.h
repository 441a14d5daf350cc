/* report.h — what a run reports: nested sections of named values, and tables of rows.
 *
 * Components (links, hosts, workloads, later TCP/MPTCP stacks) write their metrics here; they
 * never format files. analysis/ turns sections into summary.json and tables into CSV. Keys keep
 * their insertion order so output is stable. A table streams its rows to a sink when one is set
 * (analysis/ sets a CSV sink, so memory stays flat however long the run); without a sink, rows are
 * kept in memory (tests read them back). */
#ifndef MPTCPSIM_SIM_REPORT_H
#define MPTCPSIM_SIM_REPORT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum report_type {
	REPORT_INT,
	REPORT_DOUBLE,
	REPORT_STRING,
	REPORT_BOOL,
} report_type;

typedef struct report_value {
	report_type type;
	union {
		int64_t i;
		double d;
		char *s; /* owned */
		bool b;
	} u;
} report_value;

typedef struct report_item {
	char *key;
	report_value value;
} report_item;

typedef struct report_section {
	char *name;
	GArray *items;       /* report_item, insertion order */
	GPtrArray *children; /* report_section*, insertion order */
} report_section;

report_section *report_section_new(const char *name);
void report_section_free(report_section *s);
/* The child section `name`, created at the end if missing. */
report_section *report_section_child(report_section *s, const char *name);
report_section *report_section_find_child(const report_section *s, const char *name);
/* Setting a key twice replaces its value in place. */
void report_set_int(report_section *s, const char *key, int64_t v);
void report_set_double(report_section *s, const char *key, double v);
void report_set_string(report_section *s, const char *key, const char *v);
void report_set_bool(report_section *s, const char *key, bool v);
const report_value *report_get(const report_section *s, const char *key);

/* Tables: typed columns; string cells must be static strings (column values like "lost"). */
typedef union report_cell {
	int64_t i;
	double d;
	const char *s;
} report_cell;

typedef struct report_table report_table;

typedef struct report_table_sink {
	void *ctx;
	void (*header)(void *ctx, const report_table *t);
	void (*row)(void *ctx, const report_table *t, const report_cell *cells);
	void (*close)(void *ctx, const report_table *t);
} report_table_sink;

struct report_table {
	char *name; /* file stem: "probe_voice" → probe_voice.csv */
	guint n_columns;
	char **column_names;
	report_type *column_types;
	report_table_sink sink; /* sink.row == NULL: rows kept in `rows` */
	GArray *rows;           /* report_cell, n_columns per row */
	uint64_t n_rows;
};

/* `columns` like "seq:int,send_time_ns:int,status:string"; types int, double, string. */
report_table *report_table_new(const char *name, const char *columns);
void report_table_free(report_table *t);
void report_table_set_sink(report_table *t, const report_table_sink *sink);
void report_table_add_row(report_table *t, const report_cell *cells);
/* Calls the sink's close (if any); further rows are a programmer error. */
void report_table_close(report_table *t);

#endif
