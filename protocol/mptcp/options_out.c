/* options_out.c — which MPTCP options a subflow's segment carries, within the option budget.
 *
 * TCP calls mptcp_write_options() (the write_options hook) for every segment once its own options
 * are in place, with the space left: 40 bytes minus MSS/window scale/SACK-Permitted on a SYN,
 * minus 12 for timestamps afterwards. As Linux's mptcp_established_options(), we decide what to
 * send (an mptcp_options), then the codec serialises it:
 *
 *   SYN / SYN-ACK       MP_CAPABLE or MP_JOIN (RFC 8684 §3.1, §3.2)
 *   RST                 MP_TCPRST with our reason (§3.6), MP_FASTCLOSE (§3.5) or MP_FAIL (§3.7)
 *   third ACK, data     MP_CAPABLE with both keys until the client is fully established, with the
 *                       Data-Level Length on the first data segment (§3.1); MP_JOIN's HMAC until
 *                       the fourth ACK (§3.2); otherwise DSS: DATA_ACK always, a mapping for the
 *                       segment's payload, the DATA_FIN (§3.3)
 *   any of those        MP_FAIL, MP_PRIO, ADD_ADDR (or its echo), REMOVE_ADDR when pending
 *
 * When the set does not fit, ADD_ADDR waits for a pure ACK, where it goes alone if need be
 * (Linux drop_other_suboptions); REMOVE_ADDR, MP_PRIO and MP_FAIL wait for the next segment. SACK
 * blocks take whatever is left after us (tcp_output.c), as Linux puts DSS before SACK. */
#include "mptcp.h"

#include "mptcp_priv.h"

#include <string.h>

static uint8_t mpc_flags(const mptcp_conn *c, bool syn)
{
	/* RFC 8684 §3.1: H (HMAC-SHA256; HMAC-SHA1 in v0) is the only algorithm; A asks for checksums */
	uint8_t f = MPTCP_CAP_HMAC_SHA256;
	if (syn ? c->cfg.checksum : c->csum)
		f |= MPTCP_CAP_CHECKSUM_REQD;
	return f;
}

static size_t write_syn(mptcp_subflow *sf, const segment *seg, uint8_t *buf, size_t space)
{
	mptcp_conn *c = sf->conn;
	mptcp_options o;
	memset(&o, 0, sizeof o);
	o.version = c->version;
	sf->iss = seg->seq;
	if (sf->initial)
		c->snd_stream = seg->seq;
	bool synack = seg->flags & TCP_FLAG_ACK;
	if (sf->initial) {
		if (c->fallback)
			return 0;
		o.mpc_version = c->version;
		o.mpc_flags = mpc_flags(c, !synack);
		if (!synack) {
			o.suboptions = MPTCP_OPT_MPC_SYN;
			/* RFC 6824 §3.1: v0 sends the key on the SYN */
			o.sndr_key = c->local.key;
		} else {
			o.suboptions = MPTCP_OPT_MPC_SYNACK;
			o.sndr_key = c->local.key;
			/* RFC 8684 §3.1: C, no joins to this address and port */
			if (c->version == MPTCP_VERSION_1 && !c->cfg.allow_join_initial_addr_port)
				o.mpc_flags |= MPTCP_CAP_DENY_JOIN_ID0;
		}
	} else {
		o.join_backup = sf->backup;
		o.join_id = sf->local_id;
		o.nonce = sf->local_nonce;
		if (!synack) {
			o.suboptions = MPTCP_OPT_MPJ_SYN;
			o.token = c->remote_token;
		} else {
			/* RFC 8684 §3.2: HMAC(Key-B || Key-A, R-B || R-A), leftmost 64 bits */
			o.suboptions = MPTCP_OPT_MPJ_SYNACK;
			o.thmac = mptcp_crypto_join_thmac(c->version, c->local.key, c->remote_key, sf->local_nonce,
							  sf->remote_nonce);
		}
	}
	return mptcp_opt_write(&o, buf, space);
}

static size_t write_rst(mptcp_subflow *sf, uint8_t *buf, size_t space)
{
	mptcp_conn *c = sf->conn;
	if (c->fallback && !sf->fastclose)
		return 0;
	mptcp_options o;
	memset(&o, 0, sizeof o);
	o.version = c->version;
	if (sf->fastclose && c->remote_key_valid) {
		/* RFC 8684 §3.5: the receiver's key */
		o.suboptions |= MPTCP_OPT_FASTCLOSE;
		o.fastclose_key = c->remote_key;
	} else if (sf->send_mp_fail) {
		o.suboptions |= MPTCP_OPT_FAIL;
		o.fail_seq = sf->mp_fail_dsn;
	}
	if (c->version == MPTCP_VERSION_1) {
		o.suboptions |= MPTCP_OPT_RST;
		o.reset_reason = sf->reset_reason;
		o.reset_flags = sf->reset_transient ? MPTCP_RST_TRANSIENT : 0;
	}
	size_t n = mptcp_opt_write(&o, buf, space);
	if (!n)
		return 0;
	if (o.suboptions & MPTCP_OPT_FASTCLOSE)
		MIB_INC(c, MPTCP_MIB_MPFASTCLOSETX);
	if (o.suboptions & MPTCP_OPT_FAIL) {
		MIB_INC(c, MPTCP_MIB_MPFAILTX);
		sf->send_mp_fail = false;
	}
	if (o.suboptions & MPTCP_OPT_RST) {
		MIB_INC(c, MPTCP_MIB_MPRSTTX);
		sf->reset_reason_sent = sf->reset_reason;
	}
	return n;
}

/* Fallen back: no options, except the infinite mapping answering MP_FAIL (RFC 8684 §3.7). */
static size_t write_fallback(mptcp_subflow *sf, const segment *seg, uint8_t *buf, size_t space)
{
	mptcp_conn *c = sf->conn;
	mptcp_options o;
	memset(&o, 0, sizeof o);
	o.version = c->version;
	if (seg->payload_len && sf->tx_infinite && sf->tx_inf_write) {
		uint64_t sf_off = mptcp_subflow_sf_off(sf, seg->seq, false, sf->tx_inf_sf_off);
		if (sf_off == sf->tx_inf_sf_off) {
			/* Data-Level Length 0 is the infinite mapping; its checksum is 0 */
			o.suboptions |= MPTCP_OPT_DSS;
			o.dss_flags = MPTCP_DSS_HAS_MAP | MPTCP_DSS_DSN64;
			o.data_seq = c->local.idsn + 1 + sf->tx_inf_data_off;
			o.subflow_seq = (uint32_t)(sf_off + 1);
			o.data_len = 0;
			o.dss_has_csum = c->csum;
			o.csum = 0;
		}
	}
	if (sf->send_mp_fail) {
		o.suboptions |= MPTCP_OPT_FAIL;
		o.fail_seq = sf->mp_fail_dsn;
	}
	if (!o.suboptions)
		return 0;
	size_t n = mptcp_opt_write(&o, buf, space);
	if (n && (o.suboptions & MPTCP_OPT_DSS) && !sf->tx_inf_counted) {
		sf->tx_inf_counted = true;
		MIB_INC(c, MPTCP_MIB_INFINITEMAPTX);
	}
	if (n && (o.suboptions & MPTCP_OPT_FAIL)) {
		sf->send_mp_fail = false;
		MIB_INC(c, MPTCP_MIB_MPFAILTX);
	}
	return n;
}

/* RFC 8684 §3.3.1 over the segment's payload: each segment is a whole mapping. */
static uint16_t dss_csum(const segment *seg, uint64_t dsn, uint32_t ssn, uint16_t data_len)
{
	return mptcp_dss_csum(dsn, ssn, data_len, seg->payload_fill, seg->payload_stream, seg->payload_offset,
			      seg->payload_len);
}

/* RFC 8684 §3.1: the third ACK, and the first data segment, carry both keys until the client
 * knows the server has them (Linux mptcp_established_options_mp). */
static bool want_mpc_ack(const mptcp_subflow *sf, const segment *seg)
{
	const mptcp_conn *c = sf->conn;
	if (!sf->initial || c->server_side || c->fully_established || !c->remote_key_valid || !c->local_key_valid)
		return false;
	if ((uint32_t)(seg->seq - sf->iss) != 1u)
		return false;
	if (!seg->payload_len)
		return true;
	/* v0 has no data form; a DATA_FIN takes a DSS */
	bool fin = c->fin_queued && seg->payload_offset + seg->payload_len == c->snd_end;
	return c->version == MPTCP_VERSION_1 && !fin;
}

static size_t write_mpc_ack(mptcp_subflow *sf, const segment *seg, uint8_t *buf, size_t space)
{
	mptcp_conn *c = sf->conn;
	mptcp_options o;
	memset(&o, 0, sizeof o);
	o.version = c->version;
	o.suboptions = MPTCP_OPT_MPC_ACK;
	o.mpc_version = c->version;
	o.mpc_flags = mpc_flags(c, false);
	o.sndr_key = c->local.key;
	o.rcvr_key = c->remote_key;
	if (seg->payload_len) {
		/* the implied mapping: DSN IDSN + 1, subflow sequence number 1 */
		o.mpc_has_data = true;
		o.mpc_data_len = (uint16_t)seg->payload_len;
		if (c->csum) {
			o.mpc_has_csum = true;
			o.mpc_csum = dss_csum(seg, c->local.idsn + 1 + seg->payload_offset, 1, o.mpc_data_len);
		}
	}
	return mptcp_opt_write(&o, buf, space);
}

/* Drop optional signals until the set fits; false when even the rest does not. */
static bool fit(mptcp_conn *c, mptcp_options *o, bool pure_ack, size_t space)
{
	if (mptcp_opt_len(o) <= space)
		return true;
	if (o->suboptions & MPTCP_OPT_ADD_ADDR) {
		mptcp_options alone;
		memset(&alone, 0, sizeof alone);
		alone.version = o->version;
		alone.suboptions = MPTCP_OPT_ADD_ADDR;
		alone.add_addr_echo = o->add_addr_echo;
		alone.add_addr_id = o->add_addr_id;
		alone.add_addr = o->add_addr;
		alone.add_addr_has_port = o->add_addr_has_port;
		alone.add_addr_port = o->add_addr_port;
		alone.add_addr_hmac = o->add_addr_hmac;
		if (pure_ack) {
			if (mptcp_opt_len(&alone) <= space) {
				/* Linux drop_other_suboptions: the ADD_ADDR goes alone */
				*o = alone;
				return true;
			}
			/* it never will fit */
			mptcp_pm_add_addr_unfit(c, o);
		}
		o->suboptions &= ~(uint32_t)MPTCP_OPT_ADD_ADDR;
		if (mptcp_opt_len(o) <= space)
			return true;
	}
	static const uint32_t optional[] = { MPTCP_OPT_RM_ADDR, MPTCP_OPT_PRIO, MPTCP_OPT_FAIL };
	for (size_t i = 0; i < G_N_ELEMENTS(optional); i++) {
		o->suboptions &= ~optional[i];
		if (mptcp_opt_len(o) <= space)
			return true;
	}
	return false;
}

size_t mptcp_write_options(void *ctx, tcp_conn *tc, const segment *seg, uint8_t *buf, size_t space, sim_time_t now)
{
	(void)tc;
	mptcp_subflow *sf = ctx;
	mptcp_conn *c = sf->conn;
	if (seg->flags & TCP_FLAG_RST)
		return write_rst(sf, buf, space);
	if (seg->flags & TCP_FLAG_SYN)
		return write_syn(sf, seg, buf, space);
	if (c->fallback)
		return write_fallback(sf, seg, buf, space);
	if (want_mpc_ack(sf, seg))
		return write_mpc_ack(sf, seg, buf, space);
	bool pure = seg->payload_len == 0;
	mptcp_options o;
	memset(&o, 0, sizeof o);
	o.version = c->version;
	if (!sf->initial && !sf->passive && !sf->fully_established) {
		/* RFC 8684 §3.2: the third ACK's HMAC(Key-A || Key-B, R-A || R-B), until the fourth ACK */
		if (!pure || (uint32_t)(seg->seq - sf->iss) != 1u)
			return 0;
		o.suboptions = MPTCP_OPT_MPJ_ACK;
		mptcp_crypto_join_hmac(c->version, c->local.key, c->remote_key, sf->local_nonce, sf->remote_nonce, o.hmac);
		return mptcp_opt_write(&o, buf, space);
	}
	if (!c->remote_key_valid)
		return 0;
	/* RFC 8684 §3.3.2: every segment acknowledges at the data level */
	o.suboptions |= MPTCP_OPT_DSS;
	o.dss_flags = MPTCP_DSS_HAS_ACK | (c->ack64 ? MPTCP_DSS_ACK64 : 0);
	o.data_ack = mptcp_conn_data_ack_value(c);
	if (!pure) {
		/* the segment's payload is its own mapping (§3.3.1): DSN, relative SSN, length */
		uint64_t data_off = seg->payload_offset;
		bool fin = c->fin_queued && data_off + seg->payload_len == c->snd_end;
		o.dss_flags |= MPTCP_DSS_HAS_MAP | (c->cfg.dsn_bytes == 8 ? MPTCP_DSS_DSN64 : 0) | (fin ? MPTCP_DSS_DATA_FIN : 0);
		o.data_seq = c->local.idsn + 1 + data_off;
		o.subflow_seq = seg->seq - sf->iss;
		o.data_len = (uint16_t)(seg->payload_len + (fin ? 1u : 0u));
		if (c->csum) {
			/* the pseudo-header always has the 64-bit DSN */
			o.dss_has_csum = true;
			o.csum = dss_csum(seg, o.data_seq, o.subflow_seq, o.data_len);
		}
	} else if (mptcp_conn_data_fin_ready(c)) {
		/* §3.3.3: a DATA_FIN without data: its DSN, subflow sequence number 0, length 1 (Linux
		 * mptcp_write_data_fin, on every pure ACK until acknowledged) */
		o.dss_flags |= MPTCP_DSS_HAS_MAP | MPTCP_DSS_DSN64 | MPTCP_DSS_DATA_FIN;
		o.data_seq = c->local.idsn + 1 + c->snd_end;
		o.subflow_seq = 0;
		o.data_len = 1;
		if (c->csum) {
			o.dss_has_csum = true;
			o.csum = mptcp_dss_csum(o.data_seq, 0, 1, NULL, 0, 0, 0);
		}
	}
	if (sf->send_mp_fail) {
		o.suboptions |= MPTCP_OPT_FAIL;
		o.fail_seq = sf->mp_fail_dsn;
	}
	if (sf->prio_pending) {
		/* RFC 8684 §3.3.8: MP_PRIO applies to the subflow it is sent on */
		o.suboptions |= MPTCP_OPT_PRIO;
		o.prio_backup = sf->backup;
	}
	mptcp_pm_fill_options(c, &o);
	if (!fit(c, &o, pure, space))
		return 0;
	size_t n = mptcp_opt_write(&o, buf, space);
	if (!n)
		return 0;
	if ((o.suboptions & MPTCP_OPT_DSS) && (o.dss_flags & MPTCP_DSS_DATA_FIN))
		mptcp_conn_data_fin_written(c, now);
	if (o.suboptions & MPTCP_OPT_FAIL) {
		sf->send_mp_fail = false;
		MIB_INC(c, MPTCP_MIB_MPFAILTX);
	}
	if (o.suboptions & MPTCP_OPT_PRIO) {
		sf->prio_pending = false;
		MIB_INC(c, MPTCP_MIB_MPPRIOTX);
	}
	mptcp_pm_options_sent(c, &o, now);
	return n;
}
