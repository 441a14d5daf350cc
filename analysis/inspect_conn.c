/* inspect_conn.c — `inspect` at the connection level: MP_CAPABLE handshakes open connections,
 * MP_JOINs attach to them by token, keys give tokens and IDSNs, and joins and ADD_ADDRs are
 * checked against HMACs recomputed from the keys (protocol/mptcp/crypto.h).
 *
 *   MP_CAPABLE (RFC 8684 §3.1, RFC 6824 §3.1): Key-A on the v0 SYN, Key-B on the SYN/ACK, both on
 *     the third ACK (and on v1's first data); an echoed key must equal the one first sent.
 *   MP_JOIN (§3.2): the SYN carries token(receiver's key) and R-A; the SYN/ACK the leftmost 64 bits
 *     of HMAC(Key-B || Key-A, R-B || R-A) and R-B; the third ACK HMAC(Key-A || Key-B, R-A || R-B).
 *     A and B are the ends of the join, whichever end of the connection started it.
 *   ADD_ADDR (§3.4.1): v1 carries the rightmost 64 bits of HMAC(Key-sender || Key-receiver,
 *     ID || address || port); the echo (E) answers it. v0 has no HMAC.
 *   MP_FASTCLOSE (§3.5) carries the receiver's key. */
#include "inspect_priv.h"

#include <inttypes.h>
#include <string.h>

static uint8_t conn_version(const an_conn *c)
{
	return c->pub.version_known && c->pub.version == MPTCP_VERSION_0 ? MPTCP_VERSION_0 : MPTCP_VERSION_1;
}

/* The version nibble of the first MP_CAPABLE in the option bytes, or -1. */
static int peek_mpc_version(const segment *s)
{
	for (size_t i = 0; i < s->opt_len;) {
		uint8_t kind = s->options[i];
		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= s->opt_len || s->options[i + 1] < 2)
			break;
		uint8_t len = s->options[i + 1];
		if (kind == TCPOPT_MPTCP && len >= 3 && i + 2 < s->opt_len && (s->options[i + 2] >> 4) == MPTCPOPT_MP_CAPABLE)
			return s->options[i + 2] & MPTCP_VERSION_MASK;
		i += len;
	}
	return -1;
}

uint8_t an_conn_parse_version(const an_flow *f, const segment *s)
{
	if (f->conn && f->conn->pub.version_known)
		return f->conn->pub.version;
	/* A SYN/ACK is read against the proposal of its SYN (RFC 8684 §3.1). */
	if ((s->flags & TCP_FLAG_SYN) && (s->flags & TCP_FLAG_ACK) && f->syn_mpc)
		return f->syn_version;
	int v = peek_mpc_version(s);
	if (v >= 0)
		return (uint8_t)v;
	return MPTCP_VERSION_1; /* the current version, when nothing says otherwise */
}

void an_conn_fallback(an_conn *c, uint64_t frame, const char *reason)
{
	if (c->pub.state == AN_CONN_FALLBACK)
		return;
	c->pub.state = AN_CONN_FALLBACK;
	c->pub.fallback_reason = reason;
	c->pub.fallback_frame = frame;
}

void an_conn_event(an_conn *c, const an_inspect_event *ev)
{
	c->pub.event_count++;
	if (c->pub.events->len < AN_INSPECT_LIST_MAX)
		g_array_append_val(c->pub.events, *ev);
}

/* ---- connections and keys ---- */

static void attach(an_conn *c, an_flow *f, an_inspect_flow_kind kind, uint8_t initiator)
{
	f->conn = c;
	f->pub.kind = kind;
	f->pub.conn = c->pub.id;
	f->pub.initiator = initiator;
	f->pub.subflow = c->pub.flows->len + 1;
	g_ptr_array_add(c->pub.flows, f);
}

static an_conn *conn_open(an_inspect *in, an_flow *f)
{
	an_conn *c = g_new0(an_conn, 1);
	an_inspect_conn *p = &c->pub;
	p->id = in->report->conns->len + 1;
	p->state = AN_CONN_SYN_SENT;
	p->first_frame = p->last_frame = in->frame;
	p->flows = g_ptr_array_new();
	p->events = g_array_new(FALSE, TRUE, sizeof(an_inspect_event));
	for (int side = 0; side < 2; side++) {
		p->end[side].addr = f->pub.addr[side];
		p->data[side].reinjections = g_array_new(FALSE, TRUE, sizeof(an_inspect_reinjection));
		c->dir[side].dsn_map = an_rangemap_new();
	}
	g_ptr_array_add(in->report->conns, c);
	attach(c, f, AN_FLOW_MP_CAPABLE, AN_SIDE_CLIENT);
	/* RFC 8684 §3.4.1: the addresses of the initial subflow have ID 0. */
	f->pub.have_addr_id[0] = f->pub.have_addr_id[1] = true;
	return c;
}

/* Token and IDSN of a known key, under the connection's version, and the token in the table. */
static void key_derive(an_inspect *in, an_conn *c, uint8_t side)
{
	an_inspect_end *e = &c->pub.end[side];
	mptcp_crypto_key_sha(conn_version(c), e->key, &e->token, &e->idsn);
	g_hash_table_replace(in->tokens, GUINT_TO_POINTER(e->token), c);
	an_data_key_known(c, side);
}

static const char *side_name(uint8_t side)
{
	return side == AN_SIDE_CLIENT ? "client" : "server";
}

/* A key as an MP_CAPABLE carries it: the first sighting sets it, later ones must repeat it. */
static void key_seen(an_inspect *in, an_conn *c, uint8_t side, uint64_t key, const char *where)
{
	an_inspect_end *e = &c->pub.end[side];
	if (e->have_key) {
		if (e->key != key)
			an_problem(in, c, in->frame, AN_PROB_KEY_MISMATCH,
				   "%s carries the %s key as 0x%016" PRIx64 ", but 0x%016" PRIx64 " was sent first", where,
				   side_name(side), key, e->key);
		return;
	}
	e->have_key = true;
	e->key = key;
	key_derive(in, c, side);
}

/* The version is settled (SYN/ACK): keys seen before it are hashed again under it. */
static void version_settled(an_inspect *in, an_conn *c, uint8_t version)
{
	bool changed = !c->pub.version_known || c->pub.version != version;
	c->pub.version_known = true;
	c->pub.version = version;
	for (uint8_t side = 0; changed && side < 2; side++) {
		if (!c->pub.end[side].have_key)
			continue;
		g_hash_table_remove(in->tokens, GUINT_TO_POINTER(c->pub.end[side].token));
		key_derive(in, c, side);
	}
}

static void capable_flags(an_conn *c, uint8_t side, const mptcp_options *o)
{
	an_inspect_end *e = &c->pub.end[side];
	e->csum_requested = (o->mpc_flags & MPTCP_CAP_CHECKSUM_REQD) != 0;
	/* RFC 8684 §3.1: C is "no MP_JOIN to this address and port" in v1; an algorithm bit in v0. */
	e->deny_join_initial = o->mpc_version != MPTCP_VERSION_0 && (o->mpc_flags & MPTCP_CAP_DENY_JOIN_ID0);
}

/* ---- MP_JOIN ---- */

static gint cmp_guint(gconstpointer a, gconstpointer b)
{
	guint x = *(const guint *)a, y = *(const guint *)b;
	return x < y ? -1 : x > y;
}

/* The tokens of the capture's connections, sorted, for a message. */
static char *known_tokens(an_inspect *in)
{
	GArray *t = g_array_new(FALSE, FALSE, sizeof(guint));
	GHashTableIter it;
	gpointer k;
	g_hash_table_iter_init(&it, in->tokens);
	while (g_hash_table_iter_next(&it, &k, NULL)) {
		guint v = GPOINTER_TO_UINT(k);
		g_array_append_val(t, v);
	}
	g_array_sort(t, cmp_guint);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < t->len && i < 8; i++)
		g_string_append_printf(s, "%s0x%08x", i ? ", " : "", g_array_index(t, guint, i));
	if (t->len > 8)
		g_string_append_printf(s, " and %u more", t->len - 8);
	if (!t->len)
		g_string_append(s, "none");
	g_array_free(t, TRUE);
	return g_string_free(s, FALSE);
}

static void join_syn(an_inspect *in, an_flow *f, const segment *s, const mptcp_options *o)
{
	an_inspect_flow *p = &f->pub;
	p->token = o->token;
	p->have_nonce[0] = true;
	p->nonce[0] = o->nonce;
	p->have_addr_id[0] = true;
	p->addr_id[0] = o->join_id;
	p->backup[0] = o->join_backup;
	if (f->conn || p->kind == AN_FLOW_JOIN_UNKNOWN)
		return; /* a retransmitted SYN */
	/* RFC 8684 §3.2: the token names the receiver's connection: token(Key-B) when the client
	 * opens the subflow, token(Key-A) when the server does. */
	an_conn *c = g_hash_table_lookup(in->tokens, GUINT_TO_POINTER(o->token));
	if (!c) {
		p->kind = AN_FLOW_JOIN_UNKNOWN;
		char a[AN_ENDPOINT_STRLEN], b[AN_ENDPOINT_STRLEN];
		char *known = known_tokens(in);
		an_problem(in, NULL, in->frame, AN_PROB_JOIN_UNKNOWN_TOKEN,
			   "MP_JOIN SYN %s -> %s (flow %u) carries token 0x%08x, which no connection in the capture has "
			   "(tokens: %s)",
			   an_endpoint_str(&s->src, s->sport, a), an_endpoint_str(&s->dst, s->dport, b), p->id, o->token, known);
		g_free(known);
		return;
	}
	uint8_t receiver = c->pub.end[AN_SIDE_SERVER].have_key && c->pub.end[AN_SIDE_SERVER].token == o->token
				   ? AN_SIDE_SERVER
				   : AN_SIDE_CLIENT;
	attach(c, f, AN_FLOW_MP_JOIN, (uint8_t)(1 - receiver));
}

/* Keys of the join's initiator (A) and listener (B), when both are known. */
static bool join_keys(const an_flow *f, uint64_t *key_a, uint64_t *key_b)
{
	const an_inspect_end *a = &f->conn->pub.end[f->pub.initiator], *b = &f->conn->pub.end[1 - f->pub.initiator];
	if (!a->have_key || !b->have_key)
		return false;
	*key_a = a->key;
	*key_b = b->key;
	return true;
}

static void join_synack(an_inspect *in, an_flow *f, const mptcp_options *o)
{
	an_inspect_flow *p = &f->pub;
	p->established = true;
	p->have_nonce[1] = true;
	p->nonce[1] = o->nonce;
	p->have_addr_id[1] = true;
	p->addr_id[1] = o->join_id;
	p->backup[1] = o->join_backup;
	p->thmac = o->thmac;
	uint64_t ka, kb;
	if (!p->have_nonce[0] || !join_keys(f, &ka, &kb)) {
		if (p->thmac_check != AN_CHECK_BAD)
			p->thmac_check = AN_CHECK_UNKNOWN;
		return;
	}
	/* RFC 8684 §3.2: sent by B, HMAC(Key-B || Key-A, R-B || R-A), leftmost 64 bits. */
	p->thmac_expected = mptcp_crypto_join_thmac(conn_version(f->conn), kb, ka, p->nonce[1], p->nonce[0]);
	if (p->thmac_expected == o->thmac) {
		if (p->thmac_check != AN_CHECK_BAD)
			p->thmac_check = AN_CHECK_OK;
		return;
	}
	p->thmac_check = AN_CHECK_BAD;
	an_problem(in, f->conn, in->frame, AN_PROB_JOIN_SYNACK_HMAC,
		   "MP_JOIN SYN/ACK of subflow %u carries HMAC 0x%016" PRIx64 ", recomputed 0x%016" PRIx64, p->subflow,
		   o->thmac, p->thmac_expected);
}

static void hex(char *out, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		g_snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static void join_ack(an_inspect *in, an_flow *f, const mptcp_options *o)
{
	an_inspect_flow *p = &f->pub;
	memcpy(p->hmac, o->hmac, sizeof p->hmac);
	uint64_t ka, kb;
	if (!p->have_nonce[0] || !p->have_nonce[1] || !join_keys(f, &ka, &kb)) {
		if (p->hmac_check != AN_CHECK_BAD)
			p->hmac_check = AN_CHECK_UNKNOWN;
		return;
	}
	/* RFC 8684 §3.2: sent by A, HMAC(Key-A || Key-B, R-A || R-B), leftmost 160 bits. */
	mptcp_crypto_join_hmac(conn_version(f->conn), ka, kb, p->nonce[0], p->nonce[1], p->hmac_expected);
	if (memcmp(p->hmac_expected, o->hmac, MPTCP_JOIN_HMAC_LEN) == 0) {
		if (p->hmac_check != AN_CHECK_BAD)
			p->hmac_check = AN_CHECK_OK;
		return;
	}
	p->hmac_check = AN_CHECK_BAD;
	char got[2 * MPTCP_JOIN_HMAC_LEN + 1], want[2 * MPTCP_JOIN_HMAC_LEN + 1];
	hex(got, o->hmac, MPTCP_JOIN_HMAC_LEN);
	hex(want, p->hmac_expected, MPTCP_JOIN_HMAC_LEN);
	an_problem(in, f->conn, in->frame, AN_PROB_JOIN_ACK_HMAC,
		   "MP_JOIN third ACK of subflow %u carries HMAC %s, recomputed %s", p->subflow, got, want);
}

/* ---- the handshake segments ---- */

static void on_syn(an_inspect *in, an_flow *f, const segment *s, const mptcp_options *o)
{
	if (o->suboptions & MPTCP_OPT_MPC_SYN) {
		an_conn *c = f->conn ? f->conn : conn_open(in, f);
		f->syn_mpc = true;
		f->syn_version = o->mpc_version;
		if (c->pub.state == AN_CONN_SYN_SENT) {
			c->pub.version_known = true;
			c->pub.version = o->mpc_version;
		}
		capable_flags(c, AN_SIDE_CLIENT, o);
		/* RFC 6824 §3.1: a v0 SYN carries the sender's key (v1's carries none). */
		if (o->mpc_version == MPTCP_VERSION_0)
			key_seen(in, c, AN_SIDE_CLIENT, o->sndr_key, "MP_CAPABLE SYN");
	} else if (o->suboptions & MPTCP_OPT_MPJ_SYN) {
		join_syn(in, f, s, o);
	} else if (f->syn_mpc && f->conn && f->conn->pub.state == AN_CONN_SYN_SENT) {
		/* Linux drops MP_CAPABLE after net.mptcp.syn_retrans_before_tcp_fallback tries. */
		an_conn_fallback(f->conn, in->frame, "SYN retransmitted without MP_CAPABLE");
	}
}

static void on_synack(an_inspect *in, an_flow *f, const mptcp_options *o)
{
	f->pub.synack_seen = true;
	if (f->pub.kind == AN_FLOW_MP_JOIN) {
		if (o->suboptions & MPTCP_OPT_MPJ_SYNACK)
			join_synack(in, f, o);
		return;
	}
	bool mpc = (o->suboptions & MPTCP_OPT_MPC_SYNACK) != 0;
	if (!f->conn) {
		if (!mpc || f->pub.syn_frame || f->pub.kind != AN_FLOW_PLAIN)
			return;
		conn_open(in, f); /* the SYN was not captured */
	}
	an_conn *c = f->conn;
	if (f->pub.kind != AN_FLOW_MP_CAPABLE)
		return;
	if (!mpc) {
		/* RFC 8684 §3.1: no MP_CAPABLE in the SYN/ACK: the connection is plain TCP. */
		an_conn_fallback(c, in->frame, "SYN/ACK without MP_CAPABLE");
		return;
	}
	f->pub.established = true;
	version_settled(in, c, o->mpc_version);
	capable_flags(c, AN_SIDE_SERVER, o);
	/* RFC 8684 §3.1: checksums are used unless both ends leave A clear. */
	c->pub.csum_known = f->syn_mpc;
	c->pub.csum_on = c->pub.end[0].csum_requested || c->pub.end[1].csum_requested;
	if (c->pub.state == AN_CONN_SYN_SENT)
		c->pub.state = AN_CONN_ESTABLISHED;
	key_seen(in, c, AN_SIDE_SERVER, o->sndr_key, "MP_CAPABLE SYN/ACK");
}

static void on_capable_ack(an_inspect *in, an_flow *f, int d, const mptcp_options *o)
{
	if (!f->conn) {
		if (f->pub.syn_frame || f->pub.synack_seen || f->pub.kind != AN_FLOW_PLAIN)
			return;
		/* The handshake was not captured; the third ACK (or v1's first data) has both keys. */
		an_conn *c = conn_open(in, f);
		f->pub.established = true;
		c->pub.state = AN_CONN_ESTABLISHED;
		version_settled(in, c, o->mpc_version);
		c->pub.csum_on = (o->mpc_flags & MPTCP_CAP_CHECKSUM_REQD) != 0;
	}
	if (f->pub.kind != AN_FLOW_MP_CAPABLE)
		return;
	uint8_t side = an_flow_side(f, d);
	const char *where = o->mpc_has_data ? "MP_CAPABLE with data" : "MP_CAPABLE third ACK";
	key_seen(in, f->conn, side, o->sndr_key, where);
	key_seen(in, f->conn, (uint8_t)(1 - side), o->rcvr_key, where);
}

/* ---- signals ---- */

static bool add_addr_same(const an_inspect_event *a, const mptcp_options *o)
{
	return a->addr_id == o->add_addr_id && net_addr_equal(&a->addr, &o->add_addr) && a->has_port == o->add_addr_has_port &&
	       a->port == o->add_addr_port;
}

/* Early Linux kernels computed the ADD_ADDR HMAC differently (mptcp-wire.md §1b): they sent its
 * leftmost 64 bits (before 12555a2d97e5) and hashed the port as 0 (before 13832ae). A mismatch
 * that one of those explains says so. */
static const char *add_addr_legacy(uint64_t key1, uint64_t key2, const mptcp_options *o)
{
	size_t alen = net_addr_len(&o->add_addr);
	for (int zero_port = 0; zero_port < 2; zero_port++) {
		uint16_t port = zero_port ? 0 : o->add_addr_port;
		uint8_t msg[1 + 16 + 2], digest[MPTCP_HMAC_MAX];
		msg[0] = o->add_addr_id;
		memcpy(msg + 1, o->add_addr.bytes, alen);
		msg[1 + alen] = (uint8_t)(port >> 8);
		msg[2 + alen] = (uint8_t)port;
		size_t n = mptcp_crypto_hmac_sha(MPTCP_VERSION_1, key1, key2, msg, alen + 3, digest);
		uint64_t left = 0, right = 0;
		for (int i = 0; i < 8; i++) {
			left = left << 8 | digest[i];
			right = right << 8 | digest[n - 8 + (size_t)i];
		}
		if (left == o->add_addr_hmac)
			return zero_port ? " (it is the leftmost 64 bits with the port hashed as 0, as early Linux sent)"
					 : " (it is the leftmost 64 bits, as Linux sent before commit 12555a2d97e5)";
		if (zero_port && o->add_addr_has_port && right == o->add_addr_hmac)
			return " (it hashes the port as 0, as Linux did before commit 13832ae)";
	}
	return "";
}

static void on_add_addr(an_inspect *in, an_flow *f, uint8_t side, const mptcp_options *o)
{
	an_conn *c = f->conn;
	an_inspect_event ev = { .type = AN_EV_ADD_ADDR, .frame = in->frame, .sender = side, .flow = f->pub.id,
				.addr_id = o->add_addr_id, .addr = o->add_addr, .has_port = o->add_addr_has_port,
				.port = o->add_addr_port, .echo = o->add_addr_echo, .hmac = o->add_addr_hmac };
	if (o->add_addr_echo) {
		/* RFC 8684 §3.4.1: the echo repeats the announcement it acknowledges, without HMAC. */
		for (guint i = c->pub.events->len; i-- > 0;) {
			an_inspect_event *a = &g_array_index(c->pub.events, an_inspect_event, i);
			if (a->type == AN_EV_ADD_ADDR && !a->echo && a->sender != side && add_addr_same(a, o)) {
				if (!a->echo_frame)
					a->echo_frame = in->frame;
				ev.echo_frame = a->frame;
				break;
			}
		}
	} else if (conn_version(c) != MPTCP_VERSION_0) {
		const an_inspect_end *me = &c->pub.end[side], *peer = &c->pub.end[1 - side];
		if (!me->have_key || !peer->have_key) {
			ev.hmac_check = AN_CHECK_UNKNOWN;
		} else {
			ev.hmac_expected = mptcp_crypto_add_addr_hmac(me->key, peer->key, o->add_addr_id, &o->add_addr,
								      o->add_addr_has_port ? o->add_addr_port : 0);
			ev.hmac_check = ev.hmac_expected == o->add_addr_hmac ? AN_CHECK_OK : AN_CHECK_BAD;
			if (ev.hmac_check == AN_CHECK_BAD) {
				char a[AN_ENDPOINT_STRLEN];
				an_problem(in, c, in->frame, AN_PROB_ADD_ADDR_HMAC,
					   "ADD_ADDR id %u %s from the %s carries HMAC 0x%016" PRIx64 ", recomputed 0x%016" PRIx64
					   "%s",
					   o->add_addr_id, an_endpoint_str(&o->add_addr, o->add_addr_port, a), side_name(side),
					   o->add_addr_hmac, ev.hmac_expected, add_addr_legacy(me->key, peer->key, o));
			}
		}
	}
	an_conn_event(c, &ev);
}

static void on_signals(an_inspect *in, an_flow *f, int d, const mptcp_options *o)
{
	an_conn *c = f->conn;
	uint8_t side = an_flow_side(f, d);
	an_inspect_event ev = { .frame = in->frame, .sender = side, .flow = f->pub.id };
	if (o->suboptions & MPTCP_OPT_ADD_ADDR)
		on_add_addr(in, f, side, o);
	if (o->suboptions & MPTCP_OPT_RM_ADDR) {
		an_inspect_event e = ev;
		e.type = AN_EV_RM_ADDR;
		e.rm_count = o->rm_count;
		memcpy(e.rm_ids, o->rm_ids, sizeof e.rm_ids);
		an_conn_event(c, &e);
	}
	if (o->suboptions & MPTCP_OPT_PRIO) {
		an_inspect_event e = ev;
		e.type = AN_EV_PRIO;
		e.backup = o->prio_backup;
		e.prio_has_id = o->prio_has_id;
		e.prio_id = o->prio_id;
		an_conn_event(c, &e);
		/* RFC 8684 §3.3.8: it applies to the subflow it travels on (v0 with an AddrID: to that
		 * address's subflows, which this report does not resolve). */
		if (!o->prio_has_id)
			f->pub.backup[d] = o->prio_backup;
	}
	if (o->suboptions & MPTCP_OPT_FAIL) {
		an_inspect_event e = ev;
		e.type = AN_EV_FAIL;
		e.dsn = o->fail_seq;
		an_conn_event(c, &e);
	}
	if (o->suboptions & MPTCP_OPT_FASTCLOSE) {
		an_inspect_event e = ev;
		e.type = AN_EV_FASTCLOSE;
		e.key = o->fastclose_key;
		/* RFC 8684 §3.5: the Option Receiver's Key is the key of the end being closed. */
		const an_inspect_end *rcv = &c->pub.end[1 - side];
		e.key_check = !rcv->have_key ? AN_CHECK_UNKNOWN : rcv->key == o->fastclose_key ? AN_CHECK_OK : AN_CHECK_BAD;
		if (e.key_check == AN_CHECK_BAD)
			an_problem(in, c, in->frame, AN_PROB_FASTCLOSE_KEY,
				   "MP_FASTCLOSE from the %s carries key 0x%016" PRIx64 ", but the %s's key is 0x%016" PRIx64,
				   side_name(side), o->fastclose_key, side_name((uint8_t)(1 - side)), rcv->key);
		an_conn_event(c, &e);
	}
	if (o->suboptions & MPTCP_OPT_RST) {
		an_inspect_event e = ev;
		e.type = AN_EV_TCPRST;
		e.rst_flags = o->reset_flags;
		e.rst_reason = o->reset_reason;
		an_conn_event(c, &e);
	}
}

void an_conn_packet(an_inspect *in, an_flow *f, int d, const segment *s, const mptcp_options *o)
{
	bool syn = (s->flags & TCP_FLAG_SYN) && !(s->flags & TCP_FLAG_ACK);
	bool synack = (s->flags & TCP_FLAG_SYN) && (s->flags & TCP_FLAG_ACK);
	if (syn)
		on_syn(in, f, s, o);
	else if (synack)
		on_synack(in, f, o);
	else if (o->suboptions & MPTCP_OPT_MPC_ACK)
		on_capable_ack(in, f, d, o);
	if ((o->suboptions & MPTCP_OPT_MPJ_ACK) && f->pub.kind == AN_FLOW_MP_JOIN)
		join_ack(in, f, o);

	if (!o->suboptions)
		return;
	if (f->pub.kind == AN_FLOW_PLAIN) {
		if (!f->pub.syn_frame && !f->pub.synack_seen) {
			f->pub.kind = AN_FLOW_NO_HANDSHAKE;
		} else if (!f->plain_flagged) {
			f->plain_flagged = true;
			an_problem(in, NULL, in->frame, AN_PROB_MPTCP_ON_PLAIN_FLOW,
				   "flow %u carries %s, but its SYN carried no MP_CAPABLE or MP_JOIN", f->pub.id,
				   mptcp_opt_name(o->suboptions & (~o->suboptions + 1u)));
		}
		return;
	}
	if (f->conn && (f->pub.kind == AN_FLOW_MP_CAPABLE || f->pub.kind == AN_FLOW_MP_JOIN))
		on_signals(in, f, d, o);
}
