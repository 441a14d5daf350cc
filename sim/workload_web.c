/* workload_web.c — web pages: a series of objects fetched over one connection or several.
 *
 * A page is the objects of `objects` (sizes in bytes): the first (the HTML) alone on connection 0,
 * then the others spread over the `connections` connections in turn, each connection fetching its
 * share one object after another (HTTP/1.1 without pipelining: a `request`-byte request, then the
 * object). The page load time is from the first request to the last byte of the last object; a page
 * fails when it is not complete within `deadline`. A page starts every `period`, `count` times.
 * Each connection is a session of its own (app_session.h; connection i on port `port` + i) with
 * its own failover; after one, the object in flight is requested again. Table web_NAME.csv: one row
 * per page. Summary: requests (pages), ok, failed, response_* (page load times), and the sessions'
 * metrics (longest gap of any). */
#include "workload.h"

#include "app_session.h"
#include "error.h"

static const scn_key web_keys[] = {
	{ .name = "objects", .type = SCN_INT_LIST, .default_value = "30000, 8000, 15000, 40000, 60000, 5000, 12000, 90000",
	  .min = 1, .doc = "sizes in bytes of the page's objects, the HTML first" },
	{ .name = "request", .type = SCN_SIZE, .default_value = "400B", .min = 1, .doc = "bytes of each HTTP request" },
	{ .name = "connections", .type = SCN_INT, .default_value = "1", .min = 1, .max = 16,
	  .doc = "parallel connections the objects after the first are spread over" },
	{ .name = "period", .type = SCN_TIME, .default_value = "10s", .min = 1, .doc = "time between page starts" },
	{ .name = "count", .type = SCN_INT, .default_value = "1", .min = 0, .doc = "pages to load; 0: until the run ends" },
	{ .name = "deadline", .type = SCN_TIME, .default_value = "30s", .min = 1,
	  .doc = "a page fails when it is not complete this long after it started" },
	APP_SESSION_KEYS,
	SCN_KEY_END,
};

struct web;

/* One connection of the page loader. */
struct web_conn {
	struct web *web;
	unsigned index;
	app_session *s;
	GArray *queue;        /* object indices still to fetch on it, in order (guint) */
	int current;          /* the object in flight, -1 when none */
	bool carried;         /* `current` was requested on the current connection */
	uint64_t conn_rx;     /* object bytes received on the current connection */
	GArray *conn_ends;    /* cumulative end offset of each response on the current connection (uint64) */
	uint64_t current_end; /* conn_rx at which `current` is complete */
	xport_conn *server_cur;
	uint64_t server_rx, server_answered;
};

struct page {
	sim_time_t start, done;
	bool failed;
};

struct web {
	sim *sim;
	const GArray *objects; /* int64 */
	uint64_t request;
	unsigned n;
	struct web_conn *conns;
	sim_time_t period, deadline;
	int64_t count;
	GArray *pages;         /* struct page */
	bool loading;
	guint objects_left;
	sim_event page_ev, deadline_ev;
	report_table *table;
};

static uint64_t object_size(const struct web *w, guint i)
{
	return (uint64_t)g_array_index(w->objects, int64_t, i);
}

static void fetch(struct web_conn *c, sim_time_t now)
{
	c->carried = false;
	if (c->current < 0 || !app_session_client_send(c->s, c->web->request, now))
		return;
	uint64_t size = object_size(c->web, (guint)c->current);
	uint64_t last = c->conn_ends->len ? g_array_index(c->conn_ends, uint64_t, c->conn_ends->len - 1) : 0;
	c->current_end = last + size;
	g_array_append_val(c->conn_ends, c->current_end);
	c->carried = true;
	app_session_owe(c->s, c->web->request + size, now);
}

/* Owed while no connection carries the request: the request and the object. */
static void owe_uncarried(struct web_conn *c, sim_time_t now)
{
	if (c->current >= 0 && !c->carried)
		app_session_owe(c->s, c->web->request + object_size(c->web, (guint)c->current), now);
}

static void next_object(struct web_conn *c, sim_time_t now)
{
	c->current = -1;
	if (c->queue->len == 0)
		return;
	c->current = (int)g_array_index(c->queue, guint, 0);
	g_array_remove_index(c->queue, 0);
	if (app_session_request_begins(c->s, now))
		fetch(c, now);
	owe_uncarried(c, now);
}

static void end_page(struct web *w, bool failed, sim_time_t now)
{
	struct page *p = &g_array_index(w->pages, struct page, w->pages->len - 1);
	p->failed = failed;
	p->done = failed ? -1 : now;
	w->loading = false;
	sim_cancel(w->sim, &w->deadline_ev);
	for (unsigned i = 0; i < w->n; i++) {
		g_array_set_size(w->conns[i].queue, 0);
		w->conns[i].current = -1;
		w->conns[i].carried = false;
		app_session_settle(w->conns[i].s, now);
	}
}

static void object_done(struct web_conn *c, sim_time_t now)
{
	struct web *w = c->web;
	bool html = c->current == 0;
	c->current = -1;
	c->carried = false;
	app_session_settle(c->s, now);
	if (--w->objects_left == 0) {
		end_page(w, false, now);
		return;
	}
	if (html) {
		/* The HTML names the other objects: spread them over the connections. */
		for (guint i = 1; i < w->objects->len; i++)
			g_array_append_val(w->conns[(i - 1) % w->n].queue, i);
		for (unsigned i = 0; i < w->n; i++)
			next_object(&w->conns[i], now);
	} else {
		next_object(c, now);
	}
}

static void on_deadline(void *ctx, sim_time_t now)
{
	struct web *w = ctx;
	if (w->loading)
		end_page(w, true, now);
}

static void on_page(void *ctx, sim_time_t now)
{
	struct web *w = ctx;
	if (w->count > 0 && (int64_t)w->pages->len >= w->count)
		return;
	if (w->loading)
		end_page(w, true, now);
	struct page p = { .start = now, .done = -1 };
	g_array_append_val(w->pages, p);
	w->loading = true;
	w->objects_left = w->objects->len;
	sim_schedule(w->sim, &w->deadline_ev, now + w->deadline);
	sim_schedule(w->sim, &w->page_ev, now + w->period);
	guint html = 0;
	g_array_append_val(w->conns[0].queue, html);
	next_object(&w->conns[0], now);
}

static void client_up(void *ctx, sim_time_t now)
{
	struct web_conn *c = ctx;
	c->conn_rx = 0;
	g_array_set_size(c->conn_ends, 0);
	if (c->index == 0 && c->web->pages->len == 0 && !sim_event_is_armed(&c->web->page_ev)) {
		on_page(c->web, now); /* the first page starts once connection 0 is up */
		return;
	}
	fetch(c, now);
	owe_uncarried(c, now);
}

static void client_data(void *ctx, uint64_t bytes, sim_time_t now)
{
	struct web_conn *c = ctx;
	c->conn_rx += bytes;
	if (c->current >= 0 && c->carried && c->conn_rx >= c->current_end)
		object_done(c, now);
}

static void server_accept(void *ctx, xport_conn *x, sim_time_t now)
{
	(void)now;
	struct web_conn *c = ctx;
	/* The client opens a new connection only once it has given up the old one. */
	c->server_cur = x;
	c->server_rx = c->server_answered = 0;
}

static void server_data(void *ctx, xport_conn *x, uint64_t bytes, sim_time_t now)
{
	struct web_conn *c = ctx;
	if (x != c->server_cur)
		return;
	c->server_rx += bytes;
	while (c->server_answered < c->server_rx / c->web->request && c->server_answered < c->conn_ends->len) {
		/* The request names its object: the response is as long as the client's record of it. */
		uint64_t end = g_array_index(c->conn_ends, uint64_t, c->server_answered);
		uint64_t start = c->server_answered ? g_array_index(c->conn_ends, uint64_t, c->server_answered - 1) : 0;
		c->server_answered++;
		app_session_server_send(c->s, x, end - start, now);
	}
}

static const app_session_callbacks web_callbacks = {
	.client_up = client_up,
	.client_data = client_data,
	.server_data = server_data,
	.server_accept = server_accept,
};

static void web_destroy(void *state);

static void *web_create(world *wd, const char *name, const scn_values *v, GError **error)
{
	struct web *w = g_new0(struct web, 1);
	w->sim = wd->sim;
	w->objects = scn_values_int_list(v, "objects");
	w->request = (uint64_t)scn_values_int(v, "request");
	w->n = (unsigned)scn_values_int(v, "connections");
	w->period = scn_values_time(v, "period");
	w->deadline = scn_values_time(v, "deadline");
	w->count = scn_values_int(v, "count");
	w->pages = g_array_new(FALSE, FALSE, sizeof(struct page));
	sim_event_init(&w->page_ev, on_page, w);
	sim_event_init(&w->deadline_ev, on_deadline, w);
	w->conns = g_new0(struct web_conn, w->n);
	for (unsigned i = 0; i < w->n; i++) {
		struct web_conn *c = &w->conns[i];
		c->web = w;
		c->index = i;
		c->current = -1;
		c->queue = g_array_new(FALSE, FALSE, sizeof(guint));
		c->conn_ends = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	}
	for (unsigned i = 0; i < w->n; i++) {
		w->conns[i].s = app_session_new(wd, name, v, i, &web_callbacks, &w->conns[i], error);
		if (!w->conns[i].s) {
			web_destroy(w);
			return NULL;
		}
	}
	char *prefix = g_strdup_printf("web_%s", name);
	w->table = sim_table_new(wd->sim, prefix, "seq:int,start_ns:int,done_ns:int,load_time_ns:int,status:string");
	g_free(prefix);
	return w;
}

static void web_report(void *state, report_section *out)
{
	struct web *w = state;
	GArray *lat = g_array_new(FALSE, FALSE, sizeof(int64_t));
	int64_t failed = 0;
	for (guint i = 0; i < w->pages->len; i++) {
		const struct page *p = &g_array_index(w->pages, struct page, i);
		int64_t t = p->done >= 0 ? p->done - p->start : -1;
		if (p->done >= 0)
			g_array_append_val(lat, t);
		failed += p->failed;
		const char *st = p->done >= 0 ? "ok" : p->failed ? "failed" : "unfinished";
		report_cell row[5] = { { .i = i }, { .i = p->start }, { .i = p->done }, { .i = t }, { .s = st } };
		report_table_add_row(w->table, row);
	}
	report_set_int(out, "requests", w->pages->len);
	report_set_int(out, "ok", lat->len);
	report_set_int(out, "failed", failed);
	workload_report_latency(out, "response", lat);
	g_array_free(lat, TRUE);
	app_session **ss = g_new(app_session *, w->n);
	for (unsigned i = 0; i < w->n; i++)
		ss[i] = w->conns[i].s;
	app_session_report_many(ss, w->n, out);
	g_free(ss);
}

static void web_destroy(void *state)
{
	struct web *w = state;
	sim_cancel(w->sim, &w->page_ev);
	sim_cancel(w->sim, &w->deadline_ev);
	for (unsigned i = 0; i < w->n; i++) {
		app_session_free(w->conns[i].s);
		g_array_free(w->conns[i].queue, TRUE);
		g_array_free(w->conns[i].conn_ends, TRUE);
	}
	g_free(w->conns);
	g_array_free(w->pages, TRUE);
	g_free(w);
}

const workload_ops workload_web = {
	.name = "web",
	.summary = "web pages: objects over one or several connections; page load time, failures, handover gap",
	.keys = web_keys,
	.create = web_create,
	.report = web_report,
	.destroy = web_destroy,
};
