/* link.h — one direction of a point-to-point link: a drop-tail queue, a transmitter with a rate
 * or a delivery trace, a loss model, and a pipe with a propagation delay.
 *
 *   link_dir_send() → queue (drop-tail, bytes or packets) → serialisation at rate_bps
 *     (or at the opportunities of a trace) → loss model → pipe (delay) → deliver callback
 *
 * The link owns two events, transmit-complete and head-of-pipe arrival, however many packets it
 * holds (htsim's components-own-events design): a packet costs O(1) events, not one per hop stage.
 * Serialisation time is exact: bits·10^9 / rate in integer nanoseconds, the remainder carried to the
 * next packet so back-to-back packets never drift. Packets on the pipe leave in order; when the
 * delay drops mid-run a packet never overtakes the one before it. A rate change applies from the
 * next packet to start serialisation. Taking the direction down drops the queue, the packet being
 * sent and every packet on the pipe (counted as drops_down).
 *
 * Trace-driven directions (trace.h) have no rate: packets leave at the trace's delivery
 * opportunities, with Mahimahi's byte accounting. Each opportunity carries up to 1500 bytes; the
 * packet at the head uses them, and when it needs fewer the rest goes to the packets behind it
 * (several small packets leave at one opportunity); a packet that needs more keeps what it got and
 * finishes at a later opportunity. Bytes an opportunity offers when nothing waits are lost. All
 * opportunities at one instant happen together, when the link's event runs; a packet arriving at an
 * idle link uses the first opportunity at or after its arrival. The trace starts at time 0 and
 * repeats with its period (trace.h). The packet waiting for an opportunity counts as the one
 * being sent (queue limits, busy_ns). */
#ifndef MPTCPSIM_SIM_LINK_H
#define MPTCPSIM_SIM_LINK_H

#include "loss.h"
#include "sim.h"
#include "trace.h"

#include <stdbool.h>
#include <stdint.h>

typedef void (*link_deliver_fn)(void *ctx, packet *p, sim_time_t now);

typedef struct link_dir_stats {
	uint64_t sent_packets;   /* offered to link_dir_send */
	uint64_t sent_bytes;
	uint64_t tx_packets;     /* finished serialisation */
	uint64_t tx_bytes;
	uint64_t delivered_packets;
	uint64_t delivered_bytes;
	uint64_t drops_queue;
	uint64_t drops_loss;
	uint64_t drops_down;
	uint64_t drops_middlebox; /* dropped by the direction's middlebox */
	uint64_t max_queue_packets;
	uint64_t max_queue_bytes;
	sim_time_t busy_ns;      /* time spent serialising (trace: at the head, waiting for opportunities) */
	uint64_t trace_opportunities_used; /* opportunities that carried at least one byte */
	uint64_t trace_repetitions;        /* times the trace wrapped around */
} link_dir_stats;

typedef struct link_dir {
	char *name; /* "wifi.up" */
	sim *sim;
	int64_t rate_bps;       /* 0 for a trace-driven direction */
	link_trace *trace;      /* NULL: fixed rate; else one reference */
	sim_time_t delay;
	int64_t queue_limit;    /* packets or bytes held, the one being serialised included */
	bool queue_in_packets;
	bool up;
	const loss_ops *loss;
	void *loss_state;
	link_deliver_fn deliver;
	void *deliver_ctx;

	packet_fifo queue;
	packet *in_service;
	sim_event tx_done;
	uint64_t tx_remainder; /* carried remainder of bits·10^9 mod rate */
	sim_time_t service_start;  /* when in_service became the head */
	uint32_t in_service_left;  /* trace: bytes of in_service still to send */
	size_t trace_next;         /* trace: index of the next opportunity */
	sim_time_t trace_base;     /* trace: start of the current repetition */
	packet_fifo pipe;
	sim_event arrive;
	sim_time_t last_arrival;
	link_dir_stats stats;
	struct middlebox *mbox; /* NULL: none; owned (middlebox.h) */
} link_dir;

typedef struct link_dir_config {
	const char *name;
	int64_t rate_bps;       /* > 0, or 0 with a trace */
	link_trace *trace;      /* NULL: fixed rate; else the link takes a reference */
	sim_time_t delay;       /* >= 0 */
	int64_t queue_limit;    /* >= 1 */
	bool queue_in_packets;
	const loss_ops *loss;   /* NULL: no loss */
	void *loss_state;       /* owned by the link from now on */
} link_dir_config;

/* A new link direction, freed with the sim. */
link_dir *link_dir_new(sim *s, const link_dir_config *cfg, link_deliver_fn deliver, void *deliver_ctx);

/* Offer a packet; the link owns it from now on (it is delivered or freed). Returns false when it
 * was dropped at once (queue full or link down). */
bool link_dir_send(link_dir *l, packet *p, sim_time_t now);

/* Fixed-rate directions only (a trace-driven one has no rate to set). */
void link_dir_set_rate(link_dir *l, int64_t rate_bps);
void link_dir_set_delay(link_dir *l, sim_time_t delay);
void link_dir_set_up(link_dir *l, bool up, sim_time_t now);

/* Exact serialisation time of `bytes` at `rate_bps`, carrying `*remainder` (may be NULL). */
sim_time_t link_tx_time(uint64_t bytes, int64_t rate_bps, uint64_t *remainder);

/* Counters into `out` (a section named after the link direction). */
void link_dir_report(const link_dir *l, report_section *out);

#endif
