/* workload_streaming.c — a video-like stream: the server sends media at its bitrate, the client
 * plays it back after a start-up buffer and stalls when the buffer runs dry.
 *
 * The stream is `length` of media at `bitrate`. Once the client's `request` has arrived, the server
 * sends what it has ready: `ahead` of media at once, then more as real time passes (every
 * `chunk_interval`), like a live stream or a paced video server, until the whole stream is sent.
 * The client starts playing when `buffer` of media has arrived (or the whole stream), plays in real
 * time, stalls when it catches up with what has arrived, and resumes once `buffer` is there again.
 * After a failover (app_session.h) the client asks again from the first byte it lacks (the request
 * carries that position, as an HTTP Range header would: the model reads it from the client), so
 * bytes lost with the old connection are sent again. Summary: startup_ns, stalls, stall_time_ns,
 * played_ns, finished, and the session's metrics. */
#include "workload.h"

#include "app_session.h"

static const scn_key streaming_keys[] = {
	{ .name = "bitrate", .type = SCN_RATE, .default_value = "2Mbit", .min = 1000, .max = INT64_C(1000000000),
	  .doc = "media bitrate: playback consumes it in real time" },
	{ .name = "length", .type = SCN_TIME, .default_value = "30s", .min = 1, .doc = "media duration of the stream" },
	{ .name = "buffer", .type = SCN_TIME, .default_value = "2s", .min = 1000000,
	  .doc = "media the client buffers before it starts playing, and again after a stall" },
	{ .name = "ahead", .type = SCN_TIME, .default_value = "4s", .min = 0,
	  .doc = "media the server has ready ahead of real time when the stream is requested" },
	{ .name = "chunk_interval", .type = SCN_TIME, .default_value = "100ms", .min = 1000000,
	  .doc = "how often the server sends what real time has made ready" },
	{ .name = "request", .type = SCN_SIZE, .default_value = "300B", .min = 1, .doc = "bytes of the client's request" },
	APP_SESSION_KEYS,
	SCN_KEY_END,
};

typedef enum play_state { PLAY_BUFFERING, PLAY_PLAYING, PLAY_STALLED, PLAY_DONE } play_state;

struct streaming {
	sim *sim;
	app_session *s;
	int64_t bitrate;
	sim_time_t length, buffer, ahead, chunk_interval;
	uint64_t request, total_bytes;
	/* client */
	uint64_t rx;             /* stream bytes received, in order, over every connection */
	sim_time_t requested_at; /* first request written */
	play_state state;
	sim_time_t pos, since;   /* media position `pos` at wall time `since` (while playing) */
	sim_time_t startup, stall_start, stall_total, done_at;
	uint64_t stalls;
	sim_event underrun_ev;
	/* server */
	xport_conn *serving;     /* the connection the stream goes on */
	uint64_t base;           /* stream offset of its first byte */
	uint64_t written;        /* bytes written on it */
	uint64_t req_rx;         /* request bytes received on it */
	sim_time_t t0;           /* when the first request arrived */
	sim_event tick_ev;
};

/* Media time in `bytes` at the bitrate, in integer arithmetic. */
static sim_time_t media_ns(const struct streaming *m, uint64_t bytes)
{
	uint64_t bits = bytes * 8, rate = (uint64_t)m->bitrate;
	return (sim_time_t)(bits / rate * (uint64_t)SIM_NS_PER_S + bits % rate * (uint64_t)SIM_NS_PER_S / rate);
}

static uint64_t bytes_of(const struct streaming *m, sim_time_t media)
{
	uint64_t t = (uint64_t)media, rate = (uint64_t)m->bitrate, ns = (uint64_t)SIM_NS_PER_S;
	return (t / ns * rate + t % ns * rate / ns) / 8;
}

/* ---- client playback ---- */

static sim_time_t available(const struct streaming *m)
{
	if (m->rx >= m->total_bytes)
		return m->length; /* the last byte completes the media, whatever the rounding */
	sim_time_t a = media_ns(m, m->rx);
	return a < m->length ? a : m->length;
}

static void arm_underrun(struct streaming *m)
{
	sim_schedule(m->sim, &m->underrun_ev, m->since + (available(m) - m->pos));
}

static void maybe_play(struct streaming *m, sim_time_t now)
{
	sim_time_t avail = available(m);
	if (avail - m->pos < m->buffer && avail < m->length)
		return;
	if (m->state == PLAY_BUFFERING)
		m->startup = now - m->requested_at;
	else
		m->stall_total += now - m->stall_start;
	m->state = PLAY_PLAYING;
	m->since = now;
	arm_underrun(m);
}

static void on_underrun(void *ctx, sim_time_t now)
{
	struct streaming *m = ctx;
	m->pos = available(m);
	m->since = now;
	if (m->pos >= m->length) {
		m->state = PLAY_DONE;
		m->done_at = now;
		return;
	}
	m->state = PLAY_STALLED;
	m->stalls++;
	m->stall_start = now;
}

static void client_up(void *ctx, sim_time_t now)
{
	struct streaming *m = ctx;
	if (m->rx >= m->total_bytes)
		return;
	if (m->requested_at < 0)
		m->requested_at = now;
	app_session_client_send(m->s, m->request, now);
	app_session_owe(m->s, m->request, now);
}

static void client_data(void *ctx, uint64_t bytes, sim_time_t now)
{
	struct streaming *m = ctx;
	m->rx += bytes;
	if (m->state == PLAY_PLAYING) {
		/* The position moves on in real time; the underrun moves later. */
		m->pos += now - m->since;
		m->since = now;
		arm_underrun(m);
	} else if (m->state != PLAY_DONE) {
		maybe_play(m, now);
	}
}

/* ---- server ---- */

static void serve(struct streaming *m, sim_time_t now)
{
	if (!m->serving)
		return;
	uint64_t edge = bytes_of(m, m->ahead + (now - m->t0));
	if (edge > m->total_bytes)
		edge = m->total_bytes;
	if (edge > m->base + m->written) {
		uint64_t more = edge - m->base - m->written;
		m->written += more;
		app_session_server_send(m->s, m->serving, more, now);
		app_session_owe(m->s, more, now);
	}
	if (m->base + m->written < m->total_bytes)
		sim_schedule(m->sim, &m->tick_ev, now + m->chunk_interval);
}

static void on_tick(void *ctx, sim_time_t now)
{
	serve(ctx, now);
}

/* Each connection counts its request bytes; a new one replaces the old once its request is in. */
static void server_accept(void *ctx, xport_conn *c, sim_time_t now)
{
	(void)ctx;
	(void)now;
	*app_session_server_user(c) = g_new0(uint64_t, 1);
}

static void server_data(void *ctx, xport_conn *c, uint64_t bytes, sim_time_t now)
{
	struct streaming *m = ctx;
	uint64_t *rx = *app_session_server_user(c);
	uint64_t before = *rx;
	*rx += bytes;
	if (before >= m->request || *rx < m->request)
		return;
	if (m->t0 < 0)
		m->t0 = now;
	m->serving = c;
	m->base = m->rx; /* the request names the first byte the client lacks */
	m->written = 0;
	serve(m, now);
}

static const app_session_callbacks streaming_callbacks = {
	.client_up = client_up,
	.client_data = client_data,
	.server_data = server_data,
	.server_accept = server_accept,
};

static void streaming_destroy(void *state);

static void *streaming_create(world *w, const char *name, const scn_values *v, GError **error)
{
	struct streaming *m = g_new0(struct streaming, 1);
	m->sim = w->sim;
	m->bitrate = scn_values_int(v, "bitrate");
	m->length = scn_values_time(v, "length");
	m->buffer = scn_values_time(v, "buffer");
	m->ahead = scn_values_time(v, "ahead");
	m->chunk_interval = scn_values_time(v, "chunk_interval");
	m->request = (uint64_t)scn_values_int(v, "request");
	m->total_bytes = bytes_of(m, m->length);
	if (m->total_bytes == 0)
		m->total_bytes = 1;
	m->requested_at = m->startup = m->done_at = m->t0 = -1;
	m->state = PLAY_BUFFERING;
	sim_event_init(&m->underrun_ev, on_underrun, m);
	sim_event_init(&m->tick_ev, on_tick, m);
	m->s = app_session_new(w, name, v, 0, &streaming_callbacks, m, error);
	if (!m->s) {
		streaming_destroy(m);
		return NULL;
	}
	return m;
}

static void streaming_report(void *state, report_section *out)
{
	struct streaming *m = state;
	sim_time_t now = m->sim->now;
	sim_time_t stall = m->stall_total + (m->state == PLAY_STALLED ? now - m->stall_start : 0);
	sim_time_t played = m->pos + (m->state == PLAY_PLAYING ? now - m->since : 0);
	report_set_int(out, "stream_bytes", (int64_t)m->total_bytes);
	report_set_int(out, "received_bytes", (int64_t)m->rx);
	report_set_int(out, "startup_ns", m->startup);
	report_set_int(out, "stalls", (int64_t)m->stalls);
	report_set_int(out, "stall_time_ns", stall);
	report_set_int(out, "played_ns", played < m->length ? played : m->length);
	report_set_bool(out, "finished", m->state == PLAY_DONE);
	report_set_int(out, "finished_at_ns", m->done_at);
	app_session_report(m->s, out);
}

static void streaming_destroy(void *state)
{
	struct streaming *m = state;
	sim_cancel(m->sim, &m->underrun_ev);
	sim_cancel(m->sim, &m->tick_ev);
	app_session_free(m->s);
	g_free(m);
}

const workload_ops workload_streaming = {
	.name = "streaming",
	.summary = "video-like stream played after a start-up buffer: start-up time, stalls, stall time, handover gap",
	.keys = streaming_keys,
	.create = streaming_create,
	.report = streaming_report,
	.destroy = streaming_destroy,
};
