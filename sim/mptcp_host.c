/* mptcp_host.c — one protocol/mptcp stack per host: configuration from the scenario, one timer
 * event per stack, ports claimed on the host, and the host's address changes passed on. */
#include "mptcp_host.h"

#include "error.h"
#include "rng.h"
#include "world.h"

#include <stdlib.h>
#include <math.h>
#include <string.h>

static void on_stack_timer(void *ctx, sim_time_t now);

/* ---- endpoint flags ---- */

bool mptcp_endpoint_flags_parse(const char *text, uint32_t *flags, GError **error)
{
	static const struct {
		const char *name;
		uint32_t flag;
	} names[] = {
		{ "signal", MPTCP_PM_ADDR_FLAG_SIGNAL },
		{ "subflow", MPTCP_PM_ADDR_FLAG_SUBFLOW },
		{ "backup", MPTCP_PM_ADDR_FLAG_BACKUP },
		{ "fullmesh", MPTCP_PM_ADDR_FLAG_FULLMESH },
	};
	*flags = 0;
	gchar **parts = g_strsplit(text ? text : "", ",", -1);
	bool ok = true;
	for (gchar **p = parts; *p && ok; p++) {
		g_strstrip(*p);
		if (!**p)
			continue;
		bool found = false;
		for (size_t i = 0; i < G_N_ELEMENTS(names) && !found; i++) {
			if (strcmp(*p, names[i].name) == 0) {
				*flags |= names[i].flag;
				found = true;
			}
		}
		if (!found) {
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
				    "expected endpoint flags among signal, subflow, backup, fullmesh, got \"%s\"", *p);
			ok = false;
		}
	}
	g_strfreev(parts);
	return ok;
}

/* The `mptcp_endpoint` flags of an interface (validated when the world was built). */
static uint32_t iface_flags(const world *w, const iface *ifc)
{
	char *gname = g_strdup_printf("interface.%s", ifc->full_name);
	const scn_group *g = scn_find_group(w->scn, gname);
	g_free(gname);
	uint32_t flags = 0;
	if (g && !mptcp_endpoint_flags_parse(scn_values_string(g->values, "mptcp_endpoint"), &flags, NULL))
		flags = 0;
	/* an interface with cellular radio states is cellular (Apple's policies tell it from Wi-Fi) */
	if (ifc->radio)
		flags |= MPTCP_PM_ADDR_FLAG_CELLULAR;
	return flags;
}

/* ---- env: what leaves the stack ---- */

static void claim_port(mptcp_host *mh, uint16_t port);

static void env_emit(void *ctx, const segment *seg, sim_time_t now)
{
	mptcp_host *mh = ctx;
	/* An active open or a join: its source port is the stack's from now on */
	if ((seg->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK)) == TCP_FLAG_SYN)
		claim_port(mh, seg->sport);
	packet *p = packet_alloc(&mh->host->sim->pool);
	p->seg = *seg;
	host_send(mh->host, p, now);
}

static uint64_t env_random(void *ctx)
{
	return rng_u64(((mptcp_host *)ctx)->rng);
}

/* ---- input, ports, timer ---- */

static void on_input(void *ctx, packet *p, sim_time_t now)
{
	mptcp_host *mh = ctx;
	mptcp_stack_input(mh->stack, &p->seg, now);
	packet_free(&mh->host->sim->pool, p);
	mptcp_host_rearm(mh);
}

static void claim_port(mptcp_host *mh, uint16_t port)
{
	if (g_hash_table_contains(mh->claimed, GUINT_TO_POINTER(port)))
		return;
	if (!host_bind(mh->host, SEG_PROTO_TCP, port, on_input, mh)) {
		mh->port_collisions++;
		return;
	}
	g_hash_table_add(mh->claimed, GUINT_TO_POINTER(port));
}

void mptcp_host_rearm(mptcp_host *mh)
{
	sim *s = mh->host->sim;
	sim_time_t d = mptcp_stack_next_deadline(mh->stack);
	if (d == SIM_TIME_NEVER) {
		sim_cancel(s, &mh->timer);
		return;
	}
	if (d < s->now)
		d = s->now;
	if (!sim_event_is_armed(&mh->timer) || mh->timer.time != d)
		sim_schedule(s, &mh->timer, d);
}

static void on_stack_timer(void *ctx, sim_time_t now)
{
	mptcp_host *mh = ctx;
	mptcp_stack_on_timer(mh->stack, now);
	mptcp_host_rearm(mh);
}

/* ---- the host's address changes ---- */

static void add_iface_addrs(mptcp_host *mh, iface *ifc, sim_time_t now)
{
	uint32_t flags = iface_flags(mh->world, ifc);
	if (!flags)
		return;
	for (guint i = 0; i < ifc->addrs->len; i++)
		mptcp_stack_add_address(mh->stack, &g_array_index(ifc->addrs, net_addr, i), 0, flags, now);
}

/* The address is gone: the stack removes an endpoint (REMOVE_ADDR, its subflows closed); for an
 * address that was no endpoint (the initial subflow's, typically) the adapter closes the subflows
 * that use it, as the stack would: a RST with MP_TCPRST, their data reinjected on the others. */
static void addr_gone(mptcp_host *mh, const net_addr *addr, sim_time_t now)
{
	if (mptcp_stack_remove_address(mh->stack, addr, now))
		return;
	for (size_t i = 0; i < mptcp_stack_conn_count(mh->stack); i++) {
		mptcp_conn *c = mptcp_stack_conn(mh->stack, i);
		for (size_t k = 0; k < mptcp_conn_subflow_count(c); k++) {
			mptcp_subflow_info sf;
			if (mptcp_conn_get_subflow(c, k, &sf) && sf.state != TCP_CLOSED && net_addr_equal(&sf.local, addr))
				mptcp_conn_close_subflow(c, sf.id, now);
		}
	}
}

static void on_host_change(void *ctx, host *h, iface *ifc, host_change change, const net_addr *addr, sim_time_t now)
{
	(void)h;
	mptcp_host *mh = ctx;
	uint32_t flags;
	switch (change) {
	case HOST_ADDR_ADDED:
		flags = iface_flags(mh->world, ifc);
		if (flags && ifc->up)
			mptcp_stack_add_address(mh->stack, addr, 0, flags, now);
		break;
	case HOST_ADDR_REMOVED:
		addr_gone(mh, addr, now);
		break;
	case HOST_IFACE_DOWN:
		if (mh->iface_down_signal)
			for (guint i = 0; i < ifc->addrs->len; i++)
				addr_gone(mh, &g_array_index(ifc->addrs, net_addr, i), now);
		break;
	case HOST_IFACE_UP:
		if (mh->iface_down_signal)
			add_iface_addrs(mh, ifc, now);
		break;
	}
	mptcp_host_rearm(mh);
}

/* ---- creation ---- */

static void config_from_values(mptcp_config *cfg, tcp_config *tcp_cfg, const scn_values *v)
{
	mptcp_config_default(cfg);
	cfg->version = (uint8_t)scn_values_int(v, "mptcp_version");
	cfg->checksum = scn_values_bool(v, "mptcp_checksum");
	cfg->dsn_bytes = (uint8_t)atoi(scn_values_string(v, "mptcp_dsn_bytes"));
	cfg->path_manager = scn_values_string(v, "mptcp_path_manager");
	cfg->scheduler = scn_values_string(v, "mptcp_scheduler");
	cfg->subflows_max = (uint32_t)scn_values_int(v, "mptcp_subflows_max");
	cfg->add_addr_accepted_max = (uint32_t)scn_values_int(v, "mptcp_add_addr_accepted_max");
	cfg->add_addr_timeout_ns = scn_values_time(v, "mptcp_add_addr_timeout");
	cfg->allow_join_initial_addr_port = scn_values_bool(v, "mptcp_allow_join_initial_addr_port");
	cfg->rcvbuf_bytes = (uint32_t)scn_values_int(v, "mptcp_rcvbuf");
	cfg->sndbuf_bytes = (uint32_t)scn_values_int(v, "mptcp_sndbuf");
	cfg->stale_loss_cnt = (uint32_t)scn_values_int(v, "mptcp_stale_loss_cnt");
	cfg->handover_window_ns = scn_values_time(v, "mptcp_handover_window");
	cfg->handover_loss_ppm = (uint32_t)llround(scn_values_percent(v, "mptcp_handover_loss") * 1e6);
	cfg->handover_rtt_ns = scn_values_time(v, "mptcp_handover_rtt");
	cfg->handover_hold_ns = scn_values_time(v, "mptcp_handover_hold");
	cfg->handover_idle_ns = scn_values_time(v, "mptcp_handover_idle");
	tcp_config_default(tcp_cfg);
	tcp_cfg->cc_name = scn_values_string(v, "mptcp_cc");
}

mptcp_host *mptcp_host_find(const world *w, const host *h)
{
	for (guint i = 0; w->mptcp_hosts && i < w->mptcp_hosts->len; i++) {
		mptcp_host *mh = g_ptr_array_index(w->mptcp_hosts, i);
		if (mh->host == h)
			return mh;
	}
	return NULL;
}

mptcp_host *mptcp_host_get(world *w, host *h, GError **error)
{
	mptcp_host *mh = mptcp_host_find(w, h);
	if (mh)
		return mh;
	char *gname = g_strdup_printf("host.%s", h->name);
	const scn_group *g = scn_find_group(w->scn, gname);
	g_free(gname);
	g_assert(g); /* every host comes from its group */
	mptcp_config cfg;
	tcp_config tcp_cfg;
	config_from_values(&cfg, &tcp_cfg, g->values);
	mh = g_new0(mptcp_host, 1);
	mh->world = w;
	mh->host = h;
	char *stream = g_strdup_printf("host.%s/mptcp", h->name);
	mh->rng = sim_rng(h->sim, stream);
	g_free(stream);
	mh->iface_down_signal = scn_values_bool(g->values, "mptcp_iface_down_signal");
	proto_env env = { .ctx = mh, .emit = env_emit, .random_u64 = env_random, .trace = NULL };
	GError *err = NULL;
	mh->stack = mptcp_stack_new(&cfg, &tcp_cfg, &env, &err);
	if (!mh->stack) {
		char *where = scn_values_where(g->values, NULL);
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: MPTCP stack of host %s: %s", where, h->name,
			    err->message);
		g_free(where);
		g_error_free(err);
		g_free(mh);
		return NULL;
	}
	mh->claimed = g_hash_table_new(g_direct_hash, g_direct_equal);
	sim_event_init(&mh->timer, on_stack_timer, mh);
	if (!w->mptcp_hosts)
		w->mptcp_hosts = g_ptr_array_new();
	g_ptr_array_add(w->mptcp_hosts, mh);
	for (guint i = 0; i < h->ifaces->len; i++) {
		iface *ifc = g_ptr_array_index(h->ifaces, i);
		if (ifc->up)
			add_iface_addrs(mh, ifc, h->sim->now);
	}
	host_observe(h, on_host_change, mh);
	mptcp_host_rearm(mh);
	return mh;
}

void mptcp_host_free_all(world *w)
{
	if (!w->mptcp_hosts)
		return;
	for (guint i = 0; i < w->mptcp_hosts->len; i++) {
		mptcp_host *mh = g_ptr_array_index(w->mptcp_hosts, i);
		sim_cancel(mh->host->sim, &mh->timer);
		host_unobserve(mh->host, on_host_change, mh);
		GHashTableIter it;
		gpointer key;
		g_hash_table_iter_init(&it, mh->claimed);
		while (g_hash_table_iter_next(&it, &key, NULL))
			host_unbind(mh->host, SEG_PROTO_TCP, (uint16_t)GPOINTER_TO_UINT(key));
		g_hash_table_destroy(mh->claimed);
		mptcp_stack_free(mh->stack);
		g_free(mh);
	}
	g_ptr_array_free(w->mptcp_hosts, TRUE);
	w->mptcp_hosts = NULL;
}

/* ---- connections ---- */

bool mptcp_host_listen(mptcp_host *mh, uint16_t port, const mptcp_callbacks *cb, void *ctx, GError **error)
{
	if (g_hash_table_contains(mh->claimed, GUINT_TO_POINTER(port)) ||
	    !host_bind(mh->host, SEG_PROTO_TCP, port, on_input, mh)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "TCP port %u on %s is already in use", port,
			    mh->host->name);
		return false;
	}
	if (!mptcp_stack_listen(mh->stack, port, cb, ctx, error)) {
		host_unbind(mh->host, SEG_PROTO_TCP, port);
		return false;
	}
	g_hash_table_add(mh->claimed, GUINT_TO_POINTER(port));
	return true;
}

mptcp_conn *mptcp_host_connect(mptcp_host *mh, const net_addr *local, const net_addr *remote, uint16_t port,
			       const mptcp_callbacks *cb, void *ctx, sim_time_t now, GError **error)
{
	mptcp_conn *c = mptcp_stack_connect(mh->stack, local, 0, remote, port, cb, ctx, now, error);
	mptcp_host_rearm(mh);
	return c;
}

void mptcp_host_report(const mptcp_host *mh, report_section *out)
{
	for (int m = 0; m < MPTCP_MIB_COUNT; m++)
		report_set_int(out, mptcp_mib_name((mptcp_mib)m), (int64_t)mptcp_stack_mib(mh->stack, (mptcp_mib)m));
	report_set_int(out, "connections", (int64_t)mptcp_stack_conn_count(mh->stack));
	report_set_int(out, "port_collisions", (int64_t)mh->port_collisions);
}
