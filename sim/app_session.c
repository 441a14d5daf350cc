/* app_session.c — the client connection of an application model, its failover (reconnect from
 * another interface, as apps do over single-path TCP) and the user-facing metrics (app_session.h). */
#include "app_session.h"

#include "error.h"

const char *const app_session_failover_choices[] = { "none", "reconnect", NULL };

/* Per-connection state of the session (xport_conn.user). */
struct app_conn {
	uint64_t backlog; /* bytes written by the application, not yet taken by the transport */
	void *user;       /* the model's (server side), freed with g_free */
};

struct app_session {
	sim *sim;
	char *name;
	const app_session_callbacks *cb;
	void *ctx;
	workload_path path;  /* primary: from → to */
	uint16_t port;
	sim_time_t start;
	bool reconnect;      /* failover = reconnect */
	sim_time_t failover_after;
	iface *fallback;
	net_addr fallback_addr;
	xport *xp;
	GPtrArray *conn_states; /* struct app_conn*, owned */
	xport_conn *cur;        /* the client's current connection, NULL when none */
	xport_conn *last;       /* the latest client connection (for the report) */
	bool connected;
	bool on_fallback;       /* cur is (or is being) connected from the fallback interface */
	bool primary_back;      /* the host reported the primary up again since the failover */
	sim_event start_ev, stall_ev, failover_ev;
	/* handover gap */
	uint64_t owed;
	sim_time_t gap_since;   /* -1: nothing owed */
	sim_time_t max_gap;
	/* counters */
	uint64_t connections, failovers, returns, conn_failures;
};

static void app_conn_free(gpointer p)
{
	struct app_conn *a = p;
	g_free(a->user);
	g_free(a);
}

static struct app_conn *state_of(app_session *s, xport_conn *c)
{
	if (!c->user) {
		struct app_conn *a = g_new0(struct app_conn, 1);
		g_ptr_array_add(s->conn_states, a);
		c->user = a;
	}
	return c->user;
}

static void push(xport_conn *c, struct app_conn *a, sim_time_t now)
{
	if (a->backlog)
		a->backlog -= xport_send(c, a->backlog, now);
}

static bool primary_usable(const app_session *s)
{
	return s->path.src_iface->up && iface_owns_addr(s->path.src_iface, &s->path.src_addr);
}

/* ---- handover gap ---- */

static void gap_close(app_session *s, sim_time_t now)
{
	if (s->gap_since >= 0 && now - s->gap_since > s->max_gap)
		s->max_gap = now - s->gap_since;
}

static void arm_stall(app_session *s)
{
	if (s->reconnect && !s->on_fallback && s->owed > 0 && s->gap_since >= 0)
		sim_schedule(s->sim, &s->stall_ev, s->gap_since + s->failover_after);
	else
		sim_cancel(s->sim, &s->stall_ev);
}

void app_session_owe(app_session *s, uint64_t bytes, sim_time_t now)
{
	if (!bytes)
		return;
	if (s->owed == 0 && s->gap_since < 0)
		s->gap_since = now;
	s->owed += bytes;
	arm_stall(s);
}

void app_session_forget(app_session *s)
{
	s->owed = 0;
	sim_cancel(s->sim, &s->stall_ev);
}

void app_session_settle(app_session *s, sim_time_t now)
{
	gap_close(s, now);
	s->owed = 0;
	s->gap_since = -1;
	sim_cancel(s->sim, &s->stall_ev);
}

static void delivered(app_session *s, uint64_t bytes, sim_time_t now)
{
	gap_close(s, now);
	s->owed = bytes < s->owed ? s->owed - bytes : 0;
	s->gap_since = s->owed > 0 ? now : -1;
	arm_stall(s);
}

/* ---- connections ---- */

static void connect_from(app_session *s, bool fallback, sim_time_t now)
{
	GError *err = NULL;
	const net_addr *local = fallback ? &s->fallback_addr : &s->path.src_addr;
	s->on_fallback = fallback;
	s->connected = false;
	s->cur = xport_connect(s->xp, s->path.src_host, local, &s->path.dst_addr, s->port, now, &err);
	if (!s->cur) {
		sim_fail(s->sim, err);
		return;
	}
	s->last = s->cur;
	state_of(s, s->cur);
	arm_stall(s);
}

static void fail_over(app_session *s, sim_time_t now)
{
	if (s->cur) {
		xport_conn *old = s->cur;
		s->cur = NULL;
		xport_abort(old, now);
	}
	s->failovers++;
	s->primary_back = false;
	app_session_forget(s);
	connect_from(s, true, now);
}

static void on_failover_ev(void *ctx, sim_time_t now)
{
	app_session *s = ctx;
	if (!s->on_fallback || !s->cur)
		fail_over(s, now);
}

static void on_stall(void *ctx, sim_time_t now)
{
	app_session *s = ctx;
	if (s->reconnect && !s->on_fallback && s->owed > 0 && s->gap_since >= 0 &&
	    now - s->gap_since >= s->failover_after)
		fail_over(s, now);
}

static void observe(void *ctx, host *h, iface *ifc, host_change change, const net_addr *addr, sim_time_t now)
{
	(void)h;
	app_session *s = ctx;
	bool lost = ifc == s->path.src_iface &&
		    (change == HOST_IFACE_DOWN || (change == HOST_ADDR_REMOVED && net_addr_equal(addr, &s->path.src_addr)));
	/* A failover from inside the host's notification would abort a connection while the host is
	 * still telling others: do it as the next event at this time. */
	if (lost && s->reconnect && s->cur && !s->on_fallback)
		sim_schedule(s->sim, &s->failover_ev, now);
	if (ifc == s->path.src_iface && (change == HOST_IFACE_UP || change == HOST_ADDR_ADDED))
		s->primary_back = true;
}

bool app_session_request_begins(app_session *s, sim_time_t now)
{
	if (s->reconnect && s->on_fallback && s->primary_back && primary_usable(s)) {
		if (s->cur) {
			xport_conn *old = s->cur;
			s->cur = NULL;
			xport_close(old, now);
		}
		s->returns++;
		connect_from(s, false, now);
	} else if (!s->cur) {
		/* Reconnect where the last connection was unless the primary is known good again. */
		bool fallback = s->reconnect && (!primary_usable(s) || (s->on_fallback && !s->primary_back));
		connect_from(s, fallback, now);
	}
	return s->connected;
}

/* ---- transport callbacks ---- */

static void cb_connected(void *ctx, xport_conn *c, sim_time_t now)
{
	app_session *s = ctx;
	if (c != s->cur)
		return;
	s->connected = true;
	s->connections++;
	app_session_forget(s); /* the model declares again what it sends on the new connection */
	if (s->cb->client_up)
		s->cb->client_up(s->ctx, now);
	if (s->owed == 0) {
		/* Nothing re-sent: whatever gap was open ends with the new connection. */
		gap_close(s, now);
		s->gap_since = -1;
	}
	push(c, state_of(s, c), now);
}

static void cb_accept(void *ctx, xport_conn *c, sim_time_t now)
{
	app_session *s = ctx;
	state_of(s, c);
	if (s->cb->server_accept)
		s->cb->server_accept(s->ctx, c, now);
}

static void cb_data(void *ctx, xport_conn *c, uint64_t offset, uint64_t bytes, bool intact, sim_time_t now)
{
	app_session *s = ctx;
	if (!intact) {
		sim_fail(s->sim, g_error_new(MPSIM_ERROR, MPSIM_ERR_INTEGRITY,
					     "workload %s: bytes %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT
					     " arrived different from what was sent",
					     s->name, offset, offset + bytes));
		return;
	}
	if (c->server) {
		delivered(s, bytes, now);
		s->cb->server_data(s->ctx, c, bytes, now);
	} else if (c == s->cur) {
		delivered(s, bytes, now);
		s->cb->client_data(s->ctx, bytes, now);
	}
}

static void cb_send_space(void *ctx, xport_conn *c, uint64_t space, sim_time_t now)
{
	(void)space;
	app_session *s = ctx;
	if (c->server || c == s->cur)
		push(c, state_of(s, c), now);
}

static void cb_peer_fin(void *ctx, xport_conn *c, sim_time_t now)
{
	(void)ctx;
	xport_close(c, now);
}

static void cb_closed(void *ctx, xport_conn *c, xport_close_reason reason, sim_time_t now)
{
	app_session *s = ctx;
	if (c != s->cur)
		return;
	s->cur = NULL;
	s->connected = false;
	if (reason == XPORT_CLOSE_NORMAL)
		return; /* the next request connects again (app_session_request_begins) */
	s->conn_failures++;
	if (s->reconnect && !s->on_fallback)
		sim_schedule(s->sim, &s->failover_ev, now);
}

static const xport_callbacks session_callbacks = {
	.on_accept = cb_accept,
	.on_connected = cb_connected,
	.on_data = cb_data,
	.on_send_space = cb_send_space,
	.on_peer_fin = cb_peer_fin,
	.on_closed = cb_closed,
};

static void on_start(void *ctx, sim_time_t now)
{
	app_session *s = ctx;
	connect_from(s, false, now);
}

/* ---- lifetime ---- */

static bool resolve_fallback(world *w, app_session *s, const scn_values *v, GError **error)
{
	if (!scn_values_has(v, "failover_to")) {
		char *where = scn_values_where(v, "failover");
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "%s: reconnect needs failover_to, the client's HOST.IFACE to reconnect from; got none", where);
		g_free(where);
		return false;
	}
	const char *to = scn_values_string(v, "failover_to");
	iface *f = world_find_iface(w, to);
	const char *problem = NULL;
	if (!f)
		problem = "an interface of the client host, as HOST.IFACE";
	else if (f->host != s->path.src_host || f == s->path.src_iface)
		problem = "another interface of the client host than `from`";
	const net_addr *a = NULL;
	for (guint i = 0; f && !problem && i < f->addrs->len && !a; i++) {
		const net_addr *c = &g_array_index(f->addrs, net_addr, i);
		if (c->family == s->path.dst_addr.family)
			a = c;
	}
	if (!problem && !a)
		problem = "an interface with an address of the server's IP version";
	if (problem) {
		char *where = scn_values_where(v, "failover_to");
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: with failover = reconnect, expected %s, got \"%s\"",
			    where, problem, to);
		g_free(where);
		return false;
	}
	s->fallback = f;
	s->fallback_addr = *a;
	return true;
}

app_session *app_session_new(world *w, const char *name, const scn_values *v, unsigned index,
			     const app_session_callbacks *cb, void *ctx, GError **error)
{
	app_session *s = g_new0(app_session, 1);
	s->sim = w->sim;
	s->name = index ? g_strdup_printf("%s-c%u", name, index) : g_strdup(name);
	s->cb = cb;
	s->ctx = ctx;
	s->conn_states = g_ptr_array_new_with_free_func(app_conn_free);
	s->gap_since = -1;
	sim_event_init(&s->start_ev, on_start, s);
	sim_event_init(&s->stall_ev, on_stall, s);
	sim_event_init(&s->failover_ev, on_failover_ev, s);
	if (!workload_resolve_path(w, v, &s->path, error))
		goto fail;
	if (scn_values_int(v, "port") + index > 65535) {
		char *where = scn_values_where(v, "port");
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected a port that leaves room for %u connections, got %s",
			    where, index + 1, scn_values_text(v, "port"));
		g_free(where);
		goto fail;
	}
	s->port = (uint16_t)(scn_values_int(v, "port") + index);
	s->start = scn_values_time(v, "start");
	s->reconnect = g_strcmp0(scn_values_string(v, "failover"), "reconnect") == 0;
	s->failover_after = scn_values_time(v, "failover_after");
	if (s->reconnect && !resolve_fallback(w, s, v, error))
		goto fail;
	GError *err = NULL;
	s->xp = xport_new(w, s->name, v, &session_callbacks, s, &err);
	if (!s->xp || !xport_listen(s->xp, s->path.dst_host, s->port, &err)) {
		char *where = scn_values_where(v, s->xp ? "port" : "transport");
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: %s", where, err->message);
		g_free(where);
		g_error_free(err);
		goto fail;
	}
	host_observe(s->path.src_host, observe, s);
	sim_schedule(w->sim, &s->start_ev, s->start);
	return s;
fail:
	xport_free(s->xp);
	g_ptr_array_free(s->conn_states, TRUE);
	g_free(s->name);
	g_free(s);
	return NULL;
}

void app_session_free(app_session *s)
{
	if (!s)
		return;
	sim_cancel(s->sim, &s->start_ev);
	sim_cancel(s->sim, &s->stall_ev);
	sim_cancel(s->sim, &s->failover_ev);
	host_unobserve(s->path.src_host, observe, s);
	xport_free(s->xp);
	g_ptr_array_free(s->conn_states, TRUE);
	g_free(s->name);
	g_free(s);
}

bool app_session_client_send(app_session *s, uint64_t bytes, sim_time_t now)
{
	if (!s->cur || !s->connected)
		return false;
	struct app_conn *a = state_of(s, s->cur);
	a->backlog += bytes;
	push(s->cur, a, now);
	return true;
}

bool app_session_client_connected(const app_session *s)
{
	return s->cur && s->connected;
}

const char *app_session_client_iface(const app_session *s)
{
	return s->on_fallback ? s->fallback->name : s->path.src_iface->name;
}

void app_session_server_send(app_session *s, xport_conn *c, uint64_t bytes, sim_time_t now)
{
	struct app_conn *a = state_of(s, c);
	a->backlog += bytes;
	push(c, a, now);
}

void **app_session_server_user(xport_conn *c)
{
	return &((struct app_conn *)c->user)->user;
}

sim_time_t app_session_now(const app_session *s)
{
	return s->sim->now;
}

void app_session_report(app_session *s, report_section *out)
{
	app_session_report_many(&s, 1, out);
}

static sim_time_t longest_gap(const app_session *s)
{
	sim_time_t now = s->sim->now, gap = s->max_gap;
	if (s->owed > 0 && s->gap_since >= 0 && now - s->gap_since > gap)
		gap = now - s->gap_since; /* still owed when the run ended */
	return gap;
}

void app_session_report_many(app_session *const *ss, unsigned n, report_section *out)
{
	const app_session *s = ss[0];
	sim_time_t now = s->sim->now, gap = 0;
	uint64_t connections = 0, failovers = 0, returns = 0, failures = 0;
	for (unsigned i = 0; i < n; i++) {
		sim_time_t g = longest_gap(ss[i]);
		gap = g > gap ? g : gap;
		connections += ss[i]->connections;
		failovers += ss[i]->failovers;
		returns += ss[i]->returns;
		failures += ss[i]->conn_failures;
	}
	report_set_int(out, "handover_gap_ns", gap);
	report_set_int(out, "connections", (int64_t)connections);
	report_set_int(out, "failovers", (int64_t)failovers);
	report_set_int(out, "returns", (int64_t)returns);
	report_set_int(out, "conn_failures", (int64_t)failures);
	report_section *ifs = report_section_child(out, "ifaces");
	uint64_t cell_bytes = 0;
	sim_time_t radio_on = 0;
	for (guint i = 0; i < s->path.src_host->ifaces->len; i++) {
		const iface *ifc = g_ptr_array_index(s->path.src_host->ifaces, i);
		report_section *is = report_section_child(ifs, ifc->name);
		uint64_t bytes = ifc->tx_bytes + ifc->rx_bytes;
		report_set_int(is, "bytes", (int64_t)bytes);
		if (ifc->radio) {
			sim_time_t on = radio_on_ns(ifc->radio, now);
			report_set_int(is, "radio_on_ns", on);
			cell_bytes += bytes;
			radio_on += on;
		}
	}
	report_set_int(out, "cellular_bytes", (int64_t)cell_bytes);
	report_set_int(out, "radio_on_ns", radio_on);
	report_set_string(out, "transport", s->xp->ops->name);
	if (s->last)
		xport_report_conn(s->last, report_section_child(out, "client"));
}
