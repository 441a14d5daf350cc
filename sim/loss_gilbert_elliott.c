/* loss_gilbert_elliott.c — bursty loss: a two-state Markov chain (Gilbert 1960, Elliott 1963).
 *
 * In state Good a packet is lost with probability ge_loss_good, in Bad with ge_loss_bad. After each
 * packet the chain moves Good→Bad with probability ge_p and Bad→Good with probability ge_r. The
 * stationary share of Bad is p/(p+r), so the long-run loss rate is
 *   (r·loss_good + p·loss_bad) / (p + r)
 * and the mean burst length in Bad is 1/r packets. The chain starts in Good. */
#include "loss.h"

#include <string.h>

static const scn_key ge_keys[] = {
	{ .name = "ge_p", .type = SCN_PERCENT, .default_value = "1%",
	  .doc = "probability of moving from the Good to the Bad state after a packet" },
	{ .name = "ge_r", .type = SCN_PERCENT, .default_value = "10%",
	  .doc = "probability of moving from the Bad to the Good state after a packet" },
	{ .name = "ge_loss_good", .type = SCN_PERCENT, .default_value = "0%",
	  .doc = "loss probability in the Good state (1-k in Gilbert-Elliott's notation)" },
	{ .name = "ge_loss_bad", .type = SCN_PERCENT, .default_value = "100%",
	  .doc = "loss probability in the Bad state (1-h in Gilbert-Elliott's notation)" },
	SCN_KEY_END,
};

struct gilbert_elliott {
	gsl_rng *rng;
	double p, r, loss_good, loss_bad;
	bool bad;
};

static void *ge_create(const scn_values *values, gsl_rng *rng, GError **error)
{
	(void)error;
	struct gilbert_elliott *g = g_new0(struct gilbert_elliott, 1);
	g->rng = rng;
	g->p = scn_values_percent(values, "ge_p");
	g->r = scn_values_percent(values, "ge_r");
	g->loss_good = scn_values_percent(values, "ge_loss_good");
	g->loss_bad = scn_values_percent(values, "ge_loss_bad");
	return g;
}

static bool ge_drop(void *state, const packet *p, uint64_t index)
{
	(void)p;
	(void)index;
	struct gilbert_elliott *g = state;
	/* Two draws per packet, always, so the stream advances identically whatever the state. */
	double u_loss = gsl_rng_uniform(g->rng);
	double u_move = gsl_rng_uniform(g->rng);
	bool lost = u_loss < (g->bad ? g->loss_bad : g->loss_good);
	if (g->bad)
		g->bad = !(u_move < g->r);
	else
		g->bad = u_move < g->p;
	return lost;
}

/* The parameter `key` names, or NULL. */
static double *ge_param(struct gilbert_elliott *g, const char *key)
{
	if (strcmp(key, "ge_p") == 0)
		return &g->p;
	if (strcmp(key, "ge_r") == 0)
		return &g->r;
	if (strcmp(key, "ge_loss_good") == 0)
		return &g->loss_good;
	if (strcmp(key, "ge_loss_bad") == 0)
		return &g->loss_bad;
	return NULL;
}

static bool ge_get(void *state, const char *key, double *fraction)
{
	double *x = ge_param(state, key);
	if (x)
		*fraction = *x;
	return x != NULL;
}

static bool ge_set(void *state, const char *key, double fraction)
{
	double *x = ge_param(state, key);
	if (x)
		*x = fraction;
	return x != NULL;
}

const loss_ops loss_gilbert_elliott = {
	.name = "gilbert-elliott",
	.summary = "bursty two-state loss (ge_p, ge_r, ge_loss_good, ge_loss_bad)",
	.keys = ge_keys,
	.create = ge_create,
	.drop = ge_drop,
	.destroy = g_free,
	.get_param = ge_get,
	.set_param = ge_set,
};
