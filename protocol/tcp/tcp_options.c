/* tcp_options.c — parse and write TCP option bytes (see tcp_options.h). */
#include "tcp_options.h"

#include <string.h>

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

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

/* One option of kind `kind` with `olen` bytes (kind and length included) at `p`, already known to
 * lie inside the buffer. Returns false when its length is wrong for its kind. */
static bool parse_one(uint8_t kind, const uint8_t *p, size_t olen, tcp_opts *out)
{
	switch (kind) {
	case TCPOPT_MSS:
		/* RFC 9293 §3.2: MSS is exactly 4 bytes */
		if (olen != TCPOLEN_MSS)
			return false;
		out->mss = get16(p + 2);
		out->present |= TCP_OPT_HAS_MSS;
		return true;
	case TCPOPT_WINDOW:
		/* RFC 7323 §2.2 */
		if (olen != TCPOLEN_WINDOW)
			return false;
		out->wscale = p[2];
		out->present |= TCP_OPT_HAS_WSCALE;
		return true;
	case TCPOPT_SACK_PERMITTED:
		/* RFC 2018 §2 */
		if (olen != TCPOLEN_SACK_PERMITTED)
			return false;
		out->present |= TCP_OPT_HAS_SACK_PERM;
		return true;
	case TCPOPT_TIMESTAMP:
		/* RFC 7323 §3.2 */
		if (olen != TCPOLEN_TIMESTAMP)
			return false;
		out->ts_val = get32(p + 2);
		out->ts_ecr = get32(p + 6);
		out->present |= TCP_OPT_HAS_TS;
		return true;
	case TCPOPT_SACK: {
		/* RFC 2018 §3: 2 + 8n bytes, n >= 1 */
		if (olen < TCPOLEN_SACK_BASE + TCPOLEN_SACK_PERBLOCK ||
		    (olen - TCPOLEN_SACK_BASE) % TCPOLEN_SACK_PERBLOCK != 0)
			return false;
		size_t n = (olen - TCPOLEN_SACK_BASE) / TCPOLEN_SACK_PERBLOCK;
		if (n > TCP_SACK_MAX_BLOCKS)
			return false;
		for (size_t i = 0; i < n; i++) {
			out->sack[i].start = get32(p + 2 + 8 * i);
			out->sack[i].end = get32(p + 6 + 8 * i);
		}
		out->n_sack = (uint8_t)n;
		out->present |= TCP_OPT_HAS_SACK;
		return true;
	}
	default:
		out->n_other++;
		return true;
	}
}

bool tcp_opts_parse(const uint8_t *buf, size_t len, tcp_opts *out)
{
	memset(out, 0, sizeof *out);
	const uint8_t *p = buf, *end = buf + len;
	while (p < end) {
		uint8_t kind = p[0];
		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			p++;
			continue;
		}
		/* RFC 9293 §3.1 (MUST-7): an illegal length must not crash or misread; stop here */
		if (end - p < 2 || p[1] < 2 || (size_t)p[1] > (size_t)(end - p)) {
			out->n_malformed++;
			break;
		}
		size_t olen = p[1];
		if (!parse_one(kind, p, olen, out))
			out->n_malformed++;
		p += olen;
	}
	return out->n_malformed == 0;
}

size_t tcp_opts_write(const tcp_opts *o, uint8_t *buf, size_t space)
{
	size_t n = 0;
	if ((o->present & TCP_OPT_HAS_MSS) && space - n >= 4) {
		buf[n] = TCPOPT_MSS;
		buf[n + 1] = TCPOLEN_MSS;
		put16(buf + n + 2, o->mss);
		n += 4;
	}
	bool ts = o->present & TCP_OPT_HAS_TS, sp = o->present & TCP_OPT_HAS_SACK_PERM;
	if (ts && space - n >= 12) {
		if (sp) {
			buf[n] = TCPOPT_SACK_PERMITTED;
			buf[n + 1] = TCPOLEN_SACK_PERMITTED;
			sp = false;
		} else {
			buf[n] = TCPOPT_NOP;
			buf[n + 1] = TCPOPT_NOP;
		}
		buf[n + 2] = TCPOPT_TIMESTAMP;
		buf[n + 3] = TCPOLEN_TIMESTAMP;
		put32(buf + n + 4, o->ts_val);
		put32(buf + n + 8, o->ts_ecr);
		n += 12;
	}
	if (sp && space - n >= 4) {
		buf[n] = TCPOPT_NOP;
		buf[n + 1] = TCPOPT_NOP;
		buf[n + 2] = TCPOPT_SACK_PERMITTED;
		buf[n + 3] = TCPOLEN_SACK_PERMITTED;
		n += 4;
	}
	if ((o->present & TCP_OPT_HAS_WSCALE) && space - n >= 4) {
		buf[n] = TCPOPT_NOP;
		buf[n + 1] = TCPOPT_WINDOW;
		buf[n + 2] = TCPOLEN_WINDOW;
		buf[n + 3] = o->wscale;
		n += 4;
	}
	if ((o->present & TCP_OPT_HAS_SACK) && o->n_sack) {
		unsigned blocks = tcp_opts_sack_fit(space - n);
		if (blocks > o->n_sack)
			blocks = o->n_sack;
		if (blocks) {
			buf[n] = TCPOPT_NOP;
			buf[n + 1] = TCPOPT_NOP;
			buf[n + 2] = TCPOPT_SACK;
			buf[n + 3] = (uint8_t)(TCPOLEN_SACK_BASE + TCPOLEN_SACK_PERBLOCK * blocks);
			for (unsigned i = 0; i < blocks; i++) {
				put32(buf + n + 4 + 8 * i, o->sack[i].start);
				put32(buf + n + 8 + 8 * i, o->sack[i].end);
			}
			n += tcp_opts_sack_space(blocks);
		}
	}
	return n;
}
