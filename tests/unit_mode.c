/* unit_mode.c — ways of using two radios (sim/mode.h): the table is sound (unique names, every
 * mode has overrides), templates expand per application workload with its hosts and interfaces,
 * a scenario without application workloads or without failover_to is refused naming the file,
 * group and key, and a mode whose transport, path manager or scheduler this build lacks is refused
 * naming it. */
#include "testutil.h"

#include "mode.h"
#include "mptcp/pm.h"
#include "mptcp/sched.h"
#include "registry.h"
#include "transport.h"

#include <string.h>

static const char *const two_radios =
	"[simulation]\nduration = 1s\n[host.phone]\n[host.server]\n"
	"[interface.phone.wifi]\naddresses = 10.0.0.1\n[interface.phone.cell]\naddresses = 10.1.0.1\n"
	"[interface.server.eth0]\naddresses = 10.0.0.2\n"
	"[link.w]\na = phone.wifi\nb = server.eth0\nrate = 1Mbit\n"
	"[workload.ask]\ntype = siri\nfrom = phone.wifi\nto = server\nfailover_to = phone.cell\n"
	"[workload.chat]\ntype = interactive\nfrom = phone.wifi\nto = server.eth0\nfailover_to = phone.cell\nport = 9000\n"
	"[workload.probe]\ntype = echo\nfrom = phone.wifi\nto = server\n";

static scenario *load(const char *text)
{
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *scn = scn_load_from_data("two.ini", text, strlen(text), NULL, -1, &diag);
	for (guint i = 0; i < diag.messages->len; i++)
		fprintf(stderr, "%s\n", (char *)g_ptr_array_index(diag.messages, i));
	scn_diag_fini(&diag);
	return scn;
}

static bool has(char **v, const char *s)
{
	for (; v && *v; v++)
		if (!strcmp(*v, s))
			return true;
	return false;
}

static void test_table(void)
{
	static const char *const expected[] = { "tcp", "handover", "interactive", "aggregate", "backup", "full" };
	size_t n = 0;
	for (const run_mode *const *m = run_modes_all; *m; m++, n++) {
		CU_ASSERT_FATAL(n < G_N_ELEMENTS(expected));
		CU_ASSERT_STRING_EQUAL((*m)->name, expected[n]);
		CU_ASSERT_PTR_NOT_NULL((*m)->summary);
		CU_ASSERT_PTR_NOT_NULL_FATAL((*m)->sets);
		CU_ASSERT_PTR_NOT_NULL((*m)->sets[0]);
		CU_ASSERT_PTR_NOT_NULL((*m)->transports);
		for (const run_mode *const *o = run_modes_all; *o != *m; o++)
			CU_ASSERT_STRING_NOT_EQUAL((*o)->name, (*m)->name);
	}
	CU_ASSERT_EQUAL(n, G_N_ELEMENTS(expected));
	GError *err = NULL;
	CU_ASSERT_PTR_NULL(run_mode_find("handvoer", &err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	CU_ASSERT_PTR_NOT_NULL(strstr(err->message, "did you mean \"handover\""));
	g_clear_error(&err);
}

static void test_expand_tcp(void)
{
	scenario *scn = load(two_radios);
	CU_ASSERT_PTR_NOT_NULL_FATAL(scn);
	GError *err = NULL;
	const run_mode *m = run_mode_find("tcp", &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_TRUE(run_mode_available(m, &err));
	char **sets = run_mode_overrides(m, scn, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sets);
	CU_ASSERT_EQUAL(g_strv_length(sets), 4); /* two keys for each of the two application workloads */
	CU_ASSERT_TRUE(has(sets, "workload.ask.failover=reconnect"));
	CU_ASSERT_TRUE(has(sets, "workload.chat.transport=tcp"));
	CU_ASSERT_FALSE(has(sets, "workload.probe.transport=tcp")); /* echo is no application model */
	/* The expansion loads: a mode is nothing but --set. */
	scn_diag diag;
	scn_diag_init(&diag);
	scenario *again = scn_load_from_data("two.ini", two_radios, strlen(two_radios), (const char *const *)sets, -1, &diag);
	CU_ASSERT_PTR_NOT_NULL(again);
	CU_ASSERT_EQUAL(diag.messages->len, 0);
	scn_diag_fini(&diag);
	scn_free(again);
	g_strfreev(sets);
	scn_free(scn);
}

static void test_expand_mptcp(void)
{
	scenario *scn = load(two_radios);
	CU_ASSERT_PTR_NOT_NULL_FATAL(scn);
	GError *err = NULL;
	const run_mode *m = run_mode_find("handover", &err);
	char **sets = run_mode_overrides(m, scn, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sets);
	CU_ASSERT_TRUE(has(sets, "workload.ask.transport=mptcp"));
	CU_ASSERT_TRUE(has(sets, "host.phone.mptcp_path_manager=apple-handover"));
	CU_ASSERT_TRUE(has(sets, "host.phone.mptcp_add_addr_accepted_max=0"));
	CU_ASSERT_TRUE(has(sets, "interface.phone.cell.mptcp_endpoint=subflow,backup"));
	CU_ASSERT_TRUE(has(sets, "interface.phone.wifi.mptcp_endpoint=subflow"));
	/* shared host keys appear once although two workloads ask for them */
	guint count = 0;
	for (char **s = sets; *s; s++)
		count += !strcmp(*s, "host.phone.mptcp_cc=cubic");
	CU_ASSERT_EQUAL(count, 1);
	g_strfreev(sets);
	scn_free(scn);
}

static bool in(const void *const *all, const char *name)
{
	return !name || registry_find(all, name, "x", NULL) != NULL;
}

static void test_unavailable(void)
{
	for (const run_mode *const *m = run_modes_all; *m; m++) {
		GError *err = NULL;
		bool transports = true;
		for (const char *const *t = (*m)->transports; *t; t++)
			transports = transports && in((const void *const *)xport_all, *t);
		bool pm = in((const void *const *)pm_all, (*m)->path_manager);
		bool sched = in((const void *const *)sched_all, (*m)->scheduler);
		bool ok = run_mode_available(*m, &err);
		CU_ASSERT_EQUAL(ok, transports && pm && sched);
		if (!ok) {
			CU_ASSERT_PTR_NOT_NULL_FATAL(err);
			CU_ASSERT_TRUE(g_str_has_prefix(err->message, "mode "));
			CU_ASSERT_PTR_NOT_NULL(strstr(err->message, (*m)->name));
			CU_ASSERT_PTR_NOT_NULL(strstr(err->message, "which this build does not have"));
			const char *what = !transports ? "transport" : !pm ? (*m)->path_manager : (*m)->scheduler;
			CU_ASSERT_PTR_NOT_NULL(strstr(err->message, what));
		}
		g_clear_error(&err);
	}
	/* tcp needs nothing but TCP */
	GError *err = NULL;
	CU_ASSERT_TRUE(run_mode_available(run_mode_find("tcp", &err), &err));
	/* Apple's policies are in the engine: handover (apple-handover path manager and scheduler),
	 * interactive (apple-interactive) and aggregate (minrtt) run wherever the mptcp transport does */
	CU_ASSERT_TRUE(in((const void *const *)pm_all, "apple-handover"));
	CU_ASSERT_TRUE(in((const void *const *)sched_all, "apple-handover"));
	CU_ASSERT_TRUE(in((const void *const *)sched_all, "apple-interactive"));
	CU_ASSERT_TRUE(in((const void *const *)sched_all, "minrtt"));
	bool mptcp = in((const void *const *)xport_all, "mptcp");
	CU_ASSERT_EQUAL(run_mode_available(run_mode_find("handover", &err), &err), mptcp);
	g_clear_error(&err);
	CU_ASSERT_EQUAL(run_mode_available(run_mode_find("aggregate", &err), &err), mptcp);
	g_clear_error(&err);
}

static void test_refusals(void)
{
	GError *err = NULL;
	const run_mode *m = run_mode_find("tcp", &err);
	/* no application workload */
	const char *plain = "[simulation]\nduration = 1s\n[host.a]\n[host.b]\n[interface.a.eth]\naddresses = 10.0.0.1\n"
			    "[interface.b.eth]\naddresses = 10.0.0.2\n[link.l]\na = a.eth\nb = b.eth\nrate = 1Mbit\n"
			    "[workload.p]\ntype = echo\nfrom = a\nto = b\n";
	scenario *scn = load(plain);
	CU_ASSERT_PTR_NOT_NULL_FATAL(scn);
	CU_ASSERT_PTR_NULL(run_mode_overrides(m, scn, &err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	CU_ASSERT_PTR_NOT_NULL(strstr(err->message, "two.ini: mode tcp applies to application workloads"));
	g_clear_error(&err);
	scn_free(scn);
	/* an application workload without failover_to */
	char *text = g_strconcat(plain, "[workload.s]\ntype = siri\nfrom = a.eth\nto = b\n", NULL);
	scn = load(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(scn);
	CU_ASSERT_PTR_NULL(run_mode_overrides(m, scn, &err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	CU_ASSERT_PTR_NOT_NULL(strstr(err->message, "[workload.s] type: mode tcp needs failover_to, the client's second radio"));
	g_clear_error(&err);
	scn_free(scn);
	g_free(text);
}

static CU_TestInfo tests[] = {
	{ .pName = "mode table: six modes, unique names, overrides", .pTestFunc = test_table },
	{ .pName = "tcp expands per application workload and loads as --set", .pTestFunc = test_expand_tcp },
	{ .pName = "handover expands to host and interface keys, shared keys once", .pTestFunc = test_expand_mptcp },
	{ .pName = "modes needing what the build lacks are refused naming it", .pTestFunc = test_unavailable },
	{ .pName = "no application workload / no failover_to: refused naming the key", .pTestFunc = test_refusals },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "mode", .pInitFunc = NULL, .pCleanupFunc = NULL, .pSetUpFunc = NULL, .pTearDownFunc = NULL, .pTests = tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
