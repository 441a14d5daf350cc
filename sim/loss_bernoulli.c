/* loss_bernoulli.c — independent loss: each packet is lost with probability `loss_rate`. */
#include "loss.h"

#include <string.h>

static const scn_key bernoulli_keys[] = {
	{ .name = "loss_rate", .type = SCN_PERCENT, .default_value = "0%",
	  .doc = "probability that each packet is lost, independently of the others" },
	SCN_KEY_END,
};

struct bernoulli {
	gsl_rng *rng;
	double p;
};

static void *bernoulli_create(const scn_values *values, gsl_rng *rng, GError **error)
{
	(void)error;
	struct bernoulli *b = g_new(struct bernoulli, 1);
	b->rng = rng;
	b->p = scn_values_percent(values, "loss_rate");
	return b;
}

static bool bernoulli_drop(void *state, const packet *p, uint64_t index)
{
	(void)p;
	(void)index;
	struct bernoulli *b = state;
	/* Always draw, so the stream's position depends only on the packet count. */
	return gsl_rng_uniform(b->rng) < b->p;
}

static bool bernoulli_get(void *state, const char *key, double *fraction)
{
	struct bernoulli *b = state;
	if (strcmp(key, "loss_rate") != 0)
		return false;
	*fraction = b->p;
	return true;
}

static bool bernoulli_set(void *state, const char *key, double fraction)
{
	struct bernoulli *b = state;
	if (strcmp(key, "loss_rate") != 0)
		return false;
	b->p = fraction;
	return true;
}

const loss_ops loss_bernoulli = {
	.name = "bernoulli",
	.summary = "independent loss with probability loss_rate",
	.keys = bernoulli_keys,
	.create = bernoulli_create,
	.drop = bernoulli_drop,
	.destroy = g_free,
	.get_param = bernoulli_get,
	.set_param = bernoulli_set,
};
