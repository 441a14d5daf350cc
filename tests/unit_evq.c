/* unit_evq.c — event queue ordering, ties, cancel, re-arm, and two sims side by side. */
#include "testutil.h"

#include "evq.h"
#include "sim.h"

#include <gsl/gsl_rng.h>

struct rec {
	GArray *order;
	int id;
};

static void record(void *ctx, sim_time_t now)
{
	(void)now;
	struct rec *r = ctx;
	g_array_append_val(r->order, r->id);
}

static void test_ties_run_in_schedule_order(void)
{
	evq q;
	evq_init(&q);
	GArray *order = g_array_new(FALSE, FALSE, sizeof(int));
	struct rec recs[100];
	sim_event ev[100];
	for (int i = 0; i < 100; i++) {
		recs[i] = (struct rec){ .order = order, .id = i };
		sim_event_init(&ev[i], record, &recs[i]);
		evq_schedule(&q, &ev[i], (i % 3) * 10); /* three times, interleaved */
	}
	sim_time_t last = -1;
	int last_id_at_time = -1;
	sim_event *e;
	while ((e = evq_pop(&q))) {
		CU_ASSERT_TRUE(e->time >= last);
		if (e->time != last)
			last_id_at_time = -1;
		struct rec *r = e->ctx;
		CU_ASSERT_TRUE(r->id > last_id_at_time); /* FIFO among equal times */
		last_id_at_time = r->id;
		last = e->time;
		CU_ASSERT_FALSE(sim_event_is_armed(e));
	}
	evq_fini(&q);
	g_array_free(order, TRUE);
}

static void test_random_against_sorted(void)
{
	/* Random inserts, cancels and re-arms; popping must give (time, seq) order. */
	enum { N = 5000 };
	evq q;
	evq_init(&q);
	static sim_event ev[N];
	static uint64_t seq_of[N];
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 7);
	uint64_t seq = 0;
	for (int i = 0; i < N; i++) {
		sim_event_init(&ev[i], NULL, NULL);
		evq_schedule(&q, &ev[i], (sim_time_t)gsl_rng_uniform_int(r, 1000));
		seq_of[i] = seq++;
	}
	for (int k = 0; k < 3 * N; k++) {
		int i = (int)gsl_rng_uniform_int(r, N);
		if (gsl_rng_uniform(r) < 0.3) {
			evq_cancel(&q, &ev[i]);
		} else {
			evq_schedule(&q, &ev[i], (sim_time_t)gsl_rng_uniform_int(r, 1000));
			seq_of[i] = seq++;
		}
	}
	size_t n = evq_len(&q);
	sim_time_t last_t = -1;
	uint64_t last_s = 0;
	size_t popped = 0;
	sim_event *e;
	while ((e = evq_pop(&q))) {
		int i = (int)(e - ev);
		CU_ASSERT_TRUE(e->time > last_t || (e->time == last_t && seq_of[i] > last_s));
		last_t = e->time;
		last_s = seq_of[i];
		popped++;
	}
	CU_ASSERT_EQUAL(popped, n);
	gsl_rng_free(r);
	evq_fini(&q);
}

static void test_cancel_and_rearm(void)
{
	evq q;
	evq_init(&q);
	sim_event a, b, c;
	sim_event_init(&a, NULL, NULL);
	sim_event_init(&b, NULL, NULL);
	sim_event_init(&c, NULL, NULL);
	evq_schedule(&q, &a, 10);
	evq_schedule(&q, &b, 20);
	evq_schedule(&q, &c, 30);
	evq_cancel(&q, &a);
	evq_cancel(&q, &a); /* no-op */
	CU_ASSERT_EQUAL(evq_len(&q), 2);
	evq_schedule(&q, &c, 5); /* re-arm earlier */
	CU_ASSERT_EQUAL(evq_peek_time(&q), 5);
	evq_schedule(&q, &c, 50); /* and later */
	CU_ASSERT_PTR_EQUAL(evq_pop(&q), &b);
	CU_ASSERT_PTR_EQUAL(evq_pop(&q), &c);
	CU_ASSERT_PTR_NULL(evq_pop(&q));
	CU_ASSERT_EQUAL(evq_peek_time(&q), SIM_TIME_NEVER);
	evq_fini(&q);
}

struct ticker {
	sim *s;
	sim_event ev;
	int count;
	sim_time_t period;
};

static void tick(void *ctx, sim_time_t now)
{
	struct ticker *t = ctx;
	t->count++;
	sim_schedule(t->s, &t->ev, now + t->period);
}

static void test_two_sims_side_by_side(void)
{
	sim *s1 = sim_new(1), *s2 = sim_new(2);
	struct ticker t1 = { .s = s1, .period = SIM_MS(10) }, t2 = { .s = s2, .period = SIM_MS(3) };
	sim_event_init(&t1.ev, tick, &t1);
	sim_event_init(&t2.ev, tick, &t2);
	sim_schedule(s1, &t1.ev, 0);
	sim_schedule(s2, &t2.ev, 0);
	CU_ASSERT_TRUE(sim_run(s1, SIM_S(1), NULL));
	CU_ASSERT_TRUE(sim_run(s2, SIM_MS(30), NULL));
	CU_ASSERT_EQUAL(t1.count, 100); /* 0, 10, ..., 990 ms: the stop time is exclusive */
	CU_ASSERT_EQUAL(t2.count, 10);
	CU_ASSERT_EQUAL(s1->now, SIM_S(1));
	sim_cancel(s1, &t1.ev);
	sim_cancel(s2, &t2.ev);
	sim_free(s1);
	sim_free(s2);
}

static void failer(void *ctx, sim_time_t now)
{
	(void)now;
	sim *s = ctx;
	sim_fail(s, g_error_new(G_FILE_ERROR, 0, "receiver got byte 0x%02x at offset %d", 7, 12));
}

static void test_failure_stops_run(void)
{
	sim *s = sim_new(1);
	struct ticker t = { .s = s, .period = SIM_MS(1) };
	sim_event_init(&t.ev, tick, &t);
	sim_schedule(s, &t.ev, 0);
	sim_event f;
	sim_event_init(&f, failer, s);
	sim_schedule(s, &f, SIM_MS(5));
	GError *e = NULL;
	CU_ASSERT_FALSE(sim_run(s, SIM_S(10), &e));
	CU_ASSERT_PTR_NOT_NULL(e);
	CU_ASSERT_TRUE(s->now == SIM_MS(5));
	g_clear_error(&e);
	sim_cancel(s, &t.ev);
	sim_free(s);
}

static void test_schedule_before_peeked_time(void)
{
	/* A run stops at 5 s with an event pending at 7 s (the queue has looked at it); then an event
	 * is scheduled at 5 s. It must still come out first. */
	sim *s = sim_new(1);
	struct ticker late = { .s = s, .period = SIM_S(100) };
	sim_event_init(&late.ev, tick, &late);
	sim_schedule(s, &late.ev, SIM_S(7));
	CU_ASSERT_TRUE(sim_run(s, SIM_S(5), NULL));
	CU_ASSERT_EQUAL(late.count, 0);
	CU_ASSERT_EQUAL(s->now, SIM_S(5));
	struct ticker early = { .s = s, .period = SIM_S(100) };
	sim_event_init(&early.ev, tick, &early);
	sim_schedule(s, &early.ev, SIM_S(5));
	CU_ASSERT_TRUE(sim_run(s, SIM_S(6), NULL));
	CU_ASSERT_EQUAL(early.count, 1);
	CU_ASSERT_EQUAL(late.count, 0);
	CU_ASSERT_TRUE(sim_run(s, SIM_S(7), NULL));
	CU_ASSERT_EQUAL(late.count, 0); /* [6 s, 7 s) */
	CU_ASSERT_TRUE(sim_run(s, SIM_S(7) + 1, NULL));
	CU_ASSERT_EQUAL(late.count, 1);
	sim_cancel(s, &late.ev);
	sim_cancel(s, &early.ev);
	sim_free(s);
}

/* A handler that re-arms itself at the same time a few times, and cancels a partner. */
struct chain {
	sim *s;
	sim_event ev;
	int id, left;
	GArray *log;
	sim_event *victim;
};

static void chain_fire(void *ctx, sim_time_t now)
{
	struct chain *c = ctx;
	g_array_append_val(c->log, c->id);
	CU_ASSERT_FALSE(sim_event_is_armed(&c->ev)); /* not armed while its own handler runs */
	if (c->victim)
		sim_cancel(c->s, c->victim);
	if (c->left-- > 0)
		sim_schedule(c->s, &c->ev, now); /* same time: after everything already scheduled then */
}

static void test_same_time_rearm_and_cancel(void)
{
	sim *s = sim_new(1);
	GArray *log = g_array_new(FALSE, FALSE, sizeof(int));
	struct chain a = { .s = s, .id = 1, .left = 2, .log = log }, b = { .s = s, .id = 2, .left = 1, .log = log },
		     c = { .s = s, .id = 3, .left = 0, .log = log };
	sim_event_init(&a.ev, chain_fire, &a);
	sim_event_init(&b.ev, chain_fire, &b);
	sim_event_init(&c.ev, chain_fire, &c);
	sim_schedule(s, &a.ev, SIM_MS(1));
	sim_schedule(s, &b.ev, SIM_MS(1));
	sim_schedule(s, &c.ev, SIM_MS(2));
	b.victim = &c.ev; /* b cancels c the first time it runs */
	CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
	/* a, b, a (re-armed after b), b, a — and c never runs */
	int want[] = { 1, 2, 1, 2, 1 };
	CU_ASSERT_EQUAL_FATAL(log->len, G_N_ELEMENTS(want));
	for (guint i = 0; i < log->len; i++)
		CU_ASSERT_EQUAL(g_array_index(log, int, i), want[i]);
	CU_ASSERT_EQUAL(evq_len(&s->queue), 0);
	g_array_free(log, TRUE);
	sim_free(s);
}

static void test_hold_model_against_reference(void)
{
	/* A long hold-model run with cancels, checked against a simple reference: every popped event
	 * is the (time, seq) minimum of what is pending, found by a linear scan. */
	enum { N = 300, STEPS = 20000 };
	evq q;
	evq_init(&q);
	static sim_event ev[N];
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, 11);
	for (int i = 0; i < N; i++) {
		sim_event_init(&ev[i], NULL, NULL);
		evq_schedule(&q, &ev[i], (sim_time_t)gsl_rng_uniform_int(r, 1u << 20));
	}
	sim_time_t now = 0;
	int bad = 0;
	for (int k = 0; k < STEPS && evq_len(&q); k++) {
		sim_event *want = NULL;
		for (int i = 0; i < N; i++)
			if (sim_event_is_armed(&ev[i]) &&
			    (!want || ev[i].time < want->time || (ev[i].time == want->time && ev[i].seq < want->seq)))
				want = &ev[i];
		sim_event *got = evq_pop(&q);
		bad += got != want;
		now = got->time;
		/* re-arm with a mix of tiny, equal and huge increments */
		uint64_t kind = gsl_rng_uniform_int(r, 4);
		sim_time_t inc = kind == 0 ? 0 : kind == 1 ? (sim_time_t)gsl_rng_uniform_int(r, 16)
				  : kind == 2 ? (sim_time_t)gsl_rng_uniform_int(r, 1u << 20) : SIM_S(1000);
		evq_schedule(&q, got, now + inc);
		if (gsl_rng_uniform(r) < 0.2) {
			int i = (int)gsl_rng_uniform_int(r, N);
			if (gsl_rng_uniform(r) < 0.5)
				evq_cancel(&q, &ev[i]);
			else
				evq_schedule(&q, &ev[i], now + (sim_time_t)gsl_rng_uniform_int(r, 100));
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	gsl_rng_free(r);
	evq_fini(&q);
}

static CU_TestInfo evq_tests[] = {
	{ .pName = "scheduling before a peeked time", .pTestFunc = test_schedule_before_peeked_time },
	{ .pName = "same-time re-arm and cancel from handlers", .pTestFunc = test_same_time_rearm_and_cancel },
	{ .pName = "hold model matches a reference scan", .pTestFunc = test_hold_model_against_reference },
	{ .pName = "equal times run in schedule order", .pTestFunc = test_ties_run_in_schedule_order },
	{ .pName = "random schedule/cancel/re-arm pops in order", .pTestFunc = test_random_against_sorted },
	{ .pName = "cancel and re-arm", .pTestFunc = test_cancel_and_rearm },
	{ .pName = "two simulations in one process", .pTestFunc = test_two_sims_side_by_side },
	{ .pName = "sim_fail stops the run with the error", .pTestFunc = test_failure_stops_run },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "event queue", .pTests = evq_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
