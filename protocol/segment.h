/* segment.h — one IP packet as the protocol engine emits and receives it.
 *
 * Real header fields and real option bytes, but a virtual payload (payload.h): a segment is
 * fixed-size and copying one never touches data. The simulator wraps segments in pooled packets
 * (sim/packet.h); the pcap writer turns them into real IPv4/IPv6 + TCP/UDP bytes. */
#ifndef MPTCPSIM_PROTOCOL_SEGMENT_H
#define MPTCPSIM_PROTOCOL_SEGMENT_H

#include "addr.h"
#include "payload.h"

#include <stdint.h>

enum {
	SEG_PROTO_TCP = 6,
	SEG_PROTO_UDP = 17,
};

/* TCP header flags (RFC 9293 §3.1). */
enum {
	TCP_FLAG_FIN = 0x01,
	TCP_FLAG_SYN = 0x02,
	TCP_FLAG_RST = 0x04,
	TCP_FLAG_PSH = 0x08,
	TCP_FLAG_ACK = 0x10,
	TCP_FLAG_URG = 0x20,
	TCP_FLAG_ECE = 0x40,
	TCP_FLAG_CWR = 0x80,
};

#define TCP_OPTIONS_MAX 40
#define IPV4_HEADER_LEN 20
#define IPV6_HEADER_LEN 40
#define TCP_HEADER_LEN 20
#define UDP_HEADER_LEN 8

typedef struct segment {
	net_addr src;
	net_addr dst;
	uint16_t sport;
	uint16_t dport;
	uint8_t proto;   /* SEG_PROTO_TCP or SEG_PROTO_UDP */
	uint8_t flags;   /* TCP_FLAG_* (TCP only) */
	uint8_t opt_len; /* bytes used in options[]; the wire pads to a multiple of 4 with EOL */
	uint8_t ttl;
	uint32_t seq;
	uint32_t ack;
	uint16_t window; /* the 16-bit field as sent (already shifted by the window scale) */
	uint32_t payload_len;
	payload_fill_fn payload_fill; /* NULL: zero bytes */
	uint64_t payload_stream;
	uint64_t payload_offset;
	uint8_t options[TCP_OPTIONS_MAX];
} segment;

/* Bytes of the transport header including padded options. */
static inline uint32_t segment_transport_header_len(const segment *s)
{
	if (s->proto == SEG_PROTO_UDP)
		return UDP_HEADER_LEN;
	return TCP_HEADER_LEN + (((uint32_t)s->opt_len + 3u) & ~3u);
}

/* Bytes on the wire at the IP layer: what a link serialises and a queue counts. */
static inline uint32_t segment_wire_len(const segment *s)
{
	uint32_t ip = s->src.family == NET_AF_INET6 ? IPV6_HEADER_LEN : IPV4_HEADER_LEN;
	return ip + segment_transport_header_len(s) + s->payload_len;
}

#endif
