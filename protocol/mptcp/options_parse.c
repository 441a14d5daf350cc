/* options_parse.c — reading MPTCP options (options.h): the option walk, one parser per subtype,
 * and the name tables.
 *
 * Each subtype parser gets the option's bytes (kind and length included) and its length, already
 * checked to lie inside the caller's buffer, and reads nothing beyond o[len - 1]: the length
 * checks come first, every read after them. A parser returns a reason and writes into `out` only
 * when the option is well-formed. */
#include "options.h"

#include "segment.h"

#include <string.h>

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

/* Which of the three handshake segments this is (RFC 8684 §3.1, §3.2). */
typedef enum seg_kind {
	SEG_SYN,
	SEG_SYNACK,
	SEG_OTHER,
} seg_kind;

static seg_kind ctx_seg_kind(const mptcp_opt_ctx *ctx)
{
	if (!(ctx->tcp_flags & TCP_FLAG_SYN))
		return SEG_OTHER;
	return (ctx->tcp_flags & TCP_FLAG_ACK) ? SEG_SYNACK : SEG_SYN;
}

/* ---- MP_CAPABLE, RFC 8684 §3.1 / RFC 6824 §3.1 ---- */

static bool mpc_len_valid(uint8_t version, size_t len)
{
	if (version == MPTCP_VERSION_0)
		return len == TCPOLEN_MPTCP_MPC_SYN_V0 || len == TCPOLEN_MPTCP_MPC_ACK;
	return len == TCPOLEN_MPTCP_MPC_SYN || len == TCPOLEN_MPTCP_MPC_SYNACK || len == TCPOLEN_MPTCP_MPC_ACK ||
	       len == TCPOLEN_MPTCP_MPC_ACK_DATA || len == TCPOLEN_MPTCP_MPC_ACK_DATA_CSUM;
}

static mptcp_opt_reason parse_mp_capable(const uint8_t *o, size_t len, const mptcp_opt_ctx *ctx, mptcp_options *out)
{
	if (len < TCPOLEN_MPTCP_MPC_SYN)
		return MPTCP_OPT_ERR_LENGTH; /* no flags byte */
	uint8_t version = o[2] & MPTCP_VERSION_MASK;
	seg_kind sk = ctx_seg_kind(ctx);
	/* RFC 8684 §3.1: the SYN proposes the highest version its sender supports, so any version is
	 * read there ("try to be gentle vs future versions on the initial syn", Linux); the SYN/ACK
	 * answers with a version "equal to or lower than" the proposal; later segments repeat the
	 * version in use. Versions above 1 follow v1's forms. */
	if (sk == SEG_SYNACK && version > ctx->version)
		return MPTCP_OPT_ERR_VERSION;
	if (sk == SEG_OTHER && version != ctx->version)
		return MPTCP_OPT_ERR_VERSION;
	if (!mpc_len_valid(version, len))
		return MPTCP_OPT_ERR_LENGTH;

	uint32_t bit;
	size_t want, want_alt = 0;
	if (sk == SEG_SYN) {
		bit = MPTCP_OPT_MPC_SYN;
		want = version == MPTCP_VERSION_0 ? TCPOLEN_MPTCP_MPC_SYN_V0 : TCPOLEN_MPTCP_MPC_SYN;
	} else if (sk == SEG_SYNACK) {
		bit = MPTCP_OPT_MPC_SYNACK;
		want = TCPOLEN_MPTCP_MPC_SYNACK;
	} else {
		bit = MPTCP_OPT_MPC_ACK;
		want = TCPOLEN_MPTCP_MPC_ACK;
		/* RFC 8684 §3.1: a third ACK that carries data carries its Data-Level Length, and a
		 * checksum if checksums are in use; Linux takes either length, and enforces the
		 * negotiated checksum later (RFC 8684 §3.3). v0 has no data form (RFC 6824 §3.1). */
		if (version != MPTCP_VERSION_0 && ctx->payload_len > 0) {
			want = TCPOLEN_MPTCP_MPC_ACK_DATA;
			want_alt = TCPOLEN_MPTCP_MPC_ACK_DATA_CSUM;
		}
	}
	if (len != want && len != want_alt)
		return MPTCP_OPT_ERR_SEGMENT;

	/* RFC 8684 §3.1: B "MUST be set to 0"; H is the only algorithm, and Linux refuses any other
	 * algorithm bit (mptcp_cap_flag_sha256). RFC 6824 §3.1: C..H are all algorithm bits. */
	uint8_t flags = o[3];
	uint8_t algo_mask = version == MPTCP_VERSION_0 ? MPTCP_CAP_FLAG_MASK_V0 : MPTCP_CAP_FLAG_MASK;
	if ((flags & MPTCP_CAP_EXTENSIBILITY) || (flags & algo_mask) != MPTCP_CAP_HMAC_SHA256)
		return MPTCP_OPT_ERR_FLAGS;

	out->suboptions |= bit;
	out->mpc_version = version;
	out->mpc_flags = flags;
	out->sndr_key = len >= TCPOLEN_MPTCP_MPC_SYNACK ? get64(o + 4) : 0;
	out->rcvr_key = len >= TCPOLEN_MPTCP_MPC_ACK ? get64(o + 12) : 0;
	out->mpc_has_data = len >= TCPOLEN_MPTCP_MPC_ACK_DATA;
	out->mpc_data_len = out->mpc_has_data ? get16(o + 20) : 0;
	out->mpc_has_csum = len == TCPOLEN_MPTCP_MPC_ACK_DATA_CSUM;
	out->mpc_csum = out->mpc_has_csum ? get16(o + 22) : 0;
	return MPTCP_OPT_OK;
}

/* ---- MP_JOIN, RFC 8684 §3.2 (unchanged from RFC 6824 §3.2) ---- */

static mptcp_opt_reason parse_mp_join(const uint8_t *o, size_t len, const mptcp_opt_ctx *ctx, mptcp_options *out)
{
	if (len != TCPOLEN_MPTCP_MPJ_SYN && len != TCPOLEN_MPTCP_MPJ_SYNACK && len != TCPOLEN_MPTCP_MPJ_ACK)
		return MPTCP_OPT_ERR_LENGTH;
	/* Figures 5-7: the SYN form on the SYN, the SYN/ACK form on the SYN/ACK, the HMAC on the third
	 * ACK. (Linux picks the form by length alone and lets the subflow state machine ignore a form
	 * out of place; rejecting it here tells the caller why.) */
	seg_kind sk = ctx_seg_kind(ctx);
	size_t want = sk == SEG_SYN ? TCPOLEN_MPTCP_MPJ_SYN
				    : sk == SEG_SYNACK ? TCPOLEN_MPTCP_MPJ_SYNACK : TCPOLEN_MPTCP_MPJ_ACK;
	if (len != want)
		return MPTCP_OPT_ERR_SEGMENT;
	if (sk == SEG_SYN) {
		out->suboptions |= MPTCP_OPT_MPJ_SYN;
		out->join_backup = (o[2] & MPTCPOPT_BACKUP) != 0;
		out->join_id = o[3];
		out->token = get32(o + 4);
		out->nonce = get32(o + 8);
		out->thmac = 0;
	} else if (sk == SEG_SYNACK) {
		out->suboptions |= MPTCP_OPT_MPJ_SYNACK;
		out->join_backup = (o[2] & MPTCPOPT_BACKUP) != 0;
		out->join_id = o[3];
		out->token = 0;
		out->thmac = get64(o + 4);
		out->nonce = get32(o + 12);
	} else {
		/* The 12 bits after the subtype are reserved. */
		out->suboptions |= MPTCP_OPT_MPJ_ACK;
		memcpy(out->hmac, o + 4, MPTCPOPT_HMAC_LEN);
	}
	return MPTCP_OPT_OK;
}

/* ---- DSS, RFC 8684 §3.3 (Figure 9) ---- */

static mptcp_opt_reason parse_dss(const uint8_t *o, size_t len, mptcp_options *out)
{
	if (len < TCPOLEN_MPTCP_DSS_BASE)
		return MPTCP_OPT_ERR_LENGTH;
	/* The 7 bits above F..A are reserved. */
	uint8_t flags = o[3] & MPTCP_DSS_FLAG_MASK;
	size_t want = mptcp_dss_len(flags, false);
	/* RFC 8684 §3.3: the checksum follows the Data-Level Length, so it exists only with a mapping.
	 * Its presence is accepted either way here, as Linux does; whether it was negotiated is
	 * checked by the receiver (RFC 8684 §3.3: reset the subflow on a mismatch). */
	bool csum = (flags & MPTCP_DSS_HAS_MAP) && len == want + TCPOLEN_MPTCP_DSS_CHECKSUM;
	if (len != want && !csum)
		return MPTCP_OPT_ERR_LENGTH;

	const uint8_t *p = o + 4;
	out->suboptions |= MPTCP_OPT_DSS;
	out->dss_flags = flags;
	out->data_ack = 0;
	if (flags & MPTCP_DSS_HAS_ACK) {
		if (flags & MPTCP_DSS_ACK64) {
			out->data_ack = get64(p);
			p += 8;
		} else {
			out->data_ack = get32(p);
			p += 4;
		}
	}
	out->data_seq = 0;
	out->subflow_seq = 0;
	out->data_len = 0;
	if (flags & MPTCP_DSS_HAS_MAP) {
		if (flags & MPTCP_DSS_DSN64) {
			out->data_seq = get64(p);
			p += 8;
		} else {
			out->data_seq = get32(p);
			p += 4;
		}
		out->subflow_seq = get32(p);
		out->data_len = get16(p + 4);
		p += 6;
	}
	out->dss_has_csum = csum;
	out->csum = csum ? get16(p) : 0;
	return MPTCP_OPT_OK;
}

/* ---- ADD_ADDR, RFC 8684 §3.4.1 (Figure 12) and RFC 6824 §3.4.1 ---- */

static mptcp_opt_reason parse_add_addr(const uint8_t *o, size_t len, const mptcp_opt_ctx *ctx, mptcp_options *out)
{
	bool v6, port, echo = false;
	if (ctx->version == MPTCP_VERSION_0) {
		/* RFC 6824: Subtype | IPVer | Address ID | Address | Port (optional); no HMAC, no echo. */
		if (len == TCPOLEN_MPTCP_ADD_ADDR_BASE || len == TCPOLEN_MPTCP_ADD_ADDR_BASE_PORT)
			v6 = false;
		else if (len == TCPOLEN_MPTCP_ADD_ADDR6_BASE || len == TCPOLEN_MPTCP_ADD_ADDR6_BASE_PORT)
			v6 = true;
		else
			return MPTCP_OPT_ERR_LENGTH;
		if ((o[2] & 0x0f) != (v6 ? MPTCP_ADDR_IPVERSION_6 : MPTCP_ADDR_IPVERSION_4))
			return MPTCP_OPT_ERR_IP_VERSION;
		port = len == TCPOLEN_MPTCP_ADD_ADDR_BASE_PORT || len == TCPOLEN_MPTCP_ADD_ADDR6_BASE_PORT;
	} else {
		/* RFC 8684: no IPVer; three reserved bits and E. Family and port follow from the length,
		 * and an echo carries no HMAC. */
		echo = (o[2] & MPTCP_ADDR_ECHO) != 0;
		if (echo) {
			if (len == TCPOLEN_MPTCP_ADD_ADDR_BASE || len == TCPOLEN_MPTCP_ADD_ADDR_BASE_PORT)
				v6 = false;
			else if (len == TCPOLEN_MPTCP_ADD_ADDR6_BASE || len == TCPOLEN_MPTCP_ADD_ADDR6_BASE_PORT)
				v6 = true;
			else
				return MPTCP_OPT_ERR_LENGTH;
			port = len == TCPOLEN_MPTCP_ADD_ADDR_BASE_PORT || len == TCPOLEN_MPTCP_ADD_ADDR6_BASE_PORT;
		} else {
			if (len == TCPOLEN_MPTCP_ADD_ADDR || len == TCPOLEN_MPTCP_ADD_ADDR_PORT)
				v6 = false;
			else if (len == TCPOLEN_MPTCP_ADD_ADDR6 || len == TCPOLEN_MPTCP_ADD_ADDR6_PORT)
				v6 = true;
			else
				return MPTCP_OPT_ERR_LENGTH;
			port = len == TCPOLEN_MPTCP_ADD_ADDR_PORT || len == TCPOLEN_MPTCP_ADD_ADDR6_PORT;
		}
	}

	size_t alen = v6 ? 16 : 4;
	out->suboptions |= MPTCP_OPT_ADD_ADDR;
	out->add_addr_echo = echo;
	out->add_addr_id = o[3];
	memset(&out->add_addr, 0, sizeof out->add_addr);
	out->add_addr.family = v6 ? NET_AF_INET6 : NET_AF_INET;
	memcpy(out->add_addr.bytes, o + 4, alen);
	out->add_addr_has_port = port;
	out->add_addr_port = port ? get16(o + 4 + alen) : 0;
	bool hmac = ctx->version != MPTCP_VERSION_0 && !echo;
	out->add_addr_hmac = hmac ? get64(o + 4 + alen + (port ? 2 : 0)) : 0;
	return MPTCP_OPT_OK;
}

/* ---- REMOVE_ADDR, RFC 8684 §3.4.2 (Figure 13) ---- */

static mptcp_opt_reason parse_rm_addr(const uint8_t *o, size_t len, mptcp_options *out)
{
	/* At least one ID; at most MPTCP_RM_IDS_MAX, as Linux (its path manager has no more). */
	if (len < TCPOLEN_MPTCP_RM_ADDR_BASE + 1u || len > TCPOLEN_MPTCP_RM_ADDR_BASE + (size_t)MPTCP_RM_IDS_MAX)
		return MPTCP_OPT_ERR_LENGTH;
	out->suboptions |= MPTCP_OPT_RM_ADDR;
	out->rm_count = (uint8_t)(len - TCPOLEN_MPTCP_RM_ADDR_BASE);
	memset(out->rm_ids, 0, sizeof out->rm_ids);
	memcpy(out->rm_ids, o + TCPOLEN_MPTCP_RM_ADDR_BASE, out->rm_count);
	return MPTCP_OPT_OK;
}

/* ---- MP_PRIO, RFC 8684 §3.3.8 (Figure 11) and RFC 6824 §3.3.8 ---- */

static mptcp_opt_reason parse_mp_prio(const uint8_t *o, size_t len, const mptcp_opt_ctx *ctx, mptcp_options *out)
{
	/* RFC 8684 §5 removed the AddrID that RFC 6824 allowed. */
	bool id = ctx->version == MPTCP_VERSION_0 && len == TCPOLEN_MPTCP_PRIO_V0_ADDRID;
	if (len != TCPOLEN_MPTCP_PRIO && !id)
		return MPTCP_OPT_ERR_LENGTH;
	out->suboptions |= MPTCP_OPT_PRIO;
	out->prio_backup = (o[2] & MPTCP_PRIO_BKUP) != 0;
	out->prio_has_id = id;
	out->prio_id = id ? o[3] : 0;
	return MPTCP_OPT_OK;
}

/* ---- MP_FAIL (RFC 8684 §3.7, Figure 16), MP_FASTCLOSE (§3.5, Figure 14) ---- */

static mptcp_opt_reason parse_mp_fail(const uint8_t *o, size_t len, mptcp_options *out)
{
	if (len != TCPOLEN_MPTCP_FAIL)
		return MPTCP_OPT_ERR_LENGTH;
	out->suboptions |= MPTCP_OPT_FAIL;
	out->fail_seq = get64(o + 4);
	return MPTCP_OPT_OK;
}

static mptcp_opt_reason parse_mp_fastclose(const uint8_t *o, size_t len, mptcp_options *out)
{
	if (len != TCPOLEN_MPTCP_FASTCLOSE)
		return MPTCP_OPT_ERR_LENGTH;
	out->suboptions |= MPTCP_OPT_FASTCLOSE;
	out->fastclose_key = get64(o + 4);
	return MPTCP_OPT_OK;
}

/* ---- MP_TCPRST, RFC 8684 §3.6 (Figure 15) ---- */

static mptcp_opt_reason parse_mp_tcprst(const uint8_t *o, size_t len, const mptcp_opt_ctx *ctx, mptcp_options *out)
{
	if (ctx->version == MPTCP_VERSION_0)
		return MPTCP_OPT_ERR_VERSION; /* RFC 6824 has no MP_TCPRST: subtype 8 is unassigned there */
	if (len != TCPOLEN_MPTCP_RST)
		return MPTCP_OPT_ERR_LENGTH;
	/* It explains a reset, and Linux reads it only on a segment with RST set. */
	if (!(ctx->tcp_flags & TCP_FLAG_RST))
		return MPTCP_OPT_ERR_SEGMENT;
	out->suboptions |= MPTCP_OPT_RST;
	out->reset_flags = o[2] & 0x0f;
	out->reset_reason = o[3];
	return MPTCP_OPT_OK;
}

/* ---- the walk ---- */

static mptcp_opt_reason parse_one(const uint8_t *o, size_t len, const mptcp_opt_ctx *ctx, mptcp_options *out)
{
	switch (o[2] >> 4) {
	case MPTCPOPT_MP_CAPABLE:
		return parse_mp_capable(o, len, ctx, out);
	case MPTCPOPT_MP_JOIN:
		return parse_mp_join(o, len, ctx, out);
	case MPTCPOPT_DSS:
		return parse_dss(o, len, out);
	case MPTCPOPT_ADD_ADDR:
		return parse_add_addr(o, len, ctx, out);
	case MPTCPOPT_RM_ADDR:
		return parse_rm_addr(o, len, out);
	case MPTCPOPT_MP_PRIO:
		return parse_mp_prio(o, len, ctx, out);
	case MPTCPOPT_MP_FAIL:
		return parse_mp_fail(o, len, out);
	case MPTCPOPT_MP_FASTCLOSE:
		return parse_mp_fastclose(o, len, out);
	case MPTCPOPT_RST:
		return parse_mp_tcprst(o, len, ctx, out);
	default:
		return MPTCP_OPT_ERR_SUBTYPE;
	}
}

static mptcp_opt_reason note_bad(mptcp_opt_report *rep, mptcp_opt_reason first, size_t offset, uint8_t subtype,
				 mptcp_opt_reason why)
{
	if (rep) {
		if (rep->n_bad < MPTCP_OPT_BAD_MAX) {
			rep->bad[rep->n_bad].offset = (uint32_t)offset;
			rep->bad[rep->n_bad].subtype = subtype;
			rep->bad[rep->n_bad].reason = why;
		}
		rep->n_bad++;
	}
	return first != MPTCP_OPT_OK ? first : why;
}

mptcp_opt_reason mptcp_opt_parse(const uint8_t *opts, size_t len, const mptcp_opt_ctx *ctx, mptcp_options *out,
				 mptcp_opt_report *report)
{
	memset(out, 0, sizeof *out);
	out->version = ctx->version;
	if (report)
		memset(report, 0, sizeof *report);
	mptcp_opt_reason first = MPTCP_OPT_OK;
	size_t i = 0;
	while (i < len) {
		uint8_t kind = opts[i];
		if (kind == TCPOPT_EOL)
			break; /* RFC 9293 §3.2: the rest is padding */
		if (kind == TCPOPT_NOP) {
			i++;
			continue;
		}
		/* RFC 9293 §3.2: every other option has a length octet that counts kind and length.
		 * A length below 2 or past the end leaves the rest unparseable: stop, as Linux does. */
		size_t left = len - i;
		size_t olen = left >= 2 ? opts[i + 1] : 0;
		if (olen < 2 || olen > left) {
			uint8_t st = MPTCP_SUBTYPE_NONE;
			if (kind == TCPOPT_MPTCP) {
				if (report)
					report->n_mptcp++;
				if (left >= 3)
					st = opts[i + 2] >> 4;
			}
			first = note_bad(report, first, i, st, MPTCP_OPT_ERR_TCP_OPTION);
			break;
		}
		if (kind == TCPOPT_MPTCP) {
			if (report)
				report->n_mptcp++;
			mptcp_opt_reason r;
			uint8_t st = MPTCP_SUBTYPE_NONE;
			if (olen < 3) {
				r = MPTCP_OPT_ERR_LENGTH; /* no subtype */
			} else {
				st = opts[i + 2] >> 4;
				r = parse_one(opts + i, olen, ctx, out);
			}
			if (r != MPTCP_OPT_OK)
				first = note_bad(report, first, i, st, r);
		}
		i += olen;
	}
	return first;
}

/* ---- names ---- */

static const char *const reason_names[MPTCP_OPT_REASON_COUNT] = {
	[MPTCP_OPT_OK] = "ok",
	[MPTCP_OPT_ERR_TCP_OPTION] = "tcp-option-length",
	[MPTCP_OPT_ERR_LENGTH] = "bad-length",
	[MPTCP_OPT_ERR_SEGMENT] = "wrong-segment",
	[MPTCP_OPT_ERR_VERSION] = "bad-version",
	[MPTCP_OPT_ERR_FLAGS] = "bad-flags",
	[MPTCP_OPT_ERR_IP_VERSION] = "bad-ip-version",
	[MPTCP_OPT_ERR_SUBTYPE] = "unknown-subtype",
};

const char *mptcp_opt_reason_name(mptcp_opt_reason r)
{
	if ((unsigned)r >= MPTCP_OPT_REASON_COUNT)
		return "unknown";
	return reason_names[r];
}

const char *mptcp_subtype_name(uint8_t subtype)
{
	switch (subtype) {
	case MPTCPOPT_MP_CAPABLE: return "MP_CAPABLE";
	case MPTCPOPT_MP_JOIN: return "MP_JOIN";
	case MPTCPOPT_DSS: return "DSS";
	case MPTCPOPT_ADD_ADDR: return "ADD_ADDR";
	case MPTCPOPT_RM_ADDR: return "REMOVE_ADDR";
	case MPTCPOPT_MP_PRIO: return "MP_PRIO";
	case MPTCPOPT_MP_FAIL: return "MP_FAIL";
	case MPTCPOPT_MP_FASTCLOSE: return "MP_FASTCLOSE";
	case MPTCPOPT_RST: return "MP_TCPRST";
	case MPTCPOPT_MP_EXPERIMENTAL: return "MP_EXPERIMENTAL";
	default: return "unknown";
	}
}

const char *mptcp_opt_name(uint32_t bit)
{
	switch (bit) {
	case MPTCP_OPT_MPC_SYN: return "MP_CAPABLE SYN";
	case MPTCP_OPT_MPC_SYNACK: return "MP_CAPABLE SYN/ACK";
	case MPTCP_OPT_MPC_ACK: return "MP_CAPABLE ACK";
	case MPTCP_OPT_MPJ_SYN: return "MP_JOIN SYN";
	case MPTCP_OPT_MPJ_SYNACK: return "MP_JOIN SYN/ACK";
	case MPTCP_OPT_MPJ_ACK: return "MP_JOIN ACK";
	case MPTCP_OPT_DSS: return "DSS";
	case MPTCP_OPT_ADD_ADDR: return "ADD_ADDR";
	case MPTCP_OPT_RM_ADDR: return "REMOVE_ADDR";
	case MPTCP_OPT_PRIO: return "MP_PRIO";
	case MPTCP_OPT_FAIL: return "MP_FAIL";
	case MPTCP_OPT_FASTCLOSE: return "MP_FASTCLOSE";
	case MPTCP_OPT_RST: return "MP_TCPRST";
	default: return "unknown";
	}
}

const char *mptcp_opt_rx_mib_name(const mptcp_options *o, uint32_t bit)
{
	/* Linux net/mptcp/mib.c, the counters of received options. */
	switch (bit) {
	case MPTCP_OPT_MPC_SYN: return "MPCapableSYNRX";
	case MPTCP_OPT_MPC_SYNACK: return "MPCapableSYNACKRX";
	case MPTCP_OPT_MPC_ACK: return "MPCapableACKRX";
	case MPTCP_OPT_MPJ_SYN: return "MPJoinSynRx";
	case MPTCP_OPT_MPJ_SYNACK: return "MPJoinSynAckRx";
	case MPTCP_OPT_MPJ_ACK: return "MPJoinAckRx";
	case MPTCP_OPT_ADD_ADDR: return o->add_addr_echo ? "EchoAdd" : "AddAddr";
	case MPTCP_OPT_RM_ADDR: return "RmAddr";
	case MPTCP_OPT_PRIO: return "MPPrioRx";
	case MPTCP_OPT_FAIL: return "MPFailRx";
	case MPTCP_OPT_FASTCLOSE: return "MPFastcloseRx";
	case MPTCP_OPT_RST: return "MPRstRx";
	default: return NULL;
	}
}

const char *mptcp_rst_reason_name(uint8_t reason)
{
	/* RFC 8684 §3.6, the reason codes as the RFC words them. */
	switch (reason) {
	case MPTCP_RST_EUNSPEC: return "unspecified error";
	case MPTCP_RST_EMPTCP: return "MPTCP-specific error";
	case MPTCP_RST_ERESOURCE: return "lack of resources";
	case MPTCP_RST_EPROHIBIT: return "administratively prohibited";
	case MPTCP_RST_EWQ2BIG: return "too much outstanding data";
	case MPTCP_RST_EBADPERF: return "unacceptable performance";
	case MPTCP_RST_EMIDDLEBOX: return "middlebox interference";
	default: return "unknown";
	}
}

uint64_t mptcp_expand_seq(uint64_t old_seq, uint32_t cur_seq32)
{
	uint32_t old_seq32 = (uint32_t)old_seq;
	uint64_t cur = (old_seq & ~(uint64_t)UINT32_MAX) + cur_seq32;
	/* Serial-number arithmetic on the low 32 bits: the new value is ahead of the old one when it
	 * is less than 2^31 ahead (Linux before()/after()). */
	if (cur_seq32 < old_seq32 && (int32_t)(old_seq32 - cur_seq32) < 0)
		return cur + (UINT64_C(1) << 32);
	if (cur_seq32 > old_seq32 && (int32_t)(cur_seq32 - old_seq32) < 0)
		return cur - (UINT64_C(1) << 32);
	return cur;
}
