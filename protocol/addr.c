/* addr.c — parsing and printing of IPv4/IPv6 addresses (inet_pton/inet_ntop). */
#include "addr.h"

#include "error.h"

#include <arpa/inet.h>
#include <string.h>

bool net_addr_parse(const char *text, net_addr *out, GError **error)
{
	char *t = g_strstrip(g_strdup(text));
	memset(out, 0, sizeof *out);
	bool ok = true;
	if (inet_pton(AF_INET, t, out->bytes) == 1)
		out->family = NET_AF_INET;
	else if (inet_pton(AF_INET6, t, out->bytes) == 1)
		out->family = NET_AF_INET6;
	else {
		g_set_error(error, MPSIM_ERROR, MPSIM_ERR_INPUT,
			    "expected an IPv4 or IPv6 address like 10.0.0.1 or fd00::1, got \"%s\"", text);
		ok = false;
	}
	g_free(t);
	return ok;
}

const char *net_addr_to_string(const net_addr *a, char *buf)
{
	if (!inet_ntop(a->family == NET_AF_INET6 ? AF_INET6 : AF_INET, a->bytes, buf, NET_ADDR_STRLEN))
		g_strlcpy(buf, "?", NET_ADDR_STRLEN);
	return buf;
}

bool net_addr_equal(const net_addr *a, const net_addr *b)
{
	return a->family == b->family && memcmp(a->bytes, b->bytes, net_addr_len(a)) == 0;
}
