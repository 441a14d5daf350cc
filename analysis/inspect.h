/* inspect.h — `mptcpsim inspect`: MPTCP in a real capture, decoded and recomputed.
 *
 * The same option codec (protocol/mptcp/options.h) and crypto (protocol/mptcp/crypto.h) that the
 * simulator puts on the wire read a capture from Linux, iOS, tcpdump, Wireshark or the simulator:
 *
 *   - TCP flows (4-tuples, a new SYN starting a new flow) are grouped into MPTCP connections: an
 *     MP_CAPABLE handshake opens one (RFC 8684 §3.1), an MP_JOIN SYN joins the connection whose
 *     token it carries (§3.2); flows with no handshake in the capture, or with a token no
 *     connection has, are left unattributed and say why.
 *   - Tokens and IDSNs are recomputed from the keys (SHA-1 for v0, SHA-256 for v1), MP_JOIN
 *     SYN/ACK and third-ACK HMACs from both keys and both nonces, ADD_ADDR HMACs (v1) from both
 *     keys, DSS checksums (§3.3.1) over the captured payload of whole mappings, even when a
 *     mapping spans several segments.
 *   - The data level: 32-bit DSNs expanded next to the IDSN, DSN ranges covered, reinjections
 *     (the same DSNs mapped on another subflow, or again at other subflow sequence numbers),
 *     DATA_FIN and its acknowledgement, fallbacks (§3.7).
 *   - Every value that does not check out is a problem with its frame number. Problems are
 *     findings: the report is made whatever they are.
 *
 * Use: an_inspect_file() on a pcap/pcapng file; or, packet by packet (the simulator's own segments,
 * a test), an_inspect_new(), an_inspect_ip_packet() per packet, an_inspect_finish(). The report is
 * plain data, printed by an_inspect_print() (text) or an_inspect_to_json() (schema in
 * analysis/INSPECT.md). Memory grows with flows, mappings and events, not with payload bytes. */
#ifndef MPTCPSIM_ANALYSIS_INSPECT_H
#define MPTCPSIM_ANALYSIS_INSPECT_H

#include "addr.h"
#include "mptcp/crypto.h"
#include "pcap_read.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define AN_INSPECT_SCHEMA_NAME "mptcpsim.inspect"
#define AN_INSPECT_SCHEMA_VERSION 1

/* The two ends of an MPTCP connection: the host that sent the MP_CAPABLE SYN, and its peer. */
enum { AN_SIDE_CLIENT = 0, AN_SIDE_SERVER = 1 };

/* A recomputed value against the one on the wire. */
typedef enum an_inspect_check {
	AN_CHECK_NONE = 0, /* nothing to check (no such value, or v0 where the RFC has none) */
	AN_CHECK_OK,
	AN_CHECK_BAD,
	AN_CHECK_UNKNOWN, /* an input (a key, a nonce) is not in the capture */
} an_inspect_check;

/* "none", "ok", "bad", "unchecked". */
const char *an_inspect_check_name(an_inspect_check c);

/* What did not check out. Names (an_inspect_problem_name) are stable: the JSON report uses them. */
typedef enum an_inspect_problem_kind {
	AN_PROB_MALFORMED_PACKET,    /* IP/TCP headers the wire parser rejects (wire_status) */
	AN_PROB_MALFORMED_OPTION,    /* an MPTCP option the codec ignores (mptcp_opt_reason) */
	AN_PROB_IP_CHECKSUM,         /* with an_inspect_options.tcp_checksums only */
	AN_PROB_TCP_CHECKSUM,        /* idem */
	AN_PROB_KEY_MISMATCH,        /* a key echoed in MP_CAPABLE differs from the one sent first */
	AN_PROB_JOIN_UNKNOWN_TOKEN,  /* MP_JOIN SYN with a token of no connection in the capture */
	AN_PROB_JOIN_SYNACK_HMAC,    /* MP_JOIN SYN/ACK truncated HMAC differs from the recomputed one */
	AN_PROB_JOIN_ACK_HMAC,       /* MP_JOIN third-ACK HMAC differs */
	AN_PROB_ADD_ADDR_HMAC,       /* v1 ADD_ADDR HMAC differs */
	AN_PROB_DSS_CHECKSUM,        /* DSS (or MP_CAPABLE data) checksum differs */
	AN_PROB_DSS_CHECKSUM_MISSING,    /* a mapping without checksum where checksums were negotiated */
	AN_PROB_DSS_CHECKSUM_UNEXPECTED, /* a checksum where they were not */
	AN_PROB_MAPPING_CONFLICT,    /* subflow bytes mapped to two different DSNs */
	AN_PROB_UNMAPPED_DATA,       /* payload no mapping covers, after mappings were in use */
	AN_PROB_DATA_FIN_CONFLICT,   /* two DATA_FINs at different DSNs in one direction */
	AN_PROB_FASTCLOSE_KEY,       /* MP_FASTCLOSE carries a key other than the receiver's */
	AN_PROB_MPTCP_ON_PLAIN_FLOW, /* MPTCP options on a flow whose SYN had none */
	AN_PROB_KIND_COUNT
} an_inspect_problem_kind;

const char *an_inspect_problem_name(an_inspect_problem_kind k);

typedef struct an_inspect_problem {
	uint64_t frame;     /* 1-based frame number; 0 when it concerns no single frame */
	uint32_t conn;      /* connection id, 0 for none */
	an_inspect_problem_kind kind;
	char *message;      /* one line, without the frame number */
} an_inspect_problem;

typedef enum an_inspect_flow_kind {
	AN_FLOW_PLAIN,        /* TCP without MPTCP options */
	AN_FLOW_MP_CAPABLE,   /* the initial subflow of a connection */
	AN_FLOW_MP_JOIN,      /* an MP_JOIN subflow of a connection */
	AN_FLOW_JOIN_UNKNOWN, /* MP_JOIN SYN with a token no connection in the capture has */
	AN_FLOW_NO_HANDSHAKE, /* MPTCP options, but the SYN was not captured */
} an_inspect_flow_kind;

/* "plain", "mp_capable", "mp_join", "join_unknown_token", "no_handshake". */
const char *an_inspect_flow_kind_name(an_inspect_flow_kind k);

/* One TCP flow. Index [d] of the per-direction arrays is the TCP direction: 0 from ep[0] (the
 * SYN's sender, or the first packet's when no SYN was captured) to ep[1], 1 back. */
typedef struct an_inspect_flow {
	uint32_t id;             /* 1-based, in order of first packet */
	an_inspect_flow_kind kind;
	net_addr addr[2];
	uint16_t port[2];
	uint32_t conn;           /* connection id, 0 when unattributed */
	uint32_t subflow;        /* 1-based within its connection */
	uint8_t initiator;       /* AN_SIDE_*: the connection end that sent the SYN */
	uint64_t first_frame, last_frame, syn_frame;
	uint64_t packets[2], payload_bytes[2], retransmitted_bytes[2];
	uint64_t fin_frame[2], rst_frame; /* first FIN of each direction, first RST; 0 for none */
	uint64_t mptcp_packets;  /* packets carrying at least one MPTCP option */
	/* Handshake (RFC 8684 §3.1, §3.2) */
	bool synack_seen;
	bool established;        /* SYN/ACK with the matching MPTCP option */
	bool have_addr_id[2];    /* [d]: MP_JOIN address IDs (0 on the initial subflow, §3.4.1) */
	uint8_t addr_id[2];
	bool backup[2];          /* [d]: that end asked for backup (MP_JOIN B, then MP_PRIO) */
	/* MP_JOIN */
	uint32_t token;          /* from the SYN */
	bool have_nonce[2];
	uint32_t nonce[2];       /* [d]: R-A from the SYN, R-B from the SYN/ACK */
	uint64_t thmac, thmac_expected;
	an_inspect_check thmac_check;
	uint8_t hmac[MPTCP_JOIN_HMAC_LEN], hmac_expected[MPTCP_JOIN_HMAC_LEN];
	an_inspect_check hmac_check;
} an_inspect_flow;

typedef enum an_inspect_event_type {
	AN_EV_ADD_ADDR,
	AN_EV_RM_ADDR,
	AN_EV_PRIO,
	AN_EV_FAIL,
	AN_EV_FASTCLOSE,
	AN_EV_TCPRST,
	AN_EV_INFINITE_MAPPING,
} an_inspect_event_type;

/* "ADD_ADDR", "REMOVE_ADDR", "MP_PRIO", "MP_FAIL", "MP_FASTCLOSE", "MP_TCPRST", "infinite-mapping". */
const char *an_inspect_event_name(an_inspect_event_type t);

/* A connection-level signal. Fields belong to the type named in their comment. */
typedef struct an_inspect_event {
	an_inspect_event_type type;
	uint64_t frame;
	uint8_t sender;          /* AN_SIDE_* */
	uint32_t flow;           /* the flow it travelled on */
	/* ADD_ADDR */
	uint8_t addr_id;
	net_addr addr;
	bool has_port;
	uint16_t port;
	bool echo;
	uint64_t hmac, hmac_expected; /* v1, not an echo */
	an_inspect_check hmac_check;
	uint64_t echo_frame;     /* the frame echoing it (0: not seen); for an echo, the frame it echoes */
	/* REMOVE_ADDR */
	uint8_t rm_count, rm_ids[8];
	/* MP_PRIO */
	bool backup;
	bool prio_has_id;        /* v0 */
	uint8_t prio_id;
	/* MP_FAIL; infinite mapping: its DSN */
	uint64_t dsn;
	/* MP_FASTCLOSE */
	uint64_t key;
	an_inspect_check key_check;
	/* MP_TCPRST */
	uint8_t rst_flags, rst_reason;
} an_inspect_event;

typedef struct an_inspect_range {
	uint64_t start, end; /* [start, end) */
} an_inspect_range;

typedef struct an_inspect_reinjection {
	uint64_t frame;
	uint64_t dsn_start, dsn_end;   /* the DSNs carried again */
	uint32_t flow;                 /* where they were carried again */
	uint32_t first_flow;           /* where they were first carried */
	uint64_t first_frame;
} an_inspect_reinjection;

/* The data one end sent, at the connection level. */
typedef struct an_inspect_data {
	bool dsn_exact;          /* every DSN is exact: 64-bit, or expanded next to a known IDSN */
	uint64_t mappings, mapped_bytes;
	GArray *ranges;          /* an_inspect_range: DSNs covered by mappings, merged, ascending */
	GArray *reinjections;    /* an_inspect_reinjection, the first AN_INSPECT_LIST_MAX */
	uint64_t reinjection_count, reinjected_bytes;
	bool have_data_fin;
	uint64_t data_fin_dsn, data_fin_frame, data_fin_ack_frame;
	bool have_data_ack;      /* the peer's highest Data ACK, expanded */
	uint64_t data_ack, data_ack_frame;
	uint64_t csum_ok, csum_bad, csum_not_captured, csum_unverifiable;
	uint64_t unmapped_bytes; /* payload bytes no mapping covered */
} an_inspect_data;

typedef enum an_inspect_conn_state {
	AN_CONN_SYN_SENT,    /* no SYN/ACK in the capture */
	AN_CONN_ESTABLISHED, /* MP_CAPABLE on SYN and SYN/ACK */
	AN_CONN_FALLBACK,    /* RFC 8684 §3.7: it went on as plain TCP (or an infinite mapping) */
} an_inspect_conn_state;

const char *an_inspect_conn_state_name(an_inspect_conn_state s);

/* One end of a connection. */
typedef struct an_inspect_end {
	net_addr addr;           /* on the initial subflow */
	bool have_key;
	uint64_t key;
	uint32_t token;          /* recomputed from the key */
	uint64_t idsn;
	bool csum_requested;     /* MP_CAPABLE A */
	bool deny_join_initial;  /* v1 MP_CAPABLE C */
} an_inspect_end;

typedef struct an_inspect_conn {
	uint32_t id;             /* 1-based, in order of the MP_CAPABLE SYN */
	bool version_known;
	uint8_t version;         /* MPTCP_VERSION_*: the SYN/ACK's, else the SYN's proposal */
	bool csum_known;         /* both MP_CAPABLE flags seen */
	bool csum_on;            /* RFC 8684 §3.1: either end set A */
	an_inspect_end end[2];   /* [AN_SIDE_*] */
	an_inspect_conn_state state;
	const char *fallback_reason; /* static text, NULL unless FALLBACK */
	uint64_t fallback_frame;
	uint64_t first_frame, last_frame;
	GPtrArray *flows;        /* an_inspect_flow *, its subflows, the initial one first */
	GArray *events;          /* an_inspect_event, in frame order, the first AN_INSPECT_LIST_MAX */
	uint64_t event_count;
	an_inspect_data data[2]; /* [AN_SIDE_*]: the data that end sent */
	uint32_t problems;
} an_inspect_conn;

/* Lists that could grow with a hostile capture keep at most this many entries (counts stay exact). */
#define AN_INSPECT_LIST_MAX 1000
#define AN_INSPECT_PROBLEMS_MAX 100000

typedef struct an_inspect_report {
	char *file;
	pcap_file_format format;
	GArray *link_types;      /* uint32_t, as first seen */
	uint64_t packets, tcp_packets;
	uint64_t not_ip, not_tcp, fragments, truncated_headers, malformed;
	uint64_t ip_csum_checked, ip_csum_bad, tcp_csum_checked, tcp_csum_bad;
	GArray *csum_bad_frames; /* uint64_t, the first AN_INSPECT_LIST_MAX frames with a bad IP or TCP checksum */
	bool tcp_checksums;      /* bad IP/TCP checksums counted as problems */
	GPtrArray *conns;        /* an_inspect_conn * */
	GPtrArray *flows;        /* an_inspect_flow *, every TCP flow */
	GArray *problems;        /* an_inspect_problem, in frame order, the first AN_INSPECT_PROBLEMS_MAX */
	uint64_t problem_count;  /* all of them */
	uint64_t problem_counts[AN_PROB_KIND_COUNT];
} an_inspect_report;


typedef struct an_inspect_options {
	/* Count bad IPv4 header and TCP checksums as problems. Off by default: a capture taken on a
	 * sending host with checksum offload holds checksums the NIC had yet to fill in. */
	bool tcp_checksums;
} an_inspect_options;

typedef struct an_inspect an_inspect;

an_inspect *an_inspect_new(const an_inspect_options *opts);
/* One captured IPv4/IPv6 packet: `caplen` bytes at `ip` out of `origlen` on the wire. */
void an_inspect_ip_packet(an_inspect *in, uint64_t frame, const uint8_t *ip, size_t caplen, size_t origlen);
/* A frame without an IP packet (ARP, say): counted, so frame numbers and totals agree. */
void an_inspect_other_packet(an_inspect *in, uint64_t frame);
/* Close the books (pending checksums, ranges) and hand over the report; frees `in`. */
an_inspect_report *an_inspect_finish(an_inspect *in);

/* Read `path` (pcap or pcapng) through the whole pipeline. NULL with a GError (MPSIM_ERR_INPUT or
 * MPSIM_ERR_IO) naming the file and byte offset for an unreadable, truncated or corrupt file or an
 * unsupported link type. */
an_inspect_report *an_inspect_file(const char *path, const an_inspect_options *opts, GError **error);
/* Several captures read as one, merged in timestamp order (as mergecap does; ties keep the file
 * order) and numbered in that order: a host's captures on each of its interfaces hold every subflow
 * of its connections between them. `paths` is NULL-terminated after its `n` entries. */
an_inspect_report *an_inspect_files(const char *const *paths, size_t n, const an_inspect_options *opts, GError **error);

void an_inspect_report_free(an_inspect_report *r);

/* Totals over a report: the text report's summary line and the JSON "summary" object. */
typedef struct an_inspect_summary {
	uint64_t connections, subflows, unattributed_flows, plain_tcp_flows;
	uint64_t join_hmacs_ok, join_hmacs_bad; /* SYN/ACK and third-ACK HMACs together */
	uint64_t dss_checksums_ok, dss_checksums_bad;
	uint64_t problems;
} an_inspect_summary;

void an_inspect_summarize(const an_inspect_report *r, an_inspect_summary *s);

/* Link types the reader sees IP through (pcap_read.h). */
bool an_inspect_link_type_supported(uint32_t linktype);

/* The text report; with `problems_only`, the problems and a one-line summary. */
void an_inspect_print(const an_inspect_report *r, FILE *out, bool problems_only);

/* The JSON report (analysis/INSPECT.md). Free with json_node_unref. */
struct _JsonNode *an_inspect_to_json(const an_inspect_report *r);

#endif
