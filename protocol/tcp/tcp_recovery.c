/* tcp_recovery.c — loss detection and recovery, and the retransmission timer.
 *
 * Fast retransmit on DupThresh duplicate ACKs or when the scoreboard declares the oldest data lost
 * (RFC 5681 §3.2, RFC 6675 §5). With SACK, recovery is RFC 6675's: cwnd = ssthresh and the send
 * loop keeps pipe below cwnd, retransmitting what IsLost marks (tcp_txq.c). Without SACK it is
 * NewReno (RFC 6582): window inflation on each duplicate ACK, a retransmission and deflation on
 * each partial ACK. A timeout (RFC 6298 §5.4–5.7) marks everything outstanding lost and restarts
 * from one segment; no new recovery starts until the data outstanding at the timeout is
 * acknowledged (RFC 6582 §3.2 step 1, RFC 6675 §5.1). */
#include "tcp.h"

#include "tcp_priv.h"

static void enter_recovery(tcp_conn *c, sim_time_t now)
{
	c->recovery_point = c->snd_nxt;
	c->recover_strict = false;
	c->txq.rule3_hint = c->txq.head;
	c->counters[TCP_CNT_FAST_RETRANSMITS]++;
	tcp_cc_sync(c);
	c->cc_ops->on_congestion(&c->cc, now);
	/* RFC 6582 §3.2 step 2 (RFC 5681 §3.2 step 3): inflate by the segments that left */
	if (!c->sack_ok)
		c->cc.cwnd_bytes = c->cc.ssthresh_bytes + c->cfg.dupthresh * c->snd_mss;
	tcp_clamp_cwnd(c);
	c->ca_state = TCP_CA_RECOVERY;
	/* RFC 5681 §3.2 step 2, RFC 6675 §5 step 4.3: retransmit the first unacknowledged segment,
	 * unless a retransmission of it is already in flight (a new episode right after the last one);
	 * if that one is lost, lost-retransmission detection sends it again */
	tcp_txq_mark_head_lost(&c->txq);
	const tcp_txrec *h = tcp_txq_head(&c->txq);
	c->rtx_head = h && !(h->flags & TCP_TX_RETRANS);
}

static void exit_recovery(tcp_conn *c, sim_time_t now)
{
	c->ca_state = TCP_CA_OPEN;
	c->dupacks = 0;
	/* RFC 6582 §3.2 step 6, second option: cwnd = ssthresh (also RFC 6675's end of recovery) */
	c->cc.cwnd_bytes = c->cc.ssthresh_bytes;
	tcp_clamp_cwnd(c);
	if (c->cc_ops->on_recovery_exit) {
		tcp_cc_sync(c);
		c->cc_ops->on_recovery_exit(&c->cc, now);
		tcp_clamp_cwnd(c);
	}
}

static void cc_on_ack(tcp_conn *c, uint64_t delivered, sim_time_t rtt_ns, sim_time_t now)
{
	if (!delivered)
		return;
	tcp_cc_ack a = { .acked_bytes = delivered > UINT32_MAX ? UINT32_MAX : (uint32_t)delivered, .rtt_ns = rtt_ns };
	tcp_cc_sync(c);
	c->cc_ops->on_ack(&c->cc, &a, now);
	tcp_clamp_cwnd(c);
}

void tcp_recovery_on_ack(tcp_conn *c, bool new_ack, bool dupack, uint64_t acked_bytes, uint64_t delivered,
			 sim_time_t rtt_ns, sim_time_t now)
{
	if (!c->cc_started)
		return;
	switch (c->ca_state) {
	case TCP_CA_OPEN: {
		bool loss = c->dupacks >= c->cfg.dupthresh || (c->sack_ok && c->txq.lost_bytes > 0);
		/* RFC 6582 §3.2 step 1, RFC 6675 §5: after a timeout, only once the cumulative ACK is past
		 * what was outstanding then (retransmitted duplicates must not trigger a new episode) */
		bool allowed = c->recover_strict ? c->snd_una > c->recovery_point : c->snd_una >= c->recovery_point;
		if (loss && allowed && c->snd_nxt > c->snd_una) {
			enter_recovery(c, now);
			break;
		}
		if (new_ack)
			cc_on_ack(c, delivered, rtt_ns, now);
		break;
	}
	case TCP_CA_RECOVERY:
		if (new_ack && c->snd_una >= c->recovery_point) {
			/* RFC 6582 §3.2 step 6 full acknowledgment; RFC 6675 §5 end of recovery */
			exit_recovery(c, now);
			break;
		}
		if (c->sack_ok)
			break;
		if (new_ack) {
			/* RFC 6582 §3.2 step 5: partial ACK — retransmit the next hole, deflate by the
			 * amount acknowledged, add back one SMSS if at least one was acknowledged */
			tcp_txq_mark_head_lost(&c->txq);
			c->rtx_head = true;
			uint32_t acked = acked_bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)acked_bytes;
			c->cc.cwnd_bytes = c->cc.cwnd_bytes > acked ? c->cc.cwnd_bytes - acked : 0;
			if (acked >= c->snd_mss)
				c->cc.cwnd_bytes += c->snd_mss;
			tcp_clamp_cwnd(c);
		} else if (dupack) {
			/* RFC 6582 §3.2 step 4: each further duplicate ACK inflates cwnd by SMSS */
			c->cc.cwnd_bytes += c->snd_mss;
			tcp_clamp_cwnd(c);
		}
		break;
	case TCP_CA_LOSS:
		if (new_ack) {
			cc_on_ack(c, delivered, rtt_ns, now);
			if (c->snd_una >= c->recovery_point) {
				c->ca_state = TCP_CA_OPEN;
				c->dupacks = 0;
			}
		}
		break;
	}
}

/* SYN or SYN-ACK not acknowledged: resend it with the doubled timer. */
static void syn_timeout(tcp_conn *c, sim_time_t now)
{
	if (c->syn_retx >= c->cfg.syn_retries) {
		tcp_close_with(c, TCP_CLOSE_TIMEOUT, now);
		return;
	}
	c->syn_retx++;
	c->counters[TCP_CNT_RTOS]++;
	c->counters[TCP_CNT_SYN_RETRANSMITS]++;
	/* RFC 6298 §5.5 */
	tcp_rtt_backoff(&c->rtt);
	tcp_trace(c, now, TRACE_RTO_FIRED, c->rtt.backoff);
	tcp_send_syn(c, true, now);
	c->rto_at = now + tcp_rtt_rto(&c->rtt);
}

void tcp_rto_fire(tcp_conn *c, sim_time_t now)
{
	if (c->state == TCP_SYN_SENT || c->state == TCP_SYN_RECEIVED) {
		syn_timeout(c, now);
		return;
	}
	if (c->snd_una >= c->snd_nxt)
		return;
	if (c->consecutive_rtos >= c->cfg.data_retries) {
		tcp_close_with(c, TCP_CLOSE_TIMEOUT, now);
		return;
	}
	c->consecutive_rtos++;
	c->counters[TCP_CNT_RTOS]++;
	/* a timeout ends fast recovery: NewReno's inflation is not a window to reduce from */
	if (c->ca_state == TCP_CA_RECOVERY && c->cc.cwnd_bytes > c->cc.ssthresh_bytes)
		c->cc.cwnd_bytes = c->cc.ssthresh_bytes;
	tcp_cc_sync(c);
	c->cc_ops->on_rto(&c->cc, c->consecutive_rtos, now);
	tcp_clamp_cwnd(c);
	/* RFC 6675 §5.1: what is not SACKed is presumed lost; RecoveryPoint = HighData */
	tcp_txq_mark_all_lost(&c->txq);
	c->recovery_point = c->snd_nxt;
	c->recover_strict = true;
	c->ca_state = TCP_CA_LOSS;
	c->dupacks = 0;
	/* RFC 6298 §5.5: back off the timer; §5.4: retransmit the earliest segment */
	tcp_rtt_backoff(&c->rtt);
	tcp_trace(c, now, TRACE_RTO_FIRED, c->rtt.backoff);
	tcp_trace(c, now, TRACE_RTO_NS, tcp_rtt_rto(&c->rtt));
	c->rtx_head = true;
	c->pace_next = now;
	/* §5.6: the timer restarts when the retransmission leaves (tcp_output) */
	c->rto_at = SIM_TIME_NEVER;
}
