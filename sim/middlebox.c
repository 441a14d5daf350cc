/* middlebox.c — the middlebox registry, and the two middleboxes for MPTCP's fallback cases.
 *
 * strip-mptcp removes every MPTCP option (kind 30) from the segments `strip` selects, as a
 * firewall that drops unknown options does; the TCP header shrinks. RFC 8684 §3.1: a SYN/ACK
 * without MP_CAPABLE makes the connection plain TCP; a third ACK or data without options after an
 * MP_CAPABLE handshake make the peer fall back too (§3.7).
 * rewrite-payload changes the bytes of the selected data packets (an application-level gateway):
 * the packet's payload comes from another stream, a different pseudo-random pattern on the wire and in the
 * DSS checksum; TCP's own checksum is recomputed, as such boxes do. */
#include "middlebox.h"

#include "registry.h"

#include <string.h>

const char *const middlebox_strip_choices[] = { "syn", "synack", "all", NULL };

/* ---- strip-mptcp ---- */

enum { STRIP_SYN, STRIP_SYNACK, STRIP_ALL };

struct strip {
	int which;
	uint64_t segments_stripped;
	uint64_t options_removed;
};

static void *strip_create(const scn_values *v, GError **error)
{
	(void)error;
	struct strip *s = g_new0(struct strip, 1);
	const char *w = scn_values_string(v, "strip");
	s->which = strcmp(w, "synack") == 0 ? STRIP_SYNACK : strcmp(w, "all") == 0 ? STRIP_ALL : STRIP_SYN;
	return s;
}

static bool strip_selects(const struct strip *s, const segment *seg)
{
	bool syn = seg->flags & TCP_FLAG_SYN, ack = seg->flags & TCP_FLAG_ACK;
	switch (s->which) {
	case STRIP_SYN:
		return syn && !ack;
	case STRIP_SYNACK:
		return syn && ack;
	default:
		return true;
	}
}

/* TCP option kind of MPTCP (RFC 8684 §3) */
#define TCPOPT_MPTCP 30

static bool strip_process(void *state, packet *p, sim_time_t now)
{
	(void)now;
	struct strip *s = state;
	segment *seg = &p->seg;
	if (seg->proto != SEG_PROTO_TCP || !strip_selects(s, seg))
		return true;
	uint8_t out[TCP_OPTIONS_MAX];
	size_t n = 0, removed = 0;
	for (size_t i = 0; i < seg->opt_len;) {
		uint8_t kind = seg->options[i];
		size_t len = kind <= 1 ? 1 : (i + 1 < seg->opt_len ? seg->options[i + 1] : 0);
		if (len < 1 || i + len > seg->opt_len) { /* malformed: leave the rest as it is */
			memcpy(out + n, seg->options + i, seg->opt_len - i);
			n += seg->opt_len - i;
			break;
		}
		if (kind == 0) {
			break; /* EOL: the padding after it goes too */
		}
		if (kind == TCPOPT_MPTCP)
			removed++;
		else {
			memcpy(out + n, seg->options + i, len);
			n += len;
		}
		i += len;
	}
	if (removed) {
		memcpy(seg->options, out, n);
		seg->opt_len = (uint8_t)n;
		s->segments_stripped++;
		s->options_removed += removed;
	}
	return true;
}

static void strip_report(const void *state, report_section *out)
{
	const struct strip *s = state;
	report_set_int(out, "segments_stripped", (int64_t)s->segments_stripped);
	report_set_int(out, "options_removed", (int64_t)s->options_removed);
}

static const middlebox_ops middlebox_strip = {
	.name = "strip-mptcp",
	.summary = "removes MPTCP options from SYNs, SYN/ACKs or every segment (`strip`)",
	.create = strip_create,
	.process = strip_process,
	.report = strip_report,
	.destroy = g_free,
};

/* ---- rewrite-payload ---- */

struct rewrite {
	GArray *which;          /* int64, 1-based indices of data packets */
	uint64_t data_packets;  /* seen so far */
	uint64_t rewritten;
};

static void *rewrite_create(const scn_values *v, GError **error)
{
	(void)error;
	struct rewrite *r = g_new0(struct rewrite, 1);
	const GArray *list = scn_values_int_list(v, "rewrite_packets");
	r->which = g_array_sized_new(FALSE, FALSE, sizeof(int64_t), list->len);
	g_array_append_vals(r->which, list->data, list->len);
	return r;
}

static bool rewrite_process(void *state, packet *p, sim_time_t now)
{
	(void)now;
	struct rewrite *r = state;
	segment *seg = &p->seg;
	if (seg->proto != SEG_PROTO_TCP || seg->payload_len == 0)
		return true;
	int64_t n = (int64_t)++r->data_packets;
	for (guint i = 0; i < r->which->len; i++) {
		if (g_array_index(r->which, int64_t, i) == n) {
			/* another stream: every byte of the pattern differs (payload.h) */
			seg->payload_stream ^= 0x5a5a5a5a5a5a5a5bull;
			r->rewritten++;
			break;
		}
	}
	return true;
}

static void rewrite_report(const void *state, report_section *out)
{
	const struct rewrite *r = state;
	report_set_int(out, "data_packets", (int64_t)r->data_packets);
	report_set_int(out, "packets_rewritten", (int64_t)r->rewritten);
}

static void rewrite_destroy(void *state)
{
	struct rewrite *r = state;
	g_array_free(r->which, TRUE);
	g_free(r);
}

static const middlebox_ops middlebox_rewrite = {
	.name = "rewrite-payload",
	.summary = "changes the payload bytes of chosen data packets (`rewrite_packets`)",
	.create = rewrite_create,
	.process = rewrite_process,
	.report = rewrite_report,
	.destroy = rewrite_destroy,
};

/* ---- none, and the registry ---- */

static const middlebox_ops middlebox_none = {
	.name = "none",
	.summary = "no middlebox",
};

const middlebox_ops *const middlebox_all[] = {
	&middlebox_none,
	&middlebox_strip,
	&middlebox_rewrite,
	NULL,
};

middlebox *middlebox_new(const scn_values *v, GError **error)
{
	const middlebox_ops *ops = scn_values_model(v, "middlebox");
	if (!ops || !ops->process)
		return NULL;
	void *state = ops->create(v, error);
	if (!state)
		return NULL;
	middlebox *mb = g_new(middlebox, 1);
	mb->ops = ops;
	mb->state = state;
	return mb;
}

void middlebox_free(middlebox *mb)
{
	if (!mb)
		return;
	mb->ops->destroy(mb->state);
	g_free(mb);
}

void middlebox_report(const middlebox *mb, report_section *out)
{
	report_set_string(out, "type", mb->ops->name);
	mb->ops->report(mb->state, out);
}
