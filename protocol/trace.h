/* trace.h — the records the protocol engine writes through its env (env.h).
 *
 * Integer values only, so traces are byte-identical on every build. analysis/ turns records into
 * CSV time series and summary metrics; the engine never formats anything itself. */
#ifndef MPTCPSIM_PROTOCOL_TRACE_H
#define MPTCPSIM_PROTOCOL_TRACE_H

#include "simtime.h"

#include <stdint.h>

typedef enum trace_metric {
	TRACE_CWND_BYTES,
	TRACE_SSTHRESH_BYTES,
	TRACE_SRTT_NS,
	TRACE_RTTVAR_NS,
	TRACE_RTO_NS,
	TRACE_BYTES_IN_FLIGHT,
	TRACE_RETRANSMIT_SEQ,   /* value: sequence number retransmitted */
	TRACE_RTO_FIRED,        /* value: backoff count */
	TRACE_BYTES_SENT,       /* value: cumulative bytes sent (subflow or data level) */
	TRACE_BYTES_ACKED,      /* value: cumulative bytes acknowledged */
	TRACE_DATA_SEQ,         /* value: data-level sequence progress */
	TRACE_REINJECT_BYTES,   /* value: bytes reinjected onto another subflow */
	TRACE_STATE,            /* value: a protocol-specific state number */
	TRACE_METRIC_COUNT
} trace_metric;

typedef struct trace_record {
	sim_time_t time;
	uint32_t conn_id;    /* connection (MPTCP: the data-level connection) */
	uint32_t subflow_id; /* 0 for the data level or plain TCP */
	trace_metric metric;
	int64_t value;
} trace_record;

/* Stable column-friendly name of a metric ("cwnd_bytes"). */
const char *trace_metric_name(trace_metric m);

#endif
