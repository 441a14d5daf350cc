/* inspect_ranges.c — the interval map of `inspect` (inspect_priv.h): which data sequence numbers,
 * or which subflow sequence numbers, a connection has already mapped, and by which subflow.
 *
 * Disjoint ranges sorted by start in a GSequence. Pieces are only added in gaps, so a stored range
 * never changes its value; a new piece merges with a neighbour it touches when flow and delta agree,
 * which keeps a one-subflow transfer at one range however many mappings it takes. */
#include "inspect_priv.h"

typedef struct an_range_node {
	uint64_t start, end;
	an_range_val v;
} an_range_node;

struct an_rangemap {
	GSequence *seq; /* an_range_node *, ascending, disjoint */
};

static gint node_cmp(gconstpointer a, gconstpointer b, gpointer unused)
{
	(void)unused;
	uint64_t x = ((const an_range_node *)a)->start, y = ((const an_range_node *)b)->start;
	return x < y ? -1 : x > y;
}

an_rangemap *an_rangemap_new(void)
{
	an_rangemap *m = g_new0(an_rangemap, 1);
	m->seq = g_sequence_new(g_free);
	return m;
}

void an_rangemap_free(an_rangemap *m)
{
	if (!m)
		return;
	g_sequence_free(m->seq);
	g_free(m);
}

static an_range_node *node_at(GSequenceIter *it)
{
	return g_sequence_iter_is_end(it) ? NULL : g_sequence_get(it);
}

/* The first node that ends after `pos`: the one holding `pos`, or the first one after it. */
static GSequenceIter *first_after(const an_rangemap *m, uint64_t pos)
{
	an_range_node key = { .start = pos };
	GSequenceIter *it = g_sequence_search(m->seq, &key, node_cmp, NULL);
	if (!g_sequence_iter_is_begin(it)) {
		GSequenceIter *prev = g_sequence_iter_prev(it);
		if (((an_range_node *)g_sequence_get(prev))->end > pos)
			return prev;
	}
	return it;
}

void an_rangemap_overlaps(const an_rangemap *m, uint64_t start, uint64_t end, an_range_fn fn, void *ctx)
{
	for (GSequenceIter *it = first_after(m, start); !g_sequence_iter_is_end(it); it = g_sequence_iter_next(it)) {
		const an_range_node *n = g_sequence_get(it);
		if (n->start >= end)
			break;
		fn(ctx, MAX(n->start, start), MIN(n->end, end), &n->v);
	}
}

static void add_len(void *ctx, uint64_t start, uint64_t end, const an_range_val *v)
{
	(void)v;
	*(uint64_t *)ctx += end - start;
}

uint64_t an_rangemap_covered(const an_rangemap *m, uint64_t start, uint64_t end)
{
	uint64_t n = 0;
	an_rangemap_overlaps(m, start, end, add_len, &n);
	return n;
}

static bool same_val(const an_range_val *a, const an_range_val *b)
{
	return a->flow == b->flow && a->delta == b->delta;
}

/* Insert [a, b), which overlaps nothing stored, merging with touching neighbours of equal value. */
static void insert_gap(an_rangemap *m, uint64_t a, uint64_t b, const an_range_val *v)
{
	GSequenceIter *next = first_after(m, a);
	GSequenceIter *prev = g_sequence_iter_is_begin(next) ? NULL : g_sequence_iter_prev(next);
	an_range_node *pn = prev ? g_sequence_get(prev) : NULL;
	an_range_node *nn = node_at(next);
	bool join_prev = pn && pn->end == a && same_val(&pn->v, v);
	bool join_next = nn && nn->start == b && same_val(&nn->v, v);
	if (join_prev && join_next) {
		pn->end = nn->end;
		g_sequence_remove(next);
	} else if (join_prev) {
		pn->end = b;
	} else if (join_next) {
		nn->start = a;
		nn->v.frame = v->frame;
	} else {
		an_range_node *n = g_new(an_range_node, 1);
		*n = (an_range_node){ .start = a, .end = b, .v = *v };
		g_sequence_insert_before(next, n);
	}
}

void an_rangemap_fill(an_rangemap *m, uint64_t start, uint64_t end, const an_range_val *v)
{
	if (start >= end)
		return;
	/* Gaps first, then insertion: inserting may merge the nodes being walked. */
	GArray *gaps = g_array_new(FALSE, FALSE, sizeof(an_inspect_range));
	uint64_t pos = start;
	for (GSequenceIter *it = first_after(m, start); !g_sequence_iter_is_end(it) && pos < end;
	     it = g_sequence_iter_next(it)) {
		const an_range_node *n = g_sequence_get(it);
		if (n->start >= end)
			break;
		if (n->start > pos) {
			an_inspect_range g = { pos, n->start };
			g_array_append_val(gaps, g);
		}
		pos = MAX(pos, n->end);
	}
	if (pos < end) {
		an_inspect_range g = { pos, end };
		g_array_append_val(gaps, g);
	}
	for (guint i = 0; i < gaps->len; i++) {
		const an_inspect_range *g = &g_array_index(gaps, an_inspect_range, i);
		insert_gap(m, g->start, g->end, v);
	}
	g_array_free(gaps, TRUE);
}

GArray *an_rangemap_merged(const an_rangemap *m)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(an_inspect_range));
	for (GSequenceIter *it = g_sequence_get_begin_iter(m->seq); !g_sequence_iter_is_end(it);
	     it = g_sequence_iter_next(it)) {
		const an_range_node *n = g_sequence_get(it);
		if (out->len) {
			an_inspect_range *last = &g_array_index(out, an_inspect_range, out->len - 1);
			if (last->end == n->start) {
				last->end = n->end;
				continue;
			}
		}
		an_inspect_range r = { n->start, n->end };
		g_array_append_val(out, r);
	}
	return out;
}
