/* wire.c — IPv4/IPv6 + TCP/UDP bytes from segments and back, and the RFC 1071 checksum.
 *
 * Serialisation builds the headers in a small local block, produces the payload straight into the
 * caller's buffer (captured part) or into a stack chunk (the part a snap length cuts off, which
 * still counts in the checksum), then copies the headers in. Parsing is a cursor over a bounded
 * buffer: every read is preceded by a length check against the captured length. */
#include "wire.h"

#include "error.h"

#include <string.h>

/* ---- RFC 1071 internet checksum ---- */

static inline uint32_t csum_add32(uint32_t a, uint32_t b)
{
	uint32_t s = a + b;
	return s + (uint32_t)(s < b); /* end-around carry */
}

static inline uint16_t csum_fold16(uint32_t sum)
{
	sum = (sum & 0xffffu) + (sum >> 16);
	sum = (sum & 0xffffu) + (sum >> 16);
	return (uint16_t)sum;
}

uint32_t wire_csum_add(uint32_t sum, const uint8_t *data, size_t len)
{
	/* Sum 64-bit big-endian words modulo 2^64 - 1 (end-around carry); 2^16 - 1 divides 2^64 - 1,
	 * so the result folds to the sum of the 16-bit words (RFC 1071 §2 (C)). */
	uint64_t acc = sum;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		const uint8_t *p = data + i;
		uint64_t w = (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 |
			     (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 | (uint64_t)p[6] << 8 | (uint64_t)p[7];
		acc += w;
		acc += (uint64_t)(acc < w);
	}
	if (i < len) {
		/* The tail, zero-padded on the right: an odd last byte is a high byte (RFC 1071 §4.1). */
		uint64_t w = 0;
		for (unsigned k = 0; i + k < len; k++)
			w |= (uint64_t)data[i + k] << (56 - 8 * k);
		acc += w;
		acc += (uint64_t)(acc < w);
	}
	return csum_add32((uint32_t)acc, (uint32_t)(acc >> 32));
}

uint32_t wire_csum_add_at(uint32_t sum, const uint8_t *data, size_t len, uint64_t position)
{
	if ((position & 1) == 0)
		return wire_csum_add(sum, data, len);
	/* RFC 1071 §2 (B): summed from an odd position every byte sits in the other half of its word,
	 * so the chunk's own sum, byte-swapped, is its contribution. */
	uint16_t part = csum_fold16(wire_csum_add(0, data, len));
	return csum_add32(sum, (uint32_t)(uint16_t)(part << 8 | part >> 8));
}

uint32_t wire_csum_add16(uint32_t sum, uint16_t word)
{
	return csum_add32(sum, word);
}

uint16_t wire_csum_fold(uint32_t sum)
{
	return (uint16_t)~csum_fold16(sum);
}

uint32_t wire_csum_pseudo(const net_addr *src, const net_addr *dst, uint8_t proto, uint32_t l4_len)
{
	uint32_t sum = wire_csum_add(0, src->bytes, net_addr_len(src));
	sum = wire_csum_add(sum, dst->bytes, net_addr_len(dst));
	sum = wire_csum_add16(sum, (uint16_t)(l4_len >> 16));
	sum = wire_csum_add16(sum, (uint16_t)l4_len);
	return wire_csum_add16(sum, proto);
}

/* ---- serialisation ---- */

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* IPv4 header, RFC 791 §3.1. */
static void put_ipv4_header(uint8_t *h, const segment *seg, uint16_t ip_id, uint32_t total_len)
{
	h[0] = 0x45; /* version 4, IHL 5: no options */
	h[1] = 0;    /* type of service */
	put16(h + 2, (uint16_t)total_len);
	put16(h + 4, ip_id);
	put16(h + 6, 0x4000); /* flags: DF; fragment offset 0 */
	h[8] = seg->ttl ? seg->ttl : WIRE_DEFAULT_TTL;
	h[9] = seg->proto;
	put16(h + 10, 0);
	memcpy(h + 12, seg->src.bytes, 4);
	memcpy(h + 16, seg->dst.bytes, 4);
	put16(h + 10, wire_csum_fold(wire_csum_add(0, h, IPV4_HEADER_LEN)));
}

/* IPv6 header, RFC 8200 §3. */
static void put_ipv6_header(uint8_t *h, const segment *seg, uint32_t payload_len)
{
	put32(h, UINT32_C(6) << 28); /* version 6, traffic class 0, flow label 0 */
	put16(h + 4, (uint16_t)payload_len);
	h[6] = seg->proto; /* next header: no extension headers */
	h[7] = seg->ttl ? seg->ttl : WIRE_DEFAULT_TTL;
	memcpy(h + 8, seg->src.bytes, 16);
	memcpy(h + 24, seg->dst.bytes, 16);
}

/* TCP header, RFC 9293 §3.1; the checksum field is left 0. */
static void put_tcp_header(uint8_t *t, const segment *seg, uint32_t hdr_len)
{
	put16(t, seg->sport);
	put16(t + 2, seg->dport);
	put32(t + 4, seg->seq);
	put32(t + 8, seg->ack);
	t[12] = (uint8_t)(hdr_len / 4 << 4); /* data offset in 32-bit words, reserved bits 0 */
	t[13] = seg->flags;
	put16(t + 14, seg->window);
	put16(t + 16, 0);
	put16(t + 18, 0); /* urgent pointer: never used */
	memcpy(t + TCP_HEADER_LEN, seg->options, seg->opt_len);
	/* RFC 9293 §3.1: the header "is padded with zeros"; kind 0 is End of Option List. */
	memset(t + TCP_HEADER_LEN + seg->opt_len, 0, hdr_len - TCP_HEADER_LEN - seg->opt_len);
}

/* UDP header, RFC 768; the checksum field is left 0. */
static void put_udp_header(uint8_t *u, const segment *seg, uint32_t udp_len)
{
	put16(u, seg->sport);
	put16(u + 2, seg->dport);
	put16(u + 4, (uint16_t)udp_len);
	put16(u + 6, 0);
}

/* Payload bytes [from, payload_len) that are not captured still count in the checksum. */
static uint32_t csum_uncaptured_payload(uint32_t sum, const segment *seg, uint32_t from)
{
	if (!seg->payload_fill)
		return sum; /* zero bytes add nothing */
	uint8_t chunk[2048];
	for (uint32_t done = from; done < seg->payload_len;) {
		uint32_t n = seg->payload_len - done;
		if (n > sizeof chunk)
			n = sizeof chunk;
		seg->payload_fill(seg->payload_stream, seg->payload_offset + done, chunk, n);
		sum = wire_csum_add_at(sum, chunk, n, done);
		done += n;
	}
	return sum;
}

bool wire_serialize(const segment *seg, uint16_t ip_id, uint8_t *buf, size_t cap, uint32_t snaplen,
		    uint32_t *captured_len, GError **error)
{
	*captured_len = 0;
	if (seg->src.family != seg->dst.family ||
	    (seg->src.family != NET_AF_INET && seg->src.family != NET_AF_INET6)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "cannot serialise segment: address families %u and %u (expected both 4 or both 6)",
			    seg->src.family, seg->dst.family);
		return false;
	}
	if (seg->proto != SEG_PROTO_TCP && seg->proto != SEG_PROTO_UDP) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "cannot serialise segment: protocol %u (expected 6 for TCP or 17 for UDP)", seg->proto);
		return false;
	}
	if (seg->opt_len > TCP_OPTIONS_MAX || (seg->proto == SEG_PROTO_UDP && seg->opt_len != 0)) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "cannot serialise segment: %u option bytes (TCP carries at most %u, UDP none)",
			    seg->opt_len, TCP_OPTIONS_MAX);
		return false;
	}
	bool v6 = seg->src.family == NET_AF_INET6;
	uint32_t ip_hdr = v6 ? IPV6_HEADER_LEN : IPV4_HEADER_LEN;
	uint32_t l4_hdr = segment_transport_header_len(seg);
	uint64_t l4_len = (uint64_t)l4_hdr + seg->payload_len;
	/* RFC 791: total length is 16 bits and counts the header; RFC 8200: payload length is 16 bits. */
	uint64_t limit = v6 ? 65535u : 65535u - IPV4_HEADER_LEN;
	if (l4_len > limit) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "cannot serialise segment: %u payload bytes make an IPv%d packet longer than its "
			    "16-bit length field allows",
			    seg->payload_len, v6 ? 6 : 4);
		return false;
	}
	uint32_t total = ip_hdr + (uint32_t)l4_len;
	uint32_t hdr_len = ip_hdr + l4_hdr;
	uint32_t cap_len = total < snaplen ? total : snaplen;
	if (cap < cap_len) {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INTERNAL,
			    "wire_serialize: buffer of %zu bytes for %u captured bytes", cap, cap_len);
		return false;
	}

	uint8_t hdr[WIRE_HEADERS_MAX];
	uint8_t *l4 = hdr + ip_hdr;
	if (v6)
		put_ipv6_header(hdr, seg, (uint32_t)l4_len);
	else
		put_ipv4_header(hdr, seg, ip_id, total);
	if (seg->proto == SEG_PROTO_TCP)
		put_tcp_header(l4, seg, l4_hdr);
	else
		put_udp_header(l4, seg, (uint32_t)l4_len);

	/* Transport checksum: pseudo-header, header with options, every payload byte (RFC 9293 §3.1,
	 * RFC 768, RFC 8200 §8.1). The payload starts at an even position (l4_hdr is 8 or 4k). */
	uint32_t sum = wire_csum_pseudo(&seg->src, &seg->dst, seg->proto, (uint32_t)l4_len);
	sum = wire_csum_add(sum, l4, l4_hdr);
	uint32_t pay_cap = cap_len > hdr_len ? cap_len - hdr_len : 0;
	if (pay_cap) {
		uint8_t *p = buf + hdr_len;
		if (seg->payload_fill) {
			seg->payload_fill(seg->payload_stream, seg->payload_offset, p, pay_cap);
			sum = wire_csum_add(sum, p, pay_cap);
		} else {
			memset(p, 0, pay_cap);
		}
	}
	sum = csum_uncaptured_payload(sum, seg, pay_cap);
	uint16_t csum = wire_csum_fold(sum);
	if (seg->proto == SEG_PROTO_UDP) {
		/* RFC 768: a computed zero is sent as all ones (zero means "no checksum"). */
		if (csum == 0)
			csum = 0xffff;
		put16(l4 + 6, csum);
	} else {
		put16(l4 + 16, csum);
	}
	memcpy(buf, hdr, cap_len < hdr_len ? cap_len : hdr_len);
	*captured_len = cap_len;
	return true;
}

/* ---- parsing ---- */

static const char *const wire_status_names[WIRE_STATUS_COUNT] = {
	[WIRE_OK] = "ok",
	[WIRE_ERR_TRUNCATED] = "truncated",
	[WIRE_ERR_IP_VERSION] = "ip-version",
	[WIRE_ERR_IP_HEADER_LEN] = "ip-header-length",
	[WIRE_ERR_IP_LENGTH] = "ip-length",
	[WIRE_ERR_IP_FRAGMENT] = "ip-fragment",
	[WIRE_ERR_IPV6_EXT] = "ipv6-extension-header",
	[WIRE_ERR_PROTO] = "not-tcp-or-udp",
	[WIRE_ERR_TCP_DATA_OFFSET] = "tcp-data-offset",
	[WIRE_ERR_TCP_OPTION] = "tcp-option-length",
	[WIRE_ERR_UDP_LENGTH] = "udp-length",
};

const char *wire_status_name(wire_status s)
{
	if ((unsigned)s >= WIRE_STATUS_COUNT)
		return "unknown";
	return wire_status_names[s];
}

enum {
	IPV6_NH_HOPOPTS = 0,
	IPV6_NH_ROUTING = 43,
	IPV6_NH_FRAGMENT = 44,
	IPV6_NH_AH = 51,
	IPV6_NH_DSTOPTS = 60,
	IPV6_NH_MOBILITY = 135,
	IPV6_NH_HIP = 139,
	IPV6_NH_SHIM6 = 140,
};

static bool ipv6_is_extension(uint8_t nh)
{
	/* RFC 8200 §4 and the IANA "IPv6 Extension Header Types"; ESP (50) hides what follows. */
	switch (nh) {
	case IPV6_NH_HOPOPTS:
	case IPV6_NH_ROUTING:
	case IPV6_NH_FRAGMENT:
	case IPV6_NH_AH:
	case IPV6_NH_DSTOPTS:
	case IPV6_NH_MOBILITY:
	case IPV6_NH_HIP:
	case IPV6_NH_SHIM6:
		return true;
	default:
		return false;
	}
}

/* RFC 9293 §3.2: every option but EOL (0) and NOP (1) has a length octet counting kind and length. */
static bool tcp_options_well_formed(const uint8_t *o, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint8_t kind = o[i];
		if (kind == 0)
			return true; /* End of Option List: the rest is padding */
		if (kind == 1) {
			i++;
			continue;
		}
		if (i + 1 >= n)
			return false;
		uint8_t len = o[i + 1];
		if (len < 2 || len > n - i)
			return false;
		i += len;
	}
	return true;
}

/* The IPv4 part: fills addresses and returns the transport protocol and lengths. */
static wire_status parse_ipv4(const uint8_t *ip, size_t caplen, size_t origlen, segment *out, wire_info *info)
{
	if (caplen < IPV4_HEADER_LEN)
		return WIRE_ERR_TRUNCATED;
	uint32_t ihl = (uint32_t)(ip[0] & 0x0f) * 4;
	if (ihl < IPV4_HEADER_LEN)
		return WIRE_ERR_IP_HEADER_LEN;
	if (caplen < ihl)
		return WIRE_ERR_TRUNCATED;
	out->src.family = out->dst.family = NET_AF_INET;
	memcpy(out->src.bytes, ip + 12, 4);
	memcpy(out->dst.bytes, ip + 16, 4);
	out->ttl = ip[8];
	out->proto = ip[9];
	info->ip_id = get16(ip + 4);
	/* RFC 791 §3.1: the header checksum sums the header, options included, to all ones. */
	info->ip_csum_checked = true;
	info->ip_csum_ok = wire_csum_fold(wire_csum_add(0, ip, ihl)) == 0;
	uint32_t total = get16(ip + 2);
	if (total < ihl || total > origlen)
		return WIRE_ERR_IP_LENGTH;
	info->ip_len = total;
	info->l4_offset = ihl;
	/* More Fragments set or a non-zero fragment offset: the transport header is elsewhere or partial. */
	if (get16(ip + 6) & 0x3fff)
		return WIRE_ERR_IP_FRAGMENT;
	return WIRE_OK;
}

/* The IPv6 part, walking extension headers (RFC 8200 §4) up to the upper-layer header. Sets
 * *csum_blocked when a routing header with segments left means the pseudo-header's destination is
 * not the one in the fixed header (RFC 8200 §8.1). */
static wire_status parse_ipv6(const uint8_t *ip, size_t caplen, size_t origlen, segment *out, wire_info *info,
			      bool *csum_blocked)
{
	if (caplen < IPV6_HEADER_LEN)
		return WIRE_ERR_TRUNCATED;
	out->src.family = out->dst.family = NET_AF_INET6;
	memcpy(out->src.bytes, ip + 8, 16);
	memcpy(out->dst.bytes, ip + 24, 16);
	out->ttl = ip[7];
	uint32_t plen = get16(ip + 4);
	uint32_t ip_len = IPV6_HEADER_LEN + plen;
	/* Payload length 0 with a Jumbo option (RFC 2675) is not supported: treated as a bad length. */
	if (plen == 0 || ip_len > origlen)
		return WIRE_ERR_IP_LENGTH;
	info->ip_len = ip_len;
	uint8_t nh = ip[6];
	size_t off = IPV6_HEADER_LEN;
	while (ipv6_is_extension(nh)) {
		if (off + 8 > ip_len)
			return WIRE_ERR_IPV6_EXT;
		if (off + 8 > caplen)
			return WIRE_ERR_TRUNCATED;
		const uint8_t *e = ip + off;
		size_t len;
		if (nh == IPV6_NH_FRAGMENT) {
			len = 8;
			/* Offset or M flag set: a real fragment. Offset 0 and M 0 is an atomic fragment
			 * (RFC 6946) and carries the whole upper-layer packet. */
			if (get16(e + 2) & 0xfff9)
				return WIRE_ERR_IP_FRAGMENT;
		} else if (nh == IPV6_NH_AH) {
			len = ((size_t)e[1] + 2) * 4; /* RFC 4302 §2.2: in 4-octet units, minus 2 */
		} else {
			len = ((size_t)e[1] + 1) * 8;
			if (nh == IPV6_NH_ROUTING && e[3] != 0)
				*csum_blocked = true;
		}
		if (off + len > ip_len)
			return WIRE_ERR_IPV6_EXT;
		nh = e[0];
		off += len;
	}
	out->proto = nh;
	info->l4_offset = (uint32_t)off;
	return WIRE_OK;
}

wire_status wire_parse(const uint8_t *ip, size_t caplen, size_t origlen, segment *out, wire_info *info)
{
	wire_info scratch;
	if (!info)
		info = &scratch;
	memset(out, 0, sizeof *out);
	memset(info, 0, sizeof *info);
	if (origlen < caplen)
		origlen = caplen;
	if (caplen < 1)
		return WIRE_ERR_TRUNCATED;

	wire_status st;
	bool csum_blocked = false;
	info->ip_version = (uint8_t)(ip[0] >> 4);
	if (info->ip_version == 4)
		st = parse_ipv4(ip, caplen, origlen, out, info);
	else if (info->ip_version == 6)
		st = parse_ipv6(ip, caplen, origlen, out, info, &csum_blocked);
	else
		st = WIRE_ERR_IP_VERSION;
	if (st != WIRE_OK)
		return st;
	if (out->proto != SEG_PROTO_TCP && out->proto != SEG_PROTO_UDP)
		return WIRE_ERR_PROTO;

	/* From here on only the IP packet counts: bytes past ip_len are link-layer padding. */
	size_t have = caplen < info->ip_len ? caplen : info->ip_len;
	info->truncated = have < info->ip_len;
	uint32_t l4_off = info->l4_offset;
	uint32_t l4_len = info->ip_len - l4_off;
	const uint8_t *l4 = ip + l4_off;
	uint32_t l4_hdr;

	if (out->proto == SEG_PROTO_TCP) {
		if (l4_len < TCP_HEADER_LEN)
			return WIRE_ERR_IP_LENGTH;
		if (have < (size_t)l4_off + TCP_HEADER_LEN)
			return WIRE_ERR_TRUNCATED;
		out->sport = get16(l4);
		out->dport = get16(l4 + 2);
		out->seq = get32(l4 + 4);
		out->ack = get32(l4 + 8);
		out->flags = l4[13];
		out->window = get16(l4 + 14);
		info->l4_csum = get16(l4 + 16);
		l4_hdr = (uint32_t)(l4[12] >> 4) * 4;
		if (l4_hdr < TCP_HEADER_LEN || l4_hdr > l4_len)
			return WIRE_ERR_TCP_DATA_OFFSET;
		if (have < (size_t)l4_off + l4_hdr)
			return WIRE_ERR_TRUNCATED;
		out->opt_len = (uint8_t)(l4_hdr - TCP_HEADER_LEN);
		memcpy(out->options, l4 + TCP_HEADER_LEN, out->opt_len);
		if (!tcp_options_well_formed(out->options, out->opt_len))
			return WIRE_ERR_TCP_OPTION;
	} else {
		if (l4_len < UDP_HEADER_LEN)
			return WIRE_ERR_IP_LENGTH;
		if (have < (size_t)l4_off + UDP_HEADER_LEN)
			return WIRE_ERR_TRUNCATED;
		out->sport = get16(l4);
		out->dport = get16(l4 + 2);
		info->l4_csum = get16(l4 + 6);
		uint32_t udp_len = get16(l4 + 4);
		/* RFC 768: the length counts header and data; shorter than the IP payload is trimmed
		 * (as Linux does), longer cannot be. */
		if (udp_len < UDP_HEADER_LEN || udp_len > l4_len)
			return WIRE_ERR_UDP_LENGTH;
		l4_len = udp_len;
		l4_hdr = UDP_HEADER_LEN;
	}
	out->payload_len = l4_len - l4_hdr;
	info->payload_offset = l4_off + l4_hdr;
	info->payload_captured = have > info->payload_offset ? (uint32_t)(have - info->payload_offset) : 0;
	if (info->payload_captured > out->payload_len)
		info->payload_captured = out->payload_len;

	bool udp_no_csum = out->proto == SEG_PROTO_UDP && info->l4_csum == 0;
	if (udp_no_csum && info->ip_version == 6) {
		/* RFC 8200 §8.1: a zero UDP checksum over IPv6 is invalid. */
		info->l4_csum_checked = true;
		info->l4_csum_ok = false;
	} else if (!udp_no_csum && !info->truncated && !csum_blocked && (size_t)l4_off + l4_len <= have) {
		uint32_t sum = wire_csum_pseudo(&out->src, &out->dst, out->proto, l4_len);
		sum = wire_csum_add(sum, l4, l4_len);
		info->l4_csum_checked = true;
		info->l4_csum_ok = wire_csum_fold(sum) == 0;
	}
	return WIRE_OK;
}
