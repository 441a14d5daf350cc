/* inspect.c — `inspect`'s engine core: packets in, flow table, problems, the file driver, the names.
 *
 * Each IP packet goes through wire_parse() (protocol/wire.h) and, for TCP, finds its flow by
 * 4-tuple (a SYN with a new initial sequence number starts a new flow on the same tuple). Its
 * option bytes are parsed once by mptcp_opt_parse() with the version of the flow's connection
 * (v0 and v1 ADD_ADDR look alike, mptcp-wire.md §1.4); every option the codec ignores is a
 * problem with its reason. inspect_conn.c then follows the handshakes and signals, and
 * inspect_data.c the mappings and checksums of established subflows. */
#include "inspect_priv.h"

#include "error.h"

#include <json-glib/json-glib.h>
#include <stdarg.h>
#include <string.h>

/* ---- names ---- */

const char *an_inspect_check_name(an_inspect_check c)
{
	switch (c) {
	case AN_CHECK_OK: return "ok";
	case AN_CHECK_BAD: return "bad";
	case AN_CHECK_UNKNOWN: return "unchecked";
	case AN_CHECK_NONE: break;
	}
	return "none";
}

static const char *const problem_names[AN_PROB_KIND_COUNT] = {
	[AN_PROB_MALFORMED_PACKET] = "malformed-packet",
	[AN_PROB_MALFORMED_OPTION] = "malformed-option",
	[AN_PROB_IP_CHECKSUM] = "ip-checksum",
	[AN_PROB_TCP_CHECKSUM] = "tcp-checksum",
	[AN_PROB_KEY_MISMATCH] = "key-mismatch",
	[AN_PROB_JOIN_UNKNOWN_TOKEN] = "join-unknown-token",
	[AN_PROB_JOIN_SYNACK_HMAC] = "join-synack-hmac",
	[AN_PROB_JOIN_ACK_HMAC] = "join-ack-hmac",
	[AN_PROB_ADD_ADDR_HMAC] = "add-addr-hmac",
	[AN_PROB_DSS_CHECKSUM] = "dss-checksum",
	[AN_PROB_DSS_CHECKSUM_MISSING] = "dss-checksum-missing",
	[AN_PROB_DSS_CHECKSUM_UNEXPECTED] = "dss-checksum-unexpected",
	[AN_PROB_MAPPING_CONFLICT] = "mapping-conflict",
	[AN_PROB_UNMAPPED_DATA] = "unmapped-data",
	[AN_PROB_DATA_FIN_CONFLICT] = "data-fin-conflict",
	[AN_PROB_FASTCLOSE_KEY] = "fastclose-key",
	[AN_PROB_MPTCP_ON_PLAIN_FLOW] = "mptcp-on-plain-flow",
};

const char *an_inspect_problem_name(an_inspect_problem_kind k)
{
	return (unsigned)k < AN_PROB_KIND_COUNT ? problem_names[k] : "unknown";
}

const char *an_inspect_flow_kind_name(an_inspect_flow_kind k)
{
	switch (k) {
	case AN_FLOW_PLAIN: return "plain";
	case AN_FLOW_MP_CAPABLE: return "mp_capable";
	case AN_FLOW_MP_JOIN: return "mp_join";
	case AN_FLOW_JOIN_UNKNOWN: return "join_unknown_token";
	case AN_FLOW_NO_HANDSHAKE: return "no_handshake";
	}
	return "unknown";
}

const char *an_inspect_event_name(an_inspect_event_type t)
{
	switch (t) {
	case AN_EV_ADD_ADDR: return "ADD_ADDR";
	case AN_EV_RM_ADDR: return "REMOVE_ADDR";
	case AN_EV_PRIO: return "MP_PRIO";
	case AN_EV_FAIL: return "MP_FAIL";
	case AN_EV_FASTCLOSE: return "MP_FASTCLOSE";
	case AN_EV_TCPRST: return "MP_TCPRST";
	case AN_EV_INFINITE_MAPPING: return "infinite-mapping";
	}
	return "unknown";
}

const char *an_inspect_conn_state_name(an_inspect_conn_state s)
{
	switch (s) {
	case AN_CONN_SYN_SENT: return "syn-sent";
	case AN_CONN_ESTABLISHED: return "established";
	case AN_CONN_FALLBACK: return "fallback";
	}
	return "unknown";
}

bool an_inspect_link_type_supported(uint32_t lt)
{
	switch (lt) {
	case PCAP_LINKTYPE_NULL:
	case PCAP_LINKTYPE_ETHERNET:
	case PCAP_LINKTYPE_RAW:
	case PCAP_LINKTYPE_LOOP:
	case PCAP_LINKTYPE_LINUX_SLL:
	case PCAP_LINKTYPE_IPV4:
	case PCAP_LINKTYPE_IPV6:
	case PCAP_LINKTYPE_LINUX_SLL2:
		return true;
	default:
		return false;
	}
}

/* ---- helpers shared with the other parts ---- */

void an_problem(an_inspect *in, an_conn *c, uint64_t frame, an_inspect_problem_kind kind, const char *fmt, ...)
{
	an_inspect_report *r = in->report;
	r->problem_count++;
	r->problem_counts[kind]++;
	if (c)
		c->pub.problems++;
	if (r->problems->len >= AN_INSPECT_PROBLEMS_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	an_inspect_problem p = { .frame = frame, .conn = c ? c->pub.id : 0, .kind = kind,
				 .message = g_strdup_vprintf(fmt, ap) };
	va_end(ap);
	g_array_append_val(r->problems, p);
}

const char *an_endpoint_str(const net_addr *a, uint16_t port, char *buf)
{
	char ab[NET_ADDR_STRLEN];
	net_addr_to_string(a, ab);
	g_snprintf(buf, AN_ENDPOINT_STRLEN, a->family == NET_AF_INET6 ? "[%s]:%u" : "%s:%u", ab, port);
	return buf;
}

/* ---- the flow table ---- */

/* A 4-tuple, lower endpoint first, so both directions find the same flow. */
typedef struct flow_key {
	uint8_t family;
	uint8_t addr[2][16];
	uint16_t port[2];
} flow_key;

static guint flow_key_hash(gconstpointer p)
{
	/* FNV-1a over the key's bytes (zeroed padding included: keys are memset first). */
	const uint8_t *b = p;
	guint32 h = 2166136261u;
	for (size_t i = 0; i < sizeof(flow_key); i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static gboolean flow_key_equal(gconstpointer a, gconstpointer b)
{
	return memcmp(a, b, sizeof(flow_key)) == 0;
}

static int endpoint_cmp(const net_addr *a, uint16_t pa, const net_addr *b, uint16_t pb)
{
	int c = memcmp(a->bytes, b->bytes, sizeof a->bytes);
	if (c)
		return c;
	return pa < pb ? -1 : pa > pb;
}

static void flow_key_of(const segment *s, flow_key *k)
{
	memset(k, 0, sizeof *k);
	k->family = s->src.family;
	bool swap = endpoint_cmp(&s->src, s->sport, &s->dst, s->dport) > 0;
	const net_addr *lo = swap ? &s->dst : &s->src, *hi = swap ? &s->src : &s->dst;
	memcpy(k->addr[0], lo->bytes, 16);
	memcpy(k->addr[1], hi->bytes, 16);
	k->port[0] = swap ? s->dport : s->sport;
	k->port[1] = swap ? s->sport : s->dport;
}

static an_flow *flow_new(an_inspect *in, const segment *s, bool from_responder)
{
	an_flow *f = g_new0(an_flow, 1);
	an_inspect_report *r = in->report;
	f->pub.id = r->flows->len + 1;
	f->pub.kind = AN_FLOW_PLAIN;
	/* ep[0] is the SYN's sender; a SYN/ACK seen first names it as its destination. */
	f->pub.addr[0] = from_responder ? s->dst : s->src;
	f->pub.addr[1] = from_responder ? s->src : s->dst;
	f->pub.port[0] = from_responder ? s->dport : s->sport;
	f->pub.port[1] = from_responder ? s->sport : s->dport;
	f->pub.first_frame = in->frame;
	for (int d = 0; d < 2; d++) {
		f->dir[d].ssn_map = an_rangemap_new();
		f->dir[d].pending = g_ptr_array_new();
	}
	g_ptr_array_add(r->flows, f);
	return f;
}

/* The flow of `s` and its TCP direction. */
static an_flow *flow_for(an_inspect *in, const segment *s, int *d)
{
	flow_key k;
	flow_key_of(s, &k);
	an_flow *f = g_hash_table_lookup(in->flows, &k);
	bool syn = (s->flags & TCP_FLAG_SYN) && !(s->flags & TCP_FLAG_ACK);
	bool synack = (s->flags & TCP_FLAG_SYN) && (s->flags & TCP_FLAG_ACK);
	/* A SYN that is not a retransmission of the flow's own SYN opens a new flow on the tuple
	 * (port reuse); the old one stays in the report. A flow that so far had only SYN/ACKs (the
	 * capture reordered) takes its SYN. */
	if (f && syn) {
		bool retransmission = f->pub.syn_frame && f->dir[0].base_is_isn && f->dir[0].base == s->seq;
		bool late = !f->pub.syn_frame && f->pub.packets[0] == 0;
		if (!retransmission && !late)
			f = NULL;
	}
	if (!f) {
		f = flow_new(in, s, synack);
		g_hash_table_replace(in->flows, g_memdup2(&k, sizeof k), f);
	}
	*d = (net_addr_equal(&s->src, &f->pub.addr[0]) && s->sport == f->pub.port[0]) ? 0 : 1;
	return f;
}

/* Per-direction TCP accounting: packets, payload bytes, retransmitted bytes, FIN, RST, ISNs. */
static void flow_count(an_inspect *in, an_flow *f, int d, const segment *s)
{
	an_inspect_flow *p = &f->pub;
	an_flowdir *fd = &f->dir[d];
	p->last_frame = in->frame;
	p->packets[d]++;
	p->payload_bytes[d] += s->payload_len;
	if (s->flags & TCP_FLAG_SYN) {
		if (d == 0 && !(s->flags & TCP_FLAG_ACK) && !p->syn_frame)
			p->syn_frame = in->frame;
		if (!fd->base_is_isn) {
			/* RFC 9293 §3.4: the SYN's sequence number is the ISN; data starts at ISN + 1,
			 * which is subflow sequence number 1 (RFC 8684 §3.3). */
			fd->have_base = fd->base_is_isn = true;
			fd->base = s->seq;
			fd->rel_last = 0;
			fd->rel_max_end = 1;
		}
	} else if (!fd->have_base) {
		fd->have_base = true;
		fd->base = s->seq - 1u;
		fd->rel_last = 1;
		fd->rel_max_end = 1;
	}
	if ((s->flags & TCP_FLAG_FIN) && !p->fin_frame[d])
		p->fin_frame[d] = in->frame;
	if ((s->flags & TCP_FLAG_RST) && !p->rst_frame)
		p->rst_frame = in->frame;
	if (s->payload_len && !(s->flags & TCP_FLAG_SYN)) {
		uint64_t rel = mptcp_expand_seq(fd->rel_last, s->seq - fd->base);
		uint64_t end = rel + s->payload_len;
		if (rel < fd->rel_max_end)
			p->retransmitted_bytes[d] += MIN(end, fd->rel_max_end) - rel;
		if (end > fd->rel_max_end)
			fd->rel_max_end = end;
		if (rel > fd->rel_last)
			fd->rel_last = rel;
	}
}

/* ---- packets ---- */

an_inspect *an_inspect_new(const an_inspect_options *opts)
{
	an_inspect *in = g_new0(an_inspect, 1);
	if (opts)
		in->opts = *opts;
	an_inspect_report *r = g_new0(an_inspect_report, 1);
	r->link_types = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	r->csum_bad_frames = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	r->conns = g_ptr_array_new();
	r->flows = g_ptr_array_new();
	r->problems = g_array_new(FALSE, FALSE, sizeof(an_inspect_problem));
	r->tcp_checksums = in->opts.tcp_checksums;
	in->report = r;
	in->flows = g_hash_table_new_full(flow_key_hash, flow_key_equal, g_free, NULL);
	in->tokens = g_hash_table_new(g_direct_hash, g_direct_equal);
	return in;
}

void an_inspect_other_packet(an_inspect *in, uint64_t frame)
{
	in->frame = frame;
	in->report->packets++;
	in->report->not_ip++;
}

static void note_checksums(an_inspect *in, const segment *s, const wire_info *info)
{
	an_inspect_report *r = in->report;
	bool bad = false;
	if (info->ip_csum_checked) {
		r->ip_csum_checked++;
		if (!info->ip_csum_ok) {
			r->ip_csum_bad++;
			bad = true;
			if (in->opts.tcp_checksums)
				an_problem(in, NULL, in->frame, AN_PROB_IP_CHECKSUM, "IPv4 header checksum does not verify");
		}
	}
	if (info->l4_csum_checked) {
		r->tcp_csum_checked++;
		if (!info->l4_csum_ok) {
			r->tcp_csum_bad++;
			bad = true;
			if (in->opts.tcp_checksums) {
				char a[AN_ENDPOINT_STRLEN], b[AN_ENDPOINT_STRLEN];
				an_problem(in, NULL, in->frame, AN_PROB_TCP_CHECKSUM,
					   "TCP checksum 0x%04x of %s -> %s does not verify", info->l4_csum,
					   an_endpoint_str(&s->src, s->sport, a), an_endpoint_str(&s->dst, s->dport, b));
			}
		}
	}
	if (bad && r->csum_bad_frames->len < AN_INSPECT_LIST_MAX)
		g_array_append_val(r->csum_bad_frames, in->frame);
}

static void note_bad_options(an_inspect *in, an_flow *f, const mptcp_opt_report *rep)
{
	for (uint32_t i = 0; i < rep->n_bad && i < MPTCP_OPT_BAD_MAX; i++) {
		uint8_t st = rep->bad[i].subtype;
		an_problem(in, f->conn, in->frame, AN_PROB_MALFORMED_OPTION,
			   "%s option at byte %u of the TCP options ignored: %s (flow %u)",
			   st == MPTCP_SUBTYPE_NONE ? "MPTCP" : mptcp_subtype_name(st), rep->bad[i].offset,
			   mptcp_opt_reason_name(rep->bad[i].reason), f->pub.id);
	}
	if (rep->n_bad > MPTCP_OPT_BAD_MAX)
		an_problem(in, f->conn, in->frame, AN_PROB_MALFORMED_OPTION, "%u more malformed MPTCP options ignored",
			   rep->n_bad - MPTCP_OPT_BAD_MAX);
}

void an_inspect_ip_packet(an_inspect *in, uint64_t frame, const uint8_t *ip, size_t caplen, size_t origlen)
{
	an_inspect_report *r = in->report;
	in->frame = frame;
	r->packets++;
	segment s;
	wire_info info;
	wire_status st = wire_parse(ip, caplen, origlen, &s, &info);
	switch (st) {
	case WIRE_OK:
		break;
	case WIRE_ERR_IP_VERSION:
		r->not_ip++;
		return;
	case WIRE_ERR_PROTO:
		r->not_tcp++;
		return;
	case WIRE_ERR_IP_FRAGMENT:
		r->fragments++;
		return;
	case WIRE_ERR_TRUNCATED:
		/* The snap length cut the headers: a property of the capture, not of the traffic. */
		r->truncated_headers++;
		return;
	default:
		r->malformed++;
		an_problem(in, NULL, frame, AN_PROB_MALFORMED_PACKET, "IPv%u packet rejected: %s", info.ip_version,
			   wire_status_name(st));
		return;
	}
	if (s.proto != SEG_PROTO_TCP) {
		r->not_tcp++;
		return;
	}
	r->tcp_packets++;
	note_checksums(in, &s, &info);

	int d;
	an_flow *f = flow_for(in, &s, &d);
	flow_count(in, f, d, &s);

	mptcp_opt_ctx ctx = { .version = an_conn_parse_version(f, &s), .tcp_flags = s.flags,
			      .payload_len = s.payload_len };
	mptcp_options o;
	mptcp_opt_report rep;
	mptcp_opt_parse(s.options, s.opt_len, &ctx, &o, &rep);
	if (rep.n_mptcp)
		f->pub.mptcp_packets++;
	an_conn_packet(in, f, d, &s, &o);
	if (rep.n_bad)
		note_bad_options(in, f, &rep);
	if (f->conn)
		f->conn->pub.last_frame = frame;
	if (f->conn && f->pub.established && f->conn->pub.state != AN_CONN_SYN_SENT)
		an_data_packet(in, f, d, &s, ip + info.payload_offset, info.payload_captured, &o);
}

/* ---- the end ---- */

static gint problem_cmp(gconstpointer a, gconstpointer b)
{
	uint64_t x = ((const an_inspect_problem *)a)->frame, y = ((const an_inspect_problem *)b)->frame;
	return x < y ? -1 : x > y;
}

an_inspect_report *an_inspect_finish(an_inspect *in)
{
	an_inspect_report *r = in->report;
	for (guint i = 0; i < r->flows->len; i++) {
		an_data_finish_flow(g_ptr_array_index(r->flows, i));
	}
	for (guint i = 0; i < r->conns->len; i++)
		an_data_finish_conn(g_ptr_array_index(r->conns, i));
	/* A DSS checksum is judged when its mapping's last byte arrives, and reported at the mapping's
	 * frame: order by frame (g_array_sort is stable, so a frame's problems keep their order). */
	g_array_sort(r->problems, problem_cmp);
	g_hash_table_destroy(in->flows);
	g_hash_table_destroy(in->tokens);
	g_free(in);
	return r;
}

void an_inspect_report_free(an_inspect_report *r)
{
	if (!r)
		return;
	for (guint i = 0; i < r->conns->len; i++) {
		an_inspect_conn *c = g_ptr_array_index(r->conns, i);
		g_ptr_array_free(c->flows, TRUE);
		g_array_free(c->events, TRUE);
		for (int side = 0; side < 2; side++) {
			if (c->data[side].ranges)
				g_array_free(c->data[side].ranges, TRUE);
			g_array_free(c->data[side].reinjections, TRUE);
		}
		g_free(c); /* the an_conn it begins */
	}
	for (guint i = 0; i < r->flows->len; i++)
		g_free(g_ptr_array_index(r->flows, i)); /* the an_flow it begins */
	for (guint i = 0; i < r->problems->len; i++)
		g_free(g_array_index(r->problems, an_inspect_problem, i).message);
	g_ptr_array_free(r->conns, TRUE);
	g_ptr_array_free(r->flows, TRUE);
	g_array_free(r->problems, TRUE);
	g_array_free(r->link_types, TRUE);
	g_array_free(r->csum_bad_frames, TRUE);
	g_free(r->file);
	g_free(r);
}

void an_inspect_summarize(const an_inspect_report *r, an_inspect_summary *s)
{
	memset(s, 0, sizeof *s);
	s->connections = r->conns->len;
	s->problems = r->problem_count;
	for (guint i = 0; i < r->conns->len; i++) {
		const an_inspect_conn *c = g_ptr_array_index(r->conns, i);
		s->subflows += c->flows->len;
		for (int side = 0; side < 2; side++) {
			s->dss_checksums_ok += c->data[side].csum_ok;
			s->dss_checksums_bad += c->data[side].csum_bad;
		}
		for (guint k = 0; k < c->flows->len; k++) {
			const an_inspect_flow *f = g_ptr_array_index(c->flows, k);
			s->join_hmacs_ok += (f->thmac_check == AN_CHECK_OK) + (f->hmac_check == AN_CHECK_OK);
			s->join_hmacs_bad += (f->thmac_check == AN_CHECK_BAD) + (f->hmac_check == AN_CHECK_BAD);
		}
	}
	for (guint i = 0; i < r->flows->len; i++) {
		const an_inspect_flow *f = g_ptr_array_index(r->flows, i);
		s->plain_tcp_flows += f->kind == AN_FLOW_PLAIN;
		s->unattributed_flows += f->kind == AN_FLOW_JOIN_UNKNOWN || f->kind == AN_FLOW_NO_HANDSHAKE;
	}
}

/* ---- the file driver ---- */

static void note_link_type(an_inspect_report *r, uint32_t lt)
{
	for (guint i = 0; i < r->link_types->len; i++)
		if (g_array_index(r->link_types, uint32_t, i) == lt)
			return;
	g_array_append_val(r->link_types, lt);
}

#define SUPPORTED_LINK_TYPES                                                                                   \
	"Ethernet (1, with VLAN tags), raw IP (101, 228, 229), Linux cooked SLL (113) and SLL2 (276), BSD " \
	"loopback (0, 108)"

/* One capture being read in a merge: its reader and its next packet. */
struct merge_input {
	const char *path;
	pcap_reader *rd;
	pcap_packet pkt;
	bool pending;
};

static bool merge_advance(struct merge_input *m, GError **error)
{
	pcap_read_result res = pcap_reader_next(m->rd, &m->pkt, error);
	m->pending = res == PCAP_READ_PACKET;
	if (m->pending && !an_inspect_link_type_supported(m->pkt.linktype)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s: offset %" G_GUINT64_FORMAT ": frame %" G_GUINT64_FORMAT
			    " is on interface %u of link type %u, not one inspect reads; it reads " SUPPORTED_LINK_TYPES,
			    m->path, m->pkt.file_offset, m->pkt.number, m->pkt.ifindex, m->pkt.linktype);
		return false;
	}
	return res != PCAP_READ_ERROR;
}

an_inspect_report *an_inspect_files(const char *const *paths, size_t n, const an_inspect_options *opts, GError **error)
{
	g_assert(n >= 1);
	struct merge_input *in_files = g_new0(struct merge_input, n);
	an_inspect *in = NULL;
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++) {
		in_files[i].path = paths[i];
		in_files[i].rd = pcap_reader_open(paths[i], error);
		if (!in_files[i].rd) {
			ok = false;
			break;
		}
		if (pcap_reader_format(in_files[i].rd) == PCAP_FILE_PCAP) {
			/* pcap-savefile(5): the link type is the file header's last field, at byte 20. */
			uint32_t lt = (uint32_t)pcap_reader_linktype(in_files[i].rd, 0);
			if (!an_inspect_link_type_supported(lt)) {
				g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
					    "%s: offset 20: link type %u is not one inspect reads; it reads " SUPPORTED_LINK_TYPES,
					    paths[i], lt);
				ok = false;
			}
		}
	}
	if (ok) {
		in = an_inspect_new(opts);
		in->report->file = g_strjoinv(", ", (char **)paths);
		in->report->format = pcap_reader_format(in_files[0].rd);
		for (size_t i = 0; i < n && ok; i++)
			ok = merge_advance(&in_files[i], error);
	}
	/* Several captures (one per interface of a host, say) are read as one, in timestamp order as
	 * mergecap does; equal times keep the order of the files. Frames are numbered in that order;
	 * a single file keeps its own numbers, which are Wireshark's. */
	uint64_t merged_number = 0;
	while (ok) {
		struct merge_input *next = NULL;
		for (size_t i = 0; i < n; i++)
			if (in_files[i].pending && (!next || in_files[i].pkt.ts_ns < next->pkt.ts_ns))
				next = &in_files[i];
		if (!next)
			break;
		uint64_t frame = n == 1 ? next->pkt.number : ++merged_number;
		note_link_type(in->report, next->pkt.linktype);
		if (next->pkt.ip)
			an_inspect_ip_packet(in, frame, next->pkt.ip, next->pkt.ip_caplen, next->pkt.ip_origlen);
		else
			an_inspect_other_packet(in, frame);
		ok = merge_advance(next, error);
	}
	for (size_t i = 0; i < n; i++)
		if (in_files[i].rd)
			pcap_reader_free(in_files[i].rd);
	g_free(in_files);
	an_inspect_report *r = in ? an_inspect_finish(in) : NULL;
	if (!ok) {
		an_inspect_report_free(r);
		return NULL;
	}
	return r;
}

an_inspect_report *an_inspect_file(const char *path, const an_inspect_options *opts, GError **error)
{
	const char *paths[] = { path, NULL };
	return an_inspect_files(paths, 1, opts, error);
}
