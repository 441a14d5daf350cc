/* pcap_read.c — classic pcap and pcapng reader with bounded, checked reads.
 *
 * Every header field that sizes a read is checked before the read: against the fixed fields of its
 * record or block, against a limit, and against the bytes left in the file, so a corrupt length is
 * an error message rather than a huge allocation or a read past a buffer. All reads go through
 * rd_raw(), which counts the file offset used in every message. */
#include "pcap_read.h"

#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* pcapng block types and options (draft-ietf-opsawg-pcapng §4, §11). */
#define PCAPNG_BT_SHB 0x0A0D0D0Au
#define PCAPNG_BT_IDB 0x00000001u
#define PCAPNG_BT_PB 0x00000002u /* obsolete Packet Block (Appendix A) */
#define PCAPNG_BT_SPB 0x00000003u
#define PCAPNG_BT_EPB 0x00000006u
/* Blocks that carry no packet but that Wireshark lists as frames (systemd journal export, custom
 * blocks, Sysdig events; observed with tshark 4.0.17): they take a frame number, so packet numbers
 * keep matching Wireshark's. */
#define PCAPNG_BT_SYSTEMD_JOURNAL 0x00000009u
#define PCAPNG_BT_CUSTOM_COPY 0x00000BADu
#define PCAPNG_BT_CUSTOM_NOCOPY 0x40000BADu
#define PCAPNG_BT_SYSDIG_EVENT 0x00000204u
#define PCAPNG_BT_SYSDIG_EVENT_V2 0x00000216u
#define PCAPNG_BT_SYSDIG_EVENT_V2_LARGE 0x00000221u
#define PCAPNG_BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define PCAPNG_OPT_ENDOFOPT 0
#define PCAPNG_OPT_IF_TSRESOL 9
#define PCAPNG_OPT_IF_TSOFFSET 14
/* Fixed parts, in bytes, including the 12 bytes of type, length and trailing length. */
#define PCAPNG_SHB_MIN 28u
#define PCAPNG_IDB_MIN 20u
#define PCAPNG_EPB_MIN 32u
#define PCAPNG_PB_MIN 32u
#define PCAPNG_SPB_MIN 16u

#define GZIP_MAGIC0 0x1f
#define GZIP_MAGIC1 0x8b

typedef struct ng_iface {
	uint32_t linktype;
	uint32_t snaplen;
	uint8_t tsresol;    /* if_tsresol: bit 7 clear = 10^-n seconds, set = 2^-n */
	int64_t tsoffset_s; /* if_tsoffset: seconds added to every timestamp */
} ng_iface;

struct pcap_reader {
	FILE *f;
	char *path;
	uint64_t offset; /* bytes consumed */
	uint64_t size;   /* file size; UINT64_MAX when unknown (not a regular file) */
	uint8_t pending[4]; /* the magic, read at open, handed out again by rd_raw() */
	size_t pending_len;
	pcap_file_format format;
	bool big_endian; /* of the file (pcap) or of the current section (pcapng) */
	bool nsec;       /* pcap: nanosecond timestamps */
	uint32_t snaplen;
	uint32_t linktype;
	GArray *ifaces;        /* ng_iface, every section's, in order */
	uint32_t section_base; /* index in ifaces of the current section's interface 0 */
	uint64_t packets;
	uint8_t *buf;
	size_t buf_cap;
	GError *failure; /* sticky */
};

/* ---- errors and raw reads ---- */

static pcap_read_result G_GNUC_PRINTF(4, 5)
	rd_fail(pcap_reader *r, GError **error, uint64_t offset, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_clear_error(&r->failure);
	g_set_error(&r->failure, MPSIM_ERROR, MPSIM_ERR_INPUT, "%s: offset %" G_GUINT64_FORMAT ": %s", r->path, offset,
		    msg);
	g_free(msg);
	if (error)
		*error = g_error_copy(r->failure);
	return PCAP_READ_ERROR;
}

static size_t rd_raw(pcap_reader *r, uint8_t *dst, size_t n)
{
	size_t got = 0;
	while (r->pending_len && got < n) {
		dst[got++] = r->pending[0];
		memmove(r->pending, r->pending + 1, --r->pending_len);
	}
	if (got < n)
		got += fread(dst + got, 1, n - got, r->f);
	r->offset += got;
	return got;
}

/* Read exactly n bytes belonging to the structure that starts at `start`. */
static bool rd_exact(pcap_reader *r, uint8_t *dst, size_t n, uint64_t start, const char *what, GError **error)
{
	size_t got = rd_raw(r, dst, n);
	if (got == n)
		return true;
	if (ferror(r->f))
		rd_fail(r, error, start, "read error in %s: %s", what, g_strerror(errno));
	else
		rd_fail(r, error, start, "truncated file: %s needs %zu more bytes, the file ends after %zu", what, n, got);
	return false;
}

/* Read n bytes into r->buf; checks the bytes left first so a corrupt length allocates nothing. */
static bool rd_body(pcap_reader *r, size_t n, uint64_t start, const char *what, GError **error)
{
	if (r->size != UINT64_MAX && r->offset <= r->size && n > r->size - r->offset) {
		rd_fail(r, error, start, "truncated file: %s needs %zu more bytes, only %" G_GUINT64_FORMAT " remain",
			what, n, r->size - r->offset);
		return false;
	}
	if (n > r->buf_cap) {
		r->buf_cap = n > 2 * r->buf_cap ? n : 2 * r->buf_cap;
		r->buf = g_realloc(r->buf, r->buf_cap);
	}
	return rd_exact(r, r->buf, n, start, what, error);
}

static uint16_t rd16(const pcap_reader *r, const uint8_t *p)
{
	if (r->big_endian)
		return (uint16_t)(p[0] << 8 | p[1]);
	return (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t rd32(const pcap_reader *r, const uint8_t *p)
{
	if (r->big_endian)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint64_t rd64(const pcap_reader *r, const uint8_t *p)
{
	uint64_t a = rd32(r, p), b = rd32(r, p + 4);
	return r->big_endian ? a << 32 | b : b << 32 | a;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* ---- link layers ---- */

static bool ethertype_is_ip(uint16_t t)
{
	return t == 0x0800 || t == 0x86dd;
}

/* Address-family values for IPv4/IPv6 in a BSD loopback header: AF_INET is 2 everywhere; AF_INET6
 * is 10 (Linux), 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (macOS) (LINKTYPE_NULL in the registry). */
static bool bsd_af_is_ip(uint32_t af)
{
	return af == 2 || af == 10 || af == 24 || af == 28 || af == 30;
}

bool pcap_link_ip_offset(uint32_t linktype, const uint8_t *f, uint32_t caplen, uint32_t *offset)
{
	uint32_t off;
	switch (linktype) {
	case PCAP_LINKTYPE_RAW:
	case PCAP_LINKTYPE_IPV4:
	case PCAP_LINKTYPE_IPV6:
		off = 0;
		break;
	case PCAP_LINKTYPE_NULL:
		/* The family is in the byte order of the capturing host: accept either. */
		if (caplen < 4 || !(bsd_af_is_ip(le32(f)) || bsd_af_is_ip(be32(f))))
			return false;
		off = 4;
		break;
	case PCAP_LINKTYPE_LOOP:
		/* OpenBSD loopback: the same, always in network byte order. */
		if (caplen < 4 || !bsd_af_is_ip(be32(f)))
			return false;
		off = 4;
		break;
	case PCAP_LINKTYPE_ETHERNET: {
		if (caplen < 14)
			return false;
		uint16_t type = be16(f + 12);
		off = 14;
		/* IEEE 802.1Q (0x8100), 802.1ad (0x88a8) and the old QinQ 0x9100: 4 bytes each, the inner
		 * EtherType in the tag's last two bytes. A few tags at most. */
		for (int tags = 0; (type == 0x8100 || type == 0x88a8 || type == 0x9100) && tags < 4; tags++) {
			if (caplen < off + 4)
				return false;
			type = be16(f + off + 2);
			off += 4;
		}
		if (!ethertype_is_ip(type))
			return false;
		break;
	}
	case PCAP_LINKTYPE_LINUX_SLL:
		/* Packet type, ARPHRD type, address length, 8 address bytes, then the protocol. */
		if (caplen < 16 || !ethertype_is_ip(be16(f + 14)))
			return false;
		off = 16;
		break;
	case PCAP_LINKTYPE_LINUX_SLL2:
		/* Protocol first, then reserved, interface index, ARPHRD type, packet type, address. */
		if (caplen < 20 || !ethertype_is_ip(be16(f)))
			return false;
		off = 20;
		break;
	default:
		return false;
	}
	if (caplen <= off)
		return false;
	uint8_t version = f[off] >> 4;
	if (version != 4 && version != 6)
		return false;
	*offset = off;
	return true;
}

static void fill_packet(pcap_reader *r, pcap_packet *pkt, uint64_t start, bool has_ts, int64_t ts_ns,
			uint32_t ifindex, uint32_t linktype, const uint8_t *frame, uint32_t caplen, uint32_t origlen)
{
	memset(pkt, 0, sizeof *pkt);
	pkt->number = ++r->packets;
	pkt->file_offset = start;
	pkt->has_ts = has_ts;
	pkt->ts_ns = ts_ns;
	pkt->ifindex = ifindex;
	pkt->linktype = linktype;
	pkt->frame = frame;
	pkt->frame_caplen = caplen;
	pkt->frame_origlen = origlen;
	uint32_t off;
	if (pcap_link_ip_offset(linktype, frame, caplen, &off)) {
		pkt->ip = frame + off;
		pkt->ip_caplen = caplen - off;
		pkt->ip_origlen = origlen > off ? origlen - off : 0;
		if (pkt->ip_origlen < pkt->ip_caplen)
			pkt->ip_origlen = pkt->ip_caplen;
	}
}

/* ---- classic pcap ---- */

static bool pcap_open_classic(pcap_reader *r, uint32_t magic_le, GError **error)
{
	uint8_t h[PCAP_FILE_HEADER_LEN];
	if (!rd_exact(r, h, sizeof h, 0, "the pcap file header", error))
		return false;
	r->format = PCAP_FILE_PCAP;
	r->big_endian = magic_le == GUINT32_SWAP_LE_BE(PCAP_MAGIC_USEC) || magic_le == GUINT32_SWAP_LE_BE(PCAP_MAGIC_NSEC);
	r->nsec = magic_le == PCAP_MAGIC_NSEC || magic_le == GUINT32_SWAP_LE_BE(PCAP_MAGIC_NSEC);
	uint16_t major = rd16(r, h + 4), minor = rd16(r, h + 6);
	if (major != PCAP_VERSION_MAJOR) {
		rd_fail(r, error, 4, "unsupported pcap version %u.%u (expected 2.x)", major, minor);
		return false;
	}
	r->snaplen = rd32(r, h + 16);
	/* The link-type field's upper bits carry FCS information (pcap-savefile(5)); the type is below. */
	r->linktype = rd32(r, h + 20) & 0xffff;
	return true;
}

static pcap_read_result pcap_next_classic(pcap_reader *r, pcap_packet *pkt, GError **error)
{
	uint64_t start = r->offset;
	uint8_t h[PCAP_RECORD_HEADER_LEN];
	size_t got = rd_raw(r, h, sizeof h);
	if (got == 0 && !ferror(r->f))
		return PCAP_READ_EOF;
	if (got < sizeof h) {
		if (ferror(r->f))
			return rd_fail(r, error, start, "read error in a record header: %s", g_strerror(errno));
		return rd_fail(r, error, start, "truncated file: a record header needs 16 bytes, the file ends after %zu",
			       got);
	}
	uint32_t sec = rd32(r, h), frac = rd32(r, h + 4), caplen = rd32(r, h + 8), origlen = rd32(r, h + 12);
	uint32_t limit = r->snaplen > PCAP_READ_RECORD_MAX ? r->snaplen : PCAP_READ_RECORD_MAX;
	if (caplen > limit)
		return rd_fail(r, error, start, "record claims %u captured bytes, more than the snap length allows (%u)",
			       caplen, limit);
	if (!rd_body(r, caplen, start, "a packet record", error))
		return PCAP_READ_ERROR;
	int64_t ts = (int64_t)sec * SIM_NS_PER_S + (r->nsec ? (int64_t)frac : (int64_t)frac * 1000);
	fill_packet(r, pkt, start, true, ts, 0, r->linktype, r->buf, caplen, origlen);
	return PCAP_READ_PACKET;
}

/* ---- pcapng ---- */

static const ng_iface *ng_section_iface(const pcap_reader *r, uint32_t id)
{
	if (id >= r->ifaces->len - r->section_base)
		return NULL;
	return &g_array_index(r->ifaces, ng_iface, r->section_base + id);
}

/* Timestamp units (if_tsresol) and offset to nanoseconds; false when it does not fit 64 bits. */
static bool ng_ts_to_ns(uint64_t ts, const ng_iface *ifc, int64_t *out)
{
	uint64_t ns;
	unsigned e = ifc->tsresol & 0x7f;
	if (ifc->tsresol & 0x80) {
		/* 2^-e seconds: whole seconds, then the fraction scaled without overflow. */
		uint64_t sec = e >= 64 ? 0 : ts >> e;
		uint64_t frac = e >= 64 ? ts : ts & ((UINT64_C(1) << e) - 1);
		if (e > 32) {
			frac >>= e - 32;
			e = 32;
		}
		if (sec > (uint64_t)INT64_MAX / SIM_NS_PER_S)
			return false;
		ns = sec * SIM_NS_PER_S + ((frac * (uint64_t)SIM_NS_PER_S) >> e);
	} else if (e <= 9) {
		uint64_t mult = 1;
		for (unsigned i = e; i < 9; i++)
			mult *= 10;
		if (ts > (uint64_t)INT64_MAX / mult)
			return false;
		ns = ts * mult;
	} else {
		uint64_t div = 1;
		for (unsigned i = 9; i < e; i++)
			div *= 10;
		ns = ts / div;
	}
	if (ns > (uint64_t)INT64_MAX)
		return false;
	int64_t off = ifc->tsoffset_s;
	if (off > INT64_MAX / SIM_NS_PER_S || off < INT64_MIN / SIM_NS_PER_S)
		return false;
	off *= SIM_NS_PER_S;
	if (off > 0 && (int64_t)ns > INT64_MAX - off)
		return false;
	*out = (int64_t)ns + off;
	return true;
}

static bool ng_parse_idb(pcap_reader *r, const uint8_t *body, uint32_t body_len, uint64_t start, GError **error)
{
	ng_iface ifc = { .linktype = rd16(r, body), .snaplen = rd32(r, body + 4), .tsresol = 6 };
	const uint8_t *opt = body + 8;
	uint32_t opt_len = body_len - 8;
	uint32_t p = 0;
	while (opt_len - p >= 4) {
		uint16_t code = rd16(r, opt + p), len = rd16(r, opt + p + 2);
		if (code == PCAPNG_OPT_ENDOFOPT)
			break;
		uint32_t padded = ((uint32_t)len + 3u) & ~3u;
		if (padded > opt_len - p - 4) {
			rd_fail(r, error, start,
				"interface description option %u of %u bytes runs past the end of its block", code, len);
			return false;
		}
		const uint8_t *v = opt + p + 4;
		if (code == PCAPNG_OPT_IF_TSRESOL) {
			if (len != 1) {
				rd_fail(r, error, start, "if_tsresol option has length %u (expected 1)", len);
				return false;
			}
			unsigned e = v[0] & 0x7f;
			if ((v[0] & 0x80) ? e > 63 : e > 19) {
				rd_fail(r, error, start, "unsupported if_tsresol 0x%02x (finer than 64-bit time allows)", v[0]);
				return false;
			}
			ifc.tsresol = v[0];
		} else if (code == PCAPNG_OPT_IF_TSOFFSET) {
			if (len != 8) {
				rd_fail(r, error, start, "if_tsoffset option has length %u (expected 8)", len);
				return false;
			}
			ifc.tsoffset_s = (int64_t)rd64(r, v);
		}
		p += 4 + padded;
	}
	g_array_append_val(r->ifaces, ifc);
	return true;
}

/* A packet block's common tail: interface lookup, timestamp, bounds of the data. */
static pcap_read_result ng_packet(pcap_reader *r, pcap_packet *pkt, uint64_t start, uint32_t if_id, bool has_ts,
				  uint64_t ts, const uint8_t *data, uint32_t caplen, uint32_t origlen, uint32_t room,
				  GError **error)
{
	const ng_iface *ifc = ng_section_iface(r, if_id);
	if (!ifc)
		return rd_fail(r, error, start, "packet block refers to interface %u, but its section describes %u", if_id,
			       r->ifaces->len - r->section_base);
	if (caplen > room)
		return rd_fail(r, error, start, "packet block claims %u captured bytes, but holds only %u", caplen, room);
	int64_t ns = 0;
	if (has_ts && !ng_ts_to_ns(ts, ifc, &ns))
		return rd_fail(r, error, start, "packet timestamp %" G_GUINT64_FORMAT " does not fit 64-bit nanoseconds", ts);
	fill_packet(r, pkt, start, has_ts, ns, r->section_base + if_id, ifc->linktype, data, caplen, origlen);
	return PCAP_READ_PACKET;
}

/* The fixed part of a block of `type`: its total length may not be smaller. */
static uint32_t ng_block_min_len(uint32_t type)
{
	switch (type) {
	case PCAPNG_BT_SHB:
		return PCAPNG_SHB_MIN;
	case PCAPNG_BT_IDB:
		return PCAPNG_IDB_MIN;
	case PCAPNG_BT_EPB:
		return PCAPNG_EPB_MIN;
	case PCAPNG_BT_PB:
		return PCAPNG_PB_MIN;
	case PCAPNG_BT_SPB:
		return PCAPNG_SPB_MIN;
	default:
		return 12;
	}
}

/* One block; PCAP_READ_PACKET only for packet blocks, so the caller loops. `skipped` is set for
 * blocks that carry no packet. */
static pcap_read_result ng_block(pcap_reader *r, pcap_packet *pkt, bool *skipped, GError **error)
{
	*skipped = false;
	uint64_t start = r->offset;
	uint8_t h[12];
	size_t got = rd_raw(r, h, 8);
	if (got == 0 && !ferror(r->f))
		return PCAP_READ_EOF;
	if (got < 8) {
		if (ferror(r->f))
			return rd_fail(r, error, start, "read error in a block header: %s", g_strerror(errno));
		return rd_fail(r, error, start, "truncated file: a block header needs 8 bytes, the file ends after %zu", got);
	}
	/* The SHB type reads the same in both byte orders; its byte-order magic sets the section's. */
	bool shb = h[0] == 0x0A && h[1] == 0x0D && h[2] == 0x0D && h[3] == 0x0A;
	uint32_t header_len = 8;
	if (shb) {
		if (!rd_exact(r, h + 8, 4, start, "a section header block", error))
			return PCAP_READ_ERROR;
		header_len = 12;
		uint32_t bom = le32(h + 8);
		if (bom == PCAPNG_BYTE_ORDER_MAGIC)
			r->big_endian = false;
		else if (bom == GUINT32_SWAP_LE_BE(PCAPNG_BYTE_ORDER_MAGIC))
			r->big_endian = true;
		else
			return rd_fail(r, error, start, "section header has byte-order magic 0x%08x (expected 0x%08x)", be32(h + 8),
				       PCAPNG_BYTE_ORDER_MAGIC);
	}
	uint32_t type = rd32(r, h), total = rd32(r, h + 4);
	if (total < 12 || total % 4 != 0)
		return rd_fail(r, error, start, "block of type 0x%08x has total length %u (must be a multiple of 4, at least 12)",
			       type, total);
	if (total > PCAP_READ_BLOCK_MAX)
		return rd_fail(r, error, start, "block of type 0x%08x claims %u bytes (more than the %u a block may have)", type,
			       total, PCAP_READ_BLOCK_MAX);
	uint32_t min = ng_block_min_len(type);
	if (total < min)
		return rd_fail(r, error, start, "block of type 0x%08x is %u bytes, shorter than its fixed fields (%u)", type,
			       total, min);
	if (!rd_body(r, total - header_len, start, "a block", error))
		return PCAP_READ_ERROR;
	uint32_t body_len = total - header_len - 4;
	uint32_t trailer = rd32(r, r->buf + body_len);
	if (trailer != total)
		return rd_fail(r, error, start, "block of type 0x%08x: trailing length %u differs from the leading %u", type,
			       trailer, total);
	const uint8_t *b = r->buf;

	switch (type) {
	case PCAPNG_BT_SHB: {
		uint16_t major = rd16(r, b), minor = rd16(r, b + 2);
		if (major != 1)
			return rd_fail(r, error, start, "unsupported pcapng version %u.%u (expected 1.x)", major, minor);
		r->section_base = r->ifaces->len;
		*skipped = true;
		return PCAP_READ_EOF;
	}
	case PCAPNG_BT_IDB:
		if (!ng_parse_idb(r, b, body_len, start, error))
			return PCAP_READ_ERROR;
		*skipped = true;
		return PCAP_READ_EOF;
	case PCAPNG_BT_EPB: {
		uint64_t ts = (uint64_t)rd32(r, b + 4) << 32 | rd32(r, b + 8);
		return ng_packet(r, pkt, start, rd32(r, b), true, ts, b + 20, rd32(r, b + 12), rd32(r, b + 16), body_len - 20,
				 error);
	}
	case PCAPNG_BT_PB: {
		uint64_t ts = (uint64_t)rd32(r, b + 4) << 32 | rd32(r, b + 8);
		return ng_packet(r, pkt, start, rd16(r, b), true, ts, b + 20, rd32(r, b + 12), rd32(r, b + 16), body_len - 20,
				 error);
	}
	case PCAPNG_BT_SPB: {
		/* No interface id (always 0) and no timestamp; the captured length is the original length
		 * cut to the interface's snap length. */
		const ng_iface *ifc = ng_section_iface(r, 0);
		if (!ifc)
			return rd_fail(r, error, start, "simple packet block in a section without an interface");
		uint32_t origlen = rd32(r, b);
		uint32_t caplen = ifc->snaplen && ifc->snaplen < origlen ? ifc->snaplen : origlen;
		return ng_packet(r, pkt, start, 0, false, 0, b + 4, caplen, origlen, body_len - 4, error);
	}
	case PCAPNG_BT_SYSTEMD_JOURNAL:
	case PCAPNG_BT_CUSTOM_COPY:
	case PCAPNG_BT_CUSTOM_NOCOPY:
	case PCAPNG_BT_SYSDIG_EVENT:
	case PCAPNG_BT_SYSDIG_EVENT_V2:
	case PCAPNG_BT_SYSDIG_EVENT_V2_LARGE:
		r->packets++;
		*skipped = true;
		return PCAP_READ_EOF;
	default:
		*skipped = true;
		return PCAP_READ_EOF;
	}
}

static pcap_read_result pcap_next_ng(pcap_reader *r, pcap_packet *pkt, GError **error)
{
	for (;;) {
		bool skipped = false;
		pcap_read_result res = ng_block(r, pkt, &skipped, error);
		if (!skipped)
			return res;
	}
}

/* ---- public ---- */

pcap_reader *pcap_reader_open(const char *path, GError **error)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_IO, "cannot open capture %s: %s", path, g_strerror(errno));
		return NULL;
	}
	pcap_reader *r = g_new0(pcap_reader, 1);
	r->f = f;
	r->path = g_strdup(path);
	r->ifaces = g_array_new(FALSE, TRUE, sizeof(ng_iface));
	r->size = UINT64_MAX;
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		r->size = (uint64_t)st.st_size;

	uint8_t m[4];
	size_t got = rd_raw(r, m, 4);
	bool ok;
	if (got < 4) {
		rd_fail(r, error, 0, "not a pcap or pcapng file: only %zu bytes", got);
		ok = false;
	} else {
		memcpy(r->pending, m, 4);
		r->pending_len = 4;
		r->offset = 0;
		uint32_t magic = le32(m);
		if (magic == PCAP_MAGIC_USEC || magic == PCAP_MAGIC_NSEC || magic == GUINT32_SWAP_LE_BE(PCAP_MAGIC_USEC) ||
		    magic == GUINT32_SWAP_LE_BE(PCAP_MAGIC_NSEC)) {
			ok = pcap_open_classic(r, magic, error);
		} else if (magic == PCAPNG_BT_SHB) {
			/* Read the first section header now, so a bad one fails at open. */
			r->format = PCAP_FILE_PCAPNG;
			bool skipped = false;
			pcap_packet unused;
			ok = ng_block(r, &unused, &skipped, error) != PCAP_READ_ERROR;
		} else if (m[0] == GZIP_MAGIC0 && m[1] == GZIP_MAGIC1) {
			rd_fail(r, error, 0, "a gzip-compressed file: decompress it first");
			ok = false;
		} else {
			rd_fail(r, error, 0, "not a pcap or pcapng file: magic 0x%08x", be32(m));
			ok = false;
		}
	}
	if (!ok) {
		pcap_reader_free(r);
		return NULL;
	}
	return r;
}

pcap_read_result pcap_reader_next(pcap_reader *r, pcap_packet *pkt, GError **error)
{
	if (r->failure) {
		if (error)
			*error = g_error_copy(r->failure);
		return PCAP_READ_ERROR;
	}
	if (r->format == PCAP_FILE_PCAP)
		return pcap_next_classic(r, pkt, error);
	return pcap_next_ng(r, pkt, error);
}

void pcap_reader_free(pcap_reader *r)
{
	if (!r)
		return;
	fclose(r->f);
	g_array_free(r->ifaces, TRUE);
	g_clear_error(&r->failure);
	g_free(r->buf);
	g_free(r->path);
	g_free(r);
}

pcap_file_format pcap_reader_format(const pcap_reader *r)
{
	return r->format;
}

uint32_t pcap_reader_interface_count(const pcap_reader *r)
{
	return r->format == PCAP_FILE_PCAP ? 1u : r->ifaces->len;
}

int64_t pcap_reader_linktype(const pcap_reader *r, uint32_t ifindex)
{
	if (r->format == PCAP_FILE_PCAP)
		return ifindex == 0 ? (int64_t)r->linktype : -1;
	if (ifindex >= r->ifaces->len)
		return -1;
	return g_array_index(r->ifaces, ng_iface, ifindex).linktype;
}

wire_status pcap_packet_parse(const pcap_packet *pkt, segment *seg, wire_info *info)
{
	if (!pkt->ip) {
		memset(seg, 0, sizeof *seg);
		if (info)
			memset(info, 0, sizeof *info);
		return WIRE_ERR_IP_VERSION;
	}
	return wire_parse(pkt->ip, pkt->ip_caplen, pkt->ip_origlen, seg, info);
}
