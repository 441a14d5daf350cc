/* protocol_mptcp_transfer.c — end-to-end MPTCP transfers over the test wire (mptcpfake.h): 1 MB
 * over two subflows of different RTTs with losses (every byte in order and intact, both subflows
 * carrying data, each subflow its own congestion control), with 4- and 8-byte DSNs (across a 32-bit
 * wrap), with and without checksums; the shared receive window with a slow reader; a subflow opened
 * and closed through the API in the middle of a transfer (its data reinjected); the data-level
 * retransmission timer with request/response traffic over a subflow that blackholes; the fullmesh path
 * manager; scheduler selection by name; and determinism. */
#include "testutil.h"

#include "mptcp/crypto.h"
#include "mptcpfake.h"

#include <string.h>

#define MS SIM_MS(1)
#define MB (1024u * 1024u)

static net_addr client2(void)
{
	return net_addr_v4(10, 0, 0, 2);
}

/* The second client address is a longer path: 25 ms one way against 10. */
static sim_time_t two_paths(void *ctx, const segment *seg)
{
	(void)ctx;
	net_addr a2 = client2();
	return net_addr_equal(&seg->src, &a2) || net_addr_equal(&seg->dst, &a2) ? 25 * MS : 10 * MS;
}

/* Drop the first transmission of every n-th data segment in both directions, and (when
 * `every_ack`) every n-th pure ACK, on every path. */
typedef struct lossy {
	uint64_t every;
	uint64_t every_ack;
	uint64_t data_seen[2], acks_seen[2];
	uint64_t dropped;
	GHashTable *seen; /* (dir, seq) of data segments dropped once: never dropped again */
} lossy;

static mpnet_verdict lossy_fn(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)index;
	lossy *l = ctx;
	if (seg->flags & (TCP_FLAG_SYN | TCP_FLAG_RST))
		return MPNET_PASS;
	if (seg->payload_len) {
		if (l->every && ++l->data_seen[dir] % l->every == 0) {
			uint64_t key = ((uint64_t)dir << 63) ^ ((uint64_t)seg->sport << 32) ^ seg->seq;
			if (g_hash_table_contains(l->seen, &key))
				return MPNET_PASS;
			g_hash_table_add(l->seen, g_memdup2(&key, sizeof key));
			l->dropped++;
			return MPNET_DROP;
		}
	} else if (l->every_ack && ++l->acks_seen[dir] % l->every_ack == 0) {
		l->dropped++;
		return MPNET_DROP;
	}
	return MPNET_PASS;
}

static void lossy_init(lossy *l, uint64_t every, uint64_t every_ack)
{
	memset(l, 0, sizeof *l);
	l->every = every;
	l->every_ack = every_ack;
	l->seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
}

static void lossy_fini(lossy *l)
{
	g_hash_table_destroy(l->seen);
}

/* Two client addresses (the second a `subflow` endpoint), both paths at `rate_bps`. */
static void setup(mpnet *n, const mptcp_config *ccfg, const mptcp_config *scfg, const tcp_config *tcp, uint64_t rate_bps)
{
	mpnet_init(n, ccfg, scfg, tcp, 10 * MS);
	n->delay_fn = two_paths;
	n->rate_bps = rate_bps;
	net_addr a2 = client2();
	mpnet_add_route(n, 0, &a2);
	mptcp_stack_add_address(n->host[0].st, &a2, 0, MPTCP_PM_ADDR_FLAG_SUBFLOW, 0);
}

static void check_delivered(const mpapp *a, uint64_t bytes)
{
	CU_ASSERT_EQUAL(a->received, bytes);
	CU_ASSERT_FALSE(a->gap);
	CU_ASSERT_TRUE(a->all_intact);
}

static uint64_t subflow_sent(mptcp_conn *c, size_t i)
{
	mptcp_subflow_info si;
	return mptcp_conn_get_subflow(c, i, &si) ? si.bytes_sent : 0;
}

static uint64_t retransmits(mptcp_conn *c)
{
	uint64_t r = 0;
	for (size_t i = 0; i < mptcp_conn_subflow_count(c); i++) {
		mptcp_subflow_info si;
		mptcp_conn_get_subflow(c, i, &si);
		r += mptcp_conn_subflow_counter(c, si.id, TCP_CNT_RETRANSMITS);
	}
	return r;
}

/* 1 MB each way over two subflows with losses on both paths. */
static void transfer_1mb(const char *cc, bool csum, uint8_t dsn_bytes)
{
	mptcp_config cfg;
	mptcp_config_default(&cfg);
	cfg.checksum = csum;
	cfg.dsn_bytes = dsn_bytes;
	tcp_config tcp;
	tcp_config_default(&tcp);
	tcp.cc_name = cc;
	mpnet n;
	setup(&n, &cfg, &cfg, &tcp, 20000000);
	lossy l;
	lossy_init(&l, 37, 0);
	n.filter = lossy_fn;
	n.filter_ctx = &l;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, MB, true, 0);
	n.server.to_send = MB;
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(120));
	mptcp_conn *s = mpnet_server_conn(&n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT(l.dropped > 20);
	check_delivered(&n.server, MB);
	check_delivered(&n.client, MB);
	/* both subflows carried data in both directions */
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(c), 2);
	CU_ASSERT(subflow_sent(c, 0) > MB / 20);
	CU_ASSERT(subflow_sent(c, 1) > MB / 20);
	CU_ASSERT(subflow_sent(s, 0) > MB / 20);
	CU_ASSERT(subflow_sent(s, 1) > MB / 20);
	CU_ASSERT(retransmits(c) > 0);
	CU_ASSERT(retransmits(s) > 0);
	/* uncoupled: each subflow runs the congestion control it was configured with */
	mptcp_subflow_info si;
	mptcp_conn_get_subflow(c, 1, &si);
	CU_ASSERT_STRING_EQUAL(mptcp_conn_subflow_cc_name(c, si.id), cc);
	mptcp_info ci;
	mptcp_conn_get_info(c, &ci);
	CU_ASSERT_FALSE(ci.fallback);
	CU_ASSERT_EQUAL(ci.checksum, csum);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_DATACSUMERR), 0);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_DSSNOMATCH), 0);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	CU_ASSERT_EQUAL(n.server.reason, MPTCP_CLOSE_NORMAL);
	/* every mapping we sent has the configured DSN width (a lone DATA_FIN always has 64 bits) */
	const tcpfake *f = &n.host[0].fake;
	size_t maps = 0, wide = 0;
	for (size_t i = 0; i < tcpfake_count(f); i++) {
		const segment *sg = tcpfake_seg(f, i);
		mptcp_options o = mpseg_opts(sg, MPTCP_VERSION_1);
		if (!(o.suboptions & MPTCP_OPT_DSS) || !(o.dss_flags & MPTCP_DSS_HAS_MAP) || !sg->payload_len)
			continue;
		maps++;
		wide += (o.dss_flags & MPTCP_DSS_DSN64) != 0;
	}
	CU_ASSERT(maps > 500);
	CU_ASSERT_EQUAL(wide, dsn_bytes == 8 ? maps : 0);
	lossy_fini(&l);
	mpnet_fini(&n);
}

static void test_1mb_cubic(void)
{
	transfer_1mb("cubic", false, 8);
}

static void test_1mb_reno_checksums(void)
{
	transfer_1mb("reno", true, 8);
}

static void test_1mb_dsn32(void)
{
	transfer_1mb("cubic", false, 4);
}

static void test_1mb_dsn32_checksums(void)
{
	transfer_1mb("cubic", true, 4);
}

/* A key whose IDSN's low 32 bits are `before` below a wrap: 4-byte DSNs wrap mid-transfer. */
static uint64_t key_near_wrap(uint64_t before_min, uint64_t before_max)
{
	for (uint64_t k = 1;; k++) {
		uint64_t low = mptcp_crypto_idsn(MPTCP_VERSION_1, k) & 0xffffffffu;
		uint64_t left = 0x100000000u - low;
		if (left >= before_min && left <= before_max)
			return k;
	}
}

static void test_dsn32_wrap(void)
{
	mptcp_config cfg;
	mptcp_config_default(&cfg);
	cfg.dsn_bytes = 4;
	mpnet n;
	setup(&n, &cfg, &cfg, NULL, 20000000);
	lossy l;
	lossy_init(&l, 29, 0);
	n.filter = lossy_fn;
	n.filter_ctx = &l;
	/* the client's key puts the wrap of its 32-bit DSNs (and of the server's 32-bit DATA_ACKs) in
	 * the middle of the megabyte */
	n.host[0].script[0] = key_near_wrap(300000, 600000);
	n.host[0].n_script = 1;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, MB, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(120));
	mptcp_info ci;
	mptcp_conn_get_info(c, &ci);
	uint64_t low = ci.local_idsn & 0xffffffffu;
	CU_ASSERT(low + 1 + MB > 0x100000000u); /* the 32-bit DSNs did wrap */
	check_delivered(&n.server, MB);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 1, MPTCP_MIB_DSSNOMATCH), 0);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	lossy_fini(&l);
	mpnet_fini(&n);
}

/* Shared receive window: a small buffer read slowly by the application. */
static void test_shared_window_slow_reader(void)
{
	mptcp_config ccfg, scfg;
	mptcp_config_default(&ccfg);
	mptcp_config_default(&scfg);
	scfg.auto_read = false;
	scfg.rcvbuf_bytes = 64 * 1024;
	mpnet n;
	setup(&n, &ccfg, &scfg, NULL, 50000000);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 600000, true, 0);
	n.server.close_on_peer_fin = true;
	uint64_t read = 0, max_outstanding = 0;
	sim_time_t t = 0;
	while (t < SIM_S(60) && read < 600000) {
		t += 20 * MS;
		mpnet_run(&n, t);
		mptcp_info ci;
		mptcp_conn_get_info(c, &ci);
		if (ci.snd_nxt - ci.snd_una > max_outstanding)
			max_outstanding = ci.snd_nxt - ci.snd_una;
		mptcp_conn *s = mpnet_server_conn(&n);
		if (s)
			read += mptcp_conn_read(s, 16 * 1024, n.now);
	}
	mpnet_run(&n, SIM_S(90));
	CU_ASSERT_EQUAL(read, 600000);
	check_delivered(&n.server, 600000);
	/* RFC 8684 §3.3.4: what is sent and not DATA_ACKed stays within the one receive window */
	CU_ASSERT(max_outstanding <= 64 * 1024 + 1448);
	CU_ASSERT(max_outstanding >= 32 * 1024);
	CU_ASSERT_EQUAL(mptcp_conn_subflow_count(c), 2);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

/* Everything to or from the client's second address is lost from `at` on. */
typedef struct blackhole {
	sim_time_t at;
	mpnet *n;
	uint64_t dropped;
} blackhole;

static mpnet_verdict blackhole_fn(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)dir;
	(void)index;
	blackhole *b = ctx;
	net_addr a2 = client2();
	if (b->n->now >= b->at && (net_addr_equal(&seg->src, &a2) || net_addr_equal(&seg->dst, &a2))) {
		b->dropped++;
		return MPNET_DROP;
	}
	return MPNET_PASS;
}

static void test_stale_subflow(void)
{
	mpnet n;
	setup(&n, NULL, NULL, NULL, 10000000);
	blackhole b = { .at = SIM_MS(600), .n = &n };
	n.filter = blackhole_fn;
	n.filter_ctx = &b;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 6 * MB, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(30));
	CU_ASSERT(b.dropped > 0);
	/* Linux stale_loss_cnt: after 4 timeouts without progress the second subflow is stale, its
	 * data goes on the first, long before TCP would give up on it (6 MB: the data-level
	 * retransmission timer rescues what is stuck earlier, the transfer must outlast the 4 RTOs) */
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_SUBFLOWSTALE), 1);
	mptcp_info ci;
	mptcp_conn_get_info(c, &ci);
	CU_ASSERT(ci.bytes_reinjected > 0);
	check_delivered(&n.server, 6 * MB);
	CU_ASSERT_EQUAL(n.server.peer_fin, 1);
	mpnet_fini(&n);
}

/* Everything to or from the client's first address (the short path) is lost from `at` on. */
static mpnet_verdict blackhole_first_fn(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)dir;
	(void)index;
	blackhole *b = ctx;
	net_addr a1 = net_addr_v4(10, 0, 0, 1);
	if (b->n->now >= b->at && (net_addr_equal(&seg->src, &a1) || net_addr_equal(&seg->dst, &a1))) {
		b->dropped++;
		return MPNET_DROP;
	}
	return MPNET_PASS;
}

/* Request/response: the server answers 4000 bytes every 100 ms; minrtt puts them on the short
 * path, which silently blackholes at 2.05 s, so the answer of 2.1 s is lost there. The data-level
 * retransmission timer (Linux mptcp_retransmit_timer, RFC 8684 §3.3.6) sends it again on the idle
 * long path after about one connection-level RTO, long before the short path goes stale (4
 * backed-off RTOs, about 3 s). */
static void test_data_level_rto(void)
{
	mpnet n;
	setup(&n, NULL, NULL, NULL, 10000000);
	blackhole b = { .at = SIM_MS(2050), .n = &n };
	n.filter = blackhole_first_fn;
	n.filter_ctx = &b;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 100, false, 0); /* a request: the client is fully established, it joins */
	mpnet_run(&n, SIM_S(1));
	mptcp_conn *s = mpnet_server_conn(&n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL_FATAL(mptcp_conn_subflow_count(s), 2);
	enum { RESP = 4000, COUNT = 40 };
	sim_time_t sent_at[COUNT], worst = 0, worst_at = 0;
	int sent = 0, done = 0;
	uint64_t stale_when_done = 0;
	for (sim_time_t t = SIM_S(1); t <= SIM_S(8); t += SIM_MS(5)) {
		mpnet_run(&n, t);
		while (done < sent && n.client.received >= (uint64_t)(done + 1) * RESP) {
			sim_time_t lat = t - sent_at[done];
			if (lat > worst) {
				worst = lat;
				worst_at = sent_at[done];
				stale_when_done = mpnet_mib(&n, 1, MPTCP_MIB_SUBFLOWSTALE);
			}
			done++;
		}
		if (sent < COUNT && t >= SIM_S(1) + (sim_time_t)sent * SIM_MS(100)) {
			CU_ASSERT_EQUAL(mptcp_conn_send(s, RESP, t), RESP);
			sent_at[sent++] = t;
		}
	}
	CU_ASSERT(b.dropped > 0);
	CU_ASSERT_EQUAL(done, COUNT);
	check_delivered(&n.client, (uint64_t)COUNT * RESP);
	/* the worst answer is the one lost on the short path, delivered on the other within about a
	 * connection-level RTO (200 ms at least), before the short path is stale */
	CU_ASSERT_EQUAL(worst_at, SIM_MS(2100));
	CU_ASSERT(worst < SIM_MS(500));
	CU_ASSERT_EQUAL(stale_when_done, 0);
	CU_ASSERT(mpnet_mib(&n, 1, MPTCP_MIB_RETRANSSEGS) >= 1);
	mptcp_info si;
	mptcp_conn_get_info(s, &si);
	CU_ASSERT(si.bytes_reinjected >= RESP);
	mpnet_fini(&n);
}

/* Drop the server's pure ACKs while `armed` (set by the test), `left` of them. */
typedef struct ackdrop {
	bool armed;
	int left;
} ackdrop;

static mpnet_verdict ackdrop_fn(void *ctx, int dir, uint64_t index, segment *seg)
{
	(void)index;
	ackdrop *a = ctx;
	if (a->armed && a->left > 0 && dir == 1 && !seg->payload_len && seg->flags == TCP_FLAG_ACK) {
		a->left--;
		return MPNET_DROP;
	}
	return MPNET_PASS;
}

static void test_window_probe(void)
{
	mptcp_config scfg;
	mptcp_config_default(&scfg);
	scfg.auto_read = false;
	scfg.rcvbuf_bytes = 32 * 1024;
	mpnet n;
	mpnet_init(&n, NULL, &scfg, NULL, 10 * MS);
	ackdrop a = { .left = 4 };
	n.filter = ackdrop_fn;
	n.filter_ctx = &a;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 200000, true, 0);
	n.server.close_on_peer_fin = true;
	/* the reader sleeps: the window closes */
	mpnet_run(&n, SIM_S(1));
	mptcp_info ci;
	mptcp_conn_get_info(c, &ci);
	CU_ASSERT_EQUAL(ci.snd_una, 32 * 1024);
	/* one byte beyond the closed window, which TCP's persist timer then probes with */
	CU_ASSERT_EQUAL(ci.snd_nxt, ci.snd_una + 1);
	/* it reads everything, and the window updates are lost */
	a.armed = true;
	mptcp_conn *s = mpnet_server_conn(&n);
	uint64_t read = mptcp_conn_read(s, UINT64_MAX, n.now);
	for (sim_time_t t = n.now; t < SIM_S(60) && read < 200000; t += 50 * MS) {
		mpnet_run(&n, t);
		read += mptcp_conn_read(s, UINT64_MAX, n.now);
	}
	CU_ASSERT_EQUAL(a.left, 0);
	CU_ASSERT_EQUAL(read, 200000);
	check_delivered(&n.server, 200000);
	mpnet_run(&n, SIM_S(90));
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

static void test_api_open_close_subflow(void)
{
	mptcp_config cfg;
	mptcp_config_default(&cfg);
	mpnet n;
	mpnet_init(&n, &cfg, NULL, NULL, 10 * MS);
	n.delay_fn = two_paths;
	n.rate_bps = 10000000;
	net_addr a2 = client2();
	mpnet_add_route(&n, 0, &a2);
	/* an address the path manager does not use by itself (no flags) */
	mptcp_stack_add_address(n.host[0].st, &a2, 0, 0, 0);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 2 * MB, true, 0);
	n.server.close_on_peer_fin = true;
	/* not fully established yet: refused */
	GError *err = NULL;
	CU_ASSERT_EQUAL(mptcp_conn_open_subflow(c, &a2, &n.host[1].addrs[0], MPNET_PORT, false, 0, &err), 0);
	g_clear_error(&err);
	mpnet_run(&n, 200 * MS);
	CU_ASSERT_EQUAL(mptcp_conn_subflow_count(c), 1);
	uint32_t id = mptcp_conn_open_subflow(c, &a2, &n.host[1].addrs[0], MPNET_PORT, false, n.now, &err);
	CU_ASSERT_NOT_EQUAL(id, 0);
	CU_ASSERT_PTR_NULL(err);
	mpnet_run(&n, 800 * MS);
	mptcp_subflow_info si;
	CU_ASSERT_FATAL(mptcp_conn_get_subflow(c, 1, &si));
	CU_ASSERT_EQUAL(si.id, id);
	CU_ASSERT_TRUE(si.fully_established);
	CU_ASSERT_TRUE(net_addr_equal(&si.local, &a2));
	CU_ASSERT_EQUAL(si.local_id, 1);
	CU_ASSERT(si.bytes_sent > 0);
	/* closed with its data in flight: MP_TCPRST, and the data goes on the first subflow */
	CU_ASSERT_TRUE(mptcp_conn_close_subflow(c, id, n.now));
	CU_ASSERT_FALSE(mptcp_conn_close_subflow(c, id, n.now));
	mpnet_run(&n, SIM_S(60));
	mptcp_conn_get_subflow(c, 1, &si);
	CU_ASSERT_EQUAL(si.state, TCP_CLOSED);
	CU_ASSERT_EQUAL(si.reset_reason_sent, MPTCP_RST_EUNSPEC);
	mptcp_info ci;
	mptcp_conn_get_info(c, &ci);
	CU_ASSERT(ci.bytes_reinjected > 0);
	CU_ASSERT_EQUAL(ci.n_subflows, 0);
	check_delivered(&n.server, 2 * MB);
	CU_ASSERT_EQUAL(n.server.subflows_closed, 2);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	/* trace records: bytes per subflow, data-level progress, reinjections */
	CU_ASSERT(mpnet_trace_count(&n, 0, 1, TRACE_BYTES_SENT) > 0);
	CU_ASSERT_EQUAL(mpnet_trace_last(&n, 0, id, TRACE_BYTES_SENT, 0), (int64_t)si.bytes_sent);
	CU_ASSERT(mpnet_trace_count(&n, 0, 1, TRACE_REINJECT_BYTES) > 0);
	CU_ASSERT_EQUAL(mpnet_trace_last(&n, 0, 0, TRACE_BYTES_ACKED, 0), 2 * MB);
	CU_ASSERT_EQUAL(mpnet_trace_last(&n, 1, 0, TRACE_DATA_SEQ, 0), 2 * MB);
	mpnet_fini(&n);
}

static void test_fullmesh(void)
{
	mptcp_config ccfg, scfg;
	mptcp_config_default(&ccfg);
	mptcp_config_default(&scfg);
	ccfg.path_manager = "fullmesh";
	ccfg.subflows_max = 3;
	scfg.path_manager = "fullmesh";
	scfg.subflows_max = 3;
	mpnet n;
	mpnet_init(&n, &ccfg, &scfg, NULL, 10 * MS);
	n.rate_bps = 20000000;
	net_addr a2 = client2(), s2 = net_addr_v4(10, 0, 1, 2);
	mpnet_add_route(&n, 0, &a2);
	mpnet_add_route(&n, 1, &s2);
	mptcp_stack_add_address(n.host[0].st, &a2, 0, 0, 0);
	mptcp_stack_add_address(n.host[1].st, &s2, 0, 0, 0);
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, 3 * MB, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(60));
	/* two client addresses times two server addresses (one of them announced) */
	CU_ASSERT_EQUAL(mptcp_conn_subflow_count(c), 4);
	CU_ASSERT_EQUAL(n.client.subflows_established, 4);
	CU_ASSERT_EQUAL(mpnet_mib(&n, 0, MPTCP_MIB_ADDADDR), 1);
	for (size_t i = 0; i < 4; i++)
		CU_ASSERT(subflow_sent(c, i) > 0);
	check_delivered(&n.server, 3 * MB);
	CU_ASSERT_EQUAL(n.client.reason, MPTCP_CLOSE_NORMAL);
	mpnet_fini(&n);
}

static void test_scheduler_by_name(void)
{
	mpnet n;
	mpnet_init(&n, NULL, NULL, NULL, 10 * MS);
	mptcp_conn *c = mpnet_connect(&n);
	GError *err = NULL;
	CU_ASSERT_TRUE(mptcp_conn_set_scheduler(c, "minrtt", &err));
	CU_ASSERT_FALSE(mptcp_conn_set_scheduler(c, "blset", &err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	CU_ASSERT_PTR_NOT_NULL(strstr(err->message, "minrtt"));
	g_clear_error(&err);
	mptcp_info ci;
	mptcp_conn_get_info(c, &ci);
	CU_ASSERT_STRING_EQUAL(ci.scheduler, "minrtt");
	CU_ASSERT_STRING_EQUAL(ci.path_manager, "kernel");
	mpnet_fini(&n);
	/* an unknown name in the configuration is refused when the stack is made */
	mptcp_config cfg;
	mptcp_config_default(&cfg);
	cfg.path_manager = "fulmesh";
	tcp_config tcp;
	tcp_config_default(&tcp);
	tcpfake f;
	tcpfake_init(&f, 1);
	CU_ASSERT_PTR_NULL(mptcp_stack_new(&cfg, &tcp, &f.env, &err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(err);
	CU_ASSERT_PTR_NOT_NULL(strstr(err->message, "fullmesh"));
	g_clear_error(&err);
	tcpfake_fini(&f);
}

/* The same inputs give the same segments. */
static uint64_t run_digest(void)
{
	mpnet n;
	setup(&n, NULL, NULL, NULL, 20000000);
	lossy l;
	lossy_init(&l, 41, 53);
	n.filter = lossy_fn;
	n.filter_ctx = &l;
	mptcp_conn *c = mpnet_connect(&n);
	mpapp_bulk(&n.client, c, MB / 2, true, 0);
	n.server.close_on_peer_fin = true;
	mpnet_run(&n, SIM_S(60));
	check_delivered(&n.server, MB / 2);
	uint64_t h = 1469598103934665603u;
	for (int k = 0; k < 2; k++) {
		const tcpfake *f = &n.host[k].fake;
		for (size_t i = 0; i < tcpfake_count(f); i++) {
			const segment *s = tcpfake_seg(f, i);
			uint64_t v[5] = { (uint64_t)tcpfake_time(f, i), s->seq, s->ack, s->payload_len, s->opt_len };
			for (int j = 0; j < 5; j++)
				h = (h ^ v[j]) * 1099511628211u;
			for (uint8_t j = 0; j < s->opt_len; j++)
				h = (h ^ s->options[j]) * 1099511628211u;
		}
	}
	lossy_fini(&l);
	mpnet_fini(&n);
	return h;
}

static void test_deterministic(void)
{
	CU_ASSERT_EQUAL(run_digest(), run_digest());
}

static CU_TestInfo transfer_tests[] = {
	{ .pName = "1 MB both ways over two subflows with losses (CUBIC)", .pTestFunc = test_1mb_cubic },
	{ .pName = "1 MB with losses, Reno, checksums on", .pTestFunc = test_1mb_reno_checksums },
	{ .pName = "1 MB with losses, 4-byte DSNs", .pTestFunc = test_1mb_dsn32 },
	{ .pName = "1 MB with losses, 4-byte DSNs, checksums on", .pTestFunc = test_1mb_dsn32_checksums },
	{ .pName = "4-byte DSNs wrapping in the middle", .pTestFunc = test_dsn32_wrap },
	{ .pName = "shared receive window, slow reader", .pTestFunc = test_shared_window_slow_reader },
	{ .pName = "a black-holed subflow goes stale; its data is reinjected", .pTestFunc = test_stale_subflow },
	{ .pName = "data-level RTO: data on a blackholed subflow goes again on another", .pTestFunc = test_data_level_rto },
	{ .pName = "window probe after lost window updates", .pTestFunc = test_window_probe },
	{ .pName = "open and close a subflow through the API", .pTestFunc = test_api_open_close_subflow },
	{ .pName = "fullmesh: every pair of addresses", .pTestFunc = test_fullmesh },
	{ .pName = "scheduler and path manager by name", .pTestFunc = test_scheduler_by_name },
	{ .pName = "same inputs, same segments", .pTestFunc = test_deterministic },
	TEST_END_OF_TESTS,
};

static CU_SuiteInfo suites[] = {
	{ .pName = "mptcp transfers", .pTests = transfer_tests },
	SUITE_END,
};

int main(void)
{
	return testutil_run(suites);
}
