/* event_link_delay.c — `link-delay`: the propagation delay of one or both directions of a link
 * changes, at once or linearly over `over` (a longer path after a handover, a satellite hop).
 * Packets on the wire keep their order (link.h). */
#include "event.h"

static const scn_key link_delay_keys[] = {
	EVENT_TARGET_LINK_DIRS_KEY,
	{ .name = "delay", .type = SCN_TIME, .default_value = NULL, .min = 0, .doc = "the new one-way delay" },
	EVENT_RAMP_KEYS,
	SCN_KEY_END,
};

static int64_t delay_get(link_dir *l, const char *what)
{
	(void)what;
	return l->delay;
}

static void delay_set(link_dir *l, const char *what, int64_t delay)
{
	(void)what;
	link_dir_set_delay(l, delay);
}

static void delay_record(event *ev, sim_time_t now, const char *target, const char *what, int64_t delay)
{
	event_record_time(ev, now, target, what, delay);
}

static void *link_delay_create(event *ev, const scn_values *v, scn_diag *diag)
{
	event_link_ramped *r = g_new0(event_link_ramped, 1);
	event_link_change *c = &r->change;
	c->ev = ev;
	c->what = "delay";
	c->get = delay_get;
	c->set = delay_set;
	c->record = delay_record;
	c->to = scn_values_time(v, "delay");
	c->n = event_link_dirs(ev, v, "target", c->dirs, diag);
	if (c->n == 0 || !event_link_ramped_init(r, v, diag)) {
		g_free(r);
		return NULL;
	}
	return r;
}

const event_action_ops event_link_delay = {
	.name = "link-delay",
	.summary = "change a link's one-way delay (target, delay), at once or over a time (over, ramp_step)",
	.keys = link_delay_keys,
	.create = link_delay_create,
	.start = event_link_ramped_start,
	.wake = event_link_ramped_wake,
	.destroy = g_free,
};
