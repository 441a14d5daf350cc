/* unit_inspect.c — `inspect` on captures written by the simulator's pcap writer (sim/pcap.h:
 * LINKTYPE_RAW, nanosecond timestamps) from hand-built MPTCP segments, and on the reference
 * capture cut and corrupted in process.
 *
 * The scenario is a v1 connection with checksums: MP_CAPABLE handshake and data (its implied
 * mapping), a server mapping split over segments at odd lengths, ADD_ADDR for IPv4 with a port and
 * for IPv6 with their HMACs and an echo, an MP_JOIN over IPv6 with both HMACs, a 32-bit DSN, a
 * reinjection, MP_PRIO, REMOVE_ADDR, MP_TCPRST, DATA_FIN both ways; a second connection without
 * checksums that falls back by an infinite mapping and is closed by MP_FASTCLOSE; a third whose
 * SYN/ACK has no MP_CAPABLE; a plain TCP flow. All of it built with the codec's writer and the
 * crypto, so a clean run must report no problem, and each single mutation exactly one problem of
 * its kind. */
#include "testutil.h"

#include "error.h"
#include "inspect.h"
#include "inspect_priv.h"
#include "mptcp/crypto.h"
#include "mptcp/options.h"
#include "payload.h"
#include "pcap.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#define REF_CAPTURE TEST_SHARED_DIR "/reference/captures/mptcp-v0.pcap"

static char *tmpdir;

static int suite_init(void)
{
	tmpdir = testutil_tmpdir("unit_inspect");
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

/* Plain stdio: g_file_set_contents() syncs to disk, which thousands of cut files do not need. */
static void write_file(const char *path, const gchar *data, gsize len)
{
	FILE *f = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fwrite(data, 1, len, f), len);
	CU_ASSERT_EQUAL(fclose(f), 0);
}

/* ---- the interval map ---- */

static void collect(void *ctx, uint64_t start, uint64_t end, const an_range_val *v)
{
	g_string_append_printf(ctx, "[%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ")f%u ", start, end, v->flow);
}

static void test_rangemap(void)
{
	an_rangemap *m = an_rangemap_new();
	an_range_val a = { .flow = 1, .delta = 100, .frame = 1 }, b = { .flow = 2, .delta = 100, .frame = 2 };
	an_rangemap_fill(m, 10, 20, &a);
	an_rangemap_fill(m, 20, 30, &a); /* touches, same value: merges */
	an_rangemap_fill(m, 40, 50, &b);
	an_rangemap_fill(m, 5, 60, &b); /* fills the gaps only */
	GString *s = g_string_new(NULL);
	an_rangemap_overlaps(m, 0, 100, collect, s);
	CU_ASSERT_STRING_EQUAL(s->str, "[5,10)f2 [10,30)f1 [30,60)f2 ");
	g_string_truncate(s, 0);
	an_rangemap_overlaps(m, 12, 35, collect, s);
	CU_ASSERT_STRING_EQUAL(s->str, "[12,30)f1 [30,35)f2 ");
	CU_ASSERT_EQUAL(an_rangemap_covered(m, 0, 100), 55);
	CU_ASSERT_EQUAL(an_rangemap_covered(m, 29, 31), 2);
	CU_ASSERT_EQUAL(an_rangemap_covered(m, 60, 70), 0);
	an_rangemap_fill(m, 70, 80, &a);
	GArray *merged = an_rangemap_merged(m);
	CU_ASSERT_EQUAL_FATAL(merged->len, 2);
	CU_ASSERT_EQUAL(g_array_index(merged, an_inspect_range, 0).start, 5);
	CU_ASSERT_EQUAL(g_array_index(merged, an_inspect_range, 0).end, 60);
	CU_ASSERT_EQUAL(g_array_index(merged, an_inspect_range, 1).start, 70);
	g_array_free(merged, TRUE);
	/* Many interleaved pieces stay disjoint and sorted. */
	for (uint64_t i = 0; i < 1000; i++) {
		an_range_val v = { .flow = (uint32_t)(i % 3), .delta = i % 3, .frame = i };
		an_rangemap_fill(m, 1000 + (i * 7919) % 997 * 10, 1000 + (i * 7919) % 997 * 10 + 10, &v);
	}
	CU_ASSERT_EQUAL(an_rangemap_covered(m, 1000, 1000 + 9970), 9970);
	merged = an_rangemap_merged(m);
	CU_ASSERT_EQUAL(g_array_index(merged, an_inspect_range, merged->len - 1).end, 1000 + 9970);
	g_array_free(merged, TRUE);
	g_string_free(s, TRUE);
	an_rangemap_free(m);
}

/* ---- a capture built from MPTCP segments ---- */

typedef struct cap {
	pcap_writer *w;
	sim_time_t now;
	uint64_t frames;
} cap;

typedef struct sflow {
	net_addr c, s;
	uint16_t cport, sport;
	uint32_t isn[2];  /* [0] client, [1] server */
	uint32_t next[2]; /* next sequence number to send */
} sflow;

static sflow flow_make(net_addr c, uint16_t cport, net_addr s, uint16_t sport, uint32_t cisn, uint32_t sisn)
{
	sflow f = { .c = c, .s = s, .cport = cport, .sport = sport, .isn = { cisn, sisn }, .next = { cisn, sisn } };
	return f;
}

/* Client data lives in payload stream 1, server data in stream 2, at offset DSN - (IDSN + 1). */
enum { CLIENT_STREAM = 1, SERVER_STREAM = 2 };

/* One segment with these option bytes. `rel` is the relative sequence number (ISN + rel); -1 sends
 * at the next one and advances it. Returns its frame number. */
static uint64_t emit_bytes(cap *k, sflow *f, int from_server, uint8_t flags, int64_t rel, uint32_t len, uint64_t off,
			   const uint8_t *opt, size_t opt_len)
{
	segment s = { .proto = SEG_PROTO_TCP, .flags = flags, .window = 1000, .payload_len = len,
		      .payload_fill = len ? payload_pattern_fill : NULL,
		      .payload_stream = from_server ? SERVER_STREAM : CLIENT_STREAM, .payload_offset = off };
	s.src = from_server ? f->s : f->c;
	s.dst = from_server ? f->c : f->s;
	s.sport = from_server ? f->sport : f->cport;
	s.dport = from_server ? f->cport : f->sport;
	s.seq = rel < 0 ? f->next[from_server] : f->isn[from_server] + (uint32_t)rel;
	s.ack = (flags & TCP_FLAG_ACK) ? f->next[!from_server] : 0;
	CU_ASSERT_FATAL(opt_len <= TCP_OPTIONS_MAX);
	memcpy(s.options, opt, opt_len);
	s.opt_len = (uint8_t)opt_len;
	if (rel < 0)
		f->next[from_server] += len + ((flags & (TCP_FLAG_SYN | TCP_FLAG_FIN)) ? 1u : 0u);
	k->now += SIM_US(100);
	CU_ASSERT_TRUE_FATAL(pcap_writer_write(k->w, &s, k->now, NULL));
	return ++k->frames;
}

/* The same with the options `o` serialised by the codec (NULL: none). */
static uint64_t emit_at(cap *k, sflow *f, int from_server, uint8_t flags, int64_t rel, uint32_t len, uint64_t off,
			const mptcp_options *o)
{
	uint8_t opt[TCP_OPTIONS_MAX];
	size_t n = 0;
	if (o) {
		n = mptcp_opt_write(o, opt, sizeof opt);
		CU_ASSERT_FATAL(n == mptcp_opt_len(o) && (n > 0 || !o->suboptions));
	}
	return emit_bytes(k, f, from_server, flags, rel, len, off, opt, n);
}

static uint64_t emit(cap *k, sflow *f, int from_server, uint8_t flags, uint32_t len, uint64_t off, const mptcp_options *o)
{
	return emit_at(k, f, from_server, flags, -1, len, off, o);
}

#define ACK TCP_FLAG_ACK
#define SYN TCP_FLAG_SYN
#define PSH (TCP_FLAG_PSH | TCP_FLAG_ACK)

/* What to break in the scenario: each breaks one value, and must give one problem. */
typedef enum mutation {
	MUT_NONE,
	MUT_SYNACK_HMAC,
	MUT_ACK_HMAC,
	MUT_ADD_ADDR_HMAC,
	MUT_ADD_ADDR_LEFTMOST,
	MUT_MPC_CSUM,
	MUT_DSS_CSUM,
	MUT_ECHOED_KEY,
	MUT_CSUM_MISSING,
	MUT_CSUM_UNEXPECTED,
	MUT_MAPPING_CONFLICT,
	MUT_DATA_FIN_CONFLICT,
	MUT_FASTCLOSE_KEY,
	MUT_UNMAPPED,
	MUT_PLAIN_WITH_DSS,
	MUT_MALFORMED,
	MUT_COUNT
} mutation;

static const struct {
	mutation m;
	an_inspect_problem_kind kind;
	const char *name;
	const char *message; /* in the problem's message, when not NULL */
} mutations[] = {
	{ MUT_SYNACK_HMAC, AN_PROB_JOIN_SYNACK_HMAC, "MP_JOIN SYN/ACK HMAC", NULL },
	{ MUT_ACK_HMAC, AN_PROB_JOIN_ACK_HMAC, "MP_JOIN third-ACK HMAC", NULL },
	{ MUT_ADD_ADDR_HMAC, AN_PROB_ADD_ADDR_HMAC, "ADD_ADDR HMAC", NULL },
	{ MUT_ADD_ADDR_LEFTMOST, AN_PROB_ADD_ADDR_HMAC, "ADD_ADDR HMAC of early Linux", "leftmost 64 bits, as Linux" },
	{ MUT_MPC_CSUM, AN_PROB_DSS_CHECKSUM, "MP_CAPABLE data checksum", NULL },
	{ MUT_DSS_CSUM, AN_PROB_DSS_CHECKSUM, "DSS checksum of a split mapping", NULL },
	{ MUT_ECHOED_KEY, AN_PROB_KEY_MISMATCH, "key echoed in the third ACK", NULL },
	{ MUT_CSUM_MISSING, AN_PROB_DSS_CHECKSUM_MISSING, "mapping without the negotiated checksum", NULL },
	{ MUT_CSUM_UNEXPECTED, AN_PROB_DSS_CHECKSUM_UNEXPECTED, "checksum not negotiated", NULL },
	{ MUT_MAPPING_CONFLICT, AN_PROB_MAPPING_CONFLICT, "subflow bytes mapped twice", NULL },
	{ MUT_DATA_FIN_CONFLICT, AN_PROB_DATA_FIN_CONFLICT, "DATA_FIN moved", NULL },
	{ MUT_FASTCLOSE_KEY, AN_PROB_FASTCLOSE_KEY, "MP_FASTCLOSE key", NULL },
	{ MUT_UNMAPPED, AN_PROB_UNMAPPED_DATA, "payload without a mapping", NULL },
	{ MUT_PLAIN_WITH_DSS, AN_PROB_MPTCP_ON_PLAIN_FLOW, "DSS on a plain TCP flow", NULL },
	{ MUT_MALFORMED, AN_PROB_MALFORMED_OPTION, "malformed option", NULL },
};

static const uint64_t KA = UINT64_C(0x1fdb5df328bc3def), KB = UINT64_C(0x29a6c86981ad933c);
static const uint64_t KA2 = UINT64_C(0x0123456789abcdef), KB2 = UINT64_C(0xfedcba9876543210);
static const uint32_t RA = 0x11223344u, RB = 0x55667788u;

/* What the clean scenario's report must show, filled in while writing it. */
typedef struct expect {
	uint64_t join_syn, reinject, c_fin, s_fin, s_fin_ack, c_fin_ack, echo, add4, infinite;
} expect;

static mptcp_options dss(uint8_t flags)
{
	mptcp_options o = { .suboptions = MPTCP_OPT_DSS, .version = MPTCP_VERSION_1, .dss_flags = flags };
	return o;
}

/* A mapping of `len` bytes of `stream` data at DSN `dsn` (the sender's IDSN given), with the
 * checksum RFC 8684 §3.3.1 asks for. */
static mptcp_options mapping(uint64_t idsn, uint64_t dsn, uint32_t ssn, uint16_t len, bool fin, int stream, bool csum,
			     uint64_t ack)
{
	mptcp_options o = dss(MPTCP_DSS_HAS_ACK | MPTCP_DSS_ACK64 | MPTCP_DSS_HAS_MAP | MPTCP_DSS_DSN64 |
			      (fin ? MPTCP_DSS_DATA_FIN : 0));
	o.data_ack = ack;
	o.data_seq = dsn;
	o.subflow_seq = ssn;
	o.data_len = len;
	o.dss_has_csum = csum;
	uint64_t bytes = len - (fin ? 1u : 0u);
	if (csum)
		o.csum = mptcp_dss_csum(dsn, ssn, len, bytes ? payload_pattern_fill : NULL, (uint64_t)stream,
					dsn - (idsn + 1), bytes);
	return o;
}

static mptcp_options data_ack(uint64_t ack)
{
	mptcp_options o = dss(MPTCP_DSS_HAS_ACK | MPTCP_DSS_ACK64);
	o.data_ack = ack;
	return o;
}

static void conn1(cap *k, mutation mut, expect *ex)
{
	const uint8_t v = MPTCP_VERSION_1;
	uint64_t ia = mptcp_crypto_idsn(v, KA), ib = mptcp_crypto_idsn(v, KB);
	sflow f1 = flow_make(net_addr_v4(10, 0, 0, 1), 40000, net_addr_v4(10, 0, 0, 2), 443, 1000, 5000000);
	net_addr c6, s6;
	CU_ASSERT_TRUE(net_addr_parse("fd00::1", &c6, NULL));
	CU_ASSERT_TRUE(net_addr_parse("fd00::2", &s6, NULL));

	/* RFC 8684 §3.1: the client asks for checksums (A), the server does not: they are on. */
	mptcp_options o = { .suboptions = MPTCP_OPT_MPC_SYN, .version = v, .mpc_version = v,
			    .mpc_flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256 };
	emit(k, &f1, 0, SYN, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_SYNACK, .version = v, .mpc_version = v,
			     .mpc_flags = MPTCP_CAP_HMAC_SHA256, .sndr_key = KB };
	emit(k, &f1, 1, SYN | ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_ACK, .version = v, .mpc_version = v,
			     .mpc_flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256, .sndr_key = KA,
			     .rcvr_key = mut == MUT_ECHOED_KEY ? KB ^ 1 : KB };
	emit(k, &f1, 0, ACK, 0, 0, &o);
	/* The first data carries MP_CAPABLE with its mapping: DSN IDSN-A + 1, SSN 1 (§3.1). */
	o.rcvr_key = KB;
	o.mpc_has_data = o.mpc_has_csum = true;
	o.mpc_data_len = 1000;
	o.mpc_csum = mptcp_dss_csum(ia + 1, 1, 1000, payload_pattern_fill, CLIENT_STREAM, 0, 1000) ^ (mut == MUT_MPC_CSUM);
	emit(k, &f1, 0, PSH, 1000, 0, &o);
	o = data_ack(ia + 1001);
	emit(k, &f1, 1, ACK, 0, 0, &o);

	/* The server's 3000-byte mapping over three segments of 999, 1001 and 1000 bytes (odd
	 * positions); the middle one carries no DSS, the last repeats the mapping as Linux does. */
	o = mapping(ib, ib + 1, 1, 3000, false, SERVER_STREAM, true, ia + 1001);
	o.csum ^= (uint16_t)(mut == MUT_DSS_CSUM);
	emit(k, &f1, 1, PSH, 999, 0, &o);
	emit(k, &f1, 1, PSH, 1001, 999, NULL);
	if (mut == MUT_MAPPING_CONFLICT)
		o.data_seq++;
	emit(k, &f1, 1, PSH, 1000, 2000, &o);
	o = dss(MPTCP_DSS_HAS_ACK); /* a 32-bit Data ACK, expanded next to IDSN-B + 1 */
	o.data_ack = (uint32_t)(ib + 3001);
	emit(k, &f1, 0, ACK, 0, 0, &o);

	/* ADD_ADDR (§3.4.1): 10.0.2.2 port 8443 and fd00::2, HMAC keyed Key-B || Key-A; the
	 * client echoes the first. */
	o = (mptcp_options){ .suboptions = MPTCP_OPT_ADD_ADDR, .version = v, .add_addr_id = 1,
			     .add_addr = net_addr_v4(10, 0, 2, 2), .add_addr_has_port = true, .add_addr_port = 8443 };
	o.add_addr_hmac = mptcp_crypto_add_addr_hmac(KB, KA, 1, &o.add_addr, 8443) ^ (mut == MUT_ADD_ADDR_HMAC);
	if (mut == MUT_ADD_ADDR_LEFTMOST) {
		/* The leftmost 64 bits, as Linux sent before 12555a2d97e5 (mptcp-wire.md §1b). */
		const uint8_t msg[7] = { 1, 10, 0, 2, 2, 8443 >> 8, 8443 & 0xff };
		uint8_t h[MPTCP_HMAC_MAX];
		mptcp_crypto_hmac_sha(v, KB, KA, msg, sizeof msg, h);
		o.add_addr_hmac = 0;
		for (int i = 0; i < 8; i++)
			o.add_addr_hmac = o.add_addr_hmac << 8 | h[i];
	}
	ex->add4 = emit(k, &f1, 1, ACK, 0, 0, &o);
	o.add_addr_echo = true;
	o.add_addr_hmac = 0;
	ex->echo = emit(k, &f1, 0, ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_ADD_ADDR, .version = v, .add_addr_id = 3, .add_addr = s6 };
	o.add_addr_hmac = mptcp_crypto_add_addr_hmac(KB, KA, 3, &s6, 0);
	emit(k, &f1, 1, ACK, 0, 0, &o);

	/* MP_JOIN over IPv6 to the announced address, as a backup (§3.2). */
	sflow f2 = flow_make(c6, 40001, s6, 443, 70000, 90000);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPJ_SYN, .version = v, .join_id = 2, .join_backup = true,
			     .token = mptcp_crypto_token(v, KB), .nonce = RA };
	ex->join_syn = emit(k, &f2, 0, SYN, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPJ_SYNACK, .version = v, .join_id = 3, .nonce = RB,
			     .thmac = mptcp_crypto_join_thmac(v, KB, KA, RB, RA) ^ (mut == MUT_SYNACK_HMAC) };
	emit(k, &f2, 1, SYN | ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPJ_ACK, .version = v };
	mptcp_crypto_join_hmac(v, KA, KB, RA, RB, o.hmac);
	o.hmac[7] ^= (uint8_t)(mut == MUT_ACK_HMAC);
	emit(k, &f2, 0, ACK, 0, 0, &o);
	o = data_ack(ib + 3001);
	emit(k, &f2, 1, ACK, 0, 0, &o);
	/* Client data on the join with a 32-bit DSN (expanded next to IDSN-A + 1). */
	o = mapping(ia, ia + 1001, 1, 500, false, CLIENT_STREAM, mut != MUT_CSUM_MISSING, ib + 3001);
	o.dss_flags &= (uint8_t)~MPTCP_DSS_DSN64;
	o.data_seq = (uint32_t)o.data_seq;
	emit(k, &f2, 0, PSH, 500, 1000, &o);
	o = data_ack(ia + 1501);
	emit(k, &f2, 1, ACK, 0, 0, &o);
	/* The same 500 bytes reinjected on the first subflow. */
	o = mapping(ia, ia + 1001, 1001, 500, false, CLIENT_STREAM, true, ib + 3001);
	ex->reinject = emit(k, &f1, 0, PSH, 500, 1000, &o);
	if (mut == MUT_MALFORMED) {
		/* A DSS of length 9 with only the A flag, which needs 8 (RFC 8684 §3.3): ignored. */
		const uint8_t bad[12] = { TCPOPT_MPTCP, 9, MPTCPOPT_DSS << 4, MPTCP_DSS_HAS_ACK, 1, 2, 3, 4, 5,
					  TCPOPT_NOP, TCPOPT_NOP, TCPOPT_NOP };
		emit_bytes(k, &f1, 0, ACK, -1, 0, 0, bad, sizeof bad);
	}

	/* Signals: backup on the join (MP_PRIO, §3.3.8), the IPv6 address removed, the join reset
	 * with a reason (§3.6). */
	o = (mptcp_options){ .suboptions = MPTCP_OPT_PRIO, .version = v, .prio_backup = true };
	emit(k, &f2, 0, ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_RM_ADDR, .version = v, .rm_count = 1, .rm_ids = { 3 } };
	emit(k, &f1, 1, ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_RST, .version = v, .reset_reason = MPTCP_RST_EBADPERF,
			     .reset_flags = MPTCP_RST_TRANSIENT };
	emit(k, &f2, 1, TCP_FLAG_RST | ACK, 0, 0, &o);

	/* DATA_FIN: the client's alone (SSN 0, length 1, §3.3.3), the server's on its last data. */
	o = mapping(ia, ia + 1501, 0, 1, true, CLIENT_STREAM, true, ib + 3001);
	ex->c_fin = emit(k, &f1, 0, ACK, 0, 0, &o);
	if (mut == MUT_DATA_FIN_CONFLICT) {
		o = mapping(ia, ia + 1502, 0, 1, true, CLIENT_STREAM, true, ib + 3001);
		emit(k, &f1, 0, ACK, 0, 0, &o);
	}
	o = mapping(ib, ib + 3001, 3001, 101, true, SERVER_STREAM, true, ia + 1502);
	ex->s_fin = ex->c_fin_ack = emit(k, &f1, 1, PSH, 100, 3000, &o);
	o = data_ack(ib + 3102);
	ex->s_fin_ack = emit(k, &f1, 0, ACK | TCP_FLAG_FIN, 0, 0, &o);
	emit(k, &f1, 1, ACK | TCP_FLAG_FIN, 0, 0, &o);
}

/* A v1 connection without checksums: data, MP_FAIL, the infinite mapping, MP_FASTCLOSE. */
static void conn2(cap *k, mutation mut, expect *ex)
{
	const uint8_t v = MPTCP_VERSION_1;
	uint64_t ia = mptcp_crypto_idsn(v, KA2), ib = mptcp_crypto_idsn(v, KB2);
	sflow f = flow_make(net_addr_v4(10, 0, 0, 1), 40100, net_addr_v4(10, 0, 0, 2), 443, 777, 888);
	mptcp_options o = { .suboptions = MPTCP_OPT_MPC_SYN, .version = v, .mpc_version = v,
			    .mpc_flags = MPTCP_CAP_HMAC_SHA256 };
	emit(k, &f, 0, SYN, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_SYNACK, .version = v, .mpc_version = v,
			     .mpc_flags = MPTCP_CAP_HMAC_SHA256, .sndr_key = KB2 };
	emit(k, &f, 1, SYN | ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_ACK, .version = v, .mpc_version = v,
			     .mpc_flags = MPTCP_CAP_HMAC_SHA256, .sndr_key = KA2, .rcvr_key = KB2 };
	emit(k, &f, 0, ACK, 0, 0, &o);
	o = mapping(ia, ia + 1, 1, 100, false, CLIENT_STREAM, mut == MUT_CSUM_UNEXPECTED, ib + 1);
	emit(k, &f, 0, PSH, 100, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_FAIL, .version = v, .fail_seq = ia + 1 };
	emit(k, &f, 1, ACK, 0, 0, &o);
	if (mut != MUT_UNMAPPED) {
		/* RFC 8684 §3.7: Data-Level Length 0, the infinite mapping; then data without DSS. */
		o = mapping(ia, ia + 101, 101, 0, false, CLIENT_STREAM, false, ib + 1);
		ex->infinite = emit(k, &f, 0, PSH, 50, 100, &o);
	} else {
		emit(k, &f, 0, PSH, 50, 100, NULL);
	}
	emit(k, &f, 0, PSH, 50, 150, NULL);
	/* §3.5: the server closes, naming the client's key. */
	o = (mptcp_options){ .suboptions = MPTCP_OPT_FASTCLOSE, .version = v,
			     .fastclose_key = mut == MUT_FASTCLOSE_KEY ? KA2 + 1 : KA2 };
	emit(k, &f, 1, TCP_FLAG_RST | ACK, 0, 0, &o);
}

/* A connection whose server is not MPTCP-capable, and a plain TCP flow. */
static void conn3_and_plain(cap *k, mutation mut)
{
	sflow f = flow_make(net_addr_v4(10, 0, 0, 1), 40200, net_addr_v4(10, 0, 0, 3), 80, 11, 22);
	mptcp_options o = { .suboptions = MPTCP_OPT_MPC_SYN, .version = MPTCP_VERSION_1, .mpc_version = MPTCP_VERSION_1,
			    .mpc_flags = MPTCP_CAP_HMAC_SHA256 };
	emit(k, &f, 0, SYN, 0, 0, &o);
	emit(k, &f, 1, SYN | ACK, 0, 0, NULL);
	emit(k, &f, 0, ACK, 0, 0, NULL);
	emit(k, &f, 0, PSH, 300, 0, NULL);
	sflow p = flow_make(net_addr_v4(10, 0, 0, 1), 40300, net_addr_v4(10, 0, 0, 3), 80, 33, 44);
	emit(k, &p, 0, SYN, 0, 0, NULL);
	emit(k, &p, 1, SYN | ACK, 0, 0, NULL);
	o = data_ack(5);
	emit(k, &p, 0, PSH, 10, 0, mut == MUT_PLAIN_WITH_DSS ? &o : NULL);
}

/* Writes the scenario to a file of the simulator's pcap writer; returns its path. */
static char *write_scenario(mutation mut, uint32_t snaplen, expect *ex)
{
	char name[64];
	g_snprintf(name, sizeof name, "scenario-%d-%u.pcap", (int)mut, snaplen);
	char *path = tmp_path(name);
	cap k = { .now = SIM_S(1) };
	k.w = pcap_writer_open(path, snaplen, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k.w);
	memset(ex, 0, sizeof *ex);
	conn1(&k, mut, ex);
	conn2(&k, mut, ex);
	conn3_and_plain(&k, mut);
	CU_ASSERT_TRUE_FATAL(pcap_writer_close(k.w, NULL));
	return path;
}

static an_inspect_report *inspect_file(const char *path)
{
	GError *e = NULL;
	an_inspect_report *r = an_inspect_file(path, NULL, &e);
	if (!r)
		fprintf(stderr, "\n%s\n", e->message);
	g_clear_error(&e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	return r;
}

static void show_problems(const an_inspect_report *r)
{
	for (guint i = 0; i < r->problems->len; i++) {
		const an_inspect_problem *p = &g_array_index(r->problems, an_inspect_problem, i);
		fprintf(stderr, "  frame %" G_GUINT64_FORMAT ": %s: %s\n", p->frame, an_inspect_problem_name(p->kind),
			p->message);
	}
}

static const an_inspect_conn *conn_at(const an_inspect_report *r, guint i)
{
	CU_ASSERT_FATAL(i < r->conns->len);
	return g_ptr_array_index(r->conns, i);
}

static const an_inspect_flow *subflow_at(const an_inspect_conn *c, guint i)
{
	CU_ASSERT_FATAL(i < c->flows->len);
	return g_ptr_array_index(c->flows, i);
}

static void check_range(const an_inspect_data *d, uint64_t start, uint64_t end)
{
	CU_ASSERT_EQUAL_FATAL(d->ranges->len, 1);
	CU_ASSERT_EQUAL(g_array_index(d->ranges, an_inspect_range, 0).start, start);
	CU_ASSERT_EQUAL(g_array_index(d->ranges, an_inspect_range, 0).end, end);
}

static void test_scenario_clean(void)
{
	expect ex;
	char *path = write_scenario(MUT_NONE, 0, &ex);
	an_inspect_report *r = inspect_file(path);
	if (r->problem_count)
		show_problems(r);
	CU_ASSERT_EQUAL(r->problem_count, 0);
	/* The simulator's pcap: raw IP, every checksum right. */
	CU_ASSERT_EQUAL_FATAL(r->link_types->len, 1);
	CU_ASSERT_EQUAL(g_array_index(r->link_types, uint32_t, 0), PCAP_LINKTYPE_RAW);
	CU_ASSERT_EQUAL(r->tcp_packets, r->packets);
	CU_ASSERT_EQUAL(r->tcp_csum_checked, r->packets);
	CU_ASSERT_EQUAL(r->tcp_csum_bad, 0);
	CU_ASSERT_EQUAL(r->conns->len, 3);

	const uint8_t v = MPTCP_VERSION_1;
	uint64_t ia = mptcp_crypto_idsn(v, KA), ib = mptcp_crypto_idsn(v, KB);
	const an_inspect_conn *c = conn_at(r, 0);
	CU_ASSERT_TRUE(c->version_known);
	CU_ASSERT_EQUAL(c->version, 1);
	CU_ASSERT_EQUAL(c->state, AN_CONN_ESTABLISHED);
	CU_ASSERT_TRUE(c->csum_known && c->csum_on);
	CU_ASSERT_TRUE(c->end[0].csum_requested && !c->end[1].csum_requested);
	CU_ASSERT_EQUAL(c->end[0].key, KA);
	CU_ASSERT_EQUAL(c->end[0].token, mptcp_crypto_token(v, KA));
	CU_ASSERT_EQUAL(c->end[0].idsn, ia);
	CU_ASSERT_EQUAL(c->end[1].key, KB);
	CU_ASSERT_EQUAL(c->end[1].idsn, ib);

	CU_ASSERT_EQUAL_FATAL(c->flows->len, 2);
	CU_ASSERT_EQUAL(subflow_at(c, 0)->kind, AN_FLOW_MP_CAPABLE);
	const an_inspect_flow *j = subflow_at(c, 1);
	CU_ASSERT_EQUAL(j->kind, AN_FLOW_MP_JOIN);
	CU_ASSERT_EQUAL(j->addr[0].family, NET_AF_INET6);
	CU_ASSERT_EQUAL(j->initiator, AN_SIDE_CLIENT);
	CU_ASSERT_EQUAL(j->syn_frame, ex.join_syn);
	CU_ASSERT_EQUAL(j->token, mptcp_crypto_token(v, KB));
	CU_ASSERT_EQUAL(j->thmac_check, AN_CHECK_OK);
	CU_ASSERT_EQUAL(j->hmac_check, AN_CHECK_OK);
	CU_ASSERT_EQUAL(j->addr_id[0], 2);
	CU_ASSERT_EQUAL(j->addr_id[1], 3);
	CU_ASSERT_TRUE(j->backup[0]);
	CU_ASSERT_FALSE(j->backup[1]);
	CU_ASSERT_TRUE(j->rst_frame > 0);

	const an_inspect_event_type types[] = { AN_EV_ADD_ADDR, AN_EV_ADD_ADDR, AN_EV_ADD_ADDR,
						AN_EV_PRIO,	AN_EV_RM_ADDR,	AN_EV_TCPRST };
	CU_ASSERT_EQUAL_FATAL(c->events->len, G_N_ELEMENTS(types));
	for (guint i = 0; i < c->events->len; i++)
		CU_ASSERT_EQUAL(g_array_index(c->events, an_inspect_event, i).type, types[i]);
	const an_inspect_event *add4 = &g_array_index(c->events, an_inspect_event, 0);
	const an_inspect_event *echo = &g_array_index(c->events, an_inspect_event, 1);
	const an_inspect_event *add6 = &g_array_index(c->events, an_inspect_event, 2);
	CU_ASSERT_EQUAL(add4->sender, AN_SIDE_SERVER);
	CU_ASSERT_EQUAL(add4->hmac_check, AN_CHECK_OK);
	CU_ASSERT_EQUAL(add4->port, 8443);
	CU_ASSERT_EQUAL(add4->echo_frame, ex.echo);
	CU_ASSERT_TRUE(echo->echo);
	CU_ASSERT_EQUAL(echo->echo_frame, ex.add4);
	CU_ASSERT_EQUAL(add6->addr.family, NET_AF_INET6);
	CU_ASSERT_EQUAL(add6->hmac_check, AN_CHECK_OK);
	CU_ASSERT_EQUAL(add6->echo_frame, 0);
	const an_inspect_event *rst = &g_array_index(c->events, an_inspect_event, 5);
	CU_ASSERT_EQUAL(rst->rst_reason, MPTCP_RST_EBADPERF);
	CU_ASSERT_TRUE(rst->rst_flags & MPTCP_RST_TRANSIENT);

	/* Client data: 1000 bytes in the MP_CAPABLE, 500 on the join reinjected on subflow 1, a
	 * DATA_FIN alone; four checksums (the DATA_FIN's over its pseudo-header). */
	const an_inspect_data *d = &c->data[AN_SIDE_CLIENT];
	CU_ASSERT_TRUE(d->dsn_exact);
	CU_ASSERT_EQUAL(d->mappings, 3);
	CU_ASSERT_EQUAL(d->mapped_bytes, 2000);
	check_range(d, ia + 1, ia + 1501);
	CU_ASSERT_EQUAL(d->reinjection_count, 1);
	CU_ASSERT_EQUAL(d->reinjected_bytes, 500);
	CU_ASSERT_EQUAL_FATAL(d->reinjections->len, 1);
	const an_inspect_reinjection *re = &g_array_index(d->reinjections, an_inspect_reinjection, 0);
	CU_ASSERT_EQUAL(re->frame, ex.reinject);
	CU_ASSERT_EQUAL(re->dsn_start, ia + 1001);
	CU_ASSERT_EQUAL(re->dsn_end, ia + 1501);
	CU_ASSERT_EQUAL(re->flow, subflow_at(c, 0)->id);
	CU_ASSERT_EQUAL(re->first_flow, j->id);
	CU_ASSERT_TRUE(d->have_data_fin);
	CU_ASSERT_EQUAL(d->data_fin_dsn, ia + 1501);
	CU_ASSERT_EQUAL(d->data_fin_frame, ex.c_fin);
	CU_ASSERT_EQUAL(d->data_fin_ack_frame, ex.c_fin_ack);
	CU_ASSERT_EQUAL(d->csum_ok, 4);
	CU_ASSERT_EQUAL(d->csum_bad + d->csum_not_captured + d->csum_unverifiable + d->unmapped_bytes, 0);
	/* Server data: 3000 bytes over three segments, then 100 with the DATA_FIN. */
	d = &c->data[AN_SIDE_SERVER];
	CU_ASSERT_EQUAL(d->mappings, 2);
	CU_ASSERT_EQUAL(d->mapped_bytes, 3100);
	check_range(d, ib + 1, ib + 3101);
	CU_ASSERT_EQUAL(d->reinjection_count, 0);
	CU_ASSERT_EQUAL(d->data_fin_dsn, ib + 3101);
	CU_ASSERT_EQUAL(d->data_fin_frame, ex.s_fin);
	CU_ASSERT_EQUAL(d->data_fin_ack_frame, ex.s_fin_ack);
	CU_ASSERT_EQUAL(d->data_ack, ib + 3102);
	CU_ASSERT_EQUAL(d->csum_ok, 2);
	CU_ASSERT_EQUAL(d->csum_bad + d->csum_not_captured + d->csum_unverifiable, 0);

	/* Connection 2: no checksums, MP_FAIL, fallback by the infinite mapping, MP_FASTCLOSE. */
	c = conn_at(r, 1);
	CU_ASSERT_TRUE(c->csum_known && !c->csum_on);
	CU_ASSERT_EQUAL(c->state, AN_CONN_FALLBACK);
	CU_ASSERT_STRING_EQUAL(c->fallback_reason, "infinite mapping");
	CU_ASSERT_EQUAL(c->fallback_frame, ex.infinite);
	const an_inspect_event_type types2[] = { AN_EV_FAIL, AN_EV_INFINITE_MAPPING, AN_EV_FASTCLOSE };
	CU_ASSERT_EQUAL_FATAL(c->events->len, G_N_ELEMENTS(types2));
	for (guint i = 0; i < c->events->len; i++)
		CU_ASSERT_EQUAL(g_array_index(c->events, an_inspect_event, i).type, types2[i]);
	CU_ASSERT_EQUAL(g_array_index(c->events, an_inspect_event, 2).key_check, AN_CHECK_OK);
	CU_ASSERT_EQUAL(c->data[0].mappings, 1);
	CU_ASSERT_EQUAL(c->data[0].unmapped_bytes, 0);

	/* Connection 3: the server does not speak MPTCP. */
	c = conn_at(r, 2);
	CU_ASSERT_EQUAL(c->state, AN_CONN_FALLBACK);
	CU_ASSERT_STRING_EQUAL(c->fallback_reason, "SYN/ACK without MP_CAPABLE");
	guint plain = 0;
	for (guint i = 0; i < r->flows->len; i++)
		plain += ((const an_inspect_flow *)g_ptr_array_index(r->flows, i))->kind == AN_FLOW_PLAIN;
	CU_ASSERT_EQUAL(plain, 1);
	CU_ASSERT_EQUAL(r->flows->len, 5);

	/* Both printers run over all of it (the Sanitize build checks them). */
	FILE *null = fopen("/dev/null", "w");
	an_inspect_print(r, null, false);
	fclose(null);
	JsonNode *json = an_inspect_to_json(r);
	CU_ASSERT_PTR_NOT_NULL(json);
	json_node_unref(json);
	an_inspect_report_free(r);
	g_free(path);
}

static void test_scenario_mutations(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(mutations); i++) {
		expect ex;
		char *path = write_scenario(mutations[i].m, 0, &ex);
		an_inspect_report *r = inspect_file(path);
		const an_inspect_problem *p = r->problems->len ? &g_array_index(r->problems, an_inspect_problem, 0) : NULL;
		bool ok = r->problem_count == 1 && p && p->kind == mutations[i].kind &&
			  (!mutations[i].message || strstr(p->message, mutations[i].message));
		if (!ok) {
			fprintf(stderr, "\n%s: expected one %s problem, got %" G_GUINT64_FORMAT ":\n", mutations[i].name,
				an_inspect_problem_name(mutations[i].kind), r->problem_count);
			show_problems(r);
		}
		CU_ASSERT_TRUE(ok);
		an_inspect_report_free(r);
		g_free(path);
	}
}

/* A snap length that keeps the headers and cuts the payload: checksums over cut payload are "not
 * captured", not wrong; the DATA_FIN alone still checks. */
static void test_scenario_snaplen(void)
{
	expect ex;
	char *path = write_scenario(MUT_NONE, 100, &ex);
	an_inspect_report *r = inspect_file(path);
	if (r->problem_count)
		show_problems(r);
	CU_ASSERT_EQUAL(r->problem_count, 0);
	CU_ASSERT_EQUAL(r->truncated_headers, 0);
	const an_inspect_conn *c = conn_at(r, 0);
	CU_ASSERT_EQUAL(c->data[0].csum_ok, 1);
	CU_ASSERT_EQUAL(c->data[0].csum_not_captured, 3);
	CU_ASSERT_EQUAL(c->data[1].csum_ok, 0);
	CU_ASSERT_EQUAL(c->data[1].csum_not_captured, 2);
	CU_ASSERT_EQUAL(c->data[0].csum_bad + c->data[1].csum_bad, 0);
	an_inspect_report_free(r);
	g_free(path);
}

/* One mapping of 3001 bytes over segments of 1001, 999 and 1001 bytes that arrive last first, with
 * a duplicate, and a DSN near 2^64 that the mapping crosses: the checksum still adds up. */
static void test_checksum_assembly(void)
{
	char *path = tmp_path("assembly.pcap");
	cap k = { .now = SIM_S(1) };
	k.w = pcap_writer_open(path, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k.w);
	const uint8_t v = MPTCP_VERSION_1;
	sflow f = flow_make(net_addr_v4(192, 0, 2, 1), 50000, net_addr_v4(192, 0, 2, 2), 80, 0xfffffff0u, 0xffffff00u);
	mptcp_options o = { .suboptions = MPTCP_OPT_MPC_SYN, .version = v, .mpc_version = v,
			    .mpc_flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256 };
	emit(&k, &f, 0, SYN, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_SYNACK, .version = v, .mpc_version = v,
			     .mpc_flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256, .sndr_key = KB };
	emit(&k, &f, 1, SYN | ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_ACK, .version = v, .mpc_version = v,
			     .mpc_flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256, .sndr_key = KA, .rcvr_key = KB };
	emit(&k, &f, 0, ACK, 0, 0, &o);
	uint64_t ib = mptcp_crypto_idsn(v, KB);
	uint64_t dsn = UINT64_MAX - 1000; /* a reinjected-looking DSN far from the IDSN, 64-bit on the wire */
	o = mapping(ib, dsn, 1, 3001, false, SERVER_STREAM, true, mptcp_crypto_idsn(v, KA) + 1);
	/* payload offsets: DSN - (IDSN + 1), as mapping() summed them */
	uint64_t off = dsn - (ib + 1);
	emit_at(&k, &f, 1, PSH, 2001, 1001, off + 2000, &o);
	emit_at(&k, &f, 1, PSH, 1, 1001, off, NULL);
	emit_at(&k, &f, 1, PSH, 1, 1001, off, NULL);
	emit_at(&k, &f, 1, PSH, 1002, 999, off + 1001, NULL);
	CU_ASSERT_TRUE_FATAL(pcap_writer_close(k.w, NULL));
	an_inspect_report *r = inspect_file(path);
	if (r->problem_count)
		show_problems(r);
	CU_ASSERT_EQUAL(r->problem_count, 0);
	const an_inspect_conn *c = conn_at(r, 0);
	CU_ASSERT_EQUAL(c->data[1].csum_ok, 1);
	CU_ASSERT_EQUAL(c->data[1].mapped_bytes, 3001);
	CU_ASSERT_EQUAL(subflow_at(c, 0)->retransmitted_bytes[1], 1001 + 1001 + 999);
	an_inspect_report_free(r);
	g_free(path);
}

/* ---- the reference capture cut and corrupted, in process ---- */

static void test_reference_cut_everywhere(void)
{
	gchar *data = NULL;
	gsize len = 0;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(REF_CAPTURE, &data, &len, NULL));
	/* Record boundaries: where a cut leaves a valid, shorter capture. */
	GArray *bounds = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	pcap_reader *rd = pcap_reader_open(REF_CAPTURE, NULL);
	pcap_packet pkt;
	uint64_t b = PCAP_FILE_HEADER_LEN;
	g_array_append_val(bounds, b);
	while (pcap_reader_next(rd, &pkt, NULL) == PCAP_READ_PACKET) {
		b = pkt.file_offset + PCAP_RECORD_HEADER_LEN + pkt.frame_caplen;
		g_array_append_val(bounds, b);
	}
	pcap_reader_free(rd);
	char *path = tmp_path("cut.pcap");
	guint k = 0, errors = 0;
	for (uint64_t cut = 0; cut < len; cut += cut < 3000 ? 1 : 7) {
		while (k + 1 < bounds->len && g_array_index(bounds, uint64_t, k + 1) <= cut)
			k++;
		uint64_t start = g_array_index(bounds, uint64_t, k);
		bool boundary = start == cut;
		write_file(path, data, cut);
		GError *e = NULL;
		an_inspect_report *r = an_inspect_file(path, NULL, &e);
		if (boundary) {
			CU_ASSERT_PTR_NOT_NULL(r);
			if (r)
				CU_ASSERT_EQUAL(r->packets, k);
		} else {
			CU_ASSERT_PTR_NULL(r);
			char *want = g_strdup_printf("%s: offset %" G_GUINT64_FORMAT ": ", path, cut < 24 ? 0 : start);
			bool named = e && g_str_has_prefix(e->message, want);
			if (!named && errors++ < 5)
				fprintf(stderr, "\ncut at %" G_GUINT64_FORMAT ": %s\n", cut, e ? e->message : "(no error)");
			CU_ASSERT_TRUE(named);
			g_free(want);
		}
		an_inspect_report_free(r);
		g_clear_error(&e);
	}
	g_free(path);
	g_array_free(bounds, TRUE);
	g_free(data);
}

/* Random bytes flipped in a capture: a report or an error naming file and offset, never a crash
 * (ASan and UBSan in the Sanitize build). Packet bytes are flipped far more often than headers, to
 * reach the analysis with odd options, flags and sequence numbers. */
static void fuzz_file(const char *src, const char *name, guint rounds, guint32 seed)
{
	gchar *orig = NULL;
	gsize len = 0;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(src, &orig, &len, NULL));
	GRand *rng = g_rand_new_with_seed(seed);
	char *path = tmp_path(name);
	guint reports = 0, errors = 0;
	for (guint i = 0; i < rounds; i++) {
		gchar *data = g_memdup2(orig, len);
		guint flips = (guint)g_rand_int_range(rng, 1, 9);
		for (guint f = 0; f < flips; f++) {
			gint32 lo = g_rand_int_range(rng, 0, 10) == 0 ? 0 : 40;
			gint32 at = g_rand_int_range(rng, lo, (gint32)len);
			data[at] = (gchar)(data[at] ^ (1 << g_rand_int_range(rng, 0, 8)));
		}
		write_file(path, data, len);
		GError *e = NULL;
		an_inspect_report *r = an_inspect_file(path, NULL, &e);
		if (r) {
			FILE *null = fopen("/dev/null", "w");
			an_inspect_print(r, null, false);
			fclose(null);
			json_node_unref(an_inspect_to_json(r));
			reports++;
		} else {
			CU_ASSERT_TRUE(e && strstr(e->message, path) && strstr(e->message, "offset "));
			errors++;
		}
		an_inspect_report_free(r);
		g_clear_error(&e);
		g_free(data);
	}
	CU_ASSERT_TRUE(reports > 0);
	g_rand_free(rng);
	g_free(path);
	g_free(orig);
}

static void test_fuzz_reference(void)
{
	fuzz_file(REF_CAPTURE, "fuzz-ref.pcap", 600, 1);
}

static void test_fuzz_scenario(void)
{
	expect ex;
	char *src = write_scenario(MUT_NONE, 0, &ex);
	fuzz_file(src, "fuzz-scenario.pcap", 600, 2);
	g_free(src);
}

static CU_TestInfo unit_tests[] = {
	{ .pName = "interval map", .pTestFunc = test_rangemap },
	TEST_END_OF_TESTS,
};

static CU_TestInfo scenario_tests[] = {
	{ .pName = "simulator pcap: every check passes", .pTestFunc = test_scenario_clean },
	{ .pName = "simulator pcap: one mutation, one problem", .pTestFunc = test_scenario_mutations },
	{ .pName = "simulator pcap: payload cut by the snap length", .pTestFunc = test_scenario_snaplen },
	{ .pName = "checksum over reordered, duplicated, odd segments", .pTestFunc = test_checksum_assembly },
	TEST_END_OF_TESTS,
};

static CU_TestInfo robustness_tests[] = {
	{ .pName = "mptcp-v0.pcap cut at every offset", .pTestFunc = test_reference_cut_everywhere },
	{ .pName = "mptcp-v0.pcap with random flips", .pTestFunc = test_fuzz_reference },
	{ .pName = "simulator pcap with random flips", .pTestFunc = test_fuzz_scenario },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "units", .pTests = unit_tests },
	{ .pName = "scenario", .pInitFunc = suite_init, .pCleanupFunc = suite_clean, .pTests = scenario_tests },
	{ .pName = "robustness", .pInitFunc = suite_init, .pCleanupFunc = suite_clean, .pTests = robustness_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
