/* workload_reqresp.c — request/response over one TCP connection, repeated.
 *
 * The client at `from` connects to `to` at `start`, sends a `request`-byte request, and the server
 * answers each complete request with `response` bytes. The next request leaves `interval` after
 * the previous response has fully arrived (0s: at once), `count` times (0: until the run ends).
 * Every byte is verified. Per request: the time from sending the request to receiving the whole
 * response (reqresp_NAME.csv); per run: latency percentiles, requests completed, handshake time
 * and both ends' transport counters (`transport`, transport.h). */
#include "workload.h"

#include "error.h"
#include "tcp_scenario.h"
#include "transport.h"
#include "workload_common.h"

static const scn_key reqresp_keys[] = {
	{ .name = "from", .type = SCN_ENDPOINT, .doc = "client HOST or HOST.IFACE" },
	{ .name = "to", .type = SCN_ENDPOINT, .doc = "server HOST or HOST.IFACE" },
	{ .name = "request", .type = SCN_SIZE, .default_value = "100B", .min = 1, .doc = "bytes of each request" },
	{ .name = "response", .type = SCN_SIZE, .default_value = "10KB", .min = 1, .doc = "bytes of each response" },
	{ .name = "count", .type = SCN_INT, .default_value = "0", .min = 0, .doc = "requests to make; 0: until the run ends" },
	{ .name = "interval", .type = SCN_TIME, .default_value = "0s",
	  .doc = "pause between a complete response and the next request" },
	{ .name = "start", .type = SCN_TIME, .default_value = "0s", .doc = "when the client connects" },
	{ .name = "port", .type = SCN_INT, .default_value = "8080", .min = 1, .max = 65535, .doc = "server TCP port" },
	XPORT_SCENARIO_KEYS,
	TCP_SCENARIO_KEYS,
	SCN_KEY_END,
};

struct reqresp {
	sim *sim;
	char *name;
	workload_path path;
	uint16_t port;
	uint64_t request_bytes, response_bytes;
	int64_t count;
	sim_time_t interval, start;
	sim_event start_ev, next_ev;
	xport *xp;
	xport_conn *client;
	/* client */
	uint64_t client_backlog;    /* request bytes not yet taken by TCP */
	uint64_t response_received; /* bytes of the current response */
	GArray *sent_at;            /* sim_time_t per request */
	GArray *done_at;            /* sim_time_t per request, -1 until complete */
	sim_time_t connected_at;
	/* server */
	xport_conn *server_ep;
	uint64_t request_received;  /* cumulative request bytes */
	uint64_t responses_owed;
	uint64_t server_backlog;    /* response bytes not yet taken by TCP */
	bool failed;
	report_table *table;
};

static void push(xport_conn *c, uint64_t *backlog, sim_time_t now)
{
	if (c && *backlog)
		*backlog -= xport_send(c, *backlog, now);
}

static void send_request(struct reqresp *r, sim_time_t now)
{
	if (!r->client)
		return;
	g_array_append_val(r->sent_at, now);
	sim_time_t unset = -1;
	g_array_append_val(r->done_at, unset);
	r->response_received = 0;
	r->client_backlog += r->request_bytes;
	push(r->client, &r->client_backlog, now);
}

static void on_next(void *ctx, sim_time_t now)
{
	send_request(ctx, now);
}

static void on_connected(void *ctx, xport_conn *ep, sim_time_t now)
{
	struct reqresp *r = ctx;
	if (ep == r->client) {
		r->connected_at = now;
		send_request(r, now);
	}
}

static void on_accept(void *ctx, xport_conn *ep, sim_time_t now)
{
	(void)now;
	struct reqresp *r = ctx;
	if (!r->server_ep)
		r->server_ep = ep;
}

static void on_send_space(void *ctx, xport_conn *ep, uint64_t space, sim_time_t now)
{
	(void)space;
	struct reqresp *r = ctx;
	if (ep == r->client)
		push(ep, &r->client_backlog, now);
	else if (ep == r->server_ep)
		push(ep, &r->server_backlog, now);
}

static void on_data(void *ctx, xport_conn *ep, uint64_t offset, uint64_t bytes, bool intact, sim_time_t now)
{
	struct reqresp *r = ctx;
	if (!intact) {
		sim_fail(r->sim, g_error_new(MPSIM_ERROR, MPSIM_ERR_INTEGRITY,
					     "workload %s: bytes %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT
					     " arrived different from what was sent",
					     r->name, offset, offset + bytes));
		return;
	}
	if (ep == r->client) {
		r->response_received += bytes;
		guint i = r->sent_at->len - 1;
		if (r->response_received >= r->response_bytes && g_array_index(r->done_at, sim_time_t, i) < 0) {
			g_array_index(r->done_at, sim_time_t, i) = now;
			if (r->count == 0 || (int64_t)r->sent_at->len < r->count)
				sim_schedule(r->sim, &r->next_ev, now + r->interval);
			else
				xport_close(ep, now);
		}
		return;
	}
	/* Server: answer every complete request. */
	r->request_received += bytes;
	uint64_t complete = r->request_received / r->request_bytes;
	while (r->responses_owed < complete) {
		r->responses_owed++;
		r->server_backlog += r->response_bytes;
	}
	push(ep, &r->server_backlog, now);
}

static void on_peer_fin(void *ctx, xport_conn *ep, sim_time_t now)
{
	(void)ctx;
	xport_close(ep, now);
}

static void on_closed(void *ctx, xport_conn *ep, xport_close_reason reason, sim_time_t now)
{
	(void)ep;
	(void)now;
	struct reqresp *r = ctx;
	if (reason != XPORT_CLOSE_NORMAL)
		r->failed = true;
}

static const xport_callbacks reqresp_callbacks = {
	.on_connected = on_connected,
	.on_data = on_data,
	.on_send_space = on_send_space,
	.on_peer_fin = on_peer_fin,
	.on_closed = on_closed,
	.on_accept = on_accept,
};

static void on_start(void *ctx, sim_time_t now)
{
	struct reqresp *r = ctx;
	GError *err = NULL;
	r->client = xport_connect(r->xp, r->path.src_host, &r->path.src_addr, &r->path.dst_addr, r->port, now, &err);
	if (!r->client)
		sim_fail(r->sim, err);
}

static void *reqresp_create(world *w, const char *name, const scn_values *v, GError **error)
{
	struct reqresp *r = g_new0(struct reqresp, 1);
	r->sim = w->sim;
	r->name = g_strdup(name);
	if (!workload_resolve_path(w, v, &r->path, error)) {
		g_free(r->name);
		g_free(r);
		return NULL;
	}
	r->port = (uint16_t)scn_values_int(v, "port");
	r->request_bytes = (uint64_t)scn_values_int(v, "request");
	r->response_bytes = (uint64_t)scn_values_int(v, "response");
	r->count = scn_values_int(v, "count");
	r->interval = scn_values_time(v, "interval");
	r->start = scn_values_time(v, "start");
	r->connected_at = -1;
	char *prefix = g_strdup_printf("reqresp_%s", name);
	r->table = sim_table_new(w->sim, prefix, "seq:int,send_time_ns:int,done_time_ns:int,latency_ns:int,status:string");
	g_free(prefix);
	GError *err = NULL;
	r->xp = xport_new(w, name, v, &reqresp_callbacks, r, &err);
	if (!r->xp || !xport_listen(r->xp, r->path.dst_host, r->port, &err)) {
		char *where = scn_values_where(v, r->xp ? "port" : "transport");
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: %s", where, err->message);
		g_free(where);
		g_error_free(err);
		xport_free(r->xp);
		g_free(r->name);
		g_free(r);
		return NULL;
	}
	r->sent_at = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	r->done_at = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	sim_event_init(&r->start_ev, on_start, r);
	sim_event_init(&r->next_ev, on_next, r);
	sim_schedule(w->sim, &r->start_ev, r->start);
	return r;
}

static void reqresp_report(void *state, report_section *out)
{
	struct reqresp *r = state;
	GArray *lat = g_array_new(FALSE, FALSE, sizeof(int64_t));
	for (guint i = 0; i < r->sent_at->len; i++) {
		sim_time_t s = g_array_index(r->sent_at, sim_time_t, i), d = g_array_index(r->done_at, sim_time_t, i);
		int64_t l = d >= 0 ? d - s : -1;
		if (d >= 0)
			g_array_append_val(lat, l);
		report_cell row[5] = { { .i = i }, { .i = s }, { .i = d }, { .i = l }, { .s = d >= 0 ? "complete" : "incomplete" } };
		report_table_add_row(r->table, row);
	}
	report_set_int(out, "requests", r->sent_at->len);
	report_set_int(out, "completed", lat->len);
	report_set_int(out, "handshake_ns", r->connected_at >= 0 ? r->connected_at - r->start : -1);
	report_set_bool(out, "failed", r->failed);
	workload_report_latency(out, "latency", lat);
	g_array_free(lat, TRUE);
	report_set_string(out, "transport", r->xp->ops->name);
	if (r->client)
		xport_report_conn(r->client, report_section_child(out, "client"));
	if (r->server_ep)
		xport_report_conn(r->server_ep, report_section_child(out, "server"));
}

static void reqresp_destroy(void *state)
{
	struct reqresp *r = state;
	sim_cancel(r->sim, &r->start_ev);
	sim_cancel(r->sim, &r->next_ev);
	xport_free(r->xp);
	g_array_free(r->sent_at, TRUE);
	g_array_free(r->done_at, TRUE);
	g_free(r->name);
	g_free(r);
}

const workload_ops workload_reqresp = {
	.name = "reqresp",
	.summary = "repeated request/response over one TCP connection: latency per request",
	.keys = reqresp_keys,
	.create = reqresp_create,
	.report = reqresp_report,
	.destroy = reqresp_destroy,
};
