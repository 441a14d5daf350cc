/* unit_mptcp_registry.c — the MPTCP ops tables and counters: every scheduler and path manager in
 * its NULL-terminated list has a unique name and its mandatory hooks, every MIB counter has a
 * unique name (Linux's where Linux has one), and the defaults are Linux's. */
#include "testutil.h"

#include "mptcp/mptcp.h"
#include "mptcp/pm.h"
#include "mptcp/sched.h"
#include "registry.h"

#include <string.h>

static void test_schedulers(void)
{
	size_t n = registry_count((const void *const *)sched_all);
	CU_ASSERT(n >= 1);
	for (size_t i = 0; i < n; i++) {
		CU_ASSERT_PTR_NOT_NULL(sched_all[i]->name);
		CU_ASSERT_PTR_NOT_NULL(sched_all[i]->get_send);
		/* per-connection state comes and goes together */
		CU_ASSERT_EQUAL(sched_all[i]->init == NULL, sched_all[i]->release == NULL);
		for (size_t j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(sched_all[i]->name, sched_all[j]->name);
	}
	CU_ASSERT_PTR_EQUAL(registry_find((const void *const *)sched_all, "minrtt", "scheduler", NULL), &sched_minrtt);
}

static void test_path_managers(void)
{
	size_t n = registry_count((const void *const *)pm_all);
	CU_ASSERT(n >= 2);
	for (size_t i = 0; i < n; i++) {
		CU_ASSERT_PTR_NOT_NULL(pm_all[i]->name);
		/* a path manager that does nothing when the connection is established is no policy */
		CU_ASSERT_PTR_NOT_NULL(pm_all[i]->established);
		CU_ASSERT_EQUAL(pm_all[i]->init == NULL, pm_all[i]->release == NULL);
		/* a timer of its own comes with its deadline */
		CU_ASSERT_EQUAL(pm_all[i]->next_deadline == NULL, pm_all[i]->on_timer == NULL);
		for (size_t j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(pm_all[i]->name, pm_all[j]->name);
	}
	CU_ASSERT_PTR_EQUAL(registry_find((const void *const *)pm_all, "kernel", "path manager", NULL), &pm_kernel);
	CU_ASSERT_PTR_EQUAL(registry_find((const void *const *)pm_all, "fullmesh", "path manager", NULL), &pm_fullmesh);
}

static void test_mib_names(void)
{
	for (int i = 0; i < MPTCP_MIB_COUNT; i++) {
		const char *a = mptcp_mib_name((mptcp_mib)i);
		CU_ASSERT_PTR_NOT_NULL_FATAL(a);
		CU_ASSERT(strlen(a) > 0);
		for (int j = 0; j < i; j++)
			CU_ASSERT_STRING_NOT_EQUAL(a, mptcp_mib_name((mptcp_mib)j));
	}
	CU_ASSERT_PTR_NULL(mptcp_mib_name(MPTCP_MIB_COUNT));
	CU_ASSERT_STRING_EQUAL(mptcp_mib_name(MPTCP_MIB_MPCAPABLEPASSIVE), "MPCapableSYNRX");
	CU_ASSERT_STRING_EQUAL(mptcp_mib_name(MPTCP_MIB_JOINACKMAC), "MPJoinAckHMacFailure");
	CU_ASSERT_STRING_EQUAL(mptcp_mib_name(MPTCP_MIB_DSSTCPMISMATCH), "DSSNoMatchTCP");
	CU_ASSERT_STRING_EQUAL(mptcp_mib_name(MPTCP_MIB_MPRSTTX), "MPRstTx");
}

static void test_defaults(void)
{
	mptcp_config cfg;
	mptcp_config_default(&cfg);
	CU_ASSERT_EQUAL(cfg.version, MPTCP_VERSION_1);
	CU_ASSERT_FALSE(cfg.checksum);                     /* net.mptcp.checksum_enabled = 0 */
	CU_ASSERT_TRUE(cfg.allow_join_initial_addr_port);  /* = 1 */
	CU_ASSERT_EQUAL(cfg.add_addr_timeout_ns, SIM_S(120));
	CU_ASSERT_EQUAL(cfg.add_addr_retrans_max, 3);      /* ADD_ADDR_RETRANS_MAX */
	CU_ASSERT_EQUAL(cfg.subflows_max, 2);              /* pm_nl_init_net */
	CU_ASSERT_EQUAL(cfg.add_addr_accepted_max, 0);
	CU_ASSERT_STRING_EQUAL(cfg.scheduler, "minrtt");
	CU_ASSERT_STRING_EQUAL(cfg.path_manager, "kernel");
	for (int r = MPTCP_CLOSE_NORMAL; r <= MPTCP_CLOSE_ABORTED; r++)
		CU_ASSERT_STRING_NOT_EQUAL(mptcp_close_reason_name((mptcp_close_reason)r), "unknown");
}

static CU_TestInfo registry_tests[] = {
	{ .pName = "schedulers: unique names, mandatory hooks", .pTestFunc = test_schedulers },
	{ .pName = "path managers: unique names, mandatory hooks", .pTestFunc = test_path_managers },
	{ .pName = "MIB counter names", .pTestFunc = test_mib_names },
	{ .pName = "Linux's defaults", .pTestFunc = test_defaults },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "mptcp registries", .pTests = registry_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
