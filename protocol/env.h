/* env.h — the protocol engine's only window on the world (DESIGN.md, protocol engine).
 *
 * protocol/ never includes sim/. Time comes in as the `now` argument of every entry point; each
 * connection reports its next deadline and the host adapter keeps one event for it. Everything
 * that leaves the engine goes through these three calls. Tests implement them with a fake env
 * that captures segments; the simulator's host adapter (sim/) implements them with links. */
#ifndef MPTCPSIM_PROTOCOL_ENV_H
#define MPTCPSIM_PROTOCOL_ENV_H

#include "segment.h"
#include "trace.h"

#include <stdint.h>

typedef struct proto_env {
	void *ctx;
	/* Hand a segment to the network at `now`. The engine keeps no reference to `seg`. */
	void (*emit)(void *ctx, const segment *seg, sim_time_t now);
	/* A 64-bit random number from the stream this env was given (keys, ISNs, nonces). */
	uint64_t (*random_u64)(void *ctx);
	/* Record a trace sample; may be NULL when nobody listens. */
	void (*trace)(void *ctx, const trace_record *rec);
} proto_env;

static inline void proto_env_trace(const proto_env *env, sim_time_t now, uint32_t conn_id, uint32_t subflow_id,
				   trace_metric metric, int64_t value)
{
	if (env->trace) {
		trace_record r = { .time = now, .conn_id = conn_id, .subflow_id = subflow_id, .metric = metric,
				   .value = value };
		env->trace(env->ctx, &r);
	}
}

#endif
