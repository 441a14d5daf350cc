/* workload_cbr.c — constant-bit-rate UDP probe: one-way delay, delivery and loss per packet.
 *
 * Sends `size`-byte IP packets from `from` to `to` at exactly `rate` (the inter-packet gap carries
 * its rounding remainder, as links do), from `start` until `stop`. The receiver checks every
 * payload byte against the payload function and records the arrival time; the report gives
 * delivered and undelivered counts, goodput and one-way delay percentiles, and the table
 * cbr_NAME.csv one row per packet. */
#include "workload.h"

#include "error.h"
#include "link.h"
#include "workload_common.h"

static const scn_key cbr_keys[] = {
	{ .name = "from", .type = SCN_ENDPOINT, .doc = "sending HOST or HOST.IFACE (its first address is the source)" },
	{ .name = "to", .type = SCN_ENDPOINT, .doc = "receiving HOST or HOST.IFACE" },
	{ .name = "rate", .type = SCN_RATE, .default_value = "1Mbit", .min = 1, .doc = "sending rate, IP bytes counted" },
	{ .name = "size", .type = SCN_SIZE, .default_value = "1000B", .min = 49, .max = 65535,
	  .doc = "IP packet size in bytes (IPv4/IPv6 + UDP headers included)" },
	{ .name = "start", .type = SCN_TIME, .default_value = "0s", .doc = "time of the first packet" },
	{ .name = "stop", .type = SCN_TIME, .default_value = "0s", .doc = "no packet is sent at or after this time; 0s: until the run ends" },
	{ .name = "port", .type = SCN_INT, .default_value = "9", .min = 1, .max = 65535, .doc = "UDP destination port (9, discard)" },
	SCN_KEY_END,
};

struct cbr {
	sim *sim;
	char *name;
	workload_path path;
	int64_t rate_bps;
	uint32_t payload_len;
	sim_time_t start, stop;
	uint16_t sport, dport;
	uint64_t stream;
	sim_event send_ev;
	uint64_t gap_remainder;
	GArray *send_ns; /* sim_time_t per sequence number */
	GArray *recv_ns; /* sim_time_t, -1 until received */
	uint64_t delivered, delivered_bytes;
	report_table *table;
};

static void cbr_send(void *ctx, sim_time_t now)
{
	struct cbr *c = ctx;
	if (c->stop && now >= c->stop)
		return;
	uint64_t seq = c->send_ns->len;
	packet *p = packet_alloc(&c->sim->pool);
	segment *s = &p->seg;
	s->proto = SEG_PROTO_UDP;
	s->src = c->path.src_addr;
	s->dst = c->path.dst_addr;
	s->sport = c->sport;
	s->dport = c->dport;
	s->payload_len = c->payload_len;
	s->payload_fill = payload_pattern_fill;
	s->payload_stream = c->stream;
	s->payload_offset = seq * c->payload_len;
	g_array_append_val(c->send_ns, now);
	sim_time_t unset = -1;
	g_array_append_val(c->recv_ns, unset);
	host_send(c->path.src_host, p, now);
	uint32_t ip_len = segment_wire_len(s);
	sim_schedule(c->sim, &c->send_ev, now + link_tx_time(ip_len, c->rate_bps, &c->gap_remainder));
}

static void cbr_receive(void *ctx, packet *p, sim_time_t now)
{
	struct cbr *c = ctx;
	const segment *s = &p->seg;
	uint64_t seq = s->payload_offset / c->payload_len;
	size_t bad = payload_first_mismatch(s->payload_fill, s->payload_stream, s->payload_offset, c->stream,
					    s->payload_offset, s->payload_len);
	if (bad != s->payload_len || seq >= c->recv_ns->len || s->payload_offset % c->payload_len) {
		sim_fail(c->sim, g_error_new(MPSIM_ERROR, MPSIM_ERR_INTEGRITY,
					     "workload %s: packet %" G_GUINT64_FORMAT " arrived with wrong payload (byte %zu differs)",
					     c->name, seq, bad));
	} else if (g_array_index(c->recv_ns, sim_time_t, seq) < 0) {
		g_array_index(c->recv_ns, sim_time_t, seq) = now;
		c->delivered++;
		c->delivered_bytes += s->payload_len;
	}
	packet_free(&c->sim->pool, p);
}

static void *cbr_create(world *w, const char *name, const scn_values *v, GError **error)
{
	struct cbr *c = g_new0(struct cbr, 1);
	c->sim = w->sim;
	c->name = g_strdup(name);
	if (!workload_resolve_path(w, v, &c->path, error)) {
		g_free(c->name);
		g_free(c);
		return NULL;
	}
	uint32_t headers = (c->path.src_addr.family == NET_AF_INET6 ? IPV6_HEADER_LEN : IPV4_HEADER_LEN) + UDP_HEADER_LEN;
	int64_t size = scn_values_int(v, "size");
	if (size <= headers) {
		char *where = scn_values_where(v, "size");
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected more than the %u header bytes, got %" G_GINT64_FORMAT "B",
			    where, headers, size);
		g_free(where);
		g_free(c->name);
		g_free(c);
		return NULL;
	}
	c->payload_len = (uint32_t)size - headers;
	c->rate_bps = scn_values_int(v, "rate");
	c->start = scn_values_time(v, "start");
	c->stop = scn_values_time(v, "stop");
	c->dport = (uint16_t)scn_values_int(v, "port");
	c->sport = host_ephemeral_port(c->path.src_host);
	c->stream = workload_stream_id(name);
	if (!host_bind(c->path.dst_host, SEG_PROTO_UDP, c->dport, cbr_receive, c)) {
		char *where = scn_values_where(v, "port");
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected a UDP port free on %s, got %u, which another workload uses",
			    where, c->path.dst_host->name, c->dport);
		g_free(where);
		g_free(c->name);
		g_free(c);
		return NULL;
	}
	c->send_ns = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	c->recv_ns = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	char *tname = g_strdup_printf("cbr_%s", name);
	c->table = sim_table_new(w->sim, tname, "seq:int,send_time_ns:int,recv_time_ns:int,delay_ns:int,status:string");
	g_free(tname);
	sim_event_init(&c->send_ev, cbr_send, c);
	sim_schedule(w->sim, &c->send_ev, c->start);
	return c;
}

static void cbr_report(void *state, report_section *out)
{
	struct cbr *c = state;
	uint64_t sent = c->send_ns->len;
	GArray *delays = g_array_new(FALSE, FALSE, sizeof(int64_t));
	for (uint64_t i = 0; i < sent; i++) {
		sim_time_t tx = g_array_index(c->send_ns, sim_time_t, i), rx = g_array_index(c->recv_ns, sim_time_t, i);
		int64_t d = rx >= 0 ? rx - tx : -1;
		if (rx >= 0)
			g_array_append_val(delays, d);
		report_cell row[5] = { { .i = (int64_t)i }, { .i = tx }, { .i = rx }, { .i = d },
				       { .s = rx >= 0 ? "delivered" : "not_delivered" } };
		report_table_add_row(c->table, row);
	}
	report_set_int(out, "sent_packets", (int64_t)sent);
	report_set_int(out, "delivered_packets", (int64_t)c->delivered);
	report_set_int(out, "not_delivered_packets", (int64_t)(sent - c->delivered));
	report_set_double(out, "delivery_ratio", sent ? (double)c->delivered / (double)sent : 0.0);
	report_set_int(out, "delivered_payload_bytes", (int64_t)c->delivered_bytes);
	sim_time_t end = c->stop && c->stop < c->sim->now ? c->stop : c->sim->now;
	report_set_double(out, "goodput_bps", end > c->start ? (double)c->delivered_bytes * 8e9 / (double)(end - c->start) : 0.0);
	workload_report_latency(out, "delay", delays);
	g_array_free(delays, TRUE);
}

static void cbr_destroy(void *state)
{
	struct cbr *c = state;
	sim_cancel(c->sim, &c->send_ev);
	host_unbind(c->path.dst_host, SEG_PROTO_UDP, c->dport);
	g_array_free(c->send_ns, TRUE);
	g_array_free(c->recv_ns, TRUE);
	g_free(c->name);
	g_free(c);
}

const workload_ops workload_cbr = {
	.name = "cbr",
	.summary = "constant-bit-rate UDP probe: one-way delay and loss per packet",
	.keys = cbr_keys,
	.create = cbr_create,
	.report = cbr_report,
	.destroy = cbr_destroy,
};
