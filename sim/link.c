/* link.c — one link direction: drop-tail queue, exact-rate or trace-driven transmitter, loss,
 * in-order pipe. */
#include "link.h"

#include "middlebox.h"

static void link_on_tx_done(void *ctx, sim_time_t now);
static void link_on_arrive(void *ctx, sim_time_t now);

static void link_dir_destroy(void *obj)
{
	link_dir *l = obj;
	packet_pool *pool = &l->sim->pool;
	sim_cancel(l->sim, &l->tx_done);
	sim_cancel(l->sim, &l->arrive);
	if (l->in_service)
		packet_free(pool, l->in_service);
	packet_fifo_drain(&l->queue, pool);
	packet_fifo_drain(&l->pipe, pool);
	if (l->loss && l->loss_state)
		l->loss->destroy(l->loss_state);
	link_trace_unref(l->trace);
	middlebox_free(l->mbox);
	g_free(l->name);
	g_free(l);
}

link_dir *link_dir_new(sim *s, const link_dir_config *cfg, link_deliver_fn deliver, void *deliver_ctx)
{
	g_assert((cfg->trace ? cfg->rate_bps == 0 : cfg->rate_bps > 0) && cfg->delay >= 0 && cfg->queue_limit >= 1);
	link_dir *l = g_new0(link_dir, 1);
	l->name = g_strdup(cfg->name);
	l->sim = s;
	l->rate_bps = cfg->rate_bps;
	l->trace = cfg->trace ? link_trace_ref(cfg->trace) : NULL;
	l->delay = cfg->delay;
	l->queue_limit = cfg->queue_limit;
	l->queue_in_packets = cfg->queue_in_packets;
	l->up = true;
	l->loss = cfg->loss;
	l->loss_state = cfg->loss_state;
	l->deliver = deliver;
	l->deliver_ctx = deliver_ctx;
	packet_fifo_init(&l->queue);
	packet_fifo_init(&l->pipe);
	sim_event_init(&l->tx_done, link_on_tx_done, l);
	sim_event_init(&l->arrive, link_on_arrive, l);
	sim_on_free(s, link_dir_destroy, l);
	return l;
}

sim_time_t link_tx_time(uint64_t bytes, int64_t rate_bps, uint64_t *remainder)
{
	/* bits·10^9 fits in 64 bits for any packet under 2 GB; packets are at most 64 KiB. */
	g_assert(rate_bps > 0 && bytes < (UINT64_C(1) << 31));
	uint64_t num = bytes * 8 * UINT64_C(1000000000) + (remainder ? *remainder : 0);
	uint64_t rate = (uint64_t)rate_bps;
	if (remainder)
		*remainder = num % rate;
	return (sim_time_t)(num / rate);
}

/* ---- trace-driven transmission (Mahimahi's LinkQueue::rationalize) ---- */

static sim_time_t trace_next_time(const link_dir *l)
{
	return l->trace_base + l->trace->times[l->trace_next];
}

static void trace_advance(link_dir *l)
{
	if (++l->trace_next == l->trace->n) {
		l->trace_next = 0;
		l->trace_base += l->trace->period;
		l->stats.trace_repetitions++;
	}
}

/* Skip the opportunities that passed while the link was idle: the cursor moves to the first one
 * at or after `now`. Whole repetitions are jumped, then the rest is a binary search. */
static void trace_skip_to(link_dir *l, sim_time_t now)
{
	const link_trace *t = l->trace;
	if (trace_next_time(l) >= now)
		return;
	if (l->trace_base + t->period < now) {
		/* The last opportunity of repetition k is at base + (k+1)·period: find the first k with
		 * it at or after now. */
		int64_t behind = now - l->trace_base - t->period;
		int64_t reps = (behind + t->period - 1) / t->period;
		l->trace_base += reps * t->period;
		l->stats.trace_repetitions += (uint64_t)reps;
		l->trace_next = 0;
	}
	size_t lo = l->trace_next, hi = t->n - 1; /* times[n-1] + base >= now */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->trace_base + t->times[mid] >= now)
			hi = mid;
		else
			lo = mid + 1;
	}
	l->trace_next = lo;
}

static void start_service(link_dir *l, packet *p, sim_time_t now)
{
	l->in_service = p;
	l->service_start = now;
	if (l->trace) {
		l->in_service_left = p->wire_len;
		if (!sim_event_is_armed(&l->tx_done)) {
			trace_skip_to(l, now);
			sim_schedule(l->sim, &l->tx_done, trace_next_time(l));
		}
		return;
	}
	sim_time_t tx = link_tx_time(p->wire_len, l->rate_bps, &l->tx_remainder);
	l->stats.busy_ns += tx;
	sim_schedule(l->sim, &l->tx_done, now + tx);
}

bool link_dir_send(link_dir *l, packet *p, sim_time_t now)
{
	if (l->mbox && !middlebox_process(l->mbox, p, now)) {
		l->stats.drops_middlebox++;
		packet_free(&l->sim->pool, p);
		return false;
	}
	p->wire_len = segment_wire_len(&p->seg);
	l->stats.sent_packets++;
	l->stats.sent_bytes += p->wire_len;
	if (!l->up) {
		l->stats.drops_down++;
		packet_free(&l->sim->pool, p);
		return false;
	}
	if (!l->in_service) {
		start_service(l, p, now);
		return true;
	}
	/* The limit covers every packet the link holds before the wire, including the one being
	 * serialised (as htsim's queues do): a queue of N packets drops the (N+1)th. */
	bool full = l->queue_in_packets
			    ? (int64_t)l->queue.len + 1 >= l->queue_limit
			    : (int64_t)(l->queue.bytes + l->in_service->wire_len + p->wire_len) > l->queue_limit;
	if (full) {
		l->stats.drops_queue++;
		packet_free(&l->sim->pool, p);
		return false;
	}
	packet_fifo_push(&l->queue, p);
	if (l->queue.len > l->stats.max_queue_packets)
		l->stats.max_queue_packets = l->queue.len;
	if (l->queue.bytes > l->stats.max_queue_bytes)
		l->stats.max_queue_bytes = l->queue.bytes;
	return true;
}

/* A packet has left the transmitter: the loss model, then the pipe. */
static void transmitted(link_dir *l, packet *p, sim_time_t now)
{
	l->stats.tx_packets++;
	l->stats.tx_bytes += p->wire_len;
	if (l->loss && l->loss->drop(l->loss_state, p, l->stats.tx_packets)) {
		l->stats.drops_loss++;
		packet_free(&l->sim->pool, p);
		return;
	}
	/* In order on the pipe: a packet never overtakes the one before it. */
	sim_time_t at = now + l->delay;
	if (at < l->last_arrival)
		at = l->last_arrival;
	l->last_arrival = at;
	p->arrival = at;
	packet_fifo_push(&l->pipe, p);
	if (!sim_event_is_armed(&l->arrive))
		sim_schedule(l->sim, &l->arrive, at);
}

/* Every opportunity at `now`: each offers LINK_TRACE_OPPORTUNITY_BYTES to the head packet, what it
 * does not need to the next, and so on; bytes offered to an empty queue are lost, and a packet's
 * progress carries over to the next opportunity. */
static void trace_opportunities(link_dir *l, sim_time_t now)
{
	while (trace_next_time(l) <= now) {
		uint32_t budget = LINK_TRACE_OPPORTUNITY_BYTES;
		bool used = false;
		while (budget > 0) {
			if (!l->in_service) {
				packet *next = packet_fifo_pop(&l->queue);
				if (!next)
					break;
				l->in_service = next;
				l->in_service_left = next->wire_len;
				l->service_start = now;
			}
			uint32_t spend = budget < l->in_service_left ? budget : l->in_service_left;
			budget -= spend;
			l->in_service_left -= spend;
			used = true;
			if (l->in_service_left == 0) {
				packet *p = l->in_service;
				l->in_service = NULL;
				l->stats.busy_ns += now - l->service_start;
				transmitted(l, p, now);
			}
		}
		l->stats.trace_opportunities_used += used;
		trace_advance(l);
	}
	if (!l->in_service) {
		packet *next = packet_fifo_pop(&l->queue);
		if (!next)
			return; /* idle: no event until a packet comes */
		l->in_service = next;
		l->in_service_left = next->wire_len;
		l->service_start = now;
	}
	sim_schedule(l->sim, &l->tx_done, trace_next_time(l));
}

static void link_on_tx_done(void *ctx, sim_time_t now)
{
	link_dir *l = ctx;
	if (l->trace) {
		trace_opportunities(l, now);
		return;
	}
	packet *p = l->in_service;
	l->in_service = NULL;
	transmitted(l, p, now);
	packet *next = packet_fifo_pop(&l->queue);
	if (next)
		start_service(l, next, now);
}

static void link_on_arrive(void *ctx, sim_time_t now)
{
	link_dir *l = ctx;
	while (l->pipe.head && l->pipe.head->arrival <= now) {
		packet *p = packet_fifo_pop(&l->pipe);
		p->hops++;
		l->stats.delivered_packets++;
		l->stats.delivered_bytes += p->wire_len;
		l->deliver(l->deliver_ctx, p, now);
	}
	if (l->pipe.head && !sim_event_is_armed(&l->arrive))
		sim_schedule(l->sim, &l->arrive, l->pipe.head->arrival);
}

void link_dir_set_rate(link_dir *l, int64_t rate_bps)
{
	g_assert(rate_bps > 0 && !l->trace);
	l->rate_bps = rate_bps;
}

void link_dir_set_delay(link_dir *l, sim_time_t delay)
{
	g_assert(delay >= 0);
	l->delay = delay;
}

void link_dir_set_up(link_dir *l, bool up, sim_time_t now)
{
	(void)now;
	if (l->up == up)
		return;
	l->up = up;
	if (up)
		return;
	/* Down: everything queued, in service or on the wire is lost. */
	packet_pool *pool = &l->sim->pool;
	uint64_t n = packet_fifo_drain(&l->queue, pool) + packet_fifo_drain(&l->pipe, pool);
	if (l->in_service) {
		sim_cancel(l->sim, &l->tx_done);
		packet_free(pool, l->in_service);
		l->in_service = NULL;
		n++;
	}
	sim_cancel(l->sim, &l->arrive);
	l->last_arrival = 0;
	l->stats.drops_down += n;
}

void link_dir_report(const link_dir *l, report_section *out)
{
	const link_dir_stats *st = &l->stats;
	report_set_int(out, "rate_bps", l->trace ? link_trace_mean_rate_bps(l->trace) : l->rate_bps);
	report_set_int(out, "delay_ns", l->delay);
	report_set_int(out, "sent_packets", (int64_t)st->sent_packets);
	report_set_int(out, "sent_bytes", (int64_t)st->sent_bytes);
	report_set_int(out, "tx_packets", (int64_t)st->tx_packets);
	report_set_int(out, "tx_bytes", (int64_t)st->tx_bytes);
	report_set_int(out, "delivered_packets", (int64_t)st->delivered_packets);
	report_set_int(out, "delivered_bytes", (int64_t)st->delivered_bytes);
	report_set_int(out, "drops_queue", (int64_t)st->drops_queue);
	report_set_int(out, "drops_loss", (int64_t)st->drops_loss);
	report_set_int(out, "drops_down", (int64_t)st->drops_down);
	report_set_int(out, "max_queue_packets", (int64_t)st->max_queue_packets);
	report_set_int(out, "max_queue_bytes", (int64_t)st->max_queue_bytes);
	report_set_int(out, "busy_ns", st->busy_ns);
	if (l->mbox) {
		report_set_int(out, "drops_middlebox", (int64_t)st->drops_middlebox);
		middlebox_report(l->mbox, report_section_child(out, "middlebox"));
	}
	if (l->trace) {
		report_set_string(out, "trace", l->trace->name);
		report_set_int(out, "trace_opportunities_used", (int64_t)st->trace_opportunities_used);
		report_set_int(out, "trace_repetitions", (int64_t)st->trace_repetitions);
	}
}
