/* tcp_txq.h — what the sender has transmitted and not yet had acknowledged, with its scoreboard.
 *
 * One record per transmitted segment ([start, end) in sequence offsets, the time it was last
 * sent, flags), in a ring that grows by doubling and is reused: no allocation per segment. Records
 * are ordered by sequence, so a SACK block is located by binary search.
 *
 * The RFC 6675 scoreboard is kept incrementally, so no ACK ever walks all bytes in flight:
 *  - `sacked` is the ordered set of SACKed ranges; a block re-reported on every ACK touches only
 *    its new edges, and a record is SACKed once the set covers it completely;
 *  - IsLost (§4) is a moving frontier: a record is lost once DupThresh SACKed records, or more than
 *    (DupThresh-1)*SMSS SACKed bytes, lie above it. What lies above only grows, so the frontier only
 *    moves forward; every record behind it that is not SACKed is marked lost;
 *  - pipe (§4, SetPipe) is outstanding - sacked - lost + retransmitted, from byte counters kept as
 *    flags change (the same identity as Linux's packets_out - left_out + retrans_out);
 *  - NextSeg rule 1 (§4) is a hint that only moves forward between RTOs.
 *  - a retransmission is itself presumed lost once a segment sent after it (by more than a
 *    reordering window) has been delivered: the time-ordered test of RACK (RFC 8985 §6.2), applied
 *    to retransmissions, which RFC 6675 alone can only recover by timeout. Retransmissions are
 *    queued in the order they were sent, so each is examined once.
 * Cost per ACK: O(log n) per SACK block plus O(1) per record newly SACKed, acked or lost. */
#ifndef MPTCPSIM_PROTOCOL_TCP_TXQ_H
#define MPTCPSIM_PROTOCOL_TCP_TXQ_H

#include "simtime.h"
#include "tcp_rangeset.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	TCP_TX_SACKED = 1u << 0,      /* the peer holds every byte of it */
	TCP_TX_LOST = 1u << 1,        /* presumed lost (IsLost, a fast retransmit or an RTO) */
	TCP_TX_RETRANS = 1u << 2,     /* a retransmission of it is in flight */
	TCP_TX_EVER_RETRANS = 1u << 3, /* sent more than once: Karn's rule forbids an RTT sample */
};

typedef struct tcp_txrec {
	uint64_t start;
	uint64_t end;
	sim_time_t sent_ns; /* last transmission */
	uint32_t flags;     /* TCP_TX_* */
	uint32_t tx_count;
} tcp_txrec;

/* A retransmission, in send order (lost-retransmission detection). */
typedef struct tcp_txq_rtx {
	uint64_t index;     /* absolute record index */
	sim_time_t sent_ns; /* when it was retransmitted */
} tcp_txq_rtx;

typedef struct tcp_txq {
	tcp_txrec *ring;
	uint64_t head;      /* absolute index of the oldest record */
	uint64_t tail;      /* one past the newest */
	uint64_t mask;      /* capacity - 1 (capacity a power of two) */
	tcp_rangeset sacked;
	uint64_t out_bytes;     /* sum of record lengths */
	uint64_t sacked_bytes;  /* in records flagged SACKED */
	uint64_t sacked_segs;
	uint64_t lost_bytes;    /* in records flagged LOST and not SACKED */
	uint64_t retrans_bytes; /* in records flagged RETRANS and not SACKED */
	uint64_t frontier;      /* IsLost frontier (absolute index), see above */
	uint64_t above_bytes;   /* SACKED bytes in records strictly above the frontier */
	uint64_t above_segs;
	uint64_t rtx_hint;      /* no retransmission candidate below this index */
	uint64_t rule3_hint;    /* NextSeg rule 3 scan position */
	uint32_t dupthresh;
	uint32_t mss;
	tcp_txq_rtx *rtx;        /* ring of retransmissions in send order */
	uint64_t rtx_head, rtx_tail, rtx_mask;
	sim_time_t delivered_sent_ns; /* latest send time of a never-retransmitted record delivered */
} tcp_txq;

/* What a cumulative ACK removed. */
typedef struct tcp_txq_acked {
	uint64_t bytes;           /* sequence space acknowledged */
	uint64_t newly_delivered; /* of those, bytes not SACKed before */
	sim_time_t newest_sent_ns; /* latest send time of a record neither SACKed nor retransmitted; -1 */
	bool retrans_acked;       /* a retransmitted record was acknowledged (Karn) */
} tcp_txq_acked;

void tcp_txq_init(tcp_txq *q, uint32_t dupthresh, uint32_t mss);
void tcp_txq_fini(tcp_txq *q);

static inline uint64_t tcp_txq_count(const tcp_txq *q)
{
	return q->tail - q->head;
}

static inline tcp_txrec *tcp_txq_at(const tcp_txq *q, uint64_t abs)
{
	return &q->ring[abs & q->mask];
}

static inline tcp_txrec *tcp_txq_head(const tcp_txq *q)
{
	return q->head < q->tail ? tcp_txq_at(q, q->head) : NULL;
}

/* RFC 6675 §4 SetPipe: bytes presumed in the network. */
static inline uint64_t tcp_txq_pipe(const tcp_txq *q)
{
	return q->out_bytes - q->sacked_bytes - q->lost_bytes + q->retrans_bytes;
}

/* A new record after the newest one (start must equal the previous end). */
tcp_txrec *tcp_txq_append(tcp_txq *q, uint64_t start, uint64_t end, sim_time_t now);

/* Cumulative acknowledgment of everything below `ack`. */
void tcp_txq_ack(tcp_txq *q, uint64_t ack, tcp_txq_acked *out);

/* One SACK block [start, end) (already validated against snd_una and snd_nxt). Returns the bytes of
 * records that became SACKed. */
uint64_t tcp_txq_sack(tcp_txq *q, uint64_t start, uint64_t end);

/* RFC 6675 §4 IsLost: move the frontier as far as the SACKed bytes above allow, marking what it
 * passes. Returns the bytes newly marked lost. */
uint64_t tcp_txq_update_lost(tcp_txq *q);

/* Mark the oldest record lost (fast retransmit, NewReno partial ACK). */
void tcp_txq_mark_head_lost(tcp_txq *q);

/* RFC 6298 §5 / RFC 6675 §5.1: after a timeout every record not SACKed is lost, and no
 * retransmission is in flight any more. */
void tcp_txq_mark_all_lost(tcp_txq *q);

/* RFC 6675 §4 NextSeg rule 1: the oldest record that is lost, not SACKed and not already
 * retransmitted; NULL when none. */
tcp_txrec *tcp_txq_next_lost(tcp_txq *q);

/* RFC 6675 §4 NextSeg rule 3: the oldest record at or after rule3_hint that is neither SACKed,
 * lost nor retransmitted; the hint moves past what was skipped (set it to head when a recovery
 * starts). NULL when none. */
tcp_txrec *tcp_txq_next_unsacked(tcp_txq *q);

/* RFC 8985 §6.2 for retransmissions: each retransmission older than the newest delivered
 * transmission by more than `reo_wnd_ns` is lost again (its retransmission no longer counts in
 * pipe and it becomes a NextSeg candidate). Returns the bytes so marked. */
uint64_t tcp_txq_detect_lost_retrans(tcp_txq *q, sim_time_t reo_wnd_ns);

/* Bookkeeping for a retransmission of `r` at `now`. */
void tcp_txq_on_retransmit(tcp_txq *q, tcp_txrec *r, sim_time_t now);

#endif
