/* workload_siri.c — a voice assistant: the user speaks a query, the server answers.
 *
 * The traffic model of De Coninck's Siri-like generator (reference/experiments.md): while the user
 * speaks, the client streams a `query`-byte query as chunks of `chunk_min`..`chunk_max` bytes (sizes
 * uniform, from the random stream "workload.NAME.chunks") every `chunk_interval`; once the server
 * has the whole query it answers with `response` bytes. A new query starts every `period`, but
 * not before the previous one has been answered or has failed (the user waits for the answer),
 * `count` times (0: until the run ends).
 *
 * What the user feels, per request: the response time, from the end of speech (the last chunk
 * written) to the whole response; a request fails when its response has not fully arrived
 * `deadline` after the end of speech. After a failover (app_session.h) the request in flight is
 * re-sent whole on the new connection, as the real app does. Table siri_NAME.csv: one row per
 * request. Summary: requests, ok, failed, response-time percentiles, and the session's metrics. */
#include "workload.h"

#include "app_session.h"
#include "error.h"

#include <gsl/gsl_rng.h>

static const scn_key siri_keys[] = {
	{ .name = "query", .type = SCN_SIZE, .default_value = "2500B", .min = 1, .doc = "bytes of each spoken query" },
	{ .name = "chunk_min", .type = SCN_SIZE, .default_value = "85B", .min = 1, .doc = "smallest voice chunk" },
	{ .name = "chunk_max", .type = SCN_SIZE, .default_value = "500B", .min = 1,
	  .doc = "largest voice chunk (at least chunk_min)" },
	{ .name = "chunk_interval", .type = SCN_TIME, .default_value = "333ms", .min = 1,
	  .doc = "time between voice chunks while the user speaks" },
	{ .name = "response", .type = SCN_SIZE, .default_value = "750B", .min = 1, .doc = "bytes of each answer" },
	{ .name = "period", .type = SCN_TIME, .default_value = "5s", .min = 1,
	  .doc = "time between the starts of two queries (a query never starts before the previous one is answered or "
		 "has failed)" },
	{ .name = "count", .type = SCN_INT, .default_value = "0", .min = 0, .doc = "queries to make; 0: until the run ends" },
	{ .name = "deadline", .type = SCN_TIME, .default_value = "5s", .min = 1,
	  .doc = "a request fails when its answer is not complete this long after the end of speech" },
	APP_SESSION_KEYS,
	SCN_KEY_END,
};

typedef enum siri_status { SIRI_PENDING, SIRI_OK, SIRI_FAILED } siri_status;

struct siri_req {
	sim_time_t start, speech_end, done;
	siri_status status;
	uint32_t sends; /* connections the query was sent on */
	const char *iface; /* the client interface of the connection that answered; NULL: none */
};

struct siri {
	sim *sim;
	char *name;
	app_session *s;
	gsl_rng *rng;
	uint64_t query, chunk_min, chunk_max, response;
	sim_time_t chunk_interval, period, deadline;
	int64_t count;
	GArray *reqs;           /* struct siri_req */
	struct siri_req *cur;   /* the request being spoken or awaited; NULL when none */
	uint64_t produced;      /* query bytes of `cur` spoken so far */
	bool carried;           /* `cur` is on the current connection */
	bool next_due;          /* the period ended while the user still waited for an answer */
	uint64_t conn_rx;       /* response bytes on the current connection */
	uint64_t conn_queries;  /* queries sent on the current connection */
	uint64_t conn_index;    /* `cur`'s position among them */
	sim_event chunk_ev, period_ev, deadline_ev;
	report_table *table;
};

struct siri_server_conn {
	uint64_t rx, answered;
};

static const char *status_name(siri_status st)
{
	return st == SIRI_OK ? "ok" : st == SIRI_FAILED ? "failed" : "unfinished";
}

static void carry(struct siri *q, sim_time_t now)
{
	q->conn_index = q->conn_queries++;
	q->carried = true;
	q->cur->sends++;
	if (q->produced)
		app_session_client_send(q->s, q->produced, now);
	app_session_owe(q->s, q->produced, now);
	if (q->cur->speech_end >= 0)
		app_session_owe(q->s, q->response, now);
}

static void begin_request(struct siri *q, sim_time_t now);

static void finish(struct siri *q, siri_status st, sim_time_t now)
{
	q->cur->status = st;
	q->cur->done = st == SIRI_OK ? now : -1;
	q->cur->iface = st == SIRI_OK ? app_session_client_iface(q->s) : NULL;
	q->cur = NULL;
	q->carried = false;
	sim_cancel(q->sim, &q->deadline_ev);
	app_session_settle(q->s, now);
	if (q->next_due) {
		q->next_due = false;
		begin_request(q, now);
	}
}

static void on_chunk(void *ctx, sim_time_t now)
{
	struct siri *q = ctx;
	uint64_t size = q->chunk_min + (uint64_t)gsl_rng_uniform_int(q->rng, (unsigned long)(q->chunk_max - q->chunk_min + 1));
	if (size > q->query - q->produced)
		size = q->query - q->produced;
	q->produced += size;
	if (q->carried)
		app_session_client_send(q->s, size, now);
	app_session_owe(q->s, size, now); /* spoken: owed to the server, sent or not */
	if (q->produced < q->query) {
		sim_schedule(q->sim, &q->chunk_ev, now + q->chunk_interval);
		return;
	}
	q->cur->speech_end = now;
	app_session_owe(q->s, q->response, now);
	sim_schedule(q->sim, &q->deadline_ev, now + q->deadline);
}

static void on_deadline(void *ctx, sim_time_t now)
{
	struct siri *q = ctx;
	if (q->cur)
		finish(q, SIRI_FAILED, now);
}

static void begin_request(struct siri *q, sim_time_t now)
{
	if (q->count > 0 && (int64_t)q->reqs->len >= q->count)
		return;
	struct siri_req r = { .start = now, .speech_end = -1, .done = -1, .status = SIRI_PENDING };
	g_array_append_val(q->reqs, r);
	q->cur = &g_array_index(q->reqs, struct siri_req, q->reqs->len - 1);
	q->produced = 0;
	q->carried = false;
	if (app_session_request_begins(q->s, now))
		carry(q, now);
	sim_schedule(q->sim, &q->period_ev, now + q->period);
	on_chunk(q, now);
}

static void on_period(void *ctx, sim_time_t now)
{
	struct siri *q = ctx;
	if (q->cur)
		q->next_due = true;
	else
		begin_request(q, now);
}

static void client_up(void *ctx, sim_time_t now)
{
	struct siri *q = ctx;
	q->conn_rx = 0;
	q->conn_queries = 0;
	q->carried = false;
	if (!q->cur) {
		if (q->reqs->len == 0)
			begin_request(q, now); /* the first query starts once connected */
		return;
	}
	carry(q, now);
}

static void client_data(void *ctx, uint64_t bytes, sim_time_t now)
{
	struct siri *q = ctx;
	q->conn_rx += bytes;
	if (q->cur && q->carried && q->cur->speech_end >= 0 && q->conn_rx >= (q->conn_index + 1) * q->response)
		finish(q, SIRI_OK, now);
}

static void server_data(void *ctx, xport_conn *c, uint64_t bytes, sim_time_t now)
{
	struct siri *q = ctx;
	void **user = app_session_server_user(c);
	if (!*user)
		*user = g_new0(struct siri_server_conn, 1);
	struct siri_server_conn *sc = *user;
	sc->rx += bytes;
	while (sc->answered < sc->rx / q->query) {
		sc->answered++;
		app_session_server_send(q->s, c, q->response, now);
	}
}

static const app_session_callbacks siri_callbacks = {
	.client_up = client_up,
	.client_data = client_data,
	.server_data = server_data,
};

static void siri_destroy(void *state);

static void *siri_create(world *w, const char *name, const scn_values *v, GError **error)
{
	struct siri *q = g_new0(struct siri, 1);
	q->sim = w->sim;
	q->name = g_strdup(name);
	q->query = (uint64_t)scn_values_int(v, "query");
	q->chunk_min = (uint64_t)scn_values_int(v, "chunk_min");
	q->chunk_max = (uint64_t)scn_values_int(v, "chunk_max");
	q->response = (uint64_t)scn_values_int(v, "response");
	q->chunk_interval = scn_values_time(v, "chunk_interval");
	q->period = scn_values_time(v, "period");
	q->deadline = scn_values_time(v, "deadline");
	q->count = scn_values_int(v, "count");
	q->reqs = g_array_new(FALSE, FALSE, sizeof(struct siri_req));
	sim_event_init(&q->chunk_ev, on_chunk, q);
	sim_event_init(&q->period_ev, on_period, q);
	sim_event_init(&q->deadline_ev, on_deadline, q);
	if (q->chunk_max < q->chunk_min) {
		char *where = scn_values_where(v, "chunk_max");
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: expected at least chunk_min (%s), got %s", where,
			    scn_values_text(v, "chunk_min"), scn_values_text(v, "chunk_max"));
		g_free(where);
		siri_destroy(q);
		return NULL;
	}
	char *stream = g_strdup_printf("workload.%s.chunks", name);
	q->rng = sim_rng(w->sim, stream);
	g_free(stream);
	q->s = app_session_new(w, name, v, 0, &siri_callbacks, q, error);
	if (!q->s) {
		siri_destroy(q);
		return NULL;
	}
	char *prefix = g_strdup_printf("siri_%s", name);
	q->table = sim_table_new(w->sim, prefix,
				 "seq:int,start_ns:int,speech_end_ns:int,done_ns:int,response_time_ns:int,sends:int,iface:string,"
				 "status:string");
	g_free(prefix);
	return q;
}

static void siri_report(void *state, report_section *out)
{
	struct siri *q = state;
	GArray *lat = g_array_new(FALSE, FALSE, sizeof(int64_t));
	int64_t ok = 0, failed = 0;
	for (guint i = 0; i < q->reqs->len; i++) {
		const struct siri_req *r = &g_array_index(q->reqs, struct siri_req, i);
		int64_t t = r->status == SIRI_OK ? r->done - r->speech_end : -1;
		if (r->status == SIRI_OK) {
			g_array_append_val(lat, t);
			ok++;
		} else if (r->status == SIRI_FAILED) {
			failed++;
		}
		report_cell row[8] = { { .i = i }, { .i = r->start }, { .i = r->speech_end }, { .i = r->done }, { .i = t },
				       { .i = r->sends }, { .s = r->iface ? r->iface : "" }, { .s = status_name(r->status) } };
		report_table_add_row(q->table, row);
	}
	report_set_int(out, "requests", q->reqs->len);
	report_set_int(out, "ok", ok);
	report_set_int(out, "failed", failed);
	workload_report_latency(out, "response", lat);
	g_array_free(lat, TRUE);
	app_session_report(q->s, out);
}

static void siri_destroy(void *state)
{
	struct siri *q = state;
	sim_cancel(q->sim, &q->chunk_ev);
	sim_cancel(q->sim, &q->period_ev);
	sim_cancel(q->sim, &q->deadline_ev);
	app_session_free(q->s);
	g_array_free(q->reqs, TRUE);
	g_free(q->name);
	g_free(q);
}

const workload_ops workload_siri = {
	.name = "siri",
	.summary = "voice queries streamed while the user speaks, then an answer: response time, failures, handover gap",
	.keys = siri_keys,
	.create = siri_create,
	.report = siri_report,
	.destroy = siri_destroy,
};
