/* mptcpforms.c — the catalogue of MPTCP option forms and their rendering in tshark's syntax. */
#include "mptcpforms.h"

#include "segment.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Values with every byte distinct and high bits set, so a truncated or misplaced field shows. */
#define KEY_A UINT64_C(0x9c9eabd1e46a33b2)
#define KEY_B UINT64_C(0x967d2770b6960552)
#define BIG64 UINT64_C(0xf1e2d3c4b5a69788)
#define BIG32 UINT32_C(0xa1b2c3d4)

static void add(GArray *a, const char *name, uint8_t version, uint8_t flags, uint32_t payload, uint8_t wire_len,
		const mptcp_options *o)
{
	mptcp_form f;
	memset(&f, 0, sizeof f);
	g_snprintf(f.name, sizeof f.name, "v%u %s", version, name);
	f.tcp_flags = flags;
	f.payload_len = payload;
	f.opts = *o;
	f.opts.version = version;
	f.wire_len = wire_len;
	f.padded_len = (uint8_t)((wire_len + 3u) & ~3u);
	g_array_append_val(a, f);
}

#define SYN TCP_FLAG_SYN
#define SYNACK (TCP_FLAG_SYN | TCP_FLAG_ACK)
#define ACK TCP_FLAG_ACK
#define RSTACK (TCP_FLAG_RST | TCP_FLAG_ACK)

static void add_mp_capable(GArray *a, uint8_t v)
{
	mptcp_options o = { .suboptions = MPTCP_OPT_MPC_SYN, .mpc_version = v, .mpc_flags = MPTCP_CAP_HMAC_SHA256 };
	if (v == MPTCP_VERSION_0) {
		/* RFC 6824 §3.1: every form carries the sender's key. */
		o.mpc_flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256;
		o.sndr_key = KEY_A;
		add(a, "MP_CAPABLE SYN", v, SYN, 0, 12, &o);
		o.suboptions = MPTCP_OPT_MPC_SYNACK;
		o.sndr_key = KEY_B;
		add(a, "MP_CAPABLE SYN/ACK", v, SYNACK, 0, 12, &o);
		o.suboptions = MPTCP_OPT_MPC_ACK;
		o.sndr_key = KEY_A;
		o.rcvr_key = KEY_B;
		add(a, "MP_CAPABLE ACK", v, ACK, 0, 20, &o);
		return;
	}
	add(a, "MP_CAPABLE SYN", v, SYN, 0, 4, &o);
	o.mpc_flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256;
	add(a, "MP_CAPABLE SYN checksum", v, SYN, 0, 4, &o);
	o.mpc_flags = MPTCP_CAP_DENY_JOIN_ID0 | MPTCP_CAP_HMAC_SHA256;
	add(a, "MP_CAPABLE SYN deny join id 0", v, SYN, 0, 4, &o);
	o.suboptions = MPTCP_OPT_MPC_SYNACK;
	o.mpc_flags = MPTCP_CAP_HMAC_SHA256;
	o.sndr_key = KEY_B;
	add(a, "MP_CAPABLE SYN/ACK", v, SYNACK, 0, 12, &o);
	o.suboptions = MPTCP_OPT_MPC_ACK;
	o.sndr_key = KEY_A;
	o.rcvr_key = KEY_B;
	add(a, "MP_CAPABLE ACK", v, ACK, 0, 20, &o);
	o.mpc_has_data = true;
	o.mpc_data_len = 1400;
	add(a, "MP_CAPABLE ACK with data", v, ACK | TCP_FLAG_PSH, 1400, 22, &o);
	o.mpc_flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256;
	o.mpc_has_csum = true;
	o.mpc_csum = 0xbeef;
	add(a, "MP_CAPABLE ACK with data and checksum", v, ACK | TCP_FLAG_PSH, 1400, 24, &o);
}

static void add_mp_join(GArray *a, uint8_t v)
{
	for (int backup = 0; backup <= 1; backup++) {
		mptcp_options o = { .suboptions = MPTCP_OPT_MPJ_SYN, .join_backup = backup, .join_id = (uint8_t)(3 + backup),
				    .token = 0xe47f0142u, .nonce = 0x1b665a18u };
		char name[48];
		g_snprintf(name, sizeof name, "MP_JOIN SYN%s", backup ? " backup" : "");
		add(a, name, v, SYN, 0, 12, &o);
		o = (mptcp_options){ .suboptions = MPTCP_OPT_MPJ_SYNACK, .join_backup = backup, .join_id = 250,
				     .thmac = UINT64_C(0x5ab680c7884af03d), .nonce = 0x33abe9d5u };
		g_snprintf(name, sizeof name, "MP_JOIN SYN/ACK%s", backup ? " backup" : "");
		add(a, name, v, SYNACK, 0, 16, &o);
	}
	mptcp_options o = { .suboptions = MPTCP_OPT_MPJ_ACK };
	for (int i = 0; i < MPTCPOPT_HMAC_LEN; i++)
		o.hmac[i] = (uint8_t)(0xcb - 7 * i);
	add(a, "MP_JOIN ACK", v, ACK, 0, 24, &o);
}

static void add_dss(GArray *a, uint8_t v)
{
	for (unsigned flags = 0; flags <= MPTCP_DSS_FLAG_MASK; flags++) {
		for (int csum = 0; csum <= 1; csum++) {
			bool map = flags & MPTCP_DSS_HAS_MAP;
			if (csum && !map)
				continue;
			mptcp_options o = { .suboptions = MPTCP_OPT_DSS, .dss_flags = (uint8_t)flags };
			/* Values that fit the field width the flags choose. */
			o.data_ack = (flags & MPTCP_DSS_ACK64) ? BIG64 : BIG32;
			o.data_seq = (flags & MPTCP_DSS_DSN64) ? BIG64 - 77 : BIG32 - 77;
			o.subflow_seq = 0x01020304u;
			o.data_len = 1400;
			o.dss_has_csum = csum;
			o.csum = csum ? 0x1234 : 0;
			if (!(flags & MPTCP_DSS_HAS_ACK))
				o.data_ack = 0;
			if (!map) {
				o.data_seq = 0;
				o.subflow_seq = 0;
				o.data_len = 0;
			}
			/* RFC 8684 §3.3: 4 + {0, 4, 8} + {0, 10, 14} + {0, 2}. */
			unsigned len = 4;
			if (flags & MPTCP_DSS_HAS_ACK)
				len += (flags & MPTCP_DSS_ACK64) ? 8 : 4;
			if (map)
				len += ((flags & MPTCP_DSS_DSN64) ? 14 : 10) + (csum ? 2 : 0);
			char name[48];
			g_snprintf(name, sizeof name, "DSS flags 0x%02x%s", flags, csum ? " checksum" : "");
			add(a, name, v, ACK, 0, (uint8_t)len, &o);
		}
	}
	/* Linux's DATA_FIN without payload: 64-bit DSN, SSN 0, Data-Level Length 1. */
	mptcp_options o = { .suboptions = MPTCP_OPT_DSS,
			    .dss_flags = MPTCP_DSS_HAS_ACK | MPTCP_DSS_ACK64 | MPTCP_DSS_HAS_MAP | MPTCP_DSS_DSN64 |
					 MPTCP_DSS_DATA_FIN,
			    .data_ack = BIG64, .data_seq = BIG64 + 5, .subflow_seq = 0, .data_len = 1 };
	add(a, "DSS DATA_FIN", v, ACK | TCP_FLAG_FIN, 0, 26, &o);
	/* The infinite mapping: Data-Level Length 0, checksum 0. */
	o = (mptcp_options){ .suboptions = MPTCP_OPT_DSS, .dss_flags = MPTCP_DSS_HAS_MAP | MPTCP_DSS_DSN64,
			     .data_seq = BIG64, .subflow_seq = 1, .data_len = 0, .dss_has_csum = true, .csum = 0 };
	add(a, "DSS infinite mapping", v, ACK, 0, 20, &o);
}

static void add_add_addr(GArray *a, uint8_t v)
{
	for (int six = 0; six <= 1; six++) {
		for (int port = 0; port <= 1; port++) {
			for (int echo = 0; echo <= (v == MPTCP_VERSION_0 ? 0 : 1); echo++) {
				mptcp_options o = { .suboptions = MPTCP_OPT_ADD_ADDR, .add_addr_id = (uint8_t)(7 + six),
						    .add_addr_echo = echo, .add_addr_has_port = port,
						    .add_addr_port = port ? 8080 : 0 };
				if (six) {
					const uint8_t b[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef };
					o.add_addr.family = NET_AF_INET6;
					memcpy(o.add_addr.bytes, b, 16);
				} else {
					o.add_addr = net_addr_v4(10, 1, 2, 2);
				}
				bool hmac = v != MPTCP_VERSION_0 && !echo;
				o.add_addr_hmac = hmac ? UINT64_C(0x88f7bc24cefac66d) : 0;
				/* mptcp-wire.md §1.4: 8/10/20/22 without HMAC, +8 with. */
				unsigned len = (six ? 20u : 8u) + (port ? 2u : 0u) + (hmac ? 8u : 0u);
				char name[64];
				g_snprintf(name, sizeof name, "ADD_ADDR IPv%d%s%s", six ? 6 : 4, port ? " port" : "",
					   echo ? " echo" : "");
				add(a, name, v, ACK, 0, (uint8_t)len, &o);
			}
		}
	}
}

static void add_others(GArray *a, uint8_t v)
{
	for (uint8_t n = 1; n <= MPTCP_RM_IDS_MAX; n++) {
		mptcp_options o = { .suboptions = MPTCP_OPT_RM_ADDR, .rm_count = n };
		for (uint8_t i = 0; i < n; i++)
			o.rm_ids[i] = (uint8_t)(i * 37 + 1);
		char name[48];
		g_snprintf(name, sizeof name, "REMOVE_ADDR %u ids", n);
		add(a, name, v, ACK, 0, (uint8_t)(3 + n), &o);
	}
	for (int id = 0; id <= (v == MPTCP_VERSION_0 ? 1 : 0); id++) {
		for (int backup = 0; backup <= 1; backup++) {
			mptcp_options o = { .suboptions = MPTCP_OPT_PRIO, .prio_backup = backup, .prio_has_id = id,
					    .prio_id = id ? 9 : 0 };
			char name[48];
			g_snprintf(name, sizeof name, "MP_PRIO%s%s", backup ? " backup" : "", id ? " address id" : "");
			add(a, name, v, ACK, 0, (uint8_t)(id ? 4 : 3), &o);
		}
	}
	mptcp_options o = { .suboptions = MPTCP_OPT_FAIL, .fail_seq = BIG64 };
	add(a, "MP_FAIL", v, ACK, 0, 12, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_FASTCLOSE, .fastclose_key = KEY_B };
	add(a, "MP_FASTCLOSE", v, ACK, 0, 12, &o);
	if (v == MPTCP_VERSION_0)
		return;
	for (uint8_t reason = MPTCP_RST_EUNSPEC; reason <= MPTCP_RST_EMIDDLEBOX; reason++) {
		for (int t = 0; t <= 1; t++) {
			o = (mptcp_options){ .suboptions = MPTCP_OPT_RST, .reset_flags = t ? MPTCP_RST_TRANSIENT : 0,
					     .reset_reason = reason };
			char name[64];
			g_snprintf(name, sizeof name, "MP_TCPRST %s%s", mptcp_rst_reason_name(reason), t ? " transient" : "");
			add(a, name, v, RSTACK, 0, 4, &o);
		}
	}
	/* An unassigned reason and the reserved U, V, W bits: carried, not interpreted. */
	o = (mptcp_options){ .suboptions = MPTCP_OPT_RST, .reset_flags = 0xe, .reset_reason = 0x7f };
	add(a, "MP_TCPRST reserved bits", v, RSTACK, 0, 4, &o);
}

/* Sets Linux sends together (mptcp-wire.md §1.10). */
static void add_sets(GArray *a, uint8_t v)
{
	mptcp_options o = { .suboptions = MPTCP_OPT_FASTCLOSE | (v ? MPTCP_OPT_RST : 0), .fastclose_key = KEY_A,
			    .reset_reason = MPTCP_RST_EMPTCP };
	add(a, "MP_FASTCLOSE + MP_TCPRST", v, RSTACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_FAIL | (v ? MPTCP_OPT_RST : 0), .fail_seq = BIG64,
			     .reset_reason = MPTCP_RST_EMIDDLEBOX };
	add(a, "MP_FAIL + MP_TCPRST", v, RSTACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_DSS | MPTCP_OPT_FAIL, .dss_flags = MPTCP_DSS_HAS_ACK | MPTCP_DSS_ACK64,
			     .data_ack = BIG64, .fail_seq = BIG64 - 1 };
	add(a, "DSS + MP_FAIL", v, ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_DSS | MPTCP_OPT_PRIO | MPTCP_OPT_RM_ADDR,
			     .dss_flags = MPTCP_DSS_HAS_ACK, .data_ack = BIG32, .prio_backup = true, .rm_count = 2,
			     .rm_ids = { 4, 5 } };
	add(a, "DSS + MP_PRIO + REMOVE_ADDR", v, ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_DSS | MPTCP_OPT_ADD_ADDR, .dss_flags = MPTCP_DSS_HAS_ACK,
			     .data_ack = BIG32, .add_addr_id = 2, .add_addr = net_addr_v4(192, 0, 2, 1),
			     .add_addr_hmac = v ? UINT64_C(0x1122334455667788) : 0 };
	add(a, "DSS + ADD_ADDR", v, ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPJ_SYNACK | MPTCP_OPT_PRIO, .join_id = 1, .thmac = BIG64,
			     .nonce = BIG32, .prio_backup = true };
	add(a, "MP_JOIN SYN/ACK + MP_PRIO", v, SYNACK, 0, 0, &o);
}

GArray *mptcpforms_all(void)
{
	GArray *a = g_array_new(FALSE, TRUE, sizeof(mptcp_form));
	for (uint8_t v = MPTCP_VERSION_0; v <= MPTCP_VERSION_1; v++) {
		add_mp_capable(a, v);
		add_mp_join(a, v);
		add_dss(a, v);
		add_add_addr(a, v);
		add_others(a, v);
		add_sets(a, v);
	}
	return a;
}

mptcp_opt_ctx mptcpforms_ctx(const mptcp_form *f)
{
	mptcp_opt_ctx c = { .version = f->opts.version, .tcp_flags = f->tcp_flags, .payload_len = f->payload_len };
	return c;
}

gboolean mptcpforms_len_allowed(uint8_t version, uint8_t subtype, unsigned len)
{
	bool v0 = version == MPTCP_VERSION_0;
	switch (subtype) {
	case MPTCPOPT_MP_CAPABLE:
		return v0 ? (len == 12 || len == 20) : (len == 4 || len == 12 || len == 20 || len == 22 || len == 24);
	case MPTCPOPT_MP_JOIN:
		return len == 12 || len == 16 || len == 24;
	case MPTCPOPT_DSS: {
		/* 4 + Data ACK {0, 4, 8} + mapping {0, 10, 14}, + 2 for a mapping's checksum. */
		static const unsigned acks[] = { 0, 4, 8 }, maps[] = { 0, 10, 12, 14, 16 };
		for (size_t a = 0; a < G_N_ELEMENTS(acks); a++)
			for (size_t m = 0; m < G_N_ELEMENTS(maps); m++)
				if (len == 4 + acks[a] + maps[m])
					return true;
		return false;
	}
	case MPTCPOPT_ADD_ADDR:
		return v0 ? (len == 8 || len == 10 || len == 20 || len == 22)
			  : (len == 16 || len == 18 || len == 8 || len == 10 || len == 28 || len == 30 || len == 20 ||
			     len == 22);
	case MPTCPOPT_RM_ADDR:
		return len >= 4 && len <= 11;
	case MPTCPOPT_MP_PRIO:
		return len == 3 || (v0 && len == 4);
	case MPTCPOPT_MP_FAIL:
	case MPTCPOPT_MP_FASTCLOSE:
		return len == 12;
	case MPTCPOPT_RST:
		return !v0 && len == 4;
	default:
		return false;
	}
}

/* ---- rendering ---- */

enum {
	F_SUBTYPE,
	F_VERSION,
	F_SENDKEY,
	F_RECVKEY,
	F_CSUMREQ,
	F_EXTENSIBILITY,
	F_SHA256,
	F_SHA1,
	F_RECVTOK,
	F_ADDRID,
	F_BACKUP,
	F_SENDRAND,
	F_SENDTRUNCHMAC,
	F_SENDHMAC,
	F_RAWDATAACK,
	F_RAWDATASEQNO,
	F_SUBFLOWSEQNO,
	F_DATALVLLEN,
	F_CHECKSUM,
	F_DATAFIN,
	F_DSEQN8,
	F_DSEQNPRESENT,
	F_DATAACK8,
	F_DATAACKPRESENT,
	F_IPVER,
	F_ECHO,
	F_IPV4,
	F_IPV6,
	F_PORT,
	F_ADDADDRTRUNCHMAC,
	F_RMCOUNT,
	F_FLAG_T,
	F_RST_REASON,
	F_COUNT
};

static void put(GString **f, int field, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void put(GString **f, int field, const char *fmt, ...)
{
	if (f[field]->len)
		g_string_append_c(f[field], ';');
	va_list ap;
	va_start(ap, fmt);
	g_string_append_vprintf(f[field], fmt, ap);
	va_end(ap);
}

static void render_one(GString **f, uint8_t subtype, const mptcp_options *o)
{
	put(f, F_SUBTYPE, "%u", subtype);
	uint32_t s = o->suboptions;
	if (s & MPTCP_OPT_MPC) {
		put(f, F_VERSION, "%u", o->mpc_version);
		if ((s & (MPTCP_OPT_MPC_SYNACK | MPTCP_OPT_MPC_ACK)) || o->mpc_version == MPTCP_VERSION_0)
			put(f, F_SENDKEY, "%" PRIu64, o->sndr_key);
		if (s & MPTCP_OPT_MPC_ACK)
			put(f, F_RECVKEY, "%" PRIu64, o->rcvr_key);
		put(f, F_CSUMREQ, "%u", (o->mpc_flags & MPTCP_CAP_CHECKSUM_REQD) != 0);
		put(f, F_EXTENSIBILITY, "%u", (o->mpc_flags & MPTCP_CAP_EXTENSIBILITY) != 0);
		put(f, o->mpc_version == MPTCP_VERSION_0 ? F_SHA1 : F_SHA256, "%u",
		    (o->mpc_flags & MPTCP_CAP_HMAC_SHA256) != 0);
		if (o->mpc_has_data)
			put(f, F_DATALVLLEN, "%u", o->mpc_data_len);
		if (o->mpc_has_csum)
			put(f, F_CHECKSUM, "0x%04x", o->mpc_csum);
	}
	if (s & (MPTCP_OPT_MPJ_SYN | MPTCP_OPT_MPJ_SYNACK)) {
		if (s & MPTCP_OPT_MPJ_SYN)
			put(f, F_RECVTOK, "%" PRIu32, o->token);
		put(f, F_ADDRID, "%u", o->join_id);
		put(f, F_BACKUP, "%u", o->join_backup);
		put(f, F_SENDRAND, "%" PRIu32, o->nonce);
		if (s & MPTCP_OPT_MPJ_SYNACK)
			put(f, F_SENDTRUNCHMAC, "%" PRIu64, o->thmac);
	}
	if (s & MPTCP_OPT_MPJ_ACK) {
		char hex[2 * MPTCPOPT_HMAC_LEN + 1];
		for (int i = 0; i < MPTCPOPT_HMAC_LEN; i++)
			g_snprintf(hex + 2 * i, 3, "%02x", o->hmac[i]);
		put(f, F_SENDHMAC, "%s", hex);
	}
	if (s & MPTCP_OPT_DSS) {
		uint8_t fl = o->dss_flags;
		put(f, F_DATAFIN, "%u", (fl & MPTCP_DSS_DATA_FIN) != 0);
		put(f, F_DSEQN8, "%u", (fl & MPTCP_DSS_DSN64) != 0);
		put(f, F_DSEQNPRESENT, "%u", (fl & MPTCP_DSS_HAS_MAP) != 0);
		put(f, F_DATAACK8, "%u", (fl & MPTCP_DSS_ACK64) != 0);
		put(f, F_DATAACKPRESENT, "%u", (fl & MPTCP_DSS_HAS_ACK) != 0);
		if (fl & MPTCP_DSS_HAS_ACK)
			put(f, F_RAWDATAACK, "%" PRIu64, o->data_ack);
		if (fl & MPTCP_DSS_HAS_MAP) {
			put(f, F_RAWDATASEQNO, "%" PRIu64, o->data_seq);
			put(f, F_SUBFLOWSEQNO, "%" PRIu32, o->subflow_seq);
			put(f, F_DATALVLLEN, "%u", o->data_len);
		}
	}
	if (s & MPTCP_OPT_ADD_ADDR) {
		if (o->version == MPTCP_VERSION_0)
			put(f, F_IPVER, "%u", o->add_addr.family);
		else
			put(f, F_ECHO, "%u", o->add_addr_echo);
		put(f, F_ADDRID, "%u", o->add_addr_id);
		char buf[NET_ADDR_STRLEN];
		put(f, o->add_addr.family == NET_AF_INET6 ? F_IPV6 : F_IPV4, "%s", net_addr_to_string(&o->add_addr, buf));
		if (o->add_addr_has_port)
			put(f, F_PORT, "%u", o->add_addr_port);
		if (o->version != MPTCP_VERSION_0 && !o->add_addr_echo)
			put(f, F_ADDADDRTRUNCHMAC, "%" PRIu64, o->add_addr_hmac);
	}
	if (s & MPTCP_OPT_RM_ADDR) {
		put(f, F_RMCOUNT, "%u", o->rm_count);
		for (int i = 0; i < o->rm_count; i++)
			put(f, F_ADDRID, "%u", o->rm_ids[i]);
	}
	if (s & MPTCP_OPT_PRIO) {
		put(f, F_BACKUP, "%u", o->prio_backup);
		if (o->prio_has_id)
			put(f, F_ADDRID, "%u", o->prio_id);
	}
	if (s & MPTCP_OPT_FAIL)
		put(f, F_RAWDATASEQNO, "%" PRIu64, o->fail_seq);
	if (s & MPTCP_OPT_FASTCLOSE)
		put(f, F_RECVKEY, "%" PRIu64, o->fastclose_key);
	if (s & MPTCP_OPT_RST) {
		put(f, F_FLAG_T, "%u", (o->reset_flags & MPTCP_RST_TRANSIENT) != 0);
		put(f, F_RST_REASON, "0x%02x", o->reset_reason);
	}
}

char *mptcpforms_render(const uint8_t *opts, size_t len, const mptcp_opt_ctx *ctx)
{
	GString *f[F_COUNT];
	for (int i = 0; i < F_COUNT; i++)
		f[i] = g_string_new(NULL);
	for (size_t i = 0; i < len;) {
		if (opts[i] == TCPOPT_EOL)
			break;
		if (opts[i] == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len || opts[i + 1] < 2 || opts[i + 1] > len - i)
			break;
		size_t olen = opts[i + 1];
		if (opts[i] == TCPOPT_MPTCP && olen >= 3) {
			mptcp_options o;
			if (mptcp_opt_parse(opts + i, olen, ctx, &o, NULL) == MPTCP_OPT_OK)
				render_one(f, opts[i + 2] >> 4, &o);
		}
		i += olen;
	}
	GString *line = g_string_new(NULL);
	for (int i = 0; i < F_COUNT; i++) {
		if (i)
			g_string_append_c(line, '|');
		g_string_append(line, f[i]->str);
		g_string_free(f[i], TRUE);
	}
	return g_string_free(line, FALSE);
}
