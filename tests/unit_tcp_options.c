/* unit_tcp_options.c — TCP option codec: exact bytes, round trips, and every malformed length. */
#include "testutil.h"

#include "segment.h"
#include "tcp/tcp_options.h"

#include <string.h>

/* Parse from a heap copy of exactly `len` bytes, so AddressSanitizer catches any read past the end. */
static bool parse_exact(const uint8_t *bytes, size_t len, tcp_opts *o)
{
	uint8_t *copy = len ? g_memdup2(bytes, len) : NULL;
	bool ok = tcp_opts_parse(copy, len, o);
	g_free(copy);
	return ok;
}

static void test_syn_layout(void)
{
	tcp_opts o = { .present = TCP_OPT_HAS_MSS | TCP_OPT_HAS_WSCALE | TCP_OPT_HAS_SACK_PERM | TCP_OPT_HAS_TS,
		       .mss = 1460,
		       .wscale = 7,
		       .ts_val = 0x01020304,
		       .ts_ecr = 0 };
	uint8_t buf[TCP_OPTIONS_MAX];
	size_t n = tcp_opts_write(&o, buf, sizeof buf);
	/* Linux's SYN: MSS, SACK-Permitted + Timestamps, NOP + Window Scale */
	static const uint8_t want[] = { 2, 4, 0x05, 0xb4, 4, 2, 8, 10, 1, 2, 3, 4, 0, 0, 0, 0, 1, 3, 3, 7 };
	CU_ASSERT_EQUAL_FATAL(n, sizeof want);
	CU_ASSERT_EQUAL(memcmp(buf, want, n), 0);
	tcp_opts p;
	CU_ASSERT_TRUE(parse_exact(buf, n, &p));
	CU_ASSERT_EQUAL(p.present, o.present);
	CU_ASSERT_EQUAL(p.mss, 1460);
	CU_ASSERT_EQUAL(p.wscale, 7);
	CU_ASSERT_EQUAL(p.ts_val, 0x01020304u);
	CU_ASSERT_EQUAL(p.ts_ecr, 0u);
	CU_ASSERT_EQUAL(p.n_malformed, 0);
}

static void test_round_trips(void)
{
	/* every combination of options, every SACK block count */
	for (uint32_t mask = 0; mask < 32; mask++) {
		for (unsigned blocks = 0; blocks <= TCP_SACK_MAX_BLOCKS; blocks++) {
			tcp_opts o;
			memset(&o, 0, sizeof o);
			o.present = mask;
			o.mss = 1000 + (uint16_t)mask;
			o.wscale = (uint8_t)(mask % 15);
			o.ts_val = 0xdeadbeef ^ mask;
			o.ts_ecr = 0x12345678u + blocks;
			o.n_sack = (uint8_t)((mask & TCP_OPT_HAS_SACK) ? blocks : 0);
			for (unsigned i = 0; i < TCP_SACK_MAX_BLOCKS; i++) {
				o.sack[i].start = 0xfffff000u + 3000u * i; /* wraps around 2^32 */
				o.sack[i].end = o.sack[i].start + 1448;
			}
			uint8_t buf[TCP_OPTIONS_MAX];
			size_t n = tcp_opts_write(&o, buf, sizeof buf);
			CU_ASSERT(n <= TCP_OPTIONS_MAX);
			CU_ASSERT_EQUAL(n % 4, 0);
			tcp_opts p;
			CU_ASSERT_TRUE(parse_exact(buf, n, &p));
			uint32_t want_present = o.n_sack ? mask : mask & ~(uint32_t)TCP_OPT_HAS_SACK;
			/* SACK blocks that did not fit are left out, never cut */
			unsigned room = tcp_opts_sack_fit(TCP_OPTIONS_MAX - (n - tcp_opts_sack_space(p.n_sack)));
			if (o.n_sack) {
				unsigned expect = o.n_sack < room ? o.n_sack : room;
				CU_ASSERT_EQUAL(p.n_sack, expect);
				if (!expect)
					want_present &= ~(uint32_t)TCP_OPT_HAS_SACK;
			}
			CU_ASSERT_EQUAL(p.present, want_present);
			if (mask & TCP_OPT_HAS_MSS)
				CU_ASSERT_EQUAL(p.mss, o.mss);
			if (mask & TCP_OPT_HAS_WSCALE)
				CU_ASSERT_EQUAL(p.wscale, o.wscale);
			if (mask & TCP_OPT_HAS_TS) {
				CU_ASSERT_EQUAL(p.ts_val, o.ts_val);
				CU_ASSERT_EQUAL(p.ts_ecr, o.ts_ecr);
			}
			for (unsigned i = 0; i < p.n_sack; i++) {
				CU_ASSERT_EQUAL(p.sack[i].start, o.sack[i].start);
				CU_ASSERT_EQUAL(p.sack[i].end, o.sack[i].end);
			}
		}
	}
}

static void test_sack_capacity(void)
{
	/* RFC 2018 §3: 4 blocks alone, 3 next to a timestamp */
	CU_ASSERT_EQUAL(tcp_opts_sack_fit(40), 4);
	CU_ASSERT_EQUAL(tcp_opts_sack_fit(28), 3);
	CU_ASSERT_EQUAL(tcp_opts_sack_fit(11), 0);
	CU_ASSERT_EQUAL(tcp_opts_sack_fit(12), 1);
	tcp_opts o = { .present = TCP_OPT_HAS_TS | TCP_OPT_HAS_SACK, .n_sack = 4 };
	uint8_t buf[TCP_OPTIONS_MAX];
	size_t n = tcp_opts_write(&o, buf, sizeof buf);
	CU_ASSERT_EQUAL(n, 12 + 4 + 3 * 8);
	tcp_opts p;
	CU_ASSERT_TRUE(parse_exact(buf, n, &p));
	CU_ASSERT_EQUAL(p.n_sack, 3);
	/* no room at all: written nothing */
	CU_ASSERT_EQUAL(tcp_opts_write(&o, buf, 3), 0);
}

struct bad_case {
	const char *what;
	uint8_t bytes[44];
	size_t len;
	unsigned malformed;
	uint32_t present; /* what still parses */
};

static const struct bad_case bad_cases[] = {
	{ "length zero", { 2, 0, 5, 180 }, 4, 1, 0 },
	{ "length one", { 8, 1, 0, 0 }, 4, 1, 0 },
	{ "length past the end", { 8, 10, 1, 2, 3 }, 5, 1, 0 },
	{ "kind without length byte", { 1, 1, 1, 2 }, 4, 1, 0 },
	{ "length 255", { 30, 255, 0, 0, 0, 0 }, 6, 1, 0 },
	{ "MSS of length 3, then a timestamp", { 2, 3, 5, 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2 }, 15, 1, TCP_OPT_HAS_TS },
	{ "window scale of length 4", { 3, 4, 7, 0, 2, 4, 5, 180 }, 8, 1, TCP_OPT_HAS_MSS },
	{ "SACK-Permitted of length 3", { 4, 3, 0, 1 }, 4, 1, 0 },
	{ "timestamp of length 8", { 8, 8, 0, 0, 0, 1, 0, 0 }, 8, 1, 0 },
	{ "SACK of length 12 (not 2+8n)", { 5, 12, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0 }, 12, 1, 0 },
	{ "SACK of length 2 (no block)", { 5, 2, 2, 4, 5, 180 }, 6, 1, TCP_OPT_HAS_MSS },
	{ "good MSS then truncated SACK", { 2, 4, 5, 180, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2 }, 14, 1, TCP_OPT_HAS_MSS },
};

static void test_malformed(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		const struct bad_case *b = &bad_cases[i];
		tcp_opts p;
		bool ok = parse_exact(b->bytes, b->len, &p);
		if (ok || p.n_malformed != b->malformed || p.present != b->present)
			fprintf(stderr, "case \"%s\": ok=%d malformed=%u present=%#x\n", b->what, ok, p.n_malformed, p.present);
		CU_ASSERT_FALSE(ok);
		CU_ASSERT_EQUAL(p.n_malformed, b->malformed);
		CU_ASSERT_EQUAL(p.present, b->present);
	}
}

static void test_other_kinds_and_eol(void)
{
	/* an MPTCP option (kind 30) is skipped by its length; EOL ends the list */
	static const uint8_t b[] = { 30, 6, 0x10, 0, 0, 0, 1, 1, 2, 4, 1, 0, 0, 8, 10 };
	tcp_opts p;
	CU_ASSERT_TRUE(parse_exact(b, sizeof b, &p));
	CU_ASSERT_EQUAL(p.n_other, 1);
	CU_ASSERT_EQUAL(p.present, TCP_OPT_HAS_MSS);
	CU_ASSERT_EQUAL(p.mss, 256);
	static const uint8_t e[] = { 0, 2, 4, 5, 180 };
	CU_ASSERT_TRUE(parse_exact(e, sizeof e, &p));
	CU_ASSERT_EQUAL(p.present, 0);
	CU_ASSERT_TRUE(parse_exact(NULL, 0, &p));
}

static void test_random_bytes(void)
{
	/* any byte string of any length up to 40 parses without reading past its end */
	uint64_t x = 0x9e3779b97f4a7c15u;
	for (int round = 0; round < 20000; round++) {
		uint8_t b[TCP_OPTIONS_MAX];
		size_t len = (size_t)(round % (TCP_OPTIONS_MAX + 1));
		for (size_t i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* bias towards small kinds and lengths so that real options appear */
			b[i] = (uint8_t)((x & 3) == 0 ? x >> 8 : (x >> 8) % 12);
		}
		tcp_opts p;
		parse_exact(b, len, &p);
		CU_ASSERT(p.n_sack <= TCP_SACK_MAX_BLOCKS);
	}
}

static CU_TestInfo option_tests[] = {
	{ .pName = "SYN option bytes as Linux lays them out", .pTestFunc = test_syn_layout },
	{ .pName = "write/parse round trips of every combination", .pTestFunc = test_round_trips },
	{ .pName = "SACK blocks limited by the space left", .pTestFunc = test_sack_capacity },
	{ .pName = "malformed lengths are ignored and counted", .pTestFunc = test_malformed },
	{ .pName = "unknown kinds skipped, EOL ends the list", .pTestFunc = test_other_kinds_and_eol },
	{ .pName = "random bytes never read past the end", .pTestFunc = test_random_bytes },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "tcp options", .pTests = option_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
