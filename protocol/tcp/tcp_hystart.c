/* tcp_hystart.c — HyStart++ slow-start exit (RFC 9406 §4.2), see tcp_hystart.h. */
#include "tcp_hystart.h"

/* RFC 9406 §4.3 recommended constants. */
#define MIN_RTT_THRESH SIM_MS(4)
#define MAX_RTT_THRESH SIM_MS(16)
#define MIN_RTT_DIVISOR 8
#define N_RTT_SAMPLE 8
#define CSS_GROWTH_DIVISOR 4
#define CSS_ROUNDS 5

void tcp_hystart_init(tcp_hystart *h, const tcp_cc_state *cc)
{
	h->last_round_min_rtt = SIM_TIME_NEVER;
	h->current_round_min_rtt = SIM_TIME_NEVER;
	h->css_baseline_min_rtt = SIM_TIME_NEVER;
	h->window_end = cc->snd_nxt;
	h->rtt_samples = 0;
	h->css_rounds = 0;
	h->phase = TCP_HYSTART_SS;
}

static void new_round(tcp_hystart *h, const tcp_cc_state *cc)
{
	h->last_round_min_rtt = h->current_round_min_rtt;
	h->current_round_min_rtt = SIM_TIME_NEVER;
	h->rtt_samples = 0;
	h->window_end = cc->snd_nxt;
}

static void to_avoidance(tcp_hystart *h, tcp_cc_state *cc)
{
	cc->ssthresh_bytes = cc->cwnd_bytes;
	h->phase = TCP_HYSTART_DONE;
}

uint32_t tcp_hystart_slow_start(tcp_hystart *h, tcp_cc_state *cc, uint32_t acked_bytes, sim_time_t rtt_ns)
{
	if (h->phase == TCP_HYSTART_DONE)
		return tcp_cc_slow_start(cc, acked_bytes);
	/* a round ends once the data outstanding at its start is acknowledged: the next ACK, for data
	 * sent during the round, starts the next one (as Linux's after(snd_una, end_seq)) */
	if (cc->snd_una > h->window_end) {
		new_round(h, cc);
		if (h->phase == TCP_HYSTART_CSS && ++h->css_rounds >= CSS_ROUNDS) {
			/* §4.2: CSS_ROUNDS rounds of CSS: enter congestion avoidance */
			to_avoidance(h, cc);
			return acked_bytes;
		}
	}
	if (rtt_ns > 0) {
		if (rtt_ns < h->current_round_min_rtt)
			h->current_round_min_rtt = rtt_ns;
		h->rtt_samples++;
	}
	if (h->phase == TCP_HYSTART_SS) {
		uint32_t left = tcp_cc_slow_start(cc, acked_bytes);
		if (h->rtt_samples >= N_RTT_SAMPLE && h->current_round_min_rtt != SIM_TIME_NEVER &&
		    h->last_round_min_rtt != SIM_TIME_NEVER) {
			/* RttThresh = clamp(lastRoundMinRTT / 8, 4 ms, 16 ms) */
			sim_time_t thresh = h->last_round_min_rtt / MIN_RTT_DIVISOR;
			if (thresh > MAX_RTT_THRESH)
				thresh = MAX_RTT_THRESH;
			if (thresh < MIN_RTT_THRESH)
				thresh = MIN_RTT_THRESH;
			if (h->current_round_min_rtt >= h->last_round_min_rtt + thresh) {
				h->css_baseline_min_rtt = h->current_round_min_rtt;
				h->css_rounds = 0;
				h->phase = TCP_HYSTART_CSS;
			}
		}
		return left;
	}
	/* Conservative Slow Start: a quarter of slow start's growth */
	uint32_t limit = 2 * cc->mss_bytes;
	uint32_t inc = (acked_bytes < limit ? acked_bytes : limit) / CSS_GROWTH_DIVISOR;
	if (cc->ssthresh_bytes - cc->cwnd_bytes < inc)
		inc = cc->ssthresh_bytes - cc->cwnd_bytes;
	cc->cwnd_bytes += inc;
	/* the RTT went back down: the increase was not a standing queue, resume slow start */
	if (h->rtt_samples >= N_RTT_SAMPLE && h->current_round_min_rtt < h->css_baseline_min_rtt) {
		h->css_baseline_min_rtt = SIM_TIME_NEVER;
		h->phase = TCP_HYSTART_SS;
	}
	return 0;
}
