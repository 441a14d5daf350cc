/* conformance_mptcp_pcap.c — tshark 4.0 as the oracle for MPTCP connections on the wire.
 *
 * The two-path world of scenario_mptcp.c (three subflows: Wi-Fi initial, LTE join, join to the
 * server's announced address) runs a download and a request/response connection, captured on
 * every interface, for v1, v1 with DSS checksums and 4-byte DSNs, and v0 with checksums. The
 * phone's two captures, merged, hold every subflow. tshark must find:
 *   - no malformed packet, no invalid option length, no option past the header, no error;
 *   - every MPTCP option's length (read from the bytes) in the allowed set of its subtype;
 *   - the tokens and IDSNs it computes from the keys (mptcp.expected_token, expected_idsn) equal
 *     to ours, for every connection of both hosts;
 *   - every MP_JOIN subflow in the mptcp.stream of its connection: as many mptcp.streams as
 *     MP_CAPABLE SYNs (a join whose token tshark cannot match opens a stream of its own).
 * And `mptcpsim inspect` (our own codec and crypto, independently of the run) finds no problem in
 * each host's captures merged: join HMACs, ADD_ADDR HMACs and DSS checksums all verify, IP and TCP
 * checksums too. (A single interface's capture may hold a join without its connection's keys:
 * inspect rightly calls that token unknown.) */
#include "testutil.h"

#include "mptcpforms.h"
#include "world.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define TCPOPT_EOL 0
#define TCPOPT_NOP 1
#define TCPOPT_MPTCP 30

#define WORLD_FMT                                                                                           \
	"[simulation]\nduration = 8s\n"                                                                      \
	"[host.phone]\nmptcp_add_addr_accepted_max = 1\nmptcp_subflows_max = 2\n%s"                          \
	"[host.ap]\nforward = true\n[host.pgw]\nforward = true\n[host.internet]\nforward = true\n"             \
	"[host.server]\nmptcp_subflows_max = 2\n%s"                                                           \
	"[interface.phone.wifi]\naddresses = 192.168.1.20\n"                                                  \
	"[interface.phone.cell]\naddresses = 100.64.7.20\nmptcp_endpoint = subflow\n"                          \
	"[interface.ap.wlan]\naddresses = 192.168.1.1\n[interface.ap.wan]\naddresses = 198.51.100.2\n"        \
	"[interface.pgw.ran]\naddresses = 100.64.0.1\n[interface.pgw.core]\naddresses = 198.51.100.6\n"       \
	"[interface.internet.a]\naddresses = 198.51.100.1\n[interface.internet.b]\naddresses = 198.51.100.5\n" \
	"[interface.internet.c]\naddresses = 203.0.113.1\n[interface.internet.d]\naddresses = 203.0.114.1\n"  \
	"[interface.server.eth0]\naddresses = 203.0.113.10\n"                                                 \
	"[interface.server.eth1]\naddresses = 203.0.114.10\nmptcp_endpoint = signal\n"                        \
	"[link.wifi]\na = phone.wifi\nb = ap.wlan\nrate = 20Mbit\ndelay = 10ms\n"                             \
	"[link.lte]\na = phone.cell\nb = pgw.ran\nrate = 10Mbit\ndelay = 40ms\nqueue = 150pkt\n"              \
	"[link.apw]\na = ap.wan\nb = internet.a\nrate = 1Gbit\ndelay = 1ms\n"                                 \
	"[link.pgwc]\na = pgw.core\nb = internet.b\nrate = 1Gbit\ndelay = 1ms\n"                              \
	"[link.s0]\na = internet.c\nb = server.eth0\nrate = 1Gbit\ndelay = 1ms\n"                             \
	"[link.s1]\na = internet.d\nb = server.eth1\nrate = 1Gbit\ndelay = 1ms\n"                             \
	"[workload.x]\ntype = bulk\ntransport = mptcp\nfrom = phone.wifi\nto = server.eth0\n"                 \
	"direction = download\nbytes = 2MB\ntrace_interval = 0s\n"                                            \
	"[workload.web]\ntype = reqresp\ntransport = mptcp\nfrom = phone.wifi\nto = server.eth0\n"            \
	"port = 5002\nrequest = 300B\nresponse = 30KB\ncount = 6\ninterval = 300ms\nstart = 500ms\ntrace_interval = 0s\n"

static char *tshark(const char *pcap, const char *args)
{
	char *cmd = g_strdup_printf("tshark -n -r %s -o mptcp.analyze_mptcp:TRUE %s 2>/dev/null", pcap, args);
	char *out = NULL;
	int rc = testutil_run_command(cmd, &out);
	CU_ASSERT_EQUAL(rc, 0);
	g_free(cmd);
	return out;
}

/* Connections' tokens and IDSNs from our report (both ends of every MPTCP connection). */
static void our_values(world *w, GHashTable *tokens, GHashTable *idsns)
{
	report_section *wls = report_section_find_child(w->sim->report, "workloads");
	const char *names[] = { "x", "web" };
	const char *sides[] = { "sender", "receiver", "client", "server" };
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		report_section *wl = report_section_find_child(wls, names[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(wl);
		for (size_t k = 0; k < G_N_ELEMENTS(sides); k++) {
			report_section *s = report_section_find_child(wl, sides[k]);
			if (!s)
				continue;
			const report_value *t = report_get(s, "local_token"), *d = report_get(s, "local_idsn");
			if (t && d) {
				g_hash_table_add(tokens, g_strdup_printf("%" G_GINT64_FORMAT, t->u.i));
				g_hash_table_add(idsns, g_strdup(d->u.s));
			}
		}
	}
}

/* Values of one tshark column (occurrence=a, comma-aggregated), every non-empty one. */
static GHashTable *column_set(const char *out)
{
	GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char **lines = g_strsplit(out, "\n", -1);
	for (char **l = lines; *l; l++) {
		char **v = g_strsplit(*l, ",", -1);
		for (char **x = v; *x; x++)
			if (**x)
				g_hash_table_add(set, g_strdup(*x));
		g_strfreev(v);
	}
	g_strfreev(lines);
	return set;
}

static void check_no_malformed(const char *pcap)
{
	char *out = tshark(pcap, "-Y '_ws.malformed || tcp.option.len.invalid || tcp.suboption_malformed || "
				 "_ws.expert.message contains \"goes past end\" || _ws.expert.severity >= 8388608' "
				 "-T fields -E occurrence=a -E aggregator=';' -e frame.number -e _ws.expert.message");
	if (*g_strstrip(out))
		fprintf(stderr, "\n%s: packets tshark finds malformed:\n%s\n", pcap, out);
	CU_ASSERT_STRING_EQUAL(out, "");
	g_free(out);
}

/* `mptcpsim inspect -q --tcp-checksums`: its summary line says no HMAC, checksum or other problem. */
static void check_inspect(const char *pcap, bool csum)
{
	char *cmd = g_strdup_printf("%s inspect -q --tcp-checksums %s", MPTCPSIM_BIN, pcap);
	char *out = NULL;
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 0);
	const char *sum = strstr(out, "Summary:");
	CU_ASSERT_PTR_NOT_NULL_FATAL(sum);
	if (!g_str_has_suffix(g_strstrip(out), " 0 problems"))
		fprintf(stderr, "\n%s", out);
	CU_ASSERT_TRUE(g_str_has_suffix(out, " 0 problems"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sum, "ok, 0 bad; DSS checksums"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sum, " ok, 0 bad; 0 problems"));
	if (csum) /* checksums in use: some were verified */
		CU_ASSERT_PTR_NULL(strstr(sum, "DSS checksums 0 ok"));
	g_free(out);
	g_free(cmd);
}

static guint check_lengths(const char *pcap, uint8_t version)
{
	char *out = tshark(pcap, "-Y tcp.options.mptcp.subtype -T fields -E separator='|' -E occurrence=a "
				 "-E aggregator=, -e tcp.option_kind -e tcp.option_len -e tcp.options.mptcp.subtype");
	char **lines = g_strsplit(out, "\n", -1);
	guint checked = 0;
	for (char **l = lines; *l; l++) {
		if (!**l)
			continue;
		char **col = g_strsplit(*l, "|", -1);
		CU_ASSERT_EQUAL_FATAL(g_strv_length(col), 3);
		char **kinds = g_strsplit(col[0], ",", -1), **lens = g_strsplit(col[1], ",", -1);
		char **subtypes = g_strsplit(col[2], ",", -1);
		guint k = 0, m = 0;
		for (guint j = 0; kinds[j]; j++) {
			unsigned kind = (unsigned)strtoul(kinds[j], NULL, 10);
			if (kind == TCPOPT_NOP || kind == TCPOPT_EOL)
				continue; /* no length: tcp.option_len lists the others in order */
			CU_ASSERT_PTR_NOT_NULL_FATAL(lens[k]);
			unsigned len = (unsigned)strtoul(lens[k++], NULL, 10);
			if (kind != TCPOPT_MPTCP)
				continue;
			CU_ASSERT_PTR_NOT_NULL_FATAL(subtypes[m]);
			unsigned st = (unsigned)strtoul(subtypes[m++], NULL, 10);
			gboolean ok = mptcpforms_len_allowed(version, (uint8_t)st, len);
			if (!ok)
				fprintf(stderr, "%s: subtype %u with length %u\n", pcap, st, len);
			CU_ASSERT_TRUE(ok);
			checked++;
		}
		g_strfreev(kinds);
		g_strfreev(lens);
		g_strfreev(subtypes);
		g_strfreev(col);
	}
	g_strfreev(lines);
	g_free(out);
	return checked;
}

static void check(const char *phone_extra, const char *server_extra, uint8_t version, bool csum)
{
	char *dir = testutil_tmpdir("conf-mptcp");
	char *text = g_strdup_printf(WORLD_FMT, phone_extra, server_extra);
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load_from_data("inline.ini", text, strlen(text), NULL, 5, &diag);
	world_options opts = { .pcap_dir = dir };
	world *w = scn ? world_build(scn, &opts, &diag) : NULL;
	CU_ASSERT_EQUAL(diag.messages->len, 0);
	scn_diag_fini(&diag);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	GError *err = NULL;
	CU_ASSERT_TRUE_FATAL(world_run(w, &err));
	world_report(w);
	CU_ASSERT_TRUE(world_close_captures(w, NULL));
	GHashTable *tokens = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GHashTable *idsns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	our_values(w, tokens, idsns);
	CU_ASSERT_EQUAL(g_hash_table_size(tokens), 4); /* the download and the request/response connection, both ends */

	const char *caps[] = { "phone-wifi.pcap", "phone-cell.pcap", "server-eth0.pcap", "server-eth1.pcap" };
	guint checked = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(caps); i++) {
		char *p = g_build_filename(dir, caps[i], NULL);
		check_no_malformed(p);
		checked += check_lengths(p, version);
		g_free(p);
	}
	CU_ASSERT_TRUE(checked > 1000);

	/* the phone's captures merged: every subflow of every connection */
	char *merged = g_build_filename(dir, "phone.pcap", NULL);
	char *server = g_build_filename(dir, "server.pcap", NULL);
	char *cmd = g_strdup_printf("mergecap -w %s %s/phone-wifi.pcap %s/phone-cell.pcap && "
				    "mergecap -w %s %s/server-eth0.pcap %s/server-eth1.pcap",
				    merged, dir, dir, server, dir, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL_FATAL(testutil_run_command(cmd, &out), 0);
	g_free(out);
	g_free(cmd);
	check_inspect(merged, csum);
	check_inspect(server, csum);
	g_free(server);

	out = tshark(merged, "-T fields -E occurrence=a -E aggregator=, -e mptcp.expected_token");
	GHashTable *theirs = column_set(out);
	g_free(out);
	CU_ASSERT_EQUAL(g_hash_table_size(theirs), g_hash_table_size(tokens));
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, theirs);
	while (g_hash_table_iter_next(&it, &key, NULL))
		CU_ASSERT_TRUE(g_hash_table_contains(tokens, key));
	g_hash_table_destroy(theirs);

	out = tshark(merged, "-T fields -E occurrence=a -E aggregator=, -e mptcp.expected_idsn");
	theirs = column_set(out);
	g_free(out);
	CU_ASSERT_EQUAL(g_hash_table_size(theirs), g_hash_table_size(idsns));
	g_hash_table_iter_init(&it, theirs);
	while (g_hash_table_iter_next(&it, &key, NULL))
		CU_ASSERT_TRUE(g_hash_table_contains(idsns, key));
	g_hash_table_destroy(theirs);

	/* one mptcp.stream per MP_CAPABLE SYN: every join landed in its connection's stream */
	out = tshark(merged, "-Y 'tcp.options.mptcp.subtype == 0 && tcp.flags.syn == 1 && tcp.flags.ack == 0' "
			     "-T fields -e frame.number");
	guint capable_syns = 0;
	for (char *c = out; *c; c++)
		capable_syns += *c == '\n';
	g_free(out);
	out = tshark(merged, "-T fields -e mptcp.stream");
	theirs = column_set(out);
	g_free(out);
	out = tshark(merged, "-Y 'tcp.options.mptcp.subtype == 1 && tcp.flags.syn == 1 && tcp.flags.ack == 0' "
			     "-T fields -e frame.number");
	guint join_syns = 0;
	for (char *c = out; *c; c++)
		join_syns += *c == '\n';
	g_free(out);
	printf("\n    %u MPTCP options checked; %u connections, %u joins, %u mptcp.streams", checked, capable_syns,
	       join_syns, g_hash_table_size(theirs));
	CU_ASSERT_EQUAL(capable_syns, 2);
	CU_ASSERT_TRUE(join_syns >= 2);
	CU_ASSERT_EQUAL(g_hash_table_size(theirs), capable_syns);
	g_hash_table_destroy(theirs);

	g_hash_table_destroy(tokens);
	g_hash_table_destroy(idsns);
	g_free(merged);
	world_free(w);
	scn_free(scn);
	g_free(text);
	testutil_rmtree(dir);
	g_free(dir);
}

static void test_v1(void)
{
	check("", "", 1, false);
}

static void test_v1_csum_dsn4(void)
{
	check("mptcp_checksum = true\nmptcp_dsn_bytes = 4\n", "mptcp_dsn_bytes = 4\n", 1, true);
}

static void test_v0_csum(void)
{
	check("mptcp_version = 0\nmptcp_checksum = true\n", "", 0, true);
}

/* The oracle sees what a middlebox did: one payload rewritten under checksums is one DSS checksum
 * inspect recomputes differently, and nothing else (TCP's checksum is right for the new bytes). */
static void test_rewrite_seen(void)
{
	char *dir = testutil_tmpdir("conf-mptcp-rw");
	char *cmd = g_strdup_printf("%s run %s/scenarios/mptcp-two-paths.ini -q --pcap --out %s/r "
				    "--set link.wifi.down.middlebox=rewrite-payload --set link.wifi.down.rewrite_packets=30 "
				    "--set host.phone.mptcp_checksum=true --set workload.web.count=1 && "
				    "%s inspect -q --tcp-checksums %s/r/pcap/phone-wifi.pcap",
				    MPTCPSIM_BIN, TEST_SOURCE_DIR, dir, MPTCPSIM_BIN, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL(testutil_run_command(cmd, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "dss-checksum"));
	CU_ASSERT_TRUE(g_str_has_suffix(g_strstrip(out), " 1 bad; 1 problem"));
	g_free(out);
	g_free(cmd);
	testutil_rmtree(dir);
	g_free(dir);
}

static CU_TestInfo tests[] = {
	{ .pName = "v1: clean, lengths, tokens, IDSNs, joins in their stream", .pTestFunc = test_v1 },
	{ .pName = "v1 with checksums and 4-byte DSNs: the same", .pTestFunc = test_v1_csum_dsn4 },
	{ .pName = "v0 with checksums: the same", .pTestFunc = test_v0_csum },
	{ .pName = "a rewritten payload is the one problem inspect finds", .pTestFunc = test_rewrite_seen },
	TEST_END_OF_TESTS,
};

int main(void)
{
	CU_SuiteInfo suites[] = {
		{ .pName = "MPTCP on the wire", .pTests = tests },
		SUITE_END,
	};
	return testutil_run(suites);
}
