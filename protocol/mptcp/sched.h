/* sched.h — packet schedulers: which subflow carries the next data bytes (RFC 8684 §3.3.8 leaves
 * the choice to the implementation). Ops tables found by name, one file each, listed in the
 * NULL-terminated sched_all[].
 *
 * The connection asks whenever it has bytes to place: new data, or data a closed subflow left
 * unacknowledged (reinjection). The scheduler sees every subflow of the connection as a
 * sched_subflow (state, RTT, window room, backup flags) and answers with the subflows that should
 * carry the bytes: the first gets as many as its window takes (whole segments, or the tail),
 * further ones get copies (a redundant scheduler). Answering none makes the connection wait until
 * an ACK opens a window or a subflow appears. Per-connection state lives in `priv`. */
#ifndef MPTCPSIM_PROTOCOL_MPTCP_SCHED_H
#define MPTCPSIM_PROTOCOL_MPTCP_SCHED_H

#include "simtime.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sched_subflow {
	uint32_t id;
	bool active;               /* fully established and not closing: it may carry data */
	bool backup;               /* a backup, by our request or the peer's (MP_JOIN B, MP_PRIO) */
	sim_time_t srtt_ns;        /* 0 before the first sample */
	uint32_t mss_bytes;
	uint32_t cwnd_bytes;
	uint64_t in_flight_bytes;  /* RFC 6675 pipe */
	uint64_t unsent_bytes;     /* given to TCP and not yet sent */
	uint64_t room_bytes;       /* cwnd - in flight - unsent: what could leave now */
	uint64_t bytes_sent;       /* data bytes given to it so far */
	uint32_t rto_backoff;      /* retransmission timeouts in a row without an ACK of new data;
	                            * 0 while the path delivers (a policy judging path health) */
	bool cellular;             /* from a cellular endpoint (MPTCP_PM_ADDR_FLAG_CELLULAR) */
	sim_time_t rto_ns;         /* the retransmission timeout, with backoff */
	sim_time_t rttvar_ns;      /* RTT variation (RFC 6298), 0 before the first sample (ecf's delta) */
} sched_subflow;

typedef struct sched_request {
	uint64_t data_offset; /* first byte to place */
	uint64_t bytes;       /* contiguous bytes waiting */
	bool reinjection;
	uint64_t wnd_bytes;   /* the peer's window at the data level (RFC 8684 §3.3.4), from the
	                       * oldest unacknowledged byte: what blest must not block */
} sched_request;

typedef struct sched_ops {
	const char *name; /* first: registry_find() */
	/* Per-connection state; both optional. */
	void *(*init)(void);
	void (*release)(void *priv);
	/* Write the indexes (into sfs) of the subflows to carry `req` into out[0..max) and return
	 * their number; 0 to wait. */
	size_t (*get_send)(void *priv, const sched_request *req, const sched_subflow *sfs, size_t n, uint32_t *out,
			   size_t max);
} sched_ops;

/* True when `s` can take some of `bytes` now: it is active and its window has room for a full
 * segment, or for all of the bytes when they are fewer. */
static inline bool sched_subflow_has_room(const sched_subflow *s, uint64_t bytes)
{
	uint64_t need = bytes < s->mss_bytes ? bytes : s->mss_bytes;
	return s->active && s->room_bytes >= need && need > 0;
}

/* Helpers (sched_util.c). True when some active subflow is not a backup: backups then wait
 * (RFC 8684 §3.3.8). */
bool sched_any_primary(const sched_subflow *sfs, size_t n);
/* The lowest-RTT active subflow whose backup flag is `backup` (with `need_room`, only those with
 * room for some of `bytes`), ties to the lower id; -1 when none. */
int sched_lowest_rtt(const sched_subflow *sfs, size_t n, bool backup, bool need_room, uint64_t bytes);

extern const sched_ops sched_minrtt;
extern const sched_ops sched_roundrobin;
extern const sched_ops sched_handover;
extern const sched_ops sched_interactive;
extern const sched_ops sched_redundant;
extern const sched_ops sched_blest;
extern const sched_ops sched_ecf;
/* Every built-in scheduler, NULL-terminated. */
extern const sched_ops *const sched_all[];

#endif
