/* tcp_seq.h — wire sequence numbers (32-bit, modular) and the 64-bit offsets TCP keeps inside.
 *
 * Inside the engine every sequence number is a 64-bit offset from an initial sequence number:
 * offset 0 is the SYN, data byte n is offset n + 1, the FIN follows the last data byte. Offsets
 * never wrap, so comparisons are plain integer comparisons. The wire carries (ISN + offset) mod
 * 2^32; an incoming number is unwrapped against a nearby reference offset, which is valid while the
 * two are within 2^31 of each other (RFC 9293 §3.4: sequence arithmetic is modulo 2^32). */
#ifndef MPTCPSIM_PROTOCOL_TCP_SEQ_H
#define MPTCPSIM_PROTOCOL_TCP_SEQ_H

#include <stdint.h>

/* The wire value of offset `off` in the space that starts at `isn`. */
static inline uint32_t tcp_seq_wire(uint32_t isn, uint64_t off)
{
	return (uint32_t)(isn + (uint32_t)off);
}

/* The offset of wire value `wire` nearest to `ref`; negative when it lies before the ISN. */
static inline int64_t tcp_seq_unwrap(uint32_t isn, uint64_t ref, uint32_t wire)
{
	uint32_t diff = wire - tcp_seq_wire(isn, ref);
	int64_t d = diff >= 0x80000000u ? (int64_t)diff - INT64_C(0x100000000) : (int64_t)diff;
	return (int64_t)ref + d;
}

/* a - b in modular arithmetic (RFC 9293 §3.4), for values the engine does not unwrap
 * (timestamps, RFC 7323 §5.3): negative when a is before b. */
static inline int32_t tcp_seq_diff(uint32_t a, uint32_t b)
{
	uint32_t d = a - b;
	return d >= 0x80000000u ? (int32_t)((int64_t)d - INT64_C(0x100000000)) : (int32_t)d;
}

#endif
