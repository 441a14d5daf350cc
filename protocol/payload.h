/* payload.h — virtual payload bytes (DESIGN.md: payload bytes are virtual).
 *
 * A segment carries no payload buffer: it names a byte stream and an offset into it, and the byte
 * at offset n of stream s is a fixed function of (s, n). Senders never store data, receivers
 * verify what they get against the same function, checksums and pcaps compute real bytes on
 * demand. A middlebox that rewrites payload swaps in another fill function, and then the bytes
 * really differ. */
#ifndef MPTCPSIM_PROTOCOL_PAYLOAD_H
#define MPTCPSIM_PROTOCOL_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

typedef void (*payload_fill_fn)(uint64_t stream, uint64_t offset, uint8_t *out, size_t len);

/* The reference pattern: every byte depends on the stream and on its 64-bit offset, so a byte
 * delivered at the wrong offset, or from the wrong stream, does not match. */
void payload_pattern_fill(uint64_t stream, uint64_t offset, uint8_t *out, size_t len);
uint8_t payload_pattern_byte(uint64_t stream, uint64_t offset);

/* Compare `len` bytes produced by `fill` at (stream, offset) with the reference pattern at
 * (expect_stream, expect_offset). Returns the index of the first differing byte, or `len` when all
 * match. When `fill` is the reference pattern itself and the coordinates agree the answer is
 * known without producing bytes. */
size_t payload_first_mismatch(payload_fill_fn fill, uint64_t stream, uint64_t offset, uint64_t expect_stream,
			      uint64_t expect_offset, size_t len);

#endif
