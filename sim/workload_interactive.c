/* workload_interactive.c — small messages at intervals, each answered by the server (a chat, a game,
 * a remote shell): what the user feels is the time to the answer.
 *
 * From `start`, the client writes a `message`-byte message every `interval` (`count` of them; 0:
 * until the run ends); the server answers each with `reply` bytes. A message's latency is from its
 * write to the whole answer; a message fails when its answer has not arrived within `deadline`.
 * After a failover (app_session.h) the messages still awaiting an answer are written again on the
 * new connection. Table interactive_NAME.csv: one row per message. Summary: requests (messages),
 * ok, failed, response_* (latency percentiles) and the session's metrics. */
#include "workload.h"

#include "app_session.h"

static const scn_key interactive_keys[] = {
	{ .name = "message", .type = SCN_SIZE, .default_value = "100B", .min = 1, .doc = "bytes of each message" },
	{ .name = "reply", .type = SCN_SIZE, .default_value = "100B", .min = 1, .doc = "bytes of each answer" },
	{ .name = "interval", .type = SCN_TIME, .default_value = "200ms", .min = 1, .doc = "time between messages" },
	{ .name = "count", .type = SCN_INT, .default_value = "0", .min = 0, .doc = "messages to send; 0: until the run ends" },
	{ .name = "deadline", .type = SCN_TIME, .default_value = "5s", .min = 1,
	  .doc = "a message fails when its answer has not arrived this long after it was written" },
	APP_SESSION_KEYS,
	SCN_KEY_END,
};

typedef enum msg_status { MSG_PENDING, MSG_OK, MSG_FAILED } msg_status;

struct msg {
	sim_time_t sent, done;
	msg_status status;
	bool carried;        /* written on the current connection */
	uint64_t conn_index; /* its position among the messages of that connection */
};

struct interactive {
	sim *sim;
	app_session *s;
	uint64_t message, reply;
	sim_time_t interval, deadline;
	int64_t count;
	GArray *msgs;          /* struct msg */
	guint first_pending;   /* messages before it are all finished */
	uint64_t conn_rx, conn_msgs;
	sim_event tick_ev, expire_ev;
	report_table *table;
};

struct interactive_server_conn {
	uint64_t rx, answered;
};

/* Write `g` on the current connection if there is one. What it owes (the message, the answer) is
 * declared by the callers. */
static void carry(struct interactive *m, struct msg *g, sim_time_t now)
{
	g->carried = app_session_client_send(m->s, m->message, now);
	if (g->carried)
		g->conn_index = m->conn_msgs++;
}

static void advance_pending(struct interactive *m)
{
	while (m->first_pending < m->msgs->len &&
	       g_array_index(m->msgs, struct msg, m->first_pending).status != MSG_PENDING)
		m->first_pending++;
}

static void arm_expiry(struct interactive *m)
{
	advance_pending(m);
	if (m->first_pending < m->msgs->len)
		sim_schedule(m->sim, &m->expire_ev,
			     g_array_index(m->msgs, struct msg, m->first_pending).sent + m->deadline);
	else
		sim_cancel(m->sim, &m->expire_ev);
}

static void on_expire(void *ctx, sim_time_t now)
{
	struct interactive *m = ctx;
	bool dropped = false;
	for (guint i = m->first_pending; i < m->msgs->len; i++) {
		struct msg *g = &g_array_index(m->msgs, struct msg, i);
		if (g->status == MSG_PENDING && now - g->sent >= m->deadline) {
			g->status = MSG_FAILED;
			dropped = true;
		}
	}
	arm_expiry(m);
	if (dropped) {
		/* What is still owed is what the messages left pending await (their answers; the messages
		 * themselves too when not yet written). */
		if (m->first_pending >= m->msgs->len)
			app_session_settle(m->s, now);
		else
			app_session_forget(m->s);
		for (guint i = m->first_pending; i < m->msgs->len; i++) {
			struct msg *g = &g_array_index(m->msgs, struct msg, i);
			if (g->status == MSG_PENDING)
				app_session_owe(m->s, m->reply + (g->carried ? 0 : m->message), now);
		}
	}
}

static void on_tick(void *ctx, sim_time_t now)
{
	struct interactive *m = ctx;
	if (m->count > 0 && (int64_t)m->msgs->len >= m->count)
		return;
	struct msg g = { .sent = now, .done = -1, .status = MSG_PENDING };
	g_array_append_val(m->msgs, g);
	if (app_session_request_begins(m->s, now))
		carry(m, &g_array_index(m->msgs, struct msg, m->msgs->len - 1), now);
	app_session_owe(m->s, m->message + m->reply, now); /* written or waiting to be */
	arm_expiry(m);
	sim_schedule(m->sim, &m->tick_ev, now + m->interval);
}

static void client_up(void *ctx, sim_time_t now)
{
	struct interactive *m = ctx;
	m->conn_rx = 0;
	m->conn_msgs = 0;
	for (guint i = 0; i < m->msgs->len; i++)
		g_array_index(m->msgs, struct msg, i).carried = false;
	if (m->msgs->len == 0 && !sim_event_is_armed(&m->tick_ev)) {
		on_tick(m, now); /* the first message goes once connected */
		return;
	}
	for (guint i = m->first_pending; i < m->msgs->len; i++) {
		struct msg *g = &g_array_index(m->msgs, struct msg, i);
		if (g->status == MSG_PENDING) {
			carry(m, g, now);
			app_session_owe(m->s, m->message + m->reply, now);
		}
	}
}

static void client_data(void *ctx, uint64_t bytes, sim_time_t now)
{
	struct interactive *m = ctx;
	m->conn_rx += bytes;
	for (guint i = m->first_pending; i < m->msgs->len; i++) {
		struct msg *g = &g_array_index(m->msgs, struct msg, i);
		if (g->carried && g->status == MSG_PENDING && m->conn_rx >= (g->conn_index + 1) * m->reply) {
			g->status = MSG_OK;
			g->done = now;
		}
	}
	arm_expiry(m);
}

static void server_data(void *ctx, xport_conn *c, uint64_t bytes, sim_time_t now)
{
	struct interactive *m = ctx;
	void **user = app_session_server_user(c);
	if (!*user)
		*user = g_new0(struct interactive_server_conn, 1);
	struct interactive_server_conn *sc = *user;
	sc->rx += bytes;
	while (sc->answered < sc->rx / m->message) {
		sc->answered++;
		app_session_server_send(m->s, c, m->reply, now);
	}
}

static const app_session_callbacks interactive_callbacks = {
	.client_up = client_up,
	.client_data = client_data,
	.server_data = server_data,
};

static void interactive_destroy(void *state);

static void *interactive_create(world *w, const char *name, const scn_values *v, GError **error)
{
	struct interactive *m = g_new0(struct interactive, 1);
	m->sim = w->sim;
	m->message = (uint64_t)scn_values_int(v, "message");
	m->reply = (uint64_t)scn_values_int(v, "reply");
	m->interval = scn_values_time(v, "interval");
	m->deadline = scn_values_time(v, "deadline");
	m->count = scn_values_int(v, "count");
	m->msgs = g_array_new(FALSE, FALSE, sizeof(struct msg));
	sim_event_init(&m->tick_ev, on_tick, m);
	sim_event_init(&m->expire_ev, on_expire, m);
	m->s = app_session_new(w, name, v, 0, &interactive_callbacks, m, error);
	if (!m->s) {
		interactive_destroy(m);
		return NULL;
	}
	char *prefix = g_strdup_printf("interactive_%s", name);
	m->table = sim_table_new(w->sim, prefix, "seq:int,sent_ns:int,done_ns:int,latency_ns:int,status:string");
	g_free(prefix);
	return m;
}

static void interactive_report(void *state, report_section *out)
{
	struct interactive *m = state;
	GArray *lat = g_array_new(FALSE, FALSE, sizeof(int64_t));
	int64_t failed = 0;
	for (guint i = 0; i < m->msgs->len; i++) {
		const struct msg *g = &g_array_index(m->msgs, struct msg, i);
		int64_t l = g->status == MSG_OK ? g->done - g->sent : -1;
		if (g->status == MSG_OK)
			g_array_append_val(lat, l);
		else if (g->status == MSG_FAILED)
			failed++;
		static const char *const names[] = { "unfinished", "ok", "failed" };
		report_cell row[5] = { { .i = i }, { .i = g->sent }, { .i = g->done }, { .i = l }, { .s = names[g->status] } };
		report_table_add_row(m->table, row);
	}
	report_set_int(out, "requests", m->msgs->len);
	report_set_int(out, "ok", lat->len);
	report_set_int(out, "failed", failed);
	workload_report_latency(out, "response", lat);
	g_array_free(lat, TRUE);
	app_session_report(m->s, out);
}

static void interactive_destroy(void *state)
{
	struct interactive *m = state;
	sim_cancel(m->sim, &m->tick_ev);
	sim_cancel(m->sim, &m->expire_ev);
	app_session_free(m->s);
	g_array_free(m->msgs, TRUE);
	g_free(m);
}

const workload_ops workload_interactive = {
	.name = "interactive",
	.summary = "small messages at intervals, each answered: latency percentiles, failures, handover gap",
	.keys = interactive_keys,
	.create = interactive_create,
	.report = interactive_report,
	.destroy = interactive_destroy,
};
