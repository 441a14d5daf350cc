/* loss_none.c — the link loses nothing (the default). */
#include "loss.h"

static const scn_key none_keys[] = { SCN_KEY_END };

static void *none_create(const scn_values *values, gsl_rng *rng, GError **error)
{
	(void)values;
	(void)rng;
	(void)error;
	static int token;
	return &token; /* stateless; any non-NULL pointer */
}

static bool none_drop(void *state, const packet *p, uint64_t index)
{
	(void)state;
	(void)p;
	(void)index;
	return false;
}

static void none_destroy(void *state)
{
	(void)state;
}

const loss_ops loss_none = {
	.name = "none",
	.summary = "no loss",
	.keys = none_keys,
	.create = none_create,
	.drop = none_drop,
	.destroy = none_destroy,
};
