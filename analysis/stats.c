/* stats.c — sample statistics and Welch's comparison of two means, on GSL. */
#include "stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>

double an_t_quantile(double confidence, double df)
{
	return gsl_cdf_tdist_Pinv(1.0 - (1.0 - confidence) / 2.0, df);
}

void an_stats_compute(const double *x, size_t n, double confidence, an_stats *out)
{
	out->n = n;
	out->mean = gsl_stats_mean(x, 1, n);
	gsl_stats_minmax(&out->min, &out->max, x, 1, n);
	if (n < 2) {
		out->sd = NAN;
		out->ci_half = NAN;
		return;
	}
	out->sd = gsl_stats_sd_m(x, 1, n, out->mean);
	out->ci_half = an_t_quantile(confidence, (double)(n - 1)) * out->sd / sqrt((double)n);
}

bool an_welch_compare(const an_stats *a, const an_stats *b, double confidence, an_welch *out)
{
	if (a->n < 2 || b->n < 2)
		return false;
	double va = a->sd * a->sd / (double)a->n;
	double vb = b->sd * b->sd / (double)b->n;
	out->diff = b->mean - a->mean;
	out->se = sqrt(va + vb);
	out->rel = a->mean != 0.0 ? out->diff / fabs(a->mean) : NAN;
	if (out->se == 0.0) {
		out->df = NAN;
		out->ci_low = out->ci_high = out->diff;
	} else {
		out->df = (va + vb) * (va + vb) / (va * va / (double)(a->n - 1) + vb * vb / (double)(b->n - 1));
		double half = an_t_quantile(confidence, out->df) * out->se;
		out->ci_low = out->diff - half;
		out->ci_high = out->diff + half;
	}
	out->significant = out->ci_low > 0.0 || out->ci_high < 0.0;
	return true;
}
