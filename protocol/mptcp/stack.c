/* stack.c — one host's MPTCP: demultiplexing, tokens, listeners, local addresses, timers.
 *
 * mptcp_stack_input() is given every TCP segment for the host's MPTCP ports. A segment whose
 * 4-tuple names a subflow goes to that subflow's TCP. A SYN with MP_JOIN goes to the connection
 * its token names (RFC 8684 §3.2); an unknown token, or a join the connection refuses, is answered
 * with a RST carrying MP_TCPRST. Another SYN to a listening port creates a connection: MPTCP when
 * the SYN carries MP_CAPABLE in a version we accept, plain TCP otherwise (§3.7). Tokens are
 * unique per stack (Linux token.c): keys are drawn until their token is unused. */
#include "mptcp.h"

#include "error.h"
#include "mptcp_priv.h"
#include "registry.h"

#include <string.h>

/* Internal flag of an address a peer joined to without our announcing it (Linux "implicit"). */
#define MPTCP_PM_ADDR_FLAG_IMPLICIT (1u << 7)

void mptcp_config_default(mptcp_config *cfg)
{
	*cfg = (mptcp_config){
		.version = MPTCP_VERSION_1,
		.accept_v0 = true,
		.accept_v1 = true,
		.checksum = false,
		.allow_join_initial_addr_port = true,
		.dsn_bytes = 8,
		.rcvbuf_bytes = 4u << 20,
		.sndbuf_bytes = 4u << 20,
		.auto_read = true,
		.scheduler = "minrtt",
		.path_manager = "kernel",
		.subflows_max = 2,
		.add_addr_accepted_max = 0,
		.add_addr_timeout_ns = SIM_S(120),
		.add_addr_retrans_max = 3,
		.stale_loss_cnt = 4,
		.handover_idle_ns = SIM_S(10),
		.handover_window_ns = SIM_S(1),
		.handover_rtt_ns = SIM_MS(600),
		.handover_loss_ppm = 100000,
		.handover_hold_ns = SIM_S(5),
	};
}

static bool config_check(const mptcp_config *cfg, GError **error)
{
	const char *bad = NULL;
	if (cfg->version != MPTCP_VERSION_0 && cfg->version != MPTCP_VERSION_1)
		bad = "version must be 0 (RFC 6824) or 1 (RFC 8684)";
	else if (!cfg->accept_v0 && !cfg->accept_v1)
		bad = "a stack must accept version 0 or version 1";
	else if (cfg->dsn_bytes != 4 && cfg->dsn_bytes != 8)
		bad = "dsn_bytes must be 4 or 8";
	else if (cfg->rcvbuf_bytes < 1024 || cfg->sndbuf_bytes == 0)
		bad = "rcvbuf_bytes must be at least 1024 and sndbuf_bytes positive";
	else if (cfg->add_addr_timeout_ns < 0)
		bad = "add_addr_timeout_ns must not be negative";
	else if (cfg->subflows_max > MPTCP_PM_ADDR_MAX)
		bad = "subflows_max must be at most 8 (MPTCP_PM_ADDR_MAX)";
	if (bad)
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "mptcp configuration: %s", bad);
	return bad == NULL;
}

static guint tuple_hash(gconstpointer p)
{
	const mptcp_tuple *t = p;
	guint h = 2166136261u;
	const net_addr *a[2] = { &t->local, &t->remote };
	for (int i = 0; i < 2; i++) {
		h = (h ^ a[i]->family) * 16777619u;
		for (unsigned j = 0; j < net_addr_len(a[i]); j++)
			h = (h ^ a[i]->bytes[j]) * 16777619u;
	}
	h = (h ^ t->local_port) * 16777619u;
	return (h ^ t->remote_port) * 16777619u;
}

static gboolean tuple_equal(gconstpointer pa, gconstpointer pb)
{
	const mptcp_tuple *a = pa, *b = pb;
	return a->local_port == b->local_port && a->remote_port == b->remote_port && net_addr_equal(&a->local, &b->local) &&
	       net_addr_equal(&a->remote, &b->remote);
}

mptcp_stack *mptcp_stack_new(const mptcp_config *cfg, const tcp_config *tcp_cfg, const proto_env *env, GError **error)
{
	if (!config_check(cfg, error))
		return NULL;
	if (!registry_find((const void *const *)sched_all, cfg->scheduler ? cfg->scheduler : "", "scheduler", error) ||
	    !registry_find((const void *const *)pm_all, cfg->path_manager ? cfg->path_manager : "", "path manager",
			   error))
		return NULL;
	/* a subflow configured this way must be creatable: check it once here */
	net_addr any = net_addr_v4(0, 0, 0, 0);
	tcp_conn *probe = tcp_conn_new(tcp_cfg, env, &any, 1, &any, 1, error);
	if (!probe)
		return NULL;
	tcp_conn_free(probe);
	mptcp_stack *st = g_new0(mptcp_stack, 1);
	st->cfg = *cfg;
	st->tcp_cfg = *tcp_cfg;
	st->env = *env;
	st->tokens = g_hash_table_new(g_direct_hash, g_direct_equal);
	st->tuples = g_hash_table_new(tuple_hash, tuple_equal);
	st->conns = g_ptr_array_new();
	st->listeners = g_array_new(FALSE, TRUE, sizeof(mptcp_listener));
	st->endpoints = g_array_new(FALSE, TRUE, sizeof(pm_addr));
	st->next_port = MPTCP_EPHEMERAL_FIRST;
	st->next_conn_id = 1;
	return st;
}

void mptcp_stack_free(mptcp_stack *st)
{
	if (!st)
		return;
	for (guint i = 0; i < st->conns->len; i++)
		mptcp_conn_free(g_ptr_array_index(st->conns, i));
	g_ptr_array_free(st->conns, TRUE);
	g_hash_table_destroy(st->tokens);
	g_hash_table_destroy(st->tuples);
	g_array_free(st->listeners, TRUE);
	g_array_free(st->endpoints, TRUE);
	g_free(st);
}

/* ---- tokens and tuples ---- */

bool mptcp_stack_token_in_use(mptcp_stack *st, uint32_t token)
{
	return g_hash_table_contains(st->tokens, GUINT_TO_POINTER(token));
}

void mptcp_stack_token_add(mptcp_stack *st, mptcp_conn *c)
{
	g_hash_table_insert(st->tokens, GUINT_TO_POINTER(c->local.token), c);
}

void mptcp_stack_token_remove(mptcp_stack *st, mptcp_conn *c)
{
	if (c->local_key_valid && g_hash_table_lookup(st->tokens, GUINT_TO_POINTER(c->local.token)) == c)
		g_hash_table_remove(st->tokens, GUINT_TO_POINTER(c->local.token));
}

mptcp_conn *mptcp_stack_find_token(const mptcp_stack *st, uint32_t token)
{
	return g_hash_table_lookup(st->tokens, GUINT_TO_POINTER(token));
}

bool mptcp_stack_tuple_add(mptcp_stack *st, mptcp_subflow *sf)
{
	if (g_hash_table_contains(st->tuples, &sf->tuple))
		return false;
	g_hash_table_insert(st->tuples, &sf->tuple, sf);
	return true;
}

void mptcp_stack_tuple_remove(mptcp_stack *st, mptcp_subflow *sf)
{
	if (g_hash_table_lookup(st->tuples, &sf->tuple) == sf)
		g_hash_table_remove(st->tuples, &sf->tuple);
}

uint16_t mptcp_stack_ephemeral_port(mptcp_stack *st, const net_addr *local, const net_addr *remote,
				    uint16_t remote_port)
{
	for (unsigned tries = 0; tries < 65536u - MPTCP_EPHEMERAL_FIRST; tries++) {
		uint16_t p = st->next_port;
		st->next_port = p == 65535 ? (uint16_t)MPTCP_EPHEMERAL_FIRST : (uint16_t)(p + 1);
		mptcp_tuple t = { .local = *local, .remote = *remote, .local_port = p, .remote_port = remote_port };
		if (!g_hash_table_contains(st->tuples, &t))
			return p;
	}
	return 0;
}

/* ---- local addresses ---- */

const pm_addr *mptcp_stack_endpoint(const mptcp_stack *st, const net_addr *addr)
{
	for (guint i = 0; i < st->endpoints->len; i++) {
		const pm_addr *e = &g_array_index(st->endpoints, pm_addr, i);
		if (net_addr_equal(&e->addr, addr))
			return e;
	}
	return NULL;
}

static uint8_t new_endpoint(mptcp_stack *st, const net_addr *addr, uint16_t port, uint32_t flags)
{
	if (mptcp_stack_endpoint(st, addr))
		return 0;
	for (unsigned id = 1; id <= 255; id++) {
		bool used = false;
		for (guint i = 0; i < st->endpoints->len && !used; i++)
			used = g_array_index(st->endpoints, pm_addr, i).id == id;
		if (!used) {
			pm_addr e = { .id = (uint8_t)id, .addr = *addr, .port = port, .flags = flags };
			g_array_append_val(st->endpoints, e);
			return (uint8_t)id;
		}
	}
	return 0;
}

uint8_t mptcp_stack_add_address(mptcp_stack *st, const net_addr *addr, uint16_t port, uint32_t flags, sim_time_t now)
{
	uint8_t id = new_endpoint(st, addr, port, flags & ~MPTCP_PM_ADDR_FLAG_IMPLICIT);
	if (!id)
		return 0;
	pm_addr e = *mptcp_stack_endpoint(st, addr);
	for (guint i = 0; i < st->conns->len; i++) {
		mptcp_conn *c = g_ptr_array_index(st->conns, i);
		if (c->closed)
			continue;
		mptcp_conn_enter(c);
		mptcp_pm_address_added(c, &e, now);
		mptcp_conn_leave(c, now);
	}
	return id;
}

bool mptcp_stack_remove_address(mptcp_stack *st, const net_addr *addr, sim_time_t now)
{
	const pm_addr *found = mptcp_stack_endpoint(st, addr);
	if (!found)
		return false;
	pm_addr e = *found;
	for (guint i = 0; i < st->endpoints->len; i++) {
		if (g_array_index(st->endpoints, pm_addr, i).id == e.id) {
			g_array_remove_index(st->endpoints, i);
			break;
		}
	}
	for (guint i = 0; i < st->conns->len; i++) {
		mptcp_conn *c = g_ptr_array_index(st->conns, i);
		if (c->closed)
			continue;
		mptcp_conn_enter(c);
		mptcp_pm_address_removed(c, &e, now);
		mptcp_conn_leave(c, now);
	}
	return true;
}

/* ---- opening ---- */

bool mptcp_stack_listen(mptcp_stack *st, uint16_t port, const mptcp_callbacks *cb, void *ctx, GError **error)
{
	for (guint i = 0; i < st->listeners->len; i++) {
		if (g_array_index(st->listeners, mptcp_listener, i).port == port) {
			g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "port %u is already listening", port);
			return false;
		}
	}
	mptcp_listener l = { .port = port, .ctx = ctx };
	if (cb)
		l.cb = *cb;
	g_array_append_val(st->listeners, l);
	return true;
}

mptcp_conn *mptcp_stack_connect(mptcp_stack *st, const net_addr *local, uint16_t local_port, const net_addr *remote,
				uint16_t remote_port, const mptcp_callbacks *cb, void *ctx, sim_time_t now, GError **error)
{
	uint16_t port = local_port ? local_port : mptcp_stack_ephemeral_port(st, local, remote, remote_port);
	mptcp_tuple t = { .local = *local, .remote = *remote, .local_port = port, .remote_port = remote_port };
	if (port == 0 || g_hash_table_contains(st->tuples, &t)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "local port %u to that peer is in use", local_port);
		return NULL;
	}
	mptcp_conn *c = mptcp_conn_new(st, false, cb, ctx);
	c->version = st->cfg.version;
	c->csum = st->cfg.checksum;
	if (!mptcp_conn_keygen(c)) {
		MIB_INC(c, MPTCP_MIB_TOKENFALLBACKINIT);
		c->fallback = true;
	}
	c->initial_tuple = t;
	mptcp_subflow *sf = mptcp_subflow_new(c, &t, true, false, error);
	g_assert(sf); /* the configuration was checked by mptcp_stack_new */
	if (!c->fallback)
		MIB_INC(c, MPTCP_MIB_MPCAPABLEACTIVE);
	mptcp_conn_enter(c);
	tcp_conn_connect(sf->tcp, now);
	mptcp_conn_leave(c, now);
	return c;
}

void mptcp_stack_reset_for(mptcp_stack *st, const segment *in, bool mptcp, uint8_t reason, sim_time_t now)
{
	if (in->flags & TCP_FLAG_RST)
		return;
	segment s = { 0 };
	s.src = in->dst;
	s.dst = in->src;
	s.sport = in->dport;
	s.dport = in->sport;
	s.proto = SEG_PROTO_TCP;
	s.ttl = 64;
	/* RFC 9293 §3.10.7.1, as tcp_send_reset_for() */
	if (in->flags & TCP_FLAG_ACK) {
		s.seq = in->ack;
		s.flags = TCP_FLAG_RST;
	} else {
		uint32_t len = in->payload_len + ((in->flags & TCP_FLAG_SYN) ? 1u : 0u) + ((in->flags & TCP_FLAG_FIN) ? 1u : 0u);
		s.ack = in->seq + len;
		s.flags = TCP_FLAG_RST | TCP_FLAG_ACK;
	}
	if (mptcp) {
		/* RFC 8684 §3.6: say why */
		mptcp_options o = { 0 };
		o.version = MPTCP_VERSION_1;
		o.suboptions = MPTCP_OPT_RST;
		o.reset_reason = reason;
		s.opt_len = (uint8_t)mptcp_opt_write(&o, s.options, TCP_OPTIONS_MAX);
		mptcp_mib_inc(st, MPTCP_MIB_MPRSTTX);
	}
	st->env.emit(st->env.ctx, &s, now);
}

static const mptcp_listener *find_listener(const mptcp_stack *st, uint16_t port)
{
	for (guint i = 0; i < st->listeners->len; i++) {
		const mptcp_listener *l = &g_array_index(st->listeners, mptcp_listener, i);
		if (l->port == port)
			return l;
	}
	return NULL;
}

/* RFC 8684 §3.1: answer with the proposed version if we speak it, else the highest lower one. */
static bool choose_version(const mptcp_config *cfg, uint8_t proposed, uint8_t *out)
{
	if (proposed >= MPTCP_VERSION_1 && cfg->accept_v1)
		*out = MPTCP_VERSION_1;
	else if (cfg->accept_v0)
		*out = MPTCP_VERSION_0;
	else
		return false;
	return true;
}

static void input_syn(mptcp_stack *st, const mptcp_listener *l, const segment *seg, const mptcp_options *o,
		      sim_time_t now)
{
	mptcp_conn *c = mptcp_conn_new(st, true, &l->cb, l->ctx);
	c->ev |= MPTCP_EV_ACCEPT;
	if (o->suboptions & MPTCP_OPT_MPC_SYN) {
		mptcp_mib_inc(st, MPTCP_MIB_MPCAPABLEPASSIVE);
		if (!choose_version(&st->cfg, o->mpc_version, &c->version)) {
			c->fallback = true;
		} else {
			/* RFC 8684 §3.1: checksums are used if either side asks */
			c->csum = st->cfg.checksum || (o->mpc_flags & MPTCP_CAP_CHECKSUM_REQD);
			if (!mptcp_conn_keygen(c)) {
				mptcp_mib_inc(st, MPTCP_MIB_TOKENFALLBACKINIT);
				c->fallback = true;
			} else if (c->version == MPTCP_VERSION_0 && o->mpc_version == MPTCP_VERSION_0) {
				/* RFC 6824 §3.1: the SYN carries the initiator's key */
				mptcp_conn_set_remote_key(c, o->sndr_key);
			}
		}
	} else {
		c->fallback = true;
	}
	mptcp_tuple t = { .local = seg->dst, .remote = seg->src, .local_port = seg->dport, .remote_port = seg->sport };
	c->initial_tuple = t;
	mptcp_subflow *sf = mptcp_subflow_new(c, &t, true, true, NULL);
	g_assert(sf);
	mptcp_conn_enter(c);
	tcp_conn_listen(sf->tcp);
	tcp_conn_input(sf->tcp, seg, now);
	mptcp_conn_leave(c, now);
}

static void input_join_syn(mptcp_stack *st, const segment *seg, const mptcp_options *o, sim_time_t now)
{
	mptcp_mib_inc(st, MPTCP_MIB_JOINSYNRX);
	if (o->join_backup)
		mptcp_mib_inc(st, MPTCP_MIB_JOINSYNBACKUPRX);
	mptcp_conn *c = mptcp_stack_find_token(st, o->token);
	if (!c) {
		/* RFC 8684 §3.2: a token we do not know is answered with a RST */
		mptcp_mib_inc(st, MPTCP_MIB_JOINNOTOKEN);
		mptcp_stack_reset_for(st, seg, true, MPTCP_RST_EMPTCP, now);
		return;
	}
	mptcp_tuple t = { .local = seg->dst, .remote = seg->src, .local_port = seg->dport, .remote_port = seg->sport };
	bool initial_addr = net_addr_equal(&seg->dst, &c->initial_tuple.local);
	const pm_addr *ep = mptcp_stack_endpoint(st, &seg->dst);
	pm_addr local = { .id = 0, .addr = seg->dst, .port = seg->dport };
	if (!initial_addr) {
		if (!ep)
			new_endpoint(st, &seg->dst, 0, MPTCP_PM_ADDR_FLAG_IMPLICIT);
		ep = mptcp_stack_endpoint(st, &seg->dst);
		local.id = ep ? ep->id : 0;
		local.flags = ep ? ep->flags : 0;
	}
	/* RFC 8684 §3.1: with the C flag sent, no join to the initial address and port */
	bool denied = !c->cfg.allow_join_initial_addr_port && initial_addr && seg->dport == c->initial_tuple.local_port;
	bool ok = !c->closed && !c->fallback && c->fully_established && !(c->fin_acked && c->rcv_fin) && !denied &&
		  !c->fastclosing;
	mptcp_conn_enter(c);
	if (ok)
		ok = mptcp_pm_accept_join(c, &local, &seg->src, now);
	if (!ok) {
		mptcp_mib_inc(st, MPTCP_MIB_JOINREJECTED);
		mptcp_stack_reset_for(st, seg, true, MPTCP_RST_EPROHIBIT, now);
		mptcp_conn_leave(c, now);
		return;
	}
	mptcp_subflow *sf = mptcp_subflow_new(c, &t, false, true, NULL);
	g_assert(sf);
	sf->remote_nonce = o->nonce;
	sf->remote_id = o->join_id;
	sf->peer_backup = o->join_backup;
	sf->local_id = local.id;
	sf->backup = (local.flags & MPTCP_PM_ADDR_FLAG_BACKUP) != 0;
	sf->local_nonce = (uint32_t)st->env.random_u64(st->env.ctx);
	c->allow_infinite_fallback = false;
	tcp_conn_listen(sf->tcp);
	tcp_conn_input(sf->tcp, seg, now);
	mptcp_conn_leave(c, now);
}

void mptcp_stack_input(mptcp_stack *st, const segment *seg, sim_time_t now)
{
	if (seg->proto != SEG_PROTO_TCP)
		return;
	mptcp_tuple t = { .local = seg->dst, .remote = seg->src, .local_port = seg->dport, .remote_port = seg->sport };
	mptcp_subflow *sf = g_hash_table_lookup(st->tuples, &t);
	if (sf && sf->tcp) {
		mptcp_conn *c = sf->conn;
		mptcp_conn_enter(c);
		tcp_conn_input(sf->tcp, seg, now);
		mptcp_conn_leave(c, now);
		return;
	}
	if ((seg->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST)) != TCP_FLAG_SYN) {
		/* RFC 9293 §3.10.7.1: nobody's segment */
		mptcp_stack_reset_for(st, seg, false, 0, now);
		return;
	}
	mptcp_options o;
	mptcp_parse(st, seg, MPTCP_VERSION_1, &o);
	if (o.suboptions & MPTCP_OPT_MPJ_SYN) {
		input_join_syn(st, seg, &o, now);
		return;
	}
	const mptcp_listener *l = find_listener(st, seg->dport);
	if (!l) {
		mptcp_stack_reset_for(st, seg, false, 0, now);
		return;
	}
	input_syn(st, l, seg, &o, now);
}

/* ---- timers and bookkeeping ---- */

sim_time_t mptcp_stack_next_deadline(const mptcp_stack *st)
{
	sim_time_t t = SIM_TIME_NEVER;
	for (guint i = 0; i < st->conns->len; i++) {
		sim_time_t d = mptcp_conn_next_deadline(g_ptr_array_index(st->conns, i));
		if (d < t)
			t = d;
	}
	return t;
}

void mptcp_stack_on_timer(mptcp_stack *st, sim_time_t now)
{
	for (guint i = 0; i < st->conns->len; i++) {
		mptcp_conn *c = g_ptr_array_index(st->conns, i);
		if (mptcp_conn_next_deadline(c) <= now)
			mptcp_conn_on_timer(c, now);
	}
}

static bool reapable(const mptcp_conn *c)
{
	if (!c->closed)
		return false;
	for (guint i = 0; i < c->subflows->len; i++)
		if (!((mptcp_subflow *)g_ptr_array_index(c->subflows, i))->released)
			return false;
	return true;
}

size_t mptcp_stack_reap(mptcp_stack *st)
{
	size_t n = 0;
	for (guint i = 0; i < st->conns->len;) {
		mptcp_conn *c = g_ptr_array_index(st->conns, i);
		if (reapable(c)) {
			g_ptr_array_remove_index(st->conns, i);
			mptcp_conn_free(c);
			n++;
		} else {
			i++;
		}
	}
	return n;
}

size_t mptcp_stack_conn_count(const mptcp_stack *st)
{
	return st->conns->len;
}

mptcp_conn *mptcp_stack_conn(const mptcp_stack *st, size_t i)
{
	return i < st->conns->len ? g_ptr_array_index(st->conns, i) : NULL;
}

uint64_t mptcp_stack_mib(const mptcp_stack *st, mptcp_mib m)
{
	return (unsigned)m < MPTCP_MIB_COUNT ? st->mib[m] : 0;
}
