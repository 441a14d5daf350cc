/* unit_tcp_scoreboard.c — the interval set, the RFC 6298 estimator, the RFC 6675 scoreboard and
 * sequence-number unwrapping. */
#include "testutil.h"

#include "tcp/tcp_rangeset.h"
#include "tcp/tcp_rtt.h"
#include "tcp/tcp_seq.h"
#include "tcp/tcp_txq.h"

/* ---- sequence numbers ---- */

static void test_seq_unwrap(void)
{
	/* around the 2^32 wrap, forwards and backwards */
	uint32_t isn = 0xfffffff0u;
	CU_ASSERT_EQUAL(tcp_seq_wire(isn, 0), 0xfffffff0u);
	CU_ASSERT_EQUAL(tcp_seq_wire(isn, 0x20), 0x10u);
	CU_ASSERT_EQUAL(tcp_seq_unwrap(isn, 0x10, 0x10u), 0x20);
	CU_ASSERT_EQUAL(tcp_seq_unwrap(isn, 0x20, 0xfffffff8u), 8);
	CU_ASSERT_EQUAL(tcp_seq_unwrap(isn, 0, 0xffffffe0u), -16);
	/* far into the stream: a 64-bit offset beyond 2^32 */
	uint64_t ref = UINT64_C(5) << 32;
	CU_ASSERT_EQUAL(tcp_seq_unwrap(isn, ref, tcp_seq_wire(isn, ref + 1000)), (int64_t)ref + 1000);
	CU_ASSERT_EQUAL(tcp_seq_unwrap(isn, ref, tcp_seq_wire(isn, ref - 1000)), (int64_t)ref - 1000);
	CU_ASSERT(tcp_seq_diff(0x10u, 0xfffffff0u) == 0x20);
	CU_ASSERT(tcp_seq_diff(0xfffffff0u, 0x10u) == -0x20);
	CU_ASSERT(tcp_seq_diff(5, 5) == 0);
}

/* ---- interval set ---- */

struct pieces {
	uint64_t s[8], e[8];
	int n;
};

static void note_piece(void *ctx, uint64_t s, uint64_t e)
{
	struct pieces *p = ctx;
	p->s[p->n] = s;
	p->e[p->n] = e;
	p->n++;
}

static void test_rangeset(void)
{
	tcp_rangeset rs;
	tcp_rangeset_init(&rs);
	tcp_rangeset_add(&rs, 100, 200, NULL, NULL);
	tcp_rangeset_add(&rs, 300, 400, NULL, NULL);
	tcp_rangeset_add(&rs, 500, 600, NULL, NULL);
	CU_ASSERT_EQUAL(rs.n, 3);
	CU_ASSERT_EQUAL(tcp_rangeset_bytes(&rs), 300);
	/* touching ranges merge */
	tcp_rangeset_add(&rs, 200, 250, NULL, NULL);
	CU_ASSERT_EQUAL(rs.n, 3);
	CU_ASSERT_EQUAL(rs.v[0].end, 250);
	/* a range bridging two others reports only the uncovered parts, in order */
	struct pieces p = { .n = 0 };
	uint32_t i = tcp_rangeset_add(&rs, 240, 550, note_piece, &p);
	CU_ASSERT_EQUAL(i, 0);
	CU_ASSERT_EQUAL(rs.n, 1);
	CU_ASSERT_EQUAL(rs.v[0].start, 100);
	CU_ASSERT_EQUAL(rs.v[0].end, 600);
	CU_ASSERT_EQUAL_FATAL(p.n, 2);
	CU_ASSERT_EQUAL(p.s[0], 250);
	CU_ASSERT_EQUAL(p.e[0], 300);
	CU_ASSERT_EQUAL(p.s[1], 400);
	CU_ASSERT_EQUAL(p.e[1], 500);
	/* an already covered range reports nothing */
	p.n = 0;
	tcp_rangeset_add(&rs, 150, 160, note_piece, &p);
	CU_ASSERT_EQUAL(p.n, 0);
	/* insertion in front and lookups */
	tcp_rangeset_add(&rs, 10, 20, NULL, NULL);
	CU_ASSERT_EQUAL(rs.n, 2);
	CU_ASSERT_PTR_NULL(tcp_rangeset_find(&rs, 20));
	CU_ASSERT_PTR_NOT_NULL(tcp_rangeset_find(&rs, 19));
	CU_ASSERT_EQUAL(tcp_rangeset_covered(&rs, 0, 1000), 510);
	CU_ASSERT_EQUAL(tcp_rangeset_covered(&rs, 15, 105), 10);
	/* trimming */
	tcp_rangeset_trim_below(&rs, 120);
	CU_ASSERT_EQUAL(rs.n, 1);
	CU_ASSERT_EQUAL(rs.v[0].start, 120);
	tcp_rangeset_trim_below(&rs, 1000);
	CU_ASSERT_TRUE(tcp_rangeset_empty(&rs));
	/* many disjoint ranges added in reverse order stay sorted */
	for (uint64_t k = 100; k > 0; k--)
		tcp_rangeset_add(&rs, k * 10, k * 10 + 5, NULL, NULL);
	CU_ASSERT_EQUAL(rs.n, 100);
	for (uint32_t k = 1; k < rs.n; k++)
		CU_ASSERT(rs.v[k - 1].end < rs.v[k].start);
	tcp_rangeset_fini(&rs);
}

/* ---- RFC 6298 estimator ---- */

static void test_rtt_steps(void)
{
	tcp_rtt r;
	tcp_rtt_init(&r, SIM_S(1), SIM_MS(200), SIM_S(60));
	CU_ASSERT_EQUAL(tcp_rtt_rto(&r), SIM_S(1)); /* §2.1 */
	/* §2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4*RTTVAR */
	tcp_rtt_sample(&r, SIM_MS(100));
	CU_ASSERT_EQUAL(r.srtt_ns, SIM_MS(100));
	CU_ASSERT_EQUAL(r.rttvar_ns, SIM_MS(50));
	CU_ASSERT_EQUAL(tcp_rtt_rto(&r), SIM_MS(300));
	/* §2.3: RTTVAR = 3/4*50 + 1/4*|100-200| = 62.5; SRTT = 7/8*100 + 1/8*200 = 112.5 */
	tcp_rtt_sample(&r, SIM_MS(200));
	CU_ASSERT_EQUAL(r.rttvar_ns, SIM_US(62500));
	CU_ASSERT_EQUAL(r.srtt_ns, SIM_US(112500));
	CU_ASSERT_EQUAL(tcp_rtt_rto(&r), SIM_US(112500) + 4 * SIM_US(62500));
	/* §2.4: never below the minimum */
	tcp_rtt small;
	tcp_rtt_init(&small, SIM_S(1), SIM_MS(200), SIM_S(60));
	tcp_rtt_sample(&small, SIM_MS(1));
	CU_ASSERT_EQUAL(tcp_rtt_rto(&small), SIM_MS(200));
	/* §5.5: doubling, capped at the maximum; a valid sample clears the backoff */
	tcp_rtt b;
	tcp_rtt_init(&b, SIM_S(1), SIM_MS(200), SIM_S(60));
	sim_time_t expect = SIM_S(1);
	for (int i = 0; i < 10; i++) {
		tcp_rtt_backoff(&b);
		expect = expect * 2 > SIM_S(60) ? SIM_S(60) : expect * 2;
		CU_ASSERT_EQUAL(tcp_rtt_rto(&b), expect);
	}
	tcp_rtt_sample(&b, SIM_MS(100));
	CU_ASSERT_EQUAL(b.backoff, 0);
	CU_ASSERT_EQUAL(tcp_rtt_rto(&b), SIM_MS(300));
}

/* ---- scoreboard ---- */

enum { MSS = 1000 };

/* Ten full segments at offsets [1, 10001). */
static void fill(tcp_txq *q, int n)
{
	for (int i = 0; i < n; i++)
		tcp_txq_append(q, 1 + (uint64_t)i * MSS, 1 + (uint64_t)(i + 1) * MSS, SIM_MS(i));
}

static uint64_t seg(int i)
{
	return 1 + (uint64_t)i * MSS;
}

static void test_txq_ack_and_rtt_info(void)
{
	tcp_txq q;
	tcp_txq_init(&q, 3, MSS);
	fill(&q, 10);
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), 10 * MSS);
	tcp_txq_acked a;
	/* partial ACK of the head record trims it */
	tcp_txq_ack(&q, seg(0) + 400, &a);
	CU_ASSERT_EQUAL(a.bytes, 400);
	CU_ASSERT_EQUAL(tcp_txq_count(&q), 10);
	CU_ASSERT_EQUAL(tcp_txq_head(&q)->start, seg(0) + 400);
	tcp_txq_ack(&q, seg(3), &a);
	CU_ASSERT_EQUAL(a.bytes, 2600);
	CU_ASSERT_EQUAL(a.newly_delivered, 2600);
	CU_ASSERT_EQUAL(a.newest_sent_ns, SIM_MS(2));
	CU_ASSERT_FALSE(a.retrans_acked);
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), 7 * MSS);
	/* Karn: a retransmitted record in the ACK is flagged */
	tcp_txq_on_retransmit(&q, tcp_txq_head(&q), SIM_MS(50));
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), 8 * MSS); /* the original is not presumed lost */
	tcp_txq_ack(&q, seg(5), &a);
	CU_ASSERT_TRUE(a.retrans_acked);
	CU_ASSERT_EQUAL(a.newest_sent_ns, SIM_MS(4));
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), 5 * MSS);
	/* the ring grows past its first capacity and keeps order */
	tcp_txq_ack(&q, seg(10), &a);
	CU_ASSERT_EQUAL(tcp_txq_count(&q), 0);
	for (int i = 10; i < 500; i++)
		tcp_txq_append(&q, seg(i), seg(i + 1), SIM_MS(i));
	CU_ASSERT_EQUAL(tcp_txq_count(&q), 490);
	CU_ASSERT_EQUAL(tcp_txq_head(&q)->start, seg(10));
	CU_ASSERT_EQUAL(tcp_txq_at(&q, q.tail - 1)->start, seg(499));
	tcp_txq_fini(&q);
}

static void test_txq_islost(void)
{
	tcp_txq q;
	tcp_txq_init(&q, 3, MSS);
	fill(&q, 10);
	/* segment 0 missing, 1 and 2 SACKed: two segments above it, not yet lost (RFC 6675 §4) */
	CU_ASSERT_EQUAL(tcp_txq_sack(&q, seg(1), seg(3)), 2 * MSS);
	CU_ASSERT_EQUAL(tcp_txq_update_lost(&q), 0);
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), 8 * MSS);
	/* the same block reported again changes nothing */
	CU_ASSERT_EQUAL(tcp_txq_sack(&q, seg(1), seg(3)), 0);
	/* a third SACKed segment above: segment 0 is lost */
	CU_ASSERT_EQUAL(tcp_txq_sack(&q, seg(1), seg(4)), MSS);
	CU_ASSERT_EQUAL(tcp_txq_update_lost(&q), MSS);
	CU_ASSERT_EQUAL(q.lost_bytes, MSS);
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), 6 * MSS);
	tcp_txrec *r = tcp_txq_next_lost(&q);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->start, seg(0));
	tcp_txq_on_retransmit(&q, r, SIM_MS(100));
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), 7 * MSS);
	CU_ASSERT_PTR_NULL(tcp_txq_next_lost(&q));
	/* holes at 4 and 6: SACK 5 and 7..9; 4 has 4 SACKed above it, 6 has 3 */
	tcp_txq_sack(&q, seg(5), seg(6));
	tcp_txq_sack(&q, seg(7), seg(10));
	CU_ASSERT_EQUAL(tcp_txq_update_lost(&q), 2 * MSS);
	r = tcp_txq_next_lost(&q);
	CU_ASSERT_EQUAL_FATAL(r->start, seg(4));
	tcp_txq_on_retransmit(&q, r, SIM_MS(101));
	r = tcp_txq_next_lost(&q);
	CU_ASSERT_EQUAL_FATAL(r->start, seg(6));
	tcp_txq_on_retransmit(&q, r, SIM_MS(102));
	CU_ASSERT_PTR_NULL(tcp_txq_next_lost(&q));
	/* out 10, sacked 7, lost 3 retransmitted 3 */
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), 3 * MSS);
	/* a cumulative ACK through 4 (hole 6 still open) */
	tcp_txq_acked a;
	tcp_txq_ack(&q, seg(6), &a);
	CU_ASSERT_EQUAL(a.bytes, 6 * MSS);
	CU_ASSERT_EQUAL(a.newly_delivered, 2 * MSS); /* 0 and 4; 1-3 and 5 were SACKed */
	CU_ASSERT_TRUE(a.retrans_acked);
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), MSS);
	tcp_txq_ack(&q, seg(10), &a);
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), 0);
	CU_ASSERT_EQUAL(q.sacked_bytes, 0);
	CU_ASSERT_EQUAL(q.lost_bytes, 0);
	CU_ASSERT_EQUAL(q.retrans_bytes, 0);
	tcp_txq_fini(&q);
}

static void test_txq_byte_rule_and_partial(void)
{
	tcp_txq q;
	tcp_txq_init(&q, 3, MSS);
	/* small records: the byte rule ((DupThresh-1)*SMSS bytes) decides, not the count */
	fill(&q, 2);
	tcp_txq_append(&q, seg(2), seg(2) + 2500, 0);
	CU_ASSERT_EQUAL(tcp_txq_sack(&q, seg(1), seg(2) + 2500), 3500);
	tcp_txq_update_lost(&q);
	CU_ASSERT_EQUAL(q.lost_bytes, MSS);
	/* a block covering only part of a record does not SACK it */
	tcp_txq q2;
	tcp_txq_init(&q2, 3, MSS);
	fill(&q2, 4);
	CU_ASSERT_EQUAL(tcp_txq_sack(&q2, seg(1) + 100, seg(2)), 0);
	/* ... until the rest of it arrives in another block */
	CU_ASSERT_EQUAL(tcp_txq_sack(&q2, seg(1), seg(1) + 100), MSS);
	/* a block bridging two SACKed records around a hole */
	CU_ASSERT_EQUAL(tcp_txq_sack(&q2, seg(3), seg(4)), MSS);
	CU_ASSERT_EQUAL(tcp_txq_sack(&q2, seg(1), seg(4)), MSS);
	CU_ASSERT_EQUAL(q2.sacked_segs, 3);
	tcp_txq_fini(&q2);
	tcp_txq_fini(&q);
}

static void test_txq_rto(void)
{
	tcp_txq q;
	tcp_txq_init(&q, 3, MSS);
	fill(&q, 6);
	tcp_txq_sack(&q, seg(2), seg(3));
	tcp_txq_on_retransmit(&q, tcp_txq_head(&q), 5);
	tcp_txq_mark_all_lost(&q);
	/* everything not SACKed is lost and nothing retransmitted is in flight */
	CU_ASSERT_EQUAL(q.lost_bytes, 5 * MSS);
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), 0);
	int order[6], n = 0;
	tcp_txrec *r;
	while ((r = tcp_txq_next_lost(&q))) {
		order[n++] = (int)((r->start - 1) / MSS);
		tcp_txq_on_retransmit(&q, r, 10);
	}
	CU_ASSERT_EQUAL_FATAL(n, 5);
	CU_ASSERT_EQUAL(order[0], 0);
	CU_ASSERT_EQUAL(order[1], 1);
	CU_ASSERT_EQUAL(order[2], 3);
	CU_ASSERT_EQUAL(order[4], 5);
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), 5 * MSS);
	/* NextSeg rule 3 finds nothing: every record is SACKed, lost or retransmitted */
	q.rule3_hint = q.head;
	CU_ASSERT_PTR_NULL(tcp_txq_next_unsacked(&q));
	tcp_txq_fini(&q);
}

static void test_txq_lost_retransmission(void)
{
	tcp_txq q;
	tcp_txq_init(&q, 3, MSS);
	fill(&q, 8); /* sent at 0..7 ms */
	tcp_txq_sack(&q, seg(1), seg(4));
	tcp_txq_update_lost(&q);
	tcp_txrec *r = tcp_txq_next_lost(&q);
	CU_ASSERT_EQUAL_FATAL(r->start, seg(0));
	tcp_txq_on_retransmit(&q, r, SIM_MS(10));
	CU_ASSERT_PTR_NULL(tcp_txq_next_lost(&q));
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), 5 * MSS);
	/* segments sent before the retransmission say nothing about it */
	tcp_txq_sack(&q, seg(1), seg(8));
	CU_ASSERT_EQUAL(tcp_txq_detect_lost_retrans(&q, SIM_MS(2)), 0);
	/* one sent 5 ms after it is delivered, beyond the 2 ms reordering window: lost again */
	tcp_txq_append(&q, seg(8), seg(9), SIM_MS(15));
	CU_ASSERT_EQUAL(tcp_txq_detect_lost_retrans(&q, SIM_MS(5)), 0);
	tcp_txq_sack(&q, seg(8), seg(9));
	CU_ASSERT_EQUAL(tcp_txq_detect_lost_retrans(&q, SIM_MS(5)), 0); /* within the window */
	CU_ASSERT_EQUAL(tcp_txq_detect_lost_retrans(&q, SIM_MS(2)), MSS);
	CU_ASSERT_EQUAL(q.retrans_bytes, 0);
	CU_ASSERT_EQUAL(tcp_txq_pipe(&q), 0);
	r = tcp_txq_next_lost(&q);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(r->start, seg(0));
	tcp_txq_on_retransmit(&q, r, SIM_MS(20));
	CU_ASSERT_EQUAL(r->tx_count, 3);
	CU_ASSERT_EQUAL(tcp_txq_detect_lost_retrans(&q, SIM_MS(2)), 0);
	tcp_txq_fini(&q);
}

static CU_TestInfo seq_tests[] = {
	{ .pName = "unwrap around 2^32", .pTestFunc = test_seq_unwrap },
	TEST_END_OF_TESTS,
};

static CU_TestInfo rangeset_tests[] = {
	{ .pName = "add, merge, fresh pieces, trim", .pTestFunc = test_rangeset },
	TEST_END_OF_TESTS,
};

static CU_TestInfo rtt_tests[] = {
	{ .pName = "RFC 6298 estimator steps and backoff", .pTestFunc = test_rtt_steps },
	TEST_END_OF_TESTS,
};

static CU_TestInfo txq_tests[] = {
	{ .pName = "cumulative ACK, partial ACK, RTT information", .pTestFunc = test_txq_ack_and_rtt_info },
	{ .pName = "IsLost frontier, NextSeg, pipe", .pTestFunc = test_txq_islost },
	{ .pName = "byte rule and partial SACK coverage", .pTestFunc = test_txq_byte_rule_and_partial },
	{ .pName = "after an RTO everything unSACKed is lost", .pTestFunc = test_txq_rto },
	{ .pName = "a lost retransmission is detected (RFC 8985 6.2)", .pTestFunc = test_txq_lost_retransmission },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "tcp sequence numbers", .pTests = seq_tests },
	{ .pName = "tcp interval set", .pTests = rangeset_tests },
	{ .pName = "tcp RTT estimator", .pTests = rtt_tests },
	{ .pName = "tcp scoreboard", .pTests = txq_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
