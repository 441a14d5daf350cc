/* sched_util.c — the choices several schedulers make alike (sched.h). */
#include "sched.h"

bool sched_any_primary(const sched_subflow *sfs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (sfs[i].active && !sfs[i].backup)
			return true;
	return false;
}

int sched_lowest_rtt(const sched_subflow *sfs, size_t n, bool backup, bool need_room, uint64_t bytes)
{
	int best = -1;
	for (size_t i = 0; i < n; i++) {
		const sched_subflow *s = &sfs[i];
		if (!s->active || s->backup != backup || (need_room && !sched_subflow_has_room(s, bytes)))
			continue;
		if (best < 0 || s->srtt_ns < sfs[best].srtt_ns ||
		    (s->srtt_ns == sfs[best].srtt_ns && s->id < sfs[best].id))
			best = (int)i;
	}
	return best;
}
