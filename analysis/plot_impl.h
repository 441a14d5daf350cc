/* plot_impl.h — what the plot files share: the results folder read into plottable series
 * (plot_load.c, plot_subflows_load.c), a CSV reader (plot_csv.c), gnuplot script helpers (plot_gp.c)
 * and one writer per kind of plot (plot_tcp.c, plot_throughput.c, plot_latency.c, plot_timeline.c,
 * plot_subflows.c). Private to analysis/; the public interface is plot.h. */
#ifndef MPTCPSIM_ANALYSIS_PLOT_IMPL_H
#define MPTCPSIM_ANALYSIS_PLOT_IMPL_H

#include "plot.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- CSV (RFC 4180, header row first) ---- */

typedef struct an_plot_csv an_plot_csv;

an_plot_csv *an_plot_csv_open(const char *path, GError **error);
void an_plot_csv_free(an_plot_csv *c);
/* Index of the header column `name`, or -1. */
int an_plot_csv_column(const an_plot_csv *c, const char *name);
/* Write `text` to plots_dir/file (data a script derived, such as throughput bins); false with an
 * MPSIM_ERR_IO error naming the path. */
bool an_plot_save_text(const char *plots_dir, const char *file, const GString *text, GError **error);
/* The next data row; its fields stay valid until the next call. False at the end (error unset) or
 * on a malformed row (error set, naming the file and line). Short rows are malformed. */
bool an_plot_csv_next(an_plot_csv *c, char ***fields, GError **error);
/* A field as a whole integer; false when it is not one. */
bool an_plot_csv_int(const char *field, int64_t *out);
/* For messages: the file's path, and the line where the row last returned starts. */
const char *an_plot_csv_path(const an_plot_csv *c);
guint an_plot_csv_line(const an_plot_csv *c);
/* Column indices of `names` into `idx`; false with `error` naming the file and the first one missing. */
bool an_plot_csv_need_columns(an_plot_csv *c, const char *const *names, int *idx, guint n, GError **error);
/* Sets `error` to "FILE:LINE: COLUMN: expected a whole number, found ..." for the row last returned;
 * returns false. */
bool an_plot_csv_bad_number(an_plot_csv *c, const char *column, const char *found, GError **error);

/* ---- the results folder, as series to plot ---- */

/* One sending TCP connection (later: one subflow) of a workload. */
typedef struct an_plot_series {
	int64_t conn;
	int64_t subflow;          /* -1 when the table has no subflow column */
	bool client;              /* it opened the connection (first state SYN-SENT) */
	char *label;              /* "dl-wifi server→client": the same in every plot */
	guint colour;             /* palette index: the same in every plot */
	int64_t bytes_acked;      /* at its last sample */
	GArray *time_ns;          /* int64_t, sample times */
	GArray *acked;            /* int64_t, bytes_acked at each sample */
	GArray *una;              /* int64_t, snd_una at each sample */
	bool has_iss;
	uint32_t iss;             /* from its "iss" event */
	GArray *retx_time_ns;     /* int64_t, retransmissions */
	GArray *retx_offset;      /* int64_t, their offsets from the ISN (the axis of snd_una) */
} an_plot_series;

/* A workload with a TCP time series. */
typedef struct an_plot_tcp {
	char *workload;           /* "dl-wifi" */
	char *type;               /* "bulk" */
	char *description;        /* "bulk download, cubic" */
	char *samples_file;       /* "bulk_dl-wifi_tcp.csv" */
	char *events_file;        /* "bulk_dl-wifi_tcp_events.csv", or NULL when absent */
	bool has_subflow;
	GPtrArray *series;        /* an_plot_series*: the ends that sent data, by (conn, subflow) */
} an_plot_tcp;

/* One subflow of an MPTCP workload's client connection (TYPE_NAME_mptcp_subflows.csv). */
typedef struct an_plot_subflow {
	int64_t conn;
	int64_t id;               /* the table's subflow column: summary.json's client.subflow.ID */
	char *label;              /* "subflow 3 cell (backup)": the same in every panel */
	guint colour;             /* palette index */
	bool backup;              /* a backup at some sample (either side asked), or in summary.json */
	bool has_rtt;             /* a sample with srtt_ns > 0 before it closed: drawn in the RTT panel */
	int64_t carried;          /* bytes_sent + bytes_received at its last sample */
	GArray *time_ns;          /* int64_t, its sample times, non-decreasing */
	GArray *bytes;            /* int64_t, bytes_sent + bytes_received at each sample, non-decreasing */
} an_plot_subflow;

/* A workload with an MPTCP subflow table whose client connection has a subflow to draw. */
typedef struct an_plot_mptcp {
	char *workload;
	char *type;
	char *description;        /* "siri, MPTCP apple-handover" */
	char *subflows_file;      /* "siri_siri_mptcp_subflows.csv" */
	GPtrArray *subflows;      /* an_plot_subflow*: the client connection's subflows that carried data or
	                           * have an RTT sample, by (conn, id) */
} an_plot_mptcp;

/* A workload with a per-request table. */
typedef struct an_plot_latency {
	char *workload;
	char *type;
	char *file;               /* "echo_ping-wifi.csv" */
	const char *column;       /* "rtt_ns"; negative for a request that never completed */
	const char *what;         /* "round-trip time" */
	guint colour;
	int64_t n_total, n_done;
	int64_t min_ns, max_ns;   /* over completed requests */
	const char *time_column;  /* when each request was made ("send_time_ns"), NULL when the table has
	                           * none: latency over time can be drawn */
} an_plot_latency;

/* A row of events.csv: one change a mobility event made (RESULTS.md). */
typedef struct an_plot_link_event {
	int64_t time_ns;
	char *event, *target, *action, *value;
	char *what;               /* the part of `value` before '=' ("rate", "loss_rate", "state"), or "" */
	char *text;               /* the part after it ("18Mbit", "2.5%", "down"), or all of `value` */
	enum { AN_PLOT_TEXT, AN_PLOT_RATE, AN_PLOT_PERCENT, AN_PLOT_TIME } kind;
	double number;            /* RATE: bit/s; TIME: ns; PERCENT: percent */
} an_plot_link_event;

/* One [event.NAME]: from its first row to its last (a ramp's steps, an outage and its end). */
typedef struct an_plot_event_span {
	char *name;
	int64_t start_ns, end_ns;
} an_plot_event_span;

typedef struct an_plot_data {
	char *dir;                /* the results folder */
	char *scenario;           /* [simulation] name, or the scenario file's name */
	int64_t seed;
	int64_t duration_ns;      /* the x range of every time plot: [0, duration] */
	GPtrArray *tcp;           /* an_plot_tcp*, summary.json's workload order */
	GPtrArray *latency;       /* an_plot_latency*, same order */
	GPtrArray *mptcp;         /* an_plot_mptcp*, same order */
	GPtrArray *events;        /* an_plot_link_event*, file order; empty without events.csv */
	GPtrArray *spans;         /* an_plot_event_span*, by first appearance */
	bool has_events_file;
	guint n_colours;          /* palette indices handed out */
} an_plot_data;

void an_plot_link_event_free(gpointer e);
void an_plot_event_span_free(gpointer s);
/* events.csv into d->events and d->spans (plot_events.c); nothing when the file is absent. */
bool an_plot_events_load(an_plot_data *d, GError **error);

/* summary.json's members: an object, a string, or NULL when absent or of another kind. */
struct _JsonObject;
struct _JsonObject *an_plot_json_object(struct _JsonObject *o, const char *name);
const char *an_plot_json_string(struct _JsonObject *o, const char *name);

/* The MPTCP subflow table of workload `name` into d->mptcp (plot_subflows_load.c), when it exists
 * and its client connection has a subflow to draw; `summary` is summary.json's root (interfaces,
 * the client's subflows). Needs d->events loaded. False with `error` for a malformed table. */
bool an_plot_mptcp_load(an_plot_data *d, struct _JsonObject *summary, const char *name, const char *type,
			GError **error);
void an_plot_mptcp_free(gpointer m);

/* Read and check `dir`: summary.json (schema and version), the tables it names, events.csv. */
an_plot_data *an_plot_data_load(const char *dir, GError **error);
void an_plot_data_free(an_plot_data *d);

/* ---- gnuplot scripts ---- */

/* Geometry shared by every plot (SVG pixels; the PNG is the same picture 1.5 times larger). */
#define AN_PLOT_SVG_WIDTH 800
#define AN_PLOT_PNG_SCALE 1.5

/* A script being written: its name (file stem in plots/) and text. */
typedef struct an_plot_gp {
	char *name;
	GString *text;
	unsigned formats;
	int height;               /* SVG pixels */
} an_plot_gp;

/* Header comment (what, from which files, how to re-run), formats, CSV settings, palette and
 * style. `sources`: the files it reads, for the comment. */
an_plot_gp *an_plot_gp_new(const char *name, const char *what, const char *sources, unsigned formats, int height);
void an_plot_gp_free(an_plot_gp *gp);
/* Opens `do for [fmt in formats] { terminal; output` ... and closes it. */
void an_plot_gp_begin_outputs(an_plot_gp *gp);
void an_plot_gp_end_outputs(an_plot_gp *gp);
/* Write plots/NAME.gp. */
bool an_plot_gp_save(const an_plot_gp *gp, const char *plots_dir, GError **error);

/* A gnuplot string literal: single-quoted, quotes doubled, control characters dropped. */
char *an_plot_gp_quote(const char *s);
/* Exact decimal seconds of a nanosecond time ("2.5", "0.000001"). */
void an_plot_gp_append_seconds(GString *s, int64_t ns);
/* Fixed-point number with `decimals` digits, locale-independent. */
void an_plot_gp_append_fixed(GString *s, double v, int decimals);

/* Screen-fraction margins of a plot area, computed from what sits around it. */
typedef struct an_plot_frame {
	double left, right, bottom, top;
} an_plot_frame;

/* `set lmargin at screen ...` and the three others, inside the outputs loop. */
void an_plot_gp_margins(GString *t, const an_plot_frame *f);
/* x range [0, duration] in seconds and its label. */
void an_plot_gp_time_axis(GString *t, const an_plot_data *d);
/* The title, raised above `event_rows` rows of event labels. */
void an_plot_gp_title(GString *t, const char *title, guint event_rows);
/* Top of a plot area under a one-line title and `event_rows` rows of event labels. */
double an_plot_frame_top(int height, guint event_rows);
/* Where a plot's key goes: to the right of the plot area, its left edge at x (screen), top at the
 * top of the plot; or, for labels too long for that, below the x axis label in `cols` columns. */
typedef struct an_plot_key {
	guint n;
	bool below;
	double x, y;
	guint rows, cols;
} an_plot_key;

/* Place a key for `labels` and shrink `f` (its right or bottom edge; f->left must be set) to make
 * room: no key ever covers data. */
void an_plot_key_place(an_plot_key *k, an_plot_frame *f, const char *const *labels, guint n, int height);
/* `set key ...` for the current plot (`unset key` for an empty one). */
void an_plot_gp_key(GString *t, const an_plot_key *k);
/* Rows of event labels above a time plot spanning [0, duration] in [left, right] of the screen;
 * the labels that fit in AN_PLOT_EVENT_ROWS rows get one, the others only their line. */
#define AN_PLOT_EVENT_ROWS 3
guint an_plot_event_rows(const an_plot_data *d, double left, double right);
/* For the current plot: a dashed line where each event starts, a light band over the time it
 * lasts, and (when `labelled`) its name above the plot. Clears earlier arrows, labels, objects. */
void an_plot_gp_events(an_plot_gp *gp, const an_plot_data *d, double left, double right, bool labelled);
/* Height of one text line and width of one character, as screen fractions. */
double an_plot_line_height(int height);
double an_plot_char_width(void);

/* ---- binned throughput (plot_throughput.c), also drawn by the timeline ---- */

typedef struct an_plot_binned {
	GPtrArray *series;        /* an_plot_series* (not owned), the columns of throughput.csv in order */
	int64_t bin_ns;
	double peak_sum_bps;      /* the highest bin of the stack */
	double peak_one_bps;      /* the highest bin of any one connection */
} an_plot_binned;

/* A series' sampling interval: the median gap between its sample times (the last sample, written
 * when a connection closes, falls between two periodic ones and does not move the median); 0 for
 * fewer than two samples. */
int64_t an_plot_sample_interval(const GArray *time_ns);
/* The bin of a binned plot: the smallest of 1, 2, 5 × 10^k ns (from 1 ms) that is at least the
 * sampling interval (finer bins would only show the sampling) and gives at most ~150 bins. */
int64_t an_plot_bin_width(int64_t sample_interval_ns, int64_t duration_ns);

/* Write plots/throughput.csv: bin_start_ns, then bit/s per sending end (column k + 2 for series k).
 * With no TCP series, writes nothing and leaves out->series empty. */
bool an_plot_throughput_csv(const an_plot_data *d, const char *plots_dir, an_plot_binned *out, GError **error);
void an_plot_binned_fini(an_plot_binned *b);

/* ---- data carried per MPTCP subflow, binned (plot_subflows.c) ---- */

typedef struct an_plot_subflow_bins {
	int64_t bin_ns;
	double peak_sum_bps;      /* the highest bin of the stack */
} an_plot_subflow_bins;

/* Write plots/subflows_WORKLOAD.csv: bin_start_ns, bin_end_ns, then the bytes each subflow carried
 * (sent + received) in the bin (column k + 3 for subflow k); the columns add up exactly to each
 * subflow's `carried`. */
bool an_plot_subflows_csv(const an_plot_data *d, const an_plot_mptcp *m, const char *plots_dir,
			  an_plot_subflow_bins *out, GError **error);

/* ---- writers, one per kind: each appends the names of the plots it wrote ---- */

bool an_plot_write_cwnd(const an_plot_data *d, unsigned formats, const char *plots_dir, GPtrArray *names,
			GError **error);
bool an_plot_write_tseq(const an_plot_data *d, unsigned formats, const char *plots_dir, GPtrArray *names,
			GError **error);
bool an_plot_write_throughput(const an_plot_data *d, unsigned formats, const char *plots_dir, GPtrArray *names,
			      GError **error);
bool an_plot_write_latency(const an_plot_data *d, unsigned formats, const char *plots_dir, GPtrArray *names,
			   GError **error);
bool an_plot_write_timeline(const an_plot_data *d, unsigned formats, const char *plots_dir, GPtrArray *names,
			    GError **error);
bool an_plot_write_subflows(const an_plot_data *d, unsigned formats, const char *plots_dir, GPtrArray *names,
			    GError **error);

#endif
