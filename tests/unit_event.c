/* unit_event.c — the parts of mobility events that need no world: every action registered
 * completely with keys the loader accepts, ramp arithmetic (step times and values exact, the last
 * step exactly the target), and loss models changing their parameters at run time without
 * shifting their random streams. */
#include "testutil.h"

#include "event.h"
#include "loss.h"
#include "registry.h"
#include "rng.h"
#include "scn.h"

#include <string.h>

static void test_registry_complete(void)
{
	for (size_t i = 0; event_actions_all[i]; i++) {
		const event_action_ops *o = event_actions_all[i];
		CU_ASSERT_PTR_NOT_NULL(o->summary);
		CU_ASSERT_PTR_NOT_NULL_FATAL(o->keys);
		CU_ASSERT_TRUE(o->create && o->start && o->destroy);
		for (size_t j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(o->name, event_actions_all[j]->name);
		/* Every action names what it acts on; none shadows the group's own keys. */
		bool has_target = false;
		for (const scn_key *k = o->keys; k->name; k++) {
			CU_ASSERT_PTR_NOT_NULL(k->doc);
			CU_ASSERT_STRING_NOT_EQUAL(k->name, "at");
			CU_ASSERT_STRING_NOT_EQUAL(k->name, "action");
			has_target = has_target || strcmp(k->name, "target") == 0;
		}
		CU_ASSERT_TRUE(has_target);
	}
}

/* A valid sample value for a key, as the loader would see it. */
static const char *sample(const scn_key *k)
{
	switch (k->type) {
	case SCN_TIME: return "2s";
	case SCN_RATE: return "1Mbit";
	case SCN_PERCENT: return "5%";
	case SCN_ADDR_LIST: return "10.9.0.1";
	case SCN_ENDPOINT: return "phone.wifi";
	default: return strcmp(k->name, "param") == 0 ? "loss_rate" : "wifi";
	}
}

static void test_every_action_key_loads(void)
{
	/* Each action with every key given, and with only its required keys: the loader accepts
	 * both (the world builder checks the targets). */
	for (size_t i = 0; event_actions_all[i]; i++) {
		const event_action_ops *o = event_actions_all[i];
		GString *all = g_string_new(NULL), *required = g_string_new(NULL);
		g_string_printf(all, "[event.e]\nat = 1s\naction = %s\n", o->name);
		g_string_assign(required, all->str);
		for (const scn_key *k = o->keys; k->name; k++) {
			g_string_append_printf(all, "%s = %s\n", k->name, sample(k));
			if (!k->default_value && !k->optional)
				g_string_append_printf(required, "%s = %s\n", k->name, sample(k));
		}
		const char *texts[] = { all->str, required->str };
		for (int t = 0; t < 2; t++) {
			scn_diag d;
			scn_diag_init(&d);
			scenario *s = scn_load_from_data("e.ini", texts[t], strlen(texts[t]), NULL, -1, &d);
			for (guint m = 0; m < d.messages->len; m++)
				fprintf(stderr, "%s: %s\n", o->name, (char *)g_ptr_array_index(d.messages, m));
			CU_ASSERT_PTR_NOT_NULL(s);
			if (s) {
				const scn_group *g = scn_find_group(s, "event.e");
				CU_ASSERT_PTR_EQUAL(scn_values_model(g->values, "action"), o);
				CU_ASSERT_EQUAL(scn_values_time(g->values, "at"), SIM_S(1));
				/* The resolved text loads back to itself. */
				scenario *again = scn_load_from_data("r.ini", s->text_resolved, strlen(s->text_resolved), NULL, -1, &d);
				CU_ASSERT_PTR_NOT_NULL(again);
				if (again)
					CU_ASSERT_STRING_EQUAL(again->text_resolved, s->text_resolved);
				scn_free(again);
			}
			scn_free(s);
			scn_diag_fini(&d);
		}
		g_string_free(all, TRUE);
		g_string_free(required, TRUE);
	}
}

static void test_ramp_times(void)
{
	static const struct {
		sim_time_t over, step;
		uint32_t steps;
		sim_time_t at[5]; /* after the start */
	} cases[] = {
		{ SIM_S(1), SIM_MS(250), 4, { SIM_MS(250), SIM_MS(500), SIM_MS(750), SIM_S(1) } },
		{ SIM_S(1), SIM_MS(300), 4, { SIM_MS(250), SIM_MS(500), SIM_MS(750), SIM_S(1) } }, /* no step over 300 ms */
		{ SIM_MS(100), SIM_MS(100), 1, { SIM_MS(100) } },
		{ SIM_MS(100), SIM_S(5), 1, { SIM_MS(100) } },
		{ 10, 3, 4, { 2, 5, 7, 10 } }, /* 10·k/4, rounded down */
	};
	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
		event_ramp r;
		CU_ASSERT_TRUE_FATAL(event_ramp_init(&r, cases[c].over, cases[c].step, NULL, "over", NULL));
		CU_ASSERT_EQUAL_FATAL(r.steps, cases[c].steps);
		const sim_time_t start = SIM_S(7);
		sim_time_t t = event_ramp_begin(&r, start);
		uint32_t n = 0;
		do {
			CU_ASSERT_EQUAL(t, start + cases[c].at[n]);
			n++;
		} while (event_ramp_step(&r, &t));
		CU_ASSERT_EQUAL(n, r.steps);
	}
	/* A huge span in few steps: no overflow in over·k. */
	event_ramp r;
	CU_ASSERT_TRUE_FATAL(event_ramp_init(&r, INT64_C(4000000000000000000), INT64_C(1000000000000000000), NULL, "over", NULL));
	sim_time_t t = event_ramp_begin(&r, 0), last = t;
	CU_ASSERT_EQUAL(t, INT64_C(1000000000000000000));
	while (event_ramp_step(&r, &t))
		last = t;
	CU_ASSERT_EQUAL(last, INT64_C(4000000000000000000));
}

static void test_ramp_values(void)
{
	CU_ASSERT_EQUAL(event_ramp_int(20000000, 5000000, 1, 4), 16250000);
	CU_ASSERT_EQUAL(event_ramp_int(20000000, 5000000, 2, 4), 12500000);
	CU_ASSERT_EQUAL(event_ramp_int(20000000, 5000000, 4, 4), 5000000);
	CU_ASSERT_EQUAL(event_ramp_int(5, 20, 1, 3), 10);
	CU_ASSERT_EQUAL(event_ramp_int(0, 10, 1, 3), 3);  /* 10/3 rounded towards the start */
	CU_ASSERT_EQUAL(event_ramp_int(10, 0, 1, 3), 7);  /* … from either side */
	CU_ASSERT_EQUAL(event_ramp_int(0, INT64_MAX, 999999, 1000000), INT64_MAX - INT64_MAX / 1000000 - 1);
	CU_ASSERT_EQUAL(event_ramp_int(INT64_MAX, 0, 1000000, 1000000), 0);
	CU_ASSERT_EQUAL(event_ramp_int(7, 7, 3, 9), 7);
	/* Every step between the ends, last exactly the end. */
	for (uint32_t n = 1; n < 50; n++) {
		int64_t prev = 123456789;
		for (uint32_t k = 1; k <= n; k++) {
			int64_t v = event_ramp_int(123456789, 1000, k, n);
			CU_ASSERT_TRUE(v <= prev && v >= 1000);
			prev = v;
		}
		CU_ASSERT_EQUAL(prev, 1000);
	}
	CU_ASSERT_DOUBLE_EQUAL(event_ramp_fraction(0.0, 0.4, 1, 4), 0.1, 1e-15);
	CU_ASSERT_EQUAL(event_ramp_fraction(0.1, 0.3, 3, 3), 0.3);
	/* Loss parameters as integers: a percentage's exact resolution, both ways. */
	CU_ASSERT_EQUAL(event_loss_ppt(0.000000000001), 1);
	CU_ASSERT_EQUAL(event_loss_ppt(0.25), 250000000000);
	CU_ASSERT_EQUAL(event_loss_fraction(event_loss_ppt(0.123456789)), 0.123456789);
}

static const loss_ops *model(const char *name)
{
	const loss_ops *m = registry_find((const void *const *)loss_models_all, name, "loss model", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	return m;
}

static void test_loss_params(void)
{
	/* Both hooks or neither; every percentage key of a model with hooks can be read and changed;
	 * other names cannot. */
	for (size_t i = 0; loss_models_all[i]; i++) {
		const loss_ops *m = loss_models_all[i];
		CU_ASSERT_EQUAL(m->get_param == NULL, m->set_param == NULL);
	}
	CU_ASSERT_PTR_NULL(model("none")->get_param);
	CU_ASSERT_PTR_NULL(model("scripted")->get_param);
	const char *models[] = { "bernoulli", "gilbert-elliott" };
	for (size_t i = 0; i < G_N_ELEMENTS(models); i++) {
		const loss_ops *m = model(models[i]);
		scn_values *v = scn_values_from_text(m->keys, "g", NULL, NULL);
		gsl_rng *r = rng_stream_new(1, "x");
		void *st = m->create(v, r, NULL);
		for (const scn_key *k = m->keys; k->name; k++) {
			double x = -1;
			CU_ASSERT_TRUE(m->get_param(st, k->name, &x));
			CU_ASSERT_DOUBLE_EQUAL(x, scn_values_percent(v, k->name), 0);
			CU_ASSERT_TRUE(m->set_param(st, k->name, 0.125));
			CU_ASSERT_TRUE(m->get_param(st, k->name, &x));
			CU_ASSERT_EQUAL(x, 0.125);
		}
		double x;
		CU_ASSERT_FALSE(m->get_param(st, "rate", &x));
		CU_ASSERT_FALSE(m->set_param(st, "loss", 0.5));
		m->destroy(st);
		gsl_rng_free(r);
		scn_values_free(v);
	}
}

static void test_bernoulli_change_keeps_stream(void)
{
	/* Changing the rate mid-way neither skips nor adds draws: after a change to 100% and back to
	 * the original, the model drops exactly the packets an unchanged one drops. */
	const loss_ops *m = model("bernoulli");
	scn_values *v = scn_values_from_text(m->keys, "g", (const char *[]){ "loss_rate=10%", NULL }, NULL);
	gsl_rng *ra = rng_stream_new(3, "x"), *rb = rng_stream_new(3, "x");
	void *a = m->create(v, ra, NULL), *b = m->create(v, rb, NULL);
	packet p = { 0 };
	int differ = 0;
	for (uint64_t i = 1; i <= 3000; i++) {
		if (i == 1000)
			m->set_param(b, "loss_rate", 1.0);
		if (i == 2000)
			m->set_param(b, "loss_rate", 0.1);
		bool da = m->drop(a, &p, i), db = m->drop(b, &p, i);
		if (i >= 1000 && i < 2000) {
			CU_ASSERT_TRUE(db);
		} else {
			differ += da != db;
		}
	}
	CU_ASSERT_EQUAL(differ, 0);
	m->destroy(a);
	m->destroy(b);
	gsl_rng_free(ra);
	gsl_rng_free(rb);
	scn_values_free(v);
}

static CU_TestInfo event_tests[] = {
	{ .pName = "every action registered completely", .pTestFunc = test_registry_complete },
	{ .pName = "every action's keys load", .pTestFunc = test_every_action_key_loads },
	{ .pName = "ramp step times exact, last at start + over", .pTestFunc = test_ramp_times },
	{ .pName = "ramp values exact, no overflow", .pTestFunc = test_ramp_values },
	TEST_END_OF_TESTS,
};

static CU_TestInfo loss_tests[] = {
	{ .pName = "loss models read and change their parameters", .pTestFunc = test_loss_params },
	{ .pName = "a change keeps the random stream in step", .pTestFunc = test_bernoulli_change_keeps_stream },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "event actions and ramps", .pTests = event_tests },
	{ .pName = "loss parameters at run time", .pTests = loss_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
