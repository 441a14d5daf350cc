/* conformance_tcp_pcap.c — tshark as the oracle for TCP on the wire.
 *
 * A bulk transfer with packets dropped at chosen places (single losses, a burst, a loss near the
 * end) is captured at both ends. tshark, with checksum validation on, must find no malformed packet
 * and no bad checksum, and its sequence analysis must flag as retransmissions exactly the segments
 * we retransmitted: the multiset of raw sequence numbers of frames it marks as retransmission, fast
 * retransmission, spurious retransmission or out-of-order in the sender's capture equals the one in
 * our bulk_x_tcp_events.csv. Out-of-order belongs in the set because a capture at the sender sees
 * nothing reordered: Wireshark calls a resent segment "out-of-order" when it follows new data by less
 * than an RTT, as NewReno's partial-ACK retransmissions do. */
#include "testutil.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define SCENARIO \
	"[simulation]\nduration = 30s\n" \
	"[host.a]\n[host.b]\n[interface.a.eth]\naddresses = 10.0.0.1\n[interface.b.eth]\naddresses = 10.0.0.2\n" \
	"[link.l]\na = a.eth\nb = b.eth\nrate = 20Mbit\ndelay = 20ms\nqueue = 100pkt\n" \
	"[link.l.up]\nloss = scripted\ndrop_list = 30, 75, 76, 77, 78, 200, 420, 421, 1000, 1371\n" \
	"[workload.x]\ntype = bulk\nfrom = a\nto = b\nbytes = 2MB\ncc = %s\nsack = %s\n"

static gint cmp_u64(gconstpointer a, gconstpointer b)
{
	guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;
	return x < y ? -1 : x > y;
}

static GArray *numbers(const char *text, int column) /* column of a CSV (0-based), or -1 for a plain list */
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(guint64));
	char **lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l; l++) {
		if (!**l || !g_ascii_isdigit(**l))
			continue;
		const char *field = *l;
		char **f = NULL;
		if (column >= 0) {
			f = g_strsplit(*l, ",", -1);
			if ((int)g_strv_length(f) <= column || strcmp(f[2], "retransmit") != 0) {
				g_strfreev(f);
				continue;
			}
			field = f[column];
		}
		guint64 v = g_ascii_strtoull(field, NULL, 10);
		g_array_append_val(a, v);
		g_strfreev(f);
	}
	g_strfreev(lines);
	g_array_sort(a, cmp_u64);
	return a;
}

static void check(const char *cc, const char *sack)
{
	char *dir = testutil_tmpdir("conf-tcp");
	char *ini = g_build_filename(dir, "t.ini", NULL);
	char *text = g_strdup_printf(SCENARIO, cc, sack);
	g_file_set_contents(ini, text, -1, NULL);
	char *cmd = g_strdup_printf("%s run %s --pcap --no-plots --out %s/r -q", MPTCPSIM_BIN, ini, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL_FATAL(testutil_run_command(cmd, &out), 0);
	g_free(out);

	const char *caps[] = { "a-eth.pcap", "b-eth.pcap" };
	for (size_t i = 0; i < G_N_ELEMENTS(caps); i++) {
		char *c = g_strdup_printf("tshark -n -r %s/r/pcap/%s -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE "
					  "-Y '_ws.malformed || ip.checksum.status == 0 || tcp.checksum.status == 0' -T fields -e frame.number 2>/dev/null",
					  dir, caps[i]);
		CU_ASSERT_EQUAL(testutil_run_command(c, &out), 0);
		CU_ASSERT_STRING_EQUAL(out, "");
		g_free(out);
		g_free(c);
	}
	char *c = g_strdup_printf("tshark -n -r %s/r/pcap/a-eth.pcap -Y 'tcp.srcport != 5001 && (tcp.analysis.retransmission || "
				  "tcp.analysis.fast_retransmission || tcp.analysis.spurious_retransmission || "
				  "tcp.analysis.out_of_order)' "
				  "-T fields -e tcp.seq_raw 2>/dev/null",
				  dir);
	CU_ASSERT_EQUAL(testutil_run_command(c, &out), 0);
	GArray *theirs = numbers(out, -1);
	g_free(out);
	g_free(c);
	char *evpath = g_strdup_printf("%s/r/bulk_x_tcp_events.csv", dir);
	gchar *ev = NULL;
	CU_ASSERT_TRUE_FATAL(g_file_get_contents(evpath, &ev, NULL, NULL));
	GArray *ours = numbers(ev, 3);
	printf("\n  %s sack=%s: we retransmitted %u segments, tshark flags %u", cc, sack, ours->len, theirs->len);
	CU_ASSERT_TRUE(ours->len >= 10);
	CU_ASSERT_EQUAL(ours->len, theirs->len);
	for (guint i = 0; i < MIN(ours->len, theirs->len); i++)
		CU_ASSERT_EQUAL(g_array_index(ours, guint64, i), g_array_index(theirs, guint64, i));
	g_array_free(ours, TRUE);
	g_array_free(theirs, TRUE);
	g_free(ev);
	g_free(evpath);
	g_free(cmd);
	g_free(text);
	g_free(ini);
	testutil_rmtree(dir);
	g_free(dir);
}

static void test_sack_cubic(void)
{
	check("cubic", "true");
}

static void test_newreno(void)
{
	check("reno", "false");
}

static CU_TestInfo tests[] = {
	{ .pName = "SACK + CUBIC: clean capture, retransmissions match tshark", .pTestFunc = test_sack_cubic },
	{ .pName = "NewReno without SACK: the same", .pTestFunc = test_newreno },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "TCP on the wire", .pTests = tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
