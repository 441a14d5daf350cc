/* packet.c — the packet pool: chunked allocation and a free list. */
#include "packet.h"

#include <string.h>

#define PACKETS_PER_CHUNK 256

void packet_pool_init(packet_pool *pool)
{
	memset(pool, 0, sizeof *pool);
	pool->chunks = g_ptr_array_new_with_free_func(g_free);
}

void packet_pool_fini(packet_pool *pool)
{
	g_assert(pool->in_use == 0);
	g_ptr_array_free(pool->chunks, TRUE);
	memset(pool, 0, sizeof *pool);
}

packet *packet_alloc(packet_pool *pool)
{
	if (!pool->free_list) {
		packet *chunk = g_new(packet, PACKETS_PER_CHUNK);
		g_ptr_array_add(pool->chunks, chunk);
		for (size_t i = 0; i < PACKETS_PER_CHUNK; i++) {
			chunk[i].next = pool->free_list;
			pool->free_list = &chunk[i];
		}
		pool->allocated += PACKETS_PER_CHUNK;
	}
	packet *p = pool->free_list;
	pool->free_list = p->next;
	memset(p, 0, sizeof *p);
	p->id = pool->next_id++;
	if (++pool->in_use > pool->peak_in_use)
		pool->peak_in_use = pool->in_use;
	return p;
}

void packet_free(packet_pool *pool, packet *p)
{
	g_assert(pool->in_use > 0);
	p->next = pool->free_list;
	pool->free_list = p;
	pool->in_use--;
}

size_t packet_fifo_drain(packet_fifo *f, packet_pool *pool)
{
	size_t n = 0;
	packet *p;
	while ((p = packet_fifo_pop(f))) {
		packet_free(pool, p);
		n++;
	}
	return n;
}
