/* unit_stats.c — analysis/stats against hand-computed values: Student-t quantiles from the
 * printed tables, mean/sd/confidence intervals of small fixed samples, and Welch comparisons whose
 * degrees of freedom work out to exact fractions. */
#include "testutil.h"

#include "stats.h"

#include <math.h>

static double tolerance(double expected)
{
	return 1e-9 * (fabs(expected) > 1 ? fabs(expected) : 1);
}

#define CLOSE(a, b) CU_ASSERT_DOUBLE_EQUAL((a), (b), tolerance((double)(b)))

/* t(0.975, df) as printed in every table of Student's distribution (to 15 digits). */
static void test_t_quantiles(void)
{
	static const struct {
		double df;
		double t;
	} table[] = {
		{ 1, 12.706204736174704 }, /* n = 2 */
		{ 2, 4.302652729749464 },  /* n = 3 */
		{ 4, 2.7764451051977934 }, /* n = 5 */
		{ 29, 2.045229642132703 }, /* n = 30 */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(table); i++)
		CLOSE(an_t_quantile(0.95, table[i].df), table[i].t);
	/* 99%, df = 4: 4.604094871415897; the normal limit for a large df: 1.959963984540054. */
	CLOSE(an_t_quantile(0.99, 4), 4.604094871415897);
	CU_ASSERT_DOUBLE_EQUAL(an_t_quantile(0.95, 1e9), 1.959963984540054, 1e-6);
}

static void test_sample_stats(void)
{
	an_stats s;
	/* n = 2: {1, 3}: mean 2, sd √2, half-width 12.706… · √2 / √2. */
	const double two[] = { 1, 3 };
	an_stats_compute(two, 2, AN_CONFIDENCE, &s);
	CU_ASSERT_EQUAL(s.n, 2);
	CLOSE(s.mean, 2);
	CLOSE(s.sd, sqrt(2));
	CLOSE(s.ci_half, 12.706204736174704);
	CLOSE(s.min, 1);
	CLOSE(s.max, 3);
	/* n = 3: {1, 2, 3}: sd 1, half-width 4.3026… / √3. */
	const double three[] = { 3, 1, 2 };
	an_stats_compute(three, 3, AN_CONFIDENCE, &s);
	CLOSE(s.mean, 2);
	CLOSE(s.sd, 1);
	CLOSE(s.ci_half, 2.484137711750331);
	/* n = 5: {1..5}: variance 2.5, half-width 2.7764… · √(2.5/5). */
	const double five[] = { 1, 2, 3, 4, 5 };
	an_stats_compute(five, 5, AN_CONFIDENCE, &s);
	CLOSE(s.mean, 3);
	CLOSE(s.sd, sqrt(2.5));
	CLOSE(s.ci_half, 1.9632431614775572);
	/* n = 30: {1..30}: variance n(n+1)/12 = 77.5, half-width 2.0452… · √77.5 / √30. */
	double thirty[30];
	for (int i = 0; i < 30; i++)
		thirty[i] = i + 1;
	an_stats_compute(thirty, 30, AN_CONFIDENCE, &s);
	CLOSE(s.mean, 15.5);
	CLOSE(s.sd, 8.803408430829505);
	CLOSE(s.ci_half, 3.2872467324597316);
	CLOSE(s.min, 1);
	CLOSE(s.max, 30);
	/* A constant sample: sd 0, a zero-width interval. */
	const double same[] = { 7, 7, 7, 7 };
	an_stats_compute(same, 4, AN_CONFIDENCE, &s);
	CLOSE(s.mean, 7);
	CU_ASSERT_EQUAL(s.sd, 0);
	CU_ASSERT_EQUAL(s.ci_half, 0);
	/* One value: a mean, but no spread and no interval. */
	const double one[] = { 42 };
	an_stats_compute(one, 1, AN_CONFIDENCE, &s);
	CLOSE(s.mean, 42);
	CU_ASSERT_TRUE(isnan(s.sd));
	CU_ASSERT_TRUE(isnan(s.ci_half));
}

static void test_welch(void)
{
	an_stats a, b;
	an_welch w;
	/* Equal sizes and variances: df = 2(n − 1) = 4 exactly; {1,2,3} vs {4,5,6}: diff 3, se √(2/3). */
	const double x[] = { 1, 2, 3 }, y[] = { 4, 5, 6 };
	an_stats_compute(x, 3, AN_CONFIDENCE, &a);
	an_stats_compute(y, 3, AN_CONFIDENCE, &b);
	CU_ASSERT_TRUE_FATAL(an_welch_compare(&a, &b, AN_CONFIDENCE, &w));
	CLOSE(w.diff, 3);
	CLOSE(w.se, sqrt(2.0 / 3.0));
	CLOSE(w.df, 4);
	CLOSE(w.ci_low, 3 - 2.266957935527519);
	CLOSE(w.ci_high, 3 + 2.266957935527519);
	CLOSE(w.rel, 1.5); /* 3 / 2 */
	CU_ASSERT_TRUE(w.significant);
	/* The other way round: the same interval mirrored. */
	CU_ASSERT_TRUE_FATAL(an_welch_compare(&b, &a, AN_CONFIDENCE, &w));
	CLOSE(w.diff, -3);
	CLOSE(w.ci_high, -3 + 2.266957935527519);
	/* Unequal: {1..5} (var 2.5) vs {2,4,6} (var 4): se² = 0.5 + 4/3 = 11/6,
	 * df = (11/6)² / (0.5²/4 + (4/3)²/2) = 484/137. */
	const double p[] = { 1, 2, 3, 4, 5 }, q[] = { 2, 4, 6 };
	an_stats_compute(p, 5, AN_CONFIDENCE, &a);
	an_stats_compute(q, 3, AN_CONFIDENCE, &b);
	CU_ASSERT_TRUE_FATAL(an_welch_compare(&a, &b, AN_CONFIDENCE, &w));
	CLOSE(w.diff, 1);
	CLOSE(w.se, sqrt(11.0 / 6.0));
	CLOSE(w.df, 484.0 / 137.0);
	CLOSE(w.ci_high - w.diff, an_t_quantile(AN_CONFIDENCE, 484.0 / 137.0) * sqrt(11.0 / 6.0));
	CU_ASSERT_TRUE(w.ci_low < 0 && w.ci_high > 0);
	CU_ASSERT_FALSE(w.significant);
	/* Two constant samples: a point interval, significant exactly when they differ. */
	const double c5[] = { 5, 5 }, c7[] = { 7, 7 };
	an_stats_compute(c5, 2, AN_CONFIDENCE, &a);
	an_stats_compute(c7, 2, AN_CONFIDENCE, &b);
	CU_ASSERT_TRUE_FATAL(an_welch_compare(&a, &b, AN_CONFIDENCE, &w));
	CLOSE(w.diff, 2);
	CLOSE(w.ci_low, 2);
	CLOSE(w.ci_high, 2);
	CU_ASSERT_TRUE(isnan(w.df));
	CU_ASSERT_TRUE(w.significant);
	CU_ASSERT_TRUE_FATAL(an_welch_compare(&a, &a, AN_CONFIDENCE, &w));
	CU_ASSERT_EQUAL(w.diff, 0);
	CU_ASSERT_FALSE(w.significant);
	/* A zero baseline mean has no relative difference. */
	const double z[] = { -1, 1 };
	an_stats_compute(z, 2, AN_CONFIDENCE, &a);
	CU_ASSERT_TRUE_FATAL(an_welch_compare(&a, &b, AN_CONFIDENCE, &w));
	CU_ASSERT_TRUE(isnan(w.rel));
	/* A single run cannot be compared. */
	const double one[] = { 1 };
	an_stats_compute(one, 1, AN_CONFIDENCE, &a);
	CU_ASSERT_FALSE(an_welch_compare(&a, &b, AN_CONFIDENCE, &w));
	CU_ASSERT_FALSE(an_welch_compare(&b, &a, AN_CONFIDENCE, &w));
}

static CU_TestInfo stats_tests[] = {
	{ .pName = "t quantiles for n = 2, 3, 5, 30", .pTestFunc = test_t_quantiles },
	{ .pName = "mean, sd and 95% CI of fixed samples", .pTestFunc = test_sample_stats },
	{ .pName = "Welch difference of means", .pTestFunc = test_welch },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "statistics", .pTests = stats_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
