/* sim.c — the simulation object and its run loop. */
#include "sim.h"

#include "rng.h"

struct sim_finalizer {
	void (*fn)(void *obj);
	void *obj;
};

sim *sim_new(uint64_t seed)
{
	sim *s = g_new0(sim, 1);
	evq_init(&s->queue);
	packet_pool_init(&s->pool);
	s->seed = seed;
	s->rngs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)gsl_rng_free);
	s->report = report_section_new("");
	s->tables = g_ptr_array_new_with_free_func((GDestroyNotify)report_table_free);
	s->finalizers = g_ptr_array_new_with_free_func(g_free);
	return s;
}

void sim_free(sim *s)
{
	if (!s)
		return;
	for (guint i = s->finalizers->len; i-- > 0;) {
		struct sim_finalizer *f = g_ptr_array_index(s->finalizers, i);
		f->fn(f->obj);
	}
	g_ptr_array_free(s->finalizers, TRUE);
	for (guint i = 0; i < s->tables->len; i++)
		report_table_close(g_ptr_array_index(s->tables, i));
	g_ptr_array_free(s->tables, TRUE);
	report_section_free(s->report);
	g_hash_table_destroy(s->rngs);
	evq_fini(&s->queue);
	packet_pool_fini(&s->pool);
	g_clear_error(&s->failure);
	g_free(s);
}

gsl_rng *sim_rng(sim *s, const char *name)
{
	gsl_rng *r = g_hash_table_lookup(s->rngs, name);
	if (!r) {
		r = rng_stream_new(s->seed, name);
		g_hash_table_insert(s->rngs, g_strdup(name), r);
	}
	return r;
}

report_table *sim_table_new(sim *s, const char *name, const char *columns)
{
	report_table *t = report_table_new(name, columns);
	g_ptr_array_add(s->tables, t);
	return t;
}

void sim_on_free(sim *s, void (*fn)(void *obj), void *obj)
{
	struct sim_finalizer *f = g_new(struct sim_finalizer, 1);
	f->fn = fn;
	f->obj = obj;
	g_ptr_array_add(s->finalizers, f);
}

void sim_fail(sim *s, GError *error)
{
	if (s->failure)
		g_error_free(error);
	else
		s->failure = error;
}

bool sim_run(sim *s, sim_time_t stop_time, GError **error)
{
	s->stop_time = stop_time;
	evq *q = &s->queue;
	while (q->len && evq_peek_time(q) < stop_time && !s->failure) {
		sim_event *ev = evq_begin_fire(q);
		s->now = ev->time;
		s->events_run++;
		ev->fn(ev->ctx, s->now);
		evq_end_fire(q, ev);
	}
	if (!s->failure && s->now < stop_time && stop_time != SIM_TIME_NEVER)
		s->now = stop_time;
	if (s->failure) {
		g_propagate_error(error, g_error_copy(s->failure));
		return false;
	}
	return true;
}
