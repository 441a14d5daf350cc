/* unit_base.c — units parsing, named random streams, registry lookup, suggestions. */
#include "testutil.h"

#include "error.h"
#include "registry.h"
#include "rng.h"
#include "simtime.h"
#include "suggest.h"
#include "units.h"

#include <string.h>

static void test_time_units(void)
{
	sim_time_t t;
	CU_ASSERT_TRUE(units_parse_time("20ms", &t, NULL));
	CU_ASSERT_EQUAL(t, SIM_MS(20));
	CU_ASSERT_TRUE(units_parse_time("1.5ms", &t, NULL));
	CU_ASSERT_EQUAL(t, SIM_US(1500));
	CU_ASSERT_TRUE(units_parse_time(" 3 s ", &t, NULL));
	CU_ASSERT_EQUAL(t, SIM_S(3));
	CU_ASSERT_TRUE(units_parse_time("250us", &t, NULL));
	CU_ASSERT_EQUAL(t, SIM_US(250));
	CU_ASSERT_TRUE(units_parse_time("7ns", &t, NULL));
	CU_ASSERT_EQUAL(t, 7);
	GError *e = NULL;
	CU_ASSERT_FALSE(units_parse_time("0.5ns", &t, &e));
	CU_ASSERT_PTR_NOT_NULL(e);
	g_clear_error(&e);
	CU_ASSERT_FALSE(units_parse_time("20", &t, &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "\"20\""));
	g_clear_error(&e);
	CU_ASSERT_FALSE(units_parse_time("20 parsecs", &t, &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "parsecs"));
	g_clear_error(&e);
	CU_ASSERT_FALSE(units_parse_time("-1ms", &t, NULL));
	CU_ASSERT_FALSE(units_parse_time("99999999999999999999s", &t, NULL));
	CU_ASSERT_FALSE(units_parse_time("9300000000s", &t, NULL)); /* overflows int64 ns */
	CU_ASSERT_FALSE(units_parse_time("", &t, NULL));
	CU_ASSERT_FALSE(units_parse_time("ms", &t, NULL));
}

static void test_rate_size_percent(void)
{
	int64_t v;
	bool pk;
	double f;
	CU_ASSERT_TRUE(units_parse_rate("20Mbit", &v, NULL));
	CU_ASSERT_EQUAL(v, 20000000);
	CU_ASSERT_TRUE(units_parse_rate("1.5Gbit", &v, NULL));
	CU_ASSERT_EQUAL(v, 1500000000);
	CU_ASSERT_TRUE(units_parse_rate("64kbit", &v, NULL));
	CU_ASSERT_EQUAL(v, 64000);
	CU_ASSERT_FALSE(units_parse_rate("fast", &v, NULL));
	CU_ASSERT_TRUE(units_parse_size("64KB", &v, NULL));
	CU_ASSERT_EQUAL(v, 64000);
	CU_ASSERT_TRUE(units_parse_size("1MiB", &v, NULL));
	CU_ASSERT_EQUAL(v, 1048576);
	CU_ASSERT_TRUE(units_parse_queue("100pkt", &v, &pk, NULL));
	CU_ASSERT_TRUE(pk);
	CU_ASSERT_EQUAL(v, 100);
	CU_ASSERT_TRUE(units_parse_queue("150KB", &v, &pk, NULL));
	CU_ASSERT_FALSE(pk);
	CU_ASSERT_EQUAL(v, 150000);
	CU_ASSERT_TRUE(units_parse_percent("0.5%", &f, NULL));
	CU_ASSERT_DOUBLE_EQUAL(f, 0.005, 1e-15);
	CU_ASSERT_TRUE(units_parse_percent("100%", &f, NULL));
	CU_ASSERT_DOUBLE_EQUAL(f, 1.0, 0);
	CU_ASSERT_FALSE(units_parse_percent("101%", &f, NULL));
	CU_ASSERT_FALSE(units_parse_percent("0.5", &f, NULL));
	CU_ASSERT_TRUE(units_parse_int("-42", &v, NULL));
	CU_ASSERT_EQUAL(v, -42);
	CU_ASSERT_FALSE(units_parse_int("99999999999999999999", &v, NULL));
	CU_ASSERT_FALSE(units_parse_int("4x", &v, NULL));
}

static void test_format(void)
{
	char *s = units_format_time(SIM_MS(20));
	CU_ASSERT_STRING_EQUAL(s, "20ms");
	g_free(s);
	s = units_format_time(1500);
	CU_ASSERT_STRING_EQUAL(s, "1500ns");
	g_free(s);
	s = units_format_rate(7000000);
	CU_ASSERT_STRING_EQUAL(s, "7Mbit");
	g_free(s);
}

static void test_rng_streams(void)
{
	/* Same seed and name: same numbers; another name or seed: others. */
	gsl_rng *a = rng_stream_new(1, "link.wifi.up/loss");
	gsl_rng *b = rng_stream_new(1, "link.wifi.up/loss");
	gsl_rng *c = rng_stream_new(1, "link.wifi.down/loss");
	gsl_rng *d = rng_stream_new(2, "link.wifi.up/loss");
	int same_ab = 1, same_ac = 1, same_ad = 1;
	for (int i = 0; i < 100; i++) {
		unsigned long x = gsl_rng_get(a), y = gsl_rng_get(b), z = gsl_rng_get(c), w = gsl_rng_get(d);
		same_ab &= x == y;
		same_ac &= x == z;
		same_ad &= x == w;
	}
	CU_ASSERT_TRUE(same_ab);
	CU_ASSERT_FALSE(same_ac);
	CU_ASSERT_FALSE(same_ad);
	gsl_rng_free(a);
	gsl_rng_free(b);
	gsl_rng_free(c);
	gsl_rng_free(d);
	/* The derivation is fixed forever: results of old runs must stay reproducible. */
	CU_ASSERT_EQUAL(rng_derive_seed(1, "x"), rng_derive_seed(1, "x"));
	CU_ASSERT_NOT_EQUAL(rng_derive_seed(1, "x"), rng_derive_seed(1, "y"));
}

struct fake_ops {
	const char *name;
	int value;
};
static const struct fake_ops op_a = { "bernoulli", 1 }, op_b = { "gilbert-elliott", 2 }, op_c = { "none", 3 };
static const void *const fake_all[] = { &op_a, &op_b, &op_c, NULL };

static void test_registry(void)
{
	GError *e = NULL;
	const struct fake_ops *o = registry_find(fake_all, "gilbert-elliott", "loss model", &e);
	CU_ASSERT_PTR_EQUAL(o, &op_b);
	CU_ASSERT_PTR_NULL(registry_find(fake_all, "bernouli", "loss model", &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "did you mean \"bernoulli\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "known: bernoulli, gilbert-elliott, none"));
	CU_ASSERT_EQUAL(mpsim_exit_code_for(e), MPSIM_EXIT_BAD_INPUT);
	g_clear_error(&e);
	CU_ASSERT_EQUAL(registry_count(fake_all), 3);
}

static void test_suggest(void)
{
	CU_ASSERT_EQUAL(suggest_edit_distance("kitten", "sitting"), 3);
	const char *c[] = { "rate", "delay", "queue" };
	CU_ASSERT_STRING_EQUAL(suggest_closest("dealy", c, 3), "delay");
	CU_ASSERT_PTR_NULL(suggest_closest("xyzzyplugh", c, 3));
}

static CU_TestInfo base_tests[] = {
	{ .pName = "time units", .pTestFunc = test_time_units },
	{ .pName = "rate, size, percent, int", .pTestFunc = test_rate_size_percent },
	{ .pName = "formatting", .pTestFunc = test_format },
	{ .pName = "named random streams", .pTestFunc = test_rng_streams },
	{ .pName = "registry lookup and errors", .pTestFunc = test_registry },
	{ .pName = "did-you-mean", .pTestFunc = test_suggest },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "base", .pTests = base_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
