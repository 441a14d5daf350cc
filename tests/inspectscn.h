/* inspectscn.h — test helper: MPTCP captures built segment by segment with the codec's writer and
 * the crypto, written by the simulator's pcap writer (sim/pcap.h: raw IP, nanosecond timestamps),
 * for `inspect` to read (unit_inspect.c, conformance_inspect.c).
 *
 * mcap_emit*() put one TCP segment of a flow on the wire with the given MPTCP options; payload
 * bytes are the reference pattern of the sender's stream, at offset DSN - (IDSN + 1), so that
 * mcap_mapping() can compute the checksum a mapping must carry. mcap_write_scenario() writes the
 * whole scenario of unit_inspect.c, clean or with one value broken. */
#ifndef MPTCPSIM_TESTS_INSPECTSCN_H
#define MPTCPSIM_TESTS_INSPECTSCN_H

#include "mptcp/options.h"
#include "pcap.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct mcap {
	pcap_writer *w;
	sim_time_t now;
	uint64_t frames;
} mcap;

/* A TCP flow between a client and a server end. */
typedef struct mcap_flow {
	net_addr c, s;
	uint16_t cport, sport;
	uint32_t isn[2];  /* [0] client, [1] server */
	uint32_t next[2]; /* next sequence number to send */
} mcap_flow;

/* Client data lives in payload stream 1, server data in stream 2, at offset DSN - (IDSN + 1). */
enum { MCAP_CLIENT_STREAM = 1, MCAP_SERVER_STREAM = 2 };

#define MCAP_ACK TCP_FLAG_ACK
#define MCAP_SYN TCP_FLAG_SYN
#define MCAP_PSH (TCP_FLAG_PSH | TCP_FLAG_ACK)

/* The scenario's keys (connection 1, connection 2) and join nonces. */
#define MCAP_KA UINT64_C(0x1fdb5df328bc3def)
#define MCAP_KB UINT64_C(0x29a6c86981ad933c)
#define MCAP_KA2 UINT64_C(0x0123456789abcdef)
#define MCAP_KB2 UINT64_C(0xfedcba9876543210)
#define MCAP_RA 0x11223344u
#define MCAP_RB 0x55667788u

/* What to break in the scenario: each breaks one value, and must give one problem. */
typedef enum mcap_mutation {
	MCAP_MUT_NONE,
	MCAP_MUT_SYNACK_HMAC,
	MCAP_MUT_ACK_HMAC,
	MCAP_MUT_ADD_ADDR_HMAC,
	MCAP_MUT_ADD_ADDR_LEFTMOST,
	MCAP_MUT_MPC_CSUM,
	MCAP_MUT_DSS_CSUM,
	MCAP_MUT_ECHOED_KEY,
	MCAP_MUT_CSUM_MISSING,
	MCAP_MUT_CSUM_UNEXPECTED,
	MCAP_MUT_MAPPING_CONFLICT,
	MCAP_MUT_DATA_FIN_CONFLICT,
	MCAP_MUT_FASTCLOSE_KEY,
	MCAP_MUT_UNMAPPED,
	MCAP_MUT_PLAIN_WITH_DSS,
	MCAP_MUT_MALFORMED,
	MCAP_MUT_JOIN_TOKEN,
	MCAP_MUT_COUNT
} mcap_mutation;

/* Frames of the clean scenario that its report must name, filled in while writing it. */
typedef struct mcap_expect {
	uint64_t join_syn, reinject, c_fin, s_fin, s_fin_ack, c_fin_ack, echo, add4, infinite;
} mcap_expect;

mcap_flow mcap_flow_make(net_addr c, uint16_t cport, net_addr s, uint16_t sport, uint32_t cisn, uint32_t sisn);

/* One segment of `f` (from the server when `from_server`) with these TCP option bytes. `rel` is its
 * relative sequence number (ISN + rel); -1 sends at the next one and advances it. `off` is the
 * payload's offset in the sender's stream. Returns the frame number. */
uint64_t mcap_emit_bytes(mcap *k, mcap_flow *f, int from_server, uint8_t flags, int64_t rel, uint32_t len, uint64_t off,
			 const uint8_t *opt, size_t opt_len);
/* The same with `o` serialised by the codec (NULL: no options). */
uint64_t mcap_emit_at(mcap *k, mcap_flow *f, int from_server, uint8_t flags, int64_t rel, uint32_t len, uint64_t off,
		      const mptcp_options *o);
uint64_t mcap_emit(mcap *k, mcap_flow *f, int from_server, uint8_t flags, uint32_t len, uint64_t off,
		   const mptcp_options *o);

/* A v1 DSS with these flags and nothing else set. */
mptcp_options mcap_dss(uint8_t flags);
/* A DSS with a 64-bit Data ACK and a 64-bit mapping of `len` bytes of `stream` at DSN `dsn` (the
 * sender's IDSN given), with the RFC 8684 §3.3.1 checksum when `csum`. */
mptcp_options mcap_mapping(uint64_t idsn, uint64_t dsn, uint32_t ssn, uint16_t len, bool fin, int stream, bool csum,
			   uint64_t ack);
mptcp_options mcap_data_ack(uint64_t ack);

/* The scenario of unit_inspect.c, written to `path` with snap length `snaplen` (0: whole). */
void mcap_write_scenario(const char *path, mcap_mutation mut, uint32_t snaplen, mcap_expect *ex);

#endif
