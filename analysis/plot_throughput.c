/* plot_throughput.c — throughput of every sending connection over time, stacked.
 *
 * Each sending end's bytes_acked (a cumulative counter sampled every trace interval) is read at
 * the edges of fixed time bins, linearly between samples, and the difference over a bin is its
 * throughput there. The bin is the smallest of 1, 2, 5 × 10^k that is at least the sampling
 * interval (finer bins would only show the interpolation) and gives at most ~150 bins over the run.
 * plots/throughput.csv holds one row per bin (bin_start_ns, then bit/s per connection, integers; a
 * last row at the end of the run repeats the last bin so that steps reach the end of the axis);
 * throughput.gp stacks the columns itself (the sum of the first k is layer k), so an edit of the
 * script can unstack or drop one. Bytes acknowledged count data the sender knows arrived: goodput
 * at the sender, retransmissions not counted twice. */
#include "plot_impl.h"

#include "error.h"

#include <math.h>
#include <string.h>

#define THROUGHPUT_HEIGHT 500
#define MAX_BINS 150

static gint cmp_i64(gconstpointer a, gconstpointer b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

int64_t an_plot_sample_interval(const GArray *time_ns)
{
	if (time_ns->len < 2)
		return 0;
	GArray *gaps = g_array_sized_new(FALSE, FALSE, sizeof(int64_t), time_ns->len - 1);
	for (guint i = 1; i < time_ns->len; i++) {
		int64_t g = g_array_index(time_ns, int64_t, i) - g_array_index(time_ns, int64_t, i - 1);
		g_array_append_val(gaps, g);
	}
	g_array_sort(gaps, cmp_i64);
	int64_t m = g_array_index(gaps, int64_t, gaps->len / 2);
	g_array_free(gaps, TRUE);
	return m;
}

int64_t an_plot_bin_width(int64_t sample_interval_ns, int64_t duration_ns)
{
	int64_t want = MAX(sample_interval_ns, (duration_ns + MAX_BINS - 1) / MAX_BINS);
	static const int64_t steps[] = { 1, 2, 5 };
	for (int64_t p = 1000000; p <= INT64_C(1000000000000); p *= 10) /* 1 ms … 1000 s */
		for (size_t i = 0; i < G_N_ELEMENTS(steps); i++)
			if (steps[i] * p >= want)
				return steps[i] * p;
	return want;
}

static int64_t bin_width(const an_plot_data *d)
{
	int64_t interval = 0;
	for (guint i = 0; i < d->tcp->len; i++) {
		const an_plot_tcp *t = g_ptr_array_index(d->tcp, i);
		for (guint k = 0; k < t->series->len; k++) {
			const an_plot_series *s = g_ptr_array_index(t->series, k);
			interval = MAX(interval, an_plot_sample_interval(s->time_ns));
		}
	}
	return an_plot_bin_width(interval, d->duration_ns);
}

/* bytes_acked of `s` at time `t`, linear between samples; 0 before the first, the last after. */
static double acked_at(const an_plot_series *s, int64_t t, guint *hint)
{
	const GArray *ts = s->time_ns;
	if (!ts->len || t <= g_array_index(ts, int64_t, 0))
		return ts->len ? (double)g_array_index(s->acked, int64_t, 0) : 0.0;
	guint i = *hint;
	while (i + 1 < ts->len && g_array_index(ts, int64_t, i + 1) <= t)
		i++;
	*hint = i;
	if (i + 1 >= ts->len)
		return (double)g_array_index(s->acked, int64_t, ts->len - 1);
	int64_t t0 = g_array_index(ts, int64_t, i), t1 = g_array_index(ts, int64_t, i + 1);
	double a0 = (double)g_array_index(s->acked, int64_t, i), a1 = (double)g_array_index(s->acked, int64_t, i + 1);
	return a0 + (a1 - a0) * (double)(t - t0) / (double)(t1 - t0);
}

bool an_plot_throughput_csv(const an_plot_data *d, const char *plots_dir, an_plot_binned *out, GError **error)
{
	memset(out, 0, sizeof *out);
	out->series = g_ptr_array_new();
	for (guint i = 0; i < d->tcp->len; i++) {
		const an_plot_tcp *t = g_ptr_array_index(d->tcp, i);
		for (guint k = 0; k < t->series->len; k++)
			g_ptr_array_add(out->series, g_ptr_array_index(t->series, k));
	}
	if (!out->series->len)
		return true;
	int64_t width = bin_width(d);
	out->bin_ns = width;
	guint n_bins = (guint)((d->duration_ns + width - 1) / width);
	guint n = out->series->len;
	int64_t *bps = g_new0(int64_t, (gsize)n_bins * n);
	double peak = 0;
	for (guint k = 0; k < n; k++) {
		const an_plot_series *s = g_ptr_array_index(out->series, k);
		guint hint = 0;
		double prev = acked_at(s, 0, &hint);
		for (guint b = 0; b < n_bins; b++) {
			int64_t end = MIN((int64_t)(b + 1) * width, d->duration_ns);
			double next = acked_at(s, end, &hint);
			double secs = (double)(end - (int64_t)b * width) / 1e9;
			bps[(gsize)b * n + k] = (int64_t)llround((next - prev) * 8.0 / secs);
			prev = next;
		}
	}
	for (guint b = 0; b < n_bins; b++) {
		double sum = 0;
		for (guint k = 0; k < n; k++) {
			sum += (double)bps[(gsize)b * n + k];
			out->peak_one_bps = MAX(out->peak_one_bps, (double)bps[(gsize)b * n + k]);
		}
		peak = MAX(peak, sum);
	}
	out->peak_sum_bps = peak;

	/* the data: one row per bin, and a closing row at the end of the run that repeats the last bin,
	 * so that steps drawn from it reach the end of the time axis */
	GString *csv = g_string_new("bin_start_ns");
	for (guint k = 0; k < n; k++) {
		const an_plot_series *s = g_ptr_array_index(out->series, k);
		g_string_append_printf(csv, ",%s (bit/s)", s->label);
	}
	g_string_append_c(csv, '\n');
	for (guint b = 0; b <= n_bins; b++) {
		g_string_append_printf(csv, "%" G_GINT64_FORMAT, b < n_bins ? (int64_t)b * width : d->duration_ns);
		for (guint k = 0; k < n; k++)
			g_string_append_printf(csv, ",%" G_GINT64_FORMAT, bps[(gsize)MIN(b, n_bins - 1) * n + k]);
		g_string_append_c(csv, '\n');
	}
	g_free(bps);
	bool ok = an_plot_save_text(plots_dir, "throughput.csv", csv, error);
	g_string_free(csv, TRUE);
	return ok;
}

void an_plot_binned_fini(an_plot_binned *b)
{
	if (b->series)
		g_ptr_array_free(b->series, TRUE);
	b->series = NULL;
}

bool an_plot_write_throughput(const an_plot_data *d, unsigned formats, const char *plots_dir, GPtrArray *names,
			      GError **error)
{
	an_plot_binned binned;
	if (!an_plot_throughput_csv(d, plots_dir, &binned, error)) {
		an_plot_binned_fini(&binned);
		return false;
	}
	GPtrArray *series = binned.series;
	guint n = series->len;
	if (!n) {
		an_plot_binned_fini(&binned);
		return true;
	}
	int64_t width = binned.bin_ns;
	bool mbit = binned.peak_sum_bps >= 1e6;
	const char *unit = mbit ? "Mbit/s" : "kbit/s";
	const char *scale = mbit ? "1e6" : "1e3";
	GString *srcs = g_string_new("throughput.csv (bytes_acked of ");
	for (guint i = 0; i < d->tcp->len; i++)
		g_string_append_printf(srcs, "%s../%s", i ? ", " : "", ((const an_plot_tcp *)g_ptr_array_index(d->tcp, i))->samples_file);
	g_string_append(srcs, ", binned)");
	GString *bin = g_string_new(NULL);
	an_plot_gp_append_seconds(bin, width);
	char *what = g_strdup_printf("throughput per connection over time, stacked, in %s s bins", bin->str);
	an_plot_gp *gp = an_plot_gp_new("throughput", what, srcs->str, formats, THROUGHPUT_HEIGHT);
	GString *t = gp->text;
	g_string_append_printf(t, "# throughput.csv: bin_start_ns, then one column per connection in bit/s (%u of "
				  "them).\n# Layer k is the sum of columns 2..k+1, drawn from the top down so that each "
				  "covers the one above only where it is.\n\n",
			       n);

	const char **labels = g_new0(const char *, n + 1);
	for (guint k = 0; k < n; k++)
		labels[k] = ((const an_plot_series *)g_ptr_array_index(series, k))->label;
	an_plot_frame f = { .left = 0.1, .bottom = 0.12 };
	an_plot_key key;
	an_plot_key_place(&key, &f, labels, n, THROUGHPUT_HEIGHT);
	g_free(labels);
	guint rows = an_plot_event_rows(d, f.left, f.right);
	f.top = an_plot_frame_top(THROUGHPUT_HEIGHT, rows);

	an_plot_gp_begin_outputs(gp);
	an_plot_gp_margins(t, &f);
	an_plot_gp_time_axis(t, d);
	char *title = g_strdup_printf("Throughput per connection (stacked), %s s bins", bin->str);
	an_plot_gp_title(t, title, rows);
	g_free(title);
	g_string_append_printf(t, "  set ylabel 'throughput (%s)'\n  set yrange [0:*]\n"
				  "  set style fill solid 1.0 border\n"
				  "  set datafile columnheaders\n",
			       unit);
	an_plot_gp_key(t, &key);
	g_string_append(t, "  unset arrow; unset label\n");
	an_plot_gp_events(gp, d, f.left, f.right, true);
	g_string_append(t, "  plot ");
	for (guint k = n; k-- > 0;) {
		const an_plot_series *s = g_ptr_array_index(series, k);
		char *q = an_plot_gp_quote(s->label);
		g_string_append_printf(t, "%s'throughput.csv' using (column(1)/1e9):((", k + 1 < n ? ", \\\n       " : "");
		for (guint j = 0; j <= k; j++)
			g_string_append_printf(t, "%scolumn(%u)", j ? " + " : "", j + 2);
		g_string_append_printf(t, ")/%s) with fillsteps ls %u title %s", scale, s->colour + 1, q);
		g_free(q);
	}
	g_string_append(t, "\n  set datafile nocolumnheaders\n");
	an_plot_gp_end_outputs(gp);

	bool ok = an_plot_gp_save(gp, plots_dir, error);
	if (ok)
		g_ptr_array_add(names, g_strdup("throughput"));
	an_plot_gp_free(gp);
	g_free(what);
	g_string_free(bin, TRUE);
	g_string_free(srcs, TRUE);
	an_plot_binned_fini(&binned);
	return ok;
}
