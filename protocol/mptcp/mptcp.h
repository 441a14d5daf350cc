/* mptcp.h — Multipath TCP (RFC 8684, and RFC 6824 as v0), sans-I/O: the public interface of
 * protocol/mptcp/.
 *
 * A host has one mptcp_stack. The host adapter hands it every TCP segment for MPTCP ports
 * (mptcp_stack_input), which demultiplexes them: by 4-tuple to a subflow, a SYN with MP_JOIN by
 * token to its connection, another SYN to a listener. Every subflow is a protocol/tcp connection;
 * MPTCP rides on it through the tcp_ext_ops hooks (options, payload mapping, shared window).
 * Everything takes `now`; segments leave through the env given to the stack; the stack reports
 * its next deadline (the earliest of its connections', which include their subflows' TCP timers
 * and their own, such as ADD_ADDR retransmission) and mptcp_stack_on_timer() runs what is due.
 *
 * Data. The application writes and reads a byte stream per direction at the data level. Bytes are
 * virtual (payload.h): data byte n of a direction (DSN = IDSN + 1 + n) is
 * payload_pattern_fill(stream, n), where `stream` is the ISN of the sender's initial subflow (what
 * tcp.h uses by default, known to both ends from the first SYN and SYN-ACK, whether or not the
 * connection later falls back), so the receiver verifies every byte it delivers against its data
 * sequence number, whichever subflow carried it.
 *
 * Callbacks are made at the end of each entry point, after the segment or timer has been
 * processed (as TCP's, tcp.h), so an application may call mptcp_conn_send(), _read(), _close()
 * from inside them. Connections belong to the stack: mptcp_stack_reap() frees closed ones.
 *
 * The application API follows RFC 6897 (connect, listen, send, receive, close; socket-option
 * style controls: list subflows, open and close one, set backup with MP_PRIO, pick the
 * scheduler). Path managers and schedulers are ops tables found by name (pm.h, sched.h). */
#ifndef MPTCPSIM_PROTOCOL_MPTCP_MPTCP_H
#define MPTCPSIM_PROTOCOL_MPTCP_MPTCP_H

#include "addr.h"
#include "env.h"
#include "mib.h"
#include "segment.h"
#include "simtime.h"
#include "tcp/tcp.h"
#include "version.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct mptcp_stack mptcp_stack;
typedef struct mptcp_conn mptcp_conn;

/* Flags of a local address (an "endpoint", as `ip mptcp endpoint` configures Linux's in-kernel
 * path manager; mptcp-wire.md §4.2). */
enum {
	MPTCP_PM_ADDR_FLAG_SIGNAL = 1u << 0,   /* announce it with ADD_ADDR */
	MPTCP_PM_ADDR_FLAG_SUBFLOW = 1u << 1,  /* open subflows from it */
	MPTCP_PM_ADDR_FLAG_BACKUP = 1u << 2,   /* its subflows are backups (MP_JOIN with B) */
	MPTCP_PM_ADDR_FLAG_FULLMESH = 1u << 3, /* a subflow from it to every known peer address */
	/* Not Linux's, never on the wire: the address is on a cellular interface (expensive, slow to
	 * wake). Apple's policies tell Wi-Fi from cellular by it, as XNU by IFNET_IS_CELLULAR. */
	MPTCP_PM_ADDR_FLAG_CELLULAR = 1u << 4,
};

/* MPTCP_PM_ADDR_MAX (Linux): addresses a path manager tracks per connection and side. */
#define MPTCP_PM_ADDR_MAX 8

/* Configuration of a stack, copied into each of its connections. mptcp_config_default() fills
 * the documented defaults (Linux's where Linux has one). */
typedef struct mptcp_config {
	uint8_t version;            /* MPTCP_VERSION_1: the version a client proposes */
	bool accept_v0;             /* true: a server answers a v0 SYN with v0 */
	bool accept_v1;             /* true: a server answers a v1 (or later) SYN with v1 */
	bool checksum;              /* false: ask for DSS checksums (A flag; net.mptcp.checksum_enabled) */
	bool allow_join_initial_addr_port; /* true; false sends the C flag and refuses such joins */
	uint8_t dsn_bytes;          /* 8: width of the DSN in the mappings we send (iOS sends 4) */
	uint32_t rcvbuf_bytes;      /* 4 MiB: receive buffer at the data level, one window for all subflows */
	uint32_t sndbuf_bytes;      /* 4 MiB: bytes queued and not yet DATA_ACKed */
	bool auto_read;             /* true: delivered data is consumed at once; false: mptcp_conn_read() */
	const char *scheduler;      /* "minrtt" (sched_all[]) */
	const char *path_manager;   /* "kernel" (pm_all[]) */
	uint32_t subflows_max;      /* 2: additional subflows per connection (ip mptcp limits) */
	uint32_t add_addr_accepted_max; /* 0: ADD_ADDRs a "kernel" path manager acts on (Linux default) */
	sim_time_t add_addr_timeout_ns; /* 120 s (net.mptcp.add_addr_timeout), lowered to the largest
	                                 * subflow RTO as recent Linux does; 0: never resent */
	uint32_t add_addr_retrans_max;  /* 3 (Linux ADD_ADDR_RETRANS_MAX) */
	uint32_t stale_loss_cnt;    /* 4 (net.mptcp.stale_loss_cnt): a subflow whose retransmission timer
	                             * expired this many times in a row without progress is stale: the
	                             * scheduler skips it and its data is reinjected; 0: never */
	sim_time_t handover_idle_ns; /* 10 s: the apple-handover path manager closes a cellular
	                              * subflow given no data for this long while Wi-Fi delivers */
	/* Apple's handover mode also leaves Wi-Fi when it performs badly without a timeout: judged
	 * once per handover_window_ns (1 s) on the primary subflow's own numbers. */
	sim_time_t handover_window_ns; /* 1 s */
	sim_time_t handover_rtt_ns;    /* 600 ms: a smoothed RTT this high is bad; 0: not judged */
	uint32_t handover_loss_ppm;    /* 100000 (10%): this share of the data segments sent in a
	                                * window retransmitted is bad; 0: not judged */
	sim_time_t handover_hold_ns;   /* 5 s: after a bad judgement, new data keeps off Wi-Fi this
	                                * long before it is tried again */
} mptcp_config;

void mptcp_config_default(mptcp_config *cfg);

typedef enum mptcp_close_reason {
	MPTCP_CLOSE_NORMAL,    /* both DATA_FINs exchanged and acknowledged (or both FINs, fallen back) */
	MPTCP_CLOSE_RESET,     /* every subflow was reset */
	MPTCP_CLOSE_FASTCLOSE, /* the peer sent MP_FASTCLOSE (RFC 8684 §3.5) */
	MPTCP_CLOSE_REFUSED,   /* the initial SYN was refused */
	MPTCP_CLOSE_TIMEOUT,   /* the last subflow gave up retransmitting */
	MPTCP_CLOSE_ABORTED,   /* mptcp_conn_abort() (no callback is made for it) */
} mptcp_close_reason;

typedef enum mptcp_subflow_event {
	MPTCP_SUBFLOW_ESTABLISHED, /* fully established: may carry data */
	MPTCP_SUBFLOW_CLOSED,
} mptcp_subflow_event;

/* Application callbacks; any may be NULL. As tcp_callbacks, at the data level. */
typedef struct mptcp_callbacks {
	/* A listener created `c` for a SYN: set this connection's callbacks and context here. */
	void (*on_accept)(void *ctx, mptcp_conn *c, sim_time_t now);
	void (*on_connected)(void *ctx, mptcp_conn *c, sim_time_t now);
	/* `bytes` in-order data bytes at data offset `offset`; `intact` is false when any of them
	 * differed from the data stream at its data sequence number. */
	void (*on_data)(void *ctx, mptcp_conn *c, uint64_t offset, uint64_t bytes, bool intact, sim_time_t now);
	void (*on_send_space)(void *ctx, mptcp_conn *c, uint64_t space_bytes, sim_time_t now);
	/* The peer's DATA_FIN (or FIN, fallen back) arrived after every byte before it. */
	void (*on_peer_fin)(void *ctx, mptcp_conn *c, sim_time_t now);
	void (*on_closed)(void *ctx, mptcp_conn *c, mptcp_close_reason reason, sim_time_t now);
	void (*on_subflow)(void *ctx, mptcp_conn *c, uint32_t subflow_id, mptcp_subflow_event ev, sim_time_t now);
} mptcp_callbacks;

/* ---- the stack ---- */

/* A stack whose connections use `cfg` and whose subflows use `tcp_cfg` (its cc_name is each
 * subflow's own, uncoupled congestion control). Fails on an unknown scheduler, path manager or
 * congestion control and on an invalid configuration. */
mptcp_stack *mptcp_stack_new(const mptcp_config *cfg, const tcp_config *tcp_cfg, const proto_env *env,
			     GError **error);
/* Frees every connection without callbacks. */
void mptcp_stack_free(mptcp_stack *st);

/* A local address the path managers may use (MPTCP_PM_ADDR_FLAG_*), with the port ADD_ADDR
 * announces (0: the connection's). Connections hear of it at once. Returns its address ID
 * (1..255), 0 when it is known already or every ID is taken. */
uint8_t mptcp_stack_add_address(mptcp_stack *st, const net_addr *addr, uint16_t port, uint32_t flags, sim_time_t now);
/* The address is gone: connections send REMOVE_ADDR for it (when announced) and close the subflows
 * that use it. False when it was not added. */
bool mptcp_stack_remove_address(mptcp_stack *st, const net_addr *addr, sim_time_t now);

/* Accept connections on `port` of every local address. */
bool mptcp_stack_listen(mptcp_stack *st, uint16_t port, const mptcp_callbacks *cb, void *ctx, GError **error);

/* Active open from local (port 0: an ephemeral one) to remote:port. NULL and `error` when that
 * 4-tuple is in use. (When no key with an unused token can be drawn the connection is plain TCP,
 * as in Linux: MPFallbackTokenInit.) */
mptcp_conn *mptcp_stack_connect(mptcp_stack *st, const net_addr *local, uint16_t local_port, const net_addr *remote,
				uint16_t remote_port, const mptcp_callbacks *cb, void *ctx, sim_time_t now, GError **error);

/* A TCP segment addressed to this host. */
void mptcp_stack_input(mptcp_stack *st, const segment *seg, sim_time_t now);
sim_time_t mptcp_stack_next_deadline(const mptcp_stack *st);
void mptcp_stack_on_timer(mptcp_stack *st, sim_time_t now);

/* Free the connections that are closed and whose subflows are all gone; returns how many. */
size_t mptcp_stack_reap(mptcp_stack *st);
size_t mptcp_stack_conn_count(const mptcp_stack *st);
/* Connections in creation order. */
mptcp_conn *mptcp_stack_conn(const mptcp_stack *st, size_t i);
uint64_t mptcp_stack_mib(const mptcp_stack *st, mptcp_mib m);
/* The connection owning `token`, or NULL. */
mptcp_conn *mptcp_stack_find_token(const mptcp_stack *st, uint32_t token);

/* ---- a connection ---- */

void mptcp_conn_set_callbacks(mptcp_conn *c, const mptcp_callbacks *cb, void *ctx);

/* Queue up to `bytes` more data bytes; returns how many fitted in the send buffer. */
uint64_t mptcp_conn_send(mptcp_conn *c, uint64_t bytes, sim_time_t now);
uint64_t mptcp_conn_send_space(const mptcp_conn *c);
/* Consume up to `bytes` delivered bytes (auto_read off); returns how many. */
uint64_t mptcp_conn_read(mptcp_conn *c, uint64_t bytes, sim_time_t now);
/* No more data: a DATA_FIN after the queued bytes (RFC 8684 §3.3.3). */
void mptcp_conn_close(mptcp_conn *c, sim_time_t now);
/* MP_FASTCLOSE on every subflow (RFC 8684 §3.5); the connection is closed at once. */
void mptcp_conn_abort(mptcp_conn *c, sim_time_t now);

sim_time_t mptcp_conn_next_deadline(const mptcp_conn *c);
void mptcp_conn_on_timer(mptcp_conn *c, sim_time_t now);

typedef struct mptcp_info {
	uint32_t id;              /* trace connection id, unique in the stack */
	uint8_t version;
	bool server_side;
	bool established;         /* the application was told (connected) */
	bool fully_established;   /* RFC 8684 §3.1: both keys known to both sides */
	bool fallback;            /* plain TCP (RFC 8684 §3.7) */
	bool checksum;            /* DSS checksums in use */
	bool closed;
	mptcp_close_reason close_reason;
	uint64_t local_key, remote_key;
	uint32_t local_token, remote_token;
	uint64_t local_idsn, remote_idsn;
	uint64_t snd_una, snd_nxt, snd_end; /* data offsets (DSN - IDSN - 1) */
	uint64_t rcv_nxt;         /* data offset of the next byte expected */
	bool data_fin_sent, data_fin_acked, data_fin_received;
	uint64_t bytes_reinjected;
	uint32_t n_subflows;      /* not yet closed */
	const char *scheduler;
	const char *path_manager;
} mptcp_info;

void mptcp_conn_get_info(const mptcp_conn *c, mptcp_info *out);

typedef struct mptcp_subflow_info {
	uint32_t id;              /* 1, 2, ... in creation order; trace subflow id */
	bool initial;             /* the MP_CAPABLE subflow */
	bool passive;
	tcp_state state;          /* CLOSED once released */
	bool fully_established;
	net_addr local, remote;
	uint16_t local_port, remote_port;
	uint8_t local_id, remote_id; /* address IDs */
	bool backup;              /* we asked the peer to use it as a backup (MP_JOIN B / MP_PRIO) */
	bool peer_backup;         /* the peer asked us */
	uint64_t bytes_sent;      /* data bytes the scheduler gave it, reinjections included */
	uint64_t bytes_reinjected;/* of which reinjected from another subflow */
	uint64_t bytes_received;  /* data bytes it delivered to the data level */
	int reset_reason_sent;    /* MP_TCPRST reason of our RST, -1: none */
	int reset_reason_received;/* of the peer's, -1: none */
	tcp_info tcp;             /* as it was when released, once CLOSED */
} mptcp_subflow_info;

/* Every subflow, closed ones too, in creation order. */
size_t mptcp_conn_subflow_count(const mptcp_conn *c);
bool mptcp_conn_get_subflow(const mptcp_conn *c, size_t i, mptcp_subflow_info *out);
/* The TCP connection of subflow `id` (NULL once released): counters and tcp_info for tests. */
tcp_conn *mptcp_conn_subflow_tcp(const mptcp_conn *c, uint32_t id);
/* A TCP counter of subflow `id`, live or as it was when released (0 for an unknown id). */
uint64_t mptcp_conn_subflow_counter(const mptcp_conn *c, uint32_t id, tcp_counter which);
/* Its congestion control's name (kept after release). */
const char *mptcp_conn_subflow_cc_name(const mptcp_conn *c, uint32_t id);

/* Open a subflow from `local` to remote:port with MP_JOIN (RFC 8684 §3.2). Returns its id, 0 with
 * `error` when the connection cannot take one (not fully established, fallen back, closing). */
uint32_t mptcp_conn_open_subflow(mptcp_conn *c, const net_addr *local, const net_addr *remote, uint16_t remote_port,
				 bool backup, sim_time_t now, GError **error);
/* Close subflow `id` (a RST with MP_TCPRST); its data is reinjected on the others. */
bool mptcp_conn_close_subflow(mptcp_conn *c, uint32_t id, sim_time_t now);
/* Ask the peer to treat subflow `id` as a backup or not: MP_PRIO on that subflow (RFC 8684
 * §3.3.8). Also changes how our scheduler uses it. */
bool mptcp_conn_set_backup(mptcp_conn *c, uint32_t id, bool backup, sim_time_t now);
bool mptcp_conn_set_scheduler(mptcp_conn *c, const char *name, GError **error);

const char *mptcp_close_reason_name(mptcp_close_reason r);

#endif
