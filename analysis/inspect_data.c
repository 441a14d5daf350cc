/* inspect_data.c — `inspect` at the data level: DSS mappings, data sequence numbers, Data ACKs,
 * DATA_FIN, reinjections and DSS checksums (RFC 8684 §3.3, RFC 6824 §3.3).
 *
 *   - A 32-bit DSN or Data ACK is expanded next to the last one of its direction, which starts at
 *     IDSN + 1 of the end that sends the data (mptcp_expand_seq, Linux __mptcp_expand_seq).
 *   - A mapping ties subflow sequence numbers (relative to the subflow's ISN, the first data byte
 *     being 1) to DSNs. Per subflow direction an interval map remembers which subflow bytes were
 *     mapped where: a mapping repeated on later segments of the same bytes (Linux puts the mapping
 *     on every segment of it) is no new mapping; the same bytes mapped to another DSN is a conflict.
 *   - Per connection direction an interval map remembers which DSNs were mapped, on which subflow
 *     and at which subflow offset: DSNs mapped again elsewhere are a reinjection.
 *   - With checksums (§3.3.1) a mapping's checksum is summed over the payload of its segments as
 *     they arrive, in any order, each byte once, the pseudo-header carrying the 64-bit DSN; it is
 *     compared when every byte has been seen, and is "not captured" if some never were (snap
 *     length, or segments missing from the capture).
 *   - Data with no mapping, before any mapping was sent, is a fallback (§3.7); after, a problem. */
#include "inspect_priv.h"

#include <inttypes.h>
#include <string.h>

/* Mappings a subflow direction may have waiting for their bytes; beyond, the oldest is given up. */
#define AN_PENDING_MAX 64

static const char *dir_name(uint8_t side)
{
	return side == AN_SIDE_CLIENT ? "client -> server" : "server -> client";
}

/* True when a is after b in 64-bit serial-number order. */
static bool dsn_after(uint64_t a, uint64_t b)
{
	return (int64_t)(a - b) > 0;
}

void an_data_key_known(an_conn *c, uint8_t side)
{
	an_conndir *cd = &c->dir[side];
	uint64_t first = c->pub.end[side].idsn + 1;
	/* RFC 8684 §3.1: the first data byte is IDSN + 1; the IDSN itself is the SYN's. A base taken
	 * from a guess or an older hash (the version settled later) is replaced while unused. */
	if (!c->pub.data[side].mappings) {
		cd->have_base = true;
		cd->dsn_guessed = false;
		cd->last_dsn = first;
	}
	if (!c->pub.data[side].have_data_ack) {
		cd->have_ack_base = true;
		cd->last_ack = first;
	}
}

static uint64_t expand_dsn(an_conndir *cd, const mptcp_options *o)
{
	if (o->dss_flags & MPTCP_DSS_DSN64) {
		cd->have_base = true;
		cd->last_dsn = o->data_seq;
	} else if (!cd->have_base) {
		/* No IDSN and no 64-bit DSN yet: the upper 32 bits are unknown. */
		cd->have_base = true;
		cd->dsn_guessed = true;
		cd->last_dsn = o->data_seq;
	} else {
		cd->last_dsn = mptcp_expand_seq(cd->last_dsn, (uint32_t)o->data_seq);
	}
	return cd->last_dsn;
}

/* ---- DATA_FIN and Data ACK ---- */

static void data_fin(an_inspect *in, an_conn *c, uint8_t side, uint64_t dsn)
{
	an_inspect_data *dd = &c->pub.data[side];
	if (!dd->have_data_fin) {
		dd->have_data_fin = true;
		dd->data_fin_dsn = dsn;
		dd->data_fin_frame = in->frame;
		/* Already acknowledged (the ACK was captured first)? */
		if (dd->have_data_ack && dsn_after(dd->data_ack, dsn))
			dd->data_fin_ack_frame = dd->data_ack_frame;
	} else if (dd->data_fin_dsn != dsn) {
		/* RFC 8684 §3.3.3: DATA_FIN occupies one fixed DSN, the end of the data. */
		an_problem(in, c, in->frame, AN_PROB_DATA_FIN_CONFLICT,
			   "DATA_FIN %s at DSN 0x%016" PRIx64 ", but frame %" G_GUINT64_FORMAT " put it at 0x%016" PRIx64,
			   dir_name(side), dsn, dd->data_fin_frame, dd->data_fin_dsn);
	}
}

static void data_ack(an_inspect *in, an_conn *c, uint8_t sender, const mptcp_options *o)
{
	uint8_t side = (uint8_t)(1 - sender); /* whose data it acknowledges */
	an_conndir *cd = &c->dir[side];
	an_inspect_data *dd = &c->pub.data[side];
	uint64_t ack;
	if (o->dss_flags & MPTCP_DSS_ACK64)
		ack = o->data_ack;
	else if (cd->have_ack_base)
		ack = mptcp_expand_seq(cd->last_ack, (uint32_t)o->data_ack);
	else
		ack = o->data_ack; /* upper 32 bits unknown, as for the DSNs */
	cd->have_ack_base = true;
	cd->last_ack = ack;
	if (!dd->have_data_ack || dsn_after(ack, dd->data_ack)) {
		dd->have_data_ack = true;
		dd->data_ack = ack;
		dd->data_ack_frame = in->frame;
	}
	if (dd->have_data_fin && !dd->data_fin_ack_frame && dsn_after(ack, dd->data_fin_dsn))
		dd->data_fin_ack_frame = in->frame;
}

/* ---- checksums ---- */

static void csum_result(an_inspect *in, an_flow *f, int d, const an_csum_pending *p, uint16_t got)
{
	an_conn *c = f->conn;
	uint8_t side = an_flow_side(f, d);
	an_inspect_data *dd = &c->pub.data[side];
	if (got == p->csum) {
		dd->csum_ok++;
		return;
	}
	dd->csum_bad++;
	an_problem(in, c, p->frame, AN_PROB_DSS_CHECKSUM,
		   "DSS checksum 0x%04x of the mapping DSN 0x%016" PRIx64 " SSN %u length %u (subflow %u, %s) differs from "
		   "0x%04x, recomputed over the captured payload",
		   p->csum, p->dsn, p->ssn, p->data_len, f->pub.subflow, dir_name(side), got);
}

static void pending_free(an_csum_pending *p)
{
	g_array_free(p->done, TRUE);
	g_free(p);
}

/* Mark [a, b) (relative to the mapping) summed, merging with what is there. */
static void done_add(GArray *done, uint64_t a, uint64_t b)
{
	guint i = 0;
	while (i < done->len && g_array_index(done, an_inspect_range, i).end < a)
		i++;
	an_inspect_range r = { a, b };
	while (i < done->len && g_array_index(done, an_inspect_range, i).start <= b) {
		an_inspect_range *x = &g_array_index(done, an_inspect_range, i);
		r.start = MIN(r.start, x->start);
		r.end = MAX(r.end, x->end);
		g_array_remove_index(done, i);
	}
	g_array_insert_val(done, i, r);
}

/* Sum the bytes of [a, b) (relative to the mapping; `data` holds byte a) not summed before. */
static void pending_add(an_csum_pending *p, uint64_t a, uint64_t b, const uint8_t *data)
{
	uint64_t pos = a;
	for (guint i = 0; i < p->done->len && pos < b; i++) {
		const an_inspect_range *x = &g_array_index(p->done, an_inspect_range, i);
		if (x->end <= pos)
			continue;
		if (x->start >= b)
			break;
		if (x->start > pos) {
			p->sum = mptcp_dss_csum_add_bytes(p->sum, data + (pos - a), (size_t)(x->start - pos), pos);
			p->covered += (uint32_t)(x->start - pos);
		}
		pos = MAX(pos, x->end);
	}
	if (pos < b) {
		p->sum = mptcp_dss_csum_add_bytes(p->sum, data + (pos - a), (size_t)(b - pos), pos);
		p->covered += (uint32_t)(b - pos);
	}
	done_add(p->done, a, b);
}

static void pending_give_up(an_flow *f, int d, an_csum_pending *p)
{
	(void)p;
	f->conn->pub.data[an_flow_side(f, d)].csum_not_captured++;
}

static void pending_new(an_inspect *in, an_flow *f, int d, uint64_t dsn, uint32_t ssn, uint64_t ssn64,
			uint16_t data_len, uint32_t payload_len, uint16_t csum)
{
	an_flowdir *fd = &f->dir[d];
	an_csum_pending *p = g_new0(an_csum_pending, 1);
	*p = (an_csum_pending){ .frame = in->frame, .dsn = dsn, .ssn = ssn, .ssn64 = ssn64, .data_len = data_len,
				.payload_len = payload_len, .csum = csum,
				.sum = mptcp_dss_csum_start(dsn, ssn, data_len),
				.done = g_array_new(FALSE, FALSE, sizeof(an_inspect_range)) };
	g_ptr_array_add(fd->pending, p);
	if (fd->pending->len > AN_PENDING_MAX) {
		an_csum_pending *old = g_ptr_array_steal_index(fd->pending, 0);
		pending_give_up(f, d, old);
		pending_free(old);
	}
}

/* Feed a segment's payload, relative subflow sequence numbers [rel, rel + len), of which the
 * first `captured` bytes are in `payload`, to the pending checksums of its direction. */
static void pending_feed(an_inspect *in, an_flow *f, int d, uint64_t rel, uint32_t len, const uint8_t *payload,
			 uint32_t captured)
{
	GPtrArray *pend = f->dir[d].pending;
	for (guint i = 0; i < pend->len;) {
		an_csum_pending *p = g_ptr_array_index(pend, i);
		uint64_t a = MAX(rel, p->ssn64), b = MIN(rel + len, p->ssn64 + p->payload_len);
		if (a < b) {
			uint64_t cap_end = MIN(b, rel + captured);
			if (cap_end < b)
				p->missing = true;
			if (a < cap_end)
				pending_add(p, a - p->ssn64, cap_end - p->ssn64, payload + (a - rel));
		}
		if (p->covered == p->payload_len) {
			csum_result(in, f, d, p, mptcp_dss_csum_finish(p->sum));
			g_ptr_array_remove_index(pend, i);
			pending_free(p);
			continue;
		}
		i++;
	}
}

/* ---- mappings ---- */

typedef struct overlap_scan {
	uint32_t flow;
	uint64_t delta;
	uint64_t same;          /* bytes mapped before with the same flow and delta */
	bool conflict;
	an_range_val other;     /* the first piece that differs */
	uint64_t other_start;
	/* reinjection: the pieces that differ, merged */
	uint64_t r_start, r_end, r_bytes;
} overlap_scan;

static void scan_piece(void *ctx, uint64_t start, uint64_t end, const an_range_val *v)
{
	overlap_scan *sc = ctx;
	if (v->flow == sc->flow && v->delta == sc->delta) {
		sc->same += end - start;
		return;
	}
	if (!sc->conflict) {
		sc->conflict = true;
		sc->other = *v;
		sc->other_start = start;
		sc->r_start = start;
	}
	sc->r_end = end;
	sc->r_bytes += end - start;
}

typedef struct mapping {
	uint64_t dsn;
	bool exact;
	uint32_t ssn;
	uint16_t data_len;
	bool fin;
	bool has_csum;
	uint16_t csum;
} mapping;

static void check_csum_negotiated(an_inspect *in, an_conn *c, const mapping *m, uint8_t side)
{
	if (!c->pub.csum_known || m->has_csum == c->pub.csum_on)
		return;
	/* RFC 8684 §3.3: the checksum is present exactly when it was negotiated. */
	if (c->pub.csum_on)
		an_problem(in, c, in->frame, AN_PROB_DSS_CHECKSUM_MISSING,
			   "mapping DSN 0x%016" PRIx64 " (%s) has no checksum, though checksums were negotiated", m->dsn,
			   dir_name(side));
	else
		an_problem(in, c, in->frame, AN_PROB_DSS_CHECKSUM_UNEXPECTED,
			   "mapping DSN 0x%016" PRIx64 " (%s) has a checksum, though none were negotiated", m->dsn,
			   dir_name(side));
}

static void record_reinjection(an_conn *c, uint8_t side, const an_flow *f, const overlap_scan *sc, uint64_t frame)
{
	an_inspect_data *dd = &c->pub.data[side];
	dd->reinjection_count++;
	dd->reinjected_bytes += sc->r_bytes;
	if (dd->reinjections->len >= AN_INSPECT_LIST_MAX)
		return;
	an_inspect_reinjection r = { .frame = frame, .dsn_start = sc->r_start, .dsn_end = sc->r_end,
				     .flow = f->pub.id, .first_flow = sc->other.flow, .first_frame = sc->other.frame };
	g_array_append_val(dd->reinjections, r);
}

static void map(an_inspect *in, an_flow *f, int d, const mapping *m)
{
	an_conn *c = f->conn;
	uint8_t side = an_flow_side(f, d);
	an_conndir *cd = &c->dir[side];
	an_inspect_data *dd = &c->pub.data[side];
	an_flowdir *fd = &f->dir[d];
	uint32_t bytes = m->data_len - (m->fin ? 1u : 0u);
	if (m->fin)
		data_fin(in, c, side, m->dsn + m->data_len - 1);
	bool checkable = m->exact && fd->base_is_isn;
	if (!bytes) {
		check_csum_negotiated(in, c, m, side);
		/* RFC 8684 §3.3.3: a DATA_FIN alone has SSN 0 and length 1; its checksum covers the
		 * pseudo-header only. */
		if (m->has_csum) {
			if (!checkable)
				dd->csum_unverifiable++;
			else
				csum_result(in, f, d,
					    &(an_csum_pending){ .frame = in->frame, .dsn = m->dsn, .ssn = m->ssn,
								.data_len = m->data_len, .csum = m->csum },
					    mptcp_dss_csum_finish(mptcp_dss_csum_start(m->dsn, m->ssn, m->data_len)));
		}
		return;
	}
	uint64_t ssn64 = mptcp_expand_seq(fd->rel_last ? fd->rel_last : 1, m->ssn);
	uint64_t dsn_end = m->dsn + bytes < m->dsn ? UINT64_MAX : m->dsn + bytes;
	uint64_t delta = m->dsn - ssn64;

	/* The same subflow bytes mapped before: a repeat, or a conflict. */
	overlap_scan sc = { .flow = f->pub.id, .delta = delta };
	an_rangemap_overlaps(fd->ssn_map, ssn64, ssn64 + bytes, scan_piece, &sc);
	if (sc.conflict)
		an_problem(in, c, in->frame, AN_PROB_MAPPING_CONFLICT,
			   "subflow %u (%s) maps SSN %" G_GUINT64_FORMAT " to DSN 0x%016" PRIx64 ", but frame %" G_GUINT64_FORMAT
			   " mapped it to DSN 0x%016" PRIx64,
			   f->pub.subflow, dir_name(side), sc.other_start, sc.other_start + delta, sc.other.frame,
			   sc.other_start + sc.other.delta);
	if (sc.same == bytes)
		return; /* the mapping again, on another segment of it */
	check_csum_negotiated(in, c, m, side);

	dd->mappings++;
	dd->mapped_bytes += bytes - sc.same;
	an_range_val v = { .flow = f->pub.id, .delta = delta, .frame = in->frame };
	overlap_scan re = { .flow = f->pub.id, .delta = delta };
	an_rangemap_overlaps(cd->dsn_map, m->dsn, dsn_end, scan_piece, &re);
	if (re.conflict)
		record_reinjection(c, side, f, &re, in->frame);
	an_rangemap_fill(cd->dsn_map, m->dsn, dsn_end, &v);
	an_rangemap_fill(fd->ssn_map, ssn64, ssn64 + bytes, &v);
	if (!m->has_csum)
		return;
	if (!checkable)
		dd->csum_unverifiable++;
	else
		pending_new(in, f, d, m->dsn, m->ssn, ssn64, m->data_len, bytes, m->csum);
}

static void dss_mapping(an_inspect *in, an_flow *f, int d, const mptcp_options *o)
{
	an_conn *c = f->conn;
	uint8_t side = an_flow_side(f, d);
	an_conndir *cd = &c->dir[side];
	uint64_t dsn = expand_dsn(cd, o);
	if (o->data_len == 0) {
		/* RFC 8684 §3.7: Data-Level Length 0 is the infinite mapping: fallback. */
		if (!cd->infinite) {
			cd->infinite = true;
			an_inspect_event e = { .type = AN_EV_INFINITE_MAPPING, .frame = in->frame, .sender = side,
					       .flow = f->pub.id, .dsn = dsn };
			an_conn_event(c, &e);
			an_conn_fallback(c, in->frame, "infinite mapping");
		}
		return;
	}
	mapping m = { .dsn = dsn, .exact = !cd->dsn_guessed, .ssn = o->subflow_seq, .data_len = o->data_len,
		      .fin = (o->dss_flags & MPTCP_DSS_DATA_FIN) != 0, .has_csum = o->dss_has_csum, .csum = o->csum };
	map(in, f, d, &m);
}

/* RFC 8684 §3.1: v1's MP_CAPABLE on the first data maps it: DSN = IDSN + 1, SSN 1. */
static void capable_mapping(an_inspect *in, an_flow *f, int d, const mptcp_options *o)
{
	an_conn *c = f->conn;
	uint8_t side = an_flow_side(f, d);
	if (f->pub.kind != AN_FLOW_MP_CAPABLE || !c->pub.end[side].have_key || !o->mpc_data_len)
		return;
	mapping m = { .dsn = c->pub.end[side].idsn + 1, .exact = true, .ssn = 1, .data_len = o->mpc_data_len,
		      .has_csum = o->mpc_has_csum, .csum = o->mpc_csum };
	map(in, f, d, &m);
}

/* ---- per packet ---- */

static void unmapped(an_inspect *in, an_flow *f, int d, uint64_t rel, uint32_t len)
{
	an_conn *c = f->conn;
	uint8_t side = an_flow_side(f, d);
	an_inspect_data *dd = &c->pub.data[side];
	uint64_t missing = len - an_rangemap_covered(f->dir[d].ssn_map, rel, rel + len);
	if (!missing || c->dir[side].infinite)
		return;
	dd->unmapped_bytes += missing;
	if (c->pub.state == AN_CONN_FALLBACK)
		return;
	if (!dd->mappings) {
		/* RFC 8684 §3.7: data without a mapping before any mapping: the peer fell back. */
		an_conn_fallback(c, in->frame, "data without DSS mapping");
		return;
	}
	if (f->dir[d].unmapped_flagged)
		return; /* one problem per subflow direction; the bytes are counted */
	f->dir[d].unmapped_flagged = true;
	an_problem(in, c, in->frame, AN_PROB_UNMAPPED_DATA,
		   "%u payload bytes at SSN %" G_GUINT64_FORMAT " of subflow %u (%s) have no DSS mapping", (unsigned)missing,
		   rel, f->pub.subflow, dir_name(side));
}

void an_data_packet(an_inspect *in, an_flow *f, int d, const segment *s, const uint8_t *payload, uint32_t captured,
		    const mptcp_options *o)
{
	uint8_t side = an_flow_side(f, d);
	if ((o->suboptions & MPTCP_OPT_DSS) && (o->dss_flags & MPTCP_DSS_HAS_ACK))
		data_ack(in, f->conn, side, o);
	if ((o->suboptions & MPTCP_OPT_MPC_ACK) && o->mpc_has_data)
		capable_mapping(in, f, d, o);
	if ((o->suboptions & MPTCP_OPT_DSS) && (o->dss_flags & MPTCP_DSS_HAS_MAP))
		dss_mapping(in, f, d, o);
	an_flowdir *fd = &f->dir[d];
	if (!s->payload_len || !fd->base_is_isn || (s->flags & TCP_FLAG_SYN))
		return;
	uint64_t rel = mptcp_expand_seq(fd->rel_last, s->seq - fd->base);
	pending_feed(in, f, d, rel, s->payload_len, payload, captured);
	unmapped(in, f, d, rel, s->payload_len);
}

/* ---- the end ---- */

void an_data_finish_flow(an_inspect *in, an_flow *f)
{
	(void)in;
	for (int d = 0; d < 2; d++) {
		an_flowdir *fd = &f->dir[d];
		for (guint i = 0; i < fd->pending->len; i++) {
			an_csum_pending *p = g_ptr_array_index(fd->pending, i);
			pending_give_up(f, d, p);
			pending_free(p);
		}
		g_ptr_array_free(fd->pending, TRUE);
		fd->pending = NULL;
		an_rangemap_free(fd->ssn_map);
		fd->ssn_map = NULL;
	}
}

void an_data_finish_conn(an_conn *c)
{
	for (int side = 0; side < 2; side++) {
		an_inspect_data *dd = &c->pub.data[side];
		dd->ranges = an_rangemap_merged(c->dir[side].dsn_map);
		dd->dsn_exact = !c->dir[side].dsn_guessed;
		an_rangemap_free(c->dir[side].dsn_map);
		c->dir[side].dsn_map = NULL;
	}
}
