/* workload_registry.c — every workload model, found by name (registry.h). */
#include "workload.h"

const workload_ops *const workloads_all[] = {
	NULL,
};
