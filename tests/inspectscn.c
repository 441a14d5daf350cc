/* inspectscn.c — MPTCP captures built segment by segment for the `inspect` tests (inspectscn.h).
 *
 * The scenario: a v1 connection with checksums (MP_CAPABLE handshake and data with its implied
 * mapping, a server mapping split over segments at odd lengths, ADD_ADDR v4 with a port and v6 with
 * their HMACs and an echo, an MP_JOIN over IPv6 with both HMACs, a 32-bit DSN, a reinjection,
 * MP_PRIO, REMOVE_ADDR, MP_TCPRST, DATA_FIN both ways); a v1 connection without checksums with
 * MP_FAIL, the infinite mapping and MP_FASTCLOSE; one whose SYN/ACK has no MP_CAPABLE; a plain
 * TCP flow. */
#include "inspectscn.h"

#include "testutil.h"

#include "mptcp/crypto.h"
#include "payload.h"

#include <string.h>

mcap_flow mcap_flow_make(net_addr c, uint16_t cport, net_addr s, uint16_t sport, uint32_t cisn, uint32_t sisn)
{
	mcap_flow f = { .c = c, .s = s, .cport = cport, .sport = sport, .isn = { cisn, sisn }, .next = { cisn, sisn } };
	return f;
}

uint64_t mcap_emit_bytes(mcap *k, mcap_flow *f, int from_server, uint8_t flags, int64_t rel, uint32_t len, uint64_t off,
			 const uint8_t *opt, size_t opt_len)
{
	segment s = { .proto = SEG_PROTO_TCP, .flags = flags, .window = 1000, .payload_len = len,
		      .payload_fill = len ? payload_pattern_fill : NULL,
		      .payload_stream = from_server ? MCAP_SERVER_STREAM : MCAP_CLIENT_STREAM, .payload_offset = off };
	s.src = from_server ? f->s : f->c;
	s.dst = from_server ? f->c : f->s;
	s.sport = from_server ? f->sport : f->cport;
	s.dport = from_server ? f->cport : f->sport;
	s.seq = rel < 0 ? f->next[from_server] : f->isn[from_server] + (uint32_t)rel;
	s.ack = (flags & TCP_FLAG_ACK) ? f->next[!from_server] : 0;
	CU_ASSERT_FATAL(opt_len <= TCP_OPTIONS_MAX);
	memcpy(s.options, opt, opt_len);
	s.opt_len = (uint8_t)opt_len;
	if (rel < 0)
		f->next[from_server] += len + ((flags & (TCP_FLAG_SYN | TCP_FLAG_FIN)) ? 1u : 0u);
	k->now += SIM_US(100);
	CU_ASSERT_TRUE_FATAL(pcap_writer_write(k->w, &s, k->now, NULL));
	return ++k->frames;
}

uint64_t mcap_emit_at(mcap *k, mcap_flow *f, int from_server, uint8_t flags, int64_t rel, uint32_t len, uint64_t off,
		      const mptcp_options *o)
{
	uint8_t opt[TCP_OPTIONS_MAX];
	size_t n = 0;
	if (o) {
		n = mptcp_opt_write(o, opt, sizeof opt);
		CU_ASSERT_FATAL(n == mptcp_opt_len(o) && (n > 0 || !o->suboptions));
	}
	return mcap_emit_bytes(k, f, from_server, flags, rel, len, off, opt, n);
}

uint64_t mcap_emit(mcap *k, mcap_flow *f, int from_server, uint8_t flags, uint32_t len, uint64_t off,
		   const mptcp_options *o)
{
	return mcap_emit_at(k, f, from_server, flags, -1, len, off, o);
}


mptcp_options mcap_dss(uint8_t flags)
{
	mptcp_options o = { .suboptions = MPTCP_OPT_DSS, .version = MPTCP_VERSION_1, .dss_flags = flags };
	return o;
}

/* A mapping of `len` bytes of `stream` data at DSN `dsn` (the sender's IDSN given), with the
 * checksum RFC 8684 §3.3.1 asks for. */
mptcp_options mcap_mapping(uint64_t idsn, uint64_t dsn, uint32_t ssn, uint16_t len, bool fin, int stream, bool csum,
			   uint64_t ack)
{
	mptcp_options o = mcap_dss(MPTCP_DSS_HAS_ACK | MPTCP_DSS_ACK64 | MPTCP_DSS_HAS_MAP | MPTCP_DSS_DSN64 |
			      (fin ? MPTCP_DSS_DATA_FIN : 0));
	o.data_ack = ack;
	o.data_seq = dsn;
	o.subflow_seq = ssn;
	o.data_len = len;
	o.dss_has_csum = csum;
	uint64_t bytes = len - (fin ? 1u : 0u);
	if (csum)
		o.csum = mptcp_dss_csum(dsn, ssn, len, bytes ? payload_pattern_fill : NULL, (uint64_t)stream,
					dsn - (idsn + 1), bytes);
	return o;
}

mptcp_options mcap_data_ack(uint64_t ack)
{
	mptcp_options o = mcap_dss(MPTCP_DSS_HAS_ACK | MPTCP_DSS_ACK64);
	o.data_ack = ack;
	return o;
}

static void scenario_conn1(mcap *k, mcap_mutation mut, mcap_expect *ex)
{
	const uint8_t v = MPTCP_VERSION_1;
	uint64_t ia = mptcp_crypto_idsn(v, MCAP_KA), ib = mptcp_crypto_idsn(v, MCAP_KB);
	mcap_flow f1 = mcap_flow_make(net_addr_v4(10, 0, 0, 1), 40000, net_addr_v4(10, 0, 0, 2), 443, 1000, 5000000);
	net_addr c6, s6;
	CU_ASSERT_TRUE(net_addr_parse("fd00::1", &c6, NULL));
	CU_ASSERT_TRUE(net_addr_parse("fd00::2", &s6, NULL));

	/* RFC 8684 §3.1: the client asks for checksums (A), the server does not: they are on. */
	mptcp_options o = { .suboptions = MPTCP_OPT_MPC_SYN, .version = v, .mpc_version = v,
			    .mpc_flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256 };
	mcap_emit(k, &f1, 0, MCAP_SYN, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_SYNACK, .version = v, .mpc_version = v,
			     .mpc_flags = MPTCP_CAP_HMAC_SHA256, .sndr_key = MCAP_KB };
	mcap_emit(k, &f1, 1, MCAP_SYN | MCAP_ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_ACK, .version = v, .mpc_version = v,
			     .mpc_flags = MPTCP_CAP_CHECKSUM_REQD | MPTCP_CAP_HMAC_SHA256, .sndr_key = MCAP_KA,
			     .rcvr_key = mut == MCAP_MUT_ECHOED_KEY ? MCAP_KB ^ 1 : MCAP_KB };
	mcap_emit(k, &f1, 0, MCAP_ACK, 0, 0, &o);
	/* The first data carries MP_CAPABLE with its mapping: DSN IDSN-A + 1, SSN 1 (§3.1). */
	o.rcvr_key = MCAP_KB;
	o.mpc_has_data = o.mpc_has_csum = true;
	o.mpc_data_len = 1000;
	o.mpc_csum = mptcp_dss_csum(ia + 1, 1, 1000, payload_pattern_fill, MCAP_CLIENT_STREAM, 0, 1000) ^
		     (mut == MCAP_MUT_MPC_CSUM);
	mcap_emit(k, &f1, 0, MCAP_PSH, 1000, 0, &o);
	o = mcap_data_ack(ia + 1001);
	mcap_emit(k, &f1, 1, MCAP_ACK, 0, 0, &o);

	/* The server's 3000-byte mapping over three segments of 999, 1001 and 1000 bytes (odd
	 * positions); the middle one carries no DSS, the last repeats the mapping as Linux does. */
	o = mcap_mapping(ib, ib + 1, 1, 3000, false, MCAP_SERVER_STREAM, true, ia + 1001);
	o.csum ^= (uint16_t)(mut == MCAP_MUT_DSS_CSUM);
	mcap_emit(k, &f1, 1, MCAP_PSH, 999, 0, &o);
	mcap_emit(k, &f1, 1, MCAP_PSH, 1001, 999, NULL);
	if (mut == MCAP_MUT_MAPPING_CONFLICT)
		o.data_seq++;
	mcap_emit(k, &f1, 1, MCAP_PSH, 1000, 2000, &o);
	o = mcap_dss(MPTCP_DSS_HAS_ACK); /* a 32-bit Data MCAP_ACK, expanded next to IDSN-B + 1 */
	o.data_ack = (uint32_t)(ib + 3001);
	mcap_emit(k, &f1, 0, MCAP_ACK, 0, 0, &o);

	/* ADD_ADDR (§3.4.1): 10.0.2.2 port 8443 and fd00::2, HMAC keyed Key-B || Key-A; the
	 * client echoes the first. */
	o = (mptcp_options){ .suboptions = MPTCP_OPT_ADD_ADDR, .version = v, .add_addr_id = 1,
			     .add_addr = net_addr_v4(10, 0, 2, 2), .add_addr_has_port = true, .add_addr_port = 8443 };
	o.add_addr_hmac = mptcp_crypto_add_addr_hmac(MCAP_KB, MCAP_KA, 1, &o.add_addr, 8443) ^ (mut == MCAP_MUT_ADD_ADDR_HMAC);
	if (mut == MCAP_MUT_ADD_ADDR_LEFTMOST) {
		/* The leftmost 64 bits, as Linux sent before 12555a2d97e5 (mptcp-wire.md §1b). */
		const uint8_t msg[7] = { 1, 10, 0, 2, 2, 8443 >> 8, 8443 & 0xff };
		uint8_t h[MPTCP_HMAC_MAX];
		mptcp_crypto_hmac_sha(v, MCAP_KB, MCAP_KA, msg, sizeof msg, h);
		o.add_addr_hmac = 0;
		for (int i = 0; i < 8; i++)
			o.add_addr_hmac = o.add_addr_hmac << 8 | h[i];
	}
	ex->add4 = mcap_emit(k, &f1, 1, MCAP_ACK, 0, 0, &o);
	o.add_addr_echo = true;
	o.add_addr_hmac = 0;
	ex->echo = mcap_emit(k, &f1, 0, MCAP_ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_ADD_ADDR, .version = v, .add_addr_id = 3, .add_addr = s6 };
	o.add_addr_hmac = mptcp_crypto_add_addr_hmac(MCAP_KB, MCAP_KA, 3, &s6, 0);
	mcap_emit(k, &f1, 1, MCAP_ACK, 0, 0, &o);

	/* MP_JOIN over IPv6 to the announced address, as a backup (§3.2). */
	mcap_flow f2 = mcap_flow_make(c6, 40001, s6, 443, 70000, 90000);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPJ_SYN, .version = v, .join_id = 2, .join_backup = true,
			     .token = mptcp_crypto_token(v, MCAP_KB) ^ (mut == MCAP_MUT_JOIN_TOKEN),
			     .nonce = MCAP_RA };
	ex->join_syn = mcap_emit(k, &f2, 0, MCAP_SYN, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPJ_SYNACK, .version = v, .join_id = 3, .nonce = MCAP_RB,
			     .thmac = mptcp_crypto_join_thmac(v, MCAP_KB, MCAP_KA, MCAP_RB, MCAP_RA) ^ (mut == MCAP_MUT_SYNACK_HMAC) };
	mcap_emit(k, &f2, 1, MCAP_SYN | MCAP_ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPJ_ACK, .version = v };
	mptcp_crypto_join_hmac(v, MCAP_KA, MCAP_KB, MCAP_RA, MCAP_RB, o.hmac);
	o.hmac[7] ^= (uint8_t)(mut == MCAP_MUT_ACK_HMAC);
	mcap_emit(k, &f2, 0, MCAP_ACK, 0, 0, &o);
	o = mcap_data_ack(ib + 3001);
	mcap_emit(k, &f2, 1, MCAP_ACK, 0, 0, &o);
	/* Client data on the join with a 32-bit DSN (expanded next to IDSN-A + 1). */
	o = mcap_mapping(ia, ia + 1001, 1, 500, false, MCAP_CLIENT_STREAM, mut != MCAP_MUT_CSUM_MISSING, ib + 3001);
	o.dss_flags &= (uint8_t)~MPTCP_DSS_DSN64;
	o.data_seq = (uint32_t)o.data_seq;
	mcap_emit(k, &f2, 0, MCAP_PSH, 500, 1000, &o);
	o = mcap_data_ack(ia + 1501);
	mcap_emit(k, &f2, 1, MCAP_ACK, 0, 0, &o);
	/* The same 500 bytes reinjected on the first subflow. */
	o = mcap_mapping(ia, ia + 1001, 1001, 500, false, MCAP_CLIENT_STREAM, true, ib + 3001);
	ex->reinject = mcap_emit(k, &f1, 0, MCAP_PSH, 500, 1000, &o);
	if (mut == MCAP_MUT_MALFORMED) {
		/* A DSS of length 9 with only the A flag, which needs 8 (RFC 8684 §3.3): ignored. */
		const uint8_t bad[12] = { TCPOPT_MPTCP, 9, MPTCPOPT_DSS << 4, MPTCP_DSS_HAS_ACK, 1, 2, 3, 4, 5,
					  TCPOPT_NOP, TCPOPT_NOP, TCPOPT_NOP };
		mcap_emit_bytes(k, &f1, 0, MCAP_ACK, -1, 0, 0, bad, sizeof bad);
	}

	/* Signals: backup on the join (MP_PRIO, §3.3.8), the IPv6 address removed, the join reset
	 * with a reason (§3.6). */
	o = (mptcp_options){ .suboptions = MPTCP_OPT_PRIO, .version = v, .prio_backup = true };
	mcap_emit(k, &f2, 0, MCAP_ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_RM_ADDR, .version = v, .rm_count = 1, .rm_ids = { 3 } };
	mcap_emit(k, &f1, 1, MCAP_ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_RST, .version = v, .reset_reason = MPTCP_RST_EBADPERF,
			     .reset_flags = MPTCP_RST_TRANSIENT };
	mcap_emit(k, &f2, 1, TCP_FLAG_RST | MCAP_ACK, 0, 0, &o);

	/* DATA_FIN: the client's alone (SSN 0, length 1, §3.3.3), the server's on its last data. */
	o = mcap_mapping(ia, ia + 1501, 0, 1, true, MCAP_CLIENT_STREAM, true, ib + 3001);
	ex->c_fin = mcap_emit(k, &f1, 0, MCAP_ACK, 0, 0, &o);
	if (mut == MCAP_MUT_DATA_FIN_CONFLICT) {
		o = mcap_mapping(ia, ia + 1502, 0, 1, true, MCAP_CLIENT_STREAM, true, ib + 3001);
		mcap_emit(k, &f1, 0, MCAP_ACK, 0, 0, &o);
	}
	o = mcap_mapping(ib, ib + 3001, 3001, 101, true, MCAP_SERVER_STREAM, true, ia + 1502);
	ex->s_fin = ex->c_fin_ack = mcap_emit(k, &f1, 1, MCAP_PSH, 100, 3000, &o);
	o = mcap_data_ack(ib + 3102);
	ex->s_fin_ack = mcap_emit(k, &f1, 0, MCAP_ACK | TCP_FLAG_FIN, 0, 0, &o);
	mcap_emit(k, &f1, 1, MCAP_ACK | TCP_FLAG_FIN, 0, 0, &o);
}

/* A v1 connection without checksums: data, MP_FAIL, the infinite mapping, MP_FASTCLOSE. */
static void scenario_conn2(mcap *k, mcap_mutation mut, mcap_expect *ex)
{
	const uint8_t v = MPTCP_VERSION_1;
	uint64_t ia = mptcp_crypto_idsn(v, MCAP_KA2), ib = mptcp_crypto_idsn(v, MCAP_KB2);
	mcap_flow f = mcap_flow_make(net_addr_v4(10, 0, 0, 1), 40100, net_addr_v4(10, 0, 0, 2), 443, 777, 888);
	mptcp_options o = { .suboptions = MPTCP_OPT_MPC_SYN, .version = v, .mpc_version = v,
			    .mpc_flags = MPTCP_CAP_HMAC_SHA256 };
	mcap_emit(k, &f, 0, MCAP_SYN, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_SYNACK, .version = v, .mpc_version = v,
			     .mpc_flags = MPTCP_CAP_HMAC_SHA256, .sndr_key = MCAP_KB2 };
	mcap_emit(k, &f, 1, MCAP_SYN | MCAP_ACK, 0, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_ACK, .version = v, .mpc_version = v,
			     .mpc_flags = MPTCP_CAP_HMAC_SHA256, .sndr_key = MCAP_KA2, .rcvr_key = MCAP_KB2 };
	mcap_emit(k, &f, 0, MCAP_ACK, 0, 0, &o);
	o = mcap_mapping(ia, ia + 1, 1, 100, false, MCAP_CLIENT_STREAM, mut == MCAP_MUT_CSUM_UNEXPECTED, ib + 1);
	mcap_emit(k, &f, 0, MCAP_PSH, 100, 0, &o);
	o = (mptcp_options){ .suboptions = MPTCP_OPT_FAIL, .version = v, .fail_seq = ia + 1 };
	mcap_emit(k, &f, 1, MCAP_ACK, 0, 0, &o);
	if (mut != MCAP_MUT_UNMAPPED) {
		/* RFC 8684 §3.7: Data-Level Length 0, the infinite mapping; then data without DSS. */
		o = mcap_mapping(ia, ia + 101, 101, 0, false, MCAP_CLIENT_STREAM, false, ib + 1);
		ex->infinite = mcap_emit(k, &f, 0, MCAP_PSH, 50, 100, &o);
	} else {
		mcap_emit(k, &f, 0, MCAP_PSH, 50, 100, NULL);
	}
	mcap_emit(k, &f, 0, MCAP_PSH, 50, 150, NULL);
	/* §3.5: the server closes, naming the client's key. */
	o = (mptcp_options){ .suboptions = MPTCP_OPT_FASTCLOSE, .version = v,
			     .fastclose_key = mut == MCAP_MUT_FASTCLOSE_KEY ? MCAP_KA2 + 1 : MCAP_KA2 };
	mcap_emit(k, &f, 1, TCP_FLAG_RST | MCAP_ACK, 0, 0, &o);
}

/* A connection whose server is not MPTCP-capable, and a plain TCP flow. */
static void scenario_conn3_and_plain(mcap *k, mcap_mutation mut)
{
	mcap_flow f = mcap_flow_make(net_addr_v4(10, 0, 0, 1), 40200, net_addr_v4(10, 0, 0, 3), 80, 11, 22);
	mptcp_options o = { .suboptions = MPTCP_OPT_MPC_SYN, .version = MPTCP_VERSION_1, .mpc_version = MPTCP_VERSION_1,
			    .mpc_flags = MPTCP_CAP_HMAC_SHA256 };
	mcap_emit(k, &f, 0, MCAP_SYN, 0, 0, &o);
	mcap_emit(k, &f, 1, MCAP_SYN | MCAP_ACK, 0, 0, NULL);
	mcap_emit(k, &f, 0, MCAP_ACK, 0, 0, NULL);
	mcap_emit(k, &f, 0, MCAP_PSH, 300, 0, NULL);
	mcap_flow p = mcap_flow_make(net_addr_v4(10, 0, 0, 1), 40300, net_addr_v4(10, 0, 0, 3), 80, 33, 44);
	mcap_emit(k, &p, 0, MCAP_SYN, 0, 0, NULL);
	mcap_emit(k, &p, 1, MCAP_SYN | MCAP_ACK, 0, 0, NULL);
	o = mcap_data_ack(5);
	mcap_emit(k, &p, 0, MCAP_PSH, 10, 0, mut == MCAP_MUT_PLAIN_WITH_DSS ? &o : NULL);
}

/* Writes the scenario to a file of the simulator's pcap writer; returns its path. */
void mcap_write_scenario(const char *path, mcap_mutation mut, uint32_t snaplen, mcap_expect *ex)
{
	mcap k = { .now = SIM_S(1) };
	k.w = pcap_writer_open(path, snaplen, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(k.w);
	memset(ex, 0, sizeof *ex);
	scenario_conn1(&k, mut, ex);
	scenario_conn2(&k, mut, ex);
	scenario_conn3_and_plain(&k, mut);
	CU_ASSERT_TRUE_FATAL(pcap_writer_close(k.w, NULL));
}

