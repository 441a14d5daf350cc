/* suggest.h — "did you mean" for misspelled names (keys, groups, models).
 *
 * suggest_closest() returns the candidate with the smallest edit distance to `word`, or NULL when
 * nothing is close enough to be a plausible typo. */
#ifndef MPTCPSIM_BASE_SUGGEST_H
#define MPTCPSIM_BASE_SUGGEST_H

#include <stddef.h>

size_t suggest_edit_distance(const char *a, const char *b);
const char *suggest_closest(const char *word, const char *const *candidates, size_t n_candidates);

#endif
