/* options_in.c — what the MPTCP options of a received segment do (Linux mptcp_incoming_options and
 * the subflow handshake checks).
 *
 * TCP shows every segment to mptcp_on_input() (the on_input hook) before processing it. The
 * options are parsed for the connection's version (the codec ignores and we count malformed
 * ones), then, by the subflow's state:
 *
 *   SYN-ACK           MP_CAPABLE: version, checksums, C flag, the server's key; without it the
 *                     client falls back (RFC 8684 §3.1, §3.7). MP_JOIN: the truncated HMAC is
 *                     checked, a bad one resets the subflow (§3.2).
 *   completing ACK    the server's third ACK: MP_CAPABLE with both keys (and maybe data), or
 *                     fallback; a join's HMAC, a bad one resets (MPJoinAckHMacFailure).
 *   afterwards        DSS (DATA_ACK, mapping, DATA_FIN, infinite mapping), ADD_ADDR and its echo,
 *                     REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE; on a RST, MP_TCPRST.
 *
 * Returning false makes TCP drop the segment (the subflow was just reset for it). */
#include "mptcp.h"

#include "mptcp_priv.h"

#include <string.h>

void mptcp_parse(mptcp_stack *st, const segment *seg, uint8_t version, mptcp_options *out)
{
	mptcp_opt_ctx ctx = { .version = version, .tcp_flags = seg->flags, .payload_len = seg->payload_len };
	mptcp_opt_report rep;
	size_t len = seg->opt_len < TCP_OPTIONS_MAX ? seg->opt_len : TCP_OPTIONS_MAX;
	mptcp_opt_parse(seg->options, len, &ctx, out, &rep);
	st->mib[MPTCP_MIB_OPTMALFORMED] += rep.n_bad;
}

/* Reset a subflow whose TCP is still in SYN-SENT (no RST of its own): answer `seg` ourselves. */
static void reset_handshake(mptcp_subflow *sf, const segment *seg, uint8_t reason, sim_time_t now)
{
	mptcp_stack_reset_for(sf->conn->st, seg, true, reason, now);
	sf->reset_reason_sent = reason;
	mptcp_subflow_reset(sf, reason, now);
}

static bool input_synack(mptcp_subflow *sf, const segment *seg, const mptcp_options *o, sim_time_t now)
{
	mptcp_conn *c = sf->conn;
	sf->irs = seg->seq;
	sf->irs_known = true;
	if (sf->initial) {
		c->rcv_stream = seg->seq;
		if (c->fallback)
			return true;
		bool mpc = o->suboptions & MPTCP_OPT_MPC_SYNACK;
		/* RFC 8684 §3.1: the answer is our version or a lower one that we speak */
		if (mpc && o->mpc_version < c->version && !c->cfg.accept_v0)
			mpc = false;
		if (!mpc) {
			MIB_INC(c, MPTCP_MIB_MPCAPABLEACTIVEFALLBACK);
			mptcp_conn_do_fallback(c, now);
			return true;
		}
		MIB_INC(c, MPTCP_MIB_MPCAPABLEACTIVEACK);
		c->version = o->mpc_version;
		c->csum = c->cfg.checksum || (o->mpc_flags & MPTCP_CAP_CHECKSUM_REQD);
		c->peer_deny_join_id0 = c->version == MPTCP_VERSION_1 && (o->mpc_flags & MPTCP_CAP_DENY_JOIN_ID0);
		mptcp_conn_set_remote_key(c, o->sndr_key);
		return true;
	}
	if (!(o->suboptions & MPTCP_OPT_MPJ_SYNACK)) {
		/* a join cannot fall back (§3.7) */
		reset_handshake(sf, seg, MPTCP_RST_EMPTCP, now);
		return false;
	}
	MIB_INC(c, MPTCP_MIB_JOINSYNACKRX);
	if (o->join_backup)
		MIB_INC(c, MPTCP_MIB_JOINSYNACKBACKUPRX);
	/* RFC 8684 §3.2: HMAC(Key-B || Key-A, R-B || R-A), leftmost 64 bits */
	uint64_t want = mptcp_crypto_join_thmac(c->version, c->remote_key, c->local.key, o->nonce, sf->local_nonce);
	if (want != o->thmac) {
		MIB_INC(c, MPTCP_MIB_JOINSYNACKMAC);
		reset_handshake(sf, seg, MPTCP_RST_EMPTCP, now);
		return false;
	}
	sf->remote_nonce = o->nonce;
	sf->remote_id = o->join_id;
	sf->peer_backup = o->join_backup;
	return true;
}

/* The MP_CAPABLE data form is a mapping like a DSS's (RFC 8684 §3.1). */
static bool mpc_data_mapping(mptcp_subflow *sf, const segment *seg, const mptcp_options *o, uint64_t seg_off,
			     sim_time_t now)
{
	mptcp_conn *c = sf->conn;
	if (!o->mpc_has_data || !o->mpc_data_len)
		return true;
	mptcp_rx_map m = { 0 };
	m.sf_off = 0;
	m.data_off = 0;
	m.len = o->mpc_data_len;
	m.dsn = c->remote_idsn + 1;
	m.ssn = 1;
	m.data_len = o->mpc_data_len;
	m.csum = o->mpc_csum;
	if (c->csum && !o->mpc_has_csum) {
		MIB_INC(c, MPTCP_MIB_DSSCORRUPTIONRESET);
		mptcp_subflow_reset(sf, MPTCP_RST_EMPTCP, now);
		return false;
	}
	return mptcp_recv_mapping(sf, &m, false, seg, seg_off, now);
}

/* The server's subflow in SYN-RECEIVED and a segment that completes its handshake. */
static bool input_third_ack(mptcp_subflow *sf, const segment *seg, const mptcp_options *o, uint64_t seg_off,
			    sim_time_t now)
{
	mptcp_conn *c = sf->conn;
	if (sf->initial) {
		if (c->fallback)
			return true;
		bool mpc = (o->suboptions & MPTCP_OPT_MPC_ACK) && o->rcvr_key == c->local.key &&
			   (!c->remote_key_valid || o->sndr_key == c->remote_key);
		if (mpc) {
			MIB_INC(c, MPTCP_MIB_MPCAPABLEPASSIVEACK);
			if (!c->remote_key_valid)
				mptcp_conn_set_remote_key(c, o->sndr_key);
			mptcp_conn_fully_established(c, now);
			return mpc_data_mapping(sf, seg, o, seg_off, now);
		}
		if (c->version == MPTCP_VERSION_0 && c->remote_key_valid && (o->suboptions & MPTCP_OPT_DSS)) {
			/* RFC 6824: the key came with the SYN; a DSS shows the third ACK was lost */
			mptcp_conn_fully_established(c, now);
			return true;
		}
		/* RFC 8684 §3.7 (Linux subflow_syn_recv_sock): no MP_CAPABLE on the ACK that completes
		 * the handshake: plain TCP */
		MIB_INC(c, MPTCP_MIB_MPCAPABLEPASSIVEFALLBACK);
		mptcp_conn_do_fallback(c, now);
		return true;
	}
	if (!(o->suboptions & MPTCP_OPT_MPJ_ACK)) {
		MIB_INC(c, MPTCP_MIB_DSSCORRUPTIONRESET);
		mptcp_subflow_reset(sf, MPTCP_RST_EMPTCP, now);
		return false;
	}
	MIB_INC(c, MPTCP_MIB_JOINACKRX);
	/* RFC 8684 §3.2: HMAC(Key-A || Key-B, R-A || R-B), leftmost 160 bits */
	uint8_t want[MPTCP_JOIN_HMAC_LEN];
	mptcp_crypto_join_hmac(c->version, c->remote_key, c->local.key, sf->remote_nonce, sf->local_nonce, want);
	if (memcmp(want, o->hmac, MPTCP_JOIN_HMAC_LEN) != 0) {
		MIB_INC(c, MPTCP_MIB_JOINACKMAC);
		mptcp_subflow_reset(sf, MPTCP_RST_EPROHIBIT, now);
		return false;
	}
	sf->fully_established = true;
	/* the fourth ACK, which lets the joiner send (§3.2) */
	tcp_conn_send_ack(sf->tcp, now);
	return true;
}

static void input_rst(mptcp_subflow *sf, const mptcp_options *o, sim_time_t now)
{
	mptcp_conn *c = sf->conn;
	if (o->suboptions & MPTCP_OPT_RST) {
		/* RFC 8684 §3.6: only on a RST */
		MIB_INC(c, MPTCP_MIB_MPRSTRX);
		sf->reset_reason_rcvd = o->reset_reason;
	}
	if ((o->suboptions & MPTCP_OPT_FASTCLOSE) && c->local_key_valid && o->fastclose_key == c->local.key)
		mptcp_conn_fastclose_received(c, sf, now);
	else if (o->suboptions & MPTCP_OPT_FAIL)
		mptcp_conn_mp_fail_received(c, sf, o->fail_seq, now);
}

static bool input_dss(mptcp_subflow *sf, const segment *seg, const mptcp_options *o, uint64_t seg_off, sim_time_t now)
{
	mptcp_conn *c = sf->conn;
	if ((o->dss_flags & MPTCP_DSS_HAS_ACK) && !c->fallback) {
		tcp_info in;
		tcp_conn_get_info(sf->tcp, &in);
		uint64_t wnd = (uint64_t)seg->window << in.snd_wscale;
		mptcp_conn_data_ack(c, sf, o->data_ack, o->dss_flags & MPTCP_DSS_ACK64, wnd, now);
	}
	/* fallen back, mappings mean nothing (the stream goes on as TCP), except the infinite one
	 * answering our MP_FAIL; without the peer's key they cannot be read at all */
	if (!(o->dss_flags & MPTCP_DSS_HAS_MAP) || !c->remote_key_valid || (c->fallback && o->data_len != 0))
		return true;
	bool dsn64 = o->dss_flags & MPTCP_DSS_DSN64;
	if (dsn64)
		c->ack64 = true;
	uint64_t base = c->remote_idsn + 1;
	uint64_t dsn = dsn64 ? o->data_seq : mptcp_expand_seq(base + c->rcv_nxt, (uint32_t)o->data_seq);
	if (o->data_len == 0) {
		/* RFC 8684 §3.7: the infinite mapping; the peer is plain TCP from here */
		MIB_INC(c, MPTCP_MIB_INFINITEMAPRX);
		uint64_t sf_off = mptcp_subflow_sf_off(sf, sf->irs + o->subflow_seq, true, sf->rx_delivered);
		mptcp_recv_infinite(sf, sf_off, dsn - base);
		sf->mp_fail_awaiting = false;
		mptcp_conn_do_fallback(c, now);
		return true;
	}
	if (c->csum != o->dss_has_csum && !c->fallback) {
		/* §3.3: a checksum present without negotiation, or missing with it */
		MIB_INC(c, MPTCP_MIB_DSSCORRUPTIONRESET);
		mptcp_subflow_reset(sf, MPTCP_RST_EMPTCP, now);
		return false;
	}
	bool fin = o->dss_flags & MPTCP_DSS_DATA_FIN;
	if (fin && o->subflow_seq == 0 && o->data_len == 1) {
		/* §3.3.3: a DATA_FIN without data */
		mptcp_recv_data_fin(c, dsn - base, now);
		return true;
	}
	mptcp_rx_map m = { 0 };
	m.sf_off = mptcp_subflow_sf_off(sf, sf->irs + o->subflow_seq, true, sf->rx_delivered);
	m.data_off = dsn - base;
	m.len = (uint64_t)o->data_len - (fin ? 1u : 0u);
	m.dsn = dsn;
	m.ssn = o->subflow_seq;
	m.data_len = o->data_len;
	m.csum = o->csum;
	return mptcp_recv_mapping(sf, &m, fin, seg, seg_off, now);
}

static bool input_established(mptcp_subflow *sf, const segment *seg, const mptcp_options *o, uint64_t seg_off,
			      sim_time_t now)
{
	mptcp_conn *c = sf->conn;
	uint32_t sub = o->suboptions;
	if (sf->initial && !c->server_side && !c->fully_established && !c->fallback && c->remote_key_valid) {
		/* RFC 8684 §3.1 (Linux check_fully_established): any DATA_ACK, or an ADD_ADDR, shows the
		 * server has our key; a segment with no MPTCP option shows it fell back */
		if (((sub & MPTCP_OPT_DSS) && (o->dss_flags & MPTCP_DSS_HAS_ACK)) ||
		    ((sub & MPTCP_OPT_ADD_ADDR) && !o->add_addr_echo))
			mptcp_conn_fully_established(c, now);
		else if (!(sub & MPTCP_OPT_MPC))
			mptcp_conn_do_fallback(c, now);
	}
	if (!sf->initial && !sf->passive && sf->established && !sf->fully_established && !c->fallback &&
	    (seg->flags & TCP_FLAG_ACK)) {
		/* RFC 8684 §3.2: the fourth ACK */
		sf->fully_established = true;
		mptcp_conn_subflow_event(c, sf->id, MPTCP_SUBFLOW_ESTABLISHED);
		mptcp_pm_subflow_established(c, sf, now);
	}
	if ((sub & MPTCP_OPT_MPC_ACK) && c->server_side && sf->initial && !c->fallback &&
	    !mpc_data_mapping(sf, seg, o, seg_off, now))
		return false;
	if ((sub & MPTCP_OPT_DSS) && !input_dss(sf, seg, o, seg_off, now))
		return false;
	if (seg->payload_len && !mptcp_recv_check_mapped(sf, seg, seg_off, now))
		return false;
	if (c->fallback)
		return true;
	if (sub & MPTCP_OPT_ADD_ADDR)
		mptcp_pm_add_addr_received(c, sf, o, now);
	if (sub & MPTCP_OPT_RM_ADDR)
		mptcp_pm_rm_addr_received(c, o, now);
	if (sub & MPTCP_OPT_PRIO) {
		/* RFC 8684 §3.3.8: the peer's wish for the subflow it arrived on */
		MIB_INC(c, MPTCP_MIB_MPPRIORX);
		sf->peer_backup = o->prio_backup;
	}
	if (sub & MPTCP_OPT_FAIL)
		mptcp_conn_mp_fail_received(c, sf, o->fail_seq, now);
	if ((sub & MPTCP_OPT_FASTCLOSE) && c->local_key_valid && o->fastclose_key == c->local.key) {
		/* §3.5 on an ACK: answered with RSTs on every subflow, this one included */
		mptcp_conn_fastclose_received(c, sf, now);
		mptcp_subflow_reset(sf, MPTCP_RST_EUNSPEC, now);
		return false;
	}
	return true;
}

bool mptcp_on_input(void *ctx, tcp_conn *tc, const segment *seg, sim_time_t now)
{
	mptcp_subflow *sf = ctx;
	mptcp_conn *c = sf->conn;
	sf->rx_seg = NULL;
	mptcp_options o;
	mptcp_parse(c->st, seg, c->version, &o);
	if (seg->flags & TCP_FLAG_RST) {
		input_rst(sf, &o, now);
		return true;
	}
	tcp_state state = tcp_conn_state(tc);
	if (seg->flags & TCP_FLAG_SYN) {
		if (!(seg->flags & TCP_FLAG_ACK)) {
			/* the stack parsed it already (stack.c) */
			sf->irs = seg->seq;
			sf->irs_known = true;
			if (sf->initial)
				c->rcv_stream = seg->seq;
			return true;
		}
		return state == TCP_SYN_SENT ? input_synack(sf, seg, &o, now) : true;
	}
	if (!sf->irs_known)
		return true;
	uint64_t seg_off = mptcp_subflow_sf_off(sf, seg->seq, true, sf->rx_delivered);
	sf->rx_seg = seg;
	sf->rx_seg_off = seg_off;
	if (state == TCP_SYN_RECEIVED && (seg->flags & TCP_FLAG_ACK) && !input_third_ack(sf, seg, &o, seg_off, now))
		return false;
	if (state == TCP_SYN_RECEIVED && sf->initial && (o.suboptions & MPTCP_OPT_MPC_ACK)) {
		/* handled with the handshake: only the rest of the options remain */
		o.suboptions &= ~(uint32_t)MPTCP_OPT_MPC_ACK;
	}
	return input_established(sf, seg, &o, seg_off, now);
}
