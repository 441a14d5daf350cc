/* plot.h — publication-quality plots of a results folder with gnuplot.
 *
 * an_plot_results() reads a results folder (RESULTS.md: summary.json, the CSV tables, events.csv
 * when present) and writes into DIR/plots/ one self-contained gnuplot script per plot, NAME.gp,
 * that reads the CSV files by relative path (../TABLE.csv, or data it derived into plots/, such as
 * throughput bins), and then runs gnuplot on each to make NAME.png and NAME.svg. A user can edit a
 * script and re-run `gnuplot NAME.gp` inside plots/. The scripts are byte-identical for identical
 * results and options; gnuplot is found at run time (an_plot_find_gnuplot). */
#ifndef MPTCPSIM_ANALYSIS_PLOT_H
#define MPTCPSIM_ANALYSIS_PLOT_H

#include <glib.h>
#include <stdbool.h>

/* Output formats, a bit set. */
enum {
	AN_PLOT_PNG = 1u << 0,
	AN_PLOT_SVG = 1u << 1,
	AN_PLOT_ALL_FORMATS = AN_PLOT_PNG | AN_PLOT_SVG,
};

/* The kinds of plots; --only takes their names. */
typedef enum an_plot_kind {
	AN_PLOT_CWND,       /* "cwnd": cwnd and srtt per connection over time, one figure per TCP workload */
	AN_PLOT_THROUGHPUT, /* "throughput": throughput per connection, stacked, binned */
	AN_PLOT_TSEQ,       /* "tseq": time-sequence graph with retransmissions, one per TCP workload */
	AN_PLOT_LATENCY,    /* "latency": CDF of per-request latency, one curve per workload */
	AN_PLOT_TIMELINE,   /* "timeline": what the mobility events of events.csv did, over time */
	AN_PLOT_SUBFLOWS,   /* "subflows": data carried, RTT and cwnd per subflow, one figure per MPTCP workload */
	AN_PLOT_KIND_COUNT
} an_plot_kind;

const char *an_plot_kind_name(an_plot_kind k);
/* Parse "cwnd,latency" into a bit set of (1u << kind); false with `error` naming the bad name and
 * the known ones. */
bool an_plot_kinds_parse(const char *list, unsigned *kinds, GError **error);
/* Parse "png,svg" into AN_PLOT_* bits; false with `error` for an unknown format. */
bool an_plot_formats_parse(const char *list, unsigned *formats, GError **error);

typedef struct an_plot_options {
	unsigned formats; /* AN_PLOT_* bits; 0: both */
	unsigned kinds;   /* (1u << an_plot_kind) bits; 0: every kind whose data exist */
	const char *gnuplot; /* path of gnuplot; NULL: write the scripts and data only, run nothing */
} an_plot_options;

/* What an_plot_results() did. */
typedef struct an_plot_outcome {
	GPtrArray *plots;    /* char*: names of the plots written (NAME.gp, NAME.png, ...), in order */
	GString *warnings;   /* anything gnuplot printed on stderr, prefixed with the script's name */
} an_plot_outcome;

void an_plot_outcome_init(an_plot_outcome *o);
void an_plot_outcome_fini(an_plot_outcome *o);

/* Plot the results folder `dir`. False with `error` (MPSIM_ERR_INPUT) for a missing, unreadable or
 * foreign folder, or when kinds were asked for and none has data; MPSIM_ERR_IO when a file cannot
 * be written or gnuplot fails. A folder with nothing to plot is not an error: no plots. */
bool an_plot_results(const char *dir, const an_plot_options *opt, an_plot_outcome *out, GError **error);

/* gnuplot's path from PATH, or NULL when it is not installed. Free with g_free. */
char *an_plot_find_gnuplot(void);

#endif
