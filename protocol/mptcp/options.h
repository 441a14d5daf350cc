/* options.h — the MPTCP option codec: every TCP option of kind 30, RFC 6824 (v0) and RFC 8684 (v1).
 *
 * Reading: mptcp_opt_parse() walks a segment's option bytes (EOL, NOP and other kinds skipped as
 * Linux's mptcp_get_options() does) and fills ONE flat struct, mptcp_options, plus the bitmask
 * `suboptions` of the well-formed MPTCP options it found (Linux's struct mptcp_options_received).
 * Which form an option may take depends on the segment (SYN, SYN/ACK, payload, RST) and on the
 * connection's version, so the caller passes both in an mptcp_opt_ctx. A malformed option (a
 * length its subtype and flags do not allow, an unacceptable version, a form on the wrong
 * segment, a truncated option) is ignored, never fatal: it is reported with an mptcp_opt_reason
 * that callers count by name. The parser reads no byte outside opts[0..len).
 *
 * Several MPTCP options in one segment are handled as Linux handles them: each is parsed in turn,
 * its bit is set, and a later well-formed option of the same subtype overwrites the fields of an
 * earlier one. (A malformed option changes nothing; Linux sets some DSS flags before it checks the
 * length, which we do not copy.)
 *
 * Writing is two steps, as in Linux: fill an mptcp_options with what to send (zero it first, set
 * the bits and their fields), then mptcp_opt_write() serialises it into a buffer with a space
 * limit. Every option is padded to a multiple of 4 bytes with NOPs where Linux pads (MP_CAPABLE
 * with data 22 -> 24, DSS without checksum, ADD_ADDR with a port, MP_PRIO 3 -> 4, REMOVE_ADDR), so
 * mptcp_opt_len() is what the options cost in the 40-byte option space. Options are written in
 * Linux's order: MP_CAPABLE, MP_JOIN, DSS, ADD_ADDR, MP_FASTCLOSE, MP_FAIL, MP_TCPRST, MP_PRIO,
 * REMOVE_ADDR. Which options may share a segment (RFC 8684, Linux's matrix in mptcp-wire.md §1.10)
 * is the sender's decision, not the codec's. */
#ifndef MPTCPSIM_PROTOCOL_MPTCP_OPTIONS_H
#define MPTCPSIM_PROTOCOL_MPTCP_OPTIONS_H

#include "addr.h"
#include "tcp/tcp_options.h" /* TCPOPT_EOL, TCPOPT_NOP, TCPOPT_MPTCP (RFC 8684 §3: kind 30) */
#include "version.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Subtypes, the high nibble of the third byte (RFC 8684 §7, IANA "MPTCP Option Subtypes"). Names
 * as in Linux net/mptcp/protocol.h. */
enum {
	MPTCPOPT_MP_CAPABLE = 0x0,
	MPTCPOPT_MP_JOIN = 0x1,
	MPTCPOPT_DSS = 0x2,
	MPTCPOPT_ADD_ADDR = 0x3,
	MPTCPOPT_RM_ADDR = 0x4,
	MPTCPOPT_MP_PRIO = 0x5,
	MPTCPOPT_MP_FAIL = 0x6,
	MPTCPOPT_MP_FASTCLOSE = 0x7,
	MPTCPOPT_RST = 0x8, /* MP_TCPRST, v1 only (RFC 8684 §3.6) */
	MPTCPOPT_MP_EXPERIMENTAL = 0xf,
};
/* In a report: no subtype (the option was too short to carry one, or was not an MPTCP option). */
#define MPTCP_SUBTYPE_NONE 0xff

/* Option lengths (Linux TCPOLEN_MPTCP_*, mptcp-wire.md §1.0), v1 unless marked V0. */
enum {
	TCPOLEN_MPTCP_MPC_SYN = 4,
	TCPOLEN_MPTCP_MPC_SYNACK = 12,
	TCPOLEN_MPTCP_MPC_ACK = 20,
	TCPOLEN_MPTCP_MPC_ACK_DATA = 22,
	TCPOLEN_MPTCP_MPC_ACK_DATA_CSUM = 24,
	TCPOLEN_MPTCP_MPC_SYN_V0 = 12, /* RFC 6824 §3.1: the SYN carries the sender's key */
	TCPOLEN_MPTCP_MPJ_SYN = 12,
	TCPOLEN_MPTCP_MPJ_SYNACK = 16,
	TCPOLEN_MPTCP_MPJ_ACK = 24,
	TCPOLEN_MPTCP_DSS_BASE = 4,
	TCPOLEN_MPTCP_DSS_ACK32 = 4,
	TCPOLEN_MPTCP_DSS_ACK64 = 8,
	TCPOLEN_MPTCP_DSS_MAP32 = 10,
	TCPOLEN_MPTCP_DSS_MAP64 = 14,
	TCPOLEN_MPTCP_DSS_CHECKSUM = 2,
	TCPOLEN_MPTCP_ADD_ADDR = 16,
	TCPOLEN_MPTCP_ADD_ADDR_PORT = 18,
	TCPOLEN_MPTCP_ADD_ADDR_BASE = 8,
	TCPOLEN_MPTCP_ADD_ADDR_BASE_PORT = 10,
	TCPOLEN_MPTCP_ADD_ADDR6 = 28,
	TCPOLEN_MPTCP_ADD_ADDR6_PORT = 30,
	TCPOLEN_MPTCP_ADD_ADDR6_BASE = 20,
	TCPOLEN_MPTCP_ADD_ADDR6_BASE_PORT = 22,
	TCPOLEN_MPTCP_PORT_LEN = 2,
	TCPOLEN_MPTCP_RM_ADDR_BASE = 3,
	TCPOLEN_MPTCP_PRIO = 3,
	TCPOLEN_MPTCP_PRIO_ALIGN = 4,
	TCPOLEN_MPTCP_PRIO_V0_ADDRID = 4, /* RFC 6824 §3.3.8: MP_PRIO with its optional AddrID */
	TCPOLEN_MPTCP_FASTCLOSE = 12,
	TCPOLEN_MPTCP_RST = 4,
	TCPOLEN_MPTCP_FAIL = 12,
};

/* MP_CAPABLE flags (RFC 8684 §3.1, Figure 4; Linux MPTCP_CAP_*). */
enum {
	MPTCP_CAP_CHECKSUM_REQD = 0x80, /* A */
	MPTCP_CAP_EXTENSIBILITY = 0x40, /* B: must be 0 */
	MPTCP_CAP_DENY_JOIN_ID0 = 0x20, /* C, v1 only; a crypto-algorithm bit in v0 */
	MPTCP_CAP_HMAC_SHA256 = 0x01,   /* H (HMAC-SHA1 in v0) */
	MPTCP_CAP_FLAG_MASK = 0x1f,     /* D..H: the algorithm bits of v1 */
	MPTCP_CAP_FLAG_MASK_V0 = 0x3f,  /* C..H: the algorithm bits of v0 (RFC 6824 §3.1) */
};
#define MPTCP_VERSION_MASK 0x0f

/* MP_JOIN and MP_PRIO backup bit, ADD_ADDR echo bit, MP_TCPRST transient bit: bit 0 of the nibble. */
#define MPTCPOPT_BACKUP 0x01
#define MPTCP_PRIO_BKUP 0x01
#define MPTCP_ADDR_ECHO 0x01
#define MPTCP_RST_TRANSIENT 0x01
/* v0 ADD_ADDR IPVer nibble (RFC 6824 §3.4.1). */
#define MPTCP_ADDR_IPVERSION_4 4
#define MPTCP_ADDR_IPVERSION_6 6

/* DSS flags (RFC 8684 §3.3, Figure 9; Linux MPTCP_DSS_*). */
enum {
	MPTCP_DSS_HAS_ACK = 0x01,  /* A */
	MPTCP_DSS_ACK64 = 0x02,    /* a */
	MPTCP_DSS_HAS_MAP = 0x04,  /* M */
	MPTCP_DSS_DSN64 = 0x08,    /* m */
	MPTCP_DSS_DATA_FIN = 0x10, /* F */
	MPTCP_DSS_FLAG_MASK = 0x1f,
};

/* The HMAC field of the MP_JOIN third ACK: 160 bits (RFC 8684 §3.2). */
#define MPTCPOPT_HMAC_LEN 20
/* REMOVE_ADDR carries at most this many IDs here, as in Linux (MPTCP_RM_IDS_MAX). */
#define MPTCP_RM_IDS_MAX 8

/* MP_TCPRST reason codes (RFC 8684 §3.6; Linux uapi MPTCP_RST_*). */
enum {
	MPTCP_RST_EUNSPEC = 0x00,
	MPTCP_RST_EMPTCP = 0x01,
	MPTCP_RST_ERESOURCE = 0x02,
	MPTCP_RST_EPROHIBIT = 0x03,
	MPTCP_RST_EWQ2BIG = 0x04,
	MPTCP_RST_EBADPERF = 0x05,
	MPTCP_RST_EMIDDLEBOX = 0x06,
};

/* Bits of mptcp_options.suboptions: which well-formed options were found / are to be written. */
enum {
	MPTCP_OPT_MPC_SYN = 1u << 0,
	MPTCP_OPT_MPC_SYNACK = 1u << 1,
	MPTCP_OPT_MPC_ACK = 1u << 2, /* third ACK, or (v1) the first data segment: see mpc_has_data */
	MPTCP_OPT_MPJ_SYN = 1u << 3,
	MPTCP_OPT_MPJ_SYNACK = 1u << 4,
	MPTCP_OPT_MPJ_ACK = 1u << 5,
	MPTCP_OPT_DSS = 1u << 6,
	MPTCP_OPT_ADD_ADDR = 1u << 7,
	MPTCP_OPT_RM_ADDR = 1u << 8,
	MPTCP_OPT_PRIO = 1u << 9,
	MPTCP_OPT_FAIL = 1u << 10,
	MPTCP_OPT_FASTCLOSE = 1u << 11,
	MPTCP_OPT_RST = 1u << 12,
	MPTCP_OPT_ALL = (1u << 13) - 1,
};
#define MPTCP_OPT_MPC (MPTCP_OPT_MPC_SYN | MPTCP_OPT_MPC_SYNACK | MPTCP_OPT_MPC_ACK)
#define MPTCP_OPT_MPJ (MPTCP_OPT_MPJ_SYN | MPTCP_OPT_MPJ_SYNACK | MPTCP_OPT_MPJ_ACK)

/* The flat option set. Fields belong to the suboption named in their comment and mean nothing
 * when its bit is clear (the parser leaves them zero). All values in host order. */
typedef struct mptcp_options {
	uint32_t suboptions; /* MPTCP_OPT_* */
	/* The connection's version (MPTCP_VERSION_*; from the parse context): chooses the v0 or v1
	 * forms of ADD_ADDR and MP_PRIO on writing. */
	uint8_t version;

	/* MP_CAPABLE */
	uint8_t mpc_version;    /* its own version field: on a SYN, the proposal; chooses its forms */
	uint8_t mpc_flags;      /* A B C D E F G H as on the wire: MPTCP_CAP_* */
	uint64_t sndr_key;      /* SYN (v0), SYN/ACK, ACK */
	uint64_t rcvr_key;      /* ACK */
	bool mpc_has_data;      /* ACK with Data-Level Length (v1: 22, or 24 with checksum) */
	bool mpc_has_csum;      /* ... and a checksum (24) */
	uint16_t mpc_data_len;
	uint16_t mpc_csum;

	/* MP_JOIN */
	bool join_backup;       /* SYN, SYN/ACK */
	uint8_t join_id;        /* SYN, SYN/ACK: address ID */
	uint32_t token;         /* SYN: receiver's token */
	uint32_t nonce;         /* SYN, SYN/ACK: sender's random number */
	uint64_t thmac;         /* SYN/ACK: sender's truncated HMAC (leftmost 64 bits) */
	uint8_t hmac[MPTCPOPT_HMAC_LEN]; /* ACK: sender's HMAC (leftmost 160 bits) */

	/* DSS */
	uint8_t dss_flags;      /* MPTCP_DSS_*: also says which fields below are present and their widths */
	uint64_t data_ack;      /* 32-bit on the wire unless MPTCP_DSS_ACK64: then as received, not expanded */
	uint64_t data_seq;      /* 32-bit on the wire unless MPTCP_DSS_DSN64: idem */
	uint32_t subflow_seq;   /* relative to the subflow ISN */
	uint16_t data_len;      /* data-level length; 0 is the infinite mapping */
	bool dss_has_csum;      /* the mapping carries a checksum (only with MPTCP_DSS_HAS_MAP) */
	uint16_t csum;

	/* ADD_ADDR */
	bool add_addr_echo;     /* v1 E bit; an echo carries no HMAC. Always false in v0 */
	uint8_t add_addr_id;
	net_addr add_addr;      /* family NET_AF_INET or NET_AF_INET6 */
	bool add_addr_has_port;
	uint16_t add_addr_port;
	uint64_t add_addr_hmac; /* v1 without echo: truncated HMAC (crypto.h) */

	/* REMOVE_ADDR */
	uint8_t rm_count;       /* 1..MPTCP_RM_IDS_MAX */
	uint8_t rm_ids[MPTCP_RM_IDS_MAX];

	/* MP_PRIO */
	bool prio_backup;
	bool prio_has_id;       /* v0 only: RFC 8684 §5 removed the AddrID */
	uint8_t prio_id;

	/* MP_FAIL */
	uint64_t fail_seq;      /* 64-bit DSN */

	/* MP_FASTCLOSE */
	uint64_t fastclose_key; /* Option Receiver's Key: the key of the host being closed */

	/* MP_TCPRST */
	uint8_t reset_flags;    /* U V W T nibble: MPTCP_RST_TRANSIENT is T */
	uint8_t reset_reason;   /* MPTCP_RST_* */
} mptcp_options;

/* What the parser needs to know about the segment and the connection. */
typedef struct mptcp_opt_ctx {
	/* MPTCP_VERSION_0 or _1: the connection's version, or on a SYN/ACK the version the initiator
	 * proposed (RFC 8684 §3.1: the answer must be equal or lower). Ignored for MP_CAPABLE on a
	 * SYN, whose own version field decides its form. Decides the v0/v1 forms of ADD_ADDR and
	 * MP_PRIO, which cannot be told apart by their bytes (mptcp-wire.md §1.4), and whether
	 * MP_TCPRST exists. */
	uint8_t version;
	uint8_t tcp_flags;    /* TCP_FLAG_* (segment.h) of the segment */
	uint32_t payload_len; /* its payload bytes: MP_CAPABLE's third ACK with or without data */
} mptcp_opt_ctx;

/* Why an option was ignored. No Linux MIB counts these (Linux drops them silently), so the names
 * follow wire_status_name()'s style; mptcp_opt_rx_mib_name() names the counters Linux does keep. */
typedef enum mptcp_opt_reason {
	MPTCP_OPT_OK = 0,
	MPTCP_OPT_ERR_TCP_OPTION, /* a TCP option with length < 2 or running past the option bytes:
				   * the walk stops there (RFC 9293 §3.2; Linux "silly options") */
	MPTCP_OPT_ERR_LENGTH,     /* no form of the subtype, in this version and with these flags, has this length */
	MPTCP_OPT_ERR_SEGMENT,    /* a form of the subtype, but not for this segment (SYN, SYN/ACK, ACK,
				   * payload, RST) */
	MPTCP_OPT_ERR_VERSION,    /* MP_CAPABLE version not acceptable; MP_TCPRST in a v0 connection */
	MPTCP_OPT_ERR_FLAGS,      /* MP_CAPABLE with B set, or not proposing exactly HMAC (H) */
	MPTCP_OPT_ERR_IP_VERSION, /* v0 ADD_ADDR whose IPVer does not match its length */
	MPTCP_OPT_ERR_SUBTYPE,    /* unknown subtype, or MP_EXPERIMENTAL */
	MPTCP_OPT_REASON_COUNT
} mptcp_opt_reason;

const char *mptcp_opt_reason_name(mptcp_opt_reason r);

/* A segment's 40 option bytes hold at most 20 options (2 bytes each at least). */
#define MPTCP_OPT_BAD_MAX 20

/* Everything the parser ignored, for counting. */
typedef struct mptcp_opt_report {
	uint32_t n_mptcp; /* MPTCP options seen, well-formed or not */
	uint32_t n_bad;   /* of which ignored (all counted; the first MPTCP_OPT_BAD_MAX are listed) */
	struct {
		uint32_t offset;         /* of the option's kind byte in opts[] */
		uint8_t subtype;         /* MPTCPOPT_* or MPTCP_SUBTYPE_NONE */
		mptcp_opt_reason reason;
	} bad[MPTCP_OPT_BAD_MAX];
} mptcp_opt_report;

/* Parse the option bytes of one segment (the TCP options field, `len` bytes). `out` is zeroed then
 * filled; `report` may be NULL. Returns the reason of the first ignored option, MPTCP_OPT_OK when
 * every MPTCP option was well-formed. */
mptcp_opt_reason mptcp_opt_parse(const uint8_t *opts, size_t len, const mptcp_opt_ctx *ctx, mptcp_options *out,
				 mptcp_opt_report *report);

/* The Length field mptcp_opt_write() gives the option named by `bit` (one MPTCP_OPT_* bit), without
 * padding; 0 when the bit is clear in o->suboptions. */
uint8_t mptcp_opt_wire_len(const mptcp_options *o, uint32_t bit);

/* The Length of a DSS option with these MPTCP_DSS_* flags: RFC 8684 §3.3, 4 + {0, 4, 8} (Data ACK)
 * + {0, 10, 14} (mapping) + 2 when a mapping carries a checksum (`csum` counts only with a mapping). */
uint8_t mptcp_dss_len(uint8_t dss_flags, bool csum);

/* Bytes mptcp_opt_write() needs for the whole set, NOP padding included (a multiple of 4). */
size_t mptcp_opt_len(const mptcp_options *o);

/* Serialise `o` into buf[0..space): returns the bytes written, mptcp_opt_len(o). When that exceeds
 * `space` nothing is written and 0 is returned. Programmer errors (asserted): a REMOVE_ADDR without
 * IDs or with more than MPTCP_RM_IDS_MAX, an ADD_ADDR whose address is neither IPv4 nor IPv6. */
size_t mptcp_opt_write(const mptcp_options *o, uint8_t *buf, size_t space);

/* True when both sets have the same bits, version and the same values in every field those bits
 * give meaning to (fields of absent options, and absent optional fields, are not compared). */
bool mptcp_options_equal(const mptcp_options *a, const mptcp_options *b);

/* "MP_CAPABLE", "DSS", ... for a subtype; "unknown" otherwise. */
const char *mptcp_subtype_name(uint8_t subtype);
/* "MP_CAPABLE SYN", "MP_JOIN ACK", "DSS", ... for one MPTCP_OPT_* bit. */
const char *mptcp_opt_name(uint32_t bit);
/* The Linux MIB counter (nstat MPTcpExt*) that counts the receipt of the option named by `bit` in
 * `o` ("MPCapableSYNRX", "MPJoinAckRx", "AddAddr" or "EchoAdd", ...); NULL where Linux keeps none
 * (DSS). */
const char *mptcp_opt_rx_mib_name(const mptcp_options *o, uint32_t bit);
/* "unspecified error", ... for an MP_TCPRST reason code (RFC 8684 §3.6); "unknown" otherwise. */
const char *mptcp_rst_reason_name(uint8_t reason);

/* Expand a 32-bit data sequence number or data ACK from the wire to 64 bits, next to the last
 * known 64-bit value `old_seq`, wrapping forwards or backwards as Linux's __mptcp_expand_seq(). */
uint64_t mptcp_expand_seq(uint64_t old_seq, uint32_t cur_seq32);

#endif
