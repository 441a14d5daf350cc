/* recv.c — the receiving side: mappings, DSS checksums, data-level reassembly, DATA_FIN and the
 * receive window shared by the subflows (RFC 8684 §3.3).
 *
 * A mapping (DSS, or MP_CAPABLE with data) says which data bytes a run of subflow bytes carries.
 * Mappings are registered as options arrive (options_in.c), before TCP looks at the payload. When
 * TCP accepts payload it asks what the bytes must be (payload_expect): we check them ourselves
 * against the data stream at their data sequence numbers and remember the ones that differ, so
 * integrity is judged at the data level whichever subflow carried the bytes. With checksums on,
 * each mapping's checksum is summed over its payload as it arrives, in pieces if it spans several
 * segments; a mapping whose checksum fails is never delivered (§3.7: MP_FAIL and fallback, or a
 * reset when other subflows exist). When TCP delivers subflow bytes in order, their mappings turn
 * them into data bytes, reassembled across subflows (an interval set, no buffers) and handed to the
 * application in order. */
#include "mptcp.h"

#include "mptcp_priv.h"
#include "options.h"

#include <string.h>

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static mptcp_rx_map *map_at(GArray *rx, guint i)
{
	return &g_array_index(rx, mptcp_rx_map, i);
}

/* Index of the first mapping ending above sf_off (mappings are sorted and disjoint). */
static guint rx_lower(GArray *rx, uint64_t sf_off)
{
	guint lo = 0, hi = rx->len;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		const mptcp_rx_map *m = map_at(rx, mid);
		if (m->sf_off + m->len <= sf_off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void map_fini(mptcp_rx_map *m)
{
	if (m->csum_seen) {
		tcp_rangeset_fini(m->csum_seen);
		g_free(m->csum_seen);
		m->csum_seen = NULL;
	}
}

void mptcp_rx_maps_free(GArray *rx)
{
	for (guint i = 0; i < rx->len; i++)
		map_fini(map_at(rx, i));
	g_array_free(rx, TRUE);
}

/* Where subflow byte `p` goes: its data offset and how many bytes from there map contiguously;
 * `idx` the mapping (-1 for the infinite one). */
static bool lookup(mptcp_subflow *sf, uint64_t p, uint64_t *data_off, uint64_t *run, int *idx)
{
	guint i = rx_lower(sf->rx, p);
	if (i < sf->rx->len) {
		const mptcp_rx_map *m = map_at(sf->rx, i);
		if (m->sf_off <= p) {
			*data_off = m->data_off + (p - m->sf_off);
			*run = m->len - (p - m->sf_off);
			*idx = (int)i;
			return true;
		}
	}
	if (sf->rx_infinite && p >= sf->rx_inf_sf_off) {
		*data_off = sf->rx_inf_data_off + (p - sf->rx_inf_sf_off);
		*run = i < sf->rx->len ? map_at(sf->rx, i)->sf_off - p : UINT64_MAX;
		*idx = -1;
		return true;
	}
	return false;
}

/* The first mapped byte at or after `p`, at most `end`. */
static uint64_t next_mapped(mptcp_subflow *sf, uint64_t p, uint64_t end)
{
	guint i = rx_lower(sf->rx, p);
	uint64_t next = end;
	if (i < sf->rx->len && map_at(sf->rx, i)->sf_off < next)
		next = map_at(sf->rx, i)->sf_off;
	if (sf->rx_infinite && sf->rx_inf_sf_off > p && sf->rx_inf_sf_off < next)
		next = sf->rx_inf_sf_off;
	return next;
}

void mptcp_recv_infinite(mptcp_subflow *sf, uint64_t sf_off, uint64_t data_off)
{
	sf->rx_infinite = true;
	sf->rx_inf_sf_off = sf_off;
	sf->rx_inf_data_off = data_off;
}

void mptcp_recv_continue_infinite(mptcp_subflow *sf)
{
	mptcp_recv_infinite(sf, sf->rx_last_sf_end, sf->rx_last_data_end);
}

/* ---- data level ---- */

static uint64_t ooo_bytes(const mptcp_conn *c)
{
	return tcp_rangeset_bytes(&c->ooo);
}

uint64_t mptcp_recv_free(const mptcp_conn *c)
{
	uint64_t used = (c->rcv_nxt - c->rcv_read) + ooo_bytes(c);
	return c->cfg.rcvbuf_bytes > used ? c->cfg.rcvbuf_bytes - used : 0;
}

uint64_t mptcp_recv_space(void *ctx, tcp_conn *tc)
{
	(void)tc;
	mptcp_subflow *sf = ctx;
	/* RFC 8684 §3.3.4: one window for the connection, whatever subflow advertises it */
	return mptcp_recv_free(sf->conn);
}

uint32_t mptcp_mss_reserve(void *ctx, tcp_conn *tc)
{
	(void)tc;
	const mptcp_subflow *sf = ctx;
	const mptcp_conn *c = sf->conn;
	if (c->fallback)
		return 0;
	/* The DSS a data segment carries (options_out.c): a Data ACK, 8 bytes when the peer may use
	 * 64-bit DSNs, and a mapping with the configured DSN width and, with checksums, its checksum. */
	uint8_t flags = MPTCP_DSS_HAS_ACK | MPTCP_DSS_ACK64 | MPTCP_DSS_HAS_MAP |
			(c->cfg.dsn_bytes == 8 ? MPTCP_DSS_DSN64 : 0);
	return mptcp_dss_len(flags, c->csum);
}

void mptcp_recv_window_update(mptcp_conn *c, uint64_t free_before, sim_time_t now)
{
	(void)now;
	uint64_t after = mptcp_recv_free(c);
	/* as TCP after a read (tcp_recv.c): announce a window that at least doubled, by a segment */
	if (after >= 2 * free_before && after >= free_before + 1460 && !c->rcv_fin)
		c->ack_pending = true;
}

static void fin_reached(mptcp_conn *c)
{
	c->rcv_fin = true;
	c->ev |= MPTCP_EV_PEER_FIN;
	/* acknowledge the DATA_FIN at once */
	if (!c->fallback)
		c->ack_pending = true;
}

void mptcp_recv_data_fin(mptcp_conn *c, uint64_t fin_off, sim_time_t now)
{
	(void)now;
	if (c->rcv_fin || fin_off < c->rcv_nxt)
		return;
	c->rcv_fin_known = true;
	c->rcv_fin_off = fin_off;
	if (c->rcv_nxt == fin_off)
		fin_reached(c);
}

static void deliver_app(mptcp_conn *c, uint64_t from, uint64_t to, sim_time_t now)
{
	bool intact = tcp_rangeset_empty(&c->corrupt) || tcp_rangeset_covered(&c->corrupt, from, to) == 0;
	if (!tcp_rangeset_empty(&c->corrupt))
		tcp_rangeset_trim_below(&c->corrupt, to);
	if (!(c->ev & MPTCP_EV_DATA)) {
		c->ev |= MPTCP_EV_DATA;
		c->ev_data_off = from;
		c->ev_data_len = 0;
		c->ev_data_intact = true;
	}
	c->ev_data_len += to - from;
	c->ev_data_intact = c->ev_data_intact && intact;
	if (c->cfg.auto_read)
		c->rcv_read = to;
	proto_env_trace(&c->st->env, now, c->id, 0, TRACE_DATA_SEQ, (int64_t)to);
}

typedef struct fresh_ctx {
	mptcp_conn *c;
	bool intact;
} fresh_ctx;

static void fresh_data(void *ctx, uint64_t start, uint64_t end)
{
	fresh_ctx *f = ctx;
	/* the first copy of a byte is the one delivered: only its check counts */
	if (!f->intact)
		tcp_rangeset_add(&f->c->corrupt, start, end, NULL, NULL);
}

void mptcp_recv_data(mptcp_conn *c, uint64_t data_off, uint64_t len, bool intact, sim_time_t now)
{
	uint64_t end = data_off + len;
	if (c->rcv_fin || end <= c->rcv_nxt) {
		MIB_INC(c, MPTCP_MIB_DUPDATA);
		return;
	}
	uint64_t lo = data_off > c->rcv_nxt ? data_off : c->rcv_nxt;
	if (end > c->rcv_nxt + c->cfg.rcvbuf_bytes)
		MIB_INC(c, MPTCP_MIB_NODSSWINDOW);
	bool tail = tcp_rangeset_empty(&c->ooo) || lo >= c->ooo.v[c->ooo.n - 1].end;
	fresh_ctx f = { .c = c, .intact = intact };
	tcp_rangeset_add(&c->ooo, lo, end, fresh_data, &f);
	if (lo > c->rcv_nxt) {
		MIB_INC(c, tail ? MPTCP_MIB_OFOQUEUETAIL : MPTCP_MIB_OFOQUEUE);
		return;
	}
	uint64_t old = c->rcv_nxt;
	c->rcv_nxt = c->ooo.v[0].end;
	tcp_rangeset_trim_below(&c->ooo, c->rcv_nxt);
	if (c->rcv_fin_known && c->rcv_nxt > c->rcv_fin_off)
		c->rcv_nxt = c->rcv_fin_off; /* nothing exists beyond the DATA_FIN */
	deliver_app(c, old, c->rcv_nxt, now);
	if (c->rcv_fin_known && c->rcv_nxt == c->rcv_fin_off)
		fin_reached(c);
}

/* ---- subflow bytes to data bytes ---- */

static void deliver_piece(mptcp_subflow *sf, uint64_t sf_off, uint64_t data_off, uint64_t n, sim_time_t now)
{
	mptcp_conn *c = sf->conn;
	bool intact = tcp_rangeset_empty(&sf->rx_corrupt) || tcp_rangeset_covered(&sf->rx_corrupt, sf_off, sf_off + n) == 0;
	/* bytes accepted before their mapping was known are checked now */
	for (guint i = 0; i < sf->rx_pieces->len; i++) {
		const mptcp_rx_piece *p = &g_array_index(sf->rx_pieces, mptcp_rx_piece, i);
		uint64_t lo = p->sf_off > sf_off ? p->sf_off : sf_off;
		uint64_t hi = min64(p->sf_off + p->len, sf_off + n);
		if (hi <= lo)
			continue;
		size_t m = payload_first_mismatch(p->fill, p->stream, p->offset + (lo - p->sf_off), c->rcv_stream,
						  data_off + (lo - sf_off), (size_t)(hi - lo));
		intact = intact && m == hi - lo;
	}
	sf->bytes_received += n;
	mptcp_recv_data(c, data_off, n, intact, now);
}

void mptcp_recv_deliver(mptcp_subflow *sf, uint64_t sf_off, uint64_t len, bool tcp_intact, sim_time_t now)
{
	(void)tcp_intact; /* we checked at the data level (payload_expect) */
	uint64_t end = sf_off + len, p = sf_off;
	while (p < end) {
		uint64_t d, run;
		int idx;
		if (!lookup(sf, p, &d, &run, &idx)) {
			/* no mapping: not data (mptcp_recv_check_mapped reset or fell back already) */
			p = next_mapped(sf, p, end);
			continue;
		}
		uint64_t n = min64(run, end - p);
		uint8_t state = idx >= 0 ? map_at(sf->rx, (guint)idx)->csum_state : MPTCP_CSUM_NONE;
		/* a failed mapping is discarded (RFC 8684 §3.7); a pending one goes when its sum is done */
		if (state != MPTCP_CSUM_BAD && state != MPTCP_CSUM_PENDING)
			deliver_piece(sf, p, d, n, now);
		p += n;
	}
	sf->rx_delivered = end;
	guint drop = 0;
	while (drop < sf->rx->len && map_at(sf->rx, drop)->sf_off + map_at(sf->rx, drop)->len <= end)
		map_fini(map_at(sf->rx, drop++));
	if (drop)
		g_array_remove_range(sf->rx, 0, drop);
	if (!tcp_rangeset_empty(&sf->rx_corrupt))
		tcp_rangeset_trim_below(&sf->rx_corrupt, end);
	for (guint i = 0; i < sf->rx_pieces->len;) {
		const mptcp_rx_piece *pc = &g_array_index(sf->rx_pieces, mptcp_rx_piece, i);
		if (pc->sf_off + pc->len <= end)
			g_array_remove_index(sf->rx_pieces, i);
		else
			i++;
	}
}

bool mptcp_recv_payload_expect(void *ctx, tcp_conn *tc, uint64_t offset, uint32_t len, uint64_t *stream,
			       uint64_t *stream_offset)
{
	(void)tc;
	(void)stream;
	(void)stream_offset;
	mptcp_subflow *sf = ctx;
	const segment *seg = sf->rx_seg;
	if (!seg || offset < sf->rx_seg_off)
		return false;
	mptcp_conn *c = sf->conn;
	uint64_t p = offset, end = offset + len;
	while (p < end) {
		uint64_t d, run;
		int idx;
		uint64_t in_seg = seg->payload_offset + (p - sf->rx_seg_off);
		if (lookup(sf, p, &d, &run, &idx)) {
			uint64_t n = min64(run, end - p);
			size_t m = payload_first_mismatch(seg->payload_fill, seg->payload_stream, in_seg, c->rcv_stream, d,
							  (size_t)n);
			if (m < n) /* from the first wrong byte on: the check finds only the first */
				tcp_rangeset_add(&sf->rx_corrupt, p + m, p + n, NULL, NULL);
			p += n;
		} else {
			uint64_t next = next_mapped(sf, p, end);
			mptcp_rx_piece pc = { .sf_off = p, .len = next - p, .fill = seg->payload_fill,
					      .stream = seg->payload_stream, .offset = in_seg };
			g_array_append_val(sf->rx_pieces, pc);
			p = next;
		}
	}
	/* TCP's own check is skipped: the data level is the one that counts */
	return false;
}

/* ---- mappings and checksums ---- */

static bool csum_done(mptcp_subflow *sf, guint idx, bool ok, sim_time_t now)
{
	mptcp_conn *c = sf->conn;
	mptcp_rx_map *m = map_at(sf->rx, idx);
	map_fini(m);
	if (ok) {
		m->csum_state = MPTCP_CSUM_OK;
		/* what TCP delivered of it while the sum was pending */
		uint64_t end = min64(m->sf_off + m->len, sf->rx_delivered);
		if (end > m->sf_off) {
			uint64_t sf_off = m->sf_off, data_off = m->data_off;
			deliver_piece(sf, sf_off, data_off, end - sf_off, now);
		}
		return true;
	}
	/* RFC 8684 §3.7: the data is discarded and the sender told with MP_FAIL */
	m->csum_state = MPTCP_CSUM_BAD;
	MIB_INC(c, MPTCP_MIB_DATACSUMERR);
	sf->send_mp_fail = true;
	sf->mp_fail_dsn = m->dsn;
	if (c->allow_infinite_fallback && mptcp_conn_open_subflows(c) == 1) {
		/* one subflow: wait for the sender's infinite mapping and carry on as TCP */
		sf->mp_fail_awaiting = true;
		return true;
	}
	/* other subflows exist: this one is reset, MP_FAIL on the RST */
	mptcp_subflow_reset(sf, MPTCP_RST_EMIDDLEBOX, now);
	return false;
}

typedef struct csum_ctx {
	mptcp_rx_map *m;
	const segment *seg;
	uint64_t seg_off;
} csum_ctx;

static void csum_fresh(void *ctx, uint64_t start, uint64_t end)
{
	csum_ctx *x = ctx;
	mptcp_rx_map *m = x->m;
	m->csum_sum = mptcp_dss_csum_add(m->csum_sum, x->seg->payload_fill, x->seg->payload_stream,
					 x->seg->payload_offset + (start - x->seg_off), end - start, start - m->sf_off);
	m->csum_bytes += end - start;
}

static bool csum_piece(mptcp_subflow *sf, guint idx, const segment *seg, uint64_t seg_off, sim_time_t now)
{
	mptcp_rx_map *m = map_at(sf->rx, idx);
	if (m->csum_state != MPTCP_CSUM_PENDING)
		return true;
	uint64_t lo = m->sf_off > seg_off ? m->sf_off : seg_off;
	uint64_t hi = min64(m->sf_off + m->len, seg_off + seg->payload_len);
	if (hi <= lo)
		return true;
	if (!m->csum_seen && lo == m->sf_off && hi == m->sf_off + m->len) {
		/* the whole mapping in one segment, the usual case */
		uint16_t got = mptcp_dss_csum(m->dsn, m->ssn, m->data_len, seg->payload_fill, seg->payload_stream,
					      seg->payload_offset + (lo - seg_off), m->len);
		return csum_done(sf, idx, got == m->csum, now);
	}
	if (!m->csum_seen) {
		m->csum_seen = g_new0(tcp_rangeset, 1);
		tcp_rangeset_init(m->csum_seen);
		m->csum_sum = mptcp_dss_csum_start(m->dsn, m->ssn, m->data_len);
	}
	csum_ctx x = { .m = m, .seg = seg, .seg_off = seg_off };
	tcp_rangeset_add(m->csum_seen, lo, hi, csum_fresh, &x);
	if (m->csum_bytes < m->len)
		return true;
	return csum_done(sf, idx, mptcp_dss_csum_finish(m->csum_sum) == m->csum, now);
}

bool mptcp_recv_mapping(mptcp_subflow *sf, const mptcp_rx_map *nm, bool fin, const segment *seg, uint64_t seg_off,
			sim_time_t now)
{
	mptcp_conn *c = sf->conn;
	if (fin)
		mptcp_recv_data_fin(c, nm->data_off + nm->len, now);
	if (nm->len == 0 || nm->sf_off + nm->len <= sf->rx_delivered)
		return true;
	if (seg->payload_len && (seg_off < nm->sf_off || seg_off >= nm->sf_off + nm->len)) {
		/* the mapping does not cover its own segment (Linux DSSNoMatchTCP): ignored */
		MIB_INC(c, MPTCP_MIB_DSSTCPMISMATCH);
		return true;
	}
	guint i = rx_lower(sf->rx, nm->sf_off);
	if (i < sf->rx->len && map_at(sf->rx, i)->sf_off < nm->sf_off + nm->len) {
		const mptcp_rx_map *ex = map_at(sf->rx, i);
		if (ex->sf_off != nm->sf_off || ex->len != nm->len || ex->data_off != nm->data_off) {
			/* RFC 8684 §3.3.1: a mapping may not change; the new one is ignored */
			MIB_INC(c, MPTCP_MIB_DSSNOMATCH);
			return true;
		}
	} else {
		mptcp_rx_map m = *nm;
		m.csum_state = c->csum ? MPTCP_CSUM_PENDING : MPTCP_CSUM_NONE;
		m.csum_sum = 0;
		m.csum_bytes = 0;
		m.csum_seen = NULL;
		g_array_insert_val(sf->rx, i, m);
		if (nm->sf_off + nm->len > sf->rx_last_sf_end) {
			sf->rx_last_sf_end = nm->sf_off + nm->len;
			sf->rx_last_data_end = nm->data_off + nm->len;
		}
	}
	if (c->csum && seg->payload_len)
		return csum_piece(sf, i, seg, seg_off, now);
	return true;
}

/* Is every byte of [lo, hi) mapped? */
static bool covered(mptcp_subflow *sf, uint64_t lo, uint64_t hi)
{
	uint64_t p = lo;
	while (p < hi) {
		uint64_t d, run;
		int idx;
		if (!lookup(sf, p, &d, &run, &idx))
			return false;
		if (run >= hi - p)
			return true;
		p += run;
	}
	return true;
}

bool mptcp_recv_check_mapped(mptcp_subflow *sf, const segment *seg, uint64_t seg_off, sim_time_t now)
{
	mptcp_conn *c = sf->conn;
	uint64_t end = seg_off + seg->payload_len;
	uint64_t lo = seg_off > sf->rx_delivered ? seg_off : sf->rx_delivered;
	if (end <= sf->rx_delivered || covered(sf, lo, end) || sf->mp_fail_awaiting)
		return true;
	if (c->fallback) {
		if (!sf->rx_infinite)
			mptcp_recv_continue_infinite(sf);
		return true;
	}
	if (c->allow_infinite_fallback && mptcp_conn_open_subflows(c) == 1) {
		/* RFC 8684 §3.7: data without a mapping (the first data without DSS: options stripped)
		 * on the only subflow: fall back to TCP */
		MIB_INC(c, MPTCP_MIB_DSSCORRUPTIONFALLBACK);
		mptcp_conn_do_fallback(c, now);
		return true;
	}
	MIB_INC(c, MPTCP_MIB_DSSCORRUPTIONRESET);
	mptcp_subflow_reset(sf, MPTCP_RST_EMPTCP, now);
	return false;
}
