/* pcap_read.h — reads real captures: classic pcap and pcapng, packet by packet.
 *
 * Used by `mptcpsim inspect` on captures from Linux, iOS, tcpdump or Wireshark, and by the tests on
 * the simulator's own files. Formats:
 *   - classic pcap (pcap-savefile(5)): microsecond (0xa1b2c3d4) and nanosecond (0xa1b23c4d) magic,
 *     written in either byte order;
 *   - pcapng (draft-ietf-opsawg-pcapng): Section Header Blocks of either byte order (a file may hold
 *     several sections), Interface Description Blocks with their link type, if_tsresol and
 *     if_tsoffset, Enhanced, Simple and (obsolete) Packet Blocks; every other block is skipped.
 * Link types: Ethernet (1, with 802.1Q / 802.1ad VLAN tags), Linux cooked SLL (113) and SLL2 (276),
 * raw IP (101, 228 IPv4, 229 IPv6), BSD null/loopback (0) and OpenBSD loopback (108).
 *
 * A file that is not a capture, is truncated, or has a corrupt header, block or length gives a
 * GError (MPSIM_ERR_INPUT) naming the file and the byte offset of the offending header; the reader
 * never reads past a buffer and never allocates more than a bounded block. A packet whose link
 * layer carries no IP packet (ARP, say, or an unknown link type) is still returned, with ip NULL,
 * so packet numbers match Wireshark's. */
#ifndef MPTCPSIM_ANALYSIS_PCAP_READ_H
#define MPTCPSIM_ANALYSIS_PCAP_READ_H

#include "pcap.h"
#include "segment.h"
#include "wire.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* Link-layer header types (tcpdump.org LINKTYPE_* registry) that the reader can see through, besides
 * PCAP_LINKTYPE_RAW (101, pcap.h). */
enum {
	PCAP_LINKTYPE_NULL = 0,
	PCAP_LINKTYPE_ETHERNET = 1,
	PCAP_LINKTYPE_LOOP = 108,
	PCAP_LINKTYPE_LINUX_SLL = 113,
	PCAP_LINKTYPE_IPV4 = 228,
	PCAP_LINKTYPE_IPV6 = 229,
	PCAP_LINKTYPE_LINUX_SLL2 = 276,
};

/* Bounds on what a header may claim before it is called corrupt. A classic record may not exceed
 * max(snaplen, PCAP_READ_RECORD_MAX) (libpcap's rule); a pcapng block may not exceed
 * PCAP_READ_BLOCK_MAX, nor the bytes left in the file. */
#define PCAP_READ_RECORD_MAX 262144u
#define PCAP_READ_BLOCK_MAX (16u << 20)

typedef enum pcap_file_format {
	PCAP_FILE_PCAP,
	PCAP_FILE_PCAPNG,
} pcap_file_format;

typedef struct pcap_reader pcap_reader;

/* One packet. The pointers stay valid until the next pcap_reader_next() or pcap_reader_free(). */
typedef struct pcap_packet {
	uint64_t number;        /* 1-based, in file order: Wireshark's frame.number (pcapng blocks that
				 * Wireshark lists as frames without a packet, such as custom blocks,
				 * take a number too) */
	uint64_t file_offset;   /* where its record or block starts */
	bool has_ts;            /* false for a pcapng Simple Packet Block, which has no timestamp */
	int64_t ts_ns;          /* nanoseconds since the epoch (if_tsoffset applied); 0 without one */
	uint32_t ifindex;       /* interface, numbered in order of appearance in the file (0 in pcap) */
	uint32_t linktype;
	const uint8_t *frame;   /* link-layer frame as captured */
	uint32_t frame_caplen;
	uint32_t frame_origlen;
	const uint8_t *ip;      /* the IPv4/IPv6 packet inside the frame; NULL when there is none */
	uint32_t ip_caplen;
	uint32_t ip_origlen;
} pcap_packet;

typedef enum pcap_read_result {
	PCAP_READ_ERROR = -1,
	PCAP_READ_EOF = 0,
	PCAP_READ_PACKET = 1,
} pcap_read_result;

/* Open `path` and read its file header (pcap) or first Section Header Block (pcapng). */
pcap_reader *pcap_reader_open(const char *path, GError **error);

/* The next packet, skipping non-packet blocks. After an error every call fails again. */
pcap_read_result pcap_reader_next(pcap_reader *r, pcap_packet *pkt, GError **error);

void pcap_reader_free(pcap_reader *r);

pcap_file_format pcap_reader_format(const pcap_reader *r);
/* Interfaces seen so far (1 for classic pcap). */
uint32_t pcap_reader_interface_count(const pcap_reader *r);
/* The link type of interface `ifindex` (as numbered in pcap_packet), or -1 when unknown. */
int64_t pcap_reader_linktype(const pcap_reader *r, uint32_t ifindex);

/* Parse the packet's IP bytes (wire_parse); a frame without IP gives WIRE_ERR_IP_VERSION. */
wire_status pcap_packet_parse(const pcap_packet *pkt, segment *seg, wire_info *info);

/* Find the IPv4/IPv6 packet in a frame of link type `linktype`: its offset in the frame, or false
 * when the frame is too short, not IP, or of a link type the reader does not know. */
bool pcap_link_ip_offset(uint32_t linktype, const uint8_t *frame, uint32_t caplen, uint32_t *offset);

#endif
