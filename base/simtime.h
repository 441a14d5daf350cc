/* simtime.h — simulated time: int64 nanoseconds, never floating point (DESIGN.md, determinism).
 *
 * Every time and duration in mptcpsim is a sim_time_t. Build values with the unit macros
 * (SIM_MS(20)), convert for display only with sim_time_to_seconds(). */
#ifndef MPTCPSIM_BASE_SIMTIME_H
#define MPTCPSIM_BASE_SIMTIME_H

#include <stdint.h>

typedef int64_t sim_time_t;

#define SIM_TIME_NEVER INT64_MAX

#define SIM_NS(x) ((sim_time_t)(x))
#define SIM_US(x) ((sim_time_t)(x) * INT64_C(1000))
#define SIM_MS(x) ((sim_time_t)(x) * INT64_C(1000000))
#define SIM_S(x) ((sim_time_t)(x) * INT64_C(1000000000))

#define SIM_NS_PER_S INT64_C(1000000000)

/* For reports and plots only; never feed the result back into the simulation. */
static inline double sim_time_to_seconds(sim_time_t t)
{
	return (double)t / 1e9;
}

static inline double sim_time_to_ms(sim_time_t t)
{
	return (double)t / 1e6;
}

#endif
