/* mptcpforms.h — test helpers for the MPTCP option codec: a catalogue of every option form, and a
 * rendering of a segment's MPTCP options in tshark's field syntax.
 *
 * The catalogue is shared by the unit tests (each form written, parsed back and compared) and the
 * tshark conformance test (each form put on the wire in a capture). The rendering lets a test
 * compare our parse of a segment with `tshark -T fields -e ...MPTCP_FORMS_TSHARK_FIELDS` line by
 * line: same fields, same order, same number formats. */
#ifndef MPTCPSIM_TESTS_MPTCPFORMS_H
#define MPTCPSIM_TESTS_MPTCPFORMS_H

#include "mptcp/options.h"

#include <glib.h>
#include <stdint.h>

/* One option set as a segment carries it. */
typedef struct mptcp_form {
	char name[64];
	uint8_t tcp_flags;    /* TCP_FLAG_* of the segment that carries it */
	uint32_t payload_len; /* and its payload */
	mptcp_options opts;   /* opts.version: the connection's version */
	/* For a single option: its Length per mptcp-wire.md §1.0 (typed in from the table there, not
	 * computed by the codec), and the bytes it takes with Linux's NOP padding. 0 for sets. */
	uint8_t wire_len;
	uint8_t padded_len;
} mptcp_form;

/* Every form of every option, v0 and v1, and a few sets Linux sends together. Free with
 * g_array_unref. */
GArray *mptcpforms_all(void);

/* The parse context of the segment carrying `f`. */
mptcp_opt_ctx mptcpforms_ctx(const mptcp_form *f);

/* Allowed Length values of an MPTCP subtype in a connection of `version` (mptcp-wire.md §1.0 and
 * the v0 forms of RFC 6824), independent of the codec. */
gboolean mptcpforms_len_allowed(uint8_t version, uint8_t subtype, unsigned len);

/* tshark 4.0 display fields, in the order mptcpforms_render() writes them, '|'-separated with
 * occurrence=a and aggregator=';'. The DSS checksum is left out: tshark 4.0 never shows it
 * (mptcp-wire.md §3.3). */
#define MPTCP_FORMS_TSHARK_FIELDS                                                                                \
	"-e tcp.options.mptcp.subtype -e tcp.options.mptcp.version -e tcp.options.mptcp.sendkey "                 \
	"-e tcp.options.mptcp.recvkey -e tcp.options.mptcp.checksumreq.flags "                                   \
	"-e tcp.options.mptcp.extensibility.flag -e tcp.options.mptcp.sha256.flag -e tcp.options.mptcp.sha1.flag " \
	"-e tcp.options.mptcp.recvtok -e tcp.options.mptcp.addrid -e tcp.options.mptcp.backup.flag "              \
	"-e tcp.options.mptcp.sendrand -e tcp.options.mptcp.sendtrunchmac -e tcp.options.mptcp.sendhmac "         \
	"-e tcp.options.mptcp.rawdataack -e tcp.options.mptcp.rawdataseqno -e tcp.options.mptcp.subflowseqno "    \
	"-e tcp.options.mptcp.datalvllen -e tcp.options.mptcp.checksum -e tcp.options.mptcp.datafin.flag "        \
	"-e tcp.options.mptcp.dseqn8.flag -e tcp.options.mptcp.dseqnpresent.flag "                                \
	"-e tcp.options.mptcp.dataack8.flag -e tcp.options.mptcp.dataackpresent.flag "                            \
	"-e tcp.options.mptcp.ipver -e tcp.options.mptcp.echo -e tcp.options.mptcp.ipv4 "                         \
	"-e tcp.options.mptcp.ipv6 -e tcp.options.mptcp.port -e tcp.options.mptcp.addaddrtrunchmac "              \
	"-e mptcp.rm_addr.count -e tcp.options.mptcp.flag_T.flag -e tcp.options.mptcp.rst_reason"

/* Our view of the MPTCP options in opts[0..len) in tshark's syntax for the fields above: each
 * MPTCP option is parsed alone with `ctx`, in wire order, malformed ones skipped. */
char *mptcpforms_render(const uint8_t *opts, size_t len, const mptcp_opt_ctx *ctx);

#endif
