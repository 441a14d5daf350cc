/* event_walk_away.c — `wifi-walk-away`: the user walks out of an access point's range. From `at`
 * the link's rate falls and its loss rises, linearly in time, to `end_rate` and `end_loss` at
 * at + duration, when the link is gone (down, silently: the host notices only if an iface-down or
 * addr-remove event says so). Linear in time is a simplification of the distance-dependent rate
 * adaptation and fading of a real walk (roughly constant speed, steps smoothed); the loss model of
 * the link must be able to change its loss_rate (bernoulli). */
#include "event.h"

static const scn_key walk_away_keys[] = {
	EVENT_TARGET_LINK_DIRS_KEY,
	{ .name = "duration", .type = SCN_TIME, .default_value = "10s", .min = 1,
	  .doc = "from `at` until the link is gone" },
	{ .name = "end_rate", .type = SCN_RATE, .default_value = "1Mbit", .min = 1,
	  .doc = "the rate just before the link is gone (it falls linearly from the rate at `at`)" },
	{ .name = "end_loss", .type = SCN_PERCENT, .default_value = "20%",
	  .doc = "the loss_rate just before the link is gone (it rises linearly from the one at `at`)" },
	{ .name = "ramp_step", .type = SCN_TIME, .default_value = "100ms", .min = 1,
	  .doc = "time between the steps of the ramps (the last lands exactly at at + duration)" },
	SCN_KEY_END,
};

struct walk_away {
	event_link_change rate, loss;
	event_ramp ramp;
};

static void *walk_away_create(event *ev, const scn_values *v, scn_diag *diag)
{
	struct walk_away *w = g_new0(struct walk_away, 1);
	event_link_change *r = &w->rate, *l = &w->loss;
	r->ev = l->ev = ev;
	r->what = "rate";
	r->get = event_rate_get;
	r->set = event_rate_set;
	r->record = event_rate_record;
	r->to = scn_values_int(v, "end_rate");
	l->what = "loss_rate";
	l->get = event_loss_get;
	l->set = event_loss_set;
	l->record = event_loss_record;
	l->to = event_loss_ppt(scn_values_percent(v, "end_loss"));
	r->n = l->n = event_link_dirs(ev, v, "target", r->dirs, diag);
	l->dirs[0] = r->dirs[0];
	l->dirs[1] = r->dirs[1];
	bool ok = r->n > 0 &&
		  event_ramp_init(&w->ramp, scn_values_time(v, "duration"), scn_values_time(v, "ramp_step"), v, "duration", diag);
	for (int i = 0; ok && i < r->n; i++)
		ok = event_rate_ok(v, "target", r->dirs[i], diag) &&
		     event_loss_param_ok(v, "target", r->dirs[i], "loss_rate", "target", diag);
	if (!ok) {
		g_free(w);
		return NULL;
	}
	return w;
}

static void walk_away_start(void *state, sim_time_t now)
{
	struct walk_away *w = state;
	event_link_change_begin(&w->rate, now);
	event_link_change_begin(&w->loss, now);
	event_wake_at(w->rate.ev, event_ramp_begin(&w->ramp, now));
}

static void walk_away_wake(void *state, sim_time_t now)
{
	struct walk_away *w = state;
	event_link_change_apply(&w->rate, w->ramp.done + 1, w->ramp.steps, now);
	event_link_change_apply(&w->loss, w->ramp.done + 1, w->ramp.steps, now);
	sim_time_t next;
	if (event_ramp_step(&w->ramp, &next)) {
		event_wake_at(w->rate.ev, next);
		return;
	}
	for (int i = 0; i < w->rate.n; i++) {
		link_dir_set_up(w->rate.dirs[i], false, now);
		event_record(w->rate.ev, now, w->rate.dirs[i]->name, "state", "down");
	}
}

const event_action_ops event_wifi_walk_away = {
	.name = "wifi-walk-away",
	.summary = "walking away from an access point: rate falls and loss rises over duration, then the link is gone",
	.keys = walk_away_keys,
	.create = walk_away_create,
	.start = walk_away_start,
	.wake = walk_away_wake,
	.destroy = g_free,
};
