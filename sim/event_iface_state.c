/* event_iface_state.c — `iface-down` and `iface-up`: an interface goes down (it drops what its
 * host sends through it and what arrives on it) or comes back, and its host tells its observers
 * (host.h), as an operating system tells a path manager when Wi-Fi loses its association. */
#include "event.h"

static const scn_key iface_state_keys[] = {
	{ .name = "target", .type = SCN_ENDPOINT, .default_value = NULL, .doc = "the interface, HOST.IFACE" },
	SCN_KEY_END,
};

struct iface_state {
	event *ev;
	iface *ifc;
	bool up;
};

static void *iface_state_create(event *ev, const scn_values *v, scn_diag *diag, bool up)
{
	iface *ifc = event_iface(ev, v, "target", diag);
	if (!ifc)
		return NULL;
	struct iface_state *s = g_new0(struct iface_state, 1);
	s->ev = ev;
	s->ifc = ifc;
	s->up = up;
	return s;
}

static void *iface_down_create(event *ev, const scn_values *v, scn_diag *diag)
{
	return iface_state_create(ev, v, diag, false);
}

static void *iface_up_create(event *ev, const scn_values *v, scn_diag *diag)
{
	return iface_state_create(ev, v, diag, true);
}

static void iface_state_start(void *state, sim_time_t now)
{
	struct iface_state *s = state;
	iface_set_up(s->ifc, s->up, now);
	event_record(s->ev, now, s->ifc->full_name, "state", s->up ? "up" : "down");
}

const event_action_ops event_iface_down = {
	.name = "iface-down",
	.summary = "an interface goes down and its host's observers are told (target)",
	.keys = iface_state_keys,
	.create = iface_down_create,
	.start = iface_state_start,
	.destroy = g_free,
};

const event_action_ops event_iface_up = {
	.name = "iface-up",
	.summary = "an interface comes back up and its host's observers are told (target)",
	.keys = iface_state_keys,
	.create = iface_up_create,
	.start = iface_state_start,
	.destroy = g_free,
};
