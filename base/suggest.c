/* suggest.c — Damerau-free Levenshtein distance and the closest-name helper behind "did you mean". */
#include "suggest.h"

#include <glib.h>
#include <string.h>

size_t suggest_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	/* Names are short; cap the work so a 1 MB garbage line cannot make this quadratic-slow. */
	if (la > 256 || lb > 256)
		return la > lb ? la : lb;
	size_t *row = g_new(size_t, lb + 1);
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 1]) ? 0 : 1;
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[lb];
	g_free(row);
	return d;
}

const char *suggest_closest(const char *word, const char *const *candidates, size_t n_candidates)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	for (size_t i = 0; i < n_candidates; i++) {
		size_t d = suggest_edit_distance(word, candidates[i]);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	/* A plausible typo: at most a third of the word's letters changed (and at least one allowed). */
	size_t limit = strlen(word) / 3 + 1;
	return best && best_d <= limit ? best : NULL;
}
