/* trace.c — reading Mahimahi packet-delivery traces, and a per-world cache so each file is read once.
 *
 * The checks are Mahimahi's (LinkQueue's constructor): no empty line, times never decrease, at
 * least one time, a last time above 0 (the period); plus a whole number of milliseconds no larger
 * than LINK_TRACE_MAX_MS. Each problem names the file and the line. A final newline is optional
 * and a CR before a newline is ignored. */
#include "trace.h"

#include "error.h"

#include <stdbool.h>
#include <string.h>

/* A line for a message: at most 40 bytes, control and non-ASCII bytes escaped. Caller frees. */
static char *quote_line(const char *s, size_t n)
{
	enum { SHOWN = 40 };
	char *cut = g_strndup(s, n < SHOWN ? n : SHOWN);
	char *esc = g_strescape(cut, NULL);
	char *q = n > SHOWN ? g_strdup_printf("\"%s…\" (%zu bytes)", esc, n) : g_strdup_printf("\"%s\"", esc);
	g_free(esc);
	g_free(cut);
	return q;
}

static bool parse_ms(const char *s, size_t n, int64_t *out)
{
	if (n == 0 || n > 13)
		return false;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return v <= LINK_TRACE_MAX_MS;
}

static void trace_free(link_trace *t)
{
	g_free(t->times);
	g_free(t->path);
	g_free(t->name);
	g_free(t);
}

link_trace *link_trace_parse(const char *path, const char *data, size_t len, GError **error)
{
	GArray *times = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	const char *p = data, *end = data + len;
	int line = 0;
	int64_t prev = -1;
	while (p < end) {
		line++;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		size_t n = (size_t)(eol - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		int64_t ms = 0;
		if (n == 0) {
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
				    "%s:%d: expected a time in milliseconds on every line, got an empty line", path, line);
			goto fail;
		}
		if (!parse_ms(p, n, &ms)) {
			char *q = quote_line(p, n);
			bool digits = strspn(p, "0123456789") >= n;
			if (digits)
				g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
					    "%s:%d: expected a time of at most %" G_GINT64_FORMAT " ms, got %s", path, line,
					    LINK_TRACE_MAX_MS, q);
			else
				g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
					    "%s:%d: expected a time in whole milliseconds like 42, got %s", path, line, q);
			g_free(q);
			goto fail;
		}
		if (ms < prev) {
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
				    "%s:%d: expected times that never decrease, got %" G_GINT64_FORMAT " after %" G_GINT64_FORMAT,
				    path, line, ms, prev);
			goto fail;
		}
		prev = ms;
		sim_time_t ns = SIM_MS(ms);
		g_array_append_val(times, ns);
		p = nl ? nl + 1 : end;
	}
	if (times->len == 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s: expected at least one delivery opportunity (a time in milliseconds per line), got %s", path,
			    len ? "only line ends" : "an empty file");
		goto fail;
	}
	if (prev == 0) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s:%d: expected a last time above 0 ms (the trace repeats with that period), got 0", path, line);
		goto fail;
	}
	link_trace *t = g_new0(link_trace, 1);
	t->path = g_strdup(path);
	t->name = g_path_get_basename(path);
	t->n = times->len;
	t->period = g_array_index(times, sim_time_t, times->len - 1);
	t->times = (sim_time_t *)(void *)g_array_free(times, FALSE);
	t->refs = 1;
	return t;
fail:
	g_array_free(times, TRUE);
	return NULL;
}

link_trace *link_trace_load(const char *path, GError **error)
{
	char *data = NULL;
	gsize len = 0;
	GError *e = NULL;
	if (!g_file_get_contents(path, &data, &len, &e)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "expected a readable trace file, got: %s", e->message);
		g_error_free(e);
		return NULL;
	}
	link_trace *t = link_trace_parse(path, data, len, error);
	g_free(data);
	return t;
}

link_trace *link_trace_ref(link_trace *t)
{
	t->refs++;
	return t;
}

void link_trace_unref(link_trace *t)
{
	if (t && --t->refs == 0)
		trace_free(t);
}

int64_t link_trace_mean_rate_bps(const link_trace *t)
{
	/* Times are whole milliseconds: bits · 1000 / period_ms is exact and, for any file smaller
	 * than a terabyte, far from 64 bits. */
	uint64_t bits = (uint64_t)t->n * LINK_TRACE_OPPORTUNITY_BYTES * 8u;
	return (int64_t)(bits * 1000u / (uint64_t)(t->period / SIM_MS(1)));
}

struct trace_cache {
	GHashTable *by_path; /* canonical path → link_trace* (one reference) */
};

trace_cache *trace_cache_new(void)
{
	trace_cache *c = g_new0(trace_cache, 1);
	c->by_path = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)link_trace_unref);
	return c;
}

void trace_cache_free(trace_cache *c)
{
	if (!c)
		return;
	g_hash_table_destroy(c->by_path);
	g_free(c);
}

link_trace *trace_cache_get(trace_cache *c, const char *path, GError **error)
{
	char *canon = g_canonicalize_filename(path, NULL);
	link_trace *t = g_hash_table_lookup(c->by_path, canon);
	if (t) {
		g_free(canon);
		return t;
	}
	t = link_trace_load(path, error);
	if (!t) {
		g_free(canon);
		return NULL;
	}
	g_hash_table_insert(c->by_path, canon, t);
	return t;
}

guint trace_cache_size(const trace_cache *c)
{
	return g_hash_table_size(c->by_path);
}
