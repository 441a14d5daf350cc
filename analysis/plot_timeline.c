/* plot_timeline.c — what the mobility events did to the links, over what the workloads saw.
 *
 * Drawn when events.csv has rows (plot_events.c). Panels share one time axis, top to bottom, each
 * only when it has data:
 *   - a strip with a row per target whose state or addresses changed: a band while it was down
 *     (from "state=down" to the next "state=up", or the end of the run), a marker and a label at
 *     each address added (+) or removed (−), left of the marker where there is room;
 *   - the link rate of each target (Mbit/s), the percentages (loss, %) and the times (delay, ms)
 *     the events set, as step functions: every value holds until the next one;
 *   - the throughput of every sending connection (plots/throughput.csv, unstacked) when the run had
 *     TCP, otherwise the latency of each request (ms) at its send time.
 * Every panel has the events' lines and bands; their names stand above the top one. The values are
 * written to plots/timeline.csv (time_ns, target, quantity, value in bit/s, ns or percent, a closing
 * row at the end of the run) so that the script picks each step function out with `with table if`. */
#include "plot_impl.h"

#include "error.h"

#include <string.h>

#define PANEL_PX 120     /* a quantity panel, SVG pixels */
#define WORK_PX 210      /* the workloads' panel */
#define STRIP_ROW_PX 26
#define GAP_PX 16
#define BOTTOM_PX 62     /* tick labels and the axis label under the last panel */

/* Styles of targets (not connections): dark and grey, solid and dashed. */
static const char *const target_colour[] = { "#222222", "#222222", "#999999", "#999999" };

/* A step function: one target and quantity of events.csv. */
struct step_series {
	const char *target;
	const char *what;
	int kind;               /* AN_PLOT_RATE, AN_PLOT_PERCENT or AN_PLOT_TIME */
	guint style;            /* the target's position among all targets */
};

static guint index_of(GPtrArray *names, const char *name)
{
	for (guint i = 0; i < names->len; i++)
		if (!strcmp(g_ptr_array_index(names, i), name))
			return i;
	g_ptr_array_add(names, (gpointer)name);
	return names->len - 1;
}

static bool any_down(const an_plot_data *d)
{
	for (guint i = 0; i < d->events->len; i++) {
		const an_plot_link_event *e = g_ptr_array_index(d->events, i);
		if (!strcmp(e->what, "state") && !strcmp(e->text, "down"))
			return true;
	}
	return false;
}

static bool is_state(const an_plot_link_event *e)
{
	return !strcmp(e->what, "state") || !strcmp(e->what, "added") || !strcmp(e->what, "removed");
}

static bool write_csv(const an_plot_data *d, const char *plots_dir, GArray *steps, GError **error)
{
	GString *csv = g_string_new("time_ns,target,quantity,value\n");
	for (guint s = 0; s < steps->len; s++) {
		const struct step_series *ss = &g_array_index(steps, struct step_series, s);
		const an_plot_link_event *last = NULL;
		for (guint i = 0; i < d->events->len; i++) {
			const an_plot_link_event *e = g_ptr_array_index(d->events, i);
			if ((int)e->kind != ss->kind || strcmp(e->target, ss->target) || strcmp(e->what, ss->what))
				continue;
			char num[G_ASCII_DTOSTR_BUF_SIZE];
			if (e->kind == AN_PLOT_PERCENT)
				g_ascii_formatd(num, sizeof num, "%.10g", e->number);
			else
				g_snprintf(num, sizeof num, "%" G_GINT64_FORMAT, (int64_t)e->number);
			g_string_append_printf(csv, "%" G_GINT64_FORMAT ",%s,%s,%s\n", e->time_ns, e->target, e->what, num);
			last = e;
		}
		if (last && last->time_ns < d->duration_ns) {
			char num[G_ASCII_DTOSTR_BUF_SIZE];
			if (last->kind == AN_PLOT_PERCENT)
				g_ascii_formatd(num, sizeof num, "%.10g", last->number);
			else
				g_snprintf(num, sizeof num, "%" G_GINT64_FORMAT, (int64_t)last->number);
			g_string_append_printf(csv, "%" G_GINT64_FORMAT ",%s,%s,%s\n", d->duration_ns, last->target, last->what, num);
		}
	}
	bool ok = an_plot_save_text(plots_dir, "timeline.csv", csv, error);
	g_string_free(csv, TRUE);
	return ok;
}

/* The strip's bands and address markers. */
static void append_strip(GString *t, const an_plot_data *d, const an_plot_frame *f, GPtrArray *rows)
{
	guint n = rows->len;
	double *end = g_new(double, 2 * n);
	for (guint i = 0; i < 2 * n; i++)
		end[i] = -1.0;
	for (guint i = 0; i < d->events->len; i++) {
		const an_plot_link_event *e = g_ptr_array_index(d->events, i);
		if (!is_state(e) || e->time_ns > d->duration_ns)
			continue;
		guint row = index_of(rows, e->target), y = n - row;
		if (!strcmp(e->what, "state")) {
			if (strcmp(e->text, "down") != 0)
				continue;
			int64_t until = d->duration_ns;
			for (guint k = i + 1; k < d->events->len; k++) {
				const an_plot_link_event *u = g_ptr_array_index(d->events, k);
				if (!strcmp(u->target, e->target) && !strcmp(u->what, "state") && !strcmp(u->text, "up")) {
					until = MIN(u->time_ns, d->duration_ns);
					break;
				}
			}
			/* an outage shorter than a pixel still shows */
			int64_t min_width = d->duration_ns / 400;
			g_string_append(t, "  set object rect from ");
			an_plot_gp_append_seconds(t, e->time_ns);
			g_string_append_printf(t, ", %u - 0.3 to ", y);
			an_plot_gp_append_seconds(t, MAX(until, e->time_ns + min_width));
			g_string_append_printf(t, ", %u + 0.3 back fc rgb '#D55E00' fs solid 0.6 noborder\n", y);
			continue;
		}
		char *text = g_strdup_printf("%s%s", !strcmp(e->what, "added") ? "+" : "−", e->text);
		/* the label sits in the row, left of its marker (before the change, where the row is
		 * usually empty) or else right of it; with no room either side, the marker alone */
		double x = f->left + (f->right - f->left) * (double)e->time_ns / (double)d->duration_ns;
		double w = ((double)g_utf8_strlen(text, -1) + 1.5) * an_plot_char_width();
		int slot = -1;
		if (x - w > f->left - 0.05 && x - w > end[2 * row])
			slot = 0;
		else if (x + w < 1.0)
			slot = 1;
		g_string_append(t, "  set label ");
		if (slot >= 0) {
			end[2 * row] = slot == 0 ? x : x + w;
			char *q = an_plot_gp_quote(text);
			g_string_append_printf(t, "%s ", q);
			g_free(q);
		} else {
			g_string_append(t, "'' ");
		}
		g_string_append(t, "at ");
		an_plot_gp_append_seconds(t, e->time_ns);
		g_string_append_printf(t, ", %u %s front point pt 7 ps 0.8 lc rgb '#222222' offset char %s, 0 "
					  "textcolor rgb '#222222'\n",
				       y, slot == 1 ? "left" : "right", slot == 1 ? "0.8" : "-0.8");
		g_free(text);
	}
	g_free(end);
}

static void append_key(GString *t, double x)
{
	g_string_append(t, "  set key at screen ");
	an_plot_gp_append_fixed(t, x, 3);
	g_string_append(t, ", graph 1 left top vertical Left reverse samplen 2.5 spacing 1.25 width 1\n");
}

bool an_plot_write_timeline(const an_plot_data *d, unsigned formats, const char *plots_dir, GPtrArray *names,
			    GError **error)
{
	if (!d->events->len)
		return true;
	an_plot_binned binned;
	if (!an_plot_throughput_csv(d, plots_dir, &binned, error)) {
		an_plot_binned_fini(&binned);
		return false;
	}
	bool tcp = binned.series->len > 0;
	GPtrArray *lat = g_ptr_array_new(); /* the per-request tables with send times */
	for (guint i = 0; i < d->latency->len; i++)
		if (((const an_plot_latency *)g_ptr_array_index(d->latency, i))->time_column)
			g_ptr_array_add(lat, g_ptr_array_index(d->latency, i));

	/* what there is to draw */
	GPtrArray *targets = g_ptr_array_new(), *strip_rows = g_ptr_array_new();
	GArray *steps = g_array_new(FALSE, FALSE, sizeof(struct step_series));
	bool has[4] = { false };
	for (guint i = 0; i < d->events->len; i++) {
		const an_plot_link_event *e = g_ptr_array_index(d->events, i);
		guint style = index_of(targets, e->target);
		if (is_state(e)) {
			index_of(strip_rows, e->target);
			continue;
		}
		if (e->kind == AN_PLOT_TEXT)
			continue;
		bool seen = false;
		for (guint s = 0; s < steps->len && !seen; s++) {
			const struct step_series *ss = &g_array_index(steps, struct step_series, s);
			seen = (int)e->kind == ss->kind && !strcmp(ss->target, e->target) && !strcmp(ss->what, e->what);
		}
		if (!seen) {
			struct step_series ss = { .target = e->target, .what = e->what, .kind = (int)e->kind, .style = style };
			g_array_append_val(steps, ss);
			has[e->kind] = true;
		}
	}
	bool ok = write_csv(d, plots_dir, steps, error);

	/* keys: one right edge for every panel */
	GPtrArray *labels = g_ptr_array_new_with_free_func(g_free);
	for (guint s = 0; s < steps->len; s++) {
		const struct step_series *ss = &g_array_index(steps, struct step_series, s);
		g_ptr_array_add(labels, g_strdup_printf("%s %s", ss->target, ss->what));
	}
	guint n_work = tcp ? binned.series->len : lat->len;
	for (guint i = 0; i < n_work; i++)
		g_ptr_array_add(labels, g_strdup(tcp ? ((const an_plot_series *)g_ptr_array_index(binned.series, i))->label
						     : ((const an_plot_latency *)g_ptr_array_index(lat, i))->workload));
	an_plot_frame frame = { .left = 0.12, .bottom = 0.0 };
	an_plot_key key;
	an_plot_key_place(&key, &frame, (const char *const *)labels->pdata, labels->len, 600);
	/* every panel has its key on the right; labels too long for that leave the plot 58% of the width */
	double right = key.below ? 0.7 : frame.right;
	double key_x = right + 0.01;
	guint label_rows = an_plot_event_rows(d, frame.left, right);

	/* heights, top down */
	guint n_panels = (strip_rows->len ? 1 : 0) + has[AN_PLOT_RATE] + has[AN_PLOT_PERCENT] + has[AN_PLOT_TIME] +
			 (n_work ? 1 : 0);
	double top_px = 17.5 * (2.3 + 1.1 * label_rows) + 6;
	double strip_px = strip_rows->len ? STRIP_ROW_PX * strip_rows->len + 16 : 0;
	double panels_px = strip_px + PANEL_PX * (has[AN_PLOT_RATE] + has[AN_PLOT_PERCENT] + has[AN_PLOT_TIME]) +
			   (n_work ? WORK_PX : 0);
	int height = (int)(top_px + panels_px + GAP_PX * (n_panels ? n_panels - 1 : 0) + BOTTOM_PX);
	if (!ok || !n_panels)
		goto done;

	GString *srcs = g_string_new("../events.csv (as timeline.csv)");
	if (tcp)
		g_string_append(srcs, " and throughput.csv (binned bytes_acked)");
	for (guint i = 0; !tcp && i < lat->len; i++)
		g_string_append_printf(srcs, ", ../%s", ((const an_plot_latency *)g_ptr_array_index(lat, i))->file);
	an_plot_gp *gp = an_plot_gp_new("timeline", "what the mobility events did to the links, over what the workloads saw",
					srcs->str, formats, height);
	g_string_free(srcs, TRUE);
	GString *t = gp->text;
	g_string_append(t, "# One datablock per step function of timeline.csv (value in bit/s, percent or ns).\n"
			   "set datafile columnheaders\n");
	for (guint s = 0; s < steps->len; s++) {
		const struct step_series *ss = &g_array_index(steps, struct step_series, s);
		char *qt = an_plot_gp_quote(ss->target), *qw = an_plot_gp_quote(ss->what);
		g_string_append_printf(t, "set table $q%u separator comma\n"
					  "plot 'timeline.csv' using (column(\"time_ns\")/1e9):(column(\"value\")) with table "
					  "if (strcol(\"target\") eq %s && strcol(\"quantity\") eq %s)\nunset table\n",
				       s + 1, qt, qw);
		g_free(qt);
		g_free(qw);
	}
	for (guint i = 0; !tcp && i < lat->len; i++) {
		const an_plot_latency *l = g_ptr_array_index(lat, i);
		g_string_append_printf(t, "set table $l%u separator comma\n"
					  "plot '../%s' using (column(\"%s\")/1e9):(column(\"%s\")/1e6) "
					  "with table if (column(\"%s\") >= 0)\nunset table\n",
				       i + 1, l->file, l->time_column, l->column, l->column);
	}
	g_string_append(t, "set datafile nocolumnheaders\n");
	for (guint k = 0; k < targets->len; k++)
		g_string_append_printf(t, "set style line %u lc rgb '%s' lw 1.8 dt %u  # %s\n", 200 + k,
				       target_colour[k % G_N_ELEMENTS(target_colour)], 1 + (k % 2) + 2 * (k / 4), (const char *)g_ptr_array_index(targets, k));
	g_string_append(t, "\n");

	an_plot_gp_begin_outputs(gp);
	g_string_append(t, "  set multiplot\n  set format x ''\n  unset xlabel\n");
	double y = 1.0 - top_px / height; /* top of the next panel, screen fraction */
	bool first = true;
	guint panel = 0;
	for (int p = 0; p < 5; p++) {
		double px;
		if (p == 0)
			px = strip_px;
		else if (p <= 3)
			px = has[p] ? PANEL_PX : 0;
		else
			px = n_work ? WORK_PX : 0;
		if (px <= 0)
			continue;
		panel++;
		bool last = panel == n_panels;
		an_plot_frame f = { .left = frame.left, .right = right, .top = y, .bottom = y - px / height };
		y = f.bottom - (double)GAP_PX / height;
		g_string_append_printf(t, "  # panel %u\n", panel);
		an_plot_gp_margins(t, &f);
		if (first) {
			an_plot_gp_time_axis(t, d);
			char *title = g_strdup_printf("%s: mobility events", d->scenario);
			an_plot_gp_title(t, title, label_rows);
			g_free(title);
			g_string_append(t, "  set format x ''\n  set xlabel ''\n");
		} else {
			g_string_append(t, "  unset title\n");
		}
		if (last)
			g_string_append(t, "  set format x '%g'\n  set xlabel 'time (s)'\n");
		an_plot_gp_events(gp, d, f.left, f.right, first);
		first = false;
		if (p == 0) {
			g_string_append(t, "  set ylabel ''\n  set border 1 back ls 101\n  unset grid\n  set grid xtics back ls 102\n"
					   "  set ytics nomirror scale 0 (");
			for (guint i = 0; i < strip_rows->len; i++) {
				char *q = an_plot_gp_quote(g_ptr_array_index(strip_rows, i));
				g_string_append_printf(t, "%s%s %u", i ? ", " : "", q, strip_rows->len - i);
				g_free(q);
			}
			g_string_append_printf(t, ")\n  set yrange [0.4:%u.6]\n", strip_rows->len);
			append_strip(t, d, &f, strip_rows);
			append_key(t, key_x);
			/* the plot itself draws nothing: the bands and markers above are the picture */
			g_string_append_printf(t, "  plot NaN notitle%s\n"
						  "  set border 3 back ls 101\n  set grid back ls 102\n  set ytics auto nomirror scale 0.5\n",
					       any_down(d) ? ", keyentry with boxes fc rgb '#D55E00' fs solid 0.6 noborder title 'down'" : "");
			continue;
		}
		g_string_append(t, "  set yrange [0:*]\n");
		append_key(t, key_x);
		if (p <= 3) {
			static const char *const ylabel[] = { "", "link rate (Mbit/s)", "loss (%)", "delay (ms)" };
			static const char *const scale[] = { "", "/1e6", "", "/1e6" };
			g_string_append_printf(t, "  set ylabel '%s'\n  plot ", ylabel[p]);
			bool any = false;
			for (guint s = 0; s < steps->len; s++) {
				const struct step_series *ss = &g_array_index(steps, struct step_series, s);
				if (ss->kind != p)
					continue;
				char *label = g_strdup_printf("%s %s", ss->target, ss->what);
				char *q = an_plot_gp_quote(label);
				g_string_append_printf(t, "%s$q%u using 1:($2%s) with steps ls %u title %s", any ? ", \\\n       " : "",
						       s + 1, scale[p], 200 + ss->style, q);
				g_free(q);
				g_free(label);
				any = true;
			}
			g_string_append_c(t, '\n');
			continue;
		}
		if (tcp) {
			bool mbit = binned.peak_one_bps >= 1e6;
			g_string_append_printf(t, "  set ylabel 'throughput (%s)'\n  set datafile columnheaders\n  plot ",
					       mbit ? "Mbit/s" : "kbit/s");
			for (guint k = 0; k < binned.series->len; k++) {
				const an_plot_series *s = g_ptr_array_index(binned.series, k);
				char *q = an_plot_gp_quote(s->label);
				g_string_append_printf(t, "%s'throughput.csv' using (column(1)/1e9):(column(%u)/%s) with steps ls %u "
							  "title %s",
						       k ? ", \\\n       " : "", k + 2, mbit ? "1e6" : "1e3", s->colour + 1, q);
				g_free(q);
			}
			g_string_append(t, "\n  set datafile nocolumnheaders\n");
		} else {
			g_string_append(t, "  set ylabel 'latency (ms)'\n  plot ");
			for (guint i = 0; i < lat->len; i++) {
				const an_plot_latency *l = g_ptr_array_index(lat, i);
				char *q = an_plot_gp_quote(l->workload);
				g_string_append_printf(t, "%s$l%u using 1:2 with points ls %u pt 7 ps 0.6 title %s",
						       i ? ", \\\n       " : "", i + 1, l->colour + 1, q);
				g_free(q);
			}
			g_string_append_c(t, '\n');
		}
	}
	g_string_append(t, "  unset multiplot\n");
	an_plot_gp_end_outputs(gp);
	ok = an_plot_gp_save(gp, plots_dir, error);
	if (ok)
		g_ptr_array_add(names, g_strdup("timeline"));
	an_plot_gp_free(gp);
done:
	g_ptr_array_free(labels, TRUE);
	g_array_free(steps, TRUE);
	g_ptr_array_free(targets, TRUE);
	g_ptr_array_free(strip_rows, TRUE);
	g_ptr_array_free(lat, TRUE);
	an_plot_binned_fini(&binned);
	return ok;
}
