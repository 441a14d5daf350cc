/* loss.h — loss models: decide, packet by packet, whether a link direction loses a packet.
 *
 * A model is an ops table found by name in loss_models_all[] (registry.h). Its parameters are
 * scenario keys of the link group (declared in `keys`, see scn.h), so the scenario loader validates
 * and documents them like every other key. Each instance draws from its own named random stream.
 * Packets are numbered from 1 in the order they finish serialisation on their link direction;
 * the model sees every transmitted packet exactly once. Models whose parameters may change during a
 * run (get_param/set_param) keep drawing the same number of random values per packet, so a change
 * never shifts the stream. */
#ifndef MPTCPSIM_SIM_LOSS_H
#define MPTCPSIM_SIM_LOSS_H

#include "packet.h"
#include "scn.h"

#include <glib.h>
#include <gsl/gsl_rng.h>
#include <stdbool.h>

typedef struct loss_ops {
	const char *name;
	const char *summary;      /* one line for `mptcpsim list` */
	const scn_key *keys;      /* keys this model reads from its link group; terminated by {NULL} */
	/* Build an instance from validated values; `rng` belongs to the sim. */
	void *(*create)(const scn_values *values, gsl_rng *rng, GError **error);
	/* true: lose packet number `index` (1-based). */
	bool (*drop)(void *state, const packet *p, uint64_t index);
	void (*destroy)(void *state);
	/* Optional, both or neither: read or change one of the model's own SCN_PERCENT keys while the
	 * simulation runs (mobility events ramp a fading Wi-Fi link's loss). False when `key` is not a
	 * parameter the model can change. A change applies from the next packet. */
	bool (*get_param)(void *state, const char *key, double *fraction);
	bool (*set_param)(void *state, const char *key, double fraction);
} loss_ops;

extern const loss_ops *const loss_models_all[];

#endif
