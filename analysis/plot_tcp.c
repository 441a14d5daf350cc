/* plot_tcp.c — the per-connection TCP plots of one workload, from its time series.
 *
 *   cwnd_NAME:  congestion window (KB) over smoothed RTT (ms), two panels on one time axis;
 *   tseq_NAME:  time-sequence graph: snd_una (the data acknowledged, as an offset from the ISN)
 *               over time, one line per sending end, with its retransmissions marked on the same
 *               axis. Retransmissions come from the events table; their offsets need each
 *               connection's ISS (plot_load.c), so they go to plots/tseq_NAME.csv for gnuplot.
 *
 * Each script reads ../KIND_NAME_tcp.csv itself, picking a connection's rows into a datablock
 * with `with table if (...)`: rows of the connections are interleaved, and a line through a
 * filtered-out (NaN) point would be broken. */
#include "plot_impl.h"

#include "error.h"

#include <errno.h>
#include <string.h>

#define CWND_HEIGHT 620
#define TSEQ_HEIGHT 500

/* `column("conn") == 1 [&& column("subflow") == 0]` */
static void append_filter(GString *t, const an_plot_series *s)
{
	g_string_append_printf(t, "column(\"conn\") == %" G_GINT64_FORMAT, s->conn);
	if (s->subflow >= 0)
		g_string_append_printf(t, " && column(\"subflow\") == %" G_GINT64_FORMAT, s->subflow);
}

static const char **series_labels(const an_plot_tcp *t, const char *extra)
{
	const char **labels = g_new0(const char *, t->series->len + 2);
	for (guint i = 0; i < t->series->len; i++)
		labels[i] = ((const an_plot_series *)g_ptr_array_index(t->series, i))->label;
	if (extra)
		labels[t->series->len] = extra;
	return labels;
}

static void append_title(GString *t, const an_plot_tcp *tcp, const char *what, guint event_rows)
{
	char *title = g_strdup_printf("%s (%s): %s", tcp->workload, tcp->description, what);
	an_plot_gp_title(t, title, event_rows);
	g_free(title);
}

/* ---- cwnd and srtt ---- */

static bool write_cwnd(const an_plot_data *d, const an_plot_tcp *tcp, unsigned formats, const char *plots_dir,
		       GPtrArray *names, GError **error)
{
	char *name = g_strdup_printf("cwnd_%s", tcp->workload);
	char *what = g_strdup_printf("congestion window and smoothed RTT of %s (%s) over time", tcp->workload,
				     tcp->description);
	char *src = g_strdup_printf("../%s", tcp->samples_file);
	an_plot_gp *gp = an_plot_gp_new(name, what, src, formats, CWND_HEIGHT);
	GString *t = gp->text;

	g_string_append(t, "# One datablock per sending end: time (s), cwnd (KB), srtt (ms), from its rows with an RTT "
			   "sample.\nset datafile columnheaders\n");
	for (guint i = 0; i < tcp->series->len; i++) {
		const an_plot_series *s = g_ptr_array_index(tcp->series, i);
		g_string_append_printf(t, "set table $s%u separator comma\n", i + 1);
		g_string_append_printf(t, "plot '%s' using (column(\"time_ns\")/1e9):(column(\"cwnd_bytes\")/1e3):"
					  "(column(\"srtt_ns\")/1e6) with table if (",
				       src);
		append_filter(t, s);
		g_string_append(t, " && column(\"srtt_ns\") > 0)\nunset table\n");
	}
	g_string_append(t, "set datafile nocolumnheaders\n\n");

	const char **labels = series_labels(tcp, NULL);
	an_plot_frame top = { .left = 0.1, .bottom = 0.1 };
	an_plot_key key;
	an_plot_key_place(&key, &top, labels, tcp->series->len, CWND_HEIGHT);
	g_free(labels);
	guint rows = an_plot_event_rows(d, top.left, top.right);
	top.top = an_plot_frame_top(CWND_HEIGHT, rows);
	an_plot_frame bottom = top;
	double split = bottom.bottom + (top.top - bottom.bottom) / 2;
	bottom.top = split - 0.015;
	top.bottom = split + 0.015;

	an_plot_gp_begin_outputs(gp);
	g_string_append(t, "  set multiplot\n  # top panel: congestion window\n");
	an_plot_gp_margins(t, &top);
	an_plot_gp_time_axis(t, d);
	append_title(t, tcp, "congestion window and smoothed RTT", rows);
	g_string_append(t, "  set format x ''\n  set xlabel ''\n"
			   "  set ylabel 'cwnd (KB)'\n  set yrange [0:*]\n  set format y '%g'\n");
	an_plot_gp_key(t, &key);
	g_string_append(t, "  unset arrow; unset label\n");
	an_plot_gp_events(gp, d, top.left, top.right, true);
	g_string_append(t, "  plot ");
	for (guint i = 0; i < tcp->series->len; i++) {
		const an_plot_series *s = g_ptr_array_index(tcp->series, i);
		char *q = an_plot_gp_quote(s->label);
		g_string_append_printf(t, "%s$s%u using 1:2 with lines ls %u title %s", i ? ", \\\n       " : "", i + 1,
				       s->colour + 1, q);
		g_free(q);
	}
	g_string_append(t, "\n  # bottom panel: smoothed RTT, same time axis\n  unset title\n");
	an_plot_gp_margins(t, &bottom);
	g_string_append(t, "  set format x '%g'\n  set xlabel 'time (s)'\n  set ylabel 'smoothed RTT (ms)'\n"
			   "  unset key\n  unset arrow; unset label\n");
	an_plot_gp_events(gp, d, bottom.left, bottom.right, false);
	g_string_append(t, "  plot ");
	for (guint i = 0; i < tcp->series->len; i++) {
		const an_plot_series *s = g_ptr_array_index(tcp->series, i);
		g_string_append_printf(t, "%s$s%u using 1:3 with lines ls %u", i ? ", \\\n       " : "", i + 1,
				       s->colour + 1);
	}
	g_string_append(t, "\n  unset multiplot\n");
	an_plot_gp_end_outputs(gp);

	bool ok = an_plot_gp_save(gp, plots_dir, error);
	if (ok)
		g_ptr_array_add(names, g_strdup(name));
	an_plot_gp_free(gp);
	g_free(src);
	g_free(what);
	g_free(name);
	return ok;
}

bool an_plot_write_cwnd(const an_plot_data *d, unsigned formats, const char *plots_dir, GPtrArray *names,
			GError **error)
{
	for (guint i = 0; i < d->tcp->len; i++)
		if (!write_cwnd(d, g_ptr_array_index(d->tcp, i), formats, plots_dir, names, error))
			return false;
	return true;
}

/* ---- time-sequence graph ---- */

/* plots/tseq_NAME.csv: every placed retransmission, in time order per sending end. */
static bool write_retransmits(const an_plot_tcp *tcp, const char *plots_dir, const char *file, guint *count,
			      GError **error)
{
	GString *csv = g_string_new("time_ns,conn,subflow,offset_bytes\n");
	*count = 0;
	for (guint i = 0; i < tcp->series->len; i++) {
		const an_plot_series *s = g_ptr_array_index(tcp->series, i);
		for (guint k = 0; k < s->retx_time_ns->len; k++) {
			g_string_append_printf(csv, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
						    ",%" G_GINT64_FORMAT "\n",
					       g_array_index(s->retx_time_ns, int64_t, k), s->conn, s->subflow,
					       g_array_index(s->retx_offset, int64_t, k));
			(*count)++;
		}
	}
	char *path = g_build_filename(plots_dir, file, NULL);
	GError *e = NULL;
	bool ok = g_file_set_contents(path, csv->str, (gssize)csv->len, &e);
	if (!ok) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot write %s: %s", path, e->message);
		g_error_free(e);
	}
	g_free(path);
	g_string_free(csv, TRUE);
	return ok;
}

static bool write_tseq(const an_plot_data *d, const an_plot_tcp *tcp, unsigned formats, const char *plots_dir,
		       GPtrArray *names, GError **error)
{
	char *name = g_strdup_printf("tseq_%s", tcp->workload);
	char *retx_file = g_strdup_printf("%s.csv", name);
	guint n_retx = 0;
	if (!write_retransmits(tcp, plots_dir, retx_file, &n_retx, error)) {
		g_free(retx_file);
		g_free(name);
		return false;
	}
	int64_t top_offset = 0;
	bool placed = true;
	for (guint i = 0; i < tcp->series->len; i++) {
		const an_plot_series *s = g_ptr_array_index(tcp->series, i);
		for (guint k = 0; k < s->una->len; k++)
			top_offset = MAX(top_offset, g_array_index(s->una, int64_t, k));
		placed = placed && (s->has_iss || !tcp->events_file);
	}
	/* KB up to 2 MB, MB above: tick labels stay short */
	bool mb = top_offset >= 2000000;
	const char *unit = mb ? "MB" : "KB";
	const char *scale = mb ? "1e6" : "1e3";

	char *what = g_strdup_printf("time-sequence graph of %s (%s): data acknowledged and retransmissions", tcp->workload,
				     tcp->description);
	char *src = g_strdup_printf("../%s and %s (retransmissions, from ../%s)", tcp->samples_file, retx_file,
				    tcp->events_file ? tcp->events_file : "the events table");
	an_plot_gp *gp = an_plot_gp_new(name, what, src, formats, TSEQ_HEIGHT);
	GString *t = gp->text;
	g_string_append_printf(t, "# One datablock per sending end: time (s), snd_una (%s, offset from the initial "
				  "sequence number).\nset datafile columnheaders\n",
			       unit);
	for (guint i = 0; i < tcp->series->len; i++) {
		const an_plot_series *s = g_ptr_array_index(tcp->series, i);
		g_string_append_printf(t, "set table $u%u separator comma\n", i + 1);
		g_string_append_printf(t, "plot '../%s' using (column(\"time_ns\")/1e9):(column(\"snd_una\")/%s) with "
					  "table if (",
				       tcp->samples_file, scale);
		append_filter(t, s);
		g_string_append(t, ")\nunset table\n");
	}
	for (guint i = 0; i < tcp->series->len; i++) {
		const an_plot_series *s = g_ptr_array_index(tcp->series, i);
		if (!s->retx_time_ns->len)
			continue;
		g_string_append_printf(t, "set table $r%u separator comma\n", i + 1);
		g_string_append_printf(t, "plot '%s' using (column(\"time_ns\")/1e9):(column(\"offset_bytes\")/%s) with "
					  "table if (",
				       retx_file, scale);
		append_filter(t, s);
		g_string_append(t, ")\nunset table\n");
	}
	g_string_append(t, "set datafile nocolumnheaders\n");
	if (!placed)
		g_string_append(t, "# The events table has no \"iss\" rows (an older results folder): retransmissions "
				   "cannot be placed on this axis.\n");
	g_string_append(t, "\n");

	char *retx_label = g_strdup_printf("retransmission (%u)", n_retx);
	const char **labels = series_labels(tcp, retx_label);
	an_plot_frame f = { .left = 0.1, .bottom = 0.12 };
	an_plot_key key;
	an_plot_key_place(&key, &f, labels, tcp->series->len + (n_retx ? 1 : 0), TSEQ_HEIGHT);
	g_free(labels);
	guint rows = an_plot_event_rows(d, f.left, f.right);
	f.top = an_plot_frame_top(TSEQ_HEIGHT, rows);

	an_plot_gp_begin_outputs(gp);
	an_plot_gp_margins(t, &f);
	an_plot_gp_time_axis(t, d);
	append_title(t, tcp, "time-sequence graph", rows);
	g_string_append_printf(t, "  set ylabel 'relative sequence number (%s)'\n"
				  "  set yrange [0:*]\n",
			       unit);
	an_plot_gp_key(t, &key);
	g_string_append(t, "  unset arrow; unset label\n");
	an_plot_gp_events(gp, d, f.left, f.right, true);
	g_string_append(t, "  plot ");
	for (guint i = 0; i < tcp->series->len; i++) {
		const an_plot_series *s = g_ptr_array_index(tcp->series, i);
		char *q = an_plot_gp_quote(s->label);
		g_string_append_printf(t, "%s$u%u using 1:2 with lines ls %u title %s", i ? ", \\\n       " : "", i + 1,
				       s->colour + 1, q);
		g_free(q);
	}
	if (n_retx) {
		/* one marker for every retransmission, dark on any colour; the first one carries the key */
		bool keyed = false;
		char *q = an_plot_gp_quote(retx_label);
		for (guint i = 0; i < tcp->series->len; i++) {
			const an_plot_series *s = g_ptr_array_index(tcp->series, i);
			if (!s->retx_time_ns->len)
				continue;
			g_string_append_printf(t, ", \\\n       $r%u using 1:2 with points pt 2 ps 1.1 lw 1.5 lc rgb '#222222' %s%s",
					       i + 1, keyed ? "notitle" : "title ", keyed ? "" : q);
			keyed = true;
		}
		g_free(q);
	}
	g_string_append(t, "\n");
	an_plot_gp_end_outputs(gp);
	bool ok = an_plot_gp_save(gp, plots_dir, error);
	if (ok)
		g_ptr_array_add(names, g_strdup(name));
	an_plot_gp_free(gp);
	g_free(retx_label);
	g_free(src);
	g_free(what);
	g_free(retx_file);
	g_free(name);
	return ok;
}

bool an_plot_write_tseq(const an_plot_data *d, unsigned formats, const char *plots_dir, GPtrArray *names,
			GError **error)
{
	for (guint i = 0; i < d->tcp->len; i++)
		if (!write_tseq(d, g_ptr_array_index(d->tcp, i), formats, plots_dir, names, error))
			return false;
	return true;
}
