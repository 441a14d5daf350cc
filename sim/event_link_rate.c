/* event_link_rate.c — `link-rate`: the rate of one or both directions of a link changes, at once
 * or linearly over `over` (a fading radio, a shared cell filling up). Directions that replay a
 * trace have no rate and are refused when the event is built. */
#include "event.h"

static const scn_key link_rate_keys[] = {
	EVENT_TARGET_LINK_DIRS_KEY,
	{ .name = "rate", .type = SCN_RATE, .default_value = NULL, .min = 1, .doc = "the new rate" },
	EVENT_RAMP_KEYS,
	SCN_KEY_END,
};

static void *link_rate_create(event *ev, const scn_values *v, scn_diag *diag)
{
	event_link_ramped *r = g_new0(event_link_ramped, 1);
	event_link_change *c = &r->change;
	c->ev = ev;
	c->what = "rate";
	c->get = event_rate_get;
	c->set = event_rate_set;
	c->record = event_rate_record;
	c->to = scn_values_int(v, "rate");
	c->n = event_link_dirs(ev, v, "target", c->dirs, diag);
	bool ok = c->n > 0 && event_link_ramped_init(r, v, diag);
	for (int i = 0; ok && i < c->n; i++)
		ok = event_rate_ok(v, "target", c->dirs[i], diag);
	if (!ok) {
		g_free(r);
		return NULL;
	}
	return r;
}

const event_action_ops event_link_rate = {
	.name = "link-rate",
	.summary = "change a link's rate (target, rate), at once or over a time (over, ramp_step)",
	.keys = link_rate_keys,
	.create = link_rate_create,
	.start = event_link_ramped_start,
	.wake = event_link_ramped_wake,
	.destroy = g_free,
};
