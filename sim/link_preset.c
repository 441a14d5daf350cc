/* link_preset.c — every link preset, found by name (registry.h), and value lookup. `none` gives
 * nothing: the schema's defaults apply. */
#include "link_preset.h"

#include <stddef.h>
#include <string.h>

extern const link_preset link_preset_wifi, link_preset_lte, link_preset_3g;

static const char *const no_values[] = { NULL };

static const link_preset link_preset_none = {
	.name = "none",
	.summary = "no preset: every key has the schema's default",
	.source = "",
	.up = no_values,
	.down = no_values,
};

const link_preset *const link_presets_all[] = {
	&link_preset_none,
	&link_preset_wifi,
	&link_preset_lte,
	&link_preset_3g,
	NULL,
};

static const char *lookup(const char *const *kv, const char *key)
{
	size_t n = strlen(key);
	for (; *kv; kv++)
		if (strncmp(*kv, key, n) == 0 && (*kv)[n] == '=')
			return *kv + n + 1;
	return NULL;
}

const char *link_preset_value(const link_preset *p, const char *dir, const char *key)
{
	if (!p)
		return NULL;
	if (dir)
		return lookup(strcmp(dir, "up") == 0 ? p->up : p->down, key);
	const char *up = lookup(p->up, key), *down = lookup(p->down, key);
	return up && down && strcmp(up, down) == 0 ? up : NULL;
}
