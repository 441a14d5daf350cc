/* conformance_pcap.c — tshark as an external oracle for the pcap writer and wire serialisation.
 *
 * Writes captures with a variety of packets (IPv4 and IPv6; TCP with every common flag, the usual
 * options, SACK blocks, MPTCP options and payloads from 0 to 1460 bytes; UDP including a checksum
 * that computes to zero) and asks tshark 4.0, with checksum validation on, whether any packet is
 * malformed, raises an error-level expert item, or has a bad IP, TCP or UDP checksum; the number
 * of good checksums must equal the number of packets of each kind. A second file holds the same
 * packets cut by a snap length: tshark cannot verify those transport checksums, so their values
 * are compared with the full capture's instead.
 *
 * tshark is installed by the project's setup script: if it is missing this test fails. */
#include "testutil.h"

#include "payload.h"
#include "pcap.h"
#include "wire.h"

#include <stdio.h>
#include <string.h>

#define TSHARK_CHECKS "-o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE"
/* Field values of *.checksum.status (tshark -G values): 0 Bad, 1 Good, 2 Unverified. */
#define SNAPLEN_CUT 80

static char *tmpdir;

static int suite_init(void)
{
	tmpdir = testutil_tmpdir("conformance_pcap");
	return tmpdir ? 0 : 1;
}

static int suite_clean(void)
{
	testutil_rmtree(tmpdir);
	g_free(tmpdir);
	return 0;
}

static void require_tshark(void)
{
	char *out = NULL;
	int rc = testutil_run_command("command -v tshark", &out);
	g_free(out);
	if (rc != 0)
		CU_FAIL_FATAL("tshark not found: it is installed by the project's setup script and is required");
}

/* Run tshark on `path` with the checksum preferences and `args`; stdout only. */
static char *tshark(const char *path, const char *args)
{
	char *q = g_shell_quote(path);
	char *cmd = g_strdup_printf("tshark -n " TSHARK_CHECKS " -r %s %s 2>/dev/null", q, args);
	char *out = NULL;
	int rc = testutil_run_command(cmd, &out);
	if (rc != 0)
		fprintf(stderr, "%s: exit %d\n%s\n", cmd, rc, out ? out : "");
	CU_ASSERT_EQUAL(rc, 0);
	g_free(cmd);
	g_free(q);
	return out;
}

/* Packets matching display filter `filter` (NULL: all). */
static long count(const char *path, const char *filter)
{
	char *args = filter ? g_strdup_printf("-Y '%s' -T fields -e frame.number", filter)
			    : g_strdup("-T fields -e frame.number");
	char *out = tshark(path, args);
	long n = 0;
	for (char *p = out; p && *p; p++)
		n += *p == '\n';
	g_free(out);
	g_free(args);
	return n;
}

/* Show what tshark says about the packets matching `filter`, to explain a failure. */
static void explain(const char *path, const char *filter)
{
	char *args = g_strdup_printf("-Y '%s' -T fields -E occurrence=a -E aggregator=';' -e frame.number "
				     "-e _ws.expert.severity -e _ws.expert.message",
				     filter);
	char *out = tshark(path, args);
	fprintf(stderr, "\n%s, packets matching %s:\n%s", path, filter, out ? out : "");
	g_free(out);
	g_free(args);
}

static void expect_count(const char *path, const char *filter, long want)
{
	long got = count(path, filter);
	if (got != want) {
		fprintf(stderr, "\n%s: filter \"%s\": %ld packets, expected %ld\n", path, filter, got, want);
		explain(path, filter);
	}
	CU_ASSERT_EQUAL(got, want);
}

/* ---- the packets ---- */

typedef struct capture {
	pcap_writer *full;
	pcap_writer *cut;
	sim_time_t now;
	long packets, ipv4, tcp, udp, mptcp, sack, ts;
} capture;

static void opt(segment *s, const uint8_t *bytes, size_t n)
{
	CU_ASSERT_FATAL(s->opt_len + n <= TCP_OPTIONS_MAX);
	memcpy(s->options + s->opt_len, bytes, n);
	s->opt_len = (uint8_t)(s->opt_len + n);
}

static void opt_ts(segment *s, uint32_t val, uint32_t ecr)
{
	const uint8_t o[12] = { 1, 1, 8, 10, (uint8_t)(val >> 24), (uint8_t)(val >> 16), (uint8_t)(val >> 8), (uint8_t)val,
				(uint8_t)(ecr >> 24), (uint8_t)(ecr >> 16), (uint8_t)(ecr >> 8), (uint8_t)ecr };
	opt(s, o, sizeof o);
}

static void put(capture *c, const segment *s, bool mptcp, bool sack, bool ts)
{
	c->now += SIM_US(137);
	CU_ASSERT_TRUE(pcap_writer_write(c->full, s, c->now, NULL));
	CU_ASSERT_TRUE(pcap_writer_write(c->cut, s, c->now, NULL));
	c->packets++;
	c->ipv4 += s->src.family == NET_AF_INET;
	c->tcp += s->proto == SEG_PROTO_TCP;
	c->udp += s->proto == SEG_PROTO_UDP;
	c->mptcp += mptcp;
	c->sack += sack;
	c->ts += ts;
}

static const uint8_t OPT_MSS[4] = { 2, 4, 0x05, 0xb4 };
static const uint8_t OPT_SACK_PERM[2] = { 4, 2 };
static const uint8_t OPT_NOP_WS[4] = { 1, 3, 3, 7 };
/* MPTCP v1 MP_CAPABLE (RFC 8684 §3.1): version 1, flags A (checksum) and H (HMAC-SHA256). */
static const uint8_t KEY_A[8] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };
static const uint8_t KEY_B[8] = { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18 };

/* One TCP connection, handshake to close, as an MPTCP v1 connection would look on the wire. */
static void tcp_flow(capture *c, net_addr a, net_addr b, uint16_t pa, uint16_t pb, const uint32_t *sizes, size_t n)
{
	uint32_t isn_a = 0x10000000u + pa, isn_b = 0x20000000u + pb;
	segment syn = { .src = a, .dst = b, .sport = pa, .dport = pb, .proto = SEG_PROTO_TCP,
			.flags = TCP_FLAG_SYN | TCP_FLAG_ECE | TCP_FLAG_CWR, .seq = isn_a, .window = 64240 };
	opt(&syn, OPT_MSS, 4);
	opt(&syn, OPT_SACK_PERM, 2);
	opt(&syn, (const uint8_t[]){ 8, 10, 0, 0, 0, 1, 0, 0, 0, 0 }, 10);
	opt(&syn, OPT_NOP_WS, 4);
	opt(&syn, (const uint8_t[]){ 30, 4, 0x01, 0x81 }, 4);
	put(c, &syn, true, false, true);

	segment synack = { .src = b, .dst = a, .sport = pb, .dport = pa, .proto = SEG_PROTO_TCP,
			   .flags = TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_ECE, .seq = isn_b, .ack = isn_a + 1,
			   .window = 65160, .ttl = 63 };
	opt(&synack, OPT_MSS, 4);
	opt(&synack, OPT_SACK_PERM, 2);
	opt(&synack, (const uint8_t[]){ 8, 10, 0, 0, 0, 9, 0, 0, 0, 1 }, 10);
	opt(&synack, OPT_NOP_WS, 4);
	opt(&synack, (const uint8_t[]){ 30, 12, 0x01, 0x81 }, 4);
	opt(&synack, KEY_B, 8);
	put(c, &synack, true, false, true);

	segment ack = { .src = a, .dst = b, .sport = pa, .dport = pb, .proto = SEG_PROTO_TCP, .flags = TCP_FLAG_ACK,
			.seq = isn_a + 1, .ack = isn_b + 1, .window = 502 };
	opt_ts(&ack, 2, 9);
	opt(&ack, (const uint8_t[]){ 30, 20, 0x01, 0x81 }, 4);
	opt(&ack, KEY_A, 8);
	opt(&ack, KEY_B, 8);
	put(c, &ack, true, false, true);

	/* Data A→B with a DSS mapping (subtype 2, flags A|M: 4-byte Data ACK and DSN, checksum
	 * present). Wireshark 4.0 does not verify the DSS checksum (mptcp-wire.md §3.3). */
	uint32_t sent = 0;
	for (size_t i = 0; i < n; i++) {
		segment d = { .src = a, .dst = b, .sport = pa, .dport = pb, .proto = SEG_PROTO_TCP,
			      .flags = TCP_FLAG_ACK | (sizes[i] ? TCP_FLAG_PSH : 0), .seq = isn_a + 1 + sent,
			      .ack = isn_b + 1, .window = 502, .payload_len = sizes[i], .payload_fill = payload_pattern_fill,
			      .payload_stream = pa, .payload_offset = sent };
		opt_ts(&d, 3 + (uint32_t)i, 9);
		bool mp = sizes[i] > 0;
		if (mp) {
			uint32_t dsn = 0x55000001u + sent, ssn = 1 + sent;
			const uint8_t dss[20] = { 30, 20, 0x20, 0x05, 0x66, 0, 0, 1, (uint8_t)(dsn >> 24), (uint8_t)(dsn >> 16),
						  (uint8_t)(dsn >> 8), (uint8_t)dsn, (uint8_t)(ssn >> 24), (uint8_t)(ssn >> 16),
						  (uint8_t)(ssn >> 8), (uint8_t)ssn, (uint8_t)(sizes[i] >> 8),
						  (uint8_t)sizes[i], 0x12, 0x34 };
			opt(&d, dss, sizeof dss);
		}
		put(c, &d, mp, false, true);
		sent += sizes[i];
	}
	/* B acknowledges up to the second-to-last segment and SACKs the last one, as if the one before
	 * had been lost (RFC 2018 §3: the block lies above the cumulative ACK). */
	CU_ASSERT_FATAL(n >= 2 && sizes[n - 1] > 0 && sizes[n - 2] > 0);
	uint32_t hole = isn_a + 1 + sent - sizes[n - 1] - sizes[n - 2];
	segment sk = { .src = b, .dst = a, .sport = pb, .dport = pa, .proto = SEG_PROTO_TCP, .flags = TCP_FLAG_ACK,
		       .seq = isn_b + 1, .ack = hole, .window = 1000, .ttl = 63 };
	opt_ts(&sk, 10, 3);
	uint32_t l = isn_a + 1 + sent - sizes[n - 1], r = isn_a + 1 + sent;
	opt(&sk, (const uint8_t[]){ 1, 1, 5, 10, (uint8_t)(l >> 24), (uint8_t)(l >> 16), (uint8_t)(l >> 8), (uint8_t)l,
				    (uint8_t)(r >> 24), (uint8_t)(r >> 16), (uint8_t)(r >> 8), (uint8_t)r },
	    12);
	put(c, &sk, false, true, true);

	/* FIN from A, FIN/ACK from B, last ACK. */
	segment fin = { .src = a, .dst = b, .sport = pa, .dport = pb, .proto = SEG_PROTO_TCP,
			.flags = TCP_FLAG_FIN | TCP_FLAG_ACK, .seq = isn_a + 1 + sent, .ack = isn_b + 1, .window = 502 };
	put(c, &fin, false, false, false);
	segment fin2 = { .src = b, .dst = a, .sport = pb, .dport = pa, .proto = SEG_PROTO_TCP,
			 .flags = TCP_FLAG_FIN | TCP_FLAG_ACK, .seq = isn_b + 1, .ack = isn_a + 2 + sent, .window = 1000 };
	put(c, &fin2, false, false, false);
	segment last = { .src = a, .dst = b, .sport = pa, .dport = pb, .proto = SEG_PROTO_TCP, .flags = TCP_FLAG_ACK,
			 .seq = isn_a + 2 + sent, .ack = isn_b + 2, .window = 502 };
	put(c, &last, false, false, false);
}

static net_addr v6(uint8_t last)
{
	net_addr x = { .family = NET_AF_INET6, .bytes = { 0x20, 0x01, 0x0d, 0xb8, [15] = last } };
	return x;
}

static void write_packets(capture *c)
{
	net_addr a4 = net_addr_v4(10, 0, 0, 1), b4 = net_addr_v4(10, 0, 0, 2);
	const uint32_t sizes4[] = { 1460, 1, 2, 3, 0, 535, 1024, 1459, 1460, 17 };
	tcp_flow(c, a4, b4, 47000, 47001, sizes4, G_N_ELEMENTS(sizes4));
	const uint32_t sizes6[] = { 1000, 1440, 0, 7, 1 };
	tcp_flow(c, v6(1), v6(2), 47010, 47011, sizes6, G_N_ELEMENTS(sizes6));

	/* RST alone and RST|ACK, on connections of their own. */
	segment rst = { .src = a4, .dst = b4, .sport = 47020, .dport = 47021, .proto = SEG_PROTO_TCP,
			.flags = TCP_FLAG_RST, .seq = 12345 };
	put(c, &rst, false, false, false);
	segment rsta = { .src = v6(2), .dst = v6(1), .sport = 47031, .dport = 47030, .proto = SEG_PROTO_TCP,
			 .flags = TCP_FLAG_RST | TCP_FLAG_ACK, .seq = 0, .ack = 777 };
	put(c, &rsta, false, false, false);

	/* A full 40-byte option block: timestamps and three SACK blocks (38 bytes, 2 EOL of padding),
	 * and an odd 3-byte block (window scale alone, 1 EOL). */
	segment sack3 = { .src = b4, .dst = a4, .sport = 47041, .dport = 47040, .proto = SEG_PROTO_TCP,
			  .flags = TCP_FLAG_ACK, .seq = 1, .ack = 1000, .window = 300 };
	opt_ts(&sack3, 100, 200);
	opt(&sack3, (const uint8_t[]){ 5, 26, 0, 0, 0x0b, 0xb8, 0, 0, 0x0f, 0xa0, 0, 0, 0x13, 0x88, 0, 0, 0x17, 0x70, 0, 0,
				       0x1b, 0x58, 0, 0, 0x1f, 0x40 },
	    26);
	put(c, &sack3, false, true, true);
	segment ws = { .src = a4, .dst = b4, .sport = 47050, .dport = 47051, .proto = SEG_PROTO_TCP,
		       .flags = TCP_FLAG_SYN, .seq = 99, .window = 1024 };
	opt(&ws, OPT_MSS, 4);
	opt(&ws, (const uint8_t[]){ 3, 3, 14 }, 3);
	put(c, &ws, false, false, false);

	/* UDP over IPv4 and IPv6, payload 0 to 1472 bytes. */
	const uint32_t usizes[] = { 0, 1, 100, 1472 };
	for (size_t i = 0; i < G_N_ELEMENTS(usizes); i++) {
		segment u = { .src = i % 2 ? v6(3) : a4, .dst = i % 2 ? v6(4) : b4, .sport = 47060, .dport = 47061,
			      .proto = SEG_PROTO_UDP, .payload_len = usizes[i], .payload_fill = payload_pattern_fill,
			      .payload_stream = 60 + i };
		put(c, &u, false, false, false);
	}
	/* A UDP checksum that computes to zero goes out as 0xffff (RFC 768); tshark must call it good.
	 * The sum moves by one per source port, so some port gives zero. */
	for (int fam = 0; fam < 2; fam++) {
		segment u = { .src = fam ? v6(5) : a4, .dst = fam ? v6(6) : b4, .dport = 47071, .proto = SEG_PROTO_UDP,
			      .payload_len = 9, .payload_fill = payload_pattern_fill, .payload_stream = 70 };
		uint8_t buf[128];
		uint32_t n = 0;
		bool found = false;
		for (uint32_t port = 1024; port <= 0xffff && !found; port++) {
			u.sport = (uint16_t)port;
			CU_ASSERT_TRUE_FATAL(wire_serialize(&u, 0, buf, sizeof buf, UINT32_MAX, &n, NULL));
			size_t l4 = fam ? IPV6_HEADER_LEN : IPV4_HEADER_LEN;
			/* The field is 0xffff and so is the rest of the sum: the computed checksum was 0. */
			uint32_t sum = wire_csum_pseudo(&u.src, &u.dst, SEG_PROTO_UDP, n - (uint32_t)l4);
			buf[l4 + 6] = buf[l4 + 7] = 0;
			sum = wire_csum_add(sum, buf + l4, n - l4);
			found = wire_csum_fold(sum) == 0;
		}
		CU_ASSERT_TRUE_FATAL(found);
		put(c, &u, false, false, false);
	}
}

static void test_tshark_oracle(void)
{
	require_tshark();
	char *full = g_build_filename(tmpdir, "variety.pcap", NULL);
	char *cut = g_build_filename(tmpdir, "variety-snaplen.pcap", NULL);
	GError *e = NULL;
	capture c = { .full = pcap_writer_open(full, 0, &e), .cut = pcap_writer_open(cut, SNAPLEN_CUT, &e),
		      .now = SIM_S(1) };
	CU_ASSERT_PTR_NOT_NULL_FATAL(c.full);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c.cut);
	write_packets(&c);
	CU_ASSERT_TRUE(pcap_writer_close(c.full, &e));
	CU_ASSERT_TRUE(pcap_writer_close(c.cut, &e));
	CU_ASSERT_PTR_NULL(e);
	CU_ASSERT_TRUE(c.packets > 30);

	/* Every packet read, none malformed, no error-level expert item, no bad option length. */
	expect_count(full, NULL, c.packets);
	expect_count(full, "_ws.malformed", 0);
	expect_count(full, "_ws.expert.severity >= 8388608", 0);
	/* Warnings: only "Connection reset (RST)", on the two RST segments. */
	expect_count(full, "_ws.expert.severity >= 6291456 && !tcp.connection.rst", 0);
	expect_count(full, "tcp.connection.rst", 2);
	expect_count(full, "tcp.option.len.invalid || tcp.suboption_malformed || _ws.expert.message contains \"goes past\"",
		     0);
	/* Checksums: none bad, and every one verified good. */
	expect_count(full, "ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0", 0);
	expect_count(full, "ip.checksum.status == 1", c.ipv4);
	expect_count(full, "tcp.checksum.status == 1", c.tcp);
	expect_count(full, "udp.checksum.status == 1", c.udp);
	expect_count(full, "udp.checksum == 0xffff", 2);
	/* The options are seen as what they are. */
	expect_count(full, "tcp.options.mptcp.subtype", c.mptcp);
	expect_count(full, "tcp.options.sack_le", c.sack);
	expect_count(full, "tcp.options.timestamp.tsval", c.ts);
	expect_count(full, "tcp.options.mss_val == 1460", 5);
	/* MPTCP analysis follows both connections through the handshake: the keys were read. */
	expect_count(full, "mptcp.expected_token", 4);

	/* The snap-length file: same packets, headers intact, checksums as in the full file. */
	expect_count(cut, NULL, c.packets);
	expect_count(cut, "_ws.malformed", 0);
	expect_count(cut, "ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0", 0);
	expect_count(cut, "ip.checksum.status == 1", c.ipv4);
	expect_count(cut, "frame.cap_len > " G_STRINGIFY(SNAPLEN_CUT), 0);
	long longer = count(full, "frame.len > " G_STRINGIFY(SNAPLEN_CUT));
	CU_ASSERT_TRUE(longer >= 10);
	expect_count(cut, "frame.len > frame.cap_len", longer);
	const char *fields = "-T fields -e frame.len -e tcp.checksum -e udp.checksum";
	char *a = tshark(full, fields), *b = tshark(cut, fields);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_STRING_EQUAL(a, b);
	g_free(a);
	g_free(b);
	g_free(full);
	g_free(cut);
}

static CU_TestInfo tests[] = {
	{ .pName = "tshark: no malformed packet, every checksum good", .pTestFunc = test_tshark_oracle },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "pcap conformance", .pInitFunc = suite_init, .pCleanupFunc = suite_clean, .pTests = tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
