/* workload_bulk.c — one TCP connection carrying N bytes (or an endless stream) one way.
 *
 * The client at `from` connects to a server at `to` at `start`; the data goes client → server
 * (`direction = upload`) or server → client (`download`). The receiving application checks every
 * byte (protocol/tcp verifies each delivery against the payload function) and the run fails on a
 * mismatch. With `bytes` set the sender closes after the last byte and the transfer's completion
 * time is when the receiver has it all; with `bytes = 0B` it sends until the run ends. With `stop`
 * the sender gives the transport no new data from then on and closes its side, as if its bytes
 * were all given: what the transport holds (in flight or in its send buffer) still arrives, and
 * the transfer completes when the receiver has it. That is how a flow joins a run for a while
 * (competing traffic that comes and goes) without a byte count that would depend on its rate.
 * Reports goodput over [start, completion] (or the run's end), completion and handshake times, and
 * both ends' transport counters; the transport (`transport`, transport.h) writes its own time
 * series (for TCP bulk_NAME_tcp.csv and bulk_NAME_tcp_events.csv). */
#include "workload.h"

#include "error.h"
#include "tcp_scenario.h"
#include "transport.h"
#include "workload_common.h"

static const char *const bulk_directions[] = { "upload", "download", NULL };

static const scn_key bulk_keys[] = {
	{ .name = "from", .type = SCN_ENDPOINT, .doc = "client HOST or HOST.IFACE (opens the connection)" },
	{ .name = "to", .type = SCN_ENDPOINT, .doc = "server HOST or HOST.IFACE" },
	{ .name = "bytes", .type = SCN_SIZE, .default_value = "0B", .doc = "bytes to transfer; 0B: no limit, send until `stop` or the run ends" },
	{ .name = "direction", .type = SCN_CHOICE, .default_value = "upload", .choices = bulk_directions,
	  .doc = "upload: client to server; download: server to client" },
	{ .name = "start", .type = SCN_TIME, .default_value = "0s", .doc = "when the client connects" },
	{ .name = "stop", .type = SCN_TIME, .optional = true,
	  .doc = "when the sender stops giving new data and closes (what it gave still arrives); after start; "
		 "leave it out to send until the run ends or `bytes` are sent" },
	{ .name = "port", .type = SCN_INT, .default_value = "5001", .min = 1, .max = 65535, .doc = "server TCP port" },
	XPORT_SCENARIO_KEYS,
	TCP_SCENARIO_KEYS,
	SCN_KEY_END,
};

struct bulk {
	sim *sim;
	char *name;
	workload_path path;
	uint16_t port;
	bool download;
	uint64_t total;      /* `bytes`; 0: unlimited */
	sim_time_t start;
	sim_time_t stop;     /* -1: no `stop` */
	sim_event start_ev;
	sim_event stop_ev;
	/* What the sender gives the transport in all, once known: `bytes`, or what it had given when
	 * `stop` came; the transfer is complete when the receiver has that many. */
	bool limited;
	uint64_t limit;
	bool stopped;        /* `stop` came before the sender had given every byte of `bytes` */
	bool sender_closed;
	xport *xp;
	xport_conn *client;
	xport_conn *server; /* the accepted connection */
	xport_conn *sender;
	xport_conn *receiver;
	uint64_t queued;
	uint64_t delivered;
	sim_time_t connected_at;   /* client side, -1 until then */
	sim_time_t first_byte_at;  /* receiver, -1 until then */
	sim_time_t completed_at;   /* receiver has every byte, -1 until then */
	bool failed;
	const char *close_reason;
};

static void fill(struct bulk *b, sim_time_t now)
{
	xport_conn *c = b->sender;
	if (!c || b->sender_closed)
		return;
	uint64_t space = xport_send_space(c);
	uint64_t want = b->limited ? MIN(space, b->limit - b->queued) : space;
	if (want)
		b->queued += xport_send(c, want, now);
	if (b->limited && b->queued == b->limit) {
		xport_close(c, now); /* FIN after the last byte */
		b->sender_closed = true;
	}
}

/* The receiver has every byte the sender is to give. */
static void check_complete(struct bulk *b, sim_time_t now)
{
	if (b->limited && b->delivered >= b->limit && b->completed_at < 0)
		b->completed_at = now;
}

static void start_sending(struct bulk *b, xport_conn *ep, sim_time_t now)
{
	b->sender = ep;
	fill(b, now);
}

static void on_accept(void *ctx, xport_conn *c, sim_time_t now)
{
	(void)now;
	struct bulk *b = ctx;
	if (!b->server)
		b->server = c;
}

static void on_connected(void *ctx, xport_conn *ep, sim_time_t now)
{
	struct bulk *b = ctx;
	bool is_client = !ep->server;
	if (is_client)
		b->connected_at = now;
	if (is_client != b->download)
		start_sending(b, ep, now);
	else
		b->receiver = ep;
}

static void on_send_space(void *ctx, xport_conn *ep, uint64_t space, sim_time_t now)
{
	(void)space;
	struct bulk *b = ctx;
	if (ep == b->sender)
		fill(b, now);
}

static void on_data(void *ctx, xport_conn *ep, uint64_t offset, uint64_t bytes, bool intact, sim_time_t now)
{
	struct bulk *b = ctx;
	(void)ep;
	if (!intact) {
		sim_fail(b->sim, g_error_new(MPSIM_ERROR, MPSIM_ERR_INTEGRITY,
					     "workload %s: bytes %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT
					     " arrived different from what was sent",
					     b->name, offset, offset + bytes));
		return;
	}
	if (b->first_byte_at < 0)
		b->first_byte_at = now;
	b->delivered += bytes;
	check_complete(b, now);
}

static void on_peer_fin(void *ctx, xport_conn *ep, sim_time_t now)
{
	(void)ctx;
	xport_close(ep, now); /* the receiver has everything: close our side too */
}

static void on_closed(void *ctx, xport_conn *ep, xport_close_reason reason, sim_time_t now)
{
	(void)now;
	(void)ep;
	struct bulk *b = ctx;
	if (reason != XPORT_CLOSE_NORMAL) {
		b->failed = true;
		b->close_reason = xport_close_reason_name(reason);
	}
}

static const xport_callbacks bulk_callbacks = {
	.on_accept = on_accept,
	.on_connected = on_connected,
	.on_data = on_data,
	.on_send_space = on_send_space,
	.on_peer_fin = on_peer_fin,
	.on_closed = on_closed,
};

static void on_start(void *ctx, sim_time_t now)
{
	struct bulk *b = ctx;
	GError *err = NULL;
	b->client = xport_connect(b->xp, b->path.src_host, &b->path.src_addr, &b->path.dst_addr, b->port, now, &err);
	if (!b->client)
		sim_fail(b->sim, err);
}

/* `stop`: what the sender has given is all it gives. A sender not connected yet has given nothing
 * and closes as soon as it is (fill() on connecting). */
static void on_stop(void *ctx, sim_time_t now)
{
	struct bulk *b = ctx;
	if (b->limited && b->queued == b->limit)
		return; /* every byte of `bytes` was given already */
	b->stopped = true;
	b->limited = true;
	b->limit = b->queued;
	fill(b, now);
	check_complete(b, now);
}

static void *bulk_create(world *w, const char *name, const scn_values *v, GError **error)
{
	struct bulk *b = g_new0(struct bulk, 1);
	b->sim = w->sim;
	b->name = g_strdup(name);
	if (!workload_resolve_path(w, v, &b->path, error)) {
		g_free(b->name);
		g_free(b);
		return NULL;
	}
	b->port = (uint16_t)scn_values_int(v, "port");
	b->download = g_strcmp0(scn_values_string(v, "direction"), "download") == 0;
	b->total = (uint64_t)scn_values_int(v, "bytes");
	b->limited = b->total > 0;
	b->limit = b->total;
	b->start = scn_values_time(v, "start");
	b->stop = scn_values_has(v, "stop") ? scn_values_time(v, "stop") : -1;
	b->connected_at = b->first_byte_at = b->completed_at = -1;
	if (b->stop >= 0 && b->stop <= b->start) {
		char *where = scn_values_where(v, "stop");
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected a time after start (%s), got %s", where,
			    scn_values_text(v, "start"), scn_values_text(v, "stop"));
		g_free(where);
		g_free(b->name);
		g_free(b);
		return NULL;
	}
	GError *err = NULL;
	b->xp = xport_new(w, name, v, &bulk_callbacks, b, &err);
	if (!b->xp || !xport_listen(b->xp, b->path.dst_host, b->port, &err)) {
		char *where = scn_values_where(v, b->xp ? "port" : "transport");
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: %s", where, err->message);
		g_free(where);
		g_error_free(err);
		xport_free(b->xp);
		g_free(b->name);
		g_free(b);
		return NULL;
	}
	sim_event_init(&b->start_ev, on_start, b);
	sim_schedule(w->sim, &b->start_ev, b->start);
	sim_event_init(&b->stop_ev, on_stop, b);
	if (b->stop >= 0)
		sim_schedule(w->sim, &b->stop_ev, b->stop);
	return b;
}

static void bulk_report(void *state, report_section *out)
{
	struct bulk *b = state;
	sim_time_t end = b->sim->now;
	report_set_string(out, "direction", b->download ? "download" : "upload");
	report_set_int(out, "bytes_requested", (int64_t)b->total);
	report_set_int(out, "bytes_delivered", (int64_t)b->delivered);
	/* completed: the receiver has every byte the sender gave, `bytes` or all it gave by `stop` */
	bool completed = b->completed_at >= 0;
	report_set_bool(out, "completed", completed);
	report_set_bool(out, "stopped", b->stopped);
	report_set_int(out, "completion_time_ns", completed ? b->completed_at - b->start : -1);
	report_set_int(out, "handshake_ns", b->connected_at >= 0 ? b->connected_at - b->start : -1);
	sim_time_t span = completed ? b->completed_at - b->start : end - b->start;
	report_set_double(out, "goodput_bps", span > 0 ? (double)b->delivered * 8e9 / (double)span : 0.0);
	report_set_bool(out, "failed", b->failed);
	report_set_string(out, "close_reason", b->close_reason ? b->close_reason : "");
	report_set_string(out, "transport", b->xp->ops->name);
	xport_conn *sender = b->download ? b->server : b->client;
	xport_conn *receiver = b->download ? b->client : b->server;
	if (sender)
		xport_report_conn(sender, report_section_child(out, "sender"));
	if (receiver)
		xport_report_conn(receiver, report_section_child(out, "receiver"));
}

static void bulk_destroy(void *state)
{
	struct bulk *b = state;
	sim_cancel(b->sim, &b->start_ev);
	sim_cancel(b->sim, &b->stop_ev);
	xport_free(b->xp);
	g_free(b->name);
	g_free(b);
}

const workload_ops workload_bulk = {
	.name = "bulk",
	.summary = "one TCP transfer of N bytes (or until a stop time, or endless) one way: goodput, completion time",
	.keys = bulk_keys,
	.create = bulk_create,
	.report = bulk_report,
	.destroy = bulk_destroy,
};
