/* inspect_json.c — the JSON report of `mptcpsim inspect --json`, schema "mptcpsim.inspect" version 1,
 * documented in analysis/INSPECT.md. 64-bit keys, IDSNs, DSNs and HMACs are hex strings ("0x..."):
 * JSON numbers lose precision above 2^53. Absent values are null, never a made-up 0. */
#include "inspect_priv.h"

#include <inttypes.h>
#include <json-glib/json-glib.h>

static void hex64(JsonBuilder *b, const char *name, uint64_t v)
{
	char s[24];
	g_snprintf(s, sizeof s, "0x%016" PRIx64, v);
	json_builder_set_member_name(b, name);
	json_builder_add_string_value(b, s);
}

static void hex32(JsonBuilder *b, const char *name, uint32_t v)
{
	char s[16];
	g_snprintf(s, sizeof s, "0x%08x", v);
	json_builder_set_member_name(b, name);
	json_builder_add_string_value(b, s);
}

static void null_member(JsonBuilder *b, const char *name)
{
	json_builder_set_member_name(b, name);
	json_builder_add_null_value(b);
}

static void int_member(JsonBuilder *b, const char *name, uint64_t v)
{
	json_builder_set_member_name(b, name);
	json_builder_add_int_value(b, (gint64)v);
}

/* A frame number, or null for none. */
static void frame_member(JsonBuilder *b, const char *name, uint64_t frame)
{
	if (frame)
		int_member(b, name, frame);
	else
		null_member(b, name);
}

static void str_member(JsonBuilder *b, const char *name, const char *v)
{
	json_builder_set_member_name(b, name);
	if (v)
		json_builder_add_string_value(b, v);
	else
		json_builder_add_null_value(b);
}

static void bool_member(JsonBuilder *b, const char *name, bool v)
{
	json_builder_set_member_name(b, name);
	json_builder_add_boolean_value(b, v);
}

static void addr_member(JsonBuilder *b, const char *name, const net_addr *a)
{
	char s[NET_ADDR_STRLEN];
	str_member(b, name, net_addr_to_string(a, s));
}

static const char *side_name(uint8_t side)
{
	return side == AN_SIDE_CLIENT ? "client" : "server";
}

/* {"value", "expected", "check"} */
static void check_member(JsonBuilder *b, const char *name, const char *value, const char *expected, an_inspect_check ch)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_object(b);
	str_member(b, "value", value);
	str_member(b, "expected", ch == AN_CHECK_OK || ch == AN_CHECK_BAD ? expected : NULL);
	str_member(b, "check", an_inspect_check_name(ch));
	json_builder_end_object(b);
}

static void end_object(JsonBuilder *b, const char *name, const an_inspect_end *e)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_object(b);
	addr_member(b, "address", &e->addr);
	if (e->have_key) {
		hex64(b, "key", e->key);
		hex32(b, "token", e->token);
		hex64(b, "idsn", e->idsn);
	} else {
		null_member(b, "key");
		null_member(b, "token");
		null_member(b, "idsn");
	}
	bool_member(b, "checksum_requested", e->csum_requested);
	bool_member(b, "deny_join_initial", e->deny_join_initial);
	json_builder_end_object(b);
}

static void flow_dir(JsonBuilder *b, const char *name, const an_inspect_flow *f, int d)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_object(b);
	if (f->conn)
		str_member(b, "sender", side_name((uint8_t)(d ^ f->initiator)));
	else
		null_member(b, "sender");
	int_member(b, "packets", f->packets[d]);
	int_member(b, "payload_bytes", f->payload_bytes[d]);
	int_member(b, "retransmitted_bytes", f->retransmitted_bytes[d]);
	frame_member(b, "fin_frame", f->fin_frame[d]);
	if (f->have_addr_id[d])
		int_member(b, "address_id", f->addr_id[d]);
	else
		null_member(b, "address_id");
	bool_member(b, "backup", f->backup[d]);
	json_builder_end_object(b);
}

static void endpoint(JsonBuilder *b, const char *name, const net_addr *a, uint16_t port)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_object(b);
	addr_member(b, "address", a);
	int_member(b, "port", port);
	json_builder_end_object(b);
}

static void flow_object(JsonBuilder *b, const an_inspect_flow *f)
{
	json_builder_begin_object(b);
	int_member(b, "id", f->id);
	str_member(b, "kind", an_inspect_flow_kind_name(f->kind));
	if (f->conn) {
		int_member(b, "connection", f->conn);
		int_member(b, "subflow", f->subflow);
		str_member(b, "initiator", side_name(f->initiator));
	} else {
		null_member(b, "connection");
		null_member(b, "subflow");
		null_member(b, "initiator");
	}
	endpoint(b, "from", &f->addr[0], f->port[0]);
	endpoint(b, "to", &f->addr[1], f->port[1]);
	int_member(b, "first_frame", f->first_frame);
	int_member(b, "last_frame", f->last_frame);
	frame_member(b, "syn_frame", f->syn_frame);
	frame_member(b, "rst_frame", f->rst_frame);
	bool_member(b, "established", f->established);
	int_member(b, "mptcp_packets", f->mptcp_packets);
	flow_dir(b, "forward", f, 0);
	flow_dir(b, "reverse", f, 1);
	json_builder_set_member_name(b, "join");
	if (f->kind != AN_FLOW_MP_JOIN && f->kind != AN_FLOW_JOIN_UNKNOWN) {
		json_builder_add_null_value(b);
	} else {
		json_builder_begin_object(b);
		hex32(b, "token", f->token);
		/* The end whose key hashes to the token (RFC 8684 §3.2: the receiver of the SYN). */
		str_member(b, "token_of", f->kind == AN_FLOW_MP_JOIN ? side_name((uint8_t)(1 - f->initiator)) : NULL);
		for (int d = 0; d < 2; d++) {
			const char *n = d ? "reverse_nonce" : "forward_nonce";
			if (f->have_nonce[d])
				hex32(b, n, f->nonce[d]);
			else
				null_member(b, n);
		}
		char v[40], e[40];
		if (f->established) {
			g_snprintf(v, sizeof v, "0x%016" PRIx64, f->thmac);
			g_snprintf(e, sizeof e, "0x%016" PRIx64, f->thmac_expected);
			check_member(b, "synack_hmac", v, e, f->thmac_check);
		} else {
			null_member(b, "synack_hmac");
		}
		if (f->hmac_check != AN_CHECK_NONE) {
			char hv[2 + 2 * MPTCP_JOIN_HMAC_LEN + 1] = "0x", he[2 + 2 * MPTCP_JOIN_HMAC_LEN + 1] = "0x";
			for (int i = 0; i < MPTCP_JOIN_HMAC_LEN; i++) {
				g_snprintf(hv + 2 + 2 * i, 3, "%02x", f->hmac[i]);
				g_snprintf(he + 2 + 2 * i, 3, "%02x", f->hmac_expected[i]);
			}
			check_member(b, "ack_hmac", hv, he, f->hmac_check);
		} else {
			null_member(b, "ack_hmac");
		}
		json_builder_end_object(b);
	}
	json_builder_end_object(b);
}

static void event_object(JsonBuilder *b, const an_inspect_event *e)
{
	json_builder_begin_object(b);
	int_member(b, "frame", e->frame);
	str_member(b, "type", an_inspect_event_name(e->type));
	str_member(b, "sender", side_name(e->sender));
	int_member(b, "flow", e->flow);
	char v[40], x[40];
	switch (e->type) {
	case AN_EV_ADD_ADDR:
		int_member(b, "address_id", e->addr_id);
		addr_member(b, "address", &e->addr);
		if (e->has_port)
			int_member(b, "port", e->port);
		else
			null_member(b, "port");
		bool_member(b, "echo", e->echo);
		if (e->hmac_check == AN_CHECK_NONE) {
			null_member(b, "hmac");
		} else {
			g_snprintf(v, sizeof v, "0x%016" PRIx64, e->hmac);
			g_snprintf(x, sizeof x, "0x%016" PRIx64, e->hmac_expected);
			check_member(b, "hmac", v, x, e->hmac_check);
		}
		frame_member(b, "echo_frame", e->echo_frame);
		break;
	case AN_EV_RM_ADDR:
		json_builder_set_member_name(b, "address_ids");
		json_builder_begin_array(b);
		for (unsigned i = 0; i < e->rm_count; i++)
			json_builder_add_int_value(b, e->rm_ids[i]);
		json_builder_end_array(b);
		break;
	case AN_EV_PRIO:
		bool_member(b, "backup", e->backup);
		if (e->prio_has_id)
			int_member(b, "address_id", e->prio_id);
		else
			null_member(b, "address_id");
		break;
	case AN_EV_FAIL:
	case AN_EV_INFINITE_MAPPING:
		hex64(b, "dsn", e->dsn);
		break;
	case AN_EV_FASTCLOSE:
		hex64(b, "key", e->key);
		str_member(b, "check", an_inspect_check_name(e->key_check));
		break;
	case AN_EV_TCPRST:
		int_member(b, "reason", e->rst_reason);
		str_member(b, "reason_name", mptcp_rst_reason_name(e->rst_reason));
		bool_member(b, "transient", (e->rst_flags & MPTCP_RST_TRANSIENT) != 0);
		break;
	}
	json_builder_end_object(b);
}

/* A DSN as hex and, when the sender's IDSN is known, relative to it. */
static void dsn_pair(JsonBuilder *b, const char *name, const char *rel_name, const an_inspect_conn *c, uint8_t side,
		     uint64_t dsn)
{
	hex64(b, name, dsn);
	if (c->end[side].have_key && c->data[side].dsn_exact)
		int_member(b, rel_name, dsn - c->end[side].idsn);
	else
		null_member(b, rel_name);
}

static void data_object(JsonBuilder *b, const char *name, const an_inspect_conn *c, uint8_t side)
{
	const an_inspect_data *d = &c->data[side];
	json_builder_set_member_name(b, name);
	json_builder_begin_object(b);
	bool_member(b, "dsn_exact", d->dsn_exact);
	int_member(b, "mappings", d->mappings);
	int_member(b, "mapped_bytes", d->mapped_bytes);
	json_builder_set_member_name(b, "dsn_ranges");
	json_builder_begin_array(b);
	for (guint i = 0; d->ranges && i < d->ranges->len; i++) {
		const an_inspect_range *r = &g_array_index(d->ranges, an_inspect_range, i);
		json_builder_begin_object(b);
		dsn_pair(b, "start", "start_rel", c, side, r->start);
		dsn_pair(b, "end", "end_rel", c, side, r->end);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	int_member(b, "reinjection_count", d->reinjection_count);
	int_member(b, "reinjected_bytes", d->reinjected_bytes);
	json_builder_set_member_name(b, "reinjections");
	json_builder_begin_array(b);
	for (guint i = 0; i < d->reinjections->len; i++) {
		const an_inspect_reinjection *r = &g_array_index(d->reinjections, an_inspect_reinjection, i);
		json_builder_begin_object(b);
		int_member(b, "frame", r->frame);
		hex64(b, "dsn_start", r->dsn_start);
		hex64(b, "dsn_end", r->dsn_end);
		int_member(b, "flow", r->flow);
		int_member(b, "first_flow", r->first_flow);
		int_member(b, "first_frame", r->first_frame);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "data_fin");
	if (d->have_data_fin) {
		json_builder_begin_object(b);
		dsn_pair(b, "dsn", "dsn_rel", c, side, d->data_fin_dsn);
		int_member(b, "frame", d->data_fin_frame);
		frame_member(b, "ack_frame", d->data_fin_ack_frame);
		json_builder_end_object(b);
	} else {
		json_builder_add_null_value(b);
	}
	json_builder_set_member_name(b, "data_ack");
	if (d->have_data_ack) {
		json_builder_begin_object(b);
		dsn_pair(b, "dsn", "dsn_rel", c, side, d->data_ack);
		int_member(b, "frame", d->data_ack_frame);
		json_builder_end_object(b);
	} else {
		json_builder_add_null_value(b);
	}
	int_member(b, "unmapped_bytes", d->unmapped_bytes);
	json_builder_set_member_name(b, "dss_checksums");
	json_builder_begin_object(b);
	int_member(b, "ok", d->csum_ok);
	int_member(b, "bad", d->csum_bad);
	int_member(b, "not_captured", d->csum_not_captured);
	int_member(b, "not_checkable", d->csum_unverifiable);
	json_builder_end_object(b);
	json_builder_end_object(b);
}

static void conn_object(JsonBuilder *b, const an_inspect_conn *c)
{
	json_builder_begin_object(b);
	int_member(b, "id", c->id);
	if (c->version_known)
		int_member(b, "version", c->version);
	else
		null_member(b, "version");
	str_member(b, "state", an_inspect_conn_state_name(c->state));
	json_builder_set_member_name(b, "fallback");
	if (c->state == AN_CONN_FALLBACK) {
		json_builder_begin_object(b);
		str_member(b, "reason", c->fallback_reason);
		int_member(b, "frame", c->fallback_frame);
		json_builder_end_object(b);
	} else {
		json_builder_add_null_value(b);
	}
	json_builder_set_member_name(b, "checksums");
	if (c->csum_known || c->csum_on)
		json_builder_add_boolean_value(b, c->csum_on);
	else
		json_builder_add_null_value(b);
	int_member(b, "first_frame", c->first_frame);
	int_member(b, "last_frame", c->last_frame);
	end_object(b, "client", &c->end[AN_SIDE_CLIENT]);
	end_object(b, "server", &c->end[AN_SIDE_SERVER]);
	json_builder_set_member_name(b, "subflows");
	json_builder_begin_array(b);
	for (guint i = 0; i < c->flows->len; i++)
		flow_object(b, g_ptr_array_index(c->flows, i));
	json_builder_end_array(b);
	int_member(b, "event_count", c->event_count);
	json_builder_set_member_name(b, "events");
	json_builder_begin_array(b);
	for (guint i = 0; i < c->events->len; i++)
		event_object(b, &g_array_index(c->events, an_inspect_event, i));
	json_builder_end_array(b);
	json_builder_set_member_name(b, "data");
	json_builder_begin_object(b);
	data_object(b, "client_to_server", c, AN_SIDE_CLIENT);
	data_object(b, "server_to_client", c, AN_SIDE_SERVER);
	json_builder_end_object(b);
	int_member(b, "problems", c->problems);
	json_builder_end_object(b);
}

static void flows_array(JsonBuilder *b, const char *name, const an_inspect_report *r, bool plain)
{
	json_builder_set_member_name(b, name);
	json_builder_begin_array(b);
	for (guint i = 0; i < r->flows->len; i++) {
		const an_inspect_flow *f = g_ptr_array_index(r->flows, i);
		bool unattributed = f->kind == AN_FLOW_JOIN_UNKNOWN || f->kind == AN_FLOW_NO_HANDSHAKE;
		if (plain ? f->kind == AN_FLOW_PLAIN : unattributed)
			flow_object(b, f);
	}
	json_builder_end_array(b);
}

static void summary_object(JsonBuilder *b, const an_inspect_report *r)
{
	uint64_t subflows = 0, csum_ok = 0, csum_bad = 0, hmac_ok = 0, hmac_bad = 0, unattributed = 0, plain = 0;
	for (guint i = 0; i < r->conns->len; i++) {
		const an_inspect_conn *c = g_ptr_array_index(r->conns, i);
		subflows += c->flows->len;
		csum_ok += c->data[0].csum_ok + c->data[1].csum_ok;
		csum_bad += c->data[0].csum_bad + c->data[1].csum_bad;
		for (guint k = 0; k < c->flows->len; k++) {
			const an_inspect_flow *f = g_ptr_array_index(c->flows, k);
			hmac_ok += (f->thmac_check == AN_CHECK_OK) + (f->hmac_check == AN_CHECK_OK);
			hmac_bad += (f->thmac_check == AN_CHECK_BAD) + (f->hmac_check == AN_CHECK_BAD);
		}
	}
	for (guint i = 0; i < r->flows->len; i++) {
		const an_inspect_flow *f = g_ptr_array_index(r->flows, i);
		plain += f->kind == AN_FLOW_PLAIN;
		unattributed += f->kind == AN_FLOW_JOIN_UNKNOWN || f->kind == AN_FLOW_NO_HANDSHAKE;
	}
	json_builder_set_member_name(b, "summary");
	json_builder_begin_object(b);
	int_member(b, "connections", r->conns->len);
	int_member(b, "subflows", subflows);
	int_member(b, "unattributed_flows", unattributed);
	int_member(b, "plain_tcp_flows", plain);
	int_member(b, "join_hmacs_ok", hmac_ok);
	int_member(b, "join_hmacs_bad", hmac_bad);
	int_member(b, "dss_checksums_ok", csum_ok);
	int_member(b, "dss_checksums_bad", csum_bad);
	int_member(b, "problems", r->problem_count);
	json_builder_end_object(b);
}

JsonNode *an_inspect_to_json(const an_inspect_report *r)
{
	JsonBuilder *b = json_builder_new();
	json_builder_begin_object(b);
	str_member(b, "schema", AN_INSPECT_SCHEMA_NAME);
	int_member(b, "schema_version", AN_INSPECT_SCHEMA_VERSION);
	str_member(b, "mptcpsim_version", MPTCPSIM_VERSION);
	str_member(b, "file", r->file);
	str_member(b, "format", r->format == PCAP_FILE_PCAPNG ? "pcapng" : "pcap");
	json_builder_set_member_name(b, "link_types");
	json_builder_begin_array(b);
	for (guint i = 0; i < r->link_types->len; i++)
		json_builder_add_int_value(b, g_array_index(r->link_types, uint32_t, i));
	json_builder_end_array(b);

	json_builder_set_member_name(b, "packets");
	json_builder_begin_object(b);
	int_member(b, "total", r->packets);
	int_member(b, "tcp", r->tcp_packets);
	int_member(b, "not_ip", r->not_ip);
	int_member(b, "other_ip", r->not_tcp);
	int_member(b, "fragments", r->fragments);
	int_member(b, "truncated_headers", r->truncated_headers);
	int_member(b, "malformed", r->malformed);
	json_builder_end_object(b);

	json_builder_set_member_name(b, "checksums");
	json_builder_begin_object(b);
	int_member(b, "tcp_checked", r->tcp_csum_checked);
	int_member(b, "tcp_bad", r->tcp_csum_bad);
	int_member(b, "ip_checked", r->ip_csum_checked);
	int_member(b, "ip_bad", r->ip_csum_bad);
	json_builder_set_member_name(b, "bad_frames");
	json_builder_begin_array(b);
	for (guint i = 0; i < r->csum_bad_frames->len; i++)
		json_builder_add_int_value(b, (gint64)g_array_index(r->csum_bad_frames, uint64_t, i));
	json_builder_end_array(b);
	bool_member(b, "counted_as_problems", r->tcp_checksums);
	json_builder_end_object(b);

	summary_object(b, r);
	json_builder_set_member_name(b, "connections");
	json_builder_begin_array(b);
	for (guint i = 0; i < r->conns->len; i++)
		conn_object(b, g_ptr_array_index(r->conns, i));
	json_builder_end_array(b);
	flows_array(b, "unattributed_flows", r, false);
	flows_array(b, "plain_tcp_flows", r, true);

	int_member(b, "problem_count", r->problem_count);
	json_builder_set_member_name(b, "problem_counts");
	json_builder_begin_object(b);
	for (int k = 0; k < AN_PROB_KIND_COUNT; k++)
		if (r->problem_counts[k])
			int_member(b, an_inspect_problem_name((an_inspect_problem_kind)k), r->problem_counts[k]);
	json_builder_end_object(b);
	json_builder_set_member_name(b, "problems");
	json_builder_begin_array(b);
	for (guint i = 0; i < r->problems->len; i++) {
		const an_inspect_problem *p = &g_array_index(r->problems, an_inspect_problem, i);
		json_builder_begin_object(b);
		frame_member(b, "frame", p->frame);
		if (p->conn)
			int_member(b, "connection", p->conn);
		else
			null_member(b, "connection");
		str_member(b, "kind", an_inspect_problem_name(p->kind));
		str_member(b, "message", p->message);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	JsonNode *root = json_builder_get_root(b);
	g_object_unref(b);
	return root;
}
