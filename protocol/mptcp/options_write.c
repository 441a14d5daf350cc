/* options_write.c — writing MPTCP options (options.h): lengths, serialisation, comparison.
 *
 * mptcp_opt_write() first sizes the whole set with the same length functions a caller uses to
 * plan its 40 option bytes, refuses when it does not fit, then writes each option followed by the
 * NOPs that bring it to a 4-byte boundary, as Linux's mptcp_write_options() does. */
#include "options.h"

#include <glib.h>
#include <string.h>

static inline uint8_t *put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static inline uint8_t *put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return p + 4;
}

static inline uint8_t *put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	return put32(p + 4, (uint32_t)v);
}

/* Kind, Length, then the subtype nibble and the 4 bits beside it (every MPTCP option starts so). */
static inline uint8_t *put_head(uint8_t *p, uint8_t len, uint8_t subtype, uint8_t nibble)
{
	p[0] = TCPOPT_MPTCP;
	p[1] = len;
	p[2] = (uint8_t)(subtype << 4 | (nibble & 0x0f));
	return p + 3;
}

static inline size_t align4(size_t n)
{
	return (n + 3u) & ~(size_t)3u;
}

uint8_t mptcp_dss_len(uint8_t dss_flags, bool csum)
{
	unsigned n = TCPOLEN_MPTCP_DSS_BASE;
	if (dss_flags & MPTCP_DSS_HAS_ACK)
		n += (dss_flags & MPTCP_DSS_ACK64) ? TCPOLEN_MPTCP_DSS_ACK64 : TCPOLEN_MPTCP_DSS_ACK32;
	if (dss_flags & MPTCP_DSS_HAS_MAP) {
		n += (dss_flags & MPTCP_DSS_DSN64) ? TCPOLEN_MPTCP_DSS_MAP64 : TCPOLEN_MPTCP_DSS_MAP32;
		if (csum)
			n += TCPOLEN_MPTCP_DSS_CHECKSUM;
	}
	return (uint8_t)n;
}

static uint8_t add_addr_len(const mptcp_options *o)
{
	g_assert(o->add_addr.family == NET_AF_INET || o->add_addr.family == NET_AF_INET6);
	bool v6 = o->add_addr.family == NET_AF_INET6;
	/* Echo and v0 forms: kind, length, subtype, id, address (RFC 8684 §3.4.1, RFC 6824 §3.4.1). */
	unsigned n = v6 ? TCPOLEN_MPTCP_ADD_ADDR6_BASE : TCPOLEN_MPTCP_ADD_ADDR_BASE;
	if (o->add_addr_has_port)
		n += TCPOLEN_MPTCP_PORT_LEN;
	if (o->version != MPTCP_VERSION_0 && !o->add_addr_echo)
		n += 8; /* the truncated HMAC */
	return (uint8_t)n;
}

uint8_t mptcp_opt_wire_len(const mptcp_options *o, uint32_t bit)
{
	if (!(o->suboptions & bit))
		return 0;
	switch (bit) {
	case MPTCP_OPT_MPC_SYN:
		return o->mpc_version == MPTCP_VERSION_0 ? TCPOLEN_MPTCP_MPC_SYN_V0 : TCPOLEN_MPTCP_MPC_SYN;
	case MPTCP_OPT_MPC_SYNACK:
		return TCPOLEN_MPTCP_MPC_SYNACK;
	case MPTCP_OPT_MPC_ACK:
		if (!o->mpc_has_data)
			return TCPOLEN_MPTCP_MPC_ACK;
		return o->mpc_has_csum ? TCPOLEN_MPTCP_MPC_ACK_DATA_CSUM : TCPOLEN_MPTCP_MPC_ACK_DATA;
	case MPTCP_OPT_MPJ_SYN:
		return TCPOLEN_MPTCP_MPJ_SYN;
	case MPTCP_OPT_MPJ_SYNACK:
		return TCPOLEN_MPTCP_MPJ_SYNACK;
	case MPTCP_OPT_MPJ_ACK:
		return TCPOLEN_MPTCP_MPJ_ACK;
	case MPTCP_OPT_DSS:
		return mptcp_dss_len(o->dss_flags, o->dss_has_csum);
	case MPTCP_OPT_ADD_ADDR:
		return add_addr_len(o);
	case MPTCP_OPT_RM_ADDR:
		g_assert(o->rm_count >= 1 && o->rm_count <= MPTCP_RM_IDS_MAX);
		return (uint8_t)(TCPOLEN_MPTCP_RM_ADDR_BASE + o->rm_count);
	case MPTCP_OPT_PRIO:
		return o->version == MPTCP_VERSION_0 && o->prio_has_id ? TCPOLEN_MPTCP_PRIO_V0_ADDRID
								       : TCPOLEN_MPTCP_PRIO;
	case MPTCP_OPT_FAIL:
		return TCPOLEN_MPTCP_FAIL;
	case MPTCP_OPT_FASTCLOSE:
		return TCPOLEN_MPTCP_FASTCLOSE;
	case MPTCP_OPT_RST:
		return TCPOLEN_MPTCP_RST;
	default:
		return 0;
	}
}

/* Linux's order (mptcp_write_options): the handshake options, DSS, ADD_ADDR, then the closing
 * ones, then MP_PRIO and REMOVE_ADDR, which may ride along with most others. */
static const uint32_t write_order[] = {
	MPTCP_OPT_MPC_SYN, MPTCP_OPT_MPC_SYNACK, MPTCP_OPT_MPC_ACK, MPTCP_OPT_MPJ_SYN, MPTCP_OPT_MPJ_SYNACK,
	MPTCP_OPT_MPJ_ACK, MPTCP_OPT_DSS,        MPTCP_OPT_ADD_ADDR, MPTCP_OPT_FASTCLOSE, MPTCP_OPT_FAIL,
	MPTCP_OPT_RST,     MPTCP_OPT_PRIO,       MPTCP_OPT_RM_ADDR,
};

size_t mptcp_opt_len(const mptcp_options *o)
{
	size_t n = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(write_order); i++)
		n += align4(mptcp_opt_wire_len(o, write_order[i]));
	return n;
}

/* Write the option named by `bit` at p (its length is `len`); returns the end, before padding. */
static uint8_t *write_one(const mptcp_options *o, uint32_t bit, uint8_t len, uint8_t *p)
{
	switch (bit) {
	case MPTCP_OPT_MPC_SYN:
	case MPTCP_OPT_MPC_SYNACK:
	case MPTCP_OPT_MPC_ACK:
		/* RFC 8684 §3.1, Figure 4. */
		p = put_head(p, len, MPTCPOPT_MP_CAPABLE, o->mpc_version);
		*p++ = o->mpc_flags;
		if (len >= TCPOLEN_MPTCP_MPC_SYNACK)
			p = put64(p, o->sndr_key);
		if (len >= TCPOLEN_MPTCP_MPC_ACK)
			p = put64(p, o->rcvr_key);
		if (len >= TCPOLEN_MPTCP_MPC_ACK_DATA)
			p = put16(p, o->mpc_data_len);
		if (len == TCPOLEN_MPTCP_MPC_ACK_DATA_CSUM)
			p = put16(p, o->mpc_csum);
		return p;
	case MPTCP_OPT_MPJ_SYN:
		/* RFC 8684 §3.2, Figure 5. */
		p = put_head(p, len, MPTCPOPT_MP_JOIN, o->join_backup ? MPTCPOPT_BACKUP : 0);
		*p++ = o->join_id;
		p = put32(p, o->token);
		return put32(p, o->nonce);
	case MPTCP_OPT_MPJ_SYNACK:
		/* Figure 6. */
		p = put_head(p, len, MPTCPOPT_MP_JOIN, o->join_backup ? MPTCPOPT_BACKUP : 0);
		*p++ = o->join_id;
		p = put64(p, o->thmac);
		return put32(p, o->nonce);
	case MPTCP_OPT_MPJ_ACK:
		/* Figure 7: 12 reserved bits, then the 160-bit HMAC. */
		p = put_head(p, len, MPTCPOPT_MP_JOIN, 0);
		*p++ = 0;
		memcpy(p, o->hmac, MPTCPOPT_HMAC_LEN);
		return p + MPTCPOPT_HMAC_LEN;
	case MPTCP_OPT_DSS: {
		/* RFC 8684 §3.3, Figure 9. */
		uint8_t flags = o->dss_flags & MPTCP_DSS_FLAG_MASK;
		p = put_head(p, len, MPTCPOPT_DSS, 0);
		*p++ = flags;
		if (flags & MPTCP_DSS_HAS_ACK)
			p = (flags & MPTCP_DSS_ACK64) ? put64(p, o->data_ack) : put32(p, (uint32_t)o->data_ack);
		if (flags & MPTCP_DSS_HAS_MAP) {
			p = (flags & MPTCP_DSS_DSN64) ? put64(p, o->data_seq) : put32(p, (uint32_t)o->data_seq);
			p = put32(p, o->subflow_seq);
			p = put16(p, o->data_len);
			if (o->dss_has_csum)
				p = put16(p, o->csum);
		}
		return p;
	}
	case MPTCP_OPT_ADD_ADDR: {
		/* RFC 8684 §3.4.1, Figure 12: reserved bits and E; RFC 6824 §3.4.1: IPVer. */
		bool v6 = o->add_addr.family == NET_AF_INET6;
		bool v0 = o->version == MPTCP_VERSION_0;
		uint8_t nibble = v0 ? (v6 ? MPTCP_ADDR_IPVERSION_6 : MPTCP_ADDR_IPVERSION_4)
				    : (o->add_addr_echo ? MPTCP_ADDR_ECHO : 0);
		p = put_head(p, len, MPTCPOPT_ADD_ADDR, nibble);
		*p++ = o->add_addr_id;
		memcpy(p, o->add_addr.bytes, v6 ? 16 : 4);
		p += v6 ? 16 : 4;
		if (o->add_addr_has_port)
			p = put16(p, o->add_addr_port);
		if (!v0 && !o->add_addr_echo)
			p = put64(p, o->add_addr_hmac);
		return p;
	}
	case MPTCP_OPT_RM_ADDR:
		/* RFC 8684 §3.4.2, Figure 13. */
		p = put_head(p, len, MPTCPOPT_RM_ADDR, 0);
		memcpy(p, o->rm_ids, o->rm_count);
		return p + o->rm_count;
	case MPTCP_OPT_PRIO:
		/* RFC 8684 §3.3.8, Figure 11; RFC 6824 §3.3.8 with the optional AddrID. */
		p = put_head(p, len, MPTCPOPT_MP_PRIO, o->prio_backup ? MPTCP_PRIO_BKUP : 0);
		if (len == TCPOLEN_MPTCP_PRIO_V0_ADDRID)
			*p++ = o->prio_id;
		return p;
	case MPTCP_OPT_FAIL:
		/* RFC 8684 §3.7, Figure 16: 12 reserved bits, the 64-bit DSN. */
		p = put_head(p, len, MPTCPOPT_MP_FAIL, 0);
		*p++ = 0;
		return put64(p, o->fail_seq);
	case MPTCP_OPT_FASTCLOSE:
		/* RFC 8684 §3.5, Figure 14. */
		p = put_head(p, len, MPTCPOPT_MP_FASTCLOSE, 0);
		*p++ = 0;
		return put64(p, o->fastclose_key);
	case MPTCP_OPT_RST:
		/* RFC 8684 §3.6, Figure 15: U V W T, then the reason. */
		p = put_head(p, len, MPTCPOPT_RST, o->reset_flags);
		*p++ = o->reset_reason;
		return p;
	default:
		g_assert_not_reached();
	}
}

size_t mptcp_opt_write(const mptcp_options *o, uint8_t *buf, size_t space)
{
	size_t total = mptcp_opt_len(o);
	if (total > space)
		return 0;
	uint8_t *p = buf;
	for (size_t i = 0; i < G_N_ELEMENTS(write_order); i++) {
		uint8_t len = mptcp_opt_wire_len(o, write_order[i]);
		if (len == 0)
			continue;
		uint8_t *end = write_one(o, write_order[i], len, p);
		g_assert((size_t)(end - p) == len);
		size_t pad = align4(len) - len;
		memset(end, TCPOPT_NOP, pad);
		p = end + pad;
	}
	g_assert((size_t)(p - buf) == total);
	return total;
}

/* ---- comparison ---- */

static bool equal_mpc(const mptcp_options *a, const mptcp_options *b)
{
	if (a->mpc_version != b->mpc_version || a->mpc_flags != b->mpc_flags)
		return false;
	uint32_t bits = a->suboptions & MPTCP_OPT_MPC;
	bool key1 = (bits & (MPTCP_OPT_MPC_SYNACK | MPTCP_OPT_MPC_ACK)) ||
		    ((bits & MPTCP_OPT_MPC_SYN) && a->mpc_version == MPTCP_VERSION_0);
	if (key1 && a->sndr_key != b->sndr_key)
		return false;
	if (!(bits & MPTCP_OPT_MPC_ACK))
		return true;
	if (a->rcvr_key != b->rcvr_key || a->mpc_has_data != b->mpc_has_data)
		return false;
	if (!a->mpc_has_data)
		return true;
	if (a->mpc_data_len != b->mpc_data_len || a->mpc_has_csum != b->mpc_has_csum)
		return false;
	return !a->mpc_has_csum || a->mpc_csum == b->mpc_csum;
}

static bool equal_mpj(const mptcp_options *a, const mptcp_options *b)
{
	uint32_t bits = a->suboptions & MPTCP_OPT_MPJ;
	if ((bits & (MPTCP_OPT_MPJ_SYN | MPTCP_OPT_MPJ_SYNACK)) &&
	    (a->join_backup != b->join_backup || a->join_id != b->join_id || a->nonce != b->nonce))
		return false;
	if ((bits & MPTCP_OPT_MPJ_SYN) && a->token != b->token)
		return false;
	if ((bits & MPTCP_OPT_MPJ_SYNACK) && a->thmac != b->thmac)
		return false;
	return !(bits & MPTCP_OPT_MPJ_ACK) || memcmp(a->hmac, b->hmac, MPTCPOPT_HMAC_LEN) == 0;
}

static bool equal_dss(const mptcp_options *a, const mptcp_options *b)
{
	uint8_t f = a->dss_flags & MPTCP_DSS_FLAG_MASK;
	if (f != (b->dss_flags & MPTCP_DSS_FLAG_MASK))
		return false;
	if (f & MPTCP_DSS_HAS_ACK) {
		uint64_t mask = (f & MPTCP_DSS_ACK64) ? UINT64_MAX : UINT32_MAX;
		if ((a->data_ack & mask) != (b->data_ack & mask))
			return false;
	}
	if (!(f & MPTCP_DSS_HAS_MAP))
		return true;
	uint64_t mask = (f & MPTCP_DSS_DSN64) ? UINT64_MAX : UINT32_MAX;
	if ((a->data_seq & mask) != (b->data_seq & mask) || a->subflow_seq != b->subflow_seq ||
	    a->data_len != b->data_len || a->dss_has_csum != b->dss_has_csum)
		return false;
	return !a->dss_has_csum || a->csum == b->csum;
}

static bool equal_add_addr(const mptcp_options *a, const mptcp_options *b)
{
	bool v0 = a->version == MPTCP_VERSION_0;
	bool echo = !v0 && a->add_addr_echo;
	if (echo != (!v0 && b->add_addr_echo) || a->add_addr_id != b->add_addr_id ||
	    !net_addr_equal(&a->add_addr, &b->add_addr) || a->add_addr_has_port != b->add_addr_has_port)
		return false;
	if (a->add_addr_has_port && a->add_addr_port != b->add_addr_port)
		return false;
	return v0 || echo || a->add_addr_hmac == b->add_addr_hmac;
}

bool mptcp_options_equal(const mptcp_options *a, const mptcp_options *b)
{
	if (a->suboptions != b->suboptions || a->version != b->version)
		return false;
	uint32_t s = a->suboptions;
	if ((s & MPTCP_OPT_MPC) && !equal_mpc(a, b))
		return false;
	if ((s & MPTCP_OPT_MPJ) && !equal_mpj(a, b))
		return false;
	if ((s & MPTCP_OPT_DSS) && !equal_dss(a, b))
		return false;
	if ((s & MPTCP_OPT_ADD_ADDR) && !equal_add_addr(a, b))
		return false;
	if ((s & MPTCP_OPT_RM_ADDR) &&
	    (a->rm_count != b->rm_count || a->rm_count > MPTCP_RM_IDS_MAX || memcmp(a->rm_ids, b->rm_ids, a->rm_count) != 0))
		return false;
	if ((s & MPTCP_OPT_PRIO)) {
		bool id = a->version == MPTCP_VERSION_0 && a->prio_has_id;
		if (a->prio_backup != b->prio_backup || id != (b->version == MPTCP_VERSION_0 && b->prio_has_id) ||
		    (id && a->prio_id != b->prio_id))
			return false;
	}
	if ((s & MPTCP_OPT_FAIL) && a->fail_seq != b->fail_seq)
		return false;
	if ((s & MPTCP_OPT_FASTCLOSE) && a->fastclose_key != b->fastclose_key)
		return false;
	return !(s & MPTCP_OPT_RST) ||
	       ((a->reset_flags & 0x0f) == (b->reset_flags & 0x0f) && a->reset_reason == b->reset_reason);
}
