/* plot_timeline.c — the scenario's link events on a time axis, over what the workloads saw.
 *
 * Drawn when the results folder has events.csv (time_ns, event, target, action, value). The top
 * strip has one row per target in order of first appearance: a marker and a label ("down",
 * "rate 5Mbit") at each event, and a shaded band over every stretch between a "down" and the next
 * "up" of the same target (or the end of the run). The panel below shares the time axis, with the
 * events as dashed lines: the throughput of every sending connection (plots/throughput.csv,
 * unstacked) when the run had TCP, otherwise the latency of each request over time from the
 * per-request tables. Labels that would overlap on a row move below the marker, or are left out
 * when there is no room either side (the marker stays). */
#include "plot_impl.h"

#include <string.h>

#define TIMELINE_HEIGHT 620

static bool is_action(const an_plot_link_event *e, const char *action)
{
	return !g_ascii_strcasecmp(e->action, action);
}

/* The text next to a marker: the event without its target (the row says it). */
static char *marker_text(const an_plot_link_event *e)
{
	if (*e->action && *e->value)
		return g_strdup_printf("%s %s", e->action, e->value);
	return g_strdup(*e->action ? e->action : *e->value ? e->value : e->event);
}

static void append_strip(an_plot_gp *gp, const an_plot_data *d, const an_plot_frame *f, GPtrArray *targets)
{
	GString *t = gp->text;
	guint n = targets->len;
	double cw = an_plot_char_width();
	/* two label slots per row (above, below the marker), each with the x where its last label ends */
	double *end = g_new(double, 2 * n);
	for (guint i = 0; i < 2 * n; i++)
		end[i] = -1.0;
	guint obj = 1;
	for (guint i = 0; i < d->events->len; i++) {
		const an_plot_link_event *e = g_ptr_array_index(d->events, i);
		if (e->time_ns < 0 || e->time_ns > d->duration_ns)
			continue;
		guint row = 0;
		while (row < n && strcmp(g_ptr_array_index(targets, row), e->target) != 0)
			row++;
		guint y = n - row; /* first target at the top */
		if (is_action(e, "down")) {
			int64_t until = d->duration_ns;
			for (guint k = i + 1; k < d->events->len; k++) {
				const an_plot_link_event *u = g_ptr_array_index(d->events, k);
				if (!strcmp(u->target, e->target) && is_action(u, "up")) {
					until = MIN(u->time_ns, d->duration_ns);
					break;
				}
			}
			g_string_append_printf(t, "  set object %u rect from ", obj++);
			an_plot_gp_append_seconds(t, e->time_ns);
			g_string_append_printf(t, ", %u - 0.28 to ", y);
			an_plot_gp_append_seconds(t, until);
			g_string_append_printf(t, ", %u + 0.28 back fc rgb '#D55E00' fs solid 0.25 noborder\n", y);
		}
		char *text = marker_text(e);
		double x = f->left + (f->right - f->left) * (double)e->time_ns / (double)d->duration_ns;
		double half = ((double)g_utf8_strlen(text, -1) + 1.0) * cw / 2;
		int slot = -1;
		for (int s = 0; s < 2 && slot < 0; s++)
			if (x - half > end[2 * row + (guint)s] && x - half > 0.0 && x + half < 1.0)
				slot = s;
		if (slot >= 0) {
			end[2 * row + (guint)slot] = x + half;
			char *q = an_plot_gp_quote(text);
			g_string_append_printf(t, "  set label %s at ", q);
			an_plot_gp_append_seconds(t, e->time_ns);
			g_string_append_printf(t, ", %u center offset 0, char %s textcolor rgb '#222222'\n", y,
					       slot == 0 ? "0.9" : "-0.9");
			g_free(q);
		}
		g_free(text);
	}
	g_free(end);
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
		if (((const an_plot_latency *)g_ptr_array_index(d->latency, i))->has_send_time)
			g_ptr_array_add(lat, g_ptr_array_index(d->latency, i));
	if (!tcp && !lat->len) {
		g_ptr_array_free(lat, TRUE);
		/* nothing to draw under the events: the strip alone says no more than events.csv */
		an_plot_binned_fini(&binned);
		return true;
	}
	GPtrArray *targets = g_ptr_array_new();
	bool any_down = false;
	for (guint i = 0; i < d->events->len; i++) {
		const an_plot_link_event *e = g_ptr_array_index(d->events, i);
		bool seen = false;
		for (guint k = 0; k < targets->len && !seen; k++)
			seen = !strcmp(g_ptr_array_index(targets, k), e->target);
		if (!seen)
			g_ptr_array_add(targets, e->target);
		any_down = any_down || is_action(e, "down");
	}

	GString *srcs = g_string_new("../events.csv and ");
	if (tcp) {
		g_string_append(srcs, "throughput.csv (binned bytes_acked)");
	} else {
		for (guint i = 0; i < lat->len; i++)
			g_string_append_printf(srcs, "%s../%s", i ? ", " : "",
					       ((const an_plot_latency *)g_ptr_array_index(lat, i))->file);
	}
	an_plot_gp *gp = an_plot_gp_new("timeline", tcp ? "link events over the throughput of each connection"
							 : "link events over the latency of each request",
					srcs->str, formats, TIMELINE_HEIGHT);
	GString *t = gp->text;

	/* the lower panel's data and key */
	guint n = tcp ? binned.series->len : lat->len;
	const char **labels = g_new0(const char *, n + 2);
	for (guint i = 0; i < n; i++)
		labels[i] = tcp ? ((const an_plot_series *)g_ptr_array_index(binned.series, i))->label
				: ((const an_plot_latency *)g_ptr_array_index(lat, i))->workload;
	if (any_down)
		labels[n] = "link down";
	an_plot_frame lower = { .left = 0.12, .bottom = 0.1 };
	an_plot_key key;
	an_plot_key_place(&key, &lower, labels, n + (any_down ? 1 : 0), TIMELINE_HEIGHT);
	g_free(labels);
	if (!tcp) {
		g_string_append(t, "# One datablock per workload: send time (s), latency (ms) of each completed request.\n"
				   "set datafile columnheaders\n");
		for (guint i = 0; i < lat->len; i++) {
			const an_plot_latency *l = g_ptr_array_index(lat, i);
			g_string_append_printf(t, "set table $l%u separator comma\n"
						  "plot '../%s' using (column(\"send_time_ns\")/1e9):(column(\"%s\")/1e6) "
						  "with table if (column(\"%s\") >= 0)\nunset table\n",
					       i + 1, l->file, l->column, l->column);
		}
		g_string_append(t, "set datafile nocolumnheaders\n\n");
	}

	/* strip height: a row per target, at least two lines of text each */
	double lh = an_plot_line_height(TIMELINE_HEIGHT);
	an_plot_frame strip = lower;
	strip.top = an_plot_frame_top(TIMELINE_HEIGHT, 0);
	strip.bottom = strip.top - lh * (2.6 * targets->len + 1.0);
	lower.top = strip.bottom - 0.03;

	an_plot_gp_begin_outputs(gp);
	g_string_append(t, "  set multiplot\n  # top: one row per target, its events and the times it was down\n");
	an_plot_gp_margins(t, &strip);
	an_plot_gp_time_axis(t, d);
	char *title = g_strdup_printf("%s: link events", d->scenario);
	an_plot_gp_title(t, title, 0);
	g_free(title);
	g_string_append(t, "  set format x ''\n  set xlabel ''\n  set ylabel ''\n  unset grid\n  set grid xtics back ls 102\n"
			   "  set border 1 back ls 101\n  set ytics nomirror scale 0 (");
	for (guint i = 0; i < targets->len; i++) {
		char *q = an_plot_gp_quote(g_ptr_array_index(targets, i));
		g_string_append_printf(t, "%s%s %u", i ? ", " : "", q, targets->len - i);
		g_free(q);
	}
	g_string_append_printf(t, ")\n  set yrange [0.4:%u.6]\n", targets->len);
	g_string_append(t, "  unset key\n  unset arrow; unset label; unset object\n");
	append_strip(gp, d, &strip, targets);
	g_string_append(t, "  set datafile columnheaders\n"
			   "  plot '../events.csv' using (column(\"time_ns\")/1e9):(");
	/* the row of each event: its target's position, from the same list as the tics */
	for (guint i = 0; i < targets->len; i++) {
		char *q = an_plot_gp_quote(g_ptr_array_index(targets, i));
		g_string_append_printf(t, "strcol(\"target\") eq %s ? %u : ", q, targets->len - i);
		g_free(q);
	}
	g_string_append(t, "NaN) with points pt 7 ps 0.8 lc rgb '#222222'\n  set datafile nocolumnheaders\n");

	g_string_append(t, "\n  # bottom: what the workloads saw, same time axis\n  unset title\n"
			   "  set border 3 back ls 101\n  set grid back ls 102\n  set ytics auto nomirror scale 0.5\n"
			   "  set yrange [0:*]\n  set format x '%g'\n  set xlabel 'time (s)'\n"
			   "  unset arrow; unset label; unset object\n");
	an_plot_gp_margins(t, &lower);
	an_plot_gp_key(t, &key);
	an_plot_gp_events(gp, d, lower.left, lower.right, false);
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
	} else {
		g_string_append(t, "  set ylabel 'latency (ms)'\n  plot ");
		for (guint i = 0; i < lat->len; i++) {
			const an_plot_latency *l = g_ptr_array_index(lat, i);
			char *q = an_plot_gp_quote(l->workload);
			g_string_append_printf(t, "%s$l%u using 1:2 with points ls %u pt 7 ps 0.4 title %s",
					       i ? ", \\\n       " : "", i + 1, l->colour + 1, q);
			g_free(q);
		}
	}
	if (any_down)
		g_string_append(t, ", \\\n       keyentry with boxes fc rgb '#D55E00' fs solid 0.25 noborder title 'link down'");
	g_string_append(t, "\n  set datafile nocolumnheaders\n  unset multiplot\n");
	an_plot_gp_end_outputs(gp);

	bool ok = an_plot_gp_save(gp, plots_dir, error);
	if (ok)
		g_ptr_array_add(names, g_strdup("timeline"));
	an_plot_gp_free(gp);
	g_string_free(srcs, TRUE);
	g_ptr_array_free(targets, TRUE);
	g_ptr_array_free(lat, TRUE);
	an_plot_binned_fini(&binned);
	return ok;
}
