/* tcp_rangeset.c — sorted disjoint ranges in a growable array (see tcp_rangeset.h). */
#include "tcp_rangeset.h"

#include <glib.h>
#include <string.h>

void tcp_rangeset_init(tcp_rangeset *rs)
{
	rs->v = NULL;
	rs->n = 0;
	rs->cap = 0;
}

void tcp_rangeset_fini(tcp_rangeset *rs)
{
	g_free(rs->v);
	tcp_rangeset_init(rs);
}

uint32_t tcp_rangeset_lower(const tcp_rangeset *rs, uint64_t x)
{
	uint32_t lo = 0, hi = rs->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (rs->v[mid].end > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

const tcp_range *tcp_rangeset_find(const tcp_rangeset *rs, uint64_t x)
{
	uint32_t i = tcp_rangeset_lower(rs, x);
	return i < rs->n && rs->v[i].start <= x ? &rs->v[i] : NULL;
}

static void reserve(tcp_rangeset *rs, uint32_t need)
{
	if (need <= rs->cap)
		return;
	uint32_t cap = rs->cap ? rs->cap * 2 : 8;
	while (cap < need)
		cap *= 2;
	rs->v = g_renew(tcp_range, rs->v, cap);
	rs->cap = cap;
}

uint32_t tcp_rangeset_add(tcp_rangeset *rs, uint64_t start, uint64_t end, tcp_range_fn fresh, void *ctx)
{
	if (start >= end)
		return rs->n;
	/* first range that ends at or after `start` (touching ranges merge) */
	uint32_t i = start ? tcp_rangeset_lower(rs, start - 1) : 0;
	uint32_t j = i;
	uint64_t s = start, e = end, cursor = start;
	while (j < rs->n && rs->v[j].start <= end) {
		if (fresh && rs->v[j].start > cursor)
			fresh(ctx, cursor, rs->v[j].start);
		if (rs->v[j].end > cursor)
			cursor = rs->v[j].end;
		if (rs->v[j].start < s)
			s = rs->v[j].start;
		if (rs->v[j].end > e)
			e = rs->v[j].end;
		j++;
	}
	if (fresh && cursor < end)
		fresh(ctx, cursor, end);
	/* ranges [i, j) collapse into one at i */
	if (j == i) {
		reserve(rs, rs->n + 1);
		memmove(&rs->v[i + 1], &rs->v[i], (size_t)(rs->n - i) * sizeof *rs->v);
		rs->n++;
	} else if (j > i + 1) {
		memmove(&rs->v[i + 1], &rs->v[j], (size_t)(rs->n - j) * sizeof *rs->v);
		rs->n -= j - i - 1;
	}
	rs->v[i].start = s;
	rs->v[i].end = e;
	return i;
}

void tcp_rangeset_trim_below(tcp_rangeset *rs, uint64_t x)
{
	uint32_t i = tcp_rangeset_lower(rs, x);
	if (i) {
		memmove(&rs->v[0], &rs->v[i], (size_t)(rs->n - i) * sizeof *rs->v);
		rs->n -= i;
	}
	if (rs->n && rs->v[0].start < x)
		rs->v[0].start = x;
}

uint64_t tcp_rangeset_covered(const tcp_rangeset *rs, uint64_t start, uint64_t end)
{
	uint64_t sum = 0;
	for (uint32_t i = tcp_rangeset_lower(rs, start); i < rs->n && rs->v[i].start < end; i++) {
		uint64_t s = rs->v[i].start > start ? rs->v[i].start : start;
		uint64_t e = rs->v[i].end < end ? rs->v[i].end : end;
		sum += e - s;
	}
	return sum;
}

uint64_t tcp_rangeset_bytes(const tcp_rangeset *rs)
{
	uint64_t sum = 0;
	for (uint32_t i = 0; i < rs->n; i++)
		sum += rs->v[i].end - rs->v[i].start;
	return sum;
}
