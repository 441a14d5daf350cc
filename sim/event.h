/* event.h — mobility timelines: scripted changes to links, interfaces and addresses during a run.
 *
 * A scenario's [event.NAME] groups each name a time `at` and an `action`, whose own keys join the
 * group (as a workload's type does):
 *
 *   [event.leave-home]                 [event.handover-1]
 *   at = 30s                           at = 42s
 *   action = wifi-walk-away            action = cell-handover
 *   target = wifi                      target = lte
 *   duration = 15s                     duration = 45ms
 *
 * An action is an ops table in event_actions_all[] (event_registry.c): adding one is adding one
 * file. create() resolves its targets in the built world (an unknown link or interface is a
 * located error, with the names there are); start() runs at `at`; an action that changes things
 * later (a ramp's steps, the end of an outage) arms its event's one timer with event_wake_at() and
 * gets wake() calls. Events at one time run in file order.
 *
 * Every change is a row of the table `events` (events.csv): time_ns, event (NAME), target (a link
 * direction "wifi.up", an interface "phone.wifi"), action (the action's name) and value, as
 * "what=value" ("rate=18Mbit", "loss_rate=2%", "delay=30ms", "state=down", "added=10.0.0.3"). A
 * ramp writes its starting value at `at` and each step's value after it, so the rows of one target
 * are its value as a step function of time. */
#ifndef MPTCPSIM_SIM_EVENT_H
#define MPTCPSIM_SIM_EVENT_H

#include "host.h"
#include "link.h"
#include "report.h"
#include "scn.h"
#include "sim.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

struct world;
typedef struct event event;

typedef struct event_action_ops {
	const char *name;
	const char *summary;      /* one line for `mptcpsim list` */
	const scn_key *keys;      /* besides `at` and `action`; terminated by SCN_KEY_END */
	/* Read the values, resolve targets in ev->world; problems go into `diag` (scn_diag_add with
	 * the group and key) and NULL comes back. */
	void *(*create)(event *ev, const scn_values *v, scn_diag *diag);
	void (*start)(void *state, sim_time_t now);
	void (*wake)(void *state, sim_time_t now); /* NULL for actions that never call event_wake_at */
	void (*destroy)(void *state);
} event_action_ops;

extern const event_action_ops *const event_actions_all[];

struct event {
	char *name;                 /* NAME of [event.NAME] */
	const event_action_ops *ops;
	void *state;
	struct world *world;
	sim_time_t at;
	uint64_t changes;           /* rows written */
	sim_event start_ev;
	sim_event wake_ev;
	struct event_timeline *timeline;
};

/* Every event of a world, and the table they write. */
typedef struct event_timeline {
	GPtrArray *events;      /* event*, file order */
	report_table *table;    /* `events`; NULL when the scenario has no event */
	GStringChunk *strings;  /* the table's string cells */
} event_timeline;

/* Build the [event.*] groups of the world's scenario and schedule them; problems go into `diag`.
 * Always returns a timeline (empty without events). */
event_timeline *event_timeline_build(struct world *w, scn_diag *diag);
void event_timeline_free(event_timeline *t);
/* Per event: action, at_ns, changes. */
void event_timeline_report(const event_timeline *t, report_section *out);

/* ---- for actions ---- */

/* Arm (or move) the event's timer: the action's wake() runs at `time`. */
void event_wake_at(event *ev, sim_time_t time);
/* A row of events.csv at `now`: `target` and "what=value". */
void event_record(event *ev, sim_time_t now, const char *target, const char *what, const char *value);
void event_record_rate(event *ev, sim_time_t now, const char *target, int64_t rate_bps);
void event_record_time(event *ev, sim_time_t now, const char *target, const char *what, sim_time_t t);
void event_record_percent(event *ev, sim_time_t now, const char *target, const char *what, double fraction);

/* The link directions key `key` names: "LINK" (both: up then down), "LINK.up" or "LINK.down".
 * Fills `dirs` and returns how many (1 or 2); 0 with a located message in `diag`. */
int event_link_dirs(event *ev, const scn_values *v, const char *key, link_dir *dirs[2], scn_diag *diag);
/* The world link "LINK" (no direction) key `key` names, both directions; NULL with a message. */
bool event_link_both(event *ev, const scn_values *v, const char *key, link_dir *dirs[2], scn_diag *diag);
/* The interface ("HOST.IFACE", or "HOST": its first) key `key` names; NULL with a message. */
iface *event_iface(event *ev, const scn_values *v, const char *key, scn_diag *diag);

/* A linear ramp in steps: `steps` changes, step k (1..steps) at start + over·k/steps, the last at
 * exactly start + over with exactly the final value. */
typedef struct event_ramp {
	sim_time_t over;
	uint32_t steps;
	uint32_t done;
	sim_time_t start;
} event_ramp;

/* Most steps a ramp may take (over / ramp_step): a mistyped step cannot flood the run. */
#define EVENT_RAMP_MAX_STEPS 1000000u

/* Steps of about `step` over `over` (rounded up so no step is longer than `step`); false with a
 * message in `diag` (located at `over_key`) when that is more than EVENT_RAMP_MAX_STEPS. */
bool event_ramp_init(event_ramp *r, sim_time_t over, sim_time_t step, const scn_values *v, const char *over_key,
		     scn_diag *diag);
/* Start at `now`: the first step's time. */
sim_time_t event_ramp_begin(event_ramp *r, sim_time_t now);
/* Advance one step: true while steps remain, with the next step's time in `*next`. */
bool event_ramp_step(event_ramp *r, sim_time_t *next);
/* Value at step k of n between a and b (k = n gives b exactly); integer, no rounding drift. */
int64_t event_ramp_int(int64_t a, int64_t b, uint32_t k, uint32_t n);
double event_ramp_fraction(double a, double b, uint32_t k, uint32_t n);

/* ---- a value of link directions that an action changes, at once or in a ramp ----
 * (event_link_change.c; link-rate, link-delay, link-loss and wifi-walk-away use it). Values are
 * integers in the value's unit: bit/s, ns, or for a loss parameter parts per 10^12 (the exact
 * resolution of a scenario percentage), so ramps never drift. */
typedef struct event_link_change {
	event *ev;
	const char *what;          /* "rate", "delay", or the loss model's key */
	link_dir *dirs[2];
	int n;
	int64_t to;
	int64_t from[2];           /* each direction's value when the change starts */
	int64_t (*get)(link_dir *l, const char *what);
	void (*set)(link_dir *l, const char *what, int64_t value);
	void (*record)(event *ev, sim_time_t now, const char *target, const char *what, int64_t value);
} event_link_change;

/* Note each direction's value and write it (the ramp's starting point). */
void event_link_change_begin(event_link_change *c, sim_time_t now);
/* Set step k of n (k = n: the final value) and write it. */
void event_link_change_apply(event_link_change *c, uint32_t k, uint32_t n, sim_time_t now);

/* One change with its optional ramp: the state of link-rate, link-delay and link-loss, whose
 * start and wake are these (`over` absent: the new value at once, one row). */
typedef struct event_link_ramped {
	event_link_change change;
	bool ramped;
	event_ramp ramp;
} event_link_ramped;

/* Read `over` and `ramp_step`; false with a message. */
bool event_link_ramped_init(event_link_ramped *r, const scn_values *v, scn_diag *diag);
void event_link_ramped_start(void *state, sim_time_t now);
void event_link_ramped_wake(void *state, sim_time_t now);

/* The key naming the link directions an action changes. */
#define EVENT_TARGET_LINK_DIRS_KEY                                                                   \
	{ .name = "target", .type = SCN_STRING, .default_value = NULL,                                \
	  .expect = "a link LINK, LINK.up or LINK.down like wifi.up",                                   \
	  .doc = "the link: LINK (both directions), LINK.up or LINK.down" }

/* Loss fractions as integers and back (parts per 10^12). */
int64_t event_loss_ppt(double fraction);
double event_loss_fraction(int64_t ppt);
/* The loss model of `l` can change parameter `key` at run time; else a located message. */
bool event_loss_param_ok(const scn_values *v, const char *target_key, link_dir *l, const char *param,
			 const char *param_key, scn_diag *diag);
int64_t event_loss_get(link_dir *l, const char *what);
void event_loss_set(link_dir *l, const char *what, int64_t ppt);
void event_loss_record(event *ev, sim_time_t now, const char *target, const char *what, int64_t ppt);
int64_t event_rate_get(link_dir *l, const char *what);
void event_rate_set(link_dir *l, const char *what, int64_t rate_bps);
void event_rate_record(event *ev, sim_time_t now, const char *target, const char *what, int64_t rate_bps);
/* A direction that replays a trace has no rate to change: a located message. */
bool event_rate_ok(const scn_values *v, const char *target_key, link_dir *l, scn_diag *diag);

/* The ramp keys ramped actions share: `over` (optional: absent means at once) and `ramp_step`. */
#define EVENT_RAMP_KEYS                                                                                 \
	{ .name = "over", .type = SCN_TIME, .optional = true, .min = 1,                                  \
	  .doc = "change linearly from the value at `at` to the new one over this time; leave it out to " \
		 "change at once" },                                                                     \
	{ .name = "ramp_step", .type = SCN_TIME, .default_value = "100ms", .min = 1,                     \
	  .doc = "time between the steps of a ramp (the last lands exactly at at + over)" }

#endif
