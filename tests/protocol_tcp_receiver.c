/* protocol_tcp_receiver.c — scripted tests of the receiving side and of flow control: delayed
 * ACK (RFC 5681 §4.2), immediate ACKs for out-of-order data, SACK block order (RFC 2018 §4), the
 * receive buffer limiting the window, zero window and window updates, the sender's persist probes
 * (RFC 9293 §3.8.6.1), and the integrity check of every accepted byte. */
#include "testutil.h"

#include "tcpscript.h"

#include <string.h>

enum { MSS = 1460 };

static const tcpscript_peer sack_peer = { .sack = true, .ts = false, .wscale = 7, .mss = 1460 };
static const tcpscript_peer ts_peer = { .sack = true, .ts = true, .wscale = 7, .mss = 1460 };
static const tcpscript_peer plain_peer = { .sack = false, .ts = false, .wscale = -1, .mss = 1460 };

static void test_delayed_ack(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpscript s;
	tcpscript_open(&s, &cfg, &plain_peer, SIM_MS(10));
	size_t n = tcpfake_count(&s.f);
	/* one full segment: no ACK yet, the 40 ms timer runs */
	segment d = tcpscript_data(&s, 0, MSS);
	tcpscript_in(&s, &d, SIM_MS(100));
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), n);
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_MS(140));
	CU_ASSERT_EQUAL(s.app.received, MSS);
	/* the second full segment: ACK both at once */
	d = tcpscript_data(&s, MSS, MSS);
	tcpscript_in(&s, &d, SIM_MS(101));
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&s.f), n + 1);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->ack, TCPSCRIPT_PEER_ISN + 1 + 2 * MSS);
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_TIME_NEVER);
	/* a single segment is acknowledged when the timer fires, 40 ms later */
	d = tcpscript_data(&s, 2 * MSS, MSS);
	tcpscript_in(&s, &d, SIM_MS(200));
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), n + 1);
	tcpscript_timers(&s, SIM_MS(300));
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&s.f), n + 2);
	CU_ASSERT_EQUAL(tcpfake_time(&s.f, n + 1), SIM_MS(240));
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->ack, TCPSCRIPT_PEER_ISN + 1 + 3 * MSS);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_DELAYED_ACKS), 1);
	/* small segments count by bytes: two of 100 bytes wait for the timer */
	d = tcpscript_data(&s, 3 * MSS, 100);
	tcpscript_in(&s, &d, SIM_MS(400));
	d = tcpscript_data(&s, 3 * MSS + 100, 100);
	tcpscript_in(&s, &d, SIM_MS(401));
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), n + 2);
	tcpscript_timers(&s, SIM_MS(500));
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), n + 3);
	CU_ASSERT_EQUAL(tcpfake_time(&s.f, n + 2), SIM_MS(440));
	/* data to send carries the ACK: no separate ACK, no timer left */
	d = tcpscript_data(&s, 3 * MSS + 200, MSS);
	tcpscript_in(&s, &d, SIM_MS(600));
	tcp_conn_send(s.c, 500, SIM_MS(601));
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), n + 4);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->payload_len, 500);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->ack, TCPSCRIPT_PEER_ISN + 1 + 4 * MSS + 200);
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_MS(601) + SIM_MS(200)); /* only the RTO */
	tcpscript_close(&s);

	/* configurable: 100 ms; 0 acknowledges every segment */
	cfg.delack_ns = SIM_MS(100);
	tcpscript_open(&s, &cfg, &plain_peer, SIM_MS(10));
	d = tcpscript_data(&s, 0, MSS);
	tcpscript_in(&s, &d, SIM_MS(50));
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_MS(150));
	tcpscript_close(&s);
	cfg.delack_ns = 0;
	tcpscript_open(&s, &cfg, &plain_peer, SIM_MS(10));
	n = tcpfake_count(&s.f);
	d = tcpscript_data(&s, 0, MSS);
	tcpscript_in(&s, &d, SIM_MS(50));
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), n + 1);
	tcpscript_close(&s);
}

static tcp_opts last_opts(const tcpscript *s)
{
	return tcpseg_opts(tcpfake_last(&s->f));
}

static uint32_t pseq(uint64_t off)
{
	return TCPSCRIPT_PEER_ISN + 1 + (uint32_t)off;
}

static void test_quick_ack_and_sack_order(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpscript s;
	tcpscript_open(&s, &cfg, &sack_peer, SIM_MS(10));
	size_t n = tcpfake_count(&s.f);
	segment d = tcpscript_data(&s, 0, MSS);
	tcpscript_in(&s, &d, SIM_MS(100));
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), n);
	/* out of order: a duplicate ACK at once, with the block (RFC 5681 §4.2, RFC 2018) */
	d = tcpscript_data(&s, 2 * MSS, MSS);
	tcpscript_in(&s, &d, SIM_MS(101));
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&s.f), n + 1);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->ack, pseq(MSS));
	tcp_opts o = last_opts(&s);
	CU_ASSERT_EQUAL_FATAL(o.n_sack, 1);
	CU_ASSERT_EQUAL(o.sack[0].start, pseq(2 * MSS));
	CU_ASSERT_EQUAL(o.sack[0].end, pseq(3 * MSS));
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_OOO_SEGS), 1);
	/* more holes: the newest block first, then the others most recent first */
	d = tcpscript_data(&s, 4 * MSS, MSS);
	tcpscript_in(&s, &d, SIM_MS(102));
	d = tcpscript_data(&s, 6 * MSS, MSS);
	tcpscript_in(&s, &d, SIM_MS(103));
	o = last_opts(&s);
	CU_ASSERT_EQUAL_FATAL(o.n_sack, 3);
	CU_ASSERT_EQUAL(o.sack[0].start, pseq(6 * MSS));
	CU_ASSERT_EQUAL(o.sack[1].start, pseq(4 * MSS));
	CU_ASSERT_EQUAL(o.sack[2].start, pseq(2 * MSS));
	/* a segment extending an older block moves it to the front */
	d = tcpscript_data(&s, 3 * MSS, MSS);
	tcpscript_in(&s, &d, SIM_MS(104));
	o = last_opts(&s);
	CU_ASSERT_EQUAL_FATAL(o.n_sack, 2);
	CU_ASSERT_EQUAL(o.sack[0].start, pseq(2 * MSS));
	CU_ASSERT_EQUAL(o.sack[0].end, pseq(5 * MSS));
	CU_ASSERT_EQUAL(o.sack[1].start, pseq(6 * MSS));
	/* the segment filling the first hole is acknowledged at once, the rest stays SACKed */
	size_t m = tcpfake_count(&s.f);
	d = tcpscript_data(&s, MSS, MSS);
	tcpscript_in(&s, &d, SIM_MS(105));
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), m + 1);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->ack, pseq(5 * MSS));
	o = last_opts(&s);
	CU_ASSERT_EQUAL_FATAL(o.n_sack, 1);
	CU_ASSERT_EQUAL(o.sack[0].start, pseq(6 * MSS));
	CU_ASSERT_EQUAL(s.app.received, 5 * MSS);
	CU_ASSERT_FALSE(s.app.gap);
	/* a duplicate is acknowledged at once too */
	m = tcpfake_count(&s.f);
	d = tcpscript_data(&s, 0, MSS);
	tcpscript_in(&s, &d, SIM_MS(106));
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), m + 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_DUP_BYTES_RECEIVED), MSS);
	tcpscript_close(&s);

	/* with timestamps only three blocks fit (RFC 2018 §3) */
	tcpscript_open(&s, &cfg, &ts_peer, SIM_MS(10));
	for (uint64_t k = 1; k <= 9; k += 2) {
		d = tcpscript_data(&s, k * MSS, MSS);
		tcpscript_in(&s, &d, SIM_MS(100) + (sim_time_t)k);
	}
	o = last_opts(&s);
	CU_ASSERT(o.present & TCP_OPT_HAS_TS);
	CU_ASSERT_EQUAL_FATAL(o.n_sack, 3);
	CU_ASSERT_EQUAL(o.sack[0].start, pseq(9 * MSS));
	CU_ASSERT_EQUAL(o.sack[1].start, pseq(7 * MSS));
	CU_ASSERT_EQUAL(o.sack[2].start, pseq(5 * MSS));
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->opt_len, 40);
	tcpscript_close(&s);
}

static void test_zero_window_and_update(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.auto_read = false;
	cfg.rcvbuf_bytes = 8 * MSS;
	cfg.delack_ns = 0;
	tcpscript s;
	tcpscript_open(&s, &cfg, &plain_peer, SIM_MS(10));
	/* the SYN offered the buffer */
	CU_ASSERT_EQUAL(tcpfake_seg(&s.f, 0)->window, 8 * MSS);
	for (uint64_t k = 0; k < 8; k++) {
		segment d = tcpscript_data(&s, k * MSS, MSS);
		tcpscript_in(&s, &d, SIM_MS(100) + (sim_time_t)k);
		/* the window shrinks as unread data fills the buffer */
		CU_ASSERT_EQUAL(tcpfake_last(&s.f)->window, (8 - k - 1) * MSS);
	}
	CU_ASSERT_EQUAL(s.app.received, 8 * MSS);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_ZERO_WINDOW_SENT), 1);
	tcp_info i;
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.unread_bytes, 8 * MSS);
	CU_ASSERT_EQUAL(i.rcv_wnd_bytes, 0);
	/* data into a zero window is not accepted; the ACK repeats the zero window */
	size_t n = tcpfake_count(&s.f);
	segment d = tcpscript_data(&s, 8 * MSS, MSS);
	tcpscript_in(&s, &d, SIM_MS(200));
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_BYTES_RECEIVED), 8 * MSS);
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&s.f), n + 1);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->window, 0);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->ack, pseq(8 * MSS));
	/* reading less than a segment does not reopen the window (receiver SWS avoidance) */
	n = tcpfake_count(&s.f);
	CU_ASSERT_EQUAL(tcp_conn_read(s.c, 1000, SIM_MS(300)), 1000);
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), n);
	/* a read that frees a segment sends a window update */
	CU_ASSERT_EQUAL(tcp_conn_read(s.c, 460, SIM_MS(301)), 460);
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&s.f), n + 1);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->window, MSS);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_WINDOW_UPDATES), 1);
	/* reading everything opens it fully */
	CU_ASSERT_EQUAL(tcp_conn_read(s.c, 1 << 20, SIM_MS(302)), 7 * MSS);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->window, 8 * MSS);
	tcpscript_close(&s);
}

static void test_window_scaled(void)
{
	/* a 4 MiB buffer with shift 7 advertises 32768 << 7 */
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpscript s;
	tcpscript_open(&s, &cfg, &sack_peer, SIM_MS(10));
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->window, (4u << 20) >> 7);
	tcpscript_close(&s);
	/* a buffer under 64 KiB needs no scaling */
	cfg.rcvbuf_bytes = 60000;
	tcpscript_open(&s, &cfg, &sack_peer, SIM_MS(10));
	tcp_info i;
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.rcv_wscale, 0);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->window, 60000);
	tcpscript_close(&s);
}

static void test_persist_probes(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpscript s;
	tcpscript_open(&s, &cfg, &plain_peer, SIM_MS(100));
	tcpapp_bulk(&s.app, s.c, 100 * MSS, false, s.now);
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 10);
	/* everything acknowledged, window closed */
	segment a = tcpscript_ack(&s, 10 * MSS, 0);
	tcpscript_in(&s, &a, SIM_MS(200));
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 10);
	/* RFC 9293 §3.8.6.1: the first probe after one RTO, then backing off exponentially */
	tcp_info i;
	tcp_conn_get_info(s.c, &i);
	sim_time_t rto = i.rto_ns;
	CU_ASSERT_EQUAL(rto, SIM_MS(250)); /* SRTT 100 ms, RTTVAR 37.5 ms */
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_MS(200) + rto);
	size_t n = tcpfake_count(&s.f);
	tcpscript_timers(&s, SIM_MS(2000));
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&s.f), n + 3);
	CU_ASSERT_EQUAL(tcpfake_time(&s.f, n), SIM_MS(200) + rto);
	CU_ASSERT_EQUAL(tcpfake_time(&s.f, n + 1), SIM_MS(200) + 3 * rto);
	CU_ASSERT_EQUAL(tcpfake_time(&s.f, n + 2), SIM_MS(200) + 7 * rto);
	const segment *p = tcpfake_seg(&s.f, n);
	/* the probe: an old sequence number (snd_una - 1), no data, to elicit an ACK */
	CU_ASSERT_EQUAL(p->seq, tcpscript_seq(&s, 10 * MSS) - 1);
	CU_ASSERT_EQUAL(p->payload_len, 0);
	CU_ASSERT_EQUAL(p->flags, TCP_FLAG_ACK);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_PERSIST_PROBES), 3);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RTOS), 0);
	/* the window opens: data flows again, the probes stop */
	a = tcpscript_ack(&s, 10 * MSS, 65535);
	tcpscript_in(&s, &a, SIM_MS(2500));
	CU_ASSERT(tcpfake_count_data(&s.f, 0) > 10);
	CU_ASSERT_EQUAL(tcpscript_seg_off(&s, tcpfake_seg(&s.f, n + 3)), 10 * MSS);
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_MS(2500) + rto);
	tcpscript_close(&s);
}

static void test_small_window_sws(void)
{
	/* RFC 9293 §3.8.6.2.1: a usable window below a segment and below half the largest window
	 * offered is not used; at or above half of it, it is */
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpscript s;
	tcpscript_open(&s, &cfg, &plain_peer, SIM_MS(100));
	tcpapp_bulk(&s.app, s.c, 100 * MSS, false, s.now);
	segment a = tcpscript_ack(&s, 10 * MSS, 2000);
	tcpscript_in(&s, &a, SIM_MS(200));
	size_t n = tcpfake_count(&s.f);
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 11);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->payload_len, MSS);
	/* 540 bytes left in the window: less than half of 65535, not sent */
	CU_ASSERT_EQUAL(tcpfake_count(&s.f), n);
	tcpscript_close(&s);
}

static void test_nagle(void)
{
	/* off by default: small writes leave at once */
	tcp_config cfg;
	tcp_config_default(&cfg);
	CU_ASSERT_FALSE(cfg.nagle);
	tcpscript s;
	tcpscript_open(&s, &cfg, &plain_peer, SIM_MS(100));
	tcp_conn_send(s.c, 100, SIM_MS(110));
	tcp_conn_send(s.c, 100, SIM_MS(111));
	tcp_conn_send(s.c, 100, SIM_MS(112));
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 3);
	tcpscript_close(&s);
	/* on (RFC 9293 §3.7.4): while data is unacknowledged, small segments wait and coalesce */
	cfg.nagle = true;
	tcpscript_open(&s, &cfg, &plain_peer, SIM_MS(100));
	tcp_conn_send(s.c, 100, SIM_MS(110));
	tcp_conn_send(s.c, 100, SIM_MS(111));
	tcp_conn_send(s.c, 100, SIM_MS(112));
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 1);
	/* a full segment's worth goes out regardless */
	tcp_conn_send(s.c, 2000, SIM_MS(113));
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 2);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->payload_len, MSS);
	/* the ACK releases the rest in one segment */
	segment a = tcpscript_ack(&s, 100, 65535);
	tcpscript_in(&s, &a, SIM_MS(210));
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 2);
	a = tcpscript_ack(&s, 100 + MSS, 65535);
	tcpscript_in(&s, &a, SIM_MS(211));
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 3);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->payload_len, 2200 - MSS);
	/* closing pushes the last small bytes out with the FIN */
	tcp_conn_send(s.c, 10, SIM_MS(212));
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 3);
	tcp_conn_close(s.c, SIM_MS(213));
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 4);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->flags & TCP_FLAG_FIN, TCP_FLAG_FIN);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->payload_len, 10);
	tcpscript_close(&s);
}

/* A middlebox that rewrites byte 700 of the stream. */
static void rewrite_fill(uint64_t stream, uint64_t offset, uint8_t *out, size_t len)
{
	payload_pattern_fill(stream, offset, out, len);
	for (size_t i = 0; i < len; i++)
		if (offset + i == 700)
			out[i] ^= 0x5a;
}

static void test_integrity(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.delack_ns = 0;
	tcpscript s;
	tcpscript_open(&s, &cfg, &sack_peer, SIM_MS(10));
	segment d = tcpscript_data(&s, 0, MSS);
	tcpscript_in(&s, &d, SIM_MS(20));
	CU_ASSERT_TRUE(s.app.all_intact);
	/* a rewritten byte inside a segment */
	d = tcpscript_data(&s, MSS, MSS);
	d.payload_fill = rewrite_fill;
	d.payload_offset = 0; /* the rewriter's offsets: byte 700 of this segment's bytes */
	tcpscript_in(&s, &d, SIM_MS(21));
	CU_ASSERT_EQUAL(s.app.not_intact_calls, 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_INTEGRITY_ERRORS), 1);
	/* bytes from the wrong stream */
	d = tcpscript_data(&s, 2 * MSS, MSS);
	d.payload_stream = 12345;
	tcpscript_in(&s, &d, SIM_MS(22));
	CU_ASSERT_EQUAL(s.app.not_intact_calls, 2);
	/* bytes at the wrong offset */
	d = tcpscript_data(&s, 3 * MSS, MSS);
	d.payload_offset += 8;
	tcpscript_in(&s, &d, SIM_MS(23));
	CU_ASSERT_EQUAL(s.app.not_intact_calls, 3);
	/* good data after bad is intact again */
	d = tcpscript_data(&s, 4 * MSS, MSS);
	tcpscript_in(&s, &d, SIM_MS(24));
	CU_ASSERT_EQUAL(s.app.not_intact_calls, 3);
	CU_ASSERT_EQUAL(s.app.data_calls, 5);
	/* a bad segment that arrives out of order spoils the delivery that contains it */
	d = tcpscript_data(&s, 6 * MSS, MSS);
	d.payload_stream = 1;
	tcpscript_in(&s, &d, SIM_MS(25));
	CU_ASSERT_EQUAL(s.app.data_calls, 5);
	d = tcpscript_data(&s, 5 * MSS, MSS);
	tcpscript_in(&s, &d, SIM_MS(26));
	CU_ASSERT_EQUAL(s.app.data_calls, 6);
	CU_ASSERT_EQUAL(s.app.not_intact_calls, 4);
	d = tcpscript_data(&s, 7 * MSS, MSS);
	tcpscript_in(&s, &d, SIM_MS(27));
	CU_ASSERT_EQUAL(s.app.not_intact_calls, 4);
	CU_ASSERT_EQUAL(s.app.received, 8 * MSS);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_INTEGRITY_ERRORS), 4);
	tcpscript_close(&s);
}

static void test_stream_ids(void)
{
	/* by default a direction's stream is its sender's ISN; the application may name others */
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.delack_ns = 0;
	tcpscript s;
	tcpscript_open(&s, &cfg, &plain_peer, SIM_MS(10));
	tcp_conn_set_streams(s.c, 5, 6);
	tcp_conn_send(s.c, 100, SIM_MS(20));
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->payload_stream, 5);
	CU_ASSERT_EQUAL(tcpfake_last(&s.f)->payload_offset, 0);
	segment d = tcpscript_data(&s, 0, 100); /* stream = the peer's ISN: now wrong */
	tcpscript_in(&s, &d, SIM_MS(21));
	CU_ASSERT_EQUAL(s.app.not_intact_calls, 1);
	d = tcpscript_data(&s, 100, 100);
	d.payload_stream = 6;
	tcpscript_in(&s, &d, SIM_MS(22));
	CU_ASSERT_EQUAL(s.app.not_intact_calls, 1);
	CU_ASSERT_EQUAL(s.app.data_calls, 2);
	tcpscript_close(&s);
}

static CU_TestInfo ack_tests[] = {
	{ .pName = "delayed ACK: every second segment, else the timer", .pTestFunc = test_delayed_ack },
	{ .pName = "quick ACK out of order; SACK block order", .pTestFunc = test_quick_ack_and_sack_order },
	TEST_END_OF_TESTS,
};

static CU_TestInfo window_tests[] = {
	{ .pName = "receive buffer: zero window and window update", .pTestFunc = test_zero_window_and_update },
	{ .pName = "window scaling of the advertised window", .pTestFunc = test_window_scaled },
	{ .pName = "persist probes with backoff", .pTestFunc = test_persist_probes },
	{ .pName = "sender SWS avoidance", .pTestFunc = test_small_window_sws },
	{ .pName = "Nagle: off by default, coalesces when on", .pTestFunc = test_nagle },
	TEST_END_OF_TESTS,
};

static CU_TestInfo integrity_tests[] = {
	{ .pName = "every accepted byte is verified", .pTestFunc = test_integrity },
	{ .pName = "stream ids: ISN defaults, set by the application", .pTestFunc = test_stream_ids },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "tcp acknowledgments", .pTests = ack_tests },
	{ .pName = "tcp flow control", .pTests = window_tests },
	{ .pName = "tcp integrity", .pTests = integrity_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
