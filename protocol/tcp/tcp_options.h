/* tcp_options.h — TCP option bytes: parse into a flat struct, write from one.
 *
 * Handles End of Option List, NOP, MSS (RFC 9293 §3.2), Window Scale and Timestamps (RFC 7323),
 * SACK-Permitted and SACK (RFC 2018). Other kinds (MPTCP's 30 among them) are skipped by their
 * length and left to whoever reads the raw bytes (the connection's extension, tcp.h).
 *
 * Parsing walks a cursor against an end pointer and never reads past it. A malformed option is not
 * an error return: it is ignored and counted in `n_malformed` (CONVENTIONS.md, Errors). A length
 * byte that is missing, below 2 or running past the end stops the walk, since nothing after it can
 * be delimited; a known kind with the wrong length for its kind is skipped by its length.
 *
 * Writing lays options out as Linux does, each group 4-byte aligned with NOPs:
 * MSS | SACK-Permitted+Timestamps (or NOP NOP + either) | NOP+Window Scale | NOP NOP+SACK. */
#ifndef MPTCPSIM_PROTOCOL_TCP_OPTIONS_H
#define MPTCPSIM_PROTOCOL_TCP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Option kinds (IANA "TCP Option Kind Numbers"). */
enum {
	TCPOPT_EOL = 0,
	TCPOPT_NOP = 1,
	TCPOPT_MSS = 2,
	TCPOPT_WINDOW = 3,
	TCPOPT_SACK_PERMITTED = 4,
	TCPOPT_SACK = 5,
	TCPOPT_TIMESTAMP = 8,
	TCPOPT_MPTCP = 30,
};

/* Option lengths, kind and length bytes included. */
enum {
	TCPOLEN_MSS = 4,
	TCPOLEN_WINDOW = 3,
	TCPOLEN_SACK_PERMITTED = 2,
	TCPOLEN_TIMESTAMP = 10,
	TCPOLEN_SACK_BASE = 2,
	TCPOLEN_SACK_PERBLOCK = 8,
};

/* RFC 2018 §3: at most 4 blocks fit in 40 bytes (3 next to a timestamp). */
#define TCP_SACK_MAX_BLOCKS 4
/* RFC 7323 §2.3: a shift above 14 is treated as 14. */
#define TCP_WSCALE_MAX 14

/* Which options a tcp_opts holds. */
enum {
	TCP_OPT_HAS_MSS = 1u << 0,
	TCP_OPT_HAS_WSCALE = 1u << 1,
	TCP_OPT_HAS_SACK_PERM = 1u << 2,
	TCP_OPT_HAS_SACK = 1u << 3,
	TCP_OPT_HAS_TS = 1u << 4,
};

/* One SACK block as the wire carries it: [start, end) in 32-bit sequence numbers. */
typedef struct tcp_sack_block {
	uint32_t start;
	uint32_t end;
} tcp_sack_block;

typedef struct tcp_opts {
	uint32_t present; /* TCP_OPT_HAS_* */
	uint16_t mss;
	uint8_t wscale;  /* as received; clamp with TCP_WSCALE_MAX before use */
	uint8_t n_sack;  /* blocks in sack[] */
	uint32_t ts_val;
	uint32_t ts_ecr;
	tcp_sack_block sack[TCP_SACK_MAX_BLOCKS];
	uint16_t n_malformed; /* options ignored for a bad length (parse only) */
	uint16_t n_other;     /* well-formed options of kinds this parser does not interpret */
} tcp_opts;

/* Parse `len` bytes; fills `out` (zeroed first). Returns true when every option was well formed. */
bool tcp_opts_parse(const uint8_t *buf, size_t len, tcp_opts *out);

/* Write the options present in `o` into `buf` (at most `space` bytes) in the canonical layout.
 * An option group that does not fit is left out; SACK writes as many blocks as fit. Returns the
 * bytes written, always a multiple of 4. */
size_t tcp_opts_write(const tcp_opts *o, uint8_t *buf, size_t space);

/* Bytes the SACK option takes with `n` blocks, alignment NOPs included. */
static inline size_t tcp_opts_sack_space(unsigned n)
{
	return n ? 2u + TCPOLEN_SACK_BASE + TCPOLEN_SACK_PERBLOCK * (size_t)n : 0u;
}

/* How many SACK blocks fit in `space` bytes. */
static inline unsigned tcp_opts_sack_fit(size_t space)
{
	if (space < tcp_opts_sack_space(1))
		return 0;
	size_t n = (space - 2u - TCPOLEN_SACK_BASE) / TCPOLEN_SACK_PERBLOCK;
	return n > TCP_SACK_MAX_BLOCKS ? TCP_SACK_MAX_BLOCKS : (unsigned)n;
}

#endif
