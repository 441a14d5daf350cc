/* radio.c — the cellular radio's state machine: promotion on the first packet after idle, a tail
 * timer after the last, radio-on time and promotion counts.
 *
 * The tail timer is lazy: it is armed for last_activity + tail_time when the radio connects, and
 * when it fires it either demotes or, after more packets, moves itself to the new deadline — one
 * event per tail period rather than one re-arm per packet. */
#include "radio.h"

static void radio_on_promoted(void *ctx, sim_time_t now);
static void radio_on_tail(void *ctx, sim_time_t now);

static void radio_destroy(void *obj)
{
	radio *r = obj;
	sim_cancel(r->sim, &r->promoted);
	sim_cancel(r->sim, &r->tail);
	packet_fifo_drain(&r->held_out, &r->sim->pool);
	packet_fifo_drain(&r->held_in, &r->sim->pool);
	g_free(r);
}

radio *radio_new(sim *s, const radio_model *model, sim_time_t promotion_delay, sim_time_t tail_time,
		 radio_release_fn send_out, radio_release_fn send_in, void *ctx)
{
	g_assert(promotion_delay >= 0 && tail_time > 0);
	radio *r = g_new0(radio, 1);
	r->sim = s;
	r->model = model;
	r->promotion_delay = promotion_delay;
	r->tail_time = tail_time;
	r->state = RADIO_IDLE;
	r->send_out = send_out;
	r->send_in = send_in;
	r->ctx = ctx;
	packet_fifo_init(&r->held_out);
	packet_fifo_init(&r->held_in);
	sim_event_init(&r->promoted, radio_on_promoted, r);
	sim_event_init(&r->tail, radio_on_tail, r);
	sim_on_free(s, radio_destroy, r);
	return r;
}

bool radio_pass(radio *r, packet *p, bool outgoing, sim_time_t now)
{
	switch (r->state) {
	case RADIO_CONNECTED:
		r->last_activity = now;
		return true;
	case RADIO_IDLE:
		r->state = RADIO_PROMOTING;
		r->promotions++;
		r->on_since = now;
		sim_schedule(r->sim, &r->promoted, now + r->promotion_delay);
		break;
	case RADIO_PROMOTING:
		break;
	}
	r->held_packets++;
	packet_fifo_push(outgoing ? &r->held_out : &r->held_in, p);
	return false;
}

static void radio_on_promoted(void *ctx, sim_time_t now)
{
	radio *r = ctx;
	r->state = RADIO_CONNECTED;
	r->last_activity = now;
	sim_schedule(r->sim, &r->tail, now + r->tail_time);
	/* Outgoing first, then incoming, each in arrival order; they go different ways. */
	for (packet *p; (p = packet_fifo_pop(&r->held_out));)
		r->send_out(r->ctx, p, now);
	for (packet *p; (p = packet_fifo_pop(&r->held_in));)
		r->send_in(r->ctx, p, now);
}

static void radio_on_tail(void *ctx, sim_time_t now)
{
	radio *r = ctx;
	sim_time_t end = r->last_activity + r->tail_time;
	if (end > now) {
		sim_schedule(r->sim, &r->tail, end);
		return;
	}
	r->state = RADIO_IDLE;
	r->on_ns += now - r->on_since;
}

sim_time_t radio_on_ns(const radio *r, sim_time_t now)
{
	return r->on_ns + (r->state == RADIO_IDLE ? 0 : now - r->on_since);
}

const char *radio_state_name(radio_state s)
{
	switch (s) {
	case RADIO_IDLE: return "idle";
	case RADIO_PROMOTING: return "promoting";
	case RADIO_CONNECTED: return "connected";
	}
	return "?";
}

void radio_report(const radio *r, report_section *out, sim_time_t now)
{
	report_set_string(out, "radio", r->model->name);
	report_set_string(out, "radio_state", radio_state_name(r->state));
	report_set_int(out, "radio_on_ns", radio_on_ns(r, now));
	report_set_int(out, "radio_promotions", (int64_t)r->promotions);
	report_set_int(out, "radio_held_packets", (int64_t)r->held_packets);
}
