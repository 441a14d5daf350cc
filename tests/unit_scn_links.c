/* unit_scn_links.c — the scenario keys of links beyond a fixed rate: presets (every value valid,
 * per-direction defaults, the file's keys winning at every level), traces instead of a rate (the
 * most specific group decides, never both in one group), and the resolved text loading back to
 * itself with both. */
#include "testutil.h"

#include "link_preset.h"
#include "loss.h"
#include "registry.h"
#include "scn.h"

#include <string.h>

static const char *const hosts =
	"[host.phone]\n[host.net]\n"
	"[interface.phone.wifi]\naddresses = 10.0.0.2\n"
	"[interface.net.wifi]\naddresses = 10.0.0.1\n";

static void print_messages(const scn_diag *d)
{
	for (guint i = 0; i < d->messages->len; i++)
		fprintf(stderr, "    %s\n", (const char *)g_ptr_array_index(d->messages, i));
}

/* Load hosts + `links`; NULL with the messages in `d` (which may be NULL: then none expected). */
static scenario *load(const char *links, scn_diag *d)
{
	char *text = g_strconcat(hosts, links, NULL);
	scn_diag own;
	scn_diag_init(&own);
	scenario *s = scn_load_from_data("t.ini", text, strlen(text), NULL, -1, d ? d : &own);
	if (!d && !s)
		print_messages(&own);
	if (!d)
		CU_ASSERT_PTR_NOT_NULL(s);
	scn_diag_fini(&own);
	g_free(text);
	return s;
}

static const scn_values *values(const scenario *s, const char *group)
{
	const scn_group *g = scn_find_group(s, group);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	return g->values;
}

static const char *messages_joined(const scn_diag *d)
{
	static char buf[4096];
	buf[0] = '\0';
	for (guint i = 0; i < d->messages->len; i++) {
		g_strlcat(buf, g_ptr_array_index(d->messages, i), sizeof buf);
		g_strlcat(buf, "\n", sizeof buf);
	}
	return buf;
}

static void expect_problem(const char *links, const char *fragment)
{
	scn_diag d;
	scn_diag_init(&d);
	scenario *s = load(links, &d);
	CU_ASSERT_PTR_NULL(s);
	const char *all = messages_joined(&d);
	if (!strstr(all, fragment))
		fprintf(stderr, "\n  expected \"%s\", got:\n%s", fragment, all);
	CU_ASSERT_PTR_NOT_NULL(strstr(all, fragment));
	CU_ASSERT_EQUAL(d.messages->len, 1);
	scn_free(s);
	scn_diag_fini(&d);
}

/* ---- presets ---- */

static const scn_key *key_in(const scn_key *keys, const char *name)
{
	for (const scn_key *k = keys; k->name; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

static void test_every_preset_value_is_valid(void)
{
	/* Each value is a link-direction key or a key of the loss model the preset selects, and
	 * parses; a preset that gives a rate gives one for both directions. */
	const scn_key *dir_keys = scn_schema_keys("link-direction");
	for (size_t i = 0; link_presets_all[i]; i++) {
		const link_preset *p = link_presets_all[i];
		CU_ASSERT_PTR_NOT_NULL(p->summary);
		CU_ASSERT_PTR_NOT_NULL(p->source);
		for (size_t j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(p->name, link_presets_all[j]->name);
		const char *const *lists[2] = { p->up, p->down };
		for (int d = 0; d < 2; d++) {
			const char *model_name = link_preset_value(p, d ? "down" : "up", "loss");
			const loss_ops *model = model_name ? registry_find((const void *const *)loss_models_all, model_name,
									   "loss model", NULL)
							   : NULL;
			CU_ASSERT_TRUE(!model_name || model);
			for (const char *const *kv = lists[d]; *kv; kv++) {
				char *key = g_strndup(*kv, strcspn(*kv, "="));
				const scn_key *def = key_in(dir_keys, key);
				if (!def && model)
					def = key_in(model->keys, key);
				CU_ASSERT_PTR_NOT_NULL(def);
				if (def) {
					scn_key one[] = { *def, SCN_KEY_END };
					GError *e = NULL;
					scn_values *v = scn_values_from_text(one, "preset", (const char *[]){ *kv, NULL }, &e);
					if (!v)
						fprintf(stderr, "preset %s: %s\n", p->name, e->message);
					CU_ASSERT_PTR_NOT_NULL(v);
					g_clear_error(&e);
					scn_values_free(v);
				}
				g_free(key);
			}
		}
		CU_ASSERT_EQUAL(link_preset_value(p, "up", "rate") != NULL, link_preset_value(p, "down", "rate") != NULL);
	}
}

static void test_preset_lte_per_direction(void)
{
	scenario *s = load("[link.cell]\na = phone.wifi\nb = net.wifi\npreset = lte\n", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	const scn_values *up = values(s, "link.cell.up"), *down = values(s, "link.cell.down"), *link = values(s, "link.cell");
	CU_ASSERT_EQUAL(scn_values_int(up, "rate"), 6000000);
	CU_ASSERT_EQUAL(scn_values_int(down, "rate"), 13000000);
	CU_ASSERT_EQUAL(scn_values_time(up, "delay"), SIM_MS(30));
	int64_t q;
	bool pk;
	scn_values_queue(down, "queue", &q, &pk);
	CU_ASSERT_EQUAL(q, 600);
	CU_ASSERT_TRUE(pk);
	CU_ASSERT_STRING_EQUAL(scn_values_string(down, "loss"), "none");
	CU_ASSERT_FALSE(scn_values_is_set(down, "rate"));
	CU_ASSERT_FALSE(scn_values_has(up, "trace"));
	/* The link shows what both directions share; the rates differ, so it has none. */
	CU_ASSERT_FALSE(scn_values_has(link, "rate"));
	CU_ASSERT_EQUAL(scn_values_time(link, "delay"), SIM_MS(30));
	CU_ASSERT_STRING_EQUAL(scn_values_string(link, "preset"), "lte");
	scn_free(s);
}

static void test_preset_overridden_at_every_level(void)
{
	/* wifi: bernoulli 1% both ways; the link changes the delay and the loss rate, the up direction
	 * its rate and its loss model, the down direction its queue. */
	scenario *s = load("[link.w]\na = phone.wifi\nb = net.wifi\npreset = wifi\ndelay = 2ms\nloss_rate = 3%\n"
			   "[link.w.up]\nrate = 8Mbit\nloss = gilbert-elliott\n"
			   "[link.w.down]\nqueue = 10pkt\n",
			   NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	const scn_values *up = values(s, "link.w.up"), *down = values(s, "link.w.down"), *link = values(s, "link.w");
	CU_ASSERT_EQUAL(scn_values_int(up, "rate"), 8000000);
	CU_ASSERT_EQUAL(scn_values_int(down, "rate"), 20000000);
	CU_ASSERT_EQUAL(scn_values_time(up, "delay"), SIM_MS(2));
	CU_ASSERT_EQUAL(scn_values_time(down, "delay"), SIM_MS(2));
	CU_ASSERT_STRING_EQUAL(scn_values_string(up, "loss"), "gilbert-elliott");
	CU_ASSERT_DOUBLE_EQUAL(scn_values_percent(up, "ge_p"), 0.01, 1e-15); /* the model's default */
	CU_ASSERT_STRING_EQUAL(scn_values_string(down, "loss"), "bernoulli");
	CU_ASSERT_DOUBLE_EQUAL(scn_values_percent(down, "loss_rate"), 0.03, 1e-15);
	int64_t q;
	bool pk;
	scn_values_queue(down, "queue", &q, &pk);
	CU_ASSERT_EQUAL(q, 10);
	scn_values_queue(up, "queue", &q, &pk);
	CU_ASSERT_EQUAL(q, 50);
	CU_ASSERT_EQUAL(scn_values_int(link, "rate"), 20000000);
	CU_ASSERT_DOUBLE_EQUAL(scn_values_percent(link, "loss_rate"), 0.03, 1e-15);
	scn_free(s);
}

static void test_preset_problems(void)
{
	expect_problem("[link.w]\na = phone.wifi\nb = net.wifi\npreset = wfii\n",
		       "t.ini:10: [link.w] preset: unknown link preset \"wfii\" (did you mean \"wifi\"?); known: none, wifi, lte, 3g");
	/* A key of another loss model than the preset's. */
	expect_problem("[link.w]\na = phone.wifi\nb = net.wifi\npreset = lte\nloss_rate = 1%\n",
		       "t.ini:11: [link.w] loss_rate: expected one of a, b, preset, rate, trace, delay, queue, loss, middlebox, strip, rewrite_packets, got "
		       "\"loss_rate\", a key of loss model \"bernoulli\", but [link.w] uses loss model \"none\"");
	/* A preset is for the whole link. */
	expect_problem("[link.w]\na = phone.wifi\nb = net.wifi\nrate = 1Mbit\n[link.w.up]\npreset = wifi\n",
		       "t.ini:12: [link.w.up] preset: expected one of rate, trace, delay, queue, loss, middlebox, strip, rewrite_packets, got \"preset\", which is "
		       "set for both directions in [link.w] only");
}

/* ---- traces ---- */

static void test_trace_instead_of_rate(void)
{
	/* A trace in a direction replaces the link's rate (and the preset's) for that direction only. */
	scenario *s = load("[link.c]\na = phone.wifi\nb = net.wifi\npreset = lte\n"
			   "[link.c.down]\ntrace = traces/lte.down\n",
			   NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	const scn_values *up = values(s, "link.c.up"), *down = values(s, "link.c.down");
	CU_ASSERT_TRUE(scn_values_has(down, "trace"));
	CU_ASSERT_FALSE(scn_values_has(down, "rate"));
	CU_ASSERT_STRING_EQUAL(scn_values_string(down, "trace"), "traces/lte.down");
	char *file = scn_values_file(down, "trace");
	CU_ASSERT_STRING_EQUAL(file, "./traces/lte.down");
	g_free(file);
	CU_ASSERT_EQUAL(scn_values_int(up, "rate"), 6000000);
	CU_ASSERT_FALSE(scn_values_has(up, "trace"));
	scn_free(s);

	/* A rate in a direction replaces the link's trace; an absolute path stays as it is. */
	s = load("[link.c]\na = phone.wifi\nb = net.wifi\ntrace = /srv/t.trace\n[link.c.up]\nrate = 1Mbit\n", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_FALSE(scn_values_has(values(s, "link.c.up"), "trace"));
	CU_ASSERT_EQUAL(scn_values_int(values(s, "link.c.up"), "rate"), 1000000);
	file = scn_values_file(values(s, "link.c.down"), "trace");
	CU_ASSERT_STRING_EQUAL(file, "/srv/t.trace");
	g_free(file);
	CU_ASSERT_FALSE(scn_values_has(values(s, "link.c"), "rate"));
	scn_free(s);

	/* A file in another folder: traces resolve against the scenario's folder. */
	scn_diag d;
	scn_diag_init(&d);
	const char *text = "[host.a]\n[host.b]\n[interface.a.x]\naddresses=10.0.0.1\n[interface.b.x]\naddresses=10.0.0.2\n"
			   "[link.l]\na=a.x\nb=b.x\ntrace=t/x.trace\n";
	s = scn_load_from_data("/data/scn/s.ini", text, strlen(text), NULL, -1, &d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	file = scn_values_file(values(s, "link.l.up"), "trace");
	CU_ASSERT_STRING_EQUAL(file, "/data/scn/t/x.trace");
	g_free(file);
	scn_free(s);
	scn_diag_fini(&d);
}

static void test_trace_problems(void)
{
	expect_problem("[link.c]\na = phone.wifi\nb = net.wifi\nrate = 1Mbit\ntrace = x.trace\n",
		       "t.ini:11: [link.c] trace: expected either a rate or a trace in one group, got both");
	expect_problem("[link.c]\na = phone.wifi\nb = net.wifi\nrate = 1Mbit\n[link.c.down]\ntrace = x\nrate = 2Mbit\n",
		       "t.ini:12: [link.c.down] trace: expected either a rate or a trace in one group, got both");
	expect_problem("[link.c]\na = phone.wifi\nb = net.wifi\ntrace =\n",
		       "t.ini:10: [link.c] trace: expected a file name like traces/lte.down, got nothing");
	expect_problem("[link.c]\na = phone.wifi\nb = net.wifi\n[link.c.up]\ntrace = u.trace\n",
		       "t.ini:7: [link.c] rate: expected a rate like 20Mbit for the down direction, got nothing");
}

static void test_resolved_round_trip(void)
{
	/* The resolved text of presets and traces loads back to the same text. */
	scenario *s = load("[link.c]\na = phone.wifi\nb = net.wifi\npreset = lte\ndelay = 40ms\n"
			   "[link.c.down]\ntrace = traces/lte.down\n"
			   "[link.w]\na = phone.wifi\nb = net.wifi\npreset = wifi\nloss_rate = 2%\n[link.w.up]\nrate = 5Mbit\n",
			   NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	scn_diag d;
	scn_diag_init(&d);
	scenario *again = scn_load_from_data("r.ini", s->text_resolved, strlen(s->text_resolved), NULL, -1, &d);
	print_messages(&d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(again);
	CU_ASSERT_STRING_EQUAL(again->text_resolved, s->text_resolved);
	scn_free(again);
	scn_diag_fini(&d);
	scn_free(s);
}

static CU_TestInfo preset_tests[] = {
	{ .pName = "every preset value is a valid key and value", .pTestFunc = test_every_preset_value_is_valid },
	{ .pName = "lte: asymmetric per-direction defaults", .pTestFunc = test_preset_lte_per_direction },
	{ .pName = "file keys win over the preset at every level", .pTestFunc = test_preset_overridden_at_every_level },
	{ .pName = "unknown preset, keys of another model, preset in a direction", .pTestFunc = test_preset_problems },
	TEST_END_OF_TESTS,
};

static CU_TestInfo trace_tests[] = {
	{ .pName = "a trace replaces a rate; paths resolve", .pTestFunc = test_trace_instead_of_rate },
	{ .pName = "rate and trace in one group, empty trace, no capacity", .pTestFunc = test_trace_problems },
	{ .pName = "resolved text with presets and traces round-trips", .pTestFunc = test_resolved_round_trip },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "link presets", .pTests = preset_tests },
	{ .pName = "link traces", .pTests = trace_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
