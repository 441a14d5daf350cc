/* registry.h — find an ops table by name.
 *
 * Every pluggable part (loss model, congestion control, scheduler, path manager, workload) is a
 * const struct whose FIRST member is `const char *name`, listed in a NULL-terminated `*_all[]`
 * array. registry_find() looks a name up in such an array and, when it is unknown, fills a GError
 * that lists every known name and suggests the closest one. */
#ifndef MPTCPSIM_BASE_REGISTRY_H
#define MPTCPSIM_BASE_REGISTRY_H

#include <glib.h>

/* `all` is the NULL-terminated array of ops pointers; `what` names the kind ("loss model"). */
const void *registry_find(const void *const *all, const char *name, const char *what, GError **error);

/* The name of an ops table (its first member). */
static inline const char *registry_name(const void *ops)
{
	return *(const char *const *)ops;
}

size_t registry_count(const void *const *all);

/* "a, b, c" — for messages and `mptcpsim list`. Caller frees. */
char *registry_names_joined(const void *const *all, const char *sep);

#endif
