/* unit_wire.c — wire serialisation and parsing (protocol/wire.h) against hand-computed bytes.
 *
 * Expected packets were computed outside mptcpsim (a few lines of Python's struct module) and
 * checked with tshark's checksum validation; every checksum is also recomputed here by a deliberately
 * naive RFC 1071 implementation that shares no code with wire.c. */
#include "testutil.h"

#include "error.h"
#include "payload.h"
#include "wire.h"

#include <stdlib.h>
#include <string.h>

/* ---- independent reference implementations ---- */

/* RFC 1071 §4.1, the obvious way: 16-bit words, odd byte padded, carries folded at the end. */
static uint16_t ref_checksum_parts(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	uint8_t *all = g_malloc(alen + blen + 1);
	memcpy(all, a, alen);
	if (blen)
		memcpy(all + alen, b, blen);
	size_t n = alen + blen;
	all[n] = 0;
	uint64_t s = 0;
	for (size_t i = 0; i < n; i += 2)
		s += (uint64_t)all[i] << 8 | all[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	g_free(all);
	return (uint16_t)~s;
}

static uint16_t ref_checksum(const uint8_t *d, size_t n)
{
	return ref_checksum_parts(d, n, NULL, 0);
}

/* TCP/UDP checksum of a complete packet without extension headers, over its checksum field as sent:
 * 0 when the packet is correct. */
static uint16_t ref_l4_verify(const uint8_t *pkt)
{
	uint8_t ph[40];
	size_t phlen;
	const uint8_t *l4;
	size_t l4len;
	if (pkt[0] >> 4 == 4) {
		size_t ihl = (size_t)(pkt[0] & 15) * 4;
		l4len = ((size_t)pkt[2] << 8 | pkt[3]) - ihl;
		l4 = pkt + ihl;
		memcpy(ph, pkt + 12, 8);
		ph[8] = 0;
		ph[9] = pkt[9];
		ph[10] = (uint8_t)(l4len >> 8);
		ph[11] = (uint8_t)l4len;
		phlen = 12;
	} else {
		l4len = (size_t)pkt[4] << 8 | pkt[5];
		l4 = pkt + 40;
		memcpy(ph, pkt + 8, 32);
		ph[32] = 0;
		ph[33] = 0;
		ph[34] = (uint8_t)(l4len >> 8);
		ph[35] = (uint8_t)l4len;
		ph[36] = ph[37] = ph[38] = 0;
		ph[39] = pkt[6];
		phlen = 40;
	}
	/* Sum pseudo-header and segment as one message (phlen is even). */
	uint8_t *msg = g_malloc(phlen + l4len);
	memcpy(msg, ph, phlen);
	memcpy(msg + phlen, l4, l4len);
	uint16_t r = ref_checksum(msg, phlen + l4len);
	g_free(msg);
	return r;
}

/* Payload for the hand-computed packets: "abcdefghijklmnopqrstuvwxyz" repeated. */
static void fill_alphabet(uint64_t stream, uint64_t offset, uint8_t *out, size_t len)
{
	(void)stream;
	for (size_t i = 0; i < len; i++)
		out[i] = (uint8_t)('a' + (offset + i) % 26);
}

/* A tiny deterministic generator for table-free variety (xorshift64*). */
static uint64_t xs_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64_C(2685821657736338717);
}

static segment seg_v4_tcp(void)
{
	segment s = { .src = net_addr_v4(10, 0, 0, 1), .dst = net_addr_v4(10, 0, 0, 2), .sport = 40000, .dport = 80,
		      .proto = SEG_PROTO_TCP, .flags = TCP_FLAG_SYN, .seq = 0x01020304, .window = 65535,
		      .opt_len = 6, .options = { 2, 4, 0x05, 0xb4, 4, 2 } };
	return s;
}

static net_addr addr6(uint8_t last)
{
	net_addr a = { .family = NET_AF_INET6, .bytes = { 0xfd, 0x00, [15] = last } };
	return a;
}

/* ---- checksum ---- */

static void test_csum_rfc1071_example(void)
{
	/* RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (after the end-around carry). */
	const uint8_t d[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	CU_ASSERT_EQUAL(wire_csum_fold(wire_csum_add(0, d, sizeof d)), (uint16_t)~0xddf2);
	CU_ASSERT_EQUAL(wire_csum_fold(wire_csum_add(0, d, sizeof d)), ref_checksum(d, sizeof d));
	/* Nothing summed: the checksum of no data is all ones. */
	CU_ASSERT_EQUAL(wire_csum_fold(0), 0xffff);
	CU_ASSERT_EQUAL(wire_csum_fold(wire_csum_add16(0, 0x1234)), (uint16_t)~0x1234);
}

static void test_csum_incremental(void)
{
	/* Every length up to 300 and every split point: chunked sums equal the one-shot naive sum,
	 * whether the split falls at an even or odd position. */
	uint8_t d[300];
	uint64_t st = 42;
	for (size_t i = 0; i < sizeof d; i++)
		d[i] = (uint8_t)xs_next(&st);
	int bad = 0;
	for (size_t n = 0; n <= sizeof d; n++) {
		uint16_t want = ref_checksum(d, n);
		if (wire_csum_fold(wire_csum_add(0, d, n)) != want)
			bad++;
		for (size_t cut = 0; cut <= n; cut++) {
			uint32_t s = wire_csum_add_at(0, d, cut, 0);
			s = wire_csum_add_at(s, d + cut, n - cut, cut);
			if (wire_csum_fold(s) != want)
				bad++;
		}
		/* Three pieces at odd positions. */
		if (n >= 7) {
			uint32_t s = wire_csum_add_at(0, d, 3, 0);
			s = wire_csum_add_at(s, d + 3, 3, 3);
			s = wire_csum_add_at(s, d + 6, n - 6, 6);
			if (wire_csum_fold(s) != want)
				bad++;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* Long runs of 0xff exercise the carry paths: 65536 bytes of all ones. */
	uint8_t *big = g_malloc(65536);
	memset(big, 0xff, 65536);
	CU_ASSERT_EQUAL(wire_csum_fold(wire_csum_add(0, big, 65536)), ref_checksum(big, 65536));
	CU_ASSERT_EQUAL(wire_csum_fold(wire_csum_add(0, big, 65535)), ref_checksum(big, 65535));
	g_free(big);
}

/* ---- serialisation against hand-computed bytes ---- */

static void test_known_ipv4_syn(void)
{
	static const uint8_t want[] = {
		0x45, 0x00, 0x00, 0x30, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x14, 0x92,
		0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x00, 0x50,
		0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00, 0x70, 0x02, 0xff, 0xff,
		0xcf, 0x87, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x00, 0x00,
	};
	segment s = seg_v4_tcp();
	uint8_t buf[WIRE_PACKET_MAX];
	uint32_t n = 0;
	GError *e = NULL;
	CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 0x1234, buf, sizeof buf, UINT32_MAX, &n, &e));
	CU_ASSERT_EQUAL_FATAL(n, sizeof want);
	CU_ASSERT_EQUAL(n, segment_wire_len(&s));
	CU_ASSERT_EQUAL(memcmp(buf, want, sizeof want), 0);
	CU_ASSERT_EQUAL(ref_checksum(buf, IPV4_HEADER_LEN), 0);
	CU_ASSERT_EQUAL(ref_l4_verify(buf), 0);
}

static void test_known_ipv4_data_odd(void)
{
	/* PSH|ACK, NOP NOP + timestamps, 5 payload bytes (odd: the last byte is padded in the sum). */
	static const uint8_t want[] = {
		0x45, 0x00, 0x00, 0x39, 0x00, 0x07, 0x40, 0x00, 0x40, 0x06, 0xb7, 0x49,
		0xc0, 0xa8, 0x01, 0x0a, 0xc0, 0xa8, 0x01, 0x14, 0x01, 0xbb, 0xc7, 0x38,
		0xff, 0xff, 0xff, 0xf0, 0x80, 0x00, 0x00, 0x01, 0x80, 0x18, 0x04, 0x00,
		0x7c, 0x91, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x02, 0x61, 0x62, 0x63, 0x64, 0x65,
	};
	segment s = { .src = net_addr_v4(192, 168, 1, 10), .dst = net_addr_v4(192, 168, 1, 20), .sport = 443,
		      .dport = 51000, .proto = SEG_PROTO_TCP, .flags = TCP_FLAG_PSH | TCP_FLAG_ACK,
		      .seq = 0xfffffff0, .ack = 0x80000001, .window = 1024, .opt_len = 12,
		      .options = { 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2 }, .payload_len = 5,
		      .payload_fill = fill_alphabet };
	uint8_t buf[128];
	uint32_t n = 0;
	CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 7, buf, sizeof buf, UINT32_MAX, &n, NULL));
	CU_ASSERT_EQUAL_FATAL(n, sizeof want);
	CU_ASSERT_EQUAL(memcmp(buf, want, sizeof want), 0);
	CU_ASSERT_EQUAL(ref_l4_verify(buf), 0);
}

static void test_known_ipv6_udp(void)
{
	static const uint8_t want[] = {
		0x60, 0x00, 0x00, 0x00, 0x00, 0x0b, 0x11, 0x40, 0xfd, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
		0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x02, 0x14, 0xe9, 0x00, 0x35, 0x00, 0x0b, 0x2c, 0x53,
		0x61, 0x62, 0x63,
	};
	segment s = { .src = addr6(1), .dst = addr6(2), .sport = 5353, .dport = 53, .proto = SEG_PROTO_UDP,
		      .payload_len = 3, .payload_fill = fill_alphabet };
	uint8_t buf[128];
	uint32_t n = 0;
	CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 99, buf, sizeof buf, UINT32_MAX, &n, NULL));
	CU_ASSERT_EQUAL_FATAL(n, sizeof want);
	CU_ASSERT_EQUAL(memcmp(buf, want, sizeof want), 0);
	CU_ASSERT_EQUAL(ref_l4_verify(buf), 0);

	segment p;
	wire_info info;
	CU_ASSERT_EQUAL_FATAL(wire_parse(buf, n, n, &p, &info), WIRE_OK);
	CU_ASSERT_EQUAL(info.ip_version, 6);
	CU_ASSERT_TRUE(net_addr_equal(&p.src, &s.src));
	CU_ASSERT_TRUE(net_addr_equal(&p.dst, &s.dst));
	CU_ASSERT_EQUAL(p.proto, SEG_PROTO_UDP);
	CU_ASSERT_EQUAL(p.payload_len, 3);
	CU_ASSERT_EQUAL(p.ttl, WIRE_DEFAULT_TTL);
	CU_ASSERT_TRUE(info.l4_csum_checked);
	CU_ASSERT_TRUE(info.l4_csum_ok);
	CU_ASSERT_FALSE(info.ip_csum_checked);
}

static void test_udp_zero_checksum(void)
{
	/* RFC 768: a computed checksum of zero goes on the wire as 0xffff. Find the source port that
	 * makes the sum zero (the sum moves by one per port step, so one exists), for IPv4 and IPv6. */
	for (int fam = 0; fam < 2; fam++) {
		segment s = { .src = fam ? addr6(1) : net_addr_v4(10, 1, 1, 1),
			      .dst = fam ? addr6(9) : net_addr_v4(10, 9, 9, 9), .dport = 4242,
			      .proto = SEG_PROTO_UDP, .payload_len = 11, .payload_fill = fill_alphabet };
		uint8_t buf[128];
		uint32_t n = 0;
		int found = 0;
		for (uint32_t port = 0; port <= 0xffff && !found; port++) {
			s.sport = (uint16_t)port;
			CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 0, buf, sizeof buf, UINT32_MAX, &n, NULL));
			size_t l4 = fam ? IPV6_HEADER_LEN : IPV4_HEADER_LEN;
			uint16_t field = (uint16_t)(buf[l4 + 6] << 8 | buf[l4 + 7]);
			CU_ASSERT_NOT_EQUAL(field, 0);
			/* With the field zeroed the naive checksum is what the sender computed. */
			buf[l4 + 6] = buf[l4 + 7] = 0;
			if (ref_l4_verify(buf) == 0) {
				found = 1;
				CU_ASSERT_EQUAL(field, 0xffff);
				buf[l4 + 6] = buf[l4 + 7] = 0xff;
				segment p;
				wire_info info;
				CU_ASSERT_EQUAL(wire_parse(buf, n, n, &p, &info), WIRE_OK);
				CU_ASSERT_TRUE(info.l4_csum_checked);
				CU_ASSERT_TRUE(info.l4_csum_ok);
			}
		}
		CU_ASSERT_TRUE(found);
	}
}

static void test_udp_checksum_absent(void)
{
	segment s = { .src = net_addr_v4(10, 1, 1, 1), .dst = net_addr_v4(10, 9, 9, 9), .sport = 1, .dport = 2,
		      .proto = SEG_PROTO_UDP, .payload_len = 4 };
	uint8_t buf[64];
	uint32_t n = 0;
	CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 0, buf, sizeof buf, UINT32_MAX, &n, NULL));
	segment p;
	wire_info info;
	/* IPv4, checksum zero: RFC 768 "no checksum", nothing to verify. */
	buf[26] = buf[27] = 0;
	CU_ASSERT_EQUAL(wire_parse(buf, n, n, &p, &info), WIRE_OK);
	CU_ASSERT_FALSE(info.l4_csum_checked);
	/* IPv6, checksum zero: RFC 8200 §8.1 makes it invalid. */
	s.src = addr6(1);
	s.dst = addr6(2);
	CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 0, buf, sizeof buf, UINT32_MAX, &n, NULL));
	buf[46] = buf[47] = 0;
	CU_ASSERT_EQUAL(wire_parse(buf, n, n, &p, &info), WIRE_OK);
	CU_ASSERT_TRUE(info.l4_csum_checked);
	CU_ASSERT_FALSE(info.l4_csum_ok);
}

/* ---- round trips ---- */

/* A random but well-formed option block: NOPs and TLVs, ending anywhere. */
static uint8_t random_options(uint64_t *st, uint8_t *o)
{
	uint8_t want = (uint8_t)(xs_next(st) % (TCP_OPTIONS_MAX + 1));
	uint8_t n = 0;
	while (n < want) {
		uint8_t room = (uint8_t)(TCP_OPTIONS_MAX - n);
		if (room < 2 || xs_next(st) % 4 == 0) {
			o[n++] = 1;
			continue;
		}
		uint8_t len = (uint8_t)(2 + xs_next(st) % (room - 1));
		o[n] = (uint8_t)(2 + xs_next(st) % 250);
		o[n + 1] = len;
		for (uint8_t k = 2; k < len; k++)
			o[n + k] = (uint8_t)xs_next(st);
		n = (uint8_t)(n + len);
	}
	return n;
}

static void test_roundtrip(void)
{
	uint64_t st = 7;
	uint8_t *buf = g_malloc(WIRE_PACKET_MAX);
	int mismatches = 0;
	for (int i = 0; i < 2000; i++) {
		bool v6 = xs_next(&st) & 1;
		bool udp = xs_next(&st) % 5 == 0;
		segment s = { .src = v6 ? addr6((uint8_t)xs_next(&st)) : net_addr_v4(10, 0, 0, (uint8_t)xs_next(&st)),
			      .dst = v6 ? addr6(200) : net_addr_v4(10, 0, 1, (uint8_t)xs_next(&st)),
			      .sport = (uint16_t)xs_next(&st), .dport = (uint16_t)xs_next(&st),
			      .proto = udp ? SEG_PROTO_UDP : SEG_PROTO_TCP, .ttl = (uint8_t)xs_next(&st) };
		if (!udp) {
			s.flags = (uint8_t)xs_next(&st);
			s.seq = (uint32_t)xs_next(&st);
			s.ack = (uint32_t)xs_next(&st);
			s.window = (uint16_t)xs_next(&st);
			s.opt_len = random_options(&st, s.options);
		}
		uint64_t r = xs_next(&st) % 8;
		s.payload_len = r == 0 ? 0 : r < 6 ? (uint32_t)(xs_next(&st) % 1500) : (uint32_t)(xs_next(&st) % 60000);
		if (xs_next(&st) & 1) {
			s.payload_fill = payload_pattern_fill;
			s.payload_stream = xs_next(&st);
			s.payload_offset = xs_next(&st);
		}
		uint32_t n = 0;
		CU_ASSERT_TRUE_FATAL(wire_serialize(&s, (uint16_t)i, buf, WIRE_PACKET_MAX, UINT32_MAX, &n, NULL));
		CU_ASSERT_EQUAL(n, segment_wire_len(&s));
		if (!v6)
			CU_ASSERT_EQUAL(ref_checksum(buf, IPV4_HEADER_LEN), 0);
		CU_ASSERT_EQUAL(ref_l4_verify(buf), 0);

		segment p;
		wire_info info;
		if (wire_parse(buf, n, n, &p, &info) != WIRE_OK) {
			mismatches++;
			continue;
		}
		uint8_t ttl = s.ttl ? s.ttl : WIRE_DEFAULT_TTL;
		uint8_t padded = (uint8_t)((s.opt_len + 3) & ~3);
		bool same = net_addr_equal(&p.src, &s.src) && net_addr_equal(&p.dst, &s.dst) && p.sport == s.sport &&
			    p.dport == s.dport && p.proto == s.proto && p.flags == s.flags && p.seq == s.seq &&
			    p.ack == s.ack && p.window == s.window && p.ttl == ttl && p.payload_len == s.payload_len &&
			    p.opt_len == padded && memcmp(p.options, s.options, s.opt_len) == 0 &&
			    info.l4_csum_checked && info.l4_csum_ok && !info.truncated &&
			    info.payload_captured == s.payload_len && info.ip_id == (v6 ? 0 : (uint16_t)i) &&
			    (v6 || (info.ip_csum_checked && info.ip_csum_ok));
		for (uint8_t k = s.opt_len; k < padded; k++)
			same = same && p.options[k] == 0;
		/* The payload bytes in the packet are the fill function's, or zeros without one. */
		if (same && s.payload_len) {
			uint8_t *want = g_malloc0(s.payload_len);
			if (s.payload_fill)
				s.payload_fill(s.payload_stream, s.payload_offset, want, s.payload_len);
			same = memcmp(buf + info.payload_offset, want, s.payload_len) == 0;
			g_free(want);
		}
		if (!same)
			mismatches++;
	}
	CU_ASSERT_EQUAL(mismatches, 0);
	g_free(buf);
}

static void test_odd_payloads(void)
{
	const uint32_t lens[] = { 1, 2, 3, 7, 1459, 1460, 1461, 9001 };
	uint8_t *buf = g_malloc(WIRE_PACKET_MAX);
	for (size_t i = 0; i < G_N_ELEMENTS(lens); i++) {
		for (int fam = 0; fam < 2; fam++) {
			segment s = seg_v4_tcp();
			if (fam) {
				s.src = addr6(1);
				s.dst = addr6(2);
			}
			s.flags = TCP_FLAG_ACK;
			s.opt_len = 3; /* odd option length: padded with one EOL */
			s.options[0] = 3;
			s.options[1] = 3;
			s.options[2] = 7;
			s.payload_len = lens[i];
			s.payload_fill = payload_pattern_fill;
			s.payload_stream = 5;
			s.payload_offset = 12345 + i; /* odd and even starting offsets */
			uint32_t n = 0;
			CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 1, buf, WIRE_PACKET_MAX, UINT32_MAX, &n, NULL));
			CU_ASSERT_EQUAL(ref_l4_verify(buf), 0);
			size_t ip = fam ? IPV6_HEADER_LEN : IPV4_HEADER_LEN;
			CU_ASSERT_EQUAL(buf[ip + 12] >> 4, 6); /* 20 + 4 bytes of options */
			CU_ASSERT_EQUAL(buf[ip + TCP_HEADER_LEN + 3], 0);
		}
	}
	g_free(buf);
}

static void test_snaplen_keeps_checksum(void)
{
	segment s = seg_v4_tcp();
	s.flags = TCP_FLAG_ACK | TCP_FLAG_PSH;
	s.payload_len = 1461;
	s.payload_fill = payload_pattern_fill;
	s.payload_stream = 3;
	s.payload_offset = 77;
	uint8_t full[2048], cut[2048];
	uint32_t n = 0, m = 0;
	CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 9, full, sizeof full, UINT32_MAX, &n, NULL));
	CU_ASSERT_EQUAL(ref_l4_verify(full), 0);
	const uint32_t snaps[] = { 0, 1, 19, 20, 39, 40, 47, 48, 49, 54, 55, 96, 128, 1000, 1508, 1509, 1510 };
	for (size_t i = 0; i < G_N_ELEMENTS(snaps); i++) {
		/* A buffer exactly as large as the capture: ASan catches any write past it. */
		uint8_t *exact = g_malloc(snaps[i] + 1);
		CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 9, exact, snaps[i], snaps[i], &m, NULL));
		CU_ASSERT_EQUAL(m, snaps[i] < n ? snaps[i] : n);
		CU_ASSERT_EQUAL(memcmp(exact, full, m), 0);
		g_free(exact);
	}
	/* The cut capture parses, says so, and carries the full packet's checksum field. */
	CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 9, cut, sizeof cut, 96, &m, NULL));
	segment p;
	wire_info info;
	CU_ASSERT_EQUAL_FATAL(wire_parse(cut, m, n, &p, &info), WIRE_OK);
	CU_ASSERT_TRUE(info.truncated);
	CU_ASSERT_FALSE(info.l4_csum_checked);
	CU_ASSERT_EQUAL(info.l4_csum, (uint16_t)(full[36] << 8 | full[37]));
	CU_ASSERT_EQUAL(p.payload_len, 1461);
	CU_ASSERT_EQUAL(info.payload_captured, 96 - 48);
	/* Zero payload (no fill function) cut short: same checksum as the full packet. */
	s.payload_fill = NULL;
	CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 9, full, sizeof full, UINT32_MAX, &n, NULL));
	CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 9, cut, sizeof cut, 60, &m, NULL));
	CU_ASSERT_EQUAL(memcmp(cut, full, m), 0);
	CU_ASSERT_EQUAL(ref_l4_verify(full), 0);
}

static void test_serialize_limits(void)
{
	uint8_t *buf = g_malloc(WIRE_PACKET_MAX);
	uint32_t n = 0;
	GError *e = NULL;
	segment s = seg_v4_tcp();
	s.opt_len = 0;
	/* RFC 791: total length 65535 is the largest IPv4 packet. */
	s.payload_len = 65535 - 40;
	CU_ASSERT_TRUE(wire_serialize(&s, 0, buf, WIRE_PACKET_MAX, UINT32_MAX, &n, NULL));
	CU_ASSERT_EQUAL(n, 65535);
	CU_ASSERT_EQUAL(ref_l4_verify(buf), 0);
	s.payload_len++;
	CU_ASSERT_FALSE(wire_serialize(&s, 0, buf, WIRE_PACKET_MAX, UINT32_MAX, &n, &e));
	CU_ASSERT_PTR_NOT_NULL(e);
	g_clear_error(&e);
	/* RFC 8200: the payload length (headers after the fixed one) is at most 65535. */
	s.src = addr6(1);
	s.dst = addr6(2);
	s.payload_len = 65535 - 20;
	CU_ASSERT_TRUE(wire_serialize(&s, 0, buf, WIRE_PACKET_MAX, UINT32_MAX, &n, NULL));
	CU_ASSERT_EQUAL(n, WIRE_PACKET_MAX);
	CU_ASSERT_EQUAL(ref_l4_verify(buf), 0);
	s.payload_len++;
	CU_ASSERT_FALSE(wire_serialize(&s, 0, buf, WIRE_PACKET_MAX, UINT32_MAX, &n, NULL));
	s.payload_len = 0;
	/* Mixed families, unknown family, unknown protocol, too many options, options on UDP. */
	s.dst = net_addr_v4(1, 2, 3, 4);
	CU_ASSERT_FALSE(wire_serialize(&s, 0, buf, WIRE_PACKET_MAX, UINT32_MAX, &n, &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "address families"));
	CU_ASSERT_EQUAL(e->code, MPSIM_ERR_INPUT);
	g_clear_error(&e);
	segment z = { .proto = SEG_PROTO_TCP };
	CU_ASSERT_FALSE(wire_serialize(&z, 0, buf, WIRE_PACKET_MAX, UINT32_MAX, &n, NULL));
	s = seg_v4_tcp();
	s.proto = 1;
	CU_ASSERT_FALSE(wire_serialize(&s, 0, buf, WIRE_PACKET_MAX, UINT32_MAX, &n, NULL));
	s.proto = SEG_PROTO_TCP;
	s.opt_len = TCP_OPTIONS_MAX + 1;
	CU_ASSERT_FALSE(wire_serialize(&s, 0, buf, WIRE_PACKET_MAX, UINT32_MAX, &n, NULL));
	s.opt_len = 4;
	s.proto = SEG_PROTO_UDP;
	CU_ASSERT_FALSE(wire_serialize(&s, 0, buf, WIRE_PACKET_MAX, UINT32_MAX, &n, NULL));
	/* A buffer smaller than the capture is the caller's bug, reported, not overrun. */
	s = seg_v4_tcp();
	CU_ASSERT_FALSE(wire_serialize(&s, 0, buf, 47, UINT32_MAX, &n, &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(e->code, MPSIM_ERR_INTERNAL);
	CU_ASSERT_EQUAL(n, 0);
	g_clear_error(&e);
	g_free(buf);
}

/* ---- parsing malformed input ---- */

/* Parse a copy in a heap block of exactly `len` bytes, so ASan reports any read past the end. */
static wire_status parse_exact(const uint8_t *pkt, size_t len, size_t origlen, segment *p, wire_info *info)
{
	uint8_t *copy = g_malloc(len ? len : 1);
	memcpy(copy, pkt, len);
	wire_status st = wire_parse(copy, len, origlen, p, info);
	g_free(copy);
	return st;
}

/* Recompute the IPv4 header checksum after editing a header field. */
static void fix_ipv4_csum(uint8_t *pkt)
{
	size_t ihl = (size_t)(pkt[0] & 15) * 4;
	pkt[10] = pkt[11] = 0;
	uint16_t c = ref_checksum(pkt, ihl);
	pkt[10] = (uint8_t)(c >> 8);
	pkt[11] = (uint8_t)c;
}

static void test_parse_truncated_headers(void)
{
	segment s = seg_v4_tcp();
	uint8_t buf[128];
	uint32_t n = 0;
	segment p;
	for (int fam = 0; fam < 2; fam++) {
		if (fam) {
			s.src = addr6(1);
			s.dst = addr6(2);
		}
		CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 0, buf, sizeof buf, UINT32_MAX, &n, NULL));
		/* Every cut inside the headers (28 or 48 + 8 option bytes) is reported as truncated. */
		for (size_t cut = 0; cut < n; cut++)
			CU_ASSERT_EQUAL(parse_exact(buf, cut, n, &p, NULL), WIRE_ERR_TRUNCATED);
		CU_ASSERT_EQUAL(parse_exact(buf, n, n, &p, NULL), WIRE_OK);
	}
	/* UDP: cut inside the 8-byte header. */
	segment u = { .src = net_addr_v4(1, 1, 1, 1), .dst = net_addr_v4(2, 2, 2, 2), .proto = SEG_PROTO_UDP,
		      .payload_len = 10 };
	CU_ASSERT_TRUE_FATAL(wire_serialize(&u, 0, buf, sizeof buf, UINT32_MAX, &n, NULL));
	for (size_t cut = 0; cut < 28; cut++)
		CU_ASSERT_EQUAL(parse_exact(buf, cut, n, &p, NULL), WIRE_ERR_TRUNCATED);
	for (size_t cut = 28; cut <= n; cut++)
		CU_ASSERT_EQUAL(parse_exact(buf, cut, n, &p, NULL), WIRE_OK);
}

static void test_parse_malformed(void)
{
	segment s = seg_v4_tcp();
	s.flags = TCP_FLAG_ACK;
	s.payload_len = 10;
	uint8_t good[128], b[128];
	uint32_t n = 0;
	segment p;
	wire_info info;
	CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 0, good, sizeof good, UINT32_MAX, &n, NULL));
	CU_ASSERT_EQUAL(n, 58);

	/* Version 5, version 0. */
	memcpy(b, good, n);
	b[0] = 0x55;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_IP_VERSION);
	b[0] = 0x05;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_IP_VERSION);
	/* IHL 4 and 0. */
	b[0] = 0x44;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_IP_HEADER_LEN);
	b[0] = 0x40;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_IP_HEADER_LEN);
	/* IHL 15 (60 bytes) beyond the 58 captured. */
	b[0] = 0x4f;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_TRUNCATED);
	/* Total length below the header, and beyond what was on the wire. */
	memcpy(b, good, n);
	b[2] = 0;
	b[3] = 19;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_IP_LENGTH);
	b[3] = 59;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_IP_LENGTH);
	/* Total length leaves no room for a TCP header. */
	b[3] = 39;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_IP_LENGTH);
	/* Fragments: More Fragments, or an offset. */
	memcpy(b, good, n);
	b[6] = 0x20;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_IP_FRAGMENT);
	b[6] = 0x40;
	b[7] = 0x01;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_IP_FRAGMENT);
	/* ICMP: the addresses are still reported. */
	memcpy(b, good, n);
	b[9] = 1;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, &info), WIRE_ERR_PROTO);
	CU_ASSERT_TRUE(net_addr_equal(&p.src, &s.src));
	/* A bad IPv4 header checksum is reported, not rejected. */
	memcpy(b, good, n);
	b[10] ^= 1;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, &info), WIRE_OK);
	CU_ASSERT_TRUE(info.ip_csum_checked);
	CU_ASSERT_FALSE(info.ip_csum_ok);
	CU_ASSERT_TRUE(info.l4_csum_ok);
	/* A flipped payload bit breaks the TCP checksum. */
	memcpy(b, good, n);
	b[n - 1] ^= 0x80;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, &info), WIRE_OK);
	CU_ASSERT_TRUE(info.l4_csum_checked);
	CU_ASSERT_FALSE(info.l4_csum_ok);

	/* TCP data offset below 5, and past the segment (15 words = 60 > 38 bytes of TCP). */
	const uint8_t bad_doff[] = { 0x00, 0x40, 0xf0 };
	for (size_t i = 0; i < G_N_ELEMENTS(bad_doff); i++) {
		memcpy(b, good, n);
		b[32] = bad_doff[i];
		CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_TCP_DATA_OFFSET);
	}
	/* Data offset 9 words (36 bytes): within the segment, options then hold payload bytes. */
	memcpy(b, good, n);
	b[32] = 0x90;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, &info), WIRE_OK);
	CU_ASSERT_EQUAL(p.payload_len, 2);

	/* Option length overruns: 0, 1, running past the options, kind with no length byte. */
	const uint8_t bad_opts[][8] = {
		{ 2, 0, 5, 0xb4, 0, 0, 0, 0 },    /* length 0 */
		{ 2, 1, 5, 0xb4, 0, 0, 0, 0 },    /* length 1 */
		{ 2, 9, 5, 0xb4, 0, 0, 0, 0 },    /* 9 > 8 option bytes */
		{ 1, 1, 1, 1, 1, 1, 1, 30 },      /* kind 30 as the last byte: no length */
		{ 1, 1, 1, 1, 1, 1, 30, 3 },      /* 3 bytes from position 6 of 8 */
		{ 30, 4, 0, 0, 8, 10, 0, 0 },     /* timestamps cut by the end */
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bad_opts); i++) {
		memcpy(b, good, n);
		memcpy(b + 40, bad_opts[i], 8);
		CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_TCP_OPTION);
	}
	/* After EOL anything goes: it is padding. */
	memcpy(b, good, n);
	const uint8_t eol_then_junk[8] = { 2, 4, 5, 0xb4, 0, 99, 1, 0 };
	memcpy(b + 40, eol_then_junk, 8);
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_OK);

	/* Ethernet padding after the IP packet is ignored; the checksum still verifies. */
	uint8_t padded[80] = { 0 };
	memcpy(padded, good, n);
	CU_ASSERT_EQUAL(parse_exact(padded, sizeof padded, sizeof padded, &p, &info), WIRE_OK);
	CU_ASSERT_EQUAL(p.payload_len, 10);
	CU_ASSERT_TRUE(info.l4_csum_ok);

	/* UDP length below 8 and beyond the IP payload. */
	segment u = { .src = net_addr_v4(1, 1, 1, 1), .dst = net_addr_v4(2, 2, 2, 2), .proto = SEG_PROTO_UDP,
		      .payload_len = 10 };
	CU_ASSERT_TRUE_FATAL(wire_serialize(&u, 0, b, sizeof b, UINT32_MAX, &n, NULL));
	b[24] = 0;
	b[25] = 7;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_UDP_LENGTH);
	b[25] = 19;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_UDP_LENGTH);
	/* IP total length too short for a UDP header. */
	CU_ASSERT_TRUE_FATAL(wire_serialize(&u, 0, b, sizeof b, UINT32_MAX, &n, NULL));
	b[3] = 27;
	fix_ipv4_csum(b);
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_IP_LENGTH);

	/* IPv6: payload length 0 (jumbogram) and beyond the wire. */
	segment s6 = seg_v4_tcp();
	s6.src = addr6(1);
	s6.dst = addr6(2);
	CU_ASSERT_TRUE_FATAL(wire_serialize(&s6, 0, b, sizeof b, UINT32_MAX, &n, NULL));
	b[4] = b[5] = 0;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_IP_LENGTH);
	b[5] = 29;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_IP_LENGTH);
	b[5] = 28;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_OK);
	/* No Next Header (59) and ESP (50): not TCP or UDP. */
	b[6] = 59;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_PROTO);
	b[6] = 50;
	CU_ASSERT_EQUAL(parse_exact(b, n, n, &p, NULL), WIRE_ERR_PROTO);
}

/* Insert an IPv6 extension header of `len` bytes (next header = the old one) after the fixed header. */
static size_t ipv6_insert_ext(uint8_t *out, const uint8_t *pkt, size_t n, uint8_t type, const uint8_t *ext,
			      size_t len)
{
	memcpy(out, pkt, IPV6_HEADER_LEN);
	memcpy(out + IPV6_HEADER_LEN, ext, len);
	out[IPV6_HEADER_LEN] = pkt[6];
	memcpy(out + IPV6_HEADER_LEN + len, pkt + IPV6_HEADER_LEN, n - IPV6_HEADER_LEN);
	out[6] = type;
	size_t plen = n - IPV6_HEADER_LEN + len;
	out[4] = (uint8_t)(plen >> 8);
	out[5] = (uint8_t)plen;
	return n + len;
}

static void test_parse_ipv6_extensions(void)
{
	segment s = seg_v4_tcp();
	s.src = addr6(1);
	s.dst = addr6(2);
	s.payload_len = 33;
	s.payload_fill = fill_alphabet;
	uint8_t pkt[256], b[300], c[300];
	uint32_t n = 0;
	segment p;
	wire_info info;
	CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 0, pkt, sizeof pkt, UINT32_MAX, &n, NULL));

	/* Hop-by-hop options with a PadN (RFC 8200 §4.3), then destination options: the pseudo-header
	 * uses the upper-layer length, so the TCP checksum still verifies. */
	const uint8_t hbh[8] = { 0, 0, 1, 4, 0, 0, 0, 0 };
	size_t m = ipv6_insert_ext(b, pkt, n, 60, hbh, 8);
	m = ipv6_insert_ext(c, b, m, 0, hbh, 8);
	CU_ASSERT_EQUAL_FATAL(parse_exact(c, m, m, &p, &info), WIRE_OK);
	CU_ASSERT_EQUAL(info.l4_offset, 56);
	CU_ASSERT_EQUAL(p.sport, 40000);
	CU_ASSERT_EQUAL(p.payload_len, 33);
	CU_ASSERT_TRUE(info.l4_csum_checked && info.l4_csum_ok);
	/* Cut inside the second extension header. */
	CU_ASSERT_EQUAL(parse_exact(c, 50, m, &p, NULL), WIRE_ERR_TRUNCATED);
	/* An extension header whose length runs past the packet. */
	c[49] = 200;
	CU_ASSERT_EQUAL(parse_exact(c, m, m, &p, NULL), WIRE_ERR_IPV6_EXT);

	/* Atomic fragment (offset 0, M = 0, RFC 6946): the whole packet is here. */
	const uint8_t frag[8] = { 0, 0, 0, 0, 0, 0, 0, 1 };
	m = ipv6_insert_ext(b, pkt, n, 44, frag, 8);
	CU_ASSERT_EQUAL(parse_exact(b, m, m, &p, &info), WIRE_OK);
	CU_ASSERT_TRUE(info.l4_csum_ok);
	b[43] = 1; /* M */
	CU_ASSERT_EQUAL(parse_exact(b, m, m, &p, NULL), WIRE_ERR_IP_FRAGMENT);
	b[43] = 0;
	b[42] = 1; /* offset 32 */
	CU_ASSERT_EQUAL(parse_exact(b, m, m, &p, NULL), WIRE_ERR_IP_FRAGMENT);

	/* A routing header with segments left: the checksum's destination is elsewhere, not checked. */
	uint8_t rh[24] = { 0, 2, 0, 1 };
	m = ipv6_insert_ext(b, pkt, n, 43, rh, 24);
	CU_ASSERT_EQUAL(parse_exact(b, m, m, &p, &info), WIRE_OK);
	CU_ASSERT_FALSE(info.l4_csum_checked);
	/* An extension header starting exactly at the end of the packet. */
	pkt[6] = 60;
	pkt[4] = 0;
	pkt[5] = 0;
	CU_ASSERT_EQUAL(parse_exact(pkt, 40, 40, &p, NULL), WIRE_ERR_IP_LENGTH);
	pkt[5] = 4;
	CU_ASSERT_EQUAL(parse_exact(pkt, 44, 44, &p, NULL), WIRE_ERR_IPV6_EXT);
}

static void test_parse_ipv4_options(void)
{
	/* IHL 6 with a 4-byte IPv4 option (NOP NOP NOP EOL): the TCP header follows it. */
	segment s = seg_v4_tcp();
	uint8_t pkt[128], b[128];
	uint32_t n = 0;
	CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 0, pkt, sizeof pkt, UINT32_MAX, &n, NULL));
	memcpy(b, pkt, 20);
	b[20] = b[21] = b[22] = 1;
	b[23] = 0;
	memcpy(b + 24, pkt + 20, n - 20);
	b[0] = 0x46;
	b[3] = (uint8_t)(n + 4);
	fix_ipv4_csum(b);
	segment p;
	wire_info info;
	CU_ASSERT_EQUAL_FATAL(parse_exact(b, n + 4, n + 4, &p, &info), WIRE_OK);
	CU_ASSERT_EQUAL(info.l4_offset, 24);
	CU_ASSERT_TRUE(info.ip_csum_ok);
	CU_ASSERT_TRUE(info.l4_csum_ok);
	CU_ASSERT_EQUAL(p.opt_len, 8);
	CU_ASSERT_EQUAL(p.options[0], 2);
}

static void test_parse_fuzz(void)
{
	/* Random mutations of valid packets and pure noise, each parsed from an exact-size heap
	 * copy: nothing may read outside it (the Sanitize build turns that into a failure). */
	uint64_t st = 99;
	uint8_t pkt[1600];
	int ok = 0;
	for (int i = 0; i < 20000; i++) {
		segment s = seg_v4_tcp();
		if (i & 1) {
			s.src = addr6(1);
			s.dst = addr6(2);
		}
		if (i % 3 == 0) {
			s.proto = SEG_PROTO_UDP;
			s.opt_len = 0;
		}
		s.payload_len = (uint32_t)(xs_next(&st) % 200);
		uint32_t n = 0;
		CU_ASSERT_TRUE_FATAL(wire_serialize(&s, 0, pkt, sizeof pkt, UINT32_MAX, &n, NULL));
		int flips = (int)(xs_next(&st) % 6);
		for (int k = 0; k < flips; k++)
			pkt[xs_next(&st) % n] = (uint8_t)xs_next(&st);
		if (i % 10 == 0)
			for (uint32_t k = 0; k < n; k++)
				pkt[k] = (uint8_t)xs_next(&st);
		size_t cap = xs_next(&st) % (n + 1);
		size_t orig = cap + xs_next(&st) % 100;
		segment p;
		wire_info info;
		wire_status r = parse_exact(pkt, cap, orig, &p, &info);
		CU_ASSERT_TRUE((unsigned)r < WIRE_STATUS_COUNT);
		if (r == WIRE_OK) {
			ok++;
			CU_ASSERT_TRUE(info.payload_offset <= info.ip_len);
			CU_ASSERT_TRUE(info.payload_captured <= p.payload_len);
			CU_ASSERT_TRUE(p.opt_len <= TCP_OPTIONS_MAX);
		}
	}
	CU_ASSERT_TRUE(ok > 0);
	for (int s = 0; s < WIRE_STATUS_COUNT; s++)
		CU_ASSERT_STRING_NOT_EQUAL(wire_status_name((wire_status)s), "unknown");
	CU_ASSERT_STRING_EQUAL(wire_status_name(WIRE_STATUS_COUNT), "unknown");
}

static CU_TestInfo csum_tests[] = {
	{ .pName = "RFC 1071 example", .pTestFunc = test_csum_rfc1071_example },
	{ .pName = "incremental at every split", .pTestFunc = test_csum_incremental },
	TEST_END_OF_TESTS,
};

static CU_TestInfo serialize_tests[] = {
	{ .pName = "IPv4 SYN with MSS and SACK-permitted", .pTestFunc = test_known_ipv4_syn },
	{ .pName = "IPv4 data, odd payload", .pTestFunc = test_known_ipv4_data_odd },
	{ .pName = "IPv6 UDP", .pTestFunc = test_known_ipv6_udp },
	{ .pName = "UDP computed zero sent as 0xffff", .pTestFunc = test_udp_zero_checksum },
	{ .pName = "UDP checksum absent", .pTestFunc = test_udp_checksum_absent },
	{ .pName = "round trip serialise -> parse", .pTestFunc = test_roundtrip },
	{ .pName = "odd payload and option lengths", .pTestFunc = test_odd_payloads },
	{ .pName = "snaplen keeps the full-payload checksum", .pTestFunc = test_snaplen_keeps_checksum },
	{ .pName = "length limits and bad segments", .pTestFunc = test_serialize_limits },
	TEST_END_OF_TESTS,
};

static CU_TestInfo parse_tests[] = {
	{ .pName = "truncated headers", .pTestFunc = test_parse_truncated_headers },
	{ .pName = "malformed fields", .pTestFunc = test_parse_malformed },
	{ .pName = "IPv6 extension headers", .pTestFunc = test_parse_ipv6_extensions },
	{ .pName = "IPv4 options", .pTestFunc = test_parse_ipv4_options },
	{ .pName = "fuzz", .pTestFunc = test_parse_fuzz },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "checksum", .pTests = csum_tests },
	{ .pName = "serialize", .pTests = serialize_tests },
	{ .pName = "parse", .pTests = parse_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
