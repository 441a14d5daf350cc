/* link_preset.h — named link characteristics (`preset = wifi` in [link.NAME]).
 *
 * A preset gives each direction of a link default values for its keys — rate, delay, queue, loss
 * model and the model's keys — as "key=value" text, parsed and validated like values written in
 * the file; any key the file gives (in the link or in a direction) wins over the preset. Up is the
 * direction from the link's `a` to its `b` (the device's uplink when `a` is the device), so an
 * asymmetric access link is one preset. Each preset names its source; scenarios/README.md lists
 * every value (generated from these tables, scn_doc.c). Adding a preset is adding one file that
 * ends with its `const link_preset` and listing it in link_presets_all[] (link_preset.c). */
#ifndef MPTCPSIM_SIM_LINK_PRESET_H
#define MPTCPSIM_SIM_LINK_PRESET_H

#include <stddef.h>

typedef struct link_preset {
	const char *name;
	const char *summary;        /* one line for `mptcpsim list` */
	const char *source;         /* where the values come from */
	const char *const *up;      /* "key=value", NULL-terminated */
	const char *const *down;
} link_preset;

extern const link_preset *const link_presets_all[];

/* The text `p` gives `key` in direction `dir` ("up" or "down"), or when `dir` is NULL the text both
 * directions give alike; NULL when it gives none (or, for NULL, the directions differ). */
const char *link_preset_value(const link_preset *p, const char *dir, const char *key);

#endif
