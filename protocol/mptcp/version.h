/* version.h — the two MPTCP protocol versions the codec and the crypto speak.
 *
 * The version nibble of MP_CAPABLE (RFC 8684 §3.1): 0 is RFC 6824 (SHA-1, no ADD_ADDR HMAC, no
 * MP_TCPRST), 1 is RFC 8684 (SHA-256). Everything that differs between the two takes the version
 * as an argument; nothing here is global state. */
#ifndef MPTCPSIM_PROTOCOL_MPTCP_VERSION_H
#define MPTCPSIM_PROTOCOL_MPTCP_VERSION_H

enum {
	MPTCP_VERSION_0 = 0, /* RFC 6824 */
	MPTCP_VERSION_1 = 1, /* RFC 8684 */
};

#endif
