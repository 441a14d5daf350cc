/* tcp_scenario.c — scenario values → tcp_config. */
#include "tcp_scenario.h"

void tcp_config_from_values(tcp_config *cfg, const scn_values *v)
{
	tcp_config_default(cfg);
	cfg->cc_name = scn_values_string(v, "cc");
	cfg->mss_bytes = (uint32_t)scn_values_int(v, "mss");
	cfg->rcvbuf_bytes = (uint32_t)scn_values_int(v, "rcvbuf");
	cfg->rcvbuf_autotune = scn_values_bool(v, "rcvbuf_autotune");
	cfg->sndbuf_bytes = (uint32_t)scn_values_int(v, "sndbuf");
	cfg->delack_ns = scn_values_time(v, "delack");
	cfg->delack_segments = (uint32_t)scn_values_int(v, "delack_segments");
	cfg->rto_initial_ns = scn_values_time(v, "initial_rto");
	cfg->rto_min_ns = scn_values_time(v, "min_rto");
	cfg->initial_cwnd_segments = (uint32_t)scn_values_int(v, "initial_cwnd");
	cfg->sack = scn_values_bool(v, "sack");
	cfg->timestamps = scn_values_bool(v, "timestamps");
	cfg->window_scale = scn_values_bool(v, "window_scale");
	cfg->nagle = scn_values_bool(v, "nagle");
	cfg->pacing = scn_values_bool(v, "pacing");
	cfg->time_wait_ns = scn_values_time(v, "time_wait");
}
