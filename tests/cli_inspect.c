/* cli_inspect.c — `mptcpsim inspect` as a user runs it, on tcpdump's real v0 capture and on copies of
 * it made here: altered by one byte, truncated, corrupted, and re-encapsulated.
 *
 *   - mptcp-v0.pcap: one v0 connection, two subflows, the keys, tokens, IDSNs and join HMACs of
 *     mptcp-wire.md §2.2, all 153 DSS checksums valid, no problem (text and JSON);
 *   - one payload byte flipped: exactly that mapping's DSS checksum is bad; the TCP checksum of the
 *     frame is counted as bad too, and is a problem only with --tcp-checksums;
 *   - one token byte flipped in the MP_JOIN SYN: the join is unattributed, one problem
 *     (join-unknown-token), the connection keeps one subflow;
 *   - truncated at many offsets and corrupted: exit 1, a message naming the file and the offset of
 *     the cut record (exit 0 when the cut falls between records), never a crash (the Sanitize build
 *     runs this too);
 *   - the same packets as pcapng (both byte orders, and editcap's), nanosecond and big-endian
 *     pcap, Ethernet with VLAN tags, Linux SLL and SLL2, raw IP and BSD loopback give the same
 *     report. */
#include "testutil.h"

#include "bytebuild.h"
#include "pcap.h"
#include "pcap_read.h"
#include "wire.h"

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define REF_CAPTURE TEST_SHARED_DIR "/reference/captures/mptcp-v0.pcap"

static char *tmpdir;

static int suite_init(void)
{
	tmpdir = testutil_tmpdir("cli_inspect");
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

/* `mptcpsim inspect ARGS`: exit status, stdout and stderr together in *out. */
static int inspect(const char *args, char **out)
{
	char *cmd = g_strdup_printf("%s inspect %s", MPTCPSIM_BIN, args);
	int rc = testutil_run_command(cmd, out);
	g_free(cmd);
	return rc;
}

/* The JSON report of `path` (with `extra` options), checked to be schema mptcpsim.inspect v1. */
static JsonNode *inspect_json(const char *path, const char *extra)
{
	char *q = g_shell_quote(path);
	char *args = g_strdup_printf("--json %s %s", extra ? extra : "", q);
	char *out = NULL;
	int rc = inspect(args, &out);
	CU_ASSERT_EQUAL(rc, 0);
	JsonParser *p = json_parser_new();
	JsonNode *root = NULL;
	if (json_parser_load_from_data(p, out, -1, NULL))
		root = json_node_copy(json_parser_get_root(p));
	else
		fprintf(stderr, "inspect %s: not JSON:\n%s\n", args, out);
	g_object_unref(p);
	g_free(out);
	g_free(args);
	g_free(q);
	CU_ASSERT_PTR_NOT_NULL_FATAL(root);
	JsonObject *o = json_node_get_object(root);
	CU_ASSERT_STRING_EQUAL(json_object_get_string_member(o, "schema"), "mptcpsim.inspect");
	CU_ASSERT_EQUAL(json_object_get_int_member(o, "schema_version"), 1);
	return root;
}

static JsonObject *obj(JsonObject *o, const char *name)
{
	return json_object_get_object_member(o, name);
}

static JsonArray *arr(JsonObject *o, const char *name)
{
	return json_object_get_array_member(o, name);
}

static JsonObject *nth(JsonArray *a, guint i)
{
	return json_array_get_object_element(a, i);
}

static gint64 num(JsonObject *o, const char *name)
{
	return json_object_get_int_member(o, name);
}

static const char *str(JsonObject *o, const char *name)
{
	return json_object_get_string_member(o, name);
}

static gboolean contains(const char *haystack, const char *needle)
{
	gboolean ok = strstr(haystack, needle) != NULL;
	if (!ok)
		fprintf(stderr, "\nexpected \"%s\" in:\n%s\n", needle, haystack);
	return ok;
}

/* ---- the reference capture ---- */

static void test_reference_text(void)
{
	char *out = NULL;
	CU_ASSERT_EQUAL(inspect(REF_CAPTURE, &out), 0);
	const char *want[] = {
		"264 packets (264 TCP)",
		"Connection 1: MPTCP v0, established, DSS checksums on (A set by both), 2 subflows",
		"client 10.2.1.2         key 0x9c9eabd1e46a33b2  token 0xaf9706eb  IDSN 0x9851b565d52abec9",
		"server 10.1.1.2         key 0x967d2770b6960552  token 0xe47f0142  IDSN 0xe47ef57dd1b9748f",
		"subflow 1 (flow 1): 10.2.1.2:35961 -> 10.1.1.2:22, MP_CAPABLE",
		"subflow 2 (flow 2): 10.2.1.2:41221 -> 10.1.2.2:22, MP_JOIN by the client",
		"address ID client 0, server 1",
		"token 0xe47f0142 = token(server key): ok",
		"SYN/ACK HMAC 0x5ab680c7884af03d: ok",
		"third-ACK HMAC cb7b87f5e5f0502f43b535fb70ef6607df2e6c7a: ok",
		"frame 4: server ADD_ADDR id 1 10.1.2.2 (v0: no HMAC)",
		"frame 210: server REMOVE_ADDR id 0",
		"DATA_FIN at IDSN+5122 (frame 259), acknowledged (frame 260)",
		"DSS checksums: 59 ok, 0 bad, 0 not captured",
		"DSS checksums: 94 ok, 0 bad, 0 not captured",
		"Problems: 0",
		"Summary: 1 connection, 2 subflows; join HMACs 2 ok, 0 bad; DSS checksums 153 ok, 0 bad; 0 problems",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		CU_ASSERT_TRUE(contains(out, want[i]));
	g_free(out);
	/* --problems-only: the summary line alone when there is nothing wrong. */
	CU_ASSERT_EQUAL(inspect("-q " REF_CAPTURE, &out), 0);
	CU_ASSERT_TRUE(g_str_has_prefix(g_strstrip(out), "Summary: 1 connection"));
	CU_ASSERT_PTR_NULL(strstr(out, "\n"));
	g_free(out);
}

static void check_end(JsonObject *e, const char *addr, const char *key, const char *token, const char *idsn)
{
	CU_ASSERT_STRING_EQUAL(str(e, "address"), addr);
	CU_ASSERT_STRING_EQUAL(str(e, "key"), key);
	CU_ASSERT_STRING_EQUAL(str(e, "token"), token);
	CU_ASSERT_STRING_EQUAL(str(e, "idsn"), idsn);
	CU_ASSERT_TRUE(json_object_get_boolean_member(e, "checksum_requested"));
}

static void test_reference_json(void)
{
	JsonNode *root = inspect_json(REF_CAPTURE, NULL);
	JsonObject *o = json_node_get_object(root);
	CU_ASSERT_STRING_EQUAL(str(o, "format"), "pcap");
	CU_ASSERT_EQUAL(num(obj(o, "packets"), "total"), 264);
	CU_ASSERT_EQUAL(num(obj(o, "checksums"), "tcp_bad"), 0);
	CU_ASSERT_EQUAL(num(o, "problem_count"), 0);
	CU_ASSERT_EQUAL(json_array_get_length(arr(o, "problems")), 0);
	CU_ASSERT_EQUAL(json_array_get_length(arr(o, "unattributed_flows")), 0);
	CU_ASSERT_EQUAL(json_array_get_length(arr(o, "plain_tcp_flows")), 0);
	JsonObject *sum = obj(o, "summary");
	CU_ASSERT_EQUAL(num(sum, "connections"), 1);
	CU_ASSERT_EQUAL(num(sum, "subflows"), 2);
	CU_ASSERT_EQUAL(num(sum, "join_hmacs_ok"), 2);
	CU_ASSERT_EQUAL(num(sum, "dss_checksums_ok"), 153);
	CU_ASSERT_EQUAL(num(sum, "dss_checksums_bad"), 0);

	JsonArray *conns = arr(o, "connections");
	CU_ASSERT_EQUAL_FATAL(json_array_get_length(conns), 1);
	JsonObject *c = nth(conns, 0);
	CU_ASSERT_EQUAL(num(c, "version"), 0);
	CU_ASSERT_STRING_EQUAL(str(c, "state"), "established");
	CU_ASSERT_TRUE(json_object_get_boolean_member(c, "checksums"));
	/* mptcp-wire.md §2.2, recomputed independently and by Wireshark. */
	check_end(obj(c, "client"), "10.2.1.2", "0x9c9eabd1e46a33b2", "0xaf9706eb", "0x9851b565d52abec9");
	check_end(obj(c, "server"), "10.1.1.2", "0x967d2770b6960552", "0xe47f0142", "0xe47ef57dd1b9748f");

	JsonArray *sf = arr(c, "subflows");
	CU_ASSERT_EQUAL_FATAL(json_array_get_length(sf), 2);
	CU_ASSERT_STRING_EQUAL(str(nth(sf, 0), "kind"), "mp_capable");
	JsonObject *j = nth(sf, 1);
	CU_ASSERT_STRING_EQUAL(str(j, "kind"), "mp_join");
	CU_ASSERT_STRING_EQUAL(str(j, "initiator"), "client");
	CU_ASSERT_EQUAL(num(j, "syn_frame"), 8);
	CU_ASSERT_STRING_EQUAL(str(obj(j, "from"), "address"), "10.2.1.2");
	CU_ASSERT_EQUAL(num(obj(j, "from"), "port"), 41221);
	CU_ASSERT_EQUAL(num(obj(j, "reverse"), "address_id"), 1);
	JsonObject *join = obj(j, "join");
	CU_ASSERT_STRING_EQUAL(str(join, "token"), "0xe47f0142");
	CU_ASSERT_STRING_EQUAL(str(join, "token_of"), "server");
	CU_ASSERT_STRING_EQUAL(str(join, "forward_nonce"), "0x1b665a18");
	CU_ASSERT_STRING_EQUAL(str(join, "reverse_nonce"), "0x33abe9d5");
	CU_ASSERT_STRING_EQUAL(str(obj(join, "synack_hmac"), "value"), "0x5ab680c7884af03d");
	CU_ASSERT_STRING_EQUAL(str(obj(join, "synack_hmac"), "check"), "ok");
	CU_ASSERT_STRING_EQUAL(str(obj(join, "ack_hmac"), "value"), "0xcb7b87f5e5f0502f43b535fb70ef6607df2e6c7a");
	CU_ASSERT_STRING_EQUAL(str(obj(join, "ack_hmac"), "expected"), "0xcb7b87f5e5f0502f43b535fb70ef6607df2e6c7a");
	CU_ASSERT_STRING_EQUAL(str(obj(join, "ack_hmac"), "check"), "ok");

	JsonArray *ev = arr(c, "events");
	CU_ASSERT_EQUAL_FATAL(json_array_get_length(ev), 2);
	CU_ASSERT_STRING_EQUAL(str(nth(ev, 0), "type"), "ADD_ADDR");
	CU_ASSERT_EQUAL(num(nth(ev, 0), "frame"), 4);
	CU_ASSERT_STRING_EQUAL(str(nth(ev, 0), "address"), "10.1.2.2");
	CU_ASSERT_TRUE(json_object_get_null_member(nth(ev, 0), "hmac")); /* v0 has none */
	CU_ASSERT_STRING_EQUAL(str(nth(ev, 1), "type"), "REMOVE_ADDR");

	/* The data: each direction one contiguous DSN range from IDSN + 1, a DATA_FIN after it,
	 * acknowledged; the DSS checksums of both directions make up tcpdump's 153 mappings. */
	const char *dirs[] = { "client_to_server", "server_to_client" };
	const gint64 bytes[] = { 3785 + 1336, 5257 + 3304 };
	gint64 ok = 0;
	for (int i = 0; i < 2; i++) {
		JsonObject *d = obj(obj(c, "data"), dirs[i]);
		CU_ASSERT_TRUE(json_object_get_boolean_member(d, "dsn_exact"));
		CU_ASSERT_EQUAL(num(d, "mapped_bytes"), bytes[i]);
		JsonArray *ranges = arr(d, "dsn_ranges");
		CU_ASSERT_EQUAL_FATAL(json_array_get_length(ranges), 1);
		CU_ASSERT_EQUAL(num(nth(ranges, 0), "start_rel"), 1);
		CU_ASSERT_EQUAL(num(nth(ranges, 0), "end_rel"), bytes[i] + 1);
		CU_ASSERT_EQUAL(num(d, "reinjection_count"), 0);
		CU_ASSERT_EQUAL(num(obj(d, "data_fin"), "dsn_rel"), bytes[i] + 1);
		CU_ASSERT_FALSE(json_object_get_null_member(obj(d, "data_fin"), "ack_frame"));
		CU_ASSERT_EQUAL(num(obj(d, "data_ack"), "dsn_rel"), bytes[i] + 2);
		JsonObject *cs = obj(d, "dss_checksums");
		CU_ASSERT_EQUAL(num(cs, "bad"), 0);
		CU_ASSERT_EQUAL(num(cs, "not_captured"), 0);
		CU_ASSERT_EQUAL(num(cs, "not_checkable"), 0);
		ok += num(cs, "ok");
	}
	CU_ASSERT_EQUAL(ok, 153);
	json_node_unref(root);
}

/* ---- altered copies ---- */

/* Where frame `number` of `path` lies: its record in the file, the IP packet in the record, and
 * what wire_parse() makes of it. */
typedef struct frame_at {
	uint64_t ip_offset; /* in the file */
	segment seg;
	wire_info info;
} frame_at;

static frame_at locate(const char *path, uint64_t number)
{
	frame_at at;
	memset(&at, 0, sizeof at);
	pcap_reader *r = pcap_reader_open(path, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	pcap_packet pkt;
	while (pcap_reader_next(r, &pkt, NULL) == PCAP_READ_PACKET) {
		if (pkt.number != number)
			continue;
		at.ip_offset = pkt.file_offset + PCAP_RECORD_HEADER_LEN + (uint64_t)(pkt.ip - pkt.frame);
		CU_ASSERT_EQUAL(wire_parse(pkt.ip, pkt.ip_caplen, pkt.ip_origlen, &at.seg, &at.info), WIRE_OK);
		break;
	}
	pcap_reader_free(r);
	CU_ASSERT_TRUE_FATAL(at.ip_offset != 0);
	return at;
}

/* A copy of the reference capture with byte `offset` XORed with `mask`. */
static char *altered_copy(const char *name, uint64_t offset, uint8_t mask)
{
	gchar *data = NULL;
	gsize len = 0;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(REF_CAPTURE, &data, &len, NULL));
	CU_ASSERT_TRUE_FATAL(offset < len);
	data[offset] = (gchar)(data[offset] ^ mask);
	char *path = tmp_path(name);
	CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, data, (gssize)len, NULL));
	g_free(data);
	return path;
}

/* The report's only problem, checked to be of `kind` at `frame`. */
static JsonObject *only_problem(JsonObject *report, const char *kind, gint64 frame)
{
	CU_ASSERT_EQUAL(num(report, "problem_count"), 1);
	JsonArray *pr = arr(report, "problems");
	CU_ASSERT_EQUAL_FATAL(json_array_get_length(pr), 1);
	JsonObject *p = nth(pr, 0);
	CU_ASSERT_STRING_EQUAL(str(p, "kind"), kind);
	CU_ASSERT_EQUAL(num(p, "frame"), frame);
	return p;
}

static void test_flipped_payload_byte(void)
{
	/* Frame 11: the client's 848-byte mapping (DSN 0x9851b565d52abef3, csum 0x6d11). */
	frame_at at = locate(REF_CAPTURE, 11);
	CU_ASSERT_EQUAL(at.seg.payload_len, 848);
	char *path = altered_copy("flipped-payload.pcap", at.ip_offset + at.info.payload_offset + 100, 0x01);
	JsonNode *root = inspect_json(path, NULL);
	JsonObject *o = json_node_get_object(root);
	CU_ASSERT_EQUAL(num(only_problem(o, "dss-checksum", 11), "connection"), 1);
	CU_ASSERT_EQUAL(num(obj(o, "summary"), "dss_checksums_ok"), 152);
	CU_ASSERT_EQUAL(num(obj(o, "summary"), "dss_checksums_bad"), 1);
	/* The TCP checksum covers the byte too: counted, not a problem by default. */
	JsonObject *cs = obj(o, "checksums");
	CU_ASSERT_EQUAL(num(cs, "tcp_bad"), 1);
	CU_ASSERT_EQUAL(json_array_get_int_element(arr(cs, "bad_frames"), 0), 11);
	CU_ASSERT_FALSE(json_object_get_boolean_member(cs, "counted_as_problems"));
	json_node_unref(root);

	/* --tcp-checksums: both are problems of frame 11. */
	root = inspect_json(path, "--tcp-checksums");
	o = json_node_get_object(root);
	CU_ASSERT_EQUAL(num(o, "problem_count"), 2);
	CU_ASSERT_EQUAL(num(obj(o, "problem_counts"), "dss-checksum"), 1);
	CU_ASSERT_EQUAL(num(obj(o, "problem_counts"), "tcp-checksum"), 1);
	JsonArray *pr = arr(o, "problems");
	for (guint i = 0; i < json_array_get_length(pr); i++)
		CU_ASSERT_EQUAL(num(nth(pr, i), "frame"), 11);
	json_node_unref(root);

	/* The text report names the frame and both checksums. */
	char *q = g_shell_quote(path), *out = NULL;
	char *args = g_strdup_printf("--problems-only %s", q);
	CU_ASSERT_EQUAL(inspect(args, &out), 0);
	CU_ASSERT_TRUE(contains(out, "frame 11: dss-checksum: DSS checksum 0x6d11 of the mapping DSN 0x9851b565d52abef3 "
				     "SSN 42 length 848 (subflow 1, client -> server) differs from 0x6c11"));
	CU_ASSERT_TRUE(contains(out, "DSS checksums 152 ok, 1 bad; 1 problem"));
	g_free(out);
	g_free(args);
	g_free(q);
	g_free(path);
}

/* The offset of the token in the MP_JOIN SYN option of frame 8. */
static uint64_t join_token_offset(void)
{
	frame_at at = locate(REF_CAPTURE, 8);
	const uint8_t *o = at.seg.options;
	for (size_t i = 0; i < at.seg.opt_len;) {
		if (o[i] == 0 || o[i] == 1) {
			i++;
			continue;
		}
		if (o[i] == 30 && (o[i + 2] >> 4) == 1)
			return at.ip_offset + at.info.l4_offset + 20 + i + 4;
		i += o[i + 1];
	}
	CU_FAIL_FATAL("frame 8 has no MP_JOIN option");
	return 0;
}

static void test_flipped_join_token(void)
{
	char *path = altered_copy("flipped-token.pcap", join_token_offset() + 3, 0x01); /* 0xe47f0142 -> 0xe47f0143 */
	JsonNode *root = inspect_json(path, NULL);
	JsonObject *o = json_node_get_object(root);
	CU_ASSERT_TRUE(contains(str(only_problem(o, "join-unknown-token", 8), "message"), "token 0xe47f0143"));
	/* The join is not attributed: one connection, one subflow, one unattributed flow. */
	JsonArray *un = arr(o, "unattributed_flows");
	CU_ASSERT_EQUAL_FATAL(json_array_get_length(un), 1);
	CU_ASSERT_STRING_EQUAL(str(nth(un, 0), "kind"), "join_unknown_token");
	CU_ASSERT_STRING_EQUAL(str(obj(nth(un, 0), "join"), "token"), "0xe47f0143");
	CU_ASSERT_EQUAL(num(obj(o, "summary"), "connections"), 1);
	CU_ASSERT_EQUAL(num(obj(o, "summary"), "subflows"), 1);
	CU_ASSERT_EQUAL(num(obj(o, "summary"), "dss_checksums_bad"), 0);
	json_node_unref(root);

	char *q = g_shell_quote(path), *out = NULL;
	CU_ASSERT_EQUAL(inspect(q, &out), 0);
	CU_ASSERT_TRUE(contains(out, "Unattributed flows:"));
	CU_ASSERT_TRUE(contains(out, "MP_JOIN with token 0xe47f0143, which no connection in the capture has"));
	g_free(out);
	g_free(q);
	g_free(path);
}

/* ---- unreadable files ---- */

/* Record boundaries of the reference capture: the file header's end, then each record's end. */
static GArray *record_bounds(void)
{
	GArray *b = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	uint64_t off = PCAP_FILE_HEADER_LEN;
	g_array_append_val(b, off);
	pcap_reader *r = pcap_reader_open(REF_CAPTURE, NULL);
	pcap_packet pkt;
	while (pcap_reader_next(r, &pkt, NULL) == PCAP_READ_PACKET) {
		off = pkt.file_offset + PCAP_RECORD_HEADER_LEN + pkt.frame_caplen;
		g_array_append_val(b, off);
	}
	pcap_reader_free(r);
	return b;
}

/* Cut the capture at `len` bytes; inspect must fail naming the file and the offset of the header
 * the cut falls in, or succeed when the cut falls between records. */
static void check_cut(const gchar *data, GArray *bounds, uint64_t len)
{
	char name[64];
	g_snprintf(name, sizeof name, "cut-%" G_GUINT64_FORMAT ".pcap", len);
	char *path = tmp_path(name);
	CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, data, (gssize)len, NULL));
	uint64_t start = 0;
	bool boundary = false;
	for (guint i = 0; i < bounds->len; i++) {
		uint64_t b = g_array_index(bounds, uint64_t, i);
		if (b == len)
			boundary = true;
		if (b < len)
			start = b;
	}
	char *q = g_shell_quote(path), *out = NULL;
	int rc = inspect(q, &out);
	if (boundary) {
		CU_ASSERT_EQUAL(rc, 0);
		CU_ASSERT_TRUE(contains(out, "Summary:"));
	} else {
		CU_ASSERT_EQUAL(rc, 1);
		char *want = g_strdup_printf("mptcpsim inspect: %s: offset %" G_GUINT64_FORMAT ": ", path, start);
		CU_ASSERT_TRUE(contains(out, want));
		g_free(want);
	}
	g_free(out);
	g_free(q);
	remove(path);
	g_free(path);
}

static void test_truncated(void)
{
	gchar *data = NULL;
	gsize len = 0;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(REF_CAPTURE, &data, &len, NULL));
	GArray *bounds = record_bounds();
	CU_ASSERT_EQUAL(g_array_index(bounds, uint64_t, bounds->len - 1), len);
	/* Every offset of the file header and the first records, then a stride through the rest
	 * (the in-process test in unit_inspect.c cuts at every offset). */
	for (uint64_t cut = 0; cut < len; cut += cut < 200 ? 1 : 997)
		check_cut(data, bounds, cut);
	/* Around a few record boundaries. */
	for (guint i = 1; i < bounds->len; i += 53)
		for (int delta = -1; delta <= 1; delta++)
			check_cut(data, bounds, g_array_index(bounds, uint64_t, i) + (uint64_t)(int64_t)delta);
	g_array_free(bounds, TRUE);
	g_free(data);
}

/* A copy with 4 bytes at `offset` replaced; inspect fails with `needle` in its message. */
static void check_corrupt(const char *name, uint64_t offset, const uint8_t bytes[4], const char *needle)
{
	gchar *data = NULL;
	gsize len = 0;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(REF_CAPTURE, &data, &len, NULL));
	memcpy(data + offset, bytes, 4);
	char *path = tmp_path(name);
	CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, data, (gssize)len, NULL));
	char *q = g_shell_quote(path), *out = NULL;
	CU_ASSERT_EQUAL(inspect(q, &out), 1);
	char *want = g_strdup_printf("%s: %s", path, needle);
	CU_ASSERT_TRUE(contains(out, want));
	g_free(want);
	g_free(out);
	g_free(q);
	g_free(path);
	g_free(data);
}

static void test_corrupt(void)
{
	const uint8_t garbage[4] = { 'G', 'I', 'F', '8' };
	check_corrupt("magic.pcap", 0, garbage, "offset 0: not a pcap or pcapng file");
	const uint8_t version[4] = { 3, 0, 4, 0 };
	check_corrupt("version.pcap", 4, version, "offset 4: unsupported pcap version 3.4");
	const uint8_t wifi[4] = { 105, 0, 0, 0 }; /* IEEE 802.11 */
	check_corrupt("linktype.pcap", 20, wifi, "offset 20: link type 105 is not one inspect reads");
	/* A record claiming 4 GB: the reader refuses it before allocating. */
	GArray *bounds = record_bounds();
	uint64_t rec = g_array_index(bounds, uint64_t, 100);
	const uint8_t huge[4] = { 0xff, 0xff, 0xff, 0xff };
	char *needle = g_strdup_printf("offset %" G_GUINT64_FORMAT ": record claims 4294967295 captured bytes", rec);
	check_corrupt("caplen.pcap", rec + 8, huge, needle);
	g_free(needle);
	g_array_free(bounds, TRUE);
	char *out = NULL;
	CU_ASSERT_EQUAL(inspect("/nonexistent/capture.pcap", &out), 1);
	CU_ASSERT_TRUE(contains(out, "/nonexistent/capture.pcap"));
	g_free(out);
}

static void test_usage(void)
{
	char *out = NULL;
	CU_ASSERT_EQUAL(inspect("", &out), 2);
	g_free(out);
	CU_ASSERT_EQUAL(inspect("--no-such-option " REF_CAPTURE, &out), 2);
	g_free(out);
	CU_ASSERT_EQUAL(inspect("--help", &out), 0);
	CU_ASSERT_TRUE(contains(out, "--json"));
	CU_ASSERT_TRUE(contains(out, "Exit codes"));
	g_free(out);
}

/* ---- several captures read as one ---- */

static char *summary_line(const char *out)
{
	const char *s = out ? strstr(out, "Summary:") : NULL;
	if (!s)
		return g_strdup("");
	const char *e = strchr(s, '\n');
	return g_strndup(s, e ? (gsize)(e - s) : strlen(s));
}

static void test_merged_host_captures(void)
{
	/* The simulator writes one capture per interface: the phone's Wi-Fi capture holds the LTE
	 * join's connection keys, its LTE capture the join. Read together they check out; alone, the
	 * LTE capture's join has an unknown token. The merged report equals mergecap + inspect's. */
	char *dir = tmp_path("merged");
	char *cmd = g_strdup_printf("%s run %s/scenarios/mptcp-two-paths.ini --set simulation.duration=5s --pcap --no-plots -q "
				    "--out %s",
				    MPTCPSIM_BIN, TEST_SOURCE_DIR, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL_FATAL(testutil_run_command(cmd, &out), 0);
	g_free(out);
	char *args = g_strdup_printf("-q %s/pcap/phone-cell.pcap", dir);
	CU_ASSERT_EQUAL(inspect(args, &out), 0);
	CU_ASSERT_TRUE(contains(out, "join-unknown-token"));
	g_free(out);
	g_free(args);
	args = g_strdup_printf("-q --tcp-checksums %s/pcap/phone-wifi.pcap %s/pcap/phone-cell.pcap", dir, dir);
	CU_ASSERT_EQUAL(inspect(args, &out), 0);
	CU_ASSERT_TRUE(contains(out, " 0 problems"));
	CU_ASSERT_FALSE(contains(out, "join-unknown-token"));
	char *ours = summary_line(out);
	g_free(out);
	g_free(args);
	char *merge = g_strdup_printf("mergecap -F pcap -w %s/phone.pcap %s/pcap/phone-wifi.pcap %s/pcap/phone-cell.pcap", dir, dir, dir);
	CU_ASSERT_EQUAL(testutil_run_command(merge, &out), 0);
	g_free(out);
	args = g_strdup_printf("-q --tcp-checksums %s/phone.pcap", dir);
	CU_ASSERT_EQUAL(inspect(args, &out), 0);
	char *theirs = summary_line(out);
	CU_ASSERT_STRING_EQUAL(ours, theirs);
	CU_ASSERT_TRUE(strlen(ours) > 0);
	g_free(out);
	g_free(args);
	g_free(ours);
	g_free(theirs);
	g_free(merge);
	g_free(cmd);
	g_free(dir);
}

/* ---- other encapsulations of the same packets ---- */

typedef struct ref_packet {
	int64_t ts_ns;
	GByteArray *ip;
} ref_packet;

static GArray *ref_packets(void)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(ref_packet));
	pcap_reader *r = pcap_reader_open(REF_CAPTURE, NULL);
	pcap_packet pkt;
	while (pcap_reader_next(r, &pkt, NULL) == PCAP_READ_PACKET) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(pkt.ip);
		ref_packet p = { .ts_ns = pkt.ts_ns, .ip = g_byte_array_new() };
		g_byte_array_append(p.ip, pkt.ip, pkt.ip_caplen);
		g_array_append_val(a, p);
	}
	pcap_reader_free(r);
	return a;
}

static char *write_classic(const char *name, const GArray *pk, bool be, bool nsec, uint32_t linktype, int variant)
{
	bb b = { .a = g_byte_array_new(), .be = be };
	bb_u32(&b, nsec ? PCAP_MAGIC_NSEC : PCAP_MAGIC_USEC);
	bb_u16(&b, 2);
	bb_u16(&b, 4);
	bb_u32(&b, 0);
	bb_u32(&b, 0);
	bb_u32(&b, 262144);
	bb_u32(&b, linktype);
	for (guint i = 0; i < pk->len; i++) {
		const ref_packet *p = &g_array_index(pk, ref_packet, i);
		bb_u32(&b, (uint32_t)(p->ts_ns / 1000000000));
		bb_u32(&b, (uint32_t)(p->ts_ns % 1000000000 / (nsec ? 1 : 1000)));
		GByteArray *f = bb_link_frame(linktype, p->ip->data, p->ip->len, false, variant);
		bb_u32(&b, f->len);
		bb_u32(&b, f->len);
		bb_bytes(&b, f->data, f->len);
		g_byte_array_free(f, TRUE);
	}
	char *path = tmp_path(name);
	CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, (const char *)b.a->data, b.a->len, NULL));
	g_byte_array_free(b.a, TRUE);
	return path;
}

/* pcapng: a Section Header Block, one Interface Description Block, an Enhanced Packet Block per
 * packet (draft-ietf-opsawg-pcapng §4.1, §4.2, §4.3), microsecond timestamps (the default). */
static char *write_pcapng(const char *name, const GArray *pk, bool be, uint32_t linktype)
{
	bb b = { .a = g_byte_array_new(), .be = be };
	size_t blk = bb_block_begin(&b, 0x0A0D0D0A);
	bb_u32(&b, 0x1A2B3C4D);
	bb_u16(&b, 1);
	bb_u16(&b, 0);
	bb_u64(&b, UINT64_MAX); /* section length unknown */
	bb_block_end(&b, blk);
	blk = bb_block_begin(&b, 1);
	bb_u16(&b, (uint16_t)linktype);
	bb_u16(&b, 0);
	bb_u32(&b, 262144);
	bb_block_end(&b, blk);
	for (guint i = 0; i < pk->len; i++) {
		const ref_packet *p = &g_array_index(pk, ref_packet, i);
		GByteArray *f = bb_link_frame(linktype, p->ip->data, p->ip->len, false, 1);
		uint64_t us = (uint64_t)p->ts_ns / 1000;
		blk = bb_block_begin(&b, 6);
		bb_u32(&b, 0);
		bb_u32(&b, (uint32_t)(us >> 32));
		bb_u32(&b, (uint32_t)us);
		bb_u32(&b, f->len);
		bb_u32(&b, f->len);
		bb_bytes(&b, f->data, f->len);
		bb_block_end(&b, blk);
		g_byte_array_free(f, TRUE);
	}
	char *path = tmp_path(name);
	CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, (const char *)b.a->data, b.a->len, NULL));
	g_byte_array_free(b.a, TRUE);
	return path;
}

/* The report without what depends on the file's form (path, format, link types), as text. */
static char *report_body(const char *path)
{
	JsonNode *root = inspect_json(path, NULL);
	JsonObject *o = json_node_get_object(root);
	json_object_remove_member(o, "file");
	json_object_remove_member(o, "format");
	json_object_remove_member(o, "link_types");
	char *text = json_to_string(root, TRUE);
	json_node_unref(root);
	return text;
}

static void check_same_report(const char *ref_body, const char *path, const char *what)
{
	char *body = report_body(path);
	if (strcmp(body, ref_body) != 0)
		fprintf(stderr, "\n%s: the report differs from the reference capture's\n", what);
	CU_ASSERT_STRING_EQUAL(body, ref_body);
	g_free(body);
}

static void test_encapsulations(void)
{
	char *ref = report_body(REF_CAPTURE);
	GArray *pk = ref_packets();
	CU_ASSERT_EQUAL(pk->len, 264);
	struct {
		const char *name;
		bool ng, be, nsec;
		uint32_t linktype;
		int variant;
	} forms[] = {
		{ "ng-ether.pcapng", true, false, false, PCAP_LINKTYPE_ETHERNET, 0 },
		{ "ng-be-sll2.pcapng", true, true, false, PCAP_LINKTYPE_LINUX_SLL2, 0 },
		{ "be-nsec-ether-vlan.pcap", false, true, true, PCAP_LINKTYPE_ETHERNET, 1 },
		{ "ether-qinq.pcap", false, false, false, PCAP_LINKTYPE_ETHERNET, 2 },
		{ "sll.pcap", false, false, false, PCAP_LINKTYPE_LINUX_SLL, 0 },
		{ "sll2.pcap", false, false, true, PCAP_LINKTYPE_LINUX_SLL2, 0 },
		{ "raw.pcap", false, false, true, PCAP_LINKTYPE_RAW, 0 },
		{ "ipv4.pcap", false, true, false, PCAP_LINKTYPE_IPV4, 0 },
		{ "null.pcap", false, false, false, PCAP_LINKTYPE_NULL, 0 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
		char *path = forms[i].ng ? write_pcapng(forms[i].name, pk, forms[i].be, forms[i].linktype)
					 : write_classic(forms[i].name, pk, forms[i].be, forms[i].nsec, forms[i].linktype,
							 forms[i].variant);
		check_same_report(ref, path, forms[i].name);
		g_free(path);
	}
	for (guint i = 0; i < pk->len; i++)
		g_byte_array_free(g_array_index(pk, ref_packet, i).ip, TRUE);
	g_array_free(pk, TRUE);

	/* editcap (wireshark-common, installed by scripts/setup.sh) writes pcapng its own way
	 * (options, statistics blocks): an independent writer. */
	char *where = NULL;
	int rc = testutil_run_command("command -v editcap", &where);
	g_free(where);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	char *ng = tmp_path("editcap.pcapng");
	char *q = g_shell_quote(ng);
	char *cmd = g_strdup_printf("editcap -F pcapng %s %s", REF_CAPTURE, q);
	char *out = NULL;
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 0);
	g_free(out);
	check_same_report(ref, ng, "editcap -F pcapng");
	char *ns = tmp_path("editcap-nsec.pcap");
	char *qn = g_shell_quote(ns);
	char *cmd2 = g_strdup_printf("editcap -F nsecpcap %s %s", REF_CAPTURE, qn);
	CU_ASSERT_EQUAL(testutil_run_command(cmd2, &out), 0);
	g_free(out);
	check_same_report(ref, ns, "editcap -F nsecpcap");
	g_free(cmd2);
	g_free(qn);
	g_free(ns);
	g_free(cmd);
	g_free(q);
	g_free(ng);
	g_free(ref);
}

static CU_TestInfo reference_tests[] = {
	{ .pName = "mptcp-v0.pcap: text report", .pTestFunc = test_reference_text },
	{ .pName = "mptcp-v0.pcap: JSON report", .pTestFunc = test_reference_json },
	{ .pName = "one payload byte flipped: that DSS checksum", .pTestFunc = test_flipped_payload_byte },
	{ .pName = "one token byte flipped: the join is unattributed", .pTestFunc = test_flipped_join_token },
	{ .pName = "pcapng, SLL, SLL2, VLAN, raw, loopback: same report", .pTestFunc = test_encapsulations },
	TEST_END_OF_TESTS,
};

static CU_TestInfo input_tests[] = {
	{ .pName = "truncated: exit 1, file and offset", .pTestFunc = test_truncated },
	{ .pName = "corrupt: exit 1, file and offset", .pTestFunc = test_corrupt },
	{ .pName = "usage", .pTestFunc = test_usage },
	{ .pName = "a host's captures read together: nothing wrong, as with mergecap", .pTestFunc = test_merged_host_captures },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "reference capture", .pInitFunc = suite_init, .pCleanupFunc = suite_clean, .pTests = reference_tests },
	{ .pName = "unreadable input", .pInitFunc = suite_init, .pCleanupFunc = suite_clean, .pTests = input_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
