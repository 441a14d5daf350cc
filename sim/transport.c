/* transport.c — the transport registry and the generic parts of xport. */
#include "transport.h"

#include "registry.h"

extern const xport_ops xport_tcp;
extern const xport_ops xport_mptcp;

const xport_ops *const xport_all[] = {
	&xport_tcp,
	&xport_mptcp,
	NULL,
};

const char *xport_close_reason_name(xport_close_reason r)
{
	static const char *const names[] = { "normal", "reset", "refused", "timeout", "aborted", "fastclose" };
	return (unsigned)r < G_N_ELEMENTS(names) ? names[r] : "unknown";
}

xport *xport_new(struct world *w, const char *workload_name, const scn_values *v, const xport_callbacks *cb,
		 void *cb_ctx, GError **error)
{
	const xport_ops *ops = registry_find((const void *const *)xport_all, scn_values_string(v, "transport"),
					     "transport", error);
	if (!ops)
		return NULL;
	xport *xp = g_new0(xport, 1);
	xp->ops = ops;
	xp->cb = cb;
	xp->cb_ctx = cb_ctx;
	xp->conns = g_ptr_array_new_with_free_func(g_free);
	xp->state = ops->create(w, workload_name, v, error);
	if (!xp->state) {
		g_ptr_array_free(xp->conns, TRUE);
		g_free(xp);
		return NULL;
	}
	return xp;
}

void xport_free(xport *xp)
{
	if (!xp)
		return;
	xp->ops->destroy(xp->state); /* frees the transport's connections; the wrappers go next */
	g_ptr_array_free(xp->conns, TRUE);
	g_free(xp);
}

xport_conn *xport_conn_add(xport *xp, void *impl, bool server)
{
	xport_conn *c = g_new0(xport_conn, 1);
	c->xp = xp;
	c->impl = impl;
	c->server = server;
	g_ptr_array_add(xp->conns, c);
	return c;
}
