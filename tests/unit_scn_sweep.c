/* unit_scn_sweep.c — the syntax of seed lists and vary lists (sim/scn_sweep.h), and the [sweep]
 * group of a scenario: accepted when well formed, rejected with file, line, group and key when not. */
#include "testutil.h"

#include "scn.h"
#include "scn_sweep.h"

#include <stdint.h>
#include <string.h>

static void test_seeds(void)
{
	static const struct {
		const char *text;
		const char *expect; /* the seeds, space-separated */
	} good[] = {
		{ "1-5", "1 2 3 4 5" },
		{ "7", "7" },
		{ " 3 , 1-2 ,10 - 11 ", "3 1 2 10 11" }, /* the order written is kept */
		{ "0", "0" },
		{ "9223372036854775807", "9223372036854775807" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		GArray *seeds = NULL;
		char *why = NULL;
		CU_ASSERT_TRUE_FATAL(scn_sweep_parse_seeds(good[i].text, &seeds, &why));
		GString *s = g_string_new(NULL);
		for (guint k = 0; k < seeds->len; k++)
			g_string_append_printf(s, "%s%" G_GUINT64_FORMAT, k ? " " : "", g_array_index(seeds, uint64_t, k));
		CU_ASSERT_STRING_EQUAL(s->str, good[i].expect);
		g_string_free(s, TRUE);
		g_array_unref(seeds);
	}
	static const struct {
		const char *text;
		const char *fragment;
	} bad[] = {
		{ "", "got nothing" },
		{ "1,,2", "an empty item between commas" },
		{ "5-1", "LOW <= HIGH, got \"5-1\"" },
		{ "a-3", "seed range LOW-HIGH of integers from 0, got \"a-3\"" },
		{ "-3", "seed range LOW-HIGH" },
		{ "1-", "seed range LOW-HIGH" },
		{ "x", "expected seeds like 1-30 or 1,2,5-9 (integers from 0), got \"x\"" },
		{ "1.5", "got \"1.5\"" },
		{ "1-3,2", "expected each seed once, got 2 twice" },
		{ "0-100000", "expected at most 100000 seeds" },
		{ "9223372036854775808", "got \"9223372036854775808\"" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		GArray *seeds = NULL;
		char *why = NULL;
		CU_ASSERT_FALSE(scn_sweep_parse_seeds(bad[i].text, &seeds, &why));
		CU_ASSERT_PTR_NOT_NULL_FATAL(why);
		if (!strstr(why, bad[i].fragment))
			fprintf(stderr, "\n\"%s\": got \"%s\", want \"%s\"\n", bad[i].text, why, bad[i].fragment);
		CU_ASSERT_PTR_NOT_NULL(strstr(why, bad[i].fragment));
		g_free(why);
	}
}

static void test_vary(void)
{
	char *why = NULL;
	GPtrArray *axes = scn_sweep_parse_vary(" link.wifi.rate = 10Mbit, 20Mbit ; workload.s.rate=1Mbit;", &why);
	CU_ASSERT_PTR_NOT_NULL_FATAL(axes);
	CU_ASSERT_EQUAL_FATAL(axes->len, 2);
	scn_sweep_axis *a = g_ptr_array_index(axes, 0);
	CU_ASSERT_STRING_EQUAL(a->key, "link.wifi.rate");
	CU_ASSERT_EQUAL_FATAL(a->values->len, 2);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->values, 1), "20Mbit");
	a = g_ptr_array_index(axes, 1);
	CU_ASSERT_STRING_EQUAL(a->key, "workload.s.rate");
	CU_ASSERT_EQUAL(a->values->len, 1);
	g_ptr_array_unref(axes);
	axes = scn_sweep_parse_vary("  ", &why);
	CU_ASSERT_PTR_NOT_NULL_FATAL(axes);
	CU_ASSERT_EQUAL(axes->len, 0);
	g_ptr_array_unref(axes);
	/* A value may hold '=' (text keys); the key is what comes before the first one. */
	a = scn_sweep_parse_axis("simulation.description=a=b,c", &why);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(a->values, 0), "a=b");
	scn_sweep_axis_free(a);

	static const struct {
		const char *text;
		const char *fragment;
	} bad[] = {
		{ "link.wifi.rate", "expected GROUP.KEY=VALUE,VALUE,... like link.wifi.rate=10Mbit,20Mbit, got \"link.wifi.rate\"" },
		{ "rate=1Mbit", "expected GROUP.KEY=VALUE" },
		{ ".rate=1Mbit", "expected GROUP.KEY=VALUE" },
		{ "link.=1Mbit", "expected GROUP.KEY=VALUE" },
		{ "link.wifi.rate=", "link.wifi.rate: expected a list of values like 10Mbit,20Mbit, got no value" },
		{ "link.wifi.rate=1Mbit,,2Mbit", "an empty value between commas" },
		{ "link.wifi.rate=1Mbit,1Mbit", "expected each value once, got \"1Mbit\" twice" },
		{ "a.b=1,2; a.b=3", "expected each GROUP.KEY once, got a.b twice" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		why = NULL;
		CU_ASSERT_PTR_NULL(scn_sweep_parse_vary(bad[i].text, &why));
		CU_ASSERT_PTR_NOT_NULL_FATAL(why);
		if (!strstr(why, bad[i].fragment))
			fprintf(stderr, "\n\"%s\": got \"%s\", want \"%s\"\n", bad[i].text, why, bad[i].fragment);
		CU_ASSERT_PTR_NOT_NULL(strstr(why, bad[i].fragment));
		g_free(why);
	}
}

static const char *const base =
	"[host.a]\n[host.b]\n"                                  /* 1-2 */
	"[interface.a.x]\naddresses = 10.0.0.1\n"              /* 3-4 */
	"[interface.b.x]\naddresses = 10.0.0.2\n"              /* 5-6 */
	"[link.l]\na = a.x\nb = b.x\nrate = 1Mbit\n";          /* 7-10 */

static scenario *load(const char *sweep, scn_diag *d)
{
	char *text = g_strconcat(base, sweep, NULL);
	scenario *s = scn_load_from_data("t.ini", text, strlen(text), NULL, -1, d);
	g_free(text);
	return s;
}

static void test_group(void)
{
	scn_diag d;
	scn_diag_init(&d);
	scenario *s = load("[sweep]\nseeds = 1-3\nvary = link.l.rate=1Mbit,2Mbit; link.l.delay=1ms,2ms\n", &d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	const scn_group *g = scn_find_group(s, "sweep");
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	CU_ASSERT_STRING_EQUAL(scn_values_string(g->values, "seeds"), "1-3");
	CU_ASSERT_PTR_NOT_NULL(strstr(s->text_resolved, "[sweep]\nseeds = 1-3\nvary = link.l.rate=1Mbit,2Mbit;"));
	scn_free(s);
	/* Defaults: seeds 1-10, nothing to vary. */
	s = load("[sweep]\n", &d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(scn_values_string(scn_find_group(s, "sweep")->values, "seeds"), "1-10");
	CU_ASSERT_STRING_EQUAL(scn_values_string(scn_find_group(s, "sweep")->values, "vary"), "");
	scn_free(s);
	CU_ASSERT_EQUAL(d.messages->len, 0);

	/* Problems name the file, line, group and key. */
	s = load("[sweep]\nseeds = 3-1\nvary = link.l.rate=\nvaru = x\n", &d);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_EQUAL_FATAL(d.messages->len, 3);
	CU_ASSERT_STRING_EQUAL(g_ptr_array_index(d.messages, 0),
			       "t.ini:12: [sweep] seeds: expected a seed range LOW-HIGH with LOW <= HIGH, got \"3-1\"");
	CU_ASSERT_PTR_NOT_NULL(strstr(g_ptr_array_index(d.messages, 1), "t.ini:13: [sweep] vary: link.l.rate: expected a list"));
	CU_ASSERT_PTR_NOT_NULL(strstr(g_ptr_array_index(d.messages, 2), "t.ini:14: [sweep] varu:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(g_ptr_array_index(d.messages, 2), "did you mean \"vary\""));
	scn_diag_fini(&d);
	scn_diag_init(&d);
	s = load("[sweep.x]\n", &d);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(g_ptr_array_index(d.messages, 0), "expected [sweep] with no name after it"));
	scn_diag_fini(&d);
}

static CU_TestInfo sweep_tests[] = {
	{ .pName = "seed lists", .pTestFunc = test_seeds },
	{ .pName = "vary lists", .pTestFunc = test_vary },
	{ .pName = "[sweep] group", .pTestFunc = test_group },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "sweep syntax", .pTests = sweep_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
