/* tcp_listener.c — accept connections on a port and demultiplex by 4-tuple (tcp_listener.h). */
#include "tcp_listener.h"

#include "tcp_priv.h"

#include <string.h>

struct tcp_listener {
	tcp_config cfg;
	proto_env env;
	bool any_addr;
	net_addr addr;
	uint16_t port;
	tcp_listener_callbacks cb;
	void *ctx;
	GPtrArray *conns;     /* tcp_conn*, owned, in accept order (iteration is deterministic) */
	GHashTable *by_tuple; /* tcp_tuple* (inside the conn) -> tcp_conn*; lookups only */
};

static guint tuple_hash(gconstpointer p)
{
	const tcp_tuple *t = p;
	/* FNV-1a over the fields that identify a connection */
	uint32_t h = 2166136261u;
#define MIX(b) (h = (h ^ (uint8_t)(b)) * 16777619u)
	MIX(t->local.family);
	for (unsigned i = 0; i < net_addr_len(&t->local); i++)
		MIX(t->local.bytes[i]);
	MIX(t->remote.family);
	for (unsigned i = 0; i < net_addr_len(&t->remote); i++)
		MIX(t->remote.bytes[i]);
	MIX(t->local_port >> 8);
	MIX(t->local_port);
	MIX(t->remote_port >> 8);
	MIX(t->remote_port);
#undef MIX
	return h;
}

static gboolean tuple_equal(gconstpointer a, gconstpointer b)
{
	const tcp_tuple *x = a, *y = b;
	return x->local_port == y->local_port && x->remote_port == y->remote_port &&
	       net_addr_equal(&x->local, &y->local) && net_addr_equal(&x->remote, &y->remote);
}

tcp_listener *tcp_listener_new(const tcp_config *cfg, const proto_env *env, const net_addr *local, uint16_t port,
			       const tcp_listener_callbacks *cb, void *ctx, GError **error)
{
	/* validate the configuration once, with the same checks a connection makes */
	net_addr any = net_addr_v4(0, 0, 0, 0);
	tcp_conn *probe = tcp_conn_new(cfg, env, local ? local : &any, port, &any, 0, error);
	if (!probe)
		return NULL;
	tcp_conn_free(probe);
	tcp_listener *l = g_new0(tcp_listener, 1);
	l->cfg = *cfg;
	l->env = *env;
	l->any_addr = local == NULL;
	if (local)
		l->addr = *local;
	l->port = port;
	if (cb)
		l->cb = *cb;
	l->ctx = ctx;
	l->conns = g_ptr_array_new();
	l->by_tuple = g_hash_table_new(tuple_hash, tuple_equal);
	return l;
}

void tcp_listener_free(tcp_listener *l)
{
	if (!l)
		return;
	for (guint i = 0; i < l->conns->len; i++)
		tcp_conn_free(g_ptr_array_index(l->conns, i));
	g_ptr_array_free(l->conns, TRUE);
	g_hash_table_destroy(l->by_tuple);
	g_free(l);
}

static void key_of(const segment *seg, tcp_tuple *t)
{
	memset(t, 0, sizeof *t);
	t->local = seg->dst;
	t->remote = seg->src;
	t->local_port = seg->dport;
	t->remote_port = seg->sport;
}

tcp_conn *tcp_listener_lookup(const tcp_listener *l, const segment *seg)
{
	tcp_tuple t;
	key_of(seg, &t);
	return g_hash_table_lookup(l->by_tuple, &t);
}

tcp_conn *tcp_listener_input(tcp_listener *l, const segment *seg, sim_time_t now)
{
	if (seg->proto != SEG_PROTO_TCP || seg->dport != l->port || (!l->any_addr && !net_addr_equal(&seg->dst, &l->addr)))
		return NULL;
	tcp_conn *c = tcp_listener_lookup(l, seg);
	if (c && c->state != TCP_CLOSED) {
		tcp_conn_input(c, seg, now);
		return c;
	}
	/* RFC 9293 §3.10.7.2: only a SYN (without ACK or RST) opens a connection */
	if ((seg->flags & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST)) != TCP_FLAG_SYN) {
		tcp_send_reset_for(&l->env, seg, now);
		return NULL;
	}
	if (c) {
		/* the old connection of this 4-tuple is closed: make room for the new one */
		g_hash_table_remove(l->by_tuple, &c->tuple);
	}
	c = tcp_conn_new(&l->cfg, &l->env, &seg->dst, seg->dport, &seg->src, seg->sport, NULL);
	g_assert(c); /* the configuration was checked in tcp_listener_new */
	c->state = TCP_LISTEN;
	g_ptr_array_add(l->conns, c);
	g_hash_table_insert(l->by_tuple, &c->tuple, c);
	if (l->cb.on_accept)
		l->cb.on_accept(l->ctx, l, c, seg, now);
	tcp_conn_input(c, seg, now);
	return c;
}

size_t tcp_listener_reap(tcp_listener *l)
{
	size_t n = 0;
	for (guint i = 0; i < l->conns->len;) {
		tcp_conn *c = g_ptr_array_index(l->conns, i);
		if (c->state != TCP_CLOSED) {
			i++;
			continue;
		}
		if (l->cb.on_release)
			l->cb.on_release(l->ctx, l, c);
		if (g_hash_table_lookup(l->by_tuple, &c->tuple) == c)
			g_hash_table_remove(l->by_tuple, &c->tuple);
		g_ptr_array_remove_index(l->conns, i);
		tcp_conn_free(c);
		n++;
	}
	return n;
}

size_t tcp_listener_count(const tcp_listener *l)
{
	return l->conns->len;
}

tcp_conn *tcp_listener_conn(const tcp_listener *l, size_t i)
{
	return i < l->conns->len ? g_ptr_array_index(l->conns, i) : NULL;
}
