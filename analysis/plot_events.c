/* plot_events.c — the scenario's mobility events (events.csv) for the plots.
 *
 * events.csv has one row per change an [event.NAME] made (RESULTS.md): time_ns, event, target
 * (a link direction "wifi.up" or an interface "phone.wifi"), action, and value as "what=value"
 * ("rate=18Mbit", "loss_rate=2.5%", "delay=30ms", "state=down", "removed=10.0.0.2"). A ramp writes
 * a row per step, so a plot marks events, not rows: each event is a span from its first row to its
 * last, drawn on every time plot as a dashed line at its start, a light band over its duration and
 * its name above the plot. The values are parsed here with the scenario's own unit parsers
 * (base/units.h) for the timeline, which draws them as step functions. */
#include "plot_impl.h"

#include "error.h"
#include "units.h"

#include <string.h>

void an_plot_link_event_free(gpointer p)
{
	an_plot_link_event *e = p;
	g_free(e->event);
	g_free(e->target);
	g_free(e->action);
	g_free(e->value);
	g_free(e->what);
	g_free(e->text);
	g_free(e);
}

void an_plot_event_span_free(gpointer p)
{
	an_plot_event_span *s = p;
	g_free(s->name);
	g_free(s);
}

/* "what=text" into its parts, and the text as a number when its unit says what it is. */
static void parse_value(an_plot_link_event *e)
{
	const char *eq = strchr(e->value, '=');
	e->what = eq ? g_strndup(e->value, (gsize)(eq - e->value)) : g_strdup("");
	e->text = g_strdup(eq ? eq + 1 : e->value);
	int64_t i;
	double f;
	if (g_str_has_suffix(e->text, "%") && units_parse_percent(e->text, &f, NULL)) {
		e->kind = AN_PLOT_PERCENT;
		e->number = f * 100.0;
	} else if (!strcmp(e->what, "rate") && units_parse_rate(e->text, &i, NULL)) {
		e->kind = AN_PLOT_RATE;
		e->number = (double)i;
	} else if (units_parse_time(e->text, &i, NULL)) {
		e->kind = AN_PLOT_TIME;
		e->number = (double)i;
	} else {
		e->kind = AN_PLOT_TEXT;
	}
}

bool an_plot_events_load(an_plot_data *d, GError **error)
{
	char *path = g_build_filename(d->dir, "events.csv", NULL);
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		g_free(path);
		return true;
	}
	d->has_events_file = true;
	an_plot_csv *c = an_plot_csv_open(path, error);
	g_free(path);
	if (!c)
		return false;
	static const char *const names[] = { "time_ns", "event", "target", "action", "value" };
	enum { TIME, EVENT, TARGET, ACTION, VALUE, N };
	int col[N];
	bool ok = true;
	for (int i = 0; i < N && ok; i++) {
		col[i] = an_plot_csv_column(c, names[i]);
		if (col[i] < 0) {
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: no column \"%s\" (not a table of this mptcpsim?)",
				    an_plot_csv_path(c), names[i]);
			ok = false;
		}
	}
	char **f;
	while (ok && an_plot_csv_next(c, &f, error)) {
		int64_t t;
		if (!an_plot_csv_int(f[col[TIME]], &t) || t < 0) {
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s:%u: time_ns: expected a whole number, found \"%s\"",
				    an_plot_csv_path(c), an_plot_csv_line(c), f[col[TIME]]);
			ok = false;
			break;
		}
		an_plot_link_event *e = g_new0(an_plot_link_event, 1);
		e->time_ns = t;
		e->event = g_strdup(f[col[EVENT]]);
		e->target = g_strdup(f[col[TARGET]]);
		e->action = g_strdup(f[col[ACTION]]);
		e->value = g_strdup(f[col[VALUE]]);
		parse_value(e);
		g_ptr_array_add(d->events, e);
		an_plot_event_span *s = NULL;
		for (guint k = 0; k < d->spans->len && !s; k++) {
			an_plot_event_span *x = g_ptr_array_index(d->spans, k);
			if (!strcmp(x->name, e->event))
				s = x;
		}
		if (!s) {
			s = g_new0(an_plot_event_span, 1);
			s->name = g_strdup(*e->event ? e->event : e->action);
			s->start_ns = s->end_ns = t;
			g_ptr_array_add(d->spans, s);
		}
		s->start_ns = MIN(s->start_ns, t);
		s->end_ns = MAX(s->end_ns, t);
	}
	ok = ok && !(error && *error);
	an_plot_csv_free(c);
	return ok;
}

/* Where each event's label goes: row 0 just above the plot, up to AN_PLOT_EVENT_ROWS; -1 when no
 * row has room. Greedy left to right: a label takes the lowest row whose last label ends before it
 * starts (a character's width apart). Events after the end of the run get nothing (-2). */
static void label_rows(const an_plot_data *d, double left, double right, int *row, guint *rows_used)
{
	double end[AN_PLOT_EVENT_ROWS];
	for (int r = 0; r < AN_PLOT_EVENT_ROWS; r++)
		end[r] = -1.0;
	*rows_used = 0;
	for (guint i = 0; i < d->spans->len; i++) {
		const an_plot_event_span *s = g_ptr_array_index(d->spans, i);
		row[i] = -2;
		if (s->start_ns > d->duration_ns)
			continue;
		double x = left + (right - left) * (double)s->start_ns / (double)d->duration_ns;
		double half = ((double)g_utf8_strlen(s->name, -1) + 1.0) * an_plot_char_width() / 2;
		row[i] = -1;
		for (int r = 0; r < AN_PLOT_EVENT_ROWS; r++) {
			if (x - half > end[r] && x + half < 1.0 && x - half > 0.0) {
				row[i] = r;
				end[r] = x + half;
				*rows_used = MAX(*rows_used, (guint)r + 1);
				break;
			}
		}
	}
}

guint an_plot_event_rows(const an_plot_data *d, double left, double right)
{
	if (!d->spans->len)
		return 0;
	int *row = g_new(int, d->spans->len);
	guint used = 0;
	label_rows(d, left, right, row, &used);
	g_free(row);
	return used;
}

void an_plot_gp_events(an_plot_gp *gp, const an_plot_data *d, double left, double right, bool labelled)
{
	if (!d->spans->len)
		return;
	int *row = g_new(int, d->spans->len);
	guint used = 0;
	label_rows(d, left, right, row, &used);
	GString *t = gp->text;
	g_string_append(t, "  # mobility events (events.csv): a dashed line where each starts, a band while it lasts\n"
			   "  unset arrow; unset label; unset object\n");
	for (guint i = 0; i < d->spans->len; i++) {
		const an_plot_event_span *s = g_ptr_array_index(d->spans, i);
		if (row[i] == -2)
			continue;
		if (s->end_ns > s->start_ns) {
			g_string_append(t, "  set object rect from first ");
			an_plot_gp_append_seconds(t, s->start_ns);
			g_string_append(t, ", graph 0 to first ");
			an_plot_gp_append_seconds(t, MIN(s->end_ns, d->duration_ns));
			g_string_append(t, ", graph 1 back fc rgb '#777777' fs transparent solid 0.12 noborder\n");
		}
		g_string_append(t, "  set arrow from first ");
		an_plot_gp_append_seconds(t, s->start_ns);
		g_string_append(t, ", graph 0 to first ");
		an_plot_gp_append_seconds(t, s->start_ns);
		g_string_append(t, ", graph 1 nohead front ls 100\n");
		if (!labelled || row[i] < 0)
			continue;
		char *q = an_plot_gp_quote(s->name);
		g_string_append_printf(t, "  set label %s at first ", q);
		an_plot_gp_append_seconds(t, s->start_ns);
		g_string_append(t, ", graph 1 center offset 0, char ");
		an_plot_gp_append_fixed(t, 0.7 + 1.1 * row[i], 1);
		g_string_append(t, " textcolor rgb '#444444'\n");
		g_free(q);
	}
	g_free(row);
}
