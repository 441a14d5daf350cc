/* event_link_loss.c — `link-loss`: a parameter of a link direction's loss model changes, at once or
 * linearly over `over`: the loss_rate of a Bernoulli model by default, or any percentage of a
 * model that can change it (gilbert-elliott's ge_p, ge_r, ge_loss_good, ge_loss_bad). A direction
 * whose model has no such parameter (none, scripted) is refused when the event is built. */
#include "event.h"

static const scn_key link_loss_keys[] = {
	EVENT_TARGET_LINK_DIRS_KEY,
	{ .name = "loss_rate", .type = SCN_PERCENT, .default_value = NULL, .doc = "the new value of `param`" },
	{ .name = "param", .type = SCN_STRING, .default_value = "loss_rate",
	  .doc = "the loss model's percentage key to change (loss_rate for bernoulli; ge_p, ge_r, ge_loss_good or "
		 "ge_loss_bad for gilbert-elliott)" },
	EVENT_RAMP_KEYS,
	SCN_KEY_END,
};

static void *link_loss_create(event *ev, const scn_values *v, scn_diag *diag)
{
	event_link_ramped *r = g_new0(event_link_ramped, 1);
	event_link_change *c = &r->change;
	c->ev = ev;
	c->what = scn_values_string(v, "param");
	c->get = event_loss_get;
	c->set = event_loss_set;
	c->record = event_loss_record;
	c->to = event_loss_ppt(scn_values_percent(v, "loss_rate"));
	c->n = event_link_dirs(ev, v, "target", c->dirs, diag);
	bool ok = c->n > 0 && event_link_ramped_init(r, v, diag);
	for (int i = 0; ok && i < c->n; i++)
		ok = event_loss_param_ok(v, "target", c->dirs[i], c->what, "param", diag);
	if (!ok) {
		g_free(r);
		return NULL;
	}
	return r;
}

const event_action_ops event_link_loss = {
	.name = "link-loss",
	.summary = "change a loss-model parameter of a link (target, loss_rate, param), at once or over a time",
	.keys = link_loss_keys,
	.create = link_loss_create,
	.start = event_link_ramped_start,
	.wake = event_link_ramped_wake,
	.destroy = g_free,
};
