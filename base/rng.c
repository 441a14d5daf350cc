/* rng.c — seed derivation for named random streams. */
#include "rng.h"

#include <glib.h>
#include <string.h>

uint64_t rng_derive_seed(uint64_t master_seed, const char *name)
{
	guint8 seed_be[8];
	for (int i = 0; i < 8; i++)
		seed_be[i] = (guint8)(master_seed >> (56 - 8 * i));
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(c, seed_be, sizeof seed_be);
	g_checksum_update(c, (const guchar *)name, (gssize)strlen(name));
	guint8 digest[32];
	gsize len = sizeof digest;
	g_checksum_get_digest(c, digest, &len);
	g_checksum_free(c);
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | digest[i];
	return v;
}

gsl_rng *rng_stream_new(uint64_t master_seed, const char *name)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	/* MT19937's GSL seeding uses 32 bits; fold the derived 64 so both halves matter. */
	uint64_t s = rng_derive_seed(master_seed, name);
	unsigned long s32 = (unsigned long)((s ^ (s >> 32)) & 0xffffffffu);
	gsl_rng_set(r, s32 ? s32 : 4357); /* GSL maps seed 0 to 4357 anyway; make it explicit */
	return r;
}
