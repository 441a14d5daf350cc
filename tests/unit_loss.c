/* unit_loss.c — loss models against their statistics, and the scripted list exactly.
 *
 * Bernoulli: over 10^6 packets the loss count is within 4 standard deviations of N·p (binomial).
 * Gilbert–Elliott: within 4 standard deviations of the stationary rate, with the variance of a
 * two-state Markov chain's sample mean: per-state Bernoulli noise plus the state process's
 * contribution inflated by (1+λ)/(1−λ), λ = 1 − p − r its autocorrelation. Several seeds each. */
#include "testutil.h"

#include "loss.h"
#include "registry.h"
#include "rng.h"
#include "scn.h"

#include <math.h>

#define N_PACKETS 1000000

static uint64_t count_losses(const char *model, const char *const *kv, uint64_t seed, uint64_t n)
{
	const loss_ops *ops = registry_find((const void *const *)loss_models_all, model, "loss model", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
	GError *e = NULL;
	scn_values *v = scn_values_from_text(ops->keys, "link.test.up", kv, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	gsl_rng *r = rng_stream_new(seed, "link.test.up/loss");
	void *st = ops->create(v, r, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	packet p = { 0 };
	uint64_t lost = 0;
	for (uint64_t i = 1; i <= n; i++)
		lost += ops->drop(st, &p, i);
	ops->destroy(st);
	gsl_rng_free(r);
	scn_values_free(v);
	return lost;
}

static void test_bernoulli_rate(void)
{
	static const struct {
		const char *text;
		double p;
	} cases[] = { { "loss_rate=0.1%", 0.001 }, { "loss_rate=1%", 0.01 }, { "loss_rate=5%", 0.05 }, { "loss_rate=50%", 0.5 } };
	for (size_t c = 0; c < G_N_ELEMENTS(cases); c++)
		for (uint64_t seed = 1; seed <= 3; seed++) {
			const char *kv[] = { cases[c].text, NULL };
			double lost = (double)count_losses("bernoulli", kv, seed, N_PACKETS);
			double mean = N_PACKETS * cases[c].p, sd = sqrt(N_PACKETS * cases[c].p * (1 - cases[c].p));
			CU_ASSERT_TRUE(fabs(lost - mean) <= 4 * sd);
		}
	const char *none[] = { "loss_rate=0%", NULL };
	CU_ASSERT_EQUAL(count_losses("bernoulli", none, 1, 10000), 0);
	const char *all[] = { "loss_rate=100%", NULL };
	CU_ASSERT_EQUAL(count_losses("bernoulli", all, 1, 10000), 10000);
}

static void check_ge(double p, double r, double kg, double kb, const char *const *kv)
{
	double pi_b = p / (p + r), pi_g = 1 - pi_b;
	double rate = pi_g * kg + pi_b * kb;
	double lambda = 1 - p - r;
	double var = N_PACKETS * (pi_g * kg * (1 - kg) + pi_b * kb * (1 - kb)) +
		     (kb - kg) * (kb - kg) * N_PACKETS * pi_b * pi_g * (1 + lambda) / (1 - lambda);
	for (uint64_t seed = 1; seed <= 4; seed++) {
		double lost = (double)count_losses("gilbert-elliott", kv, seed, N_PACKETS);
		CU_ASSERT_TRUE(fabs(lost - N_PACKETS * rate) <= 4 * sqrt(var));
	}
}

static void test_gilbert_elliott_rate(void)
{
	const char *a[] = { "ge_p=1%", "ge_r=10%", "ge_loss_good=0%", "ge_loss_bad=100%", NULL };
	check_ge(0.01, 0.10, 0.0, 1.0, a);
	const char *b[] = { "ge_p=0.5%", "ge_r=30%", "ge_loss_good=0.1%", "ge_loss_bad=50%", NULL };
	check_ge(0.005, 0.30, 0.001, 0.5, b);
	const char *c[] = { "ge_p=5%", "ge_r=5%", "ge_loss_good=1%", "ge_loss_bad=20%", NULL };
	check_ge(0.05, 0.05, 0.01, 0.2, c);
}

static void test_gilbert_elliott_is_bursty(void)
{
	/* Pure Gilbert (loss only in Bad): mean burst length 1/r. */
	const loss_ops *ops = registry_find((const void *const *)loss_models_all, "gilbert-elliott", "loss model", NULL);
	const char *kv[] = { "ge_p=1%", "ge_r=25%", "ge_loss_good=0%", "ge_loss_bad=100%", NULL };
	scn_values *v = scn_values_from_text(ops->keys, "link.t.up", kv, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	gsl_rng *r = rng_stream_new(5, "x");
	void *st = ops->create(v, r, NULL);
	packet pk = { 0 };
	uint64_t bursts = 0, lost = 0;
	bool prev = false;
	for (uint64_t i = 1; i <= N_PACKETS; i++) {
		bool l = ops->drop(st, &pk, i);
		lost += l;
		bursts += l && !prev;
		prev = l;
	}
	double mean_burst = (double)lost / (double)bursts;
	CU_ASSERT_DOUBLE_EQUAL(mean_burst, 4.0, 0.2);
	ops->destroy(st);
	gsl_rng_free(r);
	scn_values_free(v);
}

static void test_scripted_exact(void)
{
	const loss_ops *ops = registry_find((const void *const *)loss_models_all, "scripted", "loss model", NULL);
	const char *kv[] = { "drop_list=18, 3, 17, 1000", NULL };
	scn_values *v = scn_values_from_text(ops->keys, "link.t.up", kv, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	void *st = ops->create(v, NULL, NULL);
	packet pk = { 0 };
	GArray *dropped = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	for (uint64_t i = 1; i <= 2000; i++)
		if (ops->drop(st, &pk, i))
			g_array_append_val(dropped, i);
	uint64_t want[] = { 3, 17, 18, 1000 };
	CU_ASSERT_EQUAL_FATAL(dropped->len, 4);
	for (guint i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(g_array_index(dropped, uint64_t, i), want[i]);
	g_array_free(dropped, TRUE);
	ops->destroy(st);
	scn_values_free(v);
}

static void test_registry_complete(void)
{
	/* Every model: a unique name, a summary, keys, and every hook set. */
	for (size_t i = 0; loss_models_all[i]; i++) {
		const loss_ops *o = loss_models_all[i];
		CU_ASSERT_PTR_NOT_NULL(o->summary);
		CU_ASSERT_PTR_NOT_NULL(o->keys);
		CU_ASSERT_TRUE(o->create && o->drop && o->destroy);
		for (size_t j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(o->name, loss_models_all[j]->name);
	}
}

static CU_TestInfo loss_tests[] = {
	{ .pName = "bernoulli: 10^6 packets within 4 sd, several seeds", .pTestFunc = test_bernoulli_rate },
	{ .pName = "gilbert-elliott: 10^6 packets within 4 sd", .pTestFunc = test_gilbert_elliott_rate },
	{ .pName = "gilbert-elliott: mean burst 1/r", .pTestFunc = test_gilbert_elliott_is_bursty },
	{ .pName = "scripted: exactly the listed packets", .pTestFunc = test_scripted_exact },
	{ .pName = "every model registered completely", .pTestFunc = test_registry_complete },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "loss models", .pTests = loss_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
