/* loss_scripted.c — exact, repeatable loss for tests: drop exactly the listed packet numbers.
 *
 * Packets are numbered from 1 in the order they finish serialisation on the link direction
 * (loss.h), like picoquic's loss mask but without a 64-packet limit. */
#include "loss.h"

#include <stdlib.h>

static const scn_key scripted_keys[] = {
	{ .name = "drop_list", .type = SCN_INT_LIST, .default_value = "", .min = 1,
	  .doc = "packet numbers to drop, counted from 1 on this link direction (e.g. 3, 17, 18)" },
	SCN_KEY_END,
};

struct scripted {
	int64_t *sorted;
	guint n;
	guint next; /* index of the next listed number not yet passed */
};

static gint cmp_int64(gconstpointer a, gconstpointer b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static void *scripted_create(const scn_values *values, gsl_rng *rng, GError **error)
{
	(void)rng;
	(void)error;
	const GArray *list = scn_values_int_list(values, "drop_list");
	struct scripted *s = g_new0(struct scripted, 1);
	s->n = list->len;
	s->sorted = g_new(int64_t, s->n ? s->n : 1);
	for (guint i = 0; i < list->len; i++)
		s->sorted[i] = g_array_index(list, int64_t, i);
	qsort(s->sorted, s->n, sizeof(int64_t), cmp_int64); /* equal keys are equal values: stable enough */
	return s;
}

static bool scripted_drop(void *state, const packet *p, uint64_t index)
{
	(void)p;
	struct scripted *s = state;
	while (s->next < s->n && (uint64_t)s->sorted[s->next] < index)
		s->next++;
	return s->next < s->n && (uint64_t)s->sorted[s->next] == index;
}

static void scripted_destroy(void *state)
{
	struct scripted *s = state;
	g_free(s->sorted);
	g_free(s);
}

const loss_ops loss_scripted = {
	.name = "scripted",
	.summary = "drop exactly the packets numbered in drop_list",
	.keys = scripted_keys,
	.create = scripted_create,
	.drop = scripted_drop,
	.destroy = scripted_destroy,
};
