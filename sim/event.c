/* event.c — the timeline of mobility events: building [event.*] groups into scheduled actions,
 * the events table, target lookup with located messages, and linear ramps (event.h). */
#include "event.h"

#include "suggest.h"
#include "units.h"
#include "world.h"

#include <string.h>

static void event_on_start(void *ctx, sim_time_t now)
{
	event *ev = ctx;
	ev->ops->start(ev->state, now);
}

static void event_on_wake(void *ctx, sim_time_t now)
{
	event *ev = ctx;
	ev->ops->wake(ev->state, now);
}

static void event_free(gpointer data)
{
	event *ev = data;
	sim_cancel(ev->world->sim, &ev->start_ev);
	sim_cancel(ev->world->sim, &ev->wake_ev);
	if (ev->state)
		ev->ops->destroy(ev->state);
	g_free(ev->name);
	g_free(ev);
}

event_timeline *event_timeline_build(world *w, scn_diag *diag)
{
	event_timeline *t = g_new0(event_timeline, 1);
	t->events = g_ptr_array_new_with_free_func(event_free);
	t->strings = g_string_chunk_new(1024);
	GPtrArray *groups = scn_groups_of_kind(w->scn, "event");
	if (groups->len)
		t->table = sim_table_new(w->sim, "events", "time_ns:int,event:string,target:string,action:string,value:string");
	for (guint i = 0; i < groups->len; i++) {
		const scn_group *g = g_ptr_array_index(groups, i);
		event *ev = g_new0(event, 1);
		ev->name = g_strdup(g->id);
		ev->ops = scn_values_model(g->values, "action");
		ev->world = w;
		ev->at = scn_values_time(g->values, "at");
		ev->timeline = t;
		sim_event_init(&ev->start_ev, event_on_start, ev);
		sim_event_init(&ev->wake_ev, event_on_wake, ev);
		ev->state = ev->ops->create(ev, g->values, diag);
		if (!ev->state) {
			event_free(ev);
			continue;
		}
		g_ptr_array_add(t->events, ev);
		sim_schedule(w->sim, &ev->start_ev, ev->at);
	}
	g_ptr_array_unref(groups);
	return t;
}

void event_timeline_free(event_timeline *t)
{
	if (!t)
		return;
	g_ptr_array_free(t->events, TRUE);
	g_string_chunk_free(t->strings);
	g_free(t);
}

void event_timeline_report(const event_timeline *t, report_section *out)
{
	for (guint i = 0; i < t->events->len; i++) {
		const event *ev = g_ptr_array_index(t->events, i);
		report_section *s = report_section_child(out, ev->name);
		report_set_string(s, "action", ev->ops->name);
		report_set_int(s, "at_ns", ev->at);
		report_set_int(s, "changes", (int64_t)ev->changes);
	}
}

void event_wake_at(event *ev, sim_time_t time)
{
	g_assert(ev->ops->wake);
	sim_schedule(ev->world->sim, &ev->wake_ev, time);
}

void event_record(event *ev, sim_time_t now, const char *target, const char *what, const char *value)
{
	event_timeline *t = ev->timeline;
	char *text = g_strdup_printf("%s=%s", what, value);
	report_cell row[5] = {
		{ .i = now },
		{ .s = g_string_chunk_insert_const(t->strings, ev->name) },
		{ .s = g_string_chunk_insert_const(t->strings, target) },
		{ .s = ev->ops->name },
		{ .s = g_string_chunk_insert_const(t->strings, text) },
	};
	report_table_add_row(t->table, row);
	ev->changes++;
	g_free(text);
}

void event_record_rate(event *ev, sim_time_t now, const char *target, int64_t rate_bps)
{
	char *text = units_format_rate(rate_bps);
	event_record(ev, now, target, "rate", text);
	g_free(text);
}

void event_record_time(event *ev, sim_time_t now, const char *target, const char *what, sim_time_t t)
{
	char *text = units_format_time(t);
	event_record(ev, now, target, what, text);
	g_free(text);
}

void event_record_percent(event *ev, sim_time_t now, const char *target, const char *what, double fraction)
{
	/* Ten significant digits: the same bytes on every build for the same double. */
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	g_ascii_formatd(buf, sizeof buf, "%.10g", fraction * 100.0);
	char *text = g_strdup_printf("%s%%", buf);
	event_record(ev, now, target, what, text);
	g_free(text);
}

/* ---- targets ---- */

/* " (did you mean "x"?)" among `names`, or "". */
static char *hint(const char *word, GPtrArray *names)
{
	const char *best = suggest_closest(word, (const char *const *)names->pdata, names->len);
	return best ? g_strdup_printf(" (did you mean \"%s\"?)", best) : g_strdup("");
}

static char *joined(GPtrArray *names)
{
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < names->len; i++)
		g_string_append_printf(s, "%s%s", i ? ", " : "", (const char *)g_ptr_array_index(names, i));
	return g_string_free(s, FALSE);
}

static struct world_link *find_link(world *w, const char *name)
{
	for (guint i = 0; i < w->links->len; i++) {
		struct world_link *l = g_ptr_array_index(w->links, i);
		if (strcmp(l->name, name) == 0)
			return l;
	}
	return NULL;
}

/* "expected …, got "x" (did you mean …?)" with the world's link names. */
static void unknown_link(event *ev, const scn_values *v, const char *key, const char *name, const char *shape,
			 scn_diag *diag)
{
	GPtrArray *names = g_ptr_array_new();
	for (guint i = 0; i < ev->world->links->len; i++)
		g_ptr_array_add(names, ((struct world_link *)g_ptr_array_index(ev->world->links, i))->name);
	char *h = hint(name, names), *list = joined(names);
	scn_diag_add(diag, v, key, "expected %s of the scenario (links: %s), got \"%s\"%s", shape,
		     *list ? list : "none", scn_values_string(v, key), h);
	g_free(list);
	g_free(h);
	g_ptr_array_unref(names);
}

int event_link_dirs(event *ev, const scn_values *v, const char *key, link_dir *dirs[2], scn_diag *diag)
{
	const char *text = scn_values_string(v, key);
	const char *dot = strrchr(text, '.');
	bool has_dir = dot && (strcmp(dot, ".up") == 0 || strcmp(dot, ".down") == 0);
	char *name = has_dir ? g_strndup(text, (gsize)(dot - text)) : g_strdup(text);
	struct world_link *l = find_link(ev->world, name);
	int n = 0;
	if (!l) {
		unknown_link(ev, v, key, name, "a link LINK, LINK.up or LINK.down", diag);
	} else if (!has_dir) {
		dirs[0] = l->up;
		dirs[1] = l->down;
		n = 2;
	} else {
		dirs[0] = strcmp(dot, ".up") == 0 ? l->up : l->down;
		n = 1;
	}
	g_free(name);
	return n;
}

bool event_link_both(event *ev, const scn_values *v, const char *key, link_dir *dirs[2], scn_diag *diag)
{
	const char *text = scn_values_string(v, key);
	struct world_link *l = find_link(ev->world, text);
	if (!l) {
		unknown_link(ev, v, key, text, "a link LINK (both directions)", diag);
		return false;
	}
	dirs[0] = l->up;
	dirs[1] = l->down;
	return true;
}

iface *event_iface(event *ev, const scn_values *v, const char *key, scn_diag *diag)
{
	const char *text = scn_values_string(v, key);
	iface *ifc = world_find_iface(ev->world, text);
	if (ifc)
		return ifc;
	GPtrArray *names = g_ptr_array_new();
	for (guint i = 0; i < ev->world->hosts->len; i++) {
		host *h = g_ptr_array_index(ev->world->hosts, i);
		for (guint k = 0; k < h->ifaces->len; k++)
			g_ptr_array_add(names, ((iface *)g_ptr_array_index(h->ifaces, k))->full_name);
	}
	char *h = hint(text, names), *list = joined(names);
	scn_diag_add(diag, v, key, "expected an interface HOST.IFACE of the scenario (%s), got \"%s\"%s",
		     *list ? list : "none", text, h);
	g_free(list);
	g_free(h);
	g_ptr_array_unref(names);
	return NULL;
}

/* ---- ramps ---- */

bool event_ramp_init(event_ramp *r, sim_time_t over, sim_time_t step, const scn_values *v, const char *over_key,
		     scn_diag *diag)
{
	g_assert(over > 0 && step > 0);
	sim_time_t steps = over / step + (over % step != 0);
	if (steps > (sim_time_t)EVENT_RAMP_MAX_STEPS) {
		char *o = units_format_time(over), *s = units_format_time(step);
		scn_diag_add(diag, v, over_key,
			     "expected a ramp of at most %u steps, got %" G_GINT64_FORMAT " (%s in steps of %s: make ramp_step longer)",
			     EVENT_RAMP_MAX_STEPS, steps, o, s);
		g_free(o);
		g_free(s);
		return false;
	}
	r->over = over;
	r->steps = (uint32_t)steps;
	r->done = 0;
	r->start = 0;
	return true;
}

/* start + over·k/n without overflow: over = q·n + m, so over·k/n = q·k + m·k/n (m·k < n² ≤ 10^12). */
static sim_time_t ramp_time(const event_ramp *r, uint32_t k)
{
	sim_time_t q = r->over / r->steps, m = r->over % r->steps;
	return r->start + q * k + m * k / r->steps;
}

sim_time_t event_ramp_begin(event_ramp *r, sim_time_t now)
{
	r->start = now;
	r->done = 0;
	return ramp_time(r, 1);
}

bool event_ramp_step(event_ramp *r, sim_time_t *next)
{
	r->done++;
	if (r->done >= r->steps)
		return false;
	*next = ramp_time(r, r->done + 1);
	return true;
}

int64_t event_ramp_int(int64_t a, int64_t b, uint32_t k, uint32_t n)
{
	/* a + (b − a)·k/n with d = b − a = q·n + m: both non-negative values fit int64, so d does. */
	int64_t d = b - a, q = d / n, m = d % n;
	return a + q * k + m * (int64_t)k / (int64_t)n;
}

double event_ramp_fraction(double a, double b, uint32_t k, uint32_t n)
{
	return k >= n ? b : a + (b - a) * (double)k / (double)n;
}
