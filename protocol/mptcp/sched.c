/* sched.c — the list of built-in schedulers (sched.h); each one is its own sched_*.c file. */
#include "sched.h"

const sched_ops *const sched_all[] = {
	&sched_minrtt,
	&sched_roundrobin,
	&sched_handover,
	&sched_interactive,
	&sched_redundant,
	&sched_blest,
	&sched_ecf,
	NULL,
};
