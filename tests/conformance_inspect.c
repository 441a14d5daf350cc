/* conformance_inspect.c — tshark 4.0 as an external oracle for `inspect`'s grouping and keys.
 *
 * On tcpdump's mptcp-v0.pcap and on the simulator-written scenario of inspectscn.h, tshark (with
 * mptcp.analyze_mptcp) must agree with inspect that:
 *   - the TCP flows are the same, in the same order (tcp.stream N is inspect's flow N + 1);
 *   - two flows belong to one MPTCP connection exactly when tshark puts them in one mptcp.stream
 *     (tshark groups joins by token too, mptcp-wire.md §3.3); flows tshark gives no mptcp.stream
 *     are plain TCP or connections whose MP_CAPABLE was never answered;
 *   - each connection's tokens and IDSNs are those tshark computes from the keys
 *     (mptcp.expected_token, mptcp.expected_idsn: SHA-1 for v0, SHA-256 for v1).
 * tshark does not check HMACs or DSS checksums (§3.3): those are checked against the vectors and
 * the crypto in cli_inspect.c and unit_inspect.c. tshark is installed by the setup script: its
 * absence is a failure. */
#include "testutil.h"

#include "inspect.h"
#include "inspectscn.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REF_CAPTURE TEST_SHARED_DIR "/reference/captures/mptcp-v0.pcap"

static char *tmpdir;

static int suite_init(void)
{
	tmpdir = testutil_tmpdir("conformance_inspect");
	return tmpdir ? 0 : 1;
}

static int suite_clean(void)
{
	testutil_rmtree(tmpdir);
	g_free(tmpdir);
	return 0;
}

/* What tshark says of each TCP stream. */
typedef struct ts_stream {
	int mptcp; /* mptcp.stream, -1 for none */
} ts_stream;

typedef struct ts_view {
	GArray *streams;    /* ts_stream, indexed by tcp.stream */
	GHashTable *tokens; /* mptcp.stream (GINT_TO_POINTER) -> set of expected_token strings */
	GHashTable *idsns;  /* idem, expected_idsn */
} ts_view;

static GHashTable *set_for(GHashTable *by_stream, int mptcp)
{
	GHashTable *s = g_hash_table_lookup(by_stream, GINT_TO_POINTER(mptcp));
	if (!s) {
		s = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		g_hash_table_insert(by_stream, GINT_TO_POINTER(mptcp), s);
	}
	return s;
}

static void add_all(GHashTable *set, const char *field)
{
	char **v = g_strsplit(field, ";", -1);
	for (char **p = v; *p; p++)
		if (**p)
			g_hash_table_add(set, g_strdup(*p));
	g_strfreev(v);
}

static ts_view tshark_view(const char *path)
{
	char *where = NULL;
	int rc = testutil_run_command("command -v tshark", &where);
	g_free(where);
	if (rc != 0)
		CU_FAIL_FATAL("tshark not found: it is installed by the project's setup script and is required");
	char *q = g_shell_quote(path);
	char *cmd = g_strdup_printf("tshark -n -r %s -o tcp.analyze_sequence_numbers:TRUE -o mptcp.analyze_mptcp:TRUE "
				    "-T fields -E separator='|' -E occurrence=a -E aggregator=';' -e tcp.stream "
				    "-e mptcp.stream -e mptcp.expected_token -e mptcp.expected_idsn 2>/dev/null",
				    q);
	char *out = NULL;
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 0);
	ts_view v = { .streams = g_array_new(FALSE, TRUE, sizeof(ts_stream)),
		      .tokens = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
						      (GDestroyNotify)g_hash_table_destroy),
		      .idsns = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
						     (GDestroyNotify)g_hash_table_destroy) };
	char **lines = g_strsplit(g_strchomp(out), "\n", -1);
	for (char **l = lines; *l; l++) {
		char **f = g_strsplit(*l, "|", -1);
		CU_ASSERT_EQUAL_FATAL(g_strv_length(f), 4);
		if (*f[0]) {
			guint tcp = (guint)strtoul(f[0], NULL, 10);
			while (v.streams->len <= tcp) {
				ts_stream s = { .mptcp = -1 };
				g_array_append_val(v.streams, s);
			}
			ts_stream *s = &g_array_index(v.streams, ts_stream, tcp);
			if (*f[1]) {
				int m = (int)strtol(f[1], NULL, 10);
				CU_ASSERT(s->mptcp == -1 || s->mptcp == m); /* one MPTCP stream per TCP stream */
				s->mptcp = m;
				add_all(set_for(v.tokens, m), f[2]);
				add_all(set_for(v.idsns, m), f[3]);
			}
		}
		g_strfreev(f);
	}
	g_strfreev(lines);
	g_free(out);
	g_free(cmd);
	g_free(q);
	return v;
}

static void tshark_view_free(ts_view *v)
{
	g_array_free(v->streams, TRUE);
	g_hash_table_destroy(v->tokens);
	g_hash_table_destroy(v->idsns);
}

/* Every flow, connection, token and IDSN as tshark sees them; returns the connections compared. */
static guint compare(const char *path)
{
	GError *e = NULL;
	an_inspect_report *r = an_inspect_file(path, NULL, &e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	ts_view v = tshark_view(path);
	CU_ASSERT_EQUAL_FATAL(v.streams->len, r->flows->len);
	/* The MPTCP stream of each connection, from its flows. */
	GHashTable *conn_of_stream = g_hash_table_new(g_direct_hash, g_direct_equal);
	guint compared = 0;
	for (guint i = 0; i < r->flows->len; i++) {
		const an_inspect_flow *f = g_ptr_array_index(r->flows, i);
		int m = g_array_index(v.streams, ts_stream, i).mptcp;
		if (m < 0) {
			/* Plain TCP, or MP_CAPABLE never answered (tshark opens no MPTCP stream then). */
			bool unanswered = f->kind == AN_FLOW_MP_CAPABLE && !f->established;
			CU_ASSERT_TRUE(f->kind == AN_FLOW_PLAIN || unanswered);
			continue;
		}
		gpointer prev = g_hash_table_lookup(conn_of_stream, GINT_TO_POINTER(m));
		if (f->kind == AN_FLOW_JOIN_UNKNOWN) {
			/* Unattributed here; tshark opens an MPTCP stream of its own for it. */
			CU_ASSERT_PTR_NULL(prev);
			g_hash_table_insert(conn_of_stream, GINT_TO_POINTER(m), GUINT_TO_POINTER(G_MAXUINT));
			continue;
		}
		CU_ASSERT_TRUE_FATAL(f->conn != 0);
		if (prev) {
			CU_ASSERT_EQUAL(GPOINTER_TO_UINT(prev), f->conn);
			continue;
		}
		/* A new MPTCP stream: a connection no other stream has. */
		GHashTableIter it;
		gpointer k, val;
		g_hash_table_iter_init(&it, conn_of_stream);
		while (g_hash_table_iter_next(&it, &k, &val))
			CU_ASSERT_NOT_EQUAL(GPOINTER_TO_UINT(val), f->conn);
		g_hash_table_insert(conn_of_stream, GINT_TO_POINTER(m), GUINT_TO_POINTER(f->conn));

		const an_inspect_conn *c = g_ptr_array_index(r->conns, f->conn - 1);
		GHashTable *tokens = set_for(v.tokens, m), *idsns = set_for(v.idsns, m);
		guint keys = 0;
		for (int side = 0; side < 2; side++) {
			if (!c->end[side].have_key)
				continue;
			keys++;
			char t[16], d[24];
			g_snprintf(t, sizeof t, "%u", c->end[side].token);
			g_snprintf(d, sizeof d, "%" PRIu64, c->end[side].idsn);
			CU_ASSERT_TRUE(g_hash_table_contains(tokens, t));
			CU_ASSERT_TRUE(g_hash_table_contains(idsns, d));
		}
		CU_ASSERT_EQUAL(g_hash_table_size(tokens), keys);
		compared++;
	}
	g_hash_table_destroy(conn_of_stream);
	tshark_view_free(&v);
	an_inspect_report_free(r);
	return compared;
}

static void test_reference(void)
{
	CU_ASSERT_EQUAL(compare(REF_CAPTURE), 1);
}

static void test_scenario(void)
{
	char *path = g_build_filename(tmpdir, "scenario.pcap", NULL);
	mcap_expect ex;
	mcap_write_scenario(path, MCAP_MUT_NONE, 0, &ex);
	CU_ASSERT_EQUAL(compare(path), 2); /* the third connection's MP_CAPABLE is never answered */
	g_free(path);
}

/* A join whose token names no connection: tshark, too, leaves it out of the connection. */
static void test_scenario_unknown_token(void)
{
	char *path = g_build_filename(tmpdir, "unknown-token.pcap", NULL);
	mcap_expect ex;
	mcap_write_scenario(path, MCAP_MUT_JOIN_TOKEN, 0, &ex);
	CU_ASSERT_EQUAL(compare(path), 2);
	g_free(path);
}

static CU_TestInfo tests[] = {
	{ .pName = "mptcp-v0.pcap: flows, connections, tokens, IDSNs as tshark", .pTestFunc = test_reference },
	{ .pName = "simulator pcap: flows, connections, tokens, IDSNs as tshark", .pTestFunc = test_scenario },
	{ .pName = "simulator pcap, join with an unknown token: as tshark", .pTestFunc = test_scenario_unknown_token },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "inspect vs tshark", .pInitFunc = suite_init, .pCleanupFunc = suite_clean, .pTests = tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
