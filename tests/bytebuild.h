/* bytebuild.h — test helper: capture files built byte by byte, in either byte order.
 *
 * A bb appends integers in its byte order (`be`) to a growing GByteArray; pcapng blocks get their
 * two total-length fields from bb_block_begin()/bb_block_end(). bb_link_frame() wraps an IP packet
 * in the link-layer header of a LINKTYPE_* (pcap_read.h). Used by the reader's tests
 * (unit_pcap_read.c) and the inspect tests (cli_inspect.c), which build captures of every format
 * and link type the reader knows. */
#ifndef MPTCPSIM_TESTS_BYTEBUILD_H
#define MPTCPSIM_TESTS_BYTEBUILD_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bb {
	GByteArray *a;
	bool be;
} bb;

void bb_u8(bb *b, uint8_t v);
void bb_u16(bb *b, uint16_t v);
void bb_u32(bb *b, uint32_t v);
void bb_u64(bb *b, uint64_t v);
void bb_bytes(bb *b, const uint8_t *p, size_t n);
/* Zero bytes up to a multiple of 4. */
void bb_pad4(bb *b);
/* A pcapng block of `type`: its total length is written by bb_block_end (which pads the body). */
size_t bb_block_begin(bb *b, uint32_t type);
void bb_block_end(bb *b, size_t start);

/* A new frame of `linktype` around `len` bytes of IP packet (IPv6 when `v6`). `variant` picks header
 * flavours: the number of VLAN tags for Ethernet (802.1ad then 802.1Q), the capturing host's byte
 * order for BSD loopback (0 little-, 1 big-endian; AF_INET6 as macOS's 30). Link types without a
 * header (raw IP) get the packet alone. */
GByteArray *bb_link_frame(uint32_t linktype, const uint8_t *ip, size_t len, bool v6, int variant);

#endif
