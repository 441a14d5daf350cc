/* workload_registry.c — every workload model, found by name (registry.h). */
#include "workload.h"

extern const workload_ops workload_cbr, workload_echo, workload_bulk, workload_reqresp,
	workload_siri, workload_interactive, workload_streaming,
	workload_web;

const workload_ops *const workloads_all[] = {
	&workload_cbr,
	&workload_echo,
	&workload_bulk,
	&workload_reqresp,
	&workload_siri,
	&workload_interactive,
	&workload_streaming,
	&workload_web,
	NULL,
};
