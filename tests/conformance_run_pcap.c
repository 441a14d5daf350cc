/* conformance_run_pcap.c — tshark as the oracle for the captures of a whole run.
 *
 * Runs the shipped probe scenario with --pcap (and once with a snaplen) and has tshark read every
 * capture with IP and UDP checksum validation on: no malformed packet, no bad checksum, and as many
 * packets as our interface counters say were sent and received there. The probes' payload is
 * opaque pattern bytes, so tshark's heuristic UDP dissectors are switched off: otherwise it takes
 * some datagrams for RTCP and reports the "RTCP" inside them as malformed. tshark is installed by
 * scripts/setup.sh; its absence fails the test. */
#include "testutil.h"

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static int count_lines(const char *s)
{
	int n = 0;
	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* "--disable-protocol a --disable-protocol b ..." for every protocol tshark would guess from UDP
 * payload (tshark 4.0 takes one name per flag). */
static char *no_udp_heuristics(void)
{
	char *out = NULL;
	testutil_run_command("tshark -G heuristic-decodes 2>/dev/null", &out);
	GString *protos = g_string_new(NULL);
	char **lines = g_strsplit(out ? out : "", "\n", -1);
	for (char **l = lines; *l; l++) {
		char **f = g_strsplit(*l, "\t", 3);
		if (f[0] && f[1] && !strcmp(f[0], "udp") && !strchr(f[1], '\''))
			g_string_append_printf(protos, " --disable-protocol %s", f[1]);
		g_strfreev(f);
	}
	g_strfreev(lines);
	g_free(out);
	return g_string_free(protos, FALSE);
}

static char *tshark(const char *pcap, const char *filter)
{
	static char *disable;
	if (!disable)
		disable = no_udp_heuristics();
	char *q = g_shell_quote(pcap);
	char *cmd = g_strdup_printf("tshark -n %s -r %s -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE "
				    "-o tcp.check_checksum:TRUE %s%s%s -T fields -e frame.number 2>/dev/null",
				    disable, q, filter ? "-Y '" : "", filter ? filter : "", filter ? "'" : "");
	char *out = NULL;
	int rc = testutil_run_command(cmd, &out);
	CU_ASSERT_EQUAL(rc, 0);
	g_free(cmd);
	g_free(q);
	return out;
}

static int64_t iface_counter(JsonObject *metrics, const char *host, const char *ifname, const char *key)
{
	JsonObject *h = json_object_get_object_member(json_object_get_object_member(metrics, "hosts"), host);
	JsonObject *i = json_object_get_object_member(json_object_get_object_member(h, "interfaces"), ifname);
	return json_object_get_int_member(i, key);
}

static void check_run(const char *extra)
{
	char *dir = testutil_tmpdir("conf-run");
	char *cmd = g_strdup_printf("%s run %s/scenarios/probe-two-paths.ini --set simulation.duration=4s --pcap --no-plots %s --out %s -q",
				    MPTCPSIM_BIN, TEST_SOURCE_DIR, extra, dir);
	char *out = NULL;
	CU_ASSERT_EQUAL_FATAL(testutil_run_command(cmd, &out), 0);
	g_free(out);
	char *sp = g_build_filename(dir, "summary.json", NULL);
	JsonParser *parser = json_parser_new();
	CU_ASSERT_TRUE_FATAL(json_parser_load_from_file(parser, sp, NULL));
	JsonObject *metrics = json_object_get_object_member(json_node_get_object(json_parser_get_root(parser)), "metrics");
	char *pdir = g_build_filename(dir, "pcap", NULL);
	GDir *d = g_dir_open(pdir, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	const char *name;
	int files = 0;
	while ((name = g_dir_read_name(d))) {
		char *path = g_build_filename(pdir, name, NULL);
		char *all = tshark(path, NULL);
		char *bad = tshark(path, "_ws.malformed || ip.checksum.status == 0 || "
					 "udp.checksum.status == 0 || tcp.checksum.status == 0");
		/* HOST-IFACE.pcap: every packet the interface sent or received, nothing else. */
		char *stem = g_strndup(name, strlen(name) - strlen(".pcap"));
		char *dash = strchr(stem, '-');
		CU_ASSERT_PTR_NOT_NULL_FATAL(dash);
		*dash = '\0';
		int64_t expect = iface_counter(metrics, stem, dash + 1, "tx_packets") + iface_counter(metrics, stem, dash + 1, "rx_packets");
		CU_ASSERT_EQUAL(count_lines(all), expect);
		CU_ASSERT_EQUAL(count_lines(bad), 0);
		if (count_lines(bad))
			fprintf(stderr, "%s: bad frames: %.200s\n", name, bad);
		files++;
		g_free(stem);
		g_free(all);
		g_free(bad);
		g_free(path);
	}
	g_dir_close(d);
	CU_ASSERT_EQUAL(files, 10);
	g_object_unref(parser);
	g_free(sp);
	g_free(pdir);
	g_free(cmd);
	testutil_rmtree(dir);
	g_free(dir);
}

static void test_tshark_present(void)
{
	char *out = NULL;
	int rc = testutil_run_command("tshark --version", &out);
	if (rc != 0)
		fprintf(stderr, "tshark is required (scripts/setup.sh installs it): %s\n", out);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	g_free(out);
}

static void test_whole_packets(void)
{
	check_run("");
}

static void test_snaplen(void)
{
	check_run("--snaplen 64");
}

static CU_TestInfo conf_tests[] = {
	{ .pName = "tshark is installed", .pTestFunc = test_tshark_present },
	{ .pName = "a run's captures: no malformed packet, no bad checksum, counts match", .pTestFunc = test_whole_packets },
	{ .pName = "the same with a 64-byte snaplen", .pTestFunc = test_snaplen },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "captures of a run", .pTests = conf_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
