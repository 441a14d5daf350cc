/* crypto.c — MPTCP keys, tokens, IDSNs, HMACs (GLib GChecksum/GHmac) and the DSS checksum. */
#include "crypto.h"

#include "wire.h"

#include <glib.h>
#include <string.h>

static inline void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

/* RFC 8684 §3.1 names SHA-256 and HMAC-SHA256 (flag H); RFC 6824 §3.1 SHA-1 and HMAC-SHA1. */
static GChecksumType hash_for(uint8_t version)
{
	return version == MPTCP_VERSION_0 ? G_CHECKSUM_SHA1 : G_CHECKSUM_SHA256;
}

/* ---- keys ---- */

void mptcp_crypto_key_sha(uint8_t version, uint64_t key, uint32_t *token, uint64_t *idsn)
{
	uint8_t be[8], digest[MPTCP_HMAC_MAX];
	gsize n = sizeof digest;
	put64(be, key); /* keys are hashed in network byte order (Linux cpu_to_be64) */
	GChecksum *c = g_checksum_new(hash_for(version));
	g_checksum_update(c, be, sizeof be);
	g_checksum_get_digest(c, digest, &n);
	g_checksum_free(c);
	/* RFC 8684 §3.1-§3.2 (RFC 6824 the same, with SHA-1): the token is the most significant
	 * 32 bits of the hash of the key, the IDSN its least significant 64 bits. */
	if (token)
		*token = get32(digest);
	if (idsn)
		*idsn = get64(digest + n - 8);
}

uint32_t mptcp_crypto_token(uint8_t version, uint64_t key)
{
	uint32_t token;
	mptcp_crypto_key_sha(version, key, &token, NULL);
	return token;
}

uint64_t mptcp_crypto_idsn(uint8_t version, uint64_t key)
{
	uint64_t idsn;
	mptcp_crypto_key_sha(version, key, NULL, &idsn);
	return idsn;
}

bool mptcp_crypto_key_gen(uint8_t version, mptcp_random_fn random_u64, void *random_ctx, mptcp_token_in_use_fn in_use,
			  void *in_use_ctx, mptcp_key *out)
{
	for (int attempt = 0; attempt < MPTCP_TOKEN_MAX_RETRIES; attempt++) {
		mptcp_key k;
		k.key = random_u64(random_ctx);
		mptcp_crypto_key_sha(version, k.key, &k.token, &k.idsn);
		if (in_use && in_use(in_use_ctx, k.token))
			continue;
		*out = k;
		return true;
	}
	return false;
}

/* ---- HMACs ---- */

size_t mptcp_crypto_hmac_sha(uint8_t version, uint64_t key1, uint64_t key2, const uint8_t *msg, size_t len,
			     uint8_t out[MPTCP_HMAC_MAX])
{
	uint8_t key[16];
	put64(key, key1);
	put64(key + 8, key2);
	gsize n = MPTCP_HMAC_MAX;
	GHmac *h = g_hmac_new(hash_for(version), key, sizeof key);
	g_hmac_update(h, msg, (gssize)len);
	g_hmac_get_digest(h, out, &n);
	g_hmac_unref(h);
	return n;
}

void mptcp_crypto_join_hmac(uint8_t version, uint64_t key1, uint64_t key2, uint32_t nonce1, uint32_t nonce2,
			    uint8_t out[MPTCP_JOIN_HMAC_LEN])
{
	uint8_t msg[8], digest[MPTCP_HMAC_MAX];
	put32(msg, nonce1);
	put32(msg + 4, nonce2);
	mptcp_crypto_hmac_sha(version, key1, key2, msg, sizeof msg, digest);
	memcpy(out, digest, MPTCP_JOIN_HMAC_LEN);
}

uint64_t mptcp_crypto_join_thmac(uint8_t version, uint64_t key1, uint64_t key2, uint32_t nonce1, uint32_t nonce2)
{
	uint8_t hmac[MPTCP_JOIN_HMAC_LEN];
	mptcp_crypto_join_hmac(version, key1, key2, nonce1, nonce2, hmac);
	return get64(hmac); /* RFC 8684 §3.2: "the leftmost 64 bits" */
}

uint64_t mptcp_crypto_add_addr_hmac(uint64_t key1, uint64_t key2, uint8_t id, const net_addr *addr, uint16_t port)
{
	uint8_t msg[1 + 16 + 2], digest[MPTCP_HMAC_MAX];
	size_t alen = net_addr_len(addr);
	msg[0] = id;
	memcpy(msg + 1, addr->bytes, alen);
	msg[1 + alen] = (uint8_t)(port >> 8);
	msg[2 + alen] = (uint8_t)port;
	size_t n = mptcp_crypto_hmac_sha(MPTCP_VERSION_1, key1, key2, msg, alen + 3, digest);
	/* RFC 8684 §3.4.1: "the rightmost 64 bits of an HMAC"; of the whole 256-bit HMAC, as clarified
	 * with the RFC's author (Linux 12555a2d97e5, mptcp-wire.md §1b). */
	return get64(digest + n - 8);
}

/* ---- DSS checksum ---- */

uint32_t mptcp_dss_csum_start(uint64_t data_seq, uint32_t subflow_seq, uint16_t data_len)
{
	/* RFC 8684 §3.3.1: "The data sequence number used in the pseudo-header is always the 64-bit
	 * value, irrespective of what length is used in the DSS option itself." */
	uint8_t ph[16];
	put64(ph, data_seq);
	put32(ph + 8, subflow_seq);
	ph[12] = (uint8_t)(data_len >> 8);
	ph[13] = (uint8_t)data_len;
	ph[14] = 0; /* the checksum field, zero */
	ph[15] = 0;
	return wire_csum_add(0, ph, sizeof ph);
}

uint32_t mptcp_dss_csum_add(uint32_t sum, payload_fill_fn fill, uint64_t stream, uint64_t offset, uint64_t len,
			    uint64_t position)
{
	if (!fill)
		return sum; /* zero bytes add nothing to a ones'-complement sum */
	uint8_t chunk[1024];
	for (uint64_t done = 0; done < len;) {
		size_t n = len - done < sizeof chunk ? (size_t)(len - done) : sizeof chunk;
		fill(stream, offset + done, chunk, n);
		/* The pseudo-header is 16 bytes, so a byte's parity in the checksummed data is its
		 * parity in the mapping. */
		sum = wire_csum_add_at(sum, chunk, n, position + done);
		done += n;
	}
	return sum;
}

uint32_t mptcp_dss_csum_add_bytes(uint32_t sum, const uint8_t *data, size_t len, uint64_t position)
{
	return wire_csum_add_at(sum, data, len, position);
}

uint16_t mptcp_dss_csum_finish(uint32_t sum)
{
	return wire_csum_fold(sum);
}

uint16_t mptcp_dss_csum(uint64_t data_seq, uint32_t subflow_seq, uint16_t data_len, payload_fill_fn fill,
			uint64_t stream, uint64_t offset, uint64_t len)
{
	uint32_t sum = mptcp_dss_csum_start(data_seq, subflow_seq, data_len);
	return mptcp_dss_csum_finish(mptcp_dss_csum_add(sum, fill, stream, offset, len, 0));
}
