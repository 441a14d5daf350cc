/* addr.h — IPv4 and IPv6 addresses as the protocol engine and the wire see them. */
#ifndef MPTCPSIM_PROTOCOL_ADDR_H
#define MPTCPSIM_PROTOCOL_ADDR_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

enum { NET_AF_INET = 4, NET_AF_INET6 = 6 };

/* Network byte order; an IPv4 address uses bytes[0..3] and leaves the rest zero. */
typedef struct net_addr {
	uint8_t family; /* NET_AF_INET or NET_AF_INET6 */
	uint8_t bytes[16];
} net_addr;

#define NET_ADDR_STRLEN 46

/* "10.0.0.1" or "fd00::1"; anything else is an error naming what was found. */
bool net_addr_parse(const char *text, net_addr *out, GError **error);
/* Writes into `buf` (NET_ADDR_STRLEN bytes) and returns it. */
const char *net_addr_to_string(const net_addr *a, char *buf);
bool net_addr_equal(const net_addr *a, const net_addr *b);

static inline unsigned net_addr_len(const net_addr *a)
{
	return a->family == NET_AF_INET6 ? 16u : 4u;
}

static inline net_addr net_addr_v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	net_addr x = { .family = NET_AF_INET, .bytes = { a, b, c, d } };
	return x;
}

#endif
