/* protocol_tcp_fuzz.c — hostile input: tens of thousands of random segments (flags, sequence and
 * acknowledgment numbers near and far from the window, windows, option bytes, SACK blocks,
 * payloads from wrong streams) thrown at connections in every state and at a listener, with
 * timers firing in between. Malformed wire input must never trip an assertion or break an
 * invariant (CONVENTIONS.md: assertions are for programmer errors only); the sanitizer build
 * runs this too. */
#include "testutil.h"

#include "tcpscript.h"

#include <string.h>

typedef struct rnd {
	uint64_t s;
} rnd;

static uint64_t next(rnd *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return r->s;
}

static uint32_t below(rnd *r, uint32_t n)
{
	return (uint32_t)(next(r) % n);
}

/* A number near `base` most of the time, anywhere otherwise. */
static uint32_t near(rnd *r, uint32_t base)
{
	switch (below(r, 4)) {
	case 0:
		return (uint32_t)next(r);
	case 1:
		return base + below(r, 3) - 1;
	default:
		return base + below(r, 200000) - 100000;
	}
}

static void random_options(rnd *r, segment *s, const tcpscript *sc)
{
	switch (below(r, 4)) {
	case 0: /* raw garbage */
		s->opt_len = (uint8_t)below(r, TCP_OPTIONS_MAX + 1);
		for (unsigned i = 0; i < s->opt_len; i++)
			s->options[i] = (uint8_t)(below(r, 3) ? below(r, 12) : next(r));
		break;
	case 1: { /* well-formed SACK blocks around what was sent, and a timestamp */
		tcp_opts o;
		memset(&o, 0, sizeof o);
		o.present = TCP_OPT_HAS_SACK | (below(r, 2) ? TCP_OPT_HAS_TS : 0);
		o.ts_val = (uint32_t)next(r);
		o.ts_ecr = (uint32_t)next(r);
		o.n_sack = (uint8_t)(1 + below(r, 4));
		for (unsigned i = 0; i < o.n_sack; i++) {
			uint32_t a = near(r, sc->iss + 20000), b = near(r, a + 3000);
			o.sack[i].start = a;
			o.sack[i].end = b;
		}
		tcpseg_set_options(s, &o);
		break;
	}
	default:
		break;
	}
}

static segment random_segment(rnd *r, const tcpscript *sc)
{
	tcp_info i;
	tcp_conn_get_info(sc->c, &i);
	uint8_t flags = (uint8_t)(below(r, 3) ? TCP_FLAG_ACK : 0);
	if (below(r, 12) == 0)
		flags |= TCP_FLAG_SYN;
	if (below(r, 12) == 0)
		flags |= TCP_FLAG_FIN;
	if (below(r, 20) == 0)
		flags |= TCP_FLAG_RST;
	if (below(r, 30) == 0)
		flags = (uint8_t)next(r);
	segment s = tcpseg_make(&sc->peer, sc->peer_port, &sc->me, sc->my_port, flags,
				near(r, i.irs + (uint32_t)i.rcv_nxt), near(r, i.iss + (uint32_t)i.snd_una),
				(uint16_t)(below(r, 4) ? below(r, 65536) : 0));
	random_options(r, &s, sc);
	if (below(r, 2)) {
		uint32_t len = below(r, 3) ? below(r, 3000) : (uint32_t)next(r) % 100000;
		/* mostly the right bytes, sometimes another stream or offset */
		uint64_t off = (uint32_t)(s.seq - i.irs - 1);
		tcpseg_set_payload(&s, below(r, 4) ? i.irs : next(r), below(r, 4) ? off : next(r) >> 20, len);
	}
	return s;
}

/* How often each state and recovery state was seen, to show the input reaches them. */
static uint64_t seen_state[TCP_STATE_COUNT], seen_ca[3];

/* A segment a real but erratic peer could send: an ACK anywhere in what is outstanding (often a
 * duplicate), SACK blocks over sent data, data at or a little beyond rcv_nxt, sometimes a FIN. */
static uint32_t plausible_tsval = 1000000;

static segment plausible_segment(rnd *r, const tcpscript *sc)
{
	tcp_info i;
	tcp_conn_get_info(sc->c, &i);
	uint64_t out = i.snd_nxt - i.snd_una;
	uint64_t acked = i.snd_una + (below(r, 2) && out ? next(r) % (out + 1) : 0);
	if (below(r, 4) == 0)
		acked = i.snd_nxt; /* everything, FIN included */
	uint8_t flags = TCP_FLAG_ACK;
	uint64_t rseq = i.rcv_nxt + (below(r, 4) == 0 ? (uint64_t)below(r, 8) * 536 : 0);
	segment s = tcpseg_make(&sc->peer, sc->peer_port, &sc->me, sc->my_port, flags, i.irs + (uint32_t)rseq,
				i.iss + (uint32_t)acked, (uint16_t)(below(r, 10) ? 65535 : below(r, 100)));
	tcp_opts o;
	memset(&o, 0, sizeof o);
	if (sc->peer_ts) {
		o.present |= TCP_OPT_HAS_TS;
		o.ts_val = plausible_tsval++;
	}
	if (sc->peer_sack && out > 1 && below(r, 2)) {
		o.present |= TCP_OPT_HAS_SACK;
		o.n_sack = (uint8_t)(1 + below(r, 3));
		for (unsigned k = 0; k < o.n_sack; k++) {
			uint64_t a = i.snd_una + next(r) % out, b = a + 1 + next(r) % (i.snd_nxt - a);
			o.sack[k].start = i.iss + (uint32_t)a;
			o.sack[k].end = i.iss + (uint32_t)b;
		}
	}
	tcpseg_set_options(&s, &o);
	if (below(r, 3) == 0)
		tcpseg_set_payload(&s, i.irs, rseq - 1, 1 + below(r, 1400));
	if (below(r, 25) == 0)
		s.flags |= TCP_FLAG_FIN;
	return s;
}

static void check_invariants(tcpscript *sc)
{
	tcp_info i;
	tcp_conn_get_info(sc->c, &i);
	seen_state[i.state]++;
	seen_ca[i.ca_state]++;
	CU_ASSERT(i.snd_una <= i.snd_nxt);
	CU_ASSERT(i.bytes_in_flight <= 2 * i.flight_size_bytes);
	CU_ASSERT(i.rcv_nxt <= (uint64_t)1 << 40);
	CU_ASSERT(i.state < TCP_STATE_COUNT);
	if (i.state != TCP_CLOSED && i.state != TCP_SYN_SENT && i.state != TCP_SYN_RECEIVED && i.state != TCP_LISTEN) {
		CU_ASSERT(i.cwnd_bytes >= i.snd_mss_bytes);
		CU_ASSERT(i.snd_mss_bytes >= 32);
	}
	sim_time_t d = tcp_conn_next_deadline(sc->c);
	CU_ASSERT(d == SIM_TIME_NEVER || d >= sc->now);
	CU_ASSERT(sc->app.received == tcp_conn_counter(sc->c, TCP_CNT_BYTES_DELIVERED));
}

static void fuzz_connection(const tcp_config *cfg, const tcpscript_peer *peer, uint64_t seed, int rounds)
{
	rnd r = { seed };
	tcpscript sc;
	tcpscript_open(&sc, cfg, peer, SIM_MS(30));
	tcpapp_bulk(&sc.app, sc.c, 1 << 20, false, sc.now);
	for (int k = 0; k < rounds; k++) {
		/* as an event loop would: timers due before the next segment fire first */
		sim_time_t t = sc.now + (sim_time_t)below(&r, 2000) * SIM_US(50);
		tcpscript_timers(&sc, t);
		if (below(&r, 8) != 0) {
			segment s = below(&r, 2) ? plausible_segment(&r, &sc) : random_segment(&r, &sc);
			if (tcp_conn_state(sc.c) != TCP_SYN_SENT)
				tcpscript_in(&sc, &s, t);
		}
		if (below(&r, 400) == 0)
			tcp_conn_close(sc.c, sc.now);
		if (below(&r, 50) == 0)
			tcp_conn_send(sc.c, below(&r, 50000), sc.now);
		if (below(&r, 200) == 0)
			tcp_conn_read(sc.c, below(&r, 100000), sc.now);
		check_invariants(&sc);
		/* a closed connection starts over, so every state gets its share */
		if (tcp_conn_state(sc.c) == TCP_CLOSED || (k % 5000) == 4999) {
			tcpscript_close(&sc);
			tcpscript_open(&sc, cfg, peer, SIM_MS(30));
			tcpapp_bulk(&sc.app, sc.c, below(&r, 2) ? below(&r, 8000) : 1 << 20, below(&r, 2), sc.now);
			if (below(&r, 3) == 0)
				tcp_conn_close(sc.c, sc.now);
		}
	}
	tcpscript_close(&sc);
}

static void test_fuzz_established(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	const tcpscript_peer full = { .sack = true, .ts = true, .wscale = 7, .mss = 1460 };
	fuzz_connection(&cfg, &full, 0x1234567u, 50000);
	cfg.sack = false;
	cfg.cc_name = "reno";
	cfg.auto_read = false;
	cfg.rcvbuf_bytes = 20000;
	cfg.pacing = true;
	const tcpscript_peer plain = { .sack = false, .ts = false, .wscale = -1, .mss = 536 };
	fuzz_connection(&cfg, &plain, 0x89abcdefu, 50000);
	/* the peer drove the connections through every state after the handshake (the handshake
	 * states are the next test's), and through both kinds of recovery */
	int states = 0;
	for (int k = 0; k < TCP_STATE_COUNT; k++)
		states += seen_state[k] > 0;
	printf("(states reached: %d of %d; recovery %lu, loss %lu) ", states, (int)TCP_STATE_COUNT,
	       (unsigned long)seen_ca[TCP_CA_RECOVERY], (unsigned long)seen_ca[TCP_CA_LOSS]);
	CU_ASSERT(states >= 8);
	for (int k = TCP_ESTABLISHED; k < TCP_STATE_COUNT; k++)
		CU_ASSERT(seen_state[k] > 0);
	CU_ASSERT(seen_ca[TCP_CA_RECOVERY] > 0);
	CU_ASSERT(seen_ca[TCP_CA_LOSS] > 0);
}

static void test_fuzz_handshake_and_listener(void)
{
	rnd r = { 0xfeedfaceu };
	tcp_config cfg;
	tcp_config_default(&cfg);
	/* SYN-SENT: random answers */
	for (int n = 0; n < 200; n++) {
		tcpscript sc;
		const tcpscript_peer full = { .sack = true, .ts = true, .wscale = 7, .mss = 1460 };
		tcpscript_start(&sc, &cfg, &full);
		for (int k = 0; k < 50; k++) {
			segment s = tcpscript_synack(&sc);
			s.flags = (uint8_t)next(&r);
			s.seq = (uint32_t)next(&r);
			if (below(&r, 2))
				s.ack = near(&r, sc.iss + 1);
			random_options(&r, &s, &sc);
			tcpscript_in(&sc, &s, sc.now + SIM_MS(1));
			if (below(&r, 10) == 0)
				tcpscript_timers(&sc, sc.now + SIM_S(1));
		}
		tcpscript_close(&sc);
	}
	/* a listener: random segments from a handful of peers */
	tcpfake f;
	tcpfake_init(&f, 5);
	net_addr srv = net_addr_v4(10, 0, 0, 2);
	tcp_listener *l = tcp_listener_new(&cfg, &f.env, &srv, 80, NULL, NULL, NULL);
	sim_time_t now = 0;
	for (int k = 0; k < 30000; k++) {
		net_addr cli = net_addr_v4(10, 1, 0, (uint8_t)below(&r, 8));
		uint8_t flags = (uint8_t)(below(&r, 3) ? TCP_FLAG_SYN : next(&r));
		segment s = tcpseg_make(&cli, (uint16_t)(1000 + below(&r, 4)), &srv, 80, flags, (uint32_t)next(&r),
					(uint32_t)next(&r), (uint16_t)next(&r));
		s.opt_len = (uint8_t)below(&r, TCP_OPTIONS_MAX + 1);
		for (unsigned i = 0; i < s.opt_len; i++)
			s.options[i] = (uint8_t)below(&r, 12);
		now += SIM_US(100);
		tcp_listener_input(l, &s, now);
		for (size_t i = 0; i < tcp_listener_count(l); i++) {
			tcp_conn *c = tcp_listener_conn(l, i);
			if (tcp_conn_next_deadline(c) <= now)
				tcp_conn_on_timer(c, now);
		}
		tcp_listener_reap(l);
		CU_ASSERT(tcp_listener_count(l) <= 32);
	}
	tcp_listener_free(l);
	tcpfake_fini(&f);
}

static CU_TestInfo fuzz_tests[] = {
	{ .pName = "random segments at connections in every state", .pTestFunc = test_fuzz_established },
	{ .pName = "random answers to a SYN; random segments at a listener", .pTestFunc = test_fuzz_handshake_and_listener },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "tcp hostile input", .pTests = fuzz_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
