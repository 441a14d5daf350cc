/* unit_pcap_read.c — the capture reader (analysis/pcap_read.h) and the pcap writer (sim/pcap.h).
 *
 * A real capture is read and compared field by field with tshark's view of it; captures of every
 * supported format and link type are built byte by byte here (and shown to tshark too, so the
 * builders themselves are checked); the writer's files are read back; and truncated or corrupted
 * files must give an error naming the file and an offset, never a crash (run it in the Sanitize
 * build). tshark is part of the project's setup: its absence is a failure, not a skip. */
#include "testutil.h"

#include "bytebuild.h"
#include "error.h"
#include "payload.h"
#include "pcap.h"
#include "pcap_read.h"
#include "wire.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define REF_CAPTURE TEST_SHARED_DIR "/reference/captures/mptcp-v0.pcap"

static char *tmpdir;

static int suite_init(void)
{
	tmpdir = testutil_tmpdir("unit_pcap_read");
	return tmpdir ? 0 : 1;
}

static int suite_clean(void)
{
	testutil_rmtree(tmpdir);
	g_free(tmpdir);
	return 0;
}

static char *tmp_path(const char *name)
{
	return g_build_filename(tmpdir, name, NULL);
}

/* tshark's output for `args` on `path` (stderr dropped: it warns about running as root). */
static char *tshark(const char *path, const char *args)
{
	char *where = NULL;
	int rc = testutil_run_command("command -v tshark", &where);
	g_free(where);
	if (rc != 0) {
		CU_FAIL_FATAL("tshark not found: it is installed by the project's setup script and is required");
		return NULL;
	}
	char *q = g_shell_quote(path);
	char *cmd = g_strdup_printf("tshark -n -r %s %s 2>/dev/null", q, args);
	char *out = NULL;
	rc = testutil_run_command(cmd, &out);
	if (rc != 0)
		fprintf(stderr, "%s: exit %d\n%s\n", cmd, rc, out);
	CU_ASSERT_EQUAL(rc, 0);
	g_free(cmd);
	g_free(q);
	return out;
}

static long tshark_count(const char *path)
{
	char *out = tshark(path, "-T fields -e frame.number");
	long n = 0;
	for (char *p = out; p && *p; p++)
		n += *p == '\n';
	g_free(out);
	return n;
}

/* ---- files (the byte builders are bytebuild.h's) ---- */

static void write_bytes(const char *path, const uint8_t *p, size_t n)
{
	GError *e = NULL;
	CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, (const char *)p, (gssize)n, &e));
}

/* ---- packets to put in captures ---- */

static segment seg_tcp4(uint16_t sport, uint32_t payload)
{
	segment s = { .src = net_addr_v4(10, 0, 0, 1), .dst = net_addr_v4(10, 0, 0, 2), .sport = sport, .dport = 80,
		      .proto = SEG_PROTO_TCP, .flags = TCP_FLAG_ACK | (payload ? TCP_FLAG_PSH : 0), .seq = 1000u + sport,
		      .ack = 77, .window = 500, .opt_len = 4, .options = { 2, 4, 5, 0xb4 }, .payload_len = payload,
		      .payload_fill = payload_pattern_fill, .payload_stream = sport };
	return s;
}

static segment seg_udp6(uint16_t sport, uint32_t payload)
{
	segment s = { .src = { .family = NET_AF_INET6, .bytes = { 0xfd, [15] = 1 } },
		      .dst = { .family = NET_AF_INET6, .bytes = { 0xfd, [15] = 2 } }, .sport = sport, .dport = 53,
		      .proto = SEG_PROTO_UDP, .payload_len = payload, .payload_fill = payload_pattern_fill };
	return s;
}

/* The serialised packet in a new byte array. */
static GByteArray *ip_bytes(const segment *s)
{
	GByteArray *a = g_byte_array_sized_new(WIRE_PACKET_MAX);
	g_byte_array_set_size(a, WIRE_PACKET_MAX);
	uint32_t n = 0;
	CU_ASSERT_TRUE_FATAL(wire_serialize(s, 1, a->data, a->len, UINT32_MAX, &n, NULL));
	g_byte_array_set_size(a, n);
	return a;
}

/* A link-layer frame of `linktype` around the packet of `s` (bb_link_frame's variants). */
static GByteArray *frame_for(uint32_t linktype, const segment *s, int variant)
{
	GByteArray *ip = ip_bytes(s);
	GByteArray *f = bb_link_frame(linktype, ip->data, ip->len, s->src.family == NET_AF_INET6, variant);
	g_byte_array_free(ip, TRUE);
	return f;
}

/* A classic pcap with the given frames, each stamped i seconds + 1234 µs/ns. Returns the record
 * boundaries (offsets) in `bounds` when non-NULL. */
static GByteArray *classic_pcap(bool be, bool nsec, uint32_t linktype, GByteArray **frames, size_t n, GArray *bounds)
{
	bb b = { .a = g_byte_array_new(), .be = be };
	bb_u32(&b, nsec ? PCAP_MAGIC_NSEC : PCAP_MAGIC_USEC);
	bb_u16(&b, 2);
	bb_u16(&b, 4);
	bb_u32(&b, 0);
	bb_u32(&b, 0);
	bb_u32(&b, 65535);
	bb_u32(&b, linktype);
	for (size_t i = 0; i < n; i++) {
		if (bounds) {
			guint off = b.a->len;
			g_array_append_val(bounds, off);
		}
		bb_u32(&b, (uint32_t)(1600000000 + i));
		bb_u32(&b, 1234);
		bb_u32(&b, frames[i]->len);
		bb_u32(&b, frames[i]->len);
		bb_bytes(&b, frames[i]->data, frames[i]->len);
	}
	if (bounds) {
		guint off = b.a->len;
		g_array_append_val(bounds, off);
	}
	return b.a;
}

/* Read every packet; returns the count, or -1 on error with the error in *error. */
static long read_all(const char *path, GError **error)
{
	pcap_reader *r = pcap_reader_open(path, error);
	if (!r)
		return -1;
	long n = 0;
	pcap_packet pkt;
	pcap_read_result res;
	while ((res = pcap_reader_next(r, &pkt, error)) == PCAP_READ_PACKET) {
		n++;
		segment s;
		wire_info info;
		/* Parsing whatever came out must be safe too. */
		(void)pcap_packet_parse(&pkt, &s, &info);
	}
	pcap_reader_free(r);
	return res == PCAP_READ_EOF ? n : -1;
}

/* ---- the reference capture against tshark ---- */

static void test_reference_capture(void)
{
	char *fields = tshark(REF_CAPTURE, "-T fields -E separator=, -e frame.number -e frame.time_epoch -e ip.src "
					   "-e ip.dst -e tcp.srcport -e tcp.dstport -e tcp.seq_raw -e tcp.ack_raw "
					   "-e tcp.flags -e tcp.len -e tcp.window_size_value -e tcp.hdr_len -e ip.ttl");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fields);
	char **want = g_strsplit(g_strstrip(fields), "\n", -1);
	GError *e = NULL;
	pcap_reader *r = pcap_reader_open(REF_CAPTURE, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(pcap_reader_format(r), PCAP_FILE_PCAP);
	CU_ASSERT_EQUAL(pcap_reader_linktype(r, 0), PCAP_LINKTYPE_ETHERNET);
	pcap_packet pkt;
	guint n = 0, mismatches = 0, csum_ok = 0;
	while (pcap_reader_next(r, &pkt, &e) == PCAP_READ_PACKET) {
		segment s;
		wire_info info;
		CU_ASSERT_EQUAL_FATAL(pcap_packet_parse(&pkt, &s, &info), WIRE_OK);
		char a[NET_ADDR_STRLEN], b[NET_ADDR_STRLEN];
		char *got = g_strdup_printf("%" PRIu64 ",%" PRId64 ".%09" PRId64 ",%s,%s,%u,%u,%u,%u,0x%04x,%u,%u,%u,%u",
					    pkt.number, pkt.ts_ns / SIM_NS_PER_S, pkt.ts_ns % SIM_NS_PER_S,
					    net_addr_to_string(&s.src, a), net_addr_to_string(&s.dst, b), s.sport, s.dport,
					    s.seq, s.ack, s.flags, s.payload_len, s.window, TCP_HEADER_LEN + s.opt_len, s.ttl);
		if (n >= g_strv_length(want) || strcmp(got, want[n]) != 0) {
			if (mismatches++ < 3)
				fprintf(stderr, "packet %u: ours %s, tshark %s\n", n + 1, got,
					n < g_strv_length(want) ? want[n] : "(none)");
		}
		g_free(got);
		/* tshark (tcp.check_checksum) finds every checksum in this capture good. */
		csum_ok += info.ip_csum_checked && info.ip_csum_ok && info.l4_csum_checked && info.l4_csum_ok;
		n++;
	}
	CU_ASSERT_PTR_NULL(e);
	CU_ASSERT_EQUAL(mismatches, 0);
	CU_ASSERT_EQUAL(n, g_strv_length(want));
	/* Numbers checked by hand with tshark 4.0.17, in case the comparison above compared nothing. */
	CU_ASSERT_EQUAL(n, 264);
	CU_ASSERT_EQUAL(csum_ok, 264);
	CU_ASSERT_STRING_EQUAL(want[0], "1,1361796995.701161000,10.2.1.2,10.1.1.2,35961,22,2912457561,0,0x0002,0,14600,52,64");
	pcap_reader_free(r);
	g_strfreev(want);
	g_free(fields);
}

/* ---- the writer, read back ---- */

static void test_writer_roundtrip(void)
{
	char *path = tmp_path("writer.pcap");
	char *path2 = tmp_path("writer2.pcap");
	char *cut = tmp_path("writer-cut.pcap");
	const sim_time_t t0 = SIM_S(3) + 123456789;
	segment segs[6] = { seg_tcp4(1, 0), seg_tcp4(2, 1460), seg_udp6(3, 7), seg_tcp4(4, 1), seg_udp6(5, 0),
			    seg_tcp4(6, 3000) };
	segs[3].src = segs[2].src;
	segs[3].dst = segs[2].dst; /* IPv6 TCP */
	for (int pass = 0; pass < 3; pass++) {
		GError *e = NULL;
		const char *p = pass == 0 ? path : pass == 1 ? path2 : cut;
		pcap_writer *w = pcap_writer_open(p, pass == 2 ? 64 : 0, &e);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		for (int i = 0; i < 6; i++)
			CU_ASSERT_TRUE(pcap_writer_write(w, &segs[i], t0 + SIM_US(i), &e));
		CU_ASSERT_EQUAL(pcap_writer_packets(w), 6);
		CU_ASSERT_TRUE(pcap_writer_close(w, &e));
		CU_ASSERT_PTR_NULL(e);
	}
	/* Same packets, same bytes. */
	CU_ASSERT_TRUE(testutil_files_equal(path, path2));

	for (int pass = 0; pass < 2; pass++) {
		GError *e = NULL;
		pcap_reader *r = pcap_reader_open(pass ? cut : path, &e);
		CU_ASSERT_PTR_NOT_NULL_FATAL(r);
		CU_ASSERT_EQUAL(pcap_reader_linktype(r, 0), PCAP_LINKTYPE_RAW);
		pcap_packet pkt;
		int i = 0;
		while (pcap_reader_next(r, &pkt, &e) == PCAP_READ_PACKET && i < 6) {
			const segment *w = &segs[i];
			CU_ASSERT_EQUAL(pkt.ts_ns, t0 + SIM_US(i));
			CU_ASSERT_EQUAL(pkt.frame_origlen, segment_wire_len(w));
			CU_ASSERT_EQUAL(pkt.frame_caplen, pass ? MIN(64u, segment_wire_len(w)) : segment_wire_len(w));
			segment s;
			wire_info info;
			CU_ASSERT_EQUAL_FATAL(pcap_packet_parse(&pkt, &s, &info), WIRE_OK);
			CU_ASSERT_TRUE(net_addr_equal(&s.src, &w->src));
			CU_ASSERT_EQUAL(s.sport, w->sport);
			CU_ASSERT_EQUAL(s.proto, w->proto);
			CU_ASSERT_EQUAL(s.seq, w->seq);
			CU_ASSERT_EQUAL(s.payload_len, w->payload_len);
			CU_ASSERT_EQUAL(info.ip_id, w->src.family == NET_AF_INET ? i : 0);
			if (!info.truncated)
				CU_ASSERT_TRUE(info.l4_csum_checked && info.l4_csum_ok);
			i++;
		}
		CU_ASSERT_EQUAL(i, 6);
		CU_ASSERT_PTR_NULL(e);
		pcap_reader_free(r);
	}
	CU_ASSERT_EQUAL(tshark_count(path), 6);
	g_free(path);
	g_free(path2);
	g_free(cut);
}

static void test_writer_errors(void)
{
	GError *e = NULL;
	/* A directory that does not exist. */
	char *bad = tmp_path("no/such/dir/x.pcap");
	CU_ASSERT_PTR_NULL(pcap_writer_open(bad, 0, &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, bad));
	CU_ASSERT_EQUAL(e->code, MPSIM_ERR_IO);
	g_clear_error(&e);
	g_free(bad);

	/* A full disk: the error surfaces at the latest at close, naming the file. */
	if (g_file_test("/dev/full", G_FILE_TEST_EXISTS)) {
		pcap_writer *w = pcap_writer_open("/dev/full", 0, &e);
		CU_ASSERT_PTR_NOT_NULL_FATAL(w);
		segment s = seg_tcp4(1, 1000);
		for (int i = 0; i < 2000; i++)
			pcap_writer_write(w, &s, SIM_MS(i), NULL);
		CU_ASSERT_FALSE(pcap_writer_close(w, &e));
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "/dev/full"));
		g_clear_error(&e);
	}

	/* A time before the epoch and a bad segment: reported, sticky, and again at close. */
	char *path = tmp_path("errors.pcap");
	pcap_writer *w = pcap_writer_open(path, 0, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	segment s = seg_tcp4(1, 10);
	CU_ASSERT_TRUE(pcap_writer_write(w, &s, 0, NULL));
	CU_ASSERT_FALSE(pcap_writer_write(w, &s, -1, &e));
	CU_ASSERT_PTR_NOT_NULL(e);
	g_clear_error(&e);
	CU_ASSERT_FALSE(pcap_writer_write(w, &s, 5, NULL));
	CU_ASSERT_FALSE(pcap_writer_close(w, &e));
	CU_ASSERT_PTR_NOT_NULL(e);
	g_clear_error(&e);
	w = pcap_writer_open(path, 0, &e);
	s.dst = seg_udp6(1, 1).dst;
	CU_ASSERT_FALSE(pcap_writer_write(w, &s, 5, &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, path));
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "address families"));
	g_clear_error(&e);
	CU_ASSERT_FALSE(pcap_writer_close(w, NULL));
	g_free(path);
}

/* ---- link types in classic pcap ---- */

static void check_link_file(const char *name, bool be, bool nsec, uint32_t linktype, int variant)
{
	GByteArray *frames[3];
	segment segs[3] = { seg_tcp4(10, 0), seg_udp6(11, 5), seg_tcp4(12, 33) };
	for (int i = 0; i < 3; i++)
		frames[i] = frame_for(linktype, &segs[i], variant);
	GByteArray *file = classic_pcap(be, nsec, linktype, frames, 3, NULL);
	char *path = tmp_path(name);
	write_bytes(path, file->data, file->len);

	GError *e = NULL;
	pcap_reader *r = pcap_reader_open(path, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	pcap_packet pkt;
	int i = 0;
	while (pcap_reader_next(r, &pkt, &e) == PCAP_READ_PACKET && i < 3) {
		CU_ASSERT_EQUAL(pkt.number, (uint64_t)i + 1);
		CU_ASSERT_EQUAL(pkt.linktype, linktype);
		CU_ASSERT_EQUAL(pkt.ts_ns, SIM_S(1600000000 + i) + (nsec ? 1234 : 1234000));
		CU_ASSERT_EQUAL(pkt.ip_caplen, segment_wire_len(&segs[i]));
		segment s;
		wire_info info;
		if (pcap_packet_parse(&pkt, &s, &info) != WIRE_OK) {
			fprintf(stderr, "%s packet %d: not parsed\n", name, i + 1);
			CU_FAIL("packet not parsed");
		} else {
			CU_ASSERT_TRUE(net_addr_equal(&s.src, &segs[i].src));
			CU_ASSERT_EQUAL(s.sport, segs[i].sport);
			CU_ASSERT_EQUAL(s.payload_len, segs[i].payload_len);
			CU_ASSERT_TRUE(info.l4_csum_ok);
		}
		i++;
	}
	CU_ASSERT_EQUAL(i, 3);
	CU_ASSERT_PTR_NULL(e);
	pcap_reader_free(r);
	/* tshark reads the same file as three packets (the builder is right), with the same ports. */
	char *out = tshark(path, "-T fields -e tcp.srcport -e udp.srcport");
	CU_ASSERT_STRING_EQUAL(out, "10\t\n\t11\n12\t\n");
	if (strcmp(out, "10\t\n\t11\n12\t\n") != 0)
		fprintf(stderr, "%s: tshark says:\n%s\n", name, out);
	g_free(out);
	for (int k = 0; k < 3; k++)
		g_byte_array_free(frames[k], TRUE);
	g_byte_array_free(file, TRUE);
	g_free(path);
}

static void test_link_types(void)
{
	check_link_file("raw-le-us.pcap", false, false, PCAP_LINKTYPE_RAW, 0);
	check_link_file("raw-be-ns.pcap", true, true, PCAP_LINKTYPE_RAW, 0);
	check_link_file("eth.pcap", false, false, PCAP_LINKTYPE_ETHERNET, 0);
	check_link_file("eth-vlan.pcap", true, false, PCAP_LINKTYPE_ETHERNET, 1);
	check_link_file("eth-qinq.pcap", false, true, PCAP_LINKTYPE_ETHERNET, 2);
	check_link_file("sll.pcap", false, false, PCAP_LINKTYPE_LINUX_SLL, 0);
	check_link_file("sll2.pcap", true, true, PCAP_LINKTYPE_LINUX_SLL2, 0);
	check_link_file("null-le.pcap", false, false, PCAP_LINKTYPE_NULL, 0);
	check_link_file("null-be.pcap", true, false, PCAP_LINKTYPE_NULL, 1);
	check_link_file("loop.pcap", false, false, PCAP_LINKTYPE_LOOP, 0);
}

static void test_link_non_ip(void)
{
	/* ARP on Ethernet, a truncated VLAN tag, an unknown link type: returned, ip NULL. */
	uint8_t arp[42] = { [12] = 0x08, [13] = 0x06 };
	uint32_t off = 99;
	CU_ASSERT_FALSE(pcap_link_ip_offset(PCAP_LINKTYPE_ETHERNET, arp, sizeof arp, &off));
	uint8_t vlan[16] = { [12] = 0x81, [13] = 0x00 };
	CU_ASSERT_FALSE(pcap_link_ip_offset(PCAP_LINKTYPE_ETHERNET, vlan, sizeof vlan, &off));
	uint8_t ip[20] = { 0x45 };
	CU_ASSERT_FALSE(pcap_link_ip_offset(147, ip, sizeof ip, &off));
	CU_ASSERT_TRUE(pcap_link_ip_offset(PCAP_LINKTYPE_IPV4, ip, sizeof ip, &off));
	CU_ASSERT_EQUAL(off, 0);
	CU_ASSERT_FALSE(pcap_link_ip_offset(PCAP_LINKTYPE_RAW, ip, 0, &off));
	/* Linux AF_INET6 (10) in a little-endian null header. */
	uint8_t null6[44] = { 10, 0, 0, 0, 0x60 };
	CU_ASSERT_TRUE(pcap_link_ip_offset(PCAP_LINKTYPE_NULL, null6, sizeof null6, &off));
	CU_ASSERT_EQUAL(off, 4);

	GByteArray *frames[2] = { g_byte_array_new(), NULL };
	g_byte_array_append(frames[0], arp, sizeof arp);
	segment s = seg_tcp4(1, 0);
	frames[1] = frame_for(PCAP_LINKTYPE_ETHERNET, &s, 0);
	GByteArray *file = classic_pcap(false, false, PCAP_LINKTYPE_ETHERNET, frames, 2, NULL);
	char *path = tmp_path("arp.pcap");
	write_bytes(path, file->data, file->len);
	pcap_reader *r = pcap_reader_open(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	pcap_packet pkt;
	segment p;
	CU_ASSERT_EQUAL(pcap_reader_next(r, &pkt, NULL), PCAP_READ_PACKET);
	CU_ASSERT_PTR_NULL(pkt.ip);
	CU_ASSERT_EQUAL(pkt.frame_caplen, 42);
	CU_ASSERT_EQUAL(pcap_packet_parse(&pkt, &p, NULL), WIRE_ERR_IP_VERSION);
	CU_ASSERT_EQUAL(pcap_reader_next(r, &pkt, NULL), PCAP_READ_PACKET);
	CU_ASSERT_EQUAL(pkt.number, 2);
	CU_ASSERT_EQUAL(pcap_packet_parse(&pkt, &p, NULL), WIRE_OK);
	CU_ASSERT_EQUAL(pcap_reader_next(r, &pkt, NULL), PCAP_READ_EOF);
	pcap_reader_free(r);
	g_byte_array_free(frames[0], TRUE);
	g_byte_array_free(frames[1], TRUE);
	g_byte_array_free(file, TRUE);
	g_free(path);
}

/* ---- pcapng ---- */

static void ng_shb(bb *b)
{
	size_t s = bb_block_begin(b, 0x0A0D0D0A);
	bb_u32(b, 0x1A2B3C4D);
	bb_u16(b, 1);
	bb_u16(b, 0);
	bb_u64(b, UINT64_MAX); /* section length unknown */
	bb_u16(b, 4);          /* shb_userappl */
	bb_u16(b, 8);
	bb_bytes(b, (const uint8_t *)"mptcpsim", 8);
	bb_u16(b, 0); /* opt_endofopt */
	bb_u16(b, 0);
	bb_block_end(b, s);
}

/* tsresol < 0: no option (microseconds). */
static void ng_idb(bb *b, uint16_t linktype, uint32_t snaplen, int tsresol, int64_t tsoffset)
{
	size_t s = bb_block_begin(b, 1);
	bb_u16(b, linktype);
	bb_u16(b, 0);
	bb_u32(b, snaplen);
	bb_u16(b, 2); /* if_name */
	bb_u16(b, 3);
	bb_bytes(b, (const uint8_t *)"et0", 3);
	bb_pad4(b);
	if (tsresol >= 0) {
		bb_u16(b, 9);
		bb_u16(b, 1);
		bb_u8(b, (uint8_t)tsresol);
		bb_pad4(b);
	}
	if (tsoffset) {
		bb_u16(b, 14);
		bb_u16(b, 8);
		bb_u64(b, (uint64_t)tsoffset);
	}
	bb_u16(b, 0);
	bb_u16(b, 0);
	bb_block_end(b, s);
}

static void ng_epb(bb *b, uint32_t ifid, uint64_t ts, const GByteArray *frame)
{
	size_t s = bb_block_begin(b, 6);
	bb_u32(b, ifid);
	bb_u32(b, (uint32_t)(ts >> 32));
	bb_u32(b, (uint32_t)ts);
	bb_u32(b, frame->len);
	bb_u32(b, frame->len);
	bb_bytes(b, frame->data, frame->len);
	bb_pad4(b);
	bb_u16(b, 1); /* opt_comment */
	bb_u16(b, 2);
	bb_bytes(b, (const uint8_t *)"hi", 2);
	bb_pad4(b);
	bb_u16(b, 0);
	bb_u16(b, 0);
	bb_block_end(b, s);
}

static void ng_spb(bb *b, const GByteArray *frame)
{
	size_t s = bb_block_begin(b, 3);
	bb_u32(b, frame->len);
	bb_bytes(b, frame->data, frame->len);
	bb_block_end(b, s);
}

static void ng_pb(bb *b, uint16_t ifid, uint64_t ts, const GByteArray *frame)
{
	size_t s = bb_block_begin(b, 2);
	bb_u16(b, ifid);
	bb_u16(b, 0); /* drops */
	bb_u32(b, (uint32_t)(ts >> 32));
	bb_u32(b, (uint32_t)ts);
	bb_u32(b, frame->len);
	bb_u32(b, frame->len);
	bb_bytes(b, frame->data, frame->len);
	bb_block_end(b, s);
}

static void ng_other(bb *b, uint32_t type, size_t len)
{
	size_t s = bb_block_begin(b, type);
	for (size_t i = 0; i < len; i++)
		bb_u8(b, (uint8_t)i);
	bb_block_end(b, s);
}

/* A Name Resolution Block: 10.0.0.2 is "srv", then the end of records. */
static void ng_nrb(bb *b)
{
	size_t s = bb_block_begin(b, 4);
	bb_u16(b, 1); /* nrb_record_ipv4 */
	bb_u16(b, 8);
	const uint8_t rec[8] = { 10, 0, 0, 2, 's', 'r', 'v', 0 };
	bb_bytes(b, rec, 8);
	bb_u16(b, 0); /* nrb_record_end */
	bb_u16(b, 0);
	bb_block_end(b, s);
}

/* An Interface Statistics Block for interface `ifid`, no options. */
static void ng_isb(bb *b, uint32_t ifid)
{
	size_t s = bb_block_begin(b, 5);
	bb_u32(b, ifid);
	bb_u32(b, 0);
	bb_u32(b, 9);
	bb_block_end(b, s);
}

struct ng_expect {
	uint64_t number;
	bool has_ts;
	int64_t ts_ns;
	uint32_t ifindex;
	uint32_t linktype;
	uint16_t sport;
};

/* Two sections (the second in the other byte order), four interfaces, every packet block type and
 * some blocks to skip. `bounds` receives every block boundary. */
static GByteArray *build_pcapng(bool be, struct ng_expect *ex, size_t *n_ex, GArray *bounds)
{
	bb b = { .a = g_byte_array_new(), .be = be };
	segment s1 = seg_tcp4(21, 100), s2 = seg_udp6(22, 3), s3 = seg_tcp4(23, 0), s4 = seg_tcp4(24, 7),
		s5 = seg_udp6(25, 1), s6 = seg_tcp4(26, 2);
	GByteArray *f1 = frame_for(PCAP_LINKTYPE_ETHERNET, &s1, 1);
	GByteArray *f2 = frame_for(PCAP_LINKTYPE_RAW, &s2, 0);
	GByteArray *f3 = frame_for(PCAP_LINKTYPE_ETHERNET, &s3, 0);
	GByteArray *f4 = frame_for(PCAP_LINKTYPE_RAW, &s4, 0);
	GByteArray *f5 = frame_for(PCAP_LINKTYPE_LINUX_SLL2, &s5, 0);
	GByteArray *f6 = frame_for(PCAP_LINKTYPE_RAW, &s6, 0);
	size_t n = 0;
#define MARK()                                  \
	do {                                    \
		if (bounds) {                   \
			guint o_ = b.a->len;    \
			g_array_append_val(bounds, o_); \
		}                               \
	} while (0)
	MARK();
	ng_shb(&b);
	MARK();
	ng_idb(&b, PCAP_LINKTYPE_ETHERNET, 0, -1, 0);
	MARK();
	ng_idb(&b, PCAP_LINKTYPE_RAW, 0, 9, 100);
	MARK();
	ng_nrb(&b);
	MARK();
	ng_epb(&b, 0, UINT64_C(1361796995701161), f1);
	ex[n++] = (struct ng_expect){ 1, true, INT64_C(1361796995701161000), 0, PCAP_LINKTYPE_ETHERNET, 21 };
	MARK();
	ng_epb(&b, 1, 5, f2);
	ex[n++] = (struct ng_expect){ 2, true, SIM_S(100) + 5, 1, PCAP_LINKTYPE_RAW, 22 };
	MARK();
	ng_spb(&b, f3);
	ex[n++] = (struct ng_expect){ 3, false, 0, 0, PCAP_LINKTYPE_ETHERNET, 23 };
	MARK();
	ng_other(&b, 0x00000BAD, 7); /* a custom block: Wireshark lists it as frame 4 */
	MARK();
	ng_pb(&b, 1, 7, f4);
	ex[n++] = (struct ng_expect){ 5, true, SIM_S(100) + 7, 1, PCAP_LINKTYPE_RAW, 24 };
	MARK();
	ng_isb(&b, 1);
	/* Second section, other byte order, its own interfaces numbered from 0 again. */
	b.be = !b.be;
	MARK();
	ng_shb(&b);
	MARK();
	ng_idb(&b, (uint16_t)PCAP_LINKTYPE_LINUX_SLL2, 0, 0x80 | 10, 0);
	MARK();
	ng_idb(&b, PCAP_LINKTYPE_RAW, 0, 3, 0);
	MARK();
	ng_epb(&b, 0, 3 * 1024 + 512, f5); /* 2^-10 s units: 3.5 s */
	ex[n++] = (struct ng_expect){ 6, true, SIM_MS(3500), 2, PCAP_LINKTYPE_LINUX_SLL2, 25 };
	MARK();
	ng_epb(&b, 1, 42, f6); /* milliseconds */
	ex[n++] = (struct ng_expect){ 7, true, SIM_MS(42), 3, PCAP_LINKTYPE_RAW, 26 };
	MARK();
#undef MARK
	*n_ex = n;
	g_byte_array_free(f1, TRUE);
	g_byte_array_free(f2, TRUE);
	g_byte_array_free(f3, TRUE);
	g_byte_array_free(f4, TRUE);
	g_byte_array_free(f5, TRUE);
	g_byte_array_free(f6, TRUE);
	return b.a;
}

static void test_pcapng(void)
{
	for (int be = 0; be < 2; be++) {
		struct ng_expect ex[8];
		size_t n_ex = 0;
		GByteArray *file = build_pcapng(be, ex, &n_ex, NULL);
		char *path = tmp_path(be ? "be.pcapng" : "le.pcapng");
		write_bytes(path, file->data, file->len);
		GError *e = NULL;
		pcap_reader *r = pcap_reader_open(path, &e);
		CU_ASSERT_PTR_NOT_NULL_FATAL(r);
		CU_ASSERT_EQUAL(pcap_reader_format(r), PCAP_FILE_PCAPNG);
		pcap_packet pkt;
		size_t i = 0;
		while (pcap_reader_next(r, &pkt, &e) == PCAP_READ_PACKET && i < n_ex) {
			CU_ASSERT_EQUAL(pkt.number, ex[i].number);
			CU_ASSERT_EQUAL(pkt.has_ts, ex[i].has_ts);
			CU_ASSERT_EQUAL(pkt.ts_ns, ex[i].ts_ns);
			CU_ASSERT_EQUAL(pkt.ifindex, ex[i].ifindex);
			CU_ASSERT_EQUAL(pkt.linktype, ex[i].linktype);
			segment s;
			wire_info info;
			CU_ASSERT_EQUAL(pcap_packet_parse(&pkt, &s, &info), WIRE_OK);
			CU_ASSERT_EQUAL(s.sport, ex[i].sport);
			CU_ASSERT_TRUE(info.l4_csum_checked && info.l4_csum_ok);
			i++;
		}
		CU_ASSERT_PTR_NULL(e);
		CU_ASSERT_EQUAL(i, n_ex);
		CU_ASSERT_EQUAL(pcap_reader_interface_count(r), 4);
		CU_ASSERT_EQUAL(pcap_reader_linktype(r, 2), PCAP_LINKTYPE_LINUX_SLL2);
		CU_ASSERT_EQUAL(pcap_reader_linktype(r, 4), -1);
		pcap_reader_free(r);
		/* tshark agrees on the frame numbers, timestamps, interfaces and ports. */
		char *out = tshark(path, "-T fields -e frame.number -e frame.time_epoch -e frame.interface_id "
					 "-e tcp.srcport -e udp.srcport");
		char **lines = g_strsplit(out, "\n", -1);
		for (size_t k = 0; k < n_ex; k++) {
			const struct ng_expect *x = &ex[k];
			char *ts = x->has_ts ? g_strdup_printf("%" PRId64 ".%09" PRId64, x->ts_ns / SIM_NS_PER_S,
							       x->ts_ns % SIM_NS_PER_S)
					     : g_strdup("");
			bool udp = x->sport == 22 || x->sport == 25;
			/* frame.interface_id counts within the section. */
			char *want = g_strdup_printf("%" PRIu64 "\t%s\t%u\t%s%u%s", x->number, ts, x->ifindex % 2,
						     udp ? "\t" : "", x->sport, udp ? "" : "\t");
			bool found = x->number - 1 < g_strv_length(lines) && strcmp(lines[x->number - 1], want) == 0;
			if (!found)
				fprintf(stderr, "tshark frame %" PRIu64 ": \"%s\", want \"%s\"\n", x->number,
					x->number - 1 < g_strv_length(lines) ? lines[x->number - 1] : "(none)", want);
			CU_ASSERT_TRUE(found);
			g_free(want);
			g_free(ts);
		}
		/* Seven frames and a final newline. */
		CU_ASSERT_EQUAL(g_strv_length(lines), 8);
		g_strfreev(lines);
		g_free(out);
		g_byte_array_free(file, TRUE);
		g_free(path);
	}
}

/* ---- truncated and corrupted files ---- */

static bool in_bounds(GArray *bounds, guint off)
{
	for (guint i = 0; i < bounds->len; i++)
		if (g_array_index(bounds, guint, i) == off)
			return true;
	return false;
}

/* Cut `file` at every length: a cut on a record/block boundary past the file header is a shorter
 * valid file; any other cut is an error naming the file and an offset. */
static void cut_everywhere(const char *name, const GByteArray *file, GArray *bounds, guint first_boundary)
{
	char *path = tmp_path(name);
	int wrong = 0;
	for (guint cut = 0; cut < file->len; cut++) {
		write_bytes(path, file->data, cut);
		GError *e = NULL;
		long n = read_all(path, &e);
		bool boundary = cut >= first_boundary && in_bounds(bounds, cut);
		if (boundary) {
			if (n < 0) {
				wrong++;
				fprintf(stderr, "%s cut at %u: unexpected error %s\n", name, cut, e ? e->message : "?");
			}
		} else if (n >= 0 || !e || !strstr(e->message, path) || !strstr(e->message, "offset ")) {
			wrong++;
			fprintf(stderr, "%s cut at %u: %ld packets, error %s\n", name, cut, n, e ? e->message : "(none)");
		}
		g_clear_error(&e);
	}
	CU_ASSERT_EQUAL(wrong, 0);
	g_free(path);
}

static void test_truncated_everywhere(void)
{
	GArray *bounds = g_array_new(FALSE, FALSE, sizeof(guint));
	GByteArray *frames[3];
	segment segs[3] = { seg_tcp4(1, 3), seg_udp6(2, 0), seg_tcp4(3, 10) };
	for (int i = 0; i < 3; i++)
		frames[i] = frame_for(PCAP_LINKTYPE_ETHERNET, &segs[i], 1);
	GByteArray *file = classic_pcap(false, true, PCAP_LINKTYPE_ETHERNET, frames, 3, bounds);
	cut_everywhere("cut.pcap", file, bounds, PCAP_FILE_HEADER_LEN);
	g_byte_array_free(file, TRUE);
	for (int i = 0; i < 3; i++)
		g_byte_array_free(frames[i], TRUE);

	g_array_set_size(bounds, 0);
	struct ng_expect ex[8];
	size_t n_ex;
	file = build_pcapng(true, ex, &n_ex, bounds);
	/* The first section header must be whole for the file to open at all. */
	cut_everywhere("cut.pcapng", file, bounds, g_array_index(bounds, guint, 1));
	g_byte_array_free(file, TRUE);
	g_array_free(bounds, TRUE);
}

/* Expect an error containing `needle` (and the path and "offset") from reading `bytes`. */
static void expect_error(const char *name, const uint8_t *bytes, size_t len, const char *needle)
{
	char *path = tmp_path(name);
	write_bytes(path, bytes, len);
	GError *e = NULL;
	long n = read_all(path, &e);
	CU_ASSERT_EQUAL(n, -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	bool ok = strstr(e->message, path) && strstr(e->message, "offset ") && strstr(e->message, needle);
	if (!ok)
		fprintf(stderr, "%s: error \"%s\" lacks \"%s\"\n", name, e->message, needle);
	CU_ASSERT_TRUE(ok);
	CU_ASSERT_EQUAL(e->domain, MPSIM_ERROR);
	CU_ASSERT_EQUAL(e->code, MPSIM_ERR_INPUT);
	g_error_free(e);
	g_free(path);
}

/* Overwrite 4 bytes at `off` with v in the byte order `be`. */
static void poke32(GByteArray *a, size_t off, uint32_t v, bool be)
{
	bb t = { .a = g_byte_array_new(), .be = be };
	bb_u32(&t, v);
	memcpy(a->data + off, t.a->data, 4);
	g_byte_array_free(t.a, TRUE);
}

static void test_corrupt_files(void)
{
	segment s = seg_tcp4(1, 3);
	GByteArray *fr = frame_for(PCAP_LINKTYPE_RAW, &s, 0);
	GByteArray *frames[1] = { fr };
	GByteArray *pc = classic_pcap(false, false, PCAP_LINKTYPE_RAW, frames, 1, NULL);
	GByteArray *m = g_byte_array_new();

	/* Classic pcap. */
	g_byte_array_append(g_byte_array_set_size(m, 0), pc->data, pc->len);
	m->data[0] ^= 0xff;
	expect_error("badmagic.pcap", m->data, m->len, "not a pcap or pcapng file");
	const uint8_t gz[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0 };
	expect_error("gz.pcap", gz, sizeof gz, "gzip");
	g_byte_array_append(g_byte_array_set_size(m, 0), pc->data, pc->len);
	m->data[4] = 3;
	expect_error("version.pcap", m->data, m->len, "version 3");
	g_byte_array_append(g_byte_array_set_size(m, 0), pc->data, pc->len);
	poke32(m, 24 + 8, 0x7fffffff, false);
	expect_error("huge-record.pcap", m->data, m->len, "more than the snap length");
	g_byte_array_append(g_byte_array_set_size(m, 0), pc->data, pc->len);
	poke32(m, 24 + 8, 60000, false);
	expect_error("long-record.pcap", m->data, m->len, "truncated");

	/* pcapng. */
	struct ng_expect ex[8];
	size_t n_ex;
	GArray *bounds = g_array_new(FALSE, FALSE, sizeof(guint));
	GByteArray *ng = build_pcapng(false, ex, &n_ex, bounds);
	guint shb_len = g_array_index(bounds, guint, 1);
	guint idb0 = shb_len;
	guint epb0 = g_array_index(bounds, guint, 4);
#define RESET() g_byte_array_append(g_byte_array_set_size(m, 0), ng->data, ng->len)
	RESET();
	m->data[8] ^= 0xff;
	expect_error("bom.pcapng", m->data, m->len, "byte-order magic");
	RESET();
	m->data[12] = 2;
	expect_error("ngversion.pcapng", m->data, m->len, "version 2");
	RESET();
	poke32(m, epb0 + 4, 0xfffffff0u, false);
	expect_error("huge-block.pcapng", m->data, m->len, "claims");
	RESET();
	poke32(m, epb0 + 4, 8u << 20, false);
	expect_error("long-block.pcapng", m->data, m->len, "remain");
	RESET();
	poke32(m, epb0 + 4, 30, false);
	expect_error("odd-block.pcapng", m->data, m->len, "multiple of 4");
	RESET();
	poke32(m, epb0 + 4, 8, false);
	expect_error("tiny-block.pcapng", m->data, m->len, "at least 12");
	RESET();
	poke32(m, epb0 + 4, 28, false);
	expect_error("short-epb.pcapng", m->data, m->len, "fixed fields");
	RESET();
	poke32(m, g_array_index(bounds, guint, 5) - 4, 1234, false);
	expect_error("trailer.pcapng", m->data, m->len, "trailing length");
	RESET();
	poke32(m, epb0 + 20, 5000, false); /* captured length beyond the block */
	expect_error("epb-caplen.pcapng", m->data, m->len, "holds only");
	RESET();
	poke32(m, epb0 + 8, 7, false); /* interface 7 of 2 */
	expect_error("epb-if.pcapng", m->data, m->len, "interface 7");
	RESET();
	m->data[idb0 + 16 + 2] = 200; /* if_name length 200 > block */
	expect_error("idb-opt.pcapng", m->data, m->len, "runs past");
	/* An SPB before any interface. */
	g_byte_array_set_size(m, 0);
	g_byte_array_append(m, ng->data, shb_len);
	bb tail = { .a = g_byte_array_new(), .be = false };
	ng_spb(&tail, fr);
	g_byte_array_append(m, tail.a->data, tail.a->len);
	expect_error("spb-noif.pcapng", m->data, m->len, "without an interface");
	g_byte_array_set_size(tail.a, 0);
	/* if_tsresol of 10^-30 s. */
	ng_idb(&tail, 101, 0, 30, 0);
	g_byte_array_set_size(m, 0);
	g_byte_array_append(m, ng->data, shb_len);
	g_byte_array_append(m, tail.a->data, tail.a->len);
	expect_error("tsresol.pcapng", m->data, m->len, "if_tsresol");
	g_byte_array_free(tail.a, TRUE);
#undef RESET

	/* After an error, the reader keeps failing rather than reading on from a bad position. */
	char *path = tmp_path("sticky.pcapng");
	g_byte_array_append(g_byte_array_set_size(m, 0), ng->data, ng->len);
	poke32(m, g_array_index(bounds, guint, 5) - 4, 1234, false);
	write_bytes(path, m->data, m->len);
	pcap_reader *r = pcap_reader_open(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	pcap_packet pkt;
	GError *e = NULL;
	CU_ASSERT_EQUAL(pcap_reader_next(r, &pkt, &e), PCAP_READ_ERROR);
	CU_ASSERT_PTR_NOT_NULL(e);
	g_clear_error(&e);
	CU_ASSERT_EQUAL(pcap_reader_next(r, &pkt, &e), PCAP_READ_ERROR);
	CU_ASSERT_PTR_NOT_NULL(e);
	g_clear_error(&e);
	pcap_reader_free(r);
	g_free(path);

	/* Missing file. */
	CU_ASSERT_PTR_NULL(pcap_reader_open("/nonexistent/capture.pcap", &e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "/nonexistent/capture.pcap"));
	g_clear_error(&e);

	g_array_free(bounds, TRUE);
	g_byte_array_free(ng, TRUE);
	g_byte_array_free(pc, TRUE);
	g_byte_array_free(m, TRUE);
	g_byte_array_free(fr, TRUE);
}

static void test_corrupt_fuzz(void)
{
	/* Every byte of small files set to a few values: whatever the reader says, it must not crash or
	 * read out of bounds (the Sanitize build checks), and an error names the file. */
	struct ng_expect ex[8];
	size_t n_ex;
	GByteArray *ng = build_pcapng(false, ex, &n_ex, NULL);
	segment s = seg_tcp4(1, 3);
	GByteArray *fr = frame_for(PCAP_LINKTYPE_ETHERNET, &s, 2);
	GByteArray *frames[2] = { fr, fr };
	GByteArray *pc = classic_pcap(true, false, PCAP_LINKTYPE_ETHERNET, frames, 2, NULL);
	char *path = tmp_path("fuzz.bin");
	const uint8_t values[] = { 0x00, 0x01, 0x7f, 0x80, 0xff };
	int unnamed = 0;
	GByteArray *files[2] = { ng, pc };
	for (int f = 0; f < 2; f++) {
		GByteArray *src = files[f];
		uint8_t *copy = g_malloc(src->len);
		memcpy(copy, src->data, src->len);
		for (guint i = 0; i < src->len; i++) {
			for (size_t v = 0; v < G_N_ELEMENTS(values); v++) {
				if (src->data[i] == values[v])
					continue;
				copy[i] = values[v];
				write_bytes(path, copy, src->len);
				GError *e = NULL;
				if (read_all(path, &e) < 0 && (!e || !strstr(e->message, path)))
					unnamed++;
				g_clear_error(&e);
				copy[i] = src->data[i];
			}
		}
		g_free(copy);
	}
	CU_ASSERT_EQUAL(unnamed, 0);
	g_free(path);
	g_byte_array_free(ng, TRUE);
	g_byte_array_free(pc, TRUE);
	g_byte_array_free(fr, TRUE);
}

static CU_TestInfo read_tests[] = {
	{ .pName = "reference capture matches tshark", .pTestFunc = test_reference_capture },
	{ .pName = "link types in classic pcap", .pTestFunc = test_link_types },
	{ .pName = "frames without IP", .pTestFunc = test_link_non_ip },
	{ .pName = "pcapng, both byte orders, two sections", .pTestFunc = test_pcapng },
	TEST_END_OF_TESTS,
};

static CU_TestInfo writer_tests[] = {
	{ .pName = "write and read back", .pTestFunc = test_writer_roundtrip },
	{ .pName = "write errors", .pTestFunc = test_writer_errors },
	TEST_END_OF_TESTS,
};

static CU_TestInfo corrupt_tests[] = {
	{ .pName = "cut at every offset", .pTestFunc = test_truncated_everywhere },
	{ .pName = "corrupt headers and lengths", .pTestFunc = test_corrupt_files },
	{ .pName = "byte mutations", .pTestFunc = test_corrupt_fuzz },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "read", .pInitFunc = suite_init, .pCleanupFunc = suite_clean, .pTests = read_tests },
	{ .pName = "writer", .pInitFunc = suite_init, .pCleanupFunc = suite_clean, .pTests = writer_tests },
	{ .pName = "corrupt", .pInitFunc = suite_init, .pCleanupFunc = suite_clean, .pTests = corrupt_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
