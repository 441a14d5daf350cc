/* event_outage.c — outages: a link is down for `duration` from `at`, then up again, silently for
 * the hosts (what the link held is lost; link.h).
 *
 *   wifi-assoc-gap  Wi-Fi re-association or roaming between access points: layer-2 handoffs take
 *                   50–400 ms (the project's link-characteristics reference); 200 ms by default.
 *   cell-handover   LTE X2 handover: the radio interruption is 30–60 ms; 45 ms by default. The
 *                   source cell's forwarding of buffered data to the target cell is not modelled:
 *                   packets in flight are lost. */
#include "event.h"

static const scn_key assoc_gap_keys[] = {
	EVENT_TARGET_LINK_DIRS_KEY,
	{ .name = "duration", .type = SCN_TIME, .default_value = "200ms", .min = 1,
	  .doc = "how long the link is down (Wi-Fi layer-2 handoffs: 50–400 ms)" },
	SCN_KEY_END,
};

static const scn_key handover_keys[] = {
	EVENT_TARGET_LINK_DIRS_KEY,
	{ .name = "duration", .type = SCN_TIME, .default_value = "45ms", .min = 1,
	  .doc = "how long the link is down (LTE X2 handover interruption: 30–60 ms)" },
	SCN_KEY_END,
};

struct outage {
	event *ev;
	link_dir *dirs[2];
	int n;
	sim_time_t duration;
};

static void *outage_create(event *ev, const scn_values *v, scn_diag *diag)
{
	struct outage *o = g_new0(struct outage, 1);
	o->ev = ev;
	o->duration = scn_values_time(v, "duration");
	o->n = event_link_dirs(ev, v, "target", o->dirs, diag);
	if (o->n == 0) {
		g_free(o);
		return NULL;
	}
	return o;
}

static void outage_set(struct outage *o, bool up, sim_time_t now)
{
	for (int i = 0; i < o->n; i++) {
		link_dir_set_up(o->dirs[i], up, now);
		event_record(o->ev, now, o->dirs[i]->name, "state", up ? "up" : "down");
	}
}

static void outage_start(void *state, sim_time_t now)
{
	struct outage *o = state;
	outage_set(o, false, now);
	event_wake_at(o->ev, now + o->duration);
}

static void outage_wake(void *state, sim_time_t now)
{
	outage_set(state, true, now);
}

const event_action_ops event_wifi_assoc_gap = {
	.name = "wifi-assoc-gap",
	.summary = "a Wi-Fi association gap: the link is down for duration (default 200 ms), then up",
	.keys = assoc_gap_keys,
	.create = outage_create,
	.start = outage_start,
	.wake = outage_wake,
	.destroy = g_free,
};

const event_action_ops event_cell_handover = {
	.name = "cell-handover",
	.summary = "a cellular handover outage: the link is down for duration (default 45 ms), then up",
	.keys = handover_keys,
	.create = outage_create,
	.start = outage_start,
	.wake = outage_wake,
	.destroy = g_free,
};
