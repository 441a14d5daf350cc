/* inspect_priv.h — what the parts of `inspect` share and its report does not show.
 *
 * inspect.c reads packets and keeps the flow table; inspect_conn.c follows MP_CAPABLE, MP_JOIN
 * and the connection-level signals; inspect_data.c follows mappings, DSNs and DSS checksums;
 * inspect_ranges.c is the interval map both use. Each engine object begins with the public record
 * the report shows (an_flow with an_inspect_flow, an_conn with an_inspect_conn), so the report
 * holds the same allocations once the engine's own parts are released. */
#ifndef MPTCPSIM_ANALYSIS_INSPECT_PRIV_H
#define MPTCPSIM_ANALYSIS_INSPECT_PRIV_H

#include "inspect.h"
#include "mptcp/options.h"
#include "segment.h"
#include "wire.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- interval map (inspect_ranges.c) ----
 *
 * Disjoint [start, end) ranges of 64-bit positions, each with the flow that carried it, a delta
 * (the DSN minus the subflow sequence number of its mapping) and the frame that brought it.
 * Ranges are only ever added where nothing is yet (an_rangemap_fill), and an added range merges
 * with a neighbour it touches when flow and delta agree, so a transfer on one subflow stays one
 * range. Backed by a GSequence: O(log n) per lookup and insertion. */
typedef struct an_range_val {
	uint32_t flow;
	uint64_t delta;
	uint64_t frame;
} an_range_val;

typedef struct an_rangemap an_rangemap;

an_rangemap *an_rangemap_new(void);
void an_rangemap_free(an_rangemap *m);
/* Called for each stored piece overlapping [start, end), clipped to it, in ascending order. */
typedef void (*an_range_fn)(void *ctx, uint64_t start, uint64_t end, const an_range_val *v);
void an_rangemap_overlaps(const an_rangemap *m, uint64_t start, uint64_t end, an_range_fn fn, void *ctx);
/* Bytes of [start, end) already covered. */
uint64_t an_rangemap_covered(const an_rangemap *m, uint64_t start, uint64_t end);
/* Add the parts of [start, end) not yet covered, with value `v`. */
void an_rangemap_fill(an_rangemap *m, uint64_t start, uint64_t end, const an_range_val *v);
/* The covered positions merged regardless of values, ascending (an_inspect_range). */
GArray *an_rangemap_merged(const an_rangemap *m);

/* ---- engine objects ---- */

/* One pending DSS checksum: a mapping whose payload is being summed as its segments arrive. */
typedef struct an_csum_pending {
	uint64_t frame;          /* of the mapping */
	uint64_t dsn;            /* 64-bit */
	uint32_t ssn;            /* as on the wire */
	uint64_t ssn64;          /* relative subflow sequence number, unwrapped */
	uint16_t data_len;       /* Data-Level Length, a DATA_FIN included */
	uint32_t payload_len;    /* bytes to sum */
	uint16_t csum;
	uint32_t sum;            /* running ones'-complement sum */
	uint32_t covered;        /* bytes summed */
	GArray *done;            /* an_inspect_range, relative to the mapping: what is summed */
	bool missing;            /* a segment of it was cut by the snap length */
} an_csum_pending;

/* One TCP direction of a flow. */
typedef struct an_flowdir {
	bool have_base;
	bool base_is_isn;        /* base came from the SYN (or SYN/ACK): subflow sequence numbers are
				  * relative to it (RFC 8684 §3.3); otherwise it is the first packet's */
	uint32_t base;
	uint64_t rel_last;       /* the highest relative sequence number seen: unwrapping base */
	uint64_t rel_max_end;    /* end of the highest payload byte seen (retransmission detection) */
	bool unmapped_flagged;   /* AN_PROB_UNMAPPED_DATA reported once per direction */
	an_rangemap *ssn_map;    /* subflow sequence space -> DSN (delta = dsn - ssn64) */
	GPtrArray *pending;      /* an_csum_pending * */
} an_flowdir;

typedef struct an_conn an_conn;

typedef struct an_flow {
	an_inspect_flow pub;     /* first: the report's record */
	an_conn *conn;
	an_flowdir dir[2];
	bool syn_mpc;            /* the SYN carried MP_CAPABLE */
	uint8_t syn_version;     /* its version: the proposal a SYN/ACK is read against */
	bool plain_flagged;      /* AN_PROB_MPTCP_ON_PLAIN_FLOW reported once */
} an_flow;

/* One end's data as the engine follows it. */
typedef struct an_conndir {
	bool have_base;          /* last_dsn is a 64-bit DSN */
	bool dsn_guessed;        /* a 32-bit DSN was taken without a base: upper bits unknown */
	uint64_t last_dsn;       /* expansion base for this end's 32-bit DSNs */
	bool have_ack_base;
	uint64_t last_ack;       /* expansion base for the peer's 32-bit Data ACKs of this data */
	bool infinite;           /* an infinite mapping was sent: no more mappings needed */
	an_rangemap *dsn_map;    /* DSN -> the flow and frame that first carried it */
} an_conndir;

struct an_conn {
	an_inspect_conn pub;     /* first: the report's record */
	an_conndir dir[2];       /* [AN_SIDE_*] */
};

struct an_inspect {
	an_inspect_options opts;
	an_inspect_report *report;
	GHashTable *flows;       /* 4-tuple key (g_bytes) -> an_flow *, the newest flow of the tuple */
	GHashTable *tokens;      /* token -> an_conn * whose end has it (newest wins) */
	uint64_t frame;          /* the frame being read */
};

/* ---- shared helpers (inspect.c) ---- */

void G_GNUC_PRINTF(5, 6) an_problem(an_inspect *in, an_conn *c, uint64_t frame, an_inspect_problem_kind kind,
				    const char *fmt, ...);
/* "10.0.0.1:80" or "[fd00::1]:80" into buf (NET_ADDR_STRLEN + 8 bytes). */
const char *an_endpoint_str(const net_addr *a, uint16_t port, char *buf);
#define AN_ENDPOINT_STRLEN (NET_ADDR_STRLEN + 8)
/* The connection end that sent a packet of TCP direction d on flow f. */
static inline uint8_t an_flow_side(const an_flow *f, int d)
{
	return (uint8_t)(d ^ f->pub.initiator);
}

/* ---- connection level (inspect_conn.c) ---- */

/* The MPTCP version to parse a packet of `f` with: the connection's, else a proposal seen. */
uint8_t an_conn_parse_version(const an_flow *f, const segment *s);
/* Handshakes, joins and signals of one packet of `f` in TCP direction `d`. */
void an_conn_packet(an_inspect *in, an_flow *f, int d, const segment *s, const mptcp_options *o);
/* RFC 8684 §3.7: the connection goes on as plain TCP (the first reason is kept). */
void an_conn_fallback(an_conn *c, uint64_t frame, const char *reason);
/* Append a connection-level event (the first AN_INSPECT_LIST_MAX are kept, all are counted). */
void an_conn_event(an_conn *c, const an_inspect_event *ev);

/* ---- data level (inspect_data.c) ---- */

/* A packet of an established subflow: Data ACK, mappings, payload for pending checksums.
 * `payload` holds `captured` of the segment's payload_len bytes. */
void an_data_packet(an_inspect *in, an_flow *f, int d, const segment *s, const uint8_t *payload, uint32_t captured,
		    const mptcp_options *o);
/* The end's key became known: 32-bit DSNs and Data ACKs expand next to its IDSN from now on. */
void an_data_key_known(an_conn *c, uint8_t side);
/* Close the books of a flow (pending checksums) and of a connection (ranges). */
void an_data_finish_flow(an_inspect *in, an_flow *f);
void an_data_finish_conn(an_conn *c);

#endif
