/* crypto.h — MPTCP keys, tokens, IDSNs, HMACs and the DSS checksum (RFC 8684 §3.1-§3.4, RFC 6824).
 *
 * Pure functions of their arguments. The hashes are GLib's (GChecksum, GHmac): SHA-256 and
 * HMAC-SHA256 for v1, SHA-1 and HMAC-SHA1 for v0. Keys are 64-bit numbers, always hashed in their
 * big-endian 8-byte form, and an HMAC key is the 16-byte string Key1 || Key2 (Linux
 * mptcp_crypto_hmac_sha(key1, key2, msg, len)); which key goes first is the caller's role:
 *
 *   MP_JOIN SYN/ACK, sent by the listener B:  thmac(Key-B, Key-A, R-B, R-A)   leftmost 64 bits
 *   MP_JOIN third ACK, sent by the joiner A:  hmac(Key-A, Key-B, R-A, R-B)    leftmost 160 bits
 *   ADD_ADDR sent by X (v1 only):  add_addr_hmac(Key-X, Key-peer, id, addr, port)  rightmost 64
 *   (the receiver checks with the same call, keys swapped to (remote, local)).
 *
 * The DSS checksum (RFC 8684 §3.3.1) is the internet checksum (wire.h) over a pseudo-header and
 * the payload of a whole mapping, produced on demand from a payload_fill_fn in small chunks, so a
 * mapping spanning many segments is summed segment by segment without a buffer. */
#ifndef MPTCPSIM_PROTOCOL_MPTCP_CRYPTO_H
#define MPTCPSIM_PROTOCOL_MPTCP_CRYPTO_H

#include "addr.h"
#include "payload.h"
#include "version.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest HMAC, HMAC-SHA256's 32 bytes (v0's HMAC-SHA1 gives 20). */
#define MPTCP_HMAC_MAX 32
/* The MP_JOIN third-ACK HMAC field: leftmost 160 bits (RFC 8684 §3.2). */
#define MPTCP_JOIN_HMAC_LEN 20
/* Keys drawn before giving up on a token that is not in use (Linux MPTCP_TOKEN_MAX_RETRIES). */
#define MPTCP_TOKEN_MAX_RETRIES 4

/* ---- keys, tokens, IDSNs: RFC 8684 §3.1 / RFC 6824 §3.1 ---- */

/* Token: the most significant 32 bits of SHA-256 (v1) or SHA-1 (v0) of the key. IDSN: the least
 * significant 64 bits of the same hash. Linux mptcp_crypto_key_sha(). */
void mptcp_crypto_key_sha(uint8_t version, uint64_t key, uint32_t *token, uint64_t *idsn);
uint32_t mptcp_crypto_token(uint8_t version, uint64_t key);
uint64_t mptcp_crypto_idsn(uint8_t version, uint64_t key);

typedef struct mptcp_key {
	uint64_t key;
	uint32_t token;
	uint64_t idsn;
} mptcp_key;

typedef uint64_t (*mptcp_random_fn)(void *ctx);              /* proto_env's random_u64 fits */
typedef bool (*mptcp_token_in_use_fn)(void *ctx, uint32_t token);

/* Draw a key from `random_u64` until its token is not in use (RFC 8684 §3.1: the token identifies
 * the connection, so it must be unique on this host), at most MPTCP_TOKEN_MAX_RETRIES draws as Linux
 * (mptcp_token_new_connect). `in_use` may be NULL: any token will do. False when every draw
 * collided; `out` is then untouched. */
bool mptcp_crypto_key_gen(uint8_t version, mptcp_random_fn random_u64, void *random_ctx, mptcp_token_in_use_fn in_use,
			  void *in_use_ctx, mptcp_key *out);

/* ---- HMACs ---- */

/* HMAC-SHA256 (v1) or HMAC-SHA1 (v0) with key Key1 || Key2 (big-endian) over msg. Writes the whole
 * digest to out and returns its length (32 or 20). */
size_t mptcp_crypto_hmac_sha(uint8_t version, uint64_t key1, uint64_t key2, const uint8_t *msg, size_t len,
			     uint8_t out[MPTCP_HMAC_MAX]);

/* MP_JOIN (RFC 8684 §3.2): the HMAC over Nonce1 || Nonce2, keyed Key1 || Key2; its leftmost
 * 160 bits (the whole SHA-1 digest in v0) for the third ACK, its leftmost 64 bits for the SYN/ACK.
 * Linux subflow_generate_hmac(). */
void mptcp_crypto_join_hmac(uint8_t version, uint64_t key1, uint64_t key2, uint32_t nonce1, uint32_t nonce2,
			    uint8_t out[MPTCP_JOIN_HMAC_LEN]);
uint64_t mptcp_crypto_join_thmac(uint8_t version, uint64_t key1, uint64_t key2, uint32_t nonce1, uint32_t nonce2);

/* ADD_ADDR (RFC 8684 §3.4.1, v1 only: RFC 6824 has no ADD_ADDR HMAC): the rightmost 64 bits of
 * HMAC-SHA256 keyed Key1 || Key2 over Address ID (1 byte), the address (4 or 16 bytes) and the port
 * (2 bytes, 0 when the option carries none: the port bytes are always hashed). Linux
 * add_addr_generate_hmac(). */
uint64_t mptcp_crypto_add_addr_hmac(uint64_t key1, uint64_t key2, uint8_t id, const net_addr *addr, uint16_t port);

/* ---- DSS checksum: RFC 8684 §3.3.1 ----
 *
 * A running sum starts with the pseudo-header (DSN as 64 bits whatever the option carried, subflow
 * sequence number, Data-Level Length, a zero checksum), takes the mapping's payload in any number
 * of pieces, each placed by its position in the mapping (pieces may start at odd positions), and
 * ends with mptcp_dss_csum_finish(). Data-Level Length counts a DATA_FIN, which has no payload byte.
 * Received data checks out when the finished sum equals the option's checksum. */
uint32_t mptcp_dss_csum_start(uint64_t data_seq, uint32_t subflow_seq, uint16_t data_len);
/* Add `len` payload bytes produced by `fill` (NULL: zero bytes) at (stream, offset), the first of
 * which is byte `position` of the mapping. */
uint32_t mptcp_dss_csum_add(uint32_t sum, payload_fill_fn fill, uint64_t stream, uint64_t offset, uint64_t len,
			    uint64_t position);
/* The same for bytes in memory (a real capture). */
uint32_t mptcp_dss_csum_add_bytes(uint32_t sum, const uint8_t *data, size_t len, uint64_t position);
uint16_t mptcp_dss_csum_finish(uint32_t sum);
/* The checksum of a mapping whose payload is `len` bytes from `fill` at (stream, offset). */
uint16_t mptcp_dss_csum(uint64_t data_seq, uint32_t subflow_seq, uint16_t data_len, payload_fill_fn fill,
			uint64_t stream, uint64_t offset, uint64_t len);

#endif
