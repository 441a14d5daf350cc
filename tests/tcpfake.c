/* tcpfake.c — fake env, hand-written segments, application recorder and test link (tcpfake.h). */
#include "tcpfake.h"

#include <string.h>

/* ---- fake env ---- */

static void fake_emit(void *ctx, const segment *seg, sim_time_t now)
{
	tcpfake *f = ctx;
	g_array_append_val(f->segs, *seg);
	g_array_append_val(f->times, now);
	if (f->forward)
		f->forward(f->forward_ctx, seg, now);
}

static uint64_t fake_random(void *ctx)
{
	tcpfake *f = ctx;
	/* xorshift64* */
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return f->rng * UINT64_C(2685821657736338717);
}

static void fake_trace(void *ctx, const trace_record *rec)
{
	tcpfake *f = ctx;
	g_array_append_val(f->traces, *rec);
}

void tcpfake_init(tcpfake *f, uint64_t seed)
{
	memset(f, 0, sizeof *f);
	f->segs = g_array_new(FALSE, FALSE, sizeof(segment));
	f->times = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	f->traces = g_array_new(FALSE, FALSE, sizeof(trace_record));
	f->rng = seed ? seed : 1;
	f->env.ctx = f;
	f->env.emit = fake_emit;
	f->env.random_u64 = fake_random;
	f->env.trace = fake_trace;
}

void tcpfake_fini(tcpfake *f)
{
	g_array_free(f->segs, TRUE);
	g_array_free(f->times, TRUE);
	g_array_free(f->traces, TRUE);
}

size_t tcpfake_count(const tcpfake *f)
{
	return f->segs->len;
}

const segment *tcpfake_seg(const tcpfake *f, size_t i)
{
	g_assert(i < f->segs->len);
	return &g_array_index(f->segs, segment, i);
}

sim_time_t tcpfake_time(const tcpfake *f, size_t i)
{
	g_assert(i < f->times->len);
	return g_array_index(f->times, sim_time_t, i);
}

const segment *tcpfake_last(const tcpfake *f)
{
	return f->segs->len ? tcpfake_seg(f, f->segs->len - 1) : NULL;
}

size_t tcpfake_count_data(const tcpfake *f, size_t from)
{
	size_t n = 0;
	for (size_t i = from; i < f->segs->len; i++)
		n += tcpfake_seg(f, i)->payload_len > 0;
	return n;
}

int64_t tcpfake_trace_last(const tcpfake *f, trace_metric metric, int64_t dflt)
{
	for (size_t i = f->traces->len; i > 0; i--) {
		const trace_record *r = &g_array_index(f->traces, trace_record, i - 1);
		if (r->metric == metric)
			return r->value;
	}
	return dflt;
}

size_t tcpfake_trace_count(const tcpfake *f, trace_metric metric)
{
	size_t n = 0;
	for (size_t i = 0; i < f->traces->len; i++)
		n += g_array_index(f->traces, trace_record, i).metric == metric;
	return n;
}

/* ---- segments written by hand ---- */

segment tcpseg_make(const net_addr *src, uint16_t sport, const net_addr *dst, uint16_t dport, uint8_t flags,
		    uint32_t seq, uint32_t ack, uint16_t window)
{
	segment s;
	memset(&s, 0, sizeof s);
	s.src = *src;
	s.dst = *dst;
	s.sport = sport;
	s.dport = dport;
	s.proto = SEG_PROTO_TCP;
	s.ttl = 64;
	s.flags = flags;
	s.seq = seq;
	s.ack = ack;
	s.window = window;
	return s;
}

void tcpseg_set_options(segment *s, const tcp_opts *o)
{
	s->opt_len = (uint8_t)tcp_opts_write(o, s->options, TCP_OPTIONS_MAX);
}

void tcpseg_set_payload(segment *s, uint64_t stream, uint64_t offset, uint32_t len)
{
	s->payload_len = len;
	s->payload_fill = payload_pattern_fill;
	s->payload_stream = stream;
	s->payload_offset = offset;
}

tcp_opts tcpseg_opts(const segment *s)
{
	tcp_opts o;
	tcp_opts_parse(s->options, s->opt_len, &o);
	return o;
}

/* ---- application recorder ---- */

void tcpapp_init(tcpapp *a)
{
	memset(a, 0, sizeof *a);
	a->all_intact = true;
}

static void app_push(tcpapp *a, tcp_conn *c, sim_time_t now)
{
	if (a->to_send) {
		uint64_t n = tcp_conn_send(c, a->to_send, now);
		a->to_send -= n;
	}
	if (!a->to_send && a->close_when_sent) {
		a->close_when_sent = false;
		tcp_conn_close(c, now);
	}
}

static void app_connected(void *ctx, tcp_conn *c, sim_time_t now)
{
	tcpapp *a = ctx;
	a->connected++;
	a->connected_at = now;
	app_push(a, c, now);
}

static void app_data(void *ctx, tcp_conn *c, uint64_t offset, uint64_t bytes, bool intact, sim_time_t now)
{
	(void)c;
	(void)now;
	tcpapp *a = ctx;
	if (offset != a->next_offset)
		a->gap = true;
	a->next_offset = offset + bytes;
	a->received += bytes;
	a->data_calls++;
	if (!intact) {
		a->all_intact = false;
		a->not_intact_calls++;
	}
}

static void app_send_space(void *ctx, tcp_conn *c, uint64_t space, sim_time_t now)
{
	(void)space;
	tcpapp *a = ctx;
	a->send_space_calls++;
	app_push(a, c, now);
}

static void app_peer_fin(void *ctx, tcp_conn *c, sim_time_t now)
{
	tcpapp *a = ctx;
	a->peer_fin++;
	a->peer_fin_at = now;
	if (a->close_on_peer_fin)
		tcp_conn_close(c, now);
}

static void app_closed(void *ctx, tcp_conn *c, tcp_close_reason reason, sim_time_t now)
{
	(void)c;
	tcpapp *a = ctx;
	a->closed++;
	a->reason = reason;
	a->closed_at = now;
}

const tcp_callbacks tcpapp_callbacks = {
	.on_connected = app_connected,
	.on_data = app_data,
	.on_send_space = app_send_space,
	.on_peer_fin = app_peer_fin,
	.on_closed = app_closed,
};

void tcpapp_bulk(tcpapp *a, tcp_conn *c, uint64_t bytes, bool close_when_sent, sim_time_t now)
{
	a->to_send += bytes;
	a->close_when_sent = close_when_sent;
	if (tcp_conn_state(c) == TCP_ESTABLISHED || tcp_conn_state(c) == TCP_CLOSE_WAIT)
		app_push(a, c, now);
}

/* ---- two nodes and a link ---- */

struct tcpwire_pkt {
	sim_time_t at;
	segment seg;
};

static void wire_send(void *ctx, const segment *seg, sim_time_t now)
{
	tcpwire_node *n = ctx;
	tcpwire *w = n->wire;
	int dir = n->index;
	uint64_t index = w->sent[dir]++;
	if (w->drop && w->drop(w->drop_ctx, dir, index, seg)) {
		w->dropped[dir]++;
		return;
	}
	sim_time_t start = w->tx_free_at[dir] > now ? w->tx_free_at[dir] : now;
	if (w->rate_bps) {
		/* drop-tail: bytes waiting for the transmitter, measured in transmission time */
		uint64_t backlog_ns = (uint64_t)(start - now);
		uint64_t backlog_bytes = backlog_ns * w->rate_bps / 8 / 1000000000u;
		if (w->queue_bytes && backlog_bytes + segment_wire_len(seg) > w->queue_bytes) {
			w->queue_drops[dir]++;
			return;
		}
		/* exact serialization time, carrying the remainder so rounding never drifts */
		uint64_t num = (uint64_t)segment_wire_len(seg) * 8u * 1000000000u + w->tx_rem[dir];
		sim_time_t tx = (sim_time_t)(num / w->rate_bps);
		w->tx_rem[dir] = num % w->rate_bps;
		w->tx_free_at[dir] = start + tx;
		start += tx;
	}
	struct tcpwire_pkt *p = g_new(struct tcpwire_pkt, 1);
	p->at = start + w->delay;
	p->seg = *seg;
	g_queue_push_tail(&w->inflight[dir], p);
}

void tcpwire_init(tcpwire *w, const net_addr *a, const net_addr *b, sim_time_t delay, uint64_t seed)
{
	memset(w, 0, sizeof *w);
	w->delay = delay;
	for (int i = 0; i < 2; i++) {
		tcpwire_node *n = &w->node[i];
		n->addr = i == 0 ? *a : *b;
		tcpfake_init(&n->fake, seed * 2 + (uint64_t)i + 1);
		n->fake.forward = wire_send;
		n->fake.forward_ctx = n;
		n->conns = g_ptr_array_new();
		n->index = i;
		n->wire = w;
		g_queue_init(&w->inflight[i]);
	}
}

void tcpwire_fini(tcpwire *w)
{
	for (int i = 0; i < 2; i++) {
		tcpfake_fini(&w->node[i].fake);
		g_ptr_array_free(w->node[i].conns, TRUE);
		struct tcpwire_pkt *p;
		while ((p = g_queue_pop_head(&w->inflight[i])))
			g_free(p);
	}
}

void tcpwire_add_conn(tcpwire *w, int node, tcp_conn *c)
{
	g_ptr_array_add(w->node[node].conns, c);
}

void tcpwire_set_listener(tcpwire *w, int node, tcp_listener *l)
{
	w->node[node].listener = l;
}

const proto_env *tcpwire_env(tcpwire *w, int node)
{
	return &w->node[node].fake.env;
}

static tcp_conn *find_conn(tcpwire_node *n, const segment *seg)
{
	for (guint i = 0; i < n->conns->len; i++) {
		tcp_conn *c = g_ptr_array_index(n->conns, i);
		net_addr la, ra;
		uint16_t lp, rp;
		tcp_conn_get_tuple(c, &la, &lp, &ra, &rp);
		if (lp == seg->dport && rp == seg->sport && net_addr_equal(&ra, &seg->src))
			return c;
	}
	return NULL;
}

static void deliver(tcpwire *w, int to, const segment *seg)
{
	tcpwire_node *n = &w->node[to];
	w->delivered[1 - to]++;
	tcp_conn *c = find_conn(n, seg);
	if (c)
		tcp_conn_input(c, seg, w->now);
	else if (n->listener)
		tcp_listener_input(n->listener, seg, w->now);
	else
		tcp_send_reset_for(&n->fake.env, seg, w->now);
}

/* Earliest timer among a node's connections (and its listener's). */
static sim_time_t node_deadline(tcpwire_node *n, tcp_conn **which)
{
	sim_time_t t = SIM_TIME_NEVER;
	*which = NULL;
	for (guint i = 0; i < n->conns->len; i++) {
		tcp_conn *c = g_ptr_array_index(n->conns, i);
		sim_time_t d = tcp_conn_next_deadline(c);
		if (d < t) {
			t = d;
			*which = c;
		}
	}
	if (n->listener) {
		for (size_t i = 0; i < tcp_listener_count(n->listener); i++) {
			tcp_conn *c = tcp_listener_conn(n->listener, i);
			sim_time_t d = tcp_conn_next_deadline(c);
			if (d < t) {
				t = d;
				*which = c;
			}
		}
	}
	return t;
}

sim_time_t tcpwire_run(tcpwire *w, sim_time_t until)
{
	for (;;) {
		/* the earliest event; ties go to packets before timers, node 0 before node 1 */
		sim_time_t best = SIM_TIME_NEVER;
		int kind = -1;
		tcp_conn *timer_conn = NULL;
		for (int d = 0; d < 2; d++) {
			struct tcpwire_pkt *p = g_queue_peek_head(&w->inflight[d]);
			if (p && p->at < best) {
				best = p->at;
				kind = d;
			}
		}
		for (int i = 0; i < 2; i++) {
			tcp_conn *c;
			sim_time_t t = node_deadline(&w->node[i], &c);
			if (t < best) {
				best = t;
				kind = 2;
				timer_conn = c;
			}
		}
		if (kind < 0 || best > until)
			break;
		g_assert(best >= w->now);
		w->now = best;
		w->events++;
		if (kind < 2) {
			struct tcpwire_pkt *p = g_queue_pop_head(&w->inflight[kind]);
			segment seg = p->seg;
			g_free(p);
			deliver(w, 1 - kind, &seg);
		} else {
			tcp_conn_on_timer(timer_conn, w->now);
		}
	}
	if (until != SIM_TIME_NEVER && w->now < until)
		w->now = until;
	return w->now;
}
