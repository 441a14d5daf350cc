/* workload_echo.c — ping-like UDP echo: round-trip time and loss per request.
 *
 * Every `interval` from `start` until `stop` the client at `from` sends a `size`-byte request to
 * the echo server at `to` (UDP port 7, RFC 862), which returns it unchanged. The client checks
 * every byte of the reply against the payload function and records the round-trip time; the table
 * echo_NAME.csv has one row per request. */
#include "workload.h"

#include "error.h"
#include "workload_common.h"

static const scn_key echo_keys[] = {
	{ .name = "from", .type = SCN_ENDPOINT, .doc = "client HOST or HOST.IFACE (its first address is the source)" },
	{ .name = "to", .type = SCN_ENDPOINT, .doc = "echo server HOST or HOST.IFACE" },
	{ .name = "interval", .type = SCN_TIME, .default_value = "1s", .min = 1, .doc = "time between requests" },
	{ .name = "size", .type = SCN_SIZE, .default_value = "84B", .min = 49, .max = 65535,
	  .doc = "IP packet size of requests and replies (84B: like ping's default)" },
	{ .name = "start", .type = SCN_TIME, .default_value = "0s", .doc = "time of the first request" },
	{ .name = "stop", .type = SCN_TIME, .default_value = "0s", .doc = "no request is sent at or after this time; 0s: until the run ends" },
	{ .name = "port", .type = SCN_INT, .default_value = "7", .min = 1, .max = 65535, .doc = "UDP port of the echo server (7, RFC 862)" },
	SCN_KEY_END,
};

struct echo {
	sim *sim;
	char *name;
	workload_path path;
	sim_time_t interval, start, stop;
	uint32_t payload_len;
	uint16_t client_port, server_port;
	uint64_t stream;
	sim_event send_ev;
	GArray *send_ns;
	GArray *reply_ns;
	uint64_t replies, echoed;
	report_table *table;
};

static void echo_send(void *ctx, sim_time_t now)
{
	struct echo *e = ctx;
	if (e->stop && now >= e->stop)
		return;
	uint64_t seq = e->send_ns->len;
	packet *p = packet_alloc(&e->sim->pool);
	segment *s = &p->seg;
	s->proto = SEG_PROTO_UDP;
	s->src = e->path.src_addr;
	s->dst = e->path.dst_addr;
	s->sport = e->client_port;
	s->dport = e->server_port;
	s->payload_len = e->payload_len;
	s->payload_fill = payload_pattern_fill;
	s->payload_stream = e->stream;
	s->payload_offset = seq * e->payload_len;
	g_array_append_val(e->send_ns, now);
	sim_time_t unset = -1;
	g_array_append_val(e->reply_ns, unset);
	host_send(e->path.src_host, p, now);
	sim_schedule(e->sim, &e->send_ev, now + e->interval);
}

/* Server side: return the datagram to where it came from (RFC 862). */
static void echo_serve(void *ctx, packet *p, sim_time_t now)
{
	struct echo *e = ctx;
	segment *s = &p->seg;
	net_addr a = s->src;
	uint16_t port = s->sport;
	s->src = s->dst;
	s->sport = s->dport;
	s->dst = a;
	s->dport = port;
	s->ttl = 0;
	p->created = now;
	p->hops = 0;
	e->echoed++;
	host_send(e->path.dst_host, p, now);
}

static void echo_reply(void *ctx, packet *p, sim_time_t now)
{
	struct echo *e = ctx;
	const segment *s = &p->seg;
	uint64_t seq = s->payload_offset / e->payload_len;
	size_t bad = payload_first_mismatch(s->payload_fill, s->payload_stream, s->payload_offset, e->stream,
					    s->payload_offset, s->payload_len);
	if (bad != s->payload_len || seq >= e->reply_ns->len || s->payload_offset % e->payload_len) {
		sim_fail(e->sim, g_error_new(MPSIM_ERROR, MPSIM_ERR_INTEGRITY,
					     "workload %s: reply %" G_GUINT64_FORMAT " arrived with wrong payload (byte %zu differs)",
					     e->name, seq, bad));
	} else if (g_array_index(e->reply_ns, sim_time_t, seq) < 0) {
		g_array_index(e->reply_ns, sim_time_t, seq) = now;
		e->replies++;
	}
	packet_free(&e->sim->pool, p);
}

static void *echo_create(world *w, const char *name, const scn_values *v, GError **error)
{
	struct echo *e = g_new0(struct echo, 1);
	e->sim = w->sim;
	e->name = g_strdup(name);
	const char *bad_key = NULL;
	const char *why = NULL;
	if (!workload_resolve_path(w, v, &e->path, error))
		goto fail;
	uint32_t headers = (e->path.src_addr.family == NET_AF_INET6 ? IPV6_HEADER_LEN : IPV4_HEADER_LEN) + UDP_HEADER_LEN;
	int64_t size = scn_values_int(v, "size");
	if (size <= headers) {
		bad_key = "size";
		why = "more bytes than the IP and UDP headers";
		goto fail;
	}
	e->payload_len = (uint32_t)size - headers;
	e->interval = scn_values_time(v, "interval");
	e->start = scn_values_time(v, "start");
	e->stop = scn_values_time(v, "stop");
	e->server_port = (uint16_t)scn_values_int(v, "port");
	e->client_port = host_ephemeral_port(e->path.src_host);
	e->stream = workload_stream_id(name);
	if (!host_bind(e->path.dst_host, SEG_PROTO_UDP, e->server_port, echo_serve, e)) {
		bad_key = "port";
		why = "a UDP port that no other workload uses on the server";
		goto fail;
	}
	if (!host_bind(e->path.src_host, SEG_PROTO_UDP, e->client_port, echo_reply, e)) {
		host_unbind(e->path.dst_host, SEG_PROTO_UDP, e->server_port);
		bad_key = "from";
		why = "a client host with a free ephemeral port";
		goto fail;
	}
	e->send_ns = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	e->reply_ns = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	char *tname = g_strdup_printf("echo_%s", name);
	e->table = sim_table_new(w->sim, tname, "seq:int,send_time_ns:int,reply_time_ns:int,rtt_ns:int,status:string");
	g_free(tname);
	sim_event_init(&e->send_ev, echo_send, e);
	sim_schedule(w->sim, &e->send_ev, e->start);
	return e;
fail:
	if (bad_key) {
		char *where = scn_values_where(v, bad_key);
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected %s", where, why);
		g_free(where);
	}
	g_free(e->name);
	g_free(e);
	return NULL;
}

static void echo_report(void *state, report_section *out)
{
	struct echo *e = state;
	uint64_t sent = e->send_ns->len;
	GArray *rtts = g_array_new(FALSE, FALSE, sizeof(int64_t));
	for (uint64_t i = 0; i < sent; i++) {
		sim_time_t tx = g_array_index(e->send_ns, sim_time_t, i), rx = g_array_index(e->reply_ns, sim_time_t, i);
		int64_t rtt = rx >= 0 ? rx - tx : -1;
		if (rx >= 0)
			g_array_append_val(rtts, rtt);
		report_cell row[5] = { { .i = (int64_t)i }, { .i = tx }, { .i = rx }, { .i = rtt },
				       { .s = rx >= 0 ? "replied" : "no_reply" } };
		report_table_add_row(e->table, row);
	}
	report_set_int(out, "requests", (int64_t)sent);
	report_set_int(out, "echoed_by_server", (int64_t)e->echoed);
	report_set_int(out, "replies", (int64_t)e->replies);
	report_set_int(out, "no_reply", (int64_t)(sent - e->replies));
	workload_report_latency(out, "rtt", rtts);
	g_array_free(rtts, TRUE);
}

static void echo_destroy(void *state)
{
	struct echo *e = state;
	sim_cancel(e->sim, &e->send_ev);
	host_unbind(e->path.dst_host, SEG_PROTO_UDP, e->server_port);
	host_unbind(e->path.src_host, SEG_PROTO_UDP, e->client_port);
	g_array_free(e->send_ns, TRUE);
	g_array_free(e->reply_ns, TRUE);
	g_free(e->name);
	g_free(e);
}

const workload_ops workload_echo = {
	.name = "echo",
	.summary = "ping-like UDP echo: round-trip time and loss per request",
	.keys = echo_keys,
	.create = echo_create,
	.report = echo_report,
	.destroy = echo_destroy,
};
