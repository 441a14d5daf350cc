/* wire.h — segments as real bytes: IPv4/IPv6 + TCP/UDP serialisation, parsing, internet checksum.
 *
 * wire_serialize() turns a segment (segment.h) into the bytes a real stack would put on the wire:
 * an IPv4 (RFC 791) or IPv6 (RFC 8200) header, a TCP (RFC 9293) header with the segment's option
 * bytes padded with EOL, or a UDP (RFC 768) header, then the virtual payload produced on demand.
 * Checksums always cover the whole packet, even when the caller keeps only the first `snaplen`
 * bytes (a pcap snap length), and the payload is never held in memory as a whole.
 *
 * wire_parse() reads such bytes back into a segment: the pcap reader uses it on real captures and
 * the tests on our own output. Malformed input is not an error of the caller: it is rejected with a
 * wire_status naming what was wrong (counters are an enum plus a name table), never read past the
 * end of the buffer.
 *
 * The internet checksum (RFC 1071) is exposed so that other checksums over virtual payload (the
 * MPTCP DSS checksum, RFC 8684 §3.3.1) can be computed incrementally with the same code. */
#ifndef MPTCPSIM_PROTOCOL_WIRE_H
#define MPTCPSIM_PROTOCOL_WIRE_H

#include "addr.h"
#include "segment.h"

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet wire_serialize() produces: an IPv6 header plus the largest payload length
 * (RFC 8200 §3; jumbograms are not produced). Enough for any IPv4 packet too (RFC 791: 65535). */
#define WIRE_PACKET_MAX (IPV6_HEADER_LEN + 65535u)
/* The largest header block (IPv6 + TCP with 40 option bytes). */
#define WIRE_HEADERS_MAX (IPV6_HEADER_LEN + TCP_HEADER_LEN + TCP_OPTIONS_MAX)
/* TTL / hop limit used when a segment leaves ttl at 0 (the Linux default, net.ipv4.ip_default_ttl). */
#define WIRE_DEFAULT_TTL 64

/* ---- RFC 1071 internet checksum ----
 *
 * A running sum is a uint32_t holding a ones'-complement sum of 16-bit big-endian words with every
 * carry folded back in; start from 0. Because 2^16 - 1 divides 2^32 - 1 the 32-bit running sum folds
 * to the same 16-bit sum as adding 16-bit words directly (RFC 1071 §2 (C), deferred carries).
 *
 * wire_csum_add() sums bytes that start at an even position of the checksummed data; a chunk that
 * starts at an odd position (a mapping split across segments at odd lengths) uses
 * wire_csum_add_at() with its position: RFC 1071 §2 (B), byte order independence, lets the chunk be
 * summed on its own and byte-swapped. An odd final byte counts as the high byte of a word whose low
 * byte is zero (RFC 1071 §4.1, RFC 9293 §3.1 "padded ... with zeros"). */
uint32_t wire_csum_add(uint32_t sum, const uint8_t *data, size_t len);
uint32_t wire_csum_add_at(uint32_t sum, const uint8_t *data, size_t len, uint64_t position);
/* Add one 16-bit word (a header field given as a number). */
uint32_t wire_csum_add16(uint32_t sum, uint16_t word);
/* Fold a running sum to 16 bits and complement it: the value for the checksum field. Over data that
 * includes a correct checksum field the result is 0. */
uint16_t wire_csum_fold(uint32_t sum);
/* Running sum of the TCP/UDP pseudo-header: RFC 9293 §3.1 (IPv4: addresses, zero, protocol, TCP
 * length) and RFC 8200 §8.1 (IPv6: addresses, upper-layer length, zeros, next header). */
uint32_t wire_csum_pseudo(const net_addr *src, const net_addr *dst, uint8_t proto, uint32_t l4_len);

/* ---- serialisation ---- */

/* Write the first min(snaplen, segment_wire_len(seg)) bytes of the packet into buf and set
 * *captured_len to that count. IPv4 gets identification = ip_id, DF set, TTL = seg->ttl or
 * WIRE_DEFAULT_TTL; IPv6 gets hop limit likewise, traffic class and flow label 0. The TCP/UDP
 * checksum covers the full payload (seg->payload_fill, zeros when NULL) whatever the snap length.
 * Fails (MPSIM_ERR_INPUT) on a segment no wire can carry: mixed or unknown address families, an
 * unknown protocol, options longer than TCP_OPTIONS_MAX or on UDP, a packet longer than the IP length
 * fields allow; and (MPSIM_ERR_INTERNAL) when `cap` is smaller than what would be captured. */
bool wire_serialize(const segment *seg, uint16_t ip_id, uint8_t *buf, size_t cap, uint32_t snaplen,
		    uint32_t *captured_len, GError **error);

/* ---- parsing ---- */

/* Why wire_parse() rejected a packet. WIRE_OK is 0; wire_status_name() gives a stable name. */
typedef enum wire_status {
	WIRE_OK = 0,
	WIRE_ERR_TRUNCATED,       /* the capture ends inside the IP or transport header */
	WIRE_ERR_IP_VERSION,      /* not an IPv4 or IPv6 packet */
	WIRE_ERR_IP_HEADER_LEN,   /* IPv4 IHL below 5 */
	WIRE_ERR_IP_LENGTH,       /* IP length below its header, beyond the original length, leaving no room
				   * for the transport header, or 0 (IPv6 jumbogram, not supported) */
	WIRE_ERR_IP_FRAGMENT,     /* a fragment: the transport header is not (all) here */
	WIRE_ERR_IPV6_EXT,        /* an IPv6 extension header runs past the packet */
	WIRE_ERR_PROTO,           /* neither TCP nor UDP (ESP and No Next Header included) */
	WIRE_ERR_TCP_DATA_OFFSET, /* data offset below 5 or past the end of the segment */
	WIRE_ERR_TCP_OPTION,      /* an option length below 2 or running past the options */
	WIRE_ERR_UDP_LENGTH,      /* UDP length field disagrees with the IP length */
	WIRE_STATUS_COUNT
} wire_status;

const char *wire_status_name(wire_status s);

/* Facts about a parsed packet that a segment does not carry. */
typedef struct wire_info {
	uint8_t ip_version;        /* 4 or 6 */
	uint16_t ip_id;            /* IPv4 identification (0 for IPv6) */
	uint32_t ip_len;           /* the packet's length per its IP header (header + payload) */
	uint32_t l4_offset;        /* offset of the TCP/UDP header in the packet */
	uint32_t payload_offset;   /* offset of the first payload byte in the packet */
	uint32_t payload_captured; /* payload bytes present in the capture (<= segment payload_len) */
	bool truncated;            /* the capture holds fewer bytes than ip_len */
	bool ip_csum_checked;      /* IPv4 header checksum verified (IPv6 has none) */
	bool ip_csum_ok;
	bool l4_csum_checked;      /* TCP/UDP checksum verified: needs the whole packet captured, and a
				    * non-zero UDP checksum over IPv4 (RFC 768: zero means none) */
	bool l4_csum_ok;
	uint16_t l4_csum;          /* the checksum field as found */
} wire_info;

/* Parse the IPv4/IPv6 packet at `ip`, of which `caplen` bytes were captured out of `origlen` on the
 * wire (origlen < caplen is treated as caplen). Bytes after the IP length (link-layer padding) are
 * ignored. Fills `out` (payload_fill NULL: the bytes are at info->payload_offset, when captured) and
 * `info` (may be NULL). Returns WIRE_OK or the first problem found; on failure `out` holds the fields
 * parsed so far and everything else zero. Reads no byte outside ip[0..caplen). */
wire_status wire_parse(const uint8_t *ip, size_t caplen, size_t origlen, segment *out, wire_info *info);

#endif
