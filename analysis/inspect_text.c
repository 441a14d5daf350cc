/* inspect_text.c — the text report of `mptcpsim inspect`: a header, each connection (ends with keys,
 * tokens and IDSNs; subflows with their checks; signals; the data each end sent), unattributed
 * flows, the problems, and a one-line summary. With problems_only, the problems and the summary. */
#include "inspect_priv.h"

#include <inttypes.h>

static const char *link_type_name(uint32_t lt)
{
	switch (lt) {
	case PCAP_LINKTYPE_NULL: return "BSD loopback";
	case PCAP_LINKTYPE_ETHERNET: return "Ethernet";
	case PCAP_LINKTYPE_RAW: return "raw IP";
	case PCAP_LINKTYPE_LOOP: return "OpenBSD loopback";
	case PCAP_LINKTYPE_LINUX_SLL: return "Linux cooked (SLL)";
	case PCAP_LINKTYPE_IPV4: return "raw IPv4";
	case PCAP_LINKTYPE_IPV6: return "raw IPv6";
	case PCAP_LINKTYPE_LINUX_SLL2: return "Linux cooked v2 (SLL2)";
	default: return "unknown";
	}
}

static const char *side_name(uint8_t side)
{
	return side == AN_SIDE_CLIENT ? "client" : "server";
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "IDSN+5" when the sender's key is known and the offset is small, else the absolute DSN. */
static void dsn_str(const an_inspect_conn *c, uint8_t side, uint64_t dsn, char *buf, size_t len)
{
	const an_inspect_end *e = &c->end[side];
	uint64_t rel = dsn - e->idsn;
	if (e->have_key && c->data[side].dsn_exact && rel < (UINT64_C(1) << 48))
		g_snprintf(buf, len, "IDSN+%" PRIu64, rel);
	else
		g_snprintf(buf, len, "0x%016" PRIx64, dsn);
}

static void print_header(const an_inspect_report *r, FILE *out)
{
	fprintf(out, "%s: %s", r->file ? r->file : "(packets)", r->format == PCAP_FILE_PCAPNG ? "pcapng" : "pcap");
	for (guint i = 0; i < r->link_types->len; i++) {
		uint32_t lt = g_array_index(r->link_types, uint32_t, i);
		fprintf(out, "%s%s (%u)", i ? ", " : ", link type ", link_type_name(lt), lt);
	}
	fprintf(out, ", %" PRIu64 " %s (%" PRIu64 " TCP", r->packets, plural(r->packets, "packet", "packets"), r->tcp_packets);
	if (r->not_ip)
		fprintf(out, ", %" PRIu64 " not IP", r->not_ip);
	if (r->not_tcp)
		fprintf(out, ", %" PRIu64 " other IP", r->not_tcp);
	if (r->fragments)
		fprintf(out, ", %" PRIu64 " fragments", r->fragments);
	if (r->truncated_headers)
		fprintf(out, ", %" PRIu64 " with headers cut by the snap length", r->truncated_headers);
	if (r->malformed)
		fprintf(out, ", %" PRIu64 " malformed", r->malformed);
	fprintf(out, ")\n");
	fprintf(out, "IP/TCP checksums: %" PRIu64 " TCP checked, %" PRIu64 " bad; %" PRIu64 " IPv4 headers checked, %" PRIu64
		     " bad",
		r->tcp_csum_checked, r->tcp_csum_bad, r->ip_csum_checked, r->ip_csum_bad);
	if (r->csum_bad_frames->len) {
		fprintf(out, " (frame");
		for (guint i = 0; i < r->csum_bad_frames->len && i < 10; i++)
			fprintf(out, "%s %" PRIu64, i ? "," : "", g_array_index(r->csum_bad_frames, uint64_t, i));
		if (r->csum_bad_frames->len > 10)
			fprintf(out, ", ...");
		fprintf(out, ")%s", r->tcp_checksums ? "" : "; not counted as problems (checksum offload leaves them unfilled "
							  "on the sending host; --tcp-checksums counts them)");
	}
	fprintf(out, "\n");
}

static void print_ends(const an_inspect_conn *c, FILE *out)
{
	for (uint8_t side = 0; side < 2; side++) {
		const an_inspect_end *e = &c->end[side];
		char a[NET_ADDR_STRLEN];
		fprintf(out, "  %s %-15s", side_name(side), net_addr_to_string(&e->addr, a));
		if (e->have_key)
			fprintf(out, "  key 0x%016" PRIx64 "  token 0x%08x  IDSN 0x%016" PRIx64, e->key, e->token, e->idsn);
		else
			fprintf(out, "  key not in the capture");
		if (e->deny_join_initial)
			fprintf(out, "  (no MP_JOIN to this address: C)");
		fprintf(out, "\n");
	}
}

static void print_check(FILE *out, const char *what, an_inspect_check ch, const char *value, const char *expected)
{
	fprintf(out, "    %s %s: %s", what, value, an_inspect_check_name(ch));
	if (ch == AN_CHECK_BAD)
		fprintf(out, " (recomputed %s)", expected);
	else if (ch == AN_CHECK_UNKNOWN)
		fprintf(out, " (a key or a nonce is not in the capture)");
	fprintf(out, "\n");
}

static void print_subflow(const an_inspect_conn *c, const an_inspect_flow *f, FILE *out)
{
	char a[AN_ENDPOINT_STRLEN], b[AN_ENDPOINT_STRLEN];
	fprintf(out, "  subflow %u (flow %u): %s -> %s, ", f->subflow, f->id, an_endpoint_str(&f->addr[0], f->port[0], a),
		an_endpoint_str(&f->addr[1], f->port[1], b));
	if (f->kind == AN_FLOW_MP_CAPABLE)
		fprintf(out, "MP_CAPABLE");
	else
		fprintf(out, "MP_JOIN by the %s", side_name(f->initiator));
	fprintf(out, ", frames %" PRIu64 "-%" PRIu64, f->first_frame, f->last_frame);
	if (!f->established)
		fprintf(out, ", not established");
	fprintf(out, "\n");
	fprintf(out, "    address ID");
	for (int d = 0; d < 2; d++) {
		uint8_t side = (uint8_t)(d ^ f->initiator);
		fprintf(out, "%s %s ", d ? "," : "", side_name(side));
		if (f->have_addr_id[d])
			fprintf(out, "%u", f->addr_id[d]);
		else
			fprintf(out, "not seen");
	}
	fprintf(out, "; backup");
	for (int d = 0; d < 2; d++)
		fprintf(out, "%s %s %s", d ? "," : "", side_name((uint8_t)(d ^ f->initiator)), f->backup[d] ? "yes" : "no");
	fprintf(out, "\n");
	for (int d = 0; d < 2; d++) {
		uint8_t side = (uint8_t)(d ^ f->initiator);
		fprintf(out, "    %s -> %s: %" PRIu64 " %s, %" PRIu64 " payload bytes", side_name(side),
			side_name((uint8_t)(1 - side)), f->packets[d], plural(f->packets[d], "packet", "packets"),
			f->payload_bytes[d]);
		if (f->retransmitted_bytes[d])
			fprintf(out, " (%" PRIu64 " retransmitted)", f->retransmitted_bytes[d]);
		if (f->fin_frame[d])
			fprintf(out, ", FIN frame %" PRIu64, f->fin_frame[d]);
		fprintf(out, "\n");
	}
	if (f->rst_frame)
		fprintf(out, "    reset, frame %" PRIu64 "\n", f->rst_frame);
	if (f->kind != AN_FLOW_MP_JOIN)
		return;
	uint8_t receiver = (uint8_t)(1 - f->initiator);
	fprintf(out, "    token 0x%08x = token(%s key): ok\n", f->token, side_name(receiver));
	char v[40], e[48];
	if (f->synack_seen && f->established) {
		g_snprintf(v, sizeof v, "0x%016" PRIx64, f->thmac);
		g_snprintf(e, sizeof e, "0x%016" PRIx64, f->thmac_expected);
		print_check(out, "SYN/ACK HMAC", f->thmac_check, v, e);
	}
	if (f->hmac_check != AN_CHECK_NONE) {
		char hv[2 * MPTCP_JOIN_HMAC_LEN + 1], he[2 * MPTCP_JOIN_HMAC_LEN + 1];
		for (int i = 0; i < MPTCP_JOIN_HMAC_LEN; i++) {
			g_snprintf(hv + 2 * i, 3, "%02x", f->hmac[i]);
			g_snprintf(he + 2 * i, 3, "%02x", f->hmac_expected[i]);
		}
		print_check(out, "third-ACK HMAC", f->hmac_check, hv, he);
	}
	(void)c;
}

static void print_event(const an_inspect_conn *c, const an_inspect_event *e, FILE *out)
{
	fprintf(out, "    frame %" PRIu64 ": %s %s", e->frame, side_name(e->sender), an_inspect_event_name(e->type));
	char a[AN_ENDPOINT_STRLEN];
	switch (e->type) {
	case AN_EV_ADD_ADDR:
		net_addr_to_string(&e->addr, a);
		fprintf(out, "%s id %u %s", e->echo ? " echo" : "", e->addr_id, a);
		if (e->has_port)
			fprintf(out, " port %u", e->port);
		if (e->echo) {
			if (e->echo_frame)
				fprintf(out, " (echoes frame %" PRIu64 ")", e->echo_frame);
		} else if (e->hmac_check == AN_CHECK_NONE) {
			fprintf(out, " (v0: no HMAC)");
		} else {
			fprintf(out, ", HMAC 0x%016" PRIx64 ": %s", e->hmac, an_inspect_check_name(e->hmac_check));
			if (e->hmac_check == AN_CHECK_BAD)
				fprintf(out, " (recomputed 0x%016" PRIx64 ")", e->hmac_expected);
		}
		if (!e->echo && e->echo_frame)
			fprintf(out, ", echoed frame %" PRIu64, e->echo_frame);
		break;
	case AN_EV_RM_ADDR:
		fprintf(out, " id");
		for (unsigned i = 0; i < e->rm_count; i++)
			fprintf(out, "%s %u", i ? "," : "", e->rm_ids[i]);
		break;
	case AN_EV_PRIO:
		fprintf(out, " %s", e->backup ? "backup" : "regular");
		if (e->prio_has_id)
			fprintf(out, " for address ID %u", e->prio_id);
		break;
	case AN_EV_FAIL:
		fprintf(out, " DSN 0x%016" PRIx64, e->dsn);
		break;
	case AN_EV_FASTCLOSE:
		fprintf(out, " key 0x%016" PRIx64 " = %s key: %s", e->key, side_name((uint8_t)(1 - e->sender)),
			an_inspect_check_name(e->key_check));
		break;
	case AN_EV_TCPRST:
		fprintf(out, " reason %u (%s)%s", e->rst_reason, mptcp_rst_reason_name(e->rst_reason),
			(e->rst_flags & MPTCP_RST_TRANSIENT) ? ", transient" : "");
		break;
	case AN_EV_INFINITE_MAPPING:
		fprintf(out, " at DSN 0x%016" PRIx64 ": fallback", e->dsn);
		break;
	}
	fprintf(out, " (flow %u)\n", e->flow);
	(void)c;
}

static void print_data(const an_inspect_conn *c, uint8_t side, FILE *out)
{
	const an_inspect_data *d = &c->data[side];
	char x[40], y[40];
	fprintf(out, "  data %s -> %s: %" PRIu64 " %s, %" PRIu64 " bytes mapped", side_name(side),
		side_name((uint8_t)(1 - side)), d->mappings, plural(d->mappings, "mapping", "mappings"), d->mapped_bytes);
	if (!d->dsn_exact)
		fprintf(out, " (DSNs known modulo 2^32: no IDSN or 64-bit DSN in the capture)");
	fprintf(out, "\n");
	if (d->ranges && d->ranges->len) {
		fprintf(out, "    DSNs");
		for (guint i = 0; i < d->ranges->len && i < 8; i++) {
			const an_inspect_range *r = &g_array_index(d->ranges, an_inspect_range, i);
			dsn_str(c, side, r->start, x, sizeof x);
			dsn_str(c, side, r->end - 1, y, sizeof y);
			fprintf(out, "%s %s..%s", i ? "," : "", x, y);
		}
		if (d->ranges->len > 8)
			fprintf(out, " and %u more ranges", d->ranges->len - 8);
		fprintf(out, "\n");
	}
	if (d->mappings) {
		fprintf(out, "    reinjections: %" PRIu64, d->reinjection_count);
		if (d->reinjection_count)
			fprintf(out, " (%" PRIu64 " bytes)", d->reinjected_bytes);
		fprintf(out, "\n");
	}
	for (guint i = 0; i < d->reinjections->len && i < 20; i++) {
		const an_inspect_reinjection *r = &g_array_index(d->reinjections, an_inspect_reinjection, i);
		dsn_str(c, side, r->dsn_start, x, sizeof x);
		dsn_str(c, side, r->dsn_end - 1, y, sizeof y);
		fprintf(out, "      frame %" PRIu64 ": %s..%s on flow %u, first on flow %u (frame %" PRIu64 ")\n", r->frame, x,
			y, r->flow, r->first_flow, r->first_frame);
	}
	if (d->have_data_fin) {
		dsn_str(c, side, d->data_fin_dsn, x, sizeof x);
		fprintf(out, "    DATA_FIN at %s (frame %" PRIu64 "), ", x, d->data_fin_frame);
		if (d->data_fin_ack_frame)
			fprintf(out, "acknowledged (frame %" PRIu64 ")\n", d->data_fin_ack_frame);
		else
			fprintf(out, "not acknowledged in the capture\n");
	}
	if (d->have_data_ack) {
		dsn_str(c, side, d->data_ack, x, sizeof x);
		fprintf(out, "    Data ACK from the %s up to %s (frame %" PRIu64 ")\n", side_name((uint8_t)(1 - side)), x,
			d->data_ack_frame);
	}
	if (d->unmapped_bytes)
		fprintf(out, "    %" PRIu64 " payload bytes without a mapping\n", d->unmapped_bytes);
	uint64_t n = d->csum_ok + d->csum_bad + d->csum_not_captured + d->csum_unverifiable;
	if (n || c->csum_on)
		fprintf(out, "    DSS checksums: %" PRIu64 " ok, %" PRIu64 " bad, %" PRIu64 " not captured, %" PRIu64
			     " not checkable (DSN unknown)\n",
			d->csum_ok, d->csum_bad, d->csum_not_captured, d->csum_unverifiable);
}

static void print_conn(const an_inspect_conn *c, FILE *out)
{
	fprintf(out, "\nConnection %u: MPTCP ", c->id);
	if (c->version_known)
		fprintf(out, "v%u", c->version);
	else
		fprintf(out, "version unknown");
	fprintf(out, ", %s", an_inspect_conn_state_name(c->state));
	if (c->state == AN_CONN_FALLBACK)
		fprintf(out, " (%s, frame %" PRIu64 ")", c->fallback_reason, c->fallback_frame);
	/* Checksums and the data level exist once MP_CAPABLE was answered (RFC 8684 §3.1). */
	const an_inspect_flow *initial = c->flows->len ? g_ptr_array_index(c->flows, 0) : NULL;
	bool established = initial && initial->established;
	if (established) {
		if (c->csum_known)
			fprintf(out, ", DSS checksums %s", c->csum_on ? "on" : "off");
		else
			fprintf(out, ", DSS checksums %s (SYN not captured)", c->csum_on ? "on" : "unknown");
		if (c->csum_on && c->csum_known)
			fprintf(out, " (A set by %s)",
				c->end[0].csum_requested && c->end[1].csum_requested ? "both"
				: c->end[0].csum_requested			      ? "the client"
										      : "the server");
	}
	fprintf(out, ", %u %s, frames %" PRIu64 "-%" PRIu64 "\n", c->flows->len, plural(c->flows->len, "subflow", "subflows"),
		c->first_frame, c->last_frame);
	print_ends(c, out);
	for (guint i = 0; i < c->flows->len; i++)
		print_subflow(c, g_ptr_array_index(c->flows, i), out);
	if (c->events->len) {
		fprintf(out, "  signals:\n");
		for (guint i = 0; i < c->events->len; i++)
			print_event(c, &g_array_index(c->events, an_inspect_event, i), out);
		if (c->event_count > c->events->len)
			fprintf(out, "    ... and %" PRIu64 " more\n", c->event_count - c->events->len);
	}
	for (uint8_t side = 0; established && side < 2; side++)
		print_data(c, side, out);
	fprintf(out, "  problems: %u\n", c->problems);
}

static void print_flows(const an_inspect_report *r, FILE *out)
{
	uint64_t plain = 0;
	bool header = false;
	for (guint i = 0; i < r->flows->len; i++) {
		const an_inspect_flow *f = g_ptr_array_index(r->flows, i);
		if (f->kind == AN_FLOW_PLAIN)
			plain++;
		if (f->kind != AN_FLOW_JOIN_UNKNOWN && f->kind != AN_FLOW_NO_HANDSHAKE)
			continue;
		if (!header)
			fprintf(out, "\nUnattributed flows:\n");
		header = true;
		char a[AN_ENDPOINT_STRLEN], b[AN_ENDPOINT_STRLEN];
		fprintf(out, "  flow %u: %s -> %s, frames %" PRIu64 "-%" PRIu64 ", ", f->id,
			an_endpoint_str(&f->addr[0], f->port[0], a), an_endpoint_str(&f->addr[1], f->port[1], b),
			f->first_frame, f->last_frame);
		if (f->kind == AN_FLOW_JOIN_UNKNOWN)
			fprintf(out, "MP_JOIN with token 0x%08x, which no connection in the capture has\n", f->token);
		else
			fprintf(out, "%" PRIu64 " packets with MPTCP options, but its handshake is not in the capture\n",
				f->mptcp_packets);
	}
	if (plain)
		fprintf(out, "\nPlain TCP flows (no MPTCP option): %" PRIu64 "\n", plain);
}

static void print_problems(const an_inspect_report *r, FILE *out)
{
	fprintf(out, "\nProblems: %" PRIu64 "\n", r->problem_count);
	for (guint i = 0; i < r->problems->len; i++) {
		const an_inspect_problem *p = &g_array_index(r->problems, an_inspect_problem, i);
		if (p->frame)
			fprintf(out, "  frame %" PRIu64 ": ", p->frame);
		else
			fprintf(out, "  ");
		fprintf(out, "%s: %s\n", an_inspect_problem_name(p->kind), p->message);
	}
	if (r->problem_count > r->problems->len)
		fprintf(out, "  ... and %" PRIu64 " more\n", r->problem_count - r->problems->len);
}

static void print_summary(const an_inspect_report *r, FILE *out)
{
	uint64_t subflows = 0, ok = 0, bad = 0, hmac_ok = 0, hmac_bad = 0;
	for (guint i = 0; i < r->conns->len; i++) {
		const an_inspect_conn *c = g_ptr_array_index(r->conns, i);
		subflows += c->flows->len;
		for (int s = 0; s < 2; s++) {
			ok += c->data[s].csum_ok;
			bad += c->data[s].csum_bad;
		}
		for (guint k = 0; k < c->flows->len; k++) {
			const an_inspect_flow *f = g_ptr_array_index(c->flows, k);
			hmac_ok += (f->thmac_check == AN_CHECK_OK) + (f->hmac_check == AN_CHECK_OK);
			hmac_bad += (f->thmac_check == AN_CHECK_BAD) + (f->hmac_check == AN_CHECK_BAD);
		}
	}
	fprintf(out,
		"\nSummary: %u %s, %" PRIu64 " %s; join HMACs %" PRIu64 " ok, %" PRIu64 " bad; DSS checksums %" PRIu64
		" ok, %" PRIu64 " bad; %" PRIu64 " %s\n",
		r->conns->len, plural(r->conns->len, "connection", "connections"), subflows,
		plural(subflows, "subflow", "subflows"), hmac_ok, hmac_bad, ok, bad, r->problem_count,
		plural(r->problem_count, "problem", "problems"));
}

void an_inspect_print(const an_inspect_report *r, FILE *out, bool problems_only)
{
	if (!problems_only) {
		print_header(r, out);
		for (guint i = 0; i < r->conns->len; i++)
			print_conn(g_ptr_array_index(r->conns, i), out);
		print_flows(r, out);
	}
	if (!problems_only || r->problem_count)
		print_problems(r, out);
	print_summary(r, out);
}
