/* unit_mptcp_capture.c — the MPTCP codec and crypto on a real capture, as `mptcpsim inspect` will use them.
 *
 * tcpdump's tests/mptcp-v0.pcap (multipath-tcp.org kernel, 2013; reference/captures/): every packet's
 * MPTCP options, parsed by us, equal what tshark 4.0 decodes, field by field (mptcpforms_render);
 * every option written back from its parse is the bytes it came from; and with the keys seen in the
 * MP_CAPABLE handshake, the MP_JOIN token, both join HMACs and all 153 DSS checksums (DSNs expanded
 * from 32 bits next to IDSN + 1) recompute. Option bytes are parsed from exact-size heap copies. */
#include "testutil.h"

#include "mptcp/crypto.h"
#include "mptcp/options.h"
#include "mptcpforms.h"
#include "pcap_read.h"
#include "segment.h"
#include "wire.h"

#include <stdio.h>
#include <string.h>

#define REF_CAPTURE TEST_SHARED_DIR "/reference/captures/mptcp-v0.pcap"

/* Parse `len` bytes copied into a heap block of exactly that size. */
static mptcp_opt_reason parse_exact(const uint8_t *bytes, size_t len, const mptcp_opt_ctx *ctx, mptcp_options *out,
				    mptcp_opt_report *rep)
{
	uint8_t *b = len ? g_memdup2(bytes, len) : NULL;
	mptcp_opt_reason r = mptcp_opt_parse(b, len, ctx, out, rep);
	g_free(b);
	return r;
}

/* Write `o` into a heap block of exactly mptcp_opt_len(o) bytes; the caller frees. */
static uint8_t *write_exact(const mptcp_options *o, size_t *len)
{
	*len = mptcp_opt_len(o);
	uint8_t *b = g_malloc(*len ? *len : 1);
	CU_ASSERT_EQUAL(mptcp_opt_write(o, b, *len), *len);
	return b;
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
	CU_ASSERT_EQUAL(rc, 0);
	g_free(cmd);
	g_free(q);
	return out;
}

/* A subflow's direction, as the initiator sees it. */
typedef struct flow_key {
	net_addr src, dst;
	uint16_t sport, dport;
} flow_key;

static bool flow_is(const flow_key *f, const segment *s)
{
	return net_addr_equal(&f->src, &s->src) && net_addr_equal(&f->dst, &s->dst) && f->sport == s->sport &&
	       f->dport == s->dport;
}

static bool flow_is_reverse(const flow_key *f, const segment *s)
{
	return net_addr_equal(&f->src, &s->dst) && net_addr_equal(&f->dst, &s->src) && f->sport == s->dport &&
	       f->dport == s->sport;
}

/* What an inspector learns of the one connection in the capture. */
typedef struct conn_state {
	uint64_t key[2];      /* [0] initiator (Key-A), [1] listener (Key-B) */
	uint64_t last_dsn[2]; /* per sender, for expanding 32-bit DSNs */
	flow_key flows[4];    /* initiator-side 4-tuples of its subflows */
	int n_flows;
	uint32_t join_nonce[2]; /* R-A, R-B of the join in progress */
	unsigned csum_ok, csum_checked, thmac_ok, hmac_ok;
} conn_state;

/* 0 when `s` is sent by the initiator, 1 by the listener, -1 when on none of its subflows. */
static int sender(const conn_state *c, const segment *s)
{
	for (int i = 0; i < c->n_flows; i++) {
		if (flow_is(&c->flows[i], s))
			return 0;
		if (flow_is_reverse(&c->flows[i], s))
			return 1;
	}
	return -1;
}

/* Recompute what the option carries that can be checked: tokens, HMACs, DSS checksums. */
static void inspect(conn_state *c, const segment *s, const uint8_t *payload, const mptcp_options *o)
{
	flow_key fk = { .src = s->src, .dst = s->dst, .sport = s->sport, .dport = s->dport };
	if (o->suboptions & MPTCP_OPT_MPC_SYN) {
		c->key[0] = o->sndr_key;
		c->flows[c->n_flows++] = fk;
	}
	if (o->suboptions & MPTCP_OPT_MPC_SYNACK) {
		c->key[1] = o->sndr_key;
		c->last_dsn[0] = mptcp_crypto_idsn(MPTCP_VERSION_0, c->key[0]) + 1;
		c->last_dsn[1] = mptcp_crypto_idsn(MPTCP_VERSION_0, c->key[1]) + 1;
	}
	if (o->suboptions & MPTCP_OPT_MPC_ACK) {
		CU_ASSERT_EQUAL(o->sndr_key, c->key[0]);
		CU_ASSERT_EQUAL(o->rcvr_key, c->key[1]);
	}
	if (o->suboptions & MPTCP_OPT_MPJ_SYN) {
		/* RFC 6824 §3.2: the token of the listener's key names the connection. */
		CU_ASSERT_EQUAL(o->token, mptcp_crypto_token(MPTCP_VERSION_0, c->key[1]));
		c->join_nonce[0] = o->nonce;
		CU_ASSERT_FATAL(c->n_flows < 4);
		c->flows[c->n_flows++] = fk;
	}
	if (o->suboptions & MPTCP_OPT_MPJ_SYNACK) {
		c->join_nonce[1] = o->nonce;
		c->thmac_ok += o->thmac == mptcp_crypto_join_thmac(MPTCP_VERSION_0, c->key[1], c->key[0], c->join_nonce[1],
								   c->join_nonce[0]);
	}
	if (o->suboptions & MPTCP_OPT_MPJ_ACK) {
		uint8_t h[MPTCP_JOIN_HMAC_LEN];
		mptcp_crypto_join_hmac(MPTCP_VERSION_0, c->key[0], c->key[1], c->join_nonce[0], c->join_nonce[1], h);
		c->hmac_ok += memcmp(h, o->hmac, sizeof h) == 0;
	}
	if ((o->suboptions & MPTCP_OPT_DSS) && (o->dss_flags & MPTCP_DSS_HAS_MAP) && o->dss_has_csum) {
		int who = sender(c, s);
		CU_ASSERT_FATAL(who >= 0);
		uint64_t dsn = (o->dss_flags & MPTCP_DSS_DSN64) ? o->data_seq
							       : mptcp_expand_seq(c->last_dsn[who], (uint32_t)o->data_seq);
		c->last_dsn[who] = dsn;
		/* Every mapping of this capture fits its segment; a DATA_FIN takes one more. */
		unsigned fin = (o->dss_flags & MPTCP_DSS_DATA_FIN) ? 1 : 0;
		CU_ASSERT_EQUAL(o->data_len, s->payload_len + fin);
		uint32_t sum = mptcp_dss_csum_start(dsn, o->subflow_seq, o->data_len);
		sum = mptcp_dss_csum_add_bytes(sum, payload, s->payload_len, 0);
		c->csum_checked++;
		c->csum_ok += mptcp_dss_csum_finish(sum) == o->csum;
	}
}

static void test_reference_capture(void)
{
	char *fields = tshark(REF_CAPTURE, "-T fields -E separator='|' -E occurrence=a -E aggregator=';' "
					   MPTCP_FORMS_TSHARK_FIELDS);
	CU_ASSERT_PTR_NOT_NULL_FATAL(fields);
	g_strchomp(fields);
	char **want = g_strsplit(fields, "\n", -1);
	GError *e = NULL;
	pcap_reader *r = pcap_reader_open(REF_CAPTURE, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	conn_state c;
	memset(&c, 0, sizeof c);
	pcap_packet pkt;
	guint n = 0, differ = 0, options = 0, rewritten = 0;
	while (pcap_reader_next(r, &pkt, &e) == PCAP_READ_PACKET) {
		segment s;
		wire_info info;
		CU_ASSERT_EQUAL_FATAL(pcap_packet_parse(&pkt, &s, &info), WIRE_OK);
		/* The connection is v0 throughout (its MP_CAPABLE says so, and tshark agrees). */
		mptcp_opt_ctx ctx = { .version = MPTCP_VERSION_0, .tcp_flags = s.flags, .payload_len = s.payload_len };

		/* Our decoding, field by field, equals tshark's. */
		char *ours = mptcpforms_render(s.options, s.opt_len, &ctx);
		if (n >= g_strv_length(want) || strcmp(ours, want[n]) != 0) {
			if (differ++ < 5)
				fprintf(stderr, "frame %u:\n  tshark %s\n  ours   %s\n", n + 1,
					n < g_strv_length(want) ? want[n] : "(none)", ours);
		}
		g_free(ours);

		/* The whole option field parses cleanly. */
		mptcp_options all;
		mptcp_opt_report rep;
		CU_ASSERT_EQUAL(parse_exact(s.options, s.opt_len, &ctx, &all, &rep), MPTCP_OPT_OK);
		CU_ASSERT_EQUAL(rep.n_bad, 0);
		CU_ASSERT_TRUE(rep.n_mptcp >= 1);

		/* Each MPTCP option, written back from its parse, is the bytes it came from. */
		for (size_t i = 0; i < s.opt_len;) {
			uint8_t kind = s.options[i];
			if (kind == TCPOPT_EOL)
				break;
			if (kind == TCPOPT_NOP) {
				i++;
				continue;
			}
			uint8_t olen = s.options[i + 1];
			if (kind == TCPOPT_MPTCP) {
				options++;
				mptcp_options one;
				CU_ASSERT_EQUAL(parse_exact(s.options + i, olen, &ctx, &one, NULL), MPTCP_OPT_OK);
				size_t wlen;
				uint8_t *w = write_exact(&one, &wlen);
				bool same = w[1] == olen && memcmp(w, s.options + i, olen) == 0;
				rewritten += same;
				if (!same)
					fprintf(stderr, "frame %u: option at %zu not written back as it was\n", n + 1, i);
				g_free(w);
			}
			i += olen;
		}
		inspect(&c, &s, pkt.ip + info.payload_offset, &all);
		n++;
	}
	CU_ASSERT_PTR_NULL(e);
	pcap_reader_free(r);
	CU_ASSERT_EQUAL(differ, 0);
	CU_ASSERT_EQUAL(n, g_strv_length(want));
	CU_ASSERT_EQUAL(rewritten, options);
	/* Counted by hand in tcpdump's mptcp-v0.out: 264 packets, 266 MPTCP options (frames 4 and
	 * 210 carry two), 153 DSS mappings with checksums, one MP_JOIN. */
	CU_ASSERT_EQUAL(n, 264);
	CU_ASSERT_EQUAL(options, 266);
	CU_ASSERT_EQUAL(c.csum_checked, 153);
	CU_ASSERT_EQUAL(c.csum_ok, 153);
	CU_ASSERT_EQUAL(c.thmac_ok, 1);
	CU_ASSERT_EQUAL(c.hmac_ok, 1);
	g_strfreev(want);
	g_free(fields);
}

static CU_TestInfo capture_tests[] = {
	{ .pName = "mptcp-v0.pcap: tshark, bytes, checksums, HMACs", .pTestFunc = test_reference_capture },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "capture", .pTests = capture_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
