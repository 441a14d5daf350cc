/* tcpscript.c — a connection under test and a hand-written peer (tcpscript.h). */
#include "tcpscript.h"

#include <string.h>

void tcpscript_start(tcpscript *s, const tcp_config *cfg, const tcpscript_peer *peer)
{
	memset(s, 0, sizeof *s);
	tcpfake_init(&s->f, 42);
	tcpapp_init(&s->app);
	s->me = net_addr_v4(10, 0, 0, 1);
	s->peer = net_addr_v4(10, 0, 0, 2);
	s->my_port = 40000;
	s->peer_port = 80;
	s->peer_isn = TCPSCRIPT_PEER_ISN;
	s->peer_sack = peer->sack;
	s->peer_ts = peer->ts;
	s->peer_wscale = peer->wscale;
	s->peer_tsval = 5000;
	GError *e = NULL;
	s->c = tcp_conn_new(cfg, &s->f.env, &s->me, s->my_port, &s->peer, s->peer_port, &e);
	g_assert_no_error(e);
	tcp_conn_set_callbacks(s->c, &tcpapp_callbacks, &s->app);
	tcp_conn_connect(s->c, 0);
	s->iss = tcpfake_last(&s->f)->seq;
}

static void add_ts(tcpscript *s, tcp_opts *o)
{
	if (!s->peer_ts)
		return;
	/* echo the newest timestamp the connection sent */
	uint32_t ecr = 0;
	for (size_t i = tcpfake_count(&s->f); i > 0; i--) {
		tcp_opts co = tcpseg_opts(tcpfake_seg(&s->f, i - 1));
		if (co.present & TCP_OPT_HAS_TS) {
			ecr = co.ts_val;
			break;
		}
	}
	o->present |= TCP_OPT_HAS_TS;
	o->ts_val = ++s->peer_tsval;
	o->ts_ecr = ecr;
}

segment tcpscript_synack(tcpscript *s)
{
	segment sa = tcpseg_make(&s->peer, s->peer_port, &s->me, s->my_port, TCP_FLAG_SYN | TCP_FLAG_ACK, s->peer_isn,
				 s->iss + 1, 65535);
	tcp_opts o;
	memset(&o, 0, sizeof o);
	o.present = TCP_OPT_HAS_MSS;
	o.mss = 1460;
	if (s->peer_sack)
		o.present |= TCP_OPT_HAS_SACK_PERM;
	if (s->peer_wscale >= 0) {
		o.present |= TCP_OPT_HAS_WSCALE;
		o.wscale = (uint8_t)s->peer_wscale;
	}
	add_ts(s, &o);
	tcpseg_set_options(&sa, &o);
	return sa;
}

void tcpscript_open(tcpscript *s, const tcp_config *cfg, const tcpscript_peer *peer, sim_time_t rtt)
{
	tcpscript_start(s, cfg, peer);
	segment sa = tcpscript_synack(s);
	tcpscript_in(s, &sa, rtt);
	g_assert(tcp_conn_state(s->c) == TCP_ESTABLISHED);
}

void tcpscript_close(tcpscript *s)
{
	tcp_conn_free(s->c);
	tcpfake_fini(&s->f);
}

segment tcpscript_ack(tcpscript *s, uint64_t acked, uint32_t window)
{
	uint32_t shift = s->peer_wscale > 0 ? (uint32_t)s->peer_wscale : 0;
	uint32_t w = window >> shift;
	segment a = tcpseg_make(&s->peer, s->peer_port, &s->me, s->my_port, TCP_FLAG_ACK,
				s->peer_isn + 1 + (uint32_t)s->peer_snd, tcpscript_seq(s, acked), (uint16_t)(w > 65535 ? 65535 : w));
	tcp_opts o;
	memset(&o, 0, sizeof o);
	add_ts(s, &o);
	tcpseg_set_options(&a, &o);
	return a;
}

void tcpscript_sack(tcpscript *s, segment *seg, unsigned n, const uint64_t *starts, const uint64_t *ends)
{
	tcp_opts o = tcpseg_opts(seg);
	o.present |= TCP_OPT_HAS_SACK;
	o.n_sack = (uint8_t)n;
	for (unsigned i = 0; i < n; i++) {
		o.sack[i].start = tcpscript_seq(s, starts[i]);
		o.sack[i].end = tcpscript_seq(s, ends[i]);
	}
	tcpseg_set_options(seg, &o);
}

segment tcpscript_data(tcpscript *s, uint64_t offset, uint32_t len)
{
	tcp_info info;
	tcp_conn_get_info(s->c, &info);
	segment d = tcpseg_make(&s->peer, s->peer_port, &s->me, s->my_port, TCP_FLAG_ACK,
				s->peer_isn + 1 + (uint32_t)offset, s->iss + (uint32_t)info.snd_una, 65535);
	tcp_opts o;
	memset(&o, 0, sizeof o);
	add_ts(s, &o);
	tcpseg_set_options(&d, &o);
	/* by default the stream of a direction is its sender's ISN */
	tcpseg_set_payload(&d, s->peer_isn, offset, len);
	if (offset + len > s->peer_snd)
		s->peer_snd = offset + len;
	return d;
}

void tcpscript_in(tcpscript *s, const segment *seg, sim_time_t t)
{
	g_assert(t >= s->now);
	s->now = t;
	tcp_conn_input(s->c, seg, t);
}

void tcpscript_timers(tcpscript *s, sim_time_t t)
{
	for (;;) {
		sim_time_t d = tcp_conn_next_deadline(s->c);
		if (d > t)
			break;
		s->now = d;
		tcp_conn_on_timer(s->c, d);
	}
	s->now = t;
}

uint32_t tcpscript_seq(const tcpscript *s, uint64_t off)
{
	return s->iss + 1 + (uint32_t)off;
}

uint64_t tcpscript_off(const tcpscript *s, uint32_t seq)
{
	return (uint64_t)(uint32_t)(seq - s->iss - 1);
}

uint64_t tcpscript_seg_off(const tcpscript *s, const segment *seg)
{
	return tcpscript_off(s, seg->seq);
}
