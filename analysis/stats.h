/* stats.h — statistics over seeds: mean, standard deviation and a Student-t confidence interval
 * of one sample, and the difference of two means with its Welch confidence interval.
 *
 *   an_stats st;
 *   an_stats_compute(values, n, AN_CONFIDENCE, &st);   // st.mean, st.sd, st.ci_half
 *   an_welch w;
 *   if (an_welch_compare(&base, &st, AN_CONFIDENCE, &w)) ...   // w.diff, w.ci_low, w.ci_high
 *
 * Quantities that a sample is too small for (sd of one value, a comparison with a single run) are
 * NAN; writers turn NAN into JSON null and an empty CSV field. Quantiles come from GSL
 * (gsl_cdf_tdist_Pinv), sums from gsl_stats_*, so the figures are those of any textbook. */
#ifndef MPTCPSIM_ANALYSIS_STATS_H
#define MPTCPSIM_ANALYSIS_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* Two-sided confidence level of every interval the analysis reports. */
#define AN_CONFIDENCE 0.95

typedef struct an_stats {
	size_t n;
	double mean;
	double sd;      /* sample standard deviation (n - 1 in the denominator); NAN when n < 2 */
	double ci_half; /* half-width of the confidence interval of the mean, t(n-1) · sd / √n; NAN when n < 2 */
	double min;
	double max;
} an_stats;

/* The two-sided quantile t such that P(|T| <= t) = confidence for Student's T with `df` degrees of
 * freedom (df may be fractional, as Welch's is): gsl_cdf_tdist_Pinv(1 - (1 - confidence) / 2, df). */
double an_t_quantile(double confidence, double df);

/* Statistics of x[0..n-1] (n >= 1). */
void an_stats_compute(const double *x, size_t n, double confidence, an_stats *out);

/* b − a, the difference of two means, with Welch's interval (unequal variances):
 *   se = √(sa²/na + sb²/nb),  df = se⁴ / ((sa²/na)²/(na−1) + (sb²/nb)²/(nb−1)),
 *   diff ± t(df) · se.
 * When both samples are constant (se = 0) the interval is the point `diff` and df is NAN. */
typedef struct an_welch {
	double diff;     /* mean_b − mean_a */
	double se;
	double df;       /* Welch–Satterthwaite degrees of freedom; NAN when se = 0 */
	double ci_low;
	double ci_high;
	double rel;      /* diff / |mean_a|; NAN when mean_a = 0 */
	bool significant; /* the interval excludes 0 */
} an_welch;

/* False (and `out` untouched) unless both samples have at least two values. */
bool an_welch_compare(const an_stats *a, const an_stats *b, double confidence, an_welch *out);

#endif
