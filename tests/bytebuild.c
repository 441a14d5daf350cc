/* bytebuild.c — capture files built byte by byte for tests (bytebuild.h). */
#include "bytebuild.h"

#include "pcap_read.h"

#include <string.h>

void bb_u8(bb *b, uint8_t v)
{
	g_byte_array_append(b->a, &v, 1);
}

void bb_u16(bb *b, uint16_t v)
{
	bb_u8(b, (uint8_t)(b->be ? v >> 8 : v));
	bb_u8(b, (uint8_t)(b->be ? v : v >> 8));
}

void bb_u32(bb *b, uint32_t v)
{
	bb_u16(b, (uint16_t)(b->be ? v >> 16 : v));
	bb_u16(b, (uint16_t)(b->be ? v : v >> 16));
}

void bb_u64(bb *b, uint64_t v)
{
	bb_u32(b, (uint32_t)(b->be ? v >> 32 : v));
	bb_u32(b, (uint32_t)(b->be ? v : v >> 32));
}

void bb_bytes(bb *b, const uint8_t *p, size_t n)
{
	g_byte_array_append(b->a, p, (guint)n);
}

void bb_pad4(bb *b)
{
	while (b->a->len % 4)
		bb_u8(b, 0);
}

size_t bb_block_begin(bb *b, uint32_t type)
{
	size_t start = b->a->len;
	bb_u32(b, type);
	bb_u32(b, 0); /* patched by bb_block_end */
	return start;
}

void bb_block_end(bb *b, size_t start)
{
	bb_pad4(b);
	uint32_t total = (uint32_t)(b->a->len - start + 4);
	bb_u32(b, total);
	bb tmp = { .a = g_byte_array_new(), .be = b->be };
	bb_u32(&tmp, total);
	memcpy(b->a->data + start + 4, tmp.a->data, 4);
	g_byte_array_free(tmp.a, TRUE);
}

GByteArray *bb_link_frame(uint32_t linktype, const uint8_t *ip, size_t len, bool v6, int variant)
{
	uint16_t etype = v6 ? 0x86dd : 0x0800;
	bb f = { .a = g_byte_array_new(), .be = true };
	switch (linktype) {
	case PCAP_LINKTYPE_ETHERNET: {
		const uint8_t macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
		bb_bytes(&f, macs, 12);
		for (int t = 0; t < variant; t++) {
			bb_u16(&f, t == 0 && variant > 1 ? 0x88a8 : 0x8100);
			bb_u16(&f, (uint16_t)(100 + t));
		}
		bb_u16(&f, etype);
		break;
	}
	case PCAP_LINKTYPE_LINUX_SLL: {
		bb_u16(&f, 0);                 /* packet type: to us */
		bb_u16(&f, 1);                 /* ARPHRD_ETHER */
		bb_u16(&f, 6);                 /* address length */
		const uint8_t addr[8] = { 2, 0, 0, 0, 0, 1, 0, 0 };
		bb_bytes(&f, addr, 8);
		bb_u16(&f, etype);
		break;
	}
	case PCAP_LINKTYPE_LINUX_SLL2: {
		bb_u16(&f, etype);
		bb_u16(&f, 0);                 /* reserved */
		bb_u32(&f, 3);                 /* interface index */
		bb_u16(&f, 1);                 /* ARPHRD_ETHER */
		bb_u8(&f, 4);                  /* packet type: outgoing */
		bb_u8(&f, 6);                  /* address length */
		const uint8_t addr[8] = { 2, 0, 0, 0, 0, 1, 0, 0 };
		bb_bytes(&f, addr, 8);
		break;
	}
	case PCAP_LINKTYPE_NULL:
	case PCAP_LINKTYPE_LOOP:
		f.be = linktype == PCAP_LINKTYPE_LOOP || variant == 1;
		bb_u32(&f, v6 ? 30 : 2);
		break;
	default:
		break;
	}
	bb_bytes(&f, ip, len);
	return f.a;
}
