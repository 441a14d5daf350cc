/* mptcpfake.c — two MPTCP stacks on a test wire, and an application recorder (mptcpfake.h). */
#include "mptcpfake.h"

#include <inttypes.h>
#include <string.h>

/* ---- application recorder ---- */

void mpapp_init(mpapp *a)
{
	memset(a, 0, sizeof *a);
	a->all_intact = true;
}

static void app_push(mpapp *a, mptcp_conn *c, sim_time_t now)
{
	if (a->to_send) {
		uint64_t n = mptcp_conn_send(c, a->to_send, now);
		a->to_send -= n;
	}
	if (!a->to_send && a->close_when_sent) {
		a->close_when_sent = false;
		mptcp_conn_close(c, now);
	}
}

static void app_on_accept(void *ctx, mptcp_conn *c, sim_time_t now)
{
	(void)now;
	mpapp *a = ctx;
	a->accepted++;
	if (!a->conn)
		a->conn = c;
}

static void app_on_connected(void *ctx, mptcp_conn *c, sim_time_t now)
{
	mpapp *a = ctx;
	a->connected++;
	a->connected_at = now;
	app_push(a, c, now);
}

static void app_on_data(void *ctx, mptcp_conn *c, uint64_t offset, uint64_t bytes, bool intact, sim_time_t now)
{
	(void)c;
	(void)now;
	mpapp *a = ctx;
	if (offset != a->next_offset)
		a->gap = true;
	a->next_offset = offset + bytes;
	a->received += bytes;
	if (!intact) {
		a->all_intact = false;
		a->not_intact_calls++;
	}
}

static void app_on_send_space(void *ctx, mptcp_conn *c, uint64_t space, sim_time_t now)
{
	(void)space;
	app_push(ctx, c, now);
}

static void app_on_peer_fin(void *ctx, mptcp_conn *c, sim_time_t now)
{
	mpapp *a = ctx;
	a->peer_fin++;
	a->peer_fin_at = now;
	if (a->close_on_peer_fin)
		mptcp_conn_close(c, now);
}

static void app_on_closed(void *ctx, mptcp_conn *c, mptcp_close_reason reason, sim_time_t now)
{
	(void)c;
	mpapp *a = ctx;
	a->closed++;
	a->reason = reason;
	a->closed_at = now;
}

static void app_on_subflow(void *ctx, mptcp_conn *c, uint32_t id, mptcp_subflow_event ev, sim_time_t now)
{
	(void)c;
	(void)id;
	(void)now;
	mpapp *a = ctx;
	if (ev == MPTCP_SUBFLOW_ESTABLISHED)
		a->subflows_established++;
	else
		a->subflows_closed++;
}

const mptcp_callbacks mpapp_callbacks = {
	.on_accept = app_on_accept,
	.on_connected = app_on_connected,
	.on_data = app_on_data,
	.on_send_space = app_on_send_space,
	.on_peer_fin = app_on_peer_fin,
	.on_closed = app_on_closed,
	.on_subflow = app_on_subflow,
};

void mpapp_bulk(mpapp *a, mptcp_conn *c, uint64_t bytes, bool close_when_sent, sim_time_t now)
{
	a->to_send += bytes;
	a->close_when_sent = close_when_sent;
	app_push(a, c, now);
}

/* ---- the wire ---- */

struct mpnet_pkt {
	sim_time_t at;
	uint64_t seq;
	int dir;
	segment seg;
};

typedef struct mpnet_tap {
	mpnet *n;
	int host;
} mpnet_tap;

static int pkt_cmp(gconstpointer a, gconstpointer b)
{
	const struct mpnet_pkt *x = a, *y = b;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

static int owner(const mpnet *n, const net_addr *a)
{
	for (int h = 0; h < 2; h++)
		for (unsigned i = 0; i < n->host[h].n_addrs; i++)
			if (net_addr_equal(&n->host[h].addrs[i], a))
				return h;
	return -1;
}

static void on_emit(void *ctx, const segment *seg, sim_time_t now)
{
	mpnet *n = ctx;
	int from = owner(n, &seg->src);
	int dir = from == 1 ? 1 : 0;
	uint64_t index = n->sent[dir]++;
	struct mpnet_pkt *p = g_new0(struct mpnet_pkt, 1);
	p->seg = *seg;
	if (n->filter && n->filter(n->filter_ctx, dir, index, &p->seg) == MPNET_DROP) {
		n->dropped[dir]++;
		g_free(p);
		return;
	}
	p->dir = dir;
	sim_time_t leave = now;
	if (n->rate_bps && from >= 0) {
		/* the sending address's link: one packet after the other at rate_bps */
		unsigned a = 0;
		while (a < n->host[from].n_addrs && !net_addr_equal(&n->host[from].addrs[a], &seg->src))
			a++;
		sim_time_t *free_at = &n->tx_free_at[from][a];
		sim_time_t start = *free_at > now ? *free_at : now;
		leave = start + (sim_time_t)((uint64_t)segment_wire_len(seg) * 8u * (uint64_t)SIM_NS_PER_S / n->rate_bps);
		*free_at = leave;
	}
	p->at = leave + (n->delay_fn ? n->delay_fn(n->delay_ctx, seg) : n->delay);
	p->seq = n->seq++;
	n->inflight = g_list_insert_sorted(n->inflight, p, pkt_cmp);
}

static void host_emit(void *ctx, const segment *seg, sim_time_t now)
{
	mpnet_host *h = ctx;
	h->fake.env.emit(h->fake.env.ctx, seg, now);
}

static uint64_t host_random(void *ctx)
{
	mpnet_host *h = ctx;
	if (h->i_script < h->n_script)
		return h->script[h->i_script++];
	return h->fake.env.random_u64(h->fake.env.ctx);
}

static void host_trace(void *ctx, const trace_record *rec)
{
	mpnet_host *h = ctx;
	h->fake.env.trace(h->fake.env.ctx, rec);
}

static void host_init(mpnet *n, int h, const mptcp_config *cfg, const tcp_config *tcp, const net_addr *addr)
{
	mpnet_host *hh = &n->host[h];
	tcpfake_init(&hh->fake, 1000 + (uint64_t)h * 77);
	hh->fake.forward = on_emit;
	hh->fake.forward_ctx = n;
	hh->env = (proto_env){ .ctx = hh, .emit = host_emit, .random_u64 = host_random, .trace = host_trace };
	if (cfg)
		hh->cfg = *cfg;
	else
		mptcp_config_default(&hh->cfg);
	if (tcp)
		hh->tcp_cfg = *tcp;
	else
		tcp_config_default(&hh->tcp_cfg);
	hh->addrs[0] = *addr;
	hh->n_addrs = 1;
	GError *err = NULL;
	hh->st = mptcp_stack_new(&hh->cfg, &hh->tcp_cfg, &hh->env, &err);
	g_assert_no_error(err);
}

void mpnet_init(mpnet *n, const mptcp_config *ccfg, const mptcp_config *scfg, const tcp_config *tcp, sim_time_t delay)
{
	memset(n, 0, sizeof *n);
	n->delay = delay;
	net_addr a = net_addr_v4(10, 0, 0, 1), b = net_addr_v4(10, 0, 1, 1);
	host_init(n, 0, ccfg, tcp, &a);
	host_init(n, 1, scfg, tcp, &b);
	mpapp_init(&n->client);
	mpapp_init(&n->server);
	bool ok = mptcp_stack_listen(n->host[1].st, MPNET_PORT, &mpapp_callbacks, &n->server, NULL);
	g_assert(ok);
}

void mpnet_fini(mpnet *n)
{
	for (int h = 0; h < 2; h++) {
		mptcp_stack_free(n->host[h].st);
		tcpfake_fini(&n->host[h].fake);
	}
	g_list_free_full(n->inflight, g_free);
}

void mpnet_add_route(mpnet *n, int host, const net_addr *a)
{
	mpnet_host *h = &n->host[host];
	g_assert(h->n_addrs < G_N_ELEMENTS(h->addrs));
	h->addrs[h->n_addrs++] = *a;
}

mptcp_conn *mpnet_connect(mpnet *n)
{
	GError *err = NULL;
	n->cc = mptcp_stack_connect(n->host[0].st, &n->host[0].addrs[0], 0, &n->host[1].addrs[0], MPNET_PORT,
				    &mpapp_callbacks, &n->client, n->now, &err);
	g_assert_no_error(err);
	n->client.conn = n->cc;
	return n->cc;
}

mptcp_conn *mpnet_server_conn(const mpnet *n)
{
	return mptcp_stack_conn_count(n->host[1].st) ? mptcp_stack_conn(n->host[1].st, 0) : NULL;
}

sim_time_t mpnet_run(mpnet *n, sim_time_t until)
{
	for (;;) {
		sim_time_t best = SIM_TIME_NEVER;
		int kind = -1;
		struct mpnet_pkt *p = n->inflight ? n->inflight->data : NULL;
		if (p) {
			best = p->at;
			kind = 2;
		}
		/* packets before timers at the same time, host 0 before host 1 */
		for (int h = 0; h < 2; h++) {
			sim_time_t t = mptcp_stack_next_deadline(n->host[h].st);
			if (t < best) {
				best = t;
				kind = h;
			}
		}
		if (kind < 0 || best > until)
			break;
		g_assert(best >= n->now);
		n->now = best;
		n->events++;
		if (kind == 2) {
			n->inflight = g_list_delete_link(n->inflight, n->inflight);
			int to = owner(n, &p->seg.dst);
			if (to < 0) {
				n->unroutable++;
			} else {
				n->delivered[p->dir]++;
				mptcp_stack_input(n->host[to].st, &p->seg, n->now);
			}
			g_free(p);
		} else {
			mptcp_stack_on_timer(n->host[kind].st, n->now);
		}
	}
	if (until != SIM_TIME_NEVER && n->now < until)
		n->now = until;
	return n->now;
}

uint64_t mpnet_mib(const mpnet *n, int host, mptcp_mib m)
{
	return mptcp_stack_mib(n->host[host].st, m);
}

int64_t mpnet_trace_last(const mpnet *n, int h, uint32_t subflow_id, trace_metric metric, int64_t dflt)
{
	const GArray *t = n->host[h].fake.traces;
	for (guint i = t->len; i > 0; i--) {
		const trace_record *r = &g_array_index(t, trace_record, i - 1);
		if (r->metric == metric && r->subflow_id == subflow_id)
			return r->value;
	}
	return dflt;
}

size_t mpnet_trace_count(const mpnet *n, int h, uint32_t subflow_id, trace_metric metric)
{
	const GArray *t = n->host[h].fake.traces;
	size_t c = 0;
	for (guint i = 0; i < t->len; i++) {
		const trace_record *r = &g_array_index(t, trace_record, i);
		c += r->metric == metric && r->subflow_id == subflow_id;
	}
	return c;
}

/* ---- segments ---- */

mptcp_options mpseg_opts(const segment *s, uint8_t version)
{
	mptcp_options o;
	mptcp_opt_ctx ctx = { .version = version, .tcp_flags = s->flags, .payload_len = s->payload_len };
	mptcp_opt_parse(s->options, s->opt_len, &ctx, &o, NULL);
	return o;
}

void mpseg_strip(segment *s)
{
	for (size_t i = 0; i + 1 < s->opt_len;) {
		uint8_t k = s->options[i];
		if (k == TCPOPT_EOL)
			break;
		if (k == TCPOPT_NOP) {
			i++;
			continue;
		}
		uint8_t len = s->options[i + 1];
		if (len < 2 || i + len > s->opt_len)
			break;
		if (k == TCPOPT_MPTCP)
			memset(&s->options[i], TCPOPT_NOP, len);
		i += len;
	}
}

static void corrupt_fill(uint64_t stream, uint64_t offset, uint8_t *out, size_t len)
{
	payload_pattern_fill(stream, offset, out, len);
	for (size_t i = 0; i < len; i++)
		out[i] ^= 0x5a;
}

void mpseg_corrupt(segment *s)
{
	s->payload_fill = corrupt_fill;
}

size_t mpnet_count_opt(const mpnet *n, int h, uint32_t bit, uint8_t version)
{
	size_t c = 0;
	const tcpfake *f = &n->host[h].fake;
	for (size_t i = 0; i < tcpfake_count(f); i++) {
		mptcp_options o = mpseg_opts(tcpfake_seg(f, i), version);
		c += (o.suboptions & bit) != 0;
	}
	return c;
}

static void dump_one(FILE *out, int h, sim_time_t t, const segment *s)
{
	char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN];
	fprintf(out, "%10.3f ms h%d %s:%u > %s:%u %s%s%s%s%s seq %u ack %u win %u len %u", sim_time_to_ms(t), h,
		net_addr_to_string(&s->src, a), s->sport, net_addr_to_string(&s->dst, b), s->dport,
		(s->flags & TCP_FLAG_SYN) ? "S" : "", (s->flags & TCP_FLAG_FIN) ? "F" : "", (s->flags & TCP_FLAG_RST) ? "R" : "",
		(s->flags & TCP_FLAG_ACK) ? "." : "", (s->flags & TCP_FLAG_PSH) ? "P" : "", s->seq, s->ack, s->window,
		s->payload_len);
	mptcp_options o = mpseg_opts(s, MPTCP_VERSION_1);
	for (uint32_t bit = 1; bit & MPTCP_OPT_ALL; bit <<= 1) {
		if (!(o.suboptions & bit))
			continue;
		fprintf(out, " [%s", mptcp_opt_name(bit));
		if (bit == MPTCP_OPT_DSS) {
			if (o.dss_flags & MPTCP_DSS_HAS_ACK)
				fprintf(out, " ack %" PRIu64, o.data_ack);
			if (o.dss_flags & MPTCP_DSS_HAS_MAP)
				fprintf(out, " dsn %" PRIu64 " ssn %u len %u", o.data_seq, o.subflow_seq, o.data_len);
			if (o.dss_flags & MPTCP_DSS_DATA_FIN)
				fprintf(out, " FIN");
		} else if (bit == MPTCP_OPT_ADD_ADDR) {
			fprintf(out, " id %u%s", o.add_addr_id, o.add_addr_echo ? " echo" : "");
		} else if (bit == MPTCP_OPT_RST) {
			fprintf(out, " reason %u", o.reset_reason);
		}
		fprintf(out, "]");
	}
	fprintf(out, "\n");
}

void mpnet_dump(const mpnet *n, FILE *out)
{
	size_t i[2] = { 0, 0 };
	for (;;) {
		int h = -1;
		for (int k = 0; k < 2; k++) {
			const tcpfake *f = &n->host[k].fake;
			if (i[k] < tcpfake_count(f) && (h < 0 || tcpfake_time(f, i[k]) < tcpfake_time(&n->host[h].fake, i[h])))
				h = k;
		}
		if (h < 0)
			break;
		dump_one(out, h, tcpfake_time(&n->host[h].fake, i[h]), tcpfake_seg(&n->host[h].fake, i[h]));
		i[h]++;
	}
}
