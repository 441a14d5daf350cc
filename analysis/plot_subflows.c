/* plot_subflows.c — which path carried an MPTCP connection's data, over time.
 *
 * One figure per MPTCP workload (subflows_NAME), panels on one time axis, for the subflows of its
 * client connection (plot_subflows_load.c), each in one colour throughout:
 *   - the data each subflow carried, stacked, in fixed bins: the growth of bytes_sent +
 *     bytes_received over the bin (both directions, so an upload and a download both show), in
 *     kbit/s or Mbit/s, as boxes (a bin is a row, and its own width: the last may be shorter). The bin is chosen as the throughput plot's (an_plot_bin_width). Unlike there,
 *     each counter is read at a bin's end as its last sample at or before it, not interpolated: the
 *     bins then add up exactly to the table's bytes, and a burst is never smeared into the bin
 *     before its sample (at most one trace interval late). They go to plots/subflows_NAME.csv
 *     (bin_start_ns, bin_end_ns, bytes per subflow), which the script turns into rates and stacks;
 *   - each subflow's smoothed RTT (ms), and below it its congestion window (KB), as steps: the value
 *     a sample reports holds until the next. Only subflows with an RTT sample are drawn there; the
 *     rows of a closed subflow (which keeps its last srtt) are not samples.
 * Mobility events are marked on every panel as on the other time plots. */
#include "plot_impl.h"

#include "error.h"

#include <string.h>

#define HEIGHT_ONE_PANEL 460   /* SVG pixels: data carried only (no subflow has an RTT sample) */
#define HEIGHT_THREE_PANELS 760
#define PANEL_GAP 0.03         /* screen fraction between panels */

static guint n_with_rtt(const an_plot_mptcp *m)
{
	guint n = 0;
	for (guint i = 0; i < m->subflows->len; i++)
		n += ((const an_plot_subflow *)g_ptr_array_index(m->subflows, i))->has_rtt;
	return n;
}

bool an_plot_subflows_csv(const an_plot_data *d, const an_plot_mptcp *m, const char *plots_dir,
			  an_plot_subflow_bins *out, GError **error)
{
	memset(out, 0, sizeof *out);
	guint n = m->subflows->len;
	int64_t interval = 0;
	for (guint k = 0; k < n; k++) {
		const an_plot_subflow *s = g_ptr_array_index(m->subflows, k);
		interval = MAX(interval, an_plot_sample_interval(s->time_ns));
	}
	int64_t width = an_plot_bin_width(interval, d->duration_ns);
	out->bin_ns = width;
	guint n_bins = (guint)((d->duration_ns + width - 1) / width);
	int64_t *bytes = g_new0(int64_t, (gsize)n_bins * n);
	for (guint k = 0; k < n; k++) {
		const an_plot_subflow *s = g_ptr_array_index(m->subflows, k);
		guint i = 0;
		int64_t prev = 0; /* a subflow starts with nothing carried */
		for (guint b = 0; b < n_bins; b++) {
			int64_t end = MIN((int64_t)(b + 1) * width, d->duration_ns), now = s->carried;
			/* the last bin takes all that is left, rows after the end of the run included: the
			 * columns add up to the table's total */
			if (b + 1 < n_bins) {
				while (i < s->time_ns->len && g_array_index(s->time_ns, int64_t, i) <= end)
					i++;
				now = i ? g_array_index(s->bytes, int64_t, i - 1) : 0;
			}
			bytes[(gsize)b * n + k] = now - prev;
			prev = now;
		}
	}
	GString *csv = g_string_new("bin_start_ns,bin_end_ns");
	for (guint k = 0; k < n; k++)
		g_string_append_printf(csv, ",%s (bytes)", ((const an_plot_subflow *)g_ptr_array_index(m->subflows, k))->label);
	g_string_append_c(csv, '\n');
	for (guint b = 0; b < n_bins; b++) {
		int64_t start = (int64_t)b * width, end = MIN(start + width, d->duration_ns), sum = 0;
		g_string_append_printf(csv, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, start, end);
		for (guint k = 0; k < n; k++) {
			sum += bytes[(gsize)b * n + k];
			g_string_append_printf(csv, ",%" G_GINT64_FORMAT, bytes[(gsize)b * n + k]);
		}
		g_string_append_c(csv, '\n');
		out->peak_sum_bps = MAX(out->peak_sum_bps, (double)sum * 8e9 / (double)(end - start));
	}
	g_free(bytes);
	char *file = g_strdup_printf("subflows_%s.csv", m->workload);
	bool ok = an_plot_save_text(plots_dir, file, csv, error);
	g_free(file);
	g_string_free(csv, TRUE);
	return ok;
}

/* `column("conn") == C && column("subflow") == ID` */
static void append_filter(GString *t, const an_plot_subflow *s)
{
	g_string_append_printf(t, "column(\"conn\") == %" G_GINT64_FORMAT " && column(\"subflow\") == %" G_GINT64_FORMAT,
			       s->conn, s->id);
}

/* The stacked bins: layer k is the sum of the first k subflows' columns, as a rate, drawn from the top
 * down so that each covers the one above only where it is. */
static void append_data_plot(GString *t, const an_plot_mptcp *m, const char *csv, const char *scale)
{
	guint n = m->subflows->len;
	g_string_append(t, "  plot ");
	for (guint k = n; k-- > 0;) {
		const an_plot_subflow *s = g_ptr_array_index(m->subflows, k);
		char *q = an_plot_gp_quote(s->label);
		g_string_append_printf(t, "%s'%s' using ((column(1) + column(2))/2e9):((", k + 1 < n ? ", \\\n       " : "", csv);
		for (guint j = 0; j <= k; j++)
			g_string_append_printf(t, "%scolumn(%u)", j ? " + " : "", j + 3);
		g_string_append_printf(t, ")*8/((column(2) - column(1))/1e9)/%s):((column(2) - column(1))/1e9) with boxes "
					  "ls %u title %s",
				       scale, s->colour + 1, q);
		g_free(q);
	}
	g_string_append_c(t, '\n');
}

/* RTT (column 2) or cwnd (column 3) of every subflow with an RTT sample, as steps. */
static void append_steps(GString *t, const an_plot_mptcp *m, int column)
{
	g_string_append(t, "  plot ");
	bool first = true;
	for (guint k = 0; k < m->subflows->len; k++) {
		const an_plot_subflow *s = g_ptr_array_index(m->subflows, k);
		if (!s->has_rtt)
			continue;
		g_string_append_printf(t, "%s$s%u using 1:%d with steps ls %u", first ? "" : ", \\\n       ", k + 1, column,
				       s->colour + 1);
		first = false;
	}
	g_string_append_c(t, '\n');
}

static bool write_one(const an_plot_data *d, const an_plot_mptcp *m, unsigned formats, const char *plots_dir,
		      GPtrArray *names, GError **error)
{
	an_plot_subflow_bins bins;
	if (!an_plot_subflows_csv(d, m, plots_dir, &bins, error))
		return false;
	guint n = m->subflows->len, n_rtt = n_with_rtt(m);
	int height = n_rtt ? HEIGHT_THREE_PANELS : HEIGHT_ONE_PANEL;
	bool mbit = bins.peak_sum_bps >= 1e6;
	const char *unit = mbit ? "Mbit/s" : "kbit/s";
	const char *scale = mbit ? "1e6" : "1e3";
	char *name = g_strdup_printf("subflows_%s", m->workload);
	char *csv = g_strdup_printf("%s.csv", name);
	GString *bin = g_string_new(NULL);
	an_plot_gp_append_seconds(bin, bins.bin_ns);
	const char *panels = n_rtt ? "data carried, smoothed RTT and congestion window" : "data carried";
	char *what = g_strdup_printf("%s per subflow of %s (%s) over time, data in %s s bins", panels, m->workload,
				     m->description, bin->str);
	char *src = g_strdup_printf("%s (bytes_sent + bytes_received of ../%s, binned) and ../%s", csv, m->subflows_file,
				    m->subflows_file);
	an_plot_gp *gp = an_plot_gp_new(name, what, src, formats, height);
	GString *t = gp->text;
	g_string_append_printf(t, "# %s: bin_start_ns, bin_end_ns, then the bytes each subflow carried in the bin (%u "
				  "of them).\n",
			       csv, n);
	if (n_rtt) {
		g_string_append(t, "# One datablock per subflow with an RTT sample: time (s), srtt (ms), cwnd (KB), from "
				   "its rows before it closed.\nset datafile columnheaders\n");
		for (guint k = 0; k < n; k++) {
			const an_plot_subflow *s = g_ptr_array_index(m->subflows, k);
			if (!s->has_rtt)
				continue;
			g_string_append_printf(t, "set table $s%u separator comma\n", k + 1);
			g_string_append_printf(t, "plot '../%s' using (column(\"time_ns\")/1e9):(column(\"srtt_ns\")/1e6):"
						  "(column(\"cwnd_bytes\")/1e3) with table if (",
					       m->subflows_file);
			append_filter(t, s);
			g_string_append(t, " && column(\"srtt_ns\") > 0 && strcol(\"state\") ne \"CLOSED\")\nunset table\n");
		}
		g_string_append(t, "set datafile nocolumnheaders\n");
	}
	g_string_append_c(t, '\n');

	const char **labels = g_new0(const char *, n + 1);
	for (guint k = 0; k < n; k++)
		labels[k] = ((const an_plot_subflow *)g_ptr_array_index(m->subflows, k))->label;
	an_plot_frame f = { .left = 0.1, .bottom = n_rtt ? 0.08 : 0.12 };
	an_plot_key key;
	an_plot_key_place(&key, &f, labels, n, height);
	g_free(labels);
	guint rows = an_plot_event_rows(d, f.left, f.right);
	f.top = an_plot_frame_top(height, rows);
	/* the data panel takes 40% of the height, the RTT and cwnd panels 30% each */
	an_plot_frame top = f, mid = f, bottom = f;
	if (n_rtt) {
		double span = f.top - f.bottom - 2 * PANEL_GAP;
		top.bottom = f.top - 0.4 * span;
		mid.top = top.bottom - PANEL_GAP;
		mid.bottom = mid.top - 0.3 * span;
		bottom.top = mid.bottom - PANEL_GAP;
	}

	an_plot_gp_begin_outputs(gp);
	g_string_append(t, "  set multiplot\n  # top panel: data carried per subflow, stacked\n");
	an_plot_gp_margins(t, &top);
	an_plot_gp_time_axis(t, d);
	/* short, as it is centred over a plot narrowed by the key: each panel's axis says what it is */
	char *title = g_strdup_printf("%s (%s): data carried per subflow", m->workload, m->description);
	an_plot_gp_title(t, title, rows);
	g_free(title);
	if (n_rtt)
		g_string_append(t, "  set format x ''\n  set xlabel ''\n");
	/* nothing carried at all: a fixed range, as an empty autoscaled one is a warning */
	g_string_append_printf(t, "  set ylabel 'data carried (%s, %s s bins)'\n  set yrange [0:%s]\n  set format y '%%g'\n"
				  "  set style fill solid 1.0 border\n",
			       unit, bin->str, bins.peak_sum_bps > 0 ? "*" : "1");
	an_plot_gp_key(t, &key);
	g_string_append(t, "  unset arrow; unset label\n");
	an_plot_gp_events(gp, d, top.left, top.right, true);
	g_string_append(t, "  set datafile columnheaders\n");
	append_data_plot(t, m, csv, scale);
	g_string_append(t, "  set datafile nocolumnheaders\n");
	if (n_rtt) {
		g_string_append(t, "  # middle panel: smoothed RTT, same time axis\n  unset title\n");
		an_plot_gp_margins(t, &mid);
		g_string_append(t, "  set ylabel 'smoothed RTT (ms)'\n  set yrange [0:*]\n  unset key\n");
		an_plot_gp_events(gp, d, mid.left, mid.right, false);
		append_steps(t, m, 2);
		g_string_append(t, "  # bottom panel: congestion window\n");
		an_plot_gp_margins(t, &bottom);
		g_string_append(t, "  set format x '%g'\n  set xlabel 'time (s)'\n  set ylabel 'cwnd (KB)'\n");
		an_plot_gp_events(gp, d, bottom.left, bottom.right, false);
		append_steps(t, m, 3);
	}
	g_string_append(t, "  unset multiplot\n");
	an_plot_gp_end_outputs(gp);

	bool ok = an_plot_gp_save(gp, plots_dir, error);
	if (ok)
		g_ptr_array_add(names, g_strdup(name));
	an_plot_gp_free(gp);
	g_free(src);
	g_free(what);
	g_string_free(bin, TRUE);
	g_free(csv);
	g_free(name);
	return ok;
}

bool an_plot_write_subflows(const an_plot_data *d, unsigned formats, const char *plots_dir, GPtrArray *names,
			    GError **error)
{
	for (guint i = 0; i < d->mptcp->len; i++)
		if (!write_one(d, g_ptr_array_index(d->mptcp, i), formats, plots_dir, names, error))
			return false;
	return true;
}
