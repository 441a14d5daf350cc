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
#include "inspectscn.h"
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

/* ---- single mutations of the scenario (inspectscn.h) ---- */

static const struct {
	mcap_mutation m;
	an_inspect_problem_kind kind;
	const char *name;
	const char *message; /* in the problem's message, when not NULL */
} mutations[] = {
	{ MCAP_MUT_SYNACK_HMAC, AN_PROB_JOIN_SYNACK_HMAC, "MP_JOIN SYN/ACK HMAC", NULL },
	{ MCAP_MUT_ACK_HMAC, AN_PROB_JOIN_ACK_HMAC, "MP_JOIN third-ACK HMAC", NULL },
	{ MCAP_MUT_ADD_ADDR_HMAC, AN_PROB_ADD_ADDR_HMAC, "ADD_ADDR HMAC", NULL },
	{ MCAP_MUT_ADD_ADDR_LEFTMOST, AN_PROB_ADD_ADDR_HMAC, "ADD_ADDR HMAC of early Linux", "leftmost 64 bits, as Linux" },
	{ MCAP_MUT_MPC_CSUM, AN_PROB_DSS_CHECKSUM, "MP_CAPABLE data checksum", NULL },
	{ MCAP_MUT_DSS_CSUM, AN_PROB_DSS_CHECKSUM, "DSS checksum of a split mapping", NULL },
	{ MCAP_MUT_ECHOED_KEY, AN_PROB_KEY_MISMATCH, "key echoed in the third ACK", NULL },
	{ MCAP_MUT_CSUM_MISSING, AN_PROB_DSS_CHECKSUM_MISSING, "mapping without the negotiated checksum", NULL },
	{ MCAP_MUT_CSUM_UNEXPECTED, AN_PROB_DSS_CHECKSUM_UNEXPECTED, "checksum not negotiated", NULL },
	{ MCAP_MUT_MAPPING_CONFLICT, AN_PROB_MAPPING_CONFLICT, "subflow bytes mapped twice", NULL },
	{ MCAP_MUT_DATA_FIN_CONFLICT, AN_PROB_DATA_FIN_CONFLICT, "DATA_FIN moved", NULL },
	{ MCAP_MUT_FASTCLOSE_KEY, AN_PROB_FASTCLOSE_KEY, "MP_FASTCLOSE key", NULL },
	{ MCAP_MUT_UNMAPPED, AN_PROB_UNMAPPED_DATA, "payload without a mapping", NULL },
	{ MCAP_MUT_PLAIN_WITH_DSS, AN_PROB_MPTCP_ON_PLAIN_FLOW, "DSS on a plain TCP flow", NULL },
	{ MCAP_MUT_MALFORMED, AN_PROB_MALFORMED_OPTION, "malformed option", NULL },
	{ MCAP_MUT_JOIN_TOKEN, AN_PROB_JOIN_UNKNOWN_TOKEN, "MP_JOIN SYN with a token of no connection", NULL },
};

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
	mcap_expect ex;
	char *path = tmp_path("scenario.pcap");
	mcap_write_scenario(path, MCAP_MUT_NONE, 0, &ex);
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
	uint64_t ia = mptcp_crypto_idsn(v, MCAP_KA), ib = mptcp_crypto_idsn(v, MCAP_KB);
	const an_inspect_conn *c = conn_at(r, 0);
	CU_ASSERT_TRUE(c->version_known);
	CU_ASSERT_EQUAL(c->version, 1);
	CU_ASSERT_EQUAL(c->state, AN_CONN_ESTABLISHED);
	CU_ASSERT_TRUE(c->csum_known && c->csum_on);
	CU_ASSERT_TRUE(c->end[0].csum_requested && !c->end[1].csum_requested);
	CU_ASSERT_EQUAL(c->end[0].key, MCAP_KA);
	CU_ASSERT_EQUAL(c->end[0].token, mptcp_crypto_token(v, MCAP_KA));
	CU_ASSERT_EQUAL(c->end[0].idsn, ia);
	CU_ASSERT_EQUAL(c->end[1].key, MCAP_KB);
	CU_ASSERT_EQUAL(c->end[1].idsn, ib);

	CU_ASSERT_EQUAL_FATAL(c->flows->len, 2);
	CU_ASSERT_EQUAL(subflow_at(c, 0)->kind, AN_FLOW_MP_CAPABLE);
	const an_inspect_flow *j = subflow_at(c, 1);
	CU_ASSERT_EQUAL(j->kind, AN_FLOW_MP_JOIN);
	CU_ASSERT_EQUAL(j->addr[0].family, NET_AF_INET6);
	CU_ASSERT_EQUAL(j->initiator, AN_SIDE_CLIENT);
	CU_ASSERT_EQUAL(j->syn_frame, ex.join_syn);
	CU_ASSERT_EQUAL(j->token, mptcp_crypto_token(v, MCAP_KB));
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
		mcap_expect ex;
		char name[32];
		g_snprintf(name, sizeof name, "mutation-%d.pcap", (int)mutations[i].m);
		char *path = tmp_path(name);
		mcap_write_scenario(path, mutations[i].m, 0, &ex);
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
	mcap_expect ex;
	char *path = tmp_path("snaplen.pcap");
	mcap_write_scenario(path, MCAP_MUT_NONE, 100, &ex);
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
	mcap k = { .now = SIM_S(1) };
	k.w = pcap_writer_open(path, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k.w);
	const uint8_t v = MPTCP_VERSION_1;
	mcap_flow f =
		mcap_flow_make(net_addr_v4(192, 0, 2, 1), 50000, net_addr_v4(192, 0, 2, 2), 80, 0xfffffff0u, 0xffffff00u);
	mptcp_options o = { .suboptions = MPTCP_OPT_MPC_SYN, .version = v, .mpc_version = v,
			    .mpc_flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256 };
	mcap_emit(&k, &f, 0, MCAP_SYN, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_SYNACK, .version = v, .mpc_version = v,
			     .mpc_flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256, .sndr_key = MCAP_KB };
	mcap_emit(&k, &f, 1, MCAP_SYN | MCAP_ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_ACK, .version = v, .mpc_version = v,
			     .mpc_flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256, .sndr_key = MCAP_KA, .rcvr_key = MCAP_KB };
	mcap_emit(&k, &f, 0, MCAP_ACK, 0, 0, &o);
	uint64_t ib = mptcp_crypto_idsn(v, MCAP_KB);
	uint64_t dsn = UINT64_MAX - 1000; /* a reinjected-looking DSN far from the IDSN, 64-bit on the wire */
	o = mcap_mapping(ib, dsn, 1, 3001, false, MCAP_SERVER_STREAM, true, mptcp_crypto_idsn(v, MCAP_KA) + 1);
	/* payload offsets: DSN - (IDSN + 1), as mcap_mapping() summed them */
	uint64_t off = dsn - (ib + 1);
	mcap_emit_at(&k, &f, 1, MCAP_PSH, 2001, 1001, off + 2000, &o);
	mcap_emit_at(&k, &f, 1, MCAP_PSH, 1, 1001, off, NULL);
	mcap_emit_at(&k, &f, 1, MCAP_PSH, 1, 1001, off, NULL);
	mcap_emit_at(&k, &f, 1, MCAP_PSH, 1002, 999, off + 1001, NULL);
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
	mcap_expect ex;
	char *src = tmp_path("fuzz-source.pcap");
	mcap_write_scenario(src, MCAP_MUT_NONE, 0, &ex);
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
