/* sockopt.c — what an application may ask of a connection besides sending and receiving: its
 * state, its subflows, and socket-option-like controls in the spirit of RFC 6897 (open or close a
 * subflow, ask for backup with MP_PRIO, pick the scheduler). Opening a subflow is in subflow.c. */
#include "mptcp.h"

#include "mptcp_priv.h"
#include "registry.h"

#include <string.h>

void mptcp_conn_get_info(const mptcp_conn *c, mptcp_info *out)
{
	memset(out, 0, sizeof *out);
	out->id = c->id;
	out->version = c->version;
	out->server_side = c->server_side;
	out->established = c->established;
	out->fully_established = c->fully_established;
	out->fallback = c->fallback;
	out->checksum = c->csum && !c->fallback;
	out->closed = c->closed;
	out->close_reason = c->close_reason;
	out->local_key = c->local.key;
	out->local_token = c->local.token;
	out->local_idsn = c->local.idsn;
	out->remote_key = c->remote_key;
	out->remote_token = c->remote_token;
	out->remote_idsn = c->remote_idsn;
	out->snd_una = c->snd_una;
	out->snd_nxt = c->snd_nxt;
	out->snd_end = c->snd_end;
	out->rcv_nxt = c->rcv_nxt;
	out->data_fin_sent = c->fin_sent;
	out->data_fin_acked = c->fin_acked;
	out->data_fin_received = c->rcv_fin;
	out->bytes_reinjected = c->bytes_reinjected;
	out->n_subflows = mptcp_conn_open_subflows(c);
	out->scheduler = c->sched->name;
	out->path_manager = c->pm.ops->name;
}

size_t mptcp_conn_subflow_count(const mptcp_conn *c)
{
	return c->subflows->len;
}

bool mptcp_conn_get_subflow(const mptcp_conn *c, size_t i, mptcp_subflow_info *out)
{
	if (i >= c->subflows->len)
		return false;
	const mptcp_subflow *sf = g_ptr_array_index(c->subflows, i);
	memset(out, 0, sizeof *out);
	out->id = sf->id;
	out->initial = sf->initial;
	out->passive = sf->passive;
	out->fully_established = sf->fully_established;
	out->local = sf->tuple.local;
	out->remote = sf->tuple.remote;
	out->local_port = sf->tuple.local_port;
	out->remote_port = sf->tuple.remote_port;
	out->local_id = sf->local_id;
	out->remote_id = sf->remote_id;
	out->backup = sf->backup;
	out->peer_backup = sf->peer_backup;
	out->bytes_sent = sf->bytes_sent;
	out->bytes_reinjected = sf->bytes_reinjected;
	out->bytes_received = sf->bytes_received;
	out->reset_reason_sent = sf->reset_reason_sent;
	out->reset_reason_received = sf->reset_reason_rcvd;
	if (sf->tcp)
		tcp_conn_get_info(sf->tcp, &out->tcp);
	else
		out->tcp = sf->final_info;
	out->state = out->tcp.state;
	return true;
}

tcp_conn *mptcp_conn_subflow_tcp(const mptcp_conn *c, uint32_t id)
{
	mptcp_subflow *sf = mptcp_conn_find_subflow(c, id);
	return sf ? sf->tcp : NULL;
}

uint64_t mptcp_conn_subflow_counter(const mptcp_conn *c, uint32_t id, tcp_counter which)
{
	mptcp_subflow *sf = mptcp_conn_find_subflow(c, id);
	if (!sf || (unsigned)which >= TCP_CNT_COUNT)
		return 0;
	return sf->tcp ? tcp_conn_counter(sf->tcp, which) : sf->final_counters[which];
}

const char *mptcp_conn_subflow_cc_name(const mptcp_conn *c, uint32_t id)
{
	mptcp_subflow *sf = mptcp_conn_find_subflow(c, id);
	return sf ? sf->cc_name : NULL;
}

bool mptcp_conn_close_subflow(mptcp_conn *c, uint32_t id, sim_time_t now)
{
	mptcp_subflow *sf = mptcp_conn_find_subflow(c, id);
	if (!sf || sf->closed || !sf->tcp)
		return false;
	mptcp_conn_enter(c);
	mptcp_subflow_reset(sf, MPTCP_RST_EUNSPEC, now);
	mptcp_conn_leave(c, now);
	return true;
}

bool mptcp_conn_set_backup(mptcp_conn *c, uint32_t id, bool backup, sim_time_t now)
{
	mptcp_subflow *sf = mptcp_conn_find_subflow(c, id);
	if (!sf || sf->closed || !sf->tcp || c->fallback)
		return false;
	mptcp_conn_enter(c);
	sf->backup = backup;
	sf->prio_pending = true;
	mptcp_conn_leave(c, now);
	return true;
}

bool mptcp_conn_set_scheduler(mptcp_conn *c, const char *name, GError **error)
{
	const sched_ops *ops = registry_find((const void *const *)sched_all, name ? name : "", "scheduler", error);
	if (!ops)
		return false;
	if (c->sched->release)
		c->sched->release(c->sched_priv);
	c->sched = ops;
	c->sched_priv = ops->init ? ops->init() : NULL;
	return true;
}

const char *mptcp_close_reason_name(mptcp_close_reason r)
{
	switch (r) {
	case MPTCP_CLOSE_NORMAL:
		return "normal";
	case MPTCP_CLOSE_RESET:
		return "reset";
	case MPTCP_CLOSE_FASTCLOSE:
		return "fastclose";
	case MPTCP_CLOSE_REFUSED:
		return "refused";
	case MPTCP_CLOSE_TIMEOUT:
		return "timeout";
	case MPTCP_CLOSE_ABORTED:
		return "aborted";
	}
	return "unknown";
}
