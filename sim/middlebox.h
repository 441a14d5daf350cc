/* middlebox.h — devices on a link direction that change packets in flight, found by name.
 *
 * A link direction may have one middlebox (its `middlebox` key); it sees each packet offered to
 * the direction before the queue (link_dir_send) and may change it in place or drop it. Each
 * middlebox is an ops table in middlebox_all[] (registry.h); its settings are keys of the link or
 * direction group (MIDDLEBOX_SCENARIO_KEYS). Middleboxes model the network paths MPTCP must
 * survive (RFC 8684 §3.7, mptcp-wire.md): an option stripper and a payload rewriter. */
#ifndef MPTCPSIM_SIM_MIDDLEBOX_H
#define MPTCPSIM_SIM_MIDDLEBOX_H

#include "packet.h"
#include "report.h"
#include "scn.h"

#include <glib.h>
#include <stdbool.h>

typedef struct middlebox_ops {
	const char *name; /* first: registry_find() */
	const char *summary;
	/* State from the direction's validated values; NULL with `error` on a bad combination. */
	void *(*create)(const scn_values *v, GError **error);
	/* Change `p` in place; false: drop it (the link frees it and counts it). */
	bool (*process)(void *state, packet *p, sim_time_t now);
	void (*report)(const void *state, report_section *out);
	void (*destroy)(void *state);
} middlebox_ops;

extern const middlebox_ops *const middlebox_all[];

typedef struct middlebox {
	const middlebox_ops *ops;
	void *state;
} middlebox;

/* The middlebox the direction's `middlebox` key names, or NULL for "none". */
middlebox *middlebox_new(const scn_values *v, GError **error);
void middlebox_free(middlebox *mb);

static inline bool middlebox_process(middlebox *mb, packet *p, sim_time_t now)
{
	return mb->ops->process(mb->state, p, now);
}

void middlebox_report(const middlebox *mb, report_section *out);

/* Keys of a link direction (and of a link, for both directions). */
extern const char *const middlebox_strip_choices[];
#define MIDDLEBOX_SCENARIO_KEYS                                                                            \
	{ .name = "middlebox", .type = SCN_MODEL, .default_value = "none",                                   \
	  .models = (const void *const *)middlebox_all, .model_kind = "middlebox",                          \
	  .doc = "a device on the direction that changes packets before the queue: strip-mptcp (removes "    \
		 "MPTCP options), rewrite-payload (changes payload bytes)" },                                \
	{ .name = "strip", .type = SCN_CHOICE, .default_value = "syn", .choices = middlebox_strip_choices,    \
	  .doc = "strip-mptcp: which segments lose their MPTCP options: syn (SYNs without ACK), synack, "    \
		 "all" },                                                                                     \
	{ .name = "rewrite_packets", .type = SCN_INT_LIST, .default_value = "20", .min = 1,                   \
	  .doc = "rewrite-payload: which TCP packets carrying data on this direction (1 = the first) get "   \
		 "different payload bytes" }

#endif
