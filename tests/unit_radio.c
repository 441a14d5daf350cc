/* unit_radio.c — the cellular radio's state machine driven by hand: promotion on the first packet
 * after idle (sent or received), packets held while it lasts and released in order, none held
 * within the tail, demotion exactly a tail after the last packet, radio-on time and promotions. */
#include "testutil.h"

#include "radio.h"
#include "registry.h"
#include "sim.h"

#include <string.h>

struct released {
	sim *s;
	GArray *out_ids, *out_times, *in_ids, *in_times;
};

static void on_out(void *ctx, packet *p, sim_time_t now)
{
	struct released *r = ctx;
	g_array_append_val(r->out_ids, p->id);
	g_array_append_val(r->out_times, now);
	packet_free(&r->s->pool, p);
}

static void on_in(void *ctx, packet *p, sim_time_t now)
{
	struct released *r = ctx;
	g_array_append_val(r->in_ids, p->id);
	g_array_append_val(r->in_times, now);
	packet_free(&r->s->pool, p);
}

static void released_init(struct released *r, sim *s)
{
	r->s = s;
	r->out_ids = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	r->out_times = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	r->in_ids = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	r->in_times = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
}

static void released_fini(struct released *r)
{
	g_array_free(r->out_ids, TRUE);
	g_array_free(r->out_times, TRUE);
	g_array_free(r->in_ids, TRUE);
	g_array_free(r->in_times, TRUE);
}

static const radio_model *model(const char *name)
{
	const radio_model *m = registry_find((const void *const *)radio_models_all, name, "radio", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	return m;
}

/* Offer a packet at `at` (running the sim up to it); true when it passed at once. */
static bool offer(sim *s, radio *r, bool outgoing, sim_time_t at, struct released *rel)
{
	CU_ASSERT_TRUE(sim_run(s, at, NULL));
	packet *p = packet_alloc(&s->pool);
	bool passed = radio_pass(r, p, outgoing, at);
	if (passed)
		(outgoing ? on_out : on_in)(rel, p, at);
	return passed;
}

static void test_promotion_and_tail(void)
{
	const sim_time_t promo = SIM_MS(260), tail = SIM_MS(11576);
	sim *s = sim_new(1);
	struct released rel;
	released_init(&rel, s);
	radio *r = radio_new(s, model("lte"), promo, tail, on_out, on_in, &rel);
	CU_ASSERT_EQUAL(r->state, RADIO_IDLE);
	/* Idle: the first packet starts a promotion; one sent and one received during it wait. */
	CU_ASSERT_FALSE(offer(s, r, true, SIM_S(1), &rel));
	CU_ASSERT_EQUAL(r->state, RADIO_PROMOTING);
	CU_ASSERT_FALSE(offer(s, r, false, SIM_S(1) + SIM_MS(100), &rel));
	CU_ASSERT_FALSE(offer(s, r, true, SIM_S(1) + SIM_MS(200), &rel));
	CU_ASSERT_TRUE(sim_run(s, SIM_S(1) + promo + 1, NULL));
	CU_ASSERT_EQUAL(r->state, RADIO_CONNECTED);
	CU_ASSERT_EQUAL_FATAL(rel.out_times->len, 2);
	CU_ASSERT_EQUAL_FATAL(rel.in_times->len, 1);
	CU_ASSERT_EQUAL(g_array_index(rel.out_times, sim_time_t, 0), SIM_S(1) + promo);
	CU_ASSERT_EQUAL(g_array_index(rel.out_times, sim_time_t, 1), SIM_S(1) + promo);
	CU_ASSERT_TRUE(g_array_index(rel.out_ids, uint64_t, 0) < g_array_index(rel.out_ids, uint64_t, 1));
	CU_ASSERT_EQUAL(g_array_index(rel.in_times, sim_time_t, 0), SIM_S(1) + promo);
	/* Connected: packets pass at once, each moving the end of the tail. */
	CU_ASSERT_TRUE(offer(s, r, true, SIM_S(5), &rel));
	CU_ASSERT_TRUE(offer(s, r, false, SIM_S(12), &rel));
	CU_ASSERT_TRUE(sim_run(s, SIM_S(12) + tail - 1, NULL));
	CU_ASSERT_EQUAL(r->state, RADIO_CONNECTED);
	CU_ASSERT_TRUE(sim_run(s, SIM_S(12) + tail + 1, NULL));
	CU_ASSERT_EQUAL(r->state, RADIO_IDLE);
	CU_ASSERT_EQUAL(radio_on_ns(r, s->now), SIM_S(11) + tail);
	/* Idle again: a received packet promotes too. */
	CU_ASSERT_FALSE(offer(s, r, false, SIM_S(40), &rel));
	CU_ASSERT_TRUE(sim_run(s, SIM_S(41), NULL));
	CU_ASSERT_EQUAL(g_array_index(rel.in_times, sim_time_t, rel.in_times->len - 1), SIM_S(40) + promo);
	/* Still on at 41 s: the current period counts up to now. */
	CU_ASSERT_EQUAL(radio_on_ns(r, s->now), SIM_S(11) + tail + SIM_S(1));
	CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
	CU_ASSERT_EQUAL(r->state, RADIO_IDLE);
	CU_ASSERT_EQUAL(radio_on_ns(r, s->now), SIM_S(11) + tail + promo + tail);
	CU_ASSERT_EQUAL(r->promotions, 2);
	CU_ASSERT_EQUAL(r->held_packets, 4);
	report_section *rep = report_section_new("x");
	radio_report(r, rep, s->now);
	CU_ASSERT_STRING_EQUAL(report_get(rep, "radio")->u.s, "lte");
	CU_ASSERT_STRING_EQUAL(report_get(rep, "radio_state")->u.s, "idle");
	CU_ASSERT_EQUAL(report_get(rep, "radio_on_ns")->u.i, SIM_S(11) + 2 * tail + promo);
	CU_ASSERT_EQUAL(report_get(rep, "radio_promotions")->u.i, 2);
	report_section_free(rep);
	released_fini(&rel);
	sim_free(s);
}

static void test_no_promotion_delay(void)
{
	/* A 0 s promotion still counts a promotion; the packet goes at once (in the promotion
	 * event, at the same time). */
	sim *s = sim_new(1);
	struct released rel;
	released_init(&rel, s);
	radio *r = radio_new(s, model("3g"), 0, SIM_S(5), on_out, on_in, &rel);
	CU_ASSERT_FALSE(offer(s, r, true, SIM_S(1), &rel));
	CU_ASSERT_TRUE(sim_run(s, SIM_TIME_NEVER, NULL));
	CU_ASSERT_EQUAL(g_array_index(rel.out_times, sim_time_t, 0), SIM_S(1));
	CU_ASSERT_EQUAL(radio_on_ns(r, s->now), SIM_S(5));
	CU_ASSERT_EQUAL(r->promotions, 1);
	released_fini(&rel);
	sim_free(s);
}

static void test_held_packets_freed_with_sim(void)
{
	sim *s = sim_new(1);
	struct released rel;
	released_init(&rel, s);
	radio *r = radio_new(s, model("lte"), SIM_MS(260), SIM_S(1), on_out, on_in, &rel);
	CU_ASSERT_FALSE(offer(s, r, true, 0, &rel));
	CU_ASSERT_FALSE(offer(s, r, false, 0, &rel));
	CU_ASSERT_EQUAL(s->pool.in_use, 2);
	released_fini(&rel);
	sim_free(s); /* the pool asserts that every packet came back */
}

static void test_models(void)
{
	for (size_t i = 0; radio_models_all[i]; i++) {
		const radio_model *m = radio_models_all[i];
		CU_ASSERT_PTR_NOT_NULL(m->summary);
		CU_ASSERT_PTR_NOT_NULL_FATAL(m->keys);
		for (size_t j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(m->name, radio_models_all[j]->name);
		if (strcmp(m->name, "none") == 0) {
			CU_ASSERT_PTR_NULL(m->keys[0].name);
			continue;
		}
		/* Every radio has exactly these two keys, with defaults. */
		CU_ASSERT_STRING_EQUAL(m->keys[0].name, "promotion_delay");
		CU_ASSERT_STRING_EQUAL(m->keys[1].name, "tail_time");
		CU_ASSERT_PTR_NULL(m->keys[2].name);
		CU_ASSERT_PTR_NOT_NULL(m->keys[0].default_value);
		CU_ASSERT_PTR_NOT_NULL(m->keys[1].default_value);
	}
	GError *e = NULL;
	scn_values *v = scn_values_from_text(model("lte")->keys, "interface.p.cell", NULL, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(scn_values_time(v, "promotion_delay"), SIM_MS(260));
	CU_ASSERT_EQUAL(scn_values_time(v, "tail_time"), SIM_MS(11576));
	scn_values_free(v);
	v = scn_values_from_text(model("3g")->keys, "interface.p.cell", NULL, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_EQUAL(scn_values_time(v, "promotion_delay"), SIM_S(2));
	CU_ASSERT_EQUAL(scn_values_time(v, "tail_time"), SIM_S(5));
	scn_values_free(v);
	CU_ASSERT_PTR_NULL(scn_values_from_text(model("lte")->keys, "g", (const char *[]){ "tail_time=0s", NULL }, &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "[g] tail_time: expected a time greater than 0, got \"0s\""));
	g_clear_error(&e);
}

static CU_TestInfo radio_tests[] = {
	{ .pName = "promotion holds packets; tail; radio-on time", .pTestFunc = test_promotion_and_tail },
	{ .pName = "a zero promotion delay", .pTestFunc = test_no_promotion_delay },
	{ .pName = "held packets are freed with the sim", .pTestFunc = test_held_packets_freed_with_sim },
	{ .pName = "models: names, keys, defaults", .pTestFunc = test_models },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "radio", .pTests = radio_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
