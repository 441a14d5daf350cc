/* registry.c — lookup by name in NULL-terminated ops arrays, with helpful errors. */
#include "registry.h"

#include "error.h"
#include "suggest.h"

#include <string.h>

size_t registry_count(const void *const *all)
{
	size_t n = 0;
	while (all[n])
		n++;
	return n;
}

char *registry_names_joined(const void *const *all, const char *sep)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; all[i]; i++) {
		if (i)
			g_string_append(s, sep);
		g_string_append(s, registry_name(all[i]));
	}
	return g_string_free(s, FALSE);
}

const void *registry_find(const void *const *all, const char *name, const char *what, GError **error)
{
	size_t n = registry_count(all);
	for (size_t i = 0; i < n; i++)
		if (strcmp(registry_name(all[i]), name) == 0)
			return all[i];

	const char **names = g_new(const char *, n + 1);
	for (size_t i = 0; i < n; i++)
		names[i] = registry_name(all[i]);
	const char *closest = suggest_closest(name, names, n);
	g_free(names);
	char *known = registry_names_joined(all, ", ");
	if (closest)
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "unknown %s \"%s\" (did you mean \"%s\"?); known: %s",
			    what, name, closest, known);
	else
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "unknown %s \"%s\"; known: %s", what, name, known);
	g_free(known);
	return NULL;
}
