/* trace.c — names of trace metrics, used as CSV column and series names. */
#include "trace.h"

const char *trace_metric_name(trace_metric m)
{
	static const char *const names[TRACE_METRIC_COUNT] = {
		[TRACE_CWND_BYTES] = "cwnd_bytes",
		[TRACE_SSTHRESH_BYTES] = "ssthresh_bytes",
		[TRACE_SRTT_NS] = "srtt_ns",
		[TRACE_RTTVAR_NS] = "rttvar_ns",
		[TRACE_RTO_NS] = "rto_ns",
		[TRACE_BYTES_IN_FLIGHT] = "bytes_in_flight",
		[TRACE_RETRANSMIT_SEQ] = "retransmit_seq",
		[TRACE_RTO_FIRED] = "rto_fired",
		[TRACE_BYTES_SENT] = "bytes_sent",
		[TRACE_BYTES_ACKED] = "bytes_acked",
		[TRACE_DATA_SEQ] = "data_seq",
		[TRACE_REINJECT_BYTES] = "reinject_bytes",
		[TRACE_STATE] = "state",
	};
	return (unsigned)m < TRACE_METRIC_COUNT ? names[m] : "unknown";
}
