/* protocol_tcp_recovery.c — scripted loss recovery of a sender: fast retransmit on three duplicate
 * ACKs (RFC 5681 §3.2) with limited transmit (RFC 3042), SACK recovery of several losses in one
 * window (RFC 6675), NewReno partial ACKs (RFC 6582), the retransmission timer with backoff and
 * Karn's rule (RFC 6298). The peer is written by hand: a small model of a receiver turns the
 * segments the test lets through into cumulative ACKs and SACK blocks. */
#include "testutil.h"

#include "tcp/tcp_rangeset.h"
#include "tcpscript.h"

#include <string.h>

enum { MSS = 1460 };

static const tcpscript_peer sack_peer = { .sack = true, .ts = false, .wscale = 7, .mss = 1460 };
static const tcpscript_peer reno_peer = { .sack = false, .ts = false, .wscale = 7, .mss = 1460 };

/* How many segments emitted from index `from` on carry data starting at offset `off`. */
static int sent_at(const tcpscript *s, size_t from, uint64_t off)
{
	int n = 0;
	for (size_t i = from; i < tcpfake_count(&s->f); i++) {
		const segment *g = tcpfake_seg(&s->f, i);
		if (g->payload_len && tcpscript_seg_off(s, g) == off)
			n++;
	}
	return n;
}

/* Data offsets of the data segments emitted from `from` on. */
static int data_offsets(const tcpscript *s, size_t from, uint64_t *out, int max)
{
	int n = 0;
	for (size_t i = from; i < tcpfake_count(&s->f) && n < max; i++) {
		const segment *g = tcpfake_seg(&s->f, i);
		if (g->payload_len)
			out[n++] = tcpscript_seg_off(s, g);
	}
	return n;
}

/* The receiver model: what arrived, as an interval set of data offsets. */
typedef struct peer_rx {
	tcp_rangeset got;
	uint64_t recent[4]; /* RFC 2018 §4 order */
	int n_recent;
} peer_rx;

static void rx_init(peer_rx *r)
{
	memset(r, 0, sizeof *r);
	tcp_rangeset_init(&r->got);
}

/* Segment at data offset `off` arrives; returns the ACK (with SACK blocks when `sack`). */
static segment rx_arrive(peer_rx *r, tcpscript *s, uint64_t off, uint32_t len, bool sack)
{
	tcp_rangeset_add(&r->got, off, off + len, NULL, NULL);
	uint64_t cum = r->got.n && r->got.v[0].start == 0 ? r->got.v[0].end : 0;
	segment a = tcpscript_ack(s, cum, 1 << 20);
	if (!sack || r->got.n <= (cum ? 1u : 0u))
		return a;
	/* most recent block first, then the others that were reported, then any others */
	uint64_t starts[4], ends[4];
	unsigned n = 0;
	if (off >= cum) {
		const tcp_range *b = tcp_rangeset_find(&r->got, off);
		starts[n] = b->start;
		ends[n++] = b->end;
	}
	for (uint32_t i = cum ? 1 : 0; i < r->got.n && n < 4; i++) {
		bool dup = false;
		for (unsigned j = 0; j < n; j++)
			dup |= starts[j] == r->got.v[i].start;
		if (!dup) {
			starts[n] = r->got.v[i].start;
			ends[n++] = r->got.v[i].end;
		}
	}
	tcpscript_sack(s, &a, n, starts, ends);
	return a;
}

static void rx_fini(peer_rx *r)
{
	tcp_rangeset_fini(&r->got);
}

static void dupack_fast_retransmit(bool sack)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.cc_name = "reno";
	cfg.sack = sack;
	tcpscript s;
	tcpscript_open(&s, &cfg, sack ? &sack_peer : &reno_peer, SIM_MS(100));
	tcpapp_bulk(&s.app, s.c, 40 * MSS, false, s.now);
	/* initial window: 10 segments */
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 10);
	peer_rx rx;
	rx_init(&rx);
	/* segment 0 arrives; segment 1 is lost; 2, 3, 4 arrive */
	segment a = rx_arrive(&rx, &s, 0, MSS, sack);
	tcpscript_in(&s, &a, SIM_MS(200));
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 12); /* slow start: +1 MSS, so two more */
	size_t mark = tcpfake_count(&s.f);
	for (int k = 2; k <= 3; k++) {
		a = rx_arrive(&rx, &s, (uint64_t)k * MSS, MSS, sack);
		tcpscript_in(&s, &a, SIM_MS(200) + k);
	}
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_DUPACKS), 2);
	/* two duplicate ACKs: no retransmission, but new data goes out (RFC 3042 / SACK pipe) */
	CU_ASSERT_EQUAL(sent_at(&s, 0, MSS), 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RETRANSMITS), 0);
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, mark), 2);
	tcp_info i;
	tcp_conn_get_info(s.c, &i);
	uint64_t flight = i.flight_size_bytes;
	/* the third: exactly the lost segment is retransmitted */
	mark = tcpfake_count(&s.f);
	a = rx_arrive(&rx, &s, 4 * MSS, MSS, sack);
	tcpscript_in(&s, &a, SIM_MS(205));
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_DUPACKS), 3);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RETRANSMITS), 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_FAST_RETRANSMITS), 1);
	CU_ASSERT_EQUAL_FATAL(tcpfake_count(&s.f), mark + 1);
	const segment *r = tcpfake_last(&s.f);
	CU_ASSERT_EQUAL(tcpscript_seg_off(&s, r), MSS);
	CU_ASSERT_EQUAL(r->payload_len, MSS);
	CU_ASSERT_EQUAL(r->payload_offset, MSS);
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.ca_state, TCP_CA_RECOVERY);
	/* RFC 5681 eq. (4) on the flight size at that moment */
	CU_ASSERT_EQUAL(i.ssthresh_bytes, flight / 2);
	if (sack) {
		CU_ASSERT_EQUAL(i.cwnd_bytes, i.ssthresh_bytes);
	} else {
		CU_ASSERT_EQUAL(i.cwnd_bytes, i.ssthresh_bytes + 3 * MSS); /* RFC 6582 inflation */
	}
	/* the retransmission fills the hole: everything sent is acknowledged, recovery ends */
	uint64_t top = i.snd_nxt - 1;
	for (uint64_t k = 5; k * MSS < top; k++)
		rx_arrive(&rx, &s, k * MSS, MSS, sack);
	a = rx_arrive(&rx, &s, MSS, MSS, sack);
	tcpscript_in(&s, &a, SIM_MS(300));
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.ca_state, TCP_CA_OPEN);
	CU_ASSERT_EQUAL(i.cwnd_bytes, i.ssthresh_bytes);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RETRANSMITS), 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RTOS), 0);
	rx_fini(&rx);
	tcpscript_close(&s);
}

static void test_three_dupacks_newreno(void)
{
	dupack_fast_retransmit(false);
}

static void test_three_dupacks_sack(void)
{
	dupack_fast_retransmit(true);
}

static void test_newreno_partial_acks(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.cc_name = "reno";
	cfg.sack = false;
	tcpscript s;
	tcpscript_open(&s, &cfg, &reno_peer, SIM_MS(100));
	tcpapp_bulk(&s.app, s.c, 10 * MSS, false, s.now);
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 10);
	peer_rx rx;
	rx_init(&rx);
	/* segments 2 and 5 are lost from a window of 10 */
	sim_time_t t = SIM_MS(200);
	for (uint64_t k = 0; k < 10; k++) {
		if (k == 2 || k == 5)
			continue;
		segment a = rx_arrive(&rx, &s, k * MSS, MSS, false);
		tcpscript_in(&s, &a, t++);
	}
	/* ACK 2 twice, then the third duplicate: fast retransmit of 2 */
	CU_ASSERT_EQUAL(sent_at(&s, 0, 2 * MSS), 2);
	CU_ASSERT_EQUAL(sent_at(&s, 0, 5 * MSS), 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_FAST_RETRANSMITS), 1);
	tcp_info i;
	tcp_conn_get_info(s.c, &i);
	uint32_t cwnd_before = i.cwnd_bytes, ssthresh = i.ssthresh_bytes;
	/* RFC 6582 §3.2 step 4: the 3 further duplicates (7, 8, 9) inflated it by 3 SMSS */
	CU_ASSERT_EQUAL(cwnd_before, ssthresh + 3 * MSS + 3 * MSS);
	/* the retransmission of 2 arrives: a partial ACK up to 5 */
	size_t mark = tcpfake_count(&s.f);
	segment a = rx_arrive(&rx, &s, 2 * MSS, MSS, false);
	CU_ASSERT_EQUAL(a.ack, tcpscript_seq(&s, 5 * MSS));
	tcpscript_in(&s, &a, SIM_MS(300));
	/* step 5: retransmit the first unacknowledged segment at once */
	CU_ASSERT(sent_at(&s, mark, 5 * MSS) == 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RETRANSMITS), 2);
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.ca_state, TCP_CA_RECOVERY);
	/* deflate by the 3 segments acknowledged, add back one SMSS */
	CU_ASSERT_EQUAL(i.cwnd_bytes, cwnd_before - 3 * MSS + MSS);
	/* the second retransmission arrives: full ACK, recovery over, cwnd = ssthresh */
	a = rx_arrive(&rx, &s, 5 * MSS, MSS, false);
	for (uint64_t k = 10; k * MSS < i.snd_nxt - 1; k++)
		a = rx_arrive(&rx, &s, k * MSS, MSS, false);
	tcpscript_in(&s, &a, SIM_MS(400));
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.ca_state, TCP_CA_OPEN);
	CU_ASSERT_EQUAL(i.cwnd_bytes, ssthresh);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_FAST_RETRANSMITS), 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RTOS), 0);
	CU_ASSERT_EQUAL(i.snd_una, 1 + 10 * MSS);
	rx_fini(&rx);
	tcpscript_close(&s);
}

static void test_sack_several_losses(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.initial_cwnd_segments = 20;
	tcpscript s;
	tcpscript_open(&s, &cfg, &sack_peer, SIM_MS(100));
	tcpapp_bulk(&s.app, s.c, 200 * MSS, false, s.now);
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, 0), 20);
	peer_rx rx;
	rx_init(&rx);
	/* three holes in one window; everything else arrives and is SACKed */
	bool lost[200] = { false };
	lost[3] = lost[8] = lost[13] = true;
	/* the peer answers every segment the connection sends, in order, until the holes are
	 * retransmitted; the first transmissions of 3, 8 and 13 are the only losses */
	size_t next = 0;
	sim_time_t t = SIM_MS(200);
	int first_tx[200] = { 0 };
	for (int round = 0; round < 400 && tcp_conn_counter(s.c, TCP_CNT_BYTES_ACKED) < 60 * MSS; round++) {
		if (next >= tcpfake_count(&s.f))
			break;
		const segment *g = tcpfake_seg(&s.f, next++);
		if (!g->payload_len)
			continue;
		uint64_t off = tcpscript_seg_off(&s, g);
		uint64_t k = off / MSS;
		bool drop = k < 200 && lost[k] && first_tx[k]++ == 0;
		if (drop)
			continue;
		segment a = rx_arrive(&rx, &s, off, g->payload_len, true);
		tcpscript_in(&s, &a, t);
		t += SIM_US(500);
	}
	CU_ASSERT(tcp_conn_counter(s.c, TCP_CNT_BYTES_ACKED) >= 60 * MSS);
	/* each hole retransmitted exactly once, nothing else; one recovery episode, no timeout */
	CU_ASSERT_EQUAL(sent_at(&s, 0, 3 * MSS), 2);
	CU_ASSERT_EQUAL(sent_at(&s, 0, 8 * MSS), 2);
	CU_ASSERT_EQUAL(sent_at(&s, 0, 13 * MSS), 2);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RETRANSMITS), 3);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_FAST_RETRANSMITS), 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RTOS), 0);
	tcp_info i;
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.ca_state, TCP_CA_OPEN);
	/* the holes went out in order */
	uint64_t offs[400];
	int n = data_offsets(&s, 0, offs, 400);
	int pos3 = -1, pos8 = -1, pos13 = -1, seen3 = 0, seen8 = 0, seen13 = 0;
	for (int k = 0; k < n; k++) {
		if (offs[k] == 3 * MSS && seen3++ == 1)
			pos3 = k;
		if (offs[k] == 8 * MSS && seen8++ == 1)
			pos8 = k;
		if (offs[k] == 13 * MSS && seen13++ == 1)
			pos13 = k;
	}
	CU_ASSERT(pos3 > 0 && pos3 < pos8 && pos8 < pos13);
	rx_fini(&rx);
	tcpscript_close(&s);
}

static void test_lost_retransmission_detected(void)
{
	/* the retransmission of a hole is lost as well; segments sent after it are SACKed, which
	 * shows it was lost (RFC 8985 §6.2): it is sent a third time, no timeout needed */
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.initial_cwnd_segments = 20;
	tcpscript s;
	tcpscript_open(&s, &cfg, &sack_peer, SIM_MS(100));
	tcpapp_bulk(&s.app, s.c, 200 * MSS, false, s.now);
	peer_rx rx;
	rx_init(&rx);
	size_t next = 0;
	sim_time_t t = SIM_MS(200);
	int tx2 = 0;
	while (next < tcpfake_count(&s.f) && tcp_conn_counter(s.c, TCP_CNT_BYTES_ACKED) < 60 * MSS) {
		const segment *g = tcpfake_seg(&s.f, next++);
		if (!g->payload_len)
			continue;
		uint64_t off = tcpscript_seg_off(&s, g);
		/* segment 2: the original and the first retransmission are lost */
		if (off == 2 * MSS && tx2++ < 2)
			continue;
		segment a = rx_arrive(&rx, &s, off, g->payload_len, true);
		/* ACKs 1 ms apart: segments sent more than min_RTT/4 (25 ms) after the lost
		 * retransmission are SACKed soon enough */
		t += SIM_MS(1);
		tcpscript_in(&s, &a, t);
	}
	CU_ASSERT(tcp_conn_counter(s.c, TCP_CNT_BYTES_ACKED) >= 60 * MSS);
	CU_ASSERT_EQUAL(sent_at(&s, 0, 2 * MSS), 3);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RETRANSMITS), 2);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RTOS), 0);
	rx_fini(&rx);
	tcpscript_close(&s);
}

static void test_timestamp_rtt_after_retransmission(void)
{
	/* with timestamps an ACK of a retransmission is measured through its echoed TSval (RFC 6298
	 * §3: no ambiguity), which ends the backoff */
	tcp_config cfg;
	tcp_config_default(&cfg);
	tcpscript_peer p = sack_peer;
	p.ts = true;
	tcpscript s;
	tcpscript_open(&s, &cfg, &p, SIM_MS(100));
	tcp_conn_send(s.c, MSS, SIM_S(1));
	tcpscript_timers(&s, SIM_MS(1900));
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RTOS), 2);
	tcp_info i;
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.rto_backoff, 2);
	/* the ACK echoes the TSval of the last retransmission (sent at 1.9 s) */
	segment a = tcpscript_ack(&s, MSS, 1 << 20);
	tcpscript_in(&s, &a, SIM_MS(1950));
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.rto_backoff, 0);
	/* R = 50 ms: SRTT = 7/8 * 100 + 1/8 * 50 */
	CU_ASSERT_EQUAL(i.srtt_ns, SIM_US(93750));
	tcpscript_close(&s);
}

static void test_rto_backoff_and_karn(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.cc_name = "reno";
	tcpscript s;
	tcpscript_open(&s, &cfg, &reno_peer, SIM_MS(100));
	tcp_info i;
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.srtt_ns, SIM_MS(100));
	CU_ASSERT_EQUAL(i.rto_ns, SIM_MS(300)); /* 100 + 4 * 50 */
	/* one segment at 1 s, never acknowledged: RTO at 1.3 s, then 0.6 s and 1.2 s later */
	s.app.to_send = 0;
	tcp_conn_send(s.c, MSS, SIM_S(1));
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_MS(1300));
	tcpscript_timers(&s, SIM_MS(2000));
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RTOS), 2);
	CU_ASSERT_EQUAL(sent_at(&s, 0, 0), 3);
	size_t n = tcpfake_count(&s.f);
	CU_ASSERT_EQUAL(tcpfake_time(&s.f, n - 2), SIM_MS(1300));
	CU_ASSERT_EQUAL(tcpfake_time(&s.f, n - 1), SIM_MS(1900));
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_MS(3100));
	CU_ASSERT_EQUAL(tcpfake_trace_last(&s.f, TRACE_RTO_FIRED, -1), 2);
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.rto_backoff, 2);
	CU_ASSERT_EQUAL(i.rto_ns, SIM_MS(1200));
	CU_ASSERT_EQUAL(i.cwnd_bytes, (uint32_t)MSS);           /* RFC 5681: loss window */
	CU_ASSERT_EQUAL(i.ssthresh_bytes, 2u * MSS);            /* max(FlightSize/2, 2*SMSS) */
	CU_ASSERT_EQUAL(i.ca_state, TCP_CA_LOSS);
	/* the ACK of the retransmission gives no RTT sample (Karn): SRTT and the backoff stay */
	segment a = tcpscript_ack(&s, MSS, 1 << 20);
	tcpscript_in(&s, &a, SIM_MS(2000));
	tcp_conn_get_info(s.c, &i);
	CU_ASSERT_EQUAL(i.srtt_ns, SIM_MS(100));
	CU_ASSERT_EQUAL(i.rto_backoff, 2);
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_TIME_NEVER);
	CU_ASSERT_EQUAL(i.ca_state, TCP_CA_OPEN);
	/* new data uses the backed-off timer until a valid sample */
	tcp_conn_send(s.c, MSS, SIM_MS(2000));
	CU_ASSERT_EQUAL(tcp_conn_next_deadline(s.c), SIM_MS(3200));
	a = tcpscript_ack(&s, 2 * MSS, 1 << 20);
	tcpscript_in(&s, &a, SIM_MS(2050));
	tcp_conn_get_info(s.c, &i);
	/* RFC 6298 §2.3 with R = 50 ms: RTTVAR = 37.5 + 12.5, SRTT = 87.5 + 6.25 */
	CU_ASSERT_EQUAL(i.srtt_ns, SIM_US(93750));
	CU_ASSERT_EQUAL(i.rttvar_ns, SIM_MS(50));
	CU_ASSERT_EQUAL(i.rto_backoff, 0);
	CU_ASSERT_EQUAL(i.rto_ns, SIM_US(293750));
	tcpscript_close(&s);
}

static void test_rto_gives_up(void)
{
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.data_retries = 3;
	tcpscript s;
	tcpscript_open(&s, &cfg, &sack_peer, SIM_MS(100));
	tcp_conn_send(s.c, 5 * MSS, SIM_S(1));
	tcpscript_timers(&s, SIM_S(100));
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RTOS), 3);
	CU_ASSERT_EQUAL(tcp_conn_state(s.c), TCP_CLOSED);
	CU_ASSERT_EQUAL(s.app.reason, TCP_CLOSE_TIMEOUT);
	/* 1 + 0.3 + 0.6 + 1.2 + 2.4 */
	CU_ASSERT_EQUAL(s.app.closed_at, SIM_MS(5500));
	tcpscript_close(&s);
}

static void test_rto_go_back(void)
{
	/* a whole window lost: after the timeout, slow start retransmits it in order, 1, 2, 4, ... */
	tcp_config cfg;
	tcp_config_default(&cfg);
	cfg.cc_name = "reno";
	tcpscript s;
	tcpscript_open(&s, &cfg, &sack_peer, SIM_MS(100));
	tcp_conn_send(s.c, 10 * MSS, SIM_S(1));
	tcpscript_timers(&s, SIM_MS(1300));
	size_t mark = tcpfake_count(&s.f) - 1;
	CU_ASSERT_EQUAL(tcpscript_seg_off(&s, tcpfake_seg(&s.f, mark)), 0);
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, mark), 1);
	segment a = tcpscript_ack(&s, MSS, 1 << 20);
	tcpscript_in(&s, &a, SIM_MS(1400));
	/* cwnd 2: segments 1 and 2 */
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, mark), 3);
	a = tcpscript_ack(&s, 3 * MSS, 1 << 20);
	tcpscript_in(&s, &a, SIM_MS(1500));
	/* cwnd 4 (slow start, byte counting with L = 2) */
	CU_ASSERT_EQUAL(tcpfake_count_data(&s.f, mark), 7);
	uint64_t offs[16];
	int n = data_offsets(&s, mark, offs, 16);
	for (int k = 0; k < n; k++)
		CU_ASSERT_EQUAL(offs[k], (uint64_t)k * MSS);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_RTOS), 1);
	CU_ASSERT_EQUAL(tcp_conn_counter(s.c, TCP_CNT_FAST_RETRANSMITS), 0);
	tcpscript_close(&s);
}

static CU_TestInfo recovery_tests[] = {
	{ .pName = "3 dupACKs retransmit exactly the lost segment (NewReno)", .pTestFunc = test_three_dupacks_newreno },
	{ .pName = "3 dupACKs retransmit exactly the lost segment (SACK)", .pTestFunc = test_three_dupacks_sack },
	{ .pName = "NewReno partial ACKs (SACK off)", .pTestFunc = test_newreno_partial_acks },
	{ .pName = "SACK: three losses in one window, no RTO", .pTestFunc = test_sack_several_losses },
	{ .pName = "SACK: a lost retransmission is detected", .pTestFunc = test_lost_retransmission_detected },
	TEST_END_OF_TESTS,
};

static CU_TestInfo rto_tests[] = {
	{ .pName = "RTO backoff doubles; Karn's rule", .pTestFunc = test_rto_backoff_and_karn },
	{ .pName = "timestamps measure a retransmission", .pTestFunc = test_timestamp_rtt_after_retransmission },
	{ .pName = "retries exhausted", .pTestFunc = test_rto_gives_up },
	{ .pName = "after an RTO: go-back in slow start", .pTestFunc = test_rto_go_back },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "tcp fast recovery", .pTests = recovery_tests },
	{ .pName = "tcp retransmission timer", .pTests = rto_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
