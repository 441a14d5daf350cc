/* plot_latency.c — the distribution of per-request latency, one CDF curve per workload.
 *
 * Each workload with a per-request table (echo round-trip times, request/response completion
 * times, CBR one-way delays: plot_load.c) becomes one curve of latency_cdf.gp, read straight from
 * ../TYPE_NAME.csv: the completed requests (latency >= 0) go into a datablock and `smooth cumulative`
 * of 100/N per request makes the empirical CDF in percent, drawn as steps. A request that never completed has no latency; the key
 * says how many of the requests each curve holds. The x axis is logarithmic when the latencies
 * span more than a factor of 20, as different paths' round-trip times usually do. */
#include "plot_impl.h"

#include <math.h>
#include <string.h>

#define LATENCY_HEIGHT 500

bool an_plot_write_latency(const an_plot_data *d, unsigned formats, const char *plots_dir, GPtrArray *names,
			   GError **error)
{
	guint n = d->latency->len;
	if (!n)
		return true;
	GString *srcs = g_string_new(NULL);
	GString *who = g_string_new(NULL);
	int64_t lo = INT64_MAX, hi = 0;
	for (guint i = 0; i < n; i++) {
		const an_plot_latency *l = g_ptr_array_index(d->latency, i);
		g_string_append_printf(srcs, "%s../%s", i ? ", " : "", l->file);
		g_string_append_printf(who, "%s%s", i ? ", " : "", l->workload);
		lo = MIN(lo, l->min_ns);
		hi = MAX(hi, l->max_ns);
	}
	bool logx = lo > 0 && hi > 20 * lo;
	an_plot_gp *gp = an_plot_gp_new("latency_cdf", "CDF of per-request latency, one curve per workload", srcs->str,
					formats, LATENCY_HEIGHT);
	GString *t = gp->text;
	g_string_append(t, "# One datablock per workload: the latency (ms) of each completed request.\n"
			   "set datafile columnheaders\n");
	char **labels = g_new0(char *, n + 1);
	for (guint i = 0; i < n; i++) {
		const an_plot_latency *l = g_ptr_array_index(d->latency, i);
		g_string_append_printf(t, "set table $l%u separator comma\n"
					  "plot '../%s' using (column(\"%s\")/1e6) with table if (column(\"%s\") >= 0)\n"
					  "unset table\n",
				       i + 1, l->file, l->column, l->column);
		labels[i] = g_strdup_printf("%s: %s (%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT ")", l->workload, l->what,
					    l->n_done, l->n_total);
	}
	g_string_append(t, "set datafile nocolumnheaders\n"
			   "# Each curve starts with a riser at its smallest latency, from 0 to the share of requests "
			   "that took it\n# (`steps` draws the rest: along, then up at every later latency).\n");
	for (guint i = 0; i < n; i++) {
		const an_plot_latency *l = g_ptr_array_index(d->latency, i);
		g_string_append_printf(t, "stats $l%u using 1 nooutput name 'L%u'\n"
					  "stats $l%u using ($1 == L%u_min ? 1 : 0) nooutput name 'M%u'\n"
					  "set arrow %u from L%u_min, 0 to L%u_min, 100.0*M%u_sum/L%u_records nohead ls %u\n",
				       i + 1, i + 1, i + 1, i + 1, i + 1, i + 1, i + 1, i + 1, i + 1, i + 1, l->colour + 1);
	}
	g_string_append_c(t, '\n');

	an_plot_frame f = { .left = 0.1, .bottom = 0.12, .top = an_plot_frame_top(LATENCY_HEIGHT, 0) };
	an_plot_key key;
	an_plot_key_place(&key, &f, (const char *const *)labels, n, LATENCY_HEIGHT);
	char *title = g_strdup_printf("Per-request latency (CDF): %s", who->str);
	/* a title wider than the plot area loses its list of workloads; the key has them */
	if ((double)g_utf8_strlen(title, -1) * an_plot_char_width() > f.right - f.left) {
		g_free(title);
		title = g_strdup("Per-request latency (CDF)");
	}

	an_plot_gp_begin_outputs(gp);
	an_plot_gp_margins(t, &f);
	an_plot_gp_title(t, title, 0);
	g_string_append(t, "  set xlabel 'latency (ms)'\n  set ylabel 'requests completed within (%)'\n"
			   "  set yrange [0:100]\n  set ytics 20\n");
	an_plot_gp_key(t, &key);
	if (logx) {
		/* the data's span and a little room, not whole decades around it */
		g_string_append(t, "  set logscale x 10\n  set format x '%g'\n  set mxtics 10\n  set xrange [");
		an_plot_gp_append_fixed(t, (double)lo / 1e6 * 0.8, 6);
		g_string_append_c(t, ':');
		an_plot_gp_append_fixed(t, (double)hi / 1e6 * 1.25, 6);
		g_string_append(t, "]\n");
		/* labelled ticks at 1, 2 and 5 of every decade: a short span has more than one or two */
		g_string_append(t, "  set xtics (");
		double lo_ms = (double)lo / 1e6 * 0.8, hi_ms = (double)hi / 1e6 * 1.25;
		bool first = true;
		for (int e = (int)floor(log10(lo_ms)); e <= (int)ceil(log10(hi_ms)); e++) {
			static const int mant[] = { 1, 2, 5 };
			for (size_t m = 0; m < G_N_ELEMENTS(mant); m++) {
				double v = mant[m] * pow(10.0, e);
				if (v < lo_ms || v > hi_ms)
					continue;
				char buf[G_ASCII_DTOSTR_BUF_SIZE];
				g_ascii_formatd(buf, sizeof buf, "%g", v);
				g_string_append_printf(t, "%s'%s' %s", first ? "" : ", ", buf, buf);
				first = false;
			}
		}
		g_string_append(t, ")\n");
	}
	else
		g_string_append(t, "  set xrange [0:*]\n");
	g_string_append(t, "  plot ");
	for (guint i = 0; i < n; i++) {
		const an_plot_latency *l = g_ptr_array_index(d->latency, i);
		char *q = an_plot_gp_quote(labels[i]);
		g_string_append_printf(t, "%s$l%u using 1:(100.0/L%u_records) smooth cumulative with steps ls %u title %s",
				       i ? ", \\\n       " : "", i + 1, i + 1, l->colour + 1, q);
		g_free(q);
	}
	g_string_append(t, "\n");
	an_plot_gp_end_outputs(gp);

	bool ok = an_plot_gp_save(gp, plots_dir, error);
	if (ok)
		g_ptr_array_add(names, g_strdup("latency_cdf"));
	an_plot_gp_free(gp);
	g_free(title);
	g_strfreev(labels);
	g_string_free(who, TRUE);
	g_string_free(srcs, TRUE);
	return ok;
}
