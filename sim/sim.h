/* sim.h — one simulation: its clock, event queue, packet pool, random streams and report.
 *
 * No globals: every object of a run hangs off its `sim`, so two simulations run side by side in one
 * process (tests do). The run loop pops events in (time, sequence) order until the queue is empty,
 * the stop time is reached, or a component reports a fatal failure with sim_fail() (a receiver that
 * got wrong bytes, say), which ends the run with that error. */
#ifndef MPTCPSIM_SIM_SIM_H
#define MPTCPSIM_SIM_SIM_H

#include "evq.h"
#include "packet.h"
#include "report.h"
#include "simtime.h"

#include <glib.h>
#include <gsl/gsl_rng.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct sim {
	evq queue;
	sim_time_t now;
	sim_time_t stop_time;
	uint64_t seed;
	uint64_t events_run;
	packet_pool pool;
	GHashTable *rngs;      /* stream name → gsl_rng*, owned */
	report_section *report; /* root of summary.json's metrics */
	GPtrArray *tables;     /* report_table*, owned, in creation order */
	GPtrArray *finalizers; /* struct sim_finalizer*, run in reverse order by sim_free */
	GError *failure;       /* set by sim_fail(); the run stops */
} sim;

sim *sim_new(uint64_t seed);
/* Runs the registered finalizers (last registered first), then frees the sim. */
void sim_free(sim *s);

static inline void sim_schedule(sim *s, sim_event *ev, sim_time_t time)
{
	g_assert(time >= s->now); /* time never goes backwards */
	evq_schedule(&s->queue, ev, time);
}

static inline void sim_cancel(sim *s, sim_event *ev)
{
	evq_cancel(&s->queue, ev);
}

/* The random stream `name` of this run, created on first use (rng.h); owned by the sim. */
gsl_rng *sim_rng(sim *s, const char *name);

/* A table owned by the sim (and closed and freed with it). */
report_table *sim_table_new(sim *s, const char *name, const char *columns);

/* Objects of the world register a destructor here so sim_free() releases them. */
void sim_on_free(sim *s, void (*fn)(void *obj), void *obj);

/* Record a fatal failure; the run loop stops after the current event. The first failure wins. */
void sim_fail(sim *s, GError *error);

/* Run the events before `stop_time` (the interval [now, stop_time): an event at exactly stop_time
 * waits for a later run) or until nothing is left; the clock then reads stop_time.
 * Returns false with the failure when a component called sim_fail(). */
bool sim_run(sim *s, sim_time_t stop_time, GError **error);

#endif
