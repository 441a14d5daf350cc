/* packet.h — a segment in the network, allocated from a pool.
 *
 * Memory grows with packets in flight, never with packets simulated (DESIGN.md): freed packets go
 * back on the pool's free list and are reused. Packets are linked into FIFOs (queues, pipes)
 * through their `next` field, so queueing never allocates either. */
#ifndef MPTCPSIM_SIM_PACKET_H
#define MPTCPSIM_SIM_PACKET_H

#include "segment.h"
#include "simtime.h"

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

typedef struct packet {
	struct packet *next;
	uint64_t id;          /* unique in a simulation, in allocation order */
	sim_time_t created;   /* when it entered the network */
	sim_time_t arrival;   /* on a link's pipe: when it reaches the far end */
	uint32_t wire_len;    /* segment_wire_len(&seg), cached at send */
	uint32_t hops;        /* links crossed so far */
	segment seg;
} packet;

typedef struct packet_pool {
	packet *free_list;
	GPtrArray *chunks;  /* blocks of packets, freed with the pool */
	size_t allocated;   /* packets ever carved out of chunks */
	size_t in_use;
	size_t peak_in_use;
	uint64_t next_id;
} packet_pool;

void packet_pool_init(packet_pool *pool);
/* Asserts (a programmer error) when packets are still in use: every owner must free its packets. */
void packet_pool_fini(packet_pool *pool);

/* A zeroed packet with a fresh id. */
packet *packet_alloc(packet_pool *pool);
void packet_free(packet_pool *pool, packet *p);

typedef struct packet_fifo {
	packet *head;
	packet *tail;
	size_t len;
	uint64_t bytes; /* sum of wire_len */
} packet_fifo;

static inline void packet_fifo_init(packet_fifo *f)
{
	f->head = f->tail = NULL;
	f->len = 0;
	f->bytes = 0;
}

static inline void packet_fifo_push(packet_fifo *f, packet *p)
{
	p->next = NULL;
	if (f->tail)
		f->tail->next = p;
	else
		f->head = p;
	f->tail = p;
	f->len++;
	f->bytes += p->wire_len;
}

static inline packet *packet_fifo_pop(packet_fifo *f)
{
	packet *p = f->head;
	if (!p)
		return NULL;
	f->head = p->next;
	if (!f->head)
		f->tail = NULL;
	p->next = NULL;
	f->len--;
	f->bytes -= p->wire_len;
	return p;
}

/* Free every packet of the FIFO back to the pool; returns how many. */
size_t packet_fifo_drain(packet_fifo *f, packet_pool *pool);

#endif
