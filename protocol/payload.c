/* payload.c — the reference payload pattern and integrity comparison. */
#include "payload.h"

#include <string.h>

/* SplitMix64 finaliser: a cheap, well-mixed function of the 8-byte word index. */
static inline uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static inline uint64_t pattern_word(uint64_t stream, uint64_t word_index)
{
	return mix64(word_index * UINT64_C(0x9e3779b97f4a7c15) ^ mix64(stream + 1));
}

uint8_t payload_pattern_byte(uint64_t stream, uint64_t offset)
{
	return (uint8_t)(pattern_word(stream, offset >> 3) >> (8 * (offset & 7)));
}

void payload_pattern_fill(uint64_t stream, uint64_t offset, uint8_t *out, size_t len)
{
	size_t i = 0;
	while (i < len && ((offset + i) & 7) != 0) {
		out[i] = payload_pattern_byte(stream, offset + i);
		i++;
	}
	for (; i + 8 <= len; i += 8) {
		uint64_t w = pattern_word(stream, (offset + i) >> 3);
		for (int b = 0; b < 8; b++)
			out[i + (size_t)b] = (uint8_t)(w >> (8 * b));
	}
	for (; i < len; i++)
		out[i] = payload_pattern_byte(stream, offset + i);
}

size_t payload_first_mismatch(payload_fill_fn fill, uint64_t stream, uint64_t offset, uint64_t expect_stream,
			      uint64_t expect_offset, size_t len)
{
	if (fill == payload_pattern_fill && stream == expect_stream && offset == expect_offset)
		return len;
	uint8_t got[512], want[512];
	for (size_t done = 0; done < len;) {
		size_t n = len - done < sizeof got ? len - done : sizeof got;
		if (fill)
			fill(stream, offset + done, got, n);
		else
			memset(got, 0, n);
		payload_pattern_fill(expect_stream, expect_offset + done, want, n);
		for (size_t i = 0; i < n; i++)
			if (got[i] != want[i])
				return done + i;
		done += n;
	}
	return len;
}
