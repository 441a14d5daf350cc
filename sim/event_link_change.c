/* event_link_change.c — changing a value of one or both directions of a link, at once or step by
 * step, for the link actions (event.h): rates, delays and loss-model parameters, as integers. */
#include "event.h"

#include "registry.h"

#include <math.h>
#include <string.h>

void event_link_change_begin(event_link_change *c, sim_time_t now)
{
	for (int i = 0; i < c->n; i++) {
		c->from[i] = c->get(c->dirs[i], c->what);
		c->record(c->ev, now, c->dirs[i]->name, c->what, c->from[i]);
	}
}

void event_link_change_apply(event_link_change *c, uint32_t k, uint32_t n, sim_time_t now)
{
	for (int i = 0; i < c->n; i++) {
		int64_t value = event_ramp_int(c->from[i], c->to, k, n);
		c->set(c->dirs[i], c->what, value);
		c->record(c->ev, now, c->dirs[i]->name, c->what, value);
	}
}

bool event_link_ramped_init(event_link_ramped *r, const scn_values *v, scn_diag *diag)
{
	r->ramped = scn_values_has(v, "over");
	return !r->ramped ||
	       event_ramp_init(&r->ramp, scn_values_time(v, "over"), scn_values_time(v, "ramp_step"), v, "over", diag);
}

void event_link_ramped_start(void *state, sim_time_t now)
{
	event_link_ramped *r = state;
	if (!r->ramped) {
		event_link_change_apply(&r->change, 1, 1, now);
		return;
	}
	event_link_change_begin(&r->change, now);
	event_wake_at(r->change.ev, event_ramp_begin(&r->ramp, now));
}

void event_link_ramped_wake(void *state, sim_time_t now)
{
	event_link_ramped *r = state;
	event_link_change_apply(&r->change, r->ramp.done + 1, r->ramp.steps, now);
	sim_time_t next;
	if (event_ramp_step(&r->ramp, &next))
		event_wake_at(r->change.ev, next);
}

/* ---- rates ---- */

int64_t event_rate_get(link_dir *l, const char *what)
{
	(void)what;
	return l->rate_bps;
}

void event_rate_set(link_dir *l, const char *what, int64_t rate_bps)
{
	(void)what;
	link_dir_set_rate(l, rate_bps);
}

void event_rate_record(event *ev, sim_time_t now, const char *target, const char *what, int64_t rate_bps)
{
	(void)what;
	event_record_rate(ev, now, target, rate_bps);
}

bool event_rate_ok(const scn_values *v, const char *target_key, link_dir *l, scn_diag *diag)
{
	if (!l->trace)
		return true;
	scn_diag_add(diag, v, target_key, "expected link directions with a rate, got %s, which replays the trace %s",
		     l->name, l->trace->name);
	return false;
}

/* ---- loss-model parameters ---- */

int64_t event_loss_ppt(double fraction)
{
	return (int64_t)llround(fraction * 1e12);
}

double event_loss_fraction(int64_t ppt)
{
	return (double)ppt / 1e12;
}

bool event_loss_param_ok(const scn_values *v, const char *target_key, link_dir *l, const char *param,
			 const char *param_key, scn_diag *diag)
{
	double x;
	if (l->loss && l->loss->get_param && l->loss->get_param(l->loss_state, param, &x))
		return true;
	/* Say which keys of this model could change, or that none can. */
	GString *can = g_string_new(NULL);
	for (const scn_key *k = l->loss ? l->loss->keys : NULL; k && k->name; k++)
		if (k->type == SCN_PERCENT && l->loss->get_param && l->loss->get_param(l->loss_state, k->name, &x))
			g_string_append_printf(can, "%s%s", can->len ? ", " : "", k->name);
	const char *model = l->loss ? l->loss->name : "none";
	if (can->len)
		scn_diag_add(diag, v, param_key, "expected a parameter of loss model \"%s\" (of %s) that can change: %s; got \"%s\"",
			     model, l->name, can->str, param);
	else
		scn_diag_add(diag, v, target_key,
			     "expected link directions whose loss model can change %s, got %s with loss model \"%s\" (give it "
			     "loss = bernoulli; loss_rate = 0%% keeps it lossless until the event)",
			     param, l->name, model);
	g_string_free(can, TRUE);
	return false;
}

int64_t event_loss_get(link_dir *l, const char *what)
{
	double x = 0;
	bool ok = l->loss->get_param(l->loss_state, what, &x);
	g_assert(ok); /* checked by event_loss_param_ok when the event was built */
	return event_loss_ppt(x);
}

void event_loss_set(link_dir *l, const char *what, int64_t ppt)
{
	bool ok = l->loss->set_param(l->loss_state, what, event_loss_fraction(ppt));
	g_assert(ok);
}

void event_loss_record(event *ev, sim_time_t now, const char *target, const char *what, int64_t ppt)
{
	event_record_percent(ev, now, target, what, event_loss_fraction(ppt));
}
