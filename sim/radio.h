/* radio.h — the cellular radio of an interface: idle, promoting, connected (RRC states).
 *
 * A cellular radio that has been idle must be promoted before it carries a packet: the first
 * packet after idle — sent by the host or arriving from the network — starts a promotion of
 * `promotion_delay`, and every packet that comes while it lasts waits (none is lost), then all of
 * them go on in order. Once connected, packets pass at once; the radio stays connected for
 * `tail_time` after the last packet it carried, then goes idle. Huang et al. (MobiSys 2012)
 * measured 260 ms and 11.6 s for LTE; 3G promotes in about 2 s. The radio-on time (promotion,
 * connected and tail) is the energy proxy the report gives, with the number of promotions.
 *
 * The radio sits between an interface and its link (host.c): outgoing packets after the host
 * hands them to the interface (a capture there sees them when the host sends), incoming ones
 * before the host sees them. Each model (lte, 3g) is a set of defaults, an ops table in
 * radio_models_all[] (radio_models.c) whose keys join the interface group. */
#ifndef MPTCPSIM_SIM_RADIO_H
#define MPTCPSIM_SIM_RADIO_H

#include "packet.h"
#include "report.h"
#include "scn.h"
#include "sim.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct radio_model {
	const char *name;
	const char *summary;  /* one line for `mptcpsim list` */
	const scn_key *keys;  /* promotion_delay, tail_time with this model's defaults; empty for none */
} radio_model;

extern const radio_model *const radio_models_all[];

typedef enum radio_state {
	RADIO_IDLE,
	RADIO_PROMOTING,
	RADIO_CONNECTED,
} radio_state;

/* Where a packet goes once the radio lets it pass (held packets, at the end of a promotion). */
typedef void (*radio_release_fn)(void *ctx, packet *p, sim_time_t now);

typedef struct radio {
	sim *sim;
	const radio_model *model;
	sim_time_t promotion_delay;
	sim_time_t tail_time;
	radio_state state;
	packet_fifo held_out, held_in;
	sim_event promoted;       /* end of the promotion */
	sim_event tail;           /* checks for the end of the tail */
	sim_time_t last_activity; /* last packet carried */
	sim_time_t on_since;      /* start of the current on period */
	sim_time_t on_ns;         /* finished on periods */
	uint64_t promotions;
	uint64_t held_packets;
	radio_release_fn send_out, send_in;
	void *ctx;
} radio;

/* A radio in state idle, freed with the sim. `send_out` gets packets for the link, `send_in`
 * packets for the host. */
radio *radio_new(sim *s, const radio_model *model, sim_time_t promotion_delay, sim_time_t tail_time,
		 radio_release_fn send_out, radio_release_fn send_in, void *ctx);

/* A packet the interface sends (`outgoing`) or receives. True: it passes now (the caller goes on
 * with it). False: the radio holds it and hands it to send_out/send_in when promoted. */
bool radio_pass(radio *r, packet *p, bool outgoing, sim_time_t now);

/* Time spent promoting or connected up to `now`. */
sim_time_t radio_on_ns(const radio *r, sim_time_t now);
const char *radio_state_name(radio_state s);

/* radio, radio_state, radio_on_ns, radio_promotions, radio_held_packets. */
void radio_report(const radio *r, report_section *out, sim_time_t now);

#endif
