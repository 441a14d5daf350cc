/* unit_mptcp_options.c — the MPTCP option codec (protocol/mptcp/options.h).
 *
 *   - round trips: every form of the catalogue (mptcpforms.h), v0 and v1, is written, parsed back
 *     and compared; its Length is the one of mptcp-wire.md §1.0, its padding Linux's NOPs, and it
 *     is refused whole by a buffer one byte short;
 *   - byte-exact layouts from real Linux traces (tcpdump's mptcp-v1.out) and the RFC figures;
 *   - malformed options, one table of hand-made cases with their reasons, then every subtype,
 *     length 2..40, version nibble, flag byte and segment kind against an oracle built from the
 *     length tables of mptcp-wire.md §1.0;
 *   - the option walk (EOL, NOP, other kinds, truncation, several MPTCP options, the report).
 * The real v0 capture is read in unit_mptcp_capture.c.
 * Every parse reads from a heap buffer of exactly the option's size, so the Sanitize build catches
 * any read past the end. */
#include "testutil.h"

#include "mptcp/options.h"
#include "mptcpforms.h"
#include "segment.h"

#include <stdio.h>
#include <string.h>

#define SYN TCP_FLAG_SYN
#define SYNACK (TCP_FLAG_SYN | TCP_FLAG_ACK)
#define ACK TCP_FLAG_ACK
#define RSTACK (TCP_FLAG_RST | TCP_FLAG_ACK)

static unsigned popcount32(uint32_t v)
{
	unsigned n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

/* Parse `len` bytes copied into a heap block of exactly that size. */
static mptcp_opt_reason parse_exact(const uint8_t *bytes, size_t len, const mptcp_opt_ctx *ctx, mptcp_options *out,
				    mptcp_opt_report *rep)
{
	uint8_t *b = len ? g_memdup2(bytes, len) : NULL;
	mptcp_opt_reason r = mptcp_opt_parse(b, len, ctx, out, rep);
	g_free(b);
	return r;
}

/* Write `o` into a heap block of exactly mptcp_opt_len(o) bytes; the caller frees. */
static uint8_t *write_exact(const mptcp_options *o, size_t *len)
{
	*len = mptcp_opt_len(o);
	uint8_t *b = g_malloc(*len ? *len : 1);
	CU_ASSERT_EQUAL(mptcp_opt_write(o, b, *len), *len);
	return b;
}

/* ---- round trips over the catalogue ---- */

static const uint32_t all_bits[] = {
	MPTCP_OPT_MPC_SYN, MPTCP_OPT_MPC_SYNACK, MPTCP_OPT_MPC_ACK, MPTCP_OPT_MPJ_SYN, MPTCP_OPT_MPJ_SYNACK,
	MPTCP_OPT_MPJ_ACK, MPTCP_OPT_DSS,        MPTCP_OPT_ADD_ADDR, MPTCP_OPT_RM_ADDR, MPTCP_OPT_PRIO,
	MPTCP_OPT_FAIL,    MPTCP_OPT_FASTCLOSE,  MPTCP_OPT_RST,
};

static void test_roundtrip_forms(void)
{
	GArray *forms = mptcpforms_all();
	CU_ASSERT_TRUE(forms->len > 150);
	for (guint i = 0; i < forms->len; i++) {
		const mptcp_form *f = &g_array_index(forms, mptcp_form, i);
		mptcp_opt_ctx ctx = mptcpforms_ctx(f);
		size_t len;
		uint8_t *b = write_exact(&f->opts, &len);
		CU_ASSERT_EQUAL(len % 4, 0);
		if (f->wire_len) {
			/* One option: its Length as mptcp-wire.md §1.0 gives it, padded as Linux pads. */
			CU_ASSERT_EQUAL(popcount32(f->opts.suboptions), 1);
			CU_ASSERT_EQUAL(mptcp_opt_wire_len(&f->opts, f->opts.suboptions), f->wire_len);
			CU_ASSERT_EQUAL(b[0], TCPOPT_MPTCP);
			CU_ASSERT_EQUAL(b[1], f->wire_len);
			CU_ASSERT_EQUAL(len, f->padded_len);
			for (size_t k = f->wire_len; k < len; k++)
				CU_ASSERT_EQUAL(b[k], TCPOPT_NOP);
		}
		/* The sum of the parts, each padded to 4. */
		size_t sum = 0;
		for (size_t k = 0; k < G_N_ELEMENTS(all_bits); k++)
			sum += (mptcp_opt_wire_len(&f->opts, all_bits[k]) + 3u) & ~3u;
		CU_ASSERT_EQUAL(sum, len);

		mptcp_options back;
		mptcp_opt_report rep;
		mptcp_opt_reason r = parse_exact(b, len, &ctx, &back, &rep);
		bool eq = mptcp_options_equal(&back, &f->opts);
		if (r != MPTCP_OPT_OK || !eq)
			fprintf(stderr, "%s: %s, %s\n", f->name, mptcp_opt_reason_name(r), eq ? "equal" : "differs");
		CU_ASSERT_EQUAL(r, MPTCP_OPT_OK);
		CU_ASSERT_TRUE(eq);
		CU_ASSERT_EQUAL(rep.n_bad, 0);
		CU_ASSERT_EQUAL(rep.n_mptcp, popcount32(f->opts.suboptions));

		/* One byte short: nothing written (the block is exactly that size). */
		uint8_t *small = g_malloc(len - 1);
		memset(small, 0xa5, len - 1);
		CU_ASSERT_EQUAL(mptcp_opt_write(&f->opts, small, len - 1), 0);
		for (size_t k = 0; k < len - 1; k++)
			CU_ASSERT_EQUAL(small[k], 0xa5);
		g_free(small);

		/* Beside other options, at an offset: the bytes are the same. */
		uint8_t space[TCP_OPTIONS_MAX];
		memset(space, 0, sizeof space);
		if (len <= TCP_OPTIONS_MAX - 12) {
			CU_ASSERT_EQUAL(mptcp_opt_write(&f->opts, space + 12, sizeof space - 12), len);
			CU_ASSERT_EQUAL(memcmp(space + 12, b, len), 0);
		}
		g_free(b);
	}
	g_array_unref(forms);
}

/* An empty set writes nothing; the writer is not a parser of its own fields: values beyond a
 * field's width are cut to it, consistently on both sides of mptcp_options_equal(). */
static void test_write_edges(void)
{
	mptcp_options none;
	memset(&none, 0, sizeof none);
	uint8_t b[4] = { 7, 7, 7, 7 };
	CU_ASSERT_EQUAL(mptcp_opt_len(&none), 0);
	CU_ASSERT_EQUAL(mptcp_opt_write(&none, b, sizeof b), 0);
	CU_ASSERT_EQUAL(b[0], 7);
	CU_ASSERT_EQUAL(mptcp_opt_wire_len(&none, MPTCP_OPT_DSS), 0);
	CU_ASSERT_EQUAL(mptcp_opt_wire_len(&none, 1u << 20), 0);

	/* A 32-bit Data ACK holding more than 32 bits goes out as its low 32. */
	mptcp_options o = { .suboptions = MPTCP_OPT_DSS, .version = 1, .dss_flags = MPTCP_DSS_HAS_ACK,
			    .data_ack = UINT64_C(0x1122334455667788) };
	size_t len;
	uint8_t *w = write_exact(&o, &len);
	mptcp_options back;
	mptcp_opt_ctx ctx = { .version = 1, .tcp_flags = ACK };
	CU_ASSERT_EQUAL(parse_exact(w, len, &ctx, &back, NULL), MPTCP_OPT_OK);
	CU_ASSERT_EQUAL(back.data_ack, 0x55667788u);
	CU_ASSERT_TRUE(mptcp_options_equal(&back, &o));
	g_free(w);

	/* mptcp_options_equal looks only at what the bits give meaning to. */
	mptcp_options a = { .suboptions = MPTCP_OPT_PRIO, .version = 1, .prio_backup = true, .fail_seq = 5 };
	mptcp_options c = { .suboptions = MPTCP_OPT_PRIO, .version = 1, .prio_backup = true, .fail_seq = 6,
			    .prio_has_id = true, .prio_id = 3 };
	CU_ASSERT_TRUE(mptcp_options_equal(&a, &c)); /* v1 has no MP_PRIO address id */
	c.prio_backup = false;
	CU_ASSERT_FALSE(mptcp_options_equal(&a, &c));
	c = a;
	c.version = 0;
	CU_ASSERT_FALSE(mptcp_options_equal(&a, &c));
	c = a;
	c.suboptions |= MPTCP_OPT_FAIL;
	CU_ASSERT_FALSE(mptcp_options_equal(&a, &c));
}

/* ---- byte-exact layouts ---- */

typedef struct layout {
	const char *name;
	mptcp_options o;
	mptcp_opt_ctx ctx;
	size_t len;
	uint8_t bytes[40];
} layout;

static const layout layouts[] = {
	/* tcpdump tests/mptcp-v1.out, frame 1: "mptcp 4 capable v1 flags [H]". */
	{ "Linux MP_CAPABLE SYN",
	  { .suboptions = MPTCP_OPT_MPC_SYN, .version = 1, .mpc_version = 1, .mpc_flags = MPTCP_CAP_HMAC_SHA256 },
	  { .version = 1, .tcp_flags = SYN },
	  4,
	  { 0x1e, 0x04, 0x01, 0x01 } },
	/* Frame 4: "mptcp 22 capable v1 flags [H] {0x1fdb5df328bc3def,0x29a6c86981ad933c,data_len=8192},nop,nop". */
	{ "Linux MP_CAPABLE ACK with data",
	  { .suboptions = MPTCP_OPT_MPC_ACK, .version = 1, .mpc_version = 1, .mpc_flags = MPTCP_CAP_HMAC_SHA256,
	    .sndr_key = UINT64_C(0x1fdb5df328bc3def), .rcvr_key = UINT64_C(0x29a6c86981ad933c), .mpc_has_data = true,
	    .mpc_data_len = 8192 },
	  { .version = 1, .tcp_flags = ACK | TCP_FLAG_PSH, .payload_len = 7100 },
	  24,
	  { 0x1e, 0x16, 0x01, 0x01, 0x1f, 0xdb, 0x5d, 0xf3, 0x28, 0xbc, 0x3d, 0xef, 0x29, 0xa6, 0xc8, 0x69, 0x81, 0xad,
	    0x93, 0x3c, 0x20, 0x00, 0x01, 0x01 } },
	/* Frame 5: "mptcp 12 dss ack 14413541604287230030". */
	{ "Linux DSS 64-bit Data ACK",
	  { .suboptions = MPTCP_OPT_DSS, .version = 1, .dss_flags = MPTCP_DSS_HAS_ACK | MPTCP_DSS_ACK64,
	    .data_ack = UINT64_C(14413541604287230030) },
	  { .version = 1, .tcp_flags = ACK },
	  12,
	  { 0x1e, 0x0c, 0x20, 0x03, 0xc8, 0x07, 0x2f, 0xb9, 0x0e, 0xda, 0xb0, 0x4e } },
	/* Frame 7: "mptcp 26 dss ack 14413541604287230030 seq 11713449205243392242 subseq 1 len 8192,nop,nop". */
	{ "Linux DSS full mapping",
	  { .suboptions = MPTCP_OPT_DSS, .version = 1,
	    .dss_flags = MPTCP_DSS_HAS_ACK | MPTCP_DSS_ACK64 | MPTCP_DSS_HAS_MAP | MPTCP_DSS_DSN64,
	    .data_ack = UINT64_C(14413541604287230030), .data_seq = UINT64_C(11713449205243392242), .subflow_seq = 1,
	    .data_len = 8192 },
	  { .version = 1, .tcp_flags = ACK | TCP_FLAG_PSH, .payload_len = 7100 },
	  28,
	  { 0x1e, 0x1a, 0x20, 0x0f, 0xc8, 0x07, 0x2f, 0xb9, 0x0e, 0xda, 0xb0, 0x4e, 0xa2, 0x8e,
	    0x87, 0xfd, 0xdd, 0x1d, 0x30, 0xf2, 0x00, 0x00, 0x00, 0x01, 0x20, 0x00, 0x01, 0x01 } },
	/* Frame 16: "mptcp 26 dss fin ack 11713449205243400434 seq 14413541604287240298 subseq 0 len 1,nop,nop". */
	{ "Linux DATA_FIN",
	  { .suboptions = MPTCP_OPT_DSS, .version = 1,
	    .dss_flags = MPTCP_DSS_HAS_ACK | MPTCP_DSS_ACK64 | MPTCP_DSS_HAS_MAP | MPTCP_DSS_DSN64 | MPTCP_DSS_DATA_FIN,
	    .data_ack = UINT64_C(11713449205243400434), .data_seq = UINT64_C(14413541604287240298), .subflow_seq = 0,
	    .data_len = 1 },
	  { .version = 1, .tcp_flags = ACK | TCP_FLAG_FIN },
	  28,
	  { 0x1e, 0x1a, 0x20, 0x1f, 0xa2, 0x8e, 0x87, 0xfd, 0xdd, 0x1d, 0x50, 0xf2, 0xc8, 0x07,
	    0x2f, 0xb9, 0x0e, 0xda, 0xd8, 0x6a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01 } },
	/* RFC 8684 Figure 12 with port and HMAC; Linux adds 2 NOPs. */
	{ "ADD_ADDR port and HMAC",
	  { .suboptions = MPTCP_OPT_ADD_ADDR, .version = 1, .add_addr_id = 1, .add_addr = { 4, { 10, 1, 2, 2 } },
	    .add_addr_has_port = true, .add_addr_port = 8080, .add_addr_hmac = UINT64_C(0x88f7bc24cefac66d) },
	  { .version = 1, .tcp_flags = ACK },
	  20,
	  { 0x1e, 0x12, 0x30, 0x01, 10, 1, 2, 2, 0x1f, 0x90, 0x88, 0xf7, 0xbc, 0x24, 0xce, 0xfa, 0xc6, 0x6d, 0x01, 0x01 } },
	/* v1 echo: E set, no HMAC. */
	{ "ADD_ADDR echo",
	  { .suboptions = MPTCP_OPT_ADD_ADDR, .version = 1, .add_addr_echo = true, .add_addr_id = 1,
	    .add_addr = { 4, { 10, 1, 2, 2 } } },
	  { .version = 1, .tcp_flags = ACK },
	  8,
	  { 0x1e, 0x08, 0x31, 0x01, 10, 1, 2, 2 } },
	/* tcpdump tests/mptcp-v0.out frame 4: "mptcp 8 add-addr v0-ip4 id 1 10.1.2.2". */
	{ "v0 ADD_ADDR",
	  { .suboptions = MPTCP_OPT_ADD_ADDR, .version = 0, .add_addr_id = 1, .add_addr = { 4, { 10, 1, 2, 2 } } },
	  { .version = 0, .tcp_flags = ACK },
	  8,
	  { 0x1e, 0x08, 0x34, 0x01, 10, 1, 2, 2 } },
	/* Linux: MP_PRIO 3 bytes and a NOP (TCPOLEN_MPTCP_PRIO_ALIGN). */
	{ "MP_PRIO backup",
	  { .suboptions = MPTCP_OPT_PRIO, .version = 1, .prio_backup = true },
	  { .version = 1, .tcp_flags = ACK },
	  4,
	  { 0x1e, 0x03, 0x51, 0x01 } },
	{ "v0 MP_PRIO with address id",
	  { .suboptions = MPTCP_OPT_PRIO, .version = 0, .prio_backup = true, .prio_has_id = true, .prio_id = 7 },
	  { .version = 0, .tcp_flags = ACK },
	  4,
	  { 0x1e, 0x04, 0x51, 0x07 } },
	/* Linux pads REMOVE_ADDR's 3 + n bytes to a multiple of 4. */
	{ "REMOVE_ADDR 2 ids",
	  { .suboptions = MPTCP_OPT_RM_ADDR, .version = 1, .rm_count = 2, .rm_ids = { 3, 4 } },
	  { .version = 1, .tcp_flags = ACK },
	  8,
	  { 0x1e, 0x05, 0x40, 0x03, 0x04, 0x01, 0x01, 0x01 } },
	/* RFC 8684 Figure 15: T set, reason 5. */
	{ "MP_TCPRST",
	  { .suboptions = MPTCP_OPT_RST, .version = 1, .reset_flags = MPTCP_RST_TRANSIENT, .reset_reason = 5 },
	  { .version = 1, .tcp_flags = RSTACK },
	  4,
	  { 0x1e, 0x04, 0x81, 0x05 } },
	/* Figures 14 and 16; Linux writes MP_FASTCLOSE, then MP_TCPRST. */
	{ "MP_FASTCLOSE + MP_TCPRST",
	  { .suboptions = MPTCP_OPT_FASTCLOSE | MPTCP_OPT_RST, .version = 1, .fastclose_key = UINT64_C(0xd005b1ab34bad344),
	    .reset_reason = 1 },
	  { .version = 1, .tcp_flags = RSTACK },
	  16,
	  { 0x1e, 0x0c, 0x70, 0x00, 0xd0, 0x05, 0xb1, 0xab, 0x34, 0xba, 0xd3, 0x44, 0x1e, 0x04, 0x80, 0x01 } },
	{ "MP_FAIL",
	  { .suboptions = MPTCP_OPT_FAIL, .version = 1, .fail_seq = UINT64_C(0x0102030405060708) },
	  { .version = 1, .tcp_flags = ACK },
	  12,
	  { 0x1e, 0x0c, 0x60, 0x00, 1, 2, 3, 4, 5, 6, 7, 8 } },
	/* tcpdump tests/mptcp-v0.out frame 8: "mptcp 12 join id 0 token 0xe47f0142 nonce 0x1b665a18"; backup here. */
	{ "MP_JOIN SYN backup",
	  { .suboptions = MPTCP_OPT_MPJ_SYN, .version = 0, .join_backup = true, .join_id = 0, .token = 0xe47f0142u,
	    .nonce = 0x1b665a18u },
	  { .version = 0, .tcp_flags = SYN },
	  12,
	  { 0x1e, 0x0c, 0x11, 0x00, 0xe4, 0x7f, 0x01, 0x42, 0x1b, 0x66, 0x5a, 0x18 } },
	/* Frame 9: "mptcp 16 join id 1 hmac 0x5ab680c7884af03d nonce 0x33abe9d5". */
	{ "MP_JOIN SYN/ACK",
	  { .suboptions = MPTCP_OPT_MPJ_SYNACK, .version = 0, .join_id = 1, .thmac = UINT64_C(0x5ab680c7884af03d),
	    .nonce = 0x33abe9d5u },
	  { .version = 0, .tcp_flags = SYNACK },
	  16,
	  { 0x1e, 0x10, 0x10, 0x01, 0x5a, 0xb6, 0x80, 0xc7, 0x88, 0x4a, 0xf0, 0x3d, 0x33, 0xab, 0xe9, 0xd5 } },
};

static void test_layouts(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(layouts); i++) {
		const layout *l = &layouts[i];
		size_t len;
		uint8_t *b = write_exact(&l->o, &len);
		bool same = len == l->len && memcmp(b, l->bytes, len) == 0;
		if (!same) {
			fprintf(stderr, "%s:", l->name);
			for (size_t k = 0; k < len; k++)
				fprintf(stderr, " %02x", b[k]);
			fprintf(stderr, "\n");
		}
		CU_ASSERT_TRUE(same);
		mptcp_options back;
		CU_ASSERT_EQUAL(parse_exact(l->bytes, l->len, &l->ctx, &back, NULL), MPTCP_OPT_OK);
		CU_ASSERT_TRUE(mptcp_options_equal(&back, &l->o));
		g_free(b);
	}
}

/* ---- malformed options, by hand ---- */

typedef struct bad_case {
	const char *name;
	mptcp_opt_ctx ctx;
	uint8_t len;
	uint8_t bytes[40];
	mptcp_opt_reason reason;
	uint8_t subtype;
} bad_case;

#define V1(f) { .version = 1, .tcp_flags = (f) }
#define V0(f) { .version = 0, .tcp_flags = (f) }
#define V1DATA { .version = 1, .tcp_flags = ACK, .payload_len = 100 }
#define KEYS 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16

static const bad_case bad_cases[] = {
	/* MP_CAPABLE: RFC 8684 §3.1 lengths 4/12/20/22/24, RFC 6824 12/20. */
	{ "MPC length 9", V1(ACK), 9, { 30, 9, 0x01, 0x01, 1, 2, 3, 4, 5 }, MPTCP_OPT_ERR_LENGTH, 0 },
	{ "MPC length 3", V1(SYN), 3, { 30, 3, 0x01 }, MPTCP_OPT_ERR_LENGTH, 0 },
	{ "MPC v1 SYN with a key", V1(SYN), 12, { 30, 12, 0x01, 0x01, 1, 2, 3, 4, 5, 6, 7, 8 }, MPTCP_OPT_ERR_SEGMENT, 0 },
	{ "MPC v0 SYN without key", V1(SYN), 4, { 30, 4, 0x00, 0x81 }, MPTCP_OPT_ERR_LENGTH, 0 },
	{ "MPC SYN form on an ACK", V1(ACK), 4, { 30, 4, 0x01, 0x01 }, MPTCP_OPT_ERR_SEGMENT, 0 },
	{ "MPC SYN/ACK form on a SYN", V1(SYN), 12, { 30, 12, 0x01, 0x01, 1, 2, 3, 4, 5, 6, 7, 8 }, MPTCP_OPT_ERR_SEGMENT, 0 },
	{ "MPC ACK form on a SYN/ACK", V1(SYNACK), 20, { 30, 20, 0x01, 0x01, KEYS }, MPTCP_OPT_ERR_SEGMENT, 0 },
	{ "MPC third ACK without data length on data", V1DATA, 20, { 30, 20, 0x01, 0x01, KEYS }, MPTCP_OPT_ERR_SEGMENT, 0 },
	{ "MPC data length on a pure ACK", V1(ACK), 22, { 30, 22, 0x01, 0x01, KEYS, 0, 100 }, MPTCP_OPT_ERR_SEGMENT, 0 },
	{ "MPC v0 data form", V0(ACK), 22, { 30, 22, 0x00, 0x81, KEYS, 0, 100 }, MPTCP_OPT_ERR_LENGTH, 0 },
	{ "MPC B set", V1(SYN), 4, { 30, 4, 0x01, 0x41 }, MPTCP_OPT_ERR_FLAGS, 0 },
	{ "MPC no algorithm", V1(SYN), 4, { 30, 4, 0x01, 0x80 }, MPTCP_OPT_ERR_FLAGS, 0 },
	{ "MPC v1 algorithm D", V1(SYN), 4, { 30, 4, 0x01, 0x11 }, MPTCP_OPT_ERR_FLAGS, 0 },
	{ "MPC v1 algorithm G", V1(SYN), 4, { 30, 4, 0x01, 0x03 }, MPTCP_OPT_ERR_FLAGS, 0 },
	{ "MPC v0 algorithm C", V0(SYN), 12, { 30, 12, 0x00, 0xa1, 1, 2, 3, 4, 5, 6, 7, 8 }, MPTCP_OPT_ERR_FLAGS, 0 },
	{ "MPC SYN/ACK answering a higher version", V1(SYNACK), 12, { 30, 12, 0x02, 0x01, 1, 2, 3, 4, 5, 6, 7, 8 },
	  MPTCP_OPT_ERR_VERSION, 0 },
	{ "MPC v1 SYN/ACK to a v0 SYN", V0(SYNACK), 12, { 30, 12, 0x01, 0x01, 1, 2, 3, 4, 5, 6, 7, 8 },
	  MPTCP_OPT_ERR_VERSION, 0 },
	{ "MPC ACK of another version", V0(ACK), 20, { 30, 20, 0x01, 0x01, KEYS }, MPTCP_OPT_ERR_VERSION, 0 },
	{ "MPC future version, key on SYN", V1(SYN), 12, { 30, 12, 0x02, 0x01, 1, 2, 3, 4, 5, 6, 7, 8 },
	  MPTCP_OPT_ERR_SEGMENT, 0 },
	/* MP_JOIN: 12 on the SYN, 16 on the SYN/ACK, 24 on the third ACK (RFC 8684 §3.2). */
	{ "MPJ length 14", V1(SYN), 14, { 30, 14, 0x10, 1 }, MPTCP_OPT_ERR_LENGTH, 1 },
	{ "MPJ SYN/ACK form on a SYN", V1(SYN), 16, { 30, 16, 0x10, 1 }, MPTCP_OPT_ERR_SEGMENT, 1 },
	{ "MPJ SYN form on an ACK", V1(ACK), 12, { 30, 12, 0x10, 1 }, MPTCP_OPT_ERR_SEGMENT, 1 },
	{ "MPJ ACK form on a SYN/ACK", V1(SYNACK), 24, { 30, 24, 0x10, 0 }, MPTCP_OPT_ERR_SEGMENT, 1 },
	/* DSS: 4 + {0,4,8} + {0,10,14} + {0,2} (RFC 8684 §3.3). */
	{ "DSS length 3", V1(ACK), 3, { 30, 3, 0x20 }, MPTCP_OPT_ERR_LENGTH, 2 },
	{ "DSS A and M in 10 bytes", V1(ACK), 10, { 30, 10, 0x20, 0x05 }, MPTCP_OPT_ERR_LENGTH, 2 },
	{ "DSS checksum without mapping", V1(ACK), 10, { 30, 10, 0x20, 0x01 }, MPTCP_OPT_ERR_LENGTH, 2 },
	{ "DSS 64-bit ACK in 8 bytes", V1(ACK), 8, { 30, 8, 0x20, 0x03 }, MPTCP_OPT_ERR_LENGTH, 2 },
	{ "DSS 32-bit map in 18 bytes (64-bit size)", V1(ACK), 18, { 30, 18, 0x20, 0x04 }, MPTCP_OPT_ERR_LENGTH, 2 },
	{ "DSS flags 0 with data", V1(ACK), 6, { 30, 6, 0x20, 0x00 }, MPTCP_OPT_ERR_LENGTH, 2 },
	/* ADD_ADDR: v1 16/18/28/30, echo 8/10/20/22; v0 8/10/20/22 with IPVer (RFC 6824 §3.4.1). */
	{ "ADD_ADDR length 15", V1(ACK), 15, { 30, 15, 0x30, 1 }, MPTCP_OPT_ERR_LENGTH, 3 },
	{ "ADD_ADDR echo with HMAC length", V1(ACK), 16, { 30, 16, 0x31, 1 }, MPTCP_OPT_ERR_LENGTH, 3 },
	{ "ADD_ADDR without HMAC and no echo", V1(ACK), 8, { 30, 8, 0x30, 1, 10, 0, 0, 1 }, MPTCP_OPT_ERR_LENGTH, 3 },
	{ "v0 ADD_ADDR length 16", V0(ACK), 16, { 30, 16, 0x34, 1 }, MPTCP_OPT_ERR_LENGTH, 3 },
	{ "v0 ADD_ADDR IPv4 length, IPVer 6", V0(ACK), 8, { 30, 8, 0x36, 1, 10, 0, 0, 1 }, MPTCP_OPT_ERR_IP_VERSION, 3 },
	{ "v0 ADD_ADDR IPv6 length, IPVer 4", V0(ACK), 20, { 30, 20, 0x34, 1 }, MPTCP_OPT_ERR_IP_VERSION, 3 },
	{ "v0 ADD_ADDR IPVer 0", V0(ACK), 10, { 30, 10, 0x30, 1, 10, 0, 0, 1, 0, 80 }, MPTCP_OPT_ERR_IP_VERSION, 3 },
	/* REMOVE_ADDR: 1..8 ids. */
	{ "REMOVE_ADDR without id", V1(ACK), 3, { 30, 3, 0x40 }, MPTCP_OPT_ERR_LENGTH, 4 },
	{ "REMOVE_ADDR 9 ids", V1(ACK), 12, { 30, 12, 0x40, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, MPTCP_OPT_ERR_LENGTH, 4 },
	/* MP_PRIO: 3 in v1 (RFC 8684 §5 removed the AddrID), 3 or 4 in v0. */
	{ "v1 MP_PRIO with address id", V1(ACK), 4, { 30, 4, 0x51, 7 }, MPTCP_OPT_ERR_LENGTH, 5 },
	{ "v0 MP_PRIO length 5", V0(ACK), 5, { 30, 5, 0x51, 7, 0 }, MPTCP_OPT_ERR_LENGTH, 5 },
	/* MP_FAIL and MP_FASTCLOSE: 12. */
	{ "MP_FAIL length 11", V1(ACK), 11, { 30, 11, 0x60 }, MPTCP_OPT_ERR_LENGTH, 6 },
	{ "MP_FAIL length 13", V1(ACK), 13, { 30, 13, 0x60 }, MPTCP_OPT_ERR_LENGTH, 6 },
	{ "MP_FASTCLOSE length 4", V1(ACK), 4, { 30, 4, 0x70, 0 }, MPTCP_OPT_ERR_LENGTH, 7 },
	/* MP_TCPRST: 4, v1 only, on a RST. */
	{ "MP_TCPRST in v0", V0(RSTACK), 4, { 30, 4, 0x80, 1 }, MPTCP_OPT_ERR_VERSION, 8 },
	{ "MP_TCPRST length 5", V1(RSTACK), 5, { 30, 5, 0x80, 1, 0 }, MPTCP_OPT_ERR_LENGTH, 8 },
	{ "MP_TCPRST without RST", V1(ACK), 4, { 30, 4, 0x80, 1 }, MPTCP_OPT_ERR_SEGMENT, 8 },
	/* Subtypes nobody assigned, and the experimental one. */
	{ "subtype 9", V1(ACK), 4, { 30, 4, 0x90, 0 }, MPTCP_OPT_ERR_SUBTYPE, 9 },
	{ "subtype 14", V1(ACK), 4, { 30, 4, 0xe0, 0 }, MPTCP_OPT_ERR_SUBTYPE, 14 },
	{ "MP_EXPERIMENTAL", V1(ACK), 8, { 30, 8, 0xf0, 0 }, MPTCP_OPT_ERR_SUBTYPE, 15 },
	/* No subtype at all. */
	{ "MPTCP length 2", V1(ACK), 2, { 30, 2 }, MPTCP_OPT_ERR_LENGTH, MPTCP_SUBTYPE_NONE },
	/* Truncated: the Length runs past the option bytes. */
	{ "MPTCP option past the end", V1(ACK), 12, { 30, 20, 0x01, 0x01, 1, 2, 3, 4, 5, 6, 7, 8 },
	  MPTCP_OPT_ERR_TCP_OPTION, 0 },
	{ "MPTCP kind alone", V1(ACK), 1, { 30 }, MPTCP_OPT_ERR_TCP_OPTION, MPTCP_SUBTYPE_NONE },
	{ "MPTCP length 1", V1(ACK), 2, { 30, 1 }, MPTCP_OPT_ERR_TCP_OPTION, MPTCP_SUBTYPE_NONE },
	{ "MPTCP length 0 with a subtype byte", V1(ACK), 3, { 30, 0, 0x20 }, MPTCP_OPT_ERR_TCP_OPTION, 2 },
};

static void test_malformed_cases(void)
{
	for (size_t i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
		const bad_case *c = &bad_cases[i];
		mptcp_options o;
		mptcp_opt_report rep;
		mptcp_opt_reason r = parse_exact(c->bytes, c->len, &c->ctx, &o, &rep);
		if (r != c->reason)
			fprintf(stderr, "%s: %s, expected %s\n", c->name, mptcp_opt_reason_name(r),
				mptcp_opt_reason_name(c->reason));
		CU_ASSERT_EQUAL(r, c->reason);
		CU_ASSERT_EQUAL(o.suboptions, 0);
		CU_ASSERT_EQUAL(rep.n_mptcp, 1);
		CU_ASSERT_EQUAL(rep.n_bad, 1);
		CU_ASSERT_EQUAL(rep.bad[0].reason, c->reason);
		CU_ASSERT_EQUAL(rep.bad[0].subtype, c->subtype);
		CU_ASSERT_EQUAL(rep.bad[0].offset, 0);
		/* Nothing else was touched. */
		mptcp_options zero;
		memset(&zero, 0, sizeof zero);
		zero.version = c->ctx.version;
		CU_ASSERT_EQUAL(memcmp(&o, &zero, sizeof o), 0);
	}
}

/* The same bytes are accepted where they are well-formed: the cases above fail for the reason
 * they name, not for another. */
static void test_wellformed_neighbours(void)
{
	static const bad_case good[] = {
		{ "MPC v1 SYN C flag", V1(SYN), 4, { 30, 4, 0x01, 0xa1 }, MPTCP_OPT_OK, 0 },
		{ "MPC future version on SYN", V1(SYN), 4, { 30, 4, 0x0f, 0x01 }, MPTCP_OPT_OK, 0 },
		{ "MPC v0 SYN/ACK answering a v1 SYN", V1(SYNACK), 12, { 30, 12, 0x00, 0x81, 1, 2, 3, 4, 5, 6, 7, 8 },
		  MPTCP_OPT_OK, 0 },
		{ "MPC v0 SYN", V1(SYN), 12, { 30, 12, 0x00, 0x81, 1, 2, 3, 4, 5, 6, 7, 8 }, MPTCP_OPT_OK, 0 },
		{ "MPC v0 ACK with data", { .version = 0, .tcp_flags = ACK, .payload_len = 100 }, 20,
		  { 30, 20, 0x00, 0x81, KEYS }, MPTCP_OPT_OK, 0 },
		{ "MPC data with checksum", V1DATA, 24, { 30, 24, 0x01, 0x81, KEYS, 0, 100, 0xab, 0xcd }, MPTCP_OPT_OK, 0 },
		{ "MPJ reserved bits set", V1(ACK), 24, { 30, 24, 0x1f, 0xff }, MPTCP_OPT_OK, 1 },
		{ "DSS reserved bits set", V1(ACK), 8, { 30, 8, 0x2f, 0xe1, 1, 2, 3, 4 }, MPTCP_OPT_OK, 2 },
		{ "DSS F alone", V1(ACK), 4, { 30, 4, 0x20, 0x10 }, MPTCP_OPT_OK, 2 },
		{ "ADD_ADDR reserved bits", V1(ACK), 10, { 30, 10, 0x3f, 1, 10, 0, 0, 1, 0, 80 }, MPTCP_OPT_OK, 3 },
		{ "v0 ADD_ADDR IPv6 port", V0(ACK), 22, { 30, 22, 0x36, 1, [20] = 0, [21] = 80 }, MPTCP_OPT_OK, 3 },
		{ "REMOVE_ADDR 8 ids", V1(ACK), 11, { 30, 11, 0x40, 1, 2, 3, 4, 5, 6, 7, 8 }, MPTCP_OPT_OK, 4 },
		{ "MP_TCPRST reserved bits", V1(RSTACK), 4, { 30, 4, 0x8f, 0xff }, MPTCP_OPT_OK, 8 },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
		mptcp_options o;
		mptcp_opt_reason r = parse_exact(good[i].bytes, good[i].len, &good[i].ctx, &o, NULL);
		if (r != MPTCP_OPT_OK)
			fprintf(stderr, "%s: %s\n", good[i].name, mptcp_opt_reason_name(r));
		CU_ASSERT_EQUAL(r, MPTCP_OPT_OK);
		CU_ASSERT_EQUAL(popcount32(o.suboptions), 1);
	}
	/* Some values, read as they should be. */
	mptcp_options o;
	CU_ASSERT_EQUAL(parse_exact(good[2].bytes, good[2].len, &good[2].ctx, &o, NULL), MPTCP_OPT_OK);
	CU_ASSERT_EQUAL(o.mpc_version, 0);
	CU_ASSERT_EQUAL(o.version, 1);
	CU_ASSERT_EQUAL(o.sndr_key, UINT64_C(0x0102030405060708));
	CU_ASSERT_EQUAL(parse_exact(good[5].bytes, good[5].len, &good[5].ctx, &o, NULL), MPTCP_OPT_OK);
	CU_ASSERT_TRUE(o.mpc_has_data && o.mpc_has_csum);
	CU_ASSERT_EQUAL(o.rcvr_key, UINT64_C(0x090a0b0c0d0e0f10));
	CU_ASSERT_EQUAL(o.mpc_data_len, 100);
	CU_ASSERT_EQUAL(o.mpc_csum, 0xabcd);
	CU_ASSERT_EQUAL(parse_exact(good[7].bytes, good[7].len, &good[7].ctx, &o, NULL), MPTCP_OPT_OK);
	CU_ASSERT_EQUAL(o.dss_flags, MPTCP_DSS_HAS_ACK);
	CU_ASSERT_EQUAL(o.data_ack, 0x01020304u);
	CU_ASSERT_EQUAL(parse_exact(good[12].bytes, good[12].len, &good[12].ctx, &o, NULL), MPTCP_OPT_OK);
	CU_ASSERT_EQUAL(o.reset_flags, 0x0f);
	CU_ASSERT_EQUAL(o.reset_reason, 0xff);
	CU_ASSERT_STRING_EQUAL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_RST), "MPRstRx");
}

/* ---- every combination against an oracle ---- */

typedef struct seg_kind {
	const char *name;
	uint8_t flags;
	uint32_t payload;
} seg_kind;

static const seg_kind seg_kinds[] = {
	{ "SYN", SYN, 0 }, { "SYN/ACK", SYNACK, 0 }, { "ACK", ACK, 0 }, { "data", ACK | TCP_FLAG_PSH, 100 }, { "RST", RSTACK, 0 },
};

/* What mptcp-wire.md §1 says of an option of subtype `st`, nibble `nib`, third byte `b3` and
 * Length `len`, on segment `sk` of a connection of version `ver`: accepted (OK, *bit set) or why
 * not. Lengths come from mptcpforms_len_allowed(), the table of §1.0, not from the codec. */
static mptcp_opt_reason oracle(uint8_t ver, const seg_kind *sk, uint8_t st, uint8_t nib, uint8_t b3, unsigned len,
			       uint32_t *bit)
{
	*bit = 0;
	bool syn = sk->flags & SYN, ack = sk->flags & ACK;
	switch (st) {
	case MPTCPOPT_MP_CAPABLE: {
		if (len < 4)
			return MPTCP_OPT_ERR_LENGTH;
		/* §1.1: any version on the SYN, not above the proposal on the SYN/ACK, the same after. */
		if (syn && ack && nib > ver)
			return MPTCP_OPT_ERR_VERSION;
		if (!syn && nib != ver)
			return MPTCP_OPT_ERR_VERSION;
		uint8_t form_ver = nib == 0 ? 0 : 1;
		if (!mptcpforms_len_allowed(form_ver, st, len))
			return MPTCP_OPT_ERR_LENGTH;
		unsigned want = 20, alt = 0;
		if (syn && !ack) {
			want = form_ver ? 4 : 12;
			*bit = MPTCP_OPT_MPC_SYN;
		} else if (syn) {
			want = 12;
			*bit = MPTCP_OPT_MPC_SYNACK;
		} else {
			*bit = MPTCP_OPT_MPC_ACK;
			if (form_ver && sk->payload) {
				want = 22;
				alt = 24;
			}
		}
		if (len != want && len != alt) {
			*bit = 0;
			return MPTCP_OPT_ERR_SEGMENT;
		}
		if ((b3 & 0x40) || (b3 & (form_ver ? 0x1f : 0x3f)) != 0x01) {
			*bit = 0;
			return MPTCP_OPT_ERR_FLAGS;
		}
		return MPTCP_OPT_OK;
	}
	case MPTCPOPT_MP_JOIN: {
		if (!mptcpforms_len_allowed(ver, st, len))
			return MPTCP_OPT_ERR_LENGTH;
		unsigned want = syn ? (ack ? 16 : 12) : 24;
		if (len != want)
			return MPTCP_OPT_ERR_SEGMENT;
		*bit = syn ? (ack ? MPTCP_OPT_MPJ_SYNACK : MPTCP_OPT_MPJ_SYN) : MPTCP_OPT_MPJ_ACK;
		return MPTCP_OPT_OK;
	}
	case MPTCPOPT_DSS: {
		if (len < 4)
			return MPTCP_OPT_ERR_LENGTH;
		unsigned want = 4;
		if (b3 & 0x01)
			want += (b3 & 0x02) ? 8 : 4;
		if (b3 & 0x04)
			want += (b3 & 0x08) ? 14 : 10;
		if (len != want && !((b3 & 0x04) && len == want + 2))
			return MPTCP_OPT_ERR_LENGTH;
		*bit = MPTCP_OPT_DSS;
		return MPTCP_OPT_OK;
	}
	case MPTCPOPT_ADD_ADDR:
		if (ver == 0) {
			if (!mptcpforms_len_allowed(0, st, len))
				return MPTCP_OPT_ERR_LENGTH;
			if (nib != (len < 20 ? 4 : 6))
				return MPTCP_OPT_ERR_IP_VERSION;
		} else {
			bool echo = nib & 1;
			bool echo_len = len == 8 || len == 10 || len == 20 || len == 22;
			if (!mptcpforms_len_allowed(1, st, len) || echo != echo_len)
				return MPTCP_OPT_ERR_LENGTH;
		}
		*bit = MPTCP_OPT_ADD_ADDR;
		return MPTCP_OPT_OK;
	case MPTCPOPT_RST:
		if (ver == 0)
			return MPTCP_OPT_ERR_VERSION;
		if (len != 4)
			return MPTCP_OPT_ERR_LENGTH;
		if (!(sk->flags & TCP_FLAG_RST))
			return MPTCP_OPT_ERR_SEGMENT;
		*bit = MPTCP_OPT_RST;
		return MPTCP_OPT_OK;
	case MPTCPOPT_RM_ADDR:
	case MPTCPOPT_MP_PRIO:
	case MPTCPOPT_MP_FAIL:
	case MPTCPOPT_MP_FASTCLOSE:
		if (!mptcpforms_len_allowed(ver, st, len))
			return MPTCP_OPT_ERR_LENGTH;
		*bit = st == MPTCPOPT_RM_ADDR ? MPTCP_OPT_RM_ADDR
		       : st == MPTCPOPT_MP_PRIO ? MPTCP_OPT_PRIO
		       : st == MPTCPOPT_MP_FAIL ? MPTCP_OPT_FAIL : MPTCP_OPT_FASTCLOSE;
		return MPTCP_OPT_OK;
	default:
		return MPTCP_OPT_ERR_SUBTYPE;
	}
}

static void test_every_combination(void)
{
	unsigned long parses = 0, accepted = 0, mismatches = 0;
	unsigned long per_reason[MPTCP_OPT_REASON_COUNT] = { 0 };
	for (unsigned len = 3; len <= TCP_OPTIONS_MAX; len++) {
		uint8_t *b = g_malloc(len); /* exactly the option: a read past it is an ASan error */
		for (uint8_t ver = 0; ver <= 1; ver++) {
			for (size_t s = 0; s < G_N_ELEMENTS(seg_kinds); s++) {
				mptcp_opt_ctx ctx = { .version = ver, .tcp_flags = seg_kinds[s].flags,
						      .payload_len = seg_kinds[s].payload };
				for (unsigned st = 0; st < 16; st++) {
					bool flag_byte = st == MPTCPOPT_MP_CAPABLE || st == MPTCPOPT_DSS;
					static const uint8_t few[] = { 0x00, 0x5a, 0xff };
					unsigned n3 = flag_byte ? 256 : G_N_ELEMENTS(few);
					unsigned nnib = st == MPTCPOPT_DSS ? 2 : 16;
					for (unsigned nib_i = 0; nib_i < nnib; nib_i++) {
						uint8_t nib = (uint8_t)(st == MPTCPOPT_DSS ? nib_i * 15 : nib_i);
						for (unsigned i3 = 0; i3 < n3; i3++) {
							uint8_t b3 = flag_byte ? (uint8_t)i3 : few[i3];
							b[0] = TCPOPT_MPTCP;
							b[1] = (uint8_t)len;
							b[2] = (uint8_t)(st << 4 | nib);
							if (len > 3)
								b[3] = b3;
							for (unsigned k = 4; k < len; k++)
								b[k] = (uint8_t)(k * 37 + 11);
							uint32_t want_bit;
							mptcp_opt_reason want = oracle(ver, &seg_kinds[s], (uint8_t)st, nib,
										       len > 3 ? b3 : 0, len, &want_bit);
							mptcp_options o;
							mptcp_opt_reason got = mptcp_opt_parse(b, len, &ctx, &o, NULL);
							parses++;
							if (got != want || o.suboptions != want_bit) {
								if (mismatches++ < 10)
									fprintf(stderr,
										"v%u %s subtype %u nibble %x byte3 %02x len %u: "
										"%s bits %x, oracle %s bits %x\n",
										ver, seg_kinds[s].name, st, nib, b3, len,
										mptcp_opt_reason_name(got), o.suboptions,
										mptcp_opt_reason_name(want), want_bit);
								continue;
							}
							per_reason[got]++;
							if (got != MPTCP_OPT_OK)
								continue;
							/* Accepted: written back, the same Length and the same values. */
							accepted++;
							size_t wlen;
							uint8_t *w = write_exact(&o, &wlen);
							CU_ASSERT_EQUAL(w[1], len);
							mptcp_options again;
							CU_ASSERT_EQUAL(mptcp_opt_parse(w, wlen, &ctx, &again, NULL), MPTCP_OPT_OK);
							CU_ASSERT_TRUE(mptcp_options_equal(&o, &again));
							g_free(w);
						}
						if (len == 3 && !flag_byte)
							break; /* no third byte: one pass is all */
					}
				}
			}
		}
		g_free(b);
	}
	CU_ASSERT_EQUAL(mismatches, 0);
	/* Every reason a lone option can have occurred, and a good share was accepted. */
	for (int r = MPTCP_OPT_OK; r < MPTCP_OPT_REASON_COUNT; r++)
		if (r != MPTCP_OPT_ERR_TCP_OPTION)
			CU_ASSERT_TRUE(per_reason[r] > 0);
	CU_ASSERT_TRUE(accepted > 10000);
	CU_ASSERT_TRUE(parses > 1000000);
}

/* ---- the option walk ---- */

static void test_walk(void)
{
	mptcp_opt_ctx ack1 = { .version = 1, .tcp_flags = ACK };
	mptcp_options o;
	mptcp_opt_report rep;

	/* Nothing at all. */
	CU_ASSERT_EQUAL(mptcp_opt_parse(NULL, 0, &ack1, &o, &rep), MPTCP_OPT_OK);
	CU_ASSERT_EQUAL(o.suboptions, 0);
	CU_ASSERT_EQUAL(rep.n_mptcp, 0);

	/* Other kinds are skipped by their length, NOPs one by one (RFC 9293 §3.2). */
	const uint8_t mixed[] = { 1, 1, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8,       /* NOP NOP TS */
				  5, 10, 0, 0, 0, 1, 0, 0, 0, 2,            /* SACK, one block */
				  30, 3, 0x51, 1,                           /* MP_PRIO backup + NOP */
				  30, 8, 0x20, 0x01, 0xde, 0xad, 0xbe, 0xef /* DSS Data ACK */ };
	CU_ASSERT_EQUAL(parse_exact(mixed, sizeof mixed, &ack1, &o, &rep), MPTCP_OPT_OK);
	CU_ASSERT_EQUAL(o.suboptions, MPTCP_OPT_PRIO | MPTCP_OPT_DSS);
	CU_ASSERT_TRUE(o.prio_backup);
	CU_ASSERT_EQUAL(o.data_ack, 0xdeadbeefu);
	CU_ASSERT_EQUAL(rep.n_mptcp, 2);
	CU_ASSERT_EQUAL(rep.n_bad, 0);

	/* End of Option List: what follows is padding, even if it looks like an option. */
	const uint8_t eol[] = { 30, 3, 0x50, 0, 30, 12, 0x60, 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	CU_ASSERT_EQUAL(parse_exact(eol, sizeof eol, &ack1, &o, &rep), MPTCP_OPT_OK);
	CU_ASSERT_EQUAL(o.suboptions, MPTCP_OPT_PRIO);
	CU_ASSERT_FALSE(o.prio_backup);

	/* A "silly" option (length below 2) ends the walk: the MPTCP option after it is not read. */
	const uint8_t silly[] = { 2, 1, 30, 3, 0x51, 1 };
	CU_ASSERT_EQUAL(parse_exact(silly, sizeof silly, &ack1, &o, &rep), MPTCP_OPT_ERR_TCP_OPTION);
	CU_ASSERT_EQUAL(o.suboptions, 0);
	CU_ASSERT_EQUAL(rep.n_bad, 1);
	CU_ASSERT_EQUAL(rep.n_mptcp, 0);
	CU_ASSERT_EQUAL(rep.bad[0].subtype, MPTCP_SUBTYPE_NONE);

	/* An option running past the end, after a good one: the good one stays. */
	const uint8_t past[] = { 30, 3, 0x51, 1, 8, 10, 1, 2 };
	CU_ASSERT_EQUAL(parse_exact(past, sizeof past, &ack1, &o, &rep), MPTCP_OPT_ERR_TCP_OPTION);
	CU_ASSERT_EQUAL(o.suboptions, MPTCP_OPT_PRIO);
	CU_ASSERT_EQUAL(rep.bad[0].offset, 4);

	/* A malformed MPTCP option is skipped by its length; the walk goes on. */
	const uint8_t skip[] = { 30, 5, 0x20, 0x01, 0, 30, 4, 0x80, 3 };
	mptcp_opt_ctx rst1 = { .version = 1, .tcp_flags = RSTACK };
	CU_ASSERT_EQUAL(parse_exact(skip, sizeof skip, &rst1, &o, &rep), MPTCP_OPT_ERR_LENGTH);
	CU_ASSERT_EQUAL(o.suboptions, MPTCP_OPT_RST);
	CU_ASSERT_EQUAL(o.reset_reason, 3);
	CU_ASSERT_EQUAL(rep.n_mptcp, 2);
	CU_ASSERT_EQUAL(rep.n_bad, 1);
	CU_ASSERT_EQUAL(rep.bad[0].subtype, MPTCPOPT_DSS);

	/* Reports may be left out. */
	CU_ASSERT_EQUAL(parse_exact(skip, sizeof skip, &rst1, &o, NULL), MPTCP_OPT_ERR_LENGTH);
}

/* Several options of one subtype, as Linux: the last well-formed one wins, field by field of its
 * own kind; a malformed one changes nothing. */
static void test_several_options(void)
{
	mptcp_opt_ctx ack1 = { .version = 1, .tcp_flags = ACK };
	mptcp_options o;
	mptcp_opt_report rep;
	const uint8_t two_dss[] = {
		30, 20, 0x20, 0x05, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 4, 0xaa, 0xbb, /* A + M, checksum */
		30, 12, 0x20, 0x03, 1, 2, 3, 4, 5, 6, 7, 8,                             /* a 64-bit Data ACK only */
	};
	CU_ASSERT_EQUAL(parse_exact(two_dss, sizeof two_dss, &ack1, &o, &rep), MPTCP_OPT_OK);
	CU_ASSERT_EQUAL(o.dss_flags, MPTCP_DSS_HAS_ACK | MPTCP_DSS_ACK64);
	CU_ASSERT_EQUAL(o.data_ack, UINT64_C(0x0102030405060708));
	/* The second had no mapping: none is left from the first. */
	CU_ASSERT_EQUAL(o.data_seq, 0);
	CU_ASSERT_FALSE(o.dss_has_csum);
	CU_ASSERT_EQUAL(rep.n_mptcp, 2);

	const uint8_t good_then_bad[] = {
		30, 8, 0x20, 0x01, 0, 0, 0, 9,             /* Data ACK 9 */
		30, 10, 0x20, 0x05, 0, 0, 0, 1, 0, 0,      /* A + M in 10 bytes: malformed */
	};
	CU_ASSERT_EQUAL(parse_exact(good_then_bad, sizeof good_then_bad, &ack1, &o, &rep), MPTCP_OPT_ERR_LENGTH);
	CU_ASSERT_EQUAL(o.suboptions, MPTCP_OPT_DSS);
	CU_ASSERT_EQUAL(o.dss_flags, MPTCP_DSS_HAS_ACK);
	CU_ASSERT_EQUAL(o.data_ack, 9);
	CU_ASSERT_EQUAL(rep.bad[0].offset, 8);

	/* Two REMOVE_ADDRs: the second list replaces the first. */
	const uint8_t two_rm[] = { 30, 6, 0x40, 1, 2, 3, 30, 4, 0x40, 9 };
	CU_ASSERT_EQUAL(parse_exact(two_rm, sizeof two_rm, &ack1, &o, NULL), MPTCP_OPT_OK);
	CU_ASSERT_EQUAL(o.rm_count, 1);
	CU_ASSERT_EQUAL(o.rm_ids[0], 9);
	CU_ASSERT_EQUAL(o.rm_ids[1], 0);

	/* Ignored options are all counted; the first MPTCP_OPT_BAD_MAX are listed. */
	uint8_t many[60];
	for (size_t i = 0; i < sizeof many; i += 2) {
		many[i] = TCPOPT_MPTCP;
		many[i + 1] = 2;
	}
	CU_ASSERT_EQUAL(parse_exact(many, sizeof many, &ack1, &o, &rep), MPTCP_OPT_ERR_LENGTH);
	CU_ASSERT_EQUAL(rep.n_mptcp, 30);
	CU_ASSERT_EQUAL(rep.n_bad, 30);
	CU_ASSERT_EQUAL(rep.bad[MPTCP_OPT_BAD_MAX - 1].offset, 2 * (MPTCP_OPT_BAD_MAX - 1));
}

/* ---- lengths and the 40-byte budget ---- */

static void test_lengths(void)
{
	for (unsigned flags = 0; flags < 256; flags++) {
		for (int csum = 0; csum <= 1; csum++) {
			unsigned want = 4 + ((flags & 1) ? ((flags & 2) ? 8 : 4) : 0) +
					((flags & 4) ? ((flags & 8) ? 14 : 10) + (csum ? 2 : 0) : 0);
			CU_ASSERT_EQUAL(mptcp_dss_len((uint8_t)flags, csum), want);
		}
	}
	/* Linux's fullest DSS (64-bit ACK and DSN, no checksum, 2 NOPs) plus timestamps (NOP NOP TS)
	 * fill the 40 bytes exactly. */
	mptcp_options o = { .suboptions = MPTCP_OPT_DSS, .version = 1,
			    .dss_flags = MPTCP_DSS_HAS_ACK | MPTCP_DSS_ACK64 | MPTCP_DSS_HAS_MAP | MPTCP_DSS_DSN64 };
	CU_ASSERT_EQUAL(mptcp_opt_wire_len(&o, MPTCP_OPT_DSS), 26);
	CU_ASSERT_EQUAL(mptcp_opt_len(&o) + 12, TCP_OPTIONS_MAX);
	o.dss_has_csum = true;
	CU_ASSERT_EQUAL(mptcp_opt_len(&o) + 12, TCP_OPTIONS_MAX);
	/* ADD_ADDR for IPv6 with port and HMAC takes 32 bytes: it does not fit beside timestamps,
	 * which is why Linux drops them for it (net.mptcp.add_addr_v6_port_drop_ts). */
	o = (mptcp_options){ .suboptions = MPTCP_OPT_ADD_ADDR, .version = 1, .add_addr = { .family = NET_AF_INET6 },
			     .add_addr_has_port = true };
	CU_ASSERT_EQUAL(mptcp_opt_wire_len(&o, MPTCP_OPT_ADD_ADDR), 30);
	CU_ASSERT_EQUAL(mptcp_opt_len(&o), 32);
	uint8_t room[TCP_OPTIONS_MAX - 12];
	CU_ASSERT_EQUAL(mptcp_opt_write(&o, room, sizeof room), 0);
	/* A SYN: MSS, SACK permitted + TS, window scale as Linux packs them (20 bytes), MP_CAPABLE 4. */
	o = (mptcp_options){ .suboptions = MPTCP_OPT_MPC_SYN, .version = 1, .mpc_version = 1, .mpc_flags = 1 };
	CU_ASSERT_EQUAL(mptcp_opt_len(&o), 4);
	CU_ASSERT_TRUE(20 + mptcp_opt_len(&o) <= TCP_OPTIONS_MAX);
}

/* ---- names ---- */

static void test_names(void)
{
	for (int a = 0; a < MPTCP_OPT_REASON_COUNT; a++) {
		CU_ASSERT_STRING_NOT_EQUAL(mptcp_opt_reason_name((mptcp_opt_reason)a), "unknown");
		for (int b = 0; b < a; b++)
			CU_ASSERT_STRING_NOT_EQUAL(mptcp_opt_reason_name((mptcp_opt_reason)a),
						   mptcp_opt_reason_name((mptcp_opt_reason)b));
	}
	CU_ASSERT_STRING_EQUAL(mptcp_opt_reason_name(MPTCP_OPT_REASON_COUNT), "unknown");
	CU_ASSERT_STRING_EQUAL(mptcp_opt_reason_name(MPTCP_OPT_ERR_LENGTH), "bad-length");
	for (size_t a = 0; a < G_N_ELEMENTS(all_bits); a++) {
		CU_ASSERT_STRING_NOT_EQUAL(mptcp_opt_name(all_bits[a]), "unknown");
		for (size_t b = 0; b < a; b++)
			CU_ASSERT_STRING_NOT_EQUAL(mptcp_opt_name(all_bits[a]), mptcp_opt_name(all_bits[b]));
	}
	CU_ASSERT_STRING_EQUAL(mptcp_opt_name(MPTCP_OPT_MPJ_ACK), "MP_JOIN ACK");
	CU_ASSERT_STRING_EQUAL(mptcp_subtype_name(MPTCPOPT_RST), "MP_TCPRST");
	CU_ASSERT_STRING_EQUAL(mptcp_subtype_name(MPTCPOPT_RM_ADDR), "REMOVE_ADDR");
	CU_ASSERT_STRING_EQUAL(mptcp_subtype_name(9), "unknown");
	/* Linux's MIB names (net/mptcp/mib.c) for the options it counts on receipt. */
	mptcp_options o = { .add_addr_echo = false };
	CU_ASSERT_STRING_EQUAL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_MPC_SYN), "MPCapableSYNRX");
	CU_ASSERT_STRING_EQUAL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_MPC_SYNACK), "MPCapableSYNACKRX");
	CU_ASSERT_STRING_EQUAL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_MPC_ACK), "MPCapableACKRX");
	CU_ASSERT_STRING_EQUAL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_MPJ_SYN), "MPJoinSynRx");
	CU_ASSERT_STRING_EQUAL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_MPJ_SYNACK), "MPJoinSynAckRx");
	CU_ASSERT_STRING_EQUAL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_MPJ_ACK), "MPJoinAckRx");
	CU_ASSERT_STRING_EQUAL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_ADD_ADDR), "AddAddr");
	o.add_addr_echo = true;
	CU_ASSERT_STRING_EQUAL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_ADD_ADDR), "EchoAdd");
	CU_ASSERT_STRING_EQUAL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_RM_ADDR), "RmAddr");
	CU_ASSERT_STRING_EQUAL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_PRIO), "MPPrioRx");
	CU_ASSERT_STRING_EQUAL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_FAIL), "MPFailRx");
	CU_ASSERT_STRING_EQUAL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_FASTCLOSE), "MPFastcloseRx");
	CU_ASSERT_PTR_NULL(mptcp_opt_rx_mib_name(&o, MPTCP_OPT_DSS));
	/* RFC 8684 §3.6 reason codes, as tcpdump prints the three it knows. */
	CU_ASSERT_STRING_EQUAL(mptcp_rst_reason_name(MPTCP_RST_EUNSPEC), "unspecified error");
	CU_ASSERT_STRING_EQUAL(mptcp_rst_reason_name(MPTCP_RST_EMPTCP), "MPTCP-specific error");
	CU_ASSERT_STRING_EQUAL(mptcp_rst_reason_name(MPTCP_RST_EBADPERF), "unacceptable performance");
	CU_ASSERT_STRING_EQUAL(mptcp_rst_reason_name(MPTCP_RST_EMIDDLEBOX), "middlebox interference");
	CU_ASSERT_STRING_EQUAL(mptcp_rst_reason_name(7), "unknown");
}

/* ---- 32-bit sequence numbers ---- */

static void test_expand_seq(void)
{
	const uint64_t base = UINT64_C(0x0000000500000000);
	CU_ASSERT_EQUAL(mptcp_expand_seq(base + 100, 200), base + 200);
	CU_ASSERT_EQUAL(mptcp_expand_seq(base + 200, 100), base + 100); /* a little behind */
	/* Forward across 2^32: old near the top, new small. */
	CU_ASSERT_EQUAL(mptcp_expand_seq(base + 0xfffffff0u, 0x10), base + (UINT64_C(1) << 32) + 0x10);
	/* Backward across 2^32: old small, new near the top (a late duplicate). */
	CU_ASSERT_EQUAL(mptcp_expand_seq(base + 0x10, 0xfffffff0u), base - (UINT64_C(1) << 32) + 0xfffffff0u);
	/* The v0 trace: the wire's 32-bit DSN next to IDSN + 1. */
	CU_ASSERT_EQUAL(mptcp_expand_seq(UINT64_C(0xe47ef57dd1b97490), 3518592185u), UINT64_C(0xe47ef57dd1b974b9));
	/* Half the space ahead is the limit. */
	CU_ASSERT_EQUAL(mptcp_expand_seq(base, 0x7fffffffu), base + 0x7fffffffu);
}

static CU_TestInfo codec_tests[] = {
	{ .pName = "every form round trips", .pTestFunc = test_roundtrip_forms },
	{ .pName = "writer edges and comparison", .pTestFunc = test_write_edges },
	{ .pName = "byte-exact layouts", .pTestFunc = test_layouts },
	{ .pName = "lengths and the option budget", .pTestFunc = test_lengths },
	{ .pName = "names", .pTestFunc = test_names },
	{ .pName = "32-bit sequence expansion", .pTestFunc = test_expand_seq },
	TEST_END_OF_TESTS,
};

static CU_TestInfo malformed_tests[] = {
	{ .pName = "malformed options and their reasons", .pTestFunc = test_malformed_cases },
	{ .pName = "well-formed neighbours", .pTestFunc = test_wellformed_neighbours },
	{ .pName = "every subtype, length, version and flag", .pTestFunc = test_every_combination },
	{ .pName = "option walk", .pTestFunc = test_walk },
	{ .pName = "several MPTCP options", .pTestFunc = test_several_options },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "codec", .pTests = codec_tests },
	{ .pName = "malformed", .pTests = malformed_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
