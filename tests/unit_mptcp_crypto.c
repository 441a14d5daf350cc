/* unit_mptcp_crypto.c — MPTCP keys, tokens, IDSNs, HMACs and DSS checksums against published vectors.
 *
 * Every vector of reference/mptcp-wire.md §2, as tables:
 *   §2.1 the Linux KUnit HMAC-SHA256 vectors (net/mptcp/crypto_test.c), read as Linux reads them;
 *   §2.2 the real v0 trace (tcpdump tests/mptcp-v0.pcap, multipath-tcp.org kernel, 2013): keys,
 *        tokens, IDSNs, the MP_JOIN SYN/ACK and third-ACK HMACs, and its 14 DSS checksums, whose
 *        payload is read from the capture itself;
 *   §2.4 the ns-3 MPTCP vectors (v0) and their v1 counterparts.
 * Beyond §2: the IDSNs of tcpdump's tests/mptcp-v1.out (a real Linux v1 trace: its first DSNs are
 * IDSN + 1), ADD_ADDR HMACs derived with Python's hmac/hashlib (no published vector exists), the
 * chunked DSS checksum against the one-shot one at every split, and key generation against a
 * token table. */
#include "testutil.h"

#include "mptcp/crypto.h"
#include "pcap_read.h"
#include "wire.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define REF_CAPTURE TEST_SHARED_DIR "/reference/captures/mptcp-v0.pcap"

static void hex_decode(const char *hex, uint8_t *out, size_t n)
{
	CU_ASSERT_EQUAL_FATAL(strlen(hex), 2 * n);
	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;
		CU_ASSERT_EQUAL_FATAL(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

static uint64_t be64_of(const char *s)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | (uint8_t)s[i];
	return v;
}

static uint32_t be32_of(const char *s)
{
	return (uint32_t)(uint8_t)s[0] << 24 | (uint32_t)(uint8_t)s[1] << 16 | (uint32_t)(uint8_t)s[2] << 8 |
	       (uint32_t)(uint8_t)s[3];
}

/* ---- §2.1 Linux KUnit net/mptcp/crypto_test.c ---- */

/* The test's .key and .msg are C strings: key1 = key[0..7], key2 = key[8..15], nonce1 = msg[0..3],
 * nonce2 = msg[4..7], all read big-endian, so the HMAC key is the 16 ASCII bytes and the message
 * the 8 ASCII bytes (mptcp-wire.md §2.1, "Pitfall"). */
static const struct {
	const char *key, *msg, *result;
	uint64_t key1, key2;
	uint32_t nonce1, nonce2;
} kunit[] = {
	{ "0b0b0b0b0b0b0b0b", "48692054", "8385e24fb4235ac37556b6b886db106284a1da671699f46db1f235ec622dcafa",
	  UINT64_C(0x3062306230623062), UINT64_C(0x3062306230623062), 0x34383639, 0x32303534 },
	{ "aaaaaaaaaaaaaaaa", "dddddddd", "2c5e219164ff1dca1c4a92318d847bb6b9d44492984e1eb71aff9022f71046e9",
	  UINT64_C(0x6161616161616161), UINT64_C(0x6161616161616161), 0x64646464, 0x64646464 },
	{ "0102030405060708", "cdcdcdcd", "e73b9ba9969969cefb04aa0d6df18ec2fcc075b6f23b4d8c4da736a5dbbc6e7d",
	  UINT64_C(0x3031303230333034), UINT64_C(0x3035303630373038), 0x63646364, 0x63646364 },
};

static void test_kunit_hmac(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(kunit); i++) {
		uint64_t key1 = be64_of(kunit[i].key), key2 = be64_of(kunit[i].key + 8);
		uint32_t n1 = be32_of(kunit[i].msg), n2 = be32_of(kunit[i].msg + 4);
		CU_ASSERT_EQUAL(key1, kunit[i].key1);
		CU_ASSERT_EQUAL(key2, kunit[i].key2);
		CU_ASSERT_EQUAL(n1, kunit[i].nonce1);
		CU_ASSERT_EQUAL(n2, kunit[i].nonce2);
		uint8_t want[32], got[MPTCP_HMAC_MAX];
		hex_decode(kunit[i].result, want, sizeof want);
		CU_ASSERT_EQUAL(mptcp_crypto_hmac_sha(MPTCP_VERSION_1, key1, key2, (const uint8_t *)kunit[i].msg, 8, got), 32);
		CU_ASSERT_EQUAL(memcmp(got, want, 32), 0);
		/* The same inputs as an MP_JOIN: the third ACK carries the leftmost 160 bits, the SYN/ACK
		 * the leftmost 64. */
		uint8_t join[MPTCP_JOIN_HMAC_LEN];
		mptcp_crypto_join_hmac(MPTCP_VERSION_1, key1, key2, n1, n2, join);
		CU_ASSERT_EQUAL(memcmp(join, want, MPTCP_JOIN_HMAC_LEN), 0);
		uint64_t left64 = 0;
		for (int b = 0; b < 8; b++)
			left64 = left64 << 8 | want[b];
		CU_ASSERT_EQUAL(mptcp_crypto_join_thmac(MPTCP_VERSION_1, key1, key2, n1, n2), left64);
	}
}

/* ---- tokens and IDSNs ---- */

static const struct {
	const char *source;
	uint8_t version;
	uint64_t key;
	uint32_t token;
	uint64_t idsn;
} key_vectors[] = {
	/* §2.2, the v0 trace: Key-A (client 10.2.1.2), Key-B (server 10.1.1.2). */
	{ "v0 trace Key-A", MPTCP_VERSION_0, UINT64_C(0x9c9eabd1e46a33b2), 0xaf9706ebu, UINT64_C(0x9851b565d52abec9) },
	{ "v0 trace Key-B", MPTCP_VERSION_0, UINT64_C(0x967d2770b6960552), 0xe47f0142u, UINT64_C(0xe47ef57dd1b9748f) },
	/* The same values in decimal, as tshark printed them (expected_token, expected_idsn). */
	{ "v0 trace Key-A, tshark", MPTCP_VERSION_0, UINT64_C(11285646634205721522), 2945910507u,
	  UINT64_C(10975753215851282121) },
	{ "v0 trace Key-B, tshark", MPTCP_VERSION_0, UINT64_C(10843866842831127890), 3833528642u,
	  UINT64_C(16464867208451421327) },
	/* §2.4, ns-3 src/internet/test/mptcp-crypto-test.cc (v0, SHA-1). */
	{ "ns-3 client", MPTCP_VERSION_0, UINT64_C(17578475652852252522), 781076417u, UINT64_C(2027218329290435821) },
	{ "ns-3 server", MPTCP_VERSION_0, UINT64_C(4250710109353306436), 109896498u, UINT64_C(14296996231892742347) },
	/* §2.4, the same keys under v1 (SHA-256), cross-checked by tshark 4.0.17. */
	{ "ns-3 client v1", MPTCP_VERSION_1, UINT64_C(17578475652852252522), 2770185612u,
	  UINT64_C(14833977774393048890) },
	{ "ns-3 server v1", MPTCP_VERSION_1, UINT64_C(4250710109353306436), 2178862237u, UINT64_C(5461729324671480321) },
};

static void test_tokens_idsns(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(key_vectors); i++) {
		uint32_t token = 0;
		uint64_t idsn = 0;
		mptcp_crypto_key_sha(key_vectors[i].version, key_vectors[i].key, &token, &idsn);
		if (token != key_vectors[i].token || idsn != key_vectors[i].idsn)
			fprintf(stderr, "%s: token %08" PRIx32 " idsn %016" PRIx64 "\n", key_vectors[i].source, token, idsn);
		CU_ASSERT_EQUAL(token, key_vectors[i].token);
		CU_ASSERT_EQUAL(idsn, key_vectors[i].idsn);
		CU_ASSERT_EQUAL(mptcp_crypto_token(key_vectors[i].version, key_vectors[i].key), key_vectors[i].token);
		CU_ASSERT_EQUAL(mptcp_crypto_idsn(key_vectors[i].version, key_vectors[i].key), key_vectors[i].idsn);
	}
	/* Either output may be left out. */
	uint32_t token = 0;
	mptcp_crypto_key_sha(MPTCP_VERSION_0, key_vectors[0].key, &token, NULL);
	CU_ASSERT_EQUAL(token, key_vectors[0].token);
}

/* tcpdump tests/mptcp-v1.out, a real Linux v1 trace: MP_CAPABLE keys {0x1fdb5df328bc3def (client),
 * 0x29a6c86981ad933c (server)}; the client's first mapping starts at DSN 14413541604287230030
 * (frame 9: "seq 14413541604287238222 subseq 8193" is 8192 bytes on), the server's at
 * 11713449205243392242 (frame 7, subseq 1). The first data byte's DSN is IDSN + 1. */
static void test_linux_v1_trace_idsn(void)
{
	CU_ASSERT_EQUAL(mptcp_crypto_idsn(MPTCP_VERSION_1, UINT64_C(0x1fdb5df328bc3def)) + 1,
			UINT64_C(14413541604287230030));
	CU_ASSERT_EQUAL(mptcp_crypto_idsn(MPTCP_VERSION_1, UINT64_C(0x29a6c86981ad933c)) + 1,
			UINT64_C(11713449205243392242));
	/* The frame 9 mapping: 8192 bytes after the first. */
	CU_ASSERT_EQUAL(mptcp_crypto_idsn(MPTCP_VERSION_1, UINT64_C(0x1fdb5df328bc3def)) + 1 + 8192,
			UINT64_C(14413541604287238222));
}

/* ---- MP_JOIN HMACs ---- */

/* A = the joiner (sends the SYN and the third ACK), B = the listener (sends the SYN/ACK). */
typedef struct join_vector {
	const char *source;
	uint8_t version;
	uint64_t key_a, key_b;
	uint32_t r_a, r_b;
	uint64_t thmac_b;   /* SYN/ACK: leftmost 64 bits of HMAC(Key-B || Key-A, R-B || R-A) */
	const char *hmac_a; /* third ACK: leftmost 160 bits of HMAC(Key-A || Key-B, R-A || R-B) */
} join_vector;

static const join_vector join_vectors[] = {
	/* §2.2: the v0 trace's join (frames 8-10), wire values and recomputation agree. */
	{ "v0 trace", MPTCP_VERSION_0, UINT64_C(0x9c9eabd1e46a33b2), UINT64_C(0x967d2770b6960552), 0x1b665a18u,
	  0x33abe9d5u, UINT64_C(0x5ab680c7884af03d), "cb7b87f5e5f0502f43b535fb70ef6607df2e6c7a" },
	/* §2.4: ns-3, nonceSyn = R-A, nonceSynAck = R-B; expectedHmacSynAck (SRC) and the third ACK (DERIVED). */
	{ "ns-3 v0", MPTCP_VERSION_0, UINT64_C(17578475652852252522), UINT64_C(4250710109353306436), 4179070691u,
	  786372555u, UINT64_C(17675966670101668951), "063e65ee505d974056a3022fd228016fe24c1a1b" },
	/* §2.4: the same under v1 (DERIVED). */
	{ "ns-3 v1", MPTCP_VERSION_1, UINT64_C(17578475652852252522), UINT64_C(4250710109353306436), 4179070691u,
	  786372555u, UINT64_C(0x494b5b3ac9c78697), "2d1353429a52fa77c16d0fed0a05eccf6d2921eb" },
};

static void test_join_hmacs(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(join_vectors); i++) {
		const join_vector *v = &join_vectors[i];
		uint64_t thmac = mptcp_crypto_join_thmac(v->version, v->key_b, v->key_a, v->r_b, v->r_a);
		if (thmac != v->thmac_b)
			fprintf(stderr, "%s: thmac %016" PRIx64 "\n", v->source, thmac);
		CU_ASSERT_EQUAL(thmac, v->thmac_b);
		uint8_t want[MPTCP_JOIN_HMAC_LEN], got[MPTCP_JOIN_HMAC_LEN];
		hex_decode(v->hmac_a, want, sizeof want);
		mptcp_crypto_join_hmac(v->version, v->key_a, v->key_b, v->r_a, v->r_b, got);
		CU_ASSERT_EQUAL(memcmp(got, want, sizeof want), 0);
		/* Key order matters: the listener's check of the third ACK uses (remote, local). */
		mptcp_crypto_join_hmac(v->version, v->key_b, v->key_a, v->r_a, v->r_b, got);
		CU_ASSERT_NOT_EQUAL(memcmp(got, want, sizeof want), 0);
	}
	/* v0 keeps the whole SHA-1 digest; v1 truncates SHA-256 (32 bytes) to 160 bits. */
	uint8_t full[MPTCP_HMAC_MAX];
	CU_ASSERT_EQUAL(mptcp_crypto_hmac_sha(MPTCP_VERSION_0, 1, 2, (const uint8_t *)"x", 1, full), 20);
	CU_ASSERT_EQUAL(mptcp_crypto_hmac_sha(MPTCP_VERSION_1, 1, 2, (const uint8_t *)"x", 1, full), 32);
}

/* ---- ADD_ADDR HMAC (v1) ---- */

/* No published vector: DERIVED with Python 3 hmac.new(key1_be || key2_be, id || addr || port_be,
 * hashlib.sha256).digest()[-8:], with the ns-3 keys (server = Key-S, client = Key-C). */
static const struct {
	uint64_t key1, key2;
	uint8_t id;
	const char *addr;
	uint16_t port;
	uint64_t hmac;
} add_addr_vectors[] = {
	{ UINT64_C(4250710109353306436), UINT64_C(17578475652852252522), 1, "10.1.2.2", 0, UINT64_C(0x88f7bc24cefac66d) },
	{ UINT64_C(4250710109353306436), UINT64_C(17578475652852252522), 2, "192.0.2.7", 8080,
	  UINT64_C(0xad95294a911e3b63) },
	{ UINT64_C(17578475652852252522), UINT64_C(4250710109353306436), 5, "2001:db8::1", 0,
	  UINT64_C(0x832a0f980e1294b5) },
	{ UINT64_C(17578475652852252522), UINT64_C(4250710109353306436), 9, "2001:db8:1::abcd", 443,
	  UINT64_C(0x1fce1a0f6a9228ea) },
};

static void test_add_addr_hmac(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(add_addr_vectors); i++) {
		net_addr a;
		CU_ASSERT_TRUE_FATAL(net_addr_parse(add_addr_vectors[i].addr, &a, NULL));
		uint64_t h = mptcp_crypto_add_addr_hmac(add_addr_vectors[i].key1, add_addr_vectors[i].key2,
							add_addr_vectors[i].id, &a, add_addr_vectors[i].port);
		if (h != add_addr_vectors[i].hmac)
			fprintf(stderr, "ADD_ADDR %s: %016" PRIx64 "\n", add_addr_vectors[i].addr, h);
		CU_ASSERT_EQUAL(h, add_addr_vectors[i].hmac);
	}
	/* Rightmost 64 bits of the whole HMAC-SHA256, over id, address and the two port bytes
	 * (zero when absent): recompute from the generic HMAC. */
	net_addr a = net_addr_v4(10, 1, 2, 2);
	const uint8_t msg[7] = { 1, 10, 1, 2, 2, 0, 0 };
	uint8_t full[MPTCP_HMAC_MAX];
	CU_ASSERT_EQUAL(mptcp_crypto_hmac_sha(MPTCP_VERSION_1, 7, 9, msg, sizeof msg, full), 32);
	uint64_t right = 0;
	for (int b = 24; b < 32; b++)
		right = right << 8 | full[b];
	CU_ASSERT_EQUAL(mptcp_crypto_add_addr_hmac(7, 9, 1, &a, 0), right);
	CU_ASSERT_NOT_EQUAL(mptcp_crypto_add_addr_hmac(7, 9, 1, &a, 1), right);
	CU_ASSERT_NOT_EQUAL(mptcp_crypto_add_addr_hmac(9, 7, 1, &a, 0), right);
}

/* ---- DSS checksums ---- */

/* A payload_fill_fn over bytes in memory: `stream` carries the buffer's address. */
static void fill_from_memory(uint64_t stream, uint64_t offset, uint8_t *out, size_t len)
{
	const uint8_t *base = (const uint8_t *)(uintptr_t)stream;
	memcpy(out, base + offset, len);
}

/* §2.2: the 14 checksums of the v0 trace. DSN64 = the sender's IDSN with the wire's low 32 bits
 * (IDSN-B 0xe47ef57dd1b9748f for the server, IDSN-A 0x9851b565d52abec9 for the client). */
static const struct {
	unsigned frame;
	uint64_t dsn64;
	uint32_t ssn;
	uint16_t len;
	uint16_t csum;
} dss_vectors[] = {
	{ 4, UINT64_C(0xe47ef57dd1b97490), 1, 41, 0x082f },     /* server */
	{ 6, UINT64_C(0x9851b565d52abeca), 1, 41, 0x45c9 },     /* client */
	{ 11, UINT64_C(0x9851b565d52abef3), 42, 848, 0x6d11 },  /* client */
	{ 14, UINT64_C(0xe47ef57dd1b974b9), 1, 784, 0x5187 },   /* server */
	{ 16, UINT64_C(0x9851b565d52ac243), 1, 24, 0xec8a },    /* client */
	{ 18, UINT64_C(0xe47ef57dd1b977c9), 785, 152, 0x217c }, /* server */
	{ 19, UINT64_C(0x9851b565d52ac25b), 25, 144, 0x7220 },  /* client */
	{ 20, UINT64_C(0xe47ef57dd1b97861), 937, 720, 0xfb83 }, /* server */
	{ 21, UINT64_C(0x9851b565d52ac2eb), 890, 16, 0x0c87 },  /* client */
	{ 23, UINT64_C(0x9851b565d52ac2fb), 906, 48, 0x36d0 },  /* client */
	{ 25, UINT64_C(0xe47ef57dd1b97b31), 1657, 48, 0xb8f3 }, /* server */
	{ 27, UINT64_C(0x9851b565d52ac32b), 954, 64, 0x71f6 },  /* client */
	{ 29, UINT64_C(0xe47ef57dd1b97b61), 1705, 64, 0x67b9 }, /* server */
	{ 30, UINT64_C(0x9851b565d52ac36b), 1018, 368, 0x81d2 }, /* client */
};

/* The TCP payload of frame `frame` of the reference capture, whole. */
static GByteArray *capture_payload(unsigned frame)
{
	GError *e = NULL;
	pcap_reader *r = pcap_reader_open(REF_CAPTURE, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	pcap_packet pkt;
	GByteArray *out = NULL;
	while (!out && pcap_reader_next(r, &pkt, &e) == PCAP_READ_PACKET) {
		if (pkt.number != frame)
			continue;
		segment s;
		wire_info info;
		CU_ASSERT_EQUAL_FATAL(pcap_packet_parse(&pkt, &s, &info), WIRE_OK);
		CU_ASSERT_EQUAL_FATAL(info.payload_captured, s.payload_len);
		out = g_byte_array_new();
		g_byte_array_append(out, pkt.ip + info.payload_offset, info.payload_captured);
	}
	CU_ASSERT_PTR_NULL(e);
	pcap_reader_free(r);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	return out;
}

static void test_dss_capture_vectors(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(dss_vectors); i++) {
		GByteArray *p = capture_payload(dss_vectors[i].frame);
		CU_ASSERT_EQUAL(p->len, dss_vectors[i].len);
		uint16_t c = mptcp_dss_csum(dss_vectors[i].dsn64, dss_vectors[i].ssn, dss_vectors[i].len,
					    fill_from_memory, (uint64_t)(uintptr_t)p->data, 0, p->len);
		if (c != dss_vectors[i].csum)
			fprintf(stderr, "frame %u: checksum 0x%04x, wire 0x%04x\n", dss_vectors[i].frame, c,
				dss_vectors[i].csum);
		CU_ASSERT_EQUAL(c, dss_vectors[i].csum);
		uint32_t sum = mptcp_dss_csum_start(dss_vectors[i].dsn64, dss_vectors[i].ssn, dss_vectors[i].len);
		CU_ASSERT_EQUAL(mptcp_dss_csum_finish(mptcp_dss_csum_add_bytes(sum, p->data, p->len, 0)), dss_vectors[i].csum);
		/* RFC 8684 §3.3.1: the pseudo-header takes the 64-bit DSN although the option carried 32
		 * bits; with the 32-bit value the checksum does not match. */
		uint16_t c32 = mptcp_dss_csum((uint32_t)dss_vectors[i].dsn64, dss_vectors[i].ssn, dss_vectors[i].len,
					      fill_from_memory, (uint64_t)(uintptr_t)p->data, 0, p->len);
		CU_ASSERT_NOT_EQUAL(c32, dss_vectors[i].csum);
		g_byte_array_unref(p);
	}
}

/* Frames 4 and 6, whose payloads mptcp-wire.md gives in full. */
static void test_dss_literal_vectors(void)
{
	const char *p4 = "SSH-2.0-OpenSSH_5.5p1 Debian-6+squeeze1\r\n";
	const char *p6 = "SSH-2.0-OpenSSH_5.5p1 Debian-6+squeeze2\r\n";
	CU_ASSERT_EQUAL(strlen(p4), 41);
	CU_ASSERT_EQUAL(mptcp_dss_csum(UINT64_C(0xe47ef57dd1b97490), 1, 41, fill_from_memory, (uint64_t)(uintptr_t)p4, 0, 41),
			0x082f);
	CU_ASSERT_EQUAL(mptcp_dss_csum(UINT64_C(0x9851b565d52abeca), 1, 41, fill_from_memory, (uint64_t)(uintptr_t)p6, 0, 41),
			0x45c9);
	/* And its DSN64 is IDSN + 1, from the key. */
	CU_ASSERT_EQUAL(mptcp_crypto_idsn(MPTCP_VERSION_0, UINT64_C(0x967d2770b6960552)) + 1, UINT64_C(0xe47ef57dd1b97490));
}

/* A mapping summed in pieces (as it arrives, segment by segment, at odd offsets too) gives the
 * checksum of the whole; zero payload bytes (fill NULL) add nothing. */
static void test_dss_chunked(void)
{
	const uint64_t stream = 77, offset = 1000003;
	const uint64_t dsn = UINT64_C(0x0123456789abcdef);
	for (uint64_t len = 0; len <= 3000; len += len < 40 ? 1 : 997) {
		uint16_t whole = mptcp_dss_csum(dsn, 5, (uint16_t)len, payload_pattern_fill, stream, offset, len);
		uint8_t *buf = g_malloc(len ? len : 1);
		payload_pattern_fill(stream, offset, buf, len);
		uint32_t s = mptcp_dss_csum_start(dsn, 5, (uint16_t)len);
		CU_ASSERT_EQUAL(mptcp_dss_csum_finish(mptcp_dss_csum_add_bytes(s, buf, len, 0)), whole);
		for (uint64_t cut = 0; cut <= len; cut += len < 40 ? 1 : 331) {
			uint32_t sum = mptcp_dss_csum_start(dsn, 5, (uint16_t)len);
			sum = mptcp_dss_csum_add(sum, payload_pattern_fill, stream, offset, cut, 0);
			uint64_t cut2 = cut + (len - cut) / 3;
			sum = mptcp_dss_csum_add(sum, payload_pattern_fill, stream, offset + cut, cut2 - cut, cut);
			sum = mptcp_dss_csum_add_bytes(sum, buf + cut2, len - cut2, cut2);
			CU_ASSERT_EQUAL(mptcp_dss_csum_finish(sum), whole);
		}
		g_free(buf);
	}
	/* Zero payload: NULL fill equals a fill of zeros, and equals the pseudo-header alone. */
	uint8_t zeros[64] = { 0 };
	uint16_t z = mptcp_dss_csum(dsn, 9, 64, fill_from_memory, (uint64_t)(uintptr_t)zeros, 0, 64);
	CU_ASSERT_EQUAL(mptcp_dss_csum(dsn, 9, 64, NULL, 0, 0, 64), z);
	CU_ASSERT_EQUAL(mptcp_dss_csum_finish(mptcp_dss_csum_start(dsn, 9, 64)), z);
	/* Verification by summing the data with its checksum in the zero field gives 0: fold of the
	 * complement. */
	uint32_t s = mptcp_dss_csum_start(dsn, 9, 64);
	CU_ASSERT_EQUAL(wire_csum_fold(wire_csum_add16(s, z)), 0);
}

/* ---- key generation ---- */

typedef struct fake_rng {
	uint64_t next;
	int draws;
} fake_rng;

static uint64_t fake_random(void *ctx)
{
	fake_rng *r = ctx;
	r->draws++;
	return r->next++;
}

typedef struct token_set {
	uint32_t tokens[8];
	int n;
	int queries;
} token_set;

static bool token_taken(void *ctx, uint32_t token)
{
	token_set *t = ctx;
	t->queries++;
	for (int i = 0; i < t->n; i++)
		if (t->tokens[i] == token)
			return true;
	return false;
}

static void test_key_gen(void)
{
	for (uint8_t version = 0; version <= 1; version++) {
		/* Without a check the first key is taken. */
		fake_rng rng = { .next = 1000 };
		mptcp_key k;
		CU_ASSERT_TRUE(mptcp_crypto_key_gen(version, fake_random, &rng, NULL, NULL, &k));
		CU_ASSERT_EQUAL(k.key, 1000);
		CU_ASSERT_EQUAL(k.token, mptcp_crypto_token(version, 1000));
		CU_ASSERT_EQUAL(k.idsn, mptcp_crypto_idsn(version, 1000));
		CU_ASSERT_EQUAL(rng.draws, 1);

		/* The tokens of the next three keys are in use: the fourth draw is taken. */
		token_set used = { .n = 3 };
		for (int i = 0; i < 3; i++)
			used.tokens[i] = mptcp_crypto_token(version, (uint64_t)(2000 + i));
		rng = (fake_rng){ .next = 2000 };
		CU_ASSERT_TRUE(mptcp_crypto_key_gen(version, fake_random, &rng, token_taken, &used, &k));
		CU_ASSERT_EQUAL(k.key, 2003);
		CU_ASSERT_EQUAL(k.token, mptcp_crypto_token(version, 2003));
		CU_ASSERT_EQUAL(rng.draws, 4);
		CU_ASSERT_EQUAL(used.queries, 4);

		/* Four collisions in a row: give up, as Linux, and leave `out` alone. */
		used = (token_set){ .n = 4 };
		for (int i = 0; i < 4; i++)
			used.tokens[i] = mptcp_crypto_token(version, (uint64_t)(3000 + i));
		rng = (fake_rng){ .next = 3000 };
		mptcp_key before = { .key = 42, .token = 43, .idsn = 44 };
		k = before;
		CU_ASSERT_FALSE(mptcp_crypto_key_gen(version, fake_random, &rng, token_taken, &used, &k));
		CU_ASSERT_EQUAL(rng.draws, MPTCP_TOKEN_MAX_RETRIES);
		CU_ASSERT_EQUAL(memcmp(&k, &before, sizeof k), 0);
	}
}

static CU_TestInfo crypto_tests[] = {
	{ .pName = "Linux KUnit HMAC-SHA256 vectors", .pTestFunc = test_kunit_hmac },
	{ .pName = "tokens and IDSNs (v0 trace, ns-3 v0 and v1)", .pTestFunc = test_tokens_idsns },
	{ .pName = "IDSNs of the Linux v1 trace", .pTestFunc = test_linux_v1_trace_idsn },
	{ .pName = "MP_JOIN HMACs (v0 trace, ns-3 v0 and v1)", .pTestFunc = test_join_hmacs },
	{ .pName = "ADD_ADDR HMAC", .pTestFunc = test_add_addr_hmac },
	{ .pName = "key generation with unique tokens", .pTestFunc = test_key_gen },
	TEST_END_OF_TESTS,
};

static CU_TestInfo dss_tests[] = {
	{ .pName = "14 checksums of the v0 trace", .pTestFunc = test_dss_capture_vectors },
	{ .pName = "frames 4 and 6 from their printed payloads", .pTestFunc = test_dss_literal_vectors },
	{ .pName = "chunked and odd positions", .pTestFunc = test_dss_chunked },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "crypto", .pTests = crypto_tests },
	{ .pName = "dss checksum", .pTests = dss_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
