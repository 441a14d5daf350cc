/* fuzz_mptcp_options.c — libFuzzer target for the MPTCP option codec (protocol/mptcp/options.h).
 *
 * Input: byte 0 picks the connection's version (bit 0) and whether the segment has payload (bit 1),
 * byte 1 is the segment's TCP flags, the rest is the TCP option field. The target parses it, checks
 * the report against the result, writes back what parsed, parses that again and requires the same
 * options, a clean parse, one MPTCP option per suboption bit, and writing to be a fixed point; a
 * buffer one byte short must be refused. Any difference aborts. The codec's sources are compiled
 * into this target with the fuzzer's coverage and AddressSanitizer, so a read past the end of the
 * input (which libFuzzer hands over in a heap block of exactly its size) is caught where it happens.
 *
 * Built with clang only (tests/CMakeLists.txt); ctest runs a bounded, seeded campaign (label fuzz).
 * By hand: build-clang/tests/fuzz_mptcp_options -dict=tests/fuzz/mptcp_options.dict CORPUS_DIR */
#include "mptcp/options.h"
#include "segment.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned popcount32(uint32_t v)
{
	unsigned n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

static void require(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	mptcp_opt_ctx ctx = { .version = data[0] & 1, .tcp_flags = data[1], .payload_len = (data[0] & 2) ? 1400 : 0 };
	const uint8_t *opts = data + 2;
	size_t len = size - 2;

	mptcp_options a;
	mptcp_opt_report rep;
	mptcp_opt_reason r = mptcp_opt_parse(opts, len, &ctx, &a, &rep);
	require((unsigned)r < MPTCP_OPT_REASON_COUNT);
	require((r == MPTCP_OPT_OK) == (rep.n_bad == 0));
	require(rep.n_bad == 0 || rep.bad[0].reason == r);
	/* A TCP-level length error ends the walk: at most one, and the last; every other ignored option
	 * was an MPTCP option. */
	unsigned listed = rep.n_bad < MPTCP_OPT_BAD_MAX ? rep.n_bad : MPTCP_OPT_BAD_MAX, tcp_errors = 0;
	for (unsigned i = 0; i < listed; i++) {
		require(rep.bad[i].offset < len);
		require(i == 0 || rep.bad[i].offset > rep.bad[i - 1].offset);
		if (rep.bad[i].reason == MPTCP_OPT_ERR_TCP_OPTION) {
			tcp_errors++;
			require(i + 1 == rep.n_bad);
		}
	}
	require(tcp_errors <= 1);
	require(rep.n_bad <= rep.n_mptcp + 1);
	if (rep.n_bad <= MPTCP_OPT_BAD_MAX)
		require(rep.n_bad - tcp_errors <= rep.n_mptcp);
	require((a.suboptions & ~(uint32_t)MPTCP_OPT_ALL) == 0);
	require(a.version == ctx.version);
	require(popcount32(a.suboptions) <= rep.n_mptcp);

	/* Write back what parsed, into a block of exactly the announced size. */
	size_t n = mptcp_opt_len(&a);
	require(n % 4 == 0);
	uint8_t *w = malloc(n ? n : 1);
	require(w != NULL);
	require(mptcp_opt_write(&a, w, n) == n);
	if (n)
		require(mptcp_opt_write(&a, w, n - 1) == 0);

	/* Parsed again: clean, the same options, one MPTCP option per bit. */
	mptcp_options b;
	mptcp_opt_report rep2;
	require(mptcp_opt_parse(w, n, &ctx, &b, &rep2) == MPTCP_OPT_OK);
	require(rep2.n_mptcp == popcount32(a.suboptions));
	require(mptcp_options_equal(&a, &b));
	require(mptcp_options_equal(&b, &a));

	/* Writing is a fixed point: the second writing is the first, byte for byte. */
	uint8_t *w2 = malloc(n ? n : 1);
	require(w2 != NULL);
	require(mptcp_opt_write(&b, w2, n) == n);
	require(memcmp(w, w2, n) == 0);
	free(w2);
	free(w);
	return 0;
}
