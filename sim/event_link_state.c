/* event_link_state.c — `link-down` and `link-up`: one or both directions of a link fail or come
 * back. A link that goes down loses what it holds (queue, wire; link.h) and drops what it is given
 * until it is up; no host is told (an access point's uplink failing, a phone out of coverage):
 * take the interface down as well (iface-down) to model a failure the host notices. */
#include "event.h"

static const scn_key link_state_keys[] = {
	EVENT_TARGET_LINK_DIRS_KEY,
	SCN_KEY_END,
};

struct link_state {
	event *ev;
	link_dir *dirs[2];
	int n;
	bool up;
};

static void *link_state_create(event *ev, const scn_values *v, scn_diag *diag, bool up)
{
	struct link_state *s = g_new0(struct link_state, 1);
	s->ev = ev;
	s->up = up;
	s->n = event_link_dirs(ev, v, "target", s->dirs, diag);
	if (s->n == 0) {
		g_free(s);
		return NULL;
	}
	return s;
}

static void *link_down_create(event *ev, const scn_values *v, scn_diag *diag)
{
	return link_state_create(ev, v, diag, false);
}

static void *link_up_create(event *ev, const scn_values *v, scn_diag *diag)
{
	return link_state_create(ev, v, diag, true);
}

static void link_state_start(void *state, sim_time_t now)
{
	struct link_state *s = state;
	for (int i = 0; i < s->n; i++) {
		link_dir_set_up(s->dirs[i], s->up, now);
		event_record(s->ev, now, s->dirs[i]->name, "state", s->up ? "up" : "down");
	}
}

const event_action_ops event_link_down = {
	.name = "link-down",
	.summary = "a link fails silently (target): what it holds is lost, what it is given is dropped",
	.keys = link_state_keys,
	.create = link_down_create,
	.start = link_state_start,
	.destroy = g_free,
};

const event_action_ops event_link_up = {
	.name = "link-up",
	.summary = "a link that was down carries packets again (target)",
	.keys = link_state_keys,
	.create = link_up_create,
	.start = link_state_start,
	.destroy = g_free,
};
