/* conformance_mptcp_options.c — tshark 4.0 as an external oracle for the MPTCP option writer.
 *
 * Every form of the catalogue (mptcpforms.h), v1 over IPv4 and v0 over IPv6, is written by
 * mptcp_opt_write() into segments of MPTCP connections — each connection opens with its MP_CAPABLE
 * handshake so that tshark knows its version, each MP_JOIN form travels on a subflow of its own
 * that names the connection's token — and the capture goes to sim/pcap.h's writer. tshark must then
 * find:
 *   - no malformed packet, no option running past the header, no bad option length, and every
 *     warning explained by the packet that raises it (RSTs, the infinite mapping, two tshark 4.0
 *     quirks);
 *   - every MPTCP option's Length (read from the option bytes by tshark) in the allowed set of its
 *     subtype and version (mptcp-wire.md §1.0);
 *   - every field it decodes equal to what we wrote (mptcpforms_render on the same bytes);
 *   - mptcp.expected_token and mptcp.expected_idsn equal to ours for every MP_CAPABLE key, with
 *     SHA-256 for v1 and SHA-1 for v0;
 *   - every MP_JOIN subflow in the MPTCP stream of the connection whose token it names.
 * The MP_CAPABLE forms each open a connection of their own, with keys of their own: tshark groups
 * subflows into MPTCP connections by token. tshark is installed by the project's setup script: if
 * it is missing this test fails. */
#include "testutil.h"

#include "mptcp/crypto.h"
#include "mptcpforms.h"
#include "payload.h"
#include "pcap.h"
#include "segment.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TSHARK_PREFS "-o tcp.analyze_sequence_numbers:TRUE -o mptcp.analyze_mptcp:TRUE"

static char *tmpdir;
static char *pcap_path;
/* What was written, packet by packet (of struct sent): the capture is written once, at suite
 * set-up, and each test asks tshark one question about it. */
static GArray *written;

/* tshark's stdout for `args` on `path` (stderr dropped: it warns about running as root). */
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
	char *cmd = g_strdup_printf("tshark -n " TSHARK_PREFS " -r %s %s 2>/dev/null", q, args);
	char *out = NULL;
	rc = testutil_run_command(cmd, &out);
	if (rc != 0)
		fprintf(stderr, "%s: exit %d\n%s\n", cmd, rc, out ? out : "");
	CU_ASSERT_EQUAL(rc, 0);
	g_free(cmd);
	g_free(q);
	return out;
}

/* One line of tshark output per packet, without the trailing empty line. */
static char **lines_of(char *out)
{
	g_strchomp(out);
	return g_strsplit(out, "\n", -1);
}

/* ---- the capture ---- */

/* What the test remembers of each packet it wrote. */
typedef struct sent {
	segment seg;
	mptcp_opt_ctx ctx;
	char name[80];
	uint32_t bits;  /* the MPTCP_OPT_* written */
	uint64_t sndr_key; /* MP_CAPABLE's sender key, when it has one */
	uint32_t conn;  /* index of the MPTCP connection (0: v1, 1: v0) */
	bool join;      /* on an MP_JOIN subflow */
} sent;

typedef struct capture {
	pcap_writer *w;
	sim_time_t now;
	GArray *sent; /* of sent */
} capture;

static const uint64_t client_key[2] = { UINT64_C(0x1fdb5df328bc3def), UINT64_C(0x9c9eabd1e46a33b2) };
static const uint64_t server_key[2] = { UINT64_C(0x29a6c86981ad933c), UINT64_C(0x967d2770b6960552) };

typedef struct flow {
	net_addr c, s;
	uint16_t cport, sport;
	uint32_t cseq, sseq;
	uint8_t version;
	uint32_t conn;
	bool join;
} flow;

/* Put one segment of `fl` carrying `o` on the wire; `from_server` picks the direction. */
static void emit(capture *cap, flow *fl, bool from_server, uint8_t tcp_flags, uint32_t payload, const mptcp_options *o,
		 const char *name)
{
	segment s = { .proto = SEG_PROTO_TCP, .flags = tcp_flags, .window = 1000, .payload_len = payload,
		      .payload_fill = payload ? payload_pattern_fill : NULL, .payload_stream = 3 };
	s.src = from_server ? fl->s : fl->c;
	s.dst = from_server ? fl->c : fl->s;
	s.sport = from_server ? fl->sport : fl->cport;
	s.dport = from_server ? fl->cport : fl->sport;
	s.seq = from_server ? fl->sseq : fl->cseq;
	s.ack = (tcp_flags & TCP_FLAG_ACK) ? (from_server ? fl->cseq : fl->sseq) : 0;
	size_t n = mptcp_opt_write(o, s.options, TCP_OPTIONS_MAX);
	CU_ASSERT_EQUAL(n, mptcp_opt_len(o));
	CU_ASSERT_TRUE(n > 0 || o->suboptions == 0);
	s.opt_len = (uint8_t)n;
	uint32_t *seq = from_server ? &fl->sseq : &fl->cseq;
	*seq += payload + ((tcp_flags & (TCP_FLAG_SYN | TCP_FLAG_FIN)) ? 1u : 0u);
	cap->now += SIM_US(250);
	CU_ASSERT_TRUE(pcap_writer_write(cap->w, &s, cap->now, NULL));
	sent x = { .seg = s, .bits = o->suboptions, .conn = fl->conn, .join = fl->join };
	bool key = (o->suboptions & (MPTCP_OPT_MPC_SYNACK | MPTCP_OPT_MPC_ACK)) ||
		   ((o->suboptions & MPTCP_OPT_MPC_SYN) && o->mpc_version == MPTCP_VERSION_0);
	x.sndr_key = key ? o->sndr_key : 0;
	x.ctx = (mptcp_opt_ctx){ .version = fl->version, .tcp_flags = tcp_flags, .payload_len = payload };
	g_strlcpy(x.name, name, sizeof x.name);
	g_array_append_val(cap->sent, x);
}

/* The MP_CAPABLE handshake of connection `conn` (RFC 8684 §3.1 / RFC 6824 §3.1), with our keys. */
static void handshake(capture *cap, flow *fl)
{
	uint8_t v = fl->version;
	uint8_t flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256;
	mptcp_options o = { .suboptions = MPTCP_OPT_MPC_SYN, .version = v, .mpc_version = v, .mpc_flags = flags,
			    .sndr_key = v == MPTCP_VERSION_0 ? client_key[fl->conn] : 0 };
	emit(cap, fl, false, TCP_FLAG_SYN, 0, &o, "handshake SYN");
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_SYNACK, .version = v, .mpc_version = v, .mpc_flags = flags,
			     .sndr_key = server_key[fl->conn] };
	emit(cap, fl, true, TCP_FLAG_SYN | TCP_FLAG_ACK, 0, &o, "handshake SYN/ACK");
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_ACK, .version = v, .mpc_version = v, .mpc_flags = flags,
			     .sndr_key = client_key[fl->conn], .rcvr_key = server_key[fl->conn] };
	emit(cap, fl, false, TCP_FLAG_ACK, 0, &o, "handshake ACK");
}

/* The forms of version `v` on connection `conn`: MP_JOIN forms on subflows of their own, the rest
 * on the connection's first subflow, in the direction that sends them. */
static void connection(capture *cap, const GArray *forms, uint8_t v, uint32_t conn, net_addr c, net_addr s)
{
	flow main = { .c = c, .s = s, .cport = (uint16_t)(40000 + conn), .sport = 443, .cseq = 1000000u * (conn + 1),
		      .sseq = 5000000u * (conn + 1), .version = v, .conn = conn };
	handshake(cap, &main);
	uint16_t next_port = (uint16_t)(41000 + 100 * conn);
	for (guint i = 0; i < forms->len; i++) {
		const mptcp_form *f = &g_array_index(forms, mptcp_form, i);
		if (f->opts.version != v)
			continue;
		mptcp_options o = f->opts;
		bool from_server = (f->tcp_flags & TCP_FLAG_SYN) && (f->tcp_flags & TCP_FLAG_ACK);
		if (o.suboptions & MPTCP_OPT_MPJ) {
			/* A subflow of its own: the join's SYN names the server's token, so that tshark
			 * links it to the connection (mptcp-wire.md §3.3). */
			uint16_t jport = next_port++;
			flow j = { .c = c, .s = s, .cport = jport, .sport = 443, .cseq = 7000u * jport, .sseq = 9000u * jport,
				   .version = v, .conn = conn, .join = true };
			mptcp_options syn = { .suboptions = MPTCP_OPT_MPJ_SYN, .version = v, .join_id = 1,
					      .token = mptcp_crypto_token(v, server_key[conn]), .nonce = 0x01020304u };
			if (o.suboptions & MPTCP_OPT_MPJ_SYN) {
				o.token = syn.token;
				emit(cap, &j, false, f->tcp_flags, 0, &o, f->name);
				continue;
			}
			emit(cap, &j, false, TCP_FLAG_SYN, 0, &syn, "join SYN");
			if (o.suboptions & MPTCP_OPT_MPJ_SYNACK) {
				emit(cap, &j, true, f->tcp_flags, 0, &o, f->name);
				continue;
			}
			mptcp_options synack = { .suboptions = MPTCP_OPT_MPJ_SYNACK, .version = v, .join_id = 2,
						 .thmac = 1, .nonce = 2 };
			emit(cap, &j, true, TCP_FLAG_SYN | TCP_FLAG_ACK, 0, &synack, "join SYN/ACK");
			emit(cap, &j, false, f->tcp_flags, 0, &o, f->name);
			continue;
		}
		if (o.suboptions & MPTCP_OPT_MPC)
			continue; /* the handshake forms go on a connection of their own, below */
		emit(cap, &main, from_server, f->tcp_flags, f->payload_len, &o, f->name);
	}
}

/* Each MP_CAPABLE form opens (or continues) a handshake of a connection of its own. */
static void mpc_forms(capture *cap, const GArray *forms, net_addr c, net_addr s)
{
	uint16_t port = 42000;
	for (guint i = 0; i < forms->len; i++) {
		const mptcp_form *f = &g_array_index(forms, mptcp_form, i);
		if (!(f->opts.suboptions & MPTCP_OPT_MPC))
			continue;
		uint8_t v = f->opts.version;
		port++;
		flow fl = { .c = c, .s = s, .cport = port, .sport = 80, .cseq = 100u * port, .sseq = 300u * port,
			    .version = v, .conn = v == MPTCP_VERSION_1 ? 0 : 1 };
		/* Keys of its own: tshark groups subflows into connections by token. */
		uint64_t ckey = client_key[fl.conn] + UINT64_C(0x100000001) * port;
		uint64_t skey = server_key[fl.conn] + UINT64_C(0x100000001) * port;
		mptcp_options o = f->opts;
		if (o.suboptions & MPTCP_OPT_MPC_SYNACK)
			o.sndr_key = skey;
		else if (o.suboptions & (MPTCP_OPT_MPC_SYN | MPTCP_OPT_MPC_ACK))
			o.sndr_key = ckey;
		o.rcvr_key = (o.suboptions & MPTCP_OPT_MPC_ACK) ? skey : 0;
		uint8_t flags = o.mpc_flags;
		if (!(o.suboptions & MPTCP_OPT_MPC_SYN)) {
			mptcp_options syn = { .suboptions = MPTCP_OPT_MPC_SYN, .version = v, .mpc_version = v,
					      .mpc_flags = flags, .sndr_key = v == MPTCP_VERSION_0 ? ckey : 0 };
			emit(cap, &fl, false, TCP_FLAG_SYN, 0, &syn, "MP_CAPABLE SYN before");
		}
		if (o.suboptions & MPTCP_OPT_MPC_ACK) {
			mptcp_options synack = { .suboptions = MPTCP_OPT_MPC_SYNACK, .version = v, .mpc_version = v,
						 .mpc_flags = flags, .sndr_key = skey };
			emit(cap, &fl, true, TCP_FLAG_SYN | TCP_FLAG_ACK, 0, &synack, "MP_CAPABLE SYN/ACK before");
		}
		bool from_server = (o.suboptions & MPTCP_OPT_MPC_SYNACK) != 0;
		emit(cap, &fl, from_server, f->tcp_flags, f->payload_len, &o, f->name);
	}
}

static int suite_init(void)
{
	tmpdir = testutil_tmpdir("conformance_mptcp_options");
	if (!tmpdir)
		return 1;
	pcap_path = g_build_filename(tmpdir, "forms.pcap", NULL);
	return 0;
}

/* The first test writes the capture that the others ask tshark about. */
static void test_write_capture(void)
{
	GArray *forms = mptcpforms_all();
	capture cap = { .sent = g_array_new(FALSE, TRUE, sizeof(sent)) };
	GError *e = NULL;
	cap.w = pcap_writer_open(pcap_path, 0, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cap.w);
	net_addr c4 = net_addr_v4(10, 0, 0, 1), s4 = net_addr_v4(10, 0, 0, 2), c6, s6;
	CU_ASSERT_TRUE(net_addr_parse("fd00::1", &c6, NULL));
	CU_ASSERT_TRUE(net_addr_parse("fd00::2", &s6, NULL));
	connection(&cap, forms, MPTCP_VERSION_1, 0, c4, s4);
	connection(&cap, forms, MPTCP_VERSION_0, 1, c6, s6);
	mpc_forms(&cap, forms, c4, s4);
	CU_ASSERT_TRUE(pcap_writer_close(cap.w, &e));
	CU_ASSERT_PTR_NULL(e);
	g_array_unref(forms);
	written = cap.sent;
}

static int suite_clean(void)
{
	if (written)
		g_array_unref(written);
	written = NULL;
	testutil_rmtree(tmpdir);
	g_free(tmpdir);
	g_free(pcap_path);
	return 0;
}

static const sent *packet(guint i)
{
	return &g_array_index(written, sent, i);
}

/* ---- what tshark says ---- */

/* RFC 8684 and tshark agree that nothing here is malformed: no malformed packet, no option length
 * tshark calls invalid, no option running past the header, no error-level expert item. */
static void test_no_malformed(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(written);
	char *out = tshark(pcap_path, "-Y '_ws.malformed || tcp.option.len.invalid || tcp.suboption_malformed || "
				      "_ws.expert.message contains \"goes past end\" || _ws.expert.severity >= 8388608' "
				      "-T fields -E occurrence=a -E aggregator=';' -e frame.number -e _ws.expert.message");
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	if (*g_strstrip(out))
		fprintf(stderr, "\npackets tshark finds malformed:\n%s\n", out);
	CU_ASSERT_STRING_EQUAL(out, "");
	g_free(out);
	/* Every packet was read as TCP with MPTCP options. */
	out = tshark(pcap_path, "-Y 'tcp.options.mptcp.subtype' -T fields -e frame.number");
	char **l = lines_of(out);
	CU_ASSERT_EQUAL(g_strv_length(l), written->len);
	g_strfreev(l);
	g_free(out);
}

/* Warnings, tshark's level below errors, are each explained by the packet that raises them. */
static void test_warnings_explained(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(written);
	char *out = tshark(pcap_path, "-T fields -E separator='|' -E occurrence=a -E aggregator=';' "
				      "-e _ws.expert.severity -e _ws.expert.message");
	char **l = lines_of(out);
	CU_ASSERT_EQUAL_FATAL(g_strv_length(l), written->len);
	guint warns = 0;
	for (guint i = 0; i < written->len; i++) {
		const sent *p = packet(i);
		char **col = g_strsplit(l[i], "|", 2);
		char **sev = g_strsplit(col[0], ";", -1);
		char **msg = g_strsplit(col[1] ? col[1] : "", ";", -1);
		for (guint j = 0; sev[j] && *sev[j] && msg[j]; j++) {
			if (strtoul(sev[j], NULL, 10) < 6291456ul) /* below Warn */
				continue;
			warns++;
			mptcp_options o;
			mptcp_opt_parse(p->seg.options, p->seg.opt_len, &p->ctx, &o, NULL);
			gboolean ok =
				/* every RST, whatever it carries */
				(strcmp(msg[j], "Connection reset (RST)") == 0 && (p->seg.flags & TCP_FLAG_RST)) ||
				/* RFC 8684 §3.7: a mapping with Data-Level Length 0 is the infinite mapping */
				(strcmp(msg[j], "Fallback to infinite mapping") == 0 && (o.suboptions & MPTCP_OPT_DSS) &&
				 (o.dss_flags & MPTCP_DSS_HAS_MAP) && o.data_len == 0) ||
				/* tshark 4.0 counts every NOP of the header, not NOPs in a row: Linux's MP_PRIO and
				 * REMOVE_ADDR padding together reach 4 */
				(strcmp(msg[j], "4 NOP in a row - a router may have removed some options") == 0 &&
				 (o.suboptions & MPTCP_OPT_PRIO) && (o.suboptions & MPTCP_OPT_RM_ADDR)) ||
				/* tshark 4.0 reads RFC 8684's C flag (no MP_JOIN to this address) as an algorithm bit */
				(strcmp(msg[j], "Unsupported algorithm") == 0 && (o.suboptions & MPTCP_OPT_MPC_SYN) &&
				 (o.mpc_flags & MPTCP_CAP_DENY_JOIN_ID0));
			if (!ok)
				fprintf(stderr, "frame %u (%s): unexplained \"%s\"\n", i + 1, p->name, msg[j]);
			CU_ASSERT_TRUE(ok);
		}
		g_strfreev(msg);
		g_strfreev(sev);
		g_strfreev(col);
	}
	CU_ASSERT_TRUE(warns > 0); /* the RSTs at least: the check above ran */
	g_strfreev(l);
	g_free(out);
}

/* Each MPTCP option's Length, as tshark reads it from the bytes, is one its subtype allows. */
static void test_lengths_allowed(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(written);
	char *out = tshark(pcap_path, "-T fields -E separator='|' -E occurrence=a -E aggregator=, -e tcp.option_kind "
				      "-e tcp.option_len -e tcp.options.mptcp.subtype");
	char **l = lines_of(out);
	CU_ASSERT_EQUAL_FATAL(g_strv_length(l), written->len);
	guint checked = 0;
	for (guint i = 0; i < written->len; i++) {
		char **col = g_strsplit(l[i], "|", -1);
		CU_ASSERT_EQUAL_FATAL(g_strv_length(col), 3);
		char **kinds = g_strsplit(col[0], ",", -1), **lens = g_strsplit(col[1], ",", -1);
		char **subtypes = g_strsplit(col[2], ",", -1);
		/* NOP and EOL have no length: tcp.option_len lists the others in order. */
		guint k = 0, m = 0, mptcp = 0;
		for (guint j = 0; kinds[j]; j++) {
			unsigned kind = (unsigned)strtoul(kinds[j], NULL, 10);
			if (kind == TCPOPT_NOP || kind == TCPOPT_EOL)
				continue;
			CU_ASSERT_PTR_NOT_NULL_FATAL(lens[k]);
			unsigned len = (unsigned)strtoul(lens[k++], NULL, 10);
			if (kind != TCPOPT_MPTCP)
				continue;
			mptcp++;
			CU_ASSERT_PTR_NOT_NULL_FATAL(subtypes[m]);
			unsigned st = (unsigned)strtoul(subtypes[m++], NULL, 10);
			gboolean ok = mptcpforms_len_allowed(packet(i)->ctx.version, (uint8_t)st, len);
			if (!ok)
				fprintf(stderr, "frame %u (%s): %s with length %u\n", i + 1, packet(i)->name,
					mptcp_subtype_name((uint8_t)st), len);
			CU_ASSERT_TRUE(ok);
			checked++;
		}
		/* One MPTCP option per suboption bit written. */
		guint bits = 0;
		for (uint32_t b = packet(i)->bits; b; b &= b - 1)
			bits++;
		CU_ASSERT_EQUAL(mptcp, bits);
		g_strfreev(kinds);
		g_strfreev(lens);
		g_strfreev(subtypes);
		g_strfreev(col);
	}
	CU_ASSERT_TRUE(checked >= written->len);
	g_strfreev(l);
	g_free(out);
}

/* tshark decodes every field as we wrote it. */
static void test_fields_as_written(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(written);
	char *out = tshark(pcap_path, "-T fields -E separator='|' -E occurrence=a -E aggregator=';' "
				      MPTCP_FORMS_TSHARK_FIELDS);
	char **l = lines_of(out);
	CU_ASSERT_EQUAL_FATAL(g_strv_length(l), written->len);
	guint bad = 0;
	for (guint i = 0; i < written->len; i++) {
		const sent *p = packet(i);
		char *ours = mptcpforms_render(p->seg.options, p->seg.opt_len, &p->ctx);
		if (strcmp(ours, l[i]) != 0 && bad++ < 10)
			fprintf(stderr, "\nframe %u (%s):\n  tshark %s\n  ours   %s\n", i + 1, p->name, l[i], ours);
		g_free(ours);
	}
	CU_ASSERT_EQUAL(bad, 0);
	g_strfreev(l);
	g_free(out);
}

/* tshark's token and IDSN of every MP_CAPABLE sender key are ours: SHA-256 in the v1 connections,
 * SHA-1 in the v0 ones. */
static void test_expected_token_idsn(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(written);
	char *out = tshark(pcap_path, "-T fields -E separator='|' -e mptcp.expected_token -e mptcp.expected_idsn");
	char **l = lines_of(out);
	CU_ASSERT_EQUAL_FATAL(g_strv_length(l), written->len);
	guint keys = 0;
	for (guint i = 0; i < written->len; i++) {
		const sent *p = packet(i);
		if (!p->sndr_key)
			continue;
		keys++;
		uint32_t token;
		uint64_t idsn;
		mptcp_crypto_key_sha(p->ctx.version, p->sndr_key, &token, &idsn);
		char *want = g_strdup_printf("%" PRIu32 "|%" PRIu64, token, idsn);
		if (strcmp(want, l[i]) != 0)
			fprintf(stderr, "frame %u (%s): tshark %s, ours %s\n", i + 1, p->name, l[i], want);
		CU_ASSERT_STRING_EQUAL(l[i], want);
		g_free(want);
	}
	CU_ASSERT_TRUE(keys >= 10);
	g_strfreev(l);
	g_free(out);
}

/* Every MP_JOIN subflow is in the MPTCP stream of the connection whose token it names: tshark
 * matched the token it computed from the key with the one in our MP_JOIN SYN. */
static void test_joins_linked(void)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(written);
	char *out = tshark(pcap_path, "-T fields -E separator='|' -e tcp.stream -e mptcp.stream");
	char **l = lines_of(out);
	CU_ASSERT_EQUAL_FATAL(g_strv_length(l), written->len);
	const char *parent[2] = { NULL, NULL };
	guint joins = 0;
	for (guint i = 0; i < written->len; i++) {
		const sent *p = packet(i);
		const char *mptcp_stream = strchr(l[i], '|');
		CU_ASSERT_PTR_NOT_NULL_FATAL(mptcp_stream);
		mptcp_stream++;
		if (!p->join) {
			/* tshark names the MPTCP stream once it has seen a key (not on a v1 SYN). */
			if (!parent[p->conn] && *mptcp_stream)
				parent[p->conn] = mptcp_stream;
			continue;
		}
		joins++;
		CU_ASSERT_PTR_NOT_NULL_FATAL(parent[p->conn]);
		if (strcmp(mptcp_stream, parent[p->conn]) != 0)
			fprintf(stderr, "frame %u (%s): mptcp.stream %s, its connection's %s\n", i + 1, p->name,
				mptcp_stream, parent[p->conn]);
		CU_ASSERT_STRING_EQUAL(mptcp_stream, parent[p->conn]);
	}
	CU_ASSERT_TRUE(joins >= 10);
	/* The two connections are two MPTCP streams. */
	CU_ASSERT_STRING_NOT_EQUAL(parent[0], parent[1]);
	g_strfreev(l);
	g_free(out);
}

static CU_TestInfo tests[] = {
	{ .pName = "write every form", .pTestFunc = test_write_capture },
	{ .pName = "no malformed packet", .pTestFunc = test_no_malformed },
	{ .pName = "every warning explained", .pTestFunc = test_warnings_explained },
	{ .pName = "option lengths allowed for their subtype", .pTestFunc = test_lengths_allowed },
	{ .pName = "fields decoded as written", .pTestFunc = test_fields_as_written },
	{ .pName = "expected_token and expected_idsn", .pTestFunc = test_expected_token_idsn },
	{ .pName = "joins linked to their connection", .pTestFunc = test_joins_linked },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "tshark on every option form", .pInitFunc = suite_init, .pCleanupFunc = suite_clean, .pTests = tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
